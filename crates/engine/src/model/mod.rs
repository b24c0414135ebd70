//! The model layer: the design matrix built from a checked spec, the fit, and
//! the per-area diagnostics of a fit.

pub mod design;
pub mod diagnostics;
pub mod family;
pub mod fit;
pub mod glm;
