//! Readers that turn event datasets into vigil's canonical Arrow record batches.
//!
//! Every reader streams: it reads a line (record) at a time, hands batches of at most
//! [`BATCH_ROWS`] rows to a sink, and never holds a whole file. A row that cannot be
//! mapped becomes a [`Reject`] (line, field, reason) delivered with the batch; a file that
//! cannot be read at all is an [`IngestError`].
//!
//! Formats: GDELT 1.0 and 2.0 events ([`gdelt`]), ICEWS, ACLED and vigil's curated CSV
//! ([`tabular`]). [`detect`] recognises them from the first line. [`fetch`] downloads
//! GDELT 2.0 exports from the master file list.

mod batch;
pub mod coded;
mod error;
pub mod fetch;
mod gdelt;
mod input;
mod records;
mod tabular;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use arrow_array::RecordBatch;
use vigil_model::Source;

pub use batch::{Actor, BatchBuilder, EventRow};
pub use error::{IngestError, Reject, RejectReason};
pub use records::DEFAULT_MAX_RECORD_BYTES;
pub use tabular::{ACLED_LEGACY_TO_CAMEO, ACLED_TO_CAMEO, AcledLayout};

/// Rows per emitted batch.
pub const BATCH_ROWS: usize = 32 * 1024;

/// An input format vigil reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// GDELT 1.0 events.
    Gdelt1,
    /// GDELT 2.0 event exports.
    Gdelt2,
    /// ICEWS coded events.
    Icews,
    /// ACLED CSV export.
    Acled,
    /// POLECAT weekly event files (PLOVER-coded, tab-separated).
    Polecat,
    /// vigil's curated event CSV.
    Curated,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 6] = [
        Format::Gdelt1,
        Format::Gdelt2,
        Format::Icews,
        Format::Acled,
        Format::Polecat,
        Format::Curated,
    ];

    /// The source its rows are stored under.
    pub fn source(self) -> Source {
        match self {
            Format::Gdelt1 => Source::Gdelt1,
            Format::Gdelt2 => Source::Gdelt2,
            Format::Icews => Source::Icews,
            Format::Acled => Source::Acled,
            Format::Polecat => Source::Polecat,
            Format::Curated => Source::Curated,
        }
    }

    /// The command-line name.
    pub fn name(self) -> &'static str {
        self.source().name()
    }

    /// The format of that name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// A recognised format and the evidence for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    /// The format.
    pub format: Format,
    /// Why: "58 tab-separated fields", "ICEWS header".
    pub reason: String,
}

/// Recognises a file's format from its first line (through a zip archive).
pub fn detect(path: &Path) -> Result<Detected, IngestError> {
    detect_line(path, &input::first_line(path)?)
}

/// Recognises a format from an input's first line (a stream's, read by the caller);
/// `path` names the input in the error.
pub fn detect_line(path: &Path, line: &[u8]) -> Result<Detected, IngestError> {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let text = String::from_utf8_lossy(line);
    let found = |format, reason: String| Ok(Detected { format, reason });
    let tabs = line.iter().filter(|&&b| b == b'\t').count() + 1;
    if tabular::Header::has_all(&text, b'\t', &["event id", "event type", "quad code"]) {
        return found(
            Format::Polecat,
            "POLECAT header line (Event ID, Event Date, Event Type, Event Mode, Quad Code, …)"
                .into(),
        );
    }
    if text.to_lowercase().starts_with("event id\t") {
        return found(
            Format::Icews,
            "ICEWS header line (Event ID, Event Date, …)".into(),
        );
    }
    if tabular::Header::has_all(&text, b',', &["event_id_cnty", "event_date", "event_type"]) {
        let layout = tabular::AcledLayout::from_header(&text);
        return found(
            Format::Acled,
            format!(
                "ACLED header line (event_id_cnty, event_date, event_type, …): {}",
                layout.describe()
            ),
        );
    }
    if tabular::Header::has_all(
        &text,
        b',',
        &["id", "date", "actor1_code", "event_code", "url"],
    ) {
        return found(
            Format::Curated,
            "vigil curated CSV header (id, date, actor1_code, …)".into(),
        );
    }
    let numeric_id = text
        .split('\t')
        .next()
        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
    match tabs {
        57 | 58 if numeric_id => found(
            Format::Gdelt1,
            format!("GDELT 1.0 events: {tabs} tab-separated fields"),
        ),
        61 if numeric_id => found(
            Format::Gdelt2,
            "GDELT 2.0 events: 61 tab-separated fields".into(),
        ),
        _ if text.starts_with("globaleventid\teventtimedate\tmentiontimedate") => {
            Err(IngestError::Format {
                path: path.into(),
                detail: "this is a GDELT 2.0 mentions table, not an events file".into(),
            })
        }
        _ => Err(IngestError::Format {
            path: path.into(),
            detail: format!(
                "unrecognised format: first line has {tabs} tab-separated fields and no known header \
                 (expected GDELT 1.0 with 57/58 fields, GDELT 2.0 with 61, or an ICEWS, ACLED or vigil CSV header)"
            ),
        }),
    }
}

/// Rows read from an input, as a canonical batch, with the rows set aside among them.
pub struct Batch {
    /// Canonical rows.
    pub records: RecordBatch,
    /// Rows that could not be mapped.
    pub rejects: Vec<Reject>,
}

/// How to read an input.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// A line (or a quoted record over several lines) longer than this is set aside with
    /// its line number, and reading resumes after it.
    pub max_record_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
        }
    }
}

/// Reads `path` as `format`, calling `sink` with each batch. `origin` is what rows record
/// as their `origin_file`; `progress` counts bytes of the file consumed.
pub fn read_file(
    path: &Path,
    format: Format,
    origin: &str,
    opts: &ReadOptions,
    progress: Arc<AtomicU64>,
    sink: &mut dyn FnMut(Batch) -> Result<(), IngestError>,
) -> Result<(), IngestError> {
    read_with(
        path,
        format,
        origin,
        opts,
        progress,
        sink,
        |path, progress, f| input::with_text(path, progress, f),
    )
}

/// Reads any reader as `format` (a stream that is not a file: a test's bytes, stdin).
/// `path` names the input in errors.
pub fn read_stream(
    path: &Path,
    reader: &mut dyn std::io::BufRead,
    format: Format,
    opts: &ReadOptions,
    sink: &mut dyn FnMut(Batch) -> Result<(), IngestError>,
) -> Result<(), IngestError> {
    let origin = path.display().to_string();
    let progress = Arc::new(AtomicU64::new(0));
    read_with(path, format, &origin, opts, progress, sink, |_, _, f| {
        f(reader)
    })
}

fn read_with(
    path: &Path,
    format: Format,
    origin: &str,
    opts: &ReadOptions,
    progress: Arc<AtomicU64>,
    sink: &mut dyn FnMut(Batch) -> Result<(), IngestError>,
    open: impl FnOnce(
        &Path,
        Arc<AtomicU64>,
        &mut dyn FnMut(&mut dyn std::io::BufRead) -> Result<(), IngestError>,
    ) -> Result<(), IngestError>,
) -> Result<(), IngestError> {
    let mut ctx = ReadContext {
        path,
        source: format.source(),
        origin,
        sink,
        max_record_bytes: opts.max_record_bytes.max(1),
    };
    open(path, progress, &mut |reader| match format {
        Format::Gdelt1 | Format::Gdelt2 => gdelt::read(format, reader, &mut ctx),
        Format::Icews => tabular::read_icews(reader, &mut ctx),
        Format::Acled => tabular::read_acled(reader, &mut ctx),
        Format::Polecat => tabular::read_polecat(reader, &mut ctx),
        Format::Curated => tabular::read_curated(reader, &mut ctx),
    })
}

/// Rows and rejects gathered before they are handed on.
pub(crate) struct Chunk {
    builder: BatchBuilder,
    rejects: Vec<Reject>,
}

impl Chunk {
    fn new(builder: BatchBuilder) -> Self {
        Chunk {
            builder,
            rejects: Vec::new(),
        }
    }

    fn is_full(&self) -> bool {
        self.builder.len() >= BATCH_ROWS || self.rejects.len() >= BATCH_ROWS
    }
}

/// What a reader needs from its caller.
pub(crate) struct ReadContext<'a> {
    path: &'a Path,
    source: Source,
    origin: &'a str,
    sink: &'a mut dyn FnMut(Batch) -> Result<(), IngestError>,
    max_record_bytes: usize,
}

impl ReadContext<'_> {
    fn too_long(&self, line: u64, head: &[u8]) -> Reject {
        Reject::new(
            line,
            head,
            None,
            RejectReason::TooLong,
            format!(
                "the record is longer than {} bytes (--max-line-bytes); set aside, reading resumed after it",
                self.max_record_bytes
            ),
        )
    }

    fn builder(&self) -> BatchBuilder {
        BatchBuilder::new(self.source.name(), self.origin)
    }

    fn emit(&mut self, chunk: &mut Chunk) -> Result<(), IngestError> {
        if chunk.builder.is_empty() && chunk.rejects.is_empty() {
            return Ok(());
        }
        let batch = Batch {
            records: chunk.builder.finish(),
            rejects: std::mem::take(&mut chunk.rejects),
        };
        (self.sink)(batch)
    }

    fn io(&self, source: std::io::Error) -> IngestError {
        IngestError::Io {
            path: self.path.into(),
            source,
        }
    }

    fn format(&self, detail: String) -> IngestError {
        IngestError::Format {
            path: self.path.into(),
            detail,
        }
    }
}
