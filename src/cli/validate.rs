//! `modellvarde validate`: check model specs against a data file without
//! fitting, and print, per model and year, how many rows the fit would use and
//! which rows it would exclude, with the reason. Exit status 1 when a spec
//! does not fit the data.

use std::process::ExitCode;

use modellvarde::design::build_design_untexted;

use modellvarde::data::Table;
use modellvarde::spec::{ModelSpec, Years};

use super::common::{load_groups, DataArgs};
use super::report::load_specs;
use super::texts::{fill, Terminal};
use modellvarde::lang::Lang;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub data: DataArgs,
    /// Model to check (a spec name from models/, or a path to a .toml file).
    /// Repeat for several; default: all.
    #[arg(long = "model", value_name = "NAME")]
    pub models: Vec<String>,
    /// Language of what is printed: sv (Swedish) or en (English); without
    /// it the terminal speaks English, as `report`'s does.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<modellvarde::lang::Lang>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let tm = Terminal::new(args.lang);
    let specs = load_specs(&args.models)?;
    let mut problems = 0usize;
    let groups = load_groups(&args.data, specs)?;
    for group in &groups {
        problems += validate_group(&group.table, &group.specs, &tm);
    }
    // The process ends next: handing the tables' memory back row by row (a
    // million-row table holds four million strings) would take longer than
    // reading them, and the operating system frees it at exit at once.
    std::mem::forget(groups);
    if problems == 0 {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{}", fill(tm.validate().problems, &[&problems]));
        Ok(ExitCode::from(1))
    }
}

/// Check the specs against one table and print what each would use and
/// exclude; returns the number of problems.
fn validate_group(table: &Table, specs: &[ModelSpec], tm: &Terminal) -> usize {
    let (t, vt) = (tm.t(), tm.validate());
    let lang = tm.lang.unwrap_or(Lang::En);
    let mut problems = 0usize;
    let years = table.years();
    println!(
        "{}",
        fill(
            vt.table,
            &[
                &table.source,
                &table.len(),
                &table.columns.len(),
                &match (years.first(), years.last()) {
                    (Some(a), Some(b)) => format!("{a}–{b}"),
                    _ => vt.no_years.into(),
                }
            ]
        )
    );
    for spec in specs {
        let checked = match spec.check(table) {
            Ok(c) => c,
            Err(e) => {
                problems += 1;
                let e = tm.error(&e);
                eprintln!("{}: {}", t.error, fill(vt.model_error, &[&spec.name, &e]));
                continue;
            }
        };
        println!("{}", fill(vt.spec_ok, &[&spec.name, &spec.file]));
        if let Some(w) = years_past_data(spec, table, tm) {
            println!("  {}: {w}", t.warning);
        }
        // Kolada closed these KPIs: newer data will not have them.
        for id in spec.used_columns() {
            if let Some((what, instead)) = modellvarde::fetch::kolada::closed_kpi(id) {
                println!("  {}: {}", t.note, fill(vt.closed, &[&id, &what, &instead]));
            }
        }
        for year in checked.tasks() {
            let label = year
                .map(|y| y.to_string())
                .unwrap_or_else(|| t.pooled.into());
            match build_design_untexted(&checked, table, year) {
                Ok(d) => {
                    println!(
                        "{}",
                        fill(
                            vt.year,
                            &[
                                &label,
                                &d.keys.len(),
                                &d.design.names.len(),
                                &d.excluded.len()
                            ]
                        )
                    );
                    for e in &d.excluded {
                        let line = e
                            .line
                            .map(|l| fill(tm.fit().line, &[&l]))
                            .unwrap_or_default();
                        let reason = presentation::i18n::reasons::exclusion(&e.reason, lang)
                            .replace('\u{2212}', "-");
                        println!("{}", fill(vt.excluded, &[&line, &e.id, &e.name, &reason]));
                    }
                    if d.keys.len() > d.design.names.len() {
                        // What the fit itself would refuse (a constant outcome or
                        // covariate, values out of range), before it is run.
                        if let Err(e) = modellvarde::fit::check_design(&d.design) {
                            problems += 1;
                            let place = tm.place(&modellvarde::runner::row_place(
                                &e.clone().into(),
                                &d,
                                table,
                            ));
                            eprintln!(
                                "{}: {}",
                                t.error,
                                fill(
                                    vt.cannot_fit,
                                    &[&spec.name, &label, &tm.glm_error(&e.clone().into()), &place]
                                )
                            );
                        } else if let Err(e) = glm_outcome_check(&checked, &d.design.y) {
                            // The family's own demands on the outcome (> 0
                            // under Gamma, whole counts for Poisson, …).
                            problems += 1;
                            let place = tm.place(&modellvarde::runner::row_place(&e, &d, table));
                            eprintln!(
                                "{}: {}",
                                t.error,
                                fill(
                                    vt.cannot_fit,
                                    &[&spec.name, &label, &tm.glm_error(&e), &place]
                                )
                            );
                        }
                    }
                    if d.keys.len() <= d.design.names.len() {
                        problems += 1;
                        eprintln!(
                            "{}: {}",
                            t.error,
                            fill(
                                vt.too_few,
                                &[&spec.name, &label, &d.keys.len(), &d.design.names.len()]
                            )
                        );
                    }
                }
                Err(e) => {
                    problems += 1;
                    let e = tm.error(&e);
                    eprintln!(
                        "{}: {}",
                        t.error,
                        fill(vt.model_error, &[&spec.name, &format!("{label}: {e}")])
                    );
                }
            }
        }
    }
    problems
}

/// A spec's year range that runs past the data's years is fitted only where
/// the data has years, silently; say which years of the range have no data.
fn years_past_data(spec: &ModelSpec, table: &Table, tm: &Terminal) -> Option<String> {
    let Some(Years::Range(r)) = &spec.sample.years else {
        return None;
    };
    let data = table.years();
    let (first, last) = (*data.first()?, *data.last()?);
    let mut missing = Vec::new();
    if r.from < first {
        missing.push(if r.from == first - 1 {
            r.from.to_string()
        } else {
            format!("{}–{}", r.from, first - 1)
        });
    }
    if r.to > last {
        missing.push(if r.to == last + 1 {
            r.to.to_string()
        } else {
            format!("{}–{}", last + 1, r.to)
        });
    }
    if missing.is_empty() {
        return None;
    }
    Some(fill(
        tm.validate().years_past,
        &[
            &r.from,
            &r.to,
            &first,
            &last,
            &missing.join(tm.validate().and),
            &spec.name,
            &first,
            &last,
        ],
    ))
}

/// The outcome checks of the spec's family and link (none for the linear model).
fn glm_outcome_check(
    spec: &modellvarde::spec::CheckedSpec,
    y: &[f64],
) -> Result<(), modellvarde::glm::GlmError> {
    use modellvarde::family::{Family, Link};
    use modellvarde::glm;
    let link = spec.spec.resolved_link();
    if spec.spec.family == Family::Gaussian && link == Link::Identity {
        return Ok(());
    }
    let f = match spec.spec.family {
        Family::Gaussian => glm::Family::Gaussian,
        Family::Poisson => glm::Family::Poisson,
        Family::QuasiPoisson => glm::Family::QuasiPoisson,
        Family::Gamma => glm::Family::Gamma,
        Family::NegBin => glm::Family::NegBin,
    };
    let l = match link {
        Link::Identity => glm::Link::Identity,
        Link::Log => glm::Link::Log,
    };
    f.check_outcome(l, y)
}
