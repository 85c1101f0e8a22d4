//! Alerts and the alert log (`alerts/alerts.json` in the data directory).
//!
//! An alert's id names its condition: monitor, subject and first day of the period
//! (`escalation:PRK:2024-10-28`). Evaluating again gives the same id, so the log keeps one
//! alert per condition and period: a re-evaluation with more data updates it (new
//! revision) instead of repeating it. The log is rewritten atomically (temporary file,
//! fsync, rename) under `alerts/LOCK`, and alerts are never removed from it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::MonitorError;

/// How serious an alert is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// At or above the threshold.
    #[default]
    Low,
    /// At or above `medium`.
    Medium,
    /// At or above `high`.
    High,
}

impl Severity {
    /// Severity of a score against the three cut points.
    pub fn of(score: f64, medium: f64, high: f64) -> Severity {
        if score >= high {
            Severity::High
        } else if score >= medium {
            Severity::Medium
        } else {
            Severity::Low
        }
    }

    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

/// Days an alert covers, inclusive (YYYY-MM-DD).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// First day.
    pub start: String,
    /// Last day.
    pub end: String,
}

/// One event behind an alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// `driver`: an event the monitor counted; `reaction`: a neighbour's event toward the
    /// pair (collaboration); `change`: a dyad event at the new level after an index rose;
    /// `before`: a dyad event at the level that ended when an index fell; `bloc`: a
    /// cooperative event with the new bloc of a country that moved.
    pub kind: String,
    /// The store's event id.
    pub event_id: String,
    /// Day of the event.
    pub date: String,
    /// Source dataset (gdelt1, gdelt2, curated, ...).
    pub source: String,
    /// Actor 1's CAMEO code.
    pub actor1: Option<String>,
    /// Actor 1's country.
    pub actor1_country: Option<String>,
    /// Actor 2's CAMEO code.
    pub actor2: Option<String>,
    /// Actor 2's country.
    pub actor2_country: Option<String>,
    /// CAMEO event code.
    pub event_code: String,
    /// Its name in the CAMEO codebook.
    pub event_name: String,
    /// Quad class 1-4.
    pub quad_class: Option<i32>,
    /// Mentions in the source (GDELT), if known.
    pub num_mentions: Option<i64>,
    /// Article address, if known.
    pub url: Option<String>,
    /// The coded sentence, if known.
    pub sentence: Option<String>,
    /// Why the event satisfies the monitor's definition.
    pub why: String,
    /// The real-world event this row reports, with every report of it: evidence cites one
    /// row per cluster (see `vigil_analytics::cluster`). Absent in logs written before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<ClusterInfo>,
}

/// The reports behind one evidence event: its cluster (same countries either way round,
/// same CAMEO root, days chained by gaps of at most one day).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterInfo {
    /// First and last day of its reports (YYYY-MM-DD).
    pub first: String,
    pub last: String,
    /// Rows reporting it.
    pub reports: u64,
    /// Distinct source addresses (URLs) among them.
    pub sources: u64,
    /// Articles they stand for, where the dataset says (GDELT).
    pub articles: u64,
    /// Datasets holding it.
    pub datasets: Vec<String>,
}

impl ClusterInfo {
    /// From a store cluster.
    pub fn of(c: &vigil_analytics::cluster::Cluster) -> ClusterInfo {
        ClusterInfo {
            first: vigil_model::date::format_iso(c.first),
            last: vigil_model::date::format_iso(c.last),
            reports: c.reports,
            sources: c.sources,
            articles: c.articles,
            datasets: c.datasets.clone(),
        }
    }
}

/// One alert.
/// The detectors fill the finding and leave the rest `Default`: evidence is added after,
/// and the bookkeeping (`first_seen` onward) belongs to the [`AlertLog`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// Monitor, subject and period start: `escalation:PRK:2024-10-28`.
    pub id: String,
    /// escalation, sanctions, collaboration, proliferation or alliances: the standing
    /// question it answers (for a tripwire, the first of its rule's questions).
    pub monitor: String,
    /// The other standing questions it answers (a tripwire rule may name several).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
    /// The tripwire rule that raised it; absent for a monitor's alert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tripwire: Option<String>,
    /// In a replayed backtest: the day a live run, seeing only events dated up to that
    /// day, would first have raised it (YYYY-MM-DD). Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raised: Option<String>,
    /// The countries the alert is about.
    pub countries: Vec<String>,
    /// The period it covers.
    pub period: Period,
    /// How far the period is from its baseline (see the monitor's definition).
    pub score: f64,
    /// What was observed: counted events (event monitors) or the index after a change.
    pub observed: f64,
    /// What the baseline led to expect: events, or the index before a change.
    pub baseline: f64,
    /// low, medium or high.
    pub severity: Severity,
    /// One sentence for a human.
    pub summary: String,
    /// The events that drove it, most reported first.
    pub evidence: Vec<Evidence>,
    /// When the alert was first raised (UTC, RFC 3339).
    #[serde(default)]
    pub first_seen: String,
    /// When it last changed.
    #[serde(default)]
    pub updated: String,
    /// 1 when raised; +1 each time a re-evaluation changes it.
    #[serde(default)]
    pub revision: u32,
    /// The log's change counter when this alert was last stored (new or changed): it
    /// only grows, so "everything after N" is what a client that last saw N missed (the
    /// event id of `GET /api/v1/alerts/stream`). 0 in logs written before it existed.
    #[serde(default)]
    pub seq: u64,
    /// Targets it still has to be delivered to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<String>,
    /// Targets it was delivered to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delivered: Vec<String>,
}

impl Alert {
    /// When the alert signalled: in a replay, the day it would have been raised; else the
    /// first day an evidence event of the monitor's own (not a reaction, nor the level
    /// before a fall) was seen, or the period start.
    pub fn signal_date(&self) -> String {
        if let Some(r) = &self.raised {
            return r.clone();
        }
        self.evidence
            .iter()
            .filter(|e| e.kind != "reaction" && e.kind != "before")
            .map(|e| e.date.clone())
            .min()
            .unwrap_or_else(|| self.period.start.clone())
    }

    /// Whether it answers the standing question `monitor`.
    pub fn answers(&self, monitor: &str) -> bool {
        self.monitor == monitor || self.also.iter().any(|m| m == monitor)
    }

    /// The alert as sent to notification targets: without the delivery bookkeeping.
    pub fn public_json(&self) -> serde_json::Value {
        let mut v = serde_json::to_value(self).expect("alerts serialise");
        if let Some(o) = v.as_object_mut() {
            o.remove("pending");
            o.remove("delivered");
        }
        v
    }

    fn same_condition_values(&self, other: &Alert) -> bool {
        let ids = |a: &Alert| {
            a.evidence
                .iter()
                .map(|e| e.event_id.clone())
                .collect::<Vec<_>>()
        };
        (self.score - other.score).abs() < 1e-9
            && (self.observed - other.observed).abs() < 1e-9
            && (self.baseline - other.baseline).abs() < 1e-9
            && self.severity == other.severity
            && ids(self) == ids(other)
    }
}

/// What merging an evaluation into the log did.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct MergeReport {
    /// Ids of alerts raised for the first time.
    pub new: Vec<String>,
    /// Ids of alerts whose figures or evidence changed.
    pub updated: Vec<String>,
    /// Alerts evaluated again with nothing changed.
    pub unchanged: usize,
}

/// The alert log, held under its lock while open.
pub struct AlertLog {
    path: PathBuf,
    /// Alerts by id.
    pub alerts: BTreeMap<String, Alert>,
    _lock: Option<vigil_datadir::Lock>,
}

impl AlertLog {
    /// Opens the log of the data directory `dir` for writing (waits for the lock).
    pub fn open(dir: &Path) -> Result<AlertLog, MonitorError> {
        let lock_path = vigil_datadir::DataDir::new(dir).alerts_lock();
        let lock = vigil_datadir::Lock::wait(&lock_path).map_err(io(&lock_path))?;
        let mut log = AlertLog::read(dir)?;
        log._lock = Some(lock);
        Ok(log)
    }

    /// Reads the log without locking it (for listing). A missing log is empty.
    pub fn read(dir: &Path) -> Result<AlertLog, MonitorError> {
        let path = vigil_datadir::DataDir::new(dir).alerts();
        let alerts = match fs::read(&path) {
            Ok(bytes) => {
                let list: Vec<Alert> =
                    serde_json::from_slice(&bytes).map_err(|e| MonitorError::Log {
                        path: path.clone(),
                        message: e.to_string(),
                    })?;
                list.into_iter().map(|a| (a.id.clone(), a)).collect()
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(source) => return Err(MonitorError::Io { path, source }),
        };
        Ok(AlertLog {
            path,
            alerts,
            _lock: None,
        })
    }

    /// Merges freshly evaluated alerts: new ones are added, queued for `targets`; known
    /// ones are updated when their figures or evidence changed. Nothing is removed.
    pub fn merge(&mut self, fresh: Vec<Alert>, targets: &[String], now: &str) -> MergeReport {
        let mut report = MergeReport::default();
        let mut seq = self.last_seq();
        for mut a in fresh {
            match self.alerts.get_mut(&a.id) {
                Some(old) if old.same_condition_values(&a) => report.unchanged += 1,
                Some(old) => {
                    a.first_seen = old.first_seen.clone();
                    a.revision = old.revision + 1;
                    a.updated = now.to_string();
                    a.pending = std::mem::take(&mut old.pending);
                    a.delivered = std::mem::take(&mut old.delivered);
                    seq += 1;
                    a.seq = seq;
                    report.updated.push(a.id.clone());
                    *old = a;
                }
                None => {
                    a.first_seen = now.to_string();
                    a.updated = now.to_string();
                    a.revision = 1;
                    a.pending = targets.to_vec();
                    a.delivered.clear();
                    seq += 1;
                    a.seq = seq;
                    report.new.push(a.id.clone());
                    self.alerts.insert(a.id.clone(), a);
                }
            }
        }
        report
    }

    /// The highest change counter in the log (0 when empty).
    pub fn last_seq(&self) -> u64 {
        self.alerts.values().map(|a| a.seq).max().unwrap_or(0)
    }

    /// Alerts stored after change `seq`, in the order they were stored.
    pub fn after(&self, seq: u64) -> Vec<&Alert> {
        let mut v: Vec<&Alert> = self.alerts.values().filter(|a| a.seq > seq).collect();
        v.sort_by_key(|a| a.seq);
        v
    }

    /// Writes the log atomically.
    pub fn save(&self) -> Result<(), MonitorError> {
        let mut list: Vec<&Alert> = self.alerts.values().collect();
        list.sort_by(|a, b| (&a.period.start, &a.id).cmp(&(&b.period.start, &b.id)));
        let mut text = serde_json::to_vec_pretty(&list).map_err(|e| MonitorError::Log {
            path: self.path.clone(),
            message: e.to_string(),
        })?;
        text.push(b'\n');
        vigil_datadir::atomic_write(&self.path, &text).map_err(io(&self.path))
    }

    /// Alerts in period order, optionally from a day on and of one monitor.
    pub fn list(&self, since: Option<&str>, monitor: Option<&str>) -> Vec<&Alert> {
        let mut v: Vec<&Alert> = self
            .alerts
            .values()
            .filter(|a| since.is_none_or(|s| a.period.end.as_str() >= s))
            .filter(|a| monitor.is_none_or(|m| a.answers(m)))
            .collect();
        v.sort_by(|a, b| (&a.period.start, &a.id).cmp(&(&b.period.start, &b.id)));
        v
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> MonitorError + use<> {
    let path = path.to_path_buf();
    move |source| MonitorError::Io { path, source }
}

/// The current time, UTC, as RFC 3339 to the second.
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let day = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        vigil_model::date::format_iso(day as i32),
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(id: &str, score: f64) -> Alert {
        Alert {
            id: id.into(),
            monitor: "escalation".into(),
            countries: vec!["PRK".into()],
            period: Period {
                start: "2024-10-28".into(),
                end: "2024-11-03".into(),
            },
            score,
            observed: 5.0,
            baseline: 1.0,
            severity: Severity::Low,
            summary: "s".into(),
            evidence: vec![],
            also: vec![],
            tripwire: None,
            raised: None,
            first_seen: String::new(),
            updated: String::new(),
            revision: 0,
            seq: 0,
            pending: vec![],
            delivered: vec![],
        }
    }

    #[test]
    fn merging_twice_adds_once_and_updates_changed_figures() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = AlertLog::open(dir.path()).unwrap();
        let targets = vec!["webhook:ops".to_string()];
        let r = log.merge(vec![alert("a", 3.0), alert("b", 4.0)], &targets, "t1");
        assert_eq!(r.new, ["a", "b"]);
        let r = log.merge(vec![alert("a", 3.0), alert("b", 5.0)], &targets, "t2");
        assert!(r.new.is_empty());
        assert_eq!(r.updated, ["b"]);
        assert_eq!(r.unchanged, 1);
        let b = &log.alerts["b"];
        assert_eq!(
            (b.revision, b.first_seen.as_str(), b.updated.as_str()),
            (2, "t1", "t2")
        );
        assert_eq!(b.pending, targets, "an update keeps the pending deliveries");
        log.save().unwrap();
        drop(log);
        let again = AlertLog::read(dir.path()).unwrap();
        assert_eq!(again.alerts.len(), 2);
        assert_eq!(again.alerts["b"].score, 5.0);
        // The change counter orders what a reconnecting client missed.
        assert_eq!((again.alerts["a"].seq, again.alerts["b"].seq), (1, 3));
        let missed: Vec<&str> = again.after(1).iter().map(|a| a.id.as_str()).collect();
        assert_eq!(missed, ["b"]);
        assert!(again.after(again.last_seq()).is_empty());
    }

    #[test]
    fn timestamps_look_like_rfc3339() {
        let t = now_utc();
        assert_eq!(t.len(), 20);
        assert!(t.ends_with('Z') && &t[10..11] == "T", "{t}");
    }
}
