//! Needs-based allocation: a budget in whole kronor distributed across areas in
//! proportion to a basis — modelled need (modelled kr/inv × population, the
//! Stockholm resursfördelning idea) or a named column (e.g. counts of priority
//! groups, as Malmö distributed 28 Mkr across five districts).
//!
//! Rounding keeps the exact total by the largest remainder method (Hamilton's
//! method): every area gets the whole-krona part of its quota budget·share, and
//! the kronor left over go one each to the areas with the largest fractional
//! parts, ties broken by area id (ascending). The amounts always sum to the
//! budget exactly, and no area is more than one krona from its quota.

use crate::analysis::compare::FitView;
use crate::data::Table;
use crate::error::{Error, InputError, Location, Result};
use crate::spec::suggest;

/// What the budget follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// Modelled kr/inv × population of each area.
    ModelledNeed,
    /// A numeric column of the data (value of the area's row in the fit year).
    Column(String),
}

impl Basis {
    pub fn label(&self) -> String {
        match self {
            Basis::ModelledNeed => "modelled need".into(),
            Basis::Column(c) => c.clone(),
        }
    }
}

pub use contract::views::AllocationRow;

/// Largest-remainder rounding of `budget` in proportion to `weights`. `ids`
/// break ties among equal fractional parts (smaller id first). Weights must be
/// finite and ≥ 0 with a positive sum; the result sums to `budget` exactly.
pub fn largest_remainder(budget: i64, weights: &[f64], ids: &[String]) -> Result<Vec<i64>> {
    if budget <= 0 {
        return Err(Error::Other(format!(
            "budget {budget} kr: give a budget above 0"
        )));
    }
    let total: f64 = weights.iter().sum();
    if weights.iter().any(|w| !w.is_finite() || *w < 0.0) || !(total > 0.0 && total.is_finite()) {
        return Err(Error::Other(
            "allocation basis must be ≥ 0 for every area with a positive total".into(),
        ));
    }
    let n = weights.len();
    let b = budget as f64;
    let quotas: Vec<f64> = weights.iter().map(|w| b * (w / total)).collect();
    let mut amounts: Vec<i64> = quotas.iter().map(|q| q.floor() as i64).collect();
    let frac: Vec<f64> = quotas
        .iter()
        .zip(&amounts)
        .map(|(q, a)| q - *a as f64)
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| {
        frac[j]
            .total_cmp(&frac[i])
            .then_with(|| ids[i].cmp(&ids[j]))
    });
    let mut left = budget - amounts.iter().sum::<i64>();
    // Floating-point quotas can make the floors overshoot or undershoot by a
    // krona or two on huge budgets; the loops below settle the exact total
    // either way, in the same deterministic order.
    let mut k = 0;
    while left > 0 {
        let i = order[k % n];
        if weights[i] > 0.0 {
            amounts[i] += 1;
            left -= 1;
        }
        k += 1;
    }
    let mut k = 0;
    while left < 0 {
        let i = order[n - 1 - (k % n)];
        if amounts[i] > 0 {
            amounts[i] -= 1;
            left += 1;
        }
        k += 1;
    }
    Ok(amounts)
}

/// The basis value of each area of a fit.
pub fn basis_values(view: &FitView, table: &Table, basis: &Basis) -> Result<Vec<f64>> {
    let areas = &view.result.areas;
    match basis {
        Basis::ModelledNeed => areas
            .iter()
            .map(|a| {
                let pop = a.weight.ok_or_else(|| {
                    Error::Other(format!(
                        "model '{}' has no population column, so modelled need (kr/inv × population) is unknown\n  hint: set population = \"<column>\" (or weight) in the spec, or use --basis COLUMN",
                        view.result.model.name
                    ))
                })?;
                if a.modelled < 0.0 {
                    return Err(InputError::new(
                        Location::file(&table.source).area(format!("{} {}", a.id, a.name)),
                        format!("modelled value {:.1} is negative: it cannot be a need", a.modelled),
                    )
                    .hint("use --basis COLUMN, or a model whose modelled values are positive")
                    .into());
                }
                Ok(a.modelled * pop)
            })
            .collect(),
        Basis::Column(c) => {
            let Some(col) = table.column(c) else {
                let mut e = InputError::new(
                    Location::file(&table.source).column(c),
                    format!("--basis {c}: no such column in the data"),
                );
                e = match suggest(c, table.column_names()) {
                    Some(s) => e.hint(format!("did you mean '{s}'?")),
                    None => e.hint(format!(
                        "numeric columns: {}",
                        table.column_names().join(", ")
                    )),
                };
                return Err(e.into());
            };
            view.rows
                .iter()
                .zip(areas)
                .map(|(&row, a)| {
                    let loc = || {
                        Location::file(&table.source)
                            .line(table.line[row])
                            .column(c)
                            .area(format!("{} {}", a.id, a.name))
                    };
                    match col.get(row) {
                        Some(v) if v.is_finite() && v >= 0.0 => Ok(v),
                        Some(v) => Err(InputError::new(loc(), format!("basis value {v} is negative"))
                            .hint("an allocation basis must be ≥ 0")
                            .into()),
                        None => Err(InputError::new(loc(), "basis value is missing")
                            .hint("fill in the value, or choose another --basis column")
                            .into()),
                    }
                })
                .collect()
        }
    }
}

/// The sample areas the fit behind `view` left out (a missing covariate, a
/// non-positive weight, …), as `id name (line N): reason`, limited to
/// `groups` when given. An allocation covers only fitted areas, so each of
/// these would silently receive nothing: the command names them and stops.
pub fn areas_left_out(view: &FitView, table: &Table, groups: &[String]) -> Vec<String> {
    view.result
        .excluded
        .iter()
        .filter(|e| {
            groups.is_empty()
                || e.line
                    .and_then(|l| table.line.iter().position(|&tl| tl == l))
                    .is_some_and(|row| groups.iter().any(|g| *g == table.group[row]))
        })
        .map(|e| {
            let line = e.line.map(|l| format!(" (line {l})")).unwrap_or_default();
            format!("{} {}{line}: {}", e.id, e.name, e.reason)
        })
        .collect()
}

/// An area of the sample that gets no share of the budget, with the reason.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LeftOut {
    pub id: String,
    pub name: String,
    /// The reason in English (the text of JSON output).
    pub reason: String,
    /// The reason as a kind with its data, for the terminal's language.
    #[serde(skip)]
    pub kind: LeftOutKind,
}

/// Why an area gets no share of the budget.
#[derive(Debug, Clone, PartialEq)]
pub enum LeftOutKind {
    /// The fit left the row out: its data file and line, and why.
    NotInFit {
        source: String,
        line: Option<u64>,
        reason: crate::results::Exclusion,
    },
    /// A modelled value ≤ 0 (a linear fit) cannot be a need.
    NonpositiveNeed { modelled: f64, family: String },
}

/// [`areas_left_out`] as rows: the sample areas the fit left out, each with
/// its reason (and data line).
pub fn left_out_rows(view: &FitView, table: &Table, groups: &[String]) -> Vec<LeftOut> {
    view.result
        .excluded
        .iter()
        .filter(|e| {
            groups.is_empty()
                || e.line
                    .and_then(|l| table.line.iter().position(|&tl| tl == l))
                    .is_some_and(|row| groups.iter().any(|g| *g == table.group[row]))
        })
        .map(|e| LeftOut {
            id: e.id.clone(),
            name: e.name.clone(),
            reason: match e.line {
                Some(l) => format!("not in the fit ({}, line {l}): {}", table.source, e.reason),
                None => format!("not in the fit: {}", e.reason),
            },
            kind: LeftOutKind::NotInFit {
                source: table.source.clone(),
                line: e.line,
                reason: e.reason.clone(),
            },
        })
        .collect()
}

/// The areas of a fit whose modelled value is ≤ 0 (only a linear fit gives
/// one): a need cannot be ≤ 0, so allocation by modelled need leaves them out
/// and names them.
pub fn nonpositive_need(view: &FitView) -> Vec<(usize, LeftOut)> {
    view.result
        .areas
        .iter()
        .enumerate()
        .filter(|(_, a)| a.modelled <= 0.0)
        .map(|(i, a)| {
            (
                i,
                LeftOut {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    reason: format!(
                        "modelled value {:.1} ≤ 0 (family {}): it cannot be a need; a log-link family keeps modelled values > 0",
                        a.modelled,
                        view.result.model.family.as_str()
                    ),
                    kind: LeftOutKind::NonpositiveNeed {
                        modelled: a.modelled,
                        family: view.result.model.family.as_str().to_string(),
                    },
                },
            )
        })
        .collect()
}

/// Keep only the areas `keep` (indices into the fit's areas) of a view.
pub fn keep_areas(view: &mut FitView, keep: &[usize]) {
    view.result.areas = keep.iter().map(|&i| view.result.areas[i].clone()).collect();
    view.rows = keep.iter().map(|&i| view.rows[i]).collect();
    view.x = keep.iter().map(|&i| view.x[i].clone()).collect();
    view.design_x = keep.iter().map(|&i| view.design_x[i].clone()).collect();
    view.weights = view
        .weights
        .take()
        .map(|w| keep.iter().map(|&i| w[i]).collect());
}

/// Allocate `budget` kronor over the areas of a fit by `basis`, rows in the
/// order of the fit's areas.
pub fn allocate(
    view: &FitView,
    table: &Table,
    budget: i64,
    basis: &Basis,
) -> Result<Vec<AllocationRow>> {
    let values = basis_values(view, table, basis)?;
    let ids: Vec<String> = view.result.areas.iter().map(|a| a.id.clone()).collect();
    let total: f64 = values.iter().sum();
    if total.is_nan() || total <= 0.0 {
        return Err(Error::Other(format!(
            "the basis '{}' sums to {total} over the {} areas: nothing to allocate by",
            basis.label(),
            values.len()
        )));
    }
    let amounts = largest_remainder(budget, &values, &ids)?;
    Ok(view
        .result
        .areas
        .iter()
        .zip(values.iter().zip(amounts))
        .map(|(a, (&v, amount))| AllocationRow {
            id: a.id.clone(),
            name: a.name.clone(),
            group: a.group.clone(),
            basis: v,
            share: v / total,
            amount,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{i:03}")).collect()
    }

    #[test]
    fn malmo_style_example() {
        // 28 Mkr across five districts with counts 3, 3, 3, 1, 0: quotas
        // 8 400 000 × 3 and 2 800 000, exact.
        let a = largest_remainder(28_000_000, &[3.0, 3.0, 3.0, 1.0, 0.0], &ids(5)).unwrap();
        assert_eq!(a, vec![8_400_000, 8_400_000, 8_400_000, 2_800_000, 0]);
        // 10 kr over three equal areas: 3.33 each, the extra krona to the
        // smallest id.
        let a = largest_remainder(10, &[1.0, 1.0, 1.0], &ids(3)).unwrap();
        assert_eq!(a, vec![4, 3, 3]);
        // Largest fractional part wins: quotas 1.2, 1.7, 2.1 → 1, 2, 2.
        let a = largest_remainder(5, &[1.2, 1.7, 2.1], &ids(3)).unwrap();
        assert_eq!(a, vec![1, 2, 2]);
        assert!(largest_remainder(0, &[1.0], &ids(1)).is_err());
        assert!(largest_remainder(10, &[0.0, 0.0], &ids(2)).is_err());
        assert!(largest_remainder(10, &[-1.0, 2.0], &ids(2)).is_err());
    }
}
