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
    // Vaxholm's modelled value ≤ 0 (2013) is named once, not again at the end
    // (in 2014 it is positive but may be 0: the note line names it then).
    let named = |l: &&str| l.contains("Vaxholm") && !l.contains(": obs: modellvärdet kan vara 0");
    assert_eq!(all.lines().filter(named).count(), 1, "{all}");
    assert!(
        all.contains("  2014: obs: modellvärdet kan vara 0 (dess 95 % konfidensintervall når ned till 0; ingen procent visas): "),
        "{all}"
    );
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
    let named = |l: &&str| l.contains("Vaxholm") && !l.contains(": note: modelled value may be 0");
    assert_eq!(all.lines().filter(named).count(), 1, "{all}");
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

/// A small `select` run on the synthetic districts (one candidate, two
/// models shown, no cross-validation), after `select` and its flags.
const SELECT_SMALL: [&str; 10] = [
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
];

#[test]
fn select_prints_swedish() {
    let mut args = vec!["select", "--lang", "sv"];
    args.extend(SELECT_SMALL);
    let o = run_in(repo(), &args);
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

/// One broken input: the files it needs, the command, the English sentence
/// of its error kind (the engine's own `Display`) and the Swedish one, and
/// the place in each language.
struct Broken {
    what: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    args: Vec<&'static str>,
    english: String,
    swedish: &'static str,
    place_en: &'static str,
    place_sv: &'static str,
}

/// A spec over the corpus' columns `y` and `x`.
const SPEC: &str = "name = \"t\"\noutcome = \"y\"\ncovariates = [\"x\"]\n";

fn validate(data: &'static str) -> Vec<&'static str> {
    vec!["validate", "--data", data, "--model", "./t.toml"]
}

/// The corpus: a cell that is not a number, a bad year, a duplicate area, a
/// missing column, bytes that are not UTF-8, the wrong decimal separator, a
/// spec naming a column the data lacks, an unknown spec key, a data file
/// that is not there, and a Poisson fit that IRLS cannot finish
/// (quasi-complete separation).
fn corpus() -> Vec<Broken> {
    use modellvarde::error::{Hint, Message};
    use modellvarde::glm::GlmError;
    let spec = ("t.toml", SPEC.as_bytes().to_vec());
    let data = |name: &'static str, text: &str| (name, text.as_bytes().to_vec());
    let mut separated = String::from("id,name,y,x,z\n");
    for i in 1..=12 {
        let (y, x) = if i <= 4 { (0, 1) } else { (i + 3, 0) };
        separated.push_str(&format!("{i},A{i},{y},{x},{}\n", i % 3));
    }
    vec![
        Broken {
            what: "not a number",
            files: vec![spec.clone(), data("nan.csv", "id,name,year,y,x\n0180,Solna,2019,1,abc\n")],
            args: validate("nan.csv"),
            english: Message::NotNumber { text: "abc".into() }.to_string(),
            swedish: "'abc' är inget tal",
            place_en: "nan.csv:2, column 'x', area 0180 Solna: ",
            place_sv: "nan.csv:2, kolumn 'x', område 0180 Solna: ",
        },
        Broken {
            what: "bad year",
            files: vec![spec.clone(), data("year.csv", "id,name,year,y,x\n0180,Solna,20x1,1,2\n")],
            args: validate("year.csv"),
            english: Message::BadYear { text: "20x1".into() }.to_string(),
            swedish: "året '20x1' är inte ett heltal",
            place_en: "year.csv:2, column 'year', area 0180 Solna: ",
            place_sv: "year.csv:2, kolumn 'year', område 0180 Solna: ",
        },
        Broken {
            what: "duplicate area",
            files: vec![
                spec.clone(),
                data("dup.csv", "id,name,year,y,x\n0180,Solna,2019,1,2\n0180,Solna,2019,1,3\n"),
            ],
            args: validate("dup.csv"),
            english: Message::Duplicate {
                area: "0180 Solna".into(),
                year: Some(2019),
                first: 2,
                line: 3,
            }
            .to_string(),
            swedish: "området 0180 Solna förekommer två gånger år 2019: raderna 2 och 3",
            place_en: "dup.csv:3, area 0180 Solna: ",
            place_sv: "dup.csv:3, område 0180 Solna: ",
        },
        Broken {
            what: "missing column",
            files: vec![spec.clone(), data("ok.csv", "id,name,year,y,x\n0180,Solna,2019,1,2\n")],
            args: vec!["validate", "--data", "ok.csv", "--year-column", "foo", "--model", "./t.toml"],
            english: Message::NoColumnFor {
                column: "foo".into(),
                role: "year",
            }
            .to_string(),
            swedish: "ingen kolumn heter 'foo' (året)\n  tips: rubriken har: id, name, year, y, x",
            place_en: "ok.csv:1, column 'foo': ",
            place_sv: "ok.csv:1, kolumn 'foo': ",
        },
        Broken {
            what: "not UTF-8",
            files: vec![spec.clone(), ("lat.csv", b"id,name,year,y,x\n0180,Malm\xf6,2019,1,2\n".to_vec())],
            args: vec!["validate", "--data", "lat.csv", "--encoding", "utf8", "--model", "./t.toml"],
            english: Message::NotUtf8 { byte: 27 }.to_string(),
            swedish: "filen är inte giltig UTF-8 (byte 27)",
            place_en: "lat.csv:2: ",
            place_sv: "lat.csv:2: ",
        },
        Broken {
            what: "decimal separator",
            files: vec![
                spec.clone(),
                data("dec.csv", "id;name;year;y;x\n0180;Solna;2019;1,5;2\n0181;Sundbyberg;2019;1.5;2\n"),
            ],
            args: validate("dec.csv"),
            english: Message::DecimalPoint { text: "1.5".into() }.to_string(),
            swedish: "'1.5' har decimalpunkt, men filen använder decimalkomma",
            place_en: "dec.csv:3, column 'y', area 0181 Sundbyberg: ",
            place_sv: "dec.csv:3, kolumn 'y', område 0181 Sundbyberg: ",
        },
        Broken {
            what: "spec column not in the data",
            files: vec![
                ("t.toml", b"name = \"t\"\noutcome = \"y\"\ncovariates = [\"xx\"]\n".to_vec()),
                data("ok.csv", "id,name,year,y,x\n0180,Solna,2019,1,2\n"),
            ],
            args: validate("ok.csv"),
            english: Message::NotInData {
                column: "xx".into(),
                source: "ok.csv".into(),
            }
            .to_string(),
            swedish: "kolumnen 'xx' finns inte i data (ok.csv)",
            place_en: "./t.toml:3, column 'covariates': ",
            place_sv: "./t.toml:3, kolumn 'covariates': ",
        },
        Broken {
            what: "unknown spec key",
            files: vec![
                ("t.toml", b"name = \"t\"\noutcome = \"y\"\ncovariats = [\"x\"]\n".to_vec()),
                data("ok.csv", "id,name,year,y,x\n0180,Solna,2019,1,2\n"),
            ],
            args: validate("ok.csv"),
            english: format!(
                "{}\n  hint: {}",
                Message::UnknownKey {
                    key: "covariats".into()
                },
                Hint::DidYouMean {
                    name: "covariates".into()
                }
            ),
            swedish: "okänd nyckel 'covariats'\n  tips: menade du 'covariates'?",
            place_en: "./t.toml:3, column 'covariats': ",
            place_sv: "./t.toml:3, kolumn 'covariats': ",
        },
        Broken {
            what: "no such file",
            files: vec![spec.clone()],
            args: validate("missing.csv"),
            english: Message::CannotRead {
                error: std::fs::read("a file that is not there").unwrap_err().to_string(),
                kind: std::io::ErrorKind::NotFound,
            }
            .to_string(),
            swedish: "kan inte läsa datafilen: filen finns inte",
            place_en: "missing.csv: ",
            place_sv: "missing.csv: ",
        },
        Broken {
            what: "IRLS separation",
            files: vec![data("sep.csv", &separated)],
            args: vec![
                "fit", "--data", "sep.csv", "--outcome", "y", "--covariates", "x,z", "--family",
                "poisson",
            ],
            english: GlmError::Separation {
                iterations: 100,
                rows: vec![0, 1, 2, 3],
            }
            .to_string(),
            swedish: "kan inte skattas: IRLS-iteration 100: modellvärdet för designrad(er) 0, 1, 2, 3 går mot noll där utfallet är noll",
            place_en: " (that is sep.csv:2, area 1 A1)",
            place_sv: " (det vill säga sep.csv:2, område 1 A1)",
        },
    ]
}

/// English phrases of the frame and the engine's sentences that no Swedish
/// error may show.
const ENGLISH_FRAME: &[&str] = &[
    "error:",
    "hint:",
    ", column ",
    ", area ",
    "(that is",
    " is not ",
    "cannot fit",
    " the ",
];

#[test]
fn broken_inputs_are_worded_in_swedish_from_start_to_end() {
    for case in corpus() {
        let dir = workdir();
        for (name, bytes) in &case.files {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        let with = |lang: Option<&str>| {
            let mut a = case.args.clone();
            if let Some(l) = lang {
                a.splice(1..1, ["--lang", l]);
            }
            run_in(dir.path(), &a)
        };
        let (sv, en, plain) = (with(Some("sv")), with(Some("en")), with(None));
        let what = case.what;
        let (err_sv, err_en) = (text(&sv.stderr), text(&en.stderr));
        // English: as without --lang, byte for byte, with the kind's text.
        assert!(!en.status.success(), "{what}: {err_en}");
        assert_eq!(en.status.code(), plain.status.code(), "{what}");
        assert_eq!(en.stdout, plain.stdout, "{what}");
        assert_eq!(err_en, text(&plain.stderr), "{what}");
        assert!(err_en.contains(&case.english), "{what}: {err_en}");
        assert!(err_en.contains(case.place_en), "{what}: {err_en}");
        assert!(!err_en.contains(case.swedish), "{what}: {err_en}");
        // Swedish: the same exit, the Swedish sentence at the same place,
        // and nothing of the English one.
        assert_eq!(sv.status.code(), en.status.code(), "{what}: {err_sv}");
        assert!(err_sv.contains(case.swedish), "{what}: {err_sv}");
        assert!(err_sv.contains(case.place_sv), "{what}: {err_sv}");
        assert!(!err_sv.contains(&case.english), "{what}: {err_sv}");
        for phrase in ENGLISH_FRAME {
            assert!(
                !err_sv.contains(phrase),
                "{what}: English '{phrase}' in {err_sv}"
            );
        }
        assert!(err_sv.contains("\n  tips: "), "{what}: {err_sv}");
    }
}

#[test]
fn a_failed_fit_in_report_is_worded_in_the_terminal_language() {
    let dir = workdir();
    let d = dir.path();
    let mut data = String::from("id,name,year,y,x,z\n");
    for i in 1..=12 {
        let (y, x) = if i <= 4 { (0, 1) } else { (i + 3, 0) };
        data.push_str(&format!("{i},A{i},2020,{y},{x},{}\n", i % 3));
    }
    std::fs::write(d.join("sep.csv"), data).unwrap();
    std::fs::write(
        d.join("p.toml"),
        "name = \"p\"\noutcome = \"y\"\nfamily = \"poisson\"\ncovariates = [\"x\", \"z\"]\n",
    )
    .unwrap();
    let run = |lang: &str, out: &str| {
        run_in(
            d,
            &[
                "report",
                "--no-plots",
                "--lang",
                lang,
                "--data",
                "sep.csv",
                "--model",
                "./p.toml",
                "--out",
                out,
            ],
        )
    };
    let sv = run("sv", "out-sv");
    let err = text(&sv.stderr);
    assert_eq!(sv.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "fel: p 2020: modell 'p', år 2020 (./p.toml): kan inte skattas: IRLS-iteration "
        ),
        "{err}"
    );
    assert!(
        err.contains("(det vill säga sep.csv:2, område 1 A1)"),
        "{err}"
    );
    assert!(err.contains("\n  tips: ta bort eller skala om"), "{err}");
    for phrase in ENGLISH_FRAME {
        assert!(!err.contains(phrase), "English '{phrase}' in {err}");
    }
    // The index of the Swedish report lists the failure in Swedish too.
    let index = std::fs::read_to_string(d.join("out-sv/index.md")).unwrap();
    assert!(index.contains("kan inte skattas"), "{index}");
    assert!(!index.contains("cannot fit"), "{index}");

    let en = run("en", "out-en");
    let err = text(&en.stderr);
    assert_eq!(en.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: p 2020: model 'p', year 2020 (./p.toml): cannot fit: IRLS iteration "),
        "{err}"
    );
    assert!(
        err.contains(" (that is sep.csv:2, area 1 A1)\n  hint: drop or rescale"),
        "{err}"
    );
}

#[test]
fn write_spec_comments_in_the_terminal_language() {
    let dir = workdir();
    let run = |lang: Option<&str>, file: &str| {
        let path = dir.path().join(file);
        let mut a = vec!["select"];
        a.extend(SELECT_SMALL);
        a.extend(["--write-spec", path.to_str().unwrap()]);
        if let Some(l) = lang {
            a.splice(1..1, ["--lang", l]);
        }
        let o = run_in(repo(), &a);
        assert!(o.status.success(), "{}", text(&o.stderr));
        std::fs::read_to_string(&path).unwrap()
    };
    let sv = run(Some("sv"), "sv.toml");
    let head: Vec<&str> = sv.lines().take(3).collect();
    assert!(
        head[0]
            .starts_with("# Skriven av `modellvarde select` från modellen 'stadsdelar-exempel' ("),
        "{sv}"
    );
    assert!(head[0].ends_with(", 2022, n = 34:"), "{sv}");
    assert!(
        head[1]
            .starts_with("# bäst av 2 delmängder av kandidaterna malgrupp_antal enligt BIC (BIC "),
        "{sv}"
    );
    assert!(head[1].contains(", justerat R² 0,"), "{sv}");
    assert!(head[2].starts_with("# Valda: "), "{sv}");
    assert!(!sv.contains("Written by") && !sv.contains("Chosen"), "{sv}");
    // The spec below the comment reads back as the same spec.
    let en = run(Some("en"), "en.toml");
    let plain = run(None, "plain.toml");
    assert_eq!(en, plain);
    assert!(
        en.starts_with("# Written by `modellvarde select` from model 'stadsdelar-exempel' ("),
        "{en}"
    );
    assert!(
        en.contains("\n# best of 2 subsets of the candidates malgrupp_antal by BIC (BIC "),
        "{en}"
    );
    let body = |s: &str| {
        s.lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&sv), body(&en));
}

/// A folder or file that cannot be written: the system's reason in Swedish
/// with `--lang sv` (its error number kept), the English text unchanged
/// without it; `compare`'s "writing FILE" context too.
#[test]
fn write_failures_give_the_systems_reason_in_swedish() {
    let dir = workdir();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let under = blocker.join("out");
    let under = under.to_str().unwrap();
    let json = blocker.join("peers.json");
    let json = json.to_str().unwrap();
    let sim = blocker.join("sim.csv");
    let sim = sim.to_str().unwrap();
    let cases: [(Vec<&str>, &str, &str); 3] = [
        (
            vec![
                "report",
                "--no-plots",
                "--model",
                "storstadslanen",
                "--year",
                "2022",
                "--out",
                under,
            ],
            "en del av sökvägen är ingen mapp (os-fel 20)",
            "Not a directory (os error 20)",
        ),
        (
            vec![
                "compare",
                "--model",
                "stadsdelar-exempel",
                "--year",
                "2022",
                "--json",
                json,
            ],
            "fel: kan inte skriva ",
            "error: writing ",
        ),
        (
            vec!["simulate", "--areas", "6", "--out-file", sim],
            "fel: kan inte skriva ",
            "error: writing ",
        ),
    ];
    for (args, sv, en) in cases {
        let mut with_sv = args.clone();
        with_sv.extend(["--lang", "sv"]);
        let o = run_in(repo(), &with_sv);
        let err = text(&o.stderr);
        assert!(!o.status.success(), "{args:?} sv");
        assert!(err.contains(sv), "{args:?} sv: {err}");
        assert!(err.starts_with("fel: "), "{err}");
        for english in [
            "No such",
            "Not a directory",
            "File exists",
            "writing",
            "error:",
        ] {
            assert!(!err.contains(english), "{args:?} sv has '{english}': {err}");
        }
        let o = run_in(repo(), &args);
        let err = text(&o.stderr);
        assert!(!o.status.success(), "{args:?} en");
        assert!(err.contains(en), "{args:?} en: {err}");
        assert!(!err.contains("os-fel"), "{err}");
    }
}

/// The argument parser's refusals: in Swedish when the command line asks for
/// `--lang sv` (its parts kept: the argument, the value, the possible values,
/// the suggestion, the usage line), clap's English otherwise; exit status 2
/// either way.
#[test]
fn argument_errors_are_swedish_with_lang_sv() {
    let cases: [(&[&str], &[&str], &str); 6] = [
        (
            &["report", "--bogus"],
            &[
                "fel: okänt argument '--bogus'",
                "tips: ett liknande argument finns",
                "Användning: modellvarde report",
            ],
            "error: unexpected argument '--bogus' found",
        ),
        (
            &["report", "--csv-dialect", "xx"],
            &[
                "fel: ogiltigt värde 'xx' för '--csv-dialect",
                "[möjliga värden: plain, sv]",
            ],
            "error: invalid value 'xx' for '--csv-dialect",
        ),
        (
            &["fit"],
            &["fel: följande argument saknas:", "--outcome <COL>"],
            "error: the following required arguments were not provided",
        ),
        (
            &["repport"],
            &["fel: okänt underkommando 'repport'", "'report'"],
            "error: unrecognized subcommand 'repport'",
        ),
        (
            &[
                "fit",
                "--data",
                "x.csv",
                "--outcome",
                "y",
                "--covariates",
                "a",
                "--top",
                "abc",
            ],
            &["fel: ogiltigt värde 'abc' för '--top <K>': ogiltig siffra"],
            "error: invalid value 'abc' for '--top <K>': invalid digit found in string",
        ),
        (
            &["report", "--no-plots", "--no-plots"],
            &["fel: argumentet '--no-plots' kan bara ges en gång"],
            "error: the argument '--no-plots' cannot be used multiple times",
        ),
    ];
    for (args, sv, en) in cases {
        for lang_args in [&["--lang", "sv"][..], &["--lang=sv"][..]] {
            let mut a = args.to_vec();
            a.extend_from_slice(lang_args);
            let o = run_in(repo(), &a);
            let err = text(&o.stderr);
            assert_eq!(o.status.code(), Some(2), "{a:?}: {err}");
            for want in sv {
                assert!(err.contains(want), "{a:?}: wants '{want}' in {err}");
            }
            assert!(
                err.ends_with("Mer information: kör med '--help'.\n"),
                "{err}"
            );
            for english in [
                "error:",
                "Usage:",
                "tip:",
                "For more information",
                "invalid",
                "found",
            ] {
                assert!(!err.contains(english), "{a:?} has '{english}': {err}");
            }
        }
        let o = run_in(repo(), args);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with(en), "{args:?}: {err}");
        assert!(!err.contains("fel:"), "{err}");
    }
}

/// An argument that is not UTF-8 is refused, in Swedish with `--lang sv`,
/// without a panic.
#[cfg(unix)]
#[test]
fn an_argument_that_is_not_utf8_is_refused_without_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let bad = std::ffi::OsStr::from_bytes(b"--\xff\xfe");
    let o = std::process::Command::new(crate::util::BIN)
        .args(["report".as_ref(), bad, "--lang".as_ref(), "sv".as_ref()])
        .current_dir(repo())
        .output()
        .unwrap();
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.starts_with("fel: okänt argument"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
