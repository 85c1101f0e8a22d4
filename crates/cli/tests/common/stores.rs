//! Stores the monitor tests share: the shared GDELT sample with a watchlist that makes
//! every monitor speak, and the alerts of a fresh `watch --once` on a copy of a store.

use std::path::Path;

use serde_json::Value;
use vigil_monitor::config::DEFAULT_TOML;

use super::{gdelt1_sample, ok, vigil};

/// The default watchlist with `edits` applied: (section, key, value) replaces the line
/// `key = ...` in `[section]`.
pub fn watchlist(edits: &[(&str, &str, &str)]) -> String {
    let mut section = String::new();
    let mut out = String::new();
    for line in DEFAULT_TOML.lines() {
        if let Some(s) = line.strip_prefix('[') {
            section = s.trim_end_matches(']').to_string();
        }
        let key = line.split(" = ").next().unwrap_or("");
        match edits.iter().find(|(s, k, _)| *s == section && *k == key) {
            Some((_, k, v)) => out.push_str(&format!("{k} = {v}\n")),
            None => out.push_str(&format!("{line}\n")),
        }
    }
    out
}

/// A watchlist for the shared GDELT sample: countries it holds, counted by day, with a
/// low threshold and no baseline required (the sample is mostly one day).
pub fn gdelt_watchlist(extra: &[(&str, &str, &str)]) -> String {
    let mut edits: Vec<(String, &str, &str)> = vec![
        (
            "watch".into(),
            "countries",
            r#"["USA", "RUS", "CHN", "ISR", "SYR", "PAK", "GBR", "FRA"]"#,
        ),
        ("watch".into(), "period", r#""day""#),
        ("monitors.alliances".into(), "period", r#""day""#),
        ("monitors.alliances".into(), "threshold", "1.0"),
        ("monitors.alliances".into(), "min_events", "1"),
        (
            "monitors.collaboration".into(),
            "codes",
            r#"["03", "05", "06", "07"]"#,
        ),
        (
            "monitors.collaboration".into(),
            "reactors",
            r#"["GBR", "FRA"]"#,
        ),
    ];
    for m in ["escalation", "sanctions", "collaboration", "proliferation"] {
        for (k, v) in [
            ("min_baseline_periods", "0"),
            ("min_events", "1"),
            ("threshold", "1.0"),
        ] {
            edits.push((format!("monitors.{m}"), k, v));
        }
    }
    let mut edits: Vec<(&str, &str, &str)> =
        edits.iter().map(|(s, k, v)| (s.as_str(), *k, *v)).collect();
    edits.extend_from_slice(extra);
    watchlist(&edits)
}

pub fn gdelt_store(dir: &Path, extra: &[(&str, &str, &str)]) -> std::path::PathBuf {
    ok(dir, &["ingest", gdelt1_sample().to_str().unwrap()]);
    let cfg = dir.join("watchlist.toml");
    std::fs::write(&cfg, gdelt_watchlist(extra)).unwrap();
    cfg
}

/// The alerts of `watch --once` on a copy of the store at `from`, without the moments
/// they were seen.
pub fn alerts_of_a_fresh_run(from: &Path, extra: &[&str]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("store");
    copy_dir(from, &copy);
    let _ = std::fs::remove_file(copy.join("alerts/alerts.json"));
    let mut args = extra.to_vec();
    args.extend(["watch", "--once", "--format", "json"]);
    let out = vigil(&copy, &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut alerts: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    for a in &mut alerts {
        let o = a.as_object_mut().unwrap();
        o.remove("first_seen");
        o.remove("updated");
    }
    alerts
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let (p, t) = (e.path(), to.join(e.file_name()));
        if p.is_dir() {
            copy_dir(&p, &t);
        } else {
            std::fs::copy(&p, &t).unwrap();
        }
    }
}
