//! The same questions on a Ballista cluster: a scheduler and two executors started from
//! vigil's own binary on loopback, and every query command run both ways, embedded and
//! `--engine df://`, on the shared GDELT sample and the demo store, with identical answers.
#![cfg(feature = "cluster")]

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::serve::start;
use common::stores::{alerts_of_a_fresh_run, gdelt_store};
use common::*;

/// A scheduler and its executors, killed when dropped.
struct Cluster {
    children: Vec<Child>,
    /// `df://127.0.0.1:PORT?partitions=3`.
    url: String,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for c in &mut self.children {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vigil"));
    c.env_remove("VIGIL_DATA").env_remove("VIGIL_ENGINE");
    c
}

/// Starts `vigil cluster scheduler` on a free port and `executors` executors.
fn cluster(executors: usize, work: &Path) -> Cluster {
    let mut scheduler = bin()
        .args(["cluster", "scheduler", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(scheduler.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("listening on ")
        .nth(1)
        .and_then(|r| r.split(';').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    let mut children = vec![scheduler];
    let mut flight = Vec::new();
    for i in 0..executors {
        let (port, grpc) = (free_port(), free_port());
        let dir = work.join(format!("executor-{i}"));
        std::fs::create_dir_all(&dir).unwrap();
        children.push(
            bin()
                .args(["cluster", "executor", "--scheduler", &addr])
                .args(["--port", &port.to_string()])
                .args(["--grpc-port", &grpc.to_string()])
                .args(["--concurrent-tasks", "2", "--work-dir"])
                .arg(&dir)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
        flight.push(port);
    }
    let cluster = Cluster {
        children,
        // Three partitions per scan: more tasks than one executor's two slots, so both
        // executors take part.
        url: format!("df://{addr}?partitions=3"),
    };
    // Ready when every executor listens (each registers with the scheduler as it starts).
    let deadline = Instant::now() + Duration::from_secs(60);
    for port in flight {
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "executor on {port} never listened"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    cluster
}

/// `vigil ARGS` embedded and on the cluster: the same standard output, which is returned.
fn both_ways(dir: &Path, url: &str, args: &[&str]) -> String {
    let embedded = ok(dir, &[&["--engine", "embedded"], args].concat());
    let clustered = ok(dir, &[&["--engine", url], args].concat());
    if embedded != clustered {
        let at = embedded
            .lines()
            .zip(clustered.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(embedded.lines().count().min(clustered.lines().count()));
        let around = |s: &str| {
            s.lines()
                .skip(at.saturating_sub(3))
                .take(8)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "vigil {args:?} differs on the cluster from line {}:\nembedded:\n{}\ncluster:\n{}",
            at + 1,
            around(&embedded),
            around(&clustered)
        );
    }
    embedded
}

fn get(url: &str) -> String {
    ureq::get(url)
        .call()
        .unwrap_or_else(|e| panic!("{url}: {e}"))
        .body_mut()
        .read_to_string()
        .unwrap()
}

#[test]
fn every_query_command_answers_the_same_on_a_two_executor_cluster() {
    let work = tempfile::tempdir().unwrap();
    let gdelt = work.path().join("gdelt");
    gdelt_store(&gdelt, &[]);
    let demo = work.path().join("demo");
    ok(work.path(), &["demo", "--dir", demo.to_str().unwrap()]);
    let c = cluster(2, work.path());

    // The cluster is used: an engine that is not there is an error, not a local answer.
    let dead = format!("df://127.0.0.1:{}", free_port());
    let out = vigil(
        &gdelt,
        &["--engine", &dead, "sql", "SELECT count(*) FROM events"],
    );
    assert!(!out.status.success());

    // SQL over the events, grouped across both executors' partitions, and over the
    // rollups' views.
    let by_source = both_ways(
        &gdelt,
        &c.url,
        &[
            "sql",
            "SELECT source, count(*) AS n, sum(num_mentions) AS mentions FROM events GROUP BY source ORDER BY source",
            "--format",
            "json",
        ],
    );
    let rows: serde_json::Value = serde_json::from_str(&by_source).unwrap();
    assert_eq!(rows[0]["n"].as_u64().unwrap(), stored_rows(&gdelt));
    both_ways(
        &gdelt,
        &c.url,
        &[
            "sql",
            "SELECT actor1_country, actor2_country, sum(events) AS n FROM daily WHERE actor2_country IS NOT NULL GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT 40",
            "--format",
            "csv",
        ],
    );
    // Events (a page across the store's parts and months), a dyad, blocs, evidence clusters.
    for (store, a, b) in [(&gdelt, "USA", "RUS"), (&demo, "PRK", "RUS")] {
        let events = both_ways(
            store,
            &c.url,
            &["events", "--actor1", a, "--limit", "30", "--format", "json"],
        );
        let events: serde_json::Value = serde_json::from_str(&events).unwrap();
        assert_eq!(events.as_array().unwrap().len(), 30);
        let dyad = both_ways(
            store,
            &c.url,
            &["dyad", a, b, "--freq", "day", "--format", "json"],
        );
        assert!(dyad.contains("\"points\""), "{dyad}");
        both_ways(store, &c.url, &["blocs", "--format", "json"]);
        let clusters = [
            "events",
            "--dyad",
            &format!("{a},{b}"),
            "--clusters",
            "--limit",
            "5",
            "--format",
            "json",
        ];
        both_ways(store, &c.url, &clusters);
    }

    // The monitors: the same alerts with the same evidence.
    for store in [&gdelt, &demo] {
        let embedded = alerts_of_a_fresh_run(store, &[]);
        let clustered = alerts_of_a_fresh_run(store, &["--engine", &c.url]);
        assert!(embedded.len() >= 5, "{} alerts", embedded.len());
        assert_eq!(embedded, clustered, "alerts differ on {}", store.display());
    }

    // The API answers the same from a server whose queries run on the cluster.
    let local = start(&demo, &[]);
    let remote = start(&demo, &["--engine", &c.url]);
    for path in [
        "/api/v1/dyad?a=PRK&b=RUS&freq=month",
        "/api/v1/events?dyad=PRK,RUS&limit=20",
        "/api/v1/blocs",
    ] {
        assert_eq!(
            get(&format!("{}{path}", local.base)),
            get(&format!("{}{path}", remote.base)),
            "{path}"
        );
    }
}

#[test]
fn an_engine_url_that_does_not_read_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = vigil(dir.path(), &["--engine", "http://x:1", "stats"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("df://HOST:PORT"), "{err}");
}
