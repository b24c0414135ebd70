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
        (Some(w), true) => match lang {
            Lang::Sv => format!(
                "viktad minsta kvadrat-metod (WLS) med vikten {} ({w}), så att stora områden väger tyngre",
                in_sentence(label(r, w, lang))
            ),
            Lang::En => format!(
                "weighted least squares (WLS) with weight {} ({w}), so larger areas count for more",
                in_sentence(label(r, w, lang))
            ),
        },
        _ => lang.msg().ordinary_least_squares_ols_every_area
            .to_string(),
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
    match lang {
        Lang::Sv => format!(
            "Linjär regression av {outcome} ({}) på {}, skattad med {how}. Modellvärdet ŷᵢ = xᵢᵀβ̂ är det värde modellen förväntar sig för ett område med områdets struktur.{fe}",
            r.model.outcome,
            covs.join(", ")
        ),
        Lang::En => format!(
            "Linear regression of {outcome} ({}) on {}, estimated by {how}. The modelled value ŷᵢ = xᵢᵀβ̂ is what the model expects for an area with this area's structure.{fe}",
            r.model.outcome,
            covs.join(", ")
        ),
    }
}

/// The deviation measures, as (name, formula) pairs.
pub fn deviation_formulas(lang: Lang) -> Vec<(String, String)> {
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
            lang.msg().y_e_1_h_the_modelled.into(),
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
            match lang {
                Lang::Sv => format!("Utfallet ligger över {lvl} prediktionsintervall kring modellvärdet utan området: yᵢ > ŷ₍ᵢ₎ + t(1−α/2; n−p−1) · √(σ̂₍ᵢ₎²/wᵢ + xᵢᵀ Cov₍ᵢ₎(β̂) xᵢ), där ₍ᵢ₎ betyder skattat utan område i och wᵢ är vikten (1 utan vikter)."),
                Lang::En => format!("The actual value lies above the {lvl} prediction interval around the leave-one-out modelled value: yᵢ > ŷ₍ᵢ₎ + t(1−α/2; n−p−1) · √(σ̂₍ᵢ₎²/wᵢ + xᵢᵀ Cov₍ᵢ₎(β̂) xᵢ), where ₍ᵢ₎ means estimated without area i and wᵢ is the weight (1 when unweighted)."),
            },
        ),
        (
            Flag::BelowInterval,
            lab(Flag::BelowInterval),
            match lang {
                Lang::Sv => format!("Utfallet ligger under samma {lvl} intervall: yᵢ < ŷ₍ᵢ₎ − t(1−α/2; n−p−1) · √(…)."),
                Lang::En => format!("The actual value lies below the same {lvl} interval: yᵢ < ŷ₍ᵢ₎ − t(1−α/2; n−p−1) · √(…)."),
            },
        ),
        (
            Flag::Outlier,
            lab(Flag::Outlier),
            match lang {
                Lang::Sv => format!("Det externt studentiserade residualet tᵢ = eᵢ / (σ̂₍ᵢ₎ √(1 − hᵢ)) prövas tvåsidigt mot Students t med n−p−1 frihetsgrader. Eftersom alla n områden prövas samtidigt används {corr_formula}; flaggas när det är < α = {alpha}."),
                Lang::En => format!("The externally studentized residual tᵢ = eᵢ / (σ̂₍ᵢ₎ √(1 − hᵢ)) is tested two-sided against Student's t with n−p−1 degrees of freedom. Because all n areas are tested at once, {corr_formula} is used; flagged when it is < α = {alpha}."),
            },
        ),
        (
            Flag::Influential,
            lab(Flag::Influential),
            match lang {
                Lang::Sv => format!("Området påverkar skattningen mycket: Cooks avstånd Dᵢ = tᵢ*² hᵢ / (p (1 − hᵢ)) > 4/n = {} (Cook 1977), eller hävstången hᵢ > 2p/n = {} (Belsley, Kuh & Welsch 1980). tᵢ* är det internt studentiserade residualet.", f::number(4.0 / n, 3, lang), f::number(2.0 * p / n, 3, lang)),
                Lang::En => format!("The area has a large influence on the estimates: Cook's distance Dᵢ = tᵢ*² hᵢ / (p (1 − hᵢ)) > 4/n = {} (Cook 1977), or leverage hᵢ > 2p/n = {} (Belsley, Kuh & Welsch 1980). tᵢ* is the internally studentized residual.", f::number(4.0 / n, 3, lang), f::number(2.0 * p / n, 3, lang)),
            },
        ),
        (
            Flag::Practical,
            lab(Flag::Practical),
            match lang {
                Lang::Sv => format!("Avvikelsen är stor nog att spela roll i praktiken: |100 · (yᵢ − ŷᵢ)/ŷᵢ| ≥ {}. En statistiskt säker men liten avvikelse flaggas inte här.", f::percent(r.model.min_deviation_pct, 0, lang)),
                Lang::En => format!("The deviation is large enough to matter in practice: |100 · (yᵢ − ŷᵢ)/ŷᵢ| ≥ {}. A statistically clear but small deviation is not flagged here.", f::percent(r.model.min_deviation_pct, 0, lang)),
            },
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
            match lang {
                Lang::Sv => format!("Utfallet ligger över {lvl} prediktionsintervall kring modellvärdet utan området, μ̂₍ᵢ₎. Intervallet bygger på familjens variansfunktion, φ̂·V(μ̂₍ᵢ₎)/wᵢ, och osäkerheten i den linjära prediktorn, xᵢᵀCov₍ᵢ₎(β̂)xᵢ, förd till utfallets skala genom länken; den exakta definitionen står under Konventioner."),
                Lang::En => format!("The actual value lies above the {lvl} prediction interval around the leave-one-out modelled value μ̂₍ᵢ₎. The interval combines the family's variance function, φ̂·V(μ̂₍ᵢ₎)/wᵢ, and the uncertainty of the linear predictor, xᵢᵀCov₍ᵢ₎(β̂)xᵢ, carried to the outcome's scale through the link; the exact definition is under Conventions."),
            },
        ),
        (
            Flag::BelowInterval,
            lab(Flag::BelowInterval),
            match lang {
                Lang::Sv => format!("Utfallet ligger under samma {lvl} intervall."),
                Lang::En => format!("The actual value lies below the same {lvl} interval."),
            },
        ),
        (
            Flag::Outlier,
            lab(Flag::Outlier),
            match lang {
                Lang::Sv => format!("Det externt studentiserade residualet (R rstudent för glm: devians­residualet skalat med dispersionen utan området och √(1 − hᵢ)) prövas tvåsidigt mot {dist}. Eftersom alla n områden prövas samtidigt används {corr_formula}; flaggas när det är < α = {alpha}."),
                Lang::En => format!("The externally studentized residual (R's rstudent for glm: the deviance residual scaled by the leave-one-out dispersion and √(1 − hᵢ)) is tested two-sided against {dist}. Because all n areas are tested at once, {corr_formula} is used; flagged when it is < α = {alpha}."),
            },
        ),
        (
            Flag::Influential,
            lab(Flag::Influential),
            match lang {
                Lang::Sv => format!("Området påverkar skattningen mycket: Cooks avstånd för glm (R cooks.distance, med Pearsonresidualen och IRLS-vikternas hävstång) > 4/n = {}, eller hävstången hᵢ > 2p/n = {}.", f::number(4.0 / n, 3, lang), f::number(2.0 * p / n, 3, lang)),
                Lang::En => format!("The area has a large influence on the estimates: Cook's distance for glm (R's cooks.distance, from the Pearson residual and the leverage of the IRLS weights) > 4/n = {}, or leverage hᵢ > 2p/n = {}.", f::number(4.0 / n, 3, lang), f::number(2.0 * p / n, 3, lang)),
            },
        ),
        (
            Flag::Practical,
            lab(Flag::Practical),
            match lang {
                Lang::Sv => format!("Avvikelsen är stor nog att spela roll i praktiken: |100 · (yᵢ − μ̂ᵢ)/μ̂ᵢ| ≥ {}, det vill säga kvoten yᵢ/μ̂ᵢ ligger minst så långt från 1.", f::percent(r.model.min_deviation_pct, 0, lang)),
                Lang::En => format!("The deviation is large enough to matter in practice: |100 · (yᵢ − μ̂ᵢ)/μ̂ᵢ| ≥ {}, that is, the ratio yᵢ/μ̂ᵢ lies at least that far from 1.", f::percent(r.model.min_deviation_pct, 0, lang)),
            },
        ),
    ]
}

/// Glossary of the report's terms: (term, meaning).
pub fn glossary(r: &ModelResult, lang: Lang) -> Vec<(String, String)> {
    let lvl = level(r, lang);
    let items: Vec<(&str, String)> = match lang {
        Lang::Sv => vec![
            ("Område", "enheten som jämförs: en stadsdel eller en kommun, med id, namn, grupp och år.".into()),
            ("Grupp", "det området hör till: staden (för stadsdelar) eller länet (för kommuner).".into()),
            ("Utfall", "det observerade värdet, t.ex. utbetalt ekonomiskt bistånd i kronor per invånare.".into()),
            ("Modellvärde", "det värde modellen förväntar sig för området utifrån dess struktur.".into()),
            ("Modellvärde utan området", "modellvärdet när modellen skattas utan området självt.".into()),
            ("Avvikelse", "utfall minus modellvärde, i kr/inv, i procent av modellvärdet och i kronor totalt (gånger befolkningen).".into()),
            ("Prediktionsintervall", format!("intervallet där ett nytt område med samma struktur skulle hamna med {lvl} sannolikhet.")),
            ("Flagga", "en regel som området uppfyller: över eller under intervallet, avvikartest, inflytelserik, stor avvikelse.".into()),
            ("Hävstång (hᵢ)", "hur ovanlig områdets kombination av förklarande variabler är; mellan 0 och 1.".into()),
            ("R²", "andelen av skillnaderna mellan områdena som modellen förklarar.".into()),
            ("Helårsekvivalent", "en biståndsmottagare omräknad till helår (nationellt mått).".into()),
        ],
        Lang::En => vec![
            ("Area", "the unit compared: a district or a municipality, with id, name, group and year.".into()),
            ("Group", "what the area belongs to: its city (for districts) or county (for municipalities).".into()),
            ("Actual", "the observed outcome, e.g. paid social assistance in kronor per inhabitant.".into()),
            ("Modelled", "the value the model expects for the area from its structure.".into()),
            ("Leave-one-out modelled", "the modelled value when the model is fitted without the area itself.".into()),
            ("Deviation", "actual minus modelled, in kr/inv, in percent of modelled and in kronor in total (times population).".into()),
            ("Prediction interval", format!("the interval in which a new area with the same structure would fall with {lvl} probability.")),
            ("Flag", "a rule the area trips: above or below the interval, outlier test, influential, large deviation.".into()),
            ("Leverage (hᵢ)", "how unusual the area's combination of explanatory variables is; between 0 and 1.".into()),
            ("R²", "the share of the differences between areas that the model explains.".into()),
            ("Full-year equivalent", "one recipient counted over a full year (national measure).".into()),
        ],
    };
    items.into_iter().map(|(a, b)| (a.to_string(), b)).collect()
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
    ]
    .into_iter()
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
