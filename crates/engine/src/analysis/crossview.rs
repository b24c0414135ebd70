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

use rayon::prelude::*;

use crate::analysis::compare::{peers_of_with, view_of, FitView, PeerOptions};
use crate::analysis::trend::{area_statuses, decompose_own, Panel, TrendOptions};
use crate::data::Table;
use crate::results::{AreaRow, ModelResult};
use crate::spec::CheckedSpec;
use contract::views::BIG_CITIES;

/// Years the persistence rule looks back over, at most (as `trend --window`).
pub const WINDOW: usize = 5;
/// Flagged years within the window that make an area persistent, at most.
pub const MIN_FLAGGED: usize = 3;
/// Similar areas shown per focus area.
pub const PEERS_K: usize = 5;
/// Focus areas (big cities, else the most flagged areas).
pub const FOCUS_AREAS: usize = 3;

pub use contract::views::{AreaStatus, CrossCity, PeerSet, Peers, Persistence};

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
    let flagged = |a: &AreaRow| a.flags.iter().any(|f| f.is_interval());
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

/// The cross-city views of every result of one model (one per result, same
/// order). `results` are the model's fits as `task::run_model` made them
/// from `spec` and `table`. A pooled result gets no views (its areas repeat
/// over years). A view that cannot be computed leaves a note, not an error.
pub fn cross_city(spec: &CheckedSpec, table: &Table, results: &[ModelResult]) -> Vec<CrossCity> {
    let mut out = vec![CrossCity::default(); results.len()];
    // Per-year views (design rebuilt beside each fit), in year order.
    let mut order: Vec<usize> = (0..results.len())
        .filter(|&i| results[i].year.is_some())
        .collect();
    order.sort_by_key(|&i| results[i].year);
    let view = |i: usize| -> (Option<FitView>, Option<String>) {
        match view_of(spec, table, results[i].clone(), results[i].year) {
            Ok(v) => (Some(v), None),
            Err(e) => (
                None,
                Some(format!("covariate values could not be rebuilt: {e}")),
            ),
        }
    };
    let first = order.first().copied();
    // The first year's view serves every year's decomposition; the other
    // views are built one year at a time and dropped with it, so at most a
    // view per thread sits beside the results (each holds a copy of its
    // result and the design: all years' at once were the largest share of a
    // 100 000-area panel's memory).
    let first_view = first.map(view);
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
    // Every year's persistence from one preparation of the panel.
    let panel = Panel::new(by_year);
    // Each year's views depend on that year and the ones before it only: the
    // years run in parallel, and the views do not depend on the threads.
    let views: Vec<(usize, CrossCity)> = order
        .par_iter()
        .enumerate()
        .map(|(pos, &i)| {
            let own;
            let (v, rebuilt) = if pos == 0 {
                let (v, n) = first_view.as_ref().expect("first year");
                (v.as_ref(), n.clone())
            } else {
                own = view(i);
                (own.0.as_ref(), own.1.clone())
            };
            let mut cc = CrossCity::default();
            cc.notes.extend(rebuilt);
            let v1 = first_view.as_ref().and_then(|(v, _)| v.as_ref());
            year_views(
                spec,
                table,
                results,
                (by_year, panel.as_ref()),
                pos,
                i,
                first,
                v1,
                v,
                &mut cc,
            );
            (i, cc)
        })
        .collect();
    for (i, cc) in views {
        out[i] = cc;
    }
    out
}

/// The views of the result `results[i]`, at `pos` in the year order
/// (`by_year`, with its [`Panel`] where it is one): persistence, the
/// change from the first year (`first`, with its view `v1`) and the similar
/// areas (from its own view `v`).
#[allow(clippy::too_many_arguments)]
fn year_views(
    spec: &CheckedSpec,
    table: &Table,
    results: &[ModelResult],
    (by_year, panel): (&[ModelResult], Option<&Panel<'_>>),
    pos: usize,
    i: usize,
    first: Option<usize>,
    v1: Option<&FitView>,
    v: Option<&FitView>,
    out: &mut CrossCity,
) {
    let r = &results[i];
    let year = r.year.expect("yearly result");
    // Persistence over the years up to this one.
    let upto = &by_year[..=pos];
    if upto.len() >= MIN_FLAGGED {
        let window = WINDOW.min(upto.len());
        let min_flagged = MIN_FLAGGED.min(window);
        let opts = TrendOptions {
            min_flagged,
            window,
        };
        let fast = panel.and_then(|p| p.statuses(pos, opts));
        let trends = match fast {
            Some(areas) => Ok(areas),
            None => area_statuses(upto, r, opts),
        };
        match trends {
            Ok(areas) => {
                out.trend = Some(Persistence {
                    years: upto.iter().filter_map(|m| m.year).collect(),
                    window,
                    min_flagged,
                    areas,
                });
            }
            Err(e) => out.notes.push(format!("persistence: {e}")),
        }
    }
    // Change from the first year.
    if let Some(f) = first.filter(|&f| f != i) {
        if let (Some(v1), Some(v2)) = (v1, v) {
            let from = results[f].year.expect("yearly result");
            out.change_decomposition = Some(decompose_own(spec.name(), from, year, v1, v2));
        }
    }
    // Similar areas.
    if let Some(v) = v {
        let (focus, cities) = focus_areas(r);
        let mut sets = Vec::new();
        // One covariance per view, for all its focus areas.
        let mut maha = None;
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
            match peers_of_with(v, table, &area.id, &opts, &mut maha) {
                Ok(rows) => sets.push(PeerSet {
                    other_groups: opts.other_groups,
                    rows,
                }),
                Err(e) => {
                    out.notes
                        .push(format!("similar areas of {} {}: {e}", area.id, area.name));
                    // The same covariance serves every area: stop at the first failure.
                    break;
                }
            }
        }
        if !sets.is_empty() {
            out.peers = Some(Peers {
                focus: if cities { "big_cities" } else { "most_flagged" }.into(),
                k: sets[0].rows.len() - 1,
                covariates: v.covariates.clone(),
                areas: sets,
            });
        }
    }
}
