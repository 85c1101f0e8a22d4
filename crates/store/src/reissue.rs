//! Stored rows a later input replaces: rows a later release re-issues, and GDELT 1.0 rows
//! GDELT 2.0 supersedes ([`crate::overlap`]). ICEWS's weekly files, ACLED's exports and
//! POLECAT's weekly files publish corrected events again under the same event id; the
//! newer row replaces the older. An input of such a source collects its event ids while it is
//! staged; before its commit, every stored part of the source that holds one of those ids
//! is rewritten without them (staged beside the input's own parts), and the one catalog
//! commit swaps the parts. So a reader sees the old rows or the new ones, never both and
//! never neither; the replaced files are deleted only after the commit.

use std::collections::HashSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, RecordBatch, new_null_array,
};
use datafusion::arrow::compute::filter_record_batch;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::file::statistics::Statistics;
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

/// Which stored rows a commit removes from the parts it rewrites: re-issued ids
/// ([`Removal::ids`]) or GDELT 1.0 rows GDELT 2.0 supersedes ([`crate::overlap`]).
pub struct Removal<'a> {
    /// The column the test reads (a part without it holds none of the rows).
    pub column: &'static str,
    /// For a batch's column, true for each row that goes.
    pub remove: Box<dyn Fn(&ArrayRef) -> BooleanArray + 'a>,
    /// For a Date32 or Int32 column: the least and greatest value a removed row can
    /// have, so row groups outside it are skipped by their statistics.
    pub range: Option<(i32, i32)>,
    /// In the rewritten parts' names ("reissue", "overlap").
    pub tag: &'static str,
}

impl<'a> Removal<'a> {
    /// Rows whose event id is in `ids`.
    pub fn ids(ids: &'a HashSet<u128>) -> Removal<'a> {
        Removal {
            column: col::EVENT_ID,
            remove: Box::new(move |c: &ArrayRef| {
                let s = c.as_string::<i32>();
                (0..s.len())
                    .map(|i| Some(s.is_valid(i) && ids.contains(&id_key(s.value(i)))))
                    .collect()
            }),
            range: None,
            tag: "reissue",
        }
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

/// The row groups of the part at `path` that may hold a row `removal` takes (by their
/// statistics), or `None` when it holds none (reads the tested column only).
fn groups_holding(path: &Path, removal: &Removal) -> Result<Option<Vec<usize>>, StoreError> {
    let file = File::open(path).map_err(|source| StoreError::Io {
        path: path.into(),
        source,
    })?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| read_err(path, e))?;
    let Some(idx) = builder
        .schema()
        .fields()
        .iter()
        .position(|f| f.name() == removal.column)
    else {
        return Ok(None);
    };
    let groups: Vec<usize> = builder
        .metadata()
        .row_groups()
        .iter()
        .enumerate()
        .filter(|(_, g)| {
            let Some((lo, hi)) = removal.range else {
                return true;
            };
            match g.column(idx).statistics() {
                Some(Statistics::Int32(v)) => match (v.min_opt(), v.max_opt()) {
                    (Some(&min), Some(&max)) => min <= hi && lo <= max,
                    // Only nulls: no row can be removed.
                    _ => false,
                },
                _ => true,
            }
        })
        .map(|(i, _)| i)
        .collect();
    if groups.is_empty() {
        return Ok(None);
    }
    let mask = ProjectionMask::roots(builder.parquet_schema(), [idx]);
    for batch in builder
        .with_projection(mask)
        .with_row_groups(groups.clone())
        .build()
        .map_err(|e| read_err(path, e))?
    {
        let batch = batch.map_err(|e| read_err(path, e))?;
        if (removal.remove)(batch.column(0)).true_count() > 0 {
            return Ok(Some(groups));
        }
    }
    Ok(None)
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

/// Where removed rows go when they are kept.
pub type RowSink<'a> = dyn FnMut(&RecordBatch) -> Result<(), StoreError> + 'a;

/// Rewrites every part in `parts` that holds a row `removal` takes without those rows,
/// staging the new files under `staging` (paths relative to the data directory `dir`);
/// the removed rows are handed to `removed` when given.
pub fn rewrite_parts(
    dir: &Path,
    parts: &[PartRecord],
    removal: &Removal,
    staging: &Path,
    commit: &str,
    mut removed_rows: Option<&mut RowSink<'_>>,
) -> Result<Vec<Rewrite>, StoreError> {
    let mut out = Vec::new();
    for (n, part) in parts.iter().enumerate() {
        let path = dir.join(&part.path);
        if groups_holding(&path, removal)?.is_none() {
            continue;
        }
        let rel = PathBuf::from(&part.path)
            .with_file_name(format!("part-{commit}-{}-{n}.parquet", removal.tag))
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
            let gone = (removal.remove)(batch.column_by_name(removal.column).expect("canonical"));
            removed += gone.true_count() as u64;
            if gone.true_count() > 0
                && let Some(sink) = removed_rows.as_mut()
            {
                sink(&filter_record_batch(&batch, &gone).map_err(StoreError::arrow)?)?;
            }
            let keep = datafusion::arrow::compute::not(&gone).map_err(StoreError::arrow)?;
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
