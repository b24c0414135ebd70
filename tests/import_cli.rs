//! `modellvarde import` through the real binary: good runs write the tidy CSV
//! atomically and print a summary; each bad input exits non-zero with a message
//! naming the file (and line or key) and what to do.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const RAW: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/raw/kolada-ddf");

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_modellvarde"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/kolada-json")
        .join(name)
}

fn run(cmd: &mut Command) -> (Output, String) {
    let out = cmd.output().expect("run modellvarde");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, err)
}

fn assert_fails(out: &Output, stderr: &str, needles: &[&str]) {
    assert!(!out.status.success(), "expected failure; stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for n in needles {
        assert!(stderr.contains(n), "stderr lacks '{n}': {stderr}");
    }
}

#[test]
fn kolada_ddf_good_run_matches_embedded_data() {
    if !Path::new(RAW).is_dir() {
        println!("note: {RAW} is absent; skipping");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("sub/kommuner.csv");
    let (out, err) = run(bin()
        .args(["import", "kolada-ddf", "--from", RAW, "--out"])
        .arg(&out_file)
        .args(["--from-year", "2010", "--to-year", "2022"]));
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("3770 rows, 290 municipalities, years 2010–2022, 42 columns"),
        "{err}"
    );
    let written = std::fs::read(&out_file).unwrap();
    let shipped =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/kommuner.csv")).unwrap();
    assert!(
        written == shipped,
        "import output differs from data/kommuner.csv"
    );
    // No temporary file left beside the output.
    let names: Vec<_> = std::fs::read_dir(out_file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn kolada_json_good_run() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("kolada.csv");
    let (out, err) = run(bin()
        .args(["import", "kolada-json", "--from"])
        .arg(fixture("n31807.json"))
        .arg("--from")
        .arg(fixture("u31001-page1.json"))
        .arg("--from")
        .arg(fixture("u31001-page2.json"))
        .arg("--out")
        .arg(&out_file));
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("6 rows, 4 municipalities, years 2021–2022, 2 columns"),
        "{err}"
    );
    let text = std::fs::read_to_string(&out_file).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("kommun,kommun_name,lan,lan_name,year,N31807,U31001")
    );
    assert_eq!(
        lines.next(),
        Some("0180,Stockholm,01,Region Stockholm,2021,2.346006,")
    );
    assert!(
        text.contains("\n2584,Kiruna,25,Region Norrbotten,2021,,\n"),
        "{text}"
    );
}

#[test]
fn missing_ddf_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = run(bin()
        .args([
            "import",
            "kolada-ddf",
            "--from",
            "/no/such/kolada-ddf",
            "--out",
        ])
        .arg(dir.path().join("o.csv")));
    assert_fails(
        &out,
        &err,
        &["/no/such/kolada-ddf", "does not exist", "hint:"],
    );
    assert!(!dir.path().join("o.csv").exists());
}

#[test]
fn ddf_folder_without_datapoints() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("ddf");
    std::fs::create_dir_all(d.join("entities")).unwrap();
    std::fs::write(
        d.join("entities/ddf--entities--geo--kommun.csv"),
        "kommun,name,region\n0180,Stockholm,01\n",
    )
    .unwrap();
    std::fs::write(
        d.join("entities/ddf--entities--geo--region.csv"),
        "region,name\n01,Region Stockholm\n",
    )
    .unwrap();
    let (out, err) = run(bin()
        .args(["import", "kolada-ddf", "--from"])
        .arg(&d)
        .arg("--out")
        .arg(dir.path().join("o.csv")));
    assert_fails(&out, &err, &["no datapoint files found", "hint:"]);
}

#[test]
fn reversed_year_range() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = run(bin()
        .args(["import", "kolada-ddf", "--from"])
        .arg(dir.path())
        .args(["--from-year", "2022", "--to-year", "2010", "--out"])
        .arg(dir.path().join("o.csv")));
    assert_fails(&out, &err, &["2022–2010 is empty"]);
}

#[test]
fn malformed_json_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = run(bin()
        .args(["import", "kolada-json", "--from"])
        .arg(fixture("malformed.json"))
        .arg("--out")
        .arg(dir.path().join("o.csv")));
    assert_fails(&out, &err, &["malformed.json:", "not valid JSON", "hint:"]);
    assert!(!dir.path().join("o.csv").exists());
}

#[test]
fn json_value_of_wrong_type_names_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = run(bin()
        .args(["import", "kolada-json", "--from"])
        .arg(fixture("bad-value.json"))
        .arg("--out")
        .arg(dir.path().join("o.csv")));
    assert_fails(
        &out,
        &err,
        &[
            "bad-value.json",
            "values[0].values[0].value",
            "not a number",
        ],
    );
}

#[test]
fn conflicting_json_files() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = run(bin()
        .args(["import", "kolada-json", "--from"])
        .arg(fixture("n31807.json"))
        .arg("--from")
        .arg(fixture("conflict.json"))
        .arg("--out")
        .arg(dir.path().join("o.csv")));
    assert_fails(
        &out,
        &err,
        &["conflict.json", "n31807.json", "different values"],
    );
}

#[test]
fn missing_json_file() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = run(bin()
        .args([
            "import",
            "kolada-json",
            "--from",
            "/no/such/response.json",
            "--out",
        ])
        .arg(dir.path().join("o.csv")));
    assert_fails(&out, &err, &["/no/such/response.json", "cannot read"]);
}

#[test]
fn json_without_from_is_a_usage_error() {
    let (out, err) = run(bin().args(["import", "kolada-json", "--out", "o.csv"]));
    assert_fails(&out, &err, &["--from"]);
}

#[test]
fn unwritable_output_is_named() {
    let dir = tempfile::tempdir().unwrap();
    // A folder where the output file should be.
    let target = dir.path().join("taken");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("keep"), "").unwrap();
    let (out, err) = run(bin()
        .args(["import", "kolada-json", "--from"])
        .arg(fixture("n31807.json"))
        .arg("--out")
        .arg(&target));
    assert_fails(&out, &err, &["taken"]);
}
