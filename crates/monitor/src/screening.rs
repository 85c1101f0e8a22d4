//! Events and the sanctions lists together: which listed entities an event's actors or
//! its evidence sentence name. The `events --sanctioned` option and the API's
//! `sanctioned=true` both add the column made here.

use std::sync::Arc;

use datafusion::arrow::array::{RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use vigil_sanctions::index::Index;

use crate::MonitorError;

/// Adds to event rows a column `sanctioned`: the listed entities their actor names or
/// evidence sentence name ("caption (id, score)", separated by "; ", with "blocked by
/// ownership: CHAIN" for an entity OFAC's 50 percent rule blocks), null where none.
pub fn flag_events(
    ix: &Index,
    batches: Vec<RecordBatch>,
) -> Result<Vec<RecordBatch>, MonitorError> {
    let mut out = Vec::with_capacity(batches.len());
    let today = vigil_model::date::format_iso(vigil_model::date::today());
    let exposure = vigil_sanctions::exposure::compute(ix, &today);
    for b in batches {
        let col = |name: &str| vigil_store::query::strings(&b, name);
        let (a1, a2, sentence) = (col("actor1_name"), col("actor2_name"), col("evidence"));
        let flags: Vec<Option<String>> = (0..b.num_rows())
            .map(|row| {
                let names: Vec<&str> = [&a1[row], &a2[row]]
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .collect();
                let found = ix.listed_in_event(&names, sentence[row].as_deref());
                (!found.is_empty()).then(|| {
                    found
                        .iter()
                        .map(|m| {
                            let chains = exposure.chain_text(ix, &m.entity_id);
                            if chains.is_empty() {
                                format!("{} ({}, {:.2})", m.caption, m.entity_id, m.score)
                            } else {
                                format!(
                                    "{} ({}, {:.2}; blocked by ownership: {})",
                                    m.caption,
                                    m.entity_id,
                                    m.score,
                                    chains.join(" | ")
                                )
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                })
            })
            .collect();
        let mut fields: Vec<Arc<Field>> = b.schema().fields().iter().cloned().collect();
        fields.push(Arc::new(Field::new("sanctioned", DataType::Utf8, true)));
        let mut columns = b.columns().to_vec();
        columns.push(Arc::new(StringArray::from(flags)));
        out.push(
            RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
                .map_err(|e| MonitorError::Query(e.to_string()))?,
        );
    }
    Ok(out)
}

/// Candidate events read at most when looking for the events that name an entity.
const NAMING_SCAN: usize = 5_000;

/// The events that name the listed entity `id` (its actors or evidence sentence, as
/// [`flag_events`] judges), newest first, at most `limit`. Candidates are the newest
/// events whose actor names or sentence contain one of the entity's name words (four
/// letters or more), at most 5,000 of them; the matcher then keeps those that name this
/// entity. The names come from the lists, so they enter the query as values, never as
/// SQL text.
pub async fn events_naming(
    store: &vigil_store::Store,
    ix: &Index,
    id: &str,
    limit: usize,
) -> Result<Vec<RecordBatch>, MonitorError> {
    use datafusion::arrow::array::BooleanArray;
    use datafusion::arrow::compute::filter_record_batch;
    use datafusion::prelude::{Expr, col, lit, upper};

    let err = |e: &dyn std::fmt::Display| MonitorError::Query(e.to_string());
    let Some(entity) = ix.get(id) else {
        return Ok(Vec::new());
    };
    let mut words: Vec<String> = entity
        .names
        .iter()
        .chain(std::iter::once(&entity.caption))
        .flat_map(|n| {
            vigil_sanctions::names::to_latin(n)
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() >= 4)
                .map(|w| w.to_ascii_uppercase())
                .collect::<Vec<_>>()
        })
        .collect();
    words.sort();
    words.dedup();
    words.truncate(8);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let any: Expr = words
        .iter()
        .flat_map(|w| {
            let pattern = format!("%{w}%");
            ["evidence", "actor1_name", "actor2_name"]
                .map(|c| upper(col(c)).like(lit(pattern.clone())))
        })
        .reduce(Expr::or)
        .expect("at least one word");
    let filter = vigil_store::query::EventFilter::default();
    let ctx = store.session().map_err(|e| err(&e))?;
    let candidates = ctx
        .sql(&filter.select().map_err(|e| err(&e))?)
        .await
        .map_err(|e| err(&e))?
        .filter(any)
        .map_err(|e| err(&e))?
        .sort(vec![
            col("date").sort(false, false),
            col("event_id").sort(true, false),
        ])
        .map_err(|e| err(&e))?
        .limit(0, Some(NAMING_SCAN))
        .map_err(|e| err(&e))?
        .collect()
        .await
        .map_err(|e| err(&e))?;
    let mut out = Vec::new();
    let mut kept = 0usize;
    for b in candidates {
        let s = |name: &str| vigil_store::query::strings(&b, name);
        let (a1, a2, sentence) = (s("actor1_name"), s("actor2_name"), s("evidence"));
        let keep: BooleanArray = (0..b.num_rows())
            .map(|row| {
                if kept >= limit {
                    return Some(false);
                }
                let names: Vec<&str> = [&a1[row], &a2[row]]
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .collect();
                let named = ix
                    .listed_in_event(&names, sentence[row].as_deref())
                    .iter()
                    .any(|m| m.entity_id == id);
                kept += usize::from(named);
                Some(named)
            })
            .collect();
        let picked = filter_record_batch(&b, &keep).map_err(|e| err(&e))?;
        if picked.num_rows() > 0 {
            out.push(picked);
        }
    }
    Ok(out)
}
