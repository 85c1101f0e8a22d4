//! Coding documents as one library call, and each event as `vigil code --format json`
//! prints it and `POST /api/v1/code` answers it: the coder's event with its codebook facts,
//! its document, and character (not byte) offsets a browser or Python can use directly.

use serde::Serialize;

use crate::input::Document;
use crate::{CodedEvent, Coder, Side};

/// Which events to keep.
#[derive(Debug, Clone, Copy, Default)]
pub struct Keep {
    /// Leave out hedged events (allegations, reports, "may").
    pub no_hedged: bool,
    /// Leave out events below this confidence (0–1).
    pub min_confidence: f32,
}

/// What coding a set of documents gave.
#[derive(Debug, Default)]
pub struct Coded {
    /// Each event with the index of its document.
    pub events: Vec<(usize, CodedEvent)>,
    /// Records whose parse could not be read ("origin:line: why"); they are not coded.
    pub failed: Vec<String>,
}

impl Coder {
    /// Codes every document (with its Treebank parse when it has one) and keeps the
    /// events `keep` admits.
    pub fn code_documents(&self, docs: &[Document], keep: Keep) -> Coded {
        let mut out = Coded::default();
        for (k, doc) in docs.iter().enumerate() {
            let events = match &doc.parse {
                Some(p) => match self.code_parsed(&doc.text, p, doc.date) {
                    Ok(Ok(ev)) => ev,
                    Ok(Err(_)) => Vec::new(),
                    Err(e) => {
                        out.failed.push(format!("{}:{}: {e}", doc.origin, doc.line));
                        Vec::new()
                    }
                },
                None => self.code_text(&doc.text, doc.date),
            };
            let kept = events
                .into_iter()
                .filter(|e| !(keep.no_hedged && e.hedged) && e.confidence >= keep.min_confidence);
            // The day each sentence gives its event (a relative date moves it).
            let day = |e: &CodedEvent| {
                doc.date.and_then(|d| {
                    crate::dates::resolve(&doc.text[e.sentence_start..e.sentence_end], d)
                        .map(|r| r.day)
                })
            };
            out.events
                .extend(group(kept, day).into_iter().map(|e| (k, e)));
        }
        out
    }
}

/// One document's events with the same (source, target, code) on the same day (`day`:
/// the day a relative date in the sentence gives, if any) as one event: the first, with
/// the other sentences that give it in `also`, hedged only if every sentence hedges it,
/// at the highest confidence any gives it. The same event twice in one sentence is kept
/// once.
pub fn group(
    events: impl IntoIterator<Item = CodedEvent>,
    day: impl Fn(&CodedEvent) -> Option<i32>,
) -> Vec<CodedEvent> {
    let mut out: Vec<(CodedEvent, Option<i32>)> = Vec::new();
    for e in events {
        let d = day(&e);
        let same = out.iter_mut().find(|(x, xd)| {
            x.source.code == e.source.code
                && x.target.code == e.target.code
                && x.code == e.code
                && *xd == d
        });
        match same {
            Some((first, _)) => {
                let span = (e.sentence_start, e.sentence_end);
                if span != (first.sentence_start, first.sentence_end) && !first.also.contains(&span)
                {
                    first.also.push(span);
                }
                first.hedged &= e.hedged;
                first.confidence = first.confidence.max(e.confidence);
                if first.attributed_to.is_none() {
                    first.attributed_to = e.attributed_to;
                }
            }
            None => out.push((e, d)),
        }
    }
    out.into_iter().map(|(e, _)| e).collect()
}

/// One event as vigil shows it.
#[derive(Debug, Clone, Serialize)]
pub struct EventReport {
    pub document: String,
    /// File (or "-", or "request") and line where the document starts.
    pub origin: String,
    pub date: Option<String>,
    pub url: Option<String>,
    pub source: Side,
    pub target: Side,
    pub code: String,
    /// The CAMEO name of the code, when it is a CAMEO code.
    pub name: Option<&'static str>,
    pub quad_class: Option<i32>,
    pub goldstein: Option<f32>,
    pub hedged: bool,
    pub confidence: f32,
    pub verb: String,
    pub pattern: Option<String>,
    pub sentence: String,
    /// Character (not byte) offsets of the sentence, source, verb and target.
    pub sentence_chars: (usize, usize),
    pub source_chars: (usize, usize),
    pub verb_chars: (usize, usize),
    pub target_chars: (usize, usize),
    /// Entities on the loaded sanctions lists named in the sentence ("caption (id)").
    pub listed: Vec<String>,
    /// The event's day: the document's, or the one a relative date in the sentence gives
    /// ("yesterday", "on Tuesday", "last week"; see `dates`).
    pub event_date: Option<String>,
    /// How a relative date was resolved, when one was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_resolved: Option<String>,
    /// Who the sentence says reported the event ("according to X", "X said"), when an
    /// actor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributed_to: Option<Side>,
    /// The PLOVER event type and mode of the CAMEO code (vigil-model's table); none for
    /// CAMEO 01 and 02, which PLOVER drops.
    pub plover_type: Option<&'static str>,
    pub plover_mode: Option<&'static str>,
    /// How many sentences of the document give this event, and the others' text.
    pub sentences: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_sentences: Vec<String>,
}

fn chars(text: &str, (a, b): (usize, usize)) -> (usize, usize) {
    let a_c = text[..a].chars().count();
    (a_c, a_c + text[a..b].chars().count())
}

impl EventReport {
    /// The event `e` of document `doc`; `listed` names the listed entities its sentence
    /// names (the caller holds the sanctions lists, the coder does not).
    pub fn new(
        doc: &Document,
        e: &CodedEvent,
        listed: impl FnOnce(&str) -> Vec<String>,
    ) -> EventReport {
        let sentence = &doc.text[e.sentence_start..e.sentence_end];
        let ty = vigil_model::cameo::event(&e.code);
        let plover = vigil_model::plover::from_cameo(&e.code);
        let resolved = doc.date.and_then(|d| crate::dates::resolve(sentence, d));
        EventReport {
            document: doc.id.clone(),
            origin: format!("{}:{}", doc.origin, doc.line),
            date: doc.date.map(vigil_model::date::format_iso),
            url: doc.url.clone(),
            source: e.source.clone(),
            target: e.target.clone(),
            code: e.code.clone(),
            name: ty.map(|t| t.name),
            quad_class: ty.map(|t| t.quad.number()),
            goldstein: ty.map(|t| t.goldstein),
            hedged: e.hedged,
            confidence: e.confidence,
            verb: e.verb.clone(),
            pattern: e.pattern.clone(),
            sentence: sentence.to_string(),
            sentence_chars: chars(&doc.text, (e.sentence_start, e.sentence_end)),
            source_chars: chars(&doc.text, (e.source.start, e.source.end)),
            verb_chars: chars(&doc.text, (e.verb_start, e.verb_end)),
            target_chars: chars(&doc.text, (e.target.start, e.target.end)),
            listed: listed(sentence),
            event_date: doc
                .date
                .map(|d| resolved.as_ref().map_or(d, |r| r.day))
                .map(vigil_model::date::format_iso),
            date_resolved: doc.date.zip(resolved.as_ref()).map(|(d, r)| r.explain(d)),
            attributed_to: e.attributed_to.clone(),
            plover_type: plover.map(|p| p.event_type.name()),
            plover_mode: plover.and_then(|p| p.mode),
            sentences: 1 + e.also.len(),
            also_sentences: e
                .also
                .iter()
                .map(|&(a, b)| doc.text[a..b].to_string())
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_characters_and_hedged_events_can_be_left_out() {
        let coder = Coder::new(crate::Dictionaries::builtin());
        let text = "Über alles: North Korea threatened South Korea.";
        let mut set_aside = Vec::new();
        let docs = crate::input::read_str(
            "request",
            text,
            crate::input::Format::Text,
            Some(19_000),
            &mut set_aside,
        )
        .unwrap();
        let coded = coder.code_documents(&docs, Keep::default());
        let (k, e) = coded.events.first().expect("an event");
        let r = EventReport::new(&docs[*k], e, |_| vec!["x (y)".into()]);
        let s: String = text
            .chars()
            .skip(r.source_chars.0)
            .take(r.source_chars.1 - r.source_chars.0)
            .collect();
        assert_eq!(s, e.source.text);
        assert_eq!(r.code.get(..2), Some("13"));
        assert_eq!(r.listed, ["x (y)"]);
        // One side: a launch into the sea and a mobilisation; not a passive whose only
        // actor-like group is a place.
        // (source, target, code, attributed to) of each event coded from `text`.
        let attributed = |text: &str| -> Vec<(String, String, String, Option<String>)> {
            let docs = crate::input::read_str(
                "t",
                text,
                crate::input::Format::Text,
                Some(19_000),
                &mut Vec::new(),
            )
            .unwrap();
            coder
                .code_documents(&docs, Keep::default())
                .events
                .into_iter()
                .map(|(_, e)| {
                    (
                        e.source.code,
                        e.target.code,
                        e.code,
                        e.attributed_to.map(|a| a.code),
                    )
                })
                .collect()
        };
        let one_sided = |text: &str| -> Vec<(String, String, String)> {
            attributed(text)
                .into_iter()
                .map(|(s, t, c, _)| (s, t, c))
                .collect()
        };
        assert_eq!(
            one_sided(
                "North Korea fired two short-range ballistic missiles into the sea off its east coast."
            ),
            [("PRK".to_string(), String::new(), "150".to_string())]
        );
        assert_eq!(
            one_sided("Russia mobilised reservists."),
            [("RUS".to_string(), String::new(), "154".to_string())]
        );
        assert!(
            one_sided("Thousands of troops have been deployed to Russia's Kursk region.")
                .is_empty()
        );
        // An agentless passive of a force posture: the forces moved are the mover's, given
        // by a nationality adjective on a role noun, after a quantity too.
        let prk_to_rus = [("PRKMIL".to_string(), "RUS".to_string(), "154".to_string())];
        for text in [
            "North Korean troops were deployed to Russia.",
            "Thousands of North Korean troops have been deployed to Russia's Kursk region.",
            "Many of the North Korean troops were deployed to Russia.",
        ] {
            assert_eq!(one_sided(text), prk_to_rus, "{text}");
        }
        let [(s, t, c, a)] = attributed(
            "Thousands of North Korean troops have been deployed to Russia's Kursk region, according to Ukrainian intelligence.",
        )
        .try_into()
        .unwrap();
        assert_eq!(
            (s.as_str(), t.as_str(), c.as_str()),
            ("PRKMIL", "RUS", "154")
        );
        assert!(a.is_some_and(|a| a.starts_with("UKR")));
        // Relative clauses: the antecedent acts in the clause, which ends at its comma.
        let mut got = one_sided("North Korea, which fired a missile on Tuesday, threatened Japan.");
        got.sort();
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(
            (got[1].0.as_str(), got[1].1.as_str(), &got[1].2[..2]),
            ("PRK", "JPN", "13")
        );
        assert_eq!(
            (got[0].0.as_str(), got[0].1.as_str(), got[0].2.as_str()),
            ("PRK", "", "150")
        );
        assert!(
            one_sided("Japan protested to North Korea, which fired a missile into the sea.")
                .contains(&("PRK".to_string(), String::new(), "150".to_string()))
        );
        // Events named by a noun between two parties, each way; not after a negation.
        let mut got = one_sided("The treaty between Russia and North Korea took effect.");
        got.sort();
        assert_eq!(
            got,
            [
                ("PRK".to_string(), "RUS".to_string(), "057".to_string()),
                ("RUS".to_string(), "PRK".to_string(), "057".to_string())
            ]
        );
        assert_eq!(
            one_sided("Joint drills between Russia and China began.").len(),
            2
        );
        assert!(one_sided("There is no treaty between Japan and North Korea.").is_empty());
        assert!(one_sided("The treaty between Russia and its neighbours took effect.").is_empty());
        // With its agent the passive keeps it: Russia deploys them.
        assert_eq!(
            one_sided("North Korean troops were deployed by Russia.")[0].0,
            "RUS"
        );
        // Attribution, and the actor of a complement clause after a reporting word.
        let kor = |c: Option<String>| c.is_some_and(|c| c.starts_with("KOR"));
        let [(s, t, c, a)] = attributed(
            "North Korea fired two ballistic missiles into the sea, according to South Korea's military.",
        )
        .try_into()
        .unwrap();
        assert_eq!((s.as_str(), t.as_str(), c.as_str()), ("PRK", "", "150"));
        assert!(kor(a.clone()), "{a:?}");
        for text in [
            "South Korea said North Korea fired a missile into the sea.",
            "South Korea said that North Korea fired a missile.",
            "North Korea fired a missile, a senior South Korean official said.",
        ] {
            let [(s, _, c, a)] = attributed(text).try_into().unwrap();
            assert_eq!((s.as_str(), c.as_str()), ("PRK", "150"), "{text}");
            assert!(kor(a.clone()), "{text}: {a:?}");
        }
        let [(s, t, _, a)] = attributed("South Korea said North Korea attacked Japan.")
            .try_into()
            .unwrap();
        assert_eq!((s.as_str(), t.as_str()), ("PRK", "JPN"));
        assert!(kor(a));
        assert_eq!(attributed("North Korea threatened South Korea.")[0].3, None);
        // Light verbs and a launch given as a noun under a leader's verb.
        assert_eq!(
            one_sided("Kim Jong Un paid a visit to Russia.")[0],
            ("PRKGOV".to_string(), "RUS".to_string(), "042".to_string())
        );
        assert_eq!(
            one_sided("Kim Jong Un oversaw the test of a new intercontinental ballistic missile."),
            [("PRKGOV".to_string(), String::new(), "150".to_string())]
        );
        assert!(one_sided("Kim Jong Un watched a football match.").is_empty());
        let strict = coder.code_documents(
            &docs,
            Keep {
                no_hedged: false,
                min_confidence: 1.1,
            },
        );
        assert!(strict.events.is_empty());
    }

    #[test]
    fn one_event_told_in_several_sentences_of_a_document_is_one_event() {
        let coder = Coder::new(crate::Dictionaries::builtin());
        let text = "North Korea fired two ballistic missiles into the sea. \
                    Japan protested to North Korea. \
                    North Korea also fired a cruise missile. \
                    North Korea fired another missile on Tuesday.";
        let docs = crate::input::read_str(
            "t",
            text,
            crate::input::Format::Text,
            Some(19_000),
            &mut Vec::new(),
        )
        .unwrap();
        let coded = coder.code_documents(&docs, Keep::default());
        let launches: Vec<&CodedEvent> = coded
            .events
            .iter()
            .map(|(_, e)| e)
            .filter(|e| e.source.code.starts_with("PRK") && e.target.code.is_empty())
            .collect();
        // Tuesday's launch is another day's event.
        assert_eq!(launches.len(), 2, "{:#?}", coded.events);
        let e = launches[0];
        assert_eq!(e.also.len(), 1);
        let r = EventReport::new(&docs[0], e, |_| Vec::new());
        assert_eq!(r.sentences, 2);
        assert!(r.sentence.starts_with("North Korea fired two"));
        assert!(r.also_sentences[0].contains("cruise missile"));
        assert!(launches[1].also.is_empty());
        // The protest stays its own event.
        assert!(
            coded
                .events
                .iter()
                .any(|(_, e)| e.source.code.starts_with("JPN"))
        );
        // Two documents are not grouped: that belongs to the monitors.
        let docs = crate::input::read_str(
            "t",
            "{\"text\": \"North Korea fired a missile.\", \"date\": \"2024-06-19\"}\n\
             {\"text\": \"North Korea fired a missile.\", \"date\": \"2024-06-19\"}\n",
            crate::input::Format::JsonLines,
            None,
            &mut Vec::new(),
        )
        .unwrap();
        let coded = coder.code_documents(&docs, Keep::default());
        assert_eq!(coded.events.len(), 2);
        assert!(coded.events.iter().all(|(_, e)| e.also.is_empty()));
    }

    /// (source, target, code) of each event the built-in dictionaries code from `text`,
    /// sorted.
    fn coded(text: &str) -> Vec<(String, String, String)> {
        static CODER: std::sync::OnceLock<crate::Coder> = std::sync::OnceLock::new();
        coded_by(
            CODER.get_or_init(|| crate::Coder::new(crate::dict::Dictionaries::builtin())),
            text,
        )
    }

    /// As [`coded`], by the coder given.
    fn coded_by(coder: &crate::Coder, text: &str) -> Vec<(String, String, String)> {
        let mut out: Vec<_> = coder
            .code_text(text, Some(19_000))
            .into_iter()
            .map(|e| (e.source.code, e.target.code, e.code))
            .collect();
        out.sort();
        out
    }

    fn one(s: &str, t: &str, c: &str) -> (String, String, String) {
        (s.to_string(), t.to_string(), c.to_string())
    }

    /// A sentence and the (source, target, code) of each event expected from it, sorted.
    type Case = (
        &'static str,
        &'static [(&'static str, &'static str, &'static str)],
    );

    /// Asserts each case's sentence codes to its events, naming the sentence that fails.
    fn assert_all_coded(cases: &[Case]) {
        for (text, want) in cases {
            let want: Vec<_> = want.iter().map(|(s, t, c)| one(s, t, c)).collect();
            assert_eq!(coded(text), want, "{text}");
        }
    }

    /// Constructions added while tuning on the tune part of the project's own sentences,
    /// each checked here with sentences written for this test.
    #[test]
    fn constructions_from_the_monitor_sentences_tune_part() {
        // A flag, a maker or a leader given by a hyphenated ending is an actor.
        assert_eq!(
            coded("Japan seized a Panama-flagged freighter."),
            [one("JPN", "PAN", "1711")]
        );
        // Seas and peninsulas are places, not the states they are named after.
        assert_eq!(
            coded("The Russian navy staged exercises in the Sea of Japan."),
            [one("RUSMIL", "", "150")]
        );
        // A chain of infinitives under a coded verb is that verb's event only, and a
        // gerund after "to stop" belongs to the appeal.
        assert_eq!(
            coded("Hungary refused to approve Ukraine's bid to join the European Union."),
            [one("HUN", "UKR", "120")]
        );
        assert_eq!(
            coded("The United States urged India to stop buying Russian oil."),
            [one("USA", "IND", "020")]
        );
        // An event named as the topic of another is not reported by it.
        assert!(
            !coded("Japan protested against the treaty between Russia and North Korea.")
                .iter()
                .any(|e| e.2 == "057")
        );
        // A pattern that names "that" reads into the clause it opens.
        assert_eq!(
            coded("North Korea warned that Tokyo would pay dearly."),
            [one("PRK", "JPN", "130")]
        );
        // Troops sent, in the passive, are a deployment by their own state.
        assert_eq!(
            coded("North Korean soldiers were sent to Russia."),
            [one("PRKMIL", "RUS", "154")]
        );
        // Sanctions adopted, assets frozen, imports banned, names added to a list.
        for text in [
            "The European Union adopted new sanctions against Iran.",
            "Britain froze Iranian assets.",
            "Canada banned imports from Iran.",
            "Japan added ten Iranian companies to its sanctions list.",
        ] {
            let got = coded(text);
            assert!(
                got.iter().any(|e| e.1.starts_with("IRN") && e.2 == "163"),
                "{text}: {got:?}"
            );
        }
        // Mobilisation called up or announced; weapons unveiled or flown: one side.
        assert_eq!(
            coded("Belarus called up reservists."),
            [one("BLR", "", "154")]
        );
        assert_eq!(
            coded("Russia announced a general mobilisation."),
            [one("RUS", "", "154")]
        );
        assert_eq!(
            coded("North Korea unveiled a new ICBM."),
            [one("PRK", "", "150")]
        );
        assert_eq!(
            coded("Russia flew strategic bombers over the Baltic Sea."),
            [one("RUS", "", "150")]
        );
        // Trade expanded and goods bought; agreements scrapped; friends named.
        assert_eq!(
            coded("Russia expanded trade with Iran."),
            [one("RUS", "IRN", "061")]
        );
        assert_eq!(
            coded("China bought Iranian oil."),
            [one("CHN", "IRN", "061")]
        );
        assert_eq!(
            coded("Russia scrapped its agreement with Japan."),
            [one("RUS", "JPN", "160")]
        );
        assert_eq!(
            coded("Putin called North Korea Russia's closest ally."),
            [one("RUSGOV", "PRK", "051")]
        );
        // A mutual defence pledge by two states is coded each way.
        assert_eq!(
            coded("China and Pakistan pledged to come to each other's aid."),
            [one("CHN", "PAK", "0334"), one("PAK", "CHN", "0334")]
        );
        // Joining an alliance; applying to join is an appeal.
        assert_eq!(
            coded("Sweden joined NATO."),
            [one("SWE", "IGOWSTNAT", "057")]
        );
        assert_eq!(
            coded("Ukraine applied to join NATO."),
            [one("UKR", "IGOWSTNAT", "020")]
        );
        // With require_dyad off, any verb without a target is coded with one side; by
        // default only force postures are.
        assert!(coded("Japan appealed for calm.").is_empty());
        let open = crate::Coder::new(crate::dict::Dictionaries::builtin()).with_require_dyad(false);
        assert_eq!(
            coded_by(&open, "Japan appealed for calm."),
            [one("JPN", "", "020")]
        );
        // Object relative clauses: the antecedent is what the clause's verb acts on, and
        // after the clause's closing comma the main verb's subject is the antecedent.
        assert_eq!(
            coded("The rocket, which Iran launched on Friday, reached orbit."),
            [one("IRN", "", "150")]
        );
        assert_eq!(
            coded("The drones that Russia sent to Belarus were Iranian."),
            coded("Russia sent drones to Belarus.")
        );
        assert_eq!(
            coded("Ukraine, which Hungary criticised on Monday, attacked Russia."),
            [one("HUN", "UKR", "111"), one("UKR", "RUS", "190")]
        );
        // A reported obligation is a demand by the reporter of the one who must act, and
        // what must be done is not coded as done.
        assert_eq!(
            coded("Japan said on Monday that China must release the fishermen."),
            [one("JPN", "CHN", "100")]
        );
        assert_eq!(
            coded(
                "A senior South Korean official reiterated that Russia must withdraw its troops."
            ),
            [one("KORGOV", "RUS", "100")]
        );
        assert!(coded("China must release the fishermen, analysts said.").is_empty());
        // A protest lodged, however it is qualified, is an official complaint.
        assert_eq!(
            coded("Japan lodged a strong protest with China."),
            [one("JPN", "CHN", "114")]
        );
        // Cities stand for their state.
        assert_eq!(coded("Russia shelled Kharkiv."), [one("RUS", "UKR", "194")]);
    }

    /// With a CoNLL-U tree and `with_trees(true)`, a verb's object in the tree is its
    /// target even when another actor stands between them; without the tree (or by
    /// default) the shallow analysis takes the nearest actor.
    #[test]
    fn a_stated_intention_is_coded_as_the_intention_unless_asked_otherwise() {
        // Cooperation, aid and yielding announced are CAMEO 03, with or without a
        // reporting frame; "would" in reported speech states the intention, no hedge.
        assert_eq!(
            coded("Iraq said it would allow U.N. weapons inspectors to return."),
            [one("IRQ", "IGOUNO", "0355")]
        );
        let intent = crate::Coder::new(crate::dict::Dictionaries::builtin());
        let e = intent.code_text("Iraq said it would allow U.N. inspectors to return.", None);
        assert!(!e[0].hedged, "{e:?}");
        // What a party is expected to do is hedged: others expect it.
        let e = intent.code_text(
            "The United States is expected to announce new sanctions on Iran.",
            None,
        );
        assert!(e.len() == 1 && e[0].hedged && e[0].code == "163", "{e:?}");
        assert_eq!(
            coded("Russia will send troops to Belarus."),
            [one("RUS", "BLR", "0332")]
        );
        assert_eq!(
            coded("Japan is prepared to hold talks with North Korea."),
            [one("JPN", "PRK", "036")]
        );
        // Sanctions and force announced are threats (13).
        assert_eq!(
            coded("China plans to impose sanctions on Japan."),
            [one("CHN", "JPN", "1312")]
        );
        assert_eq!(
            coded("North Korea will attack South Korea."),
            [one("PRK", "KOR", "1384")]
        );
        // Negated, nothing; a statement or a demand is what it is.
        assert!(coded("Russia will not send troops to Belarus.").is_empty());
        assert_eq!(
            coded("Japan will demand that China release the crew."),
            coded("Japan demanded that China release the crew.")
        );
        // As PETRARCH 2 codes (its records' gold): the act itself.
        let literal = crate::Coder::new(crate::dict::Dictionaries::builtin()).with_intent(false);
        assert_eq!(
            coded_by(&literal, "Russia will send troops to Belarus."),
            coded("Russia sent troops to Belarus.")
        );
    }

    #[test]
    fn a_prepositional_object_before_the_subject_is_not_the_subject() {
        // "to" and an article between do not hide the preposition; after "of", the
        // group names whose head acts.
        for text in [
            "In a letter to the United Nations, Iraq accused Kuwait of stealing oil.",
            "In a letter from the United Nations on Monday, Iraq accused Kuwait of stealing oil.",
        ] {
            assert_eq!(coded(text), [one("IRQ", "KWT", "112")], "{text}");
        }
        assert!(coded("The head of the IAEA visited Tehran.").contains(&one(
            "IGOUNOIAE",
            "IRN",
            "042"
        )));
    }

    #[test]
    fn demands_within_a_state_elaborations_and_acts_on_a_states_own_people() {
        // A reported obligation of a government, to its own rebels or parties: a demand
        // between the two parts of one state, with the article before the group asked.
        assert_eq!(
            coded("Zambian rebels said that the Zambian government must hold elections."),
            [one("ZMBREB", "ZMBGOV", "100")]
        );
        // A name going on past the actor and groups coordinated before it are asked too.
        assert_eq!(
            coded(
                "Kenyan rebels said that President Uhuru Kenyatta and his Kenyan Front must resign."
            ),
            [one("KENREB", "KENGOV", "100")]
        );
        // Never a demand of itself.
        assert!(coded("Kenya said that Kenya must act.").is_empty());
        // An -ing clause after a comma tells what the event did.
        assert_eq!(
            coded("Russian forces shelled Kharkiv overnight, killing four civilians."),
            [one("RUSMIL", "UKR", "194")]
        );
        // A curfew or a state of emergency imposed or lifted by a government, with no
        // other target: its own state.
        assert_eq!(
            coded("The Thai government lifted the state of emergency."),
            [one("THAGOV", "THA", "0814")]
        );
        assert_eq!(
            coded("The army imposed a curfew on Tuesday."),
            Vec::<(String, String, String)>::new()
        );
        assert_eq!(
            coded("Myanmar's military government imposed a curfew."),
            [one("MMRMILGOV", "MMR", "1723")]
        );
        // Verbs of aid, obstruction and reduced relations.
        assert_eq!(
            coded("Peru granted asylum to Panamanian army officers."),
            [one("PER", "PANMIL", "075")]
        );
        assert_eq!(
            coded("Angry French farmers blocked a bridge into Germany."),
            [one("FRAAGR", "DEU", "144")]
        );
        assert_eq!(
            coded("Britain recalled its ambassador to Iran."),
            [one("GBR", "IRN", "161")]
        );
    }

    #[test]
    fn demands_that_clauses_named_demands_and_places_that_are_not_targets() {
        // A demand or appeal with "that": the group after it is asked, and what it is
        // asked to do has not happened.
        assert_eq!(
            coded("Japan demanded that North Korea stop its missile launches."),
            [one("JPN", "PRK", "100")]
        );
        assert_eq!(
            coded("The United States urged that Israel ease restrictions on Palestinian workers."),
            [one("USA", "ISR", "020")]
        );
        // Named by its noun, a time word between, and a name's abbreviation in
        // parentheses kept with the name.
        assert_eq!(
            coded(
                "The International Atomic Energy Agency (IAEA) reiterated its demand today \
                 that Iran ease restrictions on inspectors."
            ),
            [one("IGOUNOIAE", "IRN", "100")]
        );
        assert_eq!(
            coded("Japan renewed its call that North Korea return to talks."),
            [one("JPN", "PRK", "020")]
        );
        // A strike staged is a protest, not an attack; fire and air strikes launched
        // against a state are force.
        assert_eq!(
            coded("Algerian activists staged a 24-hour hunger strike against the Algerian police."),
            [one("DZAOPP", "DZACOP", "142")]
        );
        assert_eq!(
            coded("Israel launched air strikes on Lebanon."),
            [one("ISR", "LBN", "195")]
        );
        assert_eq!(
            coded("Vietnamese forces launched rocket fire against Cambodian camps."),
            [one("VNMMIL", "KHM", "190")]
        );
        // A border or a coast names where, not whom.
        assert!(
            coded("Burmese troops captured a rebel stronghold on the Thai border.")
                .iter()
                .all(|e| e.1 != "THA")
        );
    }

    #[test]
    fn a_pronoun_after_that_takes_the_subject_of_the_verb_before() {
        // The warning's content is the threat, made to the one warned.
        assert_eq!(
            coded(
                "North Korea warned Japan that it would shoot down any aircraft entering its airspace."
            ),
            [one("PRK", "JPN", "1384")]
        );
        assert_eq!(
            coded("North Korea warned that it would attack Japan."),
            [one("PRK", "JPN", "1384")]
        );
        // A denial removes what it denies, through the pronoun too.
        assert!(
            coded("Pakistan denied that it had helped Iran with its nuclear programme.").is_empty()
        );
        // After a reporting word with no "that".
        assert_eq!(
            coded("Iran said it would attack Israel."),
            [one("IRN", "ISR", "1384")]
        );
    }

    #[test]
    fn agreements_to_act_protests_to_a_state_and_other_verbs_of_relations() {
        // Agreeing (pledging, promising, offering) to do something is that intention.
        assert_eq!(
            coded("Israel agreed to release Palestinian prisoners."),
            [one("ISR", "PSE", "0353")]
        );
        assert_eq!(
            coded("Syria and Lebanon agreed to exchange ambassadors."),
            [one("LBN", "SYR", "032"), one("SYR", "LBN", "032")]
        );
        // A protest to a state is an official complaint; to the street, a demonstration.
        assert_eq!(
            coded("Vietnam protested to China over the seizure of its fishing boats."),
            [one("VNM", "CHN", "114")]
        );
        // A bid blocked is vetoed, and the joining it asked for is not coded.
        assert_eq!(
            coded("Greece blocked Macedonia's bid to join NATO."),
            [one("GRC", "MKD", "129")]
        );
        assert_eq!(
            coded("India and Pakistan exchanged fire across the border."),
            [one("IND", "PAK", "190"), one("PAK", "IND", "190")]
        );
        assert_eq!(
            coded("Nigeria closed its embassy in Chad."),
            [one("NGA", "TCD", "161")]
        );
        assert_eq!(
            coded("Mali's military government ordered the French ambassador to leave the country."),
            [one("MLIMILGOV", "FRAGOV", "161")]
        );
        assert_eq!(
            coded("Israel returned the bodies of three soldiers to Lebanon."),
            [one("ISR", "LBN", "084")]
        );
        // Beaten protesters are assaulted; a team beaten is not.
        assert_eq!(
            coded("Moroccan police beat protesters in Rabat."),
            [one("MARCOP", "MAROPP", "182")]
        );
        assert!(coded("Japan beat South Korea in the final.").is_empty());
        // Each sentence and the events it must give (source, target, code), sorted: troops
        // or weapons hosted are cooperation and a leader a visit; a welcome is approval
        // unless a visit is named; a name ending in -ly is no adverb ("Italy"); bombers
        // flown are a show of force, a minister flown to a capital a visit.
        let cases: &[Case] = &[
            (
                "Belarus hosted Russian nuclear weapons on its territory.",
                &[("BLR", "RUS", "062")],
            ),
            (
                "Poland will host American troops.",
                &[("POL", "USAMIL", "0312")],
            ),
            (
                "Japan welcomed North Korea's decision to resume talks.",
                &[("JPN", "PRK", "051")],
            ),
            (
                "Vietnam welcomed the Russian president for a state visit.",
                &[("RUSGOV", "VNM", "042"), ("VNM", "RUSGOV", "043")],
            ),
            (
                "The Russian president spoke by telephone with the Chinese president.",
                &[("RUSGOV", "CHNGOV", "041")],
            ),
            (
                "Iraq agreed to admit U.N. weapons inspectors.",
                &[("IRQ", "IGOUNO", "0355")],
            ),
            (
                "The Syrian government cracked down on protesters.",
                &[("SYRGOV", "SYROPP", "175")],
            ),
            (
                "Iraqi forces surrendered to American troops.",
                &[("IRQMIL", "USAMIL", "0874")],
            ),
            (
                "Italy sent 200 tons of food to Albania.",
                &[("ITA", "ALB", "073")],
            ),
            (
                "Canada granted diplomatic recognition to Croatia.",
                &[("CAN", "HRV", "054")],
            ),
            (
                "The Philippines filed a complaint against China.",
                &[("PHL", "CHN", "114")],
            ),
            (
                "Iran and Iraq agreed to a ceasefire.",
                &[("IRN", "IRQ", "0871"), ("IRQ", "IRN", "0871")],
            ),
            (
                "The European Community eased sanctions on South Africa.",
                &[("IGOEEC", "ZAF", "085")],
            ),
            (
                "The Soviet Union criticised China.",
                &[("RUS", "CHN", "111")],
            ),
            ("Iraq accepted the U.N. plan.", &[("IRQ", "IGOUNO", "030")]),
            (
                "A Kuwaiti court sentenced two Iraqi spies to death.",
                &[("KWTJUD", "IRQSPY", "116")],
            ),
            (
                "Thai soldiers fired on Burmese refugees.",
                &[("THAMIL", "MMRREF", "190")],
            ),
            (
                "Pakistan's foreign minister flew to Kabul for talks.",
                &[("AFG", "PAKGOV", "043"), ("PAKGOV", "AFG", "042")],
            ),
            (
                "The United States flew strategic bombers over the Korean Peninsula.",
                &[("USA", "", "150")],
            ),
            (
                "Britain and Argentina resumed diplomatic relations.",
                &[("ARG", "GBR", "050"), ("GBR", "ARG", "050")],
            ),
            (
                "Japan extended a loan of 50 billion yen to China.",
                &[("JPN", "CHN", "071")],
            ),
            (
                "The Nicaraguan government lifted the state of siege.",
                &[("NICGOV", "NIC", "0814")],
            ),
            (
                "The Pope condemned the violence in Rwanda.",
                &[("VAT", "RWA", "111")],
            ),
            (
                "Jordan offered to mediate between Iraq and Kuwait.",
                &[("JOR", "IRQ", "039"), ("JOR", "KWT", "039")],
            ),
            (
                "Iran broke off talks with the European Union.",
                &[("IRN", "IGOEEC", "164")],
            ),
            (
                "Israel lifted the closure of the West Bank.",
                &[("ISR", "PSE", "085")],
            ),
            (
                "Sri Lanka ordered the expulsion of a Norwegian diplomat.",
                &[("LKA", "NORGOV", "174")],
            ),
            (
                "The Chinese foreign ministry summoned the Japanese ambassador to lodge a protest.",
                &[("CHNGOV", "JPNGOV", "114")],
            ),
            // The resolution condemns, not the states that veto it.
            (
                "Russia and China vetoed a U.N. resolution condemning Syria.",
                &[("CHN", "IGOUNO", "129"), ("RUS", "IGOUNO", "129")],
            ),
            (
                "The Pentagon approved the sale of fighter jets to Taiwan.",
                &[("USAMIL", "TWN", "072")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Wire constructions found by coding sentences written in the session (2026-12-01,
    /// the second probe): sanctions renewed, relations established, passives whose
    /// pattern names the object, relative clauses between subject and verb, calls
    /// received, bombings, tear gas, and words that are not the verbs they look like.
    #[test]
    fn renewed_sanctions_relative_clauses_passive_patterns_and_look_alike_words() {
        let cases: &[Case] = &[
            (
                "The European Union renewed its sanctions against Belarus.",
                &[("IGOEEC", "BLR", "163")],
            ),
            (
                "Washington tightened sanctions on Venezuela.",
                &[("USA", "VEN", "163")],
            ),
            (
                "Israel and Morocco established diplomatic relations.",
                &[("ISR", "MAR", "054"), ("MAR", "ISR", "054")],
            ),
            // "Philippine" is the country's adjective.
            (
                "The Philippine navy accused China of harassment.",
                &[("PHLMIL", "CHN", "112")],
            ),
            // "Central American" is a region, not the United States; "back to" is no
            // backing.
            (
                "Mexico deported Central American migrants back to Guatemala.",
                &[("MEX", "GTM", "174")],
            ),
            (
                "Spain sent the migrants back to Morocco.",
                &[("ESP", "MAR", "174")],
            ),
            (
                "Hungary blocked an EU statement criticizing Beijing.",
                &[("HUN", "IGOEEC", "129")],
            ),
            // "aid" before "worker" is a noun; an aid worker is an NGO's.
            (
                "The Taliban freed a kidnapped Australian aid worker.",
                &[("AFGGOV", "AUSNGO", "084")],
            ),
            // A participle set off by commas leaves the subject before it, also when the
            // group ends before a name it introduces.
            (
                "Turkish Foreign Minister Ahmet Davutoglu, speaking after talks in Ankara, warned Syria against further violence.",
                &[("TURGOV", "SYR", "130")],
            ),
            (
                "The Chinese government rejected calls from Western governments to release him.",
                &[("CHNGOV", "WST", "120")],
            ),
            // The relative clause's country is not the subject, whatever its verb.
            (
                "Estonia, which borders Russia, expelled a Russian diplomat.",
                &[("EST", "RUSGOV", "174")],
            ),
            (
                "Iran, whose nuclear programme alarms its neighbours, seized a Greek tanker.",
                &[("IRN", "GRC", "1711")],
            ),
            // A passive read with the pattern's object taken by the subject.
            (
                "A British journalist was sentenced to ten years in prison by an Iranian court.",
                &[("IRNJUD", "GBRMED", "116")],
            ),
            (
                "Russia launched dozens of drones against Kyiv.",
                &[("RUS", "UKR", "195")],
            ),
            (
                "Belarusian police fired tear gas at protesters in Minsk.",
                &[("BLRCOP", "BLROPP", "175")],
            ),
            (
                "Seoul summoned the Japanese ambassador over the textbook dispute.",
                &[("KOR", "JPNGOV", "114")],
            ),
            (
                "Taiwan scrambled fighter jets as Chinese aircraft approached.",
                &[("TWN", "CHN", "152")],
            ),
            (
                "Russian and Chinese bombers flew joint patrols over the Sea of Japan.",
                &[("CHNMIL", "RUSMIL", "062"), ("RUSMIL", "CHNMIL", "062")],
            ),
            // A call received is the caller's; an emir is his state's government.
            (
                "The Emir of Qatar received a phone call from the Turkish president.",
                &[("TURGOV", "QATGOV", "040")],
            ),
            (
                "Two Afghan soldiers were killed by a roadside bomb planted by Pakistani militants.",
                &[("PAKREB", "AFGMIL", "1833")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// People named only by their role, when a state acts on them, are its own (CAMEO
    /// coders' reading; PETRARCH 2 leaves them stateless, so one unit record, ABOUT-02,
    /// now differs from its gold); and the third probe's verbs and names.
    #[test]
    fn people_named_by_role_are_the_acting_states_own_and_older_wire_verbs() {
        let cases: &[Case] = &[
            (
                "Indian troops killed five militants in Kashmir.",
                &[("INDMIL", "INDREB", "190")],
            ),
            (
                "Russian police arrested two journalists.",
                &[("RUSCOP", "RUSMED", "173")],
            ),
            (
                "South African police opened fire on demonstrators in Soweto.",
                &[("ZAFCOP", "ZAFOPP", "190")],
            ),
            // A state named with them is theirs, not the actor's.
            (
                "Israeli troops killed two militants in the Gaza Strip.",
                &[("ISRMIL", "PSEREB", "190")],
            ),
            // Acts a state does to its own people, and acts of rebels, fill any role.
            (
                "The Indonesian government has banned the Communist Party.",
                &[("IDNGOV", "IDN", "1722")],
            ),
            (
                "Colombian rebels released 12 soldiers.",
                &[("COLREB", "COLMIL", "084")],
            ),
            // Soldiers killed by a state's troops may be anyone's: a target of no state
            // is no event between actors.
            ("Israeli troops killed three soldiers.", &[]),
            ("Israel sealed off the West Bank.", &[("ISR", "PSE", "191")]),
            (
                "The Organization of American States suspended Honduras.",
                &[("IGOOAS", "HND", "160")],
            ),
            // An organisation's targets stay stateless, so name no party.
            ("United Nations peacekeepers arrested two rebels.", &[]),
            (
                "The Yugoslav army withdrew from Slovenia.",
                &[("SRBMIL", "SVN", "087")],
            ),
            (
                "Turkish Cypriots protested against the Greek government.",
                &[("CYP", "GRCGOV", "141")],
            ),
            // A past form after an article and one noun is the noun's verb.
            (
                "The rebels seized control of Sierra Leone.",
                &[("---REB", "SLE", "192")],
            ),
            ("The army attacked Liberia.", &[("---MIL", "LBR", "190")]),
            // A junta of the military: each role once.
            (
                "Burma's military junta placed Aung San Suu Kyi under house arrest.",
                &[("MMRMILGOV", "MMRELI", "173")],
            ),
            (
                "Peru and Ecuador clashed along their border.",
                &[("ECU", "PER", "190"), ("PER", "ECU", "190")],
            ),
            (
                "The Chinese premier began an official visit to India.",
                &[("CHNGOV", "IND", "042"), ("IND", "CHNGOV", "043")],
            ),
            // "the Lockerbie bombing" is no bombing by Libya.
            (
                "Libya handed over two suspects in the Lockerbie bombing to Scotland.",
                &[("LBY", "GBR", "063")],
            ),
            (
                "China test-fired missiles into waters off Taiwan.",
                &[("CHN", "TWN", "150")],
            ),
            (
                "Turkey's parliament approved the deployment of troops to Afghanistan.",
                &[("TURLEG", "AFG", "154")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// The fourth probe: accusations, support, loans, training, expulsions, repelled
    /// assaults, representations lodged, and a noun after "a"/"an" and a name.
    #[test]
    fn accusations_by_clause_support_loans_training_and_nouns_after_a_name() {
        let cases: &[Case] = &[
            // A vow to use force is a threat of it.
            (
                "Iran vowed to retaliate against Israel.",
                &[("IRN", "ISR", "1384")],
            ),
            (
                "The United States expressed support for Taiwan's membership in the WHO.",
                &[("USA", "TWN", "051")],
            ),
            (
                "The Syrian government charged that Turkey was arming rebels.",
                &[("SYRGOV", "TUR", "112")],
            ),
            (
                "The World Bank approved a $500 million loan to Kenya.",
                &[("IGOWBK", "KEN", "071")],
            ),
            (
                "Britain will train Ukrainian soldiers.",
                &[("GBR", "UKRMIL", "0312")],
            ),
            (
                "Iraq's parliament voted to expel American troops.",
                &[("IRQLEG", "USAMIL", "166")],
            ),
            // "a Russian assault" is a noun, not Russia assaulting.
            (
                "The Ukrainian army repelled a Russian assault near Bakhmut.",
                &[("UKRMIL", "RUS", "190")],
            ),
            (
                "An Israeli attack killed ten people in Gaza.",
                &[("ISR", "PSE", "190")],
            ),
            // After "the", a name's verb stays a verb.
            ("The U.S. bombed Iraq.", &[("USA", "IRQ", "195")]),
            (
                "Beijing lodged stern representations with Tokyo over the visit.",
                &[("CHN", "JPN", "114")],
            ),
            (
                "China called for talks with Taiwan.",
                &[("CHN", "TWN", "026")],
            ),
            (
                "Iran's Revolutionary Guards seized a British tanker.",
                &[("IRNMIL", "GBR", "1711")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// The fifth probe: states named together that agree or yield with no other state
    /// named do so with each other (a show of force stays one-sided); opposition voiced,
    /// objections, troops ordered out, and the Houthis.
    #[test]
    fn states_named_together_act_with_each_other_and_opposition_voiced() {
        let cases: &[Case] = &[
            (
                "Thailand and Cambodia agreed to withdraw troops from the disputed area.",
                &[("KHM", "THA", "0356"), ("THA", "KHM", "0356")],
            ),
            (
                "India and Pakistan released fishermen.",
                &[("IND", "PAK", "084"), ("PAK", "IND", "084")],
            ),
            (
                "Russia and China launched missiles.",
                &[("CHN", "", "150"), ("RUS", "", "150")],
            ),
            (
                "China firmly opposes U.S. arms sales to Taiwan.",
                &[("CHN", "USA", "110")],
            ),
            (
                "Turkey objected to Sweden's membership.",
                &[("TUR", "SWE", "120")],
            ),
            (
                "Mali's junta ordered French troops out of the country.",
                &[("MLIMILGOV", "FRAMIL", "166")],
            ),
            (
                "The Houthis attacked a British ship.",
                &[("YEMREB", "GBR", "190")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// The sixth probe: adjuncts of time before the subject, clauses opened by "as",
    /// partnerships deepened, tests overseen and weapons packages announced.
    #[test]
    fn adjuncts_of_time_clauses_opened_by_as_and_packages_announced() {
        let cases: &[Case] = &[
            // A name in apposition is the same actor; a spokesman speaks for what follows
            // "for"; "of the 15 EU countries" still names whose ministers.
            (
                "The head of the International Atomic Energy Agency, Mohamed ElBaradei, urged Iran to suspend enrichment.",
                &[("IGOUNOIAE", "IRN", "020")],
            ),
            (
                "A spokesman for the Chinese foreign ministry, Zhu Bangzao, accused the United States of interference.",
                &[("CHNGOV", "USA", "112")],
            ),
            (
                "The foreign ministers of the 15 European Union countries called on Israel to withdraw.",
                &[("IGOEECGOV", "ISR", "020")],
            ),
            // The gerund after "after" and the main verb share the subject after the comma.
            (
                "After meeting Putin in Moscow, Xi praised Russia.",
                &[("CHNGOV", "RUS", "051"), ("CHNGOV", "RUSGOV", "040")],
            ),
            (
                "Xi praised Russia after meeting Putin.",
                &[("CHNGOV", "RUS", "051"), ("CHNGOV", "RUSGOV", "040")],
            ),
            (
                "While visiting Seoul, the U.S. defence secretary criticised North Korea.",
                &[
                    ("KOR", "USAGOV", "043"),
                    ("USAGOV", "KOR", "042"),
                    ("USAGOV", "PRK", "111"),
                ],
            ),
            // What is to happen "before" is not coded; "for supplying" is the reason.
            (
                "Bosnian Serbs demanded a truce before allowing aid convoys into Sarajevo.",
                &[],
            ),
            (
                "The G7 criticised China for supplying Russia with drones.",
                &[("IGOG7", "CHN", "111")],
            ),
            // A clause opened by "as" has its own subject and object.
            (
                "Japan pledged to double defence spending as China expands its military.",
                &[],
            ),
            (
                "Xi said China would deepen its partnership with Russia.",
                &[("CHN", "RUS", "032")],
            ),
            (
                "Kim Jong Un oversaw a missile test.",
                &[("PRKGOV", "", "150")],
            ),
            (
                "The Pentagon announced a new weapons package for Ukraine.",
                &[("USAMIL", "UKR", "072")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// The eighth probe: what a condition names has not happened, and a threat without a
    /// named target is aimed at whom its condition names; rejections, criticism and
    /// shelling in other words.
    #[test]
    fn conditions_are_not_events_and_aim_threats() {
        let cases: &[Case] = &[
            (
                "China warned it would take countermeasures if Japan deployed missiles near Taiwan.",
                &[("CHN", "JPN", "130")],
            ),
            (
                "Syria said it would retaliate if Israel attacked its territory.",
                &[("SYR", "ISR", "1384")],
            ),
            (
                "If Japan deploys missiles, China will retaliate.",
                &[("CHN", "JPN", "1384")],
            ),
            (
                "The rebels threatened to kill the hostages unless France withdrew its troops.",
                &[("---REB", "FRA", "1384")],
            ),
            (
                "Beijing turned down a request from Washington for a meeting.",
                &[("CHN", "USA", "125")],
            ),
            // A verb right before "that" finds its target in the clause; a reporting verb
            // reports the clause's event, and a denial reports none.
            (
                "Iran threatened that Israel would regret any attack.",
                &[("IRN", "ISR", "130")],
            ),
            (
                "Japan complained that China had violated its airspace.",
                &[("CHN", "JPN", "150"), ("JPN", "CHN", "114")],
            ),
            (
                "South Korea said that North Korea fired a missile.",
                &[("PRK", "", "150")],
            ),
            ("Pakistan denied that it had helped Iran.", &[]),
            (
                "Hungary's prime minister lashed out at the European Union.",
                &[("HUNGOV", "IGOEEC", "111")],
            ),
            (
                "Turkish artillery pounded Kurdish positions in northern Syria.",
                &[("TUR", "SYR", "194")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// The ninth probe: investigations opened, troops pulled out, forces put on alert
    /// (one-sided), bailouts, places of conflict named for their states, intelligence
    /// services by name, and a past form after a verb and a number describes a noun.
    #[test]
    fn investigations_alerts_bailouts_and_places_of_conflict() {
        let cases: &[Case] = &[
            (
                "North Korea freed two detained American journalists.",
                &[("PRK", "USAMED", "084")],
            ),
            (
                "The United Nations launched an investigation into the killing of civilians in Darfur.",
                &[("IGOUNO", "SDNCVL", "090")],
            ),
            (
                "Spain opened an inquiry into the CIA flights.",
                &[("ESP", "USASPY", "090")],
            ),
            (
                "Syria pulled its last soldiers out of Lebanon.",
                &[("SYR", "LBN", "087")],
            ),
            (
                "Venezuela put its armed forces on high alert.",
                &[("VEN", "", "152")],
            ),
            (
                "The IMF approved a bailout for Egypt.",
                &[("IGOIMF", "EGY", "071")],
            ),
            (
                "Russian forces shelled Donetsk.",
                &[("RUSMIL", "UKR", "194")],
            ),
            (
                "The International Criminal Court issued an arrest warrant for Russian President Vladimir Putin.",
                &[("IGOICC", "RUSGOV", "173")],
            ),
            (
                "North Korea issued an ultimatum to South Korea.",
                &[("PRK", "KOR", "139")],
            ),
            (
                "Chinese hackers stole data from the U.S. Office of Personnel Management.",
                &[("CHN", "USA", "171")],
            ),
            // Light verbs with words between their parts.
            (
                "China expressed its condolences to Japan.",
                &[("CHN", "JPN", "018")],
            ),
            (
                "Russia and Ukraine broke off their talks.",
                &[("RUS", "UKR", "164"), ("UKR", "RUS", "164")],
            ),
            (
                "North Korea raised its military alert.",
                &[("PRK", "", "152")],
            ),
            (
                "Kim Jong Un paid an unofficial visit to China.",
                &[("CHN", "PRKGOV", "043"), ("PRKGOV", "CHN", "042")],
            ),
            ("Russia will pay a heavy price.", &[]),
            (
                "The Israeli cabinet approved a ceasefire with Hezbollah.",
                &[("ISRGOV", "LBNREB", "0871")],
            ),
            (
                "Washington slapped tariffs on Chinese steel imports.",
                &[("USA", "CHN", "163")],
            ),
            (
                "Pakistani troops fired mortar shells into Indian-controlled Kashmir.",
                &[("PAKMIL", "IND", "194")],
            ),
            (
                "The Philippines and the United States launched joint military exercises.",
                &[("PHL", "USA", "062"), ("USA", "PHL", "062")],
            ),
            (
                "Russia moved nuclear weapons to Belarus.",
                &[("RUS", "BLR", "154")],
            ),
            ("China moved missiles to the border.", &[("CHN", "", "154")]),
            ("Russia moved its embassy.", &[]),
            // What is weighed or refused has not been done; a gerund right after a group
            // describes it.
            ("South Korea considered sending weapons to Ukraine.", &[]),
            (
                "Ukraine captured North Korean soldiers fighting for Russia in Kursk.",
                &[("UKR", "PRKMIL", "173")],
            ),
            (
                "Indian and Pakistani troops traded artillery fire in Kashmir.",
                &[("INDMIL", "PAKMIL", "194"), ("PAKMIL", "INDMIL", "194")],
            ),
            (
                "China and the United States traded accusations.",
                &[("CHN", "USA", "112"), ("USA", "CHN", "112")],
            ),
            (
                "Chechen rebels seized a hospital in southern Russia.",
                &[("RUSREB", "RUS", "1711")],
            ),
            // A participle after a noun and before "by" is a reduced passive acting on
            // that noun; an -ing clause after a comma is a clause of its own.
            ("A tanker seized by Iranian forces was released.", &[]),
            (
                "Japan's prime minister visited the Yasukuni shrine, angering China and South Korea.",
                &[],
            ),
            (
                "Turkey's president vowed to continue military operations against Kurdish militants in Syria.",
                &[("TURGOV", "SYRREB", "1384")],
            ),
            (
                "Moscow and Beijing held their first joint air patrol over the Sea of Japan.",
                &[("CHN", "RUS", "062"), ("RUS", "CHN", "062")],
            ),
            // Opening talks is not opening fire.
            ("Russia opened talks on Ukraine.", &[]),
            (
                "Sudanese police opened fire on protesters in Darfur.",
                &[("SDNCOP", "SDNOPP", "190")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Events named by a noun at the head of the sentence, whose actor is the noun's
    /// possessor or follows "of" (issue 14 point 2, nominal events).
    #[test]
    fn events_named_by_a_noun_at_the_head_of_the_sentence() {
        let cases: &[Case] = &[
            // The verb's subject is the invasion, so the killing is the invasion's.
            (
                "Russia's invasion of Ukraine has killed thousands of civilians.",
                &[("RUS", "UKR", "190"), ("RUS", "UKRCVL", "190")],
            ),
            (
                "The visit of the Iranian president to Iraq is the first since the war.",
                &[("IRNGOV", "IRQ", "042")],
            ),
            (
                "Putin's visit to Pyongyang alarmed Seoul.",
                &[("RUSGOV", "PRK", "042")],
            ),
            (
                "North Korea's launch of a spy satellite drew condemnation from Seoul.",
                // (the condemnation it drew is Seoul's criticism of North Korea)
                &[("KOR", "PRK", "111"), ("PRK", "", "150")],
            ),
            (
                "Israel's attack on Iran's nuclear sites raised oil prices.",
                &[("ISR", "IRN", "190")],
            ),
            // Planned is not done; a noun that is the object of another verb is that
            // verb's topic.
            ("Xi's planned visit to Moscow was postponed.", &[]),
            (
                "Japan condemned Russia's invasion of Ukraine.",
                &[("JPN", "RUS", "111")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// A participle after a noun and before "by" is a reduced passive acting on that noun:
    /// the ship was attacked, the navy that rescued its crew did not attack anyone.
    #[test]
    fn a_reduced_passive_acts_on_the_noun_before_it() {
        let ev = coded(
            "The Indian navy rescued the crew of a merchant ship attacked by Somali pirates.",
        );
        assert!(!ev.iter().any(|(_, _, c)| c.starts_with("19")), "{ev:?}");
        // "shortened by one hour" is a measure: the curfew is still eased.
        assert_eq!(
            coded("The Sudanese government on Thursday shortened by one hour the nightly curfew."),
            [one("SDNGOV", "SDN", "0813")]
        );
        let cases: &[Case] = &[
            // What the participle describes is no actor, and the navy after it belongs to
            // another clause.
            (
                "A merchant ship attacked by Somali pirates was rescued by the Indian navy.",
                &[],
            ),
            // A participle clause after the comma that closes another clause describes
            // the noun before the comma, with or without a participle governing it, and
            // ends the clause before it (Italy is no party to Egypt's war games).
            (
                "Egypt launched war games, expected to be joined by Italy.",
                &[("EGY", "", "150")],
            ),
            (
                "Gunmen attacked a convoy of Syrian troops, backed by Russian jets.",
                &[("---UAF", "SYRMIL", "190"), ("RUS", "SYRMIL", "051")],
            ),
            // ... and when that noun is a preposition's object, the noun before the
            // preposition ("Kurdish fighters" is no actor here).
            (
                "Turkey attacked Kurdish fighters in Syria, supported by American troops.",
                &[("TUR", "SYR", "190")],
            ),
            // A participle clause before the main verb still leaves its subject alone.
            (
                "Kim Jong Un, accompanied by his sister, visited China.",
                &[("CHN", "PRKGOV", "043"), ("PRKGOV", "CHN", "042")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// States named together that hold drills do so with each other (062); states named
    /// together meeting in one partner's capital meet each other.
    #[test]
    fn joint_drills_and_meetings_of_states_named_together() {
        let cases: &[Case] = &[
            (
                "Russian and Chinese warships on Tuesday began a week of naval drills in the East China Sea.",
                &[("CHNMIL", "RUSMIL", "062"), ("RUSMIL", "CHNMIL", "062")],
            ),
            (
                "French and Egyptian warships launched 10 days of war games in the Mediterranean Sea, expected to be joined later by Italian vessels.",
                &[("EGYMIL", "FRAMIL", "062"), ("FRAMIL", "EGYMIL", "062")],
            ),
            (
                "Russian troops began drills near the border.",
                &[("RUSMIL", "", "150")],
            ),
            (
                "South Korea and the United States held a summit in Washington.",
                &[("KOR", "USA", "040"), ("USA", "KOR", "040")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Tests and strikes conducted or carried out, borders closed, sanctions blocked, and
    /// a gerund after a topic's "on".
    #[test]
    fn tests_strikes_borders_and_blocked_sanctions() {
        let cases: &[Case] = &[
            // A test conducted is a show of force with one side, as a launch is.
            (
                "North Korea conducted its sixth nuclear test on Sunday.",
                &[("PRK", "", "150")],
            ),
            ("Iran carried out a missile test.", &[("IRN", "", "150")]),
            (
                "Pakistan conducted a test of a Shaheen missile.",
                &[("PAK", "", "150")],
            ),
            // Air strikes conducted, carried out or stepped up are aerial weapons (195),
            // one event, not a labour strike (143): a noun after a verb's particle.
            (
                "Israel carried out air strikes on Syria.",
                &[("ISR", "SYR", "195")],
            ),
            (
                "Israel conducted air strikes on Syria.",
                &[("ISR", "SYR", "195")],
            ),
            (
                "Russia stepped up air strikes on Ukraine.",
                &[("RUS", "UKR", "195")],
            ),
            // A border with a state closed or sealed: movement restricted (191).
            (
                "Ethiopia closed its border with Eritrea.",
                &[("ETH", "ERI", "191")],
            ),
            (
                "Turkey sealed its border with Syria.",
                &[("TUR", "SYR", "191")],
            ),
            // Sanctions blocked: a veto of those who would impose them; "EU sanctions"
            // after a verb is a noun, not the EU sanctioning.
            (
                "Hungary blocked a new round of EU sanctions on Russia.",
                &[("HUN", "IGOEEC", "129")],
            ),
            ("The EU sanctions Russia.", &[("IGOEEC", "RUS", "163")]),
            // ... and a name after a preposition before a past form is still a subject.
            (
                "The Chinese embassy in Seoul lodged a complaint with the South Korean government.",
                &[("CHNGOV", "KORGOV", "114")],
            ),
            // "talks on joining": "on" after a noun gives a topic, not a time; nothing
            // has been joined.
            (
                "Georgia's ruling party suspended talks on joining the European Union.",
                &[("GEO", "IGOEEC", "164")],
            ),
            (
                "Putin praised China on arriving in Beijing.",
                &[("RUSGOV", "CHN", "051")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Hits, strikes launched, mediation, failures, and clauses of time.
    #[test]
    fn hits_brokered_ceasefires_failures_and_clauses_of_time() {
        let cases: &[Case] = &[
            ("Russian missiles hit Dnipro.", &[("RUS", "UKR", "190")]),
            (
                "The United States hit China with new tariffs.",
                &[("USA", "CHN", "163")],
            ),
            (
                "China hit back at the United States.",
                &[("CHN", "USA", "111")],
            ),
            (
                "The US and Britain launched strikes against Houthi targets in Yemen.",
                &[("GBR", "YEMREB", "190"), ("USA", "YEMREB", "190")],
            ),
            // A ceasefire brokered between parties: mediation with each.
            (
                "Egypt and Qatar brokered a ceasefire between Israel and Hamas.",
                &[
                    ("EGY", "ISR", "045"),
                    ("EGY", "PSEREB", "045"),
                    ("QAT", "ISR", "045"),
                    ("QAT", "PSEREB", "045"),
                ],
            ),
            // What a party failed or was unable to do has not been done.
            (
                "The UN Security Council failed to agree on a response to North Korea's launch.",
                &[],
            ),
            ("Iran was unable to deliver the missiles to Russia.", &[]),
            ("Russia refused to attack Kyiv.", &[("RUS", "UKR", "120")]),
            // "after" opening a clause with its own subject and verb ends the clause
            // before it; a show of force with no party in its own clause is aimed at
            // the party acting in that clause of time (a neighbour's reaction).
            (
                "Poland scrambled fighter jets after a Russian missile entered its airspace.",
                &[("POL", "RUS", "152"), ("RUS", "POL", "150")],
            ),
            (
                "Xi praised Russia after talks ended in Moscow.",
                &[("CHNGOV", "RUS", "051")],
            ),
            // What an accusation says was done is not coded, nor are the shells in it a
            // shelling.
            (
                "Washington accused Pyongyang of supplying artillery shells to Moscow.",
                &[("USA", "PRK", "112")],
            ),
            (
                "Members of Japan's ruling party criticised China's military build-up.",
                &[("JPN", "CHNMIL", "111")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Armed groups as their state's rebels, what is received as the giver's act, cases
    /// filed, "close to" as an adjective, and reduced relatives as clauses of their own.
    #[test]
    fn armed_groups_receipts_and_reduced_relatives() {
        let cases: &[Case] = &[
            (
                "Colombia resumed peace talks with the ELN guerrillas in Havana.",
                &[("COL", "COLREB", "040")],
            ),
            (
                "Turkish jets bombed PKK positions in northern Iraq.",
                &[("TUR", "TURREB", "195")],
            ),
            (
                "Al-Shabaab fighters attacked a Kenyan military base.",
                &[("SOMREB", "KENMIL", "190")],
            ),
            (
                "Egypt received a large investment from the United Arab Emirates.",
                &[("ARE", "EGY", "061")],
            ),
            (
                "Ukraine received fighter jets from Denmark.",
                &[("DNK", "UKR", "072")],
            ),
            (
                "South Africa filed a genocide case against Israel at the International Court of Justice.",
                &[("ZAF", "ISR", "115")],
            ),
            (
                "An Iranian newspaper close to the government threatened retaliation against Saudi Arabia.",
                &[("IRNMED", "SAU", "138")],
            ),
            // A state that backs a group is not the group: the group acts.
            (
                "Rwanda-backed M23 rebels seized Goma.",
                &[("CODREB", "COD", "1711")],
            ),
            (
                "Iran-backed militias attacked US troops in Syria.",
                &[("---UAF", "USAMIL", "190")],
            ),
            // The freed schoolgirls are not Boko Haram, who kidnapped them.
            (
                "Nigeria's army freed 300 schoolgirls kidnapped by Boko Haram.",
                &[],
            ),
            // An owner or author named by a participle is the target's owner.
            (
                "Iran seized a tanker owned by a Greek company.",
                &[("IRN", "GRCBUS", "1711")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Roles after "its" as a subject are the nearest state's; councils, institutions,
    /// reports and concern.
    #[test]
    fn own_roles_councils_reports_and_concern() {
        let cases: &[Case] = &[
            (
                "The Israeli army said its troops had killed three Palestinian gunmen in the West Bank.",
                &[("ISRMIL", "PSEUAF", "190")],
            ),
            // As an object, "its ambassador" stays the actor's own, acting on the place.
            (
                "Serbia recalled its ambassador from Montenegro.",
                &[("SRB", "MNE", "161")],
            ),
            (
                "Russia put its forces on high alert.",
                &[("RUS", "", "152")],
            ),
            (
                "The ruling military council in Myanmar dismissed a United Nations report on atrocities against the Rohingya.",
                &[("MMRMILGOV", "IGOUNO", "120")],
            ),
            (
                "Several members of the European Parliament condemned Azerbaijan's offensive in Karabakh.",
                &[("IGOEEC", "AZE", "111")],
            ),
            (
                "Japan expressed concern about China's military build-up.",
                &[("JPN", "CHNMIL", "012")],
            ),
            // After "the UN" a verb "reported" still attributes.
            (
                "North Korea fired a missile, the UN reported.",
                &[("PRK", "", "150")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Listings under sanctions, reopened embassies, upgraded ties, enemies declared, a
    /// pact that names its members, and a gerund clause that is no list.
    #[test]
    fn listings_embassies_ties_and_enemies() {
        let cases: &[Case] = &[
            (
                "The EU listed three North Korean generals under its sanctions regime.",
                &[("IGOEEC", "PRKMIL", "163")],
            ),
            (
                "Iran and Saudi Arabia reopened their embassies.",
                &[("IRN", "SAU", "050"), ("SAU", "IRN", "050")],
            ),
            (
                "Japan reopened its embassy in Kabul.",
                &[("JPN", "AFG", "050")],
            ),
            (
                "Vietnam upgraded its relations with the United States to a comprehensive strategic partnership.",
                &[("VNM", "USA", "050")],
            ),
            (
                "North Korea declared South Korea its principal enemy.",
                &[("PRK", "KOR", "111")],
            ),
            (
                "China condemned the AUKUS pact.",
                &[
                    ("CHN", "AUS", "111"),
                    ("CHN", "GBR", "111"),
                    ("CHN", "USA", "111"),
                ],
            ),
            // A newspaper banned is an administrative sanction; the newspaper's own
            // criticism names no state on either side and is no event.
            (
                "The Moroccan authorities banned a newspaper that criticised the king.",
                &[("MARGOV", "MARMED", "172")],
            ),
            (
                "Hungary's prime minister visited Moscow, angering EU partners.",
                &[("HUNGOV", "RUS", "042"), ("RUS", "HUNGOV", "043")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// A past form before "of" is a verb; a name before "$" is a currency.
    #[test]
    fn warned_of_and_currencies() {
        let cases: &[Case] = &[
            ("China warned of countermeasures.", &[("CHN", "", "130")]),
            // A threat with no named target is aimed at whom its condition names.
            (
                "China warned of strong countermeasures if the Philippines continued its actions.",
                &[("CHN", "PHL", "130")],
            ),
            // "the launch of" is still a noun.
            ("North Korea condemned the launch of the satellite.", &[]),
            (
                "Japan accused China of misusing up to US $50 million in aid.",
                &[("JPN", "CHN", "112")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Roles before the places they hold, guerrillas, completed withdrawals and promises
    /// reneged on.
    #[test]
    fn strongholds_guerrillas_withdrawals_and_reneging() {
        let cases: &[Case] = &[
            (
                "Burmese troops captured a guerrilla stronghold.",
                &[("MMRMIL", "MMRREB", "192")],
            ),
            (
                "Indian troops attacked guerrillas.",
                &[("INDMIL", "INDREB", "190")],
            ),
            // A role before a kind of thing is still no actor.
            (
                "The Russian navy staged military drills.",
                &[("RUSMIL", "", "150")],
            ),
            (
                "Syria said its forces had completed their withdrawal from Lebanon.",
                &[("SYRMIL", "LBN", "087")],
            ),
            (
                "Kenya reneged on its promise to Uganda.",
                &[("KEN", "UGA", "120")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// After a reporting word, an unknown subject of its own is not the reporter; a plural
    /// after a several-word name after a verb is a noun.
    #[test]
    fn unknown_subjects_after_reporting_words_and_plural_nouns() {
        let cases: &[Case] = &[
            (
                "The defence ministry said the army had fired artillery near the maritime border.",
                &[],
            ),
            // (in a sentence naming a Korea, "the North" is North Korea)
            (
                "South Korea's defence ministry said the North had fired artillery near the maritime border.",
                &[("PRK", "", "150")],
            ),
            (
                "The ministry said yesterday Russia attacked Ukraine.",
                &[("RUS", "UKR", "190")],
            ),
            (
                "South Korea said North Korea fired a missile.",
                &[("PRK", "", "150")],
            ),
            (
                "Satellite images showed North Korean ships docking at a Russian port.",
                &[],
            ),
            (
                "After talks, North Korea ships coal to China.",
                &[("PRK", "CHN", "070")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Clauses joined by "and": the second clause's subject is its own; "the North" and
    /// "the South" in a sentence about a Korea; compound subjects acting on a third party.
    #[test]
    fn coordinated_clauses_the_north_and_compound_subjects() {
        let cases: &[Case] = &[
            (
                "North Korea fired missiles and Seoul held drills.",
                &[("KOR", "", "150"), ("PRK", "", "150")],
            ),
            (
                "North Korea fired missiles, and the South responded with drills.",
                &[("PRK", "", "150")],
            ),
            (
                "Russia sent oil to North Korea and the North supplied artillery to Russia.",
                &[("PRK", "RUS", "072"), ("RUS", "PRK", "071")],
            ),
            (
                "Japan imposed sanctions on North Korea and the North condemned Tokyo.",
                &[("JPN", "PRK", "163"), ("PRK", "JPN", "111")],
            ),
            (
                "South Korea suspended the 2018 military agreement with the North.",
                &[("KOR", "PRK", "160")],
            ),
            // Names joined after a reporting word stay one subject.
            (
                "Seoul said North Korea and Russia signed a military pact.",
                &[("PRK", "RUS", "057"), ("RUS", "PRK", "057")],
            ),
            // A list of weapons after a comma and "and" is no clause.
            (
                "Vietnamese forces launched artillery, mortar, and rocket fire against Cambodia.",
                &[("VNMMIL", "KHM", "190")],
            ),
            // A compound subject acts on a party named as the verb's object, and on each
            // other only when none is.
            (
                "Troops from North Korea and Russia fought Ukrainian forces in Kursk.",
                &[("PRKMIL", "UKRMIL", "190"), ("RUSMIL", "UKRMIL", "190")],
            ),
            // Warships sent are forces moved, not a gift of the ships.
            (
                "The United States sent a warship through the Taiwan Strait.",
                &[("USA", "", "154")],
            ),
            ("Russia sent warships to Cuba.", &[("RUS", "CUB", "154")]),
            (
                "Peru and Ecuador clashed on the border.",
                &[("ECU", "PER", "190"), ("PER", "ECU", "190")],
            ),
            (
                "Russia and China held joint naval drills near Japan.",
                &[("CHN", "RUS", "062"), ("RUS", "CHN", "062")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Arms delivered are a transfer, warships sent forces moved; executions; a state's
    /// protest is a complaint.
    #[test]
    fn transfers_executions_and_state_protests() {
        let cases: &[Case] = &[
            (
                "China delivered eight submarines to Pakistan.",
                &[("CHN", "PAK", "072")],
            ),
            ("Russia sent warships to Cuba.", &[("RUS", "CUB", "154")]),
            (
                "Myanmar's junta executed four democracy activists.",
                &[("MMRMILGOV", "MMROPP", "1823")],
            ),
            (
                "Vietnam protested China's construction on the Paracel Islands.",
                &[("VNM", "CHN", "114")],
            ),
            (
                "Japanese activists protested China's claims.",
                &[("JPNOPP", "CHN", "141")],
            ),
            (
                "The Netherlands handed over F-16 fighter jets to Ukraine.",
                &[("NLD", "UKR", "072")],
            ),
            (
                "Libya handed over the two Lockerbie suspects to the Netherlands.",
                &[("LBY", "NLD", "063")],
            ),
            // "-run", "-held", "-occupied" give the holder.
            (
                "Kosovo police raided Serb-run offices in the north.",
                &[("KSVCOP", "SRB", "190")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Forces crossing into or entering a state, force as a response (a threat when it is
    /// to come), talks entered, marches that protest something, foreign secretaries
    /// and counterparts.
    #[test]
    fn incursions_responses_in_force_talks_entered_and_marches() {
        let cases: &[Case] = &[
            (
                "Ethiopian troops crossed into Somalia on Friday.",
                &[("ETHMIL", "SOM", "192")],
            ),
            (
                "Turkish forces entered northern Syria.",
                &[("TURMIL", "SYR", "192")],
            ),
            // Crossing is no incursion when others cross.
            ("Thousands of refugees crossed into Chad.", &[]),
            (
                "India responded with force to the Pakistani shelling.",
                &[("IND", "PAK", "190")],
            ),
            (
                "Pakistan said it would respond with full force to any Indian aggression.",
                &[("PAK", "IND", "1384")],
            ),
            (
                "Russia entered into talks with Ukraine.",
                &[("RUS", "UKR", "046")],
            ),
            // A march "to protest" is a demonstration; "to" opens its purpose, not its
            // addressee, as it would after "protested".
            (
                "Thousands of Kenyans marched through Nairobi to protest against Somali refugees.",
                &[("KEN", "SOMREF", "141")],
            ),
            (
                "Vietnam protested to China over the oil rig.",
                &[("VNM", "CHN", "114")],
            ),
            // A foreign secretary and a counterpart are the government's; "and his
            // counterpart" joins a compound subject.
            (
                "Britain's foreign secretary met Iran's foreign minister.",
                &[("GBRGOV", "IRNGOV", "040")],
            ),
            (
                "Japan's defence minister and his Australian counterpart agreed to deepen security ties.",
                &[("AUSGOV", "JPNGOV", "032"), ("JPNGOV", "AUSGOV", "032")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// A gerund after a verb's object has the object as subject; acts warned against, or
    /// named as a clause's subject, are not done; aid received from a giver named before it.
    #[test]
    fn gerunds_after_objects_and_acts_warned_against() {
        let cases: &[Case] = &[
            (
                "The Japanese coast guard spotted a North Korean vessel transferring cargo to a Chinese-flagged ship.",
                &[("PRK", "CHN", "070")],
            ),
            (
                "Seoul warned Moscow that supplying precision weapons to Pyongyang would cross a red line.",
                &[("KOR", "RUS", "130")],
            ),
            (
                "Seoul warned Moscow against supplying weapons to Pyongyang.",
                &[("KOR", "RUS", "130")],
            ),
            // Aid received with its giver named before it is the giver's.
            (
                "Myanmar's junta received Russian assistance for a small nuclear reactor.",
                &[("RUS", "MMRMILGOV", "070")],
            ),
            (
                "Ukraine received American humanitarian aid.",
                &[("USA", "UKR", "073")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Participation in a bloc frozen, offensives vowed to go on, aircraft shot down.
    #[test]
    fn participation_frozen_offensives_continued_and_aircraft_shot_down() {
        let cases: &[Case] = &[
            (
                "Armenia froze its participation in the Russian-led security bloc.",
                &[("ARM", "RUS", "160")],
            ),
            // Force vowed is a threat of it (1384), not an intent to cooperate (030).
            (
                "Israel's prime minister vowed to continue the offensive in Rafah despite American objections.",
                &[("ISRGOV", "PSE", "1384")],
            ),
            (
                "Russian forces shot down a Ukrainian military transport plane near Belgorod.",
                &[("RUSMIL", "UKRMIL", "190")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Requests and invitations declined; arrests ordered, in absentia too.
    #[test]
    fn requests_declined_and_arrests_ordered() {
        let cases: &[Case] = &[
            // The refusal, not what was asked for.
            (
                "Kazakhstan's president declined Russia's request to send troops to Ukraine.",
                &[("KAZGOV", "RUS", "120")],
            ),
            ("Oil exports declined sharply.", &[]),
            (
                "A Russian court ordered the arrest in absentia of the Estonian prime minister.",
                &[("RUSJUD", "ESTGOV", "173")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// A meeting or a concession refused for the future is a rejection; a negated act in
    /// the past is nothing.
    #[test]
    fn meetings_and_concessions_refused_for_the_future_are_rejections() {
        let cases: &[Case] = &[
            (
                "Iran said it would never negotiate with the United States.",
                &[("IRN", "USA", "125")],
            ),
            ("Russia will not meet Ukraine.", &[("RUS", "UKR", "125")]),
            (
                "Israel will not withdraw its troops from Lebanon.",
                &[("ISR", "LBN", "124")],
            ),
            // Aid not to be given is no rejection of anything asked.
            ("Japan will not provide aid to North Korea.", &[]),
            ("Iran did not negotiate with the United States.", &[]),
            // Force not to be used is no rejection.
            ("North Korea would not attack South Korea.", &[]),
        ];
        assert_all_coded(cases);
    }

    /// "Told X that Y must": a demand of Y, whoever is told; opposition voiced.
    #[test]
    fn demands_told_to_a_third_party_and_opposition_voiced() {
        let cases: &[Case] = &[
            (
                "Syria told the United States that Israel must withdraw from the Golan Heights.",
                &[("SYR", "ISR", "100")],
            ),
            (
                "The Syrian president told visiting U.S. Secretary of State Warren Christopher that Israel must withdraw from the Golan Heights.",
                &[("SYRGOV", "ISR", "100")],
            ),
            // "States" in a name is no reporting word.
            (
                "The United States said that Iran must stop enrichment.",
                &[("USA", "IRN", "100")],
            ),
            (
                "China voiced strong opposition to the American arms sale to Taiwan.",
                &[("CHN", "USA", "111")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Charges brought with a crime named are legal action; an indictment, as the CAMEO
    /// manual codes one, an accusation; prison sentences in months.
    #[test]
    fn charges_indictments_and_sentences_in_months() {
        let cases: &[Case] = &[
            (
                "Germany's federal prosecutor charged a Russian citizen with spying for Moscow.",
                &[("DEUJUD", "RUS", "173")],
            ),
            (
                "The UN war crimes court indicted Serbia's president.",
                &[("IGOUNOJUD", "SRBGOV", "112")],
            ),
            (
                "Iran charged that Israel was behind the attack.",
                &[("IRN", "ISR", "112")],
            ),
            (
                "A Turkish court sentenced a Swedish journalist to eleven months in prison.",
                &[("TURJUD", "SWEMED", "116")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Vessels flagged in a state, warplanes flown in a show of force, weapons whose
    /// transfer or delivery is approved, vessels rammed and exercises hosted.
    #[test]
    fn vessels_flagged_in_a_state_shows_of_force_and_approved_transfers() {
        let cases: &[Case] = &[
            (
                "A tanker flagged in Panama transferred oil to a North Korean vessel.",
                &[("PAN", "PRK", "071")],
            ),
            (
                "A ship registered in Togo delivered weapons to Libya.",
                &[("TGO", "LBY", "072")],
            ),
            // "Based in" places without affiliating: whose troops is not said.
            ("Troops based in Poland held exercises.", &[]),
            (
                "South Korean warplanes flew over the peninsula in a show of force.",
                &[("KORMIL", "", "150")],
            ),
            (
                "The United States approved the transfer of cluster munitions to Kyiv.",
                &[("USA", "UKR", "072")],
            ),
            (
                "Germany approved the delivery of Leopard tanks to Ukraine.",
                &[("DEU", "UKR", "072")],
            ),
            // Money transferred is no weapon.
            ("The bank approved the transfer of funds to Iran.", &[]),
            // A plural before a past form with an object of its own is the subject's noun,
            // and a vessel rammed is force; "ships" with an object stays a verb.
            (
                "Chinese coast guard ships rammed a Philippine supply vessel near Second Thomas Shoal.",
                &[("CHNMIL", "PHL", "190")],
            ),
            ("Russia ships oil to North Korea.", &[("RUS", "PRK", "071")]),
            // Exercises hosted with other states are military cooperation, not a visit.
            (
                "South Africa hosted naval exercises with Russia and China off its east coast.",
                &[("ZAF", "CHN", "062"), ("ZAF", "RUS", "062")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Ceasefires with a length, peacekeeping missions expelled, flight as a clause of its
    /// own, gangs, and units a role holds.
    #[test]
    fn ceasefires_missions_flight_and_gangs() {
        let cases: &[Case] = &[
            (
                "Sudan's army and the RSF agreed to a seven-day ceasefire in Jeddah.",
                &[("SDNMIL", "SDNREB", "0871"), ("SDNREB", "SDNMIL", "0871")],
            ),
            (
                "Mali's junta expelled the UN peacekeeping mission.",
                &[("MLIMILGOV", "IGOUNO", "1661")],
            ),
            (
                "Bangladesh's prime minister resigned and fled to India after weeks of protests.",
                &[("BGDGOV", "BGD", "0831")],
            ),
            (
                "Haitian gangs attacked a police station.",
                &[("HTICRM", "HTICOP", "190")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Treaties left, memberships gained, aid approved or opposed, and targets of no state.
    #[test]
    fn treaties_memberships_aid_and_stateless_targets() {
        let cases: &[Case] = &[
            (
                "The United States withdrew from the Iran nuclear deal.",
                &[("USA", "IRN", "160")],
            ),
            // "Forces" in a treaty's name are nobody's: no event.
            (
                "The United States withdrew from the Intermediate-Range Nuclear Forces Treaty.",
                &[],
            ),
            (
                "Iran became a full member of the Shanghai Cooperation Organisation.",
                &[("IRN", "IGOSCO", "057")],
            ),
            (
                "Japan approved new economic aid for Ukraine.",
                &[("JPN", "UKR", "071")],
            ),
            // "new military aid" after a verb is a noun: opposing it is no aid.
            (
                "Hungary and Slovakia opposed new military aid for Ukraine.",
                &[("HUN", "UKR", "110"), ("SVK", "UKR", "110")],
            ),
            (
                "The new army attacked Liberia.",
                &[("---MIL", "LBR", "190")],
            ),
            // A judgement before the object, and "claims of" as a noun.
            (
                "The Afghan government on Monday rejected as baseless Pakistani claims of cross-border attacks.",
                &[("AFGGOV", "PAK", "120")],
            ),
            (
                "Japan's prime minister pledged to double defence spending as China expands its military.",
                &[],
            ),
            (
                "The Chinese coast guard blocked a Philippine resupply mission to the Second Thomas Shoal.",
                &[("CHNMIL", "PHL", "191")],
            ),
            (
                "Israel blocked aid convoys to Gaza.",
                &[("ISR", "PSE", "191")],
            ),
            (
                "The US House speaker's visit to Taipei angered Beijing.",
                &[("USALEG", "TWN", "042")],
            ),
            // Names joined by a hyphen are both actors.
            (
                "North Korea's foreign ministry denounced the US-South Korea summit as a plot.",
                &[("PRKGOV", "KOR", "111"), ("PRKGOV", "USA", "111")],
            ),
            (
                "Ecuadorean police stormed the Mexican embassy in Quito.",
                &[("ECUCOP", "MEXGOV", "190")],
            ),
            // What "of" and a gerund tell after an object is the charge.
            ("Sweden convicted a man of spying for Russia.", &[]),
            (
                "Norway's police arrested a university guest lecturer suspected of spying for Russia.",
                &[],
            ),
            (
                "Japan accused China of misusing up to US $50 million in aid, an official said.",
                &[("JPN", "CHN", "112")],
            ),
            (
                "Bulgaria closed its airspace to Russian aircraft.",
                &[("BGR", "RUS", "163")],
            ),
            (
                "Germany will station a brigade permanently in Lithuania.",
                &[("DEU", "LTU", "154")],
            ),
            (
                "Denmark summoned the Russian ambassador after the incident.",
                &[("DNK", "RUSGOV", "114")],
            ),
            // Participles as adjectives; flights as visits only for "fly".
            (
                "North Korea unveiled a new uranium enrichment facility to visiting scientists.",
                &[],
            ),
            (
                "Putin met visiting Chinese officials.",
                &[("RUSGOV", "CHNGOV", "040")],
            ),
            (
                "Russian troops are invading Ukraine.",
                &[("RUSMIL", "UKR", "190")],
            ),
            (
                "Japan's foreign minister flew to Beijing for talks.",
                &[("CHN", "JPNGOV", "043"), ("JPNGOV", "CHN", "042")],
            ),
            // A state acting on its own people or places, named or not.
            ("Thailand imposed martial law.", &[("THA", "THA", "1724")]),
            (
                "Peru declared a state of emergency in Lima after protests.",
                &[("PER", "PER", "1724")],
            ),
            (
                "Russia-Ukraine talks resumed in Istanbul.",
                &[("RUS", "UKR", "040"), ("UKR", "RUS", "040")],
            ),
            (
                "Turkey hosted Russia-Ukraine talks in Istanbul.",
                &[
                    ("RUS", "TUR", "042"),
                    ("TUR", "RUS", "043"),
                    ("TUR", "UKR", "043"),
                    ("UKR", "TUR", "042"),
                ],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Both Koreas named at once are two actors.
    #[test]
    fn both_koreas_named_at_once_are_two_actors() {
        let cases: &[Case] = &[
            (
                "The two Koreas held talks at Panmunjom.",
                &[("KOR", "PRK", "040"), ("PRK", "KOR", "040")],
            ),
            (
                "China urged the two Koreas to show restraint.",
                &[("CHN", "KOR", "020"), ("CHN", "PRK", "020")],
            ),
            (
                "North and South Korean officials met in Kaesong.",
                &[("KORGOV", "PRKGOV", "040"), ("PRKGOV", "KORGOV", "040")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Leaving an organisation is reducing relations with it, not a military withdrawal;
    /// roles a possessive gives an owner are not the place's.
    #[test]
    fn withdrawals_from_organisations_and_places() {
        let cases: &[Case] = &[
            ("Mali withdrew from ECOWAS.", &[("MLI", "IGOWAFWAS", "160")]),
            (
                "The United States withdrew from UNESCO.",
                &[("USA", "IGOUNO", "160")],
            ),
            ("Israel withdrew from Gaza.", &[("ISR", "PSE", "087")]),
            (
                "Russia withdrew its troops from Syria.",
                &[("RUS", "SYR", "087")],
            ),
            (
                "China recalled its ambassador in Tokyo.",
                &[("CHN", "JPN", "161")],
            ),
            // Without the possessive, "the government of Iraq" is still Iraq's.
            (
                "The government of Iraq protested to Turkey.",
                &[("IRQGOV", "TUR", "114")],
            ),
        ];
        assert_all_coded(cases);
    }

    #[test]
    fn office_holders_beyond_the_watched_countries_are_dated() {
        let coder = crate::Coder::new(crate::dict::Dictionaries::builtin());
        let day = |y: i32| vigil_model::date::days_from_ymd(y, 6, 1);
        let code = |text: &str, y: i32| -> Vec<(String, String)> {
            coder
                .code_text(text, day(y))
                .into_iter()
                .map(|e| (e.source.code, e.target.code))
                .collect()
        };
        let text = "Abdelaziz Bouteflika met Moroccan officials.";
        assert_eq!(code(text, 2005), [("DZAGOV".into(), "MARGOV".into())]);
        assert_eq!(code(text, 2021), [("DZAELI".into(), "MARGOV".into())]);
        assert_eq!(
            code("President Bouteflika met Moroccan officials.", 2005),
            [("DZAGOV".into(), "MARGOV".into())]
        );
        // Both Bushes: the name codes the president of either term.
        for y in [1990, 2005] {
            assert_eq!(
                code("The Bush administration criticised Cuba.", y)[0].0,
                "USAGOV"
            );
        }
        assert_eq!(
            code("Zambian police arrested a Rwandan diplomat.", 2005).len(),
            1
        );
    }

    /// A role word that describes the noun after it is no actor, and "its" in a trailing
    /// attribution is the subject's.
    #[test]
    fn roles_as_adjectives_and_owners_of_trailing_attributions() {
        let cases: &[Case] = &[
            (
                "Seoul suspended the inter-Korean military agreement.",
                &[("KOR", "PRK", "160")],
            ),
            (
                "South Korea suspended the military pact with North Korea.",
                &[("KOR", "PRK", "160")],
            ),
            // The role still acts where it heads its group.
            (
                "The Russian military attacked Ukrainian positions.",
                &[("RUSMIL", "UKR", "190")],
            ),
        ];
        assert_all_coded(cases);
        let coder = crate::Coder::new(crate::dict::Dictionaries::builtin());
        let reporter = |text: &str| -> Vec<Option<String>> {
            coder
                .code_text(text, Some(19_000))
                .into_iter()
                .map(|e| e.attributed_to.map(|a| a.code))
                .collect()
        };
        for text in [
            "Poland will host US nuclear weapons, its president said.",
            "Poland will host US nuclear weapons, the country's president said.",
        ] {
            assert_eq!(reporter(text), [Some("POLGOV".to_string())], "{text}");
        }
        // A spy agency reports as its state's intelligence (SPY).
        assert_eq!(
            reporter("North Korea has shipped shells to Russia, South Korea's spy agency said."),
            [Some("KORSPY".to_string())]
        );
        // "Its" troops as a subject are the reporting subject's.
        assert_eq!(
            coded("The Israeli army said its troops had killed two Hamas fighters."),
            [one("ISRMIL", "PSEREB", "190")]
        );
    }

    /// Reporters named with a name the dictionaries do not know, after the role or
    /// after an inverted reporting word, and intelligence services by their adjective.
    #[test]
    fn reporters_with_unknown_names_and_inverted_reporting() {
        let coder = crate::Coder::new(crate::dict::Dictionaries::builtin());
        let reporter = |text: &str| -> Vec<(String, Option<String>)> {
            coder
                .code_text(text, Some(19_000))
                .into_iter()
                .map(|e| (e.code, e.attributed_to.map(|a| a.code)))
                .collect()
        };
        let cases: &[(&str, &str, Option<&str>)] = &[
            (
                "Russia has received shells from North Korea, Ukrainian intelligence said.",
                "072",
                Some("UKRSPY"),
            ),
            (
                "Russia has received shells from North Korea, Ukrainian intelligence chief Kyrylo Budanov said.",
                "072",
                Some("UKRSPY"),
            ),
            (
                "North Korea fired a missile, said Japan's defence ministry.",
                "150",
                Some("JPNGOV"),
            ),
            // The reporter's head noun may follow its role ("spy agency"), and a time
            // may stand between the reporting word and "that".
            (
                "South Korea's spy agency said on Wednesday that the North had sent troops to Russia.",
                "072",
                Some("KORSPY"),
            ),
            (
                "North Korea fired a missile, said Yoshimasa Hayashi, Japan's chief cabinet secretary.",
                "150",
                Some("JPNGOV"),
            ),
            // A gerund reports its own clause; a group before a verb is a subject.
            (
                "China criticised Japan, saying Tokyo had violated the agreement.",
                "111",
                None,
            ),
            (
                "China criticised Japan, said Tokyo had violated the agreement.",
                "111",
                None,
            ),
        ];
        for &(text, code, by) in cases {
            assert_eq!(
                reporter(text),
                [(code.to_string(), by.map(str::to_string))],
                "{text}"
            );
        }
    }

    /// British spellings of regular verbs, warning shots, retaliation by sanctions,
    /// access denied, agentless passives before a gerund and visitors named by a
    /// participle.
    #[test]
    fn travel_warning_shots_retaliation_and_denied_access() {
        let cases: &[Case] = &[
            (
                "Iran's foreign minister travelled to Moscow.",
                &[("IRNGOV", "RUS", "042"), ("RUS", "IRNGOV", "043")],
            ),
            (
                "The Japanese navy fired warning shots at a Chinese fishing boat.",
                &[("JPNMIL", "CHN", "150")],
            ),
            (
                "Beijing retaliated against Washington with sanctions.",
                &[("CHN", "USA", "163")],
            ),
            (
                "Syria denied UN inspectors access to the site.",
                &[("SYR", "IGOUNO", "1245")],
            ),
            (
                "UN inspectors were denied access to the Yongbyon complex.",
                &[("PRK", "IGOUNO", "1245")],
            ),
            // The passive's subject is charged by no one named; North Korea is where the
            // goods went.
            (
                "A Singaporean firm was charged with exporting luxury goods to North Korea.",
                &[],
            ),
            // Visitors named by "visiting" are the ones who visit.
            (
                "Putin received visiting Chinese officials in Moscow.",
                &[("CHNGOV", "RUSGOV", "042"), ("RUSGOV", "CHNGOV", "043")],
            ),
            (
                "North Korea showed a missile plant to visiting Russian officials.",
                &[],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Where a meeting is held is no party to it; calls, messages and ambassadors called
    /// in.
    #[test]
    fn venues_calls_messages_and_ambassadors_called_in() {
        let cases: &[Case] = &[
            (
                "The two ministers met on the sidelines of the G20 summit.",
                &[],
            ),
            ("The two ministers met in New Delhi on Monday.", &[]),
            (
                "Lavrov met Wang Yi on the sidelines of the ASEAN meeting in Vientiane.",
                &[("RUSGOV", "CHNGOV", "040")],
            ),
            // Arriving in a state visits it.
            (
                "The Russian foreign minister arrived in Pyongyang.",
                &[("PRK", "RUSGOV", "043"), ("RUSGOV", "PRK", "042")],
            ),
            (
                "Japan's prime minister spoke with the US president by phone.",
                &[("JPNGOV", "USAGOV", "041")],
            ),
            (
                "Putin sent a birthday message to Kim Jong Un.",
                &[("RUSGOV", "PRKGOV", "040")],
            ),
            (
                "Seoul called in the Russian ambassador to protest.",
                &[("KOR", "RUSGOV", "114")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Warplanes sent toward a state, fleets, engines tested and launches conducted.
    #[test]
    fn warplanes_sent_toward_a_state_fleets_and_launches_conducted() {
        let cases: &[Case] = &[
            (
                "China sent 45 warplanes toward Taiwan.",
                &[("CHN", "TWN", "150")],
            ),
            // Weapons sent to a state are still a transfer.
            ("Iran sent drones to Russia.", &[("IRN", "RUS", "072")]),
            (
                "Russia's Northern Fleet began large-scale drills.",
                &[("RUSMIL", "", "150")],
            ),
            (
                "North Korea tested a new solid-fuel engine.",
                &[("PRK", "", "150")],
            ),
            (
                "Pakistan conducted a training launch of a ballistic missile.",
                &[("PAK", "", "150")],
            ),
            // Warships and troops arriving are forces moved; a satellite put into orbit.
            (
                "A Russian warship arrived at the Cuban port of Havana.",
                &[("RUSMIL", "CUB", "154")],
            ),
            (
                "North Korea put a spy satellite into orbit.",
                &[("PRK", "", "150")],
            ),
            // Drones launched with no target named; aimed at a state, an attack.
            (
                "Russia launched 100 drones overnight.",
                &[("RUS", "", "150")],
            ),
            ("Iran fired drones at Israel.", &[("IRN", "ISR", "195")]),
            (
                "The Wagner group withdrew its fighters from Mali.",
                &[("RUSMIL", "MLI", "087")],
            ),
            // Troops fighting alongside an ally's cooperate with it.
            (
                "North Korean troops were fighting alongside Russian forces.",
                &[("PRKMIL", "RUSMIL", "062")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Headlines that open with two names and a comma, and countermeasures vowed.
    #[test]
    fn headline_pairs_and_countermeasures_vowed() {
        let cases: &[Case] = &[
            (
                "Russia, N. Korea sign defence pact",
                &[("PRK", "RUS", "057"), ("RUS", "PRK", "057")],
            ),
            (
                "Seoul, Tokyo hold security talks",
                &[("JPN", "KOR", "040"), ("KOR", "JPN", "040")],
            ),
            // Not in apposition, nor after a word that opens the sentence.
            (
                "North Korea, Russia's closest ally, fired a missile toward Japan.",
                &[("PRK", "JPN", "150")],
            ),
            (
                "Beijing vows countermeasures after US arms sale to Taiwan",
                &[("CHN", "USA", "130")],
            ),
            (
                "Iran vowed revenge against Israel.",
                &[("IRN", "ISR", "130")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Warnings against or over a matter, and acts on each other.
    #[test]
    fn warnings_against_a_matter_and_acts_on_each_other() {
        let cases: &[Case] = &[
            (
                "Washington warned Pyongyang against conducting a nuclear test.",
                &[("USA", "PRK", "130")],
            ),
            (
                "The US warned China over its support for Russia's war.",
                &[("USA", "CHN", "130")],
            ),
            // A threatened act named after the verb keeps its code.
            (
                "North Korea warned the United States of a nuclear war.",
                &[("PRK", "USA", "1385")],
            ),
            (
                "The Jordanian king warned against a regional war.",
                &[("JORGOV", "", "130")],
            ),
            (
                "Both Koreas accused each other of violating the armistice.",
                &[("KOR", "PRK", "112"), ("PRK", "KOR", "112")],
            ),
            (
                "India and Pakistan blamed one another for the attack.",
                &[("IND", "PAK", "112"), ("PAK", "IND", "112")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// A withdrawal of forces with no state named is one-sided (087), as force postures
    /// and threats are; investigations opened on someone.
    #[test]
    fn withdrawals_with_one_side_and_investigations() {
        let cases: &[Case] = &[
            (
                "Bosnian Serb forces completed their withdrawal from the town.",
                &[("BIHMIL", "", "087")],
            ),
            (
                "Russian forces completed their withdrawal from Kherson.",
                &[("RUSMIL", "UKR", "087")],
            ),
            (
                "Italy put a US national under investigation.",
                &[("ITA", "USA", "090")],
            ),
            // Without "by", the state where it happens investigates.
            (
                "A US national has been put under investigation in Italy.",
                &[("ITA", "USA", "090")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// A comma gerund that names a party the main event did not is an event of its own;
    /// forces placed on alert, in the passive too.
    #[test]
    fn comma_gerunds_with_new_parties_and_alerts_in_the_passive() {
        let cases: &[Case] = &[
            (
                "Israel struck targets in Syria, killing two Iranian military advisers.",
                &[("ISR", "IRNMIL", "190"), ("ISR", "SYR", "190")],
            ),
            // What the strike did to the party it named is the strike.
            (
                "Russian forces shelled Kharkiv, killing four Ukrainian civilians.",
                &[("RUSMIL", "UKR", "194")],
            ),
            (
                "Serbian troops were placed on high alert near the border.",
                &[("SRBMIL", "", "152")],
            ),
            (
                "China placed sanctions on three US defence firms.",
                &[("CHN", "USABUS", "163")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Statements that say what their issuers say, a bare "Kim" beside North Korea, and
    /// the comma that closes an opening adjunct.
    #[test]
    fn statements_issued_kim_and_opening_adjuncts() {
        let cases: &[Case] = &[
            (
                "North Korea issued a statement condemning Japan.",
                &[("PRK", "JPN", "111")],
            ),
            (
                "North Korea released a statement condemning Japan.",
                &[("PRK", "JPN", "111")],
            ),
            // A resolution still says what it says, not its vetoers; nor is the veto
            // aimed at the party the resolution is about (Russia shields Syria).
            ("Russia vetoed a resolution condemning Syria.", &[]),
            (
                "Kim oversaw the launch of a new missile, North Korea's state media said.",
                &[("PRKGOV", "", "150")],
            ),
            (
                "After talks in Moscow, Russia and China signed a treaty.",
                &[("CHN", "RUS", "057"), ("RUS", "CHN", "057")],
            ),
        ];
        assert_all_coded(cases);
        // Not while South Korea's presidents were Kims.
        let coder = crate::Coder::new(crate::dict::Dictionaries::builtin());
        let day = vigil_model::date::days_from_ymd(2000, 6, 14);
        let events = coder.code_text("Kim met North Korean officials in Pyongyang.", day);
        assert!(
            events.iter().all(|e| e.source.code != "PRKGOV"),
            "{events:?}"
        );
    }

    /// Sanctions "on" or "against" someone are a noun; sanctions violated defy norms;
    /// names match with the endings of names and demonyms only.
    #[test]
    fn sanctions_as_nouns_and_sanctions_violated() {
        let cases: &[Case] = &[
            (
                "China imposed export controls on gallium and germanium.",
                &[],
            ),
            (
                "Turkey refused to join Western sanctions on Russia.",
                &[("TUR", "RUS", "120")],
            ),
            ("The EU sanctions on Russia took effect.", &[]),
            ("The EU sanctions Russia.", &[("IGOEEC", "RUS", "163")]),
            (
                "Russia violated UN sanctions against North Korea.",
                &[("RUS", "IGOUNO", "128")],
            ),
            (
                "Venezuela nationalised the assets of US oil companies.",
                &[("VEN", "USABUS", "1711")],
            ),
            (
                "Israel imposed a closure on the West Bank and Gaza.",
                &[("ISR", "PSE", "191")],
            ),
            (
                "Indonesia granted amnesty to separatist rebels in Aceh.",
                &[("IDN", "IDNREB", "056")],
            ),
            (
                "Beijing announced sanctions against Lockheed Martin over arms sales to Taiwan.",
                &[("CHN", "USABUS", "163")],
            ),
            // A pattern's target that is the passive's "by" agent acts on the subject.
            (
                "The North Korean delegation was welcomed by Putin in Moscow.",
                &[("PRKGOV", "RUSGOV", "042"), ("RUSGOV", "PRKGOV", "043")],
            ),
            (
                "Russia handed over a protest note to the Finnish ambassador.",
                &[("RUS", "FINGOV", "114")],
            ),
            (
                "Chinese and Russian bombers flew jointly near Japan.",
                &[("CHNMIL", "RUSMIL", "062"), ("RUSMIL", "CHNMIL", "062")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Alliances and support reaffirmed, and acts named by a threat to do them.
    #[test]
    fn alliances_reaffirmed_and_threats_to_act() {
        let cases: &[Case] = &[
            (
                "The United States and South Korea reaffirmed their alliance.",
                &[("KOR", "USA", "050"), ("USA", "KOR", "050")],
            ),
            (
                "Japan reaffirmed its alliance with the United States.",
                &[("JPN", "USA", "050")],
            ),
            (
                "Germany reiterated its support for Ukraine.",
                &[("DEU", "UKR", "051")],
            ),
            (
                "Russia renewed its threat to deploy nuclear weapons.",
                &[("RUS", "", "138")],
            ),
            (
                "China repeated its threat to impose sanctions on Lithuania.",
                &[("CHN", "LTU", "1312")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Verbs ending in "-ly" are verbs ("will supply weapons" had "supply" as an adverb),
    /// and aid of a kind is a noun.
    #[test]
    fn ly_verbs_and_aid_of_a_kind() {
        let cases: &[Case] = &[
            (
                "Germany will supply weapons to Ukraine.",
                &[("DEU", "UKR", "0332")],
            ),
            (
                "Germany agreed to supply weapons to Ukraine.",
                &[("DEU", "UKR", "0332")],
            ),
            (
                "Hungary vetoed EU military aid to Ukraine.",
                &[("HUN", "IGOEEC", "129")],
            ),
            (
                "Japan coordinated closely with South Korea on the response.",
                &[("JPN", "KOR", "050")],
            ),
        ];
        assert_all_coded(cases);
    }

    /// Intercepts, weapons named "attack ...", force of any degree, regret over acts,
    /// peoples named by a plural protesting (a demonstration, not a state's complaint), a
    /// bare "Kim" after North Korea's event and nouns that look like verbs.
    #[test]
    fn intercepts_attack_weapons_force_of_a_degree_regret_and_peoples_protesting() {
        let cases: &[Case] = &[
            (
                "Thousands of Serbs marched in Belgrade to protest against NATO air strikes.",
                &[("SRB", "IGOWSTNAT", "141")],
            ),
            (
                "The Philippines protested China's construction of islands.",
                &[("PHL", "CHN", "114")],
            ),
            // A bare "Kim" is North Korea's leader after a sentence of the same document
            // coded North Korea's event; alone, it is nobody known.
            (
                "Putin met North Korean leader Kim Jong Un. Putin and Kim signed a treaty.",
                &[
                    ("PRKGOV", "RUSGOV", "057"),
                    ("RUSGOV", "PRKGOV", "040"),
                    ("RUSGOV", "PRKGOV", "057"),
                ],
            ),
            ("Putin and Kim signed a treaty.", &[]),
            // A surname the dictionaries do not know, named in full earlier in the same
            // document, is that person's actor; alone, or shared by two actors, nobody's.
            (
                "Russian Deputy Defence Minister Ivan Sorokin arrived in Pyongyang. Sorokin criticised the United States.",
                &[
                    ("PRK", "RUSGOV", "043"),
                    ("RUSGOV", "PRK", "042"),
                    ("RUSGOV", "USA", "111"),
                ],
            ),
            ("Sorokin criticised the United States.", &[]),
            (
                "Russian official Ivan Petrov met Japanese official Kenji Petrov. Petrov criticised the United States.",
                &[("RUSGOV", "JPNGOV", "040")],
            ),
            // So is the surname of a person the dictionaries know by full name only.
            (
                "US Defense Secretary Lloyd Austin arrived in Seoul. Austin criticised North Korea.",
                &[
                    ("KOR", "USAGOV", "043"),
                    ("USAGOV", "KOR", "042"),
                    ("USAGOV", "PRK", "111"),
                ],
            ),
            ("Austin criticised North Korea.", &[]),
            // Access restricted for inspectors: international involvement refused.
            (
                "Iran restricted access for IAEA inspectors to its nuclear sites.",
                &[("IRN", "IGOUNOIAE", "1245")],
            ),
            // Drills held with named partners are military cooperation; "with" must stand
            // right after the drills ("near the border with" names no partner).
            (
                "South Africa held naval exercises with Russia and China.",
                &[("ZAF", "CHN", "062"), ("ZAF", "RUS", "062")],
            ),
            (
                "North Korea staged drills near the border with South Korea.",
                &[("PRK", "KOR", "150")],
            ),
            (
                "Sweden became NATO's 32nd member.",
                &[("SWE", "IGOWSTNAT", "057")],
            ),
            // The target of "demanded that" is the clause's subject, not a party named
            // later in the clause.
            (
                "Syria demanded that the United States withdraw its troops.",
                &[("SYR", "USA", "100")],
            ),
            (
                "China insisted that it was not supplying weapons to Russia.",
                &[],
            ),
            // Talks ruled out are rejected; force ruled out is rejected by nobody.
            (
                "Israel ruled out talks with Hamas.",
                &[("ISR", "PSEREB", "125")],
            ),
            ("China ruled out the use of force against Taiwan.", &[]),
            // An opening participle clause, or "according to", is no subject: the subject
            // follows its comma; an opening gerund's subject is the main clause's.
            (
                "According to the state news agency, Syria's President met the Iranian president.",
                &[("SYRGOV", "IRNGOV", "040")],
            ),
            (
                "Addressing the UN General Assembly, the Ukrainian president urged Russia to withdraw.",
                &[("UKRGOV", "RUS", "020")],
            ),
            (
                "Visiting Japan, the Ukrainian president urged Russia to withdraw.",
                &[
                    ("JPN", "UKRGOV", "043"),
                    ("UKRGOV", "JPN", "042"),
                    ("UKRGOV", "RUS", "020"),
                ],
            ),
            // Weapons unveiled or shown: a display of force (a facility shown is not one).
            (
                "North Korea unveiled a new nuclear submarine.",
                &[("PRK", "", "150")],
            ),
            ("North Korea unveiled a new economic plan.", &[]),
            // A message received is the sender's contact.
            (
                "Syria's President received a message from the Iranian president.",
                &[("IRNGOV", "SYRGOV", "040")],
            ),
            // A state's aid after a verb is a noun; "his government" is the speaker's.
            (
                "Greece vetoed EU aid to Turkey.",
                &[("GRC", "IGOEEC", "129")],
            ),
            (
                "Russia and China aid North Korea.",
                &[("CHN", "PRK", "070"), ("RUS", "PRK", "070")],
            ),
            (
                "Chile's foreign minister said his government would forgive Argentina's debt.",
                // (a debt forgiven is economic aid: its intention, 0331)
                &[("CHLGOV", "ARG", "0331")],
            ),
            // People named by their role acting on the one state a sentence names are
            // its own; where another state is named they stay without one.
            (
                "Kurdish rebels killed four Turkish soldiers in an ambush.",
                &[("TURREB", "TURMIL", "190")],
            ),
            (
                "The opposition protested against Maduro.",
                &[("VENOPP", "VENGOV", "141")],
            ),
            (
                "Rebels killed four US soldiers in Syria.",
                &[("---REB", "USAMIL", "190")],
            ),
            // Opposition movements by name; a pardon is forgiveness.
            (
                "The Egyptian government banned the Muslim Brotherhood.",
                &[("EGYGOV", "EGYOPP", "163")],
            ),
            (
                "Russia pardoned an American journalist.",
                &[("RUS", "USAMED", "056")],
            ),
            // A passive whose subject is the thing a pattern names: the "by" agent acts
            // on the pattern's target (or the party after the verb); the sentence's first
            // word before an auxiliary is a noun.
            (
                "Sanctions were imposed on Iran by the European Union.",
                &[("IGOEEC", "IRN", "163")],
            ),
            (
                "Attacks were launched against Israel by Hezbollah.",
                &[("LBNREB", "ISR", "190")],
            ),
            ("New sanctions were imposed on Russia.", &[]),
            // The whole pattern, target and all, may stand in the subject.
            (
                "Sanctions against Iran were tightened by the United Nations.",
                &[("IGOUNO", "IRN", "163")],
            ),
            ("Sanctions against Iran were tightened.", &[]),
            // An event's possessor in the passive is its target.
            (
                "North Korea's missile launch was condemned by Japan.",
                &[("JPN", "PRK", "111")],
            ),
            (
                "Russia's invasion of Ukraine was condemned by the UN General Assembly.",
                &[("IGOUNO", "RUS", "111"), ("RUS", "UKR", "190")],
            ),
            // Events named by a noun at the head of the sentence, "by" giving the actor
            // where "of" gives the target.
            (
                "The expulsion of the French ambassador by Niger angered Paris.",
                &[("NER", "FRAGOV", "174")],
            ),
            (
                "Russia's withdrawal from Kherson surprised analysts.",
                &[("RUS", "UKR", "087")],
            ),
            // A border crossing named by a state's adjective; sanctions evasion is a noun.
            (
                "Poland closed the last Belarusian border crossing.",
                &[("POL", "BLR", "191")],
            ),
            (
                "Australia deployed a surveillance aircraft to monitor sanctions evasion by North Korea.",
                &[("AUS", "PRK", "154")],
            ),
            // An organisation where states cooperate is the venue, not a party.
            (
                "Russia and China cooperated closely at the UN Security Council.",
                &[("CHN", "RUS", "050"), ("RUS", "CHN", "050")],
            ),
            (
                "The EU opened accession talks with Ukraine and Moldova.",
                &[("IGOEEC", "MDA", "046"), ("IGOEEC", "UKR", "046")],
            ),
            // Workers sent abroad; flights resumed (a past form takes such nouns as its
            // object: "sent workers" had been read as "aid workers" are).
            (
                "North Korea sent workers to Russia.",
                &[("PRK", "RUS", "061")],
            ),
            (
                "The UN sent aid workers to Gaza.",
                &[("IGOUNO", "PSE", "073")],
            ),
            (
                "Russia and North Korea resumed direct passenger flights between Moscow and Pyongyang.",
                &[("PRK", "RUS", "061"), ("RUS", "PRK", "061")],
            ),
            // High commissioners are envoys (GOV) and are recalled as ambassadors are.
            (
                "Pakistan recalled its high commissioner from New Delhi.",
                &[("PAK", "IND", "161")],
            ),
            (
                "India expelled the Pakistani high commissioner.",
                &[("IND", "PAKGOV", "174")],
            ),
            // Military instructors arriving are forces moved; Somaliland is Somalia's.
            (
                "Russian military instructors arrived in Burkina Faso.",
                &[("RUSMIL", "BFA", "154")],
            ),
            (
                "Ethiopia signed a port deal with Somaliland.",
                &[("ETH", "SOM", "057")],
            ),
            // A gerund after a verb and "by" is its means, with the main clause's
            // subject; a number opens a gerund's object.
            (
                "South Korea and the US responded by firing four missiles into the East Sea.",
                &[("KOR", "", "150"), ("USA", "", "150")],
            ),
            (
                "North Korea responded by firing missiles.",
                &[("PRK", "", "150")],
            ),
            // The means coded, the retaliation it names is no other event.
            (
                "Russia retaliated by expelling ten Polish diplomats.",
                &[("RUS", "POLGOV", "161")],
            ),
            // A base form after a singular common noun and before a past form is a noun:
            // the ship docked ships nothing.
            (
                "A North Korean cargo ship docked at the Russian port of Vostochny.",
                &[],
            ),
            (
                "A Russian oil tanker ship delivered fuel to North Korea.",
                &[("RUS", "PRK", "071")],
            ),
            (
                "Japanese fighter jets intercepted two Russian bombers.",
                &[("JPNMIL", "RUSMIL", "150")],
            ),
            (
                "South Korea's navy intercepted a North Korean fishing boat.",
                &[("KORMIL", "PRK", "150")],
            ),
            // After a verb of receiving, "from" names the giver.
            (
                "Ukraine received warships from Denmark.",
                &[("DNK", "UKR", "072")],
            ),
            (
                "Ukraine received bombers from Denmark.",
                &[("DNK", "UKR", "072")],
            ),
            // "attack" naming a weapon: no attack, and no target needed.
            (
                "North Korea tested an underwater nuclear attack drone.",
                &[("PRK", "", "150")],
            ),
            // Said of the future, force is a threat of it; its degree is any word.
            (
                "North Korea will respond with overwhelming force to any attack.",
                &[("PRK", "", "1384")],
            ),
            (
                "South Korea expressed regret over Japan's decision to release treated water.",
                &[("KOR", "JPN", "111")],
            ),
        ];
        assert_all_coded(cases);
    }

    #[test]
    fn arming_backing_and_armed_forces() {
        let cases: &[Case] = &[
            // Arming is military aid; "arms" before the noun it modifies is weapons, and
            // a verb's form opening a known name of people ("armed forces") is the name.
            ("Iran armed the Houthis.", &[("IRN", "YEMREB", "072")]),
            (
                "North Korea has armed Russia with millions of shells.",
                &[("PRK", "RUS", "072")],
            ),
            (
                "The US armed forces deployed to Poland.",
                &[("USAMIL", "POL", "154")],
            ),
            (
                "Russia signed an arms deal with Iran.",
                &[("RUS", "IRN", "057")],
            ),
            // Rebels a state backs or praises are not thereby its own; rebels it fights
            // in its own story are.
            (
                "Separatists backed by Russia shelled Ukrainian positions.",
                &[("---REB", "UKR", "194")],
            ),
            ("Rwanda armed the rebels.", &[]),
            (
                "Indian troops killed five rebels in Kashmir.",
                &[("INDMIL", "INDREB", "190")],
            ),
            // A role's people described by a participle and its preposition are the
            // subject ("linked" is no noun that "militants" modifies).
            (
                "Militants linked to Iran attacked a US base.",
                &[("---REB", "USA", "190")],
            ),
            // Militias and gunmen are CAMEO's unidentified armed forces.
            (
                "Iraqi militias fired rockets at a US base.",
                &[("IRQUAF", "USA", "195")],
            ),
            (
                "Armed men attacked a police station in Kabul.",
                &[("---UAF", "AFG", "190")],
            ),
        ];
        assert_all_coded(cases);
    }

    #[test]
    fn unknown_objects_lists_after_including_and_aircraft_shown() {
        let cases: &[Case] = &[
            // A name the dictionaries do not know right after a verb of speech or
            // diplomacy is its object: the party named in the reason is no target.
            ("Putin thanked Kim for supporting Russia.", &[]),
            ("China criticised Lee for visiting Japan.", &[]),
            (
                "Zelensky thanked Biden for backing Ukraine.",
                &[("UKRGOV", "USAGOV", "051")],
            ),
            // (things given may have names of their own)
            (
                "Iran delivered Shahed drones to Russia.",
                &[("IRN", "RUS", "072")],
            ),
            // An object of no party, then ", including" the parties.
            (
                "Venezuela severed diplomatic ties with seven Latin American countries, including Argentina and Chile.",
                &[("VEN", "ARG", "161"), ("VEN", "CHL", "161")],
            ),
            // A plural after "and" and before "from" or "to" is another object, no verb.
            (
                "Russia received drones from Iran and shells from North Korea.",
                &[("IRN", "RUS", "072")],
            ),
            // Warplanes sent, flown or entering a state's zone: a show of force; troops
            // and tanks entering still occupy.
            (
                "China sent 30 warplanes into Taiwan's air defence zone.",
                &[("CHN", "TWN", "150")],
            ),
            (
                "Chinese warplanes flew into Taiwan's air defence zone.",
                &[("CHNMIL", "TWN", "150")],
            ),
            (
                "Russian bombers entered Japan's airspace.",
                &[("RUSMIL", "JPN", "150")],
            ),
            (
                "Russian troops entered Ukraine.",
                &[("RUSMIL", "UKR", "192")],
            ),
            // The Council of Europe by its CAMEO code; membership suspended reduces
            // relations.
            (
                "Russia suspended its membership in the Council of Europe.",
                &[("RUS", "IGOEURCOE", "160")],
            ),
            // Coast guard and survey ships entering a state's waters: a show of force.
            (
                "A Chinese survey ship entered Japan's territorial waters.",
                &[("CHN", "JPN", "150")],
            ),
            // "was quoted as saying": the passive's subject says, and what is said is
            // read as after "said".
            (
                "Morocco was quoted as saying it would host talks with Israel.",
                &[("ISR", "MAR", "036"), ("MAR", "ISR", "036")],
            ),
            (
                "The Moroccan king was quoted as saying that Israel must withdraw from Lebanon.",
                &[("MARGOV", "ISR", "100")],
            ),
            (
                "Iran was quoted as accusing Israel of sabotage.",
                &[("IRN", "ISR", "112")],
            ),
            // After a verb of withdrawing, "from" names the place left, not whose the
            // troops are.
            (
                "Russia withdrew troops from Syria.",
                &[("RUS", "SYR", "087")],
            ),
            // Where a protest is held is no target when the clause names a party
            // elsewhere; alone, it still is.
            (
                "Thousands of Georgians rallied in Tbilisi against Russian influence.",
                &[("GEO", "RUS", "141")],
            ),
            ("Activists protested in Seoul.", &[("---OPP", "KOR", "141")]),
            // Sanctions designations and lists; smuggling is supplying.
            (
                "The US designated three Chinese firms for helping Iran evade sanctions.",
                &[("USA", "CHNBUS", "163")],
            ),
            (
                "The EU added 19 Chinese entities to its Russia sanctions list.",
                &[("IGOEEC", "CHN", "163")],
            ),
            (
                "Iran smuggled weapons to the Houthis aboard fishing boats.",
                &[("IRN", "YEMREB", "072")],
            ),
            // A people's adjective, a plural and a past form: the plural is the noun.
            (
                "Russian ships delivered ammunition to Syria.",
                &[("RUS", "SYR", "072")],
            ),
            // What is given "from" a party comes from it.
            (
                "Russian ships delivered ammunition from North Korea to the port of Vostochny.",
                &[],
            ),
            (
                "Israel approved a plan to withdraw troops from southern Lebanon.",
                &[("ISR", "LBN", "0356")],
            ),
        ];
        assert_all_coded(cases);
    }

    #[test]
    fn strikes_own_governments_that_clauses_and_aspect() {
        let cases: &[Case] = &[
            // Going on strike; a state's people protesting "the government" protest
            // their own.
            (
                "Bangladeshi garment workers went on strike against the government.",
                &[("BGDLAB", "BGDGOV", "143")],
            ),
            (
                "South Korean doctors protested against the government.",
                &[("KORHLH", "KORGOV", "141")],
            ),
            // After "that", a role word before an article or the end is the clause's
            // subject, not a noun's modifier.
            (
                "The Philippine government demanded that the rebels release the hostages.",
                &[("PHLGOV", "PHLREB", "1053")],
            ),
            (
                "Thai protesters demanded that the government resign.",
                &[("THAOPP", "THAGOV", "100")],
            ),
            // A gerund after a verb of aspect is the act, with the aspect verb's subject.
            (
                "Serbian forces began pulling out of Kosovo on Thursday.",
                &[("SRBMIL", "KSV", "087")],
            ),
            (
                "Russia continued shelling Kharkiv.",
                &[("RUS", "UKR", "194")],
            ),
            // A bare verb after the object of "help" has that object as subject.
            (
                "Russia's Wagner group helped Mali's army fight jihadists.",
                &[("MLIMIL", "MLIREB", "190"), ("RUSMIL", "MLIMIL", "070")],
            ),
            // A treaty extended between states is an agreement; weapons bought or
            // acquired from a state are its arms transfer.
            (
                "The United States and Russia extended the treaty.",
                &[("RUS", "USA", "057"), ("USA", "RUS", "057")],
            ),
            (
                "India bought S-400 air defense systems from Russia.",
                &[("RUS", "IND", "072")],
            ),
            (
                "Australia acquired submarines from the United States.",
                &[("USA", "AUS", "072")],
            ),
            // A welcome received from a host is the visit and its hosting; military
            // assistance pledged is military aid intended.
            (
                "Putin received a warm welcome from Kim Jong Un in Pyongyang.",
                &[("PRKGOV", "RUSGOV", "043"), ("RUSGOV", "PRKGOV", "042")],
            ),
            (
                "North Korea and Russia pledged mutual military assistance in case of aggression.",
                &[("PRK", "RUS", "0332"), ("RUS", "PRK", "0332")],
            ),
            // Force against weapons fired or launched by a party is force against it.
            (
                "Israeli jets intercepted a missile fired by the Houthis.",
                &[("ISR", "YEMREB", "150")],
            ),
            (
                "Ukraine destroyed drones launched by Russia.",
                &[("UKR", "RUS", "1712")],
            ),
            // A strait closed is a blockade; threatened, or said of the future, a threat
            // of one, more precise than the bare threat.
            (
                "Iran threatened to close the Strait of Hormuz.",
                &[("IRN", "", "1381")],
            ),
            (
                "Iran closed the Strait of Hormuz to US ships.",
                &[("IRN", "USA", "191")],
            ),
            // An envoy sent to a state visits it; sent "to mediate between" two, the
            // mediation is the event ("to" before a verb is no preposition).
            (
                "China sent a special envoy to Ukraine.",
                &[("CHN", "UKR", "042"), ("UKR", "CHN", "043")],
            ),
            (
                "China dispatched a special envoy to mediate between Russia and Ukraine.",
                &[("CHN", "RUS", "045"), ("CHN", "UKR", "045")],
            ),
            // Ready for, open or committed to talks: willing to meet.
            (
                "The Kremlin said it was ready for talks with Kyiv without preconditions.",
                &[("RUSGOV", "UKR", "036")],
            ),
            (
                "Iran is open to talks with the United States.",
                &[("IRN", "USA", "036")],
            ),
            (
                "China remains committed to dialogue with Taiwan.",
                &[("CHN", "TWN", "036")],
            ),
            // A participle set off by commas after the subject's name, with "by", is a
            // passive describing it.
            (
                "Ukraine, supported by NATO, attacked Russian positions.",
                &[("IGOWSTNAT", "UKR", "051"), ("UKR", "RUS", "190")],
            ),
            // Roads or offices blown up are property destroyed; balloons sent, no aid.
            (
                "North Korea blew up the inter-Korean liaison office.",
                &[("PRK", "KOR", "1712")],
            ),
            (
                "North Korea sent hundreds of trash-filled balloons across the border into South Korea.",
                &[],
            ),
            // What a bid or an attempt was made to do is not done; a bid approved is
            // endorsed.
            (
                "Turkey's parliament approved Finland's bid to join NATO.",
                &[("TURLEG", "FIN", "051")],
            ),
            ("Russia made an attempt to seize Kyiv.", &[]),
            // Help to build weapons is military aid; to build anything else, aid.
            (
                "Russia helped Turkey build a nuclear power plant.",
                &[("RUS", "TUR", "070")],
            ),
            (
                "Iran helped Russia build a new drone factory.",
                &[("IRN", "RUS", "072")],
            ),
            (
                "Japan provided 100 million dollars in emergency aid to Turkey after the earthquake.",
                &[("JPN", "TUR", "073")],
            ),
            // "of understanding" is no charge's gerund; a withdrawal announced from an
            // organisation reduces relations; a city naming an agreement is no party.
            (
                "Ethiopia signed a memorandum of understanding with Somaliland.",
                &[("ETH", "SOM", "057")],
            ),
            (
                "Burkina Faso, Mali and Niger announced their withdrawal from ECOWAS.",
                &[
                    ("BFA", "IGOWAFWAS", "160"),
                    ("MLI", "IGOWAFWAS", "160"),
                    ("NER", "IGOWAFWAS", "160"),
                ],
            ),
            (
                "The United States withdrew from the Paris climate agreement.",
                &[],
            ),
            ("Russia violated the Minsk agreements.", &[]),
            // A visit set, scheduled or due is intended; what a party is expected to do
            // is hedged (`a_stated_intention_is_coded_as_the_intention_unless_asked_otherwise`).
            (
                "Xi Jinping is set to visit Moscow next week.",
                &[("CHNGOV", "RUS", "036"), ("RUS", "CHNGOV", "036")],
            ),
            // The parties of a reason ("for" and a gerund) are no target of the verb.
            (
                "North Korea executed officials for watching South Korean dramas.",
                &[],
            ),
            (
                "The US sanctioned Chinese firms for helping Russia.",
                &[("USA", "CHNBUS", "163")],
            ),
            // Gratitude expressed is praise; dissatisfaction, disapproval.
            (
                "Moscow expressed gratitude to Pyongyang for its support.",
                &[("RUS", "PRK", "051")],
            ),
            (
                "Beijing expressed strong dissatisfaction with Tokyo.",
                &[("CHN", "JPN", "111")],
            ),
            // A response vowed, however qualified, is a threat.
            (
                "Seoul vowed a stern response to the North's provocation.",
                &[("KOR", "PRK", "130")],
            ),
            // Military intervention threatened; ECOWAS and the OAS by their CAMEO codes.
            (
                "ECOWAS threatened military intervention in Niger.",
                &[("IGOWAFWAS", "NER", "138")],
            ),
        ];
        assert_all_coded(cases);
    }

    #[test]
    fn release_of_people_held_deal_partners_people_sent_and_warships_sailed() {
        let cases: &[Case] = &[
            // The release or return of people a party holds is asked of that party; the
            // holding itself is a reduced relative on the people.
            (
                "Seoul demanded the release of South Koreans detained in North Korea.",
                &[("KOR", "PRK", "1053"), ("PRK", "KOR", "173")],
            ),
            (
                "Japan demanded the return of citizens abducted by North Korea.",
                &[("JPN", "PRK", "1053")],
            ),
            (
                "The United States called for the release of Americans held in Iran.",
                &[("USA", "IRN", "0253")],
            ),
            (
                "Britain urged Iran to free the aid worker.",
                &[("GBR", "IRN", "0253")],
            ),
            (
                "Washington demanded Moscow release the jailed reporter.",
                &[("USA", "RUS", "1053")],
            ),
            // Without a holder named, no target.
            ("Seoul demanded the release of its citizens.", &[]),
            // The party to a deal under which an act is done is not its target.
            (
                "Cuba released prisoners under a deal with the Vatican.",
                &[],
            ),
            (
                "Iran released five Americans as part of a deal with the United States.",
                &[("IRN", "USA", "084")],
            ),
            // Workers sent, in the passive, are labour exported by their own state; a
            // plural noun before "were" is no verb.
            (
                "Thousands of North Korean laborers were dispatched to Russia.",
                &[("PRK", "RUS", "061")],
            ),
            (
                "North Korean shells were supplied to Russia.",
                &[("PRK", "RUS", "072")],
            ),
            // Warships sailed and states encircled are shows of force; uranium enriched
            // a step in nuclear capability, one side.
            (
                "The US Navy sailed a destroyer through the Taiwan Strait.",
                &[("USAMIL", "", "150")],
            ),
            (
                "A Chinese aircraft carrier sailed near Japan's southern islands.",
                &[("CHN", "JPN", "150")],
            ),
            ("The ferry sailed from Incheon to China.", &[]),
            (
                "China encircled Taiwan with warships.",
                &[("CHN", "TWN", "150")],
            ),
            (
                "Iran enriched uranium to 60 percent purity.",
                &[("IRN", "", "150")],
            ),
            // An act called a provocation or a threat is criticised; debts written off
            // are economic aid; weapons presented, military aid; weapons asked for, an
            // appeal for military aid.
            (
                "Japan called the North Korean launch an unacceptable provocation.",
                &[("JPN", "PRK", "111")],
            ),
            ("China called for restraint to avoid provocation.", &[]),
            (
                "Russia wrote off 90 percent of North Korea's Soviet-era debt.",
                &[("RUS", "PRK", "071")],
            ),
            (
                "Shoigu presented Kim Jong Un with a set of attack drones.",
                &[("RUSGOV", "PRKGOV", "072")],
            ),
            (
                "Zelensky urged South Korea to provide air defence systems.",
                &[("UKRGOV", "KOR", "0232")],
            ),
            // Left or departed for a state: a visit to it.
            (
                "The Indian prime minister left for Dhaka on a two-day official visit.",
                &[("BGD", "INDGOV", "043"), ("INDGOV", "BGD", "042")],
            ),
            ("The delegation left for home after the talks.", &[]),
            // Protests filed over a party; water cannon fired at its boats (a plural
            // noun before a verb in -ed is no verb); relations downgraded; a complaint
            // withdrawn.
            (
                "The Philippines filed a diplomatic protest over Chinese vessels at Whitsun Reef.",
                &[("PHL", "CHN", "114")],
            ),
            (
                "Chinese coast guard ships fired water cannon at a Philippine supply boat.",
                &[("CHNMIL", "PHL", "175")],
            ),
            (
                "China downgraded diplomatic relations with Lithuania.",
                &[("CHN", "LTU", "161")],
            ),
            (
                "Seoul withdrew its complaint against Japan at the World Trade Organization.",
                &[("KOR", "JPN", "080")],
            ),
            // Aid of a kind stopped; arms sales stopped, an arms embargo.
            (
                "The United States suspended military aid to Egypt.",
                &[("USA", "EGY", "1622")],
            ),
            (
                "Germany halted arms exports to Turkey.",
                &[("DEU", "TUR", "163")],
            ),
            (
                "Turkey cut off all trade with Israel.",
                &[("TUR", "ISR", "163")],
            ),
            // Who helped is no target of the act; an invitation is an intent to meet.
            (
                "Israel intercepted most of the drones with help from the United States and Britain.",
                &[("ISR", "", "150")],
            ),
            ("Mali asked for help from Russia.", &[("MLI", "RUS", "020")]),
            (
                "Saudi Arabia invited Syria's president to the Arab League summit.",
                &[("SAU", "SYRGOV", "036")],
            ),
            // An Oxford comma keeps a list's last member, adjective and all.
            (
                "Russia, China, and neighbouring Iran condemned the strike on Syria.",
                &[
                    ("CHN", "SYR", "111"),
                    ("IRN", "SYR", "111"),
                    ("RUS", "SYR", "111"),
                ],
            ),
            // A protest with no party in its clause is of whoever acts in the clause of
            // time after it; a pattern may end with the word that opens that clause.
            (
                "Japan protested after Chinese warships entered Japanese waters.",
                &[("CHNMIL", "JPN", "150"), ("JPN", "CHNMIL", "114")],
            ),
            ("Japan protested after the launch.", &[]),
            (
                "South Korea scrambled fighter jets after Russian bombers entered its air defence zone.",
                &[("KOR", "RUSMIL", "152")],
            ),
            // A long subject still opens a clause of time; a reporter in it is its
            // subject, not the sentence's source.
            (
                "North Korea fired missiles after the United States and South Korea began drills.",
                &[
                    ("KOR", "USA", "062"),
                    ("PRK", "KOR", "150"),
                    ("PRK", "USA", "150"),
                    ("USA", "KOR", "062"),
                ],
            ),
            (
                "Russia raised its nuclear alert level after NATO announced new deployments.",
                &[("RUS", "IGOWSTNAT", "152")],
            ),
            (
                "China protested after the IAEA reported that Japan had released water.",
                &[],
            ),
            // Exports to a party restricted; a military aid package.
            (
                "The Biden administration restricted exports of advanced chips to China.",
                &[("USAGOV", "CHN", "163")],
            ),
            (
                "The Pentagon announced a new $400 million military aid package for Ukraine.",
                &[("USAMIL", "UKR", "072")],
            ),
            (
                "The United States paused a shipment of bombs to Israel.",
                &[("USA", "ISR", "163")],
            ),
            // Weapons used in strikes on or against a party; drills watched.
            (
                "Russia used North Korean KN-23 missiles in strikes on Ukrainian cities.",
                &[("RUS", "UKR", "195")],
            ),
            (
                "Russia used Iranian drones against Ukraine.",
                &[("RUS", "UKR", "190")],
            ),
            (
                "Kim Jong Un watched artillery firing drills.",
                &[("PRKGOV", "", "150")],
            ),
            ("Kim Jong Un watched a football match.", &[]),
            // A reward offered is no aid; ships detained are seized property; a cap
            // violated is a norm defied.
            (
                "Washington offered a $5 million reward for information on North Korean money launderers.",
                &[],
            ),
            // An event noun heading the sentence with its actor after "by"; an
            // agentless passive's party after a short gerund ("of using") is that
            // gerund's; banks cut off from SWIFT, a sanction.
            (
                "The visit by Chinese Foreign Minister Wang Yi to Moscow underscored deepening ties.",
                &[("CHNGOV", "RUS", "042")],
            ),
            (
                "The attack by Hamas on Israel killed 1,200 people.",
                &[("PSEREB", "ISR", "190")],
            ),
            (
                "Russia, which has been accused of using North Korean missiles, denied the allegations.",
                &[],
            ),
            (
                "Several Russian banks were cut off from SWIFT by the EU.",
                &[("IGOEEC", "RUSBUS", "163")],
            ),
            // A nuclear arsenal expanded is a show of force with one side; inspections
            // restricted, international involvement refused.
            (
                "China is expanding its nuclear arsenal.",
                &[("CHN", "", "150")],
            ),
            (
                "Iran restricted IAEA inspections.",
                &[("IRN", "IGOUNOIAE", "1245")],
            ),
            // A dispute ended is settled (037); a ceasefire extended, declared again.
            (
                "Japan and South Korea ended their trade dispute.",
                &[("JPN", "KOR", "037"), ("KOR", "JPN", "037")],
            ),
            (
                "Colombia and the ELN rebels extended their ceasefire.",
                &[("COL", "COLREB", "0871"), ("COLREB", "COL", "0871")],
            ),
            (
                "Russia ended its grain deal with Ukraine.",
                &[("RUS", "UKR", "160")],
            ),
            // An initiative or a deal left reduces relations; shuttle diplomacy resumed
            // is consultation.
            (
                "Italy left China's Belt and Road Initiative.",
                &[("ITA", "CHN", "160")],
            ),
            ("The delegation left Moscow after the talks.", &[]),
            (
                "South Korea and Japan resumed shuttle diplomacy.",
                &[("JPN", "KOR", "040"), ("KOR", "JPN", "040")],
            ),
            // Intentions denied, acts thought unlikely, clauses asked about ("whether")
            // and evidence denied are not coded; a meeting planned for never is refused.
            ("Japan has no plans to send troops to Ukraine.", &[]),
            ("Japan does not plan to send troops to Ukraine.", &[]),
            ("Seoul is unlikely to supply lethal weapons to Kyiv.", &[]),
            (
                "The report did not say whether China had sold weapons to Russia.",
                &[],
            ),
            (
                "There is no evidence that Iran supplied missiles to Russia.",
                &[],
            ),
            (
                "There is evidence that Iran supplied missiles to Russia.",
                &[("IRN", "RUS", "072")],
            ),
            (
                "Iran said it has no plans to hold talks with the United States.",
                &[("IRN", "USA", "125")],
            ),
            // A speech given is no aid; after an affiliation's ending a verb's form is
            // the noun described.
            (
                "The Russian ambassador to Japan gave a speech in Tokyo.",
                &[],
            ),
            ("A Panama-flagged ship sank near Japan.", &[]),
            (
                "The Indian navy rescued the crew of a Liberian-flagged ship attacked by Houthis.",
                &[("INDMIL", "LBR", "073")],
            ),
            // What a text does that a party abstains on is not its act; what an
            // invitation or a proposal asks has not been done.
            ("India abstained from the UN vote condemning Russia.", &[]),
            (
                "The UN passed a resolution condemning Russia.",
                &[("IGOUNO", "RUS", "111")],
            ),
            (
                "Saudi Arabia has not yet accepted the invitation to join BRICS.",
                &[],
            ),
            (
                "Saudi Arabia accepted the invitation to join BRICS.",
                &[("SAU", "IGOBRI", "030")],
            ),
            // Sanctions removed; a seizure ordered; a base form after a possessed noun
            // ("North Korea's arms trade") is a noun.
            (
                "Washington removed sanctions on a Russian mining company.",
                &[("USA", "RUSBUS", "085")],
            ),
            ("Russia removed its troops from the border.", &[]),
            (
                "A US court ordered the seizure of a North Korean cargo ship.",
                &[("USAJUD", "PRK", "1711")],
            ),
            (
                "Seoul designated 11 individuals involved in North Korea's arms trade with Russia.",
                &[],
            ),
            // A model's designation ("F-16") is no party named after the verb; a draft
            // treaty agreed on; nothing refused when a party refuses to rule out.
            (
                "The Netherlands and Denmark pledged F-16 fighter jets to Ukraine.",
                &[("DNK", "UKR", "0332"), ("NLD", "UKR", "0332")],
            ),
            (
                "Azerbaijan and Armenia agreed on a draft peace treaty.",
                &[("ARM", "AZE", "057"), ("AZE", "ARM", "057")],
            ),
            (
                "French President Emmanuel Macron refused to rule out sending Western troops to Ukraine.",
                &[],
            ),
            // Bombers flown by two states together: a combined exercise.
            (
                "South Korea and the US flew B-52 bombers over the peninsula.",
                &[("KOR", "USA", "062"), ("USA", "KOR", "062")],
            ),
            (
                "The US flew B-52 bombers over the peninsula.",
                &[("USA", "", "150")],
            ),
            // The threat named before the matter it is over.
            (
                "Washington threatened Beijing with trade sanctions over copyright piracy.",
                &[("USA", "CHN", "1312")],
            ),
            (
                "Turkey threatened military action against Syria over its support for Kurdish rebels.",
                &[("TUR", "SYR", "138")],
            ),
            // A counterpart called to discuss; shuttling between parties mediates;
            // talks between parties whose first has an article.
            (
                "Egypt's foreign minister called his Israeli counterpart to discuss the crisis.",
                &[("EGYGOV", "ISRGOV", "040")],
            ),
            (
                "The US envoy shuttled between Israel and Lebanon.",
                &[("USAGOV", "ISR", "045"), ("USAGOV", "LBN", "045")],
            ),
            (
                "Talks between the United States and Iran resumed in Oman.",
                &[("IRN", "USA", "046"), ("USA", "IRN", "046")],
            ),
            // Troops that leave a state withdraw; people handed over are returned; an
            // offensive halted is de-escalation (its intention 0356).
            (
                "French troops left Niger in December.",
                &[("FRAMIL", "NER", "087")],
            ),
            (
                "Russia handed over 48 children to Ukraine.",
                &[("RUS", "UKR", "084")],
            ),
            (
                "The US handed over weapons to Ukraine.",
                &[("USA", "UKR", "072")],
            ),
            (
                "Israel agreed to halt its offensive in Gaza for four days.",
                &[("ISR", "PSE", "0356")],
            ),
            // A plan called off is not carried out.
            (
                "Egypt called off a plan to supply rockets to Russia after US pressure.",
                &[],
            ),
            (
                "Egypt has a plan to supply rockets to Russia.",
                &[("EGY", "RUS", "0332")],
            ),
            // Intelligence shared by two parties, with each other; a secretary general
            // heads, and is no general.
            (
                "Seoul and Kyiv agreed to share intelligence on North Korean troops.",
                &[("KOR", "UKR", "0314"), ("UKR", "KOR", "0314")],
            ),
            (
                "The UN secretary general visited Kyiv.",
                &[("IGOUNOGOV", "UKR", "042"), ("UKR", "IGOUNOGOV", "043")],
            ),
            // An opposition leader is the opposition's; an adverb of time or place after
            // a role ("ahead of", "later") leaves it a party, no modifier.
            (
                "Russian authorities jailed opposition leader Alexei Navalny.",
                &[("RUSGOV", "RUSOPP", "173")],
            ),
            (
                "Venezuela arrested opposition figures ahead of the election.",
                &[("VEN", "VENOPP", "173")],
            ),
            // "Ships" after a two-word people's adjective is a noun.
            (
                "North Korean ships loaded munitions at the port of Rajin bound for Russia.",
                &[],
            ),
            ("North Korea ships coal to China.", &[("PRK", "CHN", "070")]),
            // "-linked" as an affiliation's ending; strikes exchanged each way.
            (
                "Iran seized an Israeli-linked container ship near the Strait of Hormuz.",
                &[("IRN", "ISR", "1711")],
            ),
            (
                "Israel and Iran exchanged direct strikes for the first time.",
                &[("IRN", "ISR", "190"), ("ISR", "IRN", "190")],
            ),
            // A pact revoked or annulled reduces relations.
            (
                "Niger's military rulers revoked a defence pact with the European Union.",
                &[("NERMIL", "IGOEEC", "160")],
            ),
            // Firms placed on an entity list; sales restricted; retaliation by an
            // investigation.
            (
                "Beijing placed two US defence firms on its unreliable entity list.",
                &[("CHN", "USABUS", "163")],
            ),
            (
                "The Netherlands restricted sales of ASML chip-making equipment to China.",
                &[("NLD", "CHN", "163")],
            ),
            (
                "China retaliated against EU tariffs with an investigation into pork imports.",
                &[("CHN", "IGOEEC", "090")],
            ),
            // Talks or a summit proposed: an intent to meet.
            (
                "Tokyo proposed a summit with Pyongyang.",
                &[("JPN", "PRK", "036")],
            ),
            (
                "Seoul proposed military talks with the North to ease tensions.",
                &[("KOR", "PRK", "036")],
            ),
            // Strikes carried out inside a state are on it; in its own territory, on
            // nobody named.
            (
                "Pakistan carried out airstrikes inside Afghanistan.",
                &[("PAK", "AFG", "195")],
            ),
            ("Syria carried out airstrikes in Idlib.", &[]),
            // Defined or designated as a hostile or unfriendly state, a denunciation; as
            // terrorists, a sanction.
            (
                "North Korea revised its constitution to define South Korea as a hostile state.",
                &[("PRK", "KOR", "111")],
            ),
            (
                "Russia designated Japan as an unfriendly state.",
                &[("RUS", "JPN", "111")],
            ),
            (
                "The US designated the Houthis as a terrorist group.",
                &[("USA", "YEMREB", "163")],
            ),
            // Talks offered or called for are not held; a topic discussed is no party;
            // the party after a pattern's "to" stands before the next preposition.
            ("The UN called for talks between Israel and Hamas.", &[]),
            (
                "China sent a special envoy to Europe to discuss a settlement of the Ukraine crisis.",
                &[],
            ),
            (
                "Macron discussed Ukraine with Xi.",
                &[("FRAGOV", "CHNGOV", "040")],
            ),
            (
                "Japan sent an envoy to war-torn Sudan.",
                &[("JPN", "SDN", "042"), ("SDN", "JPN", "043")],
            ),
            // A party joined in drills, or drills taken part in: military cooperation.
            (
                "Japan joined the United States and Australia in naval drills in the South China Sea.",
                &[("JPN", "AUS", "062"), ("JPN", "USA", "062")],
            ),
            (
                "South Korea took part in NATO exercises for the first time.",
                &[("KOR", "IGOWSTNAT", "062")],
            ),
            ("Finland joined NATO.", &[("FIN", "IGOWSTNAT", "057")]),
            // An incursion launched into a state; a risk warned of is no threat.
            (
                "Ukraine launched a cross-border incursion into Russia's Kursk region.",
                &[("UKR", "RUS", "190")],
            ),
            (
                "The IAEA warned of the risk of a nuclear accident at Zaporizhzhia.",
                &[],
            ),
            (
                "China warned the United States of serious consequences.",
                &[("CHN", "USA", "130")],
            ),
            // Lending or funding stopped, economic aid halted; funding resumed; rescue
            // teams are relief; relief offered, its intention.
            (
                "The World Bank suspended lending to Afghanistan.",
                &[("IGOWBK", "AFG", "1621")],
            ),
            ("The US cut funding to UNRWA.", &[("USA", "IGOUNO", "1621")]),
            (
                "Britain resumed funding for UNRWA.",
                &[("GBR", "IGOUNO", "071")],
            ),
            (
                "South Korea sent rescue teams to Turkey.",
                &[("KOR", "TUR", "073")],
            ),
            (
                "China offered humanitarian assistance to Myanmar after the quake.",
                &[("CHN", "MMR", "0333")],
            ),
            // A noun of trade after an adjective is no verb; supplies or deliveries to a
            // party cut, an embargo.
            ("Chinese exports to Russia rose 40 percent last year.", &[]),
            ("Iran exports drones to Russia.", &[("IRN", "RUS", "072")]),
            (
                "Russia cut gas deliveries to Germany through Nord Stream.",
                &[("RUS", "DEU", "163")],
            ),
            // Roles with names the dictionaries do not know still coordinate; a pact
            // restored; a state removed from a whitelist.
            (
                "South Korean President Yoon and Japanese Prime Minister Kishida held a summit in Tokyo.",
                &[("JPNGOV", "KORGOV", "040"), ("KORGOV", "JPNGOV", "040")],
            ),
            (
                "Seoul and Tokyo restored a military intelligence-sharing pact.",
                &[("JPN", "KOR", "057"), ("KOR", "JPN", "057")],
            ),
            (
                "Japan removed South Korea from its export whitelist.",
                &[("JPN", "KOR", "163")],
            ),
            // A party's citizens returned are released.
            (
                "Japan returned two Chinese citizens.",
                &[("JPN", "CHN", "084")],
            ),
            ("Russia returned fire.", &[]),
            // Where a protest is held is no target when it is against a government of no
            // named state: that is the protesters' own.
            (
                "Thousands of Serbs protested in Belgrade against the government.",
                &[("SRB", "SRBGOV", "141")],
            ),
            // Troops or warships ordered to a state (or toward a border or a sea) are
            // moved there; troops ordered to withdraw are not deployed.
            (
                "President Clinton ordered troops to Saudi Arabia.",
                &[("USAGOV", "SAU", "154")],
            ),
            (
                "Washington ordered its warships to the Persian Gulf.",
                &[("USA", "", "154")],
            ),
            (
                "The president ordered troops to withdraw from the city.",
                &[],
            ),
            // A summit called for with a party: an appeal to meet (026).
            (
                "South Korea's president called for a summit with North Korea's leader.",
                &[("KORGOV", "PRKGOV", "026")],
            ),
            // Territory that rebels of a state take, no other state named, is their own
            // state's.
            (
                "Rwandan rebels have captured the town of Ruhengeri.",
                &[("RWAREB", "RWA", "192")],
            ),
            // Clashes named by a noun, between two parties, each way (190); not when
            // they are ended or averted.
            (
                "Clashes broke out on Saturday between Armenian and Azerbaijani forces along the border.",
                &[("ARMMIL", "AZEMIL", "190"), ("AZEMIL", "ARMMIL", "190")],
            ),
            ("The truce ended the clashes between Israel and Hamas.", &[]),
            // An agreement reached together or with a party is concluded (057).
            (
                "The United States and North Korea reached an agreement on the nuclear issue.",
                &[("PRK", "USA", "057"), ("USA", "PRK", "057")],
            ),
            (
                "Russia reached an agreement with Ukraine on grain exports.",
                &[("RUS", "UKR", "057")],
            ),
            ("Israel and Hamas have not reached an agreement.", &[]),
            // Stones thrown at a party: a violent protest (145); a grenade, a bombing.
            (
                "Students hurled stones at Indonesian police.",
                &[("IDNEDU", "IDNCOP", "145")],
            ),
            (
                "Palestinians threw a grenade at Israeli soldiers.",
                &[("PSE", "ISRMIL", "183")],
            ),
            // A bomber who blew himself up among a state's people: a suicide bombing.
            (
                "Palestinian bombers blew themselves up on a bus in Tel Aviv.",
                &[("PSEMIL", "ISR", "1831")],
            ),
            ("The sanctions dealt a blow to Russia's economy.", &[]),
            // A pronoun after a word of time or cause is the clause before's subject,
            // unless that clause's object could be meant.
            (
                "Russian troops shelled the town after they crossed into Ukraine.",
                &[("RUSMIL", "UKR", "192")],
            ),
            (
                "The bombers from Gaza killed 23 people when they blew themselves up in Tel Aviv.",
                &[("PSEMIL", "ISR", "1831")],
            ),
            ("Iran seized a tanker when it attacked Iraq.", &[]),
            // (the protesters attack: no party of theirs is named)
            (
                "Israeli troops shot protesters when they attacked Egypt.",
                &[("---OPP", "EGY", "190"), ("ISRMIL", "ISROPP", "193")],
            ),
            // Peacekeepers sent are peacekeeping (074); troops sent into a state, not to
            // it, are forces moved in (154).
            (
                "France sent 2,000 peacekeepers to Lebanon.",
                &[("FRA", "LBN", "074")],
            ),
            (
                "Russia sent more troops into Ukraine.",
                &[("RUS", "UKR", "154")],
            ),
            // A state's people who protest, strike or riot with no party named do so
            // at home; political prisoners released are the state's opposition; an
            // opposition leader's own (ELI) role is the opposition's.
            (
                "South Korean workers went on strike to protest a new labour law.",
                &[("KORLAB", "KOR", "143")],
            ),
            (
                "Salaheddine Sidhoum, Algeria's leading human rights activist, staged a 24-hour hunger strike.",
                &[("DZAOPP", "DZA", "142")],
            ),
            ("Japan protested strongly.", &[]),
            (
                "The Nigerian government released 20 political detainees.",
                &[("NGAGOV", "NGAOPP", "084")],
            ),
            (
                "Burmese opposition leader Aung San Suu Kyi called on the junta to release political prisoners.",
                &[("MMRELIOPP", "MMRMILGOV", "0253")],
            ),
            // Houses or villages burnt: property destroyed (1712); a flag burnt is not.
            (
                "Russian troops torched villages in Chechnya.",
                &[("RUSMIL", "RUS", "1712")],
            ),
            (
                "Protesters burned an American flag outside the embassy.",
                &[],
            ),
            // Figures named by surname alone.
            ("Aznar criticised Morocco.", &[("ESPELI", "MAR", "111")]),
            (
                "Lee Teng-hui criticised China.",
                &[("TWNELI", "CHN", "111")],
            ),
            (
                "Chechen rebel leader Shamil Basayev threatened Russia.",
                &[("RUSREB", "RUS", "130")],
            ),
            // A protest lodged against a party; the withdrawal of a party's troops
            // called for (0256).
            (
                "The Philippines lodged a diplomatic protest against China.",
                &[("PHL", "CHN", "114")],
            ),
            (
                "Cyprus called for the withdrawal of Turkish troops.",
                &[("CYP", "TURMIL", "0256")],
            ),
            // People named by role in what a state's office reports are that state's,
            // unless they act on it.
            (
                "A spokesman for the Israeli army said troops had arrested 12 Palestinians.",
                &[("ISRMIL", "PSE", "173")],
            ),
            ("Ukrainian officials said troops shelled Kharkiv.", &[]),
            // A participle may open a passive's agent: no place stands in for it.
            (
                "A Turkish diplomat was shot dead in Athens by unidentified gunmen.",
                &[("---UAF", "TURGOV", "193")],
            ),
            // The West's envoys; a state suspended from a body; a capitalised -ly word
            // in a name is no adverb; a state named after its relation to another.
            (
                "Turkey threatened to expel ten Western ambassadors.",
                &[("TUR", "WSTGOV", "137")],
            ),
            (
                "The UN General Assembly suspended Russia from the Human Rights Council.",
                &[("IGOUNO", "RUS", "160")],
            ),
            (
                "The General Assembly has criticised Russia.",
                &[("IGOUNO", "RUS", "111")],
            ),
            (
                "Russia's ally Belarus criticised Poland.",
                &[("BLR", "POL", "111")],
            ),
            // Armed forces named without their state.
            (
                "The People's Liberation Army held drills near Taiwan.",
                &[("CHNMIL", "TWN", "150")],
            ),
            // Reactions an act draws: those named after "from" react to the subject.
            (
                "France resumed nuclear testing in the South Pacific, drawing protests from Australia and New Zealand.",
                &[("AUS", "FRA", "114"), ("NZL", "FRA", "114")],
            ),
            (
                "North Korea fired a missile over Japan, drawing sharp criticism from Tokyo and Washington.",
                &[
                    ("JPN", "PRK", "111"),
                    ("PRK", "JPN", "150"),
                    ("USA", "PRK", "111"),
                ],
            ),
            // Relations broken with a party (161); a compound subject fights an object
            // of no state, not each other.
            (
                "Sudan broke diplomatic relations with Eritrea.",
                &[("SDN", "ERI", "161")],
            ),
            (
                "Venezuela and Colombia agreed to step up joint patrols along their border to fight guerrillas.",
                &[
                    ("COL", "COLREB", "190"),
                    ("COL", "VEN", "030"),
                    ("VEN", "COL", "030"),
                    ("VEN", "VENREB", "190"),
                ],
            ),
            // People ordered to leave a state, in the passive, are expelled by it;
            // fire opened with no party named is aimed at those the clause before says
            // were killed or wounded.
            (
                "Russian diplomats were ordered to leave Britain within a week.",
                &[("GBR", "RUSGOV", "174")],
            ),
            ("Japan ordered its citizens to leave Israel.", &[]),
            (
                "Three Indian soldiers were killed when Pakistani troops opened fire across the border.",
                &[("PAKMIL", "INDMIL", "190")],
            ),
            ("Police opened fire.", &[]),
            // In the passive, states named together as the agent of a pact or talks do
            // it with each other; not those who broker or join.
            (
                "The agreement was signed by the foreign ministers of Israel and Jordan.",
                &[("ISRGOV", "JORGOV", "057"), ("JORGOV", "ISRGOV", "057")],
            ),
            ("The deal was brokered by Qatar and Egypt.", &[]),
            // "We" in a quotation is whoever says it.
            (
                "\"We condemn this provocation by North Korea,\" Japan's prime minister told reporters.",
                &[("JPNGOV", "PRK", "111")],
            ),
            (
                "\"We condemn North Korea,\" said the Japanese prime minister.",
                &[("JPNGOV", "PRK", "111")],
            ),
            ("We condemn North Korea.", &[]),
            (
                "Iran granted Russian warships access to its ports.",
                &[("IRN", "RUSMIL", "062")],
            ),
            // A state's adjective before an event noun heading the sentence acts as its
            // possessive would; sanctions an act prompts are the others'; force the noun
            // names that kills is its possessor's.
            (
                "The Iraqi invasion of Kuwait prompted sanctions from the United Nations.",
                &[("IGOUNO", "IRQ", "163"), ("IRQ", "KWT", "190")],
            ),
            (
                "North Korea's shelling of Yeonpyeong island killed four South Koreans.",
                &[("PRK", "KOR", "190")],
            ),
            // Verbs of criticism, rejection, banning, expulsion, destruction and siege.
            (
                "China lambasted Japan over the visit.",
                &[("CHN", "JPN", "111")],
            ),
            (
                "Russian troops besieged Mariupol.",
                &[("RUSMIL", "UKR", "191")],
            ),
            // Representatives and defence chiefs of states named together.
            (
                "Representatives of Israel and Syria resumed negotiations in Washington.",
                &[("ISRGOV", "SYRGOV", "040"), ("SYRGOV", "ISRGOV", "040")],
            ),
            // A word inside a name of several words is no verb, and a past form after a
            // preposition's noun, with no verb before it, is the sentence's verb; a
            // prepositional phrase set off by commas after the subject.
            (
                "Iran's head of state condemned Japan.",
                &[("IRNGOV", "JPN", "111")],
            ),
            (
                "Iran's president, on the first visit by an Iranian head of state to Italy since the 1979 revolution, met Pope John Paul II.",
                &[("IRNGOV", "VAT", "040")],
            ),
            // Parliaments by name; a treaty with a party approved (057).
            (
                "The Israeli Knesset approved the treaty with Egypt.",
                &[("ISRLEG", "EGY", "057")],
            ),
            // Missiles into the sea (off a state): a show of force, not an attack.
            (
                "North Korea fires ballistic missile into sea off Japan",
                &[("PRK", "JPN", "150")],
            ),
            (
                "North Korea fired a missile into the Sea of Japan.",
                &[("PRK", "", "150")],
            ),
            (
                "China fired missiles into waters near Taiwan.",
                &[("CHN", "TWN", "150")],
            ),
            (
                "North Korea fired 200 artillery shells into waters near South Korea's border islands.",
                &[("PRK", "KOR", "150")],
            ),
            // A ship-to-ship transfer with a party's vessel, and cargo received from
            // one: trade (061), the giver's.
            (
                "A North Korean tanker conducted a ship-to-ship transfer of oil with a Chinese vessel.",
                &[("PRK", "CHN", "061")],
            ),
            (
                "Japan spotted a North Korean tanker receiving cargo from a Russian ship.",
                &[("RUS", "PRK", "061")],
            ),
            // Former names and common misspellings of states.
            (
                "Czechoslovakia criticised Rhodesia.",
                &[("CZE", "ZWE", "111")],
            ),
            // The party a text is about is not whom its veto or rejection is aimed at.
            (
                "China vetoed a resolution calling for sanctions on North Korea.",
                &[],
            ),
            (
                "Israel rejected a UN resolution condemning its settlements.",
                &[("ISR", "IGOUNO", "120")],
            ),
            // Talks between other parties hosted: mediation (045); offered, its intent.
            (
                "Turkey offered to host talks between Russia and Ukraine.",
                &[("TUR", "RUS", "039"), ("TUR", "UKR", "039")],
            ),
            // What a party has yet to do, or failed to do, is not done.
            ("Pakistan has yet to recognise Israel.", &[]),
            ("Israel has failed to withdraw from Lebanon.", &[]),
            // A question reports no event; preparing to attack is a threat (1384); a
            // meeting scheduled in a capital is not with that state.
            ("Will China invade Taiwan?", &[]),
            (
                "Russia is preparing to attack Ukraine.",
                &[("RUS", "UKR", "1384")],
            ),
            ("The two leaders are scheduled to meet in Beijing.", &[]),
            // Force not ruled out, or refused to be ruled out, is threatened (138); force
            // ruled out is no event. Threats of ruin, quoted or not.
            (
                "China said it would not rule out the use of force against Taiwan.",
                &[("CHN", "TWN", "138")],
            ),
            (
                "China has never ruled out using force against Taiwan.",
                &[("CHN", "TWN", "138")],
            ),
            (
                "Beijing refused to rule out the use of force against Taiwan.",
                &[("CHN", "TWN", "138")],
            ),
            ("China ruled out the use of force against Taiwan.", &[]),
            (
                "North Korea said it would turn Seoul into a \"sea of fire\".",
                &[("PRK", "KOR", "138")],
            ),
            (
                "Iran vowed to reduce Tel Aviv to ashes.",
                &[("IRN", "ISR", "138")],
            ),
            ("The central bank reduced interest rates.", &[]),
            // Sanctions threatened on a party, before the matter: 1312.
            (
                "Washington threatened to impose trade sanctions on Japan over its car market.",
                &[("USA", "JPN", "1312")],
            ),
            // Allegations are accusations; "alleged" before a noun is no verb.
            (
                "Pakistan alleged that Indian agents were behind the bombing.",
                &[("PAK", "IND", "112")],
            ),
            (
                "Russia arrested an alleged Ukrainian spy.",
                &[("RUS", "UKRSPY", "173")],
            ),
            // Loans granted: economic aid (071). A state's name before "$" after a verb
            // receives what is offered; "US $50 million" is a currency.
            (
                "Japan granted China a loan of 500 million dollars.",
                &[("JPN", "CHN", "071")],
            ),
            (
                "The United States offered Egypt $2 billion in aid.",
                &[("USA", "EGY", "033")],
            ),
            // Aid groups, charities and human rights groups of no named state are
            // non-governmental organisations, a party of their own (NGO); expelled, 1663.
            (
                "Sudan expelled 13 foreign aid groups.",
                &[("SDN", "NGO", "1663")],
            ),
            (
                "Human rights groups accused the Egyptian government of torturing detainees.",
                &[("NGOHRI", "EGYGOV", "112")],
            ),
            // Goods sold or exported are trade (061); weapons sold, military aid (072).
            ("Iran sold oil to China.", &[("IRN", "CHN", "061")]),
            (
                "Israel exported drones to Azerbaijan.",
                &[("ISR", "AZE", "072")],
            ),
            // A protest "to" a party right after the verb is made to it; a "to" further
            // on belongs to the object ("a decision to grant visas to ...").
            (
                "Indonesia protested Australia's decision to grant visas to Papuan activists.",
                &[("IDN", "AUS", "114")],
            ),
            (
                "Japan protested strongly to China over the incursion.",
                &[("JPN", "CHN", "114")],
            ),
            // Who brokered the deal, or held the talks, under which an act is done is no
            // target of it.
            (
                "Cuba released 50 political prisoners under a deal brokered by the Vatican.",
                &[("CUB", "CUBOPP", "084")],
            ),
            (
                "Cuba freed 50 political prisoners after talks with the Vatican.",
                &[("CUB", "CUBOPP", "084")],
            ),
            // The Commonwealth of Nations is an organisation of states.
            (
                "Zimbabwe withdrew from the Commonwealth.",
                &[("ZWE", "IGO", "160")],
            ),
            // Strikes on a party ordered are the strikes (195); a release ordered or
            // approved is the release (084).
            (
                "President Clinton on Monday ordered air strikes against Iraq after Baghdad blocked weapons inspections.",
                &[("USAGOV", "IRQ", "195")],
            ),
            (
                "Israel's cabinet approved the release of 500 Palestinian prisoners.",
                &[("ISRGOV", "PSE", "084")],
            ),
            // Troops pulled back from a border: withdrawn from the state beyond it (087).
            (
                "Russia began pulling troops back from the Ukrainian border.",
                &[("RUS", "UKR", "087")],
            ),
            (
                "India pulled back troops from the Pakistani border.",
                &[("IND", "PAK", "087")],
            ),
            // A name's last word may be plural ("the Tamil Tigers"); the Niger Delta is
            // Nigeria's.
            (
                "Sri Lankan forces attacked the Tamil Tigers.",
                &[("LKAMIL", "LKAREB", "190")],
            ),
            (
                "The Nigerian army destroyed several villages in the Niger Delta.",
                &[("NGAMIL", "NGA", "1712")],
            ),
            // New sanctions agreed against a party are imposed (163); sanctions agreed to
            // be lifted are the lifting's (an intention, 0354).
            (
                "The EU agreed on a new package of sanctions against Russia.",
                &[("IGOEEC", "RUS", "163")],
            ),
            (
                "Russia agreed to lift sanctions on Turkey.",
                &[("RUS", "TUR", "0354")],
            ),
            // A nuclear test threatened is a threat of force (138), whatever the threat
            // answers; sanctions threatened are named right after the verb.
            (
                "North Korea threatened to conduct a nuclear test in response to the sanctions.",
                &[("PRK", "", "138")],
            ),
            (
                "The US threatened Turkey with sanctions.",
                &[("USA", "TUR", "1312")],
            ),
            // "He" in what someone told someone else is the teller ("visiting" describes
            // the addressee, no verb of its own).
            (
                "Putin told visiting Chinese leader Xi Jinping that he would visit Beijing.",
                &[("CHN", "RUSGOV", "036"), ("RUSGOV", "CHN", "036")],
            ),
            (
                "Russia warned visiting Japanese officials that it would respond.",
                &[("RUS", "JPNGOV", "130")],
            ),
            // Tension eased between parties is de-escalation (087; pledged, 0356), not
            // sanctions eased.
            (
                "India and China eased tensions along their border.",
                &[("CHN", "IND", "087"), ("IND", "CHN", "087")],
            ),
            (
                "Turkey and Greece pledged to ease tensions in the eastern Mediterranean.",
                &[("GRC", "TUR", "0356"), ("TUR", "GRC", "0356")],
            ),
            // Policemen are police; a patrol is a force's, "their" patrol the soldiers'.
            (
                "Three Egyptian policemen were killed by Islamic militants.",
                &[("EGYREB", "EGYCOP", "190")],
            ),
            (
                "Four Israeli soldiers were wounded when their patrol was ambushed by Hezbollah guerrillas.",
                &[("LBNREB", "ISRMIL", "190")],
            ),
            // Civilians or soldiers of no named state harmed by another state's force are
            // the reporting state's own; a group that is no state leaves them as they are.
            (
                "Pakistan said Indian forces had killed five civilians in shelling across the Line of Control.",
                &[("INDMIL", "PAKCVL", "190")],
            ),
            (
                "Pakistan said Indian troops killed three soldiers.",
                &[("INDMIL", "PAKMIL", "190")],
            ),
            (
                "Human Rights Watch said Indian forces killed five civilians in Kashmir.",
                &[("INDMIL", "INDCVL", "190")],
            ),
            // Kaliningrad is Russia's.
            (
                "Lithuania banned the transit of sanctioned goods to Kaliningrad.",
                &[("LTU", "RUS", "163")],
            ),
            // A reaction prompted or forced by another party's act ("..., prompting Japan
            // to scramble fighters") is the prompted party's, aimed at the actor before.
            (
                "Two Russian bombers flew over the Sea of Japan, prompting Japan to scramble fighters.",
                &[("JPN", "RUSMIL", "152")],
            ),
            (
                "Chinese warships entered Japanese waters, prompting Tokyo to protest.",
                &[("CHNMIL", "JPN", "150"), ("JPN", "CHNMIL", "114")],
            ),
            // A businessman is business (BUS).
            (
                "Russia arrested an American businessman on spying charges.",
                &[("RUS", "USABUS", "173")],
            ),
            // Pessimism or optimism about dealings with a party: comments (012, 013).
            (
                "Japan's foreign minister said he was pessimistic about talks with North Korea.",
                &[("JPNGOV", "PRK", "012")],
            ),
            (
                "South Korea is hopeful about dialogue with North Korea.",
                &[("KOR", "PRK", "013")],
            ),
            // Military aid given is military aid (072); an ultimatum given is one (139).
            (
                "The United States provided military aid to Taiwan.",
                &[("USA", "TWN", "072")],
            ),
            ("Iran gave Israel an ultimatum.", &[("IRN", "ISR", "139")]),
            // A ceasefire called for between parties: an appeal to each (0256).
            (
                "Turkey called for an immediate ceasefire between Russia and Ukraine.",
                &[("TUR", "RUS", "0256"), ("TUR", "UKR", "0256")],
            ),
            // Consultations held are consultations; territory ceded a concession.
            (
                "Russia held consultations with China on Afghanistan.",
                &[("RUS", "CHN", "040")],
            ),
            (
                "Armenia ceded four villages to Azerbaijan.",
                &[("ARM", "AZE", "080")],
            ),
            // Chemical weapons used against a party (2041), not plain force; ethnic
            // cleansing (203) and massacres (202) carried out; an offensive launched in a
            // place is force against its state.
            (
                "Syria used chemical weapons against civilians in Ghouta.",
                &[("SYR", "SYRCVL", "2041")],
            ),
            (
                "Serbian forces carried out ethnic cleansing in Kosovo.",
                &[("SRBMIL", "KSV", "203")],
            ),
            (
                "Russia launched an offensive in the Kharkiv region.",
                &[("RUS", "UKR", "190")],
            ),
            // A place named after a passive of harm is where it was done, not who did it;
            // a state does not act on its own people in its own place.
            ("North Korean soldiers were killed in Kursk.", &[]),
            ("Two Ukrainian soldiers were killed in Donetsk.", &[]),
            // A state's own airspace or waters, in what that state reports another party
            // did, are its own ("its" is the reporter); "it ... its" is the pronoun's.
            (
                "Romania said a Russian drone had violated its airspace.",
                &[("RUS", "ROU", "150")],
            ),
            ("Poland said it would defend its airspace.", &[]),
            // A word in -s right before "had" or "have" is a plural noun.
            (
                "Chinese coast guard ships had entered Japanese waters.",
                &[("CHNMIL", "JPN", "150")],
            ),
            // After a place as a preposition's object, "and" with a state and a verb opens
            // a new clause, whatever adjective the place has.
            (
                "Hezbollah fired rockets at northern Israel, and Israel responded with air strikes on southern Lebanon.",
                &[("ISR", "LBN", "195"), ("LBNREB", "ISR", "195")],
            ),
            // Damage done by attacks is the force used; a plural after a people's name
            // before a past form is the subject; a past form between a verb and a plural
            // describes the plural.
            (
                "Russian attacks damaged Ukrainian power plants.",
                &[("RUS", "UKR", "190")],
            ),
            (
                "Iran sent armed drones to Russia.",
                &[("IRN", "RUS", "072")],
            ),
            // "Congo" alone is the Democratic Republic since it took the name (1997);
            // "Congo Republic" is the other.
            (
                "Congo accused Rwanda of supporting the M23 rebels.",
                &[("COD", "RWA", "112")],
            ),
            (
                "Congo Republic accused Rwanda of supporting the M23 rebels.",
                &[("COG", "RWA", "112")],
            ),
            // Asked to extradite someone: an appeal for judicial cooperation.
            (
                "Bangladesh asked India to extradite former prime minister Sheikh Hasina.",
                &[("BGD", "IND", "0213")],
            ),
            // Armed groups: rebels of the state they fight in, or a network of many states
            // (IMG); leaders of the 1980s and 1990s by their dated offices.
            (
                "Islamic State militants attacked Iraqi troops near Mosul.",
                &[("IMGMOS", "IRQMIL", "190")],
            ),
            (
                "Al-Shabaab fighters attacked a Kenyan military base.",
                &[("SOMREB", "KENMIL", "190")],
            ),
            (
                "The Kosovo Liberation Army accused Serbia of massacres.",
                &[("SRBREB", "SRB", "112")],
            ),
            // Roles: peacekeepers are a force, clerics the clergy, state television the
            // state's media, settlers civilians; an obligation stated by no actor is no act.
            (
                "Italian peacekeepers were attacked by Hezbollah.",
                &[("LBNREB", "ITAMIL", "190")],
            ),
            (
                "Iranian clerics criticised the United States.",
                &[("IRNREL", "USA", "111")],
            ),
            (
                "Russian state television accused Ukraine of shelling Donetsk.",
                &[("RUSGOVMED", "UKR", "112")],
            ),
            (
                "Israeli settlers attacked Palestinian villagers.",
                &[("ISRCVL", "PSECVL", "190")],
            ),
            ("China must release the fishermen.", &[]),
            // Verbs of scorn are criticism, funding is economic aid, a contact is a
            // consultation; "finance" before "minister" is the office, no verb.
            (
                "Russia branded the Ukrainian government a terrorist regime.",
                &[("RUS", "UKRGOV", "111")],
            ),
            (
                "The United States funded Ukrainian air defences.",
                &[("USA", "UKR", "071")],
            ),
            (
                "The Russian finance minister criticised Ukraine.",
                &[("RUSGOV", "UKR", "111")],
            ),
            ("Japan contacted China.", &[("JPN", "CHN", "040")]),
            // Talks called off or walked out of are halted (164); people set free are
            // released; a siege laid is a blockade; people taken hostage are abducted;
            // troops pushed back are fought (190), never supported.
            (
                "Iran called off talks with the European Union.",
                &[("IRN", "IGOEEC", "164")],
            ),
            (
                "The Palestinian delegation walked out of talks with Israel.",
                &[("PSEGOV", "ISR", "164")],
            ),
            (
                "Hamas set free two Israeli hostages.",
                &[("PSEREB", "ISRCVL", "084")],
            ),
            (
                "Serbian forces laid siege to Sarajevo.",
                &[("SRBMIL", "BIH", "191")],
            ),
            (
                "Iran took two British sailors hostage.",
                &[("IRN", "GBR", "181")],
            ),
            (
                "Ukrainian forces pushed back Russian troops near Kharkiv.",
                &[("UKRMIL", "RUSMIL", "190")],
            ),
            // A pronoun right after the verb is its object: a party named after it is
            // the next verb's ("to help him oust" does not help the one ousted).
            (
                "Syria offered its troops to Lebanon's president to help him oust General Michel Aoun.",
                &[("SYR", "LBNGOV", "030")],
            ),
            // Office holders since the 1990s by their dated offices.
            (
                "Salva Kiir accused Sudan of backing the rebels.",
                &[("SSDGOV", "SDN", "112")],
            ),
            // Offensives mounted are launched; invitations extended mean to meet; a
            // warning issued is a threat; assurances given an intent; a ceasefire proposed
            // between parties an appeal to each.
            (
                "Turkey mounted an offensive against Kurdish militants in Syria.",
                &[("TUR", "SYRREB", "190")],
            ),
            (
                "China extended an invitation to the Russian president.",
                &[("CHN", "RUSGOV", "036")],
            ),
            (
                "Russia issued a warning to Finland over its NATO membership.",
                &[("RUS", "FIN", "130")],
            ),
            (
                "Pakistan gave assurances to China.",
                &[("PAK", "CHN", "030")],
            ),
            (
                "Egypt proposed a ceasefire between Israel and Hamas.",
                &[("EGY", "ISR", "0256"), ("EGY", "PSEREB", "0256")],
            ),
            // Regions and cities of conflict reporting stand for their state.
            (
                "Myanmar's army shelled villages in Rakhine.",
                &[("MMRMIL", "MMR", "194")],
            ),
            // Whose head or people a group names after "of", with no article, stands for
            // the subject.
            (
                "The head of Ukraine's military intelligence accused Russia of planning attacks.",
                &[("UKRSPY", "RUS", "112")],
            ),
            // A passive reporting frame with a word of time before its "as".
            (
                "King Hassan was quoted today as saying he would be ready to host talks between Israel and the PLO.",
                &[("MARELI", "ISR", "039"), ("MARELI", "PSEGOV", "039")],
            ),
            // Movements and armed groups by name, dated where their standing changed.
            (
                "The Moro Islamic Liberation Front accused the Philippine army of violating the truce.",
                &[("PHLREB", "PHLMIL", "112")],
            ),
            (
                "The African National Congress criticised Britain.",
                &[("ZAFGOV", "GBR", "111")],
            ),
            // A pledge not to yield or meet is a refusal, no pledge; a pledge not to
            // attack is a pledge.
            (
                "Israel vowed never to withdraw from Lebanon.",
                &[("ISR", "LBN", "124")],
            ),
            (
                "Iran vowed not to hold talks with the United States.",
                &[("IRN", "USA", "125")],
            ),
            (
                "Iran promised not to attack Saudi Arabia.",
                &[("IRN", "SAU", "030")],
            ),
            // Land returned (islands, occupied land) is yielded back (084).
            (
                "Russia returned the Kuril Islands to Japan.",
                &[("RUS", "JPN", "084")],
            ),
            // Parties joined by "along with", "together with" or "as well as" act
            // together; a role right after "whose" is the antecedent's.
            (
                "Britain, along with France and Germany, condemned Iran's nuclear programme.",
                &[
                    ("DEU", "IRN", "111"),
                    ("FRA", "IRN", "111"),
                    ("GBR", "IRN", "111"),
                ],
            ),
            (
                "Japan as well as South Korea protested to China.",
                &[("JPN", "CHN", "114"), ("KOR", "CHN", "114")],
            ),
            (
                "North Korea, whose leader met Putin last year, sent troops to Russia.",
                &[("PRK", "RUS", "072"), ("PRKGOV", "RUSGOV", "040")],
            ),
            // "Its" positions or troops, in what a state reports another party did, are
            // the reporter's; "neutralised" militants are killed; Patriot systems are
            // weapons.
            (
                "Azerbaijan said Armenian forces had fired on its positions.",
                &[("ARMMIL", "AZE", "190")],
            ),
            (
                "Israel said Hezbollah had attacked its troops.",
                &[("LBNREB", "ISRMIL", "190")],
            ),
            (
                "Turkey said it had neutralised 15 PKK militants in northern Iraq.",
                &[("TUR", "TURREB", "190")],
            ),
            (
                "Germany said it would send more Patriot systems to Ukraine.",
                &[("DEU", "UKR", "0332")],
            ),
            // Events named by a noun heading the sentence: bombardments, bans.
            (
                "Israel's bombardment of Gaza continued for a third day.",
                &[("ISR", "PSE", "195")],
            ),
            (
                "The EU's ban on Russian oil imports came into force.",
                &[("IGOEEC", "RUS", "163")],
            ),
            // Northern Ireland is the United Kingdom's; A.Q. Khan a Pakistani scientist.
            (
                "Police in Northern Ireland arrested two Irish nationals.",
                &[("GBRCOP", "IRL", "173")],
            ),
            (
                "AQ Khan supplied nuclear technology to Libya and North Korea.",
                &[("PAKEDU", "LBY", "072"), ("PAKEDU", "PRK", "072")],
            ),
            // "The West Sea" is a sea, never the West; troops that join a party's assaults
            // fight alongside it (062).
            (
                "The Korean People's Army fired a volley of artillery shells into the West Sea.",
                &[("PRKMIL", "", "150")],
            ),
            (
                "Ukraine's defence intelligence said North Korean troops had joined Russian assaults in Kursk.",
                &[("PRKMIL", "RUS", "062")],
            ),
            // Drones, balloons and bombers flown into, over or near a state: a show of
            // force at it.
            (
                "North Korea flew drones into South Korean airspace.",
                &[("PRK", "KOR", "150")],
            ),
            (
                "A Chinese spy balloon flew over the United States.",
                &[("CHNSPY", "USA", "150")],
            ),
            ("Russia flew bombers near Alaska.", &[("RUS", "USA", "150")]),
            // Imports or purchases of a state's goods raised are trade with it (061);
            // goods re-exported to a state are trade with it.
            (
                "India increased its imports of Russian oil.",
                &[("IND", "RUS", "061")],
            ),
            (
                "Kazakhstan re-exported Western electronics to Russia.",
                &[("KAZ", "RUS", "061")],
            ),
            // What a party is invited, asked or urged to do, in the passive, has not
            // happened; a state's accession blocked is vetoed (129).
            ("Saudi Arabia was invited to join BRICS.", &[]),
            (
                "Hungary blocked Sweden's accession to NATO.",
                &[("HUN", "SWE", "129")],
            ),
            // An alliance or pact formed by parties together is an agreement among them.
            (
                "Russia formed an alliance with Iran.",
                &[("RUS", "IRN", "057")],
            ),
            (
                "Niger, Mali and Burkina Faso formed the Alliance of Sahel States.",
                &[
                    ("BFA", "MLI", "057"),
                    ("BFA", "NER", "057"),
                    ("MLI", "BFA", "057"),
                    ("MLI", "NER", "057"),
                    ("NER", "BFA", "057"),
                    ("NER", "MLI", "057"),
                ],
            ),
            // Responsibility claimed for an attack on a party is the attack; talks with a
            // party suspended are halted, whatever follows; a meeting held on another
            // party's act is no act; joint drills expanded together are cooperation.
            (
                "The Houthis claimed responsibility for an attack on a US destroyer.",
                &[("YEMREB", "USA", "190")],
            ),
            (
                "Colombia suspended peace talks with the ELN after a bombing.",
                &[("COL", "COLREB", "164")],
            ),
            (
                "The UN Security Council held an emergency meeting on North Korea's missile launch.",
                &[],
            ),
            (
                "Seoul and Washington agreed to expand joint military drills to counter North Korean threats.",
                &[("KOR", "USA", "0312"), ("USA", "KOR", "0312")],
            ),
            // Intergovernmental bodies, legislatures and groups named without a country,
            // and a possessive inside a dictionary name.
            ("The OIC condemned Israel.", &[("IGOMOSOIC", "ISR", "111")]),
            (
                "The Knesset approved the agreement with Egypt.",
                &[("ISRLEG", "EGY", "057")],
            ),
            (
                "The New People's Army attacked soldiers.",
                &[("PHLREB", "PHLMIL", "190")],
            ),
            (
                "The Janjaweed attacked villagers in Darfur.",
                &[("SDNUAF", "SDNCVL", "190")],
            ),
            // A backer after an actor is not an owner: the actor is the target.
            (
                "Syrian troops attacked rebels backed by Turkey.",
                &[("SYRMIL", "SYRREB", "190")],
            ),
            (
                "Syrian government forces recaptured Saraqeb from rebels supported by Turkey.",
                &[("SYRGOVMIL", "SYRREB", "192")],
            ),
            // The charge after "of" and an adverb is no event of the accuser's.
            (
                "The Chinese embassy accused the Philippine coast guard of deliberately ramming a Chinese vessel.",
                &[("CHNGOV", "PHLMIL", "112")],
            ),
            // A gerund after "of" opens the charge, not the owner of the roles before it;
            // a guest welcomed in a place, not a decision welcomed.
            (
                "The Ugandan army was accused by human rights groups of torturing opposition supporters.",
                &[("NGOHRI", "UGAMIL", "112")],
            ),
            (
                "Rights groups criticized Uganda.",
                &[("NGOHRI", "UGA", "111")],
            ),
            (
                "Iraq welcomed the US decision to keep troops in the region.",
                &[("IRQ", "USA", "051")],
            ),
            (
                "The Iraqi president welcomed the French president in Baghdad.",
                &[("FRAGOV", "IRQGOV", "042"), ("IRQGOV", "FRAGOV", "043")],
            ),
            // Aircraft that attack strike from the air (195); a party barred or blocked
            // from something is sanctioned (172); Bosnia's towns are Bosnia's.
            (
                "Israeli warplanes struck Hamas targets in Gaza.",
                &[("ISRMIL", "PSEREB", "195")],
            ),
            (
                "Iraq barred U.N. weapons inspectors.",
                &[("IRQ", "IGOUNO", "172")],
            ),
            (
                "Iraq blocked U.N. weapons inspectors from visiting the site.",
                &[("IRQ", "IGOUNO", "172")],
            ),
            (
                "Bosnian Serb forces shelled the Moslem enclave of Gorazde on Sunday.",
                &[("BIHMIL", "BIH", "194")],
            ),
            // Old demonyms and peoples named for their state; West African peacekeepers.
            (
                "Zairean troops attacked the rebels.",
                &[("CODMIL", "CODREB", "190")],
            ),
            (
                "Uighur separatists attacked police in Xinjiang.",
                &[("CHNREB", "CHNCOP", "190")],
            ),
            (
                "Liberian warlord Charles Taylor agreed to a ceasefire with ECOMOG peacekeepers.",
                &[("LBRELIUAF", "IGOWAFWASMIL", "0871")],
            ),
            // An "as" opening the sentence (it once overflowed looking before itself).
            (
                "As part of the deal, Russia will supply Turkey with S-400 missile systems.",
                &[("RUS", "TUR", "0332")],
            ),
            // A name before a common noun is a model, not an unknown party; drills
            // announced are drills held.
            (
                "Japan will export Patriot missiles to the United States.",
                &[("JPN", "USA", "0332")],
            ),
            (
                "Meanwhile, China announced military drills around Taiwan.",
                &[("CHN", "TWN", "150")],
            ),
            (
                "China announced joint naval drills with Russia.",
                &[("CHN", "RUS", "062")],
            ),
            // Figures of wire reporting since the 1990s, and ministers out of office.
            ("Livni criticized Japan.", &[("ISRELI", "JPN", "111")]),
            (
                "Osama bin Laden criticized Japan.",
                &[("IMGMOS", "JPN", "111")],
            ),
            ("Davutoglu criticized Japan.", &[("TURELI", "JPN", "111")]),
            // An office held once is an elite's standing; a title the text gives is the
            // person's standing there, over the dictionaries' dates.
            (
                "Former Israeli prime minister Ehud Barak criticized Japan.",
                &[("ISRELI", "JPN", "111")],
            ),
            (
                "Ousted president Jean-Bertrand Aristide was accused by Haitian government officials of misusing public funds.",
                &[("HTIGOV", "HTIELI", "112")],
            ),
            (
                "Turkish Foreign Minister Ahmet Davutoglu warned Syria against further violence.",
                &[("TURGOV", "SYR", "130")],
            ),
            // Another state's warplanes or warships detected near a state: its show of
            // force against that state, even when the one who saw them reports it.
            (
                "Taiwan detected 20 Chinese warplanes near the island on Tuesday.",
                &[("CHNMIL", "TWN", "150")],
            ),
            (
                "Taiwan's defence ministry said it had detected 20 Chinese military aircraft and six warships around the island.",
                &[("CHNMIL", "TWNGOV", "150")],
            ),
            (
                "Japan spotted two Russian bombers near Hokkaido.",
                &[("RUSMIL", "JPN", "150")],
            ),
            // Warplanes across the median line, or into a state's air defence zone.
            (
                "Chinese fighter jets crossed the median line of the Taiwan Strait.",
                &[("CHNMIL", "", "150")],
            ),
            (
                "Chinese warplanes crossed into Taiwan's air defence identification zone.",
                &[("CHNMIL", "TWN", "150")],
            ),
            // Forces ordered to prepare for war: a raised alert.
            (
                "Kim Jong Un ordered his military to prepare for war.",
                &[("PRKGOV", "", "152")],
            ),
            // Verbs of news the dictionary lacked.
            (
                "Washington pressured Seoul to stop buying Iranian oil.",
                &[("USA", "KOR", "100")],
            ),
            (
                "India and the United States inked a defence deal.",
                &[("IND", "USA", "057"), ("USA", "IND", "057")],
            ),
            (
                "Beijing assailed Washington's decision to sell arms to Taiwan.",
                &[("CHN", "USA", "111")],
            ),
            (
                "Russia amassed troops on the Ukrainian border.",
                &[("RUS", "UKR", "154")],
            ),
            (
                "The United States waived sanctions on Iraq to allow it to buy Iranian electricity.",
                &[("USA", "IRQ", "085")],
            ),
            (
                "Police dispersed protesters in Tbilisi with water cannon.",
                &[("---COP", "GEOOPP", "175")],
            ),
            (
                "Chinese vessels harassed Philippine fishermen near Scarborough Shoal.",
                &[("CHN", "PHLCVL", "170")],
            ),
            (
                "North Korea flouted UN sanctions.",
                &[("PRK", "IGOUNO", "128")],
            ),
            // Whom a mediator stands between are not its own people.
            ("Qatar mediated between the government and the rebels.", &[]),
            // Groups of states named as one; a word of a name of several words is no
            // verb; a response promised to any attack by a party threatens that party.
            (
                "The Baltic states expelled two Russian diplomats.",
                &[
                    ("EST", "RUSGOV", "161"),
                    ("LTU", "RUSGOV", "161"),
                    ("LVA", "RUSGOV", "161"),
                ],
            ),
            (
                "The rival Koreas held their first talks in two years.",
                &[("KOR", "PRK", "040"), ("PRK", "KOR", "040")],
            ),
            (
                "Iran's foreign minister said Tehran \"will respond decisively\" to any Israeli attack.",
                &[("IRN", "ISR", "130")],
            ),
            ("Russia will respond to any attack on Belarus.", &[]),
            // People named by role where the sentence names one other state are that
            // state's; "its" waters in a clause of time are the main clause's state's; a
            // reporter may say "here".
            (
                "Russian forces shelled Kharkiv and killed ten civilians.",
                &[("RUSMIL", "UKR", "194"), ("RUSMIL", "UKRCVL", "190")],
            ),
            (
                "Japan lodged a protest with China after Chinese coast guard ships entered its territorial waters.",
                &[("CHNMIL", "JPN", "150"), ("JPN", "CHN", "114")],
            ),
            (
                "Poland scrambled jets after Russian drones violated its airspace.",
                &[("POL", "RUS", "152"), ("RUS", "POL", "150")],
            ),
            (
                "Burmese troops captured a Karen guerrilla stronghold, Thai police here said.",
                &[("MMRMIL", "MMRREB", "192")],
            ),
            // Whose norm an act breaks is no target of the act; payments or trade
            // restricted are an embargo.
            (
                "A North Korean tanker transferred oil to a ship in the East China Sea in violation of UN sanctions.",
                &[],
            ),
            (
                "Russia shipped fuel to North Korea in breach of UN sanctions.",
                &[("RUS", "PRK", "071")],
            ),
            (
                "Chinese banks restricted payments to Russia under pressure from US sanctions.",
                &[("CHNBUS", "RUS", "163")],
            ),
            // Those after "visiting" visit the subject; a resolution says what the body
            // that passes it says.
            (
                "North Korea displayed its uranium enrichment facility to visiting US scientists.",
                &[("PRK", "USAEDU", "043"), ("USAEDU", "PRK", "042")],
            ),
            (
                "The IAEA board passed a resolution censuring Iran for failing to cooperate.",
                &[("IGOUNOIAE", "IRN", "111")],
            ),
            // A leader named before a body the dictionaries know is not that body.
            (
                "Armenia froze its participation in the Russian-led CSTO.",
                &[("ARM", "IGOCST", "160")],
            ),
            (
                "The Saudi-led coalition bombed Sanaa.",
                &[("SAU", "YEM", "195")],
            ),
            // A title with a name the dictionaries do not know, set off by commas, is in
            // apposition to the actor before it.
            (
                "The US commander in Iraq, General David Petraeus, met Lebanese President Michel Sleiman.",
                &[("USAMIL", "LBNGOV", "040")],
            ),
            // The aid after a word of its kind is a noun; aid offered by kind.
            (
                "The general held talks in Beirut, offering further military support to Lebanon.",
                &[("---MIL", "LBN", "0312")],
            ),
            (
                "China offered economic support to Pakistan.",
                &[("CHN", "PAK", "0311")],
            ),
            (
                "Japan pledged financial support to Ukraine.",
                &[("JPN", "UKR", "0331")],
            ),
            // Demonyms with other endings share the roles after them.
            (
                "Greek and Turkish foreign ministers met in Athens.",
                &[("GRCGOV", "TURGOV", "040"), ("TURGOV", "GRCGOV", "040")],
            ),
            // Leaders and ministers of 1980s reporting, out of office on the test's date.
            ("Gromyko criticized Japan.", &[("RUSELI", "JPN", "111")]),
            ("Mulroney criticized Japan.", &[("CANELI", "JPN", "111")]),
            // Old names and other spellings of states.
            ("Kirghizia criticized Japan.", &[("KGZ", "JPN", "111")]),
            ("Tanganyika criticized Japan.", &[("TZA", "JPN", "111")]),
            // Imports or trade resumed: trade.
            (
                "India resumed imports of Venezuelan oil.",
                &[("IND", "VEN", "061")],
            ),
            // Forces withdrawn from a place under an agreement are withdrawn (087); a
            // pact withdrawn from is reduced relations (160).
            (
                "The Yugoslav army withdrew from Kosovo under an agreement signed in Kumanovo.",
                &[("SRBMIL", "KSV", "087")],
            ),
            (
                "The United States withdrew from the 2015 nuclear deal with Iran.",
                &[("USA", "IRN", "160")],
            ),
            // Refusals by what is refused: a plan to settle (127), a meeting (125),
            // inspectors (1245), a handover to a party.
            (
                "Hamas rejected Israel's ceasefire proposal.",
                &[("PSEREB", "ISR", "127")],
            ),
            (
                "India declined an invitation to attend the summit in Pakistan.",
                &[("IND", "PAK", "125")],
            ),
            (
                "Israel refused to allow UN investigators into Jenin.",
                &[("ISR", "IGOUNO", "1245")],
            ),
            (
                "The Taliban refused to hand over Osama bin Laden to the United States.",
                &[("AFGGOV", "USA", "120")],
            ),
            // Appealed to a party for aid of a kind.
            (
                "Armenia appealed to Russia for military help.",
                &[("ARM", "RUS", "0232")],
            ),
            // (the main clause's state may come after an article)
            (
                "The Japanese government lodged a protest with China after Chinese coast guard ships entered its territorial waters.",
                &[("CHNMIL", "JPN", "150"), ("JPNGOV", "CHN", "114")],
            ),
            // A vessel boarded is seized.
            (
                "China's coast guard boarded a Philippine resupply vessel and seized weapons.",
                &[("CHNMIL", "PHL", "1711")],
            ),
            ("The minister boarded a plane to Tokyo.", &[]),
            // A treaty declared void: reduced relations.
            (
                "North Korea declared the 2018 military agreement with Seoul void.",
                &[("PRK", "KOR", "160")],
            ),
            // Weapons or military help asked for; membership applied for.
            (
                "Zelensky called for more weapons from the United States.",
                &[("UKRGOV", "USA", "0232")],
            ),
            (
                "Armenia asked Russia for military help.",
                &[("ARM", "RUS", "0232")],
            ),
            (
                "Finland applied for NATO membership.",
                &[("FIN", "IGOWSTNAT", "020")],
            ),
            // A force posture at a border is aimed at the state beyond it.
            (
                "Turkey massed troops on the Iraqi border.",
                &[("TUR", "IRQ", "154")],
            ),
            ("Fighting broke out on the Turkish border.", &[]),
            (
                "Indonesia detained an Iranian-flagged tanker.",
                &[("IDN", "IRN", "1711")],
            ),
            (
                "Iran detained three British nationals.",
                &[("IRN", "GBR", "173")],
            ),
            (
                "Russia shipped oil to North Korea, violating a UN cap.",
                &[("RUS", "IGOUNO", "128"), ("RUS", "PRK", "071")],
            ),
            (
                "Germany summoned the Iranian ambassador after Tehran executed a German national.",
                &[("DEU", "IRNGOV", "114"), ("IRN", "DEU", "1823")],
            ),
            // Defence cooperation is military; medals awarded, praise; access to bases
            // granted, military cooperation.
            (
                "India and France agreed to expand security cooperation.",
                &[("FRA", "IND", "0312"), ("IND", "FRA", "0312")],
            ),
            (
                "Putin awarded medals to North Korean soldiers.",
                &[("RUSGOV", "PRKMIL", "051")],
            ),
            (
                "Putin bestowed the Order of Friendship on the North Korean ambassador.",
                &[("RUSGOV", "PRKGOV", "051")],
            ),
            (
                "The Philippines granted the United States access to four more military bases.",
                &[("PHL", "USA", "062")],
            ),
            (
                "The government granted journalists access to the site.",
                &[],
            ),
        ];
        assert_all_coded(cases);
    }

    #[test]
    fn a_dependency_tree_gives_the_object_when_asked() {
        // A sentence written for this test, with the tree a UD parser gives it.
        let text = "Japan accused, citing China's report, Russia of espionage.";
        let conllu = include_str!("../tests/data/accused-tree.conllu");
        let code = |trees: bool| -> Vec<(String, String, String)> {
            let coder = crate::Coder::new(crate::dict::Dictionaries::builtin()).with_trees(trees);
            coder
                .code_parsed(text, conllu, Some(19_000))
                .unwrap()
                .unwrap()
                .into_iter()
                .map(|e| (e.source.code, e.target.code, e.code))
                .collect()
        };
        assert_eq!(code(true), [one("JPN", "RUS", "112")]);
        // The shallow pass ends the accusation's clause at ", citing" and finds no target
        // (it used to take China).
        assert_eq!(code(false), []);
    }
}
