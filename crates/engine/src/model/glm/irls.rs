//! Iteratively reweighted least squares (Fisher scoring) on the weighted QR
//! core of [`crate::model::fit`], with its double-double refinement.
//!
//! Each step solves the weighted least-squares problem of the working response
//! zᵢ = ηᵢ − offsetᵢ + (yᵢ − μᵢ)/μ'(ηᵢ) on X with working weights
//! wᵢ = priorᵢ·μ'(ηᵢ)²/V(μᵢ) (McCullagh & Nelder, *Generalized Linear Models*,
//! 2nd ed., §2.5; R's `glm.fit`).
//!
//! **Convergence is judged on the coefficients**, not on the deviance: the fit
//! stops when every coefficient changes by at most [`COEF_TOL`] = 1e-12 of
//! itself between two steps (a coefficient whose contribution to η is below
//! 1e-3 of the largest column's contribution is measured against that floor
//! instead, so a coefficient at zero cannot stall the fit). Standard errors and
//! hat values then come from a fresh QR with the weights *at* the final
//! coefficients, not the weights of the step before (R's `glm` stops at a
//! relative deviance change of 1e-8 and keeps the QR of the last step).
//!
//! Step halving, as `glm.fit` does, when a step leaves the valid region of η
//! or μ or the deviance becomes infinite, and (as `glm2`) when the deviance
//! rises by more than 1e-7 of itself.

use ndarray::Array2;

use super::family::{Fam, Family};
use super::link::Link;
use super::{GlmError, NotConvergedReason};
use crate::model::fit::solve::{self, Solution, SolveError};
use crate::model::fit::FitError;
use crate::numerics::dd::{dot2_from, sum2};

/// Relative change of every coefficient at which IRLS has converged.
pub const COEF_TOL: f64 = 1e-12;

/// Default cap on IRLS iterations.
pub const MAX_ITER: usize = 100;

/// The converged fit and the QR at its weights.
pub(crate) struct Irls {
    pub beta: Vec<f64>,
    /// η = Xβ + offset.
    pub eta: Vec<f64>,
    pub mu: Vec<f64>,
    /// Working weights at β.
    pub w: Vec<f64>,
    /// QR of diag(√w)·X·diag(mult) at β.
    pub sol: Solution,
    /// Column scale factors (powers of two) of `sol`.
    pub mult: Vec<f64>,
    pub iterations: usize,
}

/// The model's fixed inputs.
pub(crate) struct Problem<'a> {
    pub x: &'a Array2<f64>,
    pub names: &'a [String],
    pub y: &'a [f64],
    pub prior: &'a [f64],
    pub offset: &'a [f64],
    pub link: Link,
    pub max_iter: usize,
}

/// η = x·β + offset, the products accumulated in double-double.
pub(crate) fn linear_predictor(x: &Array2<f64>, beta: &[f64], offset: &[f64]) -> Vec<f64> {
    (0..x.nrows())
        .map(|i| dot2_from(offset[i], x.row(i).iter().copied(), beta.iter().copied()).to_f64())
        .collect()
}

/// Σ dev.resids, accumulated in double-double.
pub(crate) fn deviance(fam: &Fam, y: &[f64], mu: &[f64], prior: &[f64]) -> f64 {
    sum2((0..y.len()).map(|i| fam.dev_resid(y[i], mu[i], prior[i]))).to_f64()
}

/// The deviance of an IRLS iterate as far as step halving needs it: a plain
/// f64 sum of the unit deviances with log μ taken as η under the log link
/// and log y computed once per fit ([`HalvingDeviance`]), with a bound on
/// its distance from [`deviance`]. It only decides whether a step is taken
/// or halved, and [`halving_rule`] falls back to [`deviance`] whenever the
/// bound leaves the decision open, so every decision (and so every iterate,
/// bit for bit) is that of the rule evaluated with [`deviance`]; it saves a
/// logarithm per row (two for the negative binomial) and the double-double
/// sum per step.
#[derive(Clone, Copy)]
struct StepDev {
    /// The approximate deviance; NaN or ±∞ sends the decision to [`deviance`].
    approx: f64,
    /// Bound on |approx − deviance()|.
    err: f64,
    /// [`deviance`] itself, once computed.
    exact: Option<f64>,
}

/// Whether log(y/μ) = `l` is NaN or so large that y/μ itself would
/// overflow or underflow in [`Fam::dev_resid`]: then [`deviance`] decides.
fn out_of_range(l: f64) -> bool {
    l.is_nan() || l.abs() >= 700.0
}

/// Per-row constants of [`StepDev`] for one family at one θ.
pub(crate) struct HalvingDeviance {
    /// log y (Poisson, quasi-Poisson, Gamma; 0 where y = 0) or
    /// log max(y, 1) (negative binomial); empty for the Gaussian.
    ln_y: Vec<f64>,
}

impl HalvingDeviance {
    pub(crate) fn new(fam: &Fam, y: &[f64]) -> Self {
        let ln_y = match fam.family {
            Family::Gaussian => Vec::new(),
            Family::NegBin => y.iter().map(|&v| v.max(1.0).ln()).collect(),
            _ => y
                .iter()
                .map(|&v| if v > 0.0 { v.ln() } else { 0.0 })
                .collect(),
        };
        HalvingDeviance { ln_y }
    }

    /// [`StepDev`] at (η, μ), μ = g⁻¹(η).
    fn eval(&self, pr: &Problem, fam: &Fam, eta: &[f64], mu: &[f64]) -> StepDev {
        let (y, w) = (pr.y, pr.prior);
        let log_link = pr.link == Link::Log;
        // log μ: η itself under the log link, unless μ was clamped at ε.
        let ln_mu = |i: usize| {
            if log_link && mu[i] > 2.0 * f64::EPSILON {
                eta[i]
            } else {
                mu[i].ln()
            }
        };
        // Each unit deviance is 2w(a − b) (or w·r² for the Gaussian); both
        // this form and `Fam::dev_resid` are within 8ε of the terms'
        // magnitudes of the true value, |log μ − η| ≤ ε|η| + ε included.
        const K: f64 = 8.0 * f64::EPSILON;
        let (mut sum, mut abs, mut bound) = (0.0f64, 0.0f64, 0.0f64);
        let mut open = false;
        for i in 0..y.len() {
            let (t, b) = match fam.family {
                Family::Gaussian => {
                    let r = y[i] - mu[i];
                    let t = w[i] * r * r;
                    (t, K * t)
                }
                Family::Poisson | Family::QuasiPoisson => {
                    if y[i] > 0.0 {
                        let lm = ln_mu(i);
                        let l = self.ln_y[i] - lm;
                        // y/μ must not overflow or underflow in the exact form.
                        open |= out_of_range(l);
                        let a = y[i] * l;
                        let c = y[i] - mu[i];
                        let m = y[i] * (self.ln_y[i].abs() + lm.abs() + 2.0) + y[i] + mu[i];
                        (2.0 * w[i] * (a - c), 2.0 * w[i] * K * m)
                    } else {
                        let t = 2.0 * mu[i] * w[i];
                        (t, K * t)
                    }
                }
                Family::Gamma => {
                    let (l, m0) = if y[i] == 0.0 {
                        (0.0, 0.0)
                    } else {
                        let lm = ln_mu(i);
                        (self.ln_y[i] - lm, self.ln_y[i].abs() + lm.abs() + 2.0)
                    };
                    open |= out_of_range(l);
                    let c = (y[i] - mu[i]) / mu[i];
                    (-2.0 * w[i] * (l - c), 2.0 * w[i] * K * (m0 + c.abs() + 1.0))
                }
                Family::NegBin => {
                    let th = fam.theta;
                    let lm = ln_mu(i);
                    let l = self.ln_y[i] - lm;
                    open |= out_of_range(l);
                    let a = y[i] * l;
                    let q = ((y[i] + th) / (mu[i] + th)).ln();
                    let c = (y[i] + th) * q;
                    let m = y[i] * (self.ln_y[i].abs() + lm.abs() + 2.0)
                        + (y[i] + th) * (q.abs() + 2.0);
                    (2.0 * w[i] * (a - c), 2.0 * w[i] * K * m)
                }
            };
            sum += t;
            abs += t.abs();
            bound += b;
        }
        let n = y.len() as f64;
        let err = 1.01 * (bound + (n + 2.0) * f64::EPSILON * (abs + bound));
        StepDev {
            approx: if open || !err.is_finite() {
                f64::NAN
            } else {
                sum
            },
            err,
            exact: None,
        }
    }
}

/// The step-halving rule of [`irls`]: the step to `new` is kept when its
/// deviance is finite and has not risen by more than 1e-7 of the old one
/// (plus 1e-8). Decided on the bounds of [`StepDev`] where they suffice,
/// else on [`deviance`] (computed then, and kept).
fn halving_rule(
    keep: impl Fn(f64, f64) -> bool,
    old: &mut StepDev,
    new: &mut StepDev,
    exact_old: impl FnOnce() -> f64,
    exact_new: impl FnOnce() -> f64,
) -> bool {
    if let (Some(o), Some(n)) = (old.exact, new.exact) {
        return keep(o, n);
    }
    if old.approx.is_finite() && new.approx.is_finite() {
        let e = old.err + new.err;
        // Lowest and highest deviances the exact values can take.
        let (o_lo, o_hi) = (old.approx - old.err, old.approx + old.err);
        let (n_lo, n_hi) = (new.approx - new.err, new.approx + new.err);
        let slack = 4.0 * f64::EPSILON * (old.approx.abs() + new.approx.abs() + e + 0.1);
        let thr_lo = 1e-7 * ((old.approx.abs() - old.err).max(0.0) + 0.1);
        let thr_hi = 1e-7 * (old.approx.abs() + old.err + 0.1);
        if n_hi - o_lo + slack <= thr_lo {
            return true;
        }
        if n_lo - o_hi - slack > thr_hi {
            return false;
        }
    }
    let o = *old.exact.get_or_insert_with(exact_old);
    let n = *new.exact.get_or_insert_with(exact_new);
    keep(o, n)
}

/// Weighted least squares of z on X with weights w on the QR core; aliased
/// columns are named.
pub(crate) fn wls(
    x: &Array2<f64>,
    names: &[String],
    z: &[f64],
    w: &[f64],
) -> Result<(Solution, Vec<f64>), GlmError> {
    let exps: Vec<i32> = column_sums(x, |i, v| w[i] * v * v)
        .into_iter()
        .map(|ss| solve::scale_exponent(ss.sqrt()))
        .collect();
    let sol = solve::solve(x, None, z, Some(w), &exps).map_err(|e| match e {
        SolveError::Aliased(a) => GlmError::Design(FitError::RankDeficient {
            aliased: a
                .into_iter()
                .map(|(k, with)| {
                    (
                        names[k].clone(),
                        with.into_iter().map(|m| names[m].clone()).collect(),
                    )
                })
                .collect(),
        }),
        SolveError::Backend(m) => GlmError::Design(FitError::Backend(m)),
    })?;
    let mult = exps.iter().map(|&e| 2f64.powi(e)).collect();
    Ok((sol, mult))
}

/// Σᵢ f(i, aᵢⱼ) for every column j of a (row-major) matrix, reading it row
/// by row. Each sum adds the same terms in the same order (i = 0, 1, …,
/// from −0.0, as `Iterator::sum`) as a pass down the column would, so the
/// values are identical bit for bit; the column passes' strided reads were
/// the slow part.
fn column_sums(a: &Array2<f64>, f: impl Fn(usize, f64) -> f64) -> Vec<f64> {
    let mut acc = vec![-0.0f64; a.ncols()];
    for (i, row) in a.outer_iter().enumerate() {
        for (s, &v) in acc.iter_mut().zip(row.iter()) {
            *s += f(i, v);
        }
    }
    acc
}

/// One weighted least-squares step solved by a plain Householder QR of
/// √w·X (no condition number, no refinement): the cheap solve of the
/// intermediate IRLS steps, whose result only has to point towards the
/// solution. Returns β, or `None` when R has a (numerically) zero diagonal —
/// the caller then takes the full solve, which names the aliased columns.
pub(crate) fn wls_cheap(x: &Array2<f64>, z: &[f64], w: &[f64]) -> Option<Vec<f64>> {
    let (n, p) = x.dim();
    let sw: Vec<f64> = w.iter().map(|v| v.sqrt()).collect();
    let xw = Array2::from_shape_fn((n, p), |(i, j)| sw[i] * x[[i, j]]);
    let qr = crate::numerics::linalg::thin_qr(&xw).ok()?;
    let r = &qr.r;
    let rmax = (0..p).map(|j| r[[j, j]].abs()).fold(0.0, f64::max);
    if (0..p).any(|j| r[[j, j]].is_nan() || r[[j, j]].abs() <= 1e-10 * rmax) {
        return None;
    }
    let qtz = column_sums(&qr.q, |i, v| v * sw[i] * z[i]);
    let mut beta = vec![0.0; p];
    for j in (0..p).rev() {
        let s: f64 = (j + 1..p).map(|k| r[[j, k]] * beta[k]).sum();
        beta[j] = (qtz[j] - s) / r[[j, j]];
    }
    beta.iter().all(|b| b.is_finite()).then_some(beta)
}

/// Working response and weights at (η, μ).
///
/// `mu_is_linkinv`: μ = g⁻¹(η) as computed by [`Link::linkinv`]; then under
/// the log link μ′(η) is μ itself (the same expression, bit for bit), and
/// the second exponential per row is saved.
fn working(
    pr: &Problem,
    fam: &Fam,
    eta: &[f64],
    mu: &[f64],
    mu_is_linkinv: bool,
    iteration: usize,
) -> Result<(Vec<f64>, Vec<f64>), GlmError> {
    let n = pr.y.len();
    let mut z = Vec::with_capacity(n);
    let mut w = Vec::with_capacity(n);
    let mu_is_mu_eta = mu_is_linkinv && pr.link == Link::Log;
    for i in 0..n {
        let me = if mu_is_mu_eta {
            mu[i]
        } else {
            pr.link.mu_eta(eta[i])
        };
        let wi = pr.prior[i] * me * me / fam.variance(mu[i]);
        if !(wi.is_finite() && wi > 0.0) {
            return Err(GlmError::Boundary {
                iteration,
                row: i,
                mu: mu[i],
            });
        }
        z.push(eta[i] - pr.offset[i] + (pr.y[i] - mu[i]) / me);
        w.push(wi);
    }
    Ok((z, w))
}

fn valid(fam: &Fam, link: Link, eta: &[f64], mu: &[f64]) -> bool {
    eta.iter().all(|&e| link.valid_eta(e)) && mu.iter().all(|&m| fam.valid_mu(m))
}

/// The scale of each coefficient in the convergence rule: the root mean
/// square of its column.
pub(crate) fn coef_scales(x: &Array2<f64>) -> Vec<f64> {
    let (n, p) = x.dim();
    (0..p)
        .map(|j| (x.column(j).iter().map(|v| v * v).sum::<f64>() / n as f64).sqrt())
        .collect()
}

/// Largest relative change of a coefficient (see the module doc), with the
/// column scales `s` of [`coef_scales`].
pub(crate) fn coef_change(s: &[f64], old: &[f64], new: &[f64]) -> f64 {
    let p = s.len();
    let big = (0..p).map(|j| new[j].abs() * s[j]).fold(0.0, f64::max);
    (0..p)
        .map(|j| {
            let floor = if s[j] > 0.0 { 1e-3 * big / s[j] } else { 0.0 };
            let d = (new[j] - old[j]).abs();
            let scale = new[j].abs().max(floor);
            if scale > 0.0 {
                d / scale
            } else if d == 0.0 {
                0.0
            } else {
                f64::INFINITY
            }
        })
        .fold(0.0, f64::max)
}

/// Fit by IRLS from `start` (coefficients) or from the family's starting means.
pub(crate) fn irls(pr: &Problem, fam: &Fam, start: Option<&[f64]>) -> Result<Irls, GlmError> {
    let c = irls_coefficients(pr, fam, start)?;
    irls_finish(pr, fam, c.beta, c.eta, c.mu, c.iterations)
}

/// The converged coefficients of [`irls`] without the final QR at their
/// weights (which only the standard errors and hat values need): for refits
/// that only predict from β̂ (cross-validation, bootstrap, the inner fits of
/// the negative binomial's θ alternation). β̂ is the same, bit for bit.
pub(crate) struct Coefficients {
    pub beta: Vec<f64>,
    pub eta: Vec<f64>,
    pub mu: Vec<f64>,
    pub iterations: usize,
}

/// The IRLS iterations of [`irls`].
pub(crate) fn irls_coefficients(
    pr: &Problem,
    fam: &Fam,
    start: Option<&[f64]>,
) -> Result<Coefficients, GlmError> {
    irls_steps(pr, fam, start, Steps::FULL)
}

/// [`irls`] from `start` with the precise solve from the first step: for a
/// start that is already the converged β̂ of cheap steps (the negative
/// binomial's final fit at θ̂), where the cheap step would only confirm it.
pub(crate) fn irls_precise(pr: &Problem, fam: &Fam, start: &[f64]) -> Result<Irls, GlmError> {
    let c = irls_coefficients_precise(pr, fam, start)?;
    irls_finish(pr, fam, c.beta, c.eta, c.mu, c.iterations)
}

/// The coefficients of [`irls_precise`] (the same β̂, bit for bit) without
/// the final QR.
pub(crate) fn irls_coefficients_precise(
    pr: &Problem,
    fam: &Fam,
    start: &[f64],
) -> Result<Coefficients, GlmError> {
    irls_steps(
        pr,
        fam,
        Some(start),
        Steps {
            precise: true,
            ..Steps::FULL
        },
    )
}

/// [`irls_coefficients`] with the cheap QR steps only (the full solve only
/// where the cheap one finds R singular): for fits that are a waypoint, not
/// a result — the inner fits of the negative binomial's θ alternation, after
/// which the final fit at θ̂ takes the precise step. β̂ to about κ·ε.
pub(crate) fn irls_coefficients_cheap(
    pr: &Problem,
    fam: &Fam,
    start: Option<&[f64]>,
) -> Result<Coefficients, GlmError> {
    irls_steps(
        pr,
        fam,
        start,
        Steps {
            cheap_only: true,
            ..Steps::FULL
        },
    )
}

/// [`irls_coefficients_cheap`] from the family's starting means, stopped
/// once every coefficient changes by at most `tol` of itself: a start, not
/// a fit (the Poisson fit that starts the negative binomial's θ).
pub(crate) fn irls_start_cheap(
    pr: &Problem,
    fam: &Fam,
    tol: f64,
) -> Result<Coefficients, GlmError> {
    irls_steps(
        pr,
        fam,
        None,
        Steps {
            cheap_only: true,
            tol,
            ..Steps::FULL
        },
    )
}

/// At most `steps` cheap IRLS steps from `start`, converged or not (still
/// with step halving): the partial refits of the negative binomial's joint
/// approach to (β̂, θ̂), where β only has to follow θ until both settle.
pub(crate) fn irls_steps_cheap(
    pr: &Problem,
    fam: &Fam,
    start: &[f64],
    steps: usize,
) -> Result<Coefficients, GlmError> {
    irls_steps(
        pr,
        fam,
        Some(start),
        Steps {
            cheap_only: true,
            cap: Some(steps),
            ..Steps::FULL
        },
    )
}

/// How [`irls_steps`] runs.
#[derive(Clone, Copy)]
struct Steps {
    /// Cheap QR steps only (the full solve only where they find R singular).
    cheap_only: bool,
    /// At most this many steps, converged or not.
    cap: Option<usize>,
    /// Convergence: every coefficient changes by at most `tol` of itself.
    tol: f64,
    /// The full solve from the first step.
    precise: bool,
}

impl Steps {
    /// [`irls`]'s: cheap steps, then the full solve, to [`COEF_TOL`].
    const FULL: Steps = Steps {
        cheap_only: false,
        cap: None,
        tol: COEF_TOL,
        precise: false,
    };
}

fn irls_steps(
    pr: &Problem,
    fam: &Fam,
    start: Option<&[f64]>,
    how: Steps,
) -> Result<Coefficients, GlmError> {
    let Steps {
        cheap_only,
        cap,
        tol,
        precise,
    } = how;
    let n = pr.y.len();
    let link = pr.link;
    let (mut eta, mut mu, mut beta) = match start {
        Some(b) => {
            let eta = linear_predictor(pr.x, b, pr.offset);
            let mu: Vec<f64> = eta.iter().map(|&e| link.linkinv(e)).collect();
            (eta, mu, Some(b.to_vec()))
        }
        None => {
            let mu: Vec<f64> = pr.y.iter().map(|&v| fam.mustart(v)).collect();
            let eta = mu.iter().map(|&m| link.linkfun(m)).collect();
            (eta, mu, None)
        }
    };
    if !valid(fam, link, &eta, &mu) {
        return Err(GlmError::InvalidStart);
    }
    let hd = HalvingDeviance::new(fam, pr.y);
    let mut dev = hd.eval(pr, fam, &eta, &mu);
    let scales = coef_scales(pr.x);
    let mut last_change = f64::INFINITY;
    let mut converged = false;
    let mut iterations = 0;
    // Intermediate steps take the cheap QR; once they have converged, one
    // step by the full solve (refined in double-double) confirms or moves
    // the solution, and the loop stops only after a precise step.
    let mut precise = precise;
    for it in 1..=cap.unwrap_or(pr.max_iter).min(pr.max_iter) {
        iterations = it;
        // Only the family's starting means are not g⁻¹(η).
        let (z, w) = working(pr, fam, &eta, &mu, beta.is_some(), it)?;
        let cheap = if precise {
            None
        } else {
            wls_cheap(pr.x, &z, &w)
        };
        let step_precise = cheap.is_none();
        let mut b_new: Vec<f64> = match cheap {
            Some(b) => b,
            None => {
                let (sol, mult) = wls(pr.x, pr.names, &z, &w)?;
                precise = true;
                sol.beta_s.iter().zip(&mult).map(|(b, m)| b * m).collect()
            }
        };
        let mut eta_new = linear_predictor(pr.x, &b_new, pr.offset);
        let mut mu_new: Vec<f64> = eta_new.iter().map(|&e| link.linkinv(e)).collect();
        let mut dev_new = hd.eval(pr, fam, &eta_new, &mu_new);
        let keep = |d_old: f64, d_new: f64| {
            d_new.is_finite() && (d_new - d_old) <= 1e-7 * (d_old.abs() + 0.1)
        };
        if let Some(b_old) = &beta {
            let mut halvings = 0;
            while !(valid(fam, link, &eta_new, &mu_new)
                && halving_rule(
                    keep,
                    &mut dev,
                    &mut dev_new,
                    || deviance(fam, pr.y, &mu, pr.prior),
                    || deviance(fam, pr.y, &mu_new, pr.prior),
                ))
            {
                halvings += 1;
                if halvings > 60 {
                    return Err(GlmError::NotConverged {
                        iterations: it,
                        change: f64::NAN,
                        reason: NotConvergedReason::StepHalving,
                    });
                }
                for (b, o) in b_new.iter_mut().zip(b_old) {
                    *b = 0.5 * (*b + o);
                }
                eta_new = linear_predictor(pr.x, &b_new, pr.offset);
                mu_new = eta_new.iter().map(|&e| link.linkinv(e)).collect();
                dev_new = hd.eval(pr, fam, &eta_new, &mu_new);
            }
        } else if !valid(fam, link, &eta_new, &mu_new)
            || !(dev_new.approx.is_finite() || deviance(fam, pr.y, &mu_new, pr.prior).is_finite())
        {
            return Err(GlmError::InvalidStart);
        }
        let change = beta
            .as_ref()
            .map_or(f64::INFINITY, |b| coef_change(&scales, b, &b_new));
        beta = Some(b_new);
        eta = eta_new;
        mu = mu_new;
        dev = dev_new;
        // Converged, or stalled at rounding level (further steps only move
        // the coefficients by noise of the solve).
        if change <= tol || (change < 1e-10 && change >= 0.5 * last_change) {
            if step_precise || cheap_only {
                converged = true;
                break;
            }
            precise = true;
        }
        last_change = change;
    }
    let beta = beta.expect("at least one iteration");
    if !converged && cap.is_none() {
        // Means driven to zero at zero outcomes: (quasi-)complete separation.
        let mean_y = pr.y.iter().sum::<f64>() / n as f64;
        let rows: Vec<usize> = (0..n)
            .filter(|&i| pr.y[i] == 0.0 && mu[i] < 1e-8 * mean_y.max(f64::MIN_POSITIVE))
            .collect();
        if !rows.is_empty() {
            return Err(GlmError::Separation { iterations, rows });
        }
        return Err(GlmError::NotConverged {
            iterations,
            change: last_change,
            reason: NotConvergedReason::StillChanging,
        });
    }
    Ok(Coefficients {
        beta,
        eta,
        mu,
        iterations,
    })
}

/// The end of a converged IRLS: the full solve at the solution's weights.
fn irls_finish(
    pr: &Problem,
    fam: &Fam,
    beta: Vec<f64>,
    eta: Vec<f64>,
    mu: Vec<f64>,
    iterations: usize,
) -> Result<Irls, GlmError> {
    let n = pr.y.len();
    let (_, w) = working(pr, fam, &eta, &mu, true, iterations)?;
    // The QR at the solution's own weights (its right-hand side is irrelevant:
    // only R⁻¹ and Q are used).
    let (sol, mult) = wls(pr.x, pr.names, &vec![0.0; n], &w)?;
    Ok(Irls {
        beta,
        eta,
        mu,
        w,
        sol,
        mult,
        iterations,
    })
}
