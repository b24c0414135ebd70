//! Double-double arithmetic (about 106 significant bits) for the parts of the
//! least-squares solve where double precision is not enough: residuals for
//! iterative refinement, and a full QR for extremely ill-conditioned designs.
//!
//! The error-free transformations are Knuth's TwoSum and Dekker's TwoProduct
//! (with Veltkamp splitting, so no hardware FMA is needed); the compensated
//! dot product is Ogita, Rump & Oishi (2005), "Accurate sum and dot product",
//! SIAM J. Sci. Comput. 26(6). Written by hand because the solver needs these
//! exact building blocks (DD × f64 products, DD square roots and divisions
//! inside a Householder QR) with known error bounds.

use std::ops::{Add, Div, Mul, Neg, Sub};

/// A double-double number `hi + lo` with |lo| ≤ ulp(hi)/2.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DD {
    pub hi: f64,
    pub lo: f64,
}

/// TwoSum (Knuth): s + e = a + b exactly.
#[inline(always)]
pub fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    let e = (a - (s - bb)) + (b - bb);
    (s, e)
}

/// FastTwoSum (Dekker), valid when |a| ≥ |b|.
#[inline(always)]
fn quick_two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let e = b - (s - a);
    (s, e)
}

const SPLITTER: f64 = 134_217_729.0; // 2^27 + 1

#[inline(always)]
fn split(a: f64) -> (f64, f64) {
    let c = SPLITTER * a;
    let hi = c - (c - a);
    (hi, a - hi)
}

/// TwoProduct (Dekker/Veltkamp): p + e = a·b exactly (barring over/underflow).
#[inline(always)]
pub fn two_prod(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    let (ah, al) = split(a);
    let (bh, bl) = split(b);
    let e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
    (p, e)
}

impl DD {
    pub const ZERO: DD = DD { hi: 0.0, lo: 0.0 };
    pub const ONE: DD = DD { hi: 1.0, lo: 0.0 };

    #[inline(always)]
    pub fn from_f64(x: f64) -> DD {
        DD { hi: x, lo: 0.0 }
    }

    /// Round to the nearest double.
    #[inline(always)]
    pub fn to_f64(self) -> f64 {
        self.hi + self.lo
    }

    #[inline(always)]
    pub fn abs(self) -> DD {
        if self.hi < 0.0 {
            -self
        } else {
            self
        }
    }

    /// Exact product of two doubles as a DD.
    #[inline(always)]
    pub fn mul_f64s(a: f64, b: f64) -> DD {
        let (p, e) = two_prod(a, b);
        DD { hi: p, lo: e }
    }

    #[inline(always)]
    pub fn add_f64(self, b: f64) -> DD {
        let (s, e) = two_sum(self.hi, b);
        let e = e + self.lo;
        let (hi, lo) = quick_two_sum(s, e);
        DD { hi, lo }
    }

    #[inline(always)]
    pub fn mul_f64(self, b: f64) -> DD {
        let (p, e) = two_prod(self.hi, b);
        let e = e + self.lo * b;
        let (hi, lo) = quick_two_sum(p, e);
        DD { hi, lo }
    }

    /// Square root (one Newton step on the double estimate, Karp's trick).
    pub fn sqrt(self) -> DD {
        if self.hi <= 0.0 {
            return DD::ZERO;
        }
        let x = 1.0 / self.hi.sqrt();
        let ax = self.hi * x;
        let diff = self - DD::mul_f64s(ax, ax);
        let corr = diff.hi * (x * 0.5);
        let (hi, lo) = two_sum(ax, corr);
        DD { hi, lo }
    }

    pub fn is_finite(self) -> bool {
        self.hi.is_finite() && self.lo.is_finite()
    }
}

impl Add for DD {
    type Output = DD;
    #[inline(always)]
    fn add(self, b: DD) -> DD {
        // IEEE-style addition (accurate even under cancellation).
        let (s1, s2) = two_sum(self.hi, b.hi);
        let (t1, t2) = two_sum(self.lo, b.lo);
        let s2 = s2 + t1;
        let (s1, s2) = quick_two_sum(s1, s2);
        let s2 = s2 + t2;
        let (hi, lo) = quick_two_sum(s1, s2);
        DD { hi, lo }
    }
}

impl Neg for DD {
    type Output = DD;
    #[inline(always)]
    fn neg(self) -> DD {
        DD {
            hi: -self.hi,
            lo: -self.lo,
        }
    }
}

impl Sub for DD {
    type Output = DD;
    #[inline(always)]
    fn sub(self, b: DD) -> DD {
        self + (-b)
    }
}

impl Mul for DD {
    type Output = DD;
    #[inline(always)]
    fn mul(self, b: DD) -> DD {
        let (p, e) = two_prod(self.hi, b.hi);
        let e = e + (self.hi * b.lo + self.lo * b.hi);
        let (hi, lo) = quick_two_sum(p, e);
        DD { hi, lo }
    }
}

impl Div for DD {
    type Output = DD;
    fn div(self, b: DD) -> DD {
        // Long division: q1 + q2 + q3, each a double quotient of the remainder.
        let q1 = self.hi / b.hi;
        let r = self - b.mul_f64(q1);
        let q2 = r.hi / b.hi;
        let r = r - b.mul_f64(q2);
        let q3 = r.hi / b.hi;
        let (hi, lo) = quick_two_sum(q1, q2);
        DD { hi, lo }.add_f64(q3)
    }
}

/// Σ aᵢ·bᵢ by Ogita–Rump–Oishi's Dot2 (Algorithm 5.3): the result is as
/// accurate as if computed in twice the working precision, returned unrounded
/// as DD. Cheaper than a chain of DD additions (one TwoProduct, one TwoSum and
/// two plain additions per term).
#[inline]
pub fn dot2(a: impl IntoIterator<Item = f64>, b: impl IntoIterator<Item = f64>) -> DD {
    dot2_from(0.0, a, b)
}

/// `start + Σ aᵢ·bᵢ` by Dot2 (see [`dot2`]); `start` enters exactly.
#[inline]
pub fn dot2_from(
    start: f64,
    a: impl IntoIterator<Item = f64>,
    b: impl IntoIterator<Item = f64>,
) -> DD {
    let mut d = Dot2::new(start);
    for (x, y) in a.into_iter().zip(b) {
        d.add(x, y);
    }
    d.finish()
}

/// The running state of [`dot2_from`], for sums taken a term at a time
/// (several columns of a matrix in one pass over its rows): the same
/// operations in the same order, so the same result.
#[derive(Debug, Clone, Copy)]
pub struct Dot2 {
    p: f64,
    s: f64,
}

impl Dot2 {
    /// A sum starting at `start` (entered exactly).
    #[inline]
    pub fn new(start: f64) -> Self {
        Dot2 { p: start, s: 0.0 }
    }

    /// Add x·y.
    #[inline]
    pub fn add(&mut self, x: f64, y: f64) {
        let (h, r) = two_prod(x, y);
        let (q, t) = two_sum(self.p, h);
        self.p = q;
        self.s += t + r;
    }

    /// The sum, unrounded.
    #[inline]
    pub fn finish(self) -> DD {
        let (hi, lo) = two_sum(self.p, self.s);
        DD { hi, lo }
    }
}

/// Σ xᵢ accumulated in double-double.
pub fn sum2(x: impl IntoIterator<Item = f64>) -> DD {
    let mut s = DD::ZERO;
    for v in x {
        s = s.add_f64(v);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_prod_is_exact() {
        // (1 + 2^-30)^2 = 1 + 2^-29 + 2^-60: the last term is lost in f64.
        let a = 1.0 + 2f64.powi(-30);
        let (p, e) = two_prod(a, a);
        assert_eq!(p, 1.0 + 2f64.powi(-29));
        assert_eq!(e, 2f64.powi(-60));
    }

    #[test]
    fn sum_recovers_cancelled_digits() {
        // 1e16 + 1 - 1e16 = 1, lost in plain double arithmetic.
        let s = sum2([1e16, 1.0, -1e16]);
        assert_eq!(s.to_f64(), 1.0);
        let naive: f64 = [1e16, 1.0, -1e16].iter().sum();
        assert_ne!(naive, 1.0);
    }

    #[test]
    fn division_and_sqrt_reach_double_double_accuracy() {
        // 1/3 to ~32 digits: 3·(1/3) − 1 must vanish to ~1e-32.
        let third = DD::ONE / DD::from_f64(3.0);
        let back = third.mul_f64(3.0) - DD::ONE;
        assert!(back.to_f64().abs() < 1e-31, "{back:?}");
        // sqrt(2)^2 − 2 to ~1e-31.
        let r2 = DD::from_f64(2.0).sqrt();
        let err = r2 * r2 - DD::from_f64(2.0);
        assert!(err.to_f64().abs() < 1e-30, "{err:?}");
    }

    #[test]
    fn dot2_is_accurate_for_ill_conditioned_dot() {
        // x·y with exact answer 1 but huge cancelling terms.
        let x = [1e20, 1.0, -1e20];
        let y = [1.0, 1.0, 1.0];
        assert_eq!(dot2(x, y).to_f64(), 1.0);
    }
}
