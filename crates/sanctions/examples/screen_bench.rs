//! Screening benchmark (run by `bench/screen.sh`): builds a list of N entities with
//! distinct names by expanding the names in the shared sanctions data, loads it as
//! FollowTheMoney JSON lines through the real loader, builds the index, screens Q
//! perturbed names whose intended entity is known, and matches the first Q/10 of them as
//! whole records (`Index::match_entity`). A query is found only when the intended
//! entity's id comes back at rank one. Prints one JSON object; writes the list's names and
//! the queries for the peer.
//!
//! usage: screen_bench SHARED_SANCTIONS_DIR OUT_DIR [N] [Q]

use std::collections::BTreeSet;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use vigil_sanctions::entity::Entity;
use vigil_sanctions::index::Query;
use vigil_sanctions::lists;

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next() % v.len() as u64) as usize]
    }
}

fn rss_mib() -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|k| k.parse::<f64>().ok())
        .map(|k| k / 1024.0)
        .unwrap_or(0.0)
}

/// Words of the names of the shared files' people and organisations.
fn pools(shared: &Path) -> (Vec<String>, Vec<String>) {
    let mut people = BTreeSet::new();
    let mut orgs = BTreeSet::new();
    for f in std::fs::read_dir(shared).unwrap().flatten() {
        let p = f.path();
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        for line in text.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let e = v.get("entity").unwrap_or(&v);
            let target = match e["schema"].as_str() {
                Some("Person") => &mut people,
                Some("Company" | "Organization" | "LegalEntity") => &mut orgs,
                _ => continue,
            };
            for n in e["properties"]["name"].as_array().into_iter().flatten() {
                for w in n.as_str().unwrap_or("").split_whitespace() {
                    let w: String = w.chars().filter(|c| c.is_alphabetic()).collect();
                    if w.chars().count() >= 3 {
                        target.insert(w);
                    }
                }
            }
        }
        if p.extension().is_some_and(|e| e == "txt") {
            for w in text.split_whitespace() {
                if w.chars().count() >= 3 && w.chars().all(char::is_alphabetic) {
                    people.insert(w.to_string());
                }
            }
        }
    }
    (people.into_iter().collect(), orgs.into_iter().collect())
}

/// A spelling variant an analyst might type: a dropped or doubled letter, another case,
/// words swapped, or a letter commonly transliterated two ways.
fn perturb(name: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    match rng.next() % 5 {
        0 if chars.len() > 6 => {
            let i = 1 + (rng.next() as usize % (chars.len() - 2));
            chars.remove(i);
        }
        1 => {
            let i = rng.next() as usize % chars.len();
            let c = chars[i];
            chars.insert(i, c);
        }
        2 => return name.to_uppercase(),
        3 => {
            let mut w: Vec<&str> = name.split(' ').collect();
            w.reverse();
            return w.join(" ");
        }
        _ => {
            return name
                .replace('v', "w")
                .replace("ch", "tch")
                .replace('y', "i");
        }
    }
    chars.into_iter().collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let shared = Path::new(&args[1]);
    let out = Path::new(&args[2]);
    let n: usize = args
        .get(3)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let q: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    std::fs::create_dir_all(out).unwrap();
    let (people, orgs) = pools(shared);
    let forms = ["LLC", "Ltd", "JSC", "GmbH", "Co., Ltd.", "Trading Company"];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let list = out.join("list.ftm.json");
    let mut names: Vec<String> = Vec::with_capacity(n);
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::with_capacity(n);
    {
        let mut w = BufWriter::new(std::fs::File::create(&list).unwrap());
        let mut i = 0;
        while i < n {
            let (schema, name) = if i % 3 == 2 {
                let k = 1 + rng.next() % 2;
                let mut parts: Vec<String> = (0..=k).map(|_| rng.pick(&orgs).clone()).collect();
                parts.push(rng.pick(&forms).to_string());
                ("Company", parts.join(" "))
            } else {
                let k = 2 + rng.next() % 2;
                let parts: Vec<String> = (0..k).map(|_| rng.pick(&people).clone()).collect();
                ("Person", parts.join(" "))
            };
            // Names are distinct, even once transliterated to Latin letters (any_ascii)
            // and put in one order, so rank one has one right answer.
            let mut key: Vec<String> = name
                .split_whitespace()
                .map(|w| {
                    any_ascii::any_ascii(w)
                        .to_lowercase()
                        .chars()
                        .filter(|c| c.is_ascii_alphanumeric())
                        .collect()
                })
                .collect();
            key.sort();
            if !seen.insert(key.join(" ")) {
                continue;
            }
            let e = serde_json::json!({"id": format!("b{i}"), "schema": schema, "properties": {"name": [name]}});
            writeln!(w, "{e}").unwrap();
            names.push(name);
            i += 1;
        }
    }
    drop(seen);
    let mut nf = BufWriter::new(std::fs::File::create(out.join("names.txt")).unwrap());
    for n in &names {
        writeln!(nf, "{n}").unwrap();
    }
    drop(nf);
    let mut queries = Vec::with_capacity(q);
    let mut qf = BufWriter::new(std::fs::File::create(out.join("queries.tsv")).unwrap());
    for _ in 0..q {
        let i = rng.next() as usize % n;
        let text = perturb(&names[i], &mut rng);
        writeln!(qf, "{i}\t{text}").unwrap();
        queries.push((i, text));
    }
    drop(qf);

    let data = out.join("data");
    let _ = std::fs::remove_dir_all(&data);
    let t = Instant::now();
    let r = lists::load(&data, &list, None, Some("bench")).unwrap();
    let load_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let ix = lists::open_index(&data).unwrap();
    let index_s = t.elapsed().as_secs_f64();
    let rss_index = rss_mib();
    let t = Instant::now();
    let (mut top1, mut tied) = (0, 0);
    for (i, text) in &queries {
        let m = ix.screen(
            &Query {
                name: text.clone(),
                ..Default::default()
            },
            0.7,
            5,
        );
        let want = format!("b{i}");
        if m.first().is_some_and(|f| f.entity_id == want) {
            top1 += 1;
        } else {
            // Not first: say whether it tied the best score (another name scored the
            // same), for the reader; it does not count as found.
            if let Some(first) = m.first()
                && m.iter()
                    .any(|x| x.entity_id == want && x.score >= first.score - 1e-9)
            {
                tied += 1;
            }
            if std::env::var_os("SCREEN_BENCH_MISSES").is_some() {
                eprintln!(
                    "miss: {text:?} wanted {:?}, got {:?}",
                    names[*i],
                    m.first().map(|m| (&m.matched_name, m.score))
                );
            }
        }
    }
    let screen_s = t.elapsed().as_secs_f64();
    // Whole records: the same perturbed names with their schema.
    let records: Vec<(usize, Entity)> = queries
        .iter()
        .take((queries.len() / 10).max(1))
        .map(|(i, text)| {
            let schema = if *i % 3 == 2 { "Company" } else { "Person" };
            (
                *i,
                Entity {
                    id: format!("q{i}"),
                    schema: schema.into(),
                    caption: text.clone(),
                    names: vec![text.clone()],
                    ..Default::default()
                },
            )
        })
        .collect();
    let t = Instant::now();
    let mut match_top1 = 0;
    for (i, e) in &records {
        let m = ix.match_entity(e, 0.7, 5);
        if m.first().is_some_and(|f| f.entity_id == format!("b{i}")) {
            match_top1 += 1;
        }
    }
    let match_s = t.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({
            "entities": r.input.records,
            "names_indexed": ix.name_count(),
            "load_seconds": load_s,
            "index_seconds": index_s,
            "peak_rss_mib": rss_index,
            "queries": queries.len(),
            "screen_seconds": screen_s,
            "queries_per_second": queries.len() as f64 / screen_s,
            "top1_accuracy": top1 as f64 / queries.len() as f64,
            "tied_not_first": tied,
            "records": records.len(),
            "match_seconds": match_s,
            "records_per_second": records.len() as f64 / match_s,
            "match_top1_accuracy": match_top1 as f64 / records.len() as f64,
        })
    );
}
