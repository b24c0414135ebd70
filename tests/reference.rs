//! Fit statistics and every diagnostic checked against an independent reference
//! computation (Python statsmodels; the script, its data and its output are in
//! `tests/fixtures/reference/`, the tool versions are recorded in
//! `reference.json`), against hand derivations, and against brute-force
//! leave-one-out refits.

use modellvarde::fit::{fit, Design, FitError, FitOptions, Fitted};
use ndarray::Array2;
use serde_json::Value;

fn fixture_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference")
}

fn small_design(weighted: bool) -> Design {
    let text = std::fs::read_to_string(fixture_dir().join("small.csv")).unwrap();
    let mut y = Vec::new();
    let mut rows = Vec::new();
    let mut w = Vec::new();
    let mut groups = Vec::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        groups.push(f[1].to_string());
        y.push(f[2].parse::<f64>().unwrap());
        rows.push([
            1.0,
            f[3].parse().unwrap(),
            f[4].parse().unwrap(),
            f[5].parse().unwrap(),
        ]);
        w.push(f[6].parse::<f64>().unwrap());
    }
    let x = Array2::from_shape_fn((rows.len(), 4), |(i, j)| rows[i][j]);
    let names = ["(Intercept)", "x1", "x2", "x3"].map(String::from).to_vec();
    Design {
        weights: weighted.then_some(w),
        clusters: Some(groups.into()),
        ..Design::new(y, x, names, true)
    }
}

fn reference() -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture_dir().join("reference.json")).unwrap())
        .unwrap()
}

fn close(what: &str, got: f64, want: f64, rel: f64) {
    let tol = rel * want.abs().max(1e-300) + 1e-13;
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got:e}, reference {want:e} (rel err {:e})",
        ((got - want) / want).abs()
    );
}

fn vec_of(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn check_against(f: &Fitted, r: &Value) {
    let rel = 1e-9;
    for (j, c) in f.coefficients.iter().enumerate() {
        close(
            &format!("{} estimate", c.name),
            c.estimate,
            vec_of(&r["params"])[j],
            rel,
        );
        close(
            &format!("{} se", c.name),
            c.std_error,
            vec_of(&r["bse"])[j],
            rel,
        );
        close(
            &format!("{} p", c.name),
            c.p,
            vec_of(&r["pvalues"])[j],
            1e-7,
        );
        close(
            &format!("{} ci_low", c.name),
            c.ci_low,
            vec_of(&r["ci_low"])[j],
            1e-8,
        );
        close(
            &format!("{} ci_high", c.name),
            c.ci_high,
            vec_of(&r["ci_high"])[j],
            1e-8,
        );
        close(
            &format!("{} HC0", c.name),
            c.hc0_std_error,
            vec_of(&r["hc0"])[j],
            rel,
        );
        close(
            &format!("{} HC1", c.name),
            c.hc1_std_error,
            vec_of(&r["hc1"])[j],
            rel,
        );
        close(
            &format!("{} HC2", c.name),
            c.hc2_std_error,
            vec_of(&r["hc2"])[j],
            rel,
        );
        close(
            &format!("{} HC3", c.name),
            c.hc3_std_error,
            vec_of(&r["hc3"])[j],
            rel,
        );
        close(
            &format!("{} cluster", c.name),
            c.cluster_std_error.unwrap(),
            vec_of(&r["cluster"])[j],
            rel,
        );
        if j > 0 {
            close(
                &format!("{} VIF", c.name),
                c.vif.unwrap(),
                vec_of(&r["vif"])[j - 1],
                rel,
            );
        }
    }
    close("r2", f.stats.r2, r["r2"].as_f64().unwrap(), rel);
    close("adj_r2", f.stats.adj_r2, r["adj_r2"].as_f64().unwrap(), rel);
    close("sigma", f.stats.sigma, r["sigma"].as_f64().unwrap(), rel);
    close("F", f.stats.f.unwrap(), r["f"].as_f64().unwrap(), rel);
    close(
        "F p",
        f.stats.f_p.unwrap(),
        r["f_p"].as_f64().unwrap(),
        1e-6,
    );
    close("loglik", f.stats.loglik, r["loglik"].as_f64().unwrap(), rel);
    // R's AIC(lm) counts σ as a parameter: k = p + 1.
    let k = (f.stats.p + 1) as f64;
    close(
        "aic",
        f.stats.aic,
        -2.0 * r["loglik"].as_f64().unwrap() + 2.0 * k,
        rel,
    );
    let per_obs = [
        ("leverage", "leverage"),
        ("student_internal", "si"),
        ("student_external", "se"),
        ("cooks_d", "cd"),
        ("dffits", "dffits"),
        ("p_outlier", "p"),
        ("p_bonferroni", "pb"),
        ("q_bh", "q"),
        ("fitted", "fitted"),
        ("pi_low", "pil"),
        ("pi_high", "pih"),
    ];
    for (key, short) in per_obs {
        let want = vec_of(&r[key]);
        for (i, o) in f.obs.iter().enumerate() {
            let got = match short {
                "leverage" => o.leverage,
                "si" => o.studentized_internal.unwrap(),
                "se" => o.studentized_external.unwrap(),
                "cd" => o.cooks_d.unwrap(),
                "dffits" => o.dffits.unwrap(),
                "p" => o.p_outlier.unwrap(),
                "pb" => o.p_bonferroni.unwrap(),
                "q" => o.q_bh.unwrap(),
                "fitted" => o.fitted,
                "pil" => o.pi_low,
                _ => o.pi_high,
            };
            let tol = if key.starts_with('p') || key == "q_bh" {
                1e-7
            } else {
                1e-9
            };
            close(&format!("{key}[{i}]"), got, want[i], tol);
        }
    }
    let dfb = r["dfbetas"].as_array().unwrap();
    for (i, o) in f.obs.iter().enumerate() {
        for (j, d) in o.dfbetas.iter().enumerate() {
            close(
                &format!("dfbetas[{i}][{j}]"),
                d.unwrap(),
                dfb[i][j].as_f64().unwrap(),
                1e-9,
            );
        }
    }
}

#[test]
fn ols_matches_statsmodels() {
    let f = fit(&small_design(false), &FitOptions::default()).unwrap();
    check_against(&f, &reference()["ols"]);
    assert!(!f.stats.weighted);
}

#[test]
fn wls_matches_statsmodels() {
    let f = fit(&small_design(true), &FitOptions::default()).unwrap();
    check_against(&f, &reference()["wls"]);
    assert!(f.stats.weighted);
}

/// Closed-form leave-one-out values against brute-force refits without each row.
#[test]
fn closed_form_leave_one_out_matches_refits() {
    for weighted in [false, true] {
        let d = small_design(weighted);
        let f = fit(&d, &FitOptions::default()).unwrap();
        let n = d.y.len();
        for i in [0usize, 7, 23, n - 1] {
            let keep: Vec<usize> = (0..n).filter(|&k| k != i).collect();
            let sub = Design {
                weights: d
                    .weights
                    .as_ref()
                    .map(|w| keep.iter().map(|&k| w[k]).collect()),
                clusters: None,
                ..Design::new(
                    keep.iter().map(|&k| d.y[k]).collect(),
                    d.x.select(ndarray::Axis(0), &keep),
                    d.names.clone(),
                    true,
                )
            };
            let g = fit(&sub, &FitOptions::default()).unwrap();
            let pred: f64 = (0..4)
                .map(|j| d.x[[i, j]] * g.coefficients[j].estimate)
                .sum();
            close("loo_fitted", f.obs[i].loo_fitted.unwrap(), pred, 1e-10);
            // DFBETAS = (β − β₍ᵢ₎)/(σ₍ᵢ₎ √[(XᵀWX)⁻¹]ⱼⱼ), with σ₍ᵢ₎ from the refit.
            for j in 0..4 {
                let unscaled = f.cov[[j, j]].sqrt() / f.stats.sigma;
                let want = (f.coefficients[j].estimate - g.coefficients[j].estimate)
                    / (g.stats.sigma * unscaled);
                close("dfbetas", f.obs[i].dfbetas[j].unwrap(), want, 1e-8);
            }
        }
    }
}

/// Hand derivation: x = 1..4, y = (2, 4, 5, 8). x̄ = 2.5, Sxx = 5, Sxy = 9.5, so
/// β = (0, 1.9); residuals (0.1, 0.2, −0.7, 0.4); RSS = 0.7, σ² = 0.35;
/// hᵢ = 1/4 + (xᵢ − 2.5)²/5 = (0.7, 0.3, 0.3, 0.7); SE(β₁) = √(0.35/5).
#[test]
fn hand_derived_simple_regression() {
    let x = Array2::from_shape_fn((4, 2), |(i, j)| if j == 0 { 1.0 } else { (i + 1) as f64 });
    let d = Design::new(
        vec![2.0, 4.0, 5.0, 8.0],
        x,
        vec!["(Intercept)".into(), "x".into()],
        true,
    );
    let f = fit(&d, &FitOptions::default()).unwrap();
    close("b0", f.coefficients[0].estimate + 1.0, 1.0, 1e-14);
    close("b1", f.coefficients[1].estimate, 1.9, 1e-14);
    close(
        "se b1",
        f.coefficients[1].std_error,
        (0.35f64 / 5.0).sqrt(),
        1e-13,
    );
    close("rss", f.stats.rss, 0.7, 1e-13);
    for (o, (h, e)) in f
        .obs
        .iter()
        .zip([(0.7, 0.1), (0.3, 0.2), (0.3, -0.7), (0.7, 0.4)])
    {
        close("h", o.leverage, h, 1e-13);
        close("e", o.residual, e, 1e-12);
        // Cook's D = r² h / (p (1 − h)) with r = e/(σ√(1−h)).
        let r2 = e * e / (0.35 * (1.0 - h));
        close(
            "cook",
            o.cooks_d.unwrap(),
            r2 * h / (2.0 * (1.0 - h)),
            1e-12,
        );
        close(
            "loo",
            o.loo_fitted.unwrap(),
            o.fitted + e - e / (1.0 - h),
            1e-12,
        );
    }
    // R² = MSS/TSS: MSS = 1.9²·5 = 18.05, TSS = 18.75.
    close("r2", f.stats.r2, 18.05 / 18.75, 1e-13);
}

/// Without an intercept R² is uncentred (Σŷ²/(Σŷ² + RSS)), as R and NIST.
#[test]
fn no_intercept_r2_is_uncentred() {
    // y = 2x + e with e = (1, −1, 1): β = Σxy/Σx² = (2·14 + 1 − 2 + 3)/14.
    let x = Array2::from_shape_fn((3, 1), |(i, _)| (i + 1) as f64);
    let d = Design::new(vec![3.0, 3.0, 7.0], x, vec!["x".into()], false);
    let f = fit(&d, &FitOptions::default()).unwrap();
    let b = (3.0 + 6.0 + 21.0) / 14.0;
    close("b", f.coefficients[0].estimate, b, 1e-14);
    let mss = b * b * 14.0;
    let rss: f64 = [3.0 - b, 3.0 - 2.0 * b, 7.0 - 3.0 * b]
        .iter()
        .map(|e| e * e)
        .sum();
    close("r2", f.stats.r2, mss / (mss + rss), 1e-13);
    assert!(!f.stats.centred);
}

#[test]
fn leverage_one_gives_a_note_not_nan() {
    // Group dummy for a single area: that area has leverage exactly 1.
    let n = 8;
    let x = Array2::from_shape_fn((n, 3), |(i, j)| match j {
        0 => 1.0,
        1 => (i as f64).powi(2) * 0.5 + i as f64,
        _ => f64::from(u8::from(i == 5)),
    });
    let y: Vec<f64> = (0..n)
        .map(|i| 3.0 + 0.7 * i as f64 + if i % 2 == 0 { 0.3 } else { -0.2 })
        .collect();
    let d = Design::new(
        y,
        x,
        vec!["(Intercept)".into(), "x".into(), "solo".into()],
        true,
    );
    let f = fit(&d, &FitOptions::default()).unwrap();
    let o = &f.obs[5];
    assert!((o.leverage - 1.0).abs() < 1e-12);
    assert!(o.note.as_deref().unwrap().starts_with("leverage 1"));
    assert_eq!(o.loo_fitted, None);
    assert_eq!(o.studentized_external, None);
    for other in f.obs.iter().filter(|o| o.note.is_none()) {
        assert!(other.studentized_external.unwrap().is_finite());
    }
    assert!(f.coefficients.iter().all(|c| c.hc3_std_error.is_finite()));
    assert!(f
        .stats
        .warnings
        .contains(&modellvarde::results::Warning::LeverageOne { n: 1 }));
}

fn err_of(d: Design) -> FitError {
    fit(&d, &FitOptions::default()).unwrap_err()
}

#[test]
fn rank_deficiency_names_the_aliased_columns() {
    let n = 10;
    let x = Array2::from_shape_fn((n, 4), |(i, j)| {
        let a = (i as f64 * 1.7).sin() * 10.0;
        let b = (i as f64 * 0.3).cos() * 3.0 + i as f64;
        match j {
            0 => 1.0,
            1 => a,
            2 => b,
            _ => 2.0 * a - b + 5.0,
        }
    });
    let y: Vec<f64> = (0..n).map(|i| i as f64 + (i * i) as f64 * 0.1).collect();
    let names = ["(Intercept)", "a", "b", "combo"]
        .map(String::from)
        .to_vec();
    match err_of(Design::new(y, x, names, true)) {
        FitError::RankDeficient { aliased } => {
            assert_eq!(aliased.len(), 1);
            assert_eq!(aliased[0].0, "combo");
            assert_eq!(aliased[0].1, vec!["(Intercept)", "a", "b"]);
        }
        other => panic!("expected rank deficiency, got {other}"),
    }
}

#[test]
fn constant_duplicate_and_too_few_rows_are_errors() {
    let n = 6;
    let base = |j3: &dyn Fn(usize) -> f64| {
        let x = Array2::from_shape_fn((n, 3), |(i, j)| match j {
            0 => 1.0,
            1 => i as f64 * 1.5 + (i % 2) as f64,
            _ => j3(i),
        });
        let y: Vec<f64> = (0..n).map(|i| (i * i) as f64).collect();
        Design::new(
            y,
            x,
            ["(Intercept)", "a", "c"].map(String::from).to_vec(),
            true,
        )
    };
    assert!(
        matches!(err_of(base(&|_| 4.0)), FitError::ConstantColumn { ref name, .. } if name == "c")
    );
    assert!(matches!(
        err_of(base(&|i| i as f64 * 1.5 + (i % 2) as f64)),
        FitError::DuplicateColumn { ref name, ref other } if name == "c" && other == "a"
    ));
    let x = Array2::from_shape_fn((2, 2), |(i, j)| if j == 0 { 1.0 } else { i as f64 });
    assert!(matches!(
        err_of(Design::new(
            vec![1.0, 2.0],
            x,
            vec!["(Intercept)".into(), "a".into()],
            true
        )),
        FitError::TooFewRows { n: 2, p: 2 }
    ));
    let mut d = base(&|i| (i as f64).sqrt());
    d.weights = Some(vec![1.0, 2.0, 0.0, 1.0, 1.0, 1.0]);
    assert!(matches!(err_of(d), FitError::BadWeight { row: 2, .. }));
    let mut d = base(&|i| (i as f64).sqrt());
    d.x[[3, 2]] = f64::NAN;
    assert!(matches!(err_of(d), FitError::NonFinite { row: 3, .. }));
    // The first bad value is named in column order, non-finite before out of
    // range, whatever comes first in memory (the matrix is row-major).
    let mut d = base(&|i| (i as f64).sqrt());
    d.x[[1, 2]] = 1e80;
    d.x[[4, 1]] = f64::INFINITY;
    d.x[[2, 1]] = 1e-80;
    assert!(matches!(err_of(d), FitError::NonFinite { row: 4, ref column, .. } if column == "a"));
    let mut d = base(&|i| (i as f64).sqrt());
    d.x[[1, 2]] = 1e80;
    d.x[[2, 1]] = 1e-80;
    assert!(matches!(err_of(d), FitError::OutOfRange { row: 2, ref column, .. } if column == "a"));
    let mut d = base(&|i| (i as f64).sqrt());
    d.y[5] = -1e90;
    d.x[[0, 1]] = 1e-90;
    assert!(
        matches!(err_of(d), FitError::OutOfRange { row: 5, ref column, .. } if column == "(outcome)")
    );
}

#[test]
fn coefficients_only_path_agrees_with_the_full_fit() {
    for weighted in [false, true] {
        let d = small_design(weighted);
        let full = fit(&d, &FitOptions::default()).unwrap();
        let beta = modellvarde::fit::fit_coefficients(&d).unwrap();
        for (b, c) in beta.iter().zip(&full.coefficients) {
            assert_eq!(*b, c.estimate);
        }
    }
}
