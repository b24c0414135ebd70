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

use super::{areas_csv, areas_xlsx, coefficients_csv, excluded_csv, report_html_with, report_md};
use super::{Figure, XlsxError};
use crate::plot::{self, Chart, CoefScale, PlotOptions, RankingOptions};

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
    let xlsx = areas_xlsx(r, lang)?;
    Ok(vec![
        file("results.json", r.to_json()),
        file("areas.csv", areas_csv(r)),
        file("coefficients.csv", coefficients_csv(r)),
        file("excluded.csv", excluded_csv(r)),
        file("report.md", report_md(r, lang)),
        file("areas.xlsx", xlsx),
    ])
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
    let trend_areas = plot::default_trend_areas(all);
    let opts = PlotOptions {
        lang,
        ..PlotOptions::default()
    };
    let mut charts = per_result_charts(r);
    if all.len() > 1 {
        charts.push(Chart::DeviationOverYears(all, &trend_areas));
    }
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let mut figures = Vec::new();
    for chart in &charts {
        let stem = chart.file_stem();
        let (title, caption) = figure_text(chart, lang);
        let drawn = chart
            .svg(&opts)
            .and_then(|svg| chart.png(&opts).map(|png| (svg, png)));
        match drawn {
            Ok((svg, png)) => {
                out.push(file(format!("plots/{stem}.svg"), svg.as_bytes()));
                out.push(file(format!("plots/{stem}.png"), png));
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
    let extras = match plot::crossview::charts(r, r.cross_city.as_ref(), lang) {
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
    let html = report_html_with(r, &figures, all, &extras, lang);
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
        Chart::DeviationRanking(r, RankingOptions::default()),
        Chart::Coefficients(r, CoefScale::Standardized),
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
        Chart::DeviationRanking(..) => (
            lang.msg().deviation_by_area,
            lang.msg().actual_minus_modelled_in_percent_of,
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
