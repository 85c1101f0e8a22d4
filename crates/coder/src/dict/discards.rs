//! Discard lists: phrases that mark a sentence (or, with `+`, a whole story) as outside
//! the coder's scope, such as sports results ("World Cup") whose verbs of attack and defeat
//! are not political events.

use super::{DictError, PhraseIndex, phrase_words};

/// Sentence-level and story-level discard phrases.
#[derive(Debug, Clone, Default)]
pub struct Discards {
    /// Phrase → true for story-level (`+PHRASE`), false for sentence-level.
    pub index: PhraseIndex<bool>,
    /// Lines set aside, "file:line: what was expected".
    pub set_aside: Vec<String>,
}

impl Discards {
    /// Reads one discard file.
    pub fn read(&mut self, file: &str, text: &str) -> Result<(), DictError> {
        let set_aside = super::each_line(file, text, |lines, n, line, _| {
            let t = line.trim();
            if t.is_empty() {
                return Ok(());
            }
            let (story, phrase) = match t.strip_prefix('+') {
                Some(p) => (true, p.trim()),
                None => (false, t),
            };
            if phrase.is_empty() || phrase.contains('[') {
                return Err(lines.error(n, "a phrase to discard (no code)", t));
            }
            let words = phrase_words(
                &crate::text::tokenize(phrase)
                    .into_iter()
                    .map(|t| t.norm)
                    .collect::<Vec<_>>()
                    .join(" "),
            )
            .0;
            self.index.insert(words, story, false);
            Ok(())
        })?;
        self.set_aside.extend(set_aside);
        Ok(())
    }

    /// The first discard phrase in `words`: its position, length and whether it discards
    /// the whole story.
    pub fn find<S: AsRef<str>>(&self, words: &[S]) -> Option<(usize, usize, bool)> {
        (0..words.len()).find_map(|i| {
            self.index
                .longest_at(words, i)
                .map(|(len, story)| (i, len, *story))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_and_story_discards() {
        let mut d = Discards::default();
        d.read(
            "d.txt",
            "MONTHS LATER\n+Manchester United   # club\nBASEBALL\n",
        )
        .unwrap();
        assert_eq!(d.find(&["FIVE", "MONTHS", "LATER"]), Some((1, 2, false)));
        assert_eq!(d.find(&["MANCHESTER", "UNITED", "WON"]), Some((0, 2, true)));
        assert_eq!(d.find(&["MANCHESTER", "CITY"]), None);
        let e = d
            .read("d.txt", "WORLD CUP [---]\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("d.txt:1: expected a phrase to discard"),
            "{e}"
        );
    }
}
