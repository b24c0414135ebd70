//! `modellvarde trend`: each area's deviation over the years of a model
//! (per-year fits in parallel, or the pooled fit split by year), persistent
//! outliers separated from one-year blips, and the change decomposition
//! between the first and last year.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::bail;
use serde_json::{json, Value};

use modellvarde::compare::fit_view;
use modellvarde::lang::Lang;
use modellvarde::plot::crossview::{decomposition_chart, trend_svg};
use modellvarde::results::ModelResult;
use modellvarde::runner::run_all;
use modellvarde::trend::{area_trends, decompose, Convention, TrendOptions};

use super::compare::{
    chart_path, load_model, one_line, opt, short, write_chart, write_json, years_text, ModelArgs,
};
use super::texts::{fill, Terminal};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ConventionArg {
    /// Each year's own fit (deviations as in the yearly reports).
    Own,
    /// One pooled fit over both years with a year fixed effect.
    Common,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: ModelArgs,
    /// First year (default: the model's first year).
    #[arg(long, value_name = "Y")]
    pub from: Option<i32>,
    /// Last year (default: the model's last year).
    #[arg(long, value_name = "Y")]
    pub to: Option<i32>,
    /// Persistent: flagged in at least this many of the last --window years
    /// (default 3, at most the window).
    #[arg(long, value_name = "K")]
    pub min_flagged: Option<usize>,
    /// Number of most recent years the persistence rule looks at (default 5,
    /// at most the number of years).
    #[arg(long, value_name = "M")]
    pub window: Option<usize>,
    /// How structure is measured in the change decomposition.
    #[arg(long, value_enum, default_value = "own")]
    pub convention: ConventionArg,
    /// Worker threads for the per-year fits (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let m = load_model(&args.common)?;
    let spec = &m.spec;
    if spec.years.is_empty() {
        bail!(
            "model '{}': the data has no years, so there is no trend",
            spec.name()
        );
    }
    let from = args.from.unwrap_or(spec.years[0]);
    let to = args.to.unwrap_or(*spec.years.last().expect("years"));
    if from >= to {
        bail!("--from {from} must be before --to {to}");
    }
    for (flag, y) in [("--from", from), ("--to", to)] {
        if !spec.years.contains(&y) {
            bail!(
                "{flag} {y}: model '{}' has no fit for this year (its years: {})",
                spec.name(),
                years_text(&spec.years)
            );
        }
    }
    let years: Vec<i32> = spec
        .years
        .iter()
        .copied()
        .filter(|y| (from..=to).contains(y))
        .collect();
    super::common::check_threads(args.threads)?;
    let results: Vec<ModelResult> = if spec.spec.pooled {
        years
            .iter()
            .map(|&y| {
                fit_view(spec, &m.table, Some(y), m.dict.as_ref()).map(|v| {
                    let mut r = v.result;
                    r.year = Some(y);
                    r
                })
            })
            .collect::<Result<_, _>>()?
    } else {
        let done = run_all(
            std::slice::from_ref(spec),
            &m.table,
            Some(&years),
            args.threads.unwrap_or(0),
            m.dict.as_ref(),
            |_, _| {},
        )?;
        let mut out = Vec::new();
        for (task, r) in done {
            match r {
                Ok(r) => out.push(r),
                Err(e) => bail!("{task}: {e}"),
            }
        }
        out
    };
    let window = args.window.unwrap_or(5.min(years.len()));
    let min_flagged = args.min_flagged.unwrap_or(3.min(window));
    let trends = area_trends(
        &results,
        TrendOptions {
            min_flagged,
            window,
        },
    )?;
    let convention = match args.convention {
        ConventionArg::Own => Convention::Own,
        ConventionArg::Common => Convention::Common,
    };
    let dec = decompose(spec, &m.table, from, to, convention, m.dict.as_ref())?;
    let by_id: BTreeMap<&str, &modellvarde::trend::ChangeRow> =
        dec.rows.iter().map(|r| (r.id.as_str(), r)).collect();

    // JSON: one object per area, the columns of the printed table.
    let rows: Vec<Value> = trends
        .iter()
        .map(|t| {
            let dev: serde_json::Map<String, Value> = t
                .points
                .iter()
                .map(|p| (p.year.to_string(), json!(p.deviation_pct)))
                .collect();
            let flagged: Vec<i32> = t
                .points
                .iter()
                .filter(|p| p.flagged.is_some())
                .map(|p| p.year)
                .collect();
            let mut o = json!({
                "id": t.id, "name": t.name, "group": t.group,
                "status": t.status, "flagged_in_window": t.flagged_in_window,
                "direction": t.direction, "flagged_years": flagged,
                "deviation_pct": dev,
            });
            if let Some(c) = by_id.get(t.id.as_str()) {
                o["change"] = serde_json::to_value(c).expect("serialisable");
            }
            o
        })
        .collect();
    let tm = Terminal::new(args.common.lang);
    if !write_json(args.common.json.as_deref(), &rows, &tm)? {
        let t = tm.t();
        println!(
            "{}",
            fill(
                t.trend_intro,
                &[&spec.name(), &from, &to, &min_flagged, &window]
            )
        );
        print!("{:<8} {:<26}", t.trend_cols[0], t.trend_cols[1]);
        // Each cell is the number and a one-character marker (▲, ▼ or a
        // space): the year stands over the number's last digit.
        for y in &years {
            print!(" {y:>5} ");
        }
        println!("  {}", t.trend_cols[2]);
        for tr in &trends {
            print!("{:<8} {:<26}", one_line(&tr.id), short(&tr.name, 26));
            for y in &years {
                let p = tr.points.iter().find(|p| p.year == *y);
                let cell = match p {
                    Some(p) => format!(
                        "{}{}",
                        opt(&tm, p.deviation_pct, 0),
                        match p.flagged {
                            Some(modellvarde::flag_names::Direction::Above) => "▲",
                            Some(modellvarde::flag_names::Direction::Below) => "▼",
                            _ => " ",
                        }
                    ),
                    // In the digits' column, not the marker's.
                    None => "· ".into(),
                };
                print!(" {cell:>6}");
            }
            let dir = tr
                .direction
                .map(|d| format!(" ({})", tm.direction(d)))
                .unwrap_or_default();
            println!("  {}{dir}", tm.status(tr.status));
        }
        println!();
        println!(
            "{}",
            fill(t.change_intro, &[&from, &to, &convention.as_str()])
        );
        let c = &t.change_cols;
        println!(
            "{:<8} {:<26} {:>8} {:>8} {:>7} {:>9} {:>8} {:>9}",
            c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]
        );
        for r in &dec.rows {
            println!(
                "{:<8} {:<26} {:>8} {:>8} {:>7} {:>9} {:>8} {:>9}",
                one_line(&r.id),
                short(&r.name, 26),
                tm.num(r.actual_from, 0),
                tm.num(r.actual_to, 0),
                opt(&tm, r.change_actual_pct, 1),
                tm.signed(r.structure, 0),
                tm.signed(r.model_change, 0),
                tm.signed(r.deviation_change, 0)
            );
        }
        for u in &dec.unmatched {
            let reason = modellvarde::report::html::unmatched_reason(u, tm.language());
            println!("{}", fill(t.not_decomposed, &[&u.id, &u.name, &reason]));
        }
    }
    let out = &args.common.out;
    write_chart(
        &chart_path(
            out,
            spec.name(),
            Some(to),
            &format!("trend-{from}-{to}.svg"),
        ),
        &trend_svg(spec.name(), &trends, args.common.lang.unwrap_or(Lang::Sv))?,
        &tm,
    )?;
    write_chart(
        &chart_path(
            out,
            spec.name(),
            Some(to),
            &format!("decomposition-{from}-{to}-{}.svg", convention.as_str()),
        ),
        &decomposition_chart(
            results.last().ok_or_else(|| {
                anyhow::anyhow!("no fitted year to draw the change decomposition for")
            })?,
            &dec,
            args.common.lang.unwrap_or(Lang::Sv),
        )?,
        &tm,
    )?;
    Ok(ExitCode::SUCCESS)
}
