//! Number formatting for reports, by language: Swedish uses a (no-break) space
//! between thousands, a decimal comma and a space before `%`; English uses
//! `2,556`, `46.2%`. Both use the true minus sign U+2212 in display text.
//!
//! These strings are for reading only; machine-readable outputs (CSV, XLSX,
//! the `data-v` attributes of HTML tables) carry the raw values.

use crate::i18n::Catalogue;
use crate::lang::Lang;

/// Thousands separator in Swedish: no-break space, so `2 556` never breaks
/// across lines (Språkrådet recommends a space, preferably a fixed one).
pub const SV_THOUSANDS: char = '\u{a0}';
/// The minus sign used in display text.
pub const MINUS: char = '\u{2212}';
/// Shown for a value that does not exist (e.g. a leave-one-out value at leverage 1).
pub const MISSING: &str = "–";

/// Group the digits of an unsigned integer string in threes.
fn group_digits(int: &str, sep: &str) -> String {
    let bytes = int.as_bytes();
    let mut out = String::with_capacity(int.len() + int.len() / 3 * sep.len());
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 && (bytes.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(*b as char);
    }
    out
}

/// Format `x` with `decimals` decimals, grouped thousands and the language's
/// decimal mark; `plus` prefixes positive values with `+`. Values that round to
/// zero carry no sign. Non-finite values are shown as `–`.
fn fixed(x: f64, decimals: usize, lang: Lang, plus: bool) -> String {
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
        Lang::Sv => (SV_THOUSANDS.to_string(), ','),
        Lang::En => (",".to_string(), '.'),
    };
    let mut out = String::new();
    if !is_zero {
        if x < 0.0 {
            out.push(MINUS);
        } else if plus {
            out.push('+');
        }
    }
    out.push_str(&group_digits(int, &sep));
    if let Some(f) = frac {
        out.push(dec);
        out.push_str(f);
    }
    out
}

/// A number with a fixed number of decimals: `number(2556.2, 0, Sv)` = `2 556`,
/// `number(-1234.5, 1, En)` = `−1,234.5`.
pub fn number(x: f64, decimals: usize, lang: Lang) -> String {
    fixed(x, decimals, lang, false)
}

/// A number with an explicit sign for positive values (deviations): `+805`.
pub fn signed(x: f64, decimals: usize, lang: Lang) -> String {
    fixed(x, decimals, lang, true)
}

/// An optional number; `–` when absent.
pub fn opt_number(x: Option<f64>, decimals: usize, lang: Lang) -> String {
    x.map_or_else(|| MISSING.to_string(), |v| number(v, decimals, lang))
}

/// A percentage already in percent units: Swedish `46,2 %`, English `46.2%`.
pub fn percent(x: f64, decimals: usize, lang: Lang) -> String {
    let n = fixed(x, decimals, lang, false);
    if n == MISSING {
        return n;
    }
    pct_suffix(n, lang)
}

/// A signed percentage: `+46 %` / `+46%`.
pub fn signed_percent(x: f64, decimals: usize, lang: Lang) -> String {
    let n = fixed(x, decimals, lang, true);
    if n == MISSING {
        return n;
    }
    pct_suffix(n, lang)
}

fn pct_suffix(mut n: String, lang: Lang) -> String {
    if lang == Lang::Sv {
        n.push(SV_THOUSANDS);
    }
    n.push('%');
    n
}

/// A kronor total, in millions where sensible (|x| ≥ 1 million): Swedish
/// `12,3 Mkr` / `845 000 kr`, English `SEK 12.3m` / `SEK 845,000`. Signed,
/// because totals in reports are deviations.
pub fn kronor_total(x: f64, lang: Lang) -> String {
    if !x.is_finite() {
        return MISSING.to_string();
    }
    let (v, millions) = if x.abs() >= 999_500.0 {
        (x / 1e6, true)
    } else {
        (x, false)
    };
    let decimals = if millions && v.abs() < 99.95 { 1 } else { 0 };
    let n = signed(v, decimals, lang);
    match (lang, millions) {
        (Lang::Sv, true) => format!("{n}{SV_THOUSANDS}Mkr"),
        (Lang::Sv, false) => format!("{n}{SV_THOUSANDS}kr"),
        (Lang::En, true) => format!("SEK{}{n}m", '\u{a0}'),
        (Lang::En, false) => format!("SEK{}{n}", '\u{a0}'),
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

/// [`roundtrip`] for an optional value; empty when absent.
pub fn opt_roundtrip(x: Option<f64>) -> String {
    x.map(roundtrip).unwrap_or_default()
}

#[cfg(test)]
mod tests {
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
