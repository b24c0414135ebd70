//! `compare` through the real binary: peers of one area, the whole-table
//! mode, `--json -`, the reference-model view, and bad input.

use std::path::Path;
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Run the binary in the crate root (models/ and data/ are there), charts
/// into a temporary folder.
pub fn run(args: &[&str], out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_modellvarde"))
        .args(args)
        .args(["--out", out.to_str().unwrap()])
        .current_dir(root())
        .output()
        .unwrap()
}

const DATA: [&str; 2] = ["--data", "data/stadsdelar-exempel.csv"];

#[test]
fn peers_of_one_area_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["compare", "--model", "stadsdelar-exempel", "--year", "2022"];
    args.extend(DATA);
    args.extend(["--area", "S04", "--k", "4", "--other-groups", "--json", "-"]);
    let out = run(&args, dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is only JSON");
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0]["id"], "S04");
    assert_eq!(rows[0]["role"], "area");
    let mut last = 0.0;
    for r in &rows[1..] {
        assert_ne!(
            r["group"], "Stockholm",
            "--other-groups keeps Stockholm out"
        );
        let d = r["distance"].as_f64().unwrap();
        assert!(d >= last, "peers nearest first");
        last = d;
        for k in ["actual", "modelled", "deviation", "deviation_pct", "flags"] {
            assert!(r.get(k).is_some(), "missing {k}");
        }
    }
    // S04 is a planted persistent outlier (data/stadsdelar-exempel.truth.json).
    let flags: Vec<&str> = rows[0]["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(flags.contains(&"below_interval"), "{flags:?}");
    let svg = dir.path().join("stadsdelar-exempel/2022/peers-S04.svg");
    assert!(std::fs::read_to_string(svg).unwrap().contains("<svg"));
}

#[test]
fn whole_table_mode_and_determinism() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["compare", "--model", "stadsdelar-exempel-stad"];
    args.extend(DATA);
    args.extend(["--k", "3"]);
    let a = run(&args, dir.path());
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    let text = String::from_utf8(a.stdout.clone()).unwrap();
    assert!(text.contains("peer mean"));
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with(['S', 'M', 'G']))
            .count(),
        34
    );
    let b = run(&args, dir.path());
    assert_eq!(a.stdout, b.stdout);
    let path = dir.path().join("t.json");
    args.extend(["--json", path.to_str().unwrap()]);
    assert!(run(&args, dir.path()).status.success());
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let r = &v[0];
    let gap = r["actual"].as_f64().unwrap() - r["peer_mean_actual"].as_f64().unwrap();
    assert!((gap - r["gap"].as_f64().unwrap()).abs() < 1e-9);
    assert_eq!(r["peers"].as_array().unwrap().len(), 3);
}

#[test]
fn reference_model_agreement() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &[
            "compare",
            "--model",
            "riket-nettokostnad",
            "--year",
            "2022",
            "--reference",
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    // The spec's comment measured a correlation of 0.85 with U31004 in 2022.
    assert!(
        text.contains("correlation 0.84") || text.contains("correlation 0.85"),
        "{text}"
    );
    assert!(dir
        .path()
        .join("riket-nettokostnad/2022/reference.svg")
        .is_file());
    // A spec without a reference column: a clear error.
    let mut args = vec!["compare", "--model", "stadsdelar-exempel", "--reference"];
    args.extend(DATA);
    let out = run(&args, dir.path());
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("names no reference column"));
}

#[test]
fn bad_input_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 4] = [
        (&["--area", "S004"], "did you mean 'S04'?"),
        (&["--area", "S04", "--k", "40"], "has only 33 other areas"),
        (&["--area", "S04", "--k", "0"], "at least one"),
        (&["--year", "1999"], "no fit for this year"),
    ];
    for (extra, want) in cases {
        let mut args = vec!["compare", "--model", "stadsdelar-exempel"];
        args.extend(DATA);
        args.extend(extra);
        let out = run(&args, dir.path());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{extra:?} should fail");
        assert!(err.contains(want), "{extra:?}: {err}");
    }
}

/// The terminal's group column names the group (the county's name in the
/// municipality data), not its code: "01" told a reader nothing.
#[test]
fn the_terminal_names_the_group() {
    let dir = tempfile::tempdir().unwrap();
    for whole in [false, true] {
        let mut args = vec!["compare", "--model", "storstadslanen", "--year", "2022"];
        if !whole {
            args.extend(["--area", "0125"]);
        }
        let out = run(&args, dir.path());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let row = text
            .lines()
            .find(|l| l.contains("Ekerö") && l.split_whitespace().any(|w| w == "0125"))
            .unwrap_or_else(|| panic!("no row for Ekerö:\n{text}"));
        let after_name = row.split_once("Ekerö").unwrap().1;
        assert!(
            after_name.trim_start().starts_with("Region Stockholm "),
            "{row}"
        );
        // Västra Götalandsregionen, the longest group name, is not cut.
        if whole {
            assert!(text.contains("Västra Götalandsregionen "), "{text}");
        }
    }
}

/// A peer without flags ends its line at the percent column: no trailing
/// blanks for a reader to copy along.
#[test]
fn no_line_ends_in_blanks() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["compare", "--model", "stadsdelar-exempel", "--year", "2022"];
    args.extend(DATA);
    args.extend(["--area", "S04", "--k", "4", "--other-groups"]);
    let out = run(&args, dir.path());
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    // G06 is one of S04's peers and trips no flag (README's example).
    assert!(
        text.lines()
            .any(|l| l.contains("G06") && l.trim_end().ends_with("+3.8")),
        "{text}"
    );
    assert!(
        text.lines().all(|l| l == l.trim_end()),
        "a line ends in blanks:\n{text}"
    );
}
