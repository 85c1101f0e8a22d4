//! In-process timing of the dyad and blocs questions on a store, as bench/rollups.sh
//! compares them with DuckDB's in-process aggregate: the best of 5 runs of
//! `Store::dyad_days` for a pair over a span and of `Store::ties` over a year, each run on
//! a freshly opened store sharing one runtime (as `vigil serve` answers requests): from the
//! rollup files read directly (`rollups`, the default), from the same files through SQL
//! (`rollups_sql`), and from the events (`scan`).
//!
//! usage: dyad_bench STORE A B FROM TO YEAR_FROM YEAR_TO   (dates YYYY-MM-DD)
//! prints one JSON object: seconds per question and way, and the events counted.

use std::time::Instant;

use vigil_model::date::parse_iso;
use vigil_store::Store;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 8 {
        eprintln!("usage: dyad_bench STORE A B FROM TO YEAR_FROM YEAR_TO");
        std::process::exit(2);
    }
    let dir = std::path::Path::new(&args[1]);
    let day = |s: &str| parse_iso(s).unwrap_or_else(|| panic!("{s:?} is not a date"));
    let (from, to, yfrom, yto) = (day(&args[4]), day(&args[5]), day(&args[6]), day(&args[7]));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let shared = vigil_store::shared_runtime().expect("a DataFusion runtime");
    let open = |way: &str| {
        let s = Store::open_read(dir)
            .expect("the store opens")
            .with_runtime(shared.clone());
        match way {
            "scan" => s.without_rollups(),
            "rollups_sql" => s.without_direct_reads(),
            _ => s,
        }
    };
    let mut out = serde_json::Map::new();
    for name in ["rollups", "rollups_sql", "scan"] {
        let (mut dyad, mut ties) = (f64::MAX, f64::MAX);
        let (mut dyad_events, mut pair_events) = (0u64, 0u64);
        for _ in 0..5 {
            let store = open(name);
            let t = Instant::now();
            let days = rt
                .block_on(store.dyad_days(&args[2], &args[3], from, to, &[]))
                .expect("the dyad query");
            dyad = dyad.min(t.elapsed().as_secs_f64());
            dyad_events = days
                .iter()
                .map(|d| d.ab.iter().chain(d.ba.iter()).sum::<u64>())
                .sum();
            let t = Instant::now();
            let found = rt
                .block_on(store.ties(Some(yfrom), Some(yto), &[]))
                .expect("the ties query");
            ties = ties.min(t.elapsed().as_secs_f64());
            pair_events = found.iter().map(|t| t.cooperation + t.conflict).sum();
        }
        out.insert(
            name.into(),
            serde_json::json!({"dyad": dyad, "ties": ties, "dyad_events": dyad_events, "pair_events": pair_events}),
        );
    }
    println!("{}", serde_json::Value::Object(out));
}
