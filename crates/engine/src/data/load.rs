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
#![allow(clippy::result_large_err)]

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use super::{Column, Table, TextColumn};
use crate::error::{Hint, InputError, Location, Message};

/// Text encoding of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// ISO 8859-1, read as its superset Windows-1252 (what Excel writes as
    /// "CSV (semikolonavgränsad)" on Swedish Windows).
    Latin1,
}

/// How to read a CSV file. Every `None` means "detect from the file".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Field separator: `b','`, `b';'` or `b'\t'`. Detected from the header line.
    pub delimiter: Option<u8>,
    /// `Some(true)`: numbers are written `12,5`. Detected from the numeric cells.
    pub decimal_comma: Option<bool>,
    /// Text encoding. Detected: UTF-8 when the bytes are valid UTF-8, else Latin-1.
    pub encoding: Option<Encoding>,
    /// Header of the area-id column (overrides detection).
    pub id_column: Option<String>,
    /// Header of the area-name column.
    pub name_column: Option<String>,
    /// Header of the group (county, city) column.
    pub group_column: Option<String>,
    /// Header of the group-name column.
    pub group_name_column: Option<String>,
    /// Header of the year column.
    pub year_column: Option<String>,
}

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
const NAME_NAMES: &[&str] = &[
    "name",
    "area_name",
    "kommun_name",
    "district_name",
    "namn",
    "stadsdel",
    "stadsdel_namn",
    "kommunnamn",
    "områdesnamn",
];
const GROUP_NAMES: &[&str] = &["group", "lan", "län", "region", "city", "stad"];
const GROUP_NAME_NAMES: &[&str] = &[
    "group_name",
    "lan_name",
    "län_name",
    "region_name",
    "city_name",
];
const YEAR_NAMES: &[&str] = &["year", "ar", "år", "årtal", "artal"];

/// A header as role names are matched: trimmed, lower case, with `-` and
/// spaces read as `_` (`Område-ID` and `område id` are `område_id`).
fn role_key(header: &str) -> String {
    header
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == '-' || c == ' ' { '_' } else { c })
        .collect()
}

/// Cell texts that mean "no value": empty, R's `NA`, SCB's and Kolada's `..`,
/// and the dash (hyphen or en dash) Swedish statistics tables print for "no
/// value" (a lone dash is never a number).
const MISSING: &[&str] = &["", "NA", "..", "-", "\u{2013}"];

/// The role a header name gives its column by default ("year" for `Year`,
/// `år`, …), if any: such a column is read as text, not as a number.
pub fn role_of_header(header: &str) -> Option<&'static str> {
    let h = role_key(header);
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

/// Whether a text cell means "no value" (empty, `NA`, `..`, `-` or `–`), as for numbers.
pub fn is_missing_text(t: &str) -> bool {
    MISSING.contains(&t.trim())
}

/// Read and parse a CSV file. See [`parse_csv`].
pub fn load_csv(path: &Path, opts: &LoadOptions) -> Result<Table, InputError> {
    let source = path.display().to_string();
    let cannot_read = |e: std::io::Error| {
        let hint = if e.kind() == std::io::ErrorKind::NotFound {
            Hint::CheckPath
        } else {
            Hint::CheckReadable
        };
        InputError::new(
            Location::file(&source),
            Message::CannotRead {
                error: e.to_string(),
                kind: e.kind(),
            },
        )
        .hint(hint)
    };
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    let meta = file.metadata().map_err(cannot_read)?;
    // Refused before it is read: the table keeps its texts with 32-bit
    // offsets ([`super::text::MAX_TEXT_BYTES`]); `parse_csv` checks the
    // decoded text again (Latin-1 can grow when decoded).
    if meta.is_file() && meta.len() > super::text::MAX_TEXT_BYTES as u64 {
        return Err(too_large(&source, meta.len()));
    }
    if meta.is_file() && meta.len() >= MAP_MIN_BYTES {
        // SAFETY: the map is read only and lives until the table is built;
        // see MAP_MIN_BYTES for what another process changing the file
        // meanwhile would do.
        if let Ok(map) = unsafe { memmap2::Mmap::map(&file) } {
            #[cfg(unix)]
            let _ = map.advise(memmap2::Advice::Sequential);
            return parse_csv(&map, &source, opts);
        }
    }
    let mut bytes = Vec::with_capacity(meta.len().try_into().unwrap_or(0));
    std::io::Read::read_to_end(&mut &file, &mut bytes).map_err(cannot_read)?;
    parse_csv(&bytes, &source, opts)
}

/// Files of at least this size are mapped into memory instead of read into a
/// buffer: the parser then works on the kernel's cached pages, with no copy
/// and no fresh buffer to fault in and zero (a 114 MB file: 0.08 s of `read`
/// into a new buffer against 0.02 s through a reused one). A file truncated
/// by another process while it is being parsed would end the process with
/// SIGBUS, as in every tool that maps its input (ripgrep, git); smaller files
/// are read, so the common case keeps the plain behaviour.
const MAP_MIN_BYTES: u64 = 16 << 20;

/// The error for a file of more than [`super::text::MAX_TEXT_BYTES`] bytes of text.
fn too_large(source: &str, bytes: u64) -> InputError {
    InputError::new(Location::file(source), Message::TooLarge { bytes }).hint(Hint::SplitFile)
}

/// Parse CSV bytes into a [`Table`]. `source` names the file in messages.
///
/// Rules: the first line is the header (line 1); blank lines and rows whose
/// cells are all empty are skipped; an empty cell, `NA`, `..`, `-` or `–` is
/// a missing value; `NaN`, `inf` and other non-numbers in a numeric column are
/// errors; spaces (also non-breaking) between digit groups are thousands
/// separators; a trailing `%` (as Excel writes percent-formatted cells, `1,8 %`)
/// is dropped and the number read as written, in percent: `1,8 %` is 1.8, not
/// 0.018. Without an id column, a row's id is its 1-based data-row number. A
/// duplicate (id, year) is an error naming both lines.
///
/// How it is fast: the file is tokenised once into reused byte records (no
/// allocation per cell; text is allocated only for the id, name and group
/// columns the table keeps), numbers go straight into their column buffers
/// through the standard library's float parser (the Eisel–Lemire / fast-float
/// algorithm, correctly rounded), and a large file without quotes is cut at
/// line ends into chunks parsed in parallel. The decimal separator is guessed
/// from a sample and checked against the whole file; when the guess was wrong
/// or any row is bad, the file is read again row by row in file order, so the
/// error reported is the first one in the file, exactly as a sequential reader
/// would find it.
pub fn parse_csv(bytes: &[u8], source: &str, opts: &LoadOptions) -> Result<Table, InputError> {
    let text = decode(bytes, source, opts.encoding)?;
    let text: &str = &text;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Classic Mac OS files end lines with CR alone; read them as LF so lines
    // are counted (and reported) right.
    let cr_only = (contains_byte(b'\r', text.as_bytes()) && !contains_byte(b'\n', text.as_bytes()))
        .then(|| text.replace('\r', "\n"));
    let text = cr_only.as_deref().unwrap_or(text);
    if text.trim().is_empty() {
        return Err(InputError::new(Location::file(source), Message::Empty).hint(Hint::GiveCsv));
    }
    if text.len() > super::text::MAX_TEXT_BYTES {
        return Err(too_large(source, text.len() as u64));
    }
    let delimiter = match opts.delimiter {
        Some(d) => d,
        None => detect_delimiter(text),
    };
    let bytes = text.as_bytes();

    // The header: the first record.
    let mut reader = reader_for(bytes, delimiter);
    let mut header = csv::ByteRecord::new();
    let has_header = reader.read_byte_record(&mut header).map_err(|e| {
        InputError::new(
            Location::file(source),
            Message::BadCsv {
                error: e.to_string(),
            },
        )
        .hint(Hint::CheckQuoting)
    })?;
    if !has_header {
        return Err(InputError::new(Location::file(source), Message::Empty).hint(Hint::GiveCsv));
    }
    let body_start = reader.position().byte() as usize;
    let headers: Vec<String> = header
        .iter()
        .map(|h| field_str(h).trim().to_string())
        .collect();
    check_headers(&headers, source, delimiter)?;
    let roles = Roles::find(&headers, opts, source)?;
    let numeric: Vec<usize> = (0..headers.len()).filter(|i| !roles.is_role(*i)).collect();
    let cx = Context {
        source,
        headers: &headers,
        roles: &roles,
        numeric: &numeric,
        delimiter,
    };

    // The fast path: parse with the sample's decimal separator, in parallel
    // chunks where the file allows; fall back to the exact sequential reading
    // on any error or when the whole file disagrees with the sample.
    let guess = match opts.decimal_comma {
        Some(b) => b,
        None => cx.sample_decimal_comma(bytes, body_start),
    };
    if let Some((table, stats)) = cx.parse_fast(text, body_start, guess) {
        let decided = match opts.decimal_comma {
            Some(b) => Some(b),
            None => {
                let comma = stats.decimal_comma(delimiter);
                (stats.ambiguous(delimiter, comma).is_none()).then_some(comma)
            }
        };
        if decided == Some(guess) && stats.rows > 0 {
            first_duplicate(&table, &cx)?;
            return Ok(table);
        }
    }
    cx.parse_exact(bytes, body_start, opts.decimal_comma)
}

/// The UTF-8 byte order mark.
const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// A csv reader over `bytes` with the loader's dialect: the given delimiter,
/// `"` quoting, ragged rows allowed (they are reported by the loader).
fn reader_for(bytes: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
}

/// Whether `byte` occurs in `hay`.
fn contains_byte(byte: u8, hay: &[u8]) -> bool {
    memchr::memchr(byte, hay).is_some()
}

/// A field as text. Fields are cut from decoded (valid UTF-8) text at ASCII
/// separators and quotes, so they are valid UTF-8 themselves.
fn field_str(b: &[u8]) -> &str {
    std::str::from_utf8(b).unwrap_or("\u{fffd}")
}

/// Whitespace as `str::trim` sees it, for ASCII bytes.
fn is_ascii_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// `str::trim` of a field: a byte-level fast path for ASCII fields.
fn trim_field(b: &[u8]) -> &str {
    field_str(trim_bytes(b))
}

/// `str::trim` of a field, as bytes: ASCII fields are trimmed byte by byte
/// (no UTF-8 check); others as text, so Unicode spaces (no-break space, …)
/// are trimmed exactly as `str::trim` does.
fn trim_bytes(b: &[u8]) -> &[u8] {
    if b.is_ascii() {
        let start = b.iter().position(|&c| !is_ascii_ws(c)).unwrap_or(b.len());
        let end = b
            .iter()
            .rposition(|&c| !is_ascii_ws(c))
            .map_or(start, |e| e + 1);
        &b[start..end.max(start)]
    } else {
        field_str(b).trim().as_bytes()
    }
}

/// Owned text of a (trimmed) field.
fn owned(b: &[u8]) -> String {
    field_str(b).to_owned()
}

/// What the whole file says about its decimal separator (see
/// [`detect_decimal_comma`] and [`ambiguous_separator`]), gathered while parsing
/// and merged over chunks in file order.
#[derive(Debug, Default, Clone)]
struct Stats {
    /// Data rows read (all-empty rows not counted).
    rows: usize,
    /// A numeric cell contains `,`.
    comma: bool,
    /// A numeric cell contains `.` (other than the missing marker `..`).
    point: bool,
    /// For the separator the delimiter makes unusual as a decimal mark (`,` in
    /// a comma file, `.` otherwise): some cell with it is not thousands-like.
    ungrouped: bool,
    /// The first thousands-like cell with that mark: (line, column, text).
    first_grouped: Option<(u64, usize, String)>,
}

impl Stats {
    fn merge(&mut self, later: &Stats) {
        self.rows += later.rows;
        self.comma |= later.comma;
        self.point |= later.point;
        self.ungrouped |= later.ungrouped;
        if self.first_grouped.is_none() {
            self.first_grouped = later.first_grouped.clone();
        }
    }

    /// Decimal comma when numeric cells contain `12,5`-style numbers and none
    /// contains `12.5`; when both occur, a `;` or tab separated file is taken
    /// to use decimal comma (and the cells with a point are then reported).
    fn decimal_comma(&self, delim: u8) -> bool {
        match (self.comma, self.point) {
            (true, false) => true,
            (true, true) => delim != b',',
            _ => false,
        }
    }

    /// When the separator that the file's delimiter makes unusual as a decimal
    /// mark (a comma in a comma-separated file, a point in a `;` or tab file)
    /// is the one detected, and every cell with it looks like thousands
    /// grouping (`18,094`, `9.271`: 1–3 digits then groups of exactly 3), the
    /// reading is a guess that is wrong by a factor of 1 000 when it is wrong.
    /// Returns the first such cell (line, column index, text) so the user can
    /// say which it is.
    fn ambiguous(&self, delim: u8, decimal_comma: bool) -> Option<(u64, usize, String)> {
        match (delim, decimal_comma) {
            (b',', true) | (b';' | b'\t', false) => {}
            _ => return None,
        }
        if self.ungrouped {
            None
        } else {
            self.first_grouped.clone()
        }
    }

    /// Account for one trimmed numeric cell.
    fn cell(&mut self, t: &[u8], delim: u8, line: u64, col: usize) {
        let has_comma = t.contains(&b',');
        let has_point = t.contains(&b'.') && t != b"..";
        self.comma |= has_comma;
        self.point |= has_point;
        let mark = if delim == b',' { b',' } else { b'.' };
        let has_mark = if mark == b',' { has_comma } else { has_point };
        if has_mark && !self.ungrouped {
            if looks_grouped(t, mark) {
                if self.first_grouped.is_none() {
                    self.first_grouped = Some((line, col, owned(t)));
                }
            } else {
                self.ungrouped = true;
            }
        }
    }
}

/// `18,094` or `-1.234.567`: 1–3 digits, then groups of exactly 3 after `mark`.
fn looks_grouped(t: &[u8], mark: u8) -> bool {
    let t = match t {
        [b'-' | b'+', rest @ ..] => rest,
        _ => t,
    };
    let mut parts = t.split(|&b| b == mark);
    let first = parts.next().unwrap_or(b"");
    let mut any = false;
    for g in parts {
        if g.len() != 3 || !g.iter().all(|b| b.is_ascii_digit()) {
            return false;
        }
        any = true;
    }
    any && (1..=3).contains(&first.len()) && first.iter().all(|b| b.is_ascii_digit())
}

/// Rows parsed from one stretch of the file.
#[derive(Default)]
struct Chunk {
    texts: Texts,
    year: Vec<Option<i32>>,
    line: Vec<u64>,
    /// The numbers as stored in a [`Column`] ([`super::MISSING`] when missing).
    columns: Vec<Vec<f64>>,
    stats: Stats,
}

/// The text columns of rows read from one stretch of the file.
#[derive(Default)]
struct Texts {
    id: TextColumn,
    name: TextColumn,
    group: TextColumn,
    group_name: TextColumn,
}

impl Texts {
    /// Room for `rows` rows of a stretch of `bytes` bytes.
    fn with_capacity(rows: usize, bytes: usize) -> Texts {
        Texts {
            id: TextColumn::with_capacity(rows, bytes / 8),
            name: TextColumn::with_capacity(rows, bytes / 4),
            group: TextColumn::with_capacity(rows, 0),
            group_name: TextColumn::with_capacity(rows, 0),
        }
    }

    /// The stretches' rows in order, each column in one allocation of its
    /// exact size.
    fn concat(mut parts: Vec<Texts>) -> Texts {
        if parts.len() <= 1 {
            return parts.pop().unwrap_or_default();
        }
        let ((id, name), (group, group_name)) = rayon::join(
            || {
                rayon::join(
                    || TextColumn::concat(parts.iter().map(|t| &t.id)),
                    || TextColumn::concat(parts.iter().map(|t| &t.name)),
                )
            },
            || {
                rayon::join(
                    || TextColumn::concat(parts.iter().map(|t| &t.group)),
                    || TextColumn::concat(parts.iter().map(|t| &t.group_name)),
                )
            },
        );
        Texts {
            id,
            name,
            group,
            group_name,
        }
    }

    /// Move the texts into the table (ids numbered `1..=n` when the file has
    /// no id column).
    fn into_table(mut self, table: &mut Table, has_id: bool, n: usize) {
        if !has_id {
            self.id = numbered(n);
        }
        self.id.shrink_to_fit();
        self.name.shrink_to_fit();
        self.group.shrink_to_fit();
        self.group_name.shrink_to_fit();
        table.id = self.id;
        table.name = self.name;
        table.group = self.group;
        table.group_name = self.group_name;
    }
}

/// Ids `1`, `2`, …, `n`: a row's id in a file without an id column.
fn numbered(n: usize) -> TextColumn {
    use std::fmt::Write;
    let mut col = TextColumn::with_capacity(n, n * 7);
    let mut s = String::new();
    for i in 1..=n {
        s.clear();
        let _ = write!(s, "{i}");
        col.push(&s);
    }
    col
}

/// Consecutive rows of the table being read, one stretch's share: the
/// numbers are written in place, the texts gathered per stretch.
struct Rows<'t> {
    texts: Texts,
    year: &'t mut [Option<i32>],
    line: &'t mut [u64],
    columns: Vec<&'t mut [f64]>,
}

/// `v` cut into consecutive pieces of the given sizes (which sum to its length).
fn split_sizes<'v, T>(mut v: &'v mut [T], sizes: &[usize]) -> Vec<&'v mut [T]> {
    let mut out = Vec::with_capacity(sizes.len());
    for &n in sizes {
        let n = n.min(v.len());
        let (piece, rest) = std::mem::take(&mut v).split_at_mut(n);
        out.push(piece);
        v = rest;
    }
    out
}

/// Move each piece's first `rows[k]` entries (of `bounds[k]` slots) down to
/// follow the previous piece's, and drop the unused slots: the table's rows
/// in file order without the gaps blank lines left.
fn close_gaps<T>(v: &mut Vec<T>, bounds: &[usize], rows: &[usize]) {
    let mut to = 0;
    let mut from = 0;
    for (&b, &n) in bounds.iter().zip(rows) {
        if to != from {
            for j in 0..n {
                v.swap(to + j, from + j);
            }
        }
        to += n;
        from += b;
    }
    v.truncate(to);
}

/// Whether the plain reader ([`Context::parse_plain`]) reads `text` as the
/// csv reader does: no quotes (a quoted field may hold a delimiter or a line
/// break) and no `\r` other than in a `\r\n` line end (a lone `\r` ends a
/// record for the csv reader).
fn is_plain(text: &[u8]) -> bool {
    !contains_byte(b'"', text)
        && memchr::memchr_iter(b'\r', text).all(|i| text.get(i + 1) == Some(&b'\n'))
}

/// [`check_text`] as a yes/no, byte by byte: control characters (category
/// Cc: U+0000–U+001F, U+007F–U+009F) other than tab and line breaks are
/// refused, U+0080–U+009F being the UTF-8 pairs `C2 80`–`C2 9F`; text of at
/// most [`MAX_TEXT_CHARS`] bytes has at most that many characters.
fn text_ok(raw: &str) -> bool {
    let b = raw.as_bytes();
    let control = |i: usize, c: u8| {
        (c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r'))
            || c == 0x7f
            || (c == 0xc2 && b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    };
    if b.iter().enumerate().any(|(i, &c)| control(i, c)) {
        return false;
    }
    b.len() <= MAX_TEXT_CHARS || raw.chars().count() <= MAX_TEXT_CHARS
}

/// Files smaller than this are parsed on one thread.
const PARALLEL_MIN_BYTES: usize = 1 << 20;

/// What every stage of parsing needs to know about the file.
struct Context<'a> {
    source: &'a str,
    headers: &'a [String],
    roles: &'a Roles,
    numeric: &'a [usize],
    delimiter: u8,
}

/// Counts `\n` bytes as records are read in order, to give each record the
/// 1-based line on which it really starts (see [`super::lines`]: the csv
/// reader places a record before the line-end bytes that precede it).
struct LineCounter<'a> {
    text: &'a [u8],
    /// Offset up to which newlines are counted.
    at: usize,
    /// Newlines in `text[..at]`, plus the newlines before `text` in the file.
    newlines: u64,
}

impl LineCounter<'_> {
    fn line_of(&mut self, offset: usize) -> u64 {
        let mut start = offset.min(self.text.len());
        while start < self.text.len() && matches!(self.text[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > self.at {
            self.newlines += self.text[self.at..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.at = start;
        }
        1 + self.newlines
    }
}

impl Context<'_> {
    /// The decimal separator the first rows suggest (the whole file decides;
    /// this is only the guess the fast path parses with).
    fn sample_decimal_comma(&self, bytes: &[u8], body_start: usize) -> bool {
        let mut reader = reader_for(&bytes[body_start..], self.delimiter);
        let mut rec = csv::ByteRecord::new();
        let mut stats = Stats::default();
        let mut k = 0;
        while k < 2000 && matches!(reader.read_byte_record(&mut rec), Ok(true)) {
            for &i in self.numeric {
                if let Some(f) = rec.get(i) {
                    stats.cell(trim_bytes(f), self.delimiter, 0, i);
                }
            }
            k += 1;
        }
        stats.decimal_comma(self.delimiter)
    }

    /// Parse the body, in parallel stretches when the file is large and has
    /// no quotes (a quoted field may hold a line break, so only then is every
    /// line end a record end), into the table and what the file says about
    /// its decimal separator. `None` when any row is bad: the caller then
    /// reads the file exactly, to report the first problem in file order.
    ///
    /// Stretches the plain reader can read write their rows straight into
    /// the table's columns, allocated once for the rows the line ends allow
    /// (a stretch has at most one row per line); blank lines leave gaps that
    /// are closed at the end. Nothing is copied from piece to piece.
    fn parse_fast(
        &self,
        text: &str,
        body_start: usize,
        decimal_comma: bool,
    ) -> Option<(Table, Stats)> {
        let bytes = text.as_bytes();
        // The header ends at a line end (an ASCII byte): a char boundary.
        let body_text = text.get(body_start..)?;
        let body = body_text.as_bytes();
        if body.starts_with(UTF8_BOM) {
            // See `parse_exact`: only the exact reading keeps that BOM.
            return None;
        }
        let threads = rayon::current_num_threads();
        let parallel =
            threads > 1 && body.len() >= PARALLEL_MIN_BYTES && !contains_byte(b'"', body);
        let base_newlines = bytes[..body_start].iter().filter(|&&b| b == b'\n').count() as u64;
        if !parallel && !is_plain(body) {
            let lines = LineCounter {
                text: body,
                at: 0,
                newlines: base_newlines,
            };
            let mut chunk = self.parse_rows(body, lines, decimal_comma, 0, None).ok()?;
            let stats = std::mem::take(&mut chunk.stats);
            return Some((self.assemble(chunk), stats));
        }
        // Line-aligned cuts: each stretch ends just after a `\n`.
        let pieces = if parallel { threads * 4 } else { 1 };
        let mut cuts = vec![0usize];
        for k in 1..pieces {
            let target = (body.len() * k / pieces).max(*cuts.last().unwrap_or(&0));
            match memchr::memchr(b'\n', &body[target..]) {
                Some(p) if target + p + 1 < body.len() => cuts.push(target + p + 1),
                _ => break,
            }
        }
        cuts.push(body.len());
        cuts.dedup();
        if cuts.iter().any(|&c| body[c..].starts_with(UTF8_BOM)) {
            return None;
        }
        use rayon::prelude::*;
        let ranges: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
        let counts: Vec<usize> = ranges
            .par_iter()
            .map(|&(a, b)| memchr::memchr_iter(b'\n', &body[a..b]).count())
            .collect();
        let mut before = base_newlines;
        let mut starts = Vec::with_capacity(counts.len());
        for &c in &counts {
            starts.push(before);
            before += c as u64;
        }
        // Rows a stretch can hold: one per line end, and one more for a last
        // line without one.
        let mut bounds = counts.clone();
        if let Some(last) = bounds.last_mut() {
            *last += usize::from(!body.ends_with(b"\n"));
        }
        let mut table = self.blank_table(bounds.iter().sum());
        let results: Vec<Option<(usize, Stats, Texts)>> = {
            let sizes: Vec<usize> = ranges.iter().map(|&(a, b)| b - a).collect();
            let outs = self.rows_of(&mut table, &bounds, &sizes);
            ranges
                .par_iter()
                .zip(starts)
                .zip(outs)
                .map(|((&(a, b), newlines), mut out)| {
                    // Cuts are just after a `\n`: char boundaries.
                    let text = body_text.get(a..b)?;
                    let (n, stats) = self.parse_into(text, newlines, decimal_comma, &mut out)?;
                    Some((n, stats, out.texts))
                })
                .collect()
        };
        let mut stats = Stats::default();
        let mut rows = Vec::with_capacity(results.len());
        let mut parts = Vec::with_capacity(results.len());
        for r in results {
            let (n, s, t) = r?;
            stats.merge(&s);
            rows.push(n);
            parts.push(t);
        }
        let texts = Texts::concat(parts);
        let n: usize = rows.iter().sum();
        if n < table.line.len() {
            let t = &mut table;
            rayon::join(
                || {
                    close_gaps(&mut t.year, &bounds, &rows);
                    close_gaps(&mut t.line, &bounds, &rows);
                },
                || {
                    t.columns
                        .par_iter_mut()
                        .for_each(|c| close_gaps(&mut c.values, &bounds, &rows))
                },
            );
        }
        texts.into_table(&mut table, self.roles.id.is_some(), n);
        Some((table, stats))
    }

    /// A table of `n` empty rows to parse the numbers into (the texts are
    /// gathered per stretch and set afterwards), its columns allocated in
    /// parallel. The numbers start as zeros, which the allocator gives as
    /// untouched pages: every slot a row takes is written by the parse, and
    /// the slots no row takes are dropped by `close_gaps`.
    fn blank_table(&self, n: usize) -> Table {
        use rayon::prelude::*;
        let (year, line) = rayon::join(|| vec![None; n], || vec![0; n]);
        let columns = self
            .numeric
            .par_iter()
            .map(|&i| Column {
                name: self.headers[i].clone(),
                values: vec![0.0; n],
            })
            .collect();
        Table {
            source: self.source.to_string(),
            year,
            line,
            columns,
            ..Table::default()
        }
    }

    /// The table's rows cut into consecutive pieces of `sizes` rows, one per
    /// stretch of the file.
    fn rows_of<'t>(&self, table: &'t mut Table, sizes: &[usize], bytes: &[usize]) -> Vec<Rows<'t>> {
        let mut year = split_sizes(&mut table.year, sizes);
        let mut line = split_sizes(&mut table.line, sizes);
        let mut columns: Vec<std::vec::IntoIter<&mut [f64]>> = table
            .columns
            .iter_mut()
            .map(|c| split_sizes(&mut c.values, sizes).into_iter())
            .collect();
        let mut out = Vec::with_capacity(sizes.len());
        for (&n, &b) in sizes.iter().zip(bytes) {
            out.push(Rows {
                texts: Texts::with_capacity(n, b),
                year: year.remove(0),
                line: line.remove(0),
                columns: columns.iter_mut().filter_map(Iterator::next).collect(),
            });
        }
        out
    }

    /// Parse one stretch of whole records into `out`, `newlines` being the
    /// line ends before it in the file: with the plain reader when the
    /// stretch allows it, else with the csv reader (its rows then moved into
    /// `out`). The rows read and the stretch's [`Stats`]; `None` on any bad
    /// row.
    fn parse_into(
        &self,
        text: &str,
        newlines: u64,
        decimal_comma: bool,
        out: &mut Rows<'_>,
    ) -> Option<(usize, Stats)> {
        if is_plain(text.as_bytes()) {
            return self.parse_plain(text, newlines, decimal_comma, out);
        }
        let text = text.as_bytes();
        let lines = LineCounter {
            text,
            at: 0,
            newlines,
        };
        let c = self.parse_rows(text, lines, decimal_comma, 0, None).ok()?;
        let n = c.line.len();
        if n > out.line.len() {
            return None;
        }
        fn put<T>(to: &mut [T], from: Vec<T>) {
            for (t, f) in to.iter_mut().zip(from) {
                *t = f;
            }
        }
        out.texts = c.texts;
        put(out.year, c.year);
        put(out.line, c.line);
        for (to, from) in out.columns.iter_mut().zip(c.columns) {
            put(to, from);
        }
        Some((n, c.stats))
    }

    /// [`Self::parse_rows`] for a stretch without quotes whose every `\r` ends
    /// a line (see [`is_plain`]): then a record is a line, cut at `\n` (and a
    /// `\r` before it) and split at the delimiter, exactly as the csv reader
    /// would; blank lines are skipped as it skips them. Nothing is allocated
    /// per cell: numbers are parsed from the bytes straight into the table's
    /// columns, and only the kept texts (id, name, group) become strings. It
    /// checks every rule `parse_rows` checks but reports none: `None` on any
    /// bad row (the exact reading then finds and names it).
    fn parse_plain(
        &self,
        text: &str,
        newlines: u64,
        decimal_comma: bool,
        out: &mut Rows<'_>,
    ) -> Option<(usize, Stats)> {
        let roles = self.roles;
        let width = self.headers.len();
        let mut stats = Stats::default();
        let mut r = 0;
        let delim = self.delimiter;
        // The cells of a record as written. Cells are cut at ASCII bytes
        // (delimiter, line ends), so they are text slices: no UTF-8 check.
        let mut raw: Vec<&str> = Vec::with_capacity(width);
        let bytes = text.as_bytes();
        let mut line = newlines;
        let mut start = 0;
        while start < text.len() {
            let end = memchr::memchr(b'\n', &bytes[start..]).map_or(text.len(), |p| start + p);
            let mut rec = text.get(start..end)?;
            start = end + 1;
            line += 1;
            if let Some(head) = rec.strip_suffix('\r') {
                rec = head;
            }
            if rec.is_empty() {
                continue;
            }
            raw.clear();
            let mut from = 0;
            for (p, &b) in rec.as_bytes().iter().enumerate() {
                if b == delim {
                    raw.push(rec.get(from..p)?);
                    from = p + 1;
                }
            }
            raw.push(rec.get(from..)?);
            // Blank when every cell trims to nothing; nearly every row has a
            // visible ASCII byte, which settles it at once.
            let visible = rec
                .bytes()
                .any(|b| b != delim && b.is_ascii() && !is_ascii_ws(b));
            if !visible && raw.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            if raw.len() != width || r >= out.line.len() {
                return None;
            }
            stats.rows += 1;
            // The text checks look at the cell as written, untrimmed.
            for i in [roles.id, roles.name, roles.group, roles.group_name]
                .into_iter()
                .flatten()
            {
                if !text_ok(raw[i]) {
                    return None;
                }
            }
            if let Some(i) = roles.id {
                let id = raw[i].trim();
                if id.is_empty() {
                    return None;
                }
                out.texts.id.push(id);
            }
            let year = match roles.year {
                Some(i) => parse_year(raw[i].trim())?,
                None => None,
            };
            for (col, &i) in out.columns.iter_mut().zip(self.numeric) {
                let cell = raw[i].as_bytes();
                let v = match clinger(cell) {
                    // A plain decimal (digits, an optional sign and point)
                    // tells `Stats` only that it has a point, and in a
                    // comma-separated file nothing more (a point there is
                    // never taken for thousands grouping).
                    Some((v, point)) if delim == b',' || !point => {
                        stats.point |= point;
                        if point && decimal_comma {
                            return None;
                        }
                        Some(v)
                    }
                    _ => {
                        let t = trim_bytes(cell);
                        stats.cell(t, delim, line, i);
                        parse_number_bytes(t, decimal_comma).ok()?
                    }
                };
                col[r] = super::store(v);
            }
            let text_of = |i: Option<usize>| i.map_or("", |i| raw[i].trim());
            let group = text_of(roles.group);
            let t = &mut out.texts;
            t.group_name.push_shared(match roles.group_name {
                Some(i) => raw[i].trim(),
                None => group,
            });
            t.group.push_shared(group);
            t.name.push(text_of(roles.name));
            out.year[r] = year;
            out.line[r] = line;
            r += 1;
        }
        Some((r, stats))
    }

    /// The exact reading, in file order, in the order of checks a reader that
    /// first gathers every row would make: ragged rows anywhere, then no data
    /// rows, then the decimal separator (and its ambiguity), then each row in
    /// turn (id, text, year, duplicate, numbers).
    fn parse_exact(
        &self,
        bytes: &[u8],
        body_start: usize,
        forced_comma: Option<bool>,
    ) -> Result<Table, InputError> {
        // csv's reader drops a UTF-8 BOM at the start of its input: right at
        // the start of a file, wrong for a first data row that begins with
        // U+FEFF (a cell's text, kept as such in every other row). Such a body
        // is read from the line end before it, which csv skips as an empty
        // line, and the BOM stays in the cell.
        let text_start = if bytes[body_start..].starts_with(UTF8_BOM) && body_start > 0 {
            body_start - 1
        } else {
            body_start
        };
        let body = &bytes[text_start..];
        let base_newlines = bytes[..text_start].iter().filter(|&&b| b == b'\n').count() as u64;
        // Pass 1: shape and decimal separator of the whole file.
        let mut reader = reader_for(body, self.delimiter);
        let mut rec = csv::ByteRecord::new();
        let mut lines = LineCounter {
            text: body,
            at: 0,
            newlines: base_newlines,
        };
        let mut stats = Stats::default();
        loop {
            let more = reader.read_byte_record(&mut rec).map_err(|e| {
                let mut loc = Location::file(self.source);
                loc.line = e.position().map(|p| lines.line_of(p.byte() as usize));
                InputError::new(
                    loc,
                    Message::BadCsv {
                        error: e.to_string(),
                    },
                )
                .hint(Hint::CheckQuoting)
            })?;
            if !more {
                break;
            }
            let line = lines.line_of(rec.position().map_or(0, |p| p.byte() as usize));
            if rec.iter().all(|c| trim_field(c).is_empty()) {
                continue;
            }
            self.check_width(&rec, line)?;
            stats.rows += 1;
            if forced_comma.is_none() {
                for &i in self.numeric {
                    stats.cell(trim_bytes(&rec[i]), self.delimiter, line, i);
                }
            }
        }
        if stats.rows == 0 {
            return Err(
                InputError::new(Location::file(self.source), Message::NoRows).hint(Hint::AddRows),
            );
        }
        let decimal_comma = match forced_comma {
            Some(b) => b,
            None => {
                let comma = stats.decimal_comma(self.delimiter);
                if let Some((line, i, cell)) = stats.ambiguous(self.delimiter, comma) {
                    return Err(InputError::new(
                        Location::file(self.source)
                            .line(line)
                            .column(&self.headers[i]),
                        Message::AmbiguousNumber {
                            cell: cell.to_string(),
                        },
                    )
                    .hint(Hint::SayDecimal));
                }
                comma
            }
        };
        // Pass 2: every row, with the duplicate check in row order.
        let lines = LineCounter {
            text: body,
            at: 0,
            newlines: base_newlines,
        };
        let mut seen = HashMap::with_capacity(stats.rows);
        let chunk = self.parse_rows(body, lines, decimal_comma, 0, Some(&mut seen))?;
        Ok(self.assemble(chunk))
    }

    fn check_width(&self, rec: &csv::ByteRecord, line: u64) -> Result<(), InputError> {
        if rec.len() == self.headers.len() {
            return Ok(());
        }
        Err(InputError::new(
            Location::file(self.source).line(line),
            Message::Width {
                fields: rec.len(),
                header: self.headers.len(),
            },
        )
        .hint(Hint::OneValuePerColumn {
            separator: self.delimiter,
        }))
    }

    /// Parse the rows of `text` (whole records only). `first_row` is the
    /// 0-based data-row number of its first row (for files without an id
    /// column); `seen`, when given, checks duplicates row by row.
    fn parse_rows(
        &self,
        text: &[u8],
        mut lines: LineCounter<'_>,
        decimal_comma: bool,
        first_row: usize,
        mut seen: Option<&mut HashMap<(String, Option<i32>), u64>>,
    ) -> Result<Chunk, InputError> {
        let source = self.source;
        let headers = self.headers;
        let roles = self.roles;
        let rows_guess = text.len() / 32 + 1;
        let mut chunk = Chunk {
            columns: self
                .numeric
                .iter()
                .map(|_| Vec::with_capacity(rows_guess))
                .collect(),
            ..Default::default()
        };
        let mut reader = reader_for(text, self.delimiter);
        let mut rec = csv::ByteRecord::new();
        let mut k = first_row;
        loop {
            let more = reader.read_byte_record(&mut rec).map_err(|e| {
                InputError::new(
                    Location::file(source),
                    Message::BadCsv {
                        error: e.to_string(),
                    },
                )
                .hint(Hint::CheckQuoting)
            })?;
            if !more {
                break;
            }
            let line = lines.line_of(rec.position().map_or(0, |p| p.byte() as usize));
            if rec.iter().all(|c| trim_field(c).is_empty()) {
                continue;
            }
            self.check_width(&rec, line)?;
            for &i in self.numeric {
                chunk
                    .stats
                    .cell(trim_bytes(&rec[i]), self.delimiter, line, i);
            }
            chunk.stats.rows += 1;

            let cell = |i: Option<usize>| i.map_or("", |i| trim_field(&rec[i]));
            let name = cell(roles.name);
            let numbered;
            let id = match roles.id {
                Some(i) => {
                    let id = trim_field(&rec[i]);
                    if id.is_empty() {
                        let mut loc = Location::file(source).line(line).column(&headers[i]);
                        if !name.is_empty() {
                            loc = loc.area(name);
                        }
                        return Err(InputError::new(loc, Message::EmptyId).hint(Hint::GiveId));
                    }
                    id
                }
                None => {
                    numbered = (k + 1).to_string();
                    numbered.as_str()
                }
            };
            k += 1;
            let area = || {
                if name.is_empty() || name == id {
                    id.to_string()
                } else {
                    format!("{id} {name}")
                }
            };
            for i in [roles.id, roles.name, roles.group, roles.group_name]
                .into_iter()
                .flatten()
            {
                check_text(field_str(&rec[i]), source, line, &headers[i], &area)?;
            }
            let group = cell(roles.group);
            let group_name = match roles.group_name {
                Some(i) => trim_field(&rec[i]),
                None => group,
            };
            let year = match roles.year {
                Some(i) => {
                    let t = trim_field(&rec[i]);
                    if is_missing_text(t) {
                        None
                    } else {
                        Some(whole_year(t).ok_or(()).map_err(|_| {
                            InputError::new(
                                Location::file(source)
                                    .line(line)
                                    .column(&headers[i])
                                    .area(area()),
                                Message::BadYear {
                                    text: t.to_string(),
                                },
                            )
                            .hint(Hint::FourDigitYear)
                        })?)
                    }
                }
                None => None,
            };
            if let Some(seen) = seen.as_deref_mut() {
                if let Some(prev) = seen.insert((id.to_string(), year), line) {
                    return Err(self.duplicate(&area(), year, prev, line));
                }
            }
            for (col, &i) in chunk.columns.iter_mut().zip(self.numeric) {
                let v = parse_number_bytes(&rec[i], decimal_comma).map_err(|why| {
                    InputError::new(
                        Location::file(source)
                            .line(line)
                            .column(&headers[i])
                            .area(area()),
                        why.message(field_str(&rec[i]).trim()),
                    )
                    .hint(why.hint())
                })?;
                col.push(super::store(v));
            }
            if roles.id.is_some() {
                chunk.texts.id.push(id);
            }
            chunk.texts.name.push(name);
            chunk.texts.group.push_shared(group);
            chunk.texts.group_name.push_shared(group_name);
            chunk.year.push(year);
            chunk.line.push(line);
        }
        Ok(chunk)
    }

    fn duplicate(&self, area: &str, year: Option<i32>, prev: u64, line: u64) -> InputError {
        InputError::new(
            Location::file(self.source).line(line).area(area),
            Message::Duplicate {
                area: area.to_string(),
                year,
                first: prev,
                line,
            },
        )
        .hint(Hint::KeepOneRow {
            year_column: self.roles.year.is_some(),
        })
    }

    /// The table of the rows of one chunk.
    fn assemble(&self, chunk: Chunk) -> Table {
        let n = chunk.line.len();
        let mut table = Table {
            source: self.source.to_string(),
            year: chunk.year,
            line: chunk.line,
            columns: self
                .numeric
                .iter()
                .zip(chunk.columns)
                .map(|(&i, mut values)| {
                    values.shrink_to_fit();
                    Column {
                        name: self.headers[i].clone(),
                        values,
                    }
                })
                .collect(),
            ..Table::default()
        };
        chunk
            .texts
            .into_table(&mut table, self.roles.id.is_some(), n);
        table
    }
}

/// A duplicate (id, year) is an error naming both lines: the first duplicate
/// in file order.
///
/// The common case, no duplicate, is settled without a hash table of a
/// million string keys (random memory access per row): each key's 64-bit
/// hash is computed in parallel and the hashes sorted; no two equal hashes
/// means no two equal keys. Equal hashes (a duplicate, or a collision, about
/// 1 in 10^7 for a million keys) send the check to the exact row-by-row
/// search, which names the first duplicate in file order.
fn first_duplicate(table: &Table, cx: &Context<'_>) -> Result<(), InputError> {
    use rayon::prelude::*;
    let key_hash = |r: usize| key_hash(&table.id[r], table.year[r]);
    let mut hashes: Vec<u64> = (0..table.len()).into_par_iter().map(key_hash).collect();
    hashes.par_sort_unstable();
    if !hashes.par_windows(2).any(|w| w[0] == w[1]) {
        return Ok(());
    }
    let mut seen: HashMap<(&str, Option<i32>), u64> = HashMap::with_capacity(table.len());
    for r in 0..table.len() {
        if let Some(prev) = seen.insert((&table.id[r], table.year[r]), table.line[r]) {
            return Err(cx.duplicate(&table.area_label(r), table.year[r], prev, table.line[r]));
        }
    }
    Ok(())
}

/// A 64-bit hash of an (id, year) key for [`first_duplicate`]: the id's bytes
/// folded eight at a time by multiply and rotate (as FxHash does), then
/// mixed by the SplitMix64 finaliser so every input bit reaches every output
/// bit. Not keyed, so not for untrusted hash tables; here a collision costs
/// only the exact search.
fn key_hash(id: &str, year: Option<i32>) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let step = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(K);
    let b = id.as_bytes();
    let mut h = step(0, b.len() as u64);
    let mut words = b.chunks_exact(8);
    for w in &mut words {
        let mut a = [0u8; 8];
        a.copy_from_slice(w);
        h = step(h, u64::from_le_bytes(a));
    }
    let rest = words.remainder();
    let mut a = [0u8; 8];
    a[..rest.len()].copy_from_slice(rest);
    h = step(h, u64::from_le_bytes(a));
    let y = match year {
        Some(y) => (1u64 << 32) | u64::from(y as u32),
        None => 0,
    };
    h = step(h, y);
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
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
    area: &dyn Fn() -> String,
) -> Result<(), InputError> {
    let loc = || {
        let shown: String = area()
            .chars()
            .filter(|c| !c.is_control())
            .take(60)
            .collect();
        Location::file(source).line(line).column(column).area(shown)
    };
    // Tab and line breaks (in quoted multi-line cells) are whitespace that XML
    // and terminals take as such; every other control character is refused.
    let refused = |c: &char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if let Some(c) = raw.chars().find(refused) {
        return Err(
            InputError::new(loc(), Message::ControlCharacter { code: c as u32 })
                .hint(Hint::RemoveControl),
        );
    }
    let n = raw.chars().count();
    if n > MAX_TEXT_CHARS {
        return Err(InputError::new(
            loc(),
            Message::TooLong {
                chars: n,
                max: MAX_TEXT_CHARS,
            },
        )
        .hint(Hint::ShortenCell));
    }
    Ok(())
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
                    role: &'static str|
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
                            Message::NoColumnFor {
                                column: f.clone(),
                                role,
                            },
                        )
                        .hint(Hint::HeaderHas {
                            columns: headers.to_vec(),
                        })
                    });
            }
            let hits: Vec<usize> = headers
                .iter()
                .enumerate()
                .filter(|(_, h)| names.contains(&role_key(h).as_str()))
                .map(|(i, _)| i)
                .collect();
            match hits.as_slice() {
                [] => Ok(None),
                [i] => Ok(Some(*i)),
                [a, b, ..] => Err(InputError::new(
                    Location::file(source).line(1),
                    Message::TwoColumnsFor {
                        role,
                        first: headers[*a].clone(),
                        second: headers[*b].clone(),
                    },
                )
                .hint(Hint::RenameOrSay { role })),
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
                    Message::TwoRoles {
                        column: headers[*a].clone(),
                    },
                )
                .hint(Hint::OwnColumns));
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
                Message::UnnamedHeader { column: i + 1 },
            )
            .hint(Hint::NameEveryColumn {
                separator: delimiter,
            }));
        }
        if let Some(j) = headers[..i]
            .iter()
            .position(|p| p.to_lowercase() == h.to_lowercase())
        {
            return Err(InputError::new(
                Location::file(source).line(1).column(h.as_str()),
                Message::HeaderTwice {
                    name: h.clone(),
                    first: j + 1,
                    second: i + 1,
                },
            )
            .hint(Hint::DistinctNames));
        }
    }
    Ok(())
}

/// Decode bytes: forced encoding, else UTF-8 if valid, else Windows-1252.
fn decode<'a>(
    bytes: &'a [u8],
    source: &str,
    enc: Option<Encoding>,
) -> Result<Cow<'a, str>, InputError> {
    // Excel's "Unicode text" export is UTF-16 with a byte-order mark; read as
    // Latin-1 it would turn into garbage with NUL bytes, so refuse it by name.
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(InputError::new(Location::file(source), Message::Utf16).hint(Hint::SaveAsUtf8));
    }
    match enc {
        Some(Encoding::Latin1) => Ok(Cow::Owned(decode_cp1252(bytes))),
        Some(Encoding::Utf8) => match utf8(bytes) {
            Ok(s) => Ok(Cow::Borrowed(s)),
            Err(e) => {
                let at = e.valid_up_to();
                let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64;
                Err(InputError::new(
                    Location::file(source).line(line),
                    Message::NotUtf8 { byte: at + 1 },
                )
                .hint(Hint::ProbablyLatin1))
            }
        },
        None => match utf8(bytes) {
            Ok(s) => Ok(Cow::Borrowed(s)),
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
                        Message::MixedEncoding {
                            byte: at + 1,
                            value: bytes[at],
                        },
                    )
                    .hint(Hint::FixStrayByte));
                }
                Ok(Cow::Owned(decode_cp1252(bytes)))
            }
        },
    }
}

/// Files from this size on are checked as UTF-8 in parallel pieces.
const UTF8_PARALLEL_MIN_BYTES: usize = 4 << 20;

/// `std::str::from_utf8`, the same answer and the same error: from
/// [`UTF8_PARALLEL_MIN_BYTES`] on, the bytes are checked in pieces on the
/// thread pool first (the check of a 130 MB file took ≈ 0.1 s on one core
/// while the others waited). Every piece starts at a byte that is not a
/// continuation byte, so the whole is valid exactly when every piece is;
/// when one is not, the whole is checked again in one piece for the error.
/// (The first piece starts at byte 0, whatever it is.)
fn utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    use rayon::prelude::*;
    if bytes.len() < UTF8_PARALLEL_MIN_BYTES {
        return std::str::from_utf8(bytes);
    }
    let pieces = 4 * rayon::current_num_threads().max(1);
    let mut starts: Vec<usize> = (0..pieces)
        .map(|k| {
            let mut at = k * bytes.len() / pieces;
            // The first piece starts at 0 whatever its byte is.
            while k > 0 && at < bytes.len() && bytes[at] & 0xC0 == 0x80 {
                at += 1;
            }
            at
        })
        .collect();
    starts.push(bytes.len());
    starts.dedup();
    let valid = starts
        .par_windows(2)
        .all(|w| std::str::from_utf8(&bytes[w[0]..w[1]]).is_ok());
    if valid {
        // SAFETY: each piece is valid UTF-8 and starts at a character
        // boundary, so their concatenation (all of `bytes`) is valid too.
        Ok(unsafe { std::str::from_utf8_unchecked(bytes) })
    } else {
        std::str::from_utf8(bytes)
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

/// Why a cell is not a number.
#[derive(Debug, PartialEq)]
enum BadNumber {
    NotFinite,
    NotNumber,
    DecimalPointInCommaFile,
    DecimalCommaInPointFile,
}

impl BadNumber {
    fn message(&self, text: &str) -> Message {
        let text = text.to_string();
        match self {
            BadNumber::NotFinite => Message::NotFinite { text },
            BadNumber::NotNumber => Message::NotNumber { text },
            BadNumber::DecimalPointInCommaFile => Message::DecimalPoint { text },
            BadNumber::DecimalCommaInPointFile => Message::DecimalComma { text },
        }
    }

    fn hint(&self) -> Hint {
        match self {
            BadNumber::NotFinite => Hint::NotData,
            BadNumber::NotNumber => Hint::NumericColumn,
            BadNumber::DecimalPointInCommaFile | BadNumber::DecimalCommaInPointFile => {
                Hint::SameSeparator
            }
        }
    }
}

/// Parse one numeric cell from its bytes. `Ok(None)` for a missing value.
/// Plain ASCII cells (nearly all) are parsed without allocating; the rest
/// (thousands separators, non-ASCII spaces or dashes) go through
/// [`parse_number`], which this must agree with exactly.
fn parse_number_bytes(raw: &[u8], decimal_comma: bool) -> Result<Option<f64>, BadNumber> {
    if !raw.is_ascii() {
        return parse_number(field_str(raw), decimal_comma);
    }
    let start = raw
        .iter()
        .position(|&c| !is_ascii_ws(c))
        .unwrap_or(raw.len());
    let end = raw
        .iter()
        .rposition(|&c| !is_ascii_ws(c))
        .map_or(start, |e| e + 1);
    let mut t = &raw[start..end.max(start)];
    if matches!(t, b"" | b"NA" | b".." | b"-") {
        return Ok(None);
    }
    if let Some(body) = t.strip_suffix(b"%") {
        t = body;
        while let [rest @ .., last] = t {
            if !is_ascii_ws(*last) {
                break;
            }
            t = rest;
        }
    }
    if t.contains(&b' ') || t.len() > 64 || t.is_empty() {
        return parse_number(field_str(raw), decimal_comma);
    }
    let mut buf = [0u8; 64];
    let t: &[u8] = if decimal_comma {
        if t.contains(&b'.') {
            return Err(BadNumber::DecimalPointInCommaFile);
        }
        match t.iter().position(|&b| b == b',') {
            Some(p) => {
                buf[..t.len()].copy_from_slice(t);
                buf[p] = b'.';
                &buf[..t.len()]
            }
            None => t,
        }
    } else {
        if t.contains(&b',') {
            return Err(BadNumber::DecimalCommaInPointFile);
        }
        t
    };
    match fast_f64(t) {
        Some(v) => Ok(Some(v)),
        None => finite(field_str(t)),
    }
}

/// Exact powers of ten: every `10^k` with `k <= 22` is a double exactly
/// (5^22 < 2^53).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The common plain decimal (`-12.75`, `2910.3`, `17`) by Clinger's fast path
/// (W. D. Clinger, "How to read floating point numbers accurately", PLDI
/// 1990; the first step of the standard library's parser too): when the
/// digits form an integer `m <= 2^53` and at most 22 follow the point, `m`
/// and `10^k` are exact doubles and the one correctly rounded division
/// `m / 10^k` is the correctly rounded value of the decimal, the same double
/// `str::parse::<f64>` gives. `None` for anything else (exponents, long
/// mantissas, other text): the caller then asks the standard parser.
fn fast_f64(t: &[u8]) -> Option<f64> {
    clinger(t).map(|(v, _)| v)
}

/// [`fast_f64`], also saying whether the text has a decimal point.
fn clinger(t: &[u8]) -> Option<(f64, bool)> {
    let (negative, digits) = match t {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, t),
    };
    let mut m: u64 = 0;
    let mut count = 0u32;
    let mut after_point = 0usize;
    let mut point = false;
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                if count >= 19 {
                    return None; // might overflow u64
                }
                m = m * 10 + u64::from(b - b'0');
                count += 1;
                after_point += usize::from(point);
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    if count == 0 || m > 1 << 53 || after_point >= POW10.len() {
        return None;
    }
    let v = m as f64 / POW10[after_point];
    Some((if negative { -v } else { v }, point))
}

/// A trimmed year cell: `None` when missing (as [`is_missing_text`]), `Some`
/// of the year when a whole number as [`whole_year`] reads it; the outer
/// `None` when it is not a whole number. Plain digits are read directly.
fn parse_year(t: &str) -> Option<Option<i32>> {
    let b = t.as_bytes();
    if (1..=9).contains(&b.len()) && b.iter().all(u8::is_ascii_digit) {
        return Some(Some(
            b.iter().fold(0i32, |y, &d| y * 10 + i32::from(d - b'0')),
        ));
    }
    if is_missing_text(t) {
        Some(None)
    } else {
        whole_year(t).map(Some)
    }
}

/// A year as `str::parse::<i32>` reads it, also when written with a zero
/// fraction: "2020.0" or "2020,0" is how pandas and spreadsheets write a year
/// column that holds a missing value (a float column). Any other fraction,
/// and a point with nothing after it, is not a year.
pub fn whole_year(t: &str) -> Option<i32> {
    let int = match t.find(['.', ',']) {
        Some(at) if at + 1 < t.len() && t[at + 1..].bytes().all(|b| b == b'0') => &t[..at],
        _ => t,
    };
    int.parse::<i32>().ok()
}

/// A number that must be finite. Rust's parser accepts "nan", "inf" and
/// "infinity": they are refused by name.
fn finite(t: &str) -> Result<Option<f64>, BadNumber> {
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        Ok(_) => Err(BadNumber::NotFinite),
        Err(_) => Err(BadNumber::NotNumber),
    }
}

/// Parse one numeric cell. `Ok(None)` for a missing value.
fn parse_number(raw: &str, decimal_comma: bool) -> Result<Option<f64>, BadNumber> {
    let is_space = |c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}';
    let t = raw.trim_matches(is_space);
    if MISSING.contains(&t) {
        return Ok(None);
    }
    // Excel writes percent-formatted cells as `1,8 %`: the number is read as
    // written, in percent (1.8).
    let t = match t.strip_suffix('%') {
        Some(body) => body.trim_end_matches(is_space),
        None => t,
    };
    if t.is_empty() {
        return Err(BadNumber::NotNumber);
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
    finite(&normal)
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

#[cfg(test)]
mod tests {
    /// The pieced check against `std::str::from_utf8` on large texts with
    /// multi-byte characters at and around every piece border, and with one
    /// bad byte (a stray continuation byte, a cut sequence, a Latin-1 byte)
    /// at places across the text, the very first byte included.
    #[test]
    fn the_pieced_utf8_check_is_std_from_utf8() {
        let base: Vec<u8> = "åäö,€x😀\n"
            .repeat(UTF8_PARALLEL_MIN_BYTES / 8)
            .into_bytes();
        assert!(base.len() > UTF8_PARALLEL_MIN_BYTES);
        let same = |b: &[u8]| {
            let (got, want) = (utf8(b), std::str::from_utf8(b));
            assert_eq!(got.is_ok(), want.is_ok());
            if let (Err(g), Err(w)) = (got, want) {
                assert_eq!(
                    (g.valid_up_to(), g.error_len()),
                    (w.valid_up_to(), w.error_len())
                );
            }
        };
        same(&base);
        for shift in 0..4 {
            same(&base[shift..]);
        }
        for at in [0, 1, base.len() / 3, base.len() / 2 + 1, base.len() - 1] {
            for bad in [0x80u8, 0xE5, 0xFF] {
                let mut b = base.clone();
                b[at] = bad;
                same(&b);
            }
        }
    }

    use super::*;

    fn parse(text: &[u8]) -> Result<Table, InputError> {
        parse_csv(text, "t.csv", &LoadOptions::default())
    }

    #[test]
    fn comma_and_decimal_point() {
        let t = parse(b"kommun,kommun_name,lan,year,U31001,N01951\n0180,Stockholm,01,2022,972.5,984748\n1280,Malm\xc3\xb6,12,2022,,357377\n").unwrap();
        assert_eq!(t.id, ["0180", "1280"]);
        assert_eq!(t.name, ["Stockholm", "Malmö"]);
        assert_eq!(t.group, ["01", "12"]);
        assert_eq!(t.group_name, ["01", "12"]);
        assert_eq!(t.year, [Some(2022), Some(2022)]);
        assert_eq!(t.line, [2, 3]);
        assert_eq!(t.column_names(), ["U31001", "N01951"]);
        assert_eq!(t.columns[0].to_vec(), [Some(972.5), None]);
        assert_eq!(t.columns[1].to_vec(), [Some(984748.0), Some(357377.0)]);
    }

    #[test]
    fn semicolon_and_decimal_comma_with_thousands_spaces() {
        let t = parse("område_id;Namn;År;kostnad;andel\n01;Rinkeby;2017;1 234,5;12,5\n02;Skärholmen;2017;2\u{a0}000;-0,25\n".as_bytes()).unwrap();
        assert_eq!(t.id, ["01", "02"]);
        assert_eq!(t.name, ["Rinkeby", "Skärholmen"]);
        assert_eq!(t.columns[0].to_vec(), [Some(1234.5), Some(2000.0)]);
        assert_eq!(t.columns[1].to_vec(), [Some(12.5), Some(-0.25)]);
    }

    #[test]
    fn tab_separated() {
        let t = parse(b"id\tx\n1\t2.5\n").unwrap();
        assert_eq!(t.columns[0].to_vec(), [Some(2.5)]);
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let t = parse(b"\xef\xbb\xbfkommun,x\n0180,1\n").unwrap();
        assert_eq!(t.id, ["0180"]);
        assert_eq!(t.column_names(), ["x"]);
    }

    #[test]
    fn latin1_is_detected_and_can_be_forced() {
        let bytes = b"kommun;namn;x\n1280;Malm\xf6;1,5\n";
        let t = parse(bytes).unwrap();
        assert_eq!(t.name, ["Malmö"]);
        assert_eq!(t.columns[0].to_vec(), [Some(1.5)]);
        // Windows-1252 extras: 0x96 is an en dash.
        let t = parse(b"id;namn\n1;a\x96b\n").unwrap();
        assert_eq!(t.name, ["a\u{2013}b"]);
        // Forcing Latin-1 on bytes that happen to be valid UTF-8.
        let opts = LoadOptions {
            encoding: Some(Encoding::Latin1),
            ..Default::default()
        };
        let t = parse_csv(b"id,namn\n1,\xc3\xb6\n", "t.csv", &opts).unwrap();
        assert_eq!(t.name, ["Ã¶"]);
        // Forcing UTF-8 on Latin-1 bytes is an error naming the line.
        let opts = LoadOptions {
            encoding: Some(Encoding::Utf8),
            ..Default::default()
        };
        let e = parse_csv(bytes, "t.csv", &opts).unwrap_err();
        assert_eq!(e.location.line, Some(2));
        assert!(e.to_string().contains("UTF-8"), "{e}");
    }

    #[test]
    fn swedish_excel_export() {
        // Latin-1, semicolons, decimal comma, no-break-space thousands, CRLF,
        // a Latin-1 header (`\xe5r` = `år`) and a trailing all-empty row.
        let bytes = b"kommun;kommun_name;\xe5r;kostnad\r\n0180;Stockholm;2022;1\xa0234,5\r\n1280;Malm\xf6;2022;NA\r\n;;;\r\n";
        let t = parse(bytes).unwrap();
        assert_eq!(t.id, ["0180", "1280"]);
        assert_eq!(t.name, ["Stockholm", "Malmö"]);
        assert_eq!(t.year, [Some(2022), Some(2022)]);
        assert_eq!(t.columns[0].to_vec(), [Some(1234.5), None]);
        assert_eq!(t.line, [2, 3]);
    }

    #[test]
    fn utf16_is_refused_by_name() {
        let e = parse(b"\xff\xfei\x00d\x00\n\x00").unwrap_err();
        assert!(e.to_string().contains("t.csv: the file is UTF-16"), "{e}");
    }

    #[test]
    fn missing_markers() {
        let t = parse(b"id;x;y;z\n1;;NA;..\n2;1;2;3\n").unwrap();
        for c in &t.columns {
            assert_eq!(c.get(0), None);
            assert!(!c.is_missing(1));
        }
    }

    #[test]
    fn forced_options_override_detection() {
        let opts = LoadOptions {
            delimiter: Some(b';'),
            decimal_comma: Some(false),
            id_column: Some("Kod".into()),
            ..Default::default()
        };
        let t = parse_csv(b"Kod;a,b\n7;1.5\n", "t.csv", &opts).unwrap();
        assert_eq!(t.id, ["7"]);
        assert_eq!(t.column_names(), ["a,b"]);
        assert_eq!(t.columns[0].to_vec(), [Some(1.5)]);
    }

    #[test]
    fn duplicates_are_found_on_trimmed_ids_and_missing_years() {
        // The check keys on the trimmed id cell, as the table stores it.
        let e = parse(b"id,year,x\n0180,2022,1\n 0180 ,2022,2\n").unwrap_err();
        assert!(e.to_string().contains("lines 2 and 3"), "{e}");
        let e = parse(b"id,year,x\nA,,1\nB,2022,2\nA,NA,3\n").unwrap_err();
        let s = e.to_string();
        assert!(s.contains("area A appears twice: lines 2 and 4"), "{s}");
        // Without an id column every row is its own area, even with equal cells.
        let t = parse(b"x,y\n1,2\n1,2\n").unwrap();
        assert_eq!(t.id, ["1", "2"]);
    }

    /// Every parsed value has the bits of Rust's own `str::parse::<f64>` of
    /// the cell, over many rows (a fixed pseudo-random stream of numbers with
    /// 0-6 decimals, signs and magnitudes up to 10^10).
    #[test]
    fn values_are_bit_for_bit_those_of_str_parse() {
        // Knuth's MMIX linear congruential generator: fixed, dependency-free.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            state >> 11
        };
        let mut text = String::from("id,a,b,c\n");
        let mut cells = Vec::new();
        for row in 0..5000 {
            let mut line = format!("{row}");
            for _ in 0..3 {
                let mantissa = next() % 10_000_000_000;
                let decimals = (next() % 7) as usize;
                let digits = format!("{mantissa}");
                let cell = if decimals > 0 && digits.len() > decimals {
                    let (i, f) = digits.split_at(digits.len() - decimals);
                    format!("{}{i}.{f}", if next() % 3 == 0 { "-" } else { "" })
                } else {
                    digits
                };
                line.push(',');
                line.push_str(&cell);
                cells.push(cell);
            }
            text.push_str(&line);
            text.push('\n');
        }
        let t = parse(text.as_bytes()).unwrap();
        assert_eq!(t.id.len(), 5000);
        for (k, cell) in cells.iter().enumerate() {
            let got = t.columns[k % 3].get(k / 3).unwrap();
            let want: f64 = cell.parse().unwrap();
            assert_eq!(got.to_bits(), want.to_bits(), "cell {cell}");
        }
    }

    #[test]
    fn without_id_column_rows_are_numbered() {
        let t = parse(b"x,y\n1,2\n3,4\n").unwrap();
        assert_eq!(t.id, ["1", "2"]);
        assert_eq!(t.year, [None, None]);
    }

    #[test]
    fn quoted_multiline_field_keeps_line_numbers() {
        let t = parse(b"id,name,x\n1,\"two\nlines\",1\n2,b,2\n").unwrap();
        assert_eq!(t.line, [2, 4]);
        let e = parse(b"id,name,x\n1,\"two\nlines\",1\n2,b,zz\n").unwrap_err();
        assert_eq!(e.location.line, Some(4));
    }

    #[test]
    fn a_year_with_a_zero_fraction_is_that_year() {
        // pandas writes a year column with a missing value as floats.
        let t = parse(b"id,year,x\n1,2020.0,1\n2,2021.00,2\n3,,3\n").unwrap();
        assert_eq!(t.year, [Some(2020), Some(2021), None]);
        let t = parse(b"id;year;x\n1;2020,0;1,5\n2;2021;2,5\n").unwrap();
        assert_eq!(t.year, [Some(2020), Some(2021)]);
        for bad in ["2020.5", "2020.", ".0"] {
            let src = format!("id,year,x\n1,2020,1\n2,{bad},2\n");
            let e = parse(src.as_bytes()).unwrap_err();
            assert_located(&e, 3, "year", "2", &format!("the year '{bad}'"));
        }
    }

    #[test]
    fn blank_and_all_empty_rows_are_skipped() {
        let t = parse(b"id;x\n1;2\n\n;;\n2;3\n").unwrap();
        assert_eq!(t.id, ["1", "2"]);
        assert_eq!(t.line, [2, 5]);
    }

    fn assert_located(e: &InputError, line: u64, column: &str, area: &str, text: &str) {
        let s = e.to_string();
        assert!(s.contains("t.csv"), "{s}");
        assert_eq!(e.location.line, Some(line), "{s}");
        assert_eq!(e.location.column.as_deref(), Some(column), "{s}");
        assert_eq!(e.location.area.as_deref(), Some(area), "{s}");
        assert!(s.contains(text), "{s}");
        assert!(e.hint.is_some(), "{s}");
    }

    #[test]
    fn non_numeric_cell_is_located() {
        let e = parse(b"kommun,kommun_name,year,x\n0180,Stockholm,2022,1\n1280,Malmo,2022,abc\n")
            .unwrap_err();
        assert_located(&e, 3, "x", "1280 Malmo", "'abc'");
    }

    #[test]
    fn nan_and_inf_are_refused() {
        for bad in ["NaN", "inf", "-Infinity", "1e400"] {
            let src = format!("id,x\n5,{bad}\n");
            let e = parse(src.as_bytes()).unwrap_err();
            assert_located(&e, 2, "x", "5", bad);
            assert!(e.to_string().contains("finite"), "{e}");
        }
    }

    #[test]
    fn mixed_decimal_separators_are_reported() {
        let e = parse(b"id;x\n1;1,5\n2;2.5\n").unwrap_err();
        assert_located(&e, 3, "x", "2", "decimal point");
        let opts = LoadOptions {
            decimal_comma: Some(false),
            ..Default::default()
        };
        let e = parse_csv(b"id;x\n1;1,5\n", "t.csv", &opts).unwrap_err();
        assert_located(&e, 2, "x", "1", "decimal comma");
    }

    #[test]
    fn bad_thousands_grouping_is_not_a_number() {
        assert_eq!(parse_number("1 234 567,5", true), Ok(Some(1234567.5)));
        assert_eq!(parse_number("-12 345", false), Ok(Some(-12345.0)));
        assert_eq!(parse_number("1 23", false), Err(BadNumber::NotNumber));
        assert_eq!(parse_number("1234 567", false), Err(BadNumber::NotNumber));
        assert_eq!(parse_number("1,2 3", true), Err(BadNumber::NotNumber));
    }

    #[test]
    fn bad_year_is_located() {
        let e = parse(b"id,name,year,x\n1,A,20x2,1\n").unwrap_err();
        assert_located(&e, 2, "year", "1 A", "20x2");
    }

    #[test]
    fn duplicate_area_year_names_both_lines() {
        let e = parse(b"kommun,kommun_name,year,x\n0180,Stockholm,2022,1\n1280,Malmo,2022,2\n0180,Stockholm,2022,3\n").unwrap_err();
        let s = e.to_string();
        assert!(s.contains("lines 2 and 4"), "{s}");
        assert!(s.contains("0180 Stockholm"), "{s}");
        assert!(s.contains("t.csv"), "{s}");
        // Same id in different years is fine.
        parse(b"kommun,year,x\n0180,2021,1\n0180,2022,2\n").unwrap();
    }

    #[test]
    fn ragged_row_names_its_line() {
        let e = parse(b"id,x,y\n1,2,3\n2,3\n").unwrap_err();
        assert_eq!(e.location.line, Some(3));
        assert!(
            e.to_string().contains("2 fields but the header has 3"),
            "{e}"
        );
    }

    #[test]
    fn empty_and_header_only_files() {
        for empty in [&b""[..], b"\xef\xbb\xbf", b"\n\n  \n"] {
            let e = parse(empty).unwrap_err();
            assert!(e.to_string().contains("t.csv: the file is empty"), "{e}");
        }
        let e = parse(b"id,x\n").unwrap_err();
        assert!(e.to_string().contains("no data rows"), "{e}");
    }

    #[test]
    fn header_problems() {
        let e = parse(b"id,x,X\n1,2,3\n").unwrap_err();
        assert!(e.to_string().contains("'X' twice"), "{e}");
        let e = parse(b"id,,y\n1,2,3\n").unwrap_err();
        assert!(e.to_string().contains("column 2 has no name"), "{e}");
        let e = parse(b"id,kommun,x\n1,2,3\n").unwrap_err();
        assert!(e.to_string().contains("'id' and 'kommun'"), "{e}");
        let opts = LoadOptions {
            year_column: Some("when".into()),
            ..Default::default()
        };
        let e = parse_csv(b"id,x\n1,2\n", "t.csv", &opts).unwrap_err();
        assert!(e.to_string().contains("no column named 'when'"), "{e}");
    }

    #[test]
    fn empty_id_is_an_error() {
        let e = parse(b"id,name,x\n,Nowhere,1\n").unwrap_err();
        assert_eq!(e.location.line, Some(2));
        assert_eq!(e.location.area.as_deref(), Some("Nowhere"));
    }

    #[test]
    fn a_mapped_file_reads_as_its_bytes_do() {
        // Above MAP_MIN_BYTES the file is mapped, below it read: both give
        // the table `parse_csv` makes of the same bytes, errors included.
        use std::io::Write;
        let mut text = String::from("kommun;name;year;x;y\n");
        let mut row = 0u64;
        while (text.len() as u64) < MAP_MIN_BYTES + 1000 {
            row += 1;
            text.push_str(&format!(
                "{row:07};Område {row};{};{},{};{}\n",
                2000 + row % 20,
                row % 997,
                row % 10,
                (row * 7919) % 100_003
            ));
        }
        let opts = LoadOptions::default();
        for (bytes, mapped) in [(text.as_bytes(), true), (&text.as_bytes()[..4096], false)] {
            let bytes = &bytes[..=bytes.iter().rposition(|&b| b == b'\n').unwrap()];
            let mut f = tempfile::NamedTempFile::new().unwrap();
            f.write_all(bytes).unwrap();
            f.flush().unwrap();
            assert_eq!(bytes.len() as u64 >= MAP_MIN_BYTES, mapped);
            let source = f.path().display().to_string();
            let loaded = load_csv(f.path(), &opts).unwrap();
            assert_eq!(loaded, parse_csv(bytes, &source, &opts).unwrap());
            assert!(loaded.len() > 10);
        }
        // A bad cell in a mapped file is named as in a read one.
        let bad = text.replacen(";1,1;", ";1,1x;", 1);
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(bad.as_bytes()).unwrap();
        f.flush().unwrap();
        let source = f.path().display().to_string();
        let e = load_csv(f.path(), &opts).unwrap_err();
        assert_eq!(
            e.to_string(),
            parse_csv(bad.as_bytes(), &source, &opts)
                .unwrap_err()
                .to_string()
        );
        assert!(e.to_string().contains("1,1x"), "{e}");
    }

    #[test]
    fn load_csv_names_a_missing_file() {
        let e = load_csv(Path::new("/no/such/file.csv"), &LoadOptions::default()).unwrap_err();
        assert!(e.to_string().contains("/no/such/file.csv"), "{e}");
    }

    #[test]
    fn swedish_excel_cells_percent_and_dashes() {
        // `1,8 %` from a percent-formatted cell is 1.8 (percent as written);
        // `-`, `–` (en dash, also as the Windows-1252 byte 0x96) and `..` are
        // missing; a lone `%` is not a number.
        let t =
            parse("id;andel;x\n1;1,8 %;-\n2;12\u{a0}%;\u{2013}\n3;-0,5%;..\n".as_bytes()).unwrap();
        assert_eq!(t.columns[0].to_vec(), [Some(1.8), Some(12.0), Some(-0.5)]);
        assert_eq!(t.columns[1].to_vec(), [None, None, None]);
        let t = parse(b"id;x\n1;\x96\n2;3\n").unwrap();
        assert_eq!(t.columns[0].to_vec(), [None, Some(3.0)]);
        let e = parse(b"id;x\n1;%\n").unwrap_err();
        assert_located(&e, 2, "x", "1", "'%' is not a number");
        // A dash inside a number is still a minus sign, and `--` is no number.
        assert_eq!(parse_number_bytes(b" -2 ", false), Ok(Some(-2.0)));
        assert_eq!(parse_number_bytes(b"--", false), Err(BadNumber::NotNumber));
        // The year column takes the same missing markers.
        let t = parse(b"id,year,x\n1,-,2\n").unwrap();
        assert_eq!(t.year, [None]);
    }

    #[test]
    fn byte_and_text_number_parsers_agree() {
        let cells = [
            "1",
            " 2.5 ",
            "-0",
            "1e-300",
            "12,5",
            "1 234,5",
            "1\u{a0}234",
            "NaN",
            "inf",
            "1e400",
            "abc",
            "",
            "NA",
            "..",
            "-",
            "\u{2013}",
            "4 %",
            "4%",
            "%",
            "1,2,3",
            "1.2.3",
            "+.5",
            "5.",
            ".",
            "e9",
            "0x10",
            "1_000",
            "\u{202f}7",
        ];
        for c in cells {
            for comma in [false, true] {
                assert_eq!(
                    parse_number_bytes(c.as_bytes(), comma),
                    parse_number(c, comma),
                    "{c:?} comma={comma}"
                );
            }
        }
    }

    #[test]
    fn role_columns_by_swedish_names_and_named_ones() {
        // `Område-ID` is område_id, `Stadsdel` a name, `Årtal` a year.
        let t = parse("Område-ID;Stadsdel;Årtal;x\nS01;Norr;2022;1\nS01;Norr;2023;2\n".as_bytes())
            .unwrap();
        assert_eq!(t.id, ["S01", "S01"]);
        assert_eq!(t.name, ["Norr", "Norr"]);
        assert_eq!(t.year, [Some(2022), Some(2023)]);
        // Any header can be named for a role.
        let opts = LoadOptions {
            id_column: Some("Kod".into()),
            name_column: Some("Benämning".into()),
            year_column: Some("Mätår".into()),
            ..Default::default()
        };
        let t = parse_csv(
            "Kod;Benämning;Mätår;x\nS01;Norr;2022;1\n".as_bytes(),
            "t.csv",
            &opts,
        )
        .unwrap();
        assert_eq!(
            (&t.id[0], &t.name[0], t.year[0]),
            ("S01", "Norr", Some(2022))
        );
        assert_eq!(t.column_names(), ["x"]);
        // An unnamed year column: the duplicate error says how to name it.
        let e = parse(b"id,when,x\nS01,2022,1\nS01,2023,2\n").unwrap_err();
        let h = e.hint.as_ref().map(|h| h.to_string()).unwrap_or_default();
        assert!(h.contains("--year-column"), "{e} {h}");
    }

    #[test]
    fn detects_delimiters() {
        assert_eq!(detect_delimiter("a;b;c"), b';');
        assert_eq!(detect_delimiter("a,b,c"), b',');
        assert_eq!(detect_delimiter("a\tb"), b'\t');
        assert_eq!(detect_delimiter("\"a;b\",c"), b',');
        assert_eq!(detect_delimiter("single"), b',');
    }

    proptest::proptest! {
        /// Clinger's fast path gives `str::parse`'s double bit for bit, or
        /// declines: decimals of up to 20 digits with the point anywhere.
        #[test]
        fn fast_path_is_str_parse_bit_for_bit(
            sign in proptest::sample::select(vec!["", "-", "+"]),
            digits in "[0-9]{0,20}",
            point in 0usize..22,
            with_point in proptest::bool::ANY,
        ) {
            let mut t = format!("{sign}{digits}");
            if with_point {
                t.insert(sign.len() + point.min(digits.len()), '.');
            }
            let want = t.parse::<f64>().ok();
            match clinger(t.as_bytes()) {
                Some((v, p)) => {
                    proptest::prop_assert_eq!(Some(v.to_bits()), want.map(f64::to_bits), "{}", t);
                    proptest::prop_assert_eq!(p, with_point);
                }
                // Declined: only where the mantissa is too long for the fast path
                // or the text is no number.
                None => proptest::prop_assert!(
                    want.is_none() || digits.len() >= 16 || with_point && digits.len() - point.min(digits.len()) > 22,
                    "declined {}", t
                ),
            }
        }

        /// The byte-level text check agrees with [`check_text`] on text full
        /// of control characters, C1 controls and multi-byte letters.
        #[test]
        fn text_check_agrees_with_check_text(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "ö", "\u{85}", "\u{9f}", "\u{a0}", "\u{7f}", "\u{1}", "\t", "\n",
                    "\r", "\u{b}", "\u{c}", " ", "\u{100}", "\u{2028}", "é",
                ]),
                0..40,
            ),
            long in 0usize..3,
        ) {
            let mut t = pieces.concat();
            // Around the length limit, in bytes and in characters.
            t.push_str(["", &"x".repeat(990), &"ö".repeat(600)][long]);
            let want = check_text(&t, "", 0, "", &String::new).is_ok();
            proptest::prop_assert_eq!(text_ok(&t), want, "{:?}", t);
        }

        /// Years read directly are those `str::parse::<i32>` reads, with
        /// or without a zero fraction.
        #[test]
        fn years_as_str_parse(
            t in "[+-]?[0-9]{0,11}|NA|\\.\\.|-|x1",
            frac in proptest::sample::select(vec!["", ".0", ",00", ".5", ".", ",01"]),
        ) {
            let want = if is_missing_text(&t) {
                Some(None)
            } else if frac.is_empty() {
                t.parse::<i32>().ok().map(Some)
            } else if frac.len() > 1 && frac[1..].bytes().all(|b| b == b'0') {
                // A zero fraction reads as the whole number before it.
                t.parse::<i32>().ok().map(Some)
            } else {
                None
            };
            let cell = if is_missing_text(&t) { t.clone() } else { format!("{t}{frac}") };
            proptest::prop_assert_eq!(parse_year(&cell), want, "{:?}", cell);
        }
    }
}
