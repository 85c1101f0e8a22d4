//! Loaded lists in the data directory (`DATA_DIR/sanctions/`): each input converted once
//! into JSON lines of [`Record`]s, recorded in a catalog that is replaced atomically, so a
//! load either happens whole or not at all, and loading the same file again does nothing.
//!
//! ```text
//! sanctions/catalog.json               inputs in load order: hash, format, dataset, counts
//! sanctions/lists/HASH.jsonl           the input's records
//! sanctions/lists/HASH.rejects.jsonl   the records set aside, with line, field and reason
//! sanctions/LOCK                       held while loading
//! ```

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::entity::Record;
use crate::index::Index;
use crate::{Reject, SanctionsError, ftm, xml};

/// A list format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// FollowTheMoney JSON lines (OpenSanctions exports).
    Ftm,
    /// UN Security Council consolidated list XML.
    Un,
    /// OFAC SDN or consolidated (non-SDN) list XML (root `sdnList`).
    Ofac,
    /// OFAC SDN or consolidated list CSV (`sdn.csv`, `cons_prim.csv`, with their
    /// address, alias and comment files beside them).
    #[serde(rename = "ofac-csv")]
    OfacCsv,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Ftm => "ftm",
            Format::Un => "un",
            Format::Ofac => "ofac",
            Format::OfacCsv => "ofac-csv",
        }
    }
}

/// One loaded input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Input {
    pub hash: String,
    pub path: String,
    pub format: Format,
    pub dataset: String,
    pub records: u64,
    pub by_schema: BTreeMap<String, u64>,
    pub rejected: u64,
    /// The list's publish date as the file gives it (OFAC `Publish_Date`, UN
    /// `dateGenerated`); `None` when the file does not say (OFAC's CSV, FtM).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The sanctions programmes its entries name.
    #[serde(default, skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    pub programs: std::collections::BTreeSet<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub inputs: Vec<Input>,
}

/// What a load did.
#[derive(Debug, Clone, Serialize)]
pub struct LoadReport {
    pub input: Input,
    /// True when the same bytes were loaded before: nothing changed.
    pub already_loaded: bool,
    /// The first records set aside (all are in the rejects file).
    pub rejects: Vec<Reject>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SanctionsError + use<> {
    let path = path.to_path_buf();
    move |source| SanctionsError::Io { path, source }
}

fn folder(data_dir: &Path) -> PathBuf {
    vigil_datadir::DataDir::new(data_dir).sanctions()
}

/// The catalog of loaded lists (empty when none are).
pub fn catalog(data_dir: &Path) -> Result<Catalog, SanctionsError> {
    let p = folder(data_dir).join("catalog.json");
    match fs::read_to_string(&p) {
        Ok(s) => serde_json::from_str(&s).map_err(|e| SanctionsError::Read {
            file: p.display().to_string(),
            line: e.line() as u64,
            message: e.to_string(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Catalog::default()),
        Err(e) => Err(io(&p)(e)),
    }
}

/// Recognises a list's format from its first bytes.
pub fn detect(path: &Path) -> Result<Format, SanctionsError> {
    let mut head = vec![0u8; 4096];
    let n = File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(io(path))?;
    let text = String::from_utf8_lossy(&head[..n]);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('{') {
        Ok(Format::Ftm)
    } else if t.contains("<CONSOLIDATED_LIST") {
        Ok(Format::Un)
    } else if t.contains("<sdnList") {
        Ok(Format::Ofac)
    } else if looks_like_ofac_csv(t) {
        Ok(Format::OfacCsv)
    } else {
        Err(SanctionsError::Input(format!(
            "{}: not a list vigil reads (FollowTheMoney JSON lines, UN consolidated list XML, \
             OFAC SDN or consolidated list XML or CSV); name one with --format",
            path.display()
        )))
    }
}

/// An OFAC CSV main file: `ent_num,"NAME",` with `-0-` for empty fields.
fn looks_like_ofac_csv(head: &str) -> bool {
    let first = head.lines().next().unwrap_or("");
    let Some((num, rest)) = first.split_once(',') else {
        return false;
    };
    !num.is_empty()
        && num.bytes().all(|b| b.is_ascii_digit())
        && rest.starts_with('"')
        && head.contains("-0-")
}

/// What an OFAC XML file says of itself: its publish date, and whether it is the
/// consolidated (non-SDN) list, whose entries say "Not on the SDN List" or carry
/// only non-SDN programmes, rather than the SDN list.
fn ofac_xml_facts(path: &Path) -> Result<(Option<String>, bool), SanctionsError> {
    let mut f = BufReader::new(File::open(path).map_err(io(path))?);
    let mut head = Vec::new();
    (&mut f)
        .take(1 << 16)
        .read_to_end(&mut head)
        .map_err(io(path))?;
    let text = String::from_utf8_lossy(&head);
    let published = between(&text, "<Publish_Date>", "</Publish_Date>");
    let named = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut non_sdn = named.contains("consolidated") || named.starts_with("cons");
    if !non_sdn {
        // Scan the whole file, a block at a time, for the non-SDN marker.
        let finder = memchr::memmem::Finder::new(b"Not on the SDN List");
        let mut buf = head;
        loop {
            if finder.find(&buf).is_some() {
                non_sdn = true;
                break;
            }
            let keep = buf.len().saturating_sub(32);
            buf.drain(..keep);
            let n = (&mut f)
                .take(1 << 20)
                .read_to_end(&mut buf)
                .map_err(io(path))?;
            if n == 0 {
                break;
            }
        }
    }
    Ok((published, non_sdn))
}

/// The UN list's generation date (`dateGenerated` on the root element).
fn un_published(path: &Path) -> Result<Option<String>, SanctionsError> {
    let mut head = Vec::new();
    File::open(path)
        .map_err(io(path))?
        .take(4096)
        .read_to_end(&mut head)
        .map_err(io(path))?;
    let text = String::from_utf8_lossy(&head);
    Ok(between(&text, "dateGenerated=\"", "\""))
}

fn between(text: &str, open: &str, close: &str) -> Option<String> {
    let start = text.find(open)? + open.len();
    let end = text[start..].find(close)? + start;
    Some(text[start..end].trim().to_string()).filter(|s| !s.is_empty())
}

fn hash_file(path: &Path) -> Result<String, SanctionsError> {
    let mut f = BufReader::new(File::open(path).map_err(io(path))?);
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf).map_err(io(path))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(format!("{:032x}", h.digest128()))
}

/// Loads one list into the data directory.
pub fn load(
    data_dir: &Path,
    path: &Path,
    format: Option<Format>,
    dataset: Option<&str>,
) -> Result<LoadReport, SanctionsError> {
    let dir = folder(data_dir);
    let lists = dir.join("lists");
    fs::create_dir_all(&lists).map_err(io(&lists))?;
    let lock_path = dir.join("LOCK");
    let _lock = vigil_datadir::Lock::wait(&lock_path).map_err(io(&lock_path))?;
    let mut cat = catalog(data_dir)?;
    // Leftovers of an interrupted load: files the catalog does not name.
    let known: Vec<&str> = cat.inputs.iter().map(|i| i.hash.as_str()).collect();
    for entry in fs::read_dir(&lists).map_err(io(&lists))?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !known.iter().any(|h| name.starts_with(h)) {
            let _ = fs::remove_file(entry.path());
        }
    }
    let format = match format {
        Some(f) => f,
        None => detect(path)?,
    };
    let hash = hash_file(path)?;
    if let Some(done) = cat.inputs.iter().find(|i| i.hash == hash) {
        return Ok(LoadReport {
            input: done.clone(),
            already_loaded: true,
            rejects: Vec::new(),
        });
    }
    let (mut published, non_sdn) = match format {
        Format::Ofac => ofac_xml_facts(path)?,
        Format::Un => (un_published(path)?, false),
        _ => (None, false),
    };
    let dataset = dataset.map(str::to_string).unwrap_or_else(|| match format {
        Format::Ftm => path
            .file_name()
            .map(|n| {
                n.to_string_lossy()
                    .split('.')
                    .next()
                    .unwrap_or("ftm")
                    .to_string()
            })
            .unwrap_or_else(|| "ftm".into()),
        Format::Un => "un_sc_sanctions".into(),
        Format::Ofac if non_sdn => "us_ofac_cons".into(),
        Format::Ofac => "us_ofac_sdn".into(),
        Format::OfacCsv => crate::ofac_csv::dataset_of(path).into(),
    });
    let file = path.display().to_string();
    let out_path = lists.join(format!("{hash}.jsonl"));
    let tmp = lists.join(format!("{hash}.jsonl.tmp"));
    let mut out = BufWriter::new(File::create(&tmp).map_err(io(&tmp))?);
    let mut records = 0u64;
    let mut by_schema: BTreeMap<String, u64> = BTreeMap::new();
    let mut programs = std::collections::BTreeSet::new();
    let mut write_err: Option<std::io::Error> = None;
    let sink = |r: Record| {
        records += 1;
        *by_schema.entry(r.schema().to_string()).or_default() += 1;
        if let Record::Entity(e) = &r {
            programs.extend(e.programs.iter().cloned());
        }
        if write_err.is_none() {
            let line = serde_json::to_string(&r).expect("records serialise");
            if let Err(e) = writeln!(out, "{line}") {
                write_err = Some(e);
            }
        }
    };
    let input = BufReader::new(File::open(path).map_err(io(path))?);
    let rejects = match format {
        Format::Ftm => ftm::read(input, &dataset, &file, sink)?,
        Format::OfacCsv => crate::ofac_csv::read(path, &dataset, sink)?.0,
        Format::Un | Format::Ofac => {
            let lines = LineCounter::new(path)?;
            let line_of = |at: u64| lines.line_of(at);
            if format == Format::Un {
                xml::read_un(input, &dataset, &file, &line_of, sink)?
            } else {
                xml::read_ofac(input, &dataset, &file, &line_of, sink)?
            }
        }
    };
    if let Some(e) = write_err {
        return Err(io(&tmp)(e));
    }
    let f = out.into_inner().map_err(|e| io(&tmp)(e.into_error()))?;
    f.sync_all().map_err(io(&tmp))?;
    let rej_path = lists.join(format!("{hash}.rejects.jsonl"));
    let mut rf = BufWriter::new(File::create(&rej_path).map_err(io(&rej_path))?);
    for r in &rejects {
        writeln!(
            rf,
            "{}",
            serde_json::to_string(r).expect("rejects serialise")
        )
        .map_err(io(&rej_path))?;
    }
    rf.flush().map_err(io(&rej_path))?;
    fs::rename(&tmp, &out_path).map_err(io(&out_path))?;
    let input = Input {
        hash,
        path: file,
        format,
        dataset,
        records,
        by_schema,
        rejected: rejects.len() as u64,
        published: published.take(),
        programs,
    };
    cat.inputs.push(input.clone());
    let cat_path = dir.join("catalog.json");
    let text = serde_json::to_vec_pretty(&cat).expect("catalog serialises");
    vigil_datadir::atomic_write(&cat_path, &text).map_err(io(&cat_path))?;
    Ok(LoadReport {
        input,
        already_loaded: false,
        rejects: rejects.into_iter().take(20).collect(),
    })
}

/// Every loaded record in load order.
pub fn records(data_dir: &Path) -> Result<Vec<Record>, SanctionsError> {
    let cat = catalog(data_dir)?;
    let lists = folder(data_dir).join("lists");
    let mut out = Vec::new();
    for i in &cat.inputs {
        let p = lists.join(format!("{}.jsonl", i.hash));
        let f = BufReader::new(File::open(&p).map_err(io(&p))?);
        for (n, line) in f.lines().enumerate() {
            let line = line.map_err(io(&p))?;
            out.push(
                serde_json::from_str(&line).map_err(|e| SanctionsError::Read {
                    file: p.display().to_string(),
                    line: n as u64 + 1,
                    message: e.to_string(),
                })?,
            );
        }
    }
    Ok(out)
}

/// The screening index over every loaded list; an error says how to load one if none is.
pub fn open_index(data_dir: &Path) -> Result<Index, SanctionsError> {
    let cat = catalog(data_dir)?;
    if cat.inputs.is_empty() {
        return Err(SanctionsError::Input(format!(
            "no sanctions lists are loaded in {}; load some with `vigil sanctions load PATH...`",
            data_dir.display()
        )));
    }
    let mut ix = Index::build(records(data_dir)?);
    for i in &cat.inputs {
        if let Some(p) = &i.published {
            ix.published.insert(i.dataset.clone(), p.clone());
        }
    }
    // Entities whose list gives no listing date (OFAC) are dated by their first
    // appearance: the publish date of the earliest loaded issue of their list that holds
    // them, when an earlier loaded issue of the same list did not (an entity already in
    // the earliest loaded issue was listed before it, on a day the files do not give).
    let undated: std::collections::HashSet<String> = ix
        .entities
        .iter()
        .filter(|e| e.listed_on.is_none())
        .map(|e| e.id.clone())
        .collect();
    if !undated.is_empty() {
        let mut first: HashMap<String, (String, String)> = HashMap::new();
        let mut earliest_issue: HashMap<&str, String> = HashMap::new();
        let lists = folder(data_dir).join("lists");
        for i in &cat.inputs {
            if let Some(day) = i.published.as_deref().and_then(publish_day) {
                let slot = earliest_issue
                    .entry(i.dataset.as_str())
                    .or_insert_with(|| day.clone());
                if day < *slot {
                    *slot = day;
                }
            }
        }
        for i in &cat.inputs {
            let Some(day) = i.published.as_deref().and_then(publish_day) else {
                continue;
            };
            let p = lists.join(format!("{}.jsonl", i.hash));
            let f = BufReader::new(File::open(&p).map_err(io(&p))?);
            for line in f.lines() {
                let line = line.map_err(io(&p))?;
                // Entity records only; their id is all that is needed here.
                let Ok(Record::Entity(e)) = serde_json::from_str::<Record>(&line) else {
                    continue;
                };
                if undated.contains(&e.id) {
                    let slot = first
                        .entry(e.id)
                        .or_insert_with(|| (i.dataset.clone(), day.clone()));
                    if day < slot.1 {
                        *slot = (i.dataset.clone(), day.clone());
                    }
                }
            }
        }
        let appeared: HashMap<String, String> = first
            .into_iter()
            .filter(|(_, (dataset, day))| {
                earliest_issue
                    .get(dataset.as_str())
                    .is_some_and(|e| day > e)
            })
            .map(|(id, (_, day))| (id, day))
            .collect();
        ix.set_listed_on(&appeared);
    }
    Ok(ix)
}

/// A list's publish date as a day: ISO (`2018-10-29T19:09:49-04:00`) or OFAC's
/// `MM/DD/YYYY`.
fn publish_day(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some(d) = s.get(..10)
        && crate::entity::partial_date_ok(d)
        && d.len() == 10
    {
        return Some(d.to_string());
    }
    let mut parts = s.split('/');
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    let (m, d, y): (u32, u32, u32) = (m.parse().ok()?, d.parse().ok()?, y.get(..4)?.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Byte offsets to line numbers, for offsets asked in increasing order.
struct LineCounter {
    state: RefCell<(BufReader<File>, u64, u64)>,
}

impl LineCounter {
    fn new(path: &Path) -> Result<LineCounter, SanctionsError> {
        Ok(LineCounter {
            state: RefCell::new((BufReader::new(File::open(path).map_err(io(path))?), 0, 1)),
        })
    }

    fn line_of(&self, at: u64) -> u64 {
        let mut s = self.state.borrow_mut();
        let (reader, pos, line) = &mut *s;
        while *pos < at {
            let Ok(buf) = reader.fill_buf() else { break };
            if buf.is_empty() {
                break;
            }
            let take = ((at - *pos) as usize).min(buf.len());
            *line += buf[..take].iter().filter(|&&b| b == b'\n').count() as u64;
            reader.consume(take);
            *pos += take as u64;
        }
        *line
    }
}

/// What a screening adds, from the data directory, to the index's matches: OFAC's 50
/// percent rule (the chains that block a match's entity) and reviewers' clearances. Both
/// faces (`vigil screen`, `/api/v1/screen`) annotate through it.
pub struct ScreenContext {
    exposure: std::sync::Arc<crate::exposure::Exposure>,
    decisions: Vec<crate::cleared::Clearance>,
}

impl ScreenContext {
    /// Computes the rule over the loaded links as of `today` (YYYY-MM-DD) and reads the
    /// clearances.
    pub fn open(data_dir: &Path, ix: &Index, today: &str) -> Result<ScreenContext, SanctionsError> {
        ScreenContext::with(
            data_dir,
            std::sync::Arc::new(crate::exposure::compute(ix, today)),
        )
    }

    /// With the rule already computed for the loaded lists (a server keeps it while the
    /// lists and the day stay the same); the clearances are read afresh.
    pub fn with(
        data_dir: &Path,
        exposure: std::sync::Arc<crate::exposure::Exposure>,
    ) -> Result<ScreenContext, SanctionsError> {
        Ok(ScreenContext {
            exposure,
            decisions: crate::cleared::load(data_dir)?,
        })
    }

    /// Marks the matches of `query`: blocked by ownership (with the chains), cleared (with
    /// the reason, or raised again when the entity changed).
    pub fn annotate(&self, ix: &Index, query: &str, matches: &mut [crate::index::Match]) {
        let version = |id: &str| ix.get(id).map(crate::cleared::entity_version);
        crate::cleared::annotate(&self.decisions, query, matches, version);
        for m in matches.iter_mut() {
            m.blocked_by_ownership = self.exposure.chain_text(ix, &m.entity_id);
        }
    }
}
