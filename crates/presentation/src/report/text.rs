//! The words of the report that do not come from the data: model description,
//! flag rules with their formulas and sources, glossary, data credit and
//! caveats, in Swedish and English. Plain text (Unicode maths); the HTML
//! exporter escapes it, the Markdown exporter uses it as is.

use super::format as f;
use super::{correction_name, in_sentence, label, level, Flag};
use crate::i18n::Catalogue;
use crate::lang::Lang;
use crate::results::ModelResult;

/// Literature cited by the flag rules and the covariance conventions.
pub const SOURCES: [&str; 5] = [
    "Cook, R. D. (1977). Detection of influential observation in linear regression. Technometrics 19(1), 15–18.",
    "Belsley, D. A., Kuh, E. & Welsch, R. E. (1980). Regression Diagnostics: Identifying Influential Data and Sources of Collinearity. Wiley.",
    "Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate: a practical and powerful approach to multiple testing. Journal of the Royal Statistical Society B 57(1), 289–300.",
    "Dunn, O. J. (1961). Multiple comparisons among means. Journal of the American Statistical Association 56(293), 52–64 (Bonferroni correction).",
    "MacKinnon, J. G. & White, H. (1985). Some heteroskedasticity-consistent covariance matrix estimators with improved finite sample properties. Journal of Econometrics 29(3), 305–325.",
];

/// What was fitted, in one paragraph.
pub fn model_description(r: &ModelResult, lang: Lang) -> String {
    let covs: Vec<String> = r
        .model
        .covariates
        .iter()
        .map(|c| {
            let l = label(r, c, lang);
            if l == c {
                c.clone()
            } else {
                format!("{} ({c})", in_sentence(l))
            }
        })
        .collect();
    if r.fit.glm.is_some() {
        return super::family::glm_description(r, &covs, lang);
    }
    let outcome = in_sentence(label(r, &r.model.outcome, lang));
    let how = match (&r.model.weight, r.fit.weighted) {
        (Some(w), true) => (lang.msg().how_wls)(&in_sentence(label(r, w, lang)), w),
        _ => lang.msg().ordinary_least_squares_ols_every_area.to_string(),
    };
    let fe = if r.model.fixed_effects.is_empty() {
        String::new()
    } else {
        format!(
            "{} {}.",
            lang.msg().fixed_effects_for,
            r.model.fixed_effects.join(", ")
        )
    };
    (lang.msg().linear_description)(&outcome, &r.model.outcome, &covs.join(", "), &how, &fe)
}

/// The size up to which the engine's leave-one-out values of a GLM are exact
/// refits (the engine's `model::glm::EXACT_LOO_MAX_N`), as the Method text
/// states it; a test holds the two equal.
pub const GLM_EXACT_LOO_MAX_N: usize = 300;

/// The deviation measures, as (name, formula) pairs; the leave-one-out
/// modelled value and its interval by the model's family.
pub fn deviation_formulas(r: &ModelResult, lang: Lang) -> Vec<(String, String)> {
    vec![
        (
            lang.msg().deviation.into(),
            lang.msg().e_y_actual_minus_modelled_in.into(),
        ),
        (
            lang.msg().deviation_in_percent_2.into(),
            lang.msg().t_100_y_only_where_0_else.into(),
        ),
        (
            lang.msg().total_deviation.into(),
            lang.msg().y_population_in_kronor.into(),
        ),
        (
            lang.msg().leave_one_out_modelled.into(),
            if r.fit.glm.is_some() {
                lang.msg().glm_leave_one_out_formula.into()
            } else {
                lang.msg().y_e_1_h_the_modelled.into()
            },
        ),
    ]
}

/// The ratio, for a log-link model: (name, formula).
pub fn ratio_formula(r: &ModelResult, lang: Lang) -> Option<(String, String)> {
    super::deviation::reads_as_ratio(r).then(|| {
        (
            lang.msg().ratio.into(),
            lang.msg().y_how_many_times_its_modelled_value_the.into(),
        )
    })
}

/// Each flag rule: (machine name, human label, rule with formula and source).
pub fn flag_rules(r: &ModelResult, lang: Lang) -> Vec<(Flag, String, String)> {
    let n = r.fit.n.max(1) as f64;
    let p = r.fit.p as f64;
    let lvl = level(r, lang);
    let alpha = f::number(r.model.alpha, 2, lang);
    let corr = correction_name(r);
    let corr_formula = if corr == "Benjamini–Hochberg" {
        lang.msg().the_benjamini_hochberg_q_value_controls
    } else {
        lang.msg().the_bonferroni_adjusted_p_min_1
    };
    let lab = |flag: Flag| super::flag_label(flag, r, lang);
    if r.fit.glm.is_some() {
        return glm_flag_rules(r, lang, &lvl, &alpha, corr_formula);
    }
    vec![
        (
            Flag::AboveInterval,
            lab(Flag::AboveInterval),
            (lang.msg().rule_above)(&lvl),
        ),
        (
            Flag::BelowInterval,
            lab(Flag::BelowInterval),
            (lang.msg().rule_below)(&lvl),
        ),
        (
            Flag::Outlier,
            lab(Flag::Outlier),
            (lang.msg().rule_outlier)(corr_formula, &alpha),
        ),
        (
            Flag::Influential,
            lab(Flag::Influential),
            (lang.msg().rule_influential)(
                &f::number(4.0 / n, 3, lang),
                &f::number(2.0 * p / n, 3, lang),
            ),
        ),
        (
            Flag::Practical,
            lab(Flag::Practical),
            (lang.msg().rule_practical)(&f::percent(r.model.min_deviation_pct, 0, lang)),
        ),
    ]
}

/// The flag rules of a generalised linear model: the same rules, with the
/// GLM's interval, residuals and influence measures (R's `glm` methods).
fn glm_flag_rules(
    r: &ModelResult,
    lang: Lang,
    lvl: &str,
    alpha: &str,
    corr_formula: &str,
) -> Vec<(Flag, String, String)> {
    let n = r.fit.n.max(1) as f64;
    let p = r.fit.p as f64;
    let lab = |flag: Flag| super::flag_label(flag, r, lang);
    let dist = if super::family::test_name(r) == "z" {
        lang.msg().the_standard_normal_distribution
    } else {
        lang.msg().student_s_t_with_n_p_1_degrees_of_freedo
    };
    vec![
        (
            Flag::AboveInterval,
            lab(Flag::AboveInterval),
            (lang.msg().glm_rule_above)(lvl),
        ),
        (
            Flag::BelowInterval,
            lab(Flag::BelowInterval),
            (lang.msg().glm_rule_below)(lvl),
        ),
        (
            Flag::Outlier,
            lab(Flag::Outlier),
            (lang.msg().glm_rule_outlier)(dist, corr_formula, alpha),
        ),
        (
            Flag::Influential,
            lab(Flag::Influential),
            (lang.msg().glm_rule_influential)(
                &f::number(4.0 / n, 3, lang),
                &f::number(2.0 * p / n, 3, lang),
            ),
        ),
        (
            Flag::Practical,
            lab(Flag::Practical),
            (lang.msg().glm_rule_practical)(&f::percent(r.model.min_deviation_pct, 0, lang)),
        ),
    ]
}

/// Glossary of the report's terms: (term, meaning).
pub fn glossary(r: &ModelResult, lang: Lang) -> Vec<(String, String)> {
    let lvl = level(r, lang);
    (lang.msg().glossary)(&lvl)
        .into_iter()
        .map(|(a, b)| (a.to_string(), b))
        .collect()
}

/// Whether the model's columns look like Kolada KPI ids (N01951, U31001).
fn uses_kolada(r: &ModelResult) -> bool {
    let is_kpi = |s: &str| {
        s.len() == 6
            && matches!(s.as_bytes()[0], b'N' | b'U')
            && s[1..].bytes().all(|b| b.is_ascii_digit())
    };
    is_kpi(&r.model.outcome) || r.model.covariates.iter().any(|c| is_kpi(c))
}

/// Data sources with credit.
pub fn data_sources(r: &ModelResult, lang: Lang) -> Vec<String> {
    let mut v = Vec::new();
    if uses_kolada(r) {
        v.push(lang.msg().kolada_the_council_for_the_promotion.to_string());
    }
    if !r.model.data_source.is_empty() {
        v.push(format!("{} {}", lang.msg().data_file, r.model.data_source));
    }
    if !r.generator.is_empty() {
        v.push(format!("{} {}", lang.msg().computed_with, r.generator));
    }
    v
}

/// Caveats a reader should keep in mind.
pub fn caveats(r: &ModelResult, lang: Lang) -> Vec<String> {
    let mut v: Vec<String> = vec![
        lang.msg().the_modelled_value_is_not_a.into(),
        lang.msg().the_relations_are_statistical_not_causal.into(),
    ];
    if uses_kolada(r) {
        v.push(lang.msg().definition_breaks_in_kolada_refugee_hous.into());
    }
    for w in &r.fit.warnings {
        v.push(format!(
            "{} {}",
            lang.msg().fit_warning,
            crate::i18n::reasons::warning(w, lang)
        ));
    }
    v
}

/// `s` with its first letter upper case.
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Human names of the convention fields (results.json `conventions`).
pub fn conventions(r: &ModelResult, lang: Lang) -> Vec<(String, String)> {
    let c = &r.conventions;
    vec![
        ("R²".to_string(), c.r2.clone()),
        ("AIC/BIC".to_string(), c.aic.clone()),
        (lang.msg().weights.into(), c.weights.clone()),
        (lang.msg().robust_standard_errors_hc.into(), c.hc.clone()),
        (
            lang.msg().cluster_robust_standard_errors.into(),
            c.cluster.clone(),
        ),
        (
            lang.msg().prediction_interval_2.into(),
            c.prediction_interval.clone(),
        ),
        (lang.msg().outlier_test.into(), c.outlier_test.clone()),
        ("VIF".to_string(), c.vif.clone()),
        (
            lang.msg().condition_number.into(),
            c.condition_number.clone(),
        ),
        (
            capitalised(lang.msg().deviation_in_percent),
            c.deviation_pct.clone(),
        ),
    ]
    .into_iter()
    // A result written before the percent rule has no text for it.
    .filter(|(_, v)| !v.is_empty())
    // A GLM states its own deviance-based measures below; R² and the linear
    // AIC convention would mislead.
    .filter(|(k, _)| r.fit.glm.is_none() || (k != "R²" && k != "AIC/BIC"))
    .chain(
        r.fit
            .glm
            .as_ref()
            .map(|g| super::family::glm_conventions(r, g, lang))
            .unwrap_or_default(),
    )
    .collect()
}
