//! The data directory: where each kind of file lives, how a file is replaced so that no
//! reader ever sees it half written, and the locks writers hold.
//!
//! Every crate that keeps state in the data directory (the store's catalog and parts, the
//! alert log, loaded sanctions lists, downloads, the watchlist) asks [`DataDir`] for the
//! path and writes whole files through [`atomic_write`]. This crate knows no format: it
//! owns names and the write protocol, not contents.
//!
//! ```text
//! catalog.json            the store's catalog
//! events/                 Parquet parts by source and month
//! rejects/                rows set aside, one file per commit
//! tmp/                    staging of a commit in progress
//! downloads/SOURCE/       fetched files (GDELT exports)
//! LOCK                    held by the store's one writer
//! watchlist.toml          the watchlist in force when no --config is given
//! alerts/alerts.json      the alert log (alerts/LOCK while it is written)
//! sanctions/              loaded lists (sanctions/LOCK while loading)
//! ```

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A data directory and the names of what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// The data directory at `root` (not created until something is written).
    pub fn new(root: impl Into<PathBuf>) -> DataDir {
        DataDir { root: root.into() }
    }

    /// The folder itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The store's catalog.
    pub fn catalog(&self) -> PathBuf {
        self.root.join("catalog.json")
    }

    /// The folder of event parts.
    pub fn events(&self) -> PathBuf {
        self.root.join("events")
    }

    /// The folder of rejects files.
    pub fn rejects(&self) -> PathBuf {
        self.root.join("rejects")
    }

    /// The staging folder of commits in progress.
    pub fn tmp(&self) -> PathBuf {
        self.root.join("tmp")
    }

    /// Where files fetched for `source` are kept ("gdelt2").
    pub fn downloads(&self, source: &str) -> PathBuf {
        self.root.join("downloads").join(source)
    }

    /// The store writer's lock file.
    pub fn store_lock(&self) -> PathBuf {
        self.root.join("LOCK")
    }

    /// The watchlist in force when none is named.
    pub fn watchlist(&self) -> PathBuf {
        self.root.join("watchlist.toml")
    }

    /// The alert log.
    pub fn alerts(&self) -> PathBuf {
        self.root.join("alerts").join("alerts.json")
    }

    /// The alert log's lock file.
    pub fn alerts_lock(&self) -> PathBuf {
        self.root.join("alerts").join("LOCK")
    }

    /// The folder of loaded sanctions lists.
    pub fn sanctions(&self) -> PathBuf {
        self.root.join("sanctions")
    }
}

/// Replaces `path` with `bytes` so that a reader sees the old file or the new one, never
/// a partial one, and a crash leaves one of the two: written to `PATH.tmp`, synced,
/// renamed over `path`, and the folder synced so the rename itself is durable.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    let tmp = dir.join(name);
    let result = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result?;
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// An exclusive lock on a lock file, released when dropped.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

fn lock_file(path: &Path) -> io::Result<File> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
}

impl Lock {
    /// Waits until the lock at `path` is free, then holds it.
    pub fn wait(path: &Path) -> io::Result<Lock> {
        let file = lock_file(path)?;
        file.lock()?;
        Ok(Lock { _file: file })
    }

    /// Holds the lock at `path` if it is free now; `None` if another holder has it.
    pub fn try_now(path: &Path) -> io::Result<Option<Lock>> {
        let file = lock_file(path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(Lock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_whole_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/catalog.json");
        atomic_write(&p, b"one").unwrap();
        atomic_write(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(p.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["catalog.json"]);
    }

    #[test]
    fn a_held_lock_is_not_taken_twice() {
        let dir = tempfile::tempdir().unwrap();
        let d = DataDir::new(dir.path());
        let held = Lock::try_now(&d.store_lock()).unwrap();
        assert!(held.is_some());
        assert!(Lock::try_now(&d.store_lock()).unwrap().is_none());
        drop(held);
        assert!(Lock::try_now(&d.store_lock()).unwrap().is_some());
    }

    #[test]
    fn layout_names() {
        let d = DataDir::new("/data");
        assert_eq!(d.catalog(), Path::new("/data/catalog.json"));
        assert_eq!(d.downloads("gdelt2"), Path::new("/data/downloads/gdelt2"));
        assert_eq!(d.alerts(), Path::new("/data/alerts/alerts.json"));
        assert_eq!(d.watchlist(), Path::new("/data/watchlist.toml"));
    }
}
