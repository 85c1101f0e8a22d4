//! Daily rollups kept with the events.
//!
//! Every part of events has two companion files written in the same commit:
//!
//! * `rollups/daily/source=S/month=M/NAME.parquet`: one row per (day, source, actor 1
//!   country, actor 2 country or none, event code, quad class, actor 1 role, actor 2 role)
//!   with the number of events, the sums of their Goldstein scores (in tenths) and tone (in
//!   millionths, with the number of events that have a tone), mentions, sources and
//!   articles;
//! * `rollups/country/source=S/month=M/NAME.parquet`: per (day, source, country) the
//!   number of events involving that country (an event between two countries counts once
//!   for each; an event whose two actors share a country, once; one-sided events
//!   included): the volume the relations indices are normalised by.
//!
//! Sums are kept as integers (Goldstein in tenths, tone in millionths, each event's value
//! rounded half away from zero) so that adding rollups in any order, or computing them
//! from the events, gives the same numbers bit for bit.
//!
//! Queries read the rollups through two views, `daily` and `country_daily`
//! ([`Store::relations_session`]): the rollup files of the parts that have them, and the
//! same aggregate computed on the fly from the events of any part that has none (parts
//! written before rollups existed, or every part when rollups are switched off). So a
//! query's answer never depends on whether rollups exist, only its cost does.

// A fast hash: the rollups hash every row's key.
use foldhash::HashMap;
use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, Date32Array, Int32Array, Int64Array, RecordBatch, StringArray,
    StringBuilder,
};
use datafusion::arrow::datatypes::{DataType, Field, Int32Type, Schema, SchemaRef};
use vigil_model::schema::col;

use crate::StoreError;

/// Rows per row group of a rollup file.
const ROLLUP_GROUP_ROWS: usize = 16 * 1024;
/// Rows per page of a rollup file.
const ROLLUP_PAGE_ROWS: usize = 1024;

/// Columns of the daily rollup.
pub mod rcol {
    pub const EVENTS: &str = "events";
    pub const GOLDSTEIN_TENTHS: &str = "goldstein_tenths";
    pub const TONE_MICRO: &str = "tone_micro";
    pub const TONE_N: &str = "tone_n";
    pub const MENTIONS: &str = "mentions";
    pub const SOURCES: &str = "sources";
    pub const ARTICLES: &str = "articles";
    pub const COUNTRY: &str = "country";
}

/// The daily rollup's key columns, in order (the names of the event table's columns).
pub const DAILY_KEY: [&str; 8] = [
    col::DATE,
    col::SOURCE,
    col::ACTOR1_COUNTRY,
    col::ACTOR2_COUNTRY,
    col::EVENT_CODE,
    col::QUAD_CLASS,
    col::ACTOR1_ROLE,
    col::ACTOR2_ROLE,
];

/// The daily rollup's schema.
pub fn daily_schema() -> SchemaRef {
    static S: std::sync::OnceLock<SchemaRef> = std::sync::OnceLock::new();
    S.get_or_init(|| {
        let s = |n: &str, null| Field::new(n, DataType::Utf8, null);
        let i = |n: &str| Field::new(n, DataType::Int64, false);
        Arc::new(Schema::new(vec![
            Field::new(col::DATE, DataType::Date32, false),
            s(col::SOURCE, false),
            s(col::ACTOR1_COUNTRY, true),
            s(col::ACTOR2_COUNTRY, true),
            s(col::EVENT_CODE, true),
            Field::new(col::QUAD_CLASS, DataType::Int32, false),
            s(col::ACTOR1_ROLE, true),
            s(col::ACTOR2_ROLE, true),
            i(rcol::EVENTS),
            i(rcol::GOLDSTEIN_TENTHS),
            i(rcol::TONE_MICRO),
            i(rcol::TONE_N),
            i(rcol::MENTIONS),
            i(rcol::SOURCES),
            i(rcol::ARTICLES),
        ]))
    })
    .clone()
}

/// The per-country daily volume's schema.
pub fn country_schema() -> SchemaRef {
    static S: std::sync::OnceLock<SchemaRef> = std::sync::OnceLock::new();
    S.get_or_init(|| {
        Arc::new(Schema::new(vec![
            Field::new(col::DATE, DataType::Date32, false),
            Field::new(col::SOURCE, DataType::Utf8, false),
            Field::new(rcol::COUNTRY, DataType::Utf8, false),
            Field::new(rcol::EVENTS, DataType::Int64, false),
        ]))
    })
    .clone()
}

/// A value scaled and rounded half away from zero, as the SQL of [`daily_sql`] does it
/// (`CAST(x * scale + 0.5 * sign AS BIGINT)`): the same floating-point steps, so the same
/// integer.
fn scaled(x: f64, scale: f64) -> i64 {
    let y = x * scale;
    (if x >= 0.0 { y + 0.5 } else { y - 0.5 }) as i64
}

#[derive(Default, Clone, Copy)]
struct Sums {
    events: i64,
    goldstein_tenths: i64,
    tone_micro: i64,
    tone_n: i64,
    mentions: i64,
    sources: i64,
    articles: i64,
}

type Key<'a> = (
    Option<&'a str>,
    Option<&'a str>,
    i32,
    Option<&'a str>,
    i32,
    Option<&'a str>,
    Option<&'a str>,
);

/// The two rollups of some events.
pub struct Rollups {
    /// Rows of [`daily_schema`], sorted by (actor 1 country, actor 2 country, day, …).
    pub daily: RecordBatch,
    /// Rows of [`country_schema`], sorted by (country, day).
    pub country: RecordBatch,
}

fn opt(a: &StringArray, i: usize) -> Option<&str> {
    a.is_valid(i).then(|| a.value(i))
}

/// The columns of one canonical batch that the rollups read.
struct Columns<'a> {
    source: &'a StringArray,
    a1: &'a StringArray,
    a2: &'a StringArray,
    code: &'a StringArray,
    r1: &'a StringArray,
    r2: &'a StringArray,
    dates: &'a Date32Array,
    quad: &'a Int32Array,
    gold: &'a datafusion::arrow::array::Float64Array,
    tone: &'a datafusion::arrow::array::Float64Array,
    counts: [&'a Int32Array; 3],
}

impl<'a> Columns<'a> {
    fn of(b: &'a RecordBatch) -> Result<Self, StoreError> {
        let column = |n: &str| {
            b.column_by_name(n)
                .ok_or_else(|| StoreError::Write(format!("rollup: no column {n}")))
        };
        let text = |n: &str| -> Result<&'a StringArray, StoreError> {
            column(n)?
                .as_string_opt::<i32>()
                .ok_or_else(|| StoreError::Write(format!("rollup: no text column {n}")))
        };
        let ints = |n: &str| -> Result<&'a Int32Array, StoreError> {
            column(n)?
                .as_primitive_opt::<Int32Type>()
                .ok_or_else(|| StoreError::Write(format!("rollup: column {n} is not Int32")))
        };
        let floats = |n: &str| {
            column(n)?
                .as_primitive_opt::<datafusion::arrow::datatypes::Float64Type>()
                .ok_or_else(|| StoreError::Write(format!("rollup: column {n} is not Float64")))
        };
        Ok(Columns {
            source: text(col::SOURCE)?,
            a1: text(col::ACTOR1_COUNTRY)?,
            a2: text(col::ACTOR2_COUNTRY)?,
            code: text(col::EVENT_CODE)?,
            r1: text(col::ACTOR1_ROLE)?,
            r2: text(col::ACTOR2_ROLE)?,
            dates: column(col::DATE)?
                .as_primitive_opt::<datafusion::arrow::datatypes::Date32Type>()
                .ok_or_else(|| StoreError::Write("rollup: the date is not Date32".into()))?,
            quad: ints(col::QUAD_CLASS)?,
            gold: floats(col::GOLDSTEIN)?,
            tone: floats(col::TONE)?,
            counts: [
                ints(col::NUM_MENTIONS)?,
                ints(col::NUM_SOURCES)?,
                ints(col::NUM_ARTICLES)?,
            ],
        })
    }

    /// The row's pair and day: what the event parts are sorted by.
    fn dyad(&self, i: usize) -> (Option<&'a str>, Option<&'a str>, i32) {
        (opt(self.a1, i), opt(self.a2, i), self.dates.value(i))
    }

    /// The rest of the row's rollup key.
    fn rest(&self, i: usize) -> (Option<&'a str>, i32, Option<&'a str>, Option<&'a str>) {
        let q = if self.quad.is_valid(i) {
            self.quad.value(i)
        } else {
            0
        };
        (opt(self.code, i), q, opt(self.r1, i), opt(self.r2, i))
    }

    /// Adds the row's event to `sums`.
    fn add(&self, i: usize, sums: &mut Sums) {
        sums.events += 1;
        if self.gold.is_valid(i) {
            sums.goldstein_tenths += scaled(self.gold.value(i), 10.0);
        }
        if self.tone.is_valid(i) {
            sums.tone_micro += scaled(self.tone.value(i), 1e6);
            sums.tone_n += 1;
        }
        let add = |a: &Int32Array| if a.is_valid(i) { a.value(i) as i64 } else { 0 };
        sums.mentions += add(self.counts[0]);
        sums.sources += add(self.counts[1]);
        sums.articles += add(self.counts[2]);
    }
}

/// The order of the daily rollup's rows: the event parts' order (pair with missing
/// countries last, then day), then the rest of the key.
fn key_order(a: &Key<'_>, b: &Key<'_>) -> std::cmp::Ordering {
    dyad_order(&(a.0, a.1, a.2), &(b.0, b.1, b.2))
        .then_with(|| (a.3, a.4, a.5, a.6).cmp(&(b.3, b.4, b.5, b.6)))
}

/// The event parts' order: actor 1 country, actor 2 country (missing after any code), day.
fn dyad_order(
    a: &(Option<&str>, Option<&str>, i32),
    b: &(Option<&str>, Option<&str>, i32),
) -> std::cmp::Ordering {
    (a.0.is_none(), a.0, a.1.is_none(), a.1, a.2).cmp(&(
        b.0.is_none(),
        b.0,
        b.1.is_none(),
        b.1,
        b.2,
    ))
}

/// Summarises canonical batches of one source (a part's rows) into its rollups.
///
/// A part's rows are in dyad order ([`crate::writer::sort_for_dyads`]), so the rows of one
/// (pair, day) come together: each such run is summed on its own, its few rows sorted by
/// the rest of the key, and the rollup comes out in its final order without a table of
/// every key. Rows in another order are sorted first.
pub fn summarise(batches: &[RecordBatch]) -> Result<Rollups, StoreError> {
    if let Some(r) = summarise_runs(batches)? {
        return Ok(r);
    }
    let Some(first) = batches.first() else {
        return build("", Vec::new(), Vec::new());
    };
    let all = datafusion::arrow::compute::concat_batches(&first.schema(), batches)
        .map_err(StoreError::arrow)?;
    let sorted = crate::writer::sort_for_dyads(&all)?;
    summarise_runs(std::slice::from_ref(&sorted))?
        .ok_or_else(|| StoreError::Write("rollup: rows not in dyad order after sorting".into()))
}

/// The rollup rows of the runs closed so far.
#[derive(Default)]
struct Summary<'a> {
    rows: Vec<(Key<'a>, Sums)>,
    country: HashMap<(&'a str, i32), i64>,
}

impl<'a> Summary<'a> {
    /// Sums the run of rows `members` (batch, row) of one pair and day, and empties it.
    fn close(
        &mut self,
        columns: &[Columns<'a>],
        (c1, c2, day): (Option<&'a str>, Option<&'a str>, i32),
        members: &mut Vec<(u32, u32)>,
    ) {
        let n = members.len() as i64;
        if let Some(c) = c1 {
            *self.country.entry((c, day)).or_default() += n;
        }
        if let Some(c) = c2.filter(|c| Some(*c) != c1) {
            *self.country.entry((c, day)).or_default() += n;
        }
        let rest = |&(b, i): &(u32, u32)| columns[b as usize].rest(i as usize);
        if members.len() > 1 {
            members.sort_unstable_by(|x, y| rest(x).cmp(&rest(y)));
        }
        let mut last = None;
        for m in members.iter() {
            let r = rest(m);
            if last != Some(r) {
                self.rows
                    .push(((c1, c2, day, r.0, r.1, r.2, r.3), Sums::default()));
                last = Some(r);
            }
            let sums = &mut self.rows.last_mut().expect("pushed above").1;
            columns[m.0 as usize].add(m.1 as usize, sums);
        }
        members.clear();
    }
}

/// [`summarise`] of rows in dyad order; `None` when they are not in that order.
fn summarise_runs(batches: &[RecordBatch]) -> Result<Option<Rollups>, StoreError> {
    let columns: Vec<Columns<'_>> = batches.iter().map(Columns::of).collect::<Result<_, _>>()?;
    let mut source: Option<&str> = None;
    let mut summary = Summary::default();
    // The current run's pair and day, and its rows as (batch, row).
    let mut run = None;
    let mut members: Vec<(u32, u32)> = Vec::new();
    for (b, cols) in columns.iter().enumerate() {
        for i in 0..cols.dates.len() {
            let this = cols.source.value(i);
            match source {
                None => source = Some(this),
                Some(s) if s != this => {
                    return Err(StoreError::Write(format!(
                        "rollup: a part holds two sources ({s}, {this})"
                    )));
                }
                _ => {}
            }
            let dyad = cols.dyad(i);
            match run {
                Some(r) if r == dyad => {}
                Some(r) => {
                    if dyad_order(&r, &dyad).is_gt() {
                        return Ok(None);
                    }
                    summary.close(&columns, r, &mut members);
                    run = Some(dyad);
                }
                None => run = Some(dyad),
            }
            members.push((b as u32, i as u32));
        }
    }
    if let Some(r) = run {
        summary.close(&columns, r, &mut members);
    }
    let mut per_country: Vec<((&str, i32), i64)> = summary.country.into_iter().collect();
    per_country.sort_unstable();
    build(source.unwrap_or(""), summary.rows, per_country).map(Some)
}

/// The rollups' batches from their rows, keyed and summed, each in its order.
fn build<'a>(
    source: &str,
    rows: Vec<(Key<'a>, Sums)>,
    per_country: Vec<((&'a str, i32), i64)>,
) -> Result<Rollups, StoreError> {
    let strings = |f: fn(&Key<'a>) -> Option<&'a str>| -> ArrayRef {
        let mut b = StringBuilder::with_capacity(rows.len(), rows.len() * 4);
        for (k, _) in &rows {
            b.append_option(f(k));
        }
        Arc::new(b.finish())
    };
    let sums = |f: &dyn Fn(&Sums) -> i64| -> ArrayRef {
        Arc::new(rows.iter().map(|(_, s)| f(s)).collect::<Int64Array>())
    };
    let constant = |n: usize| -> ArrayRef {
        let mut b = StringBuilder::with_capacity(n, n * source.len());
        for _ in 0..n {
            b.append_value(source);
        }
        Arc::new(b.finish())
    };
    let daily = RecordBatch::try_new(
        daily_schema(),
        vec![
            Arc::new(Date32Array::from(
                rows.iter().map(|(k, _)| k.2).collect::<Vec<i32>>(),
            )),
            constant(rows.len()),
            strings(|k| k.0),
            strings(|k| k.1),
            strings(|k| k.3),
            Arc::new(rows.iter().map(|(k, _)| k.4).collect::<Int32Array>()),
            strings(|k| k.5),
            strings(|k| k.6),
            sums(&|s| s.events),
            sums(&|s| s.goldstein_tenths),
            sums(&|s| s.tone_micro),
            sums(&|s| s.tone_n),
            sums(&|s| s.mentions),
            sums(&|s| s.sources),
            sums(&|s| s.articles),
        ],
    )
    .map_err(StoreError::arrow)?;
    let country = RecordBatch::try_new(
        country_schema(),
        vec![
            Arc::new(Date32Array::from(
                per_country
                    .iter()
                    .map(|((_, d), _)| *d)
                    .collect::<Vec<i32>>(),
            )),
            constant(per_country.len()),
            Arc::new(
                per_country
                    .iter()
                    .map(|((c, _), _)| Some(*c))
                    .collect::<StringArray>(),
            ),
            Arc::new(per_country.iter().map(|(_, n)| *n).collect::<Int64Array>()),
        ],
    )
    .map_err(StoreError::arrow)?;
    Ok(Rollups { daily, country })
}

/// Merges rollups (of several parts, or of one part written in several files) into one:
/// rows with the same key summed. `daily` and `country` hold rows of one source.
pub fn merge(daily: &[RecordBatch], country: &[RecordBatch]) -> Result<Rollups, StoreError> {
    let mut d: HashMap<Key<'_>, Sums> = HashMap::default();
    let mut c: HashMap<(&str, i32), i64> = HashMap::default();
    let mut source: Option<&str> = None;
    let text = |b: &RecordBatch, n: &str| -> Result<StringArray, StoreError> {
        b.column_by_name(n)
            .and_then(|c| c.as_string_opt::<i32>())
            .cloned()
            .ok_or_else(|| StoreError::Write(format!("rollup: no text column {n}")))
    };
    let int = |b: &RecordBatch, n: &str| -> Result<Int64Array, StoreError> {
        b.column_by_name(n)
            .and_then(|c| c.as_primitive_opt::<datafusion::arrow::datatypes::Int64Type>())
            .cloned()
            .ok_or_else(|| StoreError::Write(format!("rollup: no count column {n}")))
    };
    let day = |b: &RecordBatch| -> Result<Date32Array, StoreError> {
        b.column_by_name(col::DATE)
            .and_then(|c| c.as_primitive_opt::<datafusion::arrow::datatypes::Date32Type>())
            .cloned()
            .ok_or_else(|| StoreError::Write("rollup: no date column".into()))
    };
    // Arrays are reference-counted: the clones share the batches' buffers, which outlive
    // the maps borrowing from them.
    let mut held = Vec::new();
    for b in daily {
        held.push((
            day(b)?,
            [
                text(b, col::SOURCE)?,
                text(b, col::ACTOR1_COUNTRY)?,
                text(b, col::ACTOR2_COUNTRY)?,
                text(b, col::EVENT_CODE)?,
                text(b, col::ACTOR1_ROLE)?,
                text(b, col::ACTOR2_ROLE)?,
            ],
            b.column_by_name(col::QUAD_CLASS)
                .and_then(|c| c.as_primitive_opt::<Int32Type>())
                .cloned()
                .ok_or_else(|| StoreError::Write("rollup: no quad class".into()))?,
            [
                int(b, rcol::EVENTS)?,
                int(b, rcol::GOLDSTEIN_TENTHS)?,
                int(b, rcol::TONE_MICRO)?,
                int(b, rcol::TONE_N)?,
                int(b, rcol::MENTIONS)?,
                int(b, rcol::SOURCES)?,
                int(b, rcol::ARTICLES)?,
            ],
        ));
    }
    let mut held_country = Vec::new();
    for b in country {
        held_country.push((
            day(b)?,
            text(b, col::SOURCE)?,
            text(b, rcol::COUNTRY)?,
            int(b, rcol::EVENTS)?,
        ));
    }
    for (days, [src, a1, a2, code, r1, r2], quad, sums) in &held {
        for i in 0..days.len() {
            source.get_or_insert(src.value(i));
            let e = d
                .entry((
                    opt(a1, i),
                    opt(a2, i),
                    days.value(i),
                    opt(code, i),
                    quad.value(i),
                    opt(r1, i),
                    opt(r2, i),
                ))
                .or_default();
            e.events += sums[0].value(i);
            e.goldstein_tenths += sums[1].value(i);
            e.tone_micro += sums[2].value(i);
            e.tone_n += sums[3].value(i);
            e.mentions += sums[4].value(i);
            e.sources += sums[5].value(i);
            e.articles += sums[6].value(i);
        }
    }
    for (days, src, country, n) in &held_country {
        for i in 0..days.len() {
            source.get_or_insert(src.value(i));
            *c.entry((country.value(i), days.value(i))).or_default() += n.value(i);
        }
    }
    let mut rows: Vec<(Key<'_>, Sums)> = d.into_iter().collect();
    rows.sort_unstable_by(|(a, _), (b, _)| key_order(a, b));
    let mut per_country: Vec<((&str, i32), i64)> = c.into_iter().collect();
    per_country.sort_unstable();
    build(source.unwrap_or(""), rows, per_country)
}

/// Where the rollups of the part at `part` (relative to the data directory) go:
/// (daily, country), both relative to the data directory. `generation` tells apart the
/// rollups a repair writes again (files are never rewritten in place).
pub fn paths_for(part: &str, generation: u32) -> (String, String) {
    let rest = part.strip_prefix("events/").unwrap_or(part);
    let rest = match generation {
        0 => rest.to_string(),
        g => match rest.strip_suffix(".parquet") {
            Some(stem) => format!("{stem}.r{g}.parquet"),
            None => format!("{rest}.r{g}"),
        },
    };
    (
        format!("rollups/daily/{rest}"),
        format!("rollups/country/{rest}"),
    )
}

/// The country rollup's path beside a daily rollup's path.
pub fn country_path(daily: &str) -> String {
    daily.replacen("rollups/daily/", "rollups/country/", 1)
}

/// Writes the rollups of `batches` (one part's rows) under `root` for the part at `part`;
/// returns the daily file's path (relative).
pub(crate) fn write_for_part(
    root: &std::path::Path,
    part: &str,
    generation: u32,
    batches: &[RecordBatch],
) -> Result<String, StoreError> {
    let (daily, _) = paths_for(part, generation);
    write(root, &daily, &summarise(batches)?)?;
    Ok(daily)
}

/// Writes `r` under `root` at the daily path `daily` (relative) and the country path
/// beside it. Sorted by pair (by country) and in small pages: a query about one pair or
/// two countries reads the few pages their rows are in.
pub(crate) fn write(root: &std::path::Path, daily: &str, r: &Rollups) -> Result<(), StoreError> {
    for (path, batch) in [
        (daily.to_string(), &r.daily),
        (country_path(daily), &r.country),
    ] {
        crate::writer::write_parquet_with(
            &root.join(path),
            std::slice::from_ref(batch),
            ROLLUP_GROUP_ROWS,
            Some(ROLLUP_PAGE_ROWS),
        )?;
    }
    Ok(())
}

/// The daily rollup computed from the events of `table` (the scan path and the check of
/// [`crate::Store::verify`]): the same rows, to the bit, as the files hold.
pub fn daily_sql(table: &str) -> String {
    let round = |expr: &str, scale: &str| {
        format!(
            "CAST(sum(CASE WHEN {expr} IS NULL THEN 0 WHEN {expr} >= 0 \
             THEN CAST({expr} * {scale} + 0.5 AS BIGINT) \
             ELSE CAST({expr} * {scale} - 0.5 AS BIGINT) END) AS BIGINT)"
        )
    };
    format!(
        "SELECT date, source, actor1_country, actor2_country, event_code, \
         CAST(coalesce(quad_class, 0) AS INT) AS quad_class, actor1_role, actor2_role, \
         CAST(count(*) AS BIGINT) AS events, \
         {} AS goldstein_tenths, {} AS tone_micro, CAST(count(tone) AS BIGINT) AS tone_n, \
         CAST(sum(coalesce(num_mentions, 0)) AS BIGINT) AS mentions, \
         CAST(sum(coalesce(num_sources, 0)) AS BIGINT) AS sources, \
         CAST(sum(coalesce(num_articles, 0)) AS BIGINT) AS articles \
         FROM {table} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8",
        round("goldstein", "10.0"),
        round("tone", "1000000.0"),
    )
}

/// The per-country daily volume computed from the events of `table`.
pub fn country_sql(table: &str) -> String {
    format!(
        "SELECT date, source, country, CAST(count(*) AS BIGINT) AS events FROM ( \
         SELECT date, source, actor1_country AS country FROM {table} WHERE actor1_country IS NOT NULL \
         UNION ALL \
         SELECT date, source, actor2_country AS country FROM {table} WHERE actor2_country IS NOT NULL \
         AND (actor1_country IS NULL OR actor2_country <> actor1_country)) GROUP BY 1, 2, 3"
    )
}

/// A rollup's Goldstein sum (tenths) as a score sum.
pub fn goldstein(tenths: i64) -> f64 {
    tenths as f64 / 10.0
}

/// A rollup's tone sum (millionths) as a tone sum.
pub fn tone(micro: i64) -> f64 {
    micro as f64 / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_away_from_zero_and_exact_for_tenths() {
        assert_eq!(scaled(2.8, 10.0), 28);
        assert_eq!(scaled(-2.8, 10.0), -28);
        assert_eq!(scaled(0.05, 10.0), 1);
        assert_eq!(scaled(-0.05, 10.0), -1);
        assert_eq!(scaled(-1.234567891, 1e6), -1_234_568);
    }

    #[test]
    fn paths_sit_beside_the_part() {
        let (d, c) = paths_for("events/source=gdelt2/month=202406/c1-202406-001.parquet", 0);
        assert_eq!(
            d,
            "rollups/daily/source=gdelt2/month=202406/c1-202406-001.parquet"
        );
        assert_eq!(c, country_path(&d));
        let (d, _) = paths_for("events/source=gdelt2/month=202406/c1-202406-001.parquet", 2);
        assert!(d.ends_with("c1-202406-001.r2.parquet"));
    }

    /// An event as (actor 1 country, actor 2 country, day, event code, Goldstein score).
    type Row<'a> = (Option<&'a str>, Option<&'a str>, i32, &'a str, f64);

    /// Events with the columns the rollups read, in the order given.
    fn events(rows: &[Row<'_>]) -> RecordBatch {
        use datafusion::arrow::array::Float64Array;
        let text = |f: &dyn Fn(&Row<'_>) -> Option<String>| {
            Arc::new(rows.iter().map(f).collect::<StringArray>()) as ArrayRef
        };
        let ints = |v: i32| Arc::new(Int32Array::from(vec![v; rows.len()])) as ArrayRef;
        let columns: Vec<(&str, ArrayRef)> = vec![
            (col::SOURCE, text(&|_| Some("gdelt1".into()))),
            (col::ACTOR1_COUNTRY, text(&|r| r.0.map(String::from))),
            (col::ACTOR2_COUNTRY, text(&|r| r.1.map(String::from))),
            (col::EVENT_CODE, text(&|r| Some(r.3.into()))),
            (col::ACTOR1_ROLE, text(&|_| None)),
            (col::ACTOR2_ROLE, text(&|_| Some("GOV".into()))),
            (
                col::DATE,
                Arc::new(Date32Array::from(
                    rows.iter().map(|r| r.2).collect::<Vec<_>>(),
                )),
            ),
            (col::QUAD_CLASS, ints(1)),
            (
                col::GOLDSTEIN,
                Arc::new(Float64Array::from(
                    rows.iter().map(|r| r.4).collect::<Vec<_>>(),
                )),
            ),
            (
                col::TONE,
                Arc::new(Float64Array::from(vec![None::<f64>; rows.len()])),
            ),
            (col::NUM_MENTIONS, ints(2)),
            (col::NUM_SOURCES, ints(1)),
            (col::NUM_ARTICLES, ints(3)),
        ];
        RecordBatch::try_from_iter_with_nullable(columns.into_iter().map(|(n, a)| (n, a, true)))
            .unwrap()
    }

    #[test]
    fn rows_in_any_order_give_the_rollups_of_their_dyad_order() {
        let rows = [
            (Some("USA"), Some("RUS"), 5, "042", 1.9),
            (None, Some("RUS"), 5, "190", -10.0),
            (Some("RUS"), Some("USA"), 4, "042", 1.9),
            (Some("USA"), Some("RUS"), 5, "036", 4.0),
            (Some("USA"), Some("RUS"), 5, "042", 2.8),
            (Some("USA"), None, 5, "042", 1.9),
            (Some("RUS"), Some("RUS"), 4, "010", 0.0),
            (Some("USA"), Some("RUS"), 3, "042", 1.9),
        ];
        let shuffled = summarise(&[events(&rows[..4]), events(&rows[4..])]).unwrap();
        let mut ordered = rows.to_vec();
        ordered.sort_by(|a, b| dyad_order(&(a.0, a.1, a.2), &(b.0, b.1, b.2)));
        // In order but split across batches mid-run: the run continues over the boundary.
        let sorted = summarise(&[events(&ordered[..3]), events(&ordered[3..])]).unwrap();
        assert_eq!(shuffled.daily, sorted.daily);
        assert_eq!(shuffled.country, sorted.country);
        let d = &sorted.daily;
        let text = |c: &str| d.column_by_name(c).unwrap().as_string::<i32>().clone();
        let (a1, a2, code) = (
            text(col::ACTOR1_COUNTRY),
            text(col::ACTOR2_COUNTRY),
            text(col::EVENT_CODE),
        );
        let n = |c: &str| {
            d.column_by_name(c)
                .unwrap()
                .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
                .clone()
        };
        let (events, gold, articles) = (
            n(rcol::EVENTS),
            n(rcol::GOLDSTEIN_TENTHS),
            n(rcol::ARTICLES),
        );
        let keys: Vec<String> = (0..d.num_rows())
            .map(|i| {
                let o = |a: &StringArray| opt(a, i).unwrap_or("-").to_string();
                format!(
                    "{}>{} {} {} {}",
                    o(&a1),
                    o(&a2),
                    o(&code),
                    events.value(i),
                    gold.value(i)
                )
            })
            .collect();
        // Pairs in order with missing countries last; USA>RUS on day 5 sums its two 042s.
        assert_eq!(
            keys,
            [
                "RUS>RUS 010 1 0",
                "RUS>USA 042 1 19",
                "USA>RUS 042 1 19",
                "USA>RUS 036 1 40",
                "USA>RUS 042 2 47",
                "USA>- 042 1 19",
                "->RUS 190 1 -100",
            ]
        );
        assert_eq!(articles.value(4), 6);
        // The per-country volume: RUS>RUS counts once, one-sided rows count for their side.
        let c = &sorted.country;
        let country = c
            .column_by_name(rcol::COUNTRY)
            .unwrap()
            .as_string::<i32>()
            .clone();
        let per: Vec<(String, i32, i64)> = (0..c.num_rows())
            .map(|i| {
                (
                    country.value(i).to_string(),
                    c.column_by_name(col::DATE)
                        .unwrap()
                        .as_primitive::<datafusion::arrow::datatypes::Date32Type>()
                        .value(i),
                    c.column_by_name(rcol::EVENTS)
                        .unwrap()
                        .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
                        .value(i),
                )
            })
            .collect();
        let want: Vec<(String, i32, i64)> = [
            ("RUS", 3, 1),
            ("RUS", 4, 2),
            ("RUS", 5, 4),
            ("USA", 3, 1),
            ("USA", 4, 1),
            ("USA", 5, 4),
        ]
        .iter()
        .map(|(c, d, n)| (c.to_string(), *d, *n))
        .collect();
        assert_eq!(per, want);
    }
}
