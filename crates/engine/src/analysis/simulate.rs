//! Synthetic district panels with a known truth: N areas in G cities over T
//! years, p correlated covariates (shares 0–100 driven by a latent deprivation
//! factor), known coefficients, city effects, heteroskedastic noise (variance
//! ∝ 1/population) and planted outliers. Used for demos, scale tests and
//! recovery tests (planted outliers are flagged; intervals cover the truth).
//!
//! The data-generating process, per area i in city c and year t:
//!
//! ```text
//! z_i        ~ N(0, 1)                       persistent deprivation of the area
//! z_it       = z_i + Σ_{s≤t} N(0, drift²)    slow change over the years
//! x_ijt      = 100 · logistic(logit(m_j) + b_j z_it + u_ij + N(0, 0.05²)),
//!              u_ij ~ N(0, c_j²)              area-specific part of covariate j
//! pop_it     = pop_i · 1.01^t · exp(N(0, 0.01²)),  pop_i log-normal, median 30 000, 15 000–110 000
//! y_it       = β0 + year_t + city_c + Σ_j β_j x_ijt + ε_it + shift_it
//! malgrupp_it = round(pop_it · 0.65 · (x_i1t + x_i2t) / 100)   (a count column)
//! ε_it       ~ N(0, σ² · pop_ref / pop_it)   (WLS by population is the right model;
//!              redrawn in the rare case the cost would fall below 10 kr/inv)
//! shift_it   = ±outlier_sd · sd(ε_it) for planted outliers (a downward shift
//!              takes at most half the expected cost; the truth records it)
//! ```
//!
//! Covariates are rounded to 0.1 percentage points, the population to whole
//! persons and the outcome to 0.1 kr/inv before anything else sees them, so the
//! CSV is an exact rendering of the table. Everything is drawn from one
//! ChaCha8 stream seeded by `seed`, in a fixed order: same config, same output.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};

use crate::data::{Column, Table};
use crate::error::{Error, Result};

/// Name of the outcome column in simulated data.
pub const OUTCOME: &str = "bistand_kr_inv";
/// Name of the population column in simulated data.
pub const POPULATION: &str = "population";
/// Name of the priority-group count column (an allocation basis, not a
/// covariate): people 18–64 who are unemployed without benefit or recently
/// arrived, taking 65 % of the population to be 18–64.
pub const PRIORITY: &str = "malgrupp_antal";

/// Named covariates (column, mean share %, loading on deprivation, area-specific
/// sd, coefficient in kr/inv per percentage point). Beyond these, covariates are
/// named `x06`, `x07`, … with mean 20 %, loading 0.4, sd 0.5, coefficient 10.
const NAMED: [(&str, f64, f64, f64, f64); 5] = [
    ("arbetslosa_utan_ers_pct", 6.0, 0.65, 0.30, 120.0),
    ("nyanlanda_pct", 4.0, 0.60, 0.40, 60.0),
    ("lag_utbildning_pct", 15.0, 0.45, 0.30, 25.0),
    ("ensamhushall_pct", 45.0, 0.30, 0.25, 15.0),
    ("hyresratter_pct", 45.0, 0.55, 0.45, 8.0),
];

/// Default city names (the three metropolitan cities); more cities are named
/// `Stad 4`, `Stad 5`, ….
const CITIES: [&str; 3] = ["Stockholm", "Malmö", "Göteborg"];

/// What to simulate.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SimConfig {
    /// Number of areas in all (split as evenly as possible over the cities).
    pub areas: usize,
    /// Number of cities (groups).
    pub cities: usize,
    /// First and last year.
    pub from_year: i32,
    pub to_year: i32,
    /// Number of covariates.
    pub covariates: usize,
    /// Residual sd in kr/inv for an area of `pop_ref` inhabitants.
    pub sigma: f64,
    /// Reference population for the noise scale.
    pub pop_ref: f64,
    /// Areas shifted in every year (persistent outliers).
    pub persistent_outliers: usize,
    /// Area-years shifted in one year only (one-year blips).
    pub blip_outliers: usize,
    /// Size of a planted shift in units of that area-year's noise sd.
    pub outlier_sd: f64,
    /// City effects in kr/inv (first city is the reference, 0); `None` = the
    /// default (0, +150, −100, then alternating ±50).
    pub city_effects: Option<Vec<f64>>,
    /// Seed of the random stream.
    pub seed: u64,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            areas: 34,
            cities: 3,
            from_year: 2013,
            to_year: 2022,
            covariates: 5,
            sigma: 200.0,
            pop_ref: 30_000.0,
            persistent_outliers: 2,
            blip_outliers: 2,
            outlier_sd: 6.0,
            city_effects: None,
            seed: 1,
        }
    }
}

/// One planted outlier: an area shifted by `shift` kr/inv in the listed years.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PlantedOutlier {
    pub id: String,
    pub name: String,
    pub city: String,
    /// `persistent` (every year) or `blip` (one year).
    pub kind: String,
    pub years: Vec<i32>,
    /// Shift added to the outcome, kr/inv, in each listed year.
    pub shift: Vec<f64>,
    /// The same shift in units of the area-year's noise sd.
    pub shift_sd: Vec<f64>,
}

/// A coefficient of the data-generating process.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TrueCoefficient {
    pub name: String,
    pub value: f64,
}

/// The truth behind a simulated panel (written as the JSON side file).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SimTruth {
    /// Always says that the data is synthetic.
    pub note: String,
    pub config: SimConfig,
    pub outcome: String,
    pub population: String,
    /// Intercept in the first year.
    pub intercept: f64,
    /// Slopes, kr/inv per percentage point, in column order.
    pub coefficients: Vec<TrueCoefficient>,
    /// City (group) effects, kr/inv; the first city is the reference (0).
    pub city_effects: Vec<TrueCoefficient>,
    /// Year effects added to the intercept, kr/inv (first year 0).
    pub year_effects: Vec<(i32, f64)>,
    /// Noise: sd of ε for an area-year = sigma · √(pop_ref / population).
    pub sigma: f64,
    pub pop_ref: f64,
    pub outliers: Vec<PlantedOutlier>,
}

/// A simulated panel: the table (district CSV format) and its truth.
#[derive(Debug, Clone)]
pub struct Simulated {
    pub table: Table,
    pub truth: SimTruth,
}

fn logistic(v: f64) -> f64 {
    1.0 / (1.0 + (-v).exp())
}

fn round_to(v: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (v * f).round() / f
}

/// City code of city `c` (0-based): the name, for readability in tables.
fn city_name(c: usize) -> String {
    CITIES
        .get(c)
        .map(|s| s.to_string())
        .unwrap_or_else(|| format!("Stad {}", c + 1))
}

fn city_prefix(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .take(1)
        .collect::<String>()
        .to_uppercase()
}

/// Id prefix of city `c`: the initial of a named city (`S`, `G`, `M`, distinct),
/// else `C<number>-` — the hyphen keeps city 4 area 101 (`C4-101`) apart from
/// city 41 area 01 (`C41-01`), so ids are unique for any number of cities.
fn city_id_prefix(c: usize, name: &str) -> String {
    if c < CITIES.len() {
        city_prefix(name)
    } else {
        format!("C{}-", c + 1)
    }
}

/// Most areas × years rows a simulation writes: far beyond any real panel
/// (Sweden has about 3 000 districts), small enough to allocate.
pub const MAX_ROWS: usize = 20_000_000;

/// Check a configuration; every problem says what to change.
pub fn check_config(cfg: &SimConfig) -> Result<()> {
    let bad = |m: String| Err(Error::Other(m));
    if cfg.cities == 0 {
        return bad("--cities 0: simulate at least one city".into());
    }
    if cfg.areas < cfg.cities {
        return bad(format!(
            "--areas {} is fewer than --cities {}: every city needs at least one area",
            cfg.areas, cfg.cities
        ));
    }
    let years = (cfg.to_year as i64 - cfg.from_year as i64 + 1).max(1) as usize;
    if cfg.areas.saturating_mul(years) > MAX_ROWS {
        return bad(format!(
            "--areas {} over {years} year(s) is {} rows; at most {MAX_ROWS} can be simulated",
            cfg.areas,
            cfg.areas.saturating_mul(years)
        ));
    }
    if cfg.from_year > cfg.to_year {
        return bad(format!(
            "--from {} is after --to {}",
            cfg.from_year, cfg.to_year
        ));
    }
    if cfg.covariates == 0 || cfg.covariates > 50 {
        return bad(format!(
            "--covariates {}: give 1 to 50 covariates",
            cfg.covariates
        ));
    }
    if !(cfg.sigma.is_finite() && cfg.sigma >= 0.0) {
        return bad(format!("--sigma {}: give a noise sd ≥ 0", cfg.sigma));
    }
    if !cfg.outlier_sd.is_finite() {
        return bad(format!(
            "--outlier-sd {}: give a finite shift in noise sds, e.g. 6",
            cfg.outlier_sd
        ));
    }
    if !(cfg.pop_ref.is_finite() && cfg.pop_ref > 0.0) {
        return bad(format!(
            "reference population {}: give a population > 0",
            cfg.pop_ref
        ));
    }
    if cfg.persistent_outliers + cfg.blip_outliers > cfg.areas {
        return bad(format!(
            "{} planted outliers but only {} areas: plant at most one per area",
            cfg.persistent_outliers + cfg.blip_outliers,
            cfg.areas
        ));
    }
    if let Some(e) = &cfg.city_effects {
        if e.len() != cfg.cities {
            return bad(format!(
                "{} city effects for {} cities",
                e.len(),
                cfg.cities
            ));
        }
        if let Some(v) = e.iter().find(|v| !v.is_finite()) {
            return bad(format!("city effect {v}: give finite effects in kr/inv"));
        }
    }
    Ok(())
}

/// Default city effects: 0, +150, −100, then alternating ±50.
fn default_city_effects(g: usize) -> Vec<f64> {
    (0..g)
        .map(|c| match c {
            0 => 0.0,
            1 => 150.0,
            2 => -100.0,
            k if k % 2 == 1 => 50.0,
            _ => -50.0,
        })
        .collect()
}

/// Simulate a panel. Deterministic in `cfg` (including the seed).
pub fn simulate(cfg: &SimConfig) -> Result<Simulated> {
    check_config(cfg)?;
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    let std = Normal::new(0.0, 1.0).expect("unit normal");
    let g = cfg.cities;
    let n = cfg.areas;
    let p = cfg.covariates;
    let years: Vec<i32> = (cfg.from_year..=cfg.to_year).collect();
    let city_effects = cfg
        .city_effects
        .clone()
        .unwrap_or_else(|| default_city_effects(g));

    // Covariate parameters.
    let params: Vec<(String, f64, f64, f64, f64)> = (0..p)
        .map(|j| match NAMED.get(j) {
            Some(&(name, m, b, c, beta)) => (name.to_string(), m, b, c, beta),
            None => (format!("x{:02}", j + 1), 20.0, 0.4, 0.5, 10.0),
        })
        .collect();
    let intercept = -400.0;
    // A common decline of 30 kr/inv a year: the level a per-year fit puts in its
    // intercept and the change decomposition calls the common shift.
    let year_effects: Vec<(i32, f64)> = years
        .iter()
        .map(|&y| (y, -30.0 * f64::from(y - cfg.from_year) + 0.0))
        .collect();

    // Areas: city, number within city, persistent parts.
    struct Area {
        city: usize,
        id: String,
        name: String,
        z: f64,
        u: Vec<f64>,
        pop: f64,
    }
    let mut areas: Vec<Area> = Vec::with_capacity(n);
    for c in 0..g {
        let count = n / g + usize::from(c < n % g);
        let cname = city_name(c);
        let prefix = city_id_prefix(c, &cname);
        for k in 0..count {
            let z: f64 = std.sample(&mut rng);
            let u: Vec<f64> = params
                .iter()
                .map(|pr| pr.3 * std.sample(&mut rng))
                .collect();
            // Districts of 15 000 to 110 000 inhabitants (log-normal, median 30 000).
            let pop = (30_000f64.ln() + 0.5 * std.sample(&mut rng))
                .exp()
                .clamp(15_000.0, 110_000.0);
            areas.push(Area {
                city: c,
                id: format!("{prefix}{:02}", k + 1),
                name: format!("{cname} {prefix}{:02} (syntetiskt)", k + 1),
                z,
                u,
                pop,
            });
        }
    }

    // Planted outliers: distinct areas chosen by a seeded shuffle.
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = rng.random_range(0..=i);
        order.swap(i, j);
    }
    let persistent: Vec<usize> = order[..cfg.persistent_outliers].to_vec();
    let blips: Vec<usize> =
        order[cfg.persistent_outliers..cfg.persistent_outliers + cfg.blip_outliers].to_vec();
    let mut shift_sign = vec![0.0; n];
    let mut blip_year = vec![None; n];
    for &a in persistent.iter().chain(&blips) {
        shift_sign[a] = if rng.random_bool(0.5) { 1.0 } else { -1.0 };
    }
    for &a in &blips {
        blip_year[a] = Some(years[rng.random_range(0..years.len())]);
    }

    let mut table = Table {
        source: format!("simulated (seed {})", cfg.seed),
        ..Default::default()
    };
    let mut cols: Vec<Column> = std::iter::once(POPULATION.to_string())
        .chain(std::iter::once(OUTCOME.to_string()))
        .chain(params.iter().map(|pr| pr.0.clone()))
        .chain(std::iter::once(PRIORITY.to_string()))
        .map(|name| Column::with_capacity(name, 0))
        .collect();
    let mut outliers: Vec<PlantedOutlier> = Vec::new();
    let mut z_drift = vec![0.0; n];
    let mut line = 2u64;
    for (t, &year) in years.iter().enumerate() {
        for (i, a) in areas.iter().enumerate() {
            if t > 0 {
                z_drift[i] += 0.08 * std.sample(&mut rng);
            }
            let z = a.z + z_drift[i];
            let pop = (a.pop * 1.01f64.powi(t as i32) * (0.01 * std.sample(&mut rng)).exp())
                .round()
                .max(1.0);
            let mut y = intercept + year_effects[t].1 + city_effects[a.city];
            let mut xs = Vec::with_capacity(p);
            for (j, pr) in params.iter().enumerate() {
                let m = pr.1 / 100.0;
                let lin = (m / (1.0 - m)).ln() + pr.2 * z + a.u[j] + 0.05 * std.sample(&mut rng);
                let x = round_to(100.0 * logistic(lin), 1);
                y += pr.4 * x;
                xs.push(x);
            }
            let sd = cfg.sigma * (cfg.pop_ref / pop).sqrt();
            let expected = y;
            // Redraw the (rare) noise that would make the cost fall below
            // 10 kr/inv: a cost per inhabitant is never negative.
            let mut e = sd * std.sample(&mut rng);
            for _ in 0..20 {
                if expected + e >= 10.0 {
                    break;
                }
                e = sd * std.sample(&mut rng);
            }
            y += e;
            let planted = persistent.contains(&i) || blip_year[i] == Some(year);
            if planted && cfg.outlier_sd != 0.0 {
                // A downward shift takes at most half the expected cost.
                let mut shift = shift_sign[i] * cfg.outlier_sd * sd;
                if shift < 0.0 {
                    shift = shift.max(-0.5 * expected.max(0.0));
                }
                y += shift;
                let kind = if persistent.contains(&i) {
                    "persistent"
                } else {
                    "blip"
                };
                match outliers.iter_mut().find(|o| o.id == a.id) {
                    Some(o) => {
                        o.years.push(year);
                        o.shift.push(round_to(shift, 1));
                        o.shift_sd.push(round_to(shift / sd, 2));
                    }
                    None => outliers.push(PlantedOutlier {
                        id: a.id.clone(),
                        name: a.name.clone(),
                        city: city_name(a.city),
                        kind: kind.into(),
                        years: vec![year],
                        shift: vec![round_to(shift, 1)],
                        shift_sd: vec![round_to(shift / sd, 2)],
                    }),
                }
            }
            // A noise sd near the largest double (`--sigma 1e308`) passes
            // the checks above but overflows here: the file would hold
            // `inf` and `NaN` cells.
            if !y.is_finite() {
                return Err(Error::Other(format!(
                    "--sigma {:e}: the simulated cost of {} in {year} is {y}, not a finite number; give a smaller noise sd",
                    cfg.sigma, a.id
                )));
            }
            table.id.push(&a.id);
            table.name.push(&a.name);
            table.group.push(&city_name(a.city));
            table.group_name.push(&city_name(a.city));
            table.year.push(Some(year));
            table.line.push(line);
            line += 1;
            cols[0].push(Some(pop));
            cols[1].push(Some(round_to(y, 1)));
            let priority_share = xs[0] + xs.get(1).copied().unwrap_or(0.0);
            for (j, x) in xs.into_iter().enumerate() {
                cols[2 + j].push(Some(x));
            }
            cols[2 + p].push(Some((pop * 0.65 * priority_share / 100.0).round()));
        }
    }
    table.columns = cols;
    outliers.sort_by(|a, b| a.id.cmp(&b.id));

    let truth = SimTruth {
        note: "Synthetic data from `modellvarde simulate`: no real district is described.".into(),
        config: cfg.clone(),
        outcome: OUTCOME.into(),
        population: POPULATION.into(),
        intercept,
        coefficients: params
            .iter()
            .map(|pr| TrueCoefficient {
                name: pr.0.clone(),
                value: pr.4,
            })
            .collect(),
        city_effects: (0..g)
            .map(|c| TrueCoefficient {
                name: city_name(c),
                value: city_effects[c],
            })
            .collect(),
        year_effects,
        sigma: cfg.sigma,
        pop_ref: cfg.pop_ref,
        outliers,
    };
    Ok(Simulated { table, truth })
}

/// Quote a CSV text field when needed.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The district CSV format: `city,district_id,district_name,year,population,
/// <outcome>,<covariates>`, comma separated, decimal point, UTF-8, numbers in
/// shortest round-trip form (empty cell = missing).
pub fn to_district_csv(table: &Table) -> String {
    let mut s = String::from("city,district_id,district_name,year");
    for c in &table.columns {
        s.push(',');
        s.push_str(&csv_field(&c.name));
    }
    s.push('\n');
    for r in 0..table.len() {
        s.push_str(&csv_field(&table.group[r]));
        s.push(',');
        s.push_str(&csv_field(&table.id[r]));
        s.push(',');
        s.push_str(&csv_field(&table.name[r]));
        s.push(',');
        if let Some(y) = table.year[r] {
            s.push_str(&y.to_string());
        }
        for c in &table.columns {
            s.push(',');
            if let Some(v) = c.get(r) {
                s.push_str(&v.to_string());
            }
        }
        s.push('\n');
    }
    s
}

impl SimTruth {
    /// The truth as pretty JSON (the side file).
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("truth serialises");
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_in_range() {
        let cfg = SimConfig::default();
        let a = simulate(&cfg).unwrap();
        let b = simulate(&cfg).unwrap();
        assert_eq!(to_district_csv(&a.table), to_district_csv(&b.table));
        assert_eq!(a.truth, b.truth);
        let c = simulate(&SimConfig {
            seed: 2,
            ..cfg.clone()
        })
        .unwrap();
        assert_ne!(to_district_csv(&a.table), to_district_csv(&c.table));
        assert_eq!(a.table.len(), 34 * 10);
        for col in &a.table.columns[2..2 + cfg.covariates] {
            for v in col.present() {
                assert!((0.0..=100.0).contains(&v), "{} = {v}", col.name);
            }
        }
        assert_eq!(a.truth.outliers.len(), 4);
        let persistent = a
            .truth
            .outliers
            .iter()
            .filter(|o| o.kind == "persistent")
            .count();
        assert_eq!(persistent, 2);
    }

    #[test]
    fn covariates_are_positively_correlated() {
        // The latent deprivation factor drives every share: each pair of the
        // first three covariates correlates clearly positively.
        let s = simulate(&SimConfig {
            areas: 300,
            from_year: 2022,
            to_year: 2022,
            ..Default::default()
        })
        .unwrap();
        let col = |j: usize| -> Vec<f64> { s.table.columns[2 + j].present().collect() };
        let corr = |a: &[f64], b: &[f64]| {
            let n = a.len() as f64;
            let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
            let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
            let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
            let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
            cov / (va * vb).sqrt()
        };
        for (i, j) in [(0, 1), (0, 2), (1, 2)] {
            let r = corr(&col(i), &col(j));
            assert!(r > 0.3 && r < 0.95, "corr({i},{j}) = {r}");
        }
    }

    #[test]
    fn bad_config_is_an_error() {
        for cfg in [
            SimConfig {
                cities: 0,
                ..Default::default()
            },
            SimConfig {
                areas: 2,
                ..Default::default()
            },
            SimConfig {
                from_year: 2023,
                to_year: 2020,
                ..Default::default()
            },
        ] {
            assert!(simulate(&cfg).is_err());
        }
    }
}
