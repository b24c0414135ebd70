//! Running models: every (spec, year) task in parallel, and writing files
//! atomically.

pub mod digest;
pub mod output;
pub mod report;
pub mod runner;
pub mod specs;
