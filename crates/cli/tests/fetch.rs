//! End-to-end: `vigil fetch gdelt` against a GDELT-like server on loopback that the test
//! starts, serving fixture exports built from the real GDELT rows in ../shared.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use common::*;
use md5::{Digest, Md5};

/// A tiny HTTP/1.1 file server: GET with optional `Range: bytes=N-`, and a per-path count
/// of requests to fail with 500 first.
struct Server {
    base: String,
    hits: Arc<Mutex<HashMap<String, u32>>>,
}

fn serve(files: HashMap<String, Vec<u8>>, fail_first: HashMap<String, u32>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let hits: Arc<Mutex<HashMap<String, u32>>> = Arc::default();
    let h = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(200) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            let path = request
                .split_whitespace()
                .nth(1)
                .unwrap_or("/")
                .trim_start_matches('/')
                .to_string();
            let mut range_from = None;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_lowercase().strip_prefix("range: bytes=") {
                    range_from = v.trim().trim_end_matches('-').parse::<usize>().ok();
                }
            }
            let n = {
                let mut hits = h.lock().unwrap();
                let n = hits.entry(path.clone()).or_default();
                *n += 1;
                *n
            };
            let reply = |stream: &mut std::net::TcpStream, status: &str, body: &[u8]| {
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(body);
            };
            if fail_first.get(&path).is_some_and(|&k| n <= k) {
                reply(&mut stream, "500 Internal Server Error", b"try again");
                continue;
            }
            match (files.get(&path), range_from) {
                (Some(body), Some(from)) if from < body.len() => {
                    reply(&mut stream, "206 Partial Content", &body[from..])
                }
                (Some(body), _) => reply(&mut stream, "200 OK", body),
                (None, _) => reply(&mut stream, "404 Not Found", b"no such file"),
            }
            let _ = stream.read(&mut [0u8; 0]);
        }
    });
    Server { base, hits }
}

/// `fetch gdelt --from FROM --to TO --base-url BASE` followed by `extra`.
fn fetch_args<'a>(from: &'a str, to: &'a str, base: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec![
        "fetch",
        "gdelt",
        "--from",
        from,
        "--to",
        to,
        "--base-url",
        base,
    ];
    a.extend_from_slice(extra);
    a
}

fn export(lines: &[&str], first_id: u64) -> Vec<u8> {
    let body: String = lines
        .iter()
        .enumerate()
        .map(|(i, l)| gdelt2_row(l, first_id + i as u64) + "\n")
        .collect();
    let tmp = tempfile::NamedTempFile::new().unwrap();
    write_zip(tmp.path(), "export.CSV", body.as_bytes());
    std::fs::read(tmp.path()).unwrap()
}

#[test]
fn fetch_downloads_verifies_retries_and_skips_what_is_stored() {
    let text = std::fs::read_to_string(gdelt1_sample()).unwrap();
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.split('\t').count() == 58)
        .collect();
    let a = export(&rows[..200], 1_000_000);
    let b = export(&rows[200..450], 2_000_000);
    let c = export(&rows[450..], 3_000_000);
    let names = [
        "20240101000000.export.CSV.zip",
        "20240101001500.export.CSV.zip",
        "20240105000000.export.CSV.zip",
    ];
    let mut files: HashMap<String, Vec<u8>> = HashMap::new();
    let mut list = String::new();
    for (name, body) in names.iter().zip([&a, &b, &c]) {
        list.push_str(&format!(
            "{} {} http://data.gdeltproject.org/gdeltv2/{name}\n",
            body.len(),
            hex::encode(Md5::digest(body))
        ));
        // Mentions and GKG files in the list are ignored.
        list.push_str(&format!(
            "10 {} http://data.gdeltproject.org/gdeltv2/{}\n",
            "0".repeat(32),
            name.replace("export", "mentions")
        ));
        files.insert(name.to_string(), body.clone());
    }
    files.insert("masterfilelist.txt".into(), list.into_bytes());
    // The first export fails twice before it is served.
    let server = serve(files, HashMap::from([(names[0].to_string(), 2)]));

    let dir = tempfile::tempdir().unwrap();
    let args = fetch_args(
        "2024-01-01",
        "2024-01-01",
        &server.base,
        &["--backoff-ms", "10", "--json"],
    );
    let s = json(dir.path(), &args);
    assert_eq!(s["files"], 2, "only the two exports of 2024-01-01");
    assert_eq!(s["files_failed"], 0);
    assert_eq!(s["rows_stored"], 450);
    assert_eq!(
        server.hits.lock().unwrap()[names[0]],
        3,
        "two failures, then success"
    );
    assert_eq!(stored_rows(dir.path()), 450);
    let sources = json(
        dir.path(),
        &[
            "sql",
            "--format",
            "json",
            "SELECT DISTINCT source FROM events",
        ],
    );
    assert_eq!(sources[0]["source"], "gdelt2");

    // Again, with a wider range: what is stored is skipped, only the new day is fetched.
    let args = fetch_args(
        "2024-01-01",
        "2024-01-31",
        &server.base,
        &["--backoff-ms", "10", "--json"],
    );
    let s = json(dir.path(), &args);
    assert_eq!(s["files"], 1);
    assert_eq!(s["rows_stored"], (rows.len() - 450) as u64);
    assert_eq!(
        server.hits.lock().unwrap()[names[0]],
        3,
        "not downloaded again"
    );
    assert_eq!(stored_rows(dir.path()), rows.len() as u64);
}

#[test]
fn a_corrupt_download_is_retried_then_reported_and_a_partial_one_resumes() {
    let text = std::fs::read_to_string(gdelt1_sample()).unwrap();
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.split('\t').count() == 58)
        .collect();
    let good = export(&rows[..100], 5_000_000);
    let name = "20240201000000.export.CSV.zip";
    let wrong_md5 = "0123456789abcdef0123456789abcdef";
    let list = format!("{} {wrong_md5} http://x/{name}\n", good.len());
    let server = serve(
        HashMap::from([
            (name.to_string(), good.clone()),
            ("masterfilelist.txt".into(), list.into_bytes()),
        ]),
        HashMap::new(),
    );
    let dir = tempfile::tempdir().unwrap();
    let out = vigil(
        dir.path(),
        &fetch_args(
            "2024-02-01",
            "2024-02-01",
            &server.base,
            &["--backoff-ms", "1", "--attempts", "3"],
        ),
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("MD5") && err.contains("3 tries"), "{err}");
    assert_eq!(stored_rows(dir.path()), 0);

    // A download cut short earlier resumes from where it stopped (HTTP Range).
    let list = format!(
        "{} {} http://x/{name}\n",
        good.len(),
        hex::encode(Md5::digest(&good))
    );
    let server = serve(
        HashMap::from([
            (name.to_string(), good.clone()),
            ("masterfilelist.txt".into(), list.into_bytes()),
        ]),
        HashMap::new(),
    );
    let downloads = dir.path().join("downloads/gdelt2");
    std::fs::create_dir_all(&downloads).unwrap();
    std::fs::write(
        downloads.join(format!("{name}.part")),
        &good[..good.len() / 3],
    )
    .unwrap();
    let s = json(
        dir.path(),
        &fetch_args("2024-02-01", "2024-02-01", &server.base, &["--json"]),
    );
    assert_eq!(s["rows_stored"], 100);
    assert_eq!(std::fs::read(downloads.join(name)).unwrap(), good);
}
