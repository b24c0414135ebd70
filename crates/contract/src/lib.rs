//! The results contract of modellvarde: the serialisable types that
//! `results.json` and the commands' JSON outputs contain, and the names they
//! use (flags, languages, the reasons a row was left out and the warnings
//! of a fit). It depends on serde alone, so every consumer (the
//! engine that fills it, the presentation that shows it, a program that reads
//! `results.json`) agrees on one definition.

pub mod family;
pub mod flags;
pub mod json;
pub mod lang;
pub mod reasons;
pub mod results;
pub mod views;
