//! Helpers shared by the integration tests: the binary under test and how to
//! run it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_modellvarde");

/// Run the binary with `args` in the folder `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run modellvarde")
}

/// A fresh temporary working folder, removed when the guard drops.
#[allow(dead_code)]
pub fn workdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary folder")
}

/// Every file under `dir` (recursively), sorted by path.
pub fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(all_files(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}
