//! What can go wrong reading an input: a whole file that cannot be read (an error), or
//! one row that cannot be mapped (a [`Reject`], counted and set aside).

use std::path::PathBuf;

/// A failure that stops reading one input file; nothing from it is stored.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// The input.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A zip archive that cannot be read (often a truncated download).
    #[error("{path}: not a readable zip archive ({detail}); is the file truncated?")]
    Zip {
        /// The input.
        path: PathBuf,
        /// What the zip reader said.
        detail: String,
    },
    /// The format could not be recognised, or is not the one asked for.
    #[error("{path}: {detail}")]
    Format {
        /// The input.
        path: PathBuf,
        /// What was expected and what was found.
        detail: String,
    },
    /// The consumer of batches failed (for example the store could not write).
    #[error("{0}")]
    Sink(String),
    /// A download failed.
    #[error("{url}: {detail}")]
    Download {
        /// What was being fetched.
        url: String,
        /// Why it failed.
        detail: String,
    },
}

/// Why a row was set aside.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RejectReason {
    /// The row had the wrong number of fields.
    ColumnCount {
        /// Fields the format has.
        expected: String,
        /// Fields found.
        found: usize,
    },
    /// A date that does not parse or does not exist.
    BadDate,
    /// A number that does not parse.
    BadNumber,
    /// An event code that is not in the CAMEO codebook (or an event type with no mapping).
    UnknownCode,
    /// A required field is empty.
    Missing,
    /// Bytes that are not UTF-8.
    InvalidUtf8,
    /// The same event id appeared earlier in the same input.
    DuplicateId,
    /// The line (or quoted record) is longer than the cap (`--max-line-bytes`).
    TooLong,
}

impl RejectReason {
    /// A short stable label, used in summaries ("bad date").
    pub fn label(&self) -> &'static str {
        match self {
            RejectReason::ColumnCount { .. } => "wrong column count",
            RejectReason::BadDate => "bad date",
            RejectReason::BadNumber => "bad number",
            RejectReason::UnknownCode => "unknown code",
            RejectReason::Missing => "missing field",
            RejectReason::InvalidUtf8 => "invalid UTF-8",
            RejectReason::DuplicateId => "duplicate event id",
            RejectReason::TooLong => "record too long",
        }
    }
}

/// A row set aside, with where it was and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Reject {
    /// 1-based line (record) number in the input.
    pub line: u64,
    /// The field at fault ("SQLDATE"), if one.
    pub field: Option<String>,
    /// Why.
    pub reason: RejectReason,
    /// A readable explanation ("expected 57 or 58 fields, found 12").
    pub detail: String,
    /// The raw row, cut to 2,000 bytes.
    pub raw: String,
}

impl Reject {
    /// A reject for `line` with its raw bytes.
    pub fn new(
        line: u64,
        raw: &[u8],
        field: Option<&str>,
        reason: RejectReason,
        detail: String,
    ) -> Self {
        let cut = &raw[..raw.len().min(2000)];
        Reject {
            line,
            field: field.map(str::to_string),
            reason,
            detail,
            raw: String::from_utf8_lossy(cut).into_owned(),
        }
    }
}
