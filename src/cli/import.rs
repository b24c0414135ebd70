//! `modellvarde import`: build the tidy municipality CSV from Kolada data.
//!
//! `import kolada-ddf --from DIR --out-file FILE [--from-year Y] [--to-year Y]` reads
//! the Open Numbers DDF dump of Kolada (the folder with `datapoints/` and
//! `entities/`); this is how `data/kommuner.csv` is made. `import kolada-json
//! --from FILE [--from FILE ...] --out-file FILE` reads Kolada API v2 or v3 responses.
//! Both hold all data in memory (a few MB for all municipalities) and write the
//! output atomically; a one-line summary goes to stderr.

use super::texts::{fill, Terminal};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use modellvarde::data::kolada::{import_ddf, import_json, write_table_csv};
use modellvarde::data::Table;
use modellvarde::output::write_atomic;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub source: Source,
    /// Language of what is printed: sv (Swedish) or en (English); without
    /// it the terminal speaks English.
    #[arg(long, value_name = "LANG", global = true)]
    pub lang: Option<modellvarde::lang::Lang>,
}

#[derive(Debug, clap::Subcommand)]
pub enum Source {
    /// Import the Kolada DDF dump (datapoints/ and entities/ folders).
    KoladaDdf {
        /// The DDF folder, e.g. ../shared/data/raw/kolada-ddf.
        #[arg(long, value_name = "DIR")]
        from: PathBuf,
        /// Output CSV (tidy: kommun,kommun_name,lan,lan_name,year,<KPIs>).
        #[arg(long = "out-file", alias = "out", value_name = "FILE")]
        out: PathBuf,
        /// First year to keep.
        #[arg(long, default_value_t = 2010)]
        from_year: i32,
        /// Last year to keep.
        #[arg(long, default_value_t = 2022)]
        to_year: i32,
    },
    /// Import Kolada API v2 or v3 JSON responses (one or more files, every page).
    KoladaJson {
        /// A response file; repeat for several (pages, KPIs).
        #[arg(long, value_name = "FILE", required = true)]
        from: Vec<PathBuf>,
        /// Output CSV (tidy: kommun,kommun_name,lan,lan_name,year,<KPIs>).
        #[arg(long = "out-file", alias = "out", value_name = "FILE")]
        out: PathBuf,
    },
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (table, out) = match args.source {
        Source::KoladaDdf {
            from,
            out,
            from_year,
            to_year,
        } => (import_ddf(&from, from_year..=to_year)?, out),
        Source::KoladaJson { from, out } => (import_json(&from)?, out),
    };
    let tm = Terminal::new(args.lang);
    write_atomic(&out, write_table_csv(&table).as_bytes())
        .with_context(|| fill(tm.t().writing, &[&out.display()]))?;
    eprintln!("{}", summary(&out, &table, &tm));
    Ok(ExitCode::SUCCESS)
}

/// `wrote FILE: 3770 rows, 290 municipalities, years 2010–2022, 42 columns`.
fn summary(out: &std::path::Path, t: &Table, tm: &Terminal) -> String {
    let mut ids: Vec<&str> = t.id.iter().collect();
    ids.sort_unstable();
    ids.dedup();
    let years = t.years();
    let span = &tm.t().year_span;
    let span = match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => fill(span[0], &[a, b]),
        (Some(a), _) => fill(span[1], &[a]),
        _ => span[2].to_string(),
    };
    fill(
        tm.t().imported,
        &[
            &out.display(),
            &t.len(),
            &ids.len(),
            &span,
            &t.columns.len(),
        ],
    )
}
