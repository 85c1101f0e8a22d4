//! vigil's CAMEO→PLOVER table checked code by code against the conversion the PLOVER
//! project publishes (`../shared/data/cameo-dictionaries/plover/CAMEO2PLOVER-2021.txt`,
//! CC BY-SA 4.0, Open Event Data Alliance). Every disagreement on the event type must be
//! one of the documented [`vigil_model::plover::DIFFERENCES`].

use std::collections::BTreeMap;

use vigil_model::{cameo, plover};
use vigil_testdata::shared;

/// `CODE: TYPE, mode, context # description` lines of the published table.
fn published() -> BTreeMap<String, (String, String)> {
    let path = shared("cameo-dictionaries/plover/CAMEO2PLOVER-2021.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let body = line.split('#').next().unwrap_or("");
        let Some((code, rest)) = body.split_once(':') else {
            continue;
        };
        let code = code.trim();
        if code.len() < 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
            continue; // root headings ("03: AGREE") and the trailer
        }
        let mut fields = rest.split(',').map(str::trim);
        let t = fields.next().unwrap_or("").to_string();
        let mode = fields.next().unwrap_or("").to_string();
        out.insert(code.to_string(), (t, mode));
    }
    out
}

#[test]
fn types_agree_with_the_published_conversion_but_for_documented_differences() {
    let table = published();
    assert!(table.len() > 250, "read {} rows", table.len());
    let (mut compared, mut agreed) = (0, 0);
    let mut undocumented = Vec::new();
    for (code, (t, _)) in &table {
        if cameo::event(code).is_none() {
            continue; // codes outside CAMEO 1.1b3
        }
        compared += 1;
        let ours = plover::from_cameo(code)
            .map(|p| p.event_type.name())
            .unwrap_or("-");
        if ours == t {
            agreed += 1;
        } else if !plover::DIFFERENCES
            .iter()
            .any(|(c, v, p, _)| c == code && *v == ours && p == t)
        {
            undocumented.push(format!("{code}: vigil {ours}, published {t}"));
        }
    }
    assert!(undocumented.is_empty(), "undocumented: {undocumented:#?}");
    assert!(
        agreed * 100 >= compared * 98,
        "{agreed} of {compared} agree"
    );
    eprintln!("PLOVER types: {agreed} of {compared} CAMEO codes agree with the published table");
}

#[test]
fn modes_mostly_agree_where_both_name_one() {
    let (mut both, mut same) = (0, 0);
    for (code, (_, mode)) in published() {
        let Some(p) = plover::from_cameo(&code) else {
            continue;
        };
        if let (Some(ours), false) = (p.mode, mode.is_empty()) {
            both += 1;
            same += usize::from(ours == mode);
        }
    }
    assert!(both > 100);
    assert!(same * 100 >= both * 85, "{same} of {both} modes agree");
}
