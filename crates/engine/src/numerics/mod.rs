//! Numerics: double-double accumulation, the linear-algebra backend seam and
//! the guarded distribution functions.

pub mod dd;
pub mod linalg;
pub mod prob;
