//! Keeping the store sound and compact: `verify` (the catalog's files exist and hold the
//! rows it says; the rollups equal what the events give, recomputed in SQL), `repair`
//! (rollups written for parts that lack them or whose rollups differ) and `compact` (a
//! month's small parts merged into sorted parts of up to [`crate::writer::PART_ROWS`]
//! rows). Repair and compaction are commits like an ingest: staged under `tmp/`, swapped
//! in by one atomic catalog write, the replaced files retired until no reader needs them.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::path::Path;

use datafusion::arrow::array::{AsArray, RecordBatch};
use datafusion::arrow::datatypes::{Date32Type, Int64Type};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde::Serialize;

use crate::catalog::PartRecord;
use crate::{Store, StoreError, reissue, rollup};

/// What `verify` found.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Verification {
    /// Parts the catalog lists.
    pub parts: usize,
    /// Of them, parts with rollups.
    pub parts_with_rollups: usize,
    /// Parts without rollups (written before rollups existed): their rollups are computed
    /// from their events when asked; `vigil verify --repair` writes them.
    pub parts_without_rollups: Vec<String>,
    /// Files the catalog lists that are missing or unreadable, with the reason.
    pub unreadable: Vec<String>,
    /// Parts whose row count differs from the catalog's: (part, catalog, file).
    pub row_counts_differ: Vec<(String, u64, u64)>,
    /// Rollup files holding rows of another source or month than their part's (each
    /// query reads only the rollups of the months it asks about).
    pub misplaced: Vec<String>,
    /// Events the rollups summarise, and rollup rows checked.
    pub events_checked: u64,
    pub daily_rows: u64,
    /// Keys of the daily rollup whose sums differ from the events' (none when sound).
    pub daily_differences: u64,
    /// (day, source, country) whose volume differs from the events'.
    pub country_differences: u64,
    /// A few differing keys, to look at.
    pub examples: Vec<String>,
    /// Source and month (YYYYMM) of every difference: the parts `--repair` rewrites.
    pub differing_months: BTreeSet<(String, u32)>,
}

impl Verification {
    /// True when nothing is wrong (parts without rollups are not wrong, only slower).
    pub fn sound(&self) -> bool {
        self.unreadable.is_empty()
            && self.row_counts_differ.is_empty()
            && self.misplaced.is_empty()
            && self.daily_differences == 0
            && self.country_differences == 0
    }
}

/// The sums compared, for both rollups.
const DAILY_SUMS: [&str; 7] = [
    rollup::rcol::EVENTS,
    rollup::rcol::GOLDSTEIN_TENTHS,
    rollup::rcol::TONE_MICRO,
    rollup::rcol::TONE_N,
    rollup::rcol::MENTIONS,
    rollup::rcol::SOURCES,
    rollup::rcol::ARTICLES,
];

/// Rows of a Parquet file, from its footer.
fn file_rows(path: &Path) -> Result<u64, String> {
    let f = File::open(path).map_err(|e| e.to_string())?;
    let b = ParquetRecordBatchReaderBuilder::try_new(f).map_err(|e| e.to_string())?;
    Ok(b.metadata().file_metadata().num_rows() as u64)
}

/// Rows of a rollup file whose source or month is not `source` and `month`.
fn rows_elsewhere(path: &Path, source: &str, month: u32) -> Result<u64, String> {
    let f = File::open(path).map_err(|e| e.to_string())?;
    let b = ParquetRecordBatchReaderBuilder::try_new(f).map_err(|e| e.to_string())?;
    let mask = parquet::arrow::ProjectionMask::roots(b.parquet_schema(), [0, 1]);
    let mut n = 0;
    for batch in b.with_projection(mask).build().map_err(|e| e.to_string())? {
        let batch = batch.map_err(|e| e.to_string())?;
        let (dates, sources) = (
            batch.column(0).as_primitive::<Date32Type>(),
            batch.column(1).as_string::<i32>(),
        );
        n += (0..batch.num_rows())
            .filter(|&i| {
                sources.value(i) != source || vigil_model::date::month_key(dates.value(i)) != month
            })
            .count() as u64;
    }
    Ok(n)
}

/// Keys whose sums differ between `left` and `right` (two queries with the key columns
/// `keys` and the sums `sums`): the union of both with the right side negated, grouped by
/// key, keeping keys whose sums do not cancel. Null keys group together.
fn difference_sql(left: &str, right: &str, keys: &[&str], sums: &[&str]) -> String {
    let k = keys.join(", ");
    let signed = |side: i64| -> String {
        sums.iter()
            .map(|s| format!("{side} * {s} AS {s}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let having: Vec<String> = sums.iter().map(|s| format!("sum({s}) <> 0")).collect();
    format!(
        "SELECT {k} FROM (SELECT {k}, {} FROM ({left}) UNION ALL SELECT {k}, {} FROM ({right})) \
         GROUP BY {k} HAVING {}",
        signed(1),
        signed(-1),
        having.join(" OR ")
    )
}

impl Store {
    /// Checks the store: every listed file is there and readable with the rows the
    /// catalog says, and the rollups equal the aggregate of the events they summarise,
    /// recomputed in SQL (an implementation independent of the writer's).
    pub async fn verify(&self) -> Result<Verification, StoreError> {
        let mut v = Verification::default();
        let mut rolled: Vec<&PartRecord> = Vec::new();
        for p in self.catalog.parts() {
            v.parts += 1;
            match file_rows(&self.dir.join(&p.path)) {
                Ok(n) if n != p.rows => v.row_counts_differ.push((p.path.clone(), p.rows, n)),
                Ok(_) => {}
                Err(e) => v.unreadable.push(format!("{}: {e}", p.path)),
            }
            match &p.rollup {
                None => v.parts_without_rollups.push(p.path.clone()),
                Some(d) => {
                    v.parts_with_rollups += 1;
                    let mut ok = true;
                    for f in [d.clone(), rollup::country_path(d)] {
                        match rows_elsewhere(&self.dir.join(&f), &p.source, p.month) {
                            Ok(0) => {}
                            Ok(n) => {
                                v.misplaced.push(format!(
                                    "{f}: {n} rows not of {} in {}",
                                    p.source, p.month
                                ));
                                v.differing_months.insert((p.source.clone(), p.month));
                            }
                            Err(e) => {
                                v.unreadable.push(format!("{f}: {e}"));
                                ok = false;
                            }
                        }
                    }
                    if ok {
                        rolled.push(p);
                    }
                }
            }
        }
        if rolled.is_empty() {
            return Ok(v);
        }
        let ctx = datafusion::prelude::SessionContext::new();
        let events: Vec<&str> = rolled.iter().map(|p| p.path.as_str()).collect();
        let daily: Vec<&str> = rolled.iter().filter_map(|p| p.rollup.as_deref()).collect();
        let country: Vec<String> = daily.iter().map(|d| rollup::country_path(d)).collect();
        let country: Vec<&str> = country.iter().map(String::as_str).collect();
        self.register(&ctx, "events", vigil_model::schema::event_schema(), &events)?;
        self.register(&ctx, "daily_files", rollup::daily_schema(), &daily)?;
        self.register(&ctx, "country_files", rollup::country_schema(), &country)?;
        let one = |sql: String| {
            let ctx = ctx.clone();
            async move {
                let b = ctx.sql(&sql).await?.collect().await?;
                Ok::<_, StoreError>(
                    b.first()
                        .map(|b| b.column(0).as_primitive::<Int64Type>().value(0) as u64)
                        .unwrap_or(0),
                )
            }
        };
        v.events_checked = one("SELECT CAST(count(*) AS BIGINT) FROM events".into()).await?;
        v.daily_rows = one("SELECT CAST(count(*) AS BIGINT) FROM daily_files".into()).await?;
        for (name, files, computed, keys, sums) in [
            (
                "daily",
                "daily_files",
                rollup::daily_sql("events"),
                &rollup::DAILY_KEY[..],
                &DAILY_SUMS[..],
            ),
            (
                "country",
                "country_files",
                rollup::country_sql("events"),
                &["date", "source", "country"][..],
                &[rollup::rcol::EVENTS][..],
            ),
        ] {
            let sql = difference_sql(&format!("SELECT * FROM {files}"), &computed, keys, sums);
            let mut n = 0u64;
            for batch in ctx.sql(&sql).await?.collect().await? {
                n += batch.num_rows() as u64;
                note_differences(&batch, name, &mut v);
            }
            match name {
                "daily" => v.daily_differences = n,
                _ => v.country_differences = n,
            }
        }
        Ok(v)
    }

    /// Writes rollups for the parts that lack them and rewrites those of the months
    /// `verify` found differing, as one commit. Returns the parts given new rollups.
    pub fn repair(&mut self, differing: &BTreeSet<(String, u32)>) -> Result<usize, StoreError> {
        self.require_writer()?;
        let targets: Vec<PartRecord> = self
            .catalog
            .parts()
            .filter(|p| p.rollup.is_none() || differing.contains(&(p.source.clone(), p.month)))
            .cloned()
            .collect();
        if targets.is_empty() {
            return Ok(0);
        }
        let commit = crate::new_commit_id();
        let staging = self.dir.join("tmp").join(&commit);
        let result = (|| {
            let mut swaps = Vec::new();
            for p in &targets {
                let batches = read_part(&self.dir.join(&p.path))?;
                let generation = next_generation(p);
                let daily = rollup::write_for_part(&staging, &p.path, generation, &batches)?;
                swaps.push((
                    p.clone(),
                    Some(PartRecord {
                        rollup: Some(daily),
                        ..p.clone()
                    }),
                ));
            }
            self.swap(&staging, &swaps, &[])
        })();
        let _ = fs::remove_dir_all(&staging);
        result?;
        Ok(targets.len())
    }

    /// Merges, per source and month, the parts smaller than `small_rows` rows (when there
    /// are at least two) into sorted parts of up to [`crate::writer::PART_ROWS`] rows,
    /// with their rollups, as one commit. Returns (parts merged, parts written).
    pub fn compact(&mut self, small_rows: u64) -> Result<(usize, usize), StoreError> {
        self.require_writer()?;
        let mut groups: BTreeMap<(String, u32), Vec<PartRecord>> = BTreeMap::new();
        for p in self.catalog.parts().filter(|p| p.rows < small_rows) {
            groups
                .entry((p.source.clone(), p.month))
                .or_default()
                .push(p.clone());
        }
        groups.retain(|_, parts| parts.len() >= 2);
        if groups.is_empty() {
            return Ok((0, 0));
        }
        let commit = crate::new_commit_id();
        let staging = self.dir.join("tmp").join(&commit);
        let result = (|| {
            let mut removed = Vec::new();
            let mut written = Vec::new();
            for ((source, _), parts) in &groups {
                let mut w = crate::writer::PartWriter::new(&staging, &commit, source);
                for p in parts {
                    for b in read_part(&self.dir.join(&p.path))? {
                        w.push(b)?;
                    }
                    removed.push(p.clone());
                }
                written.extend(w.finish()?);
            }
            let merged = removed.len();
            let made = written.len();
            self.swap(
                &staging,
                &removed.into_iter().map(|p| (p, None)).collect::<Vec<_>>(),
                &written,
            )?;
            Ok::<_, StoreError>((merged, made))
        })();
        let _ = fs::remove_dir_all(&staging);
        result
    }

    /// The most parts under `small_rows` rows that one source and month has (what
    /// compaction would merge).
    pub fn small_parts_per_month(&self, small_rows: u64) -> usize {
        let mut n: BTreeMap<(&str, u32), usize> = BTreeMap::new();
        for p in self.catalog.parts().filter(|p| p.rows < small_rows) {
            *n.entry((p.source.as_str(), p.month)).or_default() += 1;
        }
        n.into_values().max().unwrap_or(0)
    }

    fn require_writer(&self) -> Result<(), StoreError> {
        if self._lock.is_none() {
            return Err(StoreError::Invalid(
                "the store was opened for reading; open it for writing to change it".into(),
            ));
        }
        Ok(())
    }
}

/// The generation after the one of the part's current rollup (`NAME.rG.parquet`).
fn next_generation(p: &PartRecord) -> u32 {
    let Some(d) = &p.rollup else { return 0 };
    let current = d
        .strip_suffix(".parquet")
        .and_then(|stem| stem.rsplit_once(".r"))
        .and_then(|(_, g)| g.parse::<u32>().ok())
        .unwrap_or(0);
    current + 1
}

/// Every row of a part, in the canonical schema (older parts adapted).
fn read_part(path: &Path) -> Result<Vec<RecordBatch>, StoreError> {
    let f = File::open(path).map_err(|source| StoreError::Io {
        path: path.into(),
        source,
    })?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(f)
        .and_then(|b| b.build())
        .map_err(|e| StoreError::Write(format!("{}: {e}", path.display())))?;
    reader
        .map(|b| {
            reissue::adapt(&b.map_err(|e| StoreError::Write(format!("{}: {e}", path.display())))?)
        })
        .collect()
}

fn note_differences(batch: &RecordBatch, name: &str, v: &mut Verification) {
    let dates = batch.column(0).as_primitive::<Date32Type>();
    let sources = batch.column(1).as_string::<i32>();
    let text = |n: &str| crate::query::strings(batch, n);
    let who: Vec<String> = if name == "daily" {
        let (a1, a2, code) = (
            text("actor1_country"),
            text("actor2_country"),
            text("event_code"),
        );
        a1.into_iter()
            .zip(a2)
            .zip(code)
            .map(|((a, b), c)| {
                format!(
                    "{} -> {}, CAMEO {}",
                    a.as_deref().unwrap_or("---"),
                    b.as_deref().unwrap_or("---"),
                    c.as_deref().unwrap_or("none")
                )
            })
            .collect()
    } else {
        text("country")
            .into_iter()
            .map(|c| c.unwrap_or_default())
            .collect()
    };
    for (i, who) in who.iter().enumerate() {
        let day = dates.value(i);
        let source = sources.value(i).to_string();
        v.differing_months
            .insert((source.clone(), vigil_model::date::month_key(day)));
        if v.examples.len() < 10 {
            v.examples.push(format!(
                "{name} rollup: {} {source} {who}",
                vigil_model::date::format_iso(day)
            ));
        }
    }
}
