//! The files of one model-year report folder, as bytes: what `report` writes
//! into `reports/<model>/<year>/`. Pure functions of the results; the caller
//! (the report run) decides where and how they are written.
//!
//! A chart that cannot be drawn (a perfect fit, too few areas) does not stop
//! the folder: its figure in `report.html` becomes a note saying why, and the
//! reason is returned with the files.

use contract::lang::Lang;
use contract::results::ModelResult;

use super::{areas_csv, areas_xlsx, coefficients_csv, excluded_csv, report_html_with, report_md};
use super::{Figure, XlsxError};
use crate::plot::{self, Chart, CoefScale, DeviationMeasure, PlotOptions, RankingOptions};

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
            lang.pick("Modellvärde och utfall", "Modelled and actual"),
            lang.pick(
                "Varje punkt är ett område. På linjen är utfallet lika med modellvärdet; strecken visar prediktionsintervallet. Namngivna områden ligger utanför sitt intervall beräknat utan området, eller är avvikare.",
                "Each point is an area. On the line, actual equals modelled; the bars show the prediction interval. Named areas lie outside their leave-one-out interval, or are outliers.",
            ),
        ),
        Chart::DeviationRanking(_, ro) => (
            lang.pick("Avvikelse per område", "Deviation by area"),
            match ro.measure {
                DeviationMeasure::Percent => lang.pick(
                    "Utfall minus modellvärde i procent av modellvärdet, sorterat; strecken visar vad intervallet utan området tillåter.",
                    "Actual minus modelled in percent of modelled, sorted; the bars show what the leave-one-out interval allows.",
                ),
                DeviationMeasure::Absolute => lang.pick(
                    "Utfall minus modellvärde i utfallets enhet, sorterat; de grå fälten visar vad intervallet utan området tillåter. I belopp, inte i procent: ett linjärt modellvärde kan ligga nära noll eller under, och då blir en procent av det orimligt stor eller får fel tecken.",
                    "Actual minus modelled in the outcome's unit, sorted; the grey fields show what the leave-one-out interval allows. In amounts, not percent: a linear modelled value can be near zero or below, where a percent of it becomes absurdly large or takes the wrong sign.",
                ),
                DeviationMeasure::Ratio => lang.pick(
                    "Utfall delat med modellvärde, sorterat, på logaritmisk skala: 2 (dubbelt så högt) och 0,5 (hälften) ligger lika långt från 1. De grå fälten visar vad intervallet utan området tillåter.",
                    "Actual divided by modelled, sorted, on a logarithmic scale: 2 (twice as high) and 0.5 (half) lie equally far from 1. The grey fields show what the leave-one-out interval allows.",
                ),
            },
        ),
        Chart::Coefficients(_, CoefScale::Raw) => (
            lang.pick("Koefficienter (log-skala)", "Coefficients (log scale)"),
            lang.pick(
                "β på log-skalan med konfidensintervall; exp(β) är den faktor modellvärdet multipliceras med när variabeln ökar en enhet.",
                "β on the log scale with confidence intervals; exp(β) is the factor the modelled value is multiplied by when the covariate rises by one unit.",
            ),
        ),
        Chart::Coefficients(..) => (
            lang.pick("Koefficienter (standardiserade)", "Coefficients (standardised)"),
            lang.pick(
                "β·sd(x)/sd(y) med konfidensintervall: hur många standardavvikelser utfallet ändras när variabeln ändras en standardavvikelse.",
                "β·sd(x)/sd(y) with confidence intervals: how many standard deviations the outcome moves when the covariate moves one.",
            ),
        ),
        Chart::DeviationOverYears(..) => (
            lang.pick("Avvikelse över åren", "Deviation over the years"),
            lang.pick(
                "Avvikelse i procent av modellvärdet, en skattning per år.",
                "Deviation in percent of modelled, one fit per year.",
            ),
        ),
        Chart::ResidualsVsModelled(_) => (
            lang.pick("Residual mot modellvärde", "Residual against modelled"),
            lang.pick(
                "Mönster (trattform, böj) tyder på heteroskedasticitet eller saknade termer.",
                "Patterns (funnel, curve) suggest heteroskedasticity or missing terms.",
            ),
        ),
        Chart::QqStudentized(_) => (
            lang.pick("Normalfördelningsdiagram (QQ)", "Normal QQ plot"),
            lang.pick(
                "Externt studentiserade residualer mot normalfördelningens kvantiler.",
                "Externally studentized residuals against normal quantiles.",
            ),
        ),
        Chart::LeverageVsStudentized(_) => (
            lang.pick("Hävstång och residual", "Leverage and residual"),
            lang.pick(
                "Hävstång mot studentiserad residual med konturer för Cooks avstånd.",
                "Leverage against studentized residual with Cook's distance contours.",
            ),
        ),
    }
}
