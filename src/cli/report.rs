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
//!     reports/<model>/<year>/brief.html        its one- or two-page short version
//!     reports/<model>/<year>/plots/*.svg       the charts (map.png too; every
//!                                              chart as PNG with `--png`)
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
use super::texts::{fill, Terminal};
use engine::run::report::{self as run_report_mod, Failure, OutFile, Render, Written};
use modellvarde::fetch::groups::{rka_peers, GroupMember};
use modellvarde::lang::Lang;
use modellvarde::plot::geo::Boundaries;
use modellvarde::report::csv_dialect::{in_dialect, CsvDialect};
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
    /// Run only this year. Repeat for several: one fit per year (as in
    /// `trend`; `fit` instead pools repeated years into one fit).
    #[arg(long = "year", value_name = "Y")]
    pub years: Vec<i32>,
    /// Output folder.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Report language: sv (Swedish, default) or en (English). When given,
    /// the terminal speaks it too (without it the terminal is in English).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<Lang>,
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
    /// CSV dialect of areas.csv, coefficients.csv and excluded.csv: `plain`
    /// (comma, decimal point, UTF-8) or `sv` (semicolon, decimal comma, UTF-8
    /// with BOM: what Swedish Excel opens correctly on a double-click).
    #[arg(long, value_name = "DIALECT", default_value = "plain", value_parser = ["plain", "sv"])]
    pub csv_dialect: String,
    /// Skip the plots and the HTML pages (report.html, index.html); results.json,
    /// the CSV files, report.md and areas.xlsx are still written. Drawing the
    /// charts and the map is most of a full run's time.
    #[arg(long)]
    pub no_plots: bool,
    /// Also write every chart as PNG (plots/<chart>.png), for pasting into
    /// documents. Without it the only PNG is the map (plots/map.png, shown
    /// by report.md): the HTML pages inline the charts as SVG, and the SVG
    /// files open in any browser.
    #[arg(long, conflicts_with = "no_plots")]
    pub png: bool,
    /// Kolada's municipality groups (a CSV from `fetch kolada-groups`): the
    /// report shows RKA's "Liknande kommuner ekonomiskt bistånd" beside the
    /// tool's own similar areas.
    /// Without `--groups`, the copy that `fetch kolada-groups` keeps in the
    /// cache folder (`$XDG_CACHE_HOME/modellvarde/kolada-groups.csv`) is used
    /// when it exists, and the terminal says so.
    #[arg(long, value_name = "FILE")]
    pub groups: Option<PathBuf>,
    /// Use no groups file, not even the cached one.
    #[arg(long, conflicts_with = "groups")]
    pub no_groups: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    super::common::check_threads(args.threads)?;
    super::common::check_out_folder(&args.out)?;
    let run = run_options(&args)?;
    let specs = load_specs(&args.models)?;
    let maps = district_maps(&specs);
    let tm = Terminal::new(args.lang);
    let groups_file = match (&args.groups, args.no_groups) {
        (Some(p), _) => Some(p.clone()),
        (None, true) => None,
        (None, false) => {
            let cached = modellvarde::fetch::groups::cached_groups_file();
            if let Some(p) = &cached {
                eprintln!("{}", fill(tm.t().groups_cached, &[&p.display()]));
            }
            cached
        }
    };
    let groups = match &groups_file {
        Some(p) => Some(modellvarde::fetch::groups::read_groups_csv(p)?),
        None => None,
    };
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
    let dialect = if args.csv_dialect == "sv" {
        CsvDialect::Swedish
    } else {
        CsvDialect::Plain
    };
    run_report(cfg, tm, dialect, args.png, maps, groups)
}

/// Each spec's own map boundaries (`boundaries = { file, id }`), read once;
/// a file that cannot be read is reported as a note and the map left out.
fn district_maps(specs: &[ModelSpec]) -> BTreeMap<String, Result<Boundaries, String>> {
    specs
        .iter()
        .filter_map(|s| {
            let b = s.boundaries.as_ref()?;
            let got = Boundaries::load(&b.path(&s.file), &b.id).map_err(|e| e.to_string());
            Some((s.name.clone(), got))
        })
        .collect()
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
    Ok(RunOptions {
        bootstrap,
        cv,
        context_only: false,
        no_comparison: false,
    })
}

/// The presentation crate's files for the engine's report run.
struct Presenter {
    lang: Lang,
    /// The terminal's language: the index lists the failures as the
    /// terminal prints them (English without `--lang`, as it always has).
    terminal: Terminal,
    plots: bool,
    /// Every chart as PNG too (`--png`), not only the map.
    png: bool,
    csv: CsvDialect,
    /// The output folder: the index covers every result in it, and a page
    /// shows the other years already there.
    out: PathBuf,
    /// District boundaries by model name (see [`district_maps`]).
    maps: BTreeMap<String, Result<Boundaries, String>>,
    /// Kolada's municipality groups (`--groups`).
    groups: Option<Vec<GroupMember>>,
    /// Every setting above that a page depends on, as one text (see
    /// [`Render::fingerprint`]): a folder drawn with other settings is redrawn.
    fingerprint: String,
}

impl Presenter {
    /// Where this result's map comes from: the spec's own boundaries, else
    /// the built-in municipalities when the areas are municipalities.
    fn map_for(&self, r: &ModelResult) -> Result<Option<files::MapSource<'_>>, String> {
        match self.maps.get(&r.model.name) {
            Some(Ok(b)) => Ok(Some(files::MapSource::Districts(b))),
            Some(Err(e)) => Err(e.clone()),
            None => Ok(files::MapSource::municipalities_for(r)),
        }
    }

    /// RKA's similar municipalities of each area the report shows similar
    /// areas for (the big cities or the most flagged), when a groups file was
    /// given and has a group for the area.
    fn rka_for(&self, r: &ModelResult) -> Vec<report::rka::RkaPeers> {
        let (Some(groups), Some(peers)) = (
            &self.groups,
            r.cross_city.as_ref().and_then(|c| c.peers.as_ref()),
        ) else {
            return Vec::new();
        };
        peers
            .areas
            .iter()
            .filter_map(|set| {
                let focus = set.rows.iter().find(|p| p.rank == 0)?;
                let own: Vec<String> = set
                    .rows
                    .iter()
                    .filter(|p| p.rank > 0)
                    .map(|p| p.id.clone())
                    .collect();
                let a = rka_peers(groups, &focus.id, &focus.name, &own)?;
                Some(report::rka::RkaPeers {
                    area_id: focus.id.clone(),
                    area_name: focus.name.clone(),
                    group_title: a.group_title,
                    rka: a.rka,
                    own,
                })
            })
            .collect()
    }

    /// The model's results for other years already in the output folder
    /// (from an earlier run), so that a single-year run keeps the "over the
    /// years" views; `all` wins for the years it has. Only the model's own
    /// folder is read, and only the year folders `all` does not cover.
    fn with_other_years<'a>(
        &self,
        r: &ModelResult,
        all: &'a [ModelResult],
    ) -> std::borrow::Cow<'a, [ModelResult]> {
        let have: Vec<String> = all
            .iter()
            .filter_map(|x| x.year.map(|y| y.to_string()))
            .collect();
        let skip = |model: &str, dir: &str| {
            model != r.model.name || dir == "pooled" || have.iter().any(|h| h == dir)
        };
        let mut more: Vec<ModelResult> = Vec::new();
        for (_, dir, old) in scan_results(&self.out, Some(&r.model.name), skip) {
            if old.model.name == r.model.name
                && dir != "pooled"
                && old.year.is_some()
                && !all.iter().chain(&more).any(|x| x.year == old.year)
            {
                more.push(old);
            }
        }
        // Without other years on disk (a run into an empty folder) the
        // model's results are shown as they are, not copied: a copy of
        // every year per page was 3 % of a full run's CPU time.
        if more.is_empty() && all.is_sorted_by_key(|x| x.year) {
            return std::borrow::Cow::Borrowed(all);
        }
        let mut v: Vec<ModelResult> = all.to_vec();
        v.extend(more);
        v.sort_by_key(|x| x.year);
        std::borrow::Cow::Owned(v)
    }
}

/// Every `<out>/<model>/<dir>/results.json` that parses, as (model folder,
/// year folder, result), sorted, but for the folders `skip` names (their
/// results.json is not read); only `<out>/<model>/` when `model` is given.
/// Files that do not parse are skipped (they are not this run's and the
/// index lists only what it can read).
fn scan_results(
    out: &std::path::Path,
    model: Option<&str>,
    skip: impl Fn(&str, &str) -> bool,
) -> Vec<(String, String, ModelResult)> {
    let mut found = Vec::new();
    let models: Vec<(String, PathBuf)> = match model {
        Some(m) => vec![(m.to_string(), out.join(m))],
        None => match std::fs::read_dir(out) {
            Ok(rd) => rd
                .flatten()
                .map(|m| (m.file_name().to_string_lossy().into_owned(), m.path()))
                .collect(),
            Err(_) => return found,
        },
    };
    for (m, path) in models {
        let Ok(years) = std::fs::read_dir(path) else {
            continue;
        };
        for y in years.flatten() {
            let dir = y.file_name().to_string_lossy().into_owned();
            if skip(&m, &dir) {
                continue;
            }
            let p = y.path().join("results.json");
            let Ok(text) = std::fs::read(&p) else {
                continue;
            };
            if let Ok(r) = serde_json::from_slice::<ModelResult>(&text) {
                found.push((m.clone(), dir, r));
            }
        }
    }
    found.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    found
}

fn index_entry(
    model: &str,
    dir: &str,
    r: &ModelResult,
    html: bool,
    updated: bool,
    lang: Lang,
) -> report::IndexEntry {
    let folder = std::path::Path::new(model).join(dir);
    report::IndexEntry {
        model: model.to_string(),
        title: r.model.title_in(lang).to_string(),
        year: r.year,
        r2: r.fit.r2,
        glm: r.fit.glm.is_some(),
        n: r.fit.n,
        n_flagged: r
            .areas
            .iter()
            .filter(|a| a.flags.iter().any(|f| f.is_interval()))
            .count(),
        // Without plots there is no report.html: link the results.
        path: format!(
            "{model}/{dir}/{}",
            if html { "report.html" } else { "report.md" }
        ),
        updated,
        map: html.then(|| format!("{}/{}", folder.display(), files::MAP_SVG)),
    }
}

fn pairs(files: Vec<files::OutFile>) -> Vec<OutFile> {
    files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

impl Render for Presenter {
    fn result_files(&self, r: &ModelResult) -> Result<Vec<OutFile>, String> {
        let map = self.plots && matches!(self.map_for(r), Ok(Some(_)));
        let mut out = files::result_files_but_json(r, self.lang, map)
            .map(pairs)
            .map_err(|e| format!("building areas.xlsx: {e}"))?;
        if self.csv != CsvDialect::Plain {
            for (path, bytes) in &mut out {
                if path.ends_with(".csv") {
                    let plain = String::from_utf8_lossy(bytes).into_owned();
                    *bytes = in_dialect(&plain, self.csv);
                }
            }
        }
        Ok(out)
    }

    fn page_files(&self, r: &ModelResult, all: &[ModelResult]) -> (Vec<OutFile>, Vec<String>) {
        let all = self.with_other_years(r, all);
        let (map, mut notes) = match self.map_for(r) {
            Ok(m) => (m, Vec::new()),
            Err(e) => (None, vec![format!("map not drawn: {e}")]),
        };
        let rka = self.rka_for(r);
        let (f, more) = files::page_files_with(
            r,
            &all,
            self.lang,
            &files::PageOptions {
                map,
                rka: &rka,
                png: self.png,
            },
        );
        notes.extend(more);
        (pairs(f), notes)
    }

    fn fingerprint(&self) -> String {
        self.fingerprint.clone()
    }

    fn results_json(&self) -> Option<&str> {
        Some("results.json")
    }

    fn summary_areas(&self, r: &ModelResult) -> Vec<usize> {
        summary_areas(r)
    }

    fn index_files(&self, written: &[Written<'_>], failures: &[Failure]) -> Vec<OutFile> {
        // The failures as the terminal words them.
        let tm = &self.terminal;
        let failures: Vec<String> = failures
            .iter()
            .map(|f| tm.place(&super::texts::errors::failure_text(f, tm)))
            .collect();
        let failures = failures.as_slice();
        // Every result in the output folder, this run's marked as updated.
        let mut entries: Vec<report::IndexEntry> = written
            .iter()
            .map(|w| {
                let mut e = index_entry(w.model, &w.dir, w.result, self.plots, true, self.lang);
                if !self.out.join(e.map.clone().unwrap_or_default()).is_file() {
                    e.map = None;
                }
                e
            })
            .collect();
        // The folders this run wrote or kept are listed already: their
        // results.json need not be read again.
        let listed =
            |model: &str, dir: &str| written.iter().any(|w| w.model == model && w.dir == dir);
        for (model, dir, r) in scan_results(&self.out, None, listed) {
            let html = self
                .out
                .join(&model)
                .join(&dir)
                .join("report.html")
                .exists();
            let mut e = index_entry(&model, &dir, &r, html, false, self.lang);
            if !self.out.join(e.map.clone().unwrap_or_default()).is_file() {
                e.map = None;
            }
            entries.push(e);
        }
        let mut out = vec![(
            "index.md".to_string(),
            report::index::index_md_with_failures(&entries, failures, self.lang).into_bytes(),
        )];
        if self.plots || self.out.join("index.html").exists() {
            out.push((
                "index.html".to_string(),
                report::index::index_html_with_failures(&entries, failures, self.lang).into_bytes(),
            ));
        }
        out
    }
}

/// Run the report and print the summary. Returns exit status 1 when any
/// spec, fit or file failed.
/// The CSV files are written in `csv`'s dialect; the specs' own map
/// boundaries are in `maps`.
pub fn run_report(
    cfg: run_report_mod::ReportConfig,
    tm: Terminal,
    csv: CsvDialect,
    png: bool,
    maps: BTreeMap<String, Result<Boundaries, String>>,
    groups: Option<Vec<GroupMember>>,
) -> anyhow::Result<ExitCode> {
    let lang = tm.lang.unwrap_or(Lang::Sv);
    let t = tm.t();
    let bar = progress_bar();
    let fingerprint = {
        // The groups and boundaries enter as a hash of their contents: a
        // changed groups file or boundary file redraws the pages.
        use std::hash::{Hash, Hasher};
        let mut h = engine::run::digest::Xxh64::default();
        format!("{groups:?}").hash(&mut h);
        format!("{maps:?}").hash(&mut h);
        format!(
            "lang={} plots={} png={png} csv={csv:?} inputs={:016x}",
            lang.code(),
            cfg.plots,
            h.finish()
        )
    };
    let presenter = Presenter {
        lang,
        terminal: tm,
        plots: cfg.plots,
        png,
        csv,
        out: cfg.out.clone(),
        maps,
        groups,
        fingerprint,
    };
    let outcome = run_report_mod::run_report(
        &cfg,
        &presenter,
        &|n| bar.set_length(n as u64),
        &|task: &Task| {
            bar.set_message(task.to_string());
            bar.inc(1);
        },
    )?;
    bar.finish_and_clear();
    let ok: Vec<(&Task, &ModelResult)> = outcome.ok.iter().map(|(t, r)| (t, r)).collect();
    print!("{}", summary(&ok, &tm));
    // Fit warnings (also in results.json `fit.warnings`), in the terminal's
    // language and once each: those of one year are in its line above and
    // only counted here; those of every year are shown here once.
    for (model, rs) in by_model(&ok) {
        let mw = model_warnings(&rs, &tm);
        for line in super::warnings::closing_lines(model, &mw, &tm) {
            eprintln!("{line}");
        }
    }
    for n in &outcome.notes {
        eprintln!("{}: {}", t.note, tm.note(n));
    }
    let kept = if outcome.folders_unchanged > 0 {
        fill(t.kept, &[&outcome.folders_unchanged, &outcome.fits_skipped])
    } else {
        String::new()
    };
    println!(
        "{}",
        fill(
            t.wrote,
            &[
                &outcome.folders_written,
                &ok.len(),
                &kept,
                &outcome.files_written,
                &cfg.out.display(),
                &cfg.out.join("index.md").display()
            ]
        )
    );
    if outcome.failures.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{}", fill(t.problems, &[&outcome.failures.len()]));
        for f in &outcome.failures {
            let f = super::texts::errors::failure_text(f, &tm);
            eprintln!("{}: {}", t.error, tm.place(&f));
        }
        Ok(ExitCode::from(1))
    }
}

/// The fits' progress bar; its length is set once the specs are checked.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} fits  {msg}") {
        bar.set_style(style);
    }
    bar
}

fn area_label(a: &modellvarde::results::AreaRow) -> String {
    let label = if a.name.is_empty() { &a.id } else { &a.name };
    super::compare::one_line(label).into_owned()
}

/// An area in the summary: name, deviation in outcome units and, where it
/// reads right, the percent (linear model, modelled value > 0) or the ratio
/// actual/modelled (log link): `Lund +412 (+38 %)`, `Malmö ×1.46`.
fn area_deviation(r: &ModelResult, a: &modellvarde::results::AreaRow, tm: &Terminal) -> String {
    use modellvarde::report::deviation;
    let side = match deviation::side(a) {
        deviation::Side::Above => tm.t().above_interval,
        deviation::Side::Below => tm.t().below_interval,
        deviation::Side::Within => "",
    };
    if deviation::reads_as_ratio(r) {
        return match deviation::ratio(a) {
            Some(q) => format!("{} ×{}{side}", area_label(a), tm.num(q, 2)),
            None => format!("{} {}{side}", area_label(a), tm.signed(a.residual, 0)),
        };
    }
    match deviation::shown_pct(a) {
        Some(p) => format!(
            "{} {} ({}){side}",
            area_label(a),
            tm.signed(a.residual, 0),
            tm.signed_pct(p, 0)
        ),
        None => format!("{} {}{side}", area_label(a), tm.signed(a.residual, 0)),
    }
}

/// The areas most surely above and below their modelled value (outside the
/// interval first, then by studentized residual: `report::deviation`), the
/// same lists as the report's summary. Not by percent, which favours areas
/// with a tiny modelled value, nor by amount alone.
fn extremes(r: &ModelResult, k: usize, tm: &Terminal) -> (Vec<String>, Vec<String>) {
    let (above, below) = modellvarde::report::deviation::most_above_below(r, |_| true, k);
    let fmt = |i: &usize| area_deviation(r, &r.areas[*i], tm);
    (
        above.iter().map(fmt).collect(),
        below.iter().map(fmt).collect(),
    )
}

/// The areas of a result that [`summary`] and the index read: the three most
/// surely above and below (`extremes`), the areas with a modelled value ≤ 0,
/// the areas whose modelled value may be 0,
/// the areas outside their interval (the index counts them) and the five
/// first by bootstrap rank. The engine keeps only these once the folder is
/// written (a 100 000-area panel's rows need not stay in memory), and the
/// lists come out the same: each order is by the areas' own values.
fn summary_areas(r: &ModelResult) -> Vec<usize> {
    let (above, below) = modellvarde::report::deviation::most_above_below(r, |_| true, 3);
    let nonpositive: std::collections::HashSet<&str> =
        r.nonpositive_modelled.iter().map(String::as_str).collect();
    let mut keep: std::collections::BTreeSet<usize> = above.into_iter().chain(below).collect();
    keep.extend((0..r.areas.len()).filter(|&i| {
        let a = &r.areas[i];
        a.flags.iter().any(|f| f.is_interval())
            || (a.modelled.is_finite() && a.modelled <= 0.0)
            || nonpositive.contains(a.id.as_str())
    }));
    // The areas whose modelled value may be 0: the terminal names the first
    // few and counts the rest ([`uncertain_line`]).
    keep.extend(
        (0..r.areas.len())
            .filter(|&i| modellvarde::report::deviation::uncertain_modelled(&r.areas[i])),
    );
    if let Some(u) = r
        .uncertainty
        .as_ref()
        .filter(|u| u.areas.len() == r.areas.len())
    {
        let mut top: Vec<usize> = (0..u.areas.len()).collect();
        top.sort_by_key(|&i| (u.areas[i].rank, i));
        keep.extend(top.into_iter().take(5));
    }
    keep.into_iter().collect()
}

/// The model comparison by cross-validation in one line: the spec's family
/// beside the linear model (empty without a comparison).
fn comparison_line(r: &ModelResult, year: &str, tm: &Terminal) -> String {
    let Some(mc) = &r.model_comparison else {
        return String::new();
    };
    let rows: Vec<String> = mc
        .rows
        .iter()
        .map(|x| {
            format!(
                "{}/{} {}{}",
                x.family.as_str(),
                x.link.as_str(),
                tm.num(x.cv_rmse, 1),
                if x.chosen { tm.t().chosen } else { "" }
            )
        })
        .collect();
    format!(
        "  {}\n",
        fill(tm.t().comparison, &[&year, &mc.k, &rows.join(", ")])
    )
}

/// The warning line for modelled values ≤ 0 (a linear model can give them),
/// naming the areas; empty when there are none.
fn nonpositive_line(r: &ModelResult, year: &str, tm: &Terminal) -> String {
    let areas = modellvarde::report::deviation::nonpositive_modelled(r);
    if areas.is_empty() {
        return String::new();
    }
    let names: Vec<String> = areas
        .iter()
        .map(|a| format!("{} {}", area_label(a), tm.num(a.modelled, 0)))
        .collect();
    format!(
        "  {}\n",
        fill(
            tm.t().nonpositive,
            &[&year, &areas.len(), &names.join(", ")]
        )
    )
}

/// How many areas whose modelled value may be 0 the terminal names; the
/// report names them all (its warning counts them).
const UNCERTAIN_SHOWN: usize = 5;

/// The areas whose modelled value is positive but may be 0 (its confidence
/// interval reaches 0, so no percent is shown): a year line naming the first
/// [`UNCERTAIN_SHOWN`] and counting the rest. The result has been cut to the
/// summary's areas by then; [`summary_areas`] keeps every such area.
fn uncertain_line(r: &ModelResult, year: &str, tm: &Terminal) -> String {
    let areas = modellvarde::report::deviation::uncertain_modelled_areas(r);
    if areas.is_empty() {
        return String::new();
    }
    let names: Vec<String> = areas
        .iter()
        .take(UNCERTAIN_SHOWN)
        .map(|a| format!("{} {}", area_label(a), tm.num(a.modelled, 0)))
        .collect();
    let more = if areas.len() > UNCERTAIN_SHOWN {
        fill(tm.t().and_more, &[&(areas.len() - UNCERTAIN_SHOWN)])
    } else {
        String::new()
    };
    format!(
        "  {}\n",
        fill(
            tm.t().uncertain_modelled,
            &[&year, &names.join(", "), &more]
        )
    )
}

/// The results by model, in the order the summary shows them.
fn by_model<'a>(ok: &[(&'a Task, &'a ModelResult)]) -> BTreeMap<&'a str, Vec<&'a ModelResult>> {
    let mut by_model: BTreeMap<&str, Vec<&ModelResult>> = BTreeMap::new();
    for (task, r) in ok {
        by_model.entry(task.model.as_str()).or_default().push(r);
    }
    by_model
}

/// A model's warnings sorted into its year lines and its closing lines; the
/// areas with a modelled value ≤ 0 have a year line of their own
/// ([`nonpositive_line`]).
fn model_warnings(rs: &[&ModelResult], tm: &Terminal) -> super::warnings::ModelWarnings {
    super::warnings::sort(rs, tm, |r, w| {
        matches!(w, modellvarde::results::Warning::NonpositiveModelled { .. })
            && !modellvarde::report::deviation::nonpositive_modelled(r).is_empty()
    })
}

/// The end-of-run summary: per model a line per year (with that year's
/// warnings), and the areas most above and below their modelled value in the
/// latest year.
fn summary(ok: &[(&Task, &ModelResult)], tm: &Terminal) -> String {
    let t = tm.t();
    let by_model = by_model(ok);
    let year_of = |r: &ModelResult| {
        r.year
            .map(|y| y.to_string())
            .unwrap_or_else(|| t.pooled.into())
    };
    let mut s = String::new();
    for (model, rs) in &by_model {
        let fam = &rs[0].model;
        if rs[0].fit.glm.is_some() {
            s.push_str(&fill(
                t.model_glm,
                &[
                    model,
                    &fam.title_in(tm.language()),
                    &fam.family.as_str(),
                    &fam.link.as_str(),
                ],
            ));
            s.push('\n');
        } else {
            s.push_str(&format!("{model}: {}\n", fam.title_in(tm.language())));
        }
        // One column width per model, so that "most below" lines up even
        // where a name and its "above interval" run past the usual width.
        let firsts: Vec<(String, String)> = rs
            .iter()
            .map(|r| {
                let (above, below) = extremes(r, 1, tm);
                let first = |v: Vec<String>| v.into_iter().next().unwrap_or_else(|| "–".into());
                (first(above), first(below))
            })
            .collect();
        let width = firsts
            .iter()
            .map(|(a, _)| a.chars().count())
            .max()
            .unwrap_or(0)
            .max(28);
        let mw = model_warnings(rs, tm);
        for ((r, (above, below)), warnings) in rs.iter().zip(&firsts).zip(&mw.per_year) {
            let year = year_of(r);
            s.push_str(&format!(
                "  {year:>6}  {} {}  n {:>3}  {} {:>2}  {} {:<width$}  {} {}\n",
                // A GLM's r2 is the share of deviance explained.
                if r.fit.glm.is_some() { "D²" } else { "R²" },
                tm.num(r.fit.r2, 3),
                r.fit.n,
                t.excluded,
                r.excluded.len(),
                t.most_above,
                above,
                t.most_below,
                below,
            ));
            s.push_str(&nonpositive_line(r, &year, tm));
            s.push_str(&uncertain_line(r, &year, tm));
            for w in warnings {
                s.push_str(&format!("  {year}: {}: {w}\n", t.warning));
            }
        }
        if let Some(last) = rs.last() {
            let (above, below) = extremes(last, 3, tm);
            let year = year_of(last);
            s.push_str(&format!(
                "  {}\n",
                fill(t.surely_above, &[&year, &above.join(", ")])
            ));
            s.push_str(&format!(
                "  {}\n",
                fill(t.surely_below, &[&year, &below.join(", ")])
            ));
            s.push_str(&uncertainty_summary(last, &year, tm));
            s.push_str(&comparison_line(last, &year, tm));
        }
    }
    s
}

/// Bootstrap and cross-validation lines of the summary (empty when neither
/// was asked for): the top areas with their rank intervals, the coefficient
/// intervals, the CV error.
fn uncertainty_summary(r: &ModelResult, year: &str, tm: &Terminal) -> String {
    let t = tm.t();
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
        let redrawn = if u.failed_resamples > 0 {
            fill(t.redrawn, &[&u.failed_resamples])
        } else {
            String::new()
        };
        s.push_str(&format!(
            "  {}\n",
            fill(
                t.rank_by,
                &[
                    &year,
                    &u.rank_by,
                    &pct,
                    &u.method,
                    &u.b,
                    &redrawn,
                    &fmt.join(", ")
                ]
            )
        ));
        let coefs: Vec<String> = u
            .coefficients
            .iter()
            .map(|c| {
                format!(
                    "{} {} {}",
                    c.name,
                    tm.num(c.estimate, 4),
                    tm.interval(c.low, c.high, 4)
                )
            })
            .collect();
        s.push_str(&format!(
            "  {}\n",
            fill(t.coefficients_interval, &[&year, &pct, &coefs.join(", ")])
        ));
    }
    if let Some(cv) = &r.cv {
        let w = match (cv.weighted_rmse, cv.weighted_mae) {
            (Some(a), Some(b)) => fill(t.cv_weighted, &[&tm.num(a, 1), &tm.num(b, 1)]),
            _ => String::new(),
        };
        s.push_str(&format!(
            "  {}\n",
            fill(
                t.cross_validation,
                &[&year, &cv.k, &tm.num(cv.rmse, 1), &tm.num(cv.mae, 1), &w]
            )
        ));
    }
    s
}

/// Read the specs to run (`engine::run::specs::load_specs`): `names` empty =
/// all; a `.toml` path or a name from `./models/` (or the built-in specs).
pub(crate) fn load_specs(names: &[String]) -> anyhow::Result<Vec<ModelSpec>> {
    Ok(engine::run::specs::load_specs(names)?)
}
