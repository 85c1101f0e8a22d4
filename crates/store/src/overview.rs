//! Overview questions a reader asks of a store first, as tables: events by year and
//! country, a dyad by quarter and quad class, and who reacts to whom. `vigil demo` tours a
//! store with them; they return Arrow batches that the CLI prints and a dashboard can draw.
//! Country codes arrive typed ([`Iso3`]), so nothing outside reaches the SQL text.

use datafusion::arrow::array::RecordBatch;
use vigil_model::Iso3;

use crate::{Store, StoreError};

fn list(codes: &[Iso3]) -> String {
    codes
        .iter()
        .map(|c| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn both_ways(a: Iso3, b: Iso3) -> String {
    format!(
        "((actor1_country = '{a}' AND actor2_country = '{b}') OR (actor1_country = '{b}' AND actor2_country = '{a}'))"
    )
}

impl Store {
    async fn table(&self, sql: &str) -> Result<Vec<RecordBatch>, StoreError> {
        Ok(self.session()?.sql(sql).await?.collect().await?)
    }

    /// Events per year and acting country: `year, actor1_country, events`.
    pub async fn events_by_year_and_country(&self) -> Result<Vec<RecordBatch>, StoreError> {
        self.table(
            "SELECT extract(year FROM date) AS year, actor1_country, count(*) AS events \
             FROM events GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2",
        )
        .await
    }

    /// A dyad, both directions, by quarter: events by quad class and mean Goldstein.
    pub async fn dyad_by_quarter(&self, a: Iso3, b: Iso3) -> Result<Vec<RecordBatch>, StoreError> {
        self.table(&format!(
            "SELECT concat(CAST(extract(year FROM date) AS VARCHAR), '-Q', CAST(extract(quarter FROM date) AS VARCHAR)) AS quarter, \
             count(*) AS events, \
             sum(CASE WHEN quad_class = 1 THEN 1 ELSE 0 END) AS verbal_coop, \
             sum(CASE WHEN quad_class = 2 THEN 1 ELSE 0 END) AS material_coop, \
             sum(CASE WHEN quad_class = 3 THEN 1 ELSE 0 END) AS verbal_conflict, \
             sum(CASE WHEN quad_class = 4 THEN 1 ELSE 0 END) AS material_conflict, \
             round(avg(goldstein), 2) AS mean_goldstein \
             FROM events WHERE {} GROUP BY 1 ORDER BY 1",
            both_ways(a, b)
        ))
        .await
    }

    /// Events from some countries toward others: `from_country, toward, events,
    /// mean_goldstein`, most events first.
    pub async fn reactions(
        &self,
        from: &[Iso3],
        toward: &[Iso3],
    ) -> Result<Vec<RecordBatch>, StoreError> {
        if from.is_empty() || toward.is_empty() {
            return Err(StoreError::Invalid(
                "reactions need at least one country on each side".into(),
            ));
        }
        self.table(&format!(
            "SELECT actor1_country AS from_country, actor2_country AS toward, count(*) AS events, round(avg(goldstein), 2) AS mean_goldstein \
             FROM events WHERE actor1_country IN ({}) AND actor2_country IN ({}) \
             GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2",
            list(from),
            list(toward)
        ))
        .await
    }

    /// Events per source in days `first..=last` (days since the epoch; clamped to the
    /// years 1 to 9999, the dates SQL can name).
    pub async fn counts_by_source(
        &self,
        first: i32,
        last: i32,
    ) -> Result<std::collections::BTreeMap<String, u64>, StoreError> {
        let batches = self
            .session_between(first, last)?
            .sql(&format!(
                "SELECT source, count(*) AS n FROM events WHERE date BETWEEN DATE '{}' AND DATE '{}' GROUP BY 1",
                crate::query::sql_day(first),
                crate::query::sql_day(last)
            ))
            .await?
            .collect()
            .await?;
        let mut out = std::collections::BTreeMap::new();
        for b in &batches {
            let (s, n) = (
                crate::query::strings(b, "source"),
                crate::query::integers(b, "n"),
            );
            for (s, n) in s.into_iter().zip(n) {
                if let (Some(s), Some(n)) = (s, n) {
                    out.insert(s, n as u64);
                }
            }
        }
        Ok(out)
    }

    /// Of the events in days `first..=last` whose source records hedging (those vigil's
    /// coder found in text), how many there are and how many were hedged.
    pub async fn hedging(&self, first: i32, last: i32) -> Result<(u64, u64), StoreError> {
        let batches = self
            .session_between(first, last)?
            .sql(&format!(
                "SELECT count(hedged) AS known, sum(CASE WHEN hedged THEN 1 ELSE 0 END) AS hedged \
                 FROM events WHERE date BETWEEN DATE '{}' AND DATE '{}'",
                crate::query::sql_day(first),
                crate::query::sql_day(last)
            ))
            .await?
            .collect()
            .await?;
        let first_row = |name: &str| {
            batches
                .iter()
                .find(|b| b.num_rows() > 0)
                .and_then(|b| crate::query::integers(b, name)[0])
                .unwrap_or(0) as u64
        };
        Ok((first_row("known"), first_row("hedged")))
    }

    /// The newest events of a dyad, both directions, with their evidence sentences.
    pub async fn latest_dyad_events(
        &self,
        a: Iso3,
        b: Iso3,
        n: usize,
    ) -> Result<Vec<RecordBatch>, StoreError> {
        self.table(&format!(
            "SELECT date, actor1_code, event_code, actor2_code, evidence FROM events \
             WHERE {} ORDER BY date DESC, event_id LIMIT {n}",
            both_ways(a, b)
        ))
        .await
    }
}
