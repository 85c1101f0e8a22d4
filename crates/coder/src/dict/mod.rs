//! Dictionaries in the CAMEO/PETRARCH formats: actors (with date restrictions), agents
//! (role words), verbs (synsets, verb forms, patterns) and discards.
//!
//! vigil's own dictionaries are written in the same formats (`crates/coder/dict/`), so one
//! reader serves both, and a user's dictionaries (`--dict DIR`) can extend or replace them.

mod actors;
mod agents;
mod discards;
mod verbs;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use actors::{ActorDict, ActorEntry, DatedCodes};
pub use agents::{Agent, AgentDict};
pub use discards::Discards;
pub use verbs::{Code, Elem, Pattern, VerbBlock, VerbDict, VerbForm};

/// A dictionary line that could not be read: which file, which line, what was expected.
#[derive(Debug, thiserror::Error)]
pub enum DictError {
    /// The syntax of a line is not one the format allows.
    #[error("{file}:{line}: expected {expected}, found {found:?}")]
    Syntax {
        file: String,
        line: usize,
        expected: String,
        found: String,
    },
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A file is not UTF-8.
    #[error("{file}:{line}: the file is not UTF-8 text")]
    Encoding { file: String, line: usize },
    /// A folder holds no dictionary the coder can use.
    #[error("{0}")]
    Missing(String),
}

/// Lines that could not be read. One slip in a long curated file (a typo'd bracket, a
/// pattern without its code) is set aside and reported; a file where many lines fail is
/// refused with the first failure, since it is probably not in this format at all.
#[derive(Default)]
pub(crate) struct Defects {
    pub lines: usize,
    list: Vec<DictError>,
}

impl Defects {
    pub fn push(&mut self, e: DictError) {
        self.list.push(e);
    }

    /// Moves the messages into `set_aside`, or fails when more than 1% of the lines (and
    /// more than five), or at least half of them, could not be read.
    pub fn finish(self, set_aside: &mut Vec<String>) -> Result<(), DictError> {
        let bad = self.list.len();
        if bad > 0 && ((bad > 5 && bad * 100 > self.lines) || bad * 2 >= self.lines) {
            return Err(self.list.into_iter().next().expect("bad > 0"));
        }
        set_aside.extend(self.list.into_iter().map(|e| e.to_string()));
        Ok(())
    }
}

/// Runs `line` on every line of a dictionary file (comments removed, trimmed) with the
/// line's number and whether it was indented. Lines whose `line` fails are set aside and
/// their messages returned, unless so many fail that the file is refused (see `Defects`).
pub(crate) fn each_line(
    file: &str,
    text: &str,
    mut line: impl FnMut(&Lines, usize, &str, bool) -> Result<(), DictError>,
) -> Result<Vec<String>, DictError> {
    let mut lines = Lines::new(file, text);
    let mut defects = Defects::default();
    let mut set_aside = Vec::new();
    while let Some((n, text, indented)) = lines.next() {
        defects.lines += 1;
        if let Err(e) = line(&lines, n, &text, indented) {
            defects.push(e);
        }
    }
    defects.finish(&mut set_aside)?;
    Ok(set_aside)
}

/// The lines of a dictionary file with comments removed: `#` comments (a `#` at the start
/// or after white space) and `<!-- ... -->` blocks, which may span lines.
pub(crate) struct Lines<'a> {
    pub file: &'a str,
    lines: std::iter::Enumerate<std::str::Lines<'a>>,
    in_comment: bool,
}

impl<'a> Lines<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Lines {
            file,
            lines: text.lines().enumerate(),
            in_comment: false,
        }
    }

    /// The index of the `]` that closes the `[` at `open` in `s`; `expected` names it in
    /// the error, which quotes `line_text`.
    pub fn closing(
        &self,
        line: usize,
        s: &str,
        open: usize,
        expected: &str,
        line_text: &str,
    ) -> Result<usize, DictError> {
        s[open..]
            .find(']')
            .map(|k| open + k)
            .ok_or_else(|| self.error(line, expected, line_text))
    }

    pub fn error(&self, line: usize, expected: &str, found: &str) -> DictError {
        DictError::Syntax {
            file: self.file.to_string(),
            line,
            expected: expected.to_string(),
            found: found.trim().to_string(),
        }
    }
}

impl Iterator for Lines<'_> {
    /// (1-based line number, the line without comments and trailing space, whether the
    /// original line started with white space).
    type Item = (usize, String, bool);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (n, raw) = self.lines.next()?;
            let line = self.strip(raw);
            // A line that held only a comment is skipped; a truly blank line is kept,
            // since it ends a synset.
            if line.is_empty() && !raw.trim().is_empty() {
                continue;
            }
            return Some((n + 1, line, raw.starts_with([' ', '\t'])));
        }
    }
}

impl Lines<'_> {
    fn strip(&mut self, raw: &str) -> String {
        let mut out = String::new();
        let mut rest = raw;
        loop {
            if self.in_comment {
                match rest.find("-->") {
                    Some(k) => {
                        rest = &rest[k + 3..];
                        self.in_comment = false;
                    }
                    None => break,
                }
            } else {
                match rest.find("<!--") {
                    Some(k) => {
                        out.push_str(&rest[..k]);
                        rest = &rest[k + 4..];
                        self.in_comment = true;
                    }
                    None => {
                        out.push_str(rest);
                        break;
                    }
                }
            }
        }
        let bytes = out.as_bytes();
        let cut = (0..bytes.len()).find(|&k| {
            bytes[k] == b'#'
                && (k == 0
                    || bytes[k - 1].is_ascii_whitespace()
                    || matches!(bytes[k - 1], b']' | b'}'))
        });
        if let Some(k) = cut {
            out.truncate(k);
        }
        out.trim_end().to_string()
    }
}

/// Splits a dictionary phrase ("CARAS GALADHON", "ARNOR_", "NORTH_KOREA") into upper-case
/// words. Returns the words and whether the phrase ended with `_` (an exact word, never a
/// stem). A possessive is its own word, as the tokenizer reads text: "NEW_PEOPLE'S_ARMY"
/// and "NEW_PEOPLE_'S_ARMY" are both `NEW` `PEOPLE` `'S` `ARMY`.
pub(crate) fn phrase_words(phrase: &str) -> (Vec<String>, bool) {
    let phrase = phrase.trim();
    let exact = phrase.ends_with('_');
    let mut words = Vec::new();
    for word in phrase
        .split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_uppercase().replace('\u{2019}', "'");
        match word.strip_suffix("'S") {
            Some(head) if !head.is_empty() => {
                words.push(head.to_string());
                words.push("'S".to_string());
            }
            _ => words.push(word),
        }
    }
    (words, exact)
}

/// Index of multi-word phrases by their first word, longest phrases first.
#[derive(Debug, Clone)]
pub struct PhraseIndex<T> {
    by_first: HashMap<String, Vec<(Vec<String>, T)>>,
    /// Single-word stems that may take a short ending ("ARGENTIN" for "ARGENTINA").
    stems: HashMap<String, Vec<T>>,
}

impl<T> Default for PhraseIndex<T> {
    fn default() -> Self {
        PhraseIndex {
            by_first: HashMap::new(),
            stems: HashMap::new(),
        }
    }
}

impl<T: Clone> PhraseIndex<T> {
    /// Adds a phrase. `stem`: a single word that may also match with up to three more
    /// letters (TABARI's stem convention for entries without a trailing `_`).
    pub fn insert(&mut self, words: Vec<String>, value: T, stem: bool) {
        if words.is_empty() {
            return;
        }
        if stem && words.len() == 1 && words[0].len() >= 4 {
            self.stems
                .entry(words[0].clone())
                .or_default()
                .push(value.clone());
        }
        // A phrase without a trailing `_` may also end in its last word's plural ("TAMIL
        // TIGER" matches "Tamil Tigers"), as TABARI lets a phrase's last word take endings.
        let last = &words[words.len() - 1];
        let plural = (stem
            && words.len() > 1
            && last.len() >= 3
            && !last.ends_with('S')
            && last.chars().all(|c| c.is_ascii_alphabetic()))
        .then(|| {
            let mut w = words.clone();
            w.last_mut().expect("non-empty").push('S');
            w
        });
        let first = words[0].clone();
        let list = self.by_first.entry(first).or_default();
        list.push((words[1..].to_vec(), value.clone()));
        if let Some(plural) = plural {
            list.push((plural[1..].to_vec(), value));
        }
        list.sort_by_key(|(rest, _)| std::cmp::Reverse(rest.len()));
    }

    /// The longest phrase starting at `at` in `words`: the number of words it covers and
    /// its value. A stem ("ARGENTIN" for "ARGENTINA") counts only when no phrase matches
    /// exactly. Allocates nothing: it runs for every token of every sentence. Past the
    /// end of `words`, nothing.
    pub fn longest_at<S: AsRef<str>>(&self, words: &[S], at: usize) -> Option<(usize, &T)> {
        let first = words.get(at)?.as_ref();
        if let Some(list) = self.by_first.get(first) {
            // Lists are kept longest first.
            let exact = list.iter().find(|(rest, _)| {
                at + rest.len() < words.len()
                    && rest
                        .iter()
                        .enumerate()
                        .all(|(k, w)| words[at + 1 + k].as_ref() == w)
            });
            if let Some((rest, v)) = exact {
                return Some((rest.len() + 1, v));
            }
        }
        if first.len() <= 4 {
            return None;
        }
        (1..=3.min(first.len() - 4)).find_map(|cut| {
            // Only endings of names, plurals and demonyms ("GERMANIUM" is no German,
            // "MALICE" no Mali).
            let ending = first.get(first.len() - cut..)?;
            if !STEM_ENDINGS.contains(&ending) {
                return None;
            }
            first
                .get(..first.len() - cut)
                .and_then(|stem| self.stems.get(stem))
                .and_then(|vs| vs.first())
                .map(|v| (1, v))
        })
    }

    /// Number of distinct phrases.
    pub fn len(&self) -> usize {
        self.by_first.values().map(Vec::len).sum()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }
}

/// Endings a stem entry may take: plurals, possessives and the endings of place names and
/// demonyms ("ARGENTIN" + "A", "KOREA" + "NS", "JAPAN" + "ESE", "ISRAEL" + "I").
const STEM_ENDINGS: &[&str] = &[
    "S", "'S", "ES", "N", "NS", "A", "AS", "AN", "ANS", "E", "I", "IS", "Y", "IA", "IAN", "ESE",
    "ISH", "ER", "ERS", "O", "OS", "IC", "ED", "ING", "AL", "IAL", "RY", "IST", "IEN",
];

/// Parses a dictionary date: `YYYYMMDD` or TABARI's `YYMMDD` (years before 30 are 20xx).
/// Returns days since 1970-01-01.
pub(crate) fn parse_date(s: &str) -> Option<i32> {
    let s = s.trim();
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, rest) = match s.len() {
        8 => (s[..4].parse::<i32>().ok()?, &s[4..]),
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            (if yy < 30 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        _ => return None,
    };
    let m: u32 = rest[..2].parse().ok()?;
    let d: u32 = rest[2..].parse().ok()?;
    vigil_model::date::days_from_ymd(y, m, d)
}

/// A complete set of dictionaries.
#[derive(Debug, Clone, Default)]
pub struct Dictionaries {
    pub actors: ActorDict,
    pub agents: AgentDict,
    pub verbs: VerbDict,
    pub discards: Discards,
    /// Where each part came from ("builtin:verbs.txt", a file path).
    pub files: Vec<String>,
}

/// vigil's own dictionaries, written in the project from facts.
pub mod builtin {
    pub const ACTORS: &str = include_str!("../../dict/actors.txt");
    pub const AGENTS: &str = include_str!("../../dict/agents.txt");
    pub const VERBS: &str = include_str!("../../dict/verbs.txt");
    pub const DISCARDS: &str = include_str!("../../dict/discards.txt");
}

/// What kind of dictionary a file is, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Actors,
    Agents,
    Verbs,
    Discards,
}

impl Kind {
    /// Guesses the kind from a file name the way PETRARCH's dictionaries are named
    /// (`*.actors.txt`, `*agents*`, `*.verbs.txt` or `CAMEO.*`, `*discards*`). Files that
    /// are none of these (issue coding, prepositions) return `None`.
    pub fn from_file_name(name: &str) -> Option<Kind> {
        let lower = name.to_ascii_lowercase();
        if !lower.ends_with(".txt") {
            return None;
        }
        if lower.contains("actors") {
            Some(Kind::Actors)
        } else if lower.contains("agents") {
            Some(Kind::Agents)
        } else if lower.contains("discard") {
            Some(Kind::Discards)
        } else if lower.contains("verb") || lower.starts_with("cameo.") {
            Some(Kind::Verbs)
        } else {
            None
        }
    }
}

/// The dictionary file of `kind` in `dir` whose name is closest to `name` (Dice
/// similarity of letter pairs): what a record file's `<Environment>` meant when the file it
/// names is missing ("PETR_Validate_discards_2_02.txt" → "Phoenix.discards.txt").
pub fn closest_file(dir: &Path, name: &str, kind: Kind) -> Option<std::path::PathBuf> {
    let pairs = |s: &str| -> Vec<(char, char)> {
        let c: Vec<char> = s.to_lowercase().chars().collect();
        c.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let want = pairs(name);
    let score = |other: &str| {
        let mut have = pairs(other);
        let total = want.len() + have.len();
        let mut shared = 0usize;
        for p in &want {
            if let Some(i) = have.iter().position(|q| q == p) {
                have.swap_remove(i);
                shared += 1;
            }
        }
        (2 * shared * 1000).checked_div(total).unwrap_or(0)
    };
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| e.path().is_file())
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            (Kind::from_file_name(&n) == Some(kind)).then(|| (score(&n), n, e.path()))
        })
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)))
        .map(|(_, _, p)| p)
}

fn read_text(path: &Path) -> Result<String, DictError> {
    let bytes = std::fs::read(path).map_err(|source| DictError::Io {
        path: path.into(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        DictError::Encoding {
            file: path.display().to_string(),
            line: upto.iter().filter(|&&b| b == b'\n').count() + 1,
        }
    })
}

impl Dictionaries {
    /// Every dictionary line that was set aside while reading, "file:line: expected ...".
    pub fn set_aside(&self) -> Vec<String> {
        let mut out = self.actors.set_aside.clone();
        out.extend(self.agents.set_aside.iter().cloned());
        out.extend(self.verbs.set_aside.iter().cloned());
        out.extend(self.discards.set_aside.iter().cloned());
        out
    }

    /// vigil's own dictionaries; the actor dictionary also holds every country of
    /// `vigil_model::countries` under its names.
    pub fn builtin() -> Dictionaries {
        let mut d = Dictionaries::default();
        d.actors
            .read("builtin:actors.txt", builtin::ACTORS)
            .expect("the built-in actor dictionary is valid");
        d.actors.add_model_countries();
        d.agents
            .read("builtin:agents.txt", builtin::AGENTS)
            .expect("the built-in agent dictionary is valid");
        d.verbs
            .read("builtin:verbs.txt", builtin::VERBS)
            .expect("the built-in verb dictionary is valid");
        d.discards
            .read("builtin:discards.txt", builtin::DISCARDS)
            .expect("the built-in discard list is valid");
        d.files = ["actors", "agents", "verbs", "discards"]
            .iter()
            .map(|k| format!("builtin:{k}.txt"))
            .collect();
        d
    }

    /// Reads the given files (each's kind from its name).
    pub fn from_files(paths: &[PathBuf]) -> Result<Dictionaries, DictError> {
        let mut d = Dictionaries::default();
        for path in paths {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let Some(kind) = Kind::from_file_name(&name) else {
                continue;
            };
            d.add_file(path, kind)?;
        }
        Ok(d)
    }

    /// Adds one file of the given kind.
    pub fn add_file(&mut self, path: &Path, kind: Kind) -> Result<(), DictError> {
        let text = read_text(path)?;
        let file = path.display().to_string();
        match kind {
            Kind::Actors => self.actors.read(&file, &text)?,
            Kind::Agents => self.agents.read(&file, &text)?,
            Kind::Verbs => self.verbs.read(&file, &text)?,
            Kind::Discards => self.discards.read(&file, &text)?,
        }
        self.files.push(file);
        Ok(())
    }

    /// Reads every dictionary file in `dir` (kinds from file names, in name order).
    /// When the folder lacks a kind, vigil's own dictionary of that kind is used, so a
    /// folder holding only a verb dictionary still codes actors.
    pub fn from_dir(dir: &Path) -> Result<Dictionaries, DictError> {
        let entries = std::fs::read_dir(dir).map_err(|source| DictError::Io {
            path: dir.into(),
            source,
        })?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        let d = Dictionaries::from_files(&paths)?;
        if d.files.is_empty() {
            return Err(DictError::Missing(format!(
                "{}: no dictionary files (expected names containing actors, agents, verbs or \
                 CAMEO, discards, ending in .txt)",
                dir.display()
            )));
        }
        Ok(d.fill_from_builtin())
    }

    /// Fills missing kinds from vigil's own dictionaries.
    pub fn fill_from_builtin(mut self) -> Dictionaries {
        let b = Dictionaries::builtin();
        if self.actors.is_empty() {
            self.actors = b.actors;
            self.files.push("builtin:actors.txt".into());
        }
        if self.agents.is_empty() {
            self.agents = b.agents;
            self.files.push("builtin:agents.txt".into());
        }
        if self.verbs.is_empty() {
            self.verbs = b.verbs;
            self.files.push("builtin:verbs.txt".into());
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_removed_across_lines() {
        let text = "A # note\n<!-- one\ntwo -->B\n[###]\nC<!-- x -->D";
        let lines: Vec<_> = Lines::new("t", text).map(|(n, l, _)| (n, l)).collect();
        assert_eq!(
            lines,
            [
                (1, "A".to_string()),
                (3, "B".into()),
                (4, "[###]".into()),
                (5, "CD".into())
            ]
        );
    }

    #[test]
    fn a_possessive_in_a_phrase_is_its_own_word() {
        let joined = phrase_words("NEW_PEOPLE'S_ARMY").0;
        assert_eq!(joined, ["NEW", "PEOPLE", "'S", "ARMY"]);
        assert_eq!(phrase_words("NEW_PEOPLE_'S_ARMY").0, joined);
        assert_eq!(
            phrase_words("Lord\u{2019}s Resistance Army").0[0..2],
            ["LORD", "'S"][..]
        );
        assert_eq!(phrase_words("'S").0, ["'S"]);
    }

    #[test]
    fn dates_in_both_widths() {
        assert_eq!(parse_date("19950601"), parse_date("950601"));
        assert_eq!(
            parse_date("070723"),
            vigil_model::date::days_from_ymd(2007, 7, 23)
        );
        assert_eq!(parse_date("9506"), None);
        assert_eq!(parse_date("19951301"), None);
    }

    #[test]
    fn phrase_index_prefers_longest_and_exact() {
        let mut ix = PhraseIndex::default();
        ix.insert(vec!["NORTH".into(), "KOREA".into()], "PRK", false);
        ix.insert(vec!["NORTH".into()], "X", false);
        ix.insert(vec!["ARGENTIN".into()], "ARG", true);
        ix.insert(vec!["NIGER".into()], "NER", true);
        ix.insert(vec!["NIGERIA".into()], "NGA", false);
        let words = ["NORTH", "KOREA", "ARGENTINA", "NIGERIA", "NIGERIEN"];
        assert_eq!(ix.longest_at(&words, 0), Some((2, &"PRK")));
        assert_eq!(ix.longest_at(&words, 2), Some((1, &"ARG")));
        assert_eq!(ix.longest_at(&words, 3), Some((1, &"NGA")));
        assert_eq!(ix.longest_at(&words, 4), Some((1, &"NER")));
        assert_eq!(ix.longest_at(&words, 1), None);
        // Only the endings of names, plurals and demonyms.
        ix.insert(vec!["GERMAN".into()], "DEU", true);
        ix.insert(vec!["MALI".into()], "MLI", true);
        let words = ["GERMANS", "GERMANIUM", "MALIAN", "MALICE"];
        assert_eq!(ix.longest_at(&words, 0), Some((1, &"DEU")));
        assert_eq!(ix.longest_at(&words, 1), None);
        assert_eq!(ix.longest_at(&words, 2), Some((1, &"MLI")));
        assert_eq!(ix.longest_at(&words, 3), None);
    }
}
