//! End-to-end: the five monitors (`vigil watch`, `alerts`, `backtest`) on the real GDELT
//! rows in ../shared and on the demo sample, and the follow loop against a GDELT-like
//! server and a webhook receiver on loopback.

mod common;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::server::serve;
use common::stores::*;
use common::*;
use hmac::{Hmac, Mac};
use serde_json::Value;
use vigil_monitor::config::{Config, EventMonitor, Side, Subject};

/// The stored events with these ids, by id.
fn stored_events(dir: &Path, ids: &BTreeSet<String>) -> HashMap<String, Value> {
    let list = ids
        .iter()
        .map(|i| format!("'{i}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let rows = json(
        dir,
        &[
            "sql",
            "--format",
            "json",
            &format!(
                "SELECT event_id, CAST(date AS VARCHAR) AS date, actor1_country, actor2_country, \
                 actor1_role, actor2_role, event_code, quad_class, evidence, url \
                 FROM events WHERE event_id IN ({list})"
            ),
        ],
    );
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| (r["event_id"].as_str().unwrap().to_string(), r.clone()))
        .collect()
}

fn s(v: &Value) -> Option<&str> {
    v.as_str()
}

/// Checks that every evidence event of every alert is in the store as described, lies in
/// the alert's period, and satisfies the definition of the monitor that raised it.
fn check_evidence(dir: &Path, cfg: &Config, alerts: &[Value]) {
    let ids: BTreeSet<String> = alerts
        .iter()
        .flat_map(|a| a["evidence"].as_array().unwrap())
        .map(|e| e["event_id"].as_str().unwrap().to_string())
        .collect();
    let stored = stored_events(dir, &ids);
    let monitors: HashMap<&str, &EventMonitor> = cfg.event_monitors().into_iter().collect();
    for a in alerts {
        let id = a["id"].as_str().unwrap();
        let evidence = a["evidence"].as_array().unwrap();
        assert!(!evidence.is_empty(), "{id} has no evidence");
        let countries: Vec<&str> = a["countries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let (start, end) = (
            a["period"]["start"].as_str().unwrap(),
            a["period"]["end"].as_str().unwrap(),
        );
        for e in evidence {
            let eid = e["event_id"].as_str().unwrap();
            let row = stored
                .get(eid)
                .unwrap_or_else(|| panic!("{id}: evidence {eid} is not in the store"));
            for (k, col) in [
                ("date", "date"),
                ("event_code", "event_code"),
                ("actor1_country", "actor1_country"),
                ("actor2_country", "actor2_country"),
            ] {
                assert_eq!(s(&e[k]), s(&row[col]), "{id}: {eid} {k}");
            }
            let date = row["date"].as_str().unwrap();
            if e["kind"] == "before" {
                // A fall is shown by the level that ended: events before the period.
                assert!(date < start, "{id}: {eid} on {date} is not before {start}");
            } else {
                assert!(
                    start <= date && date <= end,
                    "{id}: {eid} on {date} is outside {start}..{end}"
                );
            }
            let (c1, c2) = (
                s(&row["actor1_country"]).unwrap_or(""),
                s(&row["actor2_country"]).unwrap_or(""),
            );
            let quad = row["quad_class"].as_i64().unwrap();
            let monitor = a["monitor"].as_str().unwrap();
            match e["kind"].as_str().unwrap() {
                "driver" => {
                    let m = monitors[monitor];
                    let text = format!(
                        "{} {}",
                        s(&row["evidence"]).unwrap_or(""),
                        s(&row["url"]).unwrap_or("")
                    );
                    let code = row["event_code"].as_str().unwrap();
                    let roles = (s(&row["actor1_role"]), s(&row["actor2_role"]));
                    assert!(
                        vigil_monitor::engine::explain(m, code, &text, roles).is_some(),
                        "{id}: {eid} ({code}) does not meet the {monitor} definition"
                    );
                    match (m.subject, countries.as_slice()) {
                        (Subject::Country, [c]) => {
                            let ok = match m.direction {
                                Side::Source => c1 == *c,
                                Side::Target => c2 == *c,
                                Side::Either => c1 == *c || c2 == *c,
                            };
                            assert!(ok, "{id}: {eid} ({c1} → {c2}) is not {c}'s");
                        }
                        (Subject::Dyad, [x, y]) => assert!(
                            (c1 == *x && c2 == *y) || (c1 == *y && c2 == *x),
                            "{id}: {eid} ({c1} → {c2}) is not between {x} and {y}"
                        ),
                        other => panic!("{id}: unexpected subject {other:?}"),
                    }
                }
                "reaction" => {
                    assert!(monitors[monitor].reactors.iter().any(|r| r == c1));
                    assert!(countries.contains(&c2), "{id}: reaction {eid} toward {c2}");
                }
                "change" | "before" => {
                    assert!(countries.contains(&c1) && countries.contains(&c2));
                    if id.contains(":cooperation:") {
                        assert!(quad <= 2, "{id}: {eid} is not cooperative");
                    } else {
                        assert!(quad >= 3, "{id}: {eid} is not conflictual");
                    }
                }
                "bloc" => {
                    let country = id.split(':').nth(2).unwrap();
                    assert!(c1 == country || c2 == country, "{id}: {eid}");
                    assert!(quad <= 2, "{id}: {eid} is not cooperative");
                }
                "tripwire" => {
                    // Every condition of the rule holds, and the event is the alert's
                    // cluster: its countries, its days.
                    let name = a["tripwire"].as_str().unwrap();
                    let t = cfg.tripwires.iter().find(|t| t.name == name).unwrap();
                    let code = row["event_code"].as_str().unwrap();
                    let text = format!(
                        "{} {}",
                        s(&row["evidence"]).unwrap_or(""),
                        s(&row["url"]).unwrap_or("")
                    );
                    assert!(
                        t.codes.is_empty() || t.codes.iter().any(|c| code.starts_with(c.as_str())),
                        "{id}: {eid} ({code}) is not under {:?}",
                        t.codes
                    );
                    assert!(
                        t.keywords.is_empty()
                            || vigil_monitor::engine::keyword_hit(&text, &t.keywords).is_some(),
                        "{id}: {eid} mentions none of {:?}",
                        t.keywords
                    );
                    for (c, want) in [(c1, &t.actor1_countries), (c2, &t.actor2_countries)] {
                        assert!(
                            want.is_empty()
                                || want.iter().any(|w| w == c
                                    || (w == "watched" && cfg.countries().iter().any(|x| x == c))),
                            "{id}: {eid}: {c} is not among {want:?}"
                        );
                    }
                    assert!(
                        [c1, c2]
                            .iter()
                            .filter(|c| !c.is_empty())
                            .all(|c| countries.contains(c)),
                        "{id}: {eid} ({c1} → {c2}) is not the alert's cluster"
                    );
                    assert_eq!(e["cluster"]["first"], a["period"]["start"], "{id}");
                    assert_eq!(e["cluster"]["last"], a["period"]["end"], "{id}");
                }
                other => panic!("{id}: unknown evidence kind {other}"),
            }
        }
    }
}

#[test]
fn every_monitor_runs_on_shared_gdelt_and_its_evidence_is_stored_and_meets_its_definition() {
    let dir = tempfile::tempdir().unwrap();
    let cfg_path = gdelt_store(dir.path(), &[]);
    let cfg = Config::load(&cfg_path).unwrap();
    let out = vigil(dir.path(), &["watch", "--once"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&cfg_path.display().to_string()), "{err}");
    for m in [
        "escalation",
        "sanctions",
        "collaboration",
        "proliferation",
        "alliances",
    ] {
        assert!(
            err.lines().any(|l| l.trim_start().starts_with(m)),
            "{m} did not run:\n{err}"
        );
    }
    let alerts = json(dir.path(), &["alerts", "--format", "json"]);
    let alerts = alerts.as_array().unwrap();
    let monitors: BTreeSet<&str> = alerts
        .iter()
        .map(|a| a["monitor"].as_str().unwrap())
        .collect();
    assert_eq!(
        monitors,
        BTreeSet::from([
            "escalation",
            "sanctions",
            "collaboration",
            "proliferation",
            "alliances"
        ]),
        "every monitor alerts on this watchlist"
    );
    check_evidence(dir.path(), &cfg, alerts);
    for a in alerts {
        for k in ["id", "summary", "severity", "first_seen"] {
            assert!(!a[k].as_str().unwrap().is_empty(), "{k} of {a}");
        }
        assert!(a["score"].as_f64().unwrap() >= 1.0);
        assert!(a["baseline"].is_number() && a["observed"].is_number());
    }
    // The busiest escalation: USA's threats and force on 2016-07-28, counted as events
    // by USA with a 13-20 root code, exactly as SQL counts them.
    let usa = alerts
        .iter()
        .find(|a| a["id"] == "escalation:USA:2016-07-28")
        .expect("USA escalation alert");
    let n = json(
        dir.path(),
        &[
            "sql",
            "--format",
            "json",
            "SELECT count(*) AS n FROM events WHERE actor1_country = 'USA' AND date = DATE '2016-07-28' \
             AND substr(event_code, 1, 2) IN ('13', '15', '18', '19', '20')",
        ],
    );
    assert_eq!(
        usa["observed"].as_f64().unwrap(),
        n[0]["n"].as_f64().unwrap()
    );
    // Evidence cites real-world events, not rows: each evidence row stands for a
    // different cluster, and its count of reports is SQL's count of the rows with its
    // actors, CAMEO root and days that the monitor counts.
    let mut seen = BTreeSet::new();
    for e in usa["evidence"].as_array().unwrap() {
        let c = &e["cluster"];
        let code = e["event_code"].as_str().unwrap();
        let other = match (s(&e["actor2_country"]), s(&e["actor2"])) {
            (Some(x), _) => format!("actor2_country = '{x}'"),
            (None, Some(x)) => format!("actor2_country IS NULL AND actor2_code = '{x}'"),
            (None, None) => "actor2_country IS NULL AND actor2_code IS NULL".into(),
        };
        assert!(
            seen.insert((other.clone(), code[..2].to_string(), c["first"].to_string())),
            "two evidence rows of one cluster: {usa}"
        );
        let n = json(
            dir.path(),
            &[
                "sql",
                "--format",
                "json",
                &format!(
                    "SELECT count(*) AS n FROM events WHERE actor1_country = 'USA' AND {other} \
                     AND substr(event_code, 1, 2) = '{}' AND date BETWEEN DATE '{}' AND DATE '{}' \
                     AND substr(event_code, 1, 2) IN ('13', '15', '18', '19', '20')",
                    &code[..2],
                    c["first"].as_str().unwrap(),
                    c["last"].as_str().unwrap()
                ),
            ],
        );
        assert_eq!(c["reports"], n[0]["n"], "{e}");
    }
    assert!(seen.len() >= 2, "{usa}");
}

#[test]
fn every_monitor_gives_the_same_alerts_with_and_without_rollups() {
    // Real GDELT (every monitor alerts, keyword monitors scan the events for their
    // keywords) and the demo (months of baselines, the alliances monitor's change points).
    let gdelt = tempfile::tempdir().unwrap();
    gdelt_store(gdelt.path(), &[]);
    let demo_dir = tempfile::tempdir().unwrap();
    let demo = demo_dir.path().join("store");
    ok(demo_dir.path(), &["demo", "--dir", demo.to_str().unwrap()]);
    for store in [gdelt.path(), demo.as_path()] {
        assert_verified(store);
        let with = alerts_of_a_fresh_run(store, &[]);
        let without = alerts_of_a_fresh_run(store, &["--no-rollups"]);
        assert!(with.len() >= 5, "{} alerts", with.len());
        assert_eq!(with, without, "alerts differ on {}", store.display());
    }
}

#[test]
fn a_watchlist_limited_to_sources_ignores_the_others_in_counts_and_evidence() {
    let demo_dir = tempfile::tempdir().unwrap();
    let demo = demo_dir.path().join("store");
    ok(demo_dir.path(), &["demo", "--dir", demo.to_str().unwrap()]);
    let alone = alerts_of_a_fresh_run(&demo, &[]);
    // The demo's curated events and real GDELT rows in one store.
    let mixed = tempfile::tempdir().unwrap();
    let store = mixed.path().join("store");
    copy_dir(&demo, &store);
    ok(&store, &["ingest", gdelt1_sample().to_str().unwrap()]);
    let wl = store.join("watchlist.toml");
    let text = std::fs::read_to_string(&wl).unwrap();
    let everything = alerts_of_a_fresh_run(&store, &[]);
    assert_ne!(
        everything, alone,
        "the GDELT rows change what the monitors see"
    );
    assert!(
        text.contains("\nsources = []\n"),
        "the watchlist names its sources"
    );
    std::fs::write(
        &wl,
        text.replace("\nsources = []\n", "\nsources = [\"curated\"]\n"),
    )
    .unwrap();
    let limited = alerts_of_a_fresh_run(&store, &[]);
    assert_eq!(
        limited, alone,
        "limited to curated, the GDELT rows count for nothing"
    );
    for a in &limited {
        for e in a["evidence"].as_array().unwrap() {
            assert_eq!(e["source"], "curated", "{e}");
        }
    }
    // A source vigil does not know is refused by name.
    std::fs::write(
        &wl,
        text.replace("\nsources = []\n", "\nsources = [\"gdelt3\"]\n"),
    )
    .unwrap();
    let r = vigil(&store, &["watch", "--once"]);
    assert!(!r.status.success());
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("watch.sources") && err.contains("gdelt3"),
        "{err}"
    );
}

#[test]
fn evaluating_twice_creates_no_duplicates_and_jsonl_is_one_alert_per_line() {
    let dir = tempfile::tempdir().unwrap();
    gdelt_store(dir.path(), &[]);
    let first = ok(dir.path(), &["watch", "--once", "--format", "jsonl"]);
    let lines: Vec<Value> = first
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON alert per line"))
        .collect();
    assert!(!lines.is_empty());
    let ids: HashSet<&str> = lines.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), lines.len(), "ids are unique");
    let stored = json(dir.path(), &["alerts", "--format", "json"]);
    assert_eq!(stored.as_array().unwrap().len(), lines.len());

    let second = vigil(dir.path(), &["watch", "--once"]);
    assert!(second.status.success());
    assert_eq!(String::from_utf8_lossy(&second.stdout).trim(), "");
    assert!(String::from_utf8_lossy(&second.stderr).contains(&format!(
        "0 new alerts, 0 updated, {} unchanged",
        lines.len()
    )));
    let again = json(dir.path(), &["alerts", "--format", "json"]);
    assert_eq!(again, stored, "the log is unchanged");
}

#[test]
fn init_writes_the_commented_default_and_bad_watchlists_are_reported_by_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.toml");
    let p = path.to_str().unwrap();
    ok(dir.path(), &["watch", "--init", "--config", p]);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.lines().filter(|l| l.starts_with('#')).count() > 20);
    assert_eq!(Config::load(&path).unwrap(), Config::default());
    let again = vigil(dir.path(), &["watch", "--init", "--config", p]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    ok(dir.path(), &["watch", "--init", "--config", p, "--force"]);

    std::fs::write(
        &path,
        text.replace("evidence = 5", "evidence = 5\nwatchlists = 3"),
    )
    .unwrap();
    let bad = vigil(dir.path(), &["watch", "--once", "--config", p]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("w.toml") && err.contains("watchlists"),
        "{err}"
    );

    std::fs::write(&path, text.replace("\"PRK\", ", "\"XXX\", ")).unwrap();
    let bad = vigil(dir.path(), &["watch", "--once", "--config", p]);
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(!bad.status.success());
    assert!(err.contains("w.toml") && err.contains("XXX"), "{err}");
}

#[test]
fn the_demo_shows_alerts_with_evidence_and_alerts_and_backtest_work_on_its_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("demo");
    let out = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(["demo", "--dir", store.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("== The five monitors over the sample"));
    assert!(text.contains("why: "), "evidence is shown");
    assert!(text.contains("recall "));

    let all = json(&store, &["alerts", "--format", "json"]);
    let all = all.as_array().unwrap();
    assert!(!all.is_empty());
    let cfg = Config::load(&store.join("watchlist.toml")).unwrap();
    check_evidence(&store, &cfg, all);

    let sanctions = json(
        &store,
        &["alerts", "--monitor", "sanctions", "--format", "json"],
    );
    let sanctions = sanctions.as_array().unwrap();
    assert!(!sanctions.is_empty());
    let answers = |a: &Value, m: &str| {
        a["monitor"] == m
            || a["also"]
                .as_array()
                .is_some_and(|v| v.iter().any(|x| x == m))
    };
    assert!(sanctions.iter().all(|a| answers(a, "sanctions")));
    assert_eq!(
        sanctions.len(),
        all.iter().filter(|a| answers(a, "sanctions")).count()
    );
    let recent = json(
        &store,
        &["alerts", "--since", "2024-06-01", "--format", "json"],
    );
    let recent = recent.as_array().unwrap();
    assert!(recent.len() < all.len());
    assert!(
        recent
            .iter()
            .all(|a| a["period"]["end"].as_str().unwrap() >= "2024-06-01")
    );
    let bad = vigil(&store, &["alerts", "--monitor", "war"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("escalation"));

    // The backtest: every flagged episode names a stored alert of its monitor within the
    // tolerance, and the rates are those of the listed results.
    let b = json(
        &store,
        &["backtest", "--format", "json", "--tolerance", "14"],
    );
    let episodes = b["episodes"].as_array().unwrap();
    assert_eq!(episodes.len(), 20);
    let ids: HashMap<&str, &Value> = all.iter().map(|a| (a["id"].as_str().unwrap(), a)).collect();
    let mut flagged = 0;
    for r in episodes {
        if let Some(id) = r["alert"].as_str() {
            flagged += 1;
            let a = ids.get(id).expect("a stored alert");
            let also = a["also"].as_array().cloned().unwrap_or_default();
            assert!(
                a["monitor"] == r["monitor"] || also.contains(&r["monitor"]),
                "{a} does not answer {}",
                r["monitor"]
            );
            assert!(r["offset_days"].as_i64().unwrap().abs() <= 14);
        } else {
            assert!(r["offset_days"].is_null());
        }
    }
    assert!(flagged > 0);
    assert_eq!(b["recall"].as_f64().unwrap(), flagged as f64 / 20.0);
    // The story the demo tells: with tripwires, every launch, the satellite, the troop
    // deployment and the treaty are flagged, each by a tripwire alert citing the event.
    for (date, monitor) in [
        ("2022-01-05", "escalation"),
        ("2022-01-30", "escalation"),
        ("2022-03-24", "escalation"),
        ("2022-03-24", "proliferation"),
        ("2022-10-04", "escalation"),
        ("2022-11-18", "escalation"),
        ("2023-04-13", "proliferation"),
        ("2023-11-21", "proliferation"),
        ("2024-06-19", "collaboration"),
        ("2024-06-19", "alliances"),
        ("2024-10-18", "collaboration"),
        ("2024-10-31", "escalation"),
        ("2024-10-31", "proliferation"),
    ] {
        let r = episodes
            .iter()
            .find(|r| r["date"] == date && r["monitor"] == monitor)
            .unwrap();
        let id = r["alert"].as_str().unwrap_or_else(|| panic!("missed: {r}"));
        let a = ids[id];
        assert!(
            !a["tripwire"].is_null() || monitor == "collaboration",
            "{a}"
        );
        assert_eq!(r["offset_days"], 0, "{r}");
    }
    let mut leads: Vec<f64> = episodes
        .iter()
        .filter_map(|r| r["offset_days"].as_i64())
        .map(|o| -o as f64)
        .collect();
    leads.sort_by(f64::total_cmp);
    let n = leads.len();
    let median = if n % 2 == 1 {
        leads[n / 2]
    } else {
        (leads[n / 2 - 1] + leads[n / 2]) / 2.0
    };
    assert_eq!(b["median_lead_days"].as_f64().unwrap(), median);
    // And by kind, from the episodes' own kinds.
    let mut kinds: std::collections::BTreeMap<String, (u64, u64)> = Default::default();
    for r in episodes {
        let k = r["kind"].as_str().unwrap_or("other").to_string();
        let e = kinds.entry(k).or_default();
        e.0 += 1;
        e.1 += u64::from(r["alert"].is_string());
    }
    for (k, (n, f)) in &kinds {
        assert_eq!(b["by_kind"][k]["episodes"], *n, "{k}");
        assert_eq!(b["by_kind"][k]["flagged"], *f, "{k}");
    }
    let considered = b["alerts_considered"].as_u64().unwrap();
    let unmatched = b["unmatched_alerts"].as_array().unwrap().len() as u64;
    assert_eq!(
        b["precision"].as_f64().unwrap(),
        (considered - unmatched) as f64 / considered as f64
    );

    // A malformed episodes file is reported by file, line and field.
    let eps = dir.path().join("episodes.csv");
    std::fs::write(
        &eps,
        "date,countries,monitor,label\n2024-06-19,PRK;RUS,collaboration,treaty\n2024-13-01,PRK,escalation,x\n",
    )
    .unwrap();
    let bad = vigil(&store, &["backtest", "--episodes", eps.to_str().unwrap()]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("episodes.csv") && err.contains("line 3") && err.contains("date"),
        "{err}"
    );
}

#[test]
fn untrusted_text_in_alerts_is_escaped_on_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from(
        "id,date,actor1_code,actor1_name,actor2_code,actor2_name,event_code,num_sources,url,evidence\n",
    );
    for (i, day) in ["2024-03-01", "2024-03-02", "2024-03-03"]
        .iter()
        .enumerate()
    {
        csv.push_str(&format!(
            "e{i},{day},RUSGOV,RUSSIA,USAGOV,UNITED STATES,163,2,https://example.org/{i},\"Sanctions \x1b[31mred\x1b[0m \x07 news\"\n"
        ));
    }
    let path = dir.path().join("curated.csv");
    std::fs::write(&path, csv).unwrap();
    ok(dir.path(), &["ingest", path.to_str().unwrap()]);
    let cfg = dir.path().join("watchlist.toml");
    std::fs::write(
        &cfg,
        watchlist(&[
            ("watch", "period", r#""month""#),
            ("monitors.sanctions", "min_baseline_periods", "0"),
            ("monitors.sanctions", "threshold", "1.0"),
        ]),
    )
    .unwrap();
    let out = ok(dir.path(), &["watch", "--once"]);
    assert!(out.contains("sanctions:RUS:2024-03-01"), "{out}");
    assert!(out.contains("red"));
    assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
}

/// The alert ids of JSON lines.
fn ids_of_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("a JSON alert per line");
            v["id"].as_str().unwrap().to_string()
        })
        .collect()
}

fn wait_for(what: &str, deadline: Instant, mut cond: impl FnMut() -> bool) {
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

#[test]
fn a_redirecting_webhook_is_a_failed_delivery_and_the_alert_stays_pending() {
    let server = serve(HashMap::new(), HashMap::new());
    server
        .redirects
        .lock()
        .unwrap()
        .insert("moved".into(), format!("{}/hook", server.base));
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let cfg = gdelt_store(data, &[]);
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str(&format!(
        "\n[[notify.webhooks]]\nname = \"moved\"\nurl = \"{}/moved\"\nsecret = \"k\"\ntimeout_secs = 5\nattempts = 2\nbackoff_ms = 10\n",
        server.base
    ));
    std::fs::write(&cfg, &text).unwrap();
    let out = vigil(
        data,
        &["watch", "--once", "--config", cfg.to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The redirect was not followed: the final URL got nothing.
    assert_eq!(server.hits("hook"), 0, "{stderr}");
    assert!(server.hits("moved") >= 1);
    assert!(stderr.contains("redirecting to"), "{stderr}");
    assert!(
        stderr.contains(&format!("{}/hook", server.base)),
        "{stderr}"
    );
    let stored = read_json(&data.join("alerts/alerts.json")).unwrap();
    let alerts = stored.as_array().unwrap();
    assert!(!alerts.is_empty());
    for a in alerts {
        assert_eq!(a["pending"], serde_json::json!(["webhook:moved"]), "{a}");
    }
    // Once the receiver answers at that URL, the next run delivers every pending alert.
    server.redirects.lock().unwrap().clear();
    ok(
        data,
        &["watch", "--once", "--config", cfg.to_str().unwrap()],
    );
    assert_eq!(server.posts.lock().unwrap().len(), alerts.len());
}

#[test]
fn a_webhook_without_a_secret_is_refused_unless_unsigned() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let cfg = gdelt_store(data, &[]);
    let base = std::fs::read_to_string(&cfg).unwrap();
    let hook = "\n[[notify.webhooks]]\nurl = \"http://127.0.0.1:9/x\"\n";
    std::fs::write(&cfg, format!("{base}{hook}")).unwrap();
    let err = Config::load(&cfg).unwrap_err().to_string();
    assert!(err.contains("has no secret"), "{err}");
    std::fs::write(&cfg, format!("{base}{hook}unsigned = true\n")).unwrap();
    assert!(Config::load(&cfg).is_ok());
}

#[test]
fn follow_ingests_each_export_once_survives_failures_and_delivers_each_alert_once() {
    let text = std::fs::read_to_string(gdelt1_sample()).unwrap();
    let rows = gdelt1_rows(&text);
    let a = export(&rows[..350], 1_000_000);
    let b = export(&rows[350..], 2_000_000);
    let (name_a, name_b) = (
        "20160728000000.export.CSV.zip",
        "20160728001500.export.CSV.zip",
    );
    let server = serve(
        HashMap::from([
            (name_a.to_string(), a.clone()),
            (name_b.to_string(), b.clone()),
            ("lastupdate.txt".to_string(), file_list(&[(name_a, &a)])),
        ]),
        // The list fails twice, the first export once, the webhook twice.
        HashMap::from([
            ("lastupdate.txt".to_string(), 2),
            (name_a.to_string(), 1),
            ("hook".to_string(), 2),
        ]),
    );
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let hook = format!("\"{}/hook\"", server.base);
    let cfg = data.join("watchlist.toml");
    let mut text = gdelt_watchlist(&[]).replace("# jsonl = ", "jsonl = ");
    text.push_str(&format!(
        "\n[[notify.webhooks]]\nname = \"test\"\nurl = {hook}\nsecret_env = \"VIGIL_TEST_HOOK_SECRET\"\ntimeout_secs = 5\nattempts = 1\nbackoff_ms = 10\n"
    ));
    std::fs::write(&cfg, text).unwrap();
    assert_eq!(
        Config::load(&cfg).unwrap().notify.targets(),
        vec!["jsonl:alerts.jsonl", "webhook:test"]
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .arg("--data-dir")
        .arg(data)
        .args([
            "watch",
            "--follow",
            "--base-url",
            &server.base,
            "--interval",
            "200ms",
            "--attempts",
            "1",
            "--backoff-ms",
            "10",
            "--format",
            "jsonl",
            // Two exports write two small parts of the same month: compacted.
            "--compact-at",
            "2",
        ])
        .env("VIGIL_TEST_HOOK_SECRET", "s3cret")
        .env_remove("VIGIL_DATA")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    let inputs = || {
        read_json(&data.join("catalog.json"))
            .map(|c| c["inputs"].as_array().unwrap().len())
            .unwrap_or(0)
    };
    let all_delivered = || {
        read_json(&data.join("alerts/alerts.json")).is_some_and(|l| {
            let l = l.as_array().unwrap().clone();
            !l.is_empty()
                && l.iter().all(|a| {
                    a.get("pending")
                        .and_then(Value::as_array)
                        .is_none_or(|p| p.is_empty())
                })
        })
    };
    wait_for("the first export", deadline, || inputs() == 1);
    wait_for("the first alerts to be delivered", deadline, all_delivered);
    let after_a = read_json(&data.join("alerts/alerts.json")).unwrap();
    // A new export appears in the list.
    server.set_file("lastupdate.txt", file_list(&[(name_a, &a), (name_b, &b)]));
    wait_for("the second export", deadline, || inputs() == 2);
    wait_for("the new alerts to be delivered", deadline, all_delivered);
    // A few more polls of an unchanged list change nothing.
    let polls = server.hits("lastupdate.txt");
    wait_for("more polls", deadline, || {
        server.hits("lastupdate.txt") >= polls + 3
    });

    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    let mut stdout = String::new();
    let mut stderr = String::new();
    use std::io::Read;
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(
        status.success(),
        "clean stop on SIGINT: {status:?}\n{stderr}"
    );
    assert!(stderr.contains("poll failed"), "{stderr}");
    assert!(stderr.contains("failed, kept for the next try"), "{stderr}");
    assert!(stderr.contains("stopped after"), "{stderr}");

    // Each export downloaded once after its failure, ingested once; the store is whole.
    assert_eq!(server.hits(name_a), 2);
    assert_eq!(server.hits(name_b), 1);
    assert_eq!(inputs(), 2);
    assert_eq!(stored_rows(data), rows.len() as u64);
    // The months both exports wrote were compacted into one part each, with rollups
    // that still summarise every stored event.
    assert!(stderr.contains("compacted: "), "{stderr}");
    let catalog = read_json(&data.join("catalog.json")).unwrap();
    assert!(!catalog["compacted"].as_array().unwrap().is_empty());
    assert_verified(data);

    // Each alert reached the webhook exactly once, signed, and the JSONL file once.
    let log = json(data, &["alerts", "--format", "json"]);
    let log = log.as_array().unwrap();
    assert!(
        log.len() > after_a.as_array().unwrap().len(),
        "export B alerted too"
    );
    let posts = server.posts.lock().unwrap().clone();
    assert_eq!(server.hits("hook") as usize, posts.len() + 2);
    let mut seen = HashSet::new();
    for p in &posts {
        let id = p.headers["x-vigil-alert-id"].clone();
        assert!(seen.insert(id.clone()), "{id} delivered twice");
        // X-Vigil-Signature: t=UNIX,v1=HEX with HEX = HMAC-SHA256(secret, "t.body").
        let header = p.headers["x-vigil-signature"].clone();
        let (t, v1) = header
            .split_once(",v1=")
            .and_then(|(t, v)| Some((t.strip_prefix("t=")?, v)))
            .unwrap_or_else(|| panic!("signature header of {id}: {header}"));
        let t: u64 = t.parse().unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        assert!(t <= now && now - t < 600, "timestamp {t} is recent");
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(b"s3cret").unwrap();
        mac.update(format!("{t}.").as_bytes());
        mac.update(&p.body);
        assert_eq!(
            v1,
            hex::encode(mac.finalize().into_bytes()),
            "signature of {id}"
        );
        let body: Value = serde_json::from_slice(&p.body).unwrap();
        assert_eq!(body["id"], id.as_str());
        assert!(body.get("pending").is_none());
    }
    let logged: HashSet<String> = log
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(seen, logged, "every alert delivered, none twice");
    let stored = read_json(&data.join("alerts/alerts.json")).unwrap();
    for a in stored.as_array().unwrap() {
        let delivered: Vec<&str> = a["delivered"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_str().unwrap())
            .collect();
        assert_eq!(delivered, ["jsonl:alerts.jsonl", "webhook:test"]);
    }
    let jsonl = std::fs::read_to_string(data.join("alerts.jsonl")).unwrap();
    let jsonl_ids = ids_of_lines(&jsonl);
    assert_eq!(jsonl_ids.len(), logged.len());
    assert_eq!(jsonl_ids.into_iter().collect::<HashSet<_>>(), logged);
    // Standard output carried each new alert once, as JSON lines.
    let printed = ids_of_lines(&stdout);
    assert_eq!(printed.len(), logged.len());
    // The stored alerts are those a fresh evaluation of the whole store finds.
    let after = vigil(data, &["watch", "--once"]);
    assert!(String::from_utf8_lossy(&after.stderr).contains("0 new alerts"));
}

#[test]
fn calibration_chooses_on_the_training_span_and_scores_on_the_test_span() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("demo");
    ok(dir.path(), &["demo", "--dir", store.to_str().unwrap()]);
    let written = dir.path().join("calibrated.toml");
    let c = json(
        &store,
        &[
            "calibrate",
            "--far",
            "0.1/month",
            "--format",
            "json",
            "--write",
            written.to_str().unwrap(),
        ],
    );
    let day = |v: &Value| vigil_model::date::parse_iso(v.as_str().unwrap()).unwrap();
    let (train, test) = (&c["train"], &c["test"]);
    assert!(day(&train[1]) < day(&test[0]), "{c}");
    let months = (day(&train[1]) - day(&train[0]) + 1) as f64 / 30.44;
    let target = c["target_per_month"].as_f64().unwrap();
    assert!((target - 0.1).abs() < 1e-9);
    let monitors = c["monitors"].as_array().unwrap();
    assert_eq!(monitors.len(), 5);
    for m in monitors {
        let cands = m["candidates"].as_array().unwrap();
        for k in cands {
            let rate = k["false_alarms"].as_f64().unwrap() / months;
            assert!(
                (k["per_month"].as_f64().unwrap() - rate).abs() < 1e-9,
                "{k}"
            );
        }
        let chosen = m["chosen"].as_f64().unwrap();
        let at = cands
            .iter()
            .position(|k| k["threshold"].as_f64().unwrap() == chosen)
            .unwrap();
        let ok_rate = |k: &Value| k["per_month"].as_f64().unwrap() <= target + 1e-12;
        if m["target_met"].as_bool().unwrap() {
            // The lowest threshold that keeps the promise.
            assert!(ok_rate(&cands[at]), "{m}");
            assert!(cands[..at].iter().all(|k| !ok_rate(k)), "{m}");
        } else {
            assert!(cands.iter().all(|k| !ok_rate(k)), "{m}");
            assert_eq!(at, cands.len() - 1);
        }
    }
    // The test span's figures are a backtest, on the test span's episodes only, of the
    // watchlist at the chosen thresholds (tripwires left out): recompute them.
    let mut cfg = Config::load(&written).unwrap();
    assert!(!cfg.tripwires.is_empty(), "--write keeps the tripwires");
    for m in monitors {
        let name = m["monitor"].as_str().unwrap();
        let chosen = m["chosen"].as_f64().unwrap();
        let t = match name {
            "escalation" => cfg.monitors.escalation.threshold,
            "sanctions" => cfg.monitors.sanctions.threshold,
            "collaboration" => cfg.monitors.collaboration.threshold,
            "proliferation" => cfg.monitors.proliferation.threshold,
            _ => cfg.monitors.alliances.threshold,
        };
        assert_eq!(t, chosen, "{name}");
    }
    cfg.tripwires.clear();
    let plain = dir.path().join("plain.toml");
    std::fs::write(&plain, cfg.to_toml()).unwrap();
    let (lo, hi) = (day(&test[0]), day(&test[1]));
    let mut eps = String::from("date,countries,monitor,label,kind\n");
    let mut n = 0;
    for line in vigil_monitor::SHIPPED_EPISODES.lines().skip(1) {
        let d = vigil_model::date::parse_iso(&line[..10]).unwrap();
        if d >= lo && d <= hi {
            eps.push_str(line);
            eps.push('\n');
            n += 1;
        }
    }
    assert_eq!(c["test_episodes"].as_u64().unwrap(), n);
    let eps_path = dir.path().join("test-episodes.csv");
    std::fs::write(&eps_path, eps).unwrap();
    let b = json(
        &store,
        &[
            "backtest",
            "--episodes",
            eps_path.to_str().unwrap(),
            "--config",
            plain.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let cal = &c["test_calibrated"];
    for k in [
        "recall",
        "precision",
        "median_lead_days",
        "alerts_considered",
    ] {
        assert_eq!(b[k], cal[k], "{k}");
    }
    assert_eq!(b["by_kind"], cal["by_kind"]);
    // A test span that does not follow the training span is refused.
    let bad = vigil(
        &store,
        &[
            "calibrate",
            "--train",
            "2023-01-01..2023-12-31",
            "--test",
            "2023-06-01..2024-06-30",
        ],
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("must begin after"));
}
