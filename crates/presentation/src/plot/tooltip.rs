//! Hover text for chart marks in the SVG: each point or bar that stands for
//! an area gets an SVG `<title>` (its name and values), which browsers show as
//! a tooltip.
//!
//! The charts are drawn with plotters, whose SVG has no hook for titles. So
//! while an SVG is drawn, the chart code records each mark's pixel position
//! and text ([`point`], [`bar`]); afterwards [`annotate`] finds the `<circle>`
//! or `<rect>` plotters wrote at exactly that position and puts the title
//! inside it. Positions are the backend's integer pixels, the same numbers
//! plotters writes, so the match is exact; a mark that is not found (clipped)
//! simply has no tooltip. Recording is per thread and only inside
//! [`record`], so PNG drawing and parallel reports do not interfere.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::report::escape_html;

#[derive(Default)]
struct Marks {
    /// Circle centre → text.
    points: HashMap<(i32, i32), String>,
    /// Rectangle top-left corner → text.
    bars: HashMap<(i32, i32), String>,
}

thread_local! {
    static MARKS: RefCell<Option<Marks>> = const { RefCell::new(None) };
}

/// Record the marks `draw` makes, then put their titles into the SVG it
/// returns.
pub(crate) fn record<E>(draw: impl FnOnce() -> Result<String, E>) -> Result<String, E> {
    MARKS.with(|m| *m.borrow_mut() = Some(Marks::default()));
    let svg = draw();
    let marks = MARKS.with(|m| m.borrow_mut().take()).unwrap_or_default();
    svg.map(|s| annotate(&s, &marks))
}

/// A circle centred at pixel `at` stands for `text` (first text wins).
pub(crate) fn point(at: (i32, i32), text: impl FnOnce() -> String) {
    MARKS.with(|m| {
        if let Some(m) = m.borrow_mut().as_mut() {
            m.points.entry(at).or_insert_with(text);
        }
    });
}

/// A rectangle between pixel corners `a` and `b` stands for `text`.
pub(crate) fn bar(a: (i32, i32), b: (i32, i32), text: impl FnOnce() -> String) {
    MARKS.with(|m| {
        if let Some(m) = m.borrow_mut().as_mut() {
            m.bars
                .entry((a.0.min(b.0), a.1.min(b.1)))
                .or_insert_with(text);
        }
    });
}

/// The hover text of an area: its name and id, then its values in words.
/// `cx` is the result's [`FactsContext`](crate::report::FactsContext),
/// made once per chart.
pub(crate) fn area_text(
    r: &crate::results::ModelResult,
    a: &crate::results::AreaRow,
    lang: crate::lang::Lang,
    cx: &crate::report::FactsContext,
) -> String {
    format!(
        "{} ({}): {}",
        super::area_name(a),
        a.id,
        crate::report::area_facts_in(r, a, lang, cx)
    )
}

/// The hover texts of one result's areas while its page is drawn
/// ([`texts_scope`]): the diagnostic, ranking and headline charts each put
/// the same text on every area, so each text is made once for all of them.
struct Texts {
    /// The result's address and its number of areas.
    result: (usize, usize),
    lang: crate::lang::Lang,
    texts: Vec<std::sync::OnceLock<String>>,
}

/// The results whose pages are being drawn, on any thread.
static SCOPES: std::sync::Mutex<Vec<std::sync::Arc<Texts>>> = std::sync::Mutex::new(Vec::new());

fn result_key(r: &crate::results::ModelResult) -> (usize, usize) {
    (r as *const _ as usize, r.areas.len())
}

/// While the scope lives, the charts of `r` in `lang` share its areas'
/// hover texts ([`AreaTexts`]). The result is borrowed for the scope's
/// life, so its address names it alone.
pub(crate) struct TextsScope<'a> {
    texts: std::sync::Arc<Texts>,
    _result: std::marker::PhantomData<&'a crate::results::ModelResult>,
}

pub(crate) fn texts_scope(
    r: &crate::results::ModelResult,
    lang: crate::lang::Lang,
) -> TextsScope<'_> {
    let texts = std::sync::Arc::new(Texts {
        result: result_key(r),
        lang,
        texts: (0..r.areas.len())
            .map(|_| std::sync::OnceLock::new())
            .collect(),
    });
    SCOPES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(texts.clone());
    TextsScope {
        texts,
        _result: std::marker::PhantomData,
    }
}

impl Drop for TextsScope<'_> {
    fn drop(&mut self) {
        SCOPES
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|t| !std::sync::Arc::ptr_eq(t, &self.texts));
    }
}

/// [`area_text`] for the areas of one result, made once per chart: from the
/// texts of its scope when there is one ([`texts_scope`]).
pub(crate) struct AreaTexts<'a> {
    r: &'a crate::results::ModelResult,
    lang: crate::lang::Lang,
    cx: crate::report::FactsContext,
    shared: Option<std::sync::Arc<Texts>>,
}

impl<'a> AreaTexts<'a> {
    pub(crate) fn new(r: &'a crate::results::ModelResult, lang: crate::lang::Lang) -> Self {
        let key = result_key(r);
        let shared = SCOPES
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .find(|t| t.result == key && t.lang == lang)
            .cloned();
        AreaTexts {
            r,
            lang,
            cx: crate::report::FactsContext::new(r, lang),
            shared,
        }
    }

    /// The hover text of `a`, an area of the result or another.
    pub(crate) fn text(&self, a: &crate::results::AreaRow) -> String {
        let make = || area_text(self.r, a, self.lang, &self.cx);
        let Some(shared) = &self.shared else {
            return make();
        };
        // The area's index when it is one of the result's rows.
        let size = std::mem::size_of::<crate::results::AreaRow>();
        let (base, at) = (self.r.areas.as_ptr() as usize, a as *const _ as usize);
        match at.checked_sub(base) {
            Some(off) if off % size == 0 && off / size < self.r.areas.len() => {
                shared.texts[off / size].get_or_init(make).clone()
            }
            _ => make(),
        }
    }
}

/// Value of attribute `k` in the tag text `tag`, as an integer pixel.
fn attr_px(tag: &str, k: &str) -> Option<i32> {
    let key = format!(" {k}=\"");
    let at = tag.find(&key)? + key.len();
    let v = &tag[at..at + tag[at..].find('"')?];
    v.parse::<f64>().ok().map(|x| x.round() as i32)
}

fn annotate(svg: &str, m: &Marks) -> String {
    if m.points.is_empty() && m.bars.is_empty() {
        return svg.to_string();
    }
    let mut out = String::with_capacity(svg.len() + 64 * (m.points.len() + m.bars.len()));
    let mut rest = svg;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..=end];
        let text = if tag.starts_with("<circle ") && tag.ends_with("/>") {
            attr_px(tag, "cx")
                .zip(attr_px(tag, "cy"))
                .and_then(|p| m.points.get(&p))
        } else if tag.starts_with("<rect ") && tag.ends_with("/>") {
            attr_px(tag, "x")
                .zip(attr_px(tag, "y"))
                .and_then(|p| m.bars.get(&p))
        } else {
            None
        };
        match text {
            Some(t) => {
                let name = if tag.starts_with("<circle") {
                    "circle"
                } else {
                    "rect"
                };
                out.push_str(tag[..tag.len() - 2].trim_end());
                out.push_str("><title>");
                out.push_str(&escape_html(t));
                out.push_str("</title></");
                out.push_str(name);
                out.push('>');
            }
            None => out.push_str(tag),
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_area_texts_are_each_areas_own() {
        use crate::lang::Lang;
        let r = crate::plot::sample::sample_result();
        let other = crate::plot::sample::sample_result_for(2019, 12);
        let want = |r: &crate::results::ModelResult, lang: Lang| -> Vec<String> {
            let cx = crate::report::FactsContext::new(r, lang);
            r.areas.iter().map(|a| area_text(r, a, lang, &cx)).collect()
        };
        for lang in [Lang::Sv, Lang::En] {
            let scope = texts_scope(&r, Lang::Sv);
            for _ in 0..2 {
                let t = AreaTexts::new(&r, lang);
                assert_eq!(t.shared.is_some(), lang == Lang::Sv);
                let got: Vec<String> = r.areas.iter().map(|a| t.text(a)).collect();
                assert_eq!(got, want(&r, lang));
                // An area of another result gets its own text.
                let cx = crate::report::FactsContext::new(&r, lang);
                assert_eq!(
                    t.text(&other.areas[3]),
                    area_text(&r, &other.areas[3], lang, &cx)
                );
            }
            drop(scope);
            assert!(AreaTexts::new(&r, Lang::Sv).shared.is_none());
        }
    }

    #[test]
    fn titles_go_into_the_marks_at_the_recorded_positions_only() {
        let svg = record(|| {
            point((25, 542), || "Malmö <1>".into());
            bar((30, 20), (10, 10), || "Bar".into());
            Ok::<_, ()>(
                "<svg>\n<circle cx=\"25\" cy=\"542\" r=\"4\"/>\n<circle cx=\"26\" cy=\"542\" r=\"4\"/>\n<rect x=\"10\" y=\"10\" width=\"20\" height=\"10\"/>\n</svg>".into(),
            )
        })
        .unwrap();
        assert!(
            svg.contains(
                "<circle cx=\"25\" cy=\"542\" r=\"4\"><title>Malmö &lt;1&gt;</title></circle>"
            ),
            "{svg}"
        );
        assert!(svg.contains("<circle cx=\"26\" cy=\"542\" r=\"4\"/>"));
        assert!(svg.contains(
            "<rect x=\"10\" y=\"10\" width=\"20\" height=\"10\"><title>Bar</title></rect>"
        ));
        // Outside `record` nothing is kept.
        point((1, 1), || "x".into());
        assert!(MARKS.with(|m| m.borrow().is_none()));
    }
}
