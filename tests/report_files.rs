//! All exporters together, written as files the way `report` writes them: the
//! same input gives byte-identical files, and every file is non-empty. The
//! files are left under the test tmpdir (`target/tmp/sample-report/`) for a
//! look.

use std::path::Path;

use modellvarde::lang::Lang;
use modellvarde::output::write_atomic;
use modellvarde::report::sample::{synthetic, synthetic_year};
use modellvarde::report::{
    areas_csv, areas_xlsx, coefficients_csv, excluded_csv, index_html, index_md, report_html,
    report_md, IndexEntry,
};

fn write_all(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let r = synthetic(40);
    let years = [synthetic_year(40, 2021)];
    let files: Vec<(String, Vec<u8>)> = vec![
        ("areas.csv".into(), areas_csv(&r).into_bytes()),
        ("coefficients.csv".into(), coefficients_csv(&r).into_bytes()),
        ("excluded.csv".into(), excluded_csv(&r).into_bytes()),
        ("report.md".into(), report_md(&r, Lang::Sv).into_bytes()),
        ("report.en.md".into(), report_md(&r, Lang::En).into_bytes()),
        (
            "report.html".into(),
            report_html(&r, &[], &years, Lang::Sv).into_bytes(),
        ),
        ("areas.xlsx".into(), areas_xlsx(&r, Lang::Sv).unwrap()),
        (
            "index.md".into(),
            index_md(
                &[IndexEntry {
                    model: r.model.name.clone(),
                    title: r.model.title.clone(),
                    year: r.year,
                    r2: r.fit.r2,
                    n: r.fit.n,
                    n_flagged: r.areas.iter().filter(|a| !a.flags.is_empty()).count(),
                    path: "storstadslanen/2022/report.html".into(),
                    ..Default::default()
                }],
                Lang::Sv,
            )
            .into_bytes(),
        ),
        ("index.html".into(), index_html(&[], Lang::Sv).into_bytes()),
    ];
    for (name, bytes) in &files {
        write_atomic(&dir.join(name), bytes).unwrap();
    }
    files
}

#[test]
fn every_output_is_written_and_reproducible() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sample-report");
    let a = write_all(&dir);
    let b = write_all(&dir);
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(!x.is_empty(), "{name} is empty");
        assert!(x == y, "{name} differs between two runs on the same input");
        assert_eq!(&std::fs::read(dir.join(name)).unwrap(), x);
    }
}
