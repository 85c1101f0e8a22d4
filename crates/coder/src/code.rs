//! The coder: tokens of one sentence in, "who did what to whom" events out.
//!
//! A shallow analysis in the manner of TABARI: actor and agent phrases are found from the
//! dictionaries and gathered into noun groups (with coordination, possessives and
//! "soldiers from Gondor"); each dictionary verb gets its verb group (auxiliaries, modals,
//! negation, passive), a subject found leftwards within its clause (or inherited through
//! "to"-infinitives and coordinated verb phrases) and a target found rightwards; the verb's
//! patterns choose the code. Negated verbs are not coded unless a pattern codes the
//! negation itself ("did not allow" → reject); hedged and reported statements are coded
//! with `hedged` and a lower confidence.

use serde::Serialize;

use crate::dict::{Agent, Code, Dictionaries, Elem, Pattern};
use crate::parse::Dep;
use crate::text::{Tag, Token, is_aux, is_be};
use vigil_model::countries;
use vigil_model::date::days_from_ymd;

/// Event codes coded with one side when no target is named: CAMEO 15, exhibit force
/// posture (a missile launch or test, a nuclear test, a drill, a mobilisation, a raised
/// alert), as GDELT and PETRARCH code them, and 13, threaten ("North Korea threatened to
/// withdraw from the treaty"; a threat is an escalation signal whether or not it names
/// whom), and 087, withdrawing forces ("their forces completed their withdrawal from the
/// town": a de-escalation, whether or not the place names a state). The dictionary gives
/// each verb its code (LAUNCH/FIRE/TEST a missile 150,
/// DETONATE 150, MOBILIZE 154, RAISE_ALERT 152, THREATEN 130).
pub const ONE_SIDED: [&str; 3] = ["15", "13", "087"];

/// Event codes that, without a named target, a state does to its own people: easing
/// administrative sanctions (081: a curfew, a state of emergency, a ban lifted), easing
/// dissent (082), political reform (083), imposing administrative sanctions (172: a curfew,
/// a state of emergency, martial law) and violent repression (175). Coded with the
/// acting government's (party's, force's) own state as the target.
const DOMESTIC: [&str; 5] = ["081", "082", "083", "172", "175"];

/// Event roots that states named together do with each other when no other state is
/// named: intentions (03), consultations (04), diplomatic and material cooperation (05,
/// 06) and yielding (08).
const RECIPROCAL: [&str; 5] = ["03", "04", "05", "06", "08"];

/// Forms of verbs of receiving, after which "from" names the giver ("received warships
/// from Denmark"), not whose the things received are.
const RECEIVING: [&str; 21] = [
    "RECEIVE",
    "RECEIVES",
    "RECEIVED",
    "RECEIVING",
    "BUY",
    "BUYS",
    "BOUGHT",
    "BUYING",
    "ACQUIRE",
    "ACQUIRES",
    "ACQUIRED",
    "PURCHASE",
    "PURCHASED",
    "IMPORT",
    "IMPORTS",
    "IMPORTED",
    "OBTAIN",
    "OBTAINED",
    "GET",
    "GETS",
    "GOT",
];

/// Forms of verbs of withdrawing, after which "from" names the place left ("withdrew
/// troops from Syria"), not whose the troops are.
const LEAVING: &[&str] = &[
    "WITHDRAW",
    "WITHDRAWS",
    "WITHDREW",
    "WITHDRAWN",
    "WITHDRAWING",
    "PULL",
    "PULLS",
    "PULLED",
    "PULLING",
    "EVACUATE",
    "EVACUATES",
    "EVACUATED",
    "EVACUATING",
    "REMOVE",
    "REMOVES",
    "REMOVED",
    "REMOVING",
    "REDEPLOY",
    "REDEPLOYED",
    "MOVE",
    "MOVED",
    "MOVES",
    "MOVING",
];

/// Words in -ing that are nouns, never a gerund ("a memorandum of understanding").
const ING_NOUNS: &[&str] = &["UNDERSTANDING", "MEETING", "MEETINGS", "MORNING", "EVENING"];

/// Words in -ing that describe the noun after them ("the ruling party", "the group of
/// developing countries"); another -ing word right after "of" opens what someone did.
const ING_ADJECTIVES: &[&str] = &[
    "RULING",
    "LEADING",
    "GOVERNING",
    "WARRING",
    "OPPOSING",
    "NEIGHBORING",
    "NEIGHBOURING",
    "REMAINING",
    "VISITING",
    "EXISTING",
    "INCOMING",
    "OUTGOING",
    "EMERGING",
    "DEVELOPING",
    "INDUSTRIALIZING",
    "INDUSTRIALISING",
];

/// Whether a word after "of" opens a charge or an act ("of torturing", "of spying"), not a
/// noun phrase.
fn opens_charge(norm: &str) -> bool {
    norm.len() > 5
        && norm.ends_with("ING")
        && !ING_NOUNS.contains(&norm)
        && !ING_ADJECTIVES.contains(&norm)
}

/// Role codes of an office a person holds: "former" before their title makes them
/// elites (ELI), and a title in the text outranks a dictionary's dated elite standing.
const OFFICES: &[&str] = &["GOV", "MIL", "LEG", "JUD"];

/// Whether the role word at `i` is an office held before: "former", "ex-", "ousted" and the
/// like right before it or before the state's name or adjective that precedes it
/// ("former U.S. President", "ousted president Aristide").
fn formerly(norms: &[&str], tags: &[Tag], i: usize) -> bool {
    let mut k = i;
    let mut names = 0;
    while k > 0 && names < 3 {
        match norms[k - 1] {
            "FORMER" | "EX" | "EX-" | "OUSTED" | "DEPOSED" | "TOPPLED" | "ONETIME" | "ONE-TIME"
            | "RETIRED" | "LATE" => return true,
            _ if matches!(tags[k - 1], Tag::Proper | Tag::Adj) => {
                names += 1;
                k -= 1;
            }
            _ => return false,
        }
    }
    false
}

/// Forms of verbs of aspect, whose gerund object is the act ("began pulling out",
/// "continued shelling") and shares their subject.
const ASPECT: &[&str] = &[
    "BEGIN",
    "BEGINS",
    "BEGAN",
    "BEGUN",
    "START",
    "STARTS",
    "STARTED",
    "CONTINUE",
    "CONTINUES",
    "CONTINUED",
    "KEEP",
    "KEEPS",
    "KEPT",
];

/// Words of time before a gerund that tells what has happened, whose subject is the
/// main clause's ("after meeting", "while visiting"; not "before", whose act is to come).
const TIME_ADJUNCTS: [&str; 5] = ["AFTER", "WHILE", "WHEN", "UPON", "ON"];

/// Whether the word at `k` opens an adjunct of time before a gerund ("after meeting",
/// "on arriving"); "on" and "upon" after a noun give its topic ("talks on joining").
/// "By" right after a verb opens an adjunct of means that works the same way ("responded
/// by firing missiles", "retaliated by expelling diplomats").
fn time_adjunct(tokens: &[Token], k: usize) -> bool {
    let w = tokens[k].norm.as_str();
    (TIME_ADJUNCTS.contains(&w)
        && !(matches!(w, "ON" | "UPON")
            && k > 0
            && matches!(tokens[k - 1].tag, Tag::Other | Tag::Noun | Tag::Proper)))
        || (w == "BY" && k > 0 && tokens[k - 1].tag.is_verb())
}

/// Places and units a group holds: a role before them names their holder ("captured a
/// rebel stronghold", "shelled guerrilla positions", "attacked a police station", "an
/// army convoy"), not a kind of thing.
const HOLDINGS: &[&str] = &[
    "STRONGHOLD",
    "STRONGHOLDS",
    "BASE",
    "BASES",
    "POSITION",
    "POSITIONS",
    "CAMP",
    "CAMPS",
    "HIDEOUT",
    "HIDEOUTS",
    "HEADQUARTERS",
    "OUTPOST",
    "OUTPOSTS",
    "TERRITORY",
    "TARGETS",
    "STATION",
    "STATIONS",
    "POST",
    "POSTS",
    "CHECKPOINT",
    "CHECKPOINTS",
    "BARRACKS",
    "CONVOY",
    "CONVOYS",
    "VEHICLES",
];

/// Nouns a role word before them describes rather than names an actor of ("the
/// inter-Korean military agreement", "military cooperation", "police reform"): the role
/// is an adjective there, and the actor is whoever the rest of the group names. (What a
/// role does stays its own: "China's military build-up", "military drills".)
const DESCRIBED_BY_ROLE: &[&str] = &[
    "AGREEMENT",
    "AGREEMENTS",
    "PACT",
    "TREATY",
    "ACCORD",
    "DEAL",
    "ALLIANCE",
    "PARTNERSHIP",
    "COOPERATION",
    "COLLABORATION",
    "TIES",
    "RELATIONS",
    "CONTACTS",
    "EXCHANGES",
    "TALKS",
    "DIALOGUE",
    "AID",
    "ASSISTANCE",
    "SUPPORT",
    "SUPPLIES",
    "EQUIPMENT",
    "HARDWARE",
    "TECHNOLOGY",
    "SATELLITE",
    "SPENDING",
    "BUDGET",
    "REFORM",
    "DOCTRINE",
];

/// Present participles news uses as adjectives before a noun ("visiting scientists",
/// "invading troops", "the warring parties").
const ADJECTIVAL_ING: &[&str] = &[
    "VISITING",
    "RULING",
    "WARRING",
    "INVADING",
    "RETREATING",
    "ADVANCING",
    "OPPOSING",
    "GOVERNING",
    "NEIGHBOURING",
    "NEIGHBORING",
];

/// Participles of people held ("sailors held by Iran", "citizens abducted by North
/// Korea"): the party after them holds the people.
const HOLDING: &[&str] = &[
    "HELD",
    "DETAINED",
    "ABDUCTED",
    "KIDNAPPED",
    "IMPRISONED",
    "JAILED",
    "CAPTURED",
    "ARRESTED",
    "SEIZED",
];

/// Participles whose agent owns or made the noun they follow ("a tanker owned by", "a
/// plan proposed by"): what is done to the noun is done to that agent's.
const OWNER_PARTICIPLES: &[&str] = &[
    "OWNED",
    "OPERATED",
    "CHARTERED",
    "MANAGED",
    "RUN",
    "CONTROLLED",
    "SENT",
    "ISSUED",
    "PROPOSED",
    "MADE",
    "OFFERED",
    "SIGNED",
    "PRESENTED",
    "SUBMITTED",
    "DRAFTED",
    "TABLED",
    "WRITTEN",
    "GIVEN",
    "PROVIDED",
    "SUPPLIED",
    "BROKERED",
    "BACKED",
    "SPONSORED",
    "SUPPORTED",
    "PUT",
    "DELIVERED",
    "PASSED",
    "ADOPTED",
];

/// Verbs after which a gerund tells what has not been done ("considered sending",
/// "avoided naming", "denied supplying").
const NOT_DONE: &[&str] = &[
    "CONSIDER",
    "CONSIDERS",
    "CONSIDERED",
    "CONSIDERING",
    "WEIGH",
    "WEIGHS",
    "WEIGHED",
    "WEIGHING",
    "CONTEMPLATE",
    "CONTEMPLATES",
    "CONTEMPLATED",
    "DISCUSS",
    "DISCUSSES",
    "DISCUSSED",
    "AVOID",
    "AVOIDS",
    "AVOIDED",
    "DENY",
    "DENIES",
    "DENIED",
    "RESIST",
    "RESISTED",
    "OPPOSE",
    "OPPOSES",
    "OPPOSED",
];

/// The state an actor code names ("RUS" for "RUSGOV"), if it begins with one.
fn state_of_code(code: &str) -> Option<&str> {
    code.get(..3).filter(|c| countries::by_cameo(c).is_some())
}

/// Roles of people inside a state that a story names without their state ("rebels",
/// "activists", "civilians", "journalists", "students", "workers").
const OWN_PEOPLE_ROLES: [&str; 8] = ["REB", "OPP", "CVL", "MED", "EDU", "LAB", "HLH", "AGR"];

/// A target that names people by their role only ("killed five militants", "arrested two
/// journalists") when a state acts: as CAMEO coders read such a story, they are the acting
/// state's own ("Indian troops killed five militants in Kashmir" is IND -> INDREB). A
/// state named in the clause would have been the target instead (groups with a country
/// come first), so only stateless role words reach this. Any role is the state's own when
/// the act is one a state does to its own people (`DOMESTIC`: "banned the Communist
/// Party") or when rebels, the opposition or criminal gangs act ("rebels released 12
/// soldiers", "gangs attacked a police station").
fn own_people(source: &str, target: String, code: &str) -> String {
    let Some(role) = target.strip_prefix("---") else {
        return target;
    };
    let state = state_of_code(source);
    // ("Korean doctors protested against the government": a state's people, or the
    // state named for them, protesting a government or force of no other state protest
    // their own)
    let protesting = code.starts_with("14");
    // (an elite's role is its party's: "opposition leader Aung San Suu Kyi" is MMRELIOPP)
    let insiders = source.get(3..).is_some_and(|r| {
        let r = r.strip_prefix("ELI").unwrap_or(r);
        r.starts_with("REB")
            || r.starts_with("OPP")
            || r.starts_with("CRM")
            || (protesting && (r.is_empty() || OWN_PEOPLE_ROLES.iter().any(|o| r.starts_with(o))))
    });
    let domestic = DOMESTIC.iter().any(|d| code.starts_with(d));
    // ("Separatists backed by Russia", "Rwanda armed the rebels": rebels a state
    // supports, arms or works with are not thereby its own)
    let backed = role.starts_with("REB")
        && ["05", "06", "07"].iter().any(|c| code.starts_with(c))
        && !insiders;
    // ("Norway offered to mediate between the government and the rebels": whom a
    // mediator stands between are not its own)
    let mediating = matches!(code, "039" | "045");
    match state {
        Some(state)
            if !backed
                && !mediating
                && (domestic
                    || insiders
                    || OWN_PEOPLE_ROLES.iter().any(|r| role.starts_with(r))) =>
        {
            // A government acting on "the (ruling) party" acts on its state.
            let own = format!("{state}{role}");
            if own == source {
                state.to_string()
            } else {
                own
            }
        }
        _ => target,
    }
}

/// A source that names people by their role only, acting on a state's office or forces
/// in a sentence that names no other state ("Rebels killed four Turkish soldiers",
/// "protesters marched against the Venezuelan government"): as CAMEO coders read such a
/// story, they are that state's own (TURREB, VENOPP), as [`own_people`] reads a target.
fn insiders_of(source: String, target: &str, sole_state: Option<&str>) -> String {
    let Some(role) = source.strip_prefix("---") else {
        return source;
    };
    let state = state_of_code(target);
    match (state, sole_state) {
        (Some(state), Some(sole))
            if state == sole
                && target.len() > 3
                && OWN_PEOPLE_ROLES.iter().any(|r| role.starts_with(r)) =>
        {
            format!("{state}{role}")
        }
        _ => source,
    }
}

/// Nouns that "arms" modifies as weapons ("arms exports", "an arms deal").
const ARMS_HEADS: &[&str] = &[
    "EXPORT",
    "EXPORTS",
    "IMPORT",
    "IMPORTS",
    "SALE",
    "SALES",
    "DEAL",
    "DEALS",
    "EMBARGO",
    "RACE",
    "TRADE",
    "DEALER",
    "DEALERS",
    "CONTROL",
    "DELIVERY",
    "DELIVERIES",
    "SUPPLY",
    "SUPPLIES",
    "SHIPMENT",
    "SHIPMENTS",
    "TRANSFER",
    "TRANSFERS",
    "PURCHASE",
    "PURCHASES",
    "SUPPLIER",
    "SUPPLIERS",
    "INDUSTRY",
    "CACHE",
    "DEPOT",
    "SMUGGLING",
    "TRAFFICKING",
    "CONTRACT",
    "CONTRACTS",
    "PACKAGE",
    "PACKAGES",
];

/// Nouns that a verb's word before them modifies as a noun ("aid workers", "attack
/// helicopters", "test site", "protest march"): the word before them is not a verb.
const COMPOUND_HEADS: &[&str] = &[
    "WORKER",
    "WORKERS",
    "AGENCY",
    "AGENCIES",
    "CONVOY",
    "CONVOYS",
    "HELICOPTER",
    "HELICOPTERS",
    "SITE",
    "SITES",
    "MARCH",
    "MARCHES",
    "PACKAGE",
    "PACKAGES",
    "SHIPMENT",
    "SHIPMENTS",
    "FLIGHT",
    "FLIGHTS",
];

/// Words before "to" that make the infinitive after them a stated intention ("said he is
/// prepared to lift the ban", "ready to host talks", "plans to send troops", "agreed to
/// release prisoners").
const INTENT_WORDS: &[&str] = &[
    "AGREE",
    "AGREES",
    "AGREED",
    "PLEDGE",
    "PLEDGES",
    "PLEDGED",
    "PROMISE",
    "PROMISES",
    "PROMISED",
    "VOW",
    "VOWS",
    "VOWED",
    "OFFER",
    "OFFERS",
    "OFFERED",
    "READY",
    "PREPARED",
    "WILLING",
    "PLAN",
    "PLANS",
    "PLANNED",
    "PLANNING",
    "INTEND",
    "INTENDS",
    "INTENDED",
    "INTENDING",
    // ("is preparing to attack Ukraine": an intention, a threat)
    "PREPARING",
    "PREPARES",
    // scheduled ("is set to visit Moscow next week", "is due to hold talks")
    "SET",
    "SCHEDULED",
    "DUE",
];

/// The CAMEO code of the stated intention to do what `code` names, following the CAMEO
/// manual: an intention to cooperate, aid or yield is 03 (a visit or talks 036, to mediate
/// 039, support
/// 032, military cooperation 0312, aid 033x, easing sanctions 0354, allowing inspectors
/// 0355); an intention to sanction, coerce or use force is a threat, 13 (to cut aid 1311,
/// to impose sanctions 1312, to break relations 1313, to withdraw 136, to repress 137, to
/// blockade 1381, to attack 1384). Statements, appeals, demands, rejections, threats,
/// protests and force postures (01-02, 09-15) are coded as they are: saying one will
/// demand or protest is the demand or protest, and a launch announced is coded where it
/// happens.
fn intent_code(code: &str) -> String {
    // Codes of other schemes (a dictionary's own, "174K") are left as they are.
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return code.to_string();
    }
    let at = |n: usize| code.get(..n).unwrap_or(code);
    let mapped = match at(2) {
        "04" if at(3) == "045" => "039",
        "04" => "036",
        "05" => "032",
        "06" => match at(3) {
            "061" => "0311",
            "062" => "0312",
            "063" => "0313",
            "064" => "0314",
            _ => "031",
        },
        "07" => match at(3) {
            "071" => "0331",
            "072" => "0332",
            "073" => "0333",
            "074" => "0334",
            _ => "033",
        },
        "08" => match at(3) {
            "081" => "0351",
            "082" => "0352",
            "083" => "034",
            "084" => "0353",
            "085" => "0354",
            "086" => "0355",
            "087" => "0356",
            _ => "035",
        },
        "16" => match at(3) {
            "161" => "1313",
            "162" => "1311",
            "163" => "1312",
            "164" => "134",
            "165" => "135",
            "166" => "136",
            _ => "131",
        },
        "17" => match at(4) {
            "1721" => "1321",
            "1722" => "1322",
            "1723" => "1323",
            "1724" => "1324",
            _ if at(3) == "172" => "132",
            _ => "137",
        },
        "18" => "1383",
        "19" => match at(3) {
            "191" => "1381",
            "192" => "1382",
            _ => "1384",
        },
        "20" => match at(3) {
            "204" => "1385",
            _ => "1383",
        },
        _ => code,
    };
    mapped.to_string()
}

/// An actor as it appears in a sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// CAMEO actor code ("PRKGOV"; "---GOV" for a role with no country).
    pub code: String,
    /// The words of the noun group, as written.
    pub text: String,
    /// Byte offsets of the noun group in the document.
    pub start: usize,
    pub end: usize,
}

/// What the earlier sentences of a document tell the later ones: whether one coded an
/// event of North Korea's (a bare "Kim" is then its leader), and the surnames of people
/// named in full, right after an actor, whom the dictionaries do not know ("Russian Deputy
/// Defence Minister Ivan Sorokin" makes a later bare "Sorokin" RUSGOV, as a reader takes
/// it).
#[derive(Debug, Default, Clone)]
pub(crate) struct DocumentContext {
    pub(crate) north: bool,
    surnames: std::collections::HashMap<String, String>,
    /// Surnames seen with two different actors: no longer used.
    shared: std::collections::HashSet<String>,
}

impl DocumentContext {
    /// Learns from a sentence's events; `text` is the document they index.
    pub(crate) fn learn(&mut self, dicts: &Dictionaries, text: &str, events: &[CodedEvent]) {
        self.north |= events
            .iter()
            .any(|e| e.source.code.starts_with("PRK") || e.target.code.starts_with("PRK"));
        let name_like = |w: &str| {
            w.chars().count() >= 3
                && w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().skip(1).any(char::is_lowercase)
                && w.chars().all(|c| c.is_alphabetic() || c == '-')
        };
        for side in events.iter().flat_map(|e| [&e.source, &e.target]) {
            if side.code.is_empty() || side.code.starts_with("---") {
                continue;
            }
            // A person the dictionaries know by full name only ("German Chancellor
            // Friedrich Merz"): the surname alone is that person later in the document.
            if let Some(last) = Self::known_by_full_name(dicts, &side.text, name_like) {
                self.remember(last, &side.code);
            }
            // The name right after the actor's words ("Russian Deputy Defence Minister"
            // then "Ivan Sorokin"): capitalised words up to the first other one.
            let after = text.get(side.end..).unwrap_or_default();
            let mut words: Vec<&str> = Vec::new();
            for w in after.split_whitespace().take(4) {
                // (a name ends at punctuation: "Kenji Sato." "Sato's")
                let bare = w.trim_end_matches(|c: char| !c.is_alphabetic());
                let bare = bare
                    .strip_suffix("'s")
                    .or_else(|| bare.strip_suffix("\u{2019}s"))
                    .unwrap_or(bare);
                if !name_like(bare) {
                    break;
                }
                words.push(bare);
                if bare.len() != w.len() {
                    break;
                }
            }
            let [.., first, last] = words[..] else {
                continue;
            };
            // A first name and a surname neither of which, alone or together, the
            // dictionaries know ("North Korea" and "Jiang Zemin" are known already).
            let (first, last) = (first.to_uppercase(), last.to_uppercase());
            let known = |words: &[&str]| Self::known(dicts, words);
            if known(&[first.as_str(), last.as_str()]) || known(&[&first]) || known(&[&last]) {
                continue;
            }
            self.remember(last, &side.code);
        }
    }

    /// Takes `surname` to stand for `code` from now on, unless another actor had it.
    fn remember(&mut self, surname: String, code: &str) {
        match self.surnames.get(&surname) {
            Some(known) if known != code => {
                self.shared.insert(surname);
            }
            Some(_) => {}
            None => {
                self.surnames.insert(surname, code.to_string());
            }
        }
    }

    /// The surname, upper-cased, when a noun group ends in a first name and a surname that
    /// the dictionaries know together but not the surname alone.
    fn known_by_full_name(
        dicts: &Dictionaries,
        text: &str,
        name_like: impl Fn(&str) -> bool,
    ) -> Option<String> {
        let mut words = text.split_whitespace().rev();
        let last = words.next()?;
        let first = words.next()?;
        if !name_like(first) || !name_like(last) {
            return None;
        }
        let (first, last) = (first.to_uppercase(), last.to_uppercase());
        let whole = dicts
            .actors
            .index
            .longest_at(&[first.as_str(), last.as_str()], 0);
        (whole.is_some_and(|(len, _)| len == 2) && !Self::known(dicts, &[&last])).then_some(last)
    }

    /// Whether the actor or agent dictionaries know a name starting with `words`.
    fn known(dicts: &Dictionaries, words: &[&str]) -> bool {
        dicts.actors.index.longest_at(words, 0).is_some()
            || dicts.agents.index.longest_at(words, 0).is_some()
    }

    /// The actor of a surname named in full earlier in the document.
    fn surname(&self, norm: &str) -> Option<&str> {
        if self.shared.contains(norm) {
            return None;
        }
        self.surnames.get(norm).map(String::as_str)
    }
}

/// One coded event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodedEvent {
    pub source: Side,
    pub target: Side,
    /// The event code as the dictionary gives it ("0312").
    pub code: String,
    /// The verb, as written, and its byte offsets.
    pub verb: String,
    pub verb_start: usize,
    pub verb_end: usize,
    /// A modal, a reporting frame or an allegation qualifies the statement.
    pub hedged: bool,
    /// 0–1: lower for hedged statements, default verb codes and far targets.
    pub confidence: f32,
    /// The pattern that chose the code, if any ("* &WEAPON TO +").
    pub pattern: Option<String>,
    /// Byte offsets of the sentence in the document.
    pub sentence_start: usize,
    pub sentence_end: usize,
    /// Who the sentence says reported it: the group after "according to", or the
    /// subject of a reporting verb ("South Korea said ...", "..., a South Korean official
    /// said"), when it is an actor.
    pub attributed_to: Option<Side>,
    /// Byte offsets of the other sentences of the same document that give the same
    /// (source, target, code): within one document, one event reported in several
    /// sentences is one event (see `Coder::code_documents`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<(usize, usize)>,
}

/// Why a sentence produced no events, when the reason is not simply "no verb".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Discarded {
    /// A discard phrase; `story` when it discards the whole document.
    Phrase { phrase: String, story: bool },
}

/// The coder over one set of dictionaries.
#[derive(Clone)]
pub struct Coder {
    pub(crate) dicts: Dictionaries,
    /// Whether an event needs a target (PETRARCH's `require_dyad`). When it does (the
    /// default), only force postures are coded with one side; when not, every verb whose
    /// target holds no actor is coded with an empty target ("Japan appealed for calm" as
    /// `JPN|---|020`).
    require_dyad: bool,
    /// Whether a CoNLL-U parse's dependency tree is used (its tags always are). Off by
    /// default: measured on Universal-PETRARCH's records and on the PLOVER sentences it
    /// does not improve on the shallow analysis (README, "Parses from outside").
    trees: bool,
    /// Whether a stated intention ("said it would allow", "is prepared to lift") is coded
    /// as the intention (CAMEO 03, or 13 for force and sanctions, as the CAMEO manual
    /// asks) rather than as the act. On by default; PETRARCH 2 codes the act, and its
    /// records' gold follows it.
    intent: bool,
}

/// A noun group: coordinated conjuncts, each with its actor codes.
#[derive(Debug, Clone)]
struct Group {
    start: usize,
    end: usize,
    /// One code list per conjunct (an actor may have several codes, "ELR/GAL").
    conjuncts: Vec<Vec<String>>,
}

impl Group {
    fn codes(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in self.conjuncts.iter().flatten() {
            if !out.contains(c) {
                out.push(c.clone());
            }
        }
        out
    }
}

#[derive(Debug, Clone)]
enum Mention {
    Actor(Vec<String>),
    Agent(Agent),
}

/// What the analysis of one verb found.
#[derive(Debug, Clone)]
struct VerbInfo {
    at: usize,
    /// First word of a phrasal verb ("break" in "break off"), else `at`.
    phrase_start: usize,
    /// First token of the verb group (auxiliaries, modals, adverbs, "to").
    group_start: usize,
    /// One past the verb and its particles.
    end: usize,
    block: usize,
    form_code: Option<Code>,
    negated: bool,
    /// "may", "might", "could": the act is only possible.
    modal: bool,
    /// "would": a hedge, unless the verb states an intention ("said it would allow").
    would: bool,
    /// "will", "would", "shall" in the verb group, or an infinitive after a word of
    /// readiness or plan ("prepared to", "ready to"): a stated intention.
    intent: bool,
    passive: bool,
    /// A passive participle right after a noun, without "be" ("a ship attacked by
    /// pirates"): a reduced relative clause whose subject is that noun.
    reduced: bool,
    infinitive: bool,
    /// An -ing form.
    gerund: bool,
    finite: bool,
}

/// Words of quantity before "of" whose group is the real head ("thousands of troops").
const QUANTITIES: &[&str] = &[
    "THOUSANDS",
    "HUNDREDS",
    "DOZENS",
    "TENS",
    "MILLIONS",
    "SCORES",
    "MANY",
    "SOME",
    "MOST",
    "ALL",
    "SEVERAL",
    "FEW",
    "PART",
    "UNITS",
    "CONTINGENTS",
    "BATTALIONS",
    "MEMBERS",
];

const SUBORDINATORS: &[&str] = &[
    "THAT", "BECAUSE", "WHILE", "ALTHOUGH", "THOUGH", "AFTER", "BEFORE", "WHEN", "IF", "UNLESS",
    "SINCE", "UNTIL", "WHETHER", "WHERE", "WHICH", "WHO", "WHOM", "WHOSE", "AS",
];

/// Whether verb `v` stands in a condition ("if Japan deployed missiles", "unless France
/// withdrew"): "if" or "unless" before it with no other verb between.
fn conditional(tokens: &[Token], v: &VerbInfo) -> bool {
    for (k, t) in tokens[..v.group_start].iter().enumerate().rev() {
        // ("did not say whether China had sold", "there is no evidence that Iran
        // supplied": a clause asked about or denied evidence is not asserted either)
        if matches!(t.norm.as_str(), "IF" | "UNLESS" | "WHETHER") {
            return true;
        }
        if t.norm == "THAT"
            && k >= 2
            && matches!(
                tokens[k - 1].norm.as_str(),
                "EVIDENCE" | "INDICATION" | "SIGN" | "PROOF"
            )
            && matches!(tokens[k - 2].norm.as_str(), "NO" | "LITTLE")
        {
            return true;
        }
        if t.tag.is_verb() || matches!(t.norm.as_str(), ";" | ":" | "--") {
            return false;
        }
    }
    false
}

/// The group with a state that is the subject of the sentence's first condition ("... if
/// Israel attacked", "unless the United States withdraws", "If Japan deploys missiles, ...").
fn condition_subject(tokens: &[Token], groups: &[Group]) -> Option<usize> {
    let k = tokens
        .iter()
        .position(|t| matches!(t.norm.as_str(), "IF" | "UNLESS"))?;
    groups.iter().position(|g| {
        g.start > k
            && g.start <= k + 2
            && g.codes().iter().any(|c| !c.starts_with("---"))
            && tokens
                .get(g.end)
                .is_some_and(|t| t.tag.is_verb() || matches!(t.tag, Tag::Aux | Tag::Modal))
    })
}

/// A group that names who reports, not who acts: after "according to" ("according to
/// the South Korean military") or right before a reporting word (", an official said").
fn is_attribution(norms: &[&str], g: &Group) -> bool {
    let according = (g.start.saturating_sub(3)..g.start.saturating_sub(1))
        .any(|k| norms[k] == "ACCORDING" && norms.get(k + 1) == Some(&"TO"));
    // ("rejected a UN report": after an article a bare "report" or "claim" is a noun)
    let article = g.start > 0 && matches!(norms[g.start - 1], "A" | "AN" | "THE");
    // ("Pakistani claims of attacks": a reporting word before "of" is a noun)
    // ("raised its alert level after NATO announced new deployments": a reporter in a
    // clause of time or cause reports that clause, not the sentence)
    let mut q = g.start;
    while q > 0 && matches!(norms[q - 1], "THE" | "A" | "AN") {
        q -= 1;
    }
    let subordinate = q > 0
        && matches!(
            norms[q - 1],
            "AFTER" | "BEFORE" | "WHEN" | "SINCE" | "UNTIL" | "BECAUSE" | "WHILE"
        );
    // ("Thai police here said": a word of place may stand before the reporting word)
    let at = g.end + usize::from(matches!(norms.get(g.end), Some(&("HERE" | "THERE"))));
    let says = !subordinate
        && norms.get(at).is_some_and(|w| {
            REPORTING.contains(w)
                && !(article && matches!(*w, "REPORT" | "CLAIM" | "STATE" | "ANNOUNCE"))
                && norms.get(at + 1) != Some(&"OF")
        });
    according || says
}

const REPORTING: &[&str] = &[
    "SAY",
    "SAID",
    "SAYS",
    "SAYING",
    "TELL",
    "TOLD",
    "TELLS",
    "REPORT",
    "REPORTED",
    "REPORTS",
    "STATE",
    "STATED",
    "STATES",
    "ANNOUNCE",
    "ANNOUNCED",
    "ANNOUNCES",
    "CLAIM",
    "CLAIMED",
    "CLAIMS",
    "ALLEGE",
    "ALLEGED",
    "ALLEGES",
    "ADD",
    "ADDED",
    "ADDS",
    "NOTE",
    "NOTED",
    "NOTES",
    "BELIEVE",
    "BELIEVED",
    "BELIEVES",
    "THINK",
    "THOUGHT",
    "THINKS",
    "INDICATE",
    "INDICATED",
    "INDICATES",
    "SUGGEST",
    "SUGGESTED",
    "SUGGESTS",
    "CONFIRM",
    "CONFIRMED",
    "CONFIRMS",
    "WRITE",
    "WROTE",
    "WRITES",
    "ACKNOWLEDGE",
    "ACKNOWLEDGED",
    "ACKNOWLEDGES",
    "INSIST",
    "INSISTED",
    "INSISTS",
    "ARGUE",
    "ARGUED",
    "ARGUES",
    "WARN",
    "WARNED",
    "WARNS",
];

/// Reporting verbs whose complement is asserted as doubtful.
const DOUBTING: &[&str] = &[
    "CLAIM",
    "CLAIMED",
    "CLAIMS",
    "ALLEGE",
    "ALLEGED",
    "ALLEGES",
    "SUGGEST",
    "SUGGESTED",
    "SUGGESTS",
    "INDICATE",
    "INDICATED",
    "INDICATES",
    "BELIEVE",
    "BELIEVED",
    "BELIEVES",
    "THINK",
    "THOUGHT",
    "THINKS",
    "RUMOURED",
    "RUMORED",
    "SUSPECT",
    "SUSPECTED",
    "SUSPECTS",
];

/// Verbs whose clausal complement is denied, so events inside it are not coded.
const DENYING: &[&str] = &[
    "DENY",
    "DENIED",
    "DENIES",
    "REJECTED",
    "REFUTED",
    "DISMISSED",
];

/// Words that hedge a statement wherever they stand before the verb.
/// Nouns that name an event between two parties, with its CAMEO code: "a treaty between
/// X and Y" (057, sign a formal agreement), "talks between X and Y" (046, negotiate), "a
/// summit between X and Y" (040, consult), "joint drills between X and Y" (062, cooperate
/// militarily).
const NOMINAL_EVENTS: &[(&str, &str)] = &[
    ("TREATY", "057"),
    ("PACT", "057"),
    ("AGREEMENT", "057"),
    ("ACCORD", "057"),
    ("TALKS", "046"),
    ("NEGOTIATIONS", "046"),
    ("SUMMIT", "040"),
    ("DRILLS", "062"),
    ("EXERCISES", "062"),
    ("CLASHES", "190"),
    ("CLASH", "190"),
    ("BATTLES", "190"),
    ("SKIRMISHES", "190"),
    ("HOSTILITIES", "190"),
];

/// Verbs by which fighting named by a noun begins or goes on ("clashes broke out on
/// Saturday between", "clashes erupted between"): the parties still follow "between".
/// ("Fighting" itself is not such a noun: coding it lowered the held-out precision of the
/// PLOVER records, README "Event coding".)
const FIGHTING_ONSET: &[&str] = &[
    "BROKE",
    "ERUPTED",
    "FLARED",
    "RAGED",
    "CONTINUED",
    "RESUMED",
    "ESCALATED",
    "INTENSIFIED",
];

/// Events named by a noun rather than a verb: the noun, "between", and a group of two
/// conjuncts with actors give the event each way ("the treaty between Russia and North
/// Korea took effect": RUS → PRK and PRK → RUS, 057). Not when a negation stands just
/// before the noun ("no treaty between"); hedged with the sentence's hedging words.
/// The antecedent of an object relative clause: what its verb acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Antecedent {
    /// A noun phrase without an actor, as a token span ("the missile, which ... fired").
    Thing(usize, usize),
    /// A noun group with an actor ("North Korea, which Japan criticised").
    Actor(usize),
}

impl Antecedent {
    /// The token after the antecedent (the relative word, or its comma).
    fn end(self, groups: &[Group]) -> usize {
        match self {
            Antecedent::Thing(_, end) => end,
            Antecedent::Actor(g) => groups[g].end,
        }
    }
}

/// The antecedent of an object relative clause whose subject is group `s` and verb `v`:
/// the noun phrase right before "which", "that" or "whom" (and a comma), when the subject
/// stands between that word and the verb group.
fn object_antecedent(
    tokens: &[Token],
    groups: &[Group],
    s: usize,
    v: &VerbInfo,
) -> Option<Antecedent> {
    let subject = &groups[s];
    if subject.end != v.group_start || subject.start < 2 {
        return None;
    }
    if !matches!(
        tokens[subject.start - 1].norm.as_str(),
        "WHICH" | "THAT" | "WHOM"
    ) {
        return None;
    }
    let mut end = subject.start - 1;
    if end > 0 && tokens[end - 1].norm == "," {
        end -= 1;
    }
    if let Some(g) = groups
        .iter()
        .position(|g| g.end == end && !g.codes().is_empty())
    {
        return Some(Antecedent::Actor(g));
    }
    let mut start = end;
    while start > 0
        && matches!(
            tokens[start - 1].tag,
            Tag::Noun | Tag::Proper | Tag::Adj | Tag::Det | Tag::Num | Tag::Other
        )
        && !groups.iter().any(|g| g.start < start && start <= g.end)
    {
        start -= 1;
    }
    (start < end).then_some(Antecedent::Thing(start, end))
}

/// The noun group holding an actor that contains a dependent of token `head` whose
/// relation is one of `rels` (a subtype counts: "nsubj:pass" is "nsubj", "obl:tmod" is
/// "obl"), nearest to the head first.
fn dependent_group(deps: &[Dep], groups: &[Group], head: usize, rels: &[&str]) -> Option<usize> {
    let mut found: Vec<usize> = deps
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            d.head == Some(head) && rels.contains(&d.rel.split(':').next().unwrap_or(""))
        })
        .map(|(k, _)| k)
        .collect();
    found.sort_by_key(|&k| k.abs_diff(head));
    found.into_iter().find_map(|k| {
        groups
            .iter()
            .position(|g| g.start <= k && k < g.end && !g.codes().is_empty())
    })
}

/// The noun group `g` as an event's side with actor code `code`.
fn group_side(text: &str, tokens: &[Token], groups: &[Group], g: usize, code: &str) -> Side {
    let (a, b) = (tokens[groups[g].start].start, tokens[groups[g].end - 1].end);
    Side {
        code: code.to_string(),
        text: text[a..b].to_string(),
        start: a,
        end: b,
    }
}

/// Whether the group names where something happens, not who it happens to: "on the Thai
/// border", "near the eastern Thai border", "off the Japanese coast", "on the sidelines of
/// the G20 summit".
fn names_a_border(tokens: &[Token], g: &Group) -> bool {
    // "met on the sidelines of the G20 summit": a gathering where they met.
    let q = phrase_start(tokens, g.start);
    if q >= 2
        && tokens[q - 1].norm == "OF"
        && matches!(
            tokens[q - 2].norm.as_str(),
            "SIDELINES" | "SIDELINE" | "MARGINS"
        )
    {
        return true;
    }
    let mut k = g.start;
    while k > 0 && matches!(tokens[k - 1].tag, Tag::Det | Tag::Adj | Tag::Other) {
        k -= 1;
    }
    k > 0
        && matches!(
            tokens[k - 1].norm.as_str(),
            "ON" | "NEAR" | "ALONG" | "AT" | "ACROSS" | "OFF"
        )
        && tokens.get(g.end).is_some_and(|t| {
            matches!(
                t.norm.as_str(),
                "BORDER" | "BORDERS" | "FRONTIER" | "COAST" | "COASTLINE" | "SHORES"
            )
        })
}

/// Demands and appeals named by their noun and followed by what they ask ("reiterated its
/// demand that Israel ease ...", "renewed their call that the rebels lay down arms"): the
/// actor before the noun asks it of the group right after "that" (CAMEO 100 for a demand,
/// 020 for a call or appeal). Returns the events and the groups asked, whose verbs code
/// nothing of their own.
fn nominal_demands(
    text: &str,
    tokens: &[Token],
    norms: &[&str],
    groups: &[Group],
    sentence: (usize, usize),
) -> (Vec<CodedEvent>, Vec<usize>) {
    let (mut out, mut asked) = (Vec::new(), Vec::new());
    for k in 0..norms.len().saturating_sub(1) {
        let code = match norms[k] {
            "DEMAND" | "DEMANDS" | "INSISTENCE" => "100",
            "CALL" | "CALLS" | "APPEAL" | "APPEALS" => "020",
            _ => continue,
        };
        // "its demand that", "its demand today that"
        let that = if norms[k + 1] == "THAT" {
            k + 1
        } else if norms.get(k + 2) == Some(&"THAT")
            && (norms[k + 1] == "AGAIN" || crate::dates::is_day_word(norms[k + 1]))
        {
            k + 2
        } else {
            continue;
        };
        if tokens[k].tag.is_verb() {
            continue;
        }
        let mut at = that + 1;
        while at < tokens.len() && tokens[at].tag == Tag::Det {
            at += 1;
        }
        let Some(g) = groups
            .iter()
            .position(|g| g.start == at && !g.codes().is_empty())
        else {
            continue;
        };
        // The asker: the nearest actor group before the noun, with only its verb, a
        // possessive, an article or a time word between ("reiterated its", "renewed
        // today its").
        let Some(s) = groups.iter().rposition(|x| {
            x.end <= k
                && k - x.end <= 4
                && !x.codes().is_empty()
                && tokens[x.end..k].iter().all(|t| {
                    t.tag.is_verb()
                        || matches!(
                            t.tag,
                            Tag::PossPron | Tag::Det | Tag::Adv | Tag::Other | Tag::Aux
                        ) && t.norm != ","
                })
        }) else {
            continue;
        };
        asked.push(g);
        let side = |g: usize, code: &str| group_side(text, tokens, groups, g, code);
        for from in groups[s].codes() {
            for to in groups[g].codes() {
                if from == to || from.starts_with("---") && to.starts_with("---") {
                    continue;
                }
                out.push(CodedEvent {
                    source: side(s, &from),
                    target: side(g, &to),
                    code: code.to_string(),
                    verb: text[tokens[k].start..tokens[that].end].to_string(),
                    verb_start: tokens[k].start,
                    verb_end: tokens[that].end,
                    hedged: false,
                    confidence: 0.7,
                    pattern: Some(format!("$ {} THAT +", norms[k])),
                    sentence_start: sentence.0,
                    sentence_end: sentence.1,
                    attributed_to: None,
                    also: Vec::new(),
                });
            }
        }
    }
    (out, asked)
}

/// Whether the word at `k` names a statement that the verb before its noun phrase issues
/// ("issued a joint statement", "released a statement"): what the statement says, its
/// issuers say. (A statement blocked or rejected says nothing of its blockers.)
fn issued_statement(tokens: &[Token], k: usize) -> bool {
    if !matches!(
        tokens[k].norm.as_str(),
        "STATEMENT" | "STATEMENTS" | "COMMUNIQUE" | "DECLARATION" | "RESOLUTION" | "RESOLUTIONS"
    ) {
        return false;
    }
    let q = phrase_start(tokens, k);
    q > 0
        && matches!(
            tokens[q - 1].norm.as_str(),
            "ISSUE"
                | "ISSUES"
                | "ISSUED"
                | "RELEASE"
                | "RELEASES"
                | "RELEASED"
                | "PUBLISH"
                | "PUBLISHED"
                | "MADE"
                | "ADOPTED"
                | "SIGNED"
                // ("passed a resolution censuring Iran": the body that passes it says it)
                | "PASS"
                | "PASSES"
                | "PASSED"
                | "ADOPT"
                | "ADOPTS"
                | "APPROVED"
        )
}

/// Whether a verb's object starts at token `n`: an article, a possessive pronoun, a
/// number or a capitalised word ("condemning the ...", "condemning Japan", "expelling ten
/// diplomats").
fn opens_object(text: &str, n: &Token) -> bool {
    matches!(
        n.norm.as_str(),
        "THE"
            | "A"
            | "AN"
            | "ITS"
            | "THEIR"
            | "HIS"
            | "HER"
            | "TWO"
            | "THREE"
            | "FOUR"
            | "FIVE"
            | "SIX"
            | "SEVEN"
            | "EIGHT"
            | "NINE"
            | "TEN"
            | "SEVERAL"
            | "DOZENS"
            | "HUNDREDS"
            | "THOUSANDS"
    ) || text[n.start..].starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
}

/// Whether token `k` is the "as" of a passive reporting frame ("was quoted as saying",
/// "was reported as accusing").
fn quoted_as(tokens: &[Token], k: usize) -> bool {
    quoted_at(tokens, k).is_some()
}

/// Where the "quoted" of a passive reporting frame stands, when token `k` is its "as";
/// words of time may stand between ("was quoted today as saying", "was quoted on Monday
/// as saying").
fn quoted_at(tokens: &[Token], k: usize) -> Option<usize> {
    if tokens[k].norm != "AS" {
        return None;
    }
    let mut j = k;
    while j > 0 && (tokens[j - 1].norm == "ON" || crate::dates::is_day_word(&tokens[j - 1].norm)) {
        j -= 1;
    }
    // ("As part of the deal, ...": an "as" opening the sentence has nothing before it)
    let before = j.checked_sub(1)?;
    matches!(
        tokens[before].norm.as_str(),
        "QUOTED" | "REPORTED" | "CITED"
    )
    .then_some(before)
}

/// Whether a word has a demonym's ending ("Russian", "Japanese", "British", "Israeli").
fn is_demonym(word: &str) -> bool {
    ["AN", "ESE", "ISH", "I"].iter().any(|e| word.ends_with(e))
}

/// Where the noun phrase ending in a group that starts at `start` begins: articles,
/// possessive pronouns, adjectives and numbers before the group are its own.
fn phrase_start(tokens: &[Token], start: usize) -> usize {
    let mut k = start;
    while k > 0
        && matches!(
            tokens[k - 1].tag,
            Tag::Det | Tag::PossPron | Tag::Adj | Tag::Num
        )
    {
        k -= 1;
    }
    k
}

/// Words that open a clause of what another party's act prompted (", prompting Tokyo to
/// protest").
const PROMPTING: &[&str] = &["PROMPTING", "FORCING", "CAUSING", "LEADING", "SPURRING"];

/// The normalised word at `k`, or "" past the end.
fn norms_at(tokens: &[Token], k: usize) -> &str {
    tokens.get(k).map_or("", |t| t.norm.as_str())
}

/// Words of telling someone something: their addressee stands before "that" ("told the
/// United States that").
const TELLING: &[&str] = &[
    "TOLD", "TELLS", "TELL", "INFORMED", "INFORMS", "ASSURED", "ASSURES", "REMINDED", "REMINDS",
    "WARNED", "WARNS",
];

/// Words that report what someone said, for demands given as "X said that Y must".
const SAYING: &[&str] = &[
    "SAID",
    "SAYS",
    "SAY",
    "SAYING",
    "DECLARED",
    "DECLARES",
    "REITERATED",
    "REITERATES",
    "INSISTED",
    "INSISTS",
    "STRESSED",
    "STRESSES",
    "ANNOUNCED",
    "ANNOUNCES",
    "CONCLUDED",
    "CONCLUDES",
    "TOLD",
    "ADDED",
    "STATED",
    "STATES",
];

/// Demands given as reported obligations: "The Bush administration declared Tuesday that
/// China must drop barriers", "a British minister reiterated that Libya must hand over":
/// the actor before a reporting word demands (CAMEO 100) of the actor group right before
/// "must" in the clause it reports (each member of a compound), when the reporter is an
/// actor and not the same country.
fn must_demands(
    text: &str,
    tokens: &[Token],
    norms: &[&str],
    groups: &[Group],
    sentence: (usize, usize),
) -> Vec<CodedEvent> {
    let mut out = Vec::new();
    for (k, w) in norms.iter().enumerate() {
        if *w != "MUST" {
            continue;
        }
        // The group right before "must", or before a place after it ("the rebels in
        // Darfur must") or the rest of a name it begins.
        let Some(g) = groups.iter().rposition(|g| {
            g.end <= k
                && k - g.end <= 3
                && !g.codes().is_empty()
                && tokens[g.end..k]
                    .iter()
                    .all(|t| matches!(t.tag, Tag::Prep | Tag::Proper | Tag::Noun | Tag::Det))
                && (g.end == k
                    || tokens[g.end].tag == Tag::Prep
                    // a name going on past the actor ("Rwandan Patriotic Front")
                    || tokens[g.end..k].iter().all(|t| t.tag == Tag::Proper))
        }) else {
            continue;
        };
        // The reporting word before the group ("said that", "said", "said on Friday
        // that": a time expression may stand between the word and "that").
        // An article before the group ("said that the Sudanese government must"), and
        // groups coordinated before it ("President Kagame and his Rwandan Patriotic
        // Front must"): all are asked.
        let mut asked = vec![g];
        let mut start = groups[g].start;
        loop {
            while start > 0 && matches!(tokens[start - 1].tag, Tag::Det | Tag::PossPron) {
                start -= 1;
            }
            let before = start
                .checked_sub(1)
                .filter(|&c| is_coordinator(&tokens[c]) || norms[c] == ",")
                .and_then(|c| {
                    groups
                        .iter()
                        .rposition(|h| h.end == c && !h.codes().is_empty())
                });
            match before {
                Some(h) => {
                    asked.push(h);
                    start = groups[h].start;
                }
                None => break,
            }
        }
        // (not a word of a name: "the United States")
        let in_name = |j: usize| groups.iter().any(|g| g.start <= j && j < g.end);
        let say = if start > 0 && norms[start - 1] == "THAT" {
            (start.saturating_sub(5)..start - 1)
                .rev()
                .find(|&j| {
                    SAYING.contains(&norms[j])
                        && !in_name(j)
                        && tokens[j + 1..start - 1].iter().all(|t| {
                            matches!(t.tag, Tag::Adv | Tag::Noun | Tag::Proper | Tag::Prep)
                        })
                })
                // "told visiting U.S. Secretary of State Warren Christopher that": a word of
                // telling, its addressee (a noun phrase) and "that".
                .or_else(|| {
                    (start.saturating_sub(14)..start - 1).rev().find(|&j| {
                        TELLING.contains(&norms[j])
                            && start - 1 > j + 1
                            && (j + 1..start - 1).all(|q| {
                                let t = &tokens[q];
                                // (a name's words are the addressee's, whatever their tags:
                                // "the United States")
                                in_name(q)
                                    || matches!(
                                        t.tag,
                                        Tag::Det
                                            | Tag::Adj
                                            | Tag::Noun
                                            | Tag::Proper
                                            | Tag::Poss
                                            | Tag::Prep
                                            | Tag::Other
                                            | Tag::Verb { gerund: true, .. }
                                    ) && t.norm != ","
                            })
                    })
                })
        } else {
            start.checked_sub(1).filter(|&j| SAYING.contains(&norms[j]))
        };
        let Some(say) = say else {
            continue;
        };
        // The reporter: the nearest actor group ending before the reporting word, with at
        // most a time expression between ("declared Tuesday", "said on Friday") or a
        // passive frame ("was quoted as saying").
        let Some(s) = groups.iter().rposition(|x| {
            x.end <= say
                && say - x.end <= 4
                && !x.codes().is_empty()
                && tokens[x.end..say].iter().all(|t| {
                    matches!(
                        t.tag,
                        Tag::Adv | Tag::Noun | Tag::Proper | Tag::Prep | Tag::Other | Tag::Aux
                    ) && t.norm != ","
                })
        }) else {
            continue;
        };
        let hedged = norms.iter().any(|n| HEDGE_WORDS.contains(n));
        let side = |g: usize, code: &str| group_side(text, tokens, groups, g, code);
        for from in groups[s].codes() {
            for (g, to) in asked
                .iter()
                .rev()
                .flat_map(|&g| groups[g].codes().into_iter().map(move |c| (g, c)))
            {
                // A demand within one state is coded between its parts ("rebels said the
                // government must"), never of itself.
                if from == to
                    || (from.get(..3) == to.get(..3) && (from.len() <= 3 || to.len() <= 3))
                    || from.starts_with("---") && to.starts_with("---")
                {
                    continue;
                }
                out.push(CodedEvent {
                    source: side(s, &from),
                    target: side(g, &to),
                    code: "100".to_string(),
                    verb: text[tokens[say].start..tokens[k].end].to_string(),
                    verb_start: tokens[say].start,
                    verb_end: tokens[k].end,
                    hedged,
                    confidence: if hedged { 0.35 } else { 0.7 },
                    pattern: Some(format!("$ {} [THAT] + MUST", norms[say])),
                    sentence_start: sentence.0,
                    sentence_end: sentence.1,
                    attributed_to: None,
                    also: Vec::new(),
                });
            }
        }
    }
    out
}

/// Events named by a noun at the head of a sentence, with the preposition before the
/// target (`None`: the event has one side): "Russia's invasion of Ukraine has killed
/// ...", "Putin's visit to Pyongyang ...", "North Korea's launch of a spy satellite ...",
/// "The expulsion of the French ambassador by Niger ...".
const HEADED_EVENTS: &[(&str, &str, Option<&str>)] = &[
    ("VISIT", "042", Some("TO")),
    ("TRIP", "042", Some("TO")),
    ("INVASION", "190", Some("OF")),
    ("ATTACK", "190", Some("ON")),
    ("ATTACKS", "190", Some("ON")),
    ("OCCUPATION", "192", Some("OF")),
    ("ANNEXATION", "192", Some("OF")),
    ("RECOGNITION", "054", Some("OF")),
    ("EXPULSION", "174", Some("OF")),
    ("ARREST", "173", Some("OF")),
    ("DETENTION", "173", Some("OF")),
    ("BOMBING", "195", Some("OF")),
    ("SHELLING", "194", Some("OF")),
    ("BLOCKADE", "191", Some("OF")),
    ("WITHDRAWAL", "087", Some("FROM")),
    ("BOMBARDMENT", "195", Some("OF")),
    ("SANCTIONS", "163", Some("ON")),
    ("BAN", "163", Some("ON")),
    ("LAUNCH", "150", None),
    ("TEST", "150", None),
];

/// The group that acts in an event of [`HEADED_EVENTS`] heading the sentence, and where
/// its noun stands: "X's [adjectives] NOUN" or "the NOUN of X".
fn headed_noun(tokens: &[Token], norms: &[&str], groups: &[Group]) -> Option<(usize, usize)> {
    let head = usize::from(norms.first() == Some(&"THE"));
    let with_actor = |g: &Group| g.codes().iter().any(|c| !c.starts_with("---"));
    let is_noun = |k: usize| HEADED_EVENTS.iter().any(|(n, ..)| Some(n) == norms.get(k));
    if let Some(a) = groups.iter().position(|g| g.start == head && with_actor(g))
        && tokens
            .get(groups[a].end)
            .is_some_and(|t| t.tag == Tag::Poss)
    {
        let end = groups[a].end;
        return (end + 1..norms.len().min(end + 4))
            .find(|&k| is_noun(k))
            .map(|k| (a, k));
    }
    // ("The Iraqi invasion of Kuwait prompted ...": a state's adjective right before the
    // noun gives the actor as its possessive would)
    if let Some(a) = groups.iter().position(|g| g.start == head && with_actor(g))
        && groups[a].end == groups[a].start + 1
        && is_demonym(norms[groups[a].start])
        && is_noun(groups[a].end)
        && HEADED_EVENTS
            .iter()
            .find(|(n, ..)| Some(n) == norms.get(groups[a].end))
            .is_some_and(|(_, _, prep)| prep.is_some())
    {
        return Some((a, groups[a].end));
    }
    // ("the visit by the Chinese foreign minister to Moscow": "by" gives the actor too)
    if head == 1 && is_noun(1) && matches!(norms.get(2), Some(&("OF" | "BY"))) {
        return groups
            .iter()
            .position(|g| (g.start == 3 || (g.start == 4 && norms[3] == "THE")) && with_actor(g))
            .map(|a| (a, 1));
    }
    None
}

/// The events of [`HEADED_EVENTS`]: the actor is the noun's possessor ("Russia's
/// invasion") or follows "of" or "by" ("the visit of the Iranian president to Iraq"); the target
/// follows the noun's preposition. Only at the head of the sentence, where the event is
/// what the sentence reports on, and not when it is planned, proposed or denied.
/// `headed` is [`headed_noun`]'s answer for the sentence, found once for it.
fn headed_events(
    text: &str,
    tokens: &[Token],
    norms: &[&str],
    groups: &[Group],
    headed: Option<(usize, usize)>,
    sentence: (usize, usize),
) -> Vec<CodedEvent> {
    let group_at = |k: usize| {
        groups.iter().position(|g| {
            g.codes().iter().any(|c| !c.starts_with("---"))
                && (g.start == k || (g.start == k + 1 && norms.get(k) == Some(&"THE")))
        })
    };
    let Some((mut a, k)) = headed else {
        return Vec::new();
    };
    let Some(&(noun, code, prep)) = HEADED_EVENTS.iter().find(|(n, ..)| *n == norms[k]) else {
        return Vec::new();
    };
    // "The expulsion of the French ambassador by Niger": where the target follows "of",
    // "the NOUN of X by Y" is Y acting on X.
    let mut by_target = None;
    if k == 1 && prep == Some("OF") && norms[2] == "OF" {
        let of_group = a;
        match group_at(groups[of_group].end + 1)
            .filter(|_| norms.get(groups[of_group].end) == Some(&"BY"))
        {
            Some(b) => {
                a = b;
                by_target = Some(of_group);
            }
            None => return Vec::new(),
        }
    }
    let actor = &groups[a];
    if norms[..k].iter().any(|n| {
        matches!(
            *n,
            "PLANNED" | "PROPOSED" | "UPCOMING" | "POSSIBLE" | "EXPECTED" | "NO" | "ALLEGED"
        )
    }) {
        return Vec::new();
    }
    // Where the target's preposition stands: after the noun, or after the actor in "the
    // visit of X to Y".
    let after = if k == 1 { actor.end } else { k + 1 };
    let target = match prep {
        _ if by_target.is_some() => by_target,
        Some(p) if norms.get(after) == Some(&p) => match group_at(after + 1) {
            Some(t) => Some(t),
            None => return Vec::new(),
        },
        Some(_) => return Vec::new(),
        // A launch or test "of" something, with no one on the other side.
        None if norms.get(after) == Some(&"OF") => None,
        None => return Vec::new(),
    };
    // The side of group `g`, or the empty side where the noun ends.
    let side = |g: Option<usize>, code: &str| match g {
        Some(g) => group_side(text, tokens, groups, g, code),
        None => Side {
            code: String::new(),
            text: String::new(),
            start: tokens[k].end,
            end: tokens[k].end,
        },
    };
    let hedged = norms.iter().any(|n| HEDGE_WORDS.contains(n));
    let tcs: Vec<String> = match target {
        Some(t) => groups[t].codes(),
        None => vec![String::new()],
    };
    let mut out = Vec::new();
    for sc in actor.codes().iter().filter(|c| !c.starts_with("---")) {
        for tc in &tcs {
            if tc.get(..3) == sc.get(..3) {
                continue;
            }
            out.push(CodedEvent {
                source: side(Some(a), sc),
                target: side(target, tc),
                code: code.to_string(),
                verb: text[tokens[k].start..tokens[k].end].to_string(),
                verb_start: tokens[k].start,
                verb_end: tokens[k].end,
                hedged,
                confidence: if hedged { 0.35 } else { 0.7 },
                pattern: Some(match prep {
                    Some(p) => format!("$'S {noun} {p} +"),
                    None => format!("$'S {noun} OF"),
                }),
                sentence_start: sentence.0,
                sentence_end: sentence.1,
                attributed_to: None,
                also: Vec::new(),
            });
        }
    }
    out
}

fn nominal_events(
    text: &str,
    tokens: &[Token],
    norms: &[&str],
    groups: &[Group],
    headed: Option<(usize, usize)>,
    sentence: (usize, usize),
) -> Vec<CodedEvent> {
    let mut out = headed_events(text, tokens, norms, groups, headed, sentence);
    for (k, w) in norms.iter().enumerate() {
        let Some(&(_, code)) = NOMINAL_EVENTS.iter().find(|(n, _)| n == w) else {
            continue;
        };
        // Not after a negation ("no treaty between"), and not as the topic of another
        // event ("protest against the pact between", "concern over the treaty between"):
        // such a sentence names the event, it does not report it.
        // ("clashes broke out on Saturday between Armenian and Azerbaijani forces":
        // a verb of onset and words of time may stand between the noun and "between")
        let between = if norms.get(k + 1) == Some(&"BETWEEN") {
            Some(k + 1)
        } else if code.starts_with("19")
            && norms.get(k + 1).is_some_and(|n| FIGHTING_ONSET.contains(n))
        {
            (k + 2..norms.len().min(k + 8))
                .take_while(|&j| !matches!(norms[j], "," | ";" | "AND" | "BUT"))
                .find(|&j| norms[j] == "BETWEEN")
        } else {
            None
        };
        let Some(between) = between else {
            continue;
        };
        if norms[k.saturating_sub(3)..k]
                .iter()
                .any(|n| matches!(*n, "NO" | "NOT" | "NEVER" | "WITHOUT"))
            // ("offered to host peace talks between", "called for talks between", "the
            // planned summit between": talks offered, asked for or planned are not held)
            || norms[k.saturating_sub(4)..k].iter().any(|n| {
                matches!(
                    *n,
                    "AGAINST"
                        | "OVER"
                        | "ABOUT"
                        | "CONCERNING"
                        | "REGARDING"
                        | "DESPITE"
                        | "OFFER"
                        | "OFFERED"
                        | "OFFERS"
                        | "PROPOSE"
                        | "PROPOSED"
                        | "PROPOSES"
                        | "PLANNED"
                        | "POSSIBLE"
                        | "UPCOMING"
                        | "FOR"
                        | "TO"
                        // ("a truce that ended the clashes between", "to prevent
                        // clashes between": what is ended or averted is not reported)
                        | "END"
                        | "ENDED"
                        | "ENDING"
                        | "ENDS"
                        | "HALT"
                        | "HALTED"
                        | "STOP"
                        | "STOPPED"
                        | "PREVENT"
                        | "PREVENTED"
                        | "AVERT"
                        | "AVERTED"
                        | "AVOID"
                )
            })
        {
            continue;
        }
        // ("talks between the United States and the Taliban": an article may open it)
        let Some(g) = groups.iter().find(|g| {
            g.start == between + 1 || (g.start == between + 2 && norms[between + 1] == "THE")
        }) else {
            continue;
        };
        let [a, b] = g.conjuncts.as_slice() else {
            continue;
        };
        let (Some(a), Some(b)) = (a.first(), b.first()) else {
            continue;
        };
        if a == b || a.starts_with("---") || b.starts_with("---") {
            continue;
        }
        let hedged = norms.iter().any(|n| HEDGE_WORDS.contains(n));
        let (gs, ge) = (tokens[g.start].start, tokens[g.end - 1].end);
        let side = |code: &str| Side {
            code: code.to_string(),
            text: text[gs..ge].to_string(),
            start: gs,
            end: ge,
        };
        for (x, y) in [(a, b), (b, a)] {
            out.push(CodedEvent {
                source: side(x),
                target: side(y),
                code: code.to_string(),
                verb: text[tokens[k].start..tokens[k].end].to_string(),
                verb_start: tokens[k].start,
                verb_end: tokens[k].end,
                hedged,
                confidence: if hedged { 0.35 } else { 0.7 },
                pattern: Some(format!("{w} BETWEEN $ AND +")),
                sentence_start: sentence.0,
                sentence_end: sentence.1,
                attributed_to: None,
                also: Vec::new(),
            });
        }
    }
    out
}

/// Words by which an act draws others' reaction ("drawing protests from", "sparked
/// condemnation from").
const REACTION_OPENERS: &[&str] = &[
    "DRAWING",
    "DREW",
    "DRAWN",
    "PROMPTING",
    "PROMPTED",
    "SPARKING",
    "SPARKED",
    "TRIGGERING",
    "TRIGGERED",
    "PROVOKING",
    "PROVOKED",
];

/// Reactions an act draws, by noun, and their CAMEO codes.
const REACTIONS: &[(&str, &str)] = &[
    ("PROTESTS", "114"),
    ("PROTEST", "114"),
    ("CRITICISM", "111"),
    ("CONDEMNATION", "111"),
    ("CONDEMNATIONS", "111"),
    ("REBUKE", "111"),
    ("REBUKES", "111"),
    ("PRAISE", "051"),
    ("SANCTIONS", "163"),
];

/// "France resumed nuclear testing, drawing protests from Australia and New Zealand": the
/// parties after "from" react to the sentence's subject (AUS -> FRA, NZL -> FRA, 114), the
/// subject being the group that opens the sentence. An adjective may stand before the
/// noun ("drew sharp criticism from").
fn reactions(
    text: &str,
    tokens: &[Token],
    norms: &[&str],
    groups: &[Group],
    sentence: (usize, usize),
) -> Vec<CodedEvent> {
    let mut out = Vec::new();
    let Some(si) = groups.iter().position(|g| {
        tokens[..g.start].iter().all(|t| t.tag == Tag::Det)
            && g.codes().iter().any(|c| !c.starts_with("---"))
    }) else {
        return out;
    };
    let subject = &groups[si];
    let hedged = norms.iter().any(|n| HEDGE_WORDS.contains(n));
    for (k, w) in norms.iter().enumerate() {
        let Some(&(_, code)) = REACTIONS.iter().find(|(n, _)| n == w) else {
            continue;
        };
        let opened = (k >= 1 && REACTION_OPENERS.contains(&norms[k - 1]))
            || (k >= 2
                && matches!(tokens[k - 1].tag, Tag::Adj | Tag::Other | Tag::Adv)
                && REACTION_OPENERS.contains(&norms[k - 2]));
        if !opened || k < subject.end || norms.get(k + 1) != Some(&"FROM") {
            continue;
        }
        let opener = if REACTION_OPENERS.contains(&norms[k - 1]) {
            norms[k - 1]
        } else {
            norms[k - 2]
        };
        let Some(gi) = groups
            .iter()
            .position(|g| g.start == k + 2 || (g.start == k + 3 && norms[k + 2] == "THE"))
        else {
            continue;
        };
        let g = &groups[gi];
        for target in subject.codes().iter().filter(|c| !c.starts_with("---")) {
            for source in g.codes().iter().filter(|c| !c.starts_with("---")) {
                if source.get(..3) == target.get(..3) {
                    continue;
                }
                out.push(CodedEvent {
                    source: group_side(text, tokens, groups, gi, source),
                    target: group_side(text, tokens, groups, si, target),
                    code: code.to_string(),
                    verb: text[tokens[k].start..tokens[k].end].to_string(),
                    verb_start: tokens[k].start,
                    verb_end: tokens[k].end,
                    hedged,
                    confidence: if hedged { 0.35 } else { 0.7 },
                    pattern: Some(format!("$ ... {opener} {w} FROM +")),
                    sentence_start: sentence.0,
                    sentence_end: sentence.1,
                    attributed_to: None,
                    also: Vec::new(),
                });
            }
        }
    }
    out
}

const HEDGE_WORDS: &[&str] = &[
    "ALLEGATION",
    "ALLEGATIONS",
    "ALLEGEDLY",
    "REPORTEDLY",
    "RUMOR",
    "RUMORS",
    "RUMOUR",
    "RUMOURS",
    "UNCONFIRMED",
    "UNVERIFIED",
    "SUSPECTED",
    "SUSPICION",
    "SUSPICIONS",
    "PURPORTEDLY",
    "APPARENTLY",
    "POSSIBLY",
    "PERHAPS",
    "PROBABLY",
    "LIKELY",
    "SPECULATION",
    "ALLEGED",
    "SUPPOSEDLY",
    "CLAIMS",
];

/// Whether a token is a past participle, or a word in -ed the dictionaries do not hold
/// (tagged as other: "expected", "backed").
fn participle_like(t: &Token) -> bool {
    matches!(
        t.tag,
        Tag::Verb {
            past_participle: true,
            ..
        }
    ) || (t.tag == Tag::Other && t.norm.len() > 4 && t.norm.ends_with("ED"))
}

/// The noun a participle at `at` describes: the group right before it (or before its
/// comma); when that group is a preposition's object ("fighters in Syria, supported by"),
/// the group before the preposition, if one ends there ("of" keeps the group: "a convoy
/// of Syrian troops, backed by").
fn described_noun(tokens: &[Token], groups: &[Group], at: usize) -> Option<usize> {
    let end = if at > 0 && tokens[at - 1].norm == "," {
        at - 1
    } else {
        at
    };
    let g = groups.iter().rposition(|g| g.end == end)?;
    let mut k = groups[g].start;
    while k > 0 && matches!(tokens[k - 1].tag, Tag::Det | Tag::PossPron | Tag::Adj) {
        k -= 1;
    }
    if k > 0 && tokens[k - 1].tag == Tag::Prep && tokens[k - 1].norm != "OF" {
        return groups.iter().rposition(|h| h.end == k - 1);
    }
    Some(g)
}

fn is_coordinator(t: &Token) -> bool {
    t.tag == Tag::Conj || matches!(t.norm.as_str(), "AND" | "OR" | "NOR" | "&")
}

impl Coder {
    /// A coder over `dicts`.
    pub fn new(dicts: Dictionaries) -> Coder {
        Coder {
            dicts,
            require_dyad: true,
            trees: false,
            intent: true,
        }
    }

    /// The same coder, coding stated intentions as intentions or not (as the act).
    pub fn with_intent(mut self, intent: bool) -> Coder {
        self.intent = intent;
        self
    }

    /// Whether stated intentions are coded as intentions (see [`Coder::with_intent`]).
    pub fn intent(&self) -> bool {
        self.intent
    }

    /// The same coder, using CoNLL-U dependency trees or not (tags only).
    pub fn with_trees(mut self, trees: bool) -> Coder {
        self.trees = trees;
        self
    }

    /// Whether CoNLL-U dependency trees are used.
    pub fn trees(&self) -> bool {
        self.trees
    }

    /// The same coder with PETRARCH's `require_dyad` set (see [`Coder`]).
    pub fn with_require_dyad(mut self, require_dyad: bool) -> Coder {
        self.require_dyad = require_dyad;
        self
    }

    /// Whether an event needs a target.
    pub fn require_dyad(&self) -> bool {
        self.require_dyad
    }

    /// The dictionaries in use.
    pub fn dictionaries(&self) -> &Dictionaries {
        &self.dicts
    }

    /// Guesses parts of speech for tokens that came from raw text (not from a parse).
    pub fn guess_tags(&self, tokens: &mut [Token], text: &str) {
        // Words inside an actor's name of several words are no verbs ("the Baltic states
        // expelled": "states" reports nothing, and "expelled" is the verb). Such a name
        // starts with a capital in text; only there is it looked up.
        let mut in_name = vec![false; tokens.len()];
        {
            let norms: Vec<&str> = tokens.iter().map(|t| t.norm.as_str()).collect();
            let mut i = 0;
            while i < norms.len() {
                let capital = text
                    .get(tokens[i].start..)
                    .and_then(|t| t.chars().next())
                    .is_some_and(char::is_uppercase);
                match capital
                    .then(|| self.dicts.actors.index.longest_at(&norms, i))
                    .flatten()
                {
                    Some((len, _)) if len >= 2 => {
                        in_name[i + 1..i + len].iter_mut().for_each(|b| *b = true);
                        i += len;
                    }
                    _ => i += 1,
                }
            }
        }
        for k in 0..tokens.len() {
            if tokens[k].tag != Tag::Other {
                continue;
            }
            let norm = tokens[k].norm.as_str();
            let tag = match norm {
                "NOT" | "N'T" | "NEVER" => Tag::Neg,
                "THE" | "A" | "AN" | "THIS" | "THESE" | "THOSE" | "EACH" | "EVERY" | "SOME"
                | "ANY" | "ALL" | "BOTH" | "NO" | "ANOTHER" | "EITHER" | "NEITHER" => Tag::Det,
                "HE" | "SHE" | "IT" | "THEY" | "WE" | "I" | "YOU" | "HIM" | "THEM" | "ME" => {
                    Tag::Pron
                }
                // "us" is a pronoun; "US" the country.
                "US" if &text[tokens[k].start..tokens[k].end] != "US" => Tag::Pron,
                "HIS" | "HER" | "ITS" | "THEIR" | "OUR" | "MY" | "YOUR" => Tag::PossPron,
                "'S" | "'" => Tag::Poss,
                "TO" => Tag::To,
                "AND" | "OR" | "BUT" | "NOR" | "&" => Tag::Conj,
                "WHO" | "WHOM" | "WHICH" | "WHOSE" | "WHERE" | "WHEN" | "WHY" | "HOW" => Tag::Wh,
                "WILL" | "WOULD" | "MAY" | "MIGHT" | "CAN" | "COULD" | "SHALL" | "SHOULD"
                | "MUST" | "'LL" | "'D" | "CA" | "WO" => Tag::Modal,
                "OF" | "IN" | "ON" | "AT" | "BY" | "FOR" | "WITH" | "FROM" | "INTO" | "ONTO"
                | "OVER" | "UNDER" | "AGAINST" | "BETWEEN" | "AMONG" | "ABOUT" | "AFTER"
                | "BEFORE" | "DURING" | "SINCE" | "UNTIL" | "THROUGH" | "ACROSS" | "NEAR"
                | "TOWARD" | "TOWARDS" | "WITHOUT" | "WITHIN" | "ALONG" | "AMID" | "DESPITE"
                | "THAN" | "THAT" | "IF" | "WHETHER" | "BECAUSE" | "WHILE" | "ALTHOUGH"
                | "THOUGH" | "AS" | "PER" | "VIA" | "UPON" | "BEYOND" | "OFF" | "AROUND"
                | "AMONGST" | "UNLESS" | "ABOARD" | "BEHIND" | "BESIDE" | "INSIDE" | "OUTSIDE" => {
                    Tag::Prep
                }
                _ if is_aux(norm) => Tag::Aux,
                _ if norm.chars().next().is_some_and(|c| c.is_ascii_digit()) => Tag::Num,
                // "sent back to Guatemala", "flew back home": the adverb, not "back" = support.
                "BACK"
                    if tokens.get(k + 1).is_some_and(|n| {
                        matches!(n.norm.as_str(), "TO" | "INTO" | "FROM" | "HOME" | "IN")
                    }) =>
                {
                    Tag::Adv
                }
                // "-ly" words are adverbs, except names ("Italy", "Sicily", a capitalised
                // word inside the sentence: "the General Assembly"), nouns ("family",
                // "ally") and verbs the dictionaries know ("supply", "apply", "rally").
                _ if norm.len() > 4
                    && norm.ends_with("LY")
                    && !matches!(
                        norm,
                        "ASSEMBLY" | "FAMILY" | "ALLY" | "MONOPOLY" | "ANOMALY"
                    )
                    && !(k > 0
                        && text[tokens[k].start..tokens[k].end]
                            .starts_with(|c: char| c.is_ascii_uppercase())
                        && !text[tokens[k].start..tokens[k].end]
                            .chars()
                            .all(|c| !c.is_ascii_lowercase()))
                    && self.dicts.actors.index.longest_at(&[norm], 0).is_none()
                    && !self.dicts.verbs.forms.contains_key(norm) =>
                {
                    Tag::Adv
                }
                _ if matches!(
                    norm,
                    "ALSO"
                        | "NOW"
                        | "AGAIN"
                        | "ALREADY"
                        | "STILL"
                        | "JUST"
                        | "SOON"
                        | "THEN"
                        | "YET"
                        | "FURTHER"
                        | "JOINTLY"
                        | "ONCE"
                        | "EVEN"
                        // ("arrested activists ahead of the election": no noun the role
                        // modifies)
                        | "AHEAD"
                        | "LATER"
                        | "EARLIER"
                        | "ABROAD"
                        | "INSTEAD"
                        | "TOGETHER"
                        | "OVERNIGHT"
                        | "TOO"
                ) =>
                {
                    Tag::Adv
                }
                _ => {
                    let verb =
                        self.dicts.verbs.forms.contains_key(norm) || REPORTING.contains(&norm);
                    let prev = k.checked_sub(1).map(|p| tokens[p].tag);
                    let next = tokens.get(k + 1).map(|t| t.norm.as_str());
                    let past_form = participle(norm) && !norm.ends_with("ING");
                    // A plural's ending ("ships", "attacks"; not "press", "congress").
                    let plural = norm.ends_with('S') && !norm.ends_with("SS");
                    // Where the run of names right before this word starts.
                    let name_start = (0..k)
                        .rev()
                        .find(|&p| tokens[p].tag != Tag::Proper)
                        .map_or(0, |p| p + 1);
                    // (asked only of a word the dictionaries know as a verb)
                    let nominal_context = verb
                        && (matches!(
                        prev,
                        Some(Tag::Det | Tag::PossPron | Tag::Poss | Tag::Adj | Tag::Num)
                    ) || matches!(prev, Some(Tag::Prep))
                        && tokens[k - 1].norm != "THAT"
                        // ("was quoted as saying", "was quoted as accusing": a gerund
                        // reporting, or reported, is a verb)
                        && !(norm.ends_with("ING")
                            && (REPORTING.contains(&norm) || quoted_as(tokens, k - 1)))
                        // "after meeting Putin", "while visiting Seoul": a gerund with an
                        // object after a word of time is a verb (what a gerund after
                        // "before" or "for" tells has not happened, or is the reason)
                        // ("responded by firing missiles": after a verb and "by", an
                        // -ing word is its means, a verb, whatever follows)
                        && !(norm.ends_with("ING")
                            && time_adjunct(tokens, k - 1)
                            && (tokens[k - 1].norm == "BY"
                                || tokens.get(k + 1).is_some_and(|n| opens_object(text, n))))
                        // ("began pulling out", "continued shelling": a gerund after a
                        // verb of aspect is the verb)
                        || (matches!(prev, Some(Tag::Verb { .. }))
                            && !(norm.ends_with("ING")
                                && ASPECT.contains(&tokens[k - 1].norm.as_str())))
                        // ("accused the coast guard of deliberately ramming": so is a
                        // gerund after "of" and an adverb)
                        || (prev == Some(Tag::Adv)
                            && k >= 2
                            && tokens[k - 2].norm == "OF"
                            && norm.ends_with("ING"))
                        // ("offering further military support to Lebanon": after a word
                        // of the kind of aid, before a preposition, the aid itself)
                        || (k > 0
                            && matches!(
                                tokens[k - 1].norm.as_str(),
                                "MILITARY"
                                    | "ECONOMIC"
                                    | "FINANCIAL"
                                    | "HUMANITARIAN"
                                    | "POLITICAL"
                                    | "DIPLOMATIC"
                                    | "LOGISTICAL"
                                    | "TECHNICAL"
                                    | "MORAL"
                            )
                            && matches!(next, Some("TO" | "FOR" | "FROM" | "," | "." | "AND")))
                        // "the launch of", "the killing of" (a past form is a verb:
                        // "warned of countermeasures")
                        || (next == Some("OF") && !past_form)
                        // ("drawing protests from Australia": what an act draws is a
                        // noun, the reaction of others)
                        || (k > 0 && REACTION_OPENERS.contains(&tokens[k - 1].norm.as_str()))
                        // "a newspaper close to the government": an adjective
                        || (norm == "CLOSE" && next == Some("TO"))
                        // "North Korea's arms trade with Russia": a base form right
                        // after a possessed singular noun (or "arms"), before a
                        // preposition, is a noun too
                        || (k >= 2
                            && tokens[k - 2].tag == Tag::Poss
                            && matches!(prev, Some(Tag::Noun | Tag::Other))
                            && (!tokens[k - 1].norm.ends_with('S') || tokens[k - 1].norm == "ARMS")
                            && !norm.ends_with('S')
                            && !norm.ends_with("ED")
                            && !norm.ends_with("ING")
                            && !REPORTING.contains(&norm)
                            && matches!(
                                next,
                                Some("WITH" | "ON" | "TO" | "AGAINST" | "FROM" | "IN")
                            ))
                        // "Chinese exports to Russia rose", "gas exports to the EU": a
                        // noun of trade after an adjective or a noun, before "to" or
                        // "from", is the trade, not a verb (after a country's name it
                        // is one: "Russia exports oil to China")
                        || (matches!(
                            norm,
                            "EXPORTS" | "IMPORTS" | "SHIPMENTS" | "SUPPLIES" | "DELIVERIES"
                        ) && matches!(next, Some("TO" | "FROM"))
                            && k > 0
                            && vigil_model::countries::by_name(&tokens[k - 1].norm).is_none()
                            && (matches!(prev, Some(Tag::Noun | Tag::Other | Tag::Adj))
                                || (prev == Some(Tag::Proper) && is_demonym(&tokens[k - 1].norm))))
                        // "a Panama-flagged ship sank": after an affiliation's ending
                        // the word is the noun it describes
                        || (k > 0 && tokens[k - 1].norm.len() > 2 && tokens[k - 1].norm.starts_with('-'))
                        // "North Korean shells were supplied", "coast guard ships had
                        // entered": a word in -s right before "were", "are", "have" or
                        // "had" is a plural noun, no verb
                        || (plural && matches!(next, Some("WERE" | "ARE" | "HAVE" | "HAD")))
                        // "sends armed drones", "sent trained troops": a past form right
                        // after a verb and before a plural noun describes it
                        || (past_form
                            && norm.ends_with("ED")
                            && matches!(prev, Some(Tag::Verb { .. }))
                            && next.is_some_and(|n| {
                                n.len() > 3 && n.ends_with('S') && !n.ends_with("SS")
                            }))
                        // "coast guard ships fired water cannon", "Chinese ships entered",
                        // "Russian attacks damaged": a word in -s right before a verb in -ed,
                        // after a noun or a people's name, is the plural subject
                        // ("Russia-Ukraine talks resumed" keeps "talks" as the meeting
                        // its parties hold)
                        || (plural
                            && norm != "TALKS"
                            && (matches!(prev, Some(Tag::Noun | Tag::Other))
                                || (prev == Some(Tag::Proper) && is_demonym(&tokens[k - 1].norm)))
                            && next.is_some_and(|n| {
                                n.ends_with("ED") && self.dicts.verbs.forms.contains_key(n)
                            }))
                        // "violating UN sanctions on North Korea", "Western sanctions
                        // against Russia": the verb takes its object with no preposition
                        || (matches!(norm, "SANCTIONS" | "SANCTION")
                            && matches!(
                                next,
                                Some(
                                    "ON" | "AGAINST"
                                        | "RELIEF"
                                        | "REGIME"
                                        | "EVASION"
                                        | "VIOLATIONS"
                                        | "COMMITTEE"
                                        | "PANEL"
                                        | "LIST"
                                        | "PACKAGE"
                                )
                            ))
                        // "vetoed EU military aid to Ukraine": aid of a kind is a noun
                        || (norm == "AID"
                            && k > 0
                            && matches!(
                                tokens[k - 1].norm.as_str(),
                                "MILITARY"
                                    | "ECONOMIC"
                                    | "HUMANITARIAN"
                                    | "FINANCIAL"
                                    | "FOREIGN"
                                    | "DEVELOPMENT"
                                    | "EMERGENCY"
                            ))
                        // "vetoed EU aid to Turkey", "US aid to Israel": aid after a name
                        // that follows a verb, a preposition or the sentence's start is
                        // the name's aid ("Russia and China aid" keeps the verb)
                        || (norm == "AID"
                            && matches!(prev, Some(Tag::Proper))
                            && (name_start == 0
                                || matches!(
                                    tokens[name_start - 1].tag,
                                    Tag::Verb { .. } | Tag::Prep | Tag::Det | Tag::PossPron
                                )))
                        // "to visiting scientists", "invading troops": a participle used
                        // as an adjective before a common noun, not after "be"
                        || (ADJECTIVAL_ING.contains(&norm)
                            && prev != Some(Tag::Aux)
                            && !(k > 0 && SUBORDINATORS.contains(&tokens[k - 1].norm.as_str()))
                            && tokens.get(k + 1).is_some_and(|n| {
                                (matches!(n.tag, Tag::Other | Tag::Noun)
                                    && !text[n.start..].starts_with(char::is_uppercase))
                                    // ("to visiting Russian officials": a demonym, then a
                                    // plural noun)
                                    || (text[n.start..].starts_with(char::is_uppercase)
                                        && is_demonym(&n.norm)
                                        && tokens.get(k + 2).is_some_and(|p| {
                                            p.norm.len() > 3
                                                && p.norm.ends_with('S')
                                                && text[p.start..].starts_with(char::is_lowercase)
                                        }))
                            }))
                        // "a Russian assault", "an Israeli offer", "a United Nations
                        // report": a present form after "a"/"an" and a name
                        || (!past_form
                            && matches!(prev, Some(Tag::Proper))
                            && name_start > 0
                            && matches!(tokens[name_start - 1].norm.as_str(), "A" | "AN"))
                        // "Xi's planned visit": a verb's word after a possessive and a
                        // past form is a noun
                        || (k >= 2
                            && tokens[k - 2].tag == Tag::Poss
                            && tokens[k - 1].norm.ends_with("ED"))
                        // "the Lockerbie bombing": an -ing word after an article and a
                        // name that is no actor names an event
                        || (norm.ends_with("ING")
                            && matches!(prev, Some(Tag::Proper))
                            && k >= 2
                            && tokens[k - 2].tag == Tag::Det
                            && self
                                .dicts
                                .actors
                                .index
                                .longest_at(&[tokens[k - 1].norm.as_str()], 0)
                                .is_none())
                        // "an aid worker", "the attack helicopters", "a test site" (a
                        // past form takes them as objects: "sent workers", "resumed
                        // flights")
                        || (!past_form && next.is_some_and(|n| COMPOUND_HEADS.contains(&n)))
                        // "the US armed forces": a verb's form opening a name of people
                        // the agents dictionary knows is part of that name
                        || {
                            let mut ahead = [""; 4];
                            let n = (tokens.len() - k).min(4);
                            for (a, t) in ahead.iter_mut().zip(&tokens[k..k + n]) {
                                *a = t.norm.as_str();
                            }
                            self.dicts
                                .agents
                                .index
                                .longest_at(&ahead[..n], 0)
                                .is_some_and(|(len, _)| len > 1)
                        }
                        // "received drones from Iran and shells from North Korea": a
                        // plural after "and", before "from" or "to", in a clause that has
                        // its verb, is another object
                        || (norm.len() > 3
                            && norm.ends_with('S')
                            && !norm.ends_with("SS")
                            && matches!(prev, Some(Tag::Conj))
                            && matches!(next, Some("FROM" | "TO"))
                            && tokens[..k].iter().any(|t| t.tag.is_verb()))
                        // "arms exports", "an arms deal": "arms" before a noun it
                        // modifies is weapons
                        || (norm == "ARMS" && next.is_some_and(|n| ARMS_HEADS.contains(&n)))
                        // "Chinese coast guard ships rammed a vessel": a plural right
                        // before a past form that takes an object of its own is the
                        // subject's noun ("Ukraine needs trained pilots" keeps its verb:
                        // the past form there describes the noun after it)
                        || (!past_form
                            && norm.len() > 3
                            && norm.ends_with('S')
                            && !norm.ends_with("SS")
                            && matches!(prev, Some(Tag::Proper | Tag::Noun | Tag::Adj | Tag::Other))
                            && next.is_some_and(|n| n.len() > 4 && n.ends_with("ED"))
                            && tokens.get(k + 2).is_some_and(|a| {
                                matches!(
                                    a.norm.as_str(),
                                    "THE" | "A" | "AN" | "ITS" | "THEIR" | "HIS" | "HER"
                                )
                                    // ("Russian ships delivered ammunition": after a
                                    // people's adjective, no country's name, any object)
                                    || (matches!(prev, Some(Tag::Proper | Tag::Other))
                                        && vigil_model::countries::by_name(&tokens[k - 1].norm)
                                            .is_none()
                                        && (self
                                            .dicts
                                            .actors
                                            .index
                                            .longest_at(&[tokens[k - 1].norm.as_str()], 0)
                                            .is_some()
                                            // ("North Korean ships loaded")
                                            || (k >= 2
                                                && is_demonym(&tokens[k - 1].norm)
                                                && self
                                                    .dicts
                                                    .actors
                                                    .index
                                                    .longest_at(
                                                        &[
                                                            tokens[k - 2].norm.as_str(),
                                                            tokens[k - 1].norm.as_str(),
                                                        ],
                                                        0,
                                                    )
                                                    .is_some_and(|(len, _)| len == 2)))
                                        && !matches!(a.tag, Tag::Punct)
                                        && !matches!(
                                            a.norm.as_str(),
                                            "TO" | "BY" | "IN" | "ON" | "AT" | "FROM" | "FOR"
                                                | "WITH" | "AS"
                                        ))
                            }))
                        // "Sanctions were imposed", "Talks will resume": the sentence's
                        // first word right before an auxiliary or a modal is its subject
                        || (k == 0
                            && next.is_some_and(|n| {
                                (is_aux(n) && n != "'S")
                                    || matches!(
                                        n,
                                        "WILL" | "WOULD" | "MAY" | "MIGHT" | "CAN" | "COULD"
                                            | "SHOULD" | "MUST"
                                    )
                            }))
                        // "a cargo ship docked at", "the missile launch was condemned": a
                        // base form after a singular common noun and before a past form or
                        // a singular auxiliary is the noun phrase's head (a singular noun
                        // takes no base form: "officials say armed men" keeps its verb)
                        || (!past_form
                            && !norm.ends_with("ING")
                            && !norm.ends_with('S')
                            && prev == Some(Tag::Other)
                            && !tokens[k - 1].norm.ends_with('S')
                            && text[tokens[k - 1].start..].starts_with(char::is_lowercase)
                            && next.is_some_and(|n| {
                                (n.len() > 4 && n.ends_with("ED"))
                                    || matches!(n, "WAS" | "IS" | "HAS" | "HAD" | "WILL")
                            }))
                        // "with nuclear strikes", "the joint drills"
                        // "a 24-hour hunger strike", "launched air strikes" too
                        // "blocked EU sanctions", "a round of UN sanctions": a plural
                        // after an actor's name after a verb or a preposition (not a
                        // clause's: "if Japan deploys"; nor after an article: "The EU
                        // sanctions Russia"; nor a past form: "in Seoul lodged")
                        // ("showed North Korean ships docking": a name of several words)
                        || (matches!(prev, Some(Tag::Proper))
                            && !past_form
                            && !norm.ends_with("ING")
                            && norm.ends_with('S')
                            && {
                                let q = name_start;
                                let name: Vec<&str> =
                                    tokens[q..k].iter().map(|t| t.norm.as_str()).collect();
                                q >= 1
                                    && matches!(tokens[q - 1].tag, Tag::Prep | Tag::Verb { .. })
                                    && !SUBORDINATORS.contains(&tokens[q - 1].norm.as_str())
                                    && (self
                                        .dicts
                                        .actors
                                        .index
                                        .longest_at(&name, 0)
                                        .is_some_and(|(len, _)| len == name.len())
                                        || self
                                            .hyphenated_pair(&name, 0, None)
                                            .is_some_and(|(len, _)| len == name.len()))
                            })
                        // ("carried out air strikes": a verb's particle counts as the verb)
                        // ("opposed new military aid": adjectives before the noun too)
                        || (matches!(prev, Some(Tag::Other | Tag::Adj))
                            && k.checked_sub(2)
                                .map(|mut p| {
                                    while !past_form
                                        && p > 0
                                        && p + 4 > k
                                        && matches!(tokens[p].tag, Tag::Adj | Tag::Other)
                                    {
                                        p -= 1;
                                    }
                                    p
                                })
                                .is_some_and(|p| {
                                matches!(
                                    tokens[p].tag,
                                    Tag::Prep
                                        | Tag::Det
                                        | Tag::PossPron
                                        | Tag::Num
                                        | Tag::Verb { .. }
                                ) || (p > 0
                                    && matches!(tokens[p].norm.as_str(), "OUT" | "UP" | "OFF")
                                    && matches!(tokens[p - 1].tag, Tag::Verb { .. }))
                                    // "of supplying artillery shells": a gerund the
                                    // dictionaries do not know
                                    || (tokens[p].tag == Tag::Other
                                        && tokens[p].norm.len() > 5
                                        && tokens[p].norm.ends_with("ING")
                                        && p > 0
                                        && tokens[p - 1].tag == Tag::Prep)
                            })
                            && tokens[k - 2].norm != "THAT"
                            // ("a statement condemning Japan", "a resolution urging the
                            // parties": an -ing form with an object after it is a verb)
                            && !(norm.ends_with("ING")
                                && tokens.get(k + 1).is_some_and(|n| opens_object(text, n)))
                            // "The rebels attacked", "the army shot": a past form after
                            // an article and one noun is the noun's verb (after a verb,
                            // "freed two detained journalists", it describes the noun).
                            && !(past_form
                                && matches!(tokens[k - 2].tag, Tag::Det | Tag::PossPron))
                            // ("Iran's head of state criticised Japan", "the chief of
                            // staff said": a past form after a preposition's noun, with
                            // no verb before it in the sentence, is the sentence's verb)
                            && !(past_form
                                && tokens[k - 2].tag == Tag::Prep
                                && !tokens[..k]
                                    .iter()
                                    .any(|t| t.tag.is_verb() || matches!(t.tag, Tag::Aux | Tag::Modal)))));
                    let capital = text[tokens[k].start..]
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase);
                    if verb
                        && !nominal_context
                        && !(capital && k > 0 && !tokens[k - 1].norm.ends_with('"'))
                    {
                        Tag::Verb {
                            past_participle: participle(norm),
                            gerund: norm.ends_with("ING"),
                        }
                    } else if capital && k > 0 {
                        Tag::Proper
                    } else {
                        Tag::Other
                    }
                }
            };
            tokens[k].tag = match tag {
                Tag::Verb { .. } if in_name[k] => Tag::Noun,
                _ => tag,
            };
        }
    }

    /// Codes one sentence whose tokens are tagged. `sentence` gives the byte offsets of
    /// the sentence in `text`; `date` (days since 1970-01-01) selects dated actor codes.
    pub fn code_sentence(
        &self,
        text: &str,
        tokens: &[Token],
        sentence: (usize, usize),
        date: Option<i32>,
    ) -> Result<Vec<CodedEvent>, Discarded> {
        self.code_sentence_with(text, tokens, None, sentence, date)
    }

    /// As [`Coder::code_sentence`], with the sentence's dependency tree when its parse
    /// gives one (CoNLL-U, one [`Dep`] per token): a verb's nominal subject (`nsubj`) is
    /// its source and its object (`obj`, `iobj`; else an oblique or nominal modifier
    /// holding an actor) its default target, where they hold an actor; otherwise the
    /// shallow analysis decides, as without a tree.
    pub fn code_sentence_with(
        &self,
        text: &str,
        tokens: &[Token],
        deps: Option<&[Dep]>,
        sentence: (usize, usize),
        date: Option<i32>,
    ) -> Result<Vec<CodedEvent>, Discarded> {
        let context = DocumentContext::default();
        self.code_sentence_in(text, tokens, deps, sentence, date, &context)
    }

    /// As [`Coder::code_sentence_with`], told what the earlier sentences of the same
    /// document named ([`DocumentContext`]).
    pub(crate) fn code_sentence_in(
        &self,
        text: &str,
        tokens: &[Token],
        deps: Option<&[Dep]>,
        sentence: (usize, usize),
        date: Option<i32>,
        context: &DocumentContext,
    ) -> Result<Vec<CodedEvent>, Discarded> {
        let deps = deps.filter(|d| d.len() == tokens.len());
        let norms: Vec<&str> = tokens.iter().map(|t| t.norm.as_str()).collect();
        if let Some((at, len, story)) = self.dicts.discards.find(&norms) {
            return Err(Discarded::Phrase {
                phrase: norms[at..at + len].join(" "),
                story,
            });
        }
        // "Will China invade Taiwan?": a question reports no event.
        if norms.last() == Some(&"?") {
            return Ok(Vec::new());
        }
        let tags: Vec<Tag> = tokens.iter().map(|t| t.tag).collect();
        let mentions = self.mentions(&norms, &tags, date, context);
        let groups = groups(tokens, &mentions);
        // A word inside a name of several words is no verb ("an Iranian head of state":
        // "state" reports nothing).
        let named = |k: usize| {
            mentions[..=k]
                .iter()
                .enumerate()
                .any(|(i, m)| m.as_ref().is_some_and(|(len, _)| *len >= 2 && k < i + len))
        };
        let verbs: Vec<VerbInfo> = self
            .verbs(tokens, &norms)
            .into_iter()
            .filter(|v| !named(v.at))
            .collect();
        let mut per_verb: Vec<(usize, Vec<CodedEvent>, Option<usize>)> = Vec::new();
        let mut subjects: Vec<Option<usize>> = Vec::new();
        // Reporting words, whether or not the dictionaries know them as verbs.
        let reporting: Vec<usize> = (0..norms.len())
            .filter(|&k| REPORTING.contains(&norms[k]) && !named(k))
            .collect();
        // Per verb, the group that reports its event, if any.
        let mut reported_by: Vec<Option<usize>> = Vec::new();
        let headed = headed_noun(tokens, &norms, &groups);
        for (vi, v) in verbs.iter().enumerate() {
            let mut subject = deps
                .and_then(|d| dependent_group(d, &groups, v.at, &["nsubj", "nsubjpass"]))
                .or_else(|| self.subject(tokens, &groups, &verbs, vi, &subjects));
            let mut by = None;
            // "South Korea said North Korea fired ...": a subject before a reporting word
            // that stands before the verb reports; the actor between them acts.
            if let Some(s) = subject
                && let Some(&r) = reporting
                    .iter()
                    .find(|&&r| r >= groups[s].end && r < v.group_start)
                && let Some(g) = groups.iter().position(|g| {
                    g.start > r
                        && g.end <= v.group_start
                        && !g.codes().is_empty()
                        // not the reporting verb's object before "that it would ..."
                        && tokens[g.end..v.group_start].iter().all(|t| t.tag != Tag::Pron)
                })
            {
                by = Some(s);
                subject = Some(g);
            } else if let Some(s) = subject
                && let Some(&r) = reporting
                    .iter()
                    .find(|&&r| r >= groups[s].end && r + 1 < v.group_start)
                && matches!(tokens[r].tag, Tag::Verb { .. } | Tag::Other)
                && {
                    // "the ministry said the North had fired": a noun phrase of its own
                    // after the reporting word, no actor in it, is the subject (unknown),
                    // not the reporter.
                    let between = &tokens[r + 1..v.group_start];
                    let between = match between.first() {
                        Some(t) if t.norm == "THAT" => &between[1..],
                        _ => between,
                    };
                    !between.is_empty()
                        && between.iter().all(|t| {
                            matches!(
                                t.tag,
                                Tag::Det | Tag::Adj | Tag::Noun | Tag::Other | Tag::Proper
                            )
                        })
                        && between
                            .iter()
                            .any(|t| matches!(t.tag, Tag::Noun | Tag::Other | Tag::Proper))
                }
            {
                by = Some(s);
                subject = None;
            }
            // "South Korea said that North Korea fired ...": the actor right before a
            // reporting word that precedes the verb's own subject.
            if by.is_none() {
                by = reporting
                    .iter()
                    .filter(|&&r| r < v.group_start && subject.is_none_or(|s| groups[s].start > r))
                    .find_map(|&r| {
                        // (the group's head noun may follow it: "South Korea's spy agency
                        // said that")
                        groups.iter().position(|g| {
                            g.end <= r
                                && r - g.end <= 2
                                && tokens[g.end..r]
                                    .iter()
                                    .all(|t| matches!(t.tag, Tag::Noun | Tag::Other))
                                && !g.codes().is_empty()
                        })
                    });
            }
            // "..., a senior South Korean official said."; "..., Ukraine's intelligence
            // chief Kyrylo Budanov said": a name the dictionaries do not know may stand
            // between the role and the reporting word.
            if by.is_none() {
                by = groups.iter().position(|g| {
                    g.start > v.end
                        && !g.codes().is_empty()
                        && (is_attribution(&norms, g)
                            || (1..=3).any(|n| {
                                tokens
                                    .get(g.end..g.end + n)
                                    .is_some_and(|ts| ts.iter().all(|t| t.tag == Tag::Proper))
                                    && norms.get(g.end + n).is_some_and(|w| REPORTING.contains(w))
                                    && norms.get(g.end + n + 1) != Some(&"OF")
                            }))
                });
            }
            // "..., said Japan's defence ministry.", "..., said Kyrylo Budanov, Ukraine's
            // intelligence chief.": the reporter after an inverted reporting word.
            if by.is_none()
                && let Some(r) = (v.end + 1..norms.len()).find(|&k| {
                    norms[k - 1] == ","
                        && REPORTING.contains(&norms[k])
                        && tokens[k].tag != Tag::Noun
                        // ("criticised Japan, saying Tokyo had ...": a gerund reports
                        // its own clause)
                        && !norms[k].ends_with("ING")
                })
            {
                let mut at = r + 1;
                let names = tokens[at..]
                    .iter()
                    .take_while(|t| t.tag == Tag::Proper)
                    .count();
                if (1..=3).contains(&names) && norms.get(at + names) == Some(&",") {
                    at += names + 1;
                }
                // (not a clause's subject: "..., said Tokyo had violated ...")
                by = groups.iter().position(|g| {
                    phrase_start(tokens, g.start) == at
                        && !g.codes().is_empty()
                        && !tokens.get(g.end).is_some_and(|t| {
                            t.tag.is_verb() || matches!(t.tag, Tag::Aux | Tag::Modal)
                        })
                });
            }
            subjects.push(subject);
            reported_by.push(by);
            let mut events =
                self.events_for(text, tokens, &norms, &groups, deps, v, subject, sentence);
            // "if Japan deployed missiles", "unless France withdrew": what a condition
            // names has not happened. "Russia's invasion of Ukraine has killed
            // thousands": the verb's subject is the event the noun names (coded as
            // that), not its possessor. (In the passive the event is what is acted on,
            // its possessor the target: "Russia's invasion was condemned by the UN".)
            // (Force the noun names that kills or wounds is its possessor's: "North
            // Korea's shelling killed four South Koreans" is PRK -> KOR.)
            let force = |c: &str| c.starts_with("18") || c.starts_with("19");
            let harm_by_force = headed.is_some_and(|(_, k)| {
                HEADED_EVENTS
                    .iter()
                    .any(|(n, c, _)| *n == norms[k] && force(c))
            }) && !events.is_empty()
                && events.iter().all(|e| {
                    // (of another state named: "has killed thousands of civilians" names
                    // no one's, and the possessor's own people would be a guess; "Russia's
                    // invasion of Ukraine has killed thousands of civilians" names
                    // Ukraine's)
                    force(&e.code)
                        && !e.target.code.starts_with("---")
                        && e.target.code.get(..3) != e.source.code.get(..3)
                });
            if conditional(tokens, v)
                || (!v.passive
                    && subject.is_some()
                    && subject == headed.map(|h| h.0)
                    && !harm_by_force)
            {
                events.clear();
            }
            // "Syria said it would retaliate if Israel attacked": a threat without a named
            // target is aimed at whom its condition names.
            if events
                .iter()
                .any(|e| e.code.starts_with("13") && e.target.code.is_empty())
                && let Some(g) = condition_subject(tokens, &groups)
            {
                let mut aimed = Vec::new();
                for e in events.drain(..) {
                    if !(e.code.starts_with("13") && e.target.code.is_empty()) {
                        aimed.push(e);
                        continue;
                    }
                    for tc in groups[g].codes() {
                        if tc.get(..3) == e.source.code.get(..3) {
                            continue;
                        }
                        let mut t = e.clone();
                        t.target = group_side(text, tokens, &groups, g, &tc);
                        aimed.push(t);
                    }
                }
                events = aimed;
            }
            per_verb.push((vi, events, subject));
        }
        // Infinitive chains: "vowed to wage war": the upper verb's event stands when it
        // has one, or when the upper verb is itself a dropped link of such a chain
        // ("refused to approve Sweden's bid to join NATO" is the refusal only);
        // otherwise the lower verb's. A gerund right after a word tagged as a verb that
        // the dictionaries do not know ("urged China to stop exporting ...") is a link too.
        let mut keep = vec![true; verbs.len()];
        for (vi, v) in verbs.iter().enumerate() {
            let gerund_link = v.gerund
                && v.group_start > 0
                && (tokens[v.group_start - 1].tag.is_verb()
                    || (v.group_start >= 2 && tokens[v.group_start - 2].tag == Tag::To))
                && !verbs.iter().any(|u| u.at == v.group_start - 1);
            // "Russian forces shelled Kharkiv, killing four civilians": an -ing clause set
            // off by a comma tells what the coded event did; it is not another event. Nor
            // is one right after a thing it describes ("vetoed a resolution condemning
            // Syria": the resolution condemns, not the vetoing states).
            // "South Korea considered sending weapons to Ukraine", "ruled out supplying":
            // a gerund after a verb of weighing or refusing tells what has not been done.
            // "warned Moscow against supplying weapons", "warned that supplying weapons
            // would cross a red line": an act warned against, or named as a clause's
            // subject, is not one done.
            if v.gerund && v.group_start > 0 && {
                let before = tokens[v.group_start - 1].norm.as_str();
                NOT_DONE.contains(&before)
                    || before == "AGAINST"
                    || (before == "THAT" && v.group_start == v.at)
                    || (before == "OUT"
                        && v.group_start > 1
                        && matches!(
                            tokens[v.group_start - 2].norm.as_str(),
                            "RULE" | "RULED" | "RULES"
                        ))
            } {
                keep[vi] = false;
                continue;
            }
            // "The Security Council failed to agree on a response": what a party failed
            // or was unable to do has not been done; nor has what a bid, an attempt, a
            // request, an invitation or a proposal was made to do ("approved Finland's bid
            // to join NATO", "accepted the invitation to join BRICS").
            if v.infinitive
                && v.group_start > 0
                && (matches!(
                    tokens[v.group_start - 1].norm.as_str(),
                    "FAIL"
                        | "FAILS"
                        | "FAILED"
                        | "FAILING"
                        | "UNABLE"
                        | "BID"
                        | "BIDS"
                        | "ATTEMPT"
                        | "ATTEMPTS"
                        | "EFFORT"
                        | "EFFORTS"
                        | "APPLICATION"
                        | "REQUEST"
                        | "REQUESTS"
                        | "INVITATION"
                        | "INVITATIONS"
                        | "PROPOSAL"
                        | "PROPOSALS"
                )
                // ("called off a plan to supply rockets", "denied plans to": a plan
                // cancelled, abandoned or denied is not carried out)
                || (matches!(tokens[v.group_start - 1].norm.as_str(), "PLAN" | "PLANS")
                    && tokens[v.group_start.saturating_sub(5)..v.group_start - 1]
                        .iter()
                        .any(|t| {
                            ["CANCEL", "ABANDON", "SCRAP", "SHELV", "DROP", "OFF", "DENI", "DENY"]
                                .iter()
                                .any(|w| t.norm.starts_with(w))
                        }))
                // ("refused to rule out sending troops": nothing is refused)
                || (norms[v.at].starts_with("RULE")
                    && matches!(
                        tokens[v.group_start - 1].norm.as_str(),
                        "REFUSE" | "REFUSED" | "REFUSES" | "DECLINE" | "DECLINED" | "DECLINES"
                    )))
            {
                keep[vi] = false;
                continue;
            }
            // "abstained from the UN vote condemning Russia", "vetoed a resolution
            // calling for sanctions": what a text does that a party refuses or abstains
            // on is not that party's act.
            if v.gerund
                && v.group_start > 0
                && matches!(
                    tokens[v.group_start - 1].norm.as_str(),
                    "VOTE" | "RESOLUTION" | "MOTION" | "DRAFT" | "TEXT" | "BILL"
                )
                && tokens[..v.group_start - 1].iter().any(|t| {
                    ["ABSTAIN", "VETO", "BLOCK", "REJECT", "OPPOS"]
                        .iter()
                        .any(|w| t.norm.starts_with(w))
                })
            {
                keep[vi] = false;
                continue;
            }
            // ("issued a joint statement criticising the United States": a statement
            // says what its issuers say)
            let describes_thing = v.group_start > 0
                && matches!(tokens[v.group_start - 1].tag, Tag::Other | Tag::Noun)
                && !groups.iter().any(|g| g.end == v.group_start)
                && !issued_statement(tokens, v.group_start - 1);
            // "captured North Korean soldiers fighting for Russia": a gerund right after a
            // group, with no comma, describes the group.
            let describes_group = v.group_start > 0
                && groups
                    .iter()
                    .any(|g| g.end == v.group_start && g.start > 0 && !g.codes().is_empty());
            // ("struck targets in Syria, killing two Iranian advisers": a party the coded
            // event did not name is another event)
            fn state(c: &str) -> &str {
                c.get(..3).unwrap_or(c)
            }
            let new_dyad = || {
                per_verb[vi].1.iter().any(|e| {
                    let (es, et) = (state(&e.source.code), state(&e.target.code));
                    !et.is_empty()
                        && et != es
                        && !per_verb[..vi].iter().any(|(_, earlier, _)| {
                            earlier
                                .iter()
                                .any(|o| state(&o.source.code) == es && state(&o.target.code) == et)
                        })
                })
            };
            if v.gerund
                && v.group_start > 0
                && (describes_thing
                    || describes_group
                    || (tokens[v.group_start - 1].norm == "," && !new_dyad()))
                && (0..vi).any(|u| verbs[u].at < v.group_start && !per_verb[u].1.is_empty())
            {
                keep[vi] = false;
                continue;
            }
            if !v.infinitive && !gerund_link {
                continue;
            }
            if let Some(ui) = (0..vi).rev().find(|&u| verbs[u].at < v.group_start) {
                // ("entered Japanese waters, prompting Tokyo to protest": the prompted
                // act is another party's, in a clause of its own)
                let prompted = (verbs[ui].end..v.group_start).any(|k| {
                    norms[k] == "," && norms.get(k + 1).is_some_and(|w| PROMPTING.contains(w))
                });
                // ("Saudi Arabia was invited to join BRICS", "was urged to withdraw": what
                // a party is invited, asked or urged to do has not happened, even when
                // the passive names no one who asked)
                let asked = verbs[ui].passive && {
                    let u = &verbs[ui];
                    let code = u
                        .form_code
                        .as_ref()
                        .unwrap_or(&self.dicts.verbs.blocks[u.block].code);
                    code.forward
                        .as_deref()
                        .is_some_and(|c| c.starts_with("02") || c == "036")
                };
                let upper_stands = !prompted
                    && (asked || !per_verb[ui].1.is_empty() || (verbs[ui].infinitive && !keep[ui]));
                // "Israel agreed to release prisoners": an agreement or pledge to do what
                // the lower verb names is that intention (0353), more precise than the
                // bare agreement (030).
                let intention_below = self.intent
                    && v.intent
                    && !per_verb[ui].1.is_empty()
                    && per_verb[ui].1.iter().all(|e| e.code.starts_with("03"))
                    && !per_verb[vi].1.is_empty()
                    && per_verb[vi]
                        .1
                        .iter()
                        .all(|e| e.code.starts_with("03") || e.code.starts_with("13"));
                // "Iran threatened to close the Strait": the act threatened names the
                // threat (1381) more precisely than the bare threat (130).
                let threat_below = !per_verb[ui].1.is_empty()
                    && per_verb[ui]
                        .1
                        .iter()
                        .all(|e| e.code == "130" && e.pattern.is_none())
                    && !per_verb[vi].1.is_empty()
                    && per_verb[vi].1.iter().all(|e| e.code.starts_with("13"));
                // "Israel vowed never to withdraw from Lebanon": a pledge not to yield or
                // meet is the refusal the lower verb names (124, 125), no pledge.
                let refusal_below = v.negated
                    && !per_verb[ui].1.is_empty()
                    && per_verb[ui].1.iter().all(|e| e.code.starts_with("03"))
                    && !per_verb[vi].1.is_empty()
                    && per_verb[vi].1.iter().all(|e| e.code.starts_with("12"));
                if (intention_below || threat_below || refusal_below)
                    && verbs[ui].at + 6 >= v.group_start
                {
                    keep[ui] = false;
                } else if upper_stands && verbs[ui].at + 6 >= v.group_start {
                    keep[vi] = false;
                }
            }
        }
        // "Russia retaliated by expelling ten diplomats": the means coded, the act it
        // names ("retaliated", "responded") is that event, not another.
        for ui in 0..verbs.len() {
            let means = verbs.iter().enumerate().any(|(vi, v)| {
                v.gerund
                    && v.group_start == verbs[ui].end + 1
                    && norms.get(verbs[ui].end) == Some(&"BY")
                    && keep[vi]
                    && !per_verb[vi].1.is_empty()
            });
            if means {
                keep[ui] = false;
            }
        }
        // "The ILO reiterated its demand that Israel ease ...": a demand named by its noun.
        let (nominal, asked) = nominal_demands(text, tokens, &norms, &groups, sentence);
        for vi in 0..verbs.len() {
            if per_verb[vi].2.is_some_and(|s| asked.contains(&s)) {
                keep[vi] = false;
            }
        }
        // "Japan demanded that North Korea stop ...": what the demand or appeal asks of
        // its target has not happened, so the verbs whose subject is that target, in the
        // clause after "that", code nothing of their own.
        for (ui, u) in verbs.iter().enumerate() {
            let asks = per_verb[ui].1.iter().any(|e| {
                (e.code.starts_with("10") || e.code.starts_with("02"))
                    && e.pattern.as_deref().is_some_and(|p| p.contains("THAT +"))
            });
            if !asks || !keep[ui] {
                continue;
            }
            let Some(that) = (u.end..norms.len()).find(|&k| norms[k] == "THAT") else {
                continue;
            };
            let mut at = that + 1;
            while at < tokens.len() && tokens[at].tag == Tag::Det {
                at += 1;
            }
            if let Some(g) = groups.iter().position(|g| g.start == at) {
                for vi in ui + 1..verbs.len() {
                    if per_verb[vi].2 == Some(g) {
                        keep[vi] = false;
                    }
                }
            }
        }
        // Reporting verbs: "X said Y attacked Z" codes the attack, not the saying, and a
        // doubting frame ("allegations suggest", "X claimed") hedges what it reports;
        // a denial removes it.
        for (ui, u) in verbs.iter().enumerate() {
            let word = norms[u.at];
            if !REPORTING.contains(&word) && !DENYING.contains(&word) {
                continue;
            }
            let mut reported_any = false;
            // "North Korea warned Japan that it would shoot down ...": the reporter's own
            // statement, with no target of its own, is made to the one it was told to.
            let told = per_verb[ui]
                .1
                .iter()
                .find(|e| !e.target.code.is_empty())
                .map(|e| (e.source.code.clone(), e.target.clone()));
            if let Some((source, target)) = told
                && !DENYING.contains(&word)
            {
                for vi in ui + 1..verbs.len() {
                    if per_verb[vi].2 != per_verb[ui].2 || !keep[vi] || per_verb[vi].1.is_empty() {
                        continue;
                    }
                    let own = |e: &CodedEvent| e.source.code == source && e.target.code.is_empty();
                    if per_verb[vi].1.iter().all(own) {
                        for e in &mut per_verb[vi].1 {
                            e.target = target.clone();
                        }
                        reported_any = true;
                    }
                }
            }
            for vi in ui + 1..verbs.len() {
                let Some(s) = per_verb[vi].2 else { continue };
                // "Pakistan denied that it had helped Iran": the pronoun's verb is
                // reported by the verb whose subject it takes.
                let by_pronoun = per_verb[vi].2 == per_verb[ui].2
                    && verbs[vi].group_start > u.at
                    && verbs[vi].group_start > 0
                    && tokens[verbs[vi].group_start - 1].tag == Tag::Pron;
                if (groups[s].start <= u.at && !by_pronoun)
                    || per_verb[vi].1.is_empty()
                    || !keep[vi]
                {
                    continue;
                }
                reported_any = true;
                if DENYING.contains(&word) {
                    keep[vi] = false;
                } else if DOUBTING.contains(&word) {
                    for e in &mut per_verb[vi].1 {
                        hedge(e);
                    }
                }
            }
            if reported_any && !DENYING.contains(&word) {
                keep[ui] = false;
            }
        }
        // Attribution: "according to X" names the reporter of every event of the sentence;
        // otherwise the group that reports the verb's event (above), when an actor.
        let group_side = |g: usize| -> Option<Side> {
            let code = groups[g].codes().into_iter().next()?;
            let (a, b) = (tokens[groups[g].start].start, tokens[groups[g].end - 1].end);
            Some(Side {
                code,
                text: text[a..b].to_string(),
                start: a,
                end: b,
            })
        };
        let according = groups
            .iter()
            .position(|g| {
                !g.codes().is_empty()
                    && is_attribution(&norms, g)
                    && !norms.get(g.end).is_some_and(|w| REPORTING.contains(w))
            })
            .and_then(group_side);
        // "X said [that] Y must ...": X demands of Y (below); what Y must do has not
        // happened, so the verbs under that "must" code nothing of their own.
        let demands = must_demands(text, tokens, &norms, &groups, sentence);
        let mut out: Vec<CodedEvent> = Vec::new();
        for (vi, events, _) in per_verb {
            if !keep[vi] {
                continue;
            }
            // (with no actor to demand it, an obligation stated is still no act: "China
            // must release the fishermen, analysts said")
            if verbs[vi].group_start > 0
                && norms[verbs[vi].group_start..verbs[vi].at].contains(&"MUST")
            {
                continue;
            }
            for mut e in events {
                e.attributed_to = according
                    .clone()
                    .or_else(|| reported_by[vi].and_then(group_side));
                // "A spokesman for the Israeli army said troops had arrested 12
                // Palestinians": people named by their role only, in what a state's
                // office reports, are that state's, unless they act on that state
                // ("Ukrainian officials said troops shelled Kharkiv": whose troops is
                // not said).
                if let Some(role) = e.source.code.strip_prefix("---")
                    && let Some(by) = &e.attributed_to
                    && by.code.len() > 3
                    && !by.code.starts_with("---")
                    && !by.code.starts_with("IGO")
                    && let Some(state) = by.code.get(..3)
                    && !e.target.code.starts_with(state)
                    && !e.target.code.is_empty()
                {
                    e.source.code = format!("{state}{role}");
                }
                // "North Korea, whose leader met Putin, ...": a role of no state right after
                // "whose" is the antecedent's.
                for side in [&mut e.source, &mut e.target] {
                    let Some(role) = side.code.strip_prefix("---") else {
                        continue;
                    };
                    let Some(k) = tokens.iter().position(|t| t.start == side.start) else {
                        continue;
                    };
                    let k = phrase_start(tokens, k);
                    if k < 2 || norms[k - 1] != "WHOSE" || norms[k - 2] != "," {
                        continue;
                    }
                    if let Some(state) = groups
                        .iter()
                        .rfind(|g| g.end == k - 2)
                        .and_then(|g| g.codes().into_iter().next())
                        .and_then(|c| state_of_code(&c).map(str::to_string))
                    {
                        side.code = format!("{state}{role}");
                    }
                }
                // "Pakistan said Indian forces had killed five civilians": civilians or
                // soldiers of no named state, harmed by force of another state than the
                // one that reports it, are the reporter's own.
                let force = ["18", "19", "20"].iter().any(|c| e.code.starts_with(c));
                if force
                    && let Some(by) = &e.attributed_to
                    && let Some(state) = state_of_code(&by.code)
                    && let Some(from) = state_of_code(&e.source.code)
                    && from != state
                    && let Some(role) = e
                        .target
                        .code
                        .strip_prefix("---")
                        .or_else(|| e.target.code.strip_prefix(from).filter(|r| *r == "CVL"))
                    && matches!(role, "CVL" | "MIL" | "COP")
                {
                    e.target.code = format!("{state}{role}");
                }
                if !out.iter().any(|o| {
                    o.source.code == e.source.code
                        && o.target.code == e.target.code
                        && o.code == e.code
                }) {
                    out.push(e);
                }
            }
        }
        for e in demands
            .into_iter()
            .chain(nominal)
            .chain(nominal_events(
                text, tokens, &norms, &groups, headed, sentence,
            ))
            .chain(reactions(text, tokens, &norms, &groups, sentence))
        {
            if !out.iter().any(|o| {
                o.source.code == e.source.code && o.target.code == e.target.code && o.code == e.code
            }) {
                out.push(e);
            }
        }
        // Non-governmental organisations of no named state are a party of their own, as
        // CAMEO codes them (NGO): "Sudan expelled 13 aid groups" is SDN -> NGO.
        for e in &mut out {
            for side in [&mut e.source, &mut e.target] {
                if let Some(ngo) = side
                    .code
                    .strip_prefix("---")
                    .filter(|r| r.starts_with("NGO"))
                {
                    side.code = ngo.to_string();
                }
            }
        }
        // "a newspaper that criticised the king": with no state or organisation on
        // either side, an event tells nothing about relations between actors; nor does
        // one whose target is a role of no state ("withdrew from the Nuclear Forces
        // Treaty" is not aimed at anyone's forces).
        out.retain(|e| {
            let no_party = |c: &str| c.starts_with("---");
            let stateless_target = no_party(&e.target.code);
            let nobody = no_party(&e.source.code) && e.target.code.is_empty();
            !(stateless_target || nobody)
        });
        Ok(out)
    }

    fn mentions(
        &self,
        norms: &[&str],
        tags: &[Tag],
        date: Option<i32>,
        context: &DocumentContext,
    ) -> Vec<Option<(usize, Mention)>> {
        // For each token: the mention starting there and its length.
        let mut out: Vec<Option<(usize, Mention)>> = vec![None; norms.len()];
        let mut i = 0;
        while i < norms.len() {
            if tags[i] == Tag::Pron {
                i += 1;
                continue;
            }
            let actor = self.dicts.actors.index.longest_at(norms, i);
            let agent = self.dicts.agents.index.longest_at(norms, i);
            let pick = match (actor, agent) {
                (Some((la, id)), Some((lg, _))) if la >= lg => Some((
                    la,
                    Mention::Actor(self.dicts.actors.entries[*id].codes_on(date)),
                )),
                (Some((la, id)), None) => Some((
                    la,
                    Mention::Actor(self.dicts.actors.entries[*id].codes_on(date)),
                )),
                // ("the military agreement": a role that describes the noun after it
                // is no actor)
                (_, Some((1, _)))
                    if norms
                        .get(i + 1)
                        .is_some_and(|w| DESCRIBED_BY_ROLE.contains(w)) =>
                {
                    None
                }
                (_, Some((lg, a))) => {
                    // "former prime minister", "former U.S. President Jimmy Carter": an
                    // office held once is an elite's standing (CAMEO ELI).
                    let mut a = a.clone();
                    if OFFICES.contains(&a.code.as_str()) && !a.prefix && formerly(norms, tags, i) {
                        a.code = "ELI".into();
                    }
                    Some((lg, Mention::Agent(a)))
                }
                (None, None) => None,
            };
            // "the International Labor Office (ILO)": an abbreviation in parentheses after a
            // name is part of its mention.
            let pick = pick.map(|(len, m)| {
                let j = i + len;
                if norms.get(j) == Some(&"(") && norms.get(j + 2) == Some(&")") {
                    (len + 3, m)
                } else {
                    (len, m)
                }
            });
            match pick {
                Some((len, m)) => {
                    // A known name with no code on this date ("---") is not an actor;
                    // nor is a state that backs the group after it ("Iran-backed
                    // militias", "Rwanda-backed M23 rebels" act, not their sponsor).
                    let sponsor = matches!(
                        norms.get(i + len),
                        Some(&("-BACKED" | "-SPONSORED" | "-SUPPORTED" | "-ALIGNED" | "-ALLIED"))
                    )
                    // ("the Russian-led CSTO": a leader named before a body the
                    // dictionaries know is not that body; "the Saudi-led coalition",
                    // which they do not know, is the leader's)
                    || (norms.get(i + len) == Some(&"-LED")
                        && self.dicts.actors.index.longest_at(norms, i + len + 1).is_some())
                    // ("US $50 million", "Hong Kong $": a currency; not a state with
                    // no dollar of its own, nor a name right after a verb: "offered
                    // Egypt $2 billion in aid" offers it to Egypt)
                    || (norms.get(i + len) == Some(&"$")
                        && !(i > 0 && tags[i - 1].is_verb())
                        && matches!(&m, Mention::Actor(c) if c.iter().any(|c| {
                            DOLLAR_STATES.iter().any(|d| c.starts_with(d))
                        })));
                    if !sponsor && !matches!(&m, Mention::Actor(c) if c.is_empty()) {
                        out[i] = Some((len, m));
                    }
                    i += len;
                }
                None => {
                    // "the Russia-Ukraine war", "the US-South Korea summit": two names
                    // joined by a hyphen are both actors.
                    if let Some((len, codes)) = self.hyphenated_pair(norms, i, date) {
                        out[i] = Some((len, Mention::Actor(codes)));
                        i += len;
                    } else {
                        i += 1;
                    }
                }
            }
        }
        // "South Korea suspended the agreement with the North": in a sentence that names
        // either Korea, "the North" and "the South" are the Koreas.
        let korea = out.iter().flatten().any(|(_, m)| {
            matches!(m, Mention::Actor(c) if c.iter().any(|c| c.starts_with("PRK") || c.starts_with("KOR")))
        });
        // "Kim supervised the test": in a sentence that names North Korea, or after one
        // of the same document that coded its event, a bare "Kim" is its leader (not
        // while South Korea's presidents were Kims, 1993-2003).
        let north = context.north
            || out.iter().flatten().any(
                |(_, m)| matches!(m, Mention::Actor(c) if c.iter().any(|c| c.starts_with("PRK"))),
            );
        let korean_kims = |d: i32| {
            days_from_ymd(1993, 2, 25).is_some_and(|a| d >= a)
                && days_from_ymd(2003, 2, 25).is_some_and(|b| d < b)
        };
        if north && !date.is_some_and(korean_kims) {
            for k in 0..norms.len() {
                if norms[k] == "KIM"
                    && out[k].is_none()
                    && (tags[k] == Tag::Proper || k == 0)
                    && tags.get(k + 1).is_none_or(|t| *t != Tag::Proper)
                    && !(0..k).any(|p| out[p].as_ref().is_some_and(|(len, _)| p + len > k))
                {
                    out[k] = Some((1, Mention::Actor(vec!["PRKGOV".to_string()])));
                }
            }
        }
        if korea {
            for k in 1..norms.len() {
                let code = match norms[k] {
                    "NORTH" => "PRK",
                    "SOUTH" => "KOR",
                    _ => continue,
                };
                if norms[k - 1] == "THE"
                    && tags[k] == Tag::Proper
                    && out[k].is_none()
                    && tags.get(k + 1).is_none_or(|t| *t != Tag::Proper)
                {
                    out[k] = Some((1, Mention::Actor(vec![code.to_string()])));
                }
            }
        }
        // "Poland said Russian drones had violated its airspace": a state's own airspace,
        // territory or waters, in what the state reports, are its own.
        for k in 1..norms.len() {
            if norms[k] != "ITS"
                || out[k].is_some()
                || !norms.get(k + 1).is_some_and(|w| {
                    matches!(
                        *w,
                        "AIRSPACE"
                            | "TERRITORY"
                            | "TERRITORIAL"
                            | "WATERS"
                            | "POSITIONS"
                            | "BORDER"
                            | "SOLDIERS"
                            | "TROOPS"
                    )
                })
            {
                continue;
            }
            let reporter =
                (1..k)
                    .filter(|&r| REPORTING.contains(&norms[r]))
                    .find_map(|r| {
                        match &out[..r].iter().enumerate().rev().find_map(|(p, m)| {
                            m.as_ref().filter(|(len, _)| p + len == r).map(|(_, m)| m)
                        }) {
                            Some(Mention::Actor(codes)) if codes.iter().all(|c| c.len() == 3) => {
                                Some(codes.clone())
                            }
                            _ => None,
                        }
                    });
            // (another party acts in what is reported: "warned Japan that it would shoot
            // down any aircraft entering its airspace" is the warner's own airspace, and
            // the warning is the event)
            let other_acts = |codes: &Vec<String>| {
                let r = (1..k).find(|&r| REPORTING.contains(&norms[r])).unwrap_or(k);
                !tags[r..k].contains(&Tag::Pron)
                    && out[r..k].iter().any(|m| {
                        matches!(m, Some((_, Mention::Actor(c))) if c.iter().all(|c| !codes.contains(c)))
                    })
            };
            // ("Japan lodged a protest with China after Chinese ships entered its
            // territorial waters", "Japan complained that China had violated its
            // airspace": in a clause of time, cause or content, the main clause's state,
            // when another acts in that clause)
            let opener = (1..k).rev().find(|&o| {
                matches!(
                    norms[o],
                    "AFTER" | "WHEN" | "AS" | "BECAUSE" | "SINCE" | "THAT"
                ) && tags[o] == Tag::Prep
            });
            // (the sentence's first actor, before the clause, names one state)
            let main_subject = |o: usize| {
                out[..o].iter().enumerate().find_map(|(p, m)| match m {
                    Some((len, Mention::Actor(codes)))
                        if p + len <= o && codes.iter().all(|c| c.len() == 3) =>
                    {
                        Some(codes.clone())
                    }
                    _ => None,
                })
            };
            // (and another party acts in the clause)
            let other_acts_after = |o: usize, codes: &Vec<String>| {
                !tags[o..k].contains(&Tag::Pron)
                    && out[o..k].iter().any(|m| {
                        matches!(m, Some((_, Mention::Actor(c))) if c.iter().all(|c| !codes.contains(c)))
                    })
            };
            if let Some(codes) = reporter.filter(other_acts).or_else(|| {
                let o = opener?;
                main_subject(o).filter(|codes| other_acts_after(o, codes))
            }) {
                out[k] = Some((1, Mention::Actor(codes)));
            }
        }
        // A surname standing alone that an earlier sentence named in full.
        for k in 0..norms.len() {
            if out[k].is_none()
                && (tags[k] == Tag::Proper || k == 0)
                && tags.get(k + 1).is_none_or(|t| *t != Tag::Proper)
                && (k == 0 || tags[k - 1] != Tag::Proper)
                && !(0..k).any(|p| out[p].as_ref().is_some_and(|(len, _)| p + len > k))
                && let Some(code) = context.surname(norms[k])
            {
                out[k] = Some((1, Mention::Actor(vec![code.to_string()])));
            }
        }
        out
    }

    /// Two actor names joined by a hyphen in one token ("RUSSIA-UKRAINE", "US-SOUTH" +
    /// "KOREA"): the tokens they cover and both actors' codes.
    fn hyphenated_pair(
        &self,
        norms: &[&str],
        i: usize,
        date: Option<i32>,
    ) -> Option<(usize, Vec<String>)> {
        let (a, b) = norms[i].split_once('-')?;
        if a.is_empty() || b.is_empty() {
            return None;
        }
        let actors = &self.dicts.actors;
        let (la, ia) = actors.index.longest_at(&[a], 0)?;
        if la != 1 {
            return None;
        }
        let mut rest: Vec<&str> = vec![b];
        rest.extend(norms[i + 1..].iter().take(3));
        let (lb, ib) = actors.index.longest_at(&rest, 0)?;
        let mut codes = actors.entries[*ia].codes_on(date);
        codes.extend(actors.entries[*ib].codes_on(date));
        codes.dedup();
        (codes.len() >= 2).then_some((lb, codes))
    }

    fn verbs(&self, tokens: &[Token], norms: &[&str]) -> Vec<VerbInfo> {
        let mut out = Vec::new();
        for (k, t) in tokens.iter().enumerate() {
            if !t.tag.is_verb() {
                continue;
            }
            let Some(forms) = self.dicts.verbs.forms.get(norms[k]) else {
                continue;
            };
            // The most specific form whose phrase words are present.
            let mut best: Option<(&crate::dict::VerbForm, usize)> = None;
            for f in forms {
                let before_ok = f.before.len() <= k
                    && f.before
                        .iter()
                        .enumerate()
                        .all(|(j, w)| norms[k - f.before.len() + j] == w);
                let after_ok = f
                    .after
                    .iter()
                    .enumerate()
                    .all(|(j, w)| norms.get(k + 1 + j) == Some(&w.as_str()));
                if before_ok && after_ok {
                    let len = f.before.len() + f.after.len();
                    if best.is_none_or(|(_, l)| len > l) {
                        best = Some((f, len));
                    }
                }
            }
            let Some((form, _)) = best else { continue };
            // The verb group: auxiliaries, modals, negation, adverbs and "to" before it.
            let mut g = k - form.before.len();
            let (mut negated, mut modal, mut would, mut be, mut infinitive, mut aux) =
                (false, false, false, false, false, false);
            let mut future = false;
            while g > 0 {
                let p = &tokens[g - 1];
                match p.tag {
                    Tag::Aux => {
                        aux = true;
                        be |= is_be(&p.norm);
                    }
                    Tag::Modal => {
                        modal |= matches!(p.norm.as_str(), "MAY" | "MIGHT" | "COULD");
                        would |= p.norm == "WOULD";
                        future |= matches!(p.norm.as_str(), "WILL" | "WOULD" | "SHALL" | "'LL");
                        aux = true;
                    }
                    Tag::Neg => negated = true,
                    Tag::Adv => {}
                    Tag::To => infinitive = true,
                    _ => break,
                }
                g -= 1;
            }
            let past_participle = matches!(
                t.tag,
                Tag::Verb {
                    past_participle: true,
                    ..
                }
            );
            let gerund = matches!(t.tag, Tag::Verb { gerund: true, .. });
            let ready = infinitive && g > 0 && INTENT_WORDS.contains(&norms[g - 1]);
            // "has no plans to send troops", "does not plan to", "is unlikely to supply":
            // an intention denied, or an act thought improbable, is not coded.
            // ("has yet to recognise Israel", "failed to reach an agreement": not done)
            negated |= infinitive
                && (norms[g..k].contains(&"YET")
                    || (g > 0 && matches!(norms[g - 1], "FAILED" | "FAILS" | "FAIL" | "FAILING")));
            negated |= infinitive
                && (norms[g.saturating_sub(1)..k].contains(&"UNLIKELY")
                    || (ready && g > 1 && matches!(norms[g - 2], "NO" | "NOT" | "NEVER" | "N'T")));
            let end = k + 1 + form.after.len();
            // "demanded the release of South Koreans detained in North Korea": a
            // participle after a preposition's noun, followed by where or by whom, is a
            // reduced relative on that noun, not the clause's verb.
            let held = || {
                let mut q = g;
                while q > 0
                    && matches!(
                        tokens[q - 1].tag,
                        Tag::Noun | Tag::Proper | Tag::Other | Tag::Adj | Tag::Det | Tag::Num
                    )
                {
                    q -= 1;
                }
                q < g
                    && q > 0
                    // (the clause's own verb comes before: "Bashir on Thursday
                    // shortened by one hour" is that verb)
                    && tokens[..q - 1].iter().any(|t| t.tag.is_verb())
                    && matches!(
                        norms[q - 1],
                        "OF" | "FOR" | "WITH" | "TO" | "AGAINST" | "ON" | "FROM" | "ABOUT"
                    )
                    && norms
                        .get(end)
                        .is_some_and(|n| matches!(*n, "IN" | "BY" | "AT"))
            };
            let reduced = past_participle
                && !aux
                && g == k - form.before.len()
                && g > 0
                && (held()
                    || ((matches!(tokens[g - 1].tag, Tag::Other | Tag::Noun)
                    // ("attacked the convoy, backed by ...": after a comma that closes
                    // a clause with a verb of its own)
                    || (tokens[g - 1].norm == ","
                        && (tokens[..g - 1].iter().any(|t| t.tag.is_verb())
                            // ("Israel, backed by the United States, rejected ...":
                            // set off after the subject's name)
                            || (g >= 2
                                && matches!(tokens[g - 2].tag, Tag::Proper | Tag::Other)
                                && tokens[..g - 1].iter().all(|t| t.norm != ",")))))
                        && norms.get(end) == Some(&"BY")))
                // "shortened by one hour" is a measure, not an agent
                && tokens.get(end + 1).is_some_and(|n| n.tag != Tag::Num)
                // "retaliated by imposing tariffs" is active
                && norms.get(end + 1).is_some_and(|n| !n.ends_with("ING"));
            out.push(VerbInfo {
                at: k,
                phrase_start: k - form.before.len(),
                group_start: g,
                end: k + 1 + form.after.len(),
                block: form.block,
                form_code: form.code.clone(),
                negated,
                modal,
                would,
                intent: future || ready,
                passive: (be && past_participle) || reduced,
                reduced,
                infinitive,
                gerund,
                finite: aux || infinitive || (!past_participle && !gerund),
            });
        }
        out
    }

    /// The noun group that is the verb's subject.
    fn subject(
        &self,
        tokens: &[Token],
        groups: &[Group],
        verbs: &[VerbInfo],
        vi: usize,
        subjects: &[Option<usize>],
    ) -> Option<usize> {
        let v = &verbs[vi];
        // "jailed a man for helping militants join an armed group", "thanked Japan for
        // supporting Kyiv": a gerund after "for" that follows another verb's object is
        // that object's act (the passive's subject's: "Russia was praised for helping
        // Syria"), whether or not it is an actor; not a gerund right after the verb
        // ("called for lifting sanctions").
        if v.gerund
            && v.group_start > 0
            && tokens[v.group_start - 1].norm == "FOR"
            && let Some(u) = (0..vi).rev().find(|&u| verbs[u].end < v.group_start - 1)
            && tokens[verbs[u].end..v.group_start - 1].iter().any(|t| {
                matches!(
                    t.tag,
                    Tag::Noun | Tag::Proper | Tag::Pron | Tag::Other | Tag::Num
                )
            })
        {
            let w = &verbs[u];
            if w.passive {
                return subjects[u];
            }
            return groups
                .iter()
                .position(|g| g.start >= w.end && g.end < v.group_start);
        }
        // "..., prompting Tokyo to protest": the party prompted is the infinitive's
        // subject.
        let to = if norms_at(tokens, v.group_start) == "TO" {
            Some(v.group_start)
        } else {
            v.group_start.checked_sub(1)
        };
        if let Some(to) = to.filter(|&to| norms_at(tokens, to) == "TO")
            && let Some(g) = groups.iter().position(|g| {
                let k = phrase_start(tokens, g.start);
                g.end == to
                    && k >= 2
                    && PROMPTING.contains(&tokens[k - 1].norm.as_str())
                    && tokens[k - 2].norm == ","
                    && !g.codes().is_empty()
            })
        {
            return Some(g);
        }
        // "Putin told Xi Jinping that he would visit Beijing": after a word of telling
        // the dictionaries hold no verb for, the pronoun is the teller.
        if v.group_start > 2
            && tokens[v.group_start - 2].norm == "THAT"
            && tokens[v.group_start - 1].tag == Tag::Pron
            && matches!(
                tokens[v.group_start - 1].norm.as_str(),
                "HE" | "SHE" | "IT" | "THEY" | "WE"
            )
            && let Some(t) = (v.group_start.saturating_sub(16)..v.group_start - 2)
                .rev()
                .find(|&k| TELLING.contains(&tokens[k].norm.as_str()))
            && !verbs.iter().any(|w| w.at == t)
            && let Some(g) = groups
                .iter()
                .position(|g| g.end == t && g.codes().iter().any(|c| !c.starts_with("---")))
        {
            return Some(g);
        }
        // "helped Mali's army fight jihadists", "let Iran inspect": a bare verb after the
        // object of "help" or "let" has that object as subject.
        if !v.infinitive
            && let Some(u) = (0..vi).rev().find(|&u| verbs[u].at < v.group_start)
            && matches!(
                tokens[verbs[u].at].norm.as_str(),
                "HELP" | "HELPS" | "HELPED" | "HELPING" | "LET" | "LETS" | "LETTING"
            )
            && let Some(i) = groups.iter().position(|g| {
                g.start >= verbs[u].end
                    && g.end == v.group_start
                    && tokens[verbs[u].end..g.start]
                        .iter()
                        .all(|t| matches!(t.tag, Tag::Det | Tag::PossPron))
            })
        {
            return Some(i);
        }
        // "Serbian forces began pulling out": a gerund after a verb of aspect has its
        // subject.
        if v.gerund
            && v.group_start > 0
            && ASPECT.contains(&tokens[v.group_start - 1].norm.as_str())
            && let Some(u) = (0..vi).rev().find(|&u| verbs[u].at == v.group_start - 1)
        {
            return subjects[u];
        }
        // "Morocco was quoted today as saying ...", "Iran was reported as saying ...": the
        // gerund's subject is the passive's subject.
        if v.gerund
            && v.group_start >= 2
            && let Some(quoted) = quoted_at(tokens, v.group_start - 1)
        {
            return groups.iter().rposition(|g| {
                g.end <= quoted
                    && !g.codes().is_empty()
                    && tokens[g.end..quoted]
                        .iter()
                        .all(|t| matches!(t.tag, Tag::Aux | Tag::Adv | Tag::Other))
            });
        }
        // "Lithuania, which borders Belarus, expelled ...": after a relative clause set off
        // by commas, the subject is the antecedent before ", which" (whatever the clause's
        // own verb; "whose", "who" too).
        if v.group_start > 1 && tokens[v.group_start - 1].norm == "," {
            let close = v.group_start - 1;
            if let Some(w) = (1..close)
                .rev()
                .take_while(|&k| tokens[k].norm != ",")
                .find(|&k| {
                    // ("Davutoglu, speaking after talks in Ankara, warned ...": a
                    // participle opens such a clause too.)
                    (matches!(tokens[k].norm.as_str(), "WHICH" | "WHO" | "WHOSE" | "WHOM")
                        || (tokens[k].norm.ends_with("ING") && tokens[k].norm.len() > 5)
                        // ("Iranian President Mohammad Khatami, on the first visit by an
                        // Iranian head of state to Italy, met ...": a prepositional
                        // phrase set off by commas)
                        || (tokens[k].tag == Tag::Prep
                            && !SUBORDINATORS.contains(&tokens[k].norm.as_str())))
                        && tokens[k - 1].norm == ","
                })
                // (the group may end before a name it introduces: "Foreign Minister Ahmet
                // Davutoglu, speaking ...")
                && let Some(g) = groups.iter().rposition(|g| {
                    g.end < w && tokens[g.end..w - 1].iter().all(|t| t.tag == Tag::Proper)
                })
            {
                return Some(g);
            }
        }
        // After an object relative clause set off by commas, the main verb's subject is
        // the antecedent ("North Korea, which Japan criticised, fired ..."), not the
        // clause's subject; a thing antecedent ("the missile, which ...") is no actor.
        if v.group_start > 0
            && tokens[v.group_start - 1].norm == ","
            && let Some(u) = (0..vi).rev().find(|&u| verbs[u].end < v.group_start)
            && let Some(a) =
                subjects[u].and_then(|s| object_antecedent(tokens, groups, s, &verbs[u]))
        {
            return match a {
                Antecedent::Actor(g) => Some(g),
                Antecedent::Thing(..) => None,
            };
        }
        // "Japan's coast guard spotted a North Korean vessel transferring cargo": a gerund
        // right after a verb's object (its head noun between) has that object as subject.
        if v.gerund
            && v.group_start > 0
            && let Some(g) = groups.iter().position(|g| {
                !g.codes().is_empty()
                    && g.end <= v.group_start
                    && v.group_start - g.end <= 2
                    && tokens[g.end..v.group_start]
                        .iter()
                        .all(|t| matches!(t.tag, Tag::Noun | Tag::Other))
                    && {
                        let k = phrase_start(tokens, g.start);
                        // (a verb outside the dictionaries is a past form: "spotted")
                        k > 0 && (tokens[k - 1].tag.is_verb() || participle_like(&tokens[k - 1]))
                    }
            })
        {
            return Some(g);
        }
        // "After meeting Putin in Moscow, Xi said ...", "Xi praised Russia after meeting
        // Putin": a gerund after a word of time has the main clause's subject, after the
        // adjunct's comma or before the adjunct.
        // ("Visiting Japan, the president urged ...": a gerund opening the sentence, its
        // comma before the main verb, likewise)
        let opens_sentence = v.group_start == 0
            && (v.end..tokens.len())
                .find(|&k| tokens[k].norm == ",")
                .is_some_and(|c| verbs.iter().all(|u| u.at < v.end || u.at > c));
        if v.gerund
            && (opens_sentence || (v.group_start > 0 && time_adjunct(tokens, v.group_start - 1)))
        {
            if let Some(c) = (v.end..tokens.len()).find(|&k| tokens[k].norm == ",") {
                return groups.iter().position(|g| {
                    g.start > c
                        && !g.codes().is_empty()
                        && verbs
                            .iter()
                            .any(|u| u.at >= g.end && !u.gerund && !u.infinitive)
                });
            }
            return (0..vi)
                .rev()
                .find(|&u| verbs[u].at < v.group_start)
                .and_then(|u| subjects[u]);
        }
        // "launched war games, expected to be joined by Italy", "fired on the convoy,
        // backed by Iran": a participle clause after a comma that closes another verb's
        // clause describes the noun before the comma.
        if let Some(u) = (0..vi).rev().find(|&u| verbs[u].at < v.group_start) {
            let participle = |k: usize| participle_like(&tokens[k]);
            let (opener, chained) =
                if v.infinitive && v.group_start > 0 && participle(v.group_start - 1) {
                    (v.group_start - 1, true)
                } else {
                    (v.group_start, false)
                };
            if opener > 1
                && tokens[opener - 1].norm == ","
                && verbs[u].end < opener - 1
                && participle(opener)
                && (chained || v.reduced)
            {
                return described_noun(tokens, groups, opener);
            }
        }
        // The clause starts after the nearest boundary to the left; a clause opened by a
        // preposition or a word of time ("After meeting Putin in Moscow, Xi ...", "While
        // visiting Seoul, the secretary ...") has its subject after its comma.
        let mut left = 0;
        for k in (0..v.group_start).rev() {
            let t = &tokens[k];
            let boundary = matches!(t.norm.as_str(), ";" | ":" | "--")
                || (SUBORDINATORS.contains(&t.norm.as_str())
                    && matches!(t.tag, Tag::Prep | Tag::Wh)
                    // ("was quoted as saying": "as" there opens no clause, nor in "as
                    // well as")
                    && !quoted_as(tokens, k)
                    && !(t.norm == "AS"
                        && (tokens.get(k + 1).is_some_and(|n| n.norm == "WELL")
                            || (k > 0 && tokens[k - 1].norm == "WELL"))))
                || verbs.iter().any(|u| u.at == k && u.finite && !u.infinitive)
                // "North Korea fired missiles and Seoul held drills": a coordinator, then a
                // noun phrase with an actor right before the verb, opens a clause.
                || (is_coordinator(t)
                    && k > 0
                    && tokens[..k].iter().any(|p| p.tag.is_verb())
                    && tokens[k + 1..v.group_start].iter().all(|p| {
                        matches!(
                            p.tag,
                            Tag::Det | Tag::Adj | Tag::Noun | Tag::Other | Tag::Proper | Tag::Poss
                        )
                    })
                    && groups.iter().any(|g| {
                        g.start > k && g.end == v.group_start && !g.codes().is_empty()
                    }));
            if boundary {
                left = k + 1;
                break;
            }
        }
        // ("According to the state news agency, Syria's president ...", "Visiting Japan,
        // the Ukrainian president ...", "Angered by the decision, Beijing ...": an
        // opening participle clause has its subject after its comma too)
        let opening_participle = left < v.group_start
            && groups.iter().all(|g| g.start != left)
            && (tokens[left].norm == "ACCORDING"
                || (tokens[left].norm.len() > 5 && tokens[left].norm.ends_with("ING"))
                || participle_like(&tokens[left]));
        let opened = left < v.group_start
            && (tokens[left].tag == Tag::Prep
                || opening_participle
                || (left > 0 && SUBORDINATORS.contains(&tokens[left - 1].norm.as_str())));
        if opened && let Some(c) = (left..v.group_start).rev().find(|&k| tokens[k].norm == ",") {
            left = c + 1;
        }
        let in_clause = |g: &Group| g.start >= left && g.end <= v.group_start;
        // "Thousands of North Korean troops", "many of the troops": after a quantity and
        // "of" (an article between), the group is the subject, not a prepositional object.
        let partitive = |g: &Group| {
            let mut k = g.start;
            if k > 0 && matches!(tokens[k - 1].norm.as_str(), "THE" | "ITS" | "THEIR") {
                k -= 1;
            }
            k >= 2
                && tokens[k - 1].norm == "OF"
                && (tokens[k - 2].tag == Tag::Num
                    || QUANTITIES.contains(&tokens[k - 2].norm.as_str()))
        };
        // The object of a preposition ("to the United Nations", "from its neighbours"),
        // articles and adjectives between; "to" before a noun group is a preposition.
        let pp_object = |g: &Group| {
            let k = phrase_start(tokens, g.start);
            // "The head of the IAEA visited ...": after "of" the group names whose the
            // head is, so it stands for the subject.
            // "A tanker flagged in Panama transferred ...": after "flagged (registered)
            // in", the group is the vessel's or firm's state, as in "a Panama-flagged
            // tanker", and stands for the subject. ("Based in" only places: troops
            // based in Poland are not Poland's.)
            let affiliation = k >= 2
                && tokens[k - 1].norm == "IN"
                && matches!(tokens[k - 2].norm.as_str(), "FLAGGED" | "REGISTERED");
            // ("The head of Ukraine's military intelligence accused ...", "the people
            // of Ukraine": whose head or people, with no article between, too)
            let whose = k >= 2
                && tokens[k - 1].norm == "OF"
                && matches!(
                    tokens[k - 2].norm.as_str(),
                    "HEAD" | "HEADS" | "CHIEF" | "CHIEFS" | "DIRECTOR" | "PEOPLE" | "CITIZENS"
                );
            k > 0
                && matches!(tokens[k - 1].tag, Tag::Prep | Tag::To)
                && !SUBORDINATORS.contains(&tokens[k - 1].norm.as_str())
                && (tokens[k - 1].norm != "OF" || (k == g.start && !whose))
                && !affiliation
                && !partitive(g)
        };
        if let Some(i) = groups.iter().position(|g| in_clause(g) && !pp_object(g)) {
            return Some(i);
        }
        // Inherited subjects.
        // "\"We condemn North Korea,\" the Japanese prime minister said": "we" or "I" in
        // a quotation is whoever says it, the group before "said" or after "said" at
        // the quotation's edge.
        if v.group_start > 0
            && tokens[v.group_start - 1].tag == Tag::Pron
            && matches!(tokens[v.group_start - 1].norm.as_str(), "WE" | "I")
            && tokens
                .iter()
                .any(|t| t.norm == "\"" || t.norm == "“" || t.norm == "”")
        {
            let says = |k: usize| {
                tokens
                    .get(k)
                    .is_some_and(|t| matches!(t.norm.as_str(), "SAID" | "SAYS" | "TOLD" | "ADDED"))
            };
            return groups.iter().position(|g| {
                !g.codes().is_empty()
                    && (g.end <= v.group_start || g.start >= v.end)
                    && (says(g.end) || {
                        let q = phrase_start(tokens, g.start);
                        q >= 2
                            && says(q - 1)
                            && matches!(tokens[q - 2].norm.as_str(), "," | "\"" | "”")
                    })
            });
        }
        let prev = (0..vi).rev().find(|&u| verbs[u].at < v.group_start);
        // "North Korea warned Japan that it would shoot down ...": a personal pronoun
        // after "that" or a reporting word, right before the verb group, is the subject
        // of the verb before.
        if v.group_start > 1
            && v.group_start > left
            && tokens[v.group_start - 1].tag == Tag::Pron
            && (tokens[v.group_start - 2].norm == "THAT"
                || REPORTING.contains(&tokens[v.group_start - 2].norm.as_str()))
            && matches!(
                tokens[v.group_start - 1].norm.as_str(),
                "IT" | "THEY" | "HE" | "SHE" | "WE"
            )
            // (not a participle that describes the next actor: "told visiting South Korean
            // President Kim Dae-jung that he would visit Seoul" is the teller's visit)
            && let Some(u) = (0..vi).rev().find(|&u| {
                let w = &verbs[u];
                w.at < v.group_start
                    && !(w.group_start == w.at
                        && tokens[w.at].norm.ends_with("ING")
                        && groups.iter().any(|g| g.start == w.at + 1))
            })
            && subjects[u].is_some()
        {
            return subjects[u];
        }
        // "Russian troops shelled the town after they crossed into Ukraine", "the bombers
        // killed 23 people when they blew themselves up": a personal pronoun right after a
        // word of time or cause that closes another clause is that clause's subject,
        // unless the clause's object could be meant (a party, or for "it" anything: "Iran
        // seized a tanker when it entered its waters").
        if v.group_start > 1
            && tokens[v.group_start - 1].tag == Tag::Pron
            && matches!(
                tokens[v.group_start - 2].norm.as_str(),
                // (not "before" or "until": what they open is often still to come, "must
                // agree before they demobilize")
                "AFTER" | "WHEN" | "WHILE" | "AS" | "BECAUSE" | "SINCE"
            )
            && let Some(pronoun) = match tokens[v.group_start - 1].norm.as_str() {
                p @ ("IT" | "THEY" | "HE" | "SHE") => Some(p),
                _ => None,
            }
            && let Some(u) = prev
            && let Some(s) = subjects[u]
            && groups[s].codes().iter().any(|c| !c.starts_with("---"))
        {
            let between = verbs[u].end..v.group_start - 2;
            let party_object = groups
                .iter()
                .any(|g| g.start >= between.start && g.end <= between.end);
            let thing_object = tokens[between]
                .iter()
                .any(|t| matches!(t.tag, Tag::Noun | Tag::Proper | Tag::Other));
            if !party_object && (pronoun != "IT" || !thing_object) {
                return Some(s);
            }
        }
        if v.infinitive
            && let Some(u) = prev
        {
            // Object control ("urged Eriador to respond"), else subject control.
            if let Some(i) = groups
                .iter()
                .position(|g| g.start > verbs[u].at && g.end <= v.group_start)
            {
                return Some(i);
            }
            return subjects[u];
        }
        let before = v.group_start.checked_sub(1).map(|k| &tokens[k]);
        // ("issued a statement condemning Japan": the issuers condemn)
        let statement = v.group_start > 0 && issued_statement(tokens, v.group_start - 1);
        if (statement || before.is_some_and(|t| is_coordinator(t) || t.norm == ","))
            && let Some(u) = prev
        {
            return subjects[u];
        }
        // A relative clause: "the group that fired", "North Korea, which fired" — the noun
        // group before the wh-word (and its comma).
        if left > 0 && (matches!(tokens[left - 1].tag, Tag::Wh) || tokens[left - 1].norm == "THAT")
        {
            let comma = left >= 2 && tokens[left - 2].norm == ",";
            return groups
                .iter()
                .rposition(|g| g.end == left - 1 || (comma && g.end == left - 2));
        }
        None
    }

    #[allow(clippy::too_many_arguments)]
    fn events_for(
        &self,
        text: &str,
        tokens: &[Token],
        norms: &[&str],
        groups: &[Group],
        deps: Option<&[Dep]>,
        v: &VerbInfo,
        subject: Option<usize>,
        sentence: (usize, usize),
    ) -> Vec<CodedEvent> {
        let block = &self.dicts.verbs.blocks[v.block];
        // Whether the verb opens a relative clause set off by a comma (", which fired").
        // An object relative clause ("the missile, which North Korea fired"): its
        // antecedent, and whether the clause is set off by a comma too.
        let object_relative = subject.and_then(|s| object_antecedent(tokens, groups, s, v));
        let relative = (v.group_start >= 2
            && matches!(tokens[v.group_start - 1].norm.as_str(), "WHICH" | "WHO")
            && tokens[v.group_start - 2].norm == ",")
            || object_relative
                .is_some_and(|a| tokens.get(a.end(groups)).is_some_and(|t| t.norm == ","));
        let force_on_things = block
            .code
            .forward
            .as_deref()
            .is_some_and(|c| ["15", "17", "18", "19"].iter().any(|p| c.starts_with(p)));
        // The clause to the right ends at a boundary or a finite verb of another clause.
        let clause_end = |from: usize| -> usize {
            let mut right = tokens.len();
            for (k, t) in tokens.iter().enumerate().skip(from) {
                let boundary = matches!(t.norm.as_str(), ";" | ":" | "--")
                    || (matches!(
                        t.norm.as_str(),
                        "THAT"
                            | "WHICH"
                            | "WHO"
                            | "BECAUSE"
                            | "WHILE"
                            | "ALTHOUGH"
                            | "WHEN"
                            | "WHETHER"
                            | "IF"
                    ) && matches!(t.tag, Tag::Prep | Tag::Wh))
                    // "... as China expands its military": "as" opening a clause
                    // (not "rejected as baseless Pakistani claims": an adjective after it)
                    || (t.norm == "AS"
                        && tokens.get(k + 1).is_some_and(|n| {
                            let w = n.norm.as_str();
                            !matches!(w, "A" | "AN" | "WELL" | "PART" | "SOON")
                                && n.tag != Tag::Adj
                                && !matches!(w, "FALSE" | "UNTRUE" | "NONSENSE" | "ILLEGAL")
                                && !["LESS", "ABLE", "IBLE", "OUS", "IVE", "FUL"]
                                    .iter()
                                    .any(|x| w.ends_with(x))
                        })
                        && tokens[k + 1..].iter().take(5).any(|n| n.tag.is_verb()))
                    // "scrambled jets after a Russian missile entered its airspace": a
                    // word of time opening a clause with a subject and a finite verb
                    || (matches!(t.norm.as_str(), "AFTER" | "BEFORE" | "SINCE" | "UNTIL")
                        && tokens.get(k + 1).is_some_and(|n| !n.tag.is_verb())
                        && tokens[k + 1..].iter().take(9).any(|n| {
                            matches!(
                                n.tag,
                                Tag::Verb {
                                    gerund: false,
                                    ..
                                } | Tag::Aux
                                    | Tag::Modal
                            ) || participle_like(n)
                        }));
                // "visited the shrine, angering China": an -ing clause after a comma
                // is another clause.
                let comma_gerund = t.norm == ","
                    && tokens.get(k + 1).is_some_and(|n| {
                        matches!(n.tag, Tag::Verb { gerund: true, .. })
                            || (n.norm.ends_with("ING") && n.norm.len() > 5)
                    });
                // "launched war games, expected to be joined by Italy": so is a
                // participle clause after a comma.
                let comma_participle =
                    t.norm == "," && tokens.get(k + 1).is_some_and(participle_like);
                // "freed 300 schoolgirls kidnapped by Boko Haram": a reduced relative
                // after a noun starts a clause of its own; not one that names an owner
                // or an author ("seized a tanker owned by a Greek company" seizes Greek
                // property, "welcomed memos sent by Bree" welcomes Bree's act), nor one
                // in a chain of agents ("killed by a bomb planted by Hezbollah").
                let reduced_relative = k > 0
                    && participle_like(t)
                    // (but "attacked rebels backed by Turkey" attacks the rebels: after
                    // an actor, a backer is not an owner)
                    && (!OWNER_PARTICIPLES.contains(&t.norm.as_str())
                        || groups.iter().any(|g| g.end == k))
                    // ("demanded the return of citizens abducted by North Korea": whoever
                    // holds the people whose release is asked is asked)
                    && !(HOLDING.contains(&t.norm.as_str())
                        && tokens[from..k]
                            .iter()
                            .any(|t| matches!(t.norm.as_str(), "RELEASE" | "RETURN")))
                    // ("intercepted a missile fired by the Houthis", "destroyed drones
                    // launched by Russia": force against weapons is force against whoever
                    // launched them)
                    && !(force_on_things
                        && matches!(
                            t.norm.as_str(),
                            "FIRED" | "LAUNCHED" | "FLOWN" | "DEPLOYED" | "DISPATCHED"
                        ))
                    && {
                        let mut q = k;
                        while q > 0
                            && matches!(
                                tokens[q - 1].tag,
                                Tag::Noun | Tag::Other | Tag::Adj | Tag::Det | Tag::Num
                            )
                        {
                            q -= 1;
                        }
                        !(q > 0 && tokens[q - 1].norm == "BY")
                    }
                    && matches!(tokens[k - 1].tag, Tag::Noun | Tag::Other)
                    && tokens.get(k + 1).is_some_and(|n| n.norm == "BY")
                    && tokens
                        .get(k + 2)
                        .is_some_and(|n| n.tag != Tag::Num && !n.norm.ends_with("ING"));
                // "convicted a man of spying for Russia", "a lecturer suspected of spying
                // for Russia": what "of" and a gerund tell is the charge, not a target
                // (a passive's agent may follow it: "was accused of misusing funds by
                // officials").
                // ("accused the coast guard of deliberately ramming": an adverb may
                // come first)
                let adverbs = tokens[(k + 1).min(tokens.len())..]
                    .iter()
                    .take_while(|n| {
                        n.tag == Tag::Adv || (n.norm.ends_with("LY") && n.norm.len() > 4)
                    })
                    .count();
                let charge = !v.passive
                    && t.norm == "OF"
                    && tokens.get(k + 1 + adverbs).is_some_and(|n| {
                        (matches!(n.tag, Tag::Verb { gerund: true, .. })
                            || (n.norm.ends_with("ING") && n.norm.len() > 5))
                            // ("a memorandum of understanding with Iran": a noun)
                            && !ING_NOUNS.contains(&n.norm.as_str())
                    });
                // ("transferred oil to a ship in violation of UN sanctions": whose norm
                // is broken is no target of the act)
                let violation = matches!(t.norm.as_str(), "VIOLATION" | "BREACH" | "DEFIANCE")
                    && k > 0
                    && matches!(tokens[k - 1].norm.as_str(), "IN")
                    && tokens.get(k + 1).is_some_and(|n| n.norm == "OF");
                let boundary = boundary
                    || comma_gerund
                    || comma_participle
                    || reduced_relative
                    || charge
                    || violation;
                let new_clause = is_coordinator(t)
                    && tokens
                        .get(k + 1)
                        .is_some_and(|n| n.tag.is_verb() || matches!(n.tag, Tag::Aux | Tag::Modal));
                // ", a senior official said": a comma, a noun phrase, then a verb; ", and
                // the South responded", "and Seoul responded": a coordinator, a noun
                // phrase with a name or article, then a verb.
                let coordinated = is_coordinator(t)
                    && tokens
                        .get(k + 1)
                        .is_some_and(|n| matches!(n.tag, Tag::Det | Tag::Proper))
                    // (names joined into one group, "said Japan and the US would", are
                    // one subject: no group ends at the coordinator)
                    && groups.iter().all(|g| !(g.start < k && g.end > k));
                let comma_clause = (t.norm == "," || coordinated) && {
                    let skip = usize::from(
                        t.norm == ","
                            && tokens.get(k + 1).is_some_and(is_coordinator)
                            && tokens
                                .get(k + 2)
                                .is_some_and(|n| matches!(n.tag, Tag::Det | Tag::Proper)),
                    );
                    let rest = &tokens[k + 1 + skip..];
                    // (after a coordinator, a word in -ed the dictionaries do not hold
                    // counts as the verb: "and the South responded")
                    let verb = rest.iter().position(|n| {
                        n.tag.is_verb()
                            || n.tag == Tag::Aux
                            || (skip + usize::from(coordinated) > 0 && participle_like(n))
                    });
                    let comma = rest.iter().position(|n| n.norm == ",");
                    verb.is_some_and(|vp| {
                        vp > 0
                            && comma.is_none_or(|c| c > vp)
                            && rest[..vp].iter().all(|n| {
                                matches!(
                                    n.tag,
                                    Tag::Det
                                        | Tag::Adj
                                        | Tag::Noun
                                        | Tag::Proper
                                        | Tag::Other
                                        | Tag::Adv
                                        | Tag::Num
                                        | Tag::Poss
                                )
                            })
                    })
                };
                // A relative clause set off by commas (", which fired a missile on Tuesday,")
                // ends at its closing comma.
                let closes_relative = t.norm == "," && relative;
                if boundary || new_clause || comma_clause || closes_relative {
                    right = k;
                    break;
                }
            }
            right
        };
        let right = clause_end(v.end);
        // A pattern that names the complementiser ("* THAT + WOULD_PAY": "warned that Seoul
        // would pay") reads on into the clause it opens.
        let right_after_that = if right == v.end && norms.get(right) == Some(&"THAT") {
            clause_end(right + 1)
        } else {
            right
        };
        // "Gollum allowed that Mordor isn't ...", "China warned that Japan ...": a verb
        // right before "that" finds its target, and its patterns their words, in the
        // clause "that" opens (as PETRARCH reads them). Not a reporting verb, whose clause
        // holds the reported event, nor a denial, which reports none.
        let right = if REPORTING.contains(&norms[v.at])
            || matches!(norms[v.at], "DENY" | "DENIES" | "DENIED" | "DENYING")
        {
            right
        } else {
            right_after_that
        };
        let mut left = 0;
        for k in (0..v.group_start).rev() {
            if matches!(tokens[k].norm.as_str(), ";" | ":") {
                left = k + 1;
                break;
            }
        }
        // Patterns: the most specific one that matches.
        let mut best: Option<(&Pattern, PatternMatch)> = None;
        for p in &block.patterns {
            let right = if p
                .upper
                .first()
                .is_some_and(|(e, _)| *e == Elem::Word("THAT".into()))
            {
                right_after_that
            } else {
                right
            };
            if let Some(m) = self.match_pattern(p, None, norms, groups, v, left, right)
                // A target with no actor in it ("into the sea") is no target, nor is who
                // reports ("according to South Korea"): a pattern that needs one does not
                // apply, so the launch codes as a launch.
                && m.target.is_none_or(|t| {
                    !groups[t].codes().is_empty() && !is_attribution(norms, &groups[t])
                })
                && best.as_ref().is_none_or(|(bp, _)| p.weight() > bp.weight())
            {
                best = Some((p, m));
            }
        }
        // An object relative clause ("the missile, which North Korea fired", "the troops
        // that Russia sent"): the verb's object is the antecedent before the relative
        // word, so a pattern's object words are looked for there. Only patterns without
        // words before the verb or a target, whose object words all stand in the
        // antecedent.
        if best.is_none()
            && let Some(Antecedent::Thing(ante_start, ante_end)) = object_relative
        {
            let mut at = v.clone();
            at.end = ante_start;
            for p in block.patterns.iter().filter(|p| {
                p.lower.is_empty()
                    && p.upper
                        .iter()
                        .all(|(e, _)| !matches!(e, Elem::Target | Elem::Source | Elem::Compound))
            }) {
                if let Some(m) = self.match_pattern(p, None, norms, groups, &at, left, ante_end)
                    && best.as_ref().is_none_or(|(bp, _)| p.weight() > bp.weight())
                {
                    best = Some((p, m));
                }
            }
        }
        // A passive whose pattern names the object right after the verb ("* + TO_^_YEARS":
        // "was sentenced to 15 years by a court"): the object is the passive's subject, so
        // the pattern is read without it, and the subject and "by" decide the sides.
        let mut passive_best: Option<(&Pattern, PatternMatch)> = None;
        if best.is_none() && v.passive {
            for p in block.patterns.iter().filter(|p| {
                p.lower.is_empty()
                    && p.upper.len() > 1
                    && p.upper.iter().filter(|(e, _)| *e == Elem::Target).count() == 1
                    && p.upper
                        .iter()
                        .all(|(e, _)| !matches!(e, Elem::Source | Elem::Compound))
            }) {
                let at = p.upper.iter().position(|(e, _)| *e == Elem::Target);
                if let Some(m) = self.match_pattern(p, at, norms, groups, v, left, right)
                    && passive_best
                        .as_ref()
                        .is_none_or(|(bp, _)| p.weight() > bp.weight())
                {
                    passive_best = Some((p, m));
                }
            }
        }
        // "Sanctions were imposed on Iran by the EU": a passive whose subject is the
        // thing a pattern names first ("* &SANCTIONS ON + [163]") reads the pattern's
        // first words at the end of the subject, its rest after the verb; the "by" agent
        // acts on the pattern's target.
        // "Sanctions against Iran were tightened by the UN": a pattern that ends with its
        // target ("* &SANCTIONS AGAINST + [163]") may stand whole in the subject, whose
        // actor is then the target.
        let mut thing_passive: Option<(Pattern, PatternMatch)> = None;
        if best.is_none() && passive_best.is_none() && v.passive {
            for p in block.patterns.iter().filter(|p| {
                p.lower.is_empty()
                    && p.upper.iter().filter(|(e, _)| *e == Elem::Target).count() <= 1
                    && p.upper
                        .iter()
                        .all(|(e, _)| !matches!(e, Elem::Source | Elem::Compound))
            }) {
                let lead = p
                    .upper
                    .iter()
                    .take_while(|(e, _)| matches!(e, Elem::Word(_) | Elem::Synset(_)))
                    .count();
                if lead == 0 {
                    continue;
                }
                let whole = lead + 1 == p.upper.len() && p.upper[lead].0 == Elem::Target;
                if subject.is_some() && !whole {
                    continue;
                }
                let lead = if whole { lead + 1 } else { lead };
                // The leading words, one after another, end right before the verb group.
                let mut end = v.group_start;
                let mut scratch = PatternMatch::default();
                let fits = p.upper[..lead].iter().rev().all(|(e, _)| {
                    match self.elem_ends_at(e, norms, groups, end, &mut scratch) {
                        Some(len) if end - len >= left => {
                            end -= len;
                            true
                        }
                        _ => false,
                    }
                });
                if !fits {
                    continue;
                }
                let rest = Pattern {
                    lower: Vec::new(),
                    upper: p.upper[lead..].to_vec(),
                    code: p.code.clone(),
                    text: p.text.clone(),
                    line: p.line,
                };
                let m = if whole {
                    // The subject's actor is the target; nothing is left after the verb.
                    scratch
                        .target
                        .filter(|&t| {
                            subject.is_none_or(|s| s == t) && !groups[t].codes().is_empty()
                        })
                        .map(|_| scratch)
                } else {
                    self.match_pattern(&rest, None, norms, groups, v, left, right)
                };
                if let Some(m) = m
                    && thing_passive
                        .as_ref()
                        .is_none_or(|(bp, _)| p.weight() > bp.weight())
                {
                    thing_passive = Some((rest, m));
                }
            }
        }
        let chosen = best
            .as_ref()
            .map(|(p, m)| (*p, m))
            .or(passive_best.as_ref().map(|(p, m)| (*p, m)))
            .or(thing_passive.as_ref().map(|(p, m)| (p, m)));
        // A passive pattern naming what the subject is ("&TROOPS *", "WORKERS *"): the
        // subject is what was moved, by its own state.
        let subject_moved = chosen.is_some_and(|(p, _)| {
            !p.lower.is_empty()
                && p.lower
                    .iter()
                    .all(|(e, _)| matches!(e, Elem::Word(_) | Elem::Synset(_)))
        });
        let (code, pattern, m) = match chosen {
            Some((p, m)) => (p.code.clone(), Some(p.text.clone()), Some(m.clone())),
            None => (
                v.form_code.clone().unwrap_or_else(|| block.code.clone()),
                None,
                None,
            ),
        };
        if code.is_null() {
            return Vec::new();
        }
        // A negated verb is not coded as the event (a pattern may code the negation).
        let negation_in_pattern = pattern.as_ref().is_some_and(|p| {
            p.split(|c: char| c.is_whitespace() || c == '_')
                .any(|w| matches!(w, "NOT" | "N'T" | "NEVER" | "NO") || w.starts_with("&NEG"))
        });
        // "Iran would never negotiate with the United States", "will not withdraw": a
        // meeting or a concession refused for the future is a rejection (CAMEO 125 and
        // 124). Aid or cooperation not to be given is only a statement of what will not
        // happen ("Russia will not send troops"), and a negated act in the past only what
        // did not.
        let refused = |c: &str| -> Option<&'static str> {
            match c.get(..2)? {
                "04" => Some("125"),
                "08" => Some("124"),
                _ => None,
            }
        };
        let code = if v.negated && !negation_in_pattern {
            let refusal = code.forward.as_deref().and_then(refused);
            let Some(refusal) = refusal.filter(|_| v.intent) else {
                return Vec::new();
            };
            // The refusal is the refuser's alone: the target does not refuse back.
            Code {
                forward: Some(refusal.to_string()),
                reverse: None,
            }
        } else {
            code
        };
        // "Iraq said it would allow the inspectors back": the intention, not the act.
        let intends = self.intent && v.intent && !v.negated;
        // "renewed its threat to deploy nuclear weapons": an act threatened is a threat
        // (to sanction, coerce or use force, as intent_code gives it; a force posture or
        // other force threatened, 138; anything else, 130).
        let threatened = v.infinitive
            && !v.negated
            && v.group_start > 0
            && matches!(
                norms[v.group_start - 1],
                "THREAT" | "THREATS" | "THREATEN" | "THREATENS" | "THREATENED" | "THREATENING"
            );
        let code = if threatened {
            let threat = |c: &str| {
                let meant = intent_code(c);
                if meant.starts_with("13") {
                    meant
                } else if c.starts_with("15") || c.starts_with("19") {
                    "138".to_string()
                } else {
                    "130".to_string()
                }
            };
            Code {
                forward: code.forward.as_deref().map(threat),
                reverse: None,
            }
        } else if intends {
            Code {
                forward: code.forward.as_deref().map(intent_code),
                reverse: code.reverse.as_deref().map(intent_code),
            }
        } else {
            code
        };
        // Source and target.
        let m = m.unwrap_or_default();
        // The first noun group after the verb in its clause, other than `not`.
        // Groups with a country or organisation come before bare role words ("deployed
        // troops along the border with South Korea").
        // ("met in New Delhi", "held talks in Beijing": where a meeting is held is no
        // party to it; where a visitor arrives is whom they visit)
        let meeting = code
            .forward
            .as_deref()
            .is_some_and(|c| matches!(c, "040" | "041" | "046" | "036"));
        // ("coordinate their positions at the United Nations": an organisation where
        // states cooperate is no party to it either)
        let cooperating = code
            .forward
            .as_deref()
            .is_some_and(|c| RECIPROCAL.iter().any(|r| c.starts_with(r)));
        // ("rallied in Tbilisi against Russian influence": where a protest is held is
        // no target of it either, when the clause names a party elsewhere)
        let protest = code.forward.as_deref().is_some_and(|c| c.starts_with("14"))
            && groups.iter().any(|g| {
                let q = phrase_start(tokens, g.start);
                g.start >= v.end
                    && g.start < right_after_that
                    && q > 0
                    && tokens[q - 1].norm != "IN"
                    // (or a government or force of no named state protested against:
                    // "protested in Belgrade against the government")
                    && (g.codes().iter().any(|c| !c.starts_with("---"))
                        || tokens[q - 1].norm == "AGAINST")
            });
        let venue = |g: &Group| {
            let q = phrase_start(tokens, g.start);
            q > 0
                && (((meeting || protest) && tokens[q - 1].norm == "IN")
                    || (cooperating
                        && tokens[q - 1].norm == "AT"
                        && g.codes().iter().all(|c| c.starts_with("IGO"))))
        };
        // "Putin thanked Kim for supporting Russia", "China criticised Lee for visiting
        // Japan": a name the dictionaries do not know, right after a verb of speech or
        // diplomacy (not of things given: "delivered Shahed drones to Russia"), is its
        // object; a party named later is no target of the verb.
        // (a model's designation, "F-16", "S-400", names a thing, not a party; so does a
        // name before a common noun: "will export Patriot missiles to the United States")
        let names_a_model = || {
            let run = tokens[v.end..]
                .iter()
                .take_while(|t| t.tag == Tag::Proper)
                .count();
            tokens.get(v.end + run).is_some_and(|n| {
                matches!(n.tag, Tag::Noun | Tag::Other)
                    && text[n.start..]
                        .chars()
                        .next()
                        .is_some_and(char::is_lowercase)
            })
        };
        let unknown_object = tokens.get(v.end).is_some_and(|t| {
            t.tag == Tag::Proper
                && !t.norm.bytes().any(|b| b.is_ascii_digit())
                && groups.iter().all(|g| g.end <= v.end || g.start > v.end)
        }) && !names_a_model()
            && code.forward.as_deref().is_some_and(|c| {
                ["01", "02", "03", "04", "05", "10", "11", "12"]
                    .iter()
                    .any(|p| c.starts_with(p))
            });
        // ("delivered ammunition from North Korea to Vostochny": what is given "from" a
        // party comes from it; that party is not given to)
        let giving = code.forward.as_deref().is_some_and(|c| c.starts_with("07"));
        let from_origin = |g: &Group| {
            let q = phrase_start(tokens, g.start);
            giving && q > 0 && tokens[q - 1].norm == "FROM"
        };
        // ("executed officials for watching South Korean dramas": what follows "for" and
        // a gerund is the reason, its parties no target of the verb)
        let past_reason = |g: &Group| {
            (v.end..g.start).any(|k| {
                norms[k] == "FOR"
                    && norms
                        .get(k + 1)
                        .is_some_and(|n| n.len() > 5 && n.ends_with("ING"))
            })
        };
        // ("released prisoners under a deal with the Vatican": the party to the deal
        // under which it is done is no target of the act)
        // (nor is who brokered that deal, "under a deal brokered by the Vatican", nor the
        // party to talks after which it is done, "freed prisoners after talks with Cuba")
        let deal_partner = |g: &Group| {
            let q = phrase_start(tokens, g.start);
            let deal = |w: &str| {
                matches!(
                    w,
                    "DEAL" | "AGREEMENT" | "ACCORD" | "ARRANGEMENT" | "SWAP" | "EXCHANGE"
                )
            };
            let under_deal = q > 2
                && tokens[q - 1].norm == "WITH"
                && deal(norms[q - 2])
                && (v.end..q - 2).any(|k| norms[k] == "UNDER" || norms[k] == "PART");
            let brokered = q > 3
                && q - 3 >= v.end
                && tokens[q - 1].norm == "BY"
                && matches!(
                    norms[q - 2],
                    "BROKERED" | "MEDIATED" | "NEGOTIATED" | "ARRANGED"
                )
                && (deal(norms[q - 3]) || matches!(norms[q - 3], "TRUCE" | "CEASEFIRE"));
            let after_talks = q > 3
                && q - 3 >= v.end
                && tokens[q - 1].norm == "WITH"
                && matches!(norms[q - 2], "TALKS" | "NEGOTIATIONS" | "CONSULTATIONS")
                && matches!(norms[q - 3], "AFTER" | "FOLLOWING");
            under_deal || brokered || after_talks
        };
        // ("intercepted the drones with help from the United States": who helped is
        // no target of the act)
        let helper = |g: &Group| {
            let q = phrase_start(tokens, g.start);
            q > 2
                && matches!(norms[q - 1], "FROM" | "OF")
                && matches!(norms[q - 2], "HELP" | "SUPPORT" | "ASSISTANCE" | "BACKING")
                && (q.saturating_sub(4)..q - 2).any(|k| norms[k] == "WITH")
        };
        // ("vetoed a resolution on North Korea's missile launches", "blocked a statement
        // condemning Iran": the party a text is about is not whom its veto or rejection
        // is aimed at)
        let rejecting = code.forward.as_deref().is_some_and(|c| c.starts_with("12"));
        let text_topic = |g: &Group| {
            rejecting
                && g.start > v.end
                && (v.end..g.start).any(|k| {
                    matches!(
                        norms[k],
                        "RESOLUTION"
                            | "RESOLUTIONS"
                            | "STATEMENT"
                            | "DRAFT"
                            | "MOTION"
                            | "DECLARATION"
                    ) && norms.get(k + 1).is_some_and(|n| {
                        matches!(
                            *n,
                            "ON" | "AGAINST"
                                | "CONDEMNING"
                                | "CALLING"
                                | "URGING"
                                | "DEMANDING"
                                | "CRITICISING"
                                | "CRITICIZING"
                                | "IMPOSING"
                                | "SANCTIONING"
                        )
                    })
                })
        };
        let out_of_reach = |g: &Group| {
            text_topic(g)
                || (unknown_object && g.start > v.end)
                || from_origin(g)
                || past_reason(g)
                || deal_partner(g)
                || helper(g)
        };
        // A force posture (CAMEO 15): a launch, a test, a drill, a mobilisation.
        let posture = code.forward.as_deref().is_some_and(|c| c.starts_with("15"));
        // "to help him oust General Aoun": a pronoun right after the verb is its object,
        // and a party named after it is another verb's.
        let pronoun_object = tokens.get(v.end).is_some_and(|t| {
            t.tag == Tag::Pron && matches!(t.norm.as_str(), "HIM" | "HER" | "THEM" | "IT" | "ME")
        });
        let after = |not: Option<usize>| {
            let ok = |i: usize, g: &Group| {
                g.start >= v.end
                    && !pronoun_object
                    && !out_of_reach(g)
                    && g.start < right
                    && Some(i) != not
                    && Some(i) != subject
                    && !is_attribution(norms, g)
                    // ("massed troops on the Iraqi border": a force posture at a border
                    // is aimed at the state beyond it)
                    && (!names_a_border(tokens, g) || posture)
                    && !venue(g)
            };
            let with_actor = groups
                .iter()
                .enumerate()
                .position(|(i, g)| ok(i, g) && g.codes().iter().any(|c| !c.starts_with("---")));
            // "severed ties with seven countries, including Argentina and Chile": the
            // parties the object's list names after its comma.
            let including = || {
                let listed =
                    norms.get(right) == Some(&",") && norms.get(right + 1) == Some(&"INCLUDING");
                groups.iter().position(|g| {
                    listed
                        && !unknown_object
                        && g.start == right + 2
                        && g.codes().iter().any(|c| !c.starts_with("---"))
                })
            };
            with_actor
                .or_else(including)
                .or_else(|| groups.iter().enumerate().position(|(i, g)| ok(i, g)))
        };
        // "was welcomed by Putin in the Kremlin": a pattern's target that is the passive's
        // "by" agent is the one who acts, on the subject.
        let by_agent = v.passive
            && m.source.is_none()
            && m.target.is_some_and(|t| {
                let k = phrase_start(tokens, groups[t].start);
                k > 0 && tokens[k - 1].norm == "BY"
            });
        let by = || {
            (v.end..right)
                .find(|&k| tokens[k].norm == "BY")
                .and_then(|k| {
                    // ("by unidentified gunmen", "by masked men": a participle used as an
                    // adjective may open the agent too)
                    groups.iter().position(|g| {
                        let q = phrase_start(tokens, g.start);
                        q == k + 1
                            || (q > k + 1
                                && q <= k + 3
                                && tokens[k + 1..q].iter().all(|t| {
                                    participle_like(t)
                                        || matches!(t.tag, Tag::Det | Tag::Adj | Tag::Num)
                                }))
                    })
                })
        };
        // A pattern that gives the source after the verb and no target ("detected Chinese
        // warplanes": `* $ &WARPLANE`; PETRARCH's "triggered protests from $"): the verb's
        // subject is whom the source's act concerns, even when it also reports it
        // ("Taiwan said it had detected ...").
        let source_after_verb = m.source.filter(|&s| {
            !v.passive
                && m.target.is_none()
                && !m.compound
                && groups[s].start >= v.end
                && subject.is_some_and(|subj| subj != s)
        });
        let (source, target) = if by_agent {
            (m.target, subject)
        } else if thing_passive.is_some() && best.is_none() && passive_best.is_none() {
            let by = by();
            (by, m.target.or_else(|| after(by)))
        } else if v.passive && m.source.is_none() && m.target.is_none() {
            // "Shells were supplied to Russia by North Korea": the agent of "by" acts on
            // the subject (or, without one, on the first group after the verb);
            // "An Eriadorian was shot dead in Osgiliath": no "by", the place acts.
            let by = by();
            // A reduced relative acts on the noun right before it, actor or not.
            let subject = if v.reduced {
                described_noun(tokens, groups, v.group_start)
            } else {
                subject
            };
            match (by, subject) {
                (Some(b), Some(s)) => (Some(b), Some(s)),
                // ("a ship attacked by pirates was rescued by the navy": what a reduced
                // relative describes is no actor, and what follows is another clause's)
                (Some(b), None) if v.reduced => (Some(b), None),
                (Some(b), None) => (Some(b), after(Some(b))),
                // A force posture (CAMEO 15) without "by": the forces moved are the
                // mover's, so the subject names the actor and the place they go the
                // target ("North Korean troops were deployed to Russia" is PRKMIL's
                // deployment to RUS).
                (None, s) if subject_moved || posture => {
                    // A place after the verb is where they go, never who moves them:
                    // without a country in the subject there is no actor.
                    match s.filter(|&s| groups[s].codes().iter().any(|c| !c.starts_with("---"))) {
                        Some(s) => (Some(s), after(None)),
                        None => (None, None),
                    }
                }
                // ("was charged with exporting goods to North Korea": a group after
                // another verb or a gerund is that verb's, not the passive's actor,
                // unless "by" gives it as the agent beyond the clause)
                (None, s) => {
                    let own = |g: &usize| {
                        let start = groups[*g].start;
                        // ("North Korean soldiers were killed in Kursk", "Ukrainian
                        // soldiers were killed in Donetsk": a place named with "in", "at"
                        // or "near" is where harm was done, not who did it; nor does a
                        // state act on its own people in its own place)
                        let at = phrase_start(tokens, start);
                        if at > 0 && matches!(norms[at - 1], "IN" | "AT" | "NEAR") {
                            let harm = code.forward.as_deref().is_some_and(|c| {
                                ["18", "19", "20"].iter().any(|r| c.starts_with(r))
                            });
                            let state = |g: usize| {
                                groups[g]
                                    .codes()
                                    .first()
                                    .map(|c| c.get(..3).unwrap_or(c).to_string())
                            };
                            if harm
                                || s.is_some_and(|s| state(s).is_some() && state(s) == state(*g))
                            {
                                return false;
                            }
                        }
                        let from = (v.end..start)
                            .rfind(|&k| tokens[k].norm == "BY")
                            .unwrap_or(v.end);
                        !tokens[from..start].iter().any(|t| {
                            t.tag.is_verb() || (t.norm.len() > 4 && t.norm.ends_with("ING"))
                        })
                    };
                    (after(None).filter(own), s)
                }
            }
        } else {
            // With a dependency tree: the verb's object, else an oblique or nominal
            // modifier of it, that holds an actor.
            let object = deps.and_then(|d| {
                dependent_group(d, groups, v.at, &["obj", "dobj", "iobj"])
                    .or_else(|| dependent_group(d, groups, v.at, &["obl", "nmod"]))
                    .filter(|&g| Some(g) != subject)
            });
            // In an object relative clause the antecedent is the object.
            let antecedent = match object_relative {
                Some(Antecedent::Actor(g)) => Some(g),
                _ => None,
            };
            // "Japan protested after Chinese warships entered its waters": disapproval,
            // protest or a show of force ("scrambled jets after Russian bombers entered
            // its air defence zone") with no party in its own clause is aimed at whoever
            // acts in the clause of time that follows it.
            let provoker = || {
                let disapproval = code
                    .forward
                    .as_deref()
                    .is_some_and(|c| ["11", "14", "15"].iter().any(|r| c.starts_with(r)));
                if !disapproval || !matches!(norms.get(right), Some(&("AFTER" | "WHEN"))) {
                    return None;
                }
                groups.iter().position(|g| {
                    phrase_start(tokens, g.start) == right + 1
                        && g.codes().iter().any(|c| !c.starts_with("---"))
                        // (not a reporter: "after the IAEA reported that ...")
                        && !(norms.get(g.end).is_some_and(|w| REPORTING.contains(w))
                            && norms.get(g.end + 1) == Some(&"THAT"))
                })
            };
            // "Two Russian bombers flew over the Sea of Japan, prompting Japan to scramble
            // fighters": a reaction with no party, by whom a clause after ", prompting"
            // names, is aimed at the subject of the clause before.
            let prompter = || {
                let reaction = code.forward.as_deref().is_some_and(|c| {
                    ["11", "12", "13", "14", "15", "16"]
                        .iter()
                        .any(|r| c.starts_with(r))
                });
                let s = subject?;
                let k = phrase_start(tokens, groups[s].start);
                let prompted = reaction
                    // (the verb group may hold the infinitive's "to")
                    && v.group_start <= groups[s].end + 1
                    && norms.get(groups[s].end) == Some(&"TO")
                    && k >= 2
                    && PROMPTING.contains(&norms[k - 1])
                    && norms[k - 2] == ",";
                if !prompted {
                    return None;
                }
                let own = groups[s]
                    .codes()
                    .first()
                    .and_then(|c| c.get(..3).map(str::to_string));
                groups.iter().position(|g| {
                    g.end <= k - 2
                        && g.codes().iter().any(|c| !c.starts_with("---"))
                        && g.codes().iter().all(|c| c.get(..3) != own.as_deref())
                })
            };
            let target = m.target.or(object).or(antecedent).or_else(|| after(None));
            // (an object that is no party, "scrambled fighter jets", gives way)
            // "Three Indian soldiers were killed when Pakistani troops opened fire across
            // the border": force with no party in a clause of time is aimed at those the
            // clause before says were killed or wounded.
            let victims = || {
                let force = code
                    .forward
                    .as_deref()
                    .is_some_and(|c| ["18", "19"].iter().any(|r| c.starts_with(r)));
                let k = v.group_start.checked_sub(1)?;
                let opener = (0..=k)
                    .rev()
                    .take(5)
                    .find(|&q| matches!(norms[q], "WHEN" | "AS" | "AFTER"))?;
                if !force || opener < 3 {
                    return None;
                }
                let harmed = matches!(norms[opener - 1], "KILLED" | "WOUNDED" | "INJURED" | "HURT")
                    && matches!(norms[opener - 2], "WERE" | "WAS");
                if !harmed {
                    return None;
                }
                groups.iter().position(|g| {
                    g.end == opener - 2 && g.codes().iter().any(|c| !c.starts_with("---"))
                })
            };
            let target = match target {
                Some(t) if groups[t].codes().iter().any(|c| !c.starts_with("---")) => Some(t),
                _ => provoker().or_else(prompter).or_else(victims).or(target),
            };
            match source_after_verb {
                Some(s) => (Some(s), subject),
                None => (m.source.or(subject), target),
            }
        };
        let hedged = v.modal
            || (v.would && !intends)
            || (0..v.at).any(|k| HEDGE_WORDS.contains(&norms[k]))
            || (v.at + 1..right).any(|k| matches!(norms[k], "REPORTEDLY" | "ALLEGEDLY"))
            || phrase_before(norms, v.group_start, &["ACCORDING", "TO"])
            || reported_frame(norms, v.group_start);
        let side = |g: usize, code: &str| group_side(text, tokens, groups, g, code);
        let event = |source: Side, target: Side, c: &str, confidence: f32| CodedEvent {
            source,
            target,
            code: c.to_string(),
            verb: text[tokens[v.at].start..tokens[v.end - 1].end].to_string(),
            verb_start: tokens[v.at].start,
            verb_end: tokens[v.end - 1].end,
            hedged,
            confidence,
            pattern: pattern.clone(),
            sentence_start: sentence.0,
            sentence_end: sentence.1,
            attributed_to: None,
            also: Vec::new(),
        };
        // No target with an actor in it: a force posture (a launch, a test, a drill, a
        // mobilisation) is an event with one side, as CAMEO and PETRARCH allow.
        // Not in a passive: there the subject is what was acted on, and the group taken
        // for the actor may be only a place ("deployed to Russia's Kursk region").
        let target = target.filter(|&t| {
            !groups[t].codes().is_empty()
                && (source_after_verb.is_some() || !is_attribution(norms, &groups[t]))
        });
        // No target, and an act a state does to its own people (a curfew or a state of
        // emergency imposed or lifted, reforms, repression): the target is the state of
        // the government, party or force that acts ("Sudan's government lifted the state
        // of emergency" is SDNGOV -> SDN).
        // (A force posture in the passive has its subject as actor: "Serbian troops were
        // placed on high alert".)
        if target.is_none()
            && (!v.passive || posture)
            && !m.compound
            && let Some(s) = source
            && let Some(c) = code.forward.as_ref()
        {
            // ("Rwandan rebels captured the town of Ruhengeri": territory that rebels of
            // a state take, with no other state named, is their own state's)
            let rebel =
                |sc: &str| sc.len() > 3 && sc.get(3..).is_some_and(|r| r.starts_with("REB"));
            let seized_at_home =
                c.starts_with("192") && groups[s].codes().iter().any(|sc| rebel(sc));
            // ("South Korean workers went on strike", "Algeria's leading human rights
            // activist staged a hunger strike": a state's people who protest, strike or
            // riot with no party named do so at home, against their own state)
            let people = |sc: &str| {
                sc.len() > 3
                    && sc.is_char_boundary(3)
                    && !sc.starts_with("---")
                    && sc.get(3..).is_some_and(|r| {
                        let r = r.strip_prefix("ELI").unwrap_or(r);
                        OWN_PEOPLE_ROLES
                            .iter()
                            .any(|o| r.starts_with(o) && *o != "REB")
                    })
            };
            let protest_at_home =
                c.starts_with("14") && groups[s].codes().iter().any(|sc| people(sc));
            let domestic =
                DOMESTIC.iter().any(|r| c.starts_with(r)) || seized_at_home || protest_at_home;
            if domestic || !self.require_dyad || ONE_SIDED.iter().any(|r| c.starts_with(r)) {
                let mut confidence: f32 = if pattern.is_some() { 0.85 } else { 0.7 };
                if hedged {
                    confidence *= 0.5;
                }
                // The side where the verb ends: empty, or the actor's own state.
                let at = tokens[v.end - 1].end;
                let own = |sc: &str| Side {
                    code: if domestic {
                        sc[..3].to_string()
                    } else {
                        String::new()
                    },
                    text: String::new(),
                    start: at,
                    end: at,
                };
                return groups[s]
                    .codes()
                    .into_iter()
                    .filter(|sc| {
                        // ("Thailand imposed martial law" is THA -> THA, as a named
                        // place of its own would give)
                        !domestic
                            || (sc.len() >= 3
                                && sc.is_char_boundary(3)
                                && !sc.starts_with("---")
                                && (!seized_at_home || rebel(sc))
                                && (!protest_at_home || people(sc)))
                    })
                    .map(|sc| event(side(s, &sc), own(&sc), c, confidence))
                    .collect();
            }
        }
        // "Thailand and Cambodia agreed to withdraw troops": states named together that
        // agree, meet, cooperate or yield, with no other state beside them, do so with
        // each other ("held a summit in Washington" names no other state), as do states
        // that act on "each other".
        // ("Both Koreas accused each other": any act, when its object is each other)
        let each_other = (v.end..(v.end + 3).min(norms.len().saturating_sub(1))).any(|k| {
            matches!(
                (norms[k], norms[k + 1]),
                ("EACH", "OTHER") | ("ONE", "ANOTHER")
            )
        });
        // ("The agreement was signed by the foreign ministers of Israel and Jordan": in
        // the passive, states named together as the agent of a pact, talks or ties; not
        // those who join or broker: "expected to be joined by Italian and German
        // vessels")
        if let Some(s) = source
            && (!v.passive
                || (groups[s].start >= v.end
                    && pattern.as_deref().is_some_and(|p| {
                        ["&PACT", "&TALKS", "&TIES"].iter().any(|w| p.contains(w))
                    })))
            && (each_other
                || code
                    .forward
                    .as_deref()
                    .is_some_and(|c| RECIPROCAL.iter().any(|r| c.starts_with(r))))
            && let states = {
                let mut states: Vec<String> = groups[s]
                    .codes()
                    .iter()
                    .filter(|c| !c.starts_with("---"))
                    .filter_map(|c| c.get(..3).map(str::to_string))
                    .collect();
                states.sort();
                states.dedup();
                states
            }
            && states.len() >= 2
            && target.is_none_or(|t| {
                groups[t]
                    .codes()
                    .iter()
                    .all(|c| c.starts_with("---") || states.iter().any(|s| c.starts_with(s)))
            })
        {
            return self
                .compound_events(text, tokens, groups, s, &code, v, pattern, hedged, sentence);
        }
        let (Some(s), Some(t)) = (source, target) else {
            // A compound subject can be its own target ("Russia and North Korea met").
            if m.compound
                && let Some(s) = source
            {
                return self
                    .compound_events(text, tokens, groups, s, &code, v, pattern, hedged, sentence);
            }
            return Vec::new();
        };
        // "Troops from North Korea and Russia fought Ukrainian forces": a compound
        // subject acts on each other only when no other party is named after the verb.
        // (a bare "% *" pattern, and the other party the verb's direct object; "held
        // joint drills near Japan" keeps the pattern's partners)
        let bare = pattern.as_deref().is_some_and(|p| {
            p.split_whitespace()
                .nth(2)
                .is_some_and(|w| w.starts_with('['))
        });
        let other_target = bare && m.target.is_none() && {
            let members = groups[s].codes();
            groups[t].start >= v.end
                && tokens[v.end..groups[t].start]
                    .iter()
                    .all(|t| matches!(t.tag, Tag::Det | Tag::Adj))
                && groups[t].codes().iter().any(|c| {
                    // (people of no state named as the object are the other party too:
                    // "agreed to step up patrols to fight guerrillas")
                    c.starts_with("---") || !members.iter().any(|mc| mc.get(..3) == c.get(..3))
                })
        };
        if m.compound && !other_target {
            return self
                .compound_events(text, tokens, groups, s, &code, v, pattern, hedged, sentence);
        }
        let distance = groups[t].start.saturating_sub(v.end);
        let mut confidence: f32 = if pattern.is_some() { 0.9 } else { 0.75 };
        if distance > 8 {
            confidence -= 0.15;
        }
        if hedged {
            confidence *= 0.5;
        }
        let mut out = Vec::new();
        let conj = |g: usize| groups[g].codes();
        let act = code
            .forward
            .as_deref()
            .or(code.reverse.as_deref())
            .unwrap_or_default();
        // The one state the sentence names, if it names exactly one (asked only for a
        // source of no state).
        let stateless = conj(s).iter().any(|c| c.starts_with("---"));
        let sole_state = if !stateless {
            None
        } else {
            let mut states = groups
                .iter()
                .flat_map(|g| g.codes())
                .filter_map(|c| state_of_code(&c).map(str::to_string));
            states
                .next()
                .filter(|first| states.all(|other| &other == first))
        };
        // The one other state named between the source and the target, if exactly one
        // is ("Russian forces shelled Kharkiv and killed ten civilians": the civilians are
        // Ukraine's, not Russia's own; "Russia's Wagner group helped Mali's army fight
        // jihadists" names Russia before the source, and the jihadists are Mali's).
        let other_state = |source: &str| {
            let own = state_of_code(source)?;
            // (not a state named for a border, nor one that reports: "captured a Karen
            // guerrilla stronghold on the Thai border, Thai police said" are Burma's
            // guerrillas)
            let mut states = groups
                .iter()
                .filter(|g| g.start >= groups[s].end && g.end <= groups[t].start)
                .filter(|g| !names_a_border(tokens, g) && !is_attribution(norms, g))
                .flat_map(|g| g.codes())
                .filter_map(|c| state_of_code(&c).map(str::to_string))
                .filter(|c| c != own);
            states
                .next()
                .filter(|first| states.all(|other| &other == first))
        };
        let harmed_by_force = !DOMESTIC.iter().any(|d| act.starts_with(d))
            && ["17", "18", "19", "20"].iter().any(|r| act.starts_with(r));
        for source in conj(s) {
            for tc in conj(t) {
                // (the groups are scanned only for a role-only target of force)
                let other = match tc.strip_prefix("---") {
                    Some(role)
                        if harmed_by_force
                            && OWN_PEOPLE_ROLES.iter().any(|r| role.starts_with(r)) =>
                    {
                        other_state(&source).map(|other| format!("{other}{role}"))
                    }
                    _ => None,
                };
                let tc = other.unwrap_or(tc);
                let mut tc = own_people(&source, tc, act);
                let sc = insiders_of(source.clone(), &tc, sole_state.as_deref());
                // "put its armed forces on high alert": forces of no named state moved or
                // alerted are the actor's own; the posture has one side.
                if act.starts_with("15") && (tc.starts_with("---") || tc.get(..3) == sc.get(..3)) {
                    tc.clear();
                }
                // (a state acting on its own people or places: "declared a state of
                // emergency in Lima" is PER -> PER)
                if sc == tc && !DOMESTIC.iter().any(|d| act.starts_with(d)) {
                    continue;
                }
                for (from, to, c) in [(&sc, &tc, &code.forward), (&tc, &sc, &code.reverse)] {
                    let Some(c) = c else { continue };
                    // "Mali withdrew from ECOWAS": a state leaving an organisation reduces
                    // relations with it (160); it is no military withdrawal (087).
                    let left_organisation = c.starts_with("087")
                        && pattern
                            .as_deref()
                            .is_none_or(|p| p.contains("WITHDRAWAL FROM"))
                        && to.starts_with("IGO")
                        && !from.starts_with("IGO");
                    // "Vietnam protested China's construction": a state's (or its
                    // government's) protest at another state is an official complaint
                    // (114), not a demonstration (141).
                    // (not a people named by a plural: "Turkish Cypriots protested")
                    // ("Serbs marched to protest": a plural whose singular names the
                    // state's people, where the whole is no country's name)
                    let people = |g: usize| {
                        let w = tokens[groups[g].end - 1].norm.as_str();
                        let plural_of_people = || {
                            groups[g].end - groups[g].start == 1
                                && w.len() > 3
                                && w.ends_with('S')
                                && !w.ends_with("SS")
                                && vigil_model::countries::by_name(w).is_none()
                                && self
                                    .dicts
                                    .actors
                                    .index
                                    .longest_at(&[&w[..w.len() - 1]], 0)
                                    .is_some()
                        };
                        w.ends_with("ANS")
                            || w.ends_with("OTS")
                            || (w.ends_with("IS") && !matches!(w, "PARIS" | "TUNIS"))
                            || plural_of_people()
                    };
                    let (fg, tg) = if from == &sc { (s, t) } else { (t, s) };
                    let state_protest = c.starts_with("141")
                        && pattern.is_none()
                        && matches!(from.get(3..), Some("" | "GOV"))
                        && !people(fg)
                        && to.get(..3) != from.get(..3)
                        && !to.starts_with("---");
                    let c = if left_organisation {
                        "160"
                    } else if state_protest {
                        "114"
                    } else {
                        c.as_str()
                    };
                    out.push(event(side(fg, from), side(tg, to), c, confidence));
                }
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn compound_events(
        &self,
        text: &str,
        tokens: &[Token],
        groups: &[Group],
        g: usize,
        code: &Code,
        v: &VerbInfo,
        pattern: Option<String>,
        hedged: bool,
        sentence: (usize, usize),
    ) -> Vec<CodedEvent> {
        let codes = groups[g].codes();
        let Some(c) = code.forward.as_ref().or(code.reverse.as_ref()) else {
            return Vec::new();
        };
        let span = (tokens[groups[g].start].start, tokens[groups[g].end - 1].end);
        let mut out = Vec::new();
        for a in &codes {
            for b in &codes {
                if a == b {
                    continue;
                }
                let side = |code: &str| Side {
                    code: code.to_string(),
                    text: text[span.0..span.1].to_string(),
                    start: span.0,
                    end: span.1,
                };
                out.push(CodedEvent {
                    source: side(a),
                    target: side(b),
                    code: c.clone(),
                    verb: text[tokens[v.at].start..tokens[v.end - 1].end].to_string(),
                    verb_start: tokens[v.at].start,
                    verb_end: tokens[v.end - 1].end,
                    hedged,
                    confidence: if hedged { 0.45 } else { 0.9 },
                    pattern: pattern.clone(),
                    sentence_start: sentence.0,
                    sentence_end: sentence.1,
                    attributed_to: None,
                    also: Vec::new(),
                });
            }
        }
        out
    }

    /// Matches pattern `p` around verb `v` within tokens `left..right`; `skip` is an
    /// element of the upper part read as absent (a passive's object, which stands before
    /// the verb as its subject).
    #[allow(clippy::too_many_arguments)]
    fn match_pattern(
        &self,
        p: &Pattern,
        skip: Option<usize>,
        norms: &[&str],
        groups: &[Group],
        v: &VerbInfo,
        left: usize,
        right: usize,
    ) -> Option<PatternMatch> {
        let mut m = PatternMatch::default();
        // Lower part, right to left from the verb.
        let mut pos = v.phrase_start;
        let mut adjacent = p.lower.last().is_some_and(|(_, j)| *j);
        for (k, (elem, _)) in p.lower.iter().enumerate().rev() {
            let mut found = None;
            let mut end = pos;
            while end > left {
                if let Some(len) = self.elem_ends_at(elem, norms, groups, end, &mut m) {
                    found = Some(end - len);
                    break;
                }
                if adjacent {
                    break;
                }
                end -= 1;
            }
            pos = found?;
            adjacent = k > 0 && p.lower[k - 1].1;
        }
        // Upper part, left to right after the verb.
        let mut pos = v.end;
        // The span of the actor the previous element bound: a synset may name its last
        // words ("detected Chinese warplanes": `$ &WARPLANE`, the warplanes inside the
        // group "Chinese warplanes").
        let mut bound: Option<(usize, usize)> = None;
        for (i, (elem, joined)) in p.upper.iter().enumerate() {
            if Some(i) == skip {
                continue;
            }
            if let (Elem::Synset(name), Some((start, end))) = (elem, bound.take())
                && end == pos
                && (start + 1..end).any(|q| self.synset_at(name, norms, q, 0) == Some(end - q))
            {
                continue;
            }
            let joined = *joined && skip.is_none_or(|s| s + 1 != i);
            // The target after "that" is the clause's subject, right after it or its
            // article ("insisted that it was not arming Russia" targets nobody).
            let subject_of_that = *elem == Elem::Target
                && i > 0
                && matches!(&p.upper[i - 1].0, Elem::Word(w) if w == "THAT");
            // A pattern's last word may be the one that opens the next clause
            // ("summoned the ambassador after Tehran executed ...": `* + AFTER`).
            let right = if i + 1 == p.upper.len()
                && matches!(elem, Elem::Word(w) if norms.get(right) == Some(&w.as_str()))
            {
                right + 1
            } else {
                right
            };
            // "sent an envoy to Europe to discuss ... the Ukraine crisis": the party
            // after a pattern's "TO" stands in that phrase, before another preposition.
            let after_to = *elem == Elem::Target
                && i > 0
                && matches!(&p.upper[i - 1].0, Elem::Word(w) if w == "TO");
            let hi = if joined {
                // A quotation mark inside a phrase ("into a \"sea of fire\"") is passed over.
                while pos < right && is_quote_mark(norms[pos]) {
                    pos += 1;
                }
                (pos + 1).min(right)
            } else if after_to {
                let mut at = pos;
                while at < right
                    && at < pos + 4
                    && !groups.iter().any(|g| g.start == at)
                    && !matches!(
                        norms[at],
                        "TO" | "OF" | "IN" | "ON" | "FOR" | "WITH" | "AT" | "BY" | "FROM" | ","
                    )
                {
                    at += 1;
                }
                (at + 1).min(right)
            } else if subject_of_that {
                let mut at = pos;
                while at < right && norms[at] == "THE" {
                    at += 1;
                }
                (at + 1).min(right)
            } else {
                right
            };
            let mut found = None;
            let binds = matches!(elem, Elem::Target | Elem::Source | Elem::Compound);
            for q in pos..hi {
                // ("sent an envoy to mediate between Russia and Ukraine": "to" before a
                // verb marks its infinitive, no preposition a pattern's "TO" names)
                if matches!(elem, Elem::Word(w) if w == "TO")
                    && p.upper.get(i + 1).is_some_and(|(e, _)| {
                        matches!(e, Elem::Target | Elem::Source | Elem::Compound)
                    })
                    && norms
                        .get(q + 1)
                        .is_some_and(|n| self.dicts.verbs.forms.contains_key(*n))
                {
                    continue;
                }
                if let Some(len) = self.elem_starts_at(elem, norms, groups, q, &mut m) {
                    found = Some(q + len);
                    if binds {
                        bound = Some((q, q + len));
                    }
                    break;
                }
            }
            pos = found?;
        }
        Some(m)
    }

    /// Matches `elem` so that it ends just before `end`; returns its length.
    fn elem_ends_at(
        &self,
        elem: &Elem,
        norms: &[&str],
        groups: &[Group],
        end: usize,
        m: &mut PatternMatch,
    ) -> Option<usize> {
        match elem {
            Elem::Target | Elem::Source | Elem::Compound => {
                let g = groups.iter().position(|g| g.end == end)?;
                self.bind(elem, g, groups, m)?;
                Some(groups[g].end - groups[g].start)
            }
            _ => {
                for len in 1..=end.min(6) {
                    if self.elem_starts_at(elem, norms, groups, end - len, m) == Some(len) {
                        return Some(len);
                    }
                }
                None
            }
        }
    }

    /// Matches `elem` starting at `at`; returns its length.
    fn elem_starts_at(
        &self,
        elem: &Elem,
        norms: &[&str],
        groups: &[Group],
        at: usize,
        m: &mut PatternMatch,
    ) -> Option<usize> {
        if at >= norms.len() {
            return None;
        }
        match elem {
            Elem::Word(w) => words_at(w.split(' '), norms, at),
            Elem::Synset(name) => self.synset_at(name, norms, at, 0),
            Elem::Skip => Some(1),
            Elem::Verb => None,
            Elem::Target | Elem::Source | Elem::Compound => {
                let g = groups.iter().position(|g| g.start == at)?;
                self.bind(elem, g, groups, m)?;
                Some(groups[g].end - groups[g].start)
            }
        }
    }

    fn bind(&self, elem: &Elem, g: usize, groups: &[Group], m: &mut PatternMatch) -> Option<()> {
        match elem {
            Elem::Target => m.target = Some(g),
            Elem::Source => m.source = Some(g),
            Elem::Compound => {
                if groups[g].codes().len() < 2 {
                    return None;
                }
                m.compound = true;
                m.source = Some(g);
            }
            _ => {}
        }
        Some(())
    }

    fn synset_at(&self, name: &str, norms: &[&str], at: usize, depth: usize) -> Option<usize> {
        let members = self.dicts.verbs.synsets.get(name)?;
        let mut best: Option<usize> = None;
        for member in members {
            let len = if member.len() == 1 && member[0].starts_with('&') && depth < 4 {
                self.synset_at(&member[0][1..], norms, at, depth + 1)
            } else {
                words_at(member.iter().map(String::as_str), norms, at)
            };
            if let Some(l) = len
                && best.is_none_or(|b| l > b)
            {
                best = Some(l);
            }
        }
        best
    }
}

/// Matches pattern words at `at`: each equal to the token, or a stem of it (pattern words of
/// four letters or more also match with up to three more letters: EFFORT, EFFORTS).
fn words_at<'a>(words: impl Iterator<Item = &'a str>, norms: &[&str], at: usize) -> Option<usize> {
    let mut n = 0;
    for w in words {
        let t = norms.get(at + n)?;
        let ok = *t == w || (w.len() >= 4 && t.len() <= w.len() + 3 && t.starts_with(w));
        if !ok {
            return None;
        }
        n += 1;
    }
    (n > 0).then_some(n)
}

/// States whose currency is written as a dollar sign after the state's name ("US $50
/// million", "Hong Kong $2 billion", "NT$").
const DOLLAR_STATES: &[&str] = &[
    "USA", "HKG", "SGP", "AUS", "NZL", "CAN", "TWN", "ZWE", "LBR",
];

fn is_quote_mark(t: &str) -> bool {
    matches!(t, "\"" | "``" | "''" | "\u{201c}" | "\u{201d}")
}

#[derive(Debug, Clone, Default)]
struct PatternMatch {
    source: Option<usize>,
    target: Option<usize>,
    compound: bool,
}

fn hedge(e: &mut CodedEvent) {
    if !e.hedged {
        e.hedged = true;
        e.confidence *= 0.5;
    }
}

fn phrase_before(norms: &[&str], end: usize, phrase: &[&str]) -> bool {
    (0..end.saturating_sub(phrase.len() - 1)).any(|k| {
        phrase
            .iter()
            .enumerate()
            .all(|(j, w)| norms.get(k + j) == Some(w))
    })
}

/// "is believed to", "was said to", "are thought to", "is alleged to", "is suspected of".
fn reported_frame(norms: &[&str], end: usize) -> bool {
    (1..end).any(|k| {
        is_be(norms[k - 1])
            && matches!(
                norms[k],
                "BELIEVED"
                    | "SAID"
                    | "THOUGHT"
                    | "ALLEGED"
                    | "SUSPECTED"
                    | "REPORTED"
                    | "RUMORED"
                    | "RUMOURED"
                    | "UNDERSTOOD"
                    | "EXPECTED"
            )
    })
}

/// Past participles that raw text cannot tell from their ending.
fn participle(norm: &str) -> bool {
    norm.ends_with("ED")
        || norm.ends_with("EN")
        || matches!(
            norm,
            "SHOT"
                | "HIT"
                | "HELD"
                | "SENT"
                | "MET"
                | "KEPT"
                | "LEFT"
                | "BUILT"
                | "FOUGHT"
                | "CAUGHT"
                | "SOLD"
                | "TOLD"
                | "BROUGHT"
                | "BOUGHT"
                | "SPENT"
                | "LED"
                | "SET"
                | "PUT"
                | "CUT"
                | "STRUCK"
                | "HUNG"
                | "SHUT"
                | "SPLIT"
                | "SPREAD"
                | "LOST"
                | "WON"
                | "MADE"
                | "PAID"
                | "LAID"
                | "SAID"
                | "SOUGHT"
                | "TAUGHT"
                | "THOUGHT"
                | "FOUND"
                | "BOUND"
                | "FLED"
                | "BURNT"
                | "DEALT"
                | "MEANT"
                | "LENT"
                | "BENT"
                | "SHED"
                | "SPUN"
                | "STUCK"
                | "SWEPT"
        )
}

/// Gathers mentions into noun groups.
fn groups(tokens: &[Token], mentions: &[Option<(usize, Mention)>]) -> Vec<Group> {
    // Spans of mentions with their kind.
    let mut spans: Vec<(usize, usize, &Mention)> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        if let Some((len, m)) = m {
            spans.push((i, i + len, m));
        }
    }
    let nominal = |t: &Token| {
        matches!(
            t.tag,
            Tag::Noun | Tag::Proper | Tag::Adj | Tag::Other | Tag::Num | Tag::Poss
        )
    };
    let mut out: Vec<Group> = Vec::new();
    // A role word with no actor that modifies a noun ("military drills", "submarine
    // technology") is not an actor.
    let modifier = |g: &Group| {
        g.codes().iter().all(|c| c.starts_with("---"))
            && tokens.get(g.end).is_some_and(|t| {
                matches!(t.tag, Tag::Noun | Tag::Other | Tag::Adj)
                    // ("a rebel stronghold", "guerrilla positions": the role's own place)
                    && !HOLDINGS.contains(&t.norm.as_str())
                    // ("demanded that the rebels release the hostages", "that the
                    // government resign": after "that", a word before an article, a
                    // possessive or the sentence's end is the clause's verb)
                    && !({
                        let mut q = g.start;
                        while q > 0 && tokens[q - 1].tag == Tag::Det {
                            q -= 1;
                        }
                        q > 0 && tokens[q - 1].norm == "THAT"
                    } && tokens.get(g.end + 1).is_none_or(|n| {
                            matches!(n.tag, Tag::Det | Tag::PossPron | Tag::Punct)
                        }))
                    // ("militants linked to Iran", "rebels based in Syria": a participle
                    // and its preposition describe the role's people)
                    && !(t.norm.len() > 4
                        && t.norm.ends_with("ED")
                        && tokens.get(g.end + 1).is_some_and(|p| {
                            matches!(p.norm.as_str(), "TO" | "WITH" | "BY" | "IN" | "FROM")
                        }))
            })
    };
    // A city's name before an agreement it names ("the Paris climate agreement", "the
    // Minsk agreements", "the Oslo accords") is no party to it.
    let names_an_agreement = |g: &Group| {
        let w = tokens[g.start].norm.as_str();
        g.end == g.start + 1
            && tokens[g.start].tag == Tag::Proper
            && vigil_model::countries::by_name(w).is_none()
            && !is_demonym(w)
            && !w.ends_with("IC")
            && (g.end..tokens.len().min(g.end + 2)).any(|k| {
                matches!(
                    tokens[k].norm.as_str(),
                    "AGREEMENT"
                        | "AGREEMENTS"
                        | "ACCORD"
                        | "ACCORDS"
                        | "PROTOCOL"
                        | "FORMAT"
                        | "DECLARATION"
                        | "CONVENTION"
                ) && (g.end..k).all(|q| matches!(tokens[q].tag, Tag::Other | Tag::Noun | Tag::Adj))
            })
    };
    let mut k = 0;
    while k < spans.len() {
        // A run of mentions linked by noun-phrase material, "'s", "of/in/from", and
        // coordination that is followed by another mention.
        let mut members: Vec<(usize, usize, &Mention, Link)> =
            vec![(spans[k].0, spans[k].1, spans[k].2, Link::Start)];
        let mut j = k + 1;
        while j < spans.len() {
            let prev_end = members.last().expect("non-empty").1;
            let (s, e, m) = spans[j];
            let between = &tokens[prev_end..s];
            // "The head of the IAEA, Mohamed ElBaradei, urged ...": a name set off by
            // commas right before the verb is in apposition, the same actor.
            // ("The US commander in Iraq, General David Petraeus, held talks": a title
            // with a name the dictionaries do not know)
            let e_name = e + tokens[e.min(tokens.len())..]
                .iter()
                .take(4)
                .take_while(|t| t.tag == Tag::Proper)
                .count();
            let apposition = between.len() == 1
                && between[0].norm == ","
                && tokens.get(e_name).is_some_and(|t| t.norm == ",")
                && tokens.get(e_name + 1).is_some_and(|t| {
                    t.tag.is_verb() || matches!(t.tag, Tag::Aux | Tag::Modal | Tag::Adv)
                });
            // "Russia, N. Korea sign defence pact": in a headline two names that open
            // the sentence, a comma between them and a verb after, are both its subject.
            let headline_pair = members.len() == 1
                && members[0].0 == 0
                && between.len() == 1
                && between[0].norm == ","
                && matches!(members[0].2, Mention::Actor(_))
                && matches!(m, Mention::Actor(_))
                && tokens
                    .get(e)
                    .is_some_and(|t| t.tag.is_verb() || matches!(t.tag, Tag::Aux | Tag::Modal));
            // "Britain, along with France and Germany, condemned ...", "Japan as well as
            // South Korea protested": joined as a list is.
            let joined = {
                let words: Vec<&str> = between
                    .iter()
                    .map(|t| t.norm.as_str())
                    .filter(|w| *w != "," && !matches!(*w, "THE"))
                    .collect();
                matches!(
                    words[..],
                    ["ALONG", "WITH"] | ["TOGETHER", "WITH"] | ["AS", "WELL", "AS"]
                )
            };
            let link = if headline_pair || joined {
                Some(Link::Coord)
            } else if apposition || between.iter().all(|t| nominal(t) && t.norm != ",") {
                Some(Link::Adjacent)
            } else if between.len() <= 4
                && (matches!(between[0].norm.as_str(), "OF" | "IN" | "FROM")
                    // "a spokesman for the Chinese foreign ministry": who speaks for it
                    || (between[0].norm == "FOR"
                        && matches!(
                            tokens[prev_end - 1].norm.as_str(),
                            "SPOKESMAN"
                                | "SPOKESWOMAN"
                                | "SPOKESPERSON"
                                | "SPOKESMEN"
                                | "ENVOY"
                                | "NEGOTIATOR"
                                | "REPRESENTATIVE"
                        )))
                && between[1..].iter().all(|t| {
                    matches!(
                        t.tag,
                        Tag::Det | Tag::Adj | Tag::Other | Tag::Proper | Tag::Noun | Tag::Num
                    )
                })
                // ("accused by rights groups of torturing opposition supporters": a
                // gerund after "of" opens a charge, not the owner of the roles before)
                && !(between[0].norm == "OF" && between.get(1).is_some_and(|t| opens_charge(&t.norm)))
                && {
                    // The conjunct being built is all role words ("the government of").
                    let from = members
                        .iter()
                        .rposition(|m| m.3 == Link::Coord)
                        .unwrap_or(0);
                    // ("its troops from Syria", "their ambassador in Seoul": roles
                    // a possessive gives an owner are not the place's)
                    let mut q = members[from].0;
                    while q > 0 && matches!(tokens[q - 1].tag, Tag::Adj | Tag::Num) {
                        q -= 1;
                    }
                    let owned = q > 0 && tokens[q - 1].tag == Tag::PossPron;
                    // ("received warships from Denmark": after a verb of receiving,
                    // "from" names the giver, not whose the things or people are; and
                    // after one of withdrawing the place left: "withdrew troops from
                    // Syria")
                    while q > 0 && tokens[q - 1].tag == Tag::Det {
                        q -= 1;
                    }
                    // (a particle between: "pulled back troops from the border")
                    if q > 1 && matches!(tokens[q - 1].norm.as_str(), "BACK" | "OUT") {
                        q -= 1;
                    }
                    let received = between[0].norm == "FROM"
                        && q > 0
                        && (RECEIVING.contains(&tokens[q - 1].norm.as_str())
                            || LEAVING.contains(&tokens[q - 1].norm.as_str()));
                    !owned
                        && !received
                        && members[from..]
                            .iter()
                            .all(|(_, _, m, _)| matches!(m, Mention::Agent(_)))
                }
            {
                Some(Link::Of)
            } else if !between.is_empty()
                && between.len() <= 5
                && between.iter().any(|t| is_coordinator(t) || t.norm == ",")
                // ("visited Moscow, angering EU partners": a clause, not a list; "and
                // neighbouring Iran" is a list's adjective)
                && !between.iter().any(|t| {
                    t.norm.len() > 5
                        && t.norm.ends_with("ING")
                        && !ADJECTIVAL_ING.contains(&t.norm.as_str())
                })
                // ("After talks in Moscow, Russia and China signed ...": the comma that
                // closes an opening adjunct ends it)
                && !(tokens.first().is_some_and(|t| {
                    t.tag == Tag::Prep || SUBORDINATORS.contains(&t.norm.as_str())
                }) && between.iter().any(|t| t.norm == ",")
                    && !tokens[..prev_end].iter().any(|t| t.norm == ","))
                && between.iter().enumerate().all(|(i, t)| {
                    is_coordinator(t)
                        || t.norm == ","
                        // ("the Japanese minister and his Australian counterpart")
                        || matches!(
                            t.tag,
                            Tag::Det | Tag::Adj | Tag::Other | Tag::Noun | Tag::PossPron
                        )
                        || ADJECTIVAL_ING.contains(&t.norm.as_str())
                        // ("President Yoon and Prime Minister Kishida": a name the
                        // dictionaries do not know right after a role)
                        || (t.tag == Tag::Proper
                            && i < 3
                            && between[..i].iter().all(|p| p.tag == Tag::Proper))
                })
                && !(between.iter().any(|t| t.norm == ",")
                    // ("Russia, China, and Iran condemned": an Oxford comma's list)
                    && !between.iter().any(is_coordinator)
                    && {
                    // ", a senior official warned": the next noun phrase is a new subject.
                    let next = tokens[e..].iter().find(|n| {
                        n.norm == ","
                            || !matches!(
                                n.tag,
                                Tag::Noun
                                    | Tag::Proper
                                    | Tag::Adj
                                    | Tag::Other
                                    | Tag::Num
                                    | Tag::Poss
                                    | Tag::Prep
                                    | Tag::Det
                            )
                    });
                    next.is_some_and(|n| n.tag.is_verb() || matches!(n.tag, Tag::Aux | Tag::Modal))
                })
                // "sent troops to Russia and the troops fought in Kursk": after an object
                // (of a preposition or a verb other than a reporting one), a coordinated
                // noun phrase followed by a verb is a new clause's subject.
                && !({
                    let mut q = members[0].0;
                    // (an untagged adjective too: "fired rockets at northern Israel, and
                    // Israel responded")
                    while q > 0
                        && matches!(tokens[q - 1].tag, Tag::Det | Tag::Adj | Tag::Num | Tag::Other)
                    {
                        q -= 1;
                    }
                    q > 0
                        && ((matches!(tokens[q - 1].tag, Tag::Prep | Tag::To)
                            && !SUBORDINATORS.contains(&tokens[q - 1].norm.as_str())
                            // ("drills between Russia and China began": a pair)
                            && tokens[q - 1].norm != "BETWEEN")
                            || (tokens[q - 1].tag.is_verb()
                                && !REPORTING.contains(&tokens[q - 1].norm.as_str())))
                } && tokens.get(e).is_some_and(|n| {
                    n.tag.is_verb() || matches!(n.tag, Tag::Aux | Tag::Modal)
                }))
            {
                Some(Link::Coord)
            } else {
                None
            };
            // "Russia's ally Belarus", "Ukraine's neighbour Poland": a state named after
            // its relation to another is the actor; the other only describes it.
            let related = link == Some(Link::Adjacent)
                && matches!(m, Mention::Actor(_))
                && between.len() == 2
                && between[0].tag == Tag::Poss
                && RELATIONS.contains(&between[1].norm.as_str());
            match link {
                Some(_) if related => members = vec![(s, e, m, Link::Start)],
                Some(l) => members.push((s, e, m, l)),
                None => break,
            }
            j += 1;
        }
        let g = build_group(tokens, &members);
        if !modifier(&g) && !names_an_agreement(&g) {
            out.push(g);
        }
        k = j;
    }
    own_roles(tokens, &mut out);
    out
}

/// "The Israeli army said its troops had killed ...": roles with no state after "its",
/// "their", "his", "her" or "the country's", as a verb's subject, belong to the state of the nearest
/// subject before them that names one ("Poland will host US weapons, its president said"
/// is Poland's president), else of the nearest group that does. (As an object they stay
/// roles: "recalled its ambassador from Serbia" acts on Serbia.)
fn own_roles(tokens: &[Token], groups: &mut [Group]) {
    let before_verb = |end: usize| {
        tokens
            .get(end)
            .is_some_and(|t| t.tag.is_verb() || matches!(t.tag, Tag::Aux | Tag::Modal))
    };
    for i in 1..groups.len() {
        if !before_verb(groups[i].end) {
            continue;
        }
        let mut q = groups[i].start;
        while q > 0 && matches!(tokens[q - 1].tag, Tag::Adj | Tag::Num) {
            q -= 1;
        }
        // ("said his government would": a person's government is his state's)
        let pronoun =
            q > 0 && matches!(tokens[q - 1].norm.as_str(), "ITS" | "THEIR" | "HIS" | "HER");
        let the_country = q >= 3
            && tokens[q - 1].tag == Tag::Poss
            && matches!(tokens[q - 2].norm.as_str(), "COUNTRY" | "NATION")
            && tokens[q - 3].norm == "THE";
        if !(pronoun || the_country) {
            continue;
        }
        if !groups[i].codes().iter().all(|c| c.starts_with("---")) {
            continue;
        }
        let state_of = |g: &Group| {
            g.codes()
                .into_iter()
                .find_map(|c| state_of_code(&c).map(str::to_string))
        };
        let earlier = &groups[..i];
        let Some(state) = earlier
            .iter()
            .rev()
            .filter(|g| before_verb(g.end))
            .find_map(state_of)
            .or_else(|| earlier.iter().rev().find_map(state_of))
        else {
            continue;
        };
        for conjunct in &mut groups[i].conjuncts {
            for c in conjunct.iter_mut() {
                *c = format!("{state}{}", &c[3..]);
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Link {
    Start,
    Adjacent,
    Of,
    Coord,
}

/// Codes of a group: conjuncts split at coordination; agents combine with the actor in
/// their conjunct; agents linked by "of/in/from" combine with every actor after the link.
fn build_group(tokens: &[Token], members: &[(usize, usize, &Mention, Link)]) -> Group {
    let start = members[0].0;
    let end = members.last().expect("non-empty").1;
    // Split at an "of" link: agents before, actors after (distributive).
    if let Some(of) = members.iter().position(|m| m.3 == Link::Of) {
        // "Ithilen and the government of Gondor": conjuncts with actors of their own
        // stand apart; the role words just before "of" take the actors after it.
        let all = conjuncts(&members[..of]);
        let split = all
            .iter()
            .rposition(|c| c.iter().any(|m| matches!(m, Mention::Actor(_))))
            .map_or(0, |p| p + 1);
        let left = &all[split..];
        let right = conjuncts(&members[of..]);
        let mut codes: Vec<Vec<String>> = all[..split].iter().map(|c| combine(c)).collect();
        for l in left {
            for r in &right {
                let mut mentions: Vec<&Mention> = r.clone();
                mentions.extend(l.iter().copied());
                codes.push(combine(&mentions));
            }
        }
        return Group {
            start,
            end,
            conjuncts: codes.into_iter().filter(|c| !c.is_empty()).collect(),
        };
    }
    let mut conj = conjuncts(members);
    let has_actor = |c: &Vec<&Mention>| c.iter().any(|m| matches!(m, Mention::Actor(_)));
    let has_agent = |c: &Vec<&Mention>| c.iter().any(|m| matches!(m, Mention::Agent(_)));
    // "Danish media and government": a role with no actor takes the nearest actor before it.
    for k in 1..conj.len() {
        if !has_actor(&conj[k])
            && let Some(prev) = (0..k).rev().find(|&p| has_actor(&conj[p]))
        {
            let actors: Vec<&Mention> = conj[prev]
                .iter()
                .copied()
                .filter(|m| matches!(m, Mention::Actor(_)))
                .collect();
            conj[k].splice(0..0, actors);
        }
    }
    // "Russian and North Korean companies": adjectives share the last conjunct's roles.
    let last = conj.len() - 1;
    if last > 0 && has_actor(&conj[last]) && has_agent(&conj[last]) {
        let roles: Vec<&Mention> = conj[last]
            .iter()
            .copied()
            .filter(|m| matches!(m, Mention::Agent(a) if !a.prefix))
            .collect();
        let mut starts = members
            .iter()
            .filter(|m| m.3 == Link::Coord || m.3 == Link::Start);
        for c in conj.iter_mut().take(last) {
            let (s, e) = starts.next().map(|m| (m.0, m.1)).unwrap_or((0, 0));
            let word = tokens
                .get(s..e)
                .and_then(|w| w.last())
                .map(|t| t.norm.as_str())
                .unwrap_or("");
            let adjective = is_demonym(word)
                || word.ends_with("CH")
                || matches!(
                    word,
                    "GREEK"
                        | "SWISS"
                        | "UZBEK"
                        | "TAJIK"
                        | "KAZAKH"
                        | "KYRGYZ"
                        | "LAO"
                        | "MALAGASY"
                        | "BURKINABE"
                        | "BASOTHO"
                        | "TURKMEN"
                );
            if adjective && c.len() == 1 && has_actor(c) {
                c.extend(roles.iter().copied());
            }
        }
    }
    let codes: Vec<Vec<String>> = conj
        .iter()
        .map(|c| combine(c))
        .filter(|c| !c.is_empty())
        .collect();
    Group {
        start,
        end,
        conjuncts: codes,
    }
}

fn conjuncts<'a>(members: &[(usize, usize, &'a Mention, Link)]) -> Vec<Vec<&'a Mention>> {
    let mut out: Vec<Vec<&Mention>> = Vec::new();
    for m in members {
        if m.3 == Link::Coord || out.is_empty() {
            out.push(Vec::new());
        }
        out.last_mut().expect("pushed").push(m.2);
    }
    out
}

/// One conjunct's codes: its actors' codes with the agents' codes attached.
/// Nouns of a relation between states that stand between two actors in apposition
/// ("Russia's ally Belarus").
const RELATIONS: &[&str] = &[
    "ALLY",
    "NEIGHBOUR",
    "NEIGHBOR",
    "PARTNER",
    "RIVAL",
    "ENEMY",
    "FOE",
    "ADVERSARY",
    "ARCH-RIVAL",
    "ARCHRIVAL",
    "ARCH-FOE",
    "PROXY",
    "PATRON",
    "BACKER",
];

fn combine(mentions: &[&Mention]) -> Vec<String> {
    let mut actors: Vec<String> = Vec::new();
    for m in mentions {
        if let Mention::Actor(codes) = m {
            if actors.is_empty() {
                actors = codes.clone();
            } else if codes.len() == 1 && actors.len() == 1 && codes[0].starts_with(&actors[0]) {
                // "Russian defence minister Shoigu": RUS then RUSGOV: the more specific.
                actors = codes.clone();
            }
        }
    }
    // "Turkish Foreign Minister Ahmet Davutoglu" in a text the dictionaries date after his
    // term: the office the text gives him is his standing there, not the elite's.
    let office = mentions
        .iter()
        .any(|m| matches!(m, Mention::Agent(a) if !a.prefix && OFFICES.contains(&a.code.as_str())));
    if office {
        for a in &mut actors {
            if a.len() == 6 && a.ends_with("ELI") {
                a.truncate(3);
            }
        }
    }
    let agents: Vec<&Agent> = mentions
        .iter()
        .filter_map(|m| match m {
            Mention::Agent(a) => Some(a),
            _ => None,
        })
        .collect();
    if actors.is_empty() {
        if agents.is_empty() {
            return Vec::new();
        }
        actors.push("---".into());
    }
    actors
        .into_iter()
        .map(|base| {
            let mut code = base;
            let mut prefix = String::new();
            for a in &agents {
                if a.prefix {
                    if !prefix.contains(&a.code) && !code.starts_with(&a.code) {
                        prefix.push_str(&a.code);
                    }
                } else if a.code.len() % 3 == 0 && a.code.is_ascii() && code.is_ascii() {
                    // Role by role: "military junta" is MIL + MILGOV = MILGOV, not MILMILGOV.
                    for k in (0..a.code.len()).step_by(3) {
                        let role = &a.code[k..k + 3];
                        if !(code.len() > 3 && code[3..].contains(role)) {
                            code.push_str(role);
                        }
                    }
                } else if !(code.ends_with(&a.code)
                    || (code.len() > 3 && code[3..].contains(&a.code)))
                {
                    code.push_str(&a.code);
                }
            }
            format!("{prefix}{code}")
        })
        .collect()
}
