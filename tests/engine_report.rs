//! `report --bootstrap --cv` through the real binary: the same files, byte for
//! byte, on 1 and 2 threads; the uncertainty and cross-validation fields are in
//! results.json; the seed changes the draws.

use crate::util::{all_files, run_in};
use std::fs;
use std::path::Path;
use std::process::Output;

/// 2 groups × 20 areas × 2 years with deterministic "noise".
fn data_csv() -> String {
    let mut s = String::from("id,name,group,year,cost,unemp,young,pop\n");
    for year in [2021, 2022] {
        for i in 0..40usize {
            let group = if i < 20 { "A" } else { "B" };
            let unemp = 2.0 + (i % 7) as f64 * 0.9 + (year - 2021) as f64 * 0.3;
            let young = 20.0 + ((i * 5) % 11) as f64;
            let noise = (((i * 37 + year as usize) % 13) as f64 - 6.0) * 25.0;
            let cost = 300.0 + 180.0 * unemp + 12.0 * young + noise;
            let pop = 1000.0 + 500.0 * i as f64;
            s.push_str(&format!(
                "{:04},Area {i},{group},{year},{cost},{unemp},{young},{pop}\n",
                i + 1
            ));
        }
    }
    s
}

const SPEC: &str = r#"
name = "small"
title = "Small test model"
outcome = "cost"
covariates = ["unemp", "young"]
weight = "pop"
units = { cost = "kr/inv" }
[sample]
years = { from = 2021, to = 2022 }
"#;

fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("data.csv"), data_csv()).unwrap();
    fs::create_dir(dir.path().join("models")).unwrap();
    fs::write(dir.path().join("models/small.toml"), SPEC).unwrap();
    fs::write(
        dir.path().join("models/other.toml"),
        SPEC.replace("name = \"small\"", "name = \"other\"")
            .replace("weight = \"pop\"\n", ""),
    )
    .unwrap();
    dir
}

fn report(dir: &Path, out: &str, extra: &[&str]) -> Output {
    let mut args = vec!["report", "--data", "data.csv", "--out", out];
    args.extend_from_slice(extra);
    let o = run_in(dir, &args);
    assert!(
        o.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

#[test]
fn bootstrap_and_cv_are_byte_identical_on_one_and_two_threads() {
    let dir = workdir();
    let common = ["--bootstrap", "200", "--cv", "5", "--seed", "11"];
    let a = report(
        dir.path(),
        "one",
        &[&common[..], &["--threads", "1"]].concat(),
    );
    let b = report(
        dir.path(),
        "two",
        &[&common[..], &["--threads", "2"]].concat(),
    );
    // The summary is the same apart from the output folder it names.
    let stdout = String::from_utf8_lossy(&a.stdout);
    assert_eq!(
        stdout.replace("one/", "two/"),
        String::from_utf8_lossy(&b.stdout)
    );
    assert!(
        stdout.contains("rank by deviation (95 % interval, pairs bootstrap, B = 200"),
        "{stdout}"
    );
    assert!(stdout.contains("5-fold cross-validation: RMSE"), "{stdout}");
    let fa = all_files(&dir.path().join("one"));
    let fb = all_files(&dir.path().join("two"));
    // 2 models × 2 years of results (every output file of each is compared).
    let results = fa.iter().filter(|p| p.ends_with("results.json")).count();
    assert_eq!(results, 4, "{fa:?}");
    assert_eq!(fa.len(), fb.len());
    for (x, y) in fa.iter().zip(&fb) {
        assert_eq!(fs::read(x).unwrap(), fs::read(y).unwrap(), "{x:?} differs");
    }
    let v: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("one/small/2022/results.json")).unwrap())
            .unwrap();
    let u = &v["uncertainty"];
    assert_eq!(u["method"], "pairs");
    assert_eq!(u["b"], 200);
    assert_eq!(u["seed"], 11);
    assert_eq!(u["coefficients"].as_array().unwrap().len(), 3);
    let areas = u["areas"].as_array().unwrap();
    assert_eq!(areas.len(), 40);
    for a in areas {
        let (r, lo, hi) = (
            a["rank"].as_u64().unwrap(),
            a["rank_low"].as_u64().unwrap(),
            a["rank_high"].as_u64().unwrap(),
        );
        assert!(lo <= r && r <= hi && hi <= 40, "{a}");
    }
    assert_eq!(v["cv"]["k"], 5);
    assert!(v["cv"]["weighted_rmse"].as_f64().unwrap() > 0.0);
    // The unweighted model has no weighted CV error.
    let w: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("one/other/2022/results.json")).unwrap())
            .unwrap();
    assert!(w["cv"].get("weighted_rmse").is_none());
}

#[test]
fn wild_bootstrap_and_seed_change_the_draws_and_plain_runs_have_no_uncertainty() {
    let dir = workdir();
    report(
        dir.path(),
        "s1",
        &["--bootstrap", "50", "--seed", "1", "--model", "small"],
    );
    report(
        dir.path(),
        "s2",
        &["--bootstrap", "50", "--seed", "2", "--model", "small"],
    );
    report(
        dir.path(),
        "w",
        &[
            "--bootstrap",
            "50",
            "--bootstrap-method",
            "wild",
            "--model",
            "small",
        ],
    );
    report(dir.path(), "plain", &["--model", "small"]);
    let read =
        |d: &str| fs::read_to_string(dir.path().join(d).join("small/2021/results.json")).unwrap();
    assert_ne!(read("s1"), read("s2"));
    assert!(read("w").contains("\"method\": \"wild\""));
    assert!(!read("plain").contains("\"uncertainty\""));
    assert!(!read("plain").contains("\"cv\""));
}

#[test]
fn bad_bootstrap_flags_are_errors() {
    let dir = workdir();
    for args in [["--bootstrap", "1"], ["--cv", "1"]] {
        let mut a = vec!["report", "--data", "data.csv"];
        a.extend_from_slice(&args);
        let o = run_in(dir.path(), &a);
        assert!(!o.status.success());
        assert!(String::from_utf8_lossy(&o.stderr).contains(args[0]));
    }
    // More folds than areas: the fit fails with a message, the run exits 1.
    let o = run_in(
        dir.path(),
        &["report", "--data", "data.csv", "--cv", "1000"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cross-validation: k = 1000"));
}
