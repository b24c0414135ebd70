//! Inference for a fitted GLM, as R reports it: the coefficient table of
//! `summary.glm` (z for Poisson and negative binomial, t on the residual
//! degrees of freedom where the dispersion is estimated), Wald confidence
//! intervals β̂ ± q·SE with q from the same distribution as the test (R's
//! `confint.default` for z; MASS's `confint.glm` profiles the likelihood
//! instead), deviance and null deviance, the Pearson dispersion, `logLik`,
//! `AIC`, `BIC`, and the sandwich covariances of `sandwich::vcovHC` and
//! `sandwich::vcovCL` for a glm.
//!
//! For a glm, `sandwich`'s estimating functions are wᵢrᵢxᵢ (working weight
//! times working residual) and its bread is (XᵀWX)⁻¹; the dispersions in both
//! cancel, so HC0 = (XᵀWX)⁻¹ [Σ eᵢ² wᵢxᵢxᵢᵀ] (XᵀWX)⁻¹ with eᵢ the Pearson
//! residual: the linear model's formula on the whitened design √W·X with the
//! Pearson residuals. HC1 scales by n/(n−p), HC2 divides eᵢ² by 1−hᵢ, HC3 by
//! (1−hᵢ)², with hᵢ the hat values of the IRLS weights. CR1 is
//! G/(G−1)·(n−1)/(n−p)·(XᵀWX)⁻¹ [Σ_g u_g u_gᵀ] (XᵀWX)⁻¹, u_g = Σ_{i∈g} eᵢ√wᵢxᵢ
//! (`vcovCL(type = "HC1", cadjust = TRUE)`).

use ndarray::Array2;
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use super::family::{Fam, Family};
use super::irls::{deviance, irls_coefficients, Irls, Problem};
use super::link::Link;
use super::{GlmData, GlmError};
use crate::model::fit::FitError;
use crate::numerics::dd::sum2;

/// The reference distribution of the coefficient tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TestDistribution {
    /// Standard normal: the dispersion is known (Poisson, negative binomial).
    Z,
    /// Student t on the residual degrees of freedom: the dispersion is
    /// estimated (gaussian, quasi-Poisson, Gamma).
    T,
}

/// One row of the coefficient table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GlmCoefficient {
    pub name: String,
    pub estimate: f64,
    /// √(φ̂·[(XᵀWX)⁻¹]ⱼⱼ).
    pub std_error: f64,
    /// estimate / std_error: z or t as [`GlmFit::test`](super::GlmFit) says.
    pub statistic: f64,
    /// Two-sided p-value.
    pub p: f64,
    /// Wald (1−α) interval.
    pub ci_low: f64,
    pub ci_high: f64,
    pub hc0_std_error: f64,
    pub hc1_std_error: f64,
    pub hc2_std_error: f64,
    pub hc3_std_error: f64,
    pub cluster_std_error: Option<f64>,
}

/// Everything `fit_glm` needs from inference.
pub(crate) struct Inference {
    pub coefficients: Vec<GlmCoefficient>,
    pub test: TestDistribution,
    pub cov: Array2<f64>,
    pub cov_unscaled: Array2<f64>,
    pub cov_hc: [Array2<f64>; 4],
    pub cov_cluster: Option<Array2<f64>>,
    pub n_clusters: Option<usize>,
    pub dispersion: f64,
    pub pearson_chi2: f64,
    pub deviance: f64,
    pub null_deviance: f64,
    pub loglik: Option<f64>,
    pub aic: Option<f64>,
    pub bic: Option<f64>,
    pub loglik_df: usize,
    pub df_resid: usize,
    pub df_null: usize,
    /// Pearson residuals eᵢ = (yᵢ − μᵢ)√priorᵢ/√V(μᵢ).
    pub pearson: Vec<f64>,
    /// Hat values of the IRLS weights.
    pub hat: Vec<f64>,
    /// Row i of √wᵢ·xᵢᵀ(XᵀWX)⁻¹ (n×p, original coordinates).
    pub z: Array2<f64>,
}

/// A hat value this close to 1 counts as 1 (R's `lm.influence`: 10ε).
pub const HAT_ONE_TOL: f64 = 10.0 * f64::EPSILON;

pub(crate) fn infer(
    pr: &Problem,
    fam: &Fam,
    fit: &Irls,
    data: &GlmData,
    alpha: f64,
) -> Result<Inference, GlmError> {
    let (n, p) = pr.x.dim();
    let family = fam.family;
    let df_resid = n - p;
    let sol = &fit.sol;
    let mult = &fit.mult;
    let rinv = &sol.rinv;

    let cov_unscaled = Array2::from_shape_fn((p, p), |(i, j)| {
        let s: f64 = (i.max(j)..p).map(|k| rinv[[i, k]] * rinv[[j, k]]).sum();
        s * mult[i] * mult[j]
    });
    let hat: Vec<f64> = (0..n)
        .map(|i| {
            let h: f64 = sol.q.row(i).iter().map(|v| v * v).sum();
            if h > 1.0 - HAT_ONE_TOL {
                1.0
            } else {
                h
            }
        })
        .collect();
    let z = Array2::from_shape_fn((n, p), |(i, j)| {
        (j..p).map(|k| rinv[[j, k]] * sol.q[[i, k]]).sum::<f64>() * mult[j]
    });
    let pearson: Vec<f64> = (0..n)
        .map(|i| (pr.y[i] - fit.mu[i]) * pr.prior[i].sqrt() / fam.variance(fit.mu[i]).sqrt())
        .collect();
    let pearson_chi2 = sum2(pearson.iter().map(|e| e * e)).to_f64();
    let dispersion = if family.dispersion_estimated() {
        pearson_chi2 / df_resid as f64
    } else {
        1.0
    };
    let cov = cov_unscaled.mapv(|v| v * dispersion);

    // Sandwich covariances on the whitened design with Pearson residuals.
    let nf = n as f64;
    let [hc0, hc2, hc3] = sandwiches(&z, &pearson, &hat);
    let hc1 = hc0.mapv(|v| v * nf / df_resid as f64);
    let (scores, n_clusters) = match data.clusters.as_ref() {
        Some(cl) => {
            let (s, g) = crate::model::fit::cluster_scores(&z, &pearson, cl, df_resid);
            (s, Some(g))
        }
        None => (None, None),
    };
    let cov_cluster = scores.map(|(u, c)| {
        Array2::from_shape_fn((p, p), |(a, b)| {
            c * u
                .column(a)
                .iter()
                .zip(u.column(b))
                .map(|(x, y)| x * y)
                .sum::<f64>()
        })
    });

    let test = if family.dispersion_estimated() {
        TestDistribution::T
    } else {
        TestDistribution::Z
    };
    let (q, pval): (f64, Box<dyn Fn(f64) -> f64>) = match test {
        TestDistribution::T => {
            let t = StudentsT::new(0.0, 1.0, df_resid as f64)
                .map_err(|e| GlmError::Design(FitError::Backend(e.to_string())))?;
            (
                t.inverse_cdf(1.0 - alpha / 2.0),
                Box::new(move |s: f64| 2.0 * t.sf(s.abs())),
            )
        }
        TestDistribution::Z => {
            let z = Normal::standard();
            (
                z.inverse_cdf(1.0 - alpha / 2.0),
                Box::new(move |s: f64| 2.0 * z.sf(s.abs())),
            )
        }
    };
    let coefficients = (0..p)
        .map(|j| {
            let est = fit.beta[j];
            let se = cov[[j, j]].max(0.0).sqrt();
            let stat = est / se;
            GlmCoefficient {
                name: pr.names[j].clone(),
                estimate: est,
                std_error: se,
                statistic: stat,
                p: pval(stat),
                ci_low: est - q * se,
                ci_high: est + q * se,
                hc0_std_error: hc0[[j, j]].max(0.0).sqrt(),
                hc1_std_error: hc1[[j, j]].max(0.0).sqrt(),
                hc2_std_error: hc2[[j, j]].max(0.0).sqrt(),
                hc3_std_error: hc3[[j, j]].max(0.0).sqrt(),
                cluster_std_error: cov_cluster.as_ref().map(|c| c[[j, j]].max(0.0).sqrt()),
            }
        })
        .collect();

    let dev = deviance(fam, pr.y, &fit.mu, pr.prior);
    let null_deviance = null_deviance(pr, fam, data.intercept)?;
    let df_null = n - usize::from(data.intercept);

    // logLik in R's conventions: k = rank (+1 for a dispersion parameter of
    // gaussian and Gamma, +1 for θ of the negative binomial).
    let loglik_df = p + usize::from(matches!(
        family,
        Family::Gaussian | Family::Gamma | Family::NegBin
    ));
    let (loglik, aic, bic) = match fam.aic(pr.y, &fit.mu, pr.prior, dev) {
        Some(a) => {
            let aic = a + 2.0 * p as f64;
            let k = loglik_df as f64;
            let ll = k - aic / 2.0;
            (Some(ll), Some(aic), Some(-2.0 * ll + nf.ln() * k))
        }
        None => (None, None, None),
    };

    Ok(Inference {
        coefficients,
        test,
        cov,
        cov_unscaled,
        cov_hc: [hc0, hc1, hc2, hc3],
        cov_cluster,
        n_clusters,
        dispersion,
        pearson_chi2,
        deviance: dev,
        null_deviance,
        loglik,
        aic,
        bic,
        loglik_df,
        df_resid,
        df_null,
        pearson,
        hat,
        z,
    })
}

/// The meat-and-bread products Σᵢ ωᵢ·zᵢₐ·zᵢ_b of HC0, HC2 and HC3 (ωᵢ = eᵢ²,
/// eᵢ²/(1−hᵢ), eᵢ²/(1−hᵢ)²; 0 at leverage 1) in one pass over the rows.
/// Every entry is the same sum as evaluated entry by entry — the same
/// products (ωᵢ·zᵢₐ)·zᵢ_b added in row order — so the values are identical
/// bit for bit; reading each row of z once instead of 3p² times is what
/// makes it fast.
fn sandwiches(z: &Array2<f64>, pearson: &[f64], hat: &[f64]) -> [Array2<f64>; 3] {
    let (n, p) = z.dim();
    // −0.0, the start of `Iterator::sum` for f64, so that even the sign of
    // a zero agrees.
    let mut acc = vec![vec![-0.0f64; p * p]; 3];
    let mut row = vec![0.0f64; p];
    for i in 0..n {
        for (r, v) in row.iter_mut().zip(z.row(i)) {
            *r = *v;
        }
        let e2 = pearson[i] * pearson[i];
        let omega = [
            e2,
            if hat[i] >= 1.0 {
                0.0
            } else {
                e2 / (1.0 - hat[i])
            },
            if hat[i] >= 1.0 {
                0.0
            } else {
                e2 / ((1.0 - hat[i]) * (1.0 - hat[i]))
            },
        ];
        for (m, &om) in acc.iter_mut().zip(&omega) {
            for (a, &za) in row.iter().enumerate() {
                let t = om * za;
                for (s, &zb) in m[a * p..(a + 1) * p].iter_mut().zip(&row) {
                    *s += t * zb;
                }
            }
        }
    }
    let mut it = acc
        .into_iter()
        .map(|m| Array2::from_shape_vec((p, p), m).expect("p×p"));
    [
        it.next().expect("HC0"),
        it.next().expect("HC2"),
        it.next().expect("HC3"),
    ]
}

/// R's null deviance: with an intercept, the deviance of the intercept-only
/// fit with the same offset and weights (`glm` refits it when there is an
/// offset; without one it is the weighted mean, which that fit reproduces);
/// without an intercept, μ = g⁻¹(offset).
fn null_deviance(pr: &Problem, fam: &Fam, intercept: bool) -> Result<f64, GlmError> {
    let n = pr.y.len();
    if !intercept {
        let mu: Vec<f64> = pr.offset.iter().map(|&o| pr.link.linkinv(o)).collect();
        return Ok(deviance(fam, pr.y, &mu, pr.prior));
    }
    if pr.offset.iter().all(|&o| o == 0.0) {
        let sw = sum2(pr.prior.iter().copied()).to_f64();
        let m = sum2((0..n).map(|i| pr.prior[i] * pr.y[i])).to_f64() / sw;
        return Ok(deviance(fam, pr.y, &vec![m; n], pr.prior));
    }
    let ones = Array2::from_elem((n, 1), 1.0);
    let names = vec![pr.names[0].clone()];
    let sub = Problem {
        x: &ones,
        names: &names,
        ..*pr
    };
    // Under the log link, started at the Poisson maximum-likelihood
    // intercept log(Σwy / Σw·e^offset) (exact for Poisson and quasi-Poisson,
    // close for the others) rather than at the family's starting means; the
    // same converged fit, in fewer steps. Only μ is needed, not the QR.
    let start = (pr.link == Link::Log)
        .then(|| {
            let num = sum2((0..n).map(|i| pr.prior[i] * pr.y[i])).to_f64();
            let den = sum2((0..n).map(|i| pr.prior[i] * pr.offset[i].exp())).to_f64();
            (num / den).ln()
        })
        .filter(|b| b.is_finite());
    let f = irls_coefficients(&sub, fam, start.as_ref().map(std::slice::from_ref))?;
    Ok(deviance(fam, pr.y, &f.mu, pr.prior))
}
