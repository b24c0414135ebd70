//! `modellvarde select` for a model family other than the linear model:
//! every subset of the candidates is fitted by IRLS in the spec's family
//! (`engine::analysis::select::all_subsets_glm`) and ranked by AIC and BIC in
//! R's conventions where a likelihood exists, and by k-fold cross-validation
//! (the same seeded folds for every subset). Quasi-Poisson has no likelihood:
//! the output says so and ranks every subset by its cross-validated error.

use crate::cli::texts::{fill, Terminal};
use std::process::ExitCode;

use anyhow::{bail, Context};

use modellvarde::data::Table;
use modellvarde::design::DesignData;
use modellvarde::family::Family;
use modellvarde::select::{all_subsets_glm, Criterion, GlmSelection, GlmSubset, SelectOptions};
use modellvarde::spec::{CheckedSpec, ModelSpec};

use super::Args;

/// Run the search in the spec's (GLM) family and print it.
#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    args: &Args,
    original: &ModelSpec,
    checked: &CheckedSpec,
    table: &Table,
    data: &DesignData,
    candidates: &[String],
    cand_idx: &[usize],
    year: Option<i32>,
) -> anyhow::Result<ExitCode> {
    let family = checked.spec.family;
    let link = checked.spec.resolved_link();
    let likelihood = family.has_likelihood();
    let chosen_by = match args.choose.as_deref() {
        Some("adjr2") => bail!(
            "--choose adjr2: adjusted R² is a least-squares criterion; model '{}' is family {}: choose by bic, aic or cv",
            original.name,
            family.as_str()
        ),
        Some(c @ ("bic" | "aic")) if !likelihood => bail!(
            "--choose {c}: family {} has no likelihood, so no AIC or BIC (R's AIC is NA for it): choose by cv",
            family.as_str()
        ),
        Some("aic") => Criterion::Aic,
        Some("cv") | None if !likelihood => Criterion::Cv,
        Some("cv") => Criterion::Cv,
        _ => Criterion::Bic,
    };
    if args.cv < 2 && (chosen_by == Criterion::Cv || !likelihood) {
        bail!(
            "--cv {}: {} needs cross-validation; give --cv K with K ≥ 2",
            args.cv,
            if likelihood {
                "--choose cv".to_string()
            } else {
                format!(
                    "family {} has no likelihood (no AIC or BIC), so every subset is ranked by cross-validation, which",
                    family.as_str()
                )
            }
        );
    }
    // The outcome must suit the family (e.g. > 0 for Gamma): name the first
    // row that does not, with its file, line and area.
    let gfam = engine::model::family::glm_family(family);
    let glink = engine::model::family::glm_link(link);
    if let Err(e) = gfam.check_outcome(glink, &data.design.y) {
        bail!(
            "model '{}' ({}): {e}{}",
            original.name,
            original.file,
            engine::analysis::task::row_place(&e, data, table)
        );
    }
    let max = if likelihood {
        modellvarde::select::MAX_GLM_CANDIDATES
    } else {
        modellvarde::select::MAX_QUASI_CANDIDATES
    };
    if candidates.len() > max {
        bail!(
            "--candidates: {} given; at most {max} for family {} (each of the 2^{max} subsets is an IRLS fit{}); the linear model takes up to {} (--family gaussian)",
            candidates.len(),
            family.as_str(),
            if likelihood { "" } else { ", cross-validated" },
            modellvarde::select::MAX_CANDIDATES
        );
    }

    let pool = super::worker_pool(args)?;
    let bar = super::progress_bar(1u64 << candidates.len());
    let opts = super::select_options(args, original, year);
    let started = std::time::Instant::now();
    let sel = pool
        .install(|| all_subsets_glm(&data.design, cand_idx, family, link, &opts, &|| bar.inc(1)))?;
    bar.finish_and_clear();
    let elapsed = started.elapsed();

    let tm = Terminal::new(args.lang);
    let st = tm.select();
    let year_shown = year.map_or(tm.t().pooled.to_string(), |y| y.to_string());
    println!(
        "{}",
        fill(
            st.search_glm,
            &[
                &original.name,
                &family.as_str(),
                &link.as_str(),
                &year_shown,
                &sel.n,
                &candidates.len(),
                &(1u64 << candidates.len()),
                &sel.failed,
                &tm.decimal(format!("{:.2}", elapsed.as_secs_f64()))
            ]
        )
    );
    println!("{}", fill(st.always, &[&sel.fixed.join(", ")]));
    println!("  {}", convention(&sel, &opts, &tm));
    if let (true, Some(w)) = (sel.has_likelihood(), &original.weight) {
        println!("{}", fill(st.prior_weights, &[w]));
    }
    if let Some(f) = &sel.first_failure {
        println!("{}", fill(st.not_fitted, &[f]));
    }
    if !data.excluded.is_empty() {
        println!("{}", super::left_out(data, &tm));
    }
    let mut warnings = super::missing_warnings(
        original,
        &super::checked_base(original, table),
        data,
        candidates,
        table,
        year,
        &tm,
    );
    let mut ks: Vec<usize> = sel
        .best_bic
        .iter()
        .chain(&sel.best_aic)
        .chain(&sel.best_cv)
        .map(|m| m.mask.count_ones() as usize)
        .collect();
    super::thin_warning(&mut warnings, &mut ks, sel.n, sel.fixed.len(), &tm);
    for w in warnings {
        println!("  {}: {w}", tm.t().warning);
    }
    print!("{}", tables(&sel, &opts, &tm));

    if let Some(path) = &args.write_spec {
        let best = sel.best(chosen_by).context("no model to write")?;
        let (year_s, by) = super::header_words(year, chosen_by, &tm);
        let header = fill(
            tm.select().spec_header[1],
            &[
                &original.name,
                &original.file,
                &family.as_str(),
                &year_s,
                &sel.n,
                &(1u64 << candidates.len()),
                &candidates.join(", "),
                &by,
                &scores(best, &tm),
                &super::chosen_list(&best.chosen, &tm),
            ],
        );
        super::write_selected_spec(path, original, &best.chosen, chosen_by, &header, &tm)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// What the extra likelihood parameter of the family is, for the
/// convention line.
fn extra_parameter(family: Family, tm: &Terminal) -> &'static str {
    let e = &tm.select().extra;
    match family {
        Family::Gamma => e[0],
        Family::NegBin => e[1],
        Family::Gaussian => e[2],
        _ => "",
    }
}

/// The criteria and their conventions, stated once above the tables.
fn convention(sel: &GlmSelection, opts: &SelectOptions, tm: &Terminal) -> String {
    let st = tm.select();
    let cv = match &opts.cv {
        Some(c) => fill(st.cv_convention, &[&c.k, &c.seed]),
        None => st.no_cv.to_string(),
    };
    if sel.has_likelihood() {
        fill(st.criteria, &[&extra_parameter(sel.family, tm), &cv])
    } else {
        fill(st.no_likelihood, &[&sel.family.as_str(), &cv])
    }
}

/// A model's scores, for the header of a written spec.
fn scores(m: &GlmSubset, tm: &Terminal) -> String {
    let mut v = Vec::new();
    if let (Some(b), Some(a)) = (m.criteria.bic, m.criteria.aic) {
        v.push(tm.decimal(format!("BIC {b:.2}, AIC {a:.2}")));
    }
    v.push(format!(
        "{} {}",
        tm.select().spec_words[1],
        tm.decimal(format!("{:.4}", m.deviance_explained))
    ));
    if let Some(c) = &m.cv {
        v.push(tm.decimal(format!("CV wRMSE {:.2}", c.cv_rmse)));
    }
    v.join(", ")
}

/// The best models by each criterion and the inclusion shares.
fn tables(sel: &GlmSelection, opts: &SelectOptions, tm: &Terminal) -> String {
    let st = tm.select();
    let mut s = String::new();
    let likelihood = sel.has_likelihood();
    let header = st.glm_header[usize::from(!likelihood)];
    let mut any_failed_fold = false;
    let mut row = |s: &mut String, rank: usize, m: &GlmSubset| {
        let (rmse, dev) = match &m.cv {
            Some(c) => {
                let mark = if c.n_folds_failed > 0 {
                    any_failed_fold = true;
                    "*"
                } else {
                    ""
                };
                (
                    tm.decimal(format!("{:.2}{mark}", c.cv_rmse)),
                    c.cv_mean_deviance
                        .map_or("–".to_string(), |d| tm.decimal(format!("{d:.4}"))),
                )
            }
            None => ("–".to_string(), "–".to_string()),
        };
        let vars = if m.chosen.is_empty() {
            st.none.to_string()
        } else {
            m.chosen.join(" ")
        };
        if likelihood {
            s.push_str(&tm.decimal(format!(
                "  {rank:>3} {:>11.2} {:>11.2} {:>9.4} ",
                m.criteria.bic.unwrap_or(f64::NAN),
                m.criteria.aic.unwrap_or(f64::NAN),
                m.deviance_explained,
            )));
        } else {
            s.push_str(&tm.decimal(format!(
                "  {rank:>3} {:>11.4} {:>9.4} ",
                m.criteria.deviance, m.deviance_explained,
            )));
        }
        s.push_str(&format!(
            "{:>10} {:>12} {:>3}  {vars}\n",
            rmse,
            dev,
            m.chosen.len()
        ));
    };
    let fam = sel.family.as_str();
    if likelihood {
        for (c, list) in [
            (Criterion::Bic, &sel.best_bic),
            (Criterion::Aic, &sel.best_aic),
        ] {
            s.push_str(&fill(st.best_by_glm, &[&super::criterion(c, tm), &fam]));
            s.push_str(header);
            for (i, m) in list.iter().enumerate() {
                row(&mut s, i + 1, m);
            }
        }
    }
    if let Some(cv) = &opts.cv {
        if likelihood {
            s.push_str(&fill(
                st.best_cv_glm,
                &[&cv.k, &count_listed(sel), &cv.seed],
            ));
        } else {
            s.push_str(&fill(
                st.best_cv_all,
                &[&cv.k, &sel.evaluated, &fam, &cv.seed],
            ));
        }
        s.push_str(header);
        for (i, m) in sel.best_cv.iter().enumerate() {
            row(&mut s, i + 1, m);
        }
    }
    if any_failed_fold {
        s.push_str(st.failed_folds);
    }
    let basis = if likelihood {
        fill(st.top_by[0], &[&sel.best_bic.len()])
    } else {
        fill(st.top_by[1], &[&sel.best_cv.len()])
    };
    let mut share: Vec<(usize, f64)> = sel.inclusion.iter().copied().enumerate().collect();
    share.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    s.push_str(&fill(
        st.inclusion,
        &[
            &basis,
            &share
                .iter()
                .map(|(k, v)| format!("{} {:.0} %", sel.candidates[*k], v * 100.0))
                .collect::<Vec<_>>()
                .join(", "),
        ],
    ));
    s
}

/// Distinct models in the AIC and BIC lists.
fn count_listed(sel: &GlmSelection) -> usize {
    let mut masks: Vec<u32> = sel
        .best_bic
        .iter()
        .chain(&sel.best_aic)
        .map(|m| m.mask)
        .collect();
    masks.sort_unstable();
    masks.dedup();
    masks.len()
}
