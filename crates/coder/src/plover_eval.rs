//! Evaluation against PLOVER gold-standard records (the format of OEDA's PLOVER GSR files):
//! a JSON array or JSON lines of records with `id`, `text`, `date`, `event` (a PLOVER type
//! in upper case), `mode`, and `source` and `target` as lists of `{actorText, code,
//! sector}` with CAMEO-style actor codes (`ISR`, `JAP`, `IGO`); a side may be `""`, empty
//! or absent. Records without text (the file's `DOCUMENT` record) are set aside.
//!
//! Each record's text is coded; the gold events are every (source, target) pair of its
//! lists with its type and mode. A party is the country of an actor code (vigil's CAMEO
//! country table, so `JAP` is Japan) or, for organisations and roles, the code's first
//! three letters. Events are matched at three levels: the dyad only; the dyad and the
//! PLOVER type; the dyad, type and mode. Records fall in a tune or a held-out part by a
//! hash of their id, fixed before tuning; figures are given for each part and for all.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::Coder;

/// One gold record as read.
#[derive(Debug, Clone, Serialize)]
pub struct GoldRecord {
    pub id: String,
    pub line: usize,
    pub text: String,
    pub date: Option<i32>,
    pub events: Vec<Triple>,
}

/// An event reduced to what the gold gives: parties, PLOVER type and mode.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Triple {
    pub source: String,
    pub target: String,
    pub event: String,
    pub mode: String,
}

/// Which part of the development data a record is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    Tune,
    HeldOut,
}

impl Part {
    /// A stable hash (FNV-1a) of the record id, so the split is the same everywhere.
    pub fn of(id: &str) -> Part {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in id.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        if h.is_multiple_of(2) {
            Part::Tune
        } else {
            Part::HeldOut
        }
    }
}

/// One record's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct RecordOutcome {
    pub id: String,
    pub line: usize,
    pub part: Part,
    pub text: String,
    pub gold: Vec<Triple>,
    pub coded: Vec<Triple>,
    /// The coded set equals the gold set at the full level (dyad, type, mode).
    pub exact: bool,
}

/// Precision and recall at one level.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Level {
    pub matched: usize,
    pub precision: f64,
    pub recall: f64,
}

/// The figures over some records.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Figures {
    pub records: usize,
    pub exact: usize,
    pub exact_rate: f64,
    pub gold_events: usize,
    pub coded_events: usize,
    pub dyad: Level,
    pub dyad_type: Level,
    pub full: Level,
    /// Gold type → coded type for the same dyad, or "none".
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
}

/// Everything `vigil code eval` reports on PLOVER gold.
#[derive(Debug, Clone, Serialize)]
pub struct PloverEvaluation {
    pub all: Figures,
    pub tune: Figures,
    pub held_out: Figures,
    /// Records set aside: (line, why).
    pub set_aside: Vec<(usize, String)>,
    pub results: Vec<RecordOutcome>,
}

/// Records set aside while reading: (line, why).
pub type SetAside = Vec<(usize, String)>;

/// Whether a file is PLOVER gold (JSON) rather than PETRARCH XML.
pub fn is_plover_json(content: &str) -> bool {
    let t = content.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('[') || t.starts_with('{')
}

/// Country codes the PLOVER gold records write for countries CAMEO spells otherwise.
const GOLD_ALIASES: &[(&str, &str)] = &[("JAP", "JPN"), ("ITL", "ITA"), ("VTN", "VNM")];

/// The party of a CAMEO-style actor code: its country, or its first three letters.
pub fn party(code: &str) -> String {
    let c = code.trim().trim_start_matches('-').to_ascii_uppercase();
    let head = c.get(..3).unwrap_or(&c);
    let head = GOLD_ALIASES
        .iter()
        .find(|(a, _)| *a == head)
        .map_or(head, |(_, b)| *b);
    vigil_model::countries::canonical_from_cameo(head)
        .map(str::to_string)
        .unwrap_or_else(|| head.to_string())
}

fn sides(v: Option<&Value>) -> Vec<String> {
    let mut out: Vec<String> = match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.get("code").and_then(Value::as_str))
            .filter(|c| !c.trim().is_empty())
            .map(party)
            .collect(),
        Some(Value::String(s)) if !s.trim().is_empty() => vec![party(s)],
        _ => Vec::new(),
    };
    if out.is_empty() {
        out.push(String::new());
    }
    out.sort();
    out.dedup();
    out
}

/// Reads gold records (JSON array or JSON lines); a line or element that is not a record
/// is an error naming the file and line; records without text are set aside.
pub fn read_gold(path: &Path) -> Result<(Vec<GoldRecord>, SetAside), crate::input::InputError> {
    let origin = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| crate::input::InputError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let bad = |line: usize, message: String| crate::input::InputError::Xml {
        origin: origin.clone(),
        line,
        message,
    };
    let values =
        vigil_model::json_records::records(&text).map_err(|(line, message)| bad(line, message))?;
    let mut out = Vec::new();
    let mut set_aside = Vec::new();
    for (line, v) in values {
        let Some(obj) = v.as_object() else {
            return Err(bad(line, "not a JSON object".into()));
        };
        let id = obj
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let Some(text) = obj
            .get("text")
            .and_then(Value::as_str)
            .filter(|t| !t.trim().is_empty())
        else {
            set_aside.push((line, format!("{id}: no text")));
            continue;
        };
        let Some(event) = obj.get("event").and_then(Value::as_str) else {
            set_aside.push((line, format!("{id}: no event")));
            continue;
        };
        let mode = obj
            .get("mode")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_ascii_lowercase();
        let date = obj
            .get("date")
            .and_then(Value::as_str)
            .and_then(crate::input::parse_any_date);
        let mut events = Vec::new();
        for s in sides(obj.get("source")) {
            for t in sides(obj.get("target")) {
                events.push(Triple {
                    source: s.clone(),
                    target: t.clone(),
                    event: event.to_ascii_uppercase(),
                    mode: mode.clone(),
                });
            }
        }
        out.push(GoldRecord {
            id,
            line,
            text: text.to_string(),
            date,
            events,
        });
    }
    Ok((out, set_aside))
}

/// Codes each record and compares with its gold.
pub fn evaluate(
    coder: &Coder,
    records: Vec<GoldRecord>,
    set_aside: Vec<(usize, String)>,
) -> PloverEvaluation {
    let mut results = Vec::new();
    for r in records {
        let mut coded: Vec<Triple> = coder
            .code_text(&r.text, r.date)
            .into_iter()
            .map(|e| {
                let p = vigil_model::plover::from_cameo(&e.code);
                Triple {
                    source: if e.source.code.is_empty() {
                        String::new()
                    } else {
                        party(&e.source.code)
                    },
                    target: if e.target.code.is_empty() {
                        String::new()
                    } else {
                        party(&e.target.code)
                    },
                    event: p
                        .map(|p| p.event_type.name().to_string())
                        .unwrap_or_default(),
                    mode: p.and_then(|p| p.mode).unwrap_or("").to_ascii_lowercase(),
                }
            })
            .collect();
        coded.sort();
        coded.dedup();
        let mut gold = r.events.clone();
        gold.sort();
        gold.dedup();
        results.push(RecordOutcome {
            part: Part::of(&r.id),
            exact: gold == coded,
            id: r.id,
            line: r.line,
            text: r.text,
            gold,
            coded,
        });
    }
    let figures = |part: Option<Part>| {
        summarise(
            results
                .iter()
                .filter(|r| part.is_none_or(|p| r.part == p))
                .collect(),
        )
    };
    PloverEvaluation {
        all: figures(None),
        tune: figures(Some(Part::Tune)),
        held_out: figures(Some(Part::HeldOut)),
        set_aside,
        results,
    }
}

/// Events in common between two lists under a key, counting repeats.
fn common<K: PartialEq>(gold: &[Triple], coded: &[Triple], key: impl Fn(&Triple) -> K) -> usize {
    let mut left: Vec<K> = coded.iter().map(&key).collect();
    let mut n = 0;
    for g in gold {
        let k = key(g);
        if let Some(i) = left.iter().position(|c| *c == k) {
            left.swap_remove(i);
            n += 1;
        }
    }
    n
}

/// Figures from record outcomes (also how a reader of the JSON recomputes them).
pub fn summarise(results: Vec<&RecordOutcome>) -> Figures {
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let gold_events: usize = results.iter().map(|r| r.gold.len()).sum();
    let coded_events: usize = results.iter().map(|r| r.coded.len()).sum();
    let level = |key: &dyn Fn(&Triple) -> (String, String, String, String)| {
        let matched: usize = results.iter().map(|r| common(&r.gold, &r.coded, key)).sum();
        Level {
            matched,
            precision: ratio(matched, coded_events),
            recall: ratio(matched, gold_events),
        }
    };
    let mut confusion: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for r in &results {
        for g in &r.gold {
            let got = r
                .coded
                .iter()
                .find(|c| c.source == g.source && c.target == g.target)
                .map(|c| c.event.clone())
                .unwrap_or_else(|| "none".into());
            *confusion
                .entry(g.event.clone())
                .or_default()
                .entry(got)
                .or_default() += 1;
        }
    }
    let exact = results.iter().filter(|r| r.exact).count();
    Figures {
        records: results.len(),
        exact,
        exact_rate: ratio(exact, results.len()),
        gold_events,
        coded_events,
        dyad: level(&|t| {
            (
                t.source.clone(),
                t.target.clone(),
                String::new(),
                String::new(),
            )
        }),
        dyad_type: level(&|t| {
            (
                t.source.clone(),
                t.target.clone(),
                t.event.clone(),
                String::new(),
            )
        }),
        full: level(&|t| {
            (
                t.source.clone(),
                t.target.clone(),
                t.event.clone(),
                t.mode.clone(),
            )
        }),
        confusion,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parties_sides_and_levels() {
        assert_eq!(party("JAP"), "JPN");
        assert_eq!(party("ISRGOV"), "ISR");
        assert_eq!(party("IGO"), "IGO");
        assert_eq!(sides(None), [""]);
        assert_eq!(sides(Some(&serde_json::json!(""))), [""]);
        let t = |s: &str, g: &str, e: &str, m: &str| Triple {
            source: s.into(),
            target: g.into(),
            event: e.into(),
            mode: m.into(),
        };
        let r = RecordOutcome {
            id: "x".into(),
            line: 1,
            part: Part::Tune,
            text: String::new(),
            gold: vec![
                t("PRK", "JPN", "THREATEN", ""),
                t("PRK", "KOR", "THREATEN", ""),
            ],
            coded: vec![
                t("PRK", "JPN", "THREATEN", ""),
                t("PRK", "KOR", "FIGHT", ""),
            ],
            exact: false,
        };
        let f = summarise(vec![&r]);
        assert_eq!(f.dyad.matched, 2);
        assert_eq!(f.dyad_type.matched, 1);
        assert_eq!(f.full.matched, 1);
        assert_eq!(f.confusion["THREATEN"]["FIGHT"], 1);
        assert_eq!(Part::of("a"), Part::of("a"));
    }
}
