//! The small chart kinds the cross-city views and the `compare`, `trend` and
//! `allocate` charts are drawn with ([`super::crossview`]): scatter, line and
//! horizontal-bar charts on plotters' SVG backend with the plot module's
//! bundled DejaVu font (no system fonts). Each function is pure: plot data
//! in, SVG text out, byte-identical for the same input.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::PlotError;
use crate::lang::Lang;

type Result<T> = std::result::Result<T, PlotError>;

const FONT: &str = "sans-serif";

/// Register the bundled DejaVu Sans (the plot module's registration, which
/// includes the `sans-serif` family used here).
fn ensure_fonts() -> Result<()> {
    super::ensure_fonts()
}

fn draw_err<E: std::fmt::Display>(e: E) -> PlotError {
    PlotError::Draw(e.to_string())
}

/// How a point is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Background point (light grey, no label).
    Background,
    /// Highlighted point (blue, labelled).
    Highlight,
    /// The point in focus (red, labelled, larger).
    Focus,
    /// A point that needs attention (orange, labelled).
    Warn,
}

impl Mark {
    fn color(self) -> RGBColor {
        match self {
            Mark::Background => RGBColor(190, 190, 190),
            Mark::Highlight => RGBColor(31, 119, 180),
            Mark::Focus => RGBColor(214, 39, 40),
            Mark::Warn => RGBColor(255, 127, 14),
        }
    }
}

/// One point of a scatter chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    pub label: String,
    pub mark: Mark,
}

fn padded(lo: f64, hi: f64) -> (f64, f64) {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        (lo, hi)
    } else {
        (0.0, 1.0)
    };
    let span = (hi - lo).abs().max(1e-9);
    (lo - 0.06 * span, hi + 0.06 * span)
}

/// Tick labels, axis titles and point labels in pixels: the sizes of the
/// report's own charts (so that a chart scaled to the page reads alike).
const LABEL_PX: u32 = 14;
const DESC_PX: u32 = 15;
const MARK_PX: u32 = 13;

/// Decimals for the ticks of an axis from `lo` to `hi` (about 8 ticks), in
/// the report's number format: `2 500`, not `2500.0`.
fn tick_decimals(lo: f64, hi: f64) -> usize {
    super::fmt::nice_ticks(lo.min(hi), lo.max(hi), 10).decimals()
}

/// A scatter chart with an optional 45° line (y = x). Background points are
/// drawn first, labelled points last so they stay visible.
pub fn scatter_svg(
    title: &str,
    x_desc: &str,
    y_desc: &str,
    points: &[Point],
    diagonal: bool,
    lang: Lang,
) -> Result<String> {
    scatter_svg_sized(title, x_desc, y_desc, points, diagonal, (820, 620), lang)
}

/// As [`scatter_svg`], `size` pixels wide and high (small multiples).
pub fn scatter_svg_sized(
    title: &str,
    x_desc: &str,
    y_desc: &str,
    points: &[Point],
    diagonal: bool,
    size: (u32, u32),
    lang: Lang,
) -> Result<String> {
    ensure_fonts()?;
    let xs = points.iter().map(|p| p.x);
    let ys = points.iter().map(|p| p.y);
    let (mut x0, mut x1) = (
        xs.clone().fold(f64::INFINITY, f64::min),
        xs.fold(f64::NEG_INFINITY, f64::max),
    );
    let (mut y0, mut y1) = (
        ys.clone().fold(f64::INFINITY, f64::min),
        ys.fold(f64::NEG_INFINITY, f64::max),
    );
    if diagonal {
        // Same range on both axes so the 45° line is a diagonal.
        let lo = x0.min(y0);
        let hi = x1.max(y1);
        (x0, x1, y0, y1) = (lo, hi, lo, hi);
    }
    let (x0, x1) = padded(x0, x1);
    let (y0, y1) = padded(y0, y1);
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 18))
            .margin(15)
            .x_label_area_size(45)
            .y_label_area_size(70)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(draw_err)?;
        let (dx, dy) = (tick_decimals(x0, x1), tick_decimals(y0, y1));
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc(y_desc)
            .x_label_formatter(&|v| super::fmt::number(*v, dx, lang))
            .y_label_formatter(&|v| super::fmt::number(*v, dy, lang))
            .label_style((FONT, LABEL_PX))
            .axis_desc_style((FONT, DESC_PX))
            .light_line_style(RGBColor(240, 240, 240))
            .draw()
            .map_err(draw_err)?;
        if diagonal {
            chart
                .draw_series(LineSeries::new(
                    vec![(x0.max(y0), x0.max(y0)), (x1.min(y1), x1.min(y1))],
                    RGBColor(120, 120, 120),
                ))
                .map_err(draw_err)?;
        }
        for pass in [Mark::Background, Mark::Highlight, Mark::Warn, Mark::Focus] {
            let size = if pass == Mark::Focus { 6 } else { 4 };
            chart
                .draw_series(
                    points
                        .iter()
                        .filter(|p| p.mark == pass)
                        .map(|p| Circle::new((p.x, p.y), size, p.mark.color().filled())),
                )
                .map_err(draw_err)?;
            if pass != Mark::Background {
                let color = pass.color();
                let style = TextStyle::from((FONT, MARK_PX).into_font())
                    .color(&color)
                    .pos(Pos::new(HPos::Left, VPos::Bottom));
                chart
                    .draw_series(
                        points
                            .iter()
                            .filter(|p| p.mark == pass && !p.label.is_empty())
                            .map(|p| Text::new(p.label.clone(), (p.x, p.y), style.clone())),
                    )
                    .map_err(draw_err)?;
            }
        }
        root.present().map_err(draw_err)?;
    }
    Ok(buf)
}

/// One line of a line chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub label: String,
    pub points: Vec<(f64, f64)>,
    /// Highlighted lines are coloured and labelled at their last point;
    /// the others are light grey.
    pub highlight: bool,
}

const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(255, 127, 14),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(23, 190, 207),
];

/// A line chart over years with a zero line (deviation over years).
pub fn lines_svg(
    title: &str,
    x_desc: &str,
    y_desc: &str,
    lines: &[Line],
    lang: Lang,
) -> Result<String> {
    ensure_fonts()?;
    let all = lines.iter().flat_map(|l| l.points.iter());
    let (mut x0, mut x1, mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY, 0f64, 0f64);
    for &(x, y) in all {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    if !x0.is_finite() {
        (x0, x1) = (0.0, 1.0);
    }
    if x0 == x1 {
        x1 = x0 + 1.0;
    }
    let (y0, y1) = padded(y0, y1);
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (860, 560)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 18))
            .margin(15)
            .margin_right(140)
            .x_label_area_size(45)
            .y_label_area_size(70)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(draw_err)?;
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc(y_desc)
            .x_labels(((x1 - x0) as usize + 1).min(15))
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_label_formatter(&|v| super::fmt::number(*v, tick_decimals(y0, y1), lang))
            .label_style((FONT, LABEL_PX))
            .axis_desc_style((FONT, DESC_PX))
            .light_line_style(RGBColor(240, 240, 240))
            .draw()
            .map_err(draw_err)?;
        chart
            .draw_series(LineSeries::new(
                vec![(x0, 0.0), (x1, 0.0)],
                RGBColor(90, 90, 90),
            ))
            .map_err(draw_err)?;
        for l in lines.iter().filter(|l| !l.highlight) {
            chart
                .draw_series(LineSeries::new(l.points.clone(), RGBColor(215, 215, 215)))
                .map_err(draw_err)?;
        }
        for (k, l) in lines.iter().filter(|l| l.highlight).enumerate() {
            let c = PALETTE[k % PALETTE.len()];
            chart
                .draw_series(LineSeries::new(l.points.clone(), c.stroke_width(2)))
                .map_err(draw_err)?;
            chart
                .draw_series(l.points.iter().map(|&p| Circle::new(p, 3, c.filled())))
                .map_err(draw_err)?;
            if let Some(&last) = l.points.last() {
                let style = TextStyle::from((FONT, MARK_PX).into_font())
                    .color(&c)
                    .pos(Pos::new(HPos::Left, VPos::Center));
                let (px, py) = chart.backend_coord(&last);
                root.draw(&Text::new(l.label.clone(), (px + 6, py), style))
                    .map_err(draw_err)?;
            }
        }
        root.present().map_err(draw_err)?;
    }
    Ok(buf)
}

/// One series of a horizontal bar chart: a value per category.
#[derive(Debug, Clone, PartialEq)]
pub struct BarSeries {
    pub label: String,
    pub values: Vec<f64>,
}

/// A horizontal bar chart: one row per category, one bar per series in each
/// row, a zero line, and a legend. Values may be negative.
pub fn bars_svg(
    title: &str,
    x_desc: &str,
    categories: &[String],
    series: &[BarSeries],
    lang: Lang,
) -> Result<String> {
    ensure_fonts()?;
    let n = categories.len().max(1);
    let (mut x0, mut x1) = (0f64, 0f64);
    for s in series {
        for &v in &s.values {
            if v.is_finite() {
                x0 = x0.min(v);
                x1 = x1.max(v);
            }
        }
    }
    let (x0, x1) = padded(x0, x1);
    // An empty row below the bars holds the legend, so it never covers a bar
    // (a row is 22 px per series, the legend about 15 px per series).
    let has_legend = series.len() > 1 || series.iter().any(|s| !s.label.is_empty());
    let legend_rows = if has_legend { 1.0 } else { 0.0 };
    let rows = n + usize::from(has_legend);
    let height = (90 + 22 * rows * series.len().max(1)).clamp(300, 4000) as u32;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (900, height)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 18))
            .margin(15)
            .x_label_area_size(45)
            .y_label_area_size(230)
            .build_cartesian_2d(x0..x1, -legend_rows..n as f64)
            .map_err(draw_err)?;
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_labels(0)
            .disable_y_mesh()
            .x_label_formatter(&|v| super::fmt::number(*v, tick_decimals(x0, x1), lang))
            .label_style((FONT, LABEL_PX))
            .axis_desc_style((FONT, DESC_PX))
            .light_line_style(RGBColor(240, 240, 240))
            .draw()
            .map_err(draw_err)?;
        let k = series.len().max(1) as f64;
        let band = 0.8 / k;
        for (si, s) in series.iter().enumerate() {
            let c = PALETTE[si % PALETTE.len()];
            chart
                .draw_series(
                    s.values
                        .iter()
                        .enumerate()
                        .filter(|(_, v)| v.is_finite())
                        .map(|(i, &v)| {
                            // Category 0 at the top.
                            let top = (n - i) as f64 - 0.1 - band * si as f64;
                            Rectangle::new([(0.0, top - band), (v, top)], c.filled())
                        }),
                )
                .map_err(draw_err)?
                .label(s.label.clone())
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], c.filled()));
        }
        chart
            .draw_series(LineSeries::new(
                vec![(0.0, 0.0), (0.0, n as f64)],
                RGBColor(90, 90, 90),
            ))
            .map_err(draw_err)?;
        let style =
            TextStyle::from((FONT, LABEL_PX).into_font()).pos(Pos::new(HPos::Right, VPos::Center));
        for (i, c) in categories.iter().enumerate() {
            let (px, py) = chart.backend_coord(&(x0, (n - i) as f64 - 0.5));
            root.draw(&Text::new(c.clone(), (px - 6, py), style.clone()))
                .map_err(draw_err)?;
        }
        if has_legend {
            chart
                .configure_series_labels()
                .background_style(WHITE.mix(0.9))
                .border_style(RGBColor(200, 200, 200))
                .label_font((FONT, LABEL_PX))
                .position(SeriesLabelPosition::LowerRight)
                .draw()
                .map_err(draw_err)?;
        }
        root.present().map_err(draw_err)?;
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_render_deterministically() {
        let pts = vec![
            Point {
                x: 1.0,
                y: 2.0,
                label: "A & <b>".into(),
                mark: Mark::Focus,
            },
            Point {
                x: 2.0,
                y: 1.5,
                label: String::new(),
                mark: Mark::Background,
            },
        ];
        let a = scatter_svg("t", "x", "y", &pts, true, Lang::Sv).unwrap();
        let b = scatter_svg("t", "x", "y", &pts, true, Lang::Sv).unwrap();
        assert_eq!(a, b);
        assert!(a.starts_with("<svg"));
        assert!(!a.contains("<b>"), "labels must be escaped");
        let l = lines_svg(
            "t",
            "år",
            "%",
            &[Line {
                label: "A".into(),
                points: vec![(2020.0, 1.0), (2021.0, -2.0)],
                highlight: true,
            }],
            Lang::Sv,
        )
        .unwrap();
        assert!(l.contains("<svg"));
        let bars = bars_svg(
            "t",
            "kr",
            &["A".into(), "B".into()],
            &[BarSeries {
                label: "s".into(),
                values: vec![-2500.0, 1000.0],
            }],
            Lang::Sv,
        )
        .unwrap();
        assert!(bars.contains("<svg"));
        // Ticks in the report's number format: space thousands, real minus,
        // no ".0"; and in English with a comma.
        assert!(
            bars.contains("\u{2212}2\u{a0}000") || bars.contains("\u{2212}2 000"),
            "{bars}"
        );
        assert!(!bars.contains(".0<") && !bars.contains("-2000"));
        let en = bars_svg(
            "t",
            "kr",
            &["A".into(), "B".into()],
            &[BarSeries {
                label: "s".into(),
                values: vec![-2500.0, 1000.0],
            }],
            Lang::En,
        )
        .unwrap();
        assert!(en.contains("\u{2212}2,000"), "{en}");
    }
}
