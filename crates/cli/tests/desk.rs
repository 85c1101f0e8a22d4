//! The desk in a real browser: headless Chromium (Debian's `chromium` and
//! `chromium-driver`) driven over WebDriver loads every page at laptop and phone sizes,
//! uses the dyad picker, opens an alert, screens a name in Hangul, codes a pasted article,
//! and checks that hostile evidence (a `<script>`, a `javascript:` URL) neither runs nor
//! links. Screenshots of each page go to `target/desk-screenshots/` for review.
//!
//! With `CI=true` a missing Chromium fails the tests; elsewhere they skip with a message.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use serde_json::{Value, json};

/// A child process killed when dropped.
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Chromium and its driver, or `None` (skip) outside CI.
fn browser() -> Option<(PathBuf, PathBuf)> {
    let found = (
        which(&["chromium", "chromium-browser"]),
        which(&["chromedriver"]),
    );
    match found {
        (Some(c), Some(d)) => Some((c, d)),
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!(
                "CI=true but chromium or chromedriver is missing: .ci/run installs Debian's chromium and chromium-driver"
            )
        }
        _ => {
            eprintln!(
                "skipped: no chromium/chromedriver here (apt-get install chromium chromium-driver)"
            );
            None
        }
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// A WebDriver session.
struct Browser {
    base: String,
    session: String,
    _driver: Proc,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start(chromium: &Path, driver: &Path) -> Browser {
        let port = free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let driver_proc = Proc(child);
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while agent().get(&format!("{base}/status")).call().is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-dev-shm-usage", "--hide-scrollbars",
                    format!("--user-data-dir={}", profile.path().display()),
                    "--window-size=1280,800"
                ]
            }
        }}});
        let v = post(&format!("{base}/session"), &caps);
        let session = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_string();
        Browser {
            base,
            session,
            _driver: driver_proc,
            _profile: profile,
        }
    }

    fn url(&self, rest: &str) -> String {
        format!("{}/session/{}{rest}", self.base, self.session)
    }

    fn goto(&self, url: &str) {
        post(&self.url("/url"), &json!({"url": url}));
        self.wait_ready();
    }

    /// Waits until the page's script has drawn its view.
    fn wait_ready(&self) {
        let started = Instant::now();
        loop {
            let v = self.js("const m = document.getElementById('main'); return m ? m.getAttribute('data-ready') : null;", json!([]));
            if v == "1" {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the page never finished drawing"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn js(&self, script: &str, args: Value) -> Value {
        let v = post(
            &self.url("/execute/sync"),
            &json!({"script": script, "args": args}),
        );
        v["value"].clone()
    }

    fn size(&self, width: u32, height: u32) {
        post(
            &self.url("/window/rect"),
            &json!({"width": width, "height": height}),
        );
    }

    fn find(&self, css: &str) -> String {
        let v = post(
            &self.url("/element"),
            &json!({"using": "css selector", "value": css}),
        );
        v["value"]
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_string()
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        post(&self.url(&format!("/element/{id}/clear")), &json!({}));
        post(
            &self.url(&format!("/element/{id}/value")),
            &json!({"text": text}),
        );
    }

    fn click(&self, css: &str) {
        let id = self.find(css);
        post(&self.url(&format!("/element/{id}/click")), &json!({}));
    }

    fn text(&self, css: &str) -> String {
        self.js(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
            json!([css]),
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    fn screenshot(&self, name: &str) {
        let v = agent()
            .get(&self.url("/screenshot"))
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap();
        let v: Value = serde_json::from_str(&v).unwrap();
        let png = base64(v["value"].as_str().unwrap());
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/desk-screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    /// No horizontal scroll, nothing the page's script reported as failing.
    fn fits(&self, what: &str) {
        let v = self.js(
            "return [document.documentElement.scrollWidth, window.innerWidth, document.querySelectorAll('#main .error').length];",
            json!([]),
        );
        let (scroll, inner, errors) = (
            v[0].as_u64().unwrap(),
            v[1].as_u64().unwrap(),
            v[2].as_u64().unwrap(),
        );
        assert!(
            scroll <= inner,
            "{what}: scrolls sideways ({scroll} > {inner})"
        );
        assert_eq!(errors, 0, "{what}: {}", self.text("#main .error"));
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = agent().delete(&self.url("")).call();
    }
}

fn post(url: &str, body: &Value) -> Value {
    let text = agent()
        .post(url)
        .header("Content-Type", "application/json")
        .send(body.to_string().as_str())
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{url}: {text}"));
    assert!(
        v["value"].get("error").is_none(),
        "{url} {body}: {}",
        v["value"]
    );
    v
}

fn base64(s: &str) -> Vec<u8> {
    let table = |c: u8| -> Option<u8> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        })
    };
    let vals: Vec<u8> = s.bytes().filter_map(table).collect();
    let mut out = Vec::with_capacity(vals.len() * 3 / 4);
    for chunk in vals.chunks(4) {
        let mut n = 0u32;
        for (i, v) in chunk.iter().enumerate() {
            n |= u32::from(*v) << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    out
}

/// The demo store with the OFAC sample list loaded, and events whose evidence and URL are
/// hostile.
fn desk_store(dir: &Path) -> PathBuf {
    let store = dir.join("demo");
    ok(dir, &["demo", "--dir", store.to_str().unwrap()]);
    let ofac =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../sanctions/tests/data/ofac-sdn-sample.xml");
    ok(&store, &["sanctions", "load", ofac.to_str().unwrap()]);
    let hostile = dir.join("hostile.csv");
    std::fs::write(
        &hostile,
        "id,date,actor1_code,actor1_name,actor2_code,actor2_name,event_code,num_sources,url,evidence\n\
         x-1,2024-03-01,CUBGOV,CUBA GOVERNMENT,VENGOV,VENEZUELA GOVERNMENT,042,1,javascript:window.__pwned=1,\"<script>window.__pwned=2</script><img src=x onerror=\"\"window.__pwned=3\"\"> met\"\n\
         x-2,2024-03-02,VENGOV,VENEZUELA GOVERNMENT,CUBGOV,CUBA GOVERNMENT,043,1,https://example.org/a?b=<i>,<b>bold</b> &amp; <a href=javascript:alert(1)>link</a>\n",
    )
    .unwrap();
    ok(
        &store,
        &["ingest", "--source", "curated", hostile.to_str().unwrap()],
    );
    store
}

#[test]
fn the_desk_works_in_a_real_browser() {
    let Some((chromium, driver)) = browser() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = desk_store(dir.path());
    let server = common::serve::start(&data, &[]);
    let b = Browser::start(&chromium, &driver);
    let at = |path: &str| format!("{}{path}", server.base);

    // Every page, at laptop and phone sizes, without sideways scrolling or errors.
    let pages = [
        ("overview", "/"),
        ("dyad", "/dyad?a=PRK&b=RUS"),
        ("alerts", "/alerts"),
        (
            "blocs",
            "/blocs?from=2022-01-01&to=2022-12-31&compare_from=2024-01-01&compare_to=2024-12-31",
        ),
        ("sanctions", "/sanctions?name=Kim+Jong+Un"),
        ("text", "/text"),
    ];
    for (w, h, size) in [(1280, 800, "laptop"), (390, 844, "phone")] {
        b.size(w, h);
        for (name, path) in pages {
            b.goto(&at(path));
            b.fits(&format!("{name} at {w}x{h}"));
            b.screenshot(&format!("{name}-{size}"));
        }
    }
    b.size(1280, 800);

    // The overview names the five monitors; the demo's collaboration alerts are listed.
    b.goto(&at("/"));
    for m in [
        "escalation",
        "sanctions",
        "collaboration",
        "proliferation",
        "alliances",
    ] {
        assert!(!b.text(&format!("#monitor-{m} h2")).is_empty(), "{m}");
    }
    assert!(b.text("#monitor-collaboration").contains("PRK"));
    // A sparkline per watched country, and per watched pair for the alliances monitor.
    let sparks = b.js(
        "return ['escalation', 'alliances'].map(m => document.querySelectorAll('#monitor-' + m + ' .spark svg').length);",
        json!([]),
    );
    assert!(sparks[0].as_u64().unwrap() >= 5, "{sparks}");
    assert!(sparks[1].as_u64().unwrap() >= 5, "{sparks}");
    assert!(b.text("#monitor-alliances").contains("PRK-RUS"));

    // The dyad picker: type two countries, submit; the page's series is the CLI's.
    b.goto(&at("/dyad"));
    b.type_into("#dyad-form input[name=a]", "PRK");
    b.type_into("#dyad-form input[name=b]", "RUS");
    b.click("#dyad-form button");
    b.wait_ready();
    let url = b.js("return location.pathname + location.search;", json!([]));
    assert_eq!(
        url, "/dyad?a=PRK&b=RUS&freq=month",
        "the view's state is in its URL"
    );
    let rows = b.js(
        "return [...document.querySelectorAll('tr[data-period]')].map(r => [...r.children].map(c => c.textContent));",
        json!([]),
    );
    let cli = json(&data, &["dyad", "PRK", "RUS", "--format", "json"]);
    let points = cli["points"].as_array().unwrap();
    assert_eq!(rows.as_array().unwrap().len(), points.len());
    for (row, p) in rows.as_array().unwrap().iter().zip(points) {
        assert_eq!(row[0], p["period"]);
        assert_eq!(row[3].as_str().unwrap(), p["events"].to_string());
        assert_eq!(
            row[4].as_str().unwrap(),
            format!("{:.2}", p["cooperation_index"].as_f64().unwrap()).trim_end_matches(".00"),
            "{}",
            p["period"]
        );
    }
    assert!(b.text("#main").contains("signs the Treaty") || b.text("#main").contains("treaty"));
    // The most reported events, one row per evidence cluster, as `vigil events --clusters`.
    let shown = b.js(
        "return [...document.querySelectorAll('tr[data-cluster]')].map(r => [r.dataset.cluster, r.children[3].textContent]);",
        json!([]),
    );
    let cli = json(
        &data,
        &[
            "events",
            "--clusters",
            "--dyad",
            "PRK,RUS",
            "--limit",
            "20",
            "--format",
            "json",
        ],
    );
    let cli: Vec<Value> = cli
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            json!([
                format!(
                    "{}/{}/{}/{}",
                    c["first"].as_str().unwrap(),
                    c["actor1"].as_str().unwrap(),
                    c["actor2"].as_str().unwrap_or(""),
                    c["root"].as_str().unwrap_or("")
                ),
                c["reports"].to_string()
            ])
        })
        .collect();
    assert!(!cli.is_empty());
    assert_eq!(shown, json!(cli));

    // An alert: from the list to its detail, with its evidence and why each event counts.
    b.goto(&at("/alerts?monitor=collaboration"));
    b.click("#main table a");
    b.wait_ready();
    assert!(
        b.text("h1").starts_with("collaboration"),
        "{}",
        b.text("h1")
    );
    assert!(b.text("#main").contains("why it counts"));
    b.screenshot("alert-detail");

    // Screening in Hangul finds Kim Jong Un.
    b.goto(&at("/sanctions"));
    b.type_into("#screen-form input[name=name]", "김정은");
    b.click("#screen-form button");
    b.wait_ready();
    assert!(b.text(".match h2").contains("KIM"), "{}", b.text("#main"));
    b.screenshot("sanctions-hangul");
    // The entity: its facts, and the stored events that name it.
    b.click(".match h2 a");
    b.wait_ready();
    assert!(b.text("h1").contains("KIM"));
    assert!(
        b.text("#entity-events").contains("Kim"),
        "{}",
        b.text("#main")
    );
    b.screenshot("entity");

    // A pasted article: its events, with source, verb and target marked in the sentence.
    b.goto(&at("/text"));
    b.type_into(
        "#text-input",
        "North Korea threatened South Korea with nuclear weapons. Russia and North Korea signed a defence treaty.",
    );
    b.click("#text-form button");
    b.wait_ready();
    for cls in ["src", "verb", "tgt"] {
        assert!(
            !b.text(&format!(".coded mark.{cls}")).is_empty(),
            "{cls} marked"
        );
    }
    assert_eq!(b.text(".coded mark.verb"), "threatened");
    b.screenshot("text");

    // Hostile evidence: shown as text, never run, never a javascript: link.
    b.goto(&at("/dyad?a=CUB&b=VEN&from=2024-01-01&to=2024-12-31"));
    let v = b.js(
        "return [window.__pwned === undefined, document.querySelectorAll('#main script, #main img:not(.chart img)').length, [...document.querySelectorAll('a')].filter(a => !/^(https?:|\\/|blob:)/.test(a.getAttribute('href'))).length, document.getElementById('main').textContent];",
        json!([]),
    );
    assert_eq!(v[0], true, "a stored script ran");
    assert_eq!(v[1], 0, "stored markup became elements");
    assert_eq!(v[2], 0, "a link that is not http(s) or the desk's own");
    let shown = v[3].as_str().unwrap();
    assert!(
        shown.contains("<script>window.__pwned=2</script>"),
        "{shown}"
    );
    assert!(shown.contains("<b>bold</b>"));
    b.screenshot("hostile");
}
