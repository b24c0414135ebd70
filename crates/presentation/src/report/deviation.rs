//! How a deviation is read: which areas deviate most surely, when a percent
//! or a ratio can be shown at all (only where the modelled value's
//! confidence interval lies wholly above 0, the engine's rule), and which
//! areas have a modelled value that cannot be a cost (≤ 0) or may be 0.
//! Every exporter, the charts and the terminal summary read deviations
//! through this module, so they agree.
//!
//! Why not rank by percent: a percentage of a modelled value near zero is
//! huge for a tiny difference in kronor (a linear model gave Ekerö +551 %
//! inside its interval, and +58 666 % on a modelled 1 kr/inv; such percents
//! are no longer given at all), and of a negative modelled value it has the wrong
//! sign (Danderyd paid 338 kr/inv more than modelled and read −16 000 %).
//! Ranking by how surely an area deviates — outside its interval first, then
//! by the size of its studentized residual — puts first the areas the data
//! speak most clearly about, whatever their size.

use crate::results::{AreaRow, ModelResult};
use contract::flags::Flag;

/// Where an area lies against its (leave-one-out) prediction interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Side {
    Above,
    Within,
    Below,
}

/// The side of an area, from its flags (the rules are the engine's).
pub fn side(a: &AreaRow) -> Side {
    if a.flags.contains(&Flag::AboveInterval) {
        Side::Above
    } else if a.flags.contains(&Flag::BelowInterval) {
        Side::Below
    } else {
        Side::Within
    }
}

/// How surely an area deviates, signed as its residual: the externally
/// studentized residual (R `rstudent`), else the internally studentized one
/// (`rstandard`, e.g. at leverage 1 where the external one does not exist),
/// else 0 (nothing is known about its spread).
pub fn studentized(a: &AreaRow) -> f64 {
    a.studentized_external
        .or(a.studentized_internal)
        .filter(|x| x.is_finite())
        .unwrap_or(0.0)
}

/// Area indices from most surely above to most surely below the modelled
/// value: areas above their interval first (largest studentized residual
/// first), then the areas within it (by signed studentized residual, so those
/// leaning above come before those leaning below), then the areas below it
/// (most surely below last). Ties by residual, then id, so the order is
/// deterministic. The first areas with a positive residual are the "most
/// above" list; read from the end, the areas with a negative residual are the
/// "most below" list.
pub fn surety_order(r: &ModelResult) -> Vec<usize> {
    // The keys side by side (the areas' rows are large: reading them in the
    // comparisons was most of a sort), in index order for the stable sort.
    let mut keys: Vec<(Side, f64, f64, usize)> = r
        .areas
        .iter()
        .enumerate()
        .map(|(i, a)| (side(a), studentized(a), a.residual, i))
        .collect();
    keys.sort_by(|x, y| {
        x.0.cmp(&y.0)
            .then_with(|| y.1.total_cmp(&x.1))
            .then_with(|| y.2.total_cmp(&x.2))
            .then_with(|| r.areas[x.3].id.cmp(&r.areas[y.3].id))
    });
    keys.into_iter().map(|k| k.3).collect()
}

/// The `k` areas most surely above (residual > 0) and the `k` most surely
/// below (residual < 0) their modelled value, most sure first, drawn from
/// `pool` (indices into `r.areas`, e.g. all but the big cities).
pub fn most_above_below(
    r: &ModelResult,
    pool: impl Fn(usize) -> bool,
    k: usize,
) -> (Vec<usize>, Vec<usize>) {
    let order = surety_order(r);
    let above = order
        .iter()
        .copied()
        .filter(|&i| pool(i) && r.areas[i].residual > 0.0)
        .take(k)
        .collect();
    let below = order
        .iter()
        .rev()
        .copied()
        .filter(|&i| pool(i) && r.areas[i].residual < 0.0)
        .take(k)
        .collect();
    (above, below)
}

/// Whether an area's result allows a percent (and a ratio) at all: a finite
/// positive modelled value whose (1−α) confidence interval lies wholly above
/// 0 (the engine's rule, `contract::results::percent_defined`). A result
/// written before the interval existed has none (`modelled_ci_low` is
/// `None`) and is read under the rule it was written with, modelled > 0.
fn percent_base(a: &AreaRow) -> bool {
    a.modelled > 0.0
        && a.modelled.is_finite()
        && a.actual.is_finite()
        && a.modelled_ci_low
            .is_none_or(|lo| contract::results::percent_defined(a.modelled, lo))
}

/// Whether the percent is withheld because the modelled value may be 0: it
/// is positive, but its confidence interval reaches 0 or below. A percent of
/// it would be any number (a modelled 1 kr/inv gave +58 666 %).
pub fn uncertain_modelled(a: &AreaRow) -> bool {
    a.modelled > 0.0 && a.modelled.is_finite() && !percent_base(a)
}

/// Whether an area's percent cell is `–*` (the footnote says why): its
/// modelled value is ≤ 0 or may be 0.
pub fn percent_withheld(a: &AreaRow) -> bool {
    a.modelled <= 0.0 || uncertain_modelled(a)
}

/// Deviation in percent of the modelled value, only where the result allows
/// one ([`percent_base`]): the engine's `deviation_pct`, never recomputed
/// where the engine withheld it. A result written before the confidence
/// interval existed gets its percent recomputed when it lacks one for a
/// positive modelled value (older results had no ratio field either).
pub fn shown_pct(a: &AreaRow) -> Option<f64> {
    if !percent_base(a) {
        return None;
    }
    let engine = a.deviation_pct.filter(|p| p.is_finite());
    if a.modelled_ci_low.is_some() {
        return engine;
    }
    engine.or_else(|| Some(100.0 * (a.actual - a.modelled) / a.modelled))
}

/// [`shown_pct`] for a view row that carries its modelled value and the
/// engine's percent (similar areas, trend points): the engine's percent, only
/// where the modelled value is positive (the engine leaves it out where the
/// modelled value may be 0).
pub fn pct_where_positive(modelled: f64, pct: Option<f64>) -> Option<f64> {
    pct.filter(|p| p.is_finite() && modelled > 0.0 && modelled.is_finite())
}

/// The ratio actual / modelled ("pays 1.46 times its modelled value"), under
/// the rule of [`shown_pct`]: the engine's `ratio`, recomputed only for a
/// result written before the confidence interval existed.
pub fn ratio(a: &AreaRow) -> Option<f64> {
    if !percent_base(a) {
        return None;
    }
    let engine = a.ratio.filter(|q| q.is_finite());
    if a.modelled_ci_low.is_some() {
        return engine;
    }
    engine.or(Some(a.actual / a.modelled))
}

/// Whether a deviation is best read as a ratio: the model has a log link, so
/// a covariate multiplies the modelled value and an area's deviation is a
/// factor. The identity link (the linear model) reads in the outcome's unit.
pub fn reads_as_ratio(r: &ModelResult) -> bool {
    r.model.link == crate::results::Link::Log
}

/// Areas whose modelled value may be 0 (positive, but its confidence
/// interval reaches 0): no percent or ratio is shown for them and the report
/// warns, naming them.
pub fn uncertain_modelled_areas(r: &ModelResult) -> Vec<&AreaRow> {
    r.areas.iter().filter(|a| uncertain_modelled(a)).collect()
}

/// Whether any area's percent cell is `–*` (a table then carries the
/// footnote).
pub fn any_percent_withheld(r: &ModelResult) -> bool {
    !nonpositive_modelled(r).is_empty() || r.areas.iter().any(uncertain_modelled)
}

/// Areas whose modelled value is zero or negative: not a possible cost, so
/// no percent or ratio is shown for them and the report warns, naming them.
pub fn nonpositive_modelled(r: &ModelResult) -> Vec<&AreaRow> {
    r.areas
        .iter()
        .filter(|a| {
            (a.modelled.is_finite() && a.modelled <= 0.0) || r.nonpositive_modelled.contains(&a.id)
        })
        .collect()
}

/// The map's caption (`caption`, the language's Markdown or HTML one), with
/// a sentence for the pale-yellow areas when some area has no percent.
pub fn map_caption(r: &ModelResult, caption: &str, lang: crate::lang::Lang) -> String {
    use crate::i18n::Catalogue;
    if any_percent_withheld(r) {
        format!("{caption} {}", lang.msg().map_caption_no_percent)
    } else {
        caption.to_string()
    }
}

/// Display name of an area (its id when the name is empty).
pub fn name(a: &AreaRow) -> &str {
    if a.name.trim().is_empty() {
        &a.id
    } else {
        &a.name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample;

    #[test]
    fn the_map_caption_names_the_yellow_areas_only_when_there_are_some() {
        use crate::lang::Lang;
        let mut r = sample::synthetic(20);
        assert!(!any_percent_withheld(&r));
        assert_eq!(
            map_caption(&r, "Grått: inte i urvalet.", Lang::Sv),
            "Grått: inte i urvalet."
        );
        r.areas[2].modelled = -5.0;
        assert_eq!(
            map_caption(&r, "Grått: inte i urvalet.", Lang::Sv),
            "Grått: inte i urvalet. Gult: ingen procent (modellvärdet är ≤ 0 eller kan vara 0)."
        );
        assert!(map_caption(&r, "Grey.", Lang::En)
            .ends_with("Yellow: no percent (the modelled value is ≤ 0 or may be 0)."));
    }

    #[test]
    fn outside_the_interval_comes_first_whatever_the_percent() {
        let mut r = sample::synthetic(12);
        // Area 4: a huge percent on a tiny modelled value, inside its interval.
        let a = &mut r.areas[4];
        a.modelled = 50.0;
        a.actual = 400.0;
        a.residual = 350.0;
        a.deviation_pct = Some(700.0);
        a.studentized_external = Some(0.9);
        a.flags = vec![Flag::Practical];
        // Area 5: above its interval with a modest percent.
        let b = &mut r.areas[5];
        b.modelled = 2000.0;
        b.actual = 2500.0;
        b.residual = 500.0;
        b.deviation_pct = Some(25.0);
        b.studentized_external = Some(2.4);
        b.flags = vec![Flag::AboveInterval];
        let order = surety_order(&r);
        let pos = |i: usize| order.iter().position(|&x| x == i).unwrap();
        assert!(pos(5) < pos(4));
        // Every area above its interval precedes every area within it.
        let first_within = order
            .iter()
            .position(|&i| side(&r.areas[i]) == Side::Within)
            .unwrap();
        assert!(order[..first_within]
            .iter()
            .all(|&i| side(&r.areas[i]) == Side::Above));
    }

    /// The order of the keyed sort is that of sorting the indices with the
    /// rows compared directly (ties, NaN and missing scores, repeated ids).
    #[test]
    fn surety_order_equals_the_direct_comparison() {
        let mut r = super::super::sample::varied(3_000);
        for (i, a) in r.areas.iter_mut().enumerate() {
            if i % 11 == 0 {
                a.id = format!("dup{}", i % 4);
                a.residual = 1.0;
                a.studentized_external = None;
                a.studentized_internal = None;
            }
        }
        let mut want: Vec<usize> = (0..r.areas.len()).collect();
        want.sort_by(|&i, &j| {
            let (a, b) = (&r.areas[i], &r.areas[j]);
            side(a)
                .cmp(&side(b))
                .then_with(|| studentized(b).total_cmp(&studentized(a)))
                .then_with(|| b.residual.total_cmp(&a.residual))
                .then_with(|| a.id.cmp(&b.id))
        });
        assert_eq!(surety_order(&r), want);
    }

    #[test]
    fn percent_and_ratio_only_on_a_positive_modelled_value() {
        let mut a = AreaRow {
            actual: 336.0,
            modelled: -2.0,
            residual: 338.0,
            deviation_pct: Some(-16_900.0),
            ..Default::default()
        };
        assert_eq!(shown_pct(&a), None);
        assert_eq!(ratio(&a), None);
        a.modelled = 0.0;
        assert_eq!(shown_pct(&a), None);
        // A result written before the confidence interval: recomputed.
        a.modelled = 240.0;
        a.deviation_pct = None;
        assert_eq!(shown_pct(&a), Some(40.0));
        assert_eq!(ratio(&a), Some(1.4));
        assert!(!percent_withheld(&a));
    }

    #[test]
    fn no_percent_where_the_modelled_value_may_be_zero() {
        // Ekerö 2019 (linear model): actual 838, modelled 1.4, 95 % CI of
        // the modelled value −245 – 248. An older reader showed +58 666 %.
        let mut a = AreaRow {
            actual: 838.0,
            modelled: 1.43,
            residual: 836.57,
            deviation_pct: Some(58_666.0),
            ratio: Some(586.0),
            modelled_ci_low: Some(-245.0),
            modelled_ci_high: Some(248.0),
            ..Default::default()
        };
        // Even a percent in the result is not shown when the interval
        // reaches 0 (the rule wins over what a row carries).
        assert_eq!(shown_pct(&a), None);
        assert_eq!(ratio(&a), None);
        assert!(uncertain_modelled(&a) && percent_withheld(&a));
        // The engine withheld it: never recomputed.
        a.deviation_pct = None;
        a.ratio = None;
        assert_eq!(shown_pct(&a), None);
        // The boundary: a lower bound of exactly 0 does not lie above 0.
        a.modelled_ci_low = Some(0.0);
        assert_eq!(shown_pct(&a), None);
        // Above 0: the engine's percent, and only the engine's.
        a.modelled_ci_low = Some(1e-9);
        assert_eq!(shown_pct(&a), None);
        assert!(!uncertain_modelled(&a) && !percent_withheld(&a));
        a.deviation_pct = Some(12.5);
        a.ratio = Some(1.125);
        assert_eq!(shown_pct(&a), Some(12.5));
        assert_eq!(ratio(&a), Some(1.125));
    }
}
