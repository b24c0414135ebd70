//! Model specifications: the TOML files in `models/` that say what to fit
//! (outcome, covariates, weight, transforms, sample, fixed effects, flag rules),
//! parsed with serde and then checked against a data table.
//!
//! Two stages, as in ripgrep's `LowArgs` → `HiArgs`: [`ModelSpec`] is what the
//! file says; [`CheckedSpec`] is a spec whose columns, years and groups exist in
//! the table and whose settings are in range. Only a `CheckedSpec` reaches the
//! design step.
//!
//! Transforms (applied per row before fitting; `pop` is the population column,
//! see [`ModelSpec::population`]):
//!
//! | transform | value used in the design | coefficient name |
//! |-----------|--------------------------|------------------|
//! | `log`     | ln(x); x must be > 0, otherwise the row is excluded | `log(X)` |
//! | `per1000` | x / pop × 1000 (a count per 1 000 inhabitants) | `per1000(X)` |
//! | `share`   | x / pop × 100 (a count as % of the population) | `share(X)` |
//! | `poly<k>` | x, x², …, xᵏ (k = 1…20; covariates only), each power formed in double-double arithmetic | `X`, `X^2`, …, `X^k` |
//!
//! `per1000` and `share` are for count columns (e.g. number of rental dwellings);
//! Kolada columns that already are shares or per-1 000 rates need no transform.

use contract::family::{Family, Link};
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::data::Table;
use crate::error::{Error, Hint, InputError, Location, Message, Result};

/// A model specification as written in a TOML file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    /// Short machine name; names the output folder `reports/<name>/`.
    pub name: String,
    /// Human title for reports.
    #[serde(default)]
    pub title: String,
    /// The title in English, for reports in English (`--lang en`) and the
    /// terminal; without it they show `title`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title_en: String,
    /// Longer description for reports (why this model, what it compares).
    #[serde(default)]
    pub description: String,
    /// Outcome column id, e.g. `U31001`.
    pub outcome: String,
    /// Covariate column ids, in design order.
    pub covariates: Vec<String>,
    /// Weight column for WLS (analytic weights, e.g. population `N01951`).
    #[serde(default)]
    pub weight: Option<String>,
    /// Model family: `gaussian` (the default: OLS/WLS), `poisson`,
    /// `quasipoisson`, `gamma` or `negbin` (generalised linear models fitted
    /// by IRLS); dispatched in `model::family`.
    #[serde(default, skip_serializing_if = "Family::is_gaussian")]
    pub family: Family,
    /// Link function: `identity` or `log`. Default: identity for the Gaussian
    /// family, log for every other ([`Family::default_link`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<Link>,
    /// Offset column: log(column) enters the linear predictor with
    /// coefficient 1 (e.g. population `N01951` for a count outcome such as
    /// recipients). Needs a log link; every value must be > 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<String>,
    /// Population column for `per1000`/`share` transforms and for the deviation
    /// in kronor in total. Default: the weight column, else `N01951` when the
    /// data has it.
    #[serde(default)]
    pub population: Option<String>,
    /// Whether the model has an intercept (default true).
    #[serde(default = "default_true")]
    pub intercept: bool,
    /// Transform per column (covariate or outcome): `log`, `per1000`, `share`.
    #[serde(default)]
    pub transforms: BTreeMap<String, Transform>,
    /// Which rows are in the sample.
    #[serde(default)]
    pub sample: Sample,
    /// Fixed effects: `"group"` and/or `"year"` (dummy columns, first level dropped).
    #[serde(default)]
    pub fixed_effects: Vec<FixedEffect>,
    /// One fit over all sample years instead of one fit per year.
    #[serde(default)]
    pub pooled: bool,
    /// Flag rules.
    #[serde(default)]
    pub flags: FlagSpec,
    /// External reference column shown beside the modelled value (e.g. `U31004`).
    #[serde(default)]
    pub reference: Option<String>,
    /// Label overrides (column id → label); the data dictionary fills the rest.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// English label overrides (`[labels_en]`, column id → label) for reports
    /// in English; the dictionary's `label_en` fills the rest.
    #[serde(default)]
    pub labels_en: BTreeMap<String, String>,
    /// The spec's own data file, relative to the spec file's folder (e.g.
    /// `../data/stadsdelar-exempel.csv`), used when no `--data` is given.
    /// Absent: the built-in municipality data.
    #[serde(default)]
    pub data: Option<String>,
    /// Unit overrides (column id → unit, e.g. `kr/inv`); the data dictionary
    /// fills the rest. An outcome in `…/inv` gets a deviation in kronor in total.
    #[serde(default)]
    pub units: BTreeMap<String, String>,
    /// Boundaries for a map of the areas: `boundaries = { file = "…", id = "…" }`,
    /// a GeoJSON file (WGS84) relative to the spec file's folder and the feature
    /// property whose values equal the data's area ids. Absent: municipality
    /// models use the built-in kommun boundaries; other models draw no map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundaries: Option<BoundarySpec>,
    /// Headers of the role columns in the data file, when they are not among
    /// the names the loader recognises: `[columns] id = "Område-ID"`, `name`,
    /// `group`, `group_name`, `year`. Command-line flags take precedence.
    #[serde(default, skip_serializing_if = "ColumnRoles::is_empty")]
    pub columns: ColumnRoles,
    /// File the spec was read from (for messages); not part of the TOML.
    #[serde(skip)]
    pub file: String,
    /// The TOML text (for locating keys in messages); not part of the TOML.
    #[serde(skip)]
    pub text: String,
}

fn default_true() -> bool {
    true
}

/// Role columns named in a spec: see [`ModelSpec::columns`].
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct ColumnRoles {
    /// Header of the area-id column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Header of the area-name column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Header of the group column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Header of the group-name column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    /// Header of the year column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
}

impl ColumnRoles {
    /// No role named.
    pub fn is_empty(&self) -> bool {
        *self == ColumnRoles::default()
    }

    /// Loader options with these roles filled in where `opts` names none.
    pub fn apply(
        &self,
        mut opts: crate::data::load::LoadOptions,
    ) -> crate::data::load::LoadOptions {
        let fill = |slot: &mut Option<String>, v: &Option<String>| {
            if slot.is_none() {
                slot.clone_from(v);
            }
        };
        fill(&mut opts.id_column, &self.id);
        fill(&mut opts.name_column, &self.name);
        fill(&mut opts.group_column, &self.group);
        fill(&mut opts.group_name_column, &self.group_name);
        fill(&mut opts.year_column, &self.year);
        opts
    }
}

/// Where a spec's map boundaries are: see [`ModelSpec::boundaries`].
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct BoundarySpec {
    /// GeoJSON file, relative to the spec file's folder.
    pub file: String,
    /// Feature property holding the area id (e.g. `name` for the Stockholm
    /// stadsdelar file, whose ids are the upper-case stadsdel names).
    pub id: String,
}

impl BoundarySpec {
    /// The file's path, resolved against the folder of the spec file `spec_file`.
    pub fn path(&self, spec_file: &str) -> std::path::PathBuf {
        let base = std::path::Path::new(spec_file)
            .parent()
            .unwrap_or(std::path::Path::new("."));
        base.join(&self.file)
    }
}

/// A per-column transform (see the module documentation for definitions).
/// Written as a string in a spec (`"log"`, `"per1000"`, `"share"`,
/// `"poly3"`); [`Transform::parse`] reads it, with a message naming what is
/// allowed.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(try_from = "String", into = "String")]
pub enum Transform {
    /// Natural logarithm; the value must be > 0.
    Log,
    /// x / population × 1000.
    Per1000,
    /// x / population × 100.
    Share,
    /// x, x², …, xᵏ (k = 1…[`MAX_POLY_DEGREE`]): one design column per
    /// power, each formed in double-double arithmetic (the design keeps the
    /// low-order part), so an ill-conditioned polynomial such as NIST's
    /// Filip fits to its certified values.
    Poly(u8),
}

/// Highest degree of a `poly<k>` transform.
pub const MAX_POLY_DEGREE: u8 = 20;

impl Transform {
    /// Read a transform name: `log`, `per1000`, `share` or `poly<k>` with
    /// 1 ≤ k ≤ [`MAX_POLY_DEGREE`]. The error says what is allowed.
    pub fn parse(s: &str) -> std::result::Result<Transform, String> {
        match s {
            "log" => Ok(Transform::Log),
            "per1000" => Ok(Transform::Per1000),
            "share" => Ok(Transform::Share),
            _ => match s.strip_prefix("poly") {
                Some(k) => match k.parse::<u8>() {
                    Ok(k) if (1..=MAX_POLY_DEGREE).contains(&k) => Ok(Transform::Poly(k)),
                    _ => Err(format!(
                        "transform '{s}': the degree k of poly<k> must be a whole number from 1 to {MAX_POLY_DEGREE} (e.g. poly3)"
                    )),
                },
                None => Err(format!(
                    "unknown transform '{s}': use log, per1000, share or poly<k> (k = 1…{MAX_POLY_DEGREE}, e.g. poly3)"
                )),
            },
        }
    }

    /// The name as written in a spec, e.g. `poly10`.
    pub fn as_string(self) -> String {
        match self {
            Transform::Poly(k) => format!("poly{k}"),
            t => t_name(t).to_string(),
        }
    }

    /// Name of the transformed column in the design, e.g. `log(N00905)`
    /// (for `poly<k>`, the first column: the column itself).
    pub fn column_name(self, col: &str) -> String {
        match self {
            Transform::Log => format!("log({col})"),
            Transform::Per1000 => format!("per1000({col})"),
            Transform::Share => format!("share({col})"),
            Transform::Poly(_) => col.to_string(),
        }
    }

    /// Names of the design columns the transform makes: one, or for
    /// `poly<k>` `x`, `x^2`, …, `x^k`.
    pub fn column_names(self, col: &str) -> Vec<String> {
        match self {
            Transform::Poly(k) => (1..=k)
                .map(|p| {
                    if p == 1 {
                        col.to_string()
                    } else {
                        format!("{col}^{p}")
                    }
                })
                .collect(),
            t => vec![t.column_name(col)],
        }
    }

    /// Number of design columns the transform makes.
    pub fn width(self) -> usize {
        match self {
            Transform::Poly(k) => k as usize,
            _ => 1,
        }
    }

    /// Whether the transform divides by the population column.
    pub fn needs_population(self) -> bool {
        matches!(self, Transform::Per1000 | Transform::Share)
    }
}

impl TryFrom<String> for Transform {
    type Error = String;
    fn try_from(s: String) -> std::result::Result<Self, String> {
        Transform::parse(&s)
    }
}

impl From<Transform> for String {
    fn from(t: Transform) -> String {
        t.as_string()
    }
}

/// A fixed effect: dummies for each group (county, city) or each year.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum FixedEffect {
    Group,
    Year,
}

impl FixedEffect {
    pub fn as_str(self) -> &'static str {
        match self {
            FixedEffect::Group => "group",
            FixedEffect::Year => "year",
        }
    }
}

/// Which rows are in the sample.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Sample {
    /// Years: `{ from = 2013, to = 2022 }` or a list `[2020, 2022]`. Absent: all
    /// years in the data.
    #[serde(default)]
    pub years: Option<Years>,
    /// Group codes (counties `"01"`, cities). Absent: all groups.
    #[serde(default)]
    pub groups: Option<Vec<String>>,
}

/// Years of a sample.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Years {
    // List first: serde would also read a two-element list as a struct.
    List(Vec<i32>),
    Range(YearRange),
}

/// An inclusive range of years.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct YearRange {
    pub from: i32,
    pub to: i32,
}

/// Multiple-testing correction for the outlier flag (a contract name:
/// `model.correction` in `results.json`).
pub use contract::flags::Correction;

/// Flag rules of a spec.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FlagSpec {
    /// Significance level for prediction intervals and outlier tests.
    #[serde(default = "default_alpha")]
    pub alpha: f64,
    /// Correction for the outlier test.
    #[serde(default)]
    pub correction: Correction,
    /// Minimum |deviation| in % of modelled for the `practical` flag.
    #[serde(default = "default_min_dev")]
    pub min_deviation_pct: f64,
}

fn default_alpha() -> f64 {
    0.05
}
fn default_min_dev() -> f64 {
    10.0
}

impl Default for FlagSpec {
    fn default() -> Self {
        FlagSpec {
            alpha: default_alpha(),
            correction: Correction::default(),
            min_deviation_pct: default_min_dev(),
        }
    }
}

/// Edit distance (Levenshtein 1966), for "did you mean" suggestions.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest candidate to `word`, if it is close enough to be a plausible typo
/// (distance ≤ max(2, len/3), case-insensitive).
pub fn suggest<'a, I>(word: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let w = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (levenshtein(&w, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c.to_string())
}

/// 1-based line of a byte offset in `text`.
fn line_of(text: &str, offset: usize) -> u64 {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
        + 1
}

/// The `[section]` header in force at a byte offset, if any.
fn section_at(text: &str, offset: usize) -> Option<String> {
    let end = offset.min(text.len());
    text[..end]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('[') && !l.starts_with("[["))
        .and_then(|l| l.strip_prefix('['))
        .and_then(|l| l.split(']').next())
        .map(|s| s.trim().to_string())
}

/// The backticked words in a serde message, e.g. from
/// "unknown field `covariats`, expected one of `name`, `title`".
fn backticked(msg: &str) -> Vec<&str> {
    msg.split('`').skip(1).step_by(2).collect()
}

impl ModelSpec {
    /// Parse a spec from TOML text. `file` names the file in messages. Unknown
    /// keys are errors with a "did you mean" suggestion.
    pub fn from_toml(text: &str, file: &str) -> Result<ModelSpec> {
        match toml::from_str::<ModelSpec>(text) {
            Ok(mut spec) => {
                spec.file = file.to_string();
                spec.text = text.to_string();
                Ok(spec)
            }
            Err(e) => Err(toml_error(text, file, &e).into()),
        }
    }

    /// Location of a key or value in the spec file: the first line that
    /// mentions `needle` (quoted column names, key names).
    pub fn locate(&self, key: &str, needle: &str) -> Location {
        let mut loc = Location::file(&self.file).column(key);
        let quoted = format!("\"{needle}\"");
        let pos = self
            .text
            .find(&quoted)
            .or_else(|| self.text.find(&format!("{needle} =")))
            .or_else(|| self.text.find(&format!("{needle}=")));
        if let Some(pos) = pos {
            loc = loc.line(line_of(&self.text, pos));
        }
        loc
    }

    /// The columns a fit reads (outcome, covariates, weight, offset), in that order.
    pub fn used_columns(&self) -> Vec<&str> {
        let mut v: Vec<&str> = vec![self.outcome.as_str()];
        v.extend(self.covariates.iter().map(String::as_str));
        if let Some(w) = &self.weight {
            v.push(w);
        }
        if let Some(o) = &self.offset {
            if !v.contains(&o.as_str()) {
                v.push(o);
            }
        }
        v
    }

    /// Number of design columns the covariates make (a `poly<k>` covariate
    /// makes k): the covariates' columns follow the intercept in the design.
    pub fn covariate_width(&self) -> usize {
        self.covariates
            .iter()
            .map(|c| self.transforms.get(c).map_or(1, |t| t.width()))
            .sum()
    }

    /// The link the spec fits: its `link`, else the family's default.
    pub fn resolved_link(&self) -> Link {
        self.link.unwrap_or(self.family.default_link())
    }

    /// Check the spec against a table: columns exist, years and groups are
    /// present, settings are in range.
    pub fn check(&self, table: &Table) -> Result<CheckedSpec> {
        self.check_inner(table).map_err(Error::from)
    }

    // InputError is returned unboxed here for brevity; the public wrapper boxes it.
    #[allow(clippy::result_large_err)]
    fn check_inner(&self, table: &Table) -> Result<CheckedSpec, InputError> {
        let names = table.column_names();
        let column_err = |key: &str, col: &str| -> InputError {
            let mut e = InputError::new(
                self.locate(key, col),
                Message::NotInData {
                    column: col.to_string(),
                    source: table.source.clone(),
                },
            );
            if let Some(role) = crate::data::load::role_of_header(col) {
                return InputError::new(
                    self.locate(key, col),
                    Message::RoleColumn {
                        column: col.to_string(),
                        source: table.source.clone(),
                        role,
                    },
                )
                .hint(Hint::RoleHeader {
                    column: col.to_string(),
                    role,
                });
            }
            e = match suggest(col, names.iter().copied()) {
                Some(s) => e.hint(did_you_mean(s)),
                None => e.hint(Hint::NumericColumns {
                    names: names.iter().map(|n| n.to_string()).collect(),
                }),
            };
            e
        };
        let has = |c: &str| table.column(c).is_some();

        if self.name.trim().is_empty()
            || !self
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(InputError::new(
                self.locate("name", "name"),
                Message::BadName {
                    name: self.name.clone(),
                },
            )
            .hint(Hint::NameCharacters));
        }
        if !has(&self.outcome) {
            return Err(column_err("outcome", &self.outcome));
        }
        if self.covariates.is_empty() && !self.intercept && self.fixed_effects.is_empty() {
            return Err(InputError::new(
                self.locate("covariates", "covariates"),
                Message::NoColumns,
            )
            .hint(Hint::AddCovariate));
        }
        let mut seen = BTreeSet::new();
        for c in &self.covariates {
            if !has(c) {
                return Err(column_err("covariates", c));
            }
            if c == &self.outcome {
                return Err(InputError::new(
                    self.locate("covariates", c),
                    Message::OutcomeIsCovariate { column: c.clone() },
                )
                .hint(Hint::RemoveFromCovariates));
            }
            if !seen.insert(c.as_str()) {
                return Err(InputError::new(
                    self.locate("covariates", c),
                    Message::CovariateTwice { column: c.clone() },
                )
                .hint(Hint::ListOnce));
            }
        }
        if let Some(w) = &self.weight {
            if !has(w) {
                return Err(column_err("weight", w));
            }
        }
        if let Some(r) = &self.reference {
            if !has(r) {
                return Err(column_err("reference", r));
            }
        }
        let link = self.resolved_link();
        if link == Link::Identity && !self.family.is_gaussian() {
            return Err(InputError::new(
                self.locate("link", "identity"),
                Message::IdentityLink {
                    family: self.family.as_str().to_string(),
                },
            )
            .hint(Hint::UseLogLink));
        }
        if let Some(o) = &self.offset {
            if !has(o) {
                return Err(column_err("offset", o));
            }
            if link != Link::Log {
                return Err(InputError::new(
                    self.locate("offset", o),
                    Message::OffsetNeedsLog { offset: o.clone() },
                )
                .hint(Hint::OffsetLink));
            }
            if o == &self.outcome || self.covariates.contains(o) {
                return Err(InputError::new(
                    self.locate("offset", o),
                    Message::OffsetTwice { offset: o.clone() },
                )
                .hint(Hint::OffsetOnce));
            }
        }
        let population = match (&self.population, &self.weight) {
            (Some(p), _) => {
                if !has(p) {
                    return Err(column_err("population", p));
                }
                Some(p.clone())
            }
            (None, Some(w)) => Some(w.clone()),
            (None, None) => has("N01951").then(|| "N01951".to_string()),
        };
        for (col, t) in &self.transforms {
            if col != &self.outcome && !self.covariates.contains(col) {
                let cands = self.used_columns();
                let mut e = InputError::new(
                    self.locate(&format!("transforms.{col}"), col),
                    Message::TransformUnused {
                        column: col.clone(),
                    },
                );
                e = match suggest(col, cands.iter().copied()) {
                    Some(s) => e.hint(did_you_mean(s)),
                    None => e.hint(Hint::TransformTargets),
                };
                return Err(e);
            }
            if let (Transform::Poly(_), true) = (t, col == &self.outcome) {
                return Err(InputError::new(
                    self.locate(&format!("transforms.{col}"), &t.as_string()),
                    Message::PolyOutcome {
                        transform: t.as_string(),
                        column: col.clone(),
                    },
                )
                .hint(Hint::PolyOnCovariate));
            }
            if t.needs_population() && population.is_none() {
                return Err(InputError::new(
                    self.locate(&format!("transforms.{col}"), col),
                    Message::NoPopulation {
                        transform: t_name(*t),
                        column: col.clone(),
                    },
                )
                .hint(Hint::SetPopulation));
            }
        }
        for k in self
            .labels
            .keys()
            .chain(self.labels_en.keys())
            .chain(self.units.keys())
        {
            if k != "(Intercept)" && !has(k) {
                let key = if self.labels.contains_key(k) {
                    "labels"
                } else if self.labels_en.contains_key(k) {
                    "labels_en"
                } else {
                    "units"
                };
                return Err(column_err(key, k));
            }
        }
        let mut fe_seen = BTreeSet::new();
        for fe in &self.fixed_effects {
            if !fe_seen.insert(*fe) {
                return Err(InputError::new(
                    self.locate("fixed_effects", fe.as_str()),
                    Message::FixedEffectTwice {
                        name: fe.as_str().to_string(),
                    },
                ));
            }
            if *fe == FixedEffect::Year && !self.pooled {
                return Err(InputError::new(
                    self.locate("fixed_effects", "year"),
                    Message::YearEffectsUnpooled,
                )
                .hint(Hint::PoolYears));
            }
        }

        let f = &self.flags;
        if !(f.alpha > 0.0 && f.alpha < 1.0) {
            return Err(InputError::new(
                self.locate("flags.alpha", "alpha"),
                Message::BadAlpha { value: f.alpha },
            )
            .hint(Hint::AlphaExample));
        }
        if !(f.min_deviation_pct.is_finite() && f.min_deviation_pct >= 0.0) {
            return Err(InputError::new(
                self.locate("flags.min_deviation_pct", "min_deviation_pct"),
                Message::BadMinDeviation {
                    value: f.min_deviation_pct,
                },
            )
            .hint(Hint::PercentExample));
        }

        // Groups.
        let groups = match &self.sample.groups {
            None => None,
            Some(gs) => {
                let present: BTreeSet<&str> = table.group.iter().collect();
                for g in gs {
                    if !present.contains(g.as_str()) {
                        let mut e = InputError::new(
                            self.locate("sample.groups", g),
                            Message::GroupNotInData {
                                group: g.clone(),
                                source: table.source.clone(),
                            },
                        );
                        e = match suggest(g, present.iter().copied()) {
                            Some(s) => e.hint(did_you_mean(s)),
                            None => e.hint(Hint::GroupsInData {
                                names: present.iter().map(|g| g.to_string()).collect(),
                            }),
                        };
                        return Err(e);
                    }
                }
                Some(gs.iter().cloned().collect::<BTreeSet<String>>())
            }
        };

        // Years.
        let data_years = table.years();
        let years: Vec<i32> = match &self.sample.years {
            None => data_years.clone(),
            Some(Years::Range(r)) => {
                if r.from > r.to {
                    return Err(InputError::new(
                        self.locate("sample.years", "from"),
                        Message::YearRangeReversed {
                            from: r.from,
                            to: r.to,
                        },
                    )
                    .hint(Hint::YearRangeExample));
                }
                if data_years.is_empty() {
                    return Err(no_years_err(self));
                }
                let ys: Vec<i32> = data_years
                    .iter()
                    .copied()
                    .filter(|y| (r.from..=r.to).contains(y))
                    .collect();
                if ys.is_empty() {
                    return Err(InputError::new(
                        self.locate("sample.years", "from"),
                        Message::NoDataForYears {
                            from: r.from,
                            to: r.to,
                            source: table.source.clone(),
                            data: year_span(&data_years),
                        },
                    )
                    .hint(Hint::ChangeYears));
                }
                ys
            }
            Some(Years::List(list)) => {
                if list.is_empty() {
                    return Err(InputError::new(
                        self.locate("sample.years", "years"),
                        Message::EmptyYearList,
                    )
                    .hint(Hint::ListYears));
                }
                if data_years.is_empty() {
                    return Err(no_years_err(self));
                }
                let mut ys = Vec::new();
                for y in list {
                    if !data_years.contains(y) {
                        return Err(InputError::new(
                            self.locate("sample.years", &y.to_string()),
                            Message::YearNotInData {
                                year: *y,
                                source: table.source.clone(),
                                data: year_span(&data_years),
                            },
                        )
                        .hint(Hint::RemoveYear));
                    }
                    ys.push(*y);
                }
                ys.sort_unstable();
                ys.dedup();
                ys
            }
        };

        Ok(CheckedSpec {
            spec: self.clone(),
            years,
            groups,
            population,
            data_source: table.source.clone(),
        })
    }
}

fn t_name(t: Transform) -> &'static str {
    match t {
        Transform::Log => "log",
        Transform::Per1000 => "per1000",
        Transform::Share => "share",
        Transform::Poly(_) => "poly",
    }
}

fn no_years_err(spec: &ModelSpec) -> InputError {
    InputError::new(spec.locate("sample.years", "years"), Message::NoYearColumn)
        .hint(Hint::RemoveYearsOrAddColumn)
}

/// The data's first and last year, if it has years.
fn year_span(years: &[i32]) -> Option<(i32, i32)> {
    Some((*years.first()?, *years.last()?))
}

fn did_you_mean(name: String) -> Hint {
    Hint::DidYouMean { name }
}

/// Turn a TOML/serde error into a located message with a suggestion.
fn toml_error(text: &str, file: &str, e: &toml::de::Error) -> InputError {
    let msg = e.message().trim().to_string();
    let offset = e.span().map(|s| s.start);
    let mut loc = Location::file(file);
    if let Some(o) = offset {
        loc = loc.line(line_of(text, o));
    }
    let section = offset.and_then(|o| section_at(text, o));
    let path = |key: &str| match &section {
        Some(s) => format!("{s}.{key}"),
        None => key.to_string(),
    };
    if msg.starts_with("unknown field") {
        let words = backticked(&msg);
        if let Some((bad, expected)) = words.split_first() {
            loc = loc.column(path(bad));
            let mut err = InputError::new(
                loc,
                Message::UnknownKey {
                    key: bad.to_string(),
                },
            );
            err = match suggest(bad, expected.iter().copied()) {
                Some(s) => err.hint(did_you_mean(s)),
                None => err.hint(Hint::AllowedKeys {
                    keys: expected.iter().map(|k| k.to_string()).collect(),
                }),
            };
            return err;
        }
    }
    if msg.starts_with("unknown variant") {
        let words = backticked(&msg);
        if let Some((bad, expected)) = words.split_first() {
            let mut err = InputError::new(
                loc,
                Message::UnknownValue {
                    value: bad.to_string(),
                },
            );
            err = match suggest(bad, expected.iter().copied()) {
                Some(s) => err.hint(did_you_mean(s)),
                None => err.hint(Hint::UseOneOf {
                    values: expected.iter().map(|k| k.to_string()).collect(),
                }),
            };
            return err;
        }
    }
    if msg.starts_with("missing field") {
        let words = backticked(&msg);
        let key = words.first().copied().unwrap_or("?");
        return InputError::new(
            loc.column(path(key)),
            Message::MissingKey {
                key: key.to_string(),
            },
        )
        .hint(Hint::AddKey {
            key: key.to_string(),
        });
    }
    if msg.contains("untagged enum Years") {
        return InputError::new(loc.column("sample.years"), Message::YearsShape)
            .hint(Hint::YearsExample);
    }
    InputError::new(loc, Message::NotASpec { error: msg }).hint(Hint::SeeExample)
}

/// Read a spec file as UTF-8 text (a byte-order mark is dropped). A file in
/// another encoding is refused with the line of the first bad byte.
pub fn read_spec_file(path: &std::path::Path) -> Result<String> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| crate::Error::io(path, e))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok(t.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64;
            Err(InputError::new(
                Location::file(file).line(line),
                Message::SpecNotUtf8 { value: bytes[at] },
            )
            .hint(Hint::SaveSpecAsUtf8)
            .into())
        }
    }
}

/// A spec checked against a table: everything the design step needs.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedSpec {
    pub spec: ModelSpec,
    /// Sample years present in the data, sorted (empty when the data has no years).
    pub years: Vec<i32>,
    /// Sample groups; `None` = all groups.
    pub groups: Option<BTreeSet<String>>,
    /// Population column (for transforms and deviation in kronor), if known.
    pub population: Option<String>,
    /// Where the data came from.
    pub data_source: String,
}

impl CheckedSpec {
    /// The fits this spec asks for: one per year, or one pooled fit (`None`).
    pub fn tasks(&self) -> Vec<Option<i32>> {
        if self.spec.pooled || self.years.is_empty() {
            vec![None]
        } else {
            self.years.iter().map(|y| Some(*y)).collect()
        }
    }

    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// Whether a table row would be in the sample but for a missing year: the
    /// data has years, the row is in the sample's groups, and its year cell is
    /// empty or `NA`. Such a row belongs to no year's fit and is listed as
    /// excluded, not dropped.
    pub fn year_missing(&self, table: &Table, row: usize) -> bool {
        if self.years.is_empty() || table.year.get(row).copied().flatten().is_some() {
            return false;
        }
        match &self.groups {
            Some(gs) => gs.contains(&table.group[row]),
            None => true,
        }
    }

    /// Whether a table row is in the sample of the fit for `year` (`None` =
    /// pooled: every sample year).
    pub fn in_sample(&self, table: &Table, row: usize, year: Option<i32>) -> bool {
        if let Some(gs) = &self.groups {
            if !gs.contains(&table.group[row]) {
                return false;
            }
        }
        let ry = table.year.get(row).copied().flatten();
        match year {
            Some(y) => ry == Some(y),
            None if self.years.is_empty() => true,
            None => ry.is_some_and(|y| self.years.contains(&y)),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests_support {
    use crate::data::{Column, Table};

    pub(crate) fn tiny_table() -> Table {
        let n = 6;
        Table {
            source: "test.csv".into(),
            id: (0..n).map(|i| format!("{:04}", i + 1)).collect(),
            name: (0..n).map(|i| format!("Area {i}")).collect(),
            group: vec!["01", "01", "12", "12", "14", "14"]
                .into_iter()
                .map(String::from)
                .collect(),
            group_name: vec![""; n].into(),
            year: vec![
                Some(2021),
                Some(2022),
                Some(2021),
                Some(2022),
                Some(2021),
                Some(2022),
            ],
            line: (2..2 + n as u64).collect(),
            columns: vec![
                Column::new("U31001", vec![Some(1.0); n]),
                Column::new("U00801", vec![Some(2.0); n]),
                Column::new("N01951", vec![Some(1000.0); n]),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tests_support::tiny_table as table;

    fn input(e: Error) -> InputError {
        match e {
            Error::Input(b) => *b,
            other => panic!("expected an input error, got {other}"),
        }
    }

    #[test]
    fn transforms_read_and_write_as_their_names() {
        for (text, t) in [
            ("log", Transform::Log),
            ("per1000", Transform::Per1000),
            ("share", Transform::Share),
            ("poly1", Transform::Poly(1)),
            ("poly10", Transform::Poly(10)),
            ("poly20", Transform::Poly(20)),
        ] {
            assert_eq!(Transform::parse(text), Ok(t));
            assert_eq!(t.as_string(), text);
        }
        for bad in ["poly0", "poly21", "poly", "polyx", "poly-1", "Log", "cube"] {
            assert!(Transform::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Transform::Poly(3).column_names("x"),
            vec!["x".to_string(), "x^2".into(), "x^3".into()]
        );
        assert_eq!(Transform::Poly(3).width(), 3);
        assert_eq!(Transform::Log.column_names("x"), vec!["log(x)".to_string()]);
    }

    const GOOD: &str = r#"
name = "m"
outcome = "U31001"
covariates = ["U00801"]
weight = "N01951"
[sample]
years = { from = 2021, to = 2022 }
groups = ["01", "12"]
[flags]
alpha = 0.1
correction = "bh"
"#;

    #[test]
    fn parses_and_checks_a_good_spec() {
        let s = ModelSpec::from_toml(GOOD, "m.toml").unwrap();
        assert!(s.intercept);
        assert_eq!(s.flags.correction, Correction::Bh);
        assert_eq!(s.flags.min_deviation_pct, 10.0);
        let c = s.check(&table()).unwrap();
        assert_eq!(c.years, vec![2021, 2022]);
        assert_eq!(c.tasks(), vec![Some(2021), Some(2022)]);
        assert_eq!(c.population.as_deref(), Some("N01951"));
        let t = table();
        assert!(c.in_sample(&t, 0, Some(2021)));
        assert!(!c.in_sample(&t, 1, Some(2021)));
        assert!(
            !c.in_sample(&t, 4, Some(2021)),
            "group 14 is outside the sample"
        );
    }

    #[test]
    fn year_list_parses() {
        let s = ModelSpec::from_toml(
            "name='m'\noutcome='U31001'\ncovariates=['U00801']\n[sample]\nyears=[2022, 2021]\n",
            "m.toml",
        )
        .unwrap();
        assert_eq!(s.check(&table()).unwrap().years, vec![2021, 2022]);
    }

    #[test]
    fn unknown_top_level_key_names_file_line_and_suggestion() {
        let text = "name = 'm'\noutcome = 'U31001'\ncovariats = ['U00801']\n";
        let e = ModelSpec::from_toml(text, "models/m.toml").unwrap_err();
        let s = e.to_string();
        assert!(s.contains("models/m.toml:3"), "{s}");
        assert!(s.contains("unknown key 'covariats'"), "{s}");
        assert!(s.contains("did you mean 'covariates'"), "{s}");
    }

    #[test]
    fn unknown_nested_key_names_section() {
        let text = "name='m'\noutcome='U31001'\ncovariates=['U00801']\n[flags]\nalpah = 0.05\n";
        let e = input(ModelSpec::from_toml(text, "m.toml").unwrap_err());
        assert_eq!(e.location.column.as_deref(), Some("flags.alpah"));
        assert_eq!(e.location.line, Some(5));
        assert!(e.to_string().contains("did you mean 'alpha'"), "{e}");
    }

    #[test]
    fn bad_correction_suggests() {
        let text = "name='m'\noutcome='U31001'\ncovariates=['U00801']\n[flags]\ncorrection = 'bonferoni'\n";
        let e = ModelSpec::from_toml(text, "m.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("did you mean 'bonferroni'"), "{e}");
    }

    #[test]
    fn unknown_column_suggests_and_locates() {
        let text = "name='m'\noutcome='U31001'\ncovariates=[\"U0801\"]\n";
        let s = ModelSpec::from_toml(text, "m.toml").unwrap();
        let e = s.check(&table()).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("m.toml:3"), "{msg}");
        assert!(msg.contains("column 'U0801' is not in the data"), "{msg}");
        assert!(msg.contains("did you mean 'U00801'"), "{msg}");
    }

    #[test]
    fn alpha_outside_unit_interval_is_an_error() {
        for a in ["0", "1", "1.5", "-0.1"] {
            let text = format!(
                "name='m'\noutcome='U31001'\ncovariates=['U00801']\n[flags]\nalpha = {a}\n"
            );
            let s = ModelSpec::from_toml(&text, "m.toml").unwrap();
            let e = input(s.check(&table()).unwrap_err());
            assert!(e.to_string().contains("outside (0, 1)"), "{e}");
            assert_eq!(e.location.line, Some(5));
        }
    }

    #[test]
    fn missing_year_and_group_are_errors() {
        let s = ModelSpec::from_toml(
            "name='m'\noutcome='U31001'\ncovariates=['U00801']\n[sample]\nyears=[2019]\n",
            "m.toml",
        )
        .unwrap();
        assert!(s
            .check(&table())
            .unwrap_err()
            .to_string()
            .contains("year 2019"));
        let s = ModelSpec::from_toml(
            "name='m'\noutcome='U31001'\ncovariates=['U00801']\n[sample]\ngroups=['13']\n",
            "m.toml",
        )
        .unwrap();
        let e = s.check(&table()).unwrap_err().to_string();
        assert!(e.contains("group '13'"), "{e}");
        assert!(e.contains("did you mean"), "{e}");
    }

    #[test]
    fn year_fixed_effects_need_pooled() {
        let s = ModelSpec::from_toml(
            "name='m'\noutcome='U31001'\ncovariates=['U00801']\nfixed_effects=['year']\n",
            "m.toml",
        )
        .unwrap();
        assert!(s
            .check(&table())
            .unwrap_err()
            .to_string()
            .contains("pooled"));
    }

    #[test]
    fn levenshtein_basics() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(
            suggest("covariats", ["covariates", "outcome"]),
            Some("covariates".into())
        );
        assert_eq!(suggest("zzzzzz", ["covariates", "outcome"]), None);
    }
}
