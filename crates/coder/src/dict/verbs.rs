//! Verb dictionaries in the CAMEO/PETRARCH format.
//!
//! ```text
//! &WEAPON                      # a synset: members on `+` lines, may nest other synsets
//! +MISSILE
//! +ARTILLERY_SHELL
//!
//! --- SUPPLY  [070] ---        # a verb block and its default code
//! SUPPLY                       # verb forms; regular inflections are generated
//! SEND {SENT SENDING SENDS}    # irregular forms
//! +HAND_OVER                   # a phrasal verb: `+` marks the verb word
//! - * &WEAPON TO +  [0712]     # a pattern: `*` the verb, `+` the target, `$` the source,
//! - NOT * [---]                #   `%` a compound actor, `^` any word, `_` joins words
//! - * AID [073:071]            # code for source→target, then for target→source
//! ```
//!
//! PETRARCH 2's noun-phrase `{...}` and prepositional-phrase `(...)` groupings in patterns
//! are read as the words they contain. Transformation lines (`~ ...`) are recognised and
//! counted, not applied.

use std::collections::HashMap;

use super::{DictError, Lines, phrase_words};

/// An event code and the code of the reverse event, either of which may be absent:
/// `[042:043]`, `[:190]`, `[---]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Code {
    pub forward: Option<String>,
    pub reverse: Option<String>,
}

impl Code {
    fn parse(inner: &str) -> Option<Code> {
        let one = |s: &str| -> Option<Option<String>> {
            // Editors' marks of doubt ("080!", "023?") do not change the code.
            let s = s.trim().trim_end_matches(['!', '?']);
            if s.is_empty() || s.chars().all(|c| matches!(c, '-' | '#' | '+')) {
                Some(None)
            } else if s.chars().all(|c| c.is_ascii_alphanumeric()) {
                Some(Some(s.to_uppercase()))
            } else {
                None
            }
        };
        match inner.split_once(':') {
            Some((a, b)) => Some(Code {
                forward: one(a)?,
                reverse: one(b)?,
            }),
            None => Some(Code {
                forward: one(inner)?,
                reverse: None,
            }),
        }
    }

    /// True when no event is coded.
    pub fn is_null(&self) -> bool {
        self.forward.is_none() && self.reverse.is_none()
    }
}

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Elem {
    /// A literal word.
    Word(String),
    /// Any member of a synset (`&NAME`).
    Synset(String),
    /// The verb (`*`).
    Verb,
    /// The target actor (`+`).
    Target,
    /// The source actor (`$`).
    Source,
    /// A compound actor (`%`): the event holds among its members.
    Compound,
    /// Any one word (`^`).
    Skip,
}

/// A pattern: the elements before the verb, those after it, and the code it gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// Elements before the verb in reading order, each with "joined to the next".
    pub lower: Vec<(Elem, bool)>,
    /// Elements after the verb in reading order, each with "joined to the previous".
    pub upper: Vec<(Elem, bool)>,
    /// Whether the verb is joined to the last lower / first upper element.
    pub code: Code,
    /// The pattern as written, for explanations.
    pub text: String,
    /// Where it was read.
    pub line: usize,
}

impl Pattern {
    /// How specific the pattern is: its literal elements.
    pub fn weight(&self) -> usize {
        self.lower.len() + self.upper.len()
    }
}

/// A verb block: a default code and the patterns that refine it.
#[derive(Debug, Clone, PartialEq)]
pub struct VerbBlock {
    pub name: String,
    pub code: Code,
    pub patterns: Vec<Pattern>,
    pub file: String,
    pub line: usize,
}

/// One form of a verb, possibly inside a phrase ("BREAK" in "BREAK DOWN").
#[derive(Debug, Clone, PartialEq)]
pub struct VerbForm {
    pub block: usize,
    /// Words that must come right before the verb word.
    pub before: Vec<String>,
    /// Words that must come right after it.
    pub after: Vec<String>,
    /// A code of the form's own, overriding the block's default.
    pub code: Option<Code>,
}

/// A verb dictionary.
#[derive(Debug, Clone, Default)]
pub struct VerbDict {
    pub blocks: Vec<VerbBlock>,
    pub forms: HashMap<String, Vec<VerbForm>>,
    pub synsets: HashMap<String, Vec<Vec<String>>>,
    /// Transformation lines seen (`~ ...`), not applied.
    pub transformations: usize,
    /// Lines set aside: patterns without a code, each "file:line: what was expected".
    pub set_aside: Vec<String>,
}

enum State {
    None,
    Synset(String),
    Block(usize),
}

impl VerbDict {
    /// True when no verb is known.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Number of patterns.
    pub fn pattern_count(&self) -> usize {
        self.blocks.iter().map(|b| b.patterns.len()).sum()
    }

    /// Reads one verb file, adding to what is there.
    pub fn read(&mut self, file: &str, text: &str) -> Result<(), DictError> {
        let mut state = State::None;
        let mut last_block: Option<usize> = None;
        let set_aside = super::each_line(file, text, |lines, n, line, _| {
            let t = line.trim();
            if t.is_empty() {
                if let State::Synset(_) = state {
                    state = State::None;
                }
                return Ok(());
            }
            if t.starts_with("---") {
                let b = self.read_header(lines, n, t)?;
                state = State::Block(b);
                last_block = Some(b);
                return Ok(());
            }
            if let Some(name) = t.strip_prefix('&') {
                let name = name.split_whitespace().next().unwrap_or("");
                let name = name.trim_end_matches('_').to_uppercase();
                if name.is_empty() {
                    return Err(lines.error(n, "a synset name after '&'", t));
                }
                self.synsets.entry(name.clone()).or_default();
                state = State::Synset(name);
                return Ok(());
            }
            if t.starts_with('~') {
                self.transformations += 1;
                return Ok(());
            }
            if let Some(p) = t.strip_prefix('-') {
                let b = match state {
                    State::Block(b) => b,
                    _ => last_block.ok_or_else(|| {
                        lines.error(
                            n,
                            "a verb block (--- NAME [CODE] ---) before this pattern",
                            t,
                        )
                    })?,
                };
                if !p.contains('[') {
                    // A pattern whose code was never written: known syntax, missing part.
                    // It is set aside and reported, so one slip does not refuse a file.
                    self.set_aside.push(
                        lines
                            .error(n, "a code in [brackets] at the end of the pattern", t)
                            .to_string(),
                    );
                    return Ok(());
                }
                match parse_pattern(lines, n, p.trim())? {
                    Some(pattern) => self.blocks[b].patterns.push(pattern),
                    None => self.set_aside.push(
                        lines
                            .error(n, "'*' marking the verb's place in the pattern", t)
                            .to_string(),
                    ),
                }
                return Ok(());
            }
            match state {
                State::Synset(ref name) => {
                    let member = t.strip_prefix('+').ok_or_else(|| {
                        lines.error(
                            n,
                            "a '+' synset member or a blank line ending the synset",
                            t,
                        )
                    })?;
                    let words = member
                        .split(|c: char| c == '_' || c.is_whitespace())
                        .filter(|w| !w.is_empty())
                        .map(|w| w.to_uppercase())
                        .collect::<Vec<_>>();
                    if words.is_empty() {
                        return Err(lines.error(n, "a word after '+'", t));
                    }
                    self.synsets.get_mut(name).expect("created").push(words);
                }
                State::Block(b) => self.read_form(lines, n, t, b)?,
                State::None => {
                    return Err(lines.error(
                        n,
                        "a synset (&NAME), a verb block (--- NAME [CODE] ---) or a pattern (- ...)",
                        t,
                    ));
                }
            }
            Ok(())
        })?;
        self.set_aside.extend(set_aside);
        Ok(())
    }

    fn read_header(&mut self, lines: &Lines, n: usize, t: &str) -> Result<usize, DictError> {
        // TABARI's "--- NAME  ###" (the ### read as a comment): a block with no default code.
        let bare = t.trim_start_matches('-').trim();
        if !bare.is_empty() && !t[3..].contains("---") && !bare.contains(['[', ' ', '\t']) {
            return Ok(self.push_block(
                bare.trim_end_matches('_').to_uppercase(),
                Code::default(),
                lines,
                n,
            ));
        }
        let inner = t.strip_prefix("---").unwrap_or(t);
        let open = inner.find('[').ok_or_else(|| {
            lines.error(
                n,
                "a default code in [brackets] in the verb block header",
                t,
            )
        })?;
        let close = lines.closing(n, inner, open, "']' closing the default code", t)?;
        let after = inner[close + 1..].trim();
        // A second bracketed code in a header ("[120]  [031:031]") is an old edit; the
        // first one counts.
        let after = after
            .trim_start_matches(|c: char| c != '-' && c != '#')
            .trim();
        if !(after.is_empty() || after.starts_with("---")) {
            return Err(lines.error(n, "--- after the default code", t));
        }
        let code = Code::parse(&inner[open + 1..close])
            .ok_or_else(|| lines.error(n, "a CAMEO code, CODE:CODE or --- in the brackets", t))?;
        let name = inner[..open].trim().trim_end_matches('_').to_uppercase();
        if name.is_empty() {
            return Err(lines.error(n, "a verb name in the block header", t));
        }
        Ok(self.push_block(name, code, lines, n))
    }

    fn push_block(&mut self, name: String, code: Code, lines: &Lines, n: usize) -> usize {
        self.blocks.push(VerbBlock {
            name,
            code,
            patterns: Vec::new(),
            file: lines.file.to_string(),
            line: n,
        });
        self.blocks.len() - 1
    }

    fn read_form(
        &mut self,
        lines: &Lines,
        n: usize,
        t: &str,
        block: usize,
    ) -> Result<(), DictError> {
        let (mut head, mut code) = (t, None);
        if let Some(open) = t.find('[') {
            let close = lines.closing(n, t, open, "']' closing the verb's code", t)?;
            code = Some(
                Code::parse(&t[open + 1..close])
                    .ok_or_else(|| lines.error(n, "a CAMEO code in the brackets", t))?,
            );
            head = t[..open].trim();
        }
        let (base, irregular) = match head.find('{') {
            Some(b) => {
                let e = head[b..]
                    .find('}')
                    .map(|k| b + k)
                    .ok_or_else(|| lines.error(n, "'}' closing the irregular forms", t))?;
                let forms: Vec<&str> = head[b + 1..e].split_whitespace().collect();
                (head[..b].trim(), forms)
            }
            None => (head.trim(), Vec::new()),
        };
        if base.is_empty() || base.starts_with(['[', '{', '}', ']']) {
            return Err(lines.error(n, "a verb form", t));
        }
        let (before, verb, after) = split_phrasal(base);
        let mut forms = vec![verb.clone()];
        forms.extend(regular_forms(&verb));
        for f in &irregular {
            let (_, v, _) = split_phrasal(f);
            forms.push(v);
        }
        forms.sort();
        forms.dedup();
        for f in forms {
            self.forms.entry(f).or_default().push(VerbForm {
                block,
                before: before.clone(),
                after: after.clone(),
                code: code.clone(),
            });
        }
        Ok(())
    }
}

/// Splits a verb phrase into words before the verb, the verb, words after. `+` marks the
/// verb word; without it the first word is the verb.
fn split_phrasal(phrase: &str) -> (Vec<String>, String, Vec<String>) {
    let phrase = phrase.trim_start_matches('+');
    let raw: Vec<&str> = phrase
        .split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let at = raw.iter().position(|w| w.starts_with('+')).unwrap_or(0);
    let words: Vec<String> = raw
        .iter()
        .map(|w| w.trim_start_matches('+').to_uppercase())
        .collect();
    (
        words[..at].to_vec(),
        words.get(at).cloned().unwrap_or_default(),
        words
            .get(at + 1..)
            .map(<[String]>::to_vec)
            .unwrap_or_default(),
    )
}

/// Regular inflections of a verb: -s, -ed, -ing, with the usual spelling changes.
pub(crate) fn regular_forms(v: &str) -> Vec<String> {
    if v.len() < 2 {
        return Vec::new();
    }
    let vowel = |c: Option<char>| matches!(c, Some('A' | 'E' | 'I' | 'O' | 'U'));
    let last = v.chars().last();
    let before_last = v.chars().rev().nth(1);
    let mut out = Vec::new();
    if v.ends_with('S')
        || v.ends_with('X')
        || v.ends_with('Z')
        || v.ends_with("CH")
        || v.ends_with("SH")
    {
        out.push(format!("{v}ES"));
    } else if last == Some('Y') && !vowel(before_last) {
        out.push(format!("{}IES", &v[..v.len() - 1]));
    } else {
        out.push(format!("{v}S"));
    }
    if last == Some('E') {
        out.push(format!("{v}D"));
        if v.ends_with("EE") {
            out.push(format!("{v}ING"));
        } else {
            out.push(format!("{}ING", &v[..v.len() - 1]));
        }
    } else if last == Some('Y') && !vowel(before_last) {
        out.push(format!("{}IED", &v[..v.len() - 1]));
        out.push(format!("{v}ING"));
    } else {
        out.push(format!("{v}ED"));
        out.push(format!("{v}ING"));
        // Consonant-vowel-consonant endings double in short verbs (BAN, BANNED), in
        // longer ones stressed at the end (EXPEL, EXPELLED) and, in British spelling,
        // after an unstressed L (TRAVEL, TRAVELLED): both forms are kept, since a form
        // no one writes never matches.
        let chars: Vec<char> = v.chars().collect();
        let k = chars.len();
        if k >= 3
            && !vowel(Some(chars[k - 1]))
            && !matches!(chars[k - 1], 'W' | 'X' | 'Y')
            && vowel(Some(chars[k - 2]))
            && !vowel(Some(chars[k - 3]))
        {
            out.push(format!("{v}{}ED", chars[k - 1]));
            out.push(format!("{v}{}ING", chars[k - 1]));
        }
    }
    out
}

/// Reads a pattern; `None` when it has no `*`.
fn parse_pattern(lines: &Lines, n: usize, p: &str) -> Result<Option<Pattern>, DictError> {
    let open = p
        .rfind('[')
        .ok_or_else(|| lines.error(n, "a code in [brackets] at the end of the pattern", p))?;
    let close = lines.closing(n, p, open, "']' closing the pattern's code", p)?;
    let code = Code::parse(&p[open + 1..close])
        .ok_or_else(|| lines.error(n, "a CAMEO code, CODE:CODE or --- in the brackets", p))?;
    let body = &p[..open];
    // Elements with "joined to the next element" flags.
    let mut elems: Vec<(Elem, bool)> = Vec::new();
    for token in body.split_whitespace() {
        // PETRARCH 2 phrase-type markers: "(P FOR TALKS", "{NP ARMS".
        if matches!(token, "(P" | "(NP" | "(VP" | "{NP" | "{P" | "(PP") {
            continue;
        }
        let token: String = token.chars().filter(|c| !"(){}".contains(*c)).collect();
        // A star written against a word ("*SCEPTICAL") is joined to it.
        let token = token.replace('*', "_*_");
        let parts: Vec<&str> = token.split('_').collect();
        for (k, part) in parts.iter().enumerate() {
            if part.is_empty() {
                continue;
            }
            let elem = match *part {
                "*" => Elem::Verb,
                "+" => Elem::Target,
                "$" => Elem::Source,
                "%" => Elem::Compound,
                "^" => Elem::Skip,
                s if s.starts_with('&') => {
                    Elem::Synset(s[1..].trim_end_matches('_').to_uppercase())
                }
                s => {
                    if s.contains(['[', ']', '<', '>']) {
                        return Err(lines.error(
                            n,
                            "words, *, +, $, %, ^ or &SYNSET in the pattern",
                            p,
                        ));
                    }
                    Elem::Word(phrase_words(s).0.join(" "))
                }
            };
            let joined = k + 1 < parts.len() && parts[k + 1..].iter().any(|q| !q.is_empty());
            elems.push((elem, joined));
        }
    }
    let Some(verb) = elems.iter().position(|(e, _)| *e == Elem::Verb) else {
        return Ok(None);
    };
    let lower = elems[..verb].to_vec();
    let verb_joined_next = elems[verb].1;
    // Upper elements carry "joined to the previous element".
    let mut upper = Vec::new();
    let mut prev_joined = verb_joined_next;
    for (e, j) in &elems[verb + 1..] {
        upper.push((e.clone(), prev_joined));
        prev_joined = *j;
    }
    Ok(Some(Pattern {
        lower,
        upper,
        code,
        text: p.split_whitespace().collect::<Vec<_>>().join(" "),
        line: n,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "&WEAPON\n+MISSILE\n+ARTILLERY_SHELL\n\n&ARMS\n+&WEAPON\n+RIFLE\n\n\
        --- SUPPLY  [070] ---\nSUPPLY\nSEND {SENT SENDS}\n+HAND_OVER\nPROVIDE [071]\n\
        - * &WEAPON TO +  [0712]\n- NOT_* [---]\n- * AID [073:071]\n- IN_AND_*_OUT [:190]\n\
        ~ a (a b ATTACK) SAY = a b 015\n";

    #[test]
    fn blocks_forms_synsets_and_patterns() {
        let mut d = VerbDict::default();
        d.read("v.txt", SAMPLE).unwrap();
        assert_eq!(d.blocks.len(), 1);
        assert_eq!(d.blocks[0].code.forward.as_deref(), Some("070"));
        for f in [
            "SUPPLIES",
            "SUPPLIED",
            "SUPPLYING",
            "SENT",
            "SENDS",
            "SENDING",
            "HANDED",
        ] {
            assert!(d.forms.contains_key(f), "{f}");
        }
        assert_eq!(d.forms["HANDED"][0].after, ["OVER"]);
        assert_eq!(
            d.forms["PROVIDED"][0]
                .code
                .as_ref()
                .unwrap()
                .forward
                .as_deref(),
            Some("071")
        );
        assert_eq!(
            d.synsets["ARMS"],
            [vec!["&WEAPON".to_string()], vec!["RIFLE".into()]]
        );
        let p = &d.blocks[0].patterns;
        assert_eq!(p.len(), 4);
        assert_eq!(
            p[0].upper,
            [
                (Elem::Synset("WEAPON".into()), false),
                (Elem::Word("TO".into()), false),
                (Elem::Target, false)
            ]
        );
        assert_eq!(p[1].lower, [(Elem::Word("NOT".into()), true)]);
        assert!(p[1].code.is_null());
        assert_eq!(p[2].code.reverse.as_deref(), Some("071"));
        assert_eq!(
            p[3].code,
            Code {
                forward: None,
                reverse: Some("190".into())
            }
        );
        assert_eq!(p[3].upper, [(Elem::Word("OUT".into()), true)]);
        assert_eq!(d.transformations, 1);
    }

    #[test]
    fn regular_inflections() {
        assert_eq!(
            regular_forms("BELIEVE"),
            ["BELIEVES", "BELIEVED", "BELIEVING"]
        );
        assert_eq!(
            regular_forms("BAN"),
            ["BANS", "BANED", "BANING", "BANNED", "BANNING"]
        );
        assert_eq!(regular_forms("ACCUSE")[1], "ACCUSED");
        for (verb, form) in [
            ("TRAVEL", "TRAVELLED"),
            ("TRAVEL", "TRAVELED"),
            ("EXPEL", "EXPELLED"),
        ] {
            assert!(regular_forms(verb).iter().any(|f| f == form), "{form}");
        }
        assert_eq!(regular_forms("DENY"), ["DENIES", "DENIED", "DENYING"]);
        assert_eq!(regular_forms("PRAISE")[2], "PRAISING");
    }

    #[test]
    fn errors_say_what_was_expected() {
        let mut d = VerbDict::default();
        d.read(
            "v.txt",
            "--- SUPPLY [070] ---\nSUPPLY\n- * AID\n- * FUEL [073]\n",
        )
        .unwrap();
        assert_eq!(
            d.set_aside,
            ["v.txt:3: expected a code in [brackets] at the end of the pattern, found \"- * AID\""]
        );
        assert_eq!(d.pattern_count(), 1);
        let e = d
            .read("v.txt", "--- SUPPLY [070] ---\n- * AID [07\n")
            .unwrap_err();
        assert!(
            e.to_string().starts_with("v.txt:2: expected ']' closing"),
            "{e}"
        );
        let mut d = VerbDict::default();
        d.read("v.txt", "--- SUPPLY [070] ---\n- AID [070]\n")
            .unwrap();
        assert!(d.set_aside[0].starts_with("v.txt:2: expected '*' marking the verb"));
        let e = d.read("w.txt", "SUPPLY\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("w.txt:1: expected a synset (&NAME), a verb block"),
            "{e}"
        );
        let e = d.read("w.txt", "--- SUPPLY 070 ---\n").unwrap_err();
        assert!(
            e.to_string()
                .contains("w.txt:1: expected a default code in [brackets]"),
            "{e}"
        );
        let e = d.read("w.txt", "--- SUPPLY [07.0] ---\n").unwrap_err();
        assert!(
            e.to_string().contains("w.txt:1: expected a CAMEO code"),
            "{e}"
        );
    }
}
