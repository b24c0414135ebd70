//! `modellvarde fetch`: download published statistics into the tidy table.
//!
//! - `fetch kolada --kpi ID,… | --model NAME [--municipality all|ID,…]
//!   [--years 2013-2025] [--ou] --out-file FILE.csv`: Kolada API v3 values, with
//!   `FILE.variables.csv` (labels, units, "Källa: Kolada", fetch date) and
//!   `FILE.sources.csv` (URL, fetch date and status of every value).
//! - `fetch kolada-groups [--title TEXT] --out-file FILE.csv`: municipality groups.
//! - `fetch pxweb --url TABLE_URL [--query QUERY.json] --out-file FILE.csv`: PxWeb
//!   API v1 / SCB API v2 tables (JSON-stat 2 or PxWeb JSON).
//!
//! Every subcommand caches answers (by default under the user's cache folder),
//! answers from the cache with `--offline`, and writes its files atomically.

use super::texts::fetch::{io_text, json_text};
use super::texts::{fill, Terminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context};

use modellvarde::fetch::groups::{fetch_groups, groups_csv, CACHED_GROUPS_FILE};
use modellvarde::fetch::http::{default_cache_dir, Client, ClientConfig, Stats};
use modellvarde::fetch::kolada::{
    closed_kpi_notes, dictionary_csv, fetch_panel, panel_csv, sources_csv, KoladaQuery,
    DEFAULT_BASE_URL,
};
use modellvarde::fetch::pxweb;
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

/// Network and cache settings shared by every source.
#[derive(Debug, clap::Args)]
pub struct Net {
    /// Server to ask instead of the public one (a mirror, or a local test server).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Cache folder [default: $XDG_CACHE_HOME/modellvarde or ~/.cache/modellvarde].
    #[arg(long, value_name = "DIR")]
    cache: Option<PathBuf>,
    /// Do not read or write the cache.
    #[arg(long, conflicts_with_all = ["cache", "offline"])]
    no_cache: bool,
    /// Answer only from the cache of an earlier fetch; never use the network.
    #[arg(long)]
    offline: bool,
    /// Seconds allowed for one request.
    #[arg(long, default_value_t = 60.0, value_name = "SECS")]
    timeout: f64,
    /// Retries after a failed attempt (429, 5xx, timeout, dropped connection).
    #[arg(long, default_value_t = 4, value_name = "N")]
    retries: u32,
    /// First wait between attempts in milliseconds, doubled each retry.
    #[arg(long, default_value_t = 500, value_name = "MS", hide = true)]
    retry_delay_ms: u64,
}

#[derive(Debug, clap::Subcommand)]
pub enum Source {
    /// Kolada API v3 KPI values for municipalities (or organisational units).
    Kolada {
        /// KPI ids, comma separated (e.g. U31001,N01951).
        #[arg(
            long,
            value_delimiter = ',',
            required_unless_present = "model",
            conflicts_with = "model"
        )]
        kpi: Vec<String>,
        /// Fetch exactly the columns a model spec uses (name in models/, or a .toml path).
        #[arg(long, value_name = "NAME")]
        model: Option<String>,
        /// `all`, or municipality ids, comma separated.
        #[arg(long, default_value = "all", value_name = "all|ID,…")]
        municipality: String,
        /// Years, `FROM-TO` or one year.
        #[arg(long, default_value = "2013-2025", value_name = "FROM-TO")]
        years: String,
        /// Organisational-unit data (districts, units) of the given municipalities.
        #[arg(long)]
        ou: bool,
        /// Gender: T (total), K (women), M (men).
        #[arg(long, default_value = "T")]
        gender: String,
        /// Fetch closed KPIs' old years instead of stopping with the replacement.
        #[arg(long)]
        allow_closed: bool,
        /// Output CSV (tidy: kommun,kommun_name,lan,lan_name,year,<KPIs>).
        #[arg(long = "out-file", alias = "out", value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        net: Net,
    },
    /// Kolada's municipality groups (e.g. RKA's "Liknande kommuner ekonomiskt bistånd").
    KoladaGroups {
        /// Only groups whose title contains this text.
        #[arg(long)]
        title: Option<String>,
        /// Output CSV (group_id,group_title,member_id,member_title).
        #[arg(long = "out-file", alias = "out", value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        net: Net,
    },
    /// A PxWeb table (SCB, city databases): JSON-stat 2 or PxWeb JSON.
    Pxweb {
        /// The table URL (PxWeb v1: …/api/v1/sv/…/TABLE.px; SCB v2: …/tables/ID/data).
        #[arg(long, value_name = "URL")]
        url: String,
        /// A saved query (JSON) to POST; without it the table is fetched with GET.
        #[arg(long, value_name = "QUERY.json")]
        query: Option<PathBuf>,
        /// Output CSV (tidy: area_id,area_name,year,<columns>).
        #[arg(long = "out-file", alias = "out", value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        net: Net,
    },
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let tm = Terminal::new(args.lang);
    let ft = tm.fetch();
    match args.source {
        Source::Kolada {
            kpi,
            model,
            municipality,
            years,
            ou,
            gender,
            allow_closed,
            out,
            net,
        } => {
            let kpis = match model {
                Some(name) => model_kpis(&name, &tm)?,
                None => kpi
                    .iter()
                    .map(|k| k.trim().to_uppercase())
                    .filter(|k| !k.is_empty())
                    .collect(),
            };
            let q = KoladaQuery {
                kpis,
                municipalities: match municipality.trim() {
                    "all" | "" => None,
                    list => Some(list.split(',').map(|s| s.trim().to_string()).collect()),
                },
                years: parse_years(&years, &tm)?,
                ou,
                gender: gender.trim().to_uppercase(),
                allow_closed,
            };
            if !matches!(q.gender.as_str(), "T" | "K" | "M") {
                bail!("{}", fill(ft.bad_gender, &[&gender]));
            }
            let base = net
                .base_url
                .clone()
                .unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
            let mut client = client(&net, &tm)?;
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(ft.progress)
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar.set_message(ft.fetching_kolada);
            let panel = fetch_panel(&mut client, &base, &q, &mut |done, total| {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            });
            bar.finish_and_clear();
            let panel = panel?;
            let dict = sibling(&out, "variables.csv");
            let sources = sibling(&out, "sources.csv");
            write(&out, &panel_csv(&panel), &tm)?;
            write(&dict, &dictionary_csv(&panel), &tm)?;
            write(&sources, &sources_csv(&panel), &tm)?;
            // The loader and `report` read `variables.csv` beside the data;
            // write one there unless the folder already has its own.
            let beside = out.parent().unwrap_or(Path::new("")).join("variables.csv");
            let mut also = String::new();
            if !beside.exists() {
                write(&beside, &dictionary_csv(&panel), &tm)?;
                also = format!(", {}", beside.display());
            }
            let n = panel.values.len();
            let missing = panel.values.iter().filter(|v| v.value.is_none()).count();
            let flagged = panel.values.iter().filter(|v| !v.status.is_empty()).count();
            let areas = {
                let mut a: Vec<&str> = panel.table.id.iter().collect();
                a.sort_unstable();
                a.dedup();
                a.len()
            };
            let yrs = panel.table.years();
            eprintln!(
                "{}",
                fill(
                    ft.fetched_kolada,
                    &[
                        &n,
                        &missing,
                        &flagged,
                        &panel.kpis.len(),
                        &areas,
                        &ft.units[usize::from(!q.ou)],
                        &yrs.first().copied().unwrap_or_default(),
                        &yrs.last().copied().unwrap_or_default(),
                        &panel.fetched.1,
                        &stats(&client.stats, &tm),
                    ]
                )
            );
            eprintln!(
                "{}",
                fill(
                    ft.wrote_kolada,
                    &[
                        &out.display(),
                        &panel.table.len(),
                        &dict.display(),
                        &sources.display(),
                        &also
                    ]
                )
            );
            eprintln!("{}", ft.source_kolada);
            Ok(ExitCode::SUCCESS)
        }
        Source::KoladaGroups { title, out, net } => {
            let base = net
                .base_url
                .clone()
                .unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
            let mut client = client(&net, &tm)?;
            let rows = fetch_groups(&mut client, &base, title.as_deref())?;
            let csv = groups_csv(&rows);
            write(&out, &csv, &tm)?;
            // A copy in the cache folder, which `report` reads when
            // `--groups` is not given.
            if let Some(dir) = cache_dir(&net) {
                let copy = dir.join(CACHED_GROUPS_FILE);
                write(&copy, &csv, &tm)?;
                eprintln!("{}", fill(ft.cached_groups, &[&copy.display()]));
            }
            let mut ids: Vec<&str> = rows.iter().map(|r| r.group_id.as_str()).collect();
            ids.dedup();
            eprintln!(
                "{}",
                fill(
                    ft.wrote_groups,
                    &[
                        &out.display(),
                        &ids.len(),
                        &rows.len(),
                        &stats(&client.stats, &tm)
                    ]
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        Source::Pxweb {
            url,
            query,
            out,
            net,
        } => {
            let url = match &net.base_url {
                Some(b) => rebase(&url, b),
                None => url,
            };
            let mut client = client(&net, &tm)?;
            let answer = match &query {
                Some(q) => {
                    // One message each, the reason in the terminal's language.
                    let body = std::fs::read(q).map_err(|e| {
                        anyhow::anyhow!(
                            "{}: {}",
                            fill(ft.reading_query, &[&q.display()]),
                            io_text(&e, &tm)
                        )
                    })?;
                    if let Err(e) = serde_json::from_slice::<serde_json::Value>(&body) {
                        bail!(
                            "{}: {}",
                            fill(ft.query_not_json, &[&q.display()]),
                            json_text(&e, &tm)
                        );
                    }
                    client.post_json(&url, &body)?
                }
                None => client.get_json(&url)?,
            };
            let panel = pxweb::parse_answer(&answer.json, &url)?;
            let dict = sibling(&out, "variables.csv");
            write(&out, &pxweb::panel_csv(&panel), &tm)?;
            write(
                &dict,
                &pxweb::dictionary_csv(&panel, &url, &answer.fetched),
                &tm,
            )?;
            eprintln!(
                "{}",
                fill(
                    ft.fetched_pxweb,
                    &[
                        &panel.rows.len(),
                        &panel.columns.len(),
                        &panel.area_dim,
                        &answer.fetched,
                        &panel.marked.len(),
                        &stats(&client.stats, &tm)
                    ]
                )
            );
            eprintln!(
                "{}",
                fill(ft.wrote_pair, &[&out.display(), &dict.display()])
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn client(net: &Net, tm: &Terminal) -> anyhow::Result<Client> {
    if !(net.timeout.is_finite() && net.timeout > 0.0) {
        bail!("{}", fill(tm.fetch().bad_timeout, &[&net.timeout]));
    }
    Ok(Client::new(ClientConfig {
        cache_dir: cache_dir(net),
        offline: net.offline,
        retries: net.retries,
        backoff: Duration::from_millis(net.retry_delay_ms),
        timeout: Duration::from_secs_f64(net.timeout),
    }))
}

/// The cache folder: `--cache`, else the default; none with `--no-cache`.
fn cache_dir(net: &Net) -> Option<PathBuf> {
    if net.no_cache {
        None
    } else {
        net.cache.clone().or_else(default_cache_dir)
    }
}

fn stats(s: &Stats, tm: &Terminal) -> String {
    fill(tm.fetch().stats, &[&s.requests, &s.retries, &s.from_cache])
}

/// The KPIs a spec reads (outcome, covariates, weight); closed ones are named
/// with their replacement before any request.
fn model_kpis(name: &str, tm: &Terminal) -> anyhow::Result<Vec<String>> {
    let specs = super::report::load_specs(&[name.to_string()])?;
    let mut kpis: Vec<String> = Vec::new();
    for s in &specs {
        for c in s.used_columns() {
            if !kpis.iter().any(|k| k == c) {
                kpis.push(c.to_string());
            }
        }
    }
    let notes: Vec<String> = match tm.lang {
        Some(modellvarde::lang::Lang::Sv) => kpis
            .iter()
            .filter_map(|id| {
                let (what, instead) = modellvarde::fetch::kolada::closed_kpi(id)?;
                Some(super::texts::fetch::closed_kpi_sv(
                    &modellvarde::fetch::ClosedKpi::Known {
                        id: id.clone(),
                        what: what.to_string(),
                        instead: instead.to_string(),
                    },
                ))
            })
            .collect(),
        _ => closed_kpi_notes(kpis.iter().map(String::as_str)),
    };
    if !notes.is_empty() {
        eprintln!(
            "{}: {}\n  {}",
            tm.t().note,
            fill(tm.fetch().closed_kpis, &[&name]),
            notes.join("\n  ")
        );
    }
    Ok(kpis)
}

/// `2013-2025` or `2024`.
fn parse_years(s: &str, tm: &Terminal) -> anyhow::Result<std::ops::RangeInclusive<i32>> {
    let bad = || anyhow::anyhow!("{}", fill(tm.fetch().bad_years, &[&s]));
    let (a, b) = match s.trim().split_once(['-', '–']) {
        Some((a, b)) => (a, b),
        None => (s, s),
    };
    let a: i32 = a.trim().parse().map_err(|_| bad())?;
    let b: i32 = b.trim().parse().map_err(|_| bad())?;
    if a > b || a < 1900 || b > 2100 {
        return Err(bad());
    }
    Ok(a..=b)
}

/// `out.csv` → `out.<suffix>`.
fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    out.with_file_name(format!("{stem}.{suffix}"))
}

/// Put the path of `url` onto `base` (scheme and host), for mirrors and tests.
fn rebase(url: &str, base: &str) -> String {
    let path = url
        .find("://")
        .and_then(|i| url[i + 3..].find('/').map(|j| &url[i + 3 + j..]))
        .unwrap_or("");
    format!("{}{path}", base.trim_end_matches('/'))
}

fn write(path: &Path, text: &str, tm: &Terminal) -> anyhow::Result<()> {
    write_atomic(path, text.as_bytes()).with_context(|| fill(tm.t().writing, &[&path.display()]))
}
