//! Query results as machines read them: JSON objects (one per row, numbers as numbers,
//! nulls as null) and CSV with a header. The CLI's `--format json|csv` and the API's
//! answers are both made here, so they are the same bytes for the same rows.

use std::io::Write;

use datafusion::arrow::array::{Array, RecordBatch};
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};

use crate::StoreError;

/// Every cell of a batch as text (`None` for null), row by row.
pub fn cells(batch: &RecordBatch) -> Result<Vec<Vec<Option<String>>>, StoreError> {
    let opts = FormatOptions::default();
    let fmts = batch
        .columns()
        .iter()
        .map(|c| ArrayFormatter::try_new(c.as_ref(), &opts))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| StoreError::Invalid(format!("cannot format a column: {e}")))?;
    Ok((0..batch.num_rows())
        .map(|r| {
            batch
                .columns()
                .iter()
                .zip(&fmts)
                .map(|(c, f)| (!c.is_null(r)).then(|| f.value(r).to_string()))
                .collect()
        })
        .collect())
}

/// The rows as JSON objects keyed by column name, in column order; numeric columns as
/// JSON numbers (NaN and infinities, which JSON lacks, as strings).
pub fn json_rows(batches: &[RecordBatch]) -> Result<Vec<serde_json::Value>, StoreError> {
    let mut rows = Vec::new();
    for b in batches {
        let schema = b.schema();
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        let numeric: Vec<bool> = schema
            .fields()
            .iter()
            .map(|f| f.data_type().is_numeric())
            .collect();
        for row in cells(b)? {
            let obj: serde_json::Map<String, serde_json::Value> = names
                .iter()
                .zip(row)
                .zip(&numeric)
                .map(|((name, cell), &num)| {
                    let v = match cell {
                        None => serde_json::Value::Null,
                        Some(s) if num => s
                            .parse::<serde_json::Number>()
                            .map(serde_json::Value::Number)
                            .unwrap_or(serde_json::Value::String(s)),
                        Some(s) => serde_json::Value::String(s),
                    };
                    (name.to_string(), v)
                })
                .collect();
            rows.push(serde_json::Value::Object(obj));
        }
    }
    Ok(rows)
}

/// The rows as CSV with a header line (nothing at all for no batches); nulls are empty.
pub fn write_csv(batches: &[RecordBatch], out: &mut dyn Write) -> Result<(), StoreError> {
    let mut w = CsvRows::new(out);
    for b in batches {
        w.write(b)?;
    }
    w.finish()
}

/// CSV written a batch at a time (the header before the first row), for results too large
/// to hold: what `write_csv` writes, streamed.
pub struct CsvRows<W: Write> {
    out: csv::Writer<W>,
    header: bool,
}

impl<W: Write> CsvRows<W> {
    /// A writer to `out`.
    pub fn new(out: W) -> Self {
        CsvRows {
            out: csv::Writer::from_writer(out),
            header: false,
        }
    }

    /// Writes a batch's rows (and the header, before the first).
    pub fn write(&mut self, batch: &RecordBatch) -> Result<(), StoreError> {
        let fail = |e: csv::Error| StoreError::Invalid(format!("cannot write CSV: {e}"));
        if !self.header {
            self.out
                .write_record(batch.schema().fields().iter().map(|f| f.name().as_str()))
                .map_err(fail)?;
            self.header = true;
        }
        for row in cells(batch)? {
            self.out
                .write_record(row.iter().map(|c| c.as_deref().unwrap_or("")))
                .map_err(fail)?;
        }
        Ok(())
    }

    /// Flushes what is written.
    pub fn finish(mut self) -> Result<(), StoreError> {
        self.out.flush().map_err(|source| StoreError::Io {
            path: "<output>".into(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::array::{Float64Array, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};

    use super::*;

    fn batch() -> RecordBatch {
        let schema = Arc::new(Schema::new(vec![
            Field::new("name", DataType::Utf8, true),
            Field::new("x", DataType::Float64, true),
        ]));
        RecordBatch::try_new(
            schema,
            vec![
                Arc::new(StringArray::from(vec![Some("a, \"b\"\nc"), None])),
                Arc::new(Float64Array::from(vec![Some(1.5), Some(f64::NAN)])),
            ],
        )
        .unwrap()
    }

    #[test]
    fn json_keeps_numbers_nulls_and_text() {
        let rows = json_rows(&[batch()]).unwrap();
        assert_eq!(rows[0]["name"], "a, \"b\"\nc");
        assert_eq!(rows[0]["x"], 1.5);
        assert!(rows[1]["name"].is_null());
        assert_eq!(rows[1]["x"], "NaN");
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let mut out = Vec::new();
        write_csv(&[batch()], &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "name,x\n\"a, \"\"b\"\"\nc\",1.5\n,NaN\n"
        );
    }
}
