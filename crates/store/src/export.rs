//! Handing the store to other tools. The store is Hive-style partitioned Parquet
//! (`events/source=S/month=YYYYMM/*.parquet`, rollups under `rollups/`), readable by
//! DuckDB, Spark, pandas or Polars directly; but only the files the catalog lists are the
//! store (a killed ingest may leave a file behind until the next writer sweeps it, and a
//! compaction retires files readers may still hold). So `export` writes either a
//! selection of events as one file (Parquet, Arrow IPC or CSV), or a manifest: the current
//! catalog's files, each with its source, month and rows.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use datafusion::arrow::ipc::writer::FileWriter;
use futures_util::StreamExt;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use serde::Serialize;

use crate::{Store, StoreError};

/// A file format to export events in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// zstd Parquet.
    Parquet,
    /// Arrow IPC file (Feather v2).
    Arrow,
    /// CSV with a header; nulls empty.
    Csv,
}

/// What `export` wrote.
#[derive(Debug, Clone, Serialize)]
pub struct Exported {
    /// The file written.
    pub path: String,
    /// Events in it.
    pub rows: u64,
    /// The catalog it was read from ([`crate::Catalog::revision`]).
    pub catalog: String,
}

/// One file of the manifest.
#[derive(Debug, Clone, Serialize)]
pub struct ManifestFile {
    /// Absolute path.
    pub path: String,
    /// events, daily (rollup) or country (rollup).
    pub kind: &'static str,
    pub source: String,
    /// YYYYMM.
    pub month: u32,
    /// Rows (events, for an events file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
}

/// The current catalog's files, for tools that read Parquet themselves.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    /// The catalog listed ([`crate::Catalog::revision`]).
    pub catalog: String,
    /// How the files are laid out.
    pub layout: &'static str,
    /// Events in the events files.
    pub rows: u64,
    pub files: Vec<ManifestFile>,
}

impl Store {
    /// Writes the events matching `condition` (a SQL condition over the `events` table's
    /// columns, the user's own; `None`: all) to `out`, streamed a batch at a time, via a
    /// temporary file renamed into place when complete.
    pub async fn export(
        &self,
        format: ExportFormat,
        condition: Option<&str>,
        out: &Path,
    ) -> Result<Exported, StoreError> {
        let sql = match condition {
            Some(c) if !c.trim().is_empty() => format!("SELECT * FROM events WHERE {c}"),
            _ => "SELECT * FROM events".to_string(),
        };
        let ctx = self.session()?;
        let df = ctx.sql(&sql).await?;
        let schema = std::sync::Arc::new(df.schema().as_arrow().clone());
        let mut stream = df.execute_stream().await?;
        let tmp = partial(out);
        let io = |source| StoreError::Io {
            path: tmp.clone(),
            source,
        };
        let file = BufWriter::with_capacity(1 << 20, File::create(&tmp).map_err(io)?);
        let mut rows = 0u64;
        let written: Result<(), StoreError> = async {
            match format {
                ExportFormat::Parquet => {
                    let props = WriterProperties::builder()
                        .set_compression(Compression::ZSTD(
                            ZstdLevel::try_new(3).expect("valid level"),
                        ))
                        .build();
                    let mut w = ArrowWriter::try_new(file, schema, Some(props))
                        .map_err(StoreError::parquet)?;
                    while let Some(b) = stream.next().await {
                        let b = b?;
                        rows += b.num_rows() as u64;
                        w.write(&b).map_err(StoreError::parquet)?;
                    }
                    w.close().map_err(StoreError::parquet)?;
                }
                ExportFormat::Arrow => {
                    let mut w = FileWriter::try_new(file, &schema).map_err(StoreError::arrow)?;
                    while let Some(b) = stream.next().await {
                        let b = b?;
                        rows += b.num_rows() as u64;
                        w.write(&b).map_err(StoreError::arrow)?;
                    }
                    w.finish().map_err(StoreError::arrow)?;
                }
                ExportFormat::Csv => {
                    let mut w = crate::render::CsvRows::new(file);
                    while let Some(b) = stream.next().await {
                        let b = b?;
                        rows += b.num_rows() as u64;
                        w.write(&b)?;
                    }
                    w.finish()?;
                }
            }
            Ok(())
        }
        .await;
        if let Err(e) = written.and_then(|()| {
            std::fs::rename(&tmp, out).map_err(|source| StoreError::Io {
                path: out.into(),
                source,
            })
        }) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        Ok(Exported {
            path: out.display().to_string(),
            rows,
            catalog: self.catalog.revision(),
        })
    }

    /// The files of the current catalog (events parts, and the rollups queries read).
    pub fn manifest(&self) -> Result<Manifest, StoreError> {
        let abs = |rel: &str| -> Result<String, StoreError> {
            let p = self.dir.join(rel);
            std::path::absolute(&p)
                .map(|a| a.display().to_string())
                .map_err(|source| StoreError::Io { path: p, source })
        };
        let mut files = Vec::new();
        let mut rows = 0;
        for p in self.catalog.parts() {
            rows += p.rows;
            files.push(ManifestFile {
                path: abs(&p.path)?,
                kind: "events",
                source: p.source.clone(),
                month: p.month,
                rows: Some(p.rows),
            });
            if let Some(d) = &p.rollup {
                for (kind, f) in [
                    ("daily", d.clone()),
                    ("country", crate::rollup::country_path(d)),
                ] {
                    files.push(ManifestFile {
                        path: abs(&f)?,
                        kind,
                        source: p.source.clone(),
                        month: p.month,
                        rows: None,
                    });
                }
            }
        }
        Ok(Manifest {
            catalog: self.catalog.revision(),
            layout: "Hive-style partitioned Parquet: events/source=S/month=YYYYMM/*.parquet; only the files listed here are the store",
            rows,
            files,
        })
    }
}

/// Where a file being written waits until it is complete.
fn partial(out: &Path) -> PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    out.with_file_name(name)
}
