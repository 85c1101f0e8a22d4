//! Parses as PETRARCH records carry them in `<Parse>`: Penn Treebank brackets (PETRARCH 2)
//! or CoNLL-U dependency lines (Universal-PETRARCH). The leaves (word and part of speech)
//! become tokens, placed in the record's text.

use crate::text::{Tag, Token};

/// Why a parse could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParseError {
    #[error("unbalanced parentheses in the parse (expected ')' before the end)")]
    Unbalanced,
    #[error("a leaf without a part-of-speech tag near {0:?}")]
    Leaf(String),
}

/// True if the parse is CoNLL-U: tab-separated token lines numbered from 1 (the first may
/// be a multiword range "1-2" or an empty node "0.1").
pub fn is_conllu(parse: &str) -> bool {
    parse
        .lines()
        .map(str::trim_start)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            f.len() >= 8
                && f[0]
                    .split(['-', '.'])
                    .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// The tokens of a CoNLL-U parse as (tag, word): the language-specific tag (XPOS, Penn
/// tags in English UD) when given, else the universal tag; multiword-token ranges ("1-2")
/// and empty nodes ("1.1") are skipped, as are `#` comment lines.
fn conllu_leaves(parse: &str) -> Result<Vec<(String, String)>, ParseError> {
    let mut out = Vec::new();
    for line in parse.lines() {
        let line = line.trim_matches(['\r', ' ']);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 5 || f[1].is_empty() {
            return Err(ParseError::Leaf(line.chars().take(40).collect()));
        }
        if !f[0].bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let tag = if f[4] != "_" && !f[4].is_empty() {
            f[4].to_string()
        } else {
            upos_to_penn(f[3]).to_string()
        };
        out.push((tag, f[1].to_string()));
    }
    Ok(out)
}

/// A token's place in a dependency tree: the index of its head among the sentence's
/// tokens (`None` for the root) and its relation to it, lower case ("nsubj", "obj",
/// "obl", "nmod:poss"; UD v1's "dobj" and "nsubjpass" too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dep {
    pub head: Option<usize>,
    pub rel: String,
}

/// The dependencies of a CoNLL-U parse, one per token of [`tokens`] (the same lines:
/// multiword ranges and empty nodes skipped); `None` for a Treebank parse, or when a head
/// is not a token of the sentence (then the parse's tags are still used).
pub fn dependencies(parse: &str) -> Option<Vec<Dep>> {
    if !is_conllu(parse) {
        return None;
    }
    let mut ids: Vec<&str> = Vec::new();
    let mut raw: Vec<(&str, &str)> = Vec::new();
    for line in parse.lines() {
        let line = line.trim_matches(['\r', ' ']);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 8 || !f[0].bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        ids.push(f[0]);
        raw.push((f[6], f[7]));
    }
    raw.iter()
        .map(|&(head, rel)| {
            let head = match head {
                "0" => None,
                h => Some(ids.iter().position(|id| *id == h)?),
            };
            Some(Dep {
                head,
                rel: rel.to_ascii_lowercase(),
            })
        })
        .collect()
}

/// A Penn tag standing for a universal part of speech, for parses without XPOS.
fn upos_to_penn(upos: &str) -> &'static str {
    match upos {
        "NOUN" => "NN",
        "PROPN" => "NNP",
        "VERB" => "VB",
        "AUX" => "MD",
        "ADJ" => "JJ",
        "ADV" => "RB",
        "ADP" => "IN",
        "DET" => "DT",
        "PRON" => "PRP",
        "CCONJ" | "CONJ" => "CC",
        "NUM" => "CD",
        "PART" => "RP",
        "PUNCT" => ".",
        _ => "NN",
    }
}

/// The leaves of a parse (Treebank brackets or CoNLL-U), as (tag, word) pairs in order.
pub fn leaves(parse: &str) -> Result<Vec<(String, String)>, ParseError> {
    if is_conllu(parse) {
        return conllu_leaves(parse);
    }
    let mut out = Vec::new();
    let mut depth = 0i32;
    let bytes = parse.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'(' => {
                depth += 1;
                // A leaf is "(TAG word)" with no nested parenthesis before the ')'.
                let rest = &parse[i + 1..];
                let close = rest.find(')');
                let open = rest.find('(');
                if let Some(c) = close
                    && open.is_none_or(|o| o > c)
                {
                    let inner = rest[..c].trim();
                    let mut parts = inner.splitn(2, char::is_whitespace);
                    let tag = parts.next().unwrap_or("");
                    let word = parts.next().map(str::trim).unwrap_or("");
                    if word.is_empty() {
                        return Err(ParseError::Leaf(inner.chars().take(40).collect()));
                    }
                    out.push((tag.to_string(), word.to_string()));
                    i += 1 + c + 1;
                    depth -= 1;
                    continue;
                }
            }
            b')' => {
                depth -= 1;
                if depth < 0 {
                    return Err(ParseError::Unbalanced);
                }
            }
            _ => {}
        }
        i += 1;
    }
    if depth != 0 {
        return Err(ParseError::Unbalanced);
    }
    Ok(out)
}

/// The text a Treebank leaf stands for ("-LRB-" is "(", "``" is a quote).
fn surface(word: &str) -> &str {
    match word {
        "-LRB-" | "-LCB-" => "(",
        "-RRB-" | "-RCB-" => ")",
        "``" | "''" => "\"",
        _ => word,
    }
}

/// Tokens from parse leaves, with offsets found in `text` where the words occur in order
/// (a leaf not found there gets an empty span at the current position).
pub fn tokens(parse: &str, text: &str) -> Result<Vec<Token>, ParseError> {
    let leaves = leaves(parse)?;
    let mut out = Vec::with_capacity(leaves.len());
    let mut at = 0;
    for (tag, word) in leaves {
        let s = surface(&word);
        let norm = s.to_uppercase().replace('’', "'");
        // Offsets come only from `text` itself, so they are always on character
        // boundaries; a leaf written differently in the text gets an empty span.
        let found = text[at..].find(s).filter(|k| *k < 80);
        let (start, end) = match found {
            Some(k) => (at + k, at + k + s.len()),
            None => (at, at),
        };
        at = end;
        out.push(Token {
            tag: Tag::from_penn(&tag, &norm),
            norm,
            start,
            end,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conllu_dependencies_follow_the_tokens() {
        let parse = "# sent_id = 1\n1-2\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n\
                     1\tRussia\tRussia\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n\
                     2\tpraised\tpraise\tVERB\tVBD\t_\t0\troot\t_\t_\n\
                     3\tChina\tChina\tPROPN\tNNP\t_\t2\tobj\t_\t_\n";
        let deps = dependencies(parse).unwrap();
        assert_eq!(
            deps.len(),
            tokens(parse, "Russia praised China").unwrap().len()
        );
        assert_eq!(
            deps[0],
            Dep {
                head: Some(1),
                rel: "nsubj".into()
            }
        );
        assert_eq!(deps[1].head, None);
        assert_eq!(deps[2].rel, "obj");
        assert!(dependencies("(ROOT (S (NNP Arnor)))").is_none());
        // A head that names no token: no tree, the tags alone are used.
        assert!(dependencies("1\tA\ta\tX\tNN\t_\t9\tnsubj\t_\t_\n").is_none());
    }

    #[test]
    fn leaves_and_offsets() {
        let parse = "(ROOT (S (NP (NNP Arnor)) (VP (VBD did) (RB n't) (VP (VB restore) \
                     (NP (NNS ties)) (PP (IN with) (NP (NNP Gondor) (POS 's))))) (. .)))";
        let text = "Arnor didn't restore ties with Gondor's.";
        let toks = tokens(parse, text).unwrap();
        let norms: Vec<_> = toks.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(
            norms,
            [
                "ARNOR", "DID", "N'T", "RESTORE", "TIES", "WITH", "GONDOR", "'S", "."
            ]
        );
        assert_eq!(&text[toks[3].start..toks[3].end], "restore");
        assert_eq!(toks[1].tag, Tag::Aux);
        assert_eq!(toks[2].tag, Tag::Neg);
        assert!(toks[3].tag.is_verb());
        assert_eq!(toks[7].tag, Tag::Poss);
    }

    #[test]
    fn conllu_parses_give_their_tokens() {
        let parse = "# sent_id = 1\n1\tArnor\tArnor\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n\
                     2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n\
                     2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t_\t_\n\
                     3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n\
                     4\tmeet\tmeet\tVERB\t_\t_\t0\troot\t_\t_\n";
        assert!(is_conllu(parse));
        let l = leaves(parse).unwrap();
        let got: Vec<(&str, &str)> = l.iter().map(|(t, w)| (t.as_str(), w.as_str())).collect();
        assert_eq!(
            got,
            [
                ("NNP", "Arnor"),
                ("VBD", "did"),
                ("RB", "n't"),
                ("VB", "meet")
            ]
        );
        let toks = tokens(parse, "Arnor didn't meet").unwrap();
        assert_eq!(toks.len(), 4);
        assert!(toks[3].tag.is_verb());
        assert!(!is_conllu("(ROOT (S (NNP Arnor)))"));
    }

    #[test]
    fn malformed_parses_are_errors() {
        assert_eq!(leaves("(S (NP (NNP Arnor))"), Err(ParseError::Unbalanced));
        assert_eq!(leaves("(S (NP Arnor)))"), Err(ParseError::Unbalanced));
        assert!(matches!(leaves("(S (NNP ))"), Err(ParseError::Leaf(_))));
    }
}
