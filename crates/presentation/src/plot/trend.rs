//! Deviation over years for chosen areas, from per-year fits of one model.

use super::*;
use crate::i18n::Catalogue;

/// Municipality codes of the three big cities, in the order they are drawn:
/// Stockholm, Göteborg, Malmö.
use contract::views::BIG_CITIES;

/// The areas worth following over the years, at most [`TREND_MAX`]: the big
/// cities present; then the persistent outliers of the latest year (flagged in
/// most years of its window, `cross_city.trend`), most years flagged first;
/// then, to fill up, the areas outside their interval in the most years (ties
/// by the mean |deviation| in the outcome's unit, not in percent, which would
/// favour areas with a tiny modelled value). Ties by id.
pub fn default_trend_areas(results: &[ModelResult]) -> Vec<String> {
    let present = |id: &str| results.iter().any(|r| r.areas.iter().any(|a| a.id == id));
    let mut out: Vec<String> = BIG_CITIES
        .iter()
        .filter(|id| present(id))
        .map(|s| s.to_string())
        .collect();
    let room = |out: &Vec<String>| out.len() < TREND_MAX;
    // Persistent outliers of the latest year with a persistence view.
    let latest = results
        .iter()
        .filter_map(|r| {
            r.cross_city
                .as_ref()?
                .trend
                .as_ref()
                .map(|t| (year_of(r), t))
        })
        .max_by_key(|(y, _)| *y);
    if let Some((_, t)) = latest {
        let mut p: Vec<_> = t
            .areas
            .iter()
            .filter(|a| a.status == crate::flags::TrendStatus::Persistent)
            .collect();
        p.sort_by(|a, b| {
            b.flagged_in_window
                .cmp(&a.flagged_in_window)
                .then(a.id.cmp(&b.id))
        });
        for a in p {
            if room(&out) && !out.contains(&a.id) {
                out.push(a.id.clone());
            }
        }
    }
    // id → (years outside the interval, sum |deviation|, count)
    let mut stats: std::collections::BTreeMap<&str, (usize, f64, usize)> = Default::default();
    for r in results {
        for a in &r.areas {
            let e = stats.entry(a.id.as_str()).or_insert((0, 0.0, 0));
            if a.flags.iter().any(|f| f.is_interval()) {
                e.0 += 1;
            }
            if a.residual.is_finite() {
                e.1 += a.residual.abs();
                e.2 += 1;
            }
        }
    }
    let mut v: Vec<(&str, usize, f64)> = stats
        .into_iter()
        .map(|(id, (f, s, n))| (id, f, if n > 0 { s / n as f64 } else { 0.0 }))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.total_cmp(&a.2)).then(a.0.cmp(b.0)));
    // Without big cities or persistent areas, a few to show; else only areas
    // flagged in more than one year.
    let min_years = if out.is_empty() { 0 } else { 2 };
    let want = if out.is_empty() { 5 } else { TREND_MAX };
    for (id, f, _) in v {
        if out.len() >= want || f < min_years {
            break;
        }
        if !out.iter().any(|x| x == id) {
            out.push(id.to_string());
        }
    }
    out
}

/// Most lines the "deviation over the years" chart draws by default.
pub const TREND_MAX: usize = 6;

fn year_of(r: &ModelResult) -> Option<i32> {
    r.year.or_else(|| r.areas.iter().find_map(|a| a.year))
}

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    results: &[ModelResult],
    ids: &[String],
    o: &PlotOptions,
) -> Result<(), PlotError> {
    let lang = o.lang;
    let mut years: Vec<(i32, &ModelResult)> = results
        .iter()
        .filter_map(|r| year_of(r).map(|y| (y, r)))
        .collect();
    years.sort_by_key(|(y, _)| *y);
    years.dedup_by_key(|(y, _)| *y);
    // One series per requested area: runs of consecutive fitted years.
    struct Series {
        name: String,
        points: Vec<(i32, Option<f64>, bool)>,
    }
    let series: Vec<Series> = ids
        .iter()
        .filter_map(|id| {
            let mut name = String::new();
            let points: Vec<(i32, Option<f64>, bool)> = years
                .iter()
                .map(|(y, r)| match r.areas.iter().find(|a| &a.id == id) {
                    Some(a) => {
                        name = area_name(a).to_string();
                        (
                            *y,
                            crate::report::deviation::shown_pct(a),
                            !a.flags.is_empty(),
                        )
                    }
                    None => (*y, None, false),
                })
                .collect();
            points
                .iter()
                .any(|p| p.1.is_some())
                .then_some(Series { name, points })
        })
        .collect();
    if series.is_empty() {
        return Err(PlotError::NoData {
            chart: "deviation-over-years",
            reason: if years.is_empty() {
                "the results carry no years".into()
            } else {
                "none of the chosen areas has a deviation in any year".into()
            },
        });
    }
    let (y0, y1) = (years[0].0, years[years.len() - 1].0);
    let (lo, hi) = min_max(
        series
            .iter()
            .flat_map(|s| s.points.iter().filter_map(|p| p.1))
            .chain([0.0]),
    )
    .expect("non-empty");
    let (lo, hi) = fmt::padded(lo, hi, 0.08);

    let legend: Vec<LegendItem> = series
        .iter()
        .enumerate()
        .map(|(i, s)| LegendItem {
            label: s.name.clone(),
            kind: LegendKind::Line(PALETTE[i % PALETTE.len()].mix(1.0)),
        })
        .chain(std::iter::once(LegendItem {
            label: lang.msg().flagged_that_year.into(),
            kind: LegendKind::Ring,
        }))
        .collect();
    let mut sub = Vec::new();
    let first = years[0].1;
    let name = first.model.title_in(lang);
    if !name.is_empty() {
        sub.push(name.to_string());
    }
    sub.push(if y0 == y1 {
        y0.to_string()
    } else {
        format!("{y0}\u{2013}{y1}")
    });
    sub.push(lang.msg().one_fit_per_year.to_string());
    let area = frame(
        root,
        &Frame {
            title: lang.msg().deviation_from_modelled_over_the_years.into(),
            subtitle: sub.join(" · "),
            legend: &legend,
            note: lang.msg().deviation_actual_modelled_modelled_with.into(),
        },
        o,
    )?;
    let ax = Axes {
        x: (y0 as f64 - 0.4, y1 as f64 + 0.4),
        y: (lo, hi),
        x_desc: lang.msg().year.into(),
        y_desc: lang.msg().deviation_from_modelled.into(),
        lang,
        y_label_w: 60,
        x_plain: true,
    };
    let mut chart = build_axes(&area, &ax)?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(ax.x.0, 0.0), (ax.x.1, 0.0)],
        INK.stroke_width(1),
    )))?;
    for (i, s) in series.iter().enumerate() {
        let c = PALETTE[i % PALETTE.len()];
        let mut run: Vec<(f64, f64)> = Vec::new();
        let mut runs = Vec::new();
        for p in &s.points {
            match p.1 {
                Some(d) => run.push((p.0 as f64, d)),
                None => {
                    if !run.is_empty() {
                        runs.push(std::mem::take(&mut run));
                    }
                }
            }
        }
        if !run.is_empty() {
            runs.push(run);
        }
        for run in runs {
            chart.draw_series(std::iter::once(PathElement::new(run, c.stroke_width(2))))?;
        }
        chart.draw_series(
            s.points
                .iter()
                .filter_map(|p| p.1.map(|d| Circle::new((p.0 as f64, d), 4, c.filled()))),
        )?;
        chart.draw_series(s.points.iter().filter(|p| p.2).filter_map(|p| {
            p.1.map(|d| Circle::new((p.0 as f64, d), 7, INK.stroke_width(2)))
        }))?;
    }
    Ok(())
}
