//! Negative binomial regression with θ by maximum likelihood, alternating
//! with IRLS at fixed θ as `MASS::glm.nb` does (Venables & Ripley, *Modern
//! Applied Statistics with S*, 4th ed., §7.4).
//!
//! Start from the Poisson fit (only to a relative change of 1e-6: it is a
//! start, and the alternation carries β on); then repeat: θ̂ = argmax ℓ(θ | μ̂) by Newton's
//! method (`MASS::theta.ml`, started from the moment estimate Σw/Σw(y/μ−1)²),
//! and refit β̂ by IRLS at that θ, warm-started (until both settle, only a
//! couple of IRLS steps per θ update; see [`alternate`]). `theta.ml` stops its Newton
//! steps at |Δθ| ≤ ε^¼ ≈ 1.2e-4; here they run to a relative step of 1e-13,
//! and the outer loop stops when θ̂ changes by at most 1e-12 of itself; a last
//! IRLS fit at the final θ̂ (its first step the precise solve, since the
//! alternation's cheap steps have already converged there) makes β̂ and θ̂
//! exactly consistent. The standard
//! error of θ̂ is 1/√(observed information) at the solution, as `theta.ml`'s
//! `SE` attribute.

use super::family::{Fam, Family};
use super::irls::{
    coef_change, coef_scales, irls_coefficients_cheap, irls_coefficients_precise, irls_precise,
    irls_start_cheap, irls_steps_cheap, Irls, Problem,
};
use super::GlmError;

/// Most alternations of θ and β.
const MAX_OUTER: usize = 200;

/// A converged negative binomial fit.
pub(crate) struct NegBinFit {
    pub fit: Irls,
    pub theta: f64,
    pub theta_se: f64,
}

/// Fit β and θ.
pub(crate) fn fit(pr: &Problem) -> Result<NegBinFit, GlmError> {
    let (start, theta) = alternate(pr)?;
    let fam = Fam {
        family: Family::NegBin,
        theta,
    };
    // `start` is converged at θ̂ by cheap steps: the precise step at once.
    let fit = irls_precise(pr, &fam, &start)?;
    let info = info(theta, pr.y, &fit.mu, pr.prior);
    Ok(NegBinFit {
        fit,
        theta,
        theta_se: (1.0 / info).sqrt(),
    })
}

/// β̂ and θ̂ of [`fit`] without the inference (the same numbers): for the
/// refits of cross-validation and the bootstrap.
pub(crate) fn fit_coefficients(pr: &Problem) -> Result<(Vec<f64>, f64), GlmError> {
    let (start, theta) = alternate(pr)?;
    let fam = Fam {
        family: Family::NegBin,
        theta,
    };
    Ok((irls_coefficients_precise(pr, &fam, &start)?.beta, theta))
}

/// Relative coefficient change at which the Poisson start stops.
const POISSON_START_TOL: f64 = 1e-6;

/// IRLS steps per θ update while β and θ approach the solution together.
const JOINT_STEPS: usize = 2;

/// Relative change of θ and of every coefficient (over one round of
/// [`JOINT_STEPS`]) below which the joint approach hands over to the full
/// alternation.
const JOINT_TOL: f64 = 1e-6;

/// The alternation of θ and β up to θ's convergence: β̂ of the last inner
/// fit (the start of the final fit at θ̂) and θ̂.
///
/// First a joint approach: [`JOINT_STEPS`] IRLS steps at the current θ, then
/// θ by ML at the new μ, warm-started, until both θ and β change by less
/// than [`JOINT_TOL`] of themselves in a round. β and θ are orthogonal
/// parameters of the negative binomial (their Fisher information is zero;
/// Lawless 1987, *Canadian Journal of Statistics* 15, 209–225), so β need not
/// converge at each intermediate θ. Then the alternation of `glm.nb` proper,
/// each IRLS at fixed θ run to convergence, until θ̂ changes by at most
/// 1e-12 of itself: the same stopping rule, hence the same solution, as
/// alternating from the start. The inner fits are waypoints: cheap QR steps
/// only, no final QR at their weights; the final fit at θ̂ converges with the
/// precise step.
fn alternate(pr: &Problem) -> Result<(Vec<f64>, f64), GlmError> {
    // The Poisson fit only starts θ (the moment estimate) and β: the joint
    // approach below carries both to the solution, so a rough fit will do.
    let pois = irls_start_cheap(pr, &Fam::new(Family::Poisson), POISSON_START_TOL)?;
    let mut theta = theta_ml(pr.y, &pois.mu, pr.prior)?.0;
    let mut start = pois.beta;
    let scales = coef_scales(pr.x);
    for _ in 0..MAX_OUTER {
        let fam = Fam {
            family: Family::NegBin,
            theta,
        };
        let nb = irls_steps_cheap(pr, &fam, &start, JOINT_STEPS)?;
        let (th_new, _) = theta_ml_from(pr.y, &nb.mu, pr.prior, Some(theta))?;
        let settled = (th_new - theta).abs() <= JOINT_TOL * theta
            && coef_change(&scales, &start, &nb.beta) <= JOINT_TOL;
        theta = th_new;
        start = nb.beta;
        if settled {
            break;
        }
    }
    for _ in 0..MAX_OUTER {
        let fam = Fam {
            family: Family::NegBin,
            theta,
        };
        let nb = irls_coefficients_cheap(pr, &fam, Some(&start))?;
        let (th_new, _) = theta_ml_from(pr.y, &nb.mu, pr.prior, Some(theta))?;
        let done = (th_new - theta).abs() <= 1e-12 * theta;
        theta = th_new;
        start = nb.beta;
        if done {
            return Ok((start, theta));
        }
    }
    Err(GlmError::ThetaNotConverged {
        iterations: MAX_OUTER,
        theta,
    })
}

/// ∂ℓ/∂θ and −∂²ℓ/∂θ² (`theta.ml`'s `score` and `info`) in one pass over
/// the rows, the terms that do not depend on the row computed once:
///
///   score = Σ w(ψ(θ+y) − ψ(θ) + log θ + 1 − log(θ+μ) − (y+θ)/(μ+θ)),
///   info  = Σ w(−ψ′(θ+y) + ψ′(θ) − 1/θ + 2/(μ+θ) − (y+θ)/(μ+θ)²).
///
/// Where θ+y ≥ 10 (every row but small counts at small θ) ψ and ψ′ share
/// one reciprocal and ψ(θ+y) − log(θ+μ) is the asymptotic series of
/// [`digamma`] with its logarithm taken of the ratio (θ+y)/(θ+μ): one
/// logarithm and two divisions per row instead of two and six, and no
/// cancellation between log(θ+y) and log(θ+μ).
fn score_info(th: f64, y: &[f64], mu: &[f64], w: &[f64]) -> (f64, f64) {
    let dg_th = digamma(th);
    let tg_th = trigamma(th);
    let c_s = th.ln() + 1.0 - dg_th;
    let c_f = tg_th - 1.0 / th;
    let (mut s, mut f) = (0.0, 0.0);
    for i in 0..y.len() {
        let ty = th + y[i];
        let tm = mu[i] + th;
        let r = 1.0 / tm;
        let (dg_minus_ln_tm, tg) = if ty >= 10.0 {
            let z = 1.0 / ty;
            let z2 = z * z;
            (
                (ty * r).ln() - 0.5 * z - digamma_series(z2),
                z + 0.5 * z2 + z * z2 * trigamma_series(z2),
            )
        } else {
            (digamma(ty) - tm.ln(), trigamma(ty))
        };
        s += w[i] * (dg_minus_ln_tm + c_s - ty * r);
        f += w[i] * (c_f - tg + r * (2.0 - ty * r));
    }
    (s, f)
}

/// −∂²ℓ/∂θ² (`theta.ml`'s `info`).
pub(crate) fn info(th: f64, y: &[f64], mu: &[f64], w: &[f64]) -> f64 {
    score_info(th, y, mu, w).1
}

/// θ̂ given μ by Newton's method; returns (θ̂, iterations).
pub(crate) fn theta_ml(y: &[f64], mu: &[f64], w: &[f64]) -> Result<(f64, usize), GlmError> {
    theta_ml_from(y, mu, w, None)
}

/// [`theta_ml`] with Newton started at `start` (the previous θ̂ of the
/// alternation, a few steps from the new one) instead of the moment
/// estimate; the same root to the same tolerance.
fn theta_ml_from(
    y: &[f64],
    mu: &[f64],
    w: &[f64],
    start: Option<f64>,
) -> Result<(f64, usize), GlmError> {
    let mut t: f64 = match start {
        Some(t) => t,
        None => {
            let sw: f64 = w.iter().sum();
            sw / (0..y.len())
                .map(|i| w[i] * (y[i] / mu[i] - 1.0).powi(2))
                .sum::<f64>()
        }
    };
    if !t.is_finite() {
        return Err(GlmError::NoOverdispersion { theta: t });
    }
    let mut last = f64::INFINITY;
    for it in 1..=200 {
        t = t.abs();
        let (sc, inf) = score_info(t, y, mu, w);
        let del = sc / inf;
        t += del;
        if !t.is_finite() || t > 1e12 {
            return Err(GlmError::NoOverdispersion { theta: t });
        }
        let rel = (del / t).abs();
        if rel <= 1e-13 || (rel < 1e-10 && rel >= 0.5 * last) {
            if t <= 0.0 {
                return Err(GlmError::NoOverdispersion { theta: t });
            }
            return Ok((t, it));
        }
        last = rel;
    }
    Err(GlmError::ThetaNotConverged {
        iterations: 200,
        theta: t,
    })
}

/// ψ(x) for x > 0: the recurrence ψ(x) = ψ(x+1) − 1/x up to x ≥ 10, then the
/// asymptotic series (Abramowitz & Stegun 6.3.18); error below 1e-15.
pub(crate) fn digamma(mut x: f64) -> f64 {
    let mut acc = 0.0;
    while x < 10.0 {
        acc -= 1.0 / x;
        x += 1.0;
    }
    let x2 = 1.0 / (x * x);
    acc + x.ln() - 0.5 / x - digamma_series(x2)
}

/// Σₖ B₂ₖ/(2k·x²ᵏ) of ψ's asymptotic series at x2 = 1/x².
#[inline]
fn digamma_series(x2: f64) -> f64 {
    x2 * (1.0 / 12.0
        - x2 * (1.0 / 120.0
            - x2 * (1.0 / 252.0 - x2 * (1.0 / 240.0 - x2 * (1.0 / 132.0 - x2 * 691.0 / 32760.0)))))
}

/// ψ′(x) for x > 0: ψ′(x) = ψ′(x+1) + 1/x² up to x ≥ 10, then the asymptotic
/// series (Abramowitz & Stegun 6.4.12); error below 1e-15.
pub(crate) fn trigamma(mut x: f64) -> f64 {
    let mut acc = 0.0;
    while x < 10.0 {
        acc += 1.0 / (x * x);
        x += 1.0;
    }
    let z = 1.0 / x;
    let z2 = z * z;
    // 1/x + 1/(2x²) + Σ B₂ₖ/x^{2k+1}: B = 1/6, −1/30, 1/42, −1/30, 5/66, −691/2730.
    acc + z + 0.5 * z2 + z * z2 * trigamma_series(z2)
}

/// Σₖ B₂ₖ·z2ᵏ⁻¹ of ψ′'s asymptotic series (times 1/x³) at z2 = 1/x².
#[inline]
fn trigamma_series(z2: f64) -> f64 {
    1.0 / 6.0
        - z2 * (1.0 / 30.0
            - z2 * (1.0 / 42.0 - z2 * (1.0 / 30.0 - z2 * (5.0 / 66.0 - z2 * 691.0 / 2730.0))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digamma_and_trigamma_known_values() {
        // ψ(1) = −γ; ψ′(1) = π²/6; ψ(½) = −γ − 2 ln 2; ψ′(½) = π²/2.
        let gamma = 0.577_215_664_901_532_9_f64;
        let pi2 = std::f64::consts::PI.powi(2);
        assert!((digamma(1.0) + gamma).abs() < 4e-15);
        assert!((digamma(0.5) + gamma + 2.0 * 2f64.ln()).abs() < 1e-14);
        assert!((trigamma(1.0) - pi2 / 6.0).abs() < 1e-14);
        assert!((trigamma(0.5) - pi2 / 2.0).abs() < 1e-14);
        // Recurrence at a large argument, where the series alone is used.
        assert!((digamma(101.0) - digamma(100.0) - 0.01).abs() < 4e-15);
        assert!((trigamma(100.0) - trigamma(101.0) - 1e-4).abs() < 1e-16);
    }
}
