//! Turning a stream of canonical batches into sorted Parquet parts, one folder per source
//! and month, with bounded memory. Rows wait in per-month buffers; when the buffered total
//! passes [`FLUSH_ROWS`], every buffer is appended to its month's spill file (Arrow IPC,
//! in the commit's staging folder). At the end each month is written as sorted parts of at
//! most [`PART_ROWS`] rows, so an input whose months interleave still gives few, large
//! files, and no more than one part's rows are ever sorted in memory at once.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::{AsArray, RecordBatch, UInt32Array};
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
}

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
        }
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
        if months.iter().all(|&m| m == first) {
            self.buffer(first, batch);
        } else {
            let mut groups: HashMap<u32, Vec<u32>> = HashMap::new();
            for (i, m) in months.iter().enumerate() {
                groups.entry(*m).or_default().push(i as u32);
            }
            for (month, idx) in groups {
                let part = take_record_batch(&batch, &UInt32Array::from(idx))
                    .map_err(StoreError::arrow)?;
                self.buffer(month, part);
            }
        }
        if self.buffered > FLUSH_ROWS {
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
        let jobs: Vec<(u32, Vec<RecordBatch>, Option<PathBuf>)> = months
            .into_iter()
            .map(|m| {
                let memory = self.buffers.remove(&m).map(|(b, _)| b).unwrap_or_default();
                let spill = spilled
                    .contains(&m)
                    .then(|| self.root.join(format!("spill/{m}.arrow")));
                (m, memory, spill)
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
                            let Some((m, memory, spill)) = job else {
                                return Ok(parts);
                            };
                            parts.extend(write_month(
                                root,
                                commit,
                                source,
                                m,
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

/// Writes one month (its spill file streamed back, then its in-memory rows) as sorted parts
/// of at most [`PART_ROWS`] rows, named `COMMIT-MONTH-K.parquet`.
fn write_month(
    root: &Path,
    commit: &str,
    source: &str,
    month: u32,
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
    let mut write = |batches: Vec<RecordBatch>, rows: usize| -> Result<(), StoreError> {
        let all = concat_batches(&event_schema(), &batches).map_err(StoreError::arrow)?;
        drop(batches);
        let sorted = sort_for_dyads(&all)?;
        drop(all);
        let rel = format!(
            "events/source={source}/month={month}/{commit}-{month}-{:03}.parquet",
            parts.len() + 1
        );
        write_parquet(&root.join(&rel), &sorted)?;
        let rollup = crate::rollup::write_for_part(root, &rel, 0, std::slice::from_ref(&sorted))?;
        parts.push(PartRecord {
            path: rel,
            source: source.to_string(),
            month,
            rows: rows as u64,
            rollup: Some(rollup),
        });
        Ok(())
    };
    for b in spilled.chain(memory.into_iter().map(Ok)) {
        let b = b?;
        rows += b.num_rows();
        pending.push(b);
        if rows >= PART_ROWS {
            write(std::mem::take(&mut pending), rows)?;
            rows = 0;
        }
    }
    if rows > 0 {
        write(pending, rows)?;
    }
    if let Some(path) = spill {
        let _ = fs::remove_file(path);
    }
    Ok(parts)
}

/// Sorts rows by (actor1 country, actor2 country, date), the order dyad queries read in.
pub fn sort_for_dyads(batch: &RecordBatch) -> Result<RecordBatch, StoreError> {
    let opts = Some(SortOptions {
        descending: false,
        nulls_first: false,
    });
    let key = |name: &str| SortColumn {
        values: Arc::clone(batch.column_by_name(name).expect("canonical")),
        options: opts,
    };
    let indices = lexsort_to_indices(
        &[
            key(col::ACTOR1_COUNTRY),
            key(col::ACTOR2_COUNTRY),
            key(col::DATE),
        ],
        None,
    )
    .map_err(StoreError::arrow)?;
    take_record_batch(batch, &indices).map_err(StoreError::arrow)
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
