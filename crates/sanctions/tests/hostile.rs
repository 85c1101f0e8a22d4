//! Every list reader on arbitrary and mutated bytes (fixed seeds, at most 256 cases each,
//! inputs up to 64 KiB): no panic, no hang; a clear error or records set aside. Screening
//! and matching of hostile names and records (any script, broken characters, long runs)
//! likewise. And one invalid UTF-8 line in an FtM file sets that line aside while the rest
//! loads.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use vigil_sanctions::entity::Kind;
use vigil_sanctions::index::{Index, Query};

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

/// The UN list of 2018 as an index, built once for the screening cases.
fn un_index() -> Arc<Index> {
    static INDEX: OnceLock<Arc<Index>> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let file = std::fs::File::open(vigil_testdata::shared(
                "sanctions/un-sc-consolidated-20181029.xml",
            ))
            .unwrap();
            let mut records = Vec::new();
            let rejects =
                xml::read_un(std::io::BufReader::new(file), "un", "un.xml", &|_| 1, |r| {
                    records.push(r)
                })
                .unwrap();
            assert!(rejects.is_empty() && records.len() > 900);
            Arc::new(Index::build(records))
        })
        .clone()
}

#[test]
fn screening_survives_hostile_names() {
    // Names in many scripts (the Putin spellings, Hangul with romanisations) and the name
    // benchmark's persons and companies, mutated: each line is screened as a name of
    // every kind, with a birth date, country and identifier cut from the same line.
    let mut seed = head("sanctions/putin_names.txt", 8 * 1024);
    seed.extend(head(
        "sanctions/match-dev/korean-names-hangul-mcr.dev.tsv",
        4 * 1024,
    ));
    seed.extend(head(
        "sanctions/match-dev/nk-name-bench-cases.dev.csv",
        8 * 1024,
    ));
    let index = un_index();
    let case = std::sync::atomic::AtomicUsize::new(0);
    hostile::each_case("screen", &seed, move |b| {
        let text = String::from_utf8_lossy(&b);
        let case = case.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        for (i, line) in text.lines().take(8).enumerate() {
            let kind = [
                None,
                Some(Kind::Person),
                Some(Kind::Company),
                Some(Kind::Vessel),
            ][i % 4];
            let cut = |n: usize| line.chars().take(n).collect::<String>();
            let q = Query {
                name: line.to_string(),
                kind,
                birth_date: (i % 3 == 0).then(|| cut(10)),
                country: (i % 5 == 0).then(|| cut(3)),
                identifier: (i % 7 == 0).then(|| cut(12)),
            };
            for m in index.screen(&q, 0.5, 5) {
                assert!(
                    m.score.is_finite() && (0.0..=1.0).contains(&m.score),
                    "{m:?}"
                );
            }
        }
        // Hostile sentences searched for listed names, as the monitors and the coder do
        // with news: every run of two to four words is screened, so the cost grows with
        // the sentence (a 2,000-word run takes seconds); a sentence's length here, in
        // one case of eight.
        if case.is_multiple_of(8) {
            let sentence: String = text.chars().take(240).collect();
            let _ = index.names_in_text(&sentence, 0.9);
            let _ = index.listed_captions(&sentence);
        }
    });
}

#[test]
fn matching_survives_hostile_records() {
    // FtM entity records as `vigil match` reads them, mutated, each matched against the
    // UN list.
    let seed = head("sanctions/yente-zala-entities.ftm.json", 32 * 1024);
    let index = un_index();
    hostile::each_case("match", &seed, move |b| {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("records.json");
        std::fs::write(&p, b).unwrap();
        if let Ok((records, _)) = vigil_sanctions::matching::read_ftm_records(&p) {
            for (_, e) in records.iter().take(16) {
                for m in index.match_entity(e, 0.5, 3) {
                    assert!(m.score.is_finite(), "{m:?}");
                }
            }
        }
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
