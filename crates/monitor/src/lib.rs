//! vigil's standing monitors: a watchlist (`config`), five monitors evaluated over the
//! store (`engine`), the alert log with deduplication (`alert`), delivery to a JSON-lines
//! file and signed webhooks (`notify`), and backtests against dated episodes (`backtest`).
//!
//! The four event monitors (escalation, sanctions, collaboration, proliferation) count the
//! events their definition accepts per subject and period and compare them with the
//! subject's own baseline; the alliances monitor finds change points in dyad indices and
//! bloc moves. Tripwires (`tripwire`) alert on any event their rule matches, once per
//! evidence cluster. Every alert carries the events behind it, one row per cluster. No I/O to the terminal here.

pub mod alert;
pub mod backtest;
pub mod brief;
pub mod calibrate;
pub mod config;
pub mod engine;
pub mod notify;
pub mod overview;
pub mod relations;
pub mod screening;
pub mod tripwire;

use std::path::PathBuf;

pub use alert::{Alert, AlertLog, Evidence, Severity};
pub use config::Config;
pub use engine::{Evaluation, Scope, evaluate};

/// The episodes vigil ships: dated public events about North Korea, Russia and their
/// neighbours in 2022-2024 (see `episodes/README.md`).
pub const SHIPPED_EPISODES: &str = include_str!("../episodes/nk-russia-2022-2024.csv");

/// What can go wrong in the monitors.
#[derive(Debug, thiserror::Error)]
pub enum MonitorError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The watchlist is not valid.
    #[error("{origin}: {message}")]
    Config {
        /// The file (or "default watchlist").
        origin: String,
        /// What is wrong, naming the key.
        message: String,
    },
    /// A row of an input file is not valid.
    #[error("{origin}: line {line}, field {field}: {message}")]
    Input {
        /// The file.
        origin: String,
        /// Its line (1 is the header).
        line: usize,
        /// The field.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// The alert log cannot be read.
    #[error("{path}: the alert log is not valid JSON: {message}")]
    Log {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
    /// A query over the store failed.
    #[error("query failed: {0}")]
    Query(String),
    /// The range asked for is too long to answer.
    #[error("{0}")]
    Range(String),
}
