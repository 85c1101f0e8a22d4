//! GDELT 1.0 and 2.0 overlap: since February 2015 GDELT has published both its 1.0 daily
//! files and its 2.0 15-minute exports, coded by the same system from largely the same
//! articles, so a store holding both for the same days would count those events twice.
//!
//! The rule is kept by publication day (DATEADDED, the day GDELT added a row; not the
//! event's date, since an export carries events dated years back): GDELT 2.0 takes
//! precedence on every day it has published rows the store holds. The catalog remembers
//! those days ([`crate::catalog::Catalog::gdelt2_days`]). A GDELT 1.0 input's rows added on
//! such a day are not stored; a GDELT 2.0 input that brings new days takes the stored
//! GDELT 1.0 rows added on them out of the parts, in the same commit as its own rows. Either
//! way those rows are kept, not lost: one Parquet file per commit under `superseded/`,
//! which no query reads. The result does not depend on the order of ingest.
//!
//! A day counts as covered from the first 2.0 export of it that is stored: a store that
//! follows the feed completes the day within hours; a store holding only part of a day's
//! exports counts that day's events from those exports alone.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

use datafusion::arrow::array::{ArrayRef, AsArray, BooleanArray, RecordBatch};
use datafusion::arrow::datatypes::Date32Type;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use vigil_model::Source;
use vigil_model::schema::{col, event_schema};

use crate::StoreError;
use crate::reissue::Removal;

/// The source whose rows are superseded, and the one that supersedes them.
pub const SUPERSEDED: Source = Source::Gdelt1;
pub const SUPERSEDING: Source = Source::Gdelt2;

/// A day as the catalog keeps it: YYYYMMDD.
pub fn day_key(days: i32) -> u32 {
    let (y, m, d) = vigil_model::date::ymd_from_days(days);
    y as u32 * 10_000 + m * 100 + d
}

/// The day (since the epoch) of a catalog key.
fn key_day(k: u32) -> i32 {
    vigil_model::date::days_from_ymd((k / 10_000) as i32, k / 100 % 100, k % 100)
        .expect("a stored day key is a date")
}

/// Catalog keys as days since the epoch, converted once rather than per row.
pub fn epoch_days(keys: &BTreeSet<u32>) -> BTreeSet<i32> {
    keys.iter().map(|&k| key_day(k)).collect()
}

/// The publication days (YYYYMMDD) of a batch's rows, added to `days` (an export's rows
/// share a day or two: each run of one day is converted once).
pub fn collect_days(batch: &RecordBatch, days: &mut BTreeSet<u32>) {
    if let Some(c) = batch.column_by_name(col::DATE_ADDED) {
        let mut last = None;
        for v in c.as_primitive::<Date32Type>().iter().flatten() {
            if last != Some(v) {
                days.insert(day_key(v));
                last = Some(v);
            }
        }
    }
}

/// For each row of a `date_added` column, whether its day is in `days` (days since the
/// epoch: [`epoch_days`]).
pub fn added_on(column: &ArrayRef, days: &BTreeSet<i32>) -> BooleanArray {
    let d = column.as_primitive::<Date32Type>();
    d.iter()
        .map(|v| Some(v.is_some_and(|v| days.contains(&v))))
        .collect()
}

/// The stored rows added on `days` (catalog keys; for the GDELT 1.0 parts, when GDELT 2.0
/// brings them).
pub fn removal(days: &BTreeSet<u32>) -> Removal<'static> {
    let days = epoch_days(days);
    let range = days.first().zip(days.last()).map(|(&a, &b)| (a, b));
    Removal {
        column: col::DATE_ADDED,
        remove: Box::new(move |c: &ArrayRef| added_on(c, &days)),
        range,
        tag: "overlap",
    }
}

/// Superseded rows of one commit, written as they come to `superseded/COMMIT.parquet`
/// (staged under the commit's folder; nothing is written when no row comes).
pub struct SupersededWriter {
    staging: PathBuf,
    rel: String,
    writer: Option<ArrowWriter<File>>,
    rows: u64,
}

impl SupersededWriter {
    /// A writer for the commit `commit` staged under `staging`.
    pub fn new(staging: &Path, commit: &str) -> SupersededWriter {
        SupersededWriter {
            staging: staging.to_path_buf(),
            rel: format!("superseded/{commit}.parquet"),
            writer: None,
            rows: 0,
        }
    }

    /// Adds rows.
    pub fn push(&mut self, batch: &RecordBatch) -> Result<(), StoreError> {
        if batch.num_rows() == 0 {
            return Ok(());
        }
        let writer = match &mut self.writer {
            Some(w) => w,
            None => {
                let path = self.staging.join(&self.rel);
                let io = |source| StoreError::Io {
                    path: path.clone(),
                    source,
                };
                fs::create_dir_all(path.parent().expect("superseded folder")).map_err(io)?;
                let file = File::create(&path).map_err(io)?;
                let props = WriterProperties::builder()
                    .set_compression(Compression::ZSTD(
                        ZstdLevel::try_new(1).expect("valid level"),
                    ))
                    .build();
                self.writer.insert(
                    ArrowWriter::try_new(file, event_schema(), Some(props))
                        .map_err(StoreError::parquet)?,
                )
            }
        };
        writer.write(batch).map_err(StoreError::parquet)?;
        self.rows += batch.num_rows() as u64;
        Ok(())
    }

    /// Closes the file: its path relative to the data directory and its rows, or `None`
    /// when no row came.
    pub fn finish(self) -> Result<Option<(String, u64)>, StoreError> {
        match self.writer {
            Some(w) => {
                w.close().map_err(StoreError::parquet)?;
                Ok(Some((self.rel, self.rows)))
            }
            None => Ok(None),
        }
    }
}

/// Splits a batch of GDELT 1.0 rows into those to store and those GDELT 2.0 supersedes
/// (added on one of `days`, days since the epoch).
pub fn split(
    batch: &RecordBatch,
    days: &BTreeSet<i32>,
) -> Result<(RecordBatch, RecordBatch), StoreError> {
    use datafusion::arrow::compute::{filter_record_batch, not};
    let Some(c) = batch.column_by_name(col::DATE_ADDED) else {
        return Ok((batch.clone(), batch.slice(0, 0)));
    };
    let gone = added_on(c, days);
    if gone.true_count() == 0 {
        return Ok((batch.clone(), batch.slice(0, 0)));
    }
    let keep = not(&gone).map_err(StoreError::arrow)?;
    Ok((
        filter_record_batch(batch, &keep).map_err(StoreError::arrow)?,
        filter_record_batch(batch, &gone).map_err(StoreError::arrow)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use datafusion::arrow::array::Date32Array;

    #[test]
    fn rows_are_split_by_the_day_they_were_added() {
        let day = |s: &str| vigil_model::date::parse_iso(s).unwrap();
        let column: ArrayRef = Arc::new(Date32Array::from(vec![
            Some(day("2016-07-28")),
            None,
            Some(day("2013-02-03")),
            Some(day("2016-07-28")),
        ]));
        let days = BTreeSet::from([20160728]);
        let marked = added_on(&column, &epoch_days(&days));
        assert_eq!(
            marked.iter().collect::<Vec<_>>(),
            [Some(true), Some(false), Some(false), Some(true)]
        );
        let r = removal(&days);
        assert_eq!(r.range, Some((day("2016-07-28"), day("2016-07-28"))));
        assert_eq!(day_key(day("2015-02-19")), 20150219);
        let mut seen = BTreeSet::new();
        let batch = RecordBatch::try_from_iter([("date_added", column)]).unwrap();
        collect_days(&batch, &mut seen);
        assert_eq!(seen, BTreeSet::from([20130203, 20160728]));
    }
}
