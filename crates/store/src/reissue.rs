//! Rows a later release re-issues. ICEWS's weekly files, ACLED's exports and POLECAT's
//! weekly files publish corrected events again under the same event id; the newer row
//! replaces the older. An input of such a source collects its event ids while it is
//! staged; before its commit, every stored part of the source that holds one of those ids
//! is rewritten without them (staged beside the input's own parts), and the one catalog
//! commit swaps the parts. So a reader sees the old rows or the new ones, never both and
//! never neither; the replaced files are deleted only after the commit.

use std::collections::HashSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::{Array, AsArray, BooleanArray, RecordBatch, new_null_array};
use datafusion::arrow::compute::filter_record_batch;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use vigil_model::schema::{col, event_schema};

use crate::StoreError;
use crate::catalog::PartRecord;

/// Sources whose later files re-issue rows under the same event id.
pub const REISSUING: &[&str] = &["icews", "acled", "polecat"];

/// The key an event id is remembered by (xxh3-128: 16 bytes an id, whatever its length).
pub fn id_key(id: &str) -> u128 {
    xxhash_rust::xxh3::xxh3_128(id.as_bytes())
}

/// The ids of a batch's rows, added to `ids`.
pub fn collect_ids(batch: &RecordBatch, ids: &mut HashSet<u128>) {
    if let Some(c) = batch.column_by_name(col::EVENT_ID) {
        let s = c.as_string::<i32>();
        ids.extend(
            (0..s.len())
                .filter(|&i| s.is_valid(i))
                .map(|i| id_key(s.value(i))),
        );
    }
}

/// A stored part rewritten without re-issued rows.
#[derive(Debug)]
pub struct Rewrite {
    /// The part the catalog lists now.
    pub old: PartRecord,
    /// Its replacement, staged under the commit's folder at `new.path`; `None` when every
    /// row of the part was re-issued.
    pub new: Option<PartRecord>,
    /// Rows dropped from it.
    pub removed: u64,
}

fn read_err(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Write(format!("{}: {e}", path.display()))
}

/// True if the part at `path` holds a row whose id is in `ids` (reads the id column only).
fn holds_any(path: &Path, ids: &HashSet<u128>) -> Result<bool, StoreError> {
    let file = File::open(path).map_err(|source| StoreError::Io {
        path: path.into(),
        source,
    })?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| read_err(path, e))?;
    let Some(idx) = builder
        .schema()
        .fields()
        .iter()
        .position(|f| f.name() == col::EVENT_ID)
    else {
        return Ok(false);
    };
    let mask = ProjectionMask::roots(builder.parquet_schema(), [idx]);
    for batch in builder
        .with_projection(mask)
        .build()
        .map_err(|e| read_err(path, e))?
    {
        let batch = batch.map_err(|e| read_err(path, e))?;
        let s = batch.column(0).as_string::<i32>();
        if (0..s.len()).any(|i| s.is_valid(i) && ids.contains(&id_key(s.value(i)))) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A batch of any earlier schema with the canonical schema's columns (absent ones null).
pub fn adapt(batch: &RecordBatch) -> Result<RecordBatch, StoreError> {
    let schema = event_schema();
    let cols = schema
        .fields()
        .iter()
        .map(|f| {
            batch
                .column_by_name(f.name())
                .cloned()
                .unwrap_or_else(|| new_null_array(f.data_type(), batch.num_rows()))
        })
        .collect();
    RecordBatch::try_new(Arc::clone(&schema), cols).map_err(StoreError::arrow)
}

/// Rewrites every part in `parts` that holds one of `ids` without those rows, staging the
/// new files under `staging` (paths relative to the data directory `dir`).
pub fn rewrite_parts(
    dir: &Path,
    parts: &[PartRecord],
    ids: &HashSet<u128>,
    staging: &Path,
    commit: &str,
) -> Result<Vec<Rewrite>, StoreError> {
    let mut out = Vec::new();
    if ids.is_empty() {
        return Ok(out);
    }
    for (n, part) in parts.iter().enumerate() {
        let path = dir.join(&part.path);
        if !holds_any(&path, ids)? {
            continue;
        }
        let rel = PathBuf::from(&part.path)
            .with_file_name(format!("part-{commit}-reissue-{n}.parquet"))
            .to_string_lossy()
            .into_owned();
        let file = File::open(&path).map_err(|source| StoreError::Io {
            path: path.clone(),
            source,
        })?;
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .and_then(|b| b.build())
            .map_err(|e| read_err(&path, e))?;
        let mut kept = Vec::new();
        let mut removed = 0u64;
        for batch in reader {
            let batch = adapt(&batch.map_err(|e| read_err(&path, e))?)?;
            let s = batch
                .column_by_name(col::EVENT_ID)
                .expect("canonical")
                .as_string::<i32>();
            let keep: BooleanArray = (0..s.len())
                .map(|i| Some(!(s.is_valid(i) && ids.contains(&id_key(s.value(i))))))
                .collect();
            removed += keep.false_count() as u64;
            let b = filter_record_batch(&batch, &keep).map_err(StoreError::arrow)?;
            if b.num_rows() > 0 {
                kept.push(b);
            }
        }
        let rows: u64 = kept.iter().map(|b| b.num_rows() as u64).sum();
        let new = if rows == 0 {
            None
        } else {
            crate::writer::write_parquet_batches(&staging.join(&rel), &kept)?;
            let rollup = crate::rollup::write_for_part(staging, &rel, 0, &kept)?;
            Some(PartRecord {
                path: rel,
                rows,
                rollup: Some(rollup),
                ..part.clone()
            })
        };
        out.push(Rewrite {
            old: part.clone(),
            new,
            removed,
        });
    }
    Ok(out)
}
