//! Number formatting and tick choice for plot axes, in the report language.
//!
//! Swedish: a no-break space between thousands and a decimal comma (`12 345,6`);
//! English: `12,345.6`. Negative numbers use the typographic minus sign `−`
//! (U+2212) in both. Numbers are formatted by [`crate::report::format`], so charts and
//! tables read alike; this module adds axis ticks.

use crate::lang::Lang;

/// No-break space: keeps `12 345` on one line and is in DejaVu Sans.
pub const NBSP: char = crate::report::format::SV_THOUSANDS;
pub use crate::report::format::{number, signed, MINUS};

/// A percentage with its sign: Swedish `+46 %` (space before the sign, as
/// Språkrådet recommends), English `+46%`. The same as the report tables'.
pub fn percent(x: f64, decimals: usize, lang: Lang) -> String {
    crate::report::format::signed_percent(x, decimals, lang)
}

/// Digits after the decimal separator needed to tell ticks `step` apart.
pub fn decimals_for_step(step: f64) -> usize {
    if !(step.is_finite() && step > 0.0) {
        return 0;
    }
    // The fewest decimals d with step·10^d an integer (2.5 → 1, 0.25 → 2).
    for d in 0..10 {
        let s = step * 10f64.powi(d);
        if (s - s.round()).abs() <= 1e-6 * s.max(1.0) {
            return d as usize;
        }
    }
    10
}

/// "Nice" ticks (1, 2, 2.5 or 5 times a power of ten) covering `[lo, hi]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticks {
    /// Tick values inside `[lo, hi]`, ascending.
    pub values: Vec<f64>,
    /// Distance between ticks.
    pub step: f64,
}

impl Ticks {
    /// Decimals that label these ticks without loss.
    pub fn decimals(&self) -> usize {
        decimals_for_step(self.step)
    }
}

/// Choose at most `max_ticks` (at least 2) nice ticks inside `[lo, hi]`.
pub fn nice_ticks(lo: f64, hi: f64, max_ticks: usize) -> Ticks {
    let max_ticks = max_ticks.max(2);
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    if !(lo.is_finite() && hi.is_finite()) || hi - lo <= 0.0 {
        let v = if lo.is_finite() { lo } else { 0.0 };
        return Ticks {
            values: vec![v],
            step: 1.0,
        };
    }
    let raw = (hi - lo) / (max_ticks - 1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let mut step = mag * 10.0;
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * mag >= raw * (1.0 - 1e-9) {
            step = m * mag;
            break;
        }
    }
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    // Round through the step's decimals so 3 × 0.1 is 0.3, not 0.30000000000000004.
    let scale = 10f64.powi(decimals_for_step(step) as i32);
    let values = (first..=last)
        .map(|k| {
            let v = (k as f64 * step * scale).round() / scale;
            if v == 0.0 {
                0.0
            } else {
                v
            }
        })
        .collect();
    Ticks { values, step }
}

/// Pad `[lo, hi]` by `frac` of its width on both sides (and widen an empty range).
pub fn padded(lo: f64, hi: f64, frac: f64) -> (f64, f64) {
    let w = hi - lo;
    if w > 0.0 {
        (lo - frac * w, hi + frac * w)
    } else {
        let d = if lo.abs() > 0.0 { lo.abs() * 0.1 } else { 1.0 };
        (lo - d, hi + d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_uses_space_and_comma() {
        assert_eq!(number(12345.678, 1, Lang::Sv), "12\u{a0}345,7");
        assert_eq!(number(-2556.0, 0, Lang::Sv), "\u{2212}2\u{a0}556");
        assert_eq!(number(999.0, 0, Lang::Sv), "999");
        assert_eq!(number(1_234_567.0, 0, Lang::Sv), "1\u{a0}234\u{a0}567");
        assert_eq!(number(0.25, 2, Lang::Sv), "0,25");
    }

    #[test]
    fn english_uses_comma_and_point() {
        assert_eq!(number(12345.678, 1, Lang::En), "12,345.7");
        assert_eq!(number(-0.5, 1, Lang::En), "\u{2212}0.5");
    }

    #[test]
    fn negative_zero_has_no_sign() {
        assert_eq!(number(-0.004, 2, Lang::En), "0.00");
        assert_eq!(signed(0.0, 0, Lang::En), "0");
        assert_eq!(number(f64::NAN, 0, Lang::En), "\u{2013}");
    }

    #[test]
    fn percent_follows_language() {
        assert_eq!(percent(46.2, 0, Lang::Sv), "+46\u{a0}%");
        assert_eq!(percent(-12.0, 0, Lang::En), "\u{2212}12%");
    }

    #[test]
    fn ticks_are_nice_and_inside() {
        let t = nice_ticks(0.0, 100.0, 6);
        assert_eq!(t.values, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        let t = nice_ticks(-3.2, 3.7, 8);
        assert_eq!(t.step, 1.0);
        assert_eq!(t.values.first(), Some(&-3.0));
        let t = nice_ticks(0.0, 0.3, 4);
        assert_eq!(t.step, 0.1);
        assert_eq!(t.decimals(), 1);
        assert_eq!(t.values[3], 0.3);
        let t = nice_ticks(0.0, 1.0, 5);
        assert_eq!(t.step, 0.25);
        assert_eq!(t.decimals(), 2);
    }
}
