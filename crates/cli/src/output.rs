//! Rendering query results for people (aligned tables, untrusted text escaped) and for
//! machines (CSV, JSON).

use std::io::Write;

use datafusion::arrow::array::{Array, RecordBatch};
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for reading.
    Table,
    /// Comma-separated values with a header.
    Csv,
    /// A JSON array of objects.
    Json,
}

/// One cell as text, or `None` for null.
fn cells(batch: &RecordBatch) -> anyhow::Result<Vec<Vec<Option<String>>>> {
    let opts = FormatOptions::default();
    let fmts = batch
        .columns()
        .iter()
        .map(|c| ArrayFormatter::try_new(c.as_ref(), &opts))
        .collect::<Result<Vec<_>, _>>()?;
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

/// Shows text that came from outside (news, names) safely on a terminal: control
/// characters are escaped and long values cut.
pub fn escape_for_terminal(s: &str, max: usize) -> String {
    let mut out = String::new();
    for (n, ch) in s.chars().enumerate() {
        if n >= max {
            out.push('…');
            break;
        }
        if ch.is_control() {
            out.push_str(&ch.escape_default().to_string());
        } else {
            out.push(ch);
        }
    }
    out
}

/// Prints batches in the chosen format.
pub fn print(
    batches: &[RecordBatch],
    format: OutputFormat,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let Some(first) = batches.first() else {
        if format == OutputFormat::Json {
            writeln!(out, "[]")?;
        } else if format == OutputFormat::Table {
            writeln!(out, "(no rows)")?;
        }
        return Ok(());
    };
    let schema = first.schema();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    match format {
        OutputFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(&names)?;
            for b in batches {
                for row in cells(b)? {
                    w.write_record(row.iter().map(|c| c.as_deref().unwrap_or("")))?;
                }
            }
            w.flush()?;
        }
        OutputFormat::Json => {
            let numeric: Vec<bool> = schema
                .fields()
                .iter()
                .map(|f| f.data_type().is_numeric())
                .collect();
            let mut rows = Vec::new();
            for b in batches {
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
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
        OutputFormat::Table => {
            let mut grid: Vec<Vec<String>> = vec![names.iter().map(|s| s.to_string()).collect()];
            let right: Vec<bool> = schema
                .fields()
                .iter()
                .map(|f| f.data_type().is_numeric() || *f.data_type() == DataType::Date32)
                .collect();
            for b in batches {
                for row in cells(b)? {
                    grid.push(
                        row.into_iter()
                            .map(|c| escape_for_terminal(c.as_deref().unwrap_or(""), 60))
                            .collect(),
                    );
                }
            }
            let widths: Vec<usize> = (0..names.len())
                .map(|i| grid.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
                .collect();
            for (n, row) in grid.iter().enumerate() {
                let line: Vec<String> = row
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        if right[i] && n > 0 {
                            format!("{c:>w$}", w = widths[i])
                        } else {
                            format!("{c:<w$}", w = widths[i])
                        }
                    })
                    .collect();
                writeln!(out, "{}", line.join("  ").trim_end())?;
                if n == 0 {
                    writeln!(
                        out,
                        "{}",
                        widths
                            .iter()
                            .map(|w| "-".repeat(*w))
                            .collect::<Vec<_>>()
                            .join("  ")
                    )?;
                }
            }
            writeln!(out, "({} rows)", grid.len() - 1)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escaping_neutralises_control_sequences() {
        assert_eq!(
            escape_for_terminal("a\u{1b}[31mred\n", 100),
            "a\\u{1b}[31mred\\n"
        );
        assert_eq!(escape_for_terminal("abcdef", 3), "abc…");
    }
}
