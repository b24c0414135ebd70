//! The GLM families through the real binary: `fit --family/--link/--offset`,
//! specs with `family`/`link`/`offset`, and bad input for a log link (an
//! outcome ≤ 0, a count that is not a whole number, an offset ≤ 0) as
//! errors naming file, line, column and area. (Non-convergence and
//! separation are tested on the library in tests/glm_errors.rs; their
//! message goes through the same path as these.)

use std::path::PathBuf;
use std::process::Command;

struct Work {
    dir: tempfile::TempDir,
}

struct Run {
    ok: bool,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Work {
    fn new() -> Work {
        Work {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }
    fn run(&self, args: &[&str]) -> Run {
        let o = Command::new(env!("CARGO_BIN_EXE_modellvarde"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap();
        Run {
            ok: o.status.success(),
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    fn fails(&self, needles: &[&str]) {
        assert!(!self.ok, "expected failure; stdout:\n{}", self.stdout);
        assert_ne!(self.code, Some(101), "panic:\n{}", self.stderr);
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        for n in needles {
            assert!(
                self.stderr.contains(n),
                "stderr lacks {n:?}:\n{}",
                self.stderr
            );
        }
    }
}

/// 30 areas, one year: y = round(pop/1000 · exp(0.5 + 0.3 a − 0.2 b)) with a
/// deterministic wobble, so y is a whole count, positive, and log-linear in
/// a and b with log(pop) as the offset. `edit` may change a row's fields
/// (id, name, year, y, a, b, pop).
fn counts(edit: impl Fn(usize, &mut [String; 7])) -> String {
    let mut s = String::from("id,name,year,y,a,b,pop\n");
    for i in 0..30 {
        let a = (i % 7) as f64 * 0.5;
        let b = ((i * 3) % 5) as f64;
        let pop = 2000.0 + 150.0 * i as f64;
        let wobble = 1.0 + 0.3 * (((i * 13) % 7) as f64 - 3.0) / 3.0;
        let y = (pop / 1000.0 * (0.5 + 0.3 * a - 0.2 * b).exp() * wobble * 10.0).round();
        let mut f = [
            format!("A{i:02}"),
            format!("Area {i}"),
            "2022".into(),
            format!("{y}"),
            format!("{a}"),
            format!("{b}"),
            format!("{pop}"),
        ];
        edit(i, &mut f);
        s.push_str(&f.join(","));
        s.push('\n');
    }
    s
}

fn fit(w: &Work, data: &std::path::Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "fit",
        "--data",
        data.to_str().unwrap(),
        "--id",
        "id",
        "--name",
        "name",
        "--outcome",
        "y",
        "--covariates",
        "a,b",
    ];
    args.extend(extra);
    w.run(&args)
}

#[test]
fn fit_prints_a_summary_glm_style_summary_for_every_family() {
    let w = Work::new();
    let data = w.write("areas.csv", &counts(|_, _| {}));
    for (family, test, disp) in [
        ("poisson", "z value", "taken to be 1)"),
        ("quasipoisson", "t value", "quasipoisson family taken to be"),
        ("gamma", "t value", "gamma family taken to be"),
        ("negbin", "z value", "Theta:"),
    ] {
        let r = fit(&w, &data, &["--family", family, "--offset", "pop"]);
        assert!(r.ok, "{family}: {}", r.stderr);
        for want in [
            test,
            disp,
            "Null deviance:",
            "Residual deviance:",
            "Number of Fisher Scoring iterations:",
            "offset log(pop)",
        ] {
            assert!(
                r.stdout.contains(want),
                "{family}: no {want:?}\n{}",
                r.stdout
            );
        }
    }
    // The JSON carries the family, link, offset and the GLM statistics, and
    // every modelled value is positive with its ratio.
    let r = fit(
        &w,
        &data,
        &["--family", "quasipoisson", "--offset", "pop", "--json", "-"],
    );
    assert!(r.ok, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["model"]["family"], "quasipoisson");
    assert_eq!(v["model"]["link"], "log");
    assert_eq!(v["model"]["offset"], "pop");
    assert_eq!(v["fit"]["glm"]["test"], "t");
    assert!(v["fit"]["aic"].is_null(), "quasi-Poisson has no AIC");
    let c = &v["coefficients"];
    assert!(
        (c[1]["estimate"].as_f64().unwrap() - 0.3).abs() < 0.1,
        "{c}"
    );
    assert!(
        (c[2]["estimate"].as_f64().unwrap() + 0.2).abs() < 0.1,
        "{c}"
    );
    for a in v["areas"].as_array().unwrap() {
        let (y, m) = (
            a["actual"].as_f64().unwrap(),
            a["modelled"].as_f64().unwrap(),
        );
        assert!(m > 0.0);
        assert!((a["ratio"].as_f64().unwrap() - y / m).abs() < 1e-12);
        assert!(a["resid_deviance"].is_number());
    }
    assert!(v.get("nonpositive_modelled").is_none());
}

#[test]
fn unknown_family_or_link_is_refused() {
    let w = Work::new();
    let data = w.write("areas.csv", &counts(|_, _| {}));
    fit(&w, &data, &["--family", "binomial"]).fails(&["unknown family 'binomial'"]);
    fit(&w, &data, &["--family", "poisson", "--link", "identity"])
        .fails(&["identity link", "link = \"log\""]);
    fit(&w, &data, &["--offset", "pop"]).fails(&["needs the log link"]);
}

#[test]
fn a_non_positive_outcome_under_gamma_names_file_line_column_and_area() {
    let w = Work::new();
    let data = w.write(
        "areas.csv",
        &counts(|i, f| {
            if i == 6 {
                f[3] = "0".into();
            }
        }),
    );
    // Data line 8 = header + 7th area.
    fit(&w, &data, &["--family", "gamma"]).fails(&[
        "areas.csv:8",
        "column y",
        "area A06 Area 6",
        "must be > 0",
    ]);
    // Quasi-Poisson takes a zero.
    assert!(fit(&w, &data, &["--family", "quasipoisson"]).ok);
    // `validate` finds it before any fit is run.
    w.write(
        "m.toml",
        "name = \"m\"\noutcome = \"y\"\ncovariates = [\"a\", \"b\"]\nfamily = \"gamma\"\ndata = \"areas.csv\"\n",
    );
    w.run(&["validate", "--model", "m.toml"]).fails(&[
        "areas.csv:8",
        "column y",
        "area A06 Area 6",
    ]);
}

#[test]
fn a_non_integer_count_names_its_row() {
    let w = Work::new();
    let data = w.write(
        "areas.csv",
        &counts(|i, f| {
            if i == 3 {
                f[3] = "12.5".into();
            }
        }),
    );
    for family in ["poisson", "negbin"] {
        fit(&w, &data, &["--family", family]).fails(&[
            "areas.csv:5",
            "column y",
            "area A03 Area 3",
            "not a count",
            "quasipoisson",
        ]);
    }
}

#[test]
fn a_non_positive_offset_names_file_line_column_and_area() {
    let w = Work::new();
    let data = w.write(
        "areas.csv",
        &counts(|i, f| {
            if i == 10 {
                f[6] = "0".into();
            }
        }),
    );
    fit(&w, &data, &["--family", "poisson", "--offset", "pop"]).fails(&[
        "areas.csv:12",
        "pop",
        "A10 Area 10",
        "needs a value > 0",
    ]);
    // The same through a spec.
    w.write(
        "m.toml",
        "name = \"m\"\noutcome = \"y\"\ncovariates = [\"a\", \"b\"]\nfamily = \"poisson\"\noffset = \"pop\"\ndata = \"areas.csv\"\n",
    );
    w.run(&["report", "--model", "m.toml", "--no-plots", "--out", "out"])
        .fails(&["areas.csv:12", "pop", "A10 Area 10"]);
}

#[test]
fn a_log_link_spec_reports_positive_modelled_values_and_a_model_comparison() {
    let w = Work::new();
    w.write("areas.csv", &counts(|_, _| {}));
    w.write(
        "m.toml",
        "name = \"m\"\noutcome = \"y\"\ncovariates = [\"a\", \"b\"]\nweight = \"pop\"\nfamily = \"gamma\"\ndata = \"areas.csv\"\n",
    );
    let r = w.run(&["report", "--model", "m.toml", "--no-plots", "--out", "out"]);
    assert!(r.ok, "{}", r.stderr);
    let text = std::fs::read_to_string(w.dir.path().join("out/m/2022/results.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["model"]["family"], "gamma");
    let cmp = &v["model_comparison"];
    assert_eq!(cmp["k"], 10);
    let rows = cmp["rows"].as_array().unwrap();
    let chosen: Vec<_> = rows.iter().filter(|r| r["chosen"] == true).collect();
    assert_eq!(chosen.len(), 1);
    assert_eq!(chosen[0]["family"], "gamma");
    assert!(rows.iter().any(|r| r["family"] == "gaussian"));
    for r in rows {
        assert!(r["cv_rmse"].as_f64().unwrap() > 0.0);
    }
    // The same comparison whatever the number of threads.
    let r2 = w.run(&[
        "report",
        "--model",
        "m.toml",
        "--no-plots",
        "--out",
        "out1",
        "--threads",
        "1",
    ]);
    assert!(r2.ok, "{}", r2.stderr);
    let t1 = std::fs::read_to_string(w.dir.path().join("out1/m/2022/results.json")).unwrap();
    let v1: serde_json::Value = serde_json::from_str(&t1).unwrap();
    assert_eq!(v1["model_comparison"], v["model_comparison"]);
}
