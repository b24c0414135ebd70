//! Flag rules: named, cited rules that turn an area's diagnostics into flags
//! for the committee table. An area can trip several rules; the JSON lists
//! them by name (the contract's [`Flag`]), in the order of [`Flag::ALL`].

use crate::results::AreaRow;
use crate::spec::{Correction, FlagSpec};

pub use contract::flags::{
    Flag, ABOVE_INTERVAL, ALL, BELOW_INTERVAL, INFLUENTIAL, OUTLIER, PRACTICAL,
};

/// `above_interval` / `below_interval`: the actual value lies outside the
/// (1−α) prediction interval of the model fitted *without* the area, so the
/// area is not judged against a fit it pulled towards itself. The interval is
/// ŷ₍ᵢ₎ ± t(1−α/2, n−p−1)·√(s₍ᵢ₎²/wᵢ + xᵢ'Cov₍ᵢ₎xᵢ) (Cook & Weisberg 1982,
/// *Residuals and Influence in Regression*, §2.2; it is equivalent to the
/// two-sided test on the externally studentized residual at level α, without
/// multiplicity correction).
pub fn interval_flag(area: &AreaRow) -> Option<Flag> {
    let (lo, hi) = (area.loo_pi_low?, area.loo_pi_high?);
    if area.actual > hi {
        Some(Flag::AboveInterval)
    } else if area.actual < lo {
        Some(Flag::BelowInterval)
    } else {
        None
    }
}

/// `outlier`: the outlier test on the externally studentized residual
/// (Student t, n−p−1 df) is significant at α after correcting for testing all
/// n areas — Bonferroni, p·n < α (Cook & Weisberg 1982, §2.2; R
/// `car::outlierTest`), or Benjamini–Hochberg, q < α (Benjamini & Hochberg
/// 1995, JRSS B 57(1)), as the spec chooses.
pub fn is_outlier(area: &AreaRow, alpha: f64, correction: Correction) -> bool {
    let p = match correction {
        Correction::Bonferroni => area.p_bonferroni,
        Correction::Bh => area.q_bh,
    };
    p.is_some_and(|p| p < alpha)
}

/// `influential`: Cook's distance above 4/n (Bollen & Jackman 1985,
/// "Regression diagnostics", *Sociological Methods & Research* 13(4)) or
/// leverage above 2p/n (Belsley, Kuh & Welsch 1980, *Regression Diagnostics*,
/// §2.1; twice the mean hat value p/n). `n` observations, `p` coefficients.
pub fn is_influential(area: &AreaRow, n: usize, p: usize) -> bool {
    if n == 0 {
        return false;
    }
    let n = n as f64;
    let cook = area.cooks_d.is_some_and(|d| d > 4.0 / n);
    let lev = area.leverage > 2.0 * p as f64 / n;
    cook || lev
}

/// `practical`: |deviation| ≥ the spec's minimum percentage of the modelled
/// value. Statistical significance alone says little to a committee when the
/// deviation is small in kronor; this rule states the size that matters
/// (practical vs statistical significance, Kirk 1996, *Educational and
/// Psychological Measurement* 56(5)).
pub fn is_practical(area: &AreaRow, min_deviation_pct: f64) -> bool {
    area.deviation_pct
        .is_some_and(|d| d.abs() >= min_deviation_pct)
}

/// All flags an area trips, in the order of [`Flag::ALL`].
pub fn area_flags(area: &AreaRow, n: usize, p: usize, rules: &FlagSpec) -> Vec<Flag> {
    let mut out = Vec::new();
    if let Some(f) = interval_flag(area) {
        out.push(f);
    }
    if is_outlier(area, rules.alpha, rules.correction) {
        out.push(Flag::Outlier);
    }
    if is_influential(area, n, p) {
        out.push(Flag::Influential);
    }
    if is_practical(area, rules.min_deviation_pct) {
        out.push(Flag::Practical);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area() -> AreaRow {
        AreaRow {
            actual: 100.0,
            modelled: 100.0,
            loo_pi_low: Some(80.0),
            loo_pi_high: Some(120.0),
            leverage: 0.1,
            cooks_d: Some(0.01),
            p_bonferroni: Some(1.0),
            q_bh: Some(1.0),
            deviation_pct: Some(0.0),
            ..Default::default()
        }
    }

    fn rules() -> FlagSpec {
        FlagSpec::default()
    }

    #[test]
    fn ordinary_area_has_no_flags() {
        assert!(area_flags(&area(), 20, 3, &rules()).is_empty());
    }

    #[test]
    fn interval_flags_use_the_leave_one_out_interval() {
        let mut a = area();
        a.actual = 121.0;
        a.pi_high = 130.0; // inside the in-sample interval, outside the LOO one
        assert_eq!(interval_flag(&a), Some(Flag::AboveInterval));
        a.actual = 79.9;
        assert_eq!(interval_flag(&a), Some(Flag::BelowInterval));
        a.actual = 120.0; // on the boundary: inside
        assert_eq!(interval_flag(&a), None);
        a.loo_pi_high = None; // leverage 1: no LOO interval, no flag
        a.actual = 1e9;
        assert_eq!(interval_flag(&a), None);
    }

    #[test]
    fn outlier_follows_the_chosen_correction() {
        let mut a = area();
        a.p_bonferroni = Some(0.2);
        a.q_bh = Some(0.01);
        assert!(!is_outlier(&a, 0.05, Correction::Bonferroni));
        assert!(is_outlier(&a, 0.05, Correction::Bh));
        a.p_bonferroni = Some(0.049);
        assert!(is_outlier(&a, 0.05, Correction::Bonferroni));
        a.p_bonferroni = Some(0.05); // strict inequality
        assert!(!is_outlier(&a, 0.05, Correction::Bonferroni));
    }

    #[test]
    fn influential_cut_offs() {
        // n = 20, p = 3: Cook's cut-off 4/20 = 0.2; leverage cut-off 6/20 = 0.3.
        let mut a = area();
        a.cooks_d = Some(0.2);
        assert!(!is_influential(&a, 20, 3));
        a.cooks_d = Some(0.2001);
        assert!(is_influential(&a, 20, 3));
        a.cooks_d = Some(0.0);
        a.leverage = 0.31;
        assert!(is_influential(&a, 20, 3));
        a.leverage = 0.3;
        assert!(!is_influential(&a, 20, 3));
    }

    #[test]
    fn practical_uses_absolute_deviation() {
        let mut a = area();
        a.deviation_pct = Some(-10.0);
        assert!(is_practical(&a, 10.0));
        a.deviation_pct = Some(9.99);
        assert!(!is_practical(&a, 10.0));
        a.deviation_pct = None;
        assert!(!is_practical(&a, 0.0));
    }

    #[test]
    fn several_flags_in_fixed_order() {
        let mut a = area();
        a.actual = 150.0;
        a.deviation_pct = Some(50.0);
        a.p_bonferroni = Some(0.001);
        a.cooks_d = Some(0.5);
        assert_eq!(
            area_flags(&a, 20, 3, &rules()),
            [
                Flag::AboveInterval,
                Flag::Outlier,
                Flag::Influential,
                Flag::Practical
            ]
        );
    }
}
