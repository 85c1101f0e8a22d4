//! Finds the real public data that tests read from `../shared/data` (next to the
//! project checkout), with one clear message when it is missing.

use std::path::PathBuf;

pub mod hostile;

/// The `shared/data` folder: `$VIGIL_SHARED_DATA`, or `../shared/data` beside the checkout.
pub fn shared_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("VIGIL_SHARED_DATA") {
        return PathBuf::from(dir);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.join("../shared/data")
}

/// A file under `shared/data`; panics with where it looked if the file is not there.
pub fn shared(rel: &str) -> PathBuf {
    let path = shared_data_dir().join(rel);
    assert!(
        path.exists(),
        "real test data {rel} not found at {} (set VIGIL_SHARED_DATA to the shared/data folder)",
        path.display()
    );
    path
}
