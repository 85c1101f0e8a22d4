//! `vigil code` and `vigil code eval`: news text into CAMEO events, and the coder's
//! figures against records with expected codings.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;
use vigil_coder::dict::{Dictionaries, Kind};
use vigil_coder::input::{self, Document, SetAside};
use vigil_coder::report::{EventReport, Keep};
use vigil_coder::{CodedEvent, Coder, eval};
use vigil_store::Store;

use crate::output::escape_for_terminal;

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CodeArgs {
    #[command(subcommand)]
    pub command: Option<CodeCommand>,
    /// A text file, a JSON-lines file (`text`, `date`, `url`, `id` fields), a PETRARCH XML
    /// file (`<Sentence>` records; `<Parse>` used when present), a folder of such files,
    /// or - for standard input.
    pub input: Option<PathBuf>,
    /// Date of documents that carry none (YYYY-MM-DD); selects dated actor codes (a
    /// minister is GOV only while in office). Default: today.
    #[arg(long)]
    pub date: Option<String>,
    /// Folder of dictionaries in the CAMEO/PETRARCH formats (*actors*.txt, *agents*.txt,
    /// *verbs*.txt or CAMEO.*.txt, *discards*.txt); kinds it lacks come from vigil's own.
    #[arg(long)]
    pub dict: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CodeFormat::Table)]
    pub format: CodeFormat,
    /// Store the events (source `text`), so every other command sees them. Coding the same
    /// input with the same dictionaries twice stores nothing the second time.
    #[arg(long)]
    pub store: bool,
    /// Parses from any Universal Dependencies parser, as CoNLL-U: each sentence's
    /// `# sent_id` names a document (its record id or JSON `id`, or the line it starts
    /// on) and its `# text` must be that document's text; the coder reads its tokens and
    /// tags instead of its own.
    #[arg(long, value_name = "FILE.conllu")]
    pub parses: Option<PathBuf>,
    /// Code an event with an empty target (shown as ---) for every verb whose target
    /// holds no actor: statements, appeals, rejections ("Japan appealed for calm" is
    /// JPN | --- | 020), as PETRARCH's require_dyad = false does. By default only force
    /// postures (launches, tests, drills, mobilisations) are coded with one side.
    #[arg(long)]
    pub one_sided: bool,
    /// Use the dependency trees of CoNLL-U parses (--parses, Universal-PETRARCH records):
    /// a verb's nominal subject and object in the tree are its source and target where
    /// they hold an actor. By default only the parses' tags are used (measured: the trees
    /// do not improve on vigil's shallow analysis; README "Parses from outside").
    #[arg(long)]
    pub trees: bool,
    /// Stated intentions ("said it would allow the inspectors back", "is prepared to lift
    /// the ban"): `on` codes them as intentions (CAMEO 03, or 13 where the act is a
    /// sanction or force), as the CAMEO manual does; `off` codes the act itself, as
    /// PETRARCH 2 does; `auto` is `off` for PETRARCH XML records (their gold follows
    /// PETRARCH 2) and `on` for everything else.
    #[arg(long, value_enum, default_value_t = IntentMode::Auto)]
    pub intent: IntentMode,
    /// Leave out hedged events (allegations, reports, "may").
    #[arg(long)]
    pub no_hedged: bool,
    /// Leave out events below this confidence (0-1).
    #[arg(long, default_value_t = 0.0)]
    pub min_confidence: f32,
}

#[derive(Subcommand)]
pub enum CodeCommand {
    /// Code PETRARCH-format records and compare with their <EventCoding> entries: exact
    /// match per record, precision and recall over events, confusion by CAMEO root.
    Eval(EvalArgs),
}

#[derive(Args)]
pub struct EvalArgs {
    /// PETRARCH XML records with expected codings, or PLOVER gold records (a JSON array
    /// or JSON lines of `id`, `text`, `date`, `event`, `mode`, `source`, `target`, or
    /// `events` with CAMEO codes, as vigil's own sentences in
    /// crates/coder/tests/data/monitor-sentences.jsonl).
    pub file: PathBuf,
    /// Dictionary folder. Without it, the dictionaries the file's <Environment> names are
    /// looked for next to it and in ../dictionaries; failing that, vigil's own are used.
    #[arg(long)]
    pub dict: Option<PathBuf>,
    /// Print the figures and every record's result as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also list every record that is not coded exactly.
    #[arg(long)]
    pub failures: bool,
    /// Parses of the records from any Universal Dependencies parser, as CoNLL-U
    /// (`# sent_id` = the record's id, `# text` its text), used as `vigil code --parses`
    /// uses them: tags, and the dependency tree where it gives one (they replace a
    /// record's own <Parse>).
    #[arg(long, value_name = "FILE.conllu")]
    pub parses: Option<PathBuf>,
    /// Use the dependency trees of CoNLL-U parses as well as their tags (as `vigil code
    /// --trees`).
    #[arg(long)]
    pub trees: bool,
    /// Stated intentions ("said it would allow the inspectors back", "is prepared to lift
    /// the ban"): `on` codes them as intentions (CAMEO 03, or 13 where the act is a
    /// sanction or force), as the CAMEO manual does; `off` codes the act itself, as
    /// PETRARCH 2 does; `auto` is `off` for PETRARCH XML records (their gold follows
    /// PETRARCH 2) and `on` for everything else.
    #[arg(long, value_enum, default_value_t = IntentMode::Auto)]
    pub intent: IntentMode,
    /// Code an event with an empty target for every verb whose target holds no actor, as
    /// `vigil code --one-sided` does.
    #[arg(long)]
    pub one_sided: bool,
    /// With --failures on PLOVER gold, list only the records of this part (look at the
    /// tune part while tuning; the held-out part is for figures).
    #[arg(long, value_enum, requires = "failures")]
    pub part: Option<EvalPart>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub enum IntentMode {
    Auto,
    On,
    Off,
}

impl IntentMode {
    /// Whether intentions are coded as such for the file `name` that begins with `head`
    /// (PETRARCH XML records, by name, then by their first character, keep PETRARCH's
    /// convention under `auto`).
    fn applies_to(self, name: &Path, head: &str) -> bool {
        match self {
            IntentMode::On => true,
            IntentMode::Off => false,
            IntentMode::Auto => {
                input::Format::detect(&name.to_string_lossy(), head) != input::Format::PetrarchXml
            }
        }
    }

    /// As [`IntentMode::applies_to`], for input read from `path` (a file's first bytes are
    /// read; a folder or standard input is not PETRARCH XML).
    fn applies(self, path: &Path) -> bool {
        if !path.is_file() {
            return self != IntentMode::Off;
        }
        let head = std::fs::File::open(path)
            .and_then(|f| {
                let mut buf = Vec::with_capacity(4096);
                std::io::Read::read_to_end(&mut std::io::Read::take(f, 4096), &mut buf)?;
                Ok(buf)
            })
            .unwrap_or_default();
        self.applies_to(path, &String::from_utf8_lossy(&head))
    }
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub enum EvalPart {
    Tune,
    HeldOut,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub enum CodeFormat {
    Table,
    Json,
    Jsonl,
}

fn load_dictionaries(dir: Option<&Path>) -> anyhow::Result<Dictionaries> {
    let d = match dir {
        Some(dir) => Dictionaries::from_dir(dir)?,
        None => Dictionaries::builtin(),
    };
    for msg in d.set_aside() {
        eprintln!("warning: dictionary line set aside: {msg}");
    }
    Ok(d)
}

pub fn code(data_dir: &Path, a: CodeArgs) -> anyhow::Result<()> {
    if let Some(CodeCommand::Eval(e)) = a.command {
        return eval_cmd(e);
    }
    let Some(input_path) = a.input.clone() else {
        bail!("give a file, a folder or - (standard input) to code; see `vigil code --help`");
    };
    let date = match &a.date {
        Some(d) => Some(
            input::parse_any_date(d)
                .with_context(|| format!("--date: {d:?} is not a date (YYYY-MM-DD)"))?,
        ),
        None => Some(vigil_model::date::today()),
    };
    let dicts = load_dictionaries(a.dict.as_deref())?;
    let coder = Coder::new(dicts)
        .with_require_dyad(!a.one_sided)
        .with_trees(a.trees)
        .with_intent(a.intent.applies(&input_path));
    let mut set_aside: Vec<SetAside> = Vec::new();
    let mut docs = input::read_path(&input_path, date, &mut set_aside)?;
    if let Some(p) = &a.parses {
        let n = input::attach_parses(&mut docs, p)?;
        eprintln!(
            "{n} of {} documents coded from the parses in {}",
            docs.len(),
            p.display()
        );
    }
    // Sanctions lists, when loaded, flag listed names in coded sentences.
    let index = vigil_sanctions::lists::open_index(data_dir).ok();
    let coded = coder.code_documents(
        &docs,
        Keep {
            no_hedged: a.no_hedged,
            min_confidence: a.min_confidence,
        },
    );
    for f in &coded.failed {
        eprintln!("warning: {f}; the record is not coded");
    }
    let parse_errors = coded.failed.len();
    for s in &set_aside {
        eprintln!(
            "warning: {}:{}: {}{}; set aside",
            s.origin,
            s.line,
            s.field
                .as_deref()
                .map(|f| format!("field {f}: "))
                .unwrap_or_default(),
            s.reason
        );
    }
    let outs: Vec<EventReport> = coded
        .events
        .iter()
        .map(|(k, e)| {
            EventReport::new(&docs[*k], e, |s| {
                index
                    .as_ref()
                    .map(|ix| ix.listed_captions(s))
                    .unwrap_or_default()
            })
        })
        .collect();
    let mut out = std::io::stdout().lock();
    match a.format {
        CodeFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &outs)?;
            writeln!(out)?;
        }
        CodeFormat::Jsonl => {
            for o in &outs {
                serde_json::to_writer(&mut out, o)?;
                writeln!(out)?;
            }
        }
        CodeFormat::Table => print_table(&mut out, &outs)?,
    }
    if a.format == CodeFormat::Table {
        eprintln!(
            "{} events from {} documents ({} hedged){}",
            outs.len(),
            docs.len(),
            outs.iter().filter(|o| o.hedged).count(),
            if set_aside.is_empty() && parse_errors == 0 {
                String::new()
            } else {
                format!("; {} records set aside", set_aside.len() + parse_errors)
            }
        );
    }
    if a.store {
        store_events(data_dir, &input_path, &coder, &docs, &coded.events)?;
    }
    Ok(())
}

fn print_table(out: &mut impl Write, outs: &[EventReport]) -> anyhow::Result<()> {
    writeln!(
        out,
        "{:<10} {:<10} {:<10} {:<5} {:<34} {:<10} {:>4} {:>6} {:<6} {:>4}  sentence",
        "date", "source", "target", "code", "name", "plover", "quad", "gold", "hedged", "conf"
    )?;
    for o in outs {
        writeln!(
            out,
            "{:<10} {:<10} {:<10} {:<5} {:<34} {:<10} {:>4} {:>6} {:<6} {:>4.2}  {}",
            o.event_date.as_deref().unwrap_or("-"),
            escape_for_terminal(&o.source.code, 10),
            if o.target.code.is_empty() {
                "---".to_string()
            } else {
                escape_for_terminal(&o.target.code, 10)
            },
            escape_for_terminal(&o.code, 5),
            escape_for_terminal(o.name.unwrap_or("(not a CAMEO code)"), 34),
            o.plover_type.unwrap_or("-"),
            o.quad_class.map(|q| q.to_string()).unwrap_or_default(),
            o.goldstein.map(|g| format!("{g:.1}")).unwrap_or_default(),
            if o.hedged { "yes" } else { "no" },
            o.confidence,
            escape_for_terminal(&o.sentence, 100)
        )?;
        for other in &o.also_sentences {
            writeln!(
                out,
                "    also in this document: {}",
                escape_for_terminal(other, 200)
            )?;
        }
        if let Some(a) = &o.attributed_to {
            writeln!(
                out,
                "    attributed to: {} ({})",
                escape_for_terminal(&a.code, 20),
                escape_for_terminal(&a.text, 80)
            )?;
        }
        if let Some(d) = &o.date_resolved {
            writeln!(out, "    date: {}", escape_for_terminal(d, 200))?;
        }
        if !o.listed.is_empty() {
            writeln!(
                out,
                "    listed: {}",
                escape_for_terminal(&o.listed.join("; "), 200)
            )?;
        }
    }
    Ok(())
}

fn store_events(
    data_dir: &Path,
    input_path: &Path,
    coder: &Coder,
    docs: &[Document],
    coded: &[(usize, CodedEvent)],
) -> anyhow::Result<()> {
    let origin = input_path.display().to_string();
    let c = vigil_ingest::coded::coded_batch(&origin, &coder.dictionaries().files, docs, coded);
    let mut store = Store::open(data_dir)?;
    let report = store.ingest_batches(
        &origin,
        c.hash,
        c.size,
        "text",
        vigil_model::Source::Text,
        vec![c.batch],
    )?;
    if report.already_stored {
        eprintln!("already stored: these events were stored before; nothing added");
    } else {
        let set_aside: u64 = report.rejected.values().sum();
        eprintln!(
            "stored {} events as source `text`{}",
            report.rows_stored,
            if set_aside > 0 {
                format!(
                    "; {set_aside} set aside (see {})",
                    report.rejects_file.unwrap_or_default()
                )
            } else {
                String::new()
            }
        );
    }
    Ok(())
}

fn eval_dictionaries(a: &EvalArgs) -> anyhow::Result<Dictionaries> {
    let named = input::environment_files(&a.file);
    let parent = a.file.parent().unwrap_or(Path::new("."));
    let dirs: Vec<PathBuf> = match &a.dict {
        Some(d) => vec![d.clone()],
        None => vec![parent.to_path_buf(), parent.join("../dictionaries")],
    };
    if !named.is_empty() {
        for dir in &dirs {
            // Each named file, or the closest file of its kind when it is missing.
            let resolved: Option<Vec<(Kind, PathBuf)>> = named
                .iter()
                .map(|(kind, name)| {
                    let p = dir.join(name);
                    if p.is_file() {
                        return Some((*kind, p));
                    }
                    let near = vigil_coder::dict::closest_file(dir, name, *kind)?;
                    eprintln!(
                        "warning: {} names {name}, which is not in {}; using the closest file present, {}",
                        a.file.display(),
                        dir.display(),
                        near.file_name().unwrap_or_default().to_string_lossy()
                    );
                    Some((*kind, near))
                })
                .collect();
            if let Some(files) = resolved {
                let mut d = Dictionaries::default();
                for (kind, path) in &files {
                    d.add_file(path, *kind)?;
                }
                for msg in d.set_aside() {
                    eprintln!("warning: dictionary line set aside: {msg}");
                }
                return Ok(d.fill_from_builtin());
            }
        }
    }
    load_dictionaries(a.dict.as_deref())
}

fn eval_cmd(a: EvalArgs) -> anyhow::Result<()> {
    let dicts = eval_dictionaries(&a)?;
    let files = dicts.files.clone();
    let head = std::fs::read_to_string(&a.file).with_context(|| a.file.display().to_string())?;
    let coder = Coder::new(dicts)
        .with_trees(a.trees)
        .with_require_dyad(!a.one_sided)
        .with_intent(a.intent.applies_to(&a.file, &head));
    if vigil_coder::plover_eval::is_plover_json(&head) {
        return plover_eval_cmd(&a, &coder, &files);
    }
    let mut set_aside = Vec::new();
    let mut docs = input::read_path(&a.file, None, &mut set_aside)?;
    for s in &set_aside {
        eprintln!("warning: {}:{}: {}; set aside", s.origin, s.line, s.reason);
    }
    if let Some(p) = &a.parses {
        let n = input::attach_parses(&mut docs, p)?;
        eprintln!(
            "{n} of {} records coded from the parses in {}",
            docs.len(),
            p.display()
        );
    }
    if !docs.iter().any(|d| d.expected.is_some()) {
        bail!(
            "{}: no record has <EventCoding> entries to compare with",
            a.file.display()
        );
    }
    let ev = eval::evaluate(&coder, &docs);
    // Records with <PLEvent> lines (compound and reciprocal cases) are also scored against
    // them, party by party, as PLOVER gold.
    let plevents = {
        let gold = vigil_coder::plover_eval::from_plevents(&docs);
        (!gold.is_empty()).then(|| vigil_coder::plover_eval::evaluate(&coder, gold, Vec::new()))
    };
    let mut out = std::io::stdout().lock();
    if a.json {
        #[derive(Serialize)]
        struct Out<'a> {
            file: String,
            dictionaries: &'a [String],
            #[serde(flatten)]
            eval: &'a eval::Evaluation,
            #[serde(skip_serializing_if = "Option::is_none")]
            plevents: Option<&'a vigil_coder::plover_eval::PloverEvaluation>,
        }
        serde_json::to_writer_pretty(
            &mut out,
            &Out {
                file: a.file.display().to_string(),
                dictionaries: &files,
                eval: &ev,
                plevents: plevents.as_ref(),
            },
        )?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "records          {}", ev.records)?;
    writeln!(
        out,
        "coded exactly    {} ({:.1}%)",
        ev.exact,
        100.0 * ev.exact_rate
    )?;
    writeln!(out, "expected events  {}", ev.expected_events)?;
    writeln!(out, "coded events     {}", ev.coded_events)?;
    writeln!(out, "matched events   {}", ev.matched_events)?;
    writeln!(out, "precision        {:.3}", ev.precision)?;
    writeln!(out, "recall           {:.3}", ev.recall)?;
    if let Some(p) = &plevents {
        let f = &p.all;
        writeln!(
            out,
            "\n<PLEvent> lines  {} records, {} gold events by party: dyad p {:.3} r {:.3}; \
             dyad+type p {:.3} r {:.3}; dyad+code p {:.3} r {:.3}",
            f.records,
            f.gold_events,
            f.dyad.precision,
            f.dyad.recall,
            f.dyad_type.precision,
            f.dyad_type.recall,
            f.cameo.as_ref().map_or(0.0, |l| l.precision),
            f.cameo.as_ref().map_or(0.0, |l| l.recall)
        )?;
    }
    writeln!(out, "\nby category (records, exact):")?;
    for (cat, (n, ok)) in &ev.by_category {
        writeln!(
            out,
            "  {:<10} {:>4} {:>4}",
            escape_for_terminal(cat, 10),
            n,
            ok
        )?;
    }
    writeln!(
        out,
        "\nconfusion by CAMEO root (expected -> coded with the same actors):"
    )?;
    for (exp, got) in &ev.confusion {
        let cells: Vec<String> = got.iter().map(|(g, n)| format!("{g}:{n}")).collect();
        writeln!(
            out,
            "  {:<5} {}",
            escape_for_terminal(exp, 5),
            cells.join(" ")
        )?;
    }
    if a.failures {
        writeln!(out, "\nrecords not coded exactly:")?;
        let fmt = |v: &[input::Expected]| {
            v.iter()
                .map(|e| format!("{}|{}|{}", e.source, e.target, e.code))
                .collect::<Vec<_>>()
                .join(" ")
        };
        for r in ev.results.iter().filter(|r| !r.exact) {
            writeln!(
                out,
                "  {} expected [{}] coded [{}]{}  {}",
                escape_for_terminal(&r.id, 20),
                escape_for_terminal(&fmt(&r.expected), 80),
                escape_for_terminal(&fmt(&r.coded), 80),
                r.error
                    .as_ref()
                    .map(|e| format!(" ({})", escape_for_terminal(e, 60)))
                    .unwrap_or_default(),
                escape_for_terminal(&r.text, 80)
            )?;
        }
    }
    Ok(())
}

/// `vigil code eval` on PLOVER gold records: per-record exact match, precision and recall
/// at three levels, a confusion table, for the tune and held-out parts and all records.
fn plover_eval_cmd(a: &EvalArgs, coder: &Coder, files: &[String]) -> anyhow::Result<()> {
    use vigil_coder::plover_eval::{Figures, evaluate, read_gold};
    let (records, set_aside) = read_gold(&a.file)?;
    for (line, why) in &set_aside {
        eprintln!(
            "warning: {}:{line}: {}; set aside",
            a.file.display(),
            escape_for_terminal(why, 120)
        );
    }
    if records.is_empty() {
        bail!("{}: no gold record with text to code", a.file.display());
    }
    let mut records = records;
    if let Some(p) = &a.parses {
        // Parses attach to documents; the records' ids and texts make them.
        let origin = a.file.display().to_string();
        let mut docs: Vec<input::Document> = records
            .iter()
            .map(|r| input::Document {
                line: r.line,
                ..input::Document::text(&r.id, &origin, r.text.clone(), r.date, None)
            })
            .collect();
        let n = input::attach_parses(&mut docs, p)?;
        eprintln!(
            "{n} of {} records coded from the parses in {}",
            docs.len(),
            p.display()
        );
        for (r, d) in records.iter_mut().zip(docs) {
            r.parse = d.parse;
        }
    }
    let ev = evaluate(coder, records, set_aside);
    let mut out = std::io::stdout().lock();
    if a.json {
        #[derive(Serialize)]
        struct Out<'a> {
            file: String,
            dictionaries: &'a [String],
            #[serde(flatten)]
            eval: &'a vigil_coder::plover_eval::PloverEvaluation,
        }
        serde_json::to_writer_pretty(
            &mut out,
            &Out {
                file: a.file.display().to_string(),
                dictionaries: files,
                eval: &ev,
            },
        )?;
        writeln!(out)?;
        return Ok(());
    }
    let line = |out: &mut dyn Write, label: &str, f: &Figures| -> anyhow::Result<()> {
        writeln!(
            out,
            "{label:<9} {:>4} records, exact {:>5.1}%; gold {:>4}, coded {:>4}; \
             dyad p {:.3} r {:.3}; dyad+type p {:.3} r {:.3}; +mode p {:.3} r {:.3}",
            f.records,
            100.0 * f.exact_rate,
            f.gold_events,
            f.coded_events,
            f.dyad.precision,
            f.dyad.recall,
            f.dyad_type.precision,
            f.dyad_type.recall,
            f.full.precision,
            f.full.recall
        )?;
        if let (Some(root), Some(code)) = (&f.cameo_root, &f.cameo) {
            writeln!(
                out,
                "{:<9} {:>4} CAMEO: dyad+root p {:.3} r {:.3}; dyad+code p {:.3} r {:.3}",
                "", "", root.precision, root.recall, code.precision, code.recall
            )?;
        }
        Ok(())
    };
    line(&mut out, "tune", &ev.tune)?;
    line(&mut out, "held-out", &ev.held_out)?;
    line(&mut out, "all", &ev.all)?;
    if !ev.by_topic.is_empty() {
        writeln!(out, "\nby topic, dyad+type p / r (tune | held-out):")?;
        for (topic, (tune, held)) in &ev.by_topic {
            writeln!(
                out,
                "  {:<12} {:>3} records {:.3} / {:.3} | {:>3} records {:.3} / {:.3}",
                escape_for_terminal(topic, 12),
                tune.records,
                tune.dyad_type.precision,
                tune.dyad_type.recall,
                held.records,
                held.dyad_type.precision,
                held.dyad_type.recall
            )?;
        }
    }
    writeln!(
        out,
        "\nconfusion by PLOVER type, all records (gold -> coded with the same dyad):"
    )?;
    for (gold, got) in &ev.all.confusion {
        let cells: Vec<String> = got.iter().map(|(g, n)| format!("{g}:{n}")).collect();
        writeln!(
            out,
            "  {:<12} {}",
            escape_for_terminal(gold, 12),
            cells.join(" ")
        )?;
    }
    if a.failures {
        writeln!(out, "\nrecords not coded exactly:")?;
        let fmt = |v: &[vigil_coder::plover_eval::Triple]| {
            v.iter()
                .map(|t| {
                    format!(
                        "{}|{}|{}|{}{}",
                        t.source,
                        t.target,
                        t.event,
                        t.mode,
                        if t.cameo.is_empty() {
                            String::new()
                        } else {
                            format!("|{}", t.cameo)
                        }
                    )
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        let wanted = |p: vigil_coder::plover_eval::Part| match a.part {
            None => true,
            Some(EvalPart::Tune) => p == vigil_coder::plover_eval::Part::Tune,
            Some(EvalPart::HeldOut) => p == vigil_coder::plover_eval::Part::HeldOut,
        };
        for r in ev.results.iter().filter(|r| !r.exact && wanted(r.part)) {
            writeln!(
                out,
                "  {} gold [{}] coded [{}]  {}",
                escape_for_terminal(&r.id, 32),
                escape_for_terminal(&fmt(&r.gold), 80),
                escape_for_terminal(&fmt(&r.coded), 80),
                escape_for_terminal(&r.text, 80)
            )?;
        }
    }
    Ok(())
}
