//! The files of one model-year report folder, as bytes: what `report` writes
//! into `reports/<model>/<year>/`. Pure functions of the results; the caller
//! (the report run) decides where and how they are written.
//!
//! A chart that cannot be drawn (a perfect fit, too few areas) does not stop
//! the folder: its figure in `report.html` becomes a note saying why, and the
//! reason is returned with the files.

use crate::i18n::Catalogue;
use contract::lang::Lang;
use contract::results::ModelResult;

use rayon::prelude::*;

use super::markdown::report_md_with;
use super::{areas_csv, areas_xlsx, coefficients_csv, excluded_csv, report_html_with, report_md};
use super::{Figure, XlsxError};
use crate::plot::geo::Boundaries;
use crate::plot::map::{self, Map, MapOptions};
use crate::plot::{self, Chart, CoefScale, DeviationMeasure, PlotOptions, RankingOptions};

/// Boundaries for a report's map: the built-in municipalities (with the
/// metropolitan insets) or an analyst's districts.
#[derive(Debug, Clone, Copy)]
pub enum MapSource<'a> {
    Municipalities(&'a Boundaries),
    Districts(&'a Boundaries),
}

impl<'a> MapSource<'a> {
    /// The built-in municipality boundaries when most of the result's area
    /// ids are kommun codes (a municipality model), else `None`.
    pub fn municipalities_for(r: &ModelResult) -> Option<MapSource<'static>> {
        let b = Boundaries::municipalities().ok()?;
        let hits = r.areas.iter().filter(|a| b.get(&a.id).is_some()).count();
        (!r.areas.is_empty() && 2 * hits >= r.areas.len()).then_some(MapSource::Municipalities(b))
    }

    fn boundaries(&self) -> &'a Boundaries {
        match self {
            MapSource::Municipalities(b) | MapSource::Districts(b) => b,
        }
    }

    fn options(&self, lang: Lang) -> MapOptions {
        match self {
            MapSource::Municipalities(_) => MapOptions::municipalities(lang),
            MapSource::Districts(_) => MapOptions::districts(lang),
        }
    }
}

/// What a report page shows besides the result's own charts.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageOptions<'a> {
    /// Draw the deviation map from these boundaries.
    pub map: Option<MapSource<'a>>,
    /// RKA's similar municipalities of the focus areas, shown beside the
    /// tool's own (empty: no groups file).
    pub rka: &'a [super::rka::RkaPeers],
    /// Write every chart as PNG too (`plots/<chart>.png`, for pasting into
    /// documents). Without it the only PNG is the map's ([`MAP_PNG`]), which
    /// `report.md` shows; the HTML pages inline the SVGs and the workbook has
    /// no images. Drawing and encoding the chart PNGs was about a third of a
    /// full report's CPU time.
    pub png: bool,
}

/// Path of the map's PNG in a report folder (linked from `report.md`).
pub const MAP_PNG: &str = "plots/map.png";
/// Path of the map's SVG in a report folder (linked from the index).
pub const MAP_SVG: &str = "plots/map.svg";

/// The deviation map of one result as (SVG, PNG).
pub fn map_files(
    r: &ModelResult,
    src: MapSource<'_>,
    lang: Lang,
) -> Result<(String, Vec<u8>), String> {
    let input = map::deviation_input(r, lang);
    let m = Map::new(src.boundaries(), &input);
    let o = src.options(lang);
    m.svg_and_png(&o).map_err(|e| e.to_string())
}

/// One file of a model-year folder: its path relative to the folder (e.g.
/// `results.json`, `plots/qq-studentized.svg`) and its bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

fn file(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> OutFile {
    OutFile {
        path: path.into(),
        bytes: bytes.into(),
    }
}

/// The files of one fit that need no other year: `results.json` (everything),
/// `areas.csv`, `coefficients.csv`, `excluded.csv`, `report.md`, `areas.xlsx`.
pub fn result_files(r: &ModelResult, lang: Lang) -> Result<Vec<OutFile>, XlsxError> {
    result_files_with(r, lang, false)
}

/// [`result_files`], with `report.md` showing the map ([`MAP_PNG`]) when
/// `map` is true (the page files draw it).
pub fn result_files_with(
    r: &ModelResult,
    lang: Lang,
    map: bool,
) -> Result<Vec<OutFile>, XlsxError> {
    files_of(r, lang, map, true)
}

/// [`result_files_with`] without `results.json`, for a caller that writes it
/// straight to its file with [`ModelResult::write_json`] (same bytes): the
/// text is then never held whole (24 MB a year for 10 000 areas, grown by
/// doubling from its first estimate).
pub fn result_files_but_json(
    r: &ModelResult,
    lang: Lang,
    map: bool,
) -> Result<Vec<OutFile>, XlsxError> {
    files_of(r, lang, map, false)
}

fn files_of(r: &ModelResult, lang: Lang, map: bool, json: bool) -> Result<Vec<OutFile>, XlsxError> {
    // The workbook (deflated) and the JSON text are the largest pieces:
    // made in parallel with the rest.
    let (xlsx, (json, (md, csvs))) = rayon::join(
        || areas_xlsx(r, lang),
        || {
            rayon::join(
                || json.then(|| r.to_json()),
                || {
                    rayon::join(
                        || report_md_with(r, lang, map.then_some(MAP_PNG)),
                        || (areas_csv(r), coefficients_csv(r), excluded_csv(r)),
                    )
                },
            )
        },
    );
    let xlsx = xlsx?;
    let (areas, coefficients, excluded) = csvs;
    let mut out = Vec::with_capacity(6);
    if let Some(json) = json {
        out.push(file("results.json", json));
    }
    out.extend([
        file("areas.csv", areas),
        file("coefficients.csv", coefficients),
        file("excluded.csv", excluded),
        file("report.md", md),
        file("areas.xlsx", xlsx),
    ]);
    Ok(out)
}

/// `results.json` and `report.md` again, once the result carries the
/// cross-city views.
pub fn view_files(r: &ModelResult, lang: Lang) -> Vec<OutFile> {
    vec![
        file("results.json", r.to_json()),
        file("report.md", report_md(r, lang)),
    ]
}

/// The plots and `report.html` of one result, with the model's other years
/// (`all`, this result among them). Also returns, per chart that could not
/// be drawn, why (the page shows a note in its place).
pub fn page_files(r: &ModelResult, all: &[ModelResult], lang: Lang) -> (Vec<OutFile>, Vec<String>) {
    page_files_with(r, all, lang, &PageOptions::default())
}

/// [`page_files`] with the map and the other page options.
pub fn page_files_with(
    r: &ModelResult,
    all: &[ModelResult],
    lang: Lang,
    po: &PageOptions<'_>,
) -> (Vec<OutFile>, Vec<String>) {
    let trend_areas = plot::default_trend_areas(all);
    let opts = PlotOptions {
        lang,
        ..PlotOptions::default()
    };
    let mut charts = per_result_charts(r);
    // The charts of `r` put the same hover text on each area: made once.
    let _texts = plot::tooltip::texts_scope(r, lang);
    if all.len() > 1 {
        charts.push(Chart::DeviationOverYears(all, &trend_areas));
    }
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let mut figures = Vec::new();
    // Every drawing is a function of the results alone: the map, each chart
    // (its SVG and, with `po.png`, its PNG) and the cross-city charts are drawn in parallel,
    // then put in report order, so the bytes do not depend on the threads.
    let ((map, drawn), extras) = rayon::join(
        || {
            rayon::join(
                || po.map.map(|src| map_files(r, src, lang)),
                || {
                    charts
                        .par_iter()
                        .map(|chart| {
                            if !po.png {
                                return chart.svg(&opts).map(|svg| (svg, None));
                            }
                            let (svg, png) = rayon::join(|| chart.svg(&opts), || chart.png(&opts));
                            svg.and_then(|svg| png.map(|png| (svg, Some(png))))
                        })
                        .collect::<Vec<_>>()
                },
            )
        },
        || plot::crossview::charts(r, r.cross_city.as_ref(), lang),
    );
    if let Some(map) = map {
        let title = lang.msg().map_deviation_by_area;
        let caption = super::deviation::map_caption(r, lang.msg().map_caption_html, lang);
        match map {
            Ok((svg, png)) => {
                out.push(file(MAP_SVG, svg.as_bytes()));
                out.push(file(MAP_PNG, png));
                figures.push(Figure {
                    id: "map".into(),
                    title: title.into(),
                    svg,
                    caption,
                });
            }
            Err(e) => {
                notes.push(format!("map not drawn: {e}"));
                figures.push(Figure {
                    id: "map".into(),
                    title: title.into(),
                    svg: String::new(),
                    caption: e,
                });
            }
        }
    }
    for (chart, drawn) in charts.iter().zip(drawn) {
        let stem = chart.file_stem();
        let (title, caption) = figure_text(chart, lang);
        match drawn {
            Ok((svg, png)) => {
                out.push(file(format!("plots/{stem}.svg"), svg.as_bytes()));
                if let Some(png) = png {
                    out.push(file(format!("plots/{stem}.png"), png));
                }
                figures.push(Figure {
                    id: stem.to_string(),
                    title: title.to_string(),
                    svg,
                    caption: caption.to_string(),
                });
            }
            Err(e) => {
                notes.push(format!("chart {stem} not drawn: {e}"));
                // An empty drawing: the page shows the reason instead.
                figures.push(Figure {
                    id: stem.to_string(),
                    title: title.to_string(),
                    svg: String::new(),
                    caption: e.to_string(),
                });
            }
        }
    }
    // Cross-city charts: SVG only (they are not in the PNG set the committee
    // pastes; the SVG opens in any browser).
    let extras = match extras {
        Ok(x) => x,
        Err(e) => {
            notes.push(format!("cross-city charts not drawn: {e}"));
            Default::default()
        }
    };
    if let Some(svg) = &extras.reference_svg {
        out.push(file("plots/reference.svg", svg.as_bytes()));
    }
    if let Some(svg) = &extras.decomposition_svg {
        out.push(file("plots/decomposition.svg", svg.as_bytes()));
    }
    for (id, svg) in &extras.peers_svgs {
        out.push(file(
            format!("plots/peers-{}.svg", file_safe(id)),
            svg.as_bytes(),
        ));
    }
    // The short version shows the map, else the modelled-vs-actual chart.
    let brief_fig = ["map", Chart::ModelledVsActual(r).file_stem()]
        .iter()
        .find_map(|id| figures.iter().find(|f| f.id == *id && !f.svg.is_empty()))
        .map(|f| (f.title.as_str(), f.svg.as_str()));
    out.push(file(
        "brief.html",
        super::brief::brief_html(r, brief_fig, lang),
    ));
    let mut html = report_html_with(r, &figures, all, &extras, lang);
    let rka = super::rka::rka_section_html(r, po.rka, lang);
    if !rka.is_empty() {
        // After the tool's own similar areas: before the next section.
        let at = [
            "<section id=\"reference\"",
            "<section id=\"model\"",
            "<footer",
        ]
        .iter()
        .find_map(|m| html.find(m))
        .unwrap_or(html.len());
        html.insert_str(at, &rka);
    }
    out.push(file("report.html", html));
    (out, notes)
}

/// An area id as part of a file name (ids are data: keep letters, digits, `-`).
fn file_safe(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The charts drawn for every single fit, in report order.
fn per_result_charts(r: &ModelResult) -> Vec<Chart<'_>> {
    vec![
        Chart::ModelledVsActual(r),
        Chart::DeviationRanking(r, RankingOptions::for_result(r)),
        // Standardised coefficients (β·sd(x)/sd(y)) belong to the linear
        // model; a log-link model shows its link-scale estimates and exp(β).
        Chart::Coefficients(
            r,
            if crate::report::deviation::reads_as_ratio(r) {
                CoefScale::Raw
            } else {
                CoefScale::Standardized
            },
        ),
        Chart::ResidualsVsModelled(r),
        Chart::QqStudentized(r),
        Chart::LeverageVsStudentized(r),
    ]
}

/// Figure title and caption for the HTML report.
fn figure_text(chart: &Chart<'_>, lang: Lang) -> (&'static str, &'static str) {
    match chart {
        Chart::ModelledVsActual(_) => (
            lang.msg().modelled_and_actual,
            lang.msg().each_point_is_an_area_on,
        ),
        Chart::DeviationRanking(_, ro) => (
            lang.msg().deviation_by_area,
            match ro.measure {
                DeviationMeasure::Percent => lang.msg().actual_minus_modelled_in_percent_of,
                DeviationMeasure::Absolute => lang.msg().actual_minus_modelled_in_the_outcome_s_u,
                DeviationMeasure::Ratio => lang.msg().actual_divided_by_modelled_sorted_on_a_l,
            },
        ),
        Chart::Coefficients(_, CoefScale::Raw) => (
            lang.msg().coefficients_log_scale,
            lang.msg().on_the_log_scale_with_confidence_interva,
        ),
        Chart::Coefficients(..) => (
            lang.msg().coefficients_standardised,
            lang.msg().sd_x_sd_y_with_confidence,
        ),
        Chart::DeviationOverYears(..) => (
            lang.msg().deviation_over_the_years,
            lang.msg().deviation_in_percent_of_modelled_one,
        ),
        Chart::ResidualsVsModelled(_) => (
            lang.msg().residual_against_modelled,
            lang.msg().patterns_funnel_curve_suggest_heterosked,
        ),
        Chart::QqStudentized(_) => (
            lang.msg().normal_qq_plot,
            lang.msg().externally_studentized_residuals_against,
        ),
        Chart::LeverageVsStudentized(_) => (
            lang.msg().leverage_and_residual,
            lang.msg().leverage_against_studentized_residual_wi,
        ),
    }
}
