//! Deviation ranking: one horizontal bar per area, sorted from the largest
//! positive deviation to the largest negative.
//!
//! Behind each bar a light field shows the deviation the model would accept for
//! an area like this one: the leave-one-out (1−α) prediction interval minus the
//! modelled value (the ordinary prediction interval when the leave-one-out one
//! is missing), in the chosen measure. A bar that reaches beyond its field is an
//! actual outside the interval, which is what the `above_interval` /
//! `below_interval` flags test. Flagged areas have coloured bars (red above,
//! blue below), bold names and their value printed.

use super::*;
use crate::i18n::Catalogue;

/// Row height when the chart grows with the number of areas.
const ROW_H: i32 = 16;

/// Most areas drawn when every area is asked for (see `rows`).
pub const MAX_ALL_ROWS: usize = 600;

struct Row<'a> {
    a: &'a AreaRow,
    dev: f64,
    band: Option<(f64, f64)>,
}

struct Rows<'a> {
    rows: Vec<Row<'a>>,
    /// Index after which the omitted middle sits (limit mode).
    gap_after: Option<usize>,
    total: usize,
}

fn measure(m: DeviationMeasure, modelled: f64, value: f64) -> Option<f64> {
    match m {
        DeviationMeasure::Absolute => Some(value - modelled),
        DeviationMeasure::Percent => {
            (modelled != 0.0).then(|| 100.0 * (value - modelled) / modelled)
        }
    }
}

fn rows<'a>(r: &'a ModelResult, ro: &RankingOptions) -> Rows<'a> {
    let mut rows: Vec<Row> = r
        .areas
        .iter()
        .filter(|a| a.modelled.is_finite() && a.actual.is_finite())
        .filter_map(|a| {
            let dev = match ro.measure {
                DeviationMeasure::Percent => a
                    .deviation_pct
                    .or_else(|| measure(ro.measure, a.modelled, a.actual))?,
                DeviationMeasure::Absolute => a.actual - a.modelled,
            };
            if !dev.is_finite() {
                return None;
            }
            let (lo, hi) = match (a.loo_pi_low, a.loo_pi_high) {
                (Some(l), Some(h)) if l.is_finite() && h.is_finite() => (l, h),
                _ => (a.pi_low, a.pi_high),
            };
            let band = match (
                measure(ro.measure, a.modelled, lo),
                measure(ro.measure, a.modelled, hi),
            ) {
                (Some(l), Some(h)) if l.is_finite() && h.is_finite() => Some((l.min(h), l.max(h))),
                _ => None,
            };
            Some(Row { a, dev, band })
        })
        .collect();
    rows.sort_by(|x, y| y.dev.total_cmp(&x.dev).then_with(|| x.a.id.cmp(&y.a.id)));
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
    }
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
    let u = unit(r);
    let (x_desc, dec) = match ro.measure {
        DeviationMeasure::Percent => (lang.msg().deviation_from_modelled.to_string(), 0),
        DeviationMeasure::Absolute => (with_unit(lang.msg().deviation_from_modelled_2, u), 0),
    };
    let scope = match (rs.gap_after, lang) {
        (None, Lang::Sv) => format!("Alla {} områden, sorterade efter avvikelse.", rs.total),
        (None, Lang::En) => format!("All {} areas, sorted by deviation.", rs.total),
        (Some(g), Lang::Sv) => format!(
            "De {k} högsta och {k} lägsta av {n} områden.",
            k = g + 1,
            n = rs.total
        ),
        (Some(g), Lang::En) => format!(
            "The {k} highest and {k} lowest of {n} areas.",
            k = g + 1,
            n = rs.total
        ),
    };
    let note = match lang {
        Lang::Sv => format!(
            "{scope} Grått fält: avvikelse som ryms i {lvl}\u{a0}% prediktionsintervall (skattat utan området). Färgad stapel och fet text: flaggat område."
        ),
        Lang::En => format!(
            "{scope} Grey field: deviation within the {lvl}% prediction interval (estimated without the area). Coloured bar and bold name: flagged area."
        ),
    };
    let legend = [
        LegendItem {
            label: lang.msg().above_modelled_flagged.into(),
            kind: LegendKind::Box(ABOVE.mix(0.9)),
        },
        LegendItem {
            label: lang.msg().below_modelled_flagged.into(),
            kind: LegendKind::Box(BELOW.mix(0.9)),
        },
        LegendItem {
            label: lang.msg().not_flagged.into(),
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
        let st = if row.a.flags.is_empty() {
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
                    Some(r.dev),
                    r.band.map(|b| b.0),
                    r.band.map(|b| b.1),
                    Some(0.0),
                ]
            })
            .flatten(),
    )
    .expect("non-empty");
    // Room on the right and left for printed values of flagged bars.
    let (xlo, xhi) = fmt::padded(xlo, xhi, 0.08);
    let (aw, _) = area.dim_in_pixel();
    let xt = fmt::nice_ticks(xlo, xhi, ((aw as i32 - name_w) / 90).clamp(3, 11) as usize);
    let xd = xt.decimals().max(dec);
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
            TickAxis::new(xlo, xhi, xt.values.clone()),
            TickAxis::new(0.0, m as f64, Vec::new()),
        )?;
    let xf = move |v: &f64| fmt::number(*v, xd, lang);
    if tall {
        // A long chart repeats the scale above the first row, where the reader starts.
        for v in &xt.values {
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
    chart.draw_series(rs.rows.iter().enumerate().map(|(i, row)| {
        let y = yc(slot(i));
        let c = if row.a.flags.is_empty() {
            NEUTRAL
        } else if row.dev >= 0.0 {
            ABOVE
        } else {
            BELOW
        };
        Rectangle::new([(0.0, y - 0.22), (row.dev, y + 0.22)], c.filled())
    }))?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (0.0, m as f64)],
        INK.stroke_width(1),
    )))?;

    // Names, right-aligned against the plot; values of flagged bars at their ends.
    let (xr, _) = chart.plotting_area().get_pixel_range();
    for (i, (row, name)) in rs.rows.iter().zip(&names).enumerate() {
        let (_, py) = chart.backend_coord(&(0.0, yc(slot(i))));
        let flagged = !row.a.flags.is_empty();
        let st = if flagged { &bold_style } else { &name_style };
        root.draw(&Text::new(
            name.clone(),
            (xr.start - 8, py),
            st.clone().pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
        if flagged {
            let text = match ro.measure {
                DeviationMeasure::Percent => fmt::percent(row.dev, 0, lang),
                DeviationMeasure::Absolute => fmt::signed(row.dev, 0, lang),
            };
            let (bx, _) = chart.backend_coord(&(row.dev, 0.0));
            let (hpos, x) = if row.dev >= 0.0 {
                (HPos::Left, bx + 4)
            } else {
                (HPos::Right, bx - 4)
            };
            root.draw(&Text::new(
                text,
                (x, py),
                font(12.0).color(&MUTED).pos(Pos::new(hpos, VPos::Center)),
            ))?;
        }
    }
    if let Some(g) = rs.gap_after {
        let (_, py) = chart.backend_coord(&(0.0, yc(g + 1)));
        let omitted = rs.total - rs.rows.len();
        let text = match lang {
            Lang::Sv => format!("\u{22ee} {omitted} områden utelämnade \u{22ee}"),
            Lang::En => format!("\u{22ee} {omitted} areas not shown \u{22ee}"),
        };
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
