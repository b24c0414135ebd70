//! Bad input to the GLM engine: each problem is a clear error naming the row
//! (or the columns), never a panic or a silently wrong fit.

use modellvarde::fit::FitError;
use modellvarde::glm::{fit_glm, log_offset, Family, GlmData, GlmError, GlmOptions};
use ndarray::Array2;

fn data(y: Vec<f64>, x1: Vec<f64>) -> GlmData {
    let n = y.len();
    let x = Array2::from_shape_fn((n, 2), |(i, j)| if j == 0 { 1.0 } else { x1[i] });
    GlmData {
        y,
        x,
        names: vec!["(Intercept)".into(), "x1".into()],
        intercept: true,
        weights: None,
        offset: None,
        clusters: None,
    }
}

fn x1() -> Vec<f64> {
    vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
}

#[test]
fn gamma_rejects_a_zero_outcome_naming_the_row() {
    let d = data(vec![3.0, 4.0, 5.0, 0.0, 6.0, 7.0, 9.0, 8.0], x1());
    let e = fit_glm(&d, &GlmOptions::new(Family::Gamma)).unwrap_err();
    assert!(
        matches!(e, GlmError::NonPositiveOutcome { row: 3, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("row 3"), "{e}");
}

#[test]
fn poisson_and_negbin_reject_non_integer_and_negative_counts() {
    let d = data(vec![3.0, 4.0, 5.5, 1.0, 6.0, 7.0, 9.0, 8.0], x1());
    for f in [Family::Poisson, Family::NegBin] {
        let e = fit_glm(&d, &GlmOptions::new(f)).unwrap_err();
        assert!(matches!(e, GlmError::NotACount { row: 2, .. }), "{e:?}");
        assert!(e.to_string().contains("quasipoisson"), "{e}");
    }
    let d = data(vec![3.0, -1.0, 5.0, 1.0, 6.0, 7.0, 9.0, 8.0], x1());
    let e = fit_glm(&d, &GlmOptions::new(Family::Poisson)).unwrap_err();
    assert!(matches!(e, GlmError::NotACount { row: 1, .. }), "{e:?}");
    // Quasi-Poisson takes non-integer rates.
    let d = data(vec![3.0, 4.0, 5.5, 1.0, 6.0, 7.0, 9.0, 8.0], x1());
    assert!(fit_glm(&d, &GlmOptions::new(Family::QuasiPoisson)).is_ok());
}

#[test]
fn non_positive_population_for_the_offset_names_the_row() {
    let e = log_offset(&[100.0, 250.0, -3.0]).unwrap_err();
    assert_eq!(
        e,
        GlmError::NonPositiveOffsetSource {
            row: 2,
            value: -3.0
        }
    );
    let mut d = data(vec![3.0, 4.0, 5.0, 1.0, 6.0, 7.0, 9.0, 8.0], x1());
    d.offset = Some(vec![0.0, 0.0, f64::NAN, 0.0, 0.0, 0.0, 0.0, 0.0]);
    let e = fit_glm(&d, &GlmOptions::new(Family::Poisson)).unwrap_err();
    assert!(
        matches!(e, GlmError::NonFiniteOffset { row: 2, .. }),
        "{e:?}"
    );
}

#[test]
fn aliased_column_is_named() {
    let mut d = data(vec![3.0, 4.0, 5.0, 1.0, 6.0, 7.0, 9.0, 8.0], x1());
    let n = d.y.len();
    d.x = Array2::from_shape_fn((n, 3), |(i, j)| match j {
        0 => 1.0,
        1 => (i + 1) as f64,
        _ => 2.0 * (i + 1) as f64 + 1.0,
    });
    d.names.push("x2".into());
    let e = fit_glm(&d, &GlmOptions::new(Family::QuasiPoisson)).unwrap_err();
    match &e {
        GlmError::Design(FitError::RankDeficient { aliased }) => {
            assert_eq!(aliased[0].0, "x2", "{e}")
        }
        other => panic!("expected rank deficiency, got {other:?}"),
    }
}

#[test]
fn separation_is_an_error_naming_rows_and_iteration() {
    // x1 > 4 has only zero counts: the Poisson MLE of the slope is −∞.
    let d = data(
        vec![3.0, 5.0, 4.0, 6.0, 0.0, 0.0, 0.0, 0.0],
        vec![0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0],
    );
    let e = fit_glm(&d, &GlmOptions::new(Family::Poisson)).unwrap_err();
    match &e {
        GlmError::Separation { rows, iterations } => {
            assert_eq!(rows, &vec![4, 5, 6, 7]);
            assert!(*iterations > 0);
            assert!(e.to_string().contains("separation"), "{e}");
        }
        other => panic!("expected separation, got {other:?}"),
    }
}

#[test]
fn iteration_limit_is_an_error_naming_the_iteration() {
    let d = data(vec![3.0, 4.0, 5.0, 1.0, 6.0, 7.0, 9.0, 8.0], x1());
    let opts = GlmOptions {
        max_iter: 2,
        ..GlmOptions::new(Family::Gamma)
    };
    let e = fit_glm(&d, &opts).unwrap_err();
    assert!(
        matches!(e, GlmError::NotConverged { iterations: 2, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("after 2 iterations"), "{e}");
}

#[test]
fn poisson_counts_without_overdispersion_refuse_negbin() {
    // Counts less dispersed than Poisson have no overdispersion: θ̂ → ∞.
    // (Counts all equal are refused earlier, as a constant outcome.)
    let d = data(vec![5.0, 5.0, 6.0, 5.0, 5.0, 5.0, 6.0, 5.0], x1());
    let e = fit_glm(&d, &GlmOptions::new(Family::NegBin)).unwrap_err();
    assert!(matches!(e, GlmError::NoOverdispersion { .. }), "{e:?}");
}

#[test]
fn gaussian_identity_glm_equals_the_linear_fit() {
    use modellvarde::fit::{fit, Design, FitOptions};
    let d = data(vec![3.0, 4.5, 5.0, 1.0, 6.0, 7.5, 9.0, 8.0], x1());
    let g = fit_glm(&d, &GlmOptions::new(Family::Gaussian)).unwrap();
    let l = fit(
        &Design::new(d.y.clone(), d.x.clone(), d.names.clone(), true),
        &FitOptions::default(),
    )
    .unwrap();
    for (a, b) in g.coefficients.iter().zip(&l.coefficients) {
        assert!((a.estimate - b.estimate).abs() <= 1e-13 * b.estimate.abs().max(1.0));
        assert!((a.std_error - b.std_error).abs() <= 1e-12 * b.std_error);
    }
    // The leave-one-out interval is the linear model's.
    for (a, b) in g.obs.iter().zip(&l.obs) {
        assert!((a.loo_mu.unwrap() - b.loo_fitted.unwrap()).abs() < 1e-10);
        assert!((a.pi_low.unwrap() - b.loo_pi_low.unwrap()).abs() < 1e-9);
        assert!((a.pi_high.unwrap() - b.loo_pi_high.unwrap()).abs() < 1e-9);
    }
}
