//! `select` in the GLM families: every subset's AIC, BIC, log-likelihood and
//! deviance agree with R (`glm` + `AIC`/`BIC`/`logLik`, `MASS::glm.nb`) on
//! the embedded Kolada data, and the command prints the convention and the
//! ranking through the real binary on the shipped storstadslanen (Gamma)
//! spec.
//!
//! Reference: tests/fixtures/select/glm_subsets.json, written by
//! tests/fixtures/select/make_fixtures.R (R 4.2.2, MASS 7.3-58.2, recorded in
//! the file). Tolerance: relative 1e-11 on AIC, BIC and log-likelihood
//! (measured: at most 1.7e-13, the negative binomial; these are sums over
//! the areas whose first-order sensitivity to the coefficients vanishes at
//! the optimum, and both sides converge the coefficients to ~1e-12) and 1e-8
//! on the deviance.

use std::path::Path;

use modellvarde::data::dictionary::embedded_table;
use modellvarde::design::build_design;
use modellvarde::family::{Family, Link};
use modellvarde::select::{all_subsets_glm, Criterion, SelectOptions};
use modellvarde::spec::ModelSpec;
use modellvarde::uncertainty::CvOptions;
use serde_json::Value;

use crate::util::run_in;

fn fixture() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/select/glm_subsets.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(1e-300)
}

fn spec_for(case: &Value) -> ModelSpec {
    let family = match case["family"].as_str().unwrap() {
        "gamma" => "gamma",
        "poisson" => "poisson",
        "negbin" => "negbin",
        "quasipoisson" => "quasipoisson",
        f => panic!("family {f}"),
    };
    let mut text = format!(
        "name = \"t\"\noutcome = \"{}\"\nfamily = \"{family}\"\ncovariates = [\"U00801\", \"U01805\", \"N01984\", \"N02942\", \"N07901\", \"N00905\", \"N02925\", \"U01803\"]\n",
        case["outcome"].as_str().unwrap()
    );
    if let Some(w) = case["weight"].as_str() {
        text.push_str(&format!("weight = \"{w}\"\n"));
    }
    if let Some(o) = case["offset"].as_str() {
        text.push_str(&format!("offset = \"{o}\"\n"));
    }
    text.push_str("[sample]\nyears = [2022]\ngroups = [\"01\", \"12\", \"14\"]\n");
    ModelSpec::from_toml(&text, "t.toml").unwrap()
}

#[test]
fn every_subset_agrees_with_r_glm_and_glm_nb() {
    let fx = fixture();
    let table = embedded_table();
    for case in fx["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let spec = spec_for(case);
        let checked = spec.check(&table).unwrap();
        let data = build_design(&checked, &table, Some(2022)).unwrap();
        // Same rows as R: the ids in order.
        let ids: Vec<&str> = case["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let ours: Vec<&str> = data.texts.id.iter().collect();
        assert_eq!(ours, ids, "{name}: rows");
        let quasi = spec.family == Family::QuasiPoisson;
        let opts = SelectOptions {
            top: 8,
            cv: quasi.then_some(CvOptions { k: 5, seed: 7 }),
            stream: 0,
            alpha: 0.05,
        };
        let sel = all_subsets_glm(
            &data.design,
            &[6, 7, 8],
            spec.family,
            spec.resolved_link(),
            &opts,
            &|| {},
        )
        .unwrap();
        assert_eq!(sel.n, case["n"].as_u64().unwrap() as usize);
        assert_eq!(sel.evaluated, 8, "{name}");
        // Every subset is in the lists (top = 8 = 2³).
        let all = if quasi { &sel.best_cv } else { &sel.best_aic };
        assert_eq!(all.len(), 8, "{name}");
        let mut worst = 0.0f64;
        for r in case["subsets"].as_array().unwrap() {
            let mask = r["mask"].as_u64().unwrap() as u32;
            let m = all.iter().find(|s| s.mask == mask).unwrap();
            let chosen: Vec<&str> = r["chosen"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            assert_eq!(m.chosen, chosen, "{name} mask {mask}");
            let dev = r["deviance"].as_f64().unwrap();
            assert!(
                rel(m.criteria.deviance, dev) < 1e-8,
                "{name} {chosen:?}: deviance {} vs R {dev}",
                m.criteria.deviance
            );
            if quasi {
                assert!(r["aic"].is_null());
                assert_eq!(m.criteria.aic, None, "{name}: quasi-Poisson has no AIC");
                assert_eq!(m.criteria.bic, None);
                assert!(
                    m.cv.is_some(),
                    "{name}: every quasi subset is cross-validated"
                );
                continue;
            }
            for (what, ours, theirs) in [
                ("AIC", m.criteria.aic, &r["aic"]),
                ("BIC", m.criteria.bic, &r["bic"]),
                ("logLik", m.criteria.loglik, &r["loglik"]),
            ] {
                let (a, b) = (ours.unwrap(), theirs.as_f64().unwrap());
                worst = worst.max(rel(a, b));
                assert!(rel(a, b) < 1e-11, "{name} {chosen:?}: {what} {a} vs R {b}");
            }
            assert_eq!(m.criteria.loglik_df as u64, r["df"].as_u64().unwrap());
            if let Some(th) = r["theta"].as_f64() {
                assert!(rel(m.criteria.theta.unwrap(), th) < 1e-7, "{name}: θ");
            }
        }
        eprintln!("{name}: largest relative difference from R in AIC/BIC/logLik {worst:.1e}");
        if !quasi {
            // The lists are sorted by their criterion.
            for w in sel.best_bic.windows(2) {
                assert!(w[0].criteria.bic <= w[1].criteria.bic);
            }
            let r_best = case["subsets"]
                .as_array()
                .unwrap()
                .iter()
                .min_by(|a, b| {
                    a["bic"]
                        .as_f64()
                        .unwrap()
                        .total_cmp(&b["bic"].as_f64().unwrap())
                })
                .unwrap();
            assert_eq!(
                sel.best(Criterion::Bic).unwrap().mask as u64,
                r_best["mask"].as_u64().unwrap(),
                "{name}: the model R's BIC picks"
            );
        }
    }
}

#[test]
fn one_and_two_threads_give_the_same_glm_search() {
    let table = embedded_table();
    let case = &fixture()["cases"][0];
    let spec = spec_for(case);
    let checked = spec.check(&table).unwrap();
    let data = build_design(&checked, &table, Some(2022)).unwrap();
    let opts = SelectOptions {
        top: 3,
        cv: Some(CvOptions { k: 5, seed: 3 }),
        stream: 1,
        alpha: 0.05,
    };
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                all_subsets_glm(
                    &data.design,
                    &[6, 7, 8],
                    Family::Gamma,
                    Link::Log,
                    &opts,
                    &|| {},
                )
                .unwrap()
            })
    };
    let (a, b) = (run(1), run(2));
    assert_eq!(a.best_bic, b.best_bic);
    assert_eq!(a.best_cv, b.best_cv);
    assert!(!a.best_cv.is_empty() && a.best_cv[0].cv.is_some());
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn select_on_the_shipped_gamma_spec_ranks_by_rs_aic_and_bic_and_cv() {
    let dir = crate::util::workdir();
    let written = dir.path().join("chosen.toml");
    let o = run_in(
        repo(),
        &[
            "select",
            "--model",
            "storstadslanen",
            "--year",
            "2022",
            "--candidates",
            "N00905,N02925,U01803",
            "--top",
            "8",
            "--cv",
            "5",
            "--threads",
            "2",
            "--choose",
            "aic",
            "--write-spec",
            written.to_str().unwrap(),
        ],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{out}\n{err}");
    assert!(
        !err.contains("note:"),
        "no linear-model note any more: {err}"
    );
    assert!(
        out.contains("family gamma with the log link, 2022, n = 107 areas, 3 candidates = 8 subsets (0 could not be fitted)"),
        "{out}"
    );
    assert!(
        out.contains("AIC = −2 logLik + 2k, BIC = −2 logLik + log(n)·k, k = coefficients + 1 for the dispersion (Gamma)"),
        "{out}"
    );
    assert!(out.contains("5-fold cross-validation"), "{out}");
    assert!(
        out.contains("best by BIC (IRLS fits, family gamma):"),
        "{out}"
    );
    // The first BIC row is R's best BIC, to the printed two decimals (the
    // weighted Gamma fixture: weight N01951, the spec's).
    let case = &fixture()["cases"][0];
    assert_eq!(case["name"], "gamma_weighted");
    let best = case["subsets"]
        .as_array()
        .unwrap()
        .iter()
        .min_by(|a, b| {
            a["bic"]
                .as_f64()
                .unwrap()
                .total_cmp(&b["bic"].as_f64().unwrap())
        })
        .unwrap();
    let want = format!(
        "    1 {:>11.2} {:>11.2}",
        best["bic"].as_f64().unwrap(),
        best["aic"].as_f64().unwrap()
    );
    let after = out.split("best by BIC").nth(1).unwrap();
    let first_row = after.lines().nth(2).unwrap();
    assert!(first_row.starts_with(&want), "{first_row:?} vs {want:?}");
    assert!(out.contains("best by 5-fold CV weighted RMSE"), "{out}");
    assert!(
        out.contains("inclusion share among the top 8 by BIC"),
        "{out}"
    );
    assert!(!out.contains("adj R²"), "no least-squares column: {out}");
    // The written spec keeps the family and adds R's best subset by AIC.
    let best_aic = case["subsets"]
        .as_array()
        .unwrap()
        .iter()
        .min_by(|a, b| {
            a["aic"]
                .as_f64()
                .unwrap()
                .total_cmp(&b["aic"].as_f64().unwrap())
        })
        .unwrap();
    let spec = std::fs::read_to_string(&written).unwrap();
    assert!(spec.contains("family gamma, 2022, n = 107"), "{spec}");
    assert!(spec.contains("by AIC (BIC "), "{spec}");
    let parsed = ModelSpec::from_toml(&spec, "chosen.toml").unwrap();
    assert_eq!(parsed.family, Family::Gamma);
    let mut want: Vec<String> = ["U00801", "U01805", "N01984", "N02942", "N07901"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    want.extend(
        best_aic["chosen"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string()),
    );
    assert_eq!(parsed.covariates, want);
}

#[test]
fn quasipoisson_says_it_has_no_aic_and_ranks_by_cv() {
    let dir = crate::util::workdir();
    let spec = std::fs::read_to_string(repo().join("models/storstadslanen.toml"))
        .unwrap()
        .replace("family = \"gamma\"", "family = \"quasipoisson\"");
    std::fs::write(dir.path().join("q.toml"), spec).unwrap();
    let args = |extra: &[&'static str]| {
        let mut v = vec![
            "select",
            "--model",
            "q.toml",
            "--candidates",
            "N00905,N02925",
            "--top",
            "4",
            "--cv",
            "5",
        ];
        v.extend_from_slice(extra);
        v
    };
    let o = run_in(dir.path(), &args(&[]));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        out.contains("family quasipoisson has no likelihood, so no AIC or BIC"),
        "{out}"
    );
    assert!(!out.contains("best by BIC"), "{out}");
    assert!(out.contains("among all 4 subsets fitted"), "{out}");
    assert!(
        out.contains("inclusion share among the top 4 by CV weighted RMSE"),
        "{out}"
    );
    // Asking for AIC, or for no cross-validation, is refused with the reason.
    let o = run_in(
        dir.path(),
        &args(&["--choose", "aic", "--write-spec", "x.toml"]),
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no likelihood, so no AIC or BIC"), "{err}");
    let mut a = args(&[]);
    let at = a.iter().position(|s| *s == "5").unwrap();
    a[at] = "0";
    let o = run_in(dir.path(), &a);
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("--cv 0"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn a_gamma_outcome_of_zero_names_its_line_and_area() {
    let dir = crate::util::workdir();
    let mut csv = String::from("id,name,group,year,cost,a,b,pop\n");
    for i in 0..30 {
        let a = (i % 7) as f64;
        let b = (i * 3 % 11) as f64;
        let cost = if i == 4 { 0.0 } else { 100.0 + 5.0 * a + b };
        csv.push_str(&format!(
            "{:03},Area {i},G,2022,{cost},{a},{b},{}\n",
            i + 1,
            1000 + i
        ));
    }
    std::fs::write(dir.path().join("d.csv"), csv).unwrap();
    std::fs::write(
        dir.path().join("g.toml"),
        "name = \"g\"\noutcome = \"cost\"\nfamily = \"gamma\"\ncovariates = [\"a\"]\n",
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &[
            "select",
            "--model",
            "g.toml",
            "--data",
            "d.csv",
            "--candidates",
            "b",
        ],
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("d.csv:6, column cost, area 005 Area 4"),
        "{err}"
    );
    // The linear model on the same data (--family gaussian) still searches.
    let o = run_in(
        dir.path(),
        &[
            "select",
            "--model",
            "g.toml",
            "--data",
            "d.csv",
            "--candidates",
            "b",
            "--family",
            "gaussian",
        ],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.contains("adj R²"), "{out}");
}
