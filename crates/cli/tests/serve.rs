//! End-to-end: `vigil serve` on the demo store answers every operation of its OpenAPI
//! document with the documented shape, the same JSON as the CLI's `--format json`, 400
//! naming the parameter for every malformed parameter, and refuses what it must (another
//! Host, a missing token, binding off loopback without a token); a commit made while it
//! serves is seen without a restart.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::*;
use serde_json::Value;

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(data: &Path, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .arg("--data-dir")
        .arg(data)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(extra)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    let base = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split("/api/v1/").next())
        .map(|h| format!("http://{h}"))
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    Server { child, base }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
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

fn demo_store(dir: &Path) -> std::path::PathBuf {
    let store = dir.join("demo");
    ok(dir, &["demo", "--dir", store.to_str().unwrap()]);
    store
}

/// A valid value for each parameter the document names, and an invalid one.
fn sample(name: &str) -> (&'static str, &'static str) {
    match name {
        "a" => ("PRK", "XXX"),
        "b" => ("RUS", "R1"),
        "from" | "compare_from" => ("2022-01-01", "2022-13-01"),
        "to" | "compare_to" => ("2024-12-31", "yesterday"),
        "since" => ("2022-01-01", "2022-02-30"),
        "freq" => ("month", "fortnight"),
        "direction" => ("both", "sideways"),
        "anomaly_window" => ("6", "-1"),
        "anomaly_threshold" => ("3.5", "high"),
        "format" => ("json", "xml"),
        "min_events" => ("1", "some"),
        "monitor" => ("alliances", "weather"),
        "limit" => ("10", "0"),
        "cursor" => ("0", "first"),
        other => panic!("no sample for parameter {other}"),
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
    assert!(paths.len() >= 6);
    for (path, item) in paths {
        let op = &item["get"];
        let params: Vec<(String, bool)> = op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| {
                (
                    p["name"].as_str().unwrap().to_string(),
                    p["required"] == true,
                )
            })
            .collect();
        // Required parameters only, valid: 200 with the documented required keys.
        let query: Vec<String> = params
            .iter()
            .filter(|(_, r)| *r)
            .map(|(n, _)| format!("{n}={}", sample(n).0))
            .collect();
        let url = format!("{}{path}?{}", server.base, query.join("&"));
        let (status, body, catalog) = get(&url, &[]);
        assert_eq!(status, 200, "{url}: {body}");
        assert!(catalog.is_some(), "{url} names the catalog revision");
        let v: Value = serde_json::from_str(&body).unwrap();
        let schema = &op["responses"]["200"]["content"]["application/json"]["schema"];
        let schema = match schema["$ref"].as_str() {
            Some(r) => &doc["components"]["schemas"][r.rsplit('/').next().unwrap()],
            None => schema,
        };
        for key in schema["required"].as_array().into_iter().flatten() {
            assert!(
                v.get(key.as_str().unwrap()).is_some(),
                "{path} answers {key}"
            );
        }
        // Each parameter malformed in turn: 400 naming it, never a panic or a 500.
        for (name, _) in &params {
            let mut q: Vec<String> = params
                .iter()
                .filter(|(n, r)| *r && n != name)
                .map(|(n, _)| format!("{n}={}", sample(n).0))
                .collect();
            q.push(format!("{name}={}", sample(name).1));
            let url = format!("{}{path}?{}", server.base, q.join("&"));
            let (status, body, _) = get(&url, &[]);
            assert_eq!(status, 400, "{url}: {body}");
            let e: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(e["parameter"], name.as_str(), "{url}: {body}");
            assert_eq!(e["status"], 400);
            assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()));
        }
    }
    let (status, body, _) = get(&format!("{}/api/v1/nothing", server.base), &[]);
    assert_eq!(status, 404);
    assert!(body.contains("not_found"));
}

#[test]
fn the_api_answers_what_the_cli_prints() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo_store(dir.path());
    let server = start(&data, &[]);
    let api = |q: &str| -> Value {
        let (status, body, _) = get(&format!("{}/api/v1/{q}", server.base), &[]);
        assert_eq!(status, 200, "{q}: {body}");
        serde_json::from_str(&body).unwrap()
    };
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
