//! `modellvarde report`: run every model specification on the data and write
//! the reports.
//!
//! With no arguments it runs every spec in `./models/` (or, when there is no
//! such folder, the specs built into the binary) on the built-in municipality
//! data, for each spec's years, in parallel, and writes
//!
//!     reports/<model>/<year>/results.json      the full result (DESIGN §7)
//!     reports/<model>/<year>/areas.csv         one row per area
//!     reports/<model>/<year>/coefficients.csv
//!     reports/<model>/<year>/excluded.csv      rows left out, with the reason
//!     reports/<model>/<year>/report.md         for pasting into documents
//!     reports/<model>/<year>/areas.xlsx        areas and coefficients for Excel
//!     reports/<model>/<year>/report.html       self-contained committee report
//!     reports/<model>/<year>/plots/*.svg|png   the charts
//!     reports/index.html, reports/index.md     every model and year
//!
//! A pooled spec writes to `reports/<model>/pooled/`. Each result's files are
//! written as soon as its fit finishes, so a later failure loses nothing; a
//! failed fit is reported and the others go on, and the exit status is 1 when
//! anything failed. Holds the whole data table in memory (a few MB for all
//! municipalities).

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::common::{load_groups, DataArgs, DataGroup};
use modellvarde::crossview;
use modellvarde::data::Table;
use modellvarde::lang::Lang;
use modellvarde::output::write_atomic;
use modellvarde::plot::{self, Chart, CoefScale, PlotOptions, RankingOptions};
use modellvarde::report;
use modellvarde::results::ModelResult;
use modellvarde::runner::{run_all_with, RunOptions, Task};
use modellvarde::spec::{suggest, CheckedSpec, ModelSpec};
use rayon::prelude::*;

/// Specs built into the binary, used when there is no `models/` folder.
const EMBEDDED_SPECS: [(&str, &str); 4] = [
    (
        "riket-lan.toml",
        include_str!("../../models/riket-lan.toml"),
    ),
    (
        "riket-nettokostnad.toml",
        include_str!("../../models/riket-nettokostnad.toml"),
    ),
    ("riket.toml", include_str!("../../models/riket.toml")),
    (
        "storstadslanen.toml",
        include_str!("../../models/storstadslanen.toml"),
    ),
];

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

/// The validated configuration of a report run.
pub struct ReportConfig {
    /// Specs with the data each runs on.
    pub data: Vec<DataGroup>,
    pub years: Option<Vec<i32>>,
    pub out: PathBuf,
    pub threads: usize,
    pub lang: Lang,
    /// Bootstrap / cross-validation per fit (default: none).
    pub run: RunOptions,
    /// Draw the plots and write the HTML pages (`--no-plots` turns this off).
    pub plots: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    super::common::check_threads(args.threads)?;
    super::common::check_out_folder(&args.out)?;
    let run = run_options(&args)?;
    let specs = load_specs(&args.models)?;
    let cfg = ReportConfig {
        data: load_groups(&args.data, specs)?,
        years: (!args.years.is_empty()).then_some(args.years),
        out: args.out,
        threads: args.threads.unwrap_or(0),
        lang: args.lang,
        run,
        plots: !args.no_plots,
    };
    run_report(cfg)
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

/// Run the report: check specs, fit every (spec, year), write outputs, print
/// the summary. Returns exit status 1 when any spec or fit failed.
pub fn run_report(cfg: ReportConfig) -> anyhow::Result<ExitCode> {
    let mut failures: Vec<String> = Vec::new();
    let mut checked: Vec<Vec<CheckedSpec>> = Vec::new();
    for g in &cfg.data {
        let mut ok = Vec::new();
        for s in &g.specs {
            match s.check(&g.table) {
                Ok(c) => ok.push(c),
                Err(e) => failures.push(format!("model '{}': {e}", s.name)),
            }
        }
        checked.push(ok);
    }
    if let Some(ys) = &cfg.years {
        let any = checked.iter().flatten().next().is_some();
        for y in ys {
            if any && !checked.iter().flatten().any(|c| c.years.contains(y)) {
                failures.push(format!(
                    "--year {y}: no selected model has this year in its sample"
                ));
            }
        }
    }

    let n_tasks: usize = checked
        .iter()
        .map(|c| modellvarde::runner::tasks(c, cfg.years.as_deref()).len())
        .sum();
    let bar = progress_bar(n_tasks as u64);
    let write_errors: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let mut results = Vec::new();
    for (g, specs) in cfg.data.iter().zip(&checked) {
        results.extend(run_all_with(
            specs,
            &g.table,
            cfg.years.as_deref(),
            cfg.threads,
            Some(&g.dict),
            &cfg.run,
            |task, r| {
                if let Ok(res) = r {
                    let dir = task_dir(&cfg.out, task);
                    if let Err(e) = write_outputs(res, &dir, cfg.lang) {
                        write_errors.lock().unwrap().push(format!("{task}: {e:#}"));
                    }
                }
                bar.set_message(task.to_string());
                bar.inc(1);
            },
        )?);
    }
    // One order whatever the data groups: model name, then year.
    results.sort_by(|a, b| a.0.cmp(&b.0));
    bar.finish_and_clear();
    failures.extend(write_errors.into_inner().unwrap());

    let mut ok: Vec<(&Task, &ModelResult)> = Vec::new();
    for (task, r) in &results {
        match r {
            Ok(res) => ok.push((task, res)),
            Err(e) => failures.push(format!("{task}: {e}")),
        }
    }
    // HTML pages per model (they show every year of the model), in parallel.
    // With --no-plots only the cross-city views (numbers in results.json and
    // report.md) are written, so those files are the same either way.
    let mut by_model: BTreeMap<&str, Vec<(&Task, &ModelResult)>> = BTreeMap::new();
    for (t, r) in &ok {
        by_model.entry(t.model.as_str()).or_default().push((t, r));
    }
    // Each model's checked spec and data, for the cross-city views.
    let mut sources: BTreeMap<&str, (&CheckedSpec, &Table)> = BTreeMap::new();
    for (g, specs) in cfg.data.iter().zip(&checked) {
        for s in specs {
            sources.insert(s.name(), (s, &g.table));
        }
    }
    let page_errors: Vec<String> = pool(cfg.threads)?.install(|| {
        by_model
            .par_iter()
            .filter_map(|(model, items)| {
                write_model_pages(
                    &cfg.out,
                    items,
                    sources.get(model).copied(),
                    cfg.plots,
                    cfg.lang,
                )
                .err()
                .map(|e| format!("{model}: {e:#}"))
            })
            .collect()
    });
    failures.extend(page_errors);

    let index = index_markdown(&ok, &failures);
    let index_path = cfg.out.join("index.md");
    write_atomic(&index_path, index.as_bytes())
        .with_context(|| format!("writing {}", index_path.display()))?;
    // Without plots there are no report.html pages for index.html to link to.
    if cfg.plots {
        let entries: Vec<report::IndexEntry> = ok
            .iter()
            .map(|(t, r)| report::IndexEntry {
                model: t.model.clone(),
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
                path: format!("{}/{}/report.html", t.model, year_dir(t.year)),
            })
            .collect();
        let index_html_path = cfg.out.join("index.html");
        write_atomic(
            &index_html_path,
            report::index_html(&entries, cfg.lang).as_bytes(),
        )
        .with_context(|| format!("writing {}", index_html_path.display()))?;
    }

    print!("{}", summary(&ok));
    println!(
        "wrote {} result(s) to {}/ (index: {})",
        ok.len(),
        cfg.out.display(),
        index_path.display()
    );
    if failures.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{} problem(s):", failures.len());
        for f in &failures {
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

/// `<out>/<model>/<year>` (or `<out>/<model>/pooled`).
pub fn task_dir(out: &Path, task: &Task) -> PathBuf {
    out.join(&task.model).join(year_dir(task.year))
}

/// The folder name of a year: `2022`, or `pooled`.
fn year_dir(year: Option<i32>) -> String {
    year.map_or_else(|| "pooled".to_string(), |y| y.to_string())
}

/// A rayon pool with the requested threads (0 = all cores).
fn pool(threads: usize) -> anyhow::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("starting worker threads")
}

/// Write the per-result outputs into `dir`: `results.json` (everything),
/// `areas.csv`, `coefficients.csv`, `excluded.csv`, `report.md` and
/// `areas.xlsx`. Each is a pure function of the result, written atomically.
/// Returns the files written. The HTML report and plots need the model's other
/// years too and are written by [`write_model_pages`].
pub fn write_outputs(result: &ModelResult, dir: &Path, lang: Lang) -> anyhow::Result<Vec<PathBuf>> {
    let xlsx = report::areas_xlsx(result, lang).context("building areas.xlsx")?;
    let files: [(&str, Vec<u8>); 6] = [
        ("results.json", result.to_json().into_bytes()),
        ("areas.csv", report::areas_csv(result).into_bytes()),
        (
            "coefficients.csv",
            report::coefficients_csv(result).into_bytes(),
        ),
        ("excluded.csv", report::excluded_csv(result).into_bytes()),
        ("report.md", report::report_md(result, lang).into_bytes()),
        ("areas.xlsx", xlsx),
    ];
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        write_atomic(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// Write, for every result of one model, the plots (`plots/*.svg` and
/// `plots/*.png`) and `report.html` with those plots and the model's other
/// years (deviation over the years). With the model's spec and data
/// (`source`), also the cross-city views (persistence, change decomposition,
/// similar areas; `crossview`), computed once per model from the fits already
/// made: they go into `report.html`, `report.md` and `results.json` (field
/// `cross_city`; both files are rewritten over the ones [`write_outputs`]
/// wrote), and their charts, with the reference-model chart, into `plots/`.
/// Without `plots` (`--no-plots`) only results.json and report.md are
/// written.
pub fn write_model_pages(
    out: &Path,
    results: &[(&Task, &ModelResult)],
    source: Option<(&CheckedSpec, &Table)>,
    plots: bool,
    lang: Lang,
) -> anyhow::Result<()> {
    let mut all: Vec<ModelResult> = results.iter().map(|(_, r)| (*r).clone()).collect();
    if let Some((spec, table)) = source {
        let views = crossview::cross_city(spec, table, &all);
        for (r, cc) in all.iter_mut().zip(views) {
            r.cross_city = (!cc.is_empty()).then_some(cc);
        }
    }
    // results.json and report.md again, with the views, before any drawing.
    for ((task, _), r) in results.iter().zip(&all) {
        if r.cross_city.is_none() {
            continue;
        }
        let dir = task_dir(out, task);
        for (name, bytes) in [
            ("results.json", r.to_json().into_bytes()),
            ("report.md", report::report_md(r, lang).into_bytes()),
        ] {
            let path = dir.join(name);
            write_atomic(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
        }
    }
    if !plots {
        return Ok(());
    }
    let trend_areas = plot::default_trend_areas(&all);
    let opts = PlotOptions {
        lang,
        ..PlotOptions::default()
    };
    for ((task, _), r) in results.iter().zip(&all) {
        let dir = task_dir(out, task);
        let mut charts = per_result_charts(r);
        if all.len() > 1 {
            charts.push(Chart::DeviationOverYears(&all, &trend_areas));
        }
        let mut figures = Vec::new();
        for chart in &charts {
            let stem = chart.file_stem();
            let svg = chart
                .svg(&opts)
                .with_context(|| format!("drawing {stem}"))?;
            let png = chart
                .png(&opts)
                .with_context(|| format!("drawing {stem}"))?;
            for (ext, bytes) in [("svg", svg.as_bytes()), ("png", &png[..])] {
                let path = dir.join("plots").join(format!("{stem}.{ext}"));
                write_atomic(&path, bytes)
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            let (title, caption) = figure_text(chart, lang);
            figures.push(report::Figure {
                id: stem.to_string(),
                title: title.to_string(),
                svg,
                caption: caption.to_string(),
            });
        }
        // Cross-city charts: SVG only (they are not in the PNG set the
        // committee pastes; the SVG opens in any browser).
        let extras = crossview::charts(r, r.cross_city.as_ref(), lang)
            .context("drawing the cross-city charts")?;
        let mut cross_files: Vec<(String, &str)> = Vec::new();
        if let Some(svg) = &extras.reference_svg {
            cross_files.push(("reference.svg".into(), svg));
        }
        if let Some(svg) = &extras.decomposition_svg {
            cross_files.push(("decomposition.svg".into(), svg));
        }
        for (id, svg) in &extras.peers_svgs {
            cross_files.push((format!("peers-{}.svg", file_safe(id)), svg));
        }
        for (name, svg) in cross_files {
            let path = dir.join("plots").join(name);
            write_atomic(&path, svg.as_bytes())
                .with_context(|| format!("writing {}", path.display()))?;
        }
        let html = report::report_html_with(r, &figures, &all, &extras, lang);
        let path = dir.join("report.html");
        write_atomic(&path, html.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// An area id as part of a file name (ids are data: keep letters, digits, `-`).
fn file_safe(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The charts drawn for every single fit, in report order.
fn per_result_charts(r: &ModelResult) -> Vec<Chart<'_>> {
    vec![
        Chart::ModelledVsActual(r),
        Chart::DeviationRanking(r, RankingOptions::default()),
        Chart::Coefficients(r, CoefScale::Standardized),
        Chart::ResidualsVsModelled(r),
        Chart::QqStudentized(r),
        Chart::LeverageVsStudentized(r),
    ]
}

/// Figure title and caption for the HTML report.
fn figure_text(chart: &Chart<'_>, lang: Lang) -> (&'static str, &'static str) {
    match chart {
        Chart::ModelledVsActual(_) => (
            lang.pick("Modellvärde och utfall", "Modelled and actual"),
            lang.pick(
                "Varje punkt är ett område. På linjen är utfallet lika med modellvärdet; strecken visar prediktionsintervallet. Namngivna områden ligger utanför sitt intervall beräknat utan området, eller är avvikare.",
                "Each point is an area. On the line, actual equals modelled; the bars show the prediction interval. Named areas lie outside their leave-one-out interval, or are outliers.",
            ),
        ),
        Chart::DeviationRanking(..) => (
            lang.pick("Avvikelse per område", "Deviation by area"),
            lang.pick(
                "Utfall minus modellvärde i procent av modellvärdet, sorterat; strecken visar vad intervallet utan området tillåter.",
                "Actual minus modelled in percent of modelled, sorted; the bars show what the leave-one-out interval allows.",
            ),
        ),
        Chart::Coefficients(..) => (
            lang.pick("Koefficienter (standardiserade)", "Coefficients (standardised)"),
            lang.pick(
                "β·sd(x)/sd(y) med konfidensintervall: hur många standardavvikelser utfallet ändras när variabeln ändras en standardavvikelse.",
                "β·sd(x)/sd(y) with confidence intervals: how many standard deviations the outcome moves when the covariate moves one.",
            ),
        ),
        Chart::DeviationOverYears(..) => (
            lang.pick("Avvikelse över åren", "Deviation over the years"),
            lang.pick(
                "Avvikelse i procent av modellvärdet, en skattning per år.",
                "Deviation in percent of modelled, one fit per year.",
            ),
        ),
        Chart::ResidualsVsModelled(_) => (
            lang.pick("Residual mot modellvärde", "Residual against modelled"),
            lang.pick(
                "Mönster (trattform, böj) tyder på heteroskedasticitet eller saknade termer.",
                "Patterns (funnel, curve) suggest heteroskedasticity or missing terms.",
            ),
        ),
        Chart::QqStudentized(_) => (
            lang.pick("Normalfördelningsdiagram (QQ)", "Normal QQ plot"),
            lang.pick(
                "Externt studentiserade residualer mot normalfördelningens kvantiler.",
                "Externally studentized residuals against normal quantiles.",
            ),
        ),
        Chart::LeverageVsStudentized(_) => (
            lang.pick("Hävstång och residual", "Leverage and residual"),
            lang.pick(
                "Hävstång mot studentiserad residual med konturer för Cooks avstånd.",
                "Leverage against studentized residual with Cook's distance contours.",
            ),
        ),
    }
}

/// `reports/index.md`: one section per model with a line per year.
fn index_markdown(ok: &[(&Task, &ModelResult)], failures: &[String]) -> String {
    let mut by_model: BTreeMap<&str, Vec<&(&Task, &ModelResult)>> = BTreeMap::new();
    for item in ok {
        by_model
            .entry(item.0.model.as_str())
            .or_default()
            .push(item);
    }
    let mut s = String::from("# Modellvärden – rapporter\n\n");
    for (model, items) in &by_model {
        let title = &items[0].1.model.title;
        s.push_str(&format!("## {title} (`{model}`)\n\n"));
        s.push_str("| år | n | R² | exkluderade | resultat |\n|---|---:|---:|---:|---|\n");
        for (task, r) in items {
            let dir = year_dir(task.year);
            s.push_str(&format!(
                "| {dir} | {} | {:.3} | {} | [rapport]({model}/{dir}/report.html) · [results.json]({model}/{dir}/results.json) |\n",
                r.fit.n,
                r.fit.r2,
                r.excluded.len()
            ));
        }
        s.push('\n');
    }
    if !failures.is_empty() {
        s.push_str("## Misslyckade körningar\n\n");
        for f in failures {
            s.push_str(&format!("- {}\n", f.lines().next().unwrap_or("")));
        }
        s.push('\n');
    }
    s
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

/// Read the specs to run: `names` empty = all; a name ending in `.toml` or an
/// existing file is read from disk; other names are looked up among the specs
/// in `./models/` (or the built-in specs when that folder does not exist).
pub(crate) fn load_specs(names: &[String]) -> anyhow::Result<Vec<ModelSpec>> {
    let mut available: Vec<ModelSpec> = Vec::new();
    let dir = Path::new("models");
    // Spec files named on the command line need nothing from models/: a
    // broken unrelated spec there must not stop them.
    let only_files = !names.is_empty()
        && names
            .iter()
            .all(|n| n.ends_with(".toml") || Path::new(n).is_file());
    if !only_files && dir.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .with_context(|| format!("reading {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        for f in files {
            let text = modellvarde::spec::read_spec_file(&f)?;
            available.push(ModelSpec::from_toml(&text, &f.display().to_string())?);
        }
    } else if !only_files {
        for (file, text) in EMBEDDED_SPECS {
            available.push(ModelSpec::from_toml(
                text,
                &format!("models/{file} (built in)"),
            )?);
        }
    }
    let mut out: Vec<ModelSpec> = Vec::new();
    if names.is_empty() {
        out = available;
    } else {
        for n in names {
            let p = Path::new(n);
            if n.ends_with(".toml") || p.is_file() {
                let text = modellvarde::spec::read_spec_file(p)
                    .with_context(|| format!("--model {n}: cannot read the spec file"))?;
                out.push(ModelSpec::from_toml(&text, n)?);
                continue;
            }
            match available.iter().find(|s| &s.name == n) {
                Some(s) => out.push(s.clone()),
                None => {
                    let names: Vec<&str> = available.iter().map(|s| s.name.as_str()).collect();
                    let hint = match suggest(n, names.iter().copied()) {
                        Some(s) => format!("did you mean '{s}'?"),
                        None => format!("available models: {}", names.join(", ")),
                    };
                    bail!("--model {n}: no such model\n  hint: {hint}");
                }
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for s in &out {
        if !seen.insert(s.name.clone()) {
            bail!(
                "two specs are named '{}' ({}): each model needs its own name (it names the output folder)",
                s.name,
                s.file
            );
        }
    }
    Ok(out)
}
