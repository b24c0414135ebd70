//! Guarded distribution functions: statrs panics (an `unwrap` in its
//! regularised incomplete beta) or returns garbage when a statistic is NaN,
//! infinite or outside the distribution's domain, which happens for degenerate
//! fits (a constant or perfectly fitted outcome, values near the ends of the
//! f64 range). Every probability the engine computes goes through these
//! functions, which answer `None` (shown as undefined) instead.

use statrs::distribution::{ContinuousCDF, FisherSnedecor, StudentsT};

/// Whether `df` is a usable degrees-of-freedom value.
fn good_df(df: f64) -> bool {
    df.is_finite() && df > 0.0
}

/// Upper tail P(T_df > t) of Student's t; `None` outside the domain.
pub fn t_sf(t: f64, df: f64) -> Option<f64> {
    if !(t.is_finite() && good_df(df)) {
        return None;
    }
    let p = StudentsT::new(0.0, 1.0, df).ok()?.sf(t);
    p.is_finite().then_some(p.clamp(0.0, 1.0))
}

/// Two-sided p-value 2·P(T_df > |t|), capped at 1; `None` outside the domain.
pub fn t_two_sided(t: f64, df: f64) -> Option<f64> {
    t_sf(t.abs(), df).map(|p| (2.0 * p).min(1.0))
}

/// Quantile of Student's t at probability `q` (0 < q < 1); `None` outside
/// the domain.
pub fn t_quantile(q: f64, df: f64) -> Option<f64> {
    if !(q.is_finite() && q > 0.0 && q < 1.0 && good_df(df)) {
        return None;
    }
    let v = StudentsT::new(0.0, 1.0, df).ok()?.inverse_cdf(q);
    v.is_finite().then_some(v)
}

/// Upper tail P(F_{d1,d2} > f) of the F distribution; `None` outside the
/// domain (f NaN, infinite or negative; non-positive degrees of freedom).
pub fn f_sf(f: f64, d1: f64, d2: f64) -> Option<f64> {
    if !(f.is_finite() && f >= 0.0 && good_df(d1) && good_df(d2)) {
        return None;
    }
    let p = FisherSnedecor::new(d1, d2).ok()?.sf(f);
    p.is_finite().then_some(p.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undefined_inputs_give_none_not_a_panic() {
        assert_eq!(f_sf(f64::NAN, 2.0, 10.0), None);
        assert_eq!(f_sf(f64::INFINITY, 2.0, 10.0), None);
        assert_eq!(f_sf(-1.0, 2.0, 10.0), None);
        assert_eq!(f_sf(1.0, 0.0, 10.0), None);
        assert_eq!(t_sf(f64::NAN, 5.0), None);
        assert_eq!(t_sf(1.0, f64::NAN), None);
        assert_eq!(t_quantile(1.0, 5.0), None);
        assert_eq!(t_quantile(f64::NAN, 5.0), None);
        assert_eq!(t_two_sided(f64::INFINITY, 5.0), None);
    }

    #[test]
    fn defined_inputs_match_tables() {
        // t_{0.975, 10} = 2.228139 (any t table; R qt(0.975, 10)).
        assert!((t_quantile(0.975, 10.0).unwrap() - 2.228_139).abs() < 1e-6);
        // P(F_{1,10} > t²) equals the two-sided t p-value.
        let t = 2.228_139_f64;
        let pf = f_sf(t * t, 1.0, 10.0).unwrap();
        let pt = t_two_sided(t, 10.0).unwrap();
        assert!((pf - 0.05).abs() < 1e-6 && (pf - pt).abs() < 1e-10);
    }
}
