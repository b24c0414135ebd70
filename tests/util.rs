//! Helpers shared by the integration tests: the binary under test and how to
//! run it.

use std::path::Path;
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
