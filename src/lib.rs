//! modellvarde: the command-line front end of the modellvarde crates.
//!
//! The work is done in three library crates (see README, "How the code is
//! laid out"): `contract` (the result types), `engine` (data, specs, fitting,
//! analyses, the report run) and `presentation` (charts and exporters). This
//! library only re-exports them under the flat paths the tests, benchmarks
//! and the command modules use (`modellvarde::fit`, `modellvarde::report`,
//! ...); it holds no code of its own.

pub use contract::{family, flags as flag_names, lang, results, views};
pub use engine::analysis::{
    allocate, assemble, compare, crossview, flags, reference, select, simulate, trend, uncertainty,
};
pub use engine::model::{design, diagnostics, fit, glm};
pub use engine::numerics::{dd, linalg};
pub use engine::run::{output, runner};
pub use engine::{data, error, fetch, spec};
pub use engine::{Error, InputError, Location, Result};
pub use presentation::{plot, report};
