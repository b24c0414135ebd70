//! Engine benchmarks: pairs bootstrap (B = 2 000, n = 290, p = 6), all-subsets
//! search (20 candidates, n = 290), and the 100 000-area × 10-year ×
//! 20-covariate panel through the runner (design, fit with every diagnostic,
//! flags, result rows, one fit per year).
//!
//! `cargo bench --bench engine` runs the criterion benches. benches/engine.sh
//! runs the same binary in three further modes, chosen by the environment
//! variable `MODELLVARDE_BENCH`:
//!
//! - `export:DIR`  write the generated data sets as CSV for the Python peer;
//! - `measure:DIR` time the Rust side on those data (medians, one line each);
//! - `scale`       build the panel in memory and time `runner::run_all_with`
//!   on 2 threads (run under `/usr/bin/time -v` for the peak memory).

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, Criterion};
use modellvarde::data::{Column, Table};
use modellvarde::fit::{fit, Design, FitOptions};
use modellvarde::runner::{run_all_with, RunOptions};
use modellvarde::select::{all_subsets, SelectOptions};
use modellvarde::spec::ModelSpec;
use modellvarde::uncertainty::{bootstrap, BootstrapOptions, CvOptions};
use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

/// Area-like data: intercept + `p − 1` covariates sharing a common factor
/// (correlation about 0.3), heteroskedastic noise, a few true coefficients of
/// zero (so subset search has something to find). Seeded.
fn generate(n: usize, p: usize, seed: u64) -> Design {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let z = Normal::new(0.0, 1.0).unwrap();
    let common: Vec<f64> = (0..n).map(|_| z.sample(&mut rng)).collect();
    let x = Array2::from_shape_fn((n, p), |(i, j)| {
        if j == 0 {
            1.0
        } else {
            5.0 + j as f64 + 0.7 * common[i] + z.sample(&mut rng)
        }
    });
    let y: Vec<f64> = (0..n)
        .map(|i| {
            let signal: f64 = (1..p)
                .map(|j| {
                    if j % 3 == 0 {
                        0.0
                    } else {
                        x[[i, j]] * 40.0 / j as f64
                    }
                })
                .sum();
            1000.0 + signal + 60.0 * (1.0 + common[i].abs()) * z.sample(&mut rng)
        })
        .collect();
    let names = (0..p)
        .map(|j| {
            if j == 0 {
                "(Intercept)".to_string()
            } else {
                format!("x{j}")
            }
        })
        .collect();
    Design::new(y, x, names, true)
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{i:04}")).collect()
}

fn boot_opts() -> BootstrapOptions {
    BootstrapOptions {
        b: 2000,
        ..Default::default()
    }
}

fn select_opts() -> SelectOptions {
    SelectOptions {
        top: 10,
        cv: Some(CvOptions { k: 10, seed: 1 }),
        ..Default::default()
    }
}

fn bench_bootstrap(c: &mut Criterion) {
    let d = generate(290, 6, 1);
    let f = fit(&d, &FitOptions::default()).unwrap();
    let ids = ids(290);
    let mut g = c.benchmark_group("bootstrap");
    g.sample_size(10);
    g.bench_function("pairs_b2000_n290_p6", |b| {
        b.iter(|| bootstrap(&d, &f, &ids, &boot_opts(), 0).unwrap())
    });
    g.finish();
}

fn bench_select(c: &mut Criterion) {
    let d = generate(290, 21, 2);
    let cands: Vec<usize> = (1..21).collect();
    let mut g = c.benchmark_group("select");
    g.sample_size(10);
    g.bench_function("all_subsets_m20_n290", |b| {
        b.iter(|| all_subsets(&d, &cands, &select_opts(), &|| {}).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench_bootstrap, bench_select);

/// Write y and the covariates (no intercept column) as CSV.
fn write_csv(path: &std::path::Path, d: &Design) {
    let (n, p) = d.x.dim();
    let mut s = String::from("y");
    for name in &d.names[1..] {
        s.push(',');
        s.push_str(name);
    }
    s.push('\n');
    for i in 0..n {
        s.push_str(&format!("{:?}", d.y[i]));
        for j in 1..p {
            s.push_str(&format!(",{:?}", d.x[[i, j]]));
        }
        s.push('\n');
    }
    std::fs::write(path, s).unwrap();
}

fn export(dir: &str) {
    let dir = std::path::Path::new(dir);
    write_csv(&dir.join("fit_n10000_p11.csv"), &generate(10_000, 11, 7));
    write_csv(&dir.join("boot_n290_p6.csv"), &generate(290, 6, 1));
    write_csv(&dir.join("select_n290_m20.csv"), &generate(290, 21, 2));
}

/// Median wall time of `reps` runs, seconds.
fn median_time<T>(reps: usize, mut f: impl FnMut() -> T) -> f64 {
    black_box(f()); // warm-up
    let mut t: Vec<f64> = (0..reps)
        .map(|_| {
            let s = Instant::now();
            black_box(f());
            s.elapsed().as_secs_f64()
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[reps / 2]
}

/// Condition number and solver path of each generated data set.
fn paths() {
    for (name, d) in [
        ("fit_n10000_p11", generate(10_000, 11, 7)),
        ("boot_n290_p6", generate(290, 6, 1)),
        ("select_n290_m20", generate(290, 21, 2)),
    ] {
        let f = fit(&d, &FitOptions::default()).unwrap();
        println!(
            "# {name}: condition number {:.1}, solver {}",
            f.stats.condition_number, f.stats.solver
        );
    }
}

fn measure() {
    let opts = FitOptions::default();
    paths();
    let d = generate(10_000, 11, 7);
    println!(
        "fit_n10000_p11 {:.6e}",
        median_time(21, || fit(&d, &opts).unwrap())
    );
    let d = generate(290, 6, 1);
    let f = fit(&d, &opts).unwrap();
    let id = ids(290);
    println!(
        "bootstrap_pairs_b2000_n290_p6 {:.6e}",
        median_time(7, || bootstrap(&d, &f, &id, &boot_opts(), 0).unwrap())
    );
    let d = generate(290, 21, 2);
    let cands: Vec<usize> = (1..21).collect();
    println!(
        "select_m20_n290 {:.6e}",
        median_time(3, || all_subsets(&d, &cands, &select_opts(), &|| {})
            .unwrap())
    );
    let no_cv = SelectOptions {
        cv: None,
        ..select_opts()
    };
    println!(
        "select_m20_n290_nocv {:.6e}",
        median_time(3, || all_subsets(&d, &cands, &no_cv, &|| {}).unwrap())
    );
}

/// The panel: `areas` × 10 years × 20 covariates, weighted by population.
fn panel(areas: usize, years: i32, p: usize) -> Table {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let z = Normal::new(0.0, 1.0).unwrap();
    let rows = areas * years as usize;
    let mut t = Table {
        source: "generated panel".into(),
        ..Default::default()
    };
    let mut cols: Vec<Vec<Option<f64>>> = vec![Vec::with_capacity(rows); p + 2];
    for y in 0..years {
        for a in 0..areas {
            t.id.push(&format!("{a:06}"));
            t.name.push("");
            t.group.push(&format!("{:02}", a % 21));
            t.group_name.push("");
            t.year.push(Some(2013 + y));
            t.line.push(t.line.len() as u64 + 2);
            let common: f64 = z.sample(&mut rng);
            let mut out = 1000.0;
            for (j, col) in cols.iter_mut().enumerate().take(p) {
                let v = 5.0 + j as f64 + 0.7 * common + z.sample(&mut rng);
                out += v * (j % 4) as f64 * 10.0;
                col.push(Some(v));
            }
            out += 50.0 * (1.0 + common.abs()) * z.sample(&mut rng);
            cols[p].push(Some(out));
            cols[p + 1].push(Some(500.0 + rng.random::<f64>() * 20_000.0));
        }
    }
    let mut names: Vec<String> = (1..=p).map(|j| format!("x{j}")).collect();
    names.push("cost".into());
    names.push("pop".into());
    t.columns = names
        .into_iter()
        .zip(cols)
        .map(|(name, values)| Column::new(name, values))
        .collect();
    t
}

fn scale() {
    let (areas, years, p) = (100_000, 10, 20);
    let s = Instant::now();
    let table = panel(areas, years, p);
    let gen = s.elapsed().as_secs_f64();
    let covs: Vec<String> = (1..=p).map(|j| format!("'x{j}'")).collect();
    let spec = ModelSpec::from_toml(
        &format!(
            "name = 'panel'\noutcome = 'cost'\nweight = 'pop'\ncovariates = [{}]\nunits = {{ cost = 'kr/inv' }}\n[sample]\nyears = {{ from = 2013, to = 2022 }}\n",
            covs.join(", ")
        ),
        "panel.toml",
    )
    .unwrap()
    .check(&table)
    .unwrap();
    let s = Instant::now();
    let results = run_all_with(
        std::slice::from_ref(&spec),
        &table,
        None,
        2,
        None,
        &RunOptions::default(),
        |_, _| {},
    )
    .unwrap();
    let run = s.elapsed().as_secs_f64();
    let ok = results.iter().filter(|(_, r)| r.is_ok()).count();
    let n_areas: usize = results
        .iter()
        .filter_map(|(_, r)| r.as_ref().ok().map(|r| r.areas.len()))
        .sum();
    // One year alone, single-threaded, split into design and fit.
    let s = Instant::now();
    let dd = modellvarde::design::build_design(&spec, &table, Some(2022)).unwrap();
    let design_s = s.elapsed().as_secs_f64();
    let s = Instant::now();
    let f = fit(&dd.design, &FitOptions::default()).unwrap();
    let fit_s = s.elapsed().as_secs_f64();
    println!("scale_generate_s {gen:.3}");
    println!("scale_run_all_10_fits_2_threads_s {run:.3}");
    println!("scale_fits_ok {ok}");
    println!("scale_area_rows {n_areas}");
    println!("scale_one_year_design_s {design_s:.3}");
    println!("scale_one_year_fit_s {fit_s:.3}");
    println!("scale_one_year_n {} p {}", f.stats.n, f.stats.p);
}

fn main() {
    match std::env::var("MODELLVARDE_BENCH").ok().as_deref() {
        Some(m) if m.starts_with("export:") => export(&m[7..]),
        Some(m) if m.starts_with("measure:") => measure(),
        Some("paths") => paths(),
        Some("scale") => scale(),
        _ => {
            benches();
            Criterion::default().configure_from_args().final_summary();
        }
    }
}
