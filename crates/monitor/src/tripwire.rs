//! Tripwires: watchlist rules that alert on any event matching them ("this kind of thing
//! happened"), beside the monitors' rates against a baseline ("this is more than usual").
//!
//! A rule's matching rows are grouped into evidence clusters (the reports of one
//! real-world event: same countries, same CAMEO root, same or adjacent days; see
//! `vigil_analytics::cluster`), and each cluster raises **one** alert, however many rows,
//! articles or datasets report it. The alert's id names the rule, the cluster's countries
//! and root and its first day, so a later evaluation that finds more reports of the same
//! event updates the alert (a new revision) instead of raising another.

use std::collections::BTreeSet;

use vigil_model::date::format_iso;
use vigil_store::Store;

use crate::MonitorError;
use crate::alert::{Alert, Period};
use crate::config::{Config, Tripwire};
use crate::engine::{
    Ask, MonitorRun, Scope, cluster_asks, codes_sql, keyword_hit, keywords_sql, listed_sql,
    roles_sql, sql_list,
};

/// Days before a scope's first day also read, so that a cluster that began just before
/// the scope keeps its first day (and so its alert id) when only the later days are
/// evaluated (as `watch --follow` does with the months it touched).
const LOOK_BACK_DAYS: i32 = 7;

/// The SQL condition of a rule (every condition it gives), for events involving a watched
/// country. Every value in it was validated when the watchlist was read.
pub fn sql(t: &Tripwire, watched: &BTreeSet<String>) -> String {
    let mut all = vec![format!(
        "(actor1_country IN ({list}) OR actor2_country IN ({list}))",
        list = sql_list(watched)
    )];
    if !t.codes.is_empty() {
        all.push(codes_sql(&t.codes));
    }
    if !t.plover.is_empty() {
        let types: BTreeSet<String> = t.plover.iter().map(|p| p.to_ascii_uppercase()).collect();
        all.push(format!("upper(plover_type) IN ({})", sql_list(&types)));
    }
    if !t.keywords.is_empty() {
        all.push(keywords_sql(&t.keywords));
    }
    for (col, list) in [
        ("actor1_country", &t.actor1_countries),
        ("actor2_country", &t.actor2_countries),
    ] {
        if list.is_empty() {
            continue;
        }
        let mut countries = BTreeSet::new();
        for c in list {
            if c.eq_ignore_ascii_case("watched") {
                countries.extend(watched.iter().cloned());
            } else {
                countries.insert(c.to_ascii_uppercase());
            }
        }
        all.push(format!("{col} IN ({})", sql_list(&countries)));
    }
    all.extend(roles_sql(&t.actor1_roles, &t.actor2_roles));
    if t.listed {
        let mut any = Vec::new();
        if !t.listed_names.is_empty() {
            any.push(listed_sql(&t.listed_names));
        }
        if !t.listed_events.is_empty() {
            let ids: BTreeSet<String> = t
                .listed_events
                .keys()
                .map(|i| i.replace('\'', "''"))
                .collect();
            any.push(format!("event_id IN ({})", sql_list(&ids)));
        }
        all.push(if any.is_empty() {
            "FALSE".to_string()
        } else {
            format!("({})", any.join(" OR "))
        });
    }
    all.join(" AND ")
}

/// Why an evidence row matches the rule, in words.
fn why(
    t: &Tripwire,
    (event_id, code, text): (&str, &str, &str),
    names: (Option<&str>, Option<&str>),
) -> String {
    let mut parts = vec![format!("tripwire {}", t.name)];
    if let Some(c) = t.codes.iter().find(|c| code.starts_with(c.as_str())) {
        let name = vigil_model::cameo::event(c).map(|e| e.name).unwrap_or("");
        parts.push(format!("CAMEO {code} falls under {c} ({name})"));
    }
    if !t.plover.is_empty()
        && let Some(p) = vigil_model::plover::from_cameo(code)
    {
        parts.push(format!("PLOVER {}", p.event_type.name()));
    }
    if let Some(k) = keyword_hit(text, &t.keywords) {
        parts.push(format!("text mentions \"{k}\""));
    }
    if t.listed
        && let Some(e) = [names.0, names.1]
            .into_iter()
            .flatten()
            .find_map(|n| t.listed_names.get(&n.to_uppercase()))
    {
        parts.push(format!("a listed actor: {e}"));
    } else if t.listed
        && let Some(e) = t.listed_events.get(event_id)
    {
        parts.push(format!("the sentence names a listed entity: {e}"));
    }
    parts.join("; ")
}

/// One alert per real-world event when several rules match it: clusters with the same
/// countries and CAMEO root whose days overlap are one event; the most severe rule's alert
/// (the earlier rule on a tie) stands for it, and gains the others' questions and names.
/// Each alert comes with its cluster's CAMEO root.
fn one_per_event(mut alerts: Vec<(Alert, Option<String>)>) -> Vec<Alert> {
    // Alerts arrive in rule order; a stable sort by severity keeps rule order on ties.
    alerts.sort_by_key(|(a, _)| std::cmp::Reverse(a.severity));
    // Kept alerts by (countries, root): only those can be the same event, so each alert
    // is compared with a few, however many rules fired over a long history.
    let mut kept: Vec<Alert> = Vec::new();
    let mut by_key: std::collections::HashMap<(Vec<String>, Option<String>), Vec<usize>> =
        std::collections::HashMap::new();
    for (a, root) in alerts {
        let same_key = by_key.entry((a.countries.clone(), root)).or_default();
        let same = same_key.iter().copied().find(|&i| {
            kept[i].period.start <= a.period.end && a.period.start <= kept[i].period.end
        });
        match same.map(|i| &mut kept[i]) {
            Some(k) => {
                for q in std::iter::once(&a.monitor).chain(&a.also) {
                    if !k.answers(q) {
                        k.also.push(q.clone());
                    }
                }
                if let Some(rule) = &a.tripwire {
                    k.summary.pop();
                    k.summary.push_str(&format!("; also tripwire {rule}."));
                }
            }
            None => {
                same_key.push(kept.len());
                kept.push(a);
            }
        }
    }
    kept
}

/// Every enabled rule over the days in reach (`first..=last` are the first and last days
/// of data): one alert per evidence cluster touching `scope`, and one run for all rules.
pub(crate) async fn evaluate(
    store: &Store,
    cfg: &Config,
    watched: &BTreeSet<String>,
    (first, last): (i32, i32),
    scope: &Scope,
    replay: bool,
) -> Result<(Vec<Alert>, MonitorRun), MonitorError> {
    let rules: Vec<&Tripwire> = cfg.tripwires.iter().filter(|t| t.enabled).collect();
    let (from, to) = match scope {
        Scope::All => (first, last),
        Scope::Ranges(r) => (
            r.iter().map(|x| x.0).min().unwrap_or(first) - LOOK_BACK_DAYS,
            r.iter().map(|x| x.1).max().unwrap_or(last),
        ),
    };
    let (from, to) = (from.max(first), to.min(last));
    let asks: Vec<Ask> = if from <= to {
        rules
            .iter()
            .enumerate()
            .map(|(k, t)| Ask {
                alert: k,
                kind: "tripwire",
                cond: sql(t, watched),
                start: format_iso(from),
                end: format_iso(to),
            })
            .collect()
    } else {
        Vec::new()
    };
    let clusters = cluster_asks(store, &asks, &cfg.watch, usize::MAX, cfg.watch.evidence).await?;
    let mut alerts = Vec::new();
    let mut reports = 0;
    for (c, found) in clusters {
        reports += c.reports;
        if !scope.touches(c.first, c.last) {
            continue;
        }
        let t = rules[c.key.ask];
        // The key's actors are countries, or actor codes where a side has none.
        let countries: Vec<String> = [&c.key.actor1, &c.key.actor2]
            .into_iter()
            .flatten()
            .filter(|a| vigil_model::countries::by_iso3(a).is_some())
            .cloned()
            .collect();
        let who = if countries.is_empty() {
            "no country".to_string()
        } else {
            countries.join("-")
        };
        let root = c.key.root.clone().unwrap_or_else(|| "--".into());
        let root_name = vigil_model::cameo::event(&root)
            .map(|e| e.name.to_lowercase())
            .unwrap_or_else(|| "uncoded".into());
        let days = if c.first == c.last {
            format_iso(c.first)
        } else {
            format!("{} to {}", format_iso(c.first), format_iso(c.last))
        };
        let mut evidence = Vec::new();
        for f in found {
            let mut ev = f.ev;
            let text = format!(
                "{} {}",
                ev.sentence.as_deref().unwrap_or(""),
                ev.url.as_deref().unwrap_or("")
            );
            ev.why = why(
                t,
                (&ev.event_id, &ev.event_code, &text),
                (f.names.0.as_deref(), f.names.1.as_deref()),
            );
            evidence.push(ev);
        }
        let sources = match c.sources {
            0 => String::new(),
            1 => " from 1 source".into(),
            n => format!(" from {n} sources"),
        };
        let alert = Alert {
            id: format!("tripwire:{}:{who}:{root}:{}", t.name, format_iso(c.first)),
            monitor: t.questions[0].clone(),
            also: t.questions[1..].to_vec(),
            tripwire: Some(t.name.clone()),
            // A live run raises it when the first report arrives.
            raised: replay.then(|| format_iso(c.first)),
            countries,
            period: Period {
                start: format_iso(c.first),
                end: format_iso(c.last),
            },
            score: c.reports as f64,
            observed: c.reports as f64,
            baseline: 0.0,
            severity: t.severity,
            summary: format!(
                "{who}: {} ({root_name}), {}{sources}, {days} (tripwire {}).",
                t.description,
                if c.reports == 1 {
                    "1 report".to_string()
                } else {
                    format!("{} reports", c.reports)
                },
                t.name
            ),
            evidence,
            ..Default::default()
        };
        alerts.push((alert, c.key.root.clone()));
    }
    let alerts = one_per_event(alerts);
    let run = MonitorRun {
        monitor: "tripwires".into(),
        subjects: rules.len(),
        periods: 0,
        matched_events: reports,
        series: Vec::new(),
        period_starts: Vec::new(),
        alerts: alerts.len(),
    };
    Ok((alerts, run))
}
