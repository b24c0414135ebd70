//! `modellvarde import` through the real binary: good runs write the tidy CSV
//! atomically and print a summary; each bad input exits non-zero with a message
//! naming the file (and line or key) and what to do.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const RAW: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/raw/kolada-ddf");

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_modellvarde"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/kolada-json")
        .join(name)
}

fn run(cmd: &mut Command) -> (Output, String) {
    let out = cmd.output().expect("run modellvarde");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, err)
}

fn assert_fails(out: &Output, stderr: &str, needles: &[&str]) {
    assert!(!out.status.success(), "expected failure; stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for n in needles {
        assert!(stderr.contains(n), "stderr lacks '{n}': {stderr}");
    }
}

#[test]
fn kolada_ddf_good_run_matches_embedded_data() {
    if !Path::new(RAW).is_dir() {
        println!("note: {RAW} is absent; skipping");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("sub/kommuner.csv");
    let (out, err) = run(bin()
        .args(["import", "kolada-ddf", "--from", RAW, "--out"])
        .arg(&out_file)
        .args(["--from-year", "2010", "--to-year", "2022"]));
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("3770 rows, 290 municipalities, years 2010–2022, 42 columns"),
        "{err}"
    );
    let written = std::fs::read(&out_file).unwrap();
    let shipped =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/kommuner.csv")).unwrap();
    assert!(
        written == shipped,
        "import output differs from data/kommuner.csv"
    );
    // No temporary file left beside the output.
    let names: Vec<_> = std::fs::read_dir(out_file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn kolada_json_good_run() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("kolada.csv");
    let (out, err) = run(bin()
        .args(["import", "kolada-json", "--from"])
        .arg(fixture("n31807.json"))
        .arg("--from")
        .arg(fixture("u31001-page1.json"))
        .arg("--from")
        .arg(fixture("u31001-page2.json"))
        .arg("--out")
        .arg(&out_file));
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("6 rows, 4 municipalities, years 2021–2022, 2 columns"),
        "{err}"
    );
    let text = std::fs::read_to_string(&out_file).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("kommun,kommun_name,lan,lan_name,year,N31807,U31001")
    );
    assert_eq!(
        lines.next(),
        Some("0180,Stockholm,01,Region Stockholm,2021,2.346006,")
    );
    assert!(
        text.contains("\n2584,Kiruna,25,Region Norrbotten,2021,,\n"),
        "{text}"
    );
}

#[test]
fn missing_ddf_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = run(bin()
        .args([
            "import",
            "kolada-ddf",
            "--from",
            "/no/such/kolada-ddf",
            "--out",
        ])
        .arg(dir.path().join("o.csv")));
    assert_fails(
        &out,
        &err,
        &["/no/such/kolada-ddf", "does not exist", "hint:"],
    );
    assert!(!dir.path().join("o.csv").exists());
}

#[test]
fn ddf_folder_without_datapoints() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("ddf");
    std::fs::create_dir_all(d.join("entities")).unwrap();
    std::fs::write(
        d.join("entities/ddf--entities--geo--kommun.csv"),
        "kommun,name,region\n0180,Stockholm,01\n",
    )
    .unwrap();
    std::fs::write(
        d.join("entities/ddf--entities--geo--region.csv"),
        "region,name\n01,Region Stockholm\n",
    )
    .unwrap();
    let (out, err) = run(bin()
        .args(["import", "kolada-ddf", "--from"])
        .arg(&d)
        .arg("--out")
        .arg(dir.path().join("o.csv")));
    assert_fails(&out, &err, &["no datapoint files found", "hint:"]);
}

#[test]
fn reversed_year_range() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = run(bin()
        .args(["import", "kolada-ddf", "--from"])
        .arg(dir.path())
        .args(["--from-year", "2022", "--to-year", "2010", "--out"])
        .arg(dir.path().join("o.csv")));
    assert_fails(&out, &err, &["2022–2010 is empty"]);
}

#[test]
fn malformed_json_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = run(bin()
        .args(["import", "kolada-json", "--from"])
        .arg(fixture("malformed.json"))
        .arg("--out")
        .arg(dir.path().join("o.csv")));
    assert_fails(&out, &err, &["malformed.json:", "not valid JSON", "hint:"]);
    assert!(!dir.path().join("o.csv").exists());
}

#[test]
fn json_value_of_wrong_type_names_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = run(bin()
        .args(["import", "kolada-json", "--from"])
        .arg(fixture("bad-value.json"))
        .arg("--out")
        .arg(dir.path().join("o.csv")));
    assert_fails(
        &out,
        &err,
        &[
            "bad-value.json",
            "values[0].values[0].value",
            "not a number",
        ],
    );
}

#[test]
fn conflicting_json_files() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = run(bin()
        .args(["import", "kolada-json", "--from"])
        .arg(fixture("n31807.json"))
        .arg("--from")
        .arg(fixture("conflict.json"))
        .arg("--out")
        .arg(dir.path().join("o.csv")));
    assert_fails(
        &out,
        &err,
        &["conflict.json", "n31807.json", "different values"],
    );
}

#[test]
fn missing_json_file() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = run(bin()
        .args([
            "import",
            "kolada-json",
            "--from",
            "/no/such/response.json",
            "--out",
        ])
        .arg(dir.path().join("o.csv")));
    assert_fails(&out, &err, &["/no/such/response.json", "cannot read"]);
}

#[test]
fn json_without_from_is_a_usage_error() {
    let (out, err) = run(bin().args(["import", "kolada-json", "--out", "o.csv"]));
    assert_fails(&out, &err, &["--from"]);
}

#[test]
fn unwritable_output_is_named() {
    let dir = tempfile::tempdir().unwrap();
    // A folder where the output file should be.
    let target = dir.path().join("taken");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("keep"), "").unwrap();
    let (out, err) = run(bin()
        .args(["import", "kolada-json", "--from"])
        .arg(fixture("n31807.json"))
        .arg("--out")
        .arg(&target));
    assert_fails(&out, &err, &["taken"]);
}

/// `import` with `--lang sv`, `--lang en` and without `--lang`: (stderr in
/// Swedish, in English, without) after checking that all three fail alike
/// and that `--lang en` prints what no `--lang` prints, byte for byte.
fn in_three_languages(args: &[&std::ffi::OsStr], out: &Path) -> (String, String, String) {
    let with = |lang: Option<&str>| {
        let mut cmd = bin();
        cmd.arg("import");
        if let Some(l) = lang {
            cmd.args(["--lang", l]);
        }
        run(cmd.args(args).arg("--out-file").arg(out))
    };
    let ((sv, err_sv), (en, err_en), (plain, err_plain)) =
        (with(Some("sv")), with(Some("en")), with(None));
    for (o, e) in [(&sv, &err_sv), (&en, &err_en), (&plain, &err_plain)] {
        assert_eq!(o.status.code(), Some(2), "{e}");
    }
    assert_eq!(err_en, err_plain);
    assert!(!out.exists());
    (err_sv, err_en, err_plain)
}

/// English words of the frame and of the Kolada importers' sentences; none
/// may appear in a Swedish run.
const ENGLISH: &[&str] = &[
    "error:",
    "hint:",
    ", column ",
    ", area ",
    " is not ",
    " has ",
    "not valid",
    "looks like",
    "EOF",
    "municipality codes",
    " the ",
];

fn assert_no_english(err: &str) {
    for phrase in ENGLISH {
        assert!(!err.contains(phrase), "English '{phrase}' in {err}");
    }
}

#[test]
fn errors_are_swedish_with_lang_sv_and_english_text_unchanged_without() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o.csv");

    // A DDF folder whose datapoint file has a `geo` cell that is no code.
    let d = dir.path().join("ddf");
    std::fs::create_dir_all(d.join("entities")).unwrap();
    std::fs::create_dir_all(d.join("datapoints")).unwrap();
    std::fs::write(
        d.join("entities/ddf--entities--geo--kommun.csv"),
        "kommun,name,region\n0180,Stockholm,01\n",
    )
    .unwrap();
    std::fs::write(
        d.join("entities/ddf--entities--geo--region.csv"),
        "region,name\n01,Region Stockholm\n",
    )
    .unwrap();
    let dp = d.join("datapoints/ddf--datapoints--x00001--by--geo--year.csv");
    std::fs::write(&dp, "geo,year,x00001\n0180,2020,1\nabc,2020,2\n").unwrap();
    let args = ["kolada-ddf".as_ref(), "--from".as_ref(), d.as_os_str()];
    let (sv, en, _) = in_three_languages(&args, &out);
    let file = dp.display();
    assert_eq!(
        en,
        format!(
            "error: {file}:3, column 'geo': 'abc' is not a municipality, county or country code\n  \
             hint: municipality codes have four digits (0180); the country is 0 and counties have two digits\n"
        )
    );
    assert_eq!(
        sv,
        format!(
            "fel: {file}:3, kolumn 'geo': 'abc' är ingen kommun-, läns- eller rikskod\n  \
             tips: kommunkoder har fyra siffror (0180); riket har koden 0 och länen två siffror\n"
        )
    );

    // The same folder without datapoint files: the folder is named.
    std::fs::remove_file(&dp).unwrap();
    let (sv, en, _) = in_three_languages(&args, &out);
    let folder = d.join("datapoints");
    assert!(
        en.starts_with(&format!(
            "error: {}: no datapoint files found\n  hint: expected files named",
            folder.display()
        )),
        "{en}"
    );
    assert!(
        sv.starts_with(&format!(
            "fel: {}: inga datapunktsfiler hittades\n  tips: datapunktsfilerna ska ligga i datapoints/",
            folder.display()
        )),
        "{sv}"
    );
    assert_no_english(&sv);

    // A truncated JSON response: file and line, and the parser's position.
    let json = fixture("malformed.json");
    let args = ["kolada-json".as_ref(), "--from".as_ref(), json.as_os_str()];
    let (sv, en, _) = in_three_languages(&args, &out);
    let file = json.display();
    assert!(
        en.starts_with(&format!(
            "error: {file}:6: not valid JSON: EOF while parsing a list at line 6 column 0\n  \
             hint: a Kolada API response looks like {{\"values\":[{{\"kpi\":\"N31807\","
        )),
        "{en}"
    );
    assert!(
        sv.starts_with(&format!(
            "fel: {file}:6: ogiltig JSON: filen tar slut mitt i en lista (rad 6, kolumn 0)\n  \
             tips: ett svar från Koladas API ser ut så här: {{\"values\":[{{\"kpi\":\"N31807\","
        )),
        "{sv}"
    );
    assert!(
        sv.ends_with("(v3; v2 hade \"count\" och \"next_page\")\n"),
        "{sv}"
    );
    assert_no_english(&sv);

    // A value of the wrong type: the key path stays as it is.
    let json = fixture("bad-value.json");
    let args = ["kolada-json".as_ref(), "--from".as_ref(), json.as_os_str()];
    let (sv, en, _) = in_three_languages(&args, &out);
    let file = json.display();
    assert!(
        en.starts_with(&format!(
            "error: {file}, column 'values[0].values[0].value': the value \"2,08\" is not a number or null\n  hint: "
        )),
        "{en}"
    );
    assert!(
        sv.starts_with(&format!(
            "fel: {file}, kolumn 'values[0].values[0].value': värdet \"2,08\" är varken ett tal eller null\n  tips: "
        )),
        "{sv}"
    );
    assert_no_english(&sv);

    // Two files that disagree: both named, the numbers with a decimal comma
    // in Swedish.
    let (a, b) = (fixture("n31807.json"), fixture("conflict.json"));
    let args = [
        "kolada-json".as_ref(),
        "--from".as_ref(),
        a.as_os_str(),
        "--from".as_ref(),
        b.as_os_str(),
    ];
    let (sv, en, _) = in_three_languages(&args, &out);
    assert_eq!(
        en,
        format!(
            "error: {}, column 'values[0]', area 0180: N31807 2022 for 0180 is given twice with different values: 2.08 here and 2.084899 in {} at values[2]\n  \
             hint: give each (kpi, municipality, period) once; check for overlapping downloads of different dates\n",
            b.display(),
            a.display()
        )
    );
    assert_eq!(
        sv,
        format!(
            "fel: {}, kolumn 'values[0]', område 0180: N31807 2022 för 0180 anges två gånger med olika värden: 2,08 här och 2,084899 i {} vid values[2]\n  \
             tips: ange varje kombination av nyckeltal, kommun och år en gång; kontrollera om nedladdningar från olika datum överlappar\n",
            b.display(),
            a.display()
        )
    );
}
