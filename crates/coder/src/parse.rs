//! Penn Treebank parses, as PETRARCH records carry them in `<Parse>`: the leaves (word and
//! part of speech) become tokens, placed in the record's text.

use crate::text::{Tag, Token};

/// Why a parse could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParseError {
    #[error("unbalanced parentheses in the parse (expected ')' before the end)")]
    Unbalanced,
    #[error("a leaf without a part-of-speech tag near {0:?}")]
    Leaf(String),
}

/// The leaves of a parse, as (tag, word) pairs in order.
pub fn leaves(parse: &str) -> Result<Vec<(String, String)>, ParseError> {
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
    fn malformed_parses_are_errors() {
        assert_eq!(leaves("(S (NP (NNP Arnor))"), Err(ParseError::Unbalanced));
        assert_eq!(leaves("(S (NP Arnor)))"), Err(ParseError::Unbalanced));
        assert!(matches!(leaves("(S (NNP ))"), Err(ParseError::Leaf(_))));
    }
}
