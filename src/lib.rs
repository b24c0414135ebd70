//! modellvarde: a regression benchmarking engine for comparing districts.
//!
//! It fits a Göteborg-style model of expected social-assistance cost per
//! inhabitant from demographic structure (OLS/WLS with full inference and
//! closed-form diagnostics), compares each area's modelled value (modellvärde)
//! with the actual outcome (utfall), and flags the areas whose cost their
//! population structure does not explain.
//!
//! Pipeline: load → validate → design → fit → diagnose → flag → compare → report.
//! Each stage passes plain, serialisable data; the CLI turns arguments into a
//! validated configuration and calls the library.

// Index loops read best in the linear-algebra code (they mirror the formulas).
#![allow(clippy::needless_range_loop)]

pub mod allocate;
pub mod assemble;
pub mod chart;
pub mod compare;
pub mod crossview;
pub mod data;
pub mod dd;
pub mod design;
pub mod diagnostics;
pub mod error;
pub mod fit;
pub mod flags;
pub mod glm;
pub mod lang;
pub mod linalg;
pub mod output;
pub mod plot;
pub mod reference;
pub mod report;
pub mod results;
pub mod runner;
pub mod select;
pub mod simulate;
pub mod spec;
pub mod trend;
pub mod uncertainty;

pub use error::{Error, InputError, Location, Result};
