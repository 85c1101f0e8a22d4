//! `vigil brief`: the demo's June 2024 week (2024-W25, the treaty signing) as HTML,
//! Markdown with its charts beside it, and PDF when headless Chromium is installed.

mod common;

use common::*;

fn demo(dir: &std::path::Path) -> std::path::PathBuf {
    let store = dir.join("demo");
    ok(dir, &["demo", "--dir", store.to_str().unwrap()]);
    store
}

#[test]
fn the_treaty_week_brief_names_the_signing_with_its_evidence_and_draws_its_charts() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let html = ok(&data, &["brief", "--week", "2024-W25"]);
    assert!(html.starts_with("<!doctype html>"));
    assert!(
        html.contains("2024-06-17 to 2024-06-23"),
        "the ISO week's days"
    );
    for question in [
        "Military escalation",
        "Sanctions and countermeasures",
        "Military collaboration and regional impact",
        "Nuclear proliferation",
        "Alliances",
    ] {
        assert!(html.contains(question), "{question}");
    }
    // The signing, with its evidence sentence, in the collaboration section.
    let collab = &html
        [html.find("Military collaboration").unwrap()..html.find("Nuclear proliferation").unwrap()];
    assert!(
        collab.contains("Kim and Putin sign the Treaty on Comprehensive Strategic Partnership"),
        "{collab}"
    );
    // Charts inline, nothing fetched.
    assert!(html.contains("<svg"), "an inline chart");
    assert!(html.contains("PRK–RUS"));
    assert!(!html.contains("<script") && !html.contains("src=\"http"));
    assert!(html.contains("Data quality:"));
    // Markdown with the charts beside it.
    let md = dir.path().join("week.md");
    ok(
        &data,
        &[
            "brief",
            "--week",
            "2024-W25",
            "--format",
            "md",
            "-o",
            md.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.contains("## Military collaboration and regional impact"));
    let chart = dir.path().join("week-dyad-PRK-RUS.svg");
    assert!(text.contains("(week-dyad-PRK-RUS.svg)"), "{text}");
    assert!(std::fs::read_to_string(chart).unwrap().starts_with("<svg"));
    // No event of the demo records hedging; text coded by vigil does.
    assert!(
        html.contains("no event of the period records hedging"),
        "{html}"
    );
    let text = dir.path().join("article.txt");
    std::fs::write(
        &text,
        "North Korea reportedly threatened South Korea with nuclear weapons. Russia signed a defence treaty with North Korea.",
    )
    .unwrap();
    ok(
        &data,
        &[
            "code",
            text.to_str().unwrap(),
            "--date",
            "2024-06-20",
            "--store",
        ],
    );
    let html = ok(&data, &["brief", "--week", "2024-W25"]);
    assert!(
        html.contains("50% of the 2 events coded from text by vigil were hedged"),
        "{}",
        &html[html.find("Data quality").unwrap()..][..400]
    );
    // A list entry dated in the week, named by the week's events: newly listed.
    let list = dir.path().join("list.ftm.json");
    std::fs::write(
        &list,
        "{\"id\":\"test-kju\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Kim Jong Un\"],\"listingDate\":[\"2024-06-18\"]}}\n",
    )
    .unwrap();
    ok(&data, &["sanctions", "load", list.to_str().unwrap()]);
    let html = ok(&data, &["brief", "--week", "2024-W25"]);
    let sanctions = &html[html.find("Sanctions and countermeasures").unwrap()
        ..html.find("Military collaboration").unwrap()];
    assert!(
        sanctions.contains("Kim Jong Un (test-kju)")
            && sanctions.contains("newly listed, on 2024-06-18"),
        "{sanctions}"
    );
    // Bad input is named.
    let bad = vigil(&data, &["brief", "--week", "2024-W60"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--week"));
}

#[test]
fn pdf_is_printed_by_chromium_or_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let pdf = dir.path().join("week.pdf");
    let out = vigil(
        &data,
        &[
            "brief",
            "--week",
            "2024-W25",
            "--format",
            "pdf",
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    let has_chromium = std::process::Command::new("chromium")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if has_chromium {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    } else {
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("apt-get install chromium"));
    }
}
