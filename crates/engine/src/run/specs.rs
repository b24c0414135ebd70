//! Which model specs a run uses: the `.toml` files in `./models/`, or the
//! specs built into the library when there is no such folder, or the files
//! and names the user gave.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::spec::{suggest, ModelSpec};

/// Specs built in, used when there is no `models/` folder.
pub const EMBEDDED_SPECS: [(&str, &str); 4] = [
    (
        "riket-lan.toml",
        include_str!("../../../../models/riket-lan.toml"),
    ),
    (
        "riket-nettokostnad.toml",
        include_str!("../../../../models/riket-nettokostnad.toml"),
    ),
    ("riket.toml", include_str!("../../../../models/riket.toml")),
    (
        "storstadslanen.toml",
        include_str!("../../../../models/storstadslanen.toml"),
    ),
];

/// Read the specs to run: `names` empty = all; a name ending in `.toml` or an
/// existing file is read from disk; other names are looked up among the specs
/// in `./models/` (or the built-in specs when that folder does not exist).
/// Two specs with one name are an error (the name is the output folder).
pub fn load_specs(names: &[String]) -> Result<Vec<ModelSpec>> {
    let mut available: Vec<ModelSpec> = Vec::new();
    let dir = Path::new("models");
    // Spec files named on the command line need nothing from models/: a
    // broken unrelated spec there must not stop them.
    let only_files = !names.is_empty()
        && names
            .iter()
            .all(|n| n.ends_with(".toml") || Path::new(n).is_file());
    if !only_files && dir.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        for f in files {
            let text = crate::spec::read_spec_file(&f)?;
            available.push(ModelSpec::from_toml(&text, &f.display().to_string())?);
        }
    } else if !only_files {
        for (file, text) in EMBEDDED_SPECS {
            available.push(ModelSpec::from_toml(
                text,
                &format!("models/{file} (built in)"),
            )?);
        }
    }
    let mut out: Vec<ModelSpec> = Vec::new();
    if names.is_empty() {
        out = available;
    } else {
        for n in names {
            let p = Path::new(n);
            if n.ends_with(".toml") || p.is_file() {
                let text = crate::spec::read_spec_file(p).map_err(|e| {
                    Error::Other(format!("--model {n}: cannot read the spec file: {e}"))
                })?;
                out.push(ModelSpec::from_toml(&text, n)?);
                continue;
            }
            match available.iter().find(|s| &s.name == n) {
                Some(s) => out.push(s.clone()),
                None => {
                    let names: Vec<&str> = available.iter().map(|s| s.name.as_str()).collect();
                    let hint = match suggest(n, names.iter().copied()) {
                        Some(s) => format!("did you mean '{s}'?"),
                        None => format!("available models: {}", names.join(", ")),
                    };
                    return Err(Error::Other(format!(
                        "--model {n}: no such model\n  hint: {hint}"
                    )));
                }
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for s in &out {
        if !seen.insert(s.name.clone()) {
            return Err(Error::Other(format!(
                "two specs are named '{}' ({}): each model needs its own name (it names the output folder)",
                s.name, s.file
            )));
        }
    }
    Ok(out)
}
