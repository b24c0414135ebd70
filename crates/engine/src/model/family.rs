//! The model-family seam: the one place a spec's family is dispatched to the
//! code that fits it. Every caller that fits a spec (`analysis::task`, and so
//! the runner, `compare`, `trend` and `fit`; the bootstrap and
//! cross-validation refits) comes through [`fit`].
//!
//! The Gaussian family with the identity link is OLS/WLS (`model::fit`);
//! every other family/link is a GLM (`model::glm`), whose result is mapped
//! into the same [`Fitted`] so that assembling, flags and every view work
//! for all families. The mapping of the GLM numbers onto the Gaussian-shaped
//! fields is stated in `contract::results` (FitStats, AreaRow) and here:
//!
//! | field | GLM value |
//! |-------|-----------|
//! | `fitted` | μ̂ (response scale) |
//! | `residual` | response residual y − μ̂ |
//! | `leverage` | hat value of the IRLS weights at the solution |
//! | `studentized_internal` / `_external` | `rstandard.glm` / `rstudent.glm` |
//! | `cooks_d` | `cooks.distance.glm` |
//! | `dffits` | rstudent·√(h/(1−h)), the lm formula on the IRLS-weighted model |
//! | `pi_low`/`pi_high`, `loo_pi_*` | the area interval, computed leave-one-out |
//! | `ci_low`/`ci_high` | confidence interval of μ̂, g⁻¹(η̂ ∓ q·se(η̂)) |
//! | `loo_fitted` | μ̂₍ᵢ₎ of the fit without the area |
//! | `rss` / `tss` | deviance / null deviance (so r2 = 1 − rss/tss still holds) |

pub use contract::family::{Family, Link};

use super::fit::{Design, FitOptions, Fitted, ObsDiagnostics};
use super::glm::{self, GlmData, GlmError, GlmFit, GlmOptions, LooMethod, TestDistribution};
use crate::results::{CoefficientRow, FitStats, GlmStats};

/// The engine's GLM family for a contract family.
pub fn glm_family(f: Family) -> glm::Family {
    match f {
        Family::Gaussian => glm::Family::Gaussian,
        Family::Poisson => glm::Family::Poisson,
        Family::QuasiPoisson => glm::Family::QuasiPoisson,
        Family::Gamma => glm::Family::Gamma,
        Family::NegBin => glm::Family::NegBin,
    }
}

/// The engine's GLM link for a contract link.
pub fn glm_link(l: Link) -> glm::Link {
    match l {
        Link::Identity => glm::Link::Identity,
        Link::Log => glm::Link::Log,
    }
}

/// Whether `(family, link)` is fitted by least squares rather than IRLS.
pub fn is_least_squares(family: Family, link: Link) -> bool {
    family == Family::Gaussian && link == Link::Identity
}

/// Fit `design` with the family's estimator and link.
pub fn fit(
    family: Family,
    link: Link,
    design: &Design,
    opts: &FitOptions,
) -> Result<Fitted, GlmError> {
    if is_least_squares(family, link) {
        // Ordinary / weighted least squares (weights in the design).
        return Ok(super::fit::fit(design, opts)?);
    }
    let g = fit_glm_design(family, link, design, opts.alpha, None)?;
    Ok(to_fitted(&g, design))
}

/// Fit a GLM on a design (offset and weights from the design).
/// `exact_loo_max_n` overrides the size up to which leave-one-out values are
/// exact refits (`Some(0)`: always the one-step approximation, for refits
/// whose diagnostics are not used).
pub fn fit_glm_design(
    family: Family,
    link: Link,
    design: &Design,
    alpha: f64,
    exact_loo_max_n: Option<usize>,
) -> Result<GlmFit, GlmError> {
    let data = GlmData {
        y: design.y.clone(),
        x: match &design.x_lo {
            // A GLM works on the f64 design: the double-double low parts
            // (polynomial terms) are added in.
            Some(lo) => &design.x + lo,
            None => design.x.clone(),
        },
        names: design.names.clone(),
        intercept: design.intercept,
        weights: design.weights.clone(),
        offset: design.offset.clone(),
        clusters: design.clusters.clone(),
    };
    let mut o = GlmOptions::new(glm_family(family));
    o.link = Some(glm_link(link));
    o.alpha = alpha;
    if let Some(m) = exact_loo_max_n {
        o.exact_loo_max_n = m;
    }
    glm::fit_glm(&data, &o)
}

/// The design row a fit error is about, if any (to name the data line and area).
pub fn error_row(e: &GlmError) -> Option<usize> {
    match e {
        GlmError::Design(f) => f.row(),
        GlmError::NonPositiveOutcome { row, .. }
        | GlmError::NotACount { row, .. }
        | GlmError::NonPositiveOffsetSource { row, .. }
        | GlmError::NonFiniteOffset { row, .. }
        | GlmError::Boundary { row, .. } => Some(*row),
        GlmError::Separation { rows, .. } => rows.first().copied(),
        _ => None,
    }
}

/// Map a GLM fit into the shape every downstream step reads (see the table in
/// the module documentation).
pub fn to_fitted(g: &GlmFit, design: &Design) -> Fitted {
    let coefficients = g
        .coefficients
        .iter()
        .map(|c| CoefficientRow {
            name: c.name.clone(),
            estimate: c.estimate,
            std_error: c.std_error,
            t: c.statistic,
            p: c.p,
            ci_low: c.ci_low,
            ci_high: c.ci_high,
            hc3_std_error: c.hc3_std_error,
            vif: None,
            hc0_std_error: c.hc0_std_error,
            hc1_std_error: c.hc1_std_error,
            hc2_std_error: c.hc2_std_error,
            cluster_std_error: c.cluster_std_error,
            standardized: None,
        })
        .collect();
    let obs = g
        .obs
        .iter()
        .map(|o| {
            let lev1 = o.hat >= 1.0;
            let dffits = o
                .rstudent
                .filter(|_| !lev1)
                .map(|t| t * (o.hat / (1.0 - o.hat)).sqrt());
            ObsDiagnostics {
                fitted: o.mu,
                residual: o.resid_response,
                leverage: o.hat,
                studentized_internal: o.rstandard,
                studentized_external: o.rstudent,
                cooks_d: o.cooks_d,
                dffits,
                dfbetas: o.dfbetas.iter().map(|&d| (!lev1).then_some(d)).collect(),
                loo_fitted: o.loo_mu,
                p_outlier: o.p_outlier,
                p_bonferroni: o.p_bonferroni,
                q_bh: o.q_bh,
                pi_low: o.pi_low.unwrap_or(o.mu),
                pi_high: o.pi_high.unwrap_or(o.mu),
                loo_pi_low: o.pi_low,
                loo_pi_high: o.pi_high,
                ci_low: o.ci_low,
                ci_high: o.ci_high,
                note: lev1.then(|| {
                    "leverage 1: the area alone determines a coefficient; no leave-one-out value"
                        .to_string()
                }),
                resid_pearson: Some(o.resid_pearson),
                resid_deviance: Some(o.resid_deviance),
            }
        })
        .collect();
    let adj = if g.null_deviance > 0.0 && g.df_resid > 0 && g.df_null > 0 {
        1.0 - (g.deviance / g.df_resid as f64) / (g.null_deviance / g.df_null as f64)
    } else {
        f64::NAN
    };
    let stats = FitStats {
        n: g.n,
        p: g.p,
        df_resid: g.df_resid,
        r2: g.deviance_explained,
        adj_r2: adj,
        sigma: g.dispersion.sqrt(),
        f: None,
        f_p: None,
        loglik: g.loglik.unwrap_or(f64::NAN),
        aic: g.aic.unwrap_or(f64::NAN),
        bic: g.bic.unwrap_or(f64::NAN),
        condition_number: g.condition_number,
        weighted: design.weights.is_some(),
        rss: g.deviance,
        tss: g.null_deviance,
        centred: design.intercept,
        solver: format!(
            "irls ({}, {} link) [{}]",
            g.family.name(),
            g.link.name(),
            crate::numerics::linalg::backend_name()
        ),
        clusters: g.n_clusters,
        warnings: g.warnings.clone(),
        glm: Some(GlmStats {
            deviance: g.deviance,
            null_deviance: g.null_deviance,
            deviance_explained: g.deviance_explained,
            dispersion: g.dispersion,
            pearson_chi2: g.pearson_chi2,
            df_null: g.df_null,
            theta: g.theta,
            theta_se: g.theta_se,
            iterations: g.iterations,
            test: match g.test {
                TestDistribution::Z => "z",
                TestDistribution::T => "t",
            }
            .into(),
            loo_method: match g.loo_method {
                LooMethod::ExactRefit => "exact",
                LooMethod::OneStep => "one-step",
            }
            .into(),
        }),
    };
    Fitted {
        stats,
        coefficients,
        obs,
        cov: g.cov.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::ModelSpec;

    #[test]
    fn a_spec_names_its_family_or_gets_the_gaussian_one() {
        let base = "name = \"m\"\noutcome = \"y\"\ncovariates = [\"x\"]\n";
        let s = ModelSpec::from_toml(base, "m.toml").unwrap();
        assert_eq!(s.family, Family::Gaussian);
        assert_eq!(s.resolved_link(), Link::Identity);
        let g = ModelSpec::from_toml(&format!("{base}family = \"gaussian\"\n"), "m.toml").unwrap();
        assert_eq!(g.family, Family::Gaussian);
        // Left out of the spec echo in results.json, so today's results are
        // unchanged (tests/golden_results.rs).
        let v = serde_json::to_value(&g).unwrap();
        for k in ["family", "link", "offset"] {
            assert!(v.get(k).is_none(), "{k}");
        }
        let q =
            ModelSpec::from_toml(&format!("{base}family = \"quasipoisson\"\n"), "m.toml").unwrap();
        assert_eq!(q.family, Family::QuasiPoisson);
        assert_eq!(q.resolved_link(), Link::Log);
        let e = ModelSpec::from_toml(&format!("{base}family = \"binomial\"\n"), "m.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("binomial"), "{e}");
    }

    #[test]
    fn a_log_link_fit_maps_onto_the_result_shape() {
        // y = exp(1 + 0.5 x) exactly plus a wobble: positive modelled values,
        // deviance statistics present, ratios y/μ near 1.
        let xs: Vec<f64> = (0..20).map(|i| i as f64 / 4.0).collect();
        let y: Vec<f64> = xs
            .iter()
            .enumerate()
            .map(|(i, x)| (1.0 + 0.5 * x).exp() * (1.0 + 0.05 * ((i % 3) as f64 - 1.0)))
            .collect();
        let x = ndarray::Array2::from_shape_fn((20, 2), |(i, j)| if j == 0 { 1.0 } else { xs[i] });
        let d = Design::new(y.clone(), x, vec!["(Intercept)".into(), "x".into()], true);
        let f = fit(Family::Gamma, Link::Log, &d, &FitOptions { alpha: 0.05 }).unwrap();
        let g = f.stats.glm.as_ref().expect("GLM statistics");
        assert_eq!(g.test, "t");
        assert!((f.coefficients[1].estimate - 0.5).abs() < 0.02);
        assert!((f.stats.r2 - g.deviance_explained).abs() < 1e-15);
        assert!((f.stats.rss - g.deviance).abs() < 1e-15);
        for (o, &yi) in f.obs.iter().zip(&y) {
            assert!(o.fitted > 0.0);
            assert!((o.residual - (yi - o.fitted)).abs() < 1e-9 * yi);
            assert!(o.loo_pi_low.unwrap() < o.loo_fitted.unwrap());
            assert!(o.resid_pearson.is_some() && o.resid_deviance.is_some());
        }
        // The Gaussian identity path is still least squares (no GLM block).
        let ls = fit(
            Family::Gaussian,
            Link::Identity,
            &d,
            &FitOptions { alpha: 0.05 },
        )
        .unwrap();
        assert!(ls.stats.glm.is_none());
    }
}
