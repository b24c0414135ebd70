//! All-subsets model search: every subset of up to 20 candidate covariates
//! (2²⁰ models) added to a spec's fixed covariates, scored by BIC, AIC and
//! adjusted R², with exact refits and cross-validation error for the best.
//!
//! Method. Subsets are visited in Gray-code order, so consecutive models
//! differ by one variable, and each step is one sweep (or reverse sweep) of
//! the cross-product matrix (Goodnight 1979, "A tutorial on the SWEEP
//! operator", Am. Statistician 33; Little & Rubin 2002, §7.4). After
//! sweeping the variables of a model, the (y, y) element is its residual sum
//! of squares. The matrix is the weighted, centred (when the model has an
//! intercept: sweeping the intercept is centring) cross-product matrix of
//! [fixed covariates, candidates, y], scaled to unit diagonal; the fixed
//! covariates are swept once and dropped (their Schur complement is all the
//! search needs), so a step costs about 2(m+1)² flops for m candidates.
//! A pivot below [`PIVOT_TOL`] (the candidate is, to working precision, a
//! linear combination of the others in the model: 1 − R² < 1e-10) is not
//! swept and the subset counts as rank deficient.
//!
//! Sweeps and reverse sweeps accumulate rounding, so the subset space is cut
//! into chunks of 2¹⁰ Gray-code steps, each started from a freshly swept
//! matrix; chunks run in parallel (rayon) and are merged in chunk order, so
//! the result does not depend on the number of threads. The reported top
//! models are refitted with [`crate::model::fit::fit`] for exact numbers.
//!
//! Conventions: AIC = −2 logLik + 2k, BIC = −2 logLik + log(n) k with
//! k = p + 1, logLik including ½Σ log w for WLS (R's `AIC(lm)`), the same as
//! [`crate::model::fit::fit`].
//!
//! Every other family (Poisson, quasi-Poisson, Gamma, negative binomial, or
//! a log link): [`all_subsets_glm`] fits each subset by IRLS with the
//! engine's GLM fit and ranks by R's `AIC(glm)`/`BIC(glm)` (k = p, + 1 for
//! the Gamma or Gaussian dispersion and the negative binomial θ) and by
//! k-fold cross-validation through
//! [`crate::analysis::uncertainty::compare_families`] (the same folds for
//! every subset). Quasi-Poisson has no likelihood: every subset is
//! cross-validated instead. No sweep exists for IRLS, so the search is
//! capped at [`MAX_GLM_CANDIDATES`] (quasi: [`MAX_QUASI_CANDIDATES`]).

use ndarray::Array2;
use rayon::prelude::*;

use crate::analysis::uncertainty::{compare_families, cross_validate, CvOptions};
use crate::error::{Error, Result};
use crate::model::family::{fit_glm_design, glm_family, glm_link, Family, Link};
use crate::model::fit::{fit, Design, FitOptions};
use crate::model::glm::{self, GlmCriteria, GlmData};
use crate::results::{ComparisonRow, CrossValidation, FitStats};

/// Most candidates searched (2²⁰ ≈ 1 million subsets).
pub const MAX_CANDIDATES: usize = 20;

/// A candidate whose scaled pivot (1 − R² on the variables already in the
/// model) is below this is treated as aliased.
pub const PIVOT_TOL: f64 = 1e-10;

/// Gray-code steps per chunk (each chunk starts from a fresh sweep).
const CHUNK_BITS: usize = 10;

/// Ranking criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Criterion {
    Bic,
    Aic,
    AdjR2,
    /// Cross-validation RMSE (only among the refitted top models).
    Cv,
}

impl Criterion {
    pub fn as_str(self) -> &'static str {
        match self {
            Criterion::Bic => "BIC",
            Criterion::Aic => "AIC",
            Criterion::AdjR2 => "adjusted R²",
            Criterion::Cv => "CV RMSE",
        }
    }
}

/// Settings of a search.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectOptions {
    /// How many best models to keep per criterion (and refit).
    pub top: usize,
    /// Cross-validate the refitted top models (None = skip).
    pub cv: Option<CvOptions>,
    /// Stream for the CV folds (see [`crate::analysis::uncertainty::task_stream`]); all
    /// models share the same folds, so their CV errors compare paired.
    pub stream: u64,
    pub alpha: f64,
}

impl Default for SelectOptions {
    fn default() -> Self {
        SelectOptions {
            top: 10,
            cv: None,
            stream: 0,
            alpha: 0.05,
        }
    }
}

/// Score of one subset from the sweep (approximate to rounding; the top
/// models are refitted exactly).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SubsetScore {
    /// Bit j set = candidate j is in the model.
    pub mask: u32,
    pub rss: f64,
    pub r2: f64,
    pub adj_r2: f64,
    pub aic: f64,
    pub bic: f64,
}

/// A top model refitted with [`fit`].
#[derive(Debug, Clone)]
pub struct TopModel {
    pub mask: u32,
    /// Candidates in the model (candidate order).
    pub chosen: Vec<String>,
    /// Exact statistics of the refit.
    pub stats: FitStats,
    /// The sweep's score of the same subset.
    pub sweep: SubsetScore,
    pub cv: Option<CrossValidation>,
}

/// Result of a search.
#[derive(Debug, Clone)]
pub struct Selection {
    pub n: usize,
    /// Names of the fixed columns (intercept, spec covariates, fixed effects).
    pub fixed: Vec<String>,
    pub candidates: Vec<String>,
    /// Subsets scored (2^m minus rank-deficient ones).
    pub evaluated: u64,
    /// Subsets skipped as rank deficient (or with n ≤ p).
    pub rank_deficient: u64,
    /// Best `top` by each criterion from the sweep, best first.
    pub best_bic: Vec<SubsetScore>,
    pub best_aic: Vec<SubsetScore>,
    pub best_adj_r2: Vec<SubsetScore>,
    /// Every model in the three lists, refitted; sorted by mask.
    pub refits: Vec<TopModel>,
    /// Share of the top `top` models by BIC that include each candidate.
    pub inclusion_bic: Vec<f64>,
}

impl Selection {
    /// The refit of a subset (every subset in a best list has one).
    pub fn refit(&self, mask: u32) -> Option<&TopModel> {
        self.refits.iter().find(|t| t.mask == mask)
    }

    /// The chosen model by a criterion (CV: lowest CV RMSE among refits).
    pub fn best(&self, c: Criterion) -> Option<&TopModel> {
        match c {
            Criterion::Bic => self.best_bic.first().and_then(|s| self.refit(s.mask)),
            Criterion::Aic => self.best_aic.first().and_then(|s| self.refit(s.mask)),
            Criterion::AdjR2 => self.best_adj_r2.first().and_then(|s| self.refit(s.mask)),
            Criterion::Cv => self
                .refits
                .iter()
                .filter(|t| t.cv.is_some())
                .min_by(|a, b| {
                    let (x, y) = (a.cv.as_ref().unwrap(), b.cv.as_ref().unwrap());
                    x.rmse.total_cmp(&y.rmse).then(a.mask.cmp(&b.mask))
                }),
        }
    }
}

/// Sweep (reverse = false) or reverse-sweep pivot `k` of the symmetric q×q
/// matrix `a` (Little & Rubin 2002, §7.4.3).
fn sweep(a: &mut [f64], q: usize, k: usize, reverse: bool, rowk: &mut [f64]) {
    let h = a[k * q + k];
    let inv = 1.0 / h;
    rowk.copy_from_slice(&a[k * q..k * q + q]);
    for i in 0..q {
        if i == k {
            continue;
        }
        let f = a[i * q + k] * inv;
        if f == 0.0 {
            continue;
        }
        let row = &mut a[i * q..i * q + q];
        for j in 0..q {
            row[j] -= f * rowk[j];
        }
        // Column k of row i: the loop above set it to aᵢₖ − f·h = 0; the
        // swept value is ±aᵢₖ/h.
        row[k] = if reverse { -f } else { f };
    }
    let s = if reverse { -inv } else { inv };
    for j in 0..q {
        a[k * q + j] = rowk[j] * s;
    }
    a[k * q + k] = -inv;
}

/// The candidates + y block after the fixed columns are swept, scaled to unit
/// diagonal, with what scoring needs.
struct Problem {
    /// (m+1)×(m+1), row-major; index m is y.
    base: Vec<f64>,
    m: usize,
    n: usize,
    p_fixed: usize,
    sum_log_w: f64,
    /// TSS for R² (centred weighted or uncentred) and adj R² df.
    tss: f64,
    intercept: bool,
}

fn prepare(design: &Design, candidates: &[usize]) -> Result<Problem> {
    let (n, p) = design.x.dim();
    let w = design.weights.as_deref();
    let wt = |i: usize| w.map_or(1.0, |w| w[i]);
    let intercept = design.intercept;
    let fixed: Vec<usize> = (0..p)
        .filter(|&j| {
            let is_intercept = intercept && j == 0;
            !is_intercept && !candidates.contains(&j)
        })
        .collect();
    let cols: Vec<usize> = fixed.iter().chain(candidates).copied().collect();
    let q = cols.len() + 1;
    let sw: f64 = (0..n).map(wt).sum();
    // Column values (with the extended-precision part, if any), then centred.
    let val = |j: usize, i: usize| -> f64 {
        if j == usize::MAX {
            design.y[i]
        } else {
            design.x[[i, j]] + design.x_lo.as_ref().map_or(0.0, |lo| lo[[i, j]])
        }
    };
    let all: Vec<usize> = cols.iter().copied().chain([usize::MAX]).collect();
    let mut z = Array2::<f64>::zeros((n, q));
    for (c, &j) in all.iter().enumerate() {
        let mean = if intercept {
            (0..n).map(|i| wt(i) * val(j, i)).sum::<f64>() / sw
        } else {
            0.0
        };
        for i in 0..n {
            z[[i, c]] = wt(i).sqrt() * (val(j, i) - mean);
        }
    }
    let s = z.t().dot(&z);
    let d: Vec<f64> = (0..q)
        .map(|j| {
            let v = s[[j, j]].sqrt();
            if v > 0.0 {
                v
            } else {
                1.0
            }
        })
        .collect();
    let tss = s[[q - 1, q - 1]];
    if tss.is_nan() || tss <= 0.0 {
        return Err(Error::Other(
            "all-subsets search: the outcome is constant in the sample".into(),
        ));
    }
    let mut a: Vec<f64> = (0..q * q)
        .map(|k| s[[k / q, k % q]] / (d[k / q] * d[k % q]))
        .collect();
    let mut buf = vec![0.0; q];
    for f in 0..fixed.len() {
        if a[f * q + f] < PIVOT_TOL {
            return Err(Error::Other(format!(
                "all-subsets search: the fixed covariate '{}' is collinear with the other fixed columns",
                design.names[fixed[f]]
            )));
        }
        sweep(&mut a, q, f, false, &mut buf);
    }
    let m = candidates.len();
    let off = fixed.len();
    let mq = m + 1;
    let base: Vec<f64> = (0..mq * mq)
        .map(|k| a[(off + k / mq) * q + off + k % mq])
        .collect();
    Ok(Problem {
        base,
        m,
        n,
        p_fixed: usize::from(intercept) + fixed.len(),
        sum_log_w: w.map_or(0.0, |w| w.iter().map(|v| v.ln()).sum()),
        tss,
        intercept,
    })
}

impl Problem {
    /// Score from the scaled RSS element (None when n ≤ p).
    fn score(&self, mask: u32, a_yy: f64) -> Option<SubsetScore> {
        let p = self.p_fixed + mask.count_ones() as usize;
        if self.n <= p {
            return None;
        }
        let rss = (a_yy * self.tss).max(f64::MIN_POSITIVE);
        let nf = self.n as f64;
        let r2 = 1.0 - rss / self.tss;
        let adj_r2 = 1.0
            - (1.0 - r2) * ((self.n - usize::from(self.intercept)) as f64 / (self.n - p) as f64);
        // R's logLik.lm, as fit::fit.
        let loglik = 0.5
            * (self.sum_log_w
                - nf * ((2.0 * std::f64::consts::PI).ln() + 1.0 - nf.ln() + rss.ln()));
        let k = (p + 1) as f64;
        Some(SubsetScore {
            mask,
            rss,
            r2,
            adj_r2,
            aic: -2.0 * loglik + 2.0 * k,
            bic: -2.0 * loglik + nf.ln() * k,
        })
    }
}

/// Best-`keep` lists of one chunk.
#[derive(Default)]
struct Tops {
    bic: Vec<SubsetScore>,
    aic: Vec<SubsetScore>,
    adj: Vec<SubsetScore>,
    evaluated: u64,
    deficient: u64,
}

fn cmp_by(c: Criterion) -> impl Fn(&SubsetScore, &SubsetScore) -> std::cmp::Ordering {
    move |a, b| {
        let (x, y) = match c {
            Criterion::Aic => (a.aic, b.aic),
            Criterion::AdjR2 => (-a.adj_r2, -b.adj_r2),
            _ => (a.bic, b.bic),
        };
        x.total_cmp(&y)
            .then(a.mask.count_ones().cmp(&b.mask.count_ones()))
            .then(a.mask.cmp(&b.mask))
    }
}

/// Keep the best `keep` of `v` (sorted, truncated).
fn prune(v: &mut Vec<SubsetScore>, c: Criterion, keep: usize) {
    v.sort_by(cmp_by(c));
    v.truncate(keep);
}

fn push(v: &mut Vec<SubsetScore>, s: SubsetScore, c: Criterion, keep: usize) {
    v.push(s);
    if v.len() >= 4 * keep.max(4) {
        prune(v, c, keep);
    }
}

/// Visit the Gray-code indices [start, start + len) from a fresh sweep.
fn run_chunk(pb: &Problem, start: u64, len: u64, keep: usize) -> Tops {
    let mq = pb.m + 1;
    let y = pb.m;
    let mut a = pb.base.clone();
    let mut buf = vec![0.0; mq];
    let mut swept: u32 = 0;
    let mut tops = Tops::default();
    let gray = |i: u64| (i ^ (i >> 1)) as u32;
    // The first subset of the chunk is swept from the fresh matrix by the
    // pending loop below.
    let mut want: u32 = gray(start);
    for i in start..start + len {
        if i > start {
            let v = i.trailing_zeros() as usize;
            want ^= 1 << v;
            if swept & (1 << v) != 0 {
                sweep(&mut a, mq, v, true, &mut buf);
                swept &= !(1 << v);
            }
        }
        // Sweep every wanted, unswept variable whose pivot allows it (after a
        // removal, a variable aliased before may have become estimable).
        let mut pending = want & !swept;
        while pending != 0 {
            let v = pending.trailing_zeros() as usize;
            pending &= pending - 1;
            if a[v * mq + v] > PIVOT_TOL {
                sweep(&mut a, mq, v, false, &mut buf);
                swept |= 1 << v;
            }
        }
        debug_assert_eq!(want, gray(i));
        if swept != want {
            tops.deficient += 1;
            continue;
        }
        match pb.score(want, a[y * mq + y]) {
            Some(s) => {
                tops.evaluated += 1;
                push(&mut tops.bic, s, Criterion::Bic, keep);
                push(&mut tops.aic, s, Criterion::Aic, keep);
                push(&mut tops.adj, s, Criterion::AdjR2, keep);
            }
            None => tops.deficient += 1,
        }
    }
    prune(&mut tops.bic, Criterion::Bic, keep);
    prune(&mut tops.aic, Criterion::Aic, keep);
    prune(&mut tops.adj, Criterion::AdjR2, keep);
    tops
}

/// Number of chunks a search over `m` candidates is cut into (for progress).
pub fn chunk_count(m: usize) -> u64 {
    1u64 << m.saturating_sub(CHUNK_BITS)
}

/// The design with only the fixed columns and the candidates in `mask`.
pub fn sub_design(design: &Design, candidates: &[usize], mask: u32) -> Design {
    let p = design.x.ncols();
    let keep: Vec<usize> = (0..p)
        .filter(|j| match candidates.iter().position(|c| c == j) {
            Some(k) => mask & (1 << k) != 0,
            None => true,
        })
        .collect();
    let pick =
        |m: &Array2<f64>| Array2::from_shape_fn((m.nrows(), keep.len()), |(i, j)| m[[i, keep[j]]]);
    Design {
        y: design.y.clone(),
        x: pick(&design.x),
        names: keep.iter().map(|&j| design.names[j].clone()).collect(),
        intercept: design.intercept,
        weights: design.weights.clone(),
        clusters: None,
        x_lo: design.x_lo.as_ref().map(pick),
        offset: design.offset.clone(),
    }
}

/// Search every subset of the design columns `candidates` (indices into
/// `design.x`; every other column is always in the model). `on_chunk` is
/// called once per finished chunk (see [`chunk_count`]), for progress.
pub fn all_subsets(
    design: &Design,
    candidates: &[usize],
    opts: &SelectOptions,
    on_chunk: &(dyn Fn() + Sync),
) -> Result<Selection> {
    let m = candidates.len();
    if m == 0 || m > MAX_CANDIDATES {
        return Err(Error::Other(format!(
            "all-subsets search: {m} candidates; give between 1 and {MAX_CANDIDATES}"
        )));
    }
    if design.intercept && candidates.contains(&0) {
        return Err(Error::Other(
            "all-subsets search: the intercept cannot be a candidate".into(),
        ));
    }
    let keep = opts.top.max(1);
    let pb = prepare(design, candidates)?;
    let total: u64 = 1 << m;
    let chunk_len: u64 = 1 << CHUNK_BITS.min(m);
    let chunks: Vec<Tops> = (0..total / chunk_len)
        .into_par_iter()
        .map(|c| {
            let t = run_chunk(&pb, c * chunk_len, chunk_len, keep);
            on_chunk();
            t
        })
        .collect();
    let mut all = Tops::default();
    for t in chunks {
        all.bic.extend(t.bic);
        all.aic.extend(t.aic);
        all.adj.extend(t.adj);
        all.evaluated += t.evaluated;
        all.deficient += t.deficient;
    }
    prune(&mut all.bic, Criterion::Bic, keep);
    prune(&mut all.aic, Criterion::Aic, keep);
    prune(&mut all.adj, Criterion::AdjR2, keep);
    if all.bic.is_empty() {
        return Err(Error::Other(
            "all-subsets search: no subset could be fitted (too few areas, or the fixed covariates are collinear)".into(),
        ));
    }

    // Exact refits (and CV) of every model in any best list, by mask.
    let mut masks: Vec<u32> = all
        .bic
        .iter()
        .chain(&all.aic)
        .chain(&all.adj)
        .map(|s| s.mask)
        .collect();
    masks.sort_unstable();
    masks.dedup();
    let score_of = |mask: u32| {
        *all.bic
            .iter()
            .chain(&all.aic)
            .chain(&all.adj)
            .find(|s| s.mask == mask)
            .expect("mask from the lists")
    };
    let fit_opts = FitOptions { alpha: opts.alpha };
    let refits: Vec<Result<TopModel>> = masks
        .par_iter()
        .map(|&mask| {
            let d = sub_design(design, candidates, mask);
            let f = fit(&d, &fit_opts)?;
            let cv = match &opts.cv {
                Some(c) => Some(cross_validate(&d, c, opts.stream)?),
                None => None,
            };
            Ok(TopModel {
                mask,
                chosen: (0..m)
                    .filter(|k| mask & (1 << k) != 0)
                    .map(|k| design.names[candidates[k]].clone())
                    .collect(),
                stats: f.stats,
                sweep: score_of(mask),
                cv,
            })
        })
        .collect();
    let refits = refits.into_iter().collect::<Result<Vec<_>>>()?;
    let inclusion_bic = (0..m)
        .map(|k| {
            all.bic.iter().filter(|s| s.mask & (1 << k) != 0).count() as f64 / all.bic.len() as f64
        })
        .collect();
    Ok(Selection {
        n: pb.n,
        fixed: (0..design.x.ncols())
            .filter(|j| !candidates.contains(j))
            .map(|j| design.names[j].clone())
            .collect(),
        candidates: candidates
            .iter()
            .map(|&j| design.names[j].clone())
            .collect(),
        evaluated: all.evaluated,
        rank_deficient: all.deficient,
        best_bic: all.bic,
        best_aic: all.aic,
        best_adj_r2: all.adj,
        refits,
        inclusion_bic,
    })
}

// ---------------------------------------------------------------------------
// Every other family: each subset fitted by IRLS.

/// Most candidates for a search in a GLM family: 2¹⁴ = 16 384 IRLS fits.
pub const MAX_GLM_CANDIDATES: usize = 14;

/// Most candidates for a family without a likelihood (quasi-Poisson), where
/// every subset is cross-validated: 2¹⁰ subsets × k fits each.
pub const MAX_QUASI_CANDIDATES: usize = 10;

/// One subset fitted in the spec's family.
#[derive(Debug, Clone, PartialEq)]
pub struct GlmSubset {
    /// Bit j set = candidate j is in the model.
    pub mask: u32,
    /// Candidates in the model (candidate order).
    pub chosen: Vec<String>,
    /// Coefficients (fixed columns and chosen candidates).
    pub p: usize,
    /// Deviance, log-likelihood, AIC and BIC of the fit (R's conventions).
    pub criteria: GlmCriteria,
    /// 1 − deviance / null deviance.
    pub deviance_explained: f64,
    /// Cross-validated error (weighted RMSE on the response scale and mean
    /// held-out deviance), when computed.
    pub cv: Option<ComparisonRow>,
}

/// Result of a search in a GLM family.
#[derive(Debug, Clone)]
pub struct GlmSelection {
    pub family: Family,
    pub link: Link,
    pub n: usize,
    /// Names of the fixed columns (intercept, spec covariates, fixed effects).
    pub fixed: Vec<String>,
    pub candidates: Vec<String>,
    /// Subsets fitted.
    pub evaluated: u64,
    /// Subsets that could not be fitted (aliased columns, n ≤ p,
    /// non-convergence), and the first reason.
    pub failed: u64,
    pub first_failure: Option<String>,
    /// Deviance of the model with only an intercept (and the offset).
    pub null_deviance: f64,
    /// Best `top` by BIC and by AIC (empty for a family without a
    /// likelihood), best first.
    pub best_bic: Vec<GlmSubset>,
    pub best_aic: Vec<GlmSubset>,
    /// Best `top` by cross-validated weighted RMSE: among the models in the
    /// AIC and BIC lists for a family with a likelihood, among every subset
    /// for a quasi family. Empty without cross-validation.
    pub best_cv: Vec<GlmSubset>,
    /// Share of the first ranking's models (BIC, or CV for a quasi family)
    /// that include each candidate.
    pub inclusion: Vec<f64>,
}

impl GlmSelection {
    /// Whether the family has a likelihood (and so AIC and BIC).
    pub fn has_likelihood(&self) -> bool {
        self.family.has_likelihood()
    }

    /// The chosen model by a criterion (adjusted R², a least-squares
    /// criterion, is not defined here).
    pub fn best(&self, c: Criterion) -> Option<&GlmSubset> {
        match c {
            Criterion::Bic => self.best_bic.first(),
            Criterion::Aic => self.best_aic.first(),
            Criterion::Cv => self.best_cv.first(),
            Criterion::AdjR2 => None,
        }
    }
}

fn cmp_glm(c: Criterion) -> impl Fn(&GlmSubset, &GlmSubset) -> std::cmp::Ordering {
    move |a, b| {
        let key = |s: &GlmSubset| -> (usize, f64) {
            match c {
                Criterion::Aic => (0, s.criteria.aic.unwrap_or(f64::INFINITY)),
                Criterion::Bic => (0, s.criteria.bic.unwrap_or(f64::INFINITY)),
                // A subset with folds that failed to fit is measured on fewer
                // areas: it ranks after every complete one.
                _ => s.cv.as_ref().map_or((usize::MAX, f64::INFINITY), |r| {
                    (r.n_folds_failed, r.cv_rmse)
                }),
            }
        };
        let (ka, kb) = (key(a), key(b));
        ka.0.cmp(&kb.0)
            .then(ka.1.total_cmp(&kb.1))
            .then(a.mask.count_ones().cmp(&b.mask.count_ones()))
            .then(a.mask.cmp(&b.mask))
    }
}

/// Search every subset of the design columns `candidates` in `family` with
/// `link`: each subset is fitted by IRLS ([`glm::fit_criteria`], the
/// engine's GLM fit) and ranked by AIC and BIC in R's conventions (`AIC(glm)`
/// = the family's aic + 2p, k = p + 1 for the Gamma dispersion and the
/// negative binomial θ, `BIC` with log n), and by k-fold cross-validation
/// ([`compare_families`]: the same seeded folds for every subset, weighted
/// RMSE on the response scale and mean held-out deviance). A family without a
/// likelihood (quasi-Poisson) has no AIC or BIC: every subset is
/// cross-validated and ranked by its CV error, which needs `opts.cv`.
pub fn all_subsets_glm(
    design: &Design,
    candidates: &[usize],
    family: Family,
    link: Link,
    opts: &SelectOptions,
    on_subset: &(dyn Fn() + Sync),
) -> Result<GlmSelection> {
    let m = candidates.len();
    let likelihood = family.has_likelihood();
    let cap = if likelihood {
        MAX_GLM_CANDIDATES
    } else {
        MAX_QUASI_CANDIDATES
    };
    if m == 0 || m > cap {
        return Err(Error::Other(format!(
            "all-subsets search: {m} candidates; give between 1 and {cap} for family {} (each subset is an IRLS fit{})",
            family.as_str(),
            if likelihood { "" } else { ", cross-validated" }
        )));
    }
    if design.intercept && candidates.contains(&0) {
        return Err(Error::Other(
            "all-subsets search: the intercept cannot be a candidate".into(),
        ));
    }
    if !likelihood && opts.cv.is_none() {
        return Err(Error::Other(format!(
            "all-subsets search: family {} has no likelihood, so no AIC or BIC; its subsets are ranked by cross-validation, which needs at least 2 folds",
            family.as_str()
        )));
    }
    let gfam = glm_family(family);
    let glink = glm_link(link);
    let keep = opts.top.max(1);
    let n = design.y.len();
    let names_of = |mask: u32| -> Vec<String> {
        (0..m)
            .filter(|k| mask & (1 << k) != 0)
            .map(|k| design.names[candidates[k]].clone())
            .collect()
    };
    let cv_of = |d: &Design| -> Result<Option<ComparisonRow>> {
        match &opts.cv {
            Some(c) => Ok(compare_families(
                d,
                &[(family, link)],
                (family, link),
                c.k,
                c.seed,
                opts.stream,
            )?
            .rows
            .into_iter()
            .next()),
            None => Ok(None),
        }
    };
    // Every subset, in mask order whatever the number of threads.
    let fits: Vec<std::result::Result<GlmSubset, String>> = (0..1u32 << m)
        .into_par_iter()
        .map(|mask| {
            let d = sub_design(design, candidates, mask);
            let r = (|| -> std::result::Result<GlmSubset, String> {
                crate::model::fit::check(&d).map_err(|e| e.to_string())?;
                let c =
                    glm::fit_criteria(&glm_input(&d), gfam, glink).map_err(|e| e.to_string())?;
                let cv = if likelihood {
                    None
                } else {
                    cv_of(&d).map_err(|e| e.to_string())?
                };
                Ok(GlmSubset {
                    mask,
                    chosen: names_of(mask),
                    p: d.x.ncols(),
                    criteria: c,
                    deviance_explained: f64::NAN,
                    cv,
                })
            })();
            on_subset();
            r.map_err(|e| format!("subset {{{}}}: {e}", names_of(mask).join(", ")))
        })
        .collect();
    let mut ok: Vec<GlmSubset> = Vec::new();
    let (mut failed, mut first_failure) = (0u64, None);
    for f in fits {
        match f {
            Ok(s) => ok.push(s),
            Err(e) => {
                failed += 1;
                first_failure.get_or_insert(e);
            }
        }
    }
    if ok.is_empty() {
        return Err(Error::Other(format!(
            "all-subsets search: no subset could be fitted in family {} ({})",
            family.as_str(),
            first_failure.unwrap_or_default()
        )));
    }
    // The null deviance is the same for every subset (same rows, weights,
    // offset): take it from one full fit.
    let first = sub_design(design, candidates, ok[0].mask);
    let null_deviance = fit_glm_design(family, link, &first, opts.alpha, Some(0))
        .map_err(|e| Error::Other(format!("all-subsets search: {e}")))?
        .null_deviance;
    for s in &mut ok {
        s.deviance_explained = 1.0 - s.criteria.deviance / null_deviance;
    }
    let top = |c: Criterion, v: &[GlmSubset]| -> Vec<GlmSubset> {
        let mut v = v.to_vec();
        v.sort_by(cmp_glm(c));
        v.truncate(keep);
        v
    };
    let (mut best_bic, mut best_aic, best_cv) = if likelihood {
        let mut bic = top(Criterion::Bic, &ok);
        let mut aic = top(Criterion::Aic, &ok);
        // Cross-validate the listed models (the same folds for each).
        let mut masks: Vec<u32> = bic.iter().chain(&aic).map(|s| s.mask).collect();
        masks.sort_unstable();
        masks.dedup();
        let cvs: Vec<Result<(u32, Option<ComparisonRow>)>> = masks
            .par_iter()
            .map(|&mask| Ok((mask, cv_of(&sub_design(design, candidates, mask))?)))
            .collect();
        let cvs = cvs.into_iter().collect::<Result<Vec<_>>>()?;
        for s in bic.iter_mut().chain(aic.iter_mut()) {
            s.cv = cvs
                .iter()
                .find(|(m, _)| *m == s.mask)
                .and_then(|x| x.1.clone());
        }
        let mut listed: Vec<GlmSubset> = bic.iter().chain(&aic).cloned().collect();
        listed.sort_by_key(|s| s.mask);
        listed.dedup_by_key(|s| s.mask);
        let cv = if opts.cv.is_some() {
            top(Criterion::Cv, &listed)
        } else {
            Vec::new()
        };
        (bic, aic, cv)
    } else {
        (Vec::new(), Vec::new(), top(Criterion::Cv, &ok))
    };
    best_bic.shrink_to_fit();
    best_aic.shrink_to_fit();
    let basis = if likelihood { &best_bic } else { &best_cv };
    let inclusion = (0..m)
        .map(|k| {
            basis.iter().filter(|s| s.mask & (1 << k) != 0).count() as f64
                / basis.len().max(1) as f64
        })
        .collect();
    Ok(GlmSelection {
        family,
        link,
        n,
        fixed: (0..design.x.ncols())
            .filter(|j| !candidates.contains(j))
            .map(|j| design.names[j].clone())
            .collect(),
        candidates: candidates
            .iter()
            .map(|&j| design.names[j].clone())
            .collect(),
        evaluated: ok.len() as u64,
        failed,
        first_failure,
        null_deviance,
        best_bic,
        best_aic,
        best_cv,
        inclusion,
    })
}

/// The GLM input of a design (double-double low parts added in, as
/// [`crate::model::family::fit_glm_design`] does).
fn glm_input(d: &Design) -> GlmData {
    GlmData {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweep_then_reverse_sweep_restores_the_matrix() {
        let q = 3;
        let orig = vec![4.0, 2.0, 1.0, 2.0, 3.0, 0.5, 1.0, 0.5, 2.0];
        let mut a = orig.clone();
        let mut buf = vec![0.0; q];
        sweep(&mut a, q, 0, false, &mut buf);
        // After sweeping x0: (y,y) = 2 − 1·1/4 = 1.75 (the RSS of y on x0
        // in cross-product terms); (0,0) = −1/4.
        assert!((a[8] - 1.75).abs() < 1e-15);
        assert!((a[0] + 0.25).abs() < 1e-15);
        sweep(&mut a, q, 1, false, &mut buf);
        sweep(&mut a, q, 0, true, &mut buf);
        sweep(&mut a, q, 1, true, &mut buf);
        for (x, y) in a.iter().zip(&orig) {
            assert!((x - y).abs() < 1e-14, "{a:?}");
        }
    }
}
