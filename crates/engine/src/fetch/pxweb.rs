//! PxWeb statistics databases (SCB, the cities' own databases): POST a saved
//! query to a table and turn the answer into the tidy area table: area id,
//! area name, year, then one column per combination of the other variables,
//! with labels and units in a data dictionary.
//!
//! Two answer formats are read:
//! - JSON-stat 2 (<https://json-stat.org/full/>): PxWeb API v1 with
//!   `"response":{"format":"json-stat2"}` and SCB's API v2 (its default).
//!   Values are in row-major order over `id`/`size`, the last dimension
//!   varying fastest; `status` marks suppressed cells.
//! - PxWeb API v1 `"format":"json"`: `columns` (type `d`, `t`, `c`) and
//!   `data[{key,values}]`, values as text with `..` for missing.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use super::{FetchError, FetchHint, FetchMessage, JsonStatProblem, PxJsonProblem, Result};

/// One variable of the answer, its values in table order.
#[derive(Debug, Clone)]
struct Dim {
    code: String,
    /// (value code, value label)
    values: Vec<(String, String)>,
    /// value code → unit (JSON-stat `category.unit.*.base`)
    units: HashMap<String, String>,
}

/// One output column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PxColumn {
    pub id: String,
    pub label: String,
    pub unit: String,
}

/// Rows of the tidy table: (area id, year) → (area name, one value per column).
pub type PxRows = BTreeMap<(String, String), (String, Vec<Option<f64>>)>;

/// A PxWeb answer as a tidy table.
#[derive(Debug, Clone)]
pub struct PxPanel {
    /// The area variable's code (e.g. `Region`).
    pub area_dim: String,
    pub columns: Vec<PxColumn>,
    /// (area id, year) → (area name, one value per column)
    pub rows: PxRows,
    /// Dataset title and source as the answer gives them.
    pub title: String,
    pub source: String,
    /// Cells the answer marked (`..`, `.`, status codes): (area, year, column, mark).
    pub marked: Vec<(String, String, String, String)>,
}

/// Which dimension holds areas: JSON-stat role `geo`, else a known name.
fn find_area(dims: &[Dim], geo_role: Option<&str>) -> Option<usize> {
    if let Some(g) = geo_role {
        if let Some(i) = dims.iter().position(|d| d.code == g) {
            return Some(i);
        }
    }
    const NAMES: &[&str] = &[
        "region",
        "deso",
        "regso",
        "område",
        "omrade",
        "primärområde",
        "primaromrade",
        "stadsdel",
        "distrikt",
    ];
    dims.iter()
        .position(|d| NAMES.contains(&d.code.to_lowercase().as_str()))
}

fn find_time(dims: &[Dim], time_role: Option<&str>) -> Option<usize> {
    if let Some(t) = time_role {
        if let Some(i) = dims.iter().position(|d| d.code == t) {
            return Some(i);
        }
    }
    const NAMES: &[&str] = &["tid", "year", "år", "ar"];
    dims.iter()
        .position(|d| NAMES.contains(&d.code.to_lowercase().as_str()))
}

/// Parse a PxWeb answer (JSON-stat 2 or PxWeb v1 JSON). `url` names it in
/// messages.
pub fn parse_answer(json: &Value, url: &str) -> Result<PxPanel> {
    if json.get("class").and_then(Value::as_str) == Some("dataset")
        || json.get("dimension").is_some()
    {
        parse_json_stat2(json, url)
    } else if json.get("columns").is_some() && json.get("data").is_some() {
        parse_px_json(json, url)
    } else {
        Err(FetchError::new(FetchMessage::NotPxWeb {
            url: url.to_string(),
        })
        .hint(FetchHint::AskJsonStat))
    }
}

fn text(v: Option<&Value>) -> String {
    v.and_then(Value::as_str).unwrap_or("").to_string()
}

fn parse_json_stat2(j: &Value, url: &str) -> Result<PxPanel> {
    let bad = |problem: JsonStatProblem| {
        FetchError::new(FetchMessage::JsonStat {
            url: url.to_string(),
            problem,
        })
        .hint(FetchHint::JsonStatLayout)
    };
    let ids: Vec<String> = j
        .get("id")
        .and_then(Value::as_array)
        .ok_or_else(|| bad(JsonStatProblem::NoIds))?
        .iter()
        .map(|v| v.as_str().unwrap_or("").to_string())
        .collect();
    let sizes: Vec<usize> = j
        .get("size")
        .and_then(Value::as_array)
        .ok_or_else(|| bad(JsonStatProblem::NoSizes))?
        .iter()
        .map(|v| v.as_u64().unwrap_or(0) as usize)
        .collect();
    if ids.len() != sizes.len() {
        return Err(bad(JsonStatProblem::IdsSizes {
            ids: ids.len(),
            sizes: sizes.len(),
        }));
    }
    let dimension = j
        .get("dimension")
        .ok_or_else(|| bad(JsonStatProblem::NoDimension))?;
    let mut dims = Vec::with_capacity(ids.len());
    for (id, &size) in ids.iter().zip(&sizes) {
        let d = dimension
            .get(id)
            .ok_or_else(|| bad(JsonStatProblem::NotDescribed { dim: id.clone() }))?;
        let cat = d
            .get("category")
            .ok_or_else(|| bad(JsonStatProblem::NoCategory { dim: id.clone() }))?;
        // `index` is a list of codes or an object code → position; a
        // one-value dimension may have only `label`.
        let mut codes: Vec<String> = vec![String::new(); size];
        match cat.get("index") {
            Some(Value::Array(a)) => {
                for (i, c) in a.iter().enumerate().take(size) {
                    codes[i] = c.as_str().unwrap_or("").to_string();
                }
            }
            Some(Value::Object(o)) => {
                for (c, p) in o {
                    let p = p
                        .as_u64()
                        .map(|p| p as usize)
                        .filter(|&p| p < size)
                        .ok_or_else(|| {
                            bad(JsonStatProblem::IndexOutOfRange {
                                dim: id.clone(),
                                code: c.clone(),
                            })
                        })?;
                    codes[p] = c.clone();
                }
            }
            _ => {
                if let Some(Value::Object(o)) = cat.get("label") {
                    for (i, c) in o.keys().enumerate().take(size) {
                        codes[i] = c.clone();
                    }
                }
            }
        }
        if codes.iter().any(String::is_empty) {
            return Err(bad(JsonStatProblem::Unnamed {
                dim: id.clone(),
                size,
            }));
        }
        let labels = cat.get("label");
        let values = codes
            .iter()
            .map(|c| {
                let l = labels
                    .and_then(|l| l.get(c))
                    .and_then(Value::as_str)
                    .unwrap_or(c);
                (c.clone(), l.to_string())
            })
            .collect();
        let mut units = HashMap::new();
        if let Some(Value::Object(u)) = cat.get("unit") {
            for (c, spec) in u {
                let base = spec
                    .get("base")
                    .or_else(|| spec.get("label"))
                    .and_then(Value::as_str)
                    .unwrap_or("");
                units.insert(c.clone(), base.to_string());
            }
        }
        dims.push(Dim {
            code: id.clone(),
            values,
            units,
        });
    }
    let n: usize = sizes.iter().product();
    let mut values: Vec<Option<f64>> = vec![None; n];
    let number = |v: &Value, at: usize| -> Result<Option<f64>> {
        match v {
            Value::Null => Ok(None),
            Value::Number(x) => Ok(x.as_f64().filter(|f| f.is_finite())),
            Value::String(s) if matches!(s.trim(), ".." | "." | "-" | "" | "…") => Ok(None),
            Value::String(s) => s.trim().parse::<f64>().map(Some).map_err(|_| {
                bad(JsonStatProblem::NotANumber {
                    at,
                    value: format!("'{s}'"),
                })
            }),
            other => Err(bad(JsonStatProblem::NotANumber {
                at,
                value: other.to_string(),
            })),
        }
    };
    match j.get("value") {
        Some(Value::Array(a)) => {
            if a.len() != n {
                return Err(bad(JsonStatProblem::ValueCount {
                    got: a.len(),
                    sizes: format!("{sizes:?}"),
                    n,
                }));
            }
            for (i, v) in a.iter().enumerate() {
                values[i] = number(v, i)?;
            }
        }
        Some(Value::Object(o)) => {
            for (k, v) in o {
                let i = k
                    .parse::<usize>()
                    .ok()
                    .filter(|&i| i < n)
                    .ok_or_else(|| bad(JsonStatProblem::KeyOutOfRange { key: k.clone() }))?;
                values[i] = number(v, i)?;
            }
        }
        _ => return Err(bad(JsonStatProblem::NoValues)),
    }
    let mut status: HashMap<usize, String> = HashMap::new();
    match j.get("status") {
        Some(Value::Object(o)) => {
            for (k, v) in o {
                if let (Ok(i), Some(s)) = (k.parse::<usize>(), v.as_str()) {
                    status.insert(i, s.to_string());
                }
            }
        }
        Some(Value::Array(a)) => {
            for (i, v) in a.iter().enumerate() {
                if let Some(s) = v.as_str().filter(|s| !s.is_empty()) {
                    status.insert(i, s.to_string());
                }
            }
        }
        Some(Value::String(s)) => {
            for i in 0..n {
                status.insert(i, s.clone());
            }
        }
        _ => {}
    }
    let role = j.get("role");
    let geo = role
        .and_then(|r| r.get("geo"))
        .and_then(|g| g.get(0))
        .and_then(Value::as_str);
    let time = role
        .and_then(|r| r.get("time"))
        .and_then(|g| g.get(0))
        .and_then(Value::as_str);
    let source = text(j.get("source"));
    let title = text(j.get("label"));
    assemble(dims, &values, &status, geo, time, title, source, url)
}

fn parse_px_json(j: &Value, url: &str) -> Result<PxPanel> {
    let bad = |problem: PxJsonProblem| {
        FetchError::new(FetchMessage::PxJson {
            url: url.to_string(),
            problem,
        })
        .hint(FetchHint::PxJsonLayout)
    };
    let columns = j
        .get("columns")
        .and_then(Value::as_array)
        .ok_or_else(|| bad(PxJsonProblem::ColumnsNotList))?;
    let mut key_dims: Vec<(String, String, String)> = Vec::new(); // code, text, type
    let mut contents: Vec<(String, String)> = Vec::new();
    for c in columns {
        let code = text(c.get("code"));
        let label = text(c.get("text"));
        match c.get("type").and_then(Value::as_str).unwrap_or("d") {
            "c" => contents.push((code, label)),
            t => key_dims.push((code, label, t.to_string())),
        }
    }
    if contents.is_empty() {
        contents.push(("value".into(), "value".into()));
    }
    // Rebuild the cube: each key dimension's values in order of appearance.
    let data = j
        .get("data")
        .and_then(Value::as_array)
        .ok_or_else(|| bad(PxJsonProblem::DataNotList))?;
    let mut seen: Vec<Vec<String>> = vec![Vec::new(); key_dims.len()];
    let mut cells: Vec<(Vec<String>, Vec<Value>)> = Vec::with_capacity(data.len());
    for (i, d) in data.iter().enumerate() {
        let key: Vec<String> = d
            .get("key")
            .and_then(Value::as_array)
            .ok_or_else(|| bad(PxJsonProblem::NoKey { row: i }))?
            .iter()
            .map(|v| v.as_str().unwrap_or("").to_string())
            .collect();
        if key.len() != key_dims.len() {
            return Err(bad(PxJsonProblem::KeyParts {
                row: i,
                got: key.len(),
                want: key_dims.len(),
            }));
        }
        let vals = d
            .get("values")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if vals.len() != contents.len() {
            return Err(bad(PxJsonProblem::ValueCount {
                row: i,
                got: vals.len(),
                want: contents.len(),
            }));
        }
        for (s, k) in seen.iter_mut().zip(&key) {
            if !s.contains(k) {
                s.push(k.clone());
            }
        }
        cells.push((key, vals));
    }
    let mut dims: Vec<Dim> = key_dims
        .iter()
        .zip(&seen)
        .map(|((code, _, _), vals)| Dim {
            code: code.clone(),
            values: vals.iter().map(|v| (v.clone(), v.clone())).collect(),
            units: HashMap::new(),
        })
        .collect();
    dims.push(Dim {
        code: "ContentsCode".into(),
        values: contents.clone(),
        units: HashMap::new(),
    });
    let sizes: Vec<usize> = dims.iter().map(|d| d.values.len()).collect();
    let n: usize = sizes.iter().product();
    let mut values = vec![None; n];
    let mut status = HashMap::new();
    let pos: Vec<HashMap<&str, usize>> = seen
        .iter()
        .map(|s| s.iter().enumerate().map(|(i, v)| (v.as_str(), i)).collect())
        .collect();
    for (key, vals) in &cells {
        let mut flat = 0;
        for (d, k) in key.iter().enumerate() {
            flat = flat * sizes[d] + pos[d][k.as_str()];
        }
        for (c, v) in vals.iter().enumerate() {
            let at = flat * contents.len() + c;
            let s = match v {
                Value::String(s) => s.trim().to_string(),
                Value::Number(x) => x.to_string(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            if matches!(s.as_str(), ".." | "." | "-" | "" | "…") {
                status.insert(at, s);
                continue;
            }
            values[at] = Some(s.parse::<f64>().map_err(|_| {
                bad(PxJsonProblem::NotANumber {
                    value: s.clone(),
                    key: key.join(","),
                })
            })?);
        }
    }
    let geo = key_dims.iter().find(|d| d.2 == "d").map(|d| d.0.clone());
    let time = key_dims.iter().find(|d| d.2 == "t").map(|d| d.0.clone());
    // The "d" type marks every non-time variable; only trust it for areas if
    // no known area name is found.
    let geo_role = if find_area(&dims, None).is_some() {
        None
    } else {
        geo.as_deref()
    };
    assemble(
        dims.clone(),
        &values,
        &status,
        geo_role,
        time.as_deref(),
        String::new(),
        String::new(),
        url,
    )
}

#[allow(clippy::too_many_arguments)]
fn assemble(
    dims: Vec<Dim>,
    values: &[Option<f64>],
    status: &HashMap<usize, String>,
    geo: Option<&str>,
    time: Option<&str>,
    title: String,
    source: String,
    url: &str,
) -> Result<PxPanel> {
    let names: Vec<&str> = dims.iter().map(|d| d.code.as_str()).collect();
    let a = find_area(&dims, geo).ok_or_else(|| {
        FetchError::new(FetchMessage::NoArea {
            url: url.to_string(),
            dims: names.iter().map(|n| n.to_string()).collect(),
        })
        .hint(FetchHint::NeedArea)
    })?;
    let t = find_time(&dims, time).ok_or_else(|| {
        FetchError::new(FetchMessage::NoTime {
            url: url.to_string(),
            dims: names.iter().map(|n| n.to_string()).collect(),
        })
        .hint(FetchHint::NeedTime)
    })?;
    let others: Vec<usize> = (0..dims.len()).filter(|&i| i != a && i != t).collect();
    // Column combinations in table order.
    let mut combos: Vec<Vec<usize>> = vec![Vec::new()];
    for &d in &others {
        let mut next = Vec::new();
        for c in &combos {
            for v in 0..dims[d].values.len() {
                let mut c = c.clone();
                c.push(v);
                next.push(c);
            }
        }
        combos = next;
    }
    // Name a column by the codes of the variables that vary; keep it a
    // plain identifier so specs can use it.
    let varying: Vec<bool> = others.iter().map(|&d| dims[d].values.len() > 1).collect();
    let mut columns = Vec::with_capacity(combos.len());
    for c in &combos {
        let mut parts: Vec<String> = Vec::new();
        let mut labels: Vec<String> = Vec::new();
        let mut unit = String::new();
        for (k, &d) in others.iter().enumerate() {
            let (code, label) = &dims[d].values[c[k]];
            if varying[k] || others.len() == 1 || parts.is_empty() && k + 1 == others.len() {
                parts.push(code.clone());
            }
            labels.push(label.clone());
            if let Some(u) = dims[d].units.get(code) {
                unit = u.clone();
            }
        }
        if parts.is_empty() {
            parts.push("value".into());
        }
        let id: String = parts
            .join("_")
            .chars()
            .map(|ch| {
                if ch.is_alphanumeric() || ch == '_' {
                    ch
                } else {
                    '_'
                }
            })
            .collect();
        columns.push(PxColumn {
            id,
            label: labels.join(", "),
            unit,
        });
    }
    let mut ids = BTreeSet::new();
    for c in &columns {
        if !ids.insert(c.id.clone()) {
            return Err(FetchMessage::DuplicateColumn {
                url: url.to_string(),
                column: c.id.clone(),
            }
            .into());
        }
    }
    let sizes: Vec<usize> = dims.iter().map(|d| d.values.len()).collect();
    let mut rows: PxRows = BTreeMap::new();
    let mut marked = Vec::new();
    let mut idx = vec![0usize; dims.len()];
    for (flat, v) in values.iter().enumerate() {
        // Row-major: the last dimension varies fastest.
        let mut rem = flat;
        for d in (0..dims.len()).rev() {
            idx[d] = rem % sizes[d];
            rem /= sizes[d];
        }
        let (area, area_name) = dims[a].values[idx[a]].clone();
        let year = dims[t].values[idx[t]].0.clone();
        let col = combos
            .iter()
            .position(|c| c.iter().zip(&others).all(|(&v, &d)| idx[d] == v))
            .expect("every cell has a column");
        let row = rows
            .entry((area.clone(), year.clone()))
            .or_insert_with(|| (area_name, vec![None; columns.len()]));
        row.1[col] = *v;
        if let Some(s) = status.get(&flat) {
            marked.push((area, year, columns[col].id.clone(), s.clone()));
        }
    }
    Ok(PxPanel {
        area_dim: dims[a].code.clone(),
        columns,
        rows,
        title,
        source,
        marked,
    })
}

/// The tidy CSV: `area_id,area_name,year,<columns>`.
pub fn panel_csv(p: &PxPanel) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let mut header = vec!["area_id".to_string(), "area_name".into(), "year".into()];
    header.extend(p.columns.iter().map(|c| c.id.clone()));
    w.write_record(&header).expect("write to memory");
    for ((area, year), (name, vals)) in &p.rows {
        let mut rec = vec![area.clone(), name.clone(), year.clone()];
        rec.extend(
            vals.iter()
                .map(|v| v.map(|x| x.to_string()).unwrap_or_default()),
        );
        w.write_record(&rec).expect("write to memory");
    }
    String::from_utf8(w.into_inner().expect("flush to memory")).expect("UTF-8")
}

/// The data dictionary (`id,label_sv,label_en,unit,source,definition`).
pub fn dictionary_csv(p: &PxPanel, url: &str, fetched: &str) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(["id", "label_sv", "label_en", "unit", "source", "definition"])
        .expect("write to memory");
    let producer = if p.source.is_empty() {
        "PxWeb".to_string()
    } else {
        p.source.clone()
    };
    for c in &p.columns {
        let def = if p.title.is_empty() {
            url.to_string()
        } else {
            format!("{} ({url})", p.title)
        };
        w.write_record([
            c.id.as_str(),
            c.label.as_str(),
            "",
            c.unit.as_str(),
            &format!("Källa: {producer}, hämtad {fetched}"),
            &def,
        ])
        .expect("write to memory");
    }
    String::from_utf8(w.into_inner().expect("flush to memory")).expect("UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 2 areas × 2 years × 2 contents JSON-stat 2 dataset (hand-made in
    /// SCB's layout): values in row-major order, one suppressed cell.
    fn sample() -> Value {
        serde_json::json!({
            "version": "2.0", "class": "dataset", "label": "Test", "source": "SCB",
            "id": ["Region", "ContentsCode", "Tid"], "size": [2, 2, 2],
            "role": {"geo": ["Region"], "time": ["Tid"], "metric": ["ContentsCode"]},
            "dimension": {
                "Region": {"label": "region", "category": {"index": {"0180A0010": 0, "1480C1010": 1},
                    "label": {"0180A0010": "Stockholm A", "1480C1010": "Göteborg C"}}},
                "ContentsCode": {"label": "innehåll", "category": {"index": ["A1", "B2"],
                    "label": {"A1": "Andel", "B2": "Antal"}, "unit": {"A1": {"base": "procent"}, "B2": {"base": "antal"}}}},
                "Tid": {"label": "år", "category": {"index": {"2023": 0, "2024": 1}}}
            },
            "value": [1.5, 2.5, 10, 20, 3.5, null, 30, 40],
            "status": {"5": ".."}
        })
    }

    #[test]
    fn json_stat2_unrolls_row_major() {
        let p = parse_answer(&sample(), "u").unwrap();
        assert_eq!(p.area_dim, "Region");
        assert_eq!(
            p.columns.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            ["A1", "B2"]
        );
        assert_eq!(p.columns[0].unit, "procent");
        // Index (area, content, year): flat = area·4 + content·2 + year.
        let r = &p.rows[&("1480C1010".to_string(), "2024".to_string())];
        assert_eq!(r.0, "Göteborg C");
        assert_eq!(r.1, vec![None, Some(40.0)]);
        assert_eq!(
            p.rows[&("0180A0010".to_string(), "2024".to_string())].1,
            vec![Some(2.5), Some(20.0)]
        );
        assert_eq!(
            p.marked,
            vec![("1480C1010".into(), "2024".into(), "A1".into(), "..".into())]
        );
        assert_eq!(
            panel_csv(&p),
            "area_id,area_name,year,A1,B2\n0180A0010,Stockholm A,2023,1.5,10\n0180A0010,Stockholm A,2024,2.5,20\n\
             1480C1010,Göteborg C,2023,3.5,30\n1480C1010,Göteborg C,2024,,40\n"
        );
    }

    #[test]
    fn px_json_v1_reads_text_values() {
        let j = serde_json::json!({
            "columns": [{"code": "Region", "text": "region", "type": "d"}, {"code": "Tid", "text": "år", "type": "t"},
                        {"code": "BE0101N1", "text": "Folkmängd", "type": "c"}],
            "data": [{"key": ["0180", "2023"], "values": ["984748"]}, {"key": ["1480", "2023"], "values": [".."]}]
        });
        let p = parse_answer(&j, "u").unwrap();
        assert_eq!(
            panel_csv(&p),
            "area_id,area_name,year,BE0101N1\n0180,0180,2023,984748\n1480,1480,2023,\n"
        );
        assert_eq!(p.marked.len(), 1);
    }

    #[test]
    fn wrong_shapes_are_clear_errors() {
        let e = parse_answer(&serde_json::json!({"x": 1}), "http://t").unwrap_err();
        assert!(e.message.to_string().contains("neither JSON-stat 2"), "{e}");
        let mut s = sample();
        s["value"] = serde_json::json!([1, 2]);
        let e = parse_answer(&s, "http://t").unwrap_err();
        assert!(e.message.to_string().contains("make 8"), "{e}");
    }
}
