//! Queries over the store: a DataFusion session with the `events` table, typed filters
//! for the `events` command, and what the store holds.

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::catalog::view::ViewTable;
use datafusion::common::DFSchema;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{
    ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl,
};
use datafusion::execution::SessionStateBuilder;
use datafusion::logical_expr::{EmptyRelation, LogicalPlan};
use datafusion::prelude::{SessionConfig, SessionContext};
use vigil_model::date;
use vigil_model::schema::event_schema;

use crate::{Store, StoreError, rollup};

impl Store {
    /// A DataFusion session in which `events` is the store's canonical event table.
    pub fn session(&self) -> Result<SessionContext, StoreError> {
        self.session_within(None)
    }

    /// A session whose `events` holds only the parts of the months that days
    /// `first..=last` touch (each part holds one month): a query about a year reads the
    /// footers of a year's files, not of the whole store. Rows outside the days are still
    /// there; the query's own date filter removes them.
    pub fn session_between(&self, first: i32, last: i32) -> Result<SessionContext, StoreError> {
        self.session_within(Some((date::month_key(first), date::month_key(last))))
    }

    fn session_within(&self, months: Option<(u32, u32)>) -> Result<SessionContext, StoreError> {
        let config = SessionConfig::new()
            .with_target_partitions(
                std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(2),
            )
            .with_information_schema(true)
            .set_bool("datafusion.execution.parquet.pushdown_filters", true)
            .set_bool("datafusion.execution.parquet.reorder_filters", true)
            // vigil writes no bloom filters: looking for them costs a read per row group.
            .set_bool("datafusion.execution.parquet.bloom_filter_on_read", false);
        let mut state = SessionStateBuilder::new()
            .with_config(config)
            .with_default_features();
        if let Some(rt) = &self.runtime {
            state = state.with_runtime_env(rt.clone());
        }
        let mut state = state.build();
        if let Some(engine) = &self.engine {
            state = engine.upgrade(state)?;
        }
        let ctx = SessionContext::new_with_state(state);
        let all = self.part_paths(months);
        self.register(&ctx, "events", event_schema(), &all)?;
        Ok(ctx)
    }

    /// The paths of the parts of the months `months` (all when `None`).
    fn part_paths(&self, months: Option<(u32, u32)>) -> Vec<&str> {
        self.catalog
            .parts()
            .filter(|p| months.is_none_or(|(a, b)| (a..=b).contains(&p.month)))
            .map(|p| p.path.as_str())
            .collect()
    }

    /// Registers the rollup files of the months `months` and the parts that have none
    /// (all parts when rollups are off); true when every part in reach has rollups.
    fn register_rollups(
        &self,
        ctx: &SessionContext,
        months: Option<(u32, u32)>,
    ) -> Result<bool, StoreError> {
        // Parts with rollups (or a segment of them) read them; the others' are computed
        // from their events.
        let plan = self.catalog.rollup_plan(months);
        let (daily, unrolled): (Vec<&str>, Vec<&str>) = if self.rollups {
            (
                plan.daily.iter().map(String::as_str).collect(),
                plan.without.iter().map(|p| p.path.as_str()).collect(),
            )
        } else {
            (Vec::new(), self.part_paths(months))
        };
        let country: Vec<String> = daily.iter().map(|d| rollup::country_path(d)).collect();
        let country: Vec<&str> = country.iter().map(String::as_str).collect();
        self.register(ctx, "rollup_daily_files", rollup::daily_schema(), &daily)?;
        self.register(
            ctx,
            "rollup_country_files",
            rollup::country_schema(),
            &country,
        )?;
        self.register(ctx, "events_without_rollups", event_schema(), &unrolled)?;
        Ok(unrolled.is_empty())
    }

    /// Registers the Parquet files at `paths` (relative to the data directory) as `name`
    /// (no paths: an empty table). Never an in-memory table, so that a cluster engine can
    /// ship the plan to its workers.
    pub(crate) fn register(
        &self,
        ctx: &SessionContext,
        name: &str,
        schema: datafusion::arrow::datatypes::SchemaRef,
        paths: &[&str],
    ) -> Result<(), StoreError> {
        let urls = paths
            .iter()
            .map(|p| {
                let abs =
                    std::path::absolute(self.dir.join(p)).map_err(|source| StoreError::Io {
                        path: self.dir.join(p),
                        source,
                    })?;
                ListingTableUrl::parse(abs.to_string_lossy()).map_err(StoreError::Query)
            })
            .collect::<Result<Vec<_>, _>>()?;
        if urls.is_empty() {
            // A view of no rows rather than an in-memory table: planned away before any
            // engine sees it (a listing needs at least one path).
            let empty = LogicalPlan::EmptyRelation(EmptyRelation {
                produce_one_row: false,
                schema: Arc::new(DFSchema::try_from(schema)?),
            });
            ctx.register_table(name, Arc::new(ViewTable::new(empty, None)))?;
            return Ok(());
        }
        let options =
            ListingOptions::new(Arc::new(ParquetFormat::default())).with_file_extension(".parquet");
        let config = ListingTableConfig::new_with_multi_paths(urls)
            .with_listing_options(options)
            .with_schema(schema);
        ctx.register_table(name, Arc::new(ListingTable::try_new(config)?))?;
        Ok(())
    }

    /// A session with `events` and the rollups' two views: `daily` (events per day,
    /// source, pair of countries, event code, quad class and roles, with their sums) and
    /// `country_daily` (events per day, source and country involved); see [`rollup`].
    /// `days`: only the parts of the months these days (inclusive) touch, as
    /// [`Store::session_between`].
    pub async fn relations_session(
        &self,
        days: Option<(i32, i32)>,
    ) -> Result<SessionContext, StoreError> {
        let months = days.map(|(f, l)| (date::month_key(f), date::month_key(l)));
        let ctx = self.session_within(months)?;
        // Every part in reach has rollups: the views are the files alone.
        let all_rolled = self.register_rollups(&ctx, months)?;
        for (view, files, computed) in [
            (
                "daily",
                "rollup_daily_files",
                rollup::daily_sql("events_without_rollups"),
            ),
            (
                "country_daily",
                "rollup_country_files",
                rollup::country_sql("events_without_rollups"),
            ),
        ] {
            let sql = if all_rolled {
                format!("CREATE VIEW {view} AS SELECT * FROM {files}")
            } else {
                format!("CREATE VIEW {view} AS SELECT * FROM {files} UNION ALL {computed}")
            };
            ctx.sql(&sql).await?;
        }
        Ok(ctx)
    }

    /// Answers from the events alone, as if no part had rollups (to check that both
    /// ways agree, and to measure what the rollups save).
    pub fn without_rollups(mut self) -> Store {
        self.rollups = false;
        self
    }

    /// Answers every question through SQL, never reading rollup files directly
    /// ([`crate::direct`]): to check that both ways agree, and to measure the difference.
    pub fn without_direct_reads(mut self) -> Store {
        self.direct = false;
        self
    }

    /// True unless [`Store::without_rollups`].
    pub fn uses_rollups(&self) -> bool {
        self.rollups
    }

    /// What the store holds: rows by source and month, and rows set aside by source.
    pub fn stats(&self) -> Stats {
        let mut s = Stats::default();
        for input in &self.catalog.inputs {
            // An input's format is named as its source (the partition its rows are in).
            let src = s.sources.entry(input.format.clone()).or_default();
            src.inputs += 1;
            src.rejected += input.rejected.values().sum::<u64>();
            for (reason, n) in &input.rejected {
                *src.rejected_by_reason.entry(reason.clone()).or_default() += n;
            }
        }
        // Rows the parts hold now: a later re-issue may have replaced some, a compaction
        // merged some inputs' parts.
        for part in self.catalog.parts() {
            let src = s.sources.entry(part.source.clone()).or_default();
            src.rows += part.rows;
            *src.months.entry(part.month).or_default() += part.rows;
            s.parts += 1;
        }
        s.rows = s.sources.values().map(|v| v.rows).sum();
        s
    }
}

/// Totals of a store.
#[derive(Debug, Default, Clone, serde::Serialize, PartialEq)]
pub struct Stats {
    /// Events stored.
    pub rows: u64,
    /// Parquet files.
    pub parts: u64,
    /// Per source.
    pub sources: BTreeMap<String, SourceStats>,
}

/// Totals of one source.
#[derive(Debug, Default, Clone, serde::Serialize, PartialEq)]
pub struct SourceStats {
    /// Inputs ingested.
    pub inputs: u64,
    /// Events stored.
    pub rows: u64,
    /// Rows set aside.
    pub rejected: u64,
    /// Rows set aside, by reason.
    pub rejected_by_reason: BTreeMap<String, u64>,
    /// Events by month (YYYYMM).
    pub months: BTreeMap<u32, u64>,
}

/// A filter over events, as the `events` command takes it.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Actor 1's country (ISO alpha-3).
    pub actor1: Option<String>,
    /// Actor 2's country.
    pub actor2: Option<String>,
    /// Both directions between two countries.
    pub dyad: Option<(String, String)>,
    /// First day, inclusive (YYYY-MM-DD).
    pub from: Option<String>,
    /// Last day, inclusive.
    pub to: Option<String>,
    /// CAMEO code prefix ("19", "0312").
    pub code: Option<String>,
    /// Quad class 1–4.
    pub quad: Option<u8>,
    /// Sources to keep (gdelt1, gdelt2, …); all when empty.
    pub sources: Vec<String>,
    /// At most this many rows.
    pub limit: Option<usize>,
}

fn country(code: &str, what: &str) -> Result<String, StoreError> {
    let c = code.trim().to_ascii_uppercase();
    if c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(c)
    } else {
        Err(StoreError::Invalid(format!(
            "{what}: {code:?} is not a three-letter country code (ISO 3166-1 alpha-3, e.g. PRK)"
        )))
    }
}

fn day(s: &str, what: &str) -> Result<i32, StoreError> {
    date::parse_iso(s)
        .ok_or_else(|| StoreError::Invalid(format!("{what}: {s:?} is not a date (YYYY-MM-DD)")))
}

impl EventFilter {
    /// The SQL `WHERE` clause (without the keyword), or `TRUE`. Every value is validated
    /// before it is written into the query.
    pub fn where_clause(&self) -> Result<String, StoreError> {
        let mut cond = Vec::new();
        if let Some(a) = &self.actor1 {
            cond.push(format!("actor1_country = '{}'", country(a, "--actor1")?));
        }
        if let Some(b) = &self.actor2 {
            cond.push(format!("actor2_country = '{}'", country(b, "--actor2")?));
        }
        if let Some((a, b)) = &self.dyad {
            let (a, b) = (country(a, "--dyad")?, country(b, "--dyad")?);
            cond.push(format!(
                "((actor1_country = '{a}' AND actor2_country = '{b}') OR (actor1_country = '{b}' AND actor2_country = '{a}'))"
            ));
        }
        if let Some(f) = &self.from {
            cond.push(format!("date >= DATE '{}'", sql_day(day(f, "--from")?)));
        }
        if let Some(t) = &self.to {
            cond.push(format!("date <= DATE '{}'", sql_day(day(t, "--to")?)));
        }
        if let Some(c) = &self.code {
            if c.is_empty() || c.len() > 4 || !c.bytes().all(|b| b.is_ascii_digit()) {
                return Err(StoreError::Invalid(format!(
                    "--code: {c:?} is not a CAMEO code prefix (digits, e.g. 19 or 0312)"
                )));
            }
            cond.push(format!("starts_with(event_code, '{c}')"));
        }
        if let Some(q) = self.quad {
            if !(1..=4).contains(&q) {
                return Err(StoreError::Invalid(format!(
                    "--quad: {q} is not a quad class (1-4)"
                )));
            }
            cond.push(format!("quad_class = {q}"));
        }
        if !self.sources.is_empty() {
            let mut names = Vec::new();
            for s in &self.sources {
                if vigil_model::Source::from_name(s).is_none() {
                    return Err(StoreError::Invalid(format!(
                        "--source: {s:?} is not a source"
                    )));
                }
                names.push(format!("'{s}'"));
            }
            cond.push(format!("source IN ({})", names.join(", ")));
        }
        Ok(if cond.is_empty() {
            "TRUE".into()
        } else {
            cond.join(" AND ")
        })
    }

    /// The query behind the `events` command, before its order and page: the columns an
    /// analyst reads, of the events the filter keeps.
    pub fn select(&self) -> Result<String, StoreError> {
        Ok(format!(
            "SELECT date, event_id, source, actor1_code, actor1_name, actor1_country, event_code, quad_class, goldstein, \
             actor2_code, actor2_name, actor2_country, num_mentions, url, evidence, origin_file, origin_line \
             FROM events WHERE {}",
            self.where_clause()?
        ))
    }
}

/// Where a page of events ends: the sort key of its last row (date, event id, source,
/// file, line), written as an opaque token. Pages are read by keyset, so a page asked
/// for with a cursor is the same whatever was ingested since, except for new rows that
/// sort after it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventCursor {
    date: i32,
    event_id: String,
    source: String,
    origin_file: String,
    origin_line: i64,
}

const CURSOR_SEP: char = '\u{1f}';

impl std::fmt::Display for EventCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plain = format!(
            "{}{CURSOR_SEP}{}{CURSOR_SEP}{}{CURSOR_SEP}{}{CURSOR_SEP}{}",
            self.date, self.event_id, self.source, self.origin_file, self.origin_line
        );
        for b in plain.as_bytes() {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for EventCursor {
    type Err = String;

    fn from_str(s: &str) -> Result<EventCursor, String> {
        let bad = || format!("{:?} is not a cursor this store gave", truncate(s, 40));
        if !s.len().is_multiple_of(2) || s.len() > 8192 {
            return Err(bad());
        }
        let bytes = (0..s.len())
            .step_by(2)
            .map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
            .collect::<Option<Vec<u8>>>()
            .ok_or_else(bad)?;
        let plain = String::from_utf8(bytes).map_err(|_| bad())?;
        let parts: Vec<&str> = plain.split(CURSOR_SEP).collect();
        let [date, event_id, source, origin_file, origin_line] = parts[..] else {
            return Err(bad());
        };
        Ok(EventCursor {
            date: date.parse().map_err(|_| bad())?,
            event_id: event_id.into(),
            source: source.into(),
            origin_file: origin_file.into(),
            origin_line: origin_line.parse().map_err(|_| bad())?,
        })
    }
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

impl EventCursor {
    /// Rows after this one in the order of [`Store::events`]: date descending, then event
    /// id, source, file and line ascending.
    fn after(&self) -> datafusion::prelude::Expr {
        use datafusion::prelude::{col, lit};
        use datafusion::scalar::ScalarValue;
        let tie = |name: &str, v: datafusion::prelude::Expr, rest: datafusion::prelude::Expr| {
            col(name).gt(v.clone()).or(col(name).eq(v).and(rest))
        };
        let line = col("origin_line").gt(lit(self.origin_line));
        let file = tie("origin_file", lit(self.origin_file.clone()), line);
        let source = tie("source", lit(self.source.clone()), file);
        let id = tie("event_id", lit(self.event_id.clone()), source);
        let day = lit(ScalarValue::Date32(Some(self.date)));
        col("date").lt(day.clone()).or(col("date").eq(day).and(id))
    }

    fn of_row(batch: &RecordBatch, row: usize) -> Option<EventCursor> {
        use datafusion::arrow::array::AsArray;
        use datafusion::arrow::datatypes::Date32Type;
        let date = batch
            .column_by_name("date")?
            .as_primitive_opt::<Date32Type>()?
            .value(row);
        let text = |name: &str| strings(batch, name).swap_remove(row);
        Some(EventCursor {
            date,
            event_id: text("event_id")?,
            source: text("source")?,
            origin_file: text("origin_file")?,
            origin_line: integers(batch, "origin_line")[row]?,
        })
    }
}

/// One page of events, newest first.
#[derive(Debug)]
pub struct EventPage {
    /// The rows, with the columns of [`EventFilter::select`].
    pub batches: Vec<RecordBatch>,
    /// Where the next page starts, when there are more rows.
    pub next: Option<EventCursor>,
}

impl EventPage {
    /// Rows on this page.
    pub fn len(&self) -> usize {
        self.batches.iter().map(|b| b.num_rows()).sum()
    }

    /// Whether the page has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Store {
    /// The events the filter keeps, newest first, at most `filter.limit` of them (all
    /// when none), starting after `after`.
    pub async fn events(
        &self,
        filter: &EventFilter,
        after: Option<&EventCursor>,
    ) -> Result<EventPage, StoreError> {
        use datafusion::prelude::col;
        let day = |d: &Option<String>, what| d.as_deref().map(|d| self::day(d, what)).transpose();
        let (first, last) = (day(&filter.from, "--from")?, day(&filter.to, "--to")?);
        let ctx = self.session_within(Some((
            first.map_or(0, date::month_key),
            last.map_or(u32::MAX, date::month_key),
        )))?;
        let mut df = ctx.sql(&filter.select()?).await?;
        if let Some(c) = after {
            df = df.filter(c.after())?;
        }
        df = df.sort(vec![
            col("date").sort(false, false),
            col("event_id").sort(true, false),
            col("source").sort(true, false),
            col("origin_file").sort(true, false),
            col("origin_line").sort(true, false),
        ])?;
        if let Some(n) = filter.limit {
            // One row more than asked tells whether another page follows.
            df = df.limit(0, Some(n + 1))?;
        }
        let batches: Vec<RecordBatch> = df
            .collect()
            .await?
            .into_iter()
            .filter(|b| b.num_rows() > 0)
            .collect();
        let total: usize = batches.iter().map(|b| b.num_rows()).sum();
        let Some(n) = filter.limit.filter(|&n| total > n) else {
            return Ok(EventPage {
                batches,
                next: None,
            });
        };
        let mut kept = Vec::with_capacity(batches.len());
        let mut left = n;
        for b in batches {
            if left == 0 {
                break;
            }
            let take = left.min(b.num_rows());
            left -= take;
            kept.push(b.slice(0, take));
        }
        let next = kept
            .last()
            .and_then(|b| EventCursor::of_row(b, b.num_rows() - 1));
        Ok(EventPage {
            batches: kept,
            next,
        })
    }
}

/// A day as SQL can name it: clamped to the years 1 to 9999 (a range that reaches past
/// them holds no more events), written YYYY-MM-DD.
pub(crate) fn sql_day(d: i32) -> String {
    let lo = date::days_from_ymd(1, 1, 1).unwrap_or(i32::MIN / 2);
    let hi = date::days_from_ymd(9999, 12, 31).unwrap_or(i32::MAX / 2);
    date::format_iso(d.clamp(lo, hi))
}

/// Three-letter upper-case country code, validated for use in SQL.
pub fn country_code(code: &str) -> Result<String, StoreError> {
    country(code, "country")
}

/// ` AND source IN (...)` for a choice of sources, or nothing for all.
pub fn sources_sql(sources: &[vigil_model::Source]) -> String {
    if sources.is_empty() {
        return String::new();
    }
    let names: Vec<String> = sources.iter().map(|s| format!("'{}'", s.name())).collect();
    format!(" AND source IN ({})", names.join(", "))
}

impl Store {
    /// Daily counts for the dyad (a, b) in `from..=to` (days since the epoch), from the
    /// rollups: events each way by quad class, Goldstein and tone sums, and the volume of
    /// events involving a, b or either, which the indices of [`vigil_analytics::dyad`] are
    /// normalised by. `sources`: only these (all when empty).
    pub async fn dyad_days(
        &self,
        a: &str,
        b: &str,
        from: i32,
        to: i32,
        sources: &[vigil_model::Source],
    ) -> Result<Vec<vigil_analytics::dyad::DayCounts>, StoreError> {
        let (a, b) = (country(a, "first country")?, country(b, "second country")?);
        let months = (date::month_key(from), date::month_key(to));
        let plan = self.catalog.rollup_plan(Some(months));
        let (pairs, volumes) =
            if self.rollups && self.direct && self.engine.is_none() && plan.without.is_empty() {
                // Every part in reach has rollups: read the pair's pages of their files.
                let dir = self.dir.clone();
                let daily = plan.daily.clone();
                let country: Vec<String> = daily.iter().map(|d| rollup::country_path(d)).collect();
                let names: Vec<&'static str> = sources.iter().map(|s| s.name()).collect();
                let (a, b) = (a.clone(), b.clone());
                tokio::task::spawn_blocking(move || {
                    let pair = (a.as_str(), b.as_str());
                    Ok::<_, StoreError>((
                        crate::direct::pair_days(&dir, &daily, pair, (from, to), &names)?,
                        crate::direct::volumes(&dir, &country, pair, (from, to), &names)?,
                    ))
                })
                .await
                .map_err(|e| StoreError::Write(format!("the rollup reader stopped: {e}")))??
            } else {
                self.dyad_days_sql(&a, &b, from, to, sources).await?
            };
        let mut days: BTreeMap<i32, vigil_analytics::dyad::DayCounts> = BTreeMap::new();
        let blank = |day| vigil_analytics::dyad::DayCounts {
            day,
            ab: [0; 4],
            ba: [0; 4],
            goldstein_ab: 0.0,
            goldstein_ba: 0.0,
            tone_sum: [0.0; 2],
            tone_n: [0; 2],
            volume_a: 0,
            volume_b: 0,
            volume_either: 0,
        };
        for (&day, p) in &pairs {
            let d = days.entry(day).or_insert_with(|| blank(day));
            d.ab = p.ab.map(|n| n as u64);
            d.ba = p.ba.map(|n| n as u64);
            d.goldstein_ab = rollup::goldstein(p.gold[0]);
            d.goldstein_ba = rollup::goldstein(p.gold[1]);
            d.tone_sum = p.tone.map(rollup::tone);
            d.tone_n = p.tone_n.map(|n| n as u64);
        }
        for (&day, v) in &volumes {
            let d = days.entry(day).or_insert_with(|| blank(day));
            d.volume_a = v[0] as u64;
            d.volume_b = v[1] as u64;
        }
        // Events between the two are counted once in the volume of either.
        for d in days.values_mut() {
            let shared = pairs.get(&d.day).map_or(0, |p| p.pair as u64);
            d.volume_either = if a == b {
                d.volume_a
            } else {
                (d.volume_a + d.volume_b).saturating_sub(shared)
            };
        }
        Ok(days.into_values().collect())
    }

    /// The sums [`Store::dyad_days`] needs, by SQL over the `daily` and `country_daily`
    /// views (rollup files, and the aggregate of parts without them): on a cluster, with
    /// rollups off, or when some part in reach has none.
    async fn dyad_days_sql(
        &self,
        a: &str,
        b: &str,
        from: i32,
        to: i32,
        sources: &[vigil_model::Source],
    ) -> Result<
        (
            BTreeMap<i32, crate::direct::PairDay>,
            BTreeMap<i32, [i64; 2]>,
        ),
        StoreError,
    > {
        use datafusion::arrow::array::AsArray;
        use datafusion::arrow::datatypes::{Date32Type, Int64Type};

        let ab = format!("actor1_country = '{a}' AND actor2_country = '{b}'");
        let ba = format!("actor1_country = '{b}' AND actor2_country = '{a}'");
        let mut cols = Vec::new();
        for (dir, cond) in [("ab", &ab), ("ba", &ba)] {
            for q in 1..=4 {
                cols.push(format!(
                    "CAST(sum(CASE WHEN {cond} AND quad_class = {q} THEN events ELSE 0 END) AS BIGINT) AS {dir}{q}"
                ));
            }
            for (name, column) in [
                ("gold", "goldstein_tenths"),
                ("tone", "tone_micro"),
                ("tone_n", "tone_n"),
            ] {
                cols.push(format!(
                    "CAST(sum(CASE WHEN {cond} THEN {column} ELSE 0 END) AS BIGINT) AS {dir}_{name}"
                ));
            }
        }
        let (first, last) = (sql_day(from), sql_day(to));
        let only = sources_sql(sources);
        // The one-column conditions let the page index skip the pages of other pairs
        // (it cannot use a condition on two columns).
        let pair = format!(
            "SELECT date, {}, CAST(sum(events) AS BIGINT) AS pair FROM daily \
            WHERE actor1_country IN ('{a}', '{b}') AND actor2_country IN ('{a}', '{b}') \
            AND (({ab}) OR ({ba})) AND date >= DATE '{first}' AND date <= DATE '{last}'{only} \
            GROUP BY date",
            cols.join(", "),
        );
        let volume = format!(
            "SELECT date, \
            CAST(sum(CASE WHEN country = '{a}' THEN events ELSE 0 END) AS BIGINT) AS vol_a, \
            CAST(sum(CASE WHEN country = '{b}' THEN events ELSE 0 END) AS BIGINT) AS vol_b \
            FROM country_daily WHERE country IN ('{a}', '{b}') \
            AND date >= DATE '{first}' AND date <= DATE '{last}'{only} GROUP BY date"
        );
        let ctx = self.relations_session(Some((from, to))).await?;
        // The two queries run at once (each reads its own small files).
        let run = async |sql: &str| ctx.sql(sql).await?.collect().await;
        let (pair, volume) = tokio::join!(run(&pair), run(&volume));
        let (pair, volume) = (pair?, volume?);
        let mut pairs = BTreeMap::new();
        for batch in pair {
            let int = |name: &str| {
                batch
                    .column_by_name(name)
                    .expect("selected")
                    .as_primitive::<Int64Type>()
                    .clone()
            };
            let dates = batch.column(0).as_primitive::<Date32Type>().clone();
            let ab_q: Vec<_> = (1..=4).map(|q| int(&format!("ab{q}"))).collect();
            let ba_q: Vec<_> = (1..=4).map(|q| int(&format!("ba{q}"))).collect();
            let way = |name: &str| [int(&format!("ab_{name}")), int(&format!("ba_{name}"))];
            let (gold, tone, tone_n, pair) = (way("gold"), way("tone"), way("tone_n"), int("pair"));
            for i in 0..batch.num_rows() {
                pairs.insert(
                    dates.value(i),
                    crate::direct::PairDay {
                        ab: std::array::from_fn(|q| ab_q[q].value(i)),
                        ba: std::array::from_fn(|q| ba_q[q].value(i)),
                        gold: [gold[0].value(i), gold[1].value(i)],
                        tone: [tone[0].value(i), tone[1].value(i)],
                        tone_n: [tone_n[0].value(i), tone_n[1].value(i)],
                        pair: pair.value(i),
                    },
                );
            }
        }
        let mut volumes = BTreeMap::new();
        for batch in volume {
            let dates = batch.column(0).as_primitive::<Date32Type>().clone();
            let (va, vb) = (
                batch.column(1).as_primitive::<Int64Type>().clone(),
                batch.column(2).as_primitive::<Int64Type>().clone(),
            );
            for i in 0..batch.num_rows() {
                volumes.insert(dates.value(i), [va.value(i), vb.value(i)]);
            }
        }
        Ok((pairs, volumes))
    }
}

/// One stored event as evidence: the columns a reader needs to judge and find it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EventRecord {
    /// YYYY-MM-DD.
    pub date: String,
    pub event_id: String,
    pub actor1_code: Option<String>,
    /// CAMEO code (null for a POLECAT row with no CAMEO equivalent).
    pub event_code: Option<String>,
    pub actor2_code: Option<String>,
    pub quad_class: Option<i32>,
    pub num_mentions: Option<i32>,
    pub num_sources: Option<i32>,
    pub url: Option<String>,
    pub evidence: Option<String>,
}

/// A column of strings by name (null where null or absent).
pub fn strings(batch: &datafusion::arrow::array::RecordBatch, name: &str) -> Vec<Option<String>> {
    use datafusion::arrow::array::Array;
    use datafusion::arrow::compute::cast;
    use datafusion::arrow::datatypes::DataType;
    let n = batch.num_rows();
    let Some(col) = batch.column_by_name(name) else {
        return vec![None; n];
    };
    let Ok(col) = cast(col, &DataType::Utf8) else {
        return vec![None; n];
    };
    let s = datafusion::arrow::array::AsArray::as_string::<i32>(&col);
    (0..n)
        .map(|i| s.is_valid(i).then(|| s.value(i).to_string()))
        .collect()
}

/// A column of whole numbers by name (null where null, absent or not a number).
pub fn integers(batch: &datafusion::arrow::array::RecordBatch, name: &str) -> Vec<Option<i64>> {
    use datafusion::arrow::array::Array;
    use datafusion::arrow::compute::cast;
    use datafusion::arrow::datatypes::{DataType, Int64Type};
    let n = batch.num_rows();
    let Some(col) = batch.column_by_name(name) else {
        return vec![None; n];
    };
    let Ok(col) = cast(col, &DataType::Int64) else {
        return vec![None; n];
    };
    let v = datafusion::arrow::array::AsArray::as_primitive::<Int64Type>(&col);
    (0..n).map(|i| v.is_valid(i).then(|| v.value(i))).collect()
}

impl Store {
    /// A session over the months the asks' days touch, or `None` without asks.
    pub(crate) fn session_for(
        &self,
        asks: &[TopAsk],
    ) -> Result<Option<SessionContext>, StoreError> {
        let (Some(first), Some(last)) = (
            asks.iter().map(|a| a.first).min(),
            asks.iter().map(|a| a.last).max(),
        ) else {
            return Ok(None);
        };
        self.session_between(first, last).map(Some)
    }
}

/// One request for evidence: the events matching `cond` between two days.
#[derive(Debug, Clone)]
pub struct TopAsk {
    /// A boolean SQL expression over `events` columns. Only library code writes it, from
    /// validated values (country codes, CAMEO codes, monitor keywords); never user text.
    pub cond: String,
    /// First and last day, inclusive (days since the epoch).
    pub first: i32,
    pub last: i32,
}

/// An event found for a [`TopAsk`]: the evidence record and what a monitor needs to
/// explain it (its source, the actors' countries, roles and names).
#[derive(Debug, Clone, PartialEq)]
pub struct Reported {
    /// The position of its ask.
    pub ask: usize,
    pub record: EventRecord,
    pub source: String,
    pub actor1_country: Option<String>,
    pub actor2_country: Option<String>,
    pub actor1_role: Option<String>,
    pub actor2_role: Option<String>,
    pub actor1_name: Option<String>,
    pub actor2_name: Option<String>,
}

/// Queries run at once, one per ask (evidence and clusters alike).
pub(crate) const ASKS_AT_ONCE: usize = 8;

impl Store {
    /// The most reported events for each ask, at most `limit` each, most mentions first
    /// (then most sources, then date and id): the evidence behind an anomaly or an alert.
    /// Returns them ask by ask. The one home of "which events stand behind a figure".
    pub async fn most_reported(
        &self,
        asks: &[TopAsk],
        limit: usize,
    ) -> Result<Vec<Reported>, StoreError> {
        let Some(ctx) = self.session_for(asks)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        // One query per ask, a few at a time: a union of sorted, limited branches (one
        // query for many asks) returns no rows on Ballista 55, and a window ranking them
        // fails there; the union saved no reading either, each branch scanning alone.
        for (chunk_no, chunk) in asks.chunks(ASKS_AT_ONCE).enumerate() {
            let queries = chunk.iter().enumerate().map(|(j, a)| {
                let sql = format!(
                    "SELECT CAST({} AS BIGINT) AS ask, date, event_id, source, actor1_code, actor1_country, actor1_role, actor1_name, \
                     event_code, actor2_code, actor2_country, actor2_role, actor2_name, quad_class, num_mentions, num_sources, url, evidence \
                     FROM events WHERE ({}) AND date BETWEEN DATE '{}' AND DATE '{}' \
                     ORDER BY num_mentions DESC NULLS LAST, num_sources DESC NULLS LAST, date, event_id LIMIT {limit}",
                    chunk_no * ASKS_AT_ONCE + j,
                    a.cond,
                    sql_day(a.first),
                    sql_day(a.last)
                );
                let ctx = &ctx;
                async move { Ok::<_, StoreError>(ctx.sql(&sql).await?.collect().await?) }
            });
            let batches: Vec<RecordBatch> = futures_util::future::try_join_all(queries)
                .await?
                .into_iter()
                .flatten()
                .collect();
            let mut found = Vec::new();
            for batch in batches {
                let s = |c: &str| strings(&batch, c);
                let n = |c: &str| integers(&batch, c);
                let (ask, date, id, source) = (n("ask"), s("date"), s("event_id"), s("source"));
                let (a1, a1c, a1r, a1n) = (
                    s("actor1_code"),
                    s("actor1_country"),
                    s("actor1_role"),
                    s("actor1_name"),
                );
                let (a2, a2c, a2r, a2n) = (
                    s("actor2_code"),
                    s("actor2_country"),
                    s("actor2_role"),
                    s("actor2_name"),
                );
                let code = s("event_code");
                let (quad, mentions, sources) =
                    (n("quad_class"), n("num_mentions"), n("num_sources"));
                let (url, evidence) = (s("url"), s("evidence"));
                for i in 0..batch.num_rows() {
                    let int = |v: &[Option<i64>]| v[i].and_then(|x| i32::try_from(x).ok());
                    found.push(Reported {
                        ask: ask[i].unwrap_or(0) as usize,
                        record: EventRecord {
                            date: date[i].clone().unwrap_or_default(),
                            event_id: id[i].clone().unwrap_or_default(),
                            actor1_code: a1[i].clone(),
                            event_code: code[i].clone(),
                            actor2_code: a2[i].clone(),
                            quad_class: int(&quad),
                            num_mentions: int(&mentions),
                            num_sources: int(&sources),
                            url: url[i].clone(),
                            evidence: evidence[i].clone(),
                        },
                        source: source[i].clone().unwrap_or_default(),
                        actor1_country: a1c[i].clone(),
                        actor2_country: a2c[i].clone(),
                        actor1_role: a1r[i].clone(),
                        actor2_role: a2r[i].clone(),
                        actor1_name: a1n[i].clone(),
                        actor2_name: a2n[i].clone(),
                    });
                }
            }
            // Batches of several queries: each ask's events are put back in the order
            // its query ranked them.
            found.sort_by(|x, y| {
                let (a, b) = (&x.record, &y.record);
                // Most mentions, then most sources (missing counts last), date, id.
                let count = |n: Option<i32>| std::cmp::Reverse(n.map_or(i64::MIN, i64::from));
                x.ask
                    .cmp(&y.ask)
                    .then(count(a.num_mentions).cmp(&count(b.num_mentions)))
                    .then(count(a.num_sources).cmp(&count(b.num_sources)))
                    .then_with(|| a.date.cmp(&b.date))
                    .then_with(|| a.event_id.cmp(&b.event_id))
            });
            out.extend(found);
        }
        Ok(out)
    }

    /// The most reported events of the dyad (a, b) in each period (inclusive day ranges),
    /// at most `limit` per period, most mentions first: the evidence behind anomalous
    /// periods. Returns (period position in `periods`, event), in period order.
    pub async fn top_dyad_events(
        &self,
        a: vigil_model::Iso3,
        b: vigil_model::Iso3,
        (ab, ba): (bool, bool),
        periods: &[(i32, i32)],
        limit: usize,
        sources: &[vigil_model::Source],
    ) -> Result<Vec<(usize, EventRecord)>, StoreError> {
        let mut dirs = Vec::new();
        if ab {
            dirs.push(format!(
                "(actor1_country = '{a}' AND actor2_country = '{b}')"
            ));
        }
        if ba {
            dirs.push(format!(
                "(actor1_country = '{b}' AND actor2_country = '{a}')"
            ));
        }
        if dirs.is_empty() {
            return Err(StoreError::Invalid("no direction chosen".into()));
        }
        let cond = format!("({}){}", dirs.join(" OR "), sources_sql(sources));
        let asks: Vec<TopAsk> = periods
            .iter()
            .map(|&(first, last)| TopAsk {
                cond: cond.clone(),
                first,
                last,
            })
            .collect();
        Ok(self
            .most_reported(&asks, limit)
            .await?
            .into_iter()
            .map(|r| (r.ask, r.record))
            .collect())
    }
}

impl Store {
    /// Cooperative and conflictual event counts per ordered pair of countries (ISO alpha-3
    /// countries only; regions and unknown actors left out) between two days, inclusive,
    /// from the rollups. `sources`: only these (all when empty).
    pub async fn ties(
        &self,
        from: Option<i32>,
        to: Option<i32>,
        sources: &[vigil_model::Source],
    ) -> Result<Vec<vigil_analytics::blocs::Tie>, StoreError> {
        use datafusion::arrow::array::{Array, AsArray};
        use datafusion::arrow::compute::cast;
        use datafusion::arrow::datatypes::{DataType, Int64Type};

        let mut cond = vec![
            "actor1_country IS NOT NULL".to_string(),
            "actor2_country IS NOT NULL".into(),
            "actor1_country <> actor2_country".into(),
        ];
        if let Some(f) = from {
            cond.push(format!("date >= DATE '{}'", sql_day(f)));
        }
        if let Some(t) = to {
            cond.push(format!("date <= DATE '{}'", sql_day(t)));
        }
        let sql = format!(
            "SELECT actor1_country, actor2_country, \
             CAST(sum(CASE WHEN quad_class <= 2 THEN events ELSE 0 END) AS BIGINT) AS cooperation, \
             CAST(sum(CASE WHEN quad_class >= 3 THEN events ELSE 0 END) AS BIGINT) AS conflict \
             FROM daily WHERE {}{} GROUP BY 1, 2",
            cond.join(" AND "),
            sources_sql(sources)
        );
        let lo = date::days_from_ymd(1, 1, 1).unwrap_or(i32::MIN / 2);
        let hi = date::days_from_ymd(9999, 12, 31).unwrap_or(i32::MAX / 2);
        let ctx = self
            .relations_session(Some((from.unwrap_or(lo).max(lo), to.unwrap_or(hi).min(hi))))
            .await?;
        let mut out = Vec::new();
        for batch in ctx.sql(&sql).await?.collect().await? {
            let a = cast(batch.column(0), &DataType::Utf8)
                .map_err(|e| StoreError::Write(e.to_string()))?;
            let b = cast(batch.column(1), &DataType::Utf8)
                .map_err(|e| StoreError::Write(e.to_string()))?;
            let (a, b) = (a.as_string::<i32>(), b.as_string::<i32>());
            let (coop, conf) = (
                batch.column(2).as_primitive::<Int64Type>(),
                batch.column(3).as_primitive::<Int64Type>(),
            );
            for i in 0..batch.num_rows() {
                if a.is_null(i) || b.is_null(i) {
                    continue;
                }
                if vigil_model::countries::by_iso3(a.value(i)).is_none()
                    || vigil_model::countries::by_iso3(b.value(i)).is_none()
                {
                    continue;
                }
                out.push(vigil_analytics::blocs::Tie {
                    a: a.value(i).to_string(),
                    b: b.value(i).to_string(),
                    cooperation: coop.value(i) as u64,
                    conflict: conf.value(i) as u64,
                });
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_past_the_years_sql_names_are_clamped() {
        assert_eq!(
            sql_day(date::parse_iso("2024-06-19").unwrap()),
            "2024-06-19"
        );
        assert_eq!(sql_day(-1_000_000), "0001-01-01");
        assert_eq!(sql_day(10_000_000), "9999-12-31");
    }

    #[test]
    fn filters_validate_what_they_write_into_sql() {
        let f = EventFilter {
            dyad: Some(("prk".into(), "RUS".into())),
            code: Some("03".into()),
            ..Default::default()
        };
        let w = f.where_clause().unwrap();
        assert!(w.contains("actor1_country = 'PRK' AND actor2_country = 'RUS'"));
        assert!(w.contains("starts_with(event_code, '03')"));
        let bad = EventFilter {
            actor1: Some("PR'; DROP".into()),
            ..Default::default()
        };
        assert!(bad.where_clause().is_err());
        let bad = EventFilter {
            from: Some("2024-13-01".into()),
            ..Default::default()
        };
        assert!(bad.where_clause().is_err());
        let bad = EventFilter {
            code: Some("1a".into()),
            ..Default::default()
        };
        assert!(bad.where_clause().is_err());
    }
}
