//! `modellvarde report`: run every model specification on the data and write
//! the reports.
//!
//! With no arguments it runs every spec in `./models/` (or, when there is no
//! such folder, the specs built into the binary) on the default data, for each
//! spec's years, in parallel, and writes
//!
//!     reports/<model>/<year>/results.json   (the full result, DESIGN §7)
//!     reports/index.md                      (links to every model and year)
//!
//! A pooled spec writes to `reports/<model>/pooled/`. Each result is written as
//! soon as its fit finishes, so a later failure loses nothing; a failed fit is
//! reported and the others go on, and the exit status is 1 when anything failed.
//! Holds the whole data table in memory (a few MB for all municipalities).

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use modellvarde::assemble::Dictionary;
use modellvarde::data::{Column, Table};
use modellvarde::output::write_atomic;
use modellvarde::results::ModelResult;
use modellvarde::runner::{run_all_with, RunOptions, Task};
use modellvarde::spec::{suggest, CheckedSpec, ModelSpec};

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

/// Default data file (relative to the current folder) until the data is embedded.
const DEFAULT_DATA: &str = "data/kommuner.csv";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Run only this model (a spec name from models/, or a path to a .toml
    /// file). Repeat for several.
    #[arg(long = "model", value_name = "NAME")]
    pub models: Vec<String>,
    /// Data file (CSV, one row per area and year). Default: the built-in
    /// municipality data.
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Run only this year. Repeat for several.
    #[arg(long = "year", value_name = "Y")]
    pub years: Vec<i32>,
    /// Output folder.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
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
}

/// The validated configuration of a report run.
pub struct ReportConfig {
    pub specs: Vec<ModelSpec>,
    pub table: Table,
    pub dict: Option<Dictionary>,
    pub years: Option<Vec<i32>>,
    pub out: PathBuf,
    pub threads: usize,
    /// Bootstrap / cross-validation per fit (default: none).
    pub run: RunOptions,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.threads == Some(0) {
        bail!("--threads 0: give at least 1 thread (or leave --threads out to use all cores)");
    }
    let run = run_options(&args)?;
    let (table, dict) = load_data(args.data.as_deref())?;
    let specs = load_specs(&args.models)?;
    let cfg = ReportConfig {
        specs,
        table,
        dict,
        years: (!args.years.is_empty()).then_some(args.years),
        out: args.out,
        threads: args.threads.unwrap_or(0),
        run,
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
    let mut checked: Vec<CheckedSpec> = Vec::new();
    for s in &cfg.specs {
        match s.check(&cfg.table) {
            Ok(c) => checked.push(c),
            Err(e) => failures.push(format!("model '{}': {e}", s.name)),
        }
    }
    if let Some(ys) = &cfg.years {
        for y in ys {
            if !checked.iter().any(|c| c.years.contains(y)) && !checked.is_empty() {
                failures.push(format!(
                    "--year {y}: no selected model has this year in its sample"
                ));
            }
        }
    }

    let n_tasks = modellvarde::runner::tasks(&checked, cfg.years.as_deref()).len();
    let bar = progress_bar(n_tasks as u64);
    let write_errors: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let results = run_all_with(
        &checked,
        &cfg.table,
        cfg.years.as_deref(),
        cfg.threads,
        cfg.dict.as_ref(),
        &cfg.run,
        |task, r| {
            if let Ok(res) = r {
                let dir = task_dir(&cfg.out, task);
                if let Err(e) = write_outputs(res, &dir) {
                    write_errors.lock().unwrap().push(format!("{task}: {e:#}"));
                }
            }
            bar.set_message(task.to_string());
            bar.inc(1);
        },
    )?;
    bar.finish_and_clear();
    failures.extend(write_errors.into_inner().unwrap());

    let mut ok: Vec<(&Task, &ModelResult)> = Vec::new();
    for (task, r) in &results {
        match r {
            Ok(res) => ok.push((task, res)),
            Err(e) => failures.push(format!("{task}: {e}")),
        }
    }
    let index = index_markdown(&ok, &failures);
    let index_path = cfg.out.join("index.md");
    write_atomic(&index_path, index.as_bytes())
        .with_context(|| format!("writing {}", index_path.display()))?;

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
    let year = match task.year {
        Some(y) => y.to_string(),
        None => "pooled".to_string(),
    };
    out.join(&task.model).join(year)
}

/// Write every output of one result into `dir`. Add exporters here: each is a
/// pure function of the result, written atomically. Returns the files written.
pub fn write_outputs(result: &ModelResult, dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let path = dir.join("results.json");
    write_atomic(&path, result.to_json().as_bytes())
        .with_context(|| format!("writing {}", path.display()))?;
    written.push(path);
    Ok(written)
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
            let dir = match task.year {
                Some(y) => y.to_string(),
                None => "pooled".into(),
            };
            s.push_str(&format!(
                "| {dir} | {} | {:.3} | {} | [results.json]({model}/{dir}/results.json) |\n",
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
    if dir.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .with_context(|| format!("reading {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        for f in files {
            let text =
                std::fs::read_to_string(&f).with_context(|| format!("reading {}", f.display()))?;
            available.push(ModelSpec::from_toml(&text, &f.display().to_string())?);
        }
    } else {
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
                let text = std::fs::read_to_string(p)
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

/// Load the data table and its dictionary (`variables.csv` next to the data
/// file, if present).
pub(crate) fn load_data(path: Option<&Path>) -> anyhow::Result<(Table, Option<Dictionary>)> {
    let path = match path {
        Some(p) => p.to_path_buf(),
        None => {
            let p = PathBuf::from(DEFAULT_DATA);
            if !p.is_file() {
                bail!("no --data given and {DEFAULT_DATA} is not here\n  hint: run from the project folder, or pass --data FILE");
            }
            p
        }
    };
    let text = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    let table = load_table(&text, &path.display().to_string())?;
    let dict_path = path.with_file_name("variables.csv");
    let dict = if dict_path.is_file() {
        let t = std::fs::read_to_string(&dict_path)
            .with_context(|| format!("reading {}", dict_path.display()))?;
        Some(Dictionary::from_csv(&t, &dict_path.display().to_string())?)
    } else {
        None
    };
    Ok((table, dict))
}

/// A small CSV reader for the tidy area format (role columns by header name,
/// the rest numeric). Stands in for the data module's loader.
fn load_table(bytes: &[u8], source: &str) -> anyhow::Result<Table> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        // Latin-1: every byte is the code point of the same value.
        Err(_) => bytes.iter().map(|&b| b as char).collect(),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let first = text.lines().next().unwrap_or("");
    let delim = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .with_context(|| format!("{source}:1: cannot read the header"))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let role = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
    };
    let id_i = role(&[
        "id",
        "area_id",
        "kommun",
        "district_id",
        "omrade_id",
        "område_id",
    ]);
    let name_i = role(&["name", "area_name", "kommun_name", "district_name", "namn"]);
    let group_i = role(&["group", "lan", "län", "region", "city", "stad"]);
    let gname_i = role(&[
        "group_name",
        "lan_name",
        "län_name",
        "region_name",
        "city_name",
    ]);
    let year_i = role(&["year", "ar", "år"]);
    let Some(id_i) = id_i else {
        bail!("{source}:1: no area id column\n  hint: name it one of id, area_id, kommun, district_id, omrade_id");
    };
    let roles: Vec<usize> = [Some(id_i), name_i, group_i, gname_i, year_i]
        .into_iter()
        .flatten()
        .collect();
    let numeric: Vec<usize> = (0..headers.len()).filter(|i| !roles.contains(i)).collect();
    let mut t = Table {
        source: source.to_string(),
        columns: numeric
            .iter()
            .map(|&i| Column {
                name: headers[i].clone(),
                values: Vec::new(),
            })
            .collect(),
        ..Default::default()
    };
    let mut seen = std::collections::BTreeMap::new();
    for (k, rec) in rdr.records().enumerate() {
        let line = k as u64 + 2;
        let rec = rec.with_context(|| format!("{source}:{line}: cannot read the row"))?;
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).unwrap_or("").trim().to_string();
        let id = get(Some(id_i));
        let name = get(name_i);
        let year = match year_i {
            Some(_) => {
                let y = get(year_i);
                Some(y.parse::<i32>().map_err(|_| {
                    anyhow::anyhow!(
                        "{source}:{line}, column '{}', area {id}: year '{y}' is not a whole number",
                        headers[year_i.unwrap()]
                    )
                })?)
            }
            None => None,
        };
        if let Some(prev) = seen.insert((id.clone(), year), line) {
            bail!("{source}:{line}: area {id} year {year:?} appears twice (also on line {prev})\n  hint: keep one row per area and year");
        }
        for (c, &i) in numeric.iter().enumerate() {
            let raw = rec.get(i).unwrap_or("").trim();
            let v = if raw.is_empty() || raw.eq_ignore_ascii_case("na") || raw == ".." {
                None
            } else {
                let norm = if delim == b';' {
                    raw.replace(',', ".")
                } else {
                    raw.to_string()
                };
                Some(norm.parse::<f64>().map_err(|_| {
                    anyhow::anyhow!(
                        "{source}:{line}, column '{}', area {id}: '{raw}' is not a number\n  hint: use a decimal number, or leave the cell empty for a missing value",
                        headers[i]
                    )
                })?)
            };
            t.columns[c].values.push(v);
        }
        t.group_name.push(get(gname_i).to_string());
        t.group.push(get(group_i));
        t.id.push(id);
        t.name.push(name);
        t.year.push(year);
        t.line.push(line);
    }
    Ok(t)
}
