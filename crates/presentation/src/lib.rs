//! Presentation of modellvarde results: the report languages and number
//! formats, the charts (one chart layer, [`plot`]), and the exporters (CSV,
//! Markdown, HTML, XLSX, index; [`report`]). Everything here is a function of
//! the `contract` types, so any output can be regenerated from
//! `results.json`; this crate does not depend on the engine.

// Index loops read best in the chart code (they mirror the layout arithmetic).
#![allow(clippy::needless_range_loop)]

pub use contract::{flags, lang, results, views};

pub mod i18n;
pub mod plot;
pub mod report;
