//! PLOVER event types and modes (the ontology POLECAT codes in), and vigil's map from CAMEO
//! codes to them.
//!
//! PLOVER (Political Language Ontology for Verifiable Event Records, Open Event Data
//! Alliance, manual draft 0.8 of 2021, CC BY-SA 4.0) replaces CAMEO's twenty roots with
//! sixteen event types, each with optional modes ("ASSAULT, aerial", "MOBILIZE, troops").
//! It drops CAMEO's 01 (make public statement) and 02 (appeal) as comments rather than
//! events, so those codes have no PLOVER type here.
//!
//! [`from_cameo`] is written by vigil from the PLOVER codebook's definitions of each type
//! and mode, as longest-prefix rules over CAMEO codes; it is the one table the readers,
//! the coder and the monitors use. The PLOVER project publishes its own CAMEO→PLOVER
//! conversion (CAMEO2PLOVER-2021.txt); `tests/plover_vs_published.rs` compares the two code
//! by code and lists where and why vigil's choice differs ([`DIFFERENCES`]).

use crate::cameo::QuadClass;

/// The sixteen PLOVER event types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PloverType {
    /// Agree to, offer or promise future cooperation.
    Agree,
    /// Meet, visit, telephone, negotiate.
    Consult,
    /// Praise, endorse, defend verbally, recognise, sign agreements.
    Support,
    /// Yield on a policy or demand without a material retreat.
    Concede,
    /// Material cooperation: economic, military, judicial, intelligence.
    Cooperate,
    /// Provide aid: economic, military, humanitarian, asylum.
    Aid,
    /// Release, return, withdraw, disarm, cease fire, allow access.
    Retreat,
    /// Request, demand or order.
    Request,
    /// Criticise, allege, investigate.
    Accuse,
    /// Reject or refuse.
    Reject,
    /// Threaten.
    Threaten,
    /// Demonstrate, strike, boycott, riot.
    Protest,
    /// Reduce or end existing relations.
    Sanction,
    /// Raise readiness or deploy forces, test weapons, short of using force.
    Mobilize,
    /// Coerce without physical violence: arrests, bans, seizures, blockades.
    Coerce,
    /// Use physical violence.
    Assault,
}

impl PloverType {
    /// Every type, in the codebook's order.
    pub const ALL: [PloverType; 16] = [
        PloverType::Agree,
        PloverType::Consult,
        PloverType::Support,
        PloverType::Concede,
        PloverType::Cooperate,
        PloverType::Aid,
        PloverType::Retreat,
        PloverType::Request,
        PloverType::Accuse,
        PloverType::Reject,
        PloverType::Threaten,
        PloverType::Protest,
        PloverType::Sanction,
        PloverType::Mobilize,
        PloverType::Coerce,
        PloverType::Assault,
    ];

    /// The name as PLOVER and POLECAT write it ("ASSAULT").
    pub fn name(self) -> &'static str {
        match self {
            PloverType::Agree => "AGREE",
            PloverType::Consult => "CONSULT",
            PloverType::Support => "SUPPORT",
            PloverType::Concede => "CONCEDE",
            PloverType::Cooperate => "COOPERATE",
            PloverType::Aid => "AID",
            PloverType::Retreat => "RETREAT",
            PloverType::Request => "REQUEST",
            PloverType::Accuse => "ACCUSE",
            PloverType::Reject => "REJECT",
            PloverType::Threaten => "THREATEN",
            PloverType::Protest => "PROTEST",
            PloverType::Sanction => "SANCTION",
            PloverType::Mobilize => "MOBILIZE",
            PloverType::Coerce => "COERCE",
            PloverType::Assault => "ASSAULT",
        }
    }

    /// The type of that name, in any case ("assault", "Assault").
    pub fn from_name(name: &str) -> Option<PloverType> {
        let name = name.trim();
        PloverType::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(name))
    }

    /// The quad class PLOVER places the type in.
    pub fn quad_class(self) -> QuadClass {
        use PloverType::*;
        match self {
            Agree | Consult | Support => QuadClass::VerbalCooperation,
            Concede | Cooperate | Aid | Retreat => QuadClass::MaterialCooperation,
            Request | Accuse | Reject | Threaten => QuadClass::VerbalConflict,
            Protest | Sanction | Mobilize | Coerce | Assault => QuadClass::MaterialConflict,
        }
    }
}

impl std::fmt::Display for PloverType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A PLOVER type and, where the CAMEO code says how, its mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Plover {
    /// The event type.
    pub event_type: PloverType,
    /// The mode ("troops", "aerial"), when the CAMEO code determines one.
    pub mode: Option<&'static str>,
}

use PloverType as P;

/// vigil's CAMEO→PLOVER rules: (CAMEO code prefix, type, mode). The longest matching
/// prefix decides; a two-digit root row is the default for its branch. Roots 01 and 02
/// have no row: PLOVER dropped them.
const RULES: &[(&str, PloverType, &str)] = &[
    ("03", P::Agree, ""),
    ("04", P::Consult, ""),
    ("041", P::Consult, "phone"),
    ("042", P::Consult, "visit"),
    ("043", P::Consult, "visit"),
    ("044", P::Consult, "third-party"),
    ("05", P::Support, ""),
    ("06", P::Cooperate, ""),
    ("07", P::Aid, ""),
    // Yielding in words or policy is a concession; giving something back or pulling
    // forces back is a retreat.
    ("08", P::Concede, ""),
    ("084", P::Retreat, ""),
    ("0841", P::Retreat, "release"),
    ("0842", P::Retreat, "return"),
    ("085", P::Retreat, ""),
    ("086", P::Retreat, "access"),
    ("087", P::Retreat, "disarm"),
    ("0871", P::Retreat, "ceasefire"),
    ("0872", P::Retreat, "withdraw"),
    ("0874", P::Retreat, "withdraw"),
    ("09", P::Accuse, "investigate"),
    ("10", P::Request, ""),
    ("101", P::Request, "assist"),
    ("102", P::Request, "assist"),
    ("103", P::Request, "assist"),
    ("104", P::Request, "change"),
    ("105", P::Request, "yield"),
    ("106", P::Request, "meet"),
    ("107", P::Request, "meet"),
    ("108", P::Request, "meet"),
    ("11", P::Accuse, "disapprove"),
    ("112", P::Accuse, "allege"),
    ("114", P::Accuse, "allege"),
    ("115", P::Accuse, "allege"),
    ("12", P::Reject, ""),
    ("121", P::Reject, "assist"),
    ("122", P::Reject, "assist"),
    ("123", P::Reject, "change"),
    ("124", P::Reject, "yield"),
    ("125", P::Reject, "meet"),
    ("126", P::Reject, "meet"),
    ("127", P::Reject, "meet"),
    ("128", P::Reject, "yield"),
    ("13", P::Threaten, ""),
    ("131", P::Threaten, "relations"),
    ("1312", P::Threaten, "restrict"),
    ("132", P::Threaten, "ban"),
    ("1323", P::Threaten, "restrict"),
    ("1324", P::Threaten, "restrict"),
    ("133", P::Threaten, "relations"),
    ("134", P::Threaten, "relations"),
    ("135", P::Threaten, "relations"),
    ("136", P::Threaten, "expel"),
    ("137", P::Threaten, "violence"),
    ("138", P::Threaten, "violence"),
    ("1381", P::Threaten, "restrict"),
    ("1382", P::Threaten, "territory"),
    ("139", P::Threaten, "relations"),
    ("14", P::Protest, ""),
    ("141", P::Protest, "demo"),
    ("142", P::Protest, "hunger"),
    ("143", P::Protest, "strike"),
    ("144", P::Protest, "obstruct"),
    ("145", P::Protest, "riot"),
    // Demonstrations of force and raised alert short of using it.
    ("15", P::Mobilize, ""),
    ("151", P::Mobilize, "police"),
    ("152", P::Mobilize, "troops"),
    ("153", P::Mobilize, "police"),
    ("154", P::Mobilize, "troops"),
    ("16", P::Sanction, ""),
    ("161", P::Sanction, "withdraw"),
    ("162", P::Sanction, "discontinue"),
    // Embargoes and sanctions restrict the target's exchanges by force of law: coercion.
    ("163", P::Coerce, "restrict"),
    ("164", P::Sanction, "withdraw"),
    ("165", P::Sanction, "withdraw"),
    ("166", P::Sanction, "expel"),
    ("17", P::Coerce, ""),
    ("171", P::Coerce, "seize"),
    ("1712", P::Assault, "destroy"),
    ("172", P::Coerce, "restrict"),
    ("1722", P::Coerce, "ban"),
    ("1723", P::Coerce, "curfew"),
    ("1724", P::Coerce, "restrict"),
    ("173", P::Coerce, "arrest"),
    ("174", P::Coerce, "deport"),
    ("175", P::Assault, "crowd-control"),
    ("18", P::Assault, ""),
    ("181", P::Assault, "abduct"),
    ("182", P::Assault, "beat"),
    ("1821", P::Assault, "sexual"),
    ("1822", P::Assault, "torture"),
    ("183", P::Assault, "explosives"),
    ("1831", P::Assault, "suicide-attack"),
    ("184", P::Assault, "abduct"),
    ("185", P::Assault, "assassinate"),
    ("186", P::Assault, "assassinate"),
    ("19", P::Assault, ""),
    // A blockade or an occupation constrains without (necessarily) fighting.
    ("191", P::Coerce, "restrict"),
    ("192", P::Coerce, "seize"),
    ("193", P::Assault, "firearms"),
    ("194", P::Assault, "heavy-weapons"),
    ("195", P::Assault, "aerial"),
    ("20", P::Assault, "massacre"),
    ("201", P::Assault, "cleansing"),
    ("203", P::Assault, "cleansing"),
    ("204", P::Assault, "unconventional"),
];

/// Where vigil's table and the PLOVER project's published conversion choose different
/// types, and why: (CAMEO code, vigil's type, published type, reason).
pub const DIFFERENCES: &[(&str, &str, &str, &str)] = &[
    (
        "0813",
        "CONCEDE",
        "RETREAT",
        "easing a curfew is easing an administrative restriction, like the rest of 081",
    ),
    (
        "0814",
        "CONCEDE",
        "RETREAT",
        "easing a state of emergency is easing an administrative restriction, like the rest of 081",
    ),
];

/// The PLOVER type and mode of a CAMEO event code ("195" → ASSAULT, aerial); `None` for
/// CAMEO 01 and 02 (dropped by PLOVER) and for strings that are not CAMEO codes.
pub fn from_cameo(code: &str) -> Option<Plover> {
    // Every CAMEO code's answer, computed once: readers ask for each row.
    static TABLE: std::sync::OnceLock<std::collections::HashMap<&'static str, Plover>> =
        std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| {
            crate::cameo::all_events()
                .filter_map(|e| by_rules(e.code).map(|p| (e.code, p)))
                .collect()
        })
        .get(code)
        .copied()
}

fn by_rules(code: &str) -> Option<Plover> {
    RULES
        .iter()
        .filter(|(prefix, _, _)| code.starts_with(prefix))
        .max_by_key(|(prefix, _, _)| prefix.len())
        .map(|&(_, event_type, mode)| Plover {
            event_type,
            mode: (!mode.is_empty()).then_some(mode),
        })
}

/// The CAMEO code a PLOVER type and mode stand for, when vigil's table gives exactly one
/// branch to them: the branch's most general code ("ASSAULT", "aerial" → 195; "MOBILIZE",
/// "troops" → 152; "CONSULT" with no mode → 040). `None` when the mode has no CAMEO branch
/// (PLOVER's "cyber", "drone", "weapons" …) or the type is not one of the sixteen.
pub fn to_cameo(event_type: PloverType, mode: Option<&str>) -> Option<&'static str> {
    let mode = mode.map(str::trim).unwrap_or("");
    let (prefix, _, _) = RULES
        .iter()
        .filter(|(_, t, m)| *t == event_type && m.eq_ignore_ascii_case(mode))
        .min_by_key(|(prefix, _, _)| prefix.len())?;
    let code = if prefix.len() == 2 {
        format!("{prefix}0")
    } else {
        prefix.to_string()
    };
    crate::cameo::event(&code).map(|e| e.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cameo_code_from_03_maps_and_01_02_do_not() {
        for code in crate::cameo::all_events() {
            let root: u8 = code.code[..2].parse().unwrap();
            let p = from_cameo(code.code);
            assert_eq!(p.is_none(), root <= 2, "{} -> {p:?}", code.code);
        }
    }

    #[test]
    fn the_codes_the_monitors_lean_on() {
        let t = |c| from_cameo(c).map(|p| (p.event_type.name(), p.mode.unwrap_or("")));
        assert_eq!(t("195"), Some(("ASSAULT", "aerial")));
        assert_eq!(t("154"), Some(("MOBILIZE", "troops")));
        assert_eq!(t("0312"), Some(("AGREE", "")));
        assert_eq!(t("072"), Some(("AID", "")));
        assert_eq!(t("163"), Some(("COERCE", "restrict")));
        assert_eq!(t("1385"), Some(("THREATEN", "violence")));
        assert_eq!(t("2042"), Some(("ASSAULT", "unconventional")));
        assert_eq!(t("010"), None);
        assert_eq!(t("9999"), None);
        assert_eq!(PloverType::from_name("assault"), Some(PloverType::Assault));
        assert_eq!(to_cameo(PloverType::Assault, Some("aerial")), Some("195"));
        assert_eq!(to_cameo(PloverType::Mobilize, Some("troops")), Some("152"));
        assert_eq!(to_cameo(PloverType::Consult, None), Some("040"));
        assert_eq!(to_cameo(PloverType::Assault, Some("drone")), None);
        // Round trip: the code a type and mode give maps back to them.
        for t in PloverType::ALL {
            if let Some(code) = to_cameo(t, None) {
                assert_eq!(from_cameo(code).unwrap().event_type, t, "{code}");
            }
        }
        assert_eq!(
            PloverType::Mobilize.quad_class(),
            QuadClass::MaterialConflict
        );
    }
}
