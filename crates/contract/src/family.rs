//! Model families and link functions, as a spec names them (`family =
//! "quasipoisson"`, `link = "log"`) and a result records them. The engine
//! dispatches a spec's family in one place (`engine::model::family`): the
//! Gaussian family with the identity link is ordinary/weighted least squares;
//! every other family is a generalised linear model fitted by IRLS
//! (`engine::model::glm`).

use serde::{Deserialize, Serialize};

/// The distribution family of the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// Normal errors: ordinary or weighted least squares with the identity link.
    #[default]
    Gaussian,
    /// Poisson counts (variance μ, dispersion 1); the outcome must be a count.
    Poisson,
    /// Quasi-Poisson: variance φμ with φ estimated (Pearson), for
    /// non-negative rates such as kr/inv.
    #[serde(rename = "quasipoisson")]
    QuasiPoisson,
    /// Gamma: variance φμ², φ estimated (Pearson); the outcome must be > 0.
    Gamma,
    /// Negative binomial counts: variance μ + μ²/θ, θ by maximum likelihood
    /// (as R's `MASS::glm.nb`).
    #[serde(rename = "negbin")]
    NegBin,
}

/// The link between the linear predictor and the mean of the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Link {
    /// μ = η.
    #[default]
    Identity,
    /// μ = exp(η): effects are multiplicative and μ > 0.
    Log,
}

impl Family {
    /// Every family, in the order specs and help texts list them.
    pub const ALL: [Family; 5] = [
        Family::Gaussian,
        Family::Poisson,
        Family::QuasiPoisson,
        Family::Gamma,
        Family::NegBin,
    ];

    /// The name used in specs and results, e.g. `gaussian`.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Gaussian => "gaussian",
            Family::Poisson => "poisson",
            Family::QuasiPoisson => "quasipoisson",
            Family::Gamma => "gamma",
            Family::NegBin => "negbin",
        }
    }

    /// Parse a spec/flag name (`gaussian`, `poisson`, `quasipoisson`,
    /// `gamma`, `negbin`).
    pub fn parse(s: &str) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The link a spec gets when it names none: identity for the Gaussian
    /// family, log for every other (the log link keeps μ > 0; for Poisson
    /// and negative binomial it is also the canonical link).
    pub fn default_link(self) -> Link {
        match self {
            Family::Gaussian => Link::Identity,
            _ => Link::Log,
        }
    }

    /// Same as [`Family::default_link`] (kept for callers of the first
    /// version of the seam).
    pub fn canonical_link(self) -> Link {
        self.default_link()
    }

    /// Whether this is the Gaussian family (the default, left out of JSON so
    /// the results of existing specs stay byte-identical).
    pub fn is_gaussian(&self) -> bool {
        *self == Family::Gaussian
    }

    /// Whether the family estimates a dispersion φ (Gaussian, quasi-Poisson,
    /// Gamma) rather than fixing it at 1 (Poisson, negative binomial); tests
    /// of coefficients are then t rather than z, as R's `summary.glm`.
    pub fn estimates_dispersion(self) -> bool {
        matches!(
            self,
            Family::Gaussian | Family::QuasiPoisson | Family::Gamma
        )
    }

    /// Whether a likelihood (and so logLik/AIC/BIC) exists: not for the
    /// quasi-Poisson family (R reports `NA`).
    pub fn has_likelihood(self) -> bool {
        self != Family::QuasiPoisson
    }
}

impl Link {
    /// The name used in specs and results, e.g. `log`.
    pub fn as_str(self) -> &'static str {
        match self {
            Link::Identity => "identity",
            Link::Log => "log",
        }
    }

    /// Parse a spec/flag name (`identity`, `log`).
    pub fn parse(s: &str) -> Option<Link> {
        match s {
            "identity" => Some(Link::Identity),
            "log" => Some(Link::Log),
            _ => None,
        }
    }

    /// Whether this is the identity link (left out of JSON).
    pub fn is_identity(&self) -> bool {
        *self == Link::Identity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_serde_and_parse() {
        for f in Family::ALL {
            let j = serde_json::to_string(&f).unwrap();
            assert_eq!(j, format!("\"{}\"", f.as_str()));
            assert_eq!(serde_json::from_str::<Family>(&j).unwrap(), f);
            assert_eq!(Family::parse(f.as_str()), Some(f));
        }
        for l in [Link::Identity, Link::Log] {
            let j = serde_json::to_string(&l).unwrap();
            assert_eq!(j, format!("\"{}\"", l.as_str()));
            assert_eq!(Link::parse(l.as_str()), Some(l));
        }
        assert_eq!(Family::parse("binomial"), None);
        assert_eq!(Family::Gamma.default_link(), Link::Log);
        assert_eq!(Family::Gaussian.default_link(), Link::Identity);
    }
}
