//! The dyad question read straight from the rollup files, without a query engine.
//!
//! A pair of countries over ten years touches a few thousand rollup rows, and planning two
//! SQL queries over two dozen files costs more than reading them. The daily rollups are
//! sorted by actor 1 country, actor 2 country and day, and the per-country volumes by
//! country and day, in pages of 1,024 rows, so each file's page index names the pages that
//! can hold the pair in the span (the pages every sorted column allows); only those pages
//! are decoded, and every row read is then tested exactly as the SQL of
//! [`crate::Store::dyad_days`] tests it. That function reads this way when every part in
//! reach has rollups and the store runs its own queries (not on a cluster); otherwise it
//! asks SQL. Tests require the two to give the same days. Files' footers and page indexes
//! are parsed once per process and kept (a server answers many such questions).

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::SystemTime;

use datafusion::arrow::array::{Array, AsArray, PrimitiveArray, RecordBatch, StringArray};
use datafusion::arrow::datatypes::{ArrowPrimitiveType, Date32Type, Int32Type, Int64Type};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder, RowSelection,
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

/// What a column's values must allow for a page to be read.
#[derive(Clone, Copy)]
enum Want<'a> {
    /// One of these texts.
    Text(&'a [&'a str]),
    /// A day in this span (Date32, inclusive).
    Days(i32, i32),
}

/// The pages of one row group whose values of a column may meet `want`, as row ranges
/// within the group (all its pages when the file has no usable index), in order.
fn pages_with(
    index: Option<&ColumnIndexMetaData>,
    offsets: Option<&OffsetIndexMetaData>,
    rows: usize,
    want: Want,
) -> Vec<Range<usize>> {
    let Some(offsets) = offsets else {
        return std::iter::once(0..rows).collect();
    };
    let locs = offsets.page_locations();
    let span = |p: usize| {
        locs[p].first_row_index as usize
            ..locs.get(p + 1).map_or(rows, |l| l.first_row_index as usize)
    };
    let may = |p: usize| -> bool {
        match (index, want) {
            (Some(ColumnIndexMetaData::BYTE_ARRAY(idx)), Want::Text(wanted)) => {
                match (idx.min_value(p), idx.max_value(p)) {
                    (Some(min), Some(max)) => wanted
                        .iter()
                        .any(|w| min <= w.as_bytes() && w.as_bytes() <= max),
                    // A page of nulls holds no country; without bounds, read it.
                    _ => !idx.is_null_page(p),
                }
            }
            (Some(ColumnIndexMetaData::INT32(idx)), Want::Days(from, to)) => {
                match (idx.min_value(p), idx.max_value(p)) {
                    (Some(&min), Some(&max)) => min <= to && from <= max,
                    _ => !idx.is_null_page(p),
                }
            }
            _ => true,
        }
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    for p in (0..locs.len()).filter(|&p| may(p)) {
        let r = span(p);
        match out.last_mut() {
            Some(last) if last.end == r.start => last.end = r.end,
            _ => out.push(r),
        }
    }
    out
}

/// The rows in both of two ordered lists of ranges.
fn intersect(a: &[Range<usize>], b: &[Range<usize>]) -> Vec<Range<usize>> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        let (start, end) = (a[i].start.max(b[j].start), a[i].end.min(b[j].end));
        if start < end {
            out.push(start..end);
        }
        if a[i].end < b[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Parsed footers and page indexes of the rollup files read directly, by path, size and
/// modification time (a rollup file is never rewritten in place; a compaction writes new
/// ones), so repeated questions do not parse them again. Bounded: emptied when full.
fn metadata(path: &Path, file: &File) -> Result<ArrowReaderMetadata, StoreError> {
    type Cache = HashMap<PathBuf, (u64, Option<SystemTime>, ArrowReaderMetadata)>;
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    const MOST: usize = 4096;
    let stat = file.metadata().map_err(|source| StoreError::Io {
        path: path.into(),
        source,
    })?;
    let (len, modified) = (stat.len(), stat.modified().ok());
    let cache = CACHE.get_or_init(Default::default);
    // The lock guards a map no step can leave half changed: a poisoned one is used as is.
    let lock = || cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((l, m, meta)) = lock().get(path)
        && (*l, *m) == (len, modified)
    {
        return Ok(meta.clone());
    }
    let meta = ArrowReaderMetadata::load(
        file,
        ArrowReaderOptions::new().with_page_index_policy(PageIndexPolicy::Optional),
    )
    .map_err(|e| StoreError::Write(format!("{}: {e}", path.display())))?;
    let mut held = lock();
    if held.len() >= MOST {
        held.clear();
    }
    held.insert(path.into(), (len, modified, meta.clone()));
    Ok(meta)
}

/// Calls `each` with the rows of the Parquet file at `path` that lie in pages where every
/// column of `wants` may meet its want, with the `columns` named (a superset of the
/// matching rows: the caller tests each row).
fn read_pages(
    path: &Path,
    wants: &[(&str, Want)],
    columns: &[&str],
    mut each: impl FnMut(&RecordBatch) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let err = |e: &dyn std::fmt::Display| StoreError::Write(format!("{}: {e}", path.display()));
    let file = File::open(path).map_err(|source| StoreError::Io {
        path: path.into(),
        source,
    })?;
    let arrow_meta = metadata(path, &file)?;
    let schema = arrow_meta.schema().clone();
    let position = |name: &str| schema.index_of(name).map_err(|e| err(&e));
    let wants = wants
        .iter()
        .map(|(c, w)| Ok((position(c)?, *w)))
        .collect::<Result<Vec<_>, StoreError>>()?;
    let meta = arrow_meta.metadata().clone();
    let (mut groups, mut ranges, mut total) = (Vec::new(), Vec::new(), 0usize);
    for (g, group) in meta.row_groups().iter().enumerate() {
        let rows = group.num_rows() as usize;
        let mut pages = std::iter::once(0..rows).collect::<Vec<_>>();
        for &(at, want) in &wants {
            let index = meta.column_index().map(|c| &c[g][at]);
            let offsets = meta.offset_index().map(|o| &o[g][at]);
            pages = intersect(&pages, &pages_with(index, offsets, rows, want));
        }
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
    let mask = ProjectionMask::roots(arrow_meta.parquet_schema(), wanted_columns);
    let reader = ParquetRecordBatchReaderBuilder::new_with_metadata(file, arrow_meta)
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

/// A text column [`read_pages`] was asked for (it fails first when a file lacks one).
fn text<'b>(batch: &'b RecordBatch, name: &str) -> &'b StringArray {
    batch
        .column_by_name(name)
        .expect("a column read_pages was asked for")
        .as_string::<i32>()
}

/// A numeric column [`read_pages`] was asked for.
fn numbers<'b, T: ArrowPrimitiveType>(batch: &'b RecordBatch, name: &str) -> &'b PrimitiveArray<T> {
    batch
        .column_by_name(name)
        .expect("a column read_pages was asked for")
        .as_primitive::<T>()
}

/// True when a row's source passes the filter (every source when it is empty).
fn source_ok(sources: &[&str], source: &str) -> bool {
    sources.is_empty() || sources.contains(&source)
}

/// Runs `read` over two halves of `files` at once (a question reads a few dozen small
/// files; two threads use a small machine's cores) and adds the halves' days together.
fn in_halves<T: Send>(
    files: &[String],
    read: impl Fn(&[String]) -> Result<BTreeMap<i32, T>, StoreError> + Sync,
    add: impl Fn(&mut T, T),
) -> Result<BTreeMap<i32, T>, StoreError> {
    if files.len() < 2 {
        return read(files);
    }
    let (first, second) = files.split_at(files.len() / 2);
    let (days, more) = std::thread::scope(|s| {
        let other = s.spawn(|| read(second));
        let mine = read(first);
        let theirs = other
            .join()
            .unwrap_or_else(|_| Err(StoreError::Write("a rollup reader panicked".into())));
        (mine, theirs)
    });
    let mut days = days?;
    for (day, v) in more? {
        match days.entry(day) {
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(v);
            }
            std::collections::btree_map::Entry::Occupied(mut e) => add(e.get_mut(), v),
        }
    }
    Ok(days)
}

impl PairDay {
    fn add(&mut self, o: PairDay) {
        for i in 0..4 {
            self.ab[i] += o.ab[i];
            self.ba[i] += o.ba[i];
        }
        for i in 0..2 {
            self.gold[i] += o.gold[i];
            self.tone[i] += o.tone[i];
            self.tone_n[i] += o.tone_n[i];
        }
        self.pair += o.pair;
    }
}

/// The pair (a, b)'s sums per day in `from..=to`, from the daily rollup files `files`
/// (relative to `dir`), of `sources` only when given.
pub fn pair_days(
    dir: &Path,
    files: &[String],
    pair: (&str, &str),
    span: (i32, i32),
    sources: &[&str],
) -> Result<BTreeMap<i32, PairDay>, StoreError> {
    in_halves(
        files,
        |files| pair_days_in(dir, files, pair, span, sources),
        PairDay::add,
    )
}

fn pair_days_in(
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
    let pair = [a, b];
    for file in files {
        read_pages(
            &dir.join(file),
            &[
                (col::ACTOR1_COUNTRY, Want::Text(&pair)),
                (col::ACTOR2_COUNTRY, Want::Text(&pair)),
                (col::DATE, Want::Days(from, to)),
            ],
            &columns,
            |batch| {
                let text = |n| text(batch, n);
                let int = |n| numbers::<Int64Type>(batch, n);
                let (source, a1, a2) = (
                    text(col::SOURCE),
                    text(col::ACTOR1_COUNTRY),
                    text(col::ACTOR2_COUNTRY),
                );
                let date = numbers::<Date32Type>(batch, col::DATE);
                let quad = numbers::<Int32Type>(batch, col::QUAD_CLASS);
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
    pair: (&str, &str),
    span: (i32, i32),
    sources: &[&str],
) -> Result<BTreeMap<i32, [i64; 2]>, StoreError> {
    in_halves(
        files,
        |files| volumes_in(dir, files, pair, span, sources),
        |v, o| {
            v[0] += o[0];
            v[1] += o[1];
        },
    )
}

fn volumes_in(
    dir: &Path,
    files: &[String],
    (a, b): (&str, &str),
    (from, to): (i32, i32),
    sources: &[&str],
) -> Result<BTreeMap<i32, [i64; 2]>, StoreError> {
    let mut days: BTreeMap<i32, [i64; 2]> = BTreeMap::new();
    let columns = [col::DATE, col::SOURCE, rcol::COUNTRY, rcol::EVENTS];
    let pair = [a, b];
    let wants = [
        (rcol::COUNTRY, Want::Text(&pair)),
        (col::DATE, Want::Days(from, to)),
    ];
    for file in files {
        read_pages(&dir.join(file), &wants, &columns, |batch| {
            let (source, country) = (text(batch, col::SOURCE), text(batch, rcol::COUNTRY));
            let date = numbers::<Date32Type>(batch, col::DATE);
            let events = numbers::<Int64Type>(batch, rcol::EVENTS);
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

#[cfg(test)]
mod tests {
    use super::intersect;

    #[test]
    fn ranges_intersect_in_order() {
        assert_eq!(
            intersect(&[0..10, 20..30, 40..50], &[5..25, 28..45]),
            [5..10, 20..25, 28..30, 40..45]
        );
        let (low, high, all) = (
            vec![0..10, 10..10],
            vec![10..20, 20..20],
            vec![0..100, 100..100],
        );
        assert!(intersect(&low, &high).is_empty());
        assert_eq!(intersect(&all, &all), all[..1]);
    }
}
