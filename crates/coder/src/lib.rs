//! vigil-coder: news text into CAMEO events, each with the sentence that supports it.
//!
//! The pipeline: [`text`] splits sentences and tokens (or [`parse`] reads a Treebank parse
//! when the input has one), [`code`] finds actors from the [`dict`] actor and agent
//! dictionaries, verbs and their patterns from the verb dictionary, assigns source and
//! target, and flags negated and hedged statements. [`input`] reads plain text, folders,
//! JSON lines and PETRARCH XML; [`eval`] compares codings with a record's expected ones.

pub mod code;
pub mod dates;
pub mod dict;
pub mod eval;
pub mod input;
pub mod parse;
pub mod plover_eval;
pub mod report;
pub mod text;

pub use code::{CodedEvent, Coder, Discarded, Side};
pub use dict::{DictError, Dictionaries};

impl Coder {
    /// Codes a document of raw text: sentences, tokens, tags, events. `date` is days since
    /// 1970-01-01. A story-level discard phrase empties the whole document.
    pub fn code_text(&self, text: &str, date: Option<i32>) -> Vec<CodedEvent> {
        let mut out: Vec<CodedEvent> = Vec::new();
        // What earlier sentences named ("Kim" after North Korea, surnames after full names).
        let mut context = code::DocumentContext::default();
        for mut s in text::sentences(text) {
            self.guess_tags(&mut s.tokens, text);
            match self.code_sentence_in(text, &s.tokens, None, (s.start, s.end), date, &context) {
                Ok(events) => {
                    context.learn(&self.dicts, text, &events);
                    out.extend(events)
                }
                Err(Discarded::Phrase { story: true, .. }) => return Vec::new(),
                Err(_) => {}
            }
        }
        out
    }

    /// Codes one sentence given with its parse (a PETRARCH record's Treebank brackets, or
    /// CoNLL-U, whose dependency tree is used too).
    pub fn code_parsed(
        &self,
        text: &str,
        parse: &str,
        date: Option<i32>,
    ) -> Result<Result<Vec<CodedEvent>, Discarded>, parse::ParseError> {
        let tokens = parse::tokens(parse, text)?;
        let deps = self.trees().then(|| parse::dependencies(parse)).flatten();
        Ok(self.code_sentence_with(text, &tokens, deps.as_deref(), (0, text.len()), date))
    }
}
