//! `allocate`: exact totals (property tests on the largest-remainder rule)
//! and the command through the real binary.

use std::path::Path;
use std::process::{Command, Output};

use modellvarde::allocate::largest_remainder;
use proptest::prelude::*;

proptest! {
    #[test]
    fn amounts_sum_to_the_budget_exactly(
        budget in 1i64..=1_000_000_000_000,
        weights in prop::collection::vec(0.0f64..1e9, 1..60),
    ) {
        prop_assume!(weights.iter().sum::<f64>() > 0.0);
        let ids: Vec<String> = (0..weights.len()).map(|i| format!("{i:03}")).collect();
        let a = largest_remainder(budget, &weights, &ids).unwrap();
        prop_assert_eq!(a.iter().sum::<i64>(), budget);
        let total: f64 = weights.iter().sum();
        for (amount, w) in a.iter().zip(&weights) {
            prop_assert!(*amount >= 0);
            let quota = budget as f64 * w / total;
            // Within one krona of the quota (plus float slack on huge budgets).
            prop_assert!((*amount as f64 - quota).abs() <= 1.0 + quota * 1e-12 + 1e-6,
                "amount {} quota {}", amount, quota);
            if *w == 0.0 {
                prop_assert_eq!(*amount, 0);
            }
        }
    }

    #[test]
    fn ties_are_broken_by_id(n in 2usize..20, budget in 1i64..1000) {
        let ids: Vec<String> = (0..n).map(|i| format!("{i:03}")).collect();
        let a = largest_remainder(budget, &vec![1.0; n], &ids).unwrap();
        // Equal weights: the extra kronor go to the smallest ids.
        let base = budget / n as i64;
        let extra = (budget % n as i64) as usize;
        for (i, v) in a.iter().enumerate() {
            prop_assert_eq!(*v, base + i64::from(i < extra));
        }
    }
}

fn run(args: &[&str], out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_modellvarde"))
        .args(args)
        .args(["--out", out.to_str().unwrap()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

const BASE: [&str; 5] = [
    "allocate",
    "--model",
    "stadsdelar-exempel",
    "--data",
    "data/stadsdelar-exempel.csv",
];

#[test]
fn allocation_json_is_exact_and_has_the_contract_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = BASE.to_vec();
    args.extend([
        "--budget",
        "28000000",
        "--group",
        "Malmö",
        "--basis",
        "malgrupp_antal",
        "--compare-basis",
        "--json",
        "-",
    ]);
    let out = run(&args, dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 11, "the Malmö districts of the example");
    let sum: i64 = rows.iter().map(|r| r["amount"].as_i64().unwrap()).sum();
    assert_eq!(sum, 28_000_000);
    let need: i64 = rows
        .iter()
        .map(|r| r["need_amount"].as_i64().unwrap())
        .sum();
    assert_eq!(need, 28_000_000);
    for r in rows {
        for k in ["id", "name", "basis", "share", "amount"] {
            assert!(r.get(k).is_some(), "missing {k}");
        }
        assert!(r["id"].as_str().unwrap().starts_with('M'));
    }
    assert!(dir
        .path()
        .join("stadsdelar-exempel/2022/allocation.svg")
        .is_file());

    // Modelled need over all 34 districts, printed table ends with the total.
    let mut args = BASE.to_vec();
    args.extend(["--budget", "1 000 000 000"]);
    let out = run(&args, dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines().last().unwrap().contains("1 000 000 000"),
        "{text}"
    );
}

#[test]
fn bad_input_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 6] = [
        (&["--budget", "0"], "more than 0"),
        (&["--budget", "-5000"], "more than 0"),
        (&["--budget", "12.5"], "not a whole number"),
        (
            &["--budget", "1000", "--basis", "malgrupp_antl"],
            "did you mean 'malgrupp_antal'?",
        ),
        (
            &["--budget", "1000", "--compare-basis"],
            "--compare-basis needs --basis COLUMN",
        ),
        (
            &["--budget", "1000", "--group", "Malmo"],
            "did you mean 'Malmö'?",
        ),
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
