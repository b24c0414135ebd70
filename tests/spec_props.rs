//! Property tests: no spec text makes the spec parser or the spec check panic.
//! Arbitrary strings, and TOML-like text built from the spec's own keys and
//! values, must give either a spec or a located error.

use std::sync::OnceLock;

use modellvarde::data::load::{parse_csv, LoadOptions};
use modellvarde::data::Table;
use modellvarde::spec::ModelSpec;
use proptest::prelude::*;

/// Pieces of spec text: keys, values and TOML punctuation in any order.
fn specish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "name = ",
        "title = ",
        "outcome = ",
        "covariates = ",
        "weight = ",
        "intercept = ",
        "transforms = ",
        "fixed_effects = ",
        "pooled = ",
        "reference = ",
        "data = ",
        "[sample]\n",
        "years = ",
        "groups = ",
        "[flags]\n",
        "alpha = ",
        "correction = ",
        "min_deviation_pct = ",
        "{ from = 2013, to = 2022 }",
        "{ from = 2022, to = 2013 }",
        "[2020, 2022]",
        "[\"01\", \"12\"]",
        "\"U31001\"",
        "\"N01951\"",
        "[\"U00801\", \"N07901\"]",
        "[\"group\"]",
        "[\"year\"]",
        "{ U00801 = \"log\" }",
        "\"bh\"",
        "\"x\"",
        "0.05",
        "1.5",
        "-1",
        "true",
        "false",
        "\"\"",
        "[",
        "]",
        "{",
        "}",
        "=",
        "\"",
        "\n",
        "#",
        "é",
        "\u{0}",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

/// A small table with the columns the spec pieces name (parsed once).
fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let mut csv = String::from("kommun,kommun_name,lan,year,U31001,N01951,U00801,N07901\n");
        for (i, lan) in ["01", "12", "14"].iter().enumerate() {
            for year in [2013, 2020, 2022] {
                for k in 0..4 {
                    let v = (i * 7 + k * 3) as f64 + f64::from(year - 2013) * 0.5;
                    csv.push_str(&format!(
                        "{lan}{k:02},Kommun {lan}{k},{lan},{year},{},{},{},{}\n",
                        900.0 + 40.0 * v,
                        10000 + 1000 * k,
                        2.0 + 0.3 * v,
                        100.0 + 7.0 * (v * 1.3).sin()
                    ));
                }
            }
        }
        parse_csv(csv.as_bytes(), "props.csv", &LoadOptions::default()).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        let _ = ModelSpec::from_toml(&text, "fuzz.toml");
    }

    #[test]
    fn spec_like_text_never_panics_in_parse_or_check(text in specish()) {
        if let Ok(spec) = ModelSpec::from_toml(&text, "fuzz.toml") {
            let _ = spec.check(table());
        }
    }
}
