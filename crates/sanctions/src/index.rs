//! The in-memory screening index: every name of every screenable entity analysed once,
//! with an inverted index from token and skeleton keys to names, so a query scores only
//! the names that share a key with it.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::entity::{Entity, Kind, Link, Record};
use crate::names::{NameForm, analyse};

struct IndexedName {
    entity: u32,
    /// The entity's kind, kept here so screening need not read its schema per candidate.
    kind: Kind,
    form: NameForm,
    weak: bool,
}

/// Entities, their names and links, ready to screen and trace.
#[derive(Default)]
pub struct Index {
    pub entities: Vec<Entity>,
    by_id: HashMap<String, usize>,
    names: Vec<IndexedName>,
    /// Each entity's names in `names` (start, end); empty for kinds not screened.
    name_ranges: Vec<(u32, u32)>,
    postings: foldhash::HashMap<String, Vec<u32>>,
    pub links: Vec<Link>,
    /// Each list's publish date as its file gives it (dataset → date), when known.
    pub published: HashMap<String, String>,
}

/// The score at which a name counts as a listed entity when events are flagged (actors
/// and sentences), stricter than an analyst's screening threshold because nobody reviews
/// each hit before it reaches an alert.
pub const LISTED_SCORE: f64 = 0.9;

/// What to look for.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub name: String,
    /// `None`: any screenable kind.
    pub kind: Option<Kind>,
    /// YYYY, YYYY-MM or YYYY-MM-DD.
    pub birth_date: Option<String>,
    /// ISO alpha-3.
    pub country: Option<String>,
    /// An identifier (passport, IMO, registration number).
    pub identifier: Option<String>,
}

/// One reason a match scored as it did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feature {
    /// `name`, `weak_alias`, `birth_date`, `country`, `identifier`.
    pub feature: &'static str,
    pub detail: String,
    /// Added to the score (negative for a conflict).
    pub contribution: f64,
}

/// A query and what it found: one element of `vigil screen --format json` and of the
/// API's screen answers.
#[derive(Debug, Clone, Serialize)]
pub struct Screened {
    pub query: String,
    pub matches: Vec<Match>,
}

/// A listed entity found for a query, with why.
#[derive(Debug, Clone, Serialize)]
pub struct Match {
    pub entity_id: String,
    pub caption: String,
    pub schema: String,
    pub dataset: String,
    /// The publish date of the list issue it comes from, when the list gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list_published: Option<String>,
    pub programs: Vec<String>,
    pub score: f64,
    /// The query name and the listed name that compared best.
    pub query_name: String,
    pub matched_name: String,
    /// Query token → listed token, similarity and how it was found.
    pub token_pairs: Vec<(String, String, f64, &'static str)>,
    pub features: Vec<Feature>,
    /// A reviewer's decision that this query is not this entity (see
    /// [`crate::cleared`]), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cleared: Option<crate::cleared::ClearedStatus>,
    /// Not on the SDN list itself but blocked by OFAC's 50 percent rule: the chains of
    /// holdings from SDN entities (see [`crate::exposure`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blocked_by_ownership: Vec<String>,
}

thread_local! {
    /// Per-thread support of each name for the query being screened, and the names
    /// touched (reset after each query).
    static SCRATCH: std::cell::RefCell<(Vec<u16>, Vec<u32>)> = const {
        std::cell::RefCell::new((Vec::new(), Vec::new()))
    };
}

/// Support is kept in 64ths of a unit of idf, in two bytes a name: half the memory of a
/// float, so more of the table a query touches stays in cache.
const SUPPORT_SCALE: f32 = 64.0;

/// Most names a query scores in full: those sharing the rarest keys with it.
const MAX_CANDIDATES: usize = 200;
/// Most postings a query reads (the rarest keys first; the first key is always read).
const MAX_VISITS: usize = 60_000;

fn keys(f: &NameForm) -> Vec<String> {
    let mut k: Vec<String> = Vec::new();
    for (t, s) in f.tokens.iter().zip(&f.skeletons) {
        if s.len() >= 2 {
            k.push(format!("s:{s}"));
        }
        // The first three sounds: inflected or suffixed forms ("Putinas") share them.
        if s.len() > 3 {
            k.push(format!("s:{}", &s[..3]));
        }
        if t.len() >= 3 {
            k.push(format!("t:{t}"));
        }
        // A typing slip changes at most one end of a longer word.
        if t.len() >= 6 && t.is_char_boundary(4) && t.is_char_boundary(t.len() - 4) {
            k.push(format!("a:{}", &t[..4]));
            k.push(format!("z:{}", &t[t.len() - 4..]));
        }
    }
    let c = f.compact_skeleton();
    if c.len() >= 3 {
        k.push(format!("c:{c}"));
    }
    k.sort();
    k.dedup();
    k
}

/// Matches best first (ties by entity id, so the order is stable), at most `limit`.
fn best_first(mut out: Vec<Match>, limit: usize) -> Vec<Match> {
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.entity_id.cmp(&b.entity_id))
    });
    out.truncate(limit);
    out
}

/// Rounded to three decimals (a rounded -0.0 becomes 0.0).
pub(crate) fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0 + 0.0
}

/// The score the features add up to: clamped to 0..1, rounded.
pub(crate) fn total_score(features: &[Feature]) -> f64 {
    round3(
        features
            .iter()
            .map(|f| f.contribution)
            .sum::<f64>()
            .clamp(0.0, 1.0),
    )
}

impl Index {
    /// Builds the index from records in reading order: sanctions attach to their entity,
    /// deletions remove it, a later record with the same id replaces the earlier one.
    pub fn build(records: impl IntoIterator<Item = Record>) -> Index {
        let mut ix = Index::default();
        let mut sanctions: Vec<(String, Vec<String>, Option<String>)> = Vec::new();
        let mut deleted: HashSet<String> = HashSet::new();
        let mut links: HashMap<String, Link> = HashMap::new();
        for r in records {
            match r {
                Record::Entity(e) => {
                    deleted.remove(&e.id);
                    match ix.by_id.get(&e.id) {
                        Some(&i) => ix.entities[i] = *e,
                        None => {
                            ix.by_id.insert(e.id.clone(), ix.entities.len());
                            ix.entities.push(*e);
                        }
                    }
                }
                Record::Link(l) => {
                    links.insert(l.id.clone(), l);
                }
                Record::Sanction {
                    entity,
                    programs,
                    listed_on,
                } => sanctions.push((entity, programs, listed_on)),
                Record::Delete(id) => {
                    deleted.insert(id.clone());
                    links.remove(&id);
                }
            }
        }
        if !deleted.is_empty() {
            ix.entities.retain(|e| !deleted.contains(&e.id));
            ix.by_id = ix
                .entities
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.clone(), i))
                .collect();
        }
        for (id, programs, listed_on) in sanctions {
            if let Some(&i) = ix.by_id.get(&id) {
                let e = &mut ix.entities[i];
                // The earliest date any of its sanctions was imposed is when it was listed.
                if let Some(d) = listed_on
                    && e.listed_on.as_ref().is_none_or(|old| d < *old)
                {
                    e.listed_on = Some(d);
                }
                for p in programs {
                    if !e.programs.contains(&p) {
                        e.programs.push(p);
                    }
                }
                if !e.topics.iter().any(|t| t == "sanction") {
                    e.topics.push("sanction".into());
                }
            }
        } // Listed when a list says so; else when OpenSanctions first saw it.
        for e in &mut ix.entities {
            if e.listed_on.is_none() {
                e.listed_on = e.first_seen.clone();
            }
        }

        let mut links: Vec<Link> = links.into_values().collect();
        links.sort_by(|a, b| a.id.cmp(&b.id));
        ix.links = links;
        for (i, e) in ix.entities.iter().enumerate() {
            let kind = Kind::of(&e.schema);
            let start = ix.names.len() as u32;
            if kind == Kind::Other {
                ix.name_ranges.push((start, start));
                continue;
            }
            let strong = e.names.iter().map(|n| (n, false));
            let weak = e.weak_names.iter().map(|n| (n, true));
            for (n, weak) in strong.chain(weak) {
                let form = analyse(n, kind);
                if form.tokens.is_empty() {
                    continue;
                }
                let at = ix.names.len() as u32;
                for k in keys(&form) {
                    ix.postings.entry(k).or_default().push(at);
                }
                ix.names.push(IndexedName {
                    entity: i as u32,
                    kind,
                    form,
                    weak,
                });
            }
            ix.name_ranges.push((start, ix.names.len() as u32));
        }
        ix
    }

    /// An entity's names for matching: the index's own analysis when it screens the
    /// entity's kind, else analysed now.
    fn prepared(&self, i: usize) -> crate::matching::Prepared<'_> {
        let e = &self.entities[i];
        if Kind::of(&e.schema) == Kind::Other {
            return crate::matching::Prepared::of(e);
        }
        let (a, b) = self.name_ranges[i];
        crate::matching::Prepared::analysed(
            self.names[a as usize..b as usize]
                .iter()
                .map(|n| (&n.form, n.weak)),
        )
    }

    /// Dates entities that have no listing date yet (ids not listed, or already dated,
    /// are left alone).
    pub fn set_listed_on(&mut self, days: &HashMap<String, String>) {
        for e in &mut self.entities {
            if e.listed_on.is_none()
                && let Some(d) = days.get(&e.id)
            {
                e.listed_on = Some(d.clone());
            }
        }
    }

    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    /// Names indexed for screening.
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// The best matches for `q` scoring at least `threshold`, best first, at most `limit`.
    pub fn screen(&self, q: &Query, threshold: f64, limit: usize) -> Vec<Match> {
        let as_person = analyse(&q.name, Kind::Person);
        let as_org = analyse(&q.name, Kind::Company);
        let mut qkeys = keys(&as_person);
        qkeys.extend(keys(&as_org));
        qkeys.sort();
        qkeys.dedup();
        // Candidates: names sharing keys with the query, weighted by how rare each key is
        // (idf); only the best-supported names are scored in full.
        let mut lists: Vec<&Vec<u32>> = qkeys.iter().filter_map(|k| self.postings.get(k)).collect();
        lists.sort_by_key(|l| l.len());
        let total = self.names.len().max(1) as f32;
        let ranked: Vec<(u32, f32)> = SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let (support, touched) = &mut *scratch;
            if support.len() < self.names.len() {
                support.resize(self.names.len(), 0);
            }
            // The rarest lists, up to MAX_VISITS postings (the first list always).
            let mut visited = 0usize;
            let reach = lists
                .iter()
                .enumerate()
                .take_while(|(n, l)| {
                    let more = *n == 0 || visited + l.len() <= MAX_VISITS;
                    visited += if more { l.len() } else { 0 };
                    more
                })
                .count();
            // Without a branch on the support read (a name met for the first time is
            // kept by moving the end of `touched` past it): the reads of one list then
            // overlap instead of waiting on a mispredicted branch each.
            touched.clear();
            touched.resize(visited, 0);
            let mut found = 0usize;
            for l in &lists[..reach] {
                let idf = ((total / l.len() as f32).ln() + 0.1) * SUPPORT_SCALE;
                let idf = (idf.round() as u16).max(1);
                for &c in l.iter() {
                    let s = &mut support[c as usize];
                    touched[found] = c;
                    found += usize::from(*s == 0);
                    *s = s.saturating_add(idf);
                }
            }
            touched.truncate(found);
            let out = touched
                .iter()
                .map(|&c| (c, f32::from(std::mem::take(&mut support[c as usize]))))
                .collect();
            touched.clear();
            out
        });
        let mut ranked = ranked;
        if ranked.len() > MAX_CANDIDATES {
            ranked.select_nth_unstable_by(MAX_CANDIDATES, |a, b| b.1.total_cmp(&a.1));
            ranked.truncate(MAX_CANDIDATES);
        }
        // Beyond the 50 best supported, names with less than a quarter of the best
        // support share too little with the query to be worth scoring.
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let top = ranked.first().map(|r| r.1).unwrap_or(0.0);
        let cands = ranked
            .into_iter()
            .enumerate()
            .filter(|(i, r)| *i < 50 || r.1 >= 0.25 * top)
            .map(|(_, (c, _))| c);
        let mut best: foldhash::HashMap<u32, Match> = foldhash::HashMap::default();
        let mut memo = crate::names::Memo::default();
        for c in cands {
            let n = &self.names[c as usize];
            let kind = n.kind;
            if q.kind.is_some_and(|k| k != kind) {
                continue;
            }
            let e = &self.entities[n.entity as usize];
            let qf = if kind == Kind::Person {
                &as_person
            } else {
                &as_org
            };
            let ns = crate::names::compare_with(qf, &n.form, &mut memo);
            if ns.score < threshold - 0.25 {
                continue; // no feature can lift it
            }
            // The name's detail is written only for a candidate that passes (below).
            let mut features = vec![Feature {
                feature: "name",
                detail: String::new(),
                contribution: round3(ns.score),
            }];
            if n.weak {
                features.push(Feature {
                    feature: "weak_alias",
                    detail: "a weak alias of the listed entity".into(),
                    contribution: -0.05,
                });
            }
            features.extend(self.other_features(q, e));
            let score = total_score(&features);
            if score < threshold {
                continue;
            }
            features[0].detail = format!(
                "{:?} ~ {:?}{}",
                qf.tokens.join(" "),
                n.form.tokens.join(" "),
                if ns.compact {
                    " (written together)"
                } else {
                    ""
                }
            );
            let token_pairs = ns
                .pairs
                .into_iter()
                .map(|(a, b, s, how)| (a.into_owned(), b.into_owned(), round3(s), how))
                .collect();
            let m = self.match_of(
                e,
                score,
                (q.name.clone(), n.form.original.clone()),
                token_pairs,
                features,
            );
            match best.get(&n.entity) {
                Some(old) if old.score >= m.score => {}
                _ => {
                    best.insert(n.entity, m);
                }
            }
        }
        best_first(best.into_values().collect(), limit)
    }

    /// A listed entity found, as screening and record matching report it: `names` are the
    /// query's name and the listed name that compared best.
    fn match_of(
        &self,
        e: &Entity,
        score: f64,
        names: (String, String),
        token_pairs: Vec<(String, String, f64, &'static str)>,
        features: Vec<Feature>,
    ) -> Match {
        Match {
            entity_id: e.id.clone(),
            caption: e.caption.clone(),
            schema: e.schema.clone(),
            dataset: e.dataset.clone(),
            list_published: self.published.get(&e.dataset).cloned(),
            programs: e.programs.clone(),
            score,
            query_name: names.0,
            matched_name: names.1,
            token_pairs,
            features,
            cleared: None,
            blocked_by_ownership: Vec::new(),
        }
    }

    /// The best listed entities for a whole record (see [`crate::matching`]): candidates
    /// are the entities any of its names finds, each scored on every name, birth date,
    /// country, identifier and gender; at least `threshold`, best first, at most `limit`.
    pub fn match_entity(&self, record: &Entity, threshold: f64, limit: usize) -> Vec<Match> {
        use crate::matching::{Prepared, score};
        let kind = match Kind::of(&record.schema) {
            Kind::Other => None,
            k => Some(k),
        };
        let mut candidates: Vec<usize> = Vec::new();
        for n in record.names.iter().chain(&record.weak_names) {
            let q = Query {
                name: n.clone(),
                kind,
                ..Default::default()
            };
            for m in self.screen(&q, (threshold - 0.35).max(0.3), 20) {
                if let Some(&i) = self.by_id.get(&m.entity_id)
                    && !candidates.contains(&i)
                {
                    candidates.push(i);
                }
            }
        }
        // An identifier alone finds a renamed vessel or company.
        let keys: Vec<String> = record.identifiers.iter().map(|i| i.key()).collect();
        if !keys.is_empty() {
            for (i, e) in self.entities.iter().enumerate() {
                if !candidates.contains(&i)
                    && e.identifiers.iter().any(|x| {
                        let k = x.key();
                        k.len() >= 4 && keys.contains(&k)
                    })
                {
                    candidates.push(i);
                }
            }
        }
        let rp = Prepared::of(record);
        let out: Vec<Match> = candidates
            .into_iter()
            .filter_map(|i| {
                let e = &self.entities[i];
                let s = score(record, &rp, e, &self.prepared(i));
                (s.score >= threshold).then(|| {
                    self.match_of(
                        e,
                        s.score,
                        (s.query_name, s.matched_name),
                        s.token_pairs,
                        s.features,
                    )
                })
            })
            .collect();
        best_first(out, limit)
    }

    /// The listed entity an actor's name is, at [`LISTED_SCORE`]: what the monitors and
    /// `vigil events --sanctioned` treat as "this actor is listed".
    pub fn listed_name(&self, name: &str) -> Option<Match> {
        let q = Query {
            name: name.to_string(),
            ..Default::default()
        };
        self.screen(&q, LISTED_SCORE, 1).into_iter().next()
    }

    /// The listed entities an event names: its actors' names (the best few matches each)
    /// and the names in its evidence sentence, each entity once, at [`LISTED_SCORE`].
    pub fn listed_in_event(&self, actor_names: &[&str], sentence: Option<&str>) -> Vec<Match> {
        let mut found: Vec<Match> = Vec::new();
        let mut add = |ms: Vec<Match>| {
            for m in ms {
                if !found.iter().any(|f| f.entity_id == m.entity_id) {
                    found.push(m);
                }
            }
        };
        for name in actor_names {
            let q = Query {
                name: name.to_string(),
                ..Default::default()
            };
            add(self.screen(&q, LISTED_SCORE, 3));
        }
        if let Some(text) = sentence {
            add(self.names_in_text(text, LISTED_SCORE));
        }
        found
    }

    /// The listed entities a coded sentence names, as "caption (id)", at
    /// [`LISTED_SCORE`]: what `vigil code` and `POST /api/v1/code` show beside an event.
    pub fn listed_captions(&self, sentence: &str) -> Vec<String> {
        self.names_in_text(sentence, LISTED_SCORE)
            .into_iter()
            .map(|m| format!("{} ({})", m.caption, m.entity_id))
            .collect()
    }

    /// Listed entities named in a text: every run of two to four words is screened as a
    /// name (people, companies, vessels), and the best match of each entity kept. Runs
    /// are taken from the Latin form, so text in any script is searched.
    pub fn names_in_text(&self, text: &str, threshold: f64) -> Vec<Match> {
        let latin = crate::names::to_latin(text);
        let words: Vec<&str> = latin
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        // A run can only compare well with a listed name if one of its words is, or sounds
        // like, a word of a listed name (words too short to be keyed alone count as such):
        // runs of other words are not screened. Each distinct run is screened once.
        let listed: Vec<bool> = words
            .iter()
            .map(|w| {
                let f = analyse(w, Kind::Person);
                f.tokens.iter().zip(&f.skeletons).any(|(t, s)| {
                    t.len() < 3
                        || s.len() < 2
                        || self.postings.contains_key(&format!("t:{t}"))
                        || self.postings.contains_key(&format!("s:{s}"))
                })
            })
            .collect();
        let mut seen: HashSet<String> = HashSet::new();
        let mut best: HashMap<String, Match> = HashMap::new();
        for len in 2..=4 {
            for (at, w) in words.windows(len).enumerate() {
                if !listed[at..at + len].iter().any(|&l| l) {
                    continue;
                }
                let name = w.join(" ");
                if !seen.insert(name.clone()) {
                    continue;
                }
                let q = Query {
                    name,
                    ..Default::default()
                };
                for m in self.screen(&q, threshold, 3) {
                    match best.get(&m.entity_id) {
                        Some(old) if old.score >= m.score => {}
                        _ => {
                            best.insert(m.entity_id.clone(), m);
                        }
                    }
                }
            }
        }
        best_first(best.into_values().collect(), usize::MAX)
    }

    fn other_features(&self, q: &Query, e: &Entity) -> Vec<Feature> {
        let mut f = Vec::new();
        if let Some(bd) = &q.birth_date
            && !e.birth_dates.is_empty()
        {
            if e.birth_dates.iter().any(|d| d == bd) {
                f.push(Feature {
                    feature: "birth_date",
                    detail: format!("born {bd}, as listed"),
                    contribution: 0.05,
                });
            } else if e.birth_dates.iter().any(|d| d.get(..4) == bd.get(..4)) {
                f.push(Feature {
                    feature: "birth_date",
                    detail: format!("born in {}, as listed", &bd[..4.min(bd.len())]),
                    contribution: 0.02,
                });
            } else {
                f.push(Feature {
                    feature: "birth_date",
                    detail: format!("{bd} conflicts with listed {}", e.birth_dates.join(", ")),
                    contribution: -0.15,
                });
            }
        }
        if let Some(c) = &q.country
            && !e.countries.is_empty()
        {
            if e.countries.iter().any(|x| x.eq_ignore_ascii_case(c)) {
                f.push(Feature {
                    feature: "country",
                    detail: format!("{c}, as listed"),
                    contribution: 0.03,
                });
            } else {
                f.push(Feature {
                    feature: "country",
                    detail: format!("{c} is not among listed {}", e.countries.join(", ")),
                    contribution: -0.05,
                });
            }
        }
        if let Some(id) = &q.identifier {
            let key = crate::entity::Identifier {
                kind: String::new(),
                value: id.clone(),
            }
            .key();
            if let Some(hit) = e.identifiers.iter().find(|i| i.key() == key) {
                f.push(Feature {
                    feature: "identifier",
                    detail: format!("{} {} matches", hit.kind, hit.value),
                    contribution: 0.25,
                });
            } else if !e.identifiers.is_empty() {
                f.push(Feature {
                    feature: "identifier",
                    detail: format!("{id} is not among the listed identifiers"),
                    contribution: -0.05,
                });
            }
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::Identifier;

    fn person(id: &str, names: &[&str], born: &str, country: &str) -> Record {
        Record::Entity(Box::new(Entity {
            id: id.into(),
            schema: "Person".into(),
            caption: names[0].into(),
            names: names.iter().map(|s| s.to_string()).collect(),
            birth_dates: vec![born.into()],
            countries: vec![country.into()],
            ..Default::default()
        }))
    }

    fn index() -> Index {
        Index::build(vec![
            person("kju", &["Kim Jong Un", "김정은"], "1984-01-08", "PRK"),
            person("kjn", &["Kim Jong Nam"], "1971-05-10", "PRK"),
            person(
                "vvp",
                &["Vladimir Vladimirovich Putin"],
                "1952-10-07",
                "RUS",
            ),
            Record::Entity(Box::new(Entity {
                id: "ship".into(),
                schema: "Vessel".into(),
                caption: "CHON MA SAN".into(),
                names: vec!["CHON MA SAN".into()],
                identifiers: vec![Identifier {
                    kind: "imoNumber".into(),
                    value: "IMO 8660313".into(),
                }],
                ..Default::default()
            })),
            Record::Sanction {
                entity: "kju".into(),
                programs: vec!["DPRK".into()],
                listed_on: None,
            },
        ])
    }

    #[test]
    fn variants_rank_the_right_entity_first_with_reasons() {
        let ix = index();
        for name in ["Kim Jong-un", "KIM Chong Un", "김정은", "Kim Jongun"] {
            let q = Query {
                name: name.into(),
                ..Default::default()
            };
            let m = ix.screen(&q, 0.7, 5);
            assert_eq!(m[0].entity_id, "kju", "{name}: {m:?}");
            assert_eq!(m[0].programs, ["DPRK"]);
            assert_eq!(m[0].features[0].feature, "name");
        }
        let q = Query {
            name: "Kim Jong Un".into(),
            birth_date: Some("1984-01-08".into()),
            ..Default::default()
        };
        let m = ix.screen(&q, 0.4, 5);
        assert_eq!(m[0].entity_id, "kju");
        assert!(
            m.iter()
                .any(|x| x.entity_id == "kjn" && x.score < m[0].score)
        );
        let kjn = m.iter().find(|x| x.entity_id == "kjn").unwrap();
        assert!(kjn.features.iter().any(|f| f.contribution < 0.0));
    }

    #[test]
    fn kinds_identifiers_and_unrelated_names() {
        let ix = index();
        let q = Query {
            name: "Chon Ma San".into(),
            kind: Some(Kind::Person),
            ..Default::default()
        };
        assert!(ix.screen(&q, 0.7, 5).is_empty());
        let q = Query {
            name: "Chonmasan".into(),
            identifier: Some("8660313".into()),
            ..Default::default()
        };
        let m = ix.screen(&q, 0.7, 5);
        assert_eq!(m[0].entity_id, "ship");
        assert!(m[0].features.iter().any(|f| f.feature == "identifier"));
        for name in [
            "John Smith",
            "Vladimir Ivanov",
            "Park Ji-sung",
            "Maria Garcia",
        ] {
            let q = Query {
                name: name.into(),
                ..Default::default()
            };
            assert!(ix.screen(&q, 0.8, 5).is_empty(), "{name}");
        }
    }

    #[test]
    fn names_are_found_in_text_in_any_script() {
        let ix = index();
        let m = ix.names_in_text(
            "Reports say the tanker Chon Ma San met a Russian ship; 김정은 inspected a plant.",
            0.9,
        );
        let ids: Vec<&str> = m.iter().map(|m| m.entity_id.as_str()).collect();
        assert!(ids.contains(&"ship") && ids.contains(&"kju"), "{ids:?}");
        assert!(!ids.contains(&"vvp"));
        assert!(
            ix.names_in_text("The weather in Seoul was fine.", 0.9)
                .is_empty()
        );
    }

    #[test]
    fn deletions_and_replacements_apply_in_order() {
        let ix = Index::build(vec![
            person("a", &["Old Name"], "1970", "RUS"),
            person("a", &["New Name"], "1970", "RUS"),
            person("b", &["Gone Person"], "1970", "RUS"),
            Record::Delete("b".into()),
        ]);
        assert_eq!(ix.entities.len(), 1);
        assert_eq!(ix.get("a").unwrap().names, ["New Name"]);
    }
}
