//! The dyad question read straight from the rollup files, without a query engine.
//!
//! A pair of countries over ten years touches a few thousand rollup rows, and planning two
//! SQL queries over two dozen files costs more than reading them. The daily rollups are
//! sorted by actor 1 country and the per-country volumes by country, in pages of 1,024
//! rows, so each file's page index names the pages that can hold the two countries; only
//! those pages are decoded, and every row read is then tested exactly as the SQL of
//! [`crate::Store::dyad_days`] tests it. That function reads this way when every part in
//! reach has rollups and the store runs its own queries (not on a cluster); otherwise it
//! asks SQL. Tests require the two to give the same days.

use std::collections::BTreeMap;
use std::fs::File;
use std::ops::Range;
use std::path::Path;

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::{Date32Type, Int32Type, Int64Type};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{
    ArrowReaderOptions, ParquetRecordBatchReaderBuilder, RowSelection,
};
use parquet::file::metadata::PageIndexPolicy;
use parquet::file::page_index::column_index::ColumnIndexMetaData;
use parquet::file::page_index::offset_index::OffsetIndexMetaData;
use vigil_model::schema::col;

use crate::StoreError;
use crate::rollup::rcol;

/// A pair's sums for one day, as the SQL of [`crate::Store::dyad_days`] gives them: index
/// 0 is a towards b, 1 is b towards a.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct PairDay {
    /// Events by quad class (1–4).
    pub ab: [i64; 4],
    pub ba: [i64; 4],
    /// Goldstein in tenths, tone in millionths, events with a tone.
    pub gold: [i64; 2],
    pub tone: [i64; 2],
    pub tone_n: [i64; 2],
    /// Events between the two (either way, counted once).
    pub pair: i64,
}

/// The pages of one row group whose `key` values may include one of `wanted`, as row
/// ranges within the group (all its pages when the file has no usable index).
fn pages_with(
    index: Option<&ColumnIndexMetaData>,
    offsets: Option<&OffsetIndexMetaData>,
    rows: usize,
    wanted: &[&str],
) -> Vec<Range<usize>> {
    let Some(offsets) = offsets else {
        return std::iter::once(0..rows).collect();
    };
    let locs = offsets.page_locations();
    let span = |p: usize| {
        locs[p].first_row_index as usize
            ..locs.get(p + 1).map_or(rows, |l| l.first_row_index as usize)
    };
    let Some(ColumnIndexMetaData::BYTE_ARRAY(idx)) = index else {
        return (0..locs.len()).map(span).collect();
    };
    (0..locs.len())
        .filter(|&p| match (idx.min_value(p), idx.max_value(p)) {
            (Some(min), Some(max)) => wanted
                .iter()
                .any(|w| min <= w.as_bytes() && w.as_bytes() <= max),
            // A page of nulls only holds no country; without bounds, read it.
            _ => !index.is_some_and(|i| i.is_null_page(p)),
        })
        .map(span)
        .collect()
}

/// Calls `each` with the rows of the Parquet file at `path` that lie in pages whose `key`
/// column may hold one of `wanted`, with the `columns` named (a superset of the matching
/// rows: the caller tests each row).
fn read_pages(
    path: &Path,
    key: &str,
    wanted: &[&str],
    columns: &[&str],
    mut each: impl FnMut(&RecordBatch) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let err = |e: &dyn std::fmt::Display| StoreError::Write(format!("{}: {e}", path.display()));
    let file = File::open(path).map_err(|source| StoreError::Io {
        path: path.into(),
        source,
    })?;
    let builder = ParquetRecordBatchReaderBuilder::try_new_with_options(
        file,
        ArrowReaderOptions::new().with_page_index_policy(PageIndexPolicy::Optional),
    )
    .map_err(|e| err(&e))?;
    let schema = builder.schema().clone();
    let position = |name: &str| schema.index_of(name).map_err(|e| err(&e));
    let key_at = position(key)?;
    let meta = builder.metadata().clone();
    let (mut groups, mut ranges, mut total) = (Vec::new(), Vec::new(), 0usize);
    for (g, group) in meta.row_groups().iter().enumerate() {
        let rows = group.num_rows() as usize;
        let index = meta.column_index().map(|c| &c[g][key_at]);
        let offsets = meta.offset_index().map(|o| &o[g][key_at]);
        let pages = pages_with(index, offsets, rows, wanted);
        if pages.is_empty() {
            continue;
        }
        groups.push(g);
        ranges.extend(pages.into_iter().map(|r| r.start + total..r.end + total));
        total += rows;
    }
    if groups.is_empty() {
        return Ok(());
    }
    let wanted_columns = columns
        .iter()
        .map(|c| position(c))
        .collect::<Result<Vec<_>, _>>()?;
    let mask = ProjectionMask::roots(builder.parquet_schema(), wanted_columns);
    let reader = builder
        .with_row_groups(groups)
        .with_row_selection(RowSelection::from_consecutive_ranges(
            ranges.into_iter(),
            total,
        ))
        .with_projection(mask)
        .build()
        .map_err(|e| err(&e))?;
    for batch in reader {
        each(&batch.map_err(|e| err(&e))?)?;
    }
    Ok(())
}

/// True when a row's source passes the filter (every source when it is empty).
fn source_ok(sources: &[&str], source: &str) -> bool {
    sources.is_empty() || sources.contains(&source)
}

/// The pair (a, b)'s sums per day in `from..=to`, from the daily rollup files `files`
/// (relative to `dir`), of `sources` only when given.
pub fn pair_days(
    dir: &Path,
    files: &[String],
    (a, b): (&str, &str),
    (from, to): (i32, i32),
    sources: &[&str],
) -> Result<BTreeMap<i32, PairDay>, StoreError> {
    let mut days: BTreeMap<i32, PairDay> = BTreeMap::new();
    let columns = [
        col::DATE,
        col::SOURCE,
        col::ACTOR1_COUNTRY,
        col::ACTOR2_COUNTRY,
        col::QUAD_CLASS,
        rcol::EVENTS,
        rcol::GOLDSTEIN_TENTHS,
        rcol::TONE_MICRO,
        rcol::TONE_N,
    ];
    for file in files {
        read_pages(
            &dir.join(file),
            col::ACTOR1_COUNTRY,
            &[a, b],
            &columns,
            |batch| {
                let text = |n: &str| batch.column_by_name(n).expect("read").as_string::<i32>();
                let int = |n: &str| {
                    batch
                        .column_by_name(n)
                        .expect("read")
                        .as_primitive::<Int64Type>()
                };
                let (source, a1, a2) = (
                    text(col::SOURCE),
                    text(col::ACTOR1_COUNTRY),
                    text(col::ACTOR2_COUNTRY),
                );
                let date = batch
                    .column_by_name(col::DATE)
                    .expect("read")
                    .as_primitive::<Date32Type>();
                let quad = batch
                    .column_by_name(col::QUAD_CLASS)
                    .expect("read")
                    .as_primitive::<Int32Type>();
                let (events, gold, tone, tone_n) = (
                    int(rcol::EVENTS),
                    int(rcol::GOLDSTEIN_TENTHS),
                    int(rcol::TONE_MICRO),
                    int(rcol::TONE_N),
                );
                for i in 0..batch.num_rows() {
                    if a1.is_null(i) || a2.is_null(i) {
                        continue;
                    }
                    let (c1, c2) = (a1.value(i), a2.value(i));
                    let ab = c1 == a && c2 == b;
                    let ba = c1 == b && c2 == a;
                    let day = date.value(i);
                    if !(ab || ba) || day < from || day > to || !source_ok(sources, source.value(i))
                    {
                        continue;
                    }
                    let d = days.entry(day).or_default();
                    let q = quad.value(i);
                    for (way, hit) in [(0, ab), (1, ba)] {
                        if !hit {
                            continue;
                        }
                        if (1..=4).contains(&q) {
                            let counts = if way == 0 { &mut d.ab } else { &mut d.ba };
                            counts[q as usize - 1] += events.value(i);
                        }
                        d.gold[way] += gold.value(i);
                        d.tone[way] += tone.value(i);
                        d.tone_n[way] += tone_n.value(i);
                    }
                    d.pair += events.value(i);
                }
                Ok(())
            },
        )?;
    }
    Ok(days)
}

/// The events involving a and b per day in `from..=to` (each country's volume), from the
/// per-country rollup files `files`, of `sources` only when given.
pub fn volumes(
    dir: &Path,
    files: &[String],
    (a, b): (&str, &str),
    (from, to): (i32, i32),
    sources: &[&str],
) -> Result<BTreeMap<i32, [i64; 2]>, StoreError> {
    let mut days: BTreeMap<i32, [i64; 2]> = BTreeMap::new();
    let columns = [col::DATE, col::SOURCE, rcol::COUNTRY, rcol::EVENTS];
    for file in files {
        read_pages(&dir.join(file), rcol::COUNTRY, &[a, b], &columns, |batch| {
            let text = |n: &str| batch.column_by_name(n).expect("read").as_string::<i32>();
            let (source, country) = (text(col::SOURCE), text(rcol::COUNTRY));
            let date = batch
                .column_by_name(col::DATE)
                .expect("read")
                .as_primitive::<Date32Type>();
            let events = batch
                .column_by_name(rcol::EVENTS)
                .expect("read")
                .as_primitive::<Int64Type>();
            for i in 0..batch.num_rows() {
                let (c, day) = (country.value(i), date.value(i));
                if (c != a && c != b)
                    || day < from
                    || day > to
                    || !source_ok(sources, source.value(i))
                {
                    continue;
                }
                let v = days.entry(day).or_default();
                if c == a {
                    v[0] += events.value(i);
                }
                if c == b {
                    v[1] += events.value(i);
                }
            }
            Ok(())
        })?;
    }
    Ok(days)
}
