//! A fit's warnings on the terminal, in the terminal's language: rendered
//! from their codes through the presentation's message catalogue
//! (`presentation::i18n::reasons`), never as the English text that
//! `results.json` keeps. Each warning is shown once: a warning that differs
//! between a model's years is shown in that year's line, and the closing line
//! of the model only counts the years; a warning the same in every year is
//! shown once, at the end.

use std::collections::BTreeMap;

use modellvarde::lang::Lang;
use modellvarde::results::{ModelResult, Warning};
use presentation::i18n::reasons;

use super::texts::{fill, Terminal};

/// `w` in the terminal's language (English without `--lang`, the text
/// `results.json` has), with an ASCII minus as the terminal writes numbers.
pub fn text(w: &Warning, tm: &Terminal) -> String {
    reasons::warning(w, tm.lang.unwrap_or(Lang::En)).replace('\u{2212}', "-")
}

/// The warnings of one model's results (one per year), sorted for printing.
#[derive(Debug, Default)]
pub struct ModelWarnings {
    /// Warnings the same in every year (or of a model with one result):
    /// shown once, at the end.
    pub model_wide: Vec<String>,
    /// Per result, the warnings for its year's lines, rendered (without the
    /// year and the `warning:` prefix). A warning that has a line of its own
    /// (see `own_line`) is not in here.
    pub per_year: Vec<Vec<String>>,
    /// The kinds shown year by year, with the number of years of each, in
    /// the order first met: `modelled value ≤ 0 for some area in 10 of 10
    /// years`.
    pub counted: Vec<String>,
}

/// Sort the warnings of `rs` (one model's results). `own_line(r, w)` is true
/// when the summary shows `w` in a line of its own for `r` (the list of areas
/// with a modelled value ≤ 0), so that it is counted but not repeated.
pub fn sort(
    rs: &[&ModelResult],
    tm: &Terminal,
    own_line: impl Fn(&ModelResult, &Warning) -> bool,
) -> ModelWarnings {
    let lang = tm.lang.unwrap_or(Lang::En);
    let rendered: Vec<Vec<(String, &Warning)>> = rs
        .iter()
        .map(|r| r.fit.warnings.iter().map(|w| (text(w, tm), w)).collect())
        .collect();
    let mut out = ModelWarnings::default();
    // A text met in every result is the model's, not a year's; a list of
    // areas (own line) always belongs to its year.
    if let Some(first) = rendered.first() {
        for (s, w) in first {
            let everywhere = rendered.iter().all(|ws| ws.iter().any(|(t, _)| t == s));
            let own = rs.iter().any(|r| own_line(r, w));
            if everywhere && !own && !out.model_wide.contains(s) {
                out.model_wide.push(s.clone());
            }
        }
    }
    // Per kind (the phrase with the count filled in later): the first
    // warning met and the years it was met in.
    let mut kinds: Vec<(&'static str, &Warning)> = Vec::new();
    let mut years: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (r, ws) in rs.iter().zip(&rendered) {
        let mut lines = Vec::new();
        let mut seen_kinds = Vec::new();
        for (s, w) in ws {
            if out.model_wide.contains(s) {
                continue;
            }
            let kind = kind(w);
            if !seen_kinds.contains(&kind) {
                seen_kinds.push(kind);
                *years.entry(kind).or_default() += 1;
                if !kinds.iter().any(|(k, _)| *k == kind) {
                    kinds.push((kind, w));
                }
            }
            if !own_line(r, w) && !lines.contains(s) {
                lines.push(s.clone());
            }
        }
        out.per_year.push(lines);
    }
    out.counted = kinds
        .iter()
        .map(|(k, w)| reasons::warning_in_years(w, years[k], rs.len(), lang))
        .collect();
    out
}

/// The kind of a warning: its least-squares and GLM forms are one.
fn kind(w: &Warning) -> &'static str {
    match w {
        Warning::CollinearGlm { .. } => "collinear",
        Warning::LeverageOneGlm { .. } => "leverage_one",
        w => w.code(),
    }
}

/// The closing lines of a model: the warnings of every year, then one line
/// counting the years of the warnings shown above (nothing when there are
/// none, or when the model has one result).
pub fn closing_lines(model: &str, mw: &ModelWarnings, tm: &Terminal) -> Vec<String> {
    let t = tm.t();
    // A warning of every year says so, where there are several.
    let every = if mw.per_year.len() > 1 {
        format!(" ({})", fill(t.all_years, &[&mw.per_year.len()]))
    } else {
        String::new()
    };
    let mut out: Vec<String> = mw
        .model_wide
        .iter()
        .map(|s| format!("{}: {model}{every}: {s}", t.warning))
        .collect();
    // With one result the year's line above is the whole story.
    if !mw.counted.is_empty() && mw.per_year.len() > 1 {
        out.push(format!(
            "{}: {model}: {}",
            t.warning,
            fill(t.see_above, &[&mw.counted.join("; ")])
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use modellvarde::lang::Lang;
    use modellvarde::results::AreaValue;

    fn result(year: i32, warnings: Vec<Warning>) -> ModelResult {
        // A synthetic result (the presentation's test sample) with these
        // warnings only.
        let mut r = presentation::report::sample::synthetic_year(5, year);
        r.fit.warnings = warnings;
        r
    }

    fn nonpositive(value: f64) -> Warning {
        Warning::NonpositiveModelled {
            areas: vec![AreaValue {
                id: "0187".into(),
                name: "Vaxholm".into(),
                value,
            }],
        }
    }

    #[test]
    fn each_warning_once_year_lines_or_end() {
        let sv = Terminal::new(Some(Lang::Sv));
        // Leverage 1 in every year with the same text: the model's; the
        // collinearity of 2014 only and the areas ≤ 0: the years'.
        let rs = [
            result(
                2013,
                vec![Warning::LeverageOneGlm { n: 1 }, nonpositive(-137.1)],
            ),
            result(
                2014,
                vec![
                    Warning::LeverageOneGlm { n: 1 },
                    Warning::CollinearGlm {
                        condition_number: 2.5e10,
                    },
                ],
            ),
        ];
        let refs: Vec<&ModelResult> = rs.iter().collect();
        let mw = sort(&refs, &sv, |_, w| {
            matches!(w, Warning::NonpositiveModelled { .. })
        });
        assert_eq!(mw.model_wide.len(), 1);
        assert!(mw.model_wide[0].starts_with("1 observation(er) med hävstång 1"));
        assert!(mw.per_year[0].is_empty(), "{:?}", mw.per_year);
        assert_eq!(mw.per_year[1].len(), 1);
        assert!(
            mw.per_year[1][0].starts_with("konditionstal 2,500e10"),
            "{:?}",
            mw.per_year
        );
        let lines = closing_lines("m", &mw, &sv);
        assert_eq!(
            lines,
            [
                format!("varning: m (alla 2 år): {}", mw.model_wide[0]),
                "varning: m: modellvärde ≤ 0 för något område i 1 av 2 år; nästan kolinjära förklaringsvariabler i 1 av 2 år (se raderna ovan)".to_string(),
            ]
        );
        // Without --lang: the English text results.json has.
        let plain = Terminal::new(None);
        let mw = sort(&refs, &plain, |_, _| false);
        assert_eq!(
            mw.model_wide,
            [Warning::LeverageOneGlm { n: 1 }.to_string()]
        );
        assert_eq!(mw.per_year[0], [nonpositive(-137.1).to_string()]);
    }

    #[test]
    fn one_result_has_no_counting_line() {
        let sv = Terminal::new(Some(Lang::Sv));
        let rs = [result(2022, vec![nonpositive(-10.2)])];
        let refs: Vec<&ModelResult> = rs.iter().collect();
        let mw = sort(&refs, &sv, |_, _| true);
        assert!(mw.model_wide.is_empty());
        assert!(closing_lines("m", &mw, &sv).is_empty());
    }
}
