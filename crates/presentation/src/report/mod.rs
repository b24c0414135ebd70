//! Report exporters: pure functions from result structs ([`ModelResult`]) to
//! CSV, Markdown, HTML, XLSX and the index page. Nothing here reads files or
//! fits models, so every output can be regenerated from `results.json`.
//!
//! Text shared by the exporters (flag labels, the plain-words summary, the
//! ranking order) lives here so Markdown and HTML say the same thing.

pub mod brief;
pub mod csv;
pub mod csv_dialect;
pub mod decimal;
pub mod deviation;
pub mod family;
pub mod files;
pub mod format;
pub mod html;
pub mod index;
pub mod markdown;
pub mod rka;
/// Synthetic results for exporter tests (tests and the `sample` feature only:
/// fixture generators are not part of the shipped library).
#[cfg(any(test, feature = "sample"))]
pub mod sample;
mod sections;
pub mod text;
pub mod xlsx;

pub use self::csv::{areas_csv, coefficients_csv, excluded_csv};
pub use html::{report_html, report_html_with};
pub use index::{index_html, index_md, IndexEntry};
pub use markdown::report_md;
pub use xlsx::{areas_xlsx, XlsxError};

use crate::i18n::Catalogue;
use crate::lang::Lang;
use crate::results::{AreaRow, ModelResult};
use format as f;

/// A ready-made plot to embed in the HTML report: `svg` is a complete `<svg>`
/// element (from the plot module); `title` and `caption` are plain text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figure {
    /// Anchor id, e.g. `modelled-vs-actual`.
    pub id: String,
    pub title: String,
    pub svg: String,
    pub caption: String,
}

/// Charts of the cross-city views for the HTML report (made by
/// [`crate::plot::crossview::charts`]); the numbers they show are in the result itself
/// (`reference_comparison`, `cross_city`), so the report stays a function of
/// `results.json` plus its charts. Each chart is a complete `<svg>` element.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Extras {
    /// Modelled value against the external reference model.
    pub reference_svg: Option<String>,
    /// Change decomposition of the areas the report shows.
    pub decomposition_svg: Option<String>,
    /// (area id, the area among its similar areas), one per focus area.
    pub peers_svgs: Vec<(String, String)>,
}

/// Machine names of the flags (as in `results.json`), defined by the rules.
pub use contract::flags::{
    Correction, Direction, Flag, TrendStatus, ABOVE_INTERVAL, BELOW_INTERVAL, INFLUENTIAL, OUTLIER,
    PRACTICAL,
};

/// Municipality codes of the three big cities, in the order the summary names
/// them: Stockholm, Göteborg, Malmö.
pub use contract::views::BIG_CITIES;

/// Escape text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escape_html(&mut out, s);
    out
}

/// [`escape_html`] appended to `out`.
pub(crate) fn push_escape_html(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML (even escaped) and
            // mean nothing in HTML: shown as U+FFFD so that nothing vanishes.
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
}

/// Confidence level of the intervals as text, e.g. `95 %` / `95%`.
pub(crate) fn level(r: &ModelResult, lang: Lang) -> String {
    let l = 100.0 * (1.0 - r.model.alpha);
    let d = if (l - l.round()).abs() < 1e-9 { 0 } else { 1 };
    f::percent(l, d, lang)
}

/// Human label for a flag.
pub fn flag_label(flag: Flag, r: &ModelResult, lang: Lang) -> String {
    let corr = correction_name(r);
    match flag {
        Flag::AboveInterval => lang.msg().above_interval.into(),
        Flag::BelowInterval => lang.msg().below_interval.into(),
        Flag::Outlier => format!("{} ({corr})", lang.msg().outlier),
        Flag::Influential => lang.msg().influential.into(),
        Flag::Practical => format!(
            "{} ≥ {}",
            lang.msg().deviation_2,
            f::percent(r.model.min_deviation_pct, 0, lang)
        ),
    }
}

/// Human name of the multiple-testing correction.
pub(crate) fn correction_name(r: &ModelResult) -> &'static str {
    match r.model.correction {
        Correction::Bh => "Benjamini–Hochberg",
        Correction::Bonferroni => "Bonferroni",
    }
}

/// A label for use inside a sentence: first letter in lower case unless the
/// label starts with an abbreviation (`SCB`, `RKA`).
pub(crate) fn in_sentence(s: &str) -> String {
    let mut ch = s.chars();
    match (ch.next(), ch.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(s.chars().skip(1)).collect()
        }
        _ => s.to_string(),
    }
}

/// Label of a column id from the model's dictionary labels, else the id.
pub(crate) fn label<'a>(r: &'a ModelResult, id: &'a str, lang: Lang) -> &'a str {
    crate::i18n::column_label(&r.model, id, lang).unwrap_or(id)
}

/// "label (id)", or the id alone when it has no label of its own (a column
/// named "Bistånd kr/inv" read "Bistånd kr/inv (Bistånd kr/inv)").
pub(crate) fn label_and_id(r: &ModelResult, id: &str, lang: Lang) -> String {
    let l = label(r, id, lang);
    if l == id {
        id.to_string()
    } else {
        format!("{l} ({id})")
    }
}

/// Label of a coefficient row name: the intercept gets a word, covariates their
/// dictionary label with the id.
pub(crate) fn coef_label(r: &ModelResult, name: &str, lang: Lang) -> String {
    match name {
        "(Intercept)" | "intercept" | "const" | "Intercept" => lang.msg().intercept.into(),
        _ => match crate::i18n::column_label(&r.model, name, lang) {
            Some(l) if l != name => format!("{l} ({name})"),
            _ => name.to_string(),
        },
    }
}

/// Display name of an area's group.
pub(crate) fn group_display(a: &AreaRow) -> &str {
    if a.group_name.is_empty() {
        &a.group
    } else {
        &a.group_name
    }
}

/// Decimals for values of the outcome, from its median magnitude.
pub(crate) fn value_decimals(r: &ModelResult) -> usize {
    let mut v: Vec<f64> = r
        .areas
        .iter()
        .map(|a| a.actual.abs())
        .filter(|x| x.is_finite())
        .collect();
    if v.is_empty() {
        return 0;
    }
    // The element a full sort would put in the middle, found in linear time:
    // this runs once per area in the tooltips and the texts.
    let mid = v.len() / 2;
    let (_, m, _) = v.select_nth_unstable_by(mid, f64::total_cmp);
    f::decimals_for(*m)
}

/// Area indices in ranking order: from the area most surely above its
/// modelled value to the one most surely below (outside the interval first,
/// then by studentized residual; [`deviation::surety_order`]). Not by raw
/// percent, which makes areas with a small modelled value look extreme, nor by
/// amount alone, which favours large noisy deviations over clear ones. The
/// terminal summary of `report` ranks the same way.
pub fn ranking_order(r: &ModelResult) -> Vec<usize> {
    deviation::surety_order(r)
}

pub(crate) fn has_flag(a: &AreaRow, flag: Flag) -> bool {
    a.flags.contains(&flag)
}

/// The plain-words summary, as plain text lines (escape before putting in HTML).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    /// What the model explains and how many areas are flagged.
    pub headline: Vec<String>,
    /// Indices (into `areas`) of the big cities present (Stockholm, Göteborg,
    /// Malmö), for [`area_sentence`] / [`area_facts`].
    pub cities: Vec<usize>,
    /// Areas most surely above their modelled value, most sure first.
    pub above: Vec<usize>,
    /// Areas most surely below their modelled value, most sure first.
    pub below: Vec<usize>,
}

/// One area in words: `Malmö: utfall 2 556 kr/inv, modellvärde 1 751 kr/inv,
/// +46 %, över 95 % prediktionsintervall`.
pub fn area_sentence(r: &ModelResult, a: &AreaRow, lang: Lang) -> String {
    format!("{}: {}", a.name, area_facts(r, a, lang))
}

/// An area's bootstrap rank and its interval (`results.uncertainty`), if
/// present: (rank, low, high).
pub fn rank_interval(r: &ModelResult, a: &AreaRow) -> Option<(usize, usize, usize)> {
    let u = r.uncertainty.as_ref()?;
    let x = u.areas.iter().find(|x| x.id == a.id)?;
    Some((x.rank, x.rank_low, x.rank_high))
}

/// [`rank_interval`] for every area of a table: the bootstrap ranks indexed
/// by id once (the first row of an id, as `rank_interval` finds it), so a
/// table of n areas looks each up in constant time rather than scanning n.
pub(crate) fn rank_intervals(
    r: &ModelResult,
) -> impl Fn(&AreaRow) -> Option<(usize, usize, usize)> + '_ {
    let mut by_id = std::collections::HashMap::new();
    if let Some(u) = r.uncertainty.as_ref() {
        for x in &u.areas {
            by_id
                .entry(x.id.as_str())
                .or_insert((x.rank, x.rank_low, x.rank_high));
        }
    }
    move |a: &AreaRow| by_id.get(a.id.as_str()).copied()
}

/// Level of the bootstrap intervals as text (`95 %`), if there are any.
pub(crate) fn rank_level(r: &ModelResult, lang: Lang) -> Option<String> {
    let l = 100.0 * r.uncertainty.as_ref()?.level;
    let d = if (l - l.round()).abs() < 1e-9 { 0 } else { 1 };
    Some(f::percent(l, d, lang))
}

/// `rang 2, 95 % intervall 1–4` / `rank 2, 95% interval 1–4`, if the result
/// has bootstrap rank intervals.
pub fn rank_phrase(r: &ModelResult, a: &AreaRow, lang: Lang) -> Option<String> {
    let (rank, lo, hi) = rank_interval(r, a)?;
    let lvl = rank_level(r, lang)?;
    Some(format!(
        "{} {rank}, {lvl} {} {lo}–{hi}",
        lang.msg().rank,
        lang.msg().interval_2,
    ))
}

/// A signed amount with the outcome's unit: `+338 kr/inv`.
pub(crate) fn signed_with_unit(x: f64, d: usize, unit: &str, lang: Lang) -> String {
    let n = f::signed(x, d, lang);
    if unit.is_empty() {
        n
    } else {
        format!("{n}\u{a0}{unit}")
    }
}

/// The natural reading of a deviation under a log link: `betalar 1,46 gånger
/// sitt modellvärde` / `pays 1.46 times its modelled value` (a cost outcome,
/// unit in kronor), else `ligger på 1,46 gånger …` / `is at 1.46 times …`.
pub fn ratio_phrase(r: &ModelResult, ratio: f64, lang: Lang) -> String {
    let pays = r.model.outcome_unit.contains("kr");
    let q = f::number(ratio, 2, lang);
    if pays {
        (lang.msg().ratio_pays)(&q)
    } else {
        (lang.msg().ratio_is_at)(&q)
    }
}

/// The part of [`area_sentence`] after the name.
pub fn area_facts(r: &ModelResult, a: &AreaRow, lang: Lang) -> String {
    area_facts_in(r, a, lang, &FactsContext::new(r, lang))
}

/// What [`area_facts`] reads from the whole result (the decimals of its
/// values, a median over the areas, and the interval's level), made once for
/// the many areas of a chart's tooltips rather than once per area.
pub(crate) struct FactsContext {
    decimals: usize,
    level: String,
}

impl FactsContext {
    pub(crate) fn new(r: &ModelResult, lang: Lang) -> FactsContext {
        FactsContext {
            decimals: value_decimals(r),
            level: level(r, lang),
        }
    }
}

/// [`area_facts`] with the result's [`FactsContext`].
pub(crate) fn area_facts_in(r: &ModelResult, a: &AreaRow, lang: Lang, cx: &FactsContext) -> String {
    let d = cx.decimals;
    let unit = crate::i18n::outcome_unit(r, lang);
    let lvl = &cx.level;
    let pos = if has_flag(a, ABOVE_INTERVAL) {
        lang.msg().above_the
    } else if has_flag(a, BELOW_INTERVAL) {
        lang.msg().below_the
    } else {
        lang.msg().within_the
    };
    let pct = if deviation::reads_as_ratio(r) {
        deviation::ratio(a)
            .map(|q| format!(": {}", ratio_phrase(r, q, lang)))
            .unwrap_or_default()
    } else {
        match deviation::shown_pct(a) {
            Some(p) => format!(", {}", f::signed_percent(p, 0, lang)),
            // No percent of a modelled value that is ≤ 0 or may be 0: the
            // amount instead, and why.
            None => format!(
                ", {} ({})",
                signed_with_unit(a.residual, d, unit, lang),
                if deviation::uncertain_modelled(a) {
                    lang.msg().no_percent_the_modelled_value_may_be_zero
                } else {
                    lang.msg().no_percent_the_modelled_value_is_not_pos
                }
            ),
        }
    };
    let rank = rank_phrase(r, a, lang)
        .map(|p| format!("; {p}"))
        .unwrap_or_default();
    format!(
        "{} {}, {} {}{pct}, {pos} {lvl} {}{rank}",
        lang.msg().actual,
        f::with_unit(a.actual, d, unit, lang),
        lang.msg().modelled,
        f::with_unit(a.modelled, d, unit, lang),
        lang.msg().prediction_interval,
    )
}

/// Build the summary from the numbers: the fit in one sentence, the big cities
/// when present, and the `k` areas most above and most below their modelled value.
pub fn summary(r: &ModelResult, lang: Lang, k: usize) -> Summary {
    let mut s = Summary::default();
    let n = r.fit.n;
    let outcome = in_sentence(label(r, &r.model.outcome, lang));
    let year = r
        .year
        .map(|y| format!(" {} {y}", lang.msg().in_))
        .unwrap_or_default();
    let weighting = match (&r.model.weight, r.fit.weighted) {
        (Some(w), true) => format!(
            "{} {}",
            lang.msg().weighted_by,
            in_sentence(label(r, w, lang))
        ),
        _ => String::new(),
    };
    let glm = family::glm(r).map(|g| (g, family::family_link(r.model.family, r.model.link, lang)));
    s.headline.push(match glm {
        Some((g, fam)) => (lang.msg().headline_glm)(
            &fam,
            &f::percent(100.0 * g.deviance_explained, 0, lang),
            &outcome,
            n,
            &year,
            &f::number(g.deviance_explained, 2, lang),
            &weighting,
        ),
        None => (lang.msg().headline_linear)(
            &f::percent(100.0 * r.fit.r2, 0, lang),
            &outcome,
            n,
            &year,
            &f::number(r.fit.r2, 2, lang),
            &weighting,
        ),
    });
    let above = r
        .areas
        .iter()
        .filter(|a| has_flag(a, ABOVE_INTERVAL))
        .count();
    let below = r
        .areas
        .iter()
        .filter(|a| has_flag(a, BELOW_INTERVAL))
        .count();
    let lvl = level(r, lang);
    s.headline
        .push((lang.msg().headline_flagged)(above, below, &lvl));
    if !r.excluded.is_empty() {
        s.headline
            .push((lang.msg().headline_excluded)(r.excluded.len()));
    }
    for code in BIG_CITIES {
        if let Some(i) = r.areas.iter().position(|a| a.id == code) {
            s.cities.push(i);
        }
    }
    let cities = s.cities.clone();
    let (above, below) = deviation::most_above_below(r, |i| !cities.contains(&i), k);
    s.above = above;
    s.below = below;
    s
}

/// At most this many areas are named in a first-page warning; the rest are
/// counted ("och 3 till"), so the warning stays short.
const WARNING_NAMES: usize = 5;

/// The names of `areas`, each with its modelled value, the first
/// [`WARNING_NAMES`] of them and a count of the rest.
fn capped_names(r: &ModelResult, areas: &[&AreaRow], lang: Lang) -> String {
    let d = value_decimals(r);
    let unit = crate::i18n::outcome_unit(r, lang);
    let names: Vec<String> = areas
        .iter()
        .take(WARNING_NAMES)
        .map(|a| {
            format!(
                "{} ({})",
                deviation::name(a),
                f::with_unit(a.modelled, d, unit, lang)
            )
        })
        .collect();
    let names = names.join(", ");
    match areas.len().saturating_sub(WARNING_NAMES) {
        0 => names,
        k => (lang.msg().names_and_more)(&names, k),
    }
}

/// The warning a report shows where no deviation in percent is given: areas
/// whose modelled value is ≤ 0 (a linear model can give one; a log link
/// cannot), and areas whose modelled value is so uncertain that it may be 0
/// (its confidence interval reaches 0), naming them with their values (at
/// most [`WARNING_NAMES`] of each, the rest counted). `None` when every
/// area has its percent.
pub fn nonpositive_warning(r: &ModelResult, lang: Lang) -> Option<String> {
    let unit = crate::i18n::outcome_unit(r, lang);
    let nonpositive = deviation::nonpositive_modelled(r);
    let uncertain = deviation::uncertain_modelled_areas(r);
    let mut parts = Vec::new();
    if !nonpositive.is_empty() {
        parts.push((lang.msg().nonpositive_warning)(
            nonpositive.len(),
            &capped_names(r, &nonpositive, lang),
            f::MISSING,
            unit,
        ));
    }
    if !uncertain.is_empty() {
        let text = (lang.msg().uncertain_modelled_warning)(
            uncertain.len(),
            &capped_names(r, &uncertain, lang),
            &level(r, lang),
            f::MISSING,
            unit,
        );
        // Standing alone, it is the warning; after the one above, a sentence
        // of its own.
        parts.push(if parts.is_empty() {
            format!("{}{text}", lang.msg().warning_prefix)
        } else {
            let mut c = text.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        });
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// The footnote under a table whose percent column has `–*` cells.
pub fn no_percent_footnote(lang: Lang) -> &'static str {
    lang.msg().no_percent_the_modelled_value_is_zero_or
}

/// The fit table as (measure, value) pairs, shared by Markdown and HTML.
pub(crate) fn fit_rows(r: &ModelResult, lang: Lang) -> Vec<(String, String)> {
    let fs = &r.fit;
    if let Some(g) = family::glm(r) {
        let mut v = family::glm_fit_rows(r, g, lang);
        let weighting = match (&r.model.weight, fs.weighted) {
            (Some(w), true) => format!("{} {} ({w})", lang.msg().irls_weight, label(r, w, lang)),
            _ => lang.msg().irls_unweighted.to_string(),
        };
        v.push((
            lang.msg().condition_number.into(),
            f::sig(fs.condition_number, 3, lang),
        ));
        v.push((lang.msg().estimation.into(), weighting));
        v.push((
            lang.msg().significance_level.into(),
            f::number(r.model.alpha, 2, lang),
        ));
        v.push((
            lang.msg().multiple_testing_correction.into(),
            correction_name(r).into(),
        ));
        v.push((lang.msg().solver.into(), fs.solver.clone()));
        return v;
    }
    let weighting = match (&r.model.weight, fs.weighted) {
        (Some(w), true) => format!("{} {} ({w})", lang.msg().wls_weight, label(r, w, lang)),
        _ => lang.msg().ols_unweighted.to_string(),
    };
    let f_text = match (fs.f, fs.f_p) {
        (Some(fv), Some(p)) => format!(
            "{} (df {}, {}; p {})",
            f::number(fv, 1, lang),
            fs.p.saturating_sub(usize::from(fs.centred)),
            fs.df_resid,
            p_phrase(p, lang)
        ),
        (Some(fv), None) => f::number(fv, 1, lang),
        _ => f::MISSING.into(),
    };
    vec![
        ("n".into(), fs.n.to_string()),
        (lang.msg().coefficients_p.into(), fs.p.to_string()),
        ("R²".into(), f::number(fs.r2, 3, lang)),
        (lang.msg().adjusted_r.into(), f::number(fs.adj_r2, 3, lang)),
        (
            lang.msg().residual_standard_error.into(),
            f::sig(fs.sigma, 3, lang),
        ),
        ("F".into(), f_text),
        ("AIC".into(), f::number(fs.aic, 1, lang)),
        ("BIC".into(), f::number(fs.bic, 1, lang)),
        (
            lang.msg().condition_number.into(),
            f::sig(fs.condition_number, 3, lang),
        ),
        (lang.msg().estimation.into(), weighting),
        (
            lang.msg().significance_level.into(),
            f::number(r.model.alpha, 2, lang),
        ),
        (
            lang.msg().multiple_testing_correction.into(),
            correction_name(r).into(),
        ),
        (lang.msg().solver.into(), fs.solver.clone()),
    ]
}

/// `= 0,042` or `< 0,001`, for inline use after "p".
pub(crate) fn p_phrase(p: f64, lang: Lang) -> String {
    let s = f::p_value(p, lang);
    if s.starts_with('<') {
        s
    } else {
        format!("= {s}")
    }
}

/// Interval as text, `1 234–2 345`, with a spaced en dash when a bound is negative.
pub(crate) fn interval_text(lo: f64, hi: f64, d: usize, lang: Lang) -> String {
    let mut out = String::new();
    push_interval_text(&mut out, lo, hi, d, lang);
    out
}

/// [`interval_text`] appended to `out`.
pub(crate) fn push_interval_text(out: &mut String, lo: f64, hi: f64, d: usize, lang: Lang) {
    f::push_number(out, lo, d, lang);
    out.push_str(if lo < 0.0 || hi < 0.0 { " – " } else { "–" });
    f::push_number(out, hi, d, lang);
}

/// The interval an area is judged against: the leave-one-out prediction
/// interval when it exists (it is what the flags use), else the in-sample one.
pub(crate) fn area_interval(a: &AreaRow) -> (f64, f64, bool) {
    match (a.loo_pi_low, a.loo_pi_high) {
        (Some(l), Some(h)) => (l, h, true),
        _ => (a.pi_low, a.pi_high, false),
    }
}

/// A persistence status (`trend.rs`) in words, with its direction:
/// `ihållande, över` / `persistent, above`; `–` for `none`.
pub fn status_label(status: TrendStatus, direction: Option<Direction>, lang: Lang) -> String {
    let s = match status {
        TrendStatus::Persistent => lang.msg().persistent,
        TrendStatus::Occasional => lang.msg().occasional,
        TrendStatus::Blip => lang.msg().one_year_blip,
        TrendStatus::None => return f::MISSING.to_string(),
    };
    match direction {
        Some(Direction::Above) => format!("{s}, {}", lang.msg().above),
        Some(Direction::Below) => format!("{s}, {}", lang.msg().below),
        Some(Direction::Mixed) => format!("{s}, {}", lang.msg().both_ways),
        None => s.to_string(),
    }
}

/// Sort key of a status: persistent first.
pub(crate) fn status_rank(status: TrendStatus) -> u8 {
    match status {
        TrendStatus::Persistent => 0,
        TrendStatus::Occasional => 1,
        TrendStatus::Blip => 2,
        TrendStatus::None => 3,
    }
}

/// Display name of a group code among the result's areas (its group name
/// when known).
pub(crate) fn group_name_of<'a>(r: &'a ModelResult, group: &'a str) -> &'a str {
    r.areas
        .iter()
        .find(|a| a.group == group && !a.group_name.is_empty())
        .map_or(group, |a| a.group_name.as_str())
}

/// Deviation of every area over the years: the areas shown (big cities, then
/// areas flagged above or below their interval in the latest year, else the
/// largest deviations) and, per year, their deviation in % and flags.
/// One trend row: (id, name, per year: (deviation %, above, below), `None` when
/// the area is missing that year).
pub(crate) type TrendRow = (String, String, Vec<Option<(Option<f64>, bool, bool)>>);

pub(crate) struct Trend {
    pub years: Vec<Option<i32>>,
    /// (id, name, per-year (deviation %, above, below)).
    pub rows: Vec<TrendRow>,
}

pub(crate) fn trend(r: &ModelResult, others: &[ModelResult], max_rows: usize) -> Option<Trend> {
    if others.is_empty() {
        return None;
    }
    let mut all: Vec<&ModelResult> = others.iter().filter(|o| o.year != r.year).collect();
    all.push(r);
    all.sort_by_key(|m| m.year);
    let mut ids: Vec<&str> = BIG_CITIES
        .iter()
        .copied()
        .filter(|c| r.areas.iter().any(|a| a.id == *c))
        .collect();
    // Persistent areas next (the view that matters over the years), largest
    // deviation first, then the areas outside their interval this year.
    let order = ranking_order(r);
    if let Some(p) = r.cross_city.as_ref().and_then(|c| c.trend.as_ref()) {
        let persistent: std::collections::BTreeSet<&str> = p
            .areas
            .iter()
            .filter(|s| s.status == TrendStatus::Persistent)
            .map(|s| s.id.as_str())
            .collect();
        for &i in &order {
            let a = &r.areas[i];
            if persistent.contains(a.id.as_str()) && !ids.contains(&a.id.as_str()) {
                ids.push(&a.id);
            }
        }
    }
    for &i in &order {
        let a = &r.areas[i];
        if (has_flag(a, ABOVE_INTERVAL) || has_flag(a, BELOW_INTERVAL))
            && !ids.contains(&a.id.as_str())
        {
            ids.push(&a.id);
        }
    }
    if ids.len() < 3 {
        let mut by_abs: Vec<&AreaRow> = r.areas.iter().collect();
        by_abs.sort_by(|a, b| {
            let k = |x: &AreaRow| deviation::studentized(x).abs();
            k(b).total_cmp(&k(a)).then_with(|| a.id.cmp(&b.id))
        });
        for a in by_abs.into_iter().take(5) {
            if !ids.contains(&a.id.as_str()) {
                ids.push(&a.id);
            }
        }
    }
    ids.truncate(max_rows);
    let rows = ids
        .iter()
        .map(|id| {
            let name = r
                .areas
                .iter()
                .find(|a| a.id == *id)
                .map(|a| a.name.clone())
                .unwrap_or_default();
            let cells = all
                .iter()
                .map(|m| {
                    m.areas.iter().find(|a| a.id == *id).map(|a| {
                        (
                            deviation::shown_pct(a),
                            has_flag(a, ABOVE_INTERVAL),
                            has_flag(a, BELOW_INTERVAL),
                        )
                    })
                })
                .collect();
            (id.to_string(), name, cells)
        })
        .collect();
    Some(Trend {
        years: all.iter().map(|m| m.year).collect(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_warning_names_areas_whose_modelled_value_may_be_zero_capped() {
        let mut r = sample::synthetic(12);
        r.model.outcome_unit = "kr/inv".into();
        for a in &mut r.areas {
            a.modelled_ci_low = Some(a.modelled * 0.5);
        }
        assert_eq!(nonpositive_warning(&r, Lang::Sv), None);
        // Seven areas whose interval reaches 0: five named, two counted.
        for a in r.areas.iter_mut().take(7) {
            a.modelled_ci_low = Some(-a.modelled);
            a.deviation_pct = None;
        }
        let w = nonpositive_warning(&r, Lang::Sv).unwrap();
        assert!(
            w.starts_with("Varning: för 7 områden är modellvärdet så osäkert"),
            "{w}"
        );
        assert!(w.contains(&format!("{} (", r.areas[4].name)), "{w}");
        assert!(!w.contains(&format!("{} (", r.areas[5].name)), "{w}");
        assert!(w.contains("och 2 till"), "{w}");
        let en = nonpositive_warning(&r, Lang::En).unwrap();
        assert!(
            en.contains("may be zero") && en.contains("and 2 more"),
            "{en}"
        );
        // After the warning on modelled values ≤ 0, a sentence of its own.
        r.areas[9].modelled = -3.0;
        let w = nonpositive_warning(&r, Lang::Sv).unwrap();
        assert!(
            w.starts_with("Varning: modellen ger ett modellvärde"),
            "{w}"
        );
        assert!(w.contains(". För 7 områden är modellvärdet"), "{w}");
        assert_eq!(w.matches("Varning").count(), 1, "{w}");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape_html("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn malmo_sentence_in_both_languages() {
        let r = sample::synthetic(12);
        let malmo = r.areas.iter().find(|a| a.id == "1280").unwrap();
        let nb = '\u{a0}';
        assert_eq!(
            area_sentence(&r, malmo, Lang::Sv),
            format!("Malmö: utfall 2{nb}556{nb}kr/inv, modellvärde 1{nb}751{nb}kr/inv, +46{nb}%, över 95{nb}% prediktionsintervall")
        );
        assert_eq!(
            area_sentence(&r, malmo, Lang::En),
            format!("Malmö: actual 2,556{nb}SEK/inhabitant, modelled 1,751{nb}SEK/inhabitant, +46%, above the 95% prediction interval")
        );
    }

    #[test]
    fn summary_names_big_cities_and_extremes() {
        let r = sample::synthetic(30);
        let s = summary(&r, Lang::Sv, 3);
        assert_eq!(s.cities.len(), 3);
        assert_eq!(r.areas[s.cities[0]].name, "Stockholm");
        assert_eq!(r.areas[s.cities[2]].name, "Malmö");
        // The first area listed above is one above its interval.
        assert_eq!(
            deviation::side(&r.areas[s.above[0]]),
            deviation::Side::Above
        );
        assert_eq!(s.above.len(), 3);
        assert_eq!(s.below.len(), 3);
        assert!(s.headline[0].contains("R² = 0,78"), "{}", s.headline[0]);
        assert!(s
            .headline
            .iter()
            .any(|l| l.starts_with("1 område ingår inte")));
        assert!(s.headline[0].contains("skillnaderna i utbetalt ekonomiskt bistånd"));
        assert!(s.headline[0].contains("mellan 30 områden år 2022 (R²"));
        let en = summary(&r, Lang::En, 3);
        assert!(en.headline[0].contains("between 30 areas in 2022 (R² = 0.78"));
    }

    #[test]
    fn ranking_puts_the_sure_deviations_first() {
        let r = sample::synthetic(30);
        let o = ranking_order(&r);
        let sides: Vec<deviation::Side> = o.iter().map(|&i| deviation::side(&r.areas[i])).collect();
        assert!(sides.windows(2).all(|w| w[0] <= w[1]), "{sides:?}");
        assert!(sides.contains(&deviation::Side::Above));
        for w in o.windows(2) {
            let (a, b) = (&r.areas[w[0]], &r.areas[w[1]]);
            if deviation::side(a) == deviation::side(b) {
                assert!(deviation::studentized(a) >= deviation::studentized(b));
            }
        }
    }
}
