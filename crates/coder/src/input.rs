//! Inputs: plain text, a folder of `.txt` files, JSON lines with `text`, `date`, `url`
//! fields, and PETRARCH's XML (`<Sentence>` records with `<Text>`, optional `<Parse>` and
//! expected `<EventCoding>`).

use std::path::{Path, PathBuf};

use quick_xml::events::{BytesStart, Event};

/// One document to code.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Record id (XML), `id` field (JSON), or file name.
    pub id: String,
    pub text: String,
    /// Days since 1970-01-01.
    pub date: Option<i32>,
    pub url: Option<String>,
    /// A Treebank parse of the text (PETRARCH XML).
    pub parse: Option<String>,
    /// Expected codings, for evaluation (`Some(empty)` for "no events").
    pub expected: Option<Vec<Expected>>,
    /// Record category (PETRARCH XML).
    pub category: Option<String>,
    /// The error a record expects instead of events (`<EventCoding error="...">`).
    pub expected_error: Option<String>,
    /// PLOVER gold events of the record (Universal-PETRARCH's `<PLEvent {JSON}>` lines).
    pub plover_gold: Vec<PloverGold>,
    /// PETRARCH's `require_dyad` as the last `<Config option="require_dyad">` before the
    /// record set it (PETRARCH's unit records switch it on and off); `None` when unset.
    pub require_dyad: Option<bool>,
    /// File (or "-") and 1-based line where the document starts.
    pub origin: String,
    pub line: usize,
}

impl Document {
    /// A document of plain text (no parse, no expected codings), e.g. from an API
    /// request; `origin` names where it came from in messages.
    pub fn text(
        id: &str,
        origin: &str,
        text: String,
        date: Option<i32>,
        url: Option<String>,
    ) -> Document {
        Document {
            id: id.to_string(),
            text,
            date,
            url,
            parse: None,
            expected: None,
            category: None,
            expected_error: None,
            plover_gold: Vec::new(),
            require_dyad: None,
            origin: origin.to_string(),
            line: 1,
        }
    }
}

/// An expected coding from `<EventCoding>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Expected {
    pub source: String,
    pub target: String,
    pub code: String,
}

/// A PLOVER gold event from a `<PLEvent {JSON}>` line: the event's code and the codes of
/// its sources and targets (several for compound cases).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PloverGold {
    pub event: String,
    pub sources: Vec<String>,
    pub targets: Vec<String>,
}

impl PloverGold {
    fn from_json(text: &str) -> Result<PloverGold, String> {
        let v: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let codes = |k: &str| -> Vec<String> {
            let one = |x: &serde_json::Value| {
                let code = x.get("code").and_then(|c| c.as_str()).unwrap_or("");
                let sector = x.get("sector").and_then(|c| c.as_str()).unwrap_or("");
                format!("{code}{sector}")
            };
            match v.get(k) {
                Some(serde_json::Value::Array(a)) => a.iter().map(one).collect(),
                Some(x @ serde_json::Value::Object(_)) => vec![one(x)],
                _ => Vec::new(),
            }
        };
        let event = v
            .get("event")
            .and_then(|e| e.as_str())
            .ok_or("no \"event\" field")?
            .to_string();
        Ok(PloverGold {
            event,
            sources: codes("source"),
            targets: codes("target"),
        })
    }
}

/// A document that could not be read, set aside with where and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SetAside {
    pub origin: String,
    pub line: usize,
    pub field: Option<String>,
    pub reason: String,
}

/// Why an input could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{origin}:{line}: the input is not UTF-8 text (convert it, e.g. with iconv)")]
    Encoding { origin: String, line: usize },
    #[error("{origin}:{line}: malformed XML: {message}")]
    Xml {
        origin: String,
        line: usize,
        message: String,
    },
}

/// Why parses given from outside (`--parses FILE.conllu`) could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ParsesError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}:{line}: {message}")]
    Read {
        file: String,
        line: usize,
        message: String,
    },
}

/// One sentence of a CoNLL-U file: its `# sent_id`, `# text`, token lines and where it
/// starts.
struct ConlluSentence {
    line: usize,
    text: Option<String>,
    conllu: String,
}

/// Attaches the parses of a CoNLL-U file (from any Universal Dependencies parser) to the
/// documents they belong to: each sentence's `# sent_id` names a document by its id (the
/// record id, JSON `id`) or by the line it starts on; its `# text` must be the document's
/// text (spaces aside), or the file is refused naming both. Returns how many documents got
/// a parse; documents without one are coded from their text.
pub fn attach_parses(docs: &mut [Document], path: &Path) -> Result<usize, ParsesError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ParsesError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let err = |line: usize, message: String| ParsesError::Read {
        file: file.clone(),
        line,
        message,
    };
    let mut by_id: std::collections::HashMap<String, ConlluSentence> = Default::default();
    let mut id: Option<String> = None;
    let mut cur = ConlluSentence {
        line: 1,
        text: None,
        conllu: String::new(),
    };
    let mut finish = |id: &mut Option<String>,
                      cur: &mut ConlluSentence,
                      next_line: usize|
     -> Result<(), ParsesError> {
        let done = std::mem::replace(
            cur,
            ConlluSentence {
                line: next_line,
                text: None,
                conllu: String::new(),
            },
        );
        if done.conllu.is_empty() {
            if id.is_some() {
                return Err(err(done.line, "a sentence without token lines".into()));
            }
            return Ok(());
        }
        let Some(sid) = id.take() else {
            return Err(err(
                done.line,
                "a sentence without `# sent_id = ...` (the record id or input line it parses)"
                    .into(),
            ));
        };
        if by_id.contains_key(&sid) {
            return Err(err(done.line, format!("sent_id {sid:?} given twice")));
        }
        by_id.insert(sid, done);
        Ok(())
    };
    for (i, l) in text.lines().enumerate() {
        let line = i + 1;
        let l = l.trim_end_matches('\r');
        if l.trim().is_empty() {
            finish(&mut id, &mut cur, line + 1)?;
        } else if let Some(c) = l.strip_prefix('#') {
            if cur.conllu.is_empty() && id.is_none() && cur.text.is_none() {
                cur.line = line;
            }
            if let Some((k, v)) = c.split_once('=') {
                match k.trim() {
                    "sent_id" => id = Some(v.trim().to_string()),
                    "text" => cur.text = Some(v.trim().to_string()),
                    _ => {}
                }
            }
        } else {
            let fields = l.split('\t').count();
            if fields != 10 {
                return Err(err(
                    line,
                    format!("a token line has {fields} tab-separated fields, CoNLL-U has 10"),
                ));
            }
            cur.conllu.push_str(l);
            cur.conllu.push('\n');
        }
    }
    finish(&mut id, &mut cur, text.lines().count() + 1)?;
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut attached = 0;
    for d in docs.iter_mut() {
        let Some(p) = by_id
            .remove(&d.id)
            .or_else(|| by_id.remove(&d.line.to_string()))
        else {
            continue;
        };
        if let Some(t) = &p.text
            && squash(t) != squash(&d.text)
        {
            return Err(err(
                p.line,
                format!(
                    "# text {:?} is not the text of document {} ({}:{}): {:?}",
                    t.chars().take(80).collect::<String>(),
                    d.id,
                    d.origin,
                    d.line,
                    d.text.chars().take(80).collect::<String>()
                ),
            ));
        }
        d.parse = Some(p.conllu);
        attached += 1;
    }
    if let Some((sid, p)) = by_id.into_iter().min_by_key(|(_, p)| p.line) {
        return Err(err(
            p.line,
            format!("sent_id {sid:?} names no document of the input (by id or line)"),
        ));
    }
    Ok(attached)
}

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    JsonLines,
    PetrarchXml,
}

impl Format {
    /// From a file's extension, else from its first non-blank character.
    pub fn detect(name: &str, content: &str) -> Format {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") || lower.ends_with(".json") {
            return Format::JsonLines;
        }
        if lower.ends_with(".xml") {
            return Format::PetrarchXml;
        }
        match content.trim_start().chars().next() {
            Some('{') => Format::JsonLines,
            Some('<') => Format::PetrarchXml,
            _ => Format::Text,
        }
    }
}

fn utf8(origin: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        InputError::Encoding {
            origin: origin.to_string(),
            line: upto.iter().filter(|&&b| b == b'\n').count() + 1,
        }
    })
}

/// Reads a file or a folder of `.txt` (and `.jsonl`, `.xml`) files; `-` reads standard
/// input. `date` applies to documents that carry none.
pub fn read_path(
    path: &Path,
    date: Option<i32>,
    set_aside: &mut Vec<SetAside>,
) -> Result<Vec<Document>, InputError> {
    let io = |source| InputError::Io {
        path: path.into(),
        source,
    };
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map_err(io)?;
        let text = utf8("-", bytes)?;
        return read_str("-", &text, Format::detect("-", &text), date, set_aside);
    }
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && p.extension().is_some_and(|e| {
                        matches!(e.to_str(), Some("txt" | "jsonl" | "ndjson" | "xml"))
                    })
            })
            .collect();
        files.sort();
        let mut out = Vec::new();
        for f in files {
            out.extend(read_path(&f, date, set_aside)?);
        }
        return Ok(out);
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let origin = path.display().to_string();
    let text = utf8(&origin, bytes)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    read_str(
        &origin,
        &text,
        Format::detect(&name, &text),
        date,
        set_aside,
    )
}

/// Reads documents from text already in memory.
pub fn read_str(
    origin: &str,
    text: &str,
    format: Format,
    date: Option<i32>,
    set_aside: &mut Vec<SetAside>,
) -> Result<Vec<Document>, InputError> {
    match format {
        Format::Text => Ok(vec![Document::text(
            &Path::new(origin)
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_else(|| origin.to_string()),
            origin,
            text.to_string(),
            date,
            None,
        )]),
        Format::JsonLines => Ok(read_jsonl(origin, text, date, set_aside)),
        Format::PetrarchXml => read_xml(origin, text, date, set_aside),
    }
}

fn read_jsonl(
    origin: &str,
    text: &str,
    date: Option<i32>,
    set_aside: &mut Vec<SetAside>,
) -> Vec<Document> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        if line.trim().is_empty() {
            continue;
        }
        let mut bad = |field: Option<&str>, reason: String| {
            set_aside.push(SetAside {
                origin: origin.to_string(),
                line: line_no,
                field: field.map(str::to_string),
                reason,
            })
        };
        let value: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                bad(None, format!("not a JSON object: {e}"));
                continue;
            }
        };
        let Some(obj) = value.as_object() else {
            bad(None, "not a JSON object".into());
            continue;
        };
        let Some(body) = obj.get("text").and_then(|t| t.as_str()) else {
            bad(Some("text"), "missing or not a string".into());
            continue;
        };
        let doc_date = match obj.get("date") {
            None | Some(serde_json::Value::Null) => date,
            Some(v) => match v.as_str().and_then(parse_any_date) {
                Some(d) => Some(d),
                None => {
                    bad(
                        Some("date"),
                        format!("expected YYYY-MM-DD or YYYYMMDD, found {v}"),
                    );
                    continue;
                }
            },
        };
        let id = obj
            .get("id")
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| v.to_string())
            })
            .unwrap_or_else(|| format!("line {line_no}"));
        let url = obj.get("url").and_then(|u| u.as_str()).map(str::to_string);
        out.push(Document {
            line: line_no,
            ..Document::text(&id, origin, body.to_string(), doc_date, url)
        });
    }
    out
}

/// "2024-06-19", "20240619".
pub fn parse_any_date(s: &str) -> Option<i32> {
    let s = s.trim();
    vigil_model::date::parse_iso(s).or_else(|| {
        (s.len() == 8)
            .then(|| vigil_model::date::parse_yyyymmdd(s.as_bytes()))
            .flatten()
    })
}

struct LineCounter<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
}

impl LineCounter<'_> {
    fn line_at(&mut self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        if pos >= self.pos {
            self.line += self.text[self.pos..pos]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
        } else {
            self.line = self.text[..pos].iter().filter(|&&b| b == b'\n').count() + 1;
        }
        self.pos = pos;
        self.line
    }
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.as_ref().eq_ignore_ascii_case(name.as_bytes()))
            .then(|| a.unescape_value().map(|v| v.trim().to_string()).ok())
            .flatten()
    })
}

/// Rewrites PETRARCH's record files into XML a strict parser accepts, line for line (line
/// numbers stay the file's own), the way PETRARCH's own readers tolerate them:
/// * comments are removed (their text may hold `--`, which XML forbids);
/// * lines starting with `#` outside `<Parse>` (comment blocks) are blanked;
/// * `<PLEvent {JSON}>` lines become `<PLEvent json="..."/>` elements;
/// * a `<Sentence .../>` written self-closing before its content and its `</Sentence>`
///   is opened instead.
fn tolerant(text: &str) -> String {
    // Comments, keeping their line ends.
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("<!--") {
        let Some(len) = rest[open + 4..].find("-->") else {
            break;
        };
        out.push_str(&rest[..open]);
        let comment = &rest[open..open + 4 + len + 3];
        out.extend(comment.chars().filter(|&c| c == '\n'));
        rest = &rest[open + 4 + len + 3..];
    }
    out.push_str(rest);
    // Line by line.
    let mut lines: Vec<String> = Vec::new();
    let mut in_parse = false;
    for line in out.split('\n') {
        let t = line.trim_start();
        let lower = t.to_ascii_lowercase();
        let fixed = if !in_parse && t.starts_with('#') {
            String::new()
        } else if lower.starts_with("<plevent") {
            let body = t[8..].trim();
            let body = body.strip_suffix('>').unwrap_or(body).trim();
            format!("<PLEvent json=\"{}\"/>", quick_xml::escape::escape(body))
        } else {
            line.to_string()
        };
        if lower.contains("<parse") {
            in_parse = true;
        }
        if lower.contains("</parse") {
            in_parse = false;
        }
        lines.push(fixed);
    }
    let mut joined = lines.join("\n");
    // Self-closing <Sentence .../> followed by a </Sentence> before the next <Sentence.
    let lower = joined.to_ascii_lowercase();
    let mut edits = Vec::new();
    let mut at = 0;
    while let Some(k) = lower[at..].find("<sentence") {
        let start = at + k;
        let Some(gt) = lower[start..].find('>') else {
            break;
        };
        let end = start + gt;
        let next_open = lower[end..].find("<sentence").map(|n| end + n);
        let next_close = lower[end..].find("</sentence").map(|n| end + n);
        if lower[..end].ends_with('/')
            && next_close.is_some_and(|c| next_open.is_none_or(|o| c < o))
        {
            edits.push(end - 1);
        }
        at = end;
    }
    for slash in edits.into_iter().rev() {
        joined.replace_range(slash..slash + 1, " ");
    }
    joined
}

/// A numeric character reference's character ("#233" → 'é', "#x00E9" → 'é').
fn numeric_ref(name: &str) -> Option<char> {
    let n = name.strip_prefix('#')?;
    let code = match n.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => n.parse().ok()?,
    };
    char::from_u32(code)
}

fn read_xml(
    origin: &str,
    text: &str,
    date: Option<i32>,
    set_aside: &mut Vec<SetAside>,
) -> Result<Vec<Document>, InputError> {
    let fixed = tolerant(text);
    let text = fixed.as_str();
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut lines = LineCounter {
        text: text.as_bytes(),
        pos: 0,
        line: 1,
    };
    let mut out = Vec::new();
    let mut current: Option<Document> = None;
    let mut skip = false;
    let mut field: Option<&'static str> = None;
    let mut require_dyad: Option<bool> = None;
    loop {
        let pos = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| InputError::Xml {
            origin: origin.to_string(),
            line: lines.line_at(reader.error_position() as usize),
            message: e.to_string(),
        })?;
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name().as_ref().to_ascii_lowercase();
                match name.as_slice() {
                    b"sentence" => {
                        let line = lines.line_at(pos);
                        let raw_date = attr(&e, "date");
                        let doc_date = raw_date.as_deref().and_then(parse_any_date).or(date);
                        // A date that does not parse sets the record aside: coding it
                        // with a fallback date would misplace its events in time.
                        skip = raw_date.is_some()
                            && raw_date.as_deref().and_then(parse_any_date).is_none();
                        if skip {
                            set_aside.push(SetAside {
                                origin: origin.into(),
                                line,
                                field: Some("date".into()),
                                reason: format!(
                                    "expected YYYYMMDD, found {:?}",
                                    raw_date.unwrap_or_default()
                                ),
                            });
                        }
                        current = Some(Document {
                            id: attr(&e, "id").unwrap_or_else(|| format!("line {line}")),
                            text: String::new(),
                            date: doc_date,
                            url: None,
                            parse: None,
                            expected: None,
                            category: attr(&e, "category"),
                            expected_error: None,
                            plover_gold: Vec::new(),
                            require_dyad,
                            origin: origin.into(),
                            line,
                        });
                    }
                    b"config"
                        if attr(&e, "option")
                            .is_some_and(|o| o.eq_ignore_ascii_case("require_dyad")) =>
                    {
                        let value = attr(&e, "value").unwrap_or_default();
                        require_dyad = match value.trim().to_ascii_lowercase().as_str() {
                            "true" => Some(true),
                            "false" => Some(false),
                            _ => {
                                return Err(InputError::Xml {
                                    origin: origin.to_string(),
                                    line: lines.line_at(pos),
                                    message: format!(
                                        "Config require_dyad: expected true or false, found {value:?}"
                                    ),
                                });
                            }
                        };
                    }
                    b"plevent" => {
                        if let (Some(doc), Some(json)) = (current.as_mut(), attr(&e, "json")) {
                            match PloverGold::from_json(&json) {
                                Ok(g) => doc.plover_gold.push(g),
                                Err(why) => set_aside.push(SetAside {
                                    origin: origin.into(),
                                    line: lines.line_at(pos),
                                    field: Some("PLEvent".into()),
                                    reason: format!("not a PLOVER JSON record: {why}"),
                                }),
                            }
                        }
                    }
                    b"eventcoding" => {
                        if let Some(doc) = current.as_mut() {
                            let list = doc.expected.get_or_insert_with(Vec::new);
                            if let Some(err) = attr(&e, "error") {
                                doc.expected_error = Some(err);
                            }
                            if let Some(code) = attr(&e, "eventcode") {
                                list.push(Expected {
                                    source: attr(&e, "sourcecode").unwrap_or_default(),
                                    target: attr(&e, "targetcode").unwrap_or_default(),
                                    code,
                                });
                            }
                        }
                    }
                    b"text" => field = Some("text"),
                    b"parse" => field = Some("parse"),
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let (Some(f), Some(doc)) = (field, current.as_mut()) {
                    let s = t.decode().map_err(|e| InputError::Xml {
                        origin: origin.into(),
                        line: lines.line_at(pos),
                        message: e.to_string(),
                    })?;
                    let s = quick_xml::escape::unescape(&s)
                        .map(|c| c.into_owned())
                        .unwrap_or_else(|_| s.into_owned());
                    match f {
                        "text" => doc.text.push_str(&s),
                        _ => doc.parse.get_or_insert_with(String::new).push_str(&s),
                    }
                }
            }
            Event::GeneralRef(r) => {
                if let (Some(f), Some(doc)) = (field, current.as_mut()) {
                    let name = r.decode().unwrap_or_default();
                    let numeric = numeric_ref(&name).map(String::from);
                    let c = match name.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => numeric.as_deref().unwrap_or(""),
                    };
                    match f {
                        "text" => doc.text.push_str(c),
                        _ => doc.parse.get_or_insert_with(String::new).push_str(c),
                    }
                }
            }
            Event::End(e) => {
                let name = e.name().as_ref().to_ascii_lowercase();
                match name.as_slice() {
                    b"text" | b"parse" => field = None,
                    b"sentence" => {
                        if let Some(mut doc) = current.take().filter(|_| !std::mem::take(&mut skip))
                        {
                            doc.text = doc.text.split_whitespace().collect::<Vec<_>>().join(" ");
                            if doc.text.is_empty() {
                                set_aside.push(SetAside {
                                    origin: origin.into(),
                                    line: doc.line,
                                    field: Some("Text".into()),
                                    reason: "the record has no text".into(),
                                });
                            } else {
                                out.push(doc);
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if current.is_some() {
        return Err(InputError::Xml {
            origin: origin.into(),
            line: lines.line_at(text.len()),
            message: "the file ends inside a <Sentence> record".into(),
        });
    }
    Ok(out)
}

/// The dictionary files a PETRARCH record file's <Environment> names.
pub fn environment_files(xml: &Path) -> Vec<(crate::dict::Kind, String)> {
    let Ok(text) = std::fs::read_to_string(xml) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (tag, kind) in [
        ("Verbfile", crate::dict::Kind::Verbs),
        ("Actorfile", crate::dict::Kind::Actors),
        ("Agentfile", crate::dict::Kind::Agents),
        ("Discardfile", crate::dict::Kind::Discards),
    ] {
        let open = format!("<{tag}>");
        let close = format!("</{tag}>");
        let mut rest = text.as_str();
        while let Some(a) = rest.find(&open) {
            let after = &rest[a + open.len()..];
            let Some(b) = after.find(&close) else { break };
            for name in after[..b].split(',') {
                let name = name.trim();
                if !name.is_empty() {
                    out.push((kind, name.to_string()));
                }
            }
            rest = &after[b..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_records_with_codings() {
        let xml = "<Sentences>\n<Sentence date=\"19950101\" id=\"A-1\" category=\"DEMO\">\n\
                   <EventCoding sourcecode=\"ARN\" targetcode=\"GON\" eventcode=\"064\"></EventCoding>\n\
                   <Text>\nArnor &amp; friends\n restore ties.\n</Text>\n<Parse>(ROOT (S (NP (NNP Arnor))))</Parse>\n\
                   </Sentence>\n<Sentence date=\"19950102\" id=\"A-2\"><EventCoding noevents=\"True\"/><Text>Nothing.</Text></Sentence>\n</Sentences>";
        let mut aside = Vec::new();
        let docs = read_str("r.xml", xml, Format::PetrarchXml, None, &mut aside).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].text, "Arnor & friends restore ties.");
        assert_eq!(docs[0].line, 2);
        assert_eq!(docs[0].expected.as_ref().unwrap()[0].code, "064");
        assert_eq!(
            docs[0].parse.as_deref(),
            Some("(ROOT (S (NP (NNP Arnor))))")
        );
        assert_eq!(docs[1].expected, Some(vec![]));
        assert!(aside.is_empty());
    }

    #[test]
    fn petrarch_files_as_petrarch_reads_them() {
        let xml = "<?xml version='1.0'?>\n<Validation>\n<!--\n# a -- comment\n-->\n# stray hash line\n\
                   <Sentences>\n<Sentence date=\"19950107\" id=\"D-7\"/>\n\
                   <EventCoding eventcode=\"012\" sourcecode=\"ARN\" targetcode=\"DAG\" />\n\
                   <PLEvent {\"event\": \"012\", \"source\": [{\"code\": \"ARN\"}], \"target\": [{\"code\": \"DAG\"}, {\"code\": \"OSG\", \"sector\": \"GOV\"}]}>\n\
                   <Text>Caf&#233; &#x41;rnor</Text>\n<Parse>\n# sent_id = 1\n1\tArnor\tArnor\tPROPN\tNNP\t_\t0\troot\t_\t_\n</Parse>\n\
                   </Sentence>\n<Sentence date=\"1995XX07\" id=\"D-8\"><Text>Bad date.</Text></Sentence>\n\
                   </Sentences>\n</Validation>\n";
        let mut aside = Vec::new();
        let docs = read_str("v.xml", xml, Format::PetrarchXml, None, &mut aside).unwrap();
        assert_eq!(docs.len(), 1, "{docs:?}");
        let d = &docs[0];
        assert_eq!(d.line, 8);
        assert_eq!(d.text, "Café Arnor");
        assert_eq!(
            d.plover_gold,
            [PloverGold {
                event: "012".into(),
                sources: vec!["ARN".into()],
                targets: vec!["DAG".into(), "OSGGOV".into()],
            }]
        );
        assert!(d.parse.as_deref().unwrap().contains("# sent_id = 1"));
        assert_eq!(aside.len(), 1);
        assert_eq!(
            (aside[0].line, aside[0].field.as_deref()),
            (17, Some("date"))
        );
    }

    #[test]
    fn require_dyad_config_switches_apply_to_the_records_after_them() {
        let xml = "<Sentences>\n<Sentence id=\"a\"><Text>x</Text></Sentence>\n\
                   <Config option=\"require_dyad\" value=\"FALSE\"></Config>\n\
                   <Sentence id=\"b\"><Text>x</Text></Sentence>\n\
                   <Config option=\"require_dyad\" value=\"True\"/>\n\
                   <Sentence id=\"c\"><Text>x</Text></Sentence>\n</Sentences>\n";
        let docs = read_str("r.xml", xml, Format::PetrarchXml, None, &mut Vec::new()).unwrap();
        let got: Vec<_> = docs.iter().map(|d| d.require_dyad).collect();
        assert_eq!(got, [None, Some(false), Some(true)]);
        let bad = "<Sentences>\n\n<Config option=\"require_dyad\" value=\"maybe\"/>\n</Sentences>";
        let e = read_str("r.xml", bad, Format::PetrarchXml, None, &mut Vec::new()).unwrap_err();
        assert!(e.to_string().starts_with("r.xml:3:"), "{e}");
        assert!(e.to_string().contains("require_dyad"), "{e}");
    }

    #[test]
    fn malformed_xml_names_the_line() {
        let xml = "<Sentences>\n<Sentence id=\"1\">\n<Text>Arnor met Gondor.</Txt>\n</Sentence>\n";
        let e = read_str("bad.xml", xml, Format::PetrarchXml, None, &mut Vec::new()).unwrap_err();
        assert!(e.to_string().starts_with("bad.xml:3: malformed XML"), "{e}");
        let e = read_str(
            "cut.xml",
            "<Sentences><Sentence id=\"1\"><Text>x</Text>",
            Format::PetrarchXml,
            None,
            &mut Vec::new(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("ends inside a <Sentence>"), "{e}");
    }

    #[test]
    fn json_lines_set_aside_bad_rows() {
        let text = "{\"text\": \"Russia praised North Korea.\", \"date\": \"2024-06-19\", \"url\": \"https://x\"}\n\
                    not json\n{\"date\": \"2024-06-19\"}\n{\"text\": \"x\", \"date\": \"June\"}\n";
        let mut aside = Vec::new();
        let docs = read_str("a.jsonl", text, Format::JsonLines, None, &mut aside).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].date, vigil_model::date::parse_iso("2024-06-19"));
        let got: Vec<_> = aside.iter().map(|a| (a.line, a.field.clone())).collect();
        assert_eq!(
            got,
            [
                (2, None),
                (3, Some("text".into())),
                (4, Some("date".into()))
            ]
        );
    }

    #[test]
    fn non_utf8_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, b"line one\nline \xff two\n").unwrap();
        let e = read_path(&p, None, &mut Vec::new())
            .unwrap_err()
            .to_string();
        assert!(
            e.ends_with("a.txt:2: the input is not UTF-8 text (convert it, e.g. with iconv)"),
            "{e}"
        );
    }
}
