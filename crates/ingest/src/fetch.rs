//! Downloading GDELT 2.0 event exports.
//!
//! GDELT publishes `masterfilelist.txt` (every file since 2015) and `lastupdate.txt` (the
//! newest 15-minute files), one file per line as `SIZE MD5 URL`. The fetcher reads a list,
//! keeps the event exports (`YYYYMMDDHHMMSS.export.CSV.zip`) in a date range, and downloads
//! each into a folder: to `NAME.part` first, resuming with an HTTP Range request after an
//! interruption, then checks size and MD5 and renames it into place. Failures are retried
//! with exponential backoff.
//!
//! A server is not trusted to behave: a body longer than the listed size is an error and
//! the partial file is removed (a download never grows past the size GDELT lists); a
//! resumed download must answer with a `Content-Range` that starts where the part ends
//! and names the listed total, or it starts over; a list line longer than
//! [`MAX_LIST_LINE`] bytes is counted as unreadable without being held whole.

use std::fs::{self, File, OpenOptions};
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use md5::{Digest, Md5};

use crate::IngestError;

/// GDELT's own address for the 2.0 files.
pub const GDELT2_BASE_URL: &str = "http://data.gdeltproject.org/gdeltv2";

/// The longest list line read (a real one is under 200 bytes).
pub const MAX_LIST_LINE: usize = 4096;

/// One file of a GDELT file list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Size in bytes.
    pub size: u64,
    /// MD5 in lower-case hex.
    pub md5: String,
    /// The URL as listed.
    pub url: String,
    /// The file name ("20240101000000.export.CSV.zip").
    pub name: String,
    /// The 14-digit timestamp of the name, YYYYMMDDHHMMSS.
    pub timestamp: u64,
}

impl Entry {
    /// True for a GDELT 2.0 events export (not mentions or GKG).
    pub fn is_export(&self) -> bool {
        self.name.ends_with(".export.CSV.zip")
    }

    /// The date part (YYYYMMDD) of the timestamp.
    pub fn day(&self) -> u32 {
        (self.timestamp / 1_000_000) as u32
    }
}

/// Parses one `SIZE MD5 URL` line.
pub fn parse_line(line: &str) -> Option<Entry> {
    let mut parts = line.split_whitespace();
    let size = parts.next()?.parse().ok()?;
    let md5 = parts.next()?.to_ascii_lowercase();
    let url = parts.next()?.to_string();
    if md5.len() != 32 || !md5.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let name = url.rsplit('/').next()?.to_string();
    let timestamp = name.get(..14).and_then(|t| t.parse().ok()).unwrap_or(0);
    Some(Entry {
        size,
        md5,
        url,
        name,
        timestamp,
    })
}

/// How the fetcher behaves.
#[derive(Debug, Clone)]
pub struct Fetcher {
    /// Where the lists and files are: GDELT's by default.
    pub base_url: String,
    /// Where downloads go.
    pub dir: PathBuf,
    /// Tries per file before giving up.
    pub attempts: u32,
    /// First wait between tries; doubled each time.
    pub backoff: Duration,
    /// Timeout of one request.
    pub timeout: Duration,
}

impl Fetcher {
    /// A fetcher for `base_url` writing into `dir`, with 5 tries from 1 s backoff.
    pub fn new(base_url: &str, dir: impl Into<PathBuf>) -> Self {
        Fetcher {
            base_url: base_url.trim_end_matches('/').to_string(),
            dir: dir.into(),
            attempts: 5,
            backoff: Duration::from_secs(1),
            timeout: Duration::from_secs(120),
        }
    }

    fn agent(&self) -> ureq::Agent {
        ureq::Agent::config_builder()
            .timeout_global(Some(self.timeout))
            .http_status_as_error(false)
            .build()
            .into()
    }

    /// The exports in a list file (`masterfilelist.txt`, `lastupdate.txt`) whose day lies
    /// in `from..=to` (YYYYMMDD), and the number of lines that could not be parsed.
    pub fn exports(
        &self,
        list: &str,
        from: u32,
        to: u32,
    ) -> Result<(Vec<Entry>, usize), IngestError> {
        let url = format!("{}/{list}", self.base_url);
        self.retry(&url, || {
            let mut resp = self.agent().get(&url).call().map_err(|e| e.to_string())?;
            if resp.status() != 200 {
                return Err(format!("HTTP {}", resp.status()));
            }
            let mut reader = BufReader::new(resp.body_mut().with_config().limit(u64::MAX).reader());
            let (mut keep, mut bad) = (Vec::new(), 0);
            let mut raw = Vec::new();
            loop {
                raw.clear();
                let fits = match crate::records::read_line(&mut reader, &mut raw, MAX_LIST_LINE)
                    .map_err(|e| e.to_string())?
                {
                    None => break,
                    Some(fits) => fits,
                };
                let line = String::from_utf8_lossy(&raw);
                if !fits {
                    bad += 1;
                    continue;
                }
                if line.trim().is_empty() {
                    continue;
                }
                match parse_line(&line) {
                    Some(e) if e.is_export() && (from..=to).contains(&e.day()) => keep.push(e),
                    Some(_) => {}
                    None => bad += 1,
                }
            }
            keep.sort_by_key(|e| e.timestamp);
            Ok((keep, bad))
        })
    }

    /// The address a listed file is fetched from: its name under `base_url`.
    pub fn url_for(&self, entry: &Entry) -> String {
        format!("{}/{}", self.base_url, entry.name)
    }

    /// The local path a listed file is downloaded to.
    pub fn path_for(&self, entry: &Entry) -> PathBuf {
        self.dir.join(&entry.name)
    }

    /// Downloads one file (or finds it already complete), checking size and MD5.
    pub fn download(&self, entry: &Entry) -> Result<PathBuf, IngestError> {
        let done = self.path_for(entry);
        if done.exists() && verify(&done, entry).is_ok() {
            return Ok(done);
        }
        fs::create_dir_all(&self.dir).map_err(|source| IngestError::Io {
            path: self.dir.clone(),
            source,
        })?;
        let url = self.url_for(entry);
        let part = self.dir.join(format!("{}.part", entry.name));
        self.retry(&url, || {
            if let Err(e) = self.download_once(&url, &part, entry.size) {
                if e.starts_with("more than") {
                    let _ = fs::remove_file(&part);
                }
                return Err(e);
            }
            if let Err(e) = verify(&part, entry) {
                let _ = fs::remove_file(&part);
                return Err(e);
            }
            fs::rename(&part, &done).map_err(|e| format!("cannot move into place: {e}"))
        })?;
        Ok(done)
    }

    fn download_once(&self, url: &str, part: &Path, size: u64) -> Result<(), String> {
        let mut have = fs::metadata(part).map(|m| m.len()).unwrap_or(0);
        if have > size {
            let _ = fs::remove_file(part);
            have = 0;
        }
        let mut req = self.agent().get(url);
        if have > 0 {
            req = req.header("Range", &format!("bytes={have}-"));
        }
        let mut resp = req.call().map_err(|e| e.to_string())?;
        let append = match resp.status().as_u16() {
            206 if have > 0 => {
                let range = resp
                    .headers()
                    .get("content-range")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                if !content_range_fits(range, have, size) {
                    // Not the rest of this file: start over from the beginning.
                    let _ = fs::remove_file(part);
                    return Err(format!(
                        "a resumed download answered Content-Range {range:?}, not bytes {have}-{}/{size}; starting over",
                        size.saturating_sub(1)
                    ));
                }
                true
            }
            200 => {
                have = 0;
                false
            }
            416 if have > 0 => {
                // Nothing left to send: the part may be complete; verification decides.
                return Ok(());
            }
            code => return Err(format!("HTTP {code}")),
        };
        let mut out = if append {
            OpenOptions::new().append(true).open(part)
        } else {
            File::create(part)
        }
        .map_err(|e| format!("{}: {e}", part.display()))?;
        let mut body = resp.body_mut().with_config().limit(u64::MAX).reader();
        let mut buf = vec![0u8; 256 * 1024];
        let mut total = have;
        loop {
            let n = body
                .read(&mut buf)
                .map_err(|e| format!("interrupted: {e}"))?;
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > size {
                // Stop at the listed size: a longer body is not the listed file.
                return Err(format!(
                    "more than the listed {size} bytes were sent; the partial file is removed"
                ));
            }
            out.write_all(&buf[..n])
                .map_err(|e| format!("{}: {e}", part.display()))?;
        }
        out.sync_all()
            .map_err(|e| format!("{}: {e}", part.display()))
    }

    fn retry<T>(
        &self,
        url: &str,
        mut f: impl FnMut() -> Result<T, String>,
    ) -> Result<T, IngestError> {
        let mut wait = self.backoff;
        let mut last = String::new();
        for attempt in 1..=self.attempts.max(1) {
            match f() {
                Ok(v) => return Ok(v),
                Err(e) => last = e,
            }
            if attempt < self.attempts {
                std::thread::sleep(wait);
                wait *= 2;
            }
        }
        Err(IngestError::Download {
            url: url.into(),
            detail: format!("failed after {} tries: {last}", self.attempts),
        })
    }
}

/// True if a `Content-Range: bytes START-END/TOTAL` header continues a part of `have`
/// bytes of a file of `size` bytes.
fn content_range_fits(header: &str, have: u64, size: u64) -> bool {
    let Some(spec) = header.trim().strip_prefix("bytes ") else {
        return false;
    };
    let Some((range, total)) = spec.split_once('/') else {
        return false;
    };
    let Some((start, end)) = range.split_once('-') else {
        return false;
    };
    let (Ok(start), Ok(end)) = (start.trim().parse::<u64>(), end.trim().parse::<u64>()) else {
        return false;
    };
    let total_ok = total.trim() == "*" || total.trim().parse::<u64>() == Ok(size);
    start == have && end >= start && end < size && total_ok
}

/// Checks a downloaded file against its list entry.
pub fn verify(path: &Path, entry: &Entry) -> Result<(), String> {
    let len = fs::metadata(path).map_err(|e| e.to_string())?.len();
    if len != entry.size {
        return Err(format!("size {len} differs from the listed {}", entry.size));
    }
    let md5 = md5_file(path).map_err(|e| e.to_string())?;
    if md5 != entry.md5 {
        return Err(format!("MD5 {md5} differs from the listed {}", entry.md5));
    }
    Ok(())
}

/// MD5 of a file in lower-case hex.
pub fn md5_file(path: &Path) -> std::io::Result<String> {
    let mut f = File::open(path)?;
    let mut h = Md5::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex::encode(h.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_list_lines() {
        let e = parse_line("150383 297a16b493de7cf6ca809a7cc31d0b93 http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip").unwrap();
        assert_eq!(e.size, 150383);
        assert_eq!(e.name, "20150218230000.export.CSV.zip");
        assert_eq!(e.timestamp, 20150218230000);
        assert_eq!(e.day(), 20150218);
        assert!(e.is_export());
        assert!(parse_line("garbage").is_none());
        assert!(parse_line("12 nothex http://x/y").is_none());
    }

    #[test]
    fn content_ranges() {
        assert!(content_range_fits("bytes 100-199/200", 100, 200));
        assert!(content_range_fits("bytes 100-199/*", 100, 200));
        assert!(!content_range_fits("bytes 0-199/200", 100, 200));
        assert!(!content_range_fits("bytes 100-299/300", 100, 200));
        assert!(!content_range_fits("", 100, 200));
        assert!(!content_range_fits("bytes x-y/200", 100, 200));
    }
}
