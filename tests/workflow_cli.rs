//! Regression tests through the real binary for the workflow defects a new
//! user met with their own files: one CLI (flags that meant different things
//! in different commands), the Swedish CSV dialect, a missing unit, warnings
//! from `validate` and `select`, errors that name what to change.

use std::path::Path;
use std::process::{Command, Output};

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_modellvarde"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn run(args: &[&str]) -> Output {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn example() -> String {
    format!("{}/data/stadsdelar-exempel.csv", env!("CARGO_MANIFEST_DIR"))
}

/// The example panel, 2022 only, first `n` rows, with the given header
/// renames; cells of `blank` (column) emptied in the first `k` rows.
fn small_csv(
    dir: &Path,
    file: &str,
    n: usize,
    rename: &[(&str, &str)],
    blank: Option<(&str, usize)>,
) {
    let src = std::fs::read_to_string(example()).unwrap();
    let mut lines = src.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(|h| {
            rename
                .iter()
                .find(|(a, _)| *a == h)
                .map_or(h.to_string(), |(_, b)| b.to_string())
        })
        .collect();
    let col = blank.map(|(c, _)| header.iter().position(|h| h == c).unwrap());
    let mut out = header.join(",") + "\n";
    for (i, l) in lines.filter(|l| l.contains(",2022,")).take(n).enumerate() {
        let mut cells: Vec<&str> = l.split(',').collect();
        if let (Some(c), Some((_, k))) = (col, blank) {
            if i < k {
                cells[c] = "";
            }
        }
        out += &(cells.join(",") + "\n");
    }
    std::fs::write(dir.join(file), out).unwrap();
}

#[test]
fn fit_id_column_was_accepted_and_ignored() {
    let base = [
        "fit",
        "--data",
        "data/stadsdelar-exempel.csv",
        "--year",
        "2022",
        "--outcome",
        "bistand_kr_inv",
        "--covariates",
        "nyanlanda_pct",
        "--json",
        "-",
    ];
    let ids = |flag: &str| {
        let mut a = base.to_vec();
        a.extend([flag, "district_id"]);
        let o = run(&a);
        assert!(o.status.success(), "{}", text(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["areas"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let by_long = ids("--id-column");
    assert_eq!(by_long[0], "S01", "--id-column must name the id column");
    assert_eq!(by_long, ids("--id"), "--id is an alias of --id-column");
    // Without either flag, areas are numbered by data row (2022 begins at
    // the file's 307th data row).
    let o = run(&base);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["areas"][0]["id"], "307");
}

#[test]
fn repeated_year_pools_in_fit_and_says_so() {
    let o = run(&[
        "fit",
        "--data",
        "data/stadsdelar-exempel.csv",
        "--year",
        "2021",
        "--year",
        "2022",
        "--outcome",
        "bistand_kr_inv",
        "--covariates",
        "nyanlanda_pct",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("pools 2021, 2022 into one fit") && err.contains("report fits each year"),
        "{err}"
    );
    assert!(text(&o.stdout).contains("n = 68"), "34 areas × 2 years");
}

#[test]
fn allocate_group_takes_a_name_and_groups_every_kronor_figure() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let by = |g: &str| {
        let o = run(&[
            "allocate",
            "--model",
            "storstadslanen",
            "--budget",
            "1000000",
            "--group",
            g,
            "--out",
            out,
        ]);
        assert!(o.status.success(), "{}", text(&o.stderr));
        text(&o.stdout)
    };
    let code = by("14");
    assert_eq!(code, by("Västra Götalandsregionen"));
    assert_eq!(code, by("västra götalandsregionen"));
    let o = run(&[
        "allocate",
        "--model",
        "storstadslanen",
        "--budget",
        "1000000",
        "--group",
        "Skåne",
        "--out",
        out,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("12 (Region Skåne)"),
        "{}",
        text(&o.stderr)
    );

    // "1 230 087" beside "74118527": every kronor figure is digit-grouped.
    let o = run(&[
        "allocate",
        "--model",
        "stadsdelar-exempel",
        "--budget",
        "28000000",
        "--group",
        "Malmö",
        "--basis",
        "malgrupp_antal",
        "--compare-basis",
        "--out",
        out,
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let table = text(&o.stdout);
    let m01 = table.lines().find(|l| l.starts_with("M01")).unwrap();
    assert!(
        m01.contains(" 1 230 087 ") && m01.contains(" 74 118 527 ") && m01.contains("-115 994"),
        "{m01}"
    );
    assert!(!m01.contains("74118527"), "{m01}");
}

#[test]
fn trend_printed_minus_zero() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&[
        "trend",
        "--model",
        "stadsdelar-exempel",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let table = text(&o.stdout);
    // The example has deviations between -0.5 and 0 (G06 2015: -0.4 %).
    let g06 = table.lines().find(|l| l.starts_with("G06")).unwrap();
    assert!(g06.contains(" 0 "), "{g06}");
    for cell in table.split_whitespace() {
        let digits = cell.trim_end_matches(['▲', '▼']);
        assert!(
            !(digits.starts_with("-0") && digits[2..].chars().all(|c| c == '.' || c == '0')),
            "negative zero printed: {cell}"
        );
    }
}

#[test]
fn out_is_a_folder_and_out_file_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(
        dir.path(),
        &["simulate", "--out-file", "sim.csv", "--seed", "1"],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(dir.path().join("sim.csv").is_file());
    assert!(!text(&o.stderr).contains("deprecated"));
    // The old spelling still works, with a note.
    let o = run_in(dir.path(), &["simulate", "--out", "old.csv", "--seed", "1"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(dir.path().join("old.csv").is_file());
    assert!(
        text(&o.stderr).contains("--out is deprecated here"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(
        std::fs::read(dir.path().join("sim.csv")).unwrap(),
        std::fs::read(dir.path().join("old.csv")).unwrap()
    );
}

#[test]
fn error_printed_its_prefix_twice_and_cv_names_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&[
        "report",
        "--model",
        "storstadslanen",
        "--year",
        "2022",
        "--cv",
        "200",
        "--no-plots",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert_eq!(err.matches("storstadslanen 2022:").count(), 1, "{err}");
    assert!(err.contains("lower --cv to at most 107"), "{err}");
}

#[test]
fn areas_csv_in_the_swedish_excel_dialect() {
    let dir = tempfile::tempdir().unwrap();
    let report = |sub: &str, extra: &[&str]| {
        let out = dir.path().join(sub);
        let mut a = vec![
            "report",
            "--model",
            "stadsdelar-exempel",
            "--year",
            "2022",
            "--no-plots",
            "--out",
            out.to_str().unwrap(),
        ];
        a.extend(extra);
        let o = run(&a);
        assert!(o.status.success(), "{}", text(&o.stderr));
        std::fs::read(out.join("stadsdelar-exempel/2022/areas.csv")).unwrap()
    };
    let plain = report("plain", &[]);
    let sv = report("sv", &["--csv-dialect", "sv"]);
    assert!(!plain.starts_with(b"\xEF\xBB\xBF"));
    assert!(
        sv.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 byte-order mark first"
    );
    let sv = std::str::from_utf8(&sv[3..]).unwrap();
    let plain = std::str::from_utf8(&plain).unwrap();
    assert!(sv.starts_with("id;name;group;"), "{}", &sv[..40]);
    // Cell by cell: the same values, numbers with a decimal comma.
    let cells = |s: &str, d: u8| {
        csv::ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .from_reader(s.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    };
    let (p, s) = (cells(plain, b','), cells(sv, b';'));
    assert_eq!(p.len(), s.len());
    let actual = p[0].iter().position(|h| h == "actual").unwrap();
    let mut commas = 0;
    for (pr, sr) in p.iter().zip(&s).skip(1) {
        assert_eq!(pr.len(), sr.len());
        for (a, b) in pr.iter().zip(sr) {
            if a.parse::<f64>().is_ok() && a.contains('.') && !a.is_empty() {
                assert_eq!(b.replace(',', "."), *a);
                assert!(!b.contains('.'), "{b}");
                commas += 1;
            } else if !a.contains('.') {
                assert_eq!(a, b);
            }
        }
        assert!(sr[actual].contains(',') || !pr[actual].contains('.'));
    }
    assert!(commas > 100, "numbers with decimals: {commas}");
}

#[test]
fn missing_unit_left_the_total_column_empty_silently() {
    let dir = tempfile::tempdir().unwrap();
    small_csv(
        dir.path(),
        "own.csv",
        34,
        &[("bistand_kr_inv", "Bistånd kr/inv")],
        None,
    );
    std::fs::write(
        dir.path().join("own.toml"),
        "name = \"own\"\noutcome = \"Bistånd kr/inv\"\nweight = \"population\"\ncovariates = [\"arbetslosa_utan_ers_pct\", \"nyanlanda_pct\"]\n",
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &[
            "report",
            "--data",
            "own.csv",
            "--model",
            "./own.toml",
            "--no-plots",
            "--out",
            "out",
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("warning: own: the outcome 'Bistånd kr/inv' has no unit")
            && err.contains("[units] \"Bistånd kr/inv\" = \"kr/inv\""),
        "{err}"
    );
    let r: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("out/own/2022/results.json")).unwrap(),
    )
    .unwrap();
    let w = r["fit"]["warnings"].as_array().unwrap();
    assert!(
        w.iter()
            .any(|w| w.as_str().unwrap().contains("has no unit")),
        "{w:?}"
    );
    let md = std::fs::read_to_string(dir.path().join("out/own/2022/report.md")).unwrap();
    assert!(md.contains("Utfall: Bistånd kr/inv\n"), "{}", &md[..300]);
    assert!(!md.contains("Bistånd kr/inv (Bistånd kr/inv)"));

    // With the unit the warning is gone and the total is there.
    std::fs::write(
        dir.path().join("own.toml"),
        "name = \"own\"\noutcome = \"Bistånd kr/inv\"\nweight = \"population\"\ncovariates = [\"arbetslosa_utan_ers_pct\", \"nyanlanda_pct\"]\n[units]\n\"Bistånd kr/inv\" = \"kr/inv\"\n",
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &[
            "report",
            "--data",
            "own.csv",
            "--model",
            "./own.toml",
            "--no-plots",
            "--out",
            "out2",
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(!text(&o.stderr).contains("has no unit"));
    let r: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("out2/own/2022/results.json")).unwrap(),
    )
    .unwrap();
    assert!(r["areas"][0]["deviation_total"].is_number());
}

#[test]
fn validate_is_silent_when_years_run_past_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let spec = std::fs::read_to_string(format!(
        "{}/models/storstadslanen.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .replace("to = 2022", "to = 2025");
    assert!(spec.contains("to = 2025"));
    std::fs::write(dir.path().join("s.toml"), spec).unwrap();
    let o = run_in(dir.path(), &["validate", "--model", "./s.toml"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("warning: sample.years runs 2013–2025 but the data has years 2010–2022: 2023–2025 have no data"),
        "{out}"
    );
    let o = run(&["validate", "--model", "storstadslanen"]);
    assert!(!text(&o.stdout).contains("warning: sample.years"));
}

#[test]
fn select_warns_of_lost_rows_and_thin_models() {
    let dir = tempfile::tempdir().unwrap();
    small_csv(
        dir.path(),
        "small.csv",
        10,
        &[],
        Some(("malgrupp_antal", 3)),
    );
    std::fs::write(
        dir.path().join("small.toml"),
        "name = \"small\"\noutcome = \"bistand_kr_inv\"\nweight = \"population\"\ncovariates = [\"arbetslosa_utan_ers_pct\"]\n[units]\nbistand_kr_inv = \"kr/inv\"\n",
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &[
            "select",
            "--model",
            "./small.toml",
            "--data",
            "small.csv",
            "--candidates",
            "nyanlanda_pct,lag_utbildning_pct,ensamhushall_pct,hyresratter_pct,malgrupp_antal",
            "--cv",
            "0",
            "--top",
            "3",
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("warning: candidate malgrupp_antal is missing for 3 of the 10 areas"),
        "{out}"
    );
    assert!(
        out.contains("residual degrees of freedom (n = 7 areas"),
        "{out}"
    );
}

#[test]
fn too_few_rows_names_the_covariates_that_removed_them() {
    let dir = tempfile::tempdir().unwrap();
    small_csv(
        dir.path(),
        "small.csv",
        10,
        &[],
        Some(("malgrupp_antal", 3)),
    );
    std::fs::write(
        dir.path().join("few.toml"),
        "name = \"few\"\noutcome = \"bistand_kr_inv\"\ncovariates = [\"arbetslosa_utan_ers_pct\", \"nyanlanda_pct\", \"lag_utbildning_pct\", \"ensamhushall_pct\", \"hyresratter_pct\", \"malgrupp_antal\"]\n",
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &[
            "report",
            "--model",
            "./few.toml",
            "--data",
            "small.csv",
            "--no-plots",
            "--out",
            "o",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("too few rows: n = 7")
            && err.contains("3 row(s) excluded, by missing values in malgrupp_antal (3)")
            && err.contains("drop the covariates that remove the most rows"),
        "{err}"
    );
}

#[test]
fn trend_called_planted_persistent_g05_occasional() {
    // data/stadsdelar-exempel.truth.json plants +6 noise sd at G05 and about
    // −6 sd at S04 in every year; nothing else is planted as persistent.
    let truth: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/data/stadsdelar-exempel.truth.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    let planted: Vec<&str> = truth["outliers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["kind"] == "persistent")
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(planted, ["G05", "S04"]);
    let dir = tempfile::tempdir().unwrap();
    for model in ["stadsdelar-exempel", "stadsdelar-exempel-stad"] {
        let o = run(&[
            "trend",
            "--model",
            model,
            "--json",
            "-",
            "--out",
            dir.path().to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", text(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let persistent: Vec<(&str, &str)> = v
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["status"] == "persistent")
            .map(|r| (r["id"].as_str().unwrap(), r["direction"].as_str().unwrap()))
            .collect();
        assert_eq!(
            persistent,
            [("G05", "above"), ("S04", "below")],
            "{model}: exactly the planted persistent districts"
        );
        // G05 is flagged by the yearly interval in only 2–3 of the last 5
        // years: the combined rule is what finds it.
        let g05 = v
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "G05")
            .unwrap();
        assert!(g05["flagged_in_window"].as_u64().unwrap() < 3, "{g05}");
    }
}
