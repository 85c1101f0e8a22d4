//! Evaluation of name matching on labelled pairs, in the layouts they are published in:
//!
//! - vigil's own `name_a,name_b,match[,schema]` (match 1/0, true/false, yes/no);
//! - nomenklatura's name benchmark `case_group,schema,name1,name2,is_match,...` (its
//!   `contrib/name_bench/cases.csv`), and its frozen result files, which add `score` and
//!   `predicted_match` columns: given as `--peer`, they are compared on the pairs both
//!   files share;
//! - Korean names `hangul<TAB>mccune_reischauer`: positives only; each Hangul name is also
//!   paired with the romanised name of a different person of the same surname (the next
//!   such row, cyclically), as a negative.
//!
//! Every pair falls in one of two parts by a hash of its two names (the Korean negatives by
//! their Hangul name, so a person's pairs stay together): **tune** and **held-out**. The
//! matcher's rules may be adjusted against the tune part only; the held-out part says how
//! they do on names they were not adjusted to. Figures are reported for each part and for
//! all pairs, with the share of pairs scored exactly 1.0 and a histogram of scores, so a
//! reader sees whether scores are graded or merely pass/fail.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::SanctionsError;
use crate::entity::Kind;
use crate::names::{analyse, compare};

/// Which part of the development data a pair belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    Tune,
    HeldOut,
}

impl Part {
    /// The part of a pair identified by `key` (its names, or ids): a stable hash, so the
    /// split is the same on every machine and in any order of rows.
    pub fn of(key: &str) -> Part {
        if xxhash_rust::xxh3::xxh3_64(key.as_bytes()).is_multiple_of(2) {
            Part::Tune
        } else {
            Part::HeldOut
        }
    }
}

/// A labelled pair and the score vigil gives it.
#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    pub line: u64,
    pub a: String,
    pub b: String,
    pub is_match: bool,
    pub score: f64,
    pub part: Part,
}

/// The layouts [`read_pairs`] recognises by their header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PairFormat {
    Vigil,
    NameBench,
    Korean,
}

/// Scores in tenths, with exact 1.0 apart.
#[derive(Debug, Clone, Serialize)]
pub struct Histogram {
    /// `bins[i]`: pairs scored in [i/10, (i+1)/10), 1.0 excluded.
    pub bins: [usize; 10],
    /// Pairs scored exactly 1.0.
    pub exact_one: usize,
}

impl Histogram {
    pub fn of(scores: impl IntoIterator<Item = f64>) -> Histogram {
        let mut h = Histogram {
            bins: [0; 10],
            exact_one: 0,
        };
        for s in scores {
            if s >= 1.0 {
                h.exact_one += 1;
            } else {
                h.bins[((s.max(0.0) * 10.0) as usize).min(9)] += 1;
            }
        }
        h
    }
}

/// Precision, recall and F1 at a threshold over some pairs.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub pairs: usize,
    pub positives: usize,
    pub threshold: f64,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
    pub best_threshold: f64,
    pub best_f1: Option<f64>,
    /// The share of pairs scored exactly 1.0.
    pub exact_one_share: Option<f64>,
    pub histogram: Histogram,
    /// Pairs on the wrong side of the threshold.
    pub errors: Vec<Pair>,
}

/// A peer matcher's frozen scores compared with vigil's on the pairs both files share.
#[derive(Debug, Clone, Serialize)]
pub struct PeerComparison {
    pub peer: String,
    pub shared: usize,
    pub tune: PeerFigures,
    pub held_out: PeerFigures,
}

/// Both matchers on one part of the shared pairs: each at its own decision (vigil at the
/// threshold, the peer as its `predicted_match` column says) and at its best threshold.
#[derive(Debug, Clone, Serialize)]
pub struct PeerFigures {
    pub pairs: usize,
    pub vigil_f1: Option<f64>,
    pub vigil_best_f1: Option<f64>,
    pub vigil_exact_one_share: Option<f64>,
    pub peer_f1: Option<f64>,
    pub peer_best_f1: Option<f64>,
    pub peer_exact_one_share: Option<f64>,
}

/// Everything `vigil screen eval` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub file: String,
    pub format: PairFormat,
    pub all: Evaluation,
    pub tune: Evaluation,
    pub held_out: Evaluation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peer: Option<PeerComparison>,
}

/// Confusion counts at a threshold: (true positives, false positives, false negatives).
fn counts(pairs: &[(bool, f64)], t: f64) -> (f64, f64, f64) {
    let mut c = (0.0, 0.0, 0.0);
    for &(m, s) in pairs {
        match (m, s >= t) {
            (true, true) => c.0 += 1.0,
            (false, true) => c.1 += 1.0,
            (true, false) => c.2 += 1.0,
            (false, false) => {}
        }
    }
    c
}

/// Precision, recall and F1 from confusion counts.
pub fn rates(tp: f64, fp: f64, fneg: f64) -> (Option<f64>, Option<f64>, Option<f64>) {
    let precision = (tp + fp > 0.0).then(|| tp / (tp + fp));
    let recall = (tp + fneg > 0.0).then(|| tp / (tp + fneg));
    let f1 = match (precision, recall) {
        (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
        (Some(_), Some(_)) => Some(0.0),
        (None, Some(_)) => Some(0.0),
        _ => None,
    };
    (precision, recall, f1)
}

/// The threshold over the observed scores that gives the best F1, and that F1.
pub fn best_threshold(pairs: &[(bool, f64)], default: f64) -> (f64, Option<f64>) {
    let (tp, fp, fneg) = counts(pairs, default);
    let mut best = (default, rates(tp, fp, fneg).2);
    let mut cuts: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    cuts.sort_by(f64::total_cmp);
    cuts.dedup();
    for t in cuts {
        let (tp, fp, fneg) = counts(pairs, t);
        let f = rates(tp, fp, fneg).2;
        if f.unwrap_or(-1.0) > best.1.unwrap_or(-1.0) {
            best = (t, f);
        }
    }
    best
}

fn exact_one_share(scores: &[f64]) -> Option<f64> {
    (!scores.is_empty())
        .then(|| scores.iter().filter(|s| **s >= 1.0).count() as f64 / scores.len() as f64)
}

fn read_err(file: &str, line: u64, message: impl Into<String>) -> SanctionsError {
    SanctionsError::Read {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

fn kind_of(schema: &str) -> Option<Kind> {
    match schema.trim().to_ascii_lowercase().as_str() {
        "" | "person" => Some(Kind::Person),
        "company" | "organization" | "organisation" | "legalentity" | "publicbody" => {
            Some(Kind::Company)
        }
        "vessel" => Some(Kind::Vessel),
        "airplane" => Some(Kind::Airplane),
        _ => None,
    }
}

fn truth(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" => Some(true),
        "0" | "false" | "no" => Some(false),
        _ => None,
    }
}

fn score(a: &str, b: &str, kind: Kind) -> f64 {
    let s = compare(&analyse(a, kind), &analyse(b, kind)).score;
    // + 0.0 turns a rounded -0.0 into 0.0.
    (s * 1000.0).round() / 1000.0 + 0.0
}

/// A labelled pair as read, before scoring.
struct Labelled {
    line: u64,
    a: String,
    b: String,
    kind: Kind,
    is_match: bool,
    part_key: String,
}

/// Reads labelled pairs in any of the [`PairFormat`]s and scores them.
pub fn read_pairs(path: &Path) -> Result<(PairFormat, Vec<Pair>), SanctionsError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| SanctionsError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let first = text
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches('\u{feff}');
    let (format, labelled) = if first.starts_with("hangul\t") {
        (PairFormat::Korean, korean(&file, &text)?)
    } else {
        let mut r = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let header = r
            .headers()
            .map_err(|e| read_err(&file, 1, e.to_string()))?
            .clone();
        let col = |n: &str| {
            header
                .iter()
                .position(|h| h.trim_start_matches('\u{feff}') == n)
        };
        let (format, a, b, m, schema) = match (col("name_a"), col("name1")) {
            (Some(a), _) => (
                PairFormat::Vigil,
                a,
                col("name_b"),
                col("match"),
                col("schema"),
            ),
            (None, Some(a)) => (
                PairFormat::NameBench,
                a,
                col("name2"),
                col("is_match"),
                col("schema"),
            ),
            _ => {
                return Err(read_err(
                    &file,
                    1,
                    "expected a header name_a,name_b,match[,schema], nomenklatura's \
                     case_group,schema,name1,name2,is_match,... or hangul<TAB>mccune_reischauer",
                ));
            }
        };
        let (Some(b), Some(m)) = (b, m) else {
            return Err(read_err(
                &file,
                1,
                "the header lacks the second name or the match column",
            ));
        };
        let mut out = Vec::new();
        for (i, rec) in r.records().enumerate() {
            let line = rec
                .as_ref()
                .ok()
                .and_then(|r| r.position())
                .map(|p| p.line())
                .unwrap_or(i as u64 + 2);
            let rec = rec.map_err(|e| read_err(&file, line, e.to_string()))?;
            let get = |c: usize| rec.get(c).unwrap_or("");
            let is_match = truth(get(m)).ok_or_else(|| {
                read_err(&file, line, format!("match: {:?} is not 1 or 0", get(m)))
            })?;
            let s = schema.map(get).unwrap_or("");
            let kind = kind_of(s).ok_or_else(|| {
                read_err(
                    &file,
                    line,
                    format!("schema: {s:?} is not person, company, organization or vessel"),
                )
            })?;
            let (a, b) = (get(a).to_string(), get(b).to_string());
            out.push(Labelled {
                line,
                part_key: format!("{a}\u{1f}{b}"),
                a,
                b,
                kind,
                is_match,
            });
        }
        (format, out)
    };
    let pairs = labelled
        .into_iter()
        .map(|l| Pair {
            line: l.line,
            score: score(&l.a, &l.b, l.kind),
            part: Part::of(&l.part_key),
            a: l.a,
            b: l.b,
            is_match: l.is_match,
        })
        .collect();
    Ok((format, pairs))
}

/// Korean names: a positive per row, and a negative pairing the Hangul name with the next
/// row (cyclically) of the same Hangul surname whose romanised name differs.
fn korean(file: &str, text: &str) -> Result<Vec<Labelled>, SanctionsError> {
    let mut rows: Vec<(u64, String, String)> = Vec::new();
    for (i, l) in text.lines().enumerate().skip(1) {
        let line = i as u64 + 1;
        if l.trim().is_empty() {
            continue;
        }
        let mut f = l.split('\t');
        let (Some(h), Some(r)) = (f.next(), f.next()) else {
            return Err(read_err(file, line, "expected hangul<TAB>romanised name"));
        };
        let (h, r) = (h.trim(), r.trim());
        if h.is_empty() || r.is_empty() {
            return Err(read_err(file, line, "an empty name"));
        }
        rows.push((line, h.to_string(), r.to_string()));
    }
    let mut by_surname: HashMap<char, Vec<usize>> = HashMap::new();
    for (i, (_, h, _)) in rows.iter().enumerate() {
        if let Some(c) = h.chars().next() {
            by_surname.entry(c).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for (i, (line, h, r)) in rows.iter().enumerate() {
        out.push(Labelled {
            line: *line,
            a: h.clone(),
            b: r.clone(),
            kind: Kind::Person,
            is_match: true,
            part_key: h.clone(),
        });
        let Some(same) = h.chars().next().and_then(|c| by_surname.get(&c)) else {
            continue;
        };
        let at = same.iter().position(|&j| j == i).unwrap_or(0);
        let other = (1..same.len())
            .map(|k| &rows[same[(at + k) % same.len()]])
            .find(|(_, oh, or)| oh != h && !or.eq_ignore_ascii_case(r));
        if let Some((_, _, or)) = other {
            out.push(Labelled {
                line: *line,
                a: h.clone(),
                b: or.clone(),
                kind: Kind::Person,
                is_match: false,
                part_key: h.clone(),
            });
        }
    }
    Ok(out)
}

/// Rates at `threshold`, the best threshold over the observed scores, and the grading.
pub fn evaluate(pairs: &[Pair], threshold: f64) -> Evaluation {
    let scored: Vec<(bool, f64)> = pairs.iter().map(|p| (p.is_match, p.score)).collect();
    let (tp, fp, fneg) = counts(&scored, threshold);
    let (precision, recall, f1) = rates(tp, fp, fneg);
    let (best_threshold, best_f1) = best_threshold(&scored, threshold);
    let scores: Vec<f64> = pairs.iter().map(|p| p.score).collect();
    Evaluation {
        pairs: pairs.len(),
        positives: pairs.iter().filter(|p| p.is_match).count(),
        threshold,
        precision,
        recall,
        f1,
        best_threshold,
        best_f1,
        exact_one_share: exact_one_share(&scores),
        histogram: Histogram::of(scores),
        errors: pairs
            .iter()
            .filter(|p| p.is_match != (p.score >= threshold))
            .cloned()
            .collect(),
    }
}

/// The full report: all pairs, each part, and the peer's frozen scores when given.
pub fn report(path: &Path, threshold: f64, peer: Option<&Path>) -> Result<Report, SanctionsError> {
    let (format, pairs) = read_pairs(path)?;
    let part = |p: Part| -> Vec<Pair> { pairs.iter().filter(|x| x.part == p).cloned().collect() };
    let peer = peer
        .map(|p| compare_peer(p, &pairs, threshold))
        .transpose()?;
    Ok(Report {
        file: path.display().to_string(),
        format,
        all: evaluate(&pairs, threshold),
        tune: evaluate(&part(Part::Tune), threshold),
        held_out: evaluate(&part(Part::HeldOut), threshold),
        peer,
    })
}

/// Reads a peer's frozen scores (nomenklatura's `run_data/*.csv`: name1, name2, is_match,
/// score, predicted_match) and compares them with vigil's on the shared pairs.
fn compare_peer(
    path: &Path,
    pairs: &[Pair],
    threshold: f64,
) -> Result<PeerComparison, SanctionsError> {
    let file = path.display().to_string();
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| SanctionsError::Input(format!("{file}: {e}")))?;
    let header = r
        .headers()
        .map_err(|e| read_err(&file, 1, e.to_string()))?
        .clone();
    let col = |n: &str| header.iter().position(|h| h == n);
    let (Some(a), Some(b), Some(m), Some(s), Some(p)) = (
        col("name1"),
        col("name2"),
        col("is_match"),
        col("score"),
        col("predicted_match"),
    ) else {
        return Err(read_err(
            &file,
            1,
            "expected the columns name1, name2, is_match, score and predicted_match",
        ));
    };
    // (a, b, label) → (score, predicted)
    let mut peer: HashMap<(String, String, bool), (f64, bool)> = HashMap::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| SanctionsError::Input(format!("{file}: {e}")))?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let get = |c: usize| rec.get(c).unwrap_or("");
        let label = truth(get(m))
            .ok_or_else(|| read_err(&file, line, format!("is_match: {:?}", get(m))))?;
        let score: f64 = get(s)
            .trim()
            .parse()
            .map_err(|_| read_err(&file, line, format!("score: {:?} is not a number", get(s))))?;
        let predicted = truth(get(p))
            .ok_or_else(|| read_err(&file, line, format!("predicted_match: {:?}", get(p))))?;
        peer.insert(
            (get(a).to_string(), get(b).to_string(), label),
            (score, predicted),
        );
    }
    let figures = |part: Part| {
        let mut vigil = Vec::new();
        let mut theirs = Vec::new();
        let mut decided = (0.0, 0.0, 0.0);
        for x in pairs.iter().filter(|x| x.part == part) {
            let Some(&(score, predicted)) = peer.get(&(x.a.clone(), x.b.clone(), x.is_match))
            else {
                continue;
            };
            vigil.push((x.is_match, x.score));
            theirs.push((x.is_match, score));
            match (x.is_match, predicted) {
                (true, true) => decided.0 += 1.0,
                (false, true) => decided.1 += 1.0,
                (true, false) => decided.2 += 1.0,
                _ => {}
            }
        }
        let (tp, fp, fneg) = counts(&vigil, threshold);
        let scores = |v: &[(bool, f64)]| v.iter().map(|x| x.1).collect::<Vec<_>>();
        PeerFigures {
            pairs: vigil.len(),
            vigil_f1: rates(tp, fp, fneg).2,
            vigil_best_f1: best_threshold(&vigil, threshold).1,
            vigil_exact_one_share: exact_one_share(&scores(&vigil)),
            peer_f1: rates(decided.0, decided.1, decided.2).2,
            peer_best_f1: best_threshold(&theirs, threshold).1,
            peer_exact_one_share: exact_one_share(&scores(&theirs)),
        }
    };
    let (tune, held_out) = (figures(Part::Tune), figures(Part::HeldOut));
    let peer_name = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    Ok(PeerComparison {
        peer: peer_name,
        shared: tune.pairs + held_out.pairs,
        tune,
        held_out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: f64, m: bool) -> Pair {
        Pair {
            line: 0,
            a: String::new(),
            b: String::new(),
            is_match: m,
            score: s,
            part: Part::Tune,
        }
    }

    #[test]
    fn rates_and_best_threshold() {
        let e = evaluate(
            &[p(0.9, true), p(0.85, false), p(0.7, true), p(0.2, false)],
            0.8,
        );
        assert_eq!(e.precision, Some(0.5));
        assert_eq!(e.recall, Some(0.5));
        assert_eq!(e.errors.len(), 2);
        // At 0.7 both matches pass and one non-match: F1 = 0.8.
        assert_eq!(e.best_threshold, 0.7);
        assert!((e.best_f1.unwrap() - 0.8).abs() < 1e-9);
    }

    #[test]
    fn grading_counts_exact_ones_apart() {
        let e = evaluate(
            &[p(1.0, true), p(0.95, true), p(0.05, false), p(1.0, false)],
            0.8,
        );
        assert_eq!(e.exact_one_share, Some(0.5));
        assert_eq!(e.histogram.exact_one, 2);
        assert_eq!(e.histogram.bins[9], 1);
        assert_eq!(e.histogram.bins[0], 1);
    }

    #[test]
    fn the_split_is_stable_and_roughly_even() {
        let n = 2000;
        let tune = (0..n)
            .filter(|i| Part::of(&format!("name {i}")) == Part::Tune)
            .count();
        assert!((900..1100).contains(&tune), "{tune}");
        assert_eq!(
            Part::of("Kim Jong Un\u{1f}김정은"),
            Part::of("Kim Jong Un\u{1f}김정은")
        );
    }

    #[test]
    fn korean_rows_give_a_positive_and_a_same_surname_negative() {
        let text =
            "hangul\tmccune_reischauer\n김정은\tKim Chŏngŭn\n김일성\tKim Ilsŏng\n박철\tPak Ch'ŏl\n";
        let l = korean("k.tsv", text).unwrap();
        let pos: Vec<_> = l.iter().filter(|x| x.is_match).collect();
        let neg: Vec<_> = l.iter().filter(|x| !x.is_match).collect();
        assert_eq!(pos.len(), 3);
        // 박철 has no other Pak: no negative for it.
        assert_eq!(neg.len(), 2);
        assert!(neg.iter().any(|x| x.a == "김정은" && x.b == "Kim Ilsŏng"));
        assert!(neg.iter().all(|x| x.part_key == x.a));
        assert!(korean("k.tsv", "hangul\tmccune_reischauer\n김정은\n").is_err());
    }
}
