//! The real official lists in `../shared/data/sanctions` (OFAC's SDN list as CSV of 2024,
//! OFAC's consolidated non-SDN list as XML of 2018, the UN Security Council consolidated
//! list of 2018), loaded with counts by type checked against an independent count of each
//! file; and the project's small OFAC CSV set with its address, alias and comment files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use vigil_sanctions::entity::Record;
use vigil_sanctions::lists::{self, Format};

fn shared(name: &str) -> PathBuf {
    vigil_testdata::shared(&format!("sanctions/{name}"))
}

/// SDN_Type of every row of an OFAC CSV, counted with the csv crate's own quoting rules
/// (not vigil's reader): empty (`-0-`) is an entity.
fn csv_types(path: &Path) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .unwrap();
    for rec in rdr.byte_records() {
        let rec = rec.unwrap();
        if rec.len() < 3 {
            continue; // the 0x1A trailer
        }
        let t = String::from_utf8_lossy(&rec[2]).trim().to_string();
        let schema = match t.as_str() {
            "individual" => "Person",
            "vessel" => "Vessel",
            "aircraft" => "Airplane",
            _ => "Organization",
        };
        *out.entry(schema.to_string()).or_default() += 1;
    }
    out
}

#[test]
fn ofac_sdn_csv_of_2024_loads_every_entry() {
    let dir = tempfile::tempdir().unwrap();
    let path = shared("ofac-sdn-20240503.csv");
    assert_eq!(lists::detect(&path).unwrap(), Format::OfacCsv);
    let r = lists::load(dir.path(), &path, None, None).unwrap();
    assert_eq!(r.input.format, Format::OfacCsv);
    assert_eq!(r.input.dataset, "us_ofac_sdn");
    let mut entities = r.input.by_schema.clone();
    let links = entities.remove("UnknownLink").unwrap_or(0);
    let want = csv_types(&path);
    assert_eq!(entities, want);
    // As the shared folder's PROVENANCE counts them.
    assert_eq!(want["Person"], 6854);
    assert_eq!(want["Vessel"], 851);
    assert_eq!(want["Airplane"], 376);
    assert_eq!(want["Organization"], 6884);
    // "Linked To:" remarks became links (a few name entries not on the list are set aside).
    assert!(links > 1000, "{links} links");
    assert!(
        r.rejects.iter().all(|j| j.reason.contains("Linked To")),
        "{:?}",
        r.rejects
    );
    assert!(r.input.programs.contains("DPRK3"));
    assert!(r.input.programs.contains("SDGT"));
    assert!(r.input.published.is_none());
    // Screening finds an entry by an alias from its remarks.
    let ix = lists::open_index(dir.path()).unwrap();
    let q = vigil_sanctions::index::Query {
        name: "Banco Nacional de Cuba".into(),
        ..Default::default()
    };
    let hits = ix.screen(&q, 0.9, 5);
    assert!(hits.iter().any(|h| h.entity_id == "ofac-306"), "{hits:?}");
}

#[test]
fn ofac_non_sdn_xml_of_2018_is_never_called_sdn() {
    let dir = tempfile::tempdir().unwrap();
    let path = shared("ofac-consolidated-nonsdn-20180406.xml");
    let r = lists::load(dir.path(), &path, None, None).unwrap();
    assert_eq!(r.input.format, Format::Ofac);
    assert_eq!(r.input.dataset, "us_ofac_cons");
    assert_eq!(r.input.published.as_deref(), Some("04/06/2018"));
    let text = std::fs::read_to_string(&path).unwrap();
    let count = |t: &str| text.matches(&format!("<sdnType>{t}</sdnType>")).count() as u64;
    let by = &r.input.by_schema;
    assert_eq!(by["Organization"], count("Entity"));
    assert_eq!(by["Person"], count("Individual"));
    assert_eq!(by["Vessel"], count("Vessel"));
    assert_eq!(
        by.values().sum::<u64>(),
        text.matches("<sdnEntry>").count() as u64
    );
    assert!(r.input.programs.contains("UKRAINE-EO13662"));
    for rec in lists::records(dir.path()).unwrap() {
        if let Record::Entity(e) = rec {
            assert_eq!(e.dataset, "us_ofac_cons", "{}", e.id);
        }
    }
}

#[test]
fn un_consolidated_list_of_2018_loads_with_its_date() {
    let dir = tempfile::tempdir().unwrap();
    let path = shared("un-sc-consolidated-20181029.xml");
    let r = lists::load(dir.path(), &path, None, None).unwrap();
    assert_eq!(r.input.format, Format::Un);
    assert_eq!(r.input.dataset, "un_sc_sanctions");
    assert_eq!(
        r.input.published.as_deref(),
        Some("2018-10-29T19:09:49.856-04:00")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let people = text.matches("<INDIVIDUAL>").count() as u64;
    let bodies = text.matches("<ENTITY>").count() as u64;
    assert_eq!((people, bodies), (703, 390));
    assert_eq!(r.input.by_schema["Person"], people);
    assert_eq!(r.input.by_schema["Organization"], bodies);
    assert!(
        r.input.programs.iter().any(|p| p.contains("DPRK")),
        "{:?}",
        r.input.programs
    );
}

#[test]
fn ofac_csv_set_reads_addresses_aliases_and_comments_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ofac-csv/sdn.csv");
    let r = lists::load(dir.path(), &path, None, None).unwrap();
    assert_eq!(r.input.format, Format::OfacCsv);
    assert_eq!(r.input.by_schema["Organization"], 3);
    assert_eq!(r.input.by_schema["Person"], 1);
    assert_eq!(r.input.by_schema["Vessel"], 1);
    assert_eq!(r.input.by_schema["UnknownLink"], 2);
    assert_eq!(r.rejects.len(), 1);
    assert_eq!(
        (r.rejects[0].line, r.rejects[0].field.as_str()),
        (5, "Remarks")
    );
    let recs = lists::records(dir.path()).unwrap();
    let entity = |id: &str| {
        recs.iter()
            .find_map(|r| match r {
                Record::Entity(e) if e.id == id => Some(e.clone()),
                _ => None,
            })
            .unwrap()
    };
    let koryo = entity("ofac-90001");
    assert_eq!(koryo.programs, ["DPRK3", "DPRK4"]);
    assert_eq!(koryo.addresses, ["Sungri Street, Pyongyang, Korea, North"]);
    assert_eq!(koryo.countries, ["PRK"]);
    assert_eq!(koryo.identifiers[0].value, "12345");
    let komid = entity("ofac-90002");
    assert!(komid.names.contains(&"KOMID".to_string()));
    assert!(komid.names.contains(&"KOMID TRADING".to_string()));
    // The alias cut at the main file's field length and continued in sdn_comments.csv.
    assert!(
        komid
            .names
            .contains(&"CHANGGWANG SINYONG CORPORATION".to_string()),
        "{:?}",
        komid.names
    );
    assert_eq!(komid.identifiers[0].kind, "cryptoWallet");
    let kim = entity("ofac-90003");
    assert_eq!(kim.caption, "Chol Su KIM");
    assert!(kim.names.contains(&"Cholsu KIM".to_string()));
    assert_eq!(kim.birth_dates, ["1970-04-05"]);
    assert_eq!(kim.birth_places, ["Pyongyang, Korea, North"]);
    assert_eq!(kim.countries, ["PRK", "RUS"]);
    let ship = entity("ofac-90004");
    assert_eq!(ship.schema, "Vessel");
    assert!(
        ship.identifiers
            .iter()
            .any(|i| i.kind == "imoNumber" && i.value == "8660313")
    );
    assert!(
        ship.identifiers
            .iter()
            .any(|i| i.kind == "callSign" && i.value == "HMFK")
    );
    assert_eq!(ship.programs, ["DPRK2"]);
    let links: Vec<(String, String)> = recs
        .iter()
        .filter_map(|r| match r {
            Record::Link(l) => Some((l.from.clone(), l.to.clone())),
            _ => None,
        })
        .collect();
    assert!(links.contains(&("ofac-90001".into(), "ofac-90002".into())));
    assert!(links.contains(&("ofac-90003".into(), "ofac-90001".into())));
}
