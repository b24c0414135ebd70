//! `modellvarde select` through the real binary: planted data, the printed
//! tables, the written spec (which `report` then runs), and bad input.

use crate::util::run_in;
use std::fs;

/// 120 areas, one year; cost depends on `base`, `a` and `c`; `b`, `d`, `e`
/// are noise. Deterministic pseudo-random numbers (an LCG) keep the file
/// independent of any crate's generator.
fn data_csv() -> String {
    let mut state: u64 = 12345;
    let mut u = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 11) as f64) / ((1u64 << 53) as f64) - 0.5
    };
    let mut s = String::from("id,name,group,year,cost,base,a,b,c,d,e,pop\n");
    for i in 0..120 {
        let base = 10.0 + 4.0 * u();
        let (a, b, c, d, e) = (5.0 * u(), 5.0 * u(), 5.0 * u(), 5.0 * u(), 5.0 * u());
        let cost = 100.0 + 3.0 * base + 4.0 * a - 3.0 * c + u();
        let pop = 1000.0 + (i * 37 % 500) as f64;
        s.push_str(&format!(
            "{:04},Area {i},G,2022,{cost},{base},{a},{b},{c},{d},{e},{pop}\n",
            i + 1
        ));
    }
    s
}

const SPEC: &str = r#"
name = "m"
title = "Test model"
outcome = "cost"
covariates = ["base"]
weight = "pop"
"#;

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("data.csv"), data_csv()).unwrap();
    fs::write(dir.path().join("m.toml"), SPEC).unwrap();
    dir
}

#[test]
fn select_finds_the_planted_variables_and_writes_a_spec_report_can_run() {
    let dir = setup();
    let o = run_in(
        dir.path(),
        &[
            "select",
            "--model",
            "m.toml",
            "--data",
            "data.csv",
            "--candidates",
            "a,b,c,d,e",
            "--top",
            "5",
            "--cv",
            "5",
            "--write-spec",
            "chosen.toml",
        ],
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout.contains("5 candidates = 32 subsets"), "{stdout}");
    assert!(stdout.contains("best by BIC (exact refits)"), "{stdout}");
    assert!(
        stdout.contains("best by 5-fold CV RMSE, among the"),
        "{stdout}"
    );
    // The first row of the BIC table is the planted model.
    let first = stdout
        .lines()
        .skip_while(|l| !l.starts_with("best by BIC"))
        .nth(2)
        .unwrap();
    assert!(first.trim_end().ends_with("a c"), "{first}");
    assert!(
        stdout.contains("inclusion share among the top 5 by BIC: a 100 %, c 100 %"),
        "{stdout}"
    );
    let spec = fs::read_to_string(dir.path().join("chosen.toml")).unwrap();
    assert!(spec.contains("name = \"m-select\""), "{spec}");
    assert!(
        spec.contains("covariates = [\"base\", \"a\", \"c\"]"),
        "{spec}"
    );
    let r = run_in(
        dir.path(),
        &[
            "report",
            "--model",
            "chosen.toml",
            "--data",
            "data.csv",
            "--out",
            "rep",
        ],
    );
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(dir.path().join("rep/m-select/2022/results.json").is_file());
}

#[test]
fn select_output_does_not_depend_on_threads() {
    let dir = setup();
    let go = |t: &str| {
        let o = run_in(
            dir.path(),
            &[
                "select",
                "--model",
                "m.toml",
                "--data",
                "data.csv",
                "--candidates",
                "a,b,c,d,e",
                "--threads",
                t,
            ],
        );
        assert!(o.status.success());
        // Drop the timing from the first line.
        let s = String::from_utf8_lossy(&o.stdout).into_owned();
        s.lines().skip(1).collect::<Vec<_>>().join("\n")
    };
    assert_eq!(go("1"), go("2"));
}

#[test]
fn bad_candidates_are_named() {
    let dir = setup();
    for (cands, needle) in [
        ("a,zz", "zz"),
        ("base", "already a covariate"),
        ("a,a", "named twice"),
        ("cost", "outcome"),
    ] {
        let o = run_in(
            dir.path(),
            &[
                "select",
                "--model",
                "m.toml",
                "--data",
                "data.csv",
                "--candidates",
                cands,
            ],
        );
        assert!(!o.status.success(), "{cands}");
        let e = String::from_utf8_lossy(&o.stderr);
        assert!(e.contains(needle), "{cands}: {e}");
    }
}
