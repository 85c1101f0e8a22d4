//! End-to-end: `vigil fetch gdelt` against a GDELT-like server on loopback that the test
//! starts, serving fixture exports built from the real GDELT rows in ../shared.

mod common;

use std::collections::HashMap;

use common::server::serve;
use common::*;
use md5::{Digest, Md5};

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

#[test]
fn fetch_downloads_verifies_retries_and_skips_what_is_stored() {
    let text = std::fs::read_to_string(gdelt1_sample()).unwrap();
    let rows = gdelt1_rows(&text);
    let a = export(&rows[..200], 1_000_000);
    let b = export(&rows[200..450], 2_000_000);
    let c = export(&rows[450..], 3_000_000);
    let names = [
        "20240101000000.export.CSV.zip",
        "20240101001500.export.CSV.zip",
        "20240105000000.export.CSV.zip",
    ];
    let mut files: HashMap<String, Vec<u8>> = names
        .iter()
        .zip([&a, &b, &c])
        .map(|(n, body)| (n.to_string(), body.clone()))
        .collect();
    let list = file_list(&[(names[0], &a), (names[1], &b), (names[2], &c)]);
    files.insert("masterfilelist.txt".into(), list);
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
    assert_eq!(server.hits(names[0]), 3, "two failures, then success");
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
    assert_eq!(server.hits(names[0]), 3, "not downloaded again");
    assert_eq!(stored_rows(dir.path()), rows.len() as u64);
}

#[test]
fn a_corrupt_download_is_retried_then_reported_and_a_partial_one_resumes() {
    let text = std::fs::read_to_string(gdelt1_sample()).unwrap();
    let rows = gdelt1_rows(&text);
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

#[test]
fn a_body_longer_than_listed_is_refused_and_a_wrong_content_range_starts_over() {
    let text = std::fs::read_to_string(gdelt1_sample()).unwrap();
    let rows = gdelt1_rows(&text);
    let good = export(&rows[..100], 6_000_000);
    let name = "20240301000000.export.CSV.zip";
    let md5 = hex::encode(Md5::digest(&good));
    // The list says the file is shorter than what the server sends.
    let list = format!("{} {md5} http://x/{name}\n", good.len() - 10);
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
            "2024-03-01",
            "2024-03-01",
            &server.base,
            &["--backoff-ms", "1", "--attempts", "2"],
        ),
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("more than the listed"), "{err}");
    let downloads = dir.path().join("downloads/gdelt2");
    assert!(
        !downloads.join(format!("{name}.part")).exists(),
        "partial file removed"
    );
    assert!(!downloads.join(name).exists());

    // A resumed download whose Content-Range is not the rest of the part starts over
    // and still ends with the right file.
    let list = format!("{} {md5} http://x/{name}\n", good.len());
    let server = serve(
        HashMap::from([
            (name.to_string(), good.clone()),
            ("masterfilelist.txt".into(), list.into_bytes()),
        ]),
        HashMap::new(),
    );
    server.bad_ranges.lock().unwrap().push(name.to_string());
    std::fs::write(
        downloads.join(format!("{name}.part")),
        &good[..good.len() / 2],
    )
    .unwrap();
    let s = json(
        dir.path(),
        &fetch_args(
            "2024-03-01",
            "2024-03-01",
            &server.base,
            &["--json", "--backoff-ms", "1", "--attempts", "3"],
        ),
    );
    assert_eq!(s["rows_stored"], 100);
    assert_eq!(std::fs::read(downloads.join(name)).unwrap(), good);
    assert_eq!(
        server.hits(name),
        2,
        "one refused resume, one full download"
    );
}
