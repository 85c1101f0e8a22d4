//! GDELT 1.0 and 2.0 event files: tab-separated, no header, no quoting.
//!
//! GDELT 1.0 rows have 57 fields (historical backfile, before 2013-04-01) or 58 (daily
//! files, with SOURCEURL last). GDELT 2.0 exports have 61: each geography block gains an
//! ADM2 code, and DATEADDED becomes a timestamp. Field positions follow the GDELT event
//! codebooks.

use std::io::BufRead;

use vigil_model::{cameo, countries, date};

use crate::batch::{Actor, EventRow};
use crate::error::{Reject, RejectReason};
use crate::{Chunk, Format, IngestError, ReadContext};

/// Field positions of one GDELT layout.
struct Layout {
    widths: &'static [usize],
    expected: &'static str,
    geo_country: usize,
    lat: usize,
    lon: usize,
    url: Option<usize>,
}

const GDELT1: Layout = Layout {
    widths: &[57, 58],
    expected: "57 or 58",
    geo_country: 51,
    lat: 53,
    lon: 54,
    url: Some(57),
};
const GDELT2: Layout = Layout {
    widths: &[61],
    expected: "61",
    geo_country: 53,
    lat: 56,
    lon: 57,
    url: Some(60),
};

// Positions shared by both layouts.
const ID: usize = 0;
const SQLDATE: usize = 1;
const A1: usize = 5; // code, name, country, known group, ethnic, rel1, rel2, type1..3
const A2: usize = 15;
const EVENT_CODE: usize = 26;
const GOLDSTEIN: usize = 30;
const MENTIONS: usize = 31;
const SOURCES: usize = 32;
const ARTICLES: usize = 33;
const TONE: usize = 34;

const NAMES: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
];

fn field_name(layout: &Layout, i: usize) -> &'static str {
    match i {
        i if i < 35 => NAMES[i],
        i if i == layout.geo_country => "ActionGeo_CountryCode",
        i if i == layout.lat => "ActionGeo_Lat",
        i if i == layout.lon => "ActionGeo_Long",
        _ => "field",
    }
}

/// Reads a GDELT events file, handing canonical batches to the context's sink.
pub(crate) fn read(
    format: Format,
    reader: &mut dyn BufRead,
    ctx: &mut ReadContext<'_>,
) -> Result<(), IngestError> {
    let layout = if format == Format::Gdelt1 {
        &GDELT1
    } else {
        &GDELT2
    };
    let prefix = format.source().name();
    let mut line = Vec::with_capacity(4096);
    let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(64);
    let mut seen = SeenIds::default();
    let mut chunk = Chunk::new(ctx.builder());
    let mut line_no = 0u64;
    loop {
        line.clear();
        let fits = match crate::records::read_line(reader, &mut line, ctx.max_record_bytes)
            .map_err(|source| ctx.io(source))?
        {
            None => break,
            Some(fits) => fits,
        };
        line_no += 1;
        if !fits {
            chunk.rejects.push(ctx.too_long(line_no, &line));
            continue;
        }
        if line.is_empty() {
            continue;
        }
        match parse_row(layout, prefix, &line, line_no, &mut bounds, &mut seen) {
            Ok(row) => chunk.builder.push(&row),
            Err(reject) => chunk.rejects.push(reject),
        }
        if chunk.is_full() {
            ctx.emit(&mut chunk)?;
        }
    }
    ctx.emit(&mut chunk)
}

/// The event ids seen in a file, to set aside a row that repeats one. GDELT numbers its
/// events in increasing order, so ids that keep increasing are appended to a sorted list
/// (no hashing, half the memory of a set); an id out of order is looked up there by
/// binary search and kept in a set. Ids that are not numbers go to the set by their hash.
#[derive(Default)]
struct SeenIds {
    increasing: Vec<u64>,
    others: foldhash::HashSet<u64>,
}

impl SeenIds {
    /// False when `id` was seen before.
    fn insert(&mut self, id: &str) -> bool {
        let Ok(n) = id.parse::<u64>() else {
            // Hashed into the high half so it cannot meet a number's key.
            return self
                .others
                .insert(xxhash_rust::xxh3::xxh3_64(id.as_bytes()) | 1 << 63);
        };
        let n = n & !(1 << 63);
        if self.increasing.last().is_none_or(|&last| n > last) {
            self.increasing.push(n);
            return true;
        }
        if self.increasing.binary_search(&n).is_ok() {
            return false;
        }
        self.others.insert(n)
    }
}

fn parse_row<'l>(
    layout: &Layout,
    prefix: &'static str,
    raw: &'l [u8],
    line: u64,
    bounds: &mut Vec<(usize, usize)>,
    seen: &mut SeenIds,
) -> Result<EventRow<'l>, Reject> {
    let reject =
        |field: Option<&str>, reason, detail: String| Reject::new(line, raw, field, reason, detail);
    let text = std::str::from_utf8(raw).map_err(|e| {
        reject(
            None,
            RejectReason::InvalidUtf8,
            format!("invalid UTF-8 at byte {}", e.valid_up_to()),
        )
    })?;
    bounds.clear();
    let mut start = 0;
    for tab in memchr::memchr_iter(b'\t', raw) {
        bounds.push((start, tab));
        start = tab + 1;
    }
    bounds.push((start, raw.len()));
    let found = bounds.len();
    if !layout.widths.contains(&found) {
        return Err(reject(
            None,
            RejectReason::ColumnCount {
                expected: layout.expected.into(),
                found,
            },
            format!(
                "expected {} tab-separated fields, found {found}",
                layout.expected
            ),
        ));
    }
    let f = |i: usize| -> &'l str {
        let (a, b) = bounds[i];
        &text[a..b]
    };
    let name = |i| field_name(layout, i);
    let id = f(ID);
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(reject(
            Some(name(ID)),
            RejectReason::BadNumber,
            format!("event id {id:?} is not a number"),
        ));
    }
    let day = date::parse_yyyymmdd(f(SQLDATE).as_bytes()).ok_or_else(|| {
        reject(
            Some(name(SQLDATE)),
            RejectReason::BadDate,
            format!("{:?} is not a YYYYMMDD date", f(SQLDATE)),
        )
    })?;
    let code = f(EVENT_CODE);
    let event = cameo::event(code).ok_or_else(|| {
        reject(
            Some(name(EVENT_CODE)),
            RejectReason::UnknownCode,
            format!("{code:?} is not a CAMEO event code"),
        )
    })?;
    let num = |i: usize| -> Result<Option<f64>, Reject> {
        let s = f(i);
        if s.is_empty() {
            return Ok(None);
        }
        s.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(Some)
            .ok_or_else(|| {
                reject(
                    Some(name(i)),
                    RejectReason::BadNumber,
                    format!("{s:?} is not a number"),
                )
            })
    };
    let int = |i: usize| -> Result<Option<i32>, Reject> {
        let s = f(i);
        if s.is_empty() {
            return Ok(None);
        }
        s.parse::<i32>().map(Some).map_err(|_| {
            reject(
                Some(name(i)),
                RejectReason::BadNumber,
                format!("{s:?} is not a whole number"),
            )
        })
    };
    let goldstein = num(GOLDSTEIN)?;
    let (num_mentions, num_sources, num_articles) = (int(MENTIONS)?, int(SOURCES)?, int(ARTICLES)?);
    let tone = num(TONE)?;
    let lat = num(layout.lat)?;
    let lon = num(layout.lon)?;
    if !seen.insert(id) {
        return Err(reject(
            Some(name(ID)),
            RejectReason::DuplicateId,
            format!("event id {id} appeared earlier in this file"),
        ));
    }
    let actor = |base: usize| Actor {
        code: Some(f(base)),
        name: Some(f(base + 1)),
        country: countries::canonical_from_cameo(f(base + 2)).or(Some(f(base + 2))),
        role: Some(f(base + 7))
            .filter(|s| !s.is_empty())
            .or(Some(f(base + 3))),
    };
    Ok(EventRow {
        id_prefix: prefix,
        source_id: id,
        date: day,
        actor1: actor(A1),
        actor2: actor(A2),
        event: Some(event),
        goldstein,
        num_mentions,
        num_sources,
        num_articles,
        tone,
        geo_country: countries::by_fips(f(layout.geo_country)).map(|c| c.iso3),
        lat,
        lon,
        url: layout.url.filter(|&u| u < found).map(f),
        evidence: None,
        line,
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::SeenIds;

    #[test]
    fn repeated_ids_are_found_in_order_or_not() {
        let mut s = SeenIds::default();
        for id in ["5", "7", "9", "6", "abc", "12"] {
            assert!(s.insert(id), "{id}");
        }
        for id in ["5", "9", "6", "abc", "12"] {
            assert!(!s.insert(id), "{id} is a repeat");
        }
        assert!(s.insert("8") && !s.insert("8"));
        assert!(s.insert("abd"));
    }
}
