//! Link functions of a generalized linear model: g(μ) = η, its inverse and
//! dμ/dη, as R's `make.link` defines them (`linkfun`, `linkinv`, `mu.eta`).

use serde::{Deserialize, Serialize};

/// The link between the mean μ and the linear predictor η = Xβ + offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Link {
    /// η = μ (the linear model).
    Identity,
    /// η = log μ: the modelled value stays positive and effects multiply.
    Log,
}

impl Link {
    /// The link's name as R spells it.
    pub fn name(self) -> &'static str {
        match self {
            Link::Identity => "identity",
            Link::Log => "log",
        }
    }

    /// η = g(μ).
    pub fn linkfun(self, mu: f64) -> f64 {
        match self {
            Link::Identity => mu,
            Link::Log => mu.ln(),
        }
    }

    /// μ = g⁻¹(η). The log link's inverse is bounded below by the machine
    /// epsilon, as R's `make.link("log")$linkinv` (`pmax(exp(eta), .Machine$double.eps)`).
    pub fn linkinv(self, eta: f64) -> f64 {
        match self {
            Link::Identity => eta,
            Link::Log => eta.exp().max(f64::EPSILON),
        }
    }

    /// dμ/dη at η, with the same lower bound as R's `mu.eta` for the log link.
    pub fn mu_eta(self, eta: f64) -> f64 {
        match self {
            Link::Identity => 1.0,
            Link::Log => eta.exp().max(f64::EPSILON),
        }
    }

    /// Whether η is admissible (R's `valideta`; always true for these links).
    pub fn valid_eta(self, eta: f64) -> bool {
        eta.is_finite()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_link_round_trips_and_derivative_is_mu() {
        for &mu in &[1e-3, 0.5, 1.0, 37.25, 4.0e6] {
            let eta = Link::Log.linkfun(mu);
            assert!((Link::Log.linkinv(eta) - mu).abs() <= 1e-15 * mu);
            // d exp(η)/dη = exp(η) = μ.
            assert!((Link::Log.mu_eta(eta) - mu).abs() <= 1e-15 * mu);
        }
        assert_eq!(Link::Log.linkinv(-800.0), f64::EPSILON);
    }

    #[test]
    fn identity_link_is_identity() {
        assert_eq!(Link::Identity.linkfun(-3.5), -3.5);
        assert_eq!(Link::Identity.linkinv(-3.5), -3.5);
        assert_eq!(Link::Identity.mu_eta(-3.5), 1.0);
    }
}
