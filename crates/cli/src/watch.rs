//! `vigil watch`, `vigil alerts` and `vigil backtest`: wiring of `vigil-monitor` to the
//! store, the GDELT feed and the terminal.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use clap::ValueEnum;
use vigil_ingest::fetch::{Entry, Fetcher, GDELT2_BASE_URL};
use vigil_monitor::alert::{AlertLog, now_utc};
use vigil_monitor::backtest::{self, Backtest};
use vigil_monitor::config::DEFAULT_TOML;
use vigil_monitor::{Alert, Config, Evaluation, Scope};
use vigil_store::Store;

use crate::output::escape_for_terminal;

/// How alerts are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlertFormat {
    /// For reading: summary and evidence of each alert.
    Table,
    /// A JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// Parts under this many rows count as small for compaction (`vigil compact`'s default).
const COMPACT_SMALL_ROWS: u64 = 100_000;

#[derive(clap::Args)]
pub struct WatchArgs {
    /// Watchlist file [default: DATA_DIR/watchlist.toml if it exists, else the built-in one].
    #[arg(long)]
    config: Option<PathBuf>,
    /// Write the commented default watchlist (to --config, or DATA_DIR/watchlist.toml).
    #[arg(long, conflicts_with_all = ["once", "follow"])]
    init: bool,
    /// With --init: replace an existing file.
    #[arg(long, requires = "init")]
    force: bool,
    /// Run every monitor over the whole store once; store, deliver and print new alerts.
    #[arg(long, conflicts_with = "follow")]
    once: bool,
    /// Poll GDELT's last-update list, ingest new exports, and alert on what they change.
    #[arg(long)]
    follow: bool,
    /// Follow: where lastupdate.txt and the exports are.
    #[arg(long, default_value = GDELT2_BASE_URL)]
    base_url: String,
    /// Follow: time between polls, like 15m, 30s, 1h or 500ms.
    #[arg(long, default_value = "15m", value_parser = parse_interval)]
    interval: Duration,
    /// Follow: tries per download before it waits for the next poll.
    #[arg(long, default_value_t = 3)]
    attempts: u32,
    /// Follow: first wait between download tries, milliseconds (doubled each retry).
    #[arg(long, default_value_t = 1000)]
    backoff_ms: u64,
    /// Follow: stop after this many polls [default: run until Ctrl-C].
    #[arg(long)]
    max_polls: Option<u64>,
    /// Follow: compact a month once it has this many parts under 100,000 rows (GDELT
    /// writes one per 15-minute export; 96 is a day's worth); 0 never compacts.
    #[arg(long, default_value_t = 96)]
    compact_at: usize,
    /// How new alerts are printed.
    #[arg(long, value_enum, default_value = "table")]
    format: AlertFormat,
}

#[derive(clap::Args)]
pub struct AlertsArgs {
    /// Only alerts whose period ends on or after this day (YYYY-MM-DD).
    #[arg(long)]
    since: Option<String>,
    /// Only this monitor: escalation, sanctions, collaboration, proliferation or alliances.
    #[arg(long)]
    monitor: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: AlertFormat,
}

#[derive(clap::Args)]
pub struct BacktestArgs {
    /// Episodes CSV (date,countries,monitor,label) [default: vigil's shipped 2022-2024 episodes].
    #[arg(long)]
    episodes: Option<PathBuf>,
    /// Watchlist file [default: DATA_DIR/watchlist.toml if it exists, else the built-in one].
    #[arg(long)]
    config: Option<PathBuf>,
    /// Days either side of an episode within which an alert counts as flagging it.
    #[arg(long, default_value_t = 14)]
    tolerance: i32,
    /// Replay the monitors as a live run would have found them, day by day (each alert
    /// raised on the first day the events dated up to then would raise it; change points
    /// re-found at the end of every period from the data so far), and measure lead time
    /// from that day. Without it, alerts are judged with all the data at hand and lead
    /// time is measured from their first evidence.
    #[arg(long)]
    replay: bool,
    /// Output format (table or json).
    #[arg(long, value_enum, default_value = "table")]
    format: AlertFormat,
}

#[derive(clap::Args)]
pub struct CalibrateArgs {
    /// False alarms (alerts matching no episode) allowed per monitor: N/day, N/week,
    /// N/month or N/year.
    #[arg(long, default_value = "1/month", value_parser = parse_far)]
    far: f64,
    /// Training span FROM..TO (YYYY-MM-DD..YYYY-MM-DD) [default: up to the episode that
    /// begins the later half of the episodes].
    #[arg(long, value_parser = parse_span)]
    train: Option<(i32, i32)>,
    /// Test span FROM..TO, after the training span [default: from that episode to the
    /// last one, plus the tolerance].
    #[arg(long, value_parser = parse_span)]
    test: Option<(i32, i32)>,
    /// Episodes CSV (date,countries,monitor,label[,kind]) [default: vigil's shipped
    /// 2022-2024 episodes].
    #[arg(long)]
    episodes: Option<PathBuf>,
    /// Watchlist file [default: DATA_DIR/watchlist.toml if it exists, else the built-in one].
    #[arg(long)]
    config: Option<PathBuf>,
    /// Days either side of an episode within which an alert counts as flagging it.
    #[arg(long, default_value_t = 14)]
    tolerance: i32,
    /// Calibrate on replayed alerts (as a live run would have raised them).
    #[arg(long)]
    replay: bool,
    /// Write the watchlist with the chosen thresholds to this file (TOML, without the
    /// default's comments).
    #[arg(long)]
    write: Option<PathBuf>,
    /// Output format (table or json).
    #[arg(long, value_enum, default_value = "table")]
    format: AlertFormat,
}

fn parse_far(s: &str) -> Result<f64, String> {
    vigil_monitor::calibrate::parse_rate(s)
}

fn parse_span(s: &str) -> Result<(i32, i32), String> {
    let bad = || format!("{s:?} is not a span FROM..TO of days (2022-01-01..2023-06-30)");
    let (a, b) = s.split_once("..").ok_or_else(bad)?;
    let (a, b) = (
        vigil_model::date::parse_iso(a.trim()).ok_or_else(bad)?,
        vigil_model::date::parse_iso(b.trim()).ok_or_else(bad)?,
    );
    if a > b {
        return Err(format!("{s:?}: the first day is after the last"));
    }
    Ok((a, b))
}

fn parse_interval(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, unit) = s
        .find(|c: char| !c.is_ascii_digit())
        .map(|i| s.split_at(i))
        .unwrap_or((s, "s"));
    let n: u64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a duration like 15m, 30s, 1h or 500ms"))?;
    let d = match unit {
        "ms" => Duration::from_millis(n),
        "s" => Duration::from_secs(n),
        "m" => Duration::from_secs(60 * n),
        "h" => Duration::from_secs(3600 * n),
        _ => return Err(format!("{s:?}: the unit must be ms, s, m or h")),
    };
    if d.is_zero() {
        return Err("the interval must be longer than zero".into());
    }
    Ok(d)
}

/// The watchlist in force and where it came from.
pub fn load_config(dir: &Path, given: Option<&Path>) -> anyhow::Result<(Config, String)> {
    Ok(Config::in_force(dir, given)?)
}

pub fn watch(dir: &Path, a: WatchArgs) -> anyhow::Result<()> {
    if a.init {
        let path = a
            .config
            .clone()
            .unwrap_or_else(|| vigil_datadir::DataDir::new(dir).watchlist());
        if path.exists() && !a.force {
            bail!(
                "{} exists; edit it, or add --force to replace it with the default",
                path.display()
            );
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).with_context(|| parent.display().to_string())?;
        }
        std::fs::write(&path, DEFAULT_TOML).with_context(|| path.display().to_string())?;
        eprintln!(
            "wrote the default watchlist to {}; edit it, then run `vigil watch --once`",
            path.display()
        );
        return Ok(());
    }
    let (cfg, origin) = load_config(dir, a.config.as_deref())?;
    if a.follow {
        return follow(dir, &cfg, &origin, &a);
    }
    if !a.once {
        bail!(
            "say what to do: --once (evaluate the store now), --follow (keep it current from GDELT's feed) or --init (write a watchlist); see vigil watch --help"
        );
    }
    if a.format == AlertFormat::Table {
        eprintln!("watchlist: {origin}");
    }
    let store = crate::read_store(dir)?;
    let rt = crate::runtime()?;
    let started = Instant::now();
    let eval = rt.block_on(vigil_monitor::evaluate(&store, &cfg, &Scope::All))?;
    let (new, report) = record(dir, &cfg, eval.clone())?;
    let mut out = std::io::stdout().lock();
    print_alerts(&mut out, &new, a.format)?;
    if a.format == AlertFormat::Table {
        print_runs(&eval, started.elapsed());
        eprintln!(
            "{} new alerts, {} updated, {} unchanged; all alerts: vigil alerts",
            report.new.len(),
            report.updated.len(),
            report.unchanged
        );
    }
    Ok(())
}

/// Merges an evaluation into the alert log, delivers what is pending, and returns the new
/// alerts as stored.
fn record(
    dir: &Path,
    cfg: &Config,
    eval: Evaluation,
) -> anyhow::Result<(Vec<Alert>, vigil_monitor::alert::MergeReport)> {
    let mut log = AlertLog::open(dir)?;
    let report = log.merge(eval.alerts, &cfg.notify.targets(), &now_utc());
    log.save()?;
    let new: Vec<Alert> = report.new.iter().map(|id| log.alerts[id].clone()).collect();
    deliver(dir, cfg, &mut log)?;
    Ok((new, report))
}

fn deliver(dir: &Path, cfg: &Config, log: &mut AlertLog) -> anyhow::Result<()> {
    for d in vigil_monitor::notify::deliver(log, &cfg.notify, dir)? {
        if let Some(e) = d.error {
            eprintln!(
                "{} delivery of {} to {} failed, kept for the next try: {e}",
                now_utc(),
                d.alert,
                d.target
            );
        }
    }
    Ok(())
}

fn print_runs(eval: &Evaluation, took: Duration) {
    for r in &eval.runs {
        eprintln!(
            "  {:<14} {:>3} subjects × {:>5} periods, {:>8} matching events, {:>4} alerts",
            r.monitor, r.subjects, r.periods, r.matched_events, r.alerts
        );
    }
    eprintln!("evaluated in {:.2} s", took.as_secs_f64());
}

/// Prints alerts with their evidence (table), or as JSON.
pub fn print_alerts(
    out: &mut dyn Write,
    alerts: &[Alert],
    format: AlertFormat,
) -> anyhow::Result<()> {
    match format {
        AlertFormat::Json => {
            let v: Vec<_> = alerts.iter().map(Alert::public_json).collect();
            serde_json::to_writer_pretty(&mut *out, &v)?;
            writeln!(out)?;
        }
        AlertFormat::Jsonl => {
            for a in alerts {
                serde_json::to_writer(&mut *out, &a.public_json())?;
                writeln!(out)?;
            }
        }
        AlertFormat::Table => {
            for a in alerts {
                print_alert(out, a)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn print_alert(out: &mut dyn Write, a: &Alert) -> anyhow::Result<()> {
    let t = |s: &str, n: usize| escape_for_terminal(s, n);
    writeln!(
        out,
        "[{}] {} {} .. {}  score {:.1}  ({})",
        a.severity.name(),
        a.monitor,
        a.period.start,
        a.period.end,
        a.score,
        a.id
    )?;
    writeln!(out, "  {}", t(&a.summary, 400))?;
    if !a.also.is_empty() {
        writeln!(out, "  also answers: {}", a.also.join(", "))?;
    }
    for e in &a.evidence {
        writeln!(
            out,
            "    {} {} {:<9} → {:<5} {:<9} {}{}",
            e.date,
            match e.kind.as_str() {
                "reaction" => "reaction",
                "tripwire" => "tripwire",
                _ => "evidence",
            },
            t(e.actor1.as_deref().unwrap_or("-"), 12),
            t(&e.event_code, 4),
            t(e.actor2.as_deref().unwrap_or("-"), 12),
            t(&e.event_name, 60),
            e.num_mentions
                .map(|m| format!(", {m} mentions"))
                .unwrap_or_default()
        )?;
        if let Some(c) = &e.cluster {
            let days = if c.first == c.last {
                String::new()
            } else {
                format!(", {} to {}", c.first, c.last)
            };
            writeln!(
                out,
                "        one event reported {} time{}, {} source{}{days}",
                c.reports,
                if c.reports == 1 { "" } else { "s" },
                c.sources,
                if c.sources == 1 { "" } else { "s" },
            )?;
        }
        if let Some(s) = &e.sentence {
            writeln!(out, "        \"{}\"", t(s, 200))?;
        }
        if let Some(u) = &e.url {
            writeln!(out, "        {}", t(u, 200))?;
        }
        writeln!(out, "        why: {}", t(&e.why, 200))?;
    }
    writeln!(out)?;
    Ok(())
}

pub fn alerts(dir: &Path, a: AlertsArgs) -> anyhow::Result<()> {
    if let Some(s) = &a.since {
        crate::optional_day(&Some(s.clone()), "--since")?;
    }
    if let Some(m) = &a.monitor
        && ![
            "escalation",
            "sanctions",
            "collaboration",
            "proliferation",
            "alliances",
        ]
        .contains(&m.as_str())
    {
        bail!(
            "--monitor: {m:?} is not one of escalation, sanctions, collaboration, proliferation, alliances"
        );
    }
    let log = AlertLog::read(dir)?;
    let list: Vec<Alert> = log
        .list(a.since.as_deref(), a.monitor.as_deref())
        .into_iter()
        .cloned()
        .collect();
    let mut out = std::io::stdout().lock();
    print_alerts(&mut out, &list, a.format)?;
    if a.format == AlertFormat::Table {
        let pending = list.iter().filter(|x| !x.pending.is_empty()).count();
        eprintln!(
            "{} alerts{}",
            list.len(),
            if pending > 0 {
                format!(", {pending} with deliveries still pending")
            } else {
                String::new()
            }
        );
    }
    Ok(())
}

pub fn backtest_cmd(dir: &Path, a: BacktestArgs) -> anyhow::Result<()> {
    let (cfg, origin) = load_config(dir, a.config.as_deref())?;
    let (episodes, source) = episodes_given(a.episodes.as_deref(), a.tolerance)?;
    let store = crate::read_store(dir)?;
    let b = crate::runtime()?.block_on(backtest::run(
        &store,
        &cfg,
        &episodes,
        a.tolerance,
        mode(a.replay),
    ))?;
    let mut out = std::io::stdout().lock();
    if a.format != AlertFormat::Table {
        serde_json::to_writer_pretty(&mut out, &b)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "episodes: {source}\nwatchlist: {origin}\nalerts: {}\n",
        if b.replayed {
            "replayed day by day, as a live run would have raised them"
        } else {
            "judged with all the data at hand (--replay: as a live run would have)"
        }
    )?;
    print_backtest(&mut out, &b)
}

pub fn calibrate_cmd(dir: &Path, a: CalibrateArgs) -> anyhow::Result<()> {
    use vigil_monitor::calibrate;
    let (cfg, origin) = load_config(dir, a.config.as_deref())?;
    let (episodes, source) = episodes_given(a.episodes.as_deref(), a.tolerance)?;
    let (train, test) = match (a.train, a.test) {
        (Some(tr), Some(te)) => (tr, te),
        (given_train, given_test) => {
            let (tr, te) = calibrate::default_spans(&episodes, a.tolerance).ok_or_else(|| {
                anyhow!("give --train and --test: the episodes hold fewer than two days")
            })?;
            (given_train.unwrap_or(tr), given_test.unwrap_or(te))
        }
    };
    let target = calibrate::Target {
        per_day: a.far,
        train,
        test,
        tolerance: a.tolerance,
        mode: mode(a.replay),
    };
    let store = crate::read_store(dir)?;
    let bar = crate::spinner("evaluating the monitors at each candidate threshold");
    let c = crate::runtime()?.block_on(calibrate::run(&store, &cfg, &episodes, &target));
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let c = c?;
    if let Some(p) = &a.write {
        std::fs::write(p, calibrate::calibrated(&cfg, &c).to_toml())
            .with_context(|| p.display().to_string())?;
        eprintln!("calibrated watchlist written to {}", p.display());
    }
    let mut out = std::io::stdout().lock();
    if a.format != AlertFormat::Table {
        serde_json::to_writer_pretty(&mut out, &c)?;
        writeln!(out)?;
        return Ok(());
    }
    let t = |s: &str, n: usize| escape_for_terminal(s, n);
    writeln!(
        out,
        "episodes: {}\nwatchlist: {}\ntarget: at most {:.2} false alarms a month per monitor\n\
         training span {} to {} ({} episodes), test span {} to {} ({} episodes){}\n",
        t(&source, 200),
        t(&origin, 200),
        c.target_per_month,
        c.train.0,
        c.train.1,
        c.train_episodes,
        c.test.0,
        c.test.1,
        c.test_episodes,
        if c.replayed { ", alerts replayed" } else { "" }
    )?;
    writeln!(
        out,
        "{:<14} {:>10} {:>8}  training span at the chosen threshold",
        "monitor", "configured", "chosen"
    )?;
    for m in &c.monitors {
        let k = m
            .candidates
            .iter()
            .find(|x| x.threshold == m.chosen)
            .expect("the chosen threshold is a candidate");
        writeln!(
            out,
            "{:<14} {:>10} {:>8}  {} alerts, {} false ({:.2}/month), recall {}{}",
            m.monitor,
            m.configured,
            m.chosen,
            k.alerts,
            k.false_alarms,
            k.per_month,
            pct(k.recall),
            if m.target_met {
                ""
            } else {
                "  (target not met: highest candidate)"
            }
        )?;
    }
    writeln!(out, "\ntest span (not seen when choosing):")?;
    for (label, b) in [
        ("calibrated thresholds", &c.test_calibrated),
        ("watchlist thresholds", &c.test_configured),
    ] {
        writeln!(
            out,
            "  {label:<22} recall {:>4}  precision {:>4} (of {} alerts)  median lead {}",
            pct(b.recall),
            pct(b.precision),
            b.alerts_considered,
            lead(b.median_lead_days)
        )?;
    }
    if !c.test_calibrated.by_kind.is_empty() {
        let kinds = by_kind(&c.test_calibrated);
        writeln!(out, "  flagged by kind (calibrated): {kinds}")?;
    }
    writeln!(
        out,
        "\nTripwires have no threshold and are left out; --write FILE saves the watchlist with \
         the chosen thresholds (tripwires kept)."
    )?;
    Ok(())
}

/// The episodes of `--episodes` (or vigil's shipped ones) and how to name them, after
/// checking the tolerance.
fn episodes_given(
    path: Option<&Path>,
    tolerance: i32,
) -> anyhow::Result<(Vec<backtest::Episode>, String)> {
    if tolerance < 0 {
        bail!("--tolerance must be zero or more days");
    }
    Ok(match path {
        Some(p) => (backtest::read_episodes(p)?, p.display().to_string()),
        None => {
            let (e, name) = backtest::shipped_episodes();
            (e, name.to_string())
        }
    })
}

fn mode(replay: bool) -> vigil_monitor::engine::Mode {
    if replay {
        vigil_monitor::engine::Mode::Replay
    } else {
        vigil_monitor::engine::Mode::Retrospective
    }
}

/// A rate as a whole percentage, or "n/a".
fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{:.0}%", 100.0 * v))
        .unwrap_or_else(|| "n/a".into())
}

/// A median lead in days, signed, or "n/a".
fn lead(days: Option<f64>) -> String {
    days.map(|d| format!("{d:+.1} days"))
        .unwrap_or_else(|| "n/a".into())
}

/// "summit 2 of 2, test 0 of 3": episodes flagged per kind.
fn by_kind(b: &Backtest) -> String {
    b.by_kind
        .iter()
        .map(|(k, v)| {
            format!(
                "{} {} of {}",
                escape_for_terminal(k, 20),
                v.flagged,
                v.episodes
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn print_backtest(out: &mut dyn Write, b: &Backtest) -> anyhow::Result<()> {
    let t = |s: &str, n: usize| escape_for_terminal(s, n);
    writeln!(
        out,
        "{:<10}  {:<13}  {:<8}  {:>6}  episode / alert",
        "date", "monitor", "countries", "offset"
    )?;
    for r in &b.episodes {
        let e = &r.episode;
        writeln!(
            out,
            "{:<10}  {:<13}  {:<8}  {:>6}  {}",
            e.date,
            e.monitor,
            e.countries.join(","),
            r.offset_days
                .map(|o| format!("{o:+}d"))
                .unwrap_or_else(|| "missed".into()),
            t(&e.label, 80)
        )?;
        if let Some(id) = &r.alert {
            writeln!(out, "{:>46}{}", "", t(id, 80))?;
        }
    }
    let found = b.episodes.iter().filter(|r| r.alert.is_some()).count();
    writeln!(
        out,
        "\nrecall {} ({found} of {} episodes flagged within ±{} days)\nprecision {} ({} of {} alerts of these monitors in the episodes' span match an episode)\nmedian lead {} (positive: {} before the episode)",
        pct(b.recall),
        b.episodes.len(),
        b.tolerance_days,
        pct(b.precision),
        b.alerts_considered - b.unmatched_alerts.len(),
        b.alerts_considered,
        lead(b.median_lead_days),
        if b.replayed {
            "the alert was raised"
        } else {
            "the alert's first evidence came"
        }
    )?;
    if !b.by_kind.is_empty() {
        writeln!(out, "flagged by kind: {}", by_kind(b))?;
    }
    if !b.naive.is_empty() {
        writeln!(
            out,
            "\nnaive rules over the same counts (does a monitor add anything?):"
        )?;
        for n in &b.naive {
            writeln!(
                out,
                "  {:<5} recall {:>4}  precision {:>4} (of {} alerts)  median lead {}  ({})",
                n.rule,
                pct(n.recall),
                pct(n.precision),
                n.alerts_considered,
                lead(n.median_lead_days),
                n.description
            )?;
        }
    }
    if !b.unmatched_alerts.is_empty() {
        writeln!(out, "\nalerts matching no episode:")?;
        for (id, summary) in &b.unmatched_alerts {
            writeln!(out, "  {}  {}", t(id, 60), t(summary, 160))?;
        }
    }
    Ok(())
}

fn months_ranges(months: impl IntoIterator<Item = u32>) -> Vec<(i32, i32)> {
    let mut out = Vec::new();
    for m in months {
        let (y, mo) = ((m / 100) as i32, m % 100);
        let Some(first) = vigil_model::date::days_from_ymd(y, mo, 1) else {
            continue;
        };
        let next = if mo == 12 {
            vigil_model::date::days_from_ymd(y + 1, 1, 1)
        } else {
            vigil_model::date::days_from_ymd(y, mo + 1, 1)
        };
        if let Some(next) = next {
            out.push((first, next - 1));
        }
    }
    out
}

fn log(msg: &str) {
    eprintln!("{} {msg}", now_utc());
}

fn follow(dir: &Path, cfg: &Config, origin: &str, a: &WatchArgs) -> anyhow::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        ctrlc::set_handler(move || {
            if stop.swap(true, Ordering::SeqCst) {
                // Second Ctrl-C: every commit is atomic, so stopping now loses nothing stored.
                std::process::exit(130);
            }
            eprintln!(
                "{} stopping after the current step (Ctrl-C again to stop at once)",
                now_utc()
            );
        })
        .context("installing the Ctrl-C handler")?;
    }
    let mut store = Store::open(dir)?;
    let mut fetcher = Fetcher::new(
        &a.base_url,
        vigil_datadir::DataDir::new(dir).downloads("gdelt2"),
    );
    fetcher.attempts = a.attempts.max(1);
    fetcher.backoff = Duration::from_millis(a.backoff_ms);
    let rt = crate::runtime()?;
    log(&format!(
        "following {}/lastupdate.txt every {:?}; watchlist: {origin}; alerts to stdout{}",
        fetcher.base_url,
        a.interval,
        cfg.notify
            .targets()
            .iter()
            .map(|t| format!(", {t}"))
            .collect::<String>()
    ));
    let mut retry: Vec<Entry> = Vec::new();
    let mut unevaluated = std::collections::BTreeSet::new();
    let mut polls = 0u64;
    while !stop.load(Ordering::SeqCst) {
        polls += 1;
        let mut todo = std::mem::take(&mut retry);
        match fetcher.exports("lastupdate.txt", 0, u32::MAX) {
            Ok((entries, _)) => {
                for e in entries {
                    if !store.catalog().has_md5(&e.md5) && !todo.iter().any(|t| t.md5 == e.md5) {
                        todo.push(e);
                    }
                }
            }
            Err(e) => log(&format!("poll failed: {e}; trying again at the next poll")),
        }
        // Months touched since the last successful evaluation.
        let mut months = std::mem::take(&mut unevaluated);
        for e in todo {
            if stop.load(Ordering::SeqCst) {
                retry.push(e);
                continue;
            }
            match store.fetch_and_ingest(&fetcher, &e) {
                Ok(r) if r.already_stored => log(&format!("{} was already stored", e.name)),
                Ok(r) => {
                    log(&format!(
                        "ingested {}: {} events stored, {} set aside",
                        e.name,
                        r.rows_stored,
                        r.rejected.values().sum::<u64>()
                    ));
                    if let Some(input) = store.catalog().inputs.last() {
                        months.extend(input.parts.iter().map(|p| p.month));
                    }
                }
                Err(
                    err @ vigil_store::StoreError::Ingest(vigil_ingest::IngestError::Download {
                        ..
                    }),
                ) => {
                    log(&format!(
                        "download of {} failed: {err}; trying again at the next poll",
                        e.name
                    ));
                    retry.push(e);
                }
                Err(err) => log(&format!(
                    "ingest of {} failed, nothing stored from it: {err}",
                    e.name
                )),
            }
        }
        if a.compact_at > 0 && store.small_parts_per_month(COMPACT_SMALL_ROWS) >= a.compact_at {
            match store.compact(COMPACT_SMALL_ROWS) {
                Ok(c) => log(&format!(
                    "compacted: {} small parts merged into {}; {} rollup segments written",
                    c.parts_merged, c.parts_written, c.segments_written
                )),
                Err(e) => log(&format!(
                    "compaction failed, the store is as it was; trying again after the next poll: {e}"
                )),
            }
        }
        if !months.is_empty() {
            let scope = Scope::Ranges(months_ranges(months.iter().copied()));
            match rt.block_on(vigil_monitor::evaluate(&store, cfg, &scope)) {
                Ok(eval) => {
                    let mut alog = AlertLog::open(dir)?;
                    let report = alog.merge(eval.alerts, &cfg.notify.targets(), &now_utc());
                    alog.save()?;
                    let new: Vec<Alert> = report
                        .new
                        .iter()
                        .map(|id| alog.alerts[id].clone())
                        .collect();
                    print_alerts(&mut std::io::stdout().lock(), &new, a.format)?;
                    log(&format!(
                        "monitors: {} new alerts, {} updated",
                        report.new.len(),
                        report.updated.len()
                    ));
                }
                Err(e) => {
                    log(&format!(
                        "evaluating the monitors failed, trying again at the next poll: {e}"
                    ));
                    unevaluated = months;
                }
            }
        }
        {
            let mut alog = AlertLog::open(dir)?;
            deliver(dir, cfg, &mut alog)?;
        }
        if a.max_polls.is_some_and(|m| polls >= m) {
            break;
        }
        let until = Instant::now() + a.interval;
        while Instant::now() < until && !stop.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(50).min(a.interval));
        }
    }
    log(&format!(
        "stopped after {polls} polls; the store and the alert log are consistent"
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_parse_with_units() {
        assert_eq!(parse_interval("15m").unwrap(), Duration::from_secs(900));
        assert_eq!(parse_interval("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_interval("2").unwrap(), Duration::from_secs(2));
        assert!(parse_interval("0s").is_err());
        assert!(parse_interval("5d").is_err());
        assert!(parse_interval("m").is_err());
    }

    #[test]
    fn months_become_day_ranges() {
        let r = months_ranges([202402, 202412]);
        assert_eq!(vigil_model::date::format_iso(r[0].0), "2024-02-01");
        assert_eq!(vigil_model::date::format_iso(r[0].1), "2024-02-29");
        assert_eq!(vigil_model::date::format_iso(r[1].1), "2024-12-31");
    }
}
