//! The GDELT reader parses blocks of lines on several threads: its result must be what one
//! pass line by line gives. Rows are generated here across several blocks, with repeated
//! ids (within and across blocks, and after a first occurrence that was itself set aside),
//! malformed rows and a line too long.

use std::path::Path;

use arrow_array::{Array, Int64Array, StringArray};
use vigil_ingest::{Format, ReadOptions};

/// A GDELT 1.0 row (58 fields) with this id and event code.
fn row(id: &str, code: &str) -> String {
    let mut f = vec![""; 58];
    f[0] = id;
    f[1] = "20160728";
    f[26] = code;
    f[30] = "1.9";
    f[31] = "2";
    f[32] = "1";
    f[33] = "2";
    f[34] = "0.5";
    f.join("\t")
}

#[test]
fn blocks_parsed_in_parallel_give_the_rows_and_rejects_of_one_pass() {
    let n = 80_000u64; // more than two blocks of 32,768 lines
    let mut lines: Vec<String> = Vec::new();
    // What one pass line by line accepts: (line, id) in file order; and the lines it
    // sets aside.
    let mut accepted: Vec<(u64, String)> = Vec::new();
    let mut rejected: Vec<u64> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for k in 1..=n {
        let line_no = lines.len() as u64 + 1;
        let (text, valid, id) = match k {
            // A bad event code: set aside, and its id is not taken.
            k if k % 9_973 == 0 => (row(&format!("{}", 5_000_000 + k), "999"), false, None),
            // The same id again, valid this time: kept.
            k if k % 9_973 == 1 && k > 1 => {
                let id = format!("{}", 5_000_000 + k - 1);
                (row(&id, "042"), true, Some(id))
            }
            // A repeat of an id from far earlier (often another block).
            k if k % 7_919 == 0 => {
                let id = format!("{}", k / 2);
                (row(&id, "042"), true, Some(id))
            }
            // A line too long.
            40_000 => ("9".repeat(20_000), false, None),
            k => {
                let id = format!("{k}");
                (row(&id, "190"), true, Some(id))
            }
        };
        if valid {
            let id = id.unwrap();
            if seen.insert(id.clone()) {
                accepted.push((line_no, id));
            } else {
                rejected.push(line_no);
            }
        } else {
            rejected.push(line_no);
        }
        lines.push(text);
    }
    let bytes = lines.join("\n").into_bytes();
    let mut reader = std::io::Cursor::new(bytes);
    let opts = ReadOptions {
        max_record_bytes: 16 * 1024,
    };
    let (mut got_rows, mut got_rejects) = (Vec::new(), Vec::new());
    vigil_ingest::read_stream(
        Path::new("gen.tsv"),
        &mut reader,
        Format::Gdelt1,
        &opts,
        &mut |b| {
            let lines = b.records.column_by_name("origin_line").unwrap();
            let lines = lines.as_any().downcast_ref::<Int64Array>().unwrap();
            let ids = b.records.column_by_name("event_id").unwrap();
            let ids = ids.as_any().downcast_ref::<StringArray>().unwrap();
            for r in 0..b.records.num_rows() {
                got_rows.push((lines.value(r) as u64, ids.value(r).to_string()));
            }
            let mut last = 0;
            for r in &b.rejects {
                assert!(r.line > last, "rejects in line order within a batch");
                last = r.line;
                got_rejects.push(r.line);
            }
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(got_rows.len(), accepted.len());
    for ((gl, gid), (el, eid)) in got_rows.iter().zip(&accepted) {
        assert_eq!(gl, el);
        assert!(gid.ends_with(eid.as_str()), "{gid} for {eid}");
    }
    got_rejects.sort();
    assert_eq!(got_rejects, rejected);
    assert!(
        rejected.len() > 10,
        "the input exercises repeats and bad rows"
    );
}
