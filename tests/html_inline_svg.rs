//! `inline_svg` keeps the last large input's result for the next call (the
//! brief and the report page inline the same map): the kept result must be
//! given only for an equal input, never for another drawing of the same
//! size, and a refused drawing must stay refused.

use presentation::report::html::inline_svg;

/// A large SVG (above the size from which results are kept) whose one
/// circle has the attribute `attr`.
fn big(attr: &str, fill: &str) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">",
    );
    while s.len() < 100_000 {
        s.push_str(&format!(
            "<rect x=\"1\" y=\"2\" width=\"3\" height=\"4\" fill=\"{fill}\"/>"
        ));
    }
    s.push_str(&format!("<circle cx=\"1\" cy=\"1\" r=\"1\" {attr}/></svg>"));
    s
}

#[test]
fn a_kept_result_is_given_only_for_the_same_drawing() {
    let inert = big("fill=\"#000000\"", "#111111");
    let other = big("fill=\"#000000\"", "#222222");
    // Same length as `inert`, but it runs script.
    let evil = big("onload=\"x()\"  ", "#111111");
    assert_eq!(inert.len(), evil.len());
    let a = inline_svg(&inert).expect("inert drawing is inlined");
    assert!(
        a.starts_with("<svg width") && !a.contains("xmlns"),
        "{}",
        &a[..40]
    );
    assert_eq!(inline_svg(&inert).as_deref(), Some(a.as_str()));
    assert_eq!(
        inline_svg(&evil),
        None,
        "a refused drawing after a kept one"
    );
    assert_eq!(inline_svg(&evil), None, "a refused drawing kept");
    let b = inline_svg(&other).expect("inert drawing is inlined");
    assert!(b.contains("#222222") && !b.contains("#111111"));
    assert_eq!(inline_svg(&inert).as_deref(), Some(a.as_str()));
}
