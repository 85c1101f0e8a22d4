//! Readers for sources with a header line: ICEWS (`icews.rs`), ACLED in every published
//! layout (`acled.rs`), POLECAT (`polecat.rs`) and vigil's own curated CSV (`curated.rs`).
//! Columns are found by name (any case), so column order and extra columns do not matter.
//!
//! Records come from [`crate::records::Records`]: line numbers are the file's own (header
//! = line 1) with LF or CRLF line ends, quoted fields may span lines, and a record longer
//! than the cap is set aside without swallowing the rest of the file.

mod acled;
mod curated;
mod icews;
mod polecat;

use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use vigil_model::{EventType, QuadClass, countries};

use crate::batch::{Actor, EventRow};
use crate::error::{Reject, RejectReason};
use crate::records::{Next, Quoting, Record, Records};
use crate::{Chunk, IngestError, ReadContext};

pub(crate) use acled::read_acled;
pub use acled::{ACLED_LEGACY_TO_CAMEO, ACLED_TO_CAMEO, AcledLayout};
pub(crate) use curated::read_curated;
pub(crate) use icews::read_icews;
pub(crate) use polecat::read_polecat;

/// Column positions by (lower-cased) header name.
pub(crate) struct Header {
    idx: HashMap<String, usize>,
    width: usize,
}

fn header_name(h: &str) -> String {
    h.trim()
        .trim_matches('"')
        .trim_start_matches('\u{feff}')
        .to_lowercase()
}

impl Header {
    fn new(record: &Record) -> Self {
        let mut idx = HashMap::new();
        for (i, h) in record.iter().enumerate() {
            // The first of two columns with one name wins.
            idx.entry(header_name(&String::from_utf8_lossy(h)))
                .or_insert(i);
        }
        Header {
            idx,
            width: record.len(),
        }
    }

    fn require(&self, ctx: &ReadContext<'_>, name: &str) -> Result<usize, IngestError> {
        self.idx
            .get(name)
            .copied()
            .ok_or_else(|| ctx.format(format!("the header has no {name:?} column")))
    }

    /// The first of `names` the header has.
    fn optional(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.idx.get(*n).copied())
    }

    /// True if the header has every one of `names`.
    pub(crate) fn has_all(line: &str, delimiter: u8, names: &[&str]) -> bool {
        let cols: HashSet<String> = line.split(delimiter as char).map(header_name).collect();
        names.iter().all(|n| cols.contains(*n))
    }
}

/// One data record of a header-indexed file, with checked accessors.
struct Row<'r> {
    rec: &'r Record,
    /// Treat the literal `NA` (R's missing value) as empty.
    na_missing: bool,
}

impl<'r> Row<'r> {
    fn line(&self) -> u64 {
        self.rec.line
    }

    fn reject(&self, field: Option<&str>, reason: RejectReason, detail: String) -> Reject {
        let raw = self.rec.iter().collect::<Vec<_>>().join(&b'\t');
        Reject::new(self.rec.line, &raw, field, reason, detail)
    }

    fn get(&self, i: Option<usize>) -> &'r str {
        // Validity of UTF-8 is checked for the whole record before any get.
        let s = i
            .and_then(|i| self.rec.get(i))
            .map(|b| std::str::from_utf8(b).unwrap_or("").trim())
            .unwrap_or("");
        if self.na_missing && s == "NA" { "" } else { s }
    }

    fn number(&self, i: Option<usize>, name: &str) -> Result<Option<f64>, Reject> {
        let s = self.get(i);
        if s.is_empty() {
            return Ok(None);
        }
        s.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(Some)
            .ok_or_else(|| {
                self.reject(
                    Some(name),
                    RejectReason::BadNumber,
                    format!("{s:?} is not a number"),
                )
            })
    }

    /// Fills the record's id and date from the columns `id` and `day` (each with the name
    /// a reject gives it), the date read by `parse`; a missing id or a date that does not
    /// parse sets the record aside. `form` says what a date should look like.
    fn id_and_date(
        &self,
        s: &mut Scratch,
        (id, id_name): (usize, &str),
        (day, day_name): (usize, &str),
        parse: fn(&str) -> Option<i32>,
        form: &str,
    ) -> Result<(), Reject> {
        s.id.push_str(self.get(Some(id)));
        if s.id.is_empty() {
            return Err(self.reject(Some(id_name), RejectReason::Missing, "no event id".into()));
        }
        let d = self.get(Some(day));
        s.date = parse(d).ok_or_else(|| {
            self.reject(
                Some(day_name),
                RejectReason::BadDate,
                format!("{d:?} is not {form}"),
            )
        })?;
        Ok(())
    }

    /// A whole number that fits an i32 ("12", "12.0").
    fn integer(&self, i: Option<usize>, name: &str) -> Result<Option<i32>, Reject> {
        match self.number(i, name)? {
            None => Ok(None),
            Some(v) if v.fract() == 0.0 && v.abs() <= i32::MAX as f64 => Ok(Some(v as i32)),
            Some(v) => Err(self.reject(
                Some(name),
                RejectReason::BadNumber,
                format!("{v} is not a whole number"),
            )),
        }
    }
}

/// How a header-indexed format is read.
struct Dialect {
    delimiter: u8,
    quoting: Quoting,
    na_missing: bool,
    /// The id prefix ("icews").
    prefix: &'static str,
}

type MapFn = Box<dyn Fn(&Row<'_>, &mut Scratch) -> Result<(), Reject>>;

/// Runs the mapper `setup` builds from the header over every data record, collecting
/// rows and rejects into batches.
fn each_record(
    reader: &mut dyn BufRead,
    dialect: Dialect,
    ctx: &mut ReadContext<'_>,
    setup: impl FnOnce(&Header, &ReadContext<'_>) -> Result<MapFn, IngestError>,
) -> Result<(), IngestError> {
    let mut records = Records::new(
        reader,
        dialect.delimiter,
        dialect.quoting,
        ctx.max_record_bytes,
    );
    let next = |records: &mut Records<'_>, ctx: &ReadContext<'_>| {
        records.next().map_err(|source| ctx.io(source))
    };
    let header = match next(&mut records, ctx)? {
        Next::Record => Header::new(&records.record),
        Next::TooLong { .. } => {
            return Err(ctx.format(format!(
                "the header line is longer than {} bytes",
                ctx.max_record_bytes
            )));
        }
        Next::End => return Err(ctx.format("the file is empty (no header line)".into())),
    };
    let map = setup(&header, ctx)?;
    let mut seen: HashSet<u64> = HashSet::new();
    let mut chunk = Chunk::new(ctx.builder());
    let mut scratch = Scratch::default();
    loop {
        match next(&mut records, ctx)? {
            Next::End => break,
            Next::TooLong { line, head } => chunk.rejects.push(ctx.too_long(line, &head)),
            Next::Record => {
                let rec = &records.record;
                if rec.is_blank() {
                    continue;
                }
                let row = Row {
                    rec,
                    na_missing: dialect.na_missing,
                };
                match check_and_map(&row, &header, &map, &mut scratch, &mut seen) {
                    Ok(()) => match scratch.row(dialect.prefix, row.line()) {
                        Some(r) => chunk.builder.push(&r),
                        None => chunk.rejects.push(row.reject(
                            None,
                            RejectReason::UnknownCode,
                            "no event type and no quad class".into(),
                        )),
                    },
                    Err(r) => chunk.rejects.push(r),
                }
            }
        }
        if chunk.is_full() {
            ctx.emit(&mut chunk)?;
        }
    }
    ctx.emit(&mut chunk)
}

fn check_and_map(
    row: &Row<'_>,
    header: &Header,
    map: &MapFn,
    scratch: &mut Scratch,
    seen: &mut HashSet<u64>,
) -> Result<(), Reject> {
    let rec = row.rec;
    if rec.len() != header.width {
        return Err(row.reject(
            None,
            RejectReason::ColumnCount {
                expected: header.width.to_string(),
                found: rec.len(),
            },
            format!(
                "expected {} fields as in the header, found {}",
                header.width,
                rec.len()
            ),
        ));
    }
    if let Some(bad) = rec.iter().position(|f| std::str::from_utf8(f).is_err()) {
        return Err(row.reject(
            None,
            RejectReason::InvalidUtf8,
            format!("field {} is not valid UTF-8", bad + 1),
        ));
    }
    scratch.clear();
    map(row, scratch)?;
    if seen.insert(xxhash_rust::xxh3::xxh3_64(scratch.id.as_bytes())) {
        Ok(())
    } else {
        Err(row.reject(
            None,
            RejectReason::DuplicateId,
            format!("event id {} appeared earlier", scratch.id),
        ))
    }
}

/// Owned values of one mapped record.
#[derive(Default)]
struct Scratch {
    id: String,
    date: i32,
    event: Option<&'static EventType>,
    quad: Option<QuadClass>,
    plover: Option<(String, String)>,
    goldstein: Option<f64>,
    a: [ActorOwned; 2],
    geo_country: Option<&'static str>,
    lat: Option<f64>,
    lon: Option<f64>,
    num_sources: Option<i32>,
    fatalities: Option<i32>,
    source_type: [String; 2],
    time_precision: Option<i32>,
    geo_precision: Option<i32>,
    url: String,
    evidence: String,
}

#[derive(Default)]
struct ActorOwned {
    code: String,
    name: String,
    country: Option<&'static str>,
    role: Option<&'static str>,
}

impl Scratch {
    fn clear(&mut self) {
        *self = Scratch {
            id: std::mem::take(&mut self.id),
            ..Default::default()
        };
        self.id.clear();
    }

    /// The canonical row; `None` when it has neither a CAMEO type nor a quad class.
    fn row<'s>(&'s self, prefix: &'s str, line: u64) -> Option<EventRow<'s>> {
        self.event.map(|e| e.quad).or(self.quad)?;
        let actor = |a: &'s ActorOwned| Actor {
            code: Some(a.code.as_str()),
            name: Some(a.name.as_str()),
            country: a.country,
            role: a.role,
        };
        Some(EventRow {
            id_prefix: prefix,
            source_id: &self.id,
            date: self.date,
            actor1: actor(&self.a[0]),
            actor2: actor(&self.a[1]),
            event: self.event,
            quad_class: self.quad,
            plover: self
                .plover
                .as_ref()
                .map(|(t, m)| (t.as_str(), Some(m.as_str()))),
            goldstein: self.goldstein,
            num_sources: self.num_sources,
            fatalities: self.fatalities,
            source_event_type: Some(&self.source_type[0]),
            source_event_subtype: Some(&self.source_type[1]),
            time_precision: self.time_precision,
            geo_precision: self.geo_precision,
            geo_country: self.geo_country,
            lat: self.lat,
            lon: self.lon,
            url: Some(&self.url),
            evidence: Some(&self.evidence),
            line,
            ..Default::default()
        })
    }
}

fn actor_code(country: Option<&str>, role: Option<&str>) -> String {
    let cameo = country
        .and_then(countries::by_iso3)
        .map(|c| c.cameo)
        .or(country)
        .unwrap_or("");
    format!("{cameo}{}", role.unwrap_or(""))
}
