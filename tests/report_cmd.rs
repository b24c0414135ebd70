//! The `report` and `validate` commands through the real binary, in a fresh
//! temporary folder with a small data file and spec.

use crate::util::{all_files, run_in};
use std::fs;
use std::process::Command;

/// A deterministic data file: 2 groups × 15 areas × 2 years. Area 0007 lacks
/// its covariate in 2022 and area 0011 has zero population in 2021; group C is
/// outside the spec's sample.
fn data_csv() -> String {
    let mut s = String::from("id,name,group,year,cost,unemp,young,pop,flat\n");
    for year in [2021, 2022] {
        for i in 0..32 {
            let group = match i {
                0..=14 => "A",
                15..=29 => "B",
                _ => "C",
            };
            let unemp = 2.0 + (i % 7) as f64 * 0.9 + (year - 2021) as f64 * 0.3;
            let young = 20.0 + ((i * 5) % 11) as f64;
            // Deterministic "noise" so the fit is not exact.
            let noise = (((i * 37 + year as usize) % 13) as f64 - 6.0) * 25.0;
            let cost = 300.0 + 180.0 * unemp + 12.0 * young + noise;
            let pop = if i == 11 && year == 2021 {
                0.0
            } else {
                1000.0 + 500.0 * i as f64
            };
            let unemp_s = if i == 7 && year == 2022 {
                String::new()
            } else {
                format!("{unemp}")
            };
            s.push_str(&format!(
                "{:04},Area {i},{group},{year},{cost},{unemp_s},{young},{pop},{flat}\n",
                i + 1,
                flat = if year == 2021 { 1.0 } else { (i % 5) as f64 }
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
groups = ["A", "B"]
[flags]
alpha = 0.05
correction = "bh"
min_deviation_pct = 5
"#;

fn workdir(spec: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("data.csv"), data_csv()).unwrap();
    fs::create_dir(dir.path().join("models")).unwrap();
    fs::write(dir.path().join("models").join("small.toml"), spec).unwrap();
    dir
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn report_writes_results_json_with_the_contract_fields() {
    let dir = workdir(SPEC);
    let out = run_in(
        dir.path(),
        &["report", "--data", "data.csv", "--out", "rep"],
    );
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("small: Small test model"), "{stdout}");
    assert!(stdout.contains("R² "), "{stdout}");

    for year in [2021, 2022] {
        let p = dir.path().join(format!("rep/small/{year}/results.json"));
        let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(&p).unwrap()).unwrap();
        assert_eq!(v["year"], year);
        assert_eq!(v["model"]["name"], "small");
        for k in [
            "n",
            "p",
            "df_resid",
            "r2",
            "adj_r2",
            "sigma",
            "f",
            "f_p",
            "loglik",
            "aic",
            "bic",
            "condition_number",
            "weighted",
        ] {
            assert!(v["fit"].get(k).is_some(), "fit.{k} missing");
        }
        assert_eq!(v["fit"]["weighted"], true);
        assert_eq!(v["fit"]["p"], 3);
        let names: Vec<&str> = v["coefficients"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["(Intercept)", "unemp", "young"]);
        let areas = v["areas"].as_array().unwrap();
        // 30 areas in groups A and B, one excluded each year; group C is not in the sample.
        assert_eq!(areas.len(), 29);
        assert!(areas.iter().all(|a| a["group"] != "C"));
        let a = &areas[0];
        for k in [
            "id",
            "name",
            "group",
            "actual",
            "modelled",
            "loo_modelled",
            "residual",
            "deviation_pct",
            "deviation_total",
            "leverage",
            "studentized_internal",
            "studentized_external",
            "cooks_d",
            "dffits",
            "p_outlier",
            "p_bonferroni",
            "q_bh",
            "pi_low",
            "pi_high",
            "flags",
        ] {
            assert!(a.get(k).is_some(), "areas.{k} missing");
        }
        // deviation_total = residual × population (kr/inv outcome with a weight).
        let total = a["deviation_total"].as_f64().unwrap();
        let expect = a["residual"].as_f64().unwrap() * a["weight"].as_f64().unwrap();
        assert!((total - expect).abs() <= 1e-9 * expect.abs().max(1.0));
        let pct = a["deviation_pct"].as_f64().unwrap();
        let expect = 100.0 * a["residual"].as_f64().unwrap() / a["modelled"].as_f64().unwrap();
        assert!((pct - expect).abs() < 1e-9);

        let ex = v["excluded"].as_array().unwrap();
        assert_eq!(ex.len(), 1, "{ex:?}");
        if year == 2021 {
            assert_eq!(ex[0]["id"], "0012");
            assert_eq!(ex[0]["reason"], "weight pop = 0: weights must be > 0");
        } else {
            assert_eq!(ex[0]["id"], "0008");
            assert_eq!(ex[0]["reason"], "missing unemp");
        }
    }
    let index = fs::read_to_string(dir.path().join("rep/index.md")).unwrap();
    // The library's index: one link per model-year, to its report.
    assert!(index.contains("(small/2021/report.html)"), "{index}");
    assert!(index.contains("(small/2022/report.html)"), "{index}");
}

#[test]
fn one_thread_and_two_threads_give_identical_files() {
    // Two specs so that tasks really run concurrently.
    let dir = workdir(SPEC);
    fs::write(
        dir.path().join("models/other.toml"),
        SPEC.replace("name = \"small\"", "name = \"other\"")
            .replace("correction = \"bh\"", "correction = \"bonferroni\""),
    )
    .unwrap();
    let a = run_in(
        dir.path(),
        &[
            "report",
            "--data",
            "data.csv",
            "--out",
            "one",
            "--threads",
            "1",
            "--png",
        ],
    );
    let b = run_in(
        dir.path(),
        &[
            "report",
            "--data",
            "data.csv",
            "--out",
            "two",
            "--threads",
            "2",
            "--png",
        ],
    );
    assert!(
        a.status.success() && b.status.success(),
        "{}{}",
        text(&a.stderr),
        text(&b.stderr)
    );
    assert_eq!(a.stdout.len(), b.stdout.len());
    let fa = all_files(&dir.path().join("one"));
    let fb = all_files(&dir.path().join("two"));
    // 2 models × 2 years, each with 8 documents (results.json, areas.csv,
    // coefficients.csv, excluded.csv, report.md, areas.xlsx, report.html,
    // brief.html) and
    // 7 charts as SVG and PNG (`--png`, so the PNGs are compared too); the
    // cross-city charts (SVG): 3 similar-areas charts per result and the
    // 2021→2022 decomposition in 2022; plus index.md and index.html; and each model-year folder's record of what
    // it was made from (`.modellvarde-inputs`).
    let named = |n: &str| fa.iter().filter(|p| p.file_name().unwrap() == n).count();
    assert_eq!(named("results.json"), 4, "{fa:?}");
    assert_eq!(named("report.html"), 4, "{fa:?}");
    assert_eq!(named("decomposition.svg"), 2, "{fa:?}");
    let peers = fa
        .iter()
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("peers-")
        })
        .count();
    assert_eq!(peers, 4 * 3, "{fa:?}");
    assert_eq!(fa.len(), 4 * (8 + 14) + 2 + 4 * 3 + 2 + 4, "{fa:?}");
    assert_eq!(fa.len(), fb.len());
    for (x, y) in fa.iter().zip(&fb) {
        assert_eq!(
            x.strip_prefix(dir.path().join("one")).unwrap(),
            y.strip_prefix(dir.path().join("two")).unwrap()
        );
        assert!(
            fs::read(x).unwrap() == fs::read(y).unwrap(),
            "{} differs",
            x.display()
        );
    }
}

#[test]
fn year_and_model_filters_narrow_the_run() {
    let dir = workdir(SPEC);
    let out = run_in(
        dir.path(),
        &[
            "report", "--data", "data.csv", "--out", "rep", "--model", "small", "--year", "2022",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.path().join("rep/small/2022/results.json").is_file());
    assert!(!dir.path().join("rep/small/2021").exists());
}

#[test]
fn no_plots_skips_plots_and_html_and_keeps_every_other_file_identical() {
    let dir = workdir(SPEC);
    let base = [
        "report", "--data", "data.csv", "--model", "small", "--year", "2022",
    ];
    let full = run_in(dir.path(), &[&base[..], &["--out", "full"]].concat());
    assert!(full.status.success(), "{}", text(&full.stderr));
    let lean = run_in(
        dir.path(),
        &[&base[..], &["--out", "lean", "--no-plots"]].concat(),
    );
    assert!(lean.status.success(), "{}", text(&lean.stderr));

    let lean_dir = dir.path().join("lean");
    let year = lean_dir.join("small/2022");
    for f in [
        "results.json",
        "areas.csv",
        "coefficients.csv",
        "report.md",
        "areas.xlsx",
    ] {
        assert_eq!(
            fs::read(year.join(f)).unwrap(),
            fs::read(dir.path().join("full/small/2022").join(f)).unwrap(),
            "{f} differs between the full run and --no-plots"
        );
    }
    assert!(lean_dir.join("index.md").is_file());
    assert!(!year.join("plots").exists(), "--no-plots drew plots");
    assert!(!year.join("report.html").exists());
    assert!(!lean_dir.join("index.html").exists());
    assert!(dir.path().join("full/small/2022/report.html").is_file());
}

#[test]
fn bad_spec_key_fails_with_file_line_and_suggestion() {
    let dir = workdir(&SPEC.replace("covariates =", "covariats ="));
    let out = run_in(
        dir.path(),
        &["report", "--data", "data.csv", "--out", "rep"],
    );
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("small.toml:5"), "{err}");
    assert!(err.contains("unknown key 'covariats'"), "{err}");
    assert!(err.contains("did you mean 'covariates'"), "{err}");
}

#[test]
fn unknown_column_fails_with_suggestion_and_nonzero_exit() {
    let dir = workdir(&SPEC.replace("\"young\"]", "\"yuong\"]"));
    let out = run_in(
        dir.path(),
        &["report", "--data", "data.csv", "--out", "rep"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("column 'yuong' is not in the data"), "{err}");
    assert!(err.contains("did you mean 'young'"), "{err}");
    assert!(err.contains("small.toml:5"), "{err}");
}

#[test]
fn bad_alpha_fails_naming_the_key() {
    let dir = workdir(&SPEC.replace("alpha = 0.05", "alpha = 5"));
    let out = run_in(dir.path(), &["validate", "--data", "data.csv"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("flags.alpha"), "{err}");
    assert!(err.contains("outside (0, 1)"), "{err}");
}

#[test]
fn unknown_model_name_suggests() {
    let dir = workdir(SPEC);
    let out = run_in(
        dir.path(),
        &["report", "--data", "data.csv", "--model", "smal"],
    );
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("did you mean 'small'"), "{err}");
}

#[test]
fn validate_lists_exclusions_without_fitting() {
    let dir = workdir(SPEC);
    let out = run_in(
        dir.path(),
        &["validate", "--data", "data.csv", "--model", "small"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(
        s.contains("2021: 29 rows used, 3 coefficients, 1 excluded"),
        "{s}"
    );
    assert!(
        s.contains("excluded line 41: 0008 Area 7: missing unemp"),
        "{s}"
    );
    assert!(
        !dir.path().join("reports").exists(),
        "validate must not write reports"
    );
}

#[test]
fn one_failed_fit_is_reported_and_the_others_are_written() {
    // `flat` is constant in 2021 (aliased with the intercept) but not in 2022.
    let dir = workdir(&SPEC.replace("\"young\"]", "\"young\", \"flat\"]"));
    let out = run_in(
        dir.path(),
        &["report", "--data", "data.csv", "--out", "rep"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("small 2021"), "{err}");
    assert!(err.contains("flat"), "{err}");
    assert!(dir.path().join("rep/small/2022/results.json").is_file());
    assert!(!dir.path().join("rep/small/2021/results.json").exists());
    let index = fs::read_to_string(dir.path().join("rep/index.md")).unwrap();
    assert!(index.contains("small 2021"), "{index}");
}

/// From the project folder with no arguments, every shipped spec checks
/// against its data: the municipality specs against the built-in data, the
/// district examples against their own `data` file.
#[test]
fn every_shipped_spec_validates_with_no_arguments() {
    let o = Command::new(env!("CARGO_BIN_EXE_modellvarde"))
        .arg("validate")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let out = text(&o.stdout);
    assert!(o.status.success(), "{}{}", out, text(&o.stderr));
    for m in [
        "storstadslanen",
        "riket",
        "riket-lan",
        "riket-nettokostnad",
        "stadsdelar-exempel",
        "stadsdelar-exempel-stad",
    ] {
        assert!(out.contains(&format!("{m} (")), "{m} not validated:\n{out}");
    }
    assert!(out.contains("stadsdelar-exempel.csv"), "{out}");
}

/// Output to a closed pipe ends quietly instead of panicking.
#[cfg(unix)]
#[test]
fn closed_stdout_pipe_does_not_panic() {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_modellvarde"))
        .arg("validate")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away at once
    let o = child.wait_with_output().unwrap();
    assert!(!text(&o.stderr).contains("panicked"), "{}", text(&o.stderr));
}

/// The terminal's per-year lines keep "most below" in one column for a
/// model, even where a long name and "above interval" run past the usual
/// width (storstadslanen 2016: Södertälje), in both languages.
#[test]
fn most_below_lines_up_in_every_year_of_a_model() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().to_str().unwrap();
    for (lang, label) in [("en", "most below:"), ("sv", "mest under:")] {
        let o = Command::new(env!("CARGO_BIN_EXE_modellvarde"))
            .args(["report", "--model", "storstadslanen", "--no-plots"])
            .args(["--lang", lang, "--out", out])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        let stdout = text(&o.stdout);
        assert!(o.status.success(), "{stdout}{}", text(&o.stderr));
        let columns: Vec<usize> = stdout
            .lines()
            .filter_map(|l| l.find(label).map(|b| l[..b].chars().count()))
            .collect();
        assert!(columns.len() >= 10, "{lang}: too few year lines:\n{stdout}");
        assert!(
            columns.iter().all(|&c| c == columns[0]),
            "{lang}: '{label}' starts at columns {columns:?}:\n{stdout}"
        );
        // Two spaces at least before it, never a name glued to it.
        for l in stdout.lines().filter(|l| l.contains(label)) {
            assert!(l.contains(&format!("  {label}")), "{lang}: {l}");
        }
    }
}
