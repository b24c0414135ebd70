//! Agreement of the GLM engine with R on the committed fixtures of
//! `tests/fixtures/glm/make_fixtures.R` (R 4.2.2, MASS 7.3-58.2, sandwich
//! 3.0.2; versions are recorded inside each fixture).
//!
//! Tolerance: relative 1e-8 per value (`REL`). R writes 15 significant digits
//! and both fits are converged to ~1e-12 in the coefficients, so the
//! remaining differences are rounding of the two implementations amplified by
//! the conditioning of the weighted design (condition numbers up to ~1e3 here):
//! well below 1e-8. A value that is itself a difference of much larger terms
//! (a covariance that is exactly zero in theory, a residual at the data) has
//! no meaningful relative error (R's own value is rounding noise there), so
//! each value is compared against max(|R value|, 1e-4·largest |value| of the
//! same statistic): values four orders below their statistic's scale are held
//! to an absolute 1e-12 of that scale instead.

use modellvarde::fit::{fit, Design, FitOptions, ObsDiagnostics};
use modellvarde::glm::{fit_glm, Family, GlmData, GlmFit, GlmObs, GlmOptions, Link, LooMethod};
use ndarray::Array2;
use serde_json::Value;

const REL: f64 = 1e-8;

fn vecf(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|x| x.as_f64().unwrap_or(f64::NAN))
        .collect()
}

fn matf(v: &Value) -> Vec<Vec<f64>> {
    v.as_array().unwrap().iter().map(vecf).collect()
}

struct Case {
    data: GlmData,
    family: Family,
    r: Value,
}

fn load(name: &str) -> Case {
    let path = format!(
        "{}/tests/fixtures/glm/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let y = vecf(&v["y"]);
    let rows = matf(&v["x"]);
    let (n, p) = (rows.len(), rows[0].len());
    let x = Array2::from_shape_fn((n, p), |(i, j)| rows[i][j]);
    let names: Vec<String> = v["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    let family = match v["family"].as_str().unwrap() {
        "gaussian" => Family::Gaussian,
        "poisson" => Family::Poisson,
        "quasipoisson" => Family::QuasiPoisson,
        "gamma" => Family::Gamma,
        "negbin" => Family::NegBin,
        f => panic!("family {f}"),
    };
    let opt = |k: &str| (!v[k].is_null()).then(|| vecf(&v[k]));
    let clusters = (!v["clusters"].is_null()).then(|| {
        v["clusters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect()
    });
    Case {
        data: GlmData {
            y,
            x,
            names,
            intercept: true,
            weights: opt("weights"),
            offset: opt("offset"),
            clusters,
        },
        family,
        r: v["r"].clone(),
    }
}

/// Compare `ours` with R's values (relative, with the statistic-scale floor).
fn close(case: &str, what: &str, ours: &[f64], r: &[f64]) -> f64 {
    assert_eq!(ours.len(), r.len(), "{case} {what}: length");
    let scale = r.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let mut worst = 0.0f64;
    for (i, (a, b)) in ours.iter().zip(r).enumerate() {
        let denom = b.abs().max(1e-4 * scale).max(f64::MIN_POSITIVE);
        let rel = (a - b).abs() / denom;
        assert!(
            rel <= REL,
            "{case} {what}[{i}]: ours {a:.15e}, R {b:.15e} (relative {rel:.2e})"
        );
        worst = worst.max(rel);
    }
    worst
}

fn flat(m: &Array2<f64>) -> Vec<f64> {
    m.iter().copied().collect()
}

/// Fit the case and compare every statistic; returns the worst relative error.
fn check(name: &str) -> (GlmFit, f64) {
    let c = load(name);
    let r = &c.r;
    let opts = GlmOptions::new(c.family);
    let f = fit_glm(&c.data, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
    let link = if c.family == Family::Gaussian {
        Link::Identity
    } else {
        Link::Log
    };
    assert_eq!(f.link, link);
    let n = f.n;
    let mut worst = 0.0f64;
    let mut cmp = |what: &str, ours: Vec<f64>| {
        worst = worst.max(close(name, what, &ours, &vecf(&r[what])));
    };
    let co = &f.coefficients;
    cmp("coef", co.iter().map(|c| c.estimate).collect());
    cmp("se", co.iter().map(|c| c.std_error).collect());
    cmp("statistic", co.iter().map(|c| c.statistic).collect());
    cmp("p", co.iter().map(|c| c.p).collect());
    cmp("ci_low", co.iter().map(|c| c.ci_low).collect());
    cmp("ci_high", co.iter().map(|c| c.ci_high).collect());
    let scalar = |k: &str| vec![r[k].as_f64().unwrap()];
    worst = worst.max(close(
        name,
        "dispersion",
        &[f.dispersion],
        &scalar("dispersion"),
    ));
    worst = worst.max(close(name, "deviance", &[f.deviance], &scalar("deviance")));
    worst = worst.max(close(
        name,
        "null_deviance",
        &[f.null_deviance],
        &scalar("null_deviance"),
    ));
    worst = worst.max(close(
        name,
        "pearson_chi2",
        &[f.pearson_chi2],
        &scalar("pearson_chi2"),
    ));
    assert_eq!(
        f.df_resid as f64,
        r["df_resid"].as_f64().unwrap(),
        "{name} df"
    );
    // The fixtures put the intercept inside X (`y ~ X - 1`), so R's df.null
    // counts n; with a real intercept R reports n − 1, as here.
    assert_eq!(f.df_null, n - 1);
    if r["loglik"].is_null() {
        assert!(f.loglik.is_none() && f.aic.is_none() && f.bic.is_none());
    } else {
        for (k, v) in [("loglik", f.loglik), ("aic", f.aic), ("bic", f.bic)] {
            worst = worst.max(close(name, k, &[v.unwrap()], &scalar(k)));
        }
        assert_eq!(f.loglik_df as f64, r["loglik_df"].as_f64().unwrap());
    }
    if c.family == Family::NegBin {
        worst = worst.max(close(name, "theta", &[f.theta.unwrap()], &scalar("theta")));
        worst = worst.max(close(
            name,
            "theta_se",
            &[f.theta_se.unwrap()],
            &scalar("theta_se"),
        ));
    }
    let m = |k: &str| -> Vec<f64> { matf(&r[k]).concat() };
    worst = worst.max(close(name, "cov", &flat(&f.cov), &m("cov")));
    for (k, hc) in ["hc0", "hc1", "hc2", "hc3"].iter().zip(&f.cov_hc) {
        worst = worst.max(close(name, k, &flat(hc), &m(k)));
    }
    if !r["cl"].is_null() {
        let cl = f.cov_cluster.as_ref().expect("cluster covariance");
        worst = worst.max(close(name, "cl", &flat(cl), &m("cl")));
    }
    let o = &f.obs;
    let mut obs = |what: &str, g: &dyn Fn(&modellvarde::glm::GlmObs) -> f64| {
        worst = worst.max(close(
            name,
            what,
            &o.iter().map(g).collect::<Vec<_>>(),
            &vecf(&r[what]),
        ));
    };
    obs("mu", &|o| o.mu);
    obs("eta", &|o| o.eta);
    obs("se_eta", &|o| o.se_eta);
    obs("resid_response", &|o| o.resid_response);
    obs("resid_pearson", &|o| o.resid_pearson);
    obs("resid_deviance", &|o| o.resid_deviance);
    obs("resid_working", &|o| o.resid_working);
    obs("weight_working", &|o| o.weight_working);
    obs("hat", &|o| o.hat);
    obs("rstandard", &|o| o.rstandard.unwrap());
    obs("rstudent", &|o| o.rstudent.unwrap());
    obs("cooks", &|o| o.cooks_d.unwrap());
    obs("sigma", &|o| o.sigma_loo);
    obs("p_outlier", &|o| o.p_outlier.unwrap());
    obs("p_bonferroni", &|o| o.p_bonferroni.unwrap());
    obs("q_bh", &|o| o.q_bh.unwrap());
    assert_eq!(f.loo_method, LooMethod::ExactRefit);
    obs("loo_eta", &|o| o.loo_eta.unwrap());
    obs("loo_se_eta", &|o| o.loo_se_eta.unwrap());
    obs("loo_dispersion", &|o| o.loo_dispersion.unwrap());
    // The confidence interval of the modelled value: g⁻¹(η̂ ∓ q·se(η̂)), q
    // as the coefficient intervals (t on n − p when the dispersion is
    // estimated, the normal otherwise).
    for (what, get) in [
        ("mean_ci_low", (|o: &GlmObs| o.ci_low) as fn(&GlmObs) -> f64),
        ("mean_ci_high", |o: &GlmObs| o.ci_high),
    ] {
        let w = close(
            name,
            what,
            &o.iter().map(get).collect::<Vec<_>>(),
            &vecf(&r[what]),
        );
        eprintln!("{name} {what}: worst relative difference from R {w:.2e}");
        worst = worst.max(w);
    }
    if c.family == Family::Gaussian {
        // The linear model's own interval against R's
        // predict.lm(interval = "confidence") of the weighted lm: the
        // least-squares engine (model::fit), which the shipped linear
        // specs use.
        let d = Design {
            y: c.data.y.clone(),
            x: c.data.x.clone(),
            names: c.data.names.clone(),
            intercept: true,
            weights: c.data.weights.clone(),
            clusters: None,
            x_lo: None,
            offset: None,
        };
        let lin = fit(&d, &FitOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (what, get) in [
            (
                "lm_ci_low",
                (|o: &ObsDiagnostics| o.ci_low) as fn(&ObsDiagnostics) -> f64,
            ),
            ("lm_ci_high", |o: &ObsDiagnostics| o.ci_high),
        ] {
            let ours: Vec<f64> = lin.obs.iter().map(get).collect();
            let w = close(name, what, &ours, &vecf(&r[what]));
            eprintln!("{name} {what}: worst relative difference from R {w:.2e}");
            worst = worst.max(w);
        }
    }
    let ours_dfb: Vec<f64> = o.iter().flat_map(|o| o.dfbetas.clone()).collect();
    worst = worst.max(close(name, "dfbetas", &ours_dfb, &m("dfbetas")));
    (f, worst)
}

macro_rules! agree {
    ($($test:ident => $name:literal,)*) => {$(
        #[test]
        fn $test() {
            let (_, worst) = check($name);
            eprintln!("{}: worst relative difference from R {worst:.2e}", $name);
        }
    )*};
}

agree! {
    kolada_gaussian_weighted => "kolada_gaussian_w",
    kolada_quasipoisson_weighted => "kolada_quasipoisson_w",
    kolada_gamma_weighted => "kolada_gamma_w",
    kolada_gamma_unweighted => "kolada_gamma",
    kolada_recipients_poisson_offset => "kolada_recipients_poisson_offset",
    kolada_recipients_quasipoisson_offset => "kolada_recipients_quasipoisson_offset",
    kolada_recipients_negbin_offset => "kolada_recipients_negbin_offset",
    quine_negbin => "quine_negbin",
    quine_poisson => "quine_poisson",
    warpbreaks_poisson => "warpbreaks_poisson",
    warpbreaks_quasipoisson => "warpbreaks_quasipoisson",
    insectsprays_poisson_weighted => "insectsprays_poisson_w",
    clotting_gamma => "clotting_gamma",
    clotting_gaussian => "clotting_gaussian",
    clotting_gamma_weighted => "clotting_gamma_w",
    synthetic_negbin_offset_weighted => "synthetic_negbin_offset_w",
    synthetic_quasipoisson_offset => "synthetic_quasipoisson_offset",
    synthetic_gamma_weighted => "synthetic_gamma_w",
}

/// The one-step leave-one-out approximation agrees with the exact refits to
/// the order of the next Newton step. On the weighted Kolada Gamma fit its
/// error, as a share of the leave-one-out change of η itself, has median
/// 4.5 % and is 25 % at worst (measured; the worst is an influential
/// municipality whose η moves by 0.43 when it is left out); the test allows a
/// median of 8 % and a maximum of 35 %.
#[test]
fn one_step_loo_is_close_to_exact_refits() {
    let c = load("kolada_gamma_w");
    let mut opts = GlmOptions::new(c.family);
    let exact = fit_glm(&c.data, &opts).unwrap();
    opts.exact_loo_max_n = 0;
    let approx = fit_glm(&c.data, &opts).unwrap();
    assert_eq!(approx.loo_method, LooMethod::OneStep);
    let mut share: Vec<f64> = exact
        .obs
        .iter()
        .zip(&approx.obs)
        .map(|(e, a)| {
            let change = (e.loo_eta.unwrap() - e.eta).abs();
            (a.loo_eta.unwrap() - e.loo_eta.unwrap()).abs() / change.max(1e-12)
        })
        .collect();
    share.sort_by(f64::total_cmp);
    let (median, max) = (share[share.len() / 2], share[share.len() - 1]);
    eprintln!("one-step error / leave-one-out change: median {median:.4}, max {max:.4}");
    assert!(median <= 0.08 && max <= 0.35, "median {median}, max {max}");
}
