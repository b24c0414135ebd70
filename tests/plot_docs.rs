//! Renders the example charts of the synthetic sample result shown in
//! `docs/plots/` (PNG). With `PLOT_OUT=DIR` every chart is written there in both
//! languages, as PNG and SVG, for a full visual check. Run on demand:
//! `cargo test --test tests plot_docs:: -- --ignored`.

use modellvarde::lang::Lang;
use modellvarde::plot::sample::{sample_result, sample_result_for, sample_years};
use modellvarde::plot::{
    default_trend_areas, Chart, CoefScale, DeviationMeasure, PlotOptions, RankingOptions,
};

/// Charts committed under docs/plots (file stem, language).
const DOCS: [(&str, Lang); 8] = [
    ("modelled-vs-actual", Lang::Sv),
    ("modelled-vs-actual", Lang::En),
    ("deviation-ranking-top10", Lang::Sv),
    ("coefficients-standardized", Lang::Sv),
    ("deviation-over-years", Lang::Sv),
    ("residuals-vs-modelled", Lang::Sv),
    ("qq-studentized", Lang::Sv),
    ("leverage-vs-studentized", Lang::Sv),
];

#[test]
#[ignore = "writes example images; run on demand"]
fn render_examples() {
    let full = std::env::var("PLOT_OUT").ok();
    let out = full
        .clone()
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/docs/plots").to_string());
    std::fs::create_dir_all(&out).unwrap();
    let r = sample_result();
    let big = sample_result_for(2022, 290);
    let years = sample_years(2016, 8);
    let ids = default_trend_areas(&years);
    let top10 = RankingOptions {
        measure: DeviationMeasure::Percent,
        limit: Some(10),
    };
    for lang in [Lang::Sv, Lang::En] {
        let o = PlotOptions {
            lang,
            ..PlotOptions::default()
        };
        let charts: Vec<(String, Chart)> = vec![
            ("modelled-vs-actual".into(), Chart::ModelledVsActual(&r)),
            (
                "deviation-ranking".into(),
                Chart::DeviationRanking(&r, RankingOptions::default()),
            ),
            (
                "deviation-ranking-top10".into(),
                Chart::DeviationRanking(&r, top10),
            ),
            (
                "coefficients-standardized".into(),
                Chart::Coefficients(&r, CoefScale::Standardized),
            ),
            (
                "coefficients-raw".into(),
                Chart::Coefficients(&r, CoefScale::Raw),
            ),
            (
                "deviation-over-years".into(),
                Chart::DeviationOverYears(&years, &ids),
            ),
            (
                "residuals-vs-modelled".into(),
                Chart::ResidualsVsModelled(&r),
            ),
            ("qq-studentized".into(), Chart::QqStudentized(&r)),
            (
                "leverage-vs-studentized".into(),
                Chart::LeverageVsStudentized(&r),
            ),
            (
                "modelled-vs-actual-290".into(),
                Chart::ModelledVsActual(&big),
            ),
            (
                "deviation-ranking-290".into(),
                Chart::DeviationRanking(&big, RankingOptions::default()),
            ),
        ];
        for (stem, c) in &charts {
            let wanted = full.is_some() || DOCS.contains(&(stem.as_str(), lang));
            if !wanted {
                continue;
            }
            let name = format!("{out}/{stem}-{}", lang.code());
            std::fs::write(format!("{name}.png"), c.png(&o).unwrap()).unwrap();
            if full.is_some() {
                std::fs::write(format!("{name}.svg"), c.svg(&o).unwrap()).unwrap();
            }
        }
    }
}
