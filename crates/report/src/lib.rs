//! Charts as standalone SVG documents, written by hand (no plotting dependency): a dyad's
//! index series with its change points and anomalies, and a bloc network. All text that
//! reaches a chart is escaped.

pub mod svg;
