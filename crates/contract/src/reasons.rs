//! Why a row was left out of a fit ([`Exclusion`], `excluded[].reason`) and
//! what a reader of a fit should know about it ([`Warning`],
//! `fit.warnings[]`), as codes with parameters rather than sentences.
//!
//! `results.json` has always held these as English sentences, and it still
//! does, byte for byte: each value is written as its English text
//! ([`fmt::Display`]) and read back by recognising that text. A text that is
//! not one of the known forms (a result written by another program, or by an
//! older version with a sentence since reworded) is kept as it is
//! ([`Exclusion::Other`], [`Warning::Other`]), so nothing read is lost and
//! writing it again gives the same bytes. The presentation renders the codes
//! in the report's language through its message catalogue.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a data row is not in a fit.
#[derive(Debug, Clone, PartialEq)]
pub enum Exclusion {
    /// The row has no year, so it belongs to no year's fit.
    YearMissing,
    /// Cells of the columns the model uses are empty (or not finite).
    Missing { columns: Vec<String> },
    /// A transform needs the population (per 1000, share) and it is missing.
    PopulationMissing { population: String, column: String },
    /// The group fixed effect needs the group, and the row has none.
    GroupMissing { group: String },
    /// The weight is not > 0.
    WeightNotPositive { column: String, value: f64 },
    /// A `log` transform met a value ≤ 0.
    LogNotPositive { column: String, value: f64 },
    /// A per-population transform met a population ≤ 0.
    PopulationNotPositive {
        population: String,
        value: f64,
        column: String,
    },
    /// Any other reason, as text.
    Other(String),
}

impl Default for Exclusion {
    fn default() -> Self {
        Exclusion::Other(String::new())
    }
}

/// An area and its modelled value, as a warning names it.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaValue {
    pub id: String,
    pub name: String,
    pub value: f64,
}

/// What a reader of a fit should know about it.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// The covariates reproduce the outcome to rounding error (R's test in
    /// `summary.lm`): t, p and F are undefined.
    PerfectFit,
    /// The scaled design's condition number exceeds 10¹⁰ (least squares).
    Collinear { condition_number: f64 },
    /// The same for a GLM.
    CollinearGlm { condition_number: f64 },
    /// Areas of leverage 1 (least squares).
    LeverageOne { n: usize },
    /// Observations of leverage 1 (GLM).
    LeverageOneGlm { n: usize },
    /// Areas whose modelled value is ≤ 0, with their modelled values.
    NonpositiveModelled { areas: Vec<AreaValue> },
    /// Cluster-robust errors by group skipped: these areas have no group.
    ClusterSkipped { areas: Vec<String> },
    /// The outcome is not per inhabitant (`unit` empty: no unit at all), so
    /// the deviation in kronor in total is left empty.
    UnitNotPerInhabitant { outcome: String, unit: String },
    /// Any other warning, as text.
    Other(String),
}

/// The perfect-fit warning's text.
pub const PERFECT_FIT: &str = "essentially perfect fit: the covariates reproduce the outcome to rounding error, so t values, p-values and the F test are undefined (shown as –); check that the outcome is not computed from the covariates";

const COLLINEAR_TAIL: &str = ": the covariates are nearly collinear; coefficients are computed accurately for these data but are not stable against small changes in them (see VIF)";
const COLLINEAR_GLM_TAIL: &str = ": the covariates are nearly collinear";
const LEVERAGE_ONE_TAIL: &str = " area(s) with leverage 1: each alone determines a coefficient; their leave-one-out values and outlier tests are undefined";
const LEVERAGE_ONE_GLM_TAIL: &str =
    " observation(s) with leverage 1: their leave-one-out values and outlier tests are undefined";
const NONPOSITIVE_MID: &str =
    " area(s) with a modelled value ≤ 0 (the linear model predicts an impossible cost): ";
const NONPOSITIVE_TAIL: &str = "; no deviation in % for them, and they cannot be allocated by need; a log-link family (e.g. family = \"quasipoisson\") keeps modelled values > 0";
const CLUSTER_HEAD: &str = "cluster-robust standard errors by group were not computed: ";
const CLUSTER_MID: &str = " area(s) in the fit have no group (";
const CLUSTER_TAIL: &str = "); give them their group in the data to get them";

/// The outcome as a key of the spec's `[units]` table: a TOML bare key
/// (ASCII letters, digits, `-`, `_`) as it is, anything else quoted.
pub fn toml_key(outcome: &str) -> String {
    if !outcome.is_empty()
        && outcome
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        outcome.to_string()
    } else {
        format!("\"{}\"", outcome.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

impl Exclusion {
    /// A short machine code, e.g. `missing`, `weight_not_positive`.
    pub fn code(&self) -> &'static str {
        match self {
            Exclusion::YearMissing => "year_missing",
            Exclusion::Missing { .. } => "missing",
            Exclusion::PopulationMissing { .. } => "population_missing",
            Exclusion::GroupMissing { .. } => "group_missing",
            Exclusion::WeightNotPositive { .. } => "weight_not_positive",
            Exclusion::LogNotPositive { .. } => "log_not_positive",
            Exclusion::PopulationNotPositive { .. } => "population_not_positive",
            Exclusion::Other(_) => "other",
        }
    }

    /// Recognise an English text written by [`fmt::Display`]; any other text
    /// becomes [`Exclusion::Other`]. Writing the result gives `s` again.
    pub fn parse(s: &str) -> Exclusion {
        Self::recognise(s)
            .filter(|e| e.to_string() == s)
            .unwrap_or_else(|| Exclusion::Other(s.to_string()))
    }

    fn recognise(s: &str) -> Option<Exclusion> {
        if s == "the year is missing: the row belongs to no year's fit" {
            return Some(Exclusion::YearMissing);
        }
        if let Some(rest) = s.strip_prefix("missing ") {
            if let Some((pop, col)) = rest
                .strip_suffix(')')
                .and_then(|r| r.split_once(" (population for "))
            {
                return Some(Exclusion::PopulationMissing {
                    population: pop.into(),
                    column: col.into(),
                });
            }
            return Some(Exclusion::Missing {
                columns: rest.split(", ").map(String::from).collect(),
            });
        }
        if let Some(g) = s
            .strip_prefix("the group is missing ('")
            .and_then(|r| r.strip_suffix("'): the group fixed effect needs it"))
        {
            return Some(Exclusion::GroupMissing { group: g.into() });
        }
        if let Some((col, v)) = s
            .strip_prefix("weight ")
            .and_then(|r| r.strip_suffix(": weights must be > 0"))
            .and_then(|r| r.rsplit_once(" = "))
        {
            return Some(Exclusion::WeightNotPositive {
                column: col.into(),
                value: v.parse().ok()?,
            });
        }
        if let Some((pop, rest)) = s
            .strip_prefix("population ")
            .and_then(|r| r.split_once(" = "))
        {
            let (v, col) = rest.split_once(": cannot divide ")?;
            return Some(Exclusion::PopulationNotPositive {
                population: pop.into(),
                value: v.parse().ok()?,
                column: col.strip_suffix(" by it")?.into(),
            });
        }
        if let Some((col, v)) = s
            .strip_suffix(": log needs a value > 0")
            .and_then(|r| r.rsplit_once(" = "))
        {
            return Some(Exclusion::LogNotPositive {
                column: col.into(),
                value: v.parse().ok()?,
            });
        }
        None
    }
}

impl fmt::Display for Exclusion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exclusion::YearMissing => {
                f.write_str("the year is missing: the row belongs to no year's fit")
            }
            Exclusion::Missing { columns } => write!(f, "missing {}", columns.join(", ")),
            Exclusion::PopulationMissing { population, column } => {
                write!(f, "missing {population} (population for {column})")
            }
            Exclusion::GroupMissing { group } => write!(
                f,
                "the group is missing ('{group}'): the group fixed effect needs it"
            ),
            Exclusion::WeightNotPositive { column, value } => {
                write!(f, "weight {column} = {value}: weights must be > 0")
            }
            Exclusion::LogNotPositive { column, value } => {
                write!(f, "{column} = {value}: log needs a value > 0")
            }
            Exclusion::PopulationNotPositive {
                population,
                value,
                column,
            } => write!(
                f,
                "population {population} = {value}: cannot divide {column} by it"
            ),
            Exclusion::Other(s) => f.write_str(s),
        }
    }
}

impl Warning {
    /// A short machine code, e.g. `perfect_fit`, `collinear`.
    pub fn code(&self) -> &'static str {
        match self {
            Warning::PerfectFit => "perfect_fit",
            Warning::Collinear { .. } => "collinear",
            Warning::CollinearGlm { .. } => "collinear_glm",
            Warning::LeverageOne { .. } => "leverage_one",
            Warning::LeverageOneGlm { .. } => "leverage_one_glm",
            Warning::NonpositiveModelled { .. } => "nonpositive_modelled",
            Warning::ClusterSkipped { .. } => "cluster_skipped",
            Warning::UnitNotPerInhabitant { .. } => "unit_not_per_inhabitant",
            Warning::Other(_) => "other",
        }
    }

    /// Recognise an English text written by [`fmt::Display`]; any other text
    /// becomes [`Warning::Other`]. Writing the result gives `s` again.
    pub fn parse(s: &str) -> Warning {
        Self::recognise(s)
            .filter(|w| w.to_string() == s)
            .unwrap_or_else(|| Warning::Other(s.to_string()))
    }

    fn recognise(s: &str) -> Option<Warning> {
        if s == PERFECT_FIT {
            return Some(Warning::PerfectFit);
        }
        if let Some(rest) = s.strip_prefix("condition number ") {
            if let Some(c) = rest.strip_suffix(COLLINEAR_TAIL) {
                return Some(Warning::Collinear {
                    condition_number: c.parse().ok()?,
                });
            }
            if let Some(c) = rest.strip_suffix(COLLINEAR_GLM_TAIL) {
                return Some(Warning::CollinearGlm {
                    condition_number: c.parse().ok()?,
                });
            }
            return None;
        }
        if let Some(n) = s.strip_suffix(LEVERAGE_ONE_TAIL) {
            return Some(Warning::LeverageOne { n: n.parse().ok()? });
        }
        if let Some(n) = s.strip_suffix(LEVERAGE_ONE_GLM_TAIL) {
            return Some(Warning::LeverageOneGlm { n: n.parse().ok()? });
        }
        if let Some((_, rest)) = s.split_once(NONPOSITIVE_MID) {
            let list = rest.strip_suffix(NONPOSITIVE_TAIL)?;
            let mut areas = Vec::new();
            for item in list.split("), ") {
                let item = item.strip_suffix(')').unwrap_or(item);
                let (head, value) = item.rsplit_once(" (")?;
                let (id, name) = head.split_once(' ')?;
                areas.push(AreaValue {
                    id: id.into(),
                    name: name.into(),
                    value: value.parse().ok()?,
                });
            }
            return Some(Warning::NonpositiveModelled { areas });
        }
        if let Some(rest) = s.strip_prefix(CLUSTER_HEAD) {
            let (_, rest) = rest.split_once(CLUSTER_MID)?;
            let ids = rest.strip_suffix(CLUSTER_TAIL)?;
            return Some(Warning::ClusterSkipped {
                areas: ids.split(", ").map(String::from).collect(),
            });
        }
        if let Some(rest) = s.strip_prefix("the outcome '") {
            if let Some((outcome, _)) = rest.split_once("' has no unit, so ") {
                return Some(Warning::UnitNotPerInhabitant {
                    outcome: outcome.into(),
                    unit: String::new(),
                });
            }
            let (outcome, rest) = rest.split_once("' has the unit '")?;
            let (unit, _) = rest.split_once("', not per inhabitant, so ")?;
            return Some(Warning::UnitNotPerInhabitant {
                outcome: outcome.into(),
                unit: unit.into(),
            });
        }
        None
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::PerfectFit => f.write_str(PERFECT_FIT),
            Warning::Collinear { condition_number } => {
                write!(f, "condition number {condition_number:.3e}{COLLINEAR_TAIL}")
            }
            Warning::CollinearGlm { condition_number } => {
                write!(
                    f,
                    "condition number {condition_number:.3e}{COLLINEAR_GLM_TAIL}"
                )
            }
            Warning::LeverageOne { n } => write!(f, "{n}{LEVERAGE_ONE_TAIL}"),
            Warning::LeverageOneGlm { n } => write!(f, "{n}{LEVERAGE_ONE_GLM_TAIL}"),
            Warning::NonpositiveModelled { areas } => write!(
                f,
                "{}{NONPOSITIVE_MID}{}{NONPOSITIVE_TAIL}",
                areas.len(),
                areas
                    .iter()
                    .map(|a| format!("{} {} ({:.1})", a.id, a.name, a.value))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Warning::ClusterSkipped { areas } => write!(
                f,
                "{CLUSTER_HEAD}{}{CLUSTER_MID}{}{CLUSTER_TAIL}",
                areas.len(),
                areas.join(", ")
            ),
            Warning::UnitNotPerInhabitant { outcome, unit } => {
                let has = if unit.trim().is_empty() {
                    "no unit".to_string()
                } else {
                    format!("the unit '{unit}', not per inhabitant")
                };
                write!(
                    f,
                    "the outcome '{outcome}' has {has}, so the deviation in kronor in total (deviation × population) is left empty; if it is kronor per inhabitant, add [units] {} = \"kr/inv\" to the spec (or the unit in variables.csv beside the data)",
                    toml_key(outcome)
                )
            }
            Warning::Other(s) => f.write_str(s),
        }
    }
}

/// Both are written as their English text and read back by recognising it;
/// `"text".into()` does the same in code.
macro_rules! as_text {
    ($($t:ty),*) => {$(
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok(<$t>::parse(&s))
            }
        }
        impl From<&str> for $t {
            fn from(s: &str) -> Self {
                <$t>::parse(s)
            }
        }
        impl From<String> for $t {
            fn from(s: String) -> Self {
                <$t>::parse(&s)
            }
        }
    )*};
}
as_text!(Exclusion, Warning);

#[cfg(test)]
mod tests {
    use super::*;

    /// Each form with the exact text it has in `results.json` (the sentences
    /// the engine wrote before the codes existed), written out here so a
    /// changed word fails.
    fn exclusions() -> Vec<(Exclusion, &'static str)> {
        vec![
            (
                Exclusion::YearMissing,
                "the year is missing: the row belongs to no year's fit",
            ),
            (
                Exclusion::Missing {
                    columns: vec!["U00801".into(), "N01951".into()],
                },
                "missing U00801, N01951",
            ),
            (
                Exclusion::PopulationMissing {
                    population: "N01951".into(),
                    column: "U00405".into(),
                },
                "missing N01951 (population for U00405)",
            ),
            (
                Exclusion::GroupMissing { group: "..".into() },
                "the group is missing ('..'): the group fixed effect needs it",
            ),
            (
                Exclusion::WeightNotPositive {
                    column: "N01951".into(),
                    value: 0.0,
                },
                "weight N01951 = 0: weights must be > 0",
            ),
            (
                Exclusion::LogNotPositive {
                    column: "INC".into(),
                    value: -2.5,
                },
                "INC = -2.5: log needs a value > 0",
            ),
            (
                Exclusion::PopulationNotPositive {
                    population: "N01951".into(),
                    value: 0.0,
                    column: "U00405".into(),
                },
                "population N01951 = 0: cannot divide U00405 by it",
            ),
            (
                Exclusion::Other("left out by hand".into()),
                "left out by hand",
            ),
        ]
    }

    fn warnings() -> Vec<(Warning, &'static str)> {
        vec![
            (Warning::PerfectFit, PERFECT_FIT),
            (
                Warning::Collinear {
                    condition_number: 1.234e11,
                },
                "condition number 1.234e11: the covariates are nearly collinear; coefficients are computed accurately for these data but are not stable against small changes in them (see VIF)",
            ),
            (
                Warning::CollinearGlm {
                    condition_number: 2.5e12,
                },
                "condition number 2.500e12: the covariates are nearly collinear",
            ),
            (
                Warning::LeverageOne { n: 2 },
                "2 area(s) with leverage 1: each alone determines a coefficient; their leave-one-out values and outlier tests are undefined",
            ),
            (
                Warning::LeverageOneGlm { n: 1 },
                "1 observation(s) with leverage 1: their leave-one-out values and outlier tests are undefined",
            ),
            (
                Warning::NonpositiveModelled {
                    areas: vec![
                        AreaValue {
                            id: "0114".into(),
                            name: "Upplands Väsby (norra)".into(),
                            value: -12.3,
                        },
                        AreaValue {
                            id: "0115".into(),
                            name: "Vallentuna".into(),
                            value: 0.0,
                        },
                    ],
                },
                "2 area(s) with a modelled value ≤ 0 (the linear model predicts an impossible cost): 0114 Upplands Väsby (norra) (-12.3), 0115 Vallentuna (0.0); no deviation in % for them, and they cannot be allocated by need; a log-link family (e.g. family = \"quasipoisson\") keeps modelled values > 0",
            ),
            (
                Warning::ClusterSkipped {
                    areas: vec!["S01".into(), "S02".into()],
                },
                "cluster-robust standard errors by group were not computed: 2 area(s) in the fit have no group (S01, S02); give them their group in the data to get them",
            ),
            (
                Warning::UnitNotPerInhabitant {
                    outcome: "cost".into(),
                    unit: String::new(),
                },
                "the outcome 'cost' has no unit, so the deviation in kronor in total (deviation × population) is left empty; if it is kronor per inhabitant, add [units] cost = \"kr/inv\" to the spec (or the unit in variables.csv beside the data)",
            ),
            (
                Warning::UnitNotPerInhabitant {
                    outcome: "kr tot".into(),
                    unit: "kr".into(),
                },
                "the outcome 'kr tot' has the unit 'kr', not per inhabitant, so the deviation in kronor in total (deviation × population) is left empty; if it is kronor per inhabitant, add [units] \"kr tot\" = \"kr/inv\" to the spec (or the unit in variables.csv beside the data)",
            ),
            (Warning::Other("something else".into()), "something else"),
        ]
    }

    #[test]
    fn exclusions_are_written_as_their_english_text_and_read_back() {
        for (e, text) in exclusions() {
            assert_eq!(e.to_string(), text);
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(json, serde_json::to_string(text).unwrap());
            let back: Exclusion = serde_json::from_str(&json).unwrap();
            assert_eq!(back, e, "{text}");
            assert_eq!(Exclusion::from(text), e);
        }
    }

    #[test]
    fn warnings_are_written_as_their_english_text_and_read_back() {
        for (w, text) in warnings() {
            assert_eq!(w.to_string(), text);
            let json = serde_json::to_string(&w).unwrap();
            assert_eq!(json, serde_json::to_string(text).unwrap());
            let back: Warning = serde_json::from_str(&json).unwrap();
            assert_eq!(back, w, "{text}");
        }
    }

    #[test]
    fn an_unknown_or_irregular_text_is_kept_as_it_is() {
        // Near misses of a known form: recognised only if writing it back
        // gives the same bytes.
        for s in [
            "missing",
            "weight N01951 = zero: weights must be > 0",
            "condition number 1.2e11: the covariates are nearly collinear",
            "3 area(s) with leverage 1: something else",
            "",
        ] {
            let e = Exclusion::parse(s);
            assert_eq!(e.to_string(), s);
            let w = Warning::parse(s);
            assert_eq!(w.to_string(), s);
        }
        assert_eq!(
            Warning::parse("condition number 1.2e11: the covariates are nearly collinear"),
            Warning::Other("condition number 1.2e11: the covariates are nearly collinear".into())
        );
        assert!(matches!(
            Exclusion::parse("weight N01951 = zero: weights must be > 0"),
            Exclusion::Other(_)
        ));
    }
}
