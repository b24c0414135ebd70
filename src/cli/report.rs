//! `modellvarde report`: run every model specification on the data and write
//! the reports.
//!
//! With no arguments it runs every spec in `./models/` (or, when there is no
//! such folder, the specs built into the binary) on the built-in municipality
//! data, for each spec's years, in parallel, and writes
//!
//!     reports/<model>/<year>/results.json      the full result (README: the results.json contract)
//!     reports/<model>/<year>/areas.csv         one row per area
//!     reports/<model>/<year>/coefficients.csv
//!     reports/<model>/<year>/excluded.csv      rows left out, with the reason
//!     reports/<model>/<year>/report.md         for pasting into documents
//!     reports/<model>/<year>/areas.xlsx        areas and coefficients for Excel
//!     reports/<model>/<year>/report.html       self-contained committee report
//!     reports/<model>/<year>/plots/*.svg|png   the charts
//!     reports/index.html, reports/index.md     every model and year
//!
//! A pooled spec writes to `reports/<model>/pooled/`. The run itself is the
//! engine's (`engine::run::report`: a lock on the output folder, each
//! model-year folder written as a unit); this file turns the arguments into
//! its configuration, hands it the presentation crate's files, and prints
//! the summary. A failed fit or write is reported and the others go on; the
//! exit status is 1 when anything failed. Holds the whole data table in
//! memory (a few MB for all municipalities).

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::common::{load_groups, DataArgs};
use engine::run::report::{self as run_report_mod, OutFile, Render, Written};
use modellvarde::lang::Lang;
use modellvarde::report::{self, files};
use modellvarde::results::ModelResult;
use modellvarde::runner::{RunOptions, Task};
use modellvarde::spec::ModelSpec;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Run only this model (a spec name from models/, or a path to a .toml
    /// file). Repeat for several.
    #[arg(long = "model", value_name = "NAME")]
    pub models: Vec<String>,
    #[command(flatten)]
    pub data: DataArgs,
    /// Run only this year. Repeat for several.
    #[arg(long = "year", value_name = "Y")]
    pub years: Vec<i32>,
    /// Output folder.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Report language: sv (Swedish, default) or en (English).
    #[arg(long, value_name = "LANG", default_value = "sv")]
    pub lang: Lang,
    /// Bootstrap each fit with B resamples: intervals for coefficients, each
    /// area's modelled value, deviation and rank (results.json `uncertainty`).
    #[arg(long, value_name = "B")]
    pub bootstrap: Option<usize>,
    /// Bootstrap method: `pairs` (resample areas) or `wild` (Rademacher
    /// multipliers on residuals; for heteroskedastic data).
    #[arg(long, value_name = "METHOD", default_value = "pairs", value_parser = ["pairs", "wild"])]
    pub bootstrap_method: String,
    /// Rank areas by `deviation` (actual − modelled, kr/inv) or `pct` (% of
    /// modelled) for the rank intervals.
    #[arg(long, value_name = "BY", default_value = "deviation", value_parser = ["deviation", "pct"])]
    pub rank_by: String,
    /// Level of the bootstrap intervals.
    #[arg(long, value_name = "L", default_value_t = 0.95)]
    pub level: f64,
    /// k-fold cross-validation error (RMSE, MAE) of each fit (results.json `cv`).
    #[arg(long, value_name = "K")]
    pub cv: Option<usize>,
    /// Seed for the bootstrap and the cross-validation folds. The same seed
    /// gives the same numbers whatever the number of threads.
    #[arg(long, value_name = "S", default_value_t = modellvarde::uncertainty::DEFAULT_SEED)]
    pub seed: u64,
    /// Skip the plots and the HTML pages (report.html, index.html); results.json,
    /// the CSV files, report.md and areas.xlsx are still written. Drawing and
    /// PNG-encoding the plots is most of a full run's time.
    #[arg(long)]
    pub no_plots: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    super::common::check_threads(args.threads)?;
    super::common::check_out_folder(&args.out)?;
    let run = run_options(&args)?;
    let specs = load_specs(&args.models)?;
    let cfg = run_report_mod::ReportConfig {
        data: load_groups(&args.data, specs)?
            .into_iter()
            .map(|g| run_report_mod::DataGroup {
                table: g.table,
                dict: g.dict,
                specs: g.specs,
            })
            .collect(),
        years: (!args.years.is_empty()).then_some(args.years),
        out: args.out,
        threads: args.threads.unwrap_or(0),
        run,
        plots: !args.no_plots,
    };
    run_report(cfg, args.lang)
}

/// Bootstrap and cross-validation settings from the flags, checked.
fn run_options(args: &Args) -> anyhow::Result<RunOptions> {
    use modellvarde::uncertainty::{BootstrapMethod, BootstrapOptions, CvOptions, RankBy};
    let bootstrap = match args.bootstrap {
        None => None,
        Some(b) if b < 2 => {
            bail!("--bootstrap {b}: give at least 2 resamples (1000–2000 for 95 % intervals)")
        }
        Some(b) => {
            if !(args.level > 0.0 && args.level < 1.0) {
                bail!(
                    "--level {}: give a level between 0 and 1, e.g. 0.95",
                    args.level
                );
            }
            Some(BootstrapOptions {
                method: if args.bootstrap_method == "wild" {
                    BootstrapMethod::Wild
                } else {
                    BootstrapMethod::Pairs
                },
                b,
                seed: args.seed,
                level: args.level,
                rank_by: if args.rank_by == "pct" {
                    RankBy::DeviationPct
                } else {
                    RankBy::Deviation
                },
            })
        }
    };
    let cv = match args.cv {
        None => None,
        Some(k) if k < 2 => bail!("--cv {k}: give at least 2 folds (10 is usual)"),
        Some(k) => Some(CvOptions { k, seed: args.seed }),
    };
    Ok(RunOptions { bootstrap, cv })
}

/// The presentation crate's files for the engine's report run.
struct Presenter {
    lang: Lang,
    plots: bool,
}

fn pairs(files: Vec<files::OutFile>) -> Vec<OutFile> {
    files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

impl Render for Presenter {
    fn result_files(&self, r: &ModelResult) -> Result<Vec<OutFile>, String> {
        files::result_files(r, self.lang)
            .map(pairs)
            .map_err(|e| format!("building areas.xlsx: {e}"))
    }

    fn page_files(&self, r: &ModelResult, all: &[ModelResult]) -> (Vec<OutFile>, Vec<String>) {
        let (f, notes) = files::page_files(r, all, self.lang);
        (pairs(f), notes)
    }

    fn fingerprint(&self) -> String {
        format!("lang={} plots={}", self.lang.code(), self.plots)
    }

    fn index_files(&self, written: &[Written<'_>], failures: &[String]) -> Vec<OutFile> {
        let entries: Vec<report::IndexEntry> = written
            .iter()
            .map(|w| {
                let r = w.result;
                report::IndexEntry {
                    model: w.model.to_string(),
                    title: r.model.title.clone(),
                    year: r.year,
                    r2: r.fit.r2,
                    n: r.fit.n,
                    n_flagged: r
                        .areas
                        .iter()
                        .filter(|a| {
                            a.flags
                                .iter()
                                .any(|f| f == report::ABOVE_INTERVAL || f == report::BELOW_INTERVAL)
                        })
                        .count(),
                    // Without plots there is no report.html: link the results.
                    path: if self.plots {
                        format!("{}/{}/report.html", w.model, w.dir)
                    } else {
                        format!("{}/{}/report.md", w.model, w.dir)
                    },
                }
            })
            .collect();
        let mut out = vec![(
            "index.md".to_string(),
            report::index::index_md_with_failures(&entries, failures, self.lang).into_bytes(),
        )];
        if self.plots {
            out.push((
                "index.html".to_string(),
                report::index_html(&entries, self.lang).into_bytes(),
            ));
        }
        out
    }
}

/// Run the report and print the summary. Returns exit status 1 when any
/// spec, fit or file failed.
pub fn run_report(cfg: run_report_mod::ReportConfig, lang: Lang) -> anyhow::Result<ExitCode> {
    let bar = progress_bar(run_report_mod::count_tasks(&cfg) as u64);
    let presenter = Presenter {
        lang,
        plots: cfg.plots,
    };
    let outcome = run_report_mod::run_report(&cfg, &presenter, &|task: &Task| {
        bar.set_message(task.to_string());
        bar.inc(1);
    })?;
    bar.finish_and_clear();
    let ok: Vec<(&Task, &ModelResult)> = outcome.ok.iter().map(|(t, r)| (t, r)).collect();
    print!("{}", summary(&ok));
    for n in &outcome.notes {
        eprintln!("note: {n}");
    }
    let kept = if outcome.folders_unchanged > 0 {
        format!(
            " ({} unchanged since the last run, kept)",
            outcome.folders_unchanged
        )
    } else {
        String::new()
    };
    println!(
        "wrote {} of {} result folder(s){kept}, {} file(s), to {}/ (index: {})",
        outcome.folders_written,
        ok.len(),
        outcome.files_written,
        cfg.out.display(),
        cfg.out.join("index.md").display()
    );
    if outcome.failures.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{} problem(s):", outcome.failures.len());
        for f in &outcome.failures {
            eprintln!("error: {f}");
        }
        Ok(ExitCode::from(1))
    }
}

fn progress_bar(len: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} fits  {msg}") {
        bar.set_style(style);
    }
    bar
}

fn area_label(a: &modellvarde::results::AreaRow) -> String {
    if a.name.is_empty() {
        a.id.clone()
    } else {
        a.name.clone()
    }
}

/// Areas furthest above and below their modelled value, in outcome units
/// (kr/inv); ties by id. Ranking by % would favour areas with a tiny modelled
/// value.
fn extremes(r: &ModelResult, k: usize) -> (Vec<String>, Vec<String>) {
    let mut v: Vec<&modellvarde::results::AreaRow> = r.areas.iter().collect();
    v.sort_by(|a, b| {
        b.residual
            .total_cmp(&a.residual)
            .then_with(|| a.id.cmp(&b.id))
    });
    let fmt = |a: &&modellvarde::results::AreaRow| match a.deviation_pct {
        Some(p) => format!("{} {:+.0} ({:+.0} %)", area_label(a), a.residual, p),
        None => format!("{} {:+.0}", area_label(a), a.residual),
    };
    let above = v
        .iter()
        .filter(|a| a.residual > 0.0)
        .take(k)
        .map(fmt)
        .collect();
    let below = v
        .iter()
        .rev()
        .filter(|a| a.residual < 0.0)
        .take(k)
        .map(fmt)
        .collect();
    (above, below)
}

/// The end-of-run summary: per model a line per year, and the areas most
/// above and below their modelled value in the latest year.
fn summary(ok: &[(&Task, &ModelResult)]) -> String {
    let mut by_model: BTreeMap<&str, Vec<&ModelResult>> = BTreeMap::new();
    for (t, r) in ok {
        by_model.entry(t.model.as_str()).or_default().push(r);
    }
    let mut s = String::new();
    for (model, rs) in &by_model {
        s.push_str(&format!("{model}: {}\n", rs[0].model.title));
        for r in rs {
            let year = r
                .year
                .map(|y| y.to_string())
                .unwrap_or_else(|| "pooled".into());
            let (above, below) = extremes(r, 1);
            s.push_str(&format!(
                "  {year:>6}  R² {:.3}  n {:>3}  excluded {:>2}  most above: {:<28} most below: {}\n",
                r.fit.r2,
                r.fit.n,
                r.excluded.len(),
                above.first().map(String::as_str).unwrap_or("–"),
                below.first().map(String::as_str).unwrap_or("–"),
            ));
        }
        if let Some(last) = rs.last() {
            let (above, below) = extremes(last, 3);
            let year = last
                .year
                .map(|y| y.to_string())
                .unwrap_or_else(|| "pooled".into());
            s.push_str(&format!("  {year}: above modelled: {}\n", above.join(", ")));
            s.push_str(&format!("  {year}: below modelled: {}\n", below.join(", ")));
            s.push_str(&uncertainty_summary(last, &year));
        }
    }
    s
}

/// Bootstrap and cross-validation lines of the summary (empty when neither
/// was asked for): the top areas with their rank intervals, the coefficient
/// intervals, the CV error.
fn uncertainty_summary(r: &ModelResult, year: &str) -> String {
    let mut s = String::new();
    if let Some(u) = &r.uncertainty {
        let pct = (u.level * 100.0).round();
        let mut top: Vec<(usize, &modellvarde::results::AreaUncertainty)> =
            u.areas.iter().enumerate().collect();
        top.sort_by_key(|(i, a)| (a.rank, *i));
        let fmt: Vec<String> = top
            .iter()
            .take(5)
            .map(|(i, a)| {
                format!(
                    "{} {} ({}–{})",
                    area_label(&r.areas[*i]),
                    a.rank,
                    a.rank_low,
                    a.rank_high
                )
            })
            .collect();
        s.push_str(&format!(
            "  {year}: rank by {} ({pct} % interval, {} bootstrap, B = {}{}): {}\n",
            u.rank_by,
            u.method,
            u.b,
            if u.failed_resamples > 0 {
                format!(", {} redrawn", u.failed_resamples)
            } else {
                String::new()
            },
            fmt.join(", ")
        ));
        let coefs: Vec<String> = u
            .coefficients
            .iter()
            .map(|c| format!("{} {:.4} [{:.4}, {:.4}]", c.name, c.estimate, c.low, c.high))
            .collect();
        s.push_str(&format!(
            "  {year}: coefficients ({pct} % bootstrap interval): {}\n",
            coefs.join(", ")
        ));
    }
    if let Some(cv) = &r.cv {
        let w = match (cv.weighted_rmse, cv.weighted_mae) {
            (Some(a), Some(b)) => format!("; weighted by the fit weights: RMSE {a:.1}, MAE {b:.1}"),
            _ => String::new(),
        };
        s.push_str(&format!(
            "  {year}: {}-fold cross-validation: RMSE {:.1}, MAE {:.1}{w}\n",
            cv.k, cv.rmse, cv.mae
        ));
    }
    s
}

/// Read the specs to run (`engine::run::specs::load_specs`): `names` empty =
/// all; a `.toml` path or a name from `./models/` (or the built-in specs).
pub(crate) fn load_specs(names: &[String]) -> anyhow::Result<Vec<ModelSpec>> {
    Ok(engine::run::specs::load_specs(names)?)
}
