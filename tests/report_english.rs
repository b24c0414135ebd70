//! An English report is English throughout: every shipped spec is run with
//! `--lang en`, and neither a Swedish variable label from `data/variables.csv`
//! nor a Swedish catalogue message (where it differs from the English one)
//! may appear in its `report.md` or `report.html`; and a run with charts
//! has no Swedish word or letter in any page, the index or a chart outside
//! the names that come from the data.

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

/// Swedish words that are not English words too: one of them in an English
/// report, outside the names that come from the data, is text that missed
/// the catalogue.
const SWEDISH_WORDS: &[&str] = &[
    // The data's unit `kr/inv` (kronor per invånare): English pages write
    // SEK/inhabitant.
    "inv",
    "och",
    "är",
    "för",
    "inte",
    "som",
    "eller",
    "utan",
    "år",
    "över",
    "område",
    "områden",
    "modellvärde",
    "modellvärdet",
    "utfall",
    "avvikelse",
    "kommun",
    "kommuner",
    "flaggade",
    "karta",
    "rapport",
    "ny",
    "län",
    "liknande",
];

/// Names that come from the data and stay Swedish in any language: area,
/// group and excluded names and the model titles without an English one of every `results.json`
/// under `out`, the municipality and county names of the built-in data and
/// the boundary files, and the district example's names.
fn data_names(out: &Path) -> Vec<String> {
    let mut names = std::collections::BTreeSet::new();
    let mut results = Vec::new();
    files_named(out, &mut results, &|n| n == "results.json");
    for f in results {
        let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(&f).unwrap()).unwrap();
        // A spec's title counts as a name only where it has no English one:
        // English pages show `title_en` (every shipped spec has one).
        if v["model"]["title_en"].as_str().is_none_or(str::is_empty) {
            names.insert(v["model"]["title"].as_str().unwrap_or("").to_string());
        }
        for key in ["areas", "excluded"] {
            for a in v[key].as_array().into_iter().flatten() {
                for field in ["name", "group", "group_name"] {
                    if let Some(s) = a[field].as_str() {
                        names.insert(s.to_string());
                    }
                }
            }
        }
    }
    for (file, columns) in [
        ("data/kommuner.csv", &["kommun_name", "lan_name"][..]),
        (
            "data/stadsdelar-exempel.csv",
            &["city", "district_name"][..],
        ),
    ] {
        let mut rd = csv::Reader::from_path(file).unwrap();
        let head = rd.headers().unwrap().clone();
        let idx: Vec<usize> = columns
            .iter()
            .map(|c| head.iter().position(|h| h == *c).expect(c))
            .collect();
        for rec in rd.records() {
            let rec = rec.unwrap();
            for &i in &idx {
                names.insert(rec[i].to_string());
            }
        }
    }
    for file in [
        "data/boundaries/kommuner.geojson",
        "data/boundaries/stockholm-stadsdelar.geojson",
    ] {
        let v: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(file).unwrap()).unwrap();
        for f in v["features"].as_array().unwrap() {
            if let Some(s) = f["properties"]["name"].as_str() {
                names.insert(s.to_string());
            }
        }
    }
    let mut names: Vec<String> = names.into_iter().filter(|s| !s.is_empty()).collect();
    // Longest first, so "Stockholms län" goes before "Stockholm".
    names.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    names
}

fn files_named(dir: &Path, out: &mut Vec<PathBuf>, keep: &dyn Fn(&str) -> bool) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files_named(&p, out, keep);
        } else if p.file_name().and_then(|n| n.to_str()).is_some_and(keep) {
            out.push(p);
        }
    }
}

/// The text a reader sees: for HTML and SVG the text between tags plus the
/// `alt`, `title` and `aria-label` attributes, entities decoded; for Markdown
/// the text with its escapes removed.
fn reader_text(path: &Path, raw: &str) -> String {
    let markup = path.extension().is_some_and(|x| x == "html" || x == "svg");
    if !markup {
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
                continue;
            }
            out.push(c);
        }
        return out
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
    }
    let mut s = raw.to_string();
    for (open, close) in [("<style", "</style>"), ("<script", "</script>")] {
        while let Some(i) = s.find(open) {
            let j = s[i..].find(close).map_or(s.len(), |j| i + j + close.len());
            s.replace_range(i..j, " ");
        }
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let j = rest[i..].find('>').map_or(rest.len(), |j| i + j + 1);
        let tag = &rest[i..j];
        for attr in ["alt=\"", "title=\"", "aria-label=\""] {
            if let Some(k) = tag.find(attr) {
                let v = &tag[k + attr.len()..];
                out.push(' ');
                out.push_str(&v[..v.find('"').unwrap_or(v.len())]);
            }
        }
        out.push(' ');
        rest = &rest[j..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// Swedish letters and words in `text` once `names` are taken out.
fn swedish_in(text: &str, names: &[String]) -> Vec<String> {
    let mut t = text.to_string();
    for n in names {
        if t.contains(n.as_str()) {
            t = t.replace(n.as_str(), " ");
        }
    }
    let mut found = Vec::new();
    // File paths (`embedded:data/kommuner.csv`) are names too.
    let tokens = t
        .split_whitespace()
        .filter(|tok| !(tok.contains('/') && tok.contains('.')));
    for word in tokens.flat_map(|tok| tok.split(|c: char| !(c.is_alphanumeric() || c == '_'))) {
        if word.is_empty() {
            continue;
        }
        let lower = word.to_lowercase();
        if lower.contains(['å', 'ä', 'ö']) || SWEDISH_WORDS.contains(&lower.as_str()) {
            found.push(word.to_string());
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn swedish_words_are_recognised_outside_data_names() {
    let names = vec!["Malmö".to_string(), "Stockholms län".to_string()];
    assert!(swedish_in("Malmö lies in Stockholms län", &names).is_empty());
    assert_eq!(
        swedish_in("Malmö: utfall 2 556 kr/inv, över", &names),
        ["inv", "utfall", "över"]
    );
    assert_eq!(swedish_in("Flaggade områden", &[]), ["Flaggade", "områden"]);
    assert!(swedish_in("Data file: embedded:data/kommuner.csv", &[]).is_empty());
    // Column ids are names too.
    assert!(swedish_in("(arbetslosa_utan_ers_pct)", &[]).is_empty());
    let html = "<p title=\"Karta 2022\">Map</p><style>.å{}</style><b>A &amp; B</b>";
    let text = reader_text(Path::new("x.html"), html);
    assert_eq!(swedish_in(&text, &[]), ["Karta"]);
    assert!(text.contains("A & B"));
    let md = reader_text(Path::new("x.md"), "Stockholm S01 \\(syntetiskt\\) \\| x");
    assert!(md.contains("Stockholm S01 (syntetiskt) | x"), "{md}");
}

/// Every page and chart of an English run reads in English: `report.html`,
/// `report.md`, `brief.html`, the index and every chart's SVG text, once the
/// names from the data are taken out. Two years, so the over-the-years views
/// and the change decomposition are drawn, of four shipped specs that between
/// them have every section: the big cities and the map (storstadslanen, a
/// Gamma GLM), the linear model (storstadslanen-linjar), the reference model
/// (riket-nettokostnad) and districts with fixed effects
/// (stadsdelar-exempel-stad). The Markdown of every shipped spec is checked
/// by the test above.
#[test]
fn english_pages_and_charts_have_no_swedish_text() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("reports");
    let st = Command::new(BIN)
        .args([
            "report",
            "--lang",
            "en",
            "--model",
            "storstadslanen",
            "--model",
            "storstadslanen-linjar",
            "--model",
            "riket-nettokostnad",
            "--model",
            "stadsdelar-exempel-stad",
            "--year",
            "2021",
            "--year",
            "2022",
            "--threads",
            "2",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let names = data_names(&out);
    let mut files = Vec::new();
    files_named(&out, &mut files, &|n| {
        matches!(
            n,
            "report.md" | "report.html" | "brief.html" | "index.html" | "index.md"
        ) || n.ends_with(".svg")
    });
    let count = |name: &str| {
        files
            .iter()
            .filter(|p| p.file_name().is_some_and(|n| n == name))
            .count()
    };
    // Four specs, two years each; the index once.
    assert_eq!(count("report.html"), 8, "{files:?}");
    assert_eq!(count("brief.html"), 8, "{files:?}");
    assert_eq!(count("index.html"), 1, "{files:?}");
    assert!(files.iter().any(|p| p.ends_with("map.svg")), "no map drawn");
    let mut found = Vec::new();
    for f in &files {
        let text = reader_text(f, &fs::read_to_string(f).unwrap());
        let words = swedish_in(&text, &names);
        if !words.is_empty() {
            found.push(format!(
                "{}: {}",
                f.strip_prefix(&out).unwrap().display(),
                words.join(", ")
            ));
        }
    }
    assert!(
        found.is_empty(),
        "Swedish text in English pages and charts:\n{}",
        found.join("\n")
    );
}

/// A spec's `title_en` heads its English pages and the English terminal; its
/// Swedish pages keep `title`; a spec without `title_en` shows `title` in
/// both languages.
#[test]
fn english_pages_show_the_specs_english_title() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = fs::read_to_string("models/storstadslanen.toml").unwrap();
    assert!(
        spec.contains("\ntitle_en = "),
        "the shipped spec has an English title"
    );
    let without: String = spec
        .lines()
        .filter(|l| !l.starts_with("title_en"))
        .map(|l| l.replace("name = \"storstadslanen\"", "name = \"utan-engelsk-titel\""))
        .collect::<Vec<_>>()
        .join("\n");
    let path = tmp.path().join("utan.toml");
    fs::write(&path, without).unwrap();
    let data = fs::canonicalize("data/kommuner.csv").unwrap();
    let (sv_title, en_title) = (
        "Göteborgsmodellen – de tre storstadslänen",
        "The Gothenburg model – the three metropolitan counties",
    );
    for lang in ["sv", "en"] {
        let out = tmp.path().join(lang);
        let st = Command::new(BIN)
            .args(["report", "--no-plots", "--year", "2022", "--lang", lang])
            .args(["--model", "storstadslanen", "--model"])
            .arg(&path)
            .arg("--data")
            .arg(&data)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            st.status.success(),
            "{}",
            String::from_utf8_lossy(&st.stderr)
        );
        let terminal = String::from_utf8(st.stdout).unwrap();
        let shipped = if lang == "en" { en_title } else { sv_title };
        let md = fs::read_to_string(out.join("storstadslanen/2022/report.md")).unwrap();
        assert!(
            md.starts_with(&format!("# {shipped} – 2022\n")),
            "{lang}: {}",
            &md[..200]
        );
        assert!(
            terminal.starts_with(&format!("storstadslanen: {shipped} (gamma, ")),
            "{lang}: {terminal}"
        );
        let index = fs::read_to_string(out.join("index.md")).unwrap();
        assert!(index.contains(shipped), "{lang}: {index}");
        // Without `title_en`, `title` in either language.
        let md = fs::read_to_string(out.join("utan-engelsk-titel/2022/report.md")).unwrap();
        assert!(
            md.starts_with(&format!("# {sv_title} – 2022\n")),
            "{lang}: {}",
            &md[..200]
        );
        // results.json keeps both titles, whatever the language.
        let v: serde_json::Value = serde_json::from_str(
            &fs::read_to_string(out.join("storstadslanen/2022/results.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(v["model"]["title"], sv_title);
        assert_eq!(v["model"]["title_en"], en_title);
    }
}
