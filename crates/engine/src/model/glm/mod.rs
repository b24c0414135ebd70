//! Generalized linear models (Gaussian, Poisson, quasi-Poisson, Gamma,
//! negative binomial; identity or log link) fitted by IRLS on the weighted QR
//! core, with R's inference and per-observation diagnostics.
//!
//! One file per concern, after R's family objects and linfa's `glm/`:
//! [`family`] (variance, deviance, AIC), [`link`] (g, g⁻¹, dμ/dη), [`irls`]
//! (the fit), [`negbin`] (θ by maximum likelihood), [`inference`]
//! (coefficient table, deviance, dispersion, likelihood, robust covariance)
//! and [`diagnostics`] (per-observation values, leave-one-out intervals,
//! outlier tests).
//!
//! Inputs are plain numbers: y, X with column names, optional prior weights,
//! an optional offset **already on the link scale** (for a count per
//! population, log(population): [`log_offset`] forms it and rejects a
//! non-positive population with its row), family, link, α and optional
//! cluster labels. Every error names the row (0-based, in the order given) so
//! the caller can name file, line and area.
//!
//! Agreement with R (`glm`, `MASS::glm.nb`, `summary.glm`, `rstandard`,
//! `rstudent`, `cooks.distance`, `dfbetas`, `hatvalues`, `predict(se.fit =
//! TRUE)`, `sandwich::vcovHC`/`vcovCL`) is tested on committed fixtures made
//! by `tests/fixtures/glm/make_fixtures.R`.

use ndarray::Array2;
use serde::Serialize;

pub(crate) mod chord;
pub mod diagnostics;
pub mod family;
pub mod inference;
pub mod irls;
pub mod link;
pub mod negbin;

pub use diagnostics::{GlmObs, LooMethod, EXACT_LOO_MAX_N};
pub use family::Family;
pub use inference::{GlmCoefficient, TestDistribution};
pub use link::Link;

use crate::model::fit::{Design, FitError};
use crate::results::Warning;
use family::Fam;
use irls::Problem;

/// What to fit: the data of one model.
#[derive(Debug, Clone)]
pub struct GlmData {
    /// Outcome (n).
    pub y: Vec<f64>,
    /// n×p design matrix (intercept, if any, as column 0).
    pub x: Array2<f64>,
    /// Column names (p), e.g. `(Intercept)`, `U00801`.
    pub names: Vec<String>,
    /// Whether column 0 is the intercept.
    pub intercept: bool,
    /// Prior weights (e.g. population), finite and > 0; `None` = all 1.
    pub weights: Option<Vec<f64>>,
    /// Offset on the link scale (e.g. log population); `None` = 0.
    pub offset: Option<Vec<f64>>,
    /// Cluster label per row for cluster-robust covariance; `None` = skip.
    pub clusters: Option<crate::data::TextColumn>,
}

/// How to fit it.
#[derive(Debug, Clone)]
pub struct GlmOptions {
    pub family: Family,
    /// `None` = the family's default (identity for gaussian, log otherwise).
    pub link: Option<Link>,
    /// Level for confidence and prediction intervals (0 < α < 1).
    pub alpha: f64,
    /// Cap on IRLS iterations (per θ step for the negative binomial).
    pub max_iter: usize,
    /// Largest n for which the leave-one-out values are exact refits; above
    /// it, the one-step approximation (see [`diagnostics`]).
    pub exact_loo_max_n: usize,
    /// Leave-one-out refits by the fully refined IRLS (as the main fit)
    /// rather than by cheap QR steps; for checking the latter.
    pub refined_loo: bool,
}

impl GlmOptions {
    /// Defaults for a family: its default link, α = 0.05, at most
    /// [`irls::MAX_ITER`] iterations, exact leave-one-out up to
    /// [`EXACT_LOO_MAX_N`].
    pub fn new(family: Family) -> Self {
        GlmOptions {
            family,
            link: None,
            alpha: 0.05,
            max_iter: irls::MAX_ITER,
            exact_loo_max_n: EXACT_LOO_MAX_N,
            refined_loo: false,
        }
    }
}

/// A fitted GLM: plain numbers only.
#[derive(Debug, Clone, Serialize)]
pub struct GlmFit {
    pub family: Family,
    pub link: Link,
    pub n: usize,
    /// Number of coefficients (the rank: rank-deficient designs are errors).
    pub p: usize,
    pub df_resid: usize,
    /// n − 1 with an intercept, n without (R's `df.null`).
    pub df_null: usize,
    pub coefficients: Vec<GlmCoefficient>,
    /// Whether the coefficient tests are t (dispersion estimated) or z.
    pub test: TestDistribution,
    /// φ̂·(XᵀWX)⁻¹ (`vcov(glm)`), p×p.
    pub cov: Array2<f64>,
    /// (XᵀWX)⁻¹ at the solution (`summary.glm`'s `cov.unscaled`).
    pub cov_unscaled: Array2<f64>,
    /// Heteroskedasticity-consistent covariances HC0–HC3, `sandwich::vcovHC`.
    pub cov_hc: [Array2<f64>; 4],
    /// Cluster-robust CR1 covariance (`sandwich::vcovCL`, type HC1), when
    /// clusters are given and there are at least two.
    pub cov_cluster: Option<Array2<f64>>,
    pub n_clusters: Option<usize>,
    /// Dispersion used for inference: the Pearson estimate Σ(Pearson
    /// residual)²/df for gaussian, quasi-Poisson and Gamma (`summary.glm`), 1
    /// for Poisson and negative binomial.
    pub dispersion: f64,
    /// Pearson χ² = Σ(Pearson residual)².
    pub pearson_chi2: f64,
    pub deviance: f64,
    /// Deviance of the intercept-only model with the same offset and
    /// weights (R's `null.deviance`; without an intercept, μ = g⁻¹(offset)).
    pub null_deviance: f64,
    /// 1 − deviance/null deviance.
    pub deviance_explained: f64,
    /// Log-likelihood, AIC and BIC in R's conventions (`logLik.glm`,
    /// `logLik.negbin`); `None` for quasi-Poisson.
    pub loglik: Option<f64>,
    pub aic: Option<f64>,
    pub bic: Option<f64>,
    /// Parameters counted by `logLik` (p, plus 1 for gaussian, Gamma and
    /// negative binomial).
    pub loglik_df: usize,
    /// θ̂ of the negative binomial and its standard error.
    pub theta: Option<f64>,
    pub theta_se: Option<f64>,
    /// IRLS iterations of the final fit.
    pub iterations: usize,
    /// Unit-column condition number of the weighted design at the solution.
    pub condition_number: f64,
    /// How the leave-one-out values were computed.
    pub loo_method: LooMethod,
    /// Per observation, in input order.
    pub obs: Vec<GlmObs>,
    pub warnings: Vec<Warning>,
}

/// Why a GLM could not be fitted. Rows are 0-based positions in the input.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GlmError {
    /// A design problem shared with the linear fit: too few rows, non-finite
    /// values, bad weights, constant/duplicated/aliased columns.
    #[error(transparent)]
    Design(#[from] FitError),
    #[error("row {row}: outcome {value} is not allowed for family {family} with link {link}: it must be > 0 (≥ 0 for counts and quasi-Poisson); exclude the row or choose another family")]
    NonPositiveOutcome {
        row: usize,
        value: f64,
        family: &'static str,
        link: &'static str,
    },
    #[error("row {row}: outcome {value} is not a count (a whole number ≥ 0) as family {family} requires; use quasipoisson for non-integer rates")]
    NotACount {
        row: usize,
        value: f64,
        family: &'static str,
    },
    #[error(
        "row {row}: offset source {value} must be finite and > 0 (its logarithm is the offset)"
    )]
    NonPositiveOffsetSource { row: usize, value: f64 },
    #[error("row {row}: offset {value} is not finite")]
    NonFiniteOffset { row: usize, value: f64 },
    #[error("{what} has {got} values for {n} rows")]
    Length {
        what: &'static str,
        got: usize,
        n: usize,
    },
    #[error("alpha must lie in (0, 1); got {0}")]
    BadAlpha(f64),
    #[error("no valid starting values: the family's starting means give an invalid linear predictor; check the outcome and offset")]
    InvalidStart,
    #[error("IRLS did not converge after {iterations} iterations ({reason}; largest relative coefficient change {change:.3e}); try fewer or rescaled covariates, a different link, or a larger iteration limit")]
    NotConverged {
        iterations: usize,
        change: f64,
        reason: NotConvergedReason,
    },
    #[error("IRLS iteration {iterations}: the modelled value of row(s) {} goes to zero where the outcome is zero: the covariates separate these rows (quasi-complete separation) and a coefficient diverges; drop or merge the covariate that isolates them", list_rows(.rows))]
    Separation { iterations: usize, rows: Vec<usize> },
    #[error("IRLS iteration {iteration}, row {row}: working weight is not positive and finite (modelled value {mu}): the fit ran into the boundary of the family; check the outcome and covariates of that row")]
    Boundary {
        iteration: usize,
        row: usize,
        mu: f64,
    },
    #[error("negative binomial: θ estimate {theta} is not finite and positive: the counts show no overdispersion relative to Poisson; use poisson (or quasipoisson)")]
    NoOverdispersion { theta: f64 },
    #[error("negative binomial: θ did not converge after {iterations} iterations (last θ = {theta}); try quasipoisson")]
    ThetaNotConverged { iterations: usize, theta: f64 },
}

/// Why IRLS stopped without converging.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotConvergedReason {
    /// Halving the step did not bring the deviance down.
    StepHalving,
    /// The iteration limit was reached with the coefficients still moving.
    StillChanging,
}

impl std::fmt::Display for NotConvergedReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NotConvergedReason::StepHalving => "step halving could not reduce the deviance",
            NotConvergedReason::StillChanging => "the coefficients were still changing",
        })
    }
}

fn list_rows(rows: &[usize]) -> String {
    let mut s: Vec<String> = rows.iter().take(10).map(|r| r.to_string()).collect();
    if rows.len() > 10 {
        s.push(format!("… ({} in all)", rows.len()));
    }
    s.join(", ")
}

/// log(source) as an offset, e.g. log(population); an error names the first
/// row whose source is not finite and > 0.
pub fn log_offset(source: &[f64]) -> Result<Vec<f64>, GlmError> {
    source
        .iter()
        .enumerate()
        .map(|(row, &v)| {
            if v.is_finite() && v > 0.0 {
                Ok(v.ln())
            } else {
                Err(GlmError::NonPositiveOffsetSource { row, value: v })
            }
        })
        .collect()
}

/// Fit a GLM and compute its inference and every per-observation diagnostic.
pub fn fit_glm(data: &GlmData, opts: &GlmOptions) -> Result<GlmFit, GlmError> {
    let family = opts.family;
    let link = opts.link.unwrap_or(family.default_link());
    if !(opts.alpha > 0.0 && opts.alpha < 1.0) {
        return Err(GlmError::BadAlpha(opts.alpha));
    }
    let n = data.y.len();
    // The linear fit's checks: shapes, finite values, weights, n > p,
    // constant and duplicated columns.
    let mut design = Design::new(
        data.y.clone(),
        data.x.clone(),
        data.names.clone(),
        data.intercept,
    );
    design.weights = data.weights.clone();
    crate::model::fit::check(&design)?;
    drop(design);
    family.check_outcome(link, &data.y)?;
    let offset = match &data.offset {
        Some(o) => {
            if o.len() != n {
                return Err(GlmError::Length {
                    what: "offset",
                    got: o.len(),
                    n,
                });
            }
            if let Some((row, &value)) = o.iter().enumerate().find(|(_, v)| !v.is_finite()) {
                return Err(GlmError::NonFiniteOffset { row, value });
            }
            o.clone()
        }
        None => vec![0.0; n],
    };
    if let Some(c) = &data.clusters {
        if c.len() != n {
            return Err(GlmError::Length {
                what: "cluster labels",
                got: c.len(),
                n,
            });
        }
    }
    let prior = data.weights.clone().unwrap_or_else(|| vec![1.0; n]);
    let pr = Problem {
        x: &data.x,
        names: &data.names,
        y: &data.y,
        prior: &prior,
        offset: &offset,
        link,
        max_iter: opts.max_iter,
    };
    let (fit, fam, theta_se) = fit_family(&pr, family)?;
    let inf = inference::infer(&pr, &fam, &fit, data, opts.alpha)?;
    let (obs, loo_method) = diagnostics::observations(&pr, &fam, &fit, &inf, opts);
    let mut warnings = Vec::new();
    if fit.sol.condition_number > 1e10 {
        warnings.push(Warning::CollinearGlm {
            condition_number: fit.sol.condition_number,
        });
    }
    let n_lev1 = obs.iter().filter(|o| o.hat >= 1.0).count();
    if n_lev1 > 0 {
        warnings.push(Warning::LeverageOneGlm { n: n_lev1 });
    }
    Ok(GlmFit {
        family,
        link,
        n,
        p: data.x.ncols(),
        df_resid: inf.df_resid,
        df_null: inf.df_null,
        coefficients: inf.coefficients,
        test: inf.test,
        cov: inf.cov,
        cov_unscaled: inf.cov_unscaled,
        cov_hc: inf.cov_hc,
        cov_cluster: inf.cov_cluster,
        n_clusters: inf.n_clusters,
        dispersion: inf.dispersion,
        pearson_chi2: inf.pearson_chi2,
        deviance: inf.deviance,
        null_deviance: inf.null_deviance,
        deviance_explained: 1.0 - inf.deviance / inf.null_deviance,
        loglik: inf.loglik,
        aic: inf.aic,
        bic: inf.bic,
        loglik_df: inf.loglik_df,
        theta: (family == Family::NegBin).then_some(fam.theta),
        theta_se,
        iterations: fit.iterations,
        condition_number: fit.sol.condition_number,
        loo_method,
        obs,
        warnings,
    })
}

/// The coefficients of a GLM (and θ for the negative binomial) without the
/// inference and per-observation diagnostics: for the refits of the
/// bootstrap and cross-validation, which only predict from β.
pub fn fit_coefficients(
    data: &GlmData,
    family: Family,
    link: Link,
) -> Result<(Vec<f64>, Option<f64>), GlmError> {
    family.check_outcome(link, &data.y)?;
    with_refit_problem(data, link, |pr| {
        if family == Family::NegBin {
            let (beta, theta) = negbin::fit_coefficients(pr)?;
            Ok((beta, Some(theta)))
        } else {
            Ok((
                irls::irls_coefficients(pr, &Fam::new(family), None)?.beta,
                None,
            ))
        }
    })
}

/// The IRLS problem of a refit (bootstrap, cross-validation, model search)
/// on data [`fit_glm`] has already checked: no offset is a zero offset, no
/// weights are unit weights.
fn with_refit_problem<T>(
    data: &GlmData,
    link: Link,
    f: impl FnOnce(&Problem) -> Result<T, GlmError>,
) -> Result<T, GlmError> {
    let n = data.y.len();
    let offset = data.offset.clone().unwrap_or_else(|| vec![0.0; n]);
    let prior = data.weights.clone().unwrap_or_else(|| vec![1.0; n]);
    f(&Problem {
        x: &data.x,
        names: &data.names,
        y: &data.y,
        prior: &prior,
        offset: &offset,
        link,
        max_iter: irls::MAX_ITER,
    })
}

/// Fit `family` by IRLS (θ by maximum likelihood for the negative binomial):
/// the fit, the family with its θ, and θ's standard error.
fn fit_family(pr: &Problem, family: Family) -> Result<(irls::Irls, Fam, Option<f64>), GlmError> {
    if family == Family::NegBin {
        let nb = negbin::fit(pr)?;
        let fam = Fam {
            family,
            theta: nb.theta,
        };
        Ok((nb.fit, fam, Some(nb.theta_se)))
    } else {
        let fam = Fam::new(family);
        Ok((irls::irls(pr, &fam, None)?, fam, None))
    }
}

/// The deviance and likelihood criteria of one fit, without the inference
/// and per-observation diagnostics: for model searches, which fit many
/// subsets and keep only these numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GlmCriteria {
    pub deviance: f64,
    /// Log-likelihood, AIC and BIC as [`GlmFit`] (R's `logLik`, `AIC`,
    /// `BIC`); `None` for quasi-Poisson.
    pub loglik: Option<f64>,
    pub aic: Option<f64>,
    pub bic: Option<f64>,
    /// Parameters counted by `logLik` (p, plus 1 for gaussian, Gamma and
    /// negative binomial).
    pub loglik_df: usize,
    pub theta: Option<f64>,
}

/// Fit a GLM and return only its deviance, log-likelihood, AIC and BIC (the
/// same IRLS, θ estimation and formulas as [`fit_glm`]).
pub fn fit_criteria(data: &GlmData, family: Family, link: Link) -> Result<GlmCriteria, GlmError> {
    let (n, p) = data.x.dim();
    family.check_outcome(link, &data.y)?;
    let (fam, dev, family_aic) = with_refit_problem(data, link, |pr| {
        let (fit, fam, _) = fit_family(pr, family)?;
        let dev = irls::deviance(&fam, &data.y, &fit.mu, pr.prior);
        let family_aic = fam.aic(&data.y, &fit.mu, pr.prior, dev);
        Ok((fam, dev, family_aic))
    })?;
    // As `inference::infer`: k = rank (+1 for a dispersion or θ).
    let loglik_df = p + usize::from(matches!(
        family,
        Family::Gaussian | Family::Gamma | Family::NegBin
    ));
    let (loglik, aic, bic) = match family_aic {
        Some(a) => {
            let aic = a + 2.0 * p as f64;
            let k = loglik_df as f64;
            let ll = k - aic / 2.0;
            (Some(ll), Some(aic), Some(-2.0 * ll + (n as f64).ln() * k))
        }
        None => (None, None, None),
    };
    Ok(GlmCriteria {
        deviance: dev,
        loglik,
        aic,
        bic,
        loglik_df,
        theta: (family == Family::NegBin).then_some(fam.theta),
    })
}

/// Unit deviance of one observation times its prior weight `w` (R's
/// `family$dev.resids`), with θ for the negative binomial; NaN where μ is
/// outside the family's range (μ ≤ 0 for every family but the Gaussian).
pub fn unit_deviance(family: Family, theta: Option<f64>, y: f64, mu: f64, w: f64) -> f64 {
    let fam = Fam {
        family,
        theta: theta.unwrap_or(f64::INFINITY),
    };
    if !fam.valid_mu(mu) {
        return f64::NAN;
    }
    fam.dev_resid(y, mu, w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_types_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<GlmFit>();
        assert_send_sync::<GlmData>();
        assert_send_sync::<GlmOptions>();
        assert_send_sync::<GlmError>();
    }

    #[test]
    fn log_offset_rejects_non_positive_population_with_its_row() {
        assert_eq!(
            log_offset(&[10.0, 0.0]).unwrap_err(),
            GlmError::NonPositiveOffsetSource { row: 1, value: 0.0 }
        );
        assert!((log_offset(&[std::f64::consts::E]).unwrap()[0] - 1.0).abs() < 1e-15);
    }
}
