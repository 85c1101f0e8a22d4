//! Evaluation against PLOVER gold-standard records (the format of OEDA's PLOVER GSR files):
//! a JSON array or JSON lines of records with `id`, `text`, `date`, `event` (a PLOVER type
//! in upper case), `mode`, and `source` and `target` as lists of `{actorText, code,
//! sector}` with CAMEO-style actor codes (`ISR`, `JAP`, `IGO`); a side may be `""`, empty
//! or absent. Records without text (the file's `DOCUMENT` record) are set aside.
//!
//! Types of the older PLOVER drafts the gold records were coded in (DEMAND, DISAPPROVE,
//! INVESTIGATE, FIGHT) are read under the 2021 codebook's names vigil codes in
//! ([`current_type`]).
//!
//! A record may instead give an `events` list (vigil's own sentences for the five
//! monitors' topics, `crates/coder/tests/data/monitor-sentences.jsonl`, use it): each
//! element has `source` and `target` (a code, a list of codes or actor objects, or `""`)
//! and a `cameo` code, its PLOVER type and mode taken from vigil-model's CAMEO→PLOVER
//! table unless `event` and `mode` are given; `"events": []` expects no event. A gold
//! event with a `cameo` code is also matched at the CAMEO root and the full CAMEO code.
//! The `<PLEvent {JSON}>` lines of Universal-PETRARCH records (their compound and
//! reciprocal cases, with CAMEO codes in `event`) are read the same way by
//! [`from_plevents`] and coded from the record's parse.
//!
//! Each record's text is coded; the gold events are every (source, target) pair of its
//! lists with its type and mode; sources the record's markup calls reciprocal (`SRC/TAR`)
//! with no target act on each other (`reciprocal`). A party is the country of an actor code (vigil's CAMEO
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
    /// The record's topic, when the file gives one (vigil's own sentences do).
    pub topic: Option<String>,
    pub events: Vec<Triple>,
    /// A Treebank parse to code from instead of the text (Universal-PETRARCH records).
    #[serde(skip)]
    pub parse: Option<String>,
}

/// An event reduced to what the gold gives: parties, PLOVER type and mode.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Triple {
    pub source: String,
    pub target: String,
    pub event: String,
    pub mode: String,
    /// The CAMEO code, when the gold gives one (always, for coded events).
    pub cameo: String,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    pub text: String,
    pub gold: Vec<Triple>,
    pub coded: Vec<Triple>,
    /// The coded set equals the gold set at the full level (dyad, type, mode, and the
    /// CAMEO code when the gold gives one).
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
    /// Dyad and CAMEO root, then dyad and full CAMEO code: only when every gold event of
    /// these records carries a CAMEO code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cameo_root: Option<Level>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cameo: Option<Level>,
    /// Gold type → coded type for the same dyad, or "none".
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
}

/// Everything `vigil code eval` reports on PLOVER gold.
#[derive(Debug, Clone, Serialize)]
pub struct PloverEvaluation {
    pub all: Figures,
    pub tune: Figures,
    pub held_out: Figures,
    /// Figures per topic (when records carry one): topic → (tune, held-out).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub by_topic: BTreeMap<String, (Figures, Figures)>,
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
    match v {
        Some(Value::Array(a)) => parties(
            a.iter()
                .filter_map(|x| x.get("code").and_then(Value::as_str)),
        ),
        Some(Value::String(s)) => parties([s.as_str()]),
        _ => parties([]),
    }
}

/// The distinct parties of a side's actor codes; a side without any is one empty party.
fn parties<'a>(codes: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = codes
        .into_iter()
        .filter(|c| !c.trim().is_empty())
        .map(party)
        .collect();
    if out.is_empty() {
        out.push(String::new());
    }
    out.sort();
    out.dedup();
    out
}

/// PLOVER types of the older drafts (0.5-0.6, 2016-2017, the version of OEDA's gold
/// records from the CAMEO manual) under the names of the 2021 codebook that vigil's table
/// follows: CAMEO 09 was INVESTIGATE and 11 DISAPPROVE (now ACCUSE), 10 was DEMAND (now
/// REQUEST), 19 and 20 were FIGHT (now ASSAULT). Without this a correct coding of those
/// roots could never match the gold.
const OLDER_TYPES: &[(&str, &str)] = &[
    ("INVESTIGATE", "ACCUSE"),
    ("DISAPPROVE", "ACCUSE"),
    ("DEMAND", "REQUEST"),
    ("FIGHT", "ASSAULT"),
];

/// A gold type under the 2021 codebook's name.
pub fn current_type(event: &str) -> String {
    let e = event.trim().to_ascii_uppercase();
    OLDER_TYPES
        .iter()
        .find(|(old, _)| *old == e)
        .map_or(e, |(_, new)| new.to_string())
}

/// The gold events of one record or `events` element: every (source, target) pair with
/// its type and mode, given or taken from the CAMEO code.
fn gold_events(obj: &serde_json::Map<String, Value>) -> Result<Vec<Triple>, String> {
    let cameo = match obj.get("cameo") {
        None => String::new(),
        Some(Value::String(c)) if vigil_model::cameo::event(c.trim()).is_some() => {
            c.trim().to_string()
        }
        Some(c) => return Err(format!("\"cameo\": {c} is not a CAMEO event code")),
    };
    let mapped = vigil_model::plover::from_cameo(&cameo);
    let event = match obj.get("event").and_then(Value::as_str) {
        Some(e) => current_type(e),
        None if !cameo.is_empty() => mapped
            .map(|p| p.event_type.name().to_string())
            .unwrap_or_default(),
        None => return Err("neither \"event\" nor \"cameo\"".into()),
    };
    let mode = match obj.get("mode").and_then(Value::as_str) {
        Some(m) => m.to_ascii_lowercase(),
        None => mapped
            .and_then(|p| p.mode)
            .unwrap_or("")
            .to_ascii_lowercase(),
    };
    let sources = sides(obj.get("source"));
    let mut targets = sides(obj.get("target"));
    // Reciprocal parties act on each other, as CAMEO and vigil code them.
    let mutual = reciprocal(obj) && sources.len() > 1 && targets == [String::new()];
    if mutual {
        targets.clone_from(&sources);
    }
    let mut events = Vec::new();
    for s in &sources {
        for t in targets.iter().filter(|t| !mutual || *t != s) {
            events.push(Triple {
                source: s.clone(),
                target: t.clone(),
                event: event.clone(),
                mode: mode.clone(),
                cameo: cameo.clone(),
            });
        }
    }
    Ok(events)
}

/// Whether a gold record marks its sources as reciprocal: the GSR files write a CAMEO
/// reciprocal event ("X and Y signed a treaty", "X shared expertise with Y") as several
/// sources and no target, and mark those actors `SRC/TAR` in `textInfo.markup` (their
/// readme: "Reciprocal source/target in the CAMEO system").
fn reciprocal(obj: &serde_json::Map<String, Value>) -> bool {
    obj.get("textInfo")
        .and_then(|t| t.get("markup"))
        .and_then(Value::as_str)
        .is_some_and(|m| m.contains("SRC/TAR"))
}

/// Gold records from the `<PLEvent>` lines of PETRARCH XML documents (Universal-PETRARCH's
/// compound and reciprocal cases): each line's `event` is a CAMEO code, its sources and
/// targets actor codes; the record is coded from its parse when it has one.
pub fn from_plevents(docs: &[crate::input::Document]) -> Vec<GoldRecord> {
    docs.iter()
        .filter(|d| !d.plover_gold.is_empty())
        .map(|d| {
            let mut events = Vec::new();
            for g in &d.plover_gold {
                let p = vigil_model::plover::from_cameo(&g.event);
                let side = |codes: &[String]| parties(codes.iter().map(String::as_str));
                for s in side(&g.sources) {
                    for t in side(&g.targets) {
                        events.push(Triple {
                            source: s.clone(),
                            target: t.clone(),
                            event: p
                                .map(|p| p.event_type.name().to_string())
                                .unwrap_or_default(),
                            mode: p.and_then(|p| p.mode).unwrap_or("").to_ascii_lowercase(),
                            cameo: g.event.clone(),
                        });
                    }
                }
            }
            GoldRecord {
                id: d.id.clone(),
                line: d.line,
                text: d.text.clone(),
                date: d.date,
                topic: None,
                events,
                parse: d.parse.clone(),
            }
        })
        .collect()
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
        let date = obj
            .get("date")
            .and_then(Value::as_str)
            .and_then(crate::input::parse_any_date);
        let events = match obj.get("events") {
            Some(Value::Array(list)) => {
                let mut events = Vec::new();
                for (k, e) in list.iter().enumerate() {
                    let e = e.as_object().ok_or_else(|| {
                        bad(line, format!("{id}: events[{k}] is not a JSON object"))
                    })?;
                    events.extend(
                        gold_events(e)
                            .map_err(|why| bad(line, format!("{id}: events[{k}]: {why}")))?,
                    );
                }
                events
            }
            Some(_) => return Err(bad(line, format!("{id}: \"events\" is not a list"))),
            None => {
                if obj.get("event").and_then(Value::as_str).is_none() {
                    set_aside.push((line, format!("{id}: no event")));
                    continue;
                }
                gold_events(obj).map_err(|why| bad(line, format!("{id}: {why}")))?
            }
        };
        out.push(GoldRecord {
            id,
            line,
            text: text.to_string(),
            date,
            topic: obj.get("topic").and_then(Value::as_str).map(str::to_string),
            events,
            parse: None,
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
        let events = match &r.parse {
            Some(parse) => match coder.code_parsed(&r.text, parse, r.date) {
                Ok(Ok(events)) => events,
                _ => Vec::new(),
            },
            None => coder.code_text(&r.text, r.date),
        };
        let mut coded: Vec<Triple> = events
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
                    cameo: e.code.clone(),
                }
            })
            .collect();
        coded.sort();
        coded.dedup();
        let mut gold = r.events.clone();
        gold.sort();
        gold.dedup();
        // Exact: the same set at the full level, CAMEO codes compared when the gold gives
        // them (PLOVER gold files do not).
        let with_cameo = gold.iter().all(|g| !g.cameo.is_empty());
        let key = |t: &Triple| {
            (
                t.source.clone(),
                t.target.clone(),
                t.event.clone(),
                t.mode.clone(),
                if with_cameo {
                    t.cameo.clone()
                } else {
                    String::new()
                },
            )
        };
        let mut a: Vec<_> = gold.iter().map(key).collect();
        let mut b: Vec<_> = coded.iter().map(key).collect();
        a.dedup();
        b.sort();
        b.dedup();
        let exact = a == b;
        results.push(RecordOutcome {
            part: Part::of(&r.id),
            topic: r.topic,
            exact,
            id: r.id,
            line: r.line,
            text: r.text,
            gold,
            coded,
        });
    }
    let figures = |part: Option<Part>, topic: Option<&str>| {
        summarise(
            results
                .iter()
                .filter(|r| part.is_none_or(|p| r.part == p))
                .filter(|r| topic.is_none_or(|t| r.topic.as_deref() == Some(t)))
                .collect(),
        )
    };
    let topics: std::collections::BTreeSet<&str> =
        results.iter().filter_map(|r| r.topic.as_deref()).collect();
    let by_topic = topics
        .into_iter()
        .map(|t| {
            (
                t.to_string(),
                (
                    figures(Some(Part::Tune), Some(t)),
                    figures(Some(Part::HeldOut), Some(t)),
                ),
            )
        })
        .collect();
    PloverEvaluation {
        all: figures(None, None),
        tune: figures(Some(Part::Tune), None),
        held_out: figures(Some(Part::HeldOut), None),
        by_topic,
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
    let with_cameo = gold_events > 0
        && results
            .iter()
            .all(|r| r.gold.iter().all(|g| !g.cameo.is_empty()));
    let cameo_level = |digits: Option<usize>| {
        with_cameo.then(|| {
            level(&|t| {
                let code = match digits {
                    Some(n) => crate::eval::root(&t.cameo).chars().take(n).collect(),
                    None => t.cameo.clone(),
                };
                (t.source.clone(), t.target.clone(), code, String::new())
            })
        })
    };
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
        cameo_root: cameo_level(Some(2)),
        cameo: cameo_level(None),
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
            cameo: String::new(),
        };
        let r = RecordOutcome {
            id: "x".into(),
            line: 1,
            part: Part::Tune,
            topic: None,
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
        // The gold's older type names read as the 2021 codebook's.
        assert_eq!(current_type("fight"), "ASSAULT");
        assert_eq!(current_type("DEMAND"), "REQUEST");
        assert_eq!(current_type("DISAPPROVE"), "ACCUSE");
        assert_eq!(current_type("AGREE"), "AGREE");
    }

    #[test]
    fn sources_marked_reciprocal_act_on_each_other() {
        let record = |markup: &str| {
            serde_json::json!({
                "event": "SUPPORT",
                "source": [{"code": "LBY"}, {"code": "BGR"}, {"code": "LBYGOV"}],
                "textInfo": {"markup": markup}
            })
        };
        let pairs = |v: serde_json::Value| -> Vec<(String, String)> {
            gold_events(v.as_object().unwrap())
                .unwrap()
                .into_iter()
                .map(|t| (t.source, t.target))
                .collect()
        };
        let both = [("BGR", "LBY"), ("LBY", "BGR")].map(|(a, b)| (a.into(), b.into()));
        assert_eq!(
            pairs(record("(SRC/TAR: Gaddafi) and (SRC/TAR: Zhivkov) signed")),
            both
        );
        // Without the mark, several sources and no target stay one-sided events.
        let one_sided = [("BGR", ""), ("LBY", "")].map(|(a, b)| (a.into(), b.into()));
        assert_eq!(
            pairs(record("(SRC: Gaddafi) and (SRC: Zhivkov) signed")),
            one_sided
        );
        // A named target keeps the sources acting on it, marked or not.
        let mut with_target = record("(SRC/TAR: Gaddafi) and (SRC/TAR: Zhivkov) signed");
        with_target["target"] = serde_json::json!([{"code": "ITA"}]);
        let on_target = [("BGR", "ITA"), ("LBY", "ITA")].map(|(a, b)| (a.into(), b.into()));
        assert_eq!(pairs(with_target), on_target);
    }
}
