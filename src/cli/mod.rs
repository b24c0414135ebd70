//! Command-line front end: one file per subcommand. Each turns its clap
//! arguments into a validated library configuration and calls the library;
//! library code never sees clap types.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub mod fit;
pub mod report;
pub mod select;
pub mod validate;

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
    /// Fit one OLS/WLS model to any CSV and print the summary (or results.json).
    Fit(fit::Args),
    /// Run every model spec on the data and write reports/ (results.json, index.md).
    Report(report::Args),
    /// Check model specs against a data file without fitting; list excluded rows.
    Validate(validate::Args),
    /// All-subsets search over candidate covariates, ranked by BIC, AIC, adjusted R², CV.
    Select(select::Args),
}

/// Run the parsed command. `Ok(code)` carries the exit status for runs that
/// finished but found problems.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Fit(args) => fit::run(args),
        Command::Report(args) => report::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Select(args) => select::run(args),
    }
}
