//! A synthetic [`ModelResult`] for tests, examples and documentation of the
//! charts. The numbers are generated, not fitted: they are shaped like a real
//! fit (modelled values, intervals, studentized residuals, flags) so every
//! chart has something realistic to draw, and they are identical on every
//! machine (integer hashing, no random-number crate).

use crate::results::{AreaRow, CoefficientRow, Correction, FitStats, Flag, ModelInfo, ModelResult};

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny deterministic generator.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform on [0, 1).
    fn unif(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Approximately standard normal (sum of 12 uniforms − 6).
    fn norm(&mut self) -> f64 {
        (0..12).map(|_| self.unif()).sum::<f64>() - 6.0
    }
}

const GROUPS: [(&str, &str); 3] = [
    ("01", "Stockholms län"),
    ("14", "Västra Götalands län"),
    ("12", "Skåne län"),
];

/// 60 areas in three counties, one year, a handful flagged. Three areas carry
/// the big cities' codes (0180 Stockholm, 1480 Göteborg, 1280 Malmö) and one has
/// the name `<b>&` to exercise escaping.
pub fn sample_result() -> ModelResult {
    sample_result_for(2022, 60)
}

/// Per-year results of the same model, for the deviation-over-years chart.
pub fn sample_years(first: i32, years: usize) -> Vec<ModelResult> {
    (0..years)
        .map(|i| sample_result_for(first + i as i32, 60))
        .collect()
}

/// A synthetic result for `year` with `n` areas (n ≥ 6).
pub fn sample_result_for(year: i32, n: usize) -> ModelResult {
    let n = n.max(6);
    let mut g = Mix(0x5EED_0000 + year as u64);
    // Area identity and covariates are the same every year; only noise changes.
    let mut id_gen = Mix(0xA5EA);
    let sigma = 260.0;
    let p = 4usize;
    let t = 2.0;
    let mut areas = Vec::with_capacity(n);
    for i in 0..n {
        let (gid, gname) = GROUPS[i % 3];
        let (id, name) = match i {
            0 => ("0180".to_string(), "Stockholm".to_string()),
            1 => ("1480".to_string(), "Göteborg".to_string()),
            2 => ("1280".to_string(), "Malmö".to_string()),
            7 => (format!("{gid}{:02}", i), "<b>&".to_string()),
            _ => (
                format!("{gid}{:02}", i),
                format!("{} {}", NAMES[i % NAMES.len()], i),
            ),
        };
        let x1 = 4.0 + 10.0 * id_gen.unif(); // e.g. % low income
        let x2 = 2.0 + 6.0 * id_gen.unif(); // e.g. % unemployed
        let x3 = 15.0 + 20.0 * id_gen.unif(); // e.g. % foreign-born
        let h = 0.02 + 0.10 * id_gen.unif().powi(3) + if i == 11 { 0.25 } else { 0.0 };
        let modelled = -600.0 + 95.0 * x1 + 120.0 * x2 + 25.0 * x3 + 60.0 * g.norm();
        let mut e = sigma * (1.0 - h).sqrt() * g.norm() * 0.9;
        // Planted deviations: a few large ones, Malmö well above its model.
        match i {
            2 => e = 0.46 * modelled,
            5 => e = 3.4 * sigma,
            7 => e = 3.0 * sigma,
            13 => e = -3.1 * sigma,
            29 => e = 2.9 * sigma,
            41 => e = -3.3 * sigma,
            _ => {}
        }
        if i % 7 == (year as usize % 7) {
            e += 1.6 * sigma;
        }
        let actual = modelled + e;
        let r_int = e / (sigma * (1.0 - h).sqrt());
        let r_ext = r_int * ((n - p - 1) as f64 / ((n - p) as f64 - r_int * r_int).max(0.5)).sqrt();
        let pi_half = t * sigma * (1.0 + h).sqrt();
        let loo_modelled = actual - e / (1.0 - h);
        let loo_half = t * sigma * (1.0 + h / (1.0 - h)).sqrt() * 1.02;
        let (loo_lo, loo_hi) = (loo_modelled - loo_half, loo_modelled + loo_half);
        let mut flags = Vec::new();
        if actual > loo_hi {
            flags.push(Flag::AboveInterval);
        }
        if actual < loo_lo {
            flags.push(Flag::BelowInterval);
        }
        let cooks = r_int * r_int * h / (p as f64 * (1.0 - h));
        areas.push(AreaRow {
            id,
            name,
            group: gid.to_string(),
            group_name: gname.to_string(),
            actual,
            modelled,
            loo_modelled: Some(loo_modelled),
            residual: e,
            deviation_pct: Some(100.0 * e / modelled),
            deviation_total: Some(e * 50_000.0),
            leverage: h,
            studentized_internal: Some(r_int),
            studentized_external: Some(r_ext),
            cooks_d: Some(cooks),
            dffits: Some(r_ext * (h / (1.0 - h)).sqrt()),
            p_outlier: None,
            p_bonferroni: None,
            q_bh: None,
            pi_low: modelled - pi_half,
            pi_high: modelled + pi_half,
            flags,
            year: Some(year),
            weight: Some(50_000.0),
            loo_pi_low: Some(loo_lo),
            loo_pi_high: Some(loo_hi),
            ..Default::default()
        });
    }
    let coef = |name: &str, est: f64, se: f64, std: Option<f64>| CoefficientRow {
        name: name.into(),
        estimate: est,
        std_error: se,
        t: est / se,
        p: 0.0,
        ci_low: est - t * se,
        ci_high: est + t * se,
        hc3_std_error: se * 1.1,
        vif: std.map(|_| 1.4),
        standardized: std,
        ..Default::default()
    };
    let mut labels = std::collections::BTreeMap::new();
    labels.insert(
        "U31001".to_string(),
        "Ekonomiskt bistånd, kr/inv".to_string(),
    );
    labels.insert(
        "N00956".to_string(),
        "Invånare med låg inkomststandard, andel (%)".to_string(),
    );
    labels.insert("N00926".to_string(), "Arbetslöshet, andel (%)".to_string());
    ModelResult {
        model: ModelInfo {
            name: "exempel".into(),
            title: "Exempelmodell – tre län".into(),
            outcome: "U31001".into(),
            covariates: vec!["N00956".into(), "N00926".into(), "N02280".into()],
            weight: None,
            intercept: true,
            alpha: 0.05,
            correction: Correction::Bh,
            min_deviation_pct: 10.0,
            labels,
            outcome_unit: "kr/inv".into(),
            ..Default::default()
        },
        year: Some(year),
        fit: FitStats {
            n,
            p,
            df_resid: n - p,
            r2: 0.81,
            adj_r2: 0.80,
            sigma,
            ..Default::default()
        },
        coefficients: vec![
            coef("(Intercept)", -600.0, 180.0, None),
            coef("N00956", 95.0, 14.0, Some(0.52)),
            coef("N00926", 120.0, 30.0, Some(0.33)),
            coef("N02280", 6.0, 9.0, Some(0.04)),
        ],
        areas,
        excluded: Vec::new(),
        conventions: Default::default(),
        generator: "modellvarde (sample)".into(),
        reference_comparison: None,
        cross_city: None,
        uncertainty: None,
        cv: None,
        model_comparison: None,
        nonpositive_modelled: Vec::new(),
    }
}

const NAMES: [&str; 12] = [
    "Norrby",
    "Söderås",
    "Österlund",
    "Västerhavet",
    "Älvdalen",
    "Björkvik",
    "Ekbacka",
    "Granö",
    "Hagalund",
    "Lindås",
    "Mossby",
    "Åsen",
];
