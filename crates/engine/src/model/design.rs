//! Design step: a checked spec and a table become y, X, weights and per-row
//! area keys for one fit. Every sample row that cannot enter the fit (missing
//! value, non-positive population or weight, log of a non-positive number) is
//! recorded in `excluded` with its reason; no row disappears silently.
//! Rows outside the sample (other groups, other years) are not "excluded":
//! they were never asked for.

use std::collections::BTreeSet;

use ndarray::Array2;

use crate::data::load::is_missing_text;
use crate::data::{Table, TextColumn};
use crate::error::{Hint, InputError, Location, Message, Result};
use crate::model::fit::Design;
use crate::numerics::dd::DD;
use crate::results::{Excluded, Exclusion};
use crate::spec::{CheckedSpec, FixedEffect, Transform};

/// Identifies the table row behind one design row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RowKey {
    /// Row index in the table.
    pub row: usize,
    pub year: Option<i32>,
    /// Source line in the data file.
    pub line: u64,
    /// Fit weight (WLS), if any.
    pub weight: Option<f64>,
    /// Population (for the deviation in kronor in total), if known.
    pub population: Option<f64>,
    /// External reference value (spec `reference`), if any.
    pub reference: Option<f64>,
    /// The outcome as observed (before any outcome transform).
    pub actual_raw: f64,
}

/// The area id, name, group and group name of each design row, as text
/// columns (a few allocations, not four per row).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KeyTexts {
    pub id: TextColumn,
    pub name: TextColumn,
    pub group: TextColumn,
    pub group_name: TextColumn,
}

impl KeyTexts {
    /// The texts of the table rows the keys name, in key order.
    /// The four columns are selected side by side (each on its own: the
    /// same texts for any number of threads); at a million rows one after
    /// another took ≈ 90 ms on one core.
    fn of(table: &Table, keys: &[RowKey]) -> KeyTexts {
        let rows = || keys.iter().map(|k| k.row);
        let ((id, name), (group, group_name)) = rayon::join(
            || rayon::join(|| table.id.select(rows()), || table.name.select(rows())),
            || {
                rayon::join(
                    || table.group.select(rows()),
                    || table.group_name.select(rows()),
                )
            },
        );
        KeyTexts {
            id,
            name,
            group,
            group_name,
        }
    }

    /// `"0180 Stockholm"`: how the area of key `i` is named in messages.
    pub fn area_label(&self, i: usize) -> String {
        let id = self.id.get(i).unwrap_or_default();
        let name = self.name.get(i).unwrap_or_default();
        if name.is_empty() || name == id {
            id.to_string()
        } else {
            format!("{id} {name}")
        }
    }
}

/// The design of one fit, with its keys and exclusions.
#[derive(Debug, Clone)]
pub struct DesignData {
    pub design: Design,
    /// One key per design row, in design order (table order).
    pub keys: Vec<RowKey>,
    /// The keys' area texts, entry `i` for key `i` (empty columns when the
    /// design was built by [`build_design_untexted`]).
    pub texts: KeyTexts,
    /// Sample rows left out, with reasons, in table order.
    pub excluded: Vec<Excluded>,
    /// The year of the fit (`None` = pooled or no years).
    pub year: Option<i32>,
    /// Outcome column (to name it in messages).
    pub outcome: String,
    /// Offset column, if the spec names one (to name it in messages).
    pub offset_column: Option<String>,
}

/// The finite value of a resolved column at a row, if any. The column's
/// values as stored ([`crate::data::Column::raw`]): a missing value is a NaN,
/// so it fails the finite test as every other non-finite value does.
fn value(values: Option<&[f64]>, row: usize) -> Option<f64> {
    values
        .and_then(|v| v.get(row).copied())
        .filter(|v| v.is_finite())
}

/// Apply a transform; `Err(reason)` when the row cannot be used.
fn transform(
    t: Option<Transform>,
    col: &str,
    x: f64,
    pop: Option<f64>,
    pop_col: &str,
) -> Result<f64, Exclusion> {
    match t {
        // A polynomial's powers are formed when the matrix is filled.
        None | Some(Transform::Poly(_)) => Ok(x),
        Some(Transform::Log) => {
            if x > 0.0 {
                Ok(x.ln())
            } else {
                Err(Exclusion::LogNotPositive {
                    column: col.to_string(),
                    value: x,
                })
            }
        }
        Some(tr @ (Transform::Per1000 | Transform::Share)) => match pop {
            Some(p) if p > 0.0 => Ok(if tr == Transform::Per1000 {
                x / p * 1000.0
            } else {
                x / p * 100.0
            }),
            Some(p) => Err(Exclusion::PopulationNotPositive {
                population: pop_col.to_string(),
                value: p,
                column: col.to_string(),
            }),
            None => Err(Exclusion::PopulationMissing {
                population: pop_col.to_string(),
                column: col.to_string(),
            }),
        },
    }
}

/// How many excluded rows each column's missing values removed, most first
/// (ties by name), from the "missing A, B" reasons: a row missing two
/// columns counts for both.
pub fn missing_counts(excluded: &[Excluded]) -> Vec<(String, usize)> {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for e in excluded {
        match &e.reason {
            Exclusion::Missing { columns } => {
                for c in columns {
                    *counts.entry(c.clone()).or_default() += 1;
                }
            }
            Exclusion::PopulationMissing { population, .. } => {
                *counts.entry(population.clone()).or_default() += 1;
            }
            _ => {}
        }
    }
    let mut v: Vec<(String, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// The design matrix from the used rows' covariate values (row `i` at
/// `xs[i * stride + skip..][..width]`): intercept, powers of polynomial
/// terms in double-double, fixed-effect dummies.
struct Fill<'a> {
    xs: &'a [f64],
    stride: usize,
    skip: usize,
    degrees: &'a [u8],
    fe_cols: &'a [(String, Vec<f64>)],
    intercept: bool,
}

impl Fill<'_> {
    /// The n × p matrix and, for polynomial terms, its low-order parts.
    fn design(&self, n: usize, p: usize) -> (Array2<f64>, Option<Array2<f64>>) {
        let mut x = Array2::<f64>::zeros((n, p));
        // Powers xᵏ in double-double: x holds the rounded value, x_lo the rest,
        // so the fit sees the exact power to about 32 digits (a polynomial of
        // degree 10 in NIST's Filip loses the certified digits when its powers
        // are rounded to f64 first).
        let mut x_lo = self
            .degrees
            .iter()
            .any(|&k| k > 1)
            .then(|| Array2::<f64>::zeros((n, p)));
        for i in 0..n {
            let xrow = &self.xs[i * self.stride + self.skip..(i + 1) * self.stride];
            let mut j = 0;
            if self.intercept {
                x[[i, 0]] = 1.0;
                j = 1;
            }
            for (v, &k) in xrow.iter().zip(self.degrees) {
                x[[i, j]] = *v;
                j += 1;
                let mut power = DD::from_f64(*v);
                for _ in 2..=k {
                    power = power.mul_f64(*v);
                    x[[i, j]] = power.hi;
                    if let Some(lo) = x_lo.as_mut() {
                        lo[[i, j]] = power.lo;
                    }
                    j += 1;
                }
            }
            for (_, col) in self.fe_cols {
                x[[i, j]] = col[i];
                j += 1;
            }
        }
        (x, x_lo)
    }
}

/// Rows per stretch of the table in the design's parallel passes: large
/// enough that a stretch's bookkeeping is nothing beside its rows, small
/// enough that two threads share a 100 000-row table evenly.
const DESIGN_STRETCH_ROWS: usize = 16 * 1024;

/// What one table row gives the design (see `build`).
enum Step {
    /// Outside the sample.
    Skip,
    /// In the sample but left out, with the reason.
    Exclude(Excluded),
    /// A design row: its key, outcome and offset (its covariates are in the
    /// row buffer `build` passed).
    Use {
        key: RowKey,
        y: f64,
        offset: Option<f64>,
    },
}

/// `v` cut into consecutive pieces of `counts[k] × width` entries, one per
/// stretch; an empty `v` (a vector the spec does not use) gives empty pieces.
fn split_counts<'v, T>(mut v: &'v mut [T], counts: &[usize], width: usize) -> Vec<&'v mut [T]> {
    let mut out = Vec::with_capacity(counts.len());
    for &c in counts {
        let take = (c * width).min(v.len());
        let (head, tail) = std::mem::take(&mut v).split_at_mut(take);
        out.push(head);
        v = tail;
    }
    out
}

/// Build the design for the fit of `year` (`None` = pooled over the spec's
/// years, or all rows when the data has no years).
pub fn build_design(spec: &CheckedSpec, table: &Table, year: Option<i32>) -> Result<DesignData> {
    build(spec, table, year, true)
}

/// [`build_design`] with the keys' id, name and group texts left empty, for
/// callers that only count or check rows (and read a key's texts from the
/// table by its `row` when they need them): at a million rows the copies
/// were four million small allocations.
pub fn build_design_untexted(
    spec: &CheckedSpec,
    table: &Table,
    year: Option<i32>,
) -> Result<DesignData> {
    build(spec, table, year, false)
}

/// [`build_design`] from a table the caller is done with: the table's
/// numbers are freed before the keys' texts are copied out of it, so the
/// copies never sit beside the whole input.
pub fn build_design_owned(
    spec: &CheckedSpec,
    mut table: Table,
    year: Option<i32>,
) -> Result<DesignData> {
    let mut data = build(spec, &table, year, false)?;
    table.columns = Vec::new();
    data.texts = KeyTexts::of(&table, &data.keys);
    Ok(data)
}

/// The design; the keys' texts are copied from the table when `texts` is
/// set, else left empty for [`build_design_owned`] to fill (everything
/// here reads them from the table, by the key's row).
fn build(spec: &CheckedSpec, table: &Table, year: Option<i32>, texts: bool) -> Result<DesignData> {
    let s = &spec.spec;
    let pop_col = spec.population.clone().unwrap_or_default();
    let needs_pop_for_transform = s.transforms.values().any(|t| t.needs_population());

    // Resolve every column once: the row loop below runs over the whole table
    // (a million rows for a national panel) and must not search by name.
    let lookup = |name: &str| -> Option<&[f64]> { table.column(name).map(|c| c.raw()) };
    let mut needed: Vec<&str> = s.used_columns();
    if needs_pop_for_transform && !pop_col.is_empty() && !needed.contains(&pop_col.as_str()) {
        needed.push(&pop_col);
    }
    let needed_cols: Vec<(&str, Option<&[f64]>)> = needed.iter().map(|&c| (c, lookup(c))).collect();
    let pop_values = (!pop_col.is_empty()).then(|| lookup(&pop_col)).flatten();
    let weight_values = s.weight.as_deref().map(|w| (w, lookup(w)));
    let outcome_values = lookup(&s.outcome);
    // Each covariate with its values and transform, looked up once (not per cell).
    type Resolved<'a> = (&'a str, Option<&'a [f64]>, Option<Transform>);
    let covariate_values: Vec<Resolved> = s
        .covariates
        .iter()
        .map(|c| (c.as_str(), lookup(c), s.transforms.get(c).copied()))
        .collect();
    let outcome_transform = s.transforms.get(&s.outcome).copied();
    let reference_values = s.reference.as_deref().and_then(lookup);
    let offset_values = s.offset.as_deref().map(|o| (o, lookup(o)));

    // The covariate values of the used rows, row after row (one flat buffer:
    // a vector per row cost a heap block each at a million rows).
    let width = s.covariates.len();
    // Without polynomial terms or fixed effects the rows of `xs` are the
    // design's rows as they stand (the intercept's 1 first): the matrix then
    // takes the buffer as it is, with no second n × p copy.
    let direct = s.fixed_effects.is_empty()
        && s.covariates
            .iter()
            .all(|c| !matches!(s.transforms.get(c), Some(Transform::Poly(k)) if *k > 1));
    let row_width = width + usize::from(direct && s.intercept);
    let group_fe = s.fixed_effects.contains(&FixedEffect::Group);

    // What one table row gives: nothing (outside the sample), an exclusion,
    // or a design row (its covariate values written to `xrow`). A data
    // error (an offset ≤ 0) ends the build.
    let step = |row: usize, xrow: &mut [f64]| -> Result<Step> {
        if spec.year_missing(table, row) {
            return Ok(Step::Exclude(Excluded {
                id: table.id[row].to_string(),
                name: table.name[row].to_string(),
                reason: Exclusion::YearMissing,
                year: None,
                line: table.line.get(row).copied(),
            }));
        }
        if !spec.in_sample(table, row, year) {
            return Ok(Step::Skip);
        }
        let exclude = |reason: Exclusion| {
            Ok(Step::Exclude(Excluded {
                id: table.id[row].to_string(),
                name: table.name[row].to_string(),
                reason,
                year: table.year.get(row).copied().flatten(),
                line: table.line.get(row).copied(),
            }))
        };
        // Missing values in any used column: list them all in one reason.
        if needed_cols.iter().any(|(_, v)| value(*v, row).is_none()) {
            return exclude(Exclusion::Missing {
                columns: needed_cols
                    .iter()
                    .filter(|(_, v)| value(*v, row).is_none())
                    .map(|(c, _)| c.to_string())
                    .collect(),
            });
        }
        if group_fe && is_missing_text(&table.group[row]) {
            return exclude(Exclusion::GroupMissing {
                group: table.group[row].to_string(),
            });
        }
        let pop = value(pop_values, row);
        let weight = match weight_values {
            Some((w, values)) => {
                let v = value(values, row).unwrap_or(f64::NAN);
                if v.is_nan() || v <= 0.0 {
                    return exclude(Exclusion::WeightNotPositive {
                        column: w.to_string(),
                        value: v,
                    });
                }
                Some(v)
            }
            None => None,
        };
        let raw_y = value(outcome_values, row).unwrap_or(f64::NAN);
        let y = match transform(outcome_transform, &s.outcome, raw_y, pop, &pop_col) {
            Ok(v) => v,
            Err(r) => return exclude(r),
        };
        let mut slots = xrow.iter_mut();
        if direct && s.intercept {
            if let Some(slot) = slots.next() {
                *slot = 1.0;
            }
        }
        for (&(c, values, t), slot) in covariate_values.iter().zip(slots) {
            let v = value(values, row).unwrap_or(f64::NAN);
            match transform(t, c, v, pop, &pop_col) {
                Ok(v) => *slot = v,
                Err(r) => return exclude(r),
            }
        }
        let offset = match offset_values {
            Some((o, values)) => {
                // A missing offset cell was excluded above; a value ≤ 0 has no
                // logarithm and is a data error, not a row to drop silently.
                let v = value(values, row).unwrap_or(f64::NAN);
                if v.is_nan() || v <= 0.0 {
                    let line = table.line.get(row).copied().unwrap_or(0);
                    return Err(InputError::new(
                        Location::file(&table.source)
                            .line(line)
                            .column(o)
                            .area(format!("{} {}", &table.id[row], &table.name[row])),
                        Message::NonPositiveOffset {
                            offset: o.to_string(),
                            value: v,
                            area: format!("{} {}", &table.id[row], &table.name[row]),
                        },
                    )
                    .hint(Hint::CorrectOffset {
                        model: s.name.clone(),
                        file: s.file.clone(),
                    })
                    .into());
                }
                Some(v.ln())
            }
            None => None,
        };
        Ok(Step::Use {
            key: RowKey {
                row,
                year: table.year.get(row).copied().flatten(),
                line: table.line.get(row).copied().unwrap_or(0),
                weight,
                population: pop,
                reference: value(reference_values, row),
                actual_raw: raw_y,
            },
            y,
            offset,
        })
    };

    // Two passes over stretches of rows, in parallel: the first counts each
    // stretch's design rows and gathers its exclusions, the second writes
    // the rows straight into their place in vectors sized once. The result
    // is the sequential loop's, whatever the thread count: every row is
    // judged by `step` alone, and the first data error in table order is
    // the one returned.
    use rayon::prelude::*;
    let stretches: Vec<std::ops::Range<usize>> = (0..table.len())
        .step_by(DESIGN_STRETCH_ROWS)
        .map(|a| a..(a + DESIGN_STRETCH_ROWS).min(table.len()))
        .collect();
    let counted: Vec<Result<(usize, Vec<Excluded>)>> = stretches
        .par_iter()
        .map(|rows| {
            let mut xrow = vec![0.0; row_width];
            let mut used = 0;
            let mut excluded = Vec::new();
            for row in rows.clone() {
                match step(row, &mut xrow)? {
                    Step::Skip => {}
                    Step::Exclude(e) => excluded.push(e),
                    Step::Use { .. } => used += 1,
                }
            }
            Ok((used, excluded))
        })
        .collect();
    let mut counts = Vec::with_capacity(counted.len());
    let mut excluded: Vec<Excluded> = Vec::new();
    for c in counted {
        let (used, e) = c?;
        counts.push(used);
        excluded.extend(e);
    }
    let n: usize = counts.iter().sum();
    // Zeroed vectors come from the allocator as untouched pages: the second
    // pass faults them in, on every thread.
    let mut ys = vec![0.0; n];
    let mut xs = vec![0.0; n * row_width];
    let mut weights = if weight_values.is_some() {
        vec![0.0; n]
    } else {
        Vec::new()
    };
    let mut offsets = if offset_values.is_some() {
        vec![0.0; n]
    } else {
        Vec::new()
    };
    let mut keys: Vec<RowKey> = Vec::with_capacity(n);
    {
        let key_slots = split_counts(&mut keys.spare_capacity_mut()[..n], &counts, 1);
        let y_slots = split_counts(&mut ys, &counts, 1);
        let x_slots = split_counts(&mut xs, &counts, row_width);
        let w_slots = split_counts(&mut weights, &counts, 1);
        let o_slots = split_counts(&mut offsets, &counts, 1);
        let written: Vec<Result<usize>> = stretches
            .into_par_iter()
            .zip(key_slots)
            .zip(y_slots)
            .zip(x_slots)
            .zip(w_slots)
            .zip(o_slots)
            .map(|(((((rows, key_out), y_out), x_out), w_out), o_out)| {
                let mut i = 0;
                for row in rows {
                    let end = (i + 1) * row_width;
                    let Some(xrow) = x_out.get_mut(i * row_width..end) else {
                        break;
                    };
                    if let Step::Use { key, y, offset } = step(row, xrow)? {
                        if let Some(w) = key.weight {
                            if let Some(slot) = w_out.get_mut(i) {
                                *slot = w;
                            }
                        }
                        if let (Some(o), Some(slot)) = (offset, o_out.get_mut(i)) {
                            *slot = o;
                        }
                        y_out[i] = y;
                        key_out[i].write(key);
                        i += 1;
                    }
                }
                Ok(i)
            })
            .collect();
        for (w, &c) in written.into_iter().zip(&counts) {
            if w? != c {
                return Err(crate::error::Error::Other(
                    "design rows changed between the two passes".into(),
                ));
            }
        }
    }
    // SAFETY: the second pass wrote each of the first `n` slots exactly once
    // (every stretch wrote as many keys as the first pass counted for it,
    // checked above, into its own consecutive share of the n slots).
    unsafe { keys.set_len(n) };

    if keys.is_empty() {
        let mut e = InputError::new(
            Location::file(&s.file).column("sample"),
            Message::NoUsableRows {
                model: s.name.clone(),
                year,
                source: table.source.clone(),
                excluded: excluded.len(),
            },
        );
        if let Some(first) = excluded.first() {
            e = e.hint(Hint::FirstExcluded {
                id: first.id.clone(),
                name: first.name.clone(),
                reason: first.reason.clone(),
            });
        } else {
            e = e.hint(Hint::CheckSample);
        }
        return Err(e.into());
    }

    // Column names: intercept, covariates (transformed names), fixed effects.
    let mut names: Vec<String> = Vec::new();
    if s.intercept {
        names.push("(Intercept)".into());
    }
    for c in &s.covariates {
        match s.transforms.get(c) {
            Some(t) => names.extend(t.column_names(c)),
            None => names.push(c.clone()),
        }
    }
    // Degree of each covariate's polynomial (1 = the value itself).
    let degrees: Vec<u8> = s
        .covariates
        .iter()
        .map(|c| match s.transforms.get(c) {
            Some(Transform::Poly(k)) => *k,
            _ => 1,
        })
        .collect();
    // Fixed-effect dummies: levels in sorted order among the rows used; the
    // first level is the reference (dropped) unless there is no intercept, in
    // which case the first factor keeps all its levels (R's treatment coding).
    let mut fe_cols: Vec<(String, Vec<f64>)> = Vec::new();
    let mut keep_all = !s.intercept;
    for fe in &s.fixed_effects {
        let level = |k: &RowKey| -> String {
            match fe {
                FixedEffect::Group => table.group[k.row].to_string(),
                FixedEffect::Year => k.year.map(|y| y.to_string()).unwrap_or_default(),
            }
        };
        let levels: BTreeSet<String> = keys.iter().map(level).collect();
        let skip = usize::from(!keep_all);
        keep_all = false;
        for lv in levels.iter().skip(skip) {
            let col: Vec<f64> = keys
                .iter()
                .map(|k| if &level(k) == lv { 1.0 } else { 0.0 })
                .collect();
            fe_cols.push((format!("{}[{lv}]", fe.as_str()), col));
        }
    }
    names.extend(fe_cols.iter().map(|(n, _)| n.clone()));

    let n = keys.len();
    let p = names.len();
    let (x, x_lo) = if direct && p == row_width {
        let x = Array2::from_shape_vec((n, p), xs)
            .map_err(|e| crate::error::Error::Other(format!("design of {n} × {p}: {e}")))?;
        (x, None)
    } else {
        let fill = Fill {
            xs: &xs,
            stride: row_width,
            skip: row_width - width,
            degrees: &degrees,
            fe_cols: &fe_cols,
            intercept: s.intercept,
        };
        fill.design(n, p)
    };

    let group = |k: &RowKey| &table.group[k.row];
    // Two groups or more: some row's group differs from the first row's (no
    // set of a million texts built and sorted to count them).
    let several_groups = keys
        .split_first()
        .is_some_and(|(first, rest)| rest.iter().any(|k| group(k) != group(first)));
    // Rows without a group cannot be put in a cluster (R drops them); rather
    // than make "" or "NA" a cluster of its own, skip the cluster-robust
    // errors when any used row lacks its group.
    let any_group_missing = keys.iter().any(|k| is_missing_text(group(k)));
    let clusters = (several_groups && !any_group_missing)
        .then(|| table.group.select(keys.iter().map(|k| k.row)));

    let texts = if texts {
        KeyTexts::of(table, &keys)
    } else {
        KeyTexts::default()
    };
    Ok(DesignData {
        texts,
        design: Design {
            y: ys,
            x,
            names,
            intercept: s.intercept,
            weights: s.weight.is_some().then_some(weights),
            clusters,
            x_lo,
            offset: s.offset.is_some().then_some(offsets),
        },
        keys,
        excluded,
        year,
        outcome: s.outcome.clone(),
        offset_column: s.offset.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Column;
    use crate::spec::ModelSpec;

    fn table() -> Table {
        // Rows: 0 ok, 1 missing U00801, 2 zero population, 3 ok (group 12),
        // 4 group 14 (outside sample), 5 other year, 6 log of zero.
        let n = 7;
        Table {
            source: "t.csv".into(),
            id: (0..n).map(|i| format!("{:04}", i + 1)).collect(),
            name: (0..n).map(|i| format!("A{i}")).collect(),
            group: ["01", "01", "01", "12", "14", "01", "12"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            group_name: vec![""; n].into(),
            year: vec![
                Some(2022),
                Some(2022),
                Some(2022),
                Some(2022),
                Some(2022),
                Some(2021),
                Some(2022),
            ],
            line: (2..2 + n as u64).collect(),
            columns: vec![
                Column::new(
                    "Y",
                    vec![
                        Some(10.0),
                        Some(11.0),
                        Some(12.0),
                        Some(13.0),
                        Some(14.0),
                        Some(15.0),
                        Some(16.0),
                    ],
                ),
                Column::new(
                    "U00801",
                    vec![
                        Some(1.0),
                        None,
                        Some(3.0),
                        Some(4.0),
                        Some(5.0),
                        Some(6.0),
                        Some(7.0),
                    ],
                ),
                Column::new(
                    "INC",
                    vec![
                        Some(100.0),
                        Some(100.0),
                        Some(100.0),
                        Some(200.0),
                        Some(1.0),
                        Some(1.0),
                        Some(0.0),
                    ],
                ),
                Column::new(
                    "N01951",
                    vec![
                        Some(1000.0),
                        Some(1000.0),
                        Some(0.0),
                        Some(2000.0),
                        Some(1.0),
                        Some(1.0),
                        Some(5.0),
                    ],
                ),
            ],
        }
    }

    fn spec(extra: &str) -> CheckedSpec {
        let text = format!(
            "name='m'\noutcome='Y'\ncovariates=['U00801','INC']\nweight='N01951'\n{extra}\n[sample]\ngroups=['01','12']\n"
        );
        ModelSpec::from_toml(&text, "m.toml")
            .unwrap()
            .check(&table())
            .unwrap()
    }

    #[test]
    fn a_poly_covariate_is_expanded_into_exact_powers() {
        let s = spec("transforms = { U00801 = 'poly3' }");
        let d = build_design(&s, &table(), Some(2022)).unwrap();
        assert_eq!(
            d.design.names,
            ["(Intercept)", "U00801", "U00801^2", "U00801^3", "INC"]
        );
        assert_eq!(s.spec.covariate_width(), 4);
        let lo = d.design.x_lo.as_ref().expect("low parts kept");
        for i in 0..d.keys.len() {
            let v = d.design.x[[i, 1]];
            // hi + lo is the power in double-double; hi is it rounded once.
            let sq = DD::from_f64(v).mul_f64(v);
            let cube = sq.mul_f64(v);
            assert_eq!((d.design.x[[i, 2]], lo[[i, 2]]), (sq.hi, sq.lo));
            assert_eq!((d.design.x[[i, 3]], lo[[i, 3]]), (cube.hi, cube.lo));
            assert_eq!(lo[[i, 0]], 0.0);
            assert_eq!(lo[[i, 1]], 0.0);
        }
        // Without a polynomial there are no low parts.
        let plain = build_design(&spec(""), &table(), Some(2022)).unwrap();
        assert!(plain.design.x_lo.is_none());
    }

    /// `table()` repeated `times` times (ids made unique), so that the
    /// design's stretches cut through it at varied places.
    fn tiled(times: usize) -> Table {
        let t = table();
        let n = t.len();
        let rows = || (0..times).flat_map(move |_| 0..n);
        Table {
            source: t.source.clone(),
            id: (0..n * times).map(|i| format!("{i:06}")).collect(),
            name: rows().map(|r| t.name[r].to_string()).collect(),
            group: rows().map(|r| t.group[r].to_string()).collect(),
            group_name: rows().map(|r| t.group_name[r].to_string()).collect(),
            year: rows().map(|r| t.year[r]).collect(),
            line: (2..2 + (n * times) as u64).collect(),
            columns: t
                .columns
                .iter()
                .map(|c| Column::new(c.name.clone(), rows().map(|r| c.get(r))))
                .collect(),
        }
    }

    #[test]
    fn a_table_of_many_stretches_gives_the_rows_of_its_parts_in_order() {
        // 7 × 5 000 rows: three stretches, each cut inside a repetition.
        let times = 5_000;
        assert!(7 * times > 2 * DESIGN_STRETCH_ROWS);
        let s = spec("transforms = { INC = 'log' }");
        let small = build_design(&s, &table(), Some(2022)).unwrap();
        let big = tiled(times);
        let one_thread = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let d = one_thread.install(|| build_design(&s, &big, Some(2022)).unwrap());
        let d2 = build_design(&s, &big, Some(2022)).unwrap();
        assert_eq!(d.keys, d2.keys);
        assert_eq!(d.excluded, d2.excluded);
        assert_eq!(d.design.x, d2.design.x);
        let k = small.keys.len();
        assert_eq!(d.keys.len(), k * times);
        assert_eq!(d.excluded.len(), small.excluded.len() * times);
        for (i, key) in d.keys.iter().enumerate() {
            let (rep, j) = (i / k, i % k);
            assert_eq!(key.row, small.keys[j].row + 7 * rep);
            assert_eq!(key.line, small.keys[j].line + 7 * rep as u64);
            assert_eq!(key.weight, small.keys[j].weight);
            assert_eq!(d.design.y[i], small.design.y[j]);
            assert_eq!(d.design.x.row(i), small.design.x.row(j));
            assert_eq!(
                d.design.weights.as_ref().unwrap()[i],
                small.design.weights.as_ref().unwrap()[j]
            );
        }
        for (i, e) in d.excluded.iter().enumerate() {
            let (rep, j) = (i / small.excluded.len(), i % small.excluded.len());
            assert_eq!(e.reason, small.excluded[j].reason);
            assert_eq!(e.line, small.excluded[j].line.map(|l| l + 7 * rep as u64));
        }
    }

    #[test]
    fn the_first_bad_offset_in_table_order_is_the_error_whatever_the_threads() {
        let mut big = tiled(5_000);
        // An offset column, positive but for two rows in far stretches.
        let mut off = vec![Some(5.0); big.len()];
        off[7 * 4_000] = Some(0.0);
        off[7 * 2_000] = Some(-1.0);
        big.columns.push(Column::new("OFF", off));
        let text = "name='m'\noutcome='Y'\ncovariates=['U00801','INC']\nweight='N01951'\n\
                    family='poisson'\noffset='OFF'\n[sample]\ngroups=['01','12']\n";
        let s = ModelSpec::from_toml(text, "m.toml")
            .unwrap()
            .check(&big)
            .unwrap();
        let one_thread = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let e1 = one_thread
            .install(|| build_design(&s, &big, Some(2022)))
            .unwrap_err()
            .to_string();
        let e2 = build_design(&s, &big, Some(2022)).unwrap_err().to_string();
        assert_eq!(e1, e2);
        // Line 14 002 (row 14 000), not the zero further on.
        assert!(
            e1.starts_with(&format!("t.csv:{}, column 'OFF'", 2 + 7 * 2_000)),
            "{e1}"
        );
        assert!(e1.contains("is -1"), "{e1}");
    }

    #[test]
    fn excludes_with_reasons_and_keeps_sample_boundaries() {
        let s = spec("transforms = { INC = 'log' }");
        let d = build_design(&s, &table(), Some(2022)).unwrap();
        let ids: Vec<&str> = d.texts.id.iter().collect();
        assert_eq!(ids, ["0001", "0004"]);
        let reasons: Vec<(&str, String)> = d
            .excluded
            .iter()
            .map(|e| (e.id.as_str(), e.reason.to_string()))
            .collect();
        assert_eq!(
            reasons,
            [
                ("0002", "missing U00801".to_string()),
                ("0003", "weight N01951 = 0: weights must be > 0".into()),
                ("0007", "INC = 0: log needs a value > 0".into()),
            ]
        );
        assert_eq!(
            d.excluded[1].reason,
            Exclusion::WeightNotPositive {
                column: "N01951".into(),
                value: 0.0
            }
        );
        assert_eq!(d.excluded[0].line, Some(3));
        assert_eq!(d.design.names, ["(Intercept)", "U00801", "log(INC)"]);
        assert_eq!(d.design.weights.as_deref(), Some(&[1000.0, 2000.0][..]));
        assert!((d.design.x[[1, 2]] - 200f64.ln()).abs() < 1e-15);
        assert_eq!(d.keys[1].population, Some(2000.0));
    }

    #[test]
    fn key_texts_follow_the_keys_and_owned_untexted_agree() {
        let s = spec("");
        let mut t = table();
        t.name = ["Åre", "", "Malmö", "Göteborg", "x", "y", "Ängelholm"][..].into();
        t.group_name = ["Jämtland", "", "", "Västra Götaland", "", "", ""][..].into();
        let d = build_design(&s, &t, Some(2022)).unwrap();
        // Rows 0, 3 and 6 are used (row 1 misses U00801, row 2 weighs 0).
        let rows: Vec<usize> = d.keys.iter().map(|k| k.row).collect();
        assert_eq!(rows, [0, 3, 6]);
        assert_eq!(d.texts.id, ["0001", "0004", "0007"]);
        assert_eq!(d.texts.name, ["Åre", "Göteborg", "Ängelholm"]);
        assert_eq!(d.texts.group, ["01", "12", "12"]);
        assert_eq!(d.texts.group_name, ["Jämtland", "Västra Götaland", ""]);
        assert_eq!(d.texts.area_label(1), "0004 Göteborg");
        // The clusters are the keys' groups.
        assert_eq!(d.design.clusters.as_ref(), Some(&d.texts.group));
        // Built from an owned table: the same design and texts.
        let owned = build_design_owned(&s, t.clone(), Some(2022)).unwrap();
        assert_eq!(owned.texts, d.texts);
        assert_eq!(owned.keys, d.keys);
        assert_eq!(owned.design.x, d.design.x);
        // Untexted: the same keys and matrix, no texts.
        let bare = build_design_untexted(&s, &t, Some(2022)).unwrap();
        assert_eq!(bare.keys, d.keys);
        assert_eq!(bare.design.x, d.design.x);
        assert!(bare.texts.id.is_empty());
        // The matrix taken directly from the row buffer is the filled one:
        // intercept first, then the covariates as read.
        assert_eq!(
            d.design.x.row(1).to_vec(),
            [1.0, 4.0, 200.0],
            "row of table row 3"
        );
    }

    #[test]
    fn per1000_and_share_divide_by_population() {
        let s = spec("transforms = { INC = 'per1000', U00801 = 'share' }");
        let d = build_design(&s, &table(), Some(2022)).unwrap();
        // Row 0: INC 100 / 1000 × 1000 = 100; U00801 1 / 1000 × 100 = 0.1.
        assert_eq!(d.design.x[[0, 1]], 0.1);
        assert_eq!(d.design.x[[0, 2]], 100.0);
        assert_eq!(d.design.names[2], "per1000(INC)");
    }

    #[test]
    fn group_fixed_effects_drop_first_level() {
        let s = spec("fixed_effects = ['group']");
        let d = build_design(&s, &table(), Some(2022)).unwrap();
        assert_eq!(d.design.names.last().unwrap(), "group[12]");
        assert_eq!(d.design.x.column(3).to_vec(), vec![0.0, 1.0, 1.0]);
        assert!(d.design.clusters.is_some());
    }

    #[test]
    fn no_usable_rows_is_a_located_error() {
        let s = spec("");
        let mut t = table();
        t.columns[1] = Column::new("U00801", vec![None; 7]);
        let e = build_design(&s, &t, Some(2022)).unwrap_err().to_string();
        assert!(e.contains("no usable rows for year 2022"), "{e}");
        assert!(e.contains("missing U00801"), "{e}");
    }
}
