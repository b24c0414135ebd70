//! Recovery tests for `simulate`: the standard pipeline finds the planted
//! outliers, and over repeated simulations the 95 % confidence intervals
//! cover the true coefficients at close to 95 %.

use std::process::Command;

use modellvarde::runner::run_model;
use modellvarde::simulate::{simulate, SimConfig};
use modellvarde::spec::ModelSpec;

const SPEC: &str = r#"
name = "sim"
outcome = "bistand_kr_inv"
weight = "population"
covariates = ["arbetslosa_utan_ers_pct", "nyanlanda_pct", "lag_utbildning_pct", "ensamhushall_pct", "hyresratter_pct"]
fixed_effects = ["group"]
[flags]
alpha = 0.05
correction = "bonferroni"
"#;

#[test]
fn planted_outliers_are_flagged() {
    let sim = simulate(&SimConfig {
        seed: 11,
        ..SimConfig::default()
    })
    .unwrap();
    let spec = ModelSpec::from_toml(SPEC, "sim.toml")
        .unwrap()
        .check(&sim.table)
        .unwrap();
    let mut checked = 0;
    let mut outlier_flags = 0;
    for o in &sim.truth.outliers {
        for (k, &year) in o.years.iter().enumerate() {
            // A downward shift is capped at half the expected cost, so it can
            // be smaller than the nominal size; test the full-size ones.
            if o.shift_sd[k].abs() < 5.0 {
                continue;
            }
            let r = run_model(&spec, &sim.table, Some(year), None).unwrap();
            let a = r.areas.iter().find(|a| a.id == o.id).unwrap();
            if a.flags.iter().any(|f| f == "outlier") {
                outlier_flags += 1;
            }
            let dir = if o.shift[k] > 0.0 {
                "above_interval"
            } else {
                "below_interval"
            };
            assert!(
                a.flags.iter().any(|f| f == dir),
                "{} {year}: {:?}",
                o.id,
                a.flags
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 8,
        "only {checked} planted area-years were checked"
    );
    // Every planted area-year lies outside its leave-one-out interval (above);
    // the stricter Bonferroni outlier test over all 34 areas, with a second
    // outlier inflating σ̂ in the same fit, catches most but not all.
    assert!(
        4 * outlier_flags >= 3 * checked,
        "outlier flag on only {outlier_flags} of {checked} planted area-years"
    );
}

#[test]
fn confidence_intervals_cover_the_truth() {
    // 200 simulated cross-sections of 45 areas in 3 cities, no outliers; the
    // fit with city effects is the true model (WLS by population). Each of
    // the 5 slopes' 95 % intervals should cover its true value in about 95 %
    // of the replications. Over 1 000 interval checks the standard error of
    // the coverage is about 0.7 points; the band 92–98 % is more than 4 of
    // them wide on each side, so the test fails for a real bias, not by chance.
    let reps = 200;
    let mut covered = 0usize;
    let mut total = 0usize;
    let mut per_coef = [0usize; 5];
    for rep in 0..reps {
        let sim = simulate(&SimConfig {
            areas: 45,
            from_year: 2022,
            to_year: 2022,
            persistent_outliers: 0,
            blip_outliers: 0,
            seed: 1000 + rep,
            ..SimConfig::default()
        })
        .unwrap();
        let spec = ModelSpec::from_toml(SPEC, "sim.toml")
            .unwrap()
            .check(&sim.table)
            .unwrap();
        let r = run_model(&spec, &sim.table, Some(2022), None).unwrap();
        for (j, t) in sim.truth.coefficients.iter().enumerate() {
            let c = r.coefficients.iter().find(|c| c.name == t.name).unwrap();
            total += 1;
            if c.ci_low <= t.value && t.value <= c.ci_high {
                covered += 1;
                per_coef[j] += 1;
            }
        }
    }
    let share = covered as f64 / total as f64;
    assert!(
        (0.92..=0.98).contains(&share),
        "coverage {share:.3} ({covered}/{total}); per coefficient {per_coef:?}"
    );
    for (j, &c) in per_coef.iter().enumerate() {
        // Binomial(200, 0.95): sd 3.1; 178 is 4 sd below the mean of 190.
        assert!(c >= 178, "coefficient {j}: {c}/200 covered");
    }
}

#[test]
fn simulate_command_is_deterministic_and_writes_truth() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, seed: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_modellvarde"))
            .args([
                "simulate", "--out", name, "--seed", seed, "--areas", "12", "--from", "2020",
                "--to", "2021",
            ])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read(dir.path().join(name)).unwrap()
    };
    let a = run("a.csv", "5");
    let b = run("b.csv", "5");
    let c = run("c.csv", "6");
    assert_eq!(a, b);
    assert_ne!(a, c);
    let text = String::from_utf8(a).unwrap();
    assert!(text.starts_with("city,district_id,district_name,year,population,bistand_kr_inv,"));
    assert_eq!(text.lines().count(), 1 + 12 * 2);
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("a.truth.json")).unwrap())
            .unwrap();
    assert_eq!(truth["coefficients"][0]["value"], 120.0);
    assert!(truth["note"].as_str().unwrap().contains("Synthetic"));
    // Bad configuration: a clear error and a non-zero exit.
    let out = Command::new(env!("CARGO_BIN_EXE_modellvarde"))
        .args([
            "simulate", "--out", "x.csv", "--areas", "2", "--cities", "3",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("every city needs at least one area"));
}
