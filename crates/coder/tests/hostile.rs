//! The PETRARCH record and dictionary readers, plain news text, CoNLL-U parses and PLOVER
//! gold files on arbitrary and mutated bytes (fixed seeds, at most 256 cases each, inputs
//! up to 64 KiB): no panic, no hang; a clear error, records set aside, or events.

use vigil_coder::dict::{Dictionaries, Kind};
use vigil_coder::input::{self, Format};
use vigil_testdata::hostile;

fn head(rel: &str, n: usize) -> Vec<u8> {
    let b = std::fs::read(vigil_testdata::shared(rel)).unwrap();
    b[..b.len().min(n)].to_vec()
}

#[test]
fn petrarch_xml_reader_survives_hostile_bytes() {
    let mut seed = head("coder-dev/udpetrarch-validate-records-2_02.xml", 24 * 1024);
    seed.extend(head("petrarch2/text/PETR.UnitTest.records.xml", 24 * 1024));
    hostile::each_case("petrarch-xml", &seed, |b| {
        let text = String::from_utf8_lossy(&b).into_owned();
        let mut aside = Vec::new();
        if let Ok(docs) =
            input::read_str("hostile.xml", &text, Format::PetrarchXml, None, &mut aside)
        {
            // What is read can be coded.
            let coder = vigil_coder::Coder::new(Dictionaries::builtin());
            for d in docs.iter().take(5) {
                match &d.parse {
                    Some(p) => {
                        let _ = coder.code_parsed(&d.text, p, d.date);
                    }
                    None => {
                        let _ = coder.code_text(&d.text, d.date);
                    }
                }
            }
        }
    });
}

#[test]
fn dictionary_readers_survive_hostile_bytes() {
    for (name, rel, kind) in [
        (
            "verbs",
            "petrarch2/dictionaries/PETR.Validate.verbs.txt",
            Kind::Verbs,
        ),
        (
            "actors",
            "petrarch2/dictionaries/PETR.Validate.actors.txt",
            Kind::Actors,
        ),
        (
            "agents",
            "petrarch2/dictionaries/PETR.Validate.agents.txt",
            Kind::Agents,
        ),
        (
            "discards",
            "petrarch2/dictionaries/PETR.Validate.discards.txt",
            Kind::Discards,
        ),
    ] {
        let seed = head(rel, 32 * 1024);
        hostile::each_case(name, &seed, move |b| {
            let dir = tempfile::tempdir().unwrap();
            let p = dir.path().join("d.txt");
            std::fs::write(&p, b).unwrap();
            let mut d = Dictionaries::default();
            let _ = d.add_file(&p, kind);
        });
    }
}

/// The coder on mutated news text: sentences in English with names in other scripts,
/// curly quotes and dashes, broken into invalid characters, long runs and stray markup.
#[test]
fn coding_survives_hostile_text() {
    let mut seed = Vec::new();
    let gold = include_str!("data/monitor-sentences.jsonl");
    for line in gold.lines().take(60) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        seed.extend(v["text"].as_str().unwrap().as_bytes());
        seed.push(b' ');
    }
    seed.extend(
        "Пхеньян (평양) said on Tuesday — “North Korea’s missile” — that Kim Jong Un’s \
         envoy met 李强 in Moscow…\n\u{feff}Japan lodged a protest with Russia.\r\n"
            .as_bytes(),
    );
    let coder = std::sync::Arc::new(vigil_coder::Coder::new(Dictionaries::builtin()));
    let one_sided = std::sync::Arc::new(
        vigil_coder::Coder::new(Dictionaries::builtin()).with_require_dyad(false),
    );
    hostile::each_case("code-text", &seed, move |b| {
        let text = String::from_utf8_lossy(&b);
        for c in [&coder, &one_sided] {
            for e in c.code_text(&text, Some(19_700)) {
                // The evidence is a piece of the text it was coded from.
                assert!(
                    text.get(e.sentence_start..e.sentence_end).is_some(),
                    "{e:?}"
                );
            }
        }
    });
}

/// Every sentence of the project's monitor sentences, the PLOVER development records and
/// PETRARCH's unit-test and Gigaword records, cut at every word from the front and from the back: a sentence may begin or
/// end with any word ("As part of the deal, ..." once overflowed an index looking before
/// its first word), and no cut panics.
#[test]
fn coding_survives_sentences_cut_at_every_word() {
    let mut texts: Vec<String> = include_str!("data/monitor-sentences.jsonl")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["text"].as_str().unwrap().to_string()
        })
        .collect();
    let plover = std::fs::read_to_string(vigil_testdata::shared(
        "coder-dev/plover-gsr-cameo.dev.json",
    ))
    .unwrap();
    let records: Vec<serde_json::Value> = serde_json::from_str(&plover).unwrap();
    texts.extend(
        records
            .iter()
            .filter_map(|r| r["text"].as_str().map(str::to_string)),
    );
    for rel in [
        "petrarch2/text/PETR.UnitTest.records.xml",
        "petrarch2/text/GigaWord.sample.PETR.xml",
    ] {
        let xml = std::fs::read_to_string(vigil_testdata::shared(rel)).unwrap();
        let mut aside = Vec::new();
        let docs = input::read_str(rel, &xml, Format::PetrarchXml, None, &mut aside).unwrap();
        texts.extend(docs.into_iter().map(|d| d.text));
    }
    assert!(texts.len() > 500, "{} texts", texts.len());
    let coder = vigil_coder::Coder::new(Dictionaries::builtin()).with_require_dyad(false);
    let mut cuts = 0;
    for text in &texts {
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices(' ').map(|(k, _)| k + 1))
            .collect();
        for &k in &starts {
            coder.code_text(&text[k..], Some(19_700));
            coder.code_text(&text[..k], Some(19_700));
            cuts += 2;
        }
    }
    assert!(cuts > 20_000, "{cuts} cuts");
}

/// Sentences of CoNLL-U as UD parsers write them: multiword ranges, empty nodes,
/// comments, features.
const CONLLU: &str = "# sent_id = a1
# text = North Korea won't stop firing missiles.
1-2\tNorth Korea\t_\t_\t_\t_\t_\t_\t_\t_
1\tNorth\tNorth\tPROPN\tNNP\tNumber=Sing\t2\tcompound\t_\t_
2\tKorea\tKorea\tPROPN\tNNP\tNumber=Sing\t4\tnsubj\t_\t_
3-4\twon't\t_\t_\t_\t_\t_\t_\t_\t_
3\two\twill\tAUX\tMD\tVerbForm=Fin\t5\taux\t_\t_
4\tn't\tnot\tPART\tRB\t_\t5\tadvmod\t_\t_
5\tstop\tstop\tVERB\tVB\tVerbForm=Inf\t0\troot\t_\t_
6\tfiring\tfire\tVERB\tVBG\tVerbForm=Ger\t5\txcomp\t_\t_
7\tmissiles\tmissile\tNOUN\tNNS\tNumber=Plur\t6\tobj\t_\tSpaceAfter=No
8\t.\t.\tPUNCT\t.\t_\t5\tpunct\t_\t_

# sent_id = a2
# text = Japan lodged a protest with Russia and China.
1\tJapan\tJapan\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
2\tlodged\tlodge\tVERB\tVBD\t_\t0\troot\t_\t_
3\ta\ta\tDET\tDT\t_\t4\tdet\t_\t_
4\tprotest\tprotest\tNOUN\tNN\t_\t2\tobj\t_\t_
5\twith\twith\tADP\tIN\t_\t6\tcase\t_\t_
6\tRussia\tRussia\tPROPN\tNNP\t_\t2\tobl\t_\t_
7\tand\tand\tCCONJ\tCC\t_\t8\tcc\t_\t_
8\tChina\tChina\tPROPN\tNNP\t_\t6\tconj\t_\tSpaceAfter=No
8.1\tprotested\tprotest\tVERB\tVBD\t_\t_\t_\t2:conj\t_
9\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_
";

/// CoNLL-U parses, mutated: read as `--parses` reads them (aligned to documents by
/// sent_id and checked by text), and each sentence coded from its tokens and tree.
#[test]
fn conllu_parses_survive_hostile_bytes() {
    let mut seed = CONLLU.as_bytes().to_vec();
    seed.push(b'\n');
    seed.extend(include_bytes!("data/accused-tree.conllu"));
    let coder = std::sync::Arc::new(
        vigil_coder::Coder::new(Dictionaries::builtin())
            .with_trees(true)
            .with_require_dyad(false),
    );
    hostile::each_case("conllu", &seed, move |b| {
        let text = String::from_utf8_lossy(&b).into_owned();
        for block in text.split("\n\n").take(8) {
            let sentence = block
                .lines()
                .find_map(|l| l.strip_prefix("# text = "))
                .unwrap_or("North Korea won't stop firing missiles.");
            let _ = vigil_coder::parse::dependencies(block);
            let _ = coder.code_parsed(sentence, block, None);
        }
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("parses.conllu");
        std::fs::write(&p, &b).unwrap();
        let mut docs = vec![
            input::Document::text(
                "a1",
                "t",
                "North Korea won't stop firing missiles.".into(),
                None,
                None,
            ),
            input::Document::text(
                "a2",
                "t",
                "Japan lodged a protest with Russia and China.".into(),
                None,
                None,
            ),
        ];
        if input::attach_parses(&mut docs, &p).is_ok() {
            for d in &docs {
                if let Some(parse) = &d.parse {
                    let _ = coder.code_parsed(&d.text, parse, None);
                }
            }
        }
    });
}

/// PLOVER gold records (the wire sentences' JSON), mutated: read and evaluated.
#[test]
fn plover_gold_reader_survives_hostile_bytes() {
    let seed = head("coder-dev/plover-gsr-cameo.dev.json", 24 * 1024);
    let coder = std::sync::Arc::new(vigil_coder::Coder::new(Dictionaries::builtin()));
    hostile::each_case("plover-gold", &seed, move |b| {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("gold.json");
        std::fs::write(&p, b).unwrap();
        if let Ok((records, _)) = vigil_coder::plover_eval::read_gold(&p) {
            let records: Vec<_> = records.into_iter().take(8).collect();
            let _ = vigil_coder::plover_eval::evaluate(&coder, records, Vec::new());
        }
    });
}
