//! One task, end to end: one (spec, year) fit — design, fit, flags, the
//! assembled result, and the bootstrap and cross-validation asked for. The
//! runner (`run::runner`) runs many in parallel; `compare`, `trend` and `fit`
//! run one.

use crate::analysis::assemble::{assemble, model_info, Dictionary};
use crate::analysis::uncertainty::{
    bootstrap_model, compare_families, cross_validate_model, subset_rows, task_stream,
    BootstrapOptions, CvOptions, DEFAULT_SEED,
};
use crate::data::Table;
use crate::error::{Error, Result};
use crate::model::design::build_design;
use crate::model::family;
use crate::model::fit::FitOptions;
use crate::results::ModelResult;
use crate::spec::CheckedSpec;

/// Extra work per task beyond the fit: bootstrap and cross-validation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunOptions {
    pub bootstrap: Option<BootstrapOptions>,
    pub cv: Option<CvOptions>,
    /// A fit made only for the views over the years of another year's
    /// report (`report --year`): it is never written, so the model
    /// comparison (three cross-validated families) is skipped.
    pub context_only: bool,
    /// Leave out the model comparison (the cross-validated linear,
    /// quasi-Poisson and Gamma fits beside the spec's family, about as much
    /// work as ten fits of each): `fit` does unless asked for it
    /// (`--compare-families`); a report always shows it.
    pub no_comparison: bool,
}

/// One fit to run: a model and a year (`None` = pooled / no years).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Task {
    pub model: String,
    pub year: Option<i32>,
}

impl std::fmt::Display for Task {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.year {
            Some(y) => write!(f, "{} {y}", self.model),
            None => write!(f, "{} (pooled)", self.model),
        }
    }
}

/// Run one model for one year (`None` = pooled over the spec's years).
pub fn run_model(
    spec: &CheckedSpec,
    table: &Table,
    year: Option<i32>,
    dict: Option<&Dictionary>,
) -> Result<ModelResult> {
    run_model_with(spec, table, year, dict, &RunOptions::default())
}

/// [`run_model`] plus the bootstrap and cross-validation `opts` asks for.
pub fn run_model_with(
    spec: &CheckedSpec,
    table: &Table,
    year: Option<i32>,
    dict: Option<&Dictionary>,
    opts: &RunOptions,
) -> Result<ModelResult> {
    let data = build_design(spec, table, year)?;
    run_design(spec, data, &table.source, year, dict, opts)
}

/// [`run_model`] on a table it frees once the design is built: the fit, its
/// diagnostics and the result then never sit beside the whole input (for
/// `fit` on a large file, the table was about a third of the peak memory).
pub fn run_model_owned(
    spec: &CheckedSpec,
    table: Table,
    year: Option<i32>,
    dict: Option<&Dictionary>,
    opts: &RunOptions,
) -> Result<ModelResult> {
    let source = table.source.clone();
    let data = crate::model::design::build_design_owned(spec, table, year)?;
    run_design(spec, data, &source, year, dict, opts)
}

/// The fit and everything after it, on a built design; `source` names the
/// data file in messages.
fn run_design(
    spec: &CheckedSpec,
    data: crate::model::design::DesignData,
    source: &str,
    year: Option<i32>,
    dict: Option<&Dictionary>,
    opts: &RunOptions,
) -> Result<ModelResult> {
    let fitted = family::fit(
        spec.spec.family,
        spec.spec.resolved_link(),
        &data.design,
        &FitOptions {
            alpha: spec.spec.flags.alpha,
        },
    )
    .map_err(|e| {
        Error::Failed(Box::new(FitFailure {
            model: spec.name().to_string(),
            year,
            spec_file: spec.spec.file.clone(),
            place: place(&e, &data, source),
            lost: lost_rows(&e, &data),
            hint: fit_hint(&e),
            error: e,
        }))
    })?;
    let start = usize::from(spec.spec.intercept);
    let covariates: Vec<String> =
        data.design.names[start..start + spec.spec.covariate_width()].to_vec();
    let info = model_info(spec, dict, &covariates);
    let stream = task_stream(spec.name(), year);
    let (fam, link) = (spec.spec.family, spec.spec.resolved_link());
    // Everything that needs the design runs first; `assemble` then takes the
    // design and the fit by value (moving each area's values into its row).
    let uncertainty = match &opts.bootstrap {
        Some(b) => {
            let ids: Vec<String> = data.texts.id.to_vec();
            // The caller names the task ("storstadslanen 2022: …"); prefixing
            // it here too printed it twice.
            Some(bootstrap_model(
                fam,
                link,
                &data.design,
                &fitted,
                &ids,
                b,
                stream,
            )?)
        }
        None => None,
    };
    let cv = match &opts.cv {
        Some(c) => Some(cross_validate_model(fam, link, &data.design, c, stream)?),
        None => None,
    };
    let comparison = if opts.context_only || opts.no_comparison {
        None
    } else {
        model_comparison(spec, &data.design, stream)
    };
    let mut result = assemble(info, spec, data, fitted);
    result.uncertainty = uncertainty;
    result.cv = cv;
    result.model_comparison = comparison;
    Ok(result)
}

/// Folds of the model comparison stored with every result.
pub const COMPARISON_FOLDS: usize = 10;

/// The families every result is compared with by cross-validation: the
/// linear (Gaussian identity) model, the log-link quasi-Poisson and Gamma
/// models, and the spec's own family if it is none of these.
pub fn comparison_candidates(spec: &CheckedSpec) -> Vec<(family::Family, family::Link)> {
    use family::{Family, Link};
    let mut c = vec![
        (Family::Gaussian, Link::Identity),
        (Family::QuasiPoisson, Link::Log),
        (Family::Gamma, Link::Log),
    ];
    let own = (spec.spec.family, spec.spec.resolved_link());
    if !c.contains(&own) {
        c.push(own);
    }
    c
}

/// The seeded 10-fold comparison of the spec's family with the linear model
/// on the same covariates, weights and folds (`None` when the sample is too
/// small for 10 folds of at least p + 2 areas).
fn model_comparison(
    spec: &CheckedSpec,
    design: &crate::model::fit::Design,
    stream: u64,
) -> Option<crate::results::ModelComparison> {
    let n = design.y.len();
    let p = design.x.ncols();
    // Every training set (n − n/k areas) must leave room for the p
    // coefficients and a residual degree of freedom.
    let m = n.min(COMPARISON_MAX_ROWS);
    if m < COMPARISON_FOLDS || m - m.div_ceil(COMPARISON_FOLDS) < p + 2 {
        return None;
    }
    let own = (spec.spec.family, spec.spec.resolved_link());
    // Which families can take the outcome is decided on every row (as
    // without a sample): a subsample without the one zero outcome must not
    // bring in a family the full data rules out.
    let candidates: Vec<_> = comparison_candidates(spec)
        .into_iter()
        .filter(|&(f, l)| {
            family::is_least_squares(f, l)
                || family::glm_family(f)
                    .check_outcome(family::glm_link(l), &design.y)
                    .is_ok()
        })
        .collect();
    let sample = comparison_sample(n).map(|idx| subset_rows(design, &idx));
    let mut mc = compare_families(
        sample.as_ref().unwrap_or(design),
        &candidates,
        own,
        COMPARISON_FOLDS,
        DEFAULT_SEED,
        stream,
    )
    .ok()?;
    mc.rows_used = sample.as_ref().map(|s| s.y.len());
    Some(mc)
}

/// Most rows the model comparison fits on. Its k-fold cross-validation of
/// three or four families costs about 30 fits (each IRLS a few QRs): at a
/// million areas that was minutes, more than everything else in `fit`
/// together. Ten thousand rows (1 000 held out per fold) rank families with
/// a cross-validated error whose sampling error is far below the
/// differences between families that matter, and every result with up to
/// this many areas (all shipped specs) is compared on all of its rows.
pub const COMPARISON_MAX_ROWS: usize = 10_000;

/// The rows the comparison uses when there are more than
/// [`COMPARISON_MAX_ROWS`]: evenly spaced, ⌊i·n/m⌋ for i = 0 … m − 1 — no
/// random draw, so the same on every run and thread count. `None`: all rows.
fn comparison_sample(n: usize) -> Option<Vec<usize>> {
    let m = COMPARISON_MAX_ROWS;
    (n > m).then(|| (0..m).map(|i| i * n / m).collect())
}

/// Where a fit error about one design row is in the data: file, line,
/// column and area.
pub fn row_place(
    e: &crate::model::glm::GlmError,
    data: &crate::model::design::DesignData,
    table: &Table,
) -> String {
    // The area from the table, by the key's row: the keys' own texts may be
    // left empty (see `build_design_untexted`).
    let area = |_: usize, k: &crate::model::design::RowKey| table.area_label(k.row);
    place_with(e, data, &table.source, &area)
}

/// [`row_place`] with the data file named by `source`.
fn place(
    e: &crate::model::glm::GlmError,
    data: &crate::model::design::DesignData,
    source: &str,
) -> String {
    let area = |i: usize, _: &crate::model::design::RowKey| data.texts.area_label(i);
    place_with(e, data, source, &area)
}

/// [`place`] with the area of a key named by `area`.
fn place_with(
    e: &crate::model::glm::GlmError,
    data: &crate::model::design::DesignData,
    source: &str,
    area: &dyn Fn(usize, &crate::model::design::RowKey) -> String,
) -> String {
    use crate::model::glm::GlmError;
    match family::error_row(e).and_then(|r| Some((r, data.keys.get(r)?))) {
        Some((r, k)) => {
            let area = area(r, k);
            let column = match e {
                GlmError::NonPositiveOutcome { .. } | GlmError::NotACount { .. } => {
                    format!(", column {}", data.outcome)
                }
                GlmError::NonPositiveOffsetSource { .. } | GlmError::NonFiniteOffset { .. } => data
                    .offset_column
                    .as_ref()
                    .map(|o| format!(", column {o}"))
                    .unwrap_or_default(),
                _ => String::new(),
            };
            format!(" (that is {}:{}{column}, area {area})", source, k.line)
        }
        None => String::new(),
    }
}

/// A fit that failed: which model and year, the family's error, where the
/// row it names is in the data, and what to do. Its `Display` is the English
/// message; the command line words it in the analyst's language from the
/// fields.
#[derive(Debug)]
pub struct FitFailure {
    pub model: String,
    pub year: Option<i32>,
    /// The spec file.
    pub spec_file: String,
    pub error: crate::model::glm::GlmError,
    /// ` (that is file:line, column c, area a)` for an error about one row,
    /// else empty; framed as a [`crate::error::Location`] is.
    pub place: String,
    /// For too few rows: the rows excluded before the fit.
    pub lost: Option<LostRows>,
    pub hint: FitHint,
}

/// Rows excluded before a fit that had too few.
#[derive(Debug, Clone, PartialEq)]
pub struct LostRows {
    /// Rows excluded in all.
    pub excluded: usize,
    /// Rows lost to missing values, by column (empty: other reasons).
    pub by_column: Vec<(String, usize)>,
}

/// What to do about a failed fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FitHint {
    /// An outcome ≤ 0 under a log link or the Gamma family.
    PositiveOutcome,
    /// A non-integer outcome under a count family.
    WholeCounts,
    /// IRLS diverged or ran into the family's boundary.
    Diverged,
    /// Another problem of the GLM's inputs.
    CheckArea,
    /// A constant outcome.
    ConstantOutcome,
    /// A value outside the range the solver handles.
    CheckCell,
    /// Too few rows.
    TooFewRows,
    /// Other design problems (constant, duplicated, aliased covariates).
    DropCovariates,
}

impl std::fmt::Display for FitHint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FitHint::PositiveOutcome => "a log link or the Gamma family needs an outcome > 0 (≥ 0 for Poisson-type families): correct or exclude the area, or use family = \"quasipoisson\" (allows 0) or \"gaussian\"",
            FitHint::WholeCounts => "poisson and negbin need whole counts ≥ 0; for a rate such as kr/inv use family = \"quasipoisson\" or \"gamma\"",
            FitHint::Diverged => "drop or rescale the covariate named, or try another family (quasipoisson, gamma) or family = \"gaussian\"",
            FitHint::CheckArea => "check the outcome, offset and covariates of the area named",
            FitHint::ConstantOutcome => "check the outcome column for this year: a constant (often all 0) outcome usually means the value is missing, not measured",
            FitHint::CheckCell => "check the cell named: it may be a typing error or in the wrong unit",
            FitHint::TooFewRows => "drop the covariates that remove the most rows (or fill in their values), or widen sample.years / sample.groups; `modellvarde validate` lists every excluded row",
            FitHint::DropCovariates => "drop or change the covariates named, or widen the sample",
        })
    }
}

impl std::fmt::Display for LostRows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.by_column.is_empty() {
            return write!(f, "; {} row(s) excluded (see validate)", self.excluded);
        }
        write!(
            f,
            "; {} row(s) excluded, by missing values in {}",
            self.excluded,
            self.by_column
                .iter()
                .map(|(c, k)| format!("{c} ({k})"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

impl std::fmt::Display for FitFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.year {
            Some(y) => write!(f, "model '{}', year {y}", self.model)?,
            None => write!(f, "model '{}'", self.model)?,
        }
        write!(
            f,
            " ({}): cannot fit: {}{}",
            self.spec_file, self.error, self.place
        )?;
        if let Some(l) = &self.lost {
            write!(f, "{l}")?;
        }
        write!(f, "\n  hint: {}", self.hint)
    }
}

impl std::error::Error for FitFailure {}

/// For "too few rows": which columns' missing values removed the rows, so
/// the analyst knows which covariate to drop or fill in.
fn lost_rows(
    e: &crate::model::glm::GlmError,
    data: &crate::model::design::DesignData,
) -> Option<LostRows> {
    use crate::model::{fit::FitError, glm::GlmError};
    if !matches!(e, GlmError::Design(FitError::TooFewRows { .. })) || data.excluded.is_empty() {
        return None;
    }
    Some(LostRows {
        excluded: data.excluded.len(),
        by_column: crate::model::design::missing_counts(&data.excluded),
    })
}

/// What to do about a fit error.
fn fit_hint(e: &crate::model::glm::GlmError) -> FitHint {
    use crate::model::fit::FitError;
    use crate::model::glm::GlmError;
    let e = match e {
        GlmError::Design(f) => f,
        GlmError::NonPositiveOutcome { .. } => return FitHint::PositiveOutcome,
        GlmError::NotACount { .. } => return FitHint::WholeCounts,
        GlmError::NotConverged { .. } | GlmError::Separation { .. } | GlmError::Boundary { .. } => {
            return FitHint::Diverged
        }
        _ => return FitHint::CheckArea,
    };
    match e {
        FitError::ConstantOutcome { .. } => FitHint::ConstantOutcome,
        FitError::OutOfRange { .. } => FitHint::CheckCell,
        FitError::TooFewRows { .. } => FitHint::TooFewRows,
        _ => FitHint::DropCovariates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparison_uses_every_row_up_to_the_cap_and_evenly_spaced_rows_above() {
        assert_eq!(comparison_sample(COMPARISON_MAX_ROWS), None);
        assert_eq!(comparison_sample(290), None);
        let n = 2 * COMPARISON_MAX_ROWS + 1;
        let s = comparison_sample(n).expect("a sample above the cap");
        assert_eq!(s.len(), COMPARISON_MAX_ROWS);
        assert_eq!(s[0], 0);
        // ⌊i·n/m⌋ with n = 2m + 1: every other row, ending before n.
        assert_eq!(s[1], 2);
        assert_eq!(s[COMPARISON_MAX_ROWS - 1], 2 * (COMPARISON_MAX_ROWS - 1));
        assert!(s.windows(2).all(|w| w[0] < w[1]) && *s.last().unwrap() < n);
        let s = comparison_sample(1_000_000).unwrap();
        assert_eq!((s[1], s[9_999]), (100, 999_900));
    }
}
