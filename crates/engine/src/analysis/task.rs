//! One task, end to end: one (spec, year) fit — design, fit, flags, the
//! assembled result, and the bootstrap and cross-validation asked for. The
//! runner (`run::runner`) runs many in parallel; `compare`, `trend` and `fit`
//! run one.

use crate::analysis::assemble::{assemble, model_info, Dictionary};
use crate::analysis::uncertainty::{
    bootstrap, cross_validate, task_stream, BootstrapOptions, CvOptions,
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
    let fitted = family::fit(
        spec.spec.family,
        &data.design,
        &FitOptions {
            alpha: spec.spec.flags.alpha,
        },
    )
    .map_err(|e| {
        let what = match year {
            Some(y) => format!("model '{}', year {y}", spec.name()),
            None => format!("model '{}'", spec.name()),
        };
        Error::Other(format!(
            "{what} ({}): cannot fit: {e}{}{}\n  hint: {}",
            spec.spec.file,
            row_place(&e, &data, table),
            lost_rows(&e, &data),
            fit_hint(&e)
        ))
    })?;
    let start = usize::from(spec.spec.intercept);
    let covariates: Vec<String> =
        data.design.names[start..start + spec.spec.covariates.len()].to_vec();
    let info = model_info(spec, dict, &covariates);
    let mut result = assemble(info, spec, &data, &fitted);
    let stream = task_stream(spec.name(), year);
    if let Some(b) = &opts.bootstrap {
        let ids: Vec<String> = data.keys.iter().map(|k| k.id.clone()).collect();
        // The caller names the task ("storstadslanen 2022: …"); prefixing it
        // here too printed it twice.
        let u = bootstrap(&data.design, &fitted, &ids, b, stream)?;
        result.uncertainty = Some(u);
    }
    if let Some(c) = &opts.cv {
        let cv = cross_validate(&data.design, c, stream)?;
        result.cv = Some(cv);
    }
    Ok(result)
}

/// Where a fit error about one design row is in the data: file, line and area.
pub fn row_place(
    e: &crate::model::fit::FitError,
    data: &crate::model::design::DesignData,
    table: &Table,
) -> String {
    match e.row().and_then(|r| data.keys.get(r)) {
        Some(k) => {
            let area = if k.name.is_empty() || k.name == k.id {
                k.id.clone()
            } else {
                format!("{} {}", k.id, k.name)
            };
            format!(" (that is {}:{}, area {area})", table.source, k.line)
        }
        None => String::new(),
    }
}

/// What to do about a fit error.
/// For "too few rows": which columns' missing values removed the rows, so
/// the analyst knows which covariate to drop or fill in.
fn lost_rows(e: &crate::model::fit::FitError, data: &crate::model::design::DesignData) -> String {
    if !matches!(e, crate::model::fit::FitError::TooFewRows { .. }) || data.excluded.is_empty() {
        return String::new();
    }
    let counts = crate::model::design::missing_counts(&data.excluded);
    if counts.is_empty() {
        return format!("; {} row(s) excluded (see validate)", data.excluded.len());
    }
    format!(
        "; {} row(s) excluded, by missing values in {}",
        data.excluded.len(),
        counts
            .iter()
            .map(|(c, k)| format!("{c} ({k})"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn fit_hint(e: &crate::model::fit::FitError) -> &'static str {
    use crate::model::fit::FitError;
    match e {
        FitError::ConstantOutcome { .. } => {
            "check the outcome column for this year: a constant (often all 0) outcome usually means the value is missing, not measured"
        }
        FitError::OutOfRange { .. } => {
            "check the cell named: it may be a typing error or in the wrong unit"
        }
        FitError::TooFewRows { .. } => {
            "drop the covariates that remove the most rows (or fill in their values), or widen sample.years / sample.groups; `modellvarde validate` lists every excluded row"
        }
        _ => "drop or change the covariates named, or widen the sample",
    }
}
