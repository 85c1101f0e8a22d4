//! Coder throughput on the Gigaword sample sentences, repeated to a large input, on one
//! thread (sentences per second per core). Prints one JSON object.
//! usage: code_bench GIGAWORD.xml DICT_DIR REPEAT [OUT_TEXT]
//!   DICT_DIR "builtin" uses vigil's own dictionaries.
//!   OUT_TEXT: where to write the repeated texts, one per line, for the peer.

use std::time::Instant;

use vigil_coder::{Coder, Dictionaries, input};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (xml, dict, repeat) = (
        &args[1],
        &args[2],
        args[3].parse::<usize>().expect("REPEAT"),
    );
    let dicts = if dict == "builtin" {
        Dictionaries::builtin()
    } else {
        Dictionaries::from_dir(std::path::Path::new(dict)).expect("dictionaries")
    };
    let docs = input::read_path(std::path::Path::new(xml), None, &mut Vec::new()).expect("records");
    if let Some(out) = args.get(4) {
        let mut s = String::new();
        for _ in 0..repeat {
            for d in &docs {
                s.push_str(&d.text);
                s.push('\n');
            }
        }
        std::fs::write(out, s).expect("write texts");
    }
    let coder = Coder::new(dicts);
    let date = vigil_model::date::parse_iso("2008-08-01");
    // Raw text: split, tokenise, tag, code.
    let t = Instant::now();
    let (mut sentences, mut events) = (0usize, 0usize);
    for _ in 0..repeat {
        for d in &docs {
            sentences += vigil_coder::text::sentences(&d.text).len();
            events += coder.code_text(&d.text, date).len();
        }
    }
    let raw_secs = t.elapsed().as_secs_f64();
    // With the records' Treebank parses.
    let t = Instant::now();
    let mut parsed = 0usize;
    for _ in 0..repeat {
        for d in &docs {
            if let Some(p) = &d.parse {
                parsed += 1;
                let _ = coder.code_parsed(&d.text, p, date);
            }
        }
    }
    let parsed_secs = t.elapsed().as_secs_f64();
    println!(
        "{{\"records\": {}, \"repeat\": {repeat}, \"sentences\": {sentences}, \"events\": {events}, \
         \"seconds\": {raw_secs:.3}, \"sentences_per_second\": {:.0}, \"parsed_records\": {parsed}, \
         \"parsed_seconds\": {parsed_secs:.3}, \"parsed_per_second\": {:.0}}}",
        docs.len(),
        sentences as f64 / raw_secs,
        parsed as f64 / parsed_secs
    );
}
