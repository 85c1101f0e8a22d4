//! `vigil demo`: builds a store from the shipped North Korea–Russia sample, offline, shows
//! what the store holds and a first dyad view, then runs the five monitors over it, shows
//! the alerts with their evidence, and backtests them against the shipped episodes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use anyhow::Context;
use vigil_ingest::Format;
use vigil_model::Iso3;
use vigil_store::{IngestOptions, Store};

use vigil_monitor::alert::now_utc;
use vigil_monitor::{Alert, AlertLog, Scope, backtest};

use crate::output::{self, OutputFormat, escape_for_terminal};
use crate::watch::AlertFormat;

/// The sample, written by the project (see `demo/README.md`).
const SAMPLE: &str = include_str!("demo/events.csv");

pub fn run(dir: Option<PathBuf>) -> anyhow::Result<()> {
    let temp;
    let (dir, temporary) = match dir {
        Some(d) => (d, false),
        None => {
            temp = tempfile::Builder::new().prefix("vigil-demo-").tempdir()?;
            (temp.path().to_path_buf(), true)
        }
    };
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "vigil demo: an illustrative, hand-coded sample of North Korea–Russia events, 2022-2024"
    )?;
    writeln!(out, "store: {}\n", dir.display())?;
    std::fs::create_dir_all(&dir).with_context(|| dir.display().to_string())?;
    let sample = dir.join("nk-russia-2022-2024.csv");
    std::fs::write(&sample, SAMPLE).with_context(|| sample.display().to_string())?;
    let mut store = Store::open(&dir)?;
    let opts = IngestOptions {
        format: Some(Format::Curated),
        ..Default::default()
    };
    let r = store.ingest_file(&sample, &opts, Arc::new(AtomicU64::new(0)))?;
    if r.already_stored {
        writeln!(out, "The sample is already in this store; nothing added.")?;
    } else {
        writeln!(
            out,
            "Ingested {} events ({} set aside).",
            r.rows_stored,
            r.rejected.values().sum::<u64>()
        )?;
    }
    drop(store);

    let store = crate::read_store(&dir)?;
    let rt = crate::runtime()?;
    let country = |c: &str| c.parse::<Iso3>().expect("a known code");
    let (prk, rus) = (country("PRK"), country("RUS"));
    let neighbours: Vec<Iso3> = ["KOR", "JPN", "USA", "CHN", "UKR"].map(country).to_vec();
    let tables = [
        (
            "Events by year and source country",
            rt.block_on(store.events_by_year_and_country())?,
        ),
        (
            "Dyad North Korea – Russia, both directions, by quarter and quad class",
            rt.block_on(store.dyad_by_quarter(prk, rus))?,
        ),
        (
            "Who reacts to North Korea and Russia (events from neighbours toward them)",
            rt.block_on(store.reactions(&neighbours, &[prk, rus]))?,
        ),
        (
            "Latest North Korea – Russia events, with their evidence",
            rt.block_on(store.latest_dyad_events(prk, rus, 8))?,
        ),
    ];
    drop(store);
    for (title, batches) in &tables {
        writeln!(out, "\n== {title}")?;
        output::print(batches, OutputFormat::Table, &mut out)?;
    }
    monitors(&mut out, &dir)?;
    if temporary {
        writeln!(
            out,
            "\nThis store was temporary and is removed now. Keep one with `vigil demo --dir DIR`, then try:\n  \
             vigil --data-dir DIR alerts --monitor collaboration\n  \
             vigil --data-dir DIR events --dyad PRK,RUS --limit 20\n  \
             vigil --data-dir DIR sql --help    (your own SQL over the `events` table)"
        )?;
    } else {
        let d = dir.display();
        writeln!(
            out,
            "\nTry next:\n  vigil --data-dir {d} alerts --monitor collaboration\n  \
             vigil --data-dir {d} backtest\n  \
             vigil --data-dir {d} events --dyad PRK,RUS --limit 20\n  \
             vigil --data-dir {d} sql --help    (your own SQL over the `events` table)\n  \
             vigil --data-dir {d} brief --week 2024-W25 -o brief.html\n  \
             vigil --data-dir {d} serve         (the desk at http://127.0.0.1:8080/)"
        )?;
    }
    Ok(())
}

/// The watchlist the demo writes into its store: the default, counted by month in raw
/// numbers with lower thresholds, because the sample holds only notable events (about
/// five a month), not a news feed's volume against which shares mean something.
fn demo_watchlist() -> String {
    let mut t = String::from(
        "# The demo's watchlist: vigil's default with period = \"month\", normalise = \"none\",\n\
         # min_baseline_periods = 3 and thresholds 1.5 / 3 / 6 for the event monitors, because\n\
         # the demo sample holds only notable events (about five a month). On a news feed such\n\
         # as GDELT keep the default (`vigil watch --init`).\n\n",
    );
    t.push_str(
        &vigil_monitor::config::DEFAULT_TOML
            .replace("period = \"week\"", "period = \"month\"")
            .replace("normalise = \"volume\"", "normalise = \"none\"")
            .replace("min_baseline_periods = 4", "min_baseline_periods = 3")
            .replace("threshold = 3.0", "threshold = 1.5")
            .replace("medium = 6.0", "medium = 3.0")
            .replace("high = 12.0", "high = 6.0"),
    );
    t
}

/// Runs the monitors over the demo store, records and shows the alerts, and backtests them.
fn monitors(out: &mut dyn Write, dir: &Path) -> anyhow::Result<()> {
    let path = vigil_datadir::DataDir::new(dir).watchlist();
    if !path.exists() {
        std::fs::write(&path, demo_watchlist()).with_context(|| path.display().to_string())?;
    }
    let (cfg, origin) = crate::watch::load_config(dir, None)?;
    let store = crate::read_store(dir)?;
    let eval = crate::runtime()?.block_on(vigil_monitor::evaluate(&store, &cfg, &Scope::All))?;
    let mut log = AlertLog::open(dir)?;
    let report = log.merge(eval.alerts.clone(), &cfg.notify.targets(), &now_utc());
    log.save()?;
    drop(log);

    writeln!(
        out,
        "\n== The five monitors over the sample (watchlist: {})",
        escape_for_terminal(&origin, 200)
    )?;
    for r in &eval.runs {
        writeln!(
            out,
            "  {:<14} {:>3} subjects × {:>3} periods, {:>4} matching events, {:>3} alerts",
            r.monitor, r.subjects, r.periods, r.matched_events, r.alerts
        )?;
    }
    writeln!(
        out,
        "  stored in {}: {} new, {} updated, {} unchanged",
        dir.join("alerts").display(),
        report.new.len(),
        report.updated.len(),
        report.unchanged
    )?;
    // The strongest alert of each monitor, in full with its evidence.
    let mut shown: Vec<&Alert> = Vec::new();
    for r in &eval.runs {
        let best = eval
            .alerts
            .iter()
            .filter(|a| a.monitor == r.monitor)
            .max_by(|a, b| a.score.total_cmp(&b.score));
        shown.extend(best);
    }
    writeln!(
        out,
        "\n== The strongest alert of each monitor, with its evidence"
    )?;
    if shown.is_empty() {
        writeln!(out, "  (no monitor alerted)")?;
    }
    let shown: Vec<Alert> = shown.into_iter().cloned().collect();
    crate::watch::print_alerts(out, &shown, AlertFormat::Table)?;

    let episodes = backtest::parse_episodes(vigil_monitor::SHIPPED_EPISODES, "shipped episodes")?;
    let b = backtest::backtest(&eval.alerts, &episodes, 14);
    writeln!(
        out,
        "\n== Backtest against the shipped episodes (dated missile tests, summits, treaties, 2022-2024)"
    )?;
    crate::watch::print_backtest(out, &b)?;
    writeln!(
        out,
        "  (Illustrative only: the sample was written around the same facts as the episodes.\n  \
         A monitor measures change against its own baseline, so a launch in a month of\n  \
         launches is no alert; the tripwires (`[[tripwires]]` in the watchlist) flag every\n  \
         launch, satellite, deployment and treaty, once per real-world event, which is why\n  \
         they raise most alerts and why alerts without an episode are frequent here: the\n  \
         episodes list only the most notable events. See crates/monitor/episodes/README.md.)"
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_monitor::config::{Normalise, PeriodKind};

    #[test]
    fn demo_watchlist_is_the_default_tuned_for_a_sparse_sample() {
        let cfg = vigil_monitor::Config::parse(&demo_watchlist(), "demo").unwrap();
        assert_eq!(cfg.watch.period, PeriodKind::Month);
        for (_, m) in cfg.event_monitors() {
            assert_eq!(m.normalise, Normalise::None);
            assert_eq!(m.min_baseline_periods, 3);
            assert_eq!((m.threshold, m.medium, m.high), (1.5, 3.0, 6.0));
        }
        assert_eq!(
            cfg.watch.countries,
            vigil_monitor::Config::default().watch.countries
        );
    }
}
