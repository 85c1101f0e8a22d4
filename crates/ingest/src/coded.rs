//! Events coded from text by `vigil-coder` as canonical rows of source `text`, each with
//! its sentence as evidence (and a note when it is hedged), ready for one store commit.

use std::hash::Hasher;

use vigil_coder::CodedEvent;
use vigil_coder::input::Document;

use crate::{Actor, Batch, BatchBuilder, EventRow, Reject, RejectReason};

/// Coded events as one batch, with what identifies the commit.
pub struct CodedBatch {
    /// The rows, and the events set aside (a dictionary code that is not CAMEO, a
    /// document without a date).
    pub batch: Batch,
    /// The commit's identity: a hash of the coded events and the dictionaries that made
    /// them, so the same coding stored twice adds nothing.
    pub hash: String,
    /// Bytes of the sentences coded.
    pub size: u64,
}

/// Splits a CAMEO actor code into (country, role): "PRKGOV" → (PRK, GOV); "---GOV" →
/// (none, GOV); "IGOUNO" → (none, IGO).
pub fn country_and_role(code: &str) -> (Option<String>, Option<String>) {
    let code = code.trim_start_matches('-');
    let head = code.get(..3).unwrap_or(code);
    let country = vigil_model::countries::canonical_from_cameo(head).map(str::to_string);
    let role = match country {
        Some(_) => code.get(3..6).filter(|r| !r.is_empty()).map(str::to_string),
        None => code.get(..3).filter(|r| !r.is_empty()).map(str::to_string),
    };
    (country, role)
}

/// The coded events `coded` (document index, event) of `docs` as canonical rows;
/// `origin` names the input, `dictionaries` the dictionary files that coded them.
pub fn coded_batch(
    origin: &str,
    dictionaries: &[String],
    docs: &[Document],
    coded: &[(usize, CodedEvent)],
) -> CodedBatch {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for f in dictionaries {
        h.write(f.as_bytes());
    }
    let mut builder = BatchBuilder::new("text", origin.to_string());
    let mut rejects = Vec::new();
    let mut size = 0u64;
    for (n, (k, e)) in coded.iter().enumerate() {
        let doc = &docs[*k];
        let sentence = &doc.text[e.sentence_start..e.sentence_end];
        h.write(doc.id.as_bytes());
        h.write(sentence.as_bytes());
        h.write(format!("{}|{}|{}", e.source.code, e.target.code, e.code).as_bytes());
        size += sentence.len() as u64;
        let Some(ty) = vigil_model::cameo::event(&e.code) else {
            rejects.push(Reject {
                line: doc.line as u64,
                field: Some("event_code".into()),
                reason: RejectReason::UnknownCode,
                detail: format!(
                    "{} is not a CAMEO event code (the dictionary's own code)",
                    e.code
                ),
                raw: sentence.chars().take(2000).collect(),
            });
            continue;
        };
        let (c1, r1) = country_and_role(&e.source.code);
        let (c2, r2) = country_and_role(&e.target.code);
        let id = format!("{}#{}#{}", doc.id, e.sentence_start, n);
        let hedge_note = if e.hedged {
            format!(" [hedged, confidence {:.2}]", e.confidence)
        } else {
            String::new()
        };
        let Some(doc_date) = doc.date else {
            rejects.push(Reject {
                line: doc.line as u64,
                field: Some("date".into()),
                reason: RejectReason::Missing,
                detail: "the document has no date; give --date".into(),
                raw: sentence.chars().take(2000).collect(),
            });
            continue;
        };
        // A relative date in the sentence ("yesterday", "on Tuesday") gives the event's
        // day; the evidence says how.
        let resolved = vigil_coder::dates::resolve(sentence, doc_date);
        let date = resolved.as_ref().map_or(doc_date, |r| r.day);
        let date_note = resolved
            .map(|r| format!(" [date: {}]", r.explain(doc_date)))
            .unwrap_or_default();
        let said_by = e
            .attributed_to
            .as_ref()
            .map(|a| format!(" [attributed to {} ({})]", a.code, a.text))
            .unwrap_or_default();
        // Within one document, the other sentences that report the same event.
        let also = if e.also.is_empty() {
            String::new()
        } else {
            let others: Vec<&str> = e.also.iter().map(|&(a, b)| &doc.text[a..b]).collect();
            format!(
                " [{} sentences in this document; also: {}]",
                1 + e.also.len(),
                others.join(" | ")
            )
        };
        let evidence = format!("{sentence}{hedge_note}{date_note}{said_by}{also}");
        builder.push(&EventRow {
            id_prefix: "text",
            source_id: &id,
            date,
            actor1: Actor {
                code: Some(e.source.code.trim_start_matches('-')),
                name: Some(&e.source.text),
                country: c1.as_deref(),
                role: r1.as_deref(),
            },
            actor2: Actor {
                code: Some(e.target.code.trim_start_matches('-')),
                name: Some(&e.target.text),
                country: c2.as_deref(),
                role: r2.as_deref(),
            },
            event: Some(ty),
            goldstein: Some(ty.goldstein_f64()),
            // Each sentence that reports it is a mention, in one article.
            num_mentions: Some(1 + e.also.len() as i32),
            num_sources: Some(1),
            num_articles: Some(1),
            tone: None,
            geo_country: None,
            lat: None,
            lon: None,
            url: doc.url.as_deref(),
            evidence: Some(&evidence),
            line: doc.line as u64,
            hedged: Some(e.hedged),
            ..Default::default()
        });
    }
    CodedBatch {
        batch: Batch {
            records: builder.finish(),
            rejects,
        },
        hash: format!("coded-{:016x}", h.finish()),
        size,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_codes_split_into_country_and_role() {
        let s = |c: &str| country_and_role(c);
        assert_eq!(s("PRKGOV"), (Some("PRK".into()), Some("GOV".into())));
        assert_eq!(s("---GOV"), (None, Some("GOV".into())));
        assert_eq!(s("IGOUNO"), (None, Some("IGO".into())));
        assert_eq!(s("RUS"), (Some("RUS".into()), None));
    }
}
