//! vigil's vocabulary: the canonical event schema, the CAMEO event and actor taxonomy,
//! and country codes (ISO 3166-1, FIPS 10-4, CAMEO); and [`json_records`], the two layouts
//! of record files (a JSON array, JSON lines) the readers share.
//!
//! This crate does no I/O. Every other crate speaks in its terms: a reader maps its
//! source into [`schema::event_schema`], and analytics look codes up in [`cameo`] and
//! [`countries`].

pub mod cameo;
mod cameo_codes;
pub mod countries;
pub mod date;
pub mod json_records;
pub mod plover;
pub mod schema;

pub use cameo::{EventType, QuadClass};
pub use countries::{Country, Iso3};
pub use plover::{Plover, PloverType};
pub use schema::Source;
