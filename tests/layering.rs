//! The layers hold: the crate graph and the module imports inside the engine
//! run one way only (README, "How the code is laid out").
//!
//! - `contract` depends on serde and serde_json only;
//! - `presentation` depends on `contract`, never on `engine`;
//! - `engine` depends on `contract`, never on `presentation`, and draws and
//!   parses no command line (no plotters, rust_xlsxwriter, clap);
//! - inside the engine, a module of one layer uses no module of a later layer
//!   (error → numerics → data → spec → model → analysis → run), and inside the
//!   model layer diagnostics → fit → glm, design → family;
//! - no exceptions are allowed.

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
                violations.push(format!("{rel} uses crate::{used}"));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "modules using a later layer:\n  {}",
        violations.join("\n  ")
    );
}

/// Inside the model layer, first to last: the per-area diagnostics, the
/// least-squares fit (which computes them), the GLM and the design built from
/// a spec (both hand a `Design` to the fit), and the family seam that
/// dispatches to the fit or the GLM.
const MODEL_LAYERS: [&[&str]; 4] = [&["diagnostics"], &["fit"], &["glm", "design"], &["family"]];

fn model_layer_of(module: &str) -> Option<usize> {
    MODEL_LAYERS.iter().position(|l| l.contains(&module))
}

/// The model modules a file names: `crate::model::X`, and `super::X` in a
/// file directly under `model/` (whose `super` is the model module).
fn model_uses(text: &str, top_level: bool) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut prefixes = vec!["crate::model::"];
        if top_level {
            prefixes.push("super::");
        }
        for prefix in prefixes {
            let mut rest = code;
            while let Some(i) = rest.find(prefix) {
                rest = &rest[i + prefix.len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
        }
    }
    out
}

#[test]
fn model_modules_use_only_earlier_model_modules() {
    let dir = root().join("crates/engine/src/model");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    let mut violations = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let top_level = !rel.contains('/');
        let own_name = rel.split('/').next().unwrap().trim_end_matches(".rs");
        let Some(own) = model_layer_of(own_name) else {
            continue; // mod.rs
        };
        for used in model_uses(&std::fs::read_to_string(f).unwrap(), top_level) {
            if model_layer_of(&used).is_some_and(|l| l > own) {
                violations.push(format!("model/{rel} uses model::{used}"));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "model modules using a later model module (a cycle in the making):\n  {}",
        violations.join("\n  ")
    );
    // The scan itself must be able to fail.
    assert_eq!(
        model_uses("use crate::model::fit::Design; use super::glm;", true),
        ["fit", "glm"]
    );
    assert!(model_uses("use super::family;", false).is_empty());
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

/// The fixture generators (`plot::sample`, `report::sample`) are compiled for
/// tests and the `sample` feature only, and the feature is off by default, so
/// the shipped library carries no synthetic results.
#[test]
fn fixture_generators_are_not_in_the_shipped_library() {
    let pres = root().join("crates/presentation");
    for m in ["src/plot/mod.rs", "src/report/mod.rs"] {
        let text = std::fs::read_to_string(pres.join(m)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let i = lines
            .iter()
            .position(|l| l.trim() == "pub mod sample;")
            .unwrap_or_else(|| panic!("{m} declares no sample module"));
        assert!(
            i > 0 && lines[i - 1].trim() == r#"#[cfg(any(test, feature = "sample"))]"#,
            "{m}: `pub mod sample;` must be behind #[cfg(any(test, feature = \"sample\"))]"
        );
    }
    let doc: toml::Table =
        toml::from_str(&std::fs::read_to_string(pres.join("Cargo.toml")).unwrap()).unwrap();
    let default = doc["features"]["default"].as_array().unwrap();
    assert!(
        !default.iter().any(|f| f.as_str() == Some("sample")),
        "the sample feature is on by default"
    );
    // The binary's normal dependency must not switch it on either.
    let root_doc: toml::Table =
        toml::from_str(&std::fs::read_to_string(root().join("Cargo.toml")).unwrap()).unwrap();
    let dep = &root_doc["dependencies"]["presentation"];
    assert!(
        dep.get("features").is_none_or(|f| !f
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x.as_str() == Some("sample"))),
        "the binary enables presentation/sample"
    );
}
