//! Similar areas (peers): for an area, the k areas with the most similar
//! covariate profile — Mahalanobis distance over the model's covariates — and
//! how their actual, modelled and deviation values compare; and the same for
//! every area at once (how far each area's cost sits from its peers').
//!
//! The Mahalanobis distance d(i, j) = √((xᵢ − xⱼ)ᵀ S⁻¹ (xᵢ − xⱼ)) (Mahalanobis
//! 1936) standardises each covariate by its spread and discounts covariates
//! that move together, so two correlated deprivation measures do not count
//! twice. S is the covariance of the covariates (as they enter the model,
//! after transforms) over the areas in the fit, weighted by the fit weights
//! when the model is weighted: S = Σ wᵢ (xᵢ − x̄_w)(xᵢ − x̄_w)ᵀ / Σ wᵢ; without
//! weights the usual sample covariance with n − 1.

use crate::analysis::assemble::Dictionary;
use crate::analysis::task::run_model;
use crate::data::Table;
use crate::error::{Error, InputError, Location, Result};
use crate::model::design::build_design;
use crate::results::{AreaRow, ModelResult};
use crate::spec::{suggest, CheckedSpec};

/// A fit together with the covariate values behind it: what peer search,
/// allocation and the trend views need beyond `results.json`.
#[derive(Debug, Clone)]
pub struct FitView {
    pub result: ModelResult,
    /// Covariate names as in the design (after transforms), no intercept or
    /// fixed-effect dummies.
    pub covariates: Vec<String>,
    /// One row of covariate values per area row of `result.areas`.
    pub x: Vec<Vec<f64>>,
    /// Fit weights per area row (WLS), if any.
    pub weights: Option<Vec<f64>>,
    /// Table row of each area row (for reading other columns).
    pub rows: Vec<usize>,
    /// All design column names (intercept, covariates, fixed-effect dummies).
    pub names: Vec<String>,
    /// Full design row per area row, columns as in `names`.
    pub design_x: Vec<Vec<f64>>,
}

/// Fit `spec` for `year` and keep the covariate values. For a pooled spec the
/// pooled fit is run and its rows are limited to `year` (when given).
pub fn fit_view(
    spec: &CheckedSpec,
    table: &Table,
    year: Option<i32>,
    dict: Option<&Dictionary>,
) -> Result<FitView> {
    let fit_year = if spec.spec.pooled { None } else { year };
    let result = run_model(spec, table, fit_year, dict)?;
    view_of(spec, table, result, year)
}

/// The view of a fit that has already been run (`result` from
/// [`run_model`] for this spec and table): rebuilds the design, which is
/// cheap, instead of fitting again. For a pooled result the rows are limited
/// to `year` (when given).
pub fn view_of(
    spec: &CheckedSpec,
    table: &Table,
    result: ModelResult,
    year: Option<i32>,
) -> Result<FitView> {
    let fit_year = if spec.spec.pooled { None } else { year };
    let data = build_design(spec, table, fit_year)?;
    if data.keys.len() != result.areas.len()
        || data
            .texts
            .id
            .iter()
            .zip(&result.areas)
            .any(|(id, a)| id != a.id)
    {
        return Err(Error::Other(format!(
            "model '{}': the result does not match the data it is said to come from ({} areas in the result, {} rows in the design)",
            spec.name(),
            result.areas.len(),
            data.keys.len()
        )));
    }
    let start = usize::from(spec.spec.intercept);
    let k = spec.spec.covariate_width();
    let covariates = data.design.names[start..start + k].to_vec();
    let keep: Vec<usize> = (0..data.keys.len())
        .filter(|&i| !spec.spec.pooled || year.is_none() || data.keys[i].year == year)
        .collect();
    if keep.is_empty() {
        return Err(Error::Other(format!(
            "model '{}': the pooled fit has no areas in year {}",
            spec.name(),
            year.map(|y| y.to_string()).unwrap_or_default()
        )));
    }
    let x = keep
        .iter()
        .map(|&i| (start..start + k).map(|j| data.design.x[[i, j]]).collect())
        .collect();
    let weights = data
        .design
        .weights
        .as_ref()
        .map(|w| keep.iter().map(|&i| w[i]).collect());
    let rows = keep.iter().map(|&i| data.keys[i].row).collect();
    let p = data.design.names.len();
    let design_x = keep
        .iter()
        .map(|&i| (0..p).map(|j| data.design.x[[i, j]]).collect())
        .collect();
    let mut result = result;
    if keep.len() != result.areas.len() {
        result.areas = keep.iter().map(|&i| result.areas[i].clone()).collect();
    }
    Ok(FitView {
        result,
        covariates,
        x,
        weights,
        rows,
        names: data.design.names.clone(),
        design_x,
    })
}

/// Find an area of a fit by id (exact) or name (case-insensitive). An unknown
/// area is a located error with a did-you-mean suggestion.
pub fn find_area(view: &FitView, area: &str, table: &Table) -> Result<usize> {
    let areas = &view.result.areas;
    if let Some(i) = areas.iter().position(|a| a.id == area) {
        return Ok(i);
    }
    if let Some(i) = areas
        .iter()
        .position(|a| a.name.to_lowercase() == area.to_lowercase())
    {
        return Ok(i);
    }
    let year = view
        .result
        .year
        .or_else(|| areas.first().and_then(|a| a.year));
    let when = year.map(|y| format!(", year {y}")).unwrap_or_default();
    let mut e = InputError::new(
        Location::file(&table.source).area(area),
        format!(
            "area '{area}' is not among the {} areas of model '{}'{when}",
            areas.len(),
            view.result.model.name
        ),
    );
    if let Some(x) = view
        .result
        .excluded
        .iter()
        .find(|x| x.id == area || x.name.eq_ignore_ascii_case(area))
    {
        e = e.hint(format!(
            "{} {} was left out of the fit: {}",
            x.id, x.name, x.reason
        ));
    } else {
        let cands = areas
            .iter()
            .map(|a| a.id.as_str())
            .chain(areas.iter().map(|a| a.name.as_str()));
        e = match suggest(area, cands) {
            Some(s) => e.hint(format!("did you mean '{s}'?")),
            None => e.hint(format!(
                "give an area id such as '{}' (see the areas in results.json)",
                areas.first().map(|a| a.id.as_str()).unwrap_or("?")
            )),
        };
    }
    Err(e.into())
}

/// Lower-triangular Cholesky factor of a symmetric positive definite matrix;
/// `None` when it is not (numerically) positive definite.
fn cholesky(s: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let p = s.len();
    let mut l = vec![vec![0.0; p]; p];
    for i in 0..p {
        for j in 0..=i {
            let mut sum = s[i][j];
            for k in 0..j {
                sum -= l[i][k] * l[j][k];
            }
            if i == j {
                // Relative tolerance: a variance below 1e-12 of the original is
                // a covariate without variation (or an exact linear combination).
                if sum <= 1e-12 * s[i][i].abs().max(f64::MIN_POSITIVE) {
                    return None;
                }
                l[i][i] = sum.sqrt();
            } else {
                l[i][j] = sum / l[j][j];
            }
        }
    }
    Some(l)
}

/// Covariance of the rows of `x`, weighted when `w` is given (see the module
/// documentation).
///
/// The sums run over the rows once, row by row, each entry accumulating its
/// terms in row order from −0.0 (as `Iterator::sum` does): the same
/// additions in the same order as a sum per entry, so the same bits, but one
/// pass over memory instead of one per entry (p(p+1)/2 passes over 30 000
/// rows of 20 covariates missed the cache on every row).
pub fn covariance(x: &[Vec<f64>], w: Option<&[f64]>) -> Vec<Vec<f64>> {
    let n = x.len();
    let p = x.first().map_or(0, Vec::len);
    let wt = |i: usize| w.map_or(1.0, |w| w[i]);
    let sw: f64 = (0..n).map(wt).sum();
    let mut mean = vec![-0.0; p];
    for (i, row) in x.iter().enumerate() {
        let wi = wt(i);
        for (m, v) in mean.iter_mut().zip(row) {
            *m += wi * v;
        }
    }
    for m in &mut mean {
        *m /= sw;
    }
    let denom = if w.is_some() {
        sw
    } else {
        (n as f64 - 1.0).max(1.0)
    };
    // Lower triangle, row-major: entry (a, b), b ≤ a, at a(a+1)/2 + b.
    let mut acc = vec![-0.0; p * (p + 1) / 2];
    let mut d = vec![0.0; p];
    for (i, row) in x.iter().enumerate() {
        let wi = wt(i);
        for ((dj, v), m) in d.iter_mut().zip(row).zip(&mean) {
            *dj = v - m;
        }
        let mut k = 0;
        for a in 0..p {
            let wa = wi * d[a];
            for &db in &d[..=a] {
                acc[k] += wa * db;
                k += 1;
            }
        }
    }
    let mut s = vec![vec![0.0; p]; p];
    let mut k = 0;
    for a in 0..p {
        for b in 0..=a {
            let v = acc[k] / denom;
            s[a][b] = v;
            s[b][a] = v;
            k += 1;
        }
    }
    s
}

/// Mahalanobis distances between areas, from the Cholesky factor of S.
pub struct Mahalanobis {
    l: Vec<Vec<f64>>,
}

impl Mahalanobis {
    /// From the covariates of a fit. Fails when a covariate has no variation
    /// among the areas (S singular).
    pub fn new(view: &FitView) -> Result<Mahalanobis> {
        let s = covariance(&view.x, view.weights.as_deref());
        match cholesky(&s) {
            Some(l) => Ok(Mahalanobis { l }),
            None => Err(Error::Other(format!(
                "model '{}': the covariates ({}) have no variation, or one is a linear combination of the others, among the {} areas: similarity is undefined\n  hint: use a spec whose covariates vary across the areas",
                view.result.model.name,
                view.covariates.join(", "),
                view.x.len()
            ))),
        }
    }

    /// d(a, b) = ‖L⁻¹(a − b)‖ by forward substitution.
    pub fn distance(&self, a: &[f64], b: &[f64]) -> f64 {
        self.distance_in(a, b, &mut vec![0.0; self.l.len()])
    }

    /// [`Mahalanobis::distance`] with the caller's workspace `z` (p values):
    /// a peer search measures every area, without an allocation each.
    fn distance_in(&self, a: &[f64], b: &[f64], z: &mut [f64]) -> f64 {
        let p = self.l.len();
        let mut ss = 0.0;
        for i in 0..p {
            let mut v = a[i] - b[i];
            for k in 0..i {
                v -= self.l[i][k] * z[k];
            }
            z[i] = v / self.l[i][i];
            ss += z[i] * z[i];
        }
        ss.sqrt()
    }
}

/// Options for peer search.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerOptions {
    /// Number of peers.
    pub k: usize,
    /// Only peers in other groups (cities / counties) than the area's own.
    pub other_groups: bool,
}

pub use contract::views::{PeerRow, PeerSummary};

fn peer_row(a: &AreaRow, role: &str, rank: usize, distance: f64) -> PeerRow {
    PeerRow {
        role: role.into(),
        rank,
        id: a.id.clone(),
        name: a.name.clone(),
        group: a.group.clone(),
        distance,
        actual: a.actual,
        modelled: a.modelled,
        deviation: a.residual,
        deviation_pct: a.deviation_pct,
        flags: a.flags.clone(),
    }
}

/// Candidate peers of area `i`, nearest first (ties by id).
fn nearest(
    view: &FitView,
    m: &Mahalanobis,
    i: usize,
    opts: &PeerOptions,
) -> Result<Vec<(usize, f64)>> {
    let areas = &view.result.areas;
    let mut z = vec![0.0; m.l.len()];
    let mut cand: Vec<(usize, f64)> = (0..areas.len())
        .filter(|&j| j != i && (!opts.other_groups || areas[j].group != areas[i].group))
        .map(|j| (j, m.distance_in(&view.x[i], &view.x[j], &mut z)))
        .collect();
    if opts.k == 0 {
        return Err(Error::Other(
            "--k 0: ask for at least one similar area".into(),
        ));
    }
    if opts.k > cand.len() {
        let scope = if opts.other_groups {
            format!(" in other groups than {}", areas[i].group)
        } else {
            String::new()
        };
        return Err(Error::Other(format!(
            "--k {}: area {} has only {} other areas{scope} in model '{}'\n  hint: use --k {} or less",
            opts.k,
            areas[i].id,
            cand.len(),
            view.result.model.name,
            cand.len()
        )));
    }
    // Nearest first, ties by id, then by position (what a stable sort on
    // distance and id keeps): a total order, so selecting the k first and
    // sorting only those gives the full sort's first k, in O(n) rather than
    // O(n log n) per area.
    let order = |a: &(usize, f64), b: &(usize, f64)| {
        a.1.total_cmp(&b.1)
            .then_with(|| areas[a.0].id.cmp(&areas[b.0].id))
            .then(a.0.cmp(&b.0))
    };
    if opts.k < cand.len() {
        cand.select_nth_unstable_by(opts.k, order);
        cand.truncate(opts.k);
    }
    cand.sort_by(order);
    Ok(cand)
}

/// The area `area` (id or name) and its k most similar areas.
pub fn peers_of(
    view: &FitView,
    table: &Table,
    area: &str,
    opts: &PeerOptions,
) -> Result<Vec<PeerRow>> {
    peers_of_with(view, table, area, opts, &mut None)
}

/// [`peers_of`] with the distance of the view kept in `m` between calls: the
/// covariance is computed for the first area asked for and serves the next
/// ones of the same view.
pub fn peers_of_with(
    view: &FitView,
    table: &Table,
    area: &str,
    opts: &PeerOptions,
    m: &mut Option<Mahalanobis>,
) -> Result<Vec<PeerRow>> {
    let i = find_area(view, area, table)?;
    let m = match m {
        Some(m) => m,
        None => m.insert(Mahalanobis::new(view)?),
    };
    let areas = &view.result.areas;
    let mut out = vec![peer_row(&areas[i], "area", 0, 0.0)];
    for (rank, (j, d)) in nearest(view, m, i, opts)?.into_iter().enumerate() {
        out.push(peer_row(&areas[j], "peer", rank + 1, d));
    }
    Ok(out)
}

/// For every area of the fit, its k nearest peers and its gap to them, in the
/// order of the fit's areas.
pub fn peer_table(view: &FitView, opts: &PeerOptions) -> Result<Vec<PeerSummary>> {
    let m = Mahalanobis::new(view)?;
    let areas = &view.result.areas;
    let mut out = Vec::with_capacity(areas.len());
    for i in 0..areas.len() {
        let near = nearest(view, &m, i, opts)?;
        let kf = near.len() as f64;
        let peer_mean_actual = near.iter().map(|(j, _)| areas[*j].actual).sum::<f64>() / kf;
        let gap = areas[i].actual - peer_mean_actual;
        out.push(PeerSummary {
            id: areas[i].id.clone(),
            name: areas[i].name.clone(),
            group: areas[i].group.clone(),
            actual: areas[i].actual,
            modelled: areas[i].modelled,
            deviation_pct: areas[i].deviation_pct,
            peers: near.iter().map(|(j, _)| areas[*j].id.clone()).collect(),
            mean_distance: near.iter().map(|(_, d)| d).sum::<f64>() / kf,
            peer_mean_actual,
            gap,
            gap_pct: (peer_mean_actual > 0.0).then(|| 100.0 * gap / peer_mean_actual),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mahalanobis_matches_hand_computation() {
        // Unweighted, two uncorrelated covariates with variances 1 and 4
        // (x = (±1, 0), (0, ±2) around 0; sample covariance with n − 1 = 3 is
        // diag(2/3, 8/3)). d((0,0), (1,0)) = 1/√(2/3).
        let x = vec![
            vec![1.0, 0.0],
            vec![-1.0, 0.0],
            vec![0.0, 2.0],
            vec![0.0, -2.0],
        ];
        let s = covariance(&x, None);
        assert!((s[0][0] - 2.0 / 3.0).abs() < 1e-15);
        assert!((s[1][1] - 8.0 / 3.0).abs() < 1e-15);
        assert_eq!(s[0][1], 0.0);
        let m = Mahalanobis {
            l: cholesky(&s).unwrap(),
        };
        let d = m.distance(&[0.0, 0.0], &[1.0, 0.0]);
        assert!((d - (1.5f64).sqrt()).abs() < 1e-14, "{d}");
        // The second axis is twice as spread: 2 units there = 1 unit on the first.
        let d2 = m.distance(&[0.0, 0.0], &[0.0, 2.0]);
        assert!((d2 - d).abs() < 1e-14);
        // Correlated covariates: the distance along the correlation is smaller
        // than across it, for the same Euclidean step.
        let s = vec![vec![1.0, 0.9], vec![0.9, 1.0]];
        let m = Mahalanobis {
            l: cholesky(&s).unwrap(),
        };
        assert!(m.distance(&[0.0, 0.0], &[1.0, 1.0]) < m.distance(&[0.0, 0.0], &[1.0, -1.0]));
        // Exact value: (1,1) S⁻¹ (1,1)ᵀ = 2/(1+0.9).
        assert!((m.distance(&[0.0, 0.0], &[1.0, 1.0]) - (2.0f64 / 1.9).sqrt()).abs() < 1e-14);
        assert!(cholesky(&[vec![1.0, 1.0], vec![1.0, 1.0]]).is_none());
    }

    #[test]
    fn weighted_covariance_uses_weights() {
        let x = vec![vec![0.0], vec![10.0]];
        // Weights 3:1 → mean 2.5, variance (3·6.25 + 1·56.25)/4 = 18.75.
        let s = covariance(&x, Some(&[3.0, 1.0]));
        assert!((s[0][0] - 18.75).abs() < 1e-12);
    }
}
