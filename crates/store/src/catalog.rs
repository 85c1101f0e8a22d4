//! The catalog: the list of every ingested input and the Parquet parts it produced.
//!
//! It is the store's single source of truth. A part file that the catalog does not list
//! does not exist for queries (it is left over from an interrupted ingest and swept on the
//! next write). The catalog is replaced atomically: written to a temporary file, synced,
//! then renamed over the old one.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::StoreError;

/// The catalog file's content.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Catalog {
    /// Format version of this file.
    pub version: u32,
    /// Every input ingested, oldest first.
    pub inputs: Vec<InputRecord>,
    /// Parts `vigil compact` merged from the parts of several inputs (of one source and
    /// month); the inputs' own lists no longer name the parts merged into these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compacted: Vec<PartRecord>,
    /// Rollups of many parts merged into one file per span of months (written by
    /// `vigil compact`): a query over years reads a few files, not one per month. A segment
    /// stands in for the rollups of the parts it names while all of them are listed; once
    /// one is replaced, queries read the parts' own rollups again until the next compaction.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rollup_segments: Vec<Segment>,
    /// The days (YYYYMMDD) on which GDELT 2.0 published rows this store holds: GDELT 1.0
    /// rows added on them are superseded ([`crate::overlap`]).
    #[serde(default, skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    pub gdelt2_days: std::collections::BTreeSet<u32>,
}

/// Rollups of several parts merged ([`Catalog::rollup_segments`]).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Segment {
    /// Source of the parts.
    pub source: String,
    /// First and last month (YYYYMM) of the parts.
    pub first_month: u32,
    pub last_month: u32,
    /// The parts whose rollups it holds.
    pub parts: Vec<String>,
    /// The merged daily rollup (the per-country one beside it:
    /// [`crate::rollup::country_path`]).
    pub daily: String,
    /// Rows of the merged daily rollup.
    pub rows: u64,
}

impl Segment {
    /// Its files, relative to the data directory.
    pub fn files(&self) -> Vec<String> {
        vec![self.daily.clone(), crate::rollup::country_path(&self.daily)]
    }
}

/// Where the rollups of some months are ([`Catalog::rollup_plan`]).
#[derive(Debug, Default)]
pub struct RollupPlan<'a> {
    /// Daily rollup files (segments and parts' own), relative to the data directory.
    pub daily: Vec<String>,
    /// Parts with no rollup.
    pub without: Vec<&'a PartRecord>,
}

/// One ingested input file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct InputRecord {
    /// The commit that stored it.
    pub commit: String,
    /// The path it was read from.
    pub path: String,
    /// xxh3-128 of its bytes, in hex: how a second ingest of the same content is recognised.
    pub hash: String,
    /// Its size in bytes.
    pub size: u64,
    /// MD5 in hex, when known (GDELT lists it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub md5: Option<String>,
    /// The format it was read as.
    pub format: String,
    /// Seconds since the epoch when it was stored.
    pub ingested_at: u64,
    /// Data rows read.
    pub rows_read: u64,
    /// Rows stored.
    pub rows_stored: u64,
    /// Rows set aside, by reason.
    pub rejected: BTreeMap<String, u64>,
    /// Where the set-aside rows are, relative to the data directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejects_file: Option<String>,
    /// Rows of earlier inputs it re-issued and replaced.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub replaced: u64,
    /// GDELT 1.0 rows GDELT 2.0 supersedes, set aside by this commit: its own (a 1.0
    /// input) or stored ones (a 2.0 input); kept in `superseded_file`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub superseded: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_file: Option<String>,
    /// The Parquet parts written (a part rewritten by a later re-issue is listed as its
    /// rewrite).
    pub parts: Vec<PartRecord>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// One Parquet file of events.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PartRecord {
    /// Path relative to the data directory.
    pub path: String,
    /// Source of its rows.
    pub source: String,
    /// Month of its rows, YYYYMM.
    pub month: u32,
    /// Rows in it.
    pub rows: u64,
    /// Its daily rollup, relative to the data directory (the per-country volume sits
    /// beside it: [`crate::rollup::country_path`]); `None` for parts written before
    /// rollups existed, whose rollups are computed from their events when asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollup: Option<String>,
}

impl PartRecord {
    /// The files this part consists of (the events, and its rollups when it has them),
    /// relative to the data directory.
    pub fn files(&self) -> Vec<String> {
        let mut out = vec![self.path.clone()];
        if let Some(d) = &self.rollup {
            out.push(crate::rollup::country_path(d));
            out.push(d.clone());
        }
        out
    }
}

impl Catalog {
    /// Reads the catalog, or an empty one if there is none yet.
    pub fn load(path: &Path) -> Result<Catalog, StoreError> {
        let text = match fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Catalog {
                    version: 1,
                    ..Catalog::default()
                });
            }
            Err(source) => {
                return Err(StoreError::Io {
                    path: path.into(),
                    source,
                });
            }
        };
        serde_json::from_str(&text).map_err(|e| StoreError::Catalog {
            path: path.into(),
            detail: format!("line {}, column {}: {e}", e.line(), e.column()),
        })
    }

    /// Replaces the catalog on disk atomically ([`vigil_datadir::atomic_write`]).
    pub fn save(&self, path: &Path) -> Result<(), StoreError> {
        let text = serde_json::to_vec_pretty(self).expect("catalog serialises");
        vigil_datadir::atomic_write(path, &text).map_err(|source| StoreError::Io {
            path: path.into(),
            source,
        })
    }

    /// What identifies this state of the store, to cite a figure by: the number of inputs
    /// and the last commit ("12-c1764440000000000000-4242"), "0-empty" for an empty store.
    pub fn revision(&self) -> String {
        match self.inputs.last() {
            Some(i) => format!("{}-{}", self.inputs.len(), i.commit),
            None => "0-empty".into(),
        }
    }

    /// The input with this content hash, if stored.
    pub fn by_hash(&self, hash: &str) -> Option<&InputRecord> {
        self.inputs.iter().find(|i| i.hash == hash)
    }

    /// True if an input with this MD5 is stored.
    pub fn has_md5(&self, md5: &str) -> bool {
        self.inputs.iter().any(|i| i.md5.as_deref() == Some(md5))
    }

    /// Every part: the inputs' own, in order of ingest, then the compacted ones.
    pub fn parts(&self) -> impl Iterator<Item = &PartRecord> {
        self.inputs
            .iter()
            .flat_map(|i| i.parts.iter())
            .chain(self.compacted.iter())
    }

    /// The segments whose parts are all still listed (the ones queries use), in order.
    pub fn live_segments(&self) -> Vec<&Segment> {
        let listed: std::collections::HashSet<&str> =
            self.parts().map(|p| p.path.as_str()).collect();
        self.rollup_segments
            .iter()
            .filter(|s| s.parts.iter().all(|p| listed.contains(p.as_str())))
            .collect()
    }

    /// The rollup files that answer for the parts of the months `months` (inclusive;
    /// `None`: all), and the parts that have none (their rollups are computed from their
    /// events): live segments first, then the rollups of parts no live segment covers.
    pub fn rollup_plan(&self, months: Option<(u32, u32)>) -> RollupPlan<'_> {
        let within = |first: u32, last: u32| months.is_none_or(|(a, b)| first <= b && a <= last);
        let mut plan = RollupPlan::default();
        let mut covered = std::collections::HashSet::new();
        for s in self.live_segments() {
            covered.extend(s.parts.iter().map(String::as_str));
            if within(s.first_month, s.last_month) {
                plan.daily.push(s.daily.clone());
            }
        }
        for p in self.parts().filter(|p| within(p.month, p.month)) {
            if covered.contains(p.path.as_str()) {
                continue;
            }
            match &p.rollup {
                Some(d) => plan.daily.push(d.clone()),
                None => plan.without.push(p),
            }
        }
        plan
    }

    /// Every part with a mutable reference (to swap rewritten ones).
    pub fn parts_mut(&mut self) -> impl Iterator<Item = &mut Vec<PartRecord>> {
        self.inputs
            .iter_mut()
            .map(|i| &mut i.parts)
            .chain(std::iter::once(&mut self.compacted))
    }
}
