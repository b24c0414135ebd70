//! Chord (simplified Newton) steps for the score equations of a GLM, with a
//! fixed inverse of the information and Broyden's secant acceleration: the
//! cheap refits of a fit on a slightly different set of rows (leave-one-out
//! in [`super::diagnostics`], the training folds of a cross-validation in
//! `analysis::foldfit`), whose information at the solution differs little
//! from one already factored.
//!
//! The plain chord step is β ← β + H⁻¹·s(β), with s the score of the refit
//! and H its information held at a nearby point. Each step costs one pass
//! over the rows (O(np)) instead of a new O(np²) normal matrix, but
//! converges only linearly (at the rate by which the refit moves the
//! weights, and for a non-canonical link also at that of Fisher scoring
//! itself). The iterates are therefore accelerated by Broyden's secant
//! update of the inverse Jacobian of the chord map (the "second" method,
//! Broyden 1965, *Math. Comp.* 19, 577–593; as a multisecant accelerator of
//! a fixed-point map, Fang & Saad 2009, *Numer. Linear Algebra Appl.* 16,
//! 197–221), started at the identity so its first step is the plain chord
//! step, in coordinates scaled by the columns' root mean squares so that
//! the secant's Euclidean norms weigh the coefficients alike. The
//! convergence rule is that of the main fit applied to the plain chord step
//! at the current iterate (every coefficient's relative change ≤
//! [`COEF_TOL`](super::irls::COEF_TOL), or stalled at rounding level), and
//! that step is taken last; the acceleration only chooses the iterates.

use super::family::Fam;
use super::link::Link;

/// Most chord steps before [`solve`] gives up (the caller then takes full
/// IRLS steps).
pub(crate) const MAX_ITER: usize = 40;

/// The root of a score by chord steps from `start`, to the relative change
/// `tol` ([`COEF_TOL`](super::irls::COEF_TOL) for the main fit's rule): `score(β, s)` writes
/// the score at β into `s` (false when β leaves the valid region),
/// `apply(s, step)` writes H⁻¹·s into `step`, `scale` holds the columns'
/// root mean squares of the convergence rule. Returns β plus the last plain
/// chord step once that step is below the tolerance; `None` when a step
/// leaves the valid region, the steps grow again after the secant model was
/// dropped for plain chord steps, or [`MAX_ITER`] is reached.
pub(crate) fn solve(
    tol: f64,
    scale: &[f64],
    start: &[f64],
    mut score: impl FnMut(&[f64], &mut [f64]) -> bool,
    mut apply: impl FnMut(&[f64], &mut [f64]),
) -> Option<Vec<f64>> {
    let p = start.len();
    let sc: Vec<f64> = scale
        .iter()
        .map(|&s| if s > 0.0 && s.is_finite() { s } else { 1.0 })
        .collect();
    let mut beta = start.to_vec();
    let mut s = vec![0.0; p];
    let mut step = vec![0.0; p];
    let mut b_plain = vec![0.0; p];
    // Secant state (scaled coordinates): the inverse-Jacobian
    // approximation (row-major p×p, from the identity), the last move of
    // the iterate and the last scaled chord step.
    let mut binv = vec![0.0; p * p];
    for a in 0..p {
        binv[a * p + a] = 1.0;
    }
    let mut du = vec![0.0; p];
    let mut f_prev = vec![0.0; p];
    let mut f = vec![0.0; p];
    let mut y = vec![0.0; p];
    let mut r = vec![0.0; p];
    let mut last_change = f64::INFINITY;
    let mut plain_only = false;
    for it in 0..MAX_ITER {
        if !score(&beta, &mut s) {
            return None;
        }
        apply(&s, &mut step);
        for a in 0..p {
            b_plain[a] = beta[a] + step[a];
        }
        let change = super::irls::coef_change(scale, &beta, &b_plain);
        if !change.is_finite() {
            return None;
        }
        // A step that grows: the secant model misled once, so drop it and
        // go on with plain chord steps; growing again means the chord does
        // not converge here.
        let grew = it >= 2 && change > last_change && change > 1e-10;
        if grew && plain_only {
            return None;
        }
        let stalled = change < 1e-10 && change >= 0.5 * last_change;
        if change <= tol || stalled {
            return Some(b_plain);
        }
        last_change = change;
        for a in 0..p {
            f[a] = step[a] * sc[a];
        }
        if grew {
            plain_only = true;
            binv.iter_mut().for_each(|v| *v = 0.0);
            for a in 0..p {
                binv[a * p + a] = 1.0;
            }
        } else if it > 0 && !plain_only {
            // Broyden's second update: binv += (Δu − binv·y)·yᵀ/(yᵀy) with
            // y = F(previous) − F(current), so that binv·y = Δu.
            let mut yy = 0.0;
            for a in 0..p {
                y[a] = f_prev[a] - f[a];
                yy += y[a] * y[a];
            }
            if yy > 0.0 && yy.is_finite() {
                for a in 0..p {
                    let by: f64 = binv[a * p..(a + 1) * p]
                        .iter()
                        .zip(&y)
                        .map(|(u, v)| u * v)
                        .sum();
                    r[a] = (du[a] - by) / yy;
                }
                for a in 0..p {
                    binv[a * p..(a + 1) * p]
                        .iter_mut()
                        .zip(&y)
                        .for_each(|(b, v)| *b += r[a] * v);
                }
            }
        }
        // Next iterate u + binv·F (the plain chord step while binv = I).
        for a in 0..p {
            du[a] = binv[a * p..(a + 1) * p]
                .iter()
                .zip(&f)
                .map(|(u, v)| u * v)
                .sum();
            beta[a] += du[a] / sc[a];
        }
        std::mem::swap(&mut f_prev, &mut f);
    }
    None
}

/// The rows of a refit as [`score_pass`] reads them: the design row-major
/// (`xs`) and column-major (`xt`), response, prior weights and offset.
pub(crate) struct Rows<'a> {
    pub xs: &'a [f64],
    pub xt: &'a [f64],
    pub y: &'a [f64],
    pub prior: &'a [f64],
    pub offset: &'a [f64],
    pub link: Link,
}

/// One pass over the rows at `beta`: η into `eta`, μ into `mu`, and the
/// score Σₖ xₖ·priorₖ·μ′(ηₖ)(yₖ − μₖ)/V(μₖ) over the rows other than `skip`
/// into `score` (`c` is workspace); false when an η or μ of such a row is
/// outside the family's valid region. Done in phases over contiguous
/// buffers so that each vectorises: η = offset + X·β column by column from
/// the column-major `xt`, then the means, then the per-row factors, then
/// Xᵀc row by row from the row-major `xs` (row `skip` enters with factor 0).
///
/// Compiled twice: for the baseline x86-64 (two doubles a vector
/// instruction) and, taken when the processor has it, for AVX2 (four). Each
/// number is the same in both: every element goes through the same
/// multiplications, additions and divisions in the same order, only more of
/// them at a time (no fused multiply-add: Rust never contracts `a * b + c`),
/// and `exp` is the same library call. The refits of the GLM diagnostics and
/// cross-validation spend most of their time here (14 % of `report
/// --no-plots` at the start of this change).
#[allow(clippy::too_many_arguments)]
pub(crate) fn score_pass(
    rows: &Rows<'_>,
    fam: &Fam,
    skip: Option<usize>,
    beta: &[f64],
    eta: &mut [f64],
    mu: &mut [f64],
    c: &mut [f64],
    score: &mut [f64],
) -> bool {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2 (checked just above).
        return unsafe { score_pass_avx2(rows, fam, skip, beta, eta, mu, c, score) };
    }
    score_pass_body(rows, fam, skip, beta, eta, mu, c, score)
}

/// [`score_pass`] compiled for AVX2.
///
/// # Safety
/// The processor must have AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[allow(clippy::too_many_arguments)]
unsafe fn score_pass_avx2(
    rows: &Rows<'_>,
    fam: &Fam,
    skip: Option<usize>,
    beta: &[f64],
    eta: &mut [f64],
    mu: &mut [f64],
    c: &mut [f64],
    score: &mut [f64],
) -> bool {
    score_pass_body(rows, fam, skip, beta, eta, mu, c, score)
}

#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn score_pass_body(
    rows: &Rows<'_>,
    fam: &Fam,
    skip: Option<usize>,
    beta: &[f64],
    eta: &mut [f64],
    mu: &mut [f64],
    c: &mut [f64],
    score: &mut [f64],
) -> bool {
    let n = rows.y.len();
    let p = beta.len();
    let link = rows.link;
    eta.copy_from_slice(rows.offset);
    for (col, &b) in rows.xt.chunks_exact(n).zip(beta) {
        eta.iter_mut().zip(col).for_each(|(e, x)| *e += x * b);
    }
    for (m, &e) in mu.iter_mut().zip(eta.iter()) {
        *m = link.linkinv(e);
    }
    let valid = |k: usize| link.valid_eta(eta[k]) && fam.valid_mu(mu[k]);
    let ok = match skip {
        Some(i) => (0..i).all(valid) && (i + 1..n).all(valid),
        None => (0..n).all(valid),
    };
    if !ok {
        return false;
    }
    for k in 0..n {
        let mk = mu[k];
        c[k] = rows.prior[k] * mu_eta_at(link, mk) * (rows.y[k] - mk) / fam.variance(mk);
    }
    if let Some(i) = skip {
        c[i] = 0.0;
    }
    score.iter_mut().for_each(|v| *v = 0.0);
    for (xr, &ck) in rows.xs.chunks_exact(p).zip(c.iter()) {
        score.iter_mut().zip(xr).for_each(|(s, v)| *s += v * ck);
    }
    true
}

/// μ′(η) from μ = g⁻¹(η): μ under the log link (whose g⁻¹ and μ′ are the
/// same bounded exponential), 1 under the identity.
pub(crate) fn mu_eta_at(link: Link, mu: f64) -> f64 {
    match link {
        Link::Log => mu,
        Link::Identity => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::glm::family::Family;

    /// A small linear congruential generator (deterministic test data).
    struct Lcg(u64);
    impl Lcg {
        fn unit(&mut self) -> f64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    #[test]
    fn the_avx2_pass_gives_the_baseline_bits() {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            let mut g = Lcg(7);
            for (n, p) in [(1, 1), (3, 2), (17, 5), (290, 21), (1001, 11)] {
                let xs: Vec<f64> = (0..n * p).map(|_| g.unit() * 4.0 - 2.0).collect();
                let xt: Vec<f64> = (0..p)
                    .flat_map(|j| (0..n).map(move |k| (j, k)))
                    .map(|(j, k)| xs[k * p + j])
                    .collect();
                let y: Vec<f64> = (0..n).map(|_| g.unit() * 50.0).collect();
                let prior: Vec<f64> = (0..n).map(|_| 0.5 + g.unit()).collect();
                let offset: Vec<f64> = (0..n).map(|_| g.unit() - 0.5).collect();
                let beta: Vec<f64> = (0..p).map(|_| g.unit() * 0.6 - 0.3).collect();
                for (family, link) in [
                    (Family::QuasiPoisson, Link::Log),
                    (Family::Gamma, Link::Log),
                    (Family::Gaussian, Link::Identity),
                ] {
                    let fam = Fam::new(family);
                    let rows = Rows {
                        xs: &xs,
                        xt: &xt,
                        y: &y,
                        prior: &prior,
                        offset: &offset,
                        link,
                    };
                    for skip in [None, Some(0), Some(n / 2)] {
                        let mut a = (vec![0.0; n], vec![0.0; n], vec![0.0; n], vec![0.0; p]);
                        let mut b = a.clone();
                        let ok_a = score_pass_body(
                            &rows, &fam, skip, &beta, &mut a.0, &mut a.1, &mut a.2, &mut a.3,
                        );
                        // SAFETY: AVX2 checked above.
                        let ok_b = unsafe {
                            score_pass_avx2(
                                &rows, &fam, skip, &beta, &mut b.0, &mut b.1, &mut b.2, &mut b.3,
                            )
                        };
                        assert_eq!(ok_a, ok_b);
                        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                        assert_eq!(bits(&a.0), bits(&b.0), "eta n={n} p={p}");
                        assert_eq!(bits(&a.1), bits(&b.1), "mu n={n} p={p}");
                        if ok_a {
                            assert_eq!(bits(&a.3), bits(&b.3), "score n={n} p={p} {family:?}");
                        }
                    }
                }
            }
        }
    }
}
