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
    /// Rollup segments whose rows differ from their parts' events or lie outside their
    /// months: `--repair` drops them (the next compaction builds them again).
    pub differing_segments: Vec<String>,
    /// Daily rollup rows queries read (fewer than `daily_rows` where segments merge
    /// the parts' rollups).
    pub daily_rows_read: u64,
}

impl Verification {
    /// True when nothing is wrong (parts without rollups are not wrong, only slower).
    pub fn sound(&self) -> bool {
        self.unreadable.is_empty()
            && self.row_counts_differ.is_empty()
            && self.misplaced.is_empty()
            && self.differing_segments.is_empty()
            && self.daily_differences == 0
            && self.country_differences == 0
    }
}

/// Most daily rollup rows in one segment (a segment is merged in memory).
pub const SEGMENT_ROWS: u64 = 2_000_000;

/// What `compact` did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Compaction {
    /// Small parts merged, and the parts they were merged into.
    pub parts_merged: usize,
    pub parts_written: usize,
    /// Rollup segments written, and kept as they were.
    pub segments_written: usize,
    pub segments_kept: usize,
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

/// Rows of a rollup file whose source is not `source` or whose month is outside
/// `first..=last`.
fn rows_elsewhere(path: &Path, source: &str, (first, last): (u32, u32)) -> Result<u64, String> {
    let f = File::open(path).map_err(|e| e.to_string())?;
    let b = ParquetRecordBatchReaderBuilder::try_new(f).map_err(|e| e.to_string())?;
    let mask = parquet::arrow::ProjectionMask::roots(b.parquet_schema(), [0, 1]);
    let mut n = 0;
    for batch in b.with_projection(mask).build().map_err(|e| e.to_string())? {
        let batch = batch.map_err(|e| e.to_string())?;
        // A file that is not a rollup (another schema) is reported, not a panic.
        let (Some(dates), Some(sources)) = (
            batch.column(0).as_primitive_opt::<Date32Type>(),
            batch.column(1).as_string_opt::<i32>(),
        ) else {
            return Err("not a rollup file: its first columns are not a date and a source".into());
        };
        n += (0..batch.num_rows())
            .filter(|&i| {
                sources.value(i) != source
                    || !(first..=last).contains(&vigil_model::date::month_key(dates.value(i)))
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
                        match rows_elsewhere(&self.dir.join(&f), &p.source, (p.month, p.month)) {
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
        let live = self.catalog.live_segments();
        for seg in &live {
            for f in seg.files() {
                match rows_elsewhere(
                    &self.dir.join(&f),
                    &seg.source,
                    (seg.first_month, seg.last_month),
                ) {
                    Ok(0) => {}
                    Ok(n) => {
                        v.misplaced.push(format!(
                            "{f}: {n} rows not of {} in {}..{}",
                            seg.source, seg.first_month, seg.last_month
                        ));
                        v.differing_segments.push(seg.daily.clone());
                    }
                    Err(e) => v.unreadable.push(format!("{f}: {e}")),
                }
            }
        }
        if rolled.is_empty() {
            return Ok(v);
        }
        let events: Vec<&str> = rolled.iter().map(|p| p.path.as_str()).collect();
        let own: Vec<String> = rolled.iter().filter_map(|p| p.rollup.clone()).collect();
        let (checked, rows, daily, country) = self.compare(&events, &own, &mut v).await?;
        (v.events_checked, v.daily_rows) = (checked, rows);
        (v.daily_differences, v.country_differences) = (daily, country);
        if !live.is_empty() {
            // What queries read: segments where they stand for their parts.
            let plan = self.catalog.rollup_plan(None);
            let mut found = Verification::default();
            let (_, rows, daily, country) = self.compare(&events, &plan.daily, &mut found).await?;
            v.daily_rows_read = rows;
            if daily + country > 0 {
                v.examples.extend(found.examples);
                for seg in &live {
                    if found.differing_months.iter().any(|(s, m)| {
                        *s == seg.source && (seg.first_month..=seg.last_month).contains(m)
                    }) {
                        v.differing_segments.push(seg.daily.clone());
                    }
                }
            }
        }
        Ok(v)
    }

    /// Compares the rollup files `daily` (and the country files beside them) with the
    /// aggregate of the events of the parts `events`, in SQL; differences are noted in
    /// `v`. Returns (events, daily rollup rows, daily differences, country differences).
    async fn compare(
        &self,
        events: &[&str],
        daily: &[String],
        v: &mut Verification,
    ) -> Result<(u64, u64, u64, u64), StoreError> {
        let ctx = datafusion::prelude::SessionContext::new();
        let country: Vec<String> = daily.iter().map(|d| rollup::country_path(d)).collect();
        let daily: Vec<&str> = daily.iter().map(String::as_str).collect();
        let country: Vec<&str> = country.iter().map(String::as_str).collect();
        self.register(&ctx, "events", vigil_model::schema::event_schema(), events)?;
        self.register(&ctx, "daily_files", rollup::daily_schema(), &daily)?;
        self.register(&ctx, "country_files", rollup::country_schema(), &country)?;
        let one = async |sql: &str| {
            let b = ctx.sql(sql).await?.collect().await?;
            Ok::<_, StoreError>(
                b.first()
                    .map(|b| b.column(0).as_primitive::<Int64Type>().value(0) as u64)
                    .unwrap_or(0),
            )
        };
        let checked = one("SELECT CAST(count(*) AS BIGINT) FROM events").await?;
        let rows = one("SELECT CAST(count(*) AS BIGINT) FROM daily_files").await?;
        let mut differences = [0u64; 2];
        for (k, (name, files, computed, keys, sums)) in [
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
        ]
        .into_iter()
        .enumerate()
        {
            let sql = difference_sql(&format!("SELECT * FROM {files}"), &computed, keys, sums);
            for batch in ctx.sql(&sql).await?.collect().await? {
                differences[k] += batch.num_rows() as u64;
                note_differences(&batch, name, v);
            }
        }
        Ok((checked, rows, differences[0], differences[1]))
    }

    /// Writes rollups for the parts that lack them and rewrites those of the months
    /// `verify` found differing, as one commit. Returns the parts given new rollups.
    /// Segments over those months (or named in `bad_segments`) are dropped: the next
    /// compaction builds them again.
    pub fn repair(
        &mut self,
        differing: &BTreeSet<(String, u32)>,
        bad_segments: &[String],
    ) -> Result<usize, StoreError> {
        self.require_writer()?;
        let targets: Vec<PartRecord> = self
            .catalog
            .parts()
            .filter(|p| p.rollup.is_none() || differing.contains(&(p.source.clone(), p.month)))
            .cloned()
            .collect();
        let segments: Vec<crate::catalog::Segment> = self
            .catalog
            .rollup_segments
            .iter()
            .filter(|s| {
                !bad_segments.contains(&s.daily)
                    && !differing.iter().any(|(src, m)| {
                        *src == s.source && (s.first_month..=s.last_month).contains(m)
                    })
            })
            .cloned()
            .collect();
        let dropped = segments.len() != self.catalog.rollup_segments.len();
        if targets.is_empty() && !dropped {
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
            self.swap(&staging, &swaps, &[], dropped.then_some(segments))
        })();
        let _ = fs::remove_dir_all(&staging);
        result?;
        Ok(targets.len())
    }

    /// Merges, per source and month, the parts smaller than `small_rows` rows (when there
    /// are at least two) into sorted parts of up to [`crate::writer::PART_ROWS`] rows,
    /// with their rollups, as one commit; then merges the rollups of a source's parts
    /// into segments (a calendar year, up to [`SEGMENT_ROWS`] rows), as another.
    pub fn compact(&mut self, small_rows: u64) -> Result<Compaction, StoreError> {
        self.require_writer()?;
        let mut done = Compaction::default();
        let mut groups: BTreeMap<(String, u32), Vec<PartRecord>> = BTreeMap::new();
        for p in self.catalog.parts().filter(|p| p.rows < small_rows) {
            groups
                .entry((p.source.clone(), p.month))
                .or_default()
                .push(p.clone());
        }
        groups.retain(|_, parts| parts.len() >= 2);
        if !groups.is_empty() {
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
                done.parts_merged = removed.len();
                done.parts_written = written.len();
                self.swap(
                    &staging,
                    &removed.into_iter().map(|p| (p, None)).collect::<Vec<_>>(),
                    &written,
                    None,
                )
            })();
            let _ = fs::remove_dir_all(&staging);
            result?;
        }
        self.segment(&mut done)?;
        Ok(done)
    }

    /// Groups each source's parts with rollups, in month order, into runs within one
    /// calendar year of up to [`SEGMENT_ROWS`] daily rollup rows; a run of two or more parts that no live segment
    /// already covers gets one, as one commit (segments no run needs are retired).
    fn segment(&mut self, done: &mut Compaction) -> Result<(), StoreError> {
        let mut by_source: BTreeMap<String, Vec<(PartRecord, u64)>> = BTreeMap::new();
        for p in self.catalog.parts() {
            if let Some(d) = &p.rollup {
                let rows = file_rows(&self.dir.join(d))
                    .map_err(|e| StoreError::Write(format!("{d}: {e}")))?;
                by_source
                    .entry(p.source.clone())
                    .or_default()
                    .push((p.clone(), rows));
            }
        }
        let live: Vec<crate::catalog::Segment> =
            self.catalog.live_segments().into_iter().cloned().collect();
        let mut next = Vec::new();
        let mut build = Vec::new();
        for (source, mut parts) in by_source {
            parts.sort_by(|(a, _), (b, _)| (a.month, &a.path).cmp(&(b.month, &b.path)));
            let mut run: Vec<(PartRecord, u64)> = Vec::new();
            let mut runs = Vec::new();
            for (p, rows) in parts {
                // A segment holds one calendar year at most (a query about a year reads
                // one file) and at most SEGMENT_ROWS rows.
                let full = run.iter().map(|(_, r)| r).sum::<u64>() + rows > SEGMENT_ROWS;
                let new_year = run
                    .first()
                    .is_some_and(|(f, _)| f.month / 100 != p.month / 100);
                if !run.is_empty() && (full || new_year) {
                    runs.push(std::mem::take(&mut run));
                }
                run.push((p, rows));
            }
            runs.push(run);
            for run in runs.into_iter().filter(|r| r.len() >= 2) {
                let paths: BTreeSet<&str> = run.iter().map(|(p, _)| p.path.as_str()).collect();
                match live.iter().find(|s| {
                    s.parts.len() == paths.len()
                        && s.parts.iter().all(|p| paths.contains(p.as_str()))
                }) {
                    Some(s) => {
                        next.push(s.clone());
                        done.segments_kept += 1;
                    }
                    None => build.push((source.clone(), run)),
                }
            }
        }
        if build.is_empty() && next.len() == self.catalog.rollup_segments.len() {
            return Ok(());
        }
        let commit = crate::new_commit_id();
        let staging = self.dir.join("tmp").join(&commit);
        let result = (|| {
            for (source, run) in &build {
                let (mut daily, mut country) = (Vec::new(), Vec::new());
                for (p, _) in run {
                    let d = p.rollup.as_deref().expect("runs hold parts with rollups");
                    daily.extend(read_file(&self.dir.join(d))?);
                    country.extend(read_file(&self.dir.join(rollup::country_path(d)))?);
                }
                let merged = rollup::merge(&daily, &country)?;
                let (first, last) = (
                    run.iter().map(|(p, _)| p.month).min().unwrap_or(0),
                    run.iter().map(|(p, _)| p.month).max().unwrap_or(0),
                );
                let path = format!(
                    "rollups/daily/source={source}/segment={first}-{last}/{commit}.parquet"
                );
                rollup::write(&staging, &path, &merged)?;
                next.push(crate::catalog::Segment {
                    source: source.clone(),
                    first_month: first,
                    last_month: last,
                    parts: run.iter().map(|(p, _)| p.path.clone()).collect(),
                    daily: path,
                    rows: merged.daily.num_rows() as u64,
                });
                done.segments_written += 1;
            }
            next.sort_by(|a, b| (&a.source, a.first_month).cmp(&(&b.source, b.first_month)));
            self.swap(&staging, &[], &[], Some(next))
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

/// Every row of a Parquet file.
fn read_file(path: &Path) -> Result<Vec<RecordBatch>, StoreError> {
    let f = File::open(path).map_err(|source| StoreError::Io {
        path: path.into(),
        source,
    })?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(f)
        .and_then(|b| b.build())
        .map_err(|e| StoreError::Write(format!("{}: {e}", path.display())))?;
    reader
        .map(|b| b.map_err(|e| StoreError::Write(format!("{}: {e}", path.display()))))
        .collect()
}

/// Every row of a part, in the canonical schema (older parts adapted).
fn read_part(path: &Path) -> Result<Vec<RecordBatch>, StoreError> {
    read_file(path)?.iter().map(reissue::adapt).collect()
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
