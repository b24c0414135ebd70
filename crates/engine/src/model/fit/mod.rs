//! OLS/WLS fitting with full inference: coefficients, standard errors, t and p
//! (statrs), confidence intervals, R² (centred or uncentred), F test,
//! log-likelihood, AIC/BIC in R's convention, HC0–HC3 and cluster-robust (CR1)
//! covariance, VIF, standardised coefficients and the condition number; then the
//! closed-form per-area diagnostics of [`crate::model::diagnostics`].
//!
//! WLS is OLS on the whitened model (√w·y, √w·X), as R's `lm(weights = w)`:
//! every influence measure and robust covariance is computed on the whitened
//! model. The solve itself is in [`solve`].

use ndarray::Array2;

use crate::numerics::dd::{dot2, sum2, DD};
use crate::results::{CoefficientRow, FitStats, Warning};

/// A numeric design ready to fit: y, X (with the intercept column, if any, as
/// column 0), optional weights and cluster labels.
#[derive(Debug, Clone)]
pub struct Design {
    pub y: Vec<f64>,
    /// n×p design matrix.
    pub x: Array2<f64>,
    /// Column names (p), e.g. `(Intercept)`, `U00801`.
    pub names: Vec<String>,
    /// Whether column 0 is the intercept (a column of ones).
    pub intercept: bool,
    /// Analytic weights (e.g. population), all > 0; `None` = OLS.
    pub weights: Option<Vec<f64>>,
    /// Cluster label per row for cluster-robust covariance; `None` = skip.
    /// A text column: the labels repeat (a county or city per row), and
    /// equal labels in consecutive rows share storage.
    pub clusters: Option<crate::data::TextColumn>,
    /// Low-order parts of a double-double design (X = x + x_lo), for terms
    /// computed in extended precision such as polynomial powers; `None` for
    /// ordinary data.
    pub x_lo: Option<Array2<f64>>,
    /// Offset on the linear predictor (already log(column) for a spec's
    /// `offset`); only a GLM with a log link uses it, `None` otherwise.
    pub offset: Option<Vec<f64>>,
}

impl Design {
    /// An OLS design with the given columns (no weights, clusters or
    /// extended-precision parts).
    pub fn new(y: Vec<f64>, x: Array2<f64>, names: Vec<String>, intercept: bool) -> Self {
        Design {
            y,
            x,
            names,
            intercept,
            weights: None,
            clusters: None,
            x_lo: None,
            offset: None,
        }
    }
}

/// Settings for a fit.
#[derive(Debug, Clone)]
pub struct FitOptions {
    /// Significance level for confidence and prediction intervals (0 < α < 1).
    pub alpha: f64,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions { alpha: 0.05 }
    }
}

/// A fitted model.
#[derive(Debug, Clone)]
pub struct Fitted {
    pub stats: FitStats,
    pub coefficients: Vec<CoefficientRow>,
    pub obs: Vec<ObsDiagnostics>,
    /// Classical covariance of the coefficients, σ̂²(XᵀWX)⁻¹.
    pub cov: Array2<f64>,
}

pub use crate::error::FitError;
pub use crate::model::diagnostics::{ObsDiagnostics, LEVERAGE_ONE_TOL};

/// The guarded distribution functions, at their earlier path.
pub use crate::numerics::prob;
pub(crate) mod solve;

pub use solve::DD_COND_THRESHOLD;

/// Fit the design by least squares (OLS, or WLS when weights are given).
///
/// Errors (never panics) on: n ≤ p, non-finite values, non-positive weights,
/// constant or duplicated covariates, and any exact collinearity (naming the
/// aliased columns and what they are combinations of).
pub fn fit(design: &Design, opts: &FitOptions) -> Result<Fitted, FitError> {
    check(design)?;
    let x = &design.x;
    let (n, p) = x.dim();
    let y = &design.y;
    let w = design.weights.as_deref();
    let weight = |i: usize| w.map_or(1.0, |w| w[i]);

    let (mut sol, exps) = solve_design(design)?;

    let mult: Vec<f64> = exps.iter().map(|&e| 2f64.powi(e)).collect();
    let beta: Vec<f64> = sol.beta_s.iter().zip(&mult).map(|(b, m)| b * m).collect();
    let df = n - p;
    let sigma2 = sol.rss / df as f64;
    let sigma = sigma2.sqrt();

    // Fitted values and raw residuals on the original scale, in double-double.
    let fitted_dd: Vec<DD> = solve::rows(n, |i| {
        let s = dot2(x.row(i).iter().copied(), beta.iter().copied());
        match &design.x_lo {
            Some(lo) => s + dot2(lo.row(i).iter().copied(), beta.iter().copied()),
            None => s,
        }
    });
    let fitted: Vec<f64> = fitted_dd.iter().map(|f| f.to_f64()).collect();
    let residual: Vec<f64> = fitted_dd
        .iter()
        .zip(y)
        .map(|(f, &yi)| (DD::from_f64(yi) - *f).to_f64())
        .collect();

    // R² = MSS/(MSS + RSS), R's summary.lm: MSS about the weighted mean of the
    // fitted values with an intercept, uncentred without.
    let sum_w = sum2((0..n).map(weight)).to_f64();
    let centre = if design.intercept {
        let s = fitted_dd
            .iter()
            .enumerate()
            .fold(DD::ZERO, |s, (i, f)| s + f.mul_f64(weight(i)));
        s.to_f64() / sum_w
    } else {
        0.0
    };
    let mss = fitted_dd
        .iter()
        .enumerate()
        .fold(DD::ZERO, |s, (i, f)| {
            let d = f.add_f64(-centre);
            s + (d * d).mul_f64(weight(i))
        })
        .to_f64();
    // The double-double fitted values are not needed again (n × 16 bytes).
    drop(fitted_dd);
    let rss = sol.rss;
    let tss = mss + rss;
    let r2 = if tss > 0.0 { mss / tss } else { f64::NAN };
    let df_int = usize::from(design.intercept);
    let adj_r2 = 1.0 - (1.0 - r2) * ((n - df_int) as f64 / df as f64);
    let (f, f_p) = if p > df_int {
        let num_df = (p - df_int) as f64;
        let f = (mss / num_df) / sigma2;
        let fp = prob::f_sf(f, num_df, df as f64);
        (f.is_finite().then_some(f), fp)
    } else {
        (None, None)
    };

    // Gaussian log-likelihood, R's logLik.lm (with ½Σlog w for WLS).
    let nf = n as f64;
    let sum_log_w: f64 = w.map_or(0.0, |w| w.iter().map(|v| v.ln()).sum());
    let loglik =
        0.5 * (sum_log_w - nf * ((2.0 * std::f64::consts::PI).ln() + 1.0 - nf.ln() + rss.ln()));
    let k = (p + 1) as f64;
    let aic = -2.0 * loglik + 2.0 * k;
    let bic = -2.0 * loglik + nf.ln() * k;

    // Classical covariance σ²(XᵀWX)⁻¹ = σ² D R⁻¹R⁻ᵀ D, D = diag(2^e).
    let rinv = &sol.rinv;
    let xtx_inv_s = rinv.dot(&rinv.t());
    let cov = Array2::from_shape_fn((p, p), |(i, j)| {
        sigma2 * xtx_inv_s[[i, j]] * mult[i] * mult[j]
    });

    let q = &sol.q;
    let leverage: Vec<f64> =
        solve::rows(n, |i| q.row(i).iter().map(|v| v * v).sum::<f64>().min(1.0));
    let lev_one: Vec<bool> = leverage
        .iter()
        .map(|&h| 1.0 - h < LEVERAGE_ONE_TOL)
        .collect();

    // zᵢ = R⁻¹qᵢᵀ (scaled coordinates) is row i of X(XᵀX)⁻¹: the sandwich
    // covariances (XᵀX)⁻¹Xᵀ Ω X(XᵀX)⁻¹ = Σᵢ ωᵢ zᵢzᵢᵀ need only its squares on the
    // diagonal, and β̂ − β̂₍ᵢ₎ = zᵢ eᵢ/(1−hᵢ) gives DFBETAS.
    let z = solve::matrix_by_rows(n, p, |i, row| {
        for (j, zj) in row.iter_mut().enumerate() {
            *zj = (j..p).map(|k| rinv[[j, k]] * q[[i, k]]).sum::<f64>();
        }
    });
    // Q (n × p) is not needed beyond the hat values and z: free it before
    // the per-area diagnostics are allocated.
    sol.q = Array2::zeros((0, 0));
    let e_w = &sol.e_w;
    // The sandwich sums and the moments of y and of the columns are
    // sequential sums of their own (each in row order, the same for any
    // number of threads): on a large design the two groups run side by side.
    let sandwich = || {
        let mut hc_var = [vec![0.0f64; p], vec![0.0f64; p], vec![0.0f64; p]];
        for i in 0..n {
            let e2 = e_w[i] * e_w[i];
            // HC2 and HC3 are undefined at leverage 1 (eᵢ = 0 there): the area adds
            // nothing, and carries a note.
            let (o2, o3) = if lev_one[i] {
                (0.0, 0.0)
            } else {
                let d = 1.0 - leverage[i];
                (e2 / d, e2 / (d * d))
            };
            for j in 0..p {
                let z2 = z[[i, j]] * z[[i, j]];
                hc_var[0][j] += e2 * z2;
                hc_var[1][j] += o2 * z2;
                hc_var[2][j] += o3 * z2;
            }
        }
        hc_var
    };
    let moments = || {
        // Weighted mean and sum of squares about it, by two passes in f64: VIF and
        // standardised coefficients are ratios that need no extra precision.
        let mean_ss = |v: &dyn Fn(usize) -> f64| -> (f64, f64) {
            let m = (0..n).map(|i| weight(i) * v(i)).sum::<f64>() / sum_w;
            let ss = (0..n)
                .map(|i| {
                    let d = v(i) - m;
                    weight(i) * d * d
                })
                .sum::<f64>();
            (m, ss)
        };
        let (_, y_ss) = mean_ss(&|i| y[i]);
        // R's summary.lm: "essentially perfect fit: summary may be unreliable" when
        // the residual variance is below 1e-30 of the fitted values' mean square
        // (mean² + variance). t, p and F are then ratios of rounding noise:
        // undefined, and shown as such.
        let perfect = perfect_fit(&fitted, sigma2);
        // VIF and the standardised coefficient need each column's weighted mean
        // and sum of squares about it (as `mean_ss`, two passes), and without an
        // intercept its raw sum of squares: the same sums in the same order for
        // every column at once, in two passes over the rows (`-0.0` is where
        // `Iterator::sum` starts).
        let sums = solve::fold_columns(x, vec![(-0.0, -0.0); p], |(s, raw), v, i| {
            let w = weight(i);
            *s += w * v;
            *raw += w * v * v;
        });
        let centred = solve::fold_columns(
            x,
            sums.iter().map(|&(s, _)| (s / sum_w, -0.0)).collect(),
            |(m, ss), v, i| {
                let d = v - *m;
                *ss += weight(i) * d * d;
            },
        );
        (y_ss, perfect, sums, centred)
    };
    let (hc_var, (y_ss, perfect, sums, centred)) = if n >= solve::PARALLEL_MIN_ROWS {
        rayon::join(sandwich, moments)
    } else {
        (sandwich(), moments())
    };
    let hc_se =
        |v: &[f64]| -> Vec<f64> { (0..p).map(|j| v[j].max(0.0).sqrt() * mult[j]).collect() };
    let hc0 = hc_se(&hc_var[0]);
    let hc1: Vec<f64> = hc0.iter().map(|s| s * (nf / df as f64).sqrt()).collect();
    let hc2 = hc_se(&hc_var[1]);
    let hc3 = hc_se(&hc_var[2]);

    // Cluster-robust CR1 by group: c·Σg ug ugᵀ, ug = Σ_{i∈g} zᵢeᵢ.
    let (scores, n_clusters) = match design.clusters.as_ref() {
        Some(cl) => {
            let (s, g) = cluster_scores(&z, e_w, cl, df);
            (s, Some(g))
        }
        None => (None, None),
    };
    let cluster_se: Option<Vec<f64>> = scores.map(|(u, c)| {
        (0..p)
            .map(|j| (c * u.column(j).iter().map(|v| v * v).sum::<f64>()).sqrt() * mult[j])
            .collect()
    });

    let tcrit = prob::t_quantile(1.0 - opts.alpha / 2.0, df as f64).unwrap_or(f64::NAN);
    let spread: Vec<(Option<f64>, Option<f64>)> = (0..p)
        .map(|j| {
            let est = beta[j];
            let is_intercept = design.intercept && j == 0;
            if is_intercept {
                (None, None)
            } else {
                let centred_ss = centred[j].1;
                // VIF uses the centred spread with an intercept, the raw one without.
                let ss = if design.intercept {
                    centred_ss
                } else {
                    sums[j].1
                };
                let vif = xtx_inv_s[[j, j]] * mult[j] * mult[j] * ss;
                let sd_ratio = (centred_ss / y_ss).sqrt();
                (Some(vif), Some(est * sd_ratio))
            }
        })
        .collect();
    let mut coefficients = Vec::with_capacity(p);
    for (j, &(vif, standardized)) in spread.iter().enumerate() {
        let se = cov[[j, j]].max(0.0).sqrt();
        let est = beta[j];
        let t = if perfect { f64::NAN } else { est / se };
        let pval = prob::t_two_sided(t, df as f64).unwrap_or(f64::NAN);
        coefficients.push(CoefficientRow {
            name: design.names[j].clone(),
            estimate: est,
            std_error: se,
            t,
            p: pval,
            ci_low: est - tcrit * se,
            ci_high: est + tcrit * se,
            hc3_std_error: hc3[j],
            vif,
            hc0_std_error: hc0[j],
            hc1_std_error: hc1[j],
            hc2_std_error: hc2[j],
            cluster_std_error: cluster_se.as_ref().map(|c| c[j]),
            standardized,
        });
    }

    let obs = crate::model::diagnostics::observations(&crate::model::diagnostics::Inputs {
        fitted: &fitted,
        residual: &residual,
        y,
        e_w,
        leverage: &leverage,
        weights: w,
        z: &z,
        rinv,
        rss,
        p,
        alpha: opts.alpha,
    });

    let mut warnings = Vec::new();
    let (f, f_p) = if perfect {
        warnings.push(Warning::PerfectFit);
        (None, None)
    } else {
        (f, f_p)
    };
    if sol.condition_number > 1e10 {
        warnings.push(Warning::Collinear {
            condition_number: sol.condition_number,
        });
    }
    let n_lev1 = lev_one.iter().filter(|&&b| b).count();
    if n_lev1 > 0 {
        warnings.push(Warning::LeverageOne { n: n_lev1 });
    }

    let stats = FitStats {
        n,
        p,
        df_resid: df,
        r2,
        adj_r2,
        sigma,
        f,
        f_p,
        loglik,
        aic,
        bic,
        condition_number: sol.condition_number,
        weighted: w.is_some(),
        rss,
        tss,
        centred: design.intercept,
        solver: format!("{} [{}]", sol.path, crate::numerics::linalg::backend_name()),
        clusters: n_clusters,
        warnings,
        glm: None,
    };
    Ok(Fitted {
        stats,
        coefficients,
        obs,
        cov,
    })
}

/// The warning a perfect fit carries.
pub const PERFECT_FIT_WARNING: &str = contract::reasons::PERFECT_FIT;

/// R's test in `summary.lm`: residual variance below 1e-30·(mean(ŷ)² + var(ŷ)).
fn perfect_fit(fitted: &[f64], sigma2: f64) -> bool {
    let n = fitted.len() as f64;
    let mean = fitted.iter().sum::<f64>() / n;
    let var = if fitted.len() > 1 {
        fitted.iter().map(|f| (f - mean) * (f - mean)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    sigma2.is_finite() && sigma2 < (mean * mean + var) * 1e-30
}

/// Largest absolute value (and smallest non-zero one) a data value may have:
/// the solver scales columns by powers of two, but squares and whitening
/// (√w·x) of values beyond these bounds overflow or underflow f64 and the
/// factorisation then reports collinearity or no convergence that is not
/// there. Real data (kronor, shares, counts) is many orders inside.
pub const MAX_ABS_VALUE: f64 = 1e75;
/// See [`MAX_ABS_VALUE`].
pub const MIN_ABS_VALUE: f64 = 1e-75;
/// Largest ratio between the largest and smallest weight.
pub const MAX_WEIGHT_RATIO: f64 = 1e30;

/// The cluster sums of a CR1 sandwich (`sandwich::vcovCL`, type "HC1"):
/// uᵍ = Σ_{i∈g} zᵢ·sᵢ over the rows zᵢ of the bread's square root and the
/// scores sᵢ, with the small-sample factor c = G/(G−1)·(n−1)/df, so that
/// Cov = c·Σg uᵍuᵍᵀ. Clusters are numbered in order of first appearance; with
/// fewer than two there is no estimate. The cluster count comes back either
/// way. Shared by the linear fit and the GLM.
pub(crate) fn cluster_scores(
    z: &Array2<f64>,
    s: &[f64],
    clusters: &crate::data::TextColumn,
    df: usize,
) -> (Option<(Array2<f64>, f64)>, usize) {
    let (n, p) = z.dim();
    // Each row's cluster number, found once per run of equal labels (rows
    // of one group mostly come together).
    let mut index: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut of_row = Vec::with_capacity(clusters.len());
    let mut last: Option<(&str, usize)> = None;
    for c in clusters {
        let gi = match last {
            Some((l, gi)) if l == c => gi,
            _ => {
                let len = index.len();
                *index.entry(c).or_insert(len)
            }
        };
        last = Some((c, gi));
        of_row.push(gi);
    }
    let g = index.len();
    if g < 2 {
        return (None, g);
    }
    let mut u = Array2::<f64>::zeros((g, p));
    for i in 0..n {
        let gi = of_row[i];
        for j in 0..p {
            u[[gi, j]] += z[[i, j]] * s[i];
        }
    }
    let c = (g as f64 / (g as f64 - 1.0)) * ((n as f64 - 1.0) / df as f64);
    (Some((u, c)), g)
}

/// The checks [`fit`] makes before any factorisation (sizes, finiteness,
/// value ranges, weights, a constant outcome, constant or duplicated
/// covariates), for `validate` to report what a fit would refuse.
pub fn check_design(d: &Design) -> Result<(), FitError> {
    check(d)
}

/// Input checks that give specific messages before any factorisation.
pub(crate) fn check(d: &Design) -> Result<(), FitError> {
    let (n, p) = d.x.dim();
    if d.y.len() != n || d.names.len() != p {
        return Err(FitError::Backend(format!(
            "inconsistent design: {} outcomes, {}×{} matrix, {} names",
            d.y.len(),
            n,
            p,
            d.names.len()
        )));
    }
    if p == 0 {
        return Err(FitError::Backend(
            "the model has no coefficients (no intercept and no covariates)".into(),
        ));
    }
    if n <= p {
        return Err(FitError::TooFewRows { n, p });
    }
    let in_range = |v: f64| v == 0.0 || (MIN_ABS_VALUE..=MAX_ABS_VALUE).contains(&v.abs());
    // The common case settled in one pass over the values in memory order:
    // all finite and in range. Only otherwise do the loops below run, column
    // by column, to name the first bad value in their order (a column walk of
    // a row-major matrix reads a whole cache line per value).
    let fine = |v: &f64| v.is_finite() && in_range(*v);
    let all_fine = d.y.iter().all(fine)
        && match d.x.as_slice_memory_order() {
            Some(xs) => xs.iter().all(fine),
            None => d.x.iter().all(fine),
        };
    if !all_fine {
        check_values(d)?;
    }
    check_shape(d)
}

/// The value checks of [`check`], in the order its messages name them:
/// non-finite values (outcome, then each column), then values out of range.
fn check_values(d: &Design) -> Result<(), FitError> {
    let (n, p) = d.x.dim();
    for (i, v) in d.y.iter().enumerate() {
        if !v.is_finite() {
            return Err(FitError::NonFinite {
                row: i,
                column: "(outcome)".into(),
                value: *v,
            });
        }
    }
    for j in 0..p {
        for i in 0..n {
            let v = d.x[[i, j]];
            if !v.is_finite() {
                return Err(FitError::NonFinite {
                    row: i,
                    column: d.names[j].clone(),
                    value: v,
                });
            }
        }
    }
    let in_range = |v: f64| v == 0.0 || (MIN_ABS_VALUE..=MAX_ABS_VALUE).contains(&v.abs());
    const VALUE_RANGE: &str =
        "non-zero values must lie between 1e-75 and 1e75 in absolute value; rescale the column, for example to thousands or per 1 000 inhabitants";
    for (i, &v) in d.y.iter().enumerate() {
        if !in_range(v) {
            return Err(FitError::OutOfRange {
                row: i,
                column: "(outcome)".into(),
                value: v,
                what: VALUE_RANGE,
            });
        }
    }
    for j in 0..p {
        for i in 0..n {
            let v = d.x[[i, j]];
            if !in_range(v) {
                return Err(FitError::OutOfRange {
                    row: i,
                    column: d.names[j].clone(),
                    value: v,
                    what: VALUE_RANGE,
                });
            }
        }
    }
    Ok(())
}

/// The checks of [`check`] after the values: weights, constant outcome or
/// column, duplicate columns.
fn check_shape(d: &Design) -> Result<(), FitError> {
    let (n, p) = d.x.dim();
    if let Some(w) = &d.weights {
        if w.len() != n {
            return Err(FitError::Backend(format!(
                "{} weights for {} rows",
                w.len(),
                n
            )));
        }
        for (i, &v) in w.iter().enumerate() {
            if !(v.is_finite() && v > 0.0) {
                return Err(FitError::BadWeight { row: i, value: v });
            }
        }
        // Whitening multiplies rows by √w: weights spanning more than 1e30
        // leave rows whose squares cannot be added without losing the rest.
        let (mut lo, mut hi) = (0, 0);
        for (i, &v) in w.iter().enumerate() {
            if v < w[lo] {
                lo = i;
            }
            if v > w[hi] {
                hi = i;
            }
        }
        if w[hi] / w[lo] > MAX_WEIGHT_RATIO {
            return Err(FitError::OutOfRange {
                row: hi,
                column: "(weight)".into(),
                value: w[hi],
                what: "the largest weight may be at most 1e30 times the smallest; rescale or cap the weight column",
            });
        }
    }
    // A constant outcome (with an intercept, or zero everywhere) is fitted
    // exactly by the intercept alone: nothing is left to explain or test.
    let y0 = d.y[0];
    if d.y.iter().all(|&v| v == y0) && (d.intercept || y0 == 0.0) {
        return Err(FitError::ConstantOutcome { value: y0 });
    }
    let first = usize::from(d.intercept);
    for j in first..p {
        let c = d.x.column(j);
        let v0 = c[0];
        if c.iter().all(|&v| v == v0) && (d.intercept || v0 == 0.0) {
            return Err(FitError::ConstantColumn {
                name: d.names[j].clone(),
                value: v0,
            });
        }
    }
    for j in 0..p {
        for k in 0..j {
            if d.x.column(j) == d.x.column(k) {
                return Err(FitError::DuplicateColumn {
                    name: d.names[j].clone(),
                    other: d.names[k].clone(),
                });
            }
        }
    }
    Ok(())
}

/// Coefficients only (no inference or diagnostics): the same scaled QR with
/// refinement as [`fit`], for resampling loops (bootstrap, cross-validation)
/// where only β̂ is needed. Performs the same input checks.
pub fn fit_coefficients(design: &Design) -> Result<Vec<f64>, FitError> {
    check(design)?;
    let (sol, exps) = solve_design(design)?;
    Ok(sol
        .beta_s
        .iter()
        .zip(&exps)
        .map(|(b, &e)| b * 2f64.powi(e))
        .collect())
}

/// Power-of-two column scaling of the whitened design, then the solve; rank
/// problems are reported with column names.
fn solve_design(design: &Design) -> Result<(solve::Solution, Vec<i32>), FitError> {
    let x = &design.x;
    let p = x.ncols();
    let w = design.weights.as_deref();
    // Σ w·x² per column from -0.0 (where `Iterator::sum` starts), all
    // columns in one pass over the rows.
    let exps: Vec<i32> = solve::fold_columns(x, vec![-0.0; p], |s, v, i| {
        *s += w.map_or(1.0, |w| w[i]) * v * v;
    })
    .into_iter()
    .map(|ss| solve::scale_exponent(ss.sqrt()))
    .collect();
    let sol = solve::solve(x, design.x_lo.as_ref(), &design.y, w, &exps).map_err(|e| match e {
        solve::SolveError::Aliased(a) => FitError::RankDeficient {
            aliased: a
                .into_iter()
                .map(|(k, with)| {
                    (
                        design.names[k].clone(),
                        with.into_iter().map(|m| design.names[m].clone()).collect(),
                    )
                })
                .collect(),
        },
        solve::SolveError::Backend(m) => FitError::Backend(m),
    })?;
    Ok((sol, exps))
}
