//! The headline chart: actual (utfall) against modelled value (modellvärde).
//!
//! One point per area, coloured by group; the 45° line where actual equals
//! modelled; each area's (1−α) prediction interval as a light vertical stroke at
//! its modelled value (intervals differ by area, so per-area strokes are honest
//! where a smoothed band would not be; together they read as a band); flagged
//! areas ringed and named.

use super::*;
use crate::i18n::Catalogue;

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    r: &ModelResult,
    o: &PlotOptions,
) -> Result<(), PlotError> {
    let lang = o.lang;
    let areas: Vec<&AreaRow> = r
        .areas
        .iter()
        .filter(|a| a.modelled.is_finite() && a.actual.is_finite())
        .collect();
    if areas.is_empty() {
        return Err(PlotError::NoData {
            chart: "modelled-vs-actual",
            reason: "no area has both a finite actual and modelled value".into(),
        });
    }
    // A log-link model is drawn on logarithmic axes: a ratio actual/modelled
    // is then the same distance from the 45° line at every level (an area at
    // 1.5 times its modelled value looks the same whether it is small or
    // large), and the model's multiplicative spread reads as an even band.
    // A value ≤ 0 has no place on such an axis: then linear axes.
    let log = crate::report::deviation::reads_as_ratio(r)
        && areas.iter().all(|a| a.modelled > 0.0 && a.actual > 0.0);
    let t = |v: f64| if log { v.ln() } else { v };
    let (lo, hi) =
        min_max(areas.iter().flat_map(|a| [t(a.modelled), t(a.actual)])).expect("non-empty");
    let (lo, hi) = fmt::padded(lo, hi, 0.04);
    let lo = if !log && lo < 0.0 && areas.iter().all(|a| a.modelled >= 0.0 && a.actual >= 0.0) {
        0.0
    } else {
        lo
    };

    let colours = GroupColours::new(&areas, lang);
    let lvl = level(r, lang);
    let mut legend = colours.legend();
    legend.push(LegendItem {
        label: lang.msg().actual_modelled.into(),
        kind: LegendKind::Line(INK.mix(0.8)),
    });
    legend.push(LegendItem {
        label: format!("{lvl}{} {}", pct_word(lang), lang.msg().prediction_interval),
        kind: LegendKind::Interval(BAND.mix(0.45)),
    });
    let n_flagged = areas.iter().filter(|a| is_notable(a)).count();
    if n_flagged > 0 {
        legend.push(LegendItem {
            label: lang.msg().outside_the_interval_or_outlier.into(),
            kind: LegendKind::Ring,
        });
    }

    let u = unit(r, lang);
    // The note is finished after labels are placed (it reports omitted names),
    // so reserve its lines now with the longest form.
    let mut note_base = lang.msg().each_point_is_an_area_above.to_string();
    if log {
        note_base.push_str(lang.msg().logarithmic_axes_equal_distances_from_th);
    }
    let area = frame(
        root,
        &Frame {
            title: lang.msg().actual_and_modelled.into(),
            subtitle: subtitle(r, lang),
            legend: &legend,
            note: note_base,
        },
        o,
    )?;

    let ax = Axes {
        x: (lo, hi),
        y: (lo, hi),
        x_desc: with_unit(lang.msg().modelled_2, u),
        y_desc: with_unit(lang.msg().actual_2, u),
        lang,
        y_label_w: 70,
        x_plain: false,
    };
    let mut chart = if log {
        build_log_axes(&area, &ax)?
    } else {
        build_axes(&area, &ax)?
    };

    // Prediction intervals, clipped to the axes (a bound ≤ 0 on a log axis
    // is the axis's lower end).
    let tb = |v: f64| {
        if log && v <= 0.0 {
            f64::NEG_INFINITY
        } else {
            t(v)
        }
    };
    chart.draw_series(areas.iter().filter_map(|a| {
        let (l, h) = (tb(a.pi_low).max(lo), tb(a.pi_high).min(hi));
        ((a.pi_low.is_finite() || (log && !a.pi_low.is_nan())) && a.pi_high.is_finite() && l < h)
            .then(|| {
                PathElement::new(
                    vec![(t(a.modelled), l), (t(a.modelled), h)],
                    BAND.mix(0.28).stroke_width(3),
                )
            })
    }))?;
    // 45° line.
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(lo, lo), (hi, hi)],
        INK.mix(0.8).stroke_width(1),
    )))?;
    // Points: unflagged first so flagged ones sit on top.
    let mut order: Vec<&AreaRow> = areas.clone();
    order.sort_by_key(|a| is_notable(a));
    chart.draw_series(order.iter().map(|a| {
        let c = colours.colour(&a.group);
        Circle::new((t(a.modelled), t(a.actual)), 4, c.mix(0.85).filled())
    }))?;
    chart.draw_series(
        order
            .iter()
            .filter(|a| is_notable(a))
            .map(|a| Circle::new((t(a.modelled), t(a.actual)), 6, INK.stroke_width(2))),
    )?;
    let texts = super::tooltip::AreaTexts::new(r, o.lang);
    for a in &order {
        super::tooltip::point(chart.backend_coord(&(a.modelled, a.actual)), || {
            texts.text(a)
        });
    }

    // Names of notable areas, the most surely deviating first (they get
    // their labels placed first): outside the interval before an outlier
    // inside it, then by |studentized residual| — never by percent.
    let mut flagged: Vec<&AreaRow> = areas.iter().copied().filter(|a| is_notable(a)).collect();
    flagged.sort_by(|a, b| {
        use crate::report::deviation::{side, studentized, Side};
        let outside = |x: &AreaRow| side(x) != Side::Within;
        outside(b)
            .cmp(&outside(a))
            .then_with(|| studentized(b).abs().total_cmp(&studentized(a).abs()))
            .then_with(|| a.id.cmp(&b.id))
    });
    let pts: Vec<(i32, i32)> = areas
        .iter()
        .map(|a| chart.backend_coord(&(t(a.modelled), t(a.actual))))
        .collect();
    let items: Vec<(String, (i32, i32))> = flagged
        .iter()
        .map(|a| {
            (
                area_name(a).to_string(),
                chart.backend_coord(&(t(a.modelled), t(a.actual))),
            )
        })
        .collect();
    let bounds = plot_rect(chart.plotting_area());
    let skipped = draw_point_labels(root, bounds, &pts, &items, &font(13.0))?;
    if skipped > 0 {
        let msg = (lang.msg().names_did_not_fit)(skipped);
        root.draw(&Text::new(
            msg,
            (bounds.x1 - 4, bounds.y1 - 4),
            font(12.5)
                .color(&MUTED)
                .pos(Pos::new(HPos::Right, VPos::Bottom)),
        ))?;
    }
    Ok(())
}

/// Areas the headline chart rings and names: outside their leave-one-out
/// prediction interval, or outliers after the multiple-testing correction.
/// (Practical significance and influence alone would name most areas.)
fn is_notable(a: &AreaRow) -> bool {
    a.flags
        .iter()
        .any(|f| f.is_interval() || *f == contract::flags::Flag::Outlier)
}
