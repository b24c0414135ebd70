//! `fit` above the model comparison's row cap: the comparison runs on the
//! evenly spaced sample and says so (`rows_used`), the families it compares
//! are the ones the whole data allows, and below the cap nothing changes.

use crate::util::{run_in, workdir};

/// `n` rows of y = 100 + 5·x + a deterministic wobble (x in 1 … 50), with
/// the outcome 0 in the 0-based data rows `zeros`.
fn write_csv(dir: &std::path::Path, n: usize, zeros: &[usize]) -> std::path::PathBuf {
    let mut s = String::from("id,y,x\n");
    for i in 0..n {
        let x = (i % 50) as f64 + 1.0;
        let wobble = ((i * 7919) % 101) as f64 / 10.0 - 5.0;
        let y = if zeros.contains(&i) {
            0.0
        } else {
            100.0 + 5.0 * x + wobble
        };
        s.push_str(&format!("a{i},{y},{x}\n"));
    }
    let p = dir.join("areas.csv");
    std::fs::write(&p, s).unwrap();
    p
}

fn comparison(dir: &std::path::Path, data: &std::path::Path) -> serde_json::Value {
    let out = dir.join("results.json");
    let o = run_in(
        dir,
        &[
            "fit",
            "--data",
            data.to_str().unwrap(),
            "--outcome",
            "y",
            "--covariates",
            "x",
            "--id",
            "id",
            "--compare-families",
            "--json",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    v["model_comparison"].clone()
}

fn families(mc: &serde_json::Value) -> Vec<String> {
    mc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["family"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn above_the_cap_the_comparison_uses_a_sample_but_the_whole_datas_families() {
    let dir = workdir();
    // 12 000 rows: the sample is rows ⌊1.2·i⌋, which skips data row 5, the
    // one zero outcome. The whole data rules out the Gamma family (y > 0
    // needed); quasi-Poisson takes a zero.
    let data = write_csv(dir.path(), 12_000, &[5]);
    let mc = comparison(dir.path(), &data);
    assert_eq!(mc["rows_used"], 10_000, "{mc}");
    assert_eq!(families(&mc), ["gaussian", "quasipoisson"], "{mc}");
}

#[test]
fn below_the_cap_every_row_is_used_and_no_sample_is_recorded() {
    let dir = workdir();
    let data = write_csv(dir.path(), 2_000, &[]);
    let mc = comparison(dir.path(), &data);
    assert!(mc.get("rows_used").is_none(), "{mc}");
    assert_eq!(families(&mc), ["gaussian", "quasipoisson", "gamma"], "{mc}");
}

#[test]
fn fit_leaves_the_comparison_out_unless_asked() {
    // The comparison is ten fits of each family: `fit` adds it only with
    // --compare-families (a report always has it).
    let dir = workdir();
    let data = write_csv(dir.path(), 200, &[]);
    let out = dir.path().join("plain.json");
    let o = run_in(
        dir.path(),
        &[
            "fit",
            "--data",
            data.to_str().unwrap(),
            "--outcome",
            "y",
            "--covariates",
            "x",
            "--id",
            "id",
            "--json",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    assert!(v.get("model_comparison").is_none_or(|m| m.is_null()), "{v}");
    assert!(!comparison(dir.path(), &data)["rows"]
        .as_array()
        .unwrap()
        .is_empty());
}
