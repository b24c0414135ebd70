//! Coefficients with confidence intervals, raw or standardised (the title says
//! which). The intercept is omitted: its scale is the outcome's and it would
//! squeeze every other row.
//!
//! Standardised coefficients are βⱼ·sd(xⱼ)/sd(y) (`CoefficientRow::standardized`);
//! their interval is the classical interval scaled by the same factor
//! sd(xⱼ)/sd(y) = standardized/estimate, which is exact because the factor is a
//! constant of the data.

use super::*;
use crate::i18n::Catalogue;

struct Row {
    label: String,
    est: f64,
    ci: Option<(f64, f64)>,
}

fn is_intercept(name: &str) -> bool {
    matches!(
        name.trim().to_ascii_lowercase().as_str(),
        "(intercept)" | "intercept" | "const" | "_cons"
    )
}

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    r: &ModelResult,
    scale: CoefScale,
    o: &PlotOptions,
) -> Result<(), PlotError> {
    let lang = o.lang;
    let rows: Vec<Row> = r
        .coefficients
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            !(is_intercept(&c.name) || (*i == 0 && r.model.intercept && c.vif.is_none()))
        })
        .filter_map(|(_, c)| {
            let label = crate::i18n::column_label(&r.model, &c.name, lang)
                .filter(|l| !l.trim().is_empty())
                .map_or_else(|| c.name.clone(), str::to_string);
            let ci =
                (c.ci_low.is_finite() && c.ci_high.is_finite()).then_some((c.ci_low, c.ci_high));
            match scale {
                CoefScale::Raw => c.estimate.is_finite().then_some(Row {
                    label,
                    est: c.estimate,
                    ci,
                }),
                CoefScale::Standardized => {
                    let s = c.standardized.filter(|s| s.is_finite())?;
                    let ci = if c.estimate != 0.0 {
                        let f = s / c.estimate;
                        ci.map(|(l, h)| ((l * f).min(h * f), (l * f).max(h * f)))
                    } else {
                        None
                    };
                    Some(Row { label, est: s, ci })
                }
            }
        })
        .collect();
    if rows.is_empty() {
        return Err(PlotError::NoData {
            chart: "coefficients",
            reason: match scale {
                CoefScale::Raw => "the model has no coefficients besides the intercept".into(),
                CoefScale::Standardized => {
                    "no standardised coefficients in the result; draw the raw scale instead".into()
                }
            },
        });
    }
    let lvl = level(r, lang);
    // Under a log link the estimates are on the log scale: exp(β) is the
    // factor the modelled value is multiplied by per unit of the covariate,
    // printed beside each row.
    let log_link = crate::report::deviation::reads_as_ratio(r) && scale == CoefScale::Raw;
    let title = match scale {
        _ if log_link => lang.msg().coefficients_on_the_log_scale_with_the_f,
        CoefScale::Standardized => lang.msg().coefficients_standardised_title,
        CoefScale::Raw => lang.msg().coefficients_raw_title,
    };
    let note = match scale {
        _ if log_link => (lang.msg().coefficients_note_log)(&lvl),
        CoefScale::Standardized => (lang.msg().coefficients_note_standardised)(&lvl),
        CoefScale::Raw => (lang.msg().coefficients_note_raw)(&lvl),
    };
    let area = frame(
        root,
        &Frame {
            title: title.into(),
            subtitle: subtitle(r, lang),
            legend: &[],
            note,
        },
        o,
    )?;

    let name_style = font(13.5);
    let val_style = font(12.5).color(&MUTED);
    let (aw, _) = area.dim_in_pixel();
    let max_name_w = (aw as i32 * 2 / 5).max(60);
    let mut names = Vec::with_capacity(rows.len());
    let mut name_w = 40;
    for row in &rows {
        let n = ranking::fit_text(root, &row.label, &name_style, max_name_w)?;
        name_w = name_w.max(text_size(root, &n, &name_style)?.0);
        names.push(n);
    }
    let (lo, hi) = min_max(
        rows.iter()
            .flat_map(|r| [Some(r.est), r.ci.map(|c| c.0), r.ci.map(|c| c.1), Some(0.0)])
            .flatten(),
    )
    .expect("non-empty");
    let (lo, hi) = fmt::padded(lo, hi, 0.05);
    let xt = fmt::nice_ticks(
        lo,
        hi,
        ((aw as i32 - name_w - 170) / 70).clamp(4, 9) as usize,
    );
    // Printed values need more digits than the ticks: three significant ones.
    let mag = rows
        .iter()
        .map(|r| r.est.abs())
        .fold(0.0f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let vd = (2 - mag.log10().floor() as i32).clamp(0, 6) as usize;
    let xd = xt.decimals();
    let n = rows.len();
    let mut chart = ChartBuilder::on(&area)
        .margin_left(6)
        .margin_right(8)
        .margin_top(6)
        .margin_bottom(4)
        .x_label_area_size(46)
        .y_label_area_size((name_w + 12) as u32)
        .right_y_label_area_size(170)
        .build_cartesian_2d(
            TickAxis::new(lo, hi, xt.values.clone()),
            TickAxis::new(0.0, n as f64, Vec::new()),
        )?;
    let xf = move |v: &f64| fmt::number(*v, xd, lang);
    chart
        .configure_mesh()
        .x_label_formatter(&xf)
        .x_desc(match scale {
            _ if log_link => lang.msg().coefficient_log_scale,
            CoefScale::Standardized => lang.msg().standardised_coefficient,
            CoefScale::Raw => lang.msg().coefficient,
        })
        .label_style(font(13.5).color(&MUTED))
        .axis_desc_style(font(14.5))
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS.stroke_width(1))
        .draw()?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (0.0, n as f64)],
        INK.stroke_width(1),
    )))?;
    let yc = |i: usize| n as f64 - i as f64 - 0.5;
    let sig = |r: &Row| r.ci.is_some_and(|(l, h)| l > 0.0 || h < 0.0);
    chart.draw_series(rows.iter().enumerate().filter_map(|(i, r)| {
        r.ci.map(|(l, h)| {
            let c = if sig(r) { BELOW } else { NEUTRAL };
            PathElement::new(vec![(l, yc(i)), (h, yc(i))], c.stroke_width(3))
        })
    }))?;
    chart.draw_series(rows.iter().enumerate().map(|(i, r)| {
        let c = if sig(r) { BELOW } else { NEUTRAL };
        Circle::new((r.est, yc(i)), 5, c.filled())
    }))?;
    let (xr, _) = chart.plotting_area().get_pixel_range();
    for (i, (row, name)) in rows.iter().zip(&names).enumerate() {
        let (_, py) = chart.backend_coord(&(0.0, yc(i)));
        root.draw(&Text::new(
            name.clone(),
            (xr.start - 8, py),
            name_style.clone().pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
        let v = match row.ci {
            Some((l, h)) => format!(
                "{} [{}; {}]",
                fmt::number(row.est, vd, lang),
                fmt::number(l, vd, lang),
                fmt::number(h, vd, lang)
            ),
            None => fmt::number(row.est, vd, lang),
        };
        let v = if log_link {
            format!("{v} ×{}", fmt::number(row.est.exp(), 3, lang))
        } else {
            v
        };
        root.draw(&Text::new(
            v,
            (xr.end + 10, py),
            val_style.clone().pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(())
}
