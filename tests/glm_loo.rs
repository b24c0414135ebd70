//! The leave-one-out refits of the GLM engine take cheap IRLS steps (plain
//! QR from the one-step value, no double-double refinement); this checks
//! them against refits by the fully refined IRLS on the Kolada fixtures of
//! `tests/fixtures/glm/make_fixtures.R` (the municipalities of the three metropolitan counties, n ≈ 107).
//!
//! Tolerance: relative 1e-9 on the leave-one-out modelled value, its
//! standard error and the interval ends. Both refits converge to the same
//! rule (coefficient change ≤ 1e-12); the cheap QR's rounding is of order
//! cond(√W·X)·ε ≈ 1e-13 here, so 1e-9 leaves a wide margin while still
//! failing on any refit that stopped early or used other weights.

use modellvarde::glm::{fit_glm, Family, GlmData, GlmOptions};
use ndarray::Array2;
use serde_json::Value;

fn vecf(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap_or(f64::NAN))
        .collect()
}

fn load(name: &str) -> (GlmData, Family) {
    let path = format!(
        "{}/tests/fixtures/glm/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let rows: Vec<Vec<f64>> = v["x"].as_array().unwrap().iter().map(vecf).collect();
    let (n, p) = (rows.len(), rows[0].len());
    let family = match v["family"].as_str().unwrap() {
        "quasipoisson" => Family::QuasiPoisson,
        "gamma" => Family::Gamma,
        "negbin" => Family::NegBin,
        "poisson" => Family::Poisson,
        f => panic!("family {f}"),
    };
    let opt = |k: &str| (!v[k].is_null()).then(|| vecf(&v[k]));
    (
        GlmData {
            y: vecf(&v["y"]),
            x: Array2::from_shape_fn((n, p), |(i, j)| rows[i][j]),
            names: v["names"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect(),
            intercept: true,
            weights: opt("weights"),
            offset: opt("offset"),
            clusters: None,
        },
        family,
    )
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(f64::MIN_POSITIVE)
}

#[test]
fn cheap_leave_one_out_refits_match_refined_refits_on_the_kolada_data() {
    for name in [
        "kolada_gamma_w",
        "kolada_quasipoisson_w",
        "kolada_recipients_poisson_offset",
    ] {
        let (data, family) = load(name);
        let cheap = fit_glm(&data, &GlmOptions::new(family)).unwrap();
        let refined = fit_glm(
            &data,
            &GlmOptions {
                refined_loo: true,
                ..GlmOptions::new(family)
            },
        )
        .unwrap();
        assert!(cheap.n > 100, "{name}: the Kolada sample");
        let mut worst = 0.0f64;
        for (a, b) in cheap.obs.iter().zip(&refined.obs) {
            for (x, y) in [
                (a.loo_mu, b.loo_mu),
                (a.loo_se_eta, b.loo_se_eta),
                (a.pi_low, b.pi_low),
                (a.pi_high, b.pi_high),
            ] {
                let (x, y) = (x.expect("a value"), y.expect("a value"));
                worst = worst.max(rel(x, y));
            }
        }
        assert!(
            worst <= 1e-9,
            "{name}: worst relative difference {worst:.2e}"
        );
    }
}
