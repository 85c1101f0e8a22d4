//! Agent dictionaries: role words that add a code to an actor ("defence ministry" → GOV).
//!
//! ```text
//! !MINST! = MINISTER, MINISTERS, MINISTRY       # a substitution set
//! FOREIGN_MINISTER [~GOVFRM]                      # ~ before: appended (RUS + GOVFRM)
//! MSF {} [NGO~]                                   # ~ after: put in front; {} no plural
//! GOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]              # explicit plural
//! !MINST!_OF_DEFENCE [~GOV]                       # expanded for every member of the set
//! ```

use std::collections::HashMap;

use super::{DictError, Lines, PhraseIndex, phrase_words};

/// What an agent word adds to an actor code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    /// The role code ("GOV", "MIL", "GOVFRM").
    pub code: String,
    /// True when it goes in front of the country ("NGO" + "ARN"), false when after.
    pub prefix: bool,
}

/// An agent dictionary.
#[derive(Debug, Clone, Default)]
pub struct AgentDict {
    pub index: PhraseIndex<Agent>,
    count: usize,
    /// Lines set aside, "file:line: what was expected".
    pub set_aside: Vec<String>,
}

impl AgentDict {
    /// True when no agent is known.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Number of agent entries read (before plurals and substitutions).
    pub fn len(&self) -> usize {
        self.count
    }

    /// Reads one file in the PETRARCH agent format.
    pub fn read(&mut self, file: &str, text: &str) -> Result<(), DictError> {
        let mut sets: HashMap<String, Vec<String>> = HashMap::new();
        let set_aside = super::each_line(file, text, |lines, n, line, _| {
            let t = line.trim();
            if t.is_empty() {
                return Ok(());
            }
            if t.starts_with('!') && t.contains('=') && !t.contains('[') {
                let (name, members) = t.split_once('=').expect("checked");
                let name = name.trim();
                if name.len() < 3 || !name.ends_with('!') {
                    return Err(lines.error(
                        n,
                        "a substitution set such as !PERSON! = MAN, WOMAN",
                        t,
                    ));
                }
                let members = members
                    .split(',')
                    .map(|m| m.trim().to_uppercase())
                    .filter(|m| !m.is_empty())
                    .collect();
                sets.insert(name.to_uppercase(), members);
                return Ok(());
            }
            let open = t
                .rfind('[')
                .ok_or_else(|| lines.error(n, "an agent code such as [~GOV] or [NGO~]", t))?;
            let close = lines.closing(n, t, open, "']' closing the agent code", t)?;
            let code = t[open + 1..close].trim();
            let agent = if let Some(c) = code.strip_prefix('~') {
                Agent {
                    code: c.trim().to_uppercase(),
                    prefix: false,
                }
            } else if let Some(c) = code.strip_suffix('~') {
                Agent {
                    code: c.trim().to_uppercase(),
                    prefix: true,
                }
            } else {
                return Err(lines.error(
                    n,
                    "a '~' before (suffix) or after (prefix) the agent code",
                    t,
                ));
            };
            if agent.code.is_empty() || !agent.code.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(lines.error(n, "letters for the agent code", t));
            }
            let head = &t[..open];
            let (phrase, plurals) = match head.find('{') {
                Some(b) => {
                    let e = head[b..]
                        .find('}')
                        .map(|k| b + k)
                        .ok_or_else(|| lines.error(n, "'}' closing the plural forms", t))?;
                    let forms: Vec<String> = head[b + 1..e]
                        .split_whitespace()
                        .map(str::to_string)
                        .collect();
                    (head[..b].trim(), Some(forms))
                }
                None => (head.trim(), None),
            };
            if phrase.is_empty() {
                return Err(lines.error(n, "an agent phrase before the code", t));
            }
            self.count += 1;
            for form in expand(phrase, &sets, lines, n)? {
                let (words, _) = phrase_words(&form);
                if plurals.is_none()
                    && let Some(plural) = regular_plural(&words)
                {
                    self.index.insert(plural, agent.clone(), false);
                }
                self.index.insert(words, agent.clone(), false);
            }
            for form in plurals.into_iter().flatten() {
                for f in expand(&form, &sets, lines, n)? {
                    self.index.insert(phrase_words(&f).0, agent.clone(), false);
                }
            }
            Ok(())
        })?;
        self.set_aside.extend(set_aside);
        Ok(())
    }
}

/// Expands `!SET!` markers into one phrase per member.
fn expand(
    phrase: &str,
    sets: &HashMap<String, Vec<String>>,
    lines: &Lines,
    n: usize,
) -> Result<Vec<String>, DictError> {
    let upper = phrase.to_uppercase();
    let Some(a) = upper.find('!') else {
        return Ok(vec![upper]);
    };
    let b = upper[a + 1..]
        .find('!')
        .map(|k| a + 1 + k)
        .ok_or_else(|| lines.error(n, "a closing '!' of the substitution set", phrase))?;
    let name = &upper[a..=b];
    let members = sets.get(name).ok_or_else(|| {
        lines.error(
            n,
            &format!("a substitution set {name} defined above"),
            phrase,
        )
    })?;
    let mut out = Vec::new();
    for m in members {
        let replaced = format!("{}{}{}", &upper[..a], m, &upper[b + 1..]);
        out.extend(expand(&replaced, sets, lines, n)?);
    }
    Ok(out)
}

/// The regular English plural of a phrase's last word.
pub(crate) fn regular_plural(words: &[String]) -> Option<Vec<String>> {
    let last = words.last()?;
    let plural = if last.ends_with('S')
        || last.ends_with('X')
        || last.ends_with('Z')
        || last.ends_with("CH")
        || last.ends_with("SH")
    {
        format!("{last}ES")
    } else if last.ends_with('Y')
        && !matches!(last.chars().rev().nth(1), Some('A' | 'E' | 'I' | 'O' | 'U'))
    {
        format!("{}IES", &last[..last.len() - 1])
    } else if last.ends_with("MAN") {
        format!("{}MEN", &last[..last.len() - 3])
    } else {
        format!("{last}S")
    };
    let mut out = words.to_vec();
    *out.last_mut().expect("non-empty") = plural;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent(d: &AgentDict, words: &[&str]) -> Option<(usize, Agent)> {
        d.index.longest_at(words, 0).map(|(n, a)| (n, a.clone()))
    }

    #[test]
    fn suffix_prefix_plurals_and_sets() {
        let mut d = AgentDict::default();
        d.read(
            "a.txt",
            "!MINST! = MINISTER, MINISTRY\nFOREIGN_MINISTER [~GOVFRM]\nMSF {} [NGO~]\n\
             GOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]\n!MINST!_OF_SILLY_WALKS [~GOV]\nPOLICE {} [ ~COP]\n\
             AUTHORITY [~GOV]\n",
        )
        .unwrap();
        let gov = |c: &str| Agent {
            code: c.into(),
            prefix: false,
        };
        assert_eq!(
            agent(&d, &["FOREIGN", "MINISTERS"]),
            Some((2, gov("GOVFRM")))
        );
        assert_eq!(agent(&d, &["AUTHORITIES"]), Some((1, gov("GOV"))));
        assert_eq!(agent(&d, &["GOLDEN", "GEESE"]), Some((2, gov("GGS"))));
        assert_eq!(agent(&d, &["GOLDEN", "GOOSES"]), None);
        assert_eq!(agent(&d, &["MSFS"]), None);
        assert_eq!(
            agent(&d, &["MSF"]).unwrap().1,
            Agent {
                code: "NGO".into(),
                prefix: true
            }
        );
        assert_eq!(
            agent(&d, &["MINISTRY", "OF", "SILLY", "WALKS"]).unwrap().0,
            4
        );
        assert_eq!(agent(&d, &["POLICE"]).unwrap().1, gov("COP"));
        assert_eq!(d.len(), 6);
    }

    #[test]
    fn errors() {
        let mut d = AgentDict::default();
        let e = d
            .read("g.txt", "\nPRESIDENT [GOV]\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("g.txt:2: expected a '~'"), "{e}");
        let e = d.read("g.txt", "PRESIDENT\n").unwrap_err().to_string();
        assert!(e.starts_with("g.txt:1: expected an agent code"), "{e}");
        let e = d.read("g.txt", "!X!_MAN [~GOV]\n").unwrap_err().to_string();
        assert!(e.contains("substitution set !X! defined above"), "{e}");
    }
}
