//! Per-observation diagnostics of a fitted GLM, as R's methods for `glm`
//! define them, plus leave-one-out modelled values, a leave-one-out interval
//! for each area and outlier tests.
//!
//! Notation: μᵢ modelled value (response scale), ηᵢ = g(μᵢ) linear predictor
//! (with offset), wᵢ = priorᵢ·μ′(ηᵢ)²/V(μᵢ) IRLS weight at the solution, hᵢ the
//! hat value of √W·X, eᵢ = (yᵢ − μᵢ)√priorᵢ/√V(μᵢ) the Pearson residual, dᵢ the
//! deviance residual, φ̂ the dispersion of `summary.glm`, p the rank.
//!
//! * se of η (`predict(type = "link", se.fit = TRUE)`): √(φ̂·hᵢ/wᵢ).
//! * `rstandard.glm` (deviance type): dᵢ/√(φ̂(1−hᵢ)).
//! * σ₍ᵢ₎ (`lm.influence`'s `sigma` on a glm): √((Σd² − dᵢ²/(1−hᵢ))/(n−p−1)),
//!   deviance residuals, with |dᵢ| < 100ε·median|d| set to 0 as R does.
//! * `rstudent.glm`: sign(dᵢ)√(dᵢ² + hᵢeᵢ²/(1−hᵢ)), divided by σ₍ᵢ₎ except for
//!   the Poisson family (R divides for every family other than binomial and
//!   Poisson, the negative binomial included).
//! * `cooks.distance.glm`: (eᵢ/(1−hᵢ))²·hᵢ/(φ̂·p).
//! * `dfbetas` on a glm: Δβ₍ᵢ₎ = (XᵀWX)⁻¹√wᵢxᵢ·dᵢ/(1−hᵢ) (R's `lm.influence`
//!   uses the *deviance* residual here), divided by σ₍ᵢ₎·√[(XᵀWX)⁻¹]ⱼⱼ.
//!
//! **Leave-one-out modelled value** μ̂₍ᵢ₎ = g⁻¹(xᵢβ̂₍ᵢ₎ + offsetᵢ), where β̂₍ᵢ₎
//! is the fit without observation i:
//! * n ≤ [`GlmOptions::exact_loo_max_n`](super::GlmOptions) (default
//!   [`EXACT_LOO_MAX_N`]): an exact refit by IRLS, warm-started from the
//!   one-step value below, to the same convergence criterion as the full fit.
//!   The steps are chord (simplified Newton) steps with the full fit's
//!   (XᵀWX)⁻¹ updated by Sherman–Morrison for the missing row, accelerated
//!   by Broyden's secant update, whose fixed point is the IRLS solution
//!   (QR steps for an ill-conditioned design).
//!   For the negative binomial θ is held at the full-data θ̂; the dispersion
//!   φ̂₍ᵢ₎ of quasi-Poisson, Gamma and gaussian is the Pearson estimate of the
//!   refit on n−1−p degrees of freedom; Var(η̂₍ᵢ₎) = φ̂₍ᵢ₎·xᵢᵀ(X₍ᵢ₎ᵀW₍ᵢ₎X₍ᵢ₎)⁻¹xᵢ
//!   with the refit's weights.
//! * beyond: the one-step approximation (Pregibon 1981, *Ann. Statist.* 9,
//!   705–724; Williams 1987, *Appl. Statist.* 36, 181–191): one Fisher-scoring
//!   step from β̂ without observation i, β̂₍ᵢ₎ ≈ β̂ − (XᵀWX)⁻¹xᵢwᵢrᵢ/(1−hᵢ) with
//!   rᵢ = (yᵢ−μᵢ)/μ′(ηᵢ) the working residual, so η̂₍ᵢ₎ = ηᵢ − hᵢrᵢ/(1−hᵢ);
//!   φ̂₍ᵢ₎ = (Σe² − eᵢ²/(1−hᵢ))/(n−p−1); Var(η̂₍ᵢ₎) = φ̂₍ᵢ₎·hᵢ/(wᵢ(1−hᵢ))
//!   (Sherman–Morrison with the weights at β̂).
//!
//! **The (1−α) interval for the area** is formed on the link scale and mapped
//! back, so under a log link it stays positive:
//!
//!   [g⁻¹(η̂₍ᵢ₎ − q·sᵢ), g⁻¹(η̂₍ᵢ₎ + q·sᵢ)],
//!   sᵢ² = Var(η̂₍ᵢ₎) + φ̂₍ᵢ₎·V(μ̂₍ᵢ₎) / (priorᵢ·μ′(η̂₍ᵢ₎)²),
//!
//! the variance of the estimated linear predictor plus the family's variance
//! of a new observation carried to the link scale by the delta method
//! (Var g(Y) ≈ g′(μ)²·φV(μ)/prior). q is the normal quantile z₁₋α/₂ when the
//! dispersion is known (Poisson, negative binomial), and Student's t on n−p−1
//! degrees of freedom when it is estimated. For gaussian with the identity
//! link this is exactly the linear model's leave-one-out prediction interval
//! (σ̂₍ᵢ₎²/wᵢ + xᵢᵀCov₍ᵢ₎xᵢ). Its coverage is tested by simulation.
//!
//! **The (1−α) confidence interval of the modelled value** (the mean at xᵢ,
//! not a new area) is formed on the link scale from the full fit and mapped
//! back, so under a log link it stays positive:
//!
//!   [g⁻¹(η̂ᵢ − q·se(η̂ᵢ)), g⁻¹(η̂ᵢ + q·se(η̂ᵢ))],  se(η̂ᵢ) = √(φ̂·hᵢ/wᵢ)
//!
//! (`predict(type = "link", se.fit = TRUE)`). q follows the convention of the
//! interval above: the normal quantile z₁₋α/₂ when the dispersion is known
//! (Poisson, negative binomial), Student's t when it is estimated — on n−p
//! degrees of freedom here, those of φ̂ of the full fit (the interval above
//! uses n−p−1, those of the fit without the area).
//!
//! **Outlier test**: the two-sided p-value of `rstudent.glm`, normal for
//! Poisson (whose studentized residual is not divided by an estimated scale)
//! and Student's t on n−p−1 degrees of freedom otherwise (as the linear
//! model; `car::outlierTest` uses the normal for every class-`glm` object and
//! t for the negative binomial), then Bonferroni and Benjamini–Hochberg over
//! the defined p-values.

use rayon::prelude::*;
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use super::chord::{self, mu_eta_at, score_pass};
use super::family::{Fam, Family};
use super::inference::Inference;
use super::irls::{irls, linear_predictor, Irls, Problem};
use super::GlmOptions;
use crate::model::diagnostics::{benjamini_hochberg, bonferroni};
use crate::numerics::linalg::{back_substitute, householder_in_place};

/// Default largest n for exact leave-one-out refits (the shipped samples are
/// at most 290 areas per fit). Each refit is warm-started from the one-step
/// value and iterated by O(np) chord steps plus one O(np²) normal matrix
/// ([`exact_loo_chord`]), so the total grows as n²p: measured (criterion,
/// `benches/glm.rs`, release, loaded shared 2-core machine) about 57 ms per
/// quasi-Poisson fit with every diagnostic at n = 300, p = 11 (about 1 s
/// with QR steps), against 1.5 ms for the linear fit with its closed-form
/// diagnostics. Above this n the one-step approximation is used; set
/// [`GlmOptions::exact_loo_max_n`] to choose.
pub const EXACT_LOO_MAX_N: usize = 300;

/// How the leave-one-out values were computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LooMethod {
    ExactRefit,
    OneStep,
}

/// Diagnostics of one observation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GlmObs {
    pub y: f64,
    /// Modelled value μ̂ (response scale).
    pub mu: f64,
    /// Linear predictor η̂ (with the offset).
    pub eta: f64,
    /// Standard error of η̂, `predict(se.fit = TRUE)` on the link scale.
    pub se_eta: f64,
    /// y/μ̂: "pays 1.46 times its modelled value".
    pub ratio: f64,
    pub resid_response: f64,
    pub resid_pearson: f64,
    pub resid_deviance: f64,
    /// (y − μ̂)/μ′(η̂).
    pub resid_working: f64,
    /// IRLS weight at the solution.
    pub weight_working: f64,
    pub hat: f64,
    /// `rstandard.glm`, deviance type; `None` at leverage 1.
    pub rstandard: Option<f64>,
    /// `rstudent.glm`; `None` at leverage 1.
    pub rstudent: Option<f64>,
    /// `cooks.distance.glm`; `None` at leverage 1.
    pub cooks_d: Option<f64>,
    /// `dfbetas`, one per coefficient (0 at leverage 1, as R).
    pub dfbetas: Vec<f64>,
    /// σ₍ᵢ₎ of `lm.influence` (deviance residuals).
    pub sigma_loo: f64,
    pub loo_eta: Option<f64>,
    pub loo_mu: Option<f64>,
    /// √Var(η̂₍ᵢ₎).
    pub loo_se_eta: Option<f64>,
    /// φ̂₍ᵢ₎ (1 for Poisson and negative binomial).
    pub loo_dispersion: Option<f64>,
    pub pi_low: Option<f64>,
    pub pi_high: Option<f64>,
    /// (1−α) confidence interval of μ̂, g⁻¹(η̂ ∓ q·se(η̂)).
    pub ci_low: f64,
    pub ci_high: f64,
    pub p_outlier: Option<f64>,
    pub p_bonferroni: Option<f64>,
    pub q_bh: Option<f64>,
}

/// Leave-one-out values of one observation.
struct Loo {
    eta: f64,
    var_eta: f64,
    disp: f64,
}

pub(crate) fn observations(
    pr: &Problem,
    fam: &Fam,
    fit: &Irls,
    inf: &Inference,
    opts: &GlmOptions,
) -> (Vec<GlmObs>, LooMethod) {
    let (n, p) = pr.x.dim();
    let link = pr.link;
    let family = fam.family;
    let h = &inf.hat;
    let e = &inf.pearson;
    let phi = inf.dispersion;
    let df1 = (n - p) as f64 - 1.0;

    let dev_res: Vec<f64> = (0..n)
        .map(|i| {
            let d = fam
                .dev_resid(pr.y[i], fit.mu[i], pr.prior[i])
                .max(0.0)
                .sqrt();
            if pr.y[i] >= fit.mu[i] {
                d
            } else {
                -d
            }
        })
        .collect();
    // lm.influence zeroes residuals below 100ε·median|d|.
    let d_inf: Vec<f64> = {
        let mut a: Vec<f64> = dev_res.iter().map(|v| v.abs()).collect();
        a.sort_by(f64::total_cmp);
        let med = if n % 2 == 1 {
            a[n / 2]
        } else {
            0.5 * (a[n / 2 - 1] + a[n / 2])
        };
        dev_res
            .iter()
            .map(|&v| {
                if v.abs() < 100.0 * f64::EPSILON * med {
                    0.0
                } else {
                    v
                }
            })
            .collect()
    };
    let sum_d2: f64 = d_inf.iter().map(|v| v * v).sum();
    let sum_e2 = inf.pearson_chi2;
    let sigma: Vec<f64> = (0..n)
        .map(|i| {
            let s = if h[i] < 1.0 {
                sum_d2 - d_inf[i] * d_inf[i] / (1.0 - h[i])
            } else {
                sum_d2
            };
            (s / df1).max(0.0).sqrt()
        })
        .collect();
    let sd_beta: Vec<f64> = (0..p).map(|j| inf.cov_unscaled[[j, j]].sqrt()).collect();
    let working: Vec<f64> = (0..n)
        .map(|i| (pr.y[i] - fit.mu[i]) / link.mu_eta(fit.eta[i]))
        .collect();

    // One-step leave-one-out values (also the warm start of exact refits).
    let one_step = |i: usize| -> Option<Loo> {
        if h[i] >= 1.0 {
            return None;
        }
        let eta = fit.eta[i] - h[i] * working[i] / (1.0 - h[i]);
        let disp = if family.dispersion_estimated() {
            ((sum_e2 - e[i] * e[i] / (1.0 - h[i])) / df1).max(0.0)
        } else {
            1.0
        };
        Some(Loo {
            eta,
            var_eta: disp * h[i] / (fit.w[i] * (1.0 - h[i])),
            disp,
        })
    };
    let method = if n <= opts.exact_loo_max_n {
        LooMethod::ExactRefit
    } else {
        LooMethod::OneStep
    };
    // Σₖ xₖⱼ² per column: the coefficient scales of the convergence rule
    // (`irls::coef_change`) of every refit follow by subtracting row i.
    let col_ss: Vec<f64> = (0..p)
        .map(|j| pr.x.column(j).iter().map(|v| v * v).sum())
        .collect();
    // The chord iteration's final normal-equation solve loses accuracy as
    // the square of the condition number: only for well-conditioned
    // designs (unit-column condition ≤ 1e3, so ≤ 1e6 for the normal matrix
    // and about 1e-10 relative at worst); QR steps otherwise.
    let chord = fit.sol.condition_number <= CHORD_MAX_COND;
    // The design in row-major order, shared by every refit.
    let xs_owned = pr.x.as_standard_layout();
    let xs = xs_owned.as_slice().expect("standard layout");
    let xt: Vec<f64> = pr.x.t().iter().copied().collect();
    let observed = (chord && method == LooMethod::ExactRefit)
        .then(|| observed_information(pr, fam, xs, &fit.mu))
        .flatten();
    let loo: Vec<Option<Loo>> = match method {
        LooMethod::OneStep => (0..n).map(one_step).collect(),
        LooMethod::ExactRefit => (0..n)
            .into_par_iter()
            .map(|i| {
                if h[i] >= 1.0 {
                    return None;
                }
                let start: Vec<f64> = (0..p)
                    .map(|j| fit.beta[j] - inf.z[[i, j]] * e[i] / (1.0 - h[i]))
                    .collect();
                if opts.refined_loo {
                    exact_loo(pr, fam, i, &start)
                } else {
                    chord
                        .then(|| {
                            exact_loo_chord(
                                pr,
                                fam,
                                xs,
                                &xt,
                                i,
                                &start,
                                &col_ss,
                                inf,
                                h[i],
                                observed.as_ref(),
                            )
                        })
                        .flatten()
                        .or_else(|| exact_loo_fast(pr, fam, i, &start, &col_ss))
                }
            })
            .collect(),
    };

    let (q, p_of): (f64, Box<dyn Fn(f64) -> f64 + Sync>) = {
        let nrm = Normal::standard();
        let t = StudentsT::new(0.0, 1.0, df1.max(1.0)).expect("df ≥ 1");
        let q = if family.dispersion_estimated() {
            t.inverse_cdf(1.0 - opts.alpha / 2.0)
        } else {
            nrm.inverse_cdf(1.0 - opts.alpha / 2.0)
        };
        let f: Box<dyn Fn(f64) -> f64 + Sync> = if family == Family::Poisson {
            Box::new(move |r: f64| 2.0 * nrm.sf(r.abs()))
        } else {
            Box::new(move |r: f64| 2.0 * t.sf(r.abs()))
        };
        (q, f)
    };
    // The quantile of the confidence interval of μ̂: as `q`, on the full
    // fit's n−p degrees of freedom when the dispersion is estimated.
    let q_ci = if family.dispersion_estimated() {
        StudentsT::new(0.0, 1.0, ((n - p) as f64).max(1.0))
            .expect("df ≥ 1")
            .inverse_cdf(1.0 - opts.alpha / 2.0)
    } else {
        Normal::standard().inverse_cdf(1.0 - opts.alpha / 2.0)
    };

    let mut out: Vec<GlmObs> = (0..n)
        .map(|i| {
            let lev1 = h[i] >= 1.0;
            let om = 1.0 - h[i];
            let rstandard = (!lev1).then(|| dev_res[i] / (phi * om).sqrt());
            let rstudent = (!lev1).then(|| {
                let r = dev_res[i].signum()
                    * (dev_res[i] * dev_res[i] + h[i] * e[i] * e[i] / om).sqrt();
                if family == Family::Poisson {
                    r
                } else {
                    r / sigma[i]
                }
            });
            let cooks_d = (!lev1).then(|| (e[i] / om).powi(2) * h[i] / (phi * p as f64));
            let dfbetas = (0..p)
                .map(|j| {
                    if lev1 {
                        0.0
                    } else {
                        inf.z[[i, j]] * d_inf[i] / om / (sigma[i] * sd_beta[j])
                    }
                })
                .collect();
            let (loo_eta, loo_mu, loo_se, loo_disp, pi_low, pi_high) = match &loo[i] {
                Some(l) => {
                    let mu_l = link.linkinv(l.eta);
                    let me = link.mu_eta(l.eta);
                    let s2 = l.var_eta + l.disp * fam.variance(mu_l) / (pr.prior[i] * me * me);
                    let s = s2.sqrt();
                    (
                        Some(l.eta),
                        Some(mu_l),
                        Some(l.var_eta.sqrt()),
                        Some(l.disp),
                        Some(link.linkinv(l.eta - q * s)),
                        Some(link.linkinv(l.eta + q * s)),
                    )
                }
                None => (None, None, None, None, None, None),
            };
            let se_eta = (phi * h[i] / fit.w[i]).sqrt();
            GlmObs {
                y: pr.y[i],
                mu: fit.mu[i],
                eta: fit.eta[i],
                se_eta,
                ci_low: link.linkinv(fit.eta[i] - q_ci * se_eta),
                ci_high: link.linkinv(fit.eta[i] + q_ci * se_eta),
                ratio: pr.y[i] / fit.mu[i],
                resid_response: pr.y[i] - fit.mu[i],
                resid_pearson: e[i],
                resid_deviance: dev_res[i],
                resid_working: working[i],
                weight_working: fit.w[i],
                hat: h[i],
                rstandard,
                rstudent,
                cooks_d,
                dfbetas,
                sigma_loo: sigma[i],
                loo_eta,
                loo_mu,
                loo_se_eta: loo_se,
                loo_dispersion: loo_disp,
                pi_low,
                pi_high,
                p_outlier: rstudent.map(&p_of),
                p_bonferroni: None,
                q_bh: None,
            }
        })
        .collect();
    let pv: Vec<Option<f64>> = out.iter().map(|o| o.p_outlier).collect();
    let bonf = bonferroni(&pv);
    let bh = benjamini_hochberg(&pv);
    for (i, o) in out.iter_mut().enumerate() {
        o.p_bonferroni = bonf[i];
        o.q_bh = bh[i];
    }
    (out, method)
}

/// Exact refit without observation `i`, warm-started, by the fully refined
/// IRLS of the main fit (`GlmOptions::refined_loo`: the reference that
/// [`exact_loo_fast`] is checked against); `None` when the design without it
/// cannot be fitted (e.g. it alone identifies a coefficient).
fn exact_loo(pr: &Problem, fam: &Fam, i: usize, start: &[f64]) -> Option<Loo> {
    let (n, p) = pr.x.dim();
    let keep: Vec<usize> = (0..n).filter(|&k| k != i).collect();
    let x = pr.x.select(ndarray::Axis(0), &keep);
    let pick = |v: &[f64]| -> Vec<f64> { keep.iter().map(|&k| v[k]).collect() };
    let (y, prior, offset) = (pick(pr.y), pick(pr.prior), pick(pr.offset));
    let sub = Problem {
        x: &x,
        names: pr.names,
        y: &y,
        prior: &prior,
        offset: &offset,
        link: pr.link,
        max_iter: pr.max_iter,
    };
    // IRLS from the one-step value with the cheap QR (no refinement): the
    // refit's values are needed to ~1e-10, far below their own standard
    // errors (tests/glm_loo.rs compares with fully refined refits).
    let (beta, mu, rinv) = {
        let f = irls(&sub, fam, Some(start)).ok()?;
        let p = f.beta.len();
        let rinv = ndarray::Array2::from_shape_fn((p, p), |(j, k)| f.mult[j] * f.sol.rinv[[j, k]]);
        (f.beta, f.mu, rinv)
    };
    let disp = if fam.family.dispersion_estimated() {
        let chi2: f64 = (0..n - 1)
            .map(|k| {
                let r = (y[k] - mu[k]) * prior[k].sqrt() / fam.variance(mu[k]).sqrt();
                r * r
            })
            .sum();
        chi2 / (n - 1 - p) as f64
    } else {
        1.0
    };
    let xi = pr.x.row(i);
    let eta = linear_predictor(
        &xi.to_owned().insert_axis(ndarray::Axis(0)),
        &beta,
        &pr.offset[i..=i],
    )[0];
    // xᵢᵀ(XᵀWX)⁻¹xᵢ = ‖R⁻ᵀxᵢ‖², R⁻¹ upper triangular (of the unscaled √W·X).
    let quad: f64 = (0..p)
        .map(|k| {
            let s: f64 = (0..=k).map(|j| xi[j] * rinv[[j, k]]).sum();
            s * s
        })
        .sum();
    Some(Loo {
        eta,
        var_eta: disp * quad,
        disp,
    })
}

/// Largest unit-column condition number of √W·X for [`exact_loo_chord`].
const CHORD_MAX_COND: f64 = 1e3;

/// Exact refit without observation `i` from `start` (the one-step value):
/// the root of the score of the fit without i,
/// s(β) = Σₖ≠ᵢ xₖ·priorₖ·μ′(ηₖ)(yₖ − μₖ)/V(μₖ), the same solution as IRLS
/// (Fisher scoring) reaches.
///
/// The plain chord (simplified Newton) step is β ← β + H₍ᵢ₎⁻¹·s(β), with
/// H₍ᵢ₎ = X₍ᵢ₎ᵀW₍ᵢ₎X₍ᵢ₎ held at the full fit's weights:
/// H₍ᵢ₎⁻¹ = (XᵀWX)⁻¹ + zᵢzᵢᵀ/(1 − hᵢ) with zᵢ = √wᵢ(XᵀWX)⁻¹xᵢ
/// (Sherman–Morrison; `Inference::z`), or for a non-canonical family the
/// full fit's observed information without row i ([`observed_information`],
/// also by Sherman–Morrison). The steps, their Broyden acceleration and
/// the convergence rule are those of [`chord::solve`]: each costs O(np)
/// instead of an O(np²) QR.
///
/// At the solution the variance xᵢᵀ(X₍ᵢ₎ᵀW₍ᵢ₎X₍ᵢ₎)⁻¹xᵢ and the Pearson
/// dispersion use the weights of the last iterate, which differs from the
/// returned β by at most the tolerance ([`loo_at`]); the normal matrix is
/// solved by Cholesky after unit-diagonal scaling, which is why this path is
/// used for well-conditioned designs only ([`CHORD_MAX_COND`]). `None` (the
/// caller then takes the QR steps of [`exact_loo_fast`]) when a step leaves
/// the valid region, the steps grow again after the secant model was
/// dropped for plain chord steps, or [`chord::MAX_ITER`] is reached. `xs` is
/// the design in row-major order, `xt` in column-major.
#[allow(clippy::too_many_arguments)]
fn exact_loo_chord(
    pr: &Problem,
    fam: &Fam,
    xs: &[f64],
    xt: &[f64],
    i: usize,
    start: &[f64],
    col_ss: &[f64],
    inf: &Inference,
    hi: f64,
    observed: Option<&Observed>,
) -> Option<Loo> {
    let (n, p) = pr.x.dim();
    let m = n - 1;
    let row = |k: usize| &xs[k * p..(k + 1) * p];
    let xi = row(i);
    let scale: Vec<f64> = (0..p)
        .map(|j| ((col_ss[j] - xi[j] * xi[j]).max(0.0) / m as f64).sqrt())
        .collect();
    // H₍ᵢ₎⁻¹ (symmetric, row-major p×p): of the observed information where
    // it differs from the expected one and stays positive definite without
    // row i, else of the expected information.
    let mut hinv = vec![0.0; p * p];
    let from_observed = observed.is_some_and(|o| {
        let g: Vec<f64> = o.inv.chunks_exact(p).map(|r| dot(r, xi)).collect();
        let denom = 1.0 - o.w[i] * dot(xi, &g);
        if !(denom > 1e-8 && denom.is_finite()) {
            return false;
        }
        for a in 0..p {
            for b in 0..p {
                hinv[a * p + b] = o.inv[a * p + b] + o.w[i] * g[a] * g[b] / denom;
            }
        }
        true
    });
    if !from_observed {
        let zi = inf.z.row(i);
        for a in 0..p {
            for b in 0..p {
                hinv[a * p + b] = inf.cov_unscaled[[a, b]] + zi[a] * zi[b] / (1.0 - hi);
            }
        }
    }
    let (mut eta, mut mu, mut c) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    let rows = chord::Rows {
        xs,
        xt,
        y: pr.y,
        prior: pr.prior,
        offset: pr.offset,
        link: pr.link,
    };
    let beta = chord::solve(
        super::irls::COEF_TOL,
        &scale,
        start,
        |beta, score| score_pass(&rows, fam, Some(i), beta, &mut eta, &mut mu, &mut c, score),
        |score, step| {
            for (a, st) in step.iter_mut().enumerate() {
                let h = &hinv[a * p..(a + 1) * p];
                *st = h.iter().zip(score).map(|(u, v)| u * v).sum::<f64>();
            }
        },
    )?;
    loo_at(pr, fam, xs, i, &beta, &mu)
}

/// The observed information −∂s/∂β = Σₖ xₖxₖᵀ·vₖ of the full fit (its
/// inverse, row-major p×p, and the weights vₖ), for families whose
/// expected information (the IRLS weights) differs from it: with
/// c(η) = prior·μ′(η)(y − μ)/V(μ) the score's factor, vₖ = −dc/dη, which
/// under the log link is prior·μ[(2μ − y)V + μ(y − μ)V′]/V² (prior·y/μ for
/// the Gamma family) and under the identity prior[V + (y − μ)V′]/V². The
/// chord steps of a non-canonical fit held at the expected information
/// converge only at the linear rate of Fisher scoring; held at the
/// observed information they are simplified Newton steps. `None` for the
/// canonical pairs (Poisson and quasi-Poisson with the log link, Gaussian
/// with the identity: the two coincide) and where a weight is not positive
/// and finite or the matrix is not clearly positive definite.
struct Observed {
    inv: Vec<f64>,
    w: Vec<f64>,
}

fn observed_information(pr: &Problem, fam: &Fam, xs: &[f64], mu: &[f64]) -> Option<Observed> {
    use super::link::Link;
    let (n, p) = pr.x.dim();
    let canonical = match pr.link {
        Link::Log => matches!(fam.family, Family::Poisson | Family::QuasiPoisson),
        Link::Identity => fam.family == Family::Gaussian,
    };
    if canonical {
        return None;
    }
    let dv = |m: f64| match fam.family {
        Family::Gaussian => 0.0,
        Family::Poisson | Family::QuasiPoisson => 1.0,
        Family::Gamma => 2.0 * m,
        Family::NegBin => 1.0 + 2.0 * m / fam.theta,
    };
    let mut w = vec![0.0; n];
    let mut a = vec![0.0; n * p];
    for k in 0..n {
        let (m, y) = (mu[k], pr.y[k]);
        let v = fam.variance(m);
        w[k] = match pr.link {
            Link::Log => pr.prior[k] * m * ((2.0 * m - y) * v + m * (y - m) * dv(m)) / (v * v),
            Link::Identity => pr.prior[k] * (v + (y - m) * dv(m)) / (v * v),
        };
        if !(w[k].is_finite() && w[k] > 0.0) {
            return None;
        }
        let sw = w[k].sqrt();
        a[k * p..(k + 1) * p]
            .iter_mut()
            .zip(&xs[k * p..(k + 1) * p])
            .for_each(|(t, x)| *t = sw * x);
    }
    // G⁻¹ = D·(LLᵀ)⁻¹·D column by column.
    let (l, d) = scaled_gram_cholesky(&a, n, p, 1e-10)?;
    let mut inv = vec![0.0; p * p];
    let mut u = vec![0.0; p];
    for c in 0..p {
        // L·u = e_c, then Lᵀ·u' = u.
        for r in 0..p {
            let mut t = if r == c { 1.0 } else { 0.0 };
            for k in 0..r {
                t -= l[r * p + k] * u[k];
            }
            u[r] = t / l[r * p + r];
        }
        for r in (0..p).rev() {
            let mut t = u[r];
            for k in r + 1..p {
                t -= l[k * p + r] * u[k];
            }
            u[r] = t / l[r * p + r];
        }
        for r in 0..p {
            inv[r * p + c] = d[r] * u[r] * d[c];
        }
    }
    inv.iter()
        .all(|v| v.is_finite())
        .then_some(Observed { inv, w })
}

/// The Cholesky factor of the scaled Gram matrix of the row-major
/// `rows` × `p` matrix `a`: G = AᵀA by one packed matrix product (faster than
/// rank-one row updates of the lower triangle at every p from 3 to 26, 2–4×
/// measured at n = 289), D = diag(1/√Gⱼⱼ), and L Lᵀ = D·G·D (unit diagonal,
/// so `min_pivot` means the same for every column) in the lower triangle of a
/// row-major p × p buffer. Returns (L, D); `None` when a pivot is NaN or
/// ≤ `min_pivot`.
fn scaled_gram_cholesky(
    a: &[f64],
    rows: usize,
    p: usize,
    min_pivot: f64,
) -> Option<(Vec<f64>, Vec<f64>)> {
    let av = ndarray::ArrayView2::from_shape((rows, p), a).ok()?;
    let mut l: Vec<f64> = av.t().dot(&av).iter().copied().collect();
    let d: Vec<f64> = (0..p).map(|j| 1.0 / l[j * p + j].sqrt()).collect();
    for r in 0..p {
        for c in 0..=r {
            let mut t = l[r * p + c] * d[r] * d[c];
            for k in 0..c {
                t -= l[r * p + k] * l[c * p + k];
            }
            if r == c {
                if t.is_nan() || t <= min_pivot {
                    return None;
                }
                l[r * p + r] = t.sqrt();
            } else {
                l[r * p + c] = t / l[c * p + c];
            }
        }
    }
    Some((l, d))
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(u, v)| u * v).sum()
}

/// The leave-one-out values of the refit without `i`: η̂₍ᵢ₎ at `beta`, and
/// from `mu` (the means of every other row at the last iterate) the Pearson
/// dispersion on n − 1 − p degrees of freedom and xᵢᵀ(X₍ᵢ₎ᵀW₍ᵢ₎X₍ᵢ₎)⁻¹xᵢ by
/// Cholesky of the unit-diagonal scaled normal matrix.
fn loo_at(pr: &Problem, fam: &Fam, xs: &[f64], i: usize, beta: &[f64], mu: &[f64]) -> Option<Loo> {
    let (n, p) = pr.x.dim();
    let link = pr.link;
    let row = |k: usize| &xs[k * p..(k + 1) * p];
    let mut a = vec![0.0; (n - 1) * p];
    let mut chi2 = 0.0;
    for (r, k) in (0..i).chain(i + 1..n).enumerate() {
        let me = mu_eta_at(link, mu[k]);
        let v = fam.variance(mu[k]);
        let w = pr.prior[k] * me * me / v;
        if !(w.is_finite() && w > 0.0) {
            return None;
        }
        let res = pr.y[k] - mu[k];
        chi2 += res * res * pr.prior[k] / v;
        let sw = w.sqrt();
        a[r * p..(r + 1) * p]
            .iter_mut()
            .zip(row(k))
            .for_each(|(t, x)| *t = sw * x);
    }
    // M = AᵀA with A = √W·X₍ᵢ₎, and L Lᵀ = D·M·D.
    let (mat, d) = scaled_gram_cholesky(&a, n - 1, p, 0.0)?;
    // xᵢᵀM⁻¹xᵢ = ‖L⁻¹·D·xᵢ‖².
    let xi = row(i);
    let mut u = vec![0.0; p];
    let mut quad = 0.0;
    for a in 0..p {
        let mut s = xi[a] * d[a];
        for k in 0..a {
            s -= mat[a * p + k] * u[k];
        }
        u[a] = s / mat[a * p + a];
        quad += u[a] * u[a];
    }
    let disp = if fam.family.dispersion_estimated() {
        chi2 / (n - 1 - p) as f64
    } else {
        1.0
    };
    let mut eta_i = pr.offset[i];
    for j in 0..p {
        eta_i += xi[j] * beta[j];
    }
    Some(Loo {
        eta: eta_i,
        var_eta: disp * quad,
        disp,
    })
}

/// Exact refit without observation `i` by IRLS from `start` (the one-step
/// value), to the convergence rule of the main fit (every coefficient's
/// relative change ≤ [`COEF_TOL`](super::irls::COEF_TOL), or stalled at
/// rounding level), with plain f64 Householder steps on one column-major
/// workspace of √W·X₍ᵢ₎ — no copy of the design without row i, no explicit
/// Q, no double-double refinement: the refit's values are needed to about
/// 1e-10 relative, far below their standard errors (tests/glm_loo.rs checks
/// them against [`exact_loo`] to 1e-9).
///
/// Var(η̂₍ᵢ₎) uses R of the last step, whose weights are those of the
/// previous iterate: it differs from the final β̂₍ᵢ₎ by at most
/// 1e-12 relative (the convergence rule), and so do the weights.
/// `None` as [`exact_loo`].
fn exact_loo_fast(pr: &Problem, fam: &Fam, i: usize, start: &[f64], col_ss: &[f64]) -> Option<Loo> {
    let (n, p) = pr.x.dim();
    let m = n - 1;
    let link = pr.link;
    let log_link = link == super::link::Link::Log;
    let x = pr.x;
    // Sub-problem row r is original row r, or r + 1 from row i on.
    let row = |r: usize| if r < i { r } else { r + 1 };
    let scale: Vec<f64> = (0..p)
        .map(|j| ((col_ss[j] - x[[i, j]] * x[[i, j]]).max(0.0) / m as f64).sqrt())
        .collect();
    let predict = |beta: &[f64], eta: &mut [f64], mu: &mut [f64]| {
        for r in 0..m {
            let k = row(r);
            let xr = x.row(k);
            let mut s = pr.offset[k];
            for j in 0..p {
                s += xr[j] * beta[j];
            }
            eta[r] = s;
            mu[r] = link.linkinv(s);
        }
    };
    let deviance = |mu: &[f64]| -> f64 {
        let mut d = 0.0;
        for r in 0..m {
            let k = row(r);
            d += fam.dev_resid(pr.y[k], mu[r], pr.prior[k]);
        }
        d
    };
    let valid = |eta: &[f64], mu: &[f64]| {
        eta.iter().all(|&e| link.valid_eta(e)) && mu.iter().all(|&v| fam.valid_mu(v))
    };
    let mut beta = start.to_vec();
    let (mut eta, mut mu) = (vec![0.0; m], vec![0.0; m]);
    let (mut eta_new, mut mu_new) = (vec![0.0; m], vec![0.0; m]);
    predict(&beta, &mut eta, &mut mu);
    if !valid(&eta, &mu) {
        return None;
    }
    let mut dev = deviance(&mu);
    let mut a = vec![0.0; m * p];
    let mut b = vec![0.0; m];
    let mut b_new = vec![0.0; p];
    let mut last_change = f64::INFINITY;
    for _ in 0..pr.max_iter {
        // Working response and weights at the current β, whitened.
        for r in 0..m {
            let k = row(r);
            // μ′(η) = μ under the log link (μ is g⁻¹(η) here).
            let me = if log_link { mu[r] } else { link.mu_eta(eta[r]) };
            let w = pr.prior[k] * me * me / fam.variance(mu[r]);
            if !(w.is_finite() && w > 0.0) {
                return None;
            }
            let sw = w.sqrt();
            b[r] = sw * (eta[r] - pr.offset[k] + (pr.y[k] - mu[r]) / me);
            let xr = x.row(k);
            for j in 0..p {
                a[j * m + r] = sw * xr[j];
            }
        }
        householder_solve(&mut a, &mut b, m, p, &mut b_new)?;
        predict(&b_new, &mut eta_new, &mut mu_new);
        let mut dev_new = deviance(&mu_new);
        let mut halvings = 0;
        while !(valid(&eta_new, &mu_new)
            && dev_new.is_finite()
            && (dev_new - dev) <= 1e-7 * (dev.abs() + 0.1))
        {
            halvings += 1;
            if halvings > 60 {
                return None;
            }
            for (v, o) in b_new.iter_mut().zip(&beta) {
                *v = 0.5 * (*v + o);
            }
            predict(&b_new, &mut eta_new, &mut mu_new);
            dev_new = deviance(&mu_new);
        }
        let change = super::irls::coef_change(&scale, &beta, &b_new);
        std::mem::swap(&mut beta, &mut b_new);
        std::mem::swap(&mut eta, &mut eta_new);
        std::mem::swap(&mut mu, &mut mu_new);
        dev = dev_new;
        if change <= super::irls::COEF_TOL || (change < 1e-10 && change >= 0.5 * last_change) {
            let disp = if fam.family.dispersion_estimated() {
                let chi2: f64 = (0..m)
                    .map(|r| {
                        let k = row(r);
                        let e = (pr.y[k] - mu[r]) * pr.prior[k].sqrt() / fam.variance(mu[r]).sqrt();
                        e * e
                    })
                    .sum();
                chi2 / (m - p) as f64
            } else {
                1.0
            };
            let xi = x.row(i);
            let mut eta_i = pr.offset[i];
            for j in 0..p {
                eta_i += xi[j] * beta[j];
            }
            // xᵢᵀ(XᵀWX)⁻¹xᵢ = ‖u‖² with Rᵀu = xᵢ (R in the upper triangle
            // of `a`, column-major).
            let mut u = vec![0.0; p];
            let mut quad = 0.0;
            for k in 0..p {
                let mut s = xi[k];
                for j in 0..k {
                    s -= a[k * m + j] * u[j];
                }
                u[k] = s / a[k * m + k];
                quad += u[k] * u[k];
            }
            return Some(Loo {
                eta: eta_i,
                var_eta: disp * quad,
                disp,
            });
        }
        last_change = change;
    }
    None
}

/// Least squares of `b` on the m×p column-major `a` by Householder QR in
/// place ([`householder_in_place`]): R is left in the upper
/// triangle of `a`, the solution in `beta`. `None` when a diagonal of R is
/// (numerically) zero, |Rₖₖ| ≤ 1e-10·max|R|, as `irls::wls_cheap`.
fn householder_solve(
    a: &mut [f64],
    b: &mut [f64],
    m: usize,
    p: usize,
    beta: &mut [f64],
) -> Option<()> {
    householder_in_place(a, b, m, p, |_, norm| norm == 0.0 || !norm.is_finite())?;
    let rmax = (0..p).map(|k| a[k * m + k].abs()).fold(0.0, f64::max);
    if (0..p).any(|k| a[k * m + k].abs() <= 1e-10 * rmax) {
        return None;
    }
    back_substitute(a, b, m, p, beta);
    beta.iter().all(|v| v.is_finite()).then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::glm::{inference, GlmData, Link};
    use ndarray::Array2;

    /// A log-linear outcome with multiplicative noise from a fixed pattern
    /// (no generator), population-like weights and one planted outlier.
    fn data(n: usize) -> GlmData {
        let x = Array2::from_shape_fn((n, 3), |(i, j)| match j {
            0 => 1.0,
            1 => ((i * 37) % 23) as f64 / 7.0,
            _ => ((i * i) % 17) as f64 / 5.0 + 0.3 * ((i * 37) % 23) as f64 / 7.0,
        });
        let y = (0..n)
            .map(|i| {
                let eta = 5.0 + 0.2 * x[[i, 1]] - 0.1 * x[[i, 2]];
                let noise = 1.0 + 0.3 * (((i * 53) % 19) as f64 / 9.0 - 1.0);
                eta.exp() * noise * if i == 7 { 3.0 } else { 1.0 }
            })
            .collect();
        GlmData {
            y,
            x,
            names: vec!["(Intercept)".into(), "a".into(), "b".into()],
            intercept: true,
            weights: Some(
                (0..n)
                    .map(|i| 1000.0 + ((i * 97) % 31) as f64 * 250.0)
                    .collect(),
            ),
            offset: None,
            clusters: None,
        }
    }

    fn rel(a: f64, b: f64) -> f64 {
        (a - b).abs() / b.abs()
    }

    #[test]
    fn chord_and_qr_refits_agree_with_the_refined_refit() {
        for family in [Family::QuasiPoisson, Family::Gamma] {
            let d = data(80);
            let n = d.y.len();
            let offset = vec![0.0; n];
            let prior = d.weights.clone().unwrap();
            let pr = Problem {
                x: &d.x,
                names: &d.names,
                y: &d.y,
                prior: &prior,
                offset: &offset,
                link: Link::Log,
                max_iter: super::super::irls::MAX_ITER,
            };
            let fam = Fam::new(family);
            let fit = irls(&pr, &fam, None).unwrap();
            let inf = inference::infer(&pr, &fam, &fit, &d, 0.05).unwrap();
            assert!(fit.sol.condition_number <= CHORD_MAX_COND);
            let col_ss: Vec<f64> = (0..3)
                .map(|j| d.x.column(j).iter().map(|v| v * v).sum())
                .collect();
            let xs = d.x.as_slice().unwrap();
            let xt: Vec<f64> = d.x.t().iter().copied().collect();
            let obs = observed_information(&pr, &fam, xs, &fit.mu);
            assert_eq!(obs.is_some(), family == Family::Gamma);
            for i in 0..n {
                let h = inf.hat[i];
                let start: Vec<f64> = (0..3)
                    .map(|j| fit.beta[j] - inf.z[[i, j]] * inf.pearson[i] / (1.0 - h))
                    .collect();
                let want = exact_loo(&pr, &fam, i, &start).unwrap();
                let chord = exact_loo_chord(
                    &pr,
                    &fam,
                    xs,
                    &xt,
                    i,
                    &start,
                    &col_ss,
                    &inf,
                    h,
                    obs.as_ref(),
                )
                .expect("the chord steps converge on a well-conditioned design");
                let qr = exact_loo_fast(&pr, &fam, i, &start, &col_ss).unwrap();
                for got in [&chord, &qr] {
                    assert!(rel(got.eta, want.eta) < 1e-12, "{family:?} row {i}: η");
                    assert!(
                        rel(got.var_eta, want.var_eta) < 1e-9,
                        "{family:?} row {i}: var"
                    );
                    assert!(rel(got.disp, want.disp) < 1e-9, "{family:?} row {i}: φ");
                }
            }
        }
    }
}
