//! OFAC's lists in their CSV form: `sdn.csv` (the SDN list) or `cons_prim.csv` (the
//! consolidated non-SDN list), with `add.csv`/`alt.csv`/`sdn_comments.csv` (or
//! `cons_add.csv`, `cons_alt.csv`, `cons_comments.csv`) read with it when they lie beside it.
//!
//! The published layout: no header, CRLF line ends, fields quoted when they are text,
//! `-0- ` for an empty field, and a 0x1A (DOS end-of-file) byte after the last record.
//!
//! * main file: `ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type,
//!   Tonnage, GRT, Vess_flag, Vess_owner, Remarks`; several programmes are written
//!   `SDGT] [SYRIA`; `SDN_Type` is `individual`, `vessel`, `aircraft` or empty (an entity);
//! * addresses: `ent_num, Add_num, Address, City/State/Province/Postal Code, Country, Add_remarks`;
//! * aliases: `ent_num, alt_num, alt_type, alt_name, alt_remarks`;
//! * comments: `ent_num, remarks continued` (the rest of a remark too long for the main file).
//!
//! The remarks carry most of the data, as `; `-separated items: `a.k.a. 'NAME'`,
//! `f.k.a.`/`n.k.a.`, `DOB 25 Mar 1977` (and `alt. DOB`), `POB Wuhan, China`, `nationality
//! X`, `citizen X`, identifiers (`Passport N (Country)`, `National ID No.`, `Registration
//! Number`, `Vessel Registration Identification IMO N`, `Digital Currency Address - XBT
//! ADDR`, `Tax ID No.`, …), programme tags such as `[DPRK3]`, and `Linked To: NAME.`, which
//! becomes a link to the entry of that name in the same list.

use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use crate::entity::{Entity, Identifier, Link, Record, country_code};
use crate::xml::ofac_date;
use crate::{Reject, SanctionsError};

/// Which OFAC list a CSV set is, from its file name.
pub fn dataset_of(path: &Path) -> &'static str {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.starts_with("cons") {
        "us_ofac_cons"
    } else {
        "us_ofac_sdn"
    }
}

/// The companion files of a main CSV file: (addresses, aliases, comments), those present.
fn companions(path: &Path) -> [Option<PathBuf>; 3] {
    let dir = path.parent().unwrap_or(Path::new("."));
    let cons = dataset_of(path) == "us_ofac_cons";
    let names: [&[&str]; 3] = if cons {
        [&["cons_add.csv"], &["cons_alt.csv"], &["cons_comments.csv"]]
    } else {
        [&["add.csv"], &["alt.csv"], &["sdn_comments.csv"]]
    };
    names.map(|options| {
        options.iter().find_map(|n| {
            let p = dir.join(n);
            // Also upper case, as some mirrors write them.
            let upper = dir.join(n.to_uppercase());
            [p, upper].into_iter().find(|p| p.is_file())
        })
    })
}

/// A field as OFAC writes it: `-0- ` (with or without the space) is empty.
fn value(field: &[u8]) -> String {
    untrimmed(field).trim().to_string()
}

/// A field with its spaces kept (a remark continued in the comments file may start
/// mid-sentence with a space).
fn untrimmed(field: &[u8]) -> String {
    let s = String::from_utf8_lossy(field);
    let s = s.trim_matches(['\u{1a}', '\r', '\n']);
    if s.trim() == "-0-" {
        String::new()
    } else {
        s.to_string()
    }
}

/// A CSV reader that ends records at `\n` only, so the line numbers it reports are the
/// file's own with CRLF line ends too (with its default CRLF terminator the csv crate
/// counts the first record after a CRLF as still on the line before); the `\r` left at a
/// field's end is trimmed by [`value`].
fn csv_reader(input: impl Read) -> csv::Reader<impl Read> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(input)
}

fn open(path: &Path) -> Result<BufReader<File>, SanctionsError> {
    File::open(path)
        .map(BufReader::new)
        .map_err(|source| SanctionsError::Io {
            path: path.into(),
            source,
        })
}

/// Rows of a companion file by `ent_num`: (line, fields after the first).
fn companion(path: &Path, trim: bool) -> Result<HashMap<String, Vec<Vec<String>>>, SanctionsError> {
    let mut out: HashMap<String, Vec<Vec<String>>> = HashMap::new();
    let mut rdr = csv_reader(open(path)?);
    for rec in rdr.byte_records() {
        let rec = rec.map_err(|e| SanctionsError::Read {
            file: path.display().to_string(),
            line: e.position().map(|p| p.line()).unwrap_or(0),
            message: e.to_string(),
        })?;
        let id = value(rec.get(0).unwrap_or(b""));
        if id.is_empty() {
            continue;
        }
        out.entry(id).or_default().push(
            rec.iter()
                .skip(1)
                .map(if trim { value } else { untrimmed })
                .collect(),
        );
    }
    Ok(out)
}

/// Identifier prefixes in remarks and the kind each becomes.
const IDENTIFIERS: &[(&str, &str)] = &[
    ("Vessel Registration Identification IMO", "imoNumber"),
    ("Digital Currency Address - ", "cryptoWallet"),
    ("Passport", "passportNumber"),
    ("National ID No.", "idNumber"),
    ("Cedula No.", "idNumber"),
    ("Identification Number", "idNumber"),
    ("Registration Number", "registrationNumber"),
    ("Registration ID", "registrationNumber"),
    ("Business Registration Number", "registrationNumber"),
    ("Tax ID No.", "taxNumber"),
    ("RFC", "taxNumber"),
    ("NIT #", "taxNumber"),
    ("SSN", "idNumber"),
    (
        "Aircraft Manufacturer's Serial Number (MSN)",
        "serialNumber",
    ),
    ("Aircraft Tail Number", "registrationNumber"),
    ("SWIFT/BIC", "swiftBic"),
    ("Email Address", "email"),
    ("Website", "website"),
    ("Phone Number", "phone"),
    ("UK Company Number", "registrationNumber"),
    ("Company Number", "registrationNumber"),
    ("Unified Social Credit Code (USCC)", "registrationNumber"),
    ("Government Gazette Number", "registrationNumber"),
];

/// What the remarks of one entry say.
#[derive(Default)]
struct Remarks {
    names: Vec<String>,
    birth_dates: Vec<String>,
    birth_places: Vec<String>,
    countries: Vec<String>,
    gender: Vec<String>,
    identifiers: Vec<Identifier>,
    programs: Vec<String>,
    linked_to: Vec<String>,
}

/// Splits remarks on `; ` outside single quotes (an alias may hold a semicolon).
fn items(remarks: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted) = (0, false);
    let bytes = remarks.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\'' if i == 0 || !bytes[i - 1].is_ascii_alphanumeric() || quoted => {
                // an apostrophe inside a word ("O'BRIEN") does not open a quote
                let closes = quoted && bytes.get(i + 1).is_none_or(|n| !n.is_ascii_alphanumeric());
                if !quoted {
                    quoted = true;
                } else if closes {
                    quoted = false;
                }
            }
            b';' if !quoted => {
                out.push(remarks[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(remarks[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

fn parse_remarks(remarks: &str) -> Remarks {
    let mut r = Remarks::default();
    // Programme tags anywhere: "[DPRK3]", "[SDGT] [IFSR]".
    let mut rest = remarks;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        let tag = rest[open + 1..open + close].trim();
        if !tag.is_empty()
            && tag.len() <= 24
            && tag
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b"-_ ".contains(&b))
        {
            r.programs.push(tag.to_string());
        }
        rest = &rest[open + close..];
    }
    for item in items(remarks) {
        let item = item.trim_end_matches('.').trim();
        let item = item.strip_prefix("alt. ").unwrap_or(item);
        if let Some(name) = ["a.k.a. ", "f.k.a. ", "n.k.a. "]
            .iter()
            .find_map(|p| item.strip_prefix(p))
        {
            let name = name.trim().trim_matches('\'').trim();
            if !name.is_empty() {
                r.names.push(name.to_string());
            }
        } else if let Some(d) = item.strip_prefix("DOB ") {
            // "31 Aug 1960", "1960 to 1962", "circa 1960"
            let first = d.split(" to ").next().unwrap_or(d);
            if let Some(d) = ofac_date(first) {
                r.birth_dates.push(d);
            }
        } else if let Some(p) = item.strip_prefix("POB ") {
            r.birth_places.push(p.trim().to_string());
        } else if let Some(c) = ["nationality ", "citizen "]
            .iter()
            .find_map(|p| item.strip_prefix(p))
        {
            let c = c.trim();
            let code = country_code(c).unwrap_or_else(|| c.to_string());
            if !r.countries.contains(&code) {
                r.countries.push(code);
            }
        } else if let Some(g) = item.strip_prefix("Gender ") {
            // "Gender Male", "Gender Female".
            let g = g.trim().to_ascii_lowercase();
            if !g.is_empty() && !r.gender.contains(&g) {
                r.gender.push(g);
            }
        } else if let Some(to) = item.strip_prefix("Linked To: ") {
            r.linked_to.push(to.trim().to_string());
        } else if let Some((kind, rest)) = IDENTIFIERS
            .iter()
            .find_map(|(p, kind)| item.strip_prefix(p).map(|rest| (*kind, rest)))
        {
            // "N (Country) issued 28 Oct 2008 expires …" → N
            let v = rest.trim().trim_start_matches(['-', ':', '#']).trim();
            let v = v.split(" (").next().unwrap_or(v);
            let v = v.split(" issued").next().unwrap_or(v).trim();
            if !v.is_empty() {
                r.identifiers.push(Identifier {
                    kind: kind.to_string(),
                    value: v.to_string(),
                });
            }
        }
    }
    r
}

/// "PUTIN, Vladimir Vladimirovich" → "Vladimir Vladimirovich PUTIN" for a person.
fn display_name(name: &str, person: bool) -> String {
    match name.split_once(", ") {
        Some((last, first)) if person && !first.is_empty() => format!("{first} {last}"),
        _ => name.to_string(),
    }
}

/// Reads an OFAC CSV set. Returns the rejects (rows set aside, links to unknown names)
/// and the programmes seen.
pub fn read(
    path: &Path,
    dataset: &str,
    mut sink: impl FnMut(Record),
) -> Result<(Vec<Reject>, BTreeSet<String>), SanctionsError> {
    let [add, alt, comments] = companions(path);
    let load = |p: Option<PathBuf>, trim| p.map(|p| companion(&p, trim)).transpose();
    let (add, alt, comments) = (
        load(add, true)?.unwrap_or_default(),
        load(alt, true)?.unwrap_or_default(),
        load(comments, false)?.unwrap_or_default(),
    );
    let mut rejects = Vec::new();
    let mut programs = BTreeSet::new();
    let mut by_name: HashMap<String, String> = HashMap::new();
    let mut pending_links: Vec<(u64, String, String)> = Vec::new();
    let mut rdr = csv_reader(open(path)?);
    let mut rec = csv::ByteRecord::new();
    loop {
        let line = rdr.position().line();
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                // A row the CSV reader cannot split; the reader resynchronises on the
                // next line.
                rejects.push(Reject {
                    line: e.position().map(|p| p.line()).unwrap_or(line),
                    field: "row".into(),
                    reason: e.to_string(),
                });
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let line = rec.position().map(|p| p.line()).unwrap_or(line);
        let f: Vec<String> = rec.iter().map(value).collect();
        if f.iter().all(String::is_empty) {
            continue; // blank line or the 0x1A trailer
        }
        if f.len() < 4 {
            rejects.push(Reject {
                line,
                field: "row".into(),
                reason: format!("{} fields; the layout has 12", f.len()),
            });
            continue;
        }
        let num = &f[0];
        if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
            rejects.push(Reject {
                line,
                field: "ent_num".into(),
                reason: format!("{num:?} is not an entry number"),
            });
            continue;
        }
        let raw_name = &f[1];
        if raw_name.is_empty() {
            rejects.push(Reject {
                line,
                field: "SDN_Name".into(),
                reason: "an entry without a name".into(),
            });
            continue;
        }
        let kind = f[2].to_lowercase();
        let schema = match kind.as_str() {
            "individual" => "Person",
            "vessel" => "Vessel",
            "aircraft" => "Airplane",
            _ => "Organization",
        };
        let person = schema == "Person";
        let field = |i: usize| f.get(i).map(String::as_str).unwrap_or("");
        let mut remarks = field(11).to_string();
        // The comments file continues a remark cut at the main file's field length:
        // joined as written, without a separator.
        for c in comments.get(num).into_iter().flatten() {
            remarks.push_str(c.first().map(String::as_str).unwrap_or(""));
        }
        let r = parse_remarks(&remarks);
        let id = format!("ofac-{num}");
        let caption = display_name(raw_name, person);
        let mut names = vec![caption.clone()];
        names.extend(r.names.iter().map(|n| display_name(n, person)));
        for a in alt.get(num).into_iter().flatten() {
            // alt_num, alt_type, alt_name, alt_remarks
            if let Some(n) = a.get(2).filter(|n| !n.is_empty()) {
                let n = display_name(n, person);
                if !names.contains(&n) {
                    names.push(n);
                }
            }
        }
        let mut countries = r.countries.clone();
        let mut add_country = |c: &str| {
            if c.is_empty() {
                return;
            }
            let code = country_code(c).unwrap_or_else(|| c.to_string());
            if !countries.contains(&code) {
                countries.push(code);
            }
        };
        add_country(field(9)); // vessel flag
        let mut addresses = Vec::new();
        for a in add.get(num).into_iter().flatten() {
            // Add_num, Address, City/State/Province/Postal Code, Country, Add_remarks
            let parts: Vec<&str> = a[1.min(a.len())..a.len().min(4)]
                .iter()
                .map(String::as_str)
                .filter(|s| !s.is_empty())
                .collect();
            if !parts.is_empty() {
                addresses.push(parts.join(", "));
            }
            add_country(a.get(3).map(String::as_str).unwrap_or(""));
        }
        let mut identifiers = r.identifiers;
        if !field(5).is_empty() {
            identifiers.push(Identifier {
                kind: "callSign".into(),
                value: field(5).to_string(),
            });
        }
        let mut progs: Vec<String> = field(3)
            .split("] [")
            .map(|p| p.trim_matches(['[', ']', ' ']).to_string())
            .filter(|p| !p.is_empty())
            .collect();
        for p in r.programs {
            if !progs.contains(&p) {
                progs.push(p);
            }
        }
        programs.extend(progs.iter().cloned());
        by_name.insert(raw_name.to_uppercase(), id.clone());
        for to in r.linked_to {
            pending_links.push((line, id.clone(), to));
        }
        sink(Record::Entity(Box::new(Entity {
            id,
            schema: schema.into(),
            caption,
            names,
            weak_names: Vec::new(),
            birth_dates: r.birth_dates,
            birth_places: r.birth_places,
            countries,
            addresses,
            gender: r.gender,
            identifiers,
            programs: progs,
            topics: vec!["sanction".into()],
            // OFAC's files give no listing date per entry.
            listed_on: None,
            first_seen: None,
            dataset: dataset.into(),
            datasets: Vec::new(),
        })));
    }
    for (n, (line, from, to_name)) in pending_links.into_iter().enumerate() {
        match by_name.get(&to_name.to_uppercase()) {
            Some(to) => sink(Record::Link(Link {
                id: format!("{from}-linked-{n}"),
                schema: "UnknownLink".into(),
                from,
                to: to.clone(),
                role: Some("Linked To".into()),
                dataset: dataset.into(),
                ..Default::default()
            })),
            None => rejects.push(Reject {
                line,
                field: "Remarks".into(),
                reason: format!("Linked To: {to_name:?} names no entry of this list"),
            }),
        }
    }
    Ok((rejects, programs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remarks_items() {
        let r = parse_remarks(
            "DOB 25 Mar 1977; alt. DOB 1960 to 1962; POB Wuhan City, Hubei, China; citizen China; \
             Digital Currency Address - XBT 12QtD5BF; Passport T14553558 (Iran) issued 28 Oct 2008; \
             a.k.a. 'O'BRIEN; TRADING'; Linked To: HIZBALLAH.; Vessel Registration Identification IMO 7406784; [DPRK3].",
        );
        assert_eq!(r.birth_dates, ["1977-03-25", "1960"]);
        assert_eq!(r.birth_places, ["Wuhan City, Hubei, China"]);
        assert_eq!(r.countries, ["CHN"]);
        assert_eq!(r.names, ["O'BRIEN; TRADING"]);
        assert_eq!(r.linked_to, ["HIZBALLAH"]);
        assert_eq!(r.programs, ["DPRK3"]);
        let ids: Vec<(&str, &str)> = r
            .identifiers
            .iter()
            .map(|i| (i.kind.as_str(), i.value.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                ("cryptoWallet", "XBT 12QtD5BF"),
                ("passportNumber", "T14553558"),
                ("imoNumber", "7406784")
            ]
        );
    }

    #[test]
    fn values_and_names() {
        assert_eq!(value(b"-0- "), "");
        assert_eq!(value(b"\x1a"), "");
        assert_eq!(display_name("YAN, Xiaobing", true), "Xiaobing YAN");
        assert_eq!(display_name("CIMEX, S.A.", false), "CIMEX, S.A.");
        assert_eq!(dataset_of(Path::new("/x/cons_prim.csv")), "us_ofac_cons");
        assert_eq!(dataset_of(Path::new("/x/sdn.csv")), "us_ofac_sdn");
    }
}
