//! Uncertainty of a fit: pairs and wild bootstrap (coefficients, each area's
//! modelled value, deviation and rank) and k-fold cross-validation error.
//!
//! Reproducibility: every resample (and the fold assignment) draws from its own
//! ChaCha8 generator keyed by (seed, task, purpose) with the resample index as
//! the stream number, never from thread state. Resamples run in parallel on
//! rayon but are collected in index order and reduced sequentially, so the
//! output is byte-identical whatever the number of threads.
//!
//! Methods: Efron & Tibshirani (1993), *An Introduction to the Bootstrap*,
//! ch. 9 (pairs / "bootstrapping cases") and ch. 13 (percentile intervals);
//! wild bootstrap with Rademacher multipliers: Davidson & Flachaire (2008),
//! "The wild bootstrap, tamed at last", J. Econometrics 146; cross-validation:
//! Hastie, Tibshirani & Friedman (2009), *Elements of Statistical Learning*,
//! §7.10.
//!
//! Families: the pairs bootstrap and cross-validation work for every family
//! (a GLM resample is refitted by IRLS and predicts μ = g⁻¹(x'β + offset));
//! the wild bootstrap perturbs residuals of a fixed linear predictor and is
//! defined here for the Gaussian identity model only. The cross-validated
//! error is on the response scale for every family (weighted RMSE), beside
//! the mean held-out deviance under the family ([`compare_families`]).

use ndarray::Array2;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::analysis::foldfit::fold_coefficients;
use crate::error::{Error, Result};
use crate::model::family::{is_least_squares, Family, Link};
use crate::model::fit::{fit_coefficients, Design, Fitted};
use crate::model::glm;
use crate::numerics::linalg::{back_substitute, householder_in_place};
use crate::results::{
    AreaUncertainty, CoefficientInterval, ComparisonRow, CrossValidation, ModelComparison,
    Uncertainty,
};

/// Default seed when the user gives none (any fixed number would do; fixed so
/// that two runs of the same command agree).
pub const DEFAULT_SEED: u64 = 20_240_601;

/// Largest B × n the bootstrap keeps in memory (modelled value and rank of
/// every area in every resample: 12 bytes each, so about 600 MB).
pub const MAX_CELLS: usize = 50_000_000;

/// How many consecutive rank-deficient pairs resamples are redrawn before the
/// bootstrap gives up (a design that fails this often is too fragile to
/// bootstrap by pairs; the wild bootstrap keeps X fixed).
const MAX_REDRAWS: usize = 50;

/// Which bootstrap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BootstrapMethod {
    /// Resample areas (rows, with their weights) with replacement.
    #[default]
    Pairs,
    /// Keep X; y* = ŷ + eᵢ·vᵢ with vᵢ = ±1 (Rademacher), for heteroskedastic
    /// errors.
    Wild,
}

impl BootstrapMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            BootstrapMethod::Pairs => "pairs",
            BootstrapMethod::Wild => "wild",
        }
    }
}

/// What areas are ranked by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RankBy {
    /// actual − modelled in outcome units (kr/inv). The default: a ranking by
    /// % favours areas with a tiny modelled value.
    #[default]
    Deviation,
    /// 100·(actual − modelled)/modelled; areas with modelled ≤ 0 rank last.
    DeviationPct,
}

impl RankBy {
    pub fn as_str(self) -> &'static str {
        match self {
            RankBy::Deviation => "deviation",
            RankBy::DeviationPct => "deviation_pct",
        }
    }
}

/// Settings of a bootstrap.
#[derive(Debug, Clone, PartialEq)]
pub struct BootstrapOptions {
    pub method: BootstrapMethod,
    /// Number of resamples B.
    pub b: usize,
    pub seed: u64,
    /// Interval level (0 < level < 1), e.g. 0.95.
    pub level: f64,
    pub rank_by: RankBy,
}

impl Default for BootstrapOptions {
    fn default() -> Self {
        BootstrapOptions {
            method: BootstrapMethod::Pairs,
            b: 2000,
            seed: DEFAULT_SEED,
            level: 0.95,
            rank_by: RankBy::Deviation,
        }
    }
}

/// Settings of a cross-validation.
#[derive(Debug, Clone, PartialEq)]
pub struct CvOptions {
    /// Number of folds, 2 ≤ k ≤ n (k = n is leave-one-out).
    pub k: usize,
    pub seed: u64,
}

/// A stable 64-bit number for a task (model name and year), FNV-1a: the same
/// on every platform and Rust version, unlike `std`'s hasher.
pub fn task_stream(model: &str, year: Option<i32>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    for b in model.bytes() {
        eat(b);
    }
    eat(0xff);
    match year {
        Some(y) => y.to_le_bytes().into_iter().for_each(&mut eat),
        None => eat(0xfe),
    }
    h
}

/// The generator of resample `index` of task `stream`; `purpose` separates
/// the bootstrap's draws from the fold assignment's.
fn rng_for(seed: u64, stream: u64, purpose: u64, index: u64) -> ChaCha8Rng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(&stream.to_le_bytes());
    key[16..24].copy_from_slice(&purpose.to_le_bytes());
    let mut rng = ChaCha8Rng::from_seed(key);
    rng.set_stream(index);
    rng
}

const PURPOSE_BOOTSTRAP: u64 = 1;
const PURPOSE_FOLDS: u64 = 2;

/// R's `quantile(type = 7)` of sorted values.
pub fn quantile_sorted(v: &[f64], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let h = (v.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(v.len() - 1);
    v[lo] + (h - lo as f64) * (v[hi] - v[lo])
}

/// [`quantile_sorted`] without sorting: the two order statistics it needs by
/// selection, O(n) (reorders `v`).
pub fn quantile_select(v: &mut [f64], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let h = (v.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let (_, &mut a, above) = v.select_nth_unstable_by(lo, f64::total_cmp);
    let b = above.iter().copied().min_by(f64::total_cmp).unwrap_or(a);
    a + (h - lo as f64) * (b - a)
}

/// Rows `idx` of a design (weights and extended-precision parts follow).
pub(crate) fn subset_rows(d: &Design, idx: &[usize]) -> Design {
    let p = d.x.ncols();
    let pick = |m: &Array2<f64>| Array2::from_shape_fn((idx.len(), p), |(i, j)| m[[idx[i], j]]);
    Design {
        y: idx.iter().map(|&i| d.y[i]).collect(),
        x: pick(&d.x),
        names: d.names.clone(),
        intercept: d.intercept,
        weights: d
            .weights
            .as_ref()
            .map(|w| idx.iter().map(|&i| w[i]).collect()),
        clusters: None,
        x_lo: d.x_lo.as_ref().map(pick),
        offset: d
            .offset
            .as_ref()
            .map(|o| idx.iter().map(|&i| o[i]).collect()),
    }
}

/// Above this unit-column condition number of the full-data design, pairs
/// resamples are solved by [`fit_coefficients`] (double-double path), as the
/// full fit is; below it by [`qr_f64`].
const FAST_COND_LIMIT: f64 = crate::model::fit::DD_COND_THRESHOLD;

/// Relative R diagonal below which a resample's column counts as aliased
/// (rank deficient): |Rₖₖ| < 1e-10·‖colₖ‖.
const RESAMPLE_ALIAS_TOL: f64 = 1e-10;

/// Least squares for one pairs resample: Householder QR in f64 (Golub & Van
/// Loan 2013, Alg. 5.2.1) on the whitened design with power-of-two column
/// scaling, rows `idx` of `d`. Relative error ≈ κ·ε (κ ≤ 1e4 here, so ≥ 11
/// digits), ample for percentile intervals; [`fit_coefficients`] adds
/// double-double refinement that costs ~20× more and is not needed to
/// resample. `None` when a column is aliased (the resample is redrawn).
fn qr_f64(d: &Design, idx: &[usize]) -> Option<Vec<f64>> {
    let n = idx.len();
    let p = d.x.ncols();
    if n <= p {
        return None;
    }
    let sw = |i: usize| d.weights.as_ref().map_or(1.0, |w| w[i].sqrt());
    let val = |i: usize, j: usize| d.x[[i, j]] + d.x_lo.as_ref().map_or(0.0, |lo| lo[[i, j]]);
    // Column-major whitened copy, columns scaled by powers of two (exact).
    let mut a = vec![0.0; n * p];
    let mut scale = vec![1.0; p];
    for j in 0..p {
        let col = &mut a[j * n..(j + 1) * n];
        for (r, &i) in idx.iter().enumerate() {
            col[r] = sw(i) * val(i, j);
        }
        let norm = col.iter().map(|v| v * v).sum::<f64>().sqrt();
        if norm == 0.0 || !norm.is_finite() {
            return None;
        }
        scale[j] = 2f64.powi(-(norm.log2().round() as i32));
        col.iter_mut().for_each(|v| *v *= scale[j]);
    }
    let mut b: Vec<f64> = idx.iter().map(|&i| sw(i) * d.y[i]).collect();
    let col_norm: Vec<f64> = (0..p)
        .map(|j| {
            a[j * n..(j + 1) * n]
                .iter()
                .map(|v| v * v)
                .sum::<f64>()
                .sqrt()
        })
        .collect();
    householder_in_place(&mut a, &mut b, n, p, |k, norm| {
        norm < RESAMPLE_ALIAS_TOL * col_norm[k]
    })?;
    let mut beta = vec![0.0; p];
    back_substitute(&a, &b, n, p, &mut beta);
    Some(beta.iter().zip(&scale).map(|(b, s)| b * s).collect())
}

/// x'β for design row i (with the low-order part, if any).
fn predict(d: &Design, i: usize, beta: &[f64]) -> f64 {
    let mut s: f64 = d.x.row(i).iter().zip(beta).map(|(a, b)| a * b).sum();
    if let Some(lo) = &d.x_lo {
        s += lo.row(i).iter().zip(beta).map(|(a, b)| a * b).sum::<f64>();
    }
    s
}

/// The modelled value of design row i on the response scale:
/// g⁻¹(x'β + offset).
fn predict_mu(d: &Design, i: usize, beta: &[f64], link: Link) -> f64 {
    let eta = predict(d, i, beta) + d.offset.as_ref().map_or(0.0, |o| o[i]);
    match link {
        Link::Identity => eta,
        Link::Log => eta.exp(),
    }
}

/// The GLM data of a design (double-double low parts added in).
fn glm_data(d: &Design) -> glm::GlmData {
    glm::GlmData {
        y: d.y.clone(),
        x: match &d.x_lo {
            Some(lo) => &d.x + lo,
            None => d.x.clone(),
        },
        names: d.names.clone(),
        intercept: d.intercept,
        weights: d.weights.clone(),
        offset: d.offset.clone(),
        clusters: None,
    }
}

/// Coefficients (and θ) of a design under a family: least squares or IRLS.
fn model_coefficients(
    d: &Design,
    family: Family,
    link: Link,
) -> std::result::Result<(Vec<f64>, Option<f64>), String> {
    if is_least_squares(family, link) {
        fit_coefficients(d)
            .map(|b| (b, None))
            .map_err(|e| e.to_string())
    } else {
        glm::fit_coefficients(
            &glm_data(d),
            crate::model::family::glm_family(family),
            crate::model::family::glm_link(link),
        )
        .map_err(|e| e.to_string())
    }
}

/// Ranking key of an area (larger = further above its modelled value).
/// `pct_defined`: whether the area has a percent at all in the full fit
/// (its modelled value's confidence interval lies above 0,
/// `contract::results::percent_defined`); an area without one ranks last by
/// percent in every resample, as it has no percent in the result.
fn rank_key(actual: f64, modelled: f64, by: RankBy, pct_defined: bool) -> f64 {
    match by {
        RankBy::Deviation => actual - modelled,
        RankBy::DeviationPct if pct_defined && modelled > 0.0 => {
            100.0 * (actual - modelled) / modelled
        }
        RankBy::DeviationPct => f64::NEG_INFINITY,
    }
}

/// Ranks 1..n by key, largest first; ties by area order (deterministic).
fn ranks(keys: &[f64]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    // The index tie-break makes the order total, so an unstable sort is
    // deterministic.
    order.sort_unstable_by(|&a, &b| keys[b].total_cmp(&keys[a]).then(a.cmp(&b)));
    let mut r = vec![0u32; keys.len()];
    for (pos, &i) in order.iter().enumerate() {
        r[i] = pos as u32 + 1;
    }
    r
}

/// Coefficients of one resample. Pairs: rank-deficient draws are redrawn (from
/// the same generator, so still reproducible) and counted.
fn one_resample(
    d: &Design,
    fitted_values: &[f64],
    residuals: &[f64],
    opts: &BootstrapOptions,
    ctx: &Ctx,
    rng: &mut ChaCha8Rng,
) -> Result<(Vec<f64>, usize)> {
    let n = d.y.len();
    match opts.method {
        BootstrapMethod::Pairs => {
            let mut failed = 0;
            loop {
                let idx: Vec<usize> = (0..n).map(|_| rng.random_range(0..n)).collect();
                let beta = if !is_least_squares(ctx.family, ctx.link) {
                    model_coefficients(&subset_rows(d, &idx), ctx.family, ctx.link).map(|b| b.0)
                } else if ctx.fast {
                    qr_f64(d, &idx).ok_or_else(|| "a column is aliased in the resample".to_string())
                } else {
                    fit_coefficients(&subset_rows(d, &idx)).map_err(|e| e.to_string())
                };
                match beta {
                    Ok(b) => return Ok((b, failed)),
                    Err(e) => {
                        failed += 1;
                        if failed >= MAX_REDRAWS {
                            return Err(Error::Other(format!(
                                "pairs bootstrap: {MAX_REDRAWS} resamples in a row could not be fitted (last: {e})\n  hint: the design is fragile (rare dummy levels, few areas); use the wild bootstrap (--bootstrap-method wild)"
                            )));
                        }
                    }
                }
            }
        }
        BootstrapMethod::Wild => {
            let v: Vec<f64> = (0..n)
                .map(|_| if rng.random::<bool>() { 1.0 } else { -1.0 })
                .collect();
            let Some((q, rinv)) = ctx.wild.as_ref() else {
                // Ill-conditioned design: refit y* = ŷ + e·v by the full solver.
                let y = (0..n)
                    .map(|i| fitted_values[i] + residuals[i] * v[i])
                    .collect();
                let rd = Design {
                    y,
                    clusters: None,
                    ..d.clone()
                };
                return Ok((fit_coefficients(&rd)?, 0));
            };
            // X is fixed: β* = β̂ + R⁻¹Qᵀ(√w·e·v), with one factorisation of
            // the whitened design for all resamples (ctx.wild).
            let p = rinv.nrows();
            let u: Vec<f64> = (0..n)
                .map(|i| {
                    let sw = d.weights.as_ref().map_or(1.0, |w| w[i].sqrt());
                    sw * residuals[i] * v[i]
                })
                .collect();
            let qtu: Vec<f64> = (0..p)
                .map(|j| q.column(j).iter().zip(&u).map(|(a, b)| a * b).sum())
                .collect();
            let beta = (0..p)
                .map(|i| ctx.beta[i] + (i..p).map(|k| rinv[[i, k]] * qtu[k]).sum::<f64>())
                .collect();
            Ok((beta, 0))
        }
    }
}

/// What every resample of one bootstrap shares.
struct Ctx {
    /// Pairs: solve resamples by [`qr_f64`] (well-conditioned design).
    fast: bool,
    /// Wild, well-conditioned design: thin Q (n×p) and R⁻¹ (p×p) of the
    /// whitened, unscaled design.
    wild: Option<(Array2<f64>, Array2<f64>)>,
    beta: Vec<f64>,
    family: Family,
    link: Link,
}

/// Thin Q and R⁻¹ of the whitened design, for the wild bootstrap: Q = Xw R⁻¹
/// with R from the f64 QR of Xw (via [`crate::numerics::linalg::thin_qr`]).
fn wild_factor(d: &Design) -> Result<(Array2<f64>, Array2<f64>)> {
    let (n, p) = d.x.dim();
    let xw = Array2::from_shape_fn((n, p), |(i, j)| {
        d.weights.as_ref().map_or(1.0, |w| w[i].sqrt())
            * (d.x[[i, j]] + d.x_lo.as_ref().map_or(0.0, |lo| lo[[i, j]]))
    });
    let qr = crate::numerics::linalg::thin_qr(&xw).map_err(|e| Error::Other(e.to_string()))?;
    let mut rinv = Array2::<f64>::zeros((p, p));
    for j in 0..p {
        rinv[[j, j]] = 1.0 / qr.r[[j, j]];
        for i in (0..j).rev() {
            let s: f64 = (i + 1..=j).map(|k| qr.r[[i, k]] * rinv[[k, j]]).sum();
            rinv[[i, j]] = -s / qr.r[[i, i]];
        }
    }
    Ok((qr.q, rinv))
}

/// Bootstrap a fitted model: percentile intervals for the coefficients, each
/// area's modelled value, deviation (outcome units and %) and rank.
///
/// `ids` names the design rows (same order); `stream` identifies the task
/// (see [`task_stream`]) so that two models or years draw differently.
pub fn bootstrap(
    design: &Design,
    fitted: &Fitted,
    ids: &[String],
    opts: &BootstrapOptions,
    stream: u64,
) -> Result<Uncertainty> {
    bootstrap_model(
        Family::Gaussian,
        Link::Identity,
        design,
        fitted,
        ids,
        opts,
        stream,
    )
}

/// [`bootstrap`] of a fit of any family: pairs for every family (each
/// resample refitted by IRLS for a GLM), wild for the Gaussian identity
/// model only.
pub fn bootstrap_model(
    family: Family,
    link: Link,
    design: &Design,
    fitted: &Fitted,
    ids: &[String],
    opts: &BootstrapOptions,
    stream: u64,
) -> Result<Uncertainty> {
    if opts.method == BootstrapMethod::Wild && !is_least_squares(family, link) {
        return Err(Error::Other(format!(
            "bootstrap: the wild bootstrap perturbs the residuals of a linear model and is not defined here for family '{}' with the {} link\n  hint: use the pairs bootstrap (--bootstrap-method pairs)",
            family.as_str(),
            link.as_str()
        )));
    }
    let n = design.y.len();
    let p = design.x.ncols();
    if opts.b < 2 {
        return Err(Error::Other(format!(
            "bootstrap: B = {} resamples; give at least 2 (1 000–2 000 for 95 % intervals)",
            opts.b
        )));
    }
    if !(opts.level > 0.0 && opts.level < 1.0) {
        return Err(Error::Other(format!(
            "bootstrap: level {} must be between 0 and 1",
            opts.level
        )));
    }
    if opts.b.saturating_mul(n) > MAX_CELLS {
        return Err(Error::Other(format!(
            "bootstrap: B = {} resamples × {n} areas is more than {MAX_CELLS} values to hold\n  hint: lower --bootstrap",
            opts.b
        )));
    }
    let fitted_values: Vec<f64> = fitted.obs.iter().map(|o| o.fitted).collect();
    let residuals: Vec<f64> = fitted.obs.iter().map(|o| o.residual).collect();
    // The full fit decides which areas have a percent (the result's rule),
    // so a resample never gives one to an area whose result has none.
    let pct_defined: Vec<bool> = fitted
        .obs
        .iter()
        .map(|o| crate::results::percent_defined(o.fitted, o.ci_low))
        .collect();

    let fast = fitted.stats.condition_number <= FAST_COND_LIMIT;
    let ctx = Ctx {
        fast,
        wild: match opts.method {
            BootstrapMethod::Wild if fast => Some(wild_factor(design)?),
            _ => None,
        },
        beta: fitted.coefficients.iter().map(|c| c.estimate).collect(),
        family,
        link,
    };
    // Each resample: coefficients, every area's modelled value and rank.
    type Draw = (Vec<f64>, Vec<f64>, Vec<u32>, usize);
    let draws: Vec<Result<Draw>> = (0..opts.b)
        .into_par_iter()
        .map(|r| {
            let mut rng = rng_for(opts.seed, stream, PURPOSE_BOOTSTRAP, r as u64);
            let (beta, failed) =
                one_resample(design, &fitted_values, &residuals, opts, &ctx, &mut rng)?;
            let modelled: Vec<f64> = (0..n).map(|i| predict_mu(design, i, &beta, link)).collect();
            let keys: Vec<f64> = (0..n)
                .map(|i| rank_key(design.y[i], modelled[i], opts.rank_by, pct_defined[i]))
                .collect();
            Ok((beta, modelled, ranks(&keys), failed))
        })
        .collect();
    let mut betas = Vec::with_capacity(opts.b);
    let mut modelled = Vec::with_capacity(opts.b);
    let mut rank_draws = Vec::with_capacity(opts.b);
    let mut failed_resamples = 0;
    for d in draws {
        let (b, m, r, f) = d?;
        betas.push(b);
        modelled.push(m);
        rank_draws.push(r);
        failed_resamples += f;
    }
    let b = betas.len();
    let (ql, qh) = ((1.0 - opts.level) / 2.0, 1.0 - (1.0 - opts.level) / 2.0);

    let coefficients = (0..p)
        .map(|j| {
            let mut v: Vec<f64> = betas.iter().map(|bb| bb[j]).collect();
            let mean = v.iter().sum::<f64>() / b as f64;
            let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (b - 1) as f64;
            CoefficientInterval {
                name: design.names[j].clone(),
                estimate: fitted.coefficients[j].estimate,
                std_error: var.sqrt(),
                low: quantile_select(&mut v, ql),
                high: quantile_select(&mut v, qh),
            }
        })
        .collect();

    let full_keys: Vec<f64> = (0..n)
        .map(|i| rank_key(design.y[i], fitted_values[i], opts.rank_by, pct_defined[i]))
        .collect();
    let full_ranks = ranks(&full_keys);
    let areas = (0..n)
        .into_par_iter()
        .map(|i| {
            let y = design.y[i];
            let mut m: Vec<f64> = modelled.iter().map(|m| m[i]).collect();
            let m_min = m.iter().copied().fold(f64::INFINITY, f64::min);
            let (m_lo, m_hi) = (quantile_select(&mut m, ql), quantile_select(&mut m, qh));
            // Deviation % is monotone decreasing in the modelled value while it
            // stays > 0, so its interval comes from the modelled one; and only
            // for an area that has a percent in the result.
            let pct = |mv: f64| (mv > 0.0).then(|| 100.0 * (y - mv) / mv);
            let (pct_lo, pct_hi) = if m_min > 0.0 && pct_defined[i] {
                (pct(m_hi), pct(m_lo))
            } else {
                (None, None)
            };
            let mut r: Vec<f64> = rank_draws.iter().map(|r| f64::from(r[i])).collect();
            AreaUncertainty {
                id: ids.get(i).cloned().unwrap_or_default(),
                modelled_low: m_lo,
                modelled_high: m_hi,
                deviation_low: y - m_hi,
                deviation_high: y - m_lo,
                deviation_pct_low: pct_lo,
                deviation_pct_high: pct_hi,
                rank: full_ranks[i] as usize,
                rank_low: quantile_select(&mut r, ql).floor() as usize,
                rank_high: quantile_select(&mut r, qh).ceil() as usize,
            }
        })
        .collect();

    Ok(Uncertainty {
        method: opts.method.as_str().to_string(),
        b,
        seed: opts.seed,
        level: opts.level,
        failed_resamples,
        rank_by: opts.rank_by.as_str().to_string(),
        coefficients,
        areas,
    })
}

/// Fold of each row (0..k): a seeded random permutation dealt round-robin, so
/// fold sizes differ by at most one.
pub fn folds(n: usize, k: usize, seed: u64, stream: u64) -> Vec<usize> {
    let mut perm: Vec<usize> = (0..n).collect();
    let mut rng = rng_for(seed, stream, PURPOSE_FOLDS, 0);
    perm.shuffle(&mut rng);
    let mut fold = vec![0; n];
    for (pos, &i) in perm.iter().enumerate() {
        fold[i] = pos % k;
    }
    fold
}

/// k-fold cross-validation: each area is predicted by the model fitted on the
/// other folds; RMSE and MAE of actual − prediction (and weighted variants
/// for WLS). Errors if a training fold cannot be fitted.
pub fn cross_validate(design: &Design, opts: &CvOptions, stream: u64) -> Result<CrossValidation> {
    cross_validate_model(Family::Gaussian, Link::Identity, design, opts, stream)
}

/// [`cross_validate`] for any family: the prediction is μ = g⁻¹(x'β + offset)
/// on the response scale.
pub fn cross_validate_model(
    family: Family,
    link: Link,
    design: &Design,
    opts: &CvOptions,
    stream: u64,
) -> Result<CrossValidation> {
    let n = design.y.len();
    check_k(opts.k, n)?;
    let fold = folds(n, opts.k, opts.seed, stream);
    let per_fold: Vec<Result<Vec<(usize, f64)>>> = (0..opts.k)
        .into_par_iter()
        .map(|f| {
            let train: Vec<usize> = (0..n).filter(|&i| fold[i] != f).collect();
            let (beta, _) = model_coefficients(&subset_rows(design, &train), family, link)
                .map_err(|e| {
                    Error::Other(format!(
                        "cross-validation: fold {} of {} (without {} areas) cannot be fitted: {e}\n  hint: use fewer folds",
                        f + 1,
                        opts.k,
                        n - train.len()
                    ))
                })?;
            Ok((0..n)
                .filter(|&i| fold[i] == f)
                .map(|i| (i, design.y[i] - predict_mu(design, i, &beta, link)))
                .collect())
        })
        .collect();
    let mut err = vec![0.0; n];
    for r in per_fold {
        for (i, e) in r? {
            err[i] = e;
        }
    }
    // Sums in row order: the same whatever order the folds finished in.
    let nf = n as f64;
    let rmse = (err.iter().map(|e| e * e).sum::<f64>() / nf).sqrt();
    let mae = err.iter().map(|e| e.abs()).sum::<f64>() / nf;
    let (weighted_rmse, weighted_mae) = match &design.weights {
        Some(w) => {
            let sw: f64 = w.iter().sum();
            let r = (err.iter().zip(w).map(|(e, w)| w * e * e).sum::<f64>() / sw).sqrt();
            let m = err.iter().zip(w).map(|(e, w)| w * e.abs()).sum::<f64>() / sw;
            (Some(r), Some(m))
        }
        None => (None, None),
    };
    Ok(CrossValidation {
        k: opts.k,
        seed: opts.seed,
        rmse,
        mae,
        weighted_rmse,
        weighted_mae,
    })
}

fn check_k(k: usize, n: usize) -> Result<()> {
    if k < 2 || k > n {
        return Err(Error::Other(format!(
            "cross-validation: k = {k} folds for {n} areas in the fit; use 2 ≤ k ≤ {n} (k = {n} is leave-one-out)\n  hint: lower --cv to at most {n}"
        )));
    }
    Ok(())
}

/// A human label of a family and link, e.g. `quasipoisson, log`.
pub fn family_label(family: Family, link: Link) -> String {
    if is_least_squares(family, link) {
        "gaussian, identity (linear least squares)".to_string()
    } else {
        format!("{}, {}", family.as_str(), link.as_str())
    }
}

/// Cross-validated error of several families on the same design (same
/// covariates, weights, offset) and the same seeded folds: the weighted RMSE
/// of actual − μ̂₍₋fold₎ on the response scale, √(Σwᵢeᵢ²/Σwᵢ) (wᵢ = 1
/// unweighted), and the mean held-out deviance Σwᵢdᵢ/Σwᵢ under each row's
/// family. A fold whose fit fails is counted in `n_folds_failed` and its
/// areas are left out of that row. A family the outcome does not allow
/// (e.g. Gamma with an outcome of 0) gets no row. The result is the same
/// whatever the number of threads (folds fitted in parallel, summed in row
/// order). `chosen` marks `(family, link)`.
pub fn compare_families(
    design: &Design,
    candidates: &[(Family, Link)],
    chosen: (Family, Link),
    k: usize,
    seed: u64,
    stream: u64,
) -> Result<ModelComparison> {
    let n = design.y.len();
    check_k(k, n)?;
    let fold = folds(n, k, seed, stream);
    let w: Vec<f64> = design.weights.clone().unwrap_or_else(|| vec![1.0; n]);
    let mut rows = Vec::new();
    for &(family, link) in candidates {
        if !is_least_squares(family, link)
            && crate::model::family::glm_family(family)
                .check_outcome(crate::model::family::glm_link(link), &design.y)
                .is_err()
        {
            continue;
        }
        // Only β̂ of each fold is needed: the cheap solves of `foldfit`,
        // with the full solver on a fold's rows where they cannot settle.
        let per_fold = fold_coefficients(design, family, link, &fold, k, |train| {
            model_coefficients(&subset_rows(design, train), family, link).ok()
        });
        let n_folds_failed = per_fold.iter().filter(|b| b.is_none()).count();
        let (mut se, mut sw, mut sd, mut dev_ok) = (0.0, 0.0, 0.0, true);
        for i in 0..n {
            let Some((beta, theta)) = &per_fold[fold[i]] else {
                continue;
            };
            let mu = predict_mu(design, i, beta, link);
            let e = design.y[i] - mu;
            se += w[i] * e * e;
            sw += w[i];
            let d = glm::unit_deviance(
                crate::model::family::glm_family(family),
                *theta,
                design.y[i],
                mu,
                w[i],
            );
            if d.is_finite() {
                sd += d;
            } else {
                dev_ok = false;
            }
        }
        if sw == 0.0 {
            continue;
        }
        rows.push(ComparisonRow {
            family,
            link,
            label: family_label(family, link),
            cv_rmse: (se / sw).sqrt(),
            cv_mean_deviance: dev_ok.then_some(sd / sw),
            n_folds_failed,
            chosen: (family, link) == chosen,
        });
    }
    Ok(ModelComparison {
        k,
        seed,
        rows,
        rows_used: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fit::{fit, FitOptions};

    fn line_design(y: Vec<f64>, xs: Vec<f64>) -> Design {
        let n = y.len();
        let x = Array2::from_shape_fn((n, 2), |(i, j)| if j == 0 { 1.0 } else { xs[i] });
        Design::new(y, x, vec!["(Intercept)".into(), "x".into()], true)
    }

    #[test]
    fn percent_ranks_and_intervals_only_where_the_result_has_a_percent() {
        // The key: an area whose modelled value may be 0 ranks last by
        // percent, whatever its modelled value in a resample.
        assert_eq!(
            rank_key(838.0, 1.43, RankBy::DeviationPct, false),
            f64::NEG_INFINITY
        );
        assert_eq!(rank_key(150.0, 100.0, RankBy::DeviationPct, true), 50.0);
        assert_eq!(rank_key(150.0, 100.0, RankBy::Deviation, false), 50.0);
        // A line through the origin region: at x = 0 the modelled value is
        // near 0 with a confidence interval reaching below it, far out it is
        // surely positive.
        let xs: Vec<f64> = (0..30).map(|i| i as f64).collect();
        let y: Vec<f64> = xs
            .iter()
            .enumerate()
            .map(|(i, x)| 1.0 + 20.0 * x + if i % 2 == 0 { 15.0 } else { -15.0 })
            .collect();
        let d = line_design(y, xs);
        let f = fit(&d, &FitOptions::default()).unwrap();
        let defined: Vec<bool> = f
            .obs
            .iter()
            .map(|o| crate::results::percent_defined(o.fitted, o.ci_low))
            .collect();
        assert!(!defined[0] && defined[29], "precondition: {:?}", &f.obs[0]);
        let ids: Vec<String> = (0..30).map(|i| i.to_string()).collect();
        let o = BootstrapOptions {
            b: 200,
            rank_by: RankBy::DeviationPct,
            ..Default::default()
        };
        let u = bootstrap(&d, &f, &ids, &o, 0).unwrap();
        for (a, &ok) in u.areas.iter().zip(&defined) {
            if !ok {
                assert_eq!((a.deviation_pct_low, a.deviation_pct_high), (None, None));
            }
        }
        assert!(u.areas[29].deviation_pct_low.is_some());
        // Every area without a percent ranks below every area with one.
        let worst_with = (0..30)
            .filter(|&i| defined[i])
            .map(|i| u.areas[i].rank)
            .max();
        let best_without = (0..30)
            .filter(|&i| !defined[i])
            .map(|i| u.areas[i].rank)
            .min();
        assert!(worst_with.unwrap() < best_without.unwrap());
    }

    #[test]
    fn quantile_matches_r_type_7() {
        // R: quantile(c(1, 2, 4, 7), c(0.1, 0.5, 0.975)) = 1.3, 3.0, 6.775
        let v = [1.0, 2.0, 4.0, 7.0];
        assert!((quantile_sorted(&v, 0.1) - 1.3).abs() < 1e-12);
        assert!((quantile_sorted(&v, 0.5) - 3.0).abs() < 1e-12);
        assert!((quantile_sorted(&v, 0.975) - 6.775).abs() < 1e-12);
    }

    #[test]
    fn quantile_by_selection_equals_quantile_of_sorted() {
        let v: Vec<f64> = (0..101).map(|i| ((i * 37) % 101) as f64 * 0.5).collect();
        let mut s = v.clone();
        s.sort_by(f64::total_cmp);
        for q in [0.0, 0.025, 0.3, 0.5, 0.975, 1.0] {
            let mut w = v.clone();
            assert_eq!(quantile_select(&mut w, q), quantile_sorted(&s, q));
        }
    }

    #[test]
    fn leave_one_out_cv_of_a_mean_by_hand() {
        // Intercept-only model, y = 1, 2, 4, 7 (sum 14). Leaving area i out
        // predicts (14 − yᵢ)/3: errors −10/3, −2, 2/3, 14/3.
        // RMSE = √((100/9 + 4 + 4/9 + 196/9)/4) = √(84/9); MAE = (32/3)/4 = 8/3.
        let y = vec![1.0, 2.0, 4.0, 7.0];
        let x = Array2::from_elem((4, 1), 1.0);
        let d = Design::new(y, x, vec!["(Intercept)".into()], true);
        let cv = cross_validate(&d, &CvOptions { k: 4, seed: 1 }, 0).unwrap();
        assert!((cv.rmse - (84.0f64 / 9.0).sqrt()).abs() < 1e-12, "{cv:?}");
        assert!((cv.mae - 8.0 / 3.0).abs() < 1e-12, "{cv:?}");
        assert!(cv.weighted_rmse.is_none());
    }

    #[test]
    fn leave_one_out_cv_equals_the_closed_form_press_residuals() {
        // LOO residual = eᵢ/(1 − hᵢ) (Allen's PRESS), from the full fit.
        let xs: Vec<f64> = (0..12)
            .map(|i| (i * i % 7) as f64 + i as f64 * 0.3)
            .collect();
        let y: Vec<f64> = xs
            .iter()
            .enumerate()
            .map(|(i, x)| 2.0 + 0.5 * x + ((i * 5 % 3) as f64 - 1.0))
            .collect();
        let d = line_design(y, xs);
        let f = fit(&d, &FitOptions::default()).unwrap();
        let press: Vec<f64> = f
            .obs
            .iter()
            .map(|o| o.residual / (1.0 - o.leverage))
            .collect();
        let rmse = (press.iter().map(|e| e * e).sum::<f64>() / 12.0).sqrt();
        let cv = cross_validate(&d, &CvOptions { k: 12, seed: 9 }, 3).unwrap();
        assert!(
            (cv.rmse - rmse).abs() < 1e-10 * rmse,
            "{} vs {rmse}",
            cv.rmse
        );
    }

    #[test]
    fn folds_are_balanced_and_seeded() {
        let a = folds(23, 5, 7, 1);
        assert_eq!(a, folds(23, 5, 7, 1));
        assert_ne!(a, folds(23, 5, 8, 1));
        for f in 0..5 {
            let c = a.iter().filter(|&&x| x == f).count();
            assert!(c == 4 || c == 5);
        }
    }

    #[test]
    fn bad_k_is_an_error() {
        let d = line_design(vec![1.0, 2.0, 3.5], vec![0.0, 1.0, 2.0]);
        assert!(cross_validate(&d, &CvOptions { k: 1, seed: 1 }, 0).is_err());
        assert!(cross_validate(&d, &CvOptions { k: 4, seed: 1 }, 0).is_err());
    }

    #[test]
    fn fast_resample_solver_agrees_with_fit_coefficients() {
        let n = 40;
        let x = Array2::from_shape_fn((n, 3), |(i, j)| match j {
            0 => 1.0,
            1 => (i * 7 % 13) as f64 * 1e3,
            _ => ((i * i) % 11) as f64 * 1e-2,
        });
        let y: Vec<f64> = (0..n).map(|i| (i * 3 % 17) as f64 + i as f64).collect();
        let mut d = Design::new(
            y,
            x,
            vec!["(Intercept)".into(), "a".into(), "b".into()],
            true,
        );
        d.weights = Some((0..n).map(|i| 1.0 + i as f64).collect());
        let idx: Vec<usize> = (0..n).map(|i| (i * 5 + 3) % n).collect();
        let fast = qr_f64(&d, &idx).unwrap();
        let exact = fit_coefficients(&subset_rows(&d, &idx)).unwrap();
        for (a, b) in fast.iter().zip(&exact) {
            assert!((a - b).abs() <= 1e-11 * b.abs().max(1e-300), "{a} vs {b}");
        }
        // A dummy all zero in the resample, or a duplicated row set that makes
        // a column constant: aliased.
        let mut d2 = d.clone();
        for i in 0..n {
            d2.x[[i, 2]] = f64::from(u8::from(i == 0));
        }
        let idx2: Vec<usize> = (1..n).chain([1]).collect();
        assert!(qr_f64(&d2, &idx2).is_none());
    }

    #[test]
    fn wild_bootstrap_shortcut_equals_refitting_each_resample() {
        // The shortcut β* = β̂ + R⁻¹Qᵀ(√w e v) against a refit of y*.
        let n = 25;
        let x = Array2::from_shape_fn((n, 2), |(i, j)| if j == 0 { 1.0 } else { (i % 9) as f64 });
        let y: Vec<f64> = (0..n)
            .map(|i| 3.0 + (i % 9) as f64 * 2.0 + ((i * 7) % 5) as f64)
            .collect();
        let mut d = Design::new(y, x, vec!["(Intercept)".into(), "x".into()], true);
        d.weights = Some((0..n).map(|i| 1.0 + (i % 4) as f64).collect());
        let f = fit(&d, &FitOptions::default()).unwrap();
        let fv: Vec<f64> = f.obs.iter().map(|o| o.fitted).collect();
        let res: Vec<f64> = f.obs.iter().map(|o| o.residual).collect();
        let opts = BootstrapOptions {
            method: BootstrapMethod::Wild,
            ..Default::default()
        };
        let beta: Vec<f64> = f.coefficients.iter().map(|c| c.estimate).collect();
        let fast_ctx = Ctx {
            fast: true,
            wild: Some(wild_factor(&d).unwrap()),
            beta: beta.clone(),
            family: Family::Gaussian,
            link: Link::Identity,
        };
        let slow_ctx = Ctx {
            fast: false,
            wild: None,
            beta,
            family: Family::Gaussian,
            link: Link::Identity,
        };
        let (a, _) =
            one_resample(&d, &fv, &res, &opts, &fast_ctx, &mut rng_for(1, 2, 3, 4)).unwrap();
        let (b, _) =
            one_resample(&d, &fv, &res, &opts, &slow_ctx, &mut rng_for(1, 2, 3, 4)).unwrap();
        for (x, y) in a.iter().zip(&b) {
            assert!((x - y).abs() < 1e-10 * y.abs().max(1.0), "{x} vs {y}");
        }
    }

    #[test]
    fn ranks_put_the_largest_deviation_first_and_break_ties_by_order() {
        assert_eq!(ranks(&[1.0, 5.0, -2.0, 5.0]), [3, 1, 4, 2]);
    }

    #[test]
    fn task_streams_differ() {
        assert_ne!(task_stream("a", Some(2021)), task_stream("a", Some(2022)));
        assert_ne!(task_stream("a", None), task_stream("b", None));
        // Fixed value (FNV-1a of the bytes 0xff 0xfe, computed by hand from
        // the FNV definition): the stream must not change between versions, or
        // seeded results would.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in [0xffu8, 0xfe] {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        assert_eq!(task_stream("", None), h);
    }

    #[test]
    fn bootstrap_is_reproducible_and_brackets_the_estimate() {
        let xs: Vec<f64> = (0..30).map(|i| i as f64).collect();
        let y: Vec<f64> = xs
            .iter()
            .enumerate()
            .map(|(i, x)| 1.0 + 2.0 * x + (((i * 7) % 11) as f64 - 5.0))
            .collect();
        let d = line_design(y, xs);
        let f = fit(&d, &FitOptions::default()).unwrap();
        let ids: Vec<String> = (0..30).map(|i| format!("{i}")).collect();
        for method in [BootstrapMethod::Pairs, BootstrapMethod::Wild] {
            let o = BootstrapOptions {
                method,
                b: 200,
                ..Default::default()
            };
            let a = bootstrap(&d, &f, &ids, &o, 5).unwrap();
            let b = bootstrap(&d, &f, &ids, &o, 5).unwrap();
            assert_eq!(a, b);
            let slope = &a.coefficients[1];
            assert!(slope.low < slope.estimate && slope.estimate < slope.high);
            for area in &a.areas {
                assert!(area.rank_low <= area.rank && area.rank <= area.rank_high);
                assert!(area.modelled_low <= area.modelled_high);
            }
            let c = bootstrap(&d, &f, &ids, &BootstrapOptions { seed: 1, ..o }, 5).unwrap();
            assert_ne!(a, c);
        }
    }

    #[test]
    fn pairs_bootstrap_redraws_rank_deficient_resamples() {
        // A dummy that is 1 in two areas only: many resamples miss both and
        // the dummy column is all zero there.
        let n = 12;
        let x = Array2::from_shape_fn((n, 3), |(i, j)| match j {
            0 => 1.0,
            1 => i as f64,
            _ => f64::from(u8::from(i < 2)),
        });
        let y: Vec<f64> = (0..n).map(|i| i as f64 + ((i * 3) % 5) as f64).collect();
        let d = Design::new(
            y,
            x,
            vec!["(Intercept)".into(), "x".into(), "d".into()],
            true,
        );
        let f = fit(&d, &FitOptions::default()).unwrap();
        let ids: Vec<String> = (0..n).map(|i| i.to_string()).collect();
        let u = bootstrap(
            &d,
            &f,
            &ids,
            &BootstrapOptions {
                b: 100,
                ..Default::default()
            },
            0,
        )
        .unwrap();
        assert_eq!(u.b, 100);
        assert!(u.failed_resamples > 0);
    }
}
