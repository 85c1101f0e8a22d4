//! Cleared matches: a reviewer's decision that a screened name is not a listed entity,
//! remembered with its reason and time, per (query, entity, version of the listed entity).
//!
//! Decisions are appended as JSON lines to `DATA_DIR/sanctions/cleared.jsonl` and never
//! rewritten, so the file is the audit trail. The query is keyed by its Latin form ("Kim
//! Jong-un" and "KIM JONG UN" share a decision); the entity's version is a hash of its
//! record as loaded, so when a list's new issue changes the entity (a new alias, birth date
//! or identifier), the clearance no longer applies and the match is raised again, saying
//! when it was cleared and that the entity has changed since.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::SanctionsError;
use crate::entity::Entity;
use crate::index::Match;

/// One decision, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Clearance {
    /// The query's Latin form.
    pub query: String,
    /// The query as the reviewer gave it.
    pub query_as_given: String,
    pub entity_id: String,
    /// The listed entity's version when it was cleared (see [`entity_version`]).
    pub entity_version: String,
    pub dataset: String,
    pub reason: String,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub cleared_at: String,
}

/// What a later screening shows of a decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClearedStatus {
    pub reason: String,
    pub cleared_at: String,
    /// The listed entity changed since it was cleared: the match is raised again.
    pub entity_changed: bool,
}

fn file(data_dir: &Path) -> PathBuf {
    vigil_datadir::DataDir::new(data_dir)
        .sanctions()
        .join("cleared.jsonl")
}

/// The key a query is remembered by: its Latin form, lower case, words separated by one
/// space.
pub fn query_key(name: &str) -> String {
    crate::names::to_latin(name)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A hash of the entity as loaded (its names, dates, countries, identifiers, programmes,
/// links aside), in hex.
pub fn entity_version(e: &Entity) -> String {
    let json = serde_json::to_string(e).unwrap_or_default();
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(json.as_bytes()))
}

fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let day = vigil_model::date::format_iso((secs / 86_400) as i32);
    let s = secs % 86_400;
    format!("{day}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// Records that `query` is not `entity`, for `reason`; appended and synced before it
/// returns.
pub fn clear(
    data_dir: &Path,
    query: &str,
    entity: &Entity,
    reason: &str,
) -> Result<Clearance, SanctionsError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(SanctionsError::Input(
            "a clearance needs a reason (--reason TEXT)".into(),
        ));
    }
    let c = Clearance {
        query: query_key(query),
        query_as_given: query.to_string(),
        entity_id: entity.id.clone(),
        entity_version: entity_version(entity),
        dataset: entity.dataset.clone(),
        reason: reason.to_string(),
        cleared_at: now_utc(),
    };
    let path = file(data_dir);
    let io = |source| SanctionsError::Io {
        path: path.clone(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(io)?;
    let mut line = serde_json::to_string(&c).map_err(|e| SanctionsError::Input(e.to_string()))?;
    line.push('\n');
    f.write_all(line.as_bytes()).map_err(io)?;
    f.sync_all().map_err(io)?;
    Ok(c)
}

/// Every decision in the order it was taken; a line that does not read is an error naming
/// the file and line.
pub fn load(data_dir: &Path) -> Result<Vec<Clearance>, SanctionsError> {
    let path = file(data_dir);
    let f = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(SanctionsError::Io { path, source }),
    };
    let mut out = Vec::new();
    for (i, line) in BufReader::new(f).lines().enumerate() {
        let err = |message: String| SanctionsError::Read {
            file: path.display().to_string(),
            line: i as u64 + 1,
            message,
        };
        let line = line.map_err(|e| err(e.to_string()))?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(&line).map_err(|e| err(e.to_string()))?);
    }
    Ok(out)
}

/// Marks each match that a decision covers: the latest decision for (query, entity)
/// applies; if the entity's version differs, the match is raised again.
pub fn annotate(
    decisions: &[Clearance],
    query: &str,
    matches: &mut [Match],
    entity: impl Fn(&str) -> Option<String>,
) {
    if decisions.is_empty() {
        return;
    }
    let key = query_key(query);
    for m in matches.iter_mut() {
        let Some(d) = decisions
            .iter()
            .rev()
            .find(|d| d.query == key && d.entity_id == m.entity_id)
        else {
            continue;
        };
        m.cleared = Some(ClearedStatus {
            reason: d.reason.clone(),
            cleared_at: d.cleared_at.clone(),
            entity_changed: entity(&m.entity_id).is_some_and(|v| v != d.entity_version),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_query_share_a_key() {
        assert_eq!(query_key("KIM Jong-un"), query_key("kim jong un"));
        assert_ne!(query_key("Kim Jong Un"), query_key("Kim Jong Nam"));
    }

    #[test]
    fn a_version_changes_with_the_entity() {
        let mut e = Entity {
            id: "x".into(),
            names: vec!["A".into()],
            ..Default::default()
        };
        let v = entity_version(&e);
        assert_eq!(v, entity_version(&e.clone()));
        e.names.push("B".into());
        assert_ne!(v, entity_version(&e));
    }
}
