//! Delimited records read from a byte stream with the file's own line numbers and a cap on
//! a record's length.
//!
//! A record starts on a physical line (numbered from 1, the header included) and, in a
//! quoted format, continues over further lines while a quote is open (ACLED's multi-line
//! `notes`). `\n` and `\r\n` line ends count the same. A record longer than the cap is not
//! kept whole: it comes back as [`Next::TooLong`] with its first line's number, and reading
//! resumes on the line after the one where the cap was reached, so an unclosed quote can
//! swallow at most the cap, never the rest of the file.

use std::io::{self, BufRead};
use std::ops::Range;

/// The default cap on one record: 1 MiB.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 1 << 20;

/// Appends one physical line of `reader` to `raw`, without its line end (`\n` or `\r\n`),
/// keeping `raw` within `max` bytes. Returns `None` at the end of input, `Some(false)` when
/// the line would pass `max` (the rest of the line is read and dropped), else `Some(true)`.
pub(crate) fn read_line(
    reader: &mut dyn BufRead,
    raw: &mut Vec<u8>,
    max: usize,
) -> io::Result<Option<bool>> {
    let start = raw.len();
    let (mut any, mut fits) = (false, true);
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        any = true;
        let newline = memchr::memchr(b'\n', buf);
        let chunk = &buf[..newline.unwrap_or(buf.len())];
        if fits {
            let room = max.saturating_sub(raw.len());
            fits = chunk.len() <= room;
            raw.extend_from_slice(&chunk[..chunk.len().min(room)]);
        }
        let used = newline.map_or(buf.len(), |i| i + 1);
        reader.consume(used);
        if newline.is_some() {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if fits && raw.len() > start && raw.last() == Some(&b'\r') {
        raw.pop();
    }
    Ok(Some(fits))
}

/// How quotes are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quoting {
    /// Quotes are text.
    None,
    /// A field that starts with `"` runs to its closing quote within the line (`""` is a
    /// quote); a record never continues past its line. For tab-separated files that a
    /// writer may have quoted (R's readr) without risking an unbalanced quote swallowing
    /// the lines after it.
    Line,
    /// As CSV: a quoted field may span lines.
    Multiline,
}

/// One record's fields.
#[derive(Debug, Default)]
pub(crate) struct Record {
    data: Vec<u8>,
    fields: Vec<Range<usize>>,
    /// The physical line the record starts on (1-based).
    pub line: u64,
}

impl Record {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// The field at `i`.
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        self.fields.get(i).map(|r| &self.data[r.clone()])
    }

    /// Every field in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        self.fields.iter().map(|r| &self.data[r.clone()])
    }

    /// True for a record that is one empty field (a blank line).
    pub fn is_blank(&self) -> bool {
        self.fields.len() == 1 && self.fields[0].is_empty()
    }
}

/// What the next call to [`Records::next`] found.
#[derive(Debug)]
pub(crate) enum Next {
    /// A record, in the reader's buffer.
    Record,
    /// A record longer than the cap starting at `line`; `head` is its first bytes.
    TooLong {
        /// First line of the record.
        line: u64,
        /// Up to 2,000 bytes of it.
        head: Vec<u8>,
    },
    /// The end of the input.
    End,
}

/// Reads delimited records.
pub(crate) struct Records<'r> {
    reader: &'r mut dyn BufRead,
    delimiter: u8,
    quoting: Quoting,
    max: usize,
    /// The last physical line read.
    line: u64,
    raw: Vec<u8>,
    /// The current record.
    pub record: Record,
}

impl<'r> Records<'r> {
    /// Records of `reader` split on `delimiter`, with quotes read as `quoting` says.
    pub fn new(reader: &'r mut dyn BufRead, delimiter: u8, quoting: Quoting, max: usize) -> Self {
        Records {
            reader,
            delimiter,
            quoting,
            max: max.max(1),
            line: 0,
            raw: Vec::new(),
            record: Record::default(),
        }
    }

    fn line(&mut self) -> io::Result<Option<bool>> {
        let got = read_line(self.reader, &mut self.raw, self.max)?;
        if got.is_some() {
            self.line += 1;
        }
        Ok(got)
    }

    /// Reads the next record into [`Records::record`].
    pub fn next(&mut self) -> io::Result<Next> {
        self.raw.clear();
        let first = self.line + 1;
        match self.line()? {
            None => return Ok(Next::End),
            Some(false) => return Ok(self.too_long(first)),
            Some(true) => {}
        }
        if self.quoting == Quoting::Multiline {
            while open_quote(&self.raw) {
                self.raw.push(b'\n');
                match self.line()? {
                    // An unclosed quote at the end of input: keep what there is.
                    None => {
                        self.raw.pop();
                        break;
                    }
                    Some(false) => return Ok(self.too_long(first)),
                    Some(true) => {}
                }
            }
        }
        self.split(first);
        Ok(Next::Record)
    }

    fn too_long(&mut self, line: u64) -> Next {
        let head = self.raw[..self.raw.len().min(2000)].to_vec();
        self.raw.clear();
        Next::TooLong { line, head }
    }

    fn split(&mut self, line: u64) {
        let rec = &mut self.record;
        rec.line = line;
        rec.data.clear();
        rec.fields.clear();
        if self.quoting == Quoting::None {
            rec.data.extend_from_slice(&self.raw);
            let mut start = 0;
            for i in memchr::memchr_iter(self.delimiter, &rec.data) {
                rec.fields.push(start..i);
                start = i + 1;
            }
            rec.fields.push(start..rec.data.len());
            return;
        }
        // CSV: a field that starts with a quote runs to the matching quote ("" is a
        // literal quote); text after the closing quote up to the delimiter is kept as is.
        let raw = &self.raw;
        let mut i = 0;
        loop {
            let start = rec.data.len();
            if raw.get(i) == Some(&b'"') {
                i += 1;
                while i < raw.len() {
                    if raw[i] == b'"' {
                        if raw.get(i + 1) == Some(&b'"') {
                            rec.data.push(b'"');
                            i += 2;
                            continue;
                        }
                        i += 1;
                        break;
                    }
                    rec.data.push(raw[i]);
                    i += 1;
                }
            }
            while i < raw.len() && raw[i] != self.delimiter {
                rec.data.push(raw[i]);
                i += 1;
            }
            rec.fields.push(start..rec.data.len());
            if i >= raw.len() {
                break;
            }
            i += 1; // the delimiter
        }
    }
}

/// True if a quoted field is still open at the end of `raw` (an odd number of quotes
/// counted the CSV way: only quotes that open a field or sit inside a quoted one).
fn open_quote(raw: &[u8]) -> bool {
    let mut inside = false;
    let mut at_field_start = true;
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if inside {
            if b == b'"' {
                if raw.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    inside = false;
                }
            }
        } else if b == b'"' && at_field_start {
            inside = true;
        }
        at_field_start = !inside && (b == b',' || b == b'\t');
        i += 1;
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &[u8], quoting: bool, max: usize) -> Vec<String> {
        let quoting = if quoting {
            Quoting::Multiline
        } else {
            Quoting::None
        };
        let mut cursor = io::Cursor::new(text.to_vec());
        let mut reader = io::BufReader::with_capacity(8, &mut cursor);
        let mut r = Records::new(&mut reader, b',', quoting, max);
        let mut out = Vec::new();
        loop {
            match r.next().unwrap() {
                Next::End => break,
                Next::TooLong { line, .. } => out.push(format!("{line}:TOO LONG")),
                Next::Record => {
                    let fields: Vec<String> = r
                        .record
                        .iter()
                        .map(|f| String::from_utf8_lossy(f).into_owned())
                        .collect();
                    out.push(format!("{}:{}", r.record.line, fields.join("|")));
                }
            }
        }
        out
    }

    #[test]
    fn lines_are_the_files_own_with_lf_and_crlf() {
        let lf = all(b"h1,h2\na,b\nc,d\n", true, 100);
        let crlf = all(b"h1,h2\r\na,b\r\nc,d\r\n", true, 100);
        assert_eq!(lf, ["1:h1|h2", "2:a|b", "3:c|d"]);
        assert_eq!(lf, crlf);
    }

    #[test]
    fn quoted_fields_span_lines_and_keep_the_first_line_number() {
        let out = all(
            b"h,notes\r\n1,\"one\r\ntwo, \"\"three\"\"\"\r\n2,x\r\n",
            true,
            100,
        );
        assert_eq!(out, ["1:h|notes", "2:1|one\ntwo, \"three\"", "4:2|x"]);
    }

    #[test]
    fn an_unclosed_quote_is_set_aside_at_the_cap_and_reading_resumes() {
        let mut text = b"h,n\n1,\"open\n".to_vec();
        for _ in 0..50 {
            text.extend_from_slice(b"filler line\n");
        }
        let out = all(&text, true, 64);
        assert_eq!(out[0], "1:h|n");
        assert_eq!(out[1], "2:TOO LONG");
        // After the cap, the remaining lines are read as records again.
        assert!(out.len() > 40, "{out:?}");
        assert!(out.last().unwrap().ends_with(":filler line"));
    }

    #[test]
    fn a_line_past_the_cap_is_set_aside_alone() {
        let long = format!("h\n{}\nshort\n", "x".repeat(500));
        let out = all(long.as_bytes(), false, 100);
        assert_eq!(out, ["1:h", "2:TOO LONG", "3:short"]);
    }

    #[test]
    fn line_quoting_reads_quoted_fields_but_never_continues_a_record() {
        let mut cursor = io::Cursor::new(b"a\t\"b\"\"c\"\n\"open\tx\nnext\ty\n".to_vec());
        let mut r = Records::new(&mut cursor, b'\t', Quoting::Line, 100);
        let mut got = Vec::new();
        while let Next::Record = r.next().unwrap() {
            let f: Vec<String> = r
                .record
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            got.push((r.record.line, f.join("|")));
        }
        assert_eq!(
            got,
            [
                (1, "a|b\"c".to_string()),
                (2, "open\tx".to_string()),
                (3, "next|y".to_string())
            ]
        );
    }

    #[test]
    fn no_final_newline_and_blank_lines() {
        assert_eq!(all(b"a\n\nb", false, 100), ["1:a", "2:", "3:b"]);
    }
}
