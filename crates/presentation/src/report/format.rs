//! Number formatting for reports, by language: Swedish uses a (no-break) space
//! between thousands, a decimal comma and a space before `%`; English uses
//! `2,556`, `46.2%`. Both use the true minus sign U+2212 in display text.
//!
//! These strings are for reading only; machine-readable outputs (CSV, XLSX,
//! the `data-v` attributes of HTML tables) carry the raw values.

use super::decimal;
use crate::i18n::Catalogue;
use crate::lang::Lang;

/// Thousands separator in Swedish: no-break space, so `2 556` never breaks
/// across lines (Språkrådet recommends a space, preferably a fixed one).
pub const SV_THOUSANDS: char = '\u{a0}';
/// The minus sign used in display text.
pub const MINUS: char = '\u{2212}';
/// Shown for a value that does not exist (e.g. a leave-one-out value at leverage 1).
pub const MISSING: &str = "–";

/// Append the digits of an unsigned integer string grouped in threes.
fn push_grouped(out: &mut String, int: &str, sep: &str) {
    let bytes = int.as_bytes();
    let first = match bytes.len() % 3 {
        0 => 3.min(bytes.len()),
        r => r,
    };
    out.push_str(&int[..first]);
    let mut i = first;
    while i < bytes.len() {
        out.push_str(sep);
        out.push_str(&int[i..i + 3]);
        i += 3;
    }
}

/// Append `x` with `decimals` decimals, grouped thousands and the language's
/// decimal mark; `plus` prefixes positive values with `+`. Values that round to
/// zero carry no sign. Non-finite values are shown as `–`. The digits are
/// exactly those of `format!("{:.decimals$}")` (see [`decimal::Fixed`]).
fn push_fixed(out: &mut String, x: f64, decimals: usize, lang: Lang, plus: bool) {
    if !x.is_finite() {
        out.push_str(MISSING);
        return;
    }
    let fixed = decimal::Fixed::abs(x, decimals);
    let s = fixed.as_str();
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let is_zero = s.bytes().all(|b| b == b'0' || b == b'.');
    let (sep, dec) = match lang {
        Lang::Sv => ("\u{a0}", ','),
        Lang::En => (",", '.'),
    };
    if !is_zero {
        if x < 0.0 {
            out.push(MINUS);
        } else if plus {
            out.push('+');
        }
    }
    push_grouped(out, int, sep);
    if let Some(f) = frac {
        out.push(dec);
        out.push_str(f);
    }
}

fn fixed(x: f64, decimals: usize, lang: Lang, plus: bool) -> String {
    let mut out = String::new();
    push_fixed(&mut out, x, decimals, lang, plus);
    out
}

/// A number with a fixed number of decimals: `number(2556.2, 0, Sv)` = `2 556`,
/// `number(-1234.5, 1, En)` = `−1,234.5`.
pub fn number(x: f64, decimals: usize, lang: Lang) -> String {
    fixed(x, decimals, lang, false)
}

/// [`number`] appended to `out`.
pub fn push_number(out: &mut String, x: f64, decimals: usize, lang: Lang) {
    push_fixed(out, x, decimals, lang, false)
}

/// A number with an explicit sign for positive values (deviations): `+805`.
pub fn signed(x: f64, decimals: usize, lang: Lang) -> String {
    fixed(x, decimals, lang, true)
}

/// [`signed`] appended to `out`.
pub fn push_signed(out: &mut String, x: f64, decimals: usize, lang: Lang) {
    push_fixed(out, x, decimals, lang, true)
}

/// An optional number; `–` when absent.
pub fn opt_number(x: Option<f64>, decimals: usize, lang: Lang) -> String {
    x.map_or_else(|| MISSING.to_string(), |v| number(v, decimals, lang))
}

/// [`opt_number`] appended to `out`.
pub fn push_opt_number(out: &mut String, x: Option<f64>, decimals: usize, lang: Lang) {
    match x {
        Some(v) => push_number(out, v, decimals, lang),
        None => out.push_str(MISSING),
    }
}

/// A percentage already in percent units: Swedish `46,2 %`, English `46.2%`.
pub fn percent(x: f64, decimals: usize, lang: Lang) -> String {
    let mut out = String::new();
    push_percent(&mut out, x, decimals, lang, false);
    out
}

/// A signed percentage: `+46 %` / `+46%`.
pub fn signed_percent(x: f64, decimals: usize, lang: Lang) -> String {
    let mut out = String::new();
    push_percent(&mut out, x, decimals, lang, true);
    out
}

/// [`percent`] (`plus` false) or [`signed_percent`] appended to `out`.
pub fn push_percent(out: &mut String, x: f64, decimals: usize, lang: Lang, plus: bool) {
    push_fixed(out, x, decimals, lang, plus);
    if !x.is_finite() {
        return;
    }
    if lang == Lang::Sv {
        out.push(SV_THOUSANDS);
    }
    out.push('%');
}

/// A kronor total, in millions where sensible (|x| ≥ 1 million): Swedish
/// `12,3 Mkr` / `845 000 kr`, English `SEK 12.3m` / `SEK 845,000`. Signed,
/// because totals in reports are deviations.
pub fn kronor_total(x: f64, lang: Lang) -> String {
    let mut out = String::new();
    push_kronor_total(&mut out, x, lang);
    out
}

/// [`kronor_total`] appended to `out`.
pub fn push_kronor_total(out: &mut String, x: f64, lang: Lang) {
    if !x.is_finite() {
        out.push_str(MISSING);
        return;
    }
    let (v, millions) = if x.abs() >= 999_500.0 {
        (x / 1e6, true)
    } else {
        (x, false)
    };
    let decimals = if millions && v.abs() < 99.95 { 1 } else { 0 };
    match lang {
        Lang::Sv => {
            push_signed(out, v, decimals, lang);
            out.push(SV_THOUSANDS);
            out.push_str(if millions { "Mkr" } else { "kr" });
        }
        Lang::En => {
            out.push_str("SEK\u{a0}");
            push_signed(out, v, decimals, lang);
            if millions {
                out.push('m');
            }
        }
    }
}

/// A p-value: `< 0,001` below one in a thousand, otherwise three decimals.
pub fn p_value(p: f64, lang: Lang) -> String {
    if !p.is_finite() {
        return MISSING.to_string();
    }
    if p < 0.001 {
        let dec = lang.msg().n0_001;
        format!("<{}{dec}", '\u{a0}')
    } else {
        number(p, 3, lang)
    }
}

/// Optional p-value.
pub fn opt_p_value(p: Option<f64>, lang: Lang) -> String {
    p.map_or_else(|| MISSING.to_string(), |v| p_value(v, lang))
}

/// Superscript digits for powers of ten.
fn superscript(n: i32) -> String {
    let mut out = String::new();
    if n < 0 {
        out.push('⁻');
    }
    for c in n.unsigned_abs().to_string().chars() {
        out.push(match c {
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            _ => '⁹',
        });
    }
    out
}

/// A value (e.g. a coefficient) to `digits` significant digits, never rounding
/// away integer digits: `sig(123.456, 3)` = `123`, `sig(12345.6, 3)` = `12 346`,
/// `sig(0.0012345, 3)` = `0,00123`. Very small or very large magnitudes use a
/// power of ten: `1,23·10⁻⁵`.
pub fn sig(x: f64, digits: usize, lang: Lang) -> String {
    if !x.is_finite() {
        return MISSING.to_string();
    }
    if x == 0.0 {
        return "0".to_string();
    }
    let digits = digits.max(1);
    let mag = x.abs().log10().floor() as i32;
    if !(-4..15).contains(&mag) {
        // m·10^e with m in [1, 10); recompute after rounding (9.999 → 10.0).
        let s = format!("{:.*e}", digits - 1, x.abs());
        let (m, e) = s.split_once('e').expect("exponent format");
        let m: f64 = m.parse().unwrap_or(0.0);
        let e: i32 = e.parse().unwrap_or(0);
        let sign = if x < 0.0 { -1.0 } else { 1.0 };
        return format!(
            "{}·10{}",
            number(sign * m, digits - 1, lang),
            superscript(e)
        );
    }
    let decimals = (digits as i32 - 1 - mag).max(0) as usize;
    number(x, decimals, lang)
}

/// Optional [`sig`].
pub fn opt_sig(x: Option<f64>, digits: usize, lang: Lang) -> String {
    x.map_or_else(|| MISSING.to_string(), |v| sig(v, digits, lang))
}

/// A value in the outcome's unit with that unit: `2 556 kr/inv`.
pub fn with_unit(x: f64, decimals: usize, unit: &str, lang: Lang) -> String {
    let n = number(x, decimals, lang);
    if unit.is_empty() {
        n
    } else {
        format!("{n}{}{unit}", '\u{a0}')
    }
}

/// Decimals to show for values of an outcome, from the typical magnitude:
/// kronor per inhabitant (hundreds to thousands) get none, shares in percent
/// (around 1–10) get one, small fractions get more.
pub fn decimals_for(typical_abs: f64) -> usize {
    if !typical_abs.is_finite() || typical_abs >= 100.0 {
        0
    } else if typical_abs >= 1.0 {
        1
    } else if typical_abs >= 0.01 {
        3
    } else {
        4
    }
}

/// Shortest text that reads back to exactly the same `f64` (for CSV): Rust's
/// `Display` is shortest round-trip; scientific notation for very small or very
/// large magnitudes keeps the text short. Non-finite values are written as R
/// reads them (`NaN`, `Inf`, `-Inf`).
pub fn roundtrip(x: f64) -> String {
    let mut out = String::new();
    push_roundtrip(&mut out, x);
    out
}

/// [`roundtrip`] appended to `out`: `format!("{x}")` for magnitudes in
/// [1e-5, 1e16) and zero, `format!("{x:e}")` otherwise, byte for byte, without
/// `core::fmt` (see [`decimal`]).
pub fn push_roundtrip(out: &mut String, x: f64) {
    if x.is_nan() {
        out.push_str("NaN");
        return;
    }
    if x.is_infinite() {
        out.push_str(if x > 0.0 { "Inf" } else { "-Inf" });
        return;
    }
    let a = x.abs();
    if a != 0.0 && !(1e-5..1e16).contains(&a) {
        decimal::push_exp(out, x)
    } else {
        decimal::push_display(out, x)
    }
}

/// [`roundtrip`] for an optional value; empty when absent.
pub fn opt_roundtrip(x: Option<f64>) -> String {
    x.map(roundtrip).unwrap_or_default()
}

/// [`opt_roundtrip`] appended to `out`.
pub fn push_opt_roundtrip(out: &mut String, x: Option<f64>) {
    if let Some(v) = x {
        push_roundtrip(out, v);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use Lang::{En, Sv};

    const NB: &str = "\u{a0}";

    #[test]
    fn swedish_thousands_and_decimal_comma() {
        assert_eq!(number(2556.0, 0, Sv), format!("2{NB}556"));
        assert_eq!(number(2555.6, 0, Sv), format!("2{NB}556"));
        assert_eq!(number(1234567.891, 2, Sv), format!("1{NB}234{NB}567,89"));
        assert_eq!(number(-1234.0, 0, Sv), format!("−1{NB}234"));
        assert_eq!(number(999.0, 0, Sv), "999");
        assert_eq!(number(0.5, 1, Sv), "0,5");
    }

    #[test]
    fn english_forms() {
        assert_eq!(number(2556.0, 0, En), "2,556");
        assert_eq!(number(-1234.5, 1, En), "−1,234.5");
        assert_eq!(number(1234567.0, 0, En), "1,234,567");
        assert_eq!(percent(46.2, 1, En), "46.2%");
        assert_eq!(signed_percent(46.17, 0, En), "+46%");
    }

    #[test]
    fn percent_swedish() {
        assert_eq!(percent(46.2, 1, Sv), format!("46,2{NB}%"));
        assert_eq!(signed_percent(46.17, 0, Sv), format!("+46{NB}%"));
        assert_eq!(signed_percent(-12.34, 1, Sv), format!("−12,3{NB}%"));
    }

    #[test]
    fn no_negative_zero() {
        assert_eq!(number(-0.0004, 2, Sv), "0,00");
        assert_eq!(signed(-0.2, 0, Sv), "0");
        assert_eq!(signed(0.2, 0, En), "0");
    }

    #[test]
    fn kronor_totals_in_millions_where_sensible() {
        assert_eq!(kronor_total(12_345_678.0, Sv), format!("+12,3{NB}Mkr"));
        assert_eq!(kronor_total(-845_000.0, Sv), format!("−845{NB}000{NB}kr"));
        assert_eq!(
            kronor_total(-1_234_000_000.0, Sv),
            format!("−1{NB}234{NB}Mkr")
        );
        assert_eq!(kronor_total(12_345_678.0, En), format!("SEK{NB}+12.3m"));
        assert_eq!(kronor_total(845_000.0, En), format!("SEK{NB}+845,000"));
    }

    #[test]
    fn p_values() {
        assert_eq!(p_value(0.0004, Sv), format!("<{NB}0,001"));
        assert_eq!(p_value(0.0004, En), format!("<{NB}0.001"));
        assert_eq!(p_value(0.04213, Sv), "0,042");
        assert_eq!(p_value(1.0, En), "1.000");
        assert_eq!(opt_p_value(None, En), "–");
    }

    #[test]
    fn significant_digits() {
        assert_eq!(sig(123.456, 3, Sv), "123");
        assert_eq!(sig(12345.6, 3, Sv), format!("12{NB}346"));
        assert_eq!(sig(0.0012345, 3, Sv), "0,00123");
        assert_eq!(sig(-45.678, 3, En), "−45.7");
        assert_eq!(sig(0.0000123456, 3, Sv), "1,23·10⁻⁵");
        assert_eq!(sig(-0.0000123456, 3, En), "−1.23·10⁻⁵");
        assert_eq!(sig(0.0, 3, En), "0");
    }

    #[test]
    fn roundtrip_is_exact_and_short() {
        for x in [0.1, 2556.0, -1.0 / 3.0, 1e-20, 6.02e23, 123456.789, 0.0] {
            let s = roundtrip(x);
            assert_eq!(s.parse::<f64>().unwrap(), x, "{s}");
        }
        assert_eq!(roundtrip(0.1), "0.1");
        assert_eq!(roundtrip(2556.0), "2556");
        assert_eq!(roundtrip(1e-20), "1e-20");
        assert_eq!(roundtrip(f64::NAN), "NaN");
        assert_eq!(opt_roundtrip(None), "");
    }

    /// The formatting before the fast paths, kept to compare against: the
    /// digits from `format!`, then grouped and signed.
    fn fixed_before(x: f64, decimals: usize, lang: Lang, plus: bool) -> String {
        if !x.is_finite() {
            return MISSING.to_string();
        }
        let s = format!("{:.*}", decimals, x.abs());
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s.as_str(), None),
        };
        let is_zero = s.bytes().all(|b| b == b'0' || b == b'.');
        let (sep, dec) = match lang {
            Sv => (SV_THOUSANDS.to_string(), ','),
            En => (",".to_string(), '.'),
        };
        let mut out = String::new();
        if !is_zero {
            if x < 0.0 {
                out.push(MINUS);
            } else if plus {
                out.push('+');
            }
        }
        let bytes = int.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            if i > 0 && (bytes.len() - i).is_multiple_of(3) {
                out.push_str(&sep);
            }
            out.push(*b as char);
        }
        if let Some(f) = frac {
            out.push(dec);
            out.push_str(f);
        }
        out
    }

    /// `roundtrip` as it was before the writers left `core::fmt`, kept to
    /// compare bytes (here and in the CSV writers' tests).
    pub(crate) fn roundtrip_before(x: f64) -> String {
        if x.is_nan() {
            return "NaN".into();
        }
        if x.is_infinite() {
            return if x > 0.0 { "Inf".into() } else { "-Inf".into() };
        }
        let a = x.abs();
        if a != 0.0 && !(1e-5..1e16).contains(&a) {
            format!("{x:e}")
        } else {
            format!("{x}")
        }
    }

    fn same_as_before(x: f64) {
        assert_eq!(roundtrip(x), roundtrip_before(x), "{:#x}", x.to_bits());
        for d in 0..=6 {
            for lang in [Sv, En] {
                for plus in [false, true] {
                    assert_eq!(
                        fixed(x, d, lang, plus),
                        fixed_before(x, d, lang, plus),
                        "{:#x} {d}",
                        x.to_bits()
                    );
                }
                let mut p = String::new();
                push_percent(&mut p, x, d, lang, true);
                let mut before = fixed_before(x, d, lang, true);
                if before != MISSING {
                    if lang == Sv {
                        before.push(SV_THOUSANDS);
                    }
                    before.push('%');
                }
                assert_eq!(p, before);
            }
        }
    }

    #[test]
    fn fast_paths_match_the_previous_formatting_at_the_limits() {
        for x in [
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.5,
            2.5,
            0.125,
            0.0005,
            -0.0004,
            999.5,
            999_999.5,
            1e-5,
            9.99999e-6,
            1e16,
            9999999999999998.0,
            1e300,
            -1e300,
            5e-324,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            2556.2,
            -1234.5,
            1234567.891,
        ] {
            same_as_before(x);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]

        #[test]
        fn fast_paths_match_the_previous_formatting(bits in proptest::prelude::any::<u64>()) {
            same_as_before(f64::from_bits(bits));
        }

        #[test]
        fn report_values_match_the_previous_formatting(m in -1e9f64..1e9, k in 0i32..10) {
            same_as_before(m / 10f64.powi(k));
        }
    }

    #[test]
    fn unit_and_decimals() {
        assert_eq!(
            with_unit(2556.4, 0, "kr/inv", Sv),
            format!("2{NB}556{NB}kr/inv")
        );
        assert_eq!(decimals_for(2556.0), 0);
        assert_eq!(decimals_for(4.2), 1);
    }
}
