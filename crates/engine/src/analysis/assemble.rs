//! Building the `results.json` contract ([`ModelResult`]) from a fit: area rows
//! with deviations and flags, the model description with labels and units from
//! the data dictionary, and the excluded rows.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::analysis::flags;
pub use crate::data::dictionary::Dictionary;
use crate::model::design::DesignData;
use crate::model::fit::Fitted;
use crate::results::{
    percent_defined, AreaRow, AreaValue, Conventions, ModelInfo, ModelResult, Warning,
};
use crate::spec::CheckedSpec;

/// Whether a unit is "per inhabitant" (`kr/inv`, `per inv`, `per capita`).
pub fn is_per_inhabitant(unit: &str) -> bool {
    let u = unit.to_lowercase();
    u.ends_with("/inv") || u.contains("/inv ") || u.contains("per inv") || u.contains("per capita")
}

/// Describe a checked spec for reports: labels and units from the spec's
/// overrides, then the dictionary.
pub fn model_info(
    spec: &CheckedSpec,
    dict: Option<&Dictionary>,
    covariate_names: &[String],
) -> ModelInfo {
    let s = &spec.spec;
    let mut used: Vec<&str> = s.used_columns();
    if let Some(r) = &s.reference {
        used.push(r);
    }
    if let Some(p) = &spec.population {
        if !used.contains(&p.as_str()) {
            used.push(p);
        }
    }
    let mut labels = BTreeMap::new();
    for c in &used {
        let label = s.labels.get(*c).cloned().or_else(|| {
            dict.and_then(|d| d.get(c))
                .map(|v| v.label_sv.clone())
                .filter(|l| !l.is_empty())
        });
        if let Some(l) = label {
            labels.insert(c.to_string(), l);
        }
    }
    // Labels for other design names given in the spec (e.g. "(Intercept)").
    for (k, v) in &s.labels {
        labels.entry(k.clone()).or_insert_with(|| v.clone());
    }
    // The same in English, for reports in English.
    let mut labels_en = BTreeMap::new();
    for c in &used {
        let label = s.labels_en.get(*c).cloned().or_else(|| {
            dict.and_then(|d| d.get(c))
                .map(|v| v.label_en.clone())
                .filter(|l| !l.is_empty())
        });
        if let Some(l) = label {
            labels_en.insert(c.to_string(), l);
        }
    }
    for (k, v) in &s.labels_en {
        labels_en.entry(k.clone()).or_insert_with(|| v.clone());
    }
    let outcome_unit = s
        .units
        .get(&s.outcome)
        .cloned()
        .or_else(|| dict.and_then(|d| d.get(&s.outcome)).map(|v| v.unit.clone()))
        .unwrap_or_default();
    ModelInfo {
        name: s.name.clone(),
        title: if s.title.is_empty() {
            s.name.clone()
        } else {
            s.title.clone()
        },
        title_en: s.title_en.clone(),
        outcome: s.outcome.clone(),
        covariates: covariate_names.to_vec(),
        weight: s.weight.clone(),
        intercept: s.intercept,
        fixed_effects: s
            .fixed_effects
            .iter()
            .map(|f| f.as_str().to_string())
            .collect(),
        alpha: s.flags.alpha,
        correction: s.flags.correction,
        min_deviation_pct: s.flags.min_deviation_pct,
        reference: s.reference.clone(),
        data_source: spec.data_source.clone(),
        labels,
        labels_en,
        outcome_unit,
        spec: serde_json::to_value(s).ok(),
        family: s.family,
        link: s.resolved_link(),
        offset: s.offset.clone(),
    }
}

/// The tool name and version, recorded in every result.
pub fn generator() -> String {
    format!("modellvarde {}", env!("CARGO_PKG_VERSION"))
}

/// Assemble the result of one fit. The design and the fit are taken by
/// value: each area's strings and DFBETAS move into its row instead of being
/// copied (at a million areas the copies were hundreds of megabytes held
/// beside the originals), and the design matrix is freed first.
pub fn assemble(
    info: ModelInfo,
    spec: &CheckedSpec,
    mut data: DesignData,
    fitted: Fitted,
) -> ModelResult {
    let per_inhabitant = is_per_inhabitant(&info.outcome_unit)
        && !spec.spec.transforms.contains_key(&spec.spec.outcome);
    let n = fitted.stats.n;
    let p = fitted.stats.p;
    let unit_warning = (!per_inhabitant
        && !spec.spec.transforms.contains_key(&spec.spec.outcome)
        && data.keys.iter().any(|k| k.population.is_some()))
    .then(|| unit_warning(&spec.spec.outcome, &info.outcome_unit));
    let cluster_warning = cluster_warning(&data);
    let y = std::mem::take(&mut data.design.y);
    let keys = std::mem::take(&mut data.keys);
    let texts = std::mem::take(&mut data.texts);
    let excluded = std::mem::take(&mut data.excluded);
    let year = data.year;
    drop(data);
    let Fitted {
        stats: mut fit,
        coefficients,
        obs,
        cov: _,
    } = fitted;
    let alpha = spec.spec.flags.alpha;
    // Key `i`'s area texts, as the result's owned strings.
    let text = |col: &crate::data::TextColumn, i: usize| col.get(i).unwrap_or_default().to_owned();
    let make = |k: crate::model::design::RowKey,
                i: usize,
                o: crate::model::fit::ObsDiagnostics,
                y: f64| {
        let residual = y - o.fitted;
        // A percent (and a ratio) only of a modelled value whose confidence
        // interval lies wholly above 0 (`contract::results::percent_defined`):
        // of a value that may be 0 it is any number at all, and of a
        // negative one it has the wrong sign.
        let ci = (o.ci_low, o.ci_high);
        let defined = percent_defined(o.fitted, ci.0);
        let deviation_pct = defined.then(|| 100.0 * residual / o.fitted);
        let deviation_total = if per_inhabitant {
            k.population.map(|pop| residual * pop)
        } else {
            None
        };
        let mut area = AreaRow {
            id: text(&texts.id, i),
            name: text(&texts.name, i),
            group: text(&texts.group, i),
            actual: y,
            modelled: o.fitted,
            loo_modelled: o.loo_fitted,
            residual,
            deviation_pct,
            deviation_total,
            leverage: o.leverage,
            studentized_internal: o.studentized_internal,
            studentized_external: o.studentized_external,
            cooks_d: o.cooks_d,
            dffits: o.dffits,
            p_outlier: o.p_outlier,
            p_bonferroni: o.p_bonferroni,
            q_bh: o.q_bh,
            pi_low: o.pi_low,
            pi_high: o.pi_high,
            flags: Vec::new(),
            year: k.year,
            group_name: text(&texts.group_name, i),
            weight: k.weight.or(k.population),
            loo_pi_low: o.loo_pi_low,
            loo_pi_high: o.loo_pi_high,
            modelled_ci_low: Some(ci.0).filter(|v| v.is_finite()),
            modelled_ci_high: Some(ci.1).filter(|v| v.is_finite()),
            dfbetas: o.dfbetas,
            reference: k.reference,
            notes: o
                .note
                .into_iter()
                .chain(percent_note(o.fitted, ci, alpha))
                .collect(),
            line: Some(k.line),
            // actual/modelled: the reading of a log link ("pays 1.46
            // times its modelled value"); under the same rule as the percent.
            ratio: defined.then(|| y / o.fitted),
            resid_pearson: o.resid_pearson,
            resid_deviance: o.resid_deviance,
        };
        area.flags = flags::area_flags(&area, n, p, &spec.spec.flags);
        area
    };
    // The rows are built from the last area back, and the keys and the
    // diagnostics given back to the allocator as they are used: at a million
    // areas they are ~0.5 GB that would otherwise sit beside the finished
    // rows until the end. Within a block the rows are built in parallel,
    // each area independently and into its own place: the same rows for any
    // number of threads.
    let (mut keys, mut obs, mut ys) = (keys, obs, y);
    let total = keys.len().min(obs.len()).min(ys.len());
    let mut areas: Vec<AreaRow> = Vec::with_capacity(total);
    let slots = &mut areas.spare_capacity_mut()[..total];
    let mut end = total;
    while end > 0 {
        let at = end.saturating_sub(1 << 15);
        // Drained in place (no copy of the block), then the space given back.
        let block = keys
            .par_drain(at..)
            .zip(obs.par_drain(at..))
            .zip(ys.par_drain(at..));
        slots[at..end]
            .par_iter_mut()
            .zip(block)
            .enumerate()
            .for_each(|(j, (slot, ((k, o), y)))| {
                slot.write(make(k, at + j, o, y));
            });
        keys.shrink_to_fit();
        obs.shrink_to_fit();
        ys.shrink_to_fit();
        end = at;
    }
    // SAFETY: every slot below `total` was written just above (the blocks
    // cover 0..total; a panic in `make` leaves the length at 0, leaking the
    // rows written, never exposing an unwritten one).
    unsafe { areas.set_len(total) };
    // A modelled value ≤ 0 (only a linear fit can give one) cannot be a need
    // nor a base for a percentage: name every such area.
    let nonpositive: Vec<&AreaRow> = areas.iter().filter(|a| a.modelled <= 0.0).collect();
    if !nonpositive.is_empty() {
        fit.warnings.push(Warning::NonpositiveModelled {
            areas: nonpositive
                .iter()
                .map(|a| AreaValue {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    value: a.modelled,
                })
                .collect(),
        });
    }
    let nonpositive_modelled = nonpositive.iter().map(|a| a.id.clone()).collect();
    let mut result = ModelResult {
        model: info,
        year,
        fit,
        coefficients,
        areas,
        excluded,
        conventions: Conventions::default(),
        generator: generator(),
        reference_comparison: None,
        cross_city: None,
        // Filled by the runner when bootstrap / cross-validation are asked for.
        uncertainty: None,
        cv: None,
        model_comparison: None,
        nonpositive_modelled,
    };
    result.reference_comparison = crate::analysis::reference::reference_comparison(&result);
    result.fit.warnings.extend(unit_warning);
    result.fit.warnings.extend(cluster_warning);
    result
}

/// The note of an area without a deviation in %: its modelled value is ≤ 0,
/// or its (1−α) confidence interval `ci` reaches 0 (the value may be 0).
/// `None` when the percent is given.
fn percent_note(modelled: f64, ci: (f64, f64), alpha: f64) -> Option<String> {
    if percent_defined(modelled, ci.0) {
        return None;
    }
    if modelled <= 0.0 {
        return Some("modelled value ≤ 0: no deviation in %".to_string());
    }
    let level = 100.0 * (1.0 - alpha);
    Some(if ci.0.is_finite() && ci.1.is_finite() {
        format!(
            "modelled value not distinguishable from 0 ({} % CI {} – {}): no deviation in %",
            round_text(level),
            round_text(ci.0),
            round_text(ci.1)
        )
    } else {
        format!(
            "modelled value's {} % confidence interval undefined: no deviation in %",
            round_text(level)
        )
    })
}

/// A number for a note: whole when it is large, else to three significant
/// digits (a note is read, not computed with; the value is in its field).
fn round_text(x: f64) -> String {
    if x.abs() >= 100.0 || x == x.round() {
        format!("{x:.0}")
    } else {
        let digits = (2 - x.abs().log10().floor() as i32).clamp(0, 6) as usize;
        format!("{x:.digits$}")
    }
}

/// Cluster-robust errors by group are skipped when a row in the fit has no
/// group (R's `vcovCL` cannot place it either, and making "" or "NA" a
/// cluster of its own would be wrong): say so, naming the areas, instead of
/// leaving the column empty without a word.
fn cluster_warning(data: &DesignData) -> Option<Warning> {
    use crate::data::load::is_missing_text;
    if data.design.clusters.is_some() {
        return None;
    }
    let t = &data.texts;
    let groups: std::collections::BTreeSet<&str> =
        t.group.iter().filter(|g| !is_missing_text(g)).collect();
    let missing: Vec<String> = t
        .group
        .iter()
        .zip(t.id.iter())
        .filter(|(g, _)| is_missing_text(g))
        .map(|(_, id)| id.to_string())
        .collect();
    (groups.len() >= 2 && !missing.is_empty()).then_some(Warning::ClusterSkipped { areas: missing })
}

/// Why the total deviation (deviation × population, the reports' "Totalt" /
/// Mkr column) is empty, and what to add: without a unit per inhabitant the
/// outcome cannot be multiplied by the population.
fn unit_warning(outcome: &str, unit: &str) -> Warning {
    Warning::UnitNotPerInhabitant {
        outcome: outcome.to_string(),
        unit: unit.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_only_where_the_interval_lies_above_zero() {
        // Ekerö 2019 under the linear model: modelled 1.4, 95 % CI −245 – 248.
        assert!(!percent_defined(1.43, -245.1));
        let note = percent_note(1.43, (-245.1, 248.0), 0.05).unwrap();
        assert_eq!(
            note,
            "modelled value not distinguishable from 0 (95 % CI -245 – 248): no deviation in %"
        );
        // The boundary: an interval that touches 0 does not lie above it.
        assert!(!percent_defined(10.0, 0.0));
        assert!(percent_note(10.0, (0.0, 20.0), 0.05).is_some());
        assert!(percent_defined(10.0, f64::MIN_POSITIVE));
        assert_eq!(percent_note(10.0, (f64::MIN_POSITIVE, 20.0), 0.05), None);
        // A modelled value ≤ 0 keeps its own note; NaN bounds never pass.
        assert_eq!(
            percent_note(-2.0, (-9.0, 5.0), 0.05).as_deref(),
            Some("modelled value ≤ 0: no deviation in %")
        );
        assert!(!percent_defined(5.0, f64::NAN));
        assert_eq!(round_text(0.123456), "0.123");
        assert_eq!(round_text(-1.5), "-1.50");
        assert_eq!(round_text(90.0), "90");
    }

    #[test]
    fn per_inhabitant_units() {
        assert!(is_per_inhabitant("kr/inv"));
        assert!(is_per_inhabitant("Kr/Inv"));
        assert!(!is_per_inhabitant("%"));
        assert!(!is_per_inhabitant("antal/1000 inv"));
    }
}
