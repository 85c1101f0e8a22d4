//! Codes a text file with the built-in dictionaries and prints the events.
use vigil_coder::{Coder, Dictionaries};
fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let date = std::env::args()
        .nth(2)
        .and_then(|d| vigil_model::date::parse_iso(&d));
    let text = std::fs::read_to_string(path).unwrap();
    let coder = Coder::new(Dictionaries::builtin());
    for e in coder.code_text(&text, date) {
        println!(
            "{:<10} {:<10} {:<5} hedged={} conf={:.2} verb={:?} pat={:?} | {}",
            e.source.code,
            e.target.code,
            e.code,
            e.hedged,
            e.confidence,
            e.verb,
            e.pattern,
            &text[e.sentence_start..e.sentence_end]
        );
    }
}
