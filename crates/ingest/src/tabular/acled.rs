//! ACLED CSV exports in every layout ACLED has published, found by column name:
//!
//! * **current** (2021 on): `event_id_cnty`, `event_date`, `disorder_type`, `event_type`,
//!   `sub_event_type`, `actor1`, `inter1`, …, `iso` (ISO numeric), `country`,
//!   `geo_precision`, `notes`, `fatalities`, `civilian_targeting`, `timestamp`;
//! * **2019–2021**: as current without `disorder_type`, with `data_id`,
//!   `event_id_no_cnty` and an `iso3` column;
//! * **legacy (before 2019)**, the Africa and Asia files: upper-case headers, often a
//!   leading unnamed index column, `gwno` (Gleditsch–Ward number) for the country,
//!   `ally_actor_1`/`ally_actor_2`, no sub-event type, and the legacy event types
//!   ("Battle-No change of territory", "Riots/Protests", "Remote violence", …) mapped by
//!   [`ACLED_LEGACY_TO_CAMEO`].
//!
//! Dates come as `2024-01-15`, `15 January 2024`, `9-May-20` (the export tool's `d-Mon-yy`),
//! `15/01/2024` (day first, as the legacy spreadsheets have them). Two-digit years are
//! 1997–2096: ACLED's coverage starts in 1997. Multi-line quoted `notes` stay one row.
//! Fatalities, the event type and sub-type, and the time and geographic precision codes
//! are kept in their canonical columns.

use std::io::BufRead;

use vigil_model::{EventType, cameo, countries, date};

use super::{Dialect, Header, Row, Scratch, actor_code, each_record};
use crate::error::RejectReason;
use crate::records::Quoting;
use crate::{IngestError, ReadContext};

/// The documented map from ACLED event and sub-event types (2019 on) to CAMEO codes.
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

/// The documented map from ACLED's legacy event types (versions 1–8, before 2019; no
/// sub-event types) to CAMEO codes. Each is the code of the new-layout type it became:
/// the three battle types to 190/192 as their names say, "Riots/Protests" to the
/// political-dissent root 140 (the legacy type does not say which), "Remote violence" to
/// 183 (as "Explosions/Remote violence" without a sub-type), "Violence against civilians"
/// to 180, "Strategic development" to 010, "Headquarters or base established" to 150,
/// "Non-violent transfer of territory" to 192.
pub const ACLED_LEGACY_TO_CAMEO: &[(&str, &str)] = &[
    ("Battle-No change of territory", "190"),
    ("Battle-Government regains territory", "190"),
    ("Battle-Non-state actor overtakes territory", "192"),
    ("Battle-Non-state actors overtake territory", "192"),
    ("Riots/Protests", "140"),
    ("Remote violence", "183"),
    ("Violence against civilians", "180"),
    ("Strategic development", "010"),
    ("Headquarters or base established", "150"),
    ("Non-violent transfer of territory", "192"),
    ("Non-violent activity by a conflict actor", "010"),
];

/// Which of ACLED's published layouts a header is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcledLayout {
    /// 2021 on (`disorder_type`, `civilian_targeting` or neither `iso3` nor legacy columns).
    Current,
    /// 2019–2021, with an `iso3` column.
    Iso3,
    /// Before 2019 (Africa and Asia files): `gwno`, `ally_actor_*`, legacy event types.
    Legacy,
}

impl AcledLayout {
    /// The layout of a header line.
    pub fn from_header(line: &str) -> AcledLayout {
        if Header::has_all(line, b',', &["disorder_type"])
            || Header::has_all(line, b',', &["civilian_targeting"])
        {
            AcledLayout::Current
        } else if Header::has_all(line, b',', &["iso3"]) {
            AcledLayout::Iso3
        } else if Header::has_all(line, b',', &["gwno"])
            || Header::has_all(line, b',', &["ally_actor_1"])
        {
            AcledLayout::Legacy
        } else {
            AcledLayout::Current
        }
    }

    /// What `--source auto` says of it.
    pub fn describe(self) -> &'static str {
        match self {
            AcledLayout::Current => "current layout (2021 on)",
            AcledLayout::Iso3 => "2019–2021 layout (iso3 column)",
            AcledLayout::Legacy => "legacy layout before 2019 (gwno, ally_actor columns)",
        }
    }
}

fn acled_code(event_type: &str, sub: &str) -> Option<&'static EventType> {
    let find = |sub: &str| {
        ACLED_TO_CAMEO
            .iter()
            .find(|(t, s, _)| t.eq_ignore_ascii_case(event_type) && s.eq_ignore_ascii_case(sub))
            .and_then(|(_, _, code)| cameo::event(code))
    };
    let legacy = || {
        let t = event_type.replace(" - ", "-");
        ACLED_LEGACY_TO_CAMEO
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(t.trim()))
            .and_then(|(_, code)| cameo::event(code))
    };
    find(sub).or_else(|| find("")).or_else(legacy)
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

fn month_number(name: &str) -> Option<u32> {
    let name = name.to_lowercase();
    let m = date::MONTHS
        .iter()
        .position(|n| *n == name || (name.len() == 3 && n[..3] == name))?;
    Some(m as u32 + 1)
}

/// A year of two or four digits; two-digit years are 1997–2096 (ACLED starts in 1997).
fn year(s: &str) -> Option<i32> {
    let y: i32 = s.parse().ok()?;
    match s.len() {
        4 => Some(y),
        2 if y >= 97 => Some(1900 + y),
        2 => Some(2000 + y),
        _ => None,
    }
}

/// ACLED dates: "2024-01-15", "15 January 2024", "9-May-20", "15/01/2024".
fn acled_date(s: &str) -> Option<i32> {
    if let Some(d) = date::parse_iso(s) {
        return Some(d);
    }
    let parts: Vec<&str> = s.split([' ', '-', '/']).filter(|p| !p.is_empty()).collect();
    let [day, month, y] = parts[..] else {
        return None;
    };
    let day: u32 = day.parse().ok()?;
    let y = year(y)?;
    match month.parse::<u32>().ok().filter(|_| s.contains('/')) {
        // Day first, as ACLED writes it; month first only where day first is impossible
        // ("01/18/1997" from a spreadsheet set to US dates).
        Some(m) => date::days_from_ymd(y, m, day).or_else(|| date::days_from_ymd(y, day, m)),
        None => date::days_from_ymd(y, month_number(month)?, day),
    }
}

/// ACLED CSV exports.
pub(crate) fn read_acled(
    reader: &mut dyn BufRead,
    ctx: &mut ReadContext<'_>,
) -> Result<(), IngestError> {
    let dialect = Dialect {
        delimiter: b',',
        quoting: Quoting::Multiline,
        na_missing: false,
        prefix: "acled",
    };
    each_record(reader, dialect, ctx, |h, ctx| {
        let id = h.require(ctx, "event_id_cnty")?;
        let day = h.require(ctx, "event_date")?;
        let etype = h.require(ctx, "event_type")?;
        let sub = h.optional(&["sub_event_type"]);
        let actors = [
            (h.require(ctx, "actor1")?, h.optional(&["inter1"])),
            (h.require(ctx, "actor2")?, h.optional(&["inter2"])),
        ];
        let (country, iso, iso3, gwno) = (
            h.optional(&["country"]),
            h.optional(&["iso"]),
            h.optional(&["iso3"]),
            h.optional(&["gwno"]),
        );
        let (lat, lon, notes, source) = (
            h.optional(&["latitude"]),
            h.optional(&["longitude"]),
            h.optional(&["notes"]),
            h.optional(&["source"]),
        );
        let (fatalities, time_precision, geo_precision) = (
            h.optional(&["fatalities"]),
            h.optional(&["time_precision"]),
            h.optional(&["geo_precision", "geo_precis"]),
        );
        Ok(Box::new(move |r: &Row<'_>, s: &mut Scratch| {
            r.id_and_date(
                s,
                (id, "event_id_cnty"),
                (day, "event_date"),
                acled_date,
                "a date",
            )?;
            let (t, st) = (r.get(Some(etype)), r.get(sub));
            s.event = Some(acled_code(t, st).ok_or_else(|| {
                r.reject(
                    Some("event_type"),
                    RejectReason::UnknownCode,
                    format!("no CAMEO mapping for ACLED type {t:?}"),
                )
            })?);
            s.source_type[0].push_str(t);
            s.source_type[1].push_str(st);
            let event_country = countries::by_iso3(r.get(iso3))
                .or_else(|| countries::by_name(r.get(country)))
                .or_else(|| r.get(iso).parse().ok().and_then(countries::by_numeric))
                .or_else(|| r.get(gwno).parse().ok().and_then(countries::by_gw))
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
            s.fatalities = r.integer(fatalities, "fatalities")?;
            s.time_precision = r.integer(time_precision, "time_precision")?;
            s.geo_precision = r.integer(geo_precision, "geo_precision")?;
            s.evidence.push_str(r.get(notes));
            let src = r.get(source);
            if !src.is_empty() {
                s.evidence.push_str(&format!(" [source: {src}]"));
            }
            Ok(())
        }))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acled_mapping_is_complete_and_valid() {
        for (t, s, code) in ACLED_TO_CAMEO {
            assert!(
                cameo::event(code).is_some(),
                "{t}/{s} maps to unknown {code}"
            );
        }
        for (t, code) in ACLED_LEGACY_TO_CAMEO {
            assert!(cameo::event(code).is_some(), "{t} maps to unknown {code}");
        }
        assert_eq!(acled_code("Battles", "Something new").unwrap().code, "190");
        assert_eq!(
            acled_code("Explosions/Remote violence", "Air/drone strike")
                .unwrap()
                .code,
            "195"
        );
        assert_eq!(
            acled_code("Battle-No change of territory", "")
                .unwrap()
                .code,
            "190"
        );
        assert_eq!(
            acled_code("BATTLE-NON-STATE ACTOR OVERTAKES TERRITORY", "")
                .unwrap()
                .code,
            "192"
        );
        assert_eq!(acled_code("Riots/Protests", "").unwrap().code, "140");
        assert_eq!(
            acled_code("Violence against civilians", "").unwrap().code,
            "180"
        );
        assert!(acled_code("Weather", "").is_none());
    }

    #[test]
    fn acled_dates_in_every_published_form() {
        let iso = |s| date::parse_iso(s);
        assert_eq!(acled_date("2024-01-15"), iso("2024-01-15"));
        assert_eq!(acled_date("15 January 2024"), iso("2024-01-15"));
        assert_eq!(acled_date("9-May-20"), iso("2020-05-09"));
        assert_eq!(acled_date("09-May-2020"), iso("2020-05-09"));
        assert_eq!(acled_date("1-Jan-97"), iso("1997-01-01"));
        assert_eq!(acled_date("18/01/1997"), iso("1997-01-18"));
        assert_eq!(acled_date("01/18/1997"), iso("1997-01-18"));
        assert_eq!(acled_date("02/03/1997"), iso("1997-03-02"));
        assert_eq!(acled_date("31 February 2024"), None);
        assert_eq!(acled_date("9-Mayo-20"), None);
        assert_eq!(acled_date(""), None);
    }

    #[test]
    fn acled_actors() {
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

    #[test]
    fn layouts_from_headers() {
        let cur = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type";
        let mid = "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,event_type,iso3";
        let old = ",GWNO,EVENT_ID_CNTY,EVENT_DATE,EVENT_TYPE,ACTOR1,ALLY_ACTOR_1";
        assert_eq!(AcledLayout::from_header(cur), AcledLayout::Current);
        assert_eq!(AcledLayout::from_header(mid), AcledLayout::Iso3);
        assert_eq!(AcledLayout::from_header(old), AcledLayout::Legacy);
    }
}
