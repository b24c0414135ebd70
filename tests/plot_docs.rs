//! Renders every chart of the synthetic sample result to `docs/plots/` (or to
//! `$PLOT_OUT` when set). Run on demand:
//! `cargo test --test plot_docs -- --ignored`.

use modellvarde::lang::Lang;
use modellvarde::plot::sample::{sample_result, sample_result_for, sample_years};
use modellvarde::plot::{
    default_trend_areas, Chart, CoefScale, DeviationMeasure, PlotOptions, RankingOptions,
};

#[test]
#[ignore = "writes example images; run on demand"]
fn render_examples() {
    let out = std::env::var("PLOT_OUT")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/docs/plots").to_string());
    std::fs::create_dir_all(&out).unwrap();
    let r = sample_result();
    let years = sample_years(2016, 8);
    let ids = default_trend_areas(&years);
    for lang in [Lang::Sv, Lang::En] {
        let o = PlotOptions {
            lang,
            ..PlotOptions::default()
        };
        let charts = [
            Chart::ModelledVsActual(&r),
            Chart::DeviationRanking(&r, RankingOptions::default()),
            Chart::Coefficients(&r, CoefScale::Standardized),
            Chart::Coefficients(&r, CoefScale::Raw),
            Chart::DeviationOverYears(&years, &ids),
            Chart::ResidualsVsModelled(&r),
            Chart::QqStudentized(&r),
            Chart::LeverageVsStudentized(&r),
        ];
        for c in &charts {
            let stem = format!("{}-{}", c.file_stem(), lang.code());
            std::fs::write(format!("{out}/{stem}.png"), c.png(&o).unwrap()).unwrap();
            std::fs::write(format!("{out}/{stem}.svg"), c.svg(&o).unwrap()).unwrap();
        }
        let limited = Chart::DeviationRanking(
            &r,
            RankingOptions {
                measure: DeviationMeasure::Absolute,
                limit: Some(10),
            },
        );
        // National scale: 290 areas.
        let big = sample_result_for(2022, 290);
        std::fs::write(
            format!("{out}/modelled-vs-actual-290-{}.png", lang.code()),
            Chart::ModelledVsActual(&big).png(&o).unwrap(),
        )
        .unwrap();
        std::fs::write(
            format!("{out}/deviation-ranking-290-{}.png", lang.code()),
            Chart::DeviationRanking(&big, RankingOptions::default())
                .png(&o)
                .unwrap(),
        )
        .unwrap();
        std::fs::write(
            format!("{out}/deviation-ranking-top10-{}.png", lang.code()),
            limited.png(&o).unwrap(),
        )
        .unwrap();
    }
}
