//! The analyst's workflow through the real binary: the terminal in the
//! report's language, a cached groups file picked up by `report`, the views
//! over the years in a single-year run, the README's walk from a Swedish
//! Excel-style file to the report, and the report on a phone-sized screen.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run_env(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_modellvarde"));
    c.args(args).current_dir(dir);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run modellvarde")
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    // Never the user's own cache: a cached groups file would change the run.
    let none = dir.join(".no-cache");
    run_env(dir, args, &[("XDG_CACHE_HOME", &none)])
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status,
        text(&o.stdout),
        text(&o.stderr)
    );
    text(&o.stdout) + &text(&o.stderr)
}

fn spec() -> String {
    root()
        .join("models/stadsdelar-exempel.toml")
        .display()
        .to_string()
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `report --year 2022` wrote a report with no views over the years: the
/// change decomposition, persistence and the deviation chart need the
/// model's earlier years, which a single-year run did not fit. Now it fits
/// them as context, so the 2022 views equal those of the full run.
#[test]
fn single_year_run_lost_the_decomposition() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = spec();
    ok(&run_in(
        d,
        &[
            "report",
            "--model",
            &s,
            "--year",
            "2022",
            "--no-plots",
            "--out",
            "one",
        ],
    ));
    ok(&run_in(
        d,
        &["report", "--model", &s, "--no-plots", "--out", "all"],
    ));
    let one = json(&d.join("one/stadsdelar-exempel/2022/results.json"));
    let all = json(&d.join("all/stadsdelar-exempel/2022/results.json"));
    let dc = &one["cross_city"]["change_decomposition"];
    assert!(dc.is_object(), "no decomposition: {}", one["cross_city"]);
    assert_eq!(dc, &all["cross_city"]["change_decomposition"]);
    assert_eq!(one["cross_city"]["trend"], all["cross_city"]["trend"]);
    assert!(one["cross_city"]["trend"].is_object());
    // Only the year asked for is written.
    let years: Vec<String> = std::fs::read_dir(d.join("one/stadsdelar-exempel"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(years, ["2022"]);
    let md = std::fs::read_to_string(d.join("one/stadsdelar-exempel/2022/report.md")).unwrap();
    assert!(md.contains("2013–2022"), "{md}");
}
