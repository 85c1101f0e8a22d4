//! Sanctions lists and screening: FollowTheMoney, UN Security Council and OFAC (SDN and
//! consolidated, XML and CSV) lists
//! read into one entity model, names matched across spellings and scripts with an
//! explanation, and the links between entities walked.

pub mod cleared;
pub mod entity;
pub mod eval;
pub mod exposure;
pub mod ftm;
pub mod graph;
pub mod index;
pub mod lists;
pub mod matching;
pub mod names;
pub mod ofac_csv;
pub mod xml;

use thiserror::Error;

/// A record set aside while reading a list.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Reject {
    pub line: u64,
    pub field: String,
    pub reason: String,
}

#[derive(Debug, Error)]
pub enum SanctionsError {
    #[error("{file}:{line}: {message}")]
    Read {
        file: String,
        line: u64,
        message: String,
    },
    #[error("{path}: {source}")]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Input(String),
}
