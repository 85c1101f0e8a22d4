//! Evidence clusters over the store: the rows answering a question, grouped into the
//! real-world events they report ([`vigil_analytics::cluster`] defines the grouping), each
//! with its most reported rows.
//!
//! The store's part is one aggregate query per batch of asks (rows per ask, pair of
//! countries, CAMEO root, day, URL and dataset, streamed), then, for the clusters a caller
//! keeps, one [`Store::most_reported`] call naming each cluster's key and days.

use std::collections::HashMap;

use vigil_analytics::cluster::{self, Cluster, DayTally, Key};

use crate::query::{ASKS_AT_ONCE, Reported, TopAsk, integers, sql_day, strings};
use crate::{Store, StoreError};

/// A cluster and its most reported rows (most mentions first).
#[derive(Debug, Clone)]
pub struct ClusterEvidence {
    pub cluster: Cluster,
    pub events: Vec<Reported>,
}

/// An actor as clusters know it: its country, or its CAMEO code when it has none (a
/// "MED" or "MIL" actor of no country), so rows without countries are not all one event.
const ACTOR1: &str = "coalesce(actor1_country, actor1_code)";
const ACTOR2: &str = "coalesce(actor2_country, actor2_code)";

/// The two actors in a fixed order (the lesser first; one actor with NULL for an event
/// without a second actor), so both directions of a pair are one key.
fn pair_sql() -> (String, String) {
    let first = format!("{ACTOR2} IS NULL OR ({ACTOR1} IS NOT NULL AND {ACTOR1} <= {ACTOR2})");
    (
        format!("CASE WHEN {first} THEN {ACTOR1} ELSE {ACTOR2} END"),
        format!("CASE WHEN {first} THEN {ACTOR2} ELSE {ACTOR1} END"),
    )
}

impl Store {
    /// The clusters of the rows each ask selects, in key order (see
    /// [`cluster::by_ask`] to rank them).
    pub async fn clusters(&self, asks: &[TopAsk]) -> Result<Vec<Cluster>, StoreError> {
        let Some(ctx) = self.session_for(asks)? else {
            return Ok(Vec::new());
        };
        let (pair1, pair2) = pair_sql();
        let mut tallies: HashMap<(Key, i32), DayTally> = HashMap::new();
        // One query per ask, a few at a time (see `Store::most_reported`: unions of many
        // branches are not reliable on a Ballista cluster).
        for (chunk_no, chunk) in asks.chunks(ASKS_AT_ONCE).enumerate() {
            let queries = chunk.iter().enumerate().map(|(j, a)| {
                let sql = format!(
                    "SELECT CAST({ask} AS BIGINT) AS ask, CAST(date AS VARCHAR) AS day, {pair1} AS c1, {pair2} AS c2, \
                     substr(event_code, 1, 2) AS root, url, source, \
                     CAST(count(*) AS BIGINT) AS reports, CAST(sum(coalesce(num_articles, 0)) AS BIGINT) AS articles \
                     FROM events WHERE ({cond}) AND date BETWEEN DATE '{from}' AND DATE '{to}' \
                     GROUP BY 1, 2, 3, 4, 5, 6, 7",
                    ask = chunk_no * ASKS_AT_ONCE + j,
                    cond = a.cond,
                    from = sql_day(a.first),
                    to = sql_day(a.last),
                );
                let ctx = &ctx;
                async move { Ok::<_, StoreError>(ctx.sql(&sql).await?.collect().await?) }
            });
            let batches = futures_util::future::try_join_all(queries).await?;
            for batch in batches.into_iter().flatten() {
                let (ask, day, c1, c2, root) = (
                    integers(&batch, "ask"),
                    strings(&batch, "day"),
                    strings(&batch, "c1"),
                    strings(&batch, "c2"),
                    strings(&batch, "root"),
                );
                let (url, source) = (strings(&batch, "url"), strings(&batch, "source"));
                let (reports, articles) =
                    (integers(&batch, "reports"), integers(&batch, "articles"));
                for i in 0..batch.num_rows() {
                    let Some(d) = day[i].as_deref().and_then(vigil_model::date::parse_iso) else {
                        continue; // the query keeps only dated rows
                    };
                    let key = Key {
                        ask: ask[i].unwrap_or(0) as usize,
                        actor1: c1[i].clone(),
                        actor2: c2[i].clone(),
                        root: root[i].clone(),
                    };
                    let t = tallies.entry((key.clone(), d)).or_insert_with(|| DayTally {
                        key,
                        day: d,
                        reports: 0,
                        articles: 0,
                        urls: Default::default(),
                        datasets: Default::default(),
                    });
                    t.reports += reports[i].unwrap_or(0).max(0) as u64;
                    t.articles += articles[i].unwrap_or(0).max(0) as u64;
                    if let Some(u) = &url[i]
                        && !u.is_empty()
                    {
                        t.urls.insert(u.clone());
                    }
                    if let Some(s) = &source[i] {
                        t.datasets.insert(s.clone());
                    }
                }
            }
        }
        Ok(cluster::chain(tallies.into_values().collect()))
    }

    /// For each ask, its `per_ask` most reported clusters, each with its `per_cluster`
    /// most reported rows; in ask order, the clusters of an ask most reported first.
    pub async fn cluster_evidence(
        &self,
        asks: &[TopAsk],
        per_ask: usize,
        per_cluster: usize,
    ) -> Result<Vec<ClusterEvidence>, StoreError> {
        let ranked = cluster::by_ask(self.clusters(asks).await?);
        let kept: Vec<Cluster> = ranked
            .into_values()
            .flat_map(|v| v.into_iter().take(per_ask))
            .collect();
        let tops: Vec<TopAsk> = kept
            .iter()
            .map(|c| TopAsk {
                cond: format!("({}) AND {}", asks[c.key.ask].cond, key_sql(&c.key)),
                first: c.first,
                last: c.last,
            })
            .collect();
        let mut events: Vec<Vec<Reported>> = vec![Vec::new(); kept.len()];
        for r in self.most_reported(&tops, per_cluster).await? {
            events[r.ask].push(r);
        }
        Ok(kept
            .into_iter()
            .zip(events)
            .map(|(cluster, events)| ClusterEvidence { cluster, events })
            .collect())
    }
}

/// The SQL condition selecting the rows of a cluster key (its actors either way round,
/// and its CAMEO root); the days are the caller's.
pub fn key_sql(k: &Key) -> String {
    let q = |s: &str| format!("'{}'", s.replace('\'', "''"));
    let pair = match (&k.actor1, &k.actor2) {
        (Some(a), Some(b)) => format!(
            "(({ACTOR1} = {a} AND {ACTOR2} = {b}) OR ({ACTOR1} = {b} AND {ACTOR2} = {a}))",
            a = q(a),
            b = q(b)
        ),
        (Some(a), None) => format!(
            "(({ACTOR1} = {a} AND {ACTOR2} IS NULL) OR ({ACTOR2} = {a} AND {ACTOR1} IS NULL))",
            a = q(a)
        ),
        _ => format!("({ACTOR1} IS NULL AND {ACTOR2} IS NULL)"),
    };
    let root = match &k.root {
        Some(r) => format!("substr(event_code, 1, 2) = {}", q(r)),
        None => "event_code IS NULL".to_string(),
    };
    format!("{pair} AND {root}")
}

/// The clusters of the events a filter keeps, most reported first: what `vigil events
/// --clusters` prints.
#[derive(Debug, Clone)]
pub struct ClusterPage {
    /// Rows the filter keeps.
    pub rows: u64,
    /// Clusters they form.
    pub clusters: u64,
    /// The first `limit` clusters, one row each, with its most reported event.
    pub batch: datafusion::arrow::array::RecordBatch,
}

impl Store {
    /// The events `filter` keeps, grouped into evidence clusters; at most `filter.limit`
    /// clusters are returned (all are counted).
    pub async fn event_clusters(
        &self,
        filter: &crate::query::EventFilter,
    ) -> Result<ClusterPage, StoreError> {
        use datafusion::arrow::array::{ArrayRef, StringArray, UInt64Array};
        use datafusion::arrow::datatypes::{Field, Schema};
        use vigil_model::date::{days_from_ymd, format_iso, parse_iso};

        let months = self.stats().sources.values().fold(None, |acc, s| {
            let lo = s.months.keys().next().copied();
            let hi = s.months.keys().next_back().copied();
            match (acc, lo, hi) {
                (None, Some(l), Some(h)) => Some((l, h)),
                (Some((a, b)), Some(l), Some(h)) => Some((l.min(a), h.max(b))),
                (acc, _, _) => acc,
            }
        });
        let day = |m: u32| days_from_ymd((m / 100) as i32, m % 100, 1);
        let bound = |given: &Option<String>, what: &str| -> Result<Option<i32>, StoreError> {
            given
                .as_deref()
                .map(|s| {
                    parse_iso(s).ok_or_else(|| {
                        StoreError::Invalid(format!("{what}: {s:?} is not a date (YYYY-MM-DD)"))
                    })
                })
                .transpose()
        };
        let store_span = months.and_then(|(lo, hi)| {
            let next = if hi % 100 == 12 {
                (hi / 100 + 1) * 100 + 1
            } else {
                hi + 1
            };
            Some((day(lo)?, day(next)? - 1))
        });
        let (first, last) = match store_span {
            Some((f, l)) => (
                bound(&filter.from, "--from")?.unwrap_or(f),
                bound(&filter.to, "--to")?.unwrap_or(l),
            ),
            None => (0, -1),
        };
        let asks = if first <= last {
            vec![TopAsk {
                cond: filter.where_clause()?,
                first,
                last,
            }]
        } else {
            Vec::new()
        };
        let all = self.clusters(&asks).await?;
        let rows = all.iter().map(|c| c.reports).sum();
        let count = all.len() as u64;
        let mut ranked: Vec<Cluster> = cluster::by_ask(all).into_values().flatten().collect();
        ranked.truncate(filter.limit.unwrap_or(usize::MAX));
        let tops: Vec<TopAsk> = ranked
            .iter()
            .map(|c| TopAsk {
                cond: format!("({}) AND {}", asks[0].cond, key_sql(&c.key)),
                first: c.first,
                last: c.last,
            })
            .collect();
        let mut top: Vec<Option<Reported>> = vec![None; ranked.len()];
        for r in self.most_reported(&tops, 1).await? {
            let i = r.ask;
            top[i].get_or_insert(r);
        }
        let s = |f: &dyn Fn(&Cluster, Option<&Reported>) -> Option<String>| -> ArrayRef {
            std::sync::Arc::new(StringArray::from(
                ranked
                    .iter()
                    .zip(&top)
                    .map(|(c, t)| f(c, t.as_ref()))
                    .collect::<Vec<_>>(),
            ))
        };
        let n = |f: &dyn Fn(&Cluster) -> u64| -> ArrayRef {
            std::sync::Arc::new(UInt64Array::from(ranked.iter().map(f).collect::<Vec<_>>()))
        };
        let columns: Vec<(&str, ArrayRef)> = vec![
            ("first", s(&|c, _| Some(format_iso(c.first)))),
            ("last", s(&|c, _| Some(format_iso(c.last)))),
            ("actor1", s(&|c, _| c.key.actor1.clone())),
            ("actor2", s(&|c, _| c.key.actor2.clone())),
            ("root", s(&|c, _| c.key.root.clone())),
            (
                "event",
                s(&|c, _| {
                    c.key
                        .root
                        .as_deref()
                        .and_then(vigil_model::cameo::event)
                        .map(|e| e.name.to_string())
                }),
            ),
            ("reports", n(&|c| c.reports)),
            ("sources", n(&|c| c.sources)),
            ("articles", n(&|c| c.articles)),
            ("datasets", s(&|c, _| Some(c.datasets.join(";")))),
            (
                "top_event_id",
                s(&|_, t| t.map(|t| t.record.event_id.clone())),
            ),
            ("top_date", s(&|_, t| t.map(|t| t.record.date.clone()))),
            (
                "actor1_code",
                s(&|_, t| t.and_then(|t| t.record.actor1_code.clone())),
            ),
            (
                "event_code",
                s(&|_, t| t.and_then(|t| t.record.event_code.clone())),
            ),
            (
                "actor2_code",
                s(&|_, t| t.and_then(|t| t.record.actor2_code.clone())),
            ),
            ("url", s(&|_, t| t.and_then(|t| t.record.url.clone()))),
            (
                "evidence",
                s(&|_, t| t.and_then(|t| t.record.evidence.clone())),
            ),
        ];
        let schema = Schema::new(
            columns
                .iter()
                .map(|(name, a)| Field::new(*name, a.data_type().clone(), true))
                .collect::<Vec<_>>(),
        );
        let batch = datafusion::arrow::array::RecordBatch::try_new(
            std::sync::Arc::new(schema),
            columns.into_iter().map(|(_, a)| a).collect(),
        )
        .map_err(|e| StoreError::Query(e.into()))?;
        Ok(ClusterPage {
            rows,
            clusters: count,
            batch,
        })
    }
}
