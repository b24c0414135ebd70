//! `report.md`: the report as Markdown for pasting into documents (tables in
//! GitHub/CommonMark pipe syntax), with the same summary, tables and method
//! text as the HTML report, numbers formatted by language.

use crate::i18n::Catalogue;
use std::fmt::Write;

use super::format as f;
use super::sections::{render, Markup, Parts, ReportView};
use super::{
    area_interval, area_sentence, fit_rows, flag_label, group_display, ranking_order, text,
    value_decimals,
};
use super::{status_label, TrendStatus};
use crate::lang::Lang;
use crate::results::ModelResult;
use contract::views::decomposition_focus;

/// Escape text from data for Markdown: table pipes, emphasis and link
/// characters, and angle brackets (so no raw HTML passes through).
pub fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escape_md(&mut out, s);
    out
}

/// [`escape_md`] appended to `out`.
fn push_escape_md(out: &mut String, s: &str) {
    // Most names need no escaping: copy them whole.
    if !s.chars().any(|c| {
        matches!(
            c,
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '#' | '<' | '>' | '&' | '\n' | '\r'
        ) || c.is_control()
    }) {
        out.push_str(s);
        return;
    }
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
}

fn table(out: &mut String, header: &[String], align_right: &[bool], rows: &[Vec<String>]) {
    table_head(out, header, align_right);
    for r in rows {
        let mut row = Row::new(out);
        for c in r {
            row.cell().push_str(c);
        }
        row.end();
    }
    out.push('\n');
}

/// A pipe table's header and alignment rows; the body rows follow
/// ([`Row`]), then an empty line.
fn table_head(out: &mut String, header: &[String], align_right: &[bool]) {
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let seps: Vec<&str> = align_right
        .iter()
        .map(|&r| if r { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", seps.join("|"));
}

/// One body row of a pipe table written straight into the report:
/// `| a | b |` — each [`Row::cell`] returns the buffer to write the cell's
/// text into, so no cell or row is a string of its own.
struct Row<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Row<'a> {
    fn new(out: &'a mut String) -> Row<'a> {
        out.push_str("| ");
        Row { out, first: true }
    }

    fn cell(&mut self) -> &mut String {
        if !self.first {
            self.out.push_str(" | ");
        }
        self.first = false;
        self.out
    }

    fn end(self) {
        self.out.push_str(" |\n");
    }
}

fn s(x: &str) -> String {
    x.to_string()
}

/// The percent (or, under a log link, ratio) cell of an area: `–*` where the
/// modelled value is not positive (the footnote under the table says why).
fn push_pct_cell(out: &mut String, a: &crate::results::AreaRow, as_ratio: bool, lang: Lang) {
    use super::deviation;
    if as_ratio {
        return f::push_opt_number(out, deviation::ratio(a), 2, lang);
    }
    match deviation::shown_pct(a) {
        Some(p) => f::push_percent(out, p, 0, lang, true),
        None if deviation::percent_withheld(a) => {
            out.push_str(f::MISSING);
            out.push_str("\\*");
        }
        None => out.push_str(f::MISSING),
    }
}

/// The Markdown report for one model and year.
pub fn report_md(r: &ModelResult, lang: Lang) -> String {
    report_md_with(r, lang, None)
}

/// [`report_md`] showing the deviation map (`map`: the PNG's path relative to
/// the report) after the summary.
pub fn report_md_with(r: &ModelResult, lang: Lang, map: Option<&str>) -> String {
    let parts = Parts {
        figures: false,
        map: map.is_some(),
    };
    let view = ReportView::new(r, &[], lang, parts);
    let mut md = Markdown {
        o: String::new(),
        map: map.unwrap_or(""),
    };
    render(&mut md, &view);
    md.o
}

/// The Markdown back end: headings, pipe tables and lists.
struct Markdown<'a> {
    o: String,
    /// The map's PNG, relative to the report.
    map: &'a str,
}

impl Markup for Markdown<'_> {
    fn begin(&mut self, v: &ReportView) {
        let (r, lang) = (v.r, v.lang);
        let year = r.year.map(|y| format!(" – {y}")).unwrap_or_default();
        let _ = writeln!(self.o, "# {}{year}\n", escape_md(r.model.title_in(lang)));
        let _ = writeln!(
            self.o,
            "{}: `{}` · {}: {}\n",
            lang.msg().model,
            r.model.name.replace('`', "'"),
            lang.msg().outcome,
            escape_md(&super::label_and_id(r, &r.model.outcome, lang)),
        );
    }

    /// The headline and the big cities and most deviating areas as sentences.
    fn summary(&mut self, v: &ReportView) {
        let (r, lang, sm) = (v.r, v.lang, &v.summary);
        let _ = writeln!(self.o, "## {}\n", lang.msg().summary);
        let _ = writeln!(self.o, "{}\n", escape_md(&sm.headline.join(" ")));
        if let Some(w) = super::nonpositive_warning(r, lang) {
            let _ = writeln!(self.o, "> **{}**\n", escape_md(&w));
        }
        for &i in &sm.cities {
            let _ = writeln!(
                self.o,
                "- {}",
                escape_md(&area_sentence(r, &r.areas[i], lang))
            );
        }
        if !sm.cities.is_empty() {
            self.o.push('\n');
        }
        for (head, lines) in [
            (lang.msg().most_above_the_modelled_value_2, &sm.above),
            (lang.msg().most_below_the_modelled_value_2, &sm.below),
        ] {
            if lines.is_empty() {
                continue;
            }
            let _ = writeln!(self.o, "{head}\n");
            for &i in lines {
                let _ = writeln!(
                    self.o,
                    "- {}",
                    escape_md(&area_sentence(r, &r.areas[i], lang))
                );
            }
            self.o.push('\n');
        }
    }

    fn map(&mut self, v: &ReportView) {
        let lang = v.lang;
        let _ = writeln!(self.o, "## {}\n", lang.msg().map);
        let _ = writeln!(
            self.o,
            "![{}]({})\n\n{}\n",
            lang.msg().map_deviation_by_area,
            self.map,
            super::deviation::map_caption(v.r, lang.msg().map_caption_md, lang)
        );
    }

    /// Every area in one table, ordered by how surely it deviates.
    fn ranking(&mut self, v: &ReportView) {
        let (r, lang, d, lvl) = (v.r, v.lang, v.decimals, &v.level);
        let unit = if r.model.outcome_unit.is_empty() {
            String::new()
        } else {
            format!(" ({})", crate::i18n::outcome_unit(r, lang))
        };
        let as_ratio = super::deviation::reads_as_ratio(r);
        let _ = writeln!(self.o, "## {}\n", lang.msg().ranking);
        let _ = writeln!(self.o, "{}\n", (lang.msg().ranking_intro_md)(lvl));
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
        let rank_head = super::rank_level(r, lang).map(|l| (lang.msg().rank_head_md)(&l));
        let mut header = header;
        if let Some(h) = &rank_head {
            header.insert(1, h.clone());
            align.insert(1, true);
        }
        table_head(&mut self.o, &header, &align);
        let rank_of = super::rank_intervals(r);
        // Each flag's label once per table, escaped.
        let flag_labels: Vec<(crate::results::Flag, String)> = crate::results::Flag::ALL
            .iter()
            .map(|&fl| (fl, escape_md(&flag_label(fl, r, lang))))
            .collect();
        for (k, &i) in ranking_order(r).iter().enumerate() {
            let a = &r.areas[i];
            let (lo, hi, _) = area_interval(a);
            let mut row = Row::new(&mut self.o);
            super::decimal::push_u128(row.cell(), (k + 1) as u128);
            if rank_head.is_some() {
                let c = row.cell();
                match rank_of(a) {
                    Some((x, lo, hi)) => {
                        let _ = write!(c, "{x} ({lo}–{hi})");
                    }
                    None => c.push_str(f::MISSING),
                }
            }
            let c = row.cell();
            push_escape_md(c, &a.name);
            c.push_str(" (");
            push_escape_md(c, &a.id);
            c.push(')');
            push_escape_md(row.cell(), group_display(a));
            f::push_number(row.cell(), a.actual, d, lang);
            f::push_number(row.cell(), a.modelled, d, lang);
            f::push_opt_number(row.cell(), a.loo_modelled, d, lang);
            f::push_signed(row.cell(), a.residual, d, lang);
            push_pct_cell(row.cell(), a, as_ratio, lang);
            match a.deviation_total {
                Some(t) => f::push_kronor_total(row.cell(), t, lang),
                None => row.cell().push_str(f::MISSING),
            }
            super::push_interval_text(row.cell(), lo, hi, d, lang);
            let c = row.cell();
            for (j, fl) in a.flags.iter().enumerate() {
                if j > 0 {
                    c.push_str(", ");
                }
                if let Some((_, l)) = flag_labels.iter().find(|(x, _)| x == fl) {
                    c.push_str(l);
                }
            }
            row.end();
        }
        self.o.push('\n');
        if !as_ratio && super::deviation::any_percent_withheld(r) {
            let _ = writeln!(self.o, "{}\n", escape_md(super::no_percent_footnote(lang)));
        }
    }

    /// The Markdown report has no numbered figures.
    fn figures(&mut self, _: &ReportView) {}

    fn years(&mut self, v: &ReportView) {
        years_md(&mut self.o, v.r, v.lang);
    }

    fn peers(&mut self, v: &ReportView) {
        peers_md(&mut self.o, v.r, v.lang);
    }

    fn reference(&mut self, v: &ReportView) {
        reference_md(&mut self.o, v.r, v.lang);
    }

    /// Fit, model comparison, coefficients and residuals.
    fn model(&mut self, v: &ReportView) {
        let (r, lang) = (v.r, v.lang);
        let _ = writeln!(self.o, "## {}\n", lang.msg().model_fit);
        let fr: Vec<Vec<String>> = fit_rows(r, lang)
            .into_iter()
            .map(|(k, v)| vec![k, escape_md(&v)])
            .collect();
        table(
            &mut self.o,
            &[s(lang.msg().measure), s(lang.msg().value)],
            &[false, true],
            &fr,
        );
        if let Some((head, rows)) = super::family::comparison_table(r, lang) {
            let _ = writeln!(self.o, "### {}\n", lang.msg().why_this_model_family);
            if let Some(t) = super::family::comparison_sentence(r, lang) {
                let _ = writeln!(self.o, "{}\n", escape_md(&t));
            }
            let rows: Vec<Vec<String>> = rows
                .into_iter()
                .map(|row| row.iter().map(|c| escape_md(c)).collect())
                .collect();
            let align: Vec<bool> = (0..head.len()).map(|k| k > 0).collect();
            table(&mut self.o, &head, &align, &rows);
            if let Some(n) = super::family::comparison_note(r, lang) {
                let _ = writeln!(self.o, "{}\n", escape_md(&n));
            }
        }
        let _ = writeln!(self.o, "## {}\n", lang.msg().coefficients);
        let t = v.coefficient_table();
        let rows: Vec<Vec<String>> = t
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| {
                        if c.numeric {
                            c.text.clone()
                        } else {
                            escape_md(&c.text)
                        }
                    })
                    .collect()
            })
            .collect();
        let align: Vec<bool> = (0..t.head.len()).map(|k| k > 0).collect();
        table(&mut self.o, &t.head, &align, &rows);
        residuals_md(&mut self.o, r, lang);
    }

    /// What was fitted, the deviation measures, model families, flag rules,
    /// conventions, definitions, sources and caveats.
    fn method(&mut self, v: &ReportView) {
        let (r, lang) = (v.r, v.lang);
        let _ = writeln!(self.o, "## {}\n", lang.msg().method);
        let _ = writeln!(self.o, "{}\n", escape_md(&text::model_description(r, lang)));
        for (k, v) in text::deviation_formulas(r, lang) {
            let _ = writeln!(self.o, "- **{k}:** {v}");
        }
        if let Some((k, v)) = text::ratio_formula(r, lang) {
            let _ = writeln!(self.o, "- **{k}:** {v}");
        }
        self.o.push('\n');
        for (head, text) in super::family::method_families(r, lang) {
            let _ = writeln!(self.o, "### {head}\n\n{text}\n");
        }
        let _ = writeln!(self.o, "### {}\n", lang.msg().flags);
        for (name, lab, rule) in text::flag_rules(r, lang) {
            let _ = writeln!(self.o, "- **{}** (`{name}`): {rule}", escape_md(&lab));
        }
        self.o.push('\n');
        let _ = writeln!(self.o, "### {}\n", lang.msg().conventions);
        for (k, v) in text::conventions(r, lang) {
            let _ = writeln!(self.o, "- **{k}:** {}", escape_md(&v));
        }
        self.o.push('\n');
        let _ = writeln!(self.o, "### {}\n", lang.msg().definitions);
        for (k, v) in text::glossary(r, lang) {
            let _ = writeln!(self.o, "- **{k}:** {v}");
        }
        self.o.push('\n');
        let _ = writeln!(self.o, "### {}\n", lang.msg().data_and_sources);
        for l in text::data_sources(r, lang) {
            let _ = writeln!(self.o, "- {}", escape_md(&l));
        }
        for l in text::SOURCES {
            let _ = writeln!(self.o, "- {l}");
        }
        self.o.push('\n');
        let _ = writeln!(self.o, "### {}\n", lang.msg().caveats);
        for l in text::caveats(r, lang) {
            let _ = writeln!(self.o, "- {}", escape_md(&l));
        }
        self.o.push('\n');
    }

    /// The areas left out of the fit, each with its reason.
    fn excluded(&mut self, v: &ReportView) {
        let lang = v.lang;
        let _ = writeln!(self.o, "## {}\n", lang.msg().excluded_areas);
        let t = v.excluded_table();
        if t.rows.is_empty() {
            let _ = writeln!(self.o, "{}\n", lang.msg().none);
        } else {
            let rows: Vec<Vec<String>> = t
                .rows
                .iter()
                .map(|row| row.iter().map(|c| escape_md(&c.text)).collect())
                .collect();
            table(&mut self.o, &t.head, &[false, false, false], &rows);
        }
    }

    /// One newline at the end of the file.
    fn end(&mut self, _: &ReportView) {
        while self.o.ends_with("\n\n") {
            self.o.pop();
        }
    }
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
    table_head(o, &header, &[false, true, true, true, true, true, true]);
    for &i in &ranking_order(r) {
        let a = &r.areas[i];
        let mut row = Row::new(o);
        let c = row.cell();
        push_escape_md(c, &a.name);
        c.push_str(" (");
        push_escape_md(c, &a.id);
        c.push(')');
        f::push_opt_number(row.cell(), super::deviation::ratio(a), 2, lang);
        f::push_opt_number(row.cell(), a.resid_pearson, 2, lang);
        f::push_opt_number(row.cell(), a.resid_deviance, 2, lang);
        f::push_opt_number(row.cell(), a.studentized_external, 2, lang);
        f::push_number(row.cell(), a.leverage, 3, lang);
        f::push_opt_number(row.cell(), a.cooks_d, 3, lang);
        row.end();
    }
    o.push('\n');
}

/// Over the years, briefly: persistent outliers and the change
/// decomposition of the areas the HTML report shows.
fn years_md(o: &mut String, r: &ModelResult, lang: Lang) {
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
            (lang.msg().persistence_md)(
                p.min_flagged,
                p.window,
                &span,
                &if listed.is_empty() {
                    none.to_string()
                } else {
                    listed.join(", ")
                },
                blips
            )
        );
    }
    if let Some(dc) = decomposition {
        let (idx, _) = decomposition_focus(dc);
        let _ = writeln!(
            o,
            "### {}\n",
            (lang.msg().decomposition_title_md)(dc.from, dc.to)
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
}

/// Similar areas in other groups, one line per focus area.
fn peers_md(o: &mut String, r: &ModelResult, lang: Lang) {
    let name = |n: &str, id: &str| escape_md(if n.is_empty() { id } else { n });
    let cc = r.cross_city.as_ref();
    if let Some(p) = cc.and_then(|c| c.peers.as_ref()) {
        let _ = writeln!(o, "## {}\n", lang.msg().similar_areas);
        let _ = writeln!(o, "{}\n", (lang.msg().peers_intro_md)(p.k));
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
}

/// The agreement with the reference model in one paragraph.
fn reference_md(o: &mut String, r: &ModelResult, lang: Lang) {
    let name = |n: &str, id: &str| escape_md(if n.is_empty() { id } else { n });
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
            (lang.msg().reference_md)(
                &c(cmp.correlation),
                &c(cmp.rank_correlation),
                &c(cmp.correlation_actual_modelled),
                &c(cmp.correlation_actual_reference),
                cmp.disagreements.len(),
                cmp.n,
                &if top.is_empty() {
                    String::new()
                } else {
                    (lang.msg().largest_differences)(&top.join(", "))
                }
            )
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::sample::synthetic;
    use super::*;

    /// The ranking and residual tables' body rows as they were built
    /// before the tables streamed: a `String` per cell, rows joined.
    fn body_before(r: &ModelResult, lang: Lang) -> (String, String) {
        let d = super::super::value_decimals(r);
        let as_ratio = super::super::deviation::reads_as_ratio(r);
        let rank_head = super::super::rank_level(r, lang);
        let pct_cell = |a: &crate::results::AreaRow| {
            let mut s = String::new();
            push_pct_cell(&mut s, a, as_ratio, lang);
            s
        };
        let mut ranking = String::new();
        let mut residuals = String::new();
        for (k, &i) in ranking_order(r).iter().enumerate() {
            let a = &r.areas[i];
            let (lo, hi, _) = area_interval(a);
            let flags: Vec<String> = a.flags.iter().map(|fl| flag_label(*fl, r, lang)).collect();
            let rank = super::super::rank_interval(r, a)
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
                pct_cell(a),
                a.deviation_total
                    .map_or(f::MISSING.into(), |t| f::kronor_total(t, lang)),
                super::super::interval_text(lo, hi, d, lang),
                escape_md(&flags.join(", ")),
            ];
            if rank_head.is_some() {
                row.insert(1, rank);
            }
            let _ = writeln!(ranking, "| {} |", row.join(" | "));
            let row = [
                format!("{} ({})", escape_md(&a.name), escape_md(&a.id)),
                super::super::deviation::ratio(a)
                    .map_or(f::MISSING.into(), |q| f::number(q, 2, lang)),
                f::opt_number(a.resid_pearson, 2, lang),
                f::opt_number(a.resid_deviance, 2, lang),
                f::opt_number(a.studentized_external, 2, lang),
                f::number(a.leverage, 3, lang),
                f::opt_number(a.cooks_d, 3, lang),
            ];
            let _ = writeln!(residuals, "| {} |", row.join(" | "));
        }
        (ranking, residuals)
    }

    /// See `csv::tests::writer_timing_csv`: the report with its two area
    /// tables built as before (row strings) against the streamed report.
    #[test]
    #[ignore = "timing, run by hand in release"]
    fn writer_timing_md() {
        use super::super::csv::tests::best_ms;
        let path = std::env::var("WRITER_RESULTS").expect("WRITER_RESULTS");
        let r: ModelResult = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let tables = best_ms(5, || body_before(&r, Lang::Sv));
        let report = best_ms(5, || report_md(&r, Lang::Sv));
        println!(
            "report.md, {} areas: the two area tables as before {tables:.1} ms; the whole streamed report {report:.1} ms",
            r.areas.len()
        );
    }

    #[test]
    fn streamed_tables_equal_the_previous_rows() {
        let mut r = super::super::sample::varied(3_000);
        for lang in [Lang::Sv, Lang::En] {
            let md = report_md(&r, lang);
            let (ranking, residuals) = body_before(&r, lang);
            assert!(md.contains(&ranking), "ranking table differs ({lang:?})");
            assert!(md.contains(&residuals), "residual table differs ({lang:?})");
        }
        // With bootstrap rank intervals (an extra column) and a log link.
        r.uncertainty = Some(crate::results::Uncertainty {
            level: 0.95,
            areas: r
                .areas
                .iter()
                .enumerate()
                .map(|(i, a)| crate::results::AreaUncertainty {
                    id: a.id.clone(),
                    rank: i + 1,
                    rank_low: i / 2 + 1,
                    rank_high: i * 2 + 1,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        });
        r.model.link = crate::results::Link::Log;
        let md = report_md(&r, Lang::Sv);
        let (ranking, _) = body_before(&r, Lang::Sv);
        assert!(md.contains(&ranking), "ranking table with ranks differs");
    }

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
