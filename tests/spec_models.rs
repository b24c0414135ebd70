//! The shipped model specifications parse, and check against a table that has
//! the columns they use.

use std::fs;

use modellvarde::data::{Column, Table};
use modellvarde::spec::ModelSpec;

fn table_with(columns: &[&str]) -> Table {
    let mut t = Table {
        source: "synthetic".into(),
        ..Default::default()
    };
    for year in 2010..=2022 {
        for (g, county) in ["01", "12", "14", "25"].iter().enumerate() {
            t.id.push(&format!("{:02}{g:02}", year % 100));
            t.name.push("");
            t.group.push(county);
            t.group_name.push("");
            t.year.push(Some(year));
            t.line.push(t.line.len() as u64 + 2);
        }
    }
    let n = t.id.len();
    t.columns = columns
        .iter()
        .map(|c| Column::new(*c, vec![Some(1.0); n]))
        .collect();
    t
}

#[test]
fn every_shipped_spec_parses_and_checks() {
    let t = table_with(&[
        "U31001", "N31008", "U31004", "N01951", "U00801", "U01805", "N01984", "N02942", "N07901",
    ]);
    let mut names = Vec::new();
    for e in fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/models")).unwrap() {
        let p = e.unwrap().path();
        // The district examples run on data/stadsdelar-exempel.csv (checked in
        // tests/compare_cli.rs), not on municipality columns.
        if p.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("stadsdelar-")
        {
            continue;
        }
        let text = fs::read_to_string(&p).unwrap();
        let spec =
            ModelSpec::from_toml(&text, &p.display().to_string()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            format!("{}.toml", spec.name),
            p.file_name().unwrap().to_string_lossy(),
            "the spec name should match its file name"
        );
        let checked = spec.check(&t).unwrap_or_else(|e| panic!("{e}"));
        assert!(!checked.tasks().is_empty());
        names.push(spec.name);
    }
    names.sort();
    assert_eq!(
        names,
        [
            "riket",
            "riket-lan",
            "riket-nettokostnad",
            "storstadslanen",
            "storstadslanen-linjar"
        ]
    );
}

#[test]
fn storstadslanen_is_the_goteborg_model() {
    let text = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/storstadslanen.toml"
    ))
    .unwrap();
    let s = ModelSpec::from_toml(&text, "storstadslanen.toml").unwrap();
    assert_eq!(s.outcome, "U31001");
    // Chosen by cross-validation (the numbers are in the spec's comments);
    // the linear model of the source documents is storstadslanen-linjar.
    assert_eq!(s.family, modellvarde::family::Family::Gamma);
    let lin = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/storstadslanen-linjar.toml"
    ))
    .unwrap();
    let lin = ModelSpec::from_toml(&lin, "storstadslanen-linjar.toml").unwrap();
    assert_eq!(lin.family, modellvarde::family::Family::Gaussian);
    assert_eq!(lin.weight.as_deref(), Some("N01951"));
    assert_eq!(lin.covariates, s.covariates);
    assert_eq!(s.weight.as_deref(), Some("N01951"));
    assert_eq!(
        s.sample.groups.as_deref(),
        Some(&["01".to_string(), "12".into(), "14".into()][..])
    );
    let c = s
        .check(&table_with(&[
            "U31001", "N01951", "U00801", "U01805", "N01984", "N02942", "N07901",
        ]))
        .unwrap();
    assert_eq!(c.years, (2013..=2022).collect::<Vec<_>>());
}
