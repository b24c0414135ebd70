//! The index page (`reports/index.html` and `reports/index.md`): one row per
//! model and year with its headline figures, linking to each report; the
//! reports the latest run wrote are marked, and each model shows a small copy
//! of its latest map where there is one.

use crate::i18n::Catalogue;
use std::fmt::Write;

use super::escape_html as esc;
use super::format as f;
use super::markdown::escape_md;
use crate::lang::Lang;

/// One report in the index.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IndexEntry {
    /// Model machine name, e.g. `storstadslanen`.
    pub model: String,
    /// Model title.
    pub title: String,
    pub year: Option<i32>,
    /// R² of a linear model; for a GLM (`glm`) the share of deviance
    /// explained, 1 − D/D₀, and headed so.
    pub r2: f64,
    /// Whether the model is a GLM (its `r2` is the share of deviance
    /// explained).
    pub glm: bool,
    pub n: usize,
    /// Areas carrying at least one flag.
    pub n_flagged: usize,
    /// Relative path to the report from the index, e.g. `storstadslanen/2022/report.html`.
    pub path: String,
    /// Written by the run that wrote this index (the others were already in
    /// the folder).
    pub updated: bool,
    /// Relative path to the report's map (SVG), when it has one.
    pub map: Option<String>,
}

fn sorted(entries: &[IndexEntry]) -> Vec<&IndexEntry> {
    let mut v: Vec<&IndexEntry> = entries.iter().collect();
    v.sort_by(|a, b| a.model.cmp(&b.model).then(b.year.cmp(&a.year)));
    v
}

/// The heading of the fit column for a model's rows: R² for a linear model,
/// "Deviance explained" for a GLM (both where a folder holds both).
fn fit_heading(entries: &[IndexEntry], model: &str, lang: Lang) -> String {
    let rows = entries.iter().filter(|e| e.model == model);
    let (glm, linear) = rows.fold((false, false), |(g, l), e| (g || e.glm, l || !e.glm));
    match (glm, linear) {
        (true, false) => lang.msg().deviance_explained_heading.to_string(),
        (true, true) => format!("R² / {}", lang.msg().deviance_explained_heading),
        _ => "R²".to_string(),
    }
}

fn year_text(y: Option<i32>, lang: Lang) -> String {
    y.map_or_else(|| lang.msg().pooled.to_string(), |y| y.to_string())
}

/// Percent-encode characters that are not safe in a relative URL path.
fn url_path(p: &str) -> String {
    let mut out = String::new();
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// `index.html`: models grouped, newest year first, each row linking its report.
pub fn index_html(entries: &[IndexEntry], lang: Lang) -> String {
    let mut o = String::new();
    let title = lang.msg().modelled_values_all_reports;
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>body{{margin:0 auto;max-width:960px;padding:28px 32px;color:#1d2433;font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",Arial,sans-serif}}h1{{font-size:1.6rem}}h2{{font-size:1.2rem;color:#1f4e79;border-bottom:2px solid #1f4e79;margin-top:2rem}}table{{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}}th,td{{padding:.3rem .6rem;border-bottom:1px solid #d8dce3;text-align:left}}th{{background:#f4f6f9}}td.n,th.n{{text-align:right}}a{{color:#1f4e79}}.mrow{{display:flex;gap:1rem;align-items:flex-start}}.mrow table{{flex:1}}a.thumb{{order:2}}a.thumb img{{border:1px solid #d8dce3;border-radius:4px}}.new{{display:inline-block;font-size:.78rem;padding:0 .35rem;border-radius:8px;background:#fbeee9;color:#a5311c;border:1px solid #a5311c}}@media(max-width:600px){{body{{padding:16px 12px}}th,td{{padding:.3rem .35rem}}.mrow{{flex-direction:column}}}}@media print{{body{{padding:0}}tr{{break-inside:avoid}}}}</style>\n</head>\n<body>\n<h1>{title}</h1>\n",
        lang.code()
    );
    let any_updated = entries.iter().any(|e| e.updated);
    if any_updated && entries.iter().any(|e| !e.updated) {
        let _ = writeln!(
            o,
            "<p class=\"legend\"><span class=\"new\">{}</span> {}</p>",
            lang.msg().new_badge,
            lang.msg().new_badge_legend
        );
    }
    let mut current: Option<&str> = None;
    for e in sorted(entries) {
        if current != Some(e.model.as_str()) {
            if current.is_some() {
                o.push_str("</tbody></table></div></section>\n");
            }
            current = Some(&e.model);
            let _ = write!(
                o,
                "<section><h2>{} <small><code>{}</code></small></h2><div class=\"mrow\">",
                esc(&e.title),
                esc(&e.model)
            );
            // The newest year's map of this model, small, linking the report.
            if let Some(m) = sorted(entries)
                .into_iter()
                .find(|x| x.model == e.model && x.map.is_some())
            {
                let _ = write!(
                    o,
                    "<a class=\"thumb\" href=\"{}\"><img src=\"{}\" alt=\"{} {}\" width=\"220\"></a>",
                    esc(&url_path(&m.path)),
                    esc(&url_path(m.map.as_deref().unwrap_or(""))),
                    lang.msg().map,
                    year_text(m.year, lang),
                );
            }
            let _ = write!(
                o,
                "<table><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">n</th><th class=\"n\">{}</th><th>{}</th></tr></thead><tbody>",
                lang.msg().year,
                esc(&fit_heading(entries, &e.model, lang)),
                lang.msg().flagged_areas,
                lang.msg().report,
            );
        }
        let _ = writeln!(
            o,
            "<tr><td>{}{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td><a href=\"{}\">{}</a></td></tr>",
            year_text(e.year, lang),
            if e.updated && any_updated && entries.iter().any(|e| !e.updated) {
                format!(" <span class=\"new\">{}</span>", lang.msg().new_badge)
            } else {
                String::new()
            },
            f::number(e.r2, 3, lang),
            e.n,
            e.n_flagged,
            esc(&url_path(&e.path)),
            lang.msg().open,
        );
    }
    if current.is_some() {
        o.push_str("</tbody></table></div></section>\n");
    } else {
        let _ = writeln!(o, "<p>{}</p>", lang.msg().no_reports);
    }
    o.push_str("</body>\n</html>\n");
    o
}

/// [`index_html`] with the runs that failed listed after the reports.
pub fn index_html_with_failures(entries: &[IndexEntry], failures: &[String], lang: Lang) -> String {
    let mut o = index_html(entries, lang);
    if !failures.is_empty() {
        let mut f = format!("<section><h2>{}</h2><ul>", lang.msg().failed_runs);
        for x in failures {
            let _ = write!(f, "<li>{}</li>", esc(x.lines().next().unwrap_or("")));
        }
        f.push_str("</ul></section>\n");
        if let Some(at) = o.rfind("</body>") {
            o.insert_str(at, &f);
        }
    }
    o
}

/// `index.md`: the same as a Markdown table per model.
pub fn index_md(entries: &[IndexEntry], lang: Lang) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n", lang.msg().modelled_values_all_reports);
    let mut current: Option<&str> = None;
    for e in sorted(entries) {
        if current != Some(e.model.as_str()) {
            if current.is_some() {
                o.push('\n');
            }
            current = Some(&e.model);
            let _ = writeln!(
                o,
                "## {} (`{}`)\n\n| {} | {} | n | {} | {} |\n|---|---:|---:|---:|---|",
                escape_md(&e.title),
                e.model.replace('`', "'"),
                lang.msg().year,
                fit_heading(entries, &e.model, lang),
                lang.msg().flagged,
                lang.msg().report,
            );
        }
        let _ = writeln!(
            o,
            "| {}{} | {} | {} | {} | [{}]({}) |",
            year_text(e.year, lang),
            if e.updated && entries.iter().any(|e| !e.updated) {
                format!(" ({})", lang.msg().new_badge)
            } else {
                String::new()
            },
            f::number(e.r2, 3, lang),
            e.n,
            e.n_flagged,
            escape_md(&e.path),
            url_path(&e.path),
        );
    }
    if current.is_none() {
        let _ = writeln!(o, "{}", lang.msg().no_reports);
    }
    o
}

/// [`index_md`] with the runs that failed listed after the reports (first
/// line of each message), so the index says what is missing.
pub fn index_md_with_failures(entries: &[IndexEntry], failures: &[String], lang: Lang) -> String {
    let mut o = index_md(entries, lang);
    if !failures.is_empty() {
        let _ = writeln!(o, "\n## {}\n", lang.msg().failed_runs);
        for f in failures {
            let _ = writeln!(o, "- {}", escape_md(f.lines().next().unwrap_or("")));
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries() -> Vec<IndexEntry> {
        vec![
            IndexEntry {
                model: "riket".into(),
                title: "Alla kommuner".into(),
                year: Some(2021),
                r2: 0.612,
                n: 288,
                n_flagged: 40,
                path: "riket/2021/report.html".into(),
                ..Default::default()
            },
            IndexEntry {
                model: "riket".into(),
                title: "Alla kommuner".into(),
                year: Some(2022),
                r2: 0.634,
                n: 289,
                n_flagged: 37,
                path: "riket/2022/report.html".into(),
                ..Default::default()
            },
            IndexEntry {
                model: "<b>x</b>".into(),
                title: "<script>alert(1)</script>".into(),
                year: None,
                r2: 0.5,
                n: 10,
                n_flagged: 1,
                path: "x y/report.html".into(),
                ..Default::default()
            },
        ]
    }

    #[test]
    fn html_index_links_every_report_newest_first_and_escapes() {
        let h = index_html(&entries(), Lang::Sv);
        let a = h.find("riket/2022/report.html").unwrap();
        let b = h.find("riket/2021/report.html").unwrap();
        assert!(a < b, "newest year first");
        assert!(h.contains("<td class=\"n\">0,634</td>"));
        assert!(h.contains("x%20y/report.html"));
        assert!(!h.contains("<script>alert"));
        assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(h.contains("sammanslaget"));
    }

    #[test]
    fn a_glm_model_heads_its_fit_column_deviance_explained_not_r2() {
        let mut v = entries();
        for e in v.iter_mut().filter(|e| e.model == "riket") {
            e.glm = true;
        }
        let h = index_html(&v, Lang::Sv);
        let riket = &h[h.find("<code>riket</code>").unwrap()..];
        assert!(
            riket.contains("<th class=\"n\">Förklarad devians</th>"),
            "{riket}"
        );
        assert!(!riket.contains(">R²<"), "{riket}");
        // The linear model keeps R².
        let x = &h[h.find("<code>&lt;b&gt;x&lt;/b&gt;</code>").unwrap()..];
        assert!(x.contains("<th class=\"n\">R²</th>"), "{x}");
        let m = index_md(&v, Lang::En);
        assert!(m.contains("| Year | Deviance explained | n |"), "{m}");
        assert!(m.contains("| R² | n |"), "{m}");
    }

    #[test]
    fn markdown_index() {
        let m = index_md(&entries(), Lang::En);
        assert!(m.contains(
            "| 2022 | 0.634 | 289 | 37 | [riket/2022/report.html](riket/2022/report.html) |"
        ));
        assert!(m.starts_with("# Modelled values – all reports\n"));
        assert!(!m.contains("<script>"));
    }
}
