//! Every list reader on arbitrary and mutated bytes (fixed seeds, at most 256 cases each,
//! inputs up to 64 KiB): no panic, no hang; a clear error or records set aside. And one
//! invalid UTF-8 line in an FtM file sets that line aside while the rest loads.

use std::path::Path;

use vigil_sanctions::{ftm, lists, xml};
use vigil_testdata::hostile;

fn head(rel: &str, n: usize) -> Vec<u8> {
    let b = std::fs::read(vigil_testdata::shared(rel)).unwrap();
    b[..b.len().min(n)].to_vec()
}

#[test]
fn ftm_reader_survives_hostile_bytes() {
    let seed = head("sanctions/yente-zala-entities.ftm.json", 48 * 1024);
    hostile::each_case("ftm", &seed, |b| {
        let _ = ftm::read(std::io::Cursor::new(b), "t", "hostile", |_| {});
    });
}

#[test]
fn un_reader_survives_hostile_bytes() {
    let seed = head("sanctions/un-sc-consolidated-20181029.xml", 48 * 1024);
    hostile::each_case("un", &seed, |b| {
        let _ = xml::read_un(std::io::Cursor::new(b), "t", "hostile", &|_| 1, |_| {});
    });
}

#[test]
fn ofac_xml_reader_survives_hostile_bytes() {
    let seed = head("sanctions/ofac-consolidated-nonsdn-20180406.xml", 48 * 1024);
    hostile::each_case("ofac-xml", &seed, |b| {
        let _ = xml::read_ofac(std::io::Cursor::new(b), "t", "hostile", &|_| 1, |_| {});
    });
}

#[test]
fn ofac_csv_reader_survives_hostile_bytes() {
    let seed = head("sanctions/ofac-sdn-20240503.csv", 48 * 1024);
    hostile::each_case("ofac-csv", &seed, |b| {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sdn.csv");
        std::fs::write(&p, b).unwrap();
        let _ = vigil_sanctions::ofac_csv::read(&p, "t", |_| {});
        // And through the loader, which also detects the format and stores the list.
        let _ = lists::load(dir.path(), &p, None, None);
    });
}

#[test]
fn one_invalid_utf8_line_of_ftm_is_set_aside_and_the_rest_loads() {
    let text = std::fs::read(vigil_testdata::shared(
        "sanctions/yente-zala-entities.ftm.json",
    ))
    .unwrap();
    let lines: Vec<&[u8]> = text
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let mut bad = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if i == 3 {
            bad.extend_from_slice(b"{\"id\": \"x\xff\xfe\"}");
        } else {
            bad.extend_from_slice(l);
        }
        bad.push(b'\n');
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("zala.ftm.json");
    std::fs::write(&p, &bad).unwrap();
    let r = lists::load(dir.path(), &p, None, None).unwrap();
    assert_eq!(r.rejects.len(), 1, "{:?}", r.rejects);
    assert_eq!(r.rejects[0].line, 4);
    assert!(r.rejects[0].reason.contains("UTF-8"));
    // Everything else loaded: the whole file's records less those of the replaced line.
    let other = tempfile::tempdir().unwrap();
    let whole = lists::load(
        other.path(),
        Path::new(&vigil_testdata::shared(
            "sanctions/yente-zala-entities.ftm.json",
        )),
        None,
        None,
    )
    .unwrap();
    let replaced = ftm::parse_line(std::str::from_utf8(lines[3]).unwrap(), "t")
        .map(|r| r.len() as u64)
        .unwrap_or(0);
    assert!(replaced > 0);
    assert_eq!(r.input.records, whole.input.records - replaced);
}
