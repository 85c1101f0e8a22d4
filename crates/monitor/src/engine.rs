//! Evaluating the monitors over the store.
//!
//! One aggregate query feeds all four event monitors and the alliances monitor's index
//! series: events per (day, actor 1 country, actor 2 country, quad class) over every event
//! involving a watched country, with one column per event monitor counting the events its
//! definition accepts. Scores are computed from those counts in memory; evidence is then
//! fetched for the alerts only, in batched queries (most reported events first).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Date32Type, Int32Type, Int64Type};
use datafusion::prelude::SessionContext;
use serde::Serialize;
use vigil_analytics::blocs;
use vigil_analytics::changepoint;
use vigil_analytics::dyad::{self, DayCounts, Direction, Freq};
use vigil_model::date::{format_iso, parse_iso};
use vigil_store::Store;

use crate::MonitorError;
use crate::alert::{Alert, ClusterInfo, Evidence, Period, Severity};
use crate::config::{Config, EventMonitor, Normalise, Side, Subject, Watch, keyword_words};

/// Which periods may raise alerts. Earlier periods are still read as baseline.
#[derive(Debug, Clone, PartialEq)]
pub enum Scope {
    /// Every period in the store.
    All,
    /// Periods overlapping one of these inclusive day ranges (days since 1970-01-01).
    Ranges(Vec<(i32, i32)>),
}

impl Scope {
    pub(crate) fn touches(&self, start: i32, end: i32) -> bool {
        match self {
            Scope::All => true,
            Scope::Ranges(r) => r.iter().any(|&(f, t)| f <= end && start <= t),
        }
    }
}

/// One subject's counts per period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubjectSeries {
    pub subject: String,
    pub counts: Vec<u64>,
}

/// What one monitor did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonitorRun {
    /// Monitor name.
    pub monitor: String,
    /// Countries or pairs it evaluated.
    pub subjects: usize,
    /// Periods per subject.
    pub periods: usize,
    /// Events its definition accepted (involving a subject).
    pub matched_events: u64,
    /// Per subject (a country, or a pair "A-B"), the events its definition accepted in
    /// each period, oldest first (for the alliances monitor, all events between the pair
    /// over its history window): the sparklines of the dashboard's overview.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<SubjectSeries>,
    /// The first day of each period of `series` (YYYY-MM-DD).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub period_starts: Vec<String>,
    /// Alerts it raised.
    pub alerts: usize,
}

/// The outcome of an evaluation: alerts (not yet merged into the log) and per-monitor runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// Alerts, in period order.
    pub alerts: Vec<Alert>,
    /// One entry per enabled monitor.
    pub runs: Vec<MonitorRun>,
}

/// The SQL condition under which an event counts for `m` (codes or keywords, and roles).
/// Every value written into it was validated when the configuration was read.
pub fn definition_sql(m: &EventMonitor) -> String {
    let mut any = Vec::new();
    if !m.codes.is_empty() {
        any.push(codes_sql(&m.codes));
    }
    if let Some(text) = text_sql(m) {
        any.push(text);
    }
    let mut all = vec![format!("({})", any.join(" OR "))];
    all.extend(roles_sql(&m.actor1_roles, &m.actor2_roles));
    all.join(" AND ")
}

/// The part of `m`'s definition the daily rollups can answer (event codes and roles), or
/// `None` when it has no codes.
fn rollup_sql(m: &EventMonitor) -> Option<String> {
    if m.codes.is_empty() {
        return None;
    }
    let mut all = vec![codes_sql(&m.codes)];
    all.extend(roles_sql(&m.actor1_roles, &m.actor2_roles));
    Some(all.join(" AND "))
}

/// The part of `m`'s definition only the events can answer: events its codes do not
/// accept but its keywords or listed names do (so none is counted twice), or `None` when
/// it has neither keywords nor listed names.
fn scan_sql(m: &EventMonitor) -> Option<String> {
    let text = text_sql(m)?;
    let mut all = vec![format!("({text})")];
    if !m.codes.is_empty() {
        all.push(format!("NOT coalesce({}, FALSE)", codes_sql(&m.codes)));
    }
    all.extend(roles_sql(&m.actor1_roles, &m.actor2_roles));
    Some(all.join(" AND "))
}

pub(crate) fn codes_sql(codes: &[String]) -> String {
    let any: Vec<String> = codes
        .iter()
        .map(|c| format!("starts_with(event_code, '{c}')"))
        .collect();
    format!("({})", any.join(" OR "))
}

/// Any keyword in the evidence sentence or URL.
pub(crate) fn keywords_sql(keywords: &[String]) -> String {
    format!(
        "regexp_like(lower(concat_ws(' ', evidence, url)), '{}')",
        keyword_regex(keywords)
    )
}

/// An actor among the listed names.
pub(crate) fn listed_sql(listed: &BTreeMap<String, String>) -> String {
    let names: Vec<String> = listed
        .keys()
        .map(|n| format!("'{}'", n.replace('\'', "''")))
        .collect();
    let names = names.join(", ");
    format!("upper(actor1_name) IN ({names}) OR upper(actor2_name) IN ({names})")
}

/// Keywords in the evidence or URL, or an actor among the listed names.
fn text_sql(m: &EventMonitor) -> Option<String> {
    let mut any = Vec::new();
    if !m.keywords.is_empty() {
        any.push(keywords_sql(&m.keywords));
    }
    if !m.listed_names.is_empty() {
        any.push(listed_sql(&m.listed_names));
    }
    (!any.is_empty()).then(|| any.join(" OR "))
}

pub(crate) fn roles_sql(actor1_roles: &[String], actor2_roles: &[String]) -> Vec<String> {
    let mut all = Vec::new();
    for (col, roles) in [("actor1_role", actor1_roles), ("actor2_role", actor2_roles)] {
        if !roles.is_empty() {
            let list: Vec<String> = roles
                .iter()
                .map(|r| format!("'{}'", r.to_ascii_uppercase()))
                .collect();
            all.push(format!("{col} IN ({})", list.join(", ")));
        }
    }
    all
}

/// A regular expression matching any keyword at the start of a word of lower-cased text.
fn keyword_regex(keywords: &[String]) -> String {
    let alts: Vec<String> = keywords
        .iter()
        .filter_map(|k| keyword_words(k).ok())
        .map(|w| w.join("[^a-z0-9]+"))
        .collect();
    format!("(^|[^a-z0-9])({})", alts.join("|"))
}

/// The first keyword found at the start of a word of `text`, as the query finds it.
pub fn keyword_hit<'a>(text: &str, keywords: &'a [String]) -> Option<&'a str> {
    let norm: String = text
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = norm.split_whitespace().collect();
    keywords.iter().map(String::as_str).find(|k| {
        let Ok(kw) = keyword_words(k) else {
            return false;
        };
        (0..words.len()).any(|i| {
            i + kw.len() <= words.len()
                && kw.iter().enumerate().all(|(j, w)| {
                    if j + 1 == kw.len() {
                        words[i + j].starts_with(w.as_str())
                    } else {
                        words[i + j] == w
                    }
                })
        })
    })
}

/// Why an event satisfies `m`, or `None` if it does not (the Rust twin of
/// [`definition_sql`], used to explain evidence and to check it).
pub fn explain(
    m: &EventMonitor,
    event_code: &str,
    text: &str,
    roles: (Option<&str>, Option<&str>),
) -> Option<String> {
    for (want, have) in [(&m.actor1_roles, roles.0), (&m.actor2_roles, roles.1)] {
        if !want.is_empty() && !have.is_some_and(|h| want.iter().any(|w| w.eq_ignore_ascii_case(h)))
        {
            return None;
        }
    }
    if let Some(c) = m.codes.iter().find(|c| event_code.starts_with(c.as_str())) {
        let name = vigil_model::cameo::event(c).map(|e| e.name).unwrap_or("");
        return Some(format!("CAMEO {event_code} falls under {c} ({name})"));
    }
    keyword_hit(text, &m.keywords).map(|k| format!("text mentions \"{k}\""))
}

/// Why an event counts because of its actors: one of them is a listed entity.
pub fn listed_actor(m: &EventMonitor, names: (Option<&str>, Option<&str>)) -> Option<String> {
    [names.0, names.1].into_iter().flatten().find_map(|n| {
        m.listed_names
            .get(&n.to_uppercase())
            .map(|e| format!("actor {n:?} is listed: {e}"))
    })
}

/// The monitors with `listed_actors` learn which actor names of the store's events about
/// the watched countries are listed entities, when sanctions lists are loaded.
async fn with_listed_actors(
    store: &Store,
    ctx: &SessionContext,
    cfg: &Config,
    watched: &str,
) -> Result<Config, MonitorError> {
    let mut cfg = cfg.clone();
    let wants = cfg
        .event_monitors()
        .iter()
        .any(|(_, m)| m.enabled && m.listed_actors)
        || cfg.tripwires.iter().any(|t| t.enabled && t.listed);
    let loaded = vigil_sanctions::lists::catalog(store.dir())
        .map(|c| !c.inputs.is_empty())
        .unwrap_or(false);
    if !wants || !loaded {
        return Ok(cfg);
    }
    let ix = vigil_sanctions::lists::open_index(store.dir())
        .map_err(|e| MonitorError::Query(e.to_string()))?;
    let sql = format!(
        "SELECT DISTINCT upper(actor1_name) AS n FROM events WHERE actor1_country IN ({watched}) AND actor1_name IS NOT NULL \
         UNION SELECT DISTINCT upper(actor2_name) AS n FROM events WHERE actor2_country IN ({watched}) AND actor2_name IS NOT NULL"
    );
    let mut listed = std::collections::BTreeMap::new();
    for batch in collect(ctx, &sql).await? {
        for name in strings(batch.column(0))?.into_iter().flatten() {
            if let Some(m) = ix.listed_name(&name) {
                listed.insert(name, format!("{} ({})", m.caption, m.entity_id));
            }
        }
    }
    let m = &mut cfg.monitors;
    for em in [
        &mut m.escalation,
        &mut m.sanctions,
        &mut m.collaboration,
        &mut m.proliferation,
    ] {
        if em.listed_actors {
            em.listed_names = listed.clone();
        }
    }
    // Tripwires with `listed` also take events whose sentence names a listed entity.
    let mut named = std::collections::BTreeMap::new();
    if cfg.tripwires.iter().any(|t| t.enabled && t.listed) {
        let sql = format!(
            "SELECT event_id, evidence FROM events WHERE (actor1_country IN ({watched}) OR actor2_country IN ({watched})) \
             AND evidence IS NOT NULL{}",
            cfg.watch.sources_sql()
        );
        for batch in collect(ctx, &sql).await? {
            let ids = strings(batch.column(0))?;
            let text = strings(batch.column(1))?;
            for (id, text) in ids.into_iter().zip(text) {
                let (Some(id), Some(text)) = (id, text) else {
                    continue;
                };
                if let Some(m) = ix.listed_in_event(&[], Some(&text)).first() {
                    named.insert(id, format!("{} ({})", m.caption, m.entity_id));
                }
            }
        }
    }
    for t in cfg.tripwires.iter_mut().filter(|t| t.listed) {
        t.listed_names = listed.clone();
        t.listed_events = named.clone();
    }
    Ok(cfg)
}

/// One row of the aggregate: events on a day from one country to another, by quad class.
struct Row {
    day: i32,
    a1: Option<String>,
    a2: Option<String>,
    quad: i32,
    events: u64,
    matched: Vec<u64>,
}

fn strings(col: &dyn Array) -> Result<Vec<Option<String>>, MonitorError> {
    let c = cast(col, &DataType::Utf8).map_err(|e| MonitorError::Query(e.to_string()))?;
    let c = c.as_string::<i32>();
    Ok((0..c.len())
        .map(|i| (!c.is_null(i)).then(|| c.value(i).to_string()))
        .collect())
}

pub(crate) fn sql_list(items: &BTreeSet<String>) -> String {
    items
        .iter()
        .map(|c| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) async fn collect(
    ctx: &SessionContext,
    sql: &str,
) -> Result<Vec<RecordBatch>, MonitorError> {
    let df = ctx
        .sql(sql)
        .await
        .map_err(|e| MonitorError::Query(format!("{e}\nquery: {sql}")))?;
    df.collect()
        .await
        .map_err(|e| MonitorError::Query(e.to_string()))
}

/// How alerts are found: with all the data at hand, or as a live run would have found
/// them day by day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Every period judged on all its events (what `watch` does on the data it has).
    #[default]
    Retrospective,
    /// Each alert raised on the first day a run seeing only events dated up to that day
    /// would raise it, and stamped with that day (`Alert::raised`): rate monitors check
    /// each day's running count against the baseline of earlier periods; the alliances
    /// monitor re-runs PELT on the series up to each period's end (its last `history`
    /// periods) and raises a change when first found; bloc moves at the end of their
    /// window; tripwires on their event's first day. Scope is always the whole store.
    Replay,
}

/// Runs every enabled monitor of `cfg` over `store`; alerts only for periods in `scope`.
pub async fn evaluate(
    store: &Store,
    cfg: &Config,
    scope: &Scope,
) -> Result<Evaluation, MonitorError> {
    evaluate_as(store, cfg, scope, Mode::Retrospective).await
}

/// [`evaluate`], retrospectively or replayed ([`Mode`]).
pub async fn evaluate_as(
    store: &Store,
    cfg: &Config,
    scope: &Scope,
    mode: Mode,
) -> Result<Evaluation, MonitorError> {
    let replay = mode == Mode::Replay;
    let scope = if replay { &Scope::All } else { scope };
    let ctx = store
        .relations_session(None)
        .await
        .map_err(|e| MonitorError::Query(e.to_string()))?;
    let monitors: Vec<(&str, &EventMonitor)> = cfg
        .event_monitors()
        .into_iter()
        .filter(|(_, m)| m.enabled)
        .collect();

    let mut watched: BTreeSet<String> = cfg.countries().into_iter().collect();
    for (a, b) in cfg.dyads() {
        watched.insert(a);
        watched.insert(b);
    }
    // Tripwires' "watched" is the countries and pairs of the watchlist, not the reactors.
    let countries = watched.clone();
    for (_, m) in &monitors {
        watched.extend(m.reactors.iter().map(|r| r.to_ascii_uppercase()));
    }
    let list = sql_list(&watched);
    let cfg = &with_listed_actors(store, &ctx, cfg, &list).await?;
    let monitors: Vec<(&str, &EventMonitor)> = cfg
        .event_monitors()
        .into_iter()
        .filter(|(_, m)| m.enabled)
        .collect();
    let rows = counts(&ctx, &monitors, &list, &cfg.watch.sources_sql()).await?;

    let mut out = Evaluation {
        alerts: Vec::new(),
        runs: Vec::new(),
    };
    let (Some(first), Some(last)) = (
        rows.iter().map(|r| r.day).min(),
        rows.iter().map(|r| r.day).max(),
    ) else {
        for (name, _) in &monitors {
            out.runs.push(empty_run(name));
        }
        if cfg.monitors.alliances.enabled {
            out.runs.push(empty_run("alliances"));
        }
        if cfg.tripwires.iter().any(|t| t.enabled) {
            out.runs.push(empty_run("tripwires"));
        }
        return Ok(out);
    };

    for (k, (name, m)) in monitors.iter().enumerate() {
        let freq = m.period.unwrap_or(cfg.watch.period).freq();
        let axis = Axis::new(freq, first, last);
        let (mut alerts, run) =
            rate_monitor(name, m, k, &rows, &axis, cfg, Judging { scope, replay });
        fetch_evidence(store, name, m, &mut alerts, &cfg.watch).await?;
        out.runs.push(MonitorRun {
            alerts: alerts.len(),
            ..run
        });
        out.alerts.extend(alerts);
    }
    if cfg.monitors.alliances.enabled {
        let (alerts, run) = alliances(store, cfg, &rows, (first, last), scope, replay).await?;
        out.runs.push(run);
        out.alerts.extend(alerts);
    }
    if cfg.tripwires.iter().any(|t| t.enabled) {
        let (alerts, run) =
            crate::tripwire::evaluate(store, cfg, &countries, (first, last), scope, replay).await?;
        out.runs.push(run);
        out.alerts.extend(alerts);
    }
    out.alerts
        .sort_by(|a, b| (&a.period.start, &a.id).cmp(&(&b.period.start, &b.id)));
    Ok(out)
}

/// Events per (day, actor 1 country, actor 2 country, quad class) involving a watched
/// country, with the events each monitor's definition accepts: codes and roles from the
/// daily rollups, keywords and listed names from the events (only the events the codes
/// leave out, so none is counted twice).
async fn counts(
    ctx: &SessionContext,
    monitors: &[(&str, &EventMonitor)],
    list: &str,
    only: &str,
) -> Result<Vec<Row>, MonitorError> {
    let involved = format!(
        "date IS NOT NULL AND (actor1_country IN ({list}) OR actor2_country IN ({list})){only}"
    );
    let mut cols = String::new();
    for (k, (_, m)) in monitors.iter().enumerate() {
        let cond = rollup_sql(m).unwrap_or_else(|| "FALSE".into());
        write!(
            cols,
            ", CAST(sum(CASE WHEN {cond} THEN events ELSE 0 END) AS BIGINT) AS m{k}"
        )
        .expect("writing to a string");
    }
    let sql = format!(
        "SELECT date, actor1_country, actor2_country, quad_class AS quad, \
         CAST(sum(events) AS BIGINT) AS n{cols} FROM daily WHERE {involved} GROUP BY 1, 2, 3, 4"
    );
    let mut rows: Vec<Row> = Vec::new();
    let mut at: std::collections::HashMap<(i32, Option<String>, Option<String>, i32), usize> =
        std::collections::HashMap::new();
    let mut read = |batches: Vec<RecordBatch>, add: bool| -> Result<(), MonitorError> {
        for batch in batches {
            let days = batch.column(0).as_primitive::<Date32Type>();
            let a1 = strings(batch.column(1))?;
            let a2 = strings(batch.column(2))?;
            let quad = batch.column(3).as_primitive::<Int32Type>();
            let n = batch.column(4).as_primitive::<Int64Type>();
            let m: Vec<_> = (0..monitors.len())
                .map(|k| batch.column(5 + k).as_primitive::<Int64Type>().clone())
                .collect();
            for i in 0..batch.num_rows() {
                let key = (days.value(i), a1[i].clone(), a2[i].clone(), quad.value(i));
                let matched = m.iter().map(|c| c.value(i) as u64);
                match at.get(&key) {
                    Some(&r) if add => {
                        for (x, y) in rows[r].matched.iter_mut().zip(matched) {
                            *x += y;
                        }
                    }
                    _ => {
                        at.insert(key.clone(), rows.len());
                        rows.push(Row {
                            day: key.0,
                            a1: key.1,
                            a2: key.2,
                            quad: key.3,
                            events: n.value(i) as u64,
                            matched: matched.collect(),
                        });
                    }
                }
            }
        }
        Ok(())
    };
    read(collect(ctx, &sql).await?, false)?;
    let scans: Vec<Option<String>> = monitors.iter().map(|(_, m)| scan_sql(m)).collect();
    if scans.iter().any(Option::is_some) {
        let mut cols = String::new();
        for (k, cond) in scans.iter().enumerate() {
            let cond = cond.as_deref().unwrap_or("FALSE");
            write!(
                cols,
                ", CAST(sum(CASE WHEN {cond} THEN 1 ELSE 0 END) AS BIGINT) AS m{k}"
            )
            .expect("writing to a string");
        }
        let any: Vec<&str> = scans.iter().flatten().map(String::as_str).collect();
        let sql = format!(
            "SELECT date, actor1_country, actor2_country, CAST(coalesce(quad_class, 0) AS INT) AS quad, \
             CAST(count(*) AS BIGINT) AS n{cols} FROM events WHERE {involved} AND (({})) \
             GROUP BY 1, 2, 3, 4",
            any.join(") OR (")
        );
        // Every such event is already counted in `n` by the rollups: only `matched` grows.
        read(collect(ctx, &sql).await?, true)?;
    }
    Ok(rows)
}

fn empty_run(name: &str) -> MonitorRun {
    MonitorRun {
        monitor: name.to_string(),
        subjects: 0,
        periods: 0,
        matched_events: 0,
        alerts: 0,
        series: Vec::new(),
        period_starts: Vec::new(),
    }
}

/// The periods from the first to the last day of data.
struct Axis {
    freq: Freq,
    starts: Vec<i32>,
}

impl Axis {
    fn new(freq: Freq, first: i32, last: i32) -> Axis {
        let mut starts = Vec::new();
        let mut s = freq.start(first);
        while s <= last {
            starts.push(s);
            s = freq.next(s);
        }
        Axis { freq, starts }
    }

    fn index(&self, day: i32) -> usize {
        self.starts
            .binary_search(&self.freq.start(day))
            .expect("days of the data lie on the axis")
    }

    fn end(&self, p: usize) -> i32 {
        self.freq.next(self.starts[p]) - 1
    }

    fn word(&self) -> &'static str {
        match self.freq {
            Freq::Day => "day",
            Freq::Week => "week",
            Freq::Month => "month",
        }
    }
}

/// A subject of an event monitor: one country, or a pair (alphabetical).
#[derive(Clone)]
enum Who {
    Country(String),
    Pair(String, String),
}

impl Who {
    fn label(&self) -> String {
        match self {
            Who::Country(c) => c.clone(),
            Who::Pair(a, b) => format!("{a}-{b}"),
        }
    }

    fn countries(&self) -> Vec<String> {
        match self {
            Who::Country(c) => vec![c.clone()],
            Who::Pair(a, b) => vec![a.clone(), b.clone()],
        }
    }

    fn involved(&self, r: &Row) -> bool {
        let is = |x: &Option<String>, c: &str| x.as_deref() == Some(c);
        match self {
            Who::Country(c) => is(&r.a1, c) || is(&r.a2, c),
            Who::Pair(a, b) => is(&r.a1, a) || is(&r.a2, a) || is(&r.a1, b) || is(&r.a2, b),
        }
    }

    fn counts(&self, r: &Row, side: Side) -> bool {
        let is = |x: &Option<String>, c: &str| x.as_deref() == Some(c);
        match self {
            Who::Country(c) => match side {
                Side::Source => is(&r.a1, c),
                Side::Target => is(&r.a2, c),
                Side::Either => is(&r.a1, c) || is(&r.a2, c),
            },
            Who::Pair(a, b) => (is(&r.a1, a) && is(&r.a2, b)) || (is(&r.a1, b) && is(&r.a2, a)),
        }
    }

    /// The SQL condition selecting the subject's counted events.
    fn sql(&self, side: Side) -> String {
        match self {
            Who::Country(c) => match side {
                Side::Source => format!("actor1_country = '{c}'"),
                Side::Target => format!("actor2_country = '{c}'"),
                Side::Either => format!("(actor1_country = '{c}' OR actor2_country = '{c}')"),
            },
            Who::Pair(a, b) => format!(
                "((actor1_country = '{a}' AND actor2_country = '{b}') OR (actor1_country = '{b}' AND actor2_country = '{a}'))"
            ),
        }
    }
}

/// Expected count, spread and score of `observed[p]` against the preceding periods.
/// Returns `None` without enough baseline periods.
pub fn score(
    observed: &[u64],
    volume: &[u64],
    p: usize,
    baseline_periods: usize,
    min_baseline_periods: usize,
    normalise: Normalise,
) -> Option<(f64, f64)> {
    let lo = p.saturating_sub(baseline_periods);
    let n = p - lo;
    if n < min_baseline_periods {
        return None;
    }
    let obs = observed[p] as f64;
    let (expected, scaled): (f64, Vec<f64>) = match normalise {
        Normalise::Volume => {
            let sum_m: u64 = observed[lo..p].iter().sum();
            let sum_v: u64 = volume[lo..p].iter().sum();
            let rate = if sum_v > 0 {
                sum_m as f64 / sum_v as f64
            } else {
                0.0
            };
            let scaled = (lo..p)
                .filter(|&q| volume[q] > 0)
                .map(|q| observed[q] as f64 * volume[p] as f64 / volume[q] as f64)
                .collect();
            (rate * volume[p] as f64, scaled)
        }
        Normalise::None => {
            let v: Vec<f64> = observed[lo..p].iter().map(|&x| x as f64).collect();
            let mean = if v.is_empty() {
                0.0
            } else {
                v.iter().sum::<f64>() / v.len() as f64
            };
            (mean, v)
        }
    };
    let variance = if scaled.len() >= 2 {
        let mean = scaled.iter().sum::<f64>() / scaled.len() as f64;
        scaled.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (scaled.len() - 1) as f64
    } else {
        0.0
    };
    let spread = expected.max(variance);
    Some((expected, (obs - expected) / (spread + 1.0).sqrt()))
}

/// The first day of period `p` on which its running count scores at or above `m`'s
/// threshold against the baseline of earlier periods (what a live run seeing only events
/// dated up to each day would find), with the running count, expected count and score.
/// `daily` holds the subject's (counted, volume) per day of data.
fn first_alerting_day(
    m: &EventMonitor,
    observed: &mut [u64],
    volume: &mut [u64],
    p: usize,
    days: impl Iterator<Item = (i32, (u64, u64))>,
) -> Option<(i32, u64, f64, f64)> {
    let whole = (observed[p], volume[p]);
    let (mut o, mut v) = (0, 0);
    let mut found = None;
    for (day, (dob, dvol)) in days {
        o += dob;
        v += dvol;
        if o < m.min_events {
            continue;
        }
        (observed[p], volume[p]) = (o, v);
        let s = score(
            observed,
            volume,
            p,
            m.baseline_periods,
            m.min_baseline_periods,
            m.normalise,
        );
        if let Some((expected, z)) = s
            && z >= m.threshold
        {
            found = Some((day, o, expected, z));
            break;
        }
    }
    (observed[p], volume[p]) = whole;
    found
}

/// Which periods may alert, and whether alerts are replayed ([`Mode`]).
#[derive(Clone, Copy)]
struct Judging<'a> {
    scope: &'a Scope,
    replay: bool,
}

fn rate_monitor(
    name: &str,
    m: &EventMonitor,
    k: usize,
    rows: &[Row],
    axis: &Axis,
    cfg: &Config,
    Judging { scope, replay }: Judging,
) -> (Vec<Alert>, MonitorRun) {
    let subjects: Vec<Who> = match m.subject {
        Subject::Country => cfg.countries().into_iter().map(Who::Country).collect(),
        Subject::Dyad => cfg
            .dyads()
            .into_iter()
            .map(|(a, b)| Who::Pair(a, b))
            .collect(),
    };
    let periods = axis.starts.len();
    let mut alerts = Vec::new();
    let mut matched_events = 0;
    let mut series = Vec::with_capacity(subjects.len());
    for who in &subjects {
        let mut observed = vec![0u64; periods];
        let mut volume = vec![0u64; periods];
        // Per day (counted, volume), for replays.
        let mut daily: BTreeMap<i32, (u64, u64)> = BTreeMap::new();
        for r in rows {
            if !who.involved(r) {
                continue;
            }
            let p = axis.index(r.day);
            volume[p] += r.events;
            let counted = if who.counts(r, m.direction) {
                r.matched[k]
            } else {
                0
            };
            observed[p] += counted;
            if replay {
                let d = daily.entry(r.day).or_default();
                d.0 += counted;
                d.1 += r.events;
            }
        }
        matched_events += observed.iter().sum::<u64>();
        series.push(SubjectSeries {
            subject: who.label(),
            counts: observed.clone(),
        });
        for p in 0..periods {
            let (start, end) = (axis.starts[p], axis.end(p));
            if observed[p] < m.min_events || !scope.touches(start, end) {
                continue;
            }
            let (raised, count, expected, z) = if replay {
                let days = daily.range(start..=end).map(|(d, c)| (*d, *c));
                let Some(found) = first_alerting_day(m, &mut observed, &mut volume, p, days) else {
                    continue;
                };
                found
            } else {
                let Some((expected, z)) = score(
                    &observed,
                    &volume,
                    p,
                    m.baseline_periods,
                    m.min_baseline_periods,
                    m.normalise,
                ) else {
                    continue;
                };
                if z < m.threshold {
                    continue;
                }
                (end, observed[p], expected, z)
            };
            let side = match (m.subject, m.direction) {
                (Subject::Dyad, _) => "between them",
                (_, Side::Source) => "by it",
                (_, Side::Target) => "against it",
                (_, Side::Either) => "involving it",
            };
            let summary = format!(
                "{}: {} of {} {side} in the {} of {}, against {:.1} expected from its previous {} (score {:.1}).",
                who.label(),
                plural(count, "event"),
                m.description,
                axis.word(),
                format_iso(start),
                expected,
                plural(p.min(m.baseline_periods) as u64, axis.word()),
                z
            );
            alerts.push(Alert {
                id: format!("{name}:{}:{}", who.label(), format_iso(start)),
                monitor: name.to_string(),
                countries: who.countries(),
                period: Period {
                    start: format_iso(start),
                    end: format_iso(end),
                },
                score: round3(z),
                observed: count as f64,
                raised: replay.then(|| format_iso(raised)),
                baseline: round3(expected),
                severity: Severity::of(z, m.medium, m.high),
                summary,
                ..Default::default()
            });
            if let Some(reactors) = reactions(m, who, rows, axis, p) {
                let a = alerts.last_mut().expect("just pushed");
                a.summary.pop();
                write!(a.summary, "; reactions: {reactors}.").expect("writing to a string");
            }
        }
    }
    let run = MonitorRun {
        monitor: name.to_string(),
        subjects: subjects.len(),
        periods,
        matched_events,
        alerts: alerts.len(),
        series,
        period_starts: axis.starts.iter().map(|&d| format_iso(d)).collect(),
    };
    (alerts, run)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The reactors of a collaboration alert's pair in its period: "KOR 3 (2 conflictual)".
fn reactions(m: &EventMonitor, who: &Who, rows: &[Row], axis: &Axis, p: usize) -> Option<String> {
    let Who::Pair(a, b) = who else { return None };
    if m.reactors.is_empty() {
        return None;
    }
    let mut by: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for r in rows {
        let (Some(from), Some(to)) = (r.a1.as_deref(), r.a2.as_deref()) else {
            continue;
        };
        if (to == a || to == b)
            && from != a
            && from != b
            && m.reactors.iter().any(|x| x.eq_ignore_ascii_case(from))
            && axis.index(r.day) == p
        {
            let e = by.entry(from).or_default();
            e.0 += r.events;
            if r.quad >= 3 {
                e.1 += r.events;
            }
        }
    }
    Some(if by.is_empty() {
        "none recorded".to_string()
    } else {
        by.iter()
            .map(|(c, (n, k))| format!("{c} {n} ({k} conflictual)"))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// An evidence event for alert `alert` (`why` still empty), with its actors' roles and
/// names for explaining it.
pub(crate) struct Found {
    pub(crate) alert: usize,
    pub(crate) ev: Evidence,
    pub(crate) roles: (Option<String>, Option<String>),
    pub(crate) names: (Option<String>, Option<String>),
}

/// One evidence request: events matching `cond` in a period, for alert `alert`.
pub(crate) struct Ask {
    pub(crate) alert: usize,
    pub(crate) kind: &'static str,
    pub(crate) cond: String,
    pub(crate) start: String,
    pub(crate) end: String,
}

/// The evidence asks answered, each limited to the watchlist's sources: for each ask, its
/// `watch.evidence` most reported evidence clusters (the reports of one real-world event),
/// each cited once by its most reported row, with the cluster's size.
async fn run_asks(store: &Store, asks: &[Ask], watch: &Watch) -> Result<Vec<Found>, MonitorError> {
    let found = cluster_asks(store, asks, watch, watch.evidence, 1).await?;
    Ok(found.into_iter().flat_map(|(_, f)| f).collect())
}

/// The asks as store requests (days parsed, the watchlist's sources applied).
fn top_asks(asks: &[Ask], watch: &Watch) -> Result<Vec<vigil_store::query::TopAsk>, MonitorError> {
    let only = watch.sources_sql();
    let day =
        |d: &str| parse_iso(d).ok_or_else(|| MonitorError::Query(format!("{d:?} is not a day")));
    asks.iter()
        .map(|a| {
            Ok(vigil_store::query::TopAsk {
                cond: format!("({}){only}", a.cond),
                first: day(&a.start)?,
                last: day(&a.end)?,
            })
        })
        .collect()
}

/// Each ask's `per_ask` most reported clusters with their `per_cluster` most reported
/// rows as evidence (without `why`), in ask order.
pub(crate) async fn cluster_asks(
    store: &Store,
    asks: &[Ask],
    watch: &Watch,
    per_ask: usize,
    per_cluster: usize,
) -> Result<Vec<(vigil_analytics::cluster::Cluster, Vec<Found>)>, MonitorError> {
    let top = top_asks(asks, watch)?;
    let found = store
        .cluster_evidence(&top, per_ask, per_cluster)
        .await
        .map_err(|e| MonitorError::Query(e.to_string()))?;
    Ok(found
        .into_iter()
        .map(|ce| {
            let info = ClusterInfo::of(&ce.cluster);
            let a = &asks[ce.cluster.key.ask];
            let rows = ce
                .events
                .into_iter()
                .map(|r| found_of(a, r, &info))
                .collect();
            (ce.cluster, rows)
        })
        .collect())
}

fn found_of(a: &Ask, r: vigil_store::query::Reported, cluster: &ClusterInfo) -> Found {
    let code = r.record.event_code.clone().unwrap_or_default();
    Found {
        alert: a.alert,
        ev: Evidence {
            kind: a.kind.to_string(),
            event_id: r.record.event_id,
            date: r.record.date,
            source: r.source,
            actor1: r.record.actor1_code,
            actor1_country: r.actor1_country,
            actor2: r.record.actor2_code,
            actor2_country: r.actor2_country,
            event_name: vigil_model::cameo::event(&code)
                .map(|e| e.name.to_string())
                .unwrap_or_default(),
            event_code: code,
            quad_class: r.record.quad_class,
            num_mentions: r.record.num_mentions.map(i64::from),
            url: r.record.url,
            sentence: r.record.evidence,
            why: String::new(),
            cluster: Some(cluster.clone()),
        },
        roles: (r.actor1_role, r.actor2_role),
        names: (r.actor1_name, r.actor2_name),
    }
}

async fn fetch_evidence(
    store: &Store,
    name: &str,
    m: &EventMonitor,
    alerts: &mut [Alert],
    watch: &Watch,
) -> Result<(), MonitorError> {
    let def = definition_sql(m);
    let mut asks = Vec::new();
    for (i, a) in alerts.iter().enumerate() {
        let who = match a.countries.as_slice() {
            [c] => Who::Country(c.clone()),
            [x, y] => Who::Pair(x.clone(), y.clone()),
            _ => continue,
        };
        // A replayed alert shows what was known on the day it was raised.
        let end = a.raised.clone().unwrap_or_else(|| a.period.end.clone());
        asks.push(Ask {
            alert: i,
            kind: "driver",
            cond: format!("({def}) AND {}", who.sql(m.direction)),
            start: a.period.start.clone(),
            end: end.clone(),
        });
        if let Who::Pair(x, y) = &who {
            let reactors: BTreeSet<String> = m
                .reactors
                .iter()
                .map(|r| r.to_ascii_uppercase())
                .filter(|r| r != x && r != y)
                .collect();
            if !reactors.is_empty() {
                asks.push(Ask {
                    alert: i,
                    kind: "reaction",
                    cond: format!(
                        "actor1_country IN ({}) AND actor2_country IN ('{x}', '{y}')",
                        sql_list(&reactors)
                    ),
                    start: a.period.start.clone(),
                    end,
                });
            }
        }
    }
    for f in run_asks(store, &asks, watch).await? {
        let (i, mut ev) = (f.alert, f.ev);
        let (r1, r2) = f.roles;
        let (n1, n2) = f.names;
        ev.why = if ev.kind == "reaction" {
            format!(
                "{} reacts toward the collaborating pair",
                ev.actor1_country.as_deref().unwrap_or("?")
            )
        } else {
            let text = format!(
                "{} {}",
                ev.sentence.as_deref().unwrap_or(""),
                ev.url.as_deref().unwrap_or("")
            );
            explain(m, &ev.event_code, &text, (r1.as_deref(), r2.as_deref()))
                .or_else(|| listed_actor(m, (n1.as_deref(), n2.as_deref())))
                .unwrap_or_else(|| format!("selected by the {name} monitor's query"))
        };
        alerts[i].evidence.push(ev);
    }
    // The events that drove an alert first, then the reactions (a stable sort keeps each
    // group in its order of mentions).
    for a in alerts.iter_mut() {
        a.evidence.sort_by_key(|e| e.kind == "reaction");
    }
    Ok(())
}

/// Daily dyad counts for (a, b) from the aggregate rows (which hold every event involving
/// a watched country, so the volumes are complete).
fn dyad_days(rows: &[Row], a: &str, b: &str) -> Vec<DayCounts> {
    let mut days: BTreeMap<i32, DayCounts> = BTreeMap::new();
    for r in rows {
        let (x, y) = (r.a1.as_deref(), r.a2.as_deref());
        let inv_a = x == Some(a) || y == Some(a);
        let inv_b = x == Some(b) || y == Some(b);
        if !inv_a && !inv_b {
            continue;
        }
        let d = days.entry(r.day).or_insert_with(|| DayCounts {
            day: r.day,
            ..Default::default()
        });
        if inv_a {
            d.volume_a += r.events;
        }
        if inv_b {
            d.volume_b += r.events;
        }
        d.volume_either += r.events;
        if (1..=4).contains(&r.quad) {
            let q = (r.quad - 1) as usize;
            if x == Some(a) && y == Some(b) {
                d.ab[q] += r.events;
            } else if x == Some(b) && y == Some(a) {
                d.ba[q] += r.events;
            }
        }
    }
    days.into_values().collect()
}

/// A change point with the last day of the level it starts, the first day of the level it
/// ends, and (replayed) the day it was first found.
type Change = (changepoint::ChangePoint, i32, i32, Option<i32>);

/// Change points of the whole series: each holds until the next one, or to the last
/// period (the alert's period is that span, and its evidence is drawn from it).
fn changes_in_hindsight(values: &[f64], axis: &Axis) -> Vec<Change> {
    let changes = changepoint::pelt(values, None, 2);
    let ends: Vec<i32> = changes
        .iter()
        .skip(1)
        .map(|next| axis.starts[next.index] - 1)
        .chain(std::iter::once(axis.end(values.len() - 1)))
        .collect();
    // The first day of the level each change ends.
    let before: Vec<i32> = std::iter::once(axis.starts[0])
        .chain(changes.iter().map(|c| axis.starts[c.index]))
        .collect();
    changes
        .into_iter()
        .zip(ends)
        .zip(before)
        .map(|((cp, end), before)| (cp, end, before, None))
        .collect()
}

/// Change points as a live run finds them: PELT re-run at the end of every period on the
/// series so far (its last `history` periods), each change that `accept`s raised the first
/// time it is found (a change found again one period off, in the same direction, is the
/// same change). Its span ends with the period in which it was found.
fn changes_online(
    values: &[f64],
    axis: &Axis,
    history: usize,
    accept: impl Fn(&changepoint::ChangePoint) -> bool,
) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    for t in 0..values.len() {
        let lo = (t + 1).saturating_sub(history.max(1));
        let window = &values[lo..=t];
        if window.iter().all(|v| *v == window[0]) {
            continue;
        }
        let mut level_start = axis.starts[lo];
        for mut cp in changepoint::pelt(window, None, 2) {
            cp.index += lo;
            let start = axis.starts[cp.index];
            let rose = cp.after > cp.before;
            let known = out
                .iter()
                .any(|(k, ..)| k.index.abs_diff(cp.index) <= 1 && (k.after > k.before) == rose);
            if !known && accept(&cp) {
                out.push((cp, axis.end(t), level_start, Some(axis.end(t))));
            }
            level_start = start;
        }
    }
    out
}

async fn alliances(
    store: &Store,
    cfg: &Config,
    rows: &[Row],
    (first, last): (i32, i32),
    scope: &Scope,
    replay: bool,
) -> Result<(Vec<Alert>, MonitorRun), MonitorError> {
    let am = &cfg.monitors.alliances;
    let freq = am.period.unwrap_or(cfg.watch.period).freq();
    let mut axis = Axis::new(freq, first, last);
    // A replay walks the whole history (each run looks back `history` periods from its
    // own day), so that later data cannot move the periods earlier runs saw.
    if !replay {
        let skip = axis.starts.len().saturating_sub(am.history.max(1));
        axis.starts.drain(..skip);
    }
    let dyads = cfg.dyads();
    let mut alerts = Vec::new();
    let mut asks = Vec::new();
    let mut pair_series = Vec::with_capacity(dyads.len());
    for (a, b) in &dyads {
        let days = dyad_days(rows, a, b);
        let series = dyad::series(&days, axis.starts[0], last, freq, Direction::Both);
        // Events between the pair per period: the overview's sparkline.
        pair_series.push(SubjectSeries {
            subject: format!("{a}-{b}"),
            counts: series.iter().map(|p| p.events).collect(),
        });
        for (index, coop) in [("cooperation", true), ("conflict", false)] {
            let values: Vec<f64> = series
                .iter()
                .map(|p| {
                    if coop {
                        p.cooperation_index
                    } else {
                        p.conflict_index
                    }
                })
                .collect();
            if values.iter().all(|v| *v == values[0]) {
                continue; // a flat series has no change
            }
            let strength = |cp: &changepoint::ChangePoint| {
                // No noise at all around the change: report it as very strong.
                if cp.strength.is_finite() {
                    cp.strength
                } else {
                    99.0
                }
            };
            let found = if replay {
                changes_online(&values, &axis, am.history, |cp| {
                    strength(cp) >= am.threshold && series[cp.index].events >= am.min_events
                })
            } else {
                changes_in_hindsight(&values, &axis)
            };
            for (mut cp, end, before, raised) in found {
                cp.strength = strength(&cp);
                let p = cp.index;
                let start = axis.starts[p];
                if cp.strength < am.threshold
                    || series[p].events < am.min_events
                    || !scope.touches(start, end)
                {
                    continue;
                }
                let rose = cp.after > cp.before;
                let verb = if rose { "rose" } else { "fell" };
                // A rise is shown by the events of the new level; a fall by those of the
                // level that ended ("before").
                let (kind, from, to) = if rose {
                    ("change", start, end)
                } else {
                    ("before", before, start - 1)
                };
                asks.push(Ask {
                    alert: alerts.len(),
                    kind,
                    cond: format!(
                        "{} AND quad_class {}",
                        Who::Pair(a.clone(), b.clone()).sql(Side::Either),
                        if coop { "<= 2" } else { ">= 3" }
                    ),
                    start: format_iso(from),
                    end: format_iso(to),
                });
                alerts.push(Alert {
                    id: format!("alliances:{a}-{b}:{index}:{}", format_iso(start)),
                    raised: raised.map(format_iso),
                    monitor: "alliances".into(),
                    countries: vec![a.clone(), b.clone()],
                    period: Period {
                        start: format_iso(start),
                        end: format_iso(end),
                    },
                    score: round3(cp.strength),
                    observed: round3(cp.after),
                    baseline: round3(cp.before),
                    severity: Severity::of(cp.strength, am.medium, am.high),
                    summary: format!(
                        "{a}-{b}: the {index} index {verb} from {:.1} to {:.1} per 1,000 events involving either, from the {} of {} (a shift of {:.1} noise standard deviations).",
                        cp.before,
                        cp.after,
                        axis.word(),
                        format_iso(start),
                        cp.strength
                    ),
                    ..Default::default()
                });
            }
        }
    }
    if am.bloc_periods > 0 {
        let judging = Judging { scope, replay };
        bloc_moves(store, cfg, rows, &axis, judging, &mut alerts, &mut asks).await?;
    }
    for f in run_asks(store, &asks, &cfg.watch).await? {
        let (i, mut ev) = (f.alert, f.ev);
        let a = &alerts[i];
        let (x, y) = (&a.countries[0], &a.countries[1]);
        let sort = if ev.quad_class.is_some_and(|q| q <= 2) {
            "cooperative"
        } else {
            "conflictual"
        };
        ev.why = if ev.kind == "change" {
            format!("a {sort} event between {x} and {y} at the new level, after the change")
        } else if ev.kind == "before" {
            format!("a {sort} event between {x} and {y} at the level that ended with the fall")
        } else {
            "a cooperative event with the new bloc in the window of the move".into()
        };
        alerts[i].evidence.push(ev);
    }
    let run = MonitorRun {
        monitor: "alliances".into(),
        subjects: dyads.len(),
        periods: axis.starts.len(),
        matched_events: rows
            .iter()
            .filter(|r| {
                dyads.iter().any(|(a, b)| {
                    let (x, y) = (r.a1.as_deref(), r.a2.as_deref());
                    (x == Some(a) && y == Some(b)) || (x == Some(b) && y == Some(a))
                })
            })
            .map(|r| r.events)
            .sum(),
        alerts: alerts.len(),
        series: pair_series,
        period_starts: axis.starts.iter().map(|&d| format_iso(d)).collect(),
    };
    Ok((alerts, run))
}

/// Watched countries whose bloc changed between consecutive windows of `bloc_periods`
/// periods. Windows without events of watched countries are skipped.
async fn bloc_moves(
    store: &Store,
    cfg: &Config,
    rows: &[Row],
    axis: &Axis,
    Judging { scope, replay }: Judging<'_>,
    alerts: &mut Vec<Alert>,
    asks: &mut Vec<Ask>,
) -> Result<(), MonitorError> {
    let am = &cfg.monitors.alliances;
    let w = am.bloc_periods;
    let windows: Vec<(i32, i32)> = (0..axis.starts.len())
        .step_by(w)
        .map(|p| {
            (
                axis.starts[p],
                axis.end((p + w - 1).min(axis.starts.len() - 1)),
            )
        })
        .collect();
    let has_data = |(f, t): (i32, i32)| rows.iter().any(|r| r.day >= f && r.day <= t);
    let watched: BTreeSet<String> = cfg.countries().into_iter().collect();
    let mut previous: Option<(blocs::Partition, Vec<blocs::Tie>)> = None;
    for (k, &win) in windows.iter().enumerate() {
        if !has_data(win) {
            previous = None;
            continue;
        }
        let ties: Vec<blocs::Tie> = store
            .ties(Some(win.0), Some(win.1), &cfg.watch.source_list())
            .await
            .map_err(|e| MonitorError::Query(e.to_string()))?
            .into_iter()
            .filter(|t| t.cooperation + t.conflict >= am.min_tie_events)
            .collect();
        let part = blocs::blocs(&ties);
        if let Some((before, before_ties)) = previous.as_ref()
            && scope.touches(win.0, win.1)
        {
            for (country, _, to) in blocs::moved(before, &part) {
                if !watched.contains(&country) {
                    continue;
                }
                let mates: Vec<String> = part.blocs[to]
                    .members
                    .iter()
                    .filter(|m| **m != country)
                    .cloned()
                    .collect();
                let net = |ties: &[blocs::Tie], mates: &[String]| -> f64 {
                    ties.iter()
                        .filter(|t| {
                            (t.a == country && mates.contains(&t.b))
                                || (t.b == country && mates.contains(&t.a))
                        })
                        .map(|t| t.cooperation as f64 - t.conflict as f64)
                        .sum()
                };
                let prev_win = windows[k - 1];
                let (now, then) = (net(&ties, &mates), net(before_ties, &mates));
                let mut countries = vec![country.clone()];
                countries.extend(mates.iter().cloned());
                let shown: Vec<&str> = mates.iter().take(8).map(String::as_str).collect();
                asks.push(Ask {
                    alert: alerts.len(),
                    kind: "bloc",
                    cond: format!(
                        "quad_class <= 2 AND ((actor1_country = '{country}' AND actor2_country IN ({mates_sql})) OR (actor2_country = '{country}' AND actor1_country IN ({mates_sql})))",
                        mates_sql = sql_list(&mates.iter().cloned().collect())
                    ),
                    start: format_iso(win.0),
                    end: format_iso(win.1),
                });
                alerts.push(Alert {
                    id: format!("alliances:bloc:{country}:{}", format_iso(win.0)),
                    // A live run knows the window's blocs when the window ends.
                    raised: replay.then(|| format_iso(win.1)),
                    monitor: "alliances".into(),
                    countries,
                    period: Period {
                        start: format_iso(win.0),
                        end: format_iso(win.1),
                    },
                    score: now,
                    observed: now,
                    baseline: then,
                    severity: Severity::Medium,
                    summary: format!(
                        "{country} changed bloc between {} and {}: it now groups with {}{}; net cooperative events with them {} before, {} now.",
                        format_iso(prev_win.0),
                        format_iso(win.1),
                        if shown.is_empty() { "no one".to_string() } else { shown.join(", ") },
                        if mates.len() > shown.len() { format!(" and {} more", mates.len() - shown.len()) } else { String::new() },
                        whole(then),
                        whole(now),
                    ),
                    ..Default::default()
                });
                if mates.is_empty() {
                    asks.pop();
                }
            }
        }
        previous = Some((part, ties));
    }
    Ok(())
}

/// "1 event", "2 events".
fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A count for a sentence: rounded, and never "-0".
fn whole(x: f64) -> String {
    format!("{}", x.round() + 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn keywords_match_at_word_starts_across_separators() {
        let k: Vec<String> = ["ship to ship", "smuggl", "arms"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            keyword_hit("https://x.org/2024/ship-to-ship-transfers", &k),
            Some("ship to ship")
        );
        assert_eq!(keyword_hit("Oil smuggling rings", &k), Some("smuggl"));
        assert_eq!(keyword_hit("farms and harms", &k), None);
        assert_eq!(keyword_hit("ARMS deal", &k), Some("arms"));
    }

    #[test]
    fn the_sql_definition_names_codes_keywords_and_roles() {
        let mut m = Config::default().monitors.proliferation;
        m.actor1_roles = vec!["mil".into()];
        let sql = definition_sql(&m);
        assert!(sql.contains("starts_with(event_code, '1385')"));
        assert!(sql.contains("(^|[^a-z0-9])(nuclear|missile"));
        assert!(sql.contains("space[^a-z0-9]+launch"));
        assert!(sql.contains("actor1_role IN ('MIL')"));
        assert!(explain(&m, "2042", "", (Some("MIL"), None)).is_some());
        assert!(explain(&m, "2042", "", (Some("GOV"), None)).is_none());
        assert!(explain(&m, "043", "an ICBM launch", (Some("MIL"), None)).is_some());
    }

    #[test]
    fn a_burst_over_a_quiet_baseline_scores_high_and_noise_does_not() {
        let vol = vec![100u64; 10];
        let mut obs = vec![2u64; 10];
        obs[9] = 20;
        let (exp, z) = score(&obs, &vol, 9, 8, 4, Normalise::Volume).unwrap();
        assert!((exp - 2.0).abs() < 1e-9);
        assert!(z > 5.0, "{z}");
        // A noisy baseline widens the spread: the same jump scores lower.
        let noisy = vec![0, 9, 1, 8, 0, 9, 1, 8, 2, 20];
        let (_, z2) = score(&noisy, &vol, 9, 8, 4, Normalise::Volume).unwrap();
        assert!(z2 < z / 2.0, "{z2} vs {z}");
        // Twice the volume with twice the events is no change.
        let mut vol2 = vol.clone();
        vol2[9] = 200;
        let mut obs2 = vec![2u64; 10];
        obs2[9] = 4;
        let (_, z3) = score(&obs2, &vol2, 9, 8, 4, Normalise::Volume).unwrap();
        assert!(z3.abs() < 1e-9, "{z3}");
        assert!(score(&obs, &vol, 3, 8, 4, Normalise::Volume).is_none());
    }
}
