//! Small stores written for a test: curated events ingested into `DIR/store`.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use vigil_store::{IngestOptions, Store};

/// The header of vigil's curated event CSV.
pub const HEADER: &str =
    "id,date,actor1_code,actor1_name,actor2_code,actor2_name,event_code,num_sources,url,evidence\n";

/// Writes `rows` (curated CSV without its header) to `dir/name` and ingests them into the
/// store at `dir/store`.
pub fn ingest(dir: &Path, name: &str, rows: &str) {
    let path = dir.join(name);
    std::fs::write(&path, format!("{HEADER}{rows}")).unwrap();
    let mut store = Store::open(&dir.join("store")).unwrap();
    store
        .ingest_file(
            &path,
            &IngestOptions::default(),
            Arc::new(AtomicU64::new(0)),
        )
        .unwrap();
}
