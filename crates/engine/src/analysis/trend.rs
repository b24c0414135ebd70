//! Areas over years: each area's deviation year by year, persistent outliers
//! separated from one-year blips, and the change decomposition between two
//! years (how much of a change in cost the change in population structure
//! explains).
//!
//! **Flagged in a year** means the actual value lies outside the (1−α)
//! leave-one-out prediction interval of that year's fit (`above_interval` /
//! `below_interval`, see `flags.rs`). An area is **persistent** when it is
//! flagged in at least k of the last m years of the range, a **blip** when it
//! is flagged in exactly one of them (and k > 1), **occasional** in between.
//!
//! An area is also **persistent** when it lies on the same side of its
//! modelled value in every year of the window and the years together say so:
//! the Stouffer combination z = Σ zᵧ/√m of its externally studentized
//! residuals (each converted to a standard normal score through its t
//! distribution, df = n − p − 1; for OLS/WLS the externally studentized
//! residual is the standardised distance from the leave-one-out prediction)
//! exceeds the two-sided Bonferroni bound over the areas, Φ⁻¹(1 − α/(2N)).
//! The yearly test alone misses a steady shift at an area of high leverage:
//! the synthetic example plants +6 noise standard deviations at district G05
//! in every year, but G05 is the most extreme district in every covariate
//! (leverage ≈ 0.35), so its leave-one-out value is an extrapolation that
//! errs upward by ~500 kr/inv, and its leave-one-out σ still holds the other
//! planted district (S04, −6 sd) and the cities' level differences the
//! common model leaves out; it falls outside its yearly interval in 2 of 5
//! years (t ≈ 1.4–2.1), yet is above its modelled value in all of them
//! (Stouffer z ≈ 5.0 against a bound of 3.2).
//!
//! **Change decomposition** from year 1 to year 2, exact for every area:
//!
//! ```text
//! Δactual = structure + model_change + Δdeviation
//! ```
//!
//! Two conventions (`Convention`):
//! - `own` (default): each year's own fit, so the deviations are those of the
//!   yearly reports. Δmodelled = β₂ᵀx₂ − β₁ᵀx₁ is split symmetrically (the
//!   two-factor Shapley / Oaxaca–Blinder split with averaged weights):
//!   structure = β̄ᵀΔx over the covariates, β̄ = (β₁+β₂)/2 — the change in
//!   covariates valued at the average coefficients; model_change = Δβᵀx̄ over
//!   all columns (intercept and fixed effects included), x̄ = (x₁+x₂)/2 — what
//!   the changed coefficients and the changed level add.
//! - `common`: one pooled fit over the two years with a year fixed effect, so
//!   structure is measured with fixed coefficients: structure = β̂ᵀΔx,
//!   model_change = γ₂ − γ₁ (the change of the year effect, the same for every
//!   area), and Δdeviation is the change in the residual of the common fit.
//!
//! **Log link** (every family but the linear one): the modelled value is
//! μ = exp(η), η = x'β + offset, so the model's change is multiplicative:
//! μ₂/μ₁ = exp(Δη) = F_structure · F_model with ln F_structure = β̄ᵀΔx over
//! the covariates plus the change of the offset (`own`; β̂ᵀΔx for `common`)
//! and ln F_model = Δη − ln F_structure (the changed coefficients and level).
//! The factors are turned into kronor with the logarithmic mean
//! L(μ₁, μ₂) = (μ₂ − μ₁)/ln(μ₂/μ₁) (L(μ, μ) = μ; the LMDI-I decomposition,
//! Ang 2004, *Energy Policy* 32(9)): structure = L·ln F_structure,
//! model_change = L·ln F_model. Their sum is L·ln(μ₂/μ₁) = μ₂ − μ₁ exactly,
//! so Δactual = structure + model_change + Δdeviation holds exactly as for
//! the linear model, with Δdeviation the change of actual − μ. The factors
//! themselves are exp(structure/L) and exp(model_change/L).

use std::collections::BTreeMap;

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use crate::analysis::assemble::Dictionary;
use crate::analysis::compare::{fit_view, FitView};
use crate::analysis::flags::Flag;
use crate::data::Table;
use crate::error::{Error, Result};
use crate::results::ModelResult;
use crate::spec::{CheckedSpec, FixedEffect};

pub use contract::views::{
    AreaStatus, AreaTrend, ChangeRow, Convention, Decomposition, Direction, TrendPoint,
    TrendStatus, Unmatched,
};

/// Persistence rule: flagged in at least `min_flagged` of the last `window` years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrendOptions {
    pub min_flagged: usize,
    pub window: usize,
}

/// Each area's deviation over the years of `results` (one result per year,
/// any order), with its persistence status. Areas in the order of first
/// appearance by year, then id.
pub fn area_trends(results: &[ModelResult], opts: TrendOptions) -> Result<Vec<AreaTrend>> {
    let mut by_year: Vec<(i32, &ModelResult)> = Vec::new();
    for r in results {
        let y = r
            .year
            .or_else(|| r.areas.first().and_then(|a| a.year))
            .ok_or_else(|| Error::Other("a result without a year cannot enter a trend".into()))?;
        by_year.push((y, r));
    }
    by_year.sort_by_key(|(y, _)| *y);
    let years: Vec<i32> = by_year.iter().map(|(y, _)| *y).collect();
    if opts.min_flagged == 0 || opts.window == 0 {
        return Err(Error::Other(
            "--min-flagged and --window must be at least 1".into(),
        ));
    }
    if opts.min_flagged > opts.window {
        return Err(Error::Other(format!(
            "--min-flagged {} is more than --window {}: an area cannot be flagged in more years than the window has",
            opts.min_flagged, opts.window
        )));
    }
    if opts.window > years.len() {
        return Err(Error::Other(format!(
            "--window {} but the range has only {} year(s) ({})\n  hint: widen --from/--to or use --window {}",
            opts.window,
            years.len(),
            years
                .iter()
                .map(|y| y.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            years.len()
        )));
    }
    let window_start = years[years.len() - opts.window];
    // Per area, the normal scores of its studentized residuals in the window.
    let mut scores: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let alpha = by_year
        .first()
        .map(|(_, r)| r.model.alpha)
        .filter(|a| *a > 0.0 && *a < 1.0)
        .unwrap_or(0.05);
    let mut order: Vec<String> = Vec::new();
    let mut map: BTreeMap<String, AreaTrend> = BTreeMap::new();
    for (y, r) in &by_year {
        let mut ids: Vec<&crate::results::AreaRow> = r.areas.iter().collect();
        ids.sort_by(|a, b| a.id.cmp(&b.id));
        for a in ids {
            if *y >= window_start {
                let z = a
                    .studentized_external
                    .and_then(|t| normal_score(t, r.fit.df_resid.saturating_sub(1)));
                let entry = scores.entry(a.id.clone()).or_default();
                // A year without a score (leverage 1) breaks the run: the
                // combined rule needs every year of the window.
                entry.push(z.unwrap_or(f64::NAN));
            }
            let flagged = if a.flags.contains(&Flag::AboveInterval) {
                Some(Direction::Above)
            } else if a.flags.contains(&Flag::BelowInterval) {
                Some(Direction::Below)
            } else {
                None
            };
            let entry = map.entry(a.id.clone()).or_insert_with(|| {
                order.push(a.id.clone());
                AreaTrend {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    group: a.group.clone(),
                    status: TrendStatus::None,
                    flagged_in_window: 0,
                    direction: None,
                    points: Vec::new(),
                }
            });
            entry.points.push(TrendPoint {
                year: *y,
                actual: a.actual,
                modelled: a.modelled,
                deviation: a.residual,
                deviation_pct: a.deviation_pct,
                flagged,
            });
        }
    }
    let n_areas = order.len().max(1);
    let bound = Normal::standard().inverse_cdf(1.0 - alpha / (2.0 * n_areas as f64));
    let mut out = Vec::with_capacity(order.len());
    for id in order {
        let mut t = map.remove(&id).expect("area present");
        let dirs: Vec<Direction> = t
            .points
            .iter()
            .filter(|p| p.year >= window_start)
            .filter_map(|p| p.flagged)
            .collect();
        t.flagged_in_window = dirs.len();
        t.direction = match (
            dirs.contains(&Direction::Above),
            dirs.contains(&Direction::Below),
        ) {
            (true, true) => Some(Direction::Mixed),
            (true, false) => Some(Direction::Above),
            (false, true) => Some(Direction::Below),
            _ => None,
        };
        let combined = scores
            .get(&t.id)
            .and_then(|z| steady_shift(z, opts.window, bound));
        if t.flagged_in_window < opts.min_flagged {
            if let Some(dir) = combined {
                // Persistent by the combined rule: the direction is the side
                // it stayed on, whatever its few flagged years said.
                t.direction = Some(dir);
            }
        }
        t.status = if t.flagged_in_window >= opts.min_flagged || combined.is_some() {
            TrendStatus::Persistent
        } else if t.flagged_in_window == 1 {
            TrendStatus::Blip
        } else if t.flagged_in_window > 1 {
            TrendStatus::Occasional
        } else {
            TrendStatus::None
        };
        out.push(t);
    }
    Ok(out)
}

/// The persistence of the areas of `r` by [`area_trends`] over `results`,
/// in `r`'s area order (an area of `r` missing from `results` is left out).
pub fn area_statuses(
    results: &[ModelResult],
    r: &ModelResult,
    opts: TrendOptions,
) -> Result<Vec<AreaStatus>> {
    let ts = area_trends(results, opts)?;
    let by_id: BTreeMap<&str, &AreaTrend> = ts.iter().map(|t| (t.id.as_str(), t)).collect();
    Ok(r.areas
        .iter()
        .filter_map(|a| by_id.get(a.id.as_str()).copied())
        .map(|t| AreaStatus {
            id: t.id.clone(),
            name: t.name.clone(),
            status: t.status,
            flagged_in_window: t.flagged_in_window,
            direction: t.direction,
        })
        .collect())
}

/// A model's yearly results prepared once for the persistence of each year
/// ([`Panel::statuses`]): the areas matched across the years by id and every
/// area's normal score computed once. The report asks for the persistence
/// of every year over the years up to it; [`area_trends`] on each prefix
/// computed up to five normal scores (a Student t tail each) per area and
/// year and built string maps of the areas each time, about 7 % of a
/// 10 000-area panel report's CPU.
pub struct Panel<'a> {
    /// The results, by year (ascending, no year twice).
    results: &'a [ModelResult],
    /// Per result, per area row: the area's number (its id's, across years).
    ids: Vec<Vec<u32>>,
    /// Per result, per area number: its row in that result, or `u32::MAX`.
    rows: Vec<Vec<u32>>,
    /// Per result, per area row: the normal score of the externally
    /// studentized residual (NaN where there is none), as [`area_trends`]
    /// computes it.
    z: Vec<Vec<f64>>,
    /// Per area number: (result, row) where it first appears.
    first: Vec<(u32, u32)>,
    /// Per result: the areas in it and the results before it.
    seen: Vec<usize>,
}

const ABSENT: u32 = u32::MAX;

/// The yearly flag of an area as [`area_trends`] reads it.
fn flagged_of(a: &crate::results::AreaRow) -> Option<Direction> {
    if a.flags.contains(&Flag::AboveInterval) {
        Some(Direction::Above)
    } else if a.flags.contains(&Flag::BelowInterval) {
        Some(Direction::Below)
    } else {
        None
    }
}

impl<'a> Panel<'a> {
    /// `None` where the results are not a plain yearly panel (a result
    /// without a year, years out of order or repeated, an id twice in one
    /// year): [`area_trends`] serves those.
    pub fn new(results: &'a [ModelResult]) -> Option<Panel<'a>> {
        use rayon::prelude::*;
        let years: Vec<i32> = results.iter().map(|r| r.year).collect::<Option<_>>()?;
        if years.windows(2).any(|w| w[0] >= w[1]) {
            return None;
        }
        let mut number: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        let mut first: Vec<(u32, u32)> = Vec::new();
        let mut ids = Vec::with_capacity(results.len());
        let mut seen = Vec::with_capacity(results.len());
        for (k, r) in results.iter().enumerate() {
            let mut own = Vec::with_capacity(r.areas.len());
            for (row, a) in r.areas.iter().enumerate() {
                let next = first.len() as u32;
                let n = *number.entry(a.id.as_str()).or_insert(next);
                if n == next {
                    first.push((k as u32, row as u32));
                }
                own.push(n);
            }
            ids.push(own);
            seen.push(first.len());
        }
        let mut rows = Vec::with_capacity(results.len());
        for own in &ids {
            let mut at = vec![ABSENT; first.len()];
            for (row, &n) in own.iter().enumerate() {
                if at[n as usize] != ABSENT {
                    return None;
                }
                at[n as usize] = row as u32;
            }
            rows.push(at);
        }
        let z: Vec<Vec<f64>> = results
            .par_iter()
            .map(|r| {
                let df = r.fit.df_resid.saturating_sub(1);
                r.areas
                    .iter()
                    .map(|a| {
                        a.studentized_external
                            .and_then(|t| normal_score(t, df))
                            .unwrap_or(f64::NAN)
                    })
                    .collect()
            })
            .collect();
        Some(Panel {
            results,
            ids,
            rows,
            z,
            first,
            seen,
        })
    }

    /// The persistence of each area of the result at `pos`, in its area
    /// order, over the results up to it: what [`area_trends`] of
    /// `results[..=pos]` says of those areas. `None` for options
    /// [`area_trends`] refuses.
    pub fn statuses(&self, pos: usize, opts: TrendOptions) -> Option<Vec<AreaStatus>> {
        let n_years = pos + 1;
        if opts.min_flagged == 0
            || opts.window == 0
            || opts.min_flagged > opts.window
            || opts.window > n_years
        {
            return None;
        }
        let start = n_years - opts.window;
        let alpha = Some(self.results[0].model.alpha)
            .filter(|a| *a > 0.0 && *a < 1.0)
            .unwrap_or(0.05);
        let n_areas = self.seen[pos].max(1);
        let bound = Normal::standard().inverse_cdf(1.0 - alpha / (2.0 * n_areas as f64));
        let r = &self.results[pos];
        let mut z = Vec::with_capacity(opts.window);
        let out = r
            .areas
            .iter()
            .zip(&self.ids[pos])
            .map(|(a, &n)| {
                z.clear();
                let (mut flagged, mut above, mut below) = (0usize, false, false);
                for q in start..=pos {
                    let row = self.rows[q][n as usize];
                    if row == ABSENT {
                        continue;
                    }
                    match flagged_of(&self.results[q].areas[row as usize]) {
                        Some(Direction::Above) => {
                            flagged += 1;
                            above = true;
                        }
                        Some(_) => {
                            flagged += 1;
                            below = true;
                        }
                        None => {}
                    }
                    z.push(self.z[q][row as usize]);
                }
                let mut direction = match (above, below) {
                    (true, true) => Some(Direction::Mixed),
                    (true, false) => Some(Direction::Above),
                    (false, true) => Some(Direction::Below),
                    _ => None,
                };
                let combined = steady_shift(&z, opts.window, bound);
                if flagged < opts.min_flagged {
                    if let Some(dir) = combined {
                        direction = Some(dir);
                    }
                }
                let status = if flagged >= opts.min_flagged || combined.is_some() {
                    TrendStatus::Persistent
                } else if flagged == 1 {
                    TrendStatus::Blip
                } else if flagged > 1 {
                    TrendStatus::Occasional
                } else {
                    TrendStatus::None
                };
                let (k, row) = self.first[n as usize];
                AreaStatus {
                    id: a.id.clone(),
                    name: self.results[k as usize].areas[row as usize].name.clone(),
                    status,
                    flagged_in_window: flagged,
                    direction,
                }
            })
            .collect();
        Some(out)
    }
}

/// The standard normal score with the same tail probability as `t` under
/// Student's t with `df` degrees of freedom (computed from the nearer tail,
/// so a large |t| keeps its precision).
fn normal_score(t: f64, df: usize) -> Option<f64> {
    if !t.is_finite() || df == 0 {
        return None;
    }
    let dist = StudentsT::new(0.0, 1.0, df as f64).ok()?;
    let tail = dist.cdf(-t.abs());
    let z = -Normal::standard().inverse_cdf(tail);
    z.is_finite().then_some(z.copysign(t))
}

/// `Some(Above|Below)` when every one of the window's `m` years has a
/// score, all on one side, and their Stouffer sum Σz/√m reaches `bound`.
fn steady_shift(z: &[f64], m: usize, bound: f64) -> Option<Direction> {
    if z.len() < m || m < 2 || z.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let up = z.iter().all(|v| *v > 0.0);
    let down = z.iter().all(|v| *v < 0.0);
    let stouffer = z.iter().sum::<f64>() / (z.len() as f64).sqrt();
    match (up, down) {
        (true, _) if stouffer >= bound => Some(Direction::Above),
        (_, true) if stouffer <= -bound => Some(Direction::Below),
        _ => None,
    }
}

/// The logarithmic mean L(a, b) = (b − a)/(ln b − ln a), L(a, a) = a
/// (a, b > 0); computed as a·(t − 1)/ln t with t = b/a, by its series near
/// t = 1 so that close values lose no digits.
pub fn log_mean(a: f64, b: f64) -> f64 {
    let t = b / a;
    let u = t - 1.0;
    if u.abs() < 1e-4 {
        // (t − 1)/ln t = 1 + u/2 − u²/12 + u³/24 + O(u⁴).
        a * (1.0 + u / 2.0 - u * u / 12.0 + u * u * u / 24.0)
    } else {
        a * u / t.ln()
    }
}

/// Log-link split of an area's modelled change into (structure,
/// model_change) in outcome units (see the module documentation).
/// `s_log` is the structural change of the linear predictor over the
/// covariates; the offset's change is recovered as η − x'β in each year.
fn log_split(mu1: f64, mu2: f64, s_log: f64, off_change: f64) -> (f64, f64) {
    let d_eta = mu2.ln() - mu1.ln();
    let s = s_log + off_change;
    let l = log_mean(mu1, mu2);
    (l * s, l * (d_eta - s))
}

/// η − x'β of an area (its offset): 0 without one.
fn offset_of(mu: f64, x: &BTreeMap<&str, f64>, b: &BTreeMap<&str, f64>) -> f64 {
    let xb: f64 = b
        .iter()
        .map(|(n, c)| c * x.get(n).copied().unwrap_or(0.0))
        .sum();
    mu.ln() - xb
}

fn is_log(r: &ModelResult) -> bool {
    r.model.link == contract::family::Link::Log
}

fn coef_map(r: &ModelResult) -> BTreeMap<&str, f64> {
    r.coefficients
        .iter()
        .map(|c| (c.name.as_str(), c.estimate))
        .collect()
}

/// The design row of an area as name → value.
fn row_map(v: &FitView, i: usize) -> BTreeMap<&str, f64> {
    v.names
        .iter()
        .map(String::as_str)
        .zip(v.design_x[i].iter().copied())
        .collect()
}

/// Decompose each area's change in actual from `from` to `to` (see the module
/// documentation for the conventions).
pub fn decompose(
    spec: &CheckedSpec,
    table: &Table,
    from: i32,
    to: i32,
    convention: Convention,
    dict: Option<&Dictionary>,
) -> Result<Decomposition> {
    if from >= to {
        return Err(Error::Other(format!(
            "--from {from} must be before --to {to}"
        )));
    }
    for y in [from, to] {
        if !spec.years.contains(&y) {
            return Err(Error::Other(format!(
                "year {y} is not in model '{}' (its years: {})\n  hint: choose --from/--to among the spec's sample years",
                spec.name(),
                spec.years
                    .iter()
                    .map(|y| y.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    let covariates: Vec<String>;
    // (view, index) of each area in each year, and the coefficients used.
    let mut unmatched = Vec::new();
    let mut rows = Vec::new();
    let note;
    match convention {
        Convention::Own => {
            // A pooled spec has one fit; fit_view limits it to each year.
            let v1 = fit_view(spec, table, Some(from), dict)?;
            let v2 = fit_view(spec, table, Some(to), dict)?;
            return Ok(decompose_own(spec.name(), from, to, &v1, &v2));
        }
        Convention::Common => {
            let mut s = spec.clone();
            s.spec.pooled = true;
            if !s.spec.fixed_effects.contains(&FixedEffect::Year) {
                s.spec.fixed_effects.push(FixedEffect::Year);
            }
            s.years = vec![from, to];
            let pooled = fit_view(&s, table, None, dict)?;
            covariates = pooled.covariates.clone();
            let b = coef_map(&pooled.result);
            note = format!(
                "common: one pooled fit over {from} and {to} with a year fixed effect; structure = sum over covariates of b * (x{to} - x{from}); model_change = year effect {to} - year effect {from}; deviation_change = change in the residual of the pooled fit"
            );
            // Split the pooled view into two per-year views (same fit).
            let split = |y: i32| -> FitView {
                let idx: Vec<usize> = (0..pooled.result.areas.len())
                    .filter(|&i| pooled.result.areas[i].year == Some(y))
                    .collect();
                let mut v = pooled.clone();
                v.result.areas = idx
                    .iter()
                    .map(|&i| pooled.result.areas[i].clone())
                    .collect();
                v.x = idx.iter().map(|&i| pooled.x[i].clone()).collect();
                v.design_x = idx.iter().map(|&i| pooled.design_x[i].clone()).collect();
                v.rows = idx.iter().map(|&i| pooled.rows[i]).collect();
                v.result.year = Some(y);
                v
            };
            let (v1, v2) = (split(from), split(to));
            let log = is_log(&pooled.result);
            pair_rows(&v1, &v2, &mut rows, &mut unmatched, |i, j| {
                let x1 = row_map(&v1, i);
                let x2 = row_map(&v2, j);
                let mut structure = 0.0;
                let mut model_change = 0.0;
                for (n, c) in &b {
                    let d = x2.get(n).copied().unwrap_or(0.0) - x1.get(n).copied().unwrap_or(0.0);
                    if covariates.iter().any(|cv| cv == n) {
                        structure += c * d;
                    } else {
                        model_change += c * d;
                    }
                }
                if log {
                    let (m1, m2) = (v1.result.areas[i].modelled, v2.result.areas[j].modelled);
                    let off = offset_of(m2, &x2, &b) - offset_of(m1, &x1, &b);
                    return log_split(m1, m2, structure, off);
                }
                (structure, model_change)
            });
        }
    }
    Ok(Decomposition {
        model: spec.name().to_string(),
        from,
        to,
        convention,
        rows,
        unmatched,
        note,
    })
}

/// The `own` decomposition from two per-year views that already hold each
/// year's fit (no refitting): what [`decompose`] does after fitting, and what
/// the report uses with the fits it has.
pub fn decompose_own(model: &str, from: i32, to: i32, v1: &FitView, v2: &FitView) -> Decomposition {
    let covariates = &v1.covariates;
    let b1 = coef_map(&v1.result);
    let b2 = coef_map(&v2.result);
    let note = format!(
        "own: each year's fit; structure = sum over covariates of (b{from} + b{to})/2 * (x{to} - x{from}); model_change = sum over all columns of (b{to} - b{from}) * (x{from} + x{to})/2; deviation_change = change in actual - modelled as in the yearly reports"
    );
    let names: std::collections::BTreeSet<&str> = b1.keys().chain(b2.keys()).copied().collect();
    let mut rows = Vec::new();
    let mut unmatched = Vec::new();
    let log = is_log(&v1.result) && is_log(&v2.result);
    let note = if log {
        format!("{note}; log link: structure = L * ln F_structure, model_change = L * ln F_model with ln F_structure = sum over covariates of (b{from} + b{to})/2 * (x{to} - x{from}) plus the offset change, ln F_model = change in log modelled - ln F_structure, L = logarithmic mean of the two modelled values (LMDI-I), so structure + model_change = change in modelled exactly")
    } else {
        note
    };
    // Each name's column in either design, looked up once rather than per
    // area (a name → value map per area and year was most of the views'
    // time on a large panel); the last column of a name, as a map collected
    // from the row would hold. The sums run over the same names in the same
    // order as before, so the same bits.
    let col = |v: &FitView, n: &str| v.names.iter().rposition(|m| m == n);
    let at = |v: &FitView, c: Option<usize>, i: usize| c.map_or(0.0, |c| v.design_x[i][c]);
    let coef = |b: &BTreeMap<&str, f64>, n: &str| b.get(n).copied().unwrap_or(0.0);
    if log {
        let cov: Vec<(f64, Option<usize>, Option<usize>)> = covariates
            .iter()
            .map(|n| {
                let n = n.as_str();
                (0.5 * (coef(&b1, n) + coef(&b2, n)), col(v1, n), col(v2, n))
            })
            .collect();
        let offset_cols = |v: &FitView, b: &BTreeMap<&str, f64>| -> Vec<(f64, Option<usize>)> {
            b.iter().map(|(n, c)| (*c, col(v, n))).collect()
        };
        let (o1, o2) = (offset_cols(v1, &b1), offset_cols(v2, &b2));
        let offset = |mu: f64, v: &FitView, cols: &[(f64, Option<usize>)], i: usize| {
            let xb: f64 = cols.iter().map(|&(c, k)| c * at(v, k, i)).sum();
            mu.ln() - xb
        };
        pair_rows(v1, v2, &mut rows, &mut unmatched, |i, j| {
            let s_log: f64 = cov
                .iter()
                .map(|&(c, k1, k2)| c * (at(v2, k2, j) - at(v1, k1, i)))
                .sum();
            let (m1, m2) = (v1.result.areas[i].modelled, v2.result.areas[j].modelled);
            let off = offset(m2, v2, &o2, j) - offset(m1, v1, &o1, i);
            log_split(m1, m2, s_log, off)
        });
    } else {
        // Per name: both coefficients, both columns, whether a covariate.
        type Term = (f64, f64, Option<usize>, Option<usize>, bool);
        let all: Vec<Term> = names
            .iter()
            .map(|&n| {
                (
                    coef(&b1, n),
                    coef(&b2, n),
                    col(v1, n),
                    col(v2, n),
                    covariates.iter().any(|c| c == n),
                )
            })
            .collect();
        pair_rows(v1, v2, &mut rows, &mut unmatched, |i, j| {
            let mut structure = 0.0;
            let mut model_change = 0.0;
            for &(c1, c2, k1, k2, is_cov) in &all {
                let (a, b) = (at(v1, k1, i), at(v2, k2, j));
                if is_cov {
                    structure += 0.5 * (c1 + c2) * (b - a);
                }
                model_change += (c2 - c1) * 0.5 * (a + b);
            }
            (structure, model_change)
        });
    }
    Decomposition {
        model: model.to_string(),
        from,
        to,
        convention: Convention::Own,
        rows,
        unmatched,
        note,
    }
}

/// Match the areas of two per-year views by id and fill the rows; `split`
/// gives (structure, model_change) for a pair of indices.
fn pair_rows<F>(
    v1: &FitView,
    v2: &FitView,
    rows: &mut Vec<ChangeRow>,
    unmatched: &mut Vec<Unmatched>,
    split: F,
) where
    F: Fn(usize, usize) -> (f64, f64),
{
    let (a1, a2) = (&v1.result.areas, &v2.result.areas);
    // The usual panel: both years list the same areas in the same order,
    // each once. Then area i of one year is area i of the other and every
    // area is matched — the pairs [`pair_by_id`] finds — without its two
    // ordered maps of the ids (their string comparisons were 3 % of a
    // 100 000-area panel report).
    if same_areas(a1, a2) {
        rows.reserve(a1.len());
        for (i, (a, b)) in a1.iter().zip(a2).enumerate() {
            rows.push(change_row(a, b, split(i, i)));
        }
        return;
    }
    pair_by_id(
        (a1, v1.result.year),
        (a2, v2.result.year),
        rows,
        unmatched,
        split,
    );
}

/// Whether `a1` and `a2` hold the same ids in the same order, each once.
fn same_areas(a1: &[crate::results::AreaRow], a2: &[crate::results::AreaRow]) -> bool {
    a1.len() == a2.len() && a1.iter().zip(a2).all(|(a, b)| a.id == b.id) && {
        let mut seen: std::collections::HashSet<&str> =
            std::collections::HashSet::with_capacity(a1.len());
        a1.iter().all(|a| seen.insert(a.id.as_str()))
    }
}

/// [`pair_rows`] for any two lists of areas (with their years): each area
/// of the first year with the last area of the same id in the second.
fn pair_by_id<F>(
    (a1, year1): (&[crate::results::AreaRow], Option<i32>),
    (a2, year2): (&[crate::results::AreaRow], Option<i32>),
    rows: &mut Vec<ChangeRow>,
    unmatched: &mut Vec<Unmatched>,
    split: F,
) where
    F: Fn(usize, usize) -> (f64, f64),
{
    let idx2: BTreeMap<&str, usize> = a2
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let y1 = year1.map(|y| y.to_string()).unwrap_or_default();
    let y2 = year2.map(|y| y.to_string()).unwrap_or_default();
    for (i, a) in a1.iter().enumerate() {
        let Some(&j) = idx2.get(a.id.as_str()) else {
            unmatched.push(Unmatched {
                id: a.id.clone(),
                name: a.name.clone(),
                reason: format!("not in the {y2} fit"),
                not_in_year: year2,
            });
            continue;
        };
        rows.push(change_row(a, &a2[j], split(i, j)));
    }
    let ids1: std::collections::BTreeSet<&str> = a1.iter().map(|a| a.id.as_str()).collect();
    for b in a2 {
        if !ids1.contains(b.id.as_str()) {
            unmatched.push(Unmatched {
                id: b.id.clone(),
                name: b.name.clone(),
                reason: format!("not in the {y1} fit"),
                not_in_year: year1,
            });
        }
    }
}

/// The change row of area `a` (first year) and `b` (second), with the
/// (structure, model_change) split of the change.
fn change_row(
    a: &crate::results::AreaRow,
    b: &crate::results::AreaRow,
    (structure, model_change): (f64, f64),
) -> ChangeRow {
    let change_actual = b.actual - a.actual;
    let pct = |v: f64| (a.actual > 0.0).then(|| 100.0 * v / a.actual);
    ChangeRow {
        id: a.id.clone(),
        name: a.name.clone(),
        group: a.group.clone(),
        actual_from: a.actual,
        actual_to: b.actual,
        change_actual,
        change_actual_pct: pct(change_actual),
        structure,
        model_change,
        deviation_change: b.residual - a.residual,
        structure_pct: pct(structure),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::AreaRow;

    /// Where both years list the same areas in the same order, the direct
    /// pairing of `pair_rows` gives the rows the pairing by id gives; a
    /// repeated id, another order or a missing area is not such a case.
    #[test]
    fn areas_in_the_same_order_pair_as_by_id() {
        let area = |id: &str, x: f64| AreaRow {
            id: id.into(),
            name: format!("n{id}"),
            group: "g".into(),
            actual: x,
            residual: 0.5 * x,
            ..Default::default()
        };
        let a1: Vec<AreaRow> = (0..50)
            .map(|i| area(&format!("{i:03}"), i as f64 + 1.0))
            .collect();
        let a2: Vec<AreaRow> = (0..50)
            .map(|i| area(&format!("{i:03}"), 3.0 * i as f64 - 7.0))
            .collect();
        assert!(same_areas(&a1, &a2));
        let split = |i: usize, j: usize| (i as f64 * 0.25, j as f64 - 1.5);
        let (mut direct, mut by_id) = (Vec::new(), Vec::new());
        let mut none = Vec::new();
        for (i, (a, b)) in a1.iter().zip(&a2).enumerate() {
            direct.push(change_row(a, b, split(i, i)));
        }
        pair_by_id(
            (&a1, Some(2021)),
            (&a2, Some(2022)),
            &mut by_id,
            &mut none,
            split,
        );
        assert!(none.is_empty());
        assert_eq!(format!("{direct:?}"), format!("{by_id:?}"));
        // Not the same areas: a repeated id, another order, one missing.
        let mut dup = a1.clone();
        dup[7].id = dup[3].id.clone();
        assert!(!same_areas(&dup, &dup));
        let mut swapped = a2.clone();
        swapped.swap(1, 2);
        assert!(!same_areas(&a1, &swapped));
        assert!(!same_areas(&a1, &a2[1..]));
    }

    #[test]
    fn steady_shift_needs_one_side_in_every_year_and_the_combined_bound() {
        // Bound for α = 0.05 over 34 areas: Φ⁻¹(1 − 0.05/68) = 3.1804 (R:
        // qnorm(1 - 0.05/68)).
        let bound = Normal::standard().inverse_cdf(1.0 - 0.05 / 68.0);
        assert!((bound - 3.1804).abs() < 1e-3, "{bound}");
        // Five years at z = 1.5: Stouffer 1.5·√5 = 3.354 ≥ bound.
        assert_eq!(steady_shift(&[1.5; 5], 5, bound), Some(Direction::Above));
        assert_eq!(steady_shift(&[-1.5; 5], 5, bound), Some(Direction::Below));
        // At z = 1.4: 3.130 < bound.
        assert_eq!(steady_shift(&[1.4; 5], 5, bound), None);
        // One huge year among years on both sides is a blip, not a shift.
        assert_eq!(steady_shift(&[12.0, 0.5, -0.3, 0.8, 0.2], 5, bound), None);
        // A year without a score, or fewer years than the window: no verdict.
        assert_eq!(
            steady_shift(&[3.0, 3.0, f64::NAN, 3.0, 3.0], 5, bound),
            None
        );
        assert_eq!(steady_shift(&[3.0; 4], 5, bound), None);
    }

    #[test]
    fn normal_score_matches_the_t_tail() {
        // t = 2.0 on 10 df: two-sided p = 0.07339 (R: 2*pt(-2, 10)), so
        // z = qnorm(1 - 0.07339/2) = 1.7904.
        assert!((normal_score(2.0, 10).unwrap() - 1.7904).abs() < 1e-3);
        assert!((normal_score(-2.0, 10).unwrap() + 1.7904).abs() < 1e-3);
        // Many df: t is almost normal.
        assert!((normal_score(2.5, 100_000).unwrap() - 2.5).abs() < 1e-3);
        assert_eq!(normal_score(f64::NAN, 10), None);
        assert_eq!(normal_score(1.0, 0), None);
    }

    fn result(year: i32, flags: &[(&str, &str)]) -> ModelResult {
        ModelResult {
            model: Default::default(),
            year: Some(year),
            fit: Default::default(),
            coefficients: vec![],
            areas: flags
                .iter()
                .map(|(id, f)| AreaRow {
                    id: id.to_string(),
                    name: id.to_string(),
                    flags: if f.is_empty() {
                        vec![]
                    } else {
                        vec![f.parse::<Flag>().unwrap()]
                    },
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn log_link_split_sums_to_the_modelled_change() {
        // μ from 800 to 1 000: ln ratio = 0.2231; a structural log change
        // of 0.1 and an offset change of 0.02 leave 0.1031 to the model.
        let (s, m) = log_split(800.0, 1000.0, 0.1, 0.02);
        assert!((s + m - 200.0).abs() < 1e-9, "{s} + {m}");
        let l = 200.0 / (1000f64 / 800.0).ln();
        assert!((s - l * 0.12).abs() < 1e-9);
        // Equal modelled values: L = μ, the parts cancel.
        let (s, m) = log_split(500.0, 500.0, 0.05, 0.0);
        assert!((s - 25.0).abs() < 1e-12 && (s + m).abs() < 1e-12);
        // The series branch agrees with the closed form at its edge.
        for t in [1.0 + 9.9e-5, 1.0 - 9.9e-5, 1.0 + 1.01e-4] {
            let exact = (t - 1.0) / f64::ln(t);
            assert!((log_mean(1.0, t) - exact).abs() < 1e-12, "{t}");
        }
    }

    /// The prepared panel gives every year the statuses of
    /// [`area_statuses`] over the years up to it: random panels with areas
    /// missing in some years, names that change, flags either way, scores
    /// missing, and steady shifts that only the combined rule finds.
    #[test]
    fn panel_statuses_equal_area_trends_on_every_prefix() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_f491_4f6c_dd1d)
        };
        let mut combined = 0;
        for case in 0..40 {
            let n_years = 1 + (next() % 9) as usize;
            let n_areas = 1 + (next() % 60) as usize;
            let shift: Vec<f64> = (0..n_areas)
                .map(|_| match next() % 4 {
                    0 => 2.5,
                    1 => -2.5,
                    _ => 0.0,
                })
                .collect();
            let rs: Vec<ModelResult> = (0..n_years)
                .map(|y| {
                    let mut r = result(2010 + y as i32, &[]);
                    r.model.alpha = [0.05, 0.1, 0.0, 1.5][case % 4];
                    r.fit.df_resid = (next() % 40) as usize;
                    for a in 0..n_areas {
                        if next() % 7 == 0 {
                            continue;
                        }
                        let flags = match next() % 6 {
                            0 => vec![Flag::AboveInterval],
                            1 => vec![Flag::BelowInterval],
                            2 => vec![Flag::BelowInterval, Flag::AboveInterval],
                            _ => vec![],
                        };
                        let u = (next() % 1000) as f64 / 1000.0 - 0.5;
                        r.areas.push(AreaRow {
                            id: format!("a{}", (a * 7919) % 1000),
                            name: format!("area {a} in {y}"),
                            flags,
                            studentized_external: (next() % 9 != 0)
                                .then_some(shift[a] + u)
                                .or((next() % 2 == 0).then_some(f64::INFINITY)),
                            ..Default::default()
                        });
                    }
                    // Not in id order.
                    r.areas.reverse();
                    r
                })
                .collect();
            let panel = Panel::new(&rs).expect("a yearly panel");
            for pos in 0..n_years {
                for window in 0..=n_years + 1 {
                    for min_flagged in 0..=window + 1 {
                        let opts = TrendOptions {
                            min_flagged,
                            window,
                        };
                        let want = area_statuses(&rs[..=pos], &rs[pos], opts).ok();
                        let got = panel.statuses(pos, opts);
                        assert_eq!(got, want, "case {case}, year {pos}, {opts:?}");
                        combined += got
                            .iter()
                            .flatten()
                            .filter(|s| {
                                s.status == TrendStatus::Persistent
                                    && s.flagged_in_window < min_flagged
                            })
                            .count();
                    }
                }
            }
        }
        assert!(combined > 0, "no status by the combined rule");
        // Not a plain panel: a year twice, an id twice in a year.
        let a = result(2020, &[("x", ""), ("y", "")]);
        assert!(Panel::new(&[a.clone(), a.clone()]).is_none());
        assert!(Panel::new(&[result(2020, &[("x", ""), ("x", "")])]).is_none());
        assert!(Panel::new(&[a]).is_some());
    }

    #[test]
    fn persistence_counts_only_the_window() {
        let a = Flag::AboveInterval.as_str();
        let b = Flag::BelowInterval.as_str();
        let rs = vec![
            result(2018, &[("p", ""), ("q", a), ("r", "")]),
            result(2019, &[("p", a), ("q", a), ("r", "")]),
            result(2020, &[("p", a), ("q", ""), ("r", b)]),
            result(2021, &[("p", a), ("q", ""), ("r", "")]),
        ];
        let t = area_trends(
            &rs,
            TrendOptions {
                min_flagged: 2,
                window: 3,
            },
        )
        .unwrap();
        let st: Vec<(&str, &str, usize)> = t
            .iter()
            .map(|t| (t.id.as_str(), t.status.as_str(), t.flagged_in_window))
            .collect();
        // q was flagged in 2018 and 2019, but only 2019 is in the window 2019–2021.
        assert_eq!(
            st,
            [("p", "persistent", 3), ("q", "blip", 1), ("r", "blip", 1)]
        );
        assert_eq!(t[2].direction, Some(Direction::Below));
        assert!(area_trends(
            &rs,
            TrendOptions {
                min_flagged: 3,
                window: 2
            }
        )
        .is_err());
        assert!(area_trends(
            &rs,
            TrendOptions {
                min_flagged: 1,
                window: 5
            }
        )
        .is_err());
    }
}
