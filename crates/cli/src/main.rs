//! `vigil`: the command line. Parses arguments, wires the libraries together and renders
//! their results; the work happens in `vigil-ingest` and `vigil-store`.

#[cfg(feature = "cluster")]
mod cluster;
mod code;
mod demo;
mod output;
mod sanctions;
mod watch;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use clap::{Parser, Subcommand, ValueEnum};
use datafusion::arrow::array::RecordBatch;
use vigil_ingest::Format;
use vigil_ingest::fetch::{Fetcher, GDELT2_BASE_URL};
use vigil_store::query::{EventCursor, EventFilter};
use vigil_store::{FileReport, IngestOptions, Store};

use output::OutputFormat;

/// vigil: early warning on relations between states, from event data (GDELT, ICEWS, ACLED).
#[derive(Parser)]
#[command(name = "vigil", version, about, long_about = None)]
struct Cli {
    /// Data directory of the store [default: $XDG_DATA_HOME/vigil or ~/.local/share/vigil]
    #[arg(long, global = true, env = "VIGIL_DATA")]
    data_dir: Option<PathBuf>,
    /// Answer relations questions (dyad, blocs, the monitors, SQL's `daily` and
    /// `country_daily`) from the events themselves instead of the daily rollups: the
    /// same answers, slower; to check the rollups or measure what they save.
    #[arg(long, global = true, env = "VIGIL_NO_ROLLUPS")]
    no_rollups: bool,
    /// Where queries run: `embedded` (in this process) or a Ballista cluster's scheduler,
    /// `df://HOST:PORT` (`vigil cluster`; needs a build with the `cluster` feature and
    /// the data directory at the same path on every executor). Applies to sql, events,
    /// dyad, blocs, stats' queries, watch, brief, backtest and serve; writes stay local.
    #[arg(long, global = true, env = "VIGIL_ENGINE", default_value = "embedded")]
    engine: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Ingest event files (GDELT 1.0/2.0, ICEWS, ACLED, POLECAT, vigil CSV), plain or zipped, into the store.
    Ingest(IngestArgs),
    /// Download event files and ingest them.
    #[command(subcommand)]
    Fetch(FetchCommand),
    /// List events, filtered by actors, dates, CAMEO code and quad class.
    Events(EventsArgs),
    /// Run DataFusion SQL over the table `events` (the canonical event schema) and the
    /// rollups' views `daily` and `country_daily`.
    Sql(SqlArgs),
    /// Show what the store holds, by source and month, with rows set aside.
    Stats(StatsArgs),
    /// Check the store: every listed file is there with the rows the catalog says, and the
    /// daily rollups equal what the events give (recomputed in SQL). Exits 1 on a fault.
    Verify(VerifyArgs),
    /// Hand events to other tools: a selection as one Parquet, Arrow IPC or CSV file, or a
    /// manifest of the current catalog's files (for DuckDB, Spark, pandas).
    Export(ExportArgs),
    /// Merge each month's small parts (the 15-minute feed writes one per export) into
    /// sorted parts with their rollups, in one atomic commit; readers are never disturbed.
    Compact(CompactArgs),
    /// A dyad's series per day, week or month: events each way by quad class, Goldstein,
    /// tone, cooperation and conflict indices (per 1,000 events involving either country).
    Dyad(DyadArgs),
    /// Alignment network and blocs: countries tied by net cooperation, communities by Louvain.
    Blocs(BlocsArgs),
    /// The five standing monitors over a watchlist: evaluate once, or follow GDELT's live feed.
    Watch(watch::WatchArgs),
    /// List stored alerts with their evidence.
    Alerts(watch::AlertsArgs),
    /// Run the monitors over the store and score them against dated episodes.
    Backtest(watch::BacktestArgs),
    /// Choose each monitor's threshold on a training span so that its false alarms stay
    /// within a target rate, and score the choice on a later span it did not see.
    Calibrate(watch::CalibrateArgs),
    /// Sanctions lists: load FollowTheMoney, UN and OFAC lists; show what is loaded.
    #[command(subcommand)]
    Sanctions(sanctions::SanctionsCommand),
    /// Screen names of people, companies and vessels against the loaded sanctions lists,
    /// across spellings and scripts, with the reasons for each match.
    Screen(sanctions::ScreenArgs),
    /// Match whole records (FollowTheMoney entities, or CSV rows with names, birth dates,
    /// countries and identifiers) against the loaded lists, each feature's contribution
    /// shown; `match eval` scores entity matching on judged pairs.
    Match(sanctions::MatchArgs),
    /// OFAC's 50 percent rule: entities owned 50% or more, in aggregate, by SDN-listed
    /// persons (directly or through other blocked entities), each with the chains of
    /// holdings that make it so; shares that do not read, and ownership cycles. `--rule eu`
    /// applies the EU's: its own lists, and control as well as ownership.
    Exposure(sanctions::ExposureArgs),
    /// Ownership, directorship, family and other links around an entity, or the shortest
    /// chains between two.
    Links(sanctions::LinksArgs),
    /// Code news text into CAMEO events ("who did what to whom"), each with its sentence;
    /// `code eval` scores the coder on PETRARCH records with expected codings.
    Code(code::CodeArgs),
    /// Build a store from vigil's shipped North Korea–Russia sample, offline, and tour it.
    Demo(DemoArgs),
    /// Serve the JSON API over the store (loopback by default; a token off loopback).
    Serve(ServeArgs),
    /// Run vigil's queries on an Apache DataFusion Ballista cluster: start its scheduler
    /// and executors from this binary, then give other commands `--engine df://HOST:PORT`.
    #[cfg(feature = "cluster")]
    #[command(subcommand)]
    Cluster(cluster::ClusterCommand),
    /// A brief of a period for people who never open a terminal: one section per standing
    /// question (alerts with their evidence), key dyads' charts, bloc changes, listed names
    /// in events, and a data-quality line. HTML (self-contained), Markdown (charts as SVG
    /// files beside it) or PDF (printed by headless Chromium).
    Brief(BriefArgs),
}

#[derive(clap::Args)]
struct BriefArgs {
    /// First day (YYYY-MM-DD); with --to.
    #[arg(long, requires = "to", conflicts_with = "week")]
    from: Option<String>,
    /// Last day, inclusive.
    #[arg(long, requires = "from")]
    to: Option<String>,
    /// An ISO week, e.g. 2024-W25 [default: the seven days ending with the newest stored event].
    #[arg(long)]
    week: Option<String>,
    /// Watchlist file [default: DATA_DIR/watchlist.toml if it exists, else the built-in one].
    #[arg(long)]
    watchlist: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "html")]
    format: BriefFormat,
    /// Write here (needed for pdf; for md the charts go beside it) [default: standard output].
    #[arg(short = 'o', long)]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum BriefFormat {
    Html,
    Md,
    Pdf,
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address to listen on. Any address other than loopback needs --token.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
    /// Bearer token every request must carry (Authorization: Bearer TOKEN).
    #[arg(long, env = "VIGIL_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Largest request body, in bytes (larger requests get 413).
    #[arg(long, default_value_t = 1 << 20)]
    max_body: usize,
    /// How often /api/v1/alerts/stream looks for newly stored alerts, in milliseconds.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(10..=60_000))]
    stream_poll_ms: u64,
}

#[derive(Clone, Copy, ValueEnum)]
enum SourceArg {
    Auto,
    Gdelt1,
    Gdelt2,
    Icews,
    Acled,
    Polecat,
    Curated,
}

#[derive(clap::Args)]
struct IngestArgs {
    /// Files or folders (folders are read recursively, in name order); `-` reads standard
    /// input (plain text, not a zip archive), e.g. a generator's or `unzip -p`'s output.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// What the rows and the catalog record as the origin of standard input (`-`).
    #[arg(long, default_value = "stdin", value_name = "NAME")]
    stdin_name: String,
    /// Input format; `auto` detects it from each file's first line.
    #[arg(long, value_enum, default_value = "auto")]
    source: SourceArg,
    /// A line (or quoted record) longer than this many bytes is set aside with its line
    /// number and reading resumes after it, so an unclosed quote cannot swallow a file.
    #[arg(long, default_value_t = vigil_ingest::DEFAULT_MAX_RECORD_BYTES, value_name = "BYTES")]
    max_line_bytes: usize,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum FetchCommand {
    /// Download GDELT 2.0 event exports listed in GDELT's master file list, then ingest them.
    Gdelt(FetchArgs),
}

#[derive(clap::Args)]
struct FetchArgs {
    /// First day (YYYY-MM-DD).
    #[arg(long)]
    from: String,
    /// Last day, inclusive (YYYY-MM-DD).
    #[arg(long)]
    to: String,
    /// Where masterfilelist.txt and the exports are.
    #[arg(long, default_value = GDELT2_BASE_URL)]
    base_url: String,
    /// Tries per file before giving up.
    #[arg(long, default_value_t = 5)]
    attempts: u32,
    /// First wait between tries, in milliseconds (doubled each retry).
    #[arg(long, default_value_t = 1000)]
    backoff_ms: u64,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct EventsArgs {
    /// Actor 1's country (ISO alpha-3, e.g. PRK).
    #[arg(long)]
    actor1: Option<String>,
    /// Actor 2's country.
    #[arg(long)]
    actor2: Option<String>,
    /// Both directions between two countries: A,B.
    #[arg(long, value_parser = parse_dyad)]
    dyad: Option<(String, String)>,
    /// First day (YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Last day, inclusive.
    #[arg(long)]
    to: Option<String>,
    /// CAMEO event code prefix (19 = fight, 0312 = intent to cooperate militarily).
    #[arg(long)]
    code: Option<String>,
    /// Quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    #[arg(long)]
    quad: Option<u8>,
    /// Add a column `sanctioned`: listed entities named by the actors or the evidence
    /// sentence (needs `vigil sanctions load`), with their match scores.
    #[arg(long)]
    sanctioned: bool,
    /// Only these sources (repeatable): gdelt1, gdelt2, icews, acled, curated, text.
    #[arg(long = "from-source")]
    sources: Vec<String>,
    /// Group the events into evidence clusters, the reports of one real-world event
    /// (same countries either way round, same CAMEO root, same or adjacent days), most
    /// reported first, each with its reports, sources, articles and most reported event;
    /// --limit counts clusters, and the totals go to standard error.
    #[arg(long, conflicts_with_all = ["after", "sanctioned"])]
    clusters: bool,
    /// At most this many events (newest first).
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Continue after the page that printed this cursor ("more events follow: add
    /// --after CURSOR" on standard error).
    #[arg(long)]
    after: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: OutputFormat,
}

#[derive(clap::Args)]
struct VerifyArgs {
    /// Also write rollups for parts that lack them (stores written before rollups) and
    /// rewrite those found differing, then check again.
    #[arg(long)]
    repair: bool,
    /// Print the findings as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct ExportArgs {
    /// The file to write ("-" with --manifest: standard output).
    #[arg(short, long)]
    output: PathBuf,
    /// File format of the events.
    #[arg(long, value_enum, default_value = "parquet")]
    format: ExportFormatArg,
    /// Only events meeting this SQL condition over the `events` columns, e.g.
    /// "actor1_country = 'PRK' AND date >= DATE '2024-01-01'".
    #[arg(long = "where")]
    condition: Option<String>,
    /// Write the manifest of the current catalog's files (JSON) instead of events.
    #[arg(long, conflicts_with_all = ["format", "condition"])]
    manifest: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormatArg {
    /// zstd Parquet.
    Parquet,
    /// Arrow IPC file (Feather v2).
    Arrow,
    /// CSV with a header line.
    Csv,
}

#[derive(clap::Args)]
struct CompactArgs {
    /// Parts with fewer rows than this are merged with the other small parts of their
    /// source and month.
    #[arg(long, default_value_t = 100_000)]
    small_rows: u64,
    /// Print what was done as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct SqlArgs {
    /// The query, e.g. "SELECT actor1_country, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC LIMIT 10".
    query: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: OutputFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum FreqArg {
    Day,
    Week,
    Month,
}

#[derive(Clone, Copy, ValueEnum)]
enum DirectionArg {
    Both,
    Ab,
    Ba,
}

#[derive(clap::Args)]
struct DyadArgs {
    /// First country (ISO alpha-3, e.g. PRK).
    a: vigil_model::Iso3,
    /// Second country (e.g. RUS).
    b: vigil_model::Iso3,
    /// First day (YYYY-MM-DD) [default: the dyad's first event].
    #[arg(long)]
    from: Option<String>,
    /// Last day, inclusive [default: the dyad's last event].
    #[arg(long)]
    to: Option<String>,
    /// Period length.
    #[arg(long, value_enum, default_value = "month")]
    freq: FreqArg,
    /// Which events count: both directions, A toward B, or B toward A.
    #[arg(long, value_enum, default_value = "both")]
    direction: DirectionArg,
    /// Also draw the indices, change points and anomalies as an SVG chart to this file.
    #[arg(long)]
    chart: Option<PathBuf>,
    /// Anomalies: periods of the baseline window (previous periods compared against).
    #[arg(long, default_value_t = 6)]
    anomaly_window: usize,
    /// Anomalies: robust z-score (median and MAD of the window) at or above which a period is flagged.
    #[arg(long, default_value_t = 3.5)]
    anomaly_threshold: f64,
    /// Only these sources (repeatable): gdelt1, gdelt2, icews, acled, polecat, curated, text.
    #[arg(long = "from-source", value_parser = parse_source)]
    sources: Vec<vigil_model::Source>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: OutputFormat,
}

#[derive(clap::Args)]
struct BlocsArgs {
    /// First day (YYYY-MM-DD) [default: all events].
    #[arg(long)]
    from: Option<String>,
    /// Last day, inclusive.
    #[arg(long)]
    to: Option<String>,
    /// Keep only pairs of countries with at least this many events between them.
    #[arg(long, default_value_t = 1)]
    min_events: u64,
    /// Also draw the blocs of the first window as an SVG node-link chart to this file.
    #[arg(long)]
    chart: Option<PathBuf>,
    /// A second window FROM..TO (YYYY-MM-DD..YYYY-MM-DD): which countries changed bloc, which ties changed most.
    #[arg(long)]
    compare: Option<String>,
    /// Only these sources (repeatable): gdelt1, gdelt2, icews, acled, polecat, curated, text.
    #[arg(long = "from-source", value_parser = parse_source)]
    sources: Vec<vigil_model::Source>,
    /// Output format (table or json).
    #[arg(long, value_enum, default_value = "table")]
    format: OutputFormat,
}

#[derive(clap::Args)]
struct StatsArgs {
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct DemoArgs {
    /// Build the demo store here instead of a temporary folder (kept afterwards).
    #[arg(long)]
    dir: Option<PathBuf>,
}

fn parse_source(s: &str) -> Result<vigil_model::Source, String> {
    vigil_model::Source::from_name(s).ok_or_else(|| {
        let names: Vec<&str> = vigil_model::Source::ALL.iter().map(|s| s.name()).collect();
        format!("{s:?} is not a source ({})", names.join(", "))
    })
}

fn parse_dyad(s: &str) -> Result<(String, String), String> {
    match s.split_once(',') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
            Ok((a.trim().into(), b.trim().into()))
        }
        _ => Err(format!("{s:?} is not a pair of country codes like PRK,RUS")),
    }
}

fn default_data_dir() -> PathBuf {
    if let Some(x) = std::env::var_os("XDG_DATA_HOME").filter(|x| !x.is_empty()) {
        return PathBuf::from(x).join("vigil");
    }
    match std::env::var_os("HOME") {
        Some(h) => PathBuf::from(h).join(".local/share/vigil"),
        None => PathBuf::from("vigil-data"),
    }
}

/// The error and its causes joined by ": ", leaving out a cause whose text the message
/// already holds (DataFusion errors, for one, repeat their source in their own text).
fn error_message(e: &anyhow::Error) -> String {
    let mut msg = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if msg.contains(&text) {
            continue;
        }
        if !msg.is_empty() {
            msg.push_str(": ");
        }
        msg.push_str(&text);
    }
    msg
}

fn main() {
    let cli = Cli::parse();
    if let Err(e) = run(cli) {
        let broken_pipe = e.chain().any(|c| {
            c.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        });
        if broken_pipe {
            // The reader of our output went away (`vigil sql ... | head`): not an error.
            std::process::exit(0);
        }
        eprintln!("error: {}", error_message(&e));
        std::process::exit(1);
    }
}

/// Set once from `--no-rollups`: stores opened for reading answer from the events.
static NO_ROLLUPS: AtomicBool = AtomicBool::new(false);

/// Set once from `--engine`: where queries run (`None`: in this process).
static ENGINE: std::sync::OnceLock<Option<Arc<dyn vigil_store::Engine>>> =
    std::sync::OnceLock::new();

/// The engine `--engine` names.
fn engine() -> Option<Arc<dyn vigil_store::Engine>> {
    ENGINE.get().cloned().flatten()
}

/// Reads `--engine`: `embedded`, or a cluster's `df://HOST:PORT`.
fn parse_engine(spec: &str) -> anyhow::Result<Option<Arc<dyn vigil_store::Engine>>> {
    if spec.is_empty() || spec == "embedded" {
        return Ok(None);
    }
    #[cfg(feature = "cluster")]
    {
        let cluster: Arc<dyn vigil_store::Engine> = Arc::new(vigil_cluster::Cluster::parse(spec)?);
        Ok(Some(cluster))
    }
    #[cfg(not(feature = "cluster"))]
    bail!(
        "--engine {spec:?}: this vigil was built without the `cluster` feature; build it with `cargo build --release -p vigil --features cluster`, or use --engine embedded"
    )
}

/// `store` with the engine `--engine` names.
pub fn on_engine(store: Store) -> Store {
    match engine() {
        Some(e) => store.with_engine(e),
        None => store,
    }
}

/// Opens the store at `dir` for reading, as `--no-rollups` and `--engine` ask.
pub fn read_store(dir: &Path) -> anyhow::Result<Store> {
    let store = on_engine(Store::open_read(dir)?);
    Ok(if NO_ROLLUPS.load(Ordering::Relaxed) {
        store.without_rollups()
    } else {
        store
    })
}

fn run(cli: Cli) -> anyhow::Result<()> {
    NO_ROLLUPS.store(cli.no_rollups, Ordering::Relaxed);
    let _ = ENGINE.set(parse_engine(&cli.engine)?);
    let data_dir = cli.data_dir.clone().unwrap_or_else(default_data_dir);
    match cli.command {
        Command::Ingest(a) => ingest(&data_dir, a),
        Command::Fetch(FetchCommand::Gdelt(a)) => fetch_gdelt(&data_dir, a),
        Command::Events(a) => events(&data_dir, a),
        Command::Sql(a) => {
            let batches = query(&data_dir, &a.query)?;
            output::print(&batches, a.format, &mut std::io::stdout().lock())
        }
        Command::Stats(a) => stats(&data_dir, a.json),
        Command::Verify(a) => verify(&data_dir, a),
        Command::Compact(a) => compact(&data_dir, a),
        Command::Export(a) => export(&data_dir, a),
        Command::Dyad(a) => dyad(&data_dir, a),
        Command::Blocs(a) => blocs(&data_dir, a),
        Command::Watch(a) => watch::watch(&data_dir, a),
        Command::Sanctions(c) => sanctions::sanctions(&data_dir, c),
        Command::Screen(a) => sanctions::screen(&data_dir, a),
        Command::Match(a) => sanctions::match_cmd(&data_dir, a),
        Command::Exposure(a) => sanctions::exposure(&data_dir, a),
        Command::Links(a) => sanctions::links(&data_dir, a),
        Command::Alerts(a) => watch::alerts(&data_dir, a),
        Command::Backtest(a) => watch::backtest_cmd(&data_dir, a),
        Command::Calibrate(a) => watch::calibrate_cmd(&data_dir, a),
        Command::Code(a) => code::code(&data_dir, a),
        Command::Demo(a) => demo::run(a.dir),
        Command::Serve(a) => serve(&data_dir, a),
        Command::Brief(a) => brief(&data_dir, a),
        #[cfg(feature = "cluster")]
        Command::Cluster(c) => cluster::run(c),
    }
}

/// The async runtime the query engine runs on.
fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

/// An optional `YYYY-MM-DD` argument as days since the epoch; the error names the option.
fn optional_day(s: &Option<String>, what: &str) -> anyhow::Result<Option<i32>> {
    s.as_deref()
        .map(|d| {
            vigil_model::date::parse_iso(d)
                .with_context(|| format!("{what}: {d:?} is not a date (YYYY-MM-DD)"))
        })
        .transpose()
}

/// Runs SQL on the store at `dir` and collects the result.
pub fn query(dir: &Path, sql: &str) -> anyhow::Result<Vec<RecordBatch>> {
    let store = read_store(dir)?;
    let rt = runtime()?;
    rt.block_on(async {
        let ctx = store.relations_session(None).await?;
        Ok(ctx.sql(sql).await?.collect().await?)
    })
}

fn events(dir: &Path, a: EventsArgs) -> anyhow::Result<()> {
    let filter = EventFilter {
        actor1: a.actor1,
        actor2: a.actor2,
        dyad: a.dyad,
        from: a.from,
        to: a.to,
        code: a.code,
        quad: a.quad,
        sources: a.sources,
        limit: Some(a.limit),
    };
    if a.limit == 0 {
        bail!("--limit must be at least 1");
    }
    let after = a
        .after
        .as_deref()
        .map(|c| {
            c.parse::<EventCursor>()
                .map_err(|e| anyhow!("--after: {e}"))
        })
        .transpose()?;
    let store = read_store(dir)?;
    if a.clusters {
        let page = runtime()?.block_on(store.event_clusters(&filter))?;
        output::print(
            std::slice::from_ref(&page.batch),
            a.format,
            &mut std::io::stdout().lock(),
        )?;
        eprintln!(
            "{} events in {} clusters{}",
            page.rows,
            page.clusters,
            if page.clusters > page.batch.num_rows() as u64 {
                format!(" (the {} most reported shown)", page.batch.num_rows())
            } else {
                String::new()
            }
        );
        return Ok(());
    }
    let page = runtime()?.block_on(store.events(&filter, after.as_ref()))?;
    let mut batches = page.batches;
    if a.sanctioned {
        let ix = vigil_sanctions::lists::open_index(dir)?;
        batches = vigil_monitor::screening::flag_events(&ix, batches)?;
    }
    output::print(&batches, a.format, &mut std::io::stdout().lock())?;
    if let Some(next) = page.next {
        eprintln!("more events follow: add --after {next}");
    }
    Ok(())
}

/// Files under the given paths, folders expanded recursively in name order.
fn expand(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == STDIN {
            if out.iter().any(|o: &PathBuf| o.as_os_str() == STDIN) {
                bail!("`-` (standard input) is given twice");
            }
            out.push(p.clone());
            continue;
        }
        let meta = std::fs::metadata(p).with_context(|| format!("{}", p.display()))?;
        if meta.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("{}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    !p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect();
            entries.sort();
            out.extend(expand(&entries)?);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Totals over several inputs.
#[derive(Default, serde::Serialize)]
struct Summary {
    files: usize,
    files_failed: usize,
    files_already_stored: usize,
    rows_read: u64,
    rows_stored: u64,
    rows_rejected: u64,
    rejected_by_reason: std::collections::BTreeMap<String, u64>,
    duplicates_skipped: u64,
    /// GDELT 1.0 rows GDELT 2.0 supersedes, set aside (of these inputs or stored before).
    rows_superseded: u64,
    seconds: f64,
    reports: Vec<FileReport>,
    errors: Vec<String>,
}

/// The path that names standard input.
const STDIN: &str = "-";

/// Ingests each input as one commit; `-` is standard input, recorded as `stdin_name`.
fn ingest_paths(
    store: &mut Store,
    files: &[(PathBuf, IngestOptions)],
    stdin_name: &str,
    quiet: bool,
) -> Summary {
    // Each file is read twice: hashed (to recognise inputs already stored), then parsed. A
    // stream is read once, hashed as it goes; its length is not known.
    let is_stdin = |p: &PathBuf| p.as_os_str() == STDIN;
    let size = |p: &PathBuf| 2 * std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let total: u64 = files
        .iter()
        .filter(|(p, _)| !is_stdin(p))
        .map(|(p, _)| size(p))
        .sum();
    let streaming = files.iter().any(|(p, _)| is_stdin(p));
    let bar = progress_bar(total, quiet).inspect(|bar| {
        if streaming {
            bar.set_length(u64::MAX);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {bytes} read ({bytes_per_sec}) {msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
        }
    });
    let start = Instant::now();
    let mut s = Summary {
        files: files.len(),
        ..Default::default()
    };
    let mut done_bytes = 0u64;
    for (path, opts) in files {
        let counter = Arc::new(AtomicU64::new(0));
        let finished = Arc::new(AtomicBool::new(false));
        let ticker = bar.clone().map(|bar| {
            let (counter, finished) = (counter.clone(), finished.clone());
            bar.set_message(
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            std::thread::spawn(move || {
                while !finished.load(Ordering::Relaxed) {
                    bar.set_position(done_bytes + counter.load(Ordering::Relaxed));
                    std::thread::sleep(Duration::from_millis(100));
                }
            })
        });
        let result = if is_stdin(path) {
            store.ingest_stream(stdin_name, &mut std::io::stdin().lock(), opts, counter)
        } else {
            store.ingest_file(path, opts, counter)
        };
        finished.store(true, Ordering::Relaxed);
        if let Some(t) = ticker {
            let _ = t.join();
        }
        if !is_stdin(path) {
            done_bytes += size(path);
        }
        match result {
            Ok(r) => {
                if r.already_stored {
                    s.files_already_stored += 1;
                } else {
                    s.rows_read += r.rows_read;
                    s.rows_stored += r.rows_stored;
                    s.duplicates_skipped += r.duplicates;
                    s.rows_superseded += r.superseded;
                    for (k, v) in &r.rejected {
                        s.rows_rejected += v;
                        *s.rejected_by_reason.entry(k.clone()).or_default() += v;
                    }
                }
                s.reports.push(r);
            }
            Err(e) => {
                s.files_failed += 1;
                let msg = e.to_string();
                if let Some(bar) = &bar {
                    bar.suspend(|| eprintln!("error: {msg}"));
                } else if !quiet {
                    eprintln!("error: {msg}");
                }
                s.errors.push(msg);
            }
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    s.seconds = start.elapsed().as_secs_f64();
    s
}

fn progress_bar(total: u64, quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    let style = indicatif::ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {percent:>3}% eta {eta} {msg}",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}

/// A spinner with a message on a terminal (nothing otherwise), for work of unknown length.
pub(crate) fn spinner(message: &str) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_message(message.to_string());
    bar.enable_steady_tick(Duration::from_millis(120));
    Some(bar)
}

fn print_summary(s: &Summary, json: bool) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, s)?;
        writeln!(out)?;
        return Ok(());
    }
    for r in &s.reports {
        let what = if r.already_stored {
            "already stored, nothing added".to_string()
        } else {
            format!(
                "{} rows stored, {} set aside",
                r.rows_stored,
                r.rejected.values().sum::<u64>()
            )
        };
        writeln!(out, "{}: {} ({}): {what}", r.path, r.format, r.detected)?;
        if let Some(f) = &r.rejects_file {
            writeln!(out, "  rows set aside are listed in {f}")?;
        }
        if let Some(f) = &r.superseded_file {
            writeln!(
                out,
                "  {} GDELT 1.0 rows added on days GDELT 2.0 covers are superseded, kept in {f}",
                r.superseded
            )?;
        }
    }
    if s.rows_superseded > 0 {
        writeln!(
            out,
            "GDELT 1.0 rows superseded by GDELT 2.0: {}",
            s.rows_superseded
        )?;
    }
    writeln!(
        out,
        "files: {} ({} failed, {} already stored)\nrows read: {}\nrows stored: {}\nrows set aside: {}{}\nduplicates skipped: {}\ntime: {:.2} s ({:.0} rows/s)",
        s.files,
        s.files_failed,
        s.files_already_stored,
        s.rows_read,
        s.rows_stored,
        s.rows_rejected,
        if s.rejected_by_reason.is_empty() {
            String::new()
        } else {
            format!(
                " ({})",
                s.rejected_by_reason
                    .iter()
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        },
        s.duplicates_skipped,
        s.seconds,
        s.rows_read as f64 / s.seconds.max(1e-9)
    )?;
    Ok(())
}

fn ingest(dir: &Path, a: IngestArgs) -> anyhow::Result<()> {
    let format = match a.source {
        SourceArg::Auto => None,
        SourceArg::Gdelt1 => Some(Format::Gdelt1),
        SourceArg::Gdelt2 => Some(Format::Gdelt2),
        SourceArg::Icews => Some(Format::Icews),
        SourceArg::Acled => Some(Format::Acled),
        SourceArg::Polecat => Some(Format::Polecat),
        SourceArg::Curated => Some(Format::Curated),
    };
    let files: Vec<_> = expand(&a.paths)?
        .into_iter()
        .map(|p| {
            let read = vigil_ingest::ReadOptions {
                max_record_bytes: a.max_line_bytes,
            };
            (
                p,
                IngestOptions {
                    format,
                    md5: None,
                    read,
                },
            )
        })
        .collect();
    let mut store = Store::open(dir)?;
    let summary = ingest_paths(&mut store, &files, &a.stdin_name, a.json);
    print_summary(&summary, a.json)?;
    if summary.files_failed > 0 {
        bail!(
            "{} of {} files failed; nothing was stored from them",
            summary.files_failed,
            summary.files
        );
    }
    Ok(())
}

fn yyyymmdd(s: &str, what: &str) -> anyhow::Result<u32> {
    let d = vigil_model::date::parse_iso(s)
        .with_context(|| format!("{what}: {s:?} is not a date (YYYY-MM-DD)"))?;
    let (y, m, day) = vigil_model::date::ymd_from_days(d);
    Ok(y as u32 * 10000 + m * 100 + day)
}

fn fetch_gdelt(dir: &Path, a: FetchArgs) -> anyhow::Result<()> {
    let (from, to) = (yyyymmdd(&a.from, "--from")?, yyyymmdd(&a.to, "--to")?);
    if from > to {
        bail!("--from {} is after --to {}", a.from, a.to);
    }
    let mut store = Store::open(dir)?;
    let mut fetcher = Fetcher::new(
        &a.base_url,
        vigil_datadir::DataDir::new(dir).downloads("gdelt2"),
    );
    fetcher.attempts = a.attempts;
    fetcher.backoff = Duration::from_millis(a.backoff_ms);
    let (entries, bad) = fetcher.exports("masterfilelist.txt", from, to)?;
    let todo: Vec<_> = entries
        .iter()
        .filter(|e| !store.catalog().has_md5(&e.md5))
        .collect();
    if !a.json {
        eprintln!(
            "{} exports listed between {} and {} ({} already stored, {} to fetch{})",
            entries.len(),
            a.from,
            a.to,
            entries.len() - todo.len(),
            todo.len(),
            if bad > 0 {
                format!("; {bad} unreadable list lines ignored")
            } else {
                String::new()
            }
        );
    }
    let mut files = Vec::new();
    let mut failures = Vec::new();
    let bar = progress_bar(todo.len() as u64, a.json);
    for e in &todo {
        if let Some(b) = &bar {
            b.set_message(e.name.clone());
        }
        match fetcher.download(e) {
            Ok(p) => files.push((p, IngestOptions::for_export(e))),
            Err(err) => failures.push(err.to_string()),
        }
        if let Some(b) = &bar {
            b.inc(1);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let mut summary = ingest_paths(&mut store, &files, "stdin", a.json);
    summary.files += failures.len();
    summary.files_failed += failures.len();
    for f in &failures {
        if !a.json {
            eprintln!("error: {f}");
        }
    }
    summary.errors.extend(failures);
    print_summary(&summary, a.json)?;
    if summary.files_failed > 0 {
        bail!(
            "{} files could not be fetched or ingested; run the same command again to resume",
            summary.files_failed
        );
    }
    Ok(())
}

fn serve(dir: &Path, a: ServeArgs) -> anyhow::Result<()> {
    let config = vigil_server::ServeConfig {
        data_dir: dir.to_path_buf(),
        addr: a.addr,
        token: a.token.filter(|t| !t.is_empty()),
        max_body: a.max_body,
        stream_poll: std::time::Duration::from_millis(a.stream_poll_ms),
        engine: engine(),
    };
    runtime()?.block_on(async {
        let (listener, state) = vigil_server::bind(config).await?;
        eprintln!(
            "serving {} on http://{}/api/v1/ (OpenAPI at /api/v1/openapi.json, a browsable page at /api/docs){}; Ctrl-C stops",
            dir.display(),
            state.bound,
            if state.config.token.is_some() {
                ", bearer token required"
            } else {
                ""
            }
        );
        vigil_server::serve(listener, state).await?;
        Ok(())
    })
}

fn brief(dir: &Path, a: BriefArgs) -> anyhow::Result<()> {
    use vigil_monitor::brief;
    let store = read_store(dir)?;
    let rt = runtime()?;
    let (from, to) = match (&a.week, &a.from, &a.to) {
        (Some(w), _, _) => brief::iso_week(w)
            .with_context(|| format!("--week: {w:?} is not an ISO week (e.g. 2024-W25)"))?,
        (None, Some(_), Some(_)) => (
            optional_day(&a.from, "--from")?.expect("given"),
            optional_day(&a.to, "--to")?.expect("given"),
        ),
        _ => rt
            .block_on(brief::default_period(&store))?
            .context("the store holds no events; ingest some, or give --week or --from/--to")?,
    };
    if from > to {
        bail!("--from is after --to");
    }
    if a.format == BriefFormat::Pdf && a.output.is_none() {
        bail!("--format pdf needs -o FILE.pdf");
    }
    let b = rt.block_on(brief::build(&store, dir, a.watchlist.as_deref(), from, to))?;
    let text = match a.format {
        BriefFormat::Md => {
            let stem = a
                .output
                .as_deref()
                .and_then(|p| p.file_stem())
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_else(|| "brief".into());
            if let Some(out) = &a.output {
                let folder = out.parent().unwrap_or(Path::new("."));
                for (name, svg) in b.charts(&stem) {
                    std::fs::write(folder.join(&name), svg)
                        .with_context(|| folder.join(&name).display().to_string())?;
                }
            }
            b.markdown(&stem)
        }
        _ => b.html(),
    };
    match (a.format, &a.output) {
        (BriefFormat::Pdf, Some(out)) => output::print_pdf(&text, out)?,
        (_, Some(out)) => std::fs::write(out, &text).with_context(|| out.display().to_string())?,
        (_, None) => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    if let Some(out) = &a.output {
        eprintln!(
            "brief of {} to {} written to {}",
            b.from,
            b.to,
            out.display()
        );
    }
    Ok(())
}

fn verify(dir: &Path, a: VerifyArgs) -> anyhow::Result<()> {
    let rt = runtime()?;
    let mut v = rt.block_on(read_store(dir)?.verify())?;
    let mut repaired = 0;
    if a.repair && (!v.parts_without_rollups.is_empty() || !v.differing_months.is_empty()) {
        let mut store = Store::open(dir)?;
        repaired = store.repair(&v.differing_months, &v.differing_segments)?;
        drop(store);
        v = rt.block_on(read_store(dir)?.verify())?;
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        let mut value = serde_json::to_value(&v)?;
        value["sound"] = v.sound().into();
        value["repaired_parts"] = repaired.into();
        serde_json::to_writer_pretty(&mut out, &value)?;
        writeln!(out)?;
    } else {
        writeln!(out, "store: {}", dir.display())?;
        writeln!(
            out,
            "parts: {} ({} with rollups, {} without)",
            v.parts,
            v.parts_with_rollups,
            v.parts_without_rollups.len()
        )?;
        if repaired > 0 {
            writeln!(out, "repaired: rollups written for {repaired} parts")?;
        }
        writeln!(
            out,
            "rollups checked: {} events against {} daily rows; differences: {} daily, {} per country",
            v.events_checked, v.daily_rows, v.daily_differences, v.country_differences
        )?;
        for u in &v.unreadable {
            writeln!(out, "unreadable: {}", output::escape_for_terminal(u, 400))?;
        }
        for m in &v.misplaced {
            writeln!(out, "misplaced: {m}")?;
        }
        for (p, cat, file) in &v.row_counts_differ {
            writeln!(out, "rows differ: {p}: catalog {cat}, file {file}")?;
        }
        for e in &v.examples {
            writeln!(out, "differs: {e}")?;
        }
        if !v.parts_without_rollups.is_empty() && !a.repair {
            writeln!(
                out,
                "{} parts have no rollups (written before rollups existed): their rollups are computed from the events when asked; `vigil verify --repair` writes them",
                v.parts_without_rollups.len()
            )?;
        }
        writeln!(out, "{}", if v.sound() { "sound" } else { "NOT SOUND" })?;
    }
    if !v.sound() {
        std::process::exit(1);
    }
    Ok(())
}

fn export(dir: &Path, a: ExportArgs) -> anyhow::Result<()> {
    use vigil_store::export::ExportFormat;
    let store = read_store(dir)?;
    if a.manifest {
        let m = store.manifest()?;
        let text = serde_json::to_string_pretty(&m)?;
        if a.output.as_os_str() == "-" {
            println!("{text}");
        } else {
            vigil_datadir::atomic_write(&a.output, format!("{text}\n").as_bytes())
                .with_context(|| format!("writing {}", a.output.display()))?;
            eprintln!(
                "manifest of {} files ({} events) written to {}",
                m.files.len(),
                m.rows,
                a.output.display()
            );
        }
        return Ok(());
    }
    if a.output.as_os_str() == "-" {
        bail!("--output -: events are written to a file (standard output takes --manifest only)");
    }
    let format = match a.format {
        ExportFormatArg::Parquet => ExportFormat::Parquet,
        ExportFormatArg::Arrow => ExportFormat::Arrow,
        ExportFormatArg::Csv => ExportFormat::Csv,
    };
    let done = runtime()?.block_on(store.export(format, a.condition.as_deref(), &a.output))?;
    eprintln!(
        "{} events written to {} (catalog {})",
        done.rows, done.path, done.catalog
    );
    Ok(())
}

fn compact(dir: &Path, a: CompactArgs) -> anyhow::Result<()> {
    let mut store = Store::open(dir)?;
    let before = store.catalog().parts().count();
    let c = store.compact(a.small_rows)?;
    let after = store.catalog().parts().count();
    let segments = store.catalog().live_segments().len();
    let mut out = std::io::stdout().lock();
    if a.json {
        let mut v = serde_json::to_value(c)?;
        v["parts_before"] = before.into();
        v["parts_after"] = after.into();
        v["rollup_segments"] = segments.into();
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
    } else {
        if c.parts_merged == 0 {
            writeln!(
                out,
                "no parts to merge: no month has two parts under {} rows",
                a.small_rows
            )?;
        } else {
            writeln!(
                out,
                "compacted: {} parts merged into {}; the store has {after} parts (was {before})",
                c.parts_merged, c.parts_written
            )?;
        }
        writeln!(
            out,
            "rollup segments: {} written, {} unchanged; queries read {segments} segments for the parts they cover",
            c.segments_written, c.segments_kept
        )?;
    }
    Ok(())
}

fn stats(dir: &Path, json: bool) -> anyhow::Result<()> {
    let store = read_store(dir)?;
    let s = store.stats();
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &s)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "store: {}", dir.display())?;
    writeln!(out, "events: {} in {} Parquet files", s.rows, s.parts)?;
    for (name, src) in &s.sources {
        writeln!(
            out,
            "\n{name}: {} events from {} inputs, {} rows set aside",
            src.rows, src.inputs, src.rejected
        )?;
        for (reason, n) in &src.rejected_by_reason {
            writeln!(out, "  set aside, {reason}: {n}")?;
        }
        writeln!(out, "  month     events")?;
        for (m, n) in &src.months {
            writeln!(out, "  {}-{:02}  {n:>8}", m / 100, m % 100)?;
        }
    }
    Ok(())
}

fn dyad(dir: &Path, a: DyadArgs) -> anyhow::Result<()> {
    use vigil_monitor::relations::{Direction, Freq, sparkline};

    let store = read_store(dir)?;
    let query = vigil_monitor::relations::DyadQuery {
        from: optional_day(&a.from, "--from")?,
        to: optional_day(&a.to, "--to")?,
        freq: match a.freq {
            FreqArg::Day => Freq::Day,
            FreqArg::Week => Freq::Week,
            FreqArg::Month => Freq::Month,
        },
        direction: match a.direction {
            DirectionArg::Both => Direction::Both,
            DirectionArg::Ab => Direction::AB,
            DirectionArg::Ba => Direction::BA,
        },
        anomaly_window: a.anomaly_window,
        anomaly_threshold: a.anomaly_threshold,
        sources: a.sources.clone(),
        ..vigil_monitor::relations::DyadQuery::new(a.a, a.b)
    };
    let (ca, cb) = (a.a, a.b);
    let Some(report) =
        runtime()?.block_on(vigil_monitor::relations::dyad_report(&store, &query))?
    else {
        bail!(
            "the store has no events between {ca} and {cb}; give --from and --to to see an empty series"
        );
    };
    let points = &report.points;
    let coop: Vec<f64> = points.iter().map(|p| p.cooperation_index).collect();
    let conf: Vec<f64> = points.iter().map(|p| p.conflict_index).collect();
    let changes = &report.change_points;
    let anomalies = &report.anomalies;
    if let Some(path) = &a.chart {
        let svg = report.chart();
        std::fs::write(path, svg)
            .with_context(|| format!("writing the chart {}", path.display()))?;
    }
    let mut out = std::io::stdout().lock();
    match a.format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        OutputFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            for p in points {
                w.serialize(p)?;
            }
            w.flush()?;
        }
        OutputFormat::Table => {
            let f = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_else(|| "-".into());
            let pct = |v: Option<f64>| {
                v.map(|v| format!("{:.1}%", 100.0 * v))
                    .unwrap_or_else(|| "-".into())
            };
            writeln!(out, "dyad {ca}-{cb}, {} to {}", report.from, report.to)?;
            writeln!(
                out,
                "{:<10} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>9} {:>6} {:>8} {:>8} {:>8} {:>8}",
                "period",
                "a->b",
                "b->a",
                "vcoop",
                "mcoop",
                "vconf",
                "mconf",
                "goldstein",
                "tone",
                "coop_idx",
                "conf_idx",
                "share_a",
                "share_b"
            )?;
            for p in points {
                writeln!(
                    out,
                    "{:<10} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>9} {:>6} {:>8.2} {:>8.2} {:>8} {:>8}",
                    p.period,
                    p.a_to_b,
                    p.b_to_a,
                    p.verbal_cooperation,
                    p.material_cooperation,
                    p.verbal_conflict,
                    p.material_conflict,
                    f(p.goldstein_mean),
                    f(p.tone_mean),
                    p.cooperation_index,
                    p.conflict_index,
                    pct(p.share_of_a),
                    pct(p.share_of_b)
                )?;
            }
            writeln!(out, "cooperation index {}", sparkline(&coop))?;
            writeln!(out, "conflict index    {}", sparkline(&conf))?;
            writeln!(
                out,
                "indices: dyad events per 1,000 events involving {ca} or {cb} in the period"
            )?;
            for (name, list) in [
                ("cooperation index", &changes.cooperation_index),
                ("conflict index", &changes.conflict_index),
            ] {
                if list.is_empty() {
                    writeln!(
                        out,
                        "change points in the {name}: none (PELT, penalty 2 ln n)"
                    )?;
                    continue;
                }
                writeln!(out, "change points in the {name} (PELT, penalty 2 ln n):")?;
                for c in list {
                    let strength = c.strength.map(|v| format!("{v:.1} sigma"));
                    writeln!(
                        out,
                        "  {}  {:.2} -> {:.2}  strength {}",
                        c.period,
                        c.before,
                        c.after,
                        strength.unwrap_or_else(|| "exact step".into())
                    )?;
                }
            }
            writeln!(
                out,
                "anomalies in dyad events (robust z >= {} against the previous {} periods): {}",
                a.anomaly_threshold,
                a.anomaly_window,
                if anomalies.is_empty() { "none" } else { "" }
            )?;
            for an in anomalies {
                writeln!(
                    out,
                    "  {}  {} events, baseline {}, z {:.1}",
                    an.period, an.events, an.baseline, an.z
                )?;
                for e in &an.top_events {
                    let text = |v: Option<&str>| output::escape_for_terminal(v.unwrap_or(""), 100);
                    let source = match &e.evidence {
                        Some(ev) => text(Some(ev)),
                        None => text(e.url.as_deref()),
                    };
                    writeln!(
                        out,
                        "    {} {} {} {} {}: {}",
                        text(Some(&e.date)),
                        text(e.actor1_code.as_deref()),
                        text(e.event_code.as_deref().or(Some("---"))),
                        text(e.actor2_code.as_deref()),
                        match (e.num_mentions, e.num_sources) {
                            (Some(m), _) => format!("{m} mentions"),
                            (None, Some(n)) => format!("{n} sources"),
                            _ => "unreported".into(),
                        },
                        source
                    )?;
                }
            }
        }
    }
    Ok(())
}

fn blocs(dir: &Path, a: BlocsArgs) -> anyhow::Result<()> {
    use vigil_monitor::relations::{BlocQuery, TieChange, bloc_report};

    let store = read_store(dir)?;
    let window = (
        optional_day(&a.from, "--from")?,
        optional_day(&a.to, "--to")?,
    );
    let compare = match &a.compare {
        None => None,
        Some(spec) => {
            let (f, t) = spec
                .split_once("..")
                .with_context(|| format!("--compare: {spec:?} is not FROM..TO"))?;
            Some((
                optional_day(&Some(f.to_string()), "--compare")?,
                optional_day(&Some(t.to_string()), "--compare")?,
            ))
        }
    };
    let query = BlocQuery {
        window,
        compare,
        min_events: a.min_events,
        sources: a.sources.clone(),
    };
    let report = runtime()?.block_on(bloc_report(&store, &query))?;
    if let Some(path) = &a.chart {
        let window = format!(
            "{} to {}",
            a.from.as_deref().unwrap_or("first event"),
            a.to.as_deref().unwrap_or("last event")
        );
        std::fs::write(path, report.chart(&window))
            .with_context(|| format!("writing the chart {}", path.display()))?;
    }
    let mut out = std::io::stdout().lock();
    if a.format == OutputFormat::Json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
        return Ok(());
    }
    use vigil_monitor::relations::BlocPartition as Partition;
    let show = |out: &mut dyn Write, title: &str, p: &Partition| -> anyhow::Result<()> {
        writeln!(
            out,
            "{title}: {} blocs, modularity {:.3}",
            p.blocs.len(),
            p.modularity
        )?;
        for (i, b) in p.blocs.iter().enumerate() {
            writeln!(
                out,
                "  bloc {i} ({} countries): {}",
                b.members.len(),
                b.members.join(" ")
            )?;
            let ties: Vec<String> = b
                .strongest_ties
                .iter()
                .map(|(x, y, w)| format!("{x}-{y} {w:.0}"))
                .collect();
            if !ties.is_empty() {
                writeln!(out, "    strongest ties: {}", ties.join(", "))?;
            }
        }
        Ok(())
    };
    show(&mut out, "first window", &report.partition)?;
    if let Some(c) = &report.compare {
        let p2 = Partition {
            blocs: c.blocs.clone(),
            modularity: c.modularity,
        };
        show(&mut out, "second window", &p2)?;
        writeln!(
            out,
            "changed bloc: {}",
            if c.moved.is_empty() {
                "none".to_string()
            } else {
                c.moved
                    .iter()
                    .map(|m| format!("{} (bloc {} -> {})", m.country, m.from_bloc, m.to_bloc))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        )?;
        let list = |v: &[TieChange]| {
            if v.is_empty() {
                return "none".to_string();
            }
            v.iter()
                .take(5)
                .map(|t| format!("{}-{} {:+.0}", t.a, t.b, t.change))
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(out, "ties strengthened most: {}", list(&c.strengthened))?;
        writeln!(out, "ties weakened most: {}", list(&c.weakened))?;
    }
    writeln!(
        out,
        "tie weight: cooperative minus conflictual events between the two countries, both directions, when positive"
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_messages_do_not_repeat_a_cause_already_in_the_text() {
        let inner = std::io::Error::other("disk full");
        let e = anyhow::Error::new(inner).context("writing x: disk full");
        assert_eq!(error_message(&e), "writing x: disk full");
        let e = anyhow::anyhow!("root cause").context("opening the store");
        assert_eq!(error_message(&e), "opening the store: root cause");
    }
}
