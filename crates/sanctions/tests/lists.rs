//! Loading the shared FollowTheMoney files and the project's UN and OFAC fixtures: counts
//! against an independent count of the records, rejects with their lines, repeatability.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use vigil_sanctions::index::Query;
use vigil_sanctions::lists::{self, Format};

fn shared(name: &str) -> PathBuf {
    vigil_testdata::shared(&format!("sanctions/{name}"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Records by schema, counted straight from the JSON lines (deltas by their entity).
fn count_by_schema(path: &Path) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let e = v.get("entity").unwrap_or(&v);
        *out.entry(e["schema"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    out
}

#[test]
fn shared_ftm_files_load_with_the_counts_of_their_records() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "yente-t1-entities.ftm.json",
        "yente-parteispenden-entities.ftm.json",
        "yente-t2-20240527194702-wnk-entities.delta.json",
        "nomenklatura-donations.ijson",
    ] {
        let path = shared(name);
        let r = lists::load(dir.path(), &path, None, None).unwrap();
        assert_eq!(r.input.format, Format::Ftm);
        assert!(!r.already_loaded);
        assert_eq!(r.input.rejected, 0, "{name}: {:?}", r.rejects);
        let mut want = count_by_schema(&path);
        // A Payment with several payers or beneficiaries is one link per pair.
        let got: BTreeMap<String, u64> = r.input.by_schema.clone();
        if let (Some(w), Some(g)) = (want.get("Payment"), got.get("Payment")) {
            assert!(g >= w);
            want.insert("Payment".into(), *g);
        }
        assert_eq!(got, want, "{name}");
        // Loading the same bytes again changes nothing.
        let again = lists::load(dir.path(), &path, None, None).unwrap();
        assert!(again.already_loaded);
    }
    assert_eq!(lists::catalog(dir.path()).unwrap().inputs.len(), 4);
    let ix = lists::open_index(dir.path()).unwrap();
    // Payments link payers to beneficiaries that exist.
    assert!(
        ix.links
            .iter()
            .any(|l| l.schema == "Payment" && ix.get(&l.from).is_some() && ix.get(&l.to).is_some())
    );
    // Multilingual names of a listed company: the Russian form finds it.
    let m = ix.screen(
        &Query {
            name: "ООО Интер Тобако".into(),
            ..Default::default()
        },
        0.8,
        3,
    );
    assert_eq!(m[0].caption, "RAB „Inter Tobacco“", "{m:?}");
}

#[test]
fn un_and_ofac_lists_load_and_set_aside_bad_records_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let un = lists::load(
        dir.path(),
        &fixture("un-consolidated-sample.xml"),
        None,
        None,
    )
    .unwrap();
    assert_eq!(un.input.format, Format::Un);
    assert_eq!(un.input.by_schema["Person"], 2);
    assert_eq!(un.input.by_schema["Organization"], 2);
    assert_eq!(un.input.rejected, 1);
    assert_eq!(un.rejects[0].field, "DATAID");
    let text = std::fs::read_to_string(fixture("un-consolidated-sample.xml")).unwrap();
    // The third <INDIVIDUAL> is the bad one.
    let want_line = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "<INDIVIDUAL>")
        .nth(2)
        .unwrap()
        .0 as u64
        + 1;
    assert_eq!(un.rejects[0].line, want_line);

    let ofac = lists::load(dir.path(), &fixture("ofac-sdn-sample.xml"), None, None).unwrap();
    assert_eq!(ofac.input.format, Format::Ofac);
    assert_eq!(ofac.input.records, 4);
    assert_eq!(ofac.input.by_schema["Vessel"], 1);
    assert_eq!(ofac.rejects[0].field, "uid");

    let ix = lists::open_index(dir.path()).unwrap();
    let kim = ix.get("ofac-90001").unwrap();
    assert_eq!(kim.birth_dates, ["1984-01-08"]);
    assert_eq!(kim.countries, ["PRK"]);
    assert_eq!(kim.weak_names, ["Jong-un KIM"]);
    let choe = ix.get("un-900001").unwrap();
    assert!(choe.names.contains(&"최춘식".to_string()));
    assert_eq!(choe.programs, ["DPRK", "KPi.002"]);
    // A vessel by its IMO number and a spelling of its name.
    let m = ix.screen(
        &Query {
            name: "Chon Myong".into(),
            identifier: Some("8712362".into()),
            ..Default::default()
        },
        0.8,
        3,
    );
    assert_eq!(m[0].entity_id, "ofac-90003");
    // The Hangul original script finds the UN listing.
    let m = ix.screen(
        &Query {
            name: "Choe Chun-sik".into(),
            ..Default::default()
        },
        0.8,
        3,
    );
    assert_eq!(m[0].entity_id, "un-900001");
}

#[test]
fn malformed_lines_are_reported_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.ftm.json");
    std::fs::write(
        &path,
        "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Ivan Petrov\"]}}\n\
         {\"id\":\"b\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Broken\n\
         {\"schema\":\"Person\",\"properties\":{}}\n\
         {\"id\":\"c\",\"schema\":\"Company\",\"properties\":{\"name\":[\"Good Co\"]}}\n",
    )
    .unwrap();
    let r = lists::load(dir.path(), &path, None, None).unwrap();
    assert_eq!(r.input.records, 2);
    assert_eq!(r.input.rejected, 2);
    assert_eq!(
        (r.rejects[0].line, r.rejects[0].field.as_str()),
        (2, "json")
    );
    assert_eq!((r.rejects[1].line, r.rejects[1].field.as_str()), (3, "id"));

    let xml = dir.path().join("broken.xml");
    std::fs::write(
        &xml,
        "<sdnList><sdnEntry><uid>1</uid><lastName>X</lastName>",
    )
    .unwrap();
    let before = lists::catalog(dir.path()).unwrap();
    let err = lists::load(dir.path(), &xml, None, None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("broken.xml:1:"), "{err}");
    let bad = dir.path().join("mismatched.xml");
    std::fs::write(
        &bad,
        "<sdnList>\n<sdnEntry><uid>1</uid>\n<lastName>X</firstName>\n</sdnEntry></sdnList>\n",
    )
    .unwrap();
    let err = lists::load(dir.path(), &bad, None, None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("mismatched.xml:3:"), "{err}");
    assert_eq!(
        lists::catalog(dir.path()).unwrap(),
        before,
        "nothing half-loaded"
    );
}

#[test]
fn every_spelling_of_putin_finds_him_first_and_common_names_stay_below() {
    let dir = tempfile::tempdir().unwrap();
    for p in [
        shared("yente-t1-entities.ftm.json"),
        shared("yente-parteispenden-entities.ftm.json"),
        fixture("ofac-sdn-sample.xml"),
        fixture("un-consolidated-sample.xml"),
    ] {
        lists::load(dir.path(), &p, None, None).unwrap();
    }
    // Near-namesakes listed beside him: a one-letter change of surname, and a similar
    // given name and surname. Every spelling must still find him first.
    let namesakes = dir.path().join("namesakes.ftm.json");
    std::fs::write(
        &namesakes,
        concat!(
            r#"{"id": "ns-pustin", "schema": "Person", "properties": {"name": ["Vladimir Pustin"]}}"#,
            "\n",
            r#"{"id": "ns-putilin", "schema": "Person", "properties": {"name": ["Vladislav Putilin"]}}"#,
            "\n",
            r#"{"id": "ns-putilov", "schema": "Person", "properties": {"name": ["Vladimir Vladimirovich Putilov"]}}"#,
            "\n"
        ),
    )
    .unwrap();
    lists::load(dir.path(), &namesakes, None, None).unwrap();
    let ix = lists::open_index(dir.path()).unwrap();
    let names = std::fs::read_to_string(shared("putin_names.txt")).unwrap();
    let mut n = 0;
    for name in names.lines().filter(|l| !l.trim().is_empty()) {
        let m = ix.screen(
            &Query {
                name: name.into(),
                ..Default::default()
            },
            0.8,
            3,
        );
        assert!(!m.is_empty(), "{name}: no match");
        assert_eq!(m[0].entity_id, "ofac-90002", "{name}: {m:?}");
        n += 1;
    }
    assert!(n >= 80, "{n} spellings");
    for name in [
        "John Smith",
        "Vladimir Ivanov",
        "Vladimir Petrov",
        "Kim Min-jun",
        "Park Ji-sung",
        "Maria Schmidt",
        "Tatiana Ivanova",
        "Inter Cars",
        "Korea Electric Power Corporation",
    ] {
        let m = ix.screen(
            &Query {
                name: name.into(),
                ..Default::default()
            },
            0.8,
            3,
        );
        assert!(m.is_empty(), "{name} matched {m:?}");
    }
}

#[test]
fn labelled_korean_and_russian_pairs_score_on_the_right_side() {
    let (_, pairs) = vigil_sanctions::eval::read_pairs(&fixture("name-pairs.csv")).unwrap();
    assert!(pairs.len() >= 45);
    let e = vigil_sanctions::eval::evaluate(&pairs, 0.8);
    assert!(e.f1.unwrap() >= 0.9, "{e:#?}");
    // Recomputed from the pairs themselves.
    let tp = pairs
        .iter()
        .filter(|p| p.is_match && p.score >= 0.8)
        .count() as f64;
    let pos = pairs.iter().filter(|p| p.is_match).count() as f64;
    assert_eq!(e.recall, Some(tp / pos));
}

#[test]
fn listing_dates_come_from_each_list_as_it_gives_them() {
    let dir = tempfile::tempdir().unwrap();
    for f in [
        shared("yente-zala-entities.ftm.json"),
        shared("yente-t1-entities.ftm.json"),
        fixture("un-consolidated-sample.xml"),
    ] {
        lists::load(dir.path(), &f, None, None).unwrap();
    }
    let ix = lists::open_index(dir.path()).unwrap();
    // FtM: the earliest date the Sanction records naming the entity give (each its
    // listingDate, else its startDate), read independently from the file.
    let zala = std::fs::read_to_string(shared("yente-zala-entities.ftm.json")).unwrap();
    let mut earliest: BTreeMap<String, String> = BTreeMap::new();
    for v in zala
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
    {
        if v["schema"] != "Sanction" {
            continue;
        }
        let day = |k: &str| -> Vec<String> {
            v["properties"][k]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|d| d.as_str().map(|s| s[..10].to_string()))
                .collect()
        };
        let listing = day("listingDate");
        let dates = if listing.is_empty() {
            day("startDate")
        } else {
            listing
        };
        let dates: Vec<String> = dates.into_iter().min().into_iter().collect();
        for e in v["properties"]["entity"].as_array().into_iter().flatten() {
            let e = e.as_str().unwrap().to_string();
            for d in &dates {
                let slot = earliest.entry(e.clone()).or_insert_with(|| d.clone());
                if d < slot {
                    *slot = d.clone();
                }
            }
        }
    }
    let checked: Vec<_> = earliest
        .iter()
        .filter(|(id, _)| ix.get(id).is_some())
        .collect();
    assert!(checked.len() >= 2, "{checked:?}");
    for (id, day) in checked {
        assert_eq!(ix.get(id).unwrap().listed_on.as_ref(), Some(day), "{id}");
    }
    // FtM without any listing date: the day it was first seen.
    let t1: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(shared("yente-t1-entities.ftm.json"))
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let first_seen = t1["first_seen"].as_str().map(|s| s[..10].to_string());
    assert_eq!(
        ix.get(t1["id"].as_str().unwrap()).unwrap().listed_on,
        first_seen
    );
    // UN: LISTED_ON.
    let un = ix
        .entities
        .iter()
        .find(|e| e.id.starts_with("un-") && e.schema == "Person")
        .unwrap();
    assert_eq!(un.listed_on.as_deref(), Some("2013-01-22"));
}

#[test]
fn an_entry_new_in_a_later_issue_of_a_list_without_dates_is_dated_by_that_issue() {
    let dir = tempfile::tempdir().unwrap();
    let full = std::fs::read_to_string(fixture("ofac-sdn-sample.xml")).unwrap();
    assert!(full.contains("<Publish_Date>05/01/2024</Publish_Date>"));
    // The April issue: the same list without its first entry.
    let last = full.find("<sdnEntry>").unwrap();
    let end = full[last..].find("</sdnEntry>").unwrap() + last + "</sdnEntry>".len();
    let uid_start = full[last..].find("<uid>").unwrap() + last + 5;
    let uid = &full[uid_start..full[uid_start..].find("</uid>").unwrap() + uid_start];
    let april = format!("{}{}", &full[..last], &full[end..]).replace("05/01/2024", "04/01/2024");
    let april_path = dir.path().join("sdn-april.xml");
    std::fs::write(&april_path, april).unwrap();
    let data = dir.path().join("data");
    lists::load(&data, &april_path, None, None).unwrap();
    lists::load(&data, &fixture("ofac-sdn-sample.xml"), None, None).unwrap();
    let ix = lists::open_index(&data).unwrap();
    let dated: Vec<(&str, Option<&str>)> = ix
        .entities
        .iter()
        .filter(|e| e.id.starts_with("ofac-"))
        .map(|e| (e.id.as_str(), e.listed_on.as_deref()))
        .collect();
    assert!(dated.len() >= 3, "{dated:?}");
    for (id, day) in dated {
        if id == format!("ofac-{uid}") {
            assert_eq!(day, Some("2024-05-01"), "new in the May issue");
        } else {
            assert_eq!(
                day, None,
                "{id} was in the earliest issue loaded: its day is unknown"
            );
        }
    }
}
