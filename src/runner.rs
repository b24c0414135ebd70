//! Running models: one task is one (spec, year) fit — design, fit, flags,
//! result. Tasks run in parallel on rayon; results come back in a fixed order
//! (model name, then year), so the output does not depend on the number of
//! threads. One failed task is reported and the others go on.
//!
//! With [`RunOptions`] a task also bootstraps its fit and cross-validates it
//! ([`crate::uncertainty`]); the resamples of a task run in parallel too (nested
//! rayon), each with a generator derived from (seed, model, year, resample), so
//! the results stay identical whatever the number of threads.

use rayon::prelude::*;

use crate::assemble::{assemble, model_info, Dictionary};
use crate::data::Table;
use crate::design::build_design;
use crate::error::{Error, Result};
use crate::fit::{fit, FitOptions};
use crate::results::ModelResult;
use crate::spec::CheckedSpec;
use crate::uncertainty::{bootstrap, cross_validate, task_stream, BootstrapOptions, CvOptions};

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
    let fitted = fit(
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
            "{what} ({}): cannot fit: {e}{}\n  hint: {}",
            spec.spec.file,
            row_place(&e, &data, table),
            fit_hint(&e)
        ))
    })?;
    let start = usize::from(spec.spec.intercept);
    let covariates: Vec<String> =
        data.design.names[start..start + spec.spec.covariates.len()].to_vec();
    let info = model_info(spec, dict, &covariates);
    let mut result = assemble(info, spec, &data, &fitted);
    let stream = task_stream(spec.name(), year);
    let task = Task {
        model: spec.name().to_string(),
        year,
    };
    if let Some(b) = &opts.bootstrap {
        let ids: Vec<String> = data.keys.iter().map(|k| k.id.clone()).collect();
        let u = bootstrap(&data.design, &fitted, &ids, b, stream)
            .map_err(|e| Error::Other(format!("{task}: {e}")))?;
        result.uncertainty = Some(u);
    }
    if let Some(c) = &opts.cv {
        let cv = cross_validate(&data.design, c, stream)
            .map_err(|e| Error::Other(format!("{task}: {e}")))?;
        result.cv = Some(cv);
    }
    Ok(result)
}

/// Where a fit error about one design row is in the data: file, line and area.
pub fn row_place(
    e: &crate::fit::FitError,
    data: &crate::design::DesignData,
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
fn fit_hint(e: &crate::fit::FitError) -> &'static str {
    use crate::fit::FitError;
    match e {
        FitError::ConstantOutcome { .. } => {
            "check the outcome column for this year: a constant (often all 0) outcome usually means the value is missing, not measured"
        }
        FitError::OutOfRange { .. } => {
            "check the cell named: it may be a typing error or in the wrong unit"
        }
        _ => "drop or change the covariates named, or widen the sample",
    }
}

/// The tasks of a set of specs, in run order (model name, then year),
/// optionally limited to some years.
pub fn tasks(specs: &[CheckedSpec], years: Option<&[i32]>) -> Vec<(usize, Task)> {
    let mut out: Vec<(usize, Task)> = Vec::new();
    for (i, s) in specs.iter().enumerate() {
        for y in s.tasks() {
            if let (Some(filter), Some(y)) = (years, y) {
                if !filter.contains(&y) {
                    continue;
                }
            }
            out.push((
                i,
                Task {
                    model: s.name().to_string(),
                    year: y,
                },
            ));
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    out
}

/// Run every (spec × year) task on `threads` threads (0 = rayon's default).
/// `on_done` is called from worker threads as each task finishes (progress,
/// writing outputs early). The returned list is in task order.
pub fn run_all<F>(
    specs: &[CheckedSpec],
    table: &Table,
    years: Option<&[i32]>,
    threads: usize,
    dict: Option<&Dictionary>,
    on_done: F,
) -> Result<Vec<(Task, Result<ModelResult>)>>
where
    F: Fn(&Task, &Result<ModelResult>) + Sync,
{
    run_all_with(
        specs,
        table,
        years,
        threads,
        dict,
        &RunOptions::default(),
        on_done,
    )
}

/// [`run_all`] with bootstrap / cross-validation per task.
pub fn run_all_with<F>(
    specs: &[CheckedSpec],
    table: &Table,
    years: Option<&[i32]>,
    threads: usize,
    dict: Option<&Dictionary>,
    opts: &RunOptions,
    on_done: F,
) -> Result<Vec<(Task, Result<ModelResult>)>>
where
    F: Fn(&Task, &Result<ModelResult>) + Sync,
{
    let list = tasks(specs, years);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Other(format!("cannot start {threads} threads: {e}")))?;
    Ok(pool.install(|| {
        list.into_par_iter()
            .map(|(i, task)| {
                let r = run_model_with(&specs[i], table, task.year, dict, opts);
                on_done(&task, &r);
                (task, r)
            })
            .collect()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::tests_support::tiny_table;
    use crate::spec::ModelSpec;

    #[test]
    fn tasks_are_sorted_by_model_then_year_and_filtered() {
        let t = tiny_table();
        let mk = |name: &str, years: &str| {
            ModelSpec::from_toml(
                &format!("name='{name}'\noutcome='U31001'\ncovariates=['U00801']\n[sample]\nyears={years}\n"),
                "m.toml",
            )
            .unwrap()
            .check(&t)
            .unwrap()
        };
        let specs = vec![mk("b", "[2021, 2022]"), mk("a", "[2022, 2021]")];
        let got: Vec<String> = tasks(&specs, None)
            .iter()
            .map(|(_, t)| t.to_string())
            .collect();
        assert_eq!(got, ["a 2021", "a 2022", "b 2021", "b 2022"]);
        let got: Vec<String> = tasks(&specs, Some(&[2022]))
            .iter()
            .map(|(_, t)| t.to_string())
            .collect();
        assert_eq!(got, ["a 2022", "b 2022"]);
    }
}
