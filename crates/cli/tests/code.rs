//! End-to-end: `vigil code` on text, JSON lines, XML and standard input, `--store`, and
//! `vigil code eval` on PETRARCH's unit-test records, with its figures recomputed here from
//! the per-record JSON.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::*;
use serde_json::Value;

fn article(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../coder/tests/data/articles")
        .join(name)
}

fn unit_records() -> PathBuf {
    vigil_testdata::shared("petrarch2/text/PETR.UnitTest.records.xml")
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

#[test]
fn eval_figures_recompute_from_the_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = unit_records();
    let v = json(
        dir.path(),
        &["code", "eval", path.to_str().unwrap(), "--json"],
    );
    // The dictionaries the file's <Environment> names were found in ../dictionaries.
    let dicts: Vec<&str> = v["dictionaries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert!(
        dicts.iter().any(|d| d.ends_with("PETR.Validate.verbs.txt")),
        "{dicts:?}"
    );
    let results = v["results"].as_array().unwrap();
    let key = |e: &Value| format!("{}|{}|{}", e["source"], e["target"], e["code"]);
    let (mut exact, mut expected, mut coded, mut matched) = (0, 0, 0, 0);
    for r in results {
        let exp: Vec<String> = r["expected"].as_array().unwrap().iter().map(key).collect();
        let mut got: Vec<String> = r["coded"].as_array().unwrap().iter().map(key).collect();
        expected += exp.len();
        coded += got.len();
        for e in &exp {
            if let Some(k) = got.iter().position(|g| g == e) {
                got.swap_remove(k);
                matched += 1;
            }
        }
        let mut a = exp.clone();
        let mut b: Vec<String> = r["coded"].as_array().unwrap().iter().map(key).collect();
        a.sort();
        b.sort();
        let error_ok = match (r["error"].as_str(), r["expected_error"].as_str()) {
            (None, None) => true,
            (Some(got), Some(want)) => got.starts_with(want),
            _ => false,
        };
        let is_exact = a == b && error_ok;
        assert_eq!(r["exact"].as_bool().unwrap(), is_exact, "{}", r["id"]);
        exact += usize::from(is_exact);
    }
    assert_eq!(v["records"].as_u64().unwrap() as usize, results.len());
    assert_eq!(v["exact"].as_u64().unwrap() as usize, exact);
    assert_eq!(v["expected_events"].as_u64().unwrap() as usize, expected);
    assert_eq!(v["coded_events"].as_u64().unwrap() as usize, coded);
    assert_eq!(v["matched_events"].as_u64().unwrap() as usize, matched);
    let p = v["precision"].as_f64().unwrap();
    assert!((p - matched as f64 / coded as f64).abs() < 1e-9);
    let r = v["recall"].as_f64().unwrap();
    assert!((r - matched as f64 / expected as f64).abs() < 1e-9);
    // The file holds 284 records; the one without text is set aside with its line.
    assert_eq!(results.len(), 283);
    // The README states 80% of records coded exactly; a change that loses ground fails here.
    assert!(
        exact * 100 >= results.len() * 80,
        "exact {exact} of {}",
        results.len()
    );
    // Confusion rows account for every expected event.
    let conf_total: u64 = v["confusion"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|row| {
            row.as_object()
                .unwrap()
                .values()
                .map(|n| n.as_u64().unwrap())
        })
        .sum();
    assert_eq!(conf_total as usize, expected);
    // The table form names the figures.
    let table = ok(
        dir.path(),
        &["code", "eval", path.to_str().unwrap(), "--failures"],
    );
    assert!(
        table.contains(&format!("coded exactly    {exact} (")),
        "{table}"
    );
    assert!(table.contains("records not coded exactly:"));
}

#[test]
fn universal_petrarch_validation_records_run_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = vigil_testdata::shared("coder-dev/udpetrarch-validate-records-2_02.xml");
    let dicts = vigil_testdata::shared("cameo-dictionaries/universal-petrarch/udp-validate");
    let out = vigil(
        dir.path(),
        &[
            "code",
            "eval",
            path.to_str().unwrap(),
            "--dict",
            dicts.to_str().unwrap(),
            "--json",
        ],
    );
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    // The discards file its <Environment> names is not there; the closest one is used.
    assert!(
        err.contains("names PETR_Validate_discards_2_02.txt")
            && err.contains("Phoenix.discards.txt"),
        "{err}"
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Records counted independently: <Sentence elements outside comments.
    let text = std::fs::read_to_string(&path).unwrap();
    let mut outside = String::new();
    let mut rest = text.as_str();
    while let Some(a) = rest.find("<!--") {
        outside.push_str(&rest[..a]);
        rest = &rest[a + rest[a..].find("-->").unwrap() + 3..];
    }
    outside.push_str(rest);
    let records = outside.matches("<Sentence ").count();
    assert_eq!(records, 274);
    assert_eq!(v["records"].as_u64().unwrap() as usize, records);
    // The README reports these figures; a change that loses ground fails here.
    let exact = v["exact"].as_u64().unwrap() as f64;
    assert!((v["exact_rate"].as_f64().unwrap() - exact / records as f64).abs() < 1e-9);
    assert!(exact / records as f64 > 0.6, "exact {exact} of {records}");
    // The <PLEvent> lines are scored as PLOVER gold: one gold event per distinct pair of
    // parties (the first three letters of code and sector, dashes aside: "---" with
    // sector "REL" is REL) of each line, recounted from the file.
    let mut gold = 0;
    let mut lines = 0;
    for l in outside
        .lines()
        .filter(|l| l.trim_start().starts_with("<PLEvent {"))
    {
        let body = l
            .trim()
            .trim_start_matches("<PLEvent")
            .trim_end_matches('>');
        let e: Value = serde_json::from_str(body).unwrap();
        let parties = |k: &str| {
            let mut p: Vec<String> = e[k]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|x| {
                            let c = format!(
                                "{}{}",
                                x["code"].as_str().unwrap(),
                                x["sector"].as_str().unwrap_or("")
                            );
                            c.trim_start_matches('-')[..3].to_string()
                        })
                        .collect()
                })
                .unwrap_or_default();
            p.sort();
            p.dedup();
            p.len().max(1)
        };
        gold += parties("source") * parties("target");
        lines += 1;
    }
    assert_eq!(lines, 38);
    let p = &v["plevents"]["all"];
    assert_eq!(p["gold_events"].as_u64().unwrap() as usize, gold);
    assert!(p["records"].as_u64().unwrap() > 0);
    assert!(p["dyad_type"]["recall"].as_f64().unwrap() > 0.5, "{p}");
}

#[test]
fn code_json_gives_codebook_facts_and_character_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let path = article("nk-russia.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let v = json(
        dir.path(),
        &[
            "code",
            path.to_str().unwrap(),
            "--date",
            "2024-06-19",
            "--format",
            "json",
        ],
    );
    let events = v.as_array().unwrap();
    assert!(events.len() >= 3);
    let praise = events.iter().find(|e| e["code"] == "051").expect("praise");
    assert_eq!(praise["name"], "Praise or endorse");
    assert_eq!(praise["quad_class"], 1);
    assert_eq!(praise["source"]["code"], "PRKGOV");
    assert_eq!(praise["date"], "2024-06-19");
    let span = |k: &str| {
        let a = praise[k][0].as_u64().unwrap() as usize;
        let b = praise[k][1].as_u64().unwrap() as usize;
        chars[a..b].iter().collect::<String>()
    };
    assert_eq!(span("source_chars"), "Kim Jong Un");
    assert_eq!(span("verb_chars"), "praised");
    assert_eq!(span("target_chars"), "Vladimir Putin");
    assert_eq!(span("sentence_chars"), praise["sentence"].as_str().unwrap());
    let hedged: Vec<&Value> = events.iter().filter(|e| e["hedged"] == true).collect();
    assert_eq!(hedged.len(), 1);
    assert_eq!(hedged[0]["code"], "072");
    // --no-hedged leaves it out.
    let v = json(
        dir.path(),
        &[
            "code",
            path.to_str().unwrap(),
            "--date",
            "2024-06-19",
            "--format",
            "json",
            "--no-hedged",
        ],
    );
    assert!(v.as_array().unwrap().iter().all(|e| e["hedged"] == false));
}

#[test]
fn store_makes_events_visible_to_every_command_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = article("alliances.txt");
    let out = vigil(
        dir.path(),
        &[
            "code",
            path.to_str().unwrap(),
            "--date",
            "2024-06-19",
            "--store",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        // Two pairs that agreed and signed, and three states that pledged together (each
        // with each of the others).
        stderr(&out).contains("stored 10 events as source `text`"),
        "{}",
        stderr(&out)
    );
    let rows = ok(
        dir.path(),
        &[
            "sql",
            "select actor1_country, actor2_country, event_code, evidence from events where source = 'text' order by event_code, actor1_country",
        ],
    );
    assert!(
        rows.contains("PRK             RUS             0312"),
        "{rows}"
    );
    assert!(
        rows.contains("BLR             RUS             057"),
        "{rows}"
    );
    assert!(rows.contains("signed a treaty"), "{rows}");
    assert!(
        rows.contains("JPN             USA             0312"),
        "{rows}"
    );
    assert_eq!(stored_rows(dir.path()), 10);
    let again = vigil(
        dir.path(),
        &[
            "code",
            path.to_str().unwrap(),
            "--date",
            "2024-06-19",
            "--store",
        ],
    );
    assert!(
        stderr(&again).contains("already stored"),
        "{}",
        stderr(&again)
    );
    assert_eq!(stored_rows(dir.path()), 10);
}

#[test]
fn json_lines_and_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let jl = dir.path().join("news.jsonl");
    std::fs::write(
        &jl,
        "{\"id\": \"a1\", \"text\": \"Moscow praised Pyongyang.\", \"date\": \"2024-06-19\", \"url\": \"https://example.org/a1\"}\n\
         {\"text\": 5}\n\
         {\"id\": \"a2\", \"text\": \"Seoul condemned Pyongyang.\", \"date\": \"20240620\"}\n",
    )
    .unwrap();
    let out = vigil(
        dir.path(),
        &["code", jl.to_str().unwrap(), "--format", "jsonl"],
    );
    assert!(out.status.success());
    let err = stderr(&out);
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["url"], "https://example.org/a1");
    assert_eq!(lines[1]["date"], "2024-06-20");
    assert_eq!(lines[1]["document"], "a2");
    assert!(
        err.contains("news.jsonl:2: field text: missing or not a string; set aside"),
        "{err}"
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args([
            "--data-dir",
            dir.path().to_str().unwrap(),
            "code",
            "-",
            "--format",
            "json",
            "--date",
            "2024-06-19",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Russia sold fuel to North Korea.")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["source"]["code"], "RUS");
    assert_eq!(v[0]["target"]["code"], "PRK");
    assert_eq!(v[0]["code"], "061");
}

#[test]
fn bad_input_gets_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    // Malformed XML names the line.
    let xml = dir.path().join("bad.xml");
    std::fs::write(&xml, "<Sentences>\n<Sentence id=\"1\" date=\"20240101\">\n<Text>Arnor met Gondor.</Txt>\n</Sentence>\n").unwrap();
    let out = vigil(dir.path(), &["code", xml.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("bad.xml:3: malformed XML"),
        "{}",
        stderr(&out)
    );
    // Non-UTF-8 text names the line.
    let bin = dir.path().join("latin1.txt");
    std::fs::write(&bin, b"Moscow praised Pyongyang.\nSeoul \xe9 Tokyo.\n").unwrap();
    let out = vigil(dir.path(), &["code", bin.to_str().unwrap()]);
    assert!(
        stderr(&out).contains("latin1.txt:2: the input is not UTF-8"),
        "{}",
        stderr(&out)
    );
    // A dictionary in an unknown syntax names file, line and what was expected.
    let dicts = dir.path().join("dicts");
    std::fs::create_dir(&dicts).unwrap();
    std::fs::write(dicts.join("my.verbs.txt"), "PRAISE [051]\n").unwrap();
    let text = dir.path().join("a.txt");
    std::fs::write(&text, "Moscow praised Pyongyang.").unwrap();
    let out = vigil(
        dir.path(),
        &[
            "code",
            text.to_str().unwrap(),
            "--dict",
            dicts.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("my.verbs.txt:1: expected a synset (&NAME), a verb block"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
    // A user's verb dictionary, with vigil's actors filling in.
    std::fs::write(dicts.join("my.verbs.txt"), "--- PRAISE [051] ---\nPRAISE\n").unwrap();
    let v = json(
        dir.path(),
        &[
            "code",
            text.to_str().unwrap(),
            "--dict",
            dicts.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(v[0]["code"], "051");
    assert_eq!(v[0]["source"]["code"], "RUS");
    // Untrusted text is escaped in the table.
    std::fs::write(&text, "Moscow praised Pyongyang \u{1b}[31m today.").unwrap();
    let table = ok(dir.path(), &["code", text.to_str().unwrap()]);
    assert!(!table.contains('\u{1b}'), "{table:?}");
}

/// A launch that arrives only as text: coded with one side (CAMEO 150, no target), stored,
/// and counted by the escalation monitor, whose alert names the sentence.
#[test]
fn launches_reported_only_in_text_raise_an_escalation_alert() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    ok(dir.path(), &["demo", "--dir", data.to_str().unwrap()]);
    let sentence =
        "North Korea fired two short-range ballistic missiles into the sea off its east coast.";
    let docs: String = (1..=8)
        .map(|d| {
            serde_json::json!({"id": format!("launch-{d}"), "date": format!("2024-12-{d:02}"), "text": sentence, "url": format!("https://example.org/{d}")})
                .to_string()
                + "\n"
        })
        .collect();
    let file = dir.path().join("launches.jsonl");
    std::fs::write(&file, docs).unwrap();
    let coded = json(&data, &["code", file.to_str().unwrap(), "--format", "json"]);
    let first = &coded[0];
    assert_eq!(first["code"], "150", "{first}");
    assert_eq!(first["source"]["code"], "PRK");
    assert_eq!(first["target"]["code"], "", "a launch has no target");
    ok(&data, &["code", file.to_str().unwrap(), "--store"]);
    let stored = json(
        &data,
        &[
            "events",
            "--actor1",
            "PRK",
            "--code",
            "150",
            "--from",
            "2024-12-01",
            "--format",
            "json",
        ],
    );
    assert_eq!(stored.as_array().unwrap().len(), 8);
    assert!(
        stored[0]["actor2_code"].is_null(),
        "stored with actor2 null: {}",
        stored[0]
    );
    ok(&data, &["watch", "--once"]);
    let alerts = json(
        &data,
        &["alerts", "--monitor", "escalation", "--format", "json"],
    );
    let alert = alerts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "escalation:PRK:2024-12-01")
        .unwrap_or_else(|| panic!("no December escalation alert: {alerts}"));
    assert!(
        alert["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["sentence"]
                .as_str()
                .is_some_and(|s| s.starts_with(sentence))
                && e["source"] == "text"),
        "{alert}"
    );
}

#[test]
fn relative_dates_and_plover_types_travel_with_coded_events_into_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.txt");
    // 2024-10-31 was a Thursday.
    std::fs::write(
        &path,
        "North Korea fired two short-range ballistic missiles into the sea yesterday.\n\n\
         Pyongyang launched an intercontinental ballistic missile on Tuesday.\n\n\
         North Korea threatened South Korea.\n",
    )
    .unwrap();
    let v = json(
        dir.path(),
        &[
            "code",
            path.to_str().unwrap(),
            "--date",
            "2024-10-31",
            "--format",
            "json",
        ],
    );
    let events = v.as_array().unwrap();
    let by_sentence = |w: &str| {
        events
            .iter()
            .find(|e| e["sentence"].as_str().unwrap().contains(w))
            .unwrap_or_else(|| panic!("no event for {w}: {v}"))
    };
    let y = by_sentence("yesterday");
    assert_eq!(y["event_date"], "2024-10-30");
    assert_eq!(y["date"], "2024-10-31", "the document keeps its date");
    assert!(
        y["date_resolved"]
            .as_str()
            .unwrap()
            .contains("\"yesterday\"")
    );
    assert_eq!(y["plover_type"], "MOBILIZE");
    assert_eq!(by_sentence("Tuesday")["event_date"], "2024-10-29");
    let t = by_sentence("threatened");
    assert_eq!(t["event_date"], "2024-10-31");
    assert!(t.get("date_resolved").is_none());
    assert_eq!(t["plover_type"], "THREATEN");
    // Stored: the event's day is the resolved one, the evidence says how, and the
    // PLOVER columns are the table's.
    ok(
        dir.path(),
        &[
            "code",
            path.to_str().unwrap(),
            "--date",
            "2024-10-31",
            "--store",
        ],
    );
    let rows = json(
        dir.path(),
        &[
            "sql",
            "--format",
            "json",
            "select cast(date as varchar) as d, plover_type, evidence from events where source = 'text' order by d",
        ],
    );
    let rows = rows.as_array().unwrap();
    let days: Vec<&str> = rows.iter().map(|r| r["d"].as_str().unwrap()).collect();
    assert_eq!(days, ["2024-10-29", "2024-10-30", "2024-10-31"], "{rows:?}");
    assert!(
        rows[1]["evidence"]
            .as_str()
            .unwrap()
            .contains("[date: \"yesterday\"")
    );
    assert_eq!(rows[2]["plover_type"], "THREATEN");
}

#[test]
fn an_event_told_twice_in_one_article_is_stored_once_with_both_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("launch.txt");
    std::fs::write(
        &path,
        "North Korea fired two ballistic missiles into the sea. Japan protested to North Korea. \
         North Korea also fired a cruise missile.\n",
    )
    .unwrap();
    let out = vigil(
        dir.path(),
        &[
            "code",
            path.to_str().unwrap(),
            "--date",
            "2024-06-19",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let events: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let launch = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"]["code"] == "PRK")
        .unwrap();
    assert_eq!(launch["sentences"], 2);
    assert_eq!(
        launch["also_sentences"][0],
        "North Korea also fired a cruise missile."
    );
    ok(
        dir.path(),
        &[
            "code",
            path.to_str().unwrap(),
            "--date",
            "2024-06-19",
            "--store",
        ],
    );
    let rows = ok(
        dir.path(),
        &[
            "sql",
            "select num_mentions, evidence like '%[2 sentences in this document; also: North Korea also fired a cruise missile.]' as both from events where source = 'text' and actor1_country = 'PRK'",
        ],
    );
    assert!(rows.contains("(1 rows)"), "{rows}");
    let row = rows.lines().nth(2).unwrap();
    assert_eq!(
        row.split_whitespace().collect::<Vec<_>>(),
        ["2", "true"],
        "{rows}"
    );
}

/// The first `n` records of Universal-PETRARCH's validation file that carry a CoNLL-U
/// parse: (id, date, text, parse).
fn udp_records(n: usize) -> Vec<(String, String, String, String)> {
    let xml = std::fs::read_to_string(vigil_testdata::shared(
        "coder-dev/udpetrarch-validate-records-2_02.xml",
    ))
    .unwrap();
    let between = |s: &str, a: &str, b: &str| -> Option<String> {
        let i = s.find(a)? + a.len();
        let j = s[i..].find(b)? + i;
        Some(s[i..j].to_string())
    };
    let mut out = Vec::new();
    for rec in xml.split("<Sentence ").skip(1) {
        let (Some(id), Some(date), Some(text), Some(parse)) = (
            between(rec, "id=\"", "\""),
            between(rec, "date=\"", "\""),
            between(rec, "<Text>", "</Text>"),
            between(rec, "<Parse>", "</Parse>"),
        ) else {
            continue;
        };
        // The file repeats a few ids; a sent_id must name one document.
        if parse.trim().is_empty()
            || text.contains('&')
            || out
                .iter()
                .any(|r: &(String, String, String, String)| r.0 == id)
        {
            continue;
        }
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push((id, date, text, parse.trim().to_string()));
        if out.len() == n {
            break;
        }
    }
    out
}

#[test]
fn parses_from_outside_are_aligned_by_sent_id_and_checked_by_text() {
    let dir = tempfile::tempdir().unwrap();
    let recs = udp_records(40);
    assert_eq!(recs.len(), 40);
    let date = |d: &str| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..8]);
    let jsonl: String = recs
        .iter()
        .map(|(id, d, text, _)| {
            format!(
                "{}\n",
                serde_json::json!({"id": id, "date": date(d), "text": text})
            )
        })
        .collect();
    let conllu: String = recs
        .iter()
        .map(|(id, _, text, parse)| format!("# sent_id = {id}\n# text = {text}\n{parse}\n\n"))
        .collect();
    let (docs, parses) = (dir.path().join("docs.jsonl"), dir.path().join("p.conllu"));
    std::fs::write(&docs, &jsonl).unwrap();
    std::fs::write(&parses, &conllu).unwrap();
    let dicts = vigil_testdata::shared("cameo-dictionaries/universal-petrarch/udp-validate");
    let events = |args: &[&str]| -> std::collections::BTreeSet<(String, String, String, String)> {
        let mut all = vec!["code"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--dict", dicts.to_str().unwrap(), "--format", "json"]);
        let out = vigil(dir.path(), &all);
        assert!(out.status.success(), "{}", stderr(&out));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let s = |k: &str| e[k].as_str().unwrap_or_default().to_string();
                (
                    s("document"),
                    e["source"]["code"].as_str().unwrap().to_string(),
                    e["target"]["code"].as_str().unwrap().to_string(),
                    s("code"),
                )
            })
            .collect()
    };
    // The same records coded from the XML (its own parses) and from JSON lines with the
    // parses given apart: the same events. PETRARCH XML codes stated intentions as the
    // act by default (its gold follows PETRARCH 2), so the JSON lines are asked to as well.
    let xml = vigil_testdata::shared("coder-dev/udpetrarch-validate-records-2_02.xml");
    let ids: std::collections::BTreeSet<&str> = recs.iter().map(|r| r.0.as_str()).collect();
    let from_xml: std::collections::BTreeSet<_> = events(&[xml.to_str().unwrap()])
        .into_iter()
        .filter(|e| ids.contains(e.0.as_str()))
        .collect();
    let from_parses = events(&[
        docs.to_str().unwrap(),
        "--parses",
        parses.to_str().unwrap(),
        "--intent",
        "off",
    ]);
    assert!(!from_xml.is_empty());
    assert_eq!(from_parses, from_xml);
    let out = vigil(
        dir.path(),
        &[
            "code",
            docs.to_str().unwrap(),
            "--parses",
            parses.to_str().unwrap(),
            "--dict",
            dicts.to_str().unwrap(),
        ],
    );
    assert!(
        stderr(&out).contains("40 of 40 documents coded from the parses"),
        "{}",
        stderr(&out)
    );
    // A parse of another text is refused, naming both.
    let wrong = conllu.replacen("# text = ", "# text = Gondor ", 1);
    std::fs::write(&parses, wrong).unwrap();
    let out = vigil(
        dir.path(),
        &[
            "code",
            docs.to_str().unwrap(),
            "--parses",
            parses.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("p.conllu:1") && err.contains(&recs[0].0),
        "{err}"
    );
    // A sent_id that names no document, and a token line that is not CoNLL-U.
    std::fs::write(
        &parses,
        "# sent_id = nowhere\n1\tA\ta\tX\tX\t_\t0\troot\t_\t_\n\n",
    )
    .unwrap();
    let err = stderr(&vigil(
        dir.path(),
        &[
            "code",
            docs.to_str().unwrap(),
            "--parses",
            parses.to_str().unwrap(),
        ],
    ));
    assert!(err.contains("nowhere"), "{err}");
    std::fs::write(&parses, "# sent_id = x\n1\tA\ta\n\n").unwrap();
    let err = stderr(&vigil(
        dir.path(),
        &[
            "code",
            docs.to_str().unwrap(),
            "--parses",
            parses.to_str().unwrap(),
        ],
    ));
    assert!(err.contains("p.conllu:2") && err.contains("10"), "{err}");
}

#[test]
fn plover_gold_figures_recompute_from_the_json_in_both_layouts() {
    let dir = tempfile::tempdir().unwrap();
    let gold = vigil_testdata::shared("coder-dev/plover-gsr-cameo.dev.json");
    let run = |path: &Path| -> Value {
        let out = vigil(
            dir.path(),
            &["code", "eval", path.to_str().unwrap(), "--json"],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let e = run(&gold);
    let records: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&gold).unwrap()).unwrap();
    let with_text = records
        .iter()
        .filter(|r| r["text"].as_str().is_some_and(|t| !t.is_empty()))
        .count();
    let n = |v: &Value, k: &str| v[k].as_u64().unwrap() as usize;
    assert_eq!(n(&e["all"], "records"), with_text);
    assert_eq!(
        n(&e["tune"], "records") + n(&e["held_out"], "records"),
        with_text
    );
    assert_eq!(
        e["set_aside"].as_array().unwrap().len(),
        records.len() - with_text
    );
    // Recount the dyad-and-type matches and the exact records from the results.
    let results = e["results"].as_array().unwrap();
    let key = |t: &Value| format!("{}|{}|{}", t["source"], t["target"], t["event"]);
    let mut matched = 0;
    for r in results {
        let mut coded: Vec<String> = r["coded"].as_array().unwrap().iter().map(key).collect();
        for g in r["gold"].as_array().unwrap() {
            if let Some(i) = coded.iter().position(|c| *c == key(g)) {
                coded.swap_remove(i);
                matched += 1;
            }
        }
    }
    assert_eq!(n(&e["all"]["dyad_type"], "matched"), matched);
    let gold_events: usize = results
        .iter()
        .map(|r| r["gold"].as_array().unwrap().len())
        .sum();
    let recall = e["all"]["dyad_type"]["recall"].as_f64().unwrap();
    assert!((recall - matched as f64 / gold_events as f64).abs() < 1e-12);
    let exact = results.iter().filter(|r| r["exact"] == true).count();
    assert_eq!(n(&e["all"], "exact"), exact);
    // The gold's older PLOVER type names are read under the 2021 names vigil codes in.
    let gold_types: Vec<&str> = results
        .iter()
        .flat_map(|r| r["gold"].as_array().unwrap())
        .map(|g| g["event"].as_str().unwrap())
        .collect();
    assert!(gold_types.contains(&"REQUEST") && gold_types.contains(&"ASSAULT"));
    assert!(
        !gold_types
            .iter()
            .any(|t| matches!(*t, "FIGHT" | "DEMAND" | "DISAPPROVE" | "INVESTIGATE"))
    );
    // The gold's Japan is written JAP: it is Japan.
    assert!(
        results
            .iter()
            .flat_map(|r| r["gold"].as_array().unwrap())
            .all(|g| g["source"] != "JAP" && g["target"] != "JAP")
    );
    // As JSON lines, the same figures.
    let jsonl = dir.path().join("gold.jsonl");
    std::fs::write(
        &jsonl,
        records.iter().map(|r| format!("{r}\n")).collect::<String>(),
    )
    .unwrap();
    let again = run(&jsonl);
    assert_eq!(again["all"], e["all"]);
    assert_eq!(again["held_out"], e["held_out"]);
}

/// vigil's own sentences for the five monitors' topics: at least 100, each topic present in
/// both parts, every gold event with a CAMEO code, and the figures (PLOVER and CAMEO levels,
/// per part and per topic) recomputed from the JSON records.
#[test]
fn monitor_topic_sentences_figures_recompute_per_part_and_topic() {
    let dir = tempfile::tempdir().unwrap();
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../coder/tests/data/monitor-sentences.jsonl");
    let out = vigil(
        dir.path(),
        &["code", "eval", file.to_str().unwrap(), "--json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let e: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = e["results"].as_array().unwrap();
    assert!(results.len() >= 100, "{} sentences", results.len());
    let n = |v: &Value, k: &str| v[k].as_u64().unwrap() as usize;
    assert_eq!(n(&e["all"], "records"), results.len());
    let topics = [
        "alliances",
        "collaboration",
        "escalation",
        "proliferation",
        "sanctions",
    ];
    for t in topics {
        let (tune, held) = (&e["by_topic"][t][0], &e["by_topic"][t][1]);
        assert!(n(tune, "records") >= 5 && n(held, "records") >= 5, "{t}");
    }
    // Every gold event carries its CAMEO code, so the CAMEO levels are reported.
    assert!(
        results
            .iter()
            .flat_map(|r| r["gold"].as_array().unwrap())
            .all(|g| g["cameo"].as_str().is_some_and(|c| c.len() >= 3))
    );
    // Recount each level for each part from the records.
    for (part, name) in [("tune", "tune"), ("held-out", "held_out")] {
        let mine: Vec<&Value> = results.iter().filter(|r| r["part"] == part).collect();
        let count = |key: &dyn Fn(&Value) -> String| {
            let mut matched = 0;
            for r in &mine {
                let mut coded: Vec<String> =
                    r["coded"].as_array().unwrap().iter().map(key).collect();
                for g in r["gold"].as_array().unwrap() {
                    if let Some(i) = coded.iter().position(|c| *c == key(g)) {
                        coded.swap_remove(i);
                        matched += 1;
                    }
                }
            }
            matched
        };
        let dyad = |t: &Value| format!("{}|{}", t["source"], t["target"]);
        let typed = |t: &Value| format!("{}|{}|{}", t["source"], t["target"], t["event"]);
        let root = |t: &Value| {
            let c = t["cameo"].as_str().unwrap();
            format!("{}|{}|{}", t["source"], t["target"], &c[..2])
        };
        let code = |t: &Value| format!("{}|{}|{}", t["source"], t["target"], t["cameo"]);
        let f = &e[name];
        assert_eq!(n(&f["dyad"], "matched"), count(&dyad), "{part}");
        assert_eq!(n(&f["dyad_type"], "matched"), count(&typed), "{part}");
        assert_eq!(n(&f["cameo_root"], "matched"), count(&root), "{part}");
        assert_eq!(n(&f["cameo"], "matched"), count(&code), "{part}");
        let coded: usize = mine
            .iter()
            .map(|r| r["coded"].as_array().unwrap().len())
            .sum();
        let p = f["dyad_type"]["precision"].as_f64().unwrap();
        assert!((p - count(&typed) as f64 / coded as f64).abs() < 1e-12);
    }
    // A sentence that expects nothing is exact only when nothing is coded.
    for r in results {
        if r["gold"].as_array().unwrap().is_empty() {
            assert_eq!(r["exact"], r["coded"].as_array().unwrap().is_empty());
        }
    }
}

/// A gold file whose `events` element has an unknown CAMEO code is an error naming the
/// file, line and record.
#[test]
fn gold_with_a_bad_cameo_code_names_file_line_and_record() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gold.jsonl");
    std::fs::write(
        &file,
        "{\"id\":\"a\",\"text\":\"Japan praised Korea.\",\"events\":[{\"source\":\"JPN\",\"target\":\"KOR\",\"cameo\":\"051\"}]}\n\
         {\"id\":\"b\",\"text\":\"Japan praised Korea.\",\"events\":[{\"source\":\"JPN\",\"target\":\"KOR\",\"cameo\":\"999\"}]}\n",
    )
    .unwrap();
    let out = vigil(dir.path(), &["code", "eval", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("gold.jsonl") && err.contains(":2") && err.contains("b: events[0]"),
        "{err}"
    );
    assert!(err.contains("999"), "{err}");
}

/// `--one-sided` codes statements and appeals without a target as one-sided events, shown
/// as `---`; by default they are left out.
#[test]
fn one_sided_flag_codes_appeals_without_a_target() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.txt");
    std::fs::write(&f, "Japan appealed for calm. North Korea fired a missile.").unwrap();
    let run = |extra: &[&str]| -> Vec<(String, String, String)> {
        let mut args = vec!["code", f.to_str().unwrap(), "--date", "2024-05-01"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--format", "json"]);
        let v = json(dir.path(), &args);
        let mut got: Vec<_> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["source"]["code"].as_str().unwrap().to_string(),
                    e["target"]["code"].as_str().unwrap().to_string(),
                    e["code"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        got.sort();
        got
    };
    let t = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(run(&[]), [t("PRK", "", "150")]);
    assert_eq!(
        run(&["--one-sided"]),
        [t("JPN", "", "020"), t("PRK", "", "150")]
    );
    let table = vigil(
        dir.path(),
        &[
            "code",
            f.to_str().unwrap(),
            "--date",
            "2024-05-01",
            "--one-sided",
        ],
    );
    let table = String::from_utf8_lossy(&table.stdout).to_string();
    assert!(
        table
            .lines()
            .any(|l| l.contains("JPN") && l.contains("---") && l.contains("020")),
        "{table}"
    );
}

/// `code eval --parses` on PLOVER gold: the parses attach by record id, are checked by
/// their text, and code the records (tags by default, the tree with --trees).
#[test]
fn plover_gold_eval_reads_parses_by_record_id() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.json");
    std::fs::write(
        &gold,
        r#"[{"id": "g1", "text": "Japan accused, citing China's report, Russia of espionage.",
             "event": "ACCUSE", "source": [{"code": "JPN"}], "target": [{"code": "RUS"}]}]"#,
    )
    .unwrap();
    let conllu = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../coder/tests/data/accused-tree.conllu"),
    )
    .unwrap();
    let parses = dir.path().join("g.conllu");
    std::fs::write(&parses, &conllu).unwrap();
    let run = |extra: &[&str]| -> Value {
        let mut args = vec![
            "code",
            "eval",
            gold.to_str().unwrap(),
            "--parses",
            parses.to_str().unwrap(),
            "--json",
        ];
        args.extend_from_slice(extra);
        let out = vigil(dir.path(), &args);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stderr(&out).contains("1 of 1 records coded from the parses"));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(run(&["--trees"])["all"]["dyad_type"]["matched"], 1);
    assert_eq!(run(&[])["all"]["dyad_type"]["matched"], 0);
    // A parse whose text is not the record's is refused, naming both.
    std::fs::write(&parses, conllu.replace("# text = Japan", "# text = Korea")).unwrap();
    let out = vigil(
        dir.path(),
        &[
            "code",
            "eval",
            gold.to_str().unwrap(),
            "--parses",
            parses.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("g.conllu:1") && stderr(&out).contains("g1"),
        "{}",
        stderr(&out)
    );
}
