//! FollowTheMoney entities as JSON lines: the format of OpenSanctions' bulk exports and
//! of its tools' fixtures. Each line is an entity `{"id", "schema", "caption"?,
//! "properties": {name: [values]}}`, or a delta `{"op": "ADD"|"MOD"|"DEL", "entity": {...}}`.
//! Link schemata (Ownership, Directorship, Family, Associate, Membership, Employment,
//! Representation, UnknownLink, Payment, Succession) become [`Link`]s, `Sanction` records
//! attach their programme to the sanctioned entity, everything else is an [`Entity`].

use std::io::{BufRead, Read};

use serde_json::{Map, Value};

use crate::entity::{Entity, Identifier, Link, Record, country_code};
use crate::{Reject, SanctionsError};

/// Link schemata: (schema, property of the source, property of the target).
pub const LINK_SCHEMATA: &[(&str, &str, &str)] = &[
    ("Ownership", "owner", "asset"),
    ("Directorship", "director", "organization"),
    ("Family", "person", "relative"),
    ("Associate", "person", "associate"),
    ("Membership", "member", "organization"),
    ("Employment", "employee", "employer"),
    ("Representation", "agent", "client"),
    ("UnknownLink", "subject", "object"),
    ("Payment", "payer", "beneficiary"),
    ("Succession", "predecessor", "successor"),
];

/// Name properties, strong and weak.
const NAMES: &[&str] = &["name", "alias", "previousName", "abbreviation"];
const WEAK_NAMES: &[&str] = &["weakAlias"];
const COUNTRIES: &[&str] = &[
    "nationality",
    "citizenship",
    "country",
    "jurisdiction",
    "flag",
];
const IDENTIFIERS: &[&str] = &[
    "imoNumber",
    "mmsi",
    "callSign",
    "passportNumber",
    "idNumber",
    "registrationNumber",
    "taxNumber",
    "innCode",
    "ogrnCode",
    "leiCode",
    "swiftBic",
    "icaoCode",
    "serialNumber",
    "wikidataId",
];

/// Reads FtM JSON lines from `input`, giving each record to `sink`; returns the lines set
/// aside (bad JSON, no id or schema, a link without its ends). `file` names the input in
/// errors; `dataset` is recorded on every entity and link.
pub fn read(
    input: impl BufRead,
    dataset: &str,
    file: &str,
    mut sink: impl FnMut(Record),
) -> Result<Vec<Reject>, SanctionsError> {
    let mut input = input;
    let mut rejects = Vec::new();
    let mut bytes = Vec::new();
    let mut line_no = 0u64;
    loop {
        bytes.clear();
        let n = (&mut input)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut bytes)
            .map_err(|e| SanctionsError::Read {
                file: file.to_string(),
                line: line_no + 1,
                message: e.to_string(),
            })?;
        if n == 0 {
            break;
        }
        line_no += 1;
        if bytes.len() > MAX_LINE_BYTES && bytes.last() != Some(&b'\n') {
            // Skip the rest of the over-long line; it is set aside whole.
            loop {
                let buf = input.fill_buf().map_err(|e| SanctionsError::Read {
                    file: file.to_string(),
                    line: line_no,
                    message: e.to_string(),
                })?;
                if buf.is_empty() {
                    break;
                }
                match buf.iter().position(|&b| b == b'\n') {
                    Some(i) => {
                        input.consume(i + 1);
                        break;
                    }
                    None => {
                        let k = buf.len();
                        input.consume(k);
                    }
                }
            }
            rejects.push(Reject {
                line: line_no,
                field: "line".into(),
                reason: format!("longer than {MAX_LINE_BYTES} bytes"),
            });
            continue;
        }
        let Ok(line) = std::str::from_utf8(&bytes) else {
            rejects.push(Reject {
                line: line_no,
                field: "line".into(),
                reason: "not valid UTF-8".into(),
            });
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        match parse_line(line, dataset) {
            Ok(records) => records.into_iter().for_each(&mut sink),
            Err((field, reason)) => rejects.push(Reject {
                line: line_no,
                field,
                reason,
            }),
        }
    }
    Ok(rejects)
}

/// The longest FtM line read; a longer one is set aside (16 MiB: the largest entities of
/// OpenSanctions' exports are well under a megabyte).
pub const MAX_LINE_BYTES: usize = 16 << 20;

type Bad = (String, String);

fn bad(field: &str, reason: impl Into<String>) -> Bad {
    (field.to_string(), reason.into())
}

/// One line into its records.
pub fn parse_line(line: &str, dataset: &str) -> Result<Vec<Record>, Bad> {
    let v: Value = serde_json::from_str(line).map_err(|e| bad("json", e.to_string()))?;
    let Value::Object(obj) = v else {
        return Err(bad("json", "not a JSON object"));
    };
    if let Some(op) = obj.get("op").and_then(Value::as_str) {
        let entity = obj
            .get("entity")
            .and_then(Value::as_object)
            .ok_or_else(|| bad("entity", "a delta without its entity"))?;
        return match op {
            "ADD" | "MOD" => parse_entity(entity, dataset),
            "DEL" => Ok(vec![Record::Delete(
                str_field(entity, "id").ok_or_else(|| bad("id", "missing"))?,
            )]),
            other => Err(bad("op", format!("{other:?} is not ADD, MOD or DEL"))),
        };
    }
    parse_entity(&obj, dataset)
}

fn str_field(obj: &Map<String, Value>, k: &str) -> Option<String> {
    obj.get(k)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The values of a property: strings, or the ids of nested entities.
fn values(props: &Map<String, Value>, k: &str) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Object(o) => str_field(o, "id"),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match props.get(k) {
        Some(Value::Array(a)) => a.iter().filter_map(one).filter(|s| !s.is_empty()).collect(),
        Some(v) => one(v).into_iter().filter(|s| !s.is_empty()).collect(),
        None => Vec::new(),
    }
}

fn all(props: &Map<String, Value>, keys: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in keys {
        for v in values(props, k) {
            if !out.contains(&v) {
                out.push(v);
            }
        }
    }
    out
}

/// The day of an FtM date or timestamp ("2024-02-26T16:57:25" → "2024-02-26").
fn day_of(s: &str) -> Option<String> {
    let d = s.get(..10)?;
    crate::entity::partial_date_ok(d).then(|| d.to_string())
}

fn earliest_day(dates: &[String]) -> Option<String> {
    dates.iter().filter_map(|d| day_of(d)).min()
}

/// The day OpenSanctions first saw the entity.
fn first_seen(obj: &Map<String, Value>) -> Option<String> {
    obj.get("first_seen")
        .and_then(Value::as_str)
        .and_then(day_of)
}

fn parse_entity(obj: &Map<String, Value>, dataset: &str) -> Result<Vec<Record>, Bad> {
    let id = str_field(obj, "id").ok_or_else(|| bad("id", "missing"))?;
    let schema = str_field(obj, "schema").ok_or_else(|| bad("schema", "missing"))?;
    let empty = Map::new();
    let props = match obj.get("properties") {
        Some(Value::Object(p)) => p,
        None => &empty,
        Some(_) => return Err(bad("properties", "not an object")),
    };
    if let Some(&(_, from_k, to_k)) = LINK_SCHEMATA.iter().find(|(s, _, _)| *s == schema) {
        let (from, to) = (values(props, from_k), values(props, to_k));
        if from.is_empty() {
            return Err(bad(from_k, format!("a {schema} without its {from_k}")));
        }
        if to.is_empty() {
            return Err(bad(to_k, format!("a {schema} without its {to_k}")));
        }
        let role = all(props, &["role", "relationship", "purpose"])
            .into_iter()
            .next();
        let date = all(props, &["startDate", "date"]).into_iter().next();
        let many = from.len() * to.len() > 1;
        let mut out = Vec::new();
        for (i, f) in from.iter().enumerate() {
            for (j, t) in to.iter().enumerate() {
                out.push(Record::Link(Link {
                    id: if many {
                        format!("{id}#{i}.{j}")
                    } else {
                        id.clone()
                    },
                    schema: schema.clone(),
                    from: f.clone(),
                    to: t.clone(),
                    role: role.clone(),
                    date: date.clone(),
                    end_date: all(props, &["endDate"]).into_iter().next(),
                    percentage: all(props, &["percentage"]).into_iter().next(),
                    dataset: dataset.to_string(),
                }));
            }
        }
        return Ok(out);
    }
    if schema == "Sanction" {
        let entities = values(props, "entity");
        if entities.is_empty() {
            return Err(bad("entity", "a Sanction without the sanctioned entity"));
        }
        let programs = all(props, &["program", "programId", "authority"]);
        let listed_on = earliest_day(&values(props, "listingDate"))
            .or_else(|| earliest_day(&values(props, "startDate")));
        return Ok(entities
            .into_iter()
            .map(|entity| Record::Sanction {
                entity,
                programs: programs.clone(),
                listed_on: listed_on.clone(),
            })
            .collect());
    }
    let mut names = all(props, NAMES);
    if names.is_empty() {
        // A person given only by name parts.
        let first = values(props, "firstName");
        let middle = all(props, &["middleName", "fatherName", "secondName"]);
        let last = values(props, "lastName");
        if let Some(l) = last.first() {
            let mut parts: Vec<&str> = first.iter().take(1).map(String::as_str).collect();
            parts.extend(middle.iter().take(1).map(String::as_str));
            parts.push(l);
            names.push(parts.join(" "));
        }
    }
    let caption = str_field(obj, "caption")
        .or_else(|| names.first().cloned())
        .unwrap_or_else(|| id.clone());
    if names.is_empty() && !caption.is_empty() && caption != id {
        names.push(caption.clone());
    }
    let mut identifiers = Vec::new();
    for k in IDENTIFIERS {
        for v in values(props, k) {
            identifiers.push(Identifier {
                kind: k.to_string(),
                value: v,
            });
        }
    }
    let mut countries = Vec::new();
    for c in all(props, COUNTRIES) {
        let code = country_code(&c).unwrap_or_else(|| c.to_uppercase());
        if !countries.contains(&code) {
            countries.push(code);
        }
    }
    Ok(vec![Record::Entity(Box::new(Entity {
        id,
        schema,
        caption,
        names,
        weak_names: all(props, WEAK_NAMES),
        birth_dates: values(props, "birthDate"),
        birth_places: values(props, "birthPlace"),
        addresses: values(props, "address"),
        countries,
        gender: values(props, "gender")
            .into_iter()
            .map(|g| g.to_ascii_lowercase())
            .collect(),
        identifiers,
        programs: all(props, &["program"]),
        topics: values(props, "topics"),
        // The index merges its Sanction records' dates, then falls back to first_seen.
        listed_on: earliest_day(&values(props, "listingDate")),
        first_seen: first_seen(obj),
        dataset: dataset.to_string(),
        datasets: match obj.get("datasets") {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        },
    }))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_links_sanctions_and_deltas() {
        let e = parse_line(
            r#"{"id":"p1","schema":"Person","properties":{"name":["Kim Jong Un"],"alias":["김정은"],"birthDate":["1984-01-08"],"nationality":["kp"],"passportNumber":["836110034"]}}"#,
            "t",
        )
        .unwrap();
        let Record::Entity(p) = &e[0] else { panic!() };
        assert_eq!(p.names, ["Kim Jong Un", "김정은"]);
        assert_eq!(p.countries, ["PRK"]);
        assert_eq!(p.caption, "Kim Jong Un");
        assert_eq!(p.identifiers[0].kind, "passportNumber");
        let l = parse_line(
            r#"{"id":"o1","schema":"Ownership","properties":{"owner":["c1"],"asset":["c2"],"percentage":["50"]}}"#,
            "t",
        )
        .unwrap();
        assert!(matches!(&l[0], Record::Link(l) if l.from == "c1" && l.to == "c2"));
        let s = parse_line(
            r#"{"id":"s1","schema":"Sanction","properties":{"entity":["p1"],"program":["DPRK"]}}"#,
            "t",
        )
        .unwrap();
        assert_eq!(
            s[0],
            Record::Sanction {
                entity: "p1".into(),
                programs: vec!["DPRK".into()],
                listed_on: None,
            }
        );
        let d = parse_line(r#"{"op":"DEL","entity":{"id":"p1"}}"#, "t").unwrap();
        assert_eq!(d[0], Record::Delete("p1".into()));
    }

    #[test]
    fn bad_lines_name_their_field() {
        assert_eq!(parse_line("{nope", "t").unwrap_err().0, "json");
        assert_eq!(
            parse_line(r#"{"schema":"Person"}"#, "t").unwrap_err().0,
            "id"
        );
        assert_eq!(
            parse_line(
                r#"{"id":"x","schema":"Ownership","properties":{"owner":["a"]}}"#,
                "t"
            )
            .unwrap_err()
            .0,
            "asset"
        );
    }

    #[test]
    fn a_name_from_its_parts() {
        let e = parse_line(
            r#"{"id":"p","schema":"Person","properties":{"firstName":["Ivan"],"fatherName":["Petrovich"],"lastName":["Sidorov"]}}"#,
            "t",
        )
        .unwrap();
        let Record::Entity(p) = &e[0] else { panic!() };
        assert_eq!(p.names, ["Ivan Petrovich Sidorov"]);
    }
}
