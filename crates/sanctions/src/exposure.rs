//! OFAC's 50 percent rule: an entity owned 50% or more, in aggregate, directly or
//! indirectly, by blocked persons is itself blocked.
//!
//! Blocked persons are the entities on OFAC's SDN list (loaded as `us_ofac_sdn`, or FtM
//! entities whose `datasets` name it); other lists do not block, and owners on them are
//! reported apart. Ownership counts, control does not: only FtM `Ownership` links are
//! read, with their `percentage` parsed from its free text ([`share`]); links that ended
//! (an `endDate` before today) do not count. The same owner's several links to one asset
//! (from several sources) count once, at the largest share.
//!
//! With [`Rule::Eu`] (`vigil exposure --rule eu`) the designated persons are those on the
//! EU's asset-freeze lists (the Financial Sanctions Files, `eu_fsf`, and the Official
//! Journal's acts, `eu_journal_sanctions`); holdings are aggregated at 50% or more, as the
//! Council's Best Practices have read ownership since their update of July 2024 (before:
//! more than 50%); and control counts too: an entity whose loaded links name a designated
//! (or blocked) person as its head or controller (a Directorship as general director,
//! director general, chief or managing or executive director, president or chairman; an
//! Ownership or other link whose role says "control") is blocked by control. The Best
//! Practices ask for control to be assessed case by case; vigil presumes it from those
//! roles and shows the link and role, so the reviewer can.
//!
//! With [`Rule::Uk`] (`vigil exposure --rule uk`) the designated persons are those on the
//! UK Sanctions List (`gb_fcdo_sanctions`) or OFSI's former Consolidated List
//! (`gb_hmt_sanctions`, closed in January 2026). An entity is owned by a designated person
//! who holds, directly or indirectly, more than 50% of it, and controlled by one who can
//! ensure its affairs are conducted as the person wishes (presumed from the same roles as
//! the EU's control, except over a `PublicBody`: the FCDO's guidance on public officials
//! says holding a leadership function in a public body is not in general control).
//! Indirect holdings are the person's own: the shares held by entities the person already
//! owns or controls count as the person's. Different designated persons' holdings are not
//! added together (OFSI's general guidance, since March 2022, unless the holdings are a
//! joint arrangement or one person controls another's rights); an entity that more than
//! 50% of in all is held by different designated persons is reported as possibly blocked
//! (`by: "joint"`), for the reviewer to look for such an arrangement.
//!
//! Blocking is computed as a least fixpoint: start from the SDN entities, and add every
//! entity whose blocked owners' shares sum to 50% or more, until nothing changes. Adding
//! only ever adds, so the result does not depend on the order in which lists or links were
//! loaded, and cycles of ownership end the iteration rather than loop it. Each entity
//! blocked by ownership keeps the holdings that made it so, and through them the chains
//! back to SDN entities.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::index::Index;

/// The dataset name of OFAC's SDN list.
pub const SDN: &str = "us_ofac_sdn";

/// The datasets of the EU's asset-freeze listings: the Financial Sanctions Files and the
/// Official Journal's acts (the sanctions map and travel bans are not asset freezes).
pub const EU_LISTS: [&str; 2] = ["eu_fsf", "eu_journal_sanctions"];

/// The datasets of the UK's designations: the UK Sanctions List (FCDO) and OFSI's former
/// Consolidated List of asset freeze targets.
pub const UK_LISTS: [&str; 2] = ["gb_fcdo_sanctions", "gb_hmt_sanctions"];

/// Whose rule decides what is blocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    /// OFAC's 50 percent rule: SDN-listed owners, 50% or more in aggregate; control does
    /// not count.
    #[default]
    Ofac,
    /// The EU's: owners on its asset-freeze lists, 50% or more in aggregate, and control.
    Eu,
    /// The UK's: one designated person holding more than 50%, directly or through what it
    /// owns or controls (no aggregation across persons), and control.
    Uk,
}

impl Rule {
    /// Whether the rule's authority lists `e` itself.
    pub fn designates(self, e: &crate::entity::Entity) -> bool {
        let on = |name: &str| e.dataset == name || e.datasets.iter().any(|d| d == name);
        match self {
            Rule::Ofac => on(SDN),
            Rule::Eu => EU_LISTS.iter().any(|d| on(d)),
            Rule::Uk => UK_LISTS.iter().any(|d| on(d)),
        }
    }

    /// Whether control, as well as ownership, blocks.
    pub fn counts_control(self) -> bool {
        matches!(self, Rule::Eu | Rule::Uk)
    }

    /// Whether holdings of `sum` percent block: 50% or more (OFAC, EU), more than 50% (UK).
    fn reaches(self, sum: f64) -> bool {
        match self {
            Rule::Ofac | Rule::Eu => sum >= 50.0,
            Rule::Uk => sum > 50.0,
        }
    }

    /// How an entity the rule's authority lists is called in holdings and chains.
    pub fn listed_as(self) -> &'static str {
        match self {
            Rule::Ofac => "sdn",
            Rule::Eu => "eu",
            Rule::Uk => "uk",
        }
    }

    /// The list's name as shown ("SDN", "EU").
    pub fn list_name(self) -> &'static str {
        match self {
            Rule::Ofac => "SDN",
            Rule::Eu => "EU",
            Rule::Uk => "UK",
        }
    }

    /// Whose rule, as shown ("OFAC", "EU", "UK").
    pub fn authority(self) -> &'static str {
        match self {
            Rule::Ofac => "OFAC",
            Rule::Eu | Rule::Uk => self.list_name(),
        }
    }
}

/// Whether a link's role names its holder as the head or controller of the entity it
/// points to (the EU's control): "General Director", "генеральный директор", "CEO",
/// "controlled by", ... A role that only may be one ("Leader or official of") is not.
pub fn control_role(schema: &str, role: &str) -> bool {
    let r = role.to_lowercase();
    if [" or ", "vice", "deputy", "заместитель"]
        .iter()
        .any(|w| r.contains(w))
    {
        return false;
    }
    if r.contains("control") || r.contains("контрол") {
        return true;
    }
    schema == "Directorship"
        && [
            "general director",
            "director general",
            "director-general",
            "chief executive",
            "ceo",
            "managing director",
            "executive director",
            "president",
            "chairman",
            "chairwoman",
            "chairperson",
            "генеральный директор",
            "исполнительный директор",
            "президент",
            "председатель",
            "генеральний директор",
        ]
        .iter()
        .any(|h| r.contains(h))
}

/// A share as a range of percentages.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Share {
    pub low: f64,
    pub high: f64,
}

/// Reads an FtM `percentage`: "100", "25.5", "25,5 %", "0.5" written as a fraction is not
/// guessed at (it is 0.5%), ranges "25-50", "25 to 50", "between 25 and 50", "over 50",
/// "more than 50", "less than 25", "majority", "minority", "sole", "wholly owned";
/// `None` for what does not read.
pub fn share(text: &str) -> Option<Share> {
    let t = text.trim().to_ascii_lowercase().replace(',', ".");
    let t = t.trim_end_matches('%').trim();
    let num = |s: &str| -> Option<f64> {
        let v: f64 = s.trim().trim_end_matches('%').trim().parse().ok()?;
        (0.0..=100.0).contains(&v).then_some(v)
    };
    let exact = |v: f64| Share { low: v, high: v };
    if let Some(v) = num(t) {
        return Some(exact(v));
    }
    match t {
        "majority" | "majority owner" | "majority shareholder" => {
            return Some(Share {
                low: 50.000_001,
                high: 100.0,
            });
        }
        "minority" | "minority shareholder" => {
            return Some(Share {
                low: 0.0,
                high: 50.0,
            });
        }
        "sole" | "sole owner" | "wholly owned" | "wholly-owned" | "full" => {
            return Some(exact(100.0));
        }
        _ => {}
    }
    for (prefix, above) in [
        ("over ", true),
        ("more than ", true),
        ("above ", true),
        ("at least ", true),
        ("under ", false),
        ("less than ", false),
        ("below ", false),
    ] {
        if let Some(v) = t.strip_prefix(prefix).and_then(num) {
            return Some(if above {
                Share {
                    low: v,
                    high: 100.0,
                }
            } else {
                Share { low: 0.0, high: v }
            });
        }
    }
    let t = t.strip_prefix("between ").unwrap_or(t);
    for sep in [" and ", " to ", "-", "–"] {
        if let Some((a, b)) = t.split_once(sep)
            && let (Some(a), Some(b)) = (num(a), num(b))
            && a <= b
        {
            return Some(Share { low: a, high: b });
        }
    }
    None
}

/// One holding that counts towards blocking an asset.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Holding {
    pub owner: String,
    pub owner_caption: String,
    /// The share counted (the low end of a range).
    pub share: f64,
    /// The share as the list writes it.
    pub as_given: String,
    pub link_id: String,
    /// Why the owner is blocked: `sdn` (or `eu`, listed by the rule's authority),
    /// `ownership` or `control`.
    pub owner_blocked_by: &'static str,
    /// What the link gives: `ownership` (a share) or `control` (the role in `as_given`;
    /// `share` is 0).
    pub via: &'static str,
}

/// An entity blocked by the aggregation of blocked owners' shares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blocked {
    pub entity: String,
    pub caption: String,
    /// What blocks it: `ownership` (the holdings reach 50%) or `control` (EU and UK
    /// rules); among the possibly blocked, `joint` (UK rule: more than 50% held by
    /// different designated persons together).
    pub by: &'static str,
    /// The blocked owners' shares, summed (UK rule: the largest share one designated
    /// person holds, directly and through what it owns or controls).
    pub aggregate: f64,
    pub holdings: Vec<Holding>,
    /// Chains of holdings (or control) from a listed entity down to this one, each as
    /// ids, the listed one first.
    pub chains: Vec<Vec<String>>,
}

/// A link whose share did not read, or is missing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unread {
    pub link_id: String,
    pub owner: String,
    pub asset: String,
    /// The text that did not read; `None` when the link gives no percentage.
    pub percentage: Option<String>,
    /// Whether the owner is blocked (so the share could matter).
    pub owner_blocked: bool,
}

/// An owner on another list than the SDN list: its own restrictions, reported apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OtherListed {
    pub asset: String,
    pub owner: String,
    pub owner_caption: String,
    pub share: Option<f64>,
    pub datasets: Vec<String>,
}

/// Everything `vigil exposure` reports.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Exposure {
    /// The rule applied.
    pub rule: Rule,
    /// SDN entities among the loaded ones.
    pub sdn: usize,
    /// Entities the rule's authority lists among the loaded ones (the SDN entities under
    /// OFAC's rule).
    pub designated: usize,
    /// Ownership links read.
    pub ownership_links: usize,
    /// Entities blocked by ownership, by id.
    pub blocked: Vec<Blocked>,
    /// Entities whose blocked owners' shares reach 50% only at the high end of ranges.
    pub possibly_blocked: Vec<Blocked>,
    pub unread: Vec<Unread>,
    pub ended: usize,
    /// Ownership cycles (each as its entity ids, sorted).
    pub cycles: Vec<Vec<String>>,
    pub other_listed_owners: Vec<OtherListed>,
}

impl Exposure {
    pub fn blocked(&self, id: &str) -> Option<&Blocked> {
        self.blocked.iter().find(|b| b.entity == id)
    }

    /// The chains that block `id`, each written as captions joined by arrows with the
    /// shares ("PUTIN (SDN) → 60% ROSNEFT → 50% X").
    pub fn chain_text(&self, ix: &Index, id: &str) -> Vec<String> {
        let Some(b) = self.blocked(id) else {
            return Vec::new();
        };
        b.chains
            .iter()
            .map(|chain| {
                let mut text = String::new();
                for (k, step) in chain.iter().enumerate() {
                    let cap = ix
                        .get(step)
                        .map(|e| e.caption.as_str())
                        .unwrap_or(step.as_str());
                    if k == 0 {
                        text.push_str(&format!("{cap} ({})", self.rule.list_name()));
                    } else {
                        let held = self
                            .blocked(step)
                            .and_then(|x| x.holdings.iter().find(|h| h.owner == chain[k - 1]));
                        match held {
                            Some(h) if h.via == "control" => {
                                text.push_str(&format!(" → controls ({}) {cap}", h.as_given));
                            }
                            h => {
                                let share = h.map(|h| h.share).unwrap_or(0.0);
                                text.push_str(&format!(" → {share}% {cap}"));
                            }
                        }
                    }
                }
                text
            })
            .collect()
    }
}

fn is_sdn(e: &crate::entity::Entity) -> bool {
    Rule::Ofac.designates(e)
}

/// Applies OFAC's rule to the loaded lists, with `today` (YYYY-MM-DD) deciding which links
/// have ended.
pub fn compute(ix: &Index, today: &str) -> Exposure {
    compute_rule(ix, today, Rule::Ofac)
}

/// Applies `rule` to the loaded lists, with `today` (YYYY-MM-DD) deciding which links have
/// ended.
pub fn compute_rule<'x>(ix: &'x Index, today: &str, rule: Rule) -> Exposure {
    let caption = |id: &str| {
        ix.get(id)
            .map(|e| e.caption.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let listed: BTreeSet<String> = ix
        .entities
        .iter()
        .filter(|e| rule.designates(e))
        .map(|e| e.id.clone())
        .collect();
    let mut out = Exposure {
        rule,
        sdn: ix.entities.iter().filter(|e| is_sdn(e)).count(),
        designated: listed.len(),
        ..Default::default()
    };
    let ended = |l: &crate::entity::Link| {
        l.end_date
            .as_deref()
            .is_some_and(|d| d.get(..10).unwrap_or(d) < today)
    };
    // (entity → controller → (role, link id)): the control links in force (EU and UK
    // rules; the UK's not over public bodies).
    let mut controllers: BTreeMap<&str, BTreeMap<&str, (&str, &str)>> = BTreeMap::new();
    if rule.counts_control() {
        for l in &ix.links {
            if let Some(role) = l.role.as_deref()
                && control_role(&l.schema, role)
                && !ended(l)
                && l.from != l.to
                && !(rule == Rule::Uk && ix.get(&l.to).is_some_and(|e| e.schema == "PublicBody"))
            {
                controllers
                    .entry(&l.to)
                    .or_default()
                    .entry(&l.from)
                    .or_insert((role, &l.id));
            }
        }
    }
    // (asset → owner → (share, as given, link id)), the largest share per owner.
    let mut owners: BTreeMap<&str, BTreeMap<&str, (Share, &str, &str)>> = BTreeMap::new();
    let mut unknown: Vec<&crate::entity::Link> = Vec::new();
    for l in ix.links.iter().filter(|l| l.schema == "Ownership") {
        out.ownership_links += 1;
        if ended(l) {
            out.ended += 1;
            continue;
        }
        match l.percentage.as_deref().and_then(share) {
            Some(s) => {
                let slot = owners.entry(&l.to).or_default();
                let keep = slot
                    .get(l.from.as_str())
                    .is_none_or(|old| s.low > old.0.low);
                if keep {
                    slot.insert(&l.from, (s, l.percentage.as_deref().unwrap_or(""), &l.id));
                }
            }
            None => unknown.push(l),
        }
    }
    // An asset's holdings by blocked owners, at the low (or high) end of each share.
    let blocked_holdings = |held: &BTreeMap<&str, (Share, &str, &str)>,
                            blocked: &BTreeMap<String, &'static str>,
                            high: bool|
     -> Vec<Holding> {
        held.iter()
            .filter_map(|(owner, (s, given, link))| {
                Some(Holding {
                    owner: owner.to_string(),
                    owner_caption: caption(owner),
                    share: if high { s.high } else { s.low },
                    as_given: given.to_string(),
                    link_id: link.to_string(),
                    owner_blocked_by: blocked.get(*owner)?,
                    via: "ownership",
                })
            })
            .collect()
    };
    // An entity's control links from blocked controllers (EU and UK rules).
    let control_holdings =
        |entity: &str, blocked: &BTreeMap<String, &'static str>| -> Vec<Holding> {
            controllers
                .get(entity)
                .into_iter()
                .flatten()
                .filter_map(|(controller, (role, link))| {
                    Some(Holding {
                        owner: controller.to_string(),
                        owner_caption: caption(controller),
                        share: 0.0,
                        as_given: role.to_string(),
                        link_id: link.to_string(),
                        owner_blocked_by: blocked.get(*controller)?,
                        via: "control",
                    })
                })
                .collect()
        };
    // The least fixpoint, by rounds: an entity's holdings are those of owners blocked
    // before it, so chains never loop.
    let mut blocked: BTreeMap<String, &'static str> = listed
        .iter()
        .map(|id| (id.clone(), rule.listed_as()))
        .collect();
    let mut reasons: BTreeMap<&str, (&'static str, Vec<Holding>)> = BTreeMap::new();
    // The UK rule's largest share held by one designated person, per blocked entity.
    let mut largest: BTreeMap<&str, f64> = BTreeMap::new();
    let candidates: BTreeSet<&str> = owners.keys().chain(controllers.keys()).copied().collect();
    // One round: the candidates not yet in `within` that its members' holdings (or
    // control) block, each with its reason.
    // What is blocked so far (or within one person's group), and why.
    type Status = BTreeMap<String, &'static str>;
    type Added<'x> = Vec<(&'x str, &'static str, Vec<Holding>)>;
    let round: &dyn Fn(&Status, Vec<&'x str>) -> Added<'x> = &|within, candidates| {
        let mut added: Vec<(&str, &'static str, Vec<Holding>)> = Vec::new();
        for asset in candidates {
            if within.contains_key(asset) || listed.contains(asset) {
                continue;
            }
            let holdings = owners
                .get(asset)
                .map(|held| blocked_holdings(held, within, false))
                .unwrap_or_default();
            let sum: f64 = holdings.iter().map(|h| h.share).sum();
            if rule.reaches(sum) {
                added.push((asset, "ownership", holdings));
                continue;
            }
            let control = control_holdings(asset, within);
            if !control.is_empty() {
                added.push((asset, "control", control));
            }
        }
        added
    };
    if rule == Rule::Uk {
        // Each designated person's own group: what it owns or controls, directly or
        // through members already in the group. Groups are never merged.
        let mut outgoing: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (asset, held) in &owners {
            for owner in held.keys() {
                outgoing.entry(owner).or_default().insert(asset);
            }
        }
        for (entity, by) in &controllers {
            for controller in by.keys() {
                outgoing.entry(controller).or_default().insert(entity);
            }
        }
        let mut possibly: BTreeMap<&str, Blocked> = BTreeMap::new();
        for person in listed.iter().filter(|p| outgoing.contains_key(p.as_str())) {
            let mut group: BTreeMap<String, &'static str> =
                [(person.clone(), rule.listed_as())].into();
            let reach = |group: &BTreeMap<String, &'static str>| -> BTreeSet<&str> {
                group
                    .keys()
                    .filter_map(|m| outgoing.get(m.as_str()))
                    .flatten()
                    .copied()
                    .filter(|a| !group.contains_key(*a))
                    .collect()
            };
            loop {
                let added = round(&group, reach(&group).into_iter().collect());
                if added.is_empty() {
                    break;
                }
                for (asset, by, holdings) in added {
                    group.insert(asset.to_string(), by);
                    let sum: f64 = holdings.iter().map(|h| h.share).sum();
                    let top = largest.entry(asset).or_insert(0.0);
                    *top = top.max(sum);
                    let (was, kept) = reasons.entry(asset).or_insert((by, Vec::new()));
                    if by == "ownership" {
                        *was = by;
                    }
                    for h in holdings {
                        if !kept.iter().any(|k| k.link_id == h.link_id) {
                            kept.push(h);
                        }
                    }
                }
            }
            // Possibly owned: the high ends of ranges would pass 50%.
            for asset in reach(&group) {
                if listed.contains(asset) {
                    continue;
                }
                let holdings = owners
                    .get(asset)
                    .map(|held| blocked_holdings(held, &group, true))
                    .unwrap_or_default();
                let high: f64 = holdings.iter().map(|h| h.share).sum();
                if rule.reaches(high) && possibly.get(asset).is_none_or(|b| b.aggregate < high) {
                    possibly.insert(
                        asset,
                        Blocked {
                            entity: asset.to_string(),
                            caption: caption(asset),
                            by: "ownership",
                            aggregate: high,
                            holdings,
                            chains: Vec::new(),
                        },
                    );
                }
            }
        }
        for (asset, (by, _)) in &reasons {
            blocked.insert(asset.to_string(), by);
        }
        // Possibly blocked by a joint arrangement: different designated (or blocked)
        // persons together hold more than 50%.
        for (asset, held) in &owners {
            if blocked.contains_key(*asset) {
                continue;
            }
            let holdings = blocked_holdings(held, &blocked, false);
            let sum: f64 = holdings.iter().map(|h| h.share).sum();
            if rule.reaches(sum) {
                possibly.insert(
                    asset,
                    Blocked {
                        entity: asset.to_string(),
                        caption: caption(asset),
                        by: "joint",
                        aggregate: sum,
                        holdings,
                        chains: Vec::new(),
                    },
                );
            }
        }
        possibly.retain(|asset, _| !blocked.contains_key(*asset));
        out.possibly_blocked = possibly.into_values().collect();
    } else {
        loop {
            let added = round(&blocked, candidates.iter().copied().collect());
            if added.is_empty() {
                break;
            }
            for (asset, by, holdings) in added {
                blocked.insert(asset.to_string(), by);
                reasons.insert(asset, (by, holdings));
            }
        }
    }
    // Chains: each blocked-by-ownership entity back through its blocking owners.
    type Reasons<'a> = BTreeMap<&'a str, (&'static str, Vec<Holding>)>;
    fn chains(id: &str, reasons: &Reasons, depth: usize) -> Vec<Vec<String>> {
        match reasons.get(id) {
            None => vec![vec![id.to_string()]],
            Some(_) if depth > 32 => vec![vec![id.to_string()]],
            Some((_, hs)) => {
                let mut out = Vec::new();
                for h in hs {
                    for mut c in chains(&h.owner, reasons, depth + 1) {
                        // A chain passes each entity once (the UK rule's groups, found
                        // one person at a time, can hold each other's members).
                        if !c.iter().any(|step| step == id) {
                            c.push(id.to_string());
                            out.push(c);
                        }
                    }
                }
                out
            }
        }
    }
    for (asset, (by, holdings)) in &reasons {
        out.blocked.push(Blocked {
            entity: asset.to_string(),
            caption: caption(asset),
            by,
            aggregate: largest
                .get(asset)
                .copied()
                .unwrap_or_else(|| holdings.iter().map(|h| h.share).sum()),
            holdings: holdings.clone(),
            chains: chains(asset, &reasons, 0),
        });
    }
    // Possibly blocked: the high ends of ranges would reach 50% (the UK rule's were found
    // per person above).
    for (asset, held) in owners.iter().filter(|_| rule != Rule::Uk) {
        if blocked.contains_key(*asset) {
            continue;
        }
        let holdings = blocked_holdings(held, &blocked, true);
        let high: f64 = holdings.iter().map(|h| h.share).sum();
        if high >= 50.0 {
            out.possibly_blocked.push(Blocked {
                entity: asset.to_string(),
                caption: caption(asset),
                by: "ownership",
                aggregate: high,
                holdings,
                chains: Vec::new(),
            });
        }
    }
    for l in unknown {
        out.unread.push(Unread {
            link_id: l.id.clone(),
            owner: l.from.clone(),
            asset: l.to.clone(),
            percentage: l.percentage.clone(),
            owner_blocked: blocked.contains_key(&l.from),
        });
    }
    out.cycles = cycles(ix);
    // Owners on other lists than the SDN list.
    for l in ix.links.iter().filter(|l| l.schema == "Ownership") {
        if let Some(o) = ix.get(&l.from)
            && !rule.designates(o)
            && o.topics.iter().any(|t| t == "sanction")
        {
            let mut datasets = o.datasets.clone();
            if datasets.is_empty() {
                datasets.push(o.dataset.clone());
            }
            out.other_listed_owners.push(OtherListed {
                asset: l.to.clone(),
                owner: l.from.clone(),
                owner_caption: o.caption.clone(),
                share: l.percentage.as_deref().and_then(share).map(|s| s.low),
                datasets,
            });
        }
    }
    out
}

/// Ownership cycles: strongly connected groups of two or more entities, or an entity that
/// owns itself (Tarjan's algorithm, iteratively).
fn cycles(ix: &Index) -> Vec<Vec<String>> {
    let mut next: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut self_owned: BTreeSet<String> = BTreeSet::new();
    for l in ix.links.iter().filter(|l| l.schema == "Ownership") {
        if l.from == l.to {
            self_owned.insert(l.from.clone());
        }
        next.entry(&l.from).or_default().push(&l.to);
        next.entry(&l.to).or_default();
    }
    let mut nodes: Vec<&str> = next.keys().copied().collect();
    nodes.sort();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut low: HashMap<&str, usize> = HashMap::new();
    let mut on_stack: BTreeSet<&str> = BTreeSet::new();
    let mut stack: Vec<&str> = Vec::new();
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut counter = 0;
    for &start in &nodes {
        if index.contains_key(start) {
            continue;
        }
        // (node, next child position)
        let mut work: Vec<(&str, usize)> = vec![(start, 0)];
        index.insert(start, counter);
        low.insert(start, counter);
        counter += 1;
        stack.push(start);
        on_stack.insert(start);
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            let children = &next[v];
            if *i < children.len() {
                let w = children[*i];
                *i += 1;
                if !index.contains_key(w) {
                    index.insert(w, counter);
                    low.insert(w, counter);
                    counter += 1;
                    stack.push(w);
                    on_stack.insert(w);
                    work.push((w, 0));
                } else if on_stack.contains(w) {
                    let lw = index[w].min(low[v]);
                    low.insert(v, lw);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    let lp = low[parent].min(low[v]);
                    low.insert(parent, lp);
                }
                if low[v] == index[v] {
                    let mut group = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack.remove(w);
                        group.push(w.to_string());
                        if w == v {
                            break;
                        }
                    }
                    if group.len() > 1 || self_owned.contains(v) {
                        group.sort();
                        out.push(group);
                    }
                }
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::{Entity, Link, Record};

    #[test]
    fn shares_read_from_free_text() {
        let s = |t: &str| share(t).map(|s| (s.low, s.high));
        assert_eq!(s("100"), Some((100.0, 100.0)));
        assert_eq!(s("25,5 %"), Some((25.5, 25.5)));
        assert_eq!(s("25-50"), Some((25.0, 50.0)));
        assert_eq!(s("between 25 and 50"), Some((25.0, 50.0)));
        assert_eq!(s("more than 50"), Some((50.0, 100.0)));
        assert_eq!(s("less than 25"), Some((0.0, 25.0)));
        assert_eq!(s("wholly owned"), Some((100.0, 100.0)));
        assert!(s("majority").unwrap().0 > 50.0);
        assert_eq!(s("150"), None);
        assert_eq!(s("a lot"), None);
    }

    fn entity(id: &str, sdn: bool) -> Record {
        Record::Entity(Box::new(Entity {
            id: id.into(),
            schema: "Company".into(),
            caption: id.to_uppercase(),
            names: vec![id.into()],
            dataset: if sdn { SDN.into() } else { "other".into() },
            ..Default::default()
        }))
    }

    fn owns(from: &str, to: &str, pct: &str) -> Record {
        Record::Link(Link {
            id: format!("{from}>{to}"),
            schema: "Ownership".into(),
            from: from.into(),
            to: to.into(),
            percentage: (!pct.is_empty()).then(|| pct.into()),
            ..Default::default()
        })
    }

    fn world(order: bool) -> Vec<Record> {
        let mut r = vec![
            entity("a", true),
            entity("b", true),
            entity("c", false),
            entity("d", false),
            entity("e", false),
            entity("f", false),
            entity("g", false),
            entity("h", false),
            // A chain: a owns 60% of c, c owns 50% of d.
            owns("a", "c", "60"),
            owns("c", "d", "50"),
            // Joint: a 25% and b 25% of e make 50%.
            owns("a", "e", "25"),
            owns("b", "e", "25%"),
            // Short: a 49% of f.
            owns("a", "f", "49"),
            // A cycle g <-> h, with a 30% of g and h 30% of g: blocks g only once h is,
            // and h is not.
            owns("a", "g", "30"),
            owns("h", "g", "30"),
            owns("g", "h", "60"),
            // Unknown share.
            owns("b", "f", ""),
        ];
        if order {
            r.reverse();
        }
        r
    }

    #[test]
    fn chains_joint_holdings_cycles_and_order() {
        let ix = Index::build(world(false));
        let x = compute(&ix, "2026-11-30");
        let ids: Vec<&str> = x.blocked.iter().map(|b| b.entity.as_str()).collect();
        assert_eq!(ids, ["c", "d", "e"]);
        let d = x.blocked("d").unwrap();
        assert_eq!(d.chains, [vec!["a", "c", "d"]]);
        assert_eq!(d.holdings[0].owner_blocked_by, "ownership");
        let e = x.blocked("e").unwrap();
        assert_eq!(e.aggregate, 50.0);
        assert_eq!(e.chains.len(), 2);
        assert!(x.blocked("f").is_none(), "49% is short of the rule");
        assert_eq!(x.cycles, [vec!["g".to_string(), "h".to_string()]]);
        assert!(
            x.unread
                .iter()
                .any(|u| u.link_id == "b>f" && u.owner_blocked)
        );
        // Loaded in the opposite order: the same answer.
        let y = compute(&Index::build(world(true)), "2026-11-30");
        assert_eq!(
            serde_json::to_string(&x).unwrap(),
            serde_json::to_string(&y).unwrap()
        );
    }

    fn listed(id: &str, datasets: &[&str]) -> Record {
        Record::Entity(Box::new(Entity {
            id: id.into(),
            schema: "Company".into(),
            caption: id.to_uppercase(),
            names: vec![id.into()],
            dataset: "lists".into(),
            datasets: datasets.iter().map(|d| d.to_string()).collect(),
            ..Default::default()
        }))
    }

    fn heads(id: &str, from: &str, to: &str, role: &str, end: Option<&str>) -> Record {
        Record::Link(Link {
            id: id.into(),
            schema: "Directorship".into(),
            from: from.into(),
            to: to.into(),
            role: Some(role.into()),
            end_date: end.map(str::to_string),
            ..Default::default()
        })
    }

    /// The EU's rule: its own lists designate, holdings aggregate at 50%, and control by a
    /// listed or blocked person blocks, whatever the load order.
    fn eu_world(order: bool) -> Vec<Record> {
        let mut r = vec![
            listed("p", &["eu_fsf", "us_ofac_sdn"]),
            listed("q", &["eu_journal_sanctions"]),
            listed("s", &["us_ofac_sdn"]),
            entity("c", false),
            entity("d", false),
            entity("e", false),
            entity("f", false),
            entity("g", false),
            entity("h", false),
            // p and q hold 30% and 20% of c: 50% in aggregate.
            owns("p", "c", "30"),
            owns("q", "c", "20"),
            // An SDN-only owner does not designate under the EU's rule.
            owns("s", "d", "100"),
            // p is e's general director: control; e owns 60% of f.
            heads("l1", "p", "e", "General Director", None),
            owns("e", "f", "60"),
            // A role that only may be control, and a control link that ended, do not.
            heads("l2", "q", "g", "Leader or official of", None),
            heads("l3", "q", "h", "генеральный директор", Some("2020-01-01")),
        ];
        if order {
            r.reverse();
        }
        r
    }

    #[test]
    fn the_eu_rule_adds_control_and_reads_its_own_lists() {
        let x = compute_rule(&Index::build(eu_world(false)), "2026-11-30", Rule::Eu);
        let ids: Vec<(&str, &str)> = x
            .blocked
            .iter()
            .map(|b| (b.entity.as_str(), b.by))
            .collect();
        assert_eq!(
            ids,
            [("c", "ownership"), ("e", "control"), ("f", "ownership")]
        );
        assert_eq!(x.designated, 2);
        assert_eq!(x.blocked("c").unwrap().aggregate, 50.0);
        let e = x.blocked("e").unwrap();
        assert_eq!(e.holdings[0].via, "control");
        assert_eq!(e.holdings[0].as_given, "General Director");
        assert_eq!(x.blocked("f").unwrap().chains, [vec!["p", "e", "f"]]);
        let ix = Index::build(eu_world(false));
        assert_eq!(
            x.chain_text(&ix, "f"),
            ["P (EU) → controls (General Director) E → 60% F"]
        );
        // Loaded in the opposite order: the same answer.
        let y = compute_rule(&Index::build(eu_world(true)), "2026-11-30", Rule::Eu);
        assert_eq!(
            serde_json::to_string(&x).unwrap(),
            serde_json::to_string(&y).unwrap()
        );
        // OFAC's rule on the same world: the SDN owner blocks d, control counts for
        // nothing, and q (EU only) does not designate.
        let o = compute(&Index::build(eu_world(false)), "2026-11-30");
        let ids: Vec<&str> = o.blocked.iter().map(|b| b.entity.as_str()).collect();
        assert_eq!(ids, ["d"]);
    }

    fn public_body(id: &str) -> Record {
        Record::Entity(Box::new(Entity {
            id: id.into(),
            schema: "PublicBody".into(),
            caption: id.to_uppercase(),
            names: vec![id.into()],
            dataset: "other".into(),
            ..Default::default()
        }))
    }

    /// The UK's rule: its own lists designate; one person must hold more than 50%, its own
    /// and its companies' holdings together; different persons are not added up; control
    /// blocks, but not over a public body.
    fn uk_world(order: bool) -> Vec<Record> {
        let mut r = vec![
            listed("p", &["gb_fcdo_sanctions"]),
            listed("q", &["gb_hmt_sanctions", "us_ofac_sdn"]),
            listed("s", &["us_ofac_sdn", "eu_fsf"]),
            public_body("h"),
        ];
        for id in ["c", "d", "e", "f", "g", "i", "j", "k", "m", "n"] {
            r.push(entity(id, false));
        }
        r.extend([
            // p 30% and q 30% of c: 60% in all, but not one person's.
            owns("p", "c", "30"),
            owns("q", "c", "30"),
            // Exactly 50% is not more than 50%.
            owns("p", "d", "50"),
            // p owns e; e's 30% of f is p's, with p's own 25%: 55%.
            owns("p", "e", "60"),
            owns("e", "f", "30"),
            owns("p", "f", "25"),
            // p heads g (a company) and h (a public body).
            heads("l1", "p", "g", "General Director", None),
            heads("l2", "p", "h", "President", None),
            // Lists of other authorities do not designate.
            owns("s", "i", "100"),
            // A cycle below p: j and k hold 60% of each other.
            owns("p", "j", "60"),
            owns("j", "k", "60"),
            owns("k", "j", "60"),
            // Two designated persons each own m outright in the lists' telling.
            owns("p", "m", "60"),
            owns("q", "m", "55"),
            // A range whose high end passes 50%.
            owns("q", "n", "40-60"),
        ]);
        if order {
            r.reverse();
        }
        r
    }

    #[test]
    fn the_uk_rule_counts_one_persons_holdings_and_control() {
        let x = compute_rule(&Index::build(uk_world(false)), "2026-11-30", Rule::Uk);
        let ids: Vec<(&str, &str)> = x
            .blocked
            .iter()
            .map(|b| (b.entity.as_str(), b.by))
            .collect();
        assert_eq!(
            ids,
            [
                ("e", "ownership"),
                ("f", "ownership"),
                ("g", "control"),
                ("j", "ownership"),
                ("k", "ownership"),
                ("m", "ownership")
            ]
        );
        assert_eq!(x.designated, 2);
        let f = x.blocked("f").unwrap();
        assert_eq!(f.aggregate, 55.0);
        assert_eq!(f.chains, [vec!["p", "e", "f"], vec!["p", "f"]]);
        // m: the largest one person holds, not the two persons' sum.
        assert_eq!(x.blocked("m").unwrap().aggregate, 60.0);
        assert_eq!(x.blocked("m").unwrap().chains.len(), 2);
        // The cycle ends: k is reached through j, and no chain passes an entity twice.
        assert_eq!(x.blocked("k").unwrap().chains, [vec!["p", "j", "k"]]);
        assert!(
            x.blocked("j")
                .unwrap()
                .chains
                .iter()
                .all(|c| c == &["p", "j"])
        );
        // Not blocked: 50% exactly, a public body's president, another authority's list.
        for id in ["c", "d", "h", "i", "n"] {
            assert!(x.blocked(id).is_none(), "{id} is not blocked");
        }
        let possibly: Vec<(&str, &str, f64)> = x
            .possibly_blocked
            .iter()
            .map(|b| (b.entity.as_str(), b.by, b.aggregate))
            .collect();
        assert_eq!(possibly, [("c", "joint", 60.0), ("n", "ownership", 60.0)]);
        // Loaded in the opposite order: the same answer.
        let y = compute_rule(&Index::build(uk_world(true)), "2026-11-30", Rule::Uk);
        assert_eq!(
            serde_json::to_string(&x).unwrap(),
            serde_json::to_string(&y).unwrap()
        );
        // The EU's rule on the same world: s designates (i), 50% blocks (none listed by
        // the EU here owns d), control of g is by p, who is not on the EU's lists.
        let eu = compute_rule(&Index::build(uk_world(false)), "2026-11-30", Rule::Eu);
        let ids: Vec<&str> = eu.blocked.iter().map(|b| b.entity.as_str()).collect();
        assert_eq!(ids, ["i"]);
        // OFAC's: q and s designate; q's and s's holdings block m and i, and 40% of n
        // (the low end of its range) does not.
        let o = compute(&Index::build(uk_world(false)), "2026-11-30");
        let ids: Vec<&str> = o.blocked.iter().map(|b| b.entity.as_str()).collect();
        assert_eq!(ids, ["i", "m"]);
    }

    #[test]
    fn control_is_read_from_roles_that_name_the_head() {
        assert!(control_role("Directorship", "General Director"));
        assert!(control_role("Directorship", "ГЕНЕРАЛЬНЫЙ ДИРЕКТОР"));
        assert!(control_role("Directorship", "Chief Executive Officer"));
        assert!(control_role("Ownership", "controlling shareholder"));
        assert!(!control_role("Directorship", "Leader or official of"));
        assert!(!control_role("Directorship", "Vice President"));
        assert!(!control_role(
            "Directorship",
            "Заместитель генерального директора"
        ));
        assert!(!control_role("Directorship", "Director"));
        assert!(!control_role("Ownership", "shareholder"));
    }

    #[test]
    fn ended_links_and_other_lists_do_not_block() {
        let mut r = vec![entity("a", true), entity("c", false), entity("u", false)];
        r.push(Record::Link(Link {
            id: "old".into(),
            schema: "Ownership".into(),
            from: "a".into(),
            to: "c".into(),
            percentage: Some("100".into()),
            end_date: Some("2020-01-01".into()),
            ..Default::default()
        }));
        // u is listed, but not by OFAC's SDN list: its 100% does not block.
        if let Record::Entity(e) = &mut r[2] {
            e.topics.push("sanction".into());
        }
        r.push(owns("u", "c", "100"));
        let x = compute(&Index::build(r), "2026-11-30");
        assert!(x.blocked.is_empty());
        assert_eq!(x.ended, 1);
        assert_eq!(x.other_listed_owners.len(), 1);
        assert_eq!(x.other_listed_owners[0].owner, "u");
    }
}
