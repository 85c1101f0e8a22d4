//! `vigil serve` on a data directory, on a port the system picks, stopped when dropped.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A running `vigil serve`.
pub struct Served {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `vigil --data-dir DATA serve --addr 127.0.0.1:0 EXTRA...` and reads the address
/// it prints.
pub fn start(data: &Path, extra: &[&str]) -> Served {
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
    Served { child, base }
}
