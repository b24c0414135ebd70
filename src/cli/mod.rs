//! Command-line front end: one file per subcommand. Each turns its clap
//! arguments into a validated library configuration and calls the library;
//! library code never sees clap types.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub mod allocate;
pub mod common;
pub mod compare;
pub mod fetch;
pub mod fit;
pub mod import;
pub mod report;
pub mod select;
pub mod simulate;
pub mod texts;
pub mod trend;
pub mod validate;
pub mod warnings;

/// Regression benchmarking for comparing districts: modelled vs actual
/// social-assistance cost per inhabitant.
#[derive(Debug, Parser)]
#[command(name = "modellvarde", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fit one model (least squares, or a GLM with --family) to any CSV and print the summary (or results.json).
    Fit(fit::Args),
    /// Build the tidy municipality CSV from Kolada data (DDF dump or API v2/v3 JSON).
    Import(import::Args),
    /// Download Kolada (API v3) or PxWeb tables into the tidy CSV, with a cache.
    Fetch(fetch::Args),
    /// Run every model spec on the data and write reports/ (JSON, CSV, Markdown, HTML, XLSX, plots).
    Report(report::Args),
    /// Check model specs against a data file without fitting; list excluded rows.
    Validate(validate::Args),
    /// Write a synthetic district panel (CSV) with its truth (JSON).
    Simulate(simulate::Args),
    /// Similar areas by covariate profile, or agreement with a reference model.
    Compare(compare::Args),
    /// Deviation over years, persistent outliers, change decomposition.
    Trend(trend::Args),
    /// Distribute a budget by modelled need or a column, in whole kronor.
    Allocate(allocate::Args),
    /// All-subsets search over candidate covariates, ranked by BIC, AIC, adjusted R², CV.
    Select(select::Args),
}

/// The terminal's language when the command was given `--lang` (for the
/// prefix of an error that ends the run); every command takes it.
pub fn terminal_lang(cli: &Cli) -> Option<modellvarde::lang::Lang> {
    match &cli.command {
        Command::Report(a) => a.lang,
        Command::Fit(a) => a.lang,
        Command::Validate(a) => a.lang,
        Command::Select(a) => a.lang,
        Command::Simulate(a) => a.lang,
        Command::Import(a) => a.lang,
        Command::Fetch(a) => a.lang,
        Command::Compare(a) => a.common.lang,
        Command::Trend(a) => a.common.lang,
        Command::Allocate(a) => a.common.lang,
    }
}

/// Run the parsed command. `Ok(code)` carries the exit status for runs that
/// finished but found problems.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if matches!(
        cli.command,
        Command::Import(_) | Command::Fetch(_) | Command::Simulate(_)
    ) && std::env::args().any(|a| a == "--out" || a.starts_with("--out="))
    {
        // `--out` names a folder everywhere else; where the output is one
        // file the flag is `--out-file`. The old spelling still works.
        let tm = texts::Terminal::new(terminal_lang(&cli));
        eprintln!("{}", tm.fetch().out_deprecated);
    }
    match cli.command {
        Command::Fit(args) => fit::run(args),
        Command::Import(args) => import::run(args),
        Command::Fetch(args) => fetch::run(args),
        Command::Report(args) => report::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Trend(args) => trend::run(args),
        Command::Allocate(args) => allocate::run(args),
        Command::Select(args) => select::run(args),
    }
}
