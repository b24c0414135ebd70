//! The cross-city views of one model for its reports: how persistent each
//! area's deviation is over the years, the change decomposition from the
//! model's first year, and each focus area's most similar areas in other
//! groups (cities, counties) — computed from the fits the report has already
//! run (the design is rebuilt, which is cheap; nothing is fitted again) — and
//! the charts that go with them, in the report's language.
//!
//! For the report of year Y, every view looks only at years up to Y, so an
//! older report does not change meaning when later years are added:
//! persistence uses the last `min(5, years ≤ Y)` years (persistent = flagged
//! in at least `min(3, window)` of them, as `modellvarde trend`), and the
//! decomposition runs from the model's first year to Y (`own` convention, see
//! `trend.rs`).
//!
//! Needs-based allocation (`allocate`) is deliberately not a report view: with
//! population weights and an intercept (or city effects), the weighted
//! residuals sum to zero, so the actual money of the areas redistributed by
//! modelled need gives each area exactly its modelled need, and the difference
//! is minus the deviation in kronor already in the ranking table; a notional
//! budget of any other size only rescales the shares. `modellvarde allocate`
//! serves real budgets and other bases (e.g. counts of a priority group).

use serde::{Deserialize, Serialize};

use crate::chart::{bars_svg, scatter_svg, scatter_svg_sized, BarSeries, Mark, Point};
use crate::compare::{peers_of, view_of, FitView, PeerOptions, PeerRow};
use crate::data::Table;
use crate::error::Result;
use crate::flags::{ABOVE_INTERVAL, BELOW_INTERVAL};
use crate::lang::Lang;
use crate::reference::ReferenceComparison;
use crate::report::{Extras, BIG_CITIES};
use crate::results::{AreaRow, ModelResult};
use crate::spec::CheckedSpec;
use crate::trend::{area_trends, decompose_own, Decomposition, TrendOptions};

/// Years the persistence rule looks back over, at most (as `trend --window`).
pub const WINDOW: usize = 5;
/// Flagged years within the window that make an area persistent, at most.
pub const MIN_FLAGGED: usize = 3;
/// Similar areas shown per focus area.
pub const PEERS_K: usize = 5;
/// Focus areas (big cities, else the most flagged areas).
pub const FOCUS_AREAS: usize = 3;
/// Areas with the largest change in deviation shown beside the big cities.
pub const DECOMPOSITION_TOP: usize = 5;

/// The cross-city views of one result (`results.json` field `cross_city`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct CrossCity {
    /// Persistence of each area's flag over the years up to this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trend: Option<Persistence>,
    /// Change from the model's first year to this one: change in actual =
    /// structure + model + deviation, every area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_decomposition: Option<Decomposition>,
    /// The focus areas and their most similar areas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peers: Option<Peers>,
    /// Views that could not be computed, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl CrossCity {
    pub fn is_empty(&self) -> bool {
        self.trend.is_none()
            && self.change_decomposition.is_none()
            && self.peers.is_none()
            && self.notes.is_empty()
    }
}

/// Persistence over the years up to the result's year.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Persistence {
    /// The years looked at (the model's years up to this one).
    pub years: Vec<i32>,
    /// The last `window` years count …
    pub window: usize,
    /// … and an area flagged in at least `min_flagged` of them is persistent.
    pub min_flagged: usize,
    /// One row per area of this year's fit, in the fit's order.
    pub areas: Vec<AreaStatus>,
}

/// One area's persistence status.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AreaStatus {
    pub id: String,
    pub name: String,
    /// `persistent`, `occasional`, `blip` or `none` (see `trend.rs`).
    pub status: String,
    /// Years flagged (outside the leave-one-out interval) in the window.
    pub flagged_in_window: usize,
    /// `above`, `below` or `mixed` over those years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
}

/// Similar areas of the focus areas.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Peers {
    /// `big_cities` (Stockholm, Göteborg, Malmö) or `most_flagged` (areas
    /// outside their interval, largest deviation in the outcome's unit first).
    pub focus: String,
    pub k: usize,
    /// Covariates the Mahalanobis distance is taken over.
    pub covariates: Vec<String>,
    pub areas: Vec<PeerSet>,
}

/// One focus area (first row, rank 0) and its peers, nearest first.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PeerSet {
    /// Peers only from other groups than the area's own (false when the other
    /// groups have fewer than k areas).
    pub other_groups: bool,
    pub rows: Vec<PeerRow>,
}

/// The areas the views focus on: the big cities present, else up to
/// [`FOCUS_AREAS`] areas outside their interval (largest |deviation| in the
/// outcome's unit first), else the largest |deviation|. Returns indices into
/// `r.areas` and whether they are the big cities.
pub fn focus_areas(r: &ModelResult) -> (Vec<usize>, bool) {
    let cities: Vec<usize> = BIG_CITIES
        .iter()
        .filter_map(|c| r.areas.iter().position(|a| a.id == *c))
        .collect();
    if !cities.is_empty() {
        return (cities, true);
    }
    let flagged = |a: &AreaRow| {
        a.flags
            .iter()
            .any(|f| f == ABOVE_INTERVAL || f == BELOW_INTERVAL)
    };
    let mut idx: Vec<usize> = (0..r.areas.len()).collect();
    idx.sort_by(|&i, &j| {
        let (a, b) = (&r.areas[i], &r.areas[j]);
        flagged(b)
            .cmp(&flagged(a))
            .then(b.residual.abs().total_cmp(&a.residual.abs()))
            .then_with(|| a.id.cmp(&b.id))
    });
    idx.truncate(FOCUS_AREAS);
    (idx, false)
}

/// The rows of a decomposition a report shows: the big cities present, then
/// the [`DECOMPOSITION_TOP`] largest |change in deviation| (ties by id).
/// Returns row indices and how many of them are big cities.
pub fn decomposition_focus(d: &Decomposition) -> (Vec<usize>, usize) {
    let mut out: Vec<usize> = BIG_CITIES
        .iter()
        .filter_map(|c| d.rows.iter().position(|r| r.id == *c))
        .collect();
    let n_cities = out.len();
    let mut rest: Vec<usize> = (0..d.rows.len()).filter(|i| !out.contains(i)).collect();
    rest.sort_by(|&i, &j| {
        let (a, b) = (&d.rows[i], &d.rows[j]);
        b.deviation_change
            .abs()
            .total_cmp(&a.deviation_change.abs())
            .then_with(|| a.id.cmp(&b.id))
    });
    out.extend(rest.into_iter().take(DECOMPOSITION_TOP));
    (out, n_cities)
}

/// The cross-city views of every result of one model (one per result, same
/// order). `results` are the model's fits as `runner::run_model` made them
/// from `spec` and `table`. A pooled result gets no views (its areas repeat
/// over years). A view that cannot be computed leaves a note, not an error.
pub fn cross_city(spec: &CheckedSpec, table: &Table, results: &[ModelResult]) -> Vec<CrossCity> {
    let mut out = vec![CrossCity::default(); results.len()];
    // Per-year views (design rebuilt beside each fit), in year order.
    let mut order: Vec<usize> = (0..results.len())
        .filter(|&i| results[i].year.is_some())
        .collect();
    order.sort_by_key(|&i| results[i].year);
    let mut views: Vec<Option<FitView>> = vec![None; results.len()];
    for &i in &order {
        match view_of(spec, table, results[i].clone(), results[i].year) {
            Ok(v) => views[i] = Some(v),
            Err(e) => out[i]
                .notes
                .push(format!("covariate values could not be rebuilt: {e}")),
        }
    }
    let first = order.first().copied();
    // The yearly results in year order, as one slice (cloned only when the
    // caller's order is not already by year), so each year's persistence is a
    // prefix of it.
    let sorted_copy: Vec<ModelResult>;
    let by_year: &[ModelResult] = if order.iter().copied().eq(0..results.len()) {
        results
    } else {
        sorted_copy = order.iter().map(|&j| results[j].clone()).collect();
        &sorted_copy
    };
    for (pos, &i) in order.iter().enumerate() {
        let r = &results[i];
        let year = r.year.expect("yearly result");
        // Persistence over the years up to this one.
        let upto = &by_year[..=pos];
        if upto.len() >= MIN_FLAGGED {
            let window = WINDOW.min(upto.len());
            let min_flagged = MIN_FLAGGED.min(window);
            match area_trends(
                upto,
                TrendOptions {
                    min_flagged,
                    window,
                },
            ) {
                Ok(ts) => {
                    let by_id: std::collections::BTreeMap<&str, &crate::trend::AreaTrend> =
                        ts.iter().map(|t| (t.id.as_str(), t)).collect();
                    let areas = r
                        .areas
                        .iter()
                        .filter_map(|a| by_id.get(a.id.as_str()).copied())
                        .map(|t| AreaStatus {
                            id: t.id.clone(),
                            name: t.name.clone(),
                            status: t.status.clone(),
                            flagged_in_window: t.flagged_in_window,
                            direction: t.direction.clone(),
                        })
                        .collect();
                    out[i].trend = Some(Persistence {
                        years: upto.iter().filter_map(|m| m.year).collect(),
                        window,
                        min_flagged,
                        areas,
                    });
                }
                Err(e) => out[i].notes.push(format!("persistence: {e}")),
            }
        }
        // Change from the first year.
        if let Some(f) = first.filter(|&f| f != i) {
            if let (Some(v1), Some(v2)) = (&views[f], &views[i]) {
                let from = results[f].year.expect("yearly result");
                out[i].change_decomposition = Some(decompose_own(spec.name(), from, year, v1, v2));
            }
        }
        // Similar areas.
        if let Some(v) = &views[i] {
            let (focus, cities) = focus_areas(r);
            let mut sets = Vec::new();
            for a in focus {
                let area = &r.areas[a];
                let others = r.areas.iter().filter(|b| b.group != area.group).count();
                let opts = PeerOptions {
                    k: PEERS_K.min(r.areas.len().saturating_sub(1)),
                    other_groups: others >= PEERS_K,
                };
                if opts.k == 0 {
                    continue;
                }
                match peers_of(v, table, &area.id, &opts) {
                    Ok(rows) => sets.push(PeerSet {
                        other_groups: opts.other_groups,
                        rows,
                    }),
                    Err(e) => {
                        out[i]
                            .notes
                            .push(format!("similar areas of {} {}: {e}", area.id, area.name));
                        // The same covariance serves every area: stop at the first failure.
                        break;
                    }
                }
            }
            if !sets.is_empty() {
                out[i].peers = Some(Peers {
                    focus: if cities { "big_cities" } else { "most_flagged" }.into(),
                    k: sets[0].rows.len() - 1,
                    covariates: v.covariates.clone(),
                    areas: sets,
                });
            }
        }
    }
    out
}

/// The charts of the cross-city views of `r` (its `cross_city` and
/// `reference_comparison`), labelled in `lang`.
pub fn charts(r: &ModelResult, cc: Option<&CrossCity>, lang: Lang) -> Result<Extras> {
    let mut x = Extras::default();
    if let Some(cmp) = &r.reference_comparison {
        x.reference_svg = Some(reference_chart(r, cmp, lang)?);
    }
    let Some(cc) = cc else {
        return Ok(x);
    };
    if let Some(d) = &cc.change_decomposition {
        if !d.rows.is_empty() {
            x.decomposition_svg = Some(decomposition_chart(r, d, lang)?);
        }
    }
    if let Some(p) = &cc.peers {
        for set in &p.areas {
            x.peers_svgs
                .push((set.rows[0].id.clone(), peers_chart(r, &set.rows, lang)?));
        }
    }
    Ok(x)
}

fn unit_suffix(r: &ModelResult) -> String {
    if r.model.outcome_unit.is_empty() {
        String::new()
    } else {
        format!(" ({})", r.model.outcome_unit)
    }
}

/// Reference (x) against our modelled value (y), 45° line; areas where the
/// models disagree on the sign of the deviation in orange and named.
pub fn reference_chart(r: &ModelResult, cmp: &ReferenceComparison, lang: Lang) -> Result<String> {
    let dis: std::collections::BTreeSet<&str> =
        cmp.disagreements.iter().map(|d| d.id.as_str()).collect();
    // Name only the largest disagreements: 60 labels would pile up.
    let named: std::collections::BTreeSet<&str> = cmp
        .disagreements
        .iter()
        .take(8)
        .map(|d| d.id.as_str())
        .collect();
    let points: Vec<Point> = r
        .areas
        .iter()
        .filter_map(|a| {
            let v = a.reference.filter(|v| v.is_finite())?;
            let warn = dis.contains(a.id.as_str());
            Some(Point {
                x: v,
                y: a.modelled,
                label: if named.contains(a.id.as_str()) {
                    a.name.clone()
                } else {
                    String::new()
                },
                mark: if warn { Mark::Warn } else { Mark::Highlight },
            })
        })
        .collect();
    let u = unit_suffix(r);
    scatter_svg(
        &match lang {
            Lang::Sv => format!("Modellvärde mot referensmodellen {}", cmp.column),
            Lang::En => format!("Modelled value against the reference model {}", cmp.column),
        },
        &format!("{} {}{u}", lang.pick("referens", "reference"), cmp.column),
        &format!("{}{u}", lang.pick("modellvärde", "modelled")),
        &points,
        true,
    )
}

/// The decomposition of the focus rows as bars: structure, model, deviation.
pub fn decomposition_chart(r: &ModelResult, d: &Decomposition, lang: Lang) -> Result<String> {
    let (idx, _) = decomposition_focus(d);
    let rows: Vec<&crate::trend::ChangeRow> = idx.iter().map(|&i| &d.rows[i]).collect();
    let cats: Vec<String> = rows.iter().map(|c| c.name.clone()).collect();
    let series = |sv: &str, en: &str, f: fn(&crate::trend::ChangeRow) -> f64| BarSeries {
        label: lang.pick(sv, en).to_string(),
        values: rows.iter().map(|c| f(c)).collect(),
    };
    bars_svg(
        &match lang {
            Lang::Sv => format!("Förändring {}–{}", d.from, d.to),
            Lang::En => format!("Change {}–{}", d.from, d.to),
        },
        &format!(
            "{}{}",
            lang.pick("förändring i utfall", "change in actual"),
            unit_suffix(r)
        ),
        &cats,
        &[
            series("struktur", "structure", |c| c.structure),
            series("modell", "model", |c| c.model_change),
            series("avvikelse", "deviation", |c| c.deviation_change),
        ],
    )
}

/// Modelled (x) against actual (y) for every area; the focus area in red, its
/// peers in blue and named, 45° line.
pub fn peers_chart(r: &ModelResult, rows: &[PeerRow], lang: Lang) -> Result<String> {
    let points = crate::compare::peer_points(&r.areas, rows);
    let name = rows.first().map(|p| p.name.as_str()).unwrap_or("");
    let k = rows.len().saturating_sub(1);
    let u = unit_suffix(r);
    // Small: the report shows the focus areas' charts side by side.
    scatter_svg_sized(
        &match lang {
            Lang::Sv => format!("{name} och {k} liknande"),
            Lang::En => format!("{name} and {k} similar"),
        },
        &format!("{}{u}", lang.pick("modellvärde", "modelled")),
        &format!("{}{u}", lang.pick("utfall", "actual")),
        &points,
        true,
        (420, 400),
    )
}
