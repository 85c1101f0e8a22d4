//! ICEWS coded event files: the yearly `.tab`/`.tsv` files of the Dataverse release and
//! the weekly files, tab-separated with a header line; `NA` (as R's readr writes a missing
//! value) and empty are both missing, in any field.

use std::io::BufRead;

use vigil_model::{EventType, cameo, countries, date};

use super::{Dialect, Row, Scratch, actor_code, each_record};
use crate::error::RejectReason;
use crate::records::Quoting;
use crate::{IngestError, ReadContext};

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

/// An id that R wrote in scientific notation ("2.6e+07") as the whole number it stands
/// for ("26000000"); any other id is left as it is.
fn plain_integer(id: &mut String) {
    if !id.contains(['e', 'E']) {
        return;
    }
    if let Ok(v) = id.parse::<f64>()
        && v.fract() == 0.0
        && v.abs() < 1e15
    {
        *id = format!("{}", v as i64);
    }
}

/// ICEWS coded event files (tab-separated with a header line).
pub(crate) fn read_icews(
    reader: &mut dyn BufRead,
    ctx: &mut ReadContext<'_>,
) -> Result<(), IngestError> {
    let dialect = Dialect {
        delimiter: b'\t',
        quoting: Quoting::Line,
        na_missing: true,
        prefix: "icews",
    };
    each_record(reader, dialect, ctx, |h, ctx| {
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
            h.optional(&["country"]),
            h.optional(&["latitude"]),
            h.optional(&["longitude"]),
        );
        let (story, sentence) = (h.optional(&["story id"]), h.optional(&["sentence number"]));
        let text = h.optional(&["event text"]);
        Ok(Box::new(move |r: &Row<'_>, s: &mut Scratch| {
            r.id_and_date(
                s,
                (id, "Event ID"),
                (day, "Event Date"),
                date::parse_iso,
                "a YYYY-MM-DD date",
            )?;
            plain_integer(&mut s.id);
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
            s.source_type[0].push_str(r.get(text));
            if story.is_some() {
                s.evidence = format!("ICEWS story {} sentence {}", r.get(story), r.get(sentence));
            }
            Ok(())
        }))
    })
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
    fn ids_in_scientific_notation_become_integers() {
        let mut id = "2.6e+07".to_string();
        plain_integer(&mut id);
        assert_eq!(id, "26000000");
        let mut id = "926685".to_string();
        plain_integer(&mut id);
        assert_eq!(id, "926685");
        let mut id = "ev-1e3x".to_string();
        plain_integer(&mut id);
        assert_eq!(id, "ev-1e3x");
    }
}
