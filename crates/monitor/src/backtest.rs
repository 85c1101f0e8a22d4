//! Backtests: which alerts flagged known, dated episodes, and how early.
//!
//! An episodes file is CSV with the header `date,countries,monitor,label` and optionally
//! `kind`: the day (YYYY-MM-DD), the countries concerned separated by `;` or spaces, the
//! monitor that should flag it, a short label, and what happened (one of [`KINDS`], or
//! empty), by which results are broken down.
//!
//! An alert **matches** an episode when it comes from the episode's monitor, concerns all
//! of the episode's countries (or, for an alert about a single country, that country is
//! one of the episode's: a sanctions alert on RUS flags a veto cast by RUS and CHN), and
//! its signal date (in a replay, the day a live run would have raised it; otherwise the
//! first day of its own evidence, or its period start) lies within `tolerance` days of the
//! episode. Each episode takes the
//! matching alert nearest in time (the earlier on a tie). The offset is signal date minus
//! episode date: negative means the alert came first, and the lead time is minus the
//! offset. Precision counts the alerts that match some episode among the alerts
//! *considered*: those of the episodes' monitors whose signal date lies within the
//! episodes' span widened by the tolerance. Recall counts the episodes matched.

use std::path::Path;

use serde::Serialize;
use vigil_model::date::{format_iso, parse_iso};

use crate::MonitorError;
use crate::alert::Alert;

/// One dated episode.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Episode {
    /// Day, YYYY-MM-DD.
    pub date: String,
    /// Countries concerned, upper case.
    pub countries: Vec<String>,
    /// The monitor that should flag it.
    pub monitor: String,
    /// Short label.
    pub label: String,
    /// What happened (test, summit, treaty, deployment, sanction, veto), when the file
    /// says: results are broken down by it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Line in its file.
    pub line: usize,
}

/// The kinds an episode may have.
pub const KINDS: [&str; 6] = ["test", "summit", "treaty", "deployment", "sanction", "veto"];

/// How one episode fared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EpisodeResult {
    /// The episode.
    #[serde(flatten)]
    pub episode: Episode,
    /// The alert that flagged it.
    pub alert: Option<String>,
    /// Signal date minus episode date, days (negative: the alert came first).
    pub offset_days: Option<i32>,
}

/// The figures of a backtest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    /// Matching window, days either side.
    pub tolerance_days: i32,
    /// Every episode with its alert, if any.
    pub episodes: Vec<EpisodeResult>,
    /// Alerts considered (see the module documentation).
    pub alerts_considered: usize,
    /// Considered alerts that match no episode: (id, summary).
    pub unmatched_alerts: Vec<(String, String)>,
    /// Matched alerts / considered alerts.
    pub precision: Option<f64>,
    /// Matched episodes / episodes.
    pub recall: Option<f64>,
    /// Median of −offset over matched episodes: positive means alerts came first.
    pub median_lead_days: Option<f64>,
    /// The same figures for naive rules over the same counts ([`naive_scores`]), so a
    /// reader sees whether the monitors add anything.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub naive: Vec<NaiveScore>,
    /// Per episode kind (episodes without one under "other"): episodes and those flagged.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub by_kind: std::collections::BTreeMap<String, KindScore>,
    /// True when the alerts were replayed ([`crate::engine::Mode::Replay`]): each signals
    /// on the day a live run would have raised it.
    pub replayed: bool,
}

/// Recall within one kind of episode.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindScore {
    pub episodes: usize,
    pub flagged: usize,
}

/// A naive alerting rule, scored like the monitors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NaiveScore {
    /// `rise` or `any`.
    pub rule: String,
    /// What it does.
    pub description: String,
    pub alerts_considered: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub median_lead_days: Option<f64>,
}

/// Whether a naive rule alerts, given a period's count and the previous period's.
type Fires = fn(u64, Option<u64>) -> bool;

/// The two naive rules over the event monitors' own counts (each subject's matching
/// events per period, as the monitors count them): `rise` alerts on every period whose
/// count exceeds the previous period's, `any` on every period with a matching event.
/// Their alerts have no evidence, so their signal is the period's first day (which favours
/// them on lead time). The alliances monitor, which watches indices, has no naive twin.
pub fn naive_scores(
    runs: &[crate::engine::MonitorRun],
    episodes: &[Episode],
    tolerance: i32,
) -> Vec<NaiveScore> {
    let rules: [(&str, &str, Fires); 2] = [
        (
            "rise",
            "alert whenever a period's count exceeds the previous period's",
            |now, before| now > before.unwrap_or(0),
        ),
        (
            "any",
            "alert on every period with any matching event",
            |now, _| now > 0,
        ),
    ];
    rules
        .iter()
        .map(|(rule, description, fires)| {
            let mut alerts = Vec::new();
            for run in runs.iter().filter(|r| r.monitor != "alliances") {
                for s in &run.series {
                    for (p, &n) in s.counts.iter().enumerate() {
                        let before = p.checked_sub(1).map(|q| s.counts[q]);
                        if !fires(n, before) {
                            continue;
                        }
                        let Some(start) = run.period_starts.get(p) else {
                            continue;
                        };
                        let end = run
                            .period_starts
                            .get(p + 1)
                            .and_then(|next| parse_iso(next))
                            .map(|d| format_iso(d - 1))
                            .unwrap_or_else(|| start.clone());
                        alerts.push(naive_alert(rule, &run.monitor, &s.subject, start, &end, n));
                    }
                }
            }
            let b = backtest(&alerts, episodes, tolerance);
            NaiveScore {
                rule: rule.to_string(),
                description: description.to_string(),
                alerts_considered: b.alerts_considered,
                precision: b.precision,
                recall: b.recall,
                median_lead_days: b.median_lead_days,
            }
        })
        .collect()
}

fn naive_alert(rule: &str, monitor: &str, subject: &str, start: &str, end: &str, n: u64) -> Alert {
    Alert {
        id: format!("{rule}:{monitor}:{subject}:{start}"),
        monitor: monitor.to_string(),
        countries: subject.split('-').map(str::to_string).collect(),
        period: crate::alert::Period {
            start: start.to_string(),
            end: end.to_string(),
        },
        score: n as f64,
        observed: n as f64,
        baseline: 0.0,
        severity: crate::alert::Severity::Low,
        summary: format!("{subject}: {n} events ({rule})"),
        evidence: Vec::new(),
        also: Vec::new(),
        tripwire: None,
        raised: None,
        first_seen: String::new(),
        updated: String::new(),
        revision: 0,
        seq: 0,
        pending: Vec::new(),
        delivered: Vec::new(),
    }
}

use crate::config::QUESTIONS as MONITORS;

/// Reads an episodes file.
pub fn read_episodes(path: &Path) -> Result<Vec<Episode>, MonitorError> {
    let text = std::fs::read_to_string(path).map_err(|source| MonitorError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_episodes(&text, &path.display().to_string())
}

/// Parses episodes CSV; `origin` names it in errors (which give line and field).
pub fn parse_episodes(text: &str, origin: &str) -> Result<Vec<Episode>, MonitorError> {
    let bad = |line: usize, field: &str, message: String| MonitorError::Input {
        origin: origin.to_string(),
        line,
        field: field.to_string(),
        message,
    };
    // Records end at `\n` only, so reported lines are the file's own with CRLF too; a
    // trailing `\r` is trimmed with the fields.
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(text.as_bytes());
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| bad(1, "header", e.to_string()))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let with_kind = header == ["date", "countries", "monitor", "label", "kind"];
    if !with_kind && header != ["date", "countries", "monitor", "label"] {
        return Err(bad(
            1,
            "header",
            format!(
                "expected date,countries,monitor,label (and optionally kind), found {}",
                header.join(",")
            ),
        ));
    }
    let fields = header.len();
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
            bad(line, "row", e.to_string())
        })?;
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        if rec.len() != fields {
            return Err(bad(
                line,
                "row",
                format!("{} fields, expected {fields}", rec.len()),
            ));
        }
        let kind = match rec.get(4).map(|k| k.trim().to_ascii_lowercase()) {
            Some(k) if k.is_empty() => None,
            Some(k) if KINDS.contains(&k.as_str()) => Some(k),
            Some(k) => {
                return Err(bad(
                    line,
                    "kind",
                    format!("{k:?} is not one of {}", KINDS.join(", ")),
                ));
            }
            None => None,
        };
        let date = rec[0].trim();
        let day = parse_iso(date)
            .ok_or_else(|| bad(line, "date", format!("{date:?} is not a date (YYYY-MM-DD)")))?;
        let countries: Vec<String> = rec[1]
            .split([';', ' '])
            .filter(|c| !c.is_empty())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if countries.is_empty() {
            return Err(bad(line, "countries", "no country given".into()));
        }
        for c in &countries {
            if vigil_model::countries::by_iso3(c).is_none() {
                return Err(bad(
                    line,
                    "countries",
                    format!("{c:?} is not an ISO 3166-1 alpha-3 code"),
                ));
            }
        }
        let monitor = rec[2].trim().to_ascii_lowercase();
        if !MONITORS.contains(&monitor.as_str()) {
            return Err(bad(
                line,
                "monitor",
                format!("{monitor:?} is not one of {}", MONITORS.join(", ")),
            ));
        }
        out.push(Episode {
            date: format_iso(day),
            countries,
            monitor,
            label: rec[3].trim().to_string(),
            kind,
            line,
        });
    }
    Ok(out)
}

fn day(s: &str) -> i32 {
    parse_iso(s).unwrap_or(0)
}

/// vigil's shipped episodes (North Korea and Russia, 2022–2024) and how to name them.
pub fn shipped_episodes() -> (Vec<Episode>, &'static str) {
    (
        parse_episodes(crate::SHIPPED_EPISODES, "shipped episodes")
            .expect("the shipped episodes are valid"),
        "vigil's shipped episodes (North Korea and Russia, 2022-2024)",
    )
}

/// The backtest question as one call: runs the watchlist's monitors over the whole store
/// and matches their alerts against the episodes.
pub async fn run(
    store: &vigil_store::Store,
    cfg: &crate::Config,
    episodes: &[Episode],
    tolerance: i32,
    mode: crate::engine::Mode,
) -> Result<Backtest, MonitorError> {
    if tolerance < 0 {
        return Err(MonitorError::Query(
            "the tolerance must be zero or more days".into(),
        ));
    }
    let eval = crate::engine::evaluate_as(store, cfg, &crate::Scope::All, mode).await?;
    Ok(Backtest {
        naive: naive_scores(&eval.runs, episodes, tolerance),
        replayed: mode == crate::engine::Mode::Replay,
        ..backtest(&eval.alerts, episodes, tolerance)
    })
}

/// Whether an alert flags an episode (see the module documentation).
pub fn matches(a: &Alert, e: &Episode, tolerance: i32) -> bool {
    a.answers(&e.monitor)
        && (e.countries.iter().all(|c| a.countries.contains(c))
            || (a.countries.len() == 1 && e.countries.contains(&a.countries[0])))
        && (day(&a.signal_date()) - day(&e.date)).abs() <= tolerance
}

/// Matches alerts against episodes.
pub fn backtest(alerts: &[Alert], episodes: &[Episode], tolerance: i32) -> Backtest {
    let matches = |a: &Alert, e: &Episode| matches(a, e, tolerance);
    let mut results = Vec::new();
    let mut matched_alerts = vec![false; alerts.len()];
    for e in episodes {
        let best = alerts
            .iter()
            .enumerate()
            .filter(|(_, a)| matches(a, e))
            .min_by_key(|(_, a)| {
                let off = day(&a.signal_date()) - day(&e.date);
                (off.abs(), off)
            });
        if let Some((i, a)) = best {
            matched_alerts[i] = true;
            results.push(EpisodeResult {
                episode: e.clone(),
                alert: Some(a.id.clone()),
                offset_days: Some(day(&a.signal_date()) - day(&e.date)),
            });
        } else {
            results.push(EpisodeResult {
                episode: e.clone(),
                alert: None,
                offset_days: None,
            });
        }
    }
    // Every alert that matches any episode counts as a true alert, not only the nearest.
    for (i, a) in alerts.iter().enumerate() {
        if episodes.iter().any(|e| matches(a, e)) {
            matched_alerts[i] = true;
        }
    }
    let lo = episodes.iter().map(|e| day(&e.date)).min().unwrap_or(0) - tolerance;
    let hi = episodes.iter().map(|e| day(&e.date)).max().unwrap_or(0) + tolerance;
    let considered: Vec<usize> = (0..alerts.len())
        .filter(|&i| {
            let a = &alerts[i];
            let d = day(&a.signal_date());
            episodes.iter().any(|e| a.answers(&e.monitor)) && d >= lo && d <= hi
        })
        .collect();
    let unmatched_alerts = considered
        .iter()
        .filter(|&&i| !matched_alerts[i])
        .map(|&i| (alerts[i].id.clone(), alerts[i].summary.clone()))
        .collect::<Vec<_>>();
    let hits = considered.iter().filter(|&&i| matched_alerts[i]).count();
    let mut leads: Vec<f64> = results
        .iter()
        .filter_map(|r| r.offset_days.map(|o| -o as f64))
        .collect();
    leads.sort_by(f64::total_cmp);
    let median = if leads.is_empty() {
        None
    } else if leads.len() % 2 == 1 {
        Some(leads[leads.len() / 2])
    } else {
        Some((leads[leads.len() / 2 - 1] + leads[leads.len() / 2]) / 2.0)
    };
    let found = results.iter().filter(|r| r.alert.is_some()).count();
    let mut by_kind: std::collections::BTreeMap<String, KindScore> = Default::default();
    if episodes.iter().any(|e| e.kind.is_some()) {
        for r in &results {
            let k = r.episode.kind.clone().unwrap_or_else(|| "other".into());
            let e = by_kind.entry(k).or_insert(KindScore {
                episodes: 0,
                flagged: 0,
            });
            e.episodes += 1;
            e.flagged += usize::from(r.alert.is_some());
        }
    }
    Backtest {
        by_kind,
        tolerance_days: tolerance,
        alerts_considered: considered.len(),
        unmatched_alerts,
        precision: (!considered.is_empty()).then(|| hits as f64 / considered.len() as f64),
        recall: (!episodes.is_empty()).then(|| found as f64 / episodes.len() as f64),
        median_lead_days: median,
        episodes: results,
        naive: Vec::new(),
        replayed: alerts.iter().any(|a| a.raised.is_some()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alert::{Evidence, Period, Severity};

    fn alert(id: &str, monitor: &str, countries: &[&str], start: &str, first: &str) -> Alert {
        Alert {
            id: id.into(),
            monitor: monitor.into(),
            countries: countries.iter().map(|c| c.to_string()).collect(),
            period: Period {
                start: start.into(),
                end: start.into(),
            },
            score: 4.0,
            observed: 3.0,
            baseline: 0.0,
            severity: Severity::Low,
            summary: id.into(),
            evidence: vec![Evidence {
                kind: "driver".into(),
                event_id: "e".into(),
                date: first.into(),
                source: "curated".into(),
                actor1: None,
                actor1_country: None,
                actor2: None,
                actor2_country: None,
                event_code: "150".into(),
                event_name: String::new(),
                quad_class: Some(4),
                num_mentions: None,
                url: None,
                sentence: None,
                why: String::new(),
                cluster: None,
            }],
            also: vec![],
            tripwire: None,
            raised: None,
            first_seen: String::new(),
            updated: String::new(),
            revision: 1,
            seq: 0,
            pending: vec![],
            delivered: vec![],
        }
    }

    #[test]
    fn matches_by_monitor_countries_and_time() {
        let eps = parse_episodes(
            "date,countries,monitor,label\n2024-06-19,PRK;RUS,collaboration,treaty\n2024-10-31,PRK,escalation,ICBM\n2023-01-01,JPN,escalation,nothing happened\n",
            "e.csv",
        )
        .unwrap();
        let alerts = vec![
            alert(
                "c",
                "collaboration",
                &["PRK", "RUS"],
                "2024-06-17",
                "2024-06-18",
            ),
            alert("x", "escalation", &["PRK"], "2024-10-28", "2024-10-31"),
            alert("y", "escalation", &["USA"], "2024-10-28", "2024-10-29"),
            alert("z", "sanctions", &["PRK"], "2024-10-28", "2024-10-29"),
        ];
        // A one-country alert matches an episode that names that country among others;
        // a pair alert needs both of the episode's countries.
        let veto = parse_episodes(
            "date,countries,monitor,label\n2022-05-26,RUS;CHN,sanctions,veto\n",
            "v.csv",
        )
        .unwrap();
        let one = alert("r", "sanctions", &["RUS"], "2022-05-23", "2022-05-26");
        let pair = alert(
            "p",
            "sanctions",
            &["RUS", "USA"],
            "2022-05-23",
            "2022-05-26",
        );
        assert_eq!(backtest(&[one], &veto, 7).recall, Some(1.0));
        assert_eq!(backtest(&[pair], &veto, 7).recall, Some(0.0));
        let b = backtest(&alerts, &eps, 7);
        assert_eq!(b.episodes[0].alert.as_deref(), Some("c"));
        assert_eq!(b.episodes[0].offset_days, Some(-1));
        assert_eq!(b.episodes[1].offset_days, Some(0));
        assert_eq!(b.episodes[2].alert, None);
        assert_eq!(b.recall, Some(2.0 / 3.0));
        // z's monitor has no episode: not considered. y matches nothing.
        assert_eq!(b.alerts_considered, 3);
        assert_eq!(b.unmatched_alerts.len(), 1);
        assert_eq!(b.precision, Some(2.0 / 3.0));
        assert_eq!(b.median_lead_days, Some(0.5));
    }

    #[test]
    fn bad_rows_name_line_and_field() {
        let e = parse_episodes(
            "date,countries,monitor,label\n2024-02-30,PRK,escalation,x\n",
            "e.csv",
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("e.csv") && e.contains("line 2") && e.contains("date"),
            "{e}"
        );
        let e = parse_episodes(
            "date,countries,monitor,label\n2024-02-03,PRK,war,x\n",
            "e.csv",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("monitor"), "{e}");
        let e = parse_episodes(
            "date,countries,monitor,label,kind\n2024-02-03,PRK,escalation,x,parade\n",
            "e.csv",
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("line 2") && e.contains("kind") && e.contains("parade"),
            "{e}"
        );
        let ok = parse_episodes(
            "date,countries,monitor,label,kind\n2024-02-03,PRK,escalation,x,Test\n2024-02-04,PRK,escalation,y,\n",
            "e.csv",
        )
        .unwrap();
        assert_eq!(ok[0].kind.as_deref(), Some("test"));
        assert_eq!(ok[1].kind, None);
        let b = backtest(&[], &ok, 7);
        assert_eq!(
            b.by_kind["test"],
            KindScore {
                episodes: 1,
                flagged: 0
            }
        );
        assert_eq!(b.by_kind["other"].episodes, 1);
        let e = parse_episodes("when,who\n", "e.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("header"), "{e}");
    }

    #[test]
    fn naive_rules_alert_on_rises_and_on_any_event_and_are_scored_like_monitors() {
        let run = crate::engine::MonitorRun {
            monitor: "escalation".into(),
            subjects: 1,
            periods: 4,
            matched_events: 9,
            series: vec![crate::engine::SubjectSeries {
                subject: "PRK".into(),
                counts: vec![0, 2, 2, 5],
            }],
            period_starts: vec![
                "2024-01-01".into(),
                "2024-02-01".into(),
                "2024-03-01".into(),
                "2024-04-01".into(),
            ],
            alerts: 0,
        };
        let episodes = parse_episodes(
            "date,countries,monitor,label\n2024-03-10,PRK,escalation,a test\n2024-04-03,PRK,escalation,another\n",
            "test",
        )
        .unwrap();
        let scores = naive_scores(&[run], &episodes, 14);
        let rise = scores.iter().find(|s| s.rule == "rise").unwrap();
        let any = scores.iter().find(|s| s.rule == "any").unwrap();
        // rise fires in February (0 -> 2) and April (2 -> 5): April's matches the second
        // episode (2 days before it); February's is outside the episodes' span.
        assert_eq!(rise.alerts_considered, 1);
        assert_eq!((rise.precision, rise.recall), (Some(1.0), Some(0.5)));
        assert_eq!(rise.median_lead_days, Some(2.0));
        // any fires in February, March and April: March's (9 days before the first) and
        // April's flag both episodes.
        assert_eq!(any.alerts_considered, 2);
        assert_eq!((any.precision, any.recall), (Some(1.0), Some(1.0)));
        assert_eq!(any.median_lead_days, Some(5.5));
    }
}
