//! The store's commit protocol through its public API: what the catalog does not list does
//! not exist, and is swept by the next writer.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use vigil_store::{IngestOptions, Store};
use vigil_testdata::shared;

fn ingest(store: &mut Store) -> vigil_store::FileReport {
    let path = shared("gdelt/gdelt1-events-20160728-sample.tsv");
    store
        .ingest_file(
            &path,
            &IngestOptions::default(),
            Arc::new(AtomicU64::new(0)),
        )
        .unwrap()
}

#[test]
fn parts_not_in_the_catalog_are_invisible_and_swept() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let report = ingest(&mut store);
    assert_eq!(report.rows_stored, 710);
    let part = dir.path().join(&store.catalog().inputs[0].parts[0].path);
    drop(store);

    // A crash after parts were moved into events/ but before the catalog was replaced
    // leaves a part the catalog does not list: simulate it with a copy.
    let orphan = part.with_file_name("c0-crashed-0001.parquet");
    std::fs::copy(&part, &orphan).unwrap();
    let reader = Store::open_read(dir.path()).unwrap();
    assert_eq!(reader.stats().rows, 710);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let counted = rt.block_on(async {
        let ctx = reader.session().unwrap();
        let batches = ctx
            .sql("SELECT count(*) FROM events")
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        batches[0]
            .column(0)
            .as_any()
            .downcast_ref::<datafusion::arrow::array::Int64Array>()
            .unwrap()
            .value(0)
    });
    assert_eq!(counted, 710, "queries read only what the catalog lists");

    let store = Store::open(dir.path()).unwrap();
    assert!(!orphan.exists(), "the next writer sweeps the orphan");
    assert!(part.exists());
    assert_eq!(store.stats().rows, 710);
}

#[test]
fn one_writer_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let _first = Store::open(dir.path()).unwrap();
    let second = Store::open(dir.path());
    assert!(matches!(second, Err(vigil_store::StoreError::Locked(_))));
}

#[test]
fn parts_are_sorted_for_dyad_reads() {
    use datafusion::arrow::array::{Array, AsArray};
    use datafusion::arrow::datatypes::Date32Type;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    ingest(&mut store);
    for part in store.catalog().parts() {
        let file = std::fs::File::open(dir.path().join(&part.path)).unwrap();
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .unwrap()
            .build()
            .unwrap();
        let mut rows = Vec::new();
        for b in reader {
            let b = b.unwrap();
            let a = b
                .column_by_name("actor1_country")
                .unwrap()
                .as_string::<i32>();
            let c = b
                .column_by_name("actor2_country")
                .unwrap()
                .as_string::<i32>();
            let d = b
                .column_by_name("date")
                .unwrap()
                .as_primitive::<Date32Type>();
            for i in 0..b.num_rows() {
                // Nulls sort last: the key puts "is null" before the value.
                let s = |x: &datafusion::arrow::array::StringArray| {
                    (x.is_null(i), x.value(i).to_string())
                };
                rows.push((s(a), s(c), d.value(i)));
            }
        }
        assert_eq!(rows.len() as u64, part.rows);
        assert!(
            rows.windows(2).all(|w| w[0] <= w[1]),
            "{} is not sorted",
            part.path
        );
    }
}

#[test]
fn interleaved_months_spill_and_give_one_sorted_part_per_month() {
    // More rows than the writer buffers (FLUSH_ROWS), alternating between three months, so
    // the buffers spill to disk several times before the parts are written.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(shared("gdelt/gdelt1-events-20160728-sample.tsv")).unwrap();
    let base: Vec<&str> = text
        .lines()
        .filter(|l| l.split('\t').count() == 58)
        .collect();
    let months = ["20160105", "20160215", "20160320"];
    let mut big = String::new();
    let mut id = 0u64;
    while id < 450_000 {
        for (k, l) in base.iter().enumerate() {
            let f: Vec<&str> = l.split('\t').collect();
            let day = months[k % 3];
            id += 1;
            big.push_str(&format!("{id}\t{day}\t{}\n", f[2..].join("\t")));
        }
    }
    let input = dir.path().join("interleaved.tsv");
    std::fs::write(&input, big).unwrap();
    let mut store = Store::open(&dir.path().join("store")).unwrap();
    let r = store
        .ingest_file(
            &input,
            &IngestOptions::default(),
            Arc::new(AtomicU64::new(0)),
        )
        .unwrap();
    assert_eq!(r.rows_stored, id);
    let parts: Vec<_> = store.catalog().parts().collect();
    assert_eq!(parts.len(), 3, "one part per month: {parts:?}");
    assert_eq!(parts.iter().map(|p| p.rows).sum::<u64>(), id);
    assert!(
        !dir.path()
            .join("store/tmp")
            .read_dir()
            .map(|mut d| d.next().is_some())
            .unwrap_or(false)
    );
}
