//! The reasons a row was left out of a fit and the warnings of a fit, in the
//! report's language. The contract carries them as codes with parameters
//! (`contract::reasons`) and writes them to `results.json` as English text;
//! reports render them from the code with the templates here, one set per
//! language (a block of its own in `sv.rs` and `en.rs`). A text the contract
//! did not recognise (`Other`) is shown as it is.
//!
//! The English templates give exactly the contract's English text (a test
//! checks it), so English reports read as `results.json` does.

use crate::lang::Lang;
use crate::results::{Exclusion, Warning};

/// Templates with `{name}` placeholders; doc comments give the English text.
#[derive(Debug)]
pub struct Reasons {
    /// the year is missing: the row belongs to no year's fit
    pub year_missing: &'static str,
    /// missing {columns}
    pub missing: &'static str,
    /// missing {population} (population for {column})
    pub population_missing: &'static str,
    /// the group is missing ('{group}'): the group fixed effect needs it
    pub group_missing: &'static str,
    /// weight {column} = {value}: weights must be > 0
    pub weight_not_positive: &'static str,
    /// {column} = {value}: log needs a value > 0
    pub log_not_positive: &'static str,
    /// population {population} = {value}: cannot divide {column} by it
    pub population_not_positive: &'static str,
    /// The perfect-fit warning (no parameters).
    pub perfect_fit: &'static str,
    /// condition number {value}: … (least squares)
    pub collinear: &'static str,
    /// condition number {value}: the covariates are nearly collinear
    pub collinear_glm: &'static str,
    /// {n} area(s) with leverage 1: …
    pub leverage_one: &'static str,
    /// {n} observation(s) with leverage 1: …
    pub leverage_one_glm: &'static str,
    /// {n} area(s) with a modelled value ≤ 0 …: {areas}; …
    pub nonpositive_modelled: &'static str,
    /// cluster-robust standard errors …: {n} area(s) … ({areas}); …
    pub cluster_skipped: &'static str,
    /// the outcome '{outcome}' has no unit, so … add [units] {key} = "kr/inv" …
    pub unit_none: &'static str,
    /// the outcome '{outcome}' has the unit '{unit}', not per inhabitant, so …
    pub unit_not_per_inhabitant: &'static str,
}

impl Reasons {
    /// Every template with its field name (for tests).
    pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            ("year_missing", self.year_missing),
            ("missing", self.missing),
            ("population_missing", self.population_missing),
            ("group_missing", self.group_missing),
            ("weight_not_positive", self.weight_not_positive),
            ("log_not_positive", self.log_not_positive),
            ("population_not_positive", self.population_not_positive),
            ("perfect_fit", self.perfect_fit),
            ("collinear", self.collinear),
            ("collinear_glm", self.collinear_glm),
            ("leverage_one", self.leverage_one),
            ("leverage_one_glm", self.leverage_one_glm),
            ("nonpositive_modelled", self.nonpositive_modelled),
            ("cluster_skipped", self.cluster_skipped),
            ("unit_none", self.unit_none),
            ("unit_not_per_inhabitant", self.unit_not_per_inhabitant),
        ]
    }
}

fn reasons(lang: Lang) -> &'static Reasons {
    match lang {
        Lang::Sv => &super::sv::SV_REASONS,
        Lang::En => &super::en::EN_REASONS,
    }
}

/// Replace each `{key}` of `template` by its value.
fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (k, v) in args {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// A number as the contract writes it (`s`), in the language's notation:
/// unchanged in English, decimal comma and a true minus sign in Swedish.
fn num(s: String, lang: Lang) -> String {
    match lang {
        Lang::En => s,
        Lang::Sv => s.replace('.', ",").replace('-', "\u{2212}"),
    }
}

/// Why a row was left out, in `lang`.
pub fn exclusion(e: &Exclusion, lang: Lang) -> String {
    let r = reasons(lang);
    let s = |x: &str| x.to_string();
    match e {
        Exclusion::YearMissing => r.year_missing.to_string(),
        Exclusion::Missing { columns } => fill(r.missing, &[("columns", columns.join(", "))]),
        Exclusion::PopulationMissing { population, column } => fill(
            r.population_missing,
            &[("population", s(population)), ("column", s(column))],
        ),
        Exclusion::GroupMissing { group } => fill(r.group_missing, &[("group", s(group))]),
        Exclusion::WeightNotPositive { column, value } => fill(
            r.weight_not_positive,
            &[
                ("column", s(column)),
                ("value", num(value.to_string(), lang)),
            ],
        ),
        Exclusion::LogNotPositive { column, value } => fill(
            r.log_not_positive,
            &[
                ("column", s(column)),
                ("value", num(value.to_string(), lang)),
            ],
        ),
        Exclusion::PopulationNotPositive {
            population,
            value,
            column,
        } => fill(
            r.population_not_positive,
            &[
                ("population", s(population)),
                ("value", num(value.to_string(), lang)),
                ("column", s(column)),
            ],
        ),
        Exclusion::Other(text) => text.clone(),
    }
}

/// A warning of the fit, in `lang`.
pub fn warning(w: &Warning, lang: Lang) -> String {
    let r = reasons(lang);
    match w {
        Warning::PerfectFit => r.perfect_fit.to_string(),
        Warning::Collinear { condition_number } => fill(
            r.collinear,
            &[("value", num(format!("{condition_number:.3e}"), lang))],
        ),
        Warning::CollinearGlm { condition_number } => fill(
            r.collinear_glm,
            &[("value", num(format!("{condition_number:.3e}"), lang))],
        ),
        Warning::LeverageOne { n } => fill(r.leverage_one, &[("n", n.to_string())]),
        Warning::LeverageOneGlm { n } => fill(r.leverage_one_glm, &[("n", n.to_string())]),
        Warning::NonpositiveModelled { areas } => {
            let list: Vec<String> = areas
                .iter()
                .map(|a| {
                    format!(
                        "{} {} ({})",
                        a.id,
                        a.name,
                        num(format!("{:.1}", a.value), lang)
                    )
                })
                .collect();
            fill(
                r.nonpositive_modelled,
                &[("n", areas.len().to_string()), ("areas", list.join(", "))],
            )
        }
        Warning::ClusterSkipped { areas } => fill(
            r.cluster_skipped,
            &[("n", areas.len().to_string()), ("areas", areas.join(", "))],
        ),
        Warning::UnitNotPerInhabitant { outcome, unit } => {
            let key = contract::reasons::toml_key(outcome);
            if unit.trim().is_empty() {
                fill(r.unit_none, &[("outcome", outcome.clone()), ("key", key)])
            } else {
                fill(
                    r.unit_not_per_inhabitant,
                    &[
                        ("outcome", outcome.clone()),
                        ("unit", unit.clone()),
                        ("key", key),
                    ],
                )
            }
        }
        Warning::Other(text) => text.clone(),
    }
}

/// One kind of warning counted over a model's years, for the terminal's
/// closing line of a model whose warnings were shown year by year above:
/// `{k}` of `{n}` years. Doc comments give the English text.
#[derive(Debug)]
pub struct WarningYears {
    /// essentially perfect fit in {k} of {n} years
    pub perfect_fit: &'static str,
    /// nearly collinear covariates in {k} of {n} years
    pub collinear: &'static str,
    /// leverage 1 in {k} of {n} years
    pub leverage_one: &'static str,
    /// a modelled value ≤ 0 for some area in {k} of {n} years
    pub nonpositive_modelled: &'static str,
    /// no cluster-robust standard errors in {k} of {n} years
    pub cluster_skipped: &'static str,
    /// the outcome is not per inhabitant in {k} of {n} years
    pub unit_not_per_inhabitant: &'static str,
    /// other warnings in {k} of {n} years
    pub other: &'static str,
}

impl WarningYears {
    /// Every template with its field name (for tests).
    pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            ("perfect_fit", self.perfect_fit),
            ("collinear", self.collinear),
            ("leverage_one", self.leverage_one),
            ("nonpositive_modelled", self.nonpositive_modelled),
            ("cluster_skipped", self.cluster_skipped),
            ("unit_not_per_inhabitant", self.unit_not_per_inhabitant),
            ("other", self.other),
        ]
    }
}

/// The kind of `w` met in `k` of a model's `n` years, in `lang`: the
/// least-squares and GLM forms of a warning count as one kind.
pub fn warning_in_years(w: &Warning, k: usize, n: usize, lang: Lang) -> String {
    let t = match lang {
        Lang::Sv => &super::sv::SV_WARNING_YEARS,
        Lang::En => &super::en::EN_WARNING_YEARS,
    };
    let template = match w {
        Warning::PerfectFit => t.perfect_fit,
        Warning::Collinear { .. } | Warning::CollinearGlm { .. } => t.collinear,
        Warning::LeverageOne { .. } | Warning::LeverageOneGlm { .. } => t.leverage_one,
        Warning::NonpositiveModelled { .. } => t.nonpositive_modelled,
        Warning::ClusterSkipped { .. } => t.cluster_skipped,
        Warning::UnitNotPerInhabitant { .. } => t.unit_not_per_inhabitant,
        Warning::Other(_) => t.other,
    };
    fill(template, &[("k", k.to_string()), ("n", n.to_string())])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::AreaValue;

    fn exclusions() -> Vec<Exclusion> {
        vec![
            Exclusion::YearMissing,
            Exclusion::Missing {
                columns: vec!["U00801".into(), "N01951".into()],
            },
            Exclusion::PopulationMissing {
                population: "N01951".into(),
                column: "U00405".into(),
            },
            Exclusion::GroupMissing { group: "..".into() },
            Exclusion::WeightNotPositive {
                column: "N01951".into(),
                value: -1.5,
            },
            Exclusion::LogNotPositive {
                column: "INC".into(),
                value: 0.0,
            },
            Exclusion::PopulationNotPositive {
                population: "N01951".into(),
                value: 0.0,
                column: "U00405".into(),
            },
        ]
    }

    fn warnings() -> Vec<Warning> {
        vec![
            Warning::PerfectFit,
            Warning::Collinear {
                condition_number: 3.5e10,
            },
            Warning::CollinearGlm {
                condition_number: 3.5e10,
            },
            Warning::LeverageOne { n: 2 },
            Warning::LeverageOneGlm { n: 2 },
            Warning::NonpositiveModelled {
                areas: vec![AreaValue {
                    id: "0114".into(),
                    name: "Upplands Väsby".into(),
                    value: -12.34,
                }],
            },
            Warning::ClusterSkipped {
                areas: vec!["S01".into()],
            },
            Warning::UnitNotPerInhabitant {
                outcome: "cost".into(),
                unit: String::new(),
            },
            Warning::UnitNotPerInhabitant {
                outcome: "cost".into(),
                unit: "kr".into(),
            },
        ]
    }

    #[test]
    fn english_templates_give_the_contract_text() {
        for e in exclusions() {
            assert_eq!(exclusion(&e, Lang::En), e.to_string());
        }
        for w in warnings() {
            assert_eq!(warning(&w, Lang::En), w.to_string());
        }
    }

    #[test]
    fn swedish_differs_from_english_and_fills_every_placeholder() {
        for e in exclusions() {
            let sv = exclusion(&e, Lang::Sv);
            assert_ne!(sv, e.to_string(), "{} not translated", e.code());
            assert!(!sv.contains('{'), "{sv}");
        }
        for w in warnings() {
            let sv = warning(&w, Lang::Sv);
            assert_ne!(sv, w.to_string(), "{} not translated", w.code());
            assert!(!sv.contains('{'), "{sv}");
        }
        assert_eq!(
            exclusion(&exclusions()[4], Lang::Sv),
            "vikten N01951 = \u{2212}1,5: vikter måste vara > 0"
        );
        assert!(warning(&warnings()[5], Lang::Sv).contains("0114 Upplands Väsby (\u{2212}12,3)"));
        // Text the contract did not recognise is shown as it is.
        assert_eq!(exclusion(&Exclusion::Other("x".into()), Lang::Sv), "x");
    }

    #[test]
    fn warning_kinds_counted_over_years() {
        let w = &warnings()[5];
        assert_eq!(
            warning_in_years(w, 10, 10, Lang::Sv),
            "modellvärde ≤ 0 för något område i 10 av 10 år"
        );
        assert_eq!(
            warning_in_years(w, 3, 10, Lang::En),
            "a modelled value ≤ 0 for some area in 3 of 10 years"
        );
        // The two forms of one warning read the same.
        assert_eq!(
            warning_in_years(&warnings()[3], 1, 2, Lang::Sv),
            warning_in_years(&warnings()[4], 1, 2, Lang::Sv)
        );
        let (sv, en) = (
            super::super::sv::SV_WARNING_YEARS.entries(),
            super::super::en::EN_WARNING_YEARS.entries(),
        );
        for ((name, s), (_, e)) in sv.iter().zip(&en) {
            assert!(s.contains("{k}") && s.contains("{n}"), "{name}");
            assert!(e.contains("{k}") && e.contains("{n}"), "{name}");
            assert_ne!(s, e, "{name} not translated");
        }
    }

    #[test]
    fn both_languages_have_the_same_placeholders() {
        let sv = super::super::sv::SV_REASONS.entries();
        let en = super::super::en::EN_REASONS.entries();
        let keys = |t: &str| -> Vec<String> {
            let mut v: Vec<String> = t
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(k, _)| k.to_string()))
                .filter(|k| k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
                .collect();
            v.sort();
            v
        };
        for ((name, s), (_, e)) in sv.iter().zip(&en) {
            assert_eq!(keys(s), keys(e), "{name}");
        }
    }
}
