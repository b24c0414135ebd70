//! A synthetic, fully deterministic [`ModelResult`] for demonstrations, documentation
//! screenshots and tests of the exporters. The numbers are invented (shaped like
//! kr/inv of paid assistance across the three metropolitan counties) and say
//! nothing about any real municipality.

use crate::results::{
    AreaRow, CoefficientRow, Conventions, Correction, Excluded, FitStats, Flag, ModelInfo,
    ModelResult,
};

/// (code, name, county code, county name) for the synthetic areas.
const AREAS: &[(&str, &str, &str, &str)] = &[
    ("0180", "Stockholm", "01", "Stockholms län"),
    ("1480", "Göteborg", "14", "Västra Götalands län"),
    ("1280", "Malmö", "12", "Skåne län"),
    ("0181", "Södertälje", "01", "Stockholms län"),
    ("0127", "Botkyrka", "01", "Stockholms län"),
    ("0126", "Huddinge", "01", "Stockholms län"),
    ("0182", "Nacka", "01", "Stockholms län"),
    ("0184", "Solna", "01", "Stockholms län"),
    ("0183", "Sundbyberg", "01", "Stockholms län"),
    ("0186", "Lidingö", "01", "Stockholms län"),
    ("0162", "Danderyd", "01", "Stockholms län"),
    ("0160", "Täby", "01", "Stockholms län"),
    ("0123", "Järfälla", "01", "Stockholms län"),
    ("0136", "Haninge", "01", "Stockholms län"),
    ("0138", "Tyresö", "01", "Stockholms län"),
    ("0114", "Upplands Väsby", "01", "Stockholms län"),
    ("0117", "Österåker", "01", "Stockholms län"),
    ("0120", "Värmdö", "01", "Stockholms län"),
    ("0191", "Sigtuna", "01", "Stockholms län"),
    ("0192", "Nynäshamn", "01", "Stockholms län"),
    ("0188", "Norrtälje", "01", "Stockholms län"),
    ("1281", "Lund", "12", "Skåne län"),
    ("1283", "Helsingborg", "12", "Skåne län"),
    ("1282", "Landskrona", "12", "Skåne län"),
    ("1287", "Trelleborg", "12", "Skåne län"),
    ("1290", "Kristianstad", "12", "Skåne län"),
    ("1285", "Eslöv", "12", "Skåne län"),
    ("1286", "Ystad", "12", "Skåne län"),
    ("1293", "Hässleholm", "12", "Skåne län"),
    ("1231", "Burlöv", "12", "Skåne län"),
    ("1233", "Vellinge", "12", "Skåne län"),
    ("1230", "Staffanstorp", "12", "Skåne län"),
    ("1284", "Höganäs", "12", "Skåne län"),
    ("1214", "Svalöv", "12", "Skåne län"),
    ("1481", "Mölndal", "14", "Västra Götalands län"),
    ("1482", "Kungälv", "14", "Västra Götalands län"),
    ("1402", "Partille", "14", "Västra Götalands län"),
    ("1490", "Borås", "14", "Västra Götalands län"),
    ("1488", "Trollhättan", "14", "Västra Götalands län"),
    ("1485", "Uddevalla", "14", "Västra Götalands län"),
    ("1487", "Vänersborg", "14", "Västra Götalands län"),
    ("1496", "Skövde", "14", "Västra Götalands län"),
    ("1494", "Lidköping", "14", "Västra Götalands län"),
    ("1441", "Lerum", "14", "Västra Götalands län"),
    ("1489", "Alingsås", "14", "Västra Götalands län"),
    ("1401", "Härryda", "14", "Västra Götalands län"),
    ("1407", "Öckerö", "14", "Västra Götalands län"),
    ("1415", "Stenungsund", "14", "Västra Götalands län"),
    ("1484", "Lysekil", "14", "Västra Götalands län"),
    ("1486", "Strömstad", "14", "Västra Götalands län"),
    ("1440", "Ale", "14", "Västra Götalands län"),
    ("1462", "Lilla Edet", "14", "Västra Götalands län"),
];

/// Fixed (actual, modelled) for the big cities so texts can be checked exactly.
fn fixed_values(id: &str) -> Option<(f64, f64, f64)> {
    match id {
        "0180" => Some((1_402.0, 1_538.0, 984_748.0)),
        "1480" => Some((2_811.0, 2_205.0, 604_829.0)),
        "1280" => Some((2_556.0, 1_751.0, 357_377.0)),
        _ => None,
    }
}

/// A small deterministic generator (SplitMix64), so the sample needs no seed
/// plumbing and is identical on every machine.
struct Mix(u64);
impl Mix {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A synthetic result with `n` areas (at most 52; the three big cities first),
/// one excluded row, flags on some areas and one area with leverage 1.
pub fn synthetic(n: usize) -> ModelResult {
    synthetic_year(n, 2022)
}

/// A large result with varied values: random bit patterns (NaN, ±∞,
/// subnormals, ±0 among them), values of report scale, the notation
/// limits, absent values, and text that needs quoting or neutralising.
pub fn varied(n: usize) -> ModelResult {
    let mut r = synthetic(52);
    let template = r.areas.clone();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x9e37_79b9_7f4a_7c15)
    };
    let edges = [
        0.0,
        -0.0,
        1e-5,
        9.999999999999999e-6,
        1e16,
        9999999999999998.0,
        5e-324,
        f64::MAX,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        0.1,
        1e21,
        1e-7,
        // −172288150916073.125: a tie between two shortest digit strings.
        f64::from_bits(0xc2e3_963e_c119_7d24),
    ];
    let mut value = || -> f64 {
        let b = next();
        match b % 4 {
            0 => f64::from_bits(next()),
            1 => edges[(b >> 8) as usize % edges.len()],
            _ => {
                (next() >> 11) as f64 / 10f64.powi((b >> 8) as i32 % 20 - 4)
                    * if b & 256 == 0 { 1.0 } else { -1.0 }
            }
        }
    };
    let texts = [
        "Norr, \"centrum\"",
        "=SUM(A1)",
        "-x",
        "+46",
        "@a",
        "Södra\nby",
        "-1.5",
        "",
    ];
    r.areas = (0..n)
        .map(|i| {
            let mut a = template[i % template.len()].clone();
            a.id = format!("{i:05}");
            if i % 7 == 0 {
                a.name = texts[i / 7 % texts.len()].into();
            }
            let opt = |v: &mut Option<f64>, x: f64| {
                *v = (!x.to_bits().is_multiple_of(5)).then_some(x);
            };
            a.actual = value();
            a.modelled = value();
            a.residual = value();
            a.pi_low = value();
            a.pi_high = value();
            a.leverage = value();
            for (v, x) in [
                (&mut a.weight, value()),
                (&mut a.loo_modelled, value()),
                (&mut a.deviation_pct, value()),
                (&mut a.deviation_total, value()),
                (&mut a.loo_pi_low, value()),
                (&mut a.loo_pi_high, value()),
                (&mut a.studentized_internal, value()),
                (&mut a.studentized_external, value()),
                (&mut a.cooks_d, value()),
                (&mut a.dffits, value()),
                (&mut a.p_outlier, value()),
                (&mut a.p_bonferroni, value()),
                (&mut a.q_bh, value()),
                (&mut a.reference, value()),
                (&mut a.resid_pearson, value()),
                (&mut a.resid_deviance, value()),
            ] {
                opt(v, x);
            }
            for d in &mut a.dfbetas {
                opt(d, value());
            }
            a.line = (i % 3 != 0).then_some(i as u64 + 2);
            a
        })
        .collect();
    for c in &mut r.coefficients {
        c.estimate = value();
        c.std_error = value();
        c.t = value();
        c.vif = Some(value());
    }
    r
}

/// As [`synthetic`], for another year (values shift a little between years).
pub fn synthetic_year(n: usize, year: i32) -> ModelResult {
    let n = n.clamp(4, AREAS.len());
    let mut rng = Mix(0x6D6F_6465_6C6C_7661 ^ year as u64);
    let p = 4;
    let alpha = 0.05;
    let cook_cut = 4.0 / n as f64;
    let mut areas = Vec::with_capacity(n);
    for (i, &(id, name, lan, lan_name)) in AREAS.iter().take(n).enumerate() {
        let (u1, u2, u3) = (rng.next(), rng.next(), rng.next());
        let drift = 1.0 + 0.03 * (year - 2022) as f64;
        let (actual, modelled, pop) = match fixed_values(id) {
            Some((a, m, pop)) if year == 2022 => (a, m, pop),
            Some((a, m, pop)) => (a * drift * (0.95 + 0.1 * u1), m * drift, pop),
            None => {
                let m = (600.0 + 1_700.0 * u1) * drift;
                let dev = (u2 - 0.5) * 0.7 + if u3 > 0.9 { 0.45 } else { 0.0 };
                (m * (1.0 + dev), m, 12_000.0 + 140_000.0 * u3 * u3)
            }
        };
        let leverage = if i == n - 1 {
            1.0
        } else {
            0.02 + 0.14 * u3 * u2
        };
        let residual = actual - modelled;
        let half = 380.0 + 120.0 * u2;
        let loo = if leverage >= 1.0 {
            None
        } else {
            Some(actual - residual / (1.0 - leverage))
        };
        let loo_half = half * 1.05;
        let stud = residual / 420.0;
        let cooks = stud * stud * leverage / (p as f64 * (1.0 - leverage).max(1e-3));
        let p_out = (2.0 * (-0.5 * stud * stud).exp()).min(1.0) * 0.5;
        let mut flags = Vec::new();
        if let Some(l) = loo {
            if actual > l + loo_half {
                flags.push(Flag::AboveInterval);
            } else if actual < l - loo_half {
                flags.push(Flag::BelowInterval);
            }
        }
        if (p_out * n as f64) < alpha {
            flags.push(Flag::Outlier);
        }
        if leverage < 1.0 && (cooks > cook_cut || leverage > 2.0 * p as f64 / n as f64) {
            flags.push(Flag::Influential);
        }
        let pct = 100.0 * residual / modelled;
        if pct.abs() >= 10.0 {
            flags.push(Flag::Practical);
        }
        areas.push(AreaRow {
            id: id.into(),
            name: name.into(),
            group: lan.into(),
            actual,
            modelled,
            loo_modelled: loo,
            residual,
            deviation_pct: Some(pct),
            deviation_total: Some(residual * pop),
            leverage,
            studentized_internal: (leverage < 1.0).then_some(stud * 0.98),
            studentized_external: (leverage < 1.0).then_some(stud),
            cooks_d: (leverage < 1.0).then_some(cooks),
            dffits: (leverage < 1.0).then_some(stud * (leverage / (1.0 - leverage)).sqrt()),
            p_outlier: (leverage < 1.0).then_some(p_out),
            p_bonferroni: (leverage < 1.0).then_some((p_out * n as f64).min(1.0)),
            q_bh: (leverage < 1.0).then_some((p_out * 3.0).min(1.0)),
            pi_low: modelled - half,
            pi_high: modelled + half,
            flags,
            year: Some(year),
            group_name: lan_name.into(),
            weight: Some(pop),
            loo_pi_low: loo.map(|l| l - loo_half),
            loo_pi_high: loo.map(|l| l + loo_half),
            dfbetas: (0..p)
                .map(|j| (leverage < 1.0).then_some(0.1 * stud * (j as f64 - 1.5)))
                .collect(),
            reference: None,
            notes: if leverage >= 1.0 {
                vec![
                    "leverage 1: the area alone determines a coefficient; no leave-one-out value"
                        .into(),
                ]
            } else {
                Vec::new()
            },
            line: Some(2 + i as u64),
            ..Default::default()
        });
    }
    let labels = [
        (
            "U31001",
            "Utbetalt ekonomiskt bistånd inkl. flyktinghushåll, kr/inv",
        ),
        ("N01951", "Invånare totalt, antal"),
        ("U00801", "Arbetslösa utan ersättning 18–64 år, andel (%)"),
        ("U01805", "Nyligen invandrade 18–64 år, andel (%)"),
        ("N01984", "Lågutbildade 25–64 år, andel (%)"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let coef = |name: &str, est: f64, se: f64, vif: Option<f64>, st: Option<f64>| {
        let t = est / se;
        CoefficientRow {
            name: name.into(),
            estimate: est,
            std_error: se,
            t,
            p: (2.0 * (-0.5 * t * t).exp()).min(1.0),
            ci_low: est - 2.01 * se,
            ci_high: est + 2.01 * se,
            hc3_std_error: se * 1.12,
            vif,
            standardized: st,
            ..Default::default()
        }
    };
    ModelResult {
        model: ModelInfo {
            name: "storstadslanen".into(),
            title: "Göteborgsmodellen – de tre storstadslänen".into(),
            outcome: "U31001".into(),
            covariates: vec!["U00801".into(), "U01805".into(), "N01984".into()],
            weight: Some("N01951".into()),
            intercept: true,
            fixed_effects: vec![],
            alpha,
            correction: Correction::Bonferroni,
            min_deviation_pct: 10.0,
            reference: None,
            data_source: "data/kommuner.csv".into(),
            labels,
            labels_en: Default::default(),
            outcome_unit: "kr/inv".into(),
            spec: None,
            ..Default::default()
        },
        year: Some(year),
        fit: FitStats {
            n,
            p,
            df_resid: n - p,
            r2: 0.78,
            adj_r2: 0.7659,
            sigma: 312.4,
            f: Some(56.7),
            f_p: Some(3.2e-15),
            loglik: -370.2,
            aic: 750.4,
            bic: 760.1,
            condition_number: 14.6,
            weighted: true,
            rss: 4.68e6,
            tss: 2.13e7,
            centred: true,
            solver: "qr-f64+refinement (faer)".into(),
            clusters: None,
            warnings: vec![],
            glm: None,
        },
        coefficients: vec![
            coef("(Intercept)", 212.5, 148.3, None, None),
            coef("U00801", 96.4, 21.7, Some(2.1), Some(0.41)),
            coef("U01805", 0.0123, 0.0311, Some(1.6), Some(0.05)),
            coef("N01984", 41.8, 9.9, Some(2.4), Some(0.38)),
        ],
        areas,
        excluded: vec![Excluded {
            id: "2584".into(),
            name: "Kiruna".into(),
            reason: "missing U00801".into(),
            year: Some(year),
            line: Some(2581),
        }],
        conventions: Conventions::default(),
        generator: "modellvarde 0.1.0".into(),
        reference_comparison: None,
        cross_city: None,
        uncertainty: None,
        cv: None,
        model_comparison: None,
        nonpositive_modelled: Vec::new(),
    }
}
