//! Re-issued rows: a later ICEWS file that publishes an event again under the same id
//! replaces the stored row in one commit; and parts written before the PLOVER and ACLED
//! columns existed read with those columns null.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use vigil_store::{IngestOptions, Store};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ingest/tests/data")
        .join(name)
}

fn ingest(store: &mut Store, path: &Path) -> vigil_store::FileReport {
    store
        .ingest_file(path, &IngestOptions::default(), Arc::new(AtomicU64::new(0)))
        .unwrap()
}

fn query(store: &Store, sql: &str) -> Vec<RecordBatch> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let ctx = store.session().unwrap();
        ctx.sql(sql).await.unwrap().collect().await.unwrap()
    })
}

fn strings(batches: &[RecordBatch], col: usize) -> Vec<String> {
    batches
        .iter()
        .flat_map(|b| {
            let c = b.column(col).as_string::<i32>();
            (0..c.len())
                .map(|i| {
                    if c.is_null(i) {
                        String::new()
                    } else {
                        c.value(i).to_string()
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The next week's file: event 30002 again with a corrected code, and a new event.
fn week2(dir: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(fixture("icews-readr-na.tsv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let corrected = lines[2].replace("\tExpress intent to cooperate\t30\t", "\tConsult\t40\t");
    let new = lines[1].replace("30001\t2016-03-02", "30006\t2016-03-09");
    lines.truncate(1);
    lines.push(corrected);
    lines.push(new);
    let week2 = dir.join("week2.tsv");
    std::fs::write(&week2, lines.join("\n") + "\n").unwrap();
    week2
}

#[test]
fn a_later_icews_file_replaces_the_rows_it_reissues() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let first = ingest(&mut store, &fixture("icews-readr-na.tsv"));
    assert_eq!((first.rows_stored, first.replaced), (4, 0));
    let week2 = week2(dir.path());
    let second = ingest(&mut store, &week2);
    assert_eq!((second.rows_stored, second.replaced), (2, 1));
    assert_eq!(store.stats().rows, 5);
    let ids = strings(
        &query(&store, "SELECT event_id FROM events ORDER BY event_id"),
        0,
    );
    assert_eq!(
        ids,
        [
            "icews-30001",
            "icews-30002",
            "icews-30003",
            "icews-30005",
            "icews-30006"
        ]
    );
    let code = strings(
        &query(
            &store,
            "SELECT event_code FROM events WHERE event_id = 'icews-30002'",
        ),
        0,
    );
    assert_eq!(code, ["040"]);
    // The replaced part file is gone; every file the catalog lists exists.
    let parts: Vec<_> = store.catalog().parts().cloned().collect();
    for p in &parts {
        assert!(dir.path().join(&p.path).exists(), "{}", p.path);
    }
    let files = walk(&dir.path().join("events"));
    assert_eq!(files.len(), parts.len(), "{files:?}");
    // Ingesting the second file again changes nothing.
    let again = ingest(&mut store, &week2);
    assert!(again.already_stored);
    assert_eq!(store.stats().rows, 5);
}

#[test]
fn a_reader_keeps_the_parts_of_its_catalog_until_it_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    ingest(&mut store, &fixture("icews-readr-na.tsv"));
    let reader = Store::open_read(dir.path()).unwrap();
    let old_parts: Vec<String> = reader.catalog().parts().map(|p| p.path.clone()).collect();
    let code_of_30002 = |s: &Store| {
        strings(
            &query(
                s,
                "SELECT event_code FROM events WHERE event_id = 'icews-30002'",
            ),
            0,
        )
    };
    assert_eq!(code_of_30002(&reader), ["030"]);
    // A re-issue is committed while the reader is still at work.
    let second = ingest(&mut store, &week2(dir.path()));
    assert_eq!(second.replaced, 1);
    for p in &old_parts {
        assert!(
            dir.path().join(p).exists(),
            "{p} was deleted under a reader"
        );
    }
    assert_eq!(
        code_of_30002(&reader),
        ["030"],
        "the reader answers from its catalog"
    );
    assert_eq!(
        code_of_30002(&Store::open_read(dir.path()).unwrap()),
        ["040"]
    );
    // The replaced part and its two rollups.
    assert_eq!(vigil_store::retired::list(dir.path()).unwrap().len(), 3);
    // Once it is done, the next writer deletes what was replaced, and only that.
    drop(reader);
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert!(vigil_store::retired::list(dir.path()).unwrap().is_empty());
    let listed: Vec<_> = store
        .catalog()
        .parts()
        .map(|p| dir.path().join(&p.path))
        .collect();
    let mut files = walk(&dir.path().join("events"));
    files.sort();
    let mut listed_sorted = listed.clone();
    listed_sorted.sort();
    assert_eq!(files, listed_sorted);
    let mut rollups = walk(&dir.path().join("rollups"));
    rollups.sort();
    let mut listed: Vec<_> = store
        .catalog()
        .parts()
        .flat_map(|p| p.files().into_iter().skip(1))
        .map(|f| dir.path().join(f))
        .collect();
    listed.sort();
    assert_eq!(rollups, listed);
    assert_eq!(code_of_30002(&store), ["040"]);
    // The rewritten part's rollups agree with its events.
    let v = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(store.verify())
        .unwrap();
    assert!(v.sound(), "{v:?}");
    assert_eq!(v.events_checked, store.stats().rows);
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn parts_written_before_the_new_columns_read_with_them_null() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    ingest(&mut store, &fixture("acled-2020-iso3.csv"));
    let part = dir.path().join(&store.catalog().inputs[0].parts[0].path);
    // Rewrite the part as an older vigil wrote it: the first 26 columns only.
    let file = std::fs::File::open(&part).unwrap();
    let batches: Vec<RecordBatch> =
        parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
            .unwrap()
            .build()
            .unwrap()
            .map(|b| b.unwrap())
            .collect();
    let old: Vec<RecordBatch> = batches
        .iter()
        .map(|b| b.project(&(0..26).collect::<Vec<_>>()).unwrap())
        .collect();
    let out = std::fs::File::create(&part).unwrap();
    let mut w = parquet::arrow::ArrowWriter::try_new(out, old[0].schema(), None).unwrap();
    for b in &old {
        w.write(b).unwrap();
    }
    w.close().unwrap();
    let reader = Store::open_read(dir.path()).unwrap();
    let got = query(
        &reader,
        "SELECT count(*), count(plover_type), count(fatalities), count(event_code) FROM events",
    );
    let n = |i: usize| {
        got[0]
            .column(i)
            .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
            .value(0)
    };
    assert_eq!((n(0), n(1), n(2), n(3)), (5, 0, 0, 5));
}
