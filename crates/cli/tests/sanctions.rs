//! End-to-end: `vigil sanctions load`, `screen`, `screen eval` and `links` on the shared
//! FollowTheMoney files and the project's UN and OFAC fixtures.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../sanctions/tests/data")
        .join(name)
}

fn shared(name: &str) -> String {
    vigil_testdata::shared(&format!("sanctions/{name}"))
        .display()
        .to_string()
}

fn loaded() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(
        dir.path(),
        &[
            "sanctions",
            "load",
            &shared("yente-t1-entities.ftm.json"),
            &shared("nomenklatura-donations.ijson"),
            fixture("ofac-sdn-sample.xml").to_str().unwrap(),
            fixture("un-consolidated-sample.xml").to_str().unwrap(),
        ],
    );
    dir
}

#[test]
fn load_reports_counts_and_is_repeatable() {
    let dir = loaded();
    let status = json(dir.path(), &["sanctions", "status", "--json"]);
    let inputs = status["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 4);
    let donations = inputs
        .iter()
        .find(|i| i["dataset"] == "nomenklatura-donations")
        .unwrap();
    // Independent count of the file's records by schema.
    let text = std::fs::read_to_string(shared("nomenklatura-donations.ijson")).unwrap();
    let persons = text
        .lines()
        .filter(|l| serde_json::from_str::<Value>(l).unwrap()["schema"] == "Person")
        .count();
    assert_eq!(donations["by_schema"]["Person"], persons as u64);
    let again = json(
        dir.path(),
        &[
            "sanctions",
            "load",
            "--json",
            &shared("yente-t1-entities.ftm.json"),
        ],
    );
    assert_eq!(again[0]["already_loaded"], true);
    let un = inputs.iter().find(|i| i["format"] == "un").unwrap();
    assert_eq!(un["rejected"], 1);
}

#[test]
fn screen_ranks_explains_and_batches() {
    let dir = loaded();
    let r = json(
        dir.path(),
        &[
            "screen",
            "Ким Чен Ын",
            "--format",
            "json",
            "--threshold",
            "0.7",
        ],
    );
    let m = &r[0]["matches"][0];
    assert_eq!(m["entity_id"], "ofac-90001", "{r}");
    assert_eq!(m["features"][0]["feature"], "name");
    assert!(m["score"].as_f64().unwrap() >= 0.7);

    let r = json(
        dir.path(),
        &[
            "screen",
            "Kim Jong Un",
            "--birth-date",
            "1990-01-01",
            "--country",
            "KP",
            "--format",
            "json",
            "--threshold",
            "0.5",
        ],
    );
    let feats: Vec<&str> = r[0]["matches"][0]["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["feature"].as_str().unwrap())
        .collect();
    assert_eq!(feats, ["name", "birth_date", "country"]);

    let q = dir.path().join("queries.csv");
    std::fs::write(
        &q,
        "name,schema,country\nKim Chong-un,person,PRK\nChon Myong,vessel,\nMaria Schmidt,,\n",
    )
    .unwrap();
    let r = json(
        dir.path(),
        &["screen", "--file", q.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(r.as_array().unwrap().len(), 3);
    assert_eq!(r[0]["matches"][0]["entity_id"], "ofac-90001");
    assert_eq!(r[1]["matches"][0]["entity_id"], "ofac-90003");
    assert!(r[2]["matches"].as_array().unwrap().is_empty());

    // A row with no schema that gives a gender or a first name is a person's, as yente's
    // fixtures give people: a vessel's name is then no match; without them, it is.
    std::fs::write(
        &q,
        "full_name,first_name,gender\nChon Myong,Chon,male\nChon Myong,,\n",
    )
    .unwrap();
    let r = json(
        dir.path(),
        &["screen", "--file", q.to_str().unwrap(), "--format", "json"],
    );
    assert!(r[0]["matches"].as_array().unwrap().is_empty(), "{r}");
    assert_eq!(r[1]["matches"][0]["entity_id"], "ofac-90003");

    std::fs::write(&q, "name,country\nSomeone,Atlantis\n").unwrap();
    let bad = vigil(dir.path(), &["screen", "--file", q.to_str().unwrap()]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("queries.csv") && err.contains("line 2") && err.contains("country"),
        "{err}"
    );
}

#[test]
fn names_from_lists_are_escaped_on_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("evil.ftm.json");
    std::fs::write(
        &f,
        "{\"id\":\"e1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Ivan \\u001b[31mRed\\u001b[0m Petrov\"]}}\n",
    )
    .unwrap();
    ok(dir.path(), &["sanctions", "load", f.to_str().unwrap()]);
    let out = ok(dir.path(), &["screen", "Ivan Red Petrov"]);
    assert!(out.contains("Petrov"), "{out}");
    assert!(!out.contains('\x1b'), "{out:?}");
}

/// Recomputes precision and recall of one part of an evaluation from its pairs on the
/// wrong side, and the share scored exactly 1.0 from its histogram.
fn check_part(e: &Value, positives: f64) {
    let errors = e["errors"].as_array().unwrap();
    let false_pos = errors.iter().filter(|p| p["is_match"] == false).count() as f64;
    let false_neg = errors.iter().filter(|p| p["is_match"] == true).count() as f64;
    let tp = positives - false_neg;
    assert_eq!(e["positives"].as_f64().unwrap(), positives);
    let close = |k: &str, v: f64| assert!((e[k].as_f64().unwrap() - v).abs() < 1e-12, "{k}");
    close("recall", tp / positives);
    close("precision", tp / (tp + false_pos));
    let h = &e["histogram"];
    let binned: u64 = h["bins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_u64().unwrap())
        .sum();
    let ones = h["exact_one"].as_u64().unwrap();
    assert_eq!(binned + ones, e["pairs"].as_u64().unwrap());
    let share = ones as f64 / e["pairs"].as_f64().unwrap();
    assert!((e["exact_one_share"].as_f64().unwrap() - share).abs() < 1e-12);
}

#[test]
fn eval_figures_recompute_from_its_json() {
    let dir = tempfile::tempdir().unwrap();
    let pairs = fixture("name-pairs.csv");
    let e = json(
        dir.path(),
        &["screen", "eval", pairs.to_str().unwrap(), "--json"],
    );
    let text = std::fs::read_to_string(&pairs).unwrap();
    assert_eq!(
        e["all"]["pairs"].as_u64().unwrap() as usize,
        text.lines().count() - 1
    );
    let positives = text.lines().skip(1).filter(|l| l.contains(",1,")).count() as f64;
    check_part(&e["all"], positives);
}

#[test]
fn name_benchmark_parts_and_the_peer_recompute_from_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let cases = shared("match-dev/nk-name-bench-cases.dev.csv");
    let frozen = shared("match-dev/nk-name-bench-logicv2-frozen.dev.csv");
    let e = json(
        dir.path(),
        &["screen", "eval", &cases, "--peer", &frozen, "--json"],
    );
    assert_eq!(e["format"], "name-bench");
    // Every row of the file is a pair; the parts split them without loss or overlap.
    let mut r = csv::Reader::from_path(&cases).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let all = e["all"]["pairs"].as_u64().unwrap() as usize;
    assert_eq!(all, rows.len());
    let tune = e["tune"]["pairs"].as_u64().unwrap() as usize;
    let held = e["held_out"]["pairs"].as_u64().unwrap() as usize;
    assert_eq!(tune + held, all);
    assert!(tune > all / 4 && held > all / 4, "{tune} / {held}");
    let positives = |part: &str| {
        rows.iter()
            .filter(|r| r.get(4) == Some("true"))
            .filter(|r| {
                let key = format!("{}\u{1f}{}", r.get(2).unwrap(), r.get(3).unwrap());
                let p = vigil_sanctions::eval::Part::of(&key);
                part == "all" || (part == "tune") == (p == vigil_sanctions::eval::Part::Tune)
            })
            .count() as f64
    };
    check_part(&e["all"], positives("all"));
    check_part(&e["tune"], positives("tune"));
    check_part(&e["held_out"], positives("held"));
    // The peer's decisions, recounted from its file on the pairs both share.
    let peer = &e["peer"];
    let mut r = csv::Reader::from_path(&frozen).unwrap();
    let frozen_rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let names: std::collections::HashSet<(String, String, String)> = rows
        .iter()
        .map(|r| (r[2].to_string(), r[3].to_string(), r[4].to_string()))
        .collect();
    let shared_rows: Vec<&csv::StringRecord> = frozen_rows
        .iter()
        .filter(|r| names.contains(&(r[3].to_string(), r[4].to_string(), r[5].to_string())))
        .collect();
    assert_eq!(peer["shared"].as_u64().unwrap() as usize, shared_rows.len());
    let held_rows: Vec<&&csv::StringRecord> = shared_rows
        .iter()
        .filter(|r| {
            vigil_sanctions::eval::Part::of(&format!("{}\u{1f}{}", &r[3], &r[4]))
                == vigil_sanctions::eval::Part::HeldOut
        })
        .collect();
    let count = |label: &str, predicted: &str| {
        held_rows
            .iter()
            .filter(|r| &r[5] == label && &r[10] == predicted)
            .count() as f64
    };
    let (tp, fp, fneg) = (
        count("true", "true"),
        count("false", "true"),
        count("true", "false"),
    );
    let f1 = 2.0 * tp / (2.0 * tp + fp + fneg);
    assert!((peer["held_out"]["peer_f1"].as_f64().unwrap() - f1).abs() < 1e-9);
}

#[test]
fn links_around_an_entity_and_between_two() {
    let dir = loaded();
    // The payer with most payments in the donations data.
    let text = std::fs::read_to_string(shared("nomenklatura-donations.ijson")).unwrap();
    let mut payers: std::collections::HashMap<String, usize> = Default::default();
    for l in text.lines() {
        let v: Value = serde_json::from_str(l).unwrap();
        if v["schema"] == "Payment" {
            for p in v["properties"]["payer"].as_array().unwrap() {
                *payers.entry(p.as_str().unwrap().to_string()).or_default() += 1;
            }
        }
    }
    let mut by: Vec<(String, usize)> = payers.into_iter().collect();
    by.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let (top, n) = &by[0];
    let v = json(
        dir.path(),
        &["links", top, "--depth", "1", "--format", "json"],
    );
    let links = v["links"].as_array().unwrap();
    assert_eq!(links.len(), *n, "one link per payment");
    assert!(links.iter().all(|l| l["link"]["from"] == top.as_str()));

    let (second, _) = &by[1];
    let chains = json(
        dir.path(),
        &["links", "--path", top, second, "--format", "json"],
    );
    let chains = chains.as_array().unwrap();
    assert!(!chains.is_empty(), "two donors share a party");
    for c in chains {
        let c = c.as_array().unwrap();
        assert_eq!(c.len(), 2);
        // payer → party ← payer
        assert_eq!(c[0]["link"]["from"], top.as_str());
        assert_eq!(c[1]["link"]["from"], second.as_str());
        assert_eq!(c[0]["link"]["to"], c[1]["link"]["to"]);
    }
    let dot = ok(
        dir.path(),
        &["links", top, "--depth", "1", "--format", "dot"],
    );
    assert!(dot.starts_with("digraph links {") && dot.trim_end().ends_with('}'));
    let bad = vigil(dir.path(), &["links", "no-such-entity"]);
    assert!(!bad.status.success());
}

#[test]
fn events_are_flagged_when_their_actors_or_sentences_name_a_listed_entity() {
    let dir = loaded();
    let csv = dir.path().join("events.csv");
    std::fs::write(
        &csv,
        "id,date,actor1_code,actor1_name,actor2_code,actor2_name,event_code,num_sources,url,evidence\n\
         t1,2024-03-01,PRKGOV,KIM JONG UN,RUSGOV,RUSSIA,042,2,https://example.org/1,Kim Jong Un visits Russia.\n\
         t2,2024-03-02,PRKGOV,NORTH KOREA,RUSGOV,RUSSIA,072,2,https://example.org/2,The tanker Chon Myong was seen transferring oil at sea.\n\
         t3,2024-03-03,JPNGOV,JAPAN,KORGOV,SOUTH KOREA,042,2,https://example.org/3,Japan's foreign minister visits Seoul.\n",
    )
    .unwrap();
    ok(dir.path(), &["ingest", csv.to_str().unwrap()]);
    let rows = json(
        dir.path(),
        &[
            "events",
            "--sanctioned",
            "--format",
            "json",
            "--from",
            "2024-03-01",
        ],
    );
    let flag = |id: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["event_id"] == id)
            .unwrap()["sanctioned"]
            .clone()
    };
    assert!(
        flag("curated-t1").as_str().unwrap().contains("ofac-90001"),
        "{rows}"
    );
    assert!(
        flag("curated-t2").as_str().unwrap().contains("ofac-90003"),
        "{rows}"
    );
    assert!(flag("curated-t3").is_null(), "{rows}");
    // The shipped `listed-actor` tripwire takes both: the listed actor, and the listed
    // vessel named only in the sentence; not the third.
    let alerts = json(dir.path(), &["watch", "--once", "--format", "json"]);
    let trip: Vec<&serde_json::Value> = alerts
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["tripwire"] == "listed-actor")
        .collect();
    let ids: Vec<&str> = trip.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "tripwire:listed-actor:PRK-RUS:04:2024-03-01",
            "tripwire:listed-actor:PRK-RUS:07:2024-03-02"
        ],
        "{alerts}"
    );
    let why = trip[1]["evidence"][0]["why"].as_str().unwrap();
    assert!(
        why.contains("the sentence names a listed entity") && why.contains("ofac-90003"),
        "{why}"
    );
}

#[test]
fn the_sanctions_monitor_counts_events_whose_actor_is_listed() {
    let dir = loaded();
    let csv = dir.path().join("events.csv");
    let mut rows = String::from(
        "id,date,actor1_code,actor1_name,actor2_code,actor2_name,event_code,num_sources,url,evidence\n",
    );
    // Visits in March by a listed person: no sanctions code, no sanctions keyword.
    for d in 1..=3 {
        rows.push_str(&format!(
            "v{d},2024-03-0{d},PRKGOV,KIM JONG UN,RUSGOV,RUSSIA,042,2,https://example.org/{d},A visit.\n"
        ));
    }
    rows.push_str(
        "x1,2024-01-10,PRKGOV,NORTH KOREA,RUSGOV,RUSSIA,042,2,https://example.org/x,A visit.\n",
    );
    std::fs::write(&csv, rows).unwrap();
    ok(dir.path(), &["ingest", csv.to_str().unwrap()]);
    let cfg = dir.path().join("w.toml");
    let text = vigil_monitor::config::DEFAULT_TOML
        .replace("period = \"week\"", "period = \"month\"")
        .replace("min_baseline_periods = 4", "min_baseline_periods = 0")
        .replace("threshold = 3.0", "threshold = 1.0");
    std::fs::write(&cfg, &text).unwrap();
    let alerts = json(
        dir.path(),
        &[
            "watch",
            "--once",
            "--config",
            cfg.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let a = alerts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "sanctions:PRK:2024-03-01")
        .unwrap_or_else(|| panic!("no sanctions alert: {alerts}"));
    assert_eq!(a["observed"], 3.0);
    for e in a["evidence"].as_array().unwrap() {
        let why = e["why"].as_str().unwrap();
        assert!(
            why.contains("is listed") && why.contains("ofac-90001"),
            "{why}"
        );
    }
    // Switched off, the same events are not sanctions events.
    std::fs::write(
        &cfg,
        text.replace("listed_actors = true", "listed_actors = false"),
    )
    .unwrap();
    let d2 = tempfile::tempdir().unwrap();
    ok(d2.path(), &["ingest", csv.to_str().unwrap()]);
    ok(
        d2.path(),
        &[
            "sanctions",
            "load",
            fixture("ofac-sdn-sample.xml").to_str().unwrap(),
        ],
    );
    let none = json(
        d2.path(),
        &[
            "watch",
            "--once",
            "--config",
            cfg.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let none = none.as_array().unwrap();
    assert!(
        none.iter()
            .all(|a| a["monitor"] != "sanctions" || !a["tripwire"].is_null()),
        "{none:?}"
    );
    // The shipped `listed-actor` tripwire still sees the listed person: one alert for the
    // three visits on consecutive days (one evidence cluster), citing all three reports.
    let trip: Vec<&serde_json::Value> = none
        .iter()
        .filter(|a| a["tripwire"] == "listed-actor")
        .collect();
    assert_eq!(trip.len(), 1, "{none:?}");
    assert_eq!(trip[0]["monitor"], "sanctions");
    assert_eq!(trip[0]["countries"], serde_json::json!(["PRK", "RUS"]));
    assert_eq!(trip[0]["period"]["start"], "2024-03-01");
    assert_eq!(trip[0]["period"]["end"], "2024-03-03");
    let ev = trip[0]["evidence"].as_array().unwrap();
    assert!(
        ev.iter()
            .all(|e| e["cluster"]["reports"] == 3
                && e["why"].as_str().unwrap().contains("ofac-90001"))
    );
}

#[test]
fn match_finds_whole_records_from_csv_and_ftm_with_every_feature_shown() {
    let dir = loaded();
    let csv_file = dir.path().join("records.csv");
    std::fs::write(
        &csv_file,
        "name,schema,birth_date,country,nationality,id_number,imo\n\
         김정은,person,1984-01-08,,KP,,\n\
         Kim Jong Un,person,1971-05-10,,,,\n\
         SEA PRINCESS,vessel,,,,,IMO 8712362\n\
         Maria Schmidt,person,,,,,\n",
    )
    .unwrap();
    let v = json(
        dir.path(),
        &[
            "match",
            csv_file.to_str().unwrap(),
            "--threshold",
            "0.5",
            "--format",
            "json",
        ],
    );
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 4);
    let first = |i: usize| rows[i]["matches"][0].clone();
    let kju = first(0);
    assert_eq!(kju["entity_id"], "ofac-90001", "{kju:#}");
    assert_eq!(kju["list_published"], "05/01/2024");
    let feature = |m: &Value, f: &str| {
        m["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["feature"] == f)
            .map(|x| x["contribution"].as_f64().unwrap())
    };
    assert!(feature(&kju, "birth_date").unwrap() > 0.0);
    // The same name born thirteen years earlier: counter-evidence, a lower score.
    let wrong_year = &rows[1]["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["entity_id"] == "ofac-90001")
        .cloned()
        .unwrap();
    assert!(feature(wrong_year, "birth_date").unwrap() < 0.0);
    assert!(wrong_year["score"].as_f64().unwrap() < kju["score"].as_f64().unwrap());
    // A renamed vessel is found by its IMO number alone.
    let ship = first(2);
    assert_eq!(ship["entity_id"], "ofac-90003", "{ship:#}");
    assert!(feature(&ship, "identifier").unwrap() > 0.0);
    assert!(rows[3]["matches"].as_array().unwrap().is_empty());
    // Scores are the sum of the contributions shown.
    for m in rows.iter().flat_map(|r| r["matches"].as_array().unwrap()) {
        let sum: f64 = m["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["contribution"].as_f64().unwrap())
            .sum();
        assert!(
            (sum.clamp(0.0, 1.0) - m["score"].as_f64().unwrap()).abs() < 0.002,
            "{m:#}"
        );
    }

    // The same records as FtM JSON lines give the same best candidates.
    let ftm = dir.path().join("records.ftm.json");
    std::fs::write(
        &ftm,
        "{\"id\":\"q1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"김정은\"],\"birthDate\":[\"1984-01-08\"],\"nationality\":[\"kp\"]}}\n\
         {\"id\":\"q2\",\"schema\":\"Vessel\",\"properties\":{\"name\":[\"SEA PRINCESS\"],\"imoNumber\":[\"8712362\"]}}\n",
    )
    .unwrap();
    let v = json(
        dir.path(),
        &[
            "match",
            ftm.to_str().unwrap(),
            "--threshold",
            "0.5",
            "--format",
            "json",
        ],
    );
    assert_eq!(v[0]["matches"][0]["entity_id"], "ofac-90001");
    assert_eq!(v[1]["matches"][0]["entity_id"], "ofac-90003");
    assert_eq!(v[1]["line"], 2);

    // Bad input names the file and line.
    let bad = dir.path().join("bad.ftm.json");
    std::fs::write(&bad, "{\"id\":\"q1\",\"schema\":\"Person\"}\n{not json\n").unwrap();
    let out = vigil(dir.path(), &["match", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.ftm.json:2"), "{err}");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "name,birth_date\nKim,1984-13\n").unwrap();
    let err = String::from_utf8_lossy(&vigil(dir.path(), &["match", bad.to_str().unwrap()]).stderr)
        .to_string();
    assert!(
        err.contains("line 2") && err.contains("birth_date"),
        "{err}"
    );
}

#[test]
fn match_eval_on_judged_pairs_recomputes_and_reads_both_layouts() {
    let dir = tempfile::tempdir().unwrap();
    let pairs = shared("match-dev/os-pairs-sample1000-unshuffled.dev.json");
    let e = json(dir.path(), &["match", "eval", &pairs, "--json"]);
    let text = std::fs::read_to_string(&pairs).unwrap();
    let judged: Vec<Value> = serde_json::from_str(&text).unwrap();
    let set_aside = e["set_aside"].as_array().unwrap().len();
    assert_eq!(
        e["all"]["pairs"].as_u64().unwrap() as usize + set_aside,
        judged.len()
    );
    let scored = e["scored"].as_array().unwrap();
    // Recount from the scored pairs: positives, and the errors at the threshold.
    let positives = scored.iter().filter(|p| p["is_match"] == true).count() as f64;
    check_part(&e["all"], positives);
    let at = e["all"]["threshold"].as_f64().unwrap();
    let wrong = scored
        .iter()
        .filter(|p| (p["is_match"] == true) != (p["score"].as_f64().unwrap() >= at))
        .count();
    assert_eq!(wrong, e["all"]["errors"].as_array().unwrap().len());
    // Graded: not everything is 1.0.
    assert!(e["all"]["exact_one_share"].as_f64().unwrap() < 0.5);
    // The same pairs as JSON lines give the same figures.
    let lines: String = judged.iter().map(|p| format!("{p}\n")).collect();
    let jsonl = dir.path().join("pairs.jsonl");
    std::fs::write(&jsonl, lines).unwrap();
    let again = json(
        dir.path(),
        &["match", "eval", jsonl.to_str().unwrap(), "--json"],
    );
    assert_eq!(again["all"]["f1"], e["all"]["f1"]);
    assert_eq!(again["held_out"]["pairs"], e["held_out"]["pairs"]);
    assert_eq!(again["set_aside"].as_array().unwrap().len(), set_aside);
}

#[test]
fn a_cleared_match_is_remembered_with_its_reason_and_raised_again_when_the_entity_changes() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.ftm.json");
    let entity = |aliases: &str| {
        format!(
            "{{\"id\":\"p-kim\",\"schema\":\"Person\",\"properties\":{{\"name\":[\"Kim Jong Nam\"],\"alias\":[{aliases}],\"birthDate\":[\"1971-05-10\"]}}}}\n"
        )
    };
    std::fs::write(&list, entity("\"김정남\"")).unwrap();
    ok(dir.path(), &["sanctions", "load", list.to_str().unwrap()]);
    let screen = |name: &str| json(dir.path(), &["screen", name, "--format", "json"]);
    assert!(screen("Kim Jong Nam")[0]["matches"][0]["cleared"].is_null());
    let out = vigil(
        dir.path(),
        &[
            "screen",
            "Kim Jong Nam",
            "--clear",
            "p-kim",
            "--reason",
            "born 1990, different person",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Remembered on a later run (a new process), for any spelling of the same query.
    let m = &screen("KIM Jong-nam")[0]["matches"][0];
    assert_eq!(m["entity_id"], "p-kim");
    assert_eq!(m["cleared"]["reason"], "born 1990, different person");
    assert_eq!(m["cleared"]["entity_changed"], false);
    assert!(m["cleared"]["cleared_at"].as_str().unwrap().ends_with('Z'));
    let table = ok(dir.path(), &["screen", "Kim Jong Nam"]);
    assert!(
        table.contains("cleared") && table.contains("born 1990"),
        "{table}"
    );
    // Another query is not covered.
    assert!(screen("김정남")[0]["matches"][0]["cleared"].is_null());
    // The list's next issue changes the entity: the match is raised again.
    let next = dir.path().join("list-2.ftm.json");
    std::fs::write(&next, entity("\"김정남\", \"Kim Chol\"")).unwrap();
    ok(dir.path(), &["sanctions", "load", next.to_str().unwrap()]);
    let m = &screen("Kim Jong Nam")[0]["matches"][0];
    assert_eq!(m["cleared"]["entity_changed"], true, "{m:#}");
    assert!(ok(dir.path(), &["screen", "Kim Jong Nam"]).contains("RAISED AGAIN"));
    // Clearing needs a reason and a loaded entity; the audit file keeps every decision.
    let out = vigil(
        dir.path(),
        &[
            "screen",
            "Kim Jong Nam",
            "--clear",
            "nobody",
            "--reason",
            "x",
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nobody"));
    let out = vigil(
        dir.path(),
        &[
            "screen",
            "Kim Jong Nam",
            "--clear",
            "p-kim",
            "--reason",
            " ",
        ],
    );
    assert!(!out.status.success());
    let audit = std::fs::read_to_string(dir.path().join("sanctions/cleared.jsonl")).unwrap();
    assert_eq!(audit.lines().count(), 1);
}

/// Writes a small ownership world as two FtM files: the entities (two on the SDN list by
/// their `datasets`) and the Ownership links.
fn ownership_world(dir: &Path) -> (PathBuf, PathBuf) {
    let e = |id: &str, name: &str, sdn: bool| {
        format!(
            "{{\"id\":\"{id}\",\"schema\":\"Company\",\"datasets\":[\"{}\"],\"properties\":{{\"name\":[\"{name}\"]}}}}\n",
            if sdn { "us_ofac_sdn" } else { "gb_registry" }
        )
    };
    let o = |id: &str, from: &str, to: &str, pct: &str| {
        format!(
            "{{\"id\":\"{id}\",\"schema\":\"Ownership\",\"properties\":{{\"owner\":[\"{from}\"],\"asset\":[\"{to}\"],\"percentage\":[\"{pct}\"]}}}}\n"
        )
    };
    let entities = dir.join("entities.ftm.json");
    std::fs::write(
        &entities,
        [
            e("sdn-a", "Arctic Holding", true),
            e("sdn-b", "Boreal Trading", true),
            e("c", "Cobalt Shipping", false),
            e("d", "Delta Tankers", false),
            e("e", "Eastern Logistics", false),
            e("f", "Fjord Marine", false),
        ]
        .concat(),
    )
    .unwrap();
    let links = dir.join("links.ftm.json");
    std::fs::write(
        &links,
        [
            o("o1", "sdn-a", "c", "60%"),
            o("o2", "c", "d", "50"),
            o("o3", "sdn-a", "e", "between 25 and 30"),
            o("o4", "sdn-b", "e", "25"),
            o("o5", "sdn-b", "f", "a controlling stake"),
        ]
        .concat(),
    )
    .unwrap();
    (entities, links)
}

#[test]
fn exposure_blocks_by_aggregate_ownership_with_chains_whatever_the_load_order() {
    let work = tempfile::tempdir().unwrap();
    let (entities, links) = ownership_world(work.path());
    let answers: Vec<Value> = [[&entities, &links], [&links, &entities]]
        .iter()
        .map(|order| {
            let dir = tempfile::tempdir().unwrap();
            for f in order {
                ok(dir.path(), &["sanctions", "load", f.to_str().unwrap()]);
            }
            json(dir.path(), &["exposure", "--format", "json"])
        })
        .collect();
    assert_eq!(answers[0], answers[1], "the load order changes nothing");
    let x = &answers[0];
    let blocked: Vec<&str> = x["blocked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["entity"].as_str().unwrap())
        .collect();
    // c: 60% by an SDN entity; d: 50% by c, blocked itself; e: 25% + 25% (the low end of
    // "between 25 and 30") reach 50% jointly; f's share does not read.
    assert_eq!(blocked, ["c", "d", "e"]);
    let d = x["blocked"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["entity"] == "d")
        .unwrap();
    assert_eq!(d["chains"][0], serde_json::json!(["sdn-a", "c", "d"]));
    assert_eq!(x["unread"][0]["percentage"], "a controlling stake");
    assert_eq!(x["unread"][0]["owner_blocked"], true);

    // One entity, and screening shows the chain.
    let dir = tempfile::tempdir().unwrap();
    ok(
        dir.path(),
        &[
            "sanctions",
            "load",
            entities.to_str().unwrap(),
            links.to_str().unwrap(),
        ],
    );
    let one = ok(dir.path(), &["exposure", "d"]);
    assert!(
        one.contains("blocked by ownership") && one.contains("Arctic Holding (SDN)"),
        "{one}"
    );
    let s = json(dir.path(), &["screen", "Delta Tankers", "--format", "json"]);
    let chain = s[0]["matches"][0]["blocked_by_ownership"][0]
        .as_str()
        .unwrap();
    assert_eq!(
        chain,
        "Arctic Holding (SDN) → 60% Cobalt Shipping → 50% Delta Tankers"
    );
    let s = json(
        dir.path(),
        &["screen", "Arctic Holding", "--format", "json"],
    );
    assert!(
        s[0]["matches"][0]["blocked_by_ownership"].is_null(),
        "on the list itself"
    );
    // An event whose sentence names the blocked company says so, with the chain.
    let article = work.path().join("article.txt");
    std::fs::write(
        &article,
        "Russia sent fuel to North Korea on a tanker chartered by Cobalt Shipping, officials said.\n",
    )
    .unwrap();
    ok(
        dir.path(),
        &[
            "code",
            article.to_str().unwrap(),
            "--date",
            "2024-06-19",
            "--store",
        ],
    );
    let events = json(dir.path(), &["events", "--sanctioned", "--format", "json"]);
    let flag = events[0]["sanctioned"].as_str().unwrap();
    assert!(
        flag.contains("Cobalt Shipping (c")
            && flag.contains("blocked by ownership: Arctic Holding (SDN) → 60% Cobalt Shipping"),
        "{flag}"
    );
}

/// `--rule eu` on real list data (yente's zala fixture: Russian persons and companies with
/// their EU, OFAC and other listings, Ownership and Directorship links): every ownership
/// link from a listed person has ended or gives no share, so OFAC's rule blocks nothing,
/// while under the EU's a listed person who is the executive director (the sole executive
/// body) of a partnership blocks it by control, shown with the link's role; the UK's rule
/// finds the same through the UK Sanctions List.
#[test]
fn exposure_under_the_eu_rule_counts_control_on_real_list_data() {
    let dir = tempfile::tempdir().unwrap();
    ok(
        dir.path(),
        &["sanctions", "load", &shared("yente-zala-entities.ftm.json")],
    );
    let ofac = json(dir.path(), &["exposure", "--format", "json"]);
    assert_eq!(ofac["rule"], "ofac");
    assert_eq!(ofac["blocked"].as_array().unwrap().len(), 0, "{ofac}");
    let eu = json(
        dir.path(),
        &["exposure", "--rule", "eu", "--format", "json"],
    );
    assert_eq!(eu["rule"], "eu");
    assert!(eu["designated"].as_u64().unwrap() > 0);
    let blocked = eu["blocked"].as_array().unwrap();
    assert_eq!(blocked.len(), 1, "{eu}");
    assert_eq!(blocked[0]["by"], "control");
    assert_eq!(blocked[0]["holdings"][0]["via"], "control");
    assert_eq!(blocked[0]["holdings"][0]["owner_blocked_by"], "eu");
    let id = blocked[0]["entity"].as_str().unwrap().to_string();
    let one = ok(dir.path(), &["exposure", &id, "--rule", "eu"]);
    assert!(
        one.contains("blocked by control") && one.contains("Исполнительный директор"),
        "{one}"
    );
    // The UK's rule reads its own list (gb_fcdo_sanctions) and counts the same control.
    let uk = json(
        dir.path(),
        &["exposure", "--rule", "uk", "--format", "json"],
    );
    assert_eq!(uk["rule"], "uk");
    assert!(uk["designated"].as_u64().unwrap() > 0);
    assert_ne!(uk["designated"], eu["designated"], "each rule its own list");
    let by_uk = uk["blocked"].as_array().unwrap();
    assert_eq!(by_uk.len(), 1, "{uk}");
    assert_eq!(by_uk[0]["entity"], blocked[0]["entity"]);
    assert_eq!(by_uk[0]["holdings"][0]["owner_blocked_by"], "uk");
    let table = ok(dir.path(), &["exposure", "--rule", "uk"]);
    assert!(
        table.starts_with("UK rule:") && table.contains("(UK) → controls"),
        "{table}"
    );
    // The ended holdings are counted as ended under either rule.
    assert_eq!(eu["ended"], ofac["ended"]);
    assert!(ofac["ended"].as_u64().unwrap() > 0);
}
