//! End-to-end: `vigil serve` on the demo store answers every operation of its OpenAPI
//! document with the documented shape, the same JSON as the CLI's `--format json`, 400
//! naming the parameter for every malformed parameter, and refuses what it must (another
//! Host, a missing token, binding off loopback without a token); a commit made while it
//! serves is seen without a restart.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Command;

use common::*;
use serde_json::Value;

use common::serve::start;

/// A client that never waits forever (a stream that sends nothing fails the test).
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(120)))
        .build()
        .into()
}

fn get(url: &str, headers: &[(&str, &str)]) -> (u16, String, Option<String>) {
    let mut req = agent().get(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let mut resp = req.call().unwrap();
    let status = resp.status().as_u16();
    let catalog = resp
        .headers()
        .get("x-vigil-catalog")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = resp.body_mut().read_to_string().unwrap();
    (status, body, catalog)
}

fn shared_list(name: &str) -> String {
    vigil_testdata::shared(&format!("sanctions/{name}"))
        .display()
        .to_string()
}

/// The demo store with sanctions lists loaded: OFAC's SDN sample (Putin among others) and
/// nomenklatura's donations (a party with 126 payments linked to it).
/// `GET /api/v1/{q}`, which must answer 200, as JSON.
fn api_json(base: &str, q: &str) -> Value {
    let (status, body, _) = get(&format!("{base}/api/v1/{q}"), &[]);
    assert_eq!(status, 200, "{q}: {body}");
    serde_json::from_str(&body).unwrap()
}

fn demo_store(dir: &Path) -> std::path::PathBuf {
    let store = dir.join("demo");
    ok(dir, &["demo", "--dir", store.to_str().unwrap()]);
    let ofac =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../sanctions/tests/data/ofac-sdn-sample.xml");
    ok(
        &store,
        &[
            "sanctions",
            "load",
            ofac.to_str().unwrap(),
            &shared_list("nomenklatura-donations.ijson"),
        ],
    );
    store
}

/// The donations' party with the most links.
const PARTY: &str = "c326dd8021ee75fe9608f31ecb4e2e7388144102";

/// A valid value for each parameter the document names, and an invalid one.
fn sample(name: &str, location: &str) -> (&'static str, &'static str) {
    match (name, location) {
        ("id", "path") => (PARTY, "%FF"),
        ("Last-Event-ID", _) => ("0", "latest"),
        ("a" | "actor1", _) => ("PRK", "XXX"),
        ("b" | "actor2", _) => ("RUS", "R1"),
        ("dyad", _) => ("PRK,RUS", "PRK"),
        ("from" | "compare_from", _) => ("2022-01-01", "2022-13-01"),
        ("to" | "compare_to", _) => ("2024-12-31", "yesterday"),
        ("since", _) => ("2022-01-01", "2022-02-30"),
        ("freq", _) => ("month", "fortnight"),
        ("direction", _) => ("both", "sideways"),
        ("anomaly_window", _) => ("6", "-1"),
        ("anomaly_threshold", _) => ("3.5", "high"),
        ("format", _) => ("json", "xml"),
        ("min_events", _) => ("1", "some"),
        ("monitor", _) => ("alliances", "weather"),
        ("limit", _) => ("10", "0"),
        ("cursor", _) => ("0", "first"),
        ("code", _) => ("19", "1x"),
        ("quad", _) => ("4", "5"),
        ("sources", _) => ("curated", "twitter"),
        ("sanctioned", _) => ("true", "yes"),
        ("clusters", _) => ("true", "yes"),
        ("replay", _) => ("true", "yes"),
        ("tolerance", _) => ("14", "-3"),
        ("name", _) => ("Vladimir+Putin", ""),
        ("schema", _) => ("person", "robot"),
        ("birth_date", _) => ("1952", "1952-1"),
        ("country", _) => ("RUS", "Narnia"),
        ("id", _) => ("123", "%FF"),
        ("threshold", _) => ("0.8", "1.5"),
        ("depth", _) => ("1", "9"),
        ("last_event_id", _) => ("0", "-1"),
        ("latest", _) => ("3", "0"),
        ("week", _) => ("2024-W25", "2024-W99"),
        other => panic!("no sample for parameter {other:?}"),
    }
}

fn call(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> (u16, String, Option<String>, String) {
    let resp = match method {
        "get" => {
            let mut req = agent().get(url);
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            req.call()
        }
        _ => {
            let mut req = agent().post(url).header("Content-Type", "application/json");
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            req.send(body.unwrap_or(""))
        }
    };
    let mut resp = resp.unwrap();
    let header = |n: &str| {
        resp.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (catalog, kind) = (
        header("x-vigil-catalog"),
        header("content-type").unwrap_or_default(),
    );
    let status = resp.status().as_u16();
    // A stream never ends: its head is enough.
    let body = if kind.starts_with("text/event-stream") {
        String::new()
    } else {
        resp.body_mut().read_to_string().unwrap()
    };
    (status, body, catalog, kind)
}

fn resolve<'d>(doc: &'d Value, schema: &'d Value) -> &'d Value {
    match schema["$ref"].as_str() {
        Some(r) => &doc["components"]["schemas"][r.rsplit('/').next().unwrap()],
        None => schema,
    }
}

/// Every key the schema requires is in the value (for arrays, in each element).
fn has_required(doc: &Value, schema: &Value, v: &Value, what: &str) {
    let schema = resolve(doc, schema);
    if schema["type"] == "array" {
        for item in v
            .as_array()
            .unwrap_or_else(|| panic!("{what}: not an array: {v}"))
        {
            has_required(doc, &schema["items"], item, what);
        }
        return;
    }
    for key in schema["required"].as_array().into_iter().flatten() {
        let key = key.as_str().unwrap();
        assert!(v.get(key).is_some(), "{what} answers {key}: {v}");
    }
}

#[test]
fn every_operation_answers_with_its_shape_and_refuses_malformed_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo_store(dir.path());
    let server = start(&data, &[]);
    let (status, doc, _) = get(&format!("{}/api/v1/openapi.json", server.base), &[]);
    assert_eq!(status, 200);
    let doc: Value = serde_json::from_str(&doc).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 13, "{}", paths.len());
    let mut operations = 0;
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            let params: Vec<(String, String, bool)> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| {
                    (
                        p["name"].as_str().unwrap().to_string(),
                        p["in"].as_str().unwrap().to_string(),
                        p["required"] == true,
                    )
                })
                .collect();
            let body = op["requestBody"]["content"]["application/json"]["example"].to_string();
            let body = (method == "post").then_some(body.as_str());
            // Required parameters only, valid (a POST with its documented example): 200
            // with the documented required keys.
            let build = |chosen: &[(&str, &str, &str)]| {
                let mut url = format!("{}{path}", server.base);
                let mut query = Vec::new();
                let mut headers = Vec::new();
                for (n, location, v) in chosen {
                    match *location {
                        "path" => url = url.replace(&format!("{{{n}}}"), v),
                        "header" => headers.push((n.to_string(), v.to_string())),
                        _ => query.push(format!("{n}={v}")),
                    }
                }
                if !query.is_empty() {
                    url = format!("{url}?{}", query.join("&"));
                }
                (url, headers)
            };
            let required: Vec<(&str, &str, &str)> = params
                .iter()
                .filter(|(_, _, r)| *r)
                .map(|(n, l, _)| (n.as_str(), l.as_str(), sample(n, l).0))
                .collect();
            let (url, headers) = build(&required);
            let h: Vec<(&str, &str)> = headers
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let (status, text, catalog, kind) = call(method, &url, &h, body);
            assert_eq!(status, 200, "{method} {url}: {text}");
            assert!(catalog.is_some(), "{url} names the catalog revision");
            let documented = op["responses"]["200"]["content"].as_object().unwrap();
            let media = kind.split(';').next().unwrap();
            assert!(
                documented.contains_key(media),
                "{url}: {kind} is not documented"
            );
            if media == "application/json" {
                let v: Value = serde_json::from_str(&text).unwrap();
                has_required(&doc, &documented[media]["schema"], &v, &url);
            }
            // Each parameter malformed in turn: 400 naming it, never a panic or a 500.
            for (name, location, _) in &params {
                let mut chosen: Vec<(&str, &str, &str)> = required
                    .iter()
                    .filter(|(n, l, _)| !(n == name && l == location))
                    .copied()
                    .collect();
                chosen.push((name, location, sample(name, location).1));
                let (url, headers) = build(&chosen);
                let h: Vec<(&str, &str)> = headers
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                let (status, text, _, _) = call(method, &url, &h, body);
                assert_eq!(status, 400, "{method} {url} {h:?}: {text}");
                let e: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(e["parameter"], name.as_str(), "{url}: {text}");
                assert_eq!(e["status"], 400);
                assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()));
            }
            // A body that is not the documented object: 400 naming the body.
            if method == "post" {
                for bad in ["", "{", "[1,2]", "{\"unknown\": 1}"] {
                    let (status, text, _, _) = call(method, &url, &[], Some(bad));
                    assert_eq!(status, 400, "{url} with {bad:?}: {text}");
                    let e: Value = serde_json::from_str(&text).unwrap();
                    assert_eq!(e["parameter"], "body", "{text}");
                }
            }
        }
    }
    assert!(operations >= 14, "{operations}");
    let (status, body, _) = get(&format!("{}/api/v1/nothing", server.base), &[]);
    assert_eq!(status, 404);
    assert!(body.contains("not_found"));
}

#[test]
fn the_api_answers_what_the_cli_prints() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo_store(dir.path());
    let server = start(&data, &[]);
    let api = |q: &str| api_json(&server.base, q);
    assert_eq!(
        api("dyad?a=PRK&b=RUS"),
        json(&data, &["dyad", "PRK", "RUS", "--format", "json"])
    );
    assert_eq!(
        api("dyad?a=KOR&b=PRK&freq=week&direction=ba&from=2023-01-01&to=2023-12-31"),
        json(
            &data,
            &[
                "dyad",
                "KOR",
                "PRK",
                "--freq",
                "week",
                "--direction",
                "ba",
                "--from",
                "2023-01-01",
                "--to",
                "2023-12-31",
                "--format",
                "json"
            ]
        )
    );
    assert_eq!(
        api("blocs?from=2022-01-01&to=2022-12-31&compare_from=2024-01-01&compare_to=2024-12-31"),
        json(
            &data,
            &[
                "blocs",
                "--from",
                "2022-01-01",
                "--to",
                "2022-12-31",
                "--compare",
                "2024-01-01..2024-12-31",
                "--format",
                "json"
            ]
        )
    );
    assert_eq!(api("stats"), json(&data, &["stats", "--json"]));
    let alerts = api("alerts?limit=1000");
    assert_eq!(alerts, json(&data, &["alerts", "--format", "json"]));
    assert!(
        !alerts.as_array().unwrap().is_empty(),
        "the demo stores alerts"
    );
    // Pages follow one another without loss.
    let (_, first, _) = get(&format!("{}/api/v1/alerts?limit=2", server.base), &[]);
    let first: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(
        first.as_array().unwrap()[..],
        alerts.as_array().unwrap()[..2]
    );
    let (_, second, _) = get(
        &format!("{}/api/v1/alerts?limit=2&cursor=2", server.base),
        &[],
    );
    let second: Value = serde_json::from_str(&second).unwrap();
    assert_eq!(
        second.as_array().unwrap()[..],
        alerts.as_array().unwrap()[2..4]
    );
    // A series of centuries by day is refused, naming the range (found by Schemathesis:
    // it once took 17 s).
    let (status, body, _) = get(
        &format!(
            "{}/api/v1/dyad?a=PRK&b=RUS&from=0001-01-01&to=9999-12-31&freq=day",
            server.base
        ),
        &[],
    );
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains("\"parameter\":\"to\"") && body.contains("periods"),
        "{body}"
    );
    // A brief is of at most a year; the period is named when refused (Schemathesis found a
    // brief of centuries failing with a server error).
    let (status, body, _) = get(
        &format!("{}/api/v1/brief?from=0620-01-07&to=2024-11-11", server.base),
        &[],
    );
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("\"parameter\":\"to\""), "{body}");
    // CSV for R and Stata.
    let (status, csv, _) = get(
        &format!("{}/api/v1/dyad?a=PRK&b=RUS&format=csv", server.base),
        &[],
    );
    assert_eq!(status, 200);
    assert!(csv.starts_with("period,"), "{csv}");
}

#[test]
fn it_refuses_other_hosts_missing_tokens_and_open_binding_without_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo_store(dir.path());
    let server = start(&data, &["--token", "s3cret"]);
    let url = format!("{}/api/v1/stats", server.base);
    assert_eq!(get(&url, &[]).0, 401);
    assert_eq!(get(&url, &[("Authorization", "Bearer nope")]).0, 401);
    assert_eq!(get(&url, &[("Authorization", "Bearer s3cret")]).0, 200);
    let (status, body, _) = get(
        &url,
        &[("Authorization", "Bearer s3cret"), ("Host", "evil.example")],
    );
    assert_eq!(status, 403, "{body}");
    // No CORS headers by default.
    let resp = agent()
        .get(&url)
        .header("Authorization", "Bearer s3cret")
        .header("Origin", "http://evil.example")
        .call()
        .unwrap();
    assert!(resp.headers().get("access-control-allow-origin").is_none());
    // Off loopback, no token: refused before listening.
    let out = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .arg("--data-dir")
        .arg(&data)
        .args(["serve", "--addr", "0.0.0.0:0"])
        .env_remove("VIGIL_TOKEN")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a loopback address"));
}

#[test]
fn a_commit_made_while_serving_is_seen_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo_store(dir.path());
    let server = start(&data, &[]);
    let url = format!("{}/api/v1/stats", server.base);
    let (_, before, rev1) = get(&url, &[]);
    let before: Value = serde_json::from_str(&before).unwrap();
    ok(&data, &["ingest", gdelt1_sample().to_str().unwrap()]);
    let (_, after, rev2) = get(&url, &[]);
    let after: Value = serde_json::from_str(&after).unwrap();
    assert_eq!(
        after["rows"].as_u64().unwrap(),
        before["rows"].as_u64().unwrap() + 710
    );
    assert_ne!(rev1, rev2, "the catalog revision names the new state");
}

/// Every page of a list endpoint, following X-Next-Cursor.
fn all_pages(base: &str, path_and_query: &str, join: &str) -> (Vec<Value>, usize) {
    let mut out = Vec::new();
    let mut pages = 0;
    let mut url = format!("{base}{path_and_query}");
    loop {
        let mut resp = agent().get(&url).call().unwrap();
        assert_eq!(resp.status().as_u16(), 200, "{url}");
        let next = resp
            .headers()
            .get("x-next-cursor")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let v: Value = serde_json::from_str(&resp.body_mut().read_to_string().unwrap()).unwrap();
        out.push(v);
        pages += 1;
        match next {
            Some(c) => url = format!("{base}{path_and_query}{join}cursor={c}"),
            None => return (out, pages),
        }
    }
}

#[test]
fn events_screening_links_code_and_backtest_answer_what_the_cli_prints() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo_store(dir.path());
    let server = start(&data, &[]);
    let api = |q: &str| api_json(&server.base, q);
    // Events: one page equals the CLI; pages of 7 cover the same rows, none twice.
    let cli = json(
        &data,
        &[
            "events",
            "--dyad",
            "PRK,RUS",
            "--from",
            "2022-01-01",
            "--limit",
            "1000",
            "--format",
            "json",
        ],
    );
    assert!(cli.as_array().unwrap().len() > 20);
    assert_eq!(api("events?dyad=PRK,RUS&from=2022-01-01&limit=1000"), cli);
    let (pages, n) = all_pages(
        &server.base,
        "/api/v1/events?dyad=PRK,RUS&from=2022-01-01&limit=7",
        "&",
    );
    let joined: Vec<Value> = pages
        .iter()
        .flat_map(|p| p.as_array().unwrap().clone())
        .collect();
    assert_eq!(joined, *cli.as_array().unwrap());
    assert_eq!(n, cli.as_array().unwrap().len().div_ceil(7));
    let code_19 = api("events?code=19&quad=4&sources=curated,gdelt1&limit=1000");
    assert_eq!(
        code_19,
        json(
            &data,
            &[
                "events",
                "--code",
                "19",
                "--quad",
                "4",
                "--from-source",
                "curated",
                "--from-source",
                "gdelt1",
                "--limit",
                "1000",
                "--format",
                "json"
            ]
        )
    );
    assert!(
        code_19
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["event_code"].as_str().unwrap().starts_with("19"))
    );
    let (status, csv, _) = get(
        &format!(
            "{}/api/v1/events?dyad=PRK,RUS&limit=3&format=csv",
            server.base
        ),
        &[],
    );
    assert_eq!(status, 200);
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(csv.starts_with("date,event_id,source,"), "{csv}");
    // Screening: GET equals the CLI; POST answers each query in order.
    assert_eq!(
        api("screen?name=Vladimir+Putin&schema=person"),
        json(
            &data,
            &[
                "screen",
                "Vladimir Putin",
                "--schema",
                "person",
                "--format",
                "json"
            ]
        )
    );
    let (status, resp, _, _) = call(
        "post",
        &format!("{}/api/v1/screen", server.base),
        &[],
        Some(r#"{"queries":[{"name":"Vladimir Putin"},{"name":"Nobody Atall Xyzzy"}],"limit":1}"#),
    );
    assert_eq!(status, 200, "{resp}");
    let many: Value = serde_json::from_str(&resp).unwrap();
    assert_eq!(many[0]["query"], "Vladimir Putin");
    assert_eq!(many[0]["matches"].as_array().unwrap().len(), 1);
    assert!(
        many[0]["matches"][0]["caption"]
            .as_str()
            .unwrap()
            .contains("PUTIN")
    );
    assert_eq!(many[1]["matches"].as_array().unwrap().len(), 0);
    // Matching whole records: the candidates `vigil match` gives for the same entity.
    let record = r#"{"id":"q1","schema":"Person","properties":{"name":["Vladimir Putin"],"birthDate":["1952-10-07"]}}"#;
    let file = dir.path().join("records.ftm.json");
    std::fs::write(&file, format!("{record}\n")).unwrap();
    let cli = json(
        &data,
        &["match", file.to_str().unwrap(), "--format", "json"],
    );
    let (status, resp, _, _) = call(
        "post",
        &format!("{}/api/v1/match", server.base),
        &[],
        Some(&format!(r#"{{"records":[{record}]}}"#)),
    );
    assert_eq!(status, 200, "{resp}");
    let matched: Value = serde_json::from_str(&resp).unwrap();
    assert_eq!(matched[0]["id"], "q1");
    assert_eq!(matched[0]["matches"], cli[0]["matches"]);
    assert!(!cli[0]["matches"].as_array().unwrap().is_empty());
    let (status, resp, _, _) = call(
        "post",
        &format!("{}/api/v1/match", server.base),
        &[],
        Some(r#"{"records":[{"schema":"Person"}]}"#),
    );
    assert_eq!(status, 400, "{resp}");
    assert!(resp.contains("records[0]"), "{resp}");
    // Links: 126 payments to one party, read 50 at a time, are the CLI's answer.
    let cli = json(&data, &["links", PARTY, "--depth", "1", "--format", "json"]);
    assert_eq!(cli["links"].as_array().unwrap().len(), 126);
    let (pages, n) = all_pages(
        &server.base,
        &format!("/api/v1/entities/{PARTY}/links?depth=1&limit=50"),
        "&",
    );
    assert_eq!(n, 3);
    let links: Vec<Value> = pages
        .iter()
        .flat_map(|p| p["links"].as_array().unwrap().clone())
        .collect();
    assert_eq!(links, *cli["links"].as_array().unwrap());
    assert_eq!(pages[0]["entity"], cli["entity"]);
    assert_eq!(api(&format!("entities/{PARTY}")), cli["entity"]);
    let (status, body, _) = get(
        &format!("{}/api/v1/entities/no-such-entity", server.base),
        &[],
    );
    assert_eq!(status, 404, "{body}");
    // Coding: the same events as `vigil code` on the same text and date.
    let text = "North Korea threatened South Korea with nuclear weapons. Russia and North Korea signed a defence treaty on Wednesday.";
    let file = dir.path().join("request");
    std::fs::write(&file, text).unwrap();
    let mut cli = json(
        &data,
        &[
            "code",
            file.to_str().unwrap(),
            "--date",
            "2024-06-19",
            "--format",
            "json",
        ],
    );
    assert!(cli.as_array().unwrap().len() >= 2, "{cli}");
    // The one difference: where the text came from.
    for e in cli.as_array_mut().unwrap() {
        assert!(e["origin"].as_str().unwrap().ends_with("request:1"));
        e["origin"] = "request:1".into();
    }
    let body = serde_json::json!({"text": text, "date": "2024-06-19"}).to_string();
    let (status, resp, _, _) = call(
        "post",
        &format!("{}/api/v1/code", server.base),
        &[],
        Some(&body),
    );
    assert_eq!(status, 200, "{resp}");
    let api_code: Value = serde_json::from_str(&resp).unwrap();
    assert_eq!(api_code, cli);
    // Backtest.
    assert_eq!(
        api("backtest?tolerance=10"),
        json(
            &data,
            &["backtest", "--tolerance", "10", "--format", "json"]
        )
    );
    // A body over the limit is refused before it is read: the answer comes after the
    // head alone.
    use std::io::{Read, Write};
    let host = server.base.trim_start_matches("http://");
    let mut conn = std::net::TcpStream::connect(host).unwrap();
    write!(
        conn,
        "POST /api/v1/code HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        2 << 20
    )
    .unwrap();
    let mut head = [0u8; 12];
    conn.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 413");
}

/// Reads server-sent events until `n` have come: (id, data).
fn read_events(reader: &mut impl BufRead, n: usize) -> Vec<(u64, Value)> {
    let mut out = Vec::new();
    let (mut id, mut data) = (None, String::new());
    let mut line = String::new();
    while out.len() < n {
        line.clear();
        assert!(reader.read_line(&mut line).unwrap() > 0, "the stream ended");
        let l = line.trim_end_matches(['\r', '\n']);
        if let Some(v) = l.strip_prefix("id: ") {
            id = Some(v.parse().unwrap());
        } else if let Some(v) = l.strip_prefix("data: ") {
            data.push_str(v);
        } else if l.is_empty() && !data.is_empty() {
            out.push((id.take().unwrap(), serde_json::from_str(&data).unwrap()));
            data.clear();
        }
    }
    out
}

#[test]
fn the_alert_stream_sends_new_alerts_and_what_a_reconnecting_client_missed() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo_store(dir.path());
    let server = start(&data, &["--stream-poll-ms", "50"]);
    let stored = json(&data, &["alerts", "--format", "json"]);
    let stored = stored.as_array().unwrap();
    let last = stored
        .iter()
        .map(|a| a["seq"].as_u64().unwrap())
        .max()
        .unwrap();
    assert_eq!(
        last as usize,
        stored.len(),
        "each stored alert has its own change number"
    );
    // Reconnecting after change 2: everything stored after it, in the order stored.
    let url = format!("{}/api/v1/alerts/stream", server.base);
    let resp = agent()
        .get(&url)
        .header("Last-Event-ID", "2")
        .call()
        .unwrap();
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let mut reader = BufReader::new(resp.into_body().into_reader());
    let missed = read_events(&mut reader, stored.len() - 2);
    let ids: Vec<u64> = missed.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, (3..=last).collect::<Vec<_>>());
    for (id, alert) in &missed {
        let same = stored.iter().find(|a| a["seq"] == *id).unwrap();
        assert_eq!(alert["id"], same["id"]);
        assert_eq!(alert["evidence"], same["evidence"]);
    }
    // A new alert stored while the client listens reaches it.
    let fresh = vigil_monitor::Alert {
        id: "escalation:PRK:2026-11-01".into(),
        monitor: "escalation".into(),
        countries: vec!["PRK".into()],
        summary: "a test alert".into(),
        ..Default::default()
    };
    let mut log = vigil_monitor::AlertLog::open(&data).unwrap();
    log.merge(vec![fresh], &[], "2026-11-29T00:00:00Z");
    log.save().unwrap();
    drop(log);
    let new = read_events(&mut reader, 1);
    assert_eq!(new[0].0, last + 1);
    assert_eq!(new[0].1["id"], "escalation:PRK:2026-11-01");
    // Without Last-Event-ID, only what is stored from now on (nothing here): the stream
    // stays open, sending keep-alive comments only.
    let (status, _, _, kind) = call("get", &format!("{url}?monitor=escalation"), &[], None);
    assert_eq!((status, kind.starts_with("text/event-stream")), (200, true));
}

#[test]
fn the_docs_page_is_served_from_the_binary_and_renders_the_document_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo_store(dir.path());
    let server = start(&data, &[]);
    let (status, page, _, kind) = call("get", &format!("{}/api/docs", server.base), &[], None);
    assert_eq!((status, kind.as_str()), (200, "text/html; charset=utf-8"));
    assert!(page.contains("<script src=\"/api/docs/docs.js\"></script>"));
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "nothing from a CDN"
    );
    let (status, script, _, kind) = call(
        "get",
        &format!("{}/api/docs/docs.js", server.base),
        &[],
        None,
    );
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/javascript"));
    assert!(script.contains("/api/v1/openapi.json"));
    assert!(
        !script.contains("innerHTML"),
        "untrusted text is never parsed as HTML"
    );
    let resp = agent()
        .get(&format!("{}/api/docs", server.base))
        .call()
        .unwrap();
    let csp = resp.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'"), "{csp}");
}
