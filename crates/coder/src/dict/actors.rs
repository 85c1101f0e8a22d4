//! Actor dictionaries: names (with `+` synonyms) mapped to CAMEO actor codes, optionally
//! restricted to date ranges.
//!
//! ```text
//! NORTH_KOREA  [PRK]
//! +PYONGYANG
//! SERGEI_SHOIGU
//!     [RUSGOV 20120506-20240512]
//!     [RUSELI >20240513]
//! LORIEN  [ELR/GAL]          # two actors at once
//! GOLLUM  [HOB < 950601]     # before a date
//! ```

use super::{DictError, Lines, PhraseIndex, parse_date, phrase_words};

/// One code, or several joined by `/`, valid between two dates (inclusive, days since
/// 1970-01-01; open ends are `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct DatedCodes {
    pub codes: Vec<String>,
    pub from: Option<i32>,
    pub to: Option<i32>,
}

impl DatedCodes {
    fn dated(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }

    fn covers(&self, day: i32) -> bool {
        self.from.is_none_or(|f| day >= f) && self.to.is_none_or(|t| day <= t)
    }
}

/// One actor: its primary name and its codes.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorEntry {
    pub name: String,
    pub codes: Vec<DatedCodes>,
}

impl ActorEntry {
    /// The codes that apply on `day`: a dated code covering the day, else the undated one.
    /// `---` (a known name with no code) gives an empty list, as does a day outside every
    /// range when there is no undated code.
    pub fn codes_on(&self, day: Option<i32>) -> Vec<String> {
        let chosen = match day {
            Some(d) => self
                .codes
                .iter()
                .find(|c| c.dated() && c.covers(d))
                .or_else(|| self.codes.iter().find(|c| !c.dated())),
            None => self
                .codes
                .iter()
                .find(|c| !c.dated())
                .or_else(|| self.codes.last()),
        };
        chosen
            .map(|c| {
                c.codes
                    .iter()
                    .filter(|c| !c.starts_with("---") && !c.starts_with("+++"))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// An actor dictionary.
#[derive(Debug, Clone, Default)]
pub struct ActorDict {
    pub entries: Vec<ActorEntry>,
    pub index: PhraseIndex<usize>,
    /// Code blocks set aside for a malformed date, each "file:line: what was expected".
    pub set_aside: Vec<String>,
}

impl ActorDict {
    /// True when no actor is known.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Reads one file in the PETRARCH actor format, adding to what is there.
    pub fn read(&mut self, file: &str, text: &str) -> Result<(), DictError> {
        // The entry names wait for their codes when the codes are on following lines.
        let mut current: Option<usize> = None;
        let set_aside = super::each_line(file, text, |lines, n, line, indented| {
            let t = line.trim();
            if t.is_empty() {
                return Ok(());
            }
            if let Some(syn) = t.strip_prefix('+') {
                let Some(id) = current else {
                    return Err(lines.error(n, "an actor name before this synonym", t));
                };
                let (name, codes) = split_codes(lines, n, syn, &mut self.set_aside)?;
                if !codes.is_empty() {
                    // A synonym with codes of its own is an actor of its own.
                    let id = self.push(&name, codes);
                    self.add_name(&name, id);
                } else {
                    self.add_name(&name, id);
                }
                return Ok(());
            }
            if t.starts_with('[') && (indented || current.is_some()) {
                let Some(id) = current else {
                    return Err(lines.error(n, "an actor name before this code", t));
                };
                match parse_code_block(lines, n, t)? {
                    Ok(codes) => self.entries[id].codes.push(codes),
                    Err(bad) => self.set_aside.push(bad),
                }
                return Ok(());
            }
            if t.starts_with('[') {
                return Err(lines.error(n, "an actor name before this code", t));
            }
            let (name, codes) = split_codes(lines, n, t, &mut self.set_aside)?;
            let id = self.push(&name, codes);
            self.add_name(&name, id);
            current = Some(id);
            Ok(())
        })?;
        self.set_aside.extend(set_aside);
        Ok(())
    }

    fn push(&mut self, name: &str, codes: Vec<DatedCodes>) -> usize {
        self.entries.push(ActorEntry {
            name: phrase_words(name).0.join(" "),
            codes,
        });
        self.entries.len() - 1
    }

    fn add_name(&mut self, name: &str, id: usize) {
        let (words, exact) = phrase_words(name);
        self.index.insert(words, id, !exact);
    }

    /// Adds every country of vigil's country table under its name and other names, unless
    /// a name is already known.
    pub fn add_model_countries(&mut self) {
        for c in vigil_model::countries::all() {
            let names = std::iter::once(c.name).chain(c.aliases.iter().copied());
            for name in names {
                let (words, _) = phrase_words(
                    &crate::text::tokenize(name)
                        .into_iter()
                        .map(|t| t.norm)
                        .collect::<Vec<_>>()
                        .join(" "),
                );
                if words.is_empty()
                    || self
                        .index
                        .longest_at(&words, 0)
                        .is_some_and(|(n, _)| n == words.len())
                {
                    continue;
                }
                self.entries.push(ActorEntry {
                    name: words.join(" "),
                    codes: vec![DatedCodes {
                        codes: vec![c.cameo.to_string()],
                        from: None,
                        to: None,
                    }],
                });
                let id = self.entries.len() - 1;
                self.index.insert(words, id, false);
            }
        }
    }
}

/// Splits "NAME [CODE ...]" into the name and its code blocks (none when the codes follow
/// on their own lines).
fn split_codes(
    lines: &Lines,
    n: usize,
    t: &str,
    set_aside: &mut Vec<String>,
) -> Result<(String, Vec<DatedCodes>), DictError> {
    let Some(k) = t.find('[') else {
        if t.contains(']') {
            // A stray bracket in a name: the name is set aside, the file still reads.
            set_aside.push(lines.error(n, "'[' opening the code", t).to_string());
            return Ok((String::new(), Vec::new()));
        }
        return Ok((t.to_string(), Vec::new()));
    };
    let name = t[..k].trim().to_string();
    if name.is_empty() {
        return Err(lines.error(n, "an actor name", t));
    }
    let mut codes = Vec::new();
    let mut rest = &t[k..];
    while let Some(open) = rest.find('[') {
        let close = lines.closing(n, rest, open, "']' closing the code", t)?;
        match parse_code_block(lines, n, &rest[open..=close])? {
            Ok(c) => codes.push(c),
            Err(bad) => set_aside.push(bad),
        }
        rest = &rest[close + 1..];
    }
    Ok((name, codes))
}

/// Parses "[CODE]", "[A/B]", "[CODE < DATE]", "[CODE > DATE]", "[CODE DATE - DATE]".
/// A block whose date restriction is malformed is returned as `Ok(Err(message))`, to be
/// set aside: the actor keeps its other codes.
fn parse_code_block(
    lines: &Lines,
    n: usize,
    block: &str,
) -> Result<Result<DatedCodes, String>, DictError> {
    let inner = block
        .trim()
        .strip_prefix('[')
        .and_then(|b| b.strip_suffix(']'))
        .ok_or_else(|| lines.error(n, "a code in [brackets]", block))?
        .trim();
    let code_end = inner
        .find(|c: char| c.is_whitespace() || c == '<' || c == '>')
        .unwrap_or(inner.len());
    let code = &inner[..code_end];
    let code_chars = |c: char| c.is_ascii_alphanumeric() || "-+#/_~".contains(c);
    if code.is_empty() || !code.chars().all(code_chars) {
        return Err(lines.error(n, "an actor code such as [PRKGOV] before any date", block));
    }
    let codes: Vec<String> = code.split('/').map(|c| c.trim().to_uppercase()).collect();
    let rest = inner[code_end..].trim();
    let range = || -> Option<(Option<i32>, Option<i32>)> {
        Some(if rest.is_empty() {
            (None, None)
        } else if let Some(d) = rest.strip_prefix('<') {
            (None, Some(parse_date(d)? - 1))
        } else if let Some(d) = rest.strip_prefix('>') {
            (Some(parse_date(d)? + 1), None)
        } else {
            let (a, b) = rest.split_once('-')?;
            (Some(parse_date(a)?), Some(parse_date(b)?))
        })
    };
    Ok(match range() {
        Some((from, to)) => Ok(DatedCodes { codes, from, to }),
        None => Err(lines
            .error(
                n,
                "a date restriction: < DATE, > DATE or DATE - DATE (YYYYMMDD or YYMMDD)",
                block,
            )
            .to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(text: &str) -> ActorDict {
        let mut d = ActorDict::default();
        d.read("t.txt", text).unwrap();
        d
    }

    fn codes(d: &ActorDict, name: &[&str], day: Option<i32>) -> Vec<String> {
        let (_, id) = d.index.longest_at(name, 0).expect("known");
        d.entries[*id].codes_on(day)
    }

    #[test]
    fn names_synonyms_and_dated_codes() {
        let d = dict(
            "NORTH_KOREA  [PRK] # comment\n+PYONGYANG\nLORIEN [ELR/GAL]\nGOLLUM\n+SMEAGOL\n\
             \t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n\t[HOBREB > 990816]\n\
             PRINCE OF DOL AMROTH\n\t[--- <950630]\n\t[DOL]\n",
        );
        assert_eq!(codes(&d, &["PYONGYANG"], None), ["PRK"]);
        assert_eq!(codes(&d, &["LORIEN"], None), ["ELR", "GAL"]);
        let day = |s| parse_date(s);
        assert_eq!(codes(&d, &["SMEAGOL"], day("19950101")), ["HOB"]);
        assert_eq!(codes(&d, &["GOLLUM"], day("19980101")), ["HOBGOV"]);
        assert_eq!(codes(&d, &["GOLLUM"], day("20010101")), ["HOBREB"]);
        let prince = ["PRINCE", "OF", "DOL", "AMROTH"];
        assert!(codes(&d, &prince, day("19950101")).is_empty());
        assert_eq!(codes(&d, &prince, day("19990809")), ["DOL"]);
    }

    #[test]
    fn errors_name_file_line_and_expectation() {
        let mut d = ActorDict::default();
        let e = d
            .read("a.txt", "GONDOR [GON]\nROHAN [ROH\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("a.txt:2: expected ']' closing the code"),
            "{e}"
        );
        let mut d = ActorDict::default();
        d.read("a.txt", "X [XXX 2001-13-01]\n\t[XXY]\n").unwrap();
        assert!(d.set_aside[0].starts_with("a.txt:1: expected a date restriction"));
        assert_eq!(codes(&d, &["X"], None), ["XXY"]);
        let e = d.read("b.txt", "+ORPHAN\n").unwrap_err().to_string();
        assert!(
            e.starts_with("b.txt:1: expected an actor name before this synonym"),
            "{e}"
        );
    }
}
