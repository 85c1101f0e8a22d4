//! vigil's embedded event store.
//!
//! A data directory holds Parquet files of canonical events, partitioned by source and
//! month and sorted by (actor1 country, actor2 country, date), and a [`Catalog`] of every
//! ingested input. Each input is one commit: its rows are staged under `tmp/`, moved into
//! `events/` when complete, and only then recorded in the catalog, atomically. Queries see
//! only what the catalog lists, so a failed or killed ingest leaves the store as it was.
//! Queries run on Apache DataFusion over a table named `events`.
//!
//! Layout of a data directory:
//! ```text
//! catalog.json                       the catalog (replaced atomically)
//! events/source=S/month=YYYYMM/*.parquet
//! rejects/COMMIT.tsv                 rows set aside: file, line, field, reason, raw row
//! downloads/                         files fetched from GDELT
//! tmp/COMMIT/                        staging of a commit in progress
//! LOCK                               held by the one writer at a time
//! ```

pub mod catalog;
pub mod clusters;
pub mod direct;
pub mod export;
pub mod maintain;
pub mod overlap;
pub mod overview;
pub mod query;
mod reissue;
pub mod render;
pub mod retired;
pub mod rollup;
mod writer;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs::{self, File};
use std::io::{BufRead, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, mpsc};
use std::time::{SystemTime, UNIX_EPOCH};

use datafusion::arrow::array::RecordBatch;
use vigil_ingest::{Batch, Format, IngestError, Reject};

pub use catalog::{Catalog, InputRecord, PartRecord};
pub use writer::sort_for_dyads;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A file or folder of the store could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The catalog cannot be read.
    #[error("catalog {path} is unreadable: {detail}")]
    Catalog {
        /// The catalog file.
        path: PathBuf,
        /// Where and why.
        detail: String,
    },
    /// Another process is writing to the store.
    #[error("{0} is locked by another vigil process that is writing to this store")]
    Locked(PathBuf),
    /// An input could not be read.
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// Arrow or Parquet failed.
    #[error("writing events: {0}")]
    Write(String),
    /// A query failed.
    #[error("query failed: {0}")]
    Query(#[from] datafusion::error::DataFusionError),
    /// A query argument is not valid.
    #[error("{0}")]
    Invalid(String),
}

impl StoreError {
    fn arrow(e: datafusion::arrow::error::ArrowError) -> Self {
        StoreError::Write(e.to_string())
    }
    fn parquet(e: parquet::errors::ParquetError) -> Self {
        StoreError::Write(e.to_string())
    }
}

/// How to ingest one input.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// The format; detected from the file when `None`.
    pub format: Option<Format>,
    /// The MD5 the input is known to have (GDELT lists it); recorded in the catalog.
    pub md5: Option<String>,
    /// How the reader treats the input (the cap on a record's length).
    pub read: vigil_ingest::ReadOptions,
}

impl IngestOptions {
    /// How a GDELT 2.0 export listed by GDELT is ingested: as GDELT 2.0, with the MD5 the
    /// list gives (so a later fetch skips it before downloading).
    pub fn for_export(entry: &vigil_ingest::fetch::Entry) -> IngestOptions {
        IngestOptions {
            format: Some(Format::Gdelt2),
            md5: Some(entry.md5.clone()),
            ..Default::default()
        }
    }
}

/// What happened to one input.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FileReport {
    /// The input.
    pub path: String,
    /// The format read.
    pub format: String,
    /// Why that format.
    pub detected: String,
    /// True if the same content was already stored, so nothing was added.
    pub already_stored: bool,
    /// Data rows read.
    pub rows_read: u64,
    /// Rows stored.
    pub rows_stored: u64,
    /// Rows set aside, by reason.
    pub rejected: BTreeMap<String, u64>,
    /// Rows set aside because their event id repeated an earlier one.
    pub duplicates: u64,
    /// Where set-aside rows were written, if any.
    pub rejects_file: Option<String>,
    /// Stored rows of earlier inputs that this input re-issued (same source and event
    /// id), replaced by its rows in the same commit.
    pub replaced: u64,
    /// GDELT 1.0 rows that GDELT 2.0 supersedes, set aside by this input: its own rows
    /// (a 1.0 input) or stored rows (a 2.0 input bringing new days); see [`overlap`].
    pub superseded: u64,
    /// Where those rows were kept, relative to the data directory.
    pub superseded_file: Option<String>,
}

impl FileReport {
    /// The report of an input before anything is read: nothing stored yet.
    fn new(path: String, format: String, detected: String) -> FileReport {
        FileReport {
            path,
            format,
            detected,
            already_stored: false,
            rows_read: 0,
            rows_stored: 0,
            rejected: BTreeMap::new(),
            duplicates: 0,
            rejects_file: None,
            replaced: 0,
            superseded: 0,
            superseded_file: None,
        }
    }

    /// The report of an input the store already holds (its `rows_read` rows were stored
    /// from it before): nothing is added.
    fn already_stored(self, rows_read: u64) -> FileReport {
        FileReport {
            already_stored: true,
            rows_read,
            ..FileReport::new(self.path, self.format, self.detected)
        }
    }
}

/// A DataFusion runtime several stores' sessions can share ([`Store::with_runtime`]).
pub type SharedRuntime = std::sync::Arc<datafusion::execution::runtime_env::RuntimeEnv>;

/// A runtime to share, with DataFusion's default caches (Parquet footers among them).
pub fn shared_runtime() -> Result<SharedRuntime, StoreError> {
    Ok(datafusion::execution::runtime_env::RuntimeEnvBuilder::new().build_arc()?)
}

/// Where a store's queries run when not in this process: an engine turns the session
/// state the store builds (its configuration, runtime and tables) into one whose plans
/// another engine executes. vigil-cluster's Ballista engine is the one implementation; the
/// store knows no cluster. Tables are registered as Parquet listings of absolute paths,
/// which such an engine's workers must reach.
pub trait Engine: Send + Sync + std::fmt::Debug {
    /// The state to query with.
    fn upgrade(
        &self,
        state: datafusion::execution::SessionState,
    ) -> datafusion::error::Result<datafusion::execution::SessionState>;
}

/// An open data directory.
pub struct Store {
    dir: PathBuf,
    catalog: Catalog,
    _lock: Option<vigil_datadir::Lock>,
    /// A reader's claim on the parts of its catalog (see [`retired`]).
    _lease: Option<vigil_datadir::Lease>,
    /// Shared by the sessions of many stores (a server's requests), so that Parquet
    /// footers read once are cached; `None`: each session has its own.
    runtime: Option<SharedRuntime>,
    /// Whether relations queries read the rollups (else they compute them from events).
    rollups: bool,
    /// Whether questions the rollup files answer alone read them directly
    /// ([`direct`]) rather than through SQL.
    direct: bool,
    /// Where queries run; `None`: in this process.
    engine: Option<std::sync::Arc<dyn Engine>>,
}

impl Store {
    /// Opens (creating if needed) a store for writing: takes the lock and sweeps leftovers
    /// of interrupted ingests.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| StoreError::Io { path, source }
        };
        fs::create_dir_all(dir).map_err(io(dir))?;
        let layout = vigil_datadir::DataDir::new(dir);
        let lock_path = layout.store_lock();
        let Some(lock) = vigil_datadir::Lock::try_now(&lock_path).map_err(io(&lock_path))? else {
            return Err(StoreError::Locked(dir.to_path_buf()));
        };
        let catalog = Catalog::load(&layout.catalog())?;
        let store = Store {
            dir: dir.to_path_buf(),
            catalog,
            _lock: Some(lock),
            _lease: None,
            runtime: None,
            rollups: true,
            direct: true,
            engine: None,
        };
        store.sweep()?;
        retired::purge(dir)?;
        Ok(store)
    }

    /// Opens a store for reading only (no lock, no sweep). A missing directory is an
    /// empty store. The reader holds a lease until it is dropped: parts that a later
    /// commit replaces stay on disk until then, so its catalog stays readable whole.
    /// (Where no lease can be written, a read-only copy of a store, it reads without.)
    pub fn open_read(dir: &Path) -> Result<Store, StoreError> {
        let layout = vigil_datadir::DataDir::new(dir);
        // Taken before the catalog is read: a commit after this moment keeps what it
        // replaces for us.
        let lease = layout
            .catalog()
            .exists()
            .then(|| vigil_datadir::Lease::take(&layout).ok())
            .flatten();
        let catalog = Catalog::load(&layout.catalog())?;
        Ok(Store {
            dir: dir.to_path_buf(),
            catalog,
            _lock: None,
            _lease: lease,
            runtime: None,
            rollups: true,
            direct: true,
            engine: None,
        })
    }

    /// Runs this store's queries in a shared DataFusion runtime (its caches, such as
    /// Parquet footers, then serve every store given it). Part files are never rewritten
    /// in place, so what is cached for a path stays true.
    pub fn with_runtime(mut self, runtime: SharedRuntime) -> Store {
        self.runtime = Some(runtime);
        self
    }

    /// Runs this store's queries on `engine` (a cluster) instead of in this process.
    /// Writes (ingest, compaction, repair) and `verify`'s checks stay local.
    pub fn with_engine(mut self, engine: std::sync::Arc<dyn Engine>) -> Store {
        self.engine = Some(engine);
        self
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The catalog as loaded.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Removes staging folders and part files the catalog does not list.
    fn sweep(&self) -> Result<(), StoreError> {
        let tmp = self.dir.join("tmp");
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(|source| StoreError::Io {
                path: tmp.clone(),
                source,
            })?;
        }
        // Parts and segments still listed, and replaced files readers may still be reading.
        let listed: HashSet<PathBuf> = self
            .catalog
            .parts()
            .flat_map(|p| p.files())
            .chain(self.catalog.rollup_segments.iter().flat_map(|s| s.files()))
            .map(|f| self.dir.join(f))
            .chain(
                retired::list(&self.dir)?
                    .into_iter()
                    .map(|r| self.dir.join(r.path)),
            )
            .collect();
        let mut stack = vec![self.dir.join("events"), self.dir.join("rollups")];
        while let Some(d) = stack.pop() {
            let Ok(entries) = fs::read_dir(&d) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if !listed.contains(&path) {
                    fs::remove_file(&path).map_err(|source| StoreError::Io {
                        path: path.clone(),
                        source,
                    })?;
                }
            }
        }
        Ok(())
    }

    /// Fetches one GDELT 2.0 export listed by GDELT (size and MD5 checked, resumed and
    /// retried as the fetcher says) and ingests it as one commit; an export whose MD5 is
    /// stored is neither downloaded nor ingested again (`already_stored`). A failed
    /// download is `StoreError::Ingest(IngestError::Download)`; nothing is stored then.
    pub fn fetch_and_ingest(
        &mut self,
        fetcher: &vigil_ingest::fetch::Fetcher,
        entry: &vigil_ingest::fetch::Entry,
    ) -> Result<FileReport, StoreError> {
        if let Some(prev) = self
            .catalog
            .inputs
            .iter()
            .find(|i| i.md5.as_deref() == Some(&entry.md5))
        {
            return Ok(FileReport::new(
                prev.path.clone(),
                prev.format.clone(),
                "already stored (same MD5)".into(),
            )
            .already_stored(prev.rows_read));
        }
        let path = fetcher.download(entry)?;
        self.ingest_file(
            &path,
            &IngestOptions::for_export(entry),
            Arc::new(AtomicU64::new(0)),
        )
    }

    /// Ingests one input as one commit. `progress` counts bytes of the input consumed, over
    /// two passes (hashing, then reading): it ends near twice the file's size.
    pub fn ingest_file(
        &mut self,
        path: &Path,
        opts: &IngestOptions,
        progress: Arc<AtomicU64>,
    ) -> Result<FileReport, StoreError> {
        let (hash, size) = hash_file(path, &progress)?;
        let (format, reason) = chosen_format(path, opts.format, vigil_ingest::detect(path))?;
        let origin = path.display().to_string();
        let mut read = |sink: &mut dyn FnMut(Batch) -> Result<(), IngestError>| {
            vigil_ingest::read_file(path, format, &origin, &opts.read, progress.clone(), sink)
        };
        let input = Input {
            path,
            origin: &origin,
            opts,
            format: format.name(),
            source: format.source().name(),
            detected: reason,
            hash: InputHash::Known(hash, size),
        };
        self.ingest(input, &mut read)
    }

    /// Ingests a stream that is not a file (standard input, a pipe from a generator) as
    /// one commit, as [`Store::ingest_file`] does a file: `name` is what the catalog and
    /// the rows record as its origin. The format is given, or detected from the first
    /// line. The hash is taken while reading, so a stream whose bytes are already stored
    /// is recognised once it ends, and nothing of it is written. `progress` counts bytes.
    pub fn ingest_stream(
        &mut self,
        name: &str,
        reader: &mut dyn BufRead,
        opts: &IngestOptions,
        progress: Arc<AtomicU64>,
    ) -> Result<FileReport, StoreError> {
        let path = Path::new(name);
        let io = |source| StoreError::Io {
            path: path.into(),
            source,
        };
        // The first line (at most 1 MiB of it, as for a file) tells the format; it is read
        // again, with the rest, through the hashing reader.
        let mut first = Vec::new();
        (&mut *reader)
            .take(1 << 20)
            .read_until(b'\n', &mut first)
            .map_err(io)?;
        if first.starts_with(b"PK\x03\x04") {
            return Err(StoreError::Invalid(format!(
                "{name}: a zip archive; give its path instead, or unzip it into the stream (unzip -p FILE.zip | vigil ingest -)"
            )));
        }
        let (format, reason) =
            chosen_format(path, opts.format, vigil_ingest::detect_line(path, &first))?;
        let hashing = std::cell::RefCell::new(HashingReader {
            inner: std::io::Cursor::new(first).chain(reader),
            hash: xxhash_rust::xxh3::Xxh3::new(),
            size: 0,
            progress,
        });
        let mut read = |sink: &mut dyn FnMut(Batch) -> Result<(), IngestError>| {
            let mut r = hashing.borrow_mut();
            vigil_ingest::read_stream(path, &mut *r, format, &opts.read, sink)
        };
        let digest = || {
            let r = hashing.borrow();
            (format!("{:032x}", r.hash.digest128()), r.size)
        };
        let input = Input {
            path,
            origin: name,
            opts,
            format: format.name(),
            source: format.source().name(),
            detected: reason,
            hash: InputHash::AfterReading(&digest),
        };
        self.ingest(input, &mut read)
    }

    /// Ingests canonical batches made by the caller (events coded from text) as one
    /// commit, recorded in the catalog under `origin` and `hash`: the same hash twice
    /// stores nothing the second time. `format` names the input kind in the catalog.
    pub fn ingest_batches(
        &mut self,
        origin: &str,
        hash: String,
        size: u64,
        format: &str,
        source: vigil_model::Source,
        batches: Vec<Batch>,
    ) -> Result<FileReport, StoreError> {
        let mut batches = Some(batches);
        let mut read = |sink: &mut dyn FnMut(Batch) -> Result<(), IngestError>| {
            for b in batches.take().unwrap_or_default() {
                sink(b)?;
            }
            Ok(())
        };
        let input = Input {
            path: Path::new(origin),
            origin,
            opts: &IngestOptions::default(),
            format,
            source: source.name(),
            detected: "coded by vigil".into(),
            hash: InputHash::Known(hash, size),
        };
        self.ingest(input, &mut read)
    }

    /// One input as one commit: skipped when its hash is stored, else staged from `read`
    /// on a writer thread, published, and recorded in the catalog.
    fn ingest(&mut self, input: Input, read: &mut ReadFn) -> Result<FileReport, StoreError> {
        let mut report = FileReport::new(
            input.origin.to_string(),
            input.format.into(),
            input.detected,
        );
        if let InputHash::Known(hash, _) = &input.hash
            && let Some(prev) = self.catalog.by_hash(hash)
        {
            return Ok(report.already_stored(prev.rows_read));
        }
        let commit = new_commit_id();
        let staging = self.dir.join("tmp").join(&commit);
        let result = self.stage(
            input.origin,
            input.source,
            &commit,
            &staging,
            read,
            &mut report,
        );
        // A stream's hash is known once it is read: the same bytes stored before are
        // recognised now, and the staged rows are dropped.
        let (hash, size) = match input.hash {
            InputHash::Known(hash, size) => (hash, size),
            InputHash::AfterReading(digest) => digest(),
        };
        if result.is_ok()
            && let Some(prev) = self.catalog.by_hash(&hash)
        {
            let _ = fs::remove_dir_all(&staging);
            return Ok(report.already_stored(prev.rows_read));
        }
        let rewrites = result.and_then(|staged| {
            let rewrites =
                self.rewrites_for(input.source, &staged, &staging, &commit, &mut report)?;
            Ok((staged.parts, staged.days, rewrites))
        });
        let (parts, days, rewrites) = match rewrites {
            Ok(x) => x,
            Err(e) => {
                let _ = fs::remove_dir_all(&staging);
                return Err(e);
            }
        };
        let committed = self.commit(
            input.path,
            input.opts,
            input.format,
            &commit,
            &staging,
            hash,
            size,
            parts,
            &rewrites,
            days,
            &mut report,
        );
        let _ = fs::remove_dir_all(&staging);
        committed?;
        // The catalog no longer lists them; they go once no reader needs them.
        retired::retire(&self.dir, rewrites.iter().flat_map(|r| r.old.files()))?;
        retired::purge(&self.dir)?;
        Ok(report)
    }

    /// The stored parts an input's commit rewrites: without the rows it re-issues (its
    /// `staged.ids`), and, for a GDELT 2.0 input bringing new publication days, without the
    /// GDELT 1.0 rows added on them (kept in a superseded file; see [`overlap`]). Counts
    /// both in `report`.
    fn rewrites_for(
        &self,
        source: &str,
        staged: &Staged,
        staging: &Path,
        commit: &str,
        report: &mut FileReport,
    ) -> Result<Vec<reissue::Rewrite>, StoreError> {
        let of_source = |source: &str| -> Vec<PartRecord> {
            self.catalog
                .parts()
                .filter(|p| p.source == source)
                .cloned()
                .collect()
        };
        let mut rewrites = Vec::new();
        if !staged.ids.is_empty() {
            rewrites = reissue::rewrite_parts(
                &self.dir,
                &of_source(source),
                &reissue::Removal::ids(&staged.ids),
                staging,
                commit,
                None,
            )?;
        }
        report.replaced = rewrites.iter().map(|r| r.removed).sum();
        let new_days: BTreeSet<u32> = staged
            .days
            .difference(&self.catalog.gdelt2_days)
            .copied()
            .collect();
        if !new_days.is_empty() {
            let mut kept = overlap::SupersededWriter::new(staging, commit);
            let mut keep = |b: &RecordBatch| kept.push(b);
            rewrites.extend(reissue::rewrite_parts(
                &self.dir,
                &of_source(overlap::SUPERSEDED.name()),
                &overlap::removal(&new_days),
                staging,
                commit,
                Some(&mut keep),
            )?);
            if let Some((file, rows)) = kept.finish()? {
                report.superseded = rows;
                report.superseded_file = Some(file);
            }
        }
        Ok(rewrites)
    }

    fn stage(
        &self,
        origin: &str,
        source: &str,
        commit: &str,
        staging: &Path,
        read: &mut ReadFn,
        report: &mut FileReport,
    ) -> Result<Staged, StoreError> {
        fs::create_dir_all(staging).map_err(|source| StoreError::Io {
            path: staging.into(),
            source,
        })?;
        let (tx, rx) = mpsc::sync_channel::<Batch>(4);
        let source = source.to_string();
        let (staging_w, commit_w, origin_w) = (
            staging.to_path_buf(),
            commit.to_string(),
            origin.to_string(),
        );
        // A GDELT 1.0 input's rows added on days GDELT 2.0 covers are kept aside.
        let covered = if source == overlap::SUPERSEDED.name() {
            overlap::epoch_days(&self.catalog.gdelt2_days)
        } else {
            BTreeSet::new()
        };
        let writer = std::thread::spawn(move || -> Result<WriterOutcome, StoreError> {
            let reissuing = reissue::REISSUING.contains(&source.as_str());
            let superseding = source == overlap::SUPERSEDING.name();
            let mut parts = writer::PartWriter::new(&staging_w, &commit_w, &source);
            let mut rejects = RejectLog::new(staging_w.join("rejects.tsv"), origin_w);
            let mut superseded = overlap::SupersededWriter::new(&staging_w, &commit_w);
            let mut stored = 0u64;
            let mut ids = HashSet::new();
            let mut days = BTreeSet::new();
            for batch in rx {
                let mut records = batch.records;
                if !covered.is_empty() {
                    let (kept, aside) = overlap::split(&records, &covered)?;
                    superseded.push(&aside)?;
                    records = kept;
                }
                stored += records.num_rows() as u64;
                if reissuing {
                    reissue::collect_ids(&records, &mut ids);
                }
                if superseding {
                    overlap::collect_days(&records, &mut days);
                }
                rejects.write(&batch.rejects)?;
                parts.push(records)?;
            }
            Ok(WriterOutcome {
                parts: parts.finish()?,
                stored,
                rejects: rejects.finish()?,
                superseded: superseded.finish()?,
                staged: Staged {
                    parts: Vec::new(),
                    ids,
                    days,
                },
            })
        });
        let read = read(&mut |batch| {
            tx.send(batch)
                .map_err(|_| IngestError::Sink("the event writer stopped".into()))
        });
        drop(tx);
        let written = writer
            .join()
            .map_err(|_| StoreError::Write("the event writer panicked".into()))?;
        // A writer error explains a sink error, so it comes first.
        let outcome = written?;
        read?;
        report.rows_stored = outcome.stored;
        report.rejected = outcome.rejects.by_reason;
        report.duplicates = report
            .rejected
            .get("duplicate event id")
            .copied()
            .unwrap_or(0);
        report.rows_read = report.rows_stored + outcome.rejects.total;
        if outcome.rejects.total > 0 {
            report.rejects_file = Some(format!("rejects/{commit}.tsv"));
        }
        if let Some((file, rows)) = outcome.superseded {
            report.rows_read += rows;
            report.superseded = rows;
            report.superseded_file = Some(file);
        }
        Ok(Staged {
            parts: outcome.parts,
            ..outcome.staged
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn commit(
        &mut self,
        path: &Path,
        opts: &IngestOptions,
        format: &str,
        commit: &str,
        staging: &Path,
        hash: String,
        size: u64,
        parts: Vec<PartRecord>,
        rewrites: &[reissue::Rewrite],
        gdelt2_days: BTreeSet<u32>,
        report: &mut FileReport,
    ) -> Result<(), StoreError> {
        let io = |p: &Path| {
            let p = p.to_path_buf();
            move |source| StoreError::Io { path: p, source }
        };
        let mut moved = Vec::new();
        let publish = || -> Result<(), StoreError> {
            let rewritten = rewrites.iter().filter_map(|r| r.new.as_ref());
            for file in parts.iter().chain(rewritten).flat_map(|p| p.files()) {
                let (from, to) = (staging.join(&file), self.dir.join(&file));
                fs::create_dir_all(to.parent().expect("part has a folder")).map_err(io(&to))?;
                fs::rename(&from, &to).map_err(io(&to))?;
                moved.push(to);
            }
            if let Some(rel) = &report.rejects_file {
                let to = self.dir.join(rel);
                fs::create_dir_all(to.parent().expect("rejects folder")).map_err(io(&to))?;
                fs::rename(staging.join("rejects.tsv"), &to).map_err(io(&to))?;
                moved.push(to);
            }
            if let Some(rel) = &report.superseded_file {
                let to = self.dir.join(rel);
                fs::create_dir_all(to.parent().expect("superseded folder")).map_err(io(&to))?;
                fs::rename(staging.join(rel), &to).map_err(io(&to))?;
                moved.push(to);
            }
            let mut next = self.catalog.clone();
            for list in next.parts_mut() {
                *list = std::mem::take(list)
                    .into_iter()
                    .filter_map(|p| match rewrites.iter().find(|r| r.old.path == p.path) {
                        Some(r) => r.new.clone(),
                        None => Some(p),
                    })
                    .collect();
            }
            next.inputs.push(InputRecord {
                commit: commit.into(),
                path: path.display().to_string(),
                hash,
                size,
                md5: opts.md5.clone(),
                format: format.into(),
                ingested_at: SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(0),
                rows_read: report.rows_read,
                rows_stored: report.rows_stored,
                rejected: report.rejected.clone(),
                rejects_file: report.rejects_file.clone(),
                replaced: report.replaced,
                superseded: report.superseded,
                superseded_file: report.superseded_file.clone(),
                parts: parts.clone(),
            });
            next.gdelt2_days.extend(gdelt2_days);
            next.save(&vigil_datadir::DataDir::new(&self.dir).catalog())?;
            self.catalog = next;
            Ok(())
        };
        let result = publish();
        if result.is_err() {
            for p in moved {
                let _ = fs::remove_file(p);
            }
        }
        result
    }
}

impl Store {
    /// Publishes a commit that changes parts without adding an input (a repair, a
    /// compaction): each `(old, new)` of `swaps` replaces `old` by `new` (or removes it),
    /// `added` joins the compacted parts; new files are staged under `staging`. One atomic
    /// catalog write; files no longer listed are retired until no reader needs them.
    pub(crate) fn swap(
        &mut self,
        staging: &Path,
        swaps: &[(PartRecord, Option<PartRecord>)],
        added: &[PartRecord],
        segments: Option<Vec<catalog::Segment>>,
    ) -> Result<(), StoreError> {
        let mut old_files: HashSet<String> = swaps.iter().flat_map(|(o, _)| o.files()).collect();
        let new_parts: Vec<&PartRecord> = swaps
            .iter()
            .filter_map(|(_, n)| n.as_ref())
            .chain(added.iter())
            .collect();
        let mut new_files: HashSet<String> = new_parts.iter().flat_map(|p| p.files()).collect();
        if let Some(next) = &segments {
            let (before, after): (HashSet<String>, HashSet<String>) = (
                self.catalog
                    .rollup_segments
                    .iter()
                    .flat_map(|s| s.files())
                    .collect(),
                next.iter().flat_map(|s| s.files()).collect(),
            );
            old_files.extend(before.difference(&after).cloned());
            new_files.extend(after.difference(&before).cloned());
        }
        let mut moved = Vec::new();
        let publish = |moved: &mut Vec<PathBuf>| -> Result<Catalog, StoreError> {
            for file in new_files.difference(&old_files) {
                let (from, to) = (staging.join(file), self.dir.join(file));
                let io = |source| StoreError::Io {
                    path: to.clone(),
                    source,
                };
                fs::create_dir_all(to.parent().expect("a file in a folder")).map_err(io)?;
                fs::rename(&from, &to).map_err(|source| StoreError::Io {
                    path: to.clone(),
                    source,
                })?;
                moved.push(to);
            }
            let mut next = self.catalog.clone();
            for list in next.parts_mut() {
                *list = std::mem::take(list)
                    .into_iter()
                    .filter_map(|p| match swaps.iter().find(|(o, _)| o.path == p.path) {
                        Some((_, n)) => n.clone(),
                        None => Some(p),
                    })
                    .collect();
            }
            next.compacted.extend(added.iter().cloned());
            if let Some(segments) = &segments {
                next.rollup_segments = segments.clone();
            }
            next.compacted
                .sort_by(|a, b| (&a.source, a.month, &a.path).cmp(&(&b.source, b.month, &b.path)));
            next.save(&vigil_datadir::DataDir::new(&self.dir).catalog())?;
            Ok(next)
        };
        match publish(&mut moved) {
            Ok(next) => self.catalog = next,
            Err(e) => {
                for p in moved {
                    let _ = fs::remove_file(p);
                }
                return Err(e);
            }
        }
        retired::retire(&self.dir, old_files.difference(&new_files).cloned())?;
        retired::purge(&self.dir)?;
        Ok(())
    }
}

/// Reads an input, handing each canonical batch to the sink.
type ReadFn<'a> =
    dyn FnMut(&mut dyn FnMut(Batch) -> Result<(), IngestError>) -> Result<(), IngestError> + 'a;

/// What one commit records about its input.
struct Input<'a> {
    /// The input as the catalog records it.
    path: &'a Path,
    /// What rows record as their origin file.
    origin: &'a str,
    opts: &'a IngestOptions,
    /// Format name in the catalog.
    format: &'a str,
    /// Source name of the rows' partitions.
    source: &'a str,
    /// Why that format.
    detected: String,
    hash: InputHash<'a>,
}

/// The format to read an input as: the one given (`--source`), which must not contradict
/// what detection recognised, else the detected one; with neither, detection's error.
/// Returns the format and why it was chosen.
fn chosen_format(
    path: &Path,
    given: Option<Format>,
    detected: Result<vigil_ingest::Detected, IngestError>,
) -> Result<(Format, String), StoreError> {
    match (given, detected) {
        (Some(f), Ok(d)) if d.format != f => Err(StoreError::Invalid(format!(
            "{}: asked to read it as {}, but it looks like {} ({})",
            path.display(),
            f.name(),
            d.format.name(),
            d.reason
        ))),
        (Some(f), _) => Ok((f, "given with --source".to_string())),
        (None, Ok(d)) => Ok((d.format, d.reason)),
        (None, Err(e)) => Err(e.into()),
    }
}

/// An input's content hash and size: known before reading (a file, hashed first), or
/// taken while reading (a stream).
enum InputHash<'a> {
    Known(String, u64),
    AfterReading(&'a dyn Fn() -> (String, u64)),
}

/// A reader that hashes and counts what is consumed from it.
struct HashingReader<R> {
    inner: R,
    hash: xxhash_rust::xxh3::Xxh3,
    size: u64,
    progress: Arc<AtomicU64>,
}

impl<R: BufRead> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        self.size += n as u64;
        self.progress
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for HashingReader<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        // The bytes consumed are the head of the buffer the last fill_buf returned, which
        // a second fill_buf returns again without reading.
        if let Ok(buf) = self.inner.fill_buf() {
            let n = n.min(buf.len());
            self.hash.update(&buf[..n]);
            self.size += n as u64;
            self.progress
                .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        }
        self.inner.consume(n);
    }
}

struct WriterOutcome {
    parts: Vec<PartRecord>,
    stored: u64,
    rejects: RejectSummary,
    /// GDELT 1.0 rows superseded by GDELT 2.0: their file and count.
    superseded: Option<(String, u64)>,
    staged: Staged,
}

/// What staging an input found out, for its commit.
struct Staged {
    /// Its parts, staged.
    parts: Vec<PartRecord>,
    /// Event ids of a source that re-issues rows ([`reissue::REISSUING`]).
    ids: HashSet<u128>,
    /// The publication days of a GDELT 2.0 input ([`overlap`]).
    days: BTreeSet<u32>,
}

struct RejectSummary {
    total: u64,
    by_reason: BTreeMap<String, u64>,
}

/// The rejects file of one commit: a header, then one tab-separated line per row set aside.
struct RejectLog {
    path: PathBuf,
    origin: String,
    out: Option<BufWriter<File>>,
    summary: RejectSummary,
}

impl RejectLog {
    fn new(path: PathBuf, origin: String) -> Self {
        RejectLog {
            path,
            origin,
            out: None,
            summary: RejectSummary {
                total: 0,
                by_reason: BTreeMap::new(),
            },
        }
    }

    fn write(&mut self, rejects: &[Reject]) -> Result<(), StoreError> {
        if rejects.is_empty() {
            return Ok(());
        }
        let io = |source| StoreError::Io {
            path: self.path.clone(),
            source,
        };
        if self.out.is_none() {
            let mut f = BufWriter::new(File::create(&self.path).map_err(io)?);
            writeln!(f, "file\tline\tfield\treason\tdetail\traw").map_err(io)?;
            self.out = Some(f);
        }
        let out = self.out.as_mut().expect("opened above");
        for r in rejects {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}",
                clean(&self.origin),
                r.line,
                r.field.as_deref().unwrap_or(""),
                r.reason.label(),
                clean(&r.detail),
                clean(&r.raw)
            )
            .map_err(|source| StoreError::Io {
                path: self.path.clone(),
                source,
            })?;
            self.summary.total += 1;
            *self
                .summary
                .by_reason
                .entry(r.reason.label().to_string())
                .or_default() += 1;
        }
        Ok(())
    }

    fn finish(self) -> Result<RejectSummary, StoreError> {
        if let Some(mut out) = self.out {
            out.flush().map_err(|source| StoreError::Io {
                path: self.path.clone(),
                source,
            })?;
        }
        Ok(self.summary)
    }
}

/// Tabs and line breaks inside a reject field would break the TSV: shown escaped.
fn clean(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

fn hash_file(path: &Path, progress: &AtomicU64) -> Result<(String, u64), StoreError> {
    let io = |source| StoreError::Io {
        path: path.into(),
        source,
    };
    let mut f = File::open(path).map_err(io)?;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        progress.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        h.update(&buf[..n]);
    }
    Ok((format!("{:032x}", h.digest128()), size))
}

pub(crate) fn new_commit_id() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    format!(
        "c{}{:09}-{}",
        now.as_secs(),
        now.subsec_nanos(),
        std::process::id()
    )
}
