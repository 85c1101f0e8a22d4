//! Calibration: each monitor's threshold chosen on a training span so that its false
//! alarms (alerts matching no episode) stay within a target rate, then scored on a later
//! span it did not see.
//!
//! The watchlist is evaluated once per candidate threshold (every event monitor at one
//! value of [`EVENT_GRID`], the alliances monitor at the same position of
//! [`ALLIANCE_GRID`]; monitors are independent of one another, so one run serves all), with
//! tripwires off (they have no threshold). For each monitor, the chosen threshold is the
//! lowest candidate whose false alarms in the training span, per 30.44 days, are at most
//! the target (the most sensitive setting that keeps the promise); when none does, the
//! highest candidate, and the report says the target was not met. The test span is then
//! backtested with each monitor at its chosen threshold, and, for comparison, at the
//! watchlist's own.

use serde::Serialize;
use vigil_model::date::{format_iso, parse_iso};

use crate::MonitorError;
use crate::alert::Alert;
use crate::backtest::{self, Backtest, Episode};
use crate::config::Config;
use crate::engine::{Mode, Scope, evaluate_as};

/// Candidate thresholds of the event monitors (score: standardised excess over baseline).
pub const EVENT_GRID: [f64; 12] = [
    1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0, 16.0,
];
/// Candidate thresholds of the alliances monitor (shift in noise standard deviations).
pub const ALLIANCE_GRID: [f64; 12] = [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0];

/// Days in an average month, for rates "per month".
const MONTH_DAYS: f64 = 30.44;

/// What to calibrate for.
#[derive(Debug, Clone)]
pub struct Target {
    /// False alarms allowed per day.
    pub per_day: f64,
    /// First and last day of the training span, inclusive.
    pub train: (i32, i32),
    /// First and last day of the test span.
    pub test: (i32, i32),
    /// Matching window, days either side of an episode.
    pub tolerance: i32,
    /// Retrospective or replayed alerts.
    pub mode: Mode,
}

/// Parses a false-alarm rate such as `1/month`, `0.5/week`, `2/year` or `1/day` into
/// alarms per day.
pub fn parse_rate(s: &str) -> Result<f64, String> {
    let bad = || format!("{s:?} is not a rate like 1/month, 0.5/week or 4/year");
    let (n, unit) = s.trim().split_once('/').ok_or_else(bad)?;
    let n: f64 = n.trim().parse().map_err(|_| bad())?;
    if !(n.is_finite() && n >= 0.0) {
        return Err(bad());
    }
    let days = match unit.trim() {
        "day" => 1.0,
        "week" => 7.0,
        "month" => MONTH_DAYS,
        "year" => 365.25,
        _ => return Err(bad()),
    };
    Ok(n / days)
}

/// The default split of the episodes' time: training up to the day before the episode
/// that begins the later half, testing from it (to the last episode plus the tolerance).
pub fn default_spans(episodes: &[Episode], tolerance: i32) -> Option<((i32, i32), (i32, i32))> {
    let mut days: Vec<i32> = episodes.iter().filter_map(|e| parse_iso(&e.date)).collect();
    days.sort_unstable();
    days.dedup();
    if days.len() < 2 {
        return None;
    }
    let split = days[days.len() / 2];
    Some((
        (days[0] - tolerance, split - 1),
        (split, days[days.len() - 1] + tolerance),
    ))
}

/// How one candidate threshold fared on the training span.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub threshold: f64,
    /// Alerts whose signal lies in the training span.
    pub alerts: usize,
    /// Of which matching no episode.
    pub false_alarms: usize,
    /// False alarms per month.
    pub per_month: f64,
    /// Training episodes flagged / training episodes of this monitor.
    pub recall: Option<f64>,
}

/// One monitor's calibration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonitorCalibration {
    pub monitor: String,
    /// The watchlist's threshold.
    pub configured: f64,
    /// The chosen one.
    pub chosen: f64,
    /// Whether the chosen threshold keeps false alarms within the target on the training
    /// span (when false, the highest candidate was taken).
    pub target_met: bool,
    /// Every candidate, lowest first.
    pub candidates: Vec<Candidate>,
}

/// The outcome: thresholds, and the test span's figures with them and with the
/// watchlist's own.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    /// False alarms allowed per month.
    pub target_per_month: f64,
    pub train: (String, String),
    pub test: (String, String),
    pub replayed: bool,
    pub monitors: Vec<MonitorCalibration>,
    /// The test span backtested with the chosen thresholds.
    pub test_calibrated: Backtest,
    /// The test span backtested with the watchlist's thresholds.
    pub test_configured: Backtest,
    /// Episodes in the training and the test span.
    pub train_episodes: usize,
    pub test_episodes: usize,
}

/// `cfg` with tripwires off and every event monitor at `event`, alliances at `alliance`
/// (severity cut points raised where they would fall below).
fn at_threshold(cfg: &Config, event: f64, alliance: f64) -> Config {
    let mut c = cfg.clone();
    c.tripwires.clear();
    let m = &mut c.monitors;
    for em in [
        &mut m.escalation,
        &mut m.sanctions,
        &mut m.collaboration,
        &mut m.proliferation,
    ] {
        em.threshold = event;
        em.medium = em.medium.max(event);
        em.high = em.high.max(em.medium);
    }
    let a = &mut m.alliances;
    a.threshold = alliance;
    a.medium = a.medium.max(alliance);
    a.high = a.high.max(a.medium);
    c
}

fn in_span(d: &str, (from, to): (i32, i32)) -> bool {
    parse_iso(d).is_some_and(|d| d >= from && d <= to)
}

/// The watchlist `cfg` with each monitor at its chosen threshold (severity cut points
/// raised where they would fall below; tripwires kept): without its tripwires, what
/// `test_calibrated` scored.
pub fn calibrated(cfg: &Config, c: &Calibration) -> Config {
    let mut out = cfg.clone();
    for mc in &c.monitors {
        let m = &mut out.monitors;
        let (t, medium, high) = match mc.monitor.as_str() {
            "escalation" => (
                &mut m.escalation.threshold,
                &mut m.escalation.medium,
                &mut m.escalation.high,
            ),
            "sanctions" => (
                &mut m.sanctions.threshold,
                &mut m.sanctions.medium,
                &mut m.sanctions.high,
            ),
            "collaboration" => (
                &mut m.collaboration.threshold,
                &mut m.collaboration.medium,
                &mut m.collaboration.high,
            ),
            "proliferation" => (
                &mut m.proliferation.threshold,
                &mut m.proliferation.medium,
                &mut m.proliferation.high,
            ),
            _ => (
                &mut m.alliances.threshold,
                &mut m.alliances.medium,
                &mut m.alliances.high,
            ),
        };
        *t = mc.chosen;
        *medium = medium.max(mc.chosen);
        *high = high.max(*medium);
    }
    out
}

/// Calibrates the enabled monitors of `cfg` over `store` against `episodes`.
pub async fn run(
    store: &vigil_store::Store,
    cfg: &Config,
    episodes: &[Episode],
    target: &Target,
) -> Result<Calibration, MonitorError> {
    let (train, test) = (target.train, target.test);
    if train.0 > train.1 || test.0 > test.1 {
        return Err(MonitorError::Range(
            "a span's first day is after its last".into(),
        ));
    }
    if test.0 <= train.1 {
        return Err(MonitorError::Range(format!(
            "the test span ({}..{}) must begin after the training span ({}..{}) ends",
            format_iso(test.0),
            format_iso(test.1),
            format_iso(train.0),
            format_iso(train.1)
        )));
    }
    let train_eps: Vec<Episode> = episodes
        .iter()
        .filter(|e| in_span(&e.date, train))
        .cloned()
        .collect();
    let test_eps: Vec<Episode> = episodes
        .iter()
        .filter(|e| in_span(&e.date, test))
        .cloned()
        .collect();
    let mut runs: Vec<Vec<Alert>> = Vec::with_capacity(EVENT_GRID.len());
    for (e, a) in EVENT_GRID.iter().zip(ALLIANCE_GRID) {
        let c = at_threshold(cfg, *e, a);
        runs.push(
            evaluate_as(store, &c, &Scope::All, target.mode)
                .await?
                .alerts,
        );
    }
    let months = (train.1 - train.0 + 1) as f64 / MONTH_DAYS;
    let mut monitors = Vec::new();
    let mut chosen_run: Vec<(String, usize)> = Vec::new();
    let mut enabled: Vec<(&str, f64)> = cfg
        .event_monitors()
        .into_iter()
        .filter(|(_, m)| m.enabled)
        .map(|(n, m)| (n, m.threshold))
        .collect();
    if cfg.monitors.alliances.enabled {
        enabled.push(("alliances", cfg.monitors.alliances.threshold));
    }
    for (name, configured) in enabled {
        let grid: &[f64] = if name == "alliances" {
            &ALLIANCE_GRID
        } else {
            &EVENT_GRID
        };
        let mine_eps: Vec<&Episode> = train_eps.iter().filter(|e| e.monitor == name).collect();
        let candidates: Vec<Candidate> = grid
            .iter()
            .zip(&runs)
            .map(|(&threshold, alerts)| {
                let mine: Vec<&Alert> = alerts
                    .iter()
                    .filter(|a| a.monitor == name && in_span(&a.signal_date(), train))
                    .collect();
                let false_alarms = mine
                    .iter()
                    .filter(|a| {
                        !episodes
                            .iter()
                            .any(|e| backtest::matches(a, e, target.tolerance))
                    })
                    .count();
                let flagged = mine_eps
                    .iter()
                    .filter(|e| {
                        alerts
                            .iter()
                            .any(|a| a.monitor == name && backtest::matches(a, e, target.tolerance))
                    })
                    .count();
                Candidate {
                    threshold,
                    alerts: mine.len(),
                    false_alarms,
                    per_month: false_alarms as f64 / months,
                    recall: (!mine_eps.is_empty()).then(|| flagged as f64 / mine_eps.len() as f64),
                }
            })
            .collect();
        let allowed = target.per_day * MONTH_DAYS;
        let pick = candidates
            .iter()
            .position(|c| c.per_month <= allowed + 1e-12);
        let (k, met) = match pick {
            Some(k) => (k, true),
            None => (candidates.len() - 1, false),
        };
        chosen_run.push((name.to_string(), k));
        monitors.push(MonitorCalibration {
            monitor: name.to_string(),
            configured,
            chosen: grid[k],
            target_met: met,
            candidates,
        });
    }
    // The test span: each monitor's alerts from the run at its chosen threshold.
    let calibrated_alerts: Vec<Alert> = chosen_run
        .iter()
        .flat_map(|(name, k)| runs[*k].iter().filter(move |a| &a.monitor == name).cloned())
        .collect();
    let mut own = cfg.clone();
    own.tripwires.clear();
    let configured_alerts = evaluate_as(store, &own, &Scope::All, target.mode)
        .await?
        .alerts;
    Ok(Calibration {
        target_per_month: target.per_day * MONTH_DAYS,
        train: (format_iso(train.0), format_iso(train.1)),
        test: (format_iso(test.0), format_iso(test.1)),
        replayed: target.mode == Mode::Replay,
        monitors,
        test_calibrated: backtest::backtest(&calibrated_alerts, &test_eps, target.tolerance),
        test_configured: backtest::backtest(&configured_alerts, &test_eps, target.tolerance),
        train_episodes: train_eps.len(),
        test_episodes: test_eps.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_as_alarms_per_day() {
        assert!((parse_rate("1/month").unwrap() - 1.0 / 30.44).abs() < 1e-12);
        assert!((parse_rate("0.5/week").unwrap() - 0.5 / 7.0).abs() < 1e-12);
        assert_eq!(parse_rate("2/day").unwrap(), 2.0);
        for bad in ["1", "x/month", "1/fortnight", "-1/day", "NaN/day"] {
            assert!(parse_rate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_default_split_puts_half_the_episode_days_in_each_span() {
        let e = backtest::parse_episodes(
            "date,countries,monitor,label\n2022-01-10,PRK,escalation,a\n2022-06-01,PRK,escalation,b\n2023-01-01,PRK,escalation,c\n2023-06-01,PRK,escalation,d\n",
            "t",
        )
        .unwrap();
        let ((a, b), (c, d)) = default_spans(&e, 14).unwrap();
        assert_eq!(format_iso(a), "2021-12-27");
        assert_eq!(format_iso(b), "2022-12-31");
        assert_eq!(format_iso(c), "2023-01-01");
        assert_eq!(format_iso(d), "2023-06-15");
    }
}
