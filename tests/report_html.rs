//! The HTML report as a file: self-contained (no external resource of any kind),
//! every text from data escaped, raw values for sorting, figures and the
//! deviation-over-years table, in Swedish and English.

use modellvarde::lang::Lang;
use modellvarde::report::sample::{synthetic, synthetic_year};
use modellvarde::report::{report_html, Figure};

fn figure(id: &str, svg: &str) -> Figure {
    Figure {
        id: id.into(),
        title: format!("Figur {id}"),
        svg: svg.into(),
        caption: "Bildtext".into(),
    }
}

const SVG: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<svg width="200" height="100" viewBox="0 0 200 100" xmlns="http://www.w3.org/2000/svg"><rect x="10" y="10" width="50" height="50" fill="#1f4e79"/><text x="80" y="40">Malmö</text></svg>"##;

/// Every `href`/`src` value in the page must be an in-page anchor.
fn assert_self_contained(html: &str) {
    let lower = html.to_ascii_lowercase();
    for bad in [
        "http://", "https://", "src=", "url(", "@import", "<link", "<img", "<iframe", "ftp:",
        "//fonts", "<object", "<embed",
    ] {
        assert!(
            !lower.contains(bad),
            "HTML references an external resource: {bad}"
        );
    }
    for (i, _) in lower.match_indices("href=\"") {
        let rest = &lower[i + 6..];
        assert!(
            rest.starts_with('#'),
            "non-anchor link: {}",
            &rest[..rest.len().min(40)]
        );
    }
}

#[test]
fn report_is_self_contained_and_has_every_section() {
    let r = synthetic(50);
    let years = vec![synthetic_year(50, 2020), synthetic_year(50, 2021)];
    let html = report_html(&r, &[figure("a", SVG), figure("b", SVG)], &years, Lang::Sv);
    assert_self_contained(&html);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"));
    for id in [
        "summary", "ranking", "figures", "years", "model", "method", "excluded",
    ] {
        assert!(
            html.contains(&format!("<section id=\"{id}\"")),
            "missing section {id}"
        );
    }
    // The summary sentence for Malmö, from the numbers.
    assert!(html.contains(
        "<b>Malmö</b><span>utfall 2\u{a0}556\u{a0}kr/inv, modellvärde 1\u{a0}751\u{a0}kr/inv, +46\u{a0}%, över 95\u{a0}% prediktionsintervall</span>"
    ));
    // Sorting keys are raw numbers, shown text is Swedish.
    assert!(html.contains("data-v=\"2556\">2\u{a0}556</td>"));
    // One row per area in the ranking table.
    let ranking = &html[html.find("id=\"ranking-table\"").unwrap()..];
    let ranking = &ranking[..ranking.find("</table>").unwrap()];
    assert_eq!(ranking.matches("<tr").count(), 51);
    // The figures are inline, without prolog or namespace URL.
    assert_eq!(html.matches("<svg width=\"200\"").count(), 2);
    assert!(!html.contains("<?xml"));
    // Years table: 2020, 2021, 2022 headers.
    let years_sec = &html[html.find("<section id=\"years\"").unwrap()..];
    for y in ["2020", "2021", "2022"] {
        assert!(years_sec.contains(&format!("data-type=\"num\">{y}</th>")));
    }
    // Method: flag rules with their sources, data credit, excluded with reason.
    for s in [
        "Cook 1977",
        "Belsley, Kuh &amp; Welsch 1980",
        "Benjamini",
        "Kolada",
        "SCB",
        "Socialstyrelsen",
        "Kiruna",
        "saknar värde i U00801",
        "<code>above_interval</code>",
        "Definitionsbrott",
    ] {
        assert!(html.contains(s), "missing {s}");
    }
    // Our own sorting script is the only script.
    assert_eq!(html.matches("<script").count(), 1);
    // Same input, same bytes.
    assert_eq!(
        html,
        report_html(&r, &[figure("a", SVG), figure("b", SVG)], &years, Lang::Sv)
    );
}

#[test]
fn text_from_data_is_escaped() {
    let mut r = synthetic(12);
    r.areas[4].name = "<script>alert(1)</script>".into();
    r.areas[5].group_name = "\"><img src=x onerror=alert(2)>".into();
    // (A flag is one of the contract's names, so it carries no markup.)
    r.model.title = "Titel <i>kursiv</i> & mer".into();
    r.model
        .labels
        .insert("U31001".into(), "<u>utfall</u>".into());
    r.excluded[0].reason = "<iframe src=//evil>".into();
    r.generator = "</footer><script>x()</script>".into();
    let figs = [Figure {
        id: "x\" onload=\"alert(3)".into(),
        title: "<script>t</script>".into(),
        svg: SVG.into(),
        caption: "<em>c</em>".into(),
    }];
    for lang in [Lang::Sv, Lang::En] {
        let html = report_html(&r, &figs, &[], lang);
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("<script>alert"));
        assert!(!html.contains("<img"));
        assert!(!html.contains("<iframe"));
        assert!(!html.contains("<i>kursiv"));
        assert!(!html.contains("<u>utfall"));
        assert!(!html.contains("<em>c"));
        assert!(!html.contains("onload=\"alert"));
        assert!(html.contains("Titel &lt;i&gt;kursiv&lt;/i&gt; &amp; mer"));
        assert_eq!(
            html.matches("<script").count(),
            1,
            "only the sorting script"
        );
    }
}

#[test]
fn unsafe_figures_are_not_embedded() {
    let r = synthetic(8);
    for bad in [
        r#"<svg><script>alert(1)</script></svg>"#,
        r#"<svg><image href="https://example.org/x.png"/></svg>"#,
        r#"<svg><a href="javascript:alert(1)"><text>x</text></a></svg>"#,
        r#"<svg onload="alert(1)"></svg>"#,
        "not an svg",
    ] {
        let html = report_html(&r, &[figure("bad", bad)], &[], Lang::En);
        assert!(html.contains("The figure is not shown"), "{bad}");
        assert_eq!(html.matches("<script").count(), 1);
        assert!(!html.contains("example.org"));
    }
}

#[test]
fn english_report() {
    let r = synthetic(20);
    let html = report_html(&r, &[], &[], Lang::En);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("<h2>Ranking</h2>"));
    assert!(html.contains("<h2>Method</h2>"));
    assert!(html.contains("data-v=\"2556\">2,556</td>"));
    assert!(html.contains("actual 2,556\u{a0}SEK/inhabitant, modelled 1,751\u{a0}SEK/inhabitant, +46%, above the 95% prediction interval"));
    // No figures and no years: those sections are left out rather than empty.
    assert!(!html.contains("<section id=\"figures\""));
    assert!(!html.contains("<section id=\"years\""));
    assert_self_contained(&html);
}

#[test]
fn print_stylesheet_keeps_rows_whole_on_a4() {
    let html = report_html(&synthetic(10), &[], &[], Lang::Sv);
    assert!(html.contains("@page{size:A4"));
    assert!(html.contains("@media print{"));
    assert!(html.contains("thead{display:table-header-group}"));
    assert!(html.contains("tr,figure,.card,dl.defs dt,dl.defs dd{break-inside:avoid"));
}
