//! `trend` through the real binary: persistent outliers separated from
//! one-year blips (against the planted truth of the example data), the change
//! decomposition adds up, `--json -`, and bad input.

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str], out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_modellvarde"))
        .args(args)
        .args(["--out", out.to_str().unwrap()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

const BASE: [&str; 5] = [
    "trend",
    "--model",
    "stadsdelar-exempel",
    "--data",
    "data/stadsdelar-exempel.csv",
];

#[test]
fn persistent_outliers_and_decomposition() {
    let dir = tempfile::tempdir().unwrap();
    for convention in ["own", "common"] {
        let mut args = BASE.to_vec();
        args.extend(["--json", "-", "--convention", convention]);
        let out = run(&args, dir.path());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let rows = v.as_array().unwrap();
        assert_eq!(rows.len(), 34);
        let status = |id: &str| {
            rows.iter().find(|r| r["id"] == id).unwrap()["status"]
                .as_str()
                .unwrap()
                .to_string()
        };
        // Planted (data/stadsdelar-exempel.truth.json): S04 shifted down in
        // every year; S08 up in 2018 only, outside the last-5-years window.
        assert_eq!(status("S04"), "persistent");
        let s04 = rows.iter().find(|r| r["id"] == "S04").unwrap();
        assert_eq!(s04["direction"], "below");
        assert_ne!(status("S08"), "persistent");
        assert!(s04["flagged_years"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!(2018)));
        // Change decomposition: actual = structure + model + deviation, exactly.
        for r in rows {
            let c = &r["change"];
            let f = |k: &str| c[k].as_f64().unwrap();
            let sum = f("structure") + f("model_change") + f("deviation_change");
            assert!(
                (f("change_actual") - sum).abs() < 1e-6,
                "{convention} {}: {} vs {sum}",
                r["id"],
                f("change_actual")
            );
        }
        if convention == "common" {
            // With fixed coefficients the model part is the year effect: the
            // same for every area.
            let m0 = rows[0]["change"]["model_change"].as_f64().unwrap();
            for r in rows {
                assert!((r["change"]["model_change"].as_f64().unwrap() - m0).abs() < 1e-6);
            }
        }
    }
    assert!(dir
        .path()
        .join("stadsdelar-exempel/2022/trend-2013-2022.svg")
        .is_file());
    assert!(dir
        .path()
        .join("stadsdelar-exempel/2022/decomposition-2013-2022-common.svg")
        .is_file());
}

#[test]
fn table_output_and_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = BASE.to_vec();
    args.extend([
        "--from",
        "2018",
        "--to",
        "2022",
        "--min-flagged",
        "2",
        "--window",
        "3",
    ]);
    let out = run(&args, dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("persistent (below)"), "{text}");
    assert!(text.contains("change 2018→2022 (own convention)"));

    let cases: [(&[&str], &str); 4] = [
        (
            &["--window", "20"],
            "--window 20 but the range has only 10 year(s)",
        ),
        (
            &["--min-flagged", "4", "--window", "3"],
            "more than --window 3",
        ),
        (&["--from", "2022", "--to", "2013"], "must be before"),
        (&["--from", "2001"], "no fit for this year"),
    ];
    for (extra, want) in cases {
        let mut args = BASE.to_vec();
        args.extend(extra);
        let out = run(&args, dir.path());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{extra:?} should fail");
        assert!(err.contains(want), "{extra:?}: {err}");
    }
}

/// The table's years stood one place right of their numbers (over the ▲/▼
/// marker), and a year without a value (Nynäshamn has no fit in 2016 on the
/// built-in data) put its "·" there too: now the year, the numbers and the
/// "·" end in the same column.
#[test]
fn a_missing_year_is_marked_in_the_digits_column() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["trend", "--model", "storstadslanen"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
    let header = lines
        .iter()
        .find(|l| l.starts_with(&['i', 'd', ' ']))
        .unwrap_or_else(|| panic!("no header:\n{text}"));
    let header: String = header.iter().collect();
    // Years are right-aligned in their column, as the numbers are.
    let last_digit = header.find("2016").expect("2016 in the header") + 3;
    let row = lines
        .iter()
        .find(|l| l.starts_with(&['0', '1', '9', '2']))
        .unwrap_or_else(|| panic!("no row for 0192:\n{text}"));
    assert_eq!(
        row.get(last_digit),
        Some(&'·'),
        "{}",
        row.iter().collect::<String>()
    );
    // And a number's last digit stands under its year (Ekerö has every year).
    let ekero = lines
        .iter()
        .find(|l| l.starts_with(&['0', '1', '2', '5']))
        .unwrap_or_else(|| panic!("no row for 0125:\n{text}"));
    assert!(
        ekero.get(last_digit).is_some_and(char::is_ascii_digit),
        "{header}\n{}",
        ekero.iter().collect::<String>()
    );
}
