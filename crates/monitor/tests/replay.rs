//! Replayed backtests: an alert raised on a day depends only on events dated up to that
//! day. Appending later events changes none of the alerts a replay raised before them,
//! whereas a retrospective run may redraw its change points.

mod common;

use std::path::Path;

use common::ingest;

use vigil_monitor::engine::{Mode, evaluate_as};
use vigil_monitor::{Alert, Config, Scope};
use vigil_store::Store;

/// A pseudo-random generator with a fixed seed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// Events from `from` to `to` (YYYY-MM-DD): North Korea–Russia cooperation at
/// `coop` per 100 days and conflict at `conflict`, US criticism of North Korea, and North
/// Korean force (`force` per 100 days, with a launch sentence).
fn events(tag: &str, from: &str, to: &str, (coop, conflict, force): (u64, u64, u64)) -> String {
    let (a, b) = (
        vigil_model::date::parse_iso(from).unwrap(),
        vigil_model::date::parse_iso(to).unwrap(),
    );
    let mut rng = Lcg(tag.len() as u64 * 7919 + a as u64);
    let mut out = String::new();
    for d in a..=b {
        let day = vigil_model::date::format_iso(d);
        let row = |i: usize, fields: &str, sentence: &str| {
            format!("{tag}{d}-{i},{day},{fields},1,https://news.example/{tag}/{d}/{i},{sentence}\n")
        };
        if rng.below(100) < coop {
            out.push_str(&row(0, "PRKGOV,NORTH KOREA,RUSGOV,RUSSIA,042", "A visit."));
        }
        if rng.below(100) < conflict {
            out.push_str(&row(
                1,
                "RUSGOV,RUSSIA,PRKGOV,NORTH KOREA,111",
                "A complaint.",
            ));
        }
        if rng.below(100) < 20 {
            out.push_str(&row(
                2,
                "USAGOV,UNITED STATES,PRKGOV,NORTH KOREA,111",
                "Criticism.",
            ));
        }
        if rng.below(100) < force {
            out.push_str(&row(
                3,
                "PRKMIL,NORTH KOREA MILITARY,,,190",
                "North Korea fires a ballistic missile.",
            ));
        }
    }
    out
}

fn run(dir: &Path, cfg: &Config, mode: Mode) -> Vec<Alert> {
    let store = Store::open_read(&dir.join("store")).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(evaluate_as(&store, cfg, &Scope::All, mode))
        .unwrap()
        .alerts
}

/// The demo's kind of watchlist: monthly raw counts, low thresholds.
fn watchlist() -> Config {
    let text = vigil_monitor::config::DEFAULT_TOML
        .replace("period = \"week\"", "period = \"month\"")
        .replace("normalise = \"volume\"", "normalise = \"none\"")
        .replace("min_baseline_periods = 4", "min_baseline_periods = 3")
        .replace("threshold = 3.0", "threshold = 1.5");
    Config::parse(&text, "test").unwrap()
}

#[test]
fn appending_later_events_changes_no_alert_a_replay_raised_before_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = events("a", "2022-01-01", "2022-12-31", (5, 5, 3));
    // Cooperation steps up in 2023 (a change point), force bursts in June 2023.
    rows.push_str(&events("b", "2023-01-01", "2023-05-31", (40, 5, 3)));
    rows.push_str(&events("c", "2023-06-01", "2023-06-30", (40, 5, 60)));
    rows.push_str(&events("d", "2023-07-01", "2023-12-31", (40, 5, 3)));
    ingest(dir.path(), "history.csv", &rows);
    let cfg = watchlist();
    let before = run(dir.path(), &cfg, Mode::Replay);
    let retro_before = run(dir.path(), &cfg, Mode::Retrospective);

    // Every replayed alert has the day it was raised, within or right after its period.
    assert!(!before.is_empty());
    for a in &before {
        let raised = a.raised.as_deref().unwrap_or_else(|| panic!("{a:?}"));
        assert!(raised >= a.period.start.as_str(), "{a:?}");
        assert!(a.signal_date() == raised);
    }
    let monitors: std::collections::BTreeSet<&str> =
        before.iter().map(|a| a.monitor.as_str()).collect();
    assert!(monitors.contains("alliances"), "{monitors:?}");
    assert!(monitors.contains("escalation"), "{monitors:?}");
    assert!(before.iter().any(|a| a.tripwire.is_some()));
    // A rate alert raised in a replay is raised no later than its period's end, and the
    // retrospective run raises every period the replay's last day would.
    let june = before
        .iter()
        .find(|a| a.id == "escalation:PRK:2023-06-01")
        .expect("the June burst");
    assert!(june.raised.as_deref().unwrap() < "2023-06-30", "{june:?}");
    assert!(retro_before.iter().any(|a| a.id == june.id));

    // Half a year later: cooperation collapses and conflict surges.
    ingest(
        dir.path(),
        "later.csv",
        &events("e", "2024-01-15", "2024-06-30", (2, 60, 30)),
    );
    let after = run(dir.path(), &cfg, Mode::Replay);
    let cut = "2024-01-14";
    let earlier = |v: &[Alert]| -> Vec<Alert> {
        v.iter()
            .filter(|a| a.raised.as_deref().unwrap() <= cut)
            .cloned()
            .collect()
    };
    let (b, a) = (earlier(&before), earlier(&after));
    assert_eq!(
        b.len(),
        before.len(),
        "all of the first run's alerts came before the cut"
    );
    assert_eq!(
        a.len(),
        b.len(),
        "later events added or removed earlier alerts"
    );
    for (x, y) in b.iter().zip(&a) {
        assert_eq!(
            x, y,
            "a replayed alert changed when later events were added"
        );
    }
    // The later events raise alerts of their own.
    assert!(after.len() > before.len());
}

#[test]
fn replayed_lead_time_is_measured_from_the_day_raised() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = events("a", "2022-01-01", "2022-12-31", (5, 5, 3));
    rows.push_str(&events("c", "2023-01-01", "2023-01-31", (5, 5, 80)));
    ingest(dir.path(), "e.csv", &rows);
    let cfg = watchlist();
    let alerts = run(dir.path(), &cfg, Mode::Replay);
    let jan = alerts
        .iter()
        .find(|a| a.id == "escalation:PRK:2023-01-01")
        .expect("the January burst");
    let raised = jan.raised.clone().unwrap();
    // An episode on the 20th: the alert's lead is 20 minus the day it was raised.
    let episodes = vigil_monitor::backtest::parse_episodes(
        "date,countries,monitor,label\n2023-01-20,PRK,escalation,a burst\n",
        "test",
    )
    .unwrap();
    let only: Vec<Alert> = alerts
        .iter()
        .filter(|a| a.monitor == "escalation" && a.tripwire.is_none())
        .cloned()
        .collect();
    let b = vigil_monitor::backtest::backtest(&only, &episodes, 30);
    let lead = vigil_model::date::parse_iso("2023-01-20").unwrap()
        - vigil_model::date::parse_iso(&raised).unwrap();
    assert_eq!(b.median_lead_days, Some(lead as f64));
    assert!(b.replayed);
}
