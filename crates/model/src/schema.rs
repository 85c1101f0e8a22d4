//! The canonical event table: one Arrow schema that every source is mapped into and
//! everything downstream reads.

use std::sync::{Arc, OnceLock};

use arrow_schema::{DataType, Field, Schema, SchemaRef};

/// Where an event came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// GDELT 1.0 event files (57 or 58 columns).
    Gdelt1,
    /// GDELT 2.0 event exports (61 columns).
    Gdelt2,
    /// ICEWS coded event files.
    Icews,
    /// ACLED CSV exports.
    Acled,
    /// POLECAT (PLOVER) event files.
    Polecat,
    /// Events coded by vigil from news text.
    Text,
    /// Hand-curated event lists in vigil's own CSV format (the demo sample, analysts' lists).
    Curated,
}

impl Source {
    /// Every source, in order.
    pub const ALL: [Source; 7] = [
        Source::Gdelt1,
        Source::Gdelt2,
        Source::Icews,
        Source::Acled,
        Source::Polecat,
        Source::Text,
        Source::Curated,
    ];

    /// The name stored in the `source` column and used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Source::Gdelt1 => "gdelt1",
            Source::Gdelt2 => "gdelt2",
            Source::Icews => "icews",
            Source::Acled => "acled",
            Source::Polecat => "polecat",
            Source::Text => "text",
            Source::Curated => "curated",
        }
    }

    /// The source of that name.
    pub fn from_name(name: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|s| s.name() == name)
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Column names of the canonical event table, in schema order.
pub mod col {
    pub const EVENT_ID: &str = "event_id";
    pub const SOURCE: &str = "source";
    pub const DATE: &str = "date";
    pub const ACTOR1_CODE: &str = "actor1_code";
    pub const ACTOR1_NAME: &str = "actor1_name";
    pub const ACTOR1_COUNTRY: &str = "actor1_country";
    pub const ACTOR1_ROLE: &str = "actor1_role";
    pub const ACTOR2_CODE: &str = "actor2_code";
    pub const ACTOR2_NAME: &str = "actor2_name";
    pub const ACTOR2_COUNTRY: &str = "actor2_country";
    pub const ACTOR2_ROLE: &str = "actor2_role";
    pub const EVENT_CODE: &str = "event_code";
    pub const EVENT_ROOT: &str = "event_root";
    pub const QUAD_CLASS: &str = "quad_class";
    pub const GOLDSTEIN: &str = "goldstein";
    pub const NUM_MENTIONS: &str = "num_mentions";
    pub const NUM_SOURCES: &str = "num_sources";
    pub const NUM_ARTICLES: &str = "num_articles";
    pub const TONE: &str = "tone";
    pub const GEO_COUNTRY: &str = "geo_country";
    pub const LAT: &str = "lat";
    pub const LON: &str = "lon";
    pub const URL: &str = "url";
    pub const EVIDENCE: &str = "evidence";
    pub const ORIGIN_FILE: &str = "origin_file";
    pub const ORIGIN_LINE: &str = "origin_line";
    pub const PLOVER_TYPE: &str = "plover_type";
    pub const PLOVER_MODE: &str = "plover_mode";
    pub const FATALITIES: &str = "fatalities";
    pub const SOURCE_EVENT_TYPE: &str = "source_event_type";
    pub const SOURCE_EVENT_SUBTYPE: &str = "source_event_subtype";
    pub const TIME_PRECISION: &str = "time_precision";
    pub const GEO_PRECISION: &str = "geo_precision";
    pub const HEDGED: &str = "hedged";
    pub const DATE_ADDED: &str = "date_added";
}

/// The canonical event schema.
///
/// * `event_id`: source-qualified and unique ("gdelt2-1234567890").
/// * `date`: the day the event took place.
/// * `actorN_country`: ISO 3166-1 alpha-3 for countries, or a CAMEO region code (EUR, MEA, WST…).
/// * `event_code`: CAMEO code as text with its leading zero; `event_root` 1–20; both null
///   for a row whose source type has no CAMEO equivalent (POLECAT). `quad_class` 1–4, always set.
/// * `geo_country`: ISO alpha-3 of where the event happened.
/// * `evidence`: the coded sentence, for events coded from text.
/// * `origin_file`, `origin_line`: the input file (or URL) and 1-based line the row came from
///   (the file's own numbering: the header is line 1).
/// * `plover_type`, `plover_mode`: PLOVER event type and mode, native for POLECAT and from
///   [`crate::plover::from_cameo`] for every other source (null for CAMEO 01 and 02).
/// * `fatalities`: deaths the source reports (ACLED).
/// * `source_event_type`, `source_event_subtype`: the source's own classification (ACLED
///   event type and sub-event type; POLECAT event type and mode).
/// * `time_precision`, `geo_precision`: ACLED's precision codes (1 exact … 3 approximate).
/// * `hedged`: for events vigil's coder found in text, whether the statement was hedged
///   (an allegation, a report, "may"); null for sources that do not say.
/// * `date_added`: the day the source published the row (GDELT's DATEADDED, in UTC); null
///   for sources that do not say. It decides which GDELT 1.0 rows GDELT 2.0 supersedes.
///
/// The last nine columns were added after the first stores were written; parts written
/// before them read with those columns null (the store's schema adapter fills them).
pub fn event_schema() -> SchemaRef {
    static SCHEMA: OnceLock<SchemaRef> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            use col::*;
            let s = |name: &str, nullable| Field::new(name, DataType::Utf8, nullable);
            Arc::new(Schema::new(vec![
                s(EVENT_ID, false),
                s(SOURCE, false),
                Field::new(DATE, DataType::Date32, false),
                s(ACTOR1_CODE, true),
                s(ACTOR1_NAME, true),
                s(ACTOR1_COUNTRY, true),
                s(ACTOR1_ROLE, true),
                s(ACTOR2_CODE, true),
                s(ACTOR2_NAME, true),
                s(ACTOR2_COUNTRY, true),
                s(ACTOR2_ROLE, true),
                s(EVENT_CODE, true),
                Field::new(EVENT_ROOT, DataType::Int32, true),
                Field::new(QUAD_CLASS, DataType::Int32, false),
                Field::new(GOLDSTEIN, DataType::Float64, true),
                Field::new(NUM_MENTIONS, DataType::Int32, true),
                Field::new(NUM_SOURCES, DataType::Int32, true),
                Field::new(NUM_ARTICLES, DataType::Int32, true),
                Field::new(TONE, DataType::Float64, true),
                s(GEO_COUNTRY, true),
                Field::new(LAT, DataType::Float64, true),
                Field::new(LON, DataType::Float64, true),
                s(URL, true),
                s(EVIDENCE, true),
                s(ORIGIN_FILE, false),
                Field::new(ORIGIN_LINE, DataType::Int64, false),
                s(PLOVER_TYPE, true),
                s(PLOVER_MODE, true),
                Field::new(FATALITIES, DataType::Int32, true),
                s(SOURCE_EVENT_TYPE, true),
                s(SOURCE_EVENT_SUBTYPE, true),
                Field::new(TIME_PRECISION, DataType::Int32, true),
                Field::new(GEO_PRECISION, DataType::Int32, true),
                Field::new(HEDGED, DataType::Boolean, true),
                Field::new(DATE_ADDED, DataType::Date32, true),
            ]))
        })
        .clone()
}
