//! Parts a commit replaced (re-issued rows rewritten into new parts) are not deleted at
//! once: a reader that loaded the catalog before the commit may still be scanning them.
//! They are listed in `retired.json` with the moment they were retired, and deleted by a
//! later writer once no reader's lease ([`vigil_datadir::Lease`]) is older than that.

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};
use vigil_datadir::DataDir;

use crate::StoreError;

/// A replaced part waiting for its readers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Retired {
    /// The part, relative to the data directory.
    pub path: String,
    /// When the commit that replaced it was published (ns since the epoch).
    pub at: u128,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + use<> {
    let path = path.to_path_buf();
    move |source| StoreError::Io { path, source }
}

/// The parts retired and not yet deleted.
pub fn list(dir: &Path) -> Result<Vec<Retired>, StoreError> {
    let p = DataDir::new(dir).retired();
    match fs::read(&p) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            StoreError::Invalid(format!("{}: not a list of retired parts: {e}", p.display()))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(io(&p)(e)),
    }
}

fn save(dir: &Path, list: &[Retired]) -> Result<(), StoreError> {
    let p = DataDir::new(dir).retired();
    if list.is_empty() {
        return match fs::remove_file(&p) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(&p)(e)),
            _ => Ok(()),
        };
    }
    let bytes = serde_json::to_vec_pretty(list).expect("retired parts serialise");
    vigil_datadir::atomic_write(&p, &bytes).map_err(io(&p))
}

/// Records parts a commit just published has replaced (the caller holds the writer's lock).
pub fn retire(dir: &Path, paths: impl IntoIterator<Item = String>) -> Result<(), StoreError> {
    let at = vigil_datadir::now_nanos();
    let mut all = list(dir)?;
    let before = all.len();
    all.extend(paths.into_iter().map(|path| Retired { path, at }));
    if all.len() == before {
        return Ok(());
    }
    save(dir, &all)
}

/// Deletes the retired parts no reader can still be reading; returns how many. The
/// caller holds the writer's lock.
pub fn purge(dir: &Path) -> Result<usize, StoreError> {
    let all = list(dir)?;
    if all.is_empty() {
        return Ok(0);
    }
    let layout = DataDir::new(dir);
    let oldest = vigil_datadir::oldest_reader(&layout).map_err(io(&layout.readers()))?;
    let (keep, gone): (Vec<Retired>, Vec<Retired>) = all
        .into_iter()
        .partition(|r| oldest.is_some_and(|o| o < r.at));
    for r in &gone {
        match fs::remove_file(dir.join(&r.path)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(io(&dir.join(&r.path))(e));
            }
            _ => {}
        }
    }
    save(dir, &keep)?;
    Ok(gone.len())
}
