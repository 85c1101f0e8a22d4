//! Opening an input: a plain file or the first entry of a zip archive, read through a
//! counter so progress can be reported in bytes of the file on disk.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::IngestError;

/// Counts bytes read from the underlying file.
pub struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: io::Seek> io::Seek for Counting<R> {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// True if the file starts with the zip signature.
pub fn is_zip(path: &Path) -> Result<bool, IngestError> {
    let mut f = File::open(path).map_err(|source| IngestError::Io {
        path: path.into(),
        source,
    })?;
    let mut magic = [0u8; 4];
    let n = read_full(&mut f, &mut magic).map_err(|source| IngestError::Io {
        path: path.into(),
        source,
    })?;
    Ok(n == 4 && magic == *b"PK\x03\x04")
}

fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Calls `f` with a buffered reader over the file's text (the first entry of a zip).
/// `progress` counts bytes of the file on disk consumed so far.
pub fn with_text<T>(
    path: &Path,
    progress: Arc<AtomicU64>,
    f: impl FnOnce(&mut dyn BufRead) -> Result<T, IngestError>,
) -> Result<T, IngestError> {
    let io_err = |source| IngestError::Io {
        path: path.into(),
        source,
    };
    let file = File::open(path).map_err(io_err)?;
    let counting = Counting {
        inner: file,
        count: progress,
    };
    if !is_zip(path)? {
        let mut reader = BufReader::with_capacity(1 << 20, counting);
        return f(&mut reader);
    }
    let zip_err = |e: zip::result::ZipError| IngestError::Zip {
        path: path.into(),
        detail: e.to_string(),
    };
    let mut archive = zip::ZipArchive::new(BufReader::new(counting)).map_err(zip_err)?;
    let data: Vec<(usize, String)> = (0..archive.len())
        .filter_map(|i| {
            let name = archive.name_for_index(i)?.ok()?.to_string();
            let skip = name.ends_with('/') || name.starts_with("__MACOSX/");
            (!skip).then_some((i, name))
        })
        .collect();
    let index = match data.as_slice() {
        [] => {
            return Err(IngestError::Zip {
                path: path.into(),
                detail: "the archive holds no file".into(),
            });
        }
        [(i, _)] => *i,
        many => {
            let names: Vec<&str> = many.iter().map(|(_, n)| n.as_str()).collect();
            return Err(IngestError::Format {
                path: path.into(),
                detail: format!(
                    "the archive holds {} files ({}); vigil stores one input per commit and \
                     refuses the archive whole rather than store part of it: unzip it and \
                     ingest the folder",
                    many.len(),
                    names.join(", ")
                ),
            });
        }
    };
    let entry = archive.by_index(index).map_err(zip_err)?;
    let mut reader = BufReader::with_capacity(1 << 20, entry);
    f(&mut reader)
}

/// The first line of the file's text (through a zip), without its line ending.
pub fn first_line(path: &Path) -> Result<Vec<u8>, IngestError> {
    with_text(path, Arc::new(AtomicU64::new(0)), |r| {
        let mut line = Vec::new();
        let mut limited = r.take(1 << 20);
        limited
            .read_until(b'\n', &mut line)
            .map_err(|source| IngestError::Io {
                path: path.into(),
                source,
            })?;
        while matches!(line.last(), Some(b'\n' | b'\r')) {
            line.pop();
        }
        Ok(line)
    })
}
