//! Records of PETRARCH's Gigaword sample (real AFP sentences with Treebank parses, no gold
//! codings) coded with vigil's own dictionaries, where a reading is plain from the text.

use vigil_coder::dict::Dictionaries;
use vigil_coder::input::{self, Format};

/// The events of one record, as (source, target, code).
fn coded(id: &str) -> Vec<(String, String, String)> {
    let rel = "petrarch2/text/GigaWord.sample.PETR.xml";
    let xml = std::fs::read_to_string(vigil_testdata::shared(rel)).unwrap();
    let mut aside = Vec::new();
    let docs = input::read_str(rel, &xml, Format::PetrarchXml, None, &mut aside).unwrap();
    let doc = docs
        .iter()
        .find(|d| d.id == id)
        .expect("record in the sample");
    let coder = vigil_coder::Coder::new(Dictionaries::builtin());
    let parse = doc.parse.as_deref().expect("a Treebank parse");
    coder
        .code_parsed(&doc.text, parse, doc.date)
        .unwrap()
        .unwrap()
        .into_iter()
        .map(|e| (e.source.code, e.target.code, e.code))
        .collect()
}

/// "A Tunisian court has jailed a man for two years for helping young militants join an
/// armed Islamic group in Lebanon": the man (a Nigerian student, in the record's parse)
/// helps them; the court only jails him. The parse tags "helping" as a verb, which the
/// shallow pass, reading it as a noun after "for", never does.
#[test]
fn a_gerund_after_for_is_the_jailed_man_s_act() {
    let got = coded("AFP0808020824_1");
    assert!(
        got.iter()
            .any(|(s, t, c)| s == "TUNJUD" && t == "NGAEDU" && c == "173"),
        "{got:?}"
    );
    assert!(
        got.iter().any(|(s, _, c)| s == "NGAEDU" && c == "070"),
        "{got:?}"
    );
    assert!(
        !got.iter().any(|(s, _, c)| s == "TUNJUD" && c == "070"),
        "{got:?}"
    );
}
