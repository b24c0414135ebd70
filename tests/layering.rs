//! The layers hold: the crate graph and the module imports inside the engine
//! run one way only (README, "How the code is laid out").
//!
//! - `contract` depends on serde and serde_json only;
//! - `presentation` depends on `contract`, never on `engine`;
//! - `engine` depends on `contract`, never on `presentation`, and draws and
//!   parses no command line (no plotters, rust_xlsxwriter, clap);
//! - inside the engine, a module of one layer uses no module of a later layer
//!   (error → numerics → data → spec → model → analysis → run).

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The package names in the `[dependencies]` (and target-specific
/// dependencies) of a Cargo.toml; dev-dependencies do not count.
fn dependencies(manifest: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(manifest).unwrap();
    let doc: toml::Table = toml::from_str(&text).unwrap();
    let mut out = Vec::new();
    if let Some(t) = doc.get("dependencies").and_then(|d| d.as_table()) {
        out.extend(t.keys().cloned());
    }
    if let Some(targets) = doc.get("target").and_then(|d| d.as_table()) {
        for t in targets.values() {
            if let Some(d) = t.get("dependencies").and_then(|d| d.as_table()) {
                out.extend(d.keys().cloned());
            }
        }
    }
    out
}

#[test]
fn contract_depends_on_serde_alone() {
    let deps = dependencies(&root().join("crates/contract/Cargo.toml"));
    for d in &deps {
        assert!(
            d == "serde" || d == "serde_json",
            "contract depends on '{d}': the results contract may depend on serde alone"
        );
    }
}

#[test]
fn presentation_does_not_depend_on_the_engine() {
    let deps = dependencies(&root().join("crates/presentation/Cargo.toml"));
    assert!(deps.iter().any(|d| d == "contract"));
    for banned in ["engine", "modellvarde", "clap", "indicatif"] {
        assert!(
            !deps.iter().any(|d| d == banned),
            "presentation depends on '{banned}': it may see the contract only"
        );
    }
}

#[test]
fn engine_neither_draws_nor_parses_arguments() {
    let deps = dependencies(&root().join("crates/engine/Cargo.toml"));
    for banned in [
        "presentation",
        "modellvarde",
        "plotters",
        "plotters-backend",
        "rust_xlsxwriter",
        "clap",
        "indicatif",
        "dejavu",
        "ab_glyph",
        "png",
    ] {
        assert!(
            !deps.iter().any(|d| d == banned),
            "engine depends on '{banned}': drawing, spreadsheets and the command line belong to presentation and the binary"
        );
    }
}

/// The engine's layers, first to last, by their module path under `src/`.
const LAYERS: [&[&str]; 7] = [
    &["error"],
    &["numerics"],
    &["data"],
    &["spec"],
    &["model"],
    &["analysis"],
    &["run", "fetch"],
];

/// Known edges against the layers, each with why it is still there. An entry
/// that no longer occurs fails the test too, so the list only shrinks.
const ALLOWED: &[(&str, &str, &str)] = &[(
    "error.rs",
    "model",
    "Error::Fit wraps model::fit::FitError; FitError moves to error.rs once the fit's bad-input work has landed",
)];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The first path segment after each `crate::` in the code (comments and doc
/// comments skipped).
fn crate_uses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // `use crate::{data::Table, error::Result}` on one line
                let inner = group.split('}').next().unwrap_or("");
                for item in inner.split(',') {
                    let name = item.trim().split("::").next().unwrap_or("").trim();
                    if !name.is_empty() {
                        out.push(name.to_string());
                    }
                }
                continue;
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn engine_modules_use_only_earlier_layers() {
    let src = root().join("crates/engine/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 20, "found only {} engine files", files.len());
    let mut violations = Vec::new();
    let mut allowed_seen = vec![false; ALLOWED.len()];
    for f in &files {
        let rel = f
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let top = rel
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_string();
        let Some(own) = layer_of(&top) else {
            continue; // lib.rs
        };
        let text = std::fs::read_to_string(f).unwrap();
        for used in crate_uses(&text) {
            // `crate::lang` / `crate::results` are the contract, below every layer.
            let Some(layer) = layer_of(&used) else {
                continue;
            };
            if layer > own {
                match ALLOWED
                    .iter()
                    .position(|(file, to, _)| *file == rel && *to == used)
                {
                    Some(i) => allowed_seen[i] = true,
                    None => violations.push(format!("{rel} uses crate::{used}")),
                }
            }
        }
    }
    assert!(
        violations.is_empty(),
        "modules using a later layer:\n  {}",
        violations.join("\n  ")
    );
    for (i, seen) in allowed_seen.iter().enumerate() {
        assert!(
            seen,
            "{} no longer uses crate::{}: remove it from ALLOWED",
            ALLOWED[i].0, ALLOWED[i].1
        );
    }
}

#[test]
fn the_scan_sees_a_use_of_a_later_layer() {
    // The scan itself must be able to fail.
    let uses = crate_uses(
        "use crate::analysis::trend; // crate::run\nlet x = crate::model::fit::fit(d);\nuse crate::{data::Table, spec};",
    );
    assert_eq!(uses, vec!["analysis", "model", "data", "spec"]);
    assert!(layer_of("analysis") > layer_of("model"));
}

/// With `autotests = false` a test file that `tests/tests.rs` does not name
/// is silently never compiled or run: every file under `tests/` must be one
/// of its modules.
#[test]
fn every_test_file_is_a_module_of_the_test_binary() {
    let dir = root().join("tests");
    let harness = std::fs::read_to_string(dir.join("tests.rs")).unwrap();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        if stem != "tests" && !harness.contains(&format!("mod {stem};")) {
            missing.push(stem);
        }
    }
    missing.sort();
    assert!(
        missing.is_empty(),
        "test files not declared in tests/tests.rs (they would never run): {missing:?}"
    );
}
