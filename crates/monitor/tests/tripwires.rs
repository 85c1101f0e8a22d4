//! Tripwires on small stores written for each case: one alert per real-world event
//! (evidence cluster) however many reports, the same alert when more reports arrive or
//! when only later days are evaluated, and every condition of a rule applied.

mod common;

use std::path::Path;

use common::ingest;

use vigil_monitor::{Alert, AlertLog, Config, Scope, evaluate};
use vigil_store::Store;

/// `n` reports of one launch on `day`, each its own row and article.
fn launches(tag: &str, day: &str, n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "{tag}{i},{day},PRKMIL,NORTH KOREA MILITARY,,,150,1,https://news.example/{tag}/{i},\
                 North Korea fires an intercontinental ballistic missile into the sea.\n"
            )
        })
        .collect()
}

fn tripwire_alerts(dir: &Path, cfg: &Config, scope: &Scope) -> Vec<Alert> {
    let store = Store::open_read(&dir.join("store")).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let eval = rt.block_on(evaluate(&store, cfg, scope)).unwrap();
    let run = eval.runs.iter().find(|r| r.monitor == "tripwires").unwrap();
    let alerts: Vec<Alert> = eval
        .alerts
        .into_iter()
        .filter(|a| a.tripwire.is_some())
        .collect();
    assert_eq!(run.alerts, alerts.len());
    alerts
}

fn day(s: &str) -> i32 {
    vigil_model::date::parse_iso(s).unwrap()
}

#[test]
fn a_tripwire_fires_once_per_cluster_however_many_reports() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = String::new();
    // Background in February: visits, no launch.
    for d in 1..=20 {
        rows.push_str(&format!(
            "bg{d},2024-02-{d:02},PRKGOV,NORTH KOREA,RUSGOV,RUSSIA,042,1,https://news.example/bg{d},A visit.\n"
        ));
    }
    // One launch reported eight times over two days ...
    rows.push_str(&launches("a", "2024-03-04", 5));
    rows.push_str(&launches("b", "2024-03-05", 3));
    // ... South Korea's answer the next day (another pair: another event) ...
    rows.push_str(
        "k1,2024-03-05,KORMIL,SOUTH KOREA MILITARY,PRKMIL,NORTH KOREA MILITARY,150,1,https://news.example/k1,\
         South Korea fires missiles into the sea in response.\n",
    );
    // ... a launch a week later (a gap of days: another event) ...
    rows.push_str(&launches("c", "2024-03-12", 2));
    // ... and a missile mentioned in a visit, which no launch rule takes (code 042).
    rows.push_str(
        "v1,2024-03-20,PRKGOV,NORTH KOREA,RUSGOV,RUSSIA,042,1,https://news.example/v1,Talks on missile technology.\n",
    );
    ingest(dir.path(), "first.csv", &rows);
    let cfg = Config::default();
    let alerts = tripwire_alerts(dir.path(), &cfg, &Scope::All);
    let ids: Vec<&str> = alerts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "tripwire:icbm-or-nuclear-test:PRK:15:2024-03-04",
            "tripwire:missile-launch:KOR-PRK:15:2024-03-05",
            "tripwire:icbm-or-nuclear-test:PRK:15:2024-03-12",
        ],
        "{alerts:#?}"
    );
    let first = &alerts[0];
    assert_eq!(first.observed, 8.0);
    assert_eq!(
        (first.period.start.as_str(), first.period.end.as_str()),
        ("2024-03-04", "2024-03-05")
    );
    assert_eq!(first.monitor, "proliferation");
    assert_eq!(first.also, ["escalation"]);
    assert_eq!(first.severity, vigil_monitor::Severity::High);
    // The launch also trips `missile-launch`: one alert stands for the event, naming both.
    assert!(
        first.summary.contains("also tripwire missile-launch"),
        "{}",
        first.summary
    );
    // Evidence: at most `evidence` rows, all of this one cluster, which counts every report.
    assert_eq!(first.evidence.len(), cfg.watch.evidence);
    for e in &first.evidence {
        let c = e.cluster.as_ref().unwrap();
        assert_eq!((c.reports, c.sources), (8, 8));
        assert!(e.why.contains("tripwire icbm-or-nuclear-test"), "{}", e.why);
        assert!(
            e.why.contains("text mentions \"intercontinental\""),
            "{}",
            e.why
        );
    }
    assert_eq!(alerts[2].observed, 2.0);

    // Backtested: the launch episode is flagged at offset 0 under both of its questions.
    let episodes = vigil_monitor::backtest::parse_episodes(
        "date,countries,monitor,label\n2024-03-04,PRK,proliferation,ICBM\n2024-03-04,PRK,escalation,ICBM\n",
        "test",
    )
    .unwrap();
    let b = vigil_monitor::backtest::backtest(&alerts, &episodes, 3);
    assert_eq!(b.recall, Some(1.0));
    assert!(b.episodes.iter().all(|r| r.offset_days == Some(0)));

    // Stored, then evaluated again after four more reports the next day: the same alert,
    // updated (12 reports, to the 6th), not a new one.
    let mut log = AlertLog::open(dir.path()).unwrap();
    log.merge(alerts.clone(), &[], "2026-11-30T00:00:00Z");
    log.save().unwrap();
    ingest(dir.path(), "more.csv", &launches("d", "2024-03-06", 4));
    let again = tripwire_alerts(dir.path(), &cfg, &Scope::All);
    assert_eq!(again.len(), 3);
    assert_eq!(again[0].id, alerts[0].id);
    assert_eq!(
        (again[0].observed, again[0].period.end.as_str()),
        (12.0, "2024-03-06")
    );
    let report = log.merge(again, &[], "2026-11-30T01:00:00Z");
    assert_eq!((report.new.len(), report.updated.len()), (0, 1));

    // Evaluating only later days (as `watch --follow` does with the days it ingested)
    // still names the event by its first day.
    let later = tripwire_alerts(
        dir.path(),
        &cfg,
        &Scope::Ranges(vec![(day("2024-03-06"), day("2024-03-31"))]),
    );
    let later: Vec<&str> = later.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(later, [ids[0], ids[2]]);
}

#[test]
fn every_condition_of_a_rule_applies() {
    let dir = tempfile::tempdir().unwrap();
    let rows = "\
m1,2024-05-02,PRKMIL,NORTH KOREA MILITARY,RUSMIL,RUSSIA MILITARY,062,1,https://news.example/m1,North Korean troops arrive in Russia.\n\
m2,2024-05-02,PRKMIL,NORTH KOREA MILITARY,SYRMIL,SYRIA MILITARY,062,1,https://news.example/m2,North Korean troops arrive in Syria.\n\
m3,2024-05-09,PRKMIL,NORTH KOREA MILITARY,RUSMIL,RUSSIA MILITARY,062,1,https://news.example/m3,Joint drills with Russia.\n\
m4,2024-05-09,PRKGOV,NORTH KOREA,RUSGOV,RUSSIA,036,1,https://news.example/m4,North Korean troops may be sent to Russia.\n";
    ingest(dir.path(), "e.csv", rows);
    let cfg = Config::parse(
        &vigil_monitor::config::DEFAULT_TOML.replace(
            "[[tripwires]]\nname = \"icbm-or-nuclear-test\"",
            "[[tripwires]]\nname = \"mil-to-mil\"\ndescription = \"t\"\nquestions = [\"collaboration\"]\nseverity = \"low\"\n\
             plover = [\"COOPERATE\"]\nactor1_roles = [\"MIL\"]\nactor2_countries = [\"RUS\"]\n\n\
             [[tripwires]]\nname = \"icbm-or-nuclear-test\"",
        ),
        "test",
    )
    .unwrap();
    let alerts = tripwire_alerts(dir.path(), &cfg, &Scope::All);
    let ids: Vec<&str> = alerts.iter().map(|a| a.id.as_str()).collect();
    // troops-abroad: code 062, a keyword, both countries watched: m1 only (SYR is not
    // watched; m3 names no troops; m4's code is not the rule's).
    // mil-to-mil: PLOVER COOPERATE (062), actor 1 military, actor 2 in Russia: m1 and m3;
    // m1 is the same event as troops-abroad's, which is more severe and stands for it.
    assert_eq!(
        ids,
        [
            "tripwire:troops-abroad:PRK-RUS:06:2024-05-02",
            "tripwire:mil-to-mil:PRK-RUS:06:2024-05-09",
        ],
        "{alerts:#?}"
    );
    assert!(alerts[0].summary.contains("also tripwire mil-to-mil"));
    assert!(
        alerts[1].evidence[0].why.contains("PLOVER COOPERATE"),
        "{}",
        alerts[1].evidence[0].why
    );
    // A rule with no condition at all is refused, by name and key.
    let bad = vigil_monitor::config::DEFAULT_TOML.replace(
        "severity = \"high\"\ncodes = [\"1385\", \"204\"]\n",
        "severity = \"high\"\n",
    );
    let e = Config::parse(&bad, "w.toml").unwrap_err().to_string();
    assert!(
        e.contains("tripwires[3]") && e.contains("wmd-threat"),
        "{e}"
    );
}
