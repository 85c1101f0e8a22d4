//! End-to-end: `vigil dyad` on the real GDELT sample against counts taken straight from the
//! raw file.

mod common;

use std::collections::BTreeMap;

use common::*;

#[test]
fn dyad_counts_match_the_raw_file_and_quads_sum_to_events() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["ingest", gdelt1_sample().to_str().unwrap()]);
    let text = std::fs::read_to_string(gdelt1_sample()).unwrap();
    for (a, b) in [("USA", "RUS"), ("USA", "CHN"), ("ISR", "PSE")] {
        // Independent count: month → (a→b, b→a, events by quad class, events involving a or b).
        let mut raw: BTreeMap<String, (u64, u64, [u64; 4], u64)> = BTreeMap::new();
        for line in text.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            let (x, y, month, quad) = (
                f[7],
                f[17],
                format!("{}-{}-01", &f[1][..4], &f[1][4..6]),
                f[29],
            );
            let e = raw.entry(month).or_default();
            if [x, y].contains(&a) || [x, y].contains(&b) {
                e.3 += 1;
            }
            let q: usize = quad.parse::<usize>().unwrap() - 1;
            if (x, y) == (a, b) {
                e.0 += 1;
                e.2[q] += 1;
            } else if (x, y) == (b, a) {
                e.1 += 1;
                e.2[q] += 1;
            }
        }
        let doc = json(
            dir.path(),
            &[
                "dyad",
                a,
                b,
                "--from",
                "2016-06-01",
                "--to",
                "2016-07-31",
                "--format",
                "json",
            ],
        );
        assert!(doc["change_points"]["cooperation_index"].is_array());
        let points = doc["points"].as_array().unwrap();
        assert_eq!(
            points.len(),
            2,
            "June and July, the empty month as a zero row"
        );
        for p in points {
            let month = p["period"].as_str().unwrap();
            let (ab, ba, quads, volume) = raw.get(month).cloned().unwrap_or_default();
            assert_eq!(p["a_to_b"], ab, "{a}->{b} {month}");
            assert_eq!(p["b_to_a"], ba, "{b}->{a} {month}");
            let sum: u64 = [
                "verbal_cooperation",
                "material_cooperation",
                "verbal_conflict",
                "material_conflict",
            ]
            .iter()
            .map(|k| p[*k].as_u64().unwrap())
            .sum();
            assert_eq!(sum, ab + ba);
            assert_eq!(p["events"], ab + ba);
            assert_eq!(p["verbal_conflict"], quads[2]);
            assert_eq!(p["volume_either"], volume);
            let coop = 1000.0 * (quads[0] + quads[1]) as f64 / volume.max(1) as f64;
            assert!(
                (p["cooperation_index"].as_f64().unwrap() - if volume == 0 { 0.0 } else { coop })
                    .abs()
                    < 1e-9
            );
        }
        assert!(
            points.iter().any(|p| p["events"].as_u64().unwrap() > 0),
            "{a}-{b} has events in July 2016"
        );
    }
}

#[test]
fn dyad_rejects_bad_arguments_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let out = vigil(dir.path(), &["dyad", "USA", "RUSSIA"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not an ISO 3166-1 alpha-3 country code")
    );
    // A code of three letters that names no country is refused too, not answered "no events".
    let out = vigil(dir.path(), &["dyad", "PRK", "XXX"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("\"XXX\" is not an ISO 3166-1 alpha-3"),
        "{err}"
    );
    let out = vigil(dir.path(), &["dyad", "USA", "RUS"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no events between USA and RUS"));
}

#[test]
fn anomalies_come_with_the_events_that_drove_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("demo");
    ok(dir.path(), &["demo", "--dir", store.to_str().unwrap()]);
    let doc = json(&store, &["dyad", "PRK", "RUS", "--format", "json"]);
    let anomalies = doc["anomalies"].as_array().unwrap();
    let periods: Vec<&str> = anomalies
        .iter()
        .map(|a| a["period"].as_str().unwrap())
        .collect();
    // The September 2023 summit in Russia stands out against the quiet months before it.
    assert!(periods.contains(&"2023-09-01"), "{periods:?}");
    for a in anomalies {
        let period = a["period"].as_str().unwrap();
        let top = a["top_events"].as_array().unwrap();
        assert!(!top.is_empty() && top.len() <= 3);
        for e in top {
            let date = e["date"].as_str().unwrap();
            assert_eq!(&date[..7], &period[..7], "evidence from the flagged month");
            let pair = (
                e["actor1_code"].as_str().unwrap(),
                e["actor2_code"].as_str().unwrap(),
            );
            assert!(
                pair.0.starts_with("PRK") && pair.1.starts_with("RUS")
                    || pair.0.starts_with("RUS") && pair.1.starts_with("PRK"),
                "{pair:?}"
            );
            assert!(e["evidence"].is_string());
        }
        assert!(a["z"].as_f64().unwrap() >= 3.5);
    }
}
