//! Numerics: double-double accumulation and the linear-algebra backend seam.

pub mod dd;
pub mod linalg;
