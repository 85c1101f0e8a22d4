//! End-to-end: `vigil blocs` on the real GDELT sample and the demo sample.

mod common;

use std::collections::BTreeMap;

use common::*;

#[test]
fn the_strongest_cooperating_pair_in_the_raw_file_shares_a_bloc() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["ingest", gdelt1_sample().to_str().unwrap()]);
    // Independent: net cooperation per unordered pair of countries, from the raw rows.
    let text = std::fs::read_to_string(gdelt1_sample()).unwrap();
    let mut net: BTreeMap<(String, String), i64> = BTreeMap::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let (x, y, quad) = (f[7], f[17], f[29].parse::<i64>().unwrap());
        let known = |c: &str| vigil_model::countries::by_iso3(c).is_some();
        if x == y || !known(x) || !known(y) {
            continue;
        }
        let key = if x < y {
            (x.to_string(), y.to_string())
        } else {
            (y.to_string(), x.to_string())
        };
        *net.entry(key).or_default() += if quad <= 2 { 1 } else { -1 };
    }
    let ((a, b), w) = net
        .iter()
        .max_by_key(|(k, w)| (**w, std::cmp::Reverse((*k).clone())))
        .unwrap();
    assert!(
        *w >= 3,
        "the sample has a pair with heavy mutual cooperation"
    );
    let doc = json(dir.path(), &["blocs", "--format", "json"]);
    let bloc_of = |c: &str| {
        doc["blocs"]
            .as_array()
            .unwrap()
            .iter()
            .position(|bl| bl["members"].as_array().unwrap().iter().any(|m| m == c))
    };
    assert!(bloc_of(a).is_some());
    assert_eq!(
        bloc_of(a),
        bloc_of(b),
        "{a} and {b} (net cooperation {w}) land in one bloc"
    );
    let q = doc["modularity"].as_f64().unwrap();
    assert!(q > 0.0 && q <= 1.0, "modularity {q}");
}

#[test]
fn compare_reports_the_strengthened_north_korea_russia_tie() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("demo");
    ok(dir.path(), &["demo", "--dir", store.to_str().unwrap()]);
    let doc = json(
        &store,
        &[
            "blocs",
            "--from",
            "2022-01-01",
            "--to",
            "2022-12-31",
            "--compare",
            "2024-01-01..2024-12-31",
            "--format",
            "json",
        ],
    );
    let top = &doc["compare"]["strengthened"][0];
    assert_eq!(
        (top["a"].as_str(), top["b"].as_str()),
        (Some("PRK"), Some("RUS"))
    );
    assert!(top["change"].as_f64().unwrap() > 10.0);
    let bad = vigil(&store, &["blocs", "--compare", "2024-01-01"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("FROM..TO"));
}

#[test]
fn charts_are_written_as_svg() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("demo");
    ok(dir.path(), &["demo", "--dir", store.to_str().unwrap()]);
    let dyad_svg = dir.path().join("dyad.svg");
    ok(
        &store,
        &["dyad", "PRK", "RUS", "--chart", dyad_svg.to_str().unwrap()],
    );
    let svg = std::fs::read_to_string(&dyad_svg).unwrap();
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    assert_eq!(svg.matches("<polyline").count(), 2, "one line per index");
    assert!(
        svg.contains("stroke-dasharray=\"6 4\""),
        "change points are marked"
    );
    assert!(
        svg.contains("opacity=\"0.25\""),
        "anomalous periods are shaded"
    );
    let blocs_svg = dir.path().join("blocs.svg");
    ok(&store, &["blocs", "--chart", blocs_svg.to_str().unwrap()]);
    let svg = std::fs::read_to_string(&blocs_svg).unwrap();
    assert!(svg.contains(">PRK</text>") && svg.contains(">RUS</text>"));
    assert!(svg.matches("<circle").count() >= 5);
}
