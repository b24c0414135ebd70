//! Fit plus every diagnostic (hat values, studentized residuals, Cook's D,
//! DFFITS, DFBETAS, leave-one-out values, intervals, outlier tests, HC0–HC3,
//! VIF) over a size grid, on generated data. The target in BENCHMARKS.md is
//! n = 10 000, p = 11.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use modellvarde::fit::{fit, Design, FitOptions};
use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Correlated covariates, heteroskedastic noise, population weights: shaped like
/// area data (seeded, so every run measures the same problem).
pub fn generate(n: usize, p: usize, weighted: bool, seed: u64) -> Design {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let common: Vec<f64> = (0..n).map(|_| rng.random::<f64>()).collect();
    let x = Array2::from_shape_fn((n, p), |(i, j)| {
        if j == 0 {
            1.0
        } else {
            10.0 * common[i] * (j as f64).sqrt() + rng.random::<f64>() * 5.0 * j as f64
        }
    });
    let y: Vec<f64> = (0..n)
        .map(|i| {
            let signal: f64 = (1..p).map(|j| x[[i, j]] * (j as f64 * 0.37).sin()).sum();
            1000.0 + signal * 20.0 + (rng.random::<f64>() - 0.5) * 200.0 * (1.0 + common[i])
        })
        .collect();
    let names = (0..p)
        .map(|j| if j == 0 { "(Intercept)".to_string() } else { format!("x{j}") })
        .collect();
    let w = weighted.then(|| (0..n).map(|_| 1000.0 + rng.random::<f64>() * 100_000.0).collect());
    Design {
        weights: w,
        ..Design::new(y, x, names, true)
    }
}

fn bench_grid(c: &mut Criterion) {
    let opts = FitOptions::default();
    let mut g = c.benchmark_group("fit_all_diagnostics");
    g.sample_size(20);
    for &n in &[100usize, 1_000, 10_000, 100_000] {
        for &p in &[5usize, 10, 20] {
            let d = generate(n, p, true, 42);
            g.throughput(Throughput::Elements(n as u64));
            g.bench_with_input(BenchmarkId::new(format!("p{p}"), n), &d, |b, d| {
                b.iter(|| fit(d, &opts).unwrap())
            });
        }
    }
    g.finish();
}

fn bench_target(c: &mut Criterion) {
    let opts = FitOptions::default();
    let mut g = c.benchmark_group("target");
    for weighted in [false, true] {
        let d = generate(10_000, 11, weighted, 7);
        let name = if weighted { "wls_n10000_p11" } else { "ols_n10000_p11" };
        g.bench_function(name, |b| b.iter(|| fit(&d, &opts).unwrap()));
    }
    g.finish();
}

criterion_group!(benches, bench_target, bench_grid);
criterion_main!(benches);
