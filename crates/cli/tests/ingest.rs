//! End-to-end: ingest real GDELT data and fixtures, recount independently, and check the
//! behaviour on bad input.

mod common;

use std::collections::BTreeMap;

use common::*;

/// Independent count from the raw file: (actor1 country, actor2 country, YYYYMM) → events.
fn raw_dyad_months(text: &str) -> BTreeMap<(String, String, String), u64> {
    let mut counts = BTreeMap::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        *counts
            .entry((f[7].to_string(), f[17].to_string(), f[1][..6].to_string()))
            .or_default() += 1;
    }
    counts
}

#[test]
fn real_gdelt_rows_are_all_stored_and_recounts_match_the_raw_file() {
    let dir = tempfile::tempdir().unwrap();
    let sample = gdelt1_sample();
    let text = std::fs::read_to_string(&sample).unwrap();
    let well_formed = text
        .lines()
        .filter(|l| matches!(l.split('\t').count(), 57 | 58))
        .count() as u64;
    assert_eq!(well_formed, 710);

    let summary = json(dir.path(), &["ingest", "--json", sample.to_str().unwrap()]);
    assert_eq!(summary["rows_stored"], well_formed);
    assert_eq!(summary["rows_rejected"], 0);
    assert_eq!(stored_rows(dir.path()), well_formed);

    let raw = raw_dyad_months(&text);
    let mut dyads: Vec<_> = raw
        .iter()
        .filter(|((a, b, _), _)| !a.is_empty() && !b.is_empty() && a != b)
        .collect();
    dyads.sort_by_key(|(_, n)| std::cmp::Reverse(**n));
    assert!(dyads.len() >= 5);
    for ((a, b, month), n) in dyads.iter().take(8) {
        let sql = format!(
            "SELECT count(*) AS n FROM events WHERE actor1_country = '{a}' AND actor2_country = '{b}' \
             AND CAST(date_part('year', date) * 100 + date_part('month', date) AS BIGINT) = {month}"
        );
        let rows = json(dir.path(), &["sql", "--format", "json", &sql]);
        assert_eq!(rows[0]["n"].as_u64(), Some(**n), "{a}->{b} in {month}");
    }

    // A second ingest of the same file changes nothing.
    let again = json(dir.path(), &["ingest", "--json", sample.to_str().unwrap()]);
    assert_eq!(again["files_already_stored"], 1);
    assert_eq!(again["rows_stored"], 0);
    assert_eq!(stored_rows(dir.path()), well_formed);

    // The same content zipped is recognised as a different input, but a zipped copy of
    // the file stores the same rows.
    let zipped = dir.path().join("sample.zip");
    write_zip(&zipped, "20160728.export.CSV", text.as_bytes());
    let other = tempfile::tempdir().unwrap();
    let z = json(
        other.path(),
        &["ingest", "--json", zipped.to_str().unwrap()],
    );
    assert_eq!(z["rows_stored"], well_formed);
    assert_verified(dir.path());
    assert_verified(other.path());
}

#[test]
fn garbled_rows_are_counted_and_set_aside_with_line_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(gdelt1_sample()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // Line 3: cut short. Line 10: impossible date. Line 20: tone is not a number.
    // Line 30: an event code that CAMEO does not have.
    lines[2] = lines[2].split('\t').take(12).collect::<Vec<_>>().join("\t");
    let set = |line: &mut String, i: usize, v: &str| {
        let mut f: Vec<&str> = line.split('\t').collect();
        f[i] = v;
        *line = f.join("\t");
    };
    set(&mut lines[9], 1, "20161345");
    set(&mut lines[19], 34, "not-a-number");
    set(&mut lines[29], 26, "999");
    let garbled = dir.path().join("garbled.tsv");
    std::fs::write(&garbled, lines.join("\n") + "\n").unwrap();
    let store = dir.path().join("store");
    let s = json(&store, &["ingest", "--json", garbled.to_str().unwrap()]);
    assert_eq!(s["rows_stored"], 706);
    assert_eq!(s["rows_rejected"], 4);
    assert_eq!(s["rejected_by_reason"]["wrong column count"], 1);
    assert_eq!(s["rejected_by_reason"]["bad date"], 1);
    assert_eq!(s["rejected_by_reason"]["bad number"], 1);
    assert_eq!(s["rejected_by_reason"]["unknown code"], 1);
    let rejects_file = s["reports"][0]["rejects_file"].as_str().unwrap();
    let rejects = std::fs::read_to_string(store.join(rejects_file)).unwrap();
    let rows: Vec<Vec<&str>> = rejects
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    let found: Vec<(&str, &str, &str)> = rows.iter().map(|r| (r[1], r[2], r[3])).collect();
    assert_eq!(
        found,
        vec![
            ("3", "", "wrong column count"),
            ("10", "SQLDATE", "bad date"),
            ("20", "AvgTone", "bad number"),
            ("30", "EventCode", "unknown code")
        ]
    );
    assert!(rows.iter().all(|r| r[0].ends_with("garbled.tsv")));
    let stats = json(&store, &["stats", "--json"]);
    assert_eq!(stats["sources"]["gdelt1"]["rejected"], 4);
}

#[test]
fn a_truncated_zip_fails_alone_and_stores_nothing_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(gdelt1_sample()).unwrap();
    let whole = dir.path().join("whole.zip");
    write_zip(&whole, "a.CSV", text.as_bytes());
    let bytes = std::fs::read(&whole).unwrap();
    let cut = dir.path().join("cut.zip");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let store = dir.path().join("store");
    let out = vigil(&store, &["ingest", cut.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cut.zip") && err.contains("zip"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(stored_rows(&store), 0);
    assert!(
        std::fs::read_dir(store.join("events"))
            .map(|d| d.count())
            .unwrap_or(0)
            == 0
    );

    // Together with a good file: the good one is stored, the bad one is not, exit is non-zero.
    let good = dir.path().join("good.tsv");
    std::fs::write(&good, &text).unwrap();
    let out = vigil(
        &store,
        &["ingest", cut.to_str().unwrap(), good.to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert_eq!(stored_rows(&store), 710);
}

fn has_parquet(dir: &std::path::Path) -> bool {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries.flatten().any(|e| {
                let p = e.path();
                if p.is_dir() {
                    has_parquet(&p)
                } else {
                    p.extension().is_some_and(|x| x == "parquet")
                }
            })
        })
        .unwrap_or(false)
}

#[test]
fn a_killed_ingest_leaves_the_store_as_it_was_and_can_run_again() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(gdelt1_sample()).unwrap();
    let base = gdelt1_rows(&text);
    let mut big = String::new();
    let mut id = 1u64;
    for _ in 0..1000 {
        for l in &base {
            let (_, rest) = l.split_once('\t').unwrap();
            big.push_str(&format!("{id}\t{rest}\n"));
            id += 1;
        }
    }
    let input = dir.path().join("big.tsv");
    std::fs::write(&input, &big).unwrap();
    let store = dir.path().join("store");
    ok(&store, &["ingest", gdelt1_sample().to_str().unwrap()]);
    let before = stored_rows(&store);

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vigil"))
        .arg("--data-dir")
        .arg(&store)
        .args(["ingest", input.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once it has staged a Parquet part (the writer flushes every 400k rows).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while !has_parquet(&store.join("tmp")) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(
        has_parquet(&store.join("tmp")),
        "the ingest staged no part within two minutes"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        stored_rows(&store),
        before,
        "a killed ingest must not change what is stored"
    );
    // Nor the rollups: they still summarise exactly what is stored.
    assert_verified(&store);
    let s = json(&store, &["ingest", "--json", input.to_str().unwrap()]);
    assert_eq!(s["rows_stored"].as_u64().unwrap(), (id - 1));
    assert_eq!(stored_rows(&store), before + id - 1);
    let leftovers = std::fs::read_dir(store.join("tmp"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(leftovers, 0, "the interrupted commit's staging was swept");
    assert_verified(&store);
}

#[test]
fn icews_and_acled_fixtures_map_into_the_canonical_table() {
    let dir = tempfile::tempdir().unwrap();
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let s = json(dir.path(), &["ingest", "--json", data.to_str().unwrap()]);
    let reports = s["reports"].as_array().unwrap();
    let by_format: BTreeMap<&str, &serde_json::Value> = reports
        .iter()
        .map(|r| (r["format"].as_str().unwrap(), r))
        .collect();
    assert_eq!(by_format["icews"]["rows_stored"], 4);
    assert_eq!(by_format["icews"]["rejected"]["bad date"], 1);
    assert_eq!(by_format["icews"]["rejected"]["unknown code"], 1);
    assert_eq!(by_format["acled"]["rows_stored"], 5);
    assert_eq!(by_format["acled"]["rejected"]["bad date"], 1);

    let rows = json(
        dir.path(),
        &[
            "sql",
            "--format",
            "json",
            "SELECT event_id, actor1_code, actor1_country, actor2_country, event_code, quad_class, goldstein FROM events ORDER BY event_id",
        ],
    );
    let find = |id: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["event_id"] == id)
            .unwrap()
            .clone()
    };
    let lavrov = find("icews-926687");
    assert_eq!(lavrov["actor1_country"], "RUS");
    assert_eq!(lavrov["actor1_code"], "RUSGOV");
    assert_eq!(lavrov["event_code"], "046");
    let kim = find("icews-926686");
    assert_eq!(kim["actor1_code"], "PRKMIL");
    let clash = find("acled-UKR100001");
    assert_eq!(
        (
            clash["actor1_country"].as_str(),
            clash["actor2_country"].as_str()
        ),
        (Some("UKR"), Some("RUS"))
    );
    assert_eq!(clash["event_code"], "190");
    assert_eq!(clash["quad_class"], 4);
    let strike = find("acled-UKR100002");
    assert_eq!(strike["event_code"], "195");
    let agreement = find("acled-KOR300002");
    assert_eq!(agreement["actor1_code"], "KORGOV");
    assert_eq!(agreement["actor2_country"], "JPN");
    assert_eq!(agreement["event_code"], "057");
}

#[test]
fn events_command_filters_dyads_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["ingest", gdelt1_sample().to_str().unwrap()]);
    let rows = json(
        dir.path(),
        &[
            "events", "--dyad", "USA,RUS", "--format", "json", "--limit", "1000",
        ],
    );
    let text = std::fs::read_to_string(gdelt1_sample()).unwrap();
    let raw = text
        .lines()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|f| (f[7] == "USA" && f[17] == "RUS") || (f[7] == "RUS" && f[17] == "USA"))
        .count();
    assert_eq!(rows.as_array().unwrap().len(), raw);
    assert!(raw > 0);
    let conflict = json(
        dir.path(),
        &[
            "events", "--actor1", "USA", "--quad", "4", "--format", "json", "--limit", "1000",
        ],
    );
    assert!(
        conflict
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["quad_class"] == 4 && r["actor1_country"] == "USA")
    );
    let bad = vigil(dir.path(), &["events", "--actor1", "X'; DROP TABLE events"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("three-letter country code"));
}

#[test]
fn events_clusters_group_the_real_gdelt_rows_as_a_recount_of_the_raw_file_does() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["ingest", gdelt1_sample().to_str().unwrap()]);
    let out = vigil(
        dir.path(),
        &[
            "events",
            "--clusters",
            "--format",
            "json",
            "--limit",
            "100000",
        ],
    );
    assert!(out.status.success());
    let clusters: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let clusters = clusters.as_array().unwrap();
    // The raw file, grouped independently: actors (country, else actor code) in either
    // order, CAMEO root, and days chained by gaps of at most one day.
    let text = std::fs::read_to_string(gdelt1_sample()).unwrap();
    let mut days: BTreeMap<(String, String, String), BTreeMap<String, u64>> = BTreeMap::new();
    for f in text.lines().map(|l| l.split('\t').collect::<Vec<_>>()) {
        let side = |country: &str, code: &str| {
            if !country.is_empty() {
                country.to_string()
            } else {
                code.to_string()
            }
        };
        let (a, b) = (side(f[7], f[5]), side(f[17], f[15]));
        let (a, b) = if b.is_empty() || (!a.is_empty() && a <= b) {
            (a, b)
        } else {
            (b, a)
        };
        *days
            .entry((a, b, f[26][..2].to_string()))
            .or_default()
            .entry(f[1].to_string())
            .or_default() += 1;
    }
    let mut raw = 0;
    for d in days.values() {
        let mut last: Option<i32> = None;
        for k in d.keys() {
            let day = vigil_model::date::parse_yyyymmdd(k.as_bytes()).unwrap();
            if last.is_none_or(|l| day - l > 1) {
                raw += 1;
            }
            last = Some(day);
        }
    }
    let rows = text.lines().count() as u64;
    assert_eq!(clusters.len(), raw);
    assert!(
        clusters.len() < rows as usize,
        "GDELT reports events more than once"
    );
    let reports: u64 = clusters
        .iter()
        .map(|c| c["reports"].as_u64().unwrap())
        .sum();
    assert_eq!(reports, rows);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{rows} events in {raw} clusters")),
        "{err}"
    );
    // Most reported first; the cited event is one of the cluster's.
    let r: Vec<u64> = clusters
        .iter()
        .map(|c| c["reports"].as_u64().unwrap())
        .collect();
    assert!(r.windows(2).all(|w| w[0] >= w[1]));
    let top = &clusters[0];
    assert!(
        top["event_code"]
            .as_str()
            .unwrap()
            .starts_with(top["root"].as_str().unwrap())
    );
    assert!(top["sources"].as_u64().unwrap() <= top["reports"].as_u64().unwrap());
    // --limit counts clusters, and a filter applies before grouping.
    let usa = json(
        dir.path(),
        &[
            "events",
            "--clusters",
            "--actor1",
            "USA",
            "--limit",
            "3",
            "--format",
            "json",
        ],
    );
    assert_eq!(usa.as_array().unwrap().len(), 3);
    assert!(
        usa.as_array()
            .unwrap()
            .iter()
            .all(|c| c["actor1"] == "USA" || c["actor2"] == "USA")
    );
}

#[test]
fn demo_runs_offline_from_the_shipped_sample() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(
        dir.path(),
        &["demo", "--dir", dir.path().join("demo").to_str().unwrap()],
    );
    assert!(out.contains("Ingested 164 events (0 set aside)"), "{out}");
    assert!(out.contains("North Korea – Russia"));
    let rows = stored_rows(&dir.path().join("demo"));
    assert_eq!(rows, 164);
    let prk_rus = json(
        &dir.path().join("demo"),
        &[
            "sql",
            "--format",
            "json",
            "SELECT count(*) AS n FROM events WHERE actor1_country = 'PRK' AND actor2_country = 'RUS' AND event_code = '057'",
        ],
    );
    assert_eq!(prk_rus[0]["n"], 2);
}

#[test]
fn polecat_rows_without_cameo_codes_flow_through_dyad_blocs_stats_and_monitors() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ingest/tests/data/ngecEvents.DV.20230105.txt");
    let s = json(data, &["ingest", "--json", fixture.to_str().unwrap()]);
    let r = &s["reports"][0];
    assert_eq!(r["format"], "polecat");
    assert_eq!(r["rows_stored"], 5);
    assert_eq!(r["rejected"]["bad date"], 1);
    // A row with no CAMEO code is stored with its quad class and PLOVER type.
    let rows = json(
        data,
        &[
            "sql",
            "--format",
            "json",
            "SELECT event_id, event_code, quad_class, plover_type FROM events WHERE event_code IS NULL",
        ],
    );
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows.iter()
            .any(|r| r["plover_type"] == "MOBILIZE" && r["quad_class"] == 4)
    );
    // stats counts them; events lists them; dyad counts them by quad class.
    let stats = json(data, &["stats", "--json"]);
    assert_eq!(stats["rows"], 5);
    let events = json(data, &["events", "--actor1", "PRK", "--format", "json"]);
    assert_eq!(events.as_array().unwrap().len(), 1);
    let dyad = json(
        data,
        &[
            "dyad",
            "RUS",
            "PRK",
            "--from",
            "2023-01-01",
            "--to",
            "2023-01-31",
            "--format",
            "json",
        ],
    );
    let points = dyad["points"].as_array().unwrap();
    let coop: u64 = points
        .iter()
        .map(|p| p["verbal_cooperation"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(coop, 2, "{points:?}");
    ok(
        data,
        &[
            "blocs",
            "--from",
            "2023-01-01",
            "--to",
            "2023-01-31",
            "--min-events",
            "1",
        ],
    );
    ok(data, &["watch", "--once"]);
}

/// Runs `vigil --data-dir DIR ARGS...` with `input` on standard input.
fn vigil_with_stdin(dir: &std::path::Path, args: &[&str], input: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vigil"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("VIGIL_DATA")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // Written from a thread, so a command that stops reading early cannot block the test.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

#[test]
fn standard_input_is_ingested_like_the_file_and_recognised_when_streamed_again() {
    let text = std::fs::read(gdelt1_sample()).unwrap();
    let from_file = tempfile::tempdir().unwrap();
    ok(
        from_file.path(),
        &["ingest", "--json", gdelt1_sample().to_str().unwrap()],
    );

    let dir = tempfile::tempdir().unwrap();
    let out = vigil_with_stdin(
        dir.path(),
        &["ingest", "--json", "--stdin-name", "gdelt-pipe", "-"],
        &text,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["rows_stored"], 710, "{s:#}");
    assert_eq!(s["reports"][0]["format"], "gdelt1");
    assert!(
        s["reports"][0]["detected"]
            .as_str()
            .unwrap()
            .contains("58 tab-separated fields"),
        "{s:#}"
    );
    assert_verified(dir.path());
    // The same events as from the file, each recording the stream's name as its origin.
    let q = "SELECT event_id, date, actor1_code, actor2_code, event_code, goldstein, \
             num_articles, url, origin_line FROM events ORDER BY event_id";
    assert_eq!(
        json(dir.path(), &["sql", "--format", "json", q]),
        json(from_file.path(), &["sql", "--format", "json", q])
    );
    let origins = json(
        dir.path(),
        &[
            "sql",
            "--format",
            "json",
            "SELECT DISTINCT origin_file FROM events",
        ],
    );
    assert_eq!(origins, serde_json::json!([{"origin_file": "gdelt-pipe"}]));

    // Streamed again: recognised by its hash once read; nothing is stored twice.
    let again = vigil_with_stdin(dir.path(), &["ingest", "--json", "-"], &text);
    assert!(again.status.success());
    let a: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(a["files_already_stored"], 1, "{a:#}");
    assert_eq!(a["rows_stored"], 0);
    assert_eq!(stored_rows(dir.path()), 710);
    assert_verified(dir.path());
}

#[test]
fn a_bad_stream_is_refused_naming_it_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    // Not an events table.
    let out = vigil_with_stdin(dir.path(), &["ingest", "-"], b"hello\tworld\n1\t2\n");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("stdin") && err.contains("unrecognised format"),
        "{err}"
    );
    // A zip archive cannot be read from a stream.
    let zipped = dir.path().join("s.zip");
    write_zip(&zipped, "20160728.export.CSV", b"1\t2\n");
    let out = vigil_with_stdin(
        dir.path(),
        &["ingest", "-"],
        &std::fs::read(&zipped).unwrap(),
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unzip -p"));
    // The wrong --source for what the stream holds.
    let text = std::fs::read(gdelt1_sample()).unwrap();
    let out = vigil_with_stdin(dir.path(), &["ingest", "--source", "icews", "-"], &text);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("looks like gdelt1"));
    // `-` twice.
    let out = vigil_with_stdin(dir.path(), &["ingest", "-", "-"], &text);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("given twice"));
    assert_eq!(stored_rows(dir.path()), 0);
}

/// Events per source and publication day, and their Goldstein sum (what dyad and bloc
/// queries add up), from the store at `dir`.
fn by_source_and_day(dir: &std::path::Path) -> serde_json::Value {
    json(
        dir,
        &[
            "sql",
            "--format",
            "json",
            "SELECT source, CAST(date_added AS VARCHAR) AS added, count(*) AS n, \
             round(sum(goldstein), 3) AS goldstein FROM events GROUP BY 1, 2 ORDER BY 1, 2",
        ],
    )
}

#[test]
fn gdelt_1_rows_of_days_gdelt_2_covers_are_stored_once_whatever_the_order() {
    let text = std::fs::read_to_string(gdelt1_sample()).unwrap();
    // GDELT 2.0's coding of the sample's busiest publication day, 2016-07-28 (509 rows):
    // the same rows in the 61-field layout, with 2.0 ids.
    let day_rows: Vec<&str> = text
        .lines()
        .filter(|l| l.split('\t').nth(56) == Some("20160728"))
        .collect();
    assert_eq!(day_rows.len(), 509);
    let tmp = tempfile::tempdir().unwrap();
    let export = tmp.path().join("20160728120000.export.CSV");
    let body: String = day_rows
        .iter()
        .enumerate()
        .map(|(i, l)| gdelt2_row(l, 900_000_000 + i as u64) + "\n")
        .collect();
    std::fs::write(&export, body).unwrap();
    let (v1, v2) = (
        gdelt1_sample().to_str().unwrap().to_string(),
        export.to_str().unwrap().to_string(),
    );

    // 1.0 first: the 2.0 export takes the stored 1.0 rows of its day out, in its commit.
    let a = tempfile::tempdir().unwrap();
    ok(a.path(), &["ingest", "--json", &v1]);
    assert_eq!(stored_rows(a.path()), 710);
    let s = json(a.path(), &["ingest", "--json", &v2]);
    assert_eq!(s["rows_stored"], 509, "{s:#}");
    assert_eq!(s["rows_superseded"], 509, "{s:#}");
    let kept = s["reports"][0]["superseded_file"].as_str().unwrap();
    assert!(a.path().join(kept).is_file(), "{kept} kept");
    assert_eq!(stored_rows(a.path()), 710);
    assert_verified(a.path());

    // 2.0 first: the 1.0 file's rows of that day are set aside as it is read.
    let b = tempfile::tempdir().unwrap();
    ok(b.path(), &["ingest", "--json", &v2]);
    let s = json(b.path(), &["ingest", "--json", &v1]);
    assert_eq!(s["rows_read"], 710, "{s:#}");
    assert_eq!(s["rows_stored"], 201, "{s:#}");
    assert_eq!(s["rows_superseded"], 509, "{s:#}");
    assert_verified(b.path());

    // Either order stores the same events: 2.0 for 2016-07-28, 1.0 for the other days.
    let counts = by_source_and_day(a.path());
    assert_eq!(counts, by_source_and_day(b.path()));
    let rows = counts.as_array().unwrap();
    let n = |source: &str, added: &str| {
        rows.iter()
            .find(|r| r["source"] == source && r["added"] == added)
            .map_or(0, |r| r["n"].as_u64().unwrap())
    };
    assert_eq!(n("gdelt1", "2016-07-28"), 0, "{counts:#}");
    assert_eq!(n("gdelt2", "2016-07-28"), 509, "{counts:#}");
    assert_eq!(n("gdelt1", "2013-02-03") + n("gdelt1", "2013-02-06"), 201);
    let dyad = ["dyad", "USA", "RUS", "--freq", "month", "--format", "json"];
    assert_eq!(json(a.path(), &dyad), json(b.path(), &dyad));

    // Ingesting either file again changes nothing.
    let again = json(a.path(), &["ingest", "--json", &v1, &v2]);
    assert_eq!(again["files_already_stored"], 2, "{again:#}");
    assert_eq!(by_source_and_day(a.path()), counts);
}
