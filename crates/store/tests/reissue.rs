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

#[test]
fn a_later_icews_file_replaces_the_rows_it_reissues() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let first = ingest(&mut store, &fixture("icews-readr-na.tsv"));
    assert_eq!((first.rows_stored, first.replaced), (4, 0));
    // The next week's file: event 30002 again with a corrected code, and a new event.
    let text = std::fs::read_to_string(fixture("icews-readr-na.tsv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let corrected = lines[2].replace("\tExpress intent to cooperate\t30\t", "\tConsult\t40\t");
    let new = lines[1].replace("30001\t2016-03-02", "30006\t2016-03-09");
    lines.truncate(1);
    lines.push(corrected);
    lines.push(new);
    let week2 = dir.path().join("week2.tsv");
    std::fs::write(&week2, lines.join("\n") + "\n").unwrap();
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
