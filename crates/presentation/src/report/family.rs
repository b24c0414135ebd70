//! The words and tables a report needs for the model's family: its name, the
//! fit statistics of a generalised linear model (deviance, dispersion, θ),
//! the model comparison by cross-validation ("why this family") and the
//! Method text on families and on reading a ratio, in Swedish and English.
//! Shared by the HTML and Markdown exporters and the XLSX fit sheet.

use super::format as f;
use super::{in_sentence, label};
use crate::lang::Lang;
use crate::results::{Family, GlmStats, Link, ModelResult};

/// The family's name in running text: `kvasi-Poisson` / `quasi-Poisson`.
pub fn family_name(family: Family, lang: Lang) -> &'static str {
    match family {
        Family::Gaussian => lang.pick("normalfördelning", "Gaussian"),
        Family::Poisson => "Poisson",
        Family::QuasiPoisson => lang.pick("kvasi-Poisson", "quasi-Poisson"),
        Family::Gamma => "Gamma",
        Family::NegBin => lang.pick("negativ binomial", "negative binomial"),
    }
}

/// The link's name: `log-länk` / `log link`.
pub fn link_name(link: Link, lang: Lang) -> &'static str {
    match link {
        Link::Identity => lang.pick("identitetslänk", "identity link"),
        Link::Log => lang.pick("log-länk", "log link"),
    }
}

/// `kvasi-Poisson, log-länk` / `linjär (normalfördelning, identitetslänk)`.
pub fn family_link(family: Family, link: Link, lang: Lang) -> String {
    if family == Family::Gaussian && link == Link::Identity {
        return lang
            .pick(
                "linjär (normalfördelning, identitetslänk)",
                "linear (Gaussian, identity link)",
            )
            .into();
    }
    format!("{}, {}", family_name(family, lang), link_name(link, lang))
}

/// The GLM statistics of a result, when it is a generalised linear model.
pub fn glm(r: &ModelResult) -> Option<&GlmStats> {
    r.fit.glm.as_ref()
}

/// The name of the coefficient test statistic: `z` (dispersion fixed at 1)
/// or `t`, as `summary.glm` reports it.
pub fn test_name(r: &ModelResult) -> &str {
    match glm(r) {
        Some(g) if g.test == "z" => "z",
        _ => "t",
    }
}

/// A statistic that may be undefined (the AIC of a quasi-Poisson fit): `–`.
fn finite(x: f64, decimals: usize, lang: Lang) -> String {
    if x.is_finite() {
        f::number(x, decimals, lang)
    } else {
        f::MISSING.into()
    }
}

/// The fit table of a GLM as (measure, value) pairs: family and link,
/// deviance, null deviance, share explained, dispersion, θ, the test, the
/// likelihood-based criteria where a likelihood exists, the iterations.
pub fn glm_fit_rows(r: &ModelResult, g: &GlmStats, lang: Lang) -> Vec<(String, String)> {
    let fs = &r.fit;
    let mut v: Vec<(String, String)> = vec![
        (
            lang.pick("Modellfamilj", "Model family").into(),
            family_link(r.model.family, r.model.link, lang),
        ),
        ("n".into(), fs.n.to_string()),
        (
            lang.pick("Antal koefficienter (p)", "Coefficients (p)")
                .into(),
            fs.p.to_string(),
        ),
        (
            lang.pick("Devians D", "Deviance D").into(),
            format!("{} (df {})", f::sig(g.deviance, 4, lang), fs.df_resid),
        ),
        (
            lang.pick("Nolldevians D₀", "Null deviance D₀").into(),
            format!("{} (df {})", f::sig(g.null_deviance, 4, lang), g.df_null),
        ),
        (
            lang.pick(
                "Förklarad andel av deviansen, 1 − D/D₀",
                "Share of deviance explained, 1 − D/D₀",
            )
            .into(),
            f::percent(100.0 * g.deviance_explained, 1, lang),
        ),
        (
            lang.pick("Dispersion φ̂", "Dispersion φ̂").into(),
            if r.model.family.estimates_dispersion() {
                format!(
                    "{} ({})",
                    f::sig(g.dispersion, 4, lang),
                    lang.pick("Pearson χ²/df", "Pearson χ²/df")
                )
            } else {
                format!(
                    "1 ({})",
                    lang.pick("fast för familjen", "fixed by the family")
                )
            },
        ),
        ("Pearson χ²".into(), f::sig(g.pearson_chi2, 4, lang)),
    ];
    if let Some(theta) = g.theta {
        let se = g
            .theta_se
            .map(|s| {
                format!(
                    " ({} {})",
                    lang.pick("medelfel", "s.e."),
                    f::sig(s, 3, lang)
                )
            })
            .unwrap_or_default();
        v.push(("θ".into(), format!("{}{se}", f::sig(theta, 4, lang))));
    }
    v.push((
        lang.pick("Test av koefficienter", "Coefficient tests")
            .into(),
        match test_name(r) {
            "z" => lang
                .pick("z (dispersionen är känd)", "z (dispersion known)")
                .into(),
            _ => format!(
                "t, df {} ({})",
                fs.df_resid,
                lang.pick("dispersionen skattas", "dispersion estimated")
            ),
        },
    ));
    if r.model.family.has_likelihood() && fs.aic.is_finite() {
        v.push(("log L".into(), finite(fs.loglik, 1, lang)));
        v.push(("AIC".into(), finite(fs.aic, 1, lang)));
        v.push(("BIC".into(), finite(fs.bic, 1, lang)));
    } else {
        v.push((
            "AIC/BIC".into(),
            lang.pick(
                "– (kvasi-likelihood: ingen likelihood finns)",
                "– (quasi-likelihood: there is no likelihood)",
            )
            .into(),
        ));
    }
    v.push((
        lang.pick("IRLS-iterationer", "IRLS iterations").into(),
        g.iterations.to_string(),
    ));
    v.push((
        lang.pick("Modellvärde utan området", "Leave-one-out modelled")
            .into(),
        match g.loo_method.as_str() {
            "exact" => lang
                .pick(
                    "exakt omskattning utan området",
                    "exact refit without the area",
                )
                .into(),
            "one-step" => lang
                .pick(
                    "ettstegsapproximation (Pregibon 1981)",
                    "one-step approximation (Pregibon 1981)",
                )
                .into(),
            other => other.to_string(),
        },
    ));
    v
}

/// What was fitted, in one paragraph, for a GLM.
pub fn glm_description(r: &ModelResult, covs: &[String], lang: Lang) -> String {
    let outcome = in_sentence(label(r, &r.model.outcome));
    let fam = family_link(r.model.family, r.model.link, lang);
    let weight = match (&r.model.weight, r.fit.weighted) {
        (Some(w), true) => match lang {
            Lang::Sv => format!(
                ", med vikten {} ({w}) så att stora områden väger tyngre",
                in_sentence(label(r, w))
            ),
            Lang::En => format!(
                ", weighted by {} ({w}) so larger areas count for more",
                in_sentence(label(r, w))
            ),
        },
        _ => String::new(),
    };
    let offset = match &r.model.offset {
        Some(o) => match lang {
            Lang::Sv => format!(" Offset: log({o})."),
            Lang::En => format!(" Offset: log({o})."),
        },
        None => String::new(),
    };
    let mu = match r.model.link {
        Link::Log => "μ̂ᵢ = exp(xᵢᵀβ̂)",
        Link::Identity => "μ̂ᵢ = xᵢᵀβ̂",
    };
    match lang {
        Lang::Sv => format!(
            "Generaliserad linjär modell ({fam}) av {outcome} ({}) på {}, skattad med iterativt omviktade minsta kvadrater (IRLS){weight}. Modellvärdet {mu} är det värde modellen förväntar sig för ett område med områdets struktur.{offset}",
            r.model.outcome,
            covs.join(", ")
        ),
        Lang::En => format!(
            "Generalised linear model ({fam}) of {outcome} ({}) on {}, estimated by iteratively reweighted least squares (IRLS){weight}. The modelled value {mu} is what the model expects for an area with this area's structure.{offset}",
            r.model.outcome,
            covs.join(", ")
        ),
    }
}

/// The model comparison in one sentence: the spec's family beside the linear
/// model, with how much lower (or higher) its cross-validated error is.
pub fn comparison_sentence(r: &ModelResult, lang: Lang) -> Option<String> {
    let mc = r.model_comparison.as_ref()?;
    let chosen = mc.rows.iter().find(|x| x.chosen)?;
    let linear = mc
        .rows
        .iter()
        .find(|x| !x.chosen && x.family == Family::Gaussian && x.link == Link::Identity);
    let d = super::value_decimals(r);
    let unit = &r.model.outcome_unit;
    let name = family_link(chosen.family, chosen.link, lang);
    let rmse = f::with_unit(chosen.cv_rmse, d, unit, lang);
    Some(match (linear, lang) {
        (Some(l), Lang::Sv) => {
            let change = 100.0 * (chosen.cv_rmse / l.cv_rmse - 1.0);
            format!(
                "Med {k}-faldig korsvalidering (samma delar för båda) är det viktade prediktionsfelet {rmse} för {name} mot {} för den linjära modellen på samma variabler – {} {}.{}",
                f::with_unit(l.cv_rmse, d, unit, lang),
                f::percent(change.abs(), 0, lang),
                if change <= 0.0 { "lägre" } else { "högre" },
                better(r, lang),
                k = mc.k,
            )
        }
        (Some(l), Lang::En) => {
            let change = 100.0 * (chosen.cv_rmse / l.cv_rmse - 1.0);
            format!(
                "By {k}-fold cross-validation (the same folds for both) the weighted prediction error is {rmse} for {name} against {} for the linear model on the same covariates – {} {}.{}",
                f::with_unit(l.cv_rmse, d, unit, lang),
                f::percent(change.abs(), 0, lang),
                if change <= 0.0 { "lower" } else { "higher" },
                better(r, lang),
                k = mc.k,
            )
        }
        (None, Lang::Sv) => format!(
            "Korsvaliderat viktat prediktionsfel ({}-faldigt) för {name}: {rmse}.{}",
            mc.k,
            better(r, lang)
        ),
        (None, Lang::En) => format!(
            "Cross-validated weighted prediction error ({}-fold) for {name}: {rmse}.{}",
            mc.k,
            better(r, lang)
        ),
    })
}

/// For a spec whose own family is beaten: the family with the lowest
/// cross-validated error, said plainly (the linear continuity model keeps
/// its family on purpose; the reader should still see the better one).
fn better(r: &ModelResult, lang: Lang) -> String {
    let Some(mc) = r.model_comparison.as_ref() else {
        return String::new();
    };
    let Some(chosen) = mc.rows.iter().find(|x| x.chosen) else {
        return String::new();
    };
    let best = mc
        .rows
        .iter()
        .filter(|x| !x.chosen && x.cv_rmse.is_finite())
        .min_by(|a, b| a.cv_rmse.total_cmp(&b.cv_rmse));
    match best {
        Some(b) if b.cv_rmse < chosen.cv_rmse => {
            let d = super::value_decimals(r);
            let v = f::with_unit(b.cv_rmse, d, &r.model.outcome_unit, lang);
            let fam = family_link(b.family, b.link, lang);
            match lang {
                Lang::Sv => format!(" Lägst fel har {fam}: {v}."),
                Lang::En => format!(" The lowest error is {fam}'s: {v}."),
            }
        }
        _ => String::new(),
    }
}

/// The comparison table: header and rows (family, weighted CV RMSE, failed
/// folds, chosen), formatted. The mean held-out deviance is left to
/// results.json: each family measures it on its own scale, so it does not
/// compare across rows.
pub fn comparison_table(r: &ModelResult, lang: Lang) -> Option<(Vec<String>, Vec<Vec<String>>)> {
    let mc = r.model_comparison.as_ref()?;
    let d = super::value_decimals(r);
    let unit = &r.model.outcome_unit;
    let header = vec![
        lang.pick("Modellfamilj", "Model family").to_string(),
        if unit.is_empty() {
            lang.pick(
                "Korsvaliderat fel (viktat RMSE)",
                "Cross-validated error (weighted RMSE)",
            )
            .to_string()
        } else {
            format!(
                "{} ({unit})",
                lang.pick(
                    "Korsvaliderat fel (viktat RMSE)",
                    "Cross-validated error (weighted RMSE)"
                )
            )
        },
        lang.pick("Misslyckade delar", "Failed folds").to_string(),
        lang.pick("Vald", "Chosen").to_string(),
    ];
    let rows = mc
        .rows
        .iter()
        .map(|x| {
            vec![
                family_link(x.family, x.link, lang),
                f::number(x.cv_rmse, d.max(1), lang),
                x.n_folds_failed.to_string(),
                if x.chosen {
                    lang.pick("ja", "yes").into()
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    Some((header, rows))
}

/// A note under the comparison table: what the numbers are.
pub fn comparison_note(r: &ModelResult, lang: Lang) -> Option<String> {
    let mc = r.model_comparison.as_ref()?;
    Some(match lang {
        Lang::Sv => format!(
            "Områdena delas slumpvis i {} delar (frö {}); varje del förutsägs av modellen skattad på de andra. Felet är utfall minus förutsägelse, kvadrerat och viktat med vikten (befolkningen), på utfallets skala – samma mått för alla familjer (varje familjs medeldevians står i results.json).",
            mc.k, mc.seed
        ),
        Lang::En => format!(
            "The areas are split at random into {} folds (seed {}); each fold is predicted by the model fitted on the others. The error is actual minus prediction, squared and weighted by the weight (population), on the outcome's scale – the same measure for every family (each family's mean deviance is in results.json).",
            mc.k, mc.seed
        ),
    })
}

/// The Method text on model families, the choice by cross-validation and how
/// to read a ratio: (heading, paragraph) pairs.
pub fn method_families(r: &ModelResult, lang: Lang) -> Vec<(String, String)> {
    let mut v = vec![
        (
            lang.pick("Modellfamiljer", "Model families").to_string(),
            lang.pick(
                "Den linjära modellen (normalfördelning, identitetslänk; vanlig eller viktad minsta kvadrat-metod) lägger ihop variablernas bidrag i kronor. Den kan ge ett modellvärde nära noll eller under noll, vilket inte är en möjlig kostnad. En generaliserad linjär modell med log-länk multiplicerar i stället bidragen: modellvärdet är exp(xᵀβ) och alltid positivt. Familjen anger hur spridningen väntas växa med nivån: kvasi-Poisson (varians φμ, för icke-negativa belopp som kr/inv), Gamma (varians φμ², spridningen proportionell mot nivån), Poisson och negativ binomial (för antal, t.ex. mottagare, med befolkningen som offset). Dispersionen φ skattas med Pearsons metod som i R:s summary.glm; negativ binomials θ med maximal likelihood som i MASS::glm.nb.",
                "The linear model (Gaussian, identity link; ordinary or weighted least squares) adds up the covariates' contributions in kronor. It can give a modelled value near zero or below, which is not a possible cost. A generalised linear model with a log link multiplies the contributions instead: the modelled value is exp(xᵀβ) and always positive. The family says how the spread is expected to grow with the level: quasi-Poisson (variance φμ, for non-negative amounts such as kr/inv), Gamma (variance φμ², spread proportional to the level), Poisson and negative binomial (for counts, e.g. recipients, with population as an offset). The dispersion φ is estimated by Pearson's method as R's summary.glm does; the negative binomial's θ by maximum likelihood as MASS::glm.nb.",
            )
            .to_string(),
        ),
        (
            lang.pick("Val genom korsvalidering", "Choice by cross-validation").to_string(),
            lang.pick(
                "Familjen väljs per modell efter hur väl den förutsäger områden den inte har sett: områdena delas i k delar, varje del förutsägs av modellen skattad på de andra, och felet (utfall minus förutsägelse, viktat med befolkningen) jämförs med den linjära modellens på samma variabler och samma delar. Tabellen under Modellen visar siffrorna för detta år.",
                "The family is chosen per model by how well it predicts areas it has not seen: the areas are split into k folds, each fold is predicted by the model fitted on the others, and the error (actual minus prediction, weighted by population) is compared with the linear model's on the same covariates and the same folds. The table under The model shows the numbers for this year.",
            )
            .to_string(),
        ),
    ];
    if r.model.link == Link::Log {
        v.push((
            lang.pick("Att läsa en kvot", "How to read a ratio").to_string(),
            lang.pick(
                "Med log-länk är avvikelsen en faktor: kvoten utfall/modellvärde. 1,46 betyder att området betalar 1,46 gånger sitt modellvärde (46 % mer än modellen väntar sig), 0,80 att det betalar 0,80 gånger (20 % mindre). Kvoterna 2 och 0,5 är lika stora avvikelser åt var sitt håll, därför ritas de på logaritmisk skala. En koefficients exp(β) är den faktor modellvärdet multipliceras med när variabeln ökar en enhet och de andra hålls lika.",
                "With a log link a deviation is a factor: the ratio actual/modelled. 1.46 means the area pays 1.46 times its modelled value (46% more than the model expects), 0.80 that it pays 0.80 times (20% less). Ratios of 2 and 0.5 are equally large deviations in opposite directions, which is why they are drawn on a logarithmic scale. A coefficient's exp(β) is the factor the modelled value is multiplied by when the covariate rises by one unit and the others are held fixed.",
            )
            .to_string(),
        ));
    }
    v
}

/// The conventions a GLM adds: family and link, the dispersion estimate, the
/// interval and the residuals, as (name, text) pairs.
pub fn glm_conventions(r: &ModelResult, g: &GlmStats, lang: Lang) -> Vec<(String, String)> {
    let disp = if r.model.family.estimates_dispersion() {
        format!(
            "phi = Pearson chi2 / df_resid = {} / {} = {} (R summary.glm)",
            f::roundtrip(g.pearson_chi2),
            r.fit.df_resid,
            f::roundtrip(g.dispersion)
        )
    } else if let Some(t) = g.theta {
        format!(
            "phi = 1; negative binomial theta = {} by maximum likelihood (MASS::glm.nb)",
            f::roundtrip(t)
        )
    } else {
        "phi = 1 (fixed by the family)".into()
    };
    vec![
        (
            lang.pick("Familj och länk", "Family and link").into(),
            format!(
                "family = {}, link = {}{}; IRLS to coefficient convergence ({} iterations)",
                r.model.family.as_str(),
                r.model.link.as_str(),
                r.model
                    .offset
                    .as_ref()
                    .map(|o| format!(", offset = log({o})"))
                    .unwrap_or_default(),
                g.iterations
            ),
        ),
        (lang.pick("Dispersion", "Dispersion").into(), disp),
        (
            lang.pick("Test av koefficienter", "Coefficient tests").into(),
            if g.test == "z" {
                "z = estimate / s.e., two-sided standard normal (dispersion known), as summary.glm".into()
            } else {
                format!(
                    "t = estimate / s.e., two-sided Student t with {} df (dispersion estimated), as summary.glm",
                    r.fit.df_resid
                )
            },
        ),
        (
            lang.pick("Residualer", "Residuals").into(),
            "Pearson: sqrt(w) (y - mu) / sqrt(V(mu)); deviance: sign(y - mu) sqrt(d); studentized as rstandard.glm / rstudent.glm".into(),
        ),
        (
            lang.pick("Kvot", "Ratio").into(),
            "ratio = actual / modelled, only where modelled > 0".into(),
        ),
    ]
}
