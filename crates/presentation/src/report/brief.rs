//! The committee's short version of a report (`brief.html`): one or two A4
//! pages with the headline in words, the big cities as cards, the map (or,
//! without boundaries, the modelled-vs-actual chart) and the method in five
//! sentences. Same styles as `report.html`; the full report has the rest.

use std::fmt::Write;

use super::html::{inline_svg, CSS};
use super::{area_facts, escape_html as esc, has_flag, label, level, summary};
use super::{ABOVE_INTERVAL, BELOW_INTERVAL};
use crate::i18n::Catalogue;
use crate::lang::Lang;
use crate::results::ModelResult;

/// Extra styles of the short version: the figure shrinks so that the page
/// count stays at one or two.
const BRIEF_CSS: &str = "figure.brief svg{max-height:150mm;width:auto}@media print{figure.brief svg{max-height:125mm}body{font-size:10pt}}p.lead{font-size:1.08rem}ol.method li{margin:.2rem 0}";

/// The five sentences of the method.
fn method(r: &ModelResult, lang: Lang) -> Vec<String> {
    let outcome = super::in_sentence(label(r, &r.model.outcome, lang));
    let covs: Vec<String> = r
        .model
        .covariates
        .iter()
        .map(|c| super::in_sentence(label(r, c, lang)))
        .collect();
    let covs = covs.join(", ");
    let lvl = level(r, lang);
    let n = r.fit.n;
    (lang.msg().brief_method)(&outcome, n, &covs, &lvl)
}

/// `brief.html` for one result. `figure` is (title, complete `<svg>`): the
/// map, or the modelled-vs-actual chart; `None` leaves the figure out.
pub fn brief_html(r: &ModelResult, figure: Option<(&str, &str)>, lang: Lang) -> String {
    let mut o = String::with_capacity(64 * 1024);
    let year = r.year.map(|y| format!(" – {y}")).unwrap_or_default();
    let title = format!("{}{year}", r.model.title_in(lang));
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"{}\">\n<title>{}</title>\n<style>{CSS}{BRIEF_CSS}</style>\n</head>\n<body>\n<header><p class=\"kicker\">{}</p><h1>{}</h1></header>\n",
        lang.code(),
        esc(&r.generator),
        esc(&title),
        lang.msg().brief_kicker,
        esc(&title),
    );
    let sm = summary(r, lang, 2);
    let _ = write!(
        o,
        "<section id=\"headline\"><h2>{}</h2><p class=\"lead\">{}</p>",
        lang.msg().in_short,
        esc(&sm.headline.join(" "))
    );
    // A modelled value that cannot be a cost is said here too: the brief is
    // what the committee reads, and its cards and map show no percent there.
    if let Some(w) = super::nonpositive_warning(r, lang) {
        let _ = write!(o, "<p class=\"warn nonpositive\">{}</p>", esc(&w));
    }
    // The big cities; without them, the areas most above and below.
    let (head, shown): (&str, Vec<usize>) = if sm.cities.is_empty() {
        (
            lang.msg().largest_deviations,
            sm.above.iter().chain(&sm.below).copied().collect(),
        )
    } else {
        (lang.msg().the_big_cities, sm.cities.clone())
    };
    if !shown.is_empty() {
        let _ = write!(o, "<h3>{}</h3><div class=\"cards\">", esc(head));
        for i in shown {
            let a = &r.areas[i];
            let cls = if has_flag(a, ABOVE_INTERVAL) {
                " up"
            } else if has_flag(a, BELOW_INTERVAL) {
                " down"
            } else {
                ""
            };
            let _ = write!(
                o,
                "<div class=\"card{cls}\"><b>{}</b><span>{}</span></div>",
                esc(&a.name),
                esc(&area_facts(r, a, lang))
            );
        }
        o.push_str("</div>");
    }
    o.push_str("</section>\n");
    if let Some((t, svg)) = figure {
        if let Some(svg) = inline_svg(svg) {
            let _ = writeln!(
                o,
                "<figure class=\"brief\" id=\"fig-brief\"><h3>{}</h3>{svg}</figure>",
                esc(t)
            );
        }
    }
    let _ = write!(
        o,
        "<section id=\"method\"><h2>{}</h2><ol class=\"method\">",
        lang.msg().method_in_five_sentences
    );
    for s in method(r, lang) {
        let _ = write!(o, "<li>{}</li>", esc(&s));
    }
    let _ = write!(
        o,
        "</ol></section>\n<footer>{} · <a href=\"report.html\">{}</a></footer>\n</body>\n</html>\n",
        esc(&r.generator),
        lang.msg().the_full_report
    );
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample::synthetic;

    #[test]
    fn brief_has_headline_cards_figure_and_five_method_sentences() {
        let r = synthetic(30);
        let svg = "<svg width=\"10\" height=\"10\"><rect width=\"1\" height=\"1\"/></svg>";
        let h = brief_html(&r, Some(("Karta", svg)), Lang::Sv);
        let sm = summary(&r, Lang::Sv, 2);
        assert!(h.contains(&esc(&sm.headline[0])));
        assert_eq!(h.matches("</span></div>").count(), {
            if sm.cities.is_empty() {
                sm.above.len() + sm.below.len()
            } else {
                sm.cities.len()
            }
        });
        assert!(h.contains("<figure class=\"brief\""));
        let m = &h[h.find("<ol class=\"method\">").unwrap()..];
        assert_eq!(m[..m.find("</ol>").unwrap()].matches("<li>").count(), 5);
        // A figure that could run script is left out.
        let bad = brief_html(&r, Some(("x", "<svg><script>1</script></svg>")), Lang::En);
        assert!(!bad.contains("<script>1"));
        assert!(bad.contains("The method in five sentences"));
        // No warning while every modelled value is positive …
        assert!(!h.contains("class=\"warn nonpositive\""));
    }

    #[test]
    fn brief_warns_of_a_modelled_value_that_cannot_be_a_cost() {
        let mut r = synthetic(30);
        r.areas[3].modelled = -42.0;
        let warning = super::super::nonpositive_warning(&r, Lang::Sv).expect("a warning");
        let h = brief_html(&r, None, Lang::Sv);
        assert!(h.contains(&format!(
            "<p class=\"warn nonpositive\">{}</p>",
            esc(&warning)
        )));
        assert!(h.contains(&esc(&r.areas[3].name)), "the area is named");
    }
}
