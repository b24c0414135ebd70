//! `modellvarde fit`: fit one model (OLS/WLS, or a GLM of another family) to
//! any CSV file and print a readable summary, or write the full
//! `results.json` contract.
//!
//!     modellvarde fit --data FILE --outcome COL --covariates A,B,C
//!         [--weight COL] [--family F] [--link L] [--offset COL]
//!         [--transform COL=T] [--no-intercept] [--id-column COL] [--name-column COL]
//!         [--year Y] [--alpha 0.05] [--json PATH|-]
//!
//! A GLM is summarised as R's `summary.glm` prints it: coefficients with z
//! (dispersion fixed: Poisson, negative binomial) or t (dispersion estimated:
//! quasi-Poisson, Gamma) statistics, the dispersion, null and residual
//! deviance on their degrees of freedom, AIC (R's `NA` where no likelihood
//! exists) and the number of IRLS iterations.
//!
//! Without `--id-column` (alias `--id`), areas are identified by their 1-based data row number. Rows
//! with a missing value in a used column are excluded and listed; a zero,
//! negative or non-finite weight is an error naming the file, line and column.
//! Holds the whole file in memory.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};

use engine::analysis::task::{run_model_owned, RunOptions};
use modellvarde::data::dictionary::Dictionary;
use modellvarde::data::load::load_csv;
use modellvarde::data::Table;
use modellvarde::error::{InputError, Location};
use modellvarde::family::{Family, Link};
use modellvarde::output::write_atomic_with;
use modellvarde::results::{AreaRow, ModelResult};
use modellvarde::spec::{FlagSpec, ModelSpec, Sample, Years};

use super::common::DataArgs;
use super::compare::short;
use super::texts::{fill, Terminal};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub data: DataArgs,
    /// Outcome column (y), e.g. U31001.
    #[arg(long, value_name = "COL")]
    pub outcome: String,
    /// Covariate columns, comma-separated, e.g. U00801,U01805,N01984.
    #[arg(long, value_name = "A,B,C", value_delimiter = ',', required = true)]
    pub covariates: Vec<String>,
    /// Weight column for WLS (e.g. population N01951). Default: OLS.
    #[arg(long, value_name = "COL")]
    pub weight: Option<String>,
    /// Model family: gaussian (default, least squares), poisson,
    /// quasipoisson, gamma or negbin (GLMs fitted by IRLS).
    #[arg(long, value_name = "F", default_value = "gaussian", value_parser = parse_family)]
    pub family: Family,
    /// Link: identity or log (default: identity for gaussian, log otherwise).
    #[arg(long, value_name = "L", value_parser = parse_link)]
    pub link: Option<Link>,
    /// Offset column: log(COL) enters the linear predictor with coefficient 1
    /// (e.g. population for a count outcome). Needs the log link.
    #[arg(long, value_name = "COL")]
    pub offset: Option<String>,
    /// Transform a column before fitting, COL=T: log, per1000 or share
    /// (divide by the population: the weight column, else N01951), or
    /// poly<k> for a covariate (COL, COL^2, …, COL^k, k ≤ 20, the powers
    /// formed in double-double arithmetic). Repeat the flag or separate
    /// with commas: --transform x=poly10,N00905=log.
    #[arg(long = "transform", value_name = "COL=T", value_delimiter = ',')]
    pub transforms: Vec<String>,
    /// Fit without an intercept (R² is then uncentred, as in R).
    #[arg(long)]
    pub no_intercept: bool,
    /// Add the model comparison to results.json: 10-fold cross-validated
    /// error of the linear, quasi-Poisson and Gamma models (and the chosen
    /// family) on the same covariates and weights, as every report shows.
    /// About as much work as ten fits of each family, so off by default.
    #[arg(long)]
    pub compare_families: bool,
    /// Use only rows of this year (needs a year column). Repeat for several:
    /// `fit` fits them together, one pooled fit (`report`, `validate` and
    /// `trend` fit each year separately); the summary says so.
    #[arg(long = "year", value_name = "Y")]
    pub years: Vec<i32>,
    /// Significance level for intervals and outlier tests.
    #[arg(long, value_name = "A", default_value_t = 0.05)]
    pub alpha: f64,
    /// Write results.json (the full result) to PATH, or to standard output
    /// with `-` (then nothing else is printed there).
    #[arg(long, value_name = "PATH|-")]
    pub json: Option<String>,
    /// How many of the most deviating areas the summary lists.
    #[arg(long, value_name = "K", default_value_t = 10)]
    pub top: usize,
    /// Language of the summary: sv (Swedish) or en (English); without it
    /// the terminal speaks English, as `report`'s does.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<modellvarde::lang::Lang>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    malloc_settings(args.data.data.as_deref());
    let tm = Terminal::new(args.lang);
    if !(args.alpha > 0.0 && args.alpha < 1.0) {
        bail!(
            "--alpha {}: must be between 0 and 1 (e.g. 0.05)",
            args.alpha
        );
    }
    let Some(path) = args.data.data.clone() else {
        bail!("--data FILE is required: the CSV file to fit\n  hint: for the built-in municipality data use `modellvarde report`");
    };
    // `--id` and `--id-column` are one flag (`common::DataArgs`); `fit` once
    // had its own `--id` and silently ignored `--id-column`.
    if let Some(out) = args.json.as_deref().filter(|&o| o != "-") {
        // A large results.json written before is replaced at the end.
        modellvarde::output::release_cached_pages_early(std::path::Path::new(out), 16 << 20);
    }
    let opts = args.data.load_options()?;
    let mut table = load_csv(&path, &opts)?;
    if args.data.id_column.is_none() {
        // Areas are the 1-based data rows.
        table.id = (1..=table.len()).map(|i| i.to_string()).collect();
    }
    let source = path.display().to_string();
    if let Some(w) = &args.weight {
        check_weights(&table, w, &source)?;
    }
    let transforms = parse_transforms(&args, &table)?;
    let spec = ModelSpec {
        name: "fit".into(),
        title: format!("{} ~ {}", args.outcome, args.covariates.join(" + ")),
        title_en: String::new(),
        description: String::new(),
        outcome: args.outcome.clone(),
        covariates: args.covariates.clone(),
        weight: args.weight.clone(),
        family: args.family,
        link: args.link,
        offset: args.offset.clone(),
        population: None,
        intercept: !args.no_intercept,
        transforms,
        sample: Sample {
            years: (!args.years.is_empty()).then(|| Years::List(args.years.clone())),
            groups: None,
        },
        fixed_effects: Vec::new(),
        pooled: true,
        flags: FlagSpec {
            alpha: args.alpha,
            ..FlagSpec::default()
        },
        reference: None,
        boundaries: None,
        columns: Default::default(),
        labels: Default::default(),
        labels_en: Default::default(),
        units: Default::default(),
        data: None,
        file: source.clone(),
        text: String::new(),
    };
    let checked = spec.check(&table)?;
    if args.years.len() > 1 {
        // `report --year A --year B` means one fit per year; here the years
        // are one sample. Say which, so the two commands cannot be confused.
        let mut ys = args.years.clone();
        ys.sort_unstable();
        ys.dedup();
        eprintln!(
            "{}: {}",
            tm.t().note,
            fill(
                tm.fit().pooled_years,
                &[
                    &args.years.len(),
                    &ys.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")
                ]
            )
        );
    }
    let dict = Dictionary::beside(&path)?;
    // The table is freed as soon as the design is built: the fit, its
    // diagnostics and the output never sit beside the whole input.
    let opts = RunOptions {
        no_comparison: !args.compare_families,
        ..RunOptions::default()
    };
    let result = run_model_owned(&checked, table, None, Some(&dict), &opts)?;
    drop(checked);

    // results.json goes straight to its file (or standard output) in one
    // pass: for a million areas it is about a gigabyte of text.
    match args.json.as_deref() {
        Some("-") => {
            let out = std::io::stdout().lock();
            let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
            result.write_json_par(&mut out, &par_for)?;
            out.flush()?;
            exit_without_drop(result);
            return Ok(ExitCode::SUCCESS);
        }
        Some(p) => {
            let p = PathBuf::from(p);
            // The summary is put together on a thread of its own while the
            // file is written (it picks the top areas out of all of them).
            let text = std::thread::scope(|s| {
                let text = s.spawn(|| summary(&result, args.top, &tm));
                write_atomic_with(&p, |w| result.write_json_par(w, &par_for))
                    .with_context(|| fill(tm.t().writing, &[&p.display()]))?;
                anyhow::Ok(text.join().expect("the summary does not panic"))
            })?;
            eprintln!("{}", fill(tm.t().wrote_file, &[&p.display()]));
            print!("{text}");
            exit_without_drop(result);
            return Ok(ExitCode::SUCCESS);
        }
        None => {}
    }
    print!("{}", summary(&result, args.top, &tm));
    exit_without_drop(result);
    Ok(ExitCode::SUCCESS)
}

/// Data files up to this size (about 300 000 rows of the benchmark's 13
/// numeric columns) keep the memory they free for reuse; larger ones give it
/// back to the system (see [`malloc_settings`]).
const REUSE_MEMORY_MAX_BYTES: u64 = 32 << 20;

/// Malloc arenas for a file larger than [`REUSE_MEMORY_MAX_BYTES`]: the main
/// thread's and two more. glibc gives each thread that allocates a new arena
/// until there are this many, then hands out the existing ones in turn
/// (skipping a locked one), so the pool's workers seldom allocate from the
/// same arena while they build the per-area DFBETAS vectors and area rows.
/// With one arena they waited on its lock (futex waits ≈ 9 % of the samples
/// at a million areas, both cores partly idle). A million areas, 2 cores,
/// alternating runs: 4.02 s median with three arenas against 4.84 s with
/// one (4 runs each). Which thread takes which arena varies from run to run,
/// and with glibc's adaptive mmap threshold (raised to the size of each
/// mmapped block freed, up to 32 MB) some runs peaked at 1 031 MB instead
/// of 953 MB: the threshold is therefore held at its first value, 128 kB,
/// so that blocks above it are always mapped and unmapped on their own
/// instead of settling in one arena's heap (951 MB in 9 runs of 9; five
/// alternating runs against the single arena: 4.02 s median against
/// 5.29 s at load ≈ 1.8). More arenas (4, or one per worker given to
/// the workers first by starting the pool before this setting) peaked at
/// 1 031 MB in most runs.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const LARGE_FILE_ARENAS: i32 = 3;

/// How the C allocator serves the command, chosen by the data file's size
/// before any thread starts (the thread pool starts on first use).
///
/// For a file larger than [`REUSE_MEMORY_MAX_BYTES`] the threads share
/// [`LARGE_FILE_ARENAS`] malloc arenas: with an arena per thread the area
/// rows' strings, built on the worker threads, could not reuse the space the
/// design and the diagnostics give back on the main thread (at a million
/// areas the peak memory was 77 MB higher: 975 MiB against 902 MiB, same
/// time). Smaller files keep an arena per thread: with one, the threads
/// building area rows wait for each other's allocations (futex waits were
/// 7–9 % of the samples at 100 000 rows; 0.328 s against 0.352 s, peak RSS
/// 191 MB against 157 MB).
///
/// For a file of at most [`REUSE_MEMORY_MAX_BYTES`], blocks of every size come
/// from the heap and freed memory stays in the process: by default glibc maps
/// each block above 128 kB (up to 32 MB, adapting) afresh and unmaps it when
/// freed, so every n-sized vector (table columns, design, diagnostics, area
/// rows) is new memory the kernel has to fault in and zero page by page; kept
/// in the heap, a later vector reuses the pages of an earlier one. At 100 000
/// rows (11 MB) the page faults fell from 50 500 to 37 300 and peak RSS rose
/// from 139 to 157 MB. For larger files the
/// default stays: there the heap's fragmentation costs more memory than the
/// faults cost time (1.49 GB against 0.96 GB peak at a million rows).
fn malloc_settings(data: Option<&std::path::Path>) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let small = data
            .and_then(|p| std::fs::metadata(p).ok())
            .is_some_and(|m| m.len() <= REUSE_MEMORY_MAX_BYTES);
        // SAFETY: mallopt only sets parameters of the C allocator; it reads
        // and keeps no pointer of ours.
        unsafe {
            if small {
                libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 30);
                libc::mallopt(libc::M_TRIM_THRESHOLD, i32::MAX);
                libc::mallopt(libc::M_TOP_PAD, 16 << 20);
            } else {
                libc::mallopt(libc::M_ARENA_MAX, LARGE_FILE_ARENAS);
                // glibc's default first threshold, held fixed (see
                // LARGE_FILE_ARENAS).
                libc::mallopt(libc::M_MMAP_THRESHOLD, 128 << 10);
            }
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = data;
}

/// The command ends once the result is written and printed: handing its
/// rows (several allocations per area) back to the allocator one by one
/// would only delay the exit, by about 3 % of the whole process at 100 000
/// areas (perf). The operating system takes the memory back at once.
fn exit_without_drop(result: ModelResult) {
    std::mem::forget(result);
}

/// The parallel loop results.json's area rows are formatted with: the
/// rayon pool (`--threads`); the bytes do not depend on it.
fn par_for(count: usize, body: &(dyn Fn(usize) + Sync)) {
    use rayon::prelude::*;
    (0..count).into_par_iter().for_each(body);
}

/// The `--transform COL=T` flags as a spec's transforms; every error names
/// the flag and says what is allowed.
fn parse_transforms(
    args: &Args,
    table: &Table,
) -> anyhow::Result<std::collections::BTreeMap<String, modellvarde::spec::Transform>> {
    let mut out = std::collections::BTreeMap::new();
    for t in &args.transforms {
        let Some((col, name)) = t.split_once('=') else {
            bail!(
                "--transform {t}: write COL=T, e.g. --transform x=poly10 or --transform N00905=log"
            );
        };
        let (col, name) = (col.trim(), name.trim());
        let tr = modellvarde::spec::Transform::parse(name)
            .map_err(|e| anyhow::anyhow!("--transform {t}: {e}"))?;
        if col != args.outcome && !args.covariates.iter().any(|c| c.trim() == col) {
            bail!(
                "--transform {t}: '{col}' is neither the outcome ({}) nor one of --covariates ({})",
                args.outcome,
                args.covariates.join(",")
            );
        }
        if col == args.outcome && matches!(tr, modellvarde::spec::Transform::Poly(_)) {
            bail!("--transform {t}: poly<k> expands a covariate into k columns; the outcome takes log, per1000 or share");
        }
        if tr.needs_population() && args.weight.is_none() && table.column("N01951").is_none() {
            bail!("--transform {t}: {name} divides by the population, and `fit` takes it from --weight (or a column N01951); give --weight POPULATION_COLUMN");
        }
        if out.insert(col.to_string(), tr).is_some() {
            bail!("--transform {t}: '{col}' is transformed twice");
        }
    }
    Ok(out)
}

pub(crate) fn parse_family(s: &str) -> Result<Family, String> {
    Family::parse(s).ok_or_else(|| {
        format!("unknown family '{s}': use gaussian, poisson, quasipoisson, gamma or negbin")
    })
}

pub(crate) fn parse_link(s: &str) -> Result<Link, String> {
    Link::parse(s).ok_or_else(|| format!("unknown link '{s}': use identity or log"))
}

/// A weight must be finite and > 0 in every row that has one.
fn check_weights(table: &Table, col: &str, source: &str) -> anyhow::Result<()> {
    let Some(c) = table.column(col) else {
        return Ok(()); // the spec check names the unknown column
    };
    for (i, v) in c.iter().enumerate() {
        if let Some(v) = v {
            if !(v.is_finite() && v > 0.0) {
                return Err(InputError::new(
                    Location::file(source)
                        .line(table.line[i])
                        .column(col)
                        .area(table.area_label(i)),
                    format!("weight is {v}; weights must be greater than 0"),
                )
                .hint("fix the value, or leave the cell empty to exclude the row")
                .into());
            }
        }
    }
    Ok(())
}

fn num(v: f64, tm: &Terminal) -> String {
    tm.decimal(if v == 0.0 || (v.abs() >= 1e-3 && v.abs() < 1e7) {
        format!("{v:.4}")
    } else {
        format!("{v:.4e}")
    })
}

fn p_text(p: f64, tm: &Terminal) -> String {
    tm.decimal(if p < 1e-4 {
        format!("{p:.1e}")
    } else {
        format!("{p:.4}")
    })
}

/// The terminal summary: fit statistics, the coefficient table, the areas
/// furthest from their modelled value, and the excluded rows, in the
/// terminal's language.
pub fn summary(r: &ModelResult, top: usize, tm: &Terminal) -> String {
    if r.fit.glm.is_some() {
        return glm_summary(r, top, tm);
    }
    let ft = tm.fit();
    let f = &r.fit;
    let m = &r.model;
    let mut s = String::new();
    let method = match &m.weight {
        Some(w) => fill(ft.wls, &[w]),
        None => "OLS".to_string(),
    };
    s.push_str(&fill(ft.head, &[&m.title, &method, &m.data_source]));
    s.push_str(&fill(
        ft.lm_stats,
        &[
            &f.n,
            &f.p,
            &f.df_resid,
            &tm.decimal(format!("{:.4}", f.r2)),
            &tm.decimal(format!("{:.4}", f.adj_r2)),
            &ft.centred[usize::from(!f.centred)],
            &num(f.sigma, tm),
        ],
    ));
    if let (Some(fs), Some(fp)) = (f.f, f.f_p) {
        let df1 = f.p - usize::from(m.intercept);
        s.push_str(&fill(
            ft.f_test,
            &[&num(fs, tm), &df1, &f.df_resid, &p_text(fp, tm)],
        ));
    }
    s.push_str(&fill(
        ft.loglik,
        &[&num(f.loglik, tm), &num(f.aic, tm), &num(f.bic, tm)],
    ));
    s.push_str(&fill(
        ft.condition,
        &[&num(f.condition_number, tm), &f.solver],
    ));
    for w in &f.warnings {
        s.push_str(&format!(
            "{}: {}\n",
            tm.t().warning,
            super::warnings::text(w, tm)
        ));
    }
    let level = 100.0 * (1.0 - m.alpha);
    s.push('\n');
    let c = &ft.lm_cols;
    s.push_str(&coefficient_table(
        r,
        [
            c[0],
            c[1],
            c[2],
            c[3],
            c[4],
            &fill(ft.interval, &[&format!("{level:.0}")]),
            c[5],
            c[6],
        ],
        |c| {
            c.vif
                .map_or_else(|| "–".into(), |v| tm.decimal(format!("{v:.2}")))
        },
        tm,
    ));
    s.push_str(&areas_and_exclusions(r, top, tm));
    s
}

/// The coefficient table of both summaries: a header line with `heads`, then
/// one row per coefficient whose last column is `last`.
fn coefficient_table(
    r: &ModelResult,
    heads: [&str; 8],
    last: impl Fn(&modellvarde::results::CoefficientRow) -> String,
    tm: &Terminal,
) -> String {
    let mut s = format!(
        "{:<22} {:>13} {:>12} {:>9} {:>9} {:>27} {:>12} {:>8}\n",
        heads[0], heads[1], heads[2], heads[3], heads[4], heads[5], heads[6], heads[7]
    );
    for c in &r.coefficients {
        s.push_str(&format!(
            "{:<22} {:>13} {:>12} {:>9} {:>9} {:>13} {:>13} {:>12} {:>8}\n",
            short(&c.name, 22),
            num(c.estimate, tm),
            num(c.std_error, tm),
            tm.decimal(format!("{:.3}", c.t)),
            p_text(c.p, tm),
            num(c.ci_low, tm),
            num(c.ci_high, tm),
            num(c.hc3_std_error, tm),
            last(c)
        ));
    }
    s
}

/// The GLM summary, in the order and wording of R's `summary.glm`.
fn glm_summary(r: &ModelResult, top: usize, tm: &Terminal) -> String {
    let ft = tm.fit();
    let f = &r.fit;
    let g = f.glm.as_ref().expect("a GLM result");
    let m = &r.model;
    let mut s = String::new();
    let mut extra = Vec::new();
    if let Some(w) = &m.weight {
        extra.push(fill(ft.prior_weights, &[w]));
    }
    if let Some(o) = &m.offset {
        extra.push(format!("offset log({o})"));
    }
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!(", {}", extra.join(", "))
    };
    s.push_str(&fill(
        ft.glm_head,
        &[
            &m.title,
            &m.family.as_str(),
            &m.link.as_str(),
            &extra,
            &m.data_source,
        ],
    ));
    for w in &f.warnings {
        s.push_str(&format!(
            "{}: {}\n",
            tm.t().warning,
            super::warnings::text(w, tm)
        ));
    }
    let level = 100.0 * (1.0 - m.alpha);
    let (stat, pcol) = if g.test == "z" {
        ("z", "Pr(>|z|)")
    } else {
        ("t", "Pr(>|t|)")
    };
    s.push_str(ft.coefficients);
    let c = &ft.glm_cols;
    s.push_str(&coefficient_table(
        r,
        [
            "",
            c[0],
            c[1],
            &fill(c[2], &[&stat]),
            pcol,
            &fill(ft.wald, &[&format!("{level:.0}")]),
            c[3],
            c[4],
        ],
        |c| {
            if m.link.as_str() == "log" {
                tm.decimal(format!("{:.4}", c.estimate.exp()))
            } else {
                "–".into()
            }
        },
        tm,
    ));
    let disp = match m.family.as_str() {
        "quasipoisson" | "gamma" | "gaussian" => num(g.dispersion, tm),
        _ => "1".into(),
    };
    s.push_str(&fill(ft.dispersion, &[&m.family.as_str(), &disp]));
    s.push_str(&fill(
        ft.deviance,
        &[
            &num(g.null_deviance, tm),
            &g.df_null,
            &num(g.deviance, tm),
            &f.df_resid,
        ],
    ));
    s.push_str(&fill(
        ft.explained,
        &[
            &tm.decimal(format!("{:.1}", 100.0 * g.deviance_explained)),
            &num(g.pearson_chi2, tm),
        ],
    ));
    let na = |v: f64| {
        if v.is_finite() {
            num(v, tm)
        } else {
            "NA".into()
        }
    };
    s.push_str(&fill(ft.glm_aic, &[&na(f.aic), &na(f.bic), &na(f.loglik)]));
    if let (Some(t), Some(se)) = (g.theta, g.theta_se) {
        s.push_str(&fill(ft.theta, &[&num(t, tm), &num(se, tm)]));
    }
    s.push_str(&fill(ft.iterations, &[&g.iterations, &g.loo_method]));
    s.push_str(&fill(
        ft.condition,
        &[&num(f.condition_number, tm), &f.solver],
    ));
    s.push_str(&areas_and_exclusions(r, top, tm));
    s
}

/// The areas furthest from their modelled value, and the excluded rows.
fn areas_and_exclusions(r: &ModelResult, top: usize, tm: &Terminal) -> String {
    let ft = tm.fit();
    let m = &r.model;
    let mut s = String::new();
    let order = top_areas(&r.areas, top);
    s.push_str(&fill(ft.areas_intro, &[&top.min(r.areas.len())]));
    let h = &ft.area_cols;
    s.push_str(&format!(
        "{:<10} {:<20} {:>12} {:>12} {:>9} {:>7} {:>8} {:>9}  {}\n",
        h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8]
    ));
    for a in order {
        let p_adj = if m.correction == modellvarde::flag_names::Correction::Bh {
            a.q_bh
        } else {
            a.p_bonferroni
        };
        s.push_str(&format!(
            "{:<10} {:<20} {:>12} {:>12} {:>9} {:>7} {:>8} {:>9}  {}\n",
            short(&a.id, 10),
            short(&a.name, 20),
            num(a.actual, tm),
            num(a.modelled, tm),
            a.deviation_pct
                .map_or_else(|| "–".into(), |d| tm.decimal(format!("{d:+.1}"))),
            a.ratio
                .map_or_else(|| "–".into(), |q| tm.decimal(format!("{q:.3}"))),
            a.studentized_external
                .map_or_else(|| "–".into(), |t| tm.decimal(format!("{t:.2}"))),
            p_adj.map_or_else(|| "–".into(), |p| p_text(p, tm)),
            flags(r, a, tm)
        ));
        for note in &a.notes {
            s.push_str(&format!("           {}: {note}\n", tm.t().note));
        }
    }
    if r.excluded.is_empty() {
        s.push_str(ft.no_excluded);
    } else {
        s.push_str(&fill(ft.excluded_rows, &[&r.excluded.len()]));
        let lang = tm.lang.unwrap_or(modellvarde::lang::Lang::En);
        for e in &r.excluded {
            let line = e.line.map_or_else(String::new, |l| fill(ft.line, &[&l]));
            s.push_str(&format!(
                "  {line}{} {} – {}\n",
                e.id,
                e.name,
                presentation::i18n::reasons::exclusion(&e.reason, lang).replace('\u{2212}', "-")
            ));
        }
    }
    s
}

/// The `top` areas furthest from their modelled value, furthest first: by
/// |externally studentized residual| (areas without one first), then by id,
/// then in data order. Only those are put in order (a selection, then a sort
/// of the few): sorting every area cost more than the rest of the summary.
/// The selection runs over each area's key and index, 16 bytes beside the
/// row's several hundred, and compares ids only between equal keys.
fn top_areas(areas: &[AreaRow], top: usize) -> Vec<&AreaRow> {
    let key = |x: &AreaRow| x.studentized_external.map_or(f64::INFINITY, f64::abs);
    // The index makes the order total, so the unstable selection and sort
    // give exactly the stable sort's first `top` rows.
    let cmp = |a: &(f64, usize), b: &(f64, usize)| {
        b.0.total_cmp(&a.0)
            .then_with(|| areas[a.1].id.cmp(&areas[b.1].id))
            .then(a.1.cmp(&b.1))
    };
    let mut order: Vec<(f64, usize)> = areas.iter().map(key).zip(0..).collect();
    let top = top.min(order.len());
    if top == 0 {
        return Vec::new();
    }
    if top < order.len() {
        order.select_nth_unstable_by(top - 1, cmp);
        order.truncate(top);
    }
    order.sort_unstable_by(cmp);
    order.into_iter().map(|(_, i)| &areas[i]).collect()
}

/// An area's flags: their names as in `results.json` without `--lang`,
/// the report's words with it.
fn flags(r: &ModelResult, a: &modellvarde::results::AreaRow, tm: &Terminal) -> String {
    match tm.lang {
        None => modellvarde::flag_names::join(&a.flags, ", "),
        Some(lang) => a
            .flags
            .iter()
            .map(|f| modellvarde::report::flag_label(*f, r, lang))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The order `top_areas` must give: every area sorted (stably) by
    /// |externally studentized residual| descending, areas without one
    /// first, then by id; the first `top`.
    fn top_by_full_sort(areas: &[AreaRow], top: usize) -> Vec<&AreaRow> {
        let key = |x: &AreaRow| x.studentized_external.map_or(f64::INFINITY, f64::abs);
        let mut all: Vec<&AreaRow> = areas.iter().collect();
        all.sort_by(|a, b| key(b).total_cmp(&key(a)).then_with(|| a.id.cmp(&b.id)));
        all.truncate(top);
        all
    }

    #[test]
    fn the_top_areas_are_those_of_a_full_sort() {
        let mut seed = 7u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        for round in 0..200 {
            let n = 1 + next(300) as usize;
            // Few distinct values and ids: many ties, on the key and on both.
            let areas: Vec<AreaRow> = (0..n)
                .map(|i| AreaRow {
                    id: format!("A{}", next(12)),
                    name: format!("row {i}"),
                    studentized_external: match next(8) {
                        0 => None,
                        1 => Some(f64::NAN),
                        k => Some((k as f64 - 4.0) * 0.5),
                    },
                    ..Default::default()
                })
                .collect();
            for top in [0, 1, 3, 10, n, n + 5] {
                let want: Vec<&str> = top_by_full_sort(&areas, top)
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect();
                let got: Vec<&str> = top_areas(&areas, top)
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect();
                assert_eq!(got, want, "round {round}, n = {n}, top = {top}");
            }
        }
    }
}
