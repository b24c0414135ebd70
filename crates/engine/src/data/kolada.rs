//! Importing Kolada KPI data into the tidy municipality table: from the
//! Gapminder/Open Numbers DDF dump (`ddf--kolada--dump`: one CSV per KPI plus
//! entity lists) and from Kolada API v2 or v3 JSON responses. Also the deterministic
//! CSV writer that produces `data/kommuner.csv`.

// `InputError` carries a full location (file, line, column, area) and a hint;
// errors are rare and cold, so its size in `Result` does not matter here.
#![allow(clippy::result_large_err)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::lines::LineIndex;
use super::{Column, Table};
use crate::error::message::Conflict;
use crate::error::{Hint, InputError, Location, Message};

/// Header of the tidy municipality CSV before the KPI columns.
pub const TIDY_HEADER: [&str; 5] = ["kommun", "kommun_name", "lan", "lan_name", "year"];

const KOMMUN_ENTITIES: &str = "ddf--entities--geo--kommun.csv";
const REGION_ENTITIES: &str = "ddf--entities--geo--region.csv";
const DATAPOINT_PREFIX: &str = "ddf--datapoints--";
const DATAPOINT_SUFFIX: &str = "--by--geo--year.csv";

/// A municipality code as Kolada writes it: four digits, county first
/// (`0180`). Codes starting `00` are Kolada's country (`0000`) and county
/// (`0001`–`0025`) ids in the API, not municipalities.
fn is_kommun_code(code: &str) -> bool {
    code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()) && !code.starts_with("00")
}

/// The municipality code of a DDF `geo` cell: `Ok(None)` for the country
/// (`0`) and counties (two digits, or Kolada's `00NN`), which are skipped by
/// design; a three-digit code is a municipality whose leading zero was lost
/// (a spreadsheet reads `0180` as the number 180) and is padded; anything else
/// is an error, never skipped in silence.
fn kommun_code_of(raw: &str) -> Result<Option<String>, Message> {
    let code = raw.trim();
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Message::NotAreaCode {
            code: code.to_string(),
        });
    }
    match code.len() {
        1 | 2 => Ok(None),
        3 => Ok(Some(format!("0{code}"))),
        4 if is_kommun_code(code) => Ok(Some(code.to_string())),
        4 => Ok(None),
        _ => Err(Message::CodeDigits {
            code: code.to_string(),
            digits: code.len(),
        }),
    }
}

/// Names of municipalities and counties, for filling in the text columns.
#[derive(Debug, Default)]
struct Names {
    /// kommun code → (name, county code)
    kommun: HashMap<String, (String, String)>,
    /// county code → county name
    lan: HashMap<String, String>,
}

impl Names {
    /// (name, county code, county name) for a municipality code. Unknown
    /// municipalities get an empty name and the county from the first two
    /// digits of the code (Swedish municipality codes start with the county).
    fn lookup(&self, code: &str) -> (String, String, String) {
        let (name, lan) = match self.kommun.get(code) {
            Some((n, l)) => (n.clone(), l.clone()),
            None => (String::new(), code[..2].to_string()),
        };
        let lan_name = self.lan.get(&lan).cloned().unwrap_or_else(|| lan.clone());
        (name, lan, lan_name)
    }

    /// Names from the embedded table (used for API responses, which carry
    /// only codes).
    fn embedded() -> Names {
        let t = super::dictionary::embedded_table();
        let mut names = Names::default();
        for i in 0..t.len() {
            names
                .kommun
                .entry(t.id[i].to_string())
                .or_insert_with(|| (t.name[i].to_string(), t.group[i].to_string()));
            names
                .lan
                .entry(t.group[i].to_string())
                .or_insert_with(|| t.group_name[i].to_string());
        }
        names
    }
}

/// Kolada values of exactly 0 that stand for "no value": (KPI, companion).
/// U31001 (social assistance paid incl. refugee households) and N31004 (the
/// same register's payments excl. refugee households) come from one register;
/// a municipality that paid out nothing at all does not exist in it, and where
/// U31001 is 0 for a (municipality, year) whose N31004 is not published, the 0
/// is a placeholder for a missing report (Sundsvall, Oxelösund, Vellinge and
/// Norsjö in 2020). Such a 0 is imported as missing, so fits exclude the row
/// ("missing U31001") instead of reading −100 % against the modelled value.
pub const ZERO_MEANS_MISSING: &[(&str, &str)] = &[("U31001", "N31004"), ("N31004", "U31001")];

/// Clear the zeros of [`ZERO_MEANS_MISSING`]; returns (row, KPI) of each.
pub fn clear_missing_zeros(t: &mut Table) -> Vec<(usize, String)> {
    let mut cleared = Vec::new();
    for (kpi, companion) in ZERO_MEANS_MISSING {
        let (Some(k), Some(c)) = (
            t.columns.iter().position(|col| col.name == *kpi),
            t.columns.iter().position(|col| col.name == *companion),
        ) else {
            continue;
        };
        for row in 0..t.len() {
            if t.columns[k].get(row) == Some(0.0) && t.columns[c].is_missing(row) {
                t.columns[k].set(row, None);
                cleared.push((row, kpi.to_string()));
            }
        }
    }
    cleared
}

/// Build the tidy table from (kommun, year) → values.
fn build_table(
    source: String,
    kpis: Vec<String>,
    rows: BTreeMap<(String, i32), Vec<Option<f64>>>,
    names: &Names,
) -> Table {
    let n = rows.len();
    let mut t = Table {
        source,
        columns: kpis
            .into_iter()
            .map(|name| Column::with_capacity(name, n))
            .collect(),
        ..Default::default()
    };
    for (k, ((code, year), values)) in rows.into_iter().enumerate() {
        let (name, lan, lan_name) = names.lookup(&code);
        t.id.push(&code);
        t.name.push(&name);
        t.group.push(&lan);
        t.group_name.push(&lan_name);
        t.year.push(Some(year));
        // The line the row gets in the tidy CSV written by `write_table_csv`.
        t.line.push(k as u64 + 2);
        for (c, v) in t.columns.iter_mut().zip(values) {
            c.push(v);
        }
    }
    clear_missing_zeros(&mut t);
    t
}

/// A CSV record with the line it starts on.
type Record = (u64, csv::StringRecord);

/// Read a small CSV (entity list, datapoint file) with its header; records
/// carry their line numbers.
fn read_csv_file(path: &Path) -> Result<(Vec<String>, Vec<Record>), InputError> {
    let source = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        InputError::new(
            Location::file(&source),
            Message::DdfCannotRead {
                error: e.to_string(),
                kind: e.kind(),
            },
        )
        .hint(Hint::DdfComplete)
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        InputError::new(
            Location::file(&source),
            Message::DdfNotUtf8 {
                byte: e.utf8_error().valid_up_to() + 1,
            },
        )
        .hint(Hint::DdfIsUtf8)
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let index = LineIndex::new(text.as_bytes());
    let csv_err = |e: csv::Error| {
        let mut loc = Location::file(&source);
        loc.line = e.position().map(|p| index.line_of_record(p.byte()));
        InputError::new(
            loc,
            Message::BadCsv {
                error: e.to_string(),
            },
        )
        .hint(Hint::UnmodifiedDdfCsv)
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(csv_err)?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(csv_err)?;
        rows.push((index.line_of(&rec), rec));
    }
    Ok((headers, rows))
}

/// Position of a required header column.
fn require_column(headers: &[String], name: &str, path: &Path) -> Result<usize, InputError> {
    headers.iter().position(|h| h == name).ok_or_else(|| {
        InputError::new(
            Location::file(path.display().to_string())
                .line(1)
                .column(name),
            Message::DdfNoColumn {
                column: name.to_string(),
                header: headers.to_vec(),
            },
        )
        .hint(Hint::UnmodifiedDdf)
    })
}

/// The first of `candidates` that exists.
fn find_first(candidates: &[PathBuf]) -> Option<PathBuf> {
    candidates.iter().find(|p| p.exists()).cloned()
}

/// Read the municipality and county entity lists of a DDF folder.
fn read_entities(dir: &Path) -> Result<Names, InputError> {
    let mut names = Names::default();
    for (file, key) in [(KOMMUN_ENTITIES, "kommun"), (REGION_ENTITIES, "region")] {
        let path =
            find_first(&[dir.join("entities").join(file), dir.join(file)]).ok_or_else(|| {
                InputError::new(
                    Location::file(dir.join("entities").join(file).display().to_string()),
                    Message::NoEntityFile,
                )
                .hint(Hint::EntityFile { file })
            })?;
        let (headers, rows) = read_csv_file(&path)?;
        let code_col = require_column(&headers, key, &path)?;
        let name_col = require_column(&headers, "name", &path)?;
        let region_col = if key == "kommun" {
            Some(require_column(&headers, "region", &path)?)
        } else {
            None
        };
        for (_, rec) in rows {
            let code = rec.get(code_col).unwrap_or("").trim().to_string();
            let name = rec.get(name_col).unwrap_or("").trim().to_string();
            match region_col {
                Some(r) => {
                    let region = rec.get(r).unwrap_or("").trim().to_string();
                    names.kommun.insert(code, (name, region));
                }
                None => {
                    names.lan.insert(code, name);
                }
            }
        }
    }
    Ok(names)
}

/// Import a Kolada DDF folder (`datapoints/ddf--datapoints--<kpi>--by--geo--year.csv`
/// and `entities/ddf--entities--geo--{kommun,region}.csv`) into the tidy table:
/// one row per (municipality, year) in `years` that has at least one value,
/// every KPI as a column (upper-case id, sorted), rows sorted by municipality
/// code then year. Only four-digit municipality codes are kept (the dump also
/// holds the country, `0`, and counties, two digits). County names are the
/// region entity names (e.g. `Region Stockholm`).
pub fn import_ddf(dir: &Path, years: RangeInclusive<i32>) -> Result<Table, InputError> {
    let shown = dir.display().to_string();
    if !dir.is_dir() {
        return Err(
            InputError::new(Location::file(&shown), Message::NoDdfFolder).hint(Hint::GiveDdfFolder),
        );
    }
    if years.is_empty() {
        return Err(InputError::new(
            Location::file(&shown),
            Message::EmptyYearRange {
                from: *years.start(),
                to: *years.end(),
            },
        )
        .hint(Hint::FirstYearFirst));
    }
    let names = read_entities(dir)?;

    // Datapoint files, sorted by KPI id so the column order is deterministic.
    let dp_dir = find_first(&[
        dir.join("datapoints"),
        dir.join("datapoints--by--geo--year"),
    ])
    .unwrap_or_else(|| dir.to_path_buf());
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    let entries = std::fs::read_dir(&dp_dir).map_err(|e| {
        InputError::new(
            Location::file(dp_dir.display().to_string()),
            Message::CannotList {
                error: e.to_string(),
                kind: e.kind(),
            },
        )
    })?;
    for entry in entries.flatten() {
        let fname = entry.file_name().to_string_lossy().into_owned();
        if let Some(kpi) = fname
            .strip_prefix(DATAPOINT_PREFIX)
            .and_then(|r| r.strip_suffix(DATAPOINT_SUFFIX))
        {
            if !kpi.is_empty() && !kpi.contains("--") {
                files.push((kpi.to_uppercase(), entry.path()));
            }
        }
    }
    files.sort();
    if let Some((kpi, path)) = files
        .iter()
        .find(|(k, _)| super::load::role_of_header(k).is_some())
    {
        return Err(InputError::new(
            Location::file(path.display().to_string()),
            Message::KpiIsRole {
                kpi: kpi.clone(),
                role: super::load::role_of_header(kpi).unwrap_or("text"),
            },
        )
        .hint(Hint::RenameDatapointFile));
    }
    if files.is_empty() {
        return Err(InputError::new(
            Location::file(dp_dir.display().to_string()),
            Message::NoDatapointFiles,
        )
        .hint(Hint::DatapointFileNames {
            prefix: DATAPOINT_PREFIX,
            suffix: DATAPOINT_SUFFIX,
        }));
    }

    let k = files.len();
    let mut rows: BTreeMap<(String, i32), Vec<Option<f64>>> = BTreeMap::new();
    for (j, (kpi, path)) in files.iter().enumerate() {
        let src = path.display().to_string();
        let (headers, recs) = read_csv_file(path)?;
        let geo = require_column(&headers, "geo", path)?;
        let year_col = require_column(&headers, "year", path)?;
        let value_col = headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(kpi))
            .ok_or_else(|| {
                InputError::new(
                    Location::file(&src).line(1),
                    Message::NoKpiColumn {
                        kpi: kpi.to_lowercase(),
                        header: headers.clone(),
                    },
                )
                .hint(Hint::ValueColumnName)
            })?;
        let mut seen: HashMap<(String, i32), u64> = HashMap::new();
        for (line, rec) in recs {
            let code = match kommun_code_of(rec.get(geo).unwrap_or("")) {
                Ok(Some(c)) => c,
                Ok(None) => continue,
                Err(why) => {
                    return Err(
                        InputError::new(Location::file(&src).line(line).column("geo"), why)
                            .hint(Hint::KommunCodeDigits),
                    )
                }
            };
            let code = code.as_str();
            let area = {
                let (name, _, _) = names.lookup(code);
                if name.is_empty() {
                    code.to_string()
                } else {
                    format!("{code} {name}")
                }
            };
            let at = |col: &str| {
                Location::file(&src)
                    .line(line)
                    .column(col)
                    .area(area.clone())
            };
            let ytext = rec.get(year_col).unwrap_or("").trim();
            let year: i32 = ytext.parse().map_err(|_| {
                InputError::new(
                    at("year"),
                    Message::BadYear {
                        text: ytext.to_string(),
                    },
                )
                .hint(Hint::UnmodifiedDatapointFile)
            })?;
            if !years.contains(&year) {
                continue;
            }
            let vtext = rec.get(value_col).unwrap_or("").trim();
            if vtext.is_empty() {
                continue;
            }
            let value: f64 = match vtext.parse::<f64>() {
                Ok(v) if v.is_finite() => v,
                _ => {
                    return Err(InputError::new(
                        at(&headers[value_col]),
                        Message::NotFinite {
                            text: vtext.to_string(),
                        },
                    )
                    .hint(Hint::DdfPlainNumbers))
                }
            };
            if let Some(prev) = seen.insert((code.to_string(), year), line) {
                return Err(InputError::new(
                    at(&headers[value_col]),
                    Message::YearTwice {
                        year,
                        first: prev,
                        line,
                    },
                )
                .hint(Hint::OneRowPerAreaYear));
            }
            rows.entry((code.to_string(), year))
                .or_insert_with(|| vec![None; k])[j] = Some(value);
        }
    }
    if rows.is_empty() {
        return Err(InputError::new(
            Location::file(&shown),
            Message::NoValuesForYears {
                from: *years.start(),
                to: *years.end(),
            },
        )
        .hint(Hint::CheckYearRange));
    }
    let kpis = files.into_iter().map(|(k, _)| k).collect();
    Ok(build_table(shown, kpis, rows, &names))
}

/// One value read from an API response, with where it came from.
struct JsonValue {
    value: Option<f64>,
    file: String,
    path: String,
}

/// Import Kolada API v2 or v3 responses (`/v2/data/kpi/{kpi}/municipality/{id}`,
/// `/v3/data/kpi/{kpis}/municipality/{ids}/year/{years}` and similar). v2:
/// `{"count":N,"values":[{"kpi","municipality","period","values":[{"gender","value",…}]}],"next_page":…}`;
/// v3 has the same rows in the envelope `{"values":[…],"next_url":…}` (only the
/// paging keys differ, and paging is not followed here: give every page).
/// Takes the `gender == "T"` (total) value; `null` is a missing value; rows for
/// non-municipality ids (country `0000`, counties `0001`–`0025`, groups) are
/// skipped. Several files (pages, KPIs) are merged; the same (kpi,
/// municipality, year) given twice with different values is an error.
/// Municipality and county names come from the embedded table; unknown codes
/// get an empty name. One row per (municipality, year) present in the
/// responses; KPI columns sorted by id.
pub fn import_json(files: &[PathBuf]) -> Result<Table, InputError> {
    if files.is_empty() {
        return Err(
            InputError::new(Location::default(), Message::NoJsonFiles).hint(Hint::GiveJsonFiles)
        );
    }
    let mut cells: BTreeMap<(String, i32), BTreeMap<String, JsonValue>> = BTreeMap::new();
    let mut kpis: BTreeSet<String> = BTreeSet::new();
    for file in files {
        read_json_file(file, &mut cells, &mut kpis)?;
    }
    let shown: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    if cells.is_empty() {
        return Err(
            InputError::new(Location::file(shown.join(", ")), Message::NoJsonValues)
                .hint(Hint::CheckQuery),
        );
    }
    let kpis: Vec<String> = kpis.into_iter().collect();
    let rows = cells
        .into_iter()
        .map(|(key, by_kpi)| {
            let values = kpis
                .iter()
                .map(|k| by_kpi.get(k).and_then(|v| v.value))
                .collect();
            (key, values)
        })
        .collect();
    Ok(build_table(
        shown.join(", "),
        kpis,
        rows,
        &Names::embedded(),
    ))
}

fn read_json_file(
    file: &Path,
    cells: &mut BTreeMap<(String, i32), BTreeMap<String, JsonValue>>,
    kpis: &mut BTreeSet<String>,
) -> Result<(), InputError> {
    let src = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|e| {
        InputError::new(
            Location::file(&src),
            Message::CannotReadJson {
                error: e.to_string(),
                kind: e.kind(),
            },
        )
        .hint(Hint::CheckThePath)
    })?;
    // A byte-order mark (Windows editors add one) is not JSON; drop it.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let root: Value = serde_json::from_slice(bytes).map_err(|e| {
        InputError::new(
            Location::file(&src).line(e.line() as u64),
            Message::NotJson {
                error: e.to_string(),
                line: e.line(),
                column: e.column(),
            },
        )
        .hint(Hint::ApiShape)
    })?;
    let bad = |path: &str, what: Message| {
        InputError::new(Location::file(&src).column(path), what).hint(Hint::ApiShape)
    };
    let list = root
        .get("values")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("values", Message::NoValuesList))?;
    for (i, row) in list.iter().enumerate() {
        let p = |key: &str| format!("values[{i}].{key}");
        let text = |key: &'static str| -> Result<String, InputError> {
            row.get(key)
                .and_then(Value::as_str)
                .map(|s| s.trim().to_string())
                .ok_or_else(|| bad(&p(key), Message::NotAString { key }))
        };
        let kpi = text("kpi")?.to_uppercase();
        let code = text("municipality")?;
        let period = match row.get("period") {
            Some(Value::Number(n)) => n.as_i64().and_then(|v| i32::try_from(v).ok()),
            Some(Value::String(s)) => s.trim().parse::<i32>().ok(),
            _ => None,
        }
        .ok_or_else(|| bad(&p("period"), Message::NoPeriod))?;
        let inner = row
            .get("values")
            .and_then(Value::as_array)
            .ok_or_else(|| bad(&p("values"), Message::NoInnerValues))?;
        if kpi.is_empty() {
            return Err(bad(&p("kpi"), Message::EmptyKpi));
        }
        if let Some(role) = super::load::role_of_header(&kpi) {
            return Err(bad(
                &p("kpi"),
                Message::KpiIdIsRole {
                    kpi: kpi.clone(),
                    role,
                },
            ));
        }
        // A three-digit code lost its leading zero (0180 read as a number).
        let code = if code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()) {
            format!("0{code}")
        } else {
            code
        };
        if !is_kommun_code(&code) {
            continue;
        }
        let mut total: Option<(usize, Option<f64>)> = None;
        for (j, g) in inner.iter().enumerate() {
            let gp = format!("values[{i}].values[{j}]");
            let gender = g.get("gender").and_then(Value::as_str).ok_or_else(|| {
                bad(
                    &format!("{gp}.gender"),
                    Message::NotAString { key: "gender" },
                )
            })?;
            if gender != "T" {
                continue;
            }
            let value = match g.get("value") {
                None | Some(Value::Null) => None,
                Some(Value::Number(n)) => n.as_f64().filter(|v| v.is_finite()),
                Some(other) => {
                    return Err(bad(
                        &format!("{gp}.value"),
                        Message::NotNumberOrNull {
                            value: other.to_string(),
                        },
                    ))
                }
            };
            if let Some((prev, _)) = total {
                return Err(bad(
                    &gp,
                    Message::TwoTotals {
                        row: i,
                        first: prev,
                        second: j,
                    },
                ));
            }
            total = Some((j, value));
        }
        let value = total.and_then(|(_, v)| v);
        kpis.insert(kpi.clone());
        let slot = cells.entry((code.clone(), period)).or_default();
        let here = format!("values[{i}]");
        if let Some(prev) = slot.get(&kpi) {
            if prev.value != value {
                return Err(InputError::new(
                    Location::file(&src)
                        .column(here.as_str())
                        .area(code.as_str()),
                    Message::ConflictingValues(Box::new(Conflict {
                        kpi: kpi.clone(),
                        period,
                        code: code.clone(),
                        here: value,
                        there: prev.value,
                        file: prev.file.clone(),
                        path: prev.path.clone(),
                    })),
                )
                .hint(Hint::GiveEachOnce));
            }
            continue;
        }
        slot.insert(
            kpi,
            JsonValue {
                value,
                file: src.clone(),
                path: here,
            },
        );
    }
    Ok(())
}

/// The tidy CSV of a table: header `kommun,kommun_name,lan,lan_name,year,<columns>`,
/// one line per row in table order, `\n` line ends, numbers in shortest
/// round-trip form (Rust's `Display` for f64, never an exponent), missing
/// values empty. The same table always gives the same bytes.
pub fn write_table_csv(table: &Table) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let mut header: Vec<&str> = TIDY_HEADER.to_vec();
    header.extend(table.columns.iter().map(|c| c.name.as_str()));
    // Writing to a Vec cannot fail.
    w.write_record(&header).expect("write to memory");
    let mut rec: Vec<String> = Vec::with_capacity(header.len());
    for i in 0..table.len() {
        rec.clear();
        rec.push(table.id[i].to_string());
        rec.push(table.name[i].to_string());
        rec.push(table.group[i].to_string());
        rec.push(table.group_name[i].to_string());
        rec.push(table.year[i].map(|y| y.to_string()).unwrap_or_default());
        for c in &table.columns {
            rec.push(c.get(i).map(|v| v.to_string()).unwrap_or_default());
        }
        w.write_record(&rec).expect("write to memory");
    }
    let bytes = w.into_inner().expect("flush to memory");
    String::from_utf8(bytes).expect("table text is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kommun_codes() {
        assert!(is_kommun_code("0180"));
        assert!(is_kommun_code("2584"));
        assert!(!is_kommun_code("0001"));
        assert!(!is_kommun_code("0000"));
        assert!(!is_kommun_code("01"));
        assert!(!is_kommun_code("G123"));
    }

    #[test]
    fn writes_shortest_round_trip_numbers_and_quotes_names() {
        let t = Table {
            source: "x".into(),
            id: vec!["0180", "9999"].into(),
            name: vec!["Stockholm", "A, B"].into(),
            group: vec!["01", "99"].into(),
            group_name: vec!["Region Stockholm", "99"].into(),
            year: vec![Some(2022), None],
            line: vec![2, 3],
            columns: vec![
                Column::new("U31001", [Some(972.4865478), None]),
                Column::new("N01951", [Some(984748.0), Some(0.1 + 0.2)]),
            ],
        };
        assert_eq!(
            write_table_csv(&t),
            "kommun,kommun_name,lan,lan_name,year,U31001,N01951\n\
             0180,Stockholm,01,Region Stockholm,2022,972.4865478,984748\n\
             9999,\"A, B\",99,99,,,0.30000000000000004\n"
        );
    }
}
