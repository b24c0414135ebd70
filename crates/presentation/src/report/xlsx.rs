//! `areas.xlsx`: the results as an Excel workbook (rust_xlsxwriter) — sheets for
//! areas, coefficients, fit and excluded rows; numbers stored as numbers (Excel
//! shows them in the reader's locale), headers bold and frozen, column widths
//! set. The document creation date is fixed so the same input gives a
//! byte-identical file.

use crate::i18n::Catalogue;
pub use rust_xlsxwriter::XlsxError;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

use super::{coef_label, deviation, fit_rows, flag_label, group_display, label, ranking_order};
use crate::lang::Lang;
use crate::results::ModelResult;

/// Column kinds, with their Excel number format.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Int,
    /// Values in the outcome's unit: no decimals shown (full value stored).
    Amount,
    /// Percent units (46.2 means 46.2 %), one decimal shown.
    Pct,
    /// Statistics: three decimals shown.
    Stat,
    /// p-values: four decimals shown.
    P,
}

struct Formats {
    header: Format,
    int: Format,
    amount: Format,
    pct: Format,
    stat: Format,
    p: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            header: Format::new().set_bold().set_text_wrap(),
            int: Format::new().set_num_format("0"),
            amount: Format::new().set_num_format("#,##0"),
            pct: Format::new().set_num_format("0.0"),
            stat: Format::new().set_num_format("0.000"),
            p: Format::new().set_num_format("0.0000"),
        }
    }
    fn of(&self, k: Kind) -> Option<&Format> {
        match k {
            Kind::Text => None,
            Kind::Int => Some(&self.int),
            Kind::Amount => Some(&self.amount),
            Kind::Pct => Some(&self.pct),
            Kind::Stat => Some(&self.stat),
            Kind::P => Some(&self.p),
        }
    }
}

/// A cell value.
enum Cell {
    S(String),
    N(Option<f64>),
}

fn width(k: Kind) -> f64 {
    match k {
        Kind::Text => 14.0,
        Kind::Int => 8.0,
        Kind::Amount => 12.0,
        Kind::Pct | Kind::Stat | Kind::P => 11.0,
    }
}

/// Write one sheet: a bold wrapped header row (frozen), then rows.
fn sheet(
    ws: &mut Worksheet,
    fm: &Formats,
    cols: &[(String, Kind, Option<f64>)],
    rows: &[Vec<Cell>],
    freeze_cols: u16,
) -> Result<(), XlsxError> {
    header(ws, fm, cols)?;
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            match cell {
                Cell::S(s) => text(ws, r, c as u16, s)?,
                Cell::N(v) => number(ws, fm, cols[c].1, r, c as u16, *v)?,
            }
        }
    }
    finish(ws, cols.len(), rows.len(), freeze_cols)
}

/// The bold wrapped header row and the column widths.
fn header(
    ws: &mut Worksheet,
    fm: &Formats,
    cols: &[(String, Kind, Option<f64>)],
) -> Result<(), XlsxError> {
    for (c, (h, k, w)) in cols.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, h, &fm.header)?;
        ws.set_column_width(c, w.unwrap_or_else(|| width(*k)))?;
    }
    ws.set_row_height(0, 32)?;
    Ok(())
}

/// A text cell; nothing for an empty text.
fn text(ws: &mut Worksheet, r: u32, c: u16, s: &str) -> Result<(), XlsxError> {
    if !s.is_empty() {
        ws.write_string(r, c, s)?;
    }
    Ok(())
}

/// A number cell in its column's format; nothing for an absent or
/// non-finite value.
fn number(
    ws: &mut Worksheet,
    fm: &Formats,
    kind: Kind,
    r: u32,
    c: u16,
    v: Option<f64>,
) -> Result<(), XlsxError> {
    if let Some(v) = v.filter(|v| v.is_finite()) {
        match fm.of(kind) {
            Some(f) => ws.write_number_with_format(r, c, v, f)?,
            None => ws.write_number(r, c, v)?,
        };
    }
    Ok(())
}

/// Per column, the runs of consecutive rows (first, last) that hold a
/// number cell, in row order.
///
/// rust_xlsxwriter looks every formatted cell's [`Format`] up in a
/// SipHash map (hashing all of its font, border, fill and alignment
/// fields): for the areas sheet of 10 000 areas that was 300 000 hashes,
/// about 8 % of a panel report's CPU. `Worksheet::set_range_format` hashes
/// once and then sets the format index of each cell in the range, which
/// leaves the same cells as `write_number_with_format` would, so the sheet
/// is written as numbers without a format and each run formatted after —
/// every [`FORMAT_BLOCK`] rows, while their cells are in cache (the cells
/// of a row sit in a tree of their own; formatting a whole column at once
/// visited 10 000 of them per column and cost more than the hashing).
struct FormatRuns {
    runs: Vec<Vec<(u32, u32)>>,
}

impl FormatRuns {
    fn new(ncols: usize) -> Self {
        FormatRuns {
            runs: vec![Vec::new(); ncols],
        }
    }

    fn clear(&mut self) {
        self.runs.iter_mut().for_each(Vec::clear);
    }

    fn note(&mut self, row: u32, col: u16) {
        let runs = &mut self.runs[col as usize];
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == row => *last = row,
            _ => runs.push((row, row)),
        }
    }
}

/// The workbook's deflate level (see [`workbook`]).
const ZIP_LEVEL: i64 = 1;

/// Rows of the areas sheet written before their number cells are formatted.
const FORMAT_BLOCK: usize = 64;

/// Give every run its column's format. The worksheet numbers its formats
/// in the order they are first used, so the formats are applied in the
/// order a row-by-row writer would first have used them (the first cell
/// of each kind by row, then column), each kind's columns together. Called
/// on consecutive blocks of rows, it keeps that order: a format first used
/// in a block is numbered there, in its order within the block.
fn format_runs(
    ws: &mut Worksheet,
    fm: &Formats,
    cols: &[(String, Kind, Option<f64>)],
    runs: &FormatRuns,
) -> Result<(), XlsxError> {
    // (first row, first column) of each column's number cells.
    let mut firsts: Vec<(u32, usize)> = runs
        .runs
        .iter()
        .enumerate()
        .filter_map(|(c, r)| r.first().map(|&(row, _)| (row, c)))
        .collect();
    firsts.sort_unstable();
    let mut done: Vec<usize> = Vec::with_capacity(cols.len());
    for &(_, c0) in &firsts {
        if done.contains(&c0) {
            continue;
        }
        let Some(f) = fm.of(cols[c0].1) else {
            continue;
        };
        // Every column with this format, in column order.
        for (c, (_, k, _)) in cols.iter().enumerate() {
            if fm.of(*k) != Some(f) {
                continue;
            }
            done.push(c);
            for &(first, last) in &runs.runs[c] {
                ws.set_range_format(first, c as u16, last, c as u16, f)?;
            }
        }
    }
    Ok(())
}

/// Freeze the header (and `freeze_cols` columns) and filter the rows.
fn finish(
    ws: &mut Worksheet,
    ncols: usize,
    nrows: usize,
    freeze_cols: u16,
) -> Result<(), XlsxError> {
    ws.set_freeze_panes(1, freeze_cols)?;
    if nrows > 0 && ncols > 0 {
        ws.autofilter(0, 0, nrows as u32, ncols as u16 - 1)?;
    }
    Ok(())
}

fn col(h: &str, k: Kind) -> (String, Kind, Option<f64>) {
    (h.to_string(), k, None)
}

/// The workbook for one model and year, as bytes.
///
/// The areas sheet (nearly all of the file: 12 MB of XML for 10 000 areas)
/// is written here as XML, byte for byte as rust_xlsxwriter writes it,
/// into a workbook rust_xlsxwriter makes with only the header, texts and a
/// few numbers of that sheet ([`stub_sheet`]: its shared strings, formats,
/// other sheets and metadata are the full workbook's), then packed again
/// with the same zip writer. rust_xlsxwriter keeps every cell in a tree and
/// formats it through `core::fmt`: the workbook took 36 % of the CPU of a
/// 10 000-area panel report. Tests compare the bytes with the workbook
/// rust_xlsxwriter writes whole ([`areas_sheet`]).
pub fn areas_xlsx(r: &ModelResult, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    if r.areas.len() < SPLICE_MIN_AREAS {
        return workbook(r, lang, areas_sheet);
    }
    match spliced_xlsx(r, lang)? {
        Some(bytes) => Ok(bytes),
        None => workbook(r, lang, areas_sheet),
    }
}

/// Fewest areas for which [`areas_xlsx`] writes the areas sheet itself.
/// Re-packing costs a fixed 0.1–0.2 ms (every part of the workbook read
/// back and deflated again); the sheet saves about 7 µs per area
/// (`splice_timing_by_size`, release: 50 areas 1.22 ms whole, 1.37 ms
/// spliced; 100 areas 1.77 / 1.74 ms; 1 000 areas 13.4 / 9.9 ms; 10 000
/// areas 184 / 109 ms).
const SPLICE_MIN_AREAS: usize = 100;

/// [`areas_xlsx`] with the areas sheet's XML written here; `None` when the
/// workbook rust_xlsxwriter made is not laid out as expected.
fn spliced_xlsx(r: &ModelResult, lang: Lang) -> Result<Option<Vec<u8>>, XlsxError> {
    let (cols, with_ref) = areas_cols(r, lang);
    let mut grid = Grid {
        row: 1,
        ..Grid::default()
    };
    let nrows = area_rows(r, lang, with_ref, &mut grid)?;
    let mut left_out = 0;
    let stub = workbook(r, lang, |ws, fm, _, _| {
        left_out = stub_sheet(ws, fm, &cols, &grid, nrows)?;
        Ok(())
    })?;
    Ok(repack(&stub, left_out, |header_row, out| {
        out.reserve(grid.cells.len() * 40);
        sheet_data(&cols, &grid, header_row, out);
        Some(())
    }))
}

/// The workbook with its areas sheet written by `areas`.
fn workbook(
    r: &ModelResult,
    lang: Lang,
    areas: impl FnOnce(&mut Worksheet, &Formats, &ModelResult, Lang) -> Result<(), XlsxError>,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation date: without it the file embeds the time of writing
    // and two runs on the same input would differ.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    let title = match r.year {
        Some(y) => format!("{} – {y}", r.model.title_in(lang)),
        None => r.model.title_in(lang).to_string(),
    };
    wb.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_subject(label(r, &r.model.outcome, lang))
            .set_comment(&r.generator)
            .set_creation_datetime(&created),
    );
    let fm = Formats::new();

    // The areas (nearly all of the workbook) written cell by cell, then one
    // sheet per other part of the results, each built by its own function.
    let ws = wb.add_worksheet();
    ws.set_name(lang.msg().areas)?;
    areas(ws, &fm, r, lang)?;
    let sheets = [
        (lang.msg().coefficients, coefficients_sheet(r, lang), 1),
        (lang.msg().fit, fit_sheet(r, lang), 0),
        (lang.msg().excluded, excluded_sheet(r, lang), 0),
    ];
    for (name, (cols, rows), frozen) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        sheet(ws, &fm, &cols, &rows, frozen)?;
    }
    // Deflate level 1 rather than the default 6: compressing was most of
    // the cost of saving the workbook; the file grows by about 40 % (the
    // shipped reports' workbooks: 55 kB on average at level 6, 79 kB at 1).
    wb.set_zip_compression_level(ZIP_LEVEL as u8);
    wb.save_to_buffer()
}

/// A sheet's columns (header, kind, width) and rows.
type Sheet = (Vec<(String, Kind, Option<f64>)>, Vec<Vec<Cell>>);

/// The areas sheet's columns, and whether it has the reference column.
fn areas_cols(r: &ModelResult, lang: Lang) -> (Vec<(String, Kind, Option<f64>)>, bool) {
    let mut cols = vec![
        (lang.msg().rank_2.to_string(), Kind::Int, Some(6.0)),
        col("id", Kind::Text),
        (lang.msg().area.to_string(), Kind::Text, Some(22.0)),
        (lang.msg().group.to_string(), Kind::Text, Some(18.0)),
        (lang.msg().year.to_string(), Kind::Int, Some(7.0)),
        (lang.msg().population_weight.to_string(), Kind::Amount, None),
        (lang.msg().actual_2.to_string(), Kind::Amount, None),
        (lang.msg().modelled_2.to_string(), Kind::Amount, None),
        (
            lang.msg().leave_one_out_modelled.to_string(),
            Kind::Amount,
            None,
        ),
        (lang.msg().deviation.to_string(), Kind::Amount, None),
        (lang.msg().deviation_3.to_string(), Kind::Pct, None),
        (
            lang.msg().total_deviation_sek.to_string(),
            Kind::Amount,
            Some(15.0),
        ),
        (
            lang.msg().prediction_interval_low.to_string(),
            Kind::Amount,
            None,
        ),
        (
            lang.msg().prediction_interval_high.to_string(),
            Kind::Amount,
            None,
        ),
        (
            lang.msg().leave_one_out_interval_low.to_string(),
            Kind::Amount,
            None,
        ),
        (
            lang.msg().leave_one_out_interval_high.to_string(),
            Kind::Amount,
            None,
        ),
        (lang.msg().leverage.to_string(), Kind::Stat, None),
        (
            lang.msg().studentized_residual_internal.to_string(),
            Kind::Stat,
            None,
        ),
        (
            lang.msg().studentized_residual_external.to_string(),
            Kind::Stat,
            None,
        ),
        ("Cook's D".to_string(), Kind::Stat, None),
        ("DFFITS".to_string(), Kind::Stat, None),
        (lang.msg().p_outlier_test.to_string(), Kind::P, None),
        ("p Bonferroni".to_string(), Kind::P, None),
        ("q BH".to_string(), Kind::P, None),
        (lang.msg().flags.to_string(), Kind::Text, Some(30.0)),
        (lang.msg().flags_code.to_string(), Kind::Text, Some(24.0)),
        (lang.msg().notes.to_string(), Kind::Text, Some(30.0)),
    ];
    if r.areas.iter().any(|a| a.reference.is_some()) {
        let name = r
            .model
            .reference
            .clone()
            .unwrap_or_else(|| lang.msg().reference_2.to_string());
        cols.push((name, Kind::Amount, None));
    }
    let with_ref = r.areas.iter().any(|a| a.reference.is_some());
    // Added after the first version: at the end, so column positions hold.
    cols.push((
        lang.msg().times_modelled_ratio.to_string(),
        Kind::Stat,
        None,
    ));
    cols.push((lang.msg().pearson_residual.to_string(), Kind::Stat, None));
    cols.push((lang.msg().deviance_residual_2.to_string(), Kind::Stat, None));
    // The modelled value's confidence interval (why a percent is withheld),
    // where the result has it (not in results written before it existed).
    if has_modelled_ci(r) {
        cols.push((lang.msg().modelled_ci_low.to_string(), Kind::Amount, None));
        cols.push((lang.msg().modelled_ci_high.to_string(), Kind::Amount, None));
    }
    (cols, with_ref)
}

/// Whether the result carries the modelled values' confidence interval.
fn has_modelled_ci(r: &ModelResult) -> bool {
    r.areas.iter().any(|a| a.modelled_ci_low.is_some())
}

/// Where the areas sheet's cells go, row by row, left to right: the
/// worksheet itself ([`SheetCells`]) or a [`Grid`] that [`areas_xlsx`]
/// writes as XML.
trait Cells {
    /// A number cell; nothing for an absent or non-finite value.
    fn num(&mut self, v: Option<f64>) -> Result<(), XlsxError>;
    /// A text cell; nothing for an empty text.
    fn text(&mut self, s: &str) -> Result<(), XlsxError>;
    /// The row is complete.
    fn end_row(&mut self) -> Result<(), XlsxError>;
}

/// The areas, in ranking order, one row each (from worksheet row 1), in
/// the order the rows of cells were written before, so the shared strings
/// keep their numbers.
fn area_rows(
    r: &ModelResult,
    lang: Lang,
    with_ref: bool,
    out: &mut impl Cells,
) -> Result<usize, XlsxError> {
    let with_ci = has_modelled_ci(r);
    // Each flag's label once, not once per area.
    let labels: Vec<(crate::results::Flag, String)> = crate::results::Flag::ALL
        .iter()
        .map(|&f| (f, flag_label(f, r, lang)))
        .collect();
    let mut flags = String::new();
    let order = ranking_order(r);
    for (k, &i) in order.iter().enumerate() {
        let a = &r.areas[i];
        flags.clear();
        for (j, f) in a.flags.iter().enumerate() {
            if j > 0 {
                flags.push_str(", ");
            }
            if let Some((_, l)) = labels.iter().find(|(x, _)| x == f) {
                flags.push_str(l);
            }
        }
        let w = &mut *out;
        w.num(Some((k + 1) as f64))?;
        w.text(&a.id)?;
        w.text(&a.name)?;
        w.text(group_display(a))?;
        w.num(a.year.or(r.year).map(f64::from))?;
        w.num(a.weight)?;
        w.num(Some(a.actual))?;
        w.num(Some(a.modelled))?;
        w.num(a.loo_modelled)?;
        w.num(Some(a.residual))?;
        w.num(deviation::shown_pct(a))?;
        w.num(a.deviation_total)?;
        w.num(Some(a.pi_low))?;
        w.num(Some(a.pi_high))?;
        w.num(a.loo_pi_low)?;
        w.num(a.loo_pi_high)?;
        w.num(Some(a.leverage))?;
        w.num(a.studentized_internal)?;
        w.num(a.studentized_external)?;
        w.num(a.cooks_d)?;
        w.num(a.dffits)?;
        w.num(a.p_outlier)?;
        w.num(a.p_bonferroni)?;
        w.num(a.q_bh)?;
        w.text(&flags)?;
        w.text(&contract::flags::join(&a.flags, ";"))?;
        w.text(&a.notes.join("; "))?;
        if with_ref {
            w.num(a.reference)?;
        }
        w.num(deviation::ratio(a))?;
        w.num(a.resid_pearson)?;
        w.num(a.resid_deviance)?;
        if with_ci {
            w.num(a.modelled_ci_low)?;
            w.num(a.modelled_ci_high)?;
        }
        w.end_row()?;
    }
    Ok(order.len())
}

/// The areas sheet's rows written into the worksheet: number cells without
/// a format, their runs formatted every [`FORMAT_BLOCK`] rows.
struct SheetCells<'a> {
    ws: &'a mut Worksheet,
    fm: &'a Formats,
    cols: &'a [(String, Kind, Option<f64>)],
    runs: FormatRuns,
    row: u32,
    col: u16,
}

impl Cells for SheetCells<'_> {
    fn num(&mut self, v: Option<f64>) -> Result<(), XlsxError> {
        if let Some(v) = v.filter(|v| v.is_finite()) {
            self.ws.write_number(self.row, self.col, v)?;
            if !matches!(self.cols[self.col as usize].1, Kind::Text) {
                self.runs.note(self.row, self.col);
            }
        }
        self.col += 1;
        Ok(())
    }

    fn text(&mut self, s: &str) -> Result<(), XlsxError> {
        text(self.ws, self.row, self.col, s)?;
        self.col += 1;
        Ok(())
    }

    fn end_row(&mut self) -> Result<(), XlsxError> {
        if (self.row as usize).is_multiple_of(FORMAT_BLOCK) {
            format_runs(self.ws, self.fm, self.cols, &self.runs)?;
            self.runs.clear();
        }
        self.row += 1;
        self.col = 0;
        Ok(())
    }
}

/// The areas sheet written cell by cell into the worksheet
/// (rust_xlsxwriter's own sheet XML): what [`areas_xlsx`] falls back on,
/// and what its tests compare with.
fn areas_sheet(
    ws: &mut Worksheet,
    fm: &Formats,
    r: &ModelResult,
    lang: Lang,
) -> Result<(), XlsxError> {
    let (cols, with_ref) = areas_cols(r, lang);
    header(ws, fm, &cols)?;
    let mut w = SheetCells {
        ws: &mut *ws,
        fm,
        cols: &cols,
        runs: FormatRuns::new(cols.len()),
        row: 1,
        col: 0,
    };
    let nrows = area_rows(r, lang, with_ref, &mut w)?;
    let runs = w.runs;
    format_runs(ws, fm, &cols, &runs)?;
    finish(ws, cols.len(), nrows, 3)
}

/// A cell's value in a [`Grid`]: a finite number, or a nonempty text
/// (`start..end` in the grid's text).
#[derive(Clone, Copy)]
enum GridValue {
    N(f64),
    S(u32, u32),
}

/// The areas sheet's cells in row order (worksheet row, column, value), the
/// texts in one buffer.
#[derive(Default)]
struct Grid {
    cells: Vec<(u32, u16, GridValue)>,
    text: String,
    row: u32,
    col: u16,
}

impl Grid {
    fn str_of(&self, v: GridValue) -> &str {
        match v {
            GridValue::S(a, b) => &self.text[a as usize..b as usize],
            GridValue::N(_) => "",
        }
    }
}

impl Cells for Grid {
    fn num(&mut self, v: Option<f64>) -> Result<(), XlsxError> {
        if let Some(v) = v.filter(|v| v.is_finite()) {
            self.cells.push((self.row, self.col, GridValue::N(v)));
        }
        self.col += 1;
        Ok(())
    }

    fn text(&mut self, s: &str) -> Result<(), XlsxError> {
        if !s.is_empty() {
            let (Ok(a), Ok(b)) = (
                u32::try_from(self.text.len()),
                u32::try_from(self.text.len() + s.len()),
            ) else {
                return Err(XlsxError::ParameterError("texts over 4 GB".into()));
            };
            self.text.push_str(s);
            self.cells.push((self.row, self.col, GridValue::S(a, b)));
        }
        self.col += 1;
        Ok(())
    }

    fn end_row(&mut self) -> Result<(), XlsxError> {
        self.row += 1;
        self.col = 0;
        Ok(())
    }
}

/// The areas sheet as [`areas_xlsx`] hands it to rust_xlsxwriter: the
/// header; each text at its first cell (the shared strings are numbered in
/// cell order, so they come out in the full sheet's order) and every text
/// of the last row; of the number cells only each column's first and last,
/// formatted in cell order (so the formats are numbered as the full sheet
/// numbers them, and the sheet's dimension is the full sheet's). Returns
/// the number of text cells left out: the shared strings' `count` (every
/// text cell) is short by as many.
fn stub_sheet(
    ws: &mut Worksheet,
    fm: &Formats,
    cols: &[(String, Kind, Option<f64>)],
    grid: &Grid,
    nrows: usize,
) -> Result<u64, XlsxError> {
    header(ws, fm, cols)?;
    let mut first = vec![usize::MAX; cols.len()];
    let mut last = vec![usize::MAX; cols.len()];
    for (i, &(_, c, v)) in grid.cells.iter().enumerate() {
        if let GridValue::N(_) = v {
            let c = c as usize;
            if first[c] == usize::MAX {
                first[c] = i;
            }
            last[c] = i;
        }
    }
    let last_row = grid.cells.last().map_or(0, |c| c.0);
    let mut seen: std::collections::HashSet<&str> = cols.iter().map(|c| c.0.as_str()).collect();
    let mut left_out = 0u64;
    for (i, &(row, c, v)) in grid.cells.iter().enumerate() {
        match v {
            GridValue::S(..) => {
                let s = grid.str_of(v);
                if seen.insert(s) || row == last_row {
                    ws.write_string(row, c, s)?;
                } else {
                    left_out += 1;
                }
            }
            GridValue::N(x) if first[c as usize] == i || last[c as usize] == i => {
                match fm.of(cols[c as usize].1) {
                    Some(f) => ws.write_number_with_format(row, c, x, f)?,
                    None => ws.write_number(row, c, x)?,
                };
            }
            GridValue::N(_) => {}
        }
    }
    finish(ws, cols.len(), nrows, 3)?;
    Ok(left_out)
}

/// `xml` (the shared strings part) with its `count` attribute raised by
/// `more`.
fn add_to_count(xml: &str, more: u64) -> Option<String> {
    const KEY: &str = " count=\"";
    let sst = xml.find("<sst ")?;
    let at = sst + xml[sst..].find(KEY)? + KEY.len();
    let end = at + xml[at..].find('"')?;
    let count: u64 = xml[at..end].parse().ok()?;
    let mut out = String::with_capacity(xml.len() + 8);
    out.push_str(&xml[..at]);
    push_u64(&mut out, count + more);
    out.push_str(&xml[end..]);
    Some(out)
}

/// Column letters as Excel names them: `A` … `Z`, `AA` …
fn column_name(mut c: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Append a nonnegative integer in decimal.
fn push_u64(out: &mut String, v: u64) {
    super::decimal::push_u128(out, u128::from(v));
}

/// The `<sheetData>` element of the areas sheet, byte for byte as
/// rust_xlsxwriter writes it (`Worksheet::write_data_table`): rows with
/// their 16-row block's column span, number cells with Rust's `{}` digits,
/// text cells by their shared-string number (numbered in cell order from
/// the header on, as the workbook numbers them: the areas sheet is the
/// first). The header row's opening tag is the stub's (`header_row`,
/// its span is every column in both).
fn sheet_data(
    cols: &[(String, Kind, Option<f64>)],
    grid: &Grid,
    header_row: &str,
    out: &mut String,
) {
    const HEADER_XF: u32 = 1;
    let names: Vec<String> = (0..cols.len()).map(column_name).collect();
    // Formats numbered after the header's in the order of their first cell.
    let mut kind_xf: Vec<(u8, u32)> = Vec::new();
    let kind_id = |k: Kind| match k {
        Kind::Text => 0u8,
        Kind::Int => 1,
        Kind::Amount => 2,
        Kind::Pct => 3,
        Kind::Stat => 4,
        Kind::P => 5,
    };
    let mut col_xf = vec![0u32; cols.len()];
    for &(_, c, v) in &grid.cells {
        if let GridValue::N(_) = v {
            let k = cols[c as usize].1;
            if matches!(k, Kind::Text) || col_xf[c as usize] != 0 {
                continue;
            }
            let id = kind_id(k);
            let xf = match kind_xf.iter().find(|(i, _)| *i == id) {
                Some(&(_, xf)) => xf,
                None => {
                    let xf = HEADER_XF + 1 + kind_xf.len() as u32;
                    kind_xf.push((id, xf));
                    xf
                }
            };
            // Every column of a kind shares its format.
            for (cc, (_, kk, _)) in cols.iter().enumerate() {
                if kind_id(*kk) == id {
                    col_xf[cc] = xf;
                }
            }
        }
    }
    // Shared strings: the header's, then the cells', numbered on first use.
    let mut sst: std::collections::HashMap<&str, u32> =
        std::collections::HashMap::with_capacity(grid.cells.len() / 4 + cols.len());
    fn index<'a>(s: &'a str, sst: &mut std::collections::HashMap<&'a str, u32>) -> u32 {
        let next = sst.len() as u32;
        *sst.entry(s).or_insert(next)
    }
    // The column span of each block of 16 rows (0-based row / 16).
    let last_row = grid.cells.last().map_or(0, |c| c.0);
    let blocks = last_row as usize / 16 + 1;
    let mut spans = vec![(u16::MAX, 0u16); blocks];
    spans[0] = (0, cols.len().saturating_sub(1) as u16);
    for &(row, c, _) in &grid.cells {
        let s = &mut spans[row as usize / 16];
        s.0 = s.0.min(c);
        s.1 = s.1.max(c);
    }
    out.push_str("<sheetData>");
    out.push_str(header_row);
    for (c, (h, _, _)) in cols.iter().enumerate() {
        let id = index(h, &mut sst);
        cell_open(out, &names[c], 1, HEADER_XF);
        out.push_str(" t=\"s\"><v>");
        push_u64(out, u64::from(id));
        out.push_str("</v></c>");
    }
    out.push_str("</row>");
    // Per column, `<c r="B` and what follows the row number in a number
    // cell (`" s="3"><v>`); the row number once per row.
    let opens: Vec<String> = names.iter().map(|n| format!("<c r=\"{n}")).collect();
    let num_mid: Vec<String> = col_xf
        .iter()
        .map(|&xf| {
            if xf > 0 {
                format!("\" s=\"{xf}\"><v>")
            } else {
                "\"><v>".to_string()
            }
        })
        .collect();
    let mut row = 0u32;
    let mut row_text = String::new();
    for &(r, c, v) in &grid.cells {
        if r != row {
            if row != 0 {
                out.push_str("</row>");
            }
            row = r;
            row_text.clear();
            push_u64(&mut row_text, u64::from(r) + 1);
            let (a, b) = spans[r as usize / 16];
            out.push_str("<row r=\"");
            out.push_str(&row_text);
            out.push_str("\" spans=\"");
            push_u64(out, u64::from(a) + 1);
            out.push(':');
            push_u64(out, u64::from(b) + 1);
            out.push_str("\">");
        }
        out.push_str(&opens[c as usize]);
        out.push_str(&row_text);
        match v {
            GridValue::N(x) => {
                out.push_str(&num_mid[c as usize]);
                super::decimal::push_display(out, x);
            }
            GridValue::S(..) => {
                let id = index(grid.str_of(v), &mut sst);
                out.push_str("\" t=\"s\"><v>");
                push_u64(out, u64::from(id));
            }
        }
        out.push_str("</v></c>");
    }
    if row != 0 {
        out.push_str("</row>");
    }
    out.push_str("</sheetData>");
}

/// `<c r="B7"` and, for a formatted cell, ` s="3"`.
fn cell_open(out: &mut String, col: &str, row: u32, xf: u32) {
    out.push_str("<c r=\"");
    out.push_str(col);
    push_u64(out, u64::from(row));
    out.push('"');
    if xf > 0 {
        out.push_str(" s=\"");
        push_u64(out, u64::from(xf));
        out.push('"');
    }
}

/// The workbook `stub` (zip bytes, as rust_xlsxwriter saved it) with its
/// first sheet's `<sheetData>` replaced by what `data` appends (the whole
/// element; it is given the header row's opening tag) and the shared
/// strings' count raised by the `left_out` text cells of the stub, packed
/// again as rust_xlsxwriter packs (same zip writer, options and order of
/// files; each file written whole). `None` when the stub is not laid out as
/// expected.
fn repack(
    stub: &[u8],
    left_out: u64,
    mut data: impl FnMut(&str, &mut String) -> Option<()>,
) -> Option<Vec<u8>> {
    use std::io::{Read, Write};
    const SHEET: &str = "xl/worksheets/sheet1.xml";
    const STRINGS: &str = "xl/sharedStrings.xml";
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(stub)).ok()?;
    // `Packager::new`, with `Workbook::set_zip_compression_level(1)`.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(ZIP_LEVEL))
        .unix_permissions(0o600)
        .last_modified_time(zip::DateTime::default())
        .large_file(false);
    let mut out = Vec::with_capacity(stub.len() * 4);
    {
        let mut zw = zip::ZipWriter::new_stream(std::io::Cursor::new(&mut out));
        let mut buf = Vec::new();
        for i in 0..archive.len() {
            let mut f = archive.by_index(i).ok()?;
            if f.compression() != zip::CompressionMethod::Deflated {
                return None;
            }
            let name = f.name().ok()?.into_owned();
            buf.clear();
            f.read_to_end(&mut buf).ok()?;
            drop(f);
            zw.start_file(name.as_str(), options).ok()?;
            if name == SHEET {
                let xml = std::str::from_utf8(&buf).ok()?;
                let open = xml.find("<sheetData>")?;
                let close = xml.find("</sheetData>")? + "</sheetData>".len();
                let header = &xml[open + "<sheetData>".len()..];
                let header = &header[..header.find('>')? + 1];
                if !header.starts_with("<row r=\"1\"") {
                    return None;
                }
                // One write of the whole file, as rust_xlsxwriter makes it:
                // the deflated bytes depend on how the input is split.
                let mut whole = String::with_capacity(xml.len());
                whole.push_str(&xml[..open]);
                data(header, &mut whole)?;
                whole.push_str(&xml[close..]);
                zw.write_all(whole.as_bytes()).ok()?;
            } else if name == STRINGS && left_out > 0 {
                let xml = add_to_count(std::str::from_utf8(&buf).ok()?, left_out)?;
                zw.write_all(xml.as_bytes()).ok()?;
            } else {
                zw.write_all(&buf).ok()?;
            }
        }
        zw.finish().ok()?;
    }
    Some(out)
}
/// The coefficients.
fn coefficients_sheet(r: &ModelResult, lang: Lang) -> Sheet {
    let cols = vec![
        (lang.msg().variable.to_string(), Kind::Text, Some(40.0)),
        (lang.msg().code.to_string(), Kind::Text, Some(14.0)),
        (lang.msg().estimate.to_string(), Kind::Stat, None),
        (lang.msg().std_error.to_string(), Kind::Stat, None),
        ("t".to_string(), Kind::Stat, None),
        ("p".to_string(), Kind::P, None),
        (
            lang.msg().confidence_interval_low.to_string(),
            Kind::Stat,
            None,
        ),
        (
            lang.msg().confidence_interval_high.to_string(),
            Kind::Stat,
            None,
        ),
        (lang.msg().robust_s_e_hc3_2.to_string(), Kind::Stat, None),
        (lang.msg().cluster_robust_s_e.to_string(), Kind::Stat, None),
        ("VIF".to_string(), Kind::Stat, None),
        (lang.msg().standardised.to_string(), Kind::Stat, None),
        (lang.msg().exp_factor.to_string(), Kind::Stat, None),
        (
            lang.msg().exp_confidence_interval_low.to_string(),
            Kind::Stat,
            None,
        ),
        (
            lang.msg().exp_confidence_interval_high.to_string(),
            Kind::Stat,
            None,
        ),
    ];
    let log = deviation::reads_as_ratio(r);
    let rows: Vec<Vec<Cell>> = r
        .coefficients
        .iter()
        .map(|c| {
            vec![
                Cell::S(coef_label(r, &c.name, lang)),
                Cell::S(c.name.clone()),
                Cell::N(Some(c.estimate)),
                Cell::N(Some(c.std_error)),
                Cell::N(Some(c.t)),
                Cell::N(Some(c.p)),
                Cell::N(Some(c.ci_low)),
                Cell::N(Some(c.ci_high)),
                Cell::N(Some(c.hc3_std_error)),
                Cell::N(c.cluster_std_error),
                Cell::N(c.vif),
                Cell::N(c.standardized),
                Cell::N(log.then(|| c.estimate.exp())),
                Cell::N(log.then(|| c.ci_low.exp())),
                Cell::N(log.then(|| c.ci_high.exp())),
            ]
        })
        .collect();
    (cols, rows)
}

/// The fit: raw numbers where they are numbers.
fn fit_sheet(r: &ModelResult, lang: Lang) -> Sheet {
    let fs = &r.fit;
    let num = |x: f64| Cell::N(Some(x));
    let mut rows: Vec<Vec<Cell>> = vec![
        vec![Cell::S("n".into()), num(fs.n as f64)],
        vec![Cell::S("p".into()), num(fs.p as f64)],
    ];
    if fs.glm.is_none() {
        // R², σ̂ and F belong to the linear model; a GLM's share of deviance
        // explained and dispersion follow in its own block below.
        rows.extend([
            vec![Cell::S("R²".into()), num(fs.r2)],
            vec![Cell::S(lang.msg().adjusted_r.to_string()), num(fs.adj_r2)],
            vec![Cell::S("σ̂".into()), num(fs.sigma)],
            vec![Cell::S("F".into()), Cell::N(fs.f)],
            vec![Cell::S("p (F)".into()), Cell::N(fs.f_p)],
        ]);
    }
    // A quasi family has no likelihood: no log L, AIC or BIC rows.
    if fs.glm.is_none() || fs.aic.is_finite() {
        rows.extend([
            vec![Cell::S("log L".into()), num(fs.loglik)],
            vec![Cell::S("AIC".into()), num(fs.aic)],
            vec![Cell::S("BIC".into()), num(fs.bic)],
        ]);
    }
    rows.extend([
        vec![
            Cell::S(lang.msg().condition_number.to_string()),
            num(fs.condition_number),
        ],
        vec![Cell::S("α".into()), num(r.model.alpha)],
    ]);
    if let Some(g) = &fs.glm {
        rows.push(vec![
            Cell::S(lang.msg().model_family.to_string()),
            Cell::S(super::family::family_link(
                r.model.family,
                r.model.link,
                lang,
            )),
        ]);
        rows.push(vec![
            Cell::S(lang.msg().deviance.to_string()),
            num(g.deviance),
        ]);
        rows.push(vec![
            Cell::S(lang.msg().null_deviance.to_string()),
            num(g.null_deviance),
        ]);
        rows.push(vec![
            Cell::S(lang.msg().share_of_deviance_explained.to_string()),
            num(g.deviance_explained),
        ]);
        rows.push(vec![
            Cell::S(lang.msg().dispersion.to_string()),
            num(g.dispersion),
        ]);
        rows.push(vec![Cell::S("Pearson χ²".into()), num(g.pearson_chi2)]);
        rows.push(vec![Cell::S("df null".into()), num(g.df_null as f64)]);
        rows.push(vec![Cell::S("θ".into()), Cell::N(g.theta)]);
        rows.push(vec![
            Cell::S(lang.msg().s_e_2.to_string()),
            Cell::N(g.theta_se),
        ]);
        rows.push(vec![
            Cell::S(lang.msg().irls_iterations.to_string()),
            num(g.iterations as f64),
        ]);
        rows.push(vec![
            Cell::S(lang.msg().test.to_string()),
            Cell::S(g.test.clone()),
        ]);
    }
    if let Some(mc) = &r.model_comparison {
        for x in &mc.rows {
            rows.push(vec![
                Cell::S(format!(
                    "{} {} ({}){}",
                    lang.msg().cross_validated_weighted_rmse,
                    super::family::family_link(x.family, x.link, lang),
                    mc.k,
                    if x.chosen {
                        lang.msg().chosen_2.to_string()
                    } else {
                        String::new()
                    }
                )),
                num(x.cv_rmse),
            ]);
        }
    }
    // The text-only rows of the report's fit table, picked by label (not by
    // position, so a row added there cannot repeat one listed above).
    let text_rows = [
        lang.msg().estimation.to_string(),
        lang.msg().multiple_testing_correction.to_string(),
        lang.msg().solver.to_string(),
    ];
    for (k, v) in fit_rows(r, lang) {
        if text_rows.contains(&k) {
            rows.push(vec![Cell::S(k), Cell::S(v)]);
        }
    }
    let cols = vec![
        (lang.msg().measure.to_string(), Kind::Text, Some(30.0)),
        (lang.msg().value.to_string(), Kind::Stat, Some(40.0)),
    ];
    (cols, rows)
}

/// The excluded rows and why.
fn excluded_sheet(r: &ModelResult, lang: Lang) -> Sheet {
    let cols = vec![
        col("id", Kind::Text),
        (lang.msg().name.to_string(), Kind::Text, Some(22.0)),
        (lang.msg().year.to_string(), Kind::Int, Some(7.0)),
        (lang.msg().line.to_string(), Kind::Int, Some(8.0)),
        (lang.msg().reason.to_string(), Kind::Text, Some(60.0)),
    ];
    let rows: Vec<Vec<Cell>> = r
        .excluded
        .iter()
        .map(|e| {
            vec![
                Cell::S(e.id.clone()),
                Cell::S(e.name.clone()),
                Cell::N(e.year.map(f64::from)),
                Cell::N(e.line.map(|l| l as f64)),
                Cell::S(crate::i18n::reasons::exclusion(&e.reason, lang)),
            ]
        })
        .collect();
    (cols, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The areas sheet as it was written before it streamed: every row a
    /// vector of cells, then written by [`sheet`].
    fn areas_sheet_before(
        ws: &mut Worksheet,
        fm: &Formats,
        r: &ModelResult,
        lang: Lang,
    ) -> Result<(), XlsxError> {
        let (cols, with_ref) = areas_cols(r, lang);
        let rows: Vec<Vec<Cell>> = ranking_order(r)
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let a = &r.areas[i];
                let flags: Vec<String> = a.flags.iter().map(|&f| flag_label(f, r, lang)).collect();
                let mut row = vec![
                    Cell::N(Some((k + 1) as f64)),
                    Cell::S(a.id.clone()),
                    Cell::S(a.name.clone()),
                    Cell::S(group_display(a).to_string()),
                    Cell::N(a.year.or(r.year).map(f64::from)),
                    Cell::N(a.weight),
                    Cell::N(Some(a.actual)),
                    Cell::N(Some(a.modelled)),
                    Cell::N(a.loo_modelled),
                    Cell::N(Some(a.residual)),
                    Cell::N(deviation::shown_pct(a)),
                    Cell::N(a.deviation_total),
                    Cell::N(Some(a.pi_low)),
                    Cell::N(Some(a.pi_high)),
                    Cell::N(a.loo_pi_low),
                    Cell::N(a.loo_pi_high),
                    Cell::N(Some(a.leverage)),
                    Cell::N(a.studentized_internal),
                    Cell::N(a.studentized_external),
                    Cell::N(a.cooks_d),
                    Cell::N(a.dffits),
                    Cell::N(a.p_outlier),
                    Cell::N(a.p_bonferroni),
                    Cell::N(a.q_bh),
                    Cell::S(flags.join(", ")),
                    Cell::S(contract::flags::join(&a.flags, ";")),
                    Cell::S(a.notes.join("; ")),
                ];
                if with_ref {
                    row.push(Cell::N(a.reference));
                }
                row.push(Cell::N(deviation::ratio(a)));
                row.push(Cell::N(a.resid_pearson));
                row.push(Cell::N(a.resid_deviance));
                if has_modelled_ci(r) {
                    row.push(Cell::N(a.modelled_ci_low));
                    row.push(Cell::N(a.modelled_ci_high));
                }
                row
            })
            .collect();
        sheet(ws, fm, &cols, &rows, 3)
    }

    #[test]
    fn streamed_workbook_bytes_equal_the_previous_writer() {
        let mut r = super::super::sample::varied(5_000);
        for a in r.areas.iter_mut().step_by(3) {
            a.notes = vec!["a note".into(), "another".into()];
        }
        for lang in [Lang::Sv, Lang::En] {
            let new = areas_xlsx(&r, lang).unwrap();
            let old = workbook(&r, lang, areas_sheet_before).unwrap();
            assert!(new == old, "workbooks differ ({lang:?})");
        }
        // Without the reference column.
        for a in &mut r.areas {
            a.reference = None;
        }
        let new = areas_xlsx(&r, Lang::Sv).unwrap();
        assert!(new == workbook(&r, Lang::Sv, areas_sheet_before).unwrap());
        // With the modelled values' confidence interval (two more columns).
        for a in &mut r.areas {
            a.modelled_ci_low = Some(a.modelled - 17.25);
            a.modelled_ci_high = Some(a.modelled + 17.25);
        }
        let new = areas_xlsx(&r, Lang::En).unwrap();
        assert!(new == workbook(&r, Lang::En, areas_sheet_before).unwrap());
    }

    /// Formats first used in a later row (the percent and p-value columns
    /// empty in the first rows) keep the numbers a row-by-row writer gives
    /// them; a column's cells in several runs between empty cells.
    #[test]
    fn formats_first_used_in_later_rows_keep_their_numbers() {
        let mut r = super::super::sample::varied(400);
        for (i, a) in r.areas.iter_mut().enumerate() {
            a.modelled_ci_low = Some(a.modelled - 1.0);
            a.modelled_ci_high = Some(a.modelled + 1.0);
            if i % 50 != 7 {
                a.deviation_pct = None;
            }
            if i % 3 != 1 {
                a.p_outlier = None;
                a.p_bonferroni = None;
                a.q_bh = None;
            }
        }
        // No percent in the first blocks of rows either (the ranking does
        // not read the percent).
        let order = ranking_order(&r);
        for &i in &order[..2 * FORMAT_BLOCK + 5] {
            r.areas[i].deviation_pct = None;
        }
        assert_eq!(ranking_order(&r), order);
        assert!(r.areas.iter().any(|a| deviation::shown_pct(a).is_some()));
        assert!(deviation::shown_pct(&r.areas[order[0]]).is_none());
        for lang in [Lang::Sv, Lang::En] {
            let new = areas_xlsx(&r, lang).unwrap();
            let old = workbook(&r, lang, areas_sheet_before).unwrap();
            assert!(new == old, "workbooks differ ({lang:?})");
        }
        // No percent at all.
        for a in &mut r.areas {
            a.deviation_pct = None;
        }
        let new = areas_xlsx(&r, Lang::Sv).unwrap();
        assert!(new == workbook(&r, Lang::Sv, areas_sheet_before).unwrap());
    }

    /// The workbook with the areas sheet's XML written by [`sheet_data`],
    /// asserting that it was (not the fallback), and rust_xlsxwriter's whole.
    fn both(r: &ModelResult, lang: Lang) -> (Vec<u8>, Vec<u8>) {
        let new = spliced_xlsx(r, lang)
            .unwrap()
            .expect("the spliced workbook");
        let old = workbook(r, lang, areas_sheet).unwrap();
        (new, old)
    }

    /// A small generator for the random workbooks below.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    #[test]
    fn spliced_workbooks_equal_rust_xlsxwriters_on_random_results() {
        let texts = [
            "",
            "a",
            "Norr & <Söder>",
            " leading",
            "trailing ",
            "\"quoted\"",
            "tab\there",
            "emoji 🚀 ÅÄÖ",
            "=SUM(A1)",
            "a",
        ];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for (case, n) in [0usize, 1, 2, 15, 16, 17, 31, 33, 64, 65, 200, 1_000]
            .into_iter()
            .enumerate()
        {
            let mut r = super::super::sample::varied(n.max(1));
            r.areas.truncate(n);
            // Whole columns absent, texts repeated, empty or needing escapes.
            let none_col = rng.below(6);
            for a in r.areas.iter_mut() {
                if rng.below(4) == 0 {
                    a.id = texts[rng.below(texts.len() as u64) as usize].into();
                }
                if rng.below(3) == 0 {
                    a.name = texts[rng.below(texts.len() as u64) as usize].into();
                }
                if rng.below(5) == 0 {
                    a.group = texts[rng.below(texts.len() as u64) as usize].into();
                }
                a.notes = (0..rng.below(3))
                    .map(|_| texts[rng.below(texts.len() as u64) as usize].to_string())
                    .collect();
                match none_col {
                    0 => a.weight = None,
                    1 => a.p_outlier = None,
                    2 => a.deviation_pct = None,
                    3 => a.reference = None,
                    _ => {}
                }
                if case % 2 == 1 {
                    a.modelled_ci_low = Some(a.modelled - 1.5);
                    a.modelled_ci_high = (rng.below(2) == 0).then_some(a.modelled + 1.5);
                }
            }
            for lang in [Lang::Sv, Lang::En] {
                let (new, old) = both(&r, lang);
                assert!(
                    new == old,
                    "workbooks differ: {n} areas, case {case}, {lang:?}"
                );
            }
        }
    }

    #[test]
    fn column_names_are_excels() {
        let names: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702, 16_383]
            .into_iter()
            .map(column_name)
            .collect();
        assert_eq!(
            names,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "XFD"]
        );
    }

    /// rust_xlsxwriter's whole workbook and the spliced one timed by size
    /// (`cargo test --release -p presentation --lib -- --ignored
    /// splice_timing --nocapture`).
    #[test]
    #[ignore = "timing, run by hand in release"]
    fn splice_timing_by_size() {
        use super::super::csv::tests::best_ms;
        for n in [20, 50, 100, 200, 400, 1_000, 3_000, 10_000] {
            let r = super::super::sample::varied(n);
            let whole = best_ms(15, || workbook(&r, Lang::Sv, areas_sheet).unwrap());
            let spliced = best_ms(15, || spliced_xlsx(&r, Lang::Sv).unwrap());
            let (cols, with_ref) = areas_cols(&r, Lang::Sv);
            let mut grid = Grid {
                row: 1,
                ..Grid::default()
            };
            let nrows = area_rows(&r, Lang::Sv, with_ref, &mut grid).unwrap();
            let stub = best_ms(15, || {
                workbook(&r, Lang::Sv, |ws, fm, _, _| {
                    stub_sheet(ws, fm, &cols, &grid, nrows).map(|_| ())
                })
                .unwrap()
            });
            let data = best_ms(15, || {
                let mut out = String::new();
                sheet_data(&cols, &grid, "<row r=\"1\">", &mut out);
                out
            });
            println!(
                "{n} areas: whole {whole:.2} ms, spliced {spliced:.2} ms (stub {stub:.2} ms, sheet data {data:.2} ms)"
            );
        }
    }

    /// See `csv::tests::writer_timing_csv`.
    #[test]
    #[ignore = "timing, run by hand in release"]
    fn writer_timing_xlsx() {
        use super::super::csv::tests::best_ms;
        let path = std::env::var("WRITER_RESULTS").expect("WRITER_RESULTS");
        let r: ModelResult = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let old = best_ms(3, || workbook(&r, Lang::Sv, areas_sheet_before).unwrap());
        let whole = best_ms(3, || workbook(&r, Lang::Sv, areas_sheet).unwrap());
        let new = best_ms(3, || areas_xlsx(&r, Lang::Sv).unwrap());
        println!("rust_xlsxwriter's whole sheet {whole:.1} ms");
        println!(
            "areas.xlsx, {} areas: before {old:.1} ms, now {new:.1} ms",
            r.areas.len()
        );
    }
}
