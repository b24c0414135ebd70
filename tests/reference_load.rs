//! The loader as it was before the byte-record rewrite, kept only as the
//! reference the rewritten loader must agree with (values bit for bit, errors
//! word for word). Unchanged apart from this paragraph and the imports (it
//! shares `Encoding` and `LoadOptions` with the loader, and `whole_year`,
//! which since reads "2020.0" as the year 2020).
//!
//! Loading analysts' CSV files into a [`Table`]: comma, semicolon or tab
//! separated; decimal point or decimal comma; UTF-8 (with or without BOM) or
//! Latin-1 / Windows-1252 as written by Excel on Swedish systems. Each of these
//! is detected from the file and can be forced through [`LoadOptions`].
//!
//! Role columns (area id, name, group, group name, year) are found by header
//! name and kept as text, so `0180` keeps its leading zero; every other column
//! must be numeric. Every problem is reported with file, line, column and area.

// `InputError` carries a full location (file, line, column, area) and a hint;
// errors are rare and cold, so its size in `Result` does not matter here.
#![allow(clippy::result_large_err, dead_code)]

use std::collections::HashMap;
use std::path::Path;

use modellvarde::data::lines::LineIndex;
use modellvarde::data::{Column, Table, TextColumn};
use modellvarde::error::{InputError, Location};

pub use modellvarde::data::load::{whole_year, Encoding, LoadOptions};

/// Header names (lower case) recognised for each role column, in the order of
/// the data conventions (README, "Bringing your own district data").
const ID_NAMES: &[&str] = &[
    "id",
    "area_id",
    "kommun",
    "district_id",
    "omrade_id",
    "område_id",
];
const NAME_NAMES: &[&str] = &["name", "area_name", "kommun_name", "district_name", "namn"];
const GROUP_NAMES: &[&str] = &["group", "lan", "län", "region", "city", "stad"];
const GROUP_NAME_NAMES: &[&str] = &[
    "group_name",
    "lan_name",
    "län_name",
    "region_name",
    "city_name",
];
const YEAR_NAMES: &[&str] = &["year", "ar", "år"];

/// Cell texts that mean "no value": empty, R's `NA`, and SCB's `..`.
const MISSING: &[&str] = &["", "NA", ".."];

/// The role a header name gives its column by default ("year" for `Year`,
/// `år`, …), if any: such a column is read as text, not as a number.
pub fn role_of_header(header: &str) -> Option<&'static str> {
    let h = header.trim().to_lowercase();
    let h = h.as_str();
    [
        (ID_NAMES, "area id"),
        (NAME_NAMES, "area name"),
        (GROUP_NAMES, "group"),
        (GROUP_NAME_NAMES, "group name"),
        (YEAR_NAMES, "year"),
    ]
    .into_iter()
    .find(|(names, _)| names.contains(&h))
    .map(|(_, role)| role)
}

/// Whether a text cell means "no value" (empty, `NA` or `..`), as for numbers.
pub fn is_missing_text(t: &str) -> bool {
    MISSING.contains(&t.trim())
}

/// Read and parse a CSV file. See [`parse_csv`].
pub fn load_csv(path: &Path, opts: &LoadOptions) -> Result<Table, InputError> {
    let source = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::NotFound {
            "check the path; relative paths are taken from the current folder"
        } else {
            "check that the file is readable"
        };
        InputError::new(
            Location::file(&source),
            format!("cannot read the data file: {e}"),
        )
        .hint(hint)
    })?;
    parse_csv(&bytes, &source, opts)
}

/// Parse CSV bytes into a [`Table`]. `source` names the file in messages.
///
/// Rules: the first line is the header (line 1); blank lines and rows whose
/// cells are all empty are skipped; an empty cell, `NA` or `..` is a missing
/// value; `NaN`, `inf` and other non-numbers in a numeric column are errors;
/// spaces (also non-breaking) between digit groups are thousands separators.
/// Without an id column, a row's id is its 1-based data-row number. A
/// duplicate (id, year) is an error naming both lines.
pub fn parse_csv(bytes: &[u8], source: &str, opts: &LoadOptions) -> Result<Table, InputError> {
    let text = decode(bytes, source, opts.encoding)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    // Classic Mac OS files end lines with CR alone; read them as LF so lines
    // are counted (and reported) right.
    let cr_only = (text.contains('\r') && !text.contains('\n')).then(|| text.replace('\r', "\n"));
    let text = cr_only.as_deref().unwrap_or(text);
    if text.trim().is_empty() {
        return Err(InputError::new(Location::file(source), "the file is empty")
            .hint("give a CSV file with a header line and one row per area"));
    }
    let delimiter = match opts.delimiter {
        Some(d) => d,
        None => detect_delimiter(text),
    };

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());

    let index = LineIndex::new(text.as_bytes());
    let mut records: Vec<(u64, csv::StringRecord)> = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            let mut loc = Location::file(source);
            loc.line = e.position().map(|p| index.line_of_record(p.byte()));
            InputError::new(loc, format!("cannot read CSV: {e}"))
                .hint("check quoting: every opening \" needs a closing \"")
        })?;
        records.push((index.line_of(&rec), rec));
    }
    let mut iter = records.into_iter();
    let Some((_, header)) = iter.next() else {
        return Err(InputError::new(Location::file(source), "the file is empty")
            .hint("give a CSV file with a header line and one row per area"));
    };
    let headers: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    check_headers(&headers, source, delimiter)?;
    let roles = Roles::find(&headers, opts, source)?;

    // Data rows: skip rows whose cells are all empty (Excel leaves `;;;` lines).
    let mut rows: Vec<(u64, csv::StringRecord)> = Vec::new();
    for (line, rec) in iter {
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rec.len() != headers.len() {
            return Err(InputError::new(
                Location::file(source).line(line),
                format!(
                    "this row has {} fields but the header has {}",
                    rec.len(),
                    headers.len()
                ),
            )
            .hint(format!(
                "every row needs one value per header column, separated by '{}'; quote cells that contain the separator",
                delimiter_name(delimiter)
            )));
        }
        rows.push((line, rec));
    }
    if rows.is_empty() {
        return Err(InputError::new(
            Location::file(source),
            "the file has a header but no data rows",
        )
        .hint("add one row per area (and year) below the header"));
    }

    let numeric: Vec<usize> = (0..headers.len()).filter(|i| !roles.is_role(*i)).collect();
    let decimal_comma = match opts.decimal_comma {
        Some(b) => b,
        None => {
            let comma = detect_decimal_comma(&rows, &numeric, delimiter);
            if let Some((line, i, cell)) = ambiguous_separator(&rows, &numeric, delimiter, comma) {
                return Err(InputError::new(
                    Location::file(source).line(line).column(&headers[i]),
                    format!(
                        "'{cell}' could be a decimal number or a whole number with a thousands separator, and no cell in the file settles which"
                    ),
                )
                .hint("say how numbers are written: --decimal-point (then write thousands without separators) or --decimal-comma"));
            }
            comma
        }
    };

    let n = rows.len();
    let mut table = Table {
        source: source.to_string(),
        id: TextColumn::with_capacity(n, 0),
        name: TextColumn::with_capacity(n, 0),
        group: TextColumn::with_capacity(n, 0),
        group_name: TextColumn::with_capacity(n, 0),
        year: Vec::with_capacity(n),
        line: Vec::with_capacity(n),
        columns: numeric
            .iter()
            .map(|&i| Column::with_capacity(headers[i].clone(), n))
            .collect(),
    };
    let mut seen: HashMap<(String, Option<i32>), u64> = HashMap::with_capacity(n);

    for (k, (line, rec)) in rows.iter().enumerate() {
        let cell = |i: Option<usize>| i.map(|i| rec[i].trim().to_string());
        let name = cell(roles.name).unwrap_or_default();
        let id = match roles.id {
            Some(i) => {
                let id = rec[i].trim().to_string();
                if id.is_empty() {
                    let mut loc = Location::file(source).line(*line).column(&headers[i]);
                    if !name.is_empty() {
                        loc = loc.area(&name);
                    }
                    return Err(InputError::new(loc, "the area id is empty")
                        .hint("give every row an area id (or remove the row)"));
                }
                id
            }
            None => (k + 1).to_string(),
        };
        let area = if name.is_empty() || name == id {
            id.clone()
        } else {
            format!("{id} {name}")
        };
        for i in [roles.id, roles.name, roles.group, roles.group_name]
            .into_iter()
            .flatten()
        {
            check_text(&rec[i], source, *line, &headers[i], &area)?;
        }
        let group = cell(roles.group).unwrap_or_default();
        let group_name = cell(roles.group_name).unwrap_or_else(|| group.clone());
        let year = match roles.year {
            Some(i) => {
                let t = rec[i].trim();
                if MISSING.contains(&t) {
                    None
                } else {
                    Some(whole_year(t).ok_or(()).map_err(|_| {
                        InputError::new(
                            Location::file(source)
                                .line(*line)
                                .column(&headers[i])
                                .area(&area),
                            format!("the year '{t}' is not a whole number"),
                        )
                        .hint("write the year as four digits, e.g. 2022")
                    })?)
                }
            }
            None => None,
        };
        if let Some(prev) = seen.insert((id.clone(), year), *line) {
            let what = match year {
                Some(y) => format!("area {area} appears twice for year {y}"),
                None => format!("area {area} appears twice"),
            };
            return Err(InputError::new(
                Location::file(source).line(*line).area(&area),
                format!("{what}: lines {prev} and {line}"),
            )
            .hint("keep one row per area and year (remove or merge the duplicate)"));
        }
        for (col, &i) in table.columns.iter_mut().zip(&numeric) {
            let v = parse_number(&rec[i], decimal_comma).map_err(|why| {
                InputError::new(
                    Location::file(source)
                        .line(*line)
                        .column(&headers[i])
                        .area(&area),
                    why.message(rec[i].trim()),
                )
                .hint(why.hint())
            })?;
            col.push(v);
        }
        table.id.push(&id);
        table.name.push(&name);
        table.group.push(&group);
        table.group_name.push(&group_name);
        table.year.push(year);
        table.line.push(*line);
    }
    Ok(table)
}

/// Longest id, name or group text accepted (characters). Area names are at
/// most a few dozen characters; spreadsheet cells hold at most 32 767.
pub const MAX_TEXT_CHARS: usize = 1000;

/// An id, name or group must be printable text of sane length: control
/// characters (ESC, BEL, NUL, …) would reach the terminal raw and make the
/// SVG and XLSX files ill-formed (XML 1.0 forbids them even escaped), so they
/// are refused here, at the edge.
fn check_text(
    raw: &str,
    source: &str,
    line: u64,
    column: &str,
    area: &str,
) -> Result<(), InputError> {
    let loc = || {
        let shown: String = area.chars().filter(|c| !c.is_control()).take(60).collect();
        Location::file(source).line(line).column(column).area(shown)
    };
    // Tab and line breaks (in quoted multi-line cells) are whitespace that XML
    // and terminals take as such; every other control character is refused.
    let refused = |c: &char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if let Some(c) = raw.chars().find(refused) {
        return Err(InputError::new(
            loc(),
            format!("the text contains the control character U+{:04X}", c as u32),
        )
        .hint("remove the control character from the cell (it is invisible in most editors; search for it by its code)"));
    }
    let n = raw.chars().count();
    if n > MAX_TEXT_CHARS {
        return Err(InputError::new(
            loc(),
            format!("the text is {n} characters long; at most {MAX_TEXT_CHARS} are accepted"),
        )
        .hint("shorten the cell; a column of long text is probably misplaced (check the separator and quoting)"));
    }
    Ok(())
}

/// When the separator that the file's delimiter makes unusual as a decimal
/// mark (a comma in a comma-separated file, a point in a `;` or tab file) is
/// the one detected, and every cell with it looks like thousands grouping
/// (`18,094`, `9.271`: 1–3 digits then groups of exactly 3), the reading is a
/// guess that is wrong by a factor of 1 000 when it is wrong. Returns the first
/// such cell (line, column index, text) so the user can say which it is.
fn ambiguous_separator(
    rows: &[(u64, csv::StringRecord)],
    numeric: &[usize],
    delim: u8,
    decimal_comma: bool,
) -> Option<(u64, usize, String)> {
    let mark = match (delim, decimal_comma) {
        (b',', true) => ',',
        (b';' | b'\t', false) => '.',
        _ => return None,
    };
    let grouped = |t: &str| {
        let t = t.strip_prefix(['-', '+']).unwrap_or(t);
        let mut parts = t.split(mark);
        let first = parts.next().unwrap_or("");
        let rest: Vec<&str> = parts.collect();
        !rest.is_empty()
            && (1..=3).contains(&first.len())
            && first.bytes().all(|b| b.is_ascii_digit())
            && rest
                .iter()
                .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
    };
    let mut first = None;
    for (line, rec) in rows {
        for &i in numeric {
            let t = rec[i].trim();
            if !t.contains(mark) || t == ".." {
                continue;
            }
            if !grouped(t) {
                return None;
            }
            if first.is_none() {
                first = Some((*line, i, t.to_string()));
            }
        }
    }
    first
}

/// Column positions of the role columns.
struct Roles {
    id: Option<usize>,
    name: Option<usize>,
    group: Option<usize>,
    group_name: Option<usize>,
    year: Option<usize>,
}

impl Roles {
    fn find(headers: &[String], opts: &LoadOptions, source: &str) -> Result<Roles, InputError> {
        let pick = |forced: &Option<String>,
                    names: &[&str],
                    role: &str|
         -> Result<Option<usize>, InputError> {
            if let Some(f) = forced {
                let want = f.trim().to_lowercase();
                return headers
                    .iter()
                    .position(|h| h.to_lowercase() == want)
                    .map(Some)
                    .ok_or_else(|| {
                        InputError::new(
                            Location::file(source).line(1).column(f.as_str()),
                            format!("no column named '{f}' for the {role}"),
                        )
                        .hint(format!("the header has: {}", headers.join(", ")))
                    });
            }
            let hits: Vec<usize> = headers
                .iter()
                .enumerate()
                .filter(|(_, h)| names.contains(&h.to_lowercase().as_str()))
                .map(|(i, _)| i)
                .collect();
            match hits.as_slice() {
                [] => Ok(None),
                [i] => Ok(Some(*i)),
                [a, b, ..] => Err(InputError::new(
                    Location::file(source).line(1),
                    format!(
                        "two columns could be the {role}: '{}' and '{}'",
                        headers[*a], headers[*b]
                    ),
                )
                .hint(format!(
                    "rename one of them, or say which one is the {role} (load option)"
                ))),
            }
        };
        let roles = Roles {
            id: pick(&opts.id_column, ID_NAMES, "area id")?,
            name: pick(&opts.name_column, NAME_NAMES, "area name")?,
            group: pick(&opts.group_column, GROUP_NAMES, "group")?,
            group_name: pick(&opts.group_name_column, GROUP_NAME_NAMES, "group name")?,
            year: pick(&opts.year_column, YEAR_NAMES, "year")?,
        };
        // One column cannot play two roles (e.g. a forced id that is also the year).
        let all = [
            roles.id,
            roles.name,
            roles.group,
            roles.group_name,
            roles.year,
        ];
        let set: Vec<usize> = all.iter().flatten().copied().collect();
        for (k, a) in set.iter().enumerate() {
            if set[k + 1..].contains(a) {
                return Err(InputError::new(
                    Location::file(source).line(1).column(&headers[*a]),
                    format!("column '{}' is given two roles", headers[*a]),
                )
                .hint("give each role (id, name, group, group name, year) its own column"));
            }
        }
        Ok(roles)
    }

    fn is_role(&self, i: usize) -> bool {
        [self.id, self.name, self.group, self.group_name, self.year].contains(&Some(i))
    }
}

fn check_headers(headers: &[String], source: &str, delimiter: u8) -> Result<(), InputError> {
    for (i, h) in headers.iter().enumerate() {
        if h.is_empty() {
            return Err(InputError::new(
                Location::file(source).line(1),
                format!("header column {} has no name", i + 1),
            )
            .hint(format!(
                "give every column a name in the header line (separator '{}')",
                delimiter_name(delimiter)
            )));
        }
        if let Some(j) = headers[..i]
            .iter()
            .position(|p| p.to_lowercase() == h.to_lowercase())
        {
            return Err(InputError::new(
                Location::file(source).line(1).column(h.as_str()),
                format!(
                    "the header names '{}' twice (columns {} and {})",
                    h,
                    j + 1,
                    i + 1
                ),
            )
            .hint("give every column a distinct name"));
        }
    }
    Ok(())
}

fn delimiter_name(d: u8) -> &'static str {
    match d {
        b',' => ",",
        b';' => ";",
        b'\t' => "tab",
        _ => "the separator",
    }
}

/// Decode bytes: forced encoding, else UTF-8 if valid, else Windows-1252.
fn decode(bytes: &[u8], source: &str, enc: Option<Encoding>) -> Result<String, InputError> {
    // Excel's "Unicode text" export is UTF-16 with a byte-order mark; read as
    // Latin-1 it would turn into garbage with NUL bytes, so refuse it by name.
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(InputError::new(
            Location::file(source),
            "the file is UTF-16 text, which is not supported",
        )
        .hint("save it from Excel as \"CSV UTF-8\" or \"CSV (semikolonavgränsad)\""));
    }
    match enc {
        Some(Encoding::Latin1) => Ok(decode_cp1252(bytes)),
        Some(Encoding::Utf8) => match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => {
                let at = e.valid_up_to();
                let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64;
                Err(InputError::new(
                    Location::file(source).line(line),
                    format!("the file is not valid UTF-8 (byte {} of the file)", at + 1),
                )
                .hint("the file is probably Latin-1 (an Excel export); read it as Latin-1 or let the encoding be detected"))
            }
        },
        None => match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => {
                // A file that also holds valid multi-byte UTF-8 (å, ä, ö written
                // as two bytes) is UTF-8 with a stray byte, not Latin-1: reading
                // all of it as Latin-1 would garble every name ("MalmÃ¶").
                let has_utf8 = bytes.utf8_chunks().any(|c| !c.valid().is_ascii());
                if has_utf8 {
                    let at = e.valid_up_to();
                    let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64;
                    return Err(InputError::new(
                        Location::file(source).line(line),
                        format!(
                            "the file is UTF-8 but byte {} (0x{:02X}) is not: the file mixes two encodings",
                            at + 1,
                            bytes[at]
                        ),
                    )
                    .hint("fix the character on that line (it was probably pasted from a Latin-1 file) and save the file as UTF-8, or force --encoding latin1 if the whole file is Latin-1"));
                }
                Ok(decode_cp1252(bytes))
            }
        },
    }
}

/// Windows-1252 decoding: ISO 8859-1 with printable characters in 0x80–0x9F
/// (the WHATWG Encoding Standard's mapping; undefined bytes map to the C1
/// control of the same value, as ISO 8859-1 does).
fn decode_cp1252(bytes: &[u8]) -> String {
    const HIGH: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => char::from_u32(HIGH[(b - 0x80) as usize]).unwrap_or('\u{fffd}'),
            _ => b as char,
        })
        .collect()
}

/// The separator that occurs most often (outside quotes) in the header line;
/// comma when there is none (a one-column file). Ties go to semicolon, then tab,
/// since a header with as many commas as semicolons is most likely a Swedish
/// Excel export whose column names contain commas.
fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [0usize; 3]; // ; \t ,
    let mut quoted = false;
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => counts[0] += 1,
            '\t' if !quoted => counts[1] += 1,
            ',' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let cands = [b';', b'\t', b','];
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(2);
    if counts[best] == 0 {
        b','
    } else {
        cands[best]
    }
}

/// Decimal comma when numeric cells contain `12,5`-style numbers and none
/// contains `12.5`; when both occur, a `;` or tab separated file is taken to
/// use decimal comma (and the cells with a point are then reported).
fn detect_decimal_comma(rows: &[(u64, csv::StringRecord)], numeric: &[usize], delim: u8) -> bool {
    let (mut comma, mut point) = (false, false);
    for (_, rec) in rows {
        for &i in numeric {
            let t = rec[i].trim();
            if t.contains(',') {
                comma = true;
            }
            if t.contains('.') && t != ".." {
                point = true;
            }
        }
        if comma && point {
            break;
        }
    }
    match (comma, point) {
        (true, false) => true,
        (true, true) => delim != b',',
        _ => false,
    }
}

/// Why a cell is not a number.
#[derive(Debug, PartialEq)]
enum BadNumber {
    NotFinite,
    NotNumber,
    DecimalPointInCommaFile,
    DecimalCommaInPointFile,
}

impl BadNumber {
    fn message(&self, text: &str) -> String {
        match self {
            BadNumber::NotFinite => format!("'{text}' is not a finite number"),
            BadNumber::NotNumber => format!("'{text}' is not a number"),
            BadNumber::DecimalPointInCommaFile => {
                format!("'{text}' has a decimal point, but this file uses decimal comma")
            }
            BadNumber::DecimalCommaInPointFile => {
                format!("'{text}' has a decimal comma, but this file uses decimal point")
            }
        }
    }

    fn hint(&self) -> &'static str {
        match self {
            BadNumber::NotFinite => {
                "NaN and infinity are not data: leave the cell empty (or write NA) for a missing value"
            }
            BadNumber::NotNumber => {
                "this column is read as numbers: fix the cell, leave it empty (or NA, ..) if the value is missing, or name the column as an id/name/group/year column"
            }
            BadNumber::DecimalPointInCommaFile | BadNumber::DecimalCommaInPointFile => {
                "write every number with the same decimal separator, or set the decimal separator explicitly"
            }
        }
    }
}

/// Parse one numeric cell. `Ok(None)` for a missing value.
fn parse_number(raw: &str, decimal_comma: bool) -> Result<Option<f64>, BadNumber> {
    let t = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}');
    if MISSING.contains(&t) {
        return Ok(None);
    }
    let t = strip_thousands(t).ok_or(BadNumber::NotNumber)?;
    let normal = if decimal_comma {
        if t.contains('.') {
            return Err(BadNumber::DecimalPointInCommaFile);
        }
        t.replacen(',', ".", 1)
    } else {
        if t.contains(',') {
            return Err(BadNumber::DecimalCommaInPointFile);
        }
        t
    };
    // Rust's parser accepts "nan", "inf" and "infinity": refuse them by name.
    match normal.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        Ok(_) => Err(BadNumber::NotFinite),
        Err(_) => Err(BadNumber::NotNumber),
    }
}

/// Remove thousands separators (space, no-break space, narrow no-break space)
/// written between digit groups: `1 234 567,5`. The first group has 1–3
/// digits and every later group exactly 3; anything else is not a number.
fn strip_thousands(t: &str) -> Option<String> {
    let is_sep = |c: char| c == ' ' || c == '\u{a0}' || c == '\u{202f}';
    if !t.contains(is_sep) {
        return Some(t.to_string());
    }
    let (int_part, rest) = match t.find(['.', ',']) {
        Some(p) => t.split_at(p),
        None => (t, ""),
    };
    if rest.contains(is_sep) {
        return None;
    }
    let (sign, digits) = match int_part.strip_prefix(['-', '+']) {
        Some(d) => (&int_part[..1], d),
        None => ("", int_part),
    };
    let groups: Vec<&str> = digits.split(is_sep).collect();
    let all_digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if !groups.iter().all(|g| all_digits(g))
        || groups[0].len() > 3
        || groups[1..].iter().any(|g| g.len() != 3)
    {
        return None;
    }
    Some(format!("{sign}{}{rest}", groups.concat()))
}
