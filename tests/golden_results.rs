//! The results of the Gaussian (OLS/WLS) path stay byte-identical: runs the
//! `report` command on the specs and data copied into
//! `tests/fixtures/golden/` and compares every `results.json` and CSV file
//! with the ones the code wrote before the workspace split (see
//! `tests/fixtures/golden/README.md` for the commit and the command).
//!
//! The specs are copies, not `models/*.toml`, so a later change of the shipped
//! specs (another model family, new covariates) does not move this guard.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `(name, arguments)` per line of `runs.txt`.
fn runs() -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/golden/runs.txt")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut words = l.split_whitespace().map(String::from);
            let name = words.next().unwrap();
            (name, words.collect())
        })
        .collect()
}

/// Files under `dir`, as paths relative to it, that the golden set keeps.
fn kept_files(dir: &Path) -> BTreeSet<PathBuf> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeSet<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_path_buf();
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                // model/year/file only (the index files sit at the top)
                if rel.components().count() == 3
                    && (name == "results.json" || name.ends_with(".csv"))
                {
                    out.insert(rel);
                }
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn shipped_specs_give_the_results_written_before_the_split() {
    let tmp = tempfile::tempdir().unwrap();
    let expected_root = root().join("tests/fixtures/golden/expected");
    let mut compared = 0;
    for (name, args) in runs() {
        let out = tmp.path().join(&name);
        let status = Command::new(env!("CARGO_BIN_EXE_modellvarde"))
            .current_dir(root())
            .arg("report")
            .args(&args)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "run {name} failed: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        let expected_dir = expected_root.join(&name);
        let want = kept_files(&expected_dir);
        let got = kept_files(&out);
        assert!(!want.is_empty(), "no golden files for run {name}");
        assert_eq!(want, got, "run {name}: the set of files differs");
        for rel in &want {
            let a = std::fs::read(expected_dir.join(rel)).unwrap();
            let b = std::fs::read(out.join(rel)).unwrap();
            if a != b {
                let at = a
                    .iter()
                    .zip(&b)
                    .position(|(x, y)| x != y)
                    .unwrap_or(a.len().min(b.len()));
                let from = at.saturating_sub(120);
                panic!(
                    "run {name}: {} differs at byte {at}\n  golden: {}\n  now:    {}",
                    rel.display(),
                    String::from_utf8_lossy(&a[from..(at + 120).min(a.len())]),
                    String::from_utf8_lossy(&b[from..(at + 120).min(b.len())]),
                );
            }
            compared += 1;
        }
    }
    // (4 + 2 × 2 + 1) model-years, 4 files each.
    assert!(compared >= 36, "compared only {compared} files");
}
