//! The weekly brief: what changed in a period, one section per standing question, for
//! people who will never open a terminal. [`build`] gathers it from the store, the alert
//! log, the watchlist and the sanctions lists (typed, serialisable); [`Brief::html`] and
//! [`Brief::markdown`] render it (every outside string escaped; charts are vigil-report's
//! SVG, inline in HTML and beside the Markdown). Every figure names the events behind it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;
use vigil_model::Iso3;
use vigil_model::date::{days_from_ymd, format_iso, parse_iso};
use vigil_store::Store;
use vigil_store::query::EventFilter;

use crate::relations::{BlocQuery, Comparison, DyadQuery, bloc_report, dyad_report};
use crate::{Alert, AlertLog, Config, MonitorError};

/// The standing questions, in order, with the monitor that watches each.
pub const QUESTIONS: [(&str, &str); 5] = [
    ("escalation", "Military escalation"),
    ("sanctions", "Sanctions and countermeasures"),
    (
        "collaboration",
        "Military collaboration and regional impact",
    ),
    ("proliferation", "Nuclear proliferation"),
    ("alliances", "Alliances"),
];

/// Sources whose events a program coded from text (the others, ACLED and curated
/// samples, were coded by people).
pub const MACHINE_CODED: [&str; 5] = ["gdelt1", "gdelt2", "icews", "polecat", "text"];

/// The longest period a brief covers (a year; its data-quality line looks eight periods
/// back).
pub const MAX_DAYS: i32 = 366;

/// Key dyads drawn at most.
const MAX_DYADS: usize = 4;

/// One standing question and the alerts of the period that answer it.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub monitor: String,
    pub question: String,
    /// Alerts whose period overlaps the brief's, highest severity first.
    pub alerts: Vec<Alert>,
}

/// A key dyad: its report over the twelve months ending with the period, and its chart.
#[derive(Debug, Clone, Serialize)]
pub struct KeyDyad {
    pub a: String,
    pub b: String,
    pub from: String,
    pub to: String,
    /// Events between them in the period.
    pub events_in_period: u64,
    #[serde(skip)]
    pub chart: String,
}

/// A listed entity the period's events name.
#[derive(Debug, Clone, Serialize)]
pub struct ListedNamed {
    pub entity_id: String,
    pub caption: String,
    /// Events of the period that name it.
    pub events: u64,
    /// When its list says it was listed.
    pub listed_on: Option<String>,
    /// Listed within the period.
    pub newly_listed: bool,
}

/// How far the period's data can be trusted.
#[derive(Debug, Clone, Serialize)]
pub struct Quality {
    /// Events stored for the period.
    pub events: u64,
    /// Mean events of the eight periods of the same length before it.
    pub baseline: f64,
    /// The source with most of the period's events, and its share.
    pub top_source: Option<(String, f64)>,
    /// Share of the period's events coded by a program rather than by people.
    pub machine_coded: f64,
    /// Events per source.
    pub by_source: BTreeMap<String, u64>,
    /// Events whose source records hedging (those vigil's coder found in text).
    pub hedging_known: u64,
    /// Of those, the share that were hedged (allegations, reports, "may").
    pub hedged: Option<f64>,
}

/// The brief.
#[derive(Debug, Clone, Serialize)]
pub struct Brief {
    pub from: String,
    pub to: String,
    pub watchlist: String,
    /// The store's catalog revision the brief was made from.
    pub catalog: String,
    pub sections: Vec<Section>,
    pub dyads: Vec<KeyDyad>,
    /// The blocs of the 90 days ending with the period against the 90 days before.
    pub blocs: Option<Comparison>,
    pub blocs_window: (String, String),
    pub blocs_before: (String, String),
    /// Listed entities (loaded sanctions lists) that the period's events name, newly
    /// listed ones first. `None` when no lists are loaded.
    pub listed_in_events: Option<Vec<ListedNamed>>,
    pub quality: Quality,
}

/// The days of ISO week `2024-W25` (Monday to Sunday).
pub fn iso_week(s: &str) -> Option<(i32, i32)> {
    let (y, w) = s.split_once("-W")?;
    let (year, week): (i32, u32) = (y.parse().ok()?, w.parse().ok()?);
    let jan4 = days_from_ymd(year, 1, 4)?;
    let monday1 = jan4 - (jan4 + 3).rem_euclid(7);
    let weeks_in_year = {
        let dec28 = days_from_ymd(year, 12, 28)?;
        let monday_last = dec28 - (dec28 + 3).rem_euclid(7);
        (monday_last - monday1) / 7 + 1
    };
    if week == 0 || week as i32 > weeks_in_year {
        return None;
    }
    let start = monday1 + (week as i32 - 1) * 7;
    Some((start, start + 6))
}

fn overlaps(a: &Alert, from: i32, to: i32) -> bool {
    match (parse_iso(&a.period.start), parse_iso(&a.period.end)) {
        (Some(s), Some(e)) => s <= to && from <= e,
        _ => false,
    }
}

fn err(e: impl std::fmt::Display) -> MonitorError {
    MonitorError::Query(e.to_string())
}

/// The default period: the seven days ending with the newest stored event.
pub async fn default_period(store: &Store) -> Result<Option<(i32, i32)>, MonitorError> {
    let newest = store
        .events(
            &EventFilter {
                limit: Some(1),
                ..Default::default()
            },
            None,
        )
        .await
        .map_err(err)?;
    let day = newest
        .batches
        .first()
        .and_then(|b| {
            vigil_store::query::strings(b, "date")
                .into_iter()
                .flatten()
                .next()
        })
        .and_then(|d| parse_iso(&d));
    Ok(day.map(|d| (d - 6, d)))
}

/// Gathers the brief for days `from..=to` under the watchlist `watchlist` (the one in
/// force for the data directory when `None`).
pub async fn build(
    store: &Store,
    data_dir: &Path,
    watchlist: Option<&Path>,
    from: i32,
    to: i32,
) -> Result<Brief, MonitorError> {
    if from > to {
        return Err(MonitorError::Range(
            "the period starts after it ends".into(),
        ));
    }
    if to - from + 1 > MAX_DAYS {
        return Err(MonitorError::Range(format!(
            "a brief covers at most {MAX_DAYS} days; {} to {} is {} days",
            format_iso(from),
            format_iso(to),
            to - from + 1
        )));
    }
    let (cfg, watchlist) = Config::in_force(data_dir, watchlist)?;
    let log = AlertLog::read(data_dir)?;
    let mut sections = Vec::new();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (monitor, question) in QUESTIONS {
        let mut alerts: Vec<Alert> = log
            .list(None, Some(monitor))
            .into_iter()
            .filter(|a| overlaps(a, from, to))
            .cloned()
            .collect();
        // Highest severity first, then highest score.
        alerts.sort_by(|x, y| {
            y.severity
                .cmp(&x.severity)
                .then(y.score.total_cmp(&x.score))
        });
        for a in &alerts {
            if let [x, y] = a.countries.as_slice() {
                let p = if x <= y {
                    (x.clone(), y.clone())
                } else {
                    (y.clone(), x.clone())
                };
                if !pairs.contains(&p) {
                    pairs.push(p);
                }
            }
        }
        sections.push(Section {
            monitor: monitor.to_string(),
            question: question.to_string(),
            alerts,
        });
    }
    for p in cfg.dyads() {
        let p = if p.0 <= p.1 { p } else { (p.1, p.0) };
        if !pairs.contains(&p) {
            pairs.push(p);
        }
    }
    // Key dyads: those the period's alerts name, then the watchlist's, while they have
    // events in the period.
    let year_before = to - 364;
    let mut dyads = Vec::new();
    for (a, b) in pairs {
        if dyads.len() == MAX_DYADS {
            break;
        }
        let (Ok(ia), Ok(ib)) = (a.parse::<Iso3>(), b.parse::<Iso3>()) else {
            continue;
        };
        let in_period: u64 = store
            .dyad_days(&a, &b, from, to, &[])
            .await
            .map_err(err)?
            .iter()
            .map(|d| d.ab.iter().chain(d.ba.iter()).sum::<u64>())
            .sum();
        if in_period == 0 {
            continue;
        }
        let q = DyadQuery {
            from: Some(year_before),
            to: Some(to),
            ..DyadQuery::new(ia, ib)
        };
        if let Some(r) = dyad_report(store, &q).await? {
            dyads.push(KeyDyad {
                a,
                b,
                from: r.from.clone(),
                to: r.to.clone(),
                events_in_period: in_period,
                chart: r.chart(),
            });
        }
    }
    let window = (to - 89, to);
    let before = (to - 179, to - 90);
    let blocs = bloc_report(
        store,
        &BlocQuery {
            window: (Some(window.0), Some(window.1)),
            compare: Some((Some(before.0), Some(before.1))),
            min_events: 1,
            sources: Vec::new(),
        },
    )
    .await?
    .compare;
    let quality = quality(store, from, to).await?;
    let listed_in_events = listed(store, data_dir, from, to).await?;
    Ok(Brief {
        from: format_iso(from),
        to: format_iso(to),
        watchlist,
        catalog: store.catalog().revision(),
        sections,
        dyads,
        blocs,
        blocs_window: (format_iso(window.0), format_iso(window.1)),
        blocs_before: (format_iso(before.0), format_iso(before.1)),
        listed_in_events,
        quality,
    })
}

async fn quality(store: &Store, from: i32, to: i32) -> Result<Quality, MonitorError> {
    let len = to - from + 1;
    let by_source = store.counts_by_source(from, to).await.map_err(err)?;
    let events: u64 = by_source.values().sum();
    // The eight periods before lie end to end: one count covers them.
    let before: u64 = store
        .counts_by_source(from - 8 * len, from - 1)
        .await
        .map_err(err)?
        .values()
        .sum();
    let share = |n: u64| {
        if events == 0 {
            0.0
        } else {
            n as f64 / events as f64
        }
    };
    let top_source = by_source
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(s, n)| (s.clone(), share(*n)));
    let machine: u64 = by_source
        .iter()
        .filter(|(s, _)| MACHINE_CODED.contains(&s.as_str()))
        .map(|(_, n)| n)
        .sum();
    let (known, hedged) = store.hedging(from, to).await.map_err(err)?;
    Ok(Quality {
        events,
        baseline: before as f64 / 8.0,
        top_source,
        machine_coded: share(machine),
        by_source,
        hedging_known: known,
        hedged: (known > 0).then(|| hedged as f64 / known as f64),
    })
}

/// Listed entities the period's events name (at most the period's 20,000 newest events are
/// read), or `None` without lists.
async fn listed(
    store: &Store,
    data_dir: &Path,
    from: i32,
    to: i32,
) -> Result<Option<Vec<ListedNamed>>, MonitorError> {
    let Ok(ix) = vigil_sanctions::lists::open_index(data_dir) else {
        return Ok(None);
    };
    let filter = EventFilter {
        from: Some(format_iso(from)),
        to: Some(format_iso(to)),
        limit: Some(20_000),
        ..Default::default()
    };
    let page = store.events(&filter, None).await.map_err(err)?;
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for b in &page.batches {
        let s = |name: &str| vigil_store::query::strings(b, name);
        let (a1, a2, sentence) = (s("actor1_name"), s("actor2_name"), s("evidence"));
        for row in 0..b.num_rows() {
            let names: Vec<&str> = [&a1[row], &a2[row]]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect();
            let ids: BTreeSet<String> = ix
                .listed_in_event(&names, sentence[row].as_deref())
                .into_iter()
                .map(|m| m.entity_id)
                .collect();
            for id in ids {
                *counts.entry(id).or_default() += 1;
            }
        }
    }
    let (first, last) = (format_iso(from), format_iso(to));
    let mut out: Vec<ListedNamed> = counts
        .into_iter()
        .filter_map(|(id, events)| {
            let e = ix.get(&id)?;
            let newly_listed = e
                .listed_on
                .as_deref()
                .is_some_and(|d| d >= first.as_str() && d <= last.as_str());
            Some(ListedNamed {
                entity_id: id,
                caption: e.caption.clone(),
                events,
                listed_on: e.listed_on.clone(),
                newly_listed,
            })
        })
        .collect();
    out.sort_by(|x, y| {
        y.newly_listed
            .cmp(&x.newly_listed)
            .then(y.events.cmp(&x.events))
            .then(x.caption.cmp(&y.caption))
    });
    Ok(Some(out))
}

/// HTML text, escaped.
fn h(s: &str) -> String {
    vigil_report::svg::escape(s)
}

/// A link when the URL is http(s), else the text alone.
fn h_link(text: &str, url: Option<&str>) -> String {
    match url {
        Some(u) if u.starts_with("https://") || u.starts_with("http://") => {
            format!(
                "<a href=\"{}\" rel=\"noopener noreferrer nofollow\">{}</a>",
                h(u),
                h(text)
            )
        }
        _ => h(text),
    }
}

/// Markdown text: characters that would start markup are escaped, line breaks folded.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

impl ListedNamed {
    /// "caption (id): 3 events; listed 2024-06-18, in this period".
    fn describe(&self) -> String {
        let listed = match (&self.listed_on, self.newly_listed) {
            (Some(d), true) => format!("; newly listed, on {d}"),
            (Some(d), false) => format!("; listed since {d}"),
            (None, _) => "; its list gives no listing date".into(),
        };
        format!(
            "{} ({}): {} events{listed}",
            self.caption, self.entity_id, self.events
        )
    }
}

impl Brief {
    fn title(&self) -> String {
        format!("vigil brief, {} to {}", self.from, self.to)
    }

    fn quality_line(&self) -> String {
        let q = &self.quality;
        let volume = if q.baseline > 0.0 {
            format!(
                "{} events, {:.0}% of the mean of the eight periods before ({:.0})",
                q.events,
                q.events as f64 / q.baseline * 100.0,
                q.baseline
            )
        } else {
            format!(
                "{} events (no events in the eight periods before)",
                q.events
            )
        };
        let top = q
            .top_source
            .as_ref()
            .map(|(s, share)| format!("; {} from {s}", pct(*share)))
            .unwrap_or_default();
        let hedging = match q.hedged {
            Some(share) => format!(
                "{} of the {} events coded from text by vigil were hedged (allegations, reports, \"may\")",
                pct(share),
                q.hedging_known
            ),
            None => "no event of the period records hedging (only those vigil codes from text do)"
                .into(),
        };
        format!(
            "{volume}{top}; {} coded by a program (GDELT, ICEWS, POLECAT, vigil's coder), the rest by people; {hedging}.",
            pct(q.machine_coded)
        )
    }

    /// A self-contained HTML page: inline CSS and SVG, nothing fetched.
    pub fn html(&self) -> String {
        let mut o = String::new();
        let _ = write!(
            o,
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title>\
             <style>body{{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:0 auto;padding:16px;color:#1d2329}}h1{{font-size:22px}}h2{{font-size:18px;margin-top:28px;border-bottom:1px solid #d8dde3}}\
             .sev{{display:inline-block;padding:0 7px;border-radius:9px;font-size:12px;font-weight:600}}.high{{background:#b42318;color:#fff}}.medium{{background:#dc6803;color:#fff}}.low{{background:#d0d5dd}}\
             table{{border-collapse:collapse;width:100%;font-size:14px}}td,th{{text-align:left;padding:3px 6px;border-bottom:1px solid #eef1f4;vertical-align:top}}svg{{max-width:100%;height:auto}}.muted{{color:#5b6670}}</style></head><body>",
            h(&self.title())
        );
        let _ = write!(
            o,
            "<h1>{}</h1><p class=\"muted\">All dates UTC. Watchlist: {}. Store catalog {}.</p><p><strong>Data quality:</strong> {}</p>",
            h(&self.title()),
            h(&self.watchlist),
            h(&self.catalog),
            h(&self.quality_line())
        );
        for s in &self.sections {
            let _ = write!(o, "<h2>{}</h2>", h(&s.question));
            if s.alerts.is_empty() {
                let _ = write!(
                    o,
                    "<p class=\"muted\">No {} alert in the period.</p>",
                    h(&s.monitor)
                );
            }
            for a in &s.alerts {
                let sev = a.severity.name();
                let _ = write!(
                    o,
                    "<p><span class=\"sev {sev}\">{sev}</span> {}</p>",
                    h(&a.summary)
                );
                if !a.evidence.is_empty() {
                    o.push_str("<table><tr><th>date</th><th>event</th><th>why it counts</th><th>evidence</th></tr>");
                    for e in a.evidence.iter().take(5) {
                        let _ = write!(
                            o,
                            "<tr><td>{}</td><td>{} {} {} {}</td><td>{}</td><td>{}</td></tr>",
                            h(&e.date),
                            h(e.actor1.as_deref().unwrap_or("---")),
                            h(&e.event_code),
                            h(&e.event_name),
                            h(e.actor2.as_deref().unwrap_or("---")),
                            h(&e.why),
                            h_link(
                                e.sentence.as_deref().unwrap_or("(no sentence)"),
                                e.url.as_deref()
                            )
                        );
                    }
                    o.push_str("</table>");
                }
            }
            if s.monitor == "alliances" {
                o.push_str(&self.blocs_html());
            }
            if s.monitor == "sanctions" {
                o.push_str(&self.listed_html());
            }
        }
        o.push_str("<h2>Key dyads</h2>");
        if self.dyads.is_empty() {
            o.push_str("<p class=\"muted\">No watched dyad has events in the period.</p>");
        }
        for d in &self.dyads {
            let _ = write!(
                o,
                "<p>{}–{}: {} events in the period; indices from {} to {}.</p>{}",
                h(&d.a),
                h(&d.b),
                d.events_in_period,
                h(&d.from),
                h(&d.to),
                d.chart
            );
        }
        o.push_str("</body></html>\n");
        o
    }

    fn blocs_html(&self) -> String {
        let mut o = String::new();
        let Some(c) = &self.blocs else {
            return o;
        };
        let _ = write!(
            o,
            "<p>Blocs of {} to {} against {} to {}: ",
            h(&self.blocs_window.0),
            h(&self.blocs_window.1),
            h(&self.blocs_before.0),
            h(&self.blocs_before.1)
        );
        if c.moved.is_empty() {
            o.push_str("no country changed bloc.");
        } else {
            let moved: Vec<String> = c
                .moved
                .iter()
                .map(|m| {
                    format!(
                        "{} (bloc {} to bloc {})",
                        h(&m.country),
                        m.from_bloc + 1,
                        m.to_bloc + 1
                    )
                })
                .collect();
            let _ = write!(o, "moved: {}.", moved.join("; "));
        }
        let ties = |label: &str, list: &[crate::relations::TieChange]| {
            if list.is_empty() {
                return String::new();
            }
            let t: Vec<String> = list
                .iter()
                .take(5)
                .map(|t| format!("{}–{} ({:+.0})", h(&t.a), h(&t.b), t.change))
                .collect();
            format!(" {label}: {}.", t.join(", "))
        };
        o.push_str(&ties("Ties strengthened", &c.strengthened));
        o.push_str(&ties("Ties weakened", &c.weakened));
        o.push_str("</p>");
        o
    }

    fn listed_html(&self) -> String {
        match &self.listed_in_events {
            None => "<p class=\"muted\">No sanctions lists are loaded, so listed names in events are not checked.</p>".into(),
            Some(l) if l.is_empty() => "<p>No listed entity is named by the period's events.</p>".into(),
            Some(l) => {
                let items: Vec<String> = l.iter().map(|n| format!("<li>{}</li>", h(&n.describe()))).collect();
                format!("<p>Listed entities the period's events name:</p><ul>{}</ul>", items.join(""))
            }
        }
    }

    /// Markdown; chart `i` is referenced as `{stem}-dyad-{A}-{B}.svg`, which the caller
    /// writes beside it ([`Brief::charts`]).
    pub fn markdown(&self, stem: &str) -> String {
        let mut o = String::new();
        let _ = writeln!(o, "# {}\n", md(&self.title()));
        let _ = writeln!(
            o,
            "All dates UTC. Watchlist: {}. Store catalog {}.\n\n**Data quality:** {}\n",
            md(&self.watchlist),
            md(&self.catalog),
            md(&self.quality_line())
        );
        for s in &self.sections {
            let _ = writeln!(o, "## {}\n", md(&s.question));
            if s.alerts.is_empty() {
                let _ = writeln!(o, "No {} alert in the period.\n", md(&s.monitor));
            }
            for a in &s.alerts {
                let _ = writeln!(o, "- **{}** {}", a.severity.name(), md(&a.summary));
                for e in a.evidence.iter().take(5) {
                    let _ = writeln!(
                        o,
                        "  - {} {} {} {} {}: {} ({})",
                        md(&e.date),
                        md(e.actor1.as_deref().unwrap_or("---")),
                        md(&e.event_code),
                        md(&e.event_name),
                        md(e.actor2.as_deref().unwrap_or("---")),
                        md(e.sentence.as_deref().unwrap_or("(no sentence)")),
                        md(&e.why)
                    );
                }
            }
            o.push('\n');
            if s.monitor == "alliances"
                && let Some(c) = &self.blocs
            {
                let _ = writeln!(
                    o,
                    "Blocs of {} to {} against {} to {}: {}\n",
                    self.blocs_window.0,
                    self.blocs_window.1,
                    self.blocs_before.0,
                    self.blocs_before.1,
                    if c.moved.is_empty() {
                        "no country changed bloc.".to_string()
                    } else {
                        let m: Vec<String> = c.moved.iter().map(|m| md(&m.country)).collect();
                        format!("moved: {}.", m.join(", "))
                    }
                );
            }
            if s.monitor == "sanctions"
                && let Some(l) = &self.listed_in_events
            {
                for n in l {
                    let _ = writeln!(o, "- named in events: {}", md(&n.describe()));
                }
                o.push('\n');
            }
        }
        let _ = writeln!(o, "## Key dyads\n");
        for d in &self.dyads {
            let _ = writeln!(
                o,
                "{}–{}: {} events in the period.\n\n![{}–{} indices]({stem}-dyad-{}-{}.svg)\n",
                d.a, d.b, d.events_in_period, d.a, d.b, d.a, d.b
            );
        }
        o
    }

    /// The charts as (file name, SVG) for the Markdown brief written as `{stem}.md`.
    pub fn charts(&self, stem: &str) -> Vec<(String, String)> {
        self.dyads
            .iter()
            .map(|d| (format!("{stem}-dyad-{}-{}.svg", d.a, d.b), d.chart.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_weeks_start_on_monday() {
        let (s, e) = iso_week("2024-W25").unwrap();
        assert_eq!(
            (format_iso(s).as_str(), format_iso(e).as_str()),
            ("2024-06-17", "2024-06-23")
        );
        assert_eq!(format_iso(iso_week("2021-W01").unwrap().0), "2021-01-04");
        assert_eq!(format_iso(iso_week("2020-W53").unwrap().0), "2020-12-28");
        assert!(iso_week("2021-W53").is_none());
        assert!(iso_week("2024-W00").is_none());
        assert!(iso_week("2024-25").is_none());
    }

    #[test]
    fn markdown_and_html_escape_what_they_show() {
        assert_eq!(
            md("*a* [x](javascript:1) <b>"),
            "\\*a\\* \\[x\\](javascript:1) \\<b\\>"
        );
        assert_eq!(h_link("t", Some("javascript:alert(1)")), "t");
        assert!(h_link("<t>", Some("https://e.org/?a=<b>")).contains("&lt;t&gt;"));
    }
}
