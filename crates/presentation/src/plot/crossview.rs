//! The charts of the cross-city views and of the `compare`, `trend` and
//! `allocate` commands: similar areas, agreement with a reference model,
//! change decomposition, deviation over the years, allocation. Drawn with the
//! chart kinds of [`super::chart`] and the plot module's fonts.

use crate::i18n::Catalogue;
use contract::lang::Lang;
use contract::results::{AreaRow, ModelResult};
use contract::views::{
    decomposition_focus, AllocationRow, AreaTrend, ChangeRow, CrossCity, Decomposition, PeerRow,
    PeerSummary, ReferenceComparison,
};

use super::chart::{
    bars_svg, lines_svg, scatter_svg, scatter_svg_sized, BarSeries, Line, Mark, Point,
};
use super::PlotError;
use crate::report::Extras;

type Result<T> = std::result::Result<T, PlotError>;

/// The charts of the cross-city views of `r` (its `cross_city` and
/// `reference_comparison`), labelled in `lang`.
pub fn charts(r: &ModelResult, cc: Option<&CrossCity>, lang: Lang) -> Result<Extras> {
    let mut x = Extras::default();
    if let Some(cmp) = &r.reference_comparison {
        x.reference_svg = Some(reference_chart(r, cmp, lang)?);
    }
    let Some(cc) = cc else {
        return Ok(x);
    };
    if let Some(d) = &cc.change_decomposition {
        if !d.rows.is_empty() {
            x.decomposition_svg = Some(decomposition_chart(r, d, lang)?);
        }
    }
    if let Some(p) = &cc.peers {
        for set in &p.areas {
            x.peers_svgs
                .push((set.rows[0].id.clone(), peers_chart(r, &set.rows, lang)?));
        }
    }
    Ok(x)
}

fn unit_suffix(r: &ModelResult, lang: Lang) -> String {
    if r.model.outcome_unit.is_empty() {
        String::new()
    } else {
        format!(" ({})", crate::i18n::outcome_unit(r, lang))
    }
}

/// Reference (x) against our modelled value (y), 45° line; areas where the
/// models disagree on the sign of the deviation in orange and named.
pub fn reference_chart(r: &ModelResult, cmp: &ReferenceComparison, lang: Lang) -> Result<String> {
    let dis: std::collections::BTreeSet<&str> =
        cmp.disagreements.iter().map(|d| d.id.as_str()).collect();
    // Name only the largest disagreements: 60 labels would pile up.
    let named: std::collections::BTreeSet<&str> = cmp
        .disagreements
        .iter()
        .take(8)
        .map(|d| d.id.as_str())
        .collect();
    let points: Vec<Point> = r
        .areas
        .iter()
        .filter_map(|a| {
            let v = a.reference.filter(|v| v.is_finite())?;
            let warn = dis.contains(a.id.as_str());
            Some(Point {
                x: v,
                y: a.modelled,
                label: if named.contains(a.id.as_str()) {
                    a.name.clone()
                } else {
                    String::new()
                },
                mark: if warn { Mark::Warn } else { Mark::Highlight },
            })
        })
        .collect();
    let u = unit_suffix(r, lang);
    scatter_svg(
        &(lang.msg().reference_chart_title)(&cmp.column),
        &format!("{} {}{u}", lang.msg().reference, cmp.column),
        &format!("{}{u}", lang.msg().modelled),
        &points,
        true,
        lang,
    )
}

/// The decomposition of the focus rows as bars: structure, model, deviation.
pub fn decomposition_chart(r: &ModelResult, d: &Decomposition, lang: Lang) -> Result<String> {
    let (idx, _) = decomposition_focus(d);
    let rows: Vec<&ChangeRow> = idx.iter().map(|&i| &d.rows[i]).collect();
    let cats: Vec<String> = rows.iter().map(|c| c.name.clone()).collect();
    let series = |label: &str, f: fn(&ChangeRow) -> f64| BarSeries {
        label: label.to_string(),
        values: rows.iter().map(|c| f(c)).collect(),
    };
    bars_svg(
        &(lang.msg().change_from_to)(d.from, d.to),
        &format!("{}{}", lang.msg().change_in_actual, unit_suffix(r, lang)),
        &cats,
        &[
            series(lang.msg().structure_part, |c| c.structure),
            series(lang.msg().model_part, |c| c.model_change),
            series(lang.msg().deviation_part, |c| c.deviation_change),
        ],
        lang,
    )
}

/// Modelled (x) against actual (y) for every area; the focus area in red, its
/// peers in blue and named, 45° line.
pub fn peers_chart(r: &ModelResult, rows: &[PeerRow], lang: Lang) -> Result<String> {
    let points = peer_points(&r.areas, rows);
    let name = rows.first().map(|p| p.name.as_str()).unwrap_or("");
    let k = rows.len().saturating_sub(1);
    let u = unit_suffix(r, lang);
    // Small: the report shows the focus areas' charts side by side.
    scatter_svg_sized(
        &(lang.msg().peers_chart_title)(name, k),
        &format!("{}{u}", lang.msg().modelled),
        &format!("{}{u}", lang.msg().actual),
        &points,
        true,
        (420, 400),
        lang,
    )
}

/// Chart points for every area (modelled, actual): the first row of `rows`
/// (the focus area) marked and named, its peers highlighted and named, the
/// rest in the background.
pub fn peer_points(areas: &[AreaRow], rows: &[PeerRow]) -> Vec<Point> {
    let focus = rows.first().map(|r| r.id.as_str()).unwrap_or("");
    let peers: std::collections::BTreeSet<&str> =
        rows.iter().skip(1).map(|r| r.id.as_str()).collect();
    areas
        .iter()
        .map(|a| {
            let mark = if a.id == focus {
                Mark::Focus
            } else if peers.contains(a.id.as_str()) {
                Mark::Highlight
            } else {
                Mark::Background
            };
            Point {
                x: a.modelled,
                y: a.actual,
                label: if mark == Mark::Background {
                    String::new()
                } else {
                    a.name.clone()
                },
                mark,
            }
        })
        .collect()
}

/// Each area's gap to its peers (actual − peer mean), one bar per area.
pub fn peer_table_svg(result: &ModelResult, rows: &[PeerSummary], lang: Lang) -> Result<String> {
    let cats: Vec<String> = rows
        .iter()
        .map(|r| format!("{} {}", r.id, r.name))
        .collect();
    let unit = if result.model.outcome_unit.is_empty() {
        result.model.outcome.clone()
    } else {
        crate::i18n::outcome_unit(result, lang).to_string()
    };
    bars_svg(
        &(lang.msg().peer_gap_title)(&result.model.name),
        &(lang.msg().peer_gap_axis)(&unit),
        &cats,
        &[BarSeries {
            label: String::new(),
            values: rows.iter().map(|r| r.gap).collect(),
        }],
        lang,
    )
}

/// Deviation in % over the years, one line per area; persistent areas
/// coloured and labelled, the rest grey.
pub fn trend_svg(model: &str, trends: &[AreaTrend], lang: Lang) -> Result<String> {
    let lines: Vec<Line> = trends
        .iter()
        .map(|t| Line {
            label: t.name.clone(),
            points: t
                .points
                .iter()
                .filter_map(|p| {
                    crate::report::deviation::pct_where_positive(p.modelled, p.deviation_pct)
                        .map(|d| (f64::from(p.year), d))
                })
                .collect(),
            highlight: t.status == contract::flags::TrendStatus::Persistent,
        })
        .collect();
    lines_svg(
        &(lang.msg().trend_chart_title)(model),
        lang.msg().year_axis,
        lang.msg().deviation_pct_axis,
        &lines,
        lang,
    )
}

/// Amounts per area as bars; with two allocations, both side by side.
pub fn allocation_svg(
    title: &str,
    first: (&str, &[AllocationRow]),
    second: Option<(&str, &[AllocationRow])>,
    lang: Lang,
) -> Result<String> {
    let cats: Vec<String> = first
        .1
        .iter()
        .map(|r| format!("{} {}", r.id, r.name))
        .collect();
    let mut series = vec![BarSeries {
        label: first.0.to_string(),
        values: first.1.iter().map(|r| r.amount as f64).collect(),
    }];
    if let Some((label, rows)) = second {
        series.push(BarSeries {
            label: label.to_string(),
            values: rows.iter().map(|r| r.amount as f64).collect(),
        });
    }
    bars_svg(title, lang.msg().kronor, &cats, &series, lang)
}
