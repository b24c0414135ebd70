//! Property tests: no input bytes make the CSV loader panic, and well-formed
//! tables survive a write/read round trip unchanged.

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
        "id", "kommun", "year", "år", "namn", "x", ",", ";", "\t", "\n", "\r\n", "\"", "1", "0180",
        "12,5", "1 234", "\u{a0}", "..", "NA", "NaN", "inf", "-", ".", "e9", "\u{feff}", "\u{f6}",
        "2022", "", " ",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat().into_bytes())
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
                Column { name: "A".into(), values: rows.iter().map(|r| r.2).collect() },
                Column { name: "B".into(), values: rows.iter().map(|r| r.3).collect() },
            ],
        };
        let text = write_table_csv(&t);
        let back = parse_csv(text.as_bytes(), "rt.csv", &LoadOptions::default()).unwrap();
        prop_assert_eq!(back, t);
    }
}
