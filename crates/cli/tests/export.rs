//! `vigil export`: a selection of events as Parquet, Arrow IPC or CSV, and the manifest of
//! the catalog's files, read back and counted against the store.

mod common;

use std::path::Path;

use common::*;
use datafusion::arrow::ipc::reader::FileReader;
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

fn sql_count(dir: &Path, condition: &str) -> u64 {
    let v = json(
        dir,
        &[
            "sql",
            "--format",
            "json",
            &format!("SELECT count(*) AS n FROM events WHERE {condition}"),
        ],
    );
    v[0]["n"].as_u64().unwrap()
}

#[test]
fn exports_hold_the_selected_events_in_every_format_and_the_manifest_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    ok(&store, &["ingest", gdelt1_sample().to_str().unwrap()]);
    let total = stored_rows(&store);
    let cond = "actor1_country = 'USA' AND quad_class >= 3";
    let want = sql_count(&store, cond);
    assert!(want > 10 && want < total, "{want} of {total}");

    let pq = dir.path().join("usa.parquet");
    ok(
        &store,
        &["export", "--where", cond, "-o", pq.to_str().unwrap()],
    );
    let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&pq).unwrap())
        .unwrap()
        .build()
        .unwrap();
    let mut n = 0;
    for b in reader {
        let b = b.unwrap();
        n += b.num_rows() as u64;
        let c = vigil_store::query::strings(&b, "actor1_country");
        assert!(c.iter().all(|c| c.as_deref() == Some("USA")));
    }
    assert_eq!(n, want);

    let arrow = dir.path().join("all.arrow");
    ok(
        &store,
        &["export", "--format", "arrow", "-o", arrow.to_str().unwrap()],
    );
    let r = FileReader::try_new(std::fs::File::open(&arrow).unwrap(), None).unwrap();
    let n: usize = r.map(|b| b.unwrap().num_rows()).sum();
    assert_eq!(n as u64, total);

    let csv = dir.path().join("usa.csv");
    ok(
        &store,
        &[
            "export",
            "--format",
            "csv",
            "--where",
            cond,
            "-o",
            csv.to_str().unwrap(),
        ],
    );
    let mut r = csv::Reader::from_path(&csv).unwrap();
    assert_eq!(&r.headers().unwrap()[0], "event_id");
    assert_eq!(r.records().count() as u64, want);

    // The manifest names exactly the catalog's files, with their rows.
    let m = json(&store, &["export", "--manifest", "-o", "-"]);
    assert_eq!(m["rows"].as_u64().unwrap(), total);
    let files = m["files"].as_array().unwrap();
    let events: Vec<&serde_json::Value> = files.iter().filter(|f| f["kind"] == "events").collect();
    assert_eq!(
        events
            .iter()
            .map(|f| f["rows"].as_u64().unwrap())
            .sum::<u64>(),
        total
    );
    for f in files {
        assert!(Path::new(f["path"].as_str().unwrap()).is_file(), "{f}");
    }
    assert_eq!(
        files.iter().filter(|f| f["kind"] == "daily").count(),
        events.len()
    );
}

#[test]
fn a_failed_export_leaves_no_file_and_names_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    ok(&store, &["ingest", gdelt1_sample().to_str().unwrap()]);
    let out = dir.path().join("x.parquet");
    std::fs::write(&out, b"an earlier file").unwrap();
    let r = vigil(
        &store,
        &[
            "export",
            "--where",
            "no_such_column = 1",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(!r.status.success());
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("no_such_column"), "{err}");
    // The earlier file is untouched and nothing partial is left beside it.
    assert_eq!(std::fs::read(&out).unwrap(), b"an earlier file");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
    let r = vigil(&store, &["export", "--format", "csv", "-o", "-"]);
    assert!(!r.status.success());
}
