//! Streaming XML lists: the UN Security Council consolidated list and OFAC's SDN list.
//! Records (`INDIVIDUAL`, `ENTITY`; `sdnEntry`) are read one at a time into a small tree
//! and mapped into entities; the rest of the document is never held in memory.

use std::io::BufRead;

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::entity::{Entity, Identifier, Record, country_code};
use crate::{Reject, SanctionsError};

/// An element of a record, with its text and children.
#[derive(Debug, Default, Clone)]
pub struct Node {
    pub name: String,
    pub text: String,
    pub children: Vec<Node>,
}

impl Node {
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Texts of the children named `name` (non-empty).
    fn texts(&self, name: &str) -> Vec<String> {
        self.children
            .iter()
            .filter(|c| c.name == name && !c.text.trim().is_empty())
            .map(|c| c.text.trim().to_string())
            .collect()
    }

    fn text_of(&self, name: &str) -> Option<String> {
        self.texts(name).into_iter().next()
    }

    /// Descendants reached by a path of names ("akaList/aka").
    fn all(&self, path: &str) -> Vec<&Node> {
        let mut level = vec![self];
        for part in path.split('/') {
            level = level
                .into_iter()
                .flat_map(|n| n.children.iter().filter(|c| c.name == part))
                .collect();
        }
        level
    }
}

/// Reads `input`, calling `record` with each element named in `records` and the byte
/// offset where it starts. XML errors stop the read, naming the line (`line_of` turns a
/// byte offset into a line number).
fn read_records(
    input: impl BufRead,
    records: &[&str],
    file: &str,
    line_of: &dyn Fn(u64) -> u64,
    mut record: impl FnMut(Node, u64),
) -> Result<(), SanctionsError> {
    let mut reader = Reader::from_reader(input);
    reader.config_mut().trim_text(true);
    let mut buf = Vec::new();
    let mut stack: Vec<Node> = Vec::new();
    let mut start_at = 0u64;
    let fail = |reader: &Reader<_>, message: String| SanctionsError::Read {
        file: file.to_string(),
        line: line_of(reader.buffer_position()),
        message: format!("not well-formed XML: {message}"),
    };
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| fail(&reader, e.to_string()))?;
        match ev {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if stack.is_empty() && records.contains(&name.as_str()) {
                    // The reader is past `<NAME ...>`: step back to its `<`.
                    start_at = reader.buffer_position().saturating_sub(e.len() as u64 + 2);
                }
                if !stack.is_empty() || records.contains(&name.as_str()) {
                    stack.push(Node {
                        name,
                        ..Default::default()
                    });
                }
            }
            Event::Empty(e) => {
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node {
                        name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                        ..Default::default()
                    });
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    let s = t.decode().map_err(|e| fail(&reader, e.to_string()))?;
                    top.text.push_str(&s);
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        _ => match r.as_ref() {
                            b"amp" => Some('&'),
                            b"lt" => Some('<'),
                            b"gt" => Some('>'),
                            b"quot" => Some('"'),
                            b"apos" => Some('\''),
                            _ => None,
                        },
                    };
                    top.text.extend(c);
                }
            }
            Event::End(_) => {
                if let Some(done) = stack.pop() {
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None => record(done, start_at),
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !stack.is_empty() {
        return Err(SanctionsError::Read {
            file: file.to_string(),
            line: line_of(reader.buffer_position()),
            message: format!("the document ends inside <{}>", stack[0].name),
        });
    }
    Ok(())
}

/// Maps a record into an entity, or names the field and reason it is set aside.
type MapRecord = fn(&Node, &str) -> Result<Entity, (String, String)>;

/// Reads records named `names` and maps each with `map`; records `map` refuses are set
/// aside with their line (`line_of` turns a byte offset into a line number).
fn read_mapped(
    input: impl BufRead,
    names: &[&str],
    map: MapRecord,
    dataset: &str,
    file: &str,
    line_of: &dyn Fn(u64) -> u64,
    mut sink: impl FnMut(Record),
) -> Result<Vec<Reject>, SanctionsError> {
    let mut rejects = Vec::new();
    read_records(input, names, file, line_of, |n, at| {
        match map(&n, dataset) {
            Ok(e) => sink(Record::Entity(Box::new(e))),
            Err((field, reason)) => rejects.push(Reject {
                line: line_of(at),
                field,
                reason,
            }),
        }
    })?;
    Ok(rejects)
}

/// The UN Security Council consolidated list (`CONSOLIDATED_LIST` with `INDIVIDUALS/
/// INDIVIDUAL` and `ENTITIES/ENTITY`).
pub fn read_un(
    input: impl BufRead,
    dataset: &str,
    file: &str,
    line_of: &dyn Fn(u64) -> u64,
    sink: impl FnMut(Record),
) -> Result<Vec<Reject>, SanctionsError> {
    let names = ["INDIVIDUAL", "ENTITY"];
    read_mapped(input, &names, un_entity, dataset, file, line_of, sink)
}

fn un_entity(n: &Node, dataset: &str) -> Result<Entity, (String, String)> {
    let id = n
        .text_of("DATAID")
        .ok_or_else(|| ("DATAID".to_string(), "missing".to_string()))?;
    let person = n.name == "INDIVIDUAL";
    let parts: Vec<String> = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
        .iter()
        .filter_map(|k| n.text_of(k))
        .collect();
    if parts.is_empty() {
        return Err(("FIRST_NAME".into(), "a record without a name".into()));
    }
    let caption = parts.join(" ");
    let mut names = vec![caption.clone()];
    names.extend(n.texts("NAME_ORIGINAL_SCRIPT"));
    let mut weak_names = Vec::new();
    let alias_tag = if person {
        "INDIVIDUAL_ALIAS"
    } else {
        "ENTITY_ALIAS"
    };
    for a in n.all(alias_tag) {
        if let Some(name) = a.text_of("ALIAS_NAME") {
            if a.text_of("QUALITY")
                .is_some_and(|q| q.eq_ignore_ascii_case("low"))
            {
                weak_names.push(name);
            } else {
                names.push(name);
            }
        }
    }
    let mut birth_dates = Vec::new();
    for d in n.all("INDIVIDUAL_DATE_OF_BIRTH") {
        birth_dates.extend(d.text_of("DATE").map(|s| s.chars().take(10).collect()));
        birth_dates.extend(d.text_of("YEAR"));
    }
    let mut countries = Vec::new();
    for v in n.all("NATIONALITY/VALUE") {
        let t = v.text.trim();
        if !t.is_empty() {
            countries.push(country_code(t).unwrap_or_else(|| t.to_string()));
        }
    }
    let identifiers = n
        .all("INDIVIDUAL_DOCUMENT")
        .into_iter()
        .filter_map(|d| {
            Some(Identifier {
                kind: d
                    .text_of("TYPE_OF_DOCUMENT")
                    .unwrap_or_else(|| "document".into()),
                value: d.text_of("NUMBER")?,
            })
        })
        .collect();
    let mut programs: Vec<String> = n.texts("UN_LIST_TYPE");
    programs.extend(n.texts("REFERENCE_NUMBER"));
    Ok(Entity {
        id: format!("un-{id}"),
        schema: if person { "Person" } else { "Organization" }.into(),
        caption,
        names,
        weak_names,
        birth_dates,
        countries,
        identifiers,
        programs,
        topics: vec!["sanction".into()],
        listed_on: n
            .text_of("LISTED_ON")
            .and_then(|d| d.get(..10).map(str::to_string))
            .filter(|d| crate::entity::partial_date_ok(d)),
        dataset: dataset.into(),
        ..Default::default()
    })
}

/// OFAC's Specially Designated Nationals list as XML (`sdnList/sdnEntry`).
pub fn read_ofac(
    input: impl BufRead,
    dataset: &str,
    file: &str,
    line_of: &dyn Fn(u64) -> u64,
    sink: impl FnMut(Record),
) -> Result<Vec<Reject>, SanctionsError> {
    read_mapped(
        input,
        &["sdnEntry"],
        ofac_entity,
        dataset,
        file,
        line_of,
        sink,
    )
}

fn full_name(n: &Node) -> Option<String> {
    let parts: Vec<String> = ["firstName", "lastName"]
        .iter()
        .filter_map(|k| n.text_of(k))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// "01 Jan 1960" → "1960-01-01", "Jan 1960" → "1960-01", "circa 1960" / "1960" → "1960".
pub fn ofac_date(s: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let words: Vec<&str> = s.split_whitespace().filter(|w| *w != "circa").collect();
    let year = words.last()?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let month = |w: &str| {
        MONTHS
            .iter()
            .position(|m| w.to_ascii_lowercase().starts_with(m))
            .map(|i| i + 1)
    };
    match words.as_slice() {
        [d, m, _] => Some(format!(
            "{year}-{:02}-{:02}",
            month(m)?,
            d.parse::<u32>().ok()?
        )),
        [m, _] => Some(format!("{year}-{:02}", month(m)?)),
        [_] => Some(year.to_string()),
        _ => None,
    }
}

fn ofac_entity(n: &Node, dataset: &str) -> Result<Entity, (String, String)> {
    let uid = n
        .text_of("uid")
        .ok_or_else(|| ("uid".to_string(), "missing".to_string()))?;
    let caption =
        full_name(n).ok_or_else(|| ("lastName".to_string(), "an entry without a name".into()))?;
    let schema = match n.text_of("sdnType").as_deref() {
        Some("Individual") => "Person",
        Some("Vessel") => "Vessel",
        Some("Aircraft") => "Airplane",
        _ => "Organization",
    };
    let mut names = vec![caption.clone()];
    let mut weak_names = Vec::new();
    for a in n.all("akaList/aka") {
        if let Some(name) = full_name(a) {
            if a.text_of("category")
                .is_some_and(|c| c.eq_ignore_ascii_case("weak"))
            {
                weak_names.push(name);
            } else {
                names.push(name);
            }
        }
    }
    let birth_dates = n
        .all("dateOfBirthList/dateOfBirthItem")
        .into_iter()
        .filter_map(|d| ofac_date(&d.text_of("dateOfBirth")?))
        .collect();
    let mut countries = Vec::new();
    let mut add_country = |t: &str| {
        let c = country_code(t).unwrap_or_else(|| t.to_string());
        if !countries.contains(&c) {
            countries.push(c);
        }
    };
    for c in n
        .all("nationalityList/nationality")
        .into_iter()
        .chain(n.all("citizenshipList/citizenship"))
    {
        if let Some(t) = c.text_of("country") {
            add_country(&t);
        }
    }
    if let Some(flag) = n.child("vesselInfo").and_then(|v| v.text_of("vesselFlag")) {
        add_country(&flag);
    }
    let mut identifiers: Vec<Identifier> = n
        .all("idList/id")
        .into_iter()
        .filter_map(|d| {
            let value = d.text_of("idNumber")?;
            let t = d.text_of("idType").unwrap_or_default();
            let kind = if value.to_ascii_uppercase().starts_with("IMO") {
                "imoNumber".to_string()
            } else {
                t
            };
            Some(Identifier { kind, value })
        })
        .collect();
    if let Some(cs) = n.child("vesselInfo").and_then(|v| v.text_of("callSign")) {
        identifiers.push(Identifier {
            kind: "callSign".into(),
            value: cs,
        });
    }
    Ok(Entity {
        id: format!("ofac-{uid}"),
        schema: schema.into(),
        caption,
        names,
        weak_names,
        birth_dates,
        countries,
        identifiers,
        programs: n
            .all("programList/program")
            .iter()
            .map(|p| p.text.trim().to_string())
            .collect(),
        topics: vec!["sanction".into()],
        dataset: dataset.into(),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ofac_dates() {
        assert_eq!(ofac_date("08 Jan 1984").as_deref(), Some("1984-01-08"));
        assert_eq!(ofac_date("Jan 1984").as_deref(), Some("1984-01"));
        assert_eq!(ofac_date("circa 1960").as_deref(), Some("1960"));
        assert_eq!(ofac_date("unknown"), None);
    }
}
