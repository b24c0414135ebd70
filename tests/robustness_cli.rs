//! Hostile and degenerate input through the real binary, one test per
//! problem found by an adversarial review: each is named after what it
//! reproduces, runs in a fresh temporary folder (no models/ folder there, so
//! specs are given as files), and checks the exit status, that nothing
//! panicked, and that the message names what is wrong and where.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Work {
    dir: tempfile::TempDir,
}

impl Work {
    fn new() -> Work {
        Work {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }
    fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_modellvarde"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap();
        Run::from(out)
    }
    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    fn no_panic(&self) -> &Self {
        assert_ne!(self.code, Some(101), "panic:\n{}", self.stderr);
        assert!(!self.stderr.contains("panicked"), "panic:\n{}", self.stderr);
        assert!(self.code.is_some(), "killed by a signal:\n{}", self.stderr);
        self
    }
    fn ok(&self) -> &Self {
        self.no_panic();
        assert_eq!(self.code, Some(0), "stderr:\n{}", self.stderr);
        self
    }
    fn fails(&self, needles: &[&str]) -> &Self {
        self.no_panic();
        assert_ne!(
            self.code,
            Some(0),
            "expected failure; stdout:\n{}",
            self.stdout
        );
        for n in needles {
            assert!(
                self.stderr.contains(n),
                "stderr lacks {n:?}:\n{}",
                self.stderr
            );
        }
        self
    }
    fn says(&self, needles: &[&str]) -> &Self {
        for n in needles {
            assert!(
                self.stdout.contains(n) || self.stderr.contains(n),
                "output lacks {n:?}:\nstdout:\n{}\nstderr:\n{}",
                self.stdout,
                self.stderr
            );
        }
        self
    }
}

/// A 12-area panel over 2021–2022 with outcome y, covariates a and b, a
/// population and a group; `y` gives the outcome of (area index, year).
fn panel(y: impl Fn(usize, i32) -> String) -> String {
    let mut s = String::from("id,name,group,year,y,a,b,pop\n");
    for year in [2021, 2022] {
        for i in 0..12 {
            let a = 1.0 + i as f64;
            let b = ((i * 7) % 5) as f64 + 0.5;
            s.push_str(&format!(
                "A{i:02},Area {i},{},{year},{},{a},{b},{}\n",
                if i < 6 { "G1" } else { "G2" },
                y(i, year),
                1000 + 100 * i
            ));
        }
    }
    s
}

/// A noisy but well-behaved outcome.
fn good_y(i: usize, year: i32) -> String {
    let a = 1.0 + i as f64;
    let b = ((i * 7) % 5) as f64 + 0.5;
    let noise = [
        0.3, -0.2, 0.5, -0.4, 0.1, -0.6, 0.2, 0.4, -0.3, 0.0, 0.6, -0.1,
    ][i];
    format!(
        "{}",
        10.0 + 2.0 * a - 1.5 * b + noise + f64::from(year - 2021)
    )
}

const SPEC: &str = "name = \"t\"\ntitle = \"T\"\noutcome = \"y\"\ncovariates = [\"a\", \"b\"]\ndata = \"areas.csv\"\n";

fn fit_args(data: &Path) -> Vec<String> {
    [
        "fit",
        "--data",
        data.to_str().unwrap(),
        "--outcome",
        "y",
        "--covariates",
        "a,b",
        "--year",
        "2022",
    ]
    .map(String::from)
    .to_vec()
}

fn run_fit(w: &Work, data: &Path, extra: &[&str]) -> Run {
    let mut args = fit_args(data);
    args.extend(extra.iter().map(|s| s.to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    w.run(&refs)
}

// ---- 1. Statistical functions outside their domain ----

#[test]
fn zero_outcome_is_a_fit_error_not_a_panic() {
    let w = Work::new();
    let data = w.write("areas.csv", panel(|_, _| "0".into()));
    run_fit(&w, &data, &[]).fails(&["constant", "0 in every row"]);
}

#[test]
fn outcome_of_1e200_names_row_and_column_instead_of_panicking() {
    let w = Work::new();
    let data = w.write(
        "areas.csv",
        panel(|i, y| if i == 3 { "1e200".into() } else { good_y(i, y) }),
    );
    // Line 17: header, 12 rows of 2021, then the fourth row of 2022.
    run_fit(&w, &data, &[]).fails(&["outside the range", "(outcome)", ":17", "Area 3"]);
}

#[test]
fn one_year_with_zero_outcome_does_not_stop_the_other_years_of_a_report() {
    let w = Work::new();
    w.write(
        "areas.csv",
        panel(|i, y| if y == 2022 { "0".into() } else { good_y(i, y) }),
    );
    let spec = w.write("t.toml", SPEC);
    let r = w.run(&[
        "report",
        "--model",
        spec.to_str().unwrap(),
        "--out",
        "out",
        "--no-plots",
    ]);
    r.fails(&["2022", "constant"]);
    assert!(w.path("out/t/2021/results.json").is_file(), "{}", r.stderr);
    assert!(w.path("out/index.md").is_file());
    assert!(!w.path("out/t/2022/results.json").exists());
}

#[test]
fn trend_compare_and_allocate_on_zero_outcome_fail_without_panic() {
    let w = Work::new();
    w.write("areas.csv", panel(|_, _| "0".into()));
    let spec = w.write("t.toml", SPEC);
    let spec = spec.to_str().unwrap();
    w.run(&["trend", "--model", spec, "--out", "out"])
        .fails(&["constant"]);
    w.run(&["compare", "--model", spec, "--out", "out"])
        .fails(&["constant"]);
    w.run(&[
        "allocate", "--model", spec, "--out", "out", "--budget", "1000", "--basis", "pop",
    ])
    .fails(&["constant"]);
    // validate reports it too, before any fit.
    w.run(&["validate", "--model", spec]).fails(&["constant"]);
}

// ---- 2. Constant or perfectly fitted outcome ----

#[test]
fn constant_outcome_is_not_a_significant_fit() {
    let w = Work::new();
    let data = w.write("areas.csv", panel(|_, _| "42".into()));
    let r = run_fit(&w, &data, &[]);
    r.fails(&["constant (42 in every row)"]);
    assert!(!r.stdout.contains("R²"), "{}", r.stdout);
}

#[test]
fn perfect_fit_shows_undefined_tests_and_warns() {
    let w = Work::new();
    // y = 3 + 2a − b exactly.
    let data = w.write(
        "areas.csv",
        panel(|i, _| {
            let a = 1.0 + i as f64;
            let b = ((i * 7) % 5) as f64 + 0.5;
            format!("{}", 3.0 + 2.0 * a - b)
        }),
    );
    let r = run_fit(&w, &data, &["--json", "-"]);
    r.ok().says(&["essentially perfect fit"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let fit = &v["fit"];
    assert!(fit["f_p"].is_null(), "F test must be undefined: {fit}");
    for c in v["coefficients"].as_array().unwrap() {
        assert!(c["p"].is_null(), "p must be undefined: {c}");
        assert!(c["t"].is_null(), "t must be undefined: {c}");
    }
}

// ---- 3. Magnitudes that break the solver ----

#[test]
fn weights_spanning_1e300_are_named_not_called_collinear() {
    let w = Work::new();
    let mut text = panel(good_y);
    text = text
        .replace(",1000\n", ",1e-300\n")
        .replace(",1100\n", ",1e300\n");
    let data = w.write("areas.csv", text);
    let r = run_fit(&w, &data, &["--weight", "pop"]);
    r.fails(&["(weight)", "1e30"]);
    assert!(!r.stderr.contains("linear combination"), "{}", r.stderr);
}

#[test]
fn covariate_near_1e300_names_column_and_line() {
    let w = Work::new();
    let text = panel(good_y);
    // b of A05 in 2022 (line 19) becomes 1e-300.
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with("A05,Area 5,G1,2022,") {
                let mut f: Vec<&str> = l.split(',').collect();
                f[6] = "1e-300";
                f.join(",")
            } else {
                l.to_string()
            }
        })
        .collect();
    let data = w.write("areas.csv", lines.join("\n") + "\n");
    let r = run_fit(&w, &data, &[]);
    r.fails(&["column 'b'", ":19", "Area 5", "rescale"]);
    assert!(!r.stderr.contains("linear combination"), "{}", r.stderr);
}

#[test]
fn largest_double_in_a_cell_is_located_not_a_solver_failure() {
    let w = Work::new();
    let data = w.write(
        "areas.csv",
        panel(|i, y| {
            if i == 0 {
                "1.797e308".into()
            } else {
                good_y(i, y)
            }
        }),
    );
    let r = run_fit(&w, &data, &[]);
    r.fails(&["(outcome)", ":14", "Area 0"]);
    assert!(!r.stderr.contains("NoConvergence"), "{}", r.stderr);
}

// ---- 5. Rows with an empty or NA year ----

#[test]
fn rows_with_missing_year_are_listed_as_excluded() {
    let w = Work::new();
    let text = panel(good_y)
        .replace("A04,Area 4,G1,2022,", "A04,Area 4,G1,,")
        .replace("A07,Area 7,G2,2021,", "A07,Area 7,G2,NA,");
    w.write("areas.csv", text);
    let spec = w.write("t.toml", SPEC);
    let r = w.run(&["validate", "--model", spec.to_str().unwrap()]);
    r.ok().says(&[
        "excluded line 9: A07 Area 7: the year is missing",
        "excluded line 18: A04 Area 4: the year is missing",
    ]);
    assert!(r.stdout.contains("2021: 11 rows used"), "{}", r.stdout);
}

// ---- 6. Missing group values under group fixed effects ----

#[test]
fn missing_group_is_excluded_not_made_a_group() {
    let w = Work::new();
    let text = panel(good_y)
        .replace("A02,Area 2,G1,2022,", "A02,Area 2,,2022,")
        .replace("A09,Area 9,G2,2022,", "A09,Area 9,NA,2022,");
    w.write("areas.csv", text);
    let spec = w.write("t.toml", format!("{SPEC}fixed_effects = [\"group\"]\n"));
    let r = w.run(&["validate", "--model", spec.to_str().unwrap()]);
    r.ok().says(&[
        "A02 Area 2: the group is missing",
        "A09 Area 9: the group is missing ('NA')",
        "2022: 10 rows used",
    ]);
}

#[test]
fn missing_group_does_not_silently_drop_cluster_robust_errors() {
    // Without group fixed effects the rows stay in the fit, but they cannot
    // be put in a cluster: the cluster-robust errors are left out, and the
    // results say so and name the areas.
    let w = Work::new();
    let text = panel(good_y)
        .replace("A02,Area 2,G1,2022,", "A02,Area 2,,2022,")
        .replace("A09,Area 9,G2,2022,", "A09,Area 9,NA,2022,");
    w.write("areas.csv", text);
    let spec = w.write("t.toml", SPEC);
    let out = w.path("out");
    let r = w.run(&[
        "report",
        "--model",
        spec.to_str().unwrap(),
        "--year",
        "2022",
        "--no-plots",
        "--out",
        out.to_str().unwrap(),
    ]);
    r.ok();
    let json = std::fs::read_to_string(out.join("t/2022/results.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let warnings = v["fit"]["warnings"].to_string();
    assert!(
        warnings.contains("cluster-robust standard errors by group were not computed")
            && warnings.contains("A02")
            && warnings.contains("A09"),
        "{warnings}"
    );
}

// ---- 7. Zeros that mean "missing" in the built-in data ----

#[test]
fn zero_payments_in_builtin_data_are_excluded_as_missing() {
    let w = Work::new();
    let spec = w.write(
        "k.toml",
        "name = \"k\"\noutcome = \"U31001\"\ncovariates = [\"N00914\"]\n[sample]\nyears = [2020]\n",
    );
    let r = w.run(&["validate", "--model", spec.to_str().unwrap()]);
    r.ok();
    for area in [
        "2281 Sundsvall",
        "0481 Oxelösund",
        "1233 Vellinge",
        "2417 Norsjö",
    ] {
        let line = r
            .stdout
            .lines()
            .find(|l| l.contains(area))
            .unwrap_or_else(|| panic!("{area} not listed as excluded:\n{}", r.stdout));
        assert!(line.contains("missing U31001"), "{line}");
    }
}

// ---- 8. allocate must not drop areas silently ----

#[test]
fn allocate_by_column_names_areas_left_out_of_the_fit_and_shares_over_the_rest() {
    let w = Work::new();
    let text = panel(good_y);
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with("A03,Area 3,G1,2022,") {
                let mut f: Vec<&str> = l.split(',').collect();
                f[5] = "";
                f.join(",")
            } else {
                l.to_string()
            }
        })
        .collect();
    w.write("areas.csv", lines.join("\n") + "\n");
    let spec = w.write("t.toml", SPEC);
    let r = w.run(&[
        "allocate",
        "--model",
        spec.to_str().unwrap(),
        "--out",
        "out",
        "--budget",
        "28000000",
        "--basis",
        "pop",
        "--year",
        "2022",
    ]);
    // The budget is shared over the areas in the fit; the one left out is
    // named with its reason and data line, not dropped silently.
    r.ok();
    let line = r
        .stdout
        .lines()
        .find(|l| l.contains("A03 Area 3"))
        .unwrap_or_else(|| panic!("A03 not named:\n{}", r.stdout));
    assert!(line.contains("missing a"), "{line}");
    assert!(
        r.stdout.contains("not allocated (1 area(s)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("28 000 000"), "{}", r.stdout);
}

// ---- 9. A stray Latin-1 byte in a UTF-8 file ----

#[test]
fn stray_latin1_byte_in_utf8_file_is_located_not_mojibake() {
    let w = Work::new();
    let mut bytes = panel(good_y).replace("Area 0,", "Malmö,").into_bytes();
    // Area 5 of 2021 (line 7) gets a Latin-1 'ö' (0xF6).
    let text = String::from_utf8(bytes.clone()).unwrap();
    let at = text.find("Area 5").unwrap() + 4;
    bytes[at] = 0xF6;
    let data = w.write("areas.csv", bytes);
    run_fit(&w, &data, &[]).fails(&["areas.csv:7", "mixes two encodings", "0xF6"]);
}

#[test]
fn data_file_over_4_gib_is_refused_naming_the_file() {
    // A sparse file: 4 GiB + 1 byte that take no disk space and are never
    // read (the size is checked first), so the test is instant.
    let w = Work::new();
    let data = w.path("huge.csv");
    std::fs::File::create(&data)
        .unwrap()
        .set_len((u32::MAX as u64) + 1)
        .unwrap();
    w.run(&["validate", "--data", data.to_str().unwrap()])
        .fails(&["huge.csv", "4294967296 bytes", "at most 4 GiB"]);
}

// ---- 10. Thousands separators taken for decimal marks ----

#[test]
fn us_thousands_separator_is_not_read_as_decimal_comma() {
    let w = Work::new();
    let text = "id,name,year,y,a,b\n1,A,2022,10,\"18,094\",3\n2,B,2022,12,\"20,112\",4\n3,C,2022,15,\"21,500\",2\n4,D,2022,16,\"25,001\",5\n5,E,2022,20,\"30,000\",1\n";
    let data = w.write("areas.csv", text);
    run_fit(&w, &data, &[]).fails(&["'18,094'", "column 'a'", "--decimal-point"]);
}

#[test]
fn point_thousands_in_semicolon_file_is_not_read_as_decimal() {
    let w = Work::new();
    let text = "id;name;year;y;a;b\n1;A;2022;10;9.271;3\n2;B;2022;12;8.112;4\n3;C;2022;15;1.500;2\n4;D;2022;16;7.001;5\n5;E;2022;20;3.000;1\n";
    let data = w.write("areas.csv", text);
    run_fit(&w, &data, &[]).fails(&["'9.271'", "column 'a'", ":2", "--decimal-comma"]);
}

// ---- 11. years = [] ----

#[test]
fn empty_years_list_is_rejected_not_pooled() {
    let w = Work::new();
    w.write("areas.csv", panel(good_y));
    let spec = w.write("t.toml", format!("{SPEC}[sample]\nyears = []\n"));
    w.run(&["validate", "--model", spec.to_str().unwrap()])
        .fails(&["sample.years", "years = [] selects no years"]);
}

// ---- 12. Import: KPI named like a role column; lost leading zeros ----

fn ddf(w: &Work, kpi: &str, rows: &str) -> PathBuf {
    w.write(
        "ddf/entities/ddf--entities--geo--kommun.csv",
        "kommun,name,region\n0180,Stockholm,01\n",
    );
    w.write(
        "ddf/entities/ddf--entities--geo--region.csv",
        "region,name\n01,Region Stockholm\n",
    );
    w.write(
        &format!("ddf/datapoints/ddf--datapoints--{kpi}--by--geo--year.csv"),
        format!("geo,year,{kpi}\n{rows}"),
    );
    w.path("ddf")
}

#[test]
fn import_pads_a_municipality_code_that_lost_its_leading_zero() {
    let w = Work::new();
    let dir = ddf(&w, "n31807", "0,2020,1.5\n01,2020,1.7\n180,2020,2.08\n");
    let r = w.run(&[
        "import",
        "kolada-ddf",
        "--from",
        dir.to_str().unwrap(),
        "--out",
        "k.csv",
        "--from-year",
        "2020",
        "--to-year",
        "2020",
    ]);
    r.ok();
    assert!(
        w.read("k.csv").contains("\n0180,Stockholm,01,"),
        "{}",
        w.read("k.csv")
    );
}

#[test]
fn import_refuses_a_kpi_named_like_the_year_column() {
    let w = Work::new();
    let dir = ddf(&w, "year", "0180,2020,1.5\n");
    w.run(&[
        "import",
        "kolada-ddf",
        "--from",
        dir.to_str().unwrap(),
        "--out",
        "k.csv",
    ])
    .fails(&["'YEAR'", "role column"]);
    assert!(!w.path("k.csv").exists());
}

// ---- 13. Writes through planted symbolic links ----

#[cfg(unix)]
#[test]
fn symlinked_output_file_is_replaced_not_followed() {
    let w = Work::new();
    let data = w.write("areas.csv", panel(good_y));
    let victim = w.write("victim.txt", "keep me");
    std::os::unix::fs::symlink(&victim, w.path("out.json")).unwrap();
    run_fit(&w, &data, &["--json", "out.json"]).ok();
    assert_eq!(w.read("victim.txt"), "keep me");
    let meta = std::fs::symlink_metadata(w.path("out.json")).unwrap();
    assert!(meta.file_type().is_file(), "out.json must be a new file");
    let leftovers: Vec<_> = std::fs::read_dir(w.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

// ---- 16. CSV formula injection ----

#[test]
fn formula_names_are_neutralised_in_areas_and_excluded_csv() {
    let w = Work::new();
    let text = panel(good_y)
        .replace("Area 1,", "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",")
        .replace("Area 2,", "+1+2,")
        .replace("Area 3,", "@SUM(A1),")
        .replace("Area 4,", "-2+3,");
    // Area 8 of 2022 lacks b: it goes to excluded.csv under a formula name.
    let text = text.replace("A08,Area 8,G2,2022,", "A08,=1+1,G2,2022,");
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with("A08,=1+1,G2,2022,") {
                let mut f: Vec<&str> = l.split(',').collect();
                f[6] = "";
                f.join(",")
            } else {
                l.to_string()
            }
        })
        .collect();
    w.write("areas.csv", lines.join("\n") + "\n");
    let spec = w.write("t.toml", SPEC);
    w.run(&[
        "report",
        "--model",
        spec.to_str().unwrap(),
        "--out",
        "out",
        "--no-plots",
        "--year",
        "2022",
    ])
    .ok();
    let areas = w.read("out/t/2022/areas.csv");
    for cell in ["'=HYPERLINK(", "'+1+2", "'@SUM(A1)", "'-2+3"] {
        assert!(areas.contains(cell), "{cell} not neutralised:\n{areas}");
    }
    // Numbers keep their sign: negative residuals are not prefixed.
    assert!(areas.contains(",-"), "{areas}");
    let excluded = w.read("out/t/2022/excluded.csv");
    assert!(excluded.contains("A08,'=1+1,"), "{excluded}");
}

// ---- 17. Control characters; SVG safety on structure ----

#[test]
fn control_characters_in_names_are_refused_with_their_line() {
    let w = Work::new();
    let text = panel(good_y).replace("Area 6,G2,2022", "Area\u{1b}[31m 6\u{7},G2,2022");
    let data = w.write("areas.csv", text);
    let r = run_fit(&w, &data, &[]);
    r.fails(&["areas.csv:20", "U+001B", "column 'name'"]);
    assert!(!r.stderr.contains('\u{1b}'), "raw ESC reached the terminal");
}

#[test]
fn charts_whose_labels_mention_src_or_http_stay_in_the_report() {
    let w = Work::new();
    let text = panel(good_y)
        .replace("Area 0,", "See http: src=here,")
        .replace("Area 1,", "<script>x</script>,");
    w.write("areas.csv", text);
    let spec = w.write("t.toml", SPEC);
    w.run(&[
        "report",
        "--model",
        spec.to_str().unwrap(),
        "--out",
        "out",
        "--year",
        "2022",
    ])
    .ok();
    let html = w.read("out/t/2022/report.html");
    // The label must be inside an inline chart, not only in the tables: the
    // old text filter dropped every chart whose labels contained `src=`.
    let charts: Vec<&str> = html
        .split("<svg")
        .skip(1)
        .map(|c| c.split("</svg>").next().unwrap_or(""))
        .collect();
    assert!(!charts.is_empty(), "no inline chart at all");
    assert!(
        charts.iter().any(|c| c.contains("src=here")),
        "no inline chart carries the label 'See http: src=here'"
    );
    assert!(html.contains("src=here"), "the label is in the page");
    assert!(!html.contains("<script>x"), "data text is escaped");
}

// ---- 18. Messages that named the wrong place or nothing ----

#[test]
fn cr_only_line_endings_report_the_right_line() {
    let w = Work::new();
    let text = panel(good_y).replace("A09,Area 9,G2,2021,", "A09,Area 9,G2,20x1,");
    let data = w.write("areas.csv", text.replace('\n', "\r"));
    run_fit(&w, &data, &[]).fails(&["areas.csv:11", "20x1"]);
}

#[test]
fn forty_thousand_character_name_names_line_and_column() {
    let w = Work::new();
    let long = "x".repeat(40_000);
    let text = panel(good_y).replace("Area 3,G1,2021", &format!("{long},G1,2021"));
    let data = w.write("areas.csv", text);
    run_fit(&w, &data, &[]).fails(&["areas.csv:5", "column 'name'", "40000 characters"]);
}

#[test]
fn missing_data_file_of_a_spec_says_paths_start_at_the_spec() {
    let w = Work::new();
    let spec = w.write("specs/t.toml", SPEC.replace("areas.csv", "nowhere.csv"));
    w.run(&["validate", "--model", spec.to_str().unwrap()])
        .fails(&["nowhere.csv", "spec's own folder"]);
}

#[test]
fn json_with_byte_order_mark_imports() {
    let w = Work::new();
    let file = w.write(
        "k.json",
        "\u{feff}{\"count\":1,\"values\":[{\"kpi\":\"N31807\",\"municipality\":\"0180\",\"period\":2022,\"values\":[{\"gender\":\"T\",\"value\":2.08}]}]}",
    );
    w.run(&[
        "import",
        "kolada-json",
        "--from",
        file.to_str().unwrap(),
        "--out",
        "k.csv",
    ])
    .ok();
    assert!(w.read("k.csv").contains("2.08"));
}

#[test]
fn latin1_spec_names_the_line() {
    let w = Work::new();
    w.write("areas.csv", panel(good_y));
    let mut bytes = SPEC
        .replace("title = \"T\"", "title = \"Malm\u{f6}\"")
        .into_bytes();
    let at = bytes.windows(2).position(|p| p == [0xC3, 0xB6]).unwrap();
    bytes.splice(at..at + 2, [0xF6]);
    let spec = w.write("t.toml", bytes);
    w.run(&["validate", "--model", spec.to_str().unwrap()])
        .fails(&["t.toml:2", "not UTF-8", "0xF6"]);
}

#[test]
fn out_naming_a_file_says_so_once() {
    let w = Work::new();
    w.write("areas.csv", panel(good_y));
    let spec = w.write("t.toml", SPEC);
    w.write("taken", "a file");
    let r = w.run(&[
        "report",
        "--model",
        spec.to_str().unwrap(),
        "--out",
        "taken",
        "--no-plots",
    ]);
    r.fails(&["--out taken: this is a file, not a folder"]);
    assert!(r.stderr.matches("os error").count() <= 1, "{}", r.stderr);
}

#[test]
fn covariate_named_year_says_it_is_the_year_column() {
    let w = Work::new();
    w.write("areas.csv", panel(good_y));
    let spec = w.write("t.toml", SPEC.replace("\"b\"", "\"Year\""));
    w.run(&["validate", "--model", spec.to_str().unwrap()])
        .fails(&["column 'Year'", "read as the year"]);
}

#[test]
fn broken_unrelated_spec_in_models_does_not_block_a_named_spec_file() {
    let w = Work::new();
    w.write("areas.csv", panel(good_y));
    w.write("models/broken.toml", "this is = = not toml");
    let spec = w.write("t.toml", SPEC);
    w.run(&["validate", "--model", spec.to_str().unwrap()]).ok();
}

// ---- 19. simulate with more cities than it has names for ----

#[test]
fn simulate_with_five_cities_gives_unique_ids() {
    let w = Work::new();
    w.run(&[
        "simulate", "--out", "sim.csv", "--cities", "5", "--areas", "60", "--from", "2021", "--to",
        "2022",
    ])
    .ok();
    let text = w.read("sim.csv");
    let mut ids: Vec<(String, String)> = text
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[1].to_string(), f[3].to_string())
        })
        .collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate (id, year)");
    w.run(&[
        "fit",
        "--data",
        "sim.csv",
        "--outcome",
        "bistand_kr_inv",
        "--covariates",
        "nyanlanda_pct",
        "--year",
        "2022",
    ])
    .ok();
}

// ---- 20. Resource limits ----

#[test]
fn absurd_thread_count_is_refused_at_once() {
    let w = Work::new();
    w.write("areas.csv", panel(good_y));
    let spec = w.write("t.toml", SPEC);
    let t0 = std::time::Instant::now();
    w.run(&[
        "report",
        "--model",
        spec.to_str().unwrap(),
        "--out",
        "out",
        "--threads",
        "100000",
    ])
    .fails(&["--threads 100000", "at most 1024"]);
    assert!(t0.elapsed().as_secs() < 10);
    assert!(!w.path("out").exists());
}

/// A shift or noise that is not a finite number was written into the file
/// as `NaN` and `inf` cells; now each is refused, naming the flag, and no
/// file is written.
#[test]
fn simulate_refuses_shifts_and_noise_that_are_not_finite() {
    let w = Work::new();
    for (flag, value, says) in [
        ("--outlier-sd", "nan", "--outlier-sd NaN"),
        ("--outlier-sd", "inf", "--outlier-sd inf"),
        ("--outlier-sd=-inf", "", "--outlier-sd -inf"),
        ("--sigma", "1e308", "--sigma 1e308"),
    ] {
        let mut args = vec!["simulate", "--out-file", "sim.csv", flag];
        if !value.is_empty() {
            args.push(value);
        }
        w.run(&args).fails(&[says, "finite"]);
        assert!(!w.path("sim.csv").exists(), "{flag} {value}");
    }
}

#[test]
fn simulate_of_a_hundred_million_areas_is_refused_before_allocating() {
    let w = Work::new();
    w.run(&["simulate", "--out", "sim.csv", "--areas", "100000000"])
        .fails(&["--areas 100000000", "at most"]);
    assert!(!w.path("sim.csv").exists());
}

#[test]
fn validate_rejects_a_constant_covariate_that_a_fit_would_reject() {
    let w = Work::new();
    let text = panel(good_y);
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(k, l)| {
            if k == 0 {
                l.to_string()
            } else {
                let mut f: Vec<&str> = l.split(',').collect();
                f[6] = "4";
                f.join(",")
            }
        })
        .collect();
    w.write("areas.csv", lines.join("\n") + "\n");
    let spec = w.write("t.toml", SPEC);
    w.run(&["validate", "--model", spec.to_str().unwrap()])
        .fails(&["covariate 'b' is constant"]);
}

#[test]
fn ranking_chart_of_many_areas_shows_top_and_bottom_only() {
    let w = Work::new();
    w.run(&[
        "simulate", "--out", "sim.csv", "--cities", "2", "--areas", "700", "--from", "2022",
        "--to", "2022",
    ])
    .ok();
    let spec = w.write(
        "s.toml",
        "name = \"s\"\noutcome = \"bistand_kr_inv\"\ncovariates = [\"nyanlanda_pct\"]\ndata = \"sim.csv\"\n",
    );
    w.run(&["report", "--model", spec.to_str().unwrap(), "--out", "out"])
        .ok();
    let svg = w.path("out/s/2022/plots/deviation-ranking.svg");
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.contains("100 areas not shown") || text.contains("100 områden utelämnade"),
        "no note of omitted areas"
    );
    let height: f64 = text
        .split("height=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse().ok())
        .unwrap();
    assert!(height < 12_000.0, "ranking chart is {height} px tall");
}

/// A name cell with a line break inside quotes (Alt+Enter in Excel) is kept
/// by the loader, as the cell holds it; the terminal's tables and summary
/// lines printed it as is, so the row broke in two ("1  a" / "b  1.0000 …").
/// Every command now prints it on one line, the break read as a space.
#[test]
fn a_line_break_inside_a_name_keeps_each_terminal_row_on_one_line() {
    let w = Work::new();
    let data = panel(|i, year| {
        let y: f64 = good_y(i, year).parse().unwrap();
        // Area 0 deviates most, so every summary names it.
        format!("{}", if i == 0 { y + 6.0 } else { y })
    })
    .replace("A00,Area 0,", "A00,\"Area\n0\",");
    let data = w.write("areas.csv", data);
    w.write("t.toml", SPEC);
    let fit = run_fit(&w, &data, &[]);
    fit.ok().says(&["Area 0"]);
    let report = w.run(&["report", "--model", "t.toml", "--no-plots", "--out", "out"]);
    report.ok().says(&["Area 0"]);
    let trend = w.run(&["trend", "--model", "t.toml", "--out", "out"]);
    trend.ok().says(&["Area 0"]);
    for r in [&fit, &report, &trend] {
        assert!(
            !r.stdout.contains("Area\n") && !r.stderr.contains("Area\n"),
            "a row broken in two:\n{}{}",
            r.stdout,
            r.stderr
        );
    }
}
