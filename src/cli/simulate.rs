//! `modellvarde simulate`: write a synthetic district panel in the district
//! CSV format, with its truth (coefficients, planted outliers) in a JSON side
//! file. Seeded and deterministic.

use super::texts::{fill, Terminal};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use modellvarde::output::write_atomic;
use modellvarde::simulate::{simulate, to_district_csv, SimConfig};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output CSV file.
    #[arg(long = "out-file", alias = "out", value_name = "FILE")]
    pub out: PathBuf,
    /// Truth side file (JSON). Default: <out without .csv>.truth.json.
    #[arg(long, value_name = "FILE")]
    pub truth: Option<PathBuf>,
    /// Number of areas in all, split evenly over the cities.
    #[arg(long, value_name = "N", default_value_t = 34)]
    pub areas: usize,
    /// Number of cities (Stockholm, Malmö, Göteborg, then Stad 4, …).
    #[arg(long, value_name = "G", default_value_t = 3)]
    pub cities: usize,
    /// First year.
    #[arg(long, value_name = "Y", default_value_t = 2013)]
    pub from: i32,
    /// Last year.
    #[arg(long, value_name = "Y", default_value_t = 2022)]
    pub to: i32,
    /// Number of covariates (the first five are named shares; more are x06, …).
    #[arg(long, value_name = "P", default_value_t = 5)]
    pub covariates: usize,
    /// Residual sd in kr/inv for an area of 30 000 inhabitants.
    #[arg(long, value_name = "KR", default_value_t = 200.0)]
    pub sigma: f64,
    /// Areas shifted in every year (persistent outliers).
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub outliers: usize,
    /// Areas shifted in one year only (one-year blips).
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub blips: usize,
    /// Size of a planted shift, in noise standard deviations.
    #[arg(long, value_name = "SD", default_value_t = 6.0)]
    pub outlier_sd: f64,
    /// Seed of the random stream (same seed, same files).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Language of what is printed: sv (Swedish) or en (English); without
    /// it the terminal speaks English.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<modellvarde::lang::Lang>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let cfg = SimConfig {
        areas: args.areas,
        cities: args.cities,
        from_year: args.from,
        to_year: args.to,
        covariates: args.covariates,
        sigma: args.sigma,
        persistent_outliers: args.outliers,
        blip_outliers: args.blips,
        outlier_sd: args.outlier_sd,
        seed: args.seed,
        ..SimConfig::default()
    };
    let sim = simulate(&cfg)?;
    let truth_path = args.truth.clone().unwrap_or_else(|| {
        let stem = args
            .out
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "simulated".into());
        args.out.with_file_name(format!("{stem}.truth.json"))
    });
    let tm = Terminal::new(args.lang);
    write_atomic(&args.out, to_district_csv(&sim.table).as_bytes())
        .with_context(|| fill(tm.t().writing, &[&args.out.display()]))?;
    write_atomic(&truth_path, sim.truth.to_json().as_bytes())
        .with_context(|| fill(tm.t().writing, &[&truth_path.display()]))?;
    let t = tm.t();
    println!(
        "{}",
        fill(
            t.simulated,
            &[
                &cfg.areas,
                &cfg.cities,
                &cfg.from_year,
                &cfg.to_year,
                &cfg.covariates,
                &cfg.seed,
                &sim.table.len()
            ]
        )
    );
    for o in &sim.truth.outliers {
        println!(
            "{}",
            fill(
                t.planted,
                &[
                    &format!("{:<10}", o.kind),
                    &format!("{:<6}", o.id),
                    &format!("{:<30}", o.name),
                    &format!("{:?}", o.years),
                    &tm.decimal(format!("{:+.1}", o.shift_sd[0]))
                ]
            )
        );
    }
    println!(
        "{}",
        fill(t.wrote_two, &[&args.out.display(), &truth_path.display()])
    );
    Ok(ExitCode::SUCCESS)
}
