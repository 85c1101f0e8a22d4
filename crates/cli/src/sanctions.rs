//! `vigil sanctions load|status`, `vigil screen` (one name, a file of names, or `eval`),
//! and `vigil links`: the CLI over vigil-sanctions.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Subcommand, ValueEnum};
use vigil_sanctions::entity::{Entity, Identifier, Kind, country_code};
use vigil_sanctions::graph::Graph;
use vigil_sanctions::index::{Index, Match, Query, Screened};
use vigil_sanctions::lists::{self, Format};

use crate::output::escape_for_terminal as t;

#[derive(Subcommand)]
pub enum SanctionsCommand {
    /// Load sanctions lists (FollowTheMoney JSON lines, UN consolidated XML, OFAC SDN XML)
    /// into the data directory; a file loaded before is skipped.
    Load(LoadArgs),
    /// The loaded lists and their entities by schema.
    Status {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Auto,
    Ftm,
    Un,
    /// OFAC SDN or consolidated list XML.
    Ofac,
    /// OFAC SDN or consolidated list CSV (`sdn.csv` or `cons_prim.csv`; `add.csv`,
    /// `alt.csv`, `sdn_comments.csv` beside it are read with it).
    OfacCsv,
}

#[derive(clap::Args)]
pub struct LoadArgs {
    /// List files.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// List format [default: recognised from the file's start].
    #[arg(long, value_enum, default_value = "auto")]
    format: FormatArg,
    /// Name of the list [default: the file name for FtM, un_sc_sanctions, us_ofac_sdn].
    #[arg(long)]
    dataset: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaArg {
    Person,
    Company,
    Vessel,
    Airplane,
    Any,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableJson {
    Table,
    Json,
}

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ScreenArgs {
    #[command(subcommand)]
    eval: Option<ScreenCommand>,
    /// The name to screen (any script).
    name: Option<String>,
    /// Screen every row of a CSV with a `name` column (and optional `schema`,
    /// `birth_date`, `country`, `id` columns); a row with no schema that gives a birth
    /// date, a gender or a first or last name is screened as a person.
    #[arg(long, conflicts_with = "name")]
    file: Option<PathBuf>,
    /// What the name is of: only listed entities of this kind are matched.
    #[arg(long, value_enum, default_value = "any")]
    schema: SchemaArg,
    /// YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long)]
    birth_date: Option<String>,
    /// Country (ISO alpha-3 or alpha-2, or a name).
    #[arg(long)]
    country: Option<String>,
    /// An identifier: passport, IMO, registration number.
    #[arg(long)]
    id: Option<String>,
    /// Record that NAME is not this listed entity (its id), with --reason; the decision
    /// is kept in the data directory and shown on later screenings until the listed
    /// entity changes, when the match is raised again.
    #[arg(long, value_name = "ENTITY_ID", requires = "name", requires = "reason")]
    clear: Option<String>,
    /// Why the match is cleared (kept with the decision).
    #[arg(long, requires = "clear")]
    reason: Option<String>,
    #[command(flatten)]
    shown: Shown,
}

/// What `screen` and `match` show of their candidates.
#[derive(clap::Args)]
pub struct Shown {
    /// Lowest score shown (0 to 1).
    #[arg(long, default_value_t = 0.8)]
    threshold: f64,
    /// Most candidates per name or record.
    #[arg(long, default_value_t = 5)]
    limit: usize,
    /// Output: `table` shows each candidate's reasons, `json` gives them all.
    #[arg(long, value_enum, default_value = "table")]
    format: TableJson,
}

#[derive(Subcommand)]
pub enum ScreenCommand {
    /// Precision, recall and F1 of name matching on labelled pairs, and the best
    /// threshold, for the tune and held-out parts (split by a hash of each pair's names)
    /// and all pairs, with the share scored exactly 1.0 and a histogram of scores.
    ///
    /// PAIRS: CSV `name_a,name_b,match[,schema]`; nomenklatura's name benchmark
    /// (`case_group,schema,name1,name2,is_match,...`); or a TSV
    /// `hangul<TAB>mccune_reischauer` of Korean names (positives; each Hangul name is also
    /// paired with another person's romanised name of the same surname as a negative).
    Eval {
        pairs: PathBuf,
        #[arg(long, default_value_t = 0.8)]
        threshold: f64,
        /// A peer's frozen scores on the same pairs (nomenklatura's
        /// `run_data/*.csv`, with `score` and `predicted_match`), compared on the pairs
        /// both files share.
        #[arg(long)]
        peer: Option<PathBuf>,
        /// List every pair on the wrong side of the threshold.
        #[arg(long)]
        errors: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct MatchArgs {
    #[command(subcommand)]
    eval: Option<MatchCommand>,
    /// Records to match: FollowTheMoney entities (JSON lines or a JSON array), or a CSV
    /// with a `name` column and optional `schema`, `birth_date`, `country`,
    /// `nationality`, `id_number` and `imo` columns.
    file: Option<PathBuf>,
    #[command(flatten)]
    shown: Shown,
}

#[derive(Subcommand)]
pub enum MatchCommand {
    /// Precision, recall and F1 of entity matching on judged pairs in OpenSanctions'
    /// pairs format (`{"left": entity, "right": entity, "judgement": "positive" |
    /// "negative"}`, a JSON array or JSON lines), for the tune and held-out parts (split
    /// by a hash of the two entity ids) and all pairs, with the best threshold, the share
    /// scored exactly 1.0, a histogram, and the pairs set aside (other judgements,
    /// schemata that are not screened).
    Eval {
        pairs: PathBuf,
        #[arg(long, default_value_t = 0.8)]
        threshold: f64,
        /// List every pair on the wrong side of the threshold, with its features.
        #[arg(long)]
        errors: bool,
        #[arg(long)]
        json: bool,
    },
}

/// A record matched: where it came from and what it found (`vigil match --format json`).
#[derive(serde::Serialize)]
struct Matched {
    line: u64,
    record: String,
    schema: String,
    matches: Vec<Match>,
}

/// Reads the records of `vigil match`: FtM JSON (lines or an array) or CSV rows.
fn read_records(path: &Path) -> anyhow::Result<Vec<(u64, Entity)>> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).with_context(|| file.clone())?;
    let first = text.trim_start_matches('\u{feff}').trim_start();
    if !(first.starts_with('{') || first.starts_with('[')) {
        return Ok(read_rows(path, None)?
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let line = i as u64 + 2;
                let schema = match r.kind {
                    Some(Kind::Person) => "Person",
                    Some(Kind::Company) => "Company",
                    Some(Kind::Vessel) => "Vessel",
                    Some(Kind::Airplane) => "Airplane",
                    _ => "LegalEntity",
                };
                let mut identifiers = Vec::new();
                if let Some(v) = r.id_number {
                    identifiers.push(Identifier {
                        kind: "idNumber".into(),
                        value: v,
                    });
                }
                if let Some(v) = r.imo {
                    identifiers.push(Identifier {
                        kind: "imoNumber".into(),
                        value: v,
                    });
                }
                let countries = r.country.into_iter().chain(r.nationality).collect();
                (
                    line,
                    Entity {
                        id: format!("line {line}"),
                        schema: schema.into(),
                        caption: r.name.clone(),
                        names: vec![r.name],
                        birth_dates: r.birth_date.into_iter().collect(),
                        countries,
                        identifiers,
                        ..Default::default()
                    },
                )
            })
            .collect());
    }
    let (records, skipped) = vigil_sanctions::matching::read_ftm_records(path)?;
    if skipped > 0 {
        eprintln!(
            "{file}: {skipped} records set aside: not a person, company, organisation, vessel or airplane"
        );
    }
    Ok(records)
}

pub fn match_cmd(dir: &Path, a: MatchArgs) -> anyhow::Result<()> {
    if !(0.0..=1.0).contains(&a.shown.threshold) {
        bail!("--threshold must be between 0 and 1");
    }
    if let Some(MatchCommand::Eval {
        pairs,
        threshold,
        errors,
        json,
    }) = a.eval
    {
        return match_eval(&pairs, threshold, errors, json);
    }
    let Some(file) = a.file else {
        bail!("give a FILE of records, or `eval PAIRS.json`; see vigil match --help");
    };
    let records = read_records(&file)?;
    let ix = lists::open_index(dir)?;
    let bar = crate::progress_bar(records.len() as u64, records.len() < 100);
    let started = std::time::Instant::now();
    let mut results = Vec::with_capacity(records.len());
    for (line, e) in &records {
        results.push(Matched {
            line: *line,
            record: e.caption.clone(),
            schema: e.schema.clone(),
            matches: ix.match_entity(e, a.shown.threshold, a.shown.limit),
        });
        if let Some(b) = &bar {
            b.inc(1);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let took = started.elapsed();
    let mut out = std::io::stdout().lock();
    if a.shown.format == TableJson::Json {
        serde_json::to_writer_pretty(&mut out, &results)?;
        writeln!(out)?;
    } else {
        for m in &results {
            let title = format!("{} [{}] (line {})", m.record, m.schema, m.line);
            print_matches(&mut out, &title, &m.matches)?;
        }
    }
    eprintln!(
        "{} records matched against {} entities in {:.3} s ({:.0} per second)",
        results.len(),
        ix.entities.len(),
        took.as_secs_f64(),
        results.len() as f64 / took.as_secs_f64().max(1e-9)
    );
    Ok(())
}

fn match_eval(pairs: &Path, threshold: f64, errors: bool, json: bool) -> anyhow::Result<()> {
    let r = vigil_sanctions::matching::report(pairs, threshold)?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &r)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{}", t(&r.file, 200))?;
    for (label, e) in [
        ("tune", &r.tune),
        ("held-out", &r.held_out),
        ("all", &r.all),
    ] {
        print_evaluation(&mut out, label, e)?;
    }
    if !r.set_aside.is_empty() {
        let mut by: std::collections::BTreeMap<&str, usize> = Default::default();
        for s in &r.set_aside {
            *by.entry(s.reason.as_str()).or_default() += 1;
        }
        writeln!(out, "{} pairs set aside:", r.set_aside.len())?;
        for (reason, n) in by {
            writeln!(out, "  {n:>5}  {}", t(reason, 160))?;
        }
    }
    if errors {
        writeln!(out, "on the wrong side of {:.2}:", r.all.threshold)?;
        for p in r
            .scored
            .iter()
            .filter(|p| p.is_match != (p.score >= r.all.threshold))
        {
            writeln!(
                out,
                "  line {:>6}  {:<8}  {:.3}  {} | {}  (judged {})",
                p.line,
                match p.part {
                    vigil_sanctions::eval::Part::Tune => "tune",
                    vigil_sanctions::eval::Part::HeldOut => "held-out",
                },
                p.score,
                t(&p.left, 70),
                t(&p.right, 70),
                if p.is_match { "positive" } else { "negative" }
            )?;
            for f in &p.features {
                writeln!(
                    out,
                    "        {:+.3} {:<10} {}",
                    f.contribution,
                    f.feature,
                    t(&f.detail, 140)
                )?;
            }
        }
    } else if !r.all.errors.is_empty() {
        writeln!(
            out,
            "{} pairs on the wrong side of {:.2}: --errors lists them with their features",
            r.all.errors.len(),
            r.all.threshold
        )?;
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct ExposureArgs {
    /// One entity's status and owners [default: every entity blocked by ownership].
    entity: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    format: TableJson,
    /// Whose rule: `ofac` (SDN-listed owners, 50% or more in aggregate; control does not
    /// count) or `eu` (owners on the EU's asset-freeze lists, eu_fsf and
    /// eu_journal_sanctions, 50% or more in aggregate as the Council's Best Practices read
    /// it since July 2024, and control: a listed or blocked person named by a loaded link
    /// as the entity's general director, CEO, chairman or controller; presumed from the
    /// role, to be assessed case by case) or `uk` (persons on the UK Sanctions List,
    /// gb_fcdo_sanctions, or OFSI's former list, gb_hmt_sanctions: one person holding more
    /// than 50%, directly or through what it owns or controls, different persons not added
    /// up (reported as possibly blocked, by a joint arrangement), and control as the EU's,
    /// except over public bodies)
    #[arg(long, value_enum, default_value = "ofac")]
    rule: RuleArg,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RuleArg {
    Ofac,
    Eu,
    Uk,
}

fn today() -> String {
    vigil_model::date::format_iso(vigil_model::date::today())
}

/// `vigil exposure`: OFAC's 50 percent rule (or the EU's, with control) over the loaded
/// links.
pub fn exposure(dir: &Path, a: ExposureArgs) -> anyhow::Result<()> {
    use vigil_sanctions::exposure::{Rule, compute_rule, control_role};
    let rule = match a.rule {
        RuleArg::Ofac => Rule::Ofac,
        RuleArg::Eu => Rule::Eu,
        RuleArg::Uk => Rule::Uk,
    };
    let ix = lists::open_index(dir)?;
    let x = compute_rule(&ix, &today(), rule);
    let list = rule.list_name();
    let mut out = std::io::stdout().lock();
    if let Some(id) = &a.entity {
        let Some(e) = ix.get(id) else {
            bail!("{id}: no loaded entity has this id");
        };
        let on_sdn = Rule::Ofac.designates(e);
        let listed = rule.designates(e);
        let owners: Vec<&vigil_sanctions::entity::Link> = ix
            .links
            .iter()
            .filter(|l| l.schema == "Ownership" && l.to == *id)
            .collect();
        let controllers: Vec<&vigil_sanctions::entity::Link> = ix
            .links
            .iter()
            .filter(|l| {
                rule.counts_control()
                    && l.to == *id
                    && l.role
                        .as_deref()
                        .is_some_and(|r| control_role(&l.schema, r))
            })
            .collect();
        if a.format == TableJson::Json {
            let v = serde_json::json!({
                "entity": id,
                "caption": e.caption,
                "rule": rule,
                "on_sdn_list": on_sdn,
                "listed_by_rule": listed,
                "blocked_by_ownership": x.blocked(id).filter(|b| b.by == "ownership"),
                "blocked_by_control": x.blocked(id).filter(|b| b.by == "control"),
                "controllers": controllers,
                "possibly_blocked": x.possibly_blocked.iter().find(|b| b.entity == *id),
                "owners": owners,
                "other_listed_owners": x.other_listed_owners.iter().filter(|o| o.asset == *id).collect::<Vec<_>>(),
                "chains": x.chain_text(&ix, id),
            });
            serde_json::to_writer_pretty(&mut out, &v)?;
            writeln!(out)?;
            return Ok(());
        }
        writeln!(out, "{} ({})", t(&e.caption, 120), t(id, 80))?;
        if listed {
            writeln!(out, "  on the {list} list: blocked")?;
        } else if let Some(b) = x.blocked(id) {
            if b.by == "control" {
                writeln!(
                    out,
                    "  blocked by control (presumed from the role; assess case by case)"
                )?;
            } else {
                writeln!(
                    out,
                    "  blocked by ownership: {}% held by blocked persons",
                    b.aggregate
                )?;
            }
            for c in x.chain_text(&ix, id) {
                writeln!(out, "    {}", t(&c, 300))?;
            }
        } else if let Some(b) = x.possibly_blocked.iter().find(|b| b.entity == *id) {
            if b.by == "joint" {
                writeln!(
                    out,
                    "  possibly blocked: {}% held by different blocked persons together (blocked if their holdings are a joint arrangement)",
                    b.aggregate
                )?;
            } else {
                writeln!(
                    out,
                    "  possibly blocked: up to {}% held by blocked persons (shares given as ranges)",
                    b.aggregate
                )?;
            }
        } else {
            writeln!(out, "  not blocked by ownership")?;
        }
        for l in owners {
            let share = l.percentage.as_deref().unwrap_or("share not given");
            writeln!(out, "{}", link_line(&ix, "owned by", l, share))?;
        }
        for l in controllers {
            let what = format!("{} by", t(&l.schema, 30));
            writeln!(
                out,
                "{}",
                link_line(&ix, &what, l, l.role.as_deref().unwrap_or(""))
            )?;
        }
        for o in x.other_listed_owners.iter().filter(|o| o.asset == *id) {
            writeln!(
                out,
                "  owner on another list (its own restrictions): {} ({})",
                t(&o.owner_caption, 80),
                t(&o.datasets.join(", "), 80)
            )?;
        }
        return Ok(());
    }
    if a.format == TableJson::Json {
        serde_json::to_writer_pretty(&mut out, &x)?;
        writeln!(out)?;
        return Ok(());
    }
    let by_control = x.blocked.iter().filter(|b| b.by == "control").count();
    writeln!(
        out,
        "{} rule: {} {list}-listed entities; {} ownership links read ({} ended); {} entities blocked by ownership{}, {} possibly",
        rule.authority(),
        x.designated,
        x.ownership_links,
        x.ended,
        x.blocked.len() - by_control,
        if rule.counts_control() {
            format!(", {by_control} by control (presumed from roles; assess case by case)")
        } else {
            String::new()
        },
        x.possibly_blocked.len()
    )?;
    for b in &x.blocked {
        if b.by == "control" {
            writeln!(
                out,
                "  {} ({}): controlled by a blocked person",
                t(&b.caption, 80),
                t(&b.entity, 60)
            )?;
        } else {
            writeln!(
                out,
                "  {} ({}): {}% held by blocked persons",
                t(&b.caption, 80),
                t(&b.entity, 60),
                b.aggregate
            )?;
        }
        for c in x.chain_text(&ix, &b.entity) {
            writeln!(out, "    {}", t(&c, 300))?;
        }
    }
    for b in &x.possibly_blocked {
        let how = if b.by == "joint" {
            "held by different blocked persons together (a joint arrangement would block)"
        } else {
            "at the high end of ranges"
        };
        writeln!(
            out,
            "  possibly: {} ({}): {}% {how}",
            t(&b.caption, 80),
            t(&b.entity, 60),
            b.aggregate
        )?;
    }
    let unread: Vec<_> = x.unread.iter().filter(|u| u.percentage.is_some()).collect();
    if !unread.is_empty() {
        writeln!(out, "{} shares that do not read:", unread.len())?;
        for u in unread {
            writeln!(
                out,
                "  {}: {:?}",
                t(&u.link_id, 80),
                t(u.percentage.as_deref().unwrap_or(""), 60)
            )?;
        }
    }
    let missing = x.unread.iter().filter(|u| u.percentage.is_none()).count();
    if missing > 0 {
        writeln!(out, "{missing} ownership links give no share (not counted)")?;
    }
    for c in &x.cycles {
        writeln!(out, "ownership cycle: {}", t(&c.join(" ⇄ "), 300))?;
    }
    Ok(())
}

/// One link to an entity as a line of `vigil exposure ENTITY`: what it is, who holds it,
/// its share or role, and when it ended; every text escaped and cut.
fn link_line(
    ix: &vigil_sanctions::index::Index,
    what: &str,
    l: &vigil_sanctions::entity::Link,
    detail: &str,
) -> String {
    format!(
        "  {what} {} ({}): {}{}",
        t(
            &ix.get(&l.from)
                .map(|o| o.caption.clone())
                .unwrap_or_default(),
            80
        ),
        t(&l.from, 60),
        t(detail, 60),
        l.end_date
            .as_deref()
            .map(|d| format!(", ended {}", t(d, 20)))
            .unwrap_or_default()
    )
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LinksFormat {
    Table,
    Json,
    Dot,
}

#[derive(clap::Args)]
pub struct LinksArgs {
    /// The entity whose network is shown.
    #[arg(required_unless_present = "path")]
    entity: Option<String>,
    /// Steps from the entity.
    #[arg(long, default_value_t = 2)]
    depth: usize,
    /// Instead: the shortest chains of links between two entities.
    #[arg(long, num_args = 2, value_names = ["ID1", "ID2"], conflicts_with = "entity")]
    path: Option<Vec<String>>,
    /// Output: a table, JSON, or Graphviz DOT (`| dot -Tsvg > links.svg`).
    #[arg(long, value_enum, default_value = "table")]
    format: LinksFormat,
}

pub fn sanctions(dir: &Path, cmd: SanctionsCommand) -> anyhow::Result<()> {
    match cmd {
        SanctionsCommand::Load(a) => load(dir, a),
        SanctionsCommand::Status { json } => status(dir, json),
    }
}

fn load(dir: &Path, a: LoadArgs) -> anyhow::Result<()> {
    let format = match a.format {
        FormatArg::Auto => None,
        FormatArg::Ftm => Some(Format::Ftm),
        FormatArg::Un => Some(Format::Un),
        FormatArg::Ofac => Some(Format::Ofac),
        FormatArg::OfacCsv => Some(Format::OfacCsv),
    };
    let mut reports = Vec::new();
    let mut out = std::io::stdout().lock();
    for p in &a.paths {
        let r = lists::load(dir, p, format, a.dataset.as_deref())?;
        if !a.json {
            if r.already_loaded {
                writeln!(
                    out,
                    "{}: loaded before; nothing to do",
                    t(&p.display().to_string(), 300)
                )?;
            } else {
                writeln!(
                    out,
                    "{}: {} records as {} ({}{}), {} programmes, {} set aside",
                    t(&p.display().to_string(), 300),
                    r.input.records,
                    r.input.dataset,
                    r.input.format.name(),
                    r.input
                        .published
                        .as_deref()
                        .map(|d| format!(", published {}", t(d, 40)))
                        .unwrap_or_default(),
                    r.input.programs.len(),
                    r.input.rejected
                )?;
                for j in &r.rejects {
                    writeln!(
                        out,
                        "  line {}, field {}: {}",
                        j.line,
                        t(&j.field, 60),
                        t(&j.reason, 200)
                    )?;
                }
            }
        }
        reports.push(r);
    }
    if a.json {
        serde_json::to_writer_pretty(&mut out, &reports)?;
        writeln!(out)?;
        return Ok(());
    }
    drop(out);
    status(dir, false)
}

fn status(dir: &Path, json: bool) -> anyhow::Result<()> {
    let cat = lists::catalog(dir)?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &cat)?;
        writeln!(out)?;
        return Ok(());
    }
    if cat.inputs.is_empty() {
        writeln!(
            out,
            "no sanctions lists loaded; vigil sanctions load PATH..."
        )?;
        return Ok(());
    }
    let mut by_schema: BTreeMap<&str, u64> = BTreeMap::new();
    let mut by_list: BTreeMap<&str, u64> = BTreeMap::new();
    for i in &cat.inputs {
        for (s, n) in &i.by_schema {
            *by_schema.entry(s).or_default() += n;
            *by_list.entry(&i.dataset).or_default() += n;
        }
    }
    writeln!(out, "\nrecords by schema:")?;
    for (s, n) in by_schema {
        writeln!(out, "  {:<16} {n:>9}", t(s, 16))?;
    }
    writeln!(out, "records by list:")?;
    for (s, n) in by_list {
        writeln!(out, "  {:<40} {n:>9}", t(s, 40))?;
    }
    Ok(())
}

fn kind(s: SchemaArg) -> Option<Kind> {
    match s {
        SchemaArg::Person => Some(Kind::Person),
        SchemaArg::Company => Some(Kind::Company),
        SchemaArg::Vessel => Some(Kind::Vessel),
        SchemaArg::Airplane => Some(Kind::Airplane),
        SchemaArg::Any => None,
    }
}

fn check_date(d: &Option<String>, what: &str) -> anyhow::Result<()> {
    if let Some(d) = d
        && !vigil_sanctions::entity::partial_date_ok(d)
    {
        bail!("{what}: {d:?} is not YYYY, YYYY-MM or YYYY-MM-DD");
    }
    Ok(())
}

fn country(c: &Option<String>) -> anyhow::Result<Option<String>> {
    c.as_ref()
        .map(|c| {
            country_code(c)
                .with_context(|| format!("--country: {c:?} is not a country vigil knows"))
        })
        .transpose()
}

pub fn screen(dir: &Path, a: ScreenArgs) -> anyhow::Result<()> {
    if let Some(ScreenCommand::Eval {
        pairs,
        threshold,
        peer,
        errors,
        json,
    }) = a.eval
    {
        return eval(&pairs, threshold, peer.as_deref(), errors, json);
    }
    if !(0.0..=1.0).contains(&a.shown.threshold) {
        bail!("--threshold must be between 0 and 1");
    }
    check_date(&a.birth_date, "--birth-date")?;
    let started = std::time::Instant::now();
    let ix = lists::open_index(dir)?;
    let loaded = started.elapsed();
    let queries: Vec<Query> = match (&a.name, &a.file) {
        (Some(n), None) => vec![Query {
            name: n.clone(),
            kind: kind(a.schema),
            birth_date: a.birth_date.clone(),
            country: country(&a.country)?,
            identifier: a.id.clone(),
        }],
        (None, Some(f)) => read_queries(f, kind(a.schema))?,
        _ => bail!("give a NAME, --file QUERIES.csv, or `eval PAIRS.csv`; see vigil screen --help"),
    };
    if let (Some(id), Some(name)) = (&a.clear, &a.name) {
        let Some(e) = ix.get(id) else {
            bail!("--clear {id}: no loaded entity has this id (see the ids `vigil screen` shows)");
        };
        let c = vigil_sanctions::cleared::clear(dir, name, e, a.reason.as_deref().unwrap_or(""))?;
        eprintln!(
            "cleared: {} is not {} ({}), {}: {}",
            t(name, 120),
            t(&e.caption, 120),
            t(id, 80),
            c.cleared_at,
            t(&c.reason, 200)
        );
    }
    let context = lists::ScreenContext::open(dir, &ix, &today())?;
    let bar = crate::progress_bar(queries.len() as u64, queries.len() < 100);
    let started = std::time::Instant::now();
    let mut results: Vec<(Query, Vec<Match>)> = Vec::with_capacity(queries.len());
    for q in queries {
        let mut m = ix.screen(&q, a.shown.threshold, a.shown.limit);
        context.annotate(&ix, &q.name, &mut m);
        results.push((q, m));
        if let Some(b) = &bar {
            b.inc(1);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let took = started.elapsed();
    let mut out = std::io::stdout().lock();
    if a.shown.format == TableJson::Json {
        let v: Vec<Screened> = results
            .iter()
            .map(|(q, m)| Screened {
                query: q.name.clone(),
                matches: m.clone(),
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
    } else {
        for (q, ms) in &results {
            print_matches(&mut out, &q.name, ms)?;
        }
    }
    eprintln!(
        "{} names screened against {} entities ({} names) in {:.3} s ({:.0} per second); index built in {:.2} s",
        results.len(),
        ix.entities.len(),
        ix.name_count(),
        took.as_secs_f64(),
        results.len() as f64 / took.as_secs_f64().max(1e-9),
        loaded.as_secs_f64()
    );
    Ok(())
}

fn print_matches(out: &mut dyn Write, title: &str, ms: &[Match]) -> anyhow::Result<()> {
    writeln!(out, "{}", t(title, 200))?;
    if ms.is_empty() {
        writeln!(out, "  no match at or above the threshold")?;
    }
    for (i, m) in ms.iter().enumerate() {
        writeln!(
            out,
            "  {}. {:.3}  {}  [{}] {}  {}",
            i + 1,
            m.score,
            t(&m.caption, 80),
            t(&m.schema, 20),
            t(&m.entity_id, 60),
            t(&m.programs.join(", "), 80)
        )?;
        writeln!(
            out,
            "     matched name {:?} from {}{}",
            t(&m.matched_name, 120),
            t(&m.dataset, 60),
            m.list_published
                .as_deref()
                .map(|d| format!(" (published {})", t(d, 40)))
                .unwrap_or_default()
        )?;
        for chain in &m.blocked_by_ownership {
            writeln!(out, "     blocked by ownership: {}", t(chain, 300))?;
        }
        if let Some(c) = &m.cleared {
            if c.entity_changed {
                writeln!(
                    out,
                    "     RAISED AGAIN: cleared {} ({}), but the listed entity has changed since",
                    t(&c.cleared_at, 40),
                    t(&c.reason, 160)
                )?;
            } else {
                writeln!(
                    out,
                    "     cleared {}: {}",
                    t(&c.cleared_at, 40),
                    t(&c.reason, 160)
                )?;
            }
        }
        for f in &m.features {
            writeln!(
                out,
                "     {:+.3} {:<10} {}",
                f.contribution,
                f.feature,
                t(&f.detail, 160)
            )?;
        }
        let pairs: Vec<String> = m
            .token_pairs
            .iter()
            .map(|(a, b, s, how)| format!("{a}~{b} {s:.2} ({how})"))
            .collect();
        if !pairs.is_empty() {
            writeln!(out, "     tokens: {}", t(&pairs.join("; "), 300))?;
        }
    }
    Ok(())
}

/// One row of a CSV of names to screen or records to match.
struct Row {
    name: String,
    kind: Option<Kind>,
    birth_date: Option<String>,
    country: Option<String>,
    nationality: Option<String>,
    /// `id` or `id_number`.
    id_number: Option<String>,
    imo: Option<String>,
}

/// Reads a CSV with a `name` column and optional `schema`, `birth_date`, `country`,
/// `nationality`, `id` (or `id_number`) and `imo` columns; a bad value is an error naming
/// the file, line and field. A row without a schema (and no `--schema`) that gives a birth
/// date, or a `gender`, `first_name`, `middle_name` or `last_name`, is a person's.
fn read_rows(path: &Path, default_kind: Option<Kind>) -> anyhow::Result<Vec<Row>> {
    let file = path.display().to_string();
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .with_context(|| file.clone())?;
    let header: Vec<String> = r
        .headers()
        .with_context(|| file.clone())?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let col = |n: &str| header.iter().position(|h| h == n);
    // yente's candidate fixtures call them full_name and date_of_birth.
    let Some(name_col) = col("name").or_else(|| col("full_name")) else {
        bail!(
            "{file}: line 1: no `name` column (columns: name, schema, birth_date, country, nationality, id_number, imo)"
        );
    };
    let (schema_col, bd_col, c_col, n_col, imo_col) = (
        col("schema"),
        col("birth_date").or_else(|| col("date_of_birth")),
        col("country"),
        col("nationality"),
        col("imo"),
    );
    let id_col = col("id_number").or_else(|| col("id"));
    // Properties only a person has in FollowTheMoney (yente's fixtures carry them).
    let person_cols: Vec<usize> = ["gender", "first_name", "middle_name", "last_name"]
        .iter()
        .filter_map(|n| col(n))
        .collect();
    let mut out = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let line = i + 2;
        let rec = rec.with_context(|| format!("{file}: line {line}"))?;
        let get = |c: Option<usize>| {
            c.and_then(|c| rec.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let Some(name) = get(Some(name_col)) else {
            bail!("{file}: line {line}, field name: empty");
        };
        // A row with no schema that gives a birth date, a gender or a first or last name
        // is a person's: only a Person has those properties in FollowTheMoney.
        let personal = get(bd_col).is_some() || person_cols.iter().any(|&c| get(Some(c)).is_some());
        let kind = match get(schema_col).as_deref() {
            None if default_kind.is_none() && personal => Some(Kind::Person),
            None | Some("any") => default_kind,
            Some(s) => Some(
                SchemaArg::from_str(s, true)
                    .ok()
                    .and_then(kind)
                    .with_context(|| {
                        format!("{file}: line {line}, field schema: {s:?} is not person, company, vessel, airplane or any")
                    })?,
            ),
        };
        // Months and days written without their leading zero ("1984-2-01") are padded.
        let birth_date = get(bd_col).map(|d| vigil_sanctions::entity::padded_date(&d).unwrap_or(d));
        check_date(
            &birth_date,
            &format!("{file}: line {line}, field birth_date"),
        )?;
        let code = |field: &str, c: Option<usize>| {
            get(c)
                .map(|v| {
                    country_code(&v).with_context(|| {
                        format!(
                            "{file}: line {line}, field {field}: {v:?} is not a country vigil knows"
                        )
                    })
                })
                .transpose()
        };
        out.push(Row {
            name,
            kind,
            birth_date,
            country: code("country", c_col)?,
            nationality: code("nationality", n_col)?,
            id_number: get(id_col),
            imo: get(imo_col),
        });
    }
    Ok(out)
}

fn read_queries(path: &Path, default_kind: Option<Kind>) -> anyhow::Result<Vec<Query>> {
    Ok(read_rows(path, default_kind)?
        .into_iter()
        .map(|r| Query {
            name: r.name,
            kind: r.kind,
            birth_date: r.birth_date,
            country: r.country.or(r.nationality),
            identifier: r.id_number.or(r.imo),
        })
        .collect())
}

fn eval(
    pairs: &Path,
    threshold: f64,
    peer: Option<&Path>,
    errors: bool,
    json: bool,
) -> anyhow::Result<()> {
    if !(0.0..=1.0).contains(&threshold) {
        bail!("--threshold must be between 0 and 1");
    }
    let r = vigil_sanctions::eval::report(pairs, threshold, peer)?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &r)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{} ({:?} layout)", t(&r.file, 200), r.format)?;
    for (label, e) in [
        ("tune", &r.tune),
        ("held-out", &r.held_out),
        ("all", &r.all),
    ] {
        print_evaluation(&mut out, label, e)?;
    }
    if let Some(p) = r.peer.as_ref().filter(|p| p.shared == 0) {
        writeln!(out, "{} shares no pairs with this file", t(&p.peer, 80))?;
    }
    if let Some(p) = r.peer.as_ref().filter(|p| p.shared > 0) {
        writeln!(
            out,
            "beside {} on the {} pairs both files share (each at its own decision; best threshold in brackets):",
            t(&p.peer, 80),
            p.shared
        )?;
        for (label, f) in [("tune", &p.tune), ("held-out", &p.held_out)] {
            writeln!(
                out,
                "  {label:<9} {:>4} pairs  vigil F1 {} ({}), exactly 1.0: {}   {} F1 {} ({}), exactly 1.0: {}",
                f.pairs,
                pct(f.vigil_f1),
                pct(f.vigil_best_f1),
                pct(f.vigil_exact_one_share),
                t(&p.peer, 40),
                pct(f.peer_f1),
                pct(f.peer_best_f1),
                pct(f.peer_exact_one_share),
            )?;
        }
    }
    if errors {
        print_errors(&mut out, &r.all)?;
    } else if !r.all.errors.is_empty() {
        writeln!(
            out,
            "{} pairs on the wrong side of {:.2}: --errors lists them",
            r.all.errors.len(),
            r.all.threshold
        )?;
    }
    Ok(())
}

fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{:.1}%", 100.0 * v))
        .unwrap_or_else(|| "-".into())
}

/// One part's figures: rates at the threshold, the best threshold, and the grading.
pub(crate) fn print_evaluation(
    out: &mut dyn Write,
    label: &str,
    e: &vigil_sanctions::eval::Evaluation,
) -> anyhow::Result<()> {
    writeln!(
        out,
        "{label:<9} {:>5} pairs ({} positive) at {:.2}: precision {}, recall {}, F1 {}; best {:.3}: F1 {}",
        e.pairs,
        e.positives,
        e.threshold,
        pct(e.precision),
        pct(e.recall),
        pct(e.f1),
        e.best_threshold,
        pct(e.best_f1)
    )?;
    let h = &e.histogram;
    let bins: Vec<String> = h.bins.iter().map(|n| n.to_string()).collect();
    writeln!(
        out,
        "          scored exactly 1.0: {} ({}); by tenths from 0: {}",
        h.exact_one,
        pct(e.exact_one_share),
        bins.join(" ")
    )?;
    Ok(())
}

pub(crate) fn print_errors(
    out: &mut dyn Write,
    e: &vigil_sanctions::eval::Evaluation,
) -> anyhow::Result<()> {
    if e.errors.is_empty() {
        return Ok(());
    }
    writeln!(out, "on the wrong side of {:.2}:", e.threshold)?;
    for p in &e.errors {
        writeln!(
            out,
            "  line {:>5}  {:<8}  {:.3}  {} | {}  (labelled {})",
            p.line,
            match p.part {
                vigil_sanctions::eval::Part::Tune => "tune",
                vigil_sanctions::eval::Part::HeldOut => "held-out",
            },
            p.score,
            t(&p.a, 60),
            t(&p.b, 60),
            if p.is_match { "match" } else { "no match" }
        )?;
    }
    Ok(())
}

pub fn links(dir: &Path, a: LinksArgs) -> anyhow::Result<()> {
    let records = lists::records(dir)?;
    if records.is_empty() {
        bail!("no sanctions lists are loaded; vigil sanctions load PATH...");
    }
    let ix = Index::build(records);
    let g = Graph::new(&ix);
    let caption = |id: &str| {
        ix.get(id)
            .map(|e| e.caption.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let need = |id: &str| -> anyhow::Result<()> {
        if !g.knows(id) {
            bail!("no entity {id:?} in the loaded lists (ids are shown by vigil screen)");
        }
        Ok(())
    };
    let mut out = std::io::stdout().lock();
    if let Some(p) = &a.path {
        let (x, y) = (&p[0], &p[1]);
        need(x)?;
        need(y)?;
        let chains = g.paths(x, y, 20);
        if a.format == LinksFormat::Json {
            serde_json::to_writer_pretty(&mut out, &chains)?;
            writeln!(out)?;
            return Ok(());
        }
        if a.format == LinksFormat::Dot {
            let links: Vec<_> = chains.iter().flatten().map(|s| s.link).collect();
            return dot(&mut out, &ix, &links);
        }
        if chains.is_empty() {
            writeln!(
                out,
                "{} and {} are not linked",
                t(&caption(x), 80),
                t(&caption(y), 80)
            )?;
        }
        // Chains through the same entities by the same kinds of link (several payments
        // between one payer and one party) are shown once, with their number.
        let mut grouped: Vec<(&Vec<vigil_sanctions::graph::Step>, usize)> = Vec::new();
        for c in &chains {
            let key = |c: &Vec<vigil_sanctions::graph::Step>| {
                c.iter()
                    .map(|s| {
                        (
                            s.link.from.clone(),
                            s.link.to.clone(),
                            s.link.schema.clone(),
                        )
                    })
                    .collect::<Vec<_>>()
            };
            match grouped.iter_mut().find(|(g, _)| key(g) == key(c)) {
                Some(g) => g.1 += 1,
                None => grouped.push((c, 1)),
            }
        }
        for (i, (c, n)) in grouped.iter().enumerate() {
            let also = if *n > 1 {
                format!(", {n} parallel chains of links like it")
            } else {
                String::new()
            };
            writeln!(out, "chain {} ({} links{also}):", i + 1, c.len())?;
            for s in c.iter() {
                let (from, to) = (&s.link.from, &s.link.to);
                writeln!(
                    out,
                    "  {} —{}{}→ {}   [{}]",
                    t(&caption(from), 60),
                    t(&s.link.schema, 20),
                    s.link
                        .role
                        .as_deref()
                        .map(|r| format!(": {}", t(r, 40)))
                        .unwrap_or_default(),
                    t(&caption(to), 60),
                    t(&s.link.dataset, 40)
                )?;
            }
        }
        return Ok(());
    }
    let id = a
        .entity
        .as_deref()
        .expect("clap requires an entity without --path");
    need(id)?;
    let around = g.around(id, a.depth);
    match a.format {
        LinksFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &g.neighbourhood(id, a.depth))?;
            writeln!(out)?;
        }
        LinksFormat::Dot => {
            let links: Vec<_> = around.iter().map(|(l, _)| *l).collect();
            dot(&mut out, &ix, &links)?;
        }
        LinksFormat::Table => {
            writeln!(
                out,
                "{} ({}): {} links within {} steps",
                t(&caption(id), 80),
                t(id, 60),
                around.len(),
                a.depth
            )?;
            for (l, d) in &around {
                writeln!(
                    out,
                    "  {d}  {} —{}{}→ {}   [{}{}]",
                    t(&caption(&l.from), 60),
                    t(&l.schema, 20),
                    l.role
                        .as_deref()
                        .map(|r| format!(": {}", t(r, 40)))
                        .unwrap_or_default(),
                    t(&caption(&l.to), 60),
                    t(&l.dataset, 40),
                    l.date
                        .as_deref()
                        .map(|d| format!(", {}", t(d, 20)))
                        .unwrap_or_default()
                )?;
            }
        }
    }
    Ok(())
}

/// Graphviz DOT, every label escaped.
fn dot(
    out: &mut dyn Write,
    ix: &Index,
    links: &[&vigil_sanctions::entity::Link],
) -> anyhow::Result<()> {
    let q = |s: &str| {
        let mut o = String::from("\"");
        for c in s.chars() {
            match c {
                '"' | '\\' => {
                    o.push('\\');
                    o.push(c);
                }
                c if c.is_control() => o.push(' '),
                c => o.push(c),
            }
        }
        o.push('"');
        o
    };
    writeln!(out, "digraph links {{")?;
    let mut nodes: Vec<&str> = links
        .iter()
        .flat_map(|l| [l.from.as_str(), l.to.as_str()])
        .collect();
    nodes.sort();
    nodes.dedup();
    for n in nodes {
        let (label, shape) = match ix.get(n) {
            Some(e) => (
                e.caption.as_str(),
                if e.schema == "Person" {
                    "ellipse"
                } else {
                    "box"
                },
            ),
            None => (n, "plaintext"),
        };
        writeln!(out, "  {} [label={}, shape={shape}];", q(n), q(label))?;
    }
    for l in links {
        writeln!(
            out,
            "  {} -> {} [label={}];",
            q(&l.from),
            q(&l.to),
            q(&l.schema)
        )?;
    }
    writeln!(out, "}}")?;
    Ok(())
}
