//! The PETRARCH record and dictionary readers on arbitrary and mutated bytes (fixed seeds,
//! at most 256 cases each, inputs up to 64 KiB): no panic, no hang; a clear error or
//! records set aside.

use vigil_coder::dict::{Dictionaries, Kind};
use vigil_coder::input::{self, Format};
use vigil_testdata::hostile;

fn head(rel: &str, n: usize) -> Vec<u8> {
    let b = std::fs::read(vigil_testdata::shared(rel)).unwrap();
    b[..b.len().min(n)].to_vec()
}

#[test]
fn petrarch_xml_reader_survives_hostile_bytes() {
    let mut seed = head("coder-dev/udpetrarch-validate-records-2_02.xml", 24 * 1024);
    seed.extend(head("petrarch2/text/PETR.UnitTest.records.xml", 24 * 1024));
    hostile::each_case("petrarch-xml", &seed, |b| {
        let text = String::from_utf8_lossy(&b).into_owned();
        let mut aside = Vec::new();
        if let Ok(docs) =
            input::read_str("hostile.xml", &text, Format::PetrarchXml, None, &mut aside)
        {
            // What is read can be coded.
            let coder = vigil_coder::Coder::new(Dictionaries::builtin());
            for d in docs.iter().take(5) {
                match &d.parse {
                    Some(p) => {
                        let _ = coder.code_parsed(&d.text, p, d.date);
                    }
                    None => {
                        let _ = coder.code_text(&d.text, d.date);
                    }
                }
            }
        }
    });
}

#[test]
fn dictionary_readers_survive_hostile_bytes() {
    for (name, rel, kind) in [
        (
            "verbs",
            "petrarch2/dictionaries/PETR.Validate.verbs.txt",
            Kind::Verbs,
        ),
        (
            "actors",
            "petrarch2/dictionaries/PETR.Validate.actors.txt",
            Kind::Actors,
        ),
        (
            "agents",
            "petrarch2/dictionaries/PETR.Validate.agents.txt",
            Kind::Agents,
        ),
        (
            "discards",
            "petrarch2/dictionaries/PETR.Validate.discards.txt",
            Kind::Discards,
        ),
    ] {
        let seed = head(rel, 32 * 1024);
        hostile::each_case(name, &seed, move |b| {
            let dir = tempfile::tempdir().unwrap();
            let p = dir.path().join("d.txt");
            std::fs::write(&p, b).unwrap();
            let mut d = Dictionaries::default();
            let _ = d.add_file(&p, kind);
        });
    }
}
