//! Every published layout of ACLED, ICEWS as R rewrites it, and POLECAT, read from fixtures
//! the project wrote after each publisher's layout (`tests/data`): rows stored + rows set
//! aside = rows read, counts by country, the file's own line numbers with LF and CRLF, and
//! the canonical columns each source fills.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use arrow_array::cast::AsArray;
use arrow_array::types::{Int32Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use vigil_ingest::{Format, ReadOptions, Reject, RejectReason};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// One row as strings by column name ("" for null).
type Row = BTreeMap<String, String>;

struct Read {
    rows: Vec<Row>,
    rejects: Vec<Reject>,
}

fn cell(b: &RecordBatch, col: &str, i: usize) -> String {
    let c = b.column_by_name(col).unwrap();
    if c.is_null(i) {
        return String::new();
    }
    match c.data_type() {
        arrow_schema::DataType::Utf8 => c.as_string::<i32>().value(i).to_string(),
        arrow_schema::DataType::Int32 => c.as_primitive::<Int32Type>().value(i).to_string(),
        arrow_schema::DataType::Int64 => c.as_primitive::<Int64Type>().value(i).to_string(),
        arrow_schema::DataType::Float64 => c
            .as_primitive::<arrow_array::types::Float64Type>()
            .value(i)
            .to_string(),
        arrow_schema::DataType::Date32 => {
            let d = c.as_primitive::<arrow_array::types::Date32Type>().value(i);
            let (y, m, day) = vigil_model::date::ymd_from_days(d);
            format!("{y:04}-{m:02}-{day:02}")
        }
        t => panic!("unexpected type {t}"),
    }
}

fn read_with(path: &Path, format: Format, opts: ReadOptions) -> Read {
    let mut rows = Vec::new();
    let mut rejects = Vec::new();
    vigil_ingest::read_file(
        path,
        format,
        "fixture",
        &opts,
        Arc::new(AtomicU64::new(0)),
        &mut |batch| {
            let b = &batch.records;
            let schema = b.schema();
            for i in 0..b.num_rows() {
                rows.push(
                    schema
                        .fields()
                        .iter()
                        .map(|f| (f.name().clone(), cell(b, f.name(), i)))
                        .collect(),
                );
            }
            rejects.extend(batch.rejects);
            Ok(())
        },
    )
    .unwrap();
    Read { rows, rejects }
}

fn read(name: &str, format: Format) -> Read {
    read_with(&data(name), format, ReadOptions::default())
}

/// Data records in a fixture, counted by its own rules: physical lines that start a
/// record (for CSV, lines outside a quoted field), minus the header.
fn records_in(name: &str, quoted: bool) -> usize {
    let text = std::fs::read_to_string(data(name)).unwrap();
    if !quoted {
        return text.lines().filter(|l| !l.is_empty()).count() - 1;
    }
    let mut inside = false;
    let mut starts = 0;
    for line in text
        .split('\n')
        .filter(|l| !l.trim_end_matches('\r').is_empty())
    {
        if !inside {
            starts += 1;
        }
        inside ^= line.matches('"').count() % 2 == 1;
    }
    starts - 1
}

fn by(rows: &[Row], col: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for r in rows {
        *out.entry(r[col].clone()).or_default() += 1;
    }
    out
}

fn row<'r>(rows: &'r [Row], id: &str) -> &'r Row {
    rows.iter()
        .find(|r| r["event_id"] == id)
        .unwrap_or_else(|| panic!("{id} not stored"))
}

#[test]
fn acled_2019_2021_layout_with_iso3_and_export_tool_dates() {
    let path = data("acled-2020-iso3.csv");
    let d = vigil_ingest::detect(&path).unwrap();
    assert_eq!(d.format, Format::Acled);
    assert!(d.reason.contains("2019–2021"), "{}", d.reason);
    let r = read("acled-2020-iso3.csv", Format::Acled);
    assert_eq!(
        r.rows.len() + r.rejects.len(),
        records_in("acled-2020-iso3.csv", true)
    );
    assert_eq!(r.rows.len(), 5);
    assert_eq!(r.rejects.len(), 1);
    assert_eq!(r.rejects[0].reason, RejectReason::BadDate);
    // CRLF file: header line 1, rows from line 2; the multi-line note spans lines 3–5.
    assert_eq!(r.rejects[0].line, 8, "31-Apr-20 is on the file's line 8");
    let geo = by(&r.rows, "geo_country");
    assert_eq!(geo.get("UKR"), Some(&3));
    assert_eq!(geo.get("KOR"), Some(&1));
    assert_eq!(geo.get("PRK"), Some(&1));
    let clash = row(&r.rows, "acled-UKR50001");
    assert_eq!(clash["date"], "2020-05-09");
    assert_eq!(clash["origin_line"], "2");
    assert_eq!(clash["fatalities"], "2");
    assert_eq!(clash["time_precision"], "1");
    assert_eq!(clash["geo_precision"], "1");
    assert_eq!(clash["source_event_type"], "Battles");
    assert_eq!(clash["source_event_subtype"], "Armed clash");
    assert_eq!(clash["event_code"], "190");
    assert_eq!(clash["plover_type"], "ASSAULT");
    assert_eq!(clash["actor2_country"], "RUS");
    assert!(clash["evidence"].contains("\"heavy\" shelling"));
    let shelling = row(&r.rows, "acled-UKR50002");
    assert_eq!(shelling["origin_line"], "3");
    assert!(
        shelling["evidence"].contains("at night,\nwith no casualties."),
        "{}",
        shelling["evidence"]
    );
    assert_eq!(row(&r.rows, "acled-UKR50006")["origin_line"], "9");
}

#[test]
fn acled_legacy_africa_layout_with_gwno_and_legacy_event_types() {
    let path = data("acled-legacy-africa-2016.csv");
    let d = vigil_ingest::detect(&path).unwrap();
    assert!(d.reason.contains("legacy"), "{}", d.reason);
    let r = read("acled-legacy-africa-2016.csv", Format::Acled);
    assert!(r.rejects.is_empty(), "{:?}", r.rejects);
    assert_eq!(
        r.rows.len(),
        records_in("acled-legacy-africa-2016.csv", true)
    );
    let codes: BTreeMap<&str, &str> = r
        .rows
        .iter()
        .map(|x| (x["source_event_type"].as_str(), x["event_code"].as_str()))
        .collect();
    assert_eq!(codes["Battle-No change of territory"], "190");
    assert_eq!(codes["Battle-Non-state actor overtakes territory"], "192");
    assert_eq!(codes["Riots/Protests"], "140");
    assert_eq!(codes["Remote violence"], "183");
    assert_eq!(codes["Violence against civilians"], "180");
    assert_eq!(codes["Strategic development"], "010");
    assert_eq!(codes["Headquarters or base established"], "150");
    assert_eq!(codes["Non-violent transfer of territory"], "192");
    let geo = by(&r.rows, "geo_country");
    assert_eq!(geo.get("NGA"), Some(&9));
    assert_eq!(geo.get("SYR"), Some(&1));
    let first = row(&r.rows, "acled-NIG1001");
    assert_eq!(first["date"], "2016-01-18");
    assert_eq!(first["fatalities"], "4");
    assert_eq!(first["origin_line"], "2");
}

#[test]
fn acled_current_layout_fixture_still_reads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../cli/tests/data/acled-sample.csv");
    let d = vigil_ingest::detect(&path).unwrap();
    assert!(d.reason.contains("current"), "{}", d.reason);
}

#[test]
fn icews_na_is_missing_in_any_field() {
    let r = read("icews-readr-na.tsv", Format::Icews);
    assert_eq!(
        r.rows.len() + r.rejects.len(),
        records_in("icews-readr-na.tsv", false)
    );
    assert_eq!(r.rows.len(), 4);
    assert_eq!(r.rejects.len(), 1);
    assert_eq!(
        (r.rejects[0].line, &r.rejects[0].reason),
        (5, &RejectReason::BadDate)
    );
    let threat = row(&r.rows, "icews-30001");
    assert_eq!(threat["lat"], "");
    assert_eq!(threat["geo_country"], "");
    assert_eq!(threat["actor1_role"], "");
    assert_eq!(threat["actor2_country"], "KOR");
    let posture = row(&r.rows, "icews-30005");
    assert_eq!(posture["actor2_country"], "");
    assert_eq!(posture["actor2_name"], "");
    assert_eq!(posture["event_code"], "150");
    assert_eq!(posture["plover_type"], "MOBILIZE");
    assert_eq!(row(&r.rows, "icews-30002")["lat"], "55.7522");
}

#[test]
fn polecat_rows_keep_plover_and_need_no_cameo() {
    let name = "ngecEvents.DV.20230105.txt";
    let d = vigil_ingest::detect(&data(name)).unwrap();
    assert_eq!(d.format, Format::Polecat);
    let r = read(name, Format::Polecat);
    assert_eq!(r.rows.len() + r.rejects.len(), records_in(name, true));
    assert_eq!(r.rows.len(), 5);
    assert_eq!(
        (r.rejects[0].line, &r.rejects[0].reason),
        (7, &RejectReason::BadDate)
    );
    // MOBILIZE/weapons (a weapons test) has no CAMEO branch: stored with null codes.
    let test = row(&r.rows, "polecat-20230105-0001");
    assert_eq!(test["event_code"], "");
    assert_eq!(test["event_root"], "");
    assert_eq!(test["quad_class"], "4");
    assert_eq!(test["plover_type"], "MOBILIZE");
    assert_eq!(test["plover_mode"], "weapons");
    assert_eq!(test["actor1_country"], "PRK");
    assert_eq!(test["actor1_role"], "MIL");
    assert_eq!(test["actor2_country"], "");
    assert_eq!(test["goldstein"], "-5");
    // CONSULT/visit has one: 042.
    let visit = row(&r.rows, "polecat-20230105-0002");
    assert_eq!(visit["event_code"], "042");
    assert_eq!(visit["actor1_name"], "Sergei Shoigu");
    assert_eq!(visit["actor2_country"], "PRK");
    assert!(
        visit["evidence"].contains("Reuters, Seoul"),
        "{}",
        visit["evidence"]
    );
    // Country from the COW number when the ISO code is empty.
    let strike = row(&r.rows, "polecat-20230105-0004");
    assert_eq!(strike["actor1_country"], "RUS");
    assert_eq!(strike["event_code"], "195");
    assert_eq!(
        row(&r.rows, "polecat-20230105-0005")["actor1_name"],
        "Москва"
    );
    let a1 = by(&r.rows, "actor1_country");
    assert_eq!(a1.get("RUS"), Some(&3));
    assert_eq!(a1.get("PRK"), Some(&1));
    assert_eq!(a1.get("JPN"), Some(&1));
}

#[test]
fn line_numbers_are_the_files_own_with_lf_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let lf = std::fs::read_to_string(data("icews-readr-na.tsv")).unwrap();
    let crlf = lf.replace('\n', "\r\n");
    let p = dir.path().join("crlf.tsv");
    std::fs::write(&p, crlf).unwrap();
    let a = read("icews-readr-na.tsv", Format::Icews);
    let b = read_with(&p, Format::Icews, ReadOptions::default());
    let lines =
        |r: &Read| -> Vec<String> { r.rows.iter().map(|x| x["origin_line"].clone()).collect() };
    assert_eq!(lines(&a), ["2", "3", "4", "6"]);
    assert_eq!(lines(&a), lines(&b));
    assert_eq!(a.rejects[0].line, b.rejects[0].line);
}

#[test]
fn an_unclosed_quote_is_set_aside_at_the_cap_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(data("acled-legacy-africa-2016.csv")).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    let mut out = vec![lines[0].to_string()];
    // Line 2: a note whose quote never closes.
    out.push(
        lines[3]
            .replace("\"Traders", "\"Traders (unclosed")
            .replace("road.\"", "road."),
    );
    // Lines 3–52: fifty good rows without quotes.
    for k in 0..50 {
        out.push(lines[1].replace("NIG1001", &format!("NIG9{k:03}")));
    }
    let p = dir.path().join("broken.csv");
    std::fs::write(&p, out.join("\r\n")).unwrap();
    let r = read_with(
        &p,
        Format::Acled,
        ReadOptions {
            max_record_bytes: 1000,
        },
    );
    let too_long: Vec<_> = r
        .rejects
        .iter()
        .filter(|j| j.reason == RejectReason::TooLong)
        .collect();
    assert_eq!(too_long.len(), 1, "{:?}", r.rejects);
    assert_eq!(too_long[0].line, 2);
    // Reading resumed after the cap: most rows are stored, each with its own line, and
    // every line is accounted for (stored, set aside, or inside the set-aside record).
    assert!(r.rows.len() > 40, "{} rows", r.rows.len());
    assert_eq!(row(&r.rows, "acled-NIG9049")["origin_line"], "52");
    let first_stored: usize = r
        .rows
        .iter()
        .map(|x| x["origin_line"].parse::<usize>().unwrap())
        .min()
        .unwrap();
    assert!(first_stored > 3 && first_stored < 10, "{first_stored}");
}

#[test]
fn a_long_gdelt_line_is_set_aside_alone() {
    let dir = tempfile::tempdir().unwrap();
    let real = vigil_testdata::shared("gdelt/gdelt1-events-20160728-sample.tsv");
    let text = std::fs::read_to_string(real).unwrap();
    let mut lines: Vec<String> = text.lines().take(5).map(str::to_string).collect();
    lines[2] = format!("{}{}", lines[2], "x".repeat(5000));
    let p = dir.path().join("long.tsv");
    std::fs::write(&p, lines.join("\n")).unwrap();
    let r = read_with(
        &p,
        Format::Gdelt1,
        ReadOptions {
            max_record_bytes: 4096,
        },
    );
    assert_eq!(r.rows.len(), 4);
    assert_eq!(r.rejects.len(), 1);
    assert_eq!(
        (r.rejects[0].line, &r.rejects[0].reason),
        (3, &RejectReason::TooLong)
    );
}

#[test]
fn a_zip_with_several_files_is_refused_whole() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("two.zip");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&p).unwrap());
    let text = std::fs::read(data("icews-readr-na.tsv")).unwrap();
    for name in ["a.tsv", "b.tsv"] {
        z.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(&text).unwrap();
    }
    z.finish().unwrap();
    let err = vigil_ingest::read_file(
        &p,
        Format::Icews,
        "two.zip",
        &ReadOptions::default(),
        Arc::new(AtomicU64::new(0)),
        &mut |_| panic!("nothing may be read from it"),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("holds 2 files (a.tsv, b.tsv)"), "{err}");
    assert!(vigil_ingest::detect(&p).is_err());
}
