//! Property tests: no spec text makes the spec parser or the spec check panic.
//! Arbitrary strings, and TOML-like text built from the spec's own keys and
//! values, must give either a spec or a located error. Specs that check are
//! then designed and fitted on a table of degenerate columns (constant, zero,
//! 1e200, 1e-300, perfectly fitted, missing years and groups): every task
//! ends in a result or an error, never a panic.

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
        "[]",
        "\"Year\"",
        "\"ZERO\"",
        "\"CONST\"",
        "\"HUGE\"",
        "\"TINY\"",
        "\"EXACT\"",
        "[\"ZERO\", \"HUGE\"]",
        "[\"TINY\", \"U00801\"]",
        "[\"CONST\"]",
        "[\"EXACT\"]",
        "[2099]",
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

/// A table of degenerate columns: ZERO (0 everywhere), CONST (42), HUGE (one
/// 1e200), TINY (one 1e-300), EXACT (= 3 + 2·U00801), plus rows with an empty
/// year and an `NA` group, beside the ordinary columns of [`table`].
fn hostile_table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let mut csv = String::from(
            "kommun,kommun_name,lan,year,U31001,N01951,U00801,N07901,ZERO,CONST,HUGE,TINY,EXACT\n",
        );
        let mut k = 0;
        for lan in ["01", "12", "NA"] {
            for year in ["2013", "2020", "2022", ""] {
                for j in 0..4 {
                    k += 1;
                    let x = 2.0 + 0.3 * f64::from(k % 7) + 0.1 * f64::from(j);
                    csv.push_str(&format!(
                        "{k:04},K{k},{lan},{year},{},{},{x},{},0,42,{},{},{}\n",
                        900.0 + 13.0 * f64::from(k % 5),
                        10000 + 1000 * j,
                        100.0 + f64::from(k % 3),
                        if k == 5 { 1e200 } else { f64::from(k) },
                        if k == 6 { 1e-300 } else { f64::from(k % 4) },
                        3.0 + 2.0 * x,
                    ));
                }
            }
        }
        parse_csv(csv.as_bytes(), "hostile.csv", &LoadOptions::default()).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        let _ = ModelSpec::from_toml(&text, "fuzz.toml");
    }

    #[test]
    fn checked_specs_fit_or_fail_cleanly_on_degenerate_columns(text in specish()) {
        if let Ok(spec) = ModelSpec::from_toml(&text, "fuzz.toml") {
            if let Ok(checked) = spec.check(hostile_table()) {
                for year in checked.tasks() {
                    let _ = modellvarde::runner::run_model(&checked, hostile_table(), year, None);
                }
            }
        }
    }

    #[test]
    fn spec_like_text_never_panics_in_parse_or_check(text in specish()) {
        if let Ok(spec) = ModelSpec::from_toml(&text, "fuzz.toml") {
            let _ = spec.check(table());
        }
    }
}
