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
//! superseded/             GDELT 1.0 rows GDELT 2.0 supersedes, one Parquet file per commit
//! tmp/                    staging of a commit in progress
//! downloads/SOURCE/       fetched files (GDELT exports)
//! LOCK                    held by the store's one writer
//! watchlist.toml          the watchlist in force when no --config is given
//! alerts/alerts.json      the alert log (alerts/LOCK while it is written)
//! sanctions/              loaded lists (sanctions/LOCK while loading)
//! readers/                one lease per reader of the store (see [`Lease`])
//! retired.json            parts a commit replaced, kept until no reader needs them
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

    /// The folder of GDELT 1.0 rows that GDELT 2.0 supersedes (kept, not queried).
    pub fn superseded(&self) -> PathBuf {
        self.root.join("superseded")
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

    /// The folder of readers' leases.
    pub fn readers(&self) -> PathBuf {
        self.root.join("readers")
    }

    /// The list of replaced parts not yet deleted.
    pub fn retired(&self) -> PathBuf {
        self.root.join("retired.json")
    }
}

/// Nanoseconds since 1970-01-01 (UTC), the clock leases and retirements are compared on.
pub fn now_nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// A reader's claim on the files of the catalog it loaded: a file in `readers/` named
/// after the moment it was taken (before the catalog is read), locked while the reader
/// lives and removed when it is dropped. A writer deletes a file a commit replaced only
/// when no lease older than that commit is held ([`oldest_reader`]); a reader that died
/// without removing its lease no longer holds its lock, so its lease is recognised as
/// stale and removed.
#[derive(Debug)]
pub struct Lease {
    path: PathBuf,
    _file: File,
}

impl Lease {
    /// Takes a lease in the data directory.
    pub fn take(dir: &DataDir) -> io::Result<Lease> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static TAKEN: AtomicU64 = AtomicU64::new(0);
        let folder = dir.readers();
        fs::create_dir_all(&folder)?;
        let name = format!(
            "{}-{}-{}",
            now_nanos(),
            std::process::id(),
            TAKEN.fetch_add(1, Ordering::Relaxed)
        );
        let path = folder.join(name);
        let file = File::options().create_new(true).write(true).open(&path)?;
        file.lock()?;
        Ok(Lease { path, _file: file })
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// How long a lease may exist before its owner has locked it: an unlocked lease younger
/// than this is being taken, not stale.
const LEASE_GRACE_NANOS: u128 = 10_000_000_000;

/// When the oldest live reader took its lease (`None`: no reader), removing stale leases.
pub fn oldest_reader(dir: &DataDir) -> io::Result<Option<u128>> {
    let folder = dir.readers();
    let entries = match fs::read_dir(&folder) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let now = now_nanos();
    let mut oldest: Option<u128> = None;
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(taken) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.split('-').next())
            .and_then(|t| t.parse::<u128>().ok())
        else {
            continue;
        };
        let Ok(file) = File::options().write(true).open(&path) else {
            continue; // removed meanwhile: its reader finished
        };
        let live = match file.try_lock() {
            Ok(()) => now.saturating_sub(taken) < LEASE_GRACE_NANOS,
            Err(std::fs::TryLockError::WouldBlock) => true,
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        };
        if live {
            oldest = Some(oldest.map_or(taken, |o| o.min(taken)));
        } else {
            drop(file);
            let _ = fs::remove_file(&path);
        }
    }
    Ok(oldest)
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
    fn leases_count_while_held_and_stale_ones_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let d = DataDir::new(dir.path());
        assert_eq!(oldest_reader(&d).unwrap(), None);
        let before = now_nanos();
        let first = Lease::take(&d).unwrap();
        let second = Lease::take(&d).unwrap();
        let oldest = oldest_reader(&d).unwrap().unwrap();
        assert!(oldest >= before && oldest <= now_nanos());
        drop(first);
        drop(second);
        assert_eq!(oldest_reader(&d).unwrap(), None);
        assert_eq!(fs::read_dir(d.readers()).unwrap().count(), 0);
        // A lease left by a reader that died: old and unlocked.
        let stale = d
            .readers()
            .join(format!("{}-1-0", now_nanos() - 60_000_000_000));
        fs::write(&stale, b"").unwrap();
        assert_eq!(oldest_reader(&d).unwrap(), None);
        assert!(!stale.exists());
        // One being taken right now (not locked yet) still counts.
        let fresh = d.readers().join(format!("{}-1-1", now_nanos()));
        fs::write(&fresh, b"").unwrap();
        assert!(oldest_reader(&d).unwrap().is_some());
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
