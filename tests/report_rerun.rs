//! `report` run again on its own output folder: a model whose inputs (data,
//! spec, options, program) are unchanged is not fitted again and its folders
//! are not touched; a changed spec refits and redraws that model only; a
//! changed data column no model uses refits but rewrites nothing but the
//! records; and the folder is byte for byte what a fresh run writes.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

const BIN: &str = env!("CARGO_BIN_EXE_modellvarde");

/// 24 areas × 2 years; cost = 200 + 40·x + a deterministic wobble; `z` is
/// used by no model.
fn data_csv(z: f64) -> String {
    let mut s = String::from("id,name,year,cost,x,z\n");
    for year in [2021, 2022] {
        for i in 0..24usize {
            let x = 1.0 + i as f64 * 0.5 + ((i * 7 + year as usize) % 5) as f64 * 0.3;
            let wobble = (((i * 13 + year as usize) % 7) as f64 - 3.0) * 5.0;
            s.push_str(&format!(
                "{:04},Area {i},{year},{},{x},{}\n",
                i + 1,
                200.0 + 40.0 * x + wobble,
                z + i as f64
            ));
        }
    }
    s
}

fn spec(name: &str, title: &str) -> String {
    format!(
        "name = \"{name}\"\ntitle = \"{title}\"\noutcome = \"cost\"\ncovariates = [\"x\"]\n[sample]\nyears = {{ from = 2021, to = 2022 }}\n"
    )
}

/// A project folder: `data.csv` (`data_csv(0.0)`) and one spec per
/// (name, title) in `models/`.
fn project(models: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("data.csv"), data_csv(0.0)).unwrap();
    fs::create_dir(d.join("models")).unwrap();
    for (name, title) in models {
        fs::write(d.join(format!("models/{name}.toml")), spec(name, title)).unwrap();
    }
    dir
}

fn report(dir: &Path, out: &str) -> Output {
    let o = Command::new(BIN)
        .args([
            "report",
            "--data",
            "data.csv",
            "--out",
            out,
            "--threads",
            "2",
        ])
        .current_dir(dir)
        .output()
        .expect("run modellvarde");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every file under `dir` (relative path) with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, (Vec<u8>, SystemTime)>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let t = fs::metadata(&p).unwrap().modified().unwrap();
                out.insert(
                    p.strip_prefix(root).unwrap().to_path_buf(),
                    (fs::read(&p).unwrap(), t),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The files of `a` and `b` are the same, byte for byte.
fn assert_same_bytes(a: &Path, b: &Path) {
    let (sa, sb) = (snapshot(a), snapshot(b));
    let names =
        |s: &BTreeMap<PathBuf, (Vec<u8>, SystemTime)>| s.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&sa), names(&sb));
    for (p, (bytes, _)) in &sa {
        assert!(
            sb[p].0 == *bytes,
            "{} differs from a fresh run",
            p.display()
        );
    }
}

#[test]
fn an_unchanged_rerun_fits_nothing_and_a_changed_spec_refits_only_its_model() {
    let dir = project(&[("alpha", "Alpha model"), ("beta", "Beta model")]);
    let d = dir.path();
    let out = d.join("out");

    let first = report(d, "out");
    assert!(!stdout(&first).contains("unchanged"), "{}", stdout(&first));
    let before = snapshot(&out);
    assert!(before.keys().any(|p| p.ends_with("beta/2022/report.html")));

    // Nothing changed: no fit, no file written, not even the index.
    let again = report(d, "out");
    assert!(
        stdout(&again).contains("4 unchanged since the last run, kept; 4 without fitting again"),
        "{}",
        stdout(&again)
    );
    assert!(stdout(&again).contains(", 0 file(s)"), "{}", stdout(&again));
    assert_eq!(snapshot(&out), before, "a file was rewritten");
    // The summary is the same as the first run's: it is read back from the
    // kept results.
    let summary = |o: &Output| {
        stdout(o)
            .lines()
            .filter(|l| !l.starts_with("wrote"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(summary(&again), summary(&first));

    // One spec changed: that model is fitted and drawn again, the other kept.
    fs::write(
        d.join("models/beta.toml"),
        spec("beta", "Beta model, renamed"),
    )
    .unwrap();
    let changed = report(d, "out");
    assert!(
        stdout(&changed).contains("2 unchanged since the last run, kept; 2 without fitting again"),
        "{}",
        stdout(&changed)
    );
    let after = snapshot(&out);
    for (p, v) in &before {
        if p.starts_with("alpha") {
            assert_eq!(after.get(p), Some(v), "{} touched", p.display());
        }
    }
    let html = String::from_utf8_lossy(&after[Path::new("beta/2022/report.html")].0).into_owned();
    assert!(html.contains("Beta model, renamed"));
    assert_ne!(
        after[Path::new("beta/2022/report.html")].1,
        before[Path::new("beta/2022/report.html")].1
    );
    report(d, "fresh");
    assert_same_bytes(&out, &d.join("fresh"));

    // A data column no model uses changed: every model is fitted again (the
    // data is an input), the results are the same, so only the records of
    // what the folders were made from are written.
    fs::write(d.join("data.csv"), data_csv(7.0)).unwrap();
    let before = snapshot(&out);
    let refit = report(d, "out");
    assert!(
        stdout(&refit).contains("4 unchanged since the last run, kept; 0 without fitting again"),
        "{}",
        stdout(&refit)
    );
    let after = snapshot(&out);
    for (p, (bytes, t)) in &before {
        let (nb, nt) = &after[p];
        if p.ends_with(".modellvarde-inputs") {
            assert_ne!(nb, bytes, "{}: record not updated", p.display());
        } else {
            assert!(nb == bytes && nt == t, "{} rewritten", p.display());
        }
    }
    fs::remove_dir_all(d.join("fresh")).unwrap();
    report(d, "fresh");
    assert_same_bytes(&out, &d.join("fresh"));

    // The changed data that a model uses: refitted and redrawn.
    fs::write(
        d.join("data.csv"),
        data_csv(7.0).replace("Area 3,", "Area three,"),
    )
    .unwrap();
    let renamed = report(d, "out");
    assert!(
        !stdout(&renamed).contains("unchanged"),
        "{}",
        stdout(&renamed)
    );
    let html = fs::read_to_string(out.join("alpha/2022/report.html")).unwrap();
    assert!(html.contains("Area three"));
}

/// A kept folder's result is read from its record, which holds the result
/// with only the areas the summary and the index read: a rerun neither
/// parses results.json (a 100 000-area panel's are hundreds of MB each) nor
/// holds every area of every year, and prints the same summary. A record
/// without that part (written by an older build) still keeps its folder, the
/// result then read from results.json.
#[test]
fn a_rerun_reads_the_kept_results_from_the_records_not_from_results_json() {
    let dir = project(&[("alpha", "Alpha model")]);
    let d = dir.path();
    let out = d.join("out");
    let summary = |o: &Output| {
        stdout(o)
            .lines()
            .filter(|l| !l.starts_with("wrote"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let kept = "2 unchanged since the last run, kept; 2 without fitting again";
    let first = report(d, "out");
    let record = |year: &str| out.join("alpha").join(year).join(".modellvarde-inputs");
    let areas_in = |text: &str| text.matches("\"loo_modelled\"").count();
    for year in ["2021", "2022"] {
        let rec = fs::read_to_string(record(year)).unwrap();
        let (_, kept_result) = rec
            .split_once("\nsummary:\n")
            .expect("a summary in the record");
        let full = fs::read_to_string(out.join("alpha").join(year).join("results.json")).unwrap();
        assert_eq!(areas_in(&full), 24);
        let n = areas_in(kept_result);
        assert!((2..24).contains(&n), "{year}: {n} areas kept in the record");
    }

    // results.json unreadable as a result: the folders are still kept (the
    // record says what they were made from), and the summary is the same.
    let full: Vec<(PathBuf, Vec<u8>)> = ["2021", "2022"]
        .iter()
        .map(|y| {
            let p = out.join("alpha").join(y).join("results.json");
            let b = fs::read(&p).unwrap();
            fs::write(&p, b"not a result").unwrap();
            (p, b)
        })
        .collect();
    let again = report(d, "out");
    assert!(stdout(&again).contains(kept), "{}", stdout(&again));
    assert_eq!(summary(&again), summary(&first));

    // A record without the kept result: read from results.json instead.
    for (p, b) in &full {
        fs::write(p, b).unwrap();
    }
    for year in ["2021", "2022"] {
        let rec = fs::read_to_string(record(year)).unwrap();
        let (head, _) = rec.split_once("\nsummary:\n").unwrap();
        fs::write(record(year), format!("{head}\n")).unwrap();
    }
    let old = report(d, "out");
    assert!(stdout(&old).contains(kept), "{}", stdout(&old));
    assert_eq!(summary(&old), summary(&first));
}
