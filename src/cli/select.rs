//! `modellvarde select`: all-subsets search over a spec's candidate variables.
//!
//! The spec's covariates (and fixed effects) stay in every model; each subset
//! of `--candidates` (up to 20, so up to 2²⁰ ≈ 1 million models) is added to
//! them and scored by BIC, AIC and adjusted R² through sweep updates
//! ([`modellvarde::select`]). The best models are refitted exactly and
//! cross-validated (CV for these top models only: cross-validating a million
//! models would cost a million × k fits). All subsets are compared on the same
//! rows: areas missing any candidate are left out of every model, and listed.
//! `--write-spec` writes a spec file for the chosen model.
//!
//! A spec of another family (or `--family`) is searched in that family: each
//! subset is fitted by IRLS and ranked by R's AIC/BIC and by cross-validation
//! (`select/glm.rs`).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use modellvarde::design::build_design;
use modellvarde::output::write_atomic;
use modellvarde::select::{all_subsets, chunk_count, Criterion, SelectOptions, Selection};
use modellvarde::uncertainty::{task_stream, CvOptions, DEFAULT_SEED};

use super::common::{data_path_for, load_data_at, DataArgs};
use super::report::load_specs;
use super::texts::{fill, Terminal};
use modellvarde::lang::Lang;

mod glm;

/// The worker threads of a search (`--threads`; all cores by default).
fn worker_pool(args: &Args) -> anyhow::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("starting the worker threads")
}

/// The search's options from the command line and the spec: how many models
/// to list, cross-validation (`--cv K`, K ≥ 2), the task's random stream and
/// the spec's α.
fn select_options(
    args: &Args,
    original: &modellvarde::spec::ModelSpec,
    year: Option<i32>,
) -> SelectOptions {
    SelectOptions {
        top: args.top,
        cv: (args.cv >= 2).then_some(CvOptions {
            k: args.cv,
            seed: args.seed,
        }),
        stream: task_stream(&original.name, year),
        alpha: original.flags.alpha,
    }
}

/// The chosen covariates as the spec file's comment names them.
fn chosen_list(chosen: &[String], tm: &Terminal) -> String {
    if chosen.is_empty() {
        tm.select().spec_words[0].to_string()
    } else {
        chosen.join(", ")
    }
}

/// What the spec file's comment calls the year and the criterion: in
/// Swedish as the terminal words them; in English as the comment always
/// has (`pooled`, `adjusted R²`).
fn header_words(year: Option<i32>, by: Criterion, tm: &Terminal) -> (String, &'static str) {
    match tm.lang {
        Some(Lang::Sv) => (
            year.map_or(tm.t().pooled.to_string(), |y| y.to_string()),
            criterion(by, tm),
        ),
        _ => (
            year.map_or("pooled".to_string(), |y| y.to_string()),
            by.as_str(),
        ),
    }
}

/// Write the chosen subset as a spec file (`header`, comment lines, then the
/// spec as TOML), atomically, and say so: for the linear and the GLM search.
fn write_selected_spec(
    path: &std::path::Path,
    original: &modellvarde::spec::ModelSpec,
    chosen: &[String],
    chosen_by: Criterion,
    header: &str,
    tm: &Terminal,
) -> anyhow::Result<()> {
    let spec = selected_spec(original, chosen, chosen_by.as_str());
    let body = toml::to_string(&spec).context("writing the spec as TOML")?;
    write_atomic(path, format!("{header}{body}").as_bytes())
        .with_context(|| fill(tm.t().writing, &[&path.display()]))?;
    println!(
        "{}",
        fill(
            tm.select().wrote,
            &[&path.display(), &spec.name, &criterion(chosen_by, tm)]
        )
    );
    Ok(())
}

/// The spec `--write-spec` writes: the original with the chosen covariates
/// added, named `<name>-select`, its title saying how they were chosen.
fn selected_spec(
    original: &modellvarde::spec::ModelSpec,
    chosen: &[String],
    by: &str,
) -> modellvarde::spec::ModelSpec {
    let mut spec = original.clone();
    spec.covariates.extend(chosen.iter().cloned());
    spec.name = format!("{}-select", original.name);
    if !spec.title.is_empty() {
        spec.title = format!("{} (variabler valda med {by})", spec.title);
    }
    if !spec.title_en.is_empty() {
        spec.title_en = format!("{} (variables chosen by {by})", spec.title_en);
    }
    spec
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The model whose covariates stay in every subset (a spec name from
    /// models/, or a path to a .toml file).
    #[arg(long, value_name = "NAME")]
    pub model: String,
    /// Candidate columns to search over, comma-separated (at most 20).
    #[arg(long, value_name = "A,B,...", value_delimiter = ',', required = true)]
    pub candidates: Vec<String>,
    #[command(flatten)]
    pub data: DataArgs,
    /// Year to search on (default: the latest year of the spec's sample; a
    /// pooled spec uses all its years).
    #[arg(long, value_name = "Y")]
    pub year: Option<i32>,
    /// How many best models to show per criterion (and refit, cross-validate).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// Folds for the cross-validation of the top models (0 = skip).
    #[arg(long, value_name = "K", default_value_t = 10)]
    pub cv: usize,
    /// Seed for the cross-validation folds.
    #[arg(long, value_name = "S", default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Criterion that picks the model for --write-spec (default: bic; cv
    /// for quasipoisson, which has no likelihood; adjr2 only for the linear
    /// model).
    #[arg(long, value_name = "C", value_parser = ["bic", "aic", "adjr2", "cv"])]
    pub choose: Option<String>,
    /// Fit the subsets in this family instead of the spec's: gaussian
    /// (least squares, searched by sweeps), poisson, quasipoisson, gamma or
    /// negbin (each subset fitted by IRLS).
    #[arg(long, value_name = "F", value_parser = super::fit::parse_family)]
    pub family: Option<modellvarde::family::Family>,
    /// Link with --family (default: identity for gaussian, log otherwise).
    #[arg(long, value_name = "L", value_parser = super::fit::parse_link)]
    pub link: Option<modellvarde::family::Link>,
    /// Write a spec file for the chosen model.
    #[arg(long, value_name = "PATH")]
    pub write_spec: Option<PathBuf>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Language of what is printed: sv (Swedish) or en (English); without
    /// it the terminal speaks English, as `report`'s does.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<modellvarde::lang::Lang>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    super::common::check_threads(args.threads)?;
    let tm = Terminal::new(args.lang);
    if args.top == 0 {
        bail!("--top 0: show at least 1 model");
    }
    if args.cv == 1 {
        bail!("--cv 1: give at least 2 folds (or 0 to skip cross-validation)");
    }
    if args.candidates.len() > modellvarde::select::MAX_CANDIDATES {
        bail!(
            "--candidates: {} given; at most {} (2^{} subsets)",
            args.candidates.len(),
            modellvarde::select::MAX_CANDIDATES,
            modellvarde::select::MAX_CANDIDATES
        );
    }
    let mut specs = load_specs(std::slice::from_ref(&args.model))?;
    let original = specs.remove(0);
    let (table, _dict) = load_data_at(
        &args.data,
        data_path_for(&args.data, &original).as_deref(),
        &original.columns,
    )?;
    let mut seen = std::collections::BTreeSet::new();
    for c in &args.candidates {
        let c = c.trim();
        if c.is_empty() {
            bail!("--candidates: an empty name (two commas in a row?)");
        }
        if original.covariates.iter().any(|v| v == c) {
            bail!(
                "--candidates {c}: already a covariate of model '{}'; it is in every subset",
                original.name
            );
        }
        if c == original.outcome {
            bail!(
                "--candidates {c}: this is the outcome of model '{}'",
                original.name
            );
        }
        if !seen.insert(c.to_string()) {
            bail!("--candidates {c}: named twice");
        }
    }
    let candidates: Vec<String> = args
        .candidates
        .iter()
        .map(|c| c.trim().to_string())
        .collect();
    let mut original = original;
    if let Some(f) = args.family {
        original.family = f;
        original.link = args.link;
    } else if args.link.is_some() {
        original.link = args.link;
    }
    let mut search_spec = original.clone();
    search_spec.covariates.extend(candidates.iter().cloned());
    let checked = search_spec.check(&table)?;
    let year = match args.year {
        Some(y) if checked.years.contains(&y) => Some(y),
        Some(y) => bail!(
            "--year {y}: not in the sample of model '{}' (years: {})",
            original.name,
            checked
                .years
                .iter()
                .map(|y| y.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None if checked.spec.pooled => None,
        None => checked.years.last().copied(),
    };
    let data = build_design(&checked, &table, year)?;
    let start = usize::from(checked.spec.intercept) + original.covariate_width();
    let cand_idx: Vec<usize> = (start..start + candidates.len()).collect();
    let (family, link) = (checked.spec.family, checked.spec.resolved_link());
    if !modellvarde::family::Link::is_identity(&link) || !family.is_gaussian() {
        // Every other family: each subset is fitted by IRLS in the family.
        return glm::run(
            &args,
            &original,
            &checked,
            &table,
            &data,
            &candidates,
            &cand_idx,
            year,
        );
    }

    let pool = worker_pool(&args)?;
    let bar = progress_bar(chunk_count(candidates.len()));
    let opts = select_options(&args, &original, year);
    let started = std::time::Instant::now();
    let sel = pool.install(|| all_subsets(&data.design, &cand_idx, &opts, &|| bar.inc(1)))?;
    bar.finish_and_clear();
    let elapsed = started.elapsed();

    let year_shown = year.map_or(tm.t().pooled.to_string(), |y| y.to_string());
    let st = tm.select();
    println!(
        "{}",
        fill(
            st.search,
            &[
                &original.name,
                &year_shown,
                &sel.n,
                &candidates.len(),
                &(1u64 << candidates.len()),
                &sel.rank_deficient,
                &tm.decimal(format!("{:.2}", elapsed.as_secs_f64()))
            ]
        )
    );
    println!("{}", fill(st.always, &[&sel.fixed.join(", ")]));
    if !data.excluded.is_empty() {
        println!("{}", left_out(&data, &tm));
    }
    let missing = missing_warnings(
        &original,
        &checked_base(&original, &table),
        &data,
        &candidates,
        &table,
        year,
        &tm,
    );
    for w in warnings(missing, &sel, &tm) {
        println!("  {}: {w}", tm.t().warning);
    }
    print!("{}", tables(&sel, &opts, &tm));
    let chosen_by = match args.choose.as_deref().unwrap_or("bic") {
        "aic" => Criterion::Aic,
        "adjr2" => Criterion::AdjR2,
        "cv" if opts.cv.is_none() => {
            bail!("--choose cv needs cross-validation (--cv K with K ≥ 2)")
        }
        "cv" => Criterion::Cv,
        _ => Criterion::Bic,
    };
    if let Some(path) = &args.write_spec {
        let best = sel.best(chosen_by).context("no model to write")?;
        let (year_s, by) = header_words(year, chosen_by, &tm);
        let header = fill(
            tm.select().spec_header[0],
            &[
                &original.name,
                &original.file,
                &year_s,
                &sel.n,
                &(1u64 << candidates.len()),
                &candidates.join(", "),
                &by,
                &tm.decimal(format!("{:.2}", best.stats.bic)),
                &tm.decimal(format!("{:.2}", best.stats.aic)),
                &tm.decimal(format!("{:.4}", best.stats.adj_r2)),
                &chosen_list(&best.chosen, &tm),
            ],
        );
        write_selected_spec(path, &original, &best.chosen, chosen_by, &header, &tm)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The spec without the candidates, checked (for the rows it would use), if
/// it checks.
pub(super) fn checked_base(
    original: &modellvarde::spec::ModelSpec,
    table: &modellvarde::data::Table,
) -> Option<modellvarde::spec::CheckedSpec> {
    original.check(table).ok()
}

/// Share of the base model's rows a candidate may cost before `select` says
/// so: all subsets are compared on the rows every candidate has, so one
/// sparse candidate shrinks the sample of every model.
const MANY_ROWS_LOST: f64 = 0.10;

/// Warnings about the search: candidates that remove many rows through
/// missing values (`missing`, from [`missing_warnings`]), and listed models
/// left with ≤ 2 residual degrees of freedom (their BIC and adjusted R² rest
/// on almost nothing).
fn warnings(missing: Vec<String>, sel: &Selection, tm: &Terminal) -> Vec<String> {
    let mut out = missing;
    let fixed = sel.fixed.len();
    let mut thin: Vec<usize> = sel
        .best_bic
        .iter()
        .chain(&sel.best_aic)
        .chain(&sel.best_adj_r2)
        .map(|m| m.mask.count_ones() as usize)
        .collect();
    thin_warning(&mut out, &mut thin, sel.n, fixed, tm);
    out
}

/// A criterion's name in the terminal's language.
pub(super) fn criterion(c: Criterion, tm: &Terminal) -> &'static str {
    match c {
        Criterion::AdjR2 => tm.select().adj_r2,
        Criterion::Cv => tm.select().cv_rmse,
        c => c.as_str(),
    }
}

/// The line on areas left out of every model, with the first one's reason.
pub(super) fn left_out(data: &modellvarde::design::DesignData, tm: &Terminal) -> String {
    let e = &data.excluded[0];
    let reason =
        presentation::i18n::reasons::exclusion(&e.reason, tm.language()).replace('\u{2212}', "-");
    fill(
        tm.select().left_out,
        &[&data.excluded.len(), &e.id, &e.name, &reason],
    )
}

/// Warnings about candidates that remove many rows through missing values.
pub(super) fn missing_warnings(
    original: &modellvarde::spec::ModelSpec,
    base: &Option<modellvarde::spec::CheckedSpec>,
    data: &modellvarde::design::DesignData,
    candidates: &[String],
    table: &modellvarde::data::Table,
    year: Option<i32>,
    tm: &Terminal,
) -> Vec<String> {
    let mut out = Vec::new();
    let base_rows = base
        .as_ref()
        .and_then(|b| build_design(b, table, year).ok())
        .map(|d| d.keys.len());
    if let Some(base_rows) = base_rows.filter(|&n| n > 0) {
        for (col, lost) in modellvarde::design::missing_counts(&data.excluded) {
            if !candidates.contains(&col) {
                continue;
            }
            let share = lost as f64 / base_rows as f64;
            if share >= MANY_ROWS_LOST {
                out.push(fill(
                    tm.select().missing,
                    &[
                        &col,
                        &lost,
                        &base_rows,
                        &original.name,
                        &format!("{:.0}", 100.0 * share),
                        &col,
                    ],
                ));
            }
        }
    }
    out
}

/// A warning about listed models (by their numbers of candidates `ks`) left
/// with ≤ 2 residual degrees of freedom.
pub(super) fn thin_warning(
    out: &mut Vec<String>,
    ks: &mut Vec<usize>,
    n: usize,
    fixed: usize,
    tm: &Terminal,
) {
    ks.retain(|&k| n <= fixed + k + 2);
    ks.sort_unstable();
    ks.dedup();
    if let Some(&k) = ks.first() {
        out.push(fill(
            tm.select().thin,
            &[&k, &n.saturating_sub(fixed + k), &n, &fixed],
        ));
    }
}

pub(super) fn progress_bar(len: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:30} {percent:>3} % of the subsets  {elapsed_precise}")
    {
        bar.set_style(style);
    }
    bar
}

/// The best models by each criterion (exact refit numbers) and the inclusion
/// shares.
fn tables(sel: &Selection, opts: &SelectOptions, tm: &Terminal) -> String {
    let st = tm.select();
    let mut s = String::new();
    let row = |s: &mut String, rank: usize, mask: u32| {
        let t = sel.refit(mask).expect("refit of a listed model");
        let cv =
            t.cv.as_ref()
                .map_or("–".to_string(), |c| tm.decimal(format!("{:.2}", c.rmse)));
        let vars = if t.chosen.is_empty() {
            st.none.to_string()
        } else {
            t.chosen.join(" ")
        };
        s.push_str(&tm.decimal(format!(
            "  {rank:>3} {:>11.2} {:>11.2} {:>8.4} ",
            t.stats.bic, t.stats.aic, t.stats.adj_r2,
        )));
        s.push_str(&format!("{:>10} {:>3}  {vars}\n", cv, t.chosen.len()));
    };
    let lists = [
        (Criterion::Bic, &sel.best_bic),
        (Criterion::Aic, &sel.best_aic),
        (Criterion::AdjR2, &sel.best_adj_r2),
    ];
    for (c, list) in lists {
        s.push_str(&fill(st.best_by, &[&criterion(c, tm)]));
        s.push_str(st.header);
        for (i, m) in list.iter().enumerate() {
            row(&mut s, i + 1, m.mask);
        }
    }
    if let Some(cv) = &opts.cv {
        let mut by_cv: Vec<_> = sel.refits.iter().filter(|t| t.cv.is_some()).collect();
        by_cv.sort_by(|a, b| {
            a.cv.as_ref()
                .unwrap()
                .rmse
                .total_cmp(&b.cv.as_ref().unwrap().rmse)
                .then(a.mask.cmp(&b.mask))
        });
        s.push_str(&fill(st.best_cv, &[&cv.k, &by_cv.len(), &cv.seed]));
        s.push_str(st.header);
        for (i, t) in by_cv.iter().take(opts.top).enumerate() {
            row(&mut s, i + 1, t.mask);
        }
    }
    let mut share: Vec<(usize, f64)> = sel.inclusion_bic.iter().copied().enumerate().collect();
    share.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    s.push_str(&fill(
        st.inclusion,
        &[
            &fill(st.top_by[0], &[&sel.best_bic.len()]),
            &share
                .iter()
                .map(|(k, v)| format!("{} {:.0} %", sel.candidates[*k], v * 100.0))
                .collect::<Vec<_>>()
                .join(", "),
        ],
    ));
    s
}
