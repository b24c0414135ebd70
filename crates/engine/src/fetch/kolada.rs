//! Kolada API v3 (<https://api.kolada.se/v3/>): KPI metadata, municipality and
//! organisational-unit values, paged through `next_url`, with lists split into
//! path segments of at most 25 items; turned into the tidy panel (the layout of
//! `data/kommuner.csv`), its data dictionary (the layout of
//! `data/variables.csv`) and a per-value source list (URL, fetch date, status).
//!
//! Shapes follow the v3 note in the project's raw-data folder: the envelope is
//! `{"values": [...], "next_url": "<url or empty>"}`; a data row is
//! `{"kpi","municipality"|"ou","period","values":[{"gender","count","status","value"}]}`.
//! Kolada's terms: unprocessed values are credited "Källa: Kolada"; anything
//! computed from them must not be credited to Kolada.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::RangeInclusive;

use serde_json::Value;

use super::http::{Client, JsonResponse};
use super::{chunks, ClosedKpi, FetchError, FetchHint, FetchMessage, IdKind, Result, RowProblem};
use crate::data::{Column, Table};

/// Kolada's production API.
pub const DEFAULT_BASE_URL: &str = "https://api.kolada.se";

/// At most this many items in one path segment (Kolada v3 refuses more).
pub const MAX_PER_SEGMENT: usize = 25;

/// Rows per page asked for (the v3 maximum).
pub const PER_PAGE: u32 = 5000;

/// Safety stop for a `next_url` chain that never ends.
const MAX_PAGES: usize = 100_000;

/// KPIs that Kolada closed or removed, with what to use instead. From the v3
/// catalogue (titles ending "(-2023)", "(-2024)", no `publ_period`) and the
/// project's data dictionary.
pub const CLOSED_KPIS: &[(&str, &str, &str)] = &[
    (
        "N31004",
        "Utbetalt ekonomiskt bistånd (enl SoS exkl flyktinghushåll), kr/inv: last year 2023",
        "U31001 (utbetalt ekonomiskt bistånd enl SoS inkl flyktinghushåll, kr/inv)",
    ),
    (
        "N03921",
        "Arbetslöshet 16-24 år, andel (%) av bef.: closed, last year 2024",
        "N03920 (arbetslöshet 18-65 år, andel (%) av bef.); Kolada has no direct 16-24 successor",
    ),
    (
        "N00914",
        "Förvärvsarbetande invånare 20-64 år (RAMS): no longer in the catalogue, last year 2021",
        "N02243 (sysselsatta invånare 20-65 år, andel (%), BAS from 2020)",
    ),
];

/// The closed-KPI note for an id, if Kolada closed it: (what, replacement).
pub fn closed_kpi(id: &str) -> Option<(&'static str, &'static str)> {
    CLOSED_KPIS
        .iter()
        .find(|(k, _, _)| k.eq_ignore_ascii_case(id))
        .map(|&(_, what, instead)| (what, instead))
}

/// One sentence per closed KPI among `ids`, naming the replacement: for the
/// fetch command and for spec checking.
pub fn closed_kpi_notes<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    ids.into_iter()
        .filter_map(|id| {
            closed_kpi(id).map(|(what, instead)| {
                ClosedKpi::Known {
                    id: id.to_string(),
                    what: what.to_string(),
                    instead: instead.to_string(),
                }
                .to_string()
            })
        })
        .collect()
}

/// What to fetch.
#[derive(Debug, Clone)]
pub struct KoladaQuery {
    /// KPI ids (upper case), e.g. `U31001`.
    pub kpis: Vec<String>,
    /// Municipality ids; `None` = every municipality.
    pub municipalities: Option<Vec<String>>,
    pub years: RangeInclusive<i32>,
    /// Organisational units (districts, units) instead of municipalities.
    pub ou: bool,
    /// `T` (total), `K` or `M`.
    pub gender: String,
    /// Fetch closed KPIs anyway (their old years), instead of stopping.
    pub allow_closed: bool,
}

/// KPI metadata from `/v3/kpi`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KpiMeta {
    pub id: String,
    pub title: String,
    pub description: String,
    /// The next scheduled publication period; empty for a closed KPI.
    pub publ_period: String,
    pub has_ou_data: bool,
}

/// One value as Kolada gave it, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct SourcedValue {
    pub kpi: String,
    pub area: String,
    pub year: i32,
    pub gender: String,
    pub value: Option<f64>,
    pub status: String,
    pub fetched: String,
    pub url: String,
}

/// A fetched panel with its dictionary and sources.
#[derive(Debug, Clone)]
pub struct KoladaPanel {
    pub table: Table,
    /// Header of the five role columns (`kommun,kommun_name,lan,lan_name,year`
    /// for municipalities; `area_id,area_name,group,group_name,year` for units).
    pub header: [&'static str; 5],
    pub kpis: Vec<KpiMeta>,
    pub values: Vec<SourcedValue>,
    /// Date of the first and last answer used.
    pub fetched: (String, String),
}

/// The envelope of one page: its rows and the next page's URL.
fn envelope(r: &JsonResponse) -> Result<(&[Value], Option<String>)> {
    let values = r
        .json
        .get("values")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            FetchError::new(FetchMessage::NoValuesList {
                url: r.url.clone(),
                answer: first_chars(&r.json.to_string(), 120),
            })
            .hint(FetchHint::KoladaAnswer)
        })?;
    // v3 says `next_url`; v2 said `next_page` (still read for old mirrors).
    let next = ["next_url", "next_page"]
        .iter()
        .find_map(|k| r.json.get(*k).and_then(Value::as_str))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    Ok((values.as_slice(), next))
}

fn first_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// A `next_url` made absolute against the first URL (Kolada gives absolute
/// URLs; a relative one is joined to the scheme and host).
fn absolute(next: &str, first: &str) -> String {
    if next.starts_with("http://") || next.starts_with("https://") {
        return next.to_string();
    }
    let origin_end = first
        .find("://")
        .and_then(|i| first[i + 3..].find('/').map(|j| i + 3 + j))
        .unwrap_or(first.len());
    if next.starts_with('/') {
        format!("{}{next}", &first[..origin_end])
    } else {
        format!("{}/{next}", &first[..origin_end])
    }
}

/// Every row of a paged listing, each with the answer it came from.
pub fn get_all_pages(
    client: &mut Client,
    url: &str,
    on_page: &mut dyn FnMut(),
) -> Result<Vec<(Value, String, String)>> {
    let mut out = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut next = Some(url.to_string());
    while let Some(u) = next.take() {
        if !seen.insert(u.clone()) || seen.len() > MAX_PAGES {
            return Err(FetchError::new(FetchMessage::PagingLoops {
                url: url.to_string(),
                next: u,
            })
            .hint(FetchHint::PagingBroken));
        }
        let r = client.get_json(&u)?;
        on_page();
        let (values, n) = envelope(&r)?;
        for v in values {
            out.push((v.clone(), r.url.clone(), r.fetched.clone()));
        }
        next = n.map(|n| absolute(&n, url));
    }
    Ok(out)
}

fn base(base_url: &str) -> &str {
    base_url.trim_end_matches('/')
}

/// A Kolada id is letters, digits, `_` and `-` (KPIs `N31001`, municipalities
/// `0180`, units `V15E018000201`, groups `G124026`).
fn check_ids(kind: IdKind, ids: &[String]) -> Result<()> {
    for id in ids {
        if id.is_empty()
            || !id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(FetchError::new(FetchMessage::BadId {
                id: id.clone(),
                kind,
            })
            .hint(FetchHint::IdChars));
        }
    }
    Ok(())
}

/// KPI metadata for `ids`, in the order asked. An id that is not in the
/// catalogue is an error; a closed KPI is an error naming its replacement
/// unless `allow_closed`.
pub fn fetch_kpi_meta(
    client: &mut Client,
    base_url: &str,
    ids: &[String],
    allow_closed: bool,
) -> Result<Vec<KpiMeta>> {
    check_ids(IdKind::Kpi, ids)?;
    let mut found: HashMap<String, KpiMeta> = HashMap::new();
    for part in chunks(ids, MAX_PER_SEGMENT) {
        let url = format!(
            "{}/v3/kpi/{}?per_page={PER_PAGE}",
            base(base_url),
            part.join(",")
        );
        for (row, url, _) in get_all_pages(client, &url, &mut || {})? {
            let text = |k: &str| match row.get(k) {
                Some(Value::String(s)) => s.trim().to_string(),
                Some(Value::Number(n)) => n.to_string(),
                _ => String::new(),
            };
            let id = text("id").to_uppercase();
            if id.is_empty() {
                return Err(FetchMessage::KpiWithoutId { url }.into());
            }
            let has_ou = matches!(row.get("has_ou_data"), Some(Value::Bool(true)))
                || text("has_ou_data").eq_ignore_ascii_case("true");
            found.insert(
                id.clone(),
                KpiMeta {
                    id,
                    title: text("title"),
                    description: text("description"),
                    publ_period: text("publ_period"),
                    has_ou_data: has_ou,
                },
            );
        }
    }
    let mut out = Vec::with_capacity(ids.len());
    let mut closed = Vec::new();
    for id in ids {
        let Some(meta) = found.remove(&id.to_uppercase()) else {
            let err = FetchError::new(FetchMessage::NotInCatalogue { id: id.clone() });
            return Err(match closed_kpi(id) {
                Some((what, instead)) => err.hint(FetchHint::Replaced {
                    id: id.clone(),
                    what: what.to_string(),
                    instead: instead.to_string(),
                }),
                None => err.hint(FetchHint::CheckKpiAtKolada),
            });
        };
        let closed_by_title = meta.title.trim_end().ends_with(')')
            && meta.title.rsplit_once("(-").is_some_and(|(_, y)| {
                y.trim_end_matches(')')
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.')
            });
        if closed_kpi(id).is_some() || closed_by_title {
            closed.push(id.clone());
        }
        out.push(meta);
    }
    if !closed.is_empty() && !allow_closed {
        let notes: Vec<ClosedKpi> = closed
            .iter()
            .map(|id| match closed_kpi(id) {
                Some((what, instead)) => ClosedKpi::Known {
                    id: id.clone(),
                    what: what.to_string(),
                    instead: instead.to_string(),
                },
                None => {
                    let title = out.iter().find(|m| &m.id == id).map(|m| m.title.as_str());
                    ClosedKpi::ByTitle {
                        id: id.clone(),
                        title: title.unwrap_or("").to_string(),
                    }
                }
            })
            .collect();
        return Err(FetchError::new(FetchMessage::Closed(notes)).hint(FetchHint::FetchReplacement));
    }
    Ok(out)
}

/// An organisational unit from `/v3/ou`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgUnit {
    pub id: String,
    pub title: String,
    pub municipality: String,
}

/// The organisational units of some municipalities.
pub fn fetch_units(
    client: &mut Client,
    base_url: &str,
    municipalities: &[String],
) -> Result<Vec<OrgUnit>> {
    check_ids(IdKind::Municipality, municipalities)?;
    let mut out = Vec::new();
    for m in municipalities {
        let url = format!(
            "{}/v3/ou?municipality={m}&per_page={PER_PAGE}",
            base(base_url)
        );
        for (row, url, _) in get_all_pages(client, &url, &mut || {})? {
            let text = |k: &str| {
                row.get(k)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .trim()
                    .to_string()
            };
            let id = text("id");
            if id.is_empty() {
                return Err(FetchMessage::UnitWithoutId { url }.into());
            }
            let muni = match text("municipality") {
                s if s.is_empty() => m.clone(),
                s => s,
            };
            out.push(OrgUnit {
                id,
                title: text("title"),
                municipality: muni,
            });
        }
    }
    Ok(out)
}

/// A municipality code (`0180`), not the country (`0000`), a county
/// (`0001`–`0025`) or a group (`G…`).
fn is_kommun_code(code: &str) -> bool {
    code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()) && !code.starts_with("00")
}

/// The data URLs for a query: every combination of ≤ 25-item chunks.
pub fn data_urls(base_url: &str, q: &KoladaQuery, units: &[String]) -> Vec<String> {
    let years: Vec<String> = q.years.clone().map(|y| y.to_string()).collect();
    let b = base(base_url);
    let mut urls = Vec::new();
    for k in chunks(&q.kpis, MAX_PER_SEGMENT) {
        for y in chunks(&years, MAX_PER_SEGMENT) {
            let (k, y) = (k.join(","), y.join(","));
            if q.ou {
                for u in chunks(units, MAX_PER_SEGMENT) {
                    urls.push(format!(
                        "{b}/v3/oudata/kpi/{k}/ou/{}/year/{y}?per_page={PER_PAGE}",
                        u.join(",")
                    ));
                }
            } else {
                match &q.municipalities {
                    None => urls.push(format!("{b}/v3/data/kpi/{k}/year/{y}?per_page={PER_PAGE}")),
                    Some(ms) => {
                        for m in chunks(ms, MAX_PER_SEGMENT) {
                            urls.push(format!(
                                "{b}/v3/data/kpi/{k}/municipality/{}/year/{y}?per_page={PER_PAGE}",
                                m.join(",")
                            ));
                        }
                    }
                }
            }
        }
    }
    urls
}

/// Parse one data row into values of the wanted gender. `Ok(None)` for rows
/// that are not a municipality (country, county, group) in municipality mode.
fn parse_row(
    row: &Value,
    i: usize,
    url: &str,
    fetched: &str,
    ou: bool,
    gender: &str,
) -> Result<Option<Vec<SourcedValue>>> {
    let bad = |problem: RowProblem| {
        FetchError::new(FetchMessage::BadRow {
            url: url.to_string(),
            row: i,
            problem,
        })
        .hint(FetchHint::KoladaRow)
    };
    let text = |k: &str| {
        row.get(k)
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string())
    };
    let kpi = text("kpi")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| bad(RowProblem::NoKpi))?
        .to_uppercase();
    let area_key = if ou { "ou" } else { "municipality" };
    let area = text(area_key).filter(|s| !s.is_empty()).ok_or_else(|| {
        bad(RowProblem::NoArea {
            key: area_key.to_string(),
        })
    })?;
    if matches!(row.get("isdeleted"), Some(Value::Bool(true))) {
        return Ok(Some(Vec::new()));
    }
    let year = match row.get("period") {
        Some(Value::Number(n)) => n.as_i64().and_then(|v| i32::try_from(v).ok()),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| {
        bad(RowProblem::NoPeriod {
            kpi: kpi.clone(),
            area: area.clone(),
        })
    })?;
    if !ou && !is_kommun_code(&area) {
        return Ok(None);
    }
    let inner = row.get("values").and_then(Value::as_array).ok_or_else(|| {
        bad(RowProblem::NoValues {
            kpi: kpi.clone(),
            area: area.clone(),
            year,
        })
    })?;
    let mut out = Vec::new();
    for (j, g) in inner.iter().enumerate() {
        let gv = g.get("gender").and_then(Value::as_str).unwrap_or("T");
        if gv != gender {
            continue;
        }
        let value = match g.get("value") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => n.as_f64().filter(|v| v.is_finite()),
            Some(other) => {
                return Err(bad(RowProblem::ValueNotNumber {
                    kpi: kpi.clone(),
                    area: area.clone(),
                    year,
                    index: j,
                    value: other.to_string(),
                }))
            }
        };
        let status = match g.get("status") {
            Some(Value::String(s)) => s.trim().to_string(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        out.push(SourcedValue {
            kpi: kpi.clone(),
            area: area.clone(),
            year,
            gender: gv.to_string(),
            value,
            status,
            fetched: fetched.to_string(),
            url: url.to_string(),
        });
    }
    Ok(Some(out))
}

/// Fetch a panel. `progress(done, total)` is called after each data page.
pub fn fetch_panel(
    client: &mut Client,
    base_url: &str,
    q: &KoladaQuery,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<KoladaPanel> {
    if q.kpis.is_empty() {
        return Err(FetchError::new(FetchMessage::NoKpis).hint(FetchHint::GiveKpis));
    }
    if q.years.is_empty() {
        return Err(FetchError::new(FetchMessage::EmptyYears {
            from: *q.years.start(),
            to: *q.years.end(),
        })
        .hint(FetchHint::GiveYears));
    }
    if let Some(ms) = &q.municipalities {
        check_ids(IdKind::Municipality, ms)?;
    }
    let kpis = fetch_kpi_meta(client, base_url, &q.kpis, q.allow_closed)?;
    let mut units: Vec<OrgUnit> = Vec::new();
    if q.ou {
        let no_ou: Vec<&str> = kpis
            .iter()
            .filter(|m| !m.has_ou_data)
            .map(|m| m.id.as_str())
            .collect();
        if !no_ou.is_empty() {
            return Err(FetchError::new(FetchMessage::NoOuData {
                kpis: no_ou.iter().map(|k| k.to_string()).collect(),
            })
            .hint(FetchHint::OuKpis));
        }
        let Some(ms) = &q.municipalities else {
            return Err(FetchMessage::OuNeedsMunicipality.into());
        };
        units = fetch_units(client, base_url, ms)?;
        if units.is_empty() {
            return Err(FetchMessage::NoUnits {
                municipalities: ms.clone(),
            }
            .into());
        }
    }
    let unit_ids: Vec<String> = units.iter().map(|u| u.id.clone()).collect();
    let urls = data_urls(base_url, q, &unit_ids);
    let total = urls.len();
    let mut done = 0;
    progress(0, total);
    let mut values: Vec<SourcedValue> = Vec::new();
    for url in &urls {
        let rows = get_all_pages(client, url, &mut || {})?;
        for (i, (row, page_url, fetched)) in rows.iter().enumerate() {
            if let Some(vs) = parse_row(row, i, page_url, fetched, q.ou, &q.gender)? {
                values.extend(vs);
            }
        }
        done += 1;
        progress(done, total);
    }
    // Keep only the KPIs and years asked for (a server may give more), and
    // refuse two different values for one cell.
    let wanted: BTreeSet<&str> = q.kpis.iter().map(String::as_str).collect();
    values.retain(|v| wanted.contains(v.kpi.as_str()) && q.years.contains(&v.year));
    values.sort_by(|a, b| {
        (a.area.as_str(), a.year, a.kpi.as_str()).cmp(&(b.area.as_str(), b.year, b.kpi.as_str()))
    });
    let mut deduped: Vec<SourcedValue> = Vec::with_capacity(values.len());
    for v in values {
        if let Some(prev) = deduped.last() {
            if prev.area == v.area && prev.year == v.year && prev.kpi == v.kpi {
                if prev.value != v.value {
                    return Err(FetchError::new(FetchMessage::Conflict {
                        kpi: v.kpi,
                        year: v.year,
                        area: v.area,
                        first: prev.value,
                        first_url: prev.url.clone(),
                        second: v.value,
                        second_url: v.url,
                    })
                    .hint(FetchHint::Disagree));
                }
                continue;
            }
        }
        deduped.push(v);
    }
    if deduped.is_empty() {
        return Err(FetchError::new(FetchMessage::NoValues {
            kpis: q.kpis.clone(),
            from: *q.years.start(),
            to: *q.years.end(),
        })
        .hint(FetchHint::CheckYears));
    }
    let fetched_dates: BTreeSet<&str> = deduped.iter().map(|v| v.fetched.as_str()).collect();
    let fetched = (
        fetched_dates.first().unwrap_or(&"").to_string(),
        fetched_dates.last().unwrap_or(&"").to_string(),
    );
    let table = build_table(&q.kpis, &deduped, &units, q.ou);
    Ok(KoladaPanel {
        table,
        header: if q.ou {
            ["area_id", "area_name", "group", "group_name", "year"]
        } else {
            ["kommun", "kommun_name", "lan", "lan_name", "year"]
        },
        kpis,
        values: deduped,
        fetched,
    })
}

/// One row per (area, year) with any value or status; KPI columns sorted by id
/// (as in `data/kommuner.csv`). Municipality and county names come from the
/// embedded table; unit names from Kolada's unit list.
fn build_table(kpis: &[String], values: &[SourcedValue], units: &[OrgUnit], ou: bool) -> Table {
    let emb = crate::data::dictionary::embedded_table();
    let mut kommun: HashMap<&str, (&str, &str, &str)> = HashMap::new();
    for i in 0..emb.len() {
        kommun
            .entry(&emb.id[i])
            .or_insert((&emb.name[i], &emb.group[i], &emb.group_name[i]));
    }
    let unit_of: HashMap<&str, &OrgUnit> = units.iter().map(|u| (u.id.as_str(), u)).collect();
    let mut cols: Vec<String> = kpis.iter().map(|k| k.to_uppercase()).collect();
    cols.sort();
    cols.dedup();
    let col_index: HashMap<&str, usize> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let mut rows: BTreeMap<(&str, i32), Vec<Option<f64>>> = BTreeMap::new();
    for v in values {
        let slot = rows
            .entry((v.area.as_str(), v.year))
            .or_insert_with(|| vec![None; cols.len()]);
        if let Some(&c) = col_index.get(v.kpi.as_str()) {
            slot[c] = v.value;
        }
    }
    let mut t = Table {
        source: "Kolada API v3".into(),
        columns: cols
            .iter()
            .map(|c| Column::with_capacity(c.clone(), rows.len()))
            .collect(),
        ..Default::default()
    };
    for (k, ((area, year), vals)) in rows.into_iter().enumerate() {
        let (name, group, group_name) = if ou {
            let u = unit_of.get(area);
            let m = u.map_or("", |u| u.municipality.as_str());
            let mname = kommun.get(m).map_or("", |x| x.0);
            (
                u.map_or("", |u| u.title.as_str()).to_string(),
                m.to_string(),
                mname.to_string(),
            )
        } else {
            match kommun.get(area) {
                Some((n, g, gn)) => (n.to_string(), g.to_string(), gn.to_string()),
                None => (String::new(), area[..2].to_string(), area[..2].to_string()),
            }
        };
        t.id.push(area);
        t.name.push(&name);
        t.group.push(&group);
        t.group_name.push(&group_name);
        t.year.push(Some(year));
        t.line.push(k as u64 + 2);
        for (c, v) in t.columns.iter_mut().zip(vals) {
            c.push(v);
        }
    }
    t
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> String {
    // Writing to memory cannot fail, and every field is UTF-8.
    String::from_utf8(w.into_inner().expect("flush to memory")).expect("UTF-8")
}

/// The tidy CSV: the five role columns, then one column per KPI; numbers in
/// shortest round-trip form, missing values empty, `\n` line ends (the
/// format of `data/kommuner.csv`).
pub fn panel_csv(p: &KoladaPanel) -> String {
    let t = &p.table;
    let mut w = csv_writer();
    let mut header: Vec<&str> = p.header.to_vec();
    header.extend(t.columns.iter().map(|c| c.name.as_str()));
    w.write_record(&header).expect("write to memory");
    for i in 0..t.len() {
        let mut rec = vec![
            t.id[i].to_string(),
            t.name[i].to_string(),
            t.group[i].to_string(),
            t.group_name[i].to_string(),
            t.year[i].map(|y| y.to_string()).unwrap_or_default(),
        ];
        rec.extend(
            t.columns
                .iter()
                .map(|c| c.get(i).map(|v| v.to_string()).unwrap_or_default()),
        );
        w.write_record(&rec).expect("write to memory");
    }
    finish(w)
}

/// The original producer named in a Kolada description ("… Källa: SCB."),
/// if any.
fn producer(description: &str) -> Option<String> {
    let at = description.rfind("Källa")?;
    let rest = description[at + "Källa".len()..].trim_start_matches([':', ' ']);
    let end = rest.find(['.', '\n']).unwrap_or(rest.len());
    let p = rest[..end].trim();
    (!p.is_empty()).then(|| p.to_string())
}

/// The unit at the end of a Kolada title ("…, kr/inv" → `kr/inv`, "andel
/// (%)" → `%`).
fn unit_from_title(title: &str) -> String {
    let t = title.trim();
    let t = match t.rsplit_once(" (-") {
        Some((head, _)) => head,
        None => t,
    };
    let last = t.rsplit_once(", ").map_or(t, |(_, u)| u);
    if last.contains("(%)") || last.contains('%') {
        "%".into()
    } else if last.starts_with("kr/")
        || last.starts_with("tkr")
        || last == "antal"
        || last.starts_with("antal")
    {
        last.to_string()
    } else {
        String::new()
    }
}

/// The data dictionary (`id,label_sv,label_en,unit,source,definition`, the
/// layout of `data/variables.csv`). Labels are Kolada's titles; English labels
/// and units come from the built-in dictionary where it knows the KPI. The
/// source credits Kolada for the unprocessed values and gives the fetch date.
pub fn dictionary_csv(p: &KoladaPanel) -> String {
    let builtin = crate::data::dictionary::embedded_dictionary();
    let mut w = csv_writer();
    w.write_record(["id", "label_sv", "label_en", "unit", "source", "definition"])
        .expect("write to memory");
    let mut metas: Vec<&KpiMeta> = p.kpis.iter().collect();
    metas.sort_by(|a, b| a.id.cmp(&b.id));
    metas.dedup_by(|a, b| a.id == b.id);
    let date = if p.fetched.0 == p.fetched.1 {
        p.fetched.0.clone()
    } else {
        format!("{}–{}", p.fetched.0, p.fetched.1)
    };
    for m in metas {
        let known = builtin.get(&m.id);
        let unit = known
            .map(|v| v.unit.clone())
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| unit_from_title(&m.title));
        let source = match producer(&m.description) {
            Some(orig) => format!("Källa: Kolada ({orig}), hämtad {date}"),
            None => format!("Källa: Kolada, hämtad {date}"),
        };
        let rec = [
            m.id.clone(),
            m.title.clone(),
            known.map(|v| v.label_en.clone()).unwrap_or_default(),
            unit,
            source,
            m.description.clone(),
        ];
        w.write_record(&rec).expect("write to memory");
    }
    finish(w)
}

/// Where every value came from: `kpi,area,year,gender,value,status,fetched,url`,
/// one line per value Kolada gave (missing values and their status included).
pub fn sources_csv(p: &KoladaPanel) -> String {
    let mut w = csv_writer();
    w.write_record([
        "kpi", "area", "year", "gender", "value", "status", "fetched", "url",
    ])
    .expect("write to memory");
    for v in &p.values {
        w.write_record([
            v.kpi.as_str(),
            v.area.as_str(),
            &v.year.to_string(),
            v.gender.as_str(),
            &v.value.map(|x| x.to_string()).unwrap_or_default(),
            v.status.as_str(),
            v.fetched.as_str(),
            v.url.as_str(),
        ])
        .expect("write to memory");
    }
    finish(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(kpis: usize, munis: Option<usize>, years: RangeInclusive<i32>) -> KoladaQuery {
        KoladaQuery {
            kpis: (0..kpis).map(|i| format!("N{i:05}")).collect(),
            municipalities: munis.map(|n| (0..n).map(|i| format!("{:04}", 100 + i)).collect()),
            years,
            ou: false,
            gender: "T".into(),
            allow_closed: false,
        }
    }

    #[test]
    fn urls_split_every_segment_at_25() {
        // 26 KPIs × 30 municipalities × 13 years: 2 × 2 × 1 requests.
        let urls = data_urls("http://h/", &q(26, Some(30), 2013..=2025), &[]);
        assert_eq!(urls.len(), 4);
        for u in &urls {
            let path = u.split('?').next().unwrap();
            for seg in path.split('/') {
                assert!(seg.split(',').count() <= 25, "{u}");
            }
            assert!(u.starts_with("http://h/v3/data/kpi/"), "{u}");
            assert!(u.ends_with("?per_page=5000"), "{u}");
        }
        // All municipalities: the municipality segment is left out.
        let all = data_urls("http://h", &q(1, None, 1990..=2025), &[]);
        assert_eq!(all.len(), 2, "36 years → 25 + 11");
        assert_eq!(all[1], "http://h/v3/data/kpi/N00000/year/2015,2016,2017,2018,2019,2020,2021,2022,2023,2024,2025?per_page=5000");
    }

    #[test]
    fn relative_next_urls_join_the_origin() {
        assert_eq!(
            absolute("/v3/x?page=2", "http://127.0.0.1:9/v3/x"),
            "http://127.0.0.1:9/v3/x?page=2"
        );
        assert_eq!(absolute("https://a/b", "http://c/d"), "https://a/b");
    }

    #[test]
    fn rows_keep_status_and_nulls_and_skip_non_municipalities() {
        let row = serde_json::json!({"kpi":"u31001","municipality":"0180","period":2024,
            "values":[{"gender":"K","value":1.0,"status":""},{"gender":"T","count":1,"status":"B","value":null}]});
        let v = parse_row(&row, 0, "u", "2026-12-01", false, "T")
            .unwrap()
            .unwrap();
        assert_eq!(v.len(), 1);
        assert_eq!(
            (v[0].kpi.as_str(), v[0].value, v[0].status.as_str()),
            ("U31001", None, "B")
        );
        let riket =
            serde_json::json!({"kpi":"U31001","municipality":"0000","period":2024,"values":[]});
        assert!(parse_row(&riket, 0, "u", "d", false, "T")
            .unwrap()
            .is_none());
        let bad = serde_json::json!({"kpi":"U31001","municipality":"0180","period":2024,"values":[{"gender":"T","value":"x"}]});
        let e = parse_row(&bad, 3, "http://u", "d", false, "T").unwrap_err();
        assert!(
            e.message.to_string().contains("row 3")
                && e.message.to_string().contains("not a number"),
            "{e}"
        );
    }

    #[test]
    fn units_and_producers_from_kolada_text() {
        assert_eq!(
            unit_from_title("Kostnad ekonomiskt bistånd, kr/inv"),
            "kr/inv"
        );
        assert_eq!(unit_from_title("Utrikes födda, andel (%)"), "%");
        assert_eq!(
            unit_from_title(
                "Utbetalt ekonomiskt bistånd (enl Sos exkl flyktinghushåll), kr/inv (-2023)"
            ),
            "kr/inv"
        );
        assert_eq!(
            producer("Antal invånare 31/12. Källa: SCB."),
            Some("SCB".into())
        );
        assert_eq!(producer("ingen källa"), None);
    }

    #[test]
    fn closed_kpis_name_their_replacement() {
        let notes = closed_kpi_notes(["U31001", "N31004", "n00914"]);
        assert_eq!(notes.len(), 2);
        assert!(
            notes[0].starts_with("N31004") && notes[0].contains("U31001"),
            "{}",
            notes[0]
        );
        assert!(notes[1].contains("N02243"), "{}", notes[1]);
    }
}
