//! modellvarde's engine: a regression benchmarking engine for comparing
//! districts.
//!
//! It fits a Göteborg-style model of expected social-assistance cost per
//! inhabitant from demographic structure (OLS/WLS with full inference and
//! closed-form diagnostics), compares each area's modelled value (modellvärde)
//! with the actual outcome (utfall), and flags the areas whose cost their
//! population structure does not explain. It fills the `contract` types and
//! never draws or formats for people (that is the `presentation` crate).
//!
//! Layers, each using only the ones above it:
//!
//! - [`error`]: the error types;
//! - [`numerics`]: double-double arithmetic and the linear-algebra seam;
//! - [`data`]: loading area tables, the data dictionary, Kolada;
//! - [`spec`]: model specifications and their checks;
//! - [`model`]: design matrices, fitting (the model-family seam), diagnostics;
//! - [`analysis`]: results assembly, flags, uncertainty, selection, peers,
//!   reference models, trends, allocation, simulation, cross-city views;
//! - [`run`]: running specs over years, and the report pipeline.

// Index loops read best in the linear-algebra code (they mirror the formulas).
#![allow(clippy::needless_range_loop)]

pub use contract::{lang, results};

pub mod analysis;
pub mod data;
pub mod error;
pub mod fetch;
pub mod model;
pub mod numerics;
pub mod run;
pub mod spec;

pub use error::{Error, InputError, Location, Result};
