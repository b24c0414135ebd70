//! The embedded municipality data and the Kolada importers: re-importing the raw
//! DDF dump reproduces `data/kommuner.csv` byte for byte, known values match the
//! raw files, and the API v2 JSON importer reads the hand-written fixtures.

use std::path::{Path, PathBuf};

use modellvarde::data::dictionary::{embedded_dictionary, embedded_table};
use modellvarde::data::kolada::{import_ddf, import_json, write_table_csv};
use modellvarde::data::Table;
use modellvarde::lang::Lang;

const RAW: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/raw/kolada-ddf");
const EMBEDDED_CSV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/kommuner.csv");

fn raw_dir() -> Option<PathBuf> {
    let p = PathBuf::from(RAW);
    if p.is_dir() {
        Some(p)
    } else {
        println!("note: {RAW} is absent; skipping the re-import check");
        None
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/kolada-json")
        .join(name)
}

fn value(t: &Table, id: &str, year: i32, col: &str) -> Option<f64> {
    let row = (0..t.len()).find(|&i| &t.id[i] == id && t.year[i] == Some(year))?;
    t.column(col)?.get(row)
}

/// The value for (geo, year) in a raw DDF datapoint file, read as text.
fn raw_value(dir: &Path, kpi: &str, geo: &str, year: i32) -> f64 {
    let path = dir.join(format!(
        "datapoints/ddf--datapoints--{}--by--geo--year.csv",
        kpi.to_lowercase()
    ));
    let text = std::fs::read_to_string(&path).unwrap();
    let prefix = format!("{geo},{year},");
    let line = text
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("{prefix} not in {}", path.display()));
    line[prefix.len()..].trim().parse().unwrap()
}

#[test]
fn reimport_reproduces_embedded_csv_byte_for_byte() {
    let Some(dir) = raw_dir() else { return };
    let t = import_ddf(&dir, 2010..=2022).unwrap();
    let fresh = write_table_csv(&t);
    let shipped = std::fs::read_to_string(EMBEDDED_CSV).unwrap();
    assert!(
        fresh == shipped,
        "data/kommuner.csv differs from a fresh import; regenerate it with `modellvarde import kolada-ddf` (see data/README.md)"
    );
}

#[test]
fn embedded_table_shape() {
    let t = embedded_table();
    assert_eq!(t.len(), 3770, "290 municipalities x 13 years");
    let mut ids = t.id.to_vec();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 290);
    assert_eq!(t.years(), (2010..=2022).collect::<Vec<_>>());
    assert_eq!(t.columns.len(), 42);
    // Ids and county codes keep their leading zeros.
    let sthlm = t.id.iter().position(|i| i == "0180").unwrap();
    assert_eq!(&t.name[sthlm], "Stockholm");
    assert_eq!(&t.group[sthlm], "01");
    assert_eq!(&t.group_name[sthlm], "Region Stockholm");
    let gbg = t.id.iter().position(|i| i == "1480").unwrap();
    assert_eq!((&t.name[gbg], &t.group[gbg]), ("Göteborg", "14"));
    // Sorted by municipality, then year.
    let keys: Vec<(&str, Option<i32>)> = t.id.iter().zip(t.year.iter().copied()).collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]));
    // The columns the shipped models need (issue 3) are all there.
    for c in [
        "U31001", "N31004", "N31001", "N31008", "N31807", "N01951", "U00801", "U01805", "N01984",
        "U01804", "N02942", "N07901", "N00905", "N03920", "N02925", "U01803", "U31004",
    ] {
        assert!(t.column(c).is_some(), "{c} missing");
    }
}

#[test]
fn embedded_values_match_the_raw_files() {
    let t = embedded_table();
    // Golden values copied from the raw DDF files
    // (ddf--datapoints--u31001/n01951--by--geo--year.csv, rows 0180,2022 and 1280,2022).
    assert_eq!(value(&t, "0180", 2022, "U31001"), Some(972.4865478));
    assert_eq!(value(&t, "0180", 2022, "N01951"), Some(984748.0));
    assert_eq!(value(&t, "1280", 2022, "U31001"), Some(2555.570837));
    // U31004 exists only for 2020-2022.
    assert_eq!(value(&t, "0180", 2019, "U31004"), None);
    assert!(value(&t, "0180", 2020, "U31004").is_some());
    let Some(dir) = raw_dir() else { return };
    for (kpi, geo, year) in [
        ("U31001", "0180", 2022),
        ("N01951", "0180", 2022),
        ("U00801", "1480", 2015),
        ("N07901", "2584", 2013),
        ("N00905", "0330", 2010),
    ] {
        assert_eq!(
            value(&t, geo, year, kpi),
            Some(raw_value(&dir, kpi, geo, year)),
            "{kpi} {geo} {year}"
        );
    }
}

#[test]
fn year_range_filters_rows() {
    let Some(dir) = raw_dir() else { return };
    let t = import_ddf(&dir, 2022..=2022).unwrap();
    assert_eq!(t.len(), 290);
    assert_eq!(t.years(), [2022]);
    let e = import_ddf(&dir, std::ops::RangeInclusive::new(2023, 2022)).unwrap_err();
    assert!(e.to_string().contains("empty"), "{e}");
    let e = import_ddf(&dir, 1900..=1901).unwrap_err();
    assert!(e.to_string().contains("no municipality values"), "{e}");
}

#[test]
fn missing_folder_is_named() {
    let e = import_ddf(Path::new("/no/such/kolada"), 2010..=2022).unwrap_err();
    let s = e.to_string();
    assert!(
        s.contains("/no/such/kolada") && s.contains("does not exist"),
        "{s}"
    );
}

#[test]
fn bad_ddf_value_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("entities")).unwrap();
    std::fs::create_dir_all(d.join("datapoints")).unwrap();
    std::fs::write(
        d.join("entities/ddf--entities--geo--kommun.csv"),
        "kommun,name,region,rike,is--kommun\n0180,Stockholm,01,0,TRUE\n",
    )
    .unwrap();
    std::fs::write(
        d.join("entities/ddf--entities--geo--region.csv"),
        "region,name,rike,is--region\n01,Region Stockholm,0,TRUE\n",
    )
    .unwrap();
    let dp = d.join("datapoints/ddf--datapoints--x00001--by--geo--year.csv");
    // CRLF line ends, as in the real dump: the line must still be right.
    std::fs::write(
        &dp,
        "geo,year,x00001\r\n0,2020,1\r\n0180,2020,1.5\r\n0180,2021,abc\r\n",
    )
    .unwrap();
    let e = import_ddf(d, 2010..=2022).unwrap_err();
    assert!(e.to_string().contains("ddf--datapoints--x00001"), "{e}");
    assert_eq!(e.location.line, Some(4));
    assert_eq!(e.location.column.as_deref(), Some("x00001"));
    assert_eq!(e.location.area.as_deref(), Some("0180 Stockholm"));

    std::fs::write(&dp, "geo,year,x00001\n0180,2020,1\n0180,2020,2\n").unwrap();
    let e = import_ddf(d, 2010..=2022).unwrap_err();
    assert!(e.to_string().contains("lines 2 and 3"), "{e}");

    std::fs::write(&dp, "geo,year,x00001\n0180,2020,1\n0180,2021,\n").unwrap();
    let t = import_ddf(d, 2010..=2022).unwrap();
    assert_eq!(t.len(), 1);
    assert_eq!(t.column("X00001").unwrap().to_vec(), [Some(1.0)]);

    std::fs::remove_file(d.join("entities/ddf--entities--geo--region.csv")).unwrap();
    let e = import_ddf(d, 2010..=2022).unwrap_err();
    assert!(
        e.to_string().contains("ddf--entities--geo--region.csv"),
        "{e}"
    );
}

#[test]
fn json_import_reads_fixtures() {
    let t = import_json(&[
        fixture("n31807.json"),
        fixture("u31001-page1.json"),
        fixture("u31001-page2.json"),
    ])
    .unwrap();
    assert_eq!(t.column_names(), ["N31807", "U31001"]);
    let keys: Vec<(String, Option<i32>)> =
        t.id.iter()
            .map(str::to_owned)
            .zip(t.year.iter().copied())
            .collect();
    let expect: Vec<(String, Option<i32>)> = [
        ("0180", 2021),
        ("0180", 2022),
        ("1280", 2022),
        ("1480", 2022),
        ("2584", 2021),
        ("2584", 2022),
    ]
    .iter()
    .map(|(a, y)| (a.to_string(), Some(*y)))
    .collect();
    assert_eq!(
        keys, expect,
        "country/county rows skipped, sorted by kommun and year"
    );
    // Totals (gender T) are taken, null is missing.
    assert_eq!(value(&t, "0180", 2022, "N31807"), Some(2.084899));
    assert_eq!(value(&t, "2584", 2021, "U31001"), None);
    assert_eq!(value(&t, "2584", 2022, "N31807"), None);
    // Names come from the embedded table, and agree with it.
    assert_eq!(&t.name[0], "Stockholm");
    assert_eq!(&t.group_name[2], "Region Skåne");
    let emb = embedded_table();
    for i in 0..t.len() {
        for c in &t.columns {
            if let Some(v) = c.get(i) {
                assert_eq!(
                    value(&emb, &t.id[i], t.year[i].unwrap(), &c.name),
                    Some(v),
                    "{} {} {:?}",
                    c.name,
                    &t.id[i],
                    t.year[i]
                );
            }
        }
    }
    // Deterministic output, whatever the order of the files.
    let again = import_json(&[
        fixture("u31001-page2.json"),
        fixture("n31807.json"),
        fixture("u31001-page1.json"),
    ])
    .unwrap();
    assert_eq!(write_table_csv(&t), write_table_csv(&again));
}

#[test]
fn json_errors_name_the_file() {
    let e = import_json(&[fixture("malformed.json")]).unwrap_err();
    let s = e.to_string();
    assert!(
        s.contains("malformed.json") && s.contains("not valid JSON"),
        "{s}"
    );
    assert!(e.location.line.is_some(), "{s}");

    let e = import_json(&[fixture("bad-value.json")]).unwrap_err();
    let s = e.to_string();
    assert!(s.contains("bad-value.json"), "{s}");
    assert_eq!(
        e.location.column.as_deref(),
        Some("values[0].values[0].value"),
        "{s}"
    );

    let e = import_json(&[fixture("n31807.json"), fixture("conflict.json")]).unwrap_err();
    let s = e.to_string();
    assert!(
        s.contains("conflict.json") && s.contains("n31807.json"),
        "{s}"
    );
    assert!(s.contains("different values"), "{s}");

    let e = import_json(&[fixture("nope.json")]).unwrap_err();
    assert!(e.to_string().contains("nope.json"), "{e}");
}

#[test]
fn dictionary_labels_the_embedded_columns() {
    let d = embedded_dictionary();
    assert_eq!(d.len(), 42);
    assert_eq!(
        d.label("U31001", Lang::Sv),
        "Utbetalt ekonomiskt bistånd (enl SoS inkl flyktinghushåll), kr/inv"
    );
    assert!(d
        .label("U31001", Lang::En)
        .starts_with("Paid social assistance"));
    assert_eq!(d.unit("N01951"), Some("antal"));
    assert_eq!(d.unit("U31001"), Some("kr/inv"));
    assert!(d.get("U31001").unwrap().source.contains("Socialstyrelsen"));
}
