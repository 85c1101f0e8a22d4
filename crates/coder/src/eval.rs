//! Evaluation against records that carry their expected codings (PETRARCH's
//! `<EventCoding>`): exact match per record, precision and recall over events, and a
//! confusion summary by CAMEO root.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::Coder;
use crate::input::{Document, Expected};

/// One record's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct RecordResult {
    pub id: String,
    pub category: Option<String>,
    pub line: usize,
    pub text: String,
    pub expected: Vec<Expected>,
    pub coded: Vec<Expected>,
    /// The coded set of (source, target, code) equals the expected set.
    pub exact: bool,
    /// Why the record was not coded: "bad_input_parse: ...", "storydiscard: PHRASE",
    /// "sentencediscard: PHRASE" (the kinds PETRARCH's records expect).
    pub error: Option<String>,
    /// The error the record expects, if any.
    pub expected_error: Option<String>,
}

/// The figures over all records.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub records: usize,
    pub exact: usize,
    pub exact_rate: f64,
    pub expected_events: usize,
    pub coded_events: usize,
    pub matched_events: usize,
    pub precision: f64,
    pub recall: f64,
    /// Expected root → coded root (same source and target) or "none" → count.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
    /// Category → (records, exact).
    pub by_category: BTreeMap<String, (usize, usize)>,
    pub results: Vec<RecordResult>,
}

/// The root of an event code: its first two characters ("0312" → "03").
pub fn root(code: &str) -> String {
    code.chars().take(2).collect()
}

/// Events in common between two lists, counting repeats.
pub fn matched(expected: &[Expected], coded: &[Expected]) -> usize {
    let mut left: Vec<&Expected> = coded.iter().collect();
    let mut n = 0;
    for e in expected {
        if let Some(k) = left.iter().position(|c| *c == e) {
            left.swap_remove(k);
            n += 1;
        }
    }
    n
}

/// Codes every document that has expected codings and compares.
/// Records are coded with `coder` as given: a file's `<Config option="require_dyad">`
/// switches are read ([`Document::require_dyad`]) but not applied, since vigil's one-sided
/// coding of verbs other than force postures does not follow PETRARCH's parse-dependent
/// choices (applying them costs five exact records on Universal-PETRARCH's file and gains
/// none on PETRARCH 2's; README, "How well").
pub fn evaluate(coder: &Coder, docs: &[Document]) -> Evaluation {
    let mut results = Vec::new();
    for doc in docs {
        let Some(expected) = &doc.expected else {
            continue;
        };
        let (coded, error) = match &doc.parse {
            Some(parse) => match coder.code_parsed(&doc.text, parse, doc.date) {
                Ok(Ok(events)) => (events, None),
                Ok(Err(crate::Discarded::Phrase { phrase, story })) => (
                    Vec::new(),
                    Some(format!(
                        "{}: {phrase}",
                        if story {
                            "storydiscard"
                        } else {
                            "sentencediscard"
                        }
                    )),
                ),
                Err(e) => (
                    Vec::new(),
                    Some(format!("bad_input_parse: {}:{}: {e}", doc.origin, doc.line)),
                ),
            },
            None => (coder.code_text(&doc.text, doc.date), None),
        };
        let mut coded: Vec<Expected> = coded
            .into_iter()
            .map(|e| Expected {
                source: e.source.code,
                target: e.target.code,
                code: e.code,
            })
            .collect();
        coded.sort();
        coded.dedup();
        // PETRARCH writes a missing target as "---"; vigil leaves it empty.
        let mut exp: Vec<Expected> = expected
            .iter()
            .map(|e| Expected {
                target: if e.target == "---" {
                    String::new()
                } else {
                    e.target.clone()
                },
                ..e.clone()
            })
            .collect();
        exp.sort();
        exp.dedup();
        results.push(RecordResult {
            id: doc.id.clone(),
            category: doc.category.clone(),
            line: doc.line,
            text: doc.text.clone(),
            // A record that expects an error (a malformed parse) is right when it fails.
            exact: exp == coded
                && match (&error, &doc.expected_error) {
                    (None, None) => true,
                    (Some(got), Some(want)) => got.split(':').next() == Some(want.as_str()),
                    _ => false,
                },
            expected: exp,
            coded,
            error,
            expected_error: doc.expected_error.clone(),
        });
    }
    summarise(results)
}

/// Figures from per-record results (also how a reader of the JSON output recomputes them).
pub fn summarise(results: Vec<RecordResult>) -> Evaluation {
    let records = results.len();
    let exact = results.iter().filter(|r| r.exact).count();
    let expected_events: usize = results.iter().map(|r| r.expected.len()).sum();
    let coded_events: usize = results.iter().map(|r| r.coded.len()).sum();
    let matched_events: usize = results.iter().map(|r| matched(&r.expected, &r.coded)).sum();
    let mut confusion: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut by_category: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for r in &results {
        for e in &r.expected {
            let got = r
                .coded
                .iter()
                .find(|c| c.source == e.source && c.target == e.target)
                .map(|c| root(&c.code))
                .unwrap_or_else(|| "none".into());
            *confusion
                .entry(root(&e.code))
                .or_default()
                .entry(got)
                .or_default() += 1;
        }
        let cat = by_category
            .entry(r.category.clone().unwrap_or_else(|| "-".into()))
            .or_default();
        cat.0 += 1;
        cat.1 += usize::from(r.exact);
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    Evaluation {
        records,
        exact,
        exact_rate: ratio(exact, records),
        expected_events,
        coded_events,
        matched_events,
        precision: ratio(matched_events, coded_events),
        recall: ratio(matched_events, expected_events),
        confusion,
        by_category,
        results,
    }
}
