//! Regression tests through the real binary for how `report` writes its
//! folder: a chart that cannot be drawn, a second run on the same folder, a
//! folder that cannot be written. Each test is named after the problem.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_modellvarde");

/// `n` areas in one year; cost = 100 + 50·x + a small deterministic wobble.
fn data_csv(n: usize) -> String {
    let mut s = String::from("id,name,year,cost,x,pop\n");
    for i in 0..n {
        let x = 1.0 + i as f64 * 0.7 + ((i * 7) % 5) as f64 * 0.3;
        let wobble = (((i * 13) % 7) as f64 - 3.0) * 4.0;
        s.push_str(&format!(
            "{:04},Area {i},2022,{},{x},{}\n",
            i + 1,
            100.0 + 50.0 * x + wobble,
            1000 + 100 * i
        ));
    }
    s
}

const SPEC: &str = r#"
name = "small"
title = "Small model"
outcome = "cost"
covariates = ["x"]
[sample]
years = { from = 2022, to = 2022 }
[flags]
alpha = 0.05
correction = "bonferroni"
min_deviation_pct = 5
"#;

fn workdir(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("data.csv"), data_csv(n)).unwrap();
    fs::create_dir(dir.path().join("models")).unwrap();
    fs::write(dir.path().join("models/small.toml"), SPEC).unwrap();
    dir
}

fn report(dir: &Path) -> Output {
    Command::new(BIN)
        .args([
            "report",
            "--data",
            "data.csv",
            "--out",
            "out",
            "--threads",
            "1",
        ])
        .current_dir(dir)
        .output()
        .expect("run modellvarde")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn a_chart_that_cannot_be_drawn_leaves_a_note_and_the_report_is_written() {
    // n = p + 1: one residual degree of freedom, so the studentized
    // residuals (QQ plot, leverage plot) are undefined.
    let dir = workdir(3);
    let out = report(dir.path());
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "exit {:?}: {stderr}", out.status);
    let html = fs::read_to_string(dir.path().join("out/small/2022/report.html"))
        .expect("report.html written although a chart could not be drawn");
    assert!(
        html.contains("Diagrammet kunde inte ritas"),
        "no note in the page"
    );
    assert!(
        stderr.contains("not drawn"),
        "the note is not on the terminal: {stderr}"
    );
    assert!(dir.path().join("out/small/2022/results.json").is_file());
    let index = fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    assert!(index.contains("small/2022/report.html"));
}

#[test]
fn a_second_run_on_the_same_folder_stops_with_a_clear_message() {
    let dir = workdir(20);
    fs::create_dir(dir.path().join("out")).unwrap();
    // A run in progress holds the lock.
    fs::write(dir.path().join("out/.modellvarde.lock"), "12345\n").unwrap();
    let out = report(dir.path());
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("another report run is writing to out"),
        "{stderr}"
    );
    assert!(stderr.contains(".modellvarde.lock"), "{stderr}");
    assert!(
        !dir.path().join("out/small").exists(),
        "wrote beside the other run"
    );
    // The lock is the other run's: left alone.
    assert!(dir.path().join("out/.modellvarde.lock").is_file());
}

#[test]
fn a_rerun_replaces_each_year_folder_as_a_whole() {
    let dir = workdir(20);
    assert!(report(dir.path()).status.success());
    let year = dir.path().join("out/small/2022");
    fs::write(year.join("left-from-an-older-run.txt"), "old").unwrap();
    let out = report(dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(year.join("results.json").is_file());
    assert!(
        !year.join("left-from-an-older-run.txt").exists(),
        "the folder was written file by file over the old one"
    );
    let siblings: Vec<String> = fs::read_dir(dir.path().join("out/small"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(siblings, vec!["2022".to_string()], "temporary folders left");
    assert!(
        !dir.path().join("out/.modellvarde.lock").exists(),
        "lock not released"
    );
}

#[test]
fn a_folder_that_cannot_be_written_is_named_and_not_linked() {
    let dir = workdir(20);
    fs::create_dir(dir.path().join("out")).unwrap();
    // A file where the model's folder should go: nothing can be written there.
    fs::write(dir.path().join("out/small"), "in the way").unwrap();
    let out = report(dir.path());
    let stderr = text(&out.stderr);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stderr.contains("small 2022: not written"), "{stderr}");
    assert!(stdout.contains("wrote 0 of 1 result folder(s)"), "{stdout}");
    let index = fs::read_to_string(dir.path().join("out/index.md")).unwrap();
    assert!(
        !index.contains("small/2022/"),
        "index links what is missing: {index}"
    );
    assert!(index.contains("small 2022: not written"), "{index}");
}

#[test]
fn an_unchanged_folder_is_kept_and_a_changed_one_redrawn() {
    let dir = workdir(20);
    let first = report(dir.path());
    assert!(first.status.success(), "{}", text(&first.stderr));
    let year = dir.path().join("out/small/2022");
    let html = year.join("report.html");
    let before = fs::read(&html).unwrap();
    let stamp = fs::metadata(&html).unwrap().modified().unwrap();
    // Same data, spec, language and program: the folder is kept as it is.
    let again = report(dir.path());
    let said = text(&again.stdout);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(said.contains("1 unchanged since the last run"), "{said}");
    assert_eq!(fs::metadata(&html).unwrap().modified().unwrap(), stamp);
    // A file missing from the folder: it is written again, the same bytes.
    fs::remove_file(&html).unwrap();
    let out = report(dir.path());
    assert!(
        !text(&out.stdout).contains("unchanged"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(fs::read(&html).unwrap(), before);
    // Changed data: redrawn.
    let data = data_csv(20).replace("Area 3,", "Area three,");
    fs::write(dir.path().join("data.csv"), data).unwrap();
    let out = report(dir.path());
    assert!(
        !text(&out.stdout).contains("unchanged"),
        "{}",
        text(&out.stdout)
    );
    assert!(fs::read_to_string(&html).unwrap().contains("Area three"));
    // Another language: redrawn.
    let out = Command::new(BIN)
        .args([
            "report", "--data", "data.csv", "--out", "out", "--lang", "en",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        !text(&out.stdout).contains("unchanged"),
        "{}",
        text(&out.stdout)
    );
}
