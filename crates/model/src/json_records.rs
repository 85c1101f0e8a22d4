//! Record files in the two layouts their publishers use: a JSON array of records, or JSON
//! lines (one record per line, blank lines skipped). Each record comes with the line it
//! starts on, so a reader's error can name it. Parsing only: the caller reads the file.

use serde_json::Value;

/// The records of `text` (a byte-order mark allowed), each with the 1-based line it
/// starts on; an error is the line and serde's message.
pub fn records(text: &str) -> Result<Vec<(usize, Value)>, (usize, String)> {
    let body = text.trim_start_matches('\u{feff}');
    if body.trim_start().starts_with('[') {
        let v: Value = serde_json::from_str(body).map_err(|e| (e.line(), e.to_string()))?;
        let lines = element_lines(body);
        let Value::Array(items) = v else {
            return Err((1, "not a JSON array".into()));
        };
        return Ok(items
            .into_iter()
            .enumerate()
            .map(|(k, x)| (lines.get(k).copied().unwrap_or(0), x))
            .collect());
    }
    let mut out = Vec::new();
    for (i, l) in body.lines().enumerate() {
        if l.trim().is_empty() {
            continue;
        }
        let v = serde_json::from_str(l).map_err(|e| (i + 1, e.to_string()))?;
        out.push((i + 1, v));
    }
    Ok(out)
}

/// The line on which each top-level element of a JSON array starts.
fn element_lines(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let (mut depth, mut line, mut in_str, mut esc) = (0i32, 1usize, false, false);
    for b in text.bytes() {
        if b == b'\n' {
            line += 1;
        }
        if in_str {
            match (esc, b) {
                (true, _) => esc = false,
                (false, b'\\') => esc = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => {
                if depth == 1 {
                    out.push(line);
                }
                depth += 1;
            }
            b']' | b'}' => depth -= 1,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_layouts_give_records_with_their_lines() {
        let array = "[\n{\"a\": \"[x\"},\n{\"b\": {\"c\": 1}}\n]";
        let r = records(array).unwrap();
        assert_eq!(r.iter().map(|x| x.0).collect::<Vec<_>>(), [2, 3]);
        let lines = "\u{feff}{\"a\": 1}\n\n{\"b\": 2}\n";
        let r = records(lines).unwrap();
        assert_eq!(r.iter().map(|x| x.0).collect::<Vec<_>>(), [1, 3]);
        assert_eq!(records("{\"a\": 1}\n{oops\n").unwrap_err().0, 2);
    }
}
