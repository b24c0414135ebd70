//! The analyst's workflow through the real binary: the terminal in the
//! report's language, a cached groups file picked up by `report`, the views
//! over the years in a single-year run, the README's walk from a Swedish
//! Excel-style file to the report, and the report on a phone-sized screen.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run_env(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_modellvarde"));
    c.args(args).current_dir(dir);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run modellvarde")
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    // Never the user's own cache: a cached groups file would change the run.
    let none = dir.join(".no-cache");
    run_env(dir, args, &[("XDG_CACHE_HOME", &none)])
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status,
        text(&o.stdout),
        text(&o.stderr)
    );
    text(&o.stdout) + &text(&o.stderr)
}

fn spec() -> String {
    root()
        .join("models/stadsdelar-exempel.toml")
        .display()
        .to_string()
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `report --year 2022` wrote a report with no views over the years: the
/// change decomposition, persistence and the deviation chart need the
/// model's earlier years, which a single-year run did not fit. Now it fits
/// them as context, so the 2022 views equal those of the full run.
#[test]
fn single_year_run_lost_the_decomposition() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = spec();
    ok(&run_in(
        d,
        &[
            "report",
            "--model",
            &s,
            "--year",
            "2022",
            "--no-plots",
            "--out",
            "one",
        ],
    ));
    ok(&run_in(
        d,
        &["report", "--model", &s, "--no-plots", "--out", "all"],
    ));
    let one = json(&d.join("one/stadsdelar-exempel/2022/results.json"));
    let all = json(&d.join("all/stadsdelar-exempel/2022/results.json"));
    let dc = &one["cross_city"]["change_decomposition"];
    assert!(dc.is_object(), "no decomposition: {}", one["cross_city"]);
    assert_eq!(dc, &all["cross_city"]["change_decomposition"]);
    assert_eq!(one["cross_city"]["trend"], all["cross_city"]["trend"]);
    assert!(one["cross_city"]["trend"].is_object());
    // Only the year asked for is written.
    let years: Vec<String> = std::fs::read_dir(d.join("one/stadsdelar-exempel"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(years, ["2022"]);
    let md = std::fs::read_to_string(d.join("one/stadsdelar-exempel/2022/report.md")).unwrap();
    assert!(md.contains("2013–2022"), "{md}");
}

/// Texts only the Swedish terminal catalogue has (`src/cli/texts/sv.rs`).
const SWEDISH: [&str; 7] = [
    "skrev",
    "säkrast",
    "uteslutna",
    "modellvärdet",
    "intervallet",
    "varning",
    "resultatmappar",
];

/// The terminal spoke English whatever `--lang` said: `report --lang sv`
/// wrote a Swedish report but printed an English summary.
#[test]
fn terminal_ignored_lang() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = spec();
    let args = |lang: &'static str, out: &'static str| {
        let mut v = vec![
            "report",
            "--model",
            "SPEC",
            "--year",
            "2022",
            "--no-plots",
            "--out",
            out,
        ];
        if !lang.is_empty() {
            v.extend(["--lang", lang]);
        }
        v
    };
    let go = |a: Vec<&str>| {
        let a: Vec<&str> = a
            .into_iter()
            .map(|x| if x == "SPEC" { s.as_str() } else { x })
            .collect();
        ok(&run_in(d, &a))
    };
    let en = go(args("en", "en"));
    for w in SWEDISH {
        assert!(!en.contains(w), "--lang en printed Swedish '{w}':\n{en}");
    }
    assert!(
        en.contains("most surely above modelled") && en.contains("wrote 1 of 1"),
        "{en}"
    );
    // English numbers: decimal point (R² 0.9…).
    assert!(en.contains("R² 0."), "{en}");

    let sv = go(args("sv", "sv"));
    for w in [
        "skrev 1 av 1 resultatmappar",
        "säkrast över modellvärdet",
        "uteslutna",
    ] {
        assert!(sv.contains(w), "--lang sv lacks '{w}':\n{sv}");
    }
    assert!(!sv.contains("wrote") && !sv.contains("most surely"), "{sv}");
    // Swedish numbers: decimal comma (R² 0,9…), no decimal point in the
    // deviations.
    assert!(sv.contains("R² 0,") && !sv.contains("R² 0."), "{sv}");

    // Without --lang the terminal stays as it was: English.
    let plain = go(args("", "plain"));
    assert!(plain.contains("wrote 1 of 1 result folder(s)"), "{plain}");
    // An error that ends the run says so in the terminal's language.
    let bad = run_in(d, &["report", "--model", "no-such-model", "--lang", "sv"]);
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).starts_with("fel: "),
        "{}",
        text(&bad.stderr)
    );
    let bad = run_in(d, &["report", "--model", "no-such-model"]);
    assert!(
        text(&bad.stderr).starts_with("error: "),
        "{}",
        text(&bad.stderr)
    );
}

/// `allocate` printed `1 230 087` beside `74118527` and ignored the
/// language: every kronor figure now in the terminal's one format.
#[test]
fn allocate_numbers_follow_lang() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = spec();
    let sv = ok(&run_in(
        d,
        &[
            "allocate", "--model", &s, "--budget", "28000000", "--lang", "sv",
        ],
    ));
    assert!(
        sv.contains("28 000 000 kr fördelade efter modellerat behov"),
        "{sv}"
    );
    assert!(sv.contains("totalt") && sv.contains("100,0"), "{sv}");
    let en = ok(&run_in(
        d,
        &[
            "allocate", "--model", &s, "--budget", "28000000", "--lang", "en",
        ],
    ));
    assert!(
        en.contains("28,000,000 kr allocated by modelled need"),
        "{en}"
    );
    // Every share with a decimal point and every amount grouped by commas.
    let rows: Vec<&str> = en.lines().filter(|l| l.starts_with('S')).collect();
    assert!(!rows.is_empty());
    for r in rows {
        let cells: Vec<&str> = r.split_whitespace().collect();
        let amount = cells[cells.len() - 1];
        assert!(
            amount.len() < 4 || amount.contains(','),
            "ungrouped amount in {r}"
        );
    }
}

/// A tiny HTTP server on 127.0.0.1 answering every request with `body`
/// (JSON), for `fetch` without the network. Returns the base URL.
fn serve_json(body: String) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let mut buf = Vec::new();
            let mut chunk = [0u8; 1024];
            while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                match s.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(body.as_bytes());
        }
    });
    format!("http://{addr}")
}

/// `report` needed `--groups FILE` every time although `fetch
/// kolada-groups` had already fetched them: the fetch now keeps a copy in
/// the cache folder, `report` uses it and says which file, `--no-groups`
/// turns it off.
#[test]
fn cached_groups_file_is_used_by_report() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cache = d.join("cache");
    let env = [("XDG_CACHE_HOME", cache.as_path())];
    let body =
        std::fs::read_to_string(root().join("tests/fixtures/kolada-v3/groups-liknande.json"))
            .unwrap();
    let base = serve_json(body);
    ok(&run_env(
        d,
        &[
            "fetch",
            "kolada-groups",
            "--title",
            "Liknande kommuner ekonomiskt bistånd",
            "--out-file",
            "groups.csv",
            "--base-url",
            &base,
        ],
        &env,
    ));
    let cached = cache.join("modellvarde/kolada-groups.csv");
    assert_eq!(
        std::fs::read(&cached).unwrap(),
        std::fs::read(d.join("groups.csv")).unwrap()
    );
    let s = spec();
    let report = |extra: &[&str]| {
        let mut a = vec!["report", "--model", &s, "--year", "2022", "--no-plots"];
        a.extend(extra);
        run_env(d, &a, &env)
    };
    let used = ok(&report(&["--out", "a"]));
    assert!(
        used.contains(&format!("groups: {}", cached.display())),
        "{used}"
    );
    let sv = ok(&report(&["--out", "b", "--lang", "sv"]));
    assert!(sv.contains("kommungrupper: "), "{sv}");
    let off = ok(&report(&["--out", "c", "--no-groups"]));
    assert!(!off.contains("groups:"), "{off}");
    // The file is really read: a broken cached file is an error naming it.
    std::fs::write(&cached, "not,a,groups,file\n1\n").unwrap();
    let bad = report(&["--out", "d"]);
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).contains("kolada-groups.csv"),
        "{}",
        text(&bad.stderr)
    );
    assert!(report(&["--out", "e", "--no-groups"]).status.success());
}

/// Split a README command line into arguments: words, with `"…"` quoting.
fn shell_words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut any) = (false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    assert!(!quoted, "unbalanced quote in {line}");
    if any {
        out.push(cur);
    }
    out
}

/// The README's analyst walk (between `<!-- analyst-walk` and
/// `<!-- /analyst-walk -->`): its `modellvarde` command lines.
fn readme_walk() -> Vec<Vec<String>> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find("<!-- analyst-walk").expect("walk start marker");
    let end = readme
        .find("<!-- /analyst-walk -->")
        .expect("walk end marker");
    readme[start..end]
        .lines()
        .filter(|l| l.starts_with("modellvarde "))
        .map(|l| shell_words(&l["modellvarde ".len()..]))
        .collect()
}

/// The README's walk from a Swedish Excel file to the report runs as
/// written, and does what the text around it says.
#[test]
fn readme_analyst_walk_runs() {
    let cmds = readme_walk();
    assert_eq!(cmds.len(), 4, "{cmds:?}");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("data")).unwrap();
    for f in ["stadsdelar-excel.csv", "stadsdelar-excel.toml"] {
        std::fs::copy(root().join("data").join(f), d.join("data").join(f)).unwrap();
    }
    let mut outputs = Vec::new();
    for c in &cmds {
        let args: Vec<&str> = c.iter().map(String::as_str).collect();
        outputs.push(ok(&run_in(d, &args)));
    }
    // 1. validate: the four rows with `..`, `-` or `–` in a model column.
    let v = &outputs[0];
    assert_eq!(v.matches("excluded line").count(), 4, "{v}");
    for col in [
        "Arbetslösa utan ersättning",
        "Nyanlända",
        "Låg utbildning",
        "Hyresrätter",
    ] {
        assert!(v.contains(&format!("missing {col}")), "{v}");
    }
    // 2. fit: all 34 districts of 2021 (the `..` is in a column not used).
    assert!(outputs[1].contains("n = 34"), "{}", outputs[1]);
    // 3. report: Swedish terminal, a report per year, CSV for Swedish Excel.
    assert!(
        outputs[2].contains("skrev 3 av 3 resultatmappar"),
        "{}",
        outputs[2]
    );
    let out = d.join("rapporter/stadsdelar-excel");
    for y in ["2020", "2021", "2022"] {
        assert!(out.join(y).join("report.html").is_file(), "{y}");
        assert!(out.join(y).join("brief.html").is_file(), "{y}");
    }
    let areas = std::fs::read(out.join("2022/areas.csv")).unwrap();
    assert!(areas.starts_with("\u{feff}".as_bytes()), "no BOM");
    assert!(String::from_utf8_lossy(&areas)
        .lines()
        .next()
        .unwrap()
        .contains(';'));
    // 4. the single-year rerun keeps the decomposition 2020–2022.
    let r = json(&out.join("2022/results.json"));
    assert_eq!(
        r["cross_city"]["change_decomposition"]["from"], 2020,
        "{}",
        r["cross_city"]
    );
    assert_eq!(r["fit"]["n"], 32);
    let html = std::fs::read_to_string(out.join("2022/report.html")).unwrap();
    assert!(html.contains("id=\"decomposition\""));
}

/// The Excel cells read as written: the Excel file and the plain CSV it
/// was made from give the same fit (`7 %` is 7, `2838,9` is 2838.9,
/// `16 243` is 16243).
#[test]
fn excel_cells_give_the_same_fit_as_the_plain_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fit = |data: &str, y: &str, x: &str, w: &str| {
        let o = run_in(
            d,
            &[
                "fit",
                "--data",
                data,
                "--year",
                "2021",
                "--outcome",
                y,
                "--covariates",
                x,
                "--weight",
                w,
                "--json",
                "-",
            ],
        );
        assert!(o.status.success(), "{}", text(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["coefficients"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["estimate"].as_f64().unwrap())
            .collect::<Vec<f64>>()
    };
    let excel = fit(
        &root()
            .join("data/stadsdelar-excel.csv")
            .display()
            .to_string(),
        "Bistånd kr per inv",
        "Arbetslösa utan ersättning,Låg utbildning,Ensamhushåll,Hyresrätter",
        "Folkmängd",
    );
    let plain = fit(
        &root()
            .join("data/stadsdelar-exempel.csv")
            .display()
            .to_string(),
        "bistand_kr_inv",
        "arbetslosa_utan_ers_pct,lag_utbildning_pct,ensamhushall_pct,hyresratter_pct",
        "population",
    );
    assert_eq!(excel.len(), 5);
    for (a, b) in excel.iter().zip(&plain) {
        assert!(
            (a - b).abs() <= 1e-9 * b.abs().max(1.0),
            "{excel:?} vs {plain:?}"
        );
    }
}

/// A year column under a name the loader does not know (`Mätår`) read as
/// a duplicate area; `--year-column` and `[columns] year` name it.
#[test]
fn year_column_named_by_flag_or_spec() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let csv = std::fs::read_to_string(root().join("data/stadsdelar-excel.csv")).unwrap();
    std::fs::write(d.join("m.csv"), csv.replacen("Årtal", "Mätår", 1)).unwrap();
    let args = [
        "fit",
        "--data",
        "m.csv",
        "--year",
        "2022",
        "--outcome",
        "Bistånd kr per inv",
        "--covariates",
        "Ensamhushåll",
    ];
    let bad = run_in(d, &args);
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).contains("--year-column"),
        "{}",
        text(&bad.stderr)
    );
    let mut with = args.to_vec();
    with.extend(["--year-column", "Mätår"]);
    assert!(ok(&run_in(d, &with)).contains("n = 34"));
    let spec = std::fs::read_to_string(root().join("data/stadsdelar-excel.toml"))
        .unwrap()
        .replace("year = \"Årtal\"", "year = \"Mätår\"")
        .replace("data = \"stadsdelar-excel.csv\"", "data = \"m.csv\"");
    std::fs::write(d.join("m.toml"), spec).unwrap();
    let v = ok(&run_in(d, &["validate", "--model", "m.toml"]));
    assert!(v.contains("2022: 32 rows used"), "{v}");
}

/// `trend` and `compare` printed English headings and columns under
/// `--lang sv` (only their numbers followed the flag).
#[test]
fn trend_and_compare_speak_lang() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = spec();
    let trend = |lang: &str| {
        ok(&run_in(
            d,
            &[
                "trend", "--model", &s, "--from", "2018", "--to", "2022", "--lang", lang, "--out",
                "t",
            ],
        ))
    };
    let sv = trend("sv");
    for w in [
        "avvikelse från modellvärdet",
        "ihållande",
        "förändring 2018→2022",
        "struktur",
    ] {
        assert!(sv.contains(w), "trend --lang sv lacks '{w}':\n{sv}");
    }
    let en = trend("en");
    for w in [
        "deviation from modelled",
        "persistent",
        "change 2018→2022",
        "structure",
    ] {
        assert!(en.contains(w), "trend --lang en lacks '{w}':\n{en}");
    }
    assert!(
        !en.contains("ihållande") && !en.contains("förändring"),
        "{en}"
    );
    let compare = |lang: &str| {
        ok(&run_in(
            d,
            &[
                "compare", "--model", &s, "--year", "2022", "--lang", lang, "--out", "c",
            ],
        ))
    };
    let sv = compare("sv");
    assert!(
        sv.contains("mest lika områden") && sv.contains("lika områden"),
        "{sv}"
    );
    let en = compare("en");
    assert!(
        en.contains("most similar areas") && en.contains("peer mean"),
        "{en}"
    );
}
