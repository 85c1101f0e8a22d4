//! Helpers for end-to-end tests that run the `vigil` binary.
#![allow(dead_code)]

pub mod serve;
pub mod server;
pub mod stores;

use std::path::Path;
use std::process::{Command, Output};

/// A loopback port free at the time of asking (for servers that must be told theirs).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Runs `vigil --data-dir DIR ARGS...`.
pub fn vigil(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigil"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("VIGIL_DATA")
        .output()
        .expect("vigil runs")
}

/// Runs vigil and returns stdout, failing the test with stderr if it exits non-zero.
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let out = vigil(dir, args);
    assert!(
        out.status.success(),
        "vigil {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Runs vigil with --format json / --json output and parses it.
pub fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(dir, args)).expect("valid JSON")
}

/// Rows stored in the store at `dir`, from `vigil stats --json`.
/// `vigil verify --json` on the store: asserts it is sound, with every part rolled up and
/// the rollups summarising every stored event; returns the findings.
#[allow(dead_code)]
pub fn assert_verified(dir: &Path) -> serde_json::Value {
    let out = vigil(dir, &["verify", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "verify printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert!(out.status.success() && v["sound"] == true, "{v:#}");
    assert_eq!(v["parts_without_rollups"].as_array().unwrap().len(), 0);
    assert_eq!(v["events_checked"].as_u64().unwrap(), stored_rows(dir));
    v
}

pub fn stored_rows(dir: &Path) -> u64 {
    json(dir, &["stats", "--json"])["rows"].as_u64().unwrap()
}

/// Writes a zip archive holding one entry.
pub fn write_zip(path: &Path, entry: &str, content: &[u8]) {
    use std::io::Write;
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file(entry, opts).unwrap();
    z.write_all(content).unwrap();
    z.finish().unwrap();
}

/// The shared GDELT 1.0 sample.
pub fn gdelt1_sample() -> std::path::PathBuf {
    vigil_testdata::shared("gdelt/gdelt1-events-20160728-sample.tsv")
}

/// Turns a GDELT 1.0 row (57/58 fields) into a GDELT 2.0 row (61 fields) with a new id:
/// an empty ADM2 after each geography block's ADM1, DATEADDED as a timestamp, SOURCEURL last.
pub fn gdelt2_row(line: &str, id: u64) -> String {
    let f: Vec<&str> = line.split('\t').collect();
    let mut out: Vec<String> = Vec::with_capacity(61);
    out.push(id.to_string());
    out.extend(f[1..35].iter().map(|s| s.to_string()));
    for block in [35, 42, 49] {
        out.extend(f[block..block + 4].iter().map(|s| s.to_string()));
        out.push(String::new());
        out.extend(f[block + 4..block + 7].iter().map(|s| s.to_string()));
    }
    out.push(format!("{}000000", f[56]));
    out.push(f.get(57).copied().unwrap_or("").to_string());
    assert_eq!(out.len(), 61);
    out.join("\t")
}

/// A GDELT 2.0 export zip holding `lines` (GDELT 1.0 rows) as 2.0 rows numbered from
/// `first_id`.
pub fn export(lines: &[&str], first_id: u64) -> Vec<u8> {
    let body: String = lines
        .iter()
        .enumerate()
        .map(|(i, l)| gdelt2_row(l, first_id + i as u64) + "\n")
        .collect();
    let tmp = tempfile::NamedTempFile::new().unwrap();
    write_zip(tmp.path(), "export.CSV", body.as_bytes());
    std::fs::read(tmp.path()).unwrap()
}

/// The complete rows (58 fields) of the shared GDELT 1.0 sample.
pub fn gdelt1_rows(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.split('\t').count() == 58)
        .collect()
}

/// Lists `exports` (name, body) as GDELT's lastupdate.txt and masterfilelist.txt do, each
/// followed by a mentions line that readers must skip.
pub fn file_list(exports: &[(&str, &[u8])]) -> Vec<u8> {
    use md5::{Digest, Md5};
    let mut list = String::new();
    for (name, body) in exports {
        list.push_str(&format!(
            "{} {} http://data.gdeltproject.org/gdeltv2/{name}\n",
            body.len(),
            hex::encode(Md5::digest(body))
        ));
        list.push_str(&format!(
            "10 {} http://data.gdeltproject.org/gdeltv2/{}\n",
            "0".repeat(32),
            name.replace("export", "mentions")
        ));
    }
    list.into_bytes()
}
