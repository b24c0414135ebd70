//! Model families and link functions, as a spec names them (`family =
//! "gaussian"`) and a result records them. Today only the Gaussian family
//! with the identity link (OLS/WLS) is fitted; the engine dispatches a spec's
//! family in one place (`engine::model::family`), so another family (a
//! log-link GLM, a count model) adds a variant here and a module there.

use serde::{Deserialize, Serialize};

/// The distribution family of the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// Normal errors, identity link: ordinary or weighted least squares.
    #[default]
    Gaussian,
}

/// The link between the linear predictor and the mean of the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Link {
    /// μ = η.
    #[default]
    Identity,
}

impl Family {
    /// The name used in specs and results, e.g. `gaussian`.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Gaussian => "gaussian",
        }
    }

    /// The family's canonical link.
    pub fn canonical_link(self) -> Link {
        match self {
            Family::Gaussian => Link::Identity,
        }
    }

    /// Whether this is the Gaussian family (the default, left out of JSON so
    /// the results of existing specs stay byte-identical).
    pub fn is_gaussian(&self) -> bool {
        *self == Family::Gaussian
    }
}
