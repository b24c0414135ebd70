//! Floats as decimal text without `core::fmt`, byte for byte as Rust's `{}`,
//! `{:e}` and `{:.k}` write them, appended to a caller's buffer: the report
//! writers format millions of cells, and `format!` costs a fresh `String` and
//! the slower Grisu/Dragon digit generation per cell.
//!
//! Shortest round-trip digits come from `zmij` (Schubfach, the digits
//! serde_json writes in `results.json`); this module only lays them out as
//! `Display` does. Fixed decimals are computed exactly in integers from the
//! binary value (round half to even on the exact value, as `{:.k}` does),
//! with `format!` itself as the fallback where the integers would not fit.
//! The tests compare every function with `format!` on random bit patterns
//! and the edge cases (subnormals, powers of ten, ±0, the notation limits).

/// The shortest decimal that reads back to a finite nonzero `|x|`: digits
/// `d1 d2 … dn` (no leading or trailing zeros) and the exponent `e` with
/// `|x| = d1.d2…dn × 10^e`.
struct Shortest {
    digits: [u8; 32],
    len: usize,
    exp: i32,
}

impl Shortest {
    fn of(x: f64) -> Shortest {
        let mut buf = zmij::Buffer::new();
        // zmij writes `123.45`, `0.0001`, `1230000.0`, `1e-7` or `1.5e16`;
        // read its digits and the decimal point's place whatever the layout.
        let s = buf.format_finite(x.abs()).as_bytes();
        let mut digits = [0u8; 32];
        let mut len = 0usize;
        // Digits before the decimal point, counted from the first nonzero
        // digit (negative for leading zeros after the point).
        let mut int_len = 0i32;
        let mut after_point = false;
        let mut e_part = 0i32;
        let mut i = 0;
        while i < s.len() {
            match s[i] {
                b'0' if len == 0 && after_point => int_len -= 1,
                b'0' if len == 0 => {}
                c @ b'0'..=b'9' => {
                    if len < digits.len() {
                        digits[len] = c;
                        len += 1;
                    }
                    if !after_point {
                        int_len += 1;
                    }
                }
                b'.' => after_point = true,
                b'e' | b'E' => {
                    let mut neg = false;
                    for &c in &s[i + 1..] {
                        match c {
                            b'-' => neg = true,
                            b'0'..=b'9' => e_part = e_part * 10 + i32::from(c - b'0'),
                            _ => {}
                        }
                    }
                    if neg {
                        e_part = -e_part;
                    }
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        while len > 1 && digits[len - 1] == b'0' {
            len -= 1;
        }
        let exp = int_len - 1 + e_part;
        // Where two shortest candidates are equally near (the exact value
        // ends in a 5 just past them), zmij takes the even one and core::fmt
        // the one further from zero (Dragon4's shortest mode rounds a tie
        // up; e.g. -172288150916073.125 is `…073.13` in Rust, `…073.12` in
        // zmij). Follow core::fmt.
        let last = digits[len - 1] - b'0';
        if last.is_multiple_of(2) && is_midpoint(x.abs(), &digits[..len], exp) {
            digits[len - 1] += 1;
        }
        Shortest { digits, len, exp }
    }

    fn digits(&self) -> &[u8] {
        &self.digits[..self.len]
    }
}

/// Whether `a` (finite, positive) is exactly `d1.d2…dn5 × 10^exp`: halfway
/// between `d1.d2…dn` and the next decimal with as many digits.
fn is_midpoint(a: f64, digits: &[u8], exp: i32) -> bool {
    // M = the digits with a 5 appended (at most 18 digits), a = M × 10^e.
    let mut m = 0u64;
    for &d in digits {
        m = m * 10 + u64::from(d - b'0');
    }
    let m = m * 10 + 5;
    let e = exp - digits.len() as i32;
    // a = odd × 2^k exactly; M × 10^e = (M × 5^e) × 2^e with M × 5^e odd
    // (for e < 0: M / 5^-e), so the powers of two must agree and the odd
    // parts be equal.
    let bits = a.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    let (mut odd, mut k) = if biased == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), biased - 1075)
    };
    let tz = odd.trailing_zeros();
    odd >>= tz;
    k += tz as i32;
    if k != e {
        return false;
    }
    if e >= 0 {
        5u64.checked_pow(e as u32)
            .and_then(|p| m.checked_mul(p))
            .is_some_and(|v| v == odd)
    } else {
        5u64.checked_pow((-e) as u32)
            .is_some_and(|p| m.is_multiple_of(p) && m / p == odd)
    }
}

/// Append ASCII bytes.
fn push_ascii(out: &mut String, b: &[u8]) {
    out.push_str(std::str::from_utf8(b).expect("ASCII digits"));
}

fn push_zeros(out: &mut String, n: usize) {
    const ZEROS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
    let mut n = n;
    while n > 0 {
        let k = n.min(ZEROS.len());
        out.push_str(&ZEROS[..k]);
        n -= k;
    }
}

/// Non-finite values as `core::fmt` writes them: `NaN`, `inf`, `-inf`.
fn push_nonfinite(out: &mut String, x: f64) {
    out.push_str(if x.is_nan() {
        "NaN"
    } else if x > 0.0 {
        "inf"
    } else {
        "-inf"
    });
}

/// `(m, e)` with |x| = m × 2^e exactly, m < 2^53 (x finite): the
/// significand and exponent of its IEEE 754 bits, subnormals included.
fn binary_parts(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    if biased == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), biased - 1075)
    }
}

/// zmij's text of `a` (finite, positive) where it is already `Display`'s:
/// positional (no exponent) and not a tie that `core::fmt` rounds the
/// other way ([`Shortest::of`]); `1230000.0` without its `.0`. `None`
/// sends the value through [`Shortest::of`]. Most report values take this
/// path, which skips reading the digits back and the tie test.
fn display_as_is(a: f64, z: &str) -> Option<&str> {
    let b = z.as_bytes();
    if b.contains(&b'e') {
        return None;
    }
    let point = b.iter().position(|&c| c == b'.')?;
    let frac = &b[point + 1..];
    if frac == b"0" {
        // An integer below 2^53 is its own shortest decimal: no tie.
        return (a < 9007199254740992.0).then(|| &z[..point]);
    }
    // A tie needs |x| = M × 10^e exactly, M the digits and a 5 appended,
    // e = −(fraction digits + 1): as many binary fraction digits.
    let (m, k) = binary_parts(a);
    let k = k + m.trailing_zeros() as i32;
    (k != -(frac.len() as i32 + 1)).then_some(z)
}

/// Append `format!("{x}")`: shortest round-trip digits, never an exponent
/// (`1e21` → `1000000000000000000000`, `1e-7` → `0.0000001`, `-0.0` → `-0`).
pub fn push_display(out: &mut String, x: f64) {
    if !x.is_finite() {
        return push_nonfinite(out, x);
    }
    if x.is_sign_negative() {
        out.push('-');
    }
    if x == 0.0 {
        out.push('0');
        return;
    }
    let mut buf = zmij::Buffer::new();
    let z = buf.format_finite(x.abs());
    if let Some(text) = display_as_is(x.abs(), z) {
        out.push_str(text);
        return;
    }
    let d = Shortest::of(x);
    let digits = d.digits();
    let n = digits.len() as i32;
    if d.exp >= n - 1 {
        push_ascii(out, digits);
        push_zeros(out, (d.exp - (n - 1)) as usize);
    } else if d.exp >= 0 {
        let k = d.exp as usize + 1;
        push_ascii(out, &digits[..k]);
        out.push('.');
        push_ascii(out, &digits[k..]);
    } else {
        out.push_str("0.");
        push_zeros(out, (-d.exp - 1) as usize);
        push_ascii(out, digits);
    }
}

/// Append `format!("{x:e}")`: `1e-20`, `6.02e23`, `-1.5e0`, `0e0`.
pub fn push_exp(out: &mut String, x: f64) {
    if !x.is_finite() {
        return push_nonfinite(out, x);
    }
    if x.is_sign_negative() {
        out.push('-');
    }
    if x == 0.0 {
        out.push_str("0e0");
        return;
    }
    let d = Shortest::of(x);
    let digits = d.digits();
    push_ascii(out, &digits[..1]);
    if digits.len() > 1 {
        out.push('.');
        push_ascii(out, &digits[1..]);
    }
    out.push('e');
    push_int(out, i128::from(d.exp));
}

/// Append a (small) signed integer in decimal.
pub fn push_int(out: &mut String, v: i128) {
    if v < 0 {
        out.push('-');
    }
    push_u128(out, v.unsigned_abs());
}

/// Append an unsigned integer in decimal.
pub fn push_u128(out: &mut String, v: u128) {
    let mut buf = [0u8; 40];
    let n = u128_digits(v, &mut buf);
    push_ascii(out, &buf[buf.len() - n..]);
}

/// The decimal digits of `v`, right-aligned in `buf`; returns their count.
fn u128_digits(mut v: u128, buf: &mut [u8; 40]) -> usize {
    let mut i = buf.len();
    // Mostly values below 2^64: divide in u64 where it fits.
    while v > u128::from(u64::MAX) {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    let mut w = v as u64;
    loop {
        i -= 1;
        buf[i] = b'0' + (w % 10) as u8;
        w /= 10;
        if w == 0 {
            break;
        }
    }
    buf.len() - i
}

/// `|x| × 10^k` rounded to an integer, half to even on the exact binary
/// value — the digits of `format!("{:.k}", x.abs())` — or `None` where the
/// exact product would not fit in 127 bits (large values, `k > 19`).
fn scaled_abs(x: f64, k: usize) -> Option<u128> {
    if k > 19 || !x.is_finite() {
        return None;
    }
    let (m, e) = binary_parts(x);
    if m == 0 {
        return Some(0);
    }
    let p = 10u128.pow(k as u32); // < 2^64
    if e >= 0 {
        // m × 2^e × 10^k < 2^53 × 2^10 × 2^64 = 2^127.
        return (e <= 10).then(|| (u128::from(m) << e) * p);
    }
    let s = (-e) as u32;
    let n = u128::from(m) * p; // < 2^117
    if s >= 118 {
        // n < 2^117 ≤ half of 2^s: rounds down to 0.
        return Some(0);
    }
    let q = n >> s;
    let r = n & ((1u128 << s) - 1);
    let half = 1u128 << (s - 1);
    Some(if r > half || (r == half && q & 1 == 1) {
        q + 1
    } else {
        q
    })
}

/// The text of `format!("{:.k}", x.abs())` for finite `x`, on the stack
/// where the exact integer path applies.
pub struct Fixed {
    buf: [u8; 48],
    start: usize,
    heap: Option<String>,
}

impl Fixed {
    /// `format!("{:.k}", x.abs())`; `x` finite.
    pub fn abs(x: f64, k: usize) -> Fixed {
        let mut buf = [0u8; 48];
        match scaled_abs(x, k) {
            Some(q) => {
                let mut d = [b'0'; 40];
                let n = u128_digits(q, &mut d);
                // At least one integer digit: pad with leading zeros.
                let n = n.max(k + 1);
                let digits = &d[d.len() - n..];
                let int = n - k;
                let total = if k > 0 { n + 1 } else { n };
                let start = buf.len() - total;
                buf[start..start + int].copy_from_slice(&digits[..int]);
                if k > 0 {
                    buf[start + int] = b'.';
                    buf[start + int + 1..].copy_from_slice(&digits[int..]);
                }
                Fixed {
                    buf,
                    start,
                    heap: None,
                }
            }
            None => Fixed {
                buf,
                start: 0,
                heap: Some(format!("{:.*}", k, x.abs())),
            },
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.heap {
            Some(s) => s,
            None => std::str::from_utf8(&self.buf[self.start..]).expect("ASCII digits"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn display(x: f64) -> String {
        let mut s = String::new();
        push_display(&mut s, x);
        s
    }

    fn exp(x: f64) -> String {
        let mut s = String::new();
        push_exp(&mut s, x);
        s
    }

    fn check(x: f64) {
        assert_eq!(display(x), format!("{x}"), "Display of {:#x}", x.to_bits());
        assert_eq!(exp(x), format!("{x:e}"), "LowerExp of {:#x}", x.to_bits());
        for k in 0..=20 {
            assert_eq!(
                Fixed::abs(x, k).as_str(),
                format!("{:.*}", k, x.abs()),
                "{{:.{k}}} of {:#x}",
                x.to_bits()
            );
        }
    }

    /// Values where layouts change or digit generation is delicate.
    fn edge_cases() -> Vec<f64> {
        let mut v = vec![
            0.0,
            -0.0,
            f64::MIN_POSITIVE,
            f64::MIN_POSITIVE / 2.0,
            5e-324,
            1e-323,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            1e21,
            1e-7,
            6.02e23,
            1e-20,
            0.1,
            0.2,
            0.3,
            1.0 / 3.0,
            2.0 / 3.0,
            123456.789,
            2556.0,
            9007199254740993.0,
            9007199254740992.0,
            4503599627370497.5,
            0.5,
            1.5,
            2.5,
            0.125,
            0.375,
            1e-5,
            1e16,
            9999999999999998.0,
            0.000009999999999999999,
            1.7976931348623157e308,
            2.2250738585072014e-308,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for e in -325..=309 {
            let p: f64 = format!("1e{e}").parse().unwrap();
            v.extend([p, p.next_up(), p.next_down(), 5.0 * p, 9.5 * p, -p]);
        }
        for e in -1074..=1023 {
            let p = 2f64.powi(e);
            v.extend([p, p.next_up(), p.next_down(), 3.0 * p]);
        }
        // Ties at every decimal place: k + 1 significant halves.
        for k in 0..=20 {
            for m in [1u64, 3, 5, 7, 25, 125, 12345] {
                let t = m as f64 / 2f64.powi(k) + 0.5;
                v.extend([t, m as f64 + 0.5, (m as f64 + 0.5) / 10f64.powi(k)]);
            }
        }
        v
    }

    #[test]
    fn edge_cases_match_core_fmt() {
        for x in edge_cases() {
            check(x);
            check(-x);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3_000))]

        #[test]
        fn random_bit_patterns_match_core_fmt(bits in any::<u64>()) {
            check(f64::from_bits(bits));
        }

        #[test]
        fn report_scale_values_match_core_fmt(m in -1e7f64..1e7, k in 0i32..12) {
            // Magnitudes the reports show, also divided down to small ones.
            let x = m / 10f64.powi(k);
            check(x);
        }
    }

    /// Tens of millions of values against core::fmt (run in release:
    /// `cargo test --release -p presentation --lib -- --ignored many_values`).
    #[test]
    #[ignore = "slow: a long comparison run by hand"]
    fn many_values_match_core_fmt() {
        let count: u64 = std::env::var("DECIMAL_CASES")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(20_000_000);
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let (mut a, mut b) = (String::new(), String::new());
        for i in 0..count {
            // xorshift64*: random bit patterns, and every other one a value
            // of report scale (a random integer over a random power of ten).
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            let r = state.wrapping_mul(0x2545_f491_4f6c_dd1d);
            let x = if i % 2 == 0 {
                f64::from_bits(r)
            } else {
                (r >> 20) as f64 / 10f64.powi((r % 23) as i32) * if r & 1 == 0 { 1.0 } else { -1.0 }
            };
            a.clear();
            b.clear();
            push_display(&mut a, x);
            push_exp(&mut b, x);
            assert_eq!(a, format!("{x}"), "{:#x}", x.to_bits());
            assert_eq!(b, format!("{x:e}"), "{:#x}", x.to_bits());
            let k = (r % 7) as usize;
            assert_eq!(
                Fixed::abs(x, k).as_str(),
                format!("{:.*}", k, x.abs()),
                "{:#x}",
                x.to_bits()
            );
        }
    }

    /// The text taken from zmij as is: positional values that are not
    /// ties; ties (zmij rounds them to even, core::fmt away from zero),
    /// exponents and integers from 2^53 go through the digits.
    #[test]
    fn zmij_text_as_is_only_where_it_is_display() {
        let as_is = |x: f64| {
            let mut b = zmij::Buffer::new();
            display_as_is(x, b.format_finite(x)).map(str::to_string)
        };
        assert_eq!(as_is(123.45).as_deref(), Some("123.45"));
        assert_eq!(as_is(1230000.0).as_deref(), Some("1230000"));
        assert_eq!(as_is(0.0001).as_deref(), Some("0.0001"));
        assert_eq!(as_is(1e-7), None);
        assert_eq!(as_is(9007199254740992.0), None);
        // 172288150916073.125: zmij …073.12, core::fmt …073.13.
        let tie = f64::from_bits(0x42e3_963e_c119_7d24);
        assert_eq!(tie, 172_288_150_916_073.0 + 0.125);
        assert_eq!(as_is(tie), None);
        assert_eq!(display(tie), format!("{tie}"));
        assert_eq!(display(-tie), "-172288150916073.13");
        // A value with as many binary fraction digits that is no tie.
        assert_eq!(as_is(0.5).as_deref(), Some("0.5"));
        assert_eq!(display(0.5), "0.5");
    }

    #[test]
    fn integers_and_exponents() {
        let mut s = String::new();
        push_int(&mut s, -42);
        s.push(' ');
        push_u128(&mut s, u128::MAX);
        assert_eq!(s, format!("-42 {}", u128::MAX));
    }
}
