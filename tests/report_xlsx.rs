//! The XLSX workbook: a zip with the expected sheets, numbers stored as numeric
//! cells, the header row frozen, and byte-identical output for the same input.

use std::io::Read;

use modellvarde::lang::Lang;
use modellvarde::report::areas_xlsx;
use modellvarde::report::sample::synthetic;

fn part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
    let mut f = z
        .by_name(name)
        .unwrap_or_else(|_| panic!("no {name} in the workbook"));
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    s
}

#[test]
fn workbook_is_a_zip_with_sheets_and_numeric_cells() {
    let r = synthetic(20);
    let bytes = areas_xlsx(&r, Lang::Sv).unwrap();
    assert_eq!(&bytes[..2], b"PK");
    let wb = part(&bytes, "xl/workbook.xml");
    for name in ["Områden", "Koefficienter", "Anpassning", "Uteslutna"] {
        assert!(
            wb.contains(&format!("name=\"{name}\"")),
            "missing sheet {name}"
        );
    }
    let areas = part(&bytes, "xl/worksheets/sheet1.xml");
    // Header row frozen.
    assert!(
        areas.contains("<pane xSplit=\"3\" ySplit=\"1\"") && areas.contains("state=\"frozen\""),
        "header row and area columns not frozen"
    );
    assert!(areas.contains("<cols>"), "column widths not set");
    // Row 2 is the top-ranked area; its actual value (column G) is a number
    // cell (no t="s" string type) holding the full-precision value.
    let top = &r.areas[modellvarde::report::ranking_order(&r)[0]];
    let g2_start = areas.find("<c r=\"G2\"").expect("cell G2");
    let g2 = &areas[g2_start..g2_start + areas[g2_start..].find("</c>").unwrap()];
    assert!(!g2.contains("t=\"s\""), "G2 stored as text: {g2}");
    let v = &g2[g2.find("<v>").unwrap() + 3..];
    let v: f64 = v[..v.find("</v>").unwrap()].parse().unwrap();
    assert_eq!(v, top.actual);
    // English headers on request.
    let en = areas_xlsx(&r, Lang::En).unwrap();
    assert!(part(&en, "xl/workbook.xml").contains("name=\"Areas\""));
}

#[test]
fn same_input_gives_identical_bytes() {
    let r = synthetic(30);
    let a = areas_xlsx(&r, Lang::Sv).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let b = areas_xlsx(&r, Lang::Sv).unwrap();
    assert!(a == b, "two runs on the same input differ");
    assert!(part(&a, "docProps/core.xml").contains("2000-01-01T00:00:00Z"));
}

#[test]
fn a_glm_fit_sheet_has_no_linear_only_rows() {
    // The shipped storstadslanen spec is a Gamma log-link model: its fit sheet
    // gives the share of deviance explained and the dispersion, not R², σ̂ or
    // F, which belong to the linear model (its linear continuity spec keeps them).
    let dir = crate::util::workdir();
    let out = dir.path().join("out");
    let o = crate::util::run_in(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "report",
            "--model",
            "storstadslanen",
            "--model",
            "storstadslanen-linjar",
            "--year",
            "2022",
            "--no-plots",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let strings = |model: &str| {
        let bytes = std::fs::read(dir.path().join(format!("out/{model}/2022/areas.xlsx"))).unwrap();
        part(&bytes, "xl/sharedStrings.xml")
    };
    let glm = strings("storstadslanen");
    assert!(glm.contains("Förklarad andel av deviansen"), "{glm}");
    assert!(
        !glm.contains("Justerat R²"),
        "adjusted R² in a GLM's fit sheet"
    );
    assert!(!glm.contains("σ̂"), "σ̂ in a GLM's fit sheet");
    let lin = strings("storstadslanen-linjar");
    assert!(lin.contains("Justerat R²") && lin.contains("σ̂"), "{lin}");
}

/// The areas sheet ends with the modelled value's confidence interval (the
/// reason a percent is withheld) where the result has it; a result written
/// before the interval existed keeps the columns it had.
#[test]
fn the_modelled_values_confidence_interval_is_the_last_two_columns() {
    let mut r = synthetic(20);
    let header = |r: &modellvarde::results::ModelResult| {
        part(&areas_xlsx(r, Lang::Sv).unwrap(), "xl/sharedStrings.xml")
    };
    assert!(!header(&r).contains("Modellvärdets konfidensintervall"));
    for a in &mut r.areas {
        a.modelled_ci_low = Some(a.modelled - 100.0);
        a.modelled_ci_high = Some(a.modelled + 100.0);
    }
    let strings = header(&r);
    let low = strings
        .find("Modellvärdets konfidensintervall, låg")
        .expect("low column");
    let high = strings
        .find("Modellvärdets konfidensintervall, hög")
        .expect("high column");
    // Shared strings are numbered in the order written: the header row left
    // to right, so the two come last and in this order.
    let last_header = strings.find("Deviansresidual").expect("the column before");
    assert!(last_header < low && low < high, "{strings}");
}
