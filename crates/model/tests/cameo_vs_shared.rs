//! The CAMEO taxonomy checked against the GDELT lookup table and real GDELT rows in
//! `../shared/data/gdelt`.

use std::collections::BTreeMap;

use vigil_model::cameo;
use vigil_testdata::shared;

/// Entries of the shared `cameo-codes.json` (a third-party transcription) that disagree
/// with the CAMEO 1.1b3 codebook, each for a reason the codebook or real GDELT rows show:
/// * 016: the JSON names it "Make empathetic comment" (3.4); the codebook's 016 is "Deny
///   responsibility", and real GDELT rows give 016 the weight −2.0 (asserted below).
/// * 124: the JSON names it "Reject proposal to meet" (−5.0); the codebook's 124 is "Refuse
///   to yield" with leaves 1241–1246, and real rows give 1246 the weight −4.0.
/// * 163, 166, 1641–1643: the JSON's 16x block is shifted ("Halt negotiations" under 163,
///   sanctions under 166, expulsions under 164x); real rows give 163 −8.0 and 164 −7.0,
///   the codebook's values for sanctions and halting negotiations.
/// * 0357, 1213: not in the codebook (035 has six leaves, 121 has two).
const JSON_ERRATA: &[&str] = &[
    "016", "124", "163", "166", "1641", "1642", "1643", "0357", "1213",
];

#[test]
fn every_code_in_the_gdelt_lookup_is_known_with_its_goldstein_value() {
    let text = std::fs::read_to_string(shared("gdelt/cameo-codes.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let gold = json["GoldsteinScale"].as_object().unwrap();
    let mut mismatches = Vec::new();
    for (code, value) in gold {
        if JSON_ERRATA.contains(&code.as_str()) {
            continue;
        }
        let value: f32 = value.as_str().unwrap().trim().parse().unwrap();
        match cameo::event(code) {
            None => mismatches.push(format!("{code}: unknown to vigil")),
            Some(e) if (e.goldstein - value).abs() > 1e-6 => {
                mismatches.push(format!("{code}: vigil {} vs lookup {value}", e.goldstein))
            }
            Some(_) => {}
        }
    }
    assert!(gold.len() >= 250);
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn real_gdelt_rows_agree_on_goldstein_root_and_quad_class() {
    let text = std::fs::read_to_string(shared("gdelt/gdelt1-events-20160728-sample.tsv")).unwrap();
    let mut seen: BTreeMap<String, (f32, u8, i32)> = BTreeMap::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let (code, root, quad, gold) = (f[26], f[28], f[29], f[30]);
        seen.insert(
            code.to_string(),
            (
                gold.parse().unwrap(),
                root.parse().unwrap(),
                quad.parse().unwrap(),
            ),
        );
    }
    assert!(seen.len() > 80, "{} distinct codes", seen.len());
    for (code, (gold, root, quad)) in &seen {
        let e = cameo::event(code).unwrap_or_else(|| panic!("GDELT code {code} unknown"));
        assert_eq!(e.goldstein, *gold, "Goldstein of {code}");
        assert_eq!(e.root, *root, "root of {code}");
        assert_eq!(e.quad.number(), *quad, "quad class of {code}");
    }
    // The errata above are real: GDELT itself gives 163 the sanctions weight.
    assert_eq!(seen["163"].0, -8.0);
    assert_eq!(seen["164"].0, -7.0);
    assert_eq!(seen["016"].0, -2.0);
    assert_eq!(seen["1246"].0, -4.0);
}

#[test]
fn country_codes_in_real_gdelt_rows_are_known() {
    let text = std::fs::read_to_string(shared("gdelt/gdelt1-events-20160728-sample.tsv")).unwrap();
    for (n, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        for &i in &[7, 17] {
            if !f[i].is_empty() {
                assert!(
                    vigil_model::countries::canonical_from_cameo(f[i]).is_some(),
                    "line {}: CAMEO country {} unknown",
                    n + 1,
                    f[i]
                );
            }
        }
        for &i in &[37, 44, 51] {
            if !f[i].is_empty() {
                assert!(
                    vigil_model::countries::by_fips(f[i]).is_some(),
                    "line {}: FIPS {} unknown",
                    n + 1,
                    f[i]
                );
            }
        }
    }
}
