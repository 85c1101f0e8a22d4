//! CAMEO event types (root, base and leaf codes), quad classes, Goldstein weights and
//! actor role codes.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::cameo_codes::{EVENT_CODES, ROLE_CODES};

/// The four CAMEO quad classes, as GDELT numbers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QuadClass {
    /// 1: roots 01–05 (statements, appeals, intent, consultation, diplomatic cooperation).
    VerbalCooperation = 1,
    /// 2: roots 06–09 (material cooperation, aid, yielding, investigation).
    MaterialCooperation = 2,
    /// 3: roots 10–14 (demands, disapproval, rejection, threats, protest).
    VerbalConflict = 3,
    /// 4: roots 15–20 (force posture, reduced relations, coercion, assault, fighting, mass violence).
    MaterialConflict = 4,
}

impl QuadClass {
    /// The quad class of a CAMEO root code (1–20), as GDELT assigns it.
    pub fn from_root(root: u8) -> Option<QuadClass> {
        match root {
            1..=5 => Some(QuadClass::VerbalCooperation),
            6..=9 => Some(QuadClass::MaterialCooperation),
            10..=14 => Some(QuadClass::VerbalConflict),
            15..=20 => Some(QuadClass::MaterialConflict),
            _ => None,
        }
    }

    /// The quad class numbered 1–4.
    pub fn from_number(n: i64) -> Option<QuadClass> {
        match n {
            1 => Some(QuadClass::VerbalCooperation),
            2 => Some(QuadClass::MaterialCooperation),
            3 => Some(QuadClass::VerbalConflict),
            4 => Some(QuadClass::MaterialConflict),
            _ => None,
        }
    }

    /// 1–4.
    pub fn number(self) -> i32 {
        self as i32
    }

    /// The field's own name for the class.
    pub fn name(self) -> &'static str {
        match self {
            QuadClass::VerbalCooperation => "verbal cooperation",
            QuadClass::MaterialCooperation => "material cooperation",
            QuadClass::VerbalConflict => "verbal conflict",
            QuadClass::MaterialConflict => "material conflict",
        }
    }
}

/// One CAMEO event type.
#[derive(Debug, Clone, PartialEq)]
pub struct EventType {
    /// The code as written, with its leading zero: "0312".
    pub code: &'static str,
    /// The codebook's name for it.
    pub name: &'static str,
    /// Goldstein conflict–cooperation weight, −10 … +10.
    pub goldstein: f32,
    /// The root category, 1–20.
    pub root: u8,
    /// The quad class of the root.
    pub quad: QuadClass,
}

impl EventType {
    /// The Goldstein weight as the codebook writes it (one decimal), as an f64: 1.9, not
    /// the 1.899999976158142 a plain widening of the f32 would store.
    pub fn goldstein_f64(&self) -> f64 {
        self.goldstein
            .to_string()
            .parse()
            .unwrap_or(f64::from(self.goldstein))
    }
}

fn table() -> &'static HashMap<&'static str, EventType> {
    static TABLE: OnceLock<HashMap<&'static str, EventType>> = OnceLock::new();
    TABLE.get_or_init(|| {
        EVENT_CODES
            .iter()
            .map(|&(code, goldstein, name)| {
                let root: u8 = code[..2].parse().expect("codebook roots are numeric");
                let quad = QuadClass::from_root(root).expect("codebook roots are 1-20");
                (
                    code,
                    EventType {
                        code,
                        name,
                        goldstein,
                        root,
                        quad,
                    },
                )
            })
            .collect()
    })
}

/// Looks up a CAMEO event code ("0312", "19", "190").
pub fn event(code: &str) -> Option<&'static EventType> {
    table().get(code)
}

/// Every CAMEO event type, in codebook order.
pub fn all_events() -> impl Iterator<Item = &'static EventType> {
    EVENT_CODES.iter().filter_map(|(code, _, _)| event(code))
}

/// The name of a CAMEO actor role code ("GOV" → "Government").
pub fn role_name(code: &str) -> Option<&'static str> {
    ROLE_CODES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// Every CAMEO actor role code with its name.
pub fn roles() -> &'static [(&'static str, &'static str)] {
    ROLE_CODES
}

/// The first role code found in a full CAMEO actor code ("PRKGOVMIL" → "GOV").
/// Role codes are three letters and follow the country code.
pub fn role_in_actor_code(actor_code: &str) -> Option<&'static str> {
    let bytes = actor_code.as_bytes();
    let mut i = 0;
    while i + 3 <= bytes.len() {
        if let Some((code, _)) = ROLE_CODES
            .iter()
            .find(|(c, _)| c.as_bytes() == &bytes[i..i + 3])
        {
            return Some(code);
        }
        i += 3;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goldstein_weights_keep_their_one_decimal() {
        assert_eq!(event("042").unwrap().goldstein_f64(), 1.9);
        for e in all_events() {
            let g = e.goldstein_f64();
            assert_eq!((g * 10.0).round() / 10.0, g, "{}", e.code);
        }
    }

    #[test]
    fn every_code_has_a_parent_root_and_base() {
        for e in all_events() {
            assert!(event(&e.code[..2]).is_some(), "{} has no root", e.code);
            if e.code.len() == 4 {
                assert!(event(&e.code[..3]).is_some(), "{} has no base", e.code);
            }
        }
        assert_eq!(all_events().filter(|e| e.code.len() == 2).count(), 20);
    }

    #[test]
    fn quad_classes_follow_gdelt() {
        assert_eq!(event("0312").unwrap().quad, QuadClass::VerbalCooperation);
        assert_eq!(event("057").unwrap().quad, QuadClass::VerbalCooperation);
        assert_eq!(event("090").unwrap().quad, QuadClass::MaterialCooperation);
        assert_eq!(event("145").unwrap().quad, QuadClass::VerbalConflict);
        assert_eq!(event("163").unwrap().quad, QuadClass::MaterialConflict);
        assert_eq!(event("163").unwrap().goldstein, -8.0);
    }

    #[test]
    fn roles_are_found_inside_actor_codes() {
        assert_eq!(role_in_actor_code("PRKGOV"), Some("GOV"));
        assert_eq!(role_in_actor_code("RUSMILGOV"), Some("MIL"));
        assert_eq!(role_in_actor_code("USA"), None);
        assert_eq!(role_in_actor_code("CVL"), Some("CVL"));
    }
}
