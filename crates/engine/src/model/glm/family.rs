//! Error distributions of a generalized linear model, as R's family objects
//! define them: the variance function, deviance residuals, the `aic` term,
//! valid means and starting values (`gaussian()`, `poisson()`,
//! `quasipoisson()`, `Gamma()` in R's stats, `MASS::negative.binomial`).

use serde::{Deserialize, Serialize};
use statrs::function::gamma::ln_gamma;

use super::link::Link;
use super::GlmError;

/// The error distribution (family) of a GLM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// Normal errors, V(μ) = 1, dispersion estimated (σ²).
    Gaussian,
    /// Poisson counts, V(μ) = μ, dispersion fixed at 1. Counts must be whole
    /// numbers ≥ 0 (R only warns on non-integers; here it is an error, because
    /// the likelihood, AIC and BIC are undefined for them — use quasipoisson).
    Poisson,
    /// V(μ) = μ with the dispersion estimated (Pearson): for non-negative
    /// outcomes that need not be whole numbers, such as kr per inhabitant.
    /// No likelihood, so no AIC/BIC.
    QuasiPoisson,
    /// V(μ) = μ², dispersion estimated (Pearson): a constant coefficient of
    /// variation. The outcome must be > 0.
    Gamma,
    /// Negative binomial counts, V(μ) = μ + μ²/θ with θ estimated by maximum
    /// likelihood (`MASS::glm.nb`); dispersion fixed at 1.
    NegBin,
}

impl Family {
    /// The family's name as R prints it (negative binomial without θ).
    pub fn name(self) -> &'static str {
        match self {
            Family::Gaussian => "gaussian",
            Family::Poisson => "poisson",
            Family::QuasiPoisson => "quasipoisson",
            Family::Gamma => "Gamma",
            Family::NegBin => "Negative Binomial",
        }
    }

    /// The default link: identity for gaussian, log for the others.
    pub fn default_link(self) -> Link {
        match self {
            Family::Gaussian => Link::Identity,
            _ => Link::Log,
        }
    }

    /// Whether `summary.glm` estimates the dispersion (then t tests) or fixes
    /// it at 1 (then z tests).
    pub fn dispersion_estimated(self) -> bool {
        matches!(
            self,
            Family::Gaussian | Family::QuasiPoisson | Family::Gamma
        )
    }

    /// Whether a likelihood (and so log-likelihood, AIC, BIC) exists.
    pub fn has_likelihood(self) -> bool {
        !matches!(self, Family::QuasiPoisson)
    }

    /// Whether the outcome must be whole-number counts.
    pub fn counts(self) -> bool {
        matches!(self, Family::Poisson | Family::NegBin)
    }

    /// Check the outcome against the family and link; the error names the
    /// first offending row.
    pub fn check_outcome(self, link: Link, y: &[f64]) -> Result<(), GlmError> {
        for (row, &v) in y.iter().enumerate() {
            if !v.is_finite() {
                return Err(GlmError::Design(crate::model::fit::FitError::NonFinite {
                    row,
                    column: "(outcome)".into(),
                    value: v,
                }));
            }
            if self.counts() && (v < 0.0 || v.fract() != 0.0) {
                return Err(GlmError::NotACount {
                    row,
                    value: v,
                    family: self.name(),
                });
            }
            let bad = match self {
                Family::Gamma => v <= 0.0,
                Family::Poisson | Family::QuasiPoisson | Family::NegBin => v < 0.0,
                // R's gaussian()$initialize: a log link needs y > 0 to start.
                Family::Gaussian => link == Link::Log && v <= 0.0,
            };
            if bad {
                return Err(GlmError::NonPositiveOutcome {
                    row,
                    value: v,
                    family: self.name(),
                    link: link.name(),
                });
            }
        }
        Ok(())
    }
}

/// A family with its ancillary parameter (θ of the negative binomial; unused
/// by the others).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Fam {
    pub family: Family,
    pub theta: f64,
}

impl Fam {
    pub fn new(family: Family) -> Self {
        Fam {
            family,
            theta: f64::INFINITY,
        }
    }

    /// V(μ).
    pub fn variance(&self, mu: f64) -> f64 {
        match self.family {
            Family::Gaussian => 1.0,
            Family::Poisson | Family::QuasiPoisson => mu,
            Family::Gamma => mu * mu,
            Family::NegBin => mu + mu * mu / self.theta,
        }
    }

    /// R's `validmu`.
    pub fn valid_mu(&self, mu: f64) -> bool {
        match self.family {
            Family::Gaussian => mu.is_finite(),
            _ => mu.is_finite() && mu > 0.0,
        }
    }

    /// Starting means, R's `family$initialize` (`mustart`).
    pub fn mustart(&self, y: f64) -> f64 {
        match self.family {
            Family::Gaussian | Family::Gamma => y,
            Family::Poisson | Family::QuasiPoisson => y + 0.1,
            Family::NegBin => y + if y == 0.0 { 1.0 / 6.0 } else { 0.0 },
        }
    }

    /// Unit deviance times the prior weight, R's `dev.resids`.
    pub fn dev_resid(&self, y: f64, mu: f64, wt: f64) -> f64 {
        match self.family {
            Family::Gaussian => wt * (y - mu) * (y - mu),
            Family::Poisson | Family::QuasiPoisson => {
                if y > 0.0 {
                    2.0 * wt * (y * (y / mu).ln() - (y - mu))
                } else {
                    2.0 * mu * wt
                }
            }
            Family::Gamma => {
                let r = if y == 0.0 { 1.0 } else { y / mu };
                -2.0 * wt * (r.ln() - (y - mu) / mu)
            }
            Family::NegBin => {
                let th = self.theta;
                2.0 * wt * (y * (y.max(1.0) / mu).ln() - (y + th) * ((y + th) / (mu + th)).ln())
            }
        }
    }

    /// R's `family$aic(y, n, mu, wt, dev)`: −2 log-likelihood up to the
    /// 2·rank that `glm` adds (and, for gaussian and Gamma, the +2 for the
    /// dispersion already inside). `None` without a likelihood.
    ///
    /// Gamma uses the deviance-based dispersion dev/Σwt, exactly as R's
    /// `Gamma()$aic` (not the Pearson estimate `summary.glm` reports).
    pub fn aic(&self, y: &[f64], mu: &[f64], wt: &[f64], dev: f64) -> Option<f64> {
        let n = y.len();
        match self.family {
            Family::QuasiPoisson => None,
            Family::Gaussian => {
                // R: nobs*(log(2*pi*dev/nobs)+1)+2 - sum(log(wt)).
                let nobs = n as f64;
                let slw: f64 = wt.iter().map(|w| w.ln()).sum();
                Some(nobs * ((2.0 * std::f64::consts::PI * dev / nobs).ln() + 1.0) + 2.0 - slw)
            }
            Family::Poisson => {
                // −2 Σ wt·log dpois(y, μ).
                let s: f64 = (0..n).map(|i| wt[i] * (ln_dpois(y[i], mu[i]))).sum();
                Some(-2.0 * s)
            }
            Family::Gamma => {
                let sw: f64 = wt.iter().sum();
                let disp = dev / sw;
                let shape = 1.0 / disp;
                let s: f64 = (0..n)
                    .map(|i| wt[i] * ln_dgamma(y[i], shape, mu[i] * disp))
                    .sum();
                Some(-2.0 * s + 2.0)
            }
            Family::NegBin => Some(-2.0 * negbin_loglik(self.theta, y, mu, wt) + 2.0),
        }
    }
}

/// log dpois(y; μ) = y log μ − μ − log y! (y = 0 gives −μ).
fn ln_dpois(y: f64, mu: f64) -> f64 {
    if y == 0.0 {
        -mu
    } else {
        y * mu.ln() - mu - ln_gamma(y + 1.0)
    }
}

/// log dgamma(y; shape a, scale s).
fn ln_dgamma(y: f64, a: f64, s: f64) -> f64 {
    -ln_gamma(a) - a * s.ln() + (a - 1.0) * y.ln() - y / s
}

/// The negative binomial log-likelihood of `MASS::glm.nb`'s internal
/// `loglik`: Σ w(lgamma(θ+y) − lgamma(θ) − lgamma(y+1) + θ log θ
/// + y log(μ + [y=0]) − (θ+y) log(θ+μ)).
pub(crate) fn negbin_loglik(th: f64, y: &[f64], mu: &[f64], w: &[f64]) -> f64 {
    (0..y.len())
        .map(|i| {
            let yi = y[i];
            let m = mu[i] + if yi == 0.0 { 1.0 } else { 0.0 };
            w[i] * (ln_gamma(th + yi) - ln_gamma(th) - ln_gamma(yi + 1.0)
                + th * th.ln()
                + yi * m.ln()
                - (th + yi) * (th + mu[i]).ln())
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variance_functions() {
        let nb = Fam {
            family: Family::NegBin,
            theta: 4.0,
        };
        assert_eq!(nb.variance(2.0), 3.0);
        assert_eq!(Fam::new(Family::Gamma).variance(3.0), 9.0);
        assert_eq!(Fam::new(Family::QuasiPoisson).variance(3.0), 3.0);
    }

    #[test]
    fn deviance_vanishes_at_the_data() {
        for f in [Family::Gaussian, Family::Poisson, Family::Gamma] {
            assert!(Fam::new(f).dev_resid(3.0, 3.0, 2.0).abs() < 1e-15);
        }
        // Poisson at y = 0: 2μ (hand: y log y → 0).
        assert_eq!(Fam::new(Family::Poisson).dev_resid(0.0, 1.5, 1.0), 3.0);
    }

    #[test]
    fn outcome_checks_name_the_row() {
        let e = Family::Poisson
            .check_outcome(Link::Log, &[1.0, 2.5])
            .unwrap_err();
        assert!(matches!(e, GlmError::NotACount { row: 1, .. }));
        let e = Family::Gamma
            .check_outcome(Link::Log, &[1.0, 0.0])
            .unwrap_err();
        assert!(matches!(e, GlmError::NonPositiveOutcome { row: 1, .. }));
        assert!(Family::QuasiPoisson
            .check_outcome(Link::Log, &[0.0, 2.5])
            .is_ok());
    }
}
