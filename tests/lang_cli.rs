//! The terminal speaks the language `--lang` asks for, through the binary:
//! `report --lang sv` on the shipped data prints the fit warnings in Swedish
//! and each once (a warning of one year in that year's line, one closing line
//! per model); `validate --lang sv` on bad files is Swedish and still names
//! file, line, column and area; `fit` and `select` print Swedish summaries.
//! Without `--lang` the output stays English (the other tests pin it).

use std::path::Path;
use std::process::Output;

use crate::util::{run_in, workdir};

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped synthetic district panel with cells of line 4 and line 6
/// (S03 and S05 in 2013) replaced: `(column index, value)` per line.
fn panel_with(dir: &Path, name: &str, line4: (usize, &str), line6: Option<(usize, &str)>) {
    let src = std::fs::read_to_string(repo().join("data/stadsdelar-exempel.csv")).unwrap();
    let mut lines: Vec<String> = src.lines().map(String::from).collect();
    let mut set = |i: usize, (col, v): (usize, &str)| {
        let mut cells: Vec<String> = lines[i].split(',').map(String::from).collect();
        cells[col] = v.to_string();
        lines[i] = cells.join(",");
    };
    set(3, line4);
    if let Some(c) = line6 {
        set(5, c);
    }
    std::fs::write(dir.join(name), lines.join("\n") + "\n").unwrap();
}

/// English phrases of the fit warnings and of the terminal's own warning
/// lines; none may appear in a Swedish run.
const ENGLISH: &[&str] = &[
    "warning:",
    "area(s)",
    "observation(s)",
    "modelled value",
    "leverage 1:",
    "not a possible cost",
    "in 3 of 3 years",
    "see the lines above",
];

fn report(lang: &str) -> (Output, String) {
    let dir = workdir();
    let out = dir.path().join("out");
    let o = run_in(
        repo(),
        &[
            "report",
            "--no-plots",
            "--lang",
            lang,
            "--model",
            "storstadslanen-linjar",
            "--model",
            "riket-lan",
            // Three years keep the test short; the linear model predicts a
            // value ≤ 0 for some area in each of them.
            "--year",
            "2013",
            "--year",
            "2014",
            "--year",
            "2015",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let all = format!("{}{}", text(&o.stdout), text(&o.stderr));
    (o, all)
}

#[test]
fn swedish_report_warns_in_swedish_and_once() {
    let (o, all) = report("sv");
    assert!(o.status.success(), "{all}");
    for phrase in ENGLISH {
        assert!(!all.contains(phrase), "English '{phrase}' in:\n{all}");
    }
    // The linear model predicts a modelled value ≤ 0 in each year: a line
    // per year above, naming the areas, and one closing line counting them.
    let year_lines = all
        .lines()
        .filter(|l| l.contains(": varning: modellvärde ≤ 0"))
        .count();
    assert_eq!(year_lines, 3, "{all}");
    let closing: Vec<&str> = all
        .lines()
        .filter(|l| l.starts_with("varning: storstadslanen-linjar:"))
        .collect();
    assert_eq!(
        closing,
        ["varning: storstadslanen-linjar: modellvärde ≤ 0 för något område i 3 av 3 år (se raderna ovan)"],
        "{all}"
    );
    // Vaxholm's modelled value ≤ 0 (2013) is named once, not again at the end.
    assert_eq!(all.matches("Vaxholm").count(), 1, "{all}");
    // The GLM's leverage-1 warning, the same in every year, once, in Swedish.
    let leverage: Vec<&str> = all.lines().filter(|l| l.contains("hävstång 1")).collect();
    assert_eq!(leverage.len(), 1, "{all}");
    assert!(
        leverage[0]
            .starts_with("varning: riket-lan (alla 3 år): 1 observation(er) med hävstång 1: "),
        "{all}"
    );
    // No line is printed twice.
    let mut seen = std::collections::BTreeSet::new();
    for l in all.lines().filter(|l| l.contains("varning")) {
        assert!(seen.insert(l), "repeated: {l}");
    }
}

#[test]
fn english_report_counts_years_in_english() {
    let (o, all) = report("en");
    assert!(o.status.success(), "{all}");
    assert!(
        all.contains("warning: storstadslanen-linjar: a modelled value ≤ 0 for some area in 3 of 3 years (see the lines above)"),
        "{all}"
    );
    assert_eq!(all.matches("Vaxholm").count(), 1, "{all}");
    assert!(!all.contains("varning"), "{all}");
}

#[test]
fn validate_in_swedish_names_file_line_column_and_area() {
    let dir = workdir();
    let d = dir.path();
    // Line 4: a missing covariate; line 6: population 0 (the weight).
    panel_with(d, "miss.csv", (6, ""), Some((4, "0")));
    let o = run_in(
        d,
        &[
            "validate",
            "--lang",
            "sv",
            "--data",
            "miss.csv",
            "--model",
            repo()
                .join("models/stadsdelar-exempel.toml")
                .to_str()
                .unwrap(),
        ],
    );
    let out = text(&o.stdout);
    assert!(o.status.success(), "{out}{}", text(&o.stderr));
    assert!(out.starts_with("miss.csv: 340 rader, "), "{out}");
    assert!(
        out.contains("  2013: 32 rader används, 6 koefficienter, uteslutna: 2"),
        "{out}"
    );
    assert!(
        out.contains("    utesluten rad 4: S03 Stockholm S03 (syntetiskt): saknar värde i arbetslosa_utan_ers_pct"),
        "{out}"
    );
    assert!(
        out.contains("    utesluten rad 6: S05 Stockholm S05 (syntetiskt): vikten population = 0: vikter måste vara > 0"),
        "{out}"
    );
    assert!(
        !out.contains("excluded") && !out.contains("rows used"),
        "{out}"
    );

    // A negative outcome under a Gamma model: the fit would refuse it.
    panel_with(d, "neg.csv", (5, "-5"), None);
    std::fs::write(
        d.join("g.toml"),
        "name = \"g\"\noutcome = \"bistand_kr_inv\"\nfamily = \"gamma\"\nweight = \"population\"\ncovariates = [\"arbetslosa_utan_ers_pct\", \"nyanlanda_pct\"]\n[units]\nbistand_kr_inv = \"kr/inv\"\n",
    )
    .unwrap();
    let o = run_in(
        d,
        &[
            "validate", "--lang", "sv", "--data", "neg.csv", "--model", "./g.toml",
        ],
    );
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("fel: modell 'g' 2013: kan inte skattas: designrad 2: utfallet -5 är inte tillåtet för familjen Gamma med länken log"),
        "{err}"
    );
    assert!(
        err.contains("(det vill säga neg.csv:4, kolumn bistand_kr_inv, område S03 Stockholm S03 (syntetiskt))"),
        "{err}"
    );
    assert!(err.contains("1 problem hittades"), "{err}");
    assert!(
        !err.contains("cannot fit") && !err.contains("error:"),
        "{err}"
    );

    // A cell that is not a number stops the loader: the place in Swedish.
    panel_with(d, "bad.csv", (6, "abc"), None);
    let o = run_in(
        d,
        &[
            "validate", "--lang", "sv", "--data", "bad.csv", "--model", "./g.toml",
        ],
    );
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with(
            "fel: bad.csv:4, kolumn 'arbetslosa_utan_ers_pct', område S03 Stockholm S03 (syntetiskt): "
        ),
        "{err}"
    );
    assert!(err.contains("\n  tips: "), "{err}");
}

#[test]
fn fit_prints_a_swedish_summary() {
    let data = repo().join("data/stadsdelar-exempel.csv");
    let args = |family: &str| {
        vec![
            "fit".to_string(),
            "--lang".into(),
            "sv".into(),
            "--data".into(),
            data.to_str().unwrap().into(),
            "--outcome".into(),
            "bistand_kr_inv".into(),
            "--covariates".into(),
            "arbetslosa_utan_ers_pct,nyanlanda_pct".into(),
            "--weight".into(),
            "population".into(),
            "--id".into(),
            "district_id".into(),
            "--name".into(),
            "district_name".into(),
            "--year".into(),
            "2022".into(),
            "--family".into(),
            family.into(),
        ]
    };
    let run = |family: &str| {
        let a = args(family);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let o = run_in(repo(), &a);
        assert!(o.status.success(), "{}", text(&o.stderr));
        text(&o.stdout)
    };
    let lm = run("gaussian");
    for want in [
        "(WLS, vikter population)",
        "residualens frihetsgrader = 31",
        "justerat R² = 0,",
        "koefficient ",
        "95 %-konfidensintervall",
        "Områden längst från sitt modellvärde",
        "Inga rader uteslutna.",
        "varning: utfallet 'bistand_kr_inv' saknar enhet",
    ] {
        assert!(lm.contains(want), "'{want}' missing in:\n{lm}");
    }
    for english in [
        "adjusted R²",
        "std. error",
        "No rows excluded",
        "warning:",
        "above_interval",
    ] {
        assert!(!lm.contains(english), "English '{english}' in:\n{lm}");
    }
    // Decimal comma: no number with a decimal point in the statistics line.
    let r2 = lm.lines().find(|l| l.starts_with("R² = ")).unwrap();
    assert!(!r2.chars().any(|c| c == '.'), "{r2}");

    let glm = run("quasipoisson");
    for want in [
        "(GLM: familj quasipoisson, länk log",
        "Koefficienter:",
        "Förklarad devians: ",
    ] {
        assert!(glm.contains(want), "'{want}' missing in:\n{glm}");
    }
    assert!(
        !glm.contains("Coefficients:") && !glm.contains("Deviance explained"),
        "{glm}"
    );
}

#[test]
fn select_prints_swedish() {
    let o = run_in(
        repo(),
        &[
            "select",
            "--lang",
            "sv",
            "--model",
            "stadsdelar-exempel",
            "--data",
            "data/stadsdelar-exempel.csv",
            "--candidates",
            "malgrupp_antal",
            "--top",
            "2",
            "--cv",
            "0",
        ],
    );
    let out = text(&o.stdout);
    assert!(o.status.success(), "{out}{}", text(&o.stderr));
    assert!(
        out.starts_with("sökning bland alla delmängder: modell 'stadsdelar-exempel', 2022"),
        "{out}"
    );
    assert!(
        out.contains("\nbäst enligt justerat R² (exakta omskattningar):\n"),
        "{out}"
    );
    assert!(
        !out.contains("best by") && !out.contains("always in the model"),
        "{out}"
    );
}

#[test]
fn allocate_and_trend_give_their_reasons_in_swedish() {
    let dir = workdir();
    let out = dir.path().join("out");
    let o = run_in(
        repo(),
        &[
            "allocate",
            "--lang",
            "sv",
            "--model",
            "storstadslanen-linjar",
            "--year",
            "2022",
            "--budget",
            "1000000",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let all = format!("{}{}", text(&o.stdout), text(&o.stderr));
    assert!(o.status.success(), "{all}");
    // Danderyd's modelled value ≤ 0 and Perstorp's missing outcome, from
    // their kinds (the JSON keeps the English text).
    assert!(
        all.contains("  0162 Danderyd: modellvärdet -10,2 ≤ 0 (familj gaussian): det kan inte vara ett behov"),
        "{all}"
    );
    assert!(
        all.contains("  1275 Perstorp: inte med i skattningen (embedded:data/kommuner.csv, rad 1470): saknar värde i U31001"),
        "{all}"
    );
    assert!(
        !all.contains("not in the fit") && !all.contains("cannot be a need"),
        "{all}"
    );
    // The basis column is as wide as its Swedish label: the header is not
    // cut ("modellerat be…"), and the rows line up under it.
    let out_text = text(&o.stdout);
    let lines: Vec<&str> = out_text.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.starts_with("id "))
        .unwrap_or_else(|| panic!("no table header in:\n{all}"));
    assert!(
        lines[header].contains(" modellerat behov ") && !lines[header].contains('…'),
        "{}",
        lines[header]
    );
    let width = |l: &str| l.chars().count();
    assert_eq!(width(lines[header]), width(lines[header + 1]), "{all}");

    let o = run_in(
        repo(),
        &[
            "trend",
            "--lang",
            "sv",
            "--model",
            "storstadslanen",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let all = format!("{}{}", text(&o.stdout), text(&o.stderr));
    assert!(o.status.success(), "{all}");
    assert!(
        all.contains("inte uppdelad: 1275 Perstorp: inte med i skattningen för 2022"),
        "{all}"
    );
    assert!(!all.contains("not in the 20"), "{all}");
}
