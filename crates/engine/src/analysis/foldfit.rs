//! Coefficients of the k training fits of a cross-validation, cheaply: the
//! held-out predictions need only β̂ of each fold, not its standard errors,
//! diagnostics or the double-double refinement of a reported fit.
//!
//! * **Linear model** (weighted least squares): the cross-product matrix
//!   XᵀWX and XᵀWy of each fold are accumulated in one pass over the rows;
//!   a training set's normal equations are the sum over the other folds (no
//!   rebuilt design, no subtraction). β̂ from their Cholesky factor is then
//!   corrected by fixed-precision iterative refinement, δ = (XᵀWX)⁻¹XᵀW(y −
//!   Xβ̂) with the residual from the training rows themselves, until the
//!   corrections stop shrinking: the normal equations' κ² error becomes
//!   about κ·ε, the accuracy of a QR solve (Higham, *Accuracy and Stability
//!   of Numerical Algorithms*, 2nd ed., §20.5; Björck, *Numerical Methods for
//!   Least Squares Problems*, 1996, §2.9).
//! * **GLM** (not the negative binomial): IRLS in increment form, β ← β +
//!   (XᵀWX)⁻¹XᵀW(y − μ)/μ'(η), which is R's `glm.fit` step written as a
//!   correction (the same fixed point: the score vanishes), with the same
//!   step halving and convergence rule as the reported fit
//!   ([`crate::model::glm::irls`]). Each fold starts from the full-data
//!   coefficients (one such fit per family), so a fold takes a few steps.
//!   First, though, a fold tries chord steps with the information at that
//!   start held fixed, accelerated as the leave-one-out refits are
//!   ([`crate::model::glm::chord`]): one pass over the fold's training
//!   rows per step (copied once into contiguous buffers) instead of a new
//!   Gram matrix, to a tighter tolerance ([`CHORD_TOL`]); the IRLS steps
//!   are the fallback.
//!
//! The Gram matrices are column-scaled to a unit diagonal before the
//! Cholesky factorisation. Whatever this path cannot settle — a pivot that
//! is not clearly positive (a fold that loses a column, or a design near
//! collinearity), a step that leaves the valid region, no convergence —
//! falls back to the full solver on the fold's rows, which also decides
//! whether the fold fails. β̂ agrees with the full solver's to about κ·ε, so
//! a cross-validated error differs from the full solver's in its last
//! digits only (tested).

use ndarray::{ArrayView1, ArrayView2};
use rayon::prelude::*;

use crate::model::family::{glm_family, glm_link, is_least_squares, Family, Link};
use crate::model::fit::Design;
use crate::model::glm::chord::{self, score_pass};
use crate::model::glm::family::Fam;
use crate::model::glm::irls::{coef_change, COEF_TOL, MAX_ITER};
use crate::model::glm::Link as GLink;

/// Smallest pivot (squared diagonal of the Cholesky factor of the unit-
/// diagonal Gram matrix) this path accepts. A pivot is at least the
/// smallest eigenvalue, 1/κ² of the column-scaled design; below 1e-12 (κ
/// above about 10⁶) refinement would converge slowly, and an exactly
/// aliased column gives ~1e-16: both go to the full solver.
const PIVOT_TOL: f64 = 1e-12;

/// Convergence tolerance of a GLM fold's chord steps ([`Rows::chord`]),
/// below the reported fit's [`COEF_TOL`]: a chord step settles at a linear
/// rate, so the error left after its last step is a fraction of that
/// step, where an IRLS (Newton) step leaves about its square. With two
/// more digits a fold's β̂ agrees with the IRLS one to about 1e-14
/// relative, and the cross-validated errors with it to about 1e-13.
const CHORD_TOL: f64 = 1e-14;

/// Most refinement steps of a linear fold (two or three suffice).
const MAX_REFINE: usize = 10;

/// Coefficients of the training fit of every fold `f` (the rows with
/// `fold[i] != f`), `None` where the fold cannot be fitted; θ beside β for
/// the negative binomial. `full` is the full solver of one row subset (the
/// fallback, and the only path for the negative binomial).
pub(crate) fn fold_coefficients<F>(
    design: &Design,
    family: Family,
    link: Link,
    fold: &[usize],
    k: usize,
    full: F,
) -> Vec<Option<(Vec<f64>, Option<f64>)>>
where
    F: Fn(&[usize]) -> Option<(Vec<f64>, Option<f64>)> + Sync,
{
    let n = design.y.len();
    let train = |f: usize| -> Vec<usize> { (0..n).filter(|&i| fold[i] != f).collect() };
    if family == Family::NegBin {
        return (0..k).into_par_iter().map(|f| full(&train(f))).collect();
    }
    let rows = Rows::new(design, fold);
    if is_least_squares(family, link) {
        let normal = rows.fold_normal_equations(k);
        return (0..k)
            .into_par_iter()
            .map(|f| {
                rows.linear_fold(&normal, f)
                    .map(|b| (b, None))
                    .or_else(|| full(&train(f)))
            })
            .collect();
    }
    let fam = Fam::new(glm_family(family));
    let glink = glm_link(link);
    let start = rows.irls(&fam, glink, None, None, None);
    // Every fold's first step is taken at the full-data coefficients, where
    // a row's working weight and residual are the same whichever fold
    // leaves it out: one pass gives each fold's share, and a training set's
    // first step is the sum over the other folds.
    let shared = start
        .as_deref()
        .and_then(|b| rows.at_by_fold(&fam, glink, b, k));
    (0..k)
        .into_par_iter()
        .map(|f| {
            let first = shared.as_ref().map(|s| State::sum_without(s, f));
            let chord = match (start.as_deref(), first.as_ref()) {
                (Some(b), Some(st)) => rows.chord(&fam, glink, f, b, st),
                _ => None,
            };
            chord
                .or_else(|| rows.irls(&fam, glink, Some(f), start.as_deref(), first))
                .map(|b| (b, None))
                .or_else(|| full(&train(f)))
        })
        .collect()
}

/// The rows of a design as this path reads them: X (with its low-order
/// parts added) row-major, y, prior weights, offset and fold labels.
struct Rows<'a> {
    x: Vec<f64>,
    p: usize,
    y: &'a [f64],
    w: Option<&'a [f64]>,
    offset: Option<&'a [f64]>,
    fold: &'a [usize],
    /// Root mean square of each column: the scale of the convergence rule.
    scales: Vec<f64>,
}

/// Per-fold XᵀWX (lower triangle, row-major p×p) and XᵀWy.
struct FoldNormal {
    gram: Vec<Vec<f64>>,
    xty: Vec<Vec<f64>>,
}

/// Weighted accumulation s·xᵢxᵢᵀ (lower triangle) and s·xᵢ·r into g, b.
#[inline]
fn accumulate(g: &mut [f64], b: &mut [f64], xi: &[f64], s: f64, r: f64) {
    let p = xi.len();
    for a in 0..p {
        let sa = s * xi[a];
        b[a] += sa * r;
        for (gab, xb) in g[a * p..a * p + a + 1].iter_mut().zip(&xi[..=a]) {
            *gab += sa * xb;
        }
    }
}

impl<'a> Rows<'a> {
    fn new(d: &'a Design, fold: &'a [usize]) -> Self {
        let (n, p) = d.x.dim();
        let x: Vec<f64> = match &d.x_lo {
            Some(lo) => (&d.x + lo).iter().copied().collect(),
            None => d.x.iter().copied().collect(),
        };
        let scales = (0..p)
            .map(|j| {
                ((0..n).map(|i| x[i * p + j] * x[i * p + j]).sum::<f64>() / n.max(1) as f64).sqrt()
            })
            .collect();
        Rows {
            x,
            p,
            y: &d.y,
            w: d.weights.as_deref(),
            offset: d.offset.as_deref(),
            fold,
            scales,
        }
    }

    fn row(&self, i: usize) -> &[f64] {
        &self.x[i * self.p..(i + 1) * self.p]
    }

    fn weight(&self, i: usize) -> f64 {
        self.w.map_or(1.0, |w| w[i])
    }

    /// Rows of the training set without fold `skip` (all rows for `None`).
    fn training(&self, skip: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        (0..self.y.len()).filter(move |&i| skip != Some(self.fold[i]))
    }

    fn fold_normal_equations(&self, k: usize) -> FoldNormal {
        let p = self.p;
        let mut gram = vec![vec![0.0; p * p]; k];
        let mut xty = vec![vec![0.0; p]; k];
        for i in 0..self.y.len() {
            let f = self.fold[i];
            accumulate(
                &mut gram[f],
                &mut xty[f],
                self.row(i),
                self.weight(i),
                self.y[i],
            );
        }
        FoldNormal { gram, xty }
    }

    /// β̂ of the linear model without fold `f`: the other folds' normal
    /// equations, then refinement on the training rows.
    fn linear_fold(&self, ne: &FoldNormal, f: usize) -> Option<Vec<f64>> {
        let p = self.p;
        let mut g = vec![0.0; p * p];
        let mut b = vec![0.0; p];
        for h in (0..ne.gram.len()).filter(|&h| h != f) {
            g.iter_mut().zip(&ne.gram[h]).for_each(|(a, v)| *a += v);
            b.iter_mut().zip(&ne.xty[h]).for_each(|(a, v)| *a += v);
        }
        let chol = Cholesky::new(&g, p)?;
        let mut beta = chol.solve(&b);
        let mut last = f64::INFINITY;
        for _ in 0..MAX_REFINE {
            let mut r = vec![0.0; p];
            for i in self.training(Some(f)) {
                let xi = self.row(i);
                let e = self.y[i] - dot(xi, &beta);
                let s = self.weight(i) * e;
                r.iter_mut().zip(xi).for_each(|(r, x)| *r += s * x);
            }
            let delta = chol.solve(&r);
            let new: Vec<f64> = beta.iter().zip(&delta).map(|(b, d)| b + d).collect();
            let change = coef_change(&self.scales, &beta, &new);
            beta = new;
            if settled(change, last) {
                return beta.iter().all(|b| b.is_finite()).then_some(beta);
            }
            last = change;
        }
        None
    }

    /// The working quantities at β on the training rows: deviance, and the
    /// Gram matrix XᵀWX with XᵀW(y − μ)/μ'(η). `None` where μ or η leaves
    /// the valid region or a working weight is not positive and finite.
    /// The rows √wᵢ·xᵢ go to `scratch`, and XᵀWX is one matrix product of
    /// it (a blocked kernel: the row-by-row rank-one updates cost several
    /// times more).
    fn at(
        &self,
        fam: &Fam,
        link: GLink,
        skip: Option<usize>,
        beta: &[f64],
        scratch: &mut Scratch,
    ) -> Option<State> {
        self.at_rows(fam, link, self.training(skip), beta, scratch)
    }

    /// [`Rows::at`] on the rows `rows`.
    fn at_rows(
        &self,
        fam: &Fam,
        link: GLink,
        rows: impl Iterator<Item = usize>,
        beta: &[f64],
        scratch: &mut Scratch,
    ) -> Option<State> {
        let p = self.p;
        let (a, t) = (&mut scratch.a, &mut scratch.t);
        a.clear();
        t.clear();
        let mut dev = 0.0;
        for i in rows {
            let xi = self.row(i);
            let eta = self.offset.map_or(0.0, |o| o[i]) + dot(xi, beta);
            let mu = link.linkinv(eta);
            if !(link.valid_eta(eta) && fam.valid_mu(mu)) {
                return None;
            }
            let prior = self.weight(i);
            dev += fam.dev_resid(self.y[i], mu, prior);
            // Under the log link μ'(η) = μ, as the reported fit takes it.
            let me = if link == GLink::Log {
                mu
            } else {
                link.mu_eta(eta)
            };
            let w = prior * me * me / fam.variance(mu);
            if !(w.is_finite() && w > 0.0) {
                return None;
            }
            let sw = w.sqrt();
            a.extend(xi.iter().map(|x| sw * x));
            t.push(sw * (self.y[i] - mu) / me);
        }
        if !dev.is_finite() {
            return None;
        }
        let av = ArrayView2::from_shape((t.len(), p), a.as_slice()).ok()?;
        let gram = av.t().dot(&av);
        let score = av.t().dot(&ArrayView1::from(t.as_slice())).to_vec();
        Some(State {
            dev,
            gram: gram.as_standard_layout().iter().copied().collect(),
            score,
        })
    }

    /// The deviance at β on the training rows (`None` out of range): the
    /// check of a last step, whose Gram matrix is not needed.
    fn deviance(&self, fam: &Fam, link: GLink, skip: Option<usize>, beta: &[f64]) -> Option<f64> {
        let mut dev = 0.0;
        for i in self.training(skip) {
            let eta = self.offset.map_or(0.0, |o| o[i]) + dot(self.row(i), beta);
            let mu = link.linkinv(eta);
            if !(link.valid_eta(eta) && fam.valid_mu(mu)) {
                return None;
            }
            dev += fam.dev_resid(self.y[i], mu, self.weight(i));
        }
        dev.is_finite().then_some(dev)
    }

    /// [`Rows::at`] of every fold's own rows at β (`None` if any row is out
    /// of range).
    fn at_by_fold(&self, fam: &Fam, link: GLink, beta: &[f64], k: usize) -> Option<Vec<State>> {
        (0..k)
            .map(|f| {
                self.at_rows(
                    fam,
                    link,
                    (0..self.y.len()).filter(|&i| self.fold[i] == f),
                    beta,
                    &mut Scratch::default(),
                )
            })
            .collect()
    }

    /// β̂ of the GLM without fold `f` by chord steps ([`chord::solve`]):
    /// from the full-data coefficients `start`, with the training set's
    /// information at them (`first`, the sum over the other folds) held
    /// fixed, on contiguous copies of the training rows. Each step is one
    /// pass over the rows instead of a new Gram matrix, and the first is
    /// the first IRLS step. `None` where the steps do not settle (the
    /// caller then takes IRLS steps).
    fn chord(
        &self,
        fam: &Fam,
        link: GLink,
        f: usize,
        start: &[f64],
        first: &State,
    ) -> Option<Vec<f64>> {
        let p = self.p;
        let chol = Cholesky::new(&first.gram, p)?;
        let train: Vec<usize> = self.training(Some(f)).collect();
        let m = train.len();
        let mut xs = Vec::with_capacity(m * p);
        let mut xt = vec![0.0; m * p];
        for (r, &i) in train.iter().enumerate() {
            let xi = self.row(i);
            xs.extend_from_slice(xi);
            for (j, &v) in xi.iter().enumerate() {
                xt[j * m + r] = v;
            }
        }
        let y: Vec<f64> = train.iter().map(|&i| self.y[i]).collect();
        let prior: Vec<f64> = train.iter().map(|&i| self.weight(i)).collect();
        let offset: Vec<f64> = train
            .iter()
            .map(|&i| self.offset.map_or(0.0, |o| o[i]))
            .collect();
        let rows = chord::Rows {
            xs: &xs,
            xt: &xt,
            y: &y,
            prior: &prior,
            offset: &offset,
            link,
        };
        let (mut eta, mut mu, mut c) = (vec![0.0; m], vec![0.0; m], vec![0.0; m]);
        let beta = chord::solve(
            CHORD_TOL,
            &self.scales,
            start,
            |b, s| score_pass(&rows, fam, None, b, &mut eta, &mut mu, &mut c, s),
            |s, step| step.copy_from_slice(&chol.solve(s)),
        )?;
        beta.iter().all(|b| b.is_finite()).then_some(beta)
    }

    /// IRLS on the training rows without fold `skip`, from `start` (with
    /// its working quantities `first`, if known) or from the family's
    /// starting means; `None` when it does not converge here.
    fn irls(
        &self,
        fam: &Fam,
        link: GLink,
        skip: Option<usize>,
        start: Option<&[f64]>,
        first: Option<State>,
    ) -> Option<Vec<f64>> {
        let p = self.p;
        let mut scratch = Scratch::default();
        let (mut beta, mut st) = match start {
            Some(b) => (
                b.to_vec(),
                match first {
                    Some(s) => s,
                    None => self.at(fam, link, skip, b, &mut scratch)?,
                },
            ),
            None => {
                // The first step from the starting means, as `glm.fit`:
                // z = g(μ₀) − offset + (y − μ₀)/μ'(g(μ₀)).
                let mut g = vec![0.0; p * p];
                let mut h = vec![0.0; p];
                for i in self.training(skip) {
                    let mu = fam.mustart(self.y[i]);
                    let eta = link.linkfun(mu);
                    let me = link.mu_eta(eta);
                    let w = self.weight(i) * me * me / fam.variance(mu);
                    if !(w.is_finite() && w > 0.0) {
                        return None;
                    }
                    let z = eta - self.offset.map_or(0.0, |o| o[i]) + (self.y[i] - mu) / me;
                    accumulate(&mut g, &mut h, self.row(i), w, z);
                }
                let b = Cholesky::new(&g, p)?.solve(&h);
                let st = self.at(fam, link, skip, &b, &mut scratch)?;
                (b, st)
            }
        };
        let mut last = f64::INFINITY;
        for _ in 0..MAX_ITER {
            let delta = Cholesky::new(&st.gram, p)?.solve(&st.score);
            let mut new: Vec<f64> = beta.iter().zip(&delta).map(|(b, d)| b + d).collect();
            let rises = |dev: f64| dev - st.dev > 1e-7 * (st.dev.abs() + 0.1);
            // A step that settles needs only its deviance checked.
            if settled(coef_change(&self.scales, &beta, &new), last)
                && self
                    .deviance(fam, link, skip, &new)
                    .is_some_and(|d| !rises(d))
            {
                return new.iter().all(|b| b.is_finite()).then_some(new);
            }
            let mut next = self.at(fam, link, skip, &new, &mut scratch);
            let mut halvings = 0;
            // Step halving as the reported fit: out of range, or the
            // deviance rising by more than 1e-7 of itself.
            while next.as_ref().is_none_or(|n| rises(n.dev)) {
                halvings += 1;
                if halvings > 60 {
                    return None;
                }
                new.iter_mut()
                    .zip(&beta)
                    .for_each(|(b, o)| *b = 0.5 * (*b + o));
                next = self.at(fam, link, skip, &new, &mut scratch);
            }
            let change = coef_change(&self.scales, &beta, &new);
            beta = new;
            st = next?;
            if settled(change, last) {
                return beta.iter().all(|b| b.is_finite()).then_some(beta);
            }
            last = change;
        }
        None
    }
}

/// The reported fit's stopping rule: converged, or stalled at rounding
/// level (corrections no longer shrinking below 1e-10).
fn settled(change: f64, last: f64) -> bool {
    change <= COEF_TOL || (change < 1e-10 && change >= 0.5 * last)
}

/// Buffers of [`Rows::at`], reused across the steps of one fit.
#[derive(Default)]
struct Scratch {
    a: Vec<f64>,
    t: Vec<f64>,
}

struct State {
    dev: f64,
    gram: Vec<f64>,
    score: Vec<f64>,
}

impl State {
    /// The sum of the folds' states but fold `f`'s, in fold order.
    fn sum_without(folds: &[State], f: usize) -> State {
        let mut s = State {
            dev: 0.0,
            gram: vec![0.0; folds[0].gram.len()],
            score: vec![0.0; folds[0].score.len()],
        };
        for (_, h) in folds.iter().enumerate().filter(|&(h, _)| h != f) {
            s.dev += h.dev;
            s.gram.iter_mut().zip(&h.gram).for_each(|(a, v)| *a += v);
            s.score.iter_mut().zip(&h.score).for_each(|(a, v)| *a += v);
        }
        s
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Cholesky factor of a symmetric positive definite matrix scaled to a unit
/// diagonal: D·G·D = LLᵀ, D = diag(1/√Gⱼⱼ).
struct Cholesky {
    l: Vec<f64>,
    d: Vec<f64>,
    p: usize,
}

impl Cholesky {
    /// From the lower triangle of `g` (row-major p×p); `None` when a pivot
    /// is below [`PIVOT_TOL`].
    fn new(g: &[f64], p: usize) -> Option<Self> {
        let d: Vec<f64> = (0..p)
            .map(|j| {
                let v = g[j * p + j];
                (v > 0.0 && v.is_finite()).then(|| 1.0 / v.sqrt())
            })
            .collect::<Option<_>>()?;
        let mut l = vec![0.0; p * p];
        for j in 0..p {
            let s = 1.0 - dot(&l[j * p..j * p + j], &l[j * p..j * p + j]);
            // NaN fails too.
            if s.is_nan() || s <= PIVOT_TOL {
                return None;
            }
            let ljj = s.sqrt();
            l[j * p + j] = ljj;
            for i in j + 1..p {
                let s =
                    g[i * p + j] * d[i] * d[j] - dot(&l[i * p..i * p + j], &l[j * p..j * p + j]);
                l[i * p + j] = s / ljj;
            }
        }
        Some(Cholesky { l, d, p })
    }

    /// G⁻¹·rhs.
    fn solve(&self, rhs: &[f64]) -> Vec<f64> {
        let (l, p) = (&self.l, self.p);
        let mut u: Vec<f64> = rhs.iter().zip(&self.d).map(|(r, d)| r * d).collect();
        for i in 0..p {
            u[i] = (u[i] - dot(&l[i * p..i * p + i], &u[..i])) / l[i * p + i];
        }
        for i in (0..p).rev() {
            let s: f64 = (i + 1..p).map(|k| l[k * p + i] * u[k]).sum();
            u[i] = (u[i] - s) / l[i * p + i];
        }
        u.iter().zip(&self.d).map(|(u, d)| u * d).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::uncertainty::{folds, subset_rows};

    fn full_solver<'a>(
        d: &'a Design,
        family: Family,
        link: Link,
    ) -> impl Fn(&[usize]) -> Option<(Vec<f64>, Option<f64>)> + Sync + 'a {
        move |idx| {
            let s = subset_rows(d, idx);
            if is_least_squares(family, link) {
                crate::model::fit::fit_coefficients(&s)
                    .ok()
                    .map(|b| (b, None))
            } else {
                let g = crate::model::glm::GlmData {
                    y: s.y.clone(),
                    x: s.x.clone(),
                    names: s.names.clone(),
                    intercept: s.intercept,
                    weights: s.weights.clone(),
                    offset: s.offset.clone(),
                    clusters: None,
                };
                crate::model::glm::fit_coefficients(&g, glm_family(family), glm_link(link)).ok()
            }
        }
    }

    /// A weighted design with a positive, skewed outcome and four
    /// covariates of different scales.
    fn test_design(n: usize) -> Design {
        let x = ndarray::Array2::from_shape_fn((n, 5), |(i, j)| match j {
            0 => 1.0,
            1 => ((i * 37 % 101) as f64) * 0.1,
            2 => ((i * 13 % 17) as f64) * 100.0 + 50.0,
            3 => ((i * i % 23) as f64) * 1e-3,
            _ => (i % 7) as f64,
        });
        let y: Vec<f64> = (0..n)
            .map(|i| {
                let eta = 0.5 + 0.08 * x[[i, 1]] + 2e-4 * x[[i, 2]] + 9.0 * x[[i, 3]];
                eta.exp() * (1.0 + 0.3 * (((i * 29) % 11) as f64 / 10.0 - 0.5))
            })
            .collect();
        let mut d = Design::new(
            y,
            x,
            ["(Intercept)", "a", "b", "c", "d"]
                .map(String::from)
                .to_vec(),
            true,
        );
        d.weights = Some(
            (0..n)
                .map(|i| 100.0 + (i * 53 % 97) as f64 * 10.0)
                .collect(),
        );
        d
    }

    #[test]
    fn fold_coefficients_agree_with_the_full_solver_to_about_kappa_epsilon() {
        let d = test_design(400);
        let k = 10;
        let fold = folds(400, k, 3, 5);
        for (family, link) in [
            (Family::Gaussian, Link::Identity),
            (Family::QuasiPoisson, Link::Log),
            (Family::Gamma, Link::Log),
            (Family::Gaussian, Link::Log),
        ] {
            let reference = full_solver(&d, family, link);
            // The full solver as fallback would hide a wrong fast path:
            // here it must not be called.
            let fast = fold_coefficients(&d, family, link, &fold, k, |_| None);
            for f in 0..k {
                let train: Vec<usize> = (0..400).filter(|&i| fold[i] != f).collect();
                let (want, _) = reference(&train).expect("full solver fits");
                let (got, _) = fast[f].clone().expect("fast path fits");
                for (j, (a, b)) in got.iter().zip(&want).enumerate() {
                    let scale = b
                        .abs()
                        .max(1e-3 * want.iter().fold(0.0f64, |m, v| m.max(v.abs())));
                    assert!(
                        (a - b).abs() <= 1e-10 * scale,
                        "{family:?} {link:?} fold {f} β{j}: {a} vs {b}"
                    );
                }
            }
        }
    }

    #[test]
    fn chord_steps_settle_every_glm_fold_closer_than_the_irls_tolerance() {
        // The chord path itself (not the IRLS fallback) must settle each
        // fold, to about 1e-12 of the fully refined solver's β (its
        // tolerance is 1e-14; the bound leaves room for κ·ε).
        let d = test_design(400);
        let k = 10;
        let fold = folds(400, k, 3, 5);
        for (family, link) in [
            (Family::QuasiPoisson, Link::Log),
            (Family::Gamma, Link::Log),
            (Family::Gaussian, Link::Log),
        ] {
            let reference = full_solver(&d, family, link);
            let rows = Rows::new(&d, &fold);
            let fam = Fam::new(glm_family(family));
            let glink = glm_link(link);
            let start = rows.irls(&fam, glink, None, None, None).expect("full fit");
            let shared = rows.at_by_fold(&fam, glink, &start, k).expect("in range");
            for f in 0..k {
                let first = State::sum_without(&shared, f);
                let got = rows
                    .chord(&fam, glink, f, &start, &first)
                    .unwrap_or_else(|| panic!("{family:?} fold {f}: chord steps did not settle"));
                let train: Vec<usize> = (0..400).filter(|&i| fold[i] != f).collect();
                let (want, _) = reference(&train).expect("full solver fits");
                let big = want.iter().fold(0.0f64, |m, v| m.max(v.abs()));
                for (j, (a, b)) in got.iter().zip(&want).enumerate() {
                    let scale = b.abs().max(1e-3 * big);
                    assert!(
                        (a - b).abs() <= 1e-12 * scale,
                        "{family:?} {link:?} fold {f} β{j}: {a} vs {b}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_fold_that_loses_a_column_goes_to_the_full_solver() {
        // Column "d" is 1 only in rows of fold 0: without fold 0 it is all
        // zero and the training design is rank deficient.
        let n = 200;
        let k = 5;
        let fold = folds(n, k, 1, 2);
        let mut d = test_design(n);
        for i in 0..n {
            d.x[[i, 4]] = f64::from(u8::from(fold[i] == 0 && i % 3 == 0));
        }
        for (family, link) in [
            (Family::Gaussian, Link::Identity),
            (Family::QuasiPoisson, Link::Log),
        ] {
            let calls = std::sync::Mutex::new(Vec::new());
            let out = fold_coefficients(&d, family, link, &fold, k, |idx| {
                calls.lock().unwrap().push(idx.len());
                None
            });
            assert!(out[0].is_none(), "{family:?}");
            assert!(out[1..].iter().all(Option::is_some), "{family:?}");
            let without_fold_0 = fold.iter().filter(|&&f| f != 0).count();
            assert_eq!(*calls.lock().unwrap(), [without_fold_0], "{family:?}");
        }
    }

    #[test]
    fn cholesky_solves_and_rejects_a_singular_matrix() {
        // G = [[4, 2], [2, 3]]: G⁻¹(2, 1) = (0.5, 0).
        let c = Cholesky::new(&[4.0, 0.0, 2.0, 3.0], 2).unwrap();
        let x = c.solve(&[2.0, 1.0]);
        assert!((x[0] - 0.5).abs() < 1e-15 && x[1].abs() < 1e-15, "{x:?}");
        assert!(Cholesky::new(&[1.0, 0.0, 1.0, 1.0], 2).is_none());
    }
}
