//! `report.md`: the report as Markdown for pasting into documents (tables in
//! GitHub/CommonMark pipe syntax), with the same summary, tables and method
//! text as the HTML report, numbers formatted by language.

use crate::i18n::Catalogue;
use std::fmt::Write;

use super::format as f;
use super::{
    area_interval, area_sentence, coef_label, fit_rows, flag_label, group_display, interval_text,
    ranking_order, summary, text, value_decimals,
};
use super::{status_label, TrendStatus};
use crate::lang::Lang;
use crate::results::ModelResult;
use contract::views::decomposition_focus;

/// Escape text from data for Markdown: table pipes, emphasis and link
/// characters, and angle brackets (so no raw HTML passes through).
pub fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    out
}

fn table(out: &mut String, header: &[String], align_right: &[bool], rows: &[Vec<String>]) {
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let seps: Vec<&str> = align_right
        .iter()
        .map(|&r| if r { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", seps.join("|"));
    for r in rows {
        let _ = writeln!(out, "| {} |", r.join(" | "));
    }
    out.push('\n');
}

fn s(x: &str) -> String {
    x.to_string()
}

/// The percent (or, under a log link, ratio) cell of an area: `–*` where the
/// modelled value is not positive (the footnote under the table says why).
fn pct_cell(a: &crate::results::AreaRow, as_ratio: bool, lang: Lang) -> String {
    use super::deviation;
    if as_ratio {
        return deviation::ratio(a).map_or(f::MISSING.into(), |q| f::number(q, 2, lang));
    }
    match deviation::shown_pct(a) {
        Some(p) => f::signed_percent(p, 0, lang),
        None if a.modelled <= 0.0 => format!("{}\\*", f::MISSING),
        None => f::MISSING.into(),
    }
}

/// The Markdown report for one model and year.
pub fn report_md(r: &ModelResult, lang: Lang) -> String {
    report_md_with(r, lang, None)
}

/// [`report_md`] showing the deviation map (`map`: the PNG's path relative to
/// the report) after the summary.
pub fn report_md_with(r: &ModelResult, lang: Lang, map: Option<&str>) -> String {
    let mut o = String::new();
    let year = r.year.map(|y| format!(" – {y}")).unwrap_or_default();
    let _ = writeln!(o, "# {}{year}\n", escape_md(&r.model.title));
    let _ = writeln!(
        o,
        "{}: `{}` · {}: {}
",
        lang.msg().model,
        r.model.name.replace('`', "'"),
        lang.msg().outcome,
        escape_md(&super::label_and_id(r, &r.model.outcome, lang)),
    );

    let sm = summary(r, lang, 3);
    let _ = writeln!(o, "## {}\n", lang.msg().summary);
    let _ = writeln!(o, "{}\n", escape_md(&sm.headline.join(" ")));
    if let Some(w) = super::nonpositive_warning(r, lang) {
        let _ = writeln!(o, "> **{}**\n", escape_md(&w));
    }
    for &i in &sm.cities {
        let _ = writeln!(o, "- {}", escape_md(&area_sentence(r, &r.areas[i], lang)));
    }
    if !sm.cities.is_empty() {
        o.push('\n');
    }
    for (head, lines) in [
        (lang.msg().most_above_the_modelled_value_2, &sm.above),
        (lang.msg().most_below_the_modelled_value_2, &sm.below),
    ] {
        if lines.is_empty() {
            continue;
        }
        let _ = writeln!(o, "{head}\n");
        for &i in lines {
            let _ = writeln!(o, "- {}", escape_md(&area_sentence(r, &r.areas[i], lang)));
        }
        o.push('\n');
    }

    // Ranking.
    let d = value_decimals(r);
    let unit = if r.model.outcome_unit.is_empty() {
        String::new()
    } else {
        format!(" ({})", r.model.outcome_unit)
    };
    let lvl = super::level(r, lang);
    if let Some(png) = map {
        let _ = writeln!(o, "## {}\n", lang.pick("Karta", "Map"));
        let _ = writeln!(
            o,
            "![{}]({png})\n\n{}\n",
            lang.pick("Karta: avvikelse per område", "Map: deviation by area"),
            lang.pick(
                "Rött: utfall över modellvärdet, blått: under. Tjock kontur: utanför prediktionsintervallet. Grått: inte i urvalet.",
                "Red: actual above modelled, blue: below. Thick outline: outside the prediction interval. Grey: not in the sample.",
            )
        );
    }
    let as_ratio = super::deviation::reads_as_ratio(r);
    let _ = writeln!(o, "## {}\n", lang.msg().ranking);
    let _ = writeln!(
        o,
        "{}\n",
        match lang {
            Lang::Sv => format!("Ordnad efter hur säkert området avviker från modellvärdet: först de över sitt intervall, sedan de inom det, sist de under – inom varje del efter studentiserad residual. Intervallet är {lvl} prediktionsintervall kring modellvärdet utan området."),
            Lang::En => format!("Ordered by how surely the area deviates from the modelled value: first those above their interval, then those within it, last those below – within each part by studentized residual. The interval is the {lvl} prediction interval around the leave-one-out modelled value."),
        }
    );
    let header = vec![
        s("#"),
        s(lang.msg().area),
        s(lang.msg().group),
        format!("{}{unit}", lang.msg().actual_2),
        s(lang.msg().modelled_2),
        s(lang.msg().leave_one_out),
        s(lang.msg().deviation),
        if as_ratio {
            s(lang.msg().times_modelled_2)
        } else {
            s("%")
        },
        s(lang.msg().total),
        s(lang.msg().interval),
        s(lang.msg().flags),
    ];
    let mut align = vec![
        true, false, false, true, true, true, true, true, true, true, false,
    ];
    let rank_head = super::rank_level(r, lang).map(|l| match lang {
        Lang::Sv => format!("Rang ({l} intervall)"),
        Lang::En => format!("Rank ({l} interval)"),
    });
    let mut header = header;
    if let Some(h) = &rank_head {
        header.insert(1, h.clone());
        align.insert(1, true);
    }
    let rows: Vec<Vec<String>> = ranking_order(r)
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let a = &r.areas[i];
            let (lo, hi, _) = area_interval(a);
            let flags: Vec<String> = a.flags.iter().map(|&fl| flag_label(fl, r, lang)).collect();
            let rank = super::rank_interval(r, a)
                .map(|(x, lo, hi)| format!("{x} ({lo}–{hi})"))
                .unwrap_or_else(|| f::MISSING.to_string());
            let mut row = vec![
                (k + 1).to_string(),
                format!("{} ({})", escape_md(&a.name), escape_md(&a.id)),
                escape_md(group_display(a)),
                f::number(a.actual, d, lang),
                f::number(a.modelled, d, lang),
                f::opt_number(a.loo_modelled, d, lang),
                f::signed(a.residual, d, lang),
                pct_cell(a, as_ratio, lang),
                a.deviation_total
                    .map_or(f::MISSING.into(), |t| f::kronor_total(t, lang)),
                interval_text(lo, hi, d, lang),
                escape_md(&flags.join(", ")),
            ];
            if rank_head.is_some() {
                row.insert(1, rank);
            }
            row
        })
        .collect();
    table(&mut o, &header, &align, &rows);
    if !as_ratio && !super::deviation::nonpositive_modelled(r).is_empty() {
        let _ = writeln!(o, "{}\n", escape_md(super::no_percent_footnote(lang)));
    }

    cross_city_md(&mut o, r, lang);

    // Fit and coefficients.
    let _ = writeln!(o, "## {}\n", lang.msg().model_fit);
    let fr: Vec<Vec<String>> = fit_rows(r, lang)
        .into_iter()
        .map(|(k, v)| vec![k, escape_md(&v)])
        .collect();
    table(
        &mut o,
        &[s(lang.msg().measure), s(lang.msg().value)],
        &[false, true],
        &fr,
    );
    if let Some((head, rows)) = super::family::comparison_table(r, lang) {
        let _ = writeln!(o, "### {}\n", lang.msg().why_this_model_family);
        if let Some(t) = super::family::comparison_sentence(r, lang) {
            let _ = writeln!(o, "{}\n", escape_md(&t));
        }
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .map(|row| row.iter().map(|c| escape_md(c)).collect())
            .collect();
        let align: Vec<bool> = (0..head.len()).map(|k| k > 0).collect();
        table(&mut o, &head, &align, &rows);
        if let Some(n) = super::family::comparison_note(r, lang) {
            let _ = writeln!(o, "{}\n", escape_md(&n));
        }
    }
    let _ = writeln!(o, "## {}\n", lang.msg().coefficients);
    let log_link = super::deviation::reads_as_ratio(r);
    let ci = super::level(r, lang);
    let header = vec![
        s(lang.msg().variable),
        s(lang.msg().estimate),
        s(lang.msg().std_error),
        s(super::family::test_name(r)),
        s("p"),
        format!("{ci} {}", lang.msg().confidence_interval),
        s(lang.msg().robust_s_e_hc3),
        s("VIF"),
        s(lang.msg().standardised),
    ];
    let rows: Vec<Vec<String>> = r
        .coefficients
        .iter()
        .map(|c| {
            vec![
                escape_md(&coef_label(r, &c.name, lang)),
                f::sig(c.estimate, 3, lang),
                f::sig(c.std_error, 3, lang),
                f::number(c.t, 2, lang),
                f::p_value(c.p, lang),
                format!(
                    "{} – {}",
                    f::sig(c.ci_low, 3, lang),
                    f::sig(c.ci_high, 3, lang)
                ),
                f::sig(c.hc3_std_error, 3, lang),
                f::opt_number(c.vif, 2, lang),
                f::opt_number(c.standardized, 2, lang),
            ]
        })
        .collect();
    let (mut header, mut rows) = (header, rows);
    if log_link {
        header.insert(6, s(lang.msg().exp_factor));
        header.insert(7, format!("exp, {ci} {}", lang.msg().confidence_interval));
        for (row, c) in rows.iter_mut().zip(&r.coefficients) {
            row.insert(6, f::sig(c.estimate.exp(), 4, lang));
            row.insert(
                7,
                format!(
                    "{} – {}",
                    f::sig(c.ci_low.exp(), 4, lang),
                    f::sig(c.ci_high.exp(), 4, lang)
                ),
            );
        }
    }
    let align: Vec<bool> = (0..header.len()).map(|k| k > 0).collect();
    table(&mut o, &header, &align, &rows);
    residuals_md(&mut o, r, lang);

    // Excluded.
    let _ = writeln!(o, "## {}\n", lang.msg().excluded_areas);
    if r.excluded.is_empty() {
        let _ = writeln!(o, "{}\n", lang.msg().none);
    } else {
        let rows: Vec<Vec<String>> = r
            .excluded
            .iter()
            .map(|e| {
                let why = crate::i18n::reasons::exclusion(&e.reason, lang);
                vec![escape_md(&e.id), escape_md(&e.name), escape_md(&why)]
            })
            .collect();
        table(
            &mut o,
            &[s("id"), s(lang.msg().name), s(lang.msg().reason)],
            &[false, false, false],
            &rows,
        );
    }

    // Method.
    let _ = writeln!(o, "## {}\n", lang.msg().method);
    let _ = writeln!(o, "{}\n", escape_md(&text::model_description(r, lang)));
    for (k, v) in text::deviation_formulas(lang) {
        let _ = writeln!(o, "- **{k}:** {v}");
    }
    if let Some((k, v)) = text::ratio_formula(r, lang) {
        let _ = writeln!(o, "- **{k}:** {v}");
    }
    o.push('\n');
    for (head, text) in super::family::method_families(r, lang) {
        let _ = writeln!(o, "### {head}\n\n{text}\n");
    }
    let _ = writeln!(o, "### {}\n", lang.msg().flags);
    for (name, lab, rule) in text::flag_rules(r, lang) {
        let _ = writeln!(o, "- **{}** (`{name}`): {rule}", escape_md(&lab));
    }
    o.push('\n');
    let _ = writeln!(o, "### {}\n", lang.msg().conventions);
    for (k, v) in text::conventions(r, lang) {
        let _ = writeln!(o, "- **{k}:** {}", escape_md(&v));
    }
    o.push('\n');
    let _ = writeln!(o, "### {}\n", lang.msg().definitions);
    for (k, v) in text::glossary(r, lang) {
        let _ = writeln!(o, "- **{k}:** {v}");
    }
    o.push('\n');
    let _ = writeln!(o, "### {}\n", lang.msg().data_and_sources);
    for l in text::data_sources(r, lang) {
        let _ = writeln!(o, "- {}", escape_md(&l));
    }
    for l in text::SOURCES {
        let _ = writeln!(o, "- {l}");
    }
    o.push('\n');
    let _ = writeln!(o, "### {}\n", lang.msg().caveats);
    for l in text::caveats(r, lang) {
        let _ = writeln!(o, "- {}", escape_md(&l));
    }
    o
}

/// Pearson and deviance residuals per area (generalised linear models).
fn residuals_md(o: &mut String, r: &ModelResult, lang: Lang) {
    if !r
        .areas
        .iter()
        .any(|a| a.resid_pearson.is_some() || a.resid_deviance.is_some())
    {
        return;
    }
    let _ = writeln!(o, "### {}\n", lang.msg().residuals_by_area);
    let header = vec![
        s(lang.msg().area),
        s(lang.msg().ratio),
        s(lang.msg().pearson_residual),
        s(lang.msg().deviance_residual_2),
        s(lang.msg().studentized_external),
        s(lang.msg().leverage),
        s("Cook"),
    ];
    let rows: Vec<Vec<String>> = ranking_order(r)
        .iter()
        .map(|&i| {
            let a = &r.areas[i];
            vec![
                format!("{} ({})", escape_md(&a.name), escape_md(&a.id)),
                super::deviation::ratio(a).map_or(f::MISSING.into(), |q| f::number(q, 2, lang)),
                f::opt_number(a.resid_pearson, 2, lang),
                f::opt_number(a.resid_deviance, 2, lang),
                f::opt_number(a.studentized_external, 2, lang),
                f::number(a.leverage, 3, lang),
                f::opt_number(a.cooks_d, 3, lang),
            ]
        })
        .collect();
    table(
        o,
        &header,
        &[false, true, true, true, true, true, true],
        &rows,
    );
}

/// The cross-city views, briefly: persistent outliers, the change
/// decomposition of the areas the HTML report shows, similar areas, and the
/// agreement with the reference model.
fn cross_city_md(o: &mut String, r: &ModelResult, lang: Lang) {
    let d = value_decimals(r);
    let name = |n: &str, id: &str| escape_md(if n.is_empty() { id } else { n });
    let cc = r.cross_city.as_ref();
    let persistence = cc.and_then(|c| c.trend.as_ref());
    let decomposition = cc.and_then(|c| c.change_decomposition.as_ref());
    if persistence.is_some() || decomposition.is_some() {
        let _ = writeln!(o, "## {}\n", lang.msg().over_the_years);
    }
    if let Some(p) = persistence {
        let span = match (
            p.years
                .len()
                .checked_sub(p.window)
                .and_then(|i| p.years.get(i)),
            p.years.last(),
        ) {
            (Some(a), Some(b)) => format!("{a}–{b}"),
            _ => String::new(),
        };
        let mut ps: Vec<&contract::views::AreaStatus> = p
            .areas
            .iter()
            .filter(|a| a.status == TrendStatus::Persistent)
            .collect();
        ps.sort_by(|a, b| {
            b.flagged_in_window
                .cmp(&a.flagged_in_window)
                .then_with(|| a.id.cmp(&b.id))
        });
        let listed: Vec<String> = ps
            .iter()
            .map(|a| {
                format!(
                    "{} ({})",
                    name(&a.name, &a.id),
                    escape_md(&status_label(a.status, a.direction, lang))
                )
            })
            .collect();
        let blips = p
            .areas
            .iter()
            .filter(|a| a.status == TrendStatus::Blip)
            .count();
        let none = lang.msg().none_2;
        let _ = writeln!(
            o,
            "{}\n",
            match lang {
                Lang::Sv => format!(
                    "Ihållande avvikare (utanför sitt intervall minst {} av de senaste {} åren, {span}): {}. Utanför ett enstaka år: {blips} områden.",
                    p.min_flagged, p.window, if listed.is_empty() { none.to_string() } else { listed.join(", ") }
                ),
                Lang::En => format!(
                    "Persistent outliers (outside their interval in at least {} of the last {} years, {span}): {}. Outside in one year only: {blips} areas.",
                    p.min_flagged, p.window, if listed.is_empty() { none.to_string() } else { listed.join(", ") }
                ),
            }
        );
    }
    if let Some(dc) = decomposition {
        let (idx, _) = decomposition_focus(dc);
        let _ = writeln!(
            o,
            "### {}\n",
            match lang {
                Lang::Sv => format!(
                    "Förändring {}–{}: struktur + modell + avvikelse",
                    dc.from, dc.to
                ),
                Lang::En => format!(
                    "Change {}–{}: structure + model + deviation",
                    dc.from, dc.to
                ),
            }
        );
        let header = vec![
            s(lang.msg().area),
            format!("{} {}", lang.msg().actual_2, dc.from),
            format!("{} {}", lang.msg().actual_2, dc.to),
            s(lang.msg().change),
            s(lang.msg().structure),
            s(lang.msg().model),
            s(lang.msg().deviation),
        ];
        let rows: Vec<Vec<String>> = idx
            .iter()
            .map(|&i| {
                let c = &dc.rows[i];
                vec![
                    name(&c.name, &c.id),
                    f::number(c.actual_from, d, lang),
                    f::number(c.actual_to, d, lang),
                    f::signed(c.change_actual, d, lang),
                    f::signed(c.structure, d, lang),
                    f::signed(c.model_change, d, lang),
                    f::signed(c.deviation_change, d, lang),
                ]
            })
            .collect();
        table(
            o,
            &header,
            &[false, true, true, true, true, true, true],
            &rows,
        );
        let _ = writeln!(o, "{}\n", lang.msg().the_big_cities_and_the_areas);
    }
    if let Some(p) = cc.and_then(|c| c.peers.as_ref()) {
        let _ = writeln!(o, "## {}\n", lang.msg().similar_areas);
        let _ = writeln!(
            o,
            "{}\n",
            match lang {
                Lang::Sv => format!("De {} områden i andra grupper som liknar området mest i befolkningsstruktur (Mahalanobisavstånd över modellens variabler), med avvikelse från modellvärdet.", p.k),
                Lang::En => format!("The {} areas in other groups most similar in population structure (Mahalanobis distance over the model's covariates), with their deviation from the modelled value.", p.k),
            }
        );
        for set in &p.areas {
            let Some(first) = set.rows.first() else {
                continue;
            };
            let pct =
                |v: Option<f64>| v.map_or(f::MISSING.into(), |v| f::signed_percent(v, 0, lang));
            let peers: Vec<String> = set
                .rows
                .iter()
                .skip(1)
                .map(|p| {
                    format!(
                        "{} ({}, {})",
                        name(&p.name, &p.id),
                        escape_md(super::group_name_of(r, &p.group)),
                        pct(super::deviation::pct_where_positive(
                            p.modelled,
                            p.deviation_pct
                        ))
                    )
                })
                .collect();
            let _ = writeln!(
                o,
                "- **{}** ({}): {}",
                name(&first.name, &first.id),
                pct(super::deviation::pct_where_positive(
                    first.modelled,
                    first.deviation_pct
                )),
                peers.join(", ")
            );
        }
        o.push('\n');
    }
    if let Some(cmp) = &r.reference_comparison {
        let _ = writeln!(
            o,
            "## {} {}\n",
            lang.msg().reference_model_2,
            escape_md(&cmp.column)
        );
        let c = |v: Option<f64>| v.map_or(f::MISSING.to_string(), |v| f::number(v, 2, lang));
        let top: Vec<String> = cmp
            .disagreements
            .iter()
            .take(5)
            .map(|x| name(&x.name, &x.id))
            .collect();
        let _ = writeln!(
            o,
            "{}\n",
            match lang {
                Lang::Sv => format!(
                    "Korrelation med modellvärdet r = {} (rang {}); utfallet följer vår modell med r = {} och referensen med r = {}. Oeniga om avvikelsens tecken: {} av {} områden{}.",
                    c(cmp.correlation), c(cmp.rank_correlation), c(cmp.correlation_actual_modelled), c(cmp.correlation_actual_reference),
                    cmp.disagreements.len(), cmp.n,
                    if top.is_empty() { String::new() } else { format!(" (störst skillnad: {})", top.join(", ")) }
                ),
                Lang::En => format!(
                    "Correlation with the modelled value r = {} (rank {}); actual follows our model with r = {} and the reference with r = {}. Disagree on the sign of the deviation: {} of {} areas{}.",
                    c(cmp.correlation), c(cmp.rank_correlation), c(cmp.correlation_actual_modelled), c(cmp.correlation_actual_reference),
                    cmp.disagreements.len(), cmp.n,
                    if top.is_empty() { String::new() } else { format!(" (largest differences: {})", top.join(", ")) }
                ),
            }
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::sample::synthetic;
    use super::*;

    #[test]
    fn markdown_has_sections_and_swedish_numbers() {
        let r = synthetic(20);
        let md = report_md(&r, Lang::Sv);
        for h in [
            "# Göteborgsmodellen – de tre storstadslänen – 2022",
            "## Sammanfattning",
            "## Rangordning",
            "## Modellens anpassning",
            "## Koefficienter",
            "## Uteslutna områden",
            "## Metod",
        ] {
            assert!(md.contains(h), "missing {h}");
        }
        assert!(md.contains("- Malmö: utfall 2\u{a0}556\u{a0}kr/inv"));
        // The excluded row's reason in the report's language (the contract
        // carries it as a code; results.json and the CSV keep the English).
        assert!(md.contains("| Kiruna | saknar värde i U00801"), "{md}");
        assert!(!md.contains("missing U00801"));
        assert!(report_md(&r, Lang::En).contains("| Kiruna | missing U00801"));
        assert!(md.contains("Cook 1977"));
        // Every ranking row has the same number of cells as the header.
        let rank_rows: Vec<&str> = md
            .lines()
            .skip_while(|l| !l.starts_with("## Rangordning"))
            .filter(|l| l.starts_with("| "))
            .take(21)
            .collect();
        assert_eq!(rank_rows.len(), 21);
        for l in &rank_rows {
            assert_eq!(l.matches(" | ").count(), 10, "{l}");
        }
    }

    #[test]
    fn markdown_escapes_data_text() {
        let mut r = synthetic(6);
        r.areas[3].name = "<script>alert(1)</script>|x".into();
        let md = report_md(&r, Lang::En);
        assert!(!md.contains("<script>"));
        assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;\\|x"));
        assert!(md.contains("## Ranking"));
    }
}
