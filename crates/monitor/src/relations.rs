//! The relations questions as library calls, one each, returning plain typed results
//! that the CLI prints and a service serialises: a dyad's series with its change points,
//! anomalies and their evidence ([`dyad_report`]), and the alignment network's blocs and
//! their comparison across two windows ([`bloc_report`]).
//!
//! They read the store and run `vigil-analytics`; they print nothing. Their JSON (serde)
//! is what `vigil dyad --format json` and `vigil blocs --format json` print.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use vigil_analytics::blocs::{Bloc, Partition, Tie, blocs, moved, undirected};
use vigil_analytics::dyad::{DyadPoint, series};
use vigil_analytics::{anomaly, changepoint};
use vigil_model::Iso3;
use vigil_model::date::{days_from_ymd, format_iso, parse_iso};
use vigil_store::Store;
use vigil_store::query::EventRecord;

use crate::MonitorError;

/// The vocabulary of the questions, for callers that pose them (the CLI, a service).
pub use vigil_analytics::blocs::Partition as BlocPartition;
pub use vigil_analytics::dyad::{Direction, Freq, sparkline};

/// What to compute for a dyad.
#[derive(Debug, Clone)]
pub struct DyadQuery {
    pub a: Iso3,
    pub b: Iso3,
    /// First day (days since 1970-01-01); `None`: the dyad's first event.
    pub from: Option<i32>,
    /// Last day, inclusive; `None`: the dyad's last event.
    pub to: Option<i32>,
    pub freq: Freq,
    pub direction: Direction,
    /// Anomalies: periods of the baseline window.
    pub anomaly_window: usize,
    /// Anomalies: robust z-score at or above which a period is flagged.
    pub anomaly_threshold: f64,
    /// Events shown behind each anomalous period.
    pub evidence_per_anomaly: usize,
    /// Only events of these sources (all when empty).
    pub sources: Vec<vigil_model::Source>,
}

impl DyadQuery {
    /// The defaults of `vigil dyad`: monthly, both directions, a 6-period window, z ≥ 3.5,
    /// three events per anomaly.
    pub fn new(a: Iso3, b: Iso3) -> DyadQuery {
        DyadQuery {
            a,
            b,
            from: None,
            to: None,
            freq: Freq::Month,
            direction: Direction::Both,
            anomaly_window: 6,
            anomaly_threshold: 3.5,
            evidence_per_anomaly: 3,
            sources: Vec::new(),
        }
    }
}

/// A change in the mean of an index (PELT, penalty 2 ln n).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The first period at the new level.
    pub period: String,
    /// Position of that period in the series.
    #[serde(skip)]
    pub index: usize,
    pub before: f64,
    pub after: f64,
    /// |after − before| in noise units; `None` for an exact step in a noiseless series.
    pub strength: Option<f64>,
}

/// The change points of both indices.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangePoints {
    pub cooperation_index: Vec<Change>,
    pub conflict_index: Vec<Change>,
}

/// A period whose event count stands out against the previous ones, with the events
/// behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnomalousPeriod {
    pub period: String,
    /// Position of the period in the series.
    #[serde(skip)]
    pub index: usize,
    /// Dyad events in the period.
    pub events: f64,
    /// Median of the window before.
    pub baseline: f64,
    /// Robust z-score.
    pub z: f64,
    /// The most reported events of the period.
    pub top_events: Vec<EventRecord>,
}

/// A dyad's series and what stands out in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DyadReport {
    pub a: Iso3Str,
    pub b: Iso3Str,
    /// YYYY-MM-DD.
    pub from: String,
    pub to: String,
    pub points: Vec<DyadPoint>,
    pub change_points: ChangePoints,
    pub anomalies: Vec<AnomalousPeriod>,
}

impl DyadReport {
    /// Both indices over time with change points and anomalous periods marked, as a
    /// self-contained SVG (text escaped): what `vigil dyad --chart` writes and the
    /// dashboard shows.
    pub fn chart(&self) -> String {
        let mut marks: Vec<(usize, String)> = Vec::new();
        for (label, list) in [
            ("cooperation", &self.change_points.cooperation_index),
            ("conflict", &self.change_points.conflict_index),
        ] {
            marks.extend(
                list.iter()
                    .map(|c| (c.index, format!("{label} {}", c.period))),
            );
        }
        let marks: Vec<(usize, &str)> = marks.iter().map(|(i, l)| (*i, l.as_str())).collect();
        let flagged: Vec<usize> = self.anomalies.iter().map(|a| a.index).collect();
        let title = format!(
            "{}–{}: cooperation and conflict indices, {} to {}",
            self.a, self.b, self.from, self.to
        );
        vigil_report::svg::dyad_chart(&title, &self.points, &marks, &flagged)
    }
}

/// Periods a dyad series may hold (about 27 years of days, 190 of weeks).
pub const MAX_PERIODS: i64 = 10_000;

/// A country code as it is serialised ("PRK").
pub type Iso3Str = String;

fn query_err(e: impl std::fmt::Display) -> MonitorError {
    MonitorError::Query(e.to_string())
}

/// The dyad's series over the query's range, with change points of both indices and
/// anomalous periods with their most reported events. `Ok(None)` when the store holds no
/// event between the two and no range was given.
pub async fn dyad_report(store: &Store, q: &DyadQuery) -> Result<Option<DyadReport>, MonitorError> {
    // One aggregate query: over the given range, or over all time to find the dyad's span.
    let lo = days_from_ymd(1, 1, 1).unwrap_or(i32::MIN / 2);
    let hi = days_from_ymd(9999, 12, 31).unwrap_or(i32::MAX / 2);
    let (qf, qt) = (q.from.unwrap_or(lo).max(lo), q.to.unwrap_or(hi).min(hi));
    let (ca, cb) = (q.a.as_str(), q.b.as_str());
    let days = store
        .dyad_days(ca, cb, qf, qt, &q.sources)
        .await
        .map_err(query_err)?;
    let with_events = || {
        days.iter()
            .filter(|d| d.ab.iter().chain(d.ba.iter()).sum::<u64>() > 0)
            .map(|d| d.day)
    };
    let (Some(from), Some(to)) = (
        q.from.or_else(|| with_events().min()),
        q.to.or_else(|| with_events().max()),
    ) else {
        return Ok(None);
    };
    if from > to {
        return Err(MonitorError::Query(format!(
            "--from {} is after --to {}",
            format_iso(from),
            format_iso(to)
        )));
    }
    // A row per period, empty ones too: a range of centuries by day would be millions.
    let span = i64::from(to) - i64::from(from) + 1;
    let periods = match q.freq {
        Freq::Day => span,
        Freq::Week => span / 7,
        Freq::Month => span / 28,
    };
    if periods > MAX_PERIODS {
        return Err(MonitorError::Range(format!(
            "{} to {} holds {periods} periods; at most {MAX_PERIODS} (narrow the range, or ask for longer periods)",
            format_iso(from),
            format_iso(to)
        )));
    }
    let points = series(&days, from, to, q.freq, q.direction);
    let coop: Vec<f64> = points.iter().map(|p| p.cooperation_index).collect();
    let conf: Vec<f64> = points.iter().map(|p| p.conflict_index).collect();
    let changes = |values: &[f64]| -> Vec<Change> {
        changepoint::pelt(values, None, 2)
            .into_iter()
            .map(|c| Change {
                period: points[c.index].period.clone(),
                index: c.index,
                before: c.before,
                after: c.after,
                strength: c.strength.is_finite().then_some(c.strength),
            })
            .collect()
    };
    let change_points = ChangePoints {
        cooperation_index: changes(&coop),
        conflict_index: changes(&conf),
    };
    let counts: Vec<f64> = points.iter().map(|p| p.events as f64).collect();
    let flagged = anomaly::robust_z(&counts, q.anomaly_window, q.anomaly_threshold);
    let periods: Vec<(i32, i32)> = flagged
        .iter()
        .map(|an| {
            let start = parse_iso(&points[an.index].period).unwrap_or(from);
            (start.max(from), (q.freq.next(start) - 1).min(to))
        })
        .collect();
    let evidence = store
        .top_dyad_events(
            q.a,
            q.b,
            q.direction.sides(),
            &periods,
            q.evidence_per_anomaly,
            &q.sources,
        )
        .await
        .map_err(query_err)?;
    let anomalies = flagged
        .iter()
        .enumerate()
        .map(|(k, an)| AnomalousPeriod {
            period: points[an.index].period.clone(),
            index: an.index,
            events: an.value,
            baseline: an.baseline,
            z: an.z,
            top_events: evidence
                .iter()
                .filter(|(p, _)| *p == k)
                .map(|(_, e)| e.clone())
                .collect(),
        })
        .collect();
    Ok(Some(DyadReport {
        a: ca.to_string(),
        b: cb.to_string(),
        from: format_iso(from),
        to: format_iso(to),
        points,
        change_points,
        anomalies,
    }))
}

/// The alignment network over a window and, optionally, another to compare it with.
#[derive(Debug, Clone)]
pub struct BlocQuery {
    /// First window, inclusive days; `None` for open ends.
    pub window: (Option<i32>, Option<i32>),
    /// Second window to compare with.
    pub compare: Option<(Option<i32>, Option<i32>)>,
    /// Pairs with fewer events between them are left out.
    pub min_events: u64,
    /// Only events of these sources (all when empty).
    pub sources: Vec<vigil_model::Source>,
}

/// A tie whose weight changed between the windows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TieChange {
    pub a: String,
    pub b: String,
    /// Weight in the second window minus weight in the first.
    pub change: f64,
}

/// A country in a different bloc in the second window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    pub country: String,
    pub from_bloc: usize,
    pub to_bloc: usize,
}

/// The second window and what changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub blocs: Vec<Bloc>,
    pub modularity: f64,
    pub moved: Vec<Move>,
    /// Up to ten ties that strengthened most, strongest change first.
    pub strengthened: Vec<TieChange>,
    /// Up to ten ties that weakened most, strongest change first.
    pub weakened: Vec<TieChange>,
}

/// Blocs of the first window and the comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlocReport {
    pub blocs: Vec<Bloc>,
    pub modularity: f64,
    /// Countries in the network.
    pub countries: usize,
    pub compare: Option<Comparison>,
    /// The first window's partition (for charts).
    #[serde(skip)]
    pub partition: Partition,
}

impl BlocReport {
    /// The first window's blocs as an SVG node-link chart (what `vigil blocs --chart`
    /// writes and the dashboard shows); `window` names the window in its title.
    pub fn chart(&self, window: &str) -> String {
        vigil_report::svg::bloc_chart(
            &format!("Blocs by net cooperation, {window}"),
            &self.partition,
        )
    }
}

/// The blocs by net cooperation in the query's window, and their comparison with the
/// second window when one is given.
pub async fn bloc_report(store: &Store, q: &BlocQuery) -> Result<BlocReport, MonitorError> {
    let network = async |(from, to): (Option<i32>, Option<i32>)| {
        let ties: Vec<Tie> =
            undirected(&store.ties(from, to, &q.sources).await.map_err(query_err)?)
                .into_iter()
                .filter(|t| t.cooperation + t.conflict >= q.min_events)
                .collect();
        let p = blocs(&ties);
        Ok::<_, MonitorError>((ties, p))
    };
    let (ties1, p1) = network(q.window).await?;
    let compare = match q.compare {
        None => None,
        Some(w) => {
            let (ties2, p2) = network(w).await?;
            Some(compare(&ties1, &p1, &ties2, p2))
        }
    };
    Ok(BlocReport {
        blocs: p1.blocs.clone(),
        modularity: p1.modularity,
        countries: p1.blocs.iter().map(|b| b.members.len()).sum(),
        compare,
        partition: p1,
    })
}

fn compare(ties1: &[Tie], p1: &Partition, ties2: &[Tie], p2: Partition) -> Comparison {
    let weights = |ties: &[Tie]| -> BTreeMap<(String, String), f64> {
        ties.iter()
            .map(|t| ((t.a.clone(), t.b.clone()), t.weight()))
            .collect()
    };
    let (w1, w2) = (weights(ties1), weights(ties2));
    let keys: BTreeSet<_> = w1.keys().chain(w2.keys()).cloned().collect();
    let mut changes: Vec<TieChange> = keys
        .into_iter()
        .map(|(a, b)| {
            let k = (a, b);
            let d = w2.get(&k).copied().unwrap_or(0.0) - w1.get(&k).copied().unwrap_or(0.0);
            TieChange {
                a: k.0,
                b: k.1,
                change: d,
            }
        })
        .filter(|c| c.change != 0.0)
        .collect();
    changes.sort_by(|x, y| {
        y.change
            .total_cmp(&x.change)
            .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
    });
    let strengthened = changes
        .iter()
        .filter(|c| c.change > 0.0)
        .take(10)
        .cloned()
        .collect();
    let weakened = changes
        .iter()
        .rev()
        .filter(|c| c.change < 0.0)
        .take(10)
        .cloned()
        .collect();
    let moved = moved(p1, &p2)
        .into_iter()
        .map(|(country, from_bloc, to_bloc)| Move {
            country,
            from_bloc,
            to_bloc,
        })
        .collect();
    Comparison {
        blocs: p2.blocs,
        modularity: p2.modularity,
        moved,
        strengthened,
        weakened,
    }
}
