//! The byte-record loader against the loader it replaced (kept in
//! tests/reference_load.rs): on every CSV file in the repository, on
//! generated CSV-like text and on files large enough to be parsed in parallel
//! chunks, both give the same table (every value bit for bit, every line
//! number) or the same error (message, location and hint).

// The loader's error carries its location and hint by value, as the loader
// itself does (see crates/engine/src/data/load.rs).
#![allow(clippy::result_large_err)]

use crate::reference_load;
use std::path::{Path, PathBuf};

use modellvarde::data::load::{parse_csv, Encoding, LoadOptions};
use modellvarde::data::Table;
use modellvarde::error::InputError;
use proptest::prelude::*;

/// Table equality with floats compared by their bits (so -0.0 ≠ 0.0).
fn same_table(a: &Table, b: &Table) -> Result<(), String> {
    let text = |t: &Table| {
        (
            t.source.clone(),
            t.id.clone(),
            t.name.clone(),
            t.group.clone(),
            t.group_name.clone(),
            t.year.clone(),
            t.line.clone(),
        )
    };
    if text(a) != text(b) {
        return Err(format!(
            "text columns differ:\n{:?}\n{:?}",
            text(a),
            text(b)
        ));
    }
    let bits = |t: &Table| {
        t.columns
            .iter()
            .map(|c| {
                (
                    c.name.clone(),
                    c.iter().map(|v| v.map(f64::to_bits)).collect::<Vec<_>>(),
                )
            })
            .collect::<Vec<_>>()
    };
    if bits(a) != bits(b) {
        return Err("numeric columns differ".into());
    }
    Ok(())
}

fn same_error(a: &InputError, b: &InputError) -> Result<(), String> {
    // The reference loader words its hints as text; the loader's are kinds:
    // they agree when they read the same.
    let hint = |e: &InputError| e.hint.as_ref().map(ToString::to_string);
    if a.to_string() != b.to_string() || hint(a) != hint(b) || a.location != b.location {
        return Err(format!(
            "errors differ:\n new: {a}\n  {:?}\n old: {b}\n  {:?}",
            a.hint, b.hint
        ));
    }
    Ok(())
}

fn agree(bytes: &[u8], opts: &LoadOptions) -> Result<(), String> {
    let new = parse_csv(bytes, "t.csv", opts);
    let old = reference_load::parse_csv(bytes, "t.csv", opts);
    match (&new, &old) {
        (Ok(a), Ok(b)) => same_table(a, b),
        (Err(a), Err(b)) => same_error(a, b),
        (Ok(_), Err(e)) => Err(format!("new reads it, old refuses: {e}")),
        (Err(e), Ok(_)) => Err(format!("old reads it, new refuses: {e}")),
    }
}

fn option_sets() -> Vec<LoadOptions> {
    let mut v = vec![LoadOptions::default()];
    for delimiter in [Some(b','), Some(b';')] {
        for decimal_comma in [None, Some(false), Some(true)] {
            for encoding in [None, Some(Encoding::Latin1)] {
                v.push(LoadOptions {
                    delimiter,
                    decimal_comma,
                    encoding,
                    ..Default::default()
                });
            }
        }
    }
    v
}

fn csv_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            csv_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "csv") {
            out.push(p);
        }
    }
}

#[test]
fn every_csv_file_in_the_repository_reads_the_same() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    csv_files(&root.join("data"), &mut files);
    csv_files(&root.join("tests/fixtures"), &mut files);
    assert!(files.len() >= 20, "corpus not found: {files:?}");
    let mut read = 0;
    // Files in formats the old loader never knew: role columns named as
    // Swedish Excel exports name them (`Område-ID`, `Stadsdel`, `Årtal`).
    // Their reading is tested against the plain file they were made from
    // (tests/analyst_workflow.rs: the same fit).
    const NEWER_FORMAT: &[&str] = &["stadsdelar-excel.csv"];
    files.retain(|f| !NEWER_FORMAT.iter().any(|n| f.ends_with(n)));
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        for opts in option_sets() {
            if let Err(why) = agree(&bytes, &opts) {
                panic!("{} with {opts:?}: {why}", f.display());
            }
        }
        read += parse_csv(&bytes, "t.csv", &LoadOptions::default()).is_ok() as usize;
    }
    // Some files are tables the loader reads (not only errors compared):
    // the data files; the golden outputs are mostly refused (text columns).
    assert!(read >= 5, "{read} of {}", files.len());
}

/// A file of `rows` rows large enough for parallel chunks (> 1 MiB), with
/// decimal commas, missing values and a Latin-1-free UTF-8 name column.
fn big_file(rows: usize, delim: char, comma: bool) -> String {
    let mut s = format!("id{d}namn{d}år{d}x{d}y{d}z\n", d = delim);
    for r in 0..rows {
        let x = (r as f64 * 0.37).sin() * 1234.5678;
        let mut xs = format!("{x}");
        if comma {
            xs = xs.replace('.', ",");
        }
        let y = if r % 97 == 0 {
            String::new()
        } else {
            format!("{}", r * 3)
        };
        s.push_str(&format!(
            "{r:06}{d}Område {r}{d}{}{d}{xs}{d}{y}{d}{}e-3\n",
            2000 + r % 3,
            r % 1000,
            d = delim
        ));
        if r % 5000 == 0 {
            s.push_str("\r\n"); // a blank line (CRLF) in between
        }
    }
    s
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

#[test]
fn large_files_read_the_same_in_parallel_chunks() {
    for (delim, comma) in [(',', false), (';', true), ('\t', false)] {
        let text = big_file(40_000, delim, comma);
        assert!(text.len() > 1 << 20);
        for threads in [1, 2, 5] {
            in_pool(threads, || agree(text.as_bytes(), &LoadOptions::default())).unwrap();
        }
        let t = in_pool(4, || {
            parse_csv(text.as_bytes(), "t.csv", &LoadOptions::default())
        })
        .unwrap();
        assert_eq!(t.len(), 40_000);
        assert_eq!(*t.line.last().unwrap(), 40_000 + 1 + 8);
    }
}

/// Line ends the parallel reader must treat as the csv reader does: CRLF
/// throughout (the header's `\n` is then left at the start of the body), a
/// lone CR ending a record mid-file, blank and all-empty rows, no line end
/// at the end of the file.
#[test]
fn large_files_with_odd_line_ends_read_the_same() {
    let lf = big_file(40_000, ',', false);
    let crlf = lf.replace('\n', "\r\n");
    let no_last_newline = lf.trim_end().to_string();
    let lone_cr = lf.replacen("\n000100,", "\r000100,", 1);
    let blank_rows = lf.replace("\n001000,", "\n,,,,,\n   \n001000,");
    for text in [crlf, no_last_newline, lone_cr, blank_rows] {
        assert!(text.len() > 1 << 20);
        for threads in [1, 2, 3] {
            in_pool(threads, || agree(text.as_bytes(), &LoadOptions::default())).unwrap();
        }
    }
}

#[test]
fn large_files_report_the_first_problem_in_file_order() {
    let base = big_file(40_000, ';', true);
    let lines: Vec<&str> = base.lines().collect();
    let edit = |edits: &[(usize, &str)]| {
        let mut l: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
        for (i, new) in edits {
            l[*i] = new.to_string();
        }
        l.join("\n") + "\n"
    };
    let cases = [
        // (text, whether it is refused)
        // A bad number late and a duplicate earlier: the duplicate is first.
        (
            edit(&[
                (30_000, "005000;Dup;2002;1,5;2;3e-3"),
                (39_000, "xx;Bad;2000;abc;1;1"),
            ]),
            true,
        ),
        // A bad number early, a ragged row late: ragged rows are checked first.
        (
            edit(&[(100, "000100;A;2000;abc;1;1"), (39_000, "1;2")]),
            true,
        ),
        // The sample (first rows) has no decimal marks, the end has points.
        {
            let mut s = String::from("id;x\n");
            for r in 0..120_000 {
                s.push_str(&format!("{r};{}\n", r % 7));
            }
            s.push_str("x1;2.5\n");
            (s, false)
        },
        // Thousands-like cells everywhere but one cell settles it late.
        {
            let mut s = String::from("id,x\n");
            for r in 0..120_000 {
                s.push_str(&format!("{r},{}\n", r % 7));
            }
            s.push_str("x1,\"1,234\"\nx2,\"2,5\"\n");
            (s, false)
        },
        // Ambiguous: only thousands-like cells.
        {
            let mut s = String::from("id;x\n");
            for r in 0..120_000 {
                s.push_str(&format!("{r};{}\n", r % 7));
            }
            s.push_str("x1;1.234\n");
            (s, true)
        },
    ];
    for (text, refused) in &cases {
        for threads in [1, 3] {
            in_pool(threads, || agree(text.as_bytes(), &LoadOptions::default())).unwrap();
        }
        let r = in_pool(3, || {
            parse_csv(text.as_bytes(), "t.csv", &LoadOptions::default())
        });
        assert_eq!(r.is_err(), *refused, "{:?}", r.err());
    }
}

/// Header names the rewrite reads as role columns on purpose (Swedish Excel
/// exports' names; tests/analyst_workflow.rs tests them) and the reference
/// loader reads as numbers. Pieces can join into them (`kommun` + `namn`).
const NEWER_ROLE_NAMES: &[&str] = &["stadsdel", "kommunnamn", "områdesnamn", "årtal", "artal"];

/// CSV-like text from the pieces that drive the parser's decisions, without
/// the cell forms the rewrite reads differently on purpose (a lone `-` or
/// `–` is now missing, a trailing `%` is dropped) and without the newer role
/// names.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        "id", "kommun", "year", "år", "namn", "x", ",", ";", "\t", "\n", "\r\n", "\r", "\"", "1",
        "0180", "12,5", "1 234", "1,234", "9.271", "\u{a0}", "..", "NA", "NaN", "inf", "-1", ".",
        "e9", "\u{feff}", "\u{f6}", "2022", "", " ", "\x07", "+2.5", "1e400",
    ]);
    prop::collection::vec(pieces, 0..60)
        .prop_map(|p| p.concat())
        .prop_filter("a header name read differently on purpose", |t| {
            let t = t.to_lowercase();
            !NEWER_ROLE_NAMES.iter().any(|n| t.contains(n))
        })
        .prop_map(String::into_bytes)
}

fn options() -> impl Strategy<Value = LoadOptions> {
    (
        prop::option::of(prop::sample::select(vec![b',', b';', b'\t'])),
        prop::option::of(any::<bool>()),
        prop::option::of(prop::sample::select(vec![Encoding::Utf8, Encoding::Latin1])),
    )
        .prop_map(|(delimiter, decimal_comma, encoding)| LoadOptions {
            delimiter,
            decimal_comma,
            encoding,
            ..Default::default()
        })
}

/// Tidy tables: header and rows of numbers in the forms the loader accepts.
fn tidy() -> impl Strategy<Value = Vec<u8>> {
    let cell = prop::sample::select(vec![
        "1",
        "-0",
        "0.5",
        "1e-300",
        "12345678901234567890",
        "3.14159265358979",
        "",
        "NA",
        "..",
        "7,25",
        "1 234",
        "-12 345,5",
        " 42 ",
        "2.5e3",
    ]);
    let row = prop::collection::vec(cell, 3);
    (
        prop::collection::vec(row, 1..40),
        prop::sample::select(vec![",", ";", "\t"]),
    )
        .prop_map(|(rows, d)| {
            let mut s = format!("id{d}a{d}b{d}c\n");
            for (i, r) in rows.iter().enumerate() {
                s.push_str(&format!("{i}{d}{}\n", r.join(d)));
            }
            s.into_bytes()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn csv_like_text_reads_the_same(bytes in csvish(), opts in options()) {
        agree(&bytes, &opts).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn tidy_tables_read_the_same(bytes in tidy(), opts in options()) {
        agree(&bytes, &opts).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn arbitrary_bytes_read_the_same(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        // Lone dashes and percent signs are read differently on purpose.
        let bytes: Vec<u8> = bytes
            .into_iter()
            .map(|b| if matches!(b, b'-' | b'%' | 0x96) { b'x' } else { b })
            .collect();
        agree(&bytes, &LoadOptions::default()).map_err(TestCaseError::fail)?;
    }
}
