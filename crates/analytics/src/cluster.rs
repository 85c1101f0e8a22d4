//! Evidence clusters: the reports of one real-world event grouped together.
//!
//! Event datasets record one happening many times: GDELT codes a row per article (and
//! often several rows per article, with slightly different actor codes), and several
//! datasets may hold the same day. Alerts, evidence and briefs should cite the happening
//! once, with how many reports and sources stand behind it; counts and indices keep
//! counting rows, as the datasets do.
//!
//! Reports belong to one cluster when they share a **key** (the two actors' countries in
//! either order, or one for an event without a target; an actor without a country by its
//! CAMEO code; and the CAMEO root) and
//! their days are chained by gaps of at most [`GAP_DAYS`]: reports on the 3rd, 4th and
//! 5th form one cluster, a report on the 8th starts another. Chaining is done on daily
//! tallies, so the input is small however many rows the days hold.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

/// Largest gap, in days, between two reports of one cluster: the same day or adjacent
/// days.
pub const GAP_DAYS: i32 = 1;

/// What makes reports about the same happening: the ask they answer (a caller's
/// question, e.g. one alert), the two actors (each its country, or its CAMEO code when it
/// has none; the lesser first, or the one actor with `None`) and the CAMEO root ("19").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Key {
    pub ask: usize,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    pub root: Option<String>,
}

/// The reports of one key on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct DayTally {
    pub key: Key,
    /// Days since 1970-01-01.
    pub day: i32,
    /// Rows (reports).
    pub reports: u64,
    /// Articles the rows stand for, where the dataset says (GDELT's NumArticles).
    pub articles: u64,
    /// Distinct source addresses (URLs) of the day's rows.
    pub urls: BTreeSet<String>,
    /// Datasets the rows come from (gdelt2, icews, ...).
    pub datasets: BTreeSet<String>,
}

/// One cluster: a happening and the reports behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cluster {
    #[serde(flatten)]
    pub key: Key,
    /// First and last day of its reports.
    pub first: i32,
    pub last: i32,
    /// Rows (reports).
    pub reports: u64,
    /// Articles the rows stand for (0 when the dataset does not say).
    pub articles: u64,
    /// Distinct source addresses among the rows (0 when none has one).
    pub sources: u64,
    /// Datasets holding it.
    pub datasets: Vec<String>,
}

/// Chains daily tallies into clusters, in key order and then by first day.
pub fn chain(mut days: Vec<DayTally>) -> Vec<Cluster> {
    days.sort_by(|a, b| (&a.key, a.day).cmp(&(&b.key, b.day)));
    let mut out = Vec::new();
    let mut open: Option<(Cluster, BTreeSet<String>, BTreeSet<String>)> = None;
    for d in days {
        let extends = open
            .as_ref()
            .is_some_and(|(c, _, _)| c.key == d.key && d.day - c.last <= GAP_DAYS);
        if extends {
            let (c, urls, sets) = open.as_mut().expect("checked above");
            c.last = c.last.max(d.day);
            c.reports += d.reports;
            c.articles += d.articles;
            urls.extend(d.urls);
            sets.extend(d.datasets);
            continue;
        }
        if let Some(done) = open.take() {
            out.push(close(done));
        }
        open = Some((
            Cluster {
                key: d.key,
                first: d.day,
                last: d.day,
                reports: d.reports,
                articles: d.articles,
                sources: 0,
                datasets: Vec::new(),
            },
            d.urls,
            d.datasets,
        ));
    }
    if let Some(done) = open.take() {
        out.push(close(done));
    }
    out
}

fn close((mut c, urls, sets): (Cluster, BTreeSet<String>, BTreeSet<String>)) -> Cluster {
    c.sources = urls.len() as u64;
    c.datasets = sets.into_iter().collect();
    c
}

/// The clusters of each ask, most reported first (then most sources, then earliest).
pub fn by_ask(clusters: Vec<Cluster>) -> BTreeMap<usize, Vec<Cluster>> {
    let mut out: BTreeMap<usize, Vec<Cluster>> = BTreeMap::new();
    for c in clusters {
        out.entry(c.key.ask).or_default().push(c);
    }
    for v in out.values_mut() {
        v.sort_by(|a, b| {
            (b.reports, b.sources, a.first, &a.key).cmp(&(a.reports, a.sources, b.first, &b.key))
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(
        c1: &str,
        c2: Option<&str>,
        root: &str,
        day: i32,
        reports: u64,
        urls: &[&str],
    ) -> DayTally {
        DayTally {
            key: Key {
                ask: 0,
                actor1: Some(c1.into()),
                actor2: c2.map(String::from),
                root: Some(root.into()),
            },
            day,
            reports,
            articles: reports * 2,
            urls: urls.iter().map(|u| u.to_string()).collect(),
            datasets: ["gdelt2".to_string()].into(),
        }
    }

    #[test]
    fn adjacent_days_chain_and_a_gap_starts_a_new_cluster() {
        let days = vec![
            tally("PRK", None, "15", 10, 4, &["a", "b"]),
            tally("PRK", None, "15", 11, 3, &["b", "c"]),
            tally("PRK", None, "15", 12, 1, &[]),
            tally("PRK", None, "15", 14, 2, &["d"]),
            // Another root on the same days is another happening.
            tally("PRK", None, "19", 11, 5, &["e"]),
            // And so is a pair.
            tally("PRK", Some("RUS"), "15", 11, 1, &["f"]),
        ];
        let c = chain(days);
        assert_eq!(c.len(), 4);
        let first = &c[0];
        assert_eq!(
            (first.first, first.last, first.reports, first.articles),
            (10, 12, 8, 16)
        );
        assert_eq!(first.sources, 3, "urls counted once across days");
        assert_eq!((c[1].first, c[1].last, c[1].reports), (14, 14, 2));
        assert_eq!(c[2].key.root.as_deref(), Some("19"));
        assert_eq!(c[3].key.actor2.as_deref(), Some("RUS"));
        let ranked = by_ask(c);
        let order: Vec<u64> = ranked[&0].iter().map(|c| c.reports).collect();
        assert_eq!(order, [8, 5, 2, 1]);
    }

    #[test]
    fn input_order_does_not_matter() {
        let mut days = vec![
            tally("PRK", None, "15", 12, 1, &[]),
            tally("PRK", None, "15", 10, 4, &["a"]),
            tally("PRK", None, "15", 11, 3, &["b"]),
        ];
        let a = chain(days.clone());
        days.reverse();
        assert_eq!(a, chain(days));
        assert_eq!(a.len(), 1);
    }
}
