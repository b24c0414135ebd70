//! Agreement with an external reference model: when a spec names a reference
//! column (e.g. `U31004`, RKA's model-calculated net cost of assistance), how
//! well our modelled values agree with it, and which areas the two models
//! judge differently (our deviation actual − modelled and the reference's
//! deviation actual − reference have opposite signs).

use crate::results::ModelResult;

pub use contract::views::{Disagreement, ReferenceComparison};

/// Pearson correlation; `None` with fewer than 3 pairs or zero variance.
pub fn pearson(a: &[f64], b: &[f64]) -> Option<f64> {
    let n = a.len();
    if n < 3 || n != b.len() {
        return None;
    }
    let nf = n as f64;
    let ma = a.iter().sum::<f64>() / nf;
    let mb = b.iter().sum::<f64>() / nf;
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma).powi(2);
        sbb += (y - mb).powi(2);
    }
    (saa > 0.0 && sbb > 0.0).then(|| sab / (saa * sbb).sqrt())
}

/// Ranks 1..n with ties given their average rank.
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&i, &j| v[i].total_cmp(&v[j]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            r[idx[k]] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman rank correlation: Pearson on average ranks.
pub fn spearman(a: &[f64], b: &[f64]) -> Option<f64> {
    pearson(&ranks(a), &ranks(b))
}

/// Compare a fit with its reference column; `None` when the spec names none
/// or no area has a reference value.
pub fn reference_comparison(result: &ModelResult) -> Option<ReferenceComparison> {
    let column = result.model.reference.clone()?;
    let rows: Vec<_> = result
        .areas
        .iter()
        .filter_map(|a| a.reference.filter(|r| r.is_finite()).map(|r| (a, r)))
        .collect();
    if rows.is_empty() {
        return None;
    }
    let modelled: Vec<f64> = rows.iter().map(|(a, _)| a.modelled).collect();
    let reference: Vec<f64> = rows.iter().map(|(_, r)| *r).collect();
    let actual: Vec<f64> = rows.iter().map(|(a, _)| a.actual).collect();
    let n = rows.len();
    let mean_difference = modelled
        .iter()
        .zip(&reference)
        .map(|(m, r)| m - r)
        .sum::<f64>()
        / n as f64;
    let mut disagreements: Vec<Disagreement> = rows
        .iter()
        .filter_map(|(a, r)| {
            let d = a.actual - a.modelled;
            let dr = a.actual - r;
            (d * dr < 0.0).then(|| Disagreement {
                id: a.id.clone(),
                name: a.name.clone(),
                group: a.group.clone(),
                actual: a.actual,
                modelled: a.modelled,
                reference: *r,
                deviation: d,
                reference_deviation: dr,
            })
        })
        .collect();
    disagreements.sort_by(|a, b| {
        let ka = (a.deviation - a.reference_deviation).abs();
        let kb = (b.deviation - b.reference_deviation).abs();
        kb.total_cmp(&ka).then_with(|| a.id.cmp(&b.id))
    });
    Some(ReferenceComparison {
        column,
        n,
        correlation: pearson(&modelled, &reference),
        rank_correlation: spearman(&modelled, &reference),
        correlation_actual_modelled: pearson(&actual, &modelled),
        correlation_actual_reference: pearson(&actual, &reference),
        mean_difference,
        n_same_sign: n - disagreements.len(),
        disagreements,
        convention: "Pearson and Spearman (average ranks) correlations over the areas with a reference value, unweighted; the models disagree when actual − modelled and actual − reference have opposite signs".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::AreaRow;

    #[test]
    fn correlations_match_hand_values() {
        // Perfect linear relation: r = 1; reversed: r = −1.
        assert!((pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]).unwrap() - 1.0).abs() < 1e-15);
        assert!((pearson(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]).unwrap() + 1.0).abs() < 1e-15);
        // Spearman is 1 for any monotone relation.
        assert!(
            (spearman(&[1.0, 2.0, 3.0, 4.0], &[1.0, 8.0, 27.0, 64.0]).unwrap() - 1.0).abs() < 1e-15
        );
        assert_eq!(ranks(&[3.0, 1.0, 3.0]), vec![2.5, 1.0, 2.5]);
        assert!(pearson(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]).is_none());
    }

    #[test]
    fn sign_disagreements_are_listed() {
        let area = |id: &str, actual: f64, modelled: f64, reference: f64| AreaRow {
            id: id.into(),
            name: id.into(),
            actual,
            modelled,
            reference: Some(reference),
            ..Default::default()
        };
        let mut r = ModelResult {
            model: Default::default(),
            year: Some(2022),
            fit: Default::default(),
            coefficients: vec![],
            areas: vec![
                area("a", 100.0, 90.0, 95.0),  // both above: agree
                area("b", 100.0, 110.0, 90.0), // ours below, ref above: disagree
                area("c", 100.0, 95.0, 120.0), // ours above, ref below: disagree
                area("d", 100.0, 120.0, 130.0),
            ],
            ..Default::default()
        };
        assert!(reference_comparison(&r).is_none(), "no reference named");
        r.model.reference = Some("U31004".into());
        let c = reference_comparison(&r).unwrap();
        assert_eq!(c.n, 4);
        assert_eq!(c.n_same_sign, 2);
        let ids: Vec<&str> = c.disagreements.iter().map(|d| d.id.as_str()).collect();
        // |−10 − 10| = 20 for b, |5 − (−20)| = 25 for c: c first.
        assert_eq!(ids, ["c", "b"]);
        assert!((c.mean_difference - (-5.0 + 20.0 - 25.0 - 10.0) / 4.0).abs() < 1e-12);
    }
}
