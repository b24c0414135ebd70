//! An English report is English throughout: every shipped spec is run with
//! `--lang en`, and neither a Swedish variable label from `data/variables.csv`
//! nor a Swedish catalogue message (where it differs from the English one)
//! may appear in its `report.md` or `report.html`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use modellvarde::lang::Lang;
use presentation::i18n::Catalogue;

const BIN: &str = env!("CARGO_BIN_EXE_modellvarde");

/// Swedish labels of `data/variables.csv` that differ from the English ones.
fn swedish_labels() -> Vec<String> {
    let mut rd = csv::Reader::from_path("data/variables.csv").expect("data/variables.csv");
    let mut out = Vec::new();
    for rec in rd.records() {
        let rec = rec.expect("variables.csv row");
        let (sv, en) = (&rec[1], &rec[2]);
        if !sv.is_empty() && sv != en {
            out.push(sv.to_string());
        }
    }
    assert!(out.len() > 10, "variables.csv should hold Swedish labels");
    out
}

/// Swedish catalogue messages that differ from English. Short words (under
/// ten characters, e.g. "Område") are left out: they also occur inside
/// Swedish area and group names, which stay Swedish in any language.
fn swedish_messages() -> Vec<(&'static str, &'static str)> {
    let en = Lang::En.msg().entries();
    Lang::Sv
        .msg()
        .entries()
        .into_iter()
        .zip(en)
        .filter(|((_, sv), (_, en))| sv != en && sv.trim().chars().count() >= 10)
        .map(|(sv, _)| (sv.0, sv.1.trim()))
        .collect()
}

fn reports(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            reports(&p, out);
        } else if matches!(
            p.file_name().and_then(|n| n.to_str()),
            Some("report.md" | "report.html")
        ) {
            out.push(p);
        }
    }
}

#[test]
fn english_reports_of_every_shipped_spec_have_no_swedish_label() {
    let labels = swedish_labels();
    let messages = swedish_messages();
    let tmp = std::env::temp_dir().join(format!("mv-english-{}", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    let mut specs: Vec<PathBuf> = fs::read_dir("models")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 5, "shipped specs: {specs:?}");
    let mut found = Vec::new();
    for spec in &specs {
        let out = tmp.join(spec.file_stem().unwrap());
        let st = Command::new(BIN)
            .args([
                "report",
                "--lang",
                "en",
                "--no-plots",
                "--year",
                "2022",
                "--threads",
                "2",
            ])
            .arg("--model")
            .arg(spec)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            st.status.success(),
            "{}: {}",
            spec.display(),
            String::from_utf8_lossy(&st.stderr)
        );
        let mut files = Vec::new();
        reports(&out, &mut files);
        assert!(!files.is_empty(), "{}: no report written", spec.display());
        for f in files {
            let text = fs::read_to_string(&f).unwrap();
            for l in &labels {
                if text.contains(l.as_str()) {
                    found.push(format!("{}: label {l:?}", f.display()));
                }
            }
            for (key, m) in &messages {
                if text.contains(m) {
                    found.push(format!("{}: message {key} {m:?}", f.display()));
                }
            }
        }
    }
    let _ = fs::remove_dir_all(&tmp);
    assert!(
        found.is_empty(),
        "Swedish text in English reports:\n{}",
        found.join("\n")
    );
}
