//! Raw text into sentences and tokens, keeping every token's place in the input.
//!
//! Tokens follow the Penn Treebank conventions the CAMEO dictionaries were written for:
//! "didn't" is `DID` `N'T`, "Gondor's" is `GONDOR` `'S`, punctuation stands alone, and
//! abbreviations keep their dots ("U.S.", "Gen.").

/// One token: its text as written, its normal form for dictionary lookup, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Upper-case form used for matching ("GONDOR", "N'T", ",").
    pub norm: String,
    /// Byte offset of the first byte in the input.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Part of speech, from a parse when the input has one, or guessed.
    pub tag: Tag,
}

/// Coarse parts of speech: what the coder needs to find verbs, noun groups and clauses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// A main-verb form; `past_participle` for VBN.
    Verb {
        past_participle: bool,
        gerund: bool,
    },
    /// be, have, do in any form.
    Aux,
    /// will, would, may, might, can, could, shall, should, must.
    Modal,
    Noun,
    Proper,
    Adj,
    Adv,
    Det,
    /// Personal pronoun.
    Pron,
    /// Possessive pronoun (its, their).
    PossPron,
    /// Possessive marker 's or '.
    Poss,
    /// Preposition or subordinating conjunction.
    Prep,
    /// Infinitive "to".
    To,
    /// Coordinating conjunction.
    Conj,
    /// Wh-word: who, which, that (relative), where, when.
    Wh,
    Num,
    /// not, n't, never.
    Neg,
    /// Punctuation.
    Punct,
    /// Anything else, including words the guesser does not know.
    Other,
}

impl Tag {
    /// Maps a Penn Treebank tag (and its word) to a coarse tag.
    pub fn from_penn(tag: &str, norm: &str) -> Tag {
        if matches!(norm, "NOT" | "N'T" | "NEVER") {
            return Tag::Neg;
        }
        match tag {
            "VB" | "VBD" | "VBP" | "VBZ" | "VBN" | "VBG" => {
                if is_aux(norm) {
                    Tag::Aux
                } else {
                    Tag::Verb {
                        past_participle: tag == "VBN",
                        gerund: tag == "VBG",
                    }
                }
            }
            "MD" => Tag::Modal,
            "NN" | "NNS" => Tag::Noun,
            "NNP" | "NNPS" => Tag::Proper,
            "JJ" | "JJR" | "JJS" => Tag::Adj,
            "RB" | "RBR" | "RBS" | "RP" => Tag::Adv,
            "DT" | "PDT" => Tag::Det,
            "PRP" => Tag::Pron,
            "PRP$" => Tag::PossPron,
            "POS" => Tag::Poss,
            "IN" => Tag::Prep,
            "TO" => Tag::To,
            "CC" => Tag::Conj,
            "WDT" | "WP" | "WP$" | "WRB" => Tag::Wh,
            "CD" => Tag::Num,
            _ if tag.chars().all(|c| !c.is_ascii_alphanumeric()) => Tag::Punct,
            "-LRB-" | "-RRB-" | "-LCB-" | "-RCB-" | "-NONE-" => Tag::Punct,
            _ => Tag::Other,
        }
    }

    /// True for any main-verb form.
    pub fn is_verb(self) -> bool {
        matches!(self, Tag::Verb { .. })
    }
}

/// Forms of be, have and do.
pub fn is_aux(norm: &str) -> bool {
    matches!(
        norm,
        "BE" | "IS"
            | "ARE"
            | "WAS"
            | "WERE"
            | "BEEN"
            | "BEING"
            | "AM"
            | "'S"
            | "'RE"
            | "HAS"
            | "HAVE"
            | "HAD"
            | "HAVING"
            | "'VE"
            | "DO"
            | "DOES"
            | "DID"
    )
}

/// Forms of be (for the passive).
pub fn is_be(norm: &str) -> bool {
    matches!(
        norm,
        "BE" | "IS" | "ARE" | "WAS" | "WERE" | "BEEN" | "BEING" | "AM" | "GET" | "GOT" | "GETS"
    )
}

/// Abbreviations that keep their period and do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "MR", "MRS", "MS", "DR", "PROF", "GEN", "LT", "COL", "MAJ", "CAPT", "SGT", "ADM", "BRIG",
    "CMDR", "GOV", "SEN", "REP", "REV", "ST", "JR", "SR", "NO", "VS", "INC", "CORP", "LTD", "CO",
    "JAN", "FEB", "MAR", "APR", "AUG", "SEPT", "SEP", "OCT", "NOV", "DEC", "ETC", "E.G", "I.E",
    "APPROX", "EST", "FIG", "PRES", "AMB", "DEPT", "GOVT", "MT", "FT",
];

/// Words that often begin a sentence, used to decide whether "U.S." ends one.
const STARTERS: &[&str] = &[
    "THE",
    "A",
    "AN",
    "IT",
    "HE",
    "SHE",
    "THEY",
    "WE",
    "I",
    "THIS",
    "THAT",
    "THESE",
    "THOSE",
    "IN",
    "ON",
    "BUT",
    "AND",
    "HOWEVER",
    "MEANWHILE",
    "ITS",
    "THEIR",
    "HIS",
    "HER",
    "AT",
    "AFTER",
];

/// One sentence of a document: where it is and its tokens.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Byte offset of the sentence's first token.
    pub start: usize,
    /// Byte offset one past its last token.
    pub end: usize,
    /// Its tokens.
    pub tokens: Vec<Token>,
}

/// Splits `text` into tokens. Tags are guessed later; here every word is `Other`,
/// punctuation `Punct`.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().expect("in bounds");
        let w = c.len_utf8();
        if c.is_whitespace() {
            i += w;
            continue;
        }
        if is_word_char(c) {
            let start = i;
            let mut j = i;
            while j < text.len() {
                let d = text[j..].chars().next().expect("in bounds");
                if is_word_char(d) {
                    j += d.len_utf8();
                    continue;
                }
                // Joiners inside a word: hyphen, apostrophe, dot, slash, comma in numbers.
                if matches!(d, '-' | '\'' | '’' | '.' | '/' | ',' | '&') {
                    let after = text[j + d.len_utf8()..].chars().next();
                    let before_digit = bytes[j - 1].is_ascii_digit();
                    let joins = match (d, after) {
                        (',', Some(a)) => before_digit && a.is_ascii_digit(),
                        ('.', Some(a)) => {
                            a.is_alphanumeric()
                                && (before_digit || !a.is_lowercase() || j - start <= 2)
                        }
                        ('&', Some(a)) => a.is_alphanumeric() && j - start <= 2,
                        (_, Some(a)) => is_word_char(a),
                        (_, None) => false,
                    };
                    if joins {
                        j += d.len_utf8();
                        continue;
                    }
                }
                break;
            }
            let mut word = &text[start..j];
            // A trailing period stays with abbreviations and dotted initialisms.
            let mut end = j;
            if text[j..].starts_with('.') {
                let upper = word.to_uppercase();
                let dotted = word.contains('.') && !word.chars().any(|c| c.is_ascii_digit());
                let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
                if dotted || initial || ABBREVIATIONS.contains(&upper.as_str()) {
                    end = j + 1;
                    word = &text[start..end];
                }
            }
            push_word(&mut out, word, start);
            i = end;
            continue;
        }
        // Punctuation: runs of the same mark become one token ("--", "...", "``").
        let mut j = i + w;
        while j < text.len() && text[j..].starts_with(c) && matches!(c, '-' | '.' | '`' | '\'') {
            j += w;
        }
        let norm = match c {
            '“' | '”' | '„' => "\"".to_string(),
            '‘' | '’' => "'".to_string(),
            _ => text[i..j].to_string(),
        };
        out.push(Token {
            norm,
            start: i,
            end: j,
            tag: Tag::Punct,
        });
        i = j;
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Hyphenated endings that make the word before them an affiliation ("a Hong
/// Kong-flagged tanker", "North Korean-made shells", "the Russian-led bloc"): the ending
/// is split off so that the name before it is read as an actor.
const AFFILIATIONS: &[&str] = &[
    "-FLAGGED",
    "-REGISTERED",
    "-BASED",
    "-OWNED",
    "-LED",
    "-BACKED",
    "-MADE",
    "-BUILT",
    "-SUPPLIED",
    "-ALIGNED",
    "-SPONSORED",
    "-CONTROLLED",
    "-RUN",
    "-HELD",
    "-OCCUPIED",
    "-ALLIED",
    "-LINKED",
    "-AFFILIATED",
    "-OPERATED",
    "-MANAGED",
];

/// Pushes a word, splitting off an affiliation ending (above) and Treebank clitics: n't,
/// 's, 're, 've, 'll, 'd and the bare possessive apostrophe.
fn push_word(out: &mut Vec<Token>, word: &str, start: usize) {
    let upper = word.to_uppercase();
    if let Some(suffix) = AFFILIATIONS
        .iter()
        .find(|s| upper.len() > s.len() + 1 && upper.ends_with(*s))
        && upper.is_char_boundary(upper.len() - suffix.len())
        && word.len() == upper.len()
    {
        let cut = word.len() - suffix.len();
        push_word(out, &word[..cut], start);
        out.push(Token {
            norm: suffix.to_string(),
            start: start + cut,
            end: start + word.len(),
            tag: Tag::Other,
        });
        return;
    }
    let upper = word.to_uppercase().replace('’', "'");
    let mut split = None;
    for suffix in ["N'T", "'S", "'RE", "'VE", "'LL", "'D", "'M"] {
        if upper.len() > suffix.len() && upper.ends_with(suffix) {
            split = Some(suffix.len());
            break;
        }
    }
    if upper == "CAN'T" {
        split = Some(3);
    }
    match split {
        Some(n) => {
            // The clitic is the last `n` characters (its apostrophe may be curly).
            let cut = word
                .char_indices()
                .rev()
                .nth(n - 1)
                .map(|(k, _)| k)
                .unwrap_or(0);
            let (head, tail) = word.split_at(cut);
            out.push(Token {
                norm: head.to_uppercase().replace('’', "'"),
                start,
                end: start + head.len(),
                tag: Tag::Other,
            });
            out.push(Token {
                norm: tail.to_uppercase().replace('’', "'"),
                start: start + head.len(),
                end: start + word.len(),
                tag: Tag::Other,
            });
        }
        None => out.push(Token {
            norm: upper,
            start,
            end: start + word.len(),
            tag: Tag::Other,
        }),
    }
}

/// Splits text into sentences: at `.`, `!`, `?` (with closing quotes and brackets kept in
/// the sentence), at blank lines, and before numbered or bulleted list items. Abbreviations
/// ("Gen.", "U.S.") do not end a sentence unless a typical sentence opener follows them.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let tokens = tokenize(text);
    let mut out = Vec::new();
    let mut current: Vec<Token> = Vec::new();
    let flush = |current: &mut Vec<Token>, out: &mut Vec<Sentence>| {
        // Drop a leading list marker ("1." or "-" or "*").
        if current.len() > 1 && is_list_marker(&current[0], current.get(1)) {
            let numbered = current[0].norm.chars().all(|c| c.is_ascii_digit());
            current.remove(0);
            if numbered && current.len() > 1 && matches!(current[0].norm.as_str(), "." | ")") {
                current.remove(0);
            }
        }
        if current.iter().any(|t| t.tag != Tag::Punct) {
            out.push(Sentence {
                start: current[0].start,
                end: current[current.len() - 1].end,
                tokens: std::mem::take(current),
            });
        } else {
            current.clear();
        }
    };
    let mut k = 0;
    while k < tokens.len() {
        let t = &tokens[k];
        if let Some(prev) = current.last() {
            let gap = &text[prev.end..t.start];
            let blank_line = gap.matches('\n').count() >= 2;
            let new_line = gap.contains('\n');
            let item = new_line && is_list_marker(t, tokens.get(k + 1));
            if blank_line || item {
                flush(&mut current, &mut out);
            }
        }
        // A numbered-list marker "1." is tokenised as "1" "."; keep them together.
        current.push(t.clone());
        let ends = match t.norm.as_str() {
            "." | "!" | "?" | "..." | "?!" | "!?" => true,
            w if w.ends_with('.') && w.len() > 1 => {
                // An abbreviation ends a sentence only before a typical opener.
                tokens
                    .get(k + 1)
                    .is_some_and(|n| STARTERS.contains(&n.norm.as_str()))
                    && w.contains('.')
                    && w[..w.len() - 1].contains('.')
            }
            _ => false,
        };
        let list_number = t.norm == "."
            && current.len() == 2
            && current[0].norm.chars().all(|c| c.is_ascii_digit());
        if ends && !list_number {
            // Closing quotes and brackets belong to the sentence they close.
            while let Some(n) = tokens.get(k + 1) {
                let attached = n.start == tokens[k].end;
                if attached && matches!(n.norm.as_str(), "\"" | "'" | "''" | ")" | "]" | "»") {
                    current.push(n.clone());
                    k += 1;
                } else {
                    break;
                }
            }
            // Only end here if what follows looks like a new sentence.
            let next_starts = tokens.get(k + 1).is_none_or(|n| {
                let first = text[n.start..].chars().next().unwrap_or(' ');
                !first.is_lowercase()
            });
            if next_starts {
                flush(&mut current, &mut out);
            }
        }
        k += 1;
    }
    flush(&mut current, &mut out);
    out
}

fn is_list_marker(t: &Token, next: Option<&Token>) -> bool {
    match t.norm.as_str() {
        "-" | "*" | "•" | "–" => true,
        n if n.chars().all(|c| c.is_ascii_digit()) && n.len() <= 2 => {
            next.is_none_or(|n| n.norm == "." || n.norm == ")")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.norm).collect()
    }

    fn texts(text: &str) -> Vec<String> {
        sentences(text)
            .into_iter()
            .map(|s| text[s.start..s.end].to_string())
            .collect()
    }

    #[test]
    fn treebank_clitics_and_punctuation() {
        assert_eq!(
            norms("Gondor's army didn't cross the U.S. border, officials said."),
            [
                "GONDOR",
                "'S",
                "ARMY",
                "DID",
                "N'T",
                "CROSS",
                "THE",
                "U.S.",
                "BORDER",
                ",",
                "OFFICIALS",
                "SAID",
                "."
            ]
        );
        assert_eq!(
            norms("50,000 tonnes, 11.8 million"),
            ["50,000", "TONNES", ",", "11.8", "MILLION"]
        );
        assert_eq!(
            norms("war-torn “nation”"),
            ["WAR-TORN", "\"", "NATION", "\""]
        );
        assert_eq!(norms("Moscow’s"), ["MOSCOW", "'S"]);
    }

    #[test]
    fn offsets_point_into_the_input() {
        let text = "Kim Jong Un praised Putin.";
        for t in tokenize(text) {
            assert_eq!(text[t.start..t.end].to_uppercase(), t.norm);
        }
    }

    #[test]
    fn sentences_respect_abbreviations_quotes_and_lists() {
        let text = "Gen. Kim met Mr. Shoigu in Pyongyang. \"We are allies.\" The U.S. objected.\n\n\
                    1. Russia sent fuel.\n2. North Korea sent shells.";
        assert_eq!(
            texts(text),
            [
                "Gen. Kim met Mr. Shoigu in Pyongyang.",
                "\"We are allies.\"",
                "The U.S. objected.",
                "Russia sent fuel.",
                "North Korea sent shells."
            ]
        );
        // An abbreviation followed by a sentence opener does end the sentence.
        assert_eq!(
            texts("Talks began in the U.S. The next round is in Seoul."),
            ["Talks began in the U.S.", "The next round is in Seoul."]
        );
        // Blank lines end a sentence even without a period (headlines).
        assert_eq!(
            texts("Russia and North Korea sign pact\n\nThe treaty was signed on Wednesday."),
            [
                "Russia and North Korea sign pact",
                "The treaty was signed on Wednesday."
            ]
        );
    }
}
