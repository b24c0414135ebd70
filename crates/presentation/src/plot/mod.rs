//! Charts of a fit: modelled vs actual, deviation ranking, coefficients, deviation
//! over years and regression diagnostics, as SVG (always) and PNG.
//!
//! Every chart is a pure function of [`ModelResult`]
//! (or a slice of per-year results) plus [`PlotOptions`], so any chart can be
//! regenerated from `results.json`. Describe the chart with a [`Chart`] value and
//! render it with [`Chart::svg`] or [`Chart::png`]; the free functions
//! ([`modelled_vs_actual`], [`deviation_ranking`], …) are shorthands that return SVG.
//!
//! ```no_run
//! use presentation::plot::{Chart, PlotOptions, RankingOptions};
//! # let r: presentation::results::ModelResult = unimplemented!();
//! let o = PlotOptions::default(); // Swedish, 900 × 600
//! let svg = Chart::ModelledVsActual(&r).svg(&o)?;
//! let png = Chart::DeviationRanking(&r, RankingOptions::default()).png(&o)?;
//! # Ok::<(), presentation::plot::PlotError>(())
//! ```
//!
//! Determinism: text is drawn with DejaVu Sans compiled into the binary (the
//! `dejavu` crate, registered with plotters' `ab_glyph` text renderer), never a
//! system font, and PNGs are encoded with fixed settings; the same input gives
//! the same SVG and PNG bytes on every machine (tests compare with a golden file).
//! SVG text names the family `DejaVu Sans, sans-serif`, so a browser without
//! DejaVu falls back to its own sans-serif. Text from data (area names, labels)
//! is XML-escaped by the SVG backend.
//!
//! Sizes: `width × height` pixels, except the deviation ranking, whose height
//! grows with the number of rows so every name stays legible ([`Chart::size`]),
//! unless [`RankingOptions::limit`] asks for the top and bottom k only; the
//! chart's caption says which.
//!
//! PNG text is laid out by the `raster` module's own glyph placement (plotters' bitmap
//! text path misplaces punctuation at small sizes), at the em size and baseline
//! a browser uses for the SVG, so both formats look alike.
//!
//! New charts (rank intervals from the bootstrap, an area among its peers, the
//! change decomposition) follow the same pattern: a `Chart` variant, a module
//! with a `draw` generic over the backend, and the shared `Frame` layout.

pub mod chart;
pub mod crossview;
pub mod fmt;
pub mod geo;
pub mod labels;
pub mod map;
/// A synthetic result for chart tests (tests and the `sample` feature only:
/// fixture generators are not part of the shipped library).
#[cfg(any(test, feature = "sample"))]
pub mod sample;
pub(crate) mod tooltip;

mod coefficients;
mod diagnostics;
mod headline;
mod pixels;
mod ranking;
mod raster;
mod trend;

use crate::i18n::Catalogue;
use crate::lang::Lang;
use crate::results::{AreaRow, ModelResult};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::sync::OnceLock;

pub use trend::default_trend_areas;

/// Font family name under which the bundled DejaVu Sans is registered. In SVG it
/// is written as the CSS `font-family`, hence the generic fallback.
pub const FONT_FAMILY: &str = "DejaVu Sans, sans-serif";

/// Options shared by all charts.
#[derive(Debug, Clone, PartialEq)]
pub struct PlotOptions {
    /// Language of titles, axis labels and number formats.
    pub lang: Lang,
    /// Width in pixels (SVG user units).
    pub width: u32,
    /// Height in pixels; the deviation ranking may grow beyond it.
    pub height: u32,
    /// Draw the title and subtitle above the chart (a report that prints its own
    /// headings may turn them off).
    pub show_title: bool,
}

impl Default for PlotOptions {
    fn default() -> Self {
        PlotOptions {
            lang: Lang::Sv,
            width: 900,
            height: 600,
            show_title: true,
        }
    }
}

/// Deviation shown in the ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum DeviationMeasure {
    /// 100·(actual − modelled)/modelled.
    #[default]
    Percent,
    /// actual − modelled, in the outcome's unit (kr/inv for cost per inhabitant).
    Absolute,
    /// actual / modelled on a logarithmic axis (1 = as modelled, 2 = twice,
    /// 0.5 = half): the natural reading of a log-link model, where a deviation
    /// is a factor. Only areas with a positive modelled value can be drawn.
    Ratio,
}

impl DeviationMeasure {
    /// The measure a report draws for a result: the ratio for a log-link
    /// model; the amount (outcome units) for the linear model, whose modelled
    /// value can be near zero or negative, where a percent explodes or flips
    /// its sign.
    pub fn for_result(r: &ModelResult) -> Self {
        if crate::report::deviation::reads_as_ratio(r) {
            DeviationMeasure::Ratio
        } else {
            DeviationMeasure::Absolute
        }
    }
}

impl std::str::FromStr for DeviationMeasure {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "pct" | "percent" | "%" | "procent" => Ok(DeviationMeasure::Percent),
            "kr" | "kr/inv" | "abs" | "absolute" | "unit" => Ok(DeviationMeasure::Absolute),
            "ratio" | "kvot" | "x" => Ok(DeviationMeasure::Ratio),
            other => Err(format!(
                "unknown deviation measure '{other}': use 'pct' (percent of modelled), 'kr' (outcome unit) or 'ratio' (actual/modelled)"
            )),
        }
    }
}

/// Options for the deviation ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RankingOptions {
    pub measure: DeviationMeasure,
    /// `Some(k)`: show only the k highest and the k lowest deviations; `None`:
    /// every area, with the chart's height growing with their number. The
    /// chart's caption says which.
    pub limit: Option<usize>,
}

impl RankingOptions {
    /// Every area, in the measure that reads right for the result
    /// ([`DeviationMeasure::for_result`]): what `report` draws.
    pub fn for_result(r: &ModelResult) -> Self {
        RankingOptions {
            measure: DeviationMeasure::for_result(r),
            limit: None,
        }
    }
}

/// Scale of the coefficient chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum CoefScale {
    /// Estimates in the units of each covariate.
    Raw,
    /// βⱼ·sd(xⱼ)/sd(y): comparable across covariates.
    #[default]
    Standardized,
}

/// A chart to draw, with the data it needs.
#[derive(Debug, Clone, Copy)]
pub enum Chart<'a> {
    /// The headline: actual against modelled, 45° line, prediction intervals,
    /// flagged areas named, colour by group.
    ModelledVsActual(&'a ModelResult),
    /// Horizontal bars of each area's deviation, sorted, with the range the
    /// leave-one-out prediction interval allows.
    DeviationRanking(&'a ModelResult, RankingOptions),
    /// Coefficients with confidence intervals (intercept omitted).
    Coefficients(&'a ModelResult, CoefScale),
    /// Deviation in % by year for the given area ids, from per-year fits of one
    /// model (see [`default_trend_areas`]).
    DeviationOverYears(&'a [ModelResult], &'a [String]),
    /// Residual against modelled value.
    ResidualsVsModelled(&'a ModelResult),
    /// Normal QQ plot of externally studentized residuals.
    QqStudentized(&'a ModelResult),
    /// Leverage against internally studentized residual, with Cook's distance
    /// contours at D = 0.5 and 1.
    LeverageVsStudentized(&'a ModelResult),
}

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    /// The result has nothing this chart can show (e.g. no finite values).
    #[error("{chart}: nothing to draw: {reason}")]
    NoData { chart: &'static str, reason: String },
    /// The drawing backend failed (should not happen for in-memory targets).
    #[error("drawing failed: {0}")]
    Draw(String),
    /// The bundled font could not be registered.
    #[error("the bundled DejaVu Sans font could not be loaded")]
    Font,
    /// PNG encoding failed.
    #[error("PNG encoding failed: {0}")]
    Png(String),
    /// Width or height is too small to draw on.
    #[error("plot size {width}×{height} is too small: use at least 320×240 pixels")]
    Size { width: u32, height: u32 },
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for PlotError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        PlotError::Draw(e.to_string())
    }
}

/// Register the bundled fonts with plotters once per process (also used by
/// the cross-city charts in [`crate::plot::chart`]).
pub(crate) fn ensure_fonts() -> Result<(), PlotError> {
    static FONTS: OnceLock<bool> = OnceLock::new();
    let ok = *FONTS.get_or_init(|| {
        let regular = dejavu::sans::regular();
        let bold = dejavu::sans::bold();
        // Also under plotters' default family, so no element can fall through to
        // an unregistered (and thus failing) font.
        [FONT_FAMILY, "sans-serif"].iter().all(|fam| {
            plotters::style::register_font(fam, FontStyle::Normal, regular).is_ok()
                && plotters::style::register_font(fam, FontStyle::Bold, bold).is_ok()
        })
    });
    if ok {
        Ok(())
    } else {
        Err(PlotError::Font)
    }
}

impl Chart<'_> {
    /// Short name, usable as a file stem (`modelled-vs-actual`, …).
    pub fn file_stem(&self) -> &'static str {
        match self {
            Chart::ModelledVsActual(_) => "modelled-vs-actual",
            Chart::DeviationRanking(..) => "deviation-ranking",
            Chart::Coefficients(_, CoefScale::Raw) => "coefficients-raw",
            Chart::Coefficients(_, CoefScale::Standardized) => "coefficients-standardized",
            Chart::DeviationOverYears(..) => "deviation-over-years",
            Chart::ResidualsVsModelled(_) => "residuals-vs-modelled",
            Chart::QqStudentized(_) => "qq-studentized",
            Chart::LeverageVsStudentized(_) => "leverage-vs-studentized",
        }
    }

    /// Pixel size the chart is drawn at: `(o.width, o.height)`, except the
    /// deviation ranking, which is as tall as its rows need.
    pub fn size(&self, o: &PlotOptions) -> (u32, u32) {
        match self {
            Chart::DeviationRanking(r, ro) => (o.width, ranking::height(r, ro, o)),
            _ => (o.width, o.height),
        }
    }

    /// Render as an SVG document.
    pub fn svg(&self, o: &PlotOptions) -> Result<String, PlotError> {
        ensure_fonts()?;
        let (w, h) = self.checked_size(o)?;
        // Marks that stand for an area get their hover text (tooltip).
        tooltip::record(|| {
            let mut s = String::new();
            {
                let root = SVGBackend::with_string(&mut s, (w, h)).into_drawing_area();
                self.draw(&root, o)?;
                root.present()?;
            }
            Ok(s)
        })
    }

    /// Render as PNG bytes (8-bit RGB, fixed encoder settings).
    pub fn png(&self, o: &PlotOptions) -> Result<Vec<u8>, PlotError> {
        ensure_fonts()?;
        let (w, h) = self.checked_size(o)?;
        let mut rgb = vec![0u8; w as usize * h as usize * 3];
        {
            let root = raster::RasterBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
            self.draw(&root, o)?;
            root.present()?;
        }
        encode_png(&rgb, w, h)
    }

    fn checked_size(&self, o: &PlotOptions) -> Result<(u32, u32), PlotError> {
        let (w, h) = self.size(o);
        if w < 320 || h < 240 || o.height < 240 {
            return Err(PlotError::Size {
                width: o.width,
                height: o.height,
            });
        }
        Ok((w, h))
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        o: &PlotOptions,
    ) -> Result<(), PlotError> {
        match *self {
            Chart::ModelledVsActual(r) => headline::draw(root, r, o),
            Chart::DeviationRanking(r, ro) => ranking::draw(root, r, &ro, o),
            Chart::Coefficients(r, s) => coefficients::draw(root, r, s, o),
            Chart::DeviationOverYears(rs, ids) => trend::draw(root, rs, ids, o),
            Chart::ResidualsVsModelled(r) => diagnostics::draw_residuals(root, r, o),
            Chart::QqStudentized(r) => diagnostics::draw_qq(root, r, o),
            Chart::LeverageVsStudentized(r) => diagnostics::draw_leverage(root, r, o),
        }
    }
}

/// Encode 8-bit RGB pixels as PNG. The settings are fixed (not left to the
/// encoder's defaults) so the bytes cannot change with a default. Fast
/// compression with the Paeth filter: compression was half of a full report's
/// CPU time at the default level; this is about 16× faster to encode for PNGs
/// about 25 % larger (measured on all shipped reports: 37.6 MB against 30.0 MB).
fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, PlotError> {
    let mut out = Vec::with_capacity(rgb.len() / 8);
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        enc.set_filter(png::FilterType::Paeth);
        enc.set_adaptive_filter(png::AdaptiveFilterType::NonAdaptive);
        let mut writer = enc
            .write_header()
            .map_err(|e| PlotError::Png(e.to_string()))?;
        writer
            .write_image_data(rgb)
            .map_err(|e| PlotError::Png(e.to_string()))?;
        writer.finish().map_err(|e| PlotError::Png(e.to_string()))?;
    }
    Ok(out)
}

/// SVG of [`Chart::ModelledVsActual`].
pub fn modelled_vs_actual(r: &ModelResult, o: &PlotOptions) -> Result<String, PlotError> {
    Chart::ModelledVsActual(r).svg(o)
}

/// SVG of [`Chart::DeviationRanking`].
pub fn deviation_ranking(
    r: &ModelResult,
    ro: RankingOptions,
    o: &PlotOptions,
) -> Result<String, PlotError> {
    Chart::DeviationRanking(r, ro).svg(o)
}

/// SVG of [`Chart::Coefficients`].
pub fn coefficients(
    r: &ModelResult,
    scale: CoefScale,
    o: &PlotOptions,
) -> Result<String, PlotError> {
    Chart::Coefficients(r, scale).svg(o)
}

/// SVG of [`Chart::DeviationOverYears`].
pub fn deviation_over_years(
    results: &[ModelResult],
    areas: &[String],
    o: &PlotOptions,
) -> Result<String, PlotError> {
    Chart::DeviationOverYears(results, areas).svg(o)
}

/// SVG of [`Chart::ResidualsVsModelled`].
pub fn residuals_vs_modelled(r: &ModelResult, o: &PlotOptions) -> Result<String, PlotError> {
    Chart::ResidualsVsModelled(r).svg(o)
}

/// SVG of [`Chart::QqStudentized`].
pub fn qq_studentized(r: &ModelResult, o: &PlotOptions) -> Result<String, PlotError> {
    Chart::QqStudentized(r).svg(o)
}

/// SVG of [`Chart::LeverageVsStudentized`].
pub fn leverage_vs_studentized(r: &ModelResult, o: &PlotOptions) -> Result<String, PlotError> {
    Chart::LeverageVsStudentized(r).svg(o)
}

/// PNG of any chart (same drawing as its SVG, rasterised).
pub fn to_png(chart: &Chart<'_>, o: &PlotOptions) -> Result<Vec<u8>, PlotError> {
    chart.png(o)
}

// ---------------------------------------------------------------------------
// Shared drawing helpers.

pub(crate) const INK: RGBColor = RGBColor(33, 37, 41);
pub(crate) const MUTED: RGBColor = RGBColor(96, 103, 112);
pub(crate) const GRID: RGBColor = RGBColor(228, 231, 235);
pub(crate) const AXIS: RGBColor = RGBColor(140, 146, 153);
pub(crate) const ABOVE: RGBColor = RGBColor(192, 57, 43);
pub(crate) const BELOW: RGBColor = RGBColor(36, 113, 163);
pub(crate) const NEUTRAL: RGBColor = RGBColor(150, 160, 172);
pub(crate) const BAND: RGBColor = RGBColor(120, 144, 170);

/// Colour-blind-safe palette (Okabe & Ito 2008, without the yellow that is
/// unreadable on white), then two extra distinct hues.
pub(crate) const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(120, 94, 50),
    RGBColor(90, 90, 90),
];

pub(crate) fn font(size: f64) -> TextStyle<'static> {
    TextStyle::from(FontDesc::new(
        FontFamily::Name(FONT_FAMILY),
        size,
        FontStyle::Normal,
    ))
    .color(&INK)
}

pub(crate) fn bold(size: f64) -> TextStyle<'static> {
    TextStyle::from(FontDesc::new(
        FontFamily::Name(FONT_FAMILY),
        size,
        FontStyle::Bold,
    ))
    .color(&INK)
}

pub(crate) fn top_left(s: TextStyle<'static>) -> TextStyle<'static> {
    s.pos(Pos::new(HPos::Left, VPos::Top))
}

/// Text width and height in pixels with the bundled font.
pub(crate) fn text_size<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
) -> Result<(i32, i32), PlotError> {
    let (w, h) = root.estimate_text_size(text, style)?;
    Ok((w as i32, h as i32))
}

/// A legend entry.
pub(crate) enum LegendKind {
    /// Filled dot.
    Dot(RGBAColor),
    /// Dot with a dark ring (flagged area).
    Ring,
    /// Line segment.
    Line(RGBAColor),
    /// Short vertical stroke (an interval).
    Interval(RGBAColor),
    /// Filled box (bars, bands).
    Box(RGBAColor),
}

pub(crate) struct LegendItem {
    pub label: String,
    pub kind: LegendKind,
}

/// Texts around the plot.
pub(crate) struct Frame<'a> {
    pub title: String,
    pub subtitle: String,
    pub legend: &'a [LegendItem],
    pub note: String,
}

const PAD: i32 = 14;

fn wrap<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    max_w: i32,
) -> Result<Vec<String>, PlotError> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut cur = String::new();
        for word in para.split(' ') {
            let cand = if cur.is_empty() {
                word.to_string()
            } else {
                format!("{cur} {word}")
            };
            if !cur.is_empty() && text_size(root, &cand, style)?.0 > max_w {
                lines.push(std::mem::take(&mut cur));
                cur = word.to_string();
            } else {
                cur = cand;
            }
        }
        if !cur.is_empty() {
            lines.push(cur);
        }
    }
    Ok(lines)
}

/// Fill the background, draw title, subtitle, legend (wrapped in rows under the
/// plot) and note, and return the area left for the chart itself.
pub(crate) fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    f: &Frame,
    o: &PlotOptions,
) -> Result<DrawingArea<DB, Shift>, PlotError> {
    root.fill(&WHITE)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let mut top = 8;
    if o.show_title {
        root.draw(&Text::new(f.title.clone(), (PAD, 10), top_left(bold(19.0))))?;
        top = 36;
        if !f.subtitle.is_empty() {
            root.draw(&Text::new(
                f.subtitle.clone(),
                (PAD, top),
                top_left(font(14.0).color(&MUTED)),
            ))?;
            top += 20;
        }
        top += 4;
    }

    // Footer, laid out bottom-up: note lines, then legend rows.
    let note_style = top_left(font(13.0).color(&MUTED));
    let note_lines = if f.note.is_empty() {
        Vec::new()
    } else {
        wrap(root, &f.note, &note_style, w - 2 * PAD)?
    };
    let line_h = 16;
    let mut bottom = h - 6 - line_h * note_lines.len() as i32;
    for (i, l) in note_lines.iter().enumerate() {
        root.draw(&Text::new(
            l.clone(),
            (PAD, bottom + i as i32 * line_h),
            note_style.clone(),
        ))?;
    }

    if !f.legend.is_empty() {
        let style = top_left(font(13.5));
        let sw = 22; // swatch width
        let mut rows: Vec<Vec<(&LegendItem, i32)>> = vec![Vec::new()];
        let mut x = PAD;
        for it in f.legend {
            let tw = text_size(root, &it.label, &style)?.0;
            let iw = sw + 6 + tw + 18;
            if x + iw > w - PAD && !rows.last().is_some_and(|r| r.is_empty()) {
                rows.push(Vec::new());
                x = PAD;
            }
            rows.last_mut().expect("a row").push((it, x));
            x += iw;
        }
        let row_h = 20;
        bottom -= 4 + row_h * rows.len() as i32;
        for (ri, row) in rows.iter().enumerate() {
            let y = bottom + ri as i32 * row_h;
            let cy = y + 8;
            for (it, x) in row {
                draw_swatch(root, &it.kind, *x, cy, sw)?;
                root.draw(&Text::new(
                    it.label.clone(),
                    (*x + sw + 6, y + 2),
                    style.clone(),
                ))?;
            }
        }
    }
    bottom -= 4;
    Ok(root.clone().shrink((0, top), (w, (bottom - top).max(10))))
}

fn draw_swatch<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    kind: &LegendKind,
    x: i32,
    cy: i32,
    sw: i32,
) -> Result<(), PlotError> {
    let mid = x + sw / 2;
    match kind {
        LegendKind::Dot(c) => root.draw(&Circle::new((mid, cy), 4, c.filled()))?,
        LegendKind::Ring => {
            root.draw(&Circle::new((mid, cy), 4, NEUTRAL.filled()))?;
            root.draw(&Circle::new((mid, cy), 6, INK.stroke_width(2)))?;
        }
        LegendKind::Line(c) => root.draw(&PathElement::new(
            vec![(x, cy), (x + sw, cy)],
            c.stroke_width(2),
        ))?,
        LegendKind::Interval(c) => root.draw(&PathElement::new(
            vec![(mid, cy - 7), (mid, cy + 7)],
            c.stroke_width(3),
        ))?,
        LegendKind::Box(c) => root.draw(&Rectangle::new(
            [(x + 2, cy - 5), (x + sw - 2, cy + 5)],
            c.filled(),
        ))?,
    }
    Ok(())
}

/// Axis label with the unit in parentheses when there is one.
pub(crate) fn with_unit(label: &str, unit: &str) -> String {
    // A label that already names its unit ("Bistånd kr/inv") is not repeated
    // as "Bistånd kr/inv (Bistånd kr/inv)".
    if unit.is_empty() || label.to_lowercase().contains(&unit.to_lowercase()) {
        label.to_string()
    } else {
        format!("{label} ({unit})")
    }
}

/// The outcome's unit in the chart's language (`kr/inv` by default for this
/// tool's outcome; `SEK/inhabitant` in English, see
/// [`crate::i18n::unit_text`]).
pub(crate) fn unit(r: &ModelResult, lang: Lang) -> &str {
    crate::i18n::outcome_unit(r, lang).trim()
}

/// Display name of an area (its id when the name is empty).
pub(crate) fn area_name(a: &AreaRow) -> &str {
    if a.name.trim().is_empty() {
        &a.id
    } else {
        &a.name
    }
}

/// "95" for α = 0.05, "90" for α = 0.1, "97,5" for α = 0.025.
pub(crate) fn level(r: &ModelResult, lang: Lang) -> String {
    let a = if r.model.alpha > 0.0 && r.model.alpha < 1.0 {
        r.model.alpha
    } else {
        0.05
    };
    let l = 100.0 * (1.0 - a);
    let d = if (l - l.round()).abs() < 1e-9 { 0 } else { 1 };
    fmt::number(l, d, lang)
}

/// Percent sign spaced as the language wants ("95 %" / "95%").
pub(crate) fn pct_word(lang: Lang) -> &'static str {
    lang.msg().empty
}

/// Standard subtitle: model, year, n, R².
pub(crate) fn subtitle(r: &ModelResult, lang: Lang) -> String {
    let mut parts = Vec::new();
    let name = r.model.title_in(lang);
    if !name.is_empty() {
        parts.push(name.to_string());
    }
    if let Some(y) = r.year {
        parts.push(y.to_string());
    }
    parts.push(format!("n = {}", r.fit.n));
    if let Some(g) = &r.fit.glm {
        parts.push(crate::report::family::family_link(
            r.model.family,
            r.model.link,
            lang,
        ));
        parts.push(format!(
            "{} {}",
            lang.msg().deviance_explained,
            fmt::number(g.deviance_explained, 2, lang)
        ));
        if r.fit.weighted {
            parts.push(lang.msg().weighted.to_string());
        }
        return parts.join(" · ");
    }
    if r.fit.r2.is_finite() {
        parts.push(format!("R² = {}", fmt::number(r.fit.r2, 2, lang)));
    }
    if r.fit.weighted {
        parts.push(lang.msg().weighted_wls.to_string());
    }
    parts.join(" · ")
}

/// Colours for groups: every group its own colour when there are at most
/// eight; otherwise the seven largest get colours and the rest share grey
/// ("Övriga"/"Other"). Returned in legend order (by group key).
pub(crate) struct GroupColours {
    keys: Vec<(String, String, RGBColor)>,
    other: Option<String>,
}

impl GroupColours {
    pub fn new(areas: &[&AreaRow], lang: Lang) -> Self {
        let mut counts: std::collections::BTreeMap<&str, (usize, &str)> = Default::default();
        for a in areas {
            let e = counts.entry(a.group.as_str()).or_insert((0, ""));
            e.0 += 1;
            if e.1.is_empty() && !a.group_name.trim().is_empty() {
                e.1 = a.group_name.trim();
            }
        }
        let mut groups: Vec<(&str, usize, &str)> = counts
            .into_iter()
            .map(|(k, (n, name))| (k, n, name))
            .collect();
        let many = groups.len() > PALETTE.len();
        if many {
            // Largest first; ties by key, then back to key order for the legend.
            groups.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            groups.truncate(PALETTE.len() - 1);
            groups.sort_by(|a, b| a.0.cmp(b.0));
        }
        let keys = groups
            .iter()
            .enumerate()
            .map(|(i, (k, _, name))| {
                let label = if name.is_empty() { k } else { name };
                (k.to_string(), label.to_string(), PALETTE[i])
            })
            .collect();
        GroupColours {
            keys,
            other: many.then(|| lang.msg().other.to_string()),
        }
    }

    pub fn colour(&self, group: &str) -> RGBColor {
        self.keys
            .iter()
            .find(|(k, _, _)| k == group)
            .map(|(_, _, c)| *c)
            .unwrap_or(NEUTRAL)
    }

    /// Legend entries; none when there is a single group.
    pub fn legend(&self) -> Vec<LegendItem> {
        if self.keys.len() <= 1 && self.other.is_none() {
            return Vec::new();
        }
        let mut v: Vec<LegendItem> = self
            .keys
            .iter()
            .map(|(k, label, c)| LegendItem {
                label: if label.is_empty() {
                    k.clone()
                } else {
                    label.clone()
                },
                kind: LegendKind::Dot(c.mix(0.9)),
            })
            .collect();
        if let Some(o) = &self.other {
            v.push(LegendItem {
                label: o.clone(),
                kind: LegendKind::Dot(NEUTRAL.mix(0.9)),
            });
        }
        v
    }
}

/// Draw labels for points (pixel coordinates) with the greedy placer, leader
/// lines where needed. Returns how many labels did not fit.
pub(crate) fn draw_point_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    bounds: labels::Rect,
    all_points: &[(i32, i32)],
    items: &[(String, (i32, i32))],
    style: &TextStyle,
) -> Result<usize, PlotError> {
    let mut reqs = Vec::with_capacity(items.len());
    for (text, p) in items {
        let (w, h) = text_size(root, text, style)?;
        reqs.push(labels::LabelRequest {
            point: *p,
            size: (w + 2, h + 2),
        });
    }
    let placed = labels::place(&reqs, bounds, all_points, &[], 10);
    let mut skipped = 0;
    let style = style.clone().pos(Pos::new(HPos::Left, VPos::Top));
    for ((text, p), pl) in items.iter().zip(&placed) {
        match pl {
            Some(pl) => {
                if pl.leader {
                    let end = pl.anchor_towards(*p);
                    root.draw(&PathElement::new(vec![*p, end], MUTED.stroke_width(1)))?;
                }
                // A white halo keeps the name readable over grid lines and intervals.
                root.draw(&Rectangle::new(
                    [(pl.rect.x0, pl.rect.y0), (pl.rect.x1, pl.rect.y1)],
                    WHITE.mix(0.75).filled(),
                ))?;
                root.draw(&Text::new(
                    text.clone(),
                    (pl.top_left.0 + 1, pl.top_left.1 + 1),
                    style.clone(),
                ))?;
            }
            None => skipped += 1,
        }
    }
    Ok(skipped)
}

/// The pixel rectangle of a chart's plotting area.
pub(crate) fn plot_rect<DB: DrawingBackend, CT: plotters::coord::CoordTranslate>(
    area: &DrawingArea<DB, CT>,
) -> labels::Rect {
    let (xr, yr) = area.get_pixel_range();
    labels::Rect {
        x0: xr.start,
        y0: yr.start,
        x1: xr.end,
        y1: yr.end,
    }
}

pub(crate) fn min_max(it: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    it.filter(|x| x.is_finite()).fold(None, |acc, x| match acc {
        None => Some((x, x)),
        Some((lo, hi)) => Some((lo.min(x), hi.max(x))),
    })
}

/// Build a 2-D chart with our ticks, grid and axis texts.
pub(crate) struct Axes {
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub x_desc: String,
    pub y_desc: String,
    pub lang: Lang,
    /// Left label-area width (room for the y tick labels).
    pub y_label_w: u32,
    /// Replace x tick values by labels (e.g. years without separators).
    pub x_plain: bool,
}

/// A linear f64 axis with ticks chosen by us ([`fmt::nice_ticks`]), so the tick
/// formatter knows the step. plotters' own f64 axis has no default formatting,
/// which its mesh needs; labels are formatted by our closures anyway.
#[derive(Clone)]
pub(crate) struct TickAxis {
    inner: plotters::coord::types::RangedCoordf64,
    ticks: Vec<f64>,
}

impl TickAxis {
    pub fn new(lo: f64, hi: f64, ticks: Vec<f64>) -> Self {
        TickAxis {
            inner: (lo..hi).into(),
            ticks,
        }
    }
}

impl plotters::coord::ranged1d::Ranged for TickAxis {
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;
    type ValueType = f64;
    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(v, limit)
    }
    fn key_points<H: plotters::coord::ranged1d::KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }
    fn range(&self) -> std::ops::Range<f64> {
        self.inner.range()
    }
}

pub(crate) type Chart2d<'b, DB> = ChartContext<'b, DB, Cartesian2d<TickAxis, TickAxis>>;

/// Ticks of a logarithmic axis over `[lo, hi]` (values, not logs): 1, 2, 5
/// times powers of ten, thinner or denser to give 3 to `max` ticks; returned
/// as ln values (the axis is drawn in ln units).
pub(crate) fn log_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    let (a, b) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
    let mut best = Vec::new();
    for ms in [
        &[1.0, 1.5, 2.0, 3.0, 5.0, 7.0][..],
        &[1.0, 2.0, 5.0][..],
        &[1.0, 3.0][..],
        &[1.0][..],
    ] {
        let v: Vec<f64> = (a..=b)
            .flat_map(|k| ms.iter().map(move |m| m * 10f64.powi(k)))
            .filter(|v| *v >= lo * (1.0 - 1e-9) && *v <= hi * (1.0 + 1e-9))
            .collect();
        if v.len() <= max.max(3) {
            best = v;
            break;
        }
    }
    best.into_iter().map(f64::ln).collect()
}

/// As [`build_axes`], with both axes logarithmic: `ax.x` and `ax.y` are
/// ranges of ln values, ticks are labelled with the values themselves.
pub(crate) fn build_log_axes<'b, DB: DrawingBackend>(
    area: &'b DrawingArea<DB, Shift>,
    ax: &Axes,
) -> Result<Chart2d<'b, DB>, PlotError> {
    let (aw, ah) = area.dim_in_pixel();
    let xt = log_ticks(ax.x.0.exp(), ax.x.1.exp(), (aw / 90).clamp(3, 11) as usize);
    let yt = log_ticks(ax.y.0.exp(), ax.y.1.exp(), (ah / 55).clamp(3, 11) as usize);
    let lang = ax.lang;
    let label = move |v: &f64| {
        let x = v.exp();
        let d = if x >= 10.0 || (x - x.round()).abs() < 1e-6 {
            0
        } else {
            1
        };
        fmt::number(x, d, lang)
    };
    tick_chart(area, ax, (xt, yt), &label, &label)
}

/// The chart both axis builders draw: the margins, the two tick axes over
/// `ax`'s ranges, and the mesh in the report's style with the given tick
/// labels.
fn tick_chart<'b, DB: DrawingBackend>(
    area: &'b DrawingArea<DB, Shift>,
    ax: &Axes,
    (xt, yt): (Vec<f64>, Vec<f64>),
    xf: &dyn Fn(&f64) -> String,
    yf: &dyn Fn(&f64) -> String,
) -> Result<Chart2d<'b, DB>, PlotError> {
    let mut chart = ChartBuilder::on(area)
        .margin_left(6)
        .margin_right(18)
        .margin_top(8)
        .margin_bottom(4)
        .x_label_area_size(46)
        .y_label_area_size(ax.y_label_w)
        .build_cartesian_2d(
            TickAxis::new(ax.x.0, ax.x.1, xt),
            TickAxis::new(ax.y.0, ax.y.1, yt),
        )?;
    chart
        .configure_mesh()
        .x_label_formatter(xf)
        .y_label_formatter(yf)
        .x_desc(ax.x_desc.clone())
        .y_desc(ax.y_desc.clone())
        .label_style(font(13.5).color(&MUTED))
        .axis_desc_style(font(14.5))
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS.stroke_width(1))
        .draw()?;
    Ok(chart)
}

pub(crate) fn build_axes<'b, DB: DrawingBackend>(
    area: &'b DrawingArea<DB, Shift>,
    ax: &Axes,
) -> Result<Chart2d<'b, DB>, PlotError> {
    let (aw, ah) = area.dim_in_pixel();
    let mut xt = fmt::nice_ticks(ax.x.0, ax.x.1, (aw / 90).clamp(3, 11) as usize);
    if ax.x_plain {
        // Whole numbers only (years): a step of at least 1, ticks on its multiples.
        let step = xt.step.max(1.0).ceil();
        let (a, b) = (
            (ax.x.0 / step).ceil() as i64,
            (ax.x.1 / step).floor() as i64,
        );
        xt = fmt::Ticks {
            values: (a..=b).map(|k| k as f64 * step).collect(),
            step,
        };
    }
    let yt = fmt::nice_ticks(ax.y.0, ax.y.1, (ah / 55).clamp(3, 11) as usize);
    let (xd, yd) = (xt.decimals(), yt.decimals());
    let lang = ax.lang;
    let x_plain = ax.x_plain;
    let xf = move |v: &f64| {
        if x_plain {
            format!("{}", v.round() as i64)
        } else {
            fmt::number(*v, xd, lang)
        }
    };
    let yf = move |v: &f64| fmt::number(*v, yd, lang);
    tick_chart(area, ax, (xt.values, yt.values), &xf, &yf)
}
