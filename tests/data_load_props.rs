//! Property tests: no input bytes make the CSV loader panic, and well-formed
//! tables survive a write/read round trip unchanged. The pieces include the
//! hostile inputs of the robustness review: CR-only line endings, stray
//! Latin-1 bytes in UTF-8, control characters, very long names, thousands
//! separators that look like decimal marks, empty and `NA` years and groups.

use modellvarde::data::kolada::write_table_csv;
use modellvarde::data::load::{parse_csv, Encoding, LoadOptions};
use modellvarde::data::{Column, Table};
use proptest::prelude::*;

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

/// CSV-like text: the characters that drive the parser's decisions.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        "id",
        "kommun",
        "year",
        "år",
        "namn",
        "x",
        ",",
        ";",
        "\t",
        "\n",
        "\r\n",
        "\"",
        "1",
        "0180",
        "12,5",
        "1 234",
        "\u{a0}",
        "..",
        "NA",
        "NaN",
        "inf",
        "-",
        ".",
        "e9",
        "\u{feff}",
        "\u{f6}",
        "2022",
        "",
        " ",
        // Hostile pieces: CR-only lines, control characters, US thousands,
        // point thousands, role headers, missing years and groups.
        "\r",
        "\u{1b}",
        "\u{7}",
        "\u{0}",
        "\"18,094\"",
        "9.271",
        "group",
        "Year",
        ",NA,",
        ",,",
        "1e308",
        "1.797e308",
        "-0",
        "=HYPERLINK(1)",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat().into_bytes())
}

/// CSV-like text with raw bytes spliced in: a stray Latin-1 byte in UTF-8,
/// UTF-16 markers, invalid UTF-8 sequences.
fn mixed_bytes() -> impl Strategy<Value = Vec<u8>> {
    (
        csvish(),
        prop::collection::vec(
            (
                0usize..400,
                prop::sample::select(vec![0xF6u8, 0xE5, 0xC3, 0xFF, 0xFE, 0x80, 0x00]),
            ),
            0..4,
        ),
    )
        .prop_map(|(mut bytes, splices)| {
            for (at, b) in splices {
                let at = at.min(bytes.len());
                bytes.insert(at, b);
            }
            bytes
        })
}

/// A well-formed header and rows whose name cell is `name` (possibly long).
fn table_with_name(name: &str) -> String {
    format!("id,name,year,y\n1,{name},2022,1\n2,B,2022,2\n")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400), opts in options()) {
        let _ = parse_csv(&bytes, "fuzz.csv", &opts);
    }

    #[test]
    fn csv_like_text_never_panics(bytes in csvish(), opts in options()) {
        if let Err(e) = parse_csv(&bytes, "fuzz.csv", &opts) {
            // Every error names the file.
            prop_assert!(e.to_string().contains("fuzz.csv"), "{}", e);
        }
    }

    #[test]
    fn mixed_encodings_never_panic_and_errors_name_the_file(bytes in mixed_bytes(), opts in options()) {
        if let Err(e) = parse_csv(&bytes, "fuzz.csv", &opts) {
            prop_assert!(e.to_string().contains("fuzz.csv"), "{}", e);
        }
    }

    #[test]
    fn control_characters_and_long_names_are_refused_with_the_line(
        c in prop::sample::select(vec!['\u{1b}', '\u{7}', '\u{0}', '\u{8}', '\u{7f}', '\u{9b}']),
        len in 0usize..3000,
    ) {
        let name = format!("A{c}{}", "x".repeat(len));
        let err = parse_csv(table_with_name(&name).as_bytes(), "n.csv", &LoadOptions::default())
            .expect_err("a control character in a name must be refused");
        prop_assert!(err.to_string().contains("n.csv:2"), "{}", err);
        prop_assert!(!err.to_string().contains(c), "the raw character is echoed: {:?}", err.to_string());
        let long = "y".repeat(1001 + len);
        let err = parse_csv(table_with_name(&long).as_bytes(), "n.csv", &LoadOptions::default())
            .expect_err("a name over 1000 characters must be refused");
        prop_assert!(err.to_string().contains("n.csv:2"), "{}", err);
    }

    #[test]
    fn cr_only_files_count_lines_like_lf_files(rows in 1usize..30, bad in 0usize..30) {
        let bad = bad % rows;
        let mut text = String::from("id,year,y\n");
        for i in 0..rows {
            let v = if i == bad { "x".to_string() } else { i.to_string() };
            text.push_str(&format!("{i},2022,{v}\n"));
        }
        let lf = parse_csv(text.as_bytes(), "l.csv", &LoadOptions::default()).unwrap_err();
        let cr = parse_csv(text.replace('\n', "\r").as_bytes(), "l.csv", &LoadOptions::default()).unwrap_err();
        prop_assert_eq!(lf.location.line, Some(bad as u64 + 2));
        prop_assert_eq!(cr.location.line, lf.location.line);
    }

    #[test]
    fn grouped_thousands_are_never_guessed_as_decimals(
        vals in prop::collection::vec((1u32..1000, 0u32..1000), 2..12),
        semicolon in any::<bool>(),
    ) {
        // Every cell looks like n,nnn (comma file) or n.nnn (semicolon file):
        // the loader must stop and ask, not guess a factor of 1 000.
        let (sep, mark) = if semicolon { (';', '.') } else { (',', ',') };
        let mut text = format!("id{sep}year{sep}y\n");
        for (i, (a, b)) in vals.iter().enumerate() {
            text.push_str(&format!("{i}{sep}2022{sep}\"{a}{mark}{b:03}\"\n"));
        }
        let err = parse_csv(text.as_bytes(), "t.csv", &LoadOptions::default())
            .expect_err("ambiguous separator must be refused");
        prop_assert!(err.to_string().contains("column 'y'"), "{}", err);
        // Saying which it is settles it.
        let decimal_comma = Some(mark == ',');
        let t = parse_csv(text.as_bytes(), "t.csv", &LoadOptions { decimal_comma, ..Default::default() });
        prop_assert!(t.is_ok(), "{:?}", t.err());
    }

    #[test]
    fn tidy_csv_round_trips(
        rows in prop::collection::vec(
            (1u16..9999, 2000i32..2030, prop::option::of(-1e9f64..1e9), prop::option::of(any::<f64>().prop_filter("finite", |v| v.is_finite()))),
            1..30,
        )
    ) {
        let mut rows = rows;
        rows.sort_by_key(|r| (r.0, r.1));
        rows.dedup_by_key(|r| (r.0, r.1));
        let n = rows.len();
        let t = Table {
            source: "rt.csv".into(),
            id: rows.iter().map(|r| format!("{:04}", r.0)).collect(),
            name: rows.iter().map(|r| format!("Kommun, {}", r.0)).collect(),
            group: rows.iter().map(|r| format!("{:02}", r.0 / 100)).collect(),
            group_name: rows.iter().map(|r| format!("Län \"{}\"", r.0 / 100)).collect(),
            year: rows.iter().map(|r| Some(r.1)).collect(),
            line: (2..2 + n as u64).collect(),
            columns: vec![
                Column::new("A", rows.iter().map(|r| r.2)),
                Column::new("B", rows.iter().map(|r| r.3)),
            ],
        };
        let text = write_table_csv(&t);
        let back = parse_csv(text.as_bytes(), "rt.csv", &LoadOptions::default()).unwrap();
        prop_assert_eq!(back, t);
    }
}
