//! The PETRARCH 2 dictionaries in ../shared/data/petrarch2 are the test of the readers.

use std::path::PathBuf;

use vigil_coder::dict::{Dictionaries, Kind};

fn dict(name: &str) -> PathBuf {
    vigil_testdata::shared("petrarch2/dictionaries").join(name)
}

fn text(name: &str) -> String {
    std::fs::read_to_string(dict(name)).unwrap()
}

#[test]
fn every_petrarch2_dictionary_reads() {
    let mut names: Vec<_> = std::fs::read_dir(dict(""))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut kinds = Vec::new();
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        // newdict.txt is a verb dictionary with a name that does not say so.
        let kind = Kind::from_file_name(&name).or((name == "newdict.txt").then_some(Kind::Verbs));
        let Some(kind) = kind else { continue };
        let mut d = Dictionaries::default();
        d.add_file(&path, kind)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        kinds.push(kind);
    }
    let count = |k| kinds.iter().filter(|&&x| x == k).count();
    assert_eq!(
        (
            count(Kind::Verbs),
            count(Kind::Actors),
            count(Kind::Agents),
            count(Kind::Discards)
        ),
        (5, 4, 2, 2)
    );
}

#[test]
fn cameo_verbs_counted_independently() {
    let mut d = Dictionaries::default();
    d.add_file(&dict("CAMEO.2.0.txt"), Kind::Verbs).unwrap();
    let raw = text("CAMEO.2.0.txt");
    let lines: Vec<&str> = raw.lines().collect();
    let headers = lines.iter().filter(|l| l.starts_with("---")).count();
    let synsets = lines.iter().filter(|l| l.starts_with('&')).count();
    let patterns = lines
        .iter()
        .filter(|l| l.starts_with("- ") || (l.starts_with('-') && !l.starts_with("---")))
        .count();
    let transformations = lines.iter().filter(|l| l.starts_with('~')).count();
    assert_eq!(d.verbs.blocks.len(), headers);
    assert_eq!(d.verbs.synsets.len(), synsets);
    assert_eq!(d.verbs.pattern_count() + d.verbs.set_aside.len(), patterns);
    assert_eq!(d.verbs.transformations, transformations);
    assert!(d.verbs.set_aside.is_empty(), "{:?}", d.verbs.set_aside);
    // Forms: SPEED {SPEEDING SPEEDS SPED} under ACCELERATE.
    let sped = &d.verbs.forms["SPED"];
    assert!(
        sped.iter()
            .any(|f| d.verbs.blocks[f.block].name == "ACCELERATE")
    );
}

#[test]
fn defective_lines_are_set_aside_with_file_and_line() {
    let mut d = Dictionaries::default();
    d.add_file(&dict("CAMEO.verbpatterns.150430.txt"), Kind::Verbs)
        .unwrap();
    let lines: Vec<String> = d
        .set_aside()
        .iter()
        .map(|m| {
            m.split(": expected")
                .next()
                .unwrap()
                .rsplit(':')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(lines, ["5860", "8056", "8733"]);
    let mut d = Dictionaries::default();
    d.add_file(&dict("Phoenix.Countries.actors.txt"), Kind::Actors)
        .unwrap();
    let msgs = d.set_aside();
    assert!(
        msgs.iter()
            .any(|m| m.contains("Phoenix.Countries.actors.txt:2039: expected a date restriction"))
    );
    assert!(msgs.iter().any(|m| m.contains("FAEROYENE]")));
    assert!(msgs.len() < 20, "{msgs:#?}");
}

#[test]
fn validate_dictionaries_give_dated_codes() {
    let mut d = Dictionaries::default();
    for f in [
        "PETR.Validate.actors.txt",
        "PETR.Validate.agents.txt",
        "PETR.Validate.verbs.txt",
    ] {
        d.add_file(&dict(f), Kind::from_file_name(f).unwrap())
            .unwrap();
    }
    let day = |y, m, dd| vigil_model::date::days_from_ymd(y, m, dd);
    let (_, id) = d.actors.index.longest_at(&["SMEAGOL"], 0).unwrap();
    let e = &d.actors.entries[*id];
    assert_eq!(e.codes_on(day(1995, 1, 1)), ["HOB"]);
    assert_eq!(e.codes_on(day(1998, 1, 1)), ["HOBGOV"]);
    assert_eq!(e.codes_on(day(2001, 1, 1)), ["HOBREB"]);
    assert!(!d.agents.is_empty());
    assert!(d.verbs.forms.contains_key("RESTORED"));
}

#[test]
fn a_file_in_another_format_is_refused_with_the_first_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("mine.verbs.txt");
    std::fs::write(&p, "<Sentence id=\"1\">\nArnor met Gondor.\n</Sentence>\n").unwrap();
    let e = Dictionaries::from_dir(dir.path()).unwrap_err().to_string();
    assert!(
        e.contains("mine.verbs.txt:1: expected a synset (&NAME), a verb block"),
        "{e}"
    );
    std::fs::write(&p, b"--- MEET [031] ---\nMEET\n- * \xff [036]\n").unwrap();
    let e = Dictionaries::from_dir(dir.path()).unwrap_err().to_string();
    assert!(e.contains("mine.verbs.txt:3: the file is not UTF-8"), "{e}");
}
