//! Events and the sanctions lists together: which listed entities an event's actors or
//! its evidence sentence name. The `events --sanctioned` option and the API's
//! `sanctioned=true` both add the column made here.

use std::sync::Arc;

use datafusion::arrow::array::{RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use vigil_sanctions::index::Index;

use crate::MonitorError;

/// Adds to event rows a column `sanctioned`: the listed entities their actor names or
/// evidence sentence name ("caption (id, score)", separated by "; "), null where none.
pub fn flag_events(
    ix: &Index,
    batches: Vec<RecordBatch>,
) -> Result<Vec<RecordBatch>, MonitorError> {
    let mut out = Vec::with_capacity(batches.len());
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
                        .map(|m| format!("{} ({}, {:.2})", m.caption, m.entity_id, m.score))
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
