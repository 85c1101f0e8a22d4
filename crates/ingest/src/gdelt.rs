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
use crate::{Format, IngestError, ReadContext};

/// Field positions of one GDELT layout.
struct Layout {
    widths: &'static [usize],
    expected: &'static str,
    geo_country: usize,
    lat: usize,
    lon: usize,
    url: Option<usize>,
    /// DATEADDED: YYYYMMDD in 1.0, YYYYMMDDHHMMSS in 2.0.
    date_added: usize,
}

const GDELT1: Layout = Layout {
    widths: &[57, 58],
    expected: "57 or 58",
    geo_country: 51,
    lat: 53,
    lon: 54,
    url: Some(57),
    date_added: 56,
};
const GDELT2: Layout = Layout {
    widths: &[61],
    expected: "61",
    geo_country: 53,
    lat: 56,
    lon: 57,
    url: Some(60),
    date_added: 59,
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
        i if i == layout.date_added => "DATEADDED",
        _ => "field",
    }
}

/// Lines of a file handed to a parsing worker: their bytes, each line's span and number,
/// and the rows already set aside while reading (too long).
struct Block {
    seq: u64,
    data: Vec<u8>,
    lines: Vec<(usize, usize, u64)>,
    rejects: Vec<Reject>,
}

/// A block parsed: its canonical rows, the rows set aside, and for each row its line
/// (an index into `block.lines`) and the span of its event id, for the check of repeated
/// ids, which runs in file order on the reading thread.
struct Parsed {
    block: Block,
    records: arrow_array::RecordBatch,
    rejects: Vec<Reject>,
    rows: Vec<(usize, usize, usize)>,
}

/// Lines per block: one emitted batch each.
const BLOCK_LINES: usize = crate::BATCH_ROWS;

/// Reads a GDELT events file, handing canonical batches to the context's sink.
///
/// The calling thread reads lines into blocks; workers (one per core less the reader's,
/// at least one) parse and validate blocks into canonical batches; the calling thread
/// takes the batches back in file order, sets aside rows whose event id repeats an earlier
/// row's (in file order, as a single pass would), and hands them to the sink. The result
/// is the same as parsing line by line: the same rows, batches and rejects in order.
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
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let (source, origin) = (ctx.source.name(), ctx.origin);
    std::thread::scope(|scope| {
        // A worker that panics (a bug, never bad input) sends the block's number instead
        // of its rows, so the reader stops with an error rather than wait forever.
        let (done_tx, done_rx) = std::sync::mpsc::channel::<Result<Parsed, (u64, u64)>>();
        let mut jobs = Vec::with_capacity(workers);
        for _ in 0..workers {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Block>(1);
            let done = done_tx.clone();
            scope.spawn(move || {
                let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(64);
                for block in rx {
                    let lines = (
                        block.lines.first().map_or(0, |l| l.2),
                        block.lines.last().map_or(0, |l| l.2),
                    );
                    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        parse_block(layout, prefix, source, origin, block, &mut bounds)
                    }))
                    .map_err(|_| lines);
                    let failed = parsed.is_err();
                    if done.send(parsed).is_err() || failed {
                        break;
                    }
                }
            });
            jobs.push(tx);
        }
        drop(done_tx);
        let mut seen = SeenIds::default();
        let mut pending: std::collections::BTreeMap<u64, Parsed> = Default::default();
        let (mut sent, mut emitted) = (0u64, 0u64);
        // Hands back every parsed block that is next in file order.
        // A parsed block joins the pending ones; a failed one ends the read.
        let take = |result: Result<Parsed, (u64, u64)>,
                    pending: &mut std::collections::BTreeMap<u64, Parsed>,
                    ctx: &ReadContext<'_>|
         -> Result<(), IngestError> {
            let p = result.map_err(|(first, last)| {
                ctx.format(format!(
                    "internal error while parsing lines {first} to {last}; the file is not stored"
                ))
            })?;
            pending.insert(p.block.seq, p);
            Ok(())
        };
        let mut drain = |pending: &mut std::collections::BTreeMap<u64, Parsed>,
                         emitted: &mut u64,
                         ctx: &mut ReadContext<'_>|
         -> Result<(), IngestError> {
            while let Some(p) = pending.remove(emitted) {
                *emitted += 1;
                emit_parsed(p, layout, &mut seen, ctx)?;
            }
            Ok(())
        };
        let mut line = Vec::with_capacity(4096);
        let mut line_no = 0u64;
        let mut block = new_block(0);
        loop {
            line.clear();
            let more = crate::records::read_line(reader, &mut line, ctx.max_record_bytes)
                .map_err(|source| ctx.io(source))?;
            if let Some(fits) = more {
                line_no += 1;
                if !fits {
                    block.rejects.push(ctx.too_long(line_no, &line));
                } else if !line.is_empty() {
                    let start = block.data.len();
                    block.data.extend_from_slice(&line);
                    block.lines.push((start, block.data.len(), line_no));
                }
            }
            let full = block.lines.len() >= BLOCK_LINES || block.rejects.len() >= BLOCK_LINES;
            if full || (more.is_none() && (!block.lines.is_empty() || !block.rejects.is_empty())) {
                let next = new_block(sent + 1);
                let job = std::mem::replace(&mut block, next);
                // At most one block waiting per worker besides those being parsed: the
                // reader waits for results rather than run ahead of the writer.
                while sent - emitted >= 2 * workers as u64 {
                    let Ok(result) = done_rx.recv() else {
                        return Err(
                            ctx.format("internal error: the parsing workers stopped".into())
                        );
                    };
                    take(result, &mut pending, ctx)?;
                    drain(&mut pending, &mut emitted, ctx)?;
                }
                if jobs[(sent % workers as u64) as usize].send(job).is_err() {
                    return Err(ctx.format("internal error: a parsing worker stopped".into()));
                }
                sent += 1;
            }
            if more.is_none() {
                break;
            }
            // Results that are ready are handed on without waiting.
            while let Ok(result) = done_rx.try_recv() {
                take(result, &mut pending, ctx)?;
            }
            drain(&mut pending, &mut emitted, ctx)?;
        }
        drop(jobs);
        while emitted < sent {
            let Ok(result) = done_rx.recv() else {
                return Err(ctx.format("internal error: the parsing workers stopped".into()));
            };
            take(result, &mut pending, ctx)?;
            drain(&mut pending, &mut emitted, ctx)?;
        }
        Ok(())
    })
}

fn new_block(seq: u64) -> Block {
    Block {
        seq,
        data: Vec::new(),
        lines: Vec::new(),
        rejects: Vec::new(),
    }
}

/// Parses and validates a block's lines into a canonical batch (the worker's part).
fn parse_block(
    layout: &Layout,
    prefix: &'static str,
    source: &'static str,
    origin: &str,
    block: Block,
    bounds: &mut Vec<(usize, usize)>,
) -> Parsed {
    let mut builder = crate::BatchBuilder::new(source, origin);
    let mut rejects = Vec::new();
    let mut rows = Vec::with_capacity(block.lines.len());
    for (k, &(a, b, line_no)) in block.lines.iter().enumerate() {
        let raw = &block.data[a..b];
        match parse_row(layout, prefix, raw, line_no, bounds) {
            Ok(row) => {
                let id = row.source_id;
                // The id is a slice of the line: its span in the block.
                let at = id.as_ptr() as usize - raw.as_ptr() as usize + a;
                rows.push((k, at, at + id.len()));
                builder.push(&row);
            }
            Err(reject) => rejects.push(reject),
        }
    }
    Parsed {
        records: builder.finish(),
        block,
        rejects,
        rows,
    }
}

/// Sets aside the rows of a parsed block whose event id appeared earlier in the file, and
/// hands the block's batch and rejects (in line order) to the sink.
fn emit_parsed(
    p: Parsed,
    layout: &Layout,
    seen: &mut SeenIds,
    ctx: &mut ReadContext<'_>,
) -> Result<(), IngestError> {
    let Parsed {
        block,
        mut records,
        mut rejects,
        rows,
    } = p;
    let mut keep: Option<Vec<bool>> = None;
    for (r, &(k, a, b)) in rows.iter().enumerate() {
        let id = std::str::from_utf8(&block.data[a..b]).expect("ids are ASCII digits");
        if !seen.insert(id) {
            let (ls, le, line_no) = block.lines[k];
            rejects.push(Reject::new(
                line_no,
                &block.data[ls..le],
                Some(field_name(layout, ID)),
                RejectReason::DuplicateId,
                format!("event id {id} appeared earlier in this file"),
            ));
            keep.get_or_insert_with(|| vec![true; rows.len()])[r] = false;
        }
    }
    if let Some(keep) = keep {
        let mask = arrow_array::BooleanArray::from(keep);
        records = arrow_select::filter::filter_record_batch(&records, &mask)
            .expect("a mask as long as the batch");
    }
    let mut rejects = [block.rejects, rejects].concat();
    rejects.sort_by_key(|r| r.line);
    if records.num_rows() == 0 && rejects.is_empty() {
        return Ok(());
    }
    (ctx.sink)(crate::Batch { records, rejects })
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
    // DATEADDED: the day of a 1.0 daily file, the day and time of a 2.0 export (only the
    // day is kept); empty is allowed, anything else must be a date.
    let added = f(layout.date_added);
    let date_added = if added.is_empty() {
        None
    } else {
        let b = added.as_bytes();
        let day = (matches!(b.len(), 8 | 14) && b.iter().all(u8::is_ascii_digit))
            .then(|| date::parse_yyyymmdd(&b[..8]))
            .flatten();
        Some(day.ok_or_else(|| {
            reject(
                Some(name(layout.date_added)),
                RejectReason::BadDate,
                format!("{added:?} is not a YYYYMMDD or YYYYMMDDHHMMSS date"),
            )
        })?)
    };
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
        date_added,
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
