//! Building canonical Arrow record batches one row at a time.

use std::fmt::Write;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use vigil_model::schema::event_schema;
use vigil_model::{EventType, QuadClass, plover};

/// One side of an event.
#[derive(Debug, Default, Clone, Copy)]
pub struct Actor<'a> {
    /// Full CAMEO actor code ("PRKGOV").
    pub code: Option<&'a str>,
    /// Name as the source gives it.
    pub name: Option<&'a str>,
    /// ISO alpha-3 (or CAMEO region code).
    pub country: Option<&'a str>,
    /// CAMEO role code ("GOV", "MIL").
    pub role: Option<&'a str>,
}

/// One canonical event, borrowed from the line it was parsed from.
#[derive(Debug, Clone, Default)]
pub struct EventRow<'a> {
    /// Source prefix of the id ("gdelt2").
    pub id_prefix: &'a str,
    /// The source's own id of the event.
    pub source_id: &'a str,
    /// Days since 1970-01-01.
    pub date: i32,
    /// Who acted.
    pub actor1: Actor<'a>,
    /// Whom it was done to.
    pub actor2: Actor<'a>,
    /// The CAMEO event type; `None` when the source's type has no CAMEO equivalent.
    pub event: Option<&'static EventType>,
    /// The quad class when there is no CAMEO type (POLECAT's Quad Code); else the type's.
    pub quad_class: Option<QuadClass>,
    /// The PLOVER type and mode as the source gives them (POLECAT); else derived from
    /// the CAMEO code.
    pub plover: Option<(&'a str, Option<&'a str>)>,
    /// Deaths the source reports.
    pub fatalities: Option<i32>,
    /// The source's own event type ("Battles", "ASSAULT").
    pub source_event_type: Option<&'a str>,
    /// The source's own sub-type or mode ("Armed clash", "aerial").
    pub source_event_subtype: Option<&'a str>,
    /// ACLED's time precision (1–3).
    pub time_precision: Option<i32>,
    /// ACLED's geographic precision (1–3).
    pub geo_precision: Option<i32>,
    /// Whether the coder judged the statement hedged (events coded from text).
    pub hedged: Option<bool>,
    /// The day the source published the row (GDELT's DATEADDED), days since 1970-01-01.
    pub date_added: Option<i32>,
    /// Goldstein weight as the source gives it (the codebook's when absent).
    pub goldstein: Option<f64>,
    /// Mentions, sources, articles.
    pub num_mentions: Option<i32>,
    /// Distinct sources reporting it.
    pub num_sources: Option<i32>,
    /// Articles reporting it.
    pub num_articles: Option<i32>,
    /// Average tone of the reporting.
    pub tone: Option<f64>,
    /// Where it happened (ISO alpha-3).
    pub geo_country: Option<&'a str>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Source article.
    pub url: Option<&'a str>,
    /// Sentence or note that supports it.
    pub evidence: Option<&'a str>,
    /// 1-based line (record) number in the input.
    pub line: u64,
}

/// Accumulates [`EventRow`]s into a canonical [`RecordBatch`].
pub struct BatchBuilder {
    source: &'static str,
    origin_file: String,
    rows: usize,
    event_id: StringBuilder,
    source_col: StringBuilder,
    date: Date32Builder,
    a1: [StringBuilder; 4],
    a2: [StringBuilder; 4],
    event_code: StringBuilder,
    event_root: Int32Builder,
    quad_class: Int32Builder,
    goldstein: Float64Builder,
    num_mentions: Int32Builder,
    num_sources: Int32Builder,
    num_articles: Int32Builder,
    tone: Float64Builder,
    geo_country: StringBuilder,
    lat: Float64Builder,
    lon: Float64Builder,
    url: StringBuilder,
    evidence: StringBuilder,
    origin_file_col: StringBuilder,
    origin_line: Int64Builder,
    plover_type: StringBuilder,
    plover_mode: StringBuilder,
    fatalities: Int32Builder,
    source_type: [StringBuilder; 2],
    precision: [Int32Builder; 2],
    hedged: BooleanBuilder,
    date_added: Date32Builder,
}

fn strings() -> [StringBuilder; 4] {
    std::array::from_fn(|_| StringBuilder::new())
}

impl BatchBuilder {
    /// A builder for rows of `source` read from `origin_file`.
    pub fn new(source: &'static str, origin_file: impl Into<String>) -> Self {
        BatchBuilder {
            source,
            origin_file: origin_file.into(),
            rows: 0,
            event_id: StringBuilder::new(),
            source_col: StringBuilder::new(),
            date: Date32Builder::new(),
            a1: strings(),
            a2: strings(),
            event_code: StringBuilder::new(),
            event_root: Int32Builder::new(),
            quad_class: Int32Builder::new(),
            goldstein: Float64Builder::new(),
            num_mentions: Int32Builder::new(),
            num_sources: Int32Builder::new(),
            num_articles: Int32Builder::new(),
            tone: Float64Builder::new(),
            geo_country: StringBuilder::new(),
            lat: Float64Builder::new(),
            lon: Float64Builder::new(),
            url: StringBuilder::new(),
            evidence: StringBuilder::new(),
            origin_file_col: StringBuilder::new(),
            origin_line: Int64Builder::new(),
            plover_type: StringBuilder::new(),
            plover_mode: StringBuilder::new(),
            fatalities: Int32Builder::new(),
            source_type: std::array::from_fn(|_| StringBuilder::new()),
            precision: std::array::from_fn(|_| Int32Builder::new()),
            hedged: BooleanBuilder::new(),
            date_added: Date32Builder::new(),
        }
    }

    /// Rows added since the last [`BatchBuilder::finish`].
    pub fn len(&self) -> usize {
        self.rows
    }

    /// True when no row is pending.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Adds one row. A row needs a CAMEO type or a quad class (the caller checks);
    /// without either it is counted as quad class 0 by no one, so it is skipped.
    pub fn push(&mut self, r: &EventRow<'_>) {
        let Some(quad) = r.event.map(|e| e.quad).or(r.quad_class) else {
            debug_assert!(false, "an event row needs a CAMEO type or a quad class");
            return;
        };
        let _ = write!(self.event_id, "{}-{}", r.id_prefix, r.source_id);
        self.event_id.append_value("");
        self.source_col.append_value(self.source);
        self.date.append_value(r.date);
        for (cols, a) in [(&mut self.a1, &r.actor1), (&mut self.a2, &r.actor2)] {
            cols[0].append_option(nonempty(a.code));
            cols[1].append_option(nonempty(a.name));
            cols[2].append_option(nonempty(a.country));
            cols[3].append_option(nonempty(a.role));
        }
        self.event_code.append_option(r.event.map(|e| e.code));
        self.event_root
            .append_option(r.event.map(|e| e.root as i32));
        self.quad_class.append_value(quad.number());
        self.goldstein
            .append_option(r.goldstein.or(r.event.map(|e| e.goldstein_f64())));
        self.num_mentions.append_option(r.num_mentions);
        self.num_sources.append_option(r.num_sources);
        self.num_articles.append_option(r.num_articles);
        self.tone.append_option(r.tone);
        self.geo_country.append_option(nonempty(r.geo_country));
        self.lat.append_option(r.lat);
        self.lon.append_option(r.lon);
        self.url.append_option(nonempty(r.url));
        self.evidence.append_option(nonempty(r.evidence));
        self.origin_file_col.append_value(&self.origin_file);
        self.origin_line.append_value(r.line as i64);
        let (ptype, pmode) = match r.plover {
            Some((t, m)) => (Some(t), m),
            None => r
                .event
                .and_then(|e| plover::from_cameo(e.code))
                .map_or((None, None), |p| (Some(p.event_type.name()), p.mode)),
        };
        self.plover_type.append_option(nonempty(ptype));
        self.plover_mode.append_option(nonempty(pmode));
        self.fatalities.append_option(r.fatalities);
        self.source_type[0].append_option(nonempty(r.source_event_type));
        self.source_type[1].append_option(nonempty(r.source_event_subtype));
        self.precision[0].append_option(r.time_precision);
        self.precision[1].append_option(r.geo_precision);
        self.hedged.append_option(r.hedged);
        self.date_added.append_option(r.date_added);
        self.rows += 1;
    }

    /// The pending rows as a batch; the builder is empty afterwards.
    pub fn finish(&mut self) -> RecordBatch {
        self.rows = 0;
        let mut cols: Vec<ArrayRef> = vec![
            Arc::new(self.event_id.finish()),
            Arc::new(self.source_col.finish()),
            Arc::new(self.date.finish()),
        ];
        cols.extend(self.a1.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef));
        cols.extend(self.a2.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef));
        cols.extend([
            Arc::new(self.event_code.finish()) as ArrayRef,
            Arc::new(self.event_root.finish()),
            Arc::new(self.quad_class.finish()),
            Arc::new(self.goldstein.finish()),
            Arc::new(self.num_mentions.finish()),
            Arc::new(self.num_sources.finish()),
            Arc::new(self.num_articles.finish()),
            Arc::new(self.tone.finish()),
            Arc::new(self.geo_country.finish()),
            Arc::new(self.lat.finish()),
            Arc::new(self.lon.finish()),
            Arc::new(self.url.finish()),
            Arc::new(self.evidence.finish()),
            Arc::new(self.origin_file_col.finish()),
            Arc::new(self.origin_line.finish()),
            Arc::new(self.plover_type.finish()),
            Arc::new(self.plover_mode.finish()),
            Arc::new(self.fatalities.finish()),
            Arc::new(self.source_type[0].finish()),
            Arc::new(self.source_type[1].finish()),
            Arc::new(self.precision[0].finish()),
            Arc::new(self.precision[1].finish()),
            Arc::new(self.hedged.finish()),
            Arc::new(self.date_added.finish()),
        ]);
        RecordBatch::try_new(event_schema(), cols)
            .expect("builder columns match the canonical schema")
    }
}

fn nonempty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.is_empty())
}
