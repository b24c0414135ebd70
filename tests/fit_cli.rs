//! `modellvarde fit` through the real binary: the summary, the results.json
//! contract on stdout and in a file, and one test per bad input (each must name
//! the file, line and column where it applies, exit non-zero and never panic).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_modellvarde"))
}

fn small_csv() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference/small.csv")
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Write a CSV into a fresh temporary folder and return (dir guard, path).
fn csv(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("areas.csv");
    std::fs::write(&p, text).unwrap();
    (dir, p)
}

fn assert_fails_with(o: &Output, needles: &[&str]) {
    let err = stderr(o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "expected exit 2, got {:?}; stderr:\n{err}",
        o.status.code()
    );
    assert!(!err.contains("panicked"), "panic: {err}");
    for n in needles {
        assert!(err.contains(n), "stderr lacks {n:?}:\n{err}");
    }
}

fn fit_args<'a>(p: &'a Path, cov: &'a str) -> Vec<&'a str> {
    vec![
        "fit",
        "--data",
        p.to_str().unwrap(),
        "--outcome",
        "y",
        "--covariates",
        cov,
    ]
}

const GOOD: &str = "id,name,y,a,b,pop\n1,Alfa,10.5,1,3.2,100\n2,Beta,12.1,2,2.9,200\n3,Gamma,15.2,3,4.1,150\n4,Delta,15.9,4,3.3,120\n5,Epsilon,20.3,5,5.0,90\n6,Zeta,21.0,6,4.4,300\n";

#[test]
fn summary_shows_fit_coefficients_and_areas() {
    let p = small_csv();
    let o = run(&[
        "fit",
        "--data",
        p.to_str().unwrap(),
        "--outcome",
        "y",
        "--covariates",
        "x1,x2,x3",
        "--weight",
        "w",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    for needle in [
        "WLS, weights w",
        "R² = 0.6856",
        "x1",
        "x3",
        "Areas furthest",
        "outlier",
        "AIC",
    ] {
        assert!(out.contains(needle), "summary lacks {needle:?}:\n{out}");
    }
}

#[test]
fn json_to_stdout_is_the_contract_and_nothing_else() {
    let p = small_csv();
    let o = run(&[
        "fit",
        "--data",
        p.to_str().unwrap(),
        "--outcome",
        "y",
        "--covariates",
        "x1,x2,x3",
        "--json",
        "-",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is only JSON");
    assert_eq!(v["fit"]["n"], 40);
    assert_eq!(v["fit"]["weighted"], false);
    assert_eq!(v["coefficients"].as_array().unwrap().len(), 4);
    assert_eq!(v["areas"].as_array().unwrap().len(), 40);
    // Areas are named by 1-based data row without --id.
    assert_eq!(v["areas"][7]["id"], "8");
    // R² against the statsmodels reference (tests/fixtures/reference).
    let r2 = v["fit"]["r2"].as_f64().unwrap();
    let refj: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p.with_file_name("reference.json")).unwrap())
            .unwrap();
    let ref_r2 = refj["ols"]["r2"].as_f64().unwrap();
    assert!((r2 - ref_r2).abs() < 1e-12, "{r2} vs {ref_r2}");
    for k in ["loo_modelled", "pi_low", "q_bh", "flags"] {
        assert!(v["areas"][0].get(k).is_some(), "areas lack {k}");
    }
}

#[test]
fn json_to_file_is_written_and_same_input_gives_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let p = small_csv();
    let out = dir.path().join("r.json");
    let mut bytes = Vec::new();
    for _ in 0..2 {
        let o = run(&[
            "fit",
            "--data",
            p.to_str().unwrap(),
            "--outcome",
            "y",
            "--covariates",
            "x1,x2",
            "--json",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        bytes.push(std::fs::read(&out).unwrap());
    }
    assert_eq!(bytes[0], bytes[1]);
}

#[test]
fn missing_column_suggests_the_nearest() {
    let (_d, p) = csv(GOOD);
    let o = run(&fit_args(&p, "a,bb"));
    assert_fails_with(&o, &["bb", "did you mean", "'b'"]);
}

#[test]
fn non_numeric_cell_names_file_line_column_and_area() {
    let (_d, p) = csv(&GOOD.replace("3,Gamma,15.2,3,4.1", "3,Gamma,15.2,3,abc"));
    let o = run(&fit_args(&p, "a,b"));
    assert_fails_with(&o, &["areas.csv:4", "column 'b'", "Gamma", "abc"]);
}

#[test]
fn nan_and_infinity_are_errors() {
    for bad in ["NaN", "inf"] {
        let (_d, p) = csv(&GOOD.replace("4,Delta,15.9,4,3.3", &format!("4,Delta,15.9,4,{bad}")));
        let o = run(&fit_args(&p, "a,b"));
        assert_fails_with(&o, &["areas.csv:5", "column 'b'"]);
    }
}

#[test]
fn zero_or_negative_weight_is_an_error() {
    for bad in ["0", "-5"] {
        let (_d, p) = csv(&GOOD.replace(
            "5,Epsilon,20.3,5,5.0,90",
            &format!("5,Epsilon,20.3,5,5.0,{bad}"),
        ));
        let mut a = fit_args(&p, "a,b");
        a.extend(["--weight", "pop"]);
        let o = run(&a);
        assert_fails_with(
            &o,
            &["areas.csv:6", "column 'pop'", "Epsilon", "greater than 0"],
        );
    }
}

#[test]
fn too_few_rows_is_an_error() {
    let (_d, p) = csv("id,y,a,b\n1,1,2,3\n2,2,3,1\n3,4,1,1\n");
    let o = run(&fit_args(&p, "a,b"));
    assert_fails_with(&o, &["areas.csv", "too few rows", "n = 3", "p = 3"]);
}

#[test]
fn constant_covariate_is_an_error() {
    let (_d, p) = csv(&GOOD
        .replace(",1,3.2,", ",7,3.2,")
        .replace(",2,2.9,", ",7,2.9,")
        .replace(",3,4.1,", ",7,4.1,")
        .replace(",4,3.3,", ",7,3.3,")
        .replace(",5,5.0,", ",7,5.0,")
        .replace(",6,4.4,", ",7,4.4,"));
    let o = run(&fit_args(&p, "a,b"));
    assert_fails_with(&o, &["areas.csv", "'a' is constant"]);
}

#[test]
fn duplicated_covariate_is_an_error() {
    let (_d, p) =
        csv("id,y,a,b,c\n1,1,2,3,2\n2,2,3,1,3\n3,4,1,1,1\n4,3,5,2,5\n5,6,2,7,2\n6,5,4,4,4\n");
    let o = run(&fit_args(&p, "a,b,c"));
    assert_fails_with(&o, &["areas.csv", "'c' duplicates 'a'"]);
}

#[test]
fn collinear_covariates_name_the_aliased_columns() {
    // c = a + 2b exactly.
    let (_d, p) = csv("id,y,a,b,c\n1,1,2,3,8\n2,2,3,1,5\n3,4,1,1,3\n4,3,5,2,9\n5,6,2,7,16\n6,5,4,4,12\n7,9,1,6,13\n");
    let o = run(&fit_args(&p, "a,b,c"));
    assert_fails_with(
        &o,
        &[
            "areas.csv",
            "rank deficient",
            "'c' is a linear combination of",
            "'a'",
            "'b'",
        ],
    );
}

#[test]
fn missing_file_is_an_error() {
    let o = run(&[
        "fit",
        "--data",
        "/nonexistent/x.csv",
        "--outcome",
        "y",
        "--covariates",
        "a",
    ]);
    assert_fails_with(&o, &["/nonexistent/x.csv"]);
}

#[test]
fn rows_with_missing_values_are_excluded_and_listed() {
    let (_d, p) = csv(&GOOD.replace("6,Zeta,21.0,6,4.4", "6,Zeta,21.0,6,"));
    let o = run(&fit_args(&p, "a,b"));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("Excluded rows (1)") && out.contains("line 7") && out.contains("missing b"),
        "{out}"
    );
}
