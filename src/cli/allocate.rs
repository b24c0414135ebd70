//! `modellvarde allocate --budget KRONOR`: distribute a budget across the
//! areas of a model in proportion to modelled need (modelled kr/inv ×
//! population) or to a column (`--basis COLUMN`), in whole kronor with the
//! exact total (largest remainder); `--compare-basis` shows both bases.

use std::process::ExitCode;

use anyhow::bail;
use serde_json::{json, Value};

use modellvarde::allocate::{
    allocate, keep_areas, left_out_rows, nonpositive_need, AllocationRow, Basis,
};
use modellvarde::compare::fit_view;
use modellvarde::lang::Lang;
use modellvarde::plot::crossview::allocation_svg;
use modellvarde::spec::suggest;

use super::compare::{
    chart_path, load_model, one_line, pick_year, short, write_chart, write_json, ModelArgs,
};
use super::texts::{fill, Terminal};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: ModelArgs,
    /// Budget in whole kronor, e.g. 28000000 (spaces and _ allowed: 28_000_000).
    #[arg(long, value_name = "KRONOR", allow_hyphen_values = true)]
    pub budget: String,
    /// Year of the fit (default: the model's latest year).
    #[arg(long, value_name = "Y")]
    pub year: Option<i32>,
    /// What the budget follows: `modelled` (modelled need = modelled kr/inv ×
    /// population) or the name of a numeric column.
    #[arg(long, value_name = "modelled|COLUMN", default_value = "modelled")]
    pub basis: String,
    /// Show the allocation by modelled need beside the --basis COLUMN one.
    #[arg(long)]
    pub compare_basis: bool,
    /// Only areas in this group: its code or its name (city, county code
    /// or county name). Repeat for several.
    #[arg(long = "group", value_name = "CODE|NAME")]
    pub groups: Vec<String>,
}

/// Parse a budget in whole kronor; > 0.
pub fn parse_budget(s: &str) -> anyhow::Result<i64> {
    let clean: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .collect();
    let v: i64 = match clean.parse() {
        Ok(v) => v,
        Err(_) => bail!(
            "--budget {s}: not a whole number of kronor\n  hint: write the budget in kronor without decimals, e.g. --budget 28000000"
        ),
    };
    if v <= 0 {
        bail!("--budget {s}: the budget must be more than 0 kronor");
    }
    Ok(v)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let budget = parse_budget(&args.budget)?;
    let m = load_model(&args.common)?;
    let year = pick_year(&m.spec, args.year)?;
    let mut view = fit_view(&m.spec, &m.table, year, m.dict.as_ref())?;
    // `--group` takes a group's code ("1280", "01") or its name ("Malmö",
    // "Skåne län"), case-insensitively; the codes it names are what is kept.
    let mut group_codes: Vec<String> = Vec::new();
    if !args.groups.is_empty() {
        let present: std::collections::BTreeMap<&str, &str> = view
            .result
            .areas
            .iter()
            .map(|a| (a.group.as_str(), a.group_name.as_str()))
            .collect();
        for g in &args.groups {
            let hit = present.iter().find(|(code, name)| {
                code.eq_ignore_ascii_case(g)
                    || (!name.is_empty() && name.to_lowercase() == g.to_lowercase())
            });
            if let Some((code, _)) = hit {
                group_codes.push(code.to_string());
                continue;
            }
            let choices = present
                .iter()
                .flat_map(|(c, n)| [*c, *n])
                .filter(|s| !s.is_empty());
            let hint = match suggest(g, choices) {
                Some(s) => format!("did you mean '{s}'?"),
                None => format!(
                    "groups in the fit: {}",
                    present
                        .iter()
                        .map(|(c, n)| if n.is_empty() || c == n {
                            c.to_string()
                        } else {
                            format!("{c} ({n})")
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            bail!(
                "--group {g}: no area of model '{}' is in this group\n  hint: {hint}",
                m.spec.name()
            );
        }
        let keep: Vec<usize> = (0..view.result.areas.len())
            .filter(|&i| group_codes.contains(&view.result.areas[i].group))
            .collect();
        keep_areas(&mut view, &keep);
    }
    let basis = if args.basis.eq_ignore_ascii_case("modelled") {
        Basis::ModelledNeed
    } else {
        Basis::Column(args.basis.clone())
    };
    if args.compare_basis && basis == Basis::ModelledNeed {
        bail!("--compare-basis needs --basis COLUMN: it sets the column's allocation beside the one by modelled need");
    }
    // The budget is shared over the areas that have the basis; every sample
    // area left out (not in the fit, or a modelled need ≤ 0) is named with
    // its reason on the terminal and in the JSON, never dropped silently.
    let mut left_out = left_out_rows(&view, &m.table, &group_codes);
    if basis == Basis::ModelledNeed || args.compare_basis {
        let bad = nonpositive_need(&view);
        if !bad.is_empty() {
            let keep: Vec<usize> = (0..view.result.areas.len())
                .filter(|i| !bad.iter().any(|(j, _)| j == i))
                .collect();
            keep_areas(&mut view, &keep);
            left_out.extend(bad.into_iter().map(|(_, l)| l));
        }
    }
    if view.result.areas.is_empty() {
        bail!(
            "no area of model '{}' has the basis: nothing to allocate over",
            m.spec.name()
        );
    }
    let rows = allocate(&view, &m.table, budget, &basis)?;
    let need = if args.compare_basis {
        Some(allocate(&view, &m.table, budget, &Basis::ModelledNeed)?)
    } else {
        None
    };
    let json_rows: Vec<Value> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut o = json!({"id": r.id, "name": r.name, "basis": r.basis, "share": r.share, "amount": r.amount});
            if let Some(n) = &need {
                o["need_basis"] = json!(n[i].basis);
                o["need_share"] = json!(n[i].share);
                o["need_amount"] = json!(n[i].amount);
                o["difference"] = json!(r.amount - n[i].amount);
            }
            o
        })
        .chain(left_out.iter().map(|l| {
            json!({"id": l.id, "name": l.name, "basis": null, "share": 0.0, "amount": 0, "left_out": l.reason})
        }))
        .collect();
    let model = m.spec.name().to_string();
    let tm = Terminal::new(args.common.lang);
    let t = tm.t();
    let label = match &basis {
        Basis::ModelledNeed => t.modelled_need.to_string(),
        Basis::Column(_) => basis.label(),
    };
    if !write_json(args.common.json.as_deref(), &json_rows, &tm)? {
        let by = if need.is_some() {
            format!("{label}, {}", t.beside_need)
        } else {
            label.to_string()
        };
        println!(
            "{}",
            fill(
                t.allocated,
                &[
                    &model,
                    &year.map(|y| y.to_string()).unwrap_or_default(),
                    &tm.num(budget as f64, 0),
                    &by,
                    &rows.len()
                ]
            )
        );
        print_table(&rows, need.as_deref(), &label, &tm);
        let total: i64 = rows.iter().map(|r| r.amount).sum();
        let w = basis_width(&short(&label, 24));
        println!(
            "{:<8} {:<28} {:>w$} {:>7} {:>14}",
            "",
            t.total,
            "",
            tm.num(100.0, 1),
            tm.num(total as f64, 0)
        );
    }
    if !left_out.is_empty() {
        // On standard error when the JSON went to standard output.
        let text = format!(
            "{}\n{}",
            fill(t.not_allocated, &[&left_out.len()]),
            left_out
                .iter()
                .map(|l| format!(
                    "  {} {}: {}",
                    one_line(&l.id),
                    one_line(&l.name),
                    left_out_reason(l, &tm)
                ))
                .collect::<Vec<_>>()
                .join("\n")
        );
        if args.common.json.as_deref() == Some("-") {
            eprintln!("{text}");
        } else {
            println!("{text}");
        }
    }
    // The chart is a file: in the report's language (Swedish by default).
    let chart_lang = args.common.lang.unwrap_or(Lang::Sv);
    let ct = Terminal::of(chart_lang);
    let chart_label = match &basis {
        Basis::ModelledNeed => ct.modelled_need.to_string(),
        Basis::Column(_) => basis.label(),
    };
    let svg = allocation_svg(
        &fill(ct.allocation_title, &[&model, &group_digits(budget)]),
        (&chart_label, &rows),
        need.as_deref().map(|n| (ct.modelled_need, n)),
        chart_lang,
    )?;
    write_chart(
        &chart_path(&args.common.out, &model, year, "allocation.svg"),
        &svg,
        &tm,
    )?;
    Ok(ExitCode::SUCCESS)
}

fn print_table(rows: &[AllocationRow], need: Option<&[AllocationRow]>, label: &str, tm: &Terminal) {
    let h = tm.t().allocate_header;
    // The basis column is as wide as its label (Swedish "modellerat behov"
    // is 16 characters), up to a column name of 24.
    let label = short(label, 24);
    let w = basis_width(&label);
    print!(
        "{:<8} {:<28} {:>w$} {:>7} {:>14}",
        h[0], h[1], label, h[2], h[3]
    );
    if need.is_some() {
        let n = tm.t().allocate_need_header;
        print!(" {:>14} {:>7} {:>14} {:>12}", n[0], n[1], n[2], n[3]);
    }
    println!();
    // Every figure in the terminal's one number format ("1 230 087"
    // beside "74 118 527", not "74118527").
    for (i, r) in rows.iter().enumerate() {
        print!(
            "{:<8} {:<28} {:>w$} {:>7} {:>14}",
            one_line(&r.id),
            short(&r.name, 28),
            tm.num(r.basis.round(), 0),
            tm.num(100.0 * r.share, 2),
            tm.num(r.amount as f64, 0)
        );
        if let Some(n) = need {
            let diff = r.amount - n[i].amount;
            print!(
                " {:>14} {:>7} {:>14} {:>12}",
                tm.num(n[i].basis.round(), 0),
                tm.num(100.0 * n[i].share, 2),
                tm.num(n[i].amount as f64, 0),
                tm.signed(diff as f64, 0)
            );
        }
        println!();
    }
}

/// Width of the basis column: 14 (room for "1 179 455 786"), or its label's
/// width when that is longer, so the header is never cut.
fn basis_width(label: &str) -> usize {
    label.chars().count().max(14)
}

/// 28000000 → "28 000 000" (Swedish digit grouping with a space).
pub fn group_digits(v: i64) -> String {
    let s = v.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    if v < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Why an area gets no share, in the terminal's language: English is the
/// engine's text (also in the JSON), Swedish is rendered from the kind.
fn left_out_reason(l: &engine::analysis::allocate::LeftOut, tm: &Terminal) -> String {
    use engine::analysis::allocate::LeftOutKind;
    if tm.lang != Some(Lang::Sv) {
        return l.reason.clone();
    }
    match &l.kind {
        LeftOutKind::NotInFit {
            source,
            line,
            reason,
        } => {
            let why = presentation::i18n::reasons::exclusion(reason, Lang::Sv).replace('\u{2212}', "-");
            match line {
                Some(n) => format!("inte med i skattningen ({source}, rad {n}): {why}"),
                None => format!("inte med i skattningen: {why}"),
            }
        }
        LeftOutKind::NonpositiveNeed { modelled, family } => format!(
            "modellvärdet {} ≤ 0 (familj {family}): det kan inte vara ett behov; en familj med log-länk håller modellvärdena > 0",
            tm.num(*modelled, 1)
        ),
    }
}
