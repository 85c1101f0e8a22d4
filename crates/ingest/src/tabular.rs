//! Readers for sources with a header line: ICEWS (.tab), ACLED (CSV) and vigil's own
//! curated CSV. Columns are found by name, so column order does not matter.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use csv::ByteRecord;
use vigil_model::{EventType, cameo, countries, date};

use crate::batch::{Actor, EventRow};
use crate::error::{Reject, RejectReason};
use crate::{Chunk, IngestError, ReadContext};

/// Column positions by (lower-cased) header name.
pub(crate) struct Header {
    idx: HashMap<String, usize>,
    width: usize,
}

impl Header {
    fn new(record: &ByteRecord) -> Self {
        let idx = record
            .iter()
            .enumerate()
            .map(|(i, h)| {
                (
                    String::from_utf8_lossy(h)
                        .trim()
                        .trim_start_matches('\u{feff}')
                        .to_lowercase(),
                    i,
                )
            })
            .collect();
        Header {
            idx,
            width: record.len(),
        }
    }

    fn require(&self, ctx: &ReadContext<'_>, name: &str) -> Result<usize, IngestError> {
        self.idx
            .get(name)
            .copied()
            .ok_or_else(|| ctx.format(format!("the header has no {name:?} column")))
    }

    fn optional(&self, name: &str) -> Option<usize> {
        self.idx.get(name).copied()
    }

    /// True if the header has every one of `names`.
    pub(crate) fn has_all(line: &str, delimiter: u8, names: &[&str]) -> bool {
        let cols: HashSet<String> = line
            .split(delimiter as char)
            .map(|c| {
                c.trim()
                    .trim_matches('"')
                    .trim_start_matches('\u{feff}')
                    .to_lowercase()
            })
            .collect();
        names.iter().all(|n| cols.contains(*n))
    }
}

/// One data record of a header-indexed file, with checked accessors.
struct Row<'r> {
    rec: &'r ByteRecord,
    line: u64,
}

impl<'r> Row<'r> {
    fn reject(&self, field: Option<&str>, reason: RejectReason, detail: String) -> Reject {
        let raw = self.rec.iter().collect::<Vec<_>>().join(&b'\t');
        Reject::new(self.line, &raw, field, reason, detail)
    }

    fn get(&self, i: Option<usize>) -> &'r str {
        // Validity of UTF-8 is checked for the whole record before any get.
        i.and_then(|i| self.rec.get(i))
            .map(|b| std::str::from_utf8(b).unwrap_or("").trim())
            .unwrap_or("")
    }

    fn number(&self, i: Option<usize>, name: &str) -> Result<Option<f64>, Reject> {
        let s = self.get(i);
        if s.is_empty() {
            return Ok(None);
        }
        s.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(Some)
            .ok_or_else(|| {
                self.reject(
                    Some(name),
                    RejectReason::BadNumber,
                    format!("{s:?} is not a number"),
                )
            })
    }
}

/// Runs `map` over every data record, collecting rows and rejects into batches.
fn each_record(
    reader: &mut dyn BufRead,
    delimiter: u8,
    quoting: bool,
    ctx: &mut ReadContext<'_>,
    setup: impl FnOnce(
        &Header,
        &ReadContext<'_>,
    )
        -> Result<Box<dyn Fn(&Row<'_>, &mut Scratch) -> Result<(), Reject>>, IngestError>,
    mut push: impl FnMut(&Scratch, &mut Chunk, u64),
) -> Result<(), IngestError> {
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .quoting(quoting)
        .flexible(true)
        .has_headers(false)
        .buffer_capacity(1 << 20)
        .from_reader(reader);
    let mut rec = ByteRecord::new();
    let read =
        |csv: &mut csv::Reader<&mut dyn BufRead>, rec: &mut ByteRecord, ctx: &ReadContext<'_>| {
            csv.read_byte_record(rec).map_err(|e| match e.into_kind() {
                csv::ErrorKind::Io(source) => ctx.io(source),
                other => ctx.format(format!("unreadable CSV: {other:?}")),
            })
        };
    if !read(&mut csv, &mut rec, ctx)? {
        return Err(ctx.format("the file is empty (no header line)".into()));
    }
    let header = Header::new(&rec);
    let map = setup(&header, ctx)?;
    let mut seen: HashSet<u64> = HashSet::new();
    let mut chunk = Chunk::new(ctx.builder());
    let mut scratch = Scratch::default();
    while read(&mut csv, &mut rec, ctx)? {
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let row = Row { rec: &rec, line };
        if rec.len() == 1 && rec.get(0).is_some_and(|f| f.is_empty()) {
            continue;
        }
        let outcome = if rec.len() != header.width {
            Err(row.reject(
                None,
                RejectReason::ColumnCount {
                    expected: header.width.to_string(),
                    found: rec.len(),
                },
                format!(
                    "expected {} fields as in the header, found {}",
                    header.width,
                    rec.len()
                ),
            ))
        } else if let Some(bad) = rec.iter().position(|f| std::str::from_utf8(f).is_err()) {
            Err(row.reject(
                None,
                RejectReason::InvalidUtf8,
                format!("field {} is not valid UTF-8", bad + 1),
            ))
        } else {
            scratch.clear();
            map(&row, &mut scratch).and_then(|()| {
                if seen.insert(xxhash_rust::xxh3::xxh3_64(scratch.id.as_bytes())) {
                    Ok(())
                } else {
                    Err(row.reject(
                        None,
                        RejectReason::DuplicateId,
                        format!("event id {} appeared earlier", scratch.id),
                    ))
                }
            })
        };
        match outcome {
            Ok(()) => push(&scratch, &mut chunk, line),
            Err(r) => chunk.rejects.push(r),
        }
        if chunk.is_full() {
            ctx.emit(&mut chunk)?;
        }
    }
    ctx.emit(&mut chunk)
}

/// Owned values of one mapped record.
#[derive(Default)]
struct Scratch {
    id: String,
    date: i32,
    event: Option<&'static EventType>,
    a: [ActorOwned; 2],
    geo_country: Option<&'static str>,
    lat: Option<f64>,
    lon: Option<f64>,
    num_sources: Option<i32>,
    url: String,
    evidence: String,
}

#[derive(Default)]
struct ActorOwned {
    code: String,
    name: String,
    country: Option<&'static str>,
    role: Option<&'static str>,
}

impl Scratch {
    fn clear(&mut self) {
        *self = Scratch {
            id: std::mem::take(&mut self.id),
            ..Default::default()
        };
        self.id.clear();
    }

    fn row<'s>(&'s self, prefix: &'s str, line: u64) -> Option<EventRow<'s>> {
        let actor = |a: &'s ActorOwned| Actor {
            code: Some(a.code.as_str()),
            name: Some(a.name.as_str()),
            country: a.country,
            role: a.role,
        };
        Some(EventRow {
            id_prefix: prefix,
            source_id: &self.id,
            date: self.date,
            actor1: actor(&self.a[0]),
            actor2: actor(&self.a[1]),
            event: self.event?,
            goldstein: None,
            num_mentions: None,
            num_sources: self.num_sources,
            num_articles: None,
            tone: None,
            geo_country: self.geo_country,
            lat: self.lat,
            lon: self.lon,
            url: Some(&self.url),
            evidence: Some(&self.evidence),
            line,
        })
    }
}

fn actor_code(country: Option<&str>, role: Option<&str>) -> String {
    let cameo = country
        .and_then(countries::by_iso3)
        .map(|c| c.cameo)
        .or(country)
        .unwrap_or("");
    format!("{cameo}{}", role.unwrap_or(""))
}

/// A CAMEO code as ICEWS writes it, sometimes without its leading zero ("43" for "043").
fn cameo_lenient(code: &str) -> Option<&'static EventType> {
    cameo::event(code)
        .filter(|_| code.len() >= 3)
        .or_else(|| {
            (code.len() < 3)
                .then(|| cameo::event(&format!("{code:0>3}")))
                .flatten()
        })
        .or_else(|| {
            (code.len() == 3)
                .then(|| cameo::event(&format!("0{code}")))
                .flatten()
        })
}

/// The CAMEO role an ICEWS sector list implies ("Government,Executive" → GOV).
fn icews_role(sectors: &str) -> Option<&'static str> {
    let s = sectors.to_lowercase();
    const RULES: &[(&str, &str)] = &[
        ("military", "MIL"),
        ("army", "MIL"),
        ("police", "COP"),
        ("rebel", "REB"),
        ("insurgent", "INS"),
        ("judicial", "JUD"),
        ("legislative", "LEG"),
        ("parties", "PTY"),
        ("opposition", "OPP"),
        ("intelligence", "SPY"),
        ("government", "GOV"),
        ("executive", "GOV"),
        ("ministry", "GOV"),
        ("media", "MED"),
        ("business", "BUS"),
        ("education", "EDU"),
        ("health", "HLH"),
        ("labor", "LAB"),
        ("refugee", "REF"),
        ("ngo", "NGO"),
        ("non-governmental", "NGO"),
        ("international", "IGO"),
        ("criminal", "CRM"),
        ("protest", "CVL"),
        ("civilian", "CVL"),
    ];
    RULES
        .iter()
        .find(|(needle, _)| s.contains(needle))
        .map(|(_, role)| *role)
}

/// ICEWS coded event files (tab-separated with a header line).
pub(crate) fn read_icews(
    reader: &mut dyn BufRead,
    ctx: &mut ReadContext<'_>,
) -> Result<(), IngestError> {
    each_record(
        reader,
        b'\t',
        false,
        ctx,
        |h, ctx| {
            let id = h.require(ctx, "event id")?;
            let day = h.require(ctx, "event date")?;
            let code = h.require(ctx, "cameo code")?;
            let actors = [
                [
                    h.require(ctx, "source name")?,
                    h.require(ctx, "source sectors")?,
                    h.require(ctx, "source country")?,
                ],
                [
                    h.require(ctx, "target name")?,
                    h.require(ctx, "target sectors")?,
                    h.require(ctx, "target country")?,
                ],
            ];
            let (geo, lat, lon) = (
                h.optional("country"),
                h.optional("latitude"),
                h.optional("longitude"),
            );
            let (story, sentence) = (h.optional("story id"), h.optional("sentence number"));
            Ok(Box::new(move |r: &Row<'_>, s: &mut Scratch| {
                s.id.push_str(r.get(Some(id)));
                if s.id.is_empty() {
                    return Err(r.reject(
                        Some("Event ID"),
                        RejectReason::Missing,
                        "no event id".into(),
                    ));
                }
                let d = r.get(Some(day));
                s.date = date::parse_iso(d).ok_or_else(|| {
                    r.reject(
                        Some("Event Date"),
                        RejectReason::BadDate,
                        format!("{d:?} is not a YYYY-MM-DD date"),
                    )
                })?;
                let c = r.get(Some(code));
                s.event = Some(cameo_lenient(c).ok_or_else(|| {
                    r.reject(
                        Some("CAMEO Code"),
                        RejectReason::UnknownCode,
                        format!("{c:?} is not a CAMEO event code"),
                    )
                })?);
                for (k, [name, sectors, country]) in actors.iter().enumerate() {
                    let a = &mut s.a[k];
                    a.name.push_str(r.get(Some(*name)));
                    a.country = countries::by_name(r.get(Some(*country))).map(|c| c.iso3);
                    a.role = icews_role(r.get(Some(*sectors)));
                    a.code = actor_code(a.country, a.role);
                }
                s.geo_country = countries::by_name(r.get(geo)).map(|c| c.iso3);
                s.lat = r.number(lat, "Latitude")?;
                s.lon = r.number(lon, "Longitude")?;
                if story.is_some() {
                    s.evidence =
                        format!("ICEWS story {} sentence {}", r.get(story), r.get(sentence));
                }
                Ok(())
            }))
        },
        |s, chunk, line| {
            if let Some(row) = s.row("icews", line) {
                chunk.builder.push(&row)
            }
        },
    )
}

/// The documented map from ACLED event and sub-event types to CAMEO codes.
///
/// ACLED codes political violence and protest; CAMEO codes interactions. Each ACLED
/// sub-event type is mapped to the CAMEO code whose definition covers it; an unknown
/// sub-event type falls back to its event type's row (`sub_event_type` empty).
pub const ACLED_TO_CAMEO: &[(&str, &str, &str)] = &[
    ("Battles", "Armed clash", "190"),
    ("Battles", "Government regains territory", "190"),
    ("Battles", "Non-state actor overtakes territory", "192"),
    ("Battles", "", "190"),
    ("Explosions/Remote violence", "Chemical weapon", "2041"),
    ("Explosions/Remote violence", "Air/drone strike", "195"),
    ("Explosions/Remote violence", "Suicide bomb", "1831"),
    (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "194",
    ),
    (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        "1833",
    ),
    ("Explosions/Remote violence", "Grenade", "183"),
    ("Explosions/Remote violence", "", "183"),
    ("Violence against civilians", "Sexual violence", "1821"),
    ("Violence against civilians", "Attack", "180"),
    (
        "Violence against civilians",
        "Abduction/forced disappearance",
        "181",
    ),
    ("Violence against civilians", "", "180"),
    ("Protests", "Peaceful protest", "141"),
    ("Protests", "Protest with intervention", "141"),
    ("Protests", "Excessive force against protesters", "175"),
    ("Protests", "", "141"),
    ("Riots", "Violent demonstration", "145"),
    ("Riots", "Mob violence", "145"),
    ("Riots", "", "145"),
    ("Strategic developments", "Agreement", "057"),
    ("Strategic developments", "Arrests", "173"),
    ("Strategic developments", "Change to group/activity", "010"),
    ("Strategic developments", "Disrupted weapons use", "1711"),
    (
        "Strategic developments",
        "Headquarters or base established",
        "150",
    ),
    (
        "Strategic developments",
        "Looting/property destruction",
        "171",
    ),
    (
        "Strategic developments",
        "Non-violent transfer of territory",
        "192",
    ),
    ("Strategic developments", "Other", "010"),
    ("Strategic developments", "", "010"),
];

fn acled_code(event_type: &str, sub: &str) -> Option<&'static EventType> {
    let find = |sub: &str| {
        ACLED_TO_CAMEO
            .iter()
            .find(|(t, s, _)| t.eq_ignore_ascii_case(event_type) && s.eq_ignore_ascii_case(sub))
            .and_then(|(_, _, code)| cameo::event(code))
    };
    find(sub).or_else(|| find(""))
}

/// ACLED's actor type ("inter") as a CAMEO role: numeric codes (older exports) or names.
fn acled_role(inter: &str, name: &str) -> Option<&'static str> {
    let name = name.to_lowercase();
    let state_role = if name.contains("police") {
        "COP"
    } else if name.contains("military") || name.contains("forces") {
        "MIL"
    } else {
        "GOV"
    };
    match inter.trim().to_lowercase().as_str() {
        "1" | "state forces" => Some(state_role),
        "2" | "rebel group" | "rebel groups" => Some("REB"),
        "3" | "4" | "political militia" | "identity militia" | "political militias"
        | "identity militias" => Some("UAF"),
        "5" | "6" | "rioters" | "protesters" => Some("CVL"),
        "7" | "civilians" => Some("CVL"),
        _ => None,
    }
}

/// The country an ACLED state actor belongs to: "Military Forces of Russia (2000-)" → RUS.
fn acled_actor_country(name: &str) -> Option<&'static str> {
    let rest = name.split(" of ").nth(1)?;
    let country = rest.split(" (").next()?.trim();
    countries::by_name(country).map(|c| c.iso3)
}

/// ACLED dates: "2024-01-15" in current exports, "15 January 2024" in older ones.
fn acled_date(s: &str) -> Option<i32> {
    if let Some(d) = date::parse_iso(s) {
        return Some(d);
    }
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let mut parts = s.split_whitespace();
    let day: u32 = parts.next()?.parse().ok()?;
    let month = parts.next()?.to_lowercase();
    let m = MONTHS.iter().position(|n| *n == month || n[..3] == month)? as u32 + 1;
    let year: i32 = parts.next()?.parse().ok()?;
    date::days_from_ymd(year, m, day)
}

/// ACLED CSV exports.
pub(crate) fn read_acled(
    reader: &mut dyn BufRead,
    ctx: &mut ReadContext<'_>,
) -> Result<(), IngestError> {
    each_record(
        reader,
        b',',
        true,
        ctx,
        |h, ctx| {
            let id = h.require(ctx, "event_id_cnty")?;
            let day = h.require(ctx, "event_date")?;
            let etype = h.require(ctx, "event_type")?;
            let sub = h.optional("sub_event_type");
            let actors = [
                (h.require(ctx, "actor1")?, h.optional("inter1")),
                (h.require(ctx, "actor2")?, h.optional("inter2")),
            ];
            let (country, iso) = (h.optional("country"), h.optional("iso"));
            let (lat, lon, notes, source) = (
                h.optional("latitude"),
                h.optional("longitude"),
                h.optional("notes"),
                h.optional("source"),
            );
            Ok(Box::new(move |r: &Row<'_>, s: &mut Scratch| {
                s.id.push_str(r.get(Some(id)));
                if s.id.is_empty() {
                    return Err(r.reject(
                        Some("event_id_cnty"),
                        RejectReason::Missing,
                        "no event id".into(),
                    ));
                }
                let d = r.get(Some(day));
                s.date = acled_date(d).ok_or_else(|| {
                    r.reject(
                        Some("event_date"),
                        RejectReason::BadDate,
                        format!("{d:?} is not a date"),
                    )
                })?;
                let (t, st) = (r.get(Some(etype)), r.get(sub));
                s.event = Some(acled_code(t, st).ok_or_else(|| {
                    r.reject(
                        Some("event_type"),
                        RejectReason::UnknownCode,
                        format!("no CAMEO mapping for ACLED type {t:?}"),
                    )
                })?);
                let iso_num = r.get(iso);
                let event_country = countries::by_name(r.get(country))
                    .or_else(|| iso_num.parse().ok().and_then(countries::by_numeric))
                    .map(|c| c.iso3);
                for (k, (name, inter)) in actors.iter().enumerate() {
                    let a = &mut s.a[k];
                    a.name.push_str(r.get(Some(*name)));
                    if a.name.is_empty() {
                        continue;
                    }
                    a.role = acled_role(r.get(*inter), &a.name);
                    a.country = acled_actor_country(&a.name).or(event_country);
                    a.code = actor_code(a.country, a.role);
                }
                s.geo_country = event_country;
                s.lat = r.number(lat, "latitude")?;
                s.lon = r.number(lon, "longitude")?;
                s.evidence.push_str(r.get(notes));
                let src = r.get(source);
                if !src.is_empty() {
                    s.evidence.push_str(&format!(" [source: {src}]"));
                }
                Ok(())
            }))
        },
        |s, chunk, line| {
            if let Some(row) = s.row("acled", line) {
                chunk.builder.push(&row)
            }
        },
    )
}

/// vigil's curated event CSV: `id,date,actor1_code,actor1_name,actor2_code,actor2_name,event_code,num_sources,url,evidence`.
/// Countries and roles are read from the CAMEO actor codes ("PRKGOV").
pub(crate) fn read_curated(
    reader: &mut dyn BufRead,
    ctx: &mut ReadContext<'_>,
) -> Result<(), IngestError> {
    each_record(
        reader,
        b',',
        true,
        ctx,
        |h, ctx| {
            let id = h.require(ctx, "id")?;
            let day = h.require(ctx, "date")?;
            let code = h.require(ctx, "event_code")?;
            let actors = [
                (
                    h.require(ctx, "actor1_code")?,
                    h.require(ctx, "actor1_name")?,
                ),
                (
                    h.require(ctx, "actor2_code")?,
                    h.require(ctx, "actor2_name")?,
                ),
            ];
            let (sources, url, evidence) = (
                h.optional("num_sources"),
                h.require(ctx, "url")?,
                h.optional("evidence"),
            );
            Ok(Box::new(move |r: &Row<'_>, s: &mut Scratch| {
                s.id.push_str(r.get(Some(id)));
                if s.id.is_empty() {
                    return Err(r.reject(Some("id"), RejectReason::Missing, "no event id".into()));
                }
                let d = r.get(Some(day));
                s.date = date::parse_iso(d).ok_or_else(|| {
                    r.reject(
                        Some("date"),
                        RejectReason::BadDate,
                        format!("{d:?} is not a YYYY-MM-DD date"),
                    )
                })?;
                let c = r.get(Some(code));
                s.event = Some(cameo::event(c).ok_or_else(|| {
                    r.reject(
                        Some("event_code"),
                        RejectReason::UnknownCode,
                        format!("{c:?} is not a CAMEO event code"),
                    )
                })?);
                for (k, (code, name)) in actors.iter().enumerate() {
                    let a = &mut s.a[k];
                    a.code.push_str(r.get(Some(*code)));
                    a.name.push_str(r.get(Some(*name)));
                    let country = a.code.get(..3).unwrap_or("");
                    a.country = countries::canonical_from_cameo(country);
                    if !a.code.is_empty() && a.country.is_none() {
                        return Err(r.reject(
                            Some(if k == 0 { "actor1_code" } else { "actor2_code" }),
                            RejectReason::UnknownCode,
                            format!("{:?} does not start with a CAMEO country code", a.code),
                        ));
                    }
                    a.role = cameo::role_in_actor_code(&a.code);
                }
                let n = r.number(sources, "num_sources")?;
                s.num_sources = n.map(|v| v as i32);
                s.url.push_str(r.get(Some(url)));
                s.evidence.push_str(r.get(evidence));
                Ok(())
            }))
        },
        |s, chunk, line| {
            if let Some(row) = s.row("curated", line) {
                chunk.builder.push(&row)
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icews_codes_without_leading_zero() {
        assert_eq!(cameo_lenient("43").unwrap().code, "043");
        assert_eq!(cameo_lenient("043").unwrap().code, "043");
        assert_eq!(cameo_lenient("211").unwrap().code, "0211");
        assert_eq!(cameo_lenient("1311").unwrap().code, "1311");
        assert_eq!(cameo_lenient("190").unwrap().code, "190");
        assert!(cameo_lenient("999").is_none());
    }

    #[test]
    fn acled_mapping_is_complete_and_valid() {
        for (t, s, code) in ACLED_TO_CAMEO {
            assert!(
                cameo::event(code).is_some(),
                "{t}/{s} maps to unknown {code}"
            );
        }
        assert_eq!(acled_code("Battles", "Something new").unwrap().code, "190");
        assert_eq!(
            acled_code("Explosions/Remote violence", "Air/drone strike")
                .unwrap()
                .code,
            "195"
        );
        assert!(acled_code("Weather", "").is_none());
    }

    #[test]
    fn acled_dates_and_actors() {
        assert_eq!(acled_date("2024-01-15"), date::parse_iso("2024-01-15"));
        assert_eq!(acled_date("15 January 2024"), date::parse_iso("2024-01-15"));
        assert_eq!(acled_date("31 February 2024"), None);
        assert_eq!(
            acled_actor_country("Military Forces of Russia (2000-)"),
            Some("RUS")
        );
        assert_eq!(
            acled_actor_country("Police Forces of Ukraine (2019-)"),
            Some("UKR")
        );
        assert_eq!(
            acled_role("State forces", "Police Forces of Ukraine (2019-)"),
            Some("COP")
        );
        assert_eq!(
            acled_role("1", "Military Forces of Russia (2000-)"),
            Some("MIL")
        );
    }
}
