//! The report's sections, described once from the results and rendered by two
//! markup back ends (`report.html` and `report.md`), as hyperfine's
//! `MarkupExporter` shares its table logic across Markdown and AsciiDoc.
//!
//! [`ReportView`] holds what every section needs (the summary, the interval
//! level, the trend table, which sections the report has, in reading order)
//! and the content the two formats share cell for cell (the coefficient and
//! excluded-area tables). A back end implements [`Markup`]: one method per
//! section, in its own syntax; [`render`] walks the sections in order.

use super::format as f;
use super::{coef_label, deviation, level, summary, trend, value_decimals, Summary, Trend};
use crate::i18n::Catalogue;
use crate::lang::Lang;
use crate::results::ModelResult;

/// The sections of a report, in reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    /// The headline in words, the big cities, the areas most above and below.
    Summary,
    /// The deviation map (Markdown; the HTML report shows it as a figure).
    Map,
    /// Every area, ordered by how surely it deviates, with the flag legend.
    Ranking,
    /// The charts, numbered (HTML).
    Figures,
    /// Deviation over the years, persistence and the change decomposition.
    Years,
    /// Similar areas in other groups.
    Peers,
    /// Agreement with the external reference model.
    Reference,
    /// Fit, model comparison, coefficients, residuals.
    Model,
    /// Model families, flag rules, definitions, sources, caveats.
    Method,
    /// Areas left out of the fit, with the reason.
    Excluded,
}

impl Section {
    /// The anchor id of the section.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Section::Summary => "summary",
            Section::Map => "map",
            Section::Ranking => "ranking",
            Section::Figures => "figures",
            Section::Years => "years",
            Section::Peers => "peers",
            Section::Reference => "reference",
            Section::Model => "model",
            Section::Method => "method",
            Section::Excluded => "excluded",
        }
    }

    /// The section's name in the table of contents.
    pub(crate) fn toc_title(self, lang: Lang) -> &'static str {
        let m = lang.msg();
        match self {
            Section::Summary => m.summary,
            Section::Map => m.map,
            Section::Ranking => m.ranking,
            Section::Figures => m.figures,
            Section::Years => m.over_the_years,
            Section::Peers => m.similar_areas,
            Section::Reference => m.reference_model,
            Section::Model => m.the_model,
            Section::Method => m.method,
            Section::Excluded => m.excluded,
        }
    }
}

/// What one report shows beside the results: whether it has numbered
/// figures (HTML) and a map section (Markdown).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Parts {
    pub figures: bool,
    pub map: bool,
}

/// A report described once from the results.
pub(crate) struct ReportView<'a> {
    pub r: &'a ModelResult,
    pub lang: Lang,
    /// The model's title with the year: `Title – 2022`.
    pub title: String,
    /// Decimals of values in the outcome's unit.
    pub decimals: usize,
    /// The interval level as text, `95 %`.
    pub level: String,
    pub summary: Summary,
    /// Deviation per year of the areas worth following (from other years'
    /// results of the same model); `None` without them.
    pub trend: Option<Trend>,
    /// Under a log link the deviation reads as a ratio actual/modelled.
    pub as_ratio: bool,
    /// The sections this report has, in order.
    pub sections: Vec<Section>,
}

impl<'a> ReportView<'a> {
    /// Describe the report of `r`; `years` are the same model's results for
    /// other years (the deviation-over-years table).
    pub(crate) fn new(r: &'a ModelResult, years: &[ModelResult], lang: Lang, parts: Parts) -> Self {
        let year = r.year.map(|y| format!(" – {y}")).unwrap_or_default();
        let tr = trend(r, years, 25);
        let cc = r.cross_city.as_ref();
        let has_years = tr.is_some()
            || cc.is_some_and(|c| c.trend.is_some() || c.change_decomposition.is_some());
        let mut sections = vec![Section::Summary];
        if parts.map {
            sections.push(Section::Map);
        }
        sections.push(Section::Ranking);
        if parts.figures {
            sections.push(Section::Figures);
        }
        if has_years {
            sections.push(Section::Years);
        }
        if cc.is_some_and(|c| c.peers.is_some()) {
            sections.push(Section::Peers);
        }
        if r.reference_comparison.is_some() {
            sections.push(Section::Reference);
        }
        sections.extend([Section::Model, Section::Method, Section::Excluded]);
        ReportView {
            r,
            lang,
            title: format!("{}{year}", r.model.title_in(lang)),
            decimals: value_decimals(r),
            level: level(r, lang),
            summary: summary(r, lang, 3),
            trend: tr,
            as_ratio: deviation::reads_as_ratio(r),
            sections,
        }
    }

    /// The coefficient table, the same cells in both formats.
    pub(crate) fn coefficient_table(&self) -> Table {
        let (r, lang) = (self.r, self.lang);
        let m = lang.msg();
        let ci = format!("{} {}", self.level, m.confidence_interval);
        let mut head: Vec<String> = [
            m.variable,
            m.estimate,
            m.std_error,
            super::family::test_name(r),
            "p",
            ci.as_str(),
            m.robust_s_e_hc3,
            "VIF",
            m.standardised,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let log_link = self.as_ratio;
        if log_link {
            head.insert(6, m.exp_factor.to_string());
            head.insert(7, format!("exp, {ci}"));
        }
        let range = |lo: f64, hi: f64, d: usize| {
            format!("{} – {}", f::sig(lo, d, lang), f::sig(hi, d, lang))
        };
        let rows = r
            .coefficients
            .iter()
            .map(|c| {
                let mut row = vec![
                    Cell::text(coef_label(r, &c.name, lang)),
                    Cell::num(f::sig(c.estimate, 3, lang), Some(c.estimate)),
                    Cell::num(f::sig(c.std_error, 3, lang), Some(c.std_error)),
                    Cell::num(f::number(c.t, 2, lang), Some(c.t)),
                    Cell::num(f::p_value(c.p, lang), Some(c.p)),
                    Cell::num(range(c.ci_low, c.ci_high, 3), Some(c.ci_low)),
                ];
                if log_link {
                    row.push(Cell::num(
                        f::sig(c.estimate.exp(), 4, lang),
                        Some(c.estimate.exp()),
                    ));
                    row.push(Cell::num(
                        range(c.ci_low.exp(), c.ci_high.exp(), 4),
                        Some(c.ci_low.exp()),
                    ));
                }
                row.extend([
                    Cell::num(f::sig(c.hc3_std_error, 3, lang), Some(c.hc3_std_error)),
                    Cell::num(f::opt_number(c.vif, 2, lang), c.vif),
                    Cell::num(f::opt_number(c.standardized, 2, lang), c.standardized),
                ]);
                row
            })
            .collect();
        Table { head, rows }
    }

    /// The note under the coefficient table: how to read an estimate.
    pub(crate) fn coefficient_note(&self) -> &'static str {
        if self.as_ratio {
            self.lang.msg().the_estimate_is_on_the_log_scale_the_mod
        } else {
            self.lang.msg().the_estimate_is_how_much_the
        }
    }

    /// The excluded areas: header and (id, name, reason) rows.
    pub(crate) fn excluded_table(&self) -> Table {
        let m = self.lang.msg();
        Table {
            head: vec!["id".into(), m.name.into(), m.reason.into()],
            rows: self
                .r
                .excluded
                .iter()
                .map(|e| {
                    vec![
                        Cell::text(e.id.clone()),
                        Cell::text(e.name.clone()),
                        Cell::text(crate::i18n::reasons::exclusion(&e.reason, self.lang)),
                    ]
                })
                .collect(),
        }
    }
}

/// A table as content: header texts and rows of cells, before any markup.
pub(crate) struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// One cell: the text shown and, for a number, the raw value (the HTML
/// report sorts by it).
pub(crate) struct Cell {
    pub text: String,
    pub raw: Option<f64>,
    pub numeric: bool,
}

impl Cell {
    fn text(text: String) -> Self {
        Cell {
            text,
            raw: None,
            numeric: false,
        }
    }

    fn num(text: String, raw: Option<f64>) -> Self {
        Cell {
            text,
            raw,
            numeric: true,
        }
    }
}

/// A markup back end: one method per section, in its own syntax.
pub(crate) trait Markup {
    /// Everything before the first section (document head, title, contents).
    fn begin(&mut self, v: &ReportView);
    fn summary(&mut self, v: &ReportView);
    fn map(&mut self, v: &ReportView);
    fn ranking(&mut self, v: &ReportView);
    fn figures(&mut self, v: &ReportView);
    fn years(&mut self, v: &ReportView);
    fn peers(&mut self, v: &ReportView);
    fn reference(&mut self, v: &ReportView);
    fn model(&mut self, v: &ReportView);
    fn method(&mut self, v: &ReportView);
    fn excluded(&mut self, v: &ReportView);
    /// Everything after the last section.
    fn end(&mut self, v: &ReportView);
}

/// Render the report `v` with the back end `m`, section by section.
pub(crate) fn render(m: &mut impl Markup, v: &ReportView) {
    m.begin(v);
    for s in &v.sections {
        match s {
            Section::Summary => m.summary(v),
            Section::Map => m.map(v),
            Section::Ranking => m.ranking(v),
            Section::Figures => m.figures(v),
            Section::Years => m.years(v),
            Section::Peers => m.peers(v),
            Section::Reference => m.reference(v),
            Section::Model => m.model(v),
            Section::Method => m.method(v),
            Section::Excluded => m.excluded(v),
        }
    }
    m.end(v);
}

#[cfg(test)]
mod tests {
    use super::super::sample::synthetic;
    use super::*;

    #[test]
    fn sections_follow_the_results() {
        let r = synthetic(12);
        let v = ReportView::new(&r, &[], Lang::En, Parts::default());
        assert_eq!(
            v.sections,
            [
                Section::Summary,
                Section::Ranking,
                Section::Model,
                Section::Method,
                Section::Excluded
            ]
        );
        let v = ReportView::new(
            &r,
            &[],
            Lang::En,
            Parts {
                figures: true,
                map: true,
            },
        );
        assert_eq!(v.sections[1], Section::Map);
        assert_eq!(v.sections[3], Section::Figures);
        // Every coefficient row has a cell per column.
        let t = v.coefficient_table();
        assert_eq!(t.rows.len(), r.coefficients.len());
        assert!(t.rows.iter().all(|row| row.len() == t.head.len()));
        assert_eq!(v.excluded_table().rows.len(), r.excluded.len());
    }
}
