//! Prints the evaluation on PETRARCH's unit-test records, one line per failing record.
//! `cargo run -p vigil-coder --example unit_eval`

use vigil_coder::dict::{Dictionaries, Kind};
use vigil_coder::{Coder, eval, input};

fn main() {
    let base = vigil_testdata::shared("petrarch2");
    let mut d = Dictionaries::default();
    for f in [
        "PETR.Validate.actors.txt",
        "PETR.Validate.agents.txt",
        "PETR.Validate.verbs.txt",
        "PETR.Validate.discards.txt",
    ] {
        d.add_file(
            &base.join("dictionaries").join(f),
            Kind::from_file_name(f).unwrap(),
        )
        .unwrap();
    }
    let coder = Coder::new(d);
    let docs = input::read_path(
        &base.join("text/PETR.UnitTest.records.xml"),
        None,
        &mut Vec::new(),
    )
    .unwrap();
    let ev = eval::evaluate(&coder, &docs);
    for r in ev.results.iter().filter(|r| !r.exact) {
        let f = |v: &Vec<input::Expected>| {
            v.iter()
                .map(|e| format!("{}|{}|{}", e.source, e.target, e.code))
                .collect::<Vec<_>>()
                .join(" ")
        };
        println!(
            "{:<14} exp [{}] got [{}]  {}",
            r.id,
            f(&r.expected),
            f(&r.coded),
            r.text.chars().take(90).collect::<String>()
        );
    }
    println!(
        "exact {}/{} = {:.3}  P {:.3} R {:.3}",
        ev.exact, ev.records, ev.exact_rate, ev.precision, ev.recall
    );
}
