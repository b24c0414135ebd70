//! Regression diagnostics: residual against modelled value, a normal QQ plot of
//! externally studentized residuals, and leverage against internally studentized
//! residual with Cook's distance contours — the plots of R's `plot.lm`.

use super::*;
use crate::i18n::Catalogue;
use statrs::distribution::{ContinuousCDF, Normal};

/// Points of a scatter with the areas behind them.
struct Pt<'a> {
    a: &'a AreaRow,
    x: f64,
    y: f64,
}

/// Draw points (flagged ones ringed, on top) and label `label` of them.
fn points_and_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut Chart2d<'_, DB>,
    pts: &[Pt],
    label: &[&Pt],
    (r, lang): (&ModelResult, Lang),
) -> Result<(), PlotError> {
    let mut order: Vec<&Pt> = pts.iter().collect();
    order.sort_by_key(|p| !p.a.flags.is_empty());
    chart.draw_series(order.iter().map(|p| {
        let c = if p.a.flags.is_empty() {
            BELOW.mix(0.55)
        } else {
            ABOVE.mix(0.9)
        };
        Circle::new((p.x, p.y), 4, c.filled())
    }))?;
    let texts = tooltip::AreaTexts::new(r, lang);
    for p in &order {
        tooltip::point(chart.backend_coord(&(p.x, p.y)), || texts.text(p.a));
    }
    let px: Vec<(i32, i32)> = pts
        .iter()
        .map(|p| chart.backend_coord(&(p.x, p.y)))
        .collect();
    let items: Vec<(String, (i32, i32))> = label
        .iter()
        .map(|p| (area_name(p.a).to_string(), chart.backend_coord(&(p.x, p.y))))
        .collect();
    let bounds = plot_rect(chart.plotting_area());
    draw_point_labels(root, bounds, &px, &items, &font(12.5))?;
    Ok(())
}

fn flag_legend(lang: Lang) -> Vec<LegendItem> {
    vec![
        LegendItem {
            label: lang.msg().area.into(),
            kind: LegendKind::Dot(BELOW.mix(0.55)),
        },
        LegendItem {
            label: lang.msg().flagged_area.into(),
            kind: LegendKind::Dot(ABOVE.mix(0.9)),
        },
    ]
}

/// The `k` points with the largest `key`, in that order (ties by id).
fn top_by<'a, 'b>(pts: &'b [Pt<'a>], k: usize, key: impl Fn(&Pt) -> f64) -> Vec<&'b Pt<'a>> {
    let mut v: Vec<&Pt> = pts.iter().collect();
    v.sort_by(|a, b| key(b).total_cmp(&key(a)).then_with(|| a.a.id.cmp(&b.a.id)));
    v.truncate(k);
    v
}

pub(super) fn draw_residuals<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    r: &ModelResult,
    o: &PlotOptions,
) -> Result<(), PlotError> {
    let lang = o.lang;
    // A GLM's raw residuals grow with the level by design (variance V(μ));
    // its Pearson residuals (y − μ)/√V(μ) have a constant spread when the
    // family is right, so they are what a reader should look at (R's
    // plot.glm uses them for the scale-location view).
    let pearson = r.areas.iter().any(|a| a.resid_pearson.is_some());
    let pts: Vec<Pt> = r
        .areas
        .iter()
        .filter_map(|a| {
            let y = if pearson {
                a.resid_pearson?
            } else {
                a.residual
            };
            (a.modelled.is_finite() && y.is_finite()).then_some(Pt {
                a,
                x: a.modelled,
                y,
            })
        })
        .collect();
    if pts.is_empty() {
        return Err(PlotError::NoData {
            chart: "residuals-vs-modelled",
            reason: "no area has a finite residual".into(),
        });
    }
    let (x0, x1) = min_max(pts.iter().map(|p| p.x)).expect("non-empty");
    let (y0, y1) = min_max(pts.iter().map(|p| p.y).chain([0.0])).expect("non-empty");
    let legend = flag_legend(lang);
    let area = frame(
        root,
        &Frame {
            title: lang.msg().residuals_against_modelled.into(),
            subtitle: subtitle(r, lang),
            legend: &legend,
            note: if pearson {
                lang.msg().pearson_residual_actual_modelled_v_model
            } else {
                lang.msg().residual_actual_modelled_without_pattern
            }
            .into(),
        },
        o,
    )?;
    let u = unit(r, lang);
    let ax = Axes {
        x: fmt::padded(x0, x1, 0.04),
        y: fmt::padded(y0, y1, 0.06),
        x_desc: with_unit(lang.msg().modelled_2, u),
        y_desc: if pearson {
            lang.msg().pearson_residual.to_string()
        } else {
            with_unit(lang.msg().residual, u)
        },
        lang,
        y_label_w: 70,
        x_plain: false,
    };
    let mut chart = build_axes(&area, &ax)?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(ax.x.0, 0.0), (ax.x.1, 0.0)],
        INK.stroke_width(1),
    )))?;
    let label = top_by(&pts, 8, |p| {
        if p.a.flags.is_empty() {
            -1.0
        } else {
            p.a.studentized_external.map(f64::abs).unwrap_or(0.0)
        }
    });
    let label: Vec<&Pt> = label
        .into_iter()
        .filter(|p| !p.a.flags.is_empty())
        .collect();
    points_and_labels(root, &mut chart, &pts, &label, (r, o.lang))
}

/// Plotting positions of R's `ppoints(n)`: (i − a)/(n + 1 − 2a), a = 3/8 for
/// n ≤ 10 and 1/2 otherwise (Blom 1958; R `qqnorm`).
pub fn ppoints(n: usize) -> Vec<f64> {
    let a = if n <= 10 { 0.375 } else { 0.5 };
    (1..=n)
        .map(|i| (i as f64 - a) / (n as f64 + 1.0 - 2.0 * a))
        .collect()
}

pub(super) fn draw_qq<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    r: &ModelResult,
    o: &PlotOptions,
) -> Result<(), PlotError> {
    let lang = o.lang;
    let mut vals: Vec<(&AreaRow, f64)> = r
        .areas
        .iter()
        .filter_map(|a| {
            a.studentized_external
                .filter(|v| v.is_finite())
                .map(|v| (a, v))
        })
        .collect();
    if vals.len() < 2 {
        return Err(PlotError::NoData {
            chart: "qq-studentized",
            reason: "fewer than two areas have an externally studentized residual".into(),
        });
    }
    vals.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.id.cmp(&b.0.id)));
    let normal = Normal::new(0.0, 1.0).expect("standard normal");
    let pts: Vec<Pt> = ppoints(vals.len())
        .into_iter()
        .zip(&vals)
        .map(|(p, (a, v))| Pt {
            a,
            x: normal.inverse_cdf(p),
            y: *v,
        })
        .collect();
    let (x0, x1) = min_max(pts.iter().map(|p| p.x)).expect("non-empty");
    let (y0, y1) = min_max(pts.iter().map(|p| p.y)).expect("non-empty");
    let (lo, hi) = (x0.min(y0), x1.max(y1));
    let legend = flag_legend(lang);
    let area = frame(
        root,
        &Frame {
            title: lang.msg().normal_qq_plot_of_studentized_residuals.into(),
            subtitle: subtitle(r, lang),
            legend: &legend,
            note: lang.msg().externally_studentized_residuals_r_rstud.into(),
        },
        o,
    )?;
    let ax = Axes {
        x: fmt::padded(x0, x1, 0.05),
        y: fmt::padded(y0, y1, 0.06),
        x_desc: lang.msg().theoretical_quantile_n_0_1.into(),
        y_desc: lang.msg().externally_studentized_residual.into(),
        lang,
        y_label_w: 56,
        x_plain: false,
    };
    let mut chart = build_axes(&area, &ax)?;
    let (a, b) = (lo.max(ax.x.0).max(ax.y.0), hi.min(ax.x.1).min(ax.y.1));
    if a < b {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(a, a), (b, b)],
            INK.mix(0.8).stroke_width(1),
        )))?;
    }
    // Name the three most extreme at each end.
    let n = pts.len();
    let k = 3.min(n / 2);
    let mut label: Vec<&Pt> = Vec::new();
    for i in 0..k {
        label.push(&pts[n - 1 - i]);
        label.push(&pts[i]);
    }
    points_and_labels(root, &mut chart, &pts, &label, (r, o.lang))
}

pub(super) fn draw_leverage<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    r: &ModelResult,
    o: &PlotOptions,
) -> Result<(), PlotError> {
    let lang = o.lang;
    let pts: Vec<Pt> = r
        .areas
        .iter()
        .filter_map(|a| {
            let s = a.studentized_internal.filter(|v| v.is_finite())?;
            (a.leverage.is_finite() && a.leverage < 1.0).then_some(Pt {
                a,
                x: a.leverage,
                y: s,
            })
        })
        .collect();
    if pts.is_empty() {
        return Err(PlotError::NoData {
            chart: "leverage-vs-studentized",
            reason: "no area has a leverage below 1 and a studentized residual".into(),
        });
    }
    let p = r.fit.p.max(1) as f64;
    let (_, hmax) = min_max(pts.iter().map(|p| p.x)).expect("non-empty");
    let x = (0.0, (hmax * 1.1).min(1.0));
    let (y0, y1) = min_max(pts.iter().map(|p| p.y).chain([-2.5, 2.5])).expect("non-empty");
    let y = fmt::padded(y0, y1, 0.05);
    let legend = {
        let mut l = flag_legend(lang);
        l.push(LegendItem {
            label: lang.msg().cook_s_distance_d_0_5.into(),
            kind: LegendKind::Line(ABOVE.mix(0.7)),
        });
        l
    };
    let area = frame(
        root,
        &Frame {
            title: lang.msg().leverage_and_residual.into(),
            subtitle: subtitle(r, lang),
            legend: &legend,
            note: lang.msg().leverage_h_how_unusual_the_area.into(),
        },
        o,
    )?;
    let ax = Axes {
        x,
        y,
        x_desc: lang.msg().leverage_h.into(),
        y_desc: lang.msg().internally_studentized_residual.into(),
        lang,
        y_label_w: 56,
        x_plain: false,
    };
    let mut chart = build_axes(&area, &ax)?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(x.0, 0.0), (x.1, 0.0)],
        AXIS.stroke_width(1),
    )))?;
    // Contours r = ±√(D·p·(1−h)/h), drawn where they are inside the axes.
    let (_, yr) = chart.plotting_area().get_pixel_range();
    for d in [0.5, 1.0] {
        for sign in [1.0, -1.0] {
            let curve: Vec<(f64, f64)> = (1..=200)
                .map(|i| x.0 + (x.1 - x.0) * i as f64 / 200.0)
                .filter(|h| *h > 0.0 && *h < 1.0)
                .map(|h| (h, sign * (d * p * (1.0 - h) / h).sqrt()))
                .filter(|(_, v)| *v >= y.0 && *v <= y.1)
                .collect();
            if curve.len() < 2 {
                continue;
            }
            let last = curve[curve.len() - 1];
            chart.draw_series(DashedLineSeries::new(
                curve,
                6,
                4,
                ABOVE.mix(0.7).stroke_width(1),
            ))?;
            let (px, py) = chart.backend_coord(&last);
            let text = format!("D = {}", fmt::number(d, 1, lang));
            let vpos = if sign > 0.0 { VPos::Bottom } else { VPos::Top };
            if py > yr.start + 12 && py < yr.end - 12 {
                root.draw(&Text::new(
                    text,
                    (px - 2, py + if sign > 0.0 { -3 } else { 3 }),
                    font(12.0).color(&ABOVE).pos(Pos::new(HPos::Right, vpos)),
                ))?;
            }
        }
    }
    // Name the most influential areas and the highest-leverage ones.
    let mut label = top_by(&pts, 5, |p| p.a.cooks_d.unwrap_or(0.0));
    for q in top_by(&pts, 2, |p| p.x) {
        if !label.iter().any(|l| std::ptr::eq(*l, q)) {
            label.push(q);
        }
    }
    points_and_labels(root, &mut chart, &pts, &label, (r, o.lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ppoints_match_r() {
        // R: ppoints(5) = (1:5 - 3/8)/(5 + 1/4)
        let p = ppoints(5);
        assert!((p[0] - 0.119047619047619).abs() < 1e-15);
        assert!((p[4] - 0.880952380952381).abs() < 1e-15);
        // R: ppoints(20)[1] = 0.025
        assert!((ppoints(20)[0] - 0.025).abs() < 1e-15);
    }
}
