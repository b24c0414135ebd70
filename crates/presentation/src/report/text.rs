//! The words of the report that do not come from the data: model description,
//! flag rules with their formulas and sources, glossary, data credit and
//! caveats, in Swedish and English. Plain text (Unicode maths); the HTML
//! exporter escapes it, the Markdown exporter uses it as is.

use super::format as f;
use super::{correction_name, in_sentence, label, level};
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
            let l = label(r, c);
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
    let outcome = in_sentence(label(r, &r.model.outcome));
    let how = match (&r.model.weight, r.fit.weighted) {
        (Some(w), true) => match lang {
            Lang::Sv => format!(
                "viktad minsta kvadrat-metod (WLS) med vikten {} ({w}), så att stora områden väger tyngre",
                in_sentence(label(r, w))
            ),
            Lang::En => format!(
                "weighted least squares (WLS) with weight {} ({w}), so larger areas count for more",
                in_sentence(label(r, w))
            ),
        },
        _ => lang
            .pick(
                "vanlig minsta kvadrat-metod (OLS), alla områden väger lika",
                "ordinary least squares (OLS), every area counts the same",
            )
            .to_string(),
    };
    let fe = if r.model.fixed_effects.is_empty() {
        String::new()
    } else {
        format!(
            "{} {}.",
            lang.pick(" Fixa effekter för", " Fixed effects for"),
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
            lang.pick("Avvikelse", "Deviation").into(),
            lang.pick(
                "eᵢ = yᵢ − ŷᵢ (utfall minus modellvärde), i utfallets enhet",
                "eᵢ = yᵢ − ŷᵢ (actual minus modelled), in the outcome's unit",
            )
            .into(),
        ),
        (
            lang.pick("Avvikelse i procent", "Deviation in percent").into(),
            lang.pick(
                "100 · (yᵢ − ŷᵢ) / ŷᵢ, bara där ŷᵢ > 0 (annars –)",
                "100 · (yᵢ − ŷᵢ) / ŷᵢ, only where ŷᵢ > 0 (else –)",
            )
            .into(),
        ),
        (
            lang.pick("Avvikelse totalt", "Total deviation").into(),
            lang.pick(
                "(yᵢ − ŷᵢ) · befolkningᵢ, i kronor",
                "(yᵢ − ŷᵢ) · populationᵢ, in kronor",
            )
            .into(),
        ),
        (
            lang.pick("Modellvärde utan området", "Leave-one-out modelled").into(),
            lang.pick(
                "ŷ₍ᵢ₎ = yᵢ − eᵢ/(1 − hᵢ): modellvärdet när modellen skattas utan området, så att ett område inte drar sitt eget modellvärde mot sig",
                "ŷ₍ᵢ₎ = yᵢ − eᵢ/(1 − hᵢ): the modelled value when the model is fitted without the area, so an area does not pull its own modelled value towards itself",
            )
            .into(),
        ),
    ]
}

/// The ratio, for a log-link model: (name, formula).
pub fn ratio_formula(r: &ModelResult, lang: Lang) -> Option<(String, String)> {
    super::deviation::reads_as_ratio(r).then(|| {
        (
            lang.pick("Kvot", "Ratio").into(),
            lang.pick(
                "yᵢ / ŷᵢ: hur många gånger sitt modellvärde området betalar (1,46 = 46 % mer); bara där ŷᵢ > 0",
                "yᵢ / ŷᵢ: how many times its modelled value the area pays (1.46 = 46% more); only where ŷᵢ > 0",
            )
            .into(),
        )
    })
}

/// Each flag rule: (machine name, human label, rule with formula and source).
pub fn flag_rules(r: &ModelResult, lang: Lang) -> Vec<(String, String, String)> {
    let n = r.fit.n.max(1) as f64;
    let p = r.fit.p as f64;
    let lvl = level(r, lang);
    let alpha = f::number(r.model.alpha, 2, lang);
    let corr = correction_name(r);
    let corr_formula = if corr == "Benjamini–Hochberg" {
        lang.pick(
            "Benjamini–Hochbergs q-värde (styr andelen falska upptäckter; Benjamini & Hochberg 1995)",
            "the Benjamini–Hochberg q-value (controls the false discovery rate; Benjamini & Hochberg 1995)",
        )
    } else {
        lang.pick(
            "Bonferroni-korrigerat p = min(1, n·pᵢ) (Dunn 1961)",
            "the Bonferroni-adjusted p = min(1, n·pᵢ) (Dunn 1961)",
        )
    };
    let lab = |flag: &str| super::flag_label(flag, r, lang);
    if r.fit.glm.is_some() {
        return glm_flag_rules(r, lang, &lvl, &alpha, corr_formula);
    }
    vec![
        (
            super::ABOVE_INTERVAL.into(),
            lab(super::ABOVE_INTERVAL),
            match lang {
                Lang::Sv => format!("Utfallet ligger över {lvl} prediktionsintervall kring modellvärdet utan området: yᵢ > ŷ₍ᵢ₎ + t(1−α/2; n−p−1) · √(σ̂₍ᵢ₎²/wᵢ + xᵢᵀ Cov₍ᵢ₎(β̂) xᵢ), där ₍ᵢ₎ betyder skattat utan område i och wᵢ är vikten (1 utan vikter)."),
                Lang::En => format!("The actual value lies above the {lvl} prediction interval around the leave-one-out modelled value: yᵢ > ŷ₍ᵢ₎ + t(1−α/2; n−p−1) · √(σ̂₍ᵢ₎²/wᵢ + xᵢᵀ Cov₍ᵢ₎(β̂) xᵢ), where ₍ᵢ₎ means estimated without area i and wᵢ is the weight (1 when unweighted)."),
            },
        ),
        (
            super::BELOW_INTERVAL.into(),
            lab(super::BELOW_INTERVAL),
            match lang {
                Lang::Sv => format!("Utfallet ligger under samma {lvl} intervall: yᵢ < ŷ₍ᵢ₎ − t(1−α/2; n−p−1) · √(…)."),
                Lang::En => format!("The actual value lies below the same {lvl} interval: yᵢ < ŷ₍ᵢ₎ − t(1−α/2; n−p−1) · √(…)."),
            },
        ),
        (
            super::OUTLIER.into(),
            lab(super::OUTLIER),
            match lang {
                Lang::Sv => format!("Det externt studentiserade residualet tᵢ = eᵢ / (σ̂₍ᵢ₎ √(1 − hᵢ)) prövas tvåsidigt mot Students t med n−p−1 frihetsgrader. Eftersom alla n områden prövas samtidigt används {corr_formula}; flaggas när det är < α = {alpha}."),
                Lang::En => format!("The externally studentized residual tᵢ = eᵢ / (σ̂₍ᵢ₎ √(1 − hᵢ)) is tested two-sided against Student's t with n−p−1 degrees of freedom. Because all n areas are tested at once, {corr_formula} is used; flagged when it is < α = {alpha}."),
            },
        ),
        (
            super::INFLUENTIAL.into(),
            lab(super::INFLUENTIAL),
            match lang {
                Lang::Sv => format!("Området påverkar skattningen mycket: Cooks avstånd Dᵢ = tᵢ*² hᵢ / (p (1 − hᵢ)) > 4/n = {} (Cook 1977), eller hävstången hᵢ > 2p/n = {} (Belsley, Kuh & Welsch 1980). tᵢ* är det internt studentiserade residualet.", f::number(4.0 / n, 3, lang), f::number(2.0 * p / n, 3, lang)),
                Lang::En => format!("The area has a large influence on the estimates: Cook's distance Dᵢ = tᵢ*² hᵢ / (p (1 − hᵢ)) > 4/n = {} (Cook 1977), or leverage hᵢ > 2p/n = {} (Belsley, Kuh & Welsch 1980). tᵢ* is the internally studentized residual.", f::number(4.0 / n, 3, lang), f::number(2.0 * p / n, 3, lang)),
            },
        ),
        (
            super::PRACTICAL.into(),
            lab(super::PRACTICAL),
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
) -> Vec<(String, String, String)> {
    let n = r.fit.n.max(1) as f64;
    let p = r.fit.p as f64;
    let lab = |flag: &str| super::flag_label(flag, r, lang);
    let dist = if super::family::test_name(r) == "z" {
        lang.pick("normalfördelningen", "the standard normal distribution")
    } else {
        lang.pick(
            "Students t med n−p−1 frihetsgrader",
            "Student's t with n−p−1 degrees of freedom",
        )
    };
    vec![
        (
            super::ABOVE_INTERVAL.into(),
            lab(super::ABOVE_INTERVAL),
            match lang {
                Lang::Sv => format!("Utfallet ligger över {lvl} prediktionsintervall kring modellvärdet utan området, μ̂₍ᵢ₎. Intervallet bygger på familjens variansfunktion, φ̂·V(μ̂₍ᵢ₎)/wᵢ, och osäkerheten i den linjära prediktorn, xᵢᵀCov₍ᵢ₎(β̂)xᵢ, förd till utfallets skala genom länken; den exakta definitionen står under Konventioner."),
                Lang::En => format!("The actual value lies above the {lvl} prediction interval around the leave-one-out modelled value μ̂₍ᵢ₎. The interval combines the family's variance function, φ̂·V(μ̂₍ᵢ₎)/wᵢ, and the uncertainty of the linear predictor, xᵢᵀCov₍ᵢ₎(β̂)xᵢ, carried to the outcome's scale through the link; the exact definition is under Conventions."),
            },
        ),
        (
            super::BELOW_INTERVAL.into(),
            lab(super::BELOW_INTERVAL),
            match lang {
                Lang::Sv => format!("Utfallet ligger under samma {lvl} intervall."),
                Lang::En => format!("The actual value lies below the same {lvl} interval."),
            },
        ),
        (
            super::OUTLIER.into(),
            lab(super::OUTLIER),
            match lang {
                Lang::Sv => format!("Det externt studentiserade residualet (R rstudent för glm: devians­residualet skalat med dispersionen utan området och √(1 − hᵢ)) prövas tvåsidigt mot {dist}. Eftersom alla n områden prövas samtidigt används {corr_formula}; flaggas när det är < α = {alpha}."),
                Lang::En => format!("The externally studentized residual (R's rstudent for glm: the deviance residual scaled by the leave-one-out dispersion and √(1 − hᵢ)) is tested two-sided against {dist}. Because all n areas are tested at once, {corr_formula} is used; flagged when it is < α = {alpha}."),
            },
        ),
        (
            super::INFLUENTIAL.into(),
            lab(super::INFLUENTIAL),
            match lang {
                Lang::Sv => format!("Området påverkar skattningen mycket: Cooks avstånd för glm (R cooks.distance, med Pearsonresidualen och IRLS-vikternas hävstång) > 4/n = {}, eller hävstången hᵢ > 2p/n = {}.", f::number(4.0 / n, 3, lang), f::number(2.0 * p / n, 3, lang)),
                Lang::En => format!("The area has a large influence on the estimates: Cook's distance for glm (R's cooks.distance, from the Pearson residual and the leverage of the IRLS weights) > 4/n = {}, or leverage hᵢ > 2p/n = {}.", f::number(4.0 / n, 3, lang), f::number(2.0 * p / n, 3, lang)),
            },
        ),
        (
            super::PRACTICAL.into(),
            lab(super::PRACTICAL),
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
        v.push(lang.pick(
            "Kolada, Rådet för främjande av kommunala analyser (RKA), kolada.se. Ursprungliga producenter: Statistiska centralbyrån (SCB) och Socialstyrelsen.",
            "Kolada, the Council for the Promotion of Municipal Analyses (RKA), kolada.se. Original producers: Statistics Sweden (SCB) and the National Board of Health and Welfare (Socialstyrelsen).",
        ).to_string());
    }
    if !r.model.data_source.is_empty() {
        v.push(format!(
            "{} {}",
            lang.pick("Datafil:", "Data file:"),
            r.model.data_source
        ));
    }
    if !r.generator.is_empty() {
        v.push(format!(
            "{} {}",
            lang.pick("Beräknat med", "Computed with"),
            r.generator
        ));
    }
    v
}

/// Caveats a reader should keep in mind.
pub fn caveats(r: &ModelResult, lang: Lang) -> Vec<String> {
    let mut v: Vec<String> = vec![
        lang.pick(
            "Modellvärdet är ingen norm. Det visar vad områdets struktur (de variabler som ingår) förutsäger, utifrån hur det ser ut i genomsnitt bland de jämförda områdena. En avvikelse kan bero på sådant som inte ingår i modellen – bostadsmarknad, arbetsmarknad, arbetssätt, registrering – och säger inte i sig något om effektivitet.",
            "The modelled value is not a norm. It shows what the area's structure (the variables in the model) predicts, from how things are on average among the areas compared. A deviation can come from what the model leaves out – housing, labour market, practice, recording – and does not by itself say anything about efficiency.",
        )
        .into(),
        lang.pick(
            "Sambanden är statistiska, inte orsakssamband. Små områden har osäkrare utfall; prediktionsintervallet tar hänsyn till detta när modellen är viktad med befolkningen.",
            "The relations are statistical, not causal. Small areas have noisier outcomes; the prediction interval accounts for this when the model is weighted by population.",
        )
        .into(),
    ];
    if uses_kolada(r) {
        v.push(lang.pick(
            "Definitionsbrott i Kolada: flyktinghushåll med introduktionsersättning räknades inte som ekonomiskt bistånd fram till omkring 2010–2012; N00914 (RAMS) upphör 2021 och ersätts av N02243 från 2020; SKR:s modell bakom U31004 ändrades 2020. Kolada reviderar värden i efterhand, så siffror kan skilja från dagens Kolada.",
            "Definition breaks in Kolada: refugee households on introduction benefit were not counted as social assistance until about 2010–2012; N00914 (RAMS) ends in 2021 and is replaced by N02243 from 2020; the SKR model behind U31004 changed in 2020. Kolada revises values afterwards, so figures can differ from today's Kolada.",
        ).into());
    }
    for w in &r.fit.warnings {
        v.push(format!(
            "{} {w}",
            lang.pick("Varning från skattningen:", "Fit warning:")
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
        (lang.pick("Vikter", "Weights").into(), c.weights.clone()),
        (
            lang.pick("Robusta medelfel (HC)", "Robust standard errors (HC)")
                .into(),
            c.hc.clone(),
        ),
        (
            lang.pick("Klusterrobusta medelfel", "Cluster-robust standard errors")
                .into(),
            c.cluster.clone(),
        ),
        (
            lang.pick("Prediktionsintervall", "Prediction interval")
                .into(),
            c.prediction_interval.clone(),
        ),
        (
            lang.pick("Avvikartest", "Outlier test").into(),
            c.outlier_test.clone(),
        ),
        ("VIF".to_string(), c.vif.clone()),
        (
            lang.pick("Konditionstal", "Condition number").into(),
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
