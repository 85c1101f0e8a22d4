//! POLECAT, the weekly successor of ICEWS, coded in PLOVER (`ngecEvents.DV.*.txt`):
//! tab-separated with a header line (Event ID, Event Date, Event Type, Event Mode,
//! Intensity, Quad Code, Contexts, Actor Name, Actor Country, Actor COW, …, Recipient …,
//! Placename, …, Country, Latitude, Longitude, …, Source, Publication Date, …, Version).
//! Fields may be quoted (a quote opens a field only at its start; `""` inside is a quote).
//!
//! A row keeps its PLOVER type and mode in `plover_type`/`plover_mode` and in
//! `source_event_type`/`source_event_subtype`; its CAMEO code is the one vigil's table
//! gives that type and mode ([`vigil_model::plover::to_cameo`]), or null when there is none
//! (PLOVER modes such as "drone" or "weapons" have no CAMEO branch). Such rows are stored,
//! never set aside; their quad class is POLECAT's Quad Code (or the PLOVER type's class).
//! POLECAT's Intensity (its own −10…+10 scale) is stored as the Goldstein value.

use std::io::BufRead;

use vigil_model::{PloverType, QuadClass, cameo, countries, date, plover};

use super::{Dialect, Row, Scratch, actor_code, each_record};
use crate::error::RejectReason;
use crate::records::Quoting;
use crate::{IngestError, ReadContext};

/// The CAMEO role a POLECAT sector implies ("Government" → GOV).
fn sector_role(sector: &str) -> Option<&'static str> {
    let s = sector.to_lowercase();
    const RULES: &[(&str, &str)] = &[
        ("military", "MIL"),
        ("police", "COP"),
        ("rebel", "REB"),
        ("insurgent", "INS"),
        ("judic", "JUD"),
        ("legislat", "LEG"),
        ("part", "PTY"),
        ("opposition", "OPP"),
        ("intelligence", "SPY"),
        ("government", "GOV"),
        ("executive", "GOV"),
        ("media", "MED"),
        ("business", "BUS"),
        ("education", "EDU"),
        ("health", "HLH"),
        ("labor", "LAB"),
        ("refugee", "REF"),
        ("ngo", "NGO"),
        ("igo", "IGO"),
        ("criminal", "CRM"),
        ("civilian", "CVL"),
    ];
    RULES
        .iter()
        .find(|(needle, _)| s.contains(needle))
        .map(|(_, role)| *role)
}

/// POLECAT's Quad Code: 1–4, or the class's name ("Verbal Cooperation",
/// "MATERIAL_CONFLICT"), or a signed name ("Verb Coop").
fn quad_code(s: &str) -> Option<QuadClass> {
    if let Ok(n) = s.trim().parse::<f64>()
        && n.fract() == 0.0
    {
        return QuadClass::from_number(n as i64);
    }
    let k = s.to_lowercase().replace(['_', '-'], " ");
    let verbal = k.starts_with("verb");
    let material = k.starts_with("mat");
    let coop = k.contains("coop");
    let conflict = k.contains("conf");
    match (verbal, material, coop, conflict) {
        (true, false, true, false) => Some(QuadClass::VerbalCooperation),
        (false, true, true, false) => Some(QuadClass::MaterialCooperation),
        (true, false, false, true) => Some(QuadClass::VerbalConflict),
        (false, true, false, true) => Some(QuadClass::MaterialConflict),
        _ => None,
    }
}

/// POLECAT dates: "2023-01-05", "20230105", or with a time after the day.
fn polecat_date(s: &str) -> Option<i32> {
    let day = s.split([' ', 'T']).next().unwrap_or("");
    date::parse_iso(day).or_else(|| {
        (day.len() == 8 && day.bytes().all(|b| b.is_ascii_digit()))
            .then(|| date::parse_iso(&format!("{}-{}-{}", &day[..4], &day[4..6], &day[6..])))
            .flatten()
    })
}

/// A country as POLECAT names it: ISO alpha-3, a name, or else its COW number.
fn country(code_or_name: &str, cow: &str) -> Option<&'static str> {
    countries::by_iso3(code_or_name)
        .or_else(|| countries::by_name(code_or_name))
        .or_else(|| {
            cow.parse::<f64>()
                .ok()
                .and_then(|n| countries::by_cow(n as u16))
        })
        .map(|c| c.iso3)
}

/// POLECAT weekly files.
pub(crate) fn read_polecat(
    reader: &mut dyn BufRead,
    ctx: &mut ReadContext<'_>,
) -> Result<(), IngestError> {
    let dialect = Dialect {
        delimiter: b'\t',
        quoting: Quoting::Multiline,
        na_missing: false,
        prefix: "polecat",
    };
    each_record(reader, dialect, ctx, |h, ctx| {
        let id = h.require(ctx, "event id")?;
        let day = h.require(ctx, "event date")?;
        let etype = h.require(ctx, "event type")?;
        let mode = h.optional(&["event mode"]);
        let quad = h.optional(&["quad code"]);
        let intensity = h.optional(&["intensity"]);
        let side = |who: &str| {
            [
                h.optional(&[&format!("{who} name")]),
                h.optional(&[&format!("{who} country")]),
                h.optional(&[&format!("{who} cow")]),
                h.optional(&[&format!("primary {who} sector")]),
            ]
        };
        let actors = [side("actor"), side("recipient")];
        let (geo, lat, lon) = (
            h.optional(&["country"]),
            h.optional(&["latitude"]),
            h.optional(&["longitude"]),
        );
        let (source, published) = (h.optional(&["source"]), h.optional(&["publication date"]));
        Ok(Box::new(move |r: &Row<'_>, s: &mut Scratch| {
            r.id_and_date(
                s,
                (id, "Event ID"),
                (day, "Event Date"),
                polecat_date,
                "a date",
            )?;
            let (t, m) = (r.get(Some(etype)), r.get(mode));
            let ptype = PloverType::from_name(t);
            let q = r.get(quad);
            s.quad = quad_code(q).or(ptype.map(PloverType::quad_class));
            if s.quad.is_none() {
                return Err(r.reject(
                    Some("Event Type"),
                    RejectReason::UnknownCode,
                    format!("{t:?} is not a PLOVER event type and the Quad Code {q:?} is not 1–4"),
                ));
            }
            s.event = ptype
                .and_then(|p| plover::to_cameo(p, Some(m)))
                .and_then(cameo::event);
            s.plover = Some((
                ptype.map_or_else(|| t.to_uppercase(), |p| p.name().to_string()),
                m.to_lowercase(),
            ));
            s.source_type[0].push_str(t);
            s.source_type[1].push_str(m);
            s.goldstein = r.number(intensity, "Intensity")?;
            for (k, [name, ctry, cow, sector]) in actors.iter().enumerate() {
                let a = &mut s.a[k];
                a.name.push_str(r.get(*name));
                a.country = country(r.get(*ctry), r.get(*cow));
                a.role = sector_role(r.get(*sector));
                if a.country.is_some() || a.role.is_some() {
                    a.code = actor_code(a.country, a.role);
                }
            }
            s.geo_country = country(r.get(geo), "");
            s.lat = r.number(lat, "Latitude")?;
            s.lon = r.number(lon, "Longitude")?;
            let (src, when) = (r.get(source), r.get(published));
            if !src.is_empty() || !when.is_empty() {
                s.evidence = format!("[source: {src}, published {when}]");
            }
            Ok(())
        }))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quad_codes_as_numbers_and_names() {
        assert_eq!(quad_code("1"), Some(QuadClass::VerbalCooperation));
        assert_eq!(quad_code("4"), Some(QuadClass::MaterialConflict));
        assert_eq!(
            quad_code("Material Conflict"),
            Some(QuadClass::MaterialConflict)
        );
        assert_eq!(
            quad_code("VERBAL_COOPERATION"),
            Some(QuadClass::VerbalCooperation)
        );
        assert_eq!(quad_code("Verb Conf"), Some(QuadClass::VerbalConflict));
        assert_eq!(quad_code("5"), None);
        assert_eq!(quad_code(""), None);
    }

    #[test]
    fn dates_and_countries() {
        assert_eq!(polecat_date("2023-01-05"), date::parse_iso("2023-01-05"));
        assert_eq!(polecat_date("20230105"), date::parse_iso("2023-01-05"));
        assert_eq!(
            polecat_date("2023-01-05 00:00:00"),
            date::parse_iso("2023-01-05")
        );
        assert_eq!(country("PRK", ""), Some("PRK"));
        assert_eq!(country("", "365"), Some("RUS"));
        assert_eq!(country("North Korea", ""), Some("PRK"));
        assert_eq!(sector_role("Government"), Some("GOV"));
        assert_eq!(sector_role("Military"), Some("MIL"));
    }
}
