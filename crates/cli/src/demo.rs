//! `vigil demo`: builds a store from the shipped North Korea–Russia sample, offline, and
//! shows what the store holds and a first dyad view.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use anyhow::Context;
use vigil_ingest::Format;
use vigil_store::{IngestOptions, Store};

use crate::output::{self, OutputFormat};

/// The sample, written by the project (see `demo/README.md`).
const SAMPLE: &str = include_str!("demo/events.csv");

pub fn run(dir: Option<PathBuf>) -> anyhow::Result<()> {
    let temp;
    let (dir, temporary) = match dir {
        Some(d) => (d, false),
        None => {
            temp = tempfile::Builder::new().prefix("vigil-demo-").tempdir()?;
            (temp.path().to_path_buf(), true)
        }
    };
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "vigil demo: an illustrative, hand-coded sample of North Korea–Russia events, 2022-2024"
    )?;
    writeln!(out, "store: {}\n", dir.display())?;
    std::fs::create_dir_all(&dir).with_context(|| dir.display().to_string())?;
    let sample = dir.join("nk-russia-2022-2024.csv");
    std::fs::write(&sample, SAMPLE).with_context(|| sample.display().to_string())?;
    let mut store = Store::open(&dir)?;
    let opts = IngestOptions {
        format: Some(Format::Curated),
        md5: None,
    };
    let r = store.ingest_file(&sample, &opts, Arc::new(AtomicU64::new(0)))?;
    if r.already_stored {
        writeln!(out, "The sample is already in this store; nothing added.")?;
    } else {
        writeln!(
            out,
            "Ingested {} events ({} set aside).",
            r.rows_stored,
            r.rejected.values().sum::<u64>()
        )?;
    }
    drop(store);

    let show = |out: &mut dyn Write, title: &str, sql: &str| -> anyhow::Result<()> {
        writeln!(out, "\n== {title}")?;
        let batches = crate::query(&dir, sql)?;
        output::print(&batches, OutputFormat::Table, out)
    };
    show(
        &mut out,
        "Events by year and source country",
        "SELECT extract(year FROM date) AS year, actor1_country, count(*) AS events \
         FROM events GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2",
    )?;
    show(
        &mut out,
        "Dyad North Korea – Russia, both directions, by quarter and quad class",
        "SELECT concat(CAST(extract(year FROM date) AS VARCHAR), '-Q', CAST(extract(quarter FROM date) AS VARCHAR)) AS quarter, \
         count(*) AS events, \
         sum(CASE WHEN quad_class = 1 THEN 1 ELSE 0 END) AS verbal_coop, \
         sum(CASE WHEN quad_class = 2 THEN 1 ELSE 0 END) AS material_coop, \
         sum(CASE WHEN quad_class = 3 THEN 1 ELSE 0 END) AS verbal_conflict, \
         sum(CASE WHEN quad_class = 4 THEN 1 ELSE 0 END) AS material_conflict, \
         round(avg(goldstein), 2) AS mean_goldstein \
         FROM events WHERE (actor1_country = 'PRK' AND actor2_country = 'RUS') OR (actor1_country = 'RUS' AND actor2_country = 'PRK') \
         GROUP BY 1 ORDER BY 1",
    )?;
    show(
        &mut out,
        "Who reacts to North Korea and Russia (events from neighbours toward them)",
        "SELECT actor1_country AS from_country, actor2_country AS toward, count(*) AS events, round(avg(goldstein), 2) AS mean_goldstein \
         FROM events WHERE actor1_country IN ('KOR', 'JPN', 'USA', 'CHN', 'UKR') AND actor2_country IN ('PRK', 'RUS') \
         GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2",
    )?;
    show(
        &mut out,
        "Latest North Korea – Russia events, with their evidence",
        "SELECT date, actor1_code, event_code, actor2_code, evidence FROM events \
         WHERE (actor1_country = 'PRK' AND actor2_country = 'RUS') OR (actor1_country = 'RUS' AND actor2_country = 'PRK') \
         ORDER BY date DESC, event_id LIMIT 8",
    )?;
    if temporary {
        writeln!(
            out,
            "\nThis store was temporary and is removed now. Keep one with `vigil demo --dir DIR`, then try:\n  \
             vigil --data-dir DIR events --dyad PRK,RUS --limit 20\n  \
             vigil --data-dir DIR sql \"SELECT event_code, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC\""
        )?;
    } else {
        let d = dir.display();
        writeln!(
            out,
            "\nTry next:\n  vigil --data-dir {d} events --dyad PRK,RUS --limit 20\n  \
             vigil --data-dir {d} sql \"SELECT event_code, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC\""
        )?;
    }
    Ok(())
}
