//! vigil's curated event CSV (the demo sample, analysts' own lists).

use std::io::BufRead;

use vigil_model::{cameo, countries, date};

use super::{Dialect, Row, Scratch, each_record};
use crate::error::RejectReason;
use crate::records::Quoting;
use crate::{IngestError, ReadContext};

/// vigil's curated event CSV: `id,date,actor1_code,actor1_name,actor2_code,actor2_name,event_code,num_sources,url,evidence`.
/// Countries and roles are read from the CAMEO actor codes ("PRKGOV").
pub(crate) fn read_curated(
    reader: &mut dyn BufRead,
    ctx: &mut ReadContext<'_>,
) -> Result<(), IngestError> {
    let dialect = Dialect {
        delimiter: b',',
        quoting: Quoting::Multiline,
        na_missing: false,
        prefix: "curated",
    };
    each_record(reader, dialect, ctx, |h, ctx| {
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
            h.optional(&["num_sources"]),
            h.require(ctx, "url")?,
            h.optional(&["evidence"]),
        );
        Ok(Box::new(move |r: &Row<'_>, s: &mut Scratch| {
            r.id_and_date(
                s,
                (id, "id"),
                (day, "date"),
                date::parse_iso,
                "a YYYY-MM-DD date",
            )?;
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
    })
}
