//! Evaluation of name matching on labelled pairs: `name_a,name_b,match[,schema]` with
//! match 1/0 (or true/false, yes/no); precision, recall and F1 at a threshold, and the
//! threshold that gives the best F1.

use std::path::Path;

use serde::Serialize;

use crate::SanctionsError;
use crate::entity::Kind;
use crate::names::{analyse, compare};

#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    pub line: u64,
    pub a: String,
    pub b: String,
    pub is_match: bool,
    pub score: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub pairs: usize,
    pub threshold: f64,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
    pub best_threshold: f64,
    pub best_f1: Option<f64>,
    /// Pairs on the wrong side of the threshold.
    pub errors: Vec<Pair>,
}

fn rates(pairs: &[Pair], t: f64) -> (Option<f64>, Option<f64>, Option<f64>) {
    let tp = pairs.iter().filter(|p| p.is_match && p.score >= t).count() as f64;
    let fp = pairs.iter().filter(|p| !p.is_match && p.score >= t).count() as f64;
    let fneg = pairs.iter().filter(|p| p.is_match && p.score < t).count() as f64;
    let precision = (tp + fp > 0.0).then(|| tp / (tp + fp));
    let recall = (tp + fneg > 0.0).then(|| tp / (tp + fneg));
    let f1 = match (precision, recall) {
        (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
        (Some(_), Some(_)) => Some(0.0),
        _ => None,
    };
    (precision, recall, f1)
}

/// Reads and scores labelled pairs.
pub fn read_pairs(path: &Path) -> Result<Vec<Pair>, SanctionsError> {
    let file = path.display().to_string();
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| SanctionsError::Input(format!("{file}: {e}")))?;
    let header = r
        .headers()
        .map_err(|e| SanctionsError::Input(format!("{file}: {e}")))?
        .clone();
    if header.get(0) != Some("name_a")
        || header.get(1) != Some("name_b")
        || header.get(2) != Some("match")
    {
        return Err(SanctionsError::Read {
            file,
            line: 1,
            message: "expected the header name_a,name_b,match[,schema]".into(),
        });
    }
    let mut out = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let line = i as u64 + 2;
        let rec = rec.map_err(|e| SanctionsError::Read {
            file: file.clone(),
            line,
            message: e.to_string(),
        })?;
        let bad = |field: &str, msg: String| SanctionsError::Read {
            file: file.clone(),
            line,
            message: format!("{field}: {msg}"),
        };
        let is_match = match rec
            .get(2)
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
            .as_str()
        {
            "1" | "true" | "yes" => true,
            "0" | "false" | "no" => false,
            other => return Err(bad("match", format!("{other:?} is not 1 or 0"))),
        };
        let kind = match rec.get(3).unwrap_or("person").trim() {
            "" | "person" => Kind::Person,
            "company" | "organization" => Kind::Company,
            "vessel" => Kind::Vessel,
            other => {
                return Err(bad(
                    "schema",
                    format!("{other:?} is not person, company or vessel"),
                ));
            }
        };
        let (a, b) = (rec.get(0).unwrap_or(""), rec.get(1).unwrap_or(""));
        let score = compare(&analyse(a, kind), &analyse(b, kind)).score;
        out.push(Pair {
            line,
            a: a.to_string(),
            b: b.to_string(),
            is_match,
            score: (score * 1000.0).round() / 1000.0,
        });
    }
    Ok(out)
}

/// Rates at `threshold`, and the best threshold over the observed scores.
pub fn evaluate(pairs: Vec<Pair>, threshold: f64) -> Evaluation {
    let (precision, recall, f1) = rates(&pairs, threshold);
    let mut cuts: Vec<f64> = pairs.iter().map(|p| p.score).collect();
    cuts.sort_by(f64::total_cmp);
    cuts.dedup();
    let mut best = (threshold, f1);
    for t in cuts {
        let f = rates(&pairs, t).2;
        if f.unwrap_or(-1.0) > best.1.unwrap_or(-1.0) {
            best = (t, f);
        }
    }
    let errors = pairs
        .iter()
        .filter(|p| p.is_match != (p.score >= threshold))
        .cloned()
        .collect();
    Evaluation {
        pairs: pairs.len(),
        threshold,
        precision,
        recall,
        f1,
        best_threshold: best.0,
        best_f1: best.1,
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_best_threshold() {
        let p = |s: f64, m: bool| Pair {
            line: 0,
            a: String::new(),
            b: String::new(),
            is_match: m,
            score: s,
        };
        let e = evaluate(
            vec![p(0.9, true), p(0.85, false), p(0.7, true), p(0.2, false)],
            0.8,
        );
        assert_eq!(e.precision, Some(0.5));
        assert_eq!(e.recall, Some(0.5));
        assert_eq!(e.errors.len(), 2);
        // At 0.7 both matches pass and one non-match: F1 = 0.8.
        assert_eq!(e.best_threshold, 0.7);
        assert!((e.best_f1.unwrap() - 0.8).abs() < 1e-9);
    }
}
