//! The least-squares solve: QR on a column-scaled, whitened design, with two
//! paths.
//!
//! * **f64 path** (well-conditioned designs, the usual case): Householder QR from
//!   the [`crate::numerics::linalg`] backend, then iterative refinement of β̂ with the
//!   residual r = y − Xβ̂ accumulated in double-double arithmetic (Björck 1967;
//!   Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., §20.5).
//! * **double-double path** (condition number above [`DD_COND_THRESHOLD`], or a
//!   possibly rank-deficient design): the whole Householder QR, back-substitution
//!   and residuals in double-double (~32 digits), rounded to f64 at the end. This
//!   is what reaches the NIST StRD certified values on Filip and Wampler5, and it
//!   also decides rank: a column whose R diagonal vanishes to double-double
//!   precision is exactly collinear with the columns before it.
//!
//! Columns are scaled by powers of two (exact in binary floating point), so
//! scaling never perturbs the data and exact collinearity stays exact.

use ndarray::Array2;
use rayon::prelude::*;

use crate::numerics::dd::{dot2, dot2_from, Dot2, DD};
use crate::numerics::linalg;

/// Above this (unit-column) condition number the double-double path is used.
/// Below it the f64 path with refinement keeps ≥ 11 significant digits in the
/// coefficients and standard errors (relative error ≈ κ·ε).
pub const DD_COND_THRESHOLD: f64 = 1e4;

/// A column is aliased when its R diagonal, relative to the column's length, is
/// below this in the double-double factorisation: the part of the column that
/// the earlier columns do not explain is then within a few hundred units of
/// rounding of the data themselves (doubles hold ~16 digits, so `c = 2a − b`
/// computed from rounded `a`, `b` leaves ~1e-16). The hardest certified
/// design, NIST's Filip, has its smallest relative diagonal at 5.2e-8; a
/// column built as `2a − b + 5` from rounded data has 5e-17 (both measured).
pub const ALIAS_TOL: f64 = 1e-13;

/// What both paths produce, in the scaled, whitened coordinates
/// Xs = diag(√w)·X·diag(2^eⱼ).
pub(crate) struct Solution {
    /// β̂ in scaled coordinates (β = 2^eⱼ·βsⱼ).
    pub beta_s: Vec<f64>,
    /// R⁻¹ (p×p, upper triangular), of the scaled design.
    pub rinv: Array2<f64>,
    /// Thin Q (n×p): Xs·R⁻¹. Row norms are the hat values.
    pub q: Array2<f64>,
    /// Whitened residuals √wᵢ(yᵢ − xᵢβ̂).
    pub e_w: Vec<f64>,
    /// Residual sum of squares Σ e_w², accumulated in double-double.
    pub rss: f64,
    /// Unit-column condition number of the whitened design.
    pub condition_number: f64,
    /// Which path was taken.
    pub path: &'static str,
}

/// Columns found to be exact linear combinations of earlier columns: (column
/// index, indices of the columns it combines).
pub(crate) type Aliased = Vec<(usize, Vec<usize>)>;

pub(crate) enum SolveError {
    Aliased(Aliased),
    Backend(String),
}

/// Power-of-two exponent that brings a column of this 2-norm close to 1.
pub(crate) fn scale_exponent(norm: f64) -> i32 {
    if norm > 0.0 && norm.is_finite() {
        -(norm.log2().round() as i32)
    } else {
        0
    }
}

/// Solve min ‖√w(y − Xβ)‖. `sw` is √w (or all ones), `exps` the per-column
/// power-of-two exponents.
pub(crate) fn solve(
    x: &Array2<f64>,
    x_lo: Option<&Array2<f64>>,
    y: &[f64],
    w: Option<&[f64]>,
    exps: &[i32],
) -> Result<Solution, SolveError> {
    let (n, p) = x.dim();
    let sw: Vec<f64> = match w {
        Some(w) => rows(n, |i| w[i].sqrt()),
        None => vec![1.0; n],
    };
    let mults: Vec<f64> = exps.iter().map(|&e| 2f64.powi(e)).collect();
    // Row by row (in parallel on large designs): each entry is its own
    // product, the same for any number of threads.
    let whiten = |m: &Array2<f64>| {
        matrix_by_rows(n, p, |i, row| {
            for (j, v) in row.iter_mut().enumerate() {
                *v = sw[i] * m[[i, j]] * mults[j];
            }
        })
    };
    let xs = whiten(x);
    // Low-order parts of a double-double design, whitened and scaled likewise
    // (√w·lo is rounded, but lo is already ~1e-16 of the entry).
    let xs_lo = x_lo.map(whiten);
    let ys: Vec<f64> = rows(n, |i| sw[i] * y[i]);
    // Σ v² from -0.0, as `Iterator::sum` adds.
    let col_norms: Vec<f64> = fold_columns(&xs, vec![-0.0; p], |s, v, _| *s += v * v)
        .into_iter()
        .map(f64::sqrt)
        .collect();

    let qr = linalg::thin_qr(&xs).map_err(|e| SolveError::Backend(e.to_string()))?;
    let cond = unit_condition(&qr.r, &col_norms).map_err(SolveError::Backend)?;
    if cond.is_nan() || cond > DD_COND_THRESHOLD {
        return solve_dd(x, x_lo, y, w, exps, cond);
    }

    // f64 path: β̂ = R⁻¹Qᵀy, then Björck's (1967) refinement of the augmented
    // system [I X; Xᵀ 0][r; β] = [y; 0], with its residuals accumulated in
    // double-double. Refining r as well as β is what keeps large-residual
    // problems (Wampler5) accurate: plain refinement of β alone stalls at κ²ε.
    // Only the residuals f and g need the extra precision; the correction is
    // applied in plain f64.
    let rinv = upper_inverse(&qr.r);
    let mut beta = apply_rinv_qt(&rinv, &qr.q, &ys);
    let mut r: Vec<f64> = rows(n, |i| {
        residual_dd(&xs, xs_lo.as_ref(), &ys, &beta, i).to_f64()
    });
    let mut last_norm = f64::INFINITY;
    for _ in 0..MAX_REFINEMENTS {
        // f = y − r − Xβ, g = −Xᵀr, both in double-double.
        let f: Vec<f64> = rows(n, |i| {
            residual_dd(&xs, xs_lo.as_ref(), &ys, &beta, i)
                .add_f64(-r[i])
                .to_f64()
        });
        let dots =
            |m: &Array2<f64>| fold_columns(m, vec![Dot2::new(0.0); p], |d, v, i| d.add(v, r[i]));
        let g_hi = dots(&xs);
        let g_lo = xs_lo.as_ref().map(dots);
        let g: Vec<f64> = (0..p)
            .map(|j| {
                let mut s = g_hi[j].finish();
                if let Some(lo) = &g_lo {
                    s = s + lo[j].finish();
                }
                -s.to_f64()
            })
            .collect();
        // a = R⁻ᵀg; δβ = R⁻¹(Qᵀf − a); δr = f − Q(Qᵀf − a).
        let a: Vec<f64> = (0..p)
            .map(|j| (0..=j).map(|k| rinv[[k, j]] * g[k]).sum())
            .collect();
        let qtf = column_dots(&qr.q, &f);
        let c: Vec<f64> = qtf.iter().zip(&a).map(|(x, y)| x - y).collect();
        let dbeta: Vec<f64> = (0..p)
            .map(|i| (i..p).map(|k| rinv[[i, k]] * c[k]).sum())
            .collect();
        let update = |(i, ri): (usize, &mut f64)| {
            let qc: f64 = qr.q.row(i).iter().zip(&c).map(|(q, c)| q * c).sum();
            *ri += f[i] - qc;
        };
        if n >= PARALLEL_MIN_ROWS {
            r.par_iter_mut().enumerate().for_each(update);
        } else {
            r.iter_mut().enumerate().for_each(update);
        }
        // Stop when every correction is below an ulp of its coefficient, or
        // when corrections stop shrinking (they are then rounding noise).
        let mut converged = true;
        let mut norm = 0.0f64;
        for (b, d) in beta.iter_mut().zip(&dbeta) {
            converged &= d.abs() <= f64::EPSILON * b.abs();
            norm = norm.max(d.abs());
            *b += d;
        }
        if converged || norm > 0.5 * last_norm {
            break;
        }
        last_norm = norm;
    }
    let (e_w, rss) = residuals(&xs, xs_lo.as_ref(), &ys, &beta);

    Ok(Solution {
        beta_s: beta,
        rinv,
        q: qr.q,
        e_w,
        rss,
        condition_number: cond,
        path: "QR (f64) + augmented-system refinement in double-double",
    })
}

/// Most refinement steps taken; convergence usually stops after two or three.
const MAX_REFINEMENTS: usize = 6;

/// rᵢ = ysᵢ − xsᵢ·β accumulated in double-double (Dot2 starting from yᵢ).
fn residual_dd(
    xs: &Array2<f64>,
    xs_lo: Option<&Array2<f64>>,
    ys: &[f64],
    beta: &[f64],
    i: usize,
) -> DD {
    let r = dot2_from(ys[i], xs.row(i).iter().copied(), beta.iter().map(|b| -b));
    match xs_lo {
        // The low parts are ~1e-16 of the entries: their products need no
        // extra precision.
        Some(lo) => r.add_f64(-lo.row(i).iter().zip(beta).map(|(l, b)| l * b).sum::<f64>()),
        None => r,
    }
}

fn residuals(
    xs: &Array2<f64>,
    xs_lo: Option<&Array2<f64>>,
    ys: &[f64],
    beta: &[f64],
) -> (Vec<f64>, f64) {
    // The residuals row by row (in parallel on large designs), their sum of
    // squares in row order: the same sum for any number of threads.
    let r: Vec<DD> = rows(ys.len(), |i| residual_dd(xs, xs_lo, ys, beta, i));
    let mut rss = DD::ZERO;
    let e: Vec<f64> = r
        .iter()
        .map(|&r| {
            rss = rss + r * r;
            r.to_f64()
        })
        .collect();
    (e, rss.to_f64())
}

/// From this many rows on, the row-by-row and column-by-column passes of the
/// solve and the fit run in parallel (below, a pass takes less time than
/// handing it to other threads).
pub(crate) const PARALLEL_MIN_ROWS: usize = 4096;

/// `f(i)` for every row `i` of `n`, in order; in parallel from
/// [`PARALLEL_MIN_ROWS`] rows on. Each value depends on its row alone, so the
/// result is the same for any number of threads.
pub(crate) fn rows<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    if n >= PARALLEL_MIN_ROWS {
        (0..n).into_par_iter().map(f).collect()
    } else {
        (0..n).map(f).collect()
    }
}

/// An n×p matrix filled row by row, `f(i, row)` writing row `i`; in
/// parallel from [`PARALLEL_MIN_ROWS`] rows on (each row depends on its
/// index alone: the same matrix for any number of threads).
pub(crate) fn matrix_by_rows(
    n: usize,
    p: usize,
    f: impl Fn(usize, &mut [f64]) + Sync + Send,
) -> Array2<f64> {
    let mut m = Array2::<f64>::zeros((n, p));
    let flat = m
        .as_slice_mut()
        .expect("a new matrix is contiguous in row order");
    if p > 0 {
        if n >= PARALLEL_MIN_ROWS {
            flat.par_chunks_mut(p)
                .enumerate()
                .for_each(|(i, r)| f(i, r));
        } else {
            flat.chunks_mut(p).enumerate().for_each(|(i, r)| f(i, r));
        }
    }
    m
}

/// A fold of every column of `m` in one pass over its rows: `step(state,
/// m[i, j], i)` for each row `i` in order, starting from `init[j]`. Each
/// column's fold is exactly the one a walk down the column makes, without
/// the walk: in a row-major matrix every column walk reads the whole matrix
/// (at a million rows, p walks of 88 MB where one pass reads it once).
pub(crate) fn fold_columns<S>(
    m: &Array2<f64>,
    mut init: Vec<S>,
    step: impl Fn(&mut S, f64, usize),
) -> Vec<S> {
    assert_eq!(init.len(), m.ncols(), "one state per column");
    for (i, row) in m.rows().into_iter().enumerate() {
        for (s, &v) in init.iter_mut().zip(row) {
            step(s, v, i);
        }
    }
    init
}

/// Qᵀf column by column, as `q.column(j).dot(f)` computes it: a column of a
/// row-major matrix with more than one column is strided, and ndarray's dot
/// then sums the products in row order from zero, which one pass over the
/// rows does for every column at once. A single column (contiguous; ndarray
/// unrolls that sum) and a build on BLAS keep the dot itself.
fn column_dots(q: &Array2<f64>, f: &[f64]) -> Vec<f64> {
    let p = q.ncols();
    let strided = p > 1 && q.is_standard_layout();
    if cfg!(feature = "lapack") || !strided {
        return (0..p)
            .map(|j| q.column(j).dot(&ndarray::aview1(f)))
            .collect();
    }
    fold_columns(q, vec![0.0; p], |s, v, i| *s += v * f[i])
}

/// R⁻¹ Qᵀ v.
fn apply_rinv_qt(rinv: &Array2<f64>, q: &Array2<f64>, vv: &[f64]) -> Vec<f64> {
    let p = rinv.nrows();
    // Every column's Dot2 in one pass over the rows (the same operations in
    // the same order as a walk down each column).
    let qtv: Vec<f64> = fold_columns(q, vec![Dot2::new(0.0); p], |d, v, i| d.add(v, vv[i]))
        .into_iter()
        .map(|d| d.finish().to_f64())
        .collect();
    (0..p)
        .map(|i| dot2((i..p).map(|k| rinv[[i, k]]), qtv[i..].iter().copied()).to_f64())
        .collect()
}

/// Inverse of an upper-triangular matrix by back-substitution.
fn upper_inverse(r: &Array2<f64>) -> Array2<f64> {
    let p = r.nrows();
    let mut inv = Array2::<f64>::zeros((p, p));
    for j in 0..p {
        inv[[j, j]] = 1.0 / r[[j, j]];
        for i in (0..j).rev() {
            let s = dot2(
                (i + 1..=j).map(|k| r[[i, k]]),
                (i + 1..=j).map(|k| inv[[k, j]]),
            );
            inv[[i, j]] = -s.to_f64() / r[[i, i]];
        }
    }
    inv
}

/// 2-norm condition number of R·diag(1/‖colⱼ‖), i.e. of the design with unit
/// columns. Infinite when R is singular.
fn unit_condition(r: &Array2<f64>, col_norms: &[f64]) -> Result<f64, String> {
    let p = r.nrows();
    let ru = Array2::from_shape_fn((p, p), |(i, j)| {
        if col_norms[j] > 0.0 {
            r[[i, j]] / col_norms[j]
        } else {
            0.0
        }
    });
    let s = linalg::singular_values(&ru).map_err(|e| e.to_string())?;
    let (smax, smin) = (s[0], s[s.len() - 1]);
    Ok(if smin > 0.0 {
        smax / smin
    } else {
        f64::INFINITY
    })
}

/// The double-double path: Householder QR, R⁻¹, β̂, Q and residuals in
/// double-double; rank decided at double-double precision.
fn solve_dd(
    x: &Array2<f64>,
    x_lo: Option<&Array2<f64>>,
    y: &[f64],
    w: Option<&[f64]>,
    exps: &[i32],
    cond_f64: f64,
) -> Result<Solution, SolveError> {
    let (n, p) = x.dim();
    let sw: Vec<DD> = match w {
        Some(w) => w.iter().map(|&v| DD::from_f64(v).sqrt()).collect(),
        None => vec![DD::ONE; n],
    };
    let mults: Vec<f64> = exps.iter().map(|&e| 2f64.powi(e)).collect();
    // Columns of [Xs | ys], column-major, in double-double.
    let xs_cols: Vec<Vec<DD>> = (0..p)
        .map(|j| {
            (0..n)
                .map(|i| {
                    let v = match x_lo {
                        Some(lo) => DD::from_f64(x[[i, j]]).add_f64(lo[[i, j]]),
                        None => DD::from_f64(x[[i, j]]),
                    };
                    (sw[i] * v).mul_f64(mults[j])
                })
                .collect()
        })
        .collect();
    let ys: Vec<DD> = (0..n).map(|i| sw[i].mul_f64(y[i])).collect();
    let col_norms: Vec<DD> = xs_cols
        .iter()
        .map(|c| c.iter().fold(DD::ZERO, |s, &v| s + v * v).sqrt())
        .collect();

    let mut a: Vec<Vec<DD>> = xs_cols.clone();
    a.push(ys.clone());
    let mut rdiag = vec![DD::ZERO; p];
    for k in 0..p {
        let norm = a[k][k..].iter().fold(DD::ZERO, |s, &v| s + v * v).sqrt();
        if norm.hi == 0.0 {
            rdiag[k] = DD::ZERO;
            continue;
        }
        let alpha = if a[k][k].hi > 0.0 { -norm } else { norm };
        let mut v: Vec<DD> = a[k][k..].to_vec();
        v[0] = v[0] - alpha;
        // H = I − 2vvᵀ/(vᵀv) with vᵀv = 2‖a‖(‖a‖ + |aₖₖ|), free of cancellation.
        let half_vtv = (norm + a[k][k].abs()) * norm;
        for col in a.iter_mut().skip(k + 1) {
            let s = v
                .iter()
                .zip(&col[k..])
                .fold(DD::ZERO, |s, (&vi, &ci)| s + vi * ci);
            let f = s / half_vtv;
            for (ci, &vi) in col[k..].iter_mut().zip(&v) {
                *ci = *ci - f * vi;
            }
        }
        a[k][k] = alpha;
        for ci in a[k][k + 1..].iter_mut() {
            *ci = DD::ZERO;
        }
        rdiag[k] = alpha;
    }
    let r = |i: usize, j: usize| a[j][i];

    // Rank: |Rkk| relative to the column's own length.
    let aliased_idx: Vec<usize> = (0..p)
        .filter(|&k| {
            let cn = col_norms[k].to_f64();
            cn == 0.0 || (rdiag[k].to_f64().abs() / cn) < ALIAS_TOL
        })
        .collect();
    if !aliased_idx.is_empty() {
        let mut out: Aliased = Vec::new();
        for &k in &aliased_idx {
            // Column k = Σ c_m col_m over earlier non-aliased m: solve the
            // triangular system R[m,m']c = R[m,k] on those indices.
            let idx: Vec<usize> = (0..k).filter(|m| !aliased_idx.contains(m)).collect();
            let mut c = vec![DD::ZERO; idx.len()];
            for (ii, &m) in idx.iter().enumerate().rev() {
                let mut s = r(m, k);
                for (jj, &mm) in idx.iter().enumerate().skip(ii + 1) {
                    s = s - r(m, mm) * c[jj];
                }
                c[ii] = s / r(m, m);
            }
            let scale = col_norms[k].to_f64().max(f64::MIN_POSITIVE);
            let with: Vec<usize> = idx
                .iter()
                .zip(&c)
                .filter(|(&m, cm)| (cm.to_f64() * col_norms[m].to_f64()).abs() > 1e-8 * scale)
                .map(|(&m, _)| m)
                .collect();
            out.push((k, with));
        }
        return Err(SolveError::Aliased(out));
    }

    // R⁻¹ in double-double.
    let mut rinv = vec![vec![DD::ZERO; p]; p];
    for j in 0..p {
        rinv[j][j] = DD::ONE / r(j, j);
        for i in (0..j).rev() {
            let mut s = DD::ZERO;
            for k in i + 1..=j {
                s = s + r(i, k) * rinv[k][j];
            }
            rinv[i][j] = -(s / r(i, i));
        }
    }
    // β̂ = R⁻¹ (Qᵀy)[..p]; Qᵀy is the transformed last column.
    let qty = &a[p];
    let beta_dd: Vec<DD> = (0..p)
        .map(|i| (i..p).fold(DD::ZERO, |s, k| s + rinv[i][k] * qty[k]))
        .collect();
    // Residuals and RSS in double-double, from the original scaled data.
    let mut rss = DD::ZERO;
    let e_w: Vec<f64> = (0..n)
        .map(|i| {
            let mut r_i = ys[i];
            for j in 0..p {
                r_i = r_i - xs_cols[j][i] * beta_dd[j];
            }
            rss = rss + r_i * r_i;
            r_i.to_f64()
        })
        .collect();
    // Q = Xs R⁻¹ (rows), in double-double, rounded.
    let mut q = Array2::<f64>::zeros((n, p));
    for i in 0..n {
        for j in 0..p {
            let mut s = DD::ZERO;
            for k in 0..=j {
                s = s + xs_cols[k][i] * rinv[k][j];
            }
            q[[i, j]] = s.to_f64();
        }
    }
    let rinv_f = Array2::from_shape_fn((p, p), |(i, j)| rinv[i][j].to_f64());
    // Condition number from the double-double R (rounded), unit columns.
    let r_f = Array2::from_shape_fn((p, p), |(i, j)| if i <= j { r(i, j).to_f64() } else { 0.0 });
    let cn: Vec<f64> = col_norms.iter().map(|c| c.to_f64()).collect();
    let cond = unit_condition(&r_f, &cn).unwrap_or(cond_f64);
    Ok(Solution {
        beta_s: beta_dd.iter().map(|b| b.to_f64()).collect(),
        rinv: rinv_f,
        q,
        e_w,
        rss: rss.to_f64(),
        condition_number: cond,
        path: "QR in double-double (ill-conditioned design)",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values of mixed signs and magnitudes (negative zero included), so
    /// that any change in the order of the additions shows in the last bits.
    fn matrix(n: usize, p: usize) -> Array2<f64> {
        Array2::from_shape_fn((n, p), |(i, j)| {
            if (i + j) % 97 == 0 {
                -0.0
            } else {
                let x = ((i * 7919 + j * 104_729) % 1_000_003) as f64 / 1_000_003.0 - 0.5;
                x * 10f64.powi(((i + 3 * j) % 9) as i32 - 4)
            }
        })
    }

    #[test]
    fn one_pass_over_the_rows_gives_each_column_walk_bit_for_bit() {
        for (n, p) in [(5000, 11), (37, 3), (10, 1)] {
            let m = matrix(n, p);
            let v: Vec<f64> = (0..n).map(|i| ((i % 13) as f64 - 6.1) * 1e-3).collect();
            // Σ v² (Iterator::sum), Dot2 and ndarray's dot, walk by walk.
            let walk_sq: Vec<f64> = (0..p)
                .map(|j| m.column(j).iter().map(|x| x * x).sum::<f64>())
                .collect();
            let walk_dot2: Vec<DD> = (0..p)
                .map(|j| dot2(m.column(j).iter().copied(), v.iter().copied()))
                .collect();
            let walk_dot: Vec<f64> = (0..p)
                .map(|j| m.column(j).dot(&ndarray::aview1(&v)))
                .collect();
            let sq = fold_columns(&m, vec![-0.0; p], |s, x, _| *s += x * x);
            let d2: Vec<DD> = fold_columns(&m, vec![Dot2::new(0.0); p], |d, x, i| d.add(x, v[i]))
                .into_iter()
                .map(Dot2::finish)
                .collect();
            let dots = column_dots(&m, &v);
            for j in 0..p {
                assert_eq!(sq[j].to_bits(), walk_sq[j].to_bits(), "Σx², column {j}");
                assert_eq!(d2[j].hi.to_bits(), walk_dot2[j].hi.to_bits(), "Dot2 {j}");
                assert_eq!(d2[j].lo.to_bits(), walk_dot2[j].lo.to_bits(), "Dot2 {j}");
                assert_eq!(dots[j].to_bits(), walk_dot[j].to_bits(), "dot, column {j}");
            }
        }
    }

    #[test]
    fn row_and_matrix_passes_match_the_sequential_ones() {
        // Above and below the parallel threshold.
        for n in [PARALLEL_MIN_ROWS / 2, PARALLEL_MIN_ROWS * 3 + 5] {
            let m = matrix(n, 4);
            let f = |i: usize| m.row(i).iter().map(|x| x * 1.5).sum::<f64>();
            let want: Vec<f64> = (0..n).map(f).collect();
            assert_eq!(rows(n, f), want);
            let z = matrix_by_rows(n, 4, |i, row| {
                for (j, v) in row.iter_mut().enumerate() {
                    *v = m[[i, j]] * 2.0;
                }
            });
            assert_eq!(z, m.mapv(|x| x * 2.0));
        }
    }
}
