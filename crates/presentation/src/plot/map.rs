//! Choropleth maps of each area's deviation: municipalities (with county
//! outlines and zoomed insets of the three metropolitan areas) or an
//! analyst's districts from a GeoJSON file, as SVG and PNG.
//!
//! The input is plain data ([`MapInput`], one [`MapArea`] per area: id, name,
//! value, outside its interval, labelled, in the sample), so a map can be drawn
//! from `results.json` alone. The boundaries come from [`geo::Boundaries`]
//! (the embedded municipalities, or a district file).
//!
//! What the map shows:
//! - a diverging, colour-blind-safe scale centred on zero deviation (on 1 for a
//!   ratio): ColorBrewer RdBu with 7 classes (Brewer & Harrower 2003,
//!   colorbrewer2.org, "colorblind safe"), red for above the modelled value as
//!   in the other charts; class boundaries in the report's number format;
//! - areas outside their prediction interval with a thick dark outline;
//! - flagged areas named; areas not in the sample (or without boundaries in
//!   the results) light grey;
//! - county outlines drawn from the municipalities' shared borders;
//! - for municipalities, insets of the Stockholm, Göteborg and Malmö areas,
//!   where most municipalities are too small to see on a map of Sweden.
//!
//! SVG: one `<path id="area-…" data-id="…" class="area cK">` per area of the
//! main map (`cK` is its colour class 0–6 from lowest to highest, `na` for
//! grey; `outside` added when outside its interval), each with a `<title>`
//! tooltip (name and values); inset copies carry `data-id` but no `id`. All
//! text from data is XML-escaped. The PNG draws the same scene with the
//! project's raster backend and bundled DejaVu Sans.

use crate::i18n::Catalogue;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::sync::Arc;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::geo::{self, Boundaries, Point};
use super::{fmt, labels, pixels, raster, PlotError, FONT_FAMILY};
use crate::lang::Lang;

/// One area on the map.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapArea {
    /// The id the boundaries use (kommun code, or the district file's id).
    pub id: String,
    /// Display name; empty → the boundary file's name.
    pub name: String,
    /// Value to colour by (deviation in %, or actual/modelled ratio); `None`
    /// → grey.
    pub value: Option<f64>,
    /// Outside its prediction interval: outlined.
    pub outside: bool,
    /// Flagged: its name is written on the map.
    pub label: bool,
    /// In the fitted sample; `false` → grey.
    pub in_sample: bool,
    /// Extra tooltip lines, already formatted (e.g. "Utfall: 12 345 kr/inv").
    pub details: Vec<String>,
}

/// How values are read and formatted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ValueStyle {
    /// Deviation in percent of the modelled value; scale centred on 0.
    #[default]
    Percent,
    /// Ratio actual/modelled; scale centred on 1, symmetric in the logarithm.
    Ratio,
}

/// Everything a map shows besides the boundaries.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapInput {
    pub title: String,
    pub subtitle: String,
    /// Legend heading, e.g. "Avvikelse från modellvärdet".
    pub legend_title: String,
    /// Name of the value in tooltips, e.g. "Avvikelse".
    pub value_label: String,
    /// Text under the map (source, credit); the boundaries' credit is added.
    pub note: String,
    pub style: ValueStyle,
    /// The six class boundaries, ascending; `None` → chosen from the values
    /// ([`default_breaks`]).
    pub breaks: Option<[f64; 6]>,
    pub areas: Vec<MapArea>,
    /// Legend entry for areas in the sample without a value (e.g. no percent
    /// of a modelled value that may be 0): they are drawn in [`NO_VALUE`].
    /// Empty: such areas are grey, as the areas not in the sample.
    pub no_value: String,
}

/// A zoomed panel: a title and the lon/lat box it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Inset {
    pub title: String,
    /// West, south, east, north in degrees (WGS84).
    pub lon_lat: [f64; 4],
}

impl Inset {
    /// The Stockholm, Göteborg and Malmö areas (the core of each metropolitan
    /// region, where municipalities are small).
    pub fn metropolitan(lang: Lang) -> Vec<Inset> {
        vec![
            Inset {
                title: lang.msg().stockholm_area.into(),
                lon_lat: [17.45, 59.1, 18.75, 59.68],
            },
            Inset {
                title: lang.msg().g_teborg_area.into(),
                lon_lat: [11.55, 57.38, 12.7, 58.02],
            },
            Inset {
                title: lang.msg().malm_area.into(),
                lon_lat: [12.75, 55.32, 13.7, 55.95],
            },
        ]
    }
}

/// Language, size and insets.
#[derive(Debug, Clone, PartialEq)]
pub struct MapOptions {
    pub lang: Lang,
    /// Width in pixels; the height follows from the map's shape.
    pub width: u32,
    /// Zoomed panels beside the main map (none for district maps).
    pub insets: Vec<Inset>,
}

impl MapOptions {
    /// A map of Sweden's municipalities: 900 px wide, metropolitan insets.
    pub fn municipalities(lang: Lang) -> Self {
        MapOptions {
            lang,
            width: 900,
            insets: Inset::metropolitan(lang),
        }
    }

    /// A district map: 900 px wide, no insets.
    pub fn districts(lang: Lang) -> Self {
        MapOptions {
            lang,
            width: 900,
            insets: Vec::new(),
        }
    }
}

/// Why a map could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum MapError {
    #[error(transparent)]
    Geo(#[from] geo::GeoError),
    #[error(transparent)]
    Plot(#[from] PlotError),
    /// No area id matches a boundary id.
    #[error("{source_file}: none of the {n} area ids ({areas}) is a boundary id (e.g. {bounds}); the spec's `boundaries.id` must name the GeoJSON property whose values equal the data's area ids")]
    NoMatch {
        source_file: String,
        n: usize,
        areas: String,
        bounds: String,
    },
}

/// ColorBrewer RdBu, 7 classes, reversed: lowest (blue) to highest (red).
pub const COLOURS: [(u8, u8, u8); 7] = [
    (33, 102, 172),
    (103, 169, 207),
    (209, 229, 240),
    (247, 247, 247),
    (253, 219, 199),
    (239, 138, 98),
    (178, 24, 43),
];
/// Areas not in the sample or without a value.
pub const GREY: (u8, u8, u8) = (200, 200, 200);
/// Areas in the sample drawn without a value, where the input names why
/// ([`MapInput::no_value`]): a pale yellow, apart from the red–blue scale and
/// from the grey of the areas not in the sample.
pub const NO_VALUE: (u8, u8, u8) = (242, 230, 160);
const BORDER: (u8, u8, u8) = (150, 150, 150);
const COUNTY: (u8, u8, u8) = (70, 70, 70);
/// Stroke width of the group outlines.
const COUNTY_WIDTH: f64 = 0.9;
const OUTLINE: (u8, u8, u8) = (20, 20, 20);
const INK: (u8, u8, u8) = (33, 37, 41);
const MUTED: (u8, u8, u8) = (96, 103, 112);
const FRAME: (u8, u8, u8) = (140, 146, 153);

/// Class boundaries chosen from the values: symmetric around the centre, from
/// a short list of round steps, the widest class boundary the first that
/// covers 90 % of the in-sample |deviations| (so a few extreme areas do not
/// wash out the rest).
pub fn default_breaks(areas: &[MapArea], style: ValueStyle) -> [f64; 6] {
    let mut mags: Vec<f64> = areas
        .iter()
        .filter(|a| a.in_sample)
        .filter_map(|a| a.value)
        .filter(|v| v.is_finite() && (style == ValueStyle::Percent || *v > 0.0))
        .map(|v| match style {
            ValueStyle::Percent => v.abs(),
            ValueStyle::Ratio => v.max(1.0 / v),
        })
        .collect();
    mags.sort_by(f64::total_cmp);
    let q = if mags.is_empty() {
        0.0
    } else {
        mags[((mags.len() - 1) as f64 * 0.9).round() as usize]
    };
    match style {
        ValueStyle::Percent => {
            const STEPS: [[f64; 3]; 9] = [
                [2.0, 5.0, 10.0],
                [5.0, 10.0, 20.0],
                [5.0, 15.0, 30.0],
                [10.0, 25.0, 50.0],
                [10.0, 30.0, 60.0],
                [20.0, 50.0, 100.0],
                [25.0, 75.0, 150.0],
                [50.0, 100.0, 200.0],
                [100.0, 250.0, 500.0],
            ];
            let t = STEPS.iter().find(|t| t[2] >= q).unwrap_or(&STEPS[8]);
            [-t[2], -t[1], -t[0], t[0], t[1], t[2]]
        }
        ValueStyle::Ratio => {
            const STEPS: [[f64; 3]; 5] = [
                [1.05, 1.1, 1.2],
                [1.1, 1.25, 1.5],
                [1.25, 1.5, 2.0],
                [1.5, 2.0, 3.0],
                [2.0, 3.0, 5.0],
            ];
            let t = STEPS.iter().find(|t| t[2] >= q).unwrap_or(&STEPS[4]);
            let inv = |x: f64| (100.0 / x).round() / 100.0;
            [inv(t[2]), inv(t[1]), inv(t[0]), t[0], t[1], t[2]]
        }
    }
}

/// Colour class 0–6 of a value: the number of boundaries at or below it
/// (class k covers `[b[k−1], b[k])`).
pub fn class_of(v: f64, breaks: &[f64; 6]) -> usize {
    breaks.iter().filter(|b| v >= **b).count()
}

fn fmt_value(v: f64, style: ValueStyle, decimals: usize, lang: Lang) -> String {
    match style {
        ValueStyle::Percent => fmt::percent(v, decimals, lang),
        ValueStyle::Ratio => fmt::number(v, decimals.max(2), lang),
    }
}

/// Legend labels of the seven classes, lowest first, e.g. "under −30 %",
/// "−30 % till −15 %", …, "+30 % och mer".
pub fn legend_labels(breaks: &[f64; 6], style: ValueStyle, lang: Lang) -> [String; 7] {
    let d = breaks
        .iter()
        .map(|b| fmt::decimals_for_step(b.abs()))
        .max()
        .unwrap_or(0);
    let f = |x: f64| fmt_value(x, style, d, lang);
    let to = lang.msg().to;
    std::array::from_fn(|k| match k {
        0 => format!("{} {}", lang.msg().below, f(breaks[0])),
        6 => format!("{} {}", f(breaks[5]), lang.msg().or_more),
        k => format!("{} {to} {}", f(breaks[k - 1]), f(breaks[k])),
    })
}

/// Map input for one fit's deviations in % of the modelled value, from the
/// results contract alone: areas outside their (leave-one-out) prediction
/// interval are outlined; areas flagged by the interval or the outlier test are
/// named (as in the modelled-vs-actual chart); excluded rows are grey with
/// their reason in the tooltip.
pub fn deviation_input(r: &crate::results::ModelResult, lang: Lang) -> MapInput {
    use crate::flags::Flag;
    let unit = super::unit(r, lang);
    let val = |x: f64| {
        let n = fmt::number(x, 0, lang);
        if unit.is_empty() {
            n
        } else {
            format!("{n} {unit}")
        }
    };
    let mut areas: Vec<MapArea> = r
        .areas
        .iter()
        .map(|a| {
            let has = |f: Flag| a.flags.contains(&f);
            let outside = has(Flag::AboveInterval) || has(Flag::BelowInterval);
            MapArea {
                id: a.id.clone(),
                name: a.name.clone(),
                value: crate::report::deviation::shown_pct(a),
                outside,
                label: outside || has(Flag::Outlier),
                in_sample: true,
                details: [
                    format!("{}: {}", lang.msg().actual_2, val(a.actual)),
                    format!("{}: {}", lang.msg().modelled_2, val(a.modelled)),
                ]
                .into_iter()
                .chain(crate::report::deviation::percent_withheld(a).then(|| {
                    if crate::report::deviation::uncertain_modelled(a) {
                        lang.msg().no_percent_the_modelled_value_may_be_zero
                    } else {
                        lang.msg().no_percent_the_modelled_value_is_not_pos
                    }
                    .to_string()
                }))
                .collect(),
            }
        })
        .collect();
    for e in &r.excluded {
        if areas.iter().any(|a| a.id == e.id) {
            continue;
        }
        areas.push(MapArea {
            id: e.id.clone(),
            name: e.name.clone(),
            in_sample: false,
            details: vec![crate::i18n::reasons::exclusion(&e.reason, lang)],
            ..Default::default()
        });
    }
    MapInput {
        title: lang.msg().deviation_from_the_modelled_value.into(),
        subtitle: super::subtitle(r, lang),
        legend_title: lang.msg().deviation_from_the_modelled_value_actual.into(),
        value_label: lang.msg().deviation.into(),
        note: lang.msg().thick_outline_outside_the_prediction_int.into(),
        style: ValueStyle::Percent,
        breaks: None,
        areas,
        no_value: lang.msg().map_no_percent.into(),
    }
}

// ---------------------------------------------------------------------------
// Scene: what to draw, in pixels, shared by the SVG writer and the PNG painter.

type Px = (f64, f64);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Fill {
    Class(usize),
    Grey,
    /// In the sample, without a value ([`MapInput::no_value`]).
    NoValue,
}

impl Fill {
    fn rgb(self) -> (u8, u8, u8) {
        match self {
            Fill::Class(k) => COLOURS[k],
            Fill::Grey => GREY,
            Fill::NoValue => NO_VALUE,
        }
    }
    fn css(self) -> String {
        match self {
            Fill::Class(k) => format!("c{k}"),
            Fill::Grey => "na".into(),
            Fill::NoValue => "nv".into(),
        }
    }
}

enum Prim {
    Area {
        /// `Some(svg id)` for the main map's copy.
        svg_id: Option<String>,
        data_id: String,
        fill: Fill,
        outside: bool,
        /// Its rings (holes marked), the same in every map of the layout.
        geom: Arc<Geom>,
        title: String,
    },
    Lines {
        class: &'static str,
        rgb: (u8, u8, u8),
        width: f64,
        lines: Arc<Geom>,
    },
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: Option<(u8, u8, u8)>,
        stroke: Option<((u8, u8, u8), f64)>,
        opacity: f64,
    },
    Text {
        x: f64,
        /// Baseline.
        y: f64,
        text: String,
        size: f64,
        bold: bool,
        rgb: (u8, u8, u8),
    },
}

struct Scene {
    w: u32,
    h: u32,
    title: String,
    prims: Vec<Prim>,
    /// The layout the areas and group outlines come from.
    layout: Arc<Layout>,
}

/// Rings or lines in pixels, with their SVG path data; for a layout kept
/// across maps ([`Layout::of`]) also their place among its recorded
/// paintings.
struct Geom {
    rings: Vec<Vec<Px>>,
    /// Per ring: a hole (the PNG paints holes with the background, then
    /// enclaved areas over them). Empty for lines.
    holes: Vec<bool>,
    /// SVG path data: closed rings for an area, open lines otherwise.
    d: String,
    /// How the PNG paints it (an area's fill colour varies by map).
    paint: GeomPaint,
    /// Index into [`Layout::recorded`]'s paintings.
    k: Option<usize>,
}

#[derive(Clone, Copy, PartialEq)]
enum GeomPaint {
    /// Fill (holes white), then the border at 0.8 alpha.
    Area,
    /// Lines of this colour and stroke width in pixels.
    Lines((u8, u8, u8), u32),
}

impl Geom {
    fn area(rings: Vec<Vec<Px>>, holes: Vec<bool>, k: Option<usize>) -> Geom {
        Geom {
            d: path_d(&rings, true),
            rings,
            holes,
            paint: GeomPaint::Area,
            k,
        }
    }
    fn lines(lines: Vec<Vec<Px>>, rgb: (u8, u8, u8), width: f64, k: Option<usize>) -> Geom {
        Geom {
            d: path_d(&lines, false),
            rings: lines,
            holes: Vec::new(),
            paint: GeomPaint::Lines(rgb, stroke_px(width)),
            k,
        }
    }
}

/// A stroke width in whole pixels, as the PNG draws it.
fn stroke_px(width: f64) -> u32 {
    width.round().max(1.0) as u32
}

/// The stand-in fill colour areas are recorded in ([`Layout::recorded`]).
const STAND_IN: (u8, u8, u8) = (1, 2, 3);
const WHITE_RGB: (u8, u8, u8) = (255, 255, 255);

/// What a map draws the same way whatever its values: for each panel, every
/// area's rings in pixels (clipped to an inset) and the group outlines, and
/// per area its size and label point. Each year of a report (and every
/// report on the built-in municipalities) has the same layout, so for those
/// boundaries it is made once per process ([`Layout::of`]), with the SVG
/// path data and, per image size, a recording of the areas' and outlines'
/// painting ([`pixels::Recorder`]) that each map replays in its own colours.
/// Measured on the shipped specs' `report` (53 maps, perf): the maps went
/// from 23 % to 16 % of the run's CPU, the replay 3 %; peak RSS 2–3 MB
/// higher.
struct Layout {
    /// Per panel, per area in painting order (`order` in [`Map::scene`]):
    /// its geometry, `None` when nothing of it shows in the panel.
    areas: Vec<Vec<Option<Arc<Geom>>>>,
    /// Per panel: the group outlines.
    outlines: Vec<Arc<Geom>>,
    /// Per area in painting order: the largest outer ring's area (m²) and
    /// the label point.
    shapes: Vec<(f64, Point)>,
    /// Every geometry with an index (`Geom::k`), in that order.
    indexed: Vec<Arc<Geom>>,
    /// Paintings recorded, by image size: one list of operations per
    /// indexed geometry.
    recordings: std::sync::Mutex<Vec<((u32, u32), Recording)>>,
}

/// One list of pixel operations per indexed geometry of a layout.
type Recording = Arc<Vec<Vec<pixels::Op>>>;

type LayoutKey = Vec<[u64; 7]>;

impl Layout {
    /// The layout of `order` (the boundaries' shapes in painting order) and
    /// `outlines` in `panels`: kept and shared for the built-in
    /// municipalities, made afresh for other boundaries.
    fn of(
        b: &Boundaries,
        order: &[&geo::Shape],
        outlines: &[Vec<Point>],
        panels: &[Panel],
    ) -> Arc<Layout> {
        static KEPT: std::sync::Mutex<Vec<(LayoutKey, Arc<Layout>)>> =
            std::sync::Mutex::new(Vec::new());
        let built_in = Boundaries::municipalities().is_ok_and(|m| std::ptr::eq(m, b));
        if !built_in {
            return Arc::new(Layout::build(order, outlines, panels, false));
        }
        let key: LayoutKey = panels
            .iter()
            .map(|p| [p.x, p.y, p.w, p.h, p.e0, p.n1, p.s].map(f64::to_bits))
            .collect();
        let mut kept = KEPT.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, l)) = kept.iter().find(|(k, _)| *k == key) {
            return l.clone();
        }
        let l = Arc::new(Layout::build(order, outlines, panels, true));
        kept.push((key, l.clone()));
        l
    }

    fn build(
        order: &[&geo::Shape],
        outlines: &[Vec<Point>],
        panels: &[Panel],
        index: bool,
    ) -> Layout {
        let mut indexed: Vec<Arc<Geom>> = Vec::new();
        let keep = |g: Arc<Geom>, indexed: &mut Vec<Arc<Geom>>| {
            if index {
                indexed.push(g.clone());
            }
            g
        };
        let mut areas = Vec::new();
        let mut lines = Vec::new();
        for (pi, panel) in panels.iter().enumerate() {
            let rect = (panel.x, panel.y, panel.x + panel.w, panel.y + panel.h);
            let mut row = Vec::with_capacity(order.len());
            for s in order {
                let mut rings = Vec::new();
                let mut holes = Vec::new();
                for poly in &s.polygons {
                    for (ri, ring) in poly.iter().enumerate() {
                        let px: Vec<Px> = ring.iter().map(|p| panel.px(p)).collect();
                        let px = if pi == 0 { px } else { clip_ring(&px, rect) };
                        if px.len() >= 3 {
                            rings.push(px);
                            holes.push(ri > 0);
                        }
                    }
                }
                row.push((!rings.is_empty()).then(|| {
                    let k = index.then_some(indexed.len());
                    keep(Arc::new(Geom::area(rings, holes, k)), &mut indexed)
                }));
            }
            areas.push(row);
            let px_lines: Vec<Vec<Px>> = outlines
                .iter()
                .flat_map(|l| {
                    let px: Vec<Px> = l.iter().map(|p| panel.px(p)).collect();
                    if pi == 0 {
                        vec![px]
                    } else {
                        clip_line(&px, rect)
                    }
                })
                .collect();
            let k = index.then_some(indexed.len());
            lines.push(keep(
                Arc::new(Geom::lines(px_lines, COUNTY, COUNTY_WIDTH, k)),
                &mut indexed,
            ));
        }
        let shapes = order
            .iter()
            .map(|s| {
                let size = s
                    .polygons
                    .iter()
                    .filter_map(|p| p.first())
                    .map(|r| ring_area(r).abs())
                    .fold(0.0, f64::max);
                (size, label_point(s))
            })
            .collect();
        Layout {
            areas,
            outlines: lines,
            shapes,
            indexed,
            recordings: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// The painting of every indexed geometry into a `w × h` image, recorded
    /// on first use; `None` for a layout without indexed geometry.
    fn recorded(&self, w: u32, h: u32) -> Option<Recording> {
        if self.indexed.is_empty() {
            return None;
        }
        let mut rec = self.recordings.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, r)) = rec.iter().find(|(size, _)| *size == (w, h)) {
            return Some(r.clone());
        }
        let mut pts = Vec::new();
        let all: Vec<Vec<pixels::Op>> = self
            .indexed
            .iter()
            .map(|g| match g.paint {
                GeomPaint::Area => {
                    let mut cv = pixels::Canvas::recorder(w, h, &AREA_PALETTE_STAND_IN);
                    paint_area(&mut cv, &mut pts, g, STAND_IN);
                    cv.take_ops()
                }
                GeomPaint::Lines(c, sw) => {
                    let mut cv = pixels::Canvas::recorder(w, h, &[c]);
                    paint_lines(&mut cv, &mut pts, &g.rings, c, sw);
                    cv.take_ops()
                }
            })
            .collect();
        let all = Arc::new(all);
        rec.push(((w, h), all.clone()));
        Some(all)
    }
}

/// The colours an area is recorded in: the stand-in fill, the holes' white,
/// the border.
const AREA_PALETTE_STAND_IN: [(u8, u8, u8); 3] = [STAND_IN, WHITE_RGB, BORDER];

/// An area as the PNG paints it: its rings filled (holes white), then each
/// ring's border.
fn paint_area<S: pixels::Sink>(
    cv: &mut pixels::Canvas<S>,
    pts: &mut Vec<(i32, i32)>,
    g: &Geom,
    fill: (u8, u8, u8),
) {
    for (r, hole) in g.rings.iter().zip(&g.holes) {
        pts.clear();
        pts.extend(r.iter().map(ipt));
        cv.fill_polygon(pts, if *hole { WHITE_RGB } else { fill });
    }
    for r in &g.rings {
        pts.clear();
        pts.extend(r.iter().map(ipt));
        pts.push(pts[0]);
        cv.path(pts, BORDER, 0.8);
    }
}

/// Lines as the PNG paints them, `sw` pixels wide.
fn paint_lines<S: pixels::Sink>(
    cv: &mut pixels::Canvas<S>,
    pts: &mut Vec<(i32, i32)>,
    lines: &[Vec<Px>],
    c: (u8, u8, u8),
    sw: u32,
) {
    for l in lines {
        pts.clear();
        pts.extend(l.iter().map(ipt));
        cv.wide_path(pts, c, sw);
    }
}

/// A panel: where a box of SWEREF 99 TM metres is drawn.
#[derive(Debug, Clone, Copy)]
struct Panel {
    /// Pixel rectangle.
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    /// Metres shown: min E, max N, and the scale (pixels per metre).
    e0: f64,
    n1: f64,
    s: f64,
}

impl Panel {
    /// Fit the box `(e0, n0, e1, n1)` into the rectangle, centred, keeping the
    /// aspect ratio (the box grows to fill the rectangle).
    fn fit(x: f64, y: f64, w: f64, h: f64, b: (f64, f64, f64, f64)) -> Panel {
        let (bw, bh) = ((b.2 - b.0).max(1.0), (b.3 - b.1).max(1.0));
        let s = (w / bw).min(h / bh);
        let (cx, cy) = ((b.0 + b.2) / 2.0, (b.1 + b.3) / 2.0);
        Panel {
            x,
            y,
            w,
            h,
            e0: cx - w / 2.0 / s,
            n1: cy + h / 2.0 / s,
            s,
        }
    }
    fn px(&self, p: &Point) -> Px {
        (
            self.x + (p[0] - self.e0) * self.s,
            self.y + (self.n1 - p[1]) * self.s,
        )
    }
    fn contains(&self, p: Px) -> bool {
        p.0 >= self.x && p.0 <= self.x + self.w && p.1 >= self.y && p.1 <= self.y + self.h
    }
}

/// Sutherland–Hodgman clipping of a closed ring to an axis-aligned rectangle.
fn clip_ring(ring: &[Px], r: (f64, f64, f64, f64)) -> Vec<Px> {
    let mut pts: Vec<Px> = ring.to_vec();
    // Edges: x ≥ x0, x ≤ x1, y ≥ y0, y ≤ y1.
    for edge in 0..4 {
        if pts.is_empty() {
            break;
        }
        let inside = |p: &Px| match edge {
            0 => p.0 >= r.0,
            1 => p.0 <= r.2,
            2 => p.1 >= r.1,
            _ => p.1 <= r.3,
        };
        let cross = |a: &Px, b: &Px| -> Px {
            let t = match edge {
                0 => (r.0 - a.0) / (b.0 - a.0),
                1 => (r.2 - a.0) / (b.0 - a.0),
                2 => (r.1 - a.1) / (b.1 - a.1),
                _ => (r.3 - a.1) / (b.1 - a.1),
            };
            (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1))
        };
        let mut out = Vec::with_capacity(pts.len());
        for i in 0..pts.len() {
            let (a, b) = (&pts[i], &pts[(i + 1) % pts.len()]);
            match (inside(a), inside(b)) {
                (true, true) => out.push(*b),
                (true, false) => out.push(cross(a, b)),
                (false, true) => {
                    out.push(cross(a, b));
                    out.push(*b);
                }
                (false, false) => {}
            }
        }
        pts = out;
    }
    pts
}

/// Clip a polyline to a rectangle (Liang–Barsky per segment), splitting it
/// where it leaves.
fn clip_line(line: &[Px], r: (f64, f64, f64, f64)) -> Vec<Vec<Px>> {
    let mut out: Vec<Vec<Px>> = Vec::new();
    let mut cur: Vec<Px> = Vec::new();
    for w in line.windows(2) {
        let (a, b) = (w[0], w[1]);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        let mut keep = true;
        for (p, q) in [
            (-dx, a.0 - r.0),
            (dx, r.2 - a.0),
            (-dy, a.1 - r.1),
            (dy, r.3 - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    keep = false;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
            }
        }
        if !keep || t0 > t1 {
            if cur.len() > 1 {
                out.push(std::mem::take(&mut cur));
            }
            cur.clear();
            continue;
        }
        let p0 = (a.0 + t0 * dx, a.1 + t0 * dy);
        let p1 = (a.0 + t1 * dx, a.1 + t1 * dy);
        if cur.last() != Some(&p0) {
            if cur.len() > 1 {
                out.push(std::mem::take(&mut cur));
            }
            cur = vec![p0];
        }
        cur.push(p1);
        if t1 < 1.0 {
            out.push(std::mem::take(&mut cur));
        }
    }
    if cur.len() > 1 {
        out.push(cur);
    }
    out
}

fn ring_area(r: &[Point]) -> f64 {
    r.windows(2)
        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
        .sum::<f64>()
        / 2.0
}

/// Where to put an area's label: the centroid of its largest polygon's outer
/// ring (shoelace formula), or the ring's first point for a degenerate ring.
fn label_point(shape: &geo::Shape) -> Point {
    let Some(ring) = shape
        .polygons
        .iter()
        .filter_map(|p| p.first())
        .max_by(|a, b| ring_area(a).abs().total_cmp(&ring_area(b).abs()))
    else {
        return [0.0, 0.0];
    };
    let a = ring_area(ring);
    if a.abs() < 1e-9 {
        return ring[0];
    }
    let (mut cx, mut cy) = (0.0, 0.0);
    for w in ring.windows(2) {
        let c = w[0][0] * w[1][1] - w[1][0] * w[0][1];
        cx += (w[0][0] + w[1][0]) * c;
        cy += (w[0][1] + w[1][1]) * c;
    }
    [cx / (6.0 * a), cy / (6.0 * a)]
}

fn fonts() -> Option<&'static (FontRef<'static>, FontRef<'static>)> {
    static F: std::sync::OnceLock<Option<(FontRef<'static>, FontRef<'static>)>> =
        std::sync::OnceLock::new();
    F.get_or_init(|| {
        Some((
            FontRef::try_from_slice(dejavu::sans::regular()).ok()?,
            FontRef::try_from_slice(dejavu::sans::bold()).ok()?,
        ))
    })
    .as_ref()
}

/// Advance width of `text` in pixels at font size `em` (CSS px), DejaVu Sans.
fn text_width(text: &str, em: f64, bold: bool) -> f64 {
    let Some((r, b)) = fonts() else {
        return text.chars().count() as f64 * em * 0.6;
    };
    let font = if bold { b } else { r };
    let upem = font.units_per_em().unwrap_or(2048.0);
    let sf = font.as_scaled(PxScale::from(em as f32 * font.height_unscaled() / upem));
    let mut w = 0.0f32;
    let mut prev = None;
    for ch in text.chars() {
        let id = sf.glyph_id(ch);
        if let Some(p) = prev {
            w += sf.kern(p, id);
        }
        w += sf.h_advance(id);
        prev = Some(id);
    }
    f64::from(w)
}

/// Greedy word wrap to `max_w` pixels.
fn wrap(text: &str, em: f64, max_w: f64) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut cur = String::new();
        for word in para.split(' ') {
            let cand = if cur.is_empty() {
                word.to_string()
            } else {
                format!("{cur} {word}")
            };
            if !cur.is_empty() && text_width(&cand, em, false) > max_w {
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
    lines
}

/// A map: boundaries plus the values to show.
#[derive(Debug, Clone, Copy)]
pub struct Map<'a> {
    pub boundaries: &'a Boundaries,
    pub input: &'a MapInput,
}

impl<'a> Map<'a> {
    pub fn new(boundaries: &'a Boundaries, input: &'a MapInput) -> Self {
        Map { boundaries, input }
    }

    /// Area ids of the input that have no boundary (listed under the map too).
    pub fn unmatched(&self) -> Vec<&'a str> {
        let ids: HashSet<&str> = self
            .boundaries
            .shapes
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        self.input
            .areas
            .iter()
            .filter(|a| !ids.contains(a.id.as_str()))
            .map(|a| a.id.as_str())
            .collect()
    }

    /// The class boundaries used: the input's, or [`default_breaks`].
    pub fn breaks(&self) -> [f64; 6] {
        self.input
            .breaks
            .unwrap_or_else(|| default_breaks(&self.input.areas, self.input.style))
    }

    /// Pixel size of the drawing.
    pub fn size(&self, o: &MapOptions) -> Result<(u32, u32), MapError> {
        let s = self.scene(o)?;
        Ok((s.w, s.h))
    }

    /// The map as an SVG document.
    pub fn svg(&self, o: &MapOptions) -> Result<String, MapError> {
        Ok(write_svg(&self.scene(o)?))
    }

    /// The map as PNG bytes (8-bit RGB).
    pub fn png(&self, o: &MapOptions) -> Result<Vec<u8>, MapError> {
        super::ensure_fonts()?;
        let scene = self.scene(o)?;
        let (w, h) = (scene.w, scene.h);
        let mut rgb = vec![0u8; w as usize * h as usize * 3];
        paint_rgb(&mut rgb, &scene)?;
        Ok(super::encode_png(&rgb, w, h)?)
    }

    /// The map as SVG text and PNG bytes, the same as [`Map::svg`] and
    /// [`Map::png`], laid out once.
    pub fn svg_and_png(&self, o: &MapOptions) -> Result<(String, Vec<u8>), MapError> {
        let scene = self.scene(o)?;
        let svg = write_svg(&scene);
        super::ensure_fonts()?;
        let (w, h) = (scene.w, scene.h);
        let mut rgb = vec![0u8; w as usize * h as usize * 3];
        paint_rgb(&mut rgb, &scene)?;
        Ok((svg, super::encode_png(&rgb, w, h)?))
    }

    fn scene(&self, o: &MapOptions) -> Result<Scene, MapError> {
        let lang = o.lang;
        let input = self.input;
        if o.width < 320 {
            return Err(PlotError::Size {
                width: o.width,
                height: 0,
            }
            .into());
        }
        let by_id: BTreeMap<&str, &MapArea> =
            input.areas.iter().map(|a| (a.id.as_str(), a)).collect();
        let unmatched = self.unmatched();
        if !input.areas.is_empty() && unmatched.len() == input.areas.len() {
            let list = |v: Vec<&str>| {
                let n = v.len();
                let mut s = v.into_iter().take(4).collect::<Vec<_>>().join(", ");
                if n > 4 {
                    s.push_str(", …");
                }
                s
            };
            return Err(MapError::NoMatch {
                source_file: self.boundaries.source.clone(),
                n: input.areas.len(),
                areas: list(unmatched),
                bounds: list(
                    self.boundaries
                        .shapes
                        .iter()
                        .map(|s| s.id.as_str())
                        .collect(),
                ),
            });
        }
        let breaks = self.breaks();
        let legend = legend_labels(&breaks, input.style, lang);

        const PAD: f64 = 14.0;
        let w = f64::from(o.width);
        let mut prims = Vec::new();
        let mut top = 8.0;
        if !input.title.is_empty() {
            prims.push(Prim::Text {
                x: PAD,
                y: 10.0 + 0.76 * 15.3,
                text: input.title.clone(),
                size: 15.3,
                bold: true,
                rgb: INK,
            });
            top = 34.0;
            if !input.subtitle.is_empty() {
                prims.push(Prim::Text {
                    x: PAD,
                    y: top + 0.76 * 11.3,
                    text: input.subtitle.clone(),
                    size: 11.3,
                    bold: false,
                    rgb: MUTED,
                });
                top += 20.0;
            }
            top += 6.0;
        }

        // Layout: the main map, then insets in a column beside it, or (without
        // insets) the legend beside the map.
        let bb = self.boundaries.bbox();
        let (bw, bh) = ((bb.2 - bb.0).max(1.0), (bb.3 - bb.1).max(1.0));
        let aw = w - 2.0 * PAD;
        let legend_w = 230.0;
        let (main, inset_panels) = if o.insets.is_empty() {
            let mw = aw - legend_w - 12.0;
            let mh = (mw * bh / bw).min(1.3 * w).max(160.0);
            (Panel::fit(PAD, top, mw, mh, bb), Vec::new())
        } else {
            let mw = (aw * 0.52).round();
            let mh = (mw * bh / bw).max(3.0 * 150.0);
            let main = Panel::fit(PAD, top, mw, mh, bb);
            let ix = PAD + mw + 12.0;
            let iw = w - PAD - ix;
            let gap = 12.0;
            let ih = (mh - gap * (o.insets.len() as f64 - 1.0)) / o.insets.len() as f64;
            let panels = o
                .insets
                .iter()
                .enumerate()
                .map(|(i, inset)| {
                    let [w0, s0, e1, n1] = inset.lon_lat;
                    let corners: Vec<Point> = [
                        (w0, s0),
                        (e1, s0),
                        (w0, n1),
                        (e1, n1),
                        ((w0 + e1) / 2.0, s0),
                        ((w0 + e1) / 2.0, n1),
                    ]
                    .iter()
                    .filter_map(|(lo, la)| geo::sweref99tm(*lo, *la).ok())
                    .collect();
                    let b = geo::bbox(corners.iter());
                    let y = top + i as f64 * (ih + gap);
                    // Caption row above the panel.
                    (inset, Panel::fit(ix, y + 20.0, iw, ih - 20.0, b))
                })
                .collect::<Vec<_>>();
            (main, panels)
        };
        let map_bottom = if inset_panels.is_empty() {
            main.y + main.h
        } else {
            main.y
                + main.h.max(
                    inset_panels
                        .last()
                        .map(|(_, p)| p.y + p.h - top)
                        .unwrap_or(0.0),
                )
        };

        // Areas: shapes with holes first (the PNG paints holes with the
        // background, then enclaved areas over them).
        let mut order: Vec<&geo::Shape> = self.boundaries.shapes.iter().collect();
        order.sort_by_key(|s| !s.polygons.iter().any(|p| p.len() > 1));
        let mut used_ids: HashSet<String> = HashSet::new();
        let not_in = lang.msg().not_in_the_sample;
        let no_data = lang.msg().no_data;
        let area_info = |s: &geo::Shape| -> (Fill, bool, String, String) {
            let a = by_id.get(s.id.as_str());
            let name = a
                .map(|a| a.name.trim())
                .filter(|n| !n.is_empty())
                .unwrap_or(&s.name)
                .to_string();
            let mut title = if name == s.id {
                name.clone()
            } else {
                format!("{name} ({})", s.id)
            };
            let Some(a) = a else {
                title.push('\n');
                title.push_str(no_data);
                return (Fill::Grey, false, title, name);
            };
            let fill = match a.value {
                Some(v) if a.in_sample && v.is_finite() => Fill::Class(class_of(v, &breaks)),
                _ if a.in_sample && !input.no_value.is_empty() => Fill::NoValue,
                _ => Fill::Grey,
            };
            if let Some(v) = a.value.filter(|v| v.is_finite()) {
                let label = if input.value_label.is_empty() {
                    lang.msg().value
                } else {
                    &input.value_label
                };
                let _ = write!(title, "\n{label}: {}", fmt_value(v, input.style, 1, lang));
            }
            if !a.in_sample {
                let _ = write!(title, "\n{not_in}");
            }
            if a.outside {
                let _ = write!(title, "\n{}", lang.msg().outside_the_prediction_interval);
            }
            for d in &a.details {
                let _ = write!(title, "\n{d}");
            }
            (fill, a.outside && a.in_sample, title, name)
        };

        // Group (county) outlines only where the boundaries have groups: a
        // district file's polygons need not share vertices, and its "outer
        // edges" would then include pieces of interior borders.
        let outlines = if self.boundaries.shapes.iter().any(|s| s.group.is_some()) {
            outlines_of(self.boundaries)
        } else {
            std::borrow::Cow::Owned(Vec::new())
        };
        let mut skipped_labels = 0usize;
        let panels: Vec<(Option<&Inset>, Panel)> = std::iter::once((None, main))
            .chain(inset_panels.iter().map(|(i, p)| (Some(*i), *p)))
            .collect();
        let layout = Layout::of(
            self.boundaries,
            &order,
            &outlines,
            &panels.iter().map(|(_, p)| *p).collect::<Vec<_>>(),
        );
        let mut outside_lines: Vec<Vec<Px>> = Vec::new();
        // (panel, name, point, flagged, size in m²) of names to write.
        let mut label_items: Vec<(usize, String, Px, bool, f64)> = Vec::new();
        // Each area's fill, flag, tooltip and name, made once for all panels.
        let mut infos: Vec<Option<(Fill, bool, String, String)>> = vec![None; order.len()];
        for (pi, (_, panel)) in panels.iter().enumerate() {
            for (j, s) in order.iter().enumerate() {
                let Some(geom) = &layout.areas[pi][j] else {
                    continue;
                };
                let (fill, outside, title, name) =
                    infos[j].get_or_insert_with(|| area_info(s)).clone();
                if outside {
                    for r in &geom.rings {
                        let mut l = r.clone();
                        l.push(r[0]);
                        outside_lines.push(l);
                    }
                }
                let svg_id = (pi == 0).then(|| {
                    let mut base: String =
                        s.id.chars()
                            .map(|c| {
                                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                                    c
                                } else {
                                    '_'
                                }
                            })
                            .collect();
                    base = format!("area-{base}");
                    let mut id = base.clone();
                    let mut k = 2;
                    while !used_ids.insert(id.clone()) {
                        id = format!("{base}-{k}");
                        k += 1;
                    }
                    id
                });
                prims.push(Prim::Area {
                    svg_id,
                    data_id: s.id.clone(),
                    fill,
                    outside,
                    geom: geom.clone(),
                    title,
                });
                let flagged = by_id.get(s.id.as_str()).is_some_and(|a| a.label);
                let (size, label_at) = layout.shapes[j];
                if !flagged && pi > 0 {
                    // Inset panels name every area whose name fits, so a reader
                    // can find their way (placed after the flagged names).
                    let lp = panel.px(&label_at);
                    if panel.contains(lp) {
                        label_items.push((pi, name.clone(), lp, false, size));
                    }
                }
                if flagged {
                    let lp = panel.px(&label_at);
                    // Label in the first inset showing it, else on the main map.
                    let in_inset = panels
                        .iter()
                        .skip(1)
                        .position(|(_, p)| p.contains(p.px(&label_at)))
                        .map(|i| i + 1);
                    let home = in_inset.unwrap_or(0);
                    if home == pi && panel.contains(lp) {
                        label_items.push((pi, name, lp, true, size));
                    }
                }
            }
            // County (group) outlines.
            prims.push(Prim::Lines {
                class: "county",
                rgb: COUNTY,
                width: COUNTY_WIDTH,
                lines: layout.outlines[pi].clone(),
            });
            prims.push(Prim::Lines {
                class: "outside-line",
                rgb: OUTLINE,
                width: 1.6,
                lines: Arc::new(Geom::lines(
                    std::mem::take(&mut outside_lines),
                    OUTLINE,
                    1.6,
                    None,
                )),
            });
            if pi > 0 {
                prims.push(Prim::Rect {
                    x: panel.x,
                    y: panel.y,
                    w: panel.w,
                    h: panel.h,
                    fill: None,
                    stroke: Some((FRAME, 1.0)),
                    opacity: 1.0,
                });
            }
        }
        // Inset captions and their boxes on the main map.
        for (inset, p) in &inset_panels {
            prims.push(Prim::Text {
                x: p.x,
                y: p.y - 6.0,
                text: inset.title.clone(),
                size: 11.3,
                bold: true,
                rgb: INK,
            });
            let a = main.px(&[p.e0, p.n1]);
            let b = main.px(&[p.e0 + p.w / p.s, p.n1 - p.h / p.s]);
            prims.push(Prim::Rect {
                x: a.0,
                y: a.1,
                w: b.0 - a.0,
                h: b.1 - a.1,
                fill: None,
                stroke: Some((MUTED, 1.0)),
                opacity: 1.0,
            });
        }

        // Labels of flagged areas, per panel, placed so they do not overlap.
        let label_em = 9.7;
        for (pi, (_, panel)) in panels.iter().enumerate() {
            let items: Vec<&(usize, String, Px, bool, f64)> = label_items
                .iter()
                .filter(|(p, _, _, flagged, _)| *p == pi && *flagged)
                .collect();
            let mut context: Vec<&(usize, String, Px, bool, f64)> = label_items
                .iter()
                .filter(|(p, _, _, flagged, _)| *p == pi && !*flagged)
                .collect();
            // Largest areas first: they orient a reader best.
            context.sort_by(|a, b| b.4.total_cmp(&a.4).then(a.1.cmp(&b.1)));
            let reqs: Vec<labels::LabelRequest> = items
                .iter()
                .map(|(_, t, p, _, _)| labels::LabelRequest {
                    point: (p.0.round() as i32, p.1.round() as i32),
                    size: (
                        text_width(t, label_em, true).ceil() as i32 + 4,
                        (label_em * 1.3).ceil() as i32,
                    ),
                })
                .collect();
            let bounds = labels::Rect {
                x0: panel.x as i32,
                y0: panel.y as i32,
                x1: (panel.x + panel.w) as i32,
                y1: (panel.y + panel.h) as i32,
            };
            let pts: Vec<(i32, i32)> = reqs.iter().map(|r| r.point).collect();
            let placed = labels::place(&reqs, bounds, &pts, &[], 3);
            let mut taken: Vec<labels::Rect> = placed.iter().flatten().map(|p| p.rect).collect();
            for (_, text, p, _, _) in context {
                let (tw, th) = (text_width(text, 8.6, false).ceil() as i32 + 2, 11);
                let (cx, cy) = (p.0.round() as i32, p.1.round() as i32);
                let r = labels::Rect {
                    x0: cx - tw / 2,
                    y0: cy - th / 2,
                    x1: cx - tw / 2 + tw,
                    y1: cy - th / 2 + th,
                };
                if !bounds.contains_rect(&r) || taken.iter().any(|t| t.overlaps(&r)) {
                    continue;
                }
                taken.push(r);
                // A faint halo keeps the name readable on the dark classes.
                prims.push(Prim::Rect {
                    x: f64::from(r.x0),
                    y: f64::from(r.y0) + 1.0,
                    w: f64::from(tw),
                    h: f64::from(th) - 1.0,
                    fill: Some((255, 255, 255)),
                    stroke: None,
                    opacity: 0.55,
                });
                prims.push(Prim::Text {
                    x: f64::from(r.x0) + 1.0,
                    y: f64::from(r.y0) + 0.5 + 0.76 * 8.6 * 1.15,
                    text: text.clone(),
                    size: 8.6,
                    bold: false,
                    rgb: MUTED,
                });
            }
            for ((_, text, p, _, _), pl) in items.iter().zip(placed) {
                let Some(pl) = pl else {
                    skipped_labels += 1;
                    continue;
                };
                if pl.leader {
                    let end = pl.anchor_towards((p.0 as i32, p.1 as i32));
                    prims.push(Prim::Lines {
                        class: "leader",
                        rgb: MUTED,
                        width: 0.8,
                        lines: Arc::new(Geom::lines(
                            vec![vec![*p, (f64::from(end.0), f64::from(end.1))]],
                            MUTED,
                            0.8,
                            None,
                        )),
                    });
                }
                prims.push(Prim::Rect {
                    x: f64::from(pl.rect.x0),
                    y: f64::from(pl.rect.y0),
                    w: f64::from(pl.rect.x1 - pl.rect.x0),
                    h: f64::from(pl.rect.y1 - pl.rect.y0),
                    fill: Some((255, 255, 255)),
                    stroke: None,
                    opacity: 0.8,
                });
                prims.push(Prim::Text {
                    x: f64::from(pl.top_left.0) + 2.0,
                    y: f64::from(pl.top_left.1) + 1.0 + 0.76 * label_em * 1.15,
                    text: text.clone(),
                    size: label_em,
                    bold: true,
                    rgb: INK,
                });
            }
        }

        // Legend: top-left of the main map (north-west of Sweden is Norway), or
        // beside a district map.
        let (lx, ly) = if o.insets.is_empty() {
            (main.x + main.w + 12.0, main.y + 4.0)
        } else {
            (main.x + 2.0, main.y + 4.0)
        };
        let mut y = ly;
        let title_lines = wrap(
            if input.legend_title.is_empty() {
                lang.msg().deviation
            } else {
                &input.legend_title
            },
            10.9,
            legend_w - 8.0,
        );
        for l in &title_lines {
            prims.push(Prim::Text {
                x: lx,
                y: y + 0.76 * 10.9 + 2.0,
                text: l.clone(),
                size: 10.9,
                bold: true,
                rgb: INK,
            });
            y += 16.0;
        }
        y += 4.0;
        let row = 18.0;
        let swatch = |prims: &mut Vec<Prim>, y: f64, fill: (u8, u8, u8), thick: bool| {
            prims.push(Prim::Rect {
                x: lx,
                y: y + 2.0,
                w: 22.0,
                h: 12.0,
                fill: Some(fill),
                stroke: Some(if thick { (OUTLINE, 1.6) } else { (BORDER, 0.6) }),
                opacity: 1.0,
            });
        };
        let text = |prims: &mut Vec<Prim>, y: f64, t: String| {
            prims.push(Prim::Text {
                x: lx + 30.0,
                y: y + 0.76 * 10.9 + 2.5,
                text: t,
                size: 10.9,
                bold: false,
                rgb: INK,
            });
        };
        // Highest first, as a reader expects "more" at the top.
        for k in (0..7).rev() {
            swatch(&mut prims, y, COLOURS[k], false);
            text(&mut prims, y, legend[k].clone());
            y += row;
        }
        swatch(&mut prims, y, GREY, false);
        text(&mut prims, y, not_in.to_string());
        y += row;
        if !input.no_value.is_empty()
            && input
                .areas
                .iter()
                .any(|a| a.in_sample && !a.value.is_some_and(f64::is_finite))
        {
            swatch(&mut prims, y, NO_VALUE, false);
            text(&mut prims, y, input.no_value.clone());
            y += row;
        }
        swatch(&mut prims, y, (255, 255, 255), true);
        text(
            &mut prims,
            y,
            lang.msg().outside_the_prediction_interval.to_string(),
        );
        y += row;

        // Note under the map: the caller's note, unmatched ids, credit.
        let mut note = input.note.trim().to_string();
        if skipped_labels > 0 {
            if !note.is_empty() {
                note.push(' ');
            }
            let _ = write!(
                note,
                "{skipped_labels} {}",
                lang.msg().flagged_names_did_not_fit_on
            );
        }
        if !unmatched.is_empty() {
            let mut u: Vec<&str> = unmatched.iter().take(8).copied().collect();
            if unmatched.len() > 8 {
                u.push("…");
            }
            if !note.is_empty() {
                note.push('\n');
            }
            let _ = write!(
                note,
                "{} {}: {}",
                unmatched.len(),
                lang.msg().areas_have_no_boundary_in_the,
                u.join(", ")
            );
        }
        let credit = if self.boundaries.source == geo::KOMMUNER_SOURCE {
            lang.msg()
                .municipal_boundaries_okfse_sweden_geojso
                .to_string()
        } else {
            format!(
                "{}: {}. {}",
                lang.msg().boundaries,
                std::path::Path::new(&self.boundaries.source)
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                lang.msg().sweref_99_tm_projection
            )
        };
        if !note.is_empty() {
            note.push('\n');
        }
        note.push_str(&credit);
        let mut ny = map_bottom.max(y) + 10.0;
        for l in wrap(&note, 10.5, aw) {
            prims.push(Prim::Text {
                x: PAD,
                y: ny + 0.76 * 10.5 + 1.0,
                text: l,
                size: 10.5,
                bold: false,
                rgb: MUTED,
            });
            ny += 15.0;
        }
        let h = (ny + 8.0).ceil() as u32;
        Ok(Scene {
            w: o.width,
            h,
            title: input.title.clone(),
            prims,
            layout,
        })
    }
}

/// Escape text for XML content and attributes.
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

fn hex(c: (u8, u8, u8)) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

fn path_d(rings: &[Vec<Px>], close: bool) -> String {
    let mut d = String::new();
    for r in rings {
        for (i, p) in r.iter().enumerate() {
            d.push(if i == 0 { 'M' } else { 'L' });
            push_fixed1(&mut d, p.0);
            d.push(' ');
            push_fixed1(&mut d, p.1);
        }
        if close {
            d.push('Z');
        }
    }
    d
}

/// Append `x` as `format!("{x:.1}")` does, without the general float
/// formatter (a map has tens of thousands of coordinates): `x·10` rounded,
/// except within 10⁻⁶ of a tie (there the product's own rounding could
/// decide) and for huge or non-finite values, which go to the formatter.
fn push_fixed1(d: &mut String, x: f64) {
    let t = x * 10.0;
    if t.is_finite() && t.abs() < 1e12 && ((t - t.trunc()).abs() - 0.5).abs() > 1e-6 {
        let n = t.round().abs() as u64;
        if x.is_sign_negative() {
            d.push('-');
        }
        // The digits of n/10, then `.` and n%10, without `write!` (the
        // formatter machinery was most of the map's SVG time).
        let mut buf = [0u8; 24];
        let mut i = buf.len();
        buf[i - 1] = b'0' + (n % 10) as u8;
        buf[i - 2] = b'.';
        i -= 2;
        let mut q = n / 10;
        loop {
            i -= 1;
            buf[i] = b'0' + (q % 10) as u8;
            q /= 10;
            if q == 0 {
                break;
            }
        }
        // ASCII digits, a dot: valid UTF-8.
        d.push_str(std::str::from_utf8(&buf[i..]).unwrap_or_default());
    } else {
        let _ = write!(d, "{x:.1}");
    }
}

fn write_svg(s: &Scene) -> String {
    let mut o = String::with_capacity(1 << 20);
    let _ = writeln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" class="choropleth">"#,
        w = s.w,
        h = s.h
    );
    if !s.title.is_empty() {
        let _ = writeln!(o, "<title>{}</title>", esc(&s.title));
    }
    // Every rule under `.choropleth`: inlined into an HTML page, a `<style>`
    // applies to the whole page, and must not restyle the other charts.
    let _ = write!(o, "<style>.choropleth text{{font-family:{FONT_FAMILY}}}");
    for (k, c) in COLOURS.iter().enumerate() {
        let _ = write!(o, ".choropleth .c{k}{{fill:{}}}", hex(*c));
    }
    let _ = writeln!(
        o,
        ".choropleth .na{{fill:{}}}.choropleth .nv{{fill:{}}}.choropleth .area{{stroke:{};stroke-width:0.4;fill-rule:evenodd;stroke-linejoin:round}}.choropleth .area:hover{{stroke:#000;stroke-width:1.2}}</style>",
        hex(GREY),
        hex(NO_VALUE),
        hex(BORDER)
    );
    let _ = writeln!(
        o,
        r##"<rect width="{}" height="{}" fill="#ffffff"/>"##,
        s.w, s.h
    );
    for p in &s.prims {
        match p {
            Prim::Area {
                svg_id,
                data_id,
                fill,
                outside,
                geom,
                title,
                ..
            } => {
                let id = svg_id
                    .as_ref()
                    .map(|i| format!(r#"id="{}" "#, esc(i)))
                    .unwrap_or_default();
                let _ = writeln!(
                    o,
                    r#"<path {id}data-id="{}" class="area {}{}" d="{}"><title>{}</title></path>"#,
                    esc(data_id),
                    fill.css(),
                    if *outside { " outside" } else { "" },
                    geom.d,
                    esc(title)
                );
            }
            Prim::Lines {
                class,
                rgb,
                width,
                lines,
            } => {
                if lines.rings.is_empty() {
                    continue;
                }
                let _ = writeln!(
                    o,
                    r#"<path class="{class}" fill="none" stroke="{}" stroke-width="{width}" stroke-linejoin="round" stroke-linecap="round" pointer-events="none" d="{}"/>"#,
                    hex(*rgb),
                    lines.d
                );
            }
            Prim::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
                opacity,
            } => {
                let f = fill.map(hex).unwrap_or_else(|| "none".into());
                let st = stroke
                    .map(|(c, w)| format!(r#" stroke="{}" stroke-width="{w}""#, hex(c)))
                    .unwrap_or_default();
                let op = if *opacity < 1.0 {
                    format!(r#" fill-opacity="{opacity}""#)
                } else {
                    String::new()
                };
                let _ = writeln!(
                    o,
                    r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{f}"{op}{st} pointer-events="none"/>"#
                );
            }
            Prim::Text {
                x,
                y,
                text,
                size,
                bold,
                rgb,
            } => {
                let _ = writeln!(
                    o,
                    r#"<text x="{x:.1}" y="{y:.1}" font-size="{size:.1}"{} fill="{}" pointer-events="none">{}</text>"#,
                    if *bold { r#" font-weight="bold""# } else { "" },
                    hex(*rgb),
                    esc(text)
                );
            }
        }
    }
    o.push_str("</svg>\n");
    o
}

fn rgb(c: (u8, u8, u8)) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

fn ipt(p: &Px) -> (i32, i32) {
    (p.0.round() as i32, p.1.round() as i32)
}

/// The scene into an RGB buffer of its size: the areas (fills and borders,
/// most of the pixels) and the lines straight into the buffer by
/// [`pixels::Canvas`], pixel for pixel as plotters' bitmap backend paints
/// them; the rest (boxes, text) through the raster backend.
fn paint_rgb(buf: &mut [u8], s: &Scene) -> Result<(), MapError> {
    buf.fill(255);
    let recorded = s.layout.recorded(s.w, s.h);
    let mut pts: Vec<(i32, i32)> = Vec::new();
    let mut k = 0;
    while k < s.prims.len() {
        if let Prim::Area { fill, geom, .. } = &s.prims[k] {
            match (geom.k, &recorded) {
                (Some(i), Some(ops)) => {
                    pixels::replay(buf, s.w, &ops[i], &[fill.rgb(), WHITE_RGB, BORDER]);
                }
                _ => {
                    let mut cv = pixels::Canvas::new(buf, s.w, s.h);
                    paint_area(&mut cv, &mut pts, geom, fill.rgb());
                }
            }
            k += 1;
            continue;
        }
        if let Prim::Lines {
            rgb: c,
            width,
            lines,
            ..
        } = &s.prims[k]
        {
            let sw = stroke_px(*width);
            match (lines.k, &recorded) {
                // Recorded in this colour and width.
                (Some(i), Some(ops)) if lines.paint == GeomPaint::Lines(*c, sw) => {
                    pixels::replay(buf, s.w, &ops[i], &[*c]);
                }
                _ => {
                    let mut cv = pixels::Canvas::new(buf, s.w, s.h);
                    paint_lines(&mut cv, &mut pts, &lines.rings, *c, sw);
                }
            }
            k += 1;
            continue;
        }
        let end = s.prims[k..]
            .iter()
            .position(|p| matches!(p, Prim::Area { .. } | Prim::Lines { .. }))
            .map_or(s.prims.len(), |i| k + i);
        let root = raster::RasterBackend::with_buffer(buf, (s.w, s.h)).into_drawing_area();
        for p in &s.prims[k..end] {
            paint_prim(&root, p).map_err(MapError::Plot)?;
        }
        root.present().map_err(PlotError::from)?;
        k = end;
    }
    Ok(())
}

/// The plotters drawing of every primitive; [`paint_rgb`] uses it for the
/// boxes and text, the tests for all of them.
fn paint_prim<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    p: &Prim,
) -> Result<(), PlotError> {
    {
        match p {
            Prim::Area { fill, geom, .. } => {
                let c = rgb(fill.rgb());
                for (r, hole) in geom.rings.iter().zip(&geom.holes) {
                    let pts: Vec<(i32, i32)> = r.iter().map(ipt).collect();
                    let colour = if *hole { WHITE } else { c };
                    root.draw(&Polygon::new(pts, colour.filled()))?;
                }
                for r in &geom.rings {
                    let mut pts: Vec<(i32, i32)> = r.iter().map(ipt).collect();
                    pts.push(pts[0]);
                    root.draw(&PathElement::new(pts, rgb(BORDER).mix(0.8).stroke_width(1)))?;
                }
            }
            Prim::Lines {
                rgb: c,
                width,
                lines,
                ..
            } => {
                let sw = stroke_px(*width);
                for l in &lines.rings {
                    let pts: Vec<(i32, i32)> = l.iter().map(ipt).collect();
                    root.draw(&PathElement::new(pts, rgb(*c).stroke_width(sw)))?;
                }
            }
            Prim::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
                opacity,
            } => {
                let a = (x.round() as i32, y.round() as i32);
                let b = ((x + w).round() as i32, (y + h).round() as i32);
                if let Some(f) = fill {
                    root.draw(&Rectangle::new([a, b], rgb(*f).mix(*opacity).filled()))?;
                }
                if let Some((c, sw)) = stroke {
                    root.draw(&Rectangle::new(
                        [a, b],
                        rgb(*c).stroke_width(sw.round().max(1.0) as u32),
                    ))?;
                }
            }
            Prim::Text {
                x,
                y,
                text,
                size,
                bold,
                rgb: c,
            } => {
                let style = if *bold {
                    FontStyle::Bold
                } else {
                    FontStyle::Normal
                };
                let colour = rgb(*c);
                // The raster backend puts the baseline 0.76 em below a top
                // anchor and takes sizes as em × 1.24 (see `raster`).
                let ts = TextStyle::from(FontDesc::new(
                    FontFamily::Name(FONT_FAMILY),
                    size * 1.24,
                    style,
                ))
                .color(&colour)
                .pos(Pos::new(HPos::Left, VPos::Top));
                let top = (y - 0.76 * size).round() as i32;
                root.draw(&Text::new(text.clone(), (x.round() as i32, top), ts))?;
            }
        }
    }
    Ok(())
}

/// The group outlines of `b` ([`Boundaries::group_outlines`]); those of the
/// built-in municipalities are built once per process, as every report's
/// map draws them.
fn outlines_of(b: &Boundaries) -> std::borrow::Cow<'static, [Vec<Point>]> {
    static BUILT_IN: std::sync::OnceLock<Vec<Vec<Point>>> = std::sync::OnceLock::new();
    match Boundaries::municipalities() {
        Ok(m) if std::ptr::eq(m, b) => {
            std::borrow::Cow::Borrowed(BUILT_IN.get_or_init(|| m.group_outlines()))
        }
        _ => std::borrow::Cow::Owned(b.group_outlines()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn painted_map_is_plotters_painting() {
        // Every municipality in the main map and the three insets, holes,
        // outlines, labels and the legend: the buffer painted with the
        // areas drawn directly is the one plotters paints them into. Drawn
        // twice with other values: the second map replays the painting the
        // first recorded, in other colours.
        let b = Boundaries::municipalities().unwrap();
        let input = |shift: usize| {
            let areas: Vec<MapArea> = b
                .shapes
                .iter()
                .enumerate()
                .map(|(k, s)| MapArea {
                    id: s.id.clone(),
                    value: (k % 11 != 3).then(|| ((k + shift) as f64 * 7.3) % 60.0 - 30.0),
                    outside: (k + shift).is_multiple_of(13),
                    label: k % 29 == 0,
                    in_sample: !(k + shift).is_multiple_of(17),
                    ..Default::default()
                })
                .collect();
            MapInput {
                title: "Avvikelse".into(),
                subtitle: "test".into(),
                legend_title: "Avvikelse, %".into(),
                areas,
                ..Default::default()
            }
        };
        let inputs = [input(0), input(5), input(0)];
        for (o, input) in [
            MapOptions::municipalities(Lang::Sv),
            MapOptions::districts(Lang::En),
        ]
        .iter()
        .flat_map(|o| inputs.iter().map(move |i| (o, i)))
        {
            let scene = Map::new(b, input).scene(o).unwrap();
            let (w, h) = (scene.w, scene.h);
            let mut want = vec![0u8; w as usize * h as usize * 3];
            {
                let root =
                    raster::RasterBackend::with_buffer(&mut want, (w, h)).into_drawing_area();
                root.fill(&WHITE).unwrap();
                for p in &scene.prims {
                    paint_prim(&root, p).unwrap();
                }
                root.present().unwrap();
            }
            let mut got = vec![0u8; w as usize * h as usize * 3];
            paint_rgb(&mut got, &scene).unwrap();
            let differ = want
                .chunks(3)
                .zip(got.chunks(3))
                .filter(|(a, b)| a != b)
                .count();
            assert_eq!(differ, 0, "{differ} of {} pixels differ", w * h);
        }
    }

    #[test]
    fn fixed_one_decimal_is_the_formatters() {
        // Ties and near-ties (x.x5 is rarely exact in binary), signs, zero,
        // tiny and large values, and a deterministic spread of others.
        let mut xs: Vec<f64> = vec![
            0.0,
            -0.0,
            0.04,
            -0.04,
            0.05,
            -0.05,
            0.15,
            0.25,
            -0.25,
            0.35,
            1.45,
            2.5,
            12.25,
            -12.25,
            99.95,
            999.95,
            1e-9,
            -1e-9,
            1e11,
            1e13,
            f64::NAN,
            f64::INFINITY,
        ];
        let mut z = 12345u64;
        for _ in 0..200_000 {
            z = z
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let u = (z >> 11) as f64 / (1u64 << 53) as f64;
            xs.push((u - 0.3) * 2400.0);
            // Exact hundredths: ties of the decimal expansion.
            xs.push(((z >> 40) as f64 - 8_000_000.0) / 100.0);
        }
        for x in xs {
            let mut d = String::new();
            push_fixed1(&mut d, x);
            assert_eq!(d, format!("{x:.1}"), "{x:e}");
        }
    }

    #[test]
    fn classes_follow_the_breaks() {
        let b = [-30.0, -15.0, -5.0, 5.0, 15.0, 30.0];
        assert_eq!(class_of(-40.0, &b), 0);
        assert_eq!(class_of(-30.0, &b), 1);
        assert_eq!(class_of(0.0, &b), 3);
        assert_eq!(class_of(-5.0, &b), 3);
        assert_eq!(class_of(4.9, &b), 3);
        assert_eq!(class_of(5.0, &b), 4);
        assert_eq!(class_of(29.9, &b), 5);
        assert_eq!(class_of(300.0, &b), 6);
    }

    #[test]
    fn default_breaks_cover_ninety_percent_symmetrically() {
        let areas: Vec<MapArea> = (0..10)
            .map(|i| MapArea {
                id: i.to_string(),
                value: Some(if i == 9 { 400.0 } else { -(i as f64) * 3.0 }),
                in_sample: true,
                ..Default::default()
            })
            .collect();
        // |v| sorted: 0,3,…,24,400; the 90th percentile (index 8) is 24 → 5/15/30.
        assert_eq!(
            default_breaks(&areas, ValueStyle::Percent),
            [-30.0, -15.0, -5.0, 5.0, 15.0, 30.0]
        );
        let ratio: Vec<MapArea> = [0.8, 1.3, 1.1]
            .iter()
            .map(|v| MapArea {
                value: Some(*v),
                in_sample: true,
                ..Default::default()
            })
            .collect();
        assert_eq!(
            default_breaks(&ratio, ValueStyle::Ratio),
            [0.67, 0.8, 0.91, 1.1, 1.25, 1.5]
        );
    }

    #[test]
    fn legend_labels_use_the_report_number_style() {
        let b = [-30.0, -15.0, -5.0, 5.0, 15.0, 30.0];
        let sv = legend_labels(&b, ValueStyle::Percent, Lang::Sv);
        assert_eq!(sv[0], "under \u{2212}30\u{a0}%");
        assert_eq!(sv[1], "\u{2212}30\u{a0}% till \u{2212}15\u{a0}%");
        assert_eq!(sv[3], "\u{2212}5\u{a0}% till +5\u{a0}%");
        assert_eq!(sv[6], "+30\u{a0}% och mer");
        let en = legend_labels(
            &[-2.5, -1.0, -0.5, 0.5, 1.0, 2.5],
            ValueStyle::Percent,
            Lang::En,
        );
        assert_eq!(en[0], "below \u{2212}2.5%");
        assert_eq!(en[6], "+2.5% or more");
        let r = legend_labels(
            &[0.67, 0.8, 0.91, 1.1, 1.25, 1.5],
            ValueStyle::Ratio,
            Lang::Sv,
        );
        assert_eq!(r[3], "0,91 till 1,10");
    }

    #[test]
    fn clipping_keeps_what_is_inside() {
        let sq = vec![(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)];
        let c = clip_ring(&sq, (0.0, 0.0, 10.0, 10.0));
        let b = geo::bbox(c.iter().map(|p| [p.0, p.1]).collect::<Vec<_>>().iter());
        assert_eq!(b, (0.0, 0.0, 5.0, 5.0));
        let l = clip_line(
            &[(-5.0, 1.0), (5.0, 1.0), (5.0, 20.0)],
            (0.0, 0.0, 10.0, 10.0),
        );
        assert_eq!(l, vec![vec![(0.0, 1.0), (5.0, 1.0), (5.0, 10.0)]]);
        assert!(clip_line(&[(20.0, 20.0), (30.0, 30.0)], (0.0, 0.0, 10.0, 10.0)).is_empty());
    }
}
