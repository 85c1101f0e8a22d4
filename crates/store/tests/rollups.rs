//! The daily rollups: written with the events, equal to what the events give, kept equal
//! through compaction (with a reader at work) and repair.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use vigil_store::{IngestOptions, Store};
use vigil_testdata::shared;

fn ingest(store: &mut Store, path: &Path) -> vigil_store::FileReport {
    store
        .ingest_file(path, &IngestOptions::default(), Arc::new(AtomicU64::new(0)))
        .unwrap()
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Runtime::new().unwrap()
}

/// A generated curated file: `rows` events over three years between a dozen countries,
/// with one-sided events, events within one country and roles, from a fixed seed.
fn generated(path: &Path, rows: usize, seed: u64) {
    let countries = [
        "USA", "RUS", "CHN", "PRK", "KOR", "JPN", "UKR", "IRN", "ISR", "SYR", "GBR", "FRA",
    ];
    let roles = ["GOV", "MIL", "", "BUS", "OPP"];
    let codes = [
        "010", "036", "042", "0311", "057", "061", "111", "130", "1383", "150", "172", "190",
        "195", "204",
    ];
    let mut x = seed;
    let mut next = |n: usize| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((x >> 33) as usize) % n
    };
    let mut out = String::from(
        "id,date,actor1_code,actor1_name,actor2_code,actor2_name,event_code,num_sources,url,evidence\n",
    );
    for i in 0..rows {
        let day = vigil_model::date::days_from_ymd(2022, 1, 1).unwrap() + next(1096) as i32;
        let a = countries[next(countries.len())];
        let b = match next(6) {
            0 => String::new(),
            1 => a.to_string(),
            _ => countries[next(countries.len())].to_string(),
        };
        let (ra, rb) = (roles[next(roles.len())], roles[next(roles.len())]);
        let a2 = if b.is_empty() {
            String::new()
        } else {
            format!("{b}{rb}")
        };
        out.push_str(&format!(
            "g{seed}-{i},{},{a}{ra},{a} {ra},{a2},{a2},{},{},,\n",
            vigil_model::date::format_iso(day),
            codes[next(codes.len())],
            1 + next(9)
        ));
    }
    std::fs::write(path, out).unwrap();
}

/// Every answer the rollups give, asked both ways.
fn assert_same_both_ways(dir: &Path) {
    let with = Store::open_read(dir).unwrap();
    let without = Store::open_read(dir).unwrap().without_rollups();
    // The rollup files read through SQL rather than directly.
    let by_sql = Store::open_read(dir).unwrap().without_direct_reads();
    let rt = rt();
    let day = |y, m, d| vigil_model::date::days_from_ymd(y, m, d).unwrap();
    let spans = [
        (day(1979, 1, 1), day(2030, 1, 1)),
        (day(2016, 7, 20), day(2016, 7, 28)),
        (day(2022, 3, 15), day(2023, 2, 10)),
    ];
    let mut checked = 0;
    for (a, b) in [
        ("USA", "RUS"),
        ("RUS", "USA"),
        ("PRK", "KOR"),
        ("CHN", "USA"),
        ("USA", "USA"),
        ("ISR", "SYR"),
        ("UKR", "RUS"),
    ] {
        for sources in [&[][..], &[vigil_model::Source::Curated][..]] {
            for (lo, hi) in spans {
                let x = rt.block_on(with.dyad_days(a, b, lo, hi, sources)).unwrap();
                let y = rt
                    .block_on(without.dyad_days(a, b, lo, hi, sources))
                    .unwrap();
                assert_eq!(x, y, "{a}-{b} {sources:?} {lo}..={hi}");
                let z = rt
                    .block_on(by_sql.dyad_days(a, b, lo, hi, sources))
                    .unwrap();
                assert_eq!(x, z, "{a}-{b} {sources:?} {lo}..={hi}, through SQL");
                assert!(x.iter().all(|d| (lo..=hi).contains(&d.day)));
                checked += x.len();
            }
        }
    }
    assert!(checked > 100, "only {checked} days compared");
    let mut x = rt.block_on(with.ties(None, None, &[])).unwrap();
    let mut y = rt.block_on(without.ties(None, None, &[])).unwrap();
    let key = |t: &vigil_analytics::blocs::Tie| (t.a.clone(), t.b.clone());
    x.sort_by_key(key);
    y.sort_by_key(key);
    assert_eq!(x, y);
    assert!(!x.is_empty());
}

fn sound(store: &Store) -> vigil_store::maintain::Verification {
    let v = rt().block_on(store.verify()).unwrap();
    assert!(v.sound(), "{v:#?}");
    v
}

#[test]
fn rollups_equal_the_events_on_real_gdelt_and_generated_data() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    ingest(
        &mut store,
        &shared("gdelt/gdelt1-events-20160728-sample.tsv"),
    );
    let input = dir.path().join("generated.csv");
    generated(&input, 20_000, 7);
    ingest(&mut store, &input);
    let v = sound(&store);
    assert_eq!(v.events_checked, 20_710);
    assert!(v.parts_without_rollups.is_empty());
    // The rollups are smaller than the events they summarise.
    assert!(v.daily_rows < v.events_checked, "{v:?}");
    drop(store);
    assert_same_both_ways(dir.path());

    // Volumes from the per-country rollup count an event once per country it involves.
    let s = Store::open_read(dir.path()).unwrap();
    let lo = vigil_model::date::days_from_ymd(2022, 1, 1).unwrap();
    let days = rt()
        .block_on(s.dyad_days("USA", "USA", lo, lo + 1200, &[]))
        .unwrap();
    let from_rollup: u64 = days.iter().map(|d| d.volume_a).sum();
    let text = std::fs::read_to_string(&input).unwrap();
    let counted = text
        .lines()
        .skip(1)
        .filter(|l| {
            let f: Vec<&str> = l.split(',').collect();
            f[2].starts_with("USA") || f[4].starts_with("USA")
        })
        .count() as u64;
    assert_eq!(from_rollup, counted);
}

#[test]
fn compaction_merges_small_parts_under_a_reader_and_keeps_every_answer() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    for seed in 1..=6 {
        let f = dir.path().join(format!("feed-{seed}.csv"));
        generated(&f, 1_500, seed);
        ingest(&mut store, &f);
    }
    let before = store.catalog().parts().count();
    let reader = Store::open_read(dir.path()).unwrap();
    let count = |s: &Store| {
        rt().block_on(async {
            let ctx = s.relations_session(None).await.unwrap();
            let b = ctx
                .sql("SELECT CAST(count(*) AS BIGINT) AS n, CAST((SELECT sum(events) FROM daily) AS BIGINT) AS d FROM events")
                .await
                .unwrap()
                .collect()
                .await
                .unwrap();
            (
                vigil_store::query::integers(&b[0], "n")[0].unwrap(),
                vigil_store::query::integers(&b[0], "d")[0].unwrap(),
            )
        })
    };
    assert_eq!(count(&reader), (9_000, 9_000));
    let dyad_before = rt()
        .block_on(reader.dyad_days("USA", "RUS", 0, 30_000, &[]))
        .unwrap();

    assert!(store.small_parts_per_month(100_000) >= 6);
    let c = store.compact(100_000).unwrap();
    assert_eq!(c.parts_merged, before);
    assert_eq!(c.parts_written, 36, "one part per month of three years");
    assert_eq!(
        c.segments_written, 3,
        "the rollups of the 36 parts, a segment a year"
    );
    assert_eq!(store.catalog().parts().count(), 36);
    assert_eq!(store.stats().rows, 9_000);
    assert_eq!(store.small_parts_per_month(100_000), 1);
    // Nothing more to do.
    let again = store.compact(100_000).unwrap();
    assert_eq!(
        (
            again.parts_merged,
            again.segments_written,
            again.segments_kept
        ),
        (0, 0, 3)
    );

    // The reader still answers from its catalog: its files were retired, not deleted.
    assert_eq!(count(&reader), (9_000, 9_000));
    let retired = vigil_store::retired::list(dir.path()).unwrap();
    assert_eq!(retired.len(), before * 3, "parts and their two rollups");
    assert_eq!(fresh_segments(dir.path()), 3);
    // A new reader sees every month once.
    let fresh = Store::open_read(dir.path()).unwrap();
    assert_eq!(count(&fresh), (9_000, 9_000));
    let dyad_after = rt()
        .block_on(fresh.dyad_days("USA", "RUS", 0, 30_000, &[]))
        .unwrap();
    assert_eq!(dyad_before, dyad_after);
    sound(&fresh);
    drop((reader, fresh, store));
    assert_same_both_ways(dir.path());

    // New parts beside the segment: queries read the segment and the new parts' own
    // rollups.
    let mut store = Store::open(dir.path()).unwrap();
    for seed in 7..=8 {
        let f = dir.path().join(format!("feed-{seed}.csv"));
        generated(&f, 1_500, seed);
        ingest(&mut store, &f);
    }
    assert_eq!(fresh_segments(dir.path()), 3);
    sound(&store);
    drop(store);
    assert_same_both_ways(dir.path());
    // Compacting again merges the segment's parts with the new ones: the segment no
    // longer stands for listed parts and is replaced by one over the new parts.
    let mut store = Store::open(dir.path()).unwrap();
    let c = store.compact(100_000).unwrap();
    assert_eq!((c.parts_written, c.segments_written), (36, 3));
    assert_eq!(store.catalog().rollup_segments.len(), 3);
    let v = sound(&store);
    assert_eq!(v.events_checked, 12_000);
    // The same rows (keys hold the day), in three files instead of 36.
    assert_eq!(v.daily_rows_read, v.daily_rows);
    assert_eq!(store.catalog().rollup_plan(None).daily.len(), 3);
    drop(store);
    assert_same_both_ways(dir.path());

    // Once the readers are gone, the next writer deletes the merged parts.
    let store = Store::open(dir.path()).unwrap();
    assert!(vigil_store::retired::list(dir.path()).unwrap().is_empty());
    let mut on_disk = BTreeSet::new();
    for top in ["events", "rollups"] {
        let mut stack = vec![dir.path().join(top)];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                if e.path().is_dir() {
                    stack.push(e.path());
                } else {
                    on_disk.insert(e.path());
                }
            }
        }
    }
    let listed: BTreeSet<_> = store
        .catalog()
        .parts()
        .flat_map(|p| p.files())
        .chain(
            store
                .catalog()
                .rollup_segments
                .iter()
                .flat_map(|s| s.files()),
        )
        .map(|f| dir.path().join(f))
        .collect();
    assert_eq!(on_disk, listed);
}

#[test]
fn a_store_written_before_rollups_answers_the_same_and_repair_writes_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let input = dir.path().join("generated.csv");
    generated(&input, 5_000, 11);
    ingest(&mut store, &input);
    ingest(
        &mut store,
        &shared("gdelt/gdelt1-events-20160728-sample.tsv"),
    );
    let expected = rt()
        .block_on(store.dyad_days("USA", "RUS", 0, 30_000, &[]))
        .unwrap();
    drop(store);
    // An older store's catalog names no rollups (and the files are gone).
    let cat_path = dir.path().join("catalog.json");
    let mut cat: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&cat_path).unwrap()).unwrap();
    for input in cat["inputs"].as_array_mut().unwrap() {
        for part in input["parts"].as_array_mut().unwrap() {
            part.as_object_mut().unwrap().remove("rollup");
        }
    }
    std::fs::write(&cat_path, cat.to_string()).unwrap();
    std::fs::remove_dir_all(dir.path().join("rollups")).unwrap();

    let old = Store::open_read(dir.path()).unwrap();
    let v = sound(&old);
    assert_eq!(v.parts_with_rollups, 0);
    assert_eq!(v.parts_without_rollups.len(), v.parts);
    let got = rt()
        .block_on(old.dyad_days("USA", "RUS", 0, 30_000, &[]))
        .unwrap();
    assert_eq!(
        got, expected,
        "computed from the events when no rollup exists"
    );
    drop(old);

    let mut store = Store::open(dir.path()).unwrap();
    let repaired = store.repair(&BTreeSet::new(), &[]).unwrap();
    assert_eq!(repaired, v.parts);
    let v = sound(&store);
    assert_eq!(v.parts_with_rollups, v.parts);
    assert_eq!(v.events_checked, 5_710);
    drop(store);
    assert_same_both_ways(dir.path());
}

#[test]
fn verify_finds_a_rollup_in_the_wrong_place_and_repair_mends_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let input = dir.path().join("generated.csv");
    generated(&input, 3_000, 5);
    ingest(&mut store, &input);
    // Two months' rollups swapped: the files exist and read, but say the wrong thing.
    let parts: Vec<_> = store.catalog().parts().cloned().collect();
    let (a, b) = (
        dir.path().join(parts[0].rollup.as_ref().unwrap()),
        dir.path().join(parts[1].rollup.as_ref().unwrap()),
    );
    let tmp = dir.path().join("swap");
    std::fs::rename(&a, &tmp).unwrap();
    std::fs::rename(&b, &a).unwrap();
    std::fs::rename(&tmp, &b).unwrap();
    let v = rt().block_on(store.verify()).unwrap();
    assert!(!v.sound());
    // Together they still hold every event's row (a query over both months would not
    // notice); a query over one month would read the other's.
    assert_eq!(v.daily_differences, 0);
    assert_eq!(v.misplaced.len(), 2, "{v:?}");
    let months: BTreeSet<u32> = v.differing_months.iter().map(|(_, m)| *m).collect();
    assert_eq!(months, BTreeSet::from([parts[0].month, parts[1].month]));

    let repaired = store
        .repair(&v.differing_months, &v.differing_segments)
        .unwrap();
    assert_eq!(repaired, 2);
    sound(&store);
    // A rollup that lost a row: its sums differ from the events'.
    let part = store.catalog().parts().nth(2).unwrap().clone();
    let path = dir.path().join(part.rollup.as_ref().unwrap());
    drop_first_row(&path);
    let v = rt().block_on(store.verify()).unwrap();
    assert_eq!(v.daily_differences, 1, "{v:?}");
    assert_eq!(
        v.differing_months,
        BTreeSet::from([(part.source.clone(), part.month)])
    );
    assert!(
        v.examples[0].starts_with("daily rollup: "),
        "{:?}",
        v.examples
    );
    assert_eq!(
        store
            .repair(&v.differing_months, &v.differing_segments)
            .unwrap(),
        1
    );
    sound(&store);
    // The mended rollups are new files; the swapped ones wait as retired.
    assert!(
        store
            .catalog()
            .parts()
            .filter_map(|p| p.rollup.as_deref())
            .any(|r| r.ends_with(".r1.parquet"))
    );
}

fn fresh_segments(dir: &Path) -> usize {
    Store::open_read(dir)
        .unwrap()
        .catalog()
        .live_segments()
        .len()
}

#[test]
fn verify_finds_a_segment_that_differs_and_repair_drops_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let input = dir.path().join("generated.csv");
    generated(&input, 4_000, 3);
    ingest(&mut store, &input);
    let c = store.compact(100_000).unwrap();
    assert_eq!(c.segments_written, 3, "a year each");
    let seg = store.catalog().rollup_segments[0].clone();
    // The segment loses its first row (written in place, as a damaged disk would).
    let path = dir.path().join(&seg.daily);
    drop_first_row(&path);
    let v = rt().block_on(store.verify()).unwrap();
    // The parts' own rollups are right; what queries read is not.
    assert_eq!((v.daily_differences, v.country_differences), (0, 0));
    assert_eq!(v.differing_segments, std::slice::from_ref(&seg.daily));
    assert!(!v.sound());
    store
        .repair(&v.differing_months, &v.differing_segments)
        .unwrap();
    // Only the damaged segment goes; the next compaction builds it again.
    assert_eq!(store.catalog().rollup_segments.len(), 2);
    assert!(
        store
            .catalog()
            .rollup_segments
            .iter()
            .all(|s| s.daily != seg.daily)
    );
    sound(&store);
    drop(store);
    assert_same_both_ways(dir.path());
}

/// Rewrites a rollup file in place without its first row, as a damaged disk would leave it.
fn drop_first_row(path: &Path) {
    let f = std::fs::File::open(path).unwrap();
    let r = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f)
        .unwrap()
        .build()
        .unwrap();
    let b: Vec<_> = r.map(|b| b.unwrap()).collect();
    let batch = datafusion::arrow::compute::concat_batches(&b[0].schema(), &b).unwrap();
    let shorter = batch.slice(1, batch.num_rows() - 1);
    let mut w = parquet::arrow::ArrowWriter::try_new(
        std::fs::File::create(path).unwrap(),
        shorter.schema(),
        None,
    )
    .unwrap();
    w.write(&shorter).unwrap();
    w.close().unwrap();
}
