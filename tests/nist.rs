//! NIST StRD linear least-squares datasets: every certified value (coefficients,
//! their standard deviations, residual SD, R²) must be reproduced to a log
//! relative error (LRE) of at least 10, on all 11 datasets, Filip and Wampler5
//! included. The files are NIST's certified data, copied byte for byte into
//! `tests/fixtures/nist-strd/` (provenance in its PROVENANCE.md).

use std::path::PathBuf;

use modellvarde::dd::DD;
use modellvarde::fit::{fit, Design, FitOptions};
use ndarray::Array2;

struct Certified {
    name: String,
    beta: Vec<f64>,
    sd: Vec<f64>,
    resid_sd: f64,
    r2: f64,
    design: Design,
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/nist-strd")
        .join(name)
}

fn line_range(header: &str, what: &str) -> (usize, usize) {
    let l = header
        .lines()
        .find(|l| l.trim_start().starts_with(what) && l.contains("(lines"))
        .unwrap();
    let nums: Vec<usize> = l
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    (nums[nums.len() - 2], nums[nums.len() - 1])
}

fn read(name: &str) -> Certified {
    let text = std::fs::read_to_string(fixture(&format!("{name}.dat"))).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let header = lines[..10].join("\n");
    let (c0, c1) = line_range(&header, "Certified Values");
    let (d0, d1) = line_range(&header, "Data");
    let mut beta = Vec::new();
    let mut sd = Vec::new();
    let mut names = Vec::new();
    let mut resid_sd = f64::NAN;
    let mut r2 = f64::NAN;
    for l in &lines[c0 - 1..c1] {
        let toks: Vec<&str> = l.split_whitespace().collect();
        if toks.len() == 3 && toks[0].starts_with('B') {
            names.push(toks[0].to_string());
            beta.push(toks[1].parse::<f64>().unwrap());
            sd.push(toks[2].parse::<f64>().unwrap());
        } else if l.contains("Residual") && toks.len() >= 3 {
            // "Standard Deviation" is on the same line in some files.
        } else if l.trim_start().starts_with("Standard Deviation") {
            resid_sd = toks.last().unwrap().parse().unwrap();
        } else if l.trim_start().starts_with("R-Squared") {
            r2 = toks.last().unwrap().parse().unwrap();
        }
    }
    let rows: Vec<Vec<f64>> = lines[d0 - 1..d1]
        .iter()
        .map(|l| {
            l.split_whitespace()
                .map(|t| t.parse::<f64>().unwrap())
                .collect()
        })
        .collect();
    let n = rows.len();
    let ncol = rows[0].len() - 1;
    let intercept = names[0] == "B0";
    let p = names.len();
    let y: Vec<f64> = rows.iter().map(|r| r[0]).collect();
    // Polynomial models have one x and more parameters than x columns.
    let polynomial = ncol == 1 && p > ncol + usize::from(intercept);
    // Polynomial terms xᵏ are formed in double-double (hi + lo), as NIST's
    // certified values treat them as exact.
    let term = |i: usize, j: usize| -> DD {
        let jj = if intercept { j } else { j + 1 };
        if intercept && j == 0 {
            DD::ONE
        } else if polynomial {
            (0..jj).fold(DD::ONE, |acc, _| acc.mul_f64(rows[i][1]))
        } else {
            DD::from_f64(rows[i][jj])
        }
    };
    let x = Array2::from_shape_fn((n, p), |(i, j)| term(i, j).hi);
    let x_lo = Array2::from_shape_fn((n, p), |(i, j)| term(i, j).lo);
    Certified {
        name: name.to_string(),
        beta,
        sd,
        resid_sd,
        r2,
        design: Design {
            x_lo: Some(x_lo),
            ..Design::new(y, x, names, intercept)
        },
    }
}

/// NIST's log relative error; for a certified value of 0, −log10|estimate|.
fn lre(est: f64, cert: f64) -> f64 {
    let err = if cert == 0.0 {
        est.abs()
    } else {
        ((est - cert) / cert).abs()
    };
    if err == 0.0 {
        16.0
    } else {
        (-err.log10()).min(16.0)
    }
}

const DATASETS: [&str; 11] = [
    "Norris", "Pontius", "NoInt1", "NoInt2", "Filip", "Longley", "Wampler1", "Wampler2",
    "Wampler3", "Wampler4", "Wampler5",
];

fn min_lre(c: &Certified) -> (f64, String) {
    let f = fit(&c.design, &FitOptions::default()).unwrap_or_else(|e| panic!("{}: {e}", c.name));
    let mut worst = (f64::INFINITY, String::new());
    let mut check = |what: String, est: f64, cert: f64| {
        let l = lre(est, cert);
        if l < worst.0 {
            worst = (l, what);
        }
    };
    for (j, co) in f.coefficients.iter().enumerate() {
        check(format!("{} estimate", co.name), co.estimate, c.beta[j]);
        check(format!("{} sd", co.name), co.std_error, c.sd[j]);
    }
    check("residual sd".into(), f.stats.sigma, c.resid_sd);
    check("R-squared".into(), f.stats.r2, c.r2);
    worst
}

#[test]
fn every_certified_value_has_lre_at_least_10() {
    let mut failures = Vec::new();
    for name in DATASETS {
        let c = read(name);
        assert!(
            c.resid_sd.is_finite() && c.r2.is_finite(),
            "{name}: certified values not parsed"
        );
        let (l, what) = min_lre(&c);
        eprintln!("{name:<9} min LRE {l:5.2} ({what})");
        if l < 10.0 {
            failures.push(format!("{name}: LRE {l:.2} at {what}"));
        }
    }
    assert!(failures.is_empty(), "below LRE 10: {failures:?}");
}

#[test]
fn filip_is_not_treated_as_rank_deficient() {
    // R's lm drops a Filip term as collinear; an SVD with the usual cutoff
    // treats it as rank 10. It is full rank and must be fitted.
    let c = read("Filip");
    let f = fit(&c.design, &FitOptions::default()).unwrap();
    assert_eq!(f.coefficients.len(), 11);
    assert!(
        f.stats.solver.contains("double-double"),
        "{}",
        f.stats.solver
    );
}

#[test]
fn well_conditioned_sets_use_the_backend_qr_with_refinement() {
    // The f64 path (backend QR + refinement) must carry its share of the
    // certification, so both backends are exercised by these tests.
    for name in ["Norris", "NoInt1", "Wampler5"] {
        let f = fit(&read(name).design, &FitOptions::default()).unwrap();
        assert!(
            f.stats.solver.starts_with("QR (f64)"),
            "{name}: {}",
            f.stats.solver
        );
    }
}
