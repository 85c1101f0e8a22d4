//! Rendering query results for people (aligned tables, untrusted text escaped) and for
//! machines (CSV and JSON, made by `vigil_store::render`, as the API makes them).

use std::io::Write;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::DataType;
use vigil_store::render::{self, cells};

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
        OutputFormat::Csv => render::write_csv(batches, out)?,
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &render::json_rows(batches)?)?;
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

/// Prints an HTML page to PDF with headless Chromium (Debian's `chromium`), when installed.
pub fn print_pdf(html: &str, out: &std::path::Path) -> anyhow::Result<()> {
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            std::process::Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .ok_or_else(|| {
            anyhow::anyhow!(
                "--format pdf prints with headless Chromium, which is not installed (apt-get install chromium); \
                 --format html gives the same brief, which any browser can print"
            )
        })?;
    let work = tempfile::tempdir()?;
    let page = work.path().join("brief.html");
    std::fs::write(&page, html)?;
    let target = std::path::absolute(out)?;
    let status = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            work.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", target.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()?;
    if !status.success() || !target.exists() {
        anyhow::bail!("{chromium} could not print the brief to {}", out.display());
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
