//! Deviation ranking: one horizontal bar per area, sorted from the largest
//! positive deviation to the largest negative.
//!
//! Behind each bar a light field shows the deviation the model would accept for
//! an area like this one: the leave-one-out (1−α) prediction interval minus the
//! modelled value (the ordinary prediction interval when the leave-one-out one
//! is missing), in the chosen measure. A bar that reaches beyond its field is an
//! actual outside the interval, which is what the `above_interval` /
//! `below_interval` flags test. Areas outside their interval or flagged as
//! outliers have coloured bars (red above, blue below), bold names and their
//! value printed.
//!
//! The measure: amounts for a linear model (its modelled value can be near
//! zero or negative, where a percent explodes or flips sign), the ratio
//! actual/modelled on a log axis for a log link; a percent only of a positive
//! modelled value. One extreme bar does not flatten the rest: the axis is cut
//! at Tukey's outer fences and a cut bar ends in an arrow with its value.

use super::*;
use crate::i18n::Catalogue;

/// Row height when the chart grows with the number of areas.
const ROW_H: i32 = 16;

/// Most areas drawn when every area is asked for (see `rows`).
pub const MAX_ALL_ROWS: usize = 600;

struct Row<'a> {
    a: &'a AreaRow,
    /// The deviation in the chosen measure, as printed (percent, amount or
    /// ratio).
    dev: f64,
    /// Where the bar ends on the axis: `dev`, or ln(`dev`) for the ratio.
    x: f64,
    /// The interval's field on the axis; the low end is −∞ for a ratio whose
    /// interval reaches zero or below.
    band: Option<(f64, f64)>,
}

struct Rows<'a> {
    rows: Vec<Row<'a>>,
    /// Index after which the omitted middle sits (limit mode).
    gap_after: Option<usize>,
    total: usize,
    /// Areas left out because the measure divides by their modelled value
    /// and it is not positive (percent, ratio).
    nonpositive: Vec<&'a AreaRow>,
}

/// The deviation of `value` from `modelled` in the measure, on the axis's
/// scale (ln for the ratio); `None` where it would divide by a modelled value
/// that is not positive.
fn measure(m: DeviationMeasure, modelled: f64, value: f64) -> Option<f64> {
    match m {
        DeviationMeasure::Absolute => Some(value - modelled),
        DeviationMeasure::Percent => {
            (modelled > 0.0).then(|| 100.0 * (value - modelled) / modelled)
        }
        DeviationMeasure::Ratio => (modelled > 0.0).then(|| {
            let q = value / modelled;
            if q > 0.0 {
                q.ln()
            } else {
                f64::NEG_INFINITY
            }
        }),
    }
}

fn rows<'a>(r: &'a ModelResult, ro: &RankingOptions) -> Rows<'a> {
    let mut nonpositive = Vec::new();
    let mut rows: Vec<Row> = Vec::with_capacity(r.areas.len());
    for a in r
        .areas
        .iter()
        .filter(|a| a.modelled.is_finite() && a.actual.is_finite())
    {
        let divides = ro.measure != DeviationMeasure::Absolute;
        // No percent or ratio of a modelled value ≤ 0 or one that may be 0
        // (its confidence interval reaches 0): named under the chart.
        if divides && crate::report::deviation::percent_withheld(a) {
            nonpositive.push(a);
            continue;
        }
        let (dev, x) = match ro.measure {
            DeviationMeasure::Percent => match crate::report::deviation::shown_pct(a) {
                Some(p) => (p, p),
                None => continue,
            },
            DeviationMeasure::Absolute => (a.actual - a.modelled, a.actual - a.modelled),
            DeviationMeasure::Ratio => {
                let q = a.actual / a.modelled;
                if q.is_nan() || q <= 0.0 {
                    // An actual of zero has no place on a log axis.
                    continue;
                }
                (q, q.ln())
            }
        };
        if !x.is_finite() {
            continue;
        }
        let (lo, hi) = match (a.loo_pi_low, a.loo_pi_high) {
            (Some(l), Some(h)) if l.is_finite() && h.is_finite() => (l, h),
            _ => (a.pi_low, a.pi_high),
        };
        let band = match (
            measure(ro.measure, a.modelled, lo),
            measure(ro.measure, a.modelled, hi),
        ) {
            (Some(l), Some(h)) if !l.is_nan() && h.is_finite() => Some((l.min(h), l.max(h))),
            _ => None,
        };
        rows.push(Row { a, dev, x, band });
    }
    rows.sort_by(|x, y| y.x.total_cmp(&x.x).then_with(|| x.a.id.cmp(&y.a.id)));
    let total = rows.len();
    let mut gap_after = None;
    // Every area is drawn only while the bars can still be read: beyond
    // MAX_ALL_ROWS (a chart of ~10 000 px) the top and bottom are shown and
    // the chart says how many areas are not (a 60 000-area chart would be
    // 960 000 px tall).
    let limit = ro
        .limit
        .or((total > MAX_ALL_ROWS).then_some(MAX_ALL_ROWS / 2));
    if let Some(k) = limit {
        let k = k.max(1);
        if 2 * k < total {
            rows.drain(k..total - k);
            gap_after = Some(k - 1);
        }
    }
    Rows {
        rows,
        gap_after,
        total,
        nonpositive,
    }
}

/// Whether a bar is coloured, its name bold and its value printed: the area
/// lies outside its interval or is an outlier after the multiple-testing
/// correction — the areas the data speak clearly about. (A deviation of at
/// least the practical minimum alone, or influence, would colour most bars.)
fn notable(a: &AreaRow) -> bool {
    a.flags
        .iter()
        .any(|f| f.is_interval() || *f == contract::flags::Flag::Outlier)
}

/// Tukey's outer fences, Q1 − 3·IQR and Q3 + 3·IQR (Tukey 1977, "far out"
/// values), of the bar ends: the axis is cut there when a bar reaches beyond,
/// so that one extreme area does not flatten every other bar. Quantiles as
/// R's `quantile(type = 7)`. `None` (no cut) with fewer than 8 bars or no
/// spread.
pub(crate) fn outer_fences(xs: &[f64]) -> Option<(f64, f64)> {
    let mut v: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    if v.len() < 8 {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let h = (v.len() - 1) as f64 * p;
        let (i, f) = (h.floor() as usize, h - h.floor());
        v[i] + f * (v[(i + 1).min(v.len() - 1)] - v[i])
    };
    let (q1, q3) = (q(0.25), q(0.75));
    let iqr = q3 - q1;
    (iqr > 0.0).then_some((q1 - 3.0 * iqr, q3 + 3.0 * iqr))
}

/// Ticks of the ratio axis: nice ratios (…, 0.5, 0.67, 1, 1.5, 2, …) inside
/// `[lo, hi]` (ratios), at most `max` of them, as ln values.
fn ratio_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    const SETS: [&[f64]; 4] = [
        &[
            0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.4, 0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 2.5, 4.0,
            5.0, 10.0, 20.0, 50.0, 100.0,
        ],
        &[
            0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 0.67, 1.0, 1.5, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0,
        ],
        &[0.01, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 100.0],
        &[0.01, 0.1, 1.0, 10.0, 100.0],
    ];
    let mut pick = Vec::new();
    for set in SETS {
        pick = set
            .iter()
            .copied()
            .filter(|v| *v >= lo * (1.0 - 1e-9) && *v <= hi * (1.0 + 1e-9))
            .collect();
        if pick.len() <= max.max(3) {
            break;
        }
    }
    pick.into_iter().map(f64::ln).collect()
}

/// A ratio as a tick or bar label: `0,67`, `1`, `1,5`, `12`.
fn ratio_text(q: f64, lang: Lang) -> String {
    let d = if q >= 10.0 || (q - q.round()).abs() < 1e-9 {
        0
    } else if ((q * 10.0) - (q * 10.0).round()).abs() < 1e-9 {
        1
    } else {
        2
    };
    fmt::number(q, d, lang)
}

/// Pixels taken by everything but the rows: header, axis, legend and note.
fn fixed_height(o: &PlotOptions) -> i32 {
    (if o.show_title { 62 } else { 12 }) + 66 + 28 + 50
}

pub(super) fn height(r: &ModelResult, ro: &RankingOptions, o: &PlotOptions) -> u32 {
    let rs = rows(r, ro);
    let m = (rs.rows.len() + usize::from(rs.gap_after.is_some())).max(1) as i32;
    let top_scale = if m > 40 { 20 } else { 0 };
    let need = fixed_height(o) + top_scale + m * ROW_H;
    need.max(o.height as i32) as u32
}

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    r: &ModelResult,
    ro: &RankingOptions,
    o: &PlotOptions,
) -> Result<(), PlotError> {
    let lang = o.lang;
    let rs = rows(r, ro);
    if rs.rows.is_empty() {
        return Err(PlotError::NoData {
            chart: "deviation-ranking",
            reason: "no area has a finite deviation".into(),
        });
    }
    let m = rs.rows.len() + usize::from(rs.gap_after.is_some());
    let lvl = level(r, lang);
    let u = unit(r, lang);
    let (x_desc, dec) = match ro.measure {
        DeviationMeasure::Percent => (lang.msg().deviation_from_modelled.to_string(), 0),
        DeviationMeasure::Absolute => (with_unit(lang.msg().deviation_from_modelled_2, u), 0),
        DeviationMeasure::Ratio => (
            lang.msg()
                .actual_modelled_times_logarithmic_scale
                .to_string(),
            0,
        ),
    };
    // The axis is cut at the outer fences of the bars when one reaches
    // beyond: those bars end in an arrow with their true value printed.
    let xs: Vec<f64> = rs.rows.iter().map(|r| r.x).collect();
    let fences = outer_fences(&xs).filter(|(lo, hi)| xs.iter().any(|x| x < lo || x > hi));
    let clip = |x: f64| match fences {
        Some((lo, hi)) => x.clamp(lo, hi),
        None => x,
    };
    let clipped = |x: f64| fences.is_some_and(|(lo, hi)| x < lo || x > hi);
    let scope = match rs.gap_after {
        None => (lang.msg().ranking_scope_all)(rs.total),
        Some(g) => (lang.msg().ranking_scope_ends)(g + 1, rs.total),
    };
    let mut note = (lang.msg().ranking_chart_note)(&scope, &lvl);
    if fences.is_some() {
        note.push_str(lang.msg().bar_with_an_arrow_the_axis_is_cut_the_tr);
    }
    if !rs.nonpositive.is_empty() {
        let names: Vec<&str> = rs.nonpositive.iter().map(|a| area_name(a)).collect();
        note.push_str(&(lang.msg().ranking_not_shown)(&names.join(", ")));
    }
    let legend = [
        LegendItem {
            label: lang.msg().above_modelled_clearly.into(),
            kind: LegendKind::Box(ABOVE.mix(0.9)),
        },
        LegendItem {
            label: lang.msg().below_modelled_clearly.into(),
            kind: LegendKind::Box(BELOW.mix(0.9)),
        },
        LegendItem {
            label: lang.msg().within_the_interval.into(),
            kind: LegendKind::Box(NEUTRAL.mix(0.9)),
        },
        LegendItem {
            label: format!("{lvl}{} {}", pct_word(lang), lang.msg().prediction_interval),
            kind: LegendKind::Box(BAND.mix(0.25)),
        },
    ];
    let area = frame(
        root,
        &Frame {
            title: lang.msg().deviation_from_modelled_2.into(),
            subtitle: subtitle(r, lang),
            legend: &legend,
            note,
        },
        o,
    )?;

    // Name column: as wide as the longest name, at most 40 % of the width.
    let name_style = font(12.5);
    let bold_style = bold(12.5);
    let (w, _) = area.dim_in_pixel();
    let max_name_w = (w as i32 * 2 / 5).max(60);
    let mut names = Vec::with_capacity(rs.rows.len());
    let mut name_w = 40;
    for row in &rs.rows {
        let st = if !notable(row.a) {
            &name_style
        } else {
            &bold_style
        };
        let name = fit_text(root, area_name(row.a), st, max_name_w)?;
        name_w = name_w.max(text_size(root, &name, st)?.0);
        names.push(name);
    }

    let (xlo, xhi) = min_max(
        rs.rows
            .iter()
            .flat_map(|r| {
                [
                    Some(clip(r.x)),
                    r.band.map(|b| clip(b.0)),
                    r.band.map(|b| clip(b.1)),
                    Some(0.0),
                ]
            })
            .flatten(),
    )
    .expect("non-empty");
    // Room on the right and left for printed values of flagged bars (more
    // when the axis is cut: an arrow and a value go there).
    let (xlo, xhi) = fmt::padded(xlo, xhi, if fences.is_some() { 0.16 } else { 0.08 });
    let (aw, _) = area.dim_in_pixel();
    let max_ticks = ((aw as i32 - name_w) / 90).clamp(3, 11) as usize;
    let ratio = ro.measure == DeviationMeasure::Ratio;
    let (ticks, xd) = if ratio {
        (ratio_ticks(xlo.exp(), xhi.exp(), max_ticks), 0)
    } else {
        let xt = fmt::nice_ticks(xlo, xhi, max_ticks);
        let xd = xt.decimals().max(dec);
        (xt.values, xd)
    };
    // Charts taller than a screen get the scale at the top as well.
    let tall = m > 40;
    let mut chart = ChartBuilder::on(&area)
        .margin_left(6)
        .margin_right(18)
        .margin_top(if tall { 26 } else { 6 })
        .margin_bottom(4)
        .x_label_area_size(46)
        .y_label_area_size((name_w + 12) as u32)
        .build_cartesian_2d(
            TickAxis::new(xlo, xhi, ticks.clone()),
            TickAxis::new(0.0, m as f64, Vec::new()),
        )?;
    let xf = move |v: &f64| {
        if ratio {
            ratio_text(v.exp(), lang)
        } else {
            fmt::number(*v, xd, lang)
        }
    };
    if tall {
        // A long chart repeats the scale above the first row, where the reader starts.
        for v in &ticks {
            let (px, py) = chart.backend_coord(&(*v, m as f64));
            root.draw(&Text::new(
                xf(v),
                (px, py - 6),
                font(13.5)
                    .color(&MUTED)
                    .pos(Pos::new(HPos::Center, VPos::Bottom)),
            ))?;
        }
    }
    chart
        .configure_mesh()
        .x_label_formatter(&xf)
        .x_desc(x_desc)
        .label_style(font(13.5).color(&MUTED))
        .axis_desc_style(font(14.5))
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS.stroke_width(1))
        .draw()?;

    // Row i (0 = top) spans y ∈ [m − i − 1, m − i].
    let slot = |i: usize| -> usize {
        match rs.gap_after {
            Some(g) if i > g => i + 1,
            _ => i,
        }
    };
    let yc = |s: usize| m as f64 - s as f64 - 0.5;
    chart.draw_series(rs.rows.iter().enumerate().filter_map(|(i, row)| {
        row.band.map(|(l, h)| {
            let y = yc(slot(i));
            Rectangle::new(
                [(l.max(xlo), y - 0.36), (h.min(xhi), y + 0.36)],
                BAND.mix(0.25).filled(),
            )
        })
    }))?;
    let colour = |row: &Row| {
        if !notable(row.a) {
            NEUTRAL
        } else if row.x >= 0.0 {
            ABOVE
        } else {
            BELOW
        }
    };
    chart.draw_series(rs.rows.iter().enumerate().map(|(i, row)| {
        let y = yc(slot(i));
        Rectangle::new(
            [(0.0, y - 0.22), (clip(row.x), y + 0.22)],
            colour(row).filled(),
        )
    }))?;
    let texts = super::tooltip::AreaTexts::new(r, lang);
    for (i, row) in rs.rows.iter().enumerate() {
        let y = yc(slot(i));
        super::tooltip::bar(
            chart.backend_coord(&(0.0, y - 0.22)),
            chart.backend_coord(&(row.dev, y + 0.22)),
            || texts.text(row.a),
        );
    }
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (0.0, m as f64)],
        INK.stroke_width(1),
    )))?;

    // Names, right-aligned against the plot; values of flagged bars at their
    // ends, and of every cut bar after its arrow.
    let (xr, _) = chart.plotting_area().get_pixel_range();
    for (i, (row, name)) in rs.rows.iter().zip(&names).enumerate() {
        let (_, py) = chart.backend_coord(&(0.0, yc(slot(i))));
        let flagged = notable(row.a);
        let st = if flagged { &bold_style } else { &name_style };
        root.draw(&Text::new(
            name.clone(),
            (xr.start - 8, py),
            st.clone().pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
        let cut = clipped(row.x);
        let (bx, _) = chart.backend_coord(&(clip(row.x), 0.0));
        let up = row.x >= 0.0;
        let mut gap = 4;
        if cut {
            // An arrowhead past the cut end, pointing out of the axis.
            let d = if up { 1 } else { -1 };
            root.draw(&Polygon::new(
                vec![(bx, py - 6), (bx + d * 9, py), (bx, py + 6)],
                colour(row).filled(),
            ))?;
            gap = 12;
        }
        if flagged || cut {
            let text = match ro.measure {
                DeviationMeasure::Percent => fmt::percent(row.dev, 0, lang),
                DeviationMeasure::Absolute => fmt::signed(row.dev, 0, lang),
                DeviationMeasure::Ratio => ratio_text(row.dev, lang),
            };
            let (hpos, x) = if up {
                (HPos::Left, bx + gap)
            } else {
                (HPos::Right, bx - gap)
            };
            let style = if cut { bold(12.0) } else { font(12.0) };
            root.draw(&Text::new(
                text,
                (x, py),
                style.color(&MUTED).pos(Pos::new(hpos, VPos::Center)),
            ))?;
        }
    }
    if let Some(g) = rs.gap_after {
        let (_, py) = chart.backend_coord(&(0.0, yc(g + 1)));
        let omitted = rs.total - rs.rows.len();
        let text = (lang.msg().areas_not_shown)(omitted);
        root.draw(&Text::new(
            text,
            ((xr.start + xr.end) / 2, py),
            font(12.5)
                .color(&MUTED)
                .pos(Pos::new(HPos::Center, VPos::Center)),
        ))?;
    }
    Ok(())
}

/// Shorten `text` with an ellipsis until it fits in `max_w` pixels.
pub(super) fn fit_text<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    max_w: i32,
) -> Result<String, PlotError> {
    if text_size(root, text, style)?.0 <= max_w {
        return Ok(text.to_string());
    }
    let chars: Vec<char> = text.chars().collect();
    let mut n = chars.len();
    while n > 1 {
        n -= 1;
        let cand: String = chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
        if text_size(root, &cand, style)?.0 <= max_w {
            return Ok(cand);
        }
    }
    Ok("…".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::sample::sample_result;

    fn opts(lang: Lang) -> PlotOptions {
        PlotOptions {
            lang,
            ..PlotOptions::default()
        }
    }

    #[test]
    fn ranking_axis_is_not_flattened_by_one_area() {
        let mut r = sample_result();
        // One area 40 times further from its modelled value than any other
        // (as Danderyd's −16 000 % was on the linear national model).
        let spread = r.areas.iter().map(|a| a.residual.abs()).fold(0.0, f64::max);
        let a = &mut r.areas[7];
        a.actual = a.modelled + 40.0 * spread;
        a.residual = a.actual - a.modelled;
        a.deviation_pct = Some(100.0 * a.residual / a.modelled);
        let extreme = a.residual;
        let name = area_name(a).to_string();
        let ro = RankingOptions {
            measure: DeviationMeasure::Absolute,
            limit: None,
        };
        let rs = rows(&r, &ro);
        let xs: Vec<f64> = rs.rows.iter().map(|r| r.x).collect();
        let (lo, hi) = outer_fences(&xs).expect("fences");
        assert!(extreme > hi, "the extreme area lies beyond the fence");
        // Every other bar lies within the fences, so the axis spans them.
        assert!(xs
            .iter()
            .filter(|x| **x != extreme)
            .all(|x| *x >= lo && *x <= hi));
        let svg = Chart::DeviationRanking(&r, ro)
            .svg(&opts(Lang::En))
            .unwrap();
        // The true value is printed, the axis is said to be cut, and the
        // bar ends in an arrow (a polygon; no other polygon is drawn).
        assert!(svg.contains(&fmt::signed(extreme, 0, Lang::En)), "{name}");
        assert!(svg.contains("the axis is cut"));
        assert!(svg.contains("<polygon"));
        // No tick label reaches anywhere near the extreme value.
        let biggest_tick = fmt::nice_ticks(lo, hi, 12).values.last().copied().unwrap();
        assert!(biggest_tick < extreme / 4.0);
        // Without an extreme value nothing is cut.
        let plain = sample_result();
        let svg = Chart::DeviationRanking(&plain, ro)
            .svg(&opts(Lang::En))
            .unwrap();
        assert!(!svg.contains("the axis is cut"));
        assert!(!svg.contains("<polygon"));
    }

    #[test]
    fn danderyd_bar_points_the_way_it_paid() {
        let mut r = sample_result();
        // Danderyd on the linear national model of 2022: modelled −2 kr/inv,
        // actual 336: it paid 338 kr/inv more than modelled.
        let a = &mut r.areas[3];
        a.name = "Danderyd".into();
        a.modelled = -2.0;
        a.actual = 336.0;
        a.residual = 338.0;
        a.deviation_pct = Some(-16_900.0);
        // The report's measure for a linear model is the amount: the bar
        // points right (+338), not left.
        let ro = RankingOptions::for_result(&r);
        assert_eq!(ro.measure, DeviationMeasure::Absolute);
        let rs = rows(&r, &ro);
        let d = rs.rows.iter().find(|x| x.a.name == "Danderyd").unwrap();
        assert_eq!(d.x, 338.0);
        // Asked for percent, the chart does not divide by −2: Danderyd is
        // left out and named in the note.
        let pct = RankingOptions {
            measure: DeviationMeasure::Percent,
            limit: None,
        };
        let rs = rows(&r, &pct);
        assert!(rs.rows.iter().all(|x| x.a.name != "Danderyd"));
        assert_eq!(rs.nonpositive.len(), 1);
        let svg = Chart::DeviationRanking(&r, pct)
            .svg(&opts(Lang::Sv))
            .unwrap();
        assert!(svg.contains("Visas inte"));
        assert!(!svg.contains("16\u{a0}900"));
    }

    #[test]
    fn ratio_axis_ticks_are_nice_ratios() {
        let t: Vec<f64> = ratio_ticks(0.6, 1.8, 8)
            .into_iter()
            .map(|v| (v.exp() * 100.0).round() / 100.0)
            .collect();
        assert_eq!(t, [0.67, 0.8, 1.0, 1.25, 1.5]);
        assert_eq!(ratio_text(1.0, Lang::Sv), "1");
        assert_eq!(ratio_text(1.5, Lang::Sv), "1,5");
        assert_eq!(ratio_text(0.67, Lang::En), "0.67");
    }
}
