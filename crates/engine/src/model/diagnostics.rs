//! Per-area regression diagnostics in closed form from the QR factors — no
//! refitting n times.
//!
//! With hᵢ the hat value (squared row norm of Q), eᵢ the whitened residual,
//! σ̂² = RSS/(n−p) and σ̂₍ᵢ₎² = (RSS − eᵢ²/(1−hᵢ))/(n−p−1) (the fit without area i):
//!
//! | measure | formula | reference |
//! |---|---|---|
//! | internally studentized | rᵢ = eᵢ / (σ̂√(1−hᵢ)) | R `rstandard` |
//! | externally studentized | tᵢ = eᵢ / (σ̂₍ᵢ₎√(1−hᵢ)) | R `rstudent`; Belsley, Kuh & Welsch (1980) |
//! | Cook's distance | Dᵢ = rᵢ² hᵢ / (p(1−hᵢ)) | Cook (1977) |
//! | DFFITS | tᵢ √(hᵢ/(1−hᵢ)) | Belsley, Kuh & Welsch (1980) |
//! | DFBETAS | (β̂ − β̂₍ᵢ₎)ⱼ / (σ̂₍ᵢ₎ √[(XᵀWX)⁻¹]ⱼⱼ), β̂ − β̂₍ᵢ₎ = R⁻¹qᵢᵀ eᵢ/(1−hᵢ) | R `dfbetas` |
//! | leave-one-out modelled | ŷ₍ᵢ₎ = yᵢ − (yᵢ − ŷᵢ)/(1−hᵢ) | Sherman–Morrison |
//! | outlier p | 2·P(T_{n−p−1} > |tᵢ|), Bonferroni min(1, n·p), BH q | Cook & Weisberg (1982); Benjamini & Hochberg (1995) |
//! | prediction interval | ŷᵢ ± t_{n−p} σ̂ √((1+hᵢ)/wᵢ) | σ²/wᵢ + xᵢ'Cov(β̂)xᵢ |
//! | confidence interval of the modelled value | ŷᵢ ± t_{n−p} σ̂ √(hᵢ/wᵢ) | xᵢ'Cov(β̂)xᵢ; R `predict(interval = "confidence")` |
//! | leave-one-out interval | ŷ₍ᵢ₎ ± t_{n−p−1} σ̂₍ᵢ₎ / √(wᵢ(1−hᵢ)) | same, fit without i |
//!
//! yᵢ lies outside its leave-one-out interval exactly when |tᵢ| exceeds the
//! t_{n−p−1} critical value: the interval flag and the unadjusted outlier test
//! agree by construction.
//!
//! An area with leverage 1 (it alone determines a coefficient, e.g. the only
//! area of its group under group fixed effects) gets a note and `None` for the
//! measures that divide by 1 − hᵢ, never NaN or infinity.

use ndarray::Array2;
use rayon::prelude::*;

use crate::numerics::prob::{t_quantile, TwoSidedT};

/// Per-observation results (one per design row, in design order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ObsDiagnostics {
    pub fitted: f64,
    pub residual: f64,
    pub leverage: f64,
    pub studentized_internal: Option<f64>,
    pub studentized_external: Option<f64>,
    pub cooks_d: Option<f64>,
    pub dffits: Option<f64>,
    pub dfbetas: Vec<Option<f64>>,
    pub loo_fitted: Option<f64>,
    pub p_outlier: Option<f64>,
    pub p_bonferroni: Option<f64>,
    pub q_bh: Option<f64>,
    pub pi_low: f64,
    pub pi_high: f64,
    /// (1−α) confidence interval of the modelled value (the mean at xᵢ, not
    /// a new area): R `predict(fit, interval = "confidence")`.
    pub ci_low: f64,
    pub ci_high: f64,
    pub loo_pi_low: Option<f64>,
    pub loo_pi_high: Option<f64>,
    pub note: Option<String>,
    /// Pearson and deviance residuals (GLMs only; `None` for least squares).
    pub resid_pearson: Option<f64>,
    pub resid_deviance: Option<f64>,
}

/// 1 − hᵢ below this counts as leverage one.
pub const LEVERAGE_ONE_TOL: f64 = 1e-10;

/// What the diagnostics need from the fit.
pub struct Inputs<'a> {
    pub fitted: &'a [f64],
    pub residual: &'a [f64],
    pub y: &'a [f64],
    /// Whitened residuals √wᵢ·(yᵢ − ŷᵢ).
    pub e_w: &'a [f64],
    pub leverage: &'a [f64],
    pub weights: Option<&'a [f64]>,
    /// zᵢ = R⁻¹qᵢᵀ per row (n×p, scaled coordinates): row i of X(XᵀX)⁻¹.
    pub z: &'a Array2<f64>,
    /// R⁻¹ of the scaled whitened design (p×p).
    pub rinv: &'a Array2<f64>,
    pub rss: f64,
    pub p: usize,
    pub alpha: f64,
}

/// From this many rows on, the per-area diagnostics run in parallel.
const PARALLEL_MIN_ROWS: usize = 2048;

/// The note an area with leverage 1 carries.
pub const LEVERAGE_ONE_NOTE: &str = "leverage 1: this area alone determines at least one coefficient (for example the only area of its group under fixed effects); leave-one-out values, studentized residuals and outlier tests are undefined for it";

/// Compute every per-area diagnostic.
pub fn observations(inp: &Inputs) -> Vec<ObsDiagnostics> {
    let n = inp.fitted.len();
    let p = inp.p;
    let df = (n - p) as f64;
    let sigma2 = inp.rss / df;
    let sigma = sigma2.sqrt();
    let q = 1.0 - inp.alpha / 2.0;
    let tcrit = t_quantile(q, df).unwrap_or(f64::NAN);
    let t_out = (n > p + 1).then_some(df - 1.0);
    let tcrit_out = t_out.and_then(|d| t_quantile(q, d));
    // The outlier test's t distribution, its ln Γ part computed once.
    let tail_out = t_out.and_then(TwoSidedT::new);
    // √[(XᵀWX)⁻¹]ⱼⱼ in scaled coordinates (the scaling cancels in DFBETAS).
    let xtx_diag_sqrt: Vec<f64> = (0..p)
        .map(|j| inp.rinv.row(j).iter().map(|v| v * v).sum::<f64>().sqrt())
        .collect();

    let one = |i: usize| {
        let h = inp.leverage[i];
        let w = inp.weights.map_or(1.0, |w| w[i]);
        let e = inp.e_w[i];
        let fitted = inp.fitted[i];
        let half = tcrit * sigma * ((1.0 + h) / w).sqrt();
        // se_fit² = xᵢ'Cov(β̂)xᵢ = σ̂²·hᵢ/wᵢ with the whitened hat value.
        let ci_half = tcrit * sigma * (h / w).sqrt();
        let mut d = ObsDiagnostics {
            fitted,
            residual: inp.residual[i],
            leverage: h,
            pi_low: fitted - half,
            pi_high: fitted + half,
            ci_low: fitted - ci_half,
            ci_high: fitted + ci_half,
            dfbetas: vec![None; p],
            ..Default::default()
        };
        let one_minus_h = 1.0 - h;
        if one_minus_h < LEVERAGE_ONE_TOL {
            d.note = Some(LEVERAGE_ONE_NOTE.to_string());
            return d;
        }
        let r = e / (sigma * one_minus_h.sqrt());
        d.studentized_internal = Some(r);
        d.cooks_d = Some(r * r * h / (p as f64 * one_minus_h));
        d.loo_fitted = Some(inp.y[i] - inp.residual[i] / one_minus_h);
        if let Some(tc) = tcrit_out {
            let s2_i = (inp.rss - e * e / one_minus_h) / (df - 1.0);
            if s2_i > 0.0 {
                let s_i = s2_i.sqrt();
                let t = e / (s_i * one_minus_h.sqrt());
                d.studentized_external = Some(t);
                d.dffits = Some(t * (h / one_minus_h).sqrt());
                d.p_outlier = tail_out.and_then(|tail| tail.p(t));
                let loo = d.loo_fitted.unwrap_or(fitted);
                let half = tc * s_i / (w * one_minus_h).sqrt();
                d.loo_pi_low = Some(loo - half);
                d.loo_pi_high = Some(loo + half);
                // β̂ − β̂₍ᵢ₎ = zᵢ eᵢ/(1−hᵢ) (scaled coordinates).
                for j in 0..p {
                    let delta = inp.z[[i, j]] * e / one_minus_h;
                    d.dfbetas[j] = Some(delta / (s_i * xtx_diag_sqrt[j]));
                }
            }
        }
        d
    };
    // Each area is independent: large fits use every core (the order of the
    // result does not depend on the number of threads).
    let mut out: Vec<ObsDiagnostics> = if n >= PARALLEL_MIN_ROWS {
        (0..n).into_par_iter().map(one).collect()
    } else {
        (0..n).map(one).collect()
    };

    // The corrections of [`bonferroni`] and [`benjamini_hochberg`], written
    // into the rows in place (the same arithmetic): at a million areas the
    // p-value vectors in between were ~50 MB at the peak of the fit.
    let m = out.iter().filter(|d| d.p_outlier.is_some()).count() as f64;
    let bonferroni =
        |d: &mut ObsDiagnostics| d.p_bonferroni = d.p_outlier.map(|v| (v * m).min(1.0));
    if n >= PARALLEL_MIN_ROWS {
        out.par_iter_mut().for_each(bonferroni);
    } else {
        out.iter_mut().for_each(bonferroni);
    }
    benjamini_hochberg_by(&mut out, |d| d.p_outlier, |d, q| d.q_bh = Some(q));
    out
}

/// Bonferroni: min(1, m·p) over the m available p-values.
pub fn bonferroni(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let m = p.iter().flatten().count() as f64;
    p.iter().map(|v| v.map(|v| (v * m).min(1.0))).collect()
}

/// Benjamini–Hochberg (1995) step-up q-values over the available p-values,
/// as R's `p.adjust(method = "BH")`: qᵢ = min_{k ≥ rank(i)} min(1, m·p₍ₖ₎/k).
pub fn benjamini_hochberg(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut out: Vec<(Option<f64>, Option<f64>)> = p.iter().map(|&v| (v, None)).collect();
    benjamini_hochberg_by(&mut out, |r| r.0, |r, q| r.1 = Some(q));
    out.into_iter().map(|r| r.1).collect()
}

/// [`benjamini_hochberg`] over rows holding their p-value (`get`), each
/// row's q-value handed to `set`; rows without a p-value are left alone.
fn benjamini_hochberg_by<T: Sync>(
    rows: &mut [T],
    get: impl Fn(&T) -> Option<f64> + Sync,
    set: impl Fn(&mut T, f64),
) {
    let mut idx: Vec<(usize, f64)> = if rows.len() >= PARALLEL_MIN_ROWS {
        rows.par_iter()
            .enumerate()
            .filter_map(|(i, r)| get(r).map(|v| (i, v)))
            .collect()
    } else {
        rows.iter()
            .enumerate()
            .filter_map(|(i, r)| get(r).map(|v| (i, v)))
            .collect()
    };
    let m = idx.len() as f64;
    // Sort descending by p; ties keep their index order for determinism
    // (the index makes the order total, so an unstable sort gives the one
    // order there is, and faster).
    // The order is total, so the parallel sort gives it too (a million
    // p-values: one core sorted them in ≈ 80 ms, between parallel passes).
    let by_p = |a: &(usize, f64), b: &(usize, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if idx.len() >= PARALLEL_MIN_ROWS {
        idx.par_sort_unstable_by(by_p);
    } else {
        idx.sort_unstable_by(by_p);
    }
    let mut running = 1.0f64;
    for (pos, &(i, v)) in idx.iter().enumerate() {
        let rank = m - pos as f64; // 1-based rank in ascending order
        running = running.min((v * m / rank).min(1.0));
        set(&mut rows[i], running);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bh_matches_r_p_adjust() {
        // R 4.x: p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.5), "BH")
        //   = 0.025 0.050 0.050 0.025 0.500 (hand-checked: m = 5).
        let p = [Some(0.01), Some(0.04), Some(0.03), Some(0.005), Some(0.5)];
        let q: Vec<f64> = benjamini_hochberg(&p)
            .into_iter()
            .map(|v| v.unwrap())
            .collect();
        let want = [0.025, 0.05, 0.05, 0.025, 0.5];
        for (a, b) in q.iter().zip(want) {
            assert!((a - b).abs() < 1e-15, "{q:?}");
        }
    }

    /// Above the parallel threshold, with ties and missing values: the
    /// q-values of a plain sequential step-up over a stable sort.
    #[test]
    fn bh_on_many_tied_p_values_is_the_sequential_step_up() {
        let mut seed = 99u64;
        let p: Vec<Option<f64>> = (0..3 * PARALLEL_MIN_ROWS + 17)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                match (seed >> 33) % 50 {
                    0 => None,
                    k => Some(k as f64 / 50.0),
                }
            })
            .collect();
        let mut order: Vec<usize> = (0..p.len()).filter(|&i| p[i].is_some()).collect();
        order.sort_by(|&a, &b| p[b].unwrap().total_cmp(&p[a].unwrap()));
        let m = order.len() as f64;
        let mut want = vec![None; p.len()];
        let mut running = 1.0f64;
        for (pos, &i) in order.iter().enumerate() {
            let rank = m - pos as f64;
            running = running.min((p[i].unwrap() * m / rank).min(1.0));
            want[i] = Some(running);
        }
        let got = benjamini_hochberg(&p);
        assert!(
            got.iter()
                .zip(&want)
                .all(|(a, b)| a.map(f64::to_bits) == b.map(f64::to_bits)),
            "q-values differ"
        );
    }

    #[test]
    fn corrections_skip_missing_values() {
        let p = [Some(0.01), None, Some(0.2)];
        assert_eq!(bonferroni(&p), vec![Some(0.02), None, Some(0.4)]);
        let q = benjamini_hochberg(&p);
        assert_eq!(q[1], None);
        assert!((q[0].unwrap() - 0.02).abs() < 1e-15);
        assert!((q[2].unwrap() - 0.2).abs() < 1e-15);
    }
}
