//! The words and tables a report needs for the model's family: its name, the
//! fit statistics of a generalised linear model (deviance, dispersion, θ),
//! the model comparison by cross-validation ("why this family") and the
//! Method text on families and on reading a ratio, in Swedish and English.
//! Shared by the HTML and Markdown exporters and the XLSX fit sheet.

use super::format as f;
use super::{in_sentence, label};
use crate::i18n::Catalogue;
use crate::lang::Lang;
use crate::results::{Family, GlmStats, Link, ModelResult};

/// The family's name in running text: `kvasi-Poisson` / `quasi-Poisson`.
pub fn family_name(family: Family, lang: Lang) -> &'static str {
    match family {
        Family::Gaussian => lang.msg().gaussian,
        Family::Poisson => "Poisson",
        Family::QuasiPoisson => lang.msg().quasi_poisson,
        Family::Gamma => "Gamma",
        Family::NegBin => lang.msg().negative_binomial,
    }
}

/// The link's name: `log-länk` / `log link`.
pub fn link_name(link: Link, lang: Lang) -> &'static str {
    match link {
        Link::Identity => lang.msg().identity_link,
        Link::Log => lang.msg().log_link,
    }
}

/// `kvasi-Poisson, log-länk` / `linjär (normalfördelning, identitetslänk)`.
pub fn family_link(family: Family, link: Link, lang: Lang) -> String {
    if family == Family::Gaussian && link == Link::Identity {
        return lang.msg().linear_gaussian_identity_link.into();
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
            lang.msg().model_family.into(),
            family_link(r.model.family, r.model.link, lang),
        ),
        ("n".into(), fs.n.to_string()),
        (lang.msg().coefficients_p.into(), fs.p.to_string()),
        (
            lang.msg().deviance_d.into(),
            format!("{} (df {})", f::sig(g.deviance, 4, lang), fs.df_resid),
        ),
        (
            lang.msg().null_deviance_d.into(),
            format!("{} (df {})", f::sig(g.null_deviance, 4, lang), g.df_null),
        ),
        (
            lang.msg().share_of_deviance_explained_1_d_d.into(),
            f::percent(100.0 * g.deviance_explained, 1, lang),
        ),
        (
            lang.msg().dispersion.into(),
            if r.model.family.estimates_dispersion() {
                format!(
                    "{} ({})",
                    f::sig(g.dispersion, 4, lang),
                    lang.msg().pearson_df
                )
            } else {
                format!("1 ({})", lang.msg().fixed_by_the_family)
            },
        ),
        ("Pearson χ²".into(), f::sig(g.pearson_chi2, 4, lang)),
    ];
    if let Some(theta) = g.theta {
        let se = g
            .theta_se
            .map(|s| format!(" ({} {})", lang.msg().s_e, f::sig(s, 3, lang)))
            .unwrap_or_default();
        v.push(("θ".into(), format!("{}{se}", f::sig(theta, 4, lang))));
    }
    v.push((
        lang.msg().coefficient_tests.into(),
        match test_name(r) {
            "z" => lang.msg().z_dispersion_known.into(),
            _ => format!(
                "t, df {} ({})",
                fs.df_resid,
                lang.msg().dispersion_estimated
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
            lang.msg().quasi_likelihood_there_is_no_likelihood.into(),
        ));
    }
    v.push((lang.msg().irls_iterations.into(), g.iterations.to_string()));
    v.push((
        lang.msg().leave_one_out_modelled.into(),
        match g.loo_method.as_str() {
            "exact" => lang.msg().exact_refit_without_the_area.into(),
            "one-step" => lang.msg().one_step_approximation_pregibon_1981.into(),
            other => other.to_string(),
        },
    ));
    v
}

/// What was fitted, in one paragraph, for a GLM.
pub fn glm_description(r: &ModelResult, covs: &[String], lang: Lang) -> String {
    let outcome = in_sentence(label(r, &r.model.outcome, lang));
    let fam = family_link(r.model.family, r.model.link, lang);
    let weight = match (&r.model.weight, r.fit.weighted) {
        (Some(w), true) => (lang.msg().glm_weighted_by)(&in_sentence(label(r, w, lang)), w),
        _ => String::new(),
    };
    let offset = match &r.model.offset {
        Some(o) => (lang.msg().glm_offset)(o),
        None => String::new(),
    };
    let mu = match r.model.link {
        Link::Log => "μ̂ᵢ = exp(xᵢᵀβ̂)",
        Link::Identity => "μ̂ᵢ = xᵢᵀβ̂",
    };
    (lang.msg().glm_description)(
        &fam,
        &outcome,
        &r.model.outcome,
        &covs.join(", "),
        &weight,
        mu,
        &offset,
    )
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
    let unit = crate::i18n::outcome_unit(r, lang);
    let name = family_link(chosen.family, chosen.link, lang);
    let rmse = f::with_unit(chosen.cv_rmse, d, unit, lang);
    Some(match linear {
        Some(l) => {
            let change = 100.0 * (chosen.cv_rmse / l.cv_rmse - 1.0);
            (lang.msg().comparison_with_linear)(
                mc.k,
                &rmse,
                &name,
                &f::with_unit(l.cv_rmse, d, unit, lang),
                &f::percent(change.abs(), 0, lang),
                change <= 0.0,
                &better(r, lang),
            )
        }
        None => (lang.msg().comparison_alone)(mc.k, &name, &rmse, &better(r, lang)),
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
            let v = f::with_unit(b.cv_rmse, d, crate::i18n::outcome_unit(r, lang), lang);
            let fam = family_link(b.family, b.link, lang);
            (lang.msg().lowest_error)(&fam, &v)
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
    let unit = crate::i18n::outcome_unit(r, lang);
    let header = vec![
        lang.msg().model_family.to_string(),
        if unit.is_empty() {
            lang.msg().cross_validated_error_weighted_rmse.to_string()
        } else {
            format!(
                "{} ({unit})",
                lang.msg().cross_validated_error_weighted_rmse
            )
        },
        lang.msg().failed_folds.to_string(),
        lang.msg().chosen.to_string(),
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
                    lang.msg().yes.into()
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
    Some((lang.msg().comparison_note)(mc.k, mc.seed))
}

/// The Method text on model families, the choice by cross-validation and how
/// to read a ratio: (heading, paragraph) pairs.
pub fn method_families(r: &ModelResult, lang: Lang) -> Vec<(String, String)> {
    let mut v = vec![
        (
            lang.msg().model_families.to_string(),
            lang.msg()
                .the_linear_model_gaussian_identity_link
                .to_string(),
        ),
        (
            lang.msg().choice_by_cross_validation.to_string(),
            lang.msg()
                .the_family_is_chosen_per_model_by_how_we
                .to_string(),
        ),
    ];
    if r.model.link == Link::Log {
        v.push((
            lang.msg().how_to_read_a_ratio.to_string(),
            lang.msg()
                .with_a_log_link_a_deviation_is_a_factor
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
            lang.msg().family_and_link.into(),
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
        (lang.msg().dispersion_2.into(), disp),
        (
            lang.msg().coefficient_tests.into(),
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
            lang.msg().residuals.into(),
            "Pearson: sqrt(w) (y - mu) / sqrt(V(mu)); deviance: sign(y - mu) sqrt(d); studentized as rstandard.glm / rstudent.glm".into(),
        ),
        (
            lang.msg().ratio.into(),
            "ratio = actual / modelled, only where modelled > 0".into(),
        ),
    ]
}
