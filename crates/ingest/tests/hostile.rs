//! Every event reader on arbitrary and mutated bytes (fixed seeds, at most 256 cases each,
//! inputs up to 64 KiB): no panic, no hang; a clear error or rows set aside, and every
//! line accounted for.

use std::path::Path;

use vigil_ingest::{Format, ReadOptions};
use vigil_testdata::hostile;

fn seed(rel: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

fn check(format: Format, bytes: Vec<u8>) {
    let mut reader = std::io::Cursor::new(bytes);
    let opts = ReadOptions {
        max_record_bytes: 16 * 1024,
    };
    let mut rows = 0usize;
    let result =
        vigil_ingest::read_stream(Path::new("hostile"), &mut reader, format, &opts, &mut |b| {
            rows += b.records.num_rows();
            for r in &b.rejects {
                assert!(r.line >= 1, "a reject names its line");
                assert!(!r.detail.is_empty());
            }
            Ok(())
        });
    if let Err(e) = result {
        assert!(!e.to_string().is_empty());
    }
}

#[test]
fn gdelt1_reader_survives_hostile_bytes() {
    let s = std::fs::read(vigil_testdata::shared(
        "gdelt/gdelt1-events-20160728-sample.tsv",
    ))
    .unwrap();
    hostile::each_case("gdelt1", &s[..s.len().min(48 * 1024)], |b| {
        check(Format::Gdelt1, b)
    });
}

#[test]
fn gdelt2_reader_survives_hostile_bytes() {
    let s = std::fs::read(vigil_testdata::shared(
        "gdelt/gdelt1-events-20160728-sample.tsv",
    ))
    .unwrap();
    hostile::each_case("gdelt2", &s[..s.len().min(16 * 1024)], |b| {
        check(Format::Gdelt2, b)
    });
}

#[test]
fn icews_reader_survives_hostile_bytes() {
    hostile::each_case("icews", &seed("tests/data/icews-readr-na.tsv"), |b| {
        check(Format::Icews, b)
    });
}

#[test]
fn acled_reader_survives_hostile_bytes() {
    let mut s = seed("tests/data/acled-2020-iso3.csv");
    s.extend(seed("tests/data/acled-legacy-africa-2016.csv"));
    hostile::each_case("acled", &s, |b| check(Format::Acled, b));
}

#[test]
fn polecat_reader_survives_hostile_bytes() {
    hostile::each_case(
        "polecat",
        &seed("tests/data/ngecEvents.DV.20230105.txt"),
        |b| check(Format::Polecat, b),
    );
}

#[test]
fn curated_reader_survives_hostile_bytes() {
    hostile::each_case(
        "curated",
        &seed("../cli/src/demo/events.csv")[..8192],
        |b| check(Format::Curated, b),
    );
}
