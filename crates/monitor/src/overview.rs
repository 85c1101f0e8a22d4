//! The five standing questions at a glance: for each monitor of the watchlist in force,
//! its stored alerts by severity, the latest of them, and the events its definition
//! accepted per watched country or pair and period (sparklines). The dashboard's first
//! page; one library call.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use vigil_store::Store;

use crate::engine::{SubjectSeries, evaluate};
use crate::{AlertLog, Config, MonitorError, Scope};

/// One monitor at a glance.
#[derive(Debug, Clone, Serialize)]
pub struct MonitorOverview {
    pub monitor: String,
    /// Stored alerts by severity (low, medium, high).
    pub severity: BTreeMap<String, usize>,
    /// The latest stored alerts (newest period first), as the API lists them.
    pub latest: Vec<serde_json::Value>,
    /// First day of each period of `series`.
    pub period_starts: Vec<String>,
    /// Events accepted per subject and period.
    pub series: Vec<SubjectSeries>,
}

/// The overview of a store under the watchlist in force.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    /// Where the watchlist came from.
    pub watchlist: String,
    pub monitors: Vec<MonitorOverview>,
}

/// The five monitors, in the order of the standing questions.
pub const MONITORS: [&str; 5] = [
    "escalation",
    "sanctions",
    "collaboration",
    "proliferation",
    "alliances",
];

/// Evaluates the watchlist over the store (for the series) and reads the alert log (for
/// the alerts), keeping `latest` alerts per monitor.
pub async fn overview(
    store: &Store,
    data_dir: &Path,
    latest: usize,
) -> Result<Overview, MonitorError> {
    let (cfg, origin) = Config::in_force(data_dir, None)?;
    let eval = evaluate(store, &cfg, &Scope::All).await?;
    let log = AlertLog::read(data_dir)?;
    let mut monitors = Vec::new();
    for name in MONITORS {
        let run = eval.runs.iter().find(|r| r.monitor == name);
        let stored = log.list(None, Some(name));
        let mut severity: BTreeMap<String, usize> = ["low", "medium", "high"]
            .into_iter()
            .map(|s| (s.to_string(), 0))
            .collect();
        for a in &stored {
            *severity.entry(a.severity.name().to_string()).or_default() += 1;
        }
        monitors.push(MonitorOverview {
            monitor: name.to_string(),
            severity,
            latest: stored
                .iter()
                .rev()
                .take(latest)
                .map(|a| a.public_json())
                .collect(),
            period_starts: run.map(|r| r.period_starts.clone()).unwrap_or_default(),
            series: run.map(|r| r.series.clone()).unwrap_or_default(),
        });
    }
    Ok(Overview {
        watchlist: origin,
        monitors,
    })
}
