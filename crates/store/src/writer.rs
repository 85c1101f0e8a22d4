//! Turning a stream of canonical batches into sorted Parquet parts, one folder per source
//! and month, with bounded memory. Rows wait in per-month buffers; when the buffered total
//! passes [`FLUSH_ROWS`], months that have stopped receiving rows (none in the last
//! [`RECENT_PUSHES`] batches) with at least [`EAGER_ROWS`] rows are written as parts at
//! once, on a worker thread while reading goes on (an input in time order thus has its
//! past months written as it is read, on the second core); the others are appended to
//! their month's spill file (Arrow IPC, in the commit's staging folder). At the end each
//! month's remaining rows are written as sorted parts of at most [`PART_ROWS`] rows, so an
//! input whose months interleave still gives few, large files, and no more than one
//! part's rows are ever sorted in memory at once.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::{Array, AsArray, RecordBatch, UInt32Array};
use datafusion::arrow::compute::{
    SortColumn, SortOptions, concat_batches, lexsort_to_indices, take_record_batch,
};
use datafusion::arrow::datatypes::Date32Type;
use datafusion::arrow::ipc::reader::FileReader;
use datafusion::arrow::ipc::writer::FileWriter;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use vigil_model::date::month_key;
use vigil_model::schema::{col, event_schema};

use crate::StoreError;
use crate::catalog::PartRecord;

/// Rows buffered (all months together) before the buffers are spilled to disk.
pub const FLUSH_ROWS: usize = 400_000;
/// Most rows in one Parquet part (and sorted in memory at once).
pub const PART_ROWS: usize = 500_000;
/// Fewest buffered rows of a month for it to be written at once, rather than spilled, when
/// it has stopped receiving rows (fewer would make many small files).
pub const EAGER_ROWS: usize = 8_192;
/// A month that received rows in one of the last this many batches is still being read.
pub const RECENT_PUSHES: u64 = 2;
/// Rows per Parquet row group: small enough that dyad filters skip most of a file.
pub const ROW_GROUP_ROWS: usize = 64 * 1024;

/// Writes one commit's parts under `root` (its staging folder).
pub struct PartWriter {
    root: PathBuf,
    commit: String,
    source: String,
    buffers: HashMap<u32, (Vec<RecordBatch>, usize)>,
    buffered: usize,
    spills: HashMap<u32, FileWriter<BufWriter<File>>>,
    written: Vec<PartRecord>,
    /// Batches pushed so far, and the last push that held each month.
    pushes: u64,
    last_push: HashMap<u32, u64>,
    /// Parts numbered so far per month (part names count from 1).
    numbered: HashMap<u32, usize>,
    /// The worker writing parts while reading goes on, once started.
    eager: Option<Eager>,
    /// [`FLUSH_ROWS`] and [`EAGER_ROWS`] (smaller in tests).
    flush_rows: usize,
    eager_rows: usize,
}

/// A month's rows to write as one part, numbered `part`.
struct Job {
    month: u32,
    batches: Vec<RecordBatch>,
    rows: usize,
    part: usize,
}

struct Eager {
    jobs: std::sync::mpsc::SyncSender<Job>,
    done: Vec<std::thread::JoinHandle<Result<Vec<PartRecord>, StoreError>>>,
}

impl Eager {
    /// Waits for the workers; their parts, or the first error.
    fn finish(self) -> Result<Vec<PartRecord>, StoreError> {
        drop(self.jobs);
        let mut parts = Vec::new();
        let mut failed = None;
        for w in self.done {
            match w.join() {
                Ok(Ok(p)) => parts.extend(p),
                Ok(Err(e)) => failed = failed.or(Some(e)),
                Err(_) => {
                    failed = failed.or(Some(StoreError::Write("a part writer panicked".into())))
                }
            }
        }
        failed.map_or(Ok(parts), Err)
    }
}

/// Workers writing parts while reading goes on.
const EAGER_WORKERS: usize = 2;

impl PartWriter {
    /// A writer staging parts of `source` under `root`, named after `commit`.
    pub fn new(root: &Path, commit: &str, source: &str) -> Self {
        PartWriter {
            root: root.to_path_buf(),
            commit: commit.into(),
            source: source.into(),
            buffers: HashMap::new(),
            buffered: 0,
            spills: HashMap::new(),
            written: Vec::new(),
            pushes: 0,
            last_push: HashMap::new(),
            numbered: HashMap::new(),
            eager: None,
            flush_rows: FLUSH_ROWS,
            eager_rows: EAGER_ROWS,
        }
    }

    #[cfg(test)]
    fn with_limits(mut self, flush_rows: usize, eager_rows: usize) -> Self {
        self.flush_rows = flush_rows;
        self.eager_rows = eager_rows;
        self
    }

    /// The next part number of `month`.
    fn number(&mut self, month: u32) -> usize {
        let n = self.numbered.entry(month).or_insert(0);
        *n += 1;
        *n
    }

    /// Hands a month's rows to the part worker (started on first use); at most one job
    /// waits while another is written, so memory stays bounded.
    fn write_now(
        &mut self,
        month: u32,
        batches: Vec<RecordBatch>,
        rows: usize,
    ) -> Result<(), StoreError> {
        let part = self.number(month);
        if self.eager.is_none() {
            // Two workers (writing costs more than reading); one job waits at most.
            let (jobs, queue) = std::sync::mpsc::sync_channel::<Job>(1);
            let queue = Arc::new(std::sync::Mutex::new(queue));
            let done = (0..EAGER_WORKERS)
                .map(|_| {
                    let queue = Arc::clone(&queue);
                    let (root, commit, source) =
                        (self.root.clone(), self.commit.clone(), self.source.clone());
                    std::thread::spawn(move || -> Result<Vec<PartRecord>, StoreError> {
                        let mut parts = Vec::new();
                        loop {
                            let job = queue
                                .lock()
                                .map_err(|_| StoreError::Write("part queue poisoned".into()))?
                                .recv();
                            let Ok(job) = job else {
                                return Ok(parts);
                            };
                            parts.push(write_part(&root, &commit, &source, job)?);
                        }
                    })
                })
                .collect();
            self.eager = Some(Eager { jobs, done });
        }
        let eager = self.eager.as_ref().expect("started above");
        if eager
            .jobs
            .send(Job {
                month,
                batches,
                rows,
                part,
            })
            .is_err()
        {
            // The workers stopped on an error: report it.
            let eager = self.eager.take().expect("present");
            return Err(eager
                .finish()
                .err()
                .unwrap_or_else(|| StoreError::Write("the part writers stopped".into())));
        }
        Ok(())
    }

    /// Adds a batch, splitting it by month.
    pub fn push(&mut self, batch: RecordBatch) -> Result<(), StoreError> {
        if batch.num_rows() == 0 {
            return Ok(());
        }
        let dates = batch
            .column_by_name(col::DATE)
            .expect("canonical batch")
            .as_primitive::<Date32Type>();
        let months: Vec<u32> = dates.values().iter().map(|&d| month_key(d)).collect();
        let first = months[0];
        self.pushes += 1;
        if months.iter().all(|&m| m == first) {
            self.last_push.insert(first, self.pushes);
            self.buffer(first, batch);
        } else if let Some(runs) = month_runs(&months) {
            // Each month in one stretch of rows (an input in time order): slices, no copy.
            for (month, start, len) in runs {
                self.last_push.insert(month, self.pushes);
                self.buffer(month, batch.slice(start, len));
            }
        } else {
            let mut groups: foldhash::HashMap<u32, Vec<u32>> = foldhash::HashMap::default();
            for (i, m) in months.iter().enumerate() {
                groups.entry(*m).or_default().push(i as u32);
            }
            for (month, idx) in groups {
                let part = take_record_batch(&batch, &UInt32Array::from(idx))
                    .map_err(StoreError::arrow)?;
                self.last_push.insert(month, self.pushes);
                self.buffer(month, part);
            }
        }
        if self.buffered > self.flush_rows {
            self.flush()?;
        }
        Ok(())
    }

    /// Makes room: months no longer being read, and large enough, are written as parts now;
    /// the rest of the buffers go to their spill files.
    fn flush(&mut self) -> Result<(), StoreError> {
        let mut done: Vec<u32> = self
            .buffers
            .iter()
            .filter(|(m, (_, rows))| {
                *rows >= self.eager_rows
                    && !self.spills.contains_key(m)
                    && self.last_push.get(m).copied().unwrap_or(0) + RECENT_PUSHES <= self.pushes
            })
            .map(|(m, _)| *m)
            .collect();
        done.sort_unstable();
        for m in done {
            let (batches, rows) = self.buffers.remove(&m).expect("listed above");
            self.buffered -= rows;
            self.write_now(m, batches, rows)?;
        }
        // What is still being read stays in memory while it is small.
        if self.buffered > self.flush_rows / 2 {
            self.spill()?;
        }
        Ok(())
    }

    /// Appends every month's buffer to that month's spill file.
    fn spill(&mut self) -> Result<(), StoreError> {
        for (month, (batches, _)) in std::mem::take(&mut self.buffers) {
            let w = match self.spills.entry(month) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    let path = self.root.join(format!("spill/{month}.arrow"));
                    let io = |source| StoreError::Io {
                        path: path.clone(),
                        source,
                    };
                    fs::create_dir_all(path.parent().expect("spill folder")).map_err(io)?;
                    let f = BufWriter::with_capacity(1 << 20, File::create(&path).map_err(io)?);
                    e.insert(FileWriter::try_new(f, &event_schema()).map_err(StoreError::arrow)?)
                }
            };
            for b in &batches {
                w.write(b).map_err(StoreError::arrow)?;
            }
        }
        self.buffered = 0;
        Ok(())
    }

    fn buffer(&mut self, month: u32, batch: RecordBatch) {
        let n = batch.num_rows();
        let entry = self.buffers.entry(month).or_default();
        entry.0.push(batch);
        entry.1 += n;
        self.buffered += n;
    }

    /// Writes every month and returns the parts written. Months are written by two
    /// workers at once (each sorts at most [`PART_ROWS`] rows at a time).
    pub fn finish(mut self) -> Result<Vec<PartRecord>, StoreError> {
        if let Some(eager) = self.eager.take() {
            self.written.extend(eager.finish()?);
        }
        let mut spilled = Vec::new();
        for (m, mut w) in std::mem::take(&mut self.spills) {
            w.finish().map_err(StoreError::arrow)?;
            spilled.push(m);
        }
        let mut months: Vec<u32> = self
            .buffers
            .keys()
            .copied()
            .chain(spilled.iter().copied())
            .collect();
        months.sort_unstable();
        months.dedup();
        let jobs: Vec<(u32, Vec<RecordBatch>, Option<PathBuf>, usize)> = months
            .into_iter()
            .map(|m| {
                let memory = self.buffers.remove(&m).map(|(b, _)| b).unwrap_or_default();
                let spill = spilled
                    .contains(&m)
                    .then(|| self.root.join(format!("spill/{m}.arrow")));
                // Parts already written for the month keep their numbers.
                let first = self.numbered.get(&m).copied().unwrap_or(0) + 1;
                (m, memory, spill, first)
            })
            .collect();
        let queue = std::sync::Mutex::new(jobs.into_iter());
        let (root, commit, source) = (&self.root, &self.commit, &self.source);
        let results: Vec<Result<Vec<PartRecord>, StoreError>> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..2)
                .map(|_| {
                    scope.spawn(|| -> Result<Vec<PartRecord>, StoreError> {
                        let mut parts = Vec::new();
                        loop {
                            let job = queue
                                .lock()
                                .map_err(|_| StoreError::Write("writer queue poisoned".into()))?
                                .next();
                            let Some((m, memory, spill, first)) = job else {
                                return Ok(parts);
                            };
                            parts.extend(write_month(
                                root,
                                commit,
                                source,
                                (m, first),
                                memory,
                                spill.as_deref(),
                            )?);
                        }
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| {
                    w.join()
                        .unwrap_or_else(|_| Err(StoreError::Write("a part writer panicked".into())))
                })
                .collect()
        });
        for r in results {
            self.written.extend(r?);
        }
        self.written
            .sort_by(|a, b| (a.month, &a.path).cmp(&(b.month, &b.path)));
        Ok(self.written)
    }
}

/// The stretches (month, first row, rows) of rows of one month, when no month comes back
/// after another (a batch of an input in time order, either way); `None` otherwise.
fn month_runs(months: &[u32]) -> Option<Vec<(u32, usize, usize)>> {
    let mut runs: Vec<(u32, usize, usize)> = Vec::new();
    for (i, &m) in months.iter().enumerate() {
        match runs.last_mut() {
            Some((last, _, len)) if *last == m => *len += 1,
            _ => {
                if runs.iter().any(|(seen, _, _)| *seen == m) || runs.len() >= 16 {
                    return None;
                }
                runs.push((m, i, 1));
            }
        }
    }
    Some(runs)
}

/// Writes one month (its spill file streamed back, then its in-memory rows) as sorted parts
/// of at most [`PART_ROWS`] rows, named `COMMIT-MONTH-K.parquet` with K from `first`.
fn write_month(
    root: &Path,
    commit: &str,
    source: &str,
    (month, first): (u32, usize),
    memory: Vec<RecordBatch>,
    spill: Option<&Path>,
) -> Result<Vec<PartRecord>, StoreError> {
    let spilled: Box<dyn Iterator<Item = Result<RecordBatch, StoreError>>> = match spill {
        None => Box::new(std::iter::empty()),
        Some(path) => {
            let io = |source| StoreError::Io {
                path: path.to_path_buf(),
                source,
            };
            let file = std::io::BufReader::with_capacity(1 << 20, File::open(path).map_err(io)?);
            Box::new(
                FileReader::try_new(file, None)
                    .map_err(StoreError::arrow)?
                    .map(|b| b.map_err(StoreError::arrow)),
            )
        }
    };
    let mut parts = Vec::new();
    let mut pending: Vec<RecordBatch> = Vec::new();
    let mut rows = 0;
    for b in spilled.chain(memory.into_iter().map(Ok)) {
        let b = b?;
        rows += b.num_rows();
        pending.push(b);
        if rows >= PART_ROWS {
            let job = Job {
                month,
                batches: std::mem::take(&mut pending),
                rows,
                part: first + parts.len(),
            };
            parts.push(write_part(root, commit, source, job)?);
            rows = 0;
        }
    }
    if rows > 0 {
        let job = Job {
            month,
            batches: pending,
            rows,
            part: first + parts.len(),
        };
        parts.push(write_part(root, commit, source, job)?);
    }
    if let Some(path) = spill {
        let _ = fs::remove_file(path);
    }
    Ok(parts)
}

/// Writes a job's rows as one sorted part with its rollups.
fn write_part(root: &Path, commit: &str, source: &str, job: Job) -> Result<PartRecord, StoreError> {
    let Job {
        month,
        batches,
        rows,
        part,
    } = job;
    let all = concat_batches(&event_schema(), &batches).map_err(StoreError::arrow)?;
    drop(batches);
    let sorted = sort_for_dyads(&all)?;
    drop(all);
    let rel = format!("events/source={source}/month={month}/{commit}-{month}-{part:03}.parquet");
    write_parquet(&root.join(&rel), &sorted)?;
    let rollup = crate::rollup::write_for_part(root, &rel, 0, std::slice::from_ref(&sorted))?;
    Ok(PartRecord {
        path: rel,
        source: source.to_string(),
        month,
        rows: rows as u64,
        rollup: Some(rollup),
    })
}

/// Sorts rows by (actor1 country, actor2 country, date), the order dyad queries read in
/// (missing countries last; rows with equal keys keep their order).
pub fn sort_for_dyads(batch: &RecordBatch) -> Result<RecordBatch, StoreError> {
    let indices = match packed_order(batch) {
        Some(i) => i,
        None => lex_order(batch)?,
    };
    take_record_batch(batch, &indices).map_err(StoreError::arrow)
}

/// The dyad order by comparing the columns themselves (any country strings).
fn lex_order(batch: &RecordBatch) -> Result<UInt32Array, StoreError> {
    let opts = Some(SortOptions {
        descending: false,
        nulls_first: false,
    });
    let key = |name: &str| SortColumn {
        values: Arc::clone(batch.column_by_name(name).expect("canonical")),
        options: opts,
    };
    lexsort_to_indices(
        &[
            key(col::ACTOR1_COUNTRY),
            key(col::ACTOR2_COUNTRY),
            key(col::DATE),
        ],
        None,
    )
    .map_err(StoreError::arrow)
}

/// The dyad order computed on one integer per row, when every country is a three-byte
/// code (as the canonical table stores them): the codes' bytes in order, then the date;
/// much cheaper than comparing strings. `None` when a country is of another length.
fn packed_order(batch: &RecordBatch) -> Option<UInt32Array> {
    let a1 = batch
        .column_by_name(col::ACTOR1_COUNTRY)?
        .as_string_opt::<i32>()?;
    let a2 = batch
        .column_by_name(col::ACTOR2_COUNTRY)?
        .as_string_opt::<i32>()?;
    let dates = batch
        .column_by_name(col::DATE)?
        .as_primitive_opt::<Date32Type>()?;
    if dates.null_count() > 0 {
        return None;
    }
    // Missing sorts after every code (codes are ASCII, below 0x80 in each byte).
    let code = |a: &datafusion::arrow::array::StringArray, i: usize| -> Option<u128> {
        if a.is_null(i) {
            return Some(0xFF_FFFF);
        }
        match a.value(i).as_bytes() {
            [x, y, z] => Some(u128::from(*x) << 16 | u128::from(*y) << 8 | u128::from(*z)),
            _ => None,
        }
    };
    let mut keys: Vec<(u128, u32)> = Vec::with_capacity(batch.num_rows());
    for i in 0..batch.num_rows() {
        // Date32 shifted to unsigned so that earlier days sort first.
        let day = (i64::from(dates.value(i)) + (1 << 31)) as u128;
        let k = code(a1, i)? << 56 | code(a2, i)? << 32 | day;
        keys.push((k, i as u32));
    }
    keys.sort_unstable();
    Some(UInt32Array::from_iter_values(
        keys.into_iter().map(|(_, i)| i),
    ))
}

fn write_parquet(path: &Path, batch: &RecordBatch) -> Result<(), StoreError> {
    write_parquet_batches(path, std::slice::from_ref(batch))
}

/// Writes `batches` (of one schema, already in order) as one Parquet file at `path`, in
/// row groups of [`ROW_GROUP_ROWS`].
pub(crate) fn write_parquet_batches(
    path: &Path,
    batches: &[RecordBatch],
) -> Result<(), StoreError> {
    write_parquet_with(path, batches, ROW_GROUP_ROWS, None)
}

/// Writes `batches` as one Parquet file at `path` in row groups of `group_rows`, and
/// pages of at most `page_rows` rows when given (so that a reader's page index can skip
/// most of a small, sorted file: the rollups).
pub(crate) fn write_parquet_with(
    path: &Path,
    batches: &[RecordBatch],
    group_rows: usize,
    page_rows: Option<usize>,
) -> Result<(), StoreError> {
    let io = |source| StoreError::Io {
        path: path.into(),
        source,
    };
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(io)?;
    }
    let file = File::create(path).map_err(io)?;
    let mut props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(
            ZstdLevel::try_new(1).expect("valid level"),
        ))
        .set_max_row_group_row_count(Some(group_rows))
        .set_statistics_enabled(EnabledStatistics::Page);
    if let Some(n) = page_rows {
        props = props
            .set_data_page_row_count_limit(n)
            .set_write_batch_size(n);
    }
    // Columns whose values are (nearly) all different: a dictionary would only be built to
    // be dropped, at the cost of hashing every value.
    for name in [
        col::EVENT_ID,
        col::URL,
        col::EVIDENCE,
        col::ORIGIN_LINE,
        col::TONE,
        col::LAT,
        col::LON,
    ] {
        props = props
            .set_column_dictionary_enabled(parquet::schema::types::ColumnPath::from(name), false);
    }
    let schema = batches.first().map_or_else(event_schema, |b| b.schema());
    let mut writer =
        ArrowWriter::try_new(file, schema, Some(props.build())).map_err(StoreError::parquet)?;
    for batch in batches {
        for start in (0..batch.num_rows()).step_by(group_rows) {
            let len = group_rows.min(batch.num_rows() - start);
            writer
                .write(&batch.slice(start, len))
                .map_err(StoreError::parquet)?;
        }
    }
    let file = writer.into_inner().map_err(StoreError::parquet)?;
    file.sync_all().map_err(io)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{Date32Array, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};

    fn batch(a1: Vec<Option<&str>>, a2: Vec<Option<&str>>, days: Vec<i32>) -> RecordBatch {
        let schema = Schema::new(vec![
            Field::new(col::ACTOR1_COUNTRY, DataType::Utf8, true),
            Field::new(col::ACTOR2_COUNTRY, DataType::Utf8, true),
            Field::new(col::DATE, DataType::Date32, false),
        ]);
        RecordBatch::try_new(
            Arc::new(schema),
            vec![
                Arc::new(StringArray::from(a1)),
                Arc::new(StringArray::from(a2)),
                Arc::new(Date32Array::from(days)),
            ],
        )
        .unwrap()
    }

    fn keys(b: &RecordBatch, idx: &UInt32Array) -> Vec<(Option<String>, Option<String>, i32)> {
        let s = |n: &str| b.column_by_name(n).unwrap().as_string::<i32>().clone();
        let (a1, a2) = (s(col::ACTOR1_COUNTRY), s(col::ACTOR2_COUNTRY));
        let d = b
            .column_by_name(col::DATE)
            .unwrap()
            .as_primitive::<Date32Type>()
            .clone();
        idx.values()
            .iter()
            .map(|&i| {
                let i = i as usize;
                let v = |a: &StringArray| a.is_valid(i).then(|| a.value(i).to_string());
                (v(&a1), v(&a2), d.value(i))
            })
            .collect()
    }

    /// Canonical batches of `rows` curated events in time order over six months.
    fn curated(rows: usize) -> RecordBatch {
        let mut csv = String::from(
            "id,date,actor1_code,actor1_name,actor2_code,actor2_name,event_code,num_sources,url,evidence\n",
        );
        let countries = ["USA", "RUS", "PRK", "CHN", "KOR"];
        for i in 0..rows {
            let day =
                vigil_model::date::days_from_ymd(2024, 1, 1).unwrap() + (i * 181 / rows) as i32;
            let (a, b) = (countries[i % 5], countries[(i / 5) % 5]);
            csv.push_str(&format!(
                "e{i},{},{a}GOV,{a},{b}GOV,{b},{},1,,\n",
                vigil_model::date::format_iso(day),
                ["042", "111", "190", "057"][i % 4]
            ));
        }
        let mut batches = Vec::new();
        vigil_ingest::read_stream(
            Path::new("generated.csv"),
            &mut csv.as_bytes(),
            vigil_ingest::Format::Curated,
            &vigil_ingest::ReadOptions::default(),
            &mut |b| {
                batches.push(b.records);
                Ok(())
            },
        )
        .unwrap();
        concat_batches(&event_schema(), &batches).unwrap()
    }

    /// Each part's rows (event ids), by month.
    fn ids_by_month(
        root: &Path,
        parts: &[PartRecord],
    ) -> std::collections::BTreeMap<u32, Vec<String>> {
        let mut out: std::collections::BTreeMap<u32, Vec<String>> = Default::default();
        for p in parts {
            let file = File::open(root.join(&p.path)).unwrap();
            let reader =
                parquet::arrow::arrow_reader::ParquetRecordBatchReader::try_new(file, 8192)
                    .unwrap();
            let mut n = 0;
            for b in reader {
                let b = b.unwrap();
                n += b.num_rows();
                let ids = b
                    .column_by_name(col::EVENT_ID)
                    .unwrap()
                    .as_string::<i32>()
                    .clone();
                out.entry(p.month)
                    .or_default()
                    .extend(ids.iter().flatten().map(String::from));
                // Every part is sorted for dyads.
                assert_eq!(
                    packed_order(&b).unwrap().values().to_vec(),
                    (0..b.num_rows() as u32).collect::<Vec<_>>()
                );
            }
            assert_eq!(n as u64, p.rows);
        }
        for v in out.values_mut() {
            v.sort();
        }
        out
    }

    #[test]
    fn months_no_longer_read_are_written_at_once_and_the_parts_hold_every_row_once() {
        // Six months of about 1,000 rows in time order, pushed 250 at a time; buffers
        // flushed past 3,000 rows, months of 500 rows or more written at once.
        let all = curated(6_000);
        let run = |eager_rows: usize| {
            let dir = tempfile::tempdir().unwrap();
            let mut w = PartWriter::new(dir.path(), "c1", "curated").with_limits(3_000, eager_rows);
            for start in (0..all.num_rows()).step_by(1_000) {
                w.push(all.slice(start, 1_000.min(all.num_rows() - start)))
                    .unwrap();
            }
            // In time order, January was complete long before the end: written at once
            // (no spill file) when allowed, spilled otherwise.
            let january_spilled = dir.path().join("spill/202401.arrow").exists();
            let parts = w.finish().unwrap();
            (
                ids_by_month(dir.path(), &parts),
                parts.len(),
                january_spilled,
            )
        };
        let (eager, eager_parts, spilled) = run(500);
        let (lazy, lazy_parts, lazy_spilled) = run(usize::MAX);
        assert!(!spilled && lazy_spilled);
        assert_eq!(eager, lazy, "the same rows in each month either way");
        assert_eq!(eager.values().map(Vec::len).sum::<usize>(), 6_000);
        assert_eq!(eager.len(), 6);
        // About one part per month either way.
        assert!(
            eager_parts <= 8 && lazy_parts == 6,
            "{eager_parts} {lazy_parts}"
        );
    }

    #[test]
    fn the_packed_order_is_the_column_order() {
        let codes = [
            Some("USA"),
            Some("RUS"),
            None,
            Some("PRK"),
            Some("CHN"),
            Some("AFG"),
        ];
        let mut x: u64 = 7;
        let mut next = |n: usize| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as usize % n
        };
        let (mut a1, mut a2, mut d) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..5000 {
            a1.push(codes[next(codes.len())]);
            a2.push(codes[next(codes.len())]);
            d.push(next(3000) as i32 - 1500);
        }
        let b = batch(a1, a2, d);
        let packed = packed_order(&b).expect("three-letter codes");
        let lex = lex_order(&b).unwrap();
        assert_eq!(keys(&b, &packed), keys(&b, &lex));
        // Another length of code: the column comparison is used.
        let odd = batch(vec![Some("USA"), Some("XK")], vec![None, None], vec![1, 2]);
        assert!(packed_order(&odd).is_none());
        let sorted = sort_for_dyads(&odd).unwrap();
        assert_eq!(sorted.num_rows(), 2);
    }

    #[test]
    fn months_in_stretches_are_sliced_and_months_that_come_back_are_not() {
        assert_eq!(
            month_runs(&[201607, 201607, 201606, 201606, 201606, 201605]),
            Some(vec![(201607, 0, 2), (201606, 2, 3), (201605, 5, 1)])
        );
        assert_eq!(month_runs(&[201607, 201606, 201607]), None);
        // Many stretches: grouping by month is cheaper than many slices.
        let many: Vec<u32> = (0..20).collect();
        assert_eq!(month_runs(&many), None);
    }
}
