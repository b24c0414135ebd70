//! `modellvarde compare`: similar areas (peers) by covariate profile, for one
//! area (`--area ID`) or for every area; `--reference` instead compares the
//! model with the spec's external reference model. Also holds the helpers the
//! other cross-city commands (`trend`, `allocate`) share: loading one model,
//! choosing its year, writing `--json` tables and charts.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use serde::Serialize;

use modellvarde::assemble::Dictionary;
use modellvarde::compare::{fit_view, peer_table, peers_of, PeerOptions};
use modellvarde::data::Table;
use modellvarde::lang::Lang;

use super::texts::{fill, Terminal};
use modellvarde::output::write_atomic;
use modellvarde::plot::crossview::{peer_table_svg, peers_chart, reference_chart};
use modellvarde::reference::reference_comparison;
use modellvarde::spec::CheckedSpec;

use super::common::{data_path_for, load_data_at, DataArgs};
use super::report::load_specs;

/// Arguments every cross-city command takes.
#[derive(Debug, clap::Args)]
pub struct ModelArgs {
    /// Model: a spec name from models/, or a path to a .toml file.
    #[arg(long, value_name = "NAME")]
    pub model: String,
    #[command(flatten)]
    pub data: DataArgs,
    /// Folder for charts (written under <DIR>/<model>/<year>/).
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    /// Write the table as a JSON array of objects, one per area, to PATH
    /// (`-` = stdout, and nothing else on stdout).
    #[arg(long, value_name = "PATH|-")]
    pub json: Option<String>,
    /// Language of the charts and, when given, of the terminal's numbers
    /// and texts: sv or en (default: Swedish charts, English terminal).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<Lang>,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: ModelArgs,
    /// Year of the fit (default: the model's latest year).
    #[arg(long, value_name = "Y")]
    pub year: Option<i32>,
    /// The area to find peers for (id or name). Without it: every area.
    #[arg(long, value_name = "ID")]
    pub area: Option<String>,
    /// Number of similar areas.
    #[arg(long, value_name = "K", default_value_t = 5)]
    pub k: usize,
    /// Only peers in other groups (other cities / counties) than the area's own.
    #[arg(long)]
    pub other_groups: bool,
    /// Compare the model with the spec's external reference column instead.
    #[arg(long, conflicts_with_all = ["area", "other_groups"])]
    pub reference: bool,
}

/// One checked model with its data.
pub(crate) struct Loaded {
    pub spec: CheckedSpec,
    pub table: Table,
    pub dict: Option<Dictionary>,
}

/// Load the data and the one model named by `--model`, checked against it.
pub(crate) fn load_model(args: &ModelArgs) -> anyhow::Result<Loaded> {
    let specs = load_specs(std::slice::from_ref(&args.model))?;
    let spec = specs.into_iter().next().context("no model loaded")?;
    let (table, dict) = load_data_at(
        &args.data,
        data_path_for(&args.data, &spec).as_deref(),
        &spec.columns,
    )?;
    let dict = Some(dict);
    let spec = spec.check(&table)?;
    Ok(Loaded { spec, table, dict })
}

/// The year to use: `--year` if it is one of the model's years, else the
/// model's latest year (`None` for data without years).
pub(crate) fn pick_year(spec: &CheckedSpec, year: Option<i32>) -> anyhow::Result<Option<i32>> {
    match year {
        Some(y) if spec.years.contains(&y) => Ok(Some(y)),
        Some(y) => bail!(
            "--year {y}: model '{}' has no fit for this year (its years: {})\n  hint: choose one of the model's sample years",
            spec.name(),
            years_text(&spec.years)
        ),
        None => Ok(spec.years.last().copied()),
    }
}

pub(crate) fn years_text(ys: &[i32]) -> String {
    match (ys.first(), ys.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.to_string(),
        _ => "none".into(),
    }
}

/// `<out>/<model>/<year|pooled>/<file>`.
pub(crate) fn chart_path(out: &Path, model: &str, year: Option<i32>, file: &str) -> PathBuf {
    let y = year
        .map(|y| y.to_string())
        .unwrap_or_else(|| "pooled".into());
    out.join(model).join(y).join(file)
}

/// Write a chart and say so on stderr (stdout carries the table or JSON only).
pub(crate) fn write_chart(path: &Path, svg: &str, tm: &Terminal) -> anyhow::Result<()> {
    write_atomic(path, svg.as_bytes()).with_context(|| fill(tm.t().writing, &[&path.display()]))?;
    eprintln!("{}", fill(tm.t().wrote_file, &[&path.display()]));
    Ok(())
}

/// `--json PATH|-`: the rows as a pretty JSON array. Returns true when the
/// JSON went to stdout (so no table is printed).
pub(crate) fn write_json<T: Serialize>(
    json: Option<&str>,
    rows: &T,
    tm: &Terminal,
) -> anyhow::Result<bool> {
    let Some(path) = json else {
        return Ok(false);
    };
    let mut text = serde_json::to_string_pretty(rows).context("serialising the table")?;
    text.push('\n');
    if path == "-" {
        print!("{text}");
        Ok(true)
    } else {
        let p = Path::new(path);
        write_atomic(p, text.as_bytes()).with_context(|| fill(tm.t().writing, &[&path]))?;
        eprintln!("{}", fill(tm.t().wrote_file, &[&path]));
        Ok(false)
    }
}

pub(crate) fn opt(tm: &Terminal, v: Option<f64>, decimals: usize) -> String {
    v.map(|v| tm.signed(v, decimals))
        .unwrap_or_else(|| "–".into())
}

/// Shorten a name for a fixed-width column, on one line: a line break or
/// tab inside the cell (a quoted multi-line cell, Alt+Enter in Excel) reads
/// as a space, so the table keeps one row per area.
pub(crate) fn short(s: &str, n: usize) -> String {
    let s = one_line(s);
    if s.chars().count() <= n {
        s.into_owned()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

/// A text cell as one terminal line: each run of line breaks and tabs
/// becomes one space (the loader keeps them, as the cell holds them; the
/// reports' Markdown and HTML do the same).
pub(crate) fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['\n', '\r', '\t']) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut in_break = false;
    for c in s.chars() {
        if matches!(c, '\n' | '\r' | '\t') {
            if !in_break {
                out.push(' ');
            }
            in_break = true;
        } else {
            out.push(c);
            in_break = false;
        }
    }
    std::borrow::Cow::Owned(out)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let m = load_model(&args.common)?;
    let year = pick_year(&m.spec, args.year)?;
    let view = fit_view(&m.spec, &m.table, year, m.dict.as_ref())?;
    let model = m.spec.name().to_string();
    let json = args.common.json.as_deref();
    let tm = Terminal::new(args.common.lang);

    if args.reference {
        let Some(cmp) = reference_comparison(&view.result) else {
            bail!(
                "model '{model}' names no reference column (or no area has a value in it)\n  hint: add reference = \"<column>\" to the spec, e.g. reference = \"U31004\" as in models/riket-nettokostnad.toml"
            );
        };
        let svg = reference_chart(&view.result, &cmp, args.common.lang.unwrap_or(Lang::Sv))?;
        let to_stdout = write_json(json, &cmp.disagreements, &tm)?;
        if !to_stdout {
            let r = |v: Option<f64>| v.map(|v| tm.num(v, 3)).unwrap_or_else(|| "–".into());
            let t = tm.t();
            let y = year.map(|y| y.to_string()).unwrap_or_default();
            println!(
                "{}",
                fill(t.reference_intro, &[&model, &y, &cmp.column, &cmp.n])
            );
            println!(
                "{}",
                fill(
                    t.reference_corr,
                    &[
                        &r(cmp.correlation),
                        &r(cmp.rank_correlation),
                        &r(cmp.correlation_actual_modelled),
                        &r(cmp.correlation_actual_reference),
                        &tm.signed(cmp.mean_difference, 1)
                    ]
                )
            );
            println!(
                "{}",
                fill(
                    t.reference_signs,
                    &[&cmp.n_same_sign, &cmp.disagreements.len()]
                )
            );
            let c = &t.reference_cols;
            println!(
                "{:<6} {:<28} {:>9} {:>9} {:>9} {:>9} {:>9}",
                c[0], c[1], c[2], c[3], c[4], c[5], c[6]
            );
            for d in &cmp.disagreements {
                println!(
                    "{:<6} {:<28} {:>9} {:>9} {:>9} {:>9} {:>9}",
                    one_line(&d.id),
                    short(&d.name, 28),
                    tm.num(d.actual, 0),
                    tm.num(d.modelled, 0),
                    tm.num(d.reference, 0),
                    tm.signed(d.deviation, 0),
                    tm.signed(d.reference_deviation, 0)
                );
            }
        }
        write_chart(
            &chart_path(&args.common.out, &model, year, "reference.svg"),
            &svg,
            &tm,
        )?;
        return Ok(ExitCode::SUCCESS);
    }

    let opts = PeerOptions {
        k: args.k,
        other_groups: args.other_groups,
    };
    let groups = group_names(&view.result);
    let group = |code: &str| short(groups.get(code).copied().unwrap_or(code), GROUP_WIDTH);
    match &args.area {
        Some(area) => {
            let rows = peers_of(&view, &m.table, area, &opts)?;
            let svg = peers_chart(&view.result, &rows, args.common.lang.unwrap_or(Lang::Sv))?;
            if !write_json(json, &rows, &tm)? {
                let t = tm.t();
                let y = year.map(|y| y.to_string()).unwrap_or_default();
                let other = if opts.other_groups {
                    t.in_other_groups
                } else {
                    ""
                };
                println!(
                    "{}",
                    fill(
                        t.peers_intro,
                        &[
                            &rows[0].name,
                            &opts.k,
                            &other,
                            &view.covariates.join(", "),
                            &model,
                            &y
                        ]
                    )
                );
                let c = &t.peers_cols;
                println!(
                    "{:>4} {:<8} {:<30} {:<GROUP_WIDTH$} {:>8} {:>9} {:>9} {:>9} {:>7}  {}",
                    c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9]
                );
                for r in &rows {
                    let line = format!(
                        "{:>4} {:<8} {:<30} {:<GROUP_WIDTH$} {:>8} {:>9} {:>9} {:>9} {:>7}  {}",
                        r.rank,
                        one_line(&r.id),
                        short(&r.name, 30),
                        group(&r.group),
                        tm.num(r.distance, 2),
                        tm.num(r.actual, 0),
                        tm.num(r.modelled, 0),
                        tm.signed(r.deviation, 0),
                        opt(&tm, r.deviation_pct, 1),
                        match tm.lang {
                            // The report's words for the flags.
                            Some(lang) => r
                                .flags
                                .iter()
                                .map(|f| modellvarde::report::flag_label(*f, &view.result, lang))
                                .collect::<Vec<_>>()
                                .join(", "),
                            None => modellvarde::flag_names::join(&r.flags, ","),
                        }
                    );
                    // No trailing blanks where an area has no flags.
                    println!("{}", line.trim_end());
                }
            }
            let file = format!("peers-{}.svg", sanitize(&rows[0].id));
            write_chart(
                &chart_path(&args.common.out, &model, year, &file),
                &svg,
                &tm,
            )?;
        }
        None => {
            let rows = peer_table(&view, &opts)?;
            let svg = peer_table_svg(&view.result, &rows, args.common.lang.unwrap_or(Lang::Sv))?;
            if !write_json(json, &rows, &tm)? {
                let t = tm.t();
                let y = year.map(|y| y.to_string()).unwrap_or_default();
                let other = if opts.other_groups {
                    t.in_other_groups
                } else {
                    ""
                };
                println!(
                    "{}",
                    fill(t.peer_table_intro, &[&opts.k, &other, &model, &y])
                );
                let c = &t.peer_table_cols;
                println!(
                    "{:<8} {:<30} {:<GROUP_WIDTH$} {:>9} {:>9} {:>7} {:>9} {:>9} {:>7}  {}",
                    c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9]
                );
                for r in &rows {
                    println!(
                        "{:<8} {:<30} {:<GROUP_WIDTH$} {:>9} {:>9} {:>7} {:>9} {:>9} {:>7}  {}",
                        r.id,
                        short(&r.name, 30),
                        group(&r.group),
                        tm.num(r.actual, 0),
                        tm.num(r.modelled, 0),
                        opt(&tm, r.deviation_pct, 1),
                        tm.num(r.peer_mean_actual, 0),
                        tm.signed(r.gap, 0),
                        opt(&tm, r.gap_pct, 1),
                        r.peers.join(" ")
                    );
                }
            }
            write_chart(
                &chart_path(&args.common.out, &model, year, "peers.svg"),
                &svg,
                &tm,
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The terminal's group column: wide enough for "Västra Götalandsregionen".
const GROUP_WIDTH: usize = 24;

/// Each group code's display name (the county or city name the data gives),
/// for the terminal's tables; a group without a name shows its code.
fn group_names(r: &modellvarde::results::ModelResult) -> std::collections::HashMap<&str, &str> {
    r.areas
        .iter()
        .filter(|a| !a.group_name.is_empty())
        .map(|a| (a.group.as_str(), a.group_name.as_str()))
        .collect()
}

/// A file-name-safe version of an area id.
pub(crate) fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
