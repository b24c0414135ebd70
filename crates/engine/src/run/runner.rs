//! Running models: one task is one (spec, year) fit — design, fit, flags,
//! result. Tasks run in parallel on rayon; results come back in a fixed order
//! (model name, then year), so the output does not depend on the number of
//! threads. One failed task is reported and the others go on.
//!
//! With [`RunOptions`] a task also bootstraps its fit and cross-validates it
//! ([`crate::analysis::uncertainty`]); the resamples of a task run in parallel too (nested
//! rayon), each with a generator derived from (seed, model, year, resample), so
//! the results stay identical whatever the number of threads.

use rayon::prelude::*;

use crate::analysis::assemble::Dictionary;
use crate::data::Table;
use crate::error::{Error, Result};
use crate::results::ModelResult;
use crate::spec::CheckedSpec;

pub use crate::analysis::task::{row_place, run_model, run_model_with, RunOptions, Task};

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
