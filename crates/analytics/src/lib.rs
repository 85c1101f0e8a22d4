//! Relations analytics: pure functions over event counts. No I/O; the store's queries
//! feed it daily counts, and it returns series a person or a monitor can read.
//!
//! [`dyad`] builds a dyad's series per day, week or month, with cooperation and conflict
//! indices normalised by the volume of events involving either country.

pub mod anomaly;
pub mod blocs;
pub mod changepoint;
pub mod cluster;
pub mod dyad;
