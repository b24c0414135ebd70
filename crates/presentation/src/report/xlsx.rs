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

/// One row of a sheet written left to right, each cell in its column's
/// kind. Number cells are written without a format and their rows noted in
/// `runs`; [`format_runs`] then gives each run its column's format.
struct RowCursor<'a> {
    ws: &'a mut Worksheet,
    cols: &'a [(String, Kind, Option<f64>)],
    runs: &'a mut FormatRuns,
    row: u32,
    col: u16,
}

impl RowCursor<'_> {
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
pub fn areas_xlsx(r: &ModelResult, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    workbook(r, lang, areas_sheet)
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
    wb.set_zip_compression_level(1);
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

/// The areas, in ranking order, written straight into the worksheet (in
/// the order the rows of cells were written before, so the shared strings
/// keep their numbers).
fn areas_sheet(
    ws: &mut Worksheet,
    fm: &Formats,
    r: &ModelResult,
    lang: Lang,
) -> Result<(), XlsxError> {
    let (cols, with_ref) = areas_cols(r, lang);
    let with_ci = has_modelled_ci(r);
    header(ws, fm, &cols)?;
    // Each flag's label once, not once per area.
    let labels: Vec<(crate::results::Flag, String)> = crate::results::Flag::ALL
        .iter()
        .map(|&f| (f, flag_label(f, r, lang)))
        .collect();
    let mut flags = String::new();
    let mut runs = FormatRuns::new(cols.len());
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
        let mut w = RowCursor {
            ws: &mut *ws,
            cols: &cols,
            runs: &mut runs,
            row: k as u32 + 1,
            col: 0,
        };
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
        if (k + 1) % FORMAT_BLOCK == 0 {
            format_runs(ws, fm, &cols, &runs)?;
            runs.clear();
        }
    }
    format_runs(ws, fm, &cols, &runs)?;
    finish(ws, cols.len(), order.len(), 3)
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

    /// See `csv::tests::writer_timing_csv`.
    #[test]
    #[ignore = "timing, run by hand in release"]
    fn writer_timing_xlsx() {
        use super::super::csv::tests::best_ms;
        let path = std::env::var("WRITER_RESULTS").expect("WRITER_RESULTS");
        let r: ModelResult = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let old = best_ms(3, || workbook(&r, Lang::Sv, areas_sheet_before).unwrap());
        let new = best_ms(3, || areas_xlsx(&r, Lang::Sv).unwrap());
        println!(
            "areas.xlsx, {} areas: before {old:.1} ms, now {new:.1} ms",
            r.areas.len()
        );
    }
}
