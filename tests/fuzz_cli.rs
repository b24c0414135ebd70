//! Fuzz-style run of the real binary: random bytes, mutated data files and
//! random specs go to `fit`, `validate` and `report` for a bounded number of
//! cases and a bounded time (about 20 s in a debug build on two cores). The
//! only requirement is the tool's promise: no panic (exit code 101, or
//! "panicked" on stderr) and no death by a signal, whatever the input. The
//! generator is seeded, so a failure names a case that can be replayed with
//! `FUZZ_SEED`.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Most cases per run, and the time after which no new case starts.
const MAX_CASES: usize = 240;
const TIME_BUDGET: Duration = Duration::from_secs(20);

/// Cell texts that have broken the tool before, or could.
const CELLS: &[&str] = &[
    "0",
    "42",
    "-1",
    "1e200",
    "1e-300",
    "1.797e308",
    "-1.797e308",
    "NA",
    "..",
    "",
    "NaN",
    "inf",
    "18,094",
    "9.271",
    "1 234",
    "=HYPERLINK(\"http://x\")",
    "+1",
    "@A1",
    "\u{1b}[31m",
    "\u{7}",
    "\u{0}",
    "x",
    "0180",
    "2022",
    "\r",
    "\"",
    "é",
    "ö",
];

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// A 16-area, 2-year panel with columns y, a, b, pop; some cells replaced by
/// hostile texts, sometimes with raw bytes spliced in or line ends changed.
fn data(rng: &mut ChaCha8Rng) -> Vec<u8> {
    if rng.random_ratio(1, 8) {
        let n = rng.random_range(0..600);
        return (0..n).map(|_| rng.random()).collect();
    }
    let sep = *pick(rng, &[",", ";", "\t"]);
    let mut rows: Vec<Vec<String>> = vec![["id", "name", "group", "year", "y", "a", "b", "pop"]
        .map(String::from)
        .to_vec()];
    for year in [2021, 2022] {
        for i in 0..16 {
            let a = 1.0 + i as f64;
            let b = ((i * 7) % 5) as f64;
            let y = 10.0 + 2.0 * a - b + rng.random_range(-1.0..1.0);
            rows.push(vec![
                format!("A{i:02}"),
                format!("Area {i}"),
                if i % 2 == 0 { "G1" } else { "G2" }.into(),
                year.to_string(),
                format!("{y:.2}"),
                a.to_string(),
                b.to_string(),
                (1000 + 10 * i).to_string(),
            ]);
        }
    }
    for _ in 0..rng.random_range(0..4) {
        let r = rng.random_range(0..rows.len());
        let c = rng.random_range(0..8);
        rows[r][c] = pick(rng, CELLS).to_string();
    }
    if rng.random_ratio(1, 6) {
        // A whole column constant (0 or 42): degenerate outcome or covariate.
        let c = rng.random_range(4..8);
        let v = pick(rng, &["0", "42"]).to_string();
        for r in rows.iter_mut().skip(1) {
            r[c] = v.clone();
        }
    }
    let eol = *pick(rng, &["\n", "\r\n", "\r"]);
    let mut bytes = rows
        .iter()
        .map(|r| r.join(sep))
        .collect::<Vec<_>>()
        .join(eol)
        .into_bytes();
    if rng.random_ratio(1, 6) {
        let at = rng.random_range(0..bytes.len());
        bytes.insert(at, *pick(rng, &[0xF6u8, 0xFF, 0x80]));
    }
    bytes
}

/// A spec over the panel's columns, with random choices of every key, and
/// sometimes random text pieces instead.
fn spec(rng: &mut ChaCha8Rng) -> String {
    let cols = ["y", "a", "b", "pop", "Year", "missing"];
    let mut s = String::from("name = \"f\"\n");
    s.push_str(&format!("outcome = \"{}\"\n", pick(rng, &cols[..4])));
    let k = rng.random_range(0..3);
    let covs: Vec<String> = (0..k)
        .map(|_| {
            // Mostly real covariates, so that most cases reach the fit.
            let pool = if rng.random_ratio(1, 6) {
                &cols[..]
            } else {
                &cols[1..4]
            };
            format!("\"{}\"", pick(rng, pool))
        })
        .collect();
    s.push_str(&format!("covariates = [{}]\n", covs.join(", ")));
    s.push_str("data = \"areas.csv\"\n");
    if rng.random_ratio(1, 3) {
        s.push_str(&format!("weight = \"{}\"\n", pick(rng, &cols)));
    }
    if rng.random_ratio(1, 4) {
        s.push_str("intercept = false\n");
    }
    if rng.random_ratio(1, 3) {
        s.push_str(pick::<&str>(
            rng,
            &[
                "fixed_effects = [\"group\"]\n",
                "fixed_effects = [\"year\"]\npooled = true\n",
                "pooled = true\n",
                "transforms = { a = \"log\" }\n",
                "population = \"pop\"\ntransforms = { b = \"per1000\" }\n",
            ],
        ));
    }
    if rng.random_ratio(1, 3) {
        s.push_str(pick::<&str>(
            rng,
            &[
                "[sample]\nyears = []\n",
                "[sample]\nyears = [2022]\n",
                "[sample]\nyears = { from = 2022, to = 2021 }\n",
                "[sample]\ngroups = [\"G1\"]\n",
                "[sample]\ngroups = [\"NA\"]\n",
            ],
        ));
    }
    if rng.random_ratio(1, 5) {
        s.push_str(pick::<&str>(
            rng,
            &[
                "[flags]\nalpha = 1.5\n",
                "[flags]\nalpha = 0\n",
                "[flags]\nmin_deviation_pct = -1\n",
                "[flags]\ncorrection = \"bh\"\n",
            ],
        ));
    }
    if rng.random_ratio(1, 10) {
        // Damage: cut the text anywhere (on a character boundary).
        let cut = rng.random_range(0..s.len());
        let cut = (0..=cut)
            .rev()
            .find(|&i| s.is_char_boundary(i))
            .unwrap_or(0);
        s.truncate(cut);
    }
    s
}

fn run_case(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_modellvarde"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn random_data_and_specs_never_panic_fit_validate_or_report() {
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_261_201);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let start = Instant::now();
    let mut cases = 0;
    let mut by_exit = std::collections::BTreeMap::<String, usize>::new();
    while cases < MAX_CASES && start.elapsed() < TIME_BUDGET {
        cases += 1;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("areas.csv"), data(&mut rng)).unwrap();
        let spec_text = spec(&mut rng);
        std::fs::write(dir.path().join("f.toml"), &spec_text).unwrap();
        let cmd = rng.random_range(0..4);
        let (args, what): (Vec<&str>, &str) = match cmd {
            0 => {
                let cov = *pick(&mut rng, &["a", "b", "a,b", "pop", "y"]);
                let mut a = vec![
                    "fit",
                    "--data",
                    "areas.csv",
                    "--outcome",
                    "y",
                    "--covariates",
                    cov,
                ];
                if rng.random_ratio(1, 3) {
                    a.extend(["--weight", "pop"]);
                }
                if rng.random_ratio(1, 2) {
                    a.extend(["--year", "2022"]);
                }
                (a, "fit")
            }
            1 => (vec!["validate", "--model", "f.toml"], "validate"),
            2 => (
                vec!["report", "--model", "f.toml", "--out", "out", "--no-plots"],
                "report",
            ),
            _ => (
                vec![
                    "report", "--model", "f.toml", "--out", "out", "--year", "2022",
                ],
                "report with plots",
            ),
        };
        let (code, stderr) = run_case(dir.path(), &args);
        let replay = format!(
            "case {cases} (FUZZ_SEED={seed}): {what}\nspec:\n{spec_text}\nstderr:\n{stderr}"
        );
        assert!(code.is_some(), "killed by a signal: {replay}");
        assert_ne!(code, Some(101), "panic: {replay}");
        assert!(!stderr.contains("panicked"), "panic: {replay}");
        if std::env::var("FUZZ_VERBOSE").is_ok() {
            eprintln!("{what}: {}", stderr.lines().next().unwrap_or(""));
        }
        *by_exit
            .entry(format!("{what} exit {}", code.unwrap_or(-1)))
            .or_default() += 1;
    }
    eprintln!(
        "{cases} cases in {:.1} s: {by_exit:?}",
        start.elapsed().as_secs_f64()
    );
    assert!(cases >= 10, "too few cases ran: {cases}");
}
