//! The message catalogue: every piece of report and chart text, one file per
//! language (`sv.rs`, `en.rs`). Code asks `lang.msg().field`; the compiler
//! checks that each language gives every message.
//!
//! Adding a language: a variant in `contract::lang::Lang`, a file here that
//! fills [`Messages`] (start from `en.rs`), one arm in [`Catalogue::msg`], and
//! its number rules in `report::format`.

use crate::lang::Lang;

mod en;
pub mod reasons;
mod sv;

/// Every fixed text the reports and charts show, grouped by the file that
/// shows it. Doc comments give the English text.
#[derive(Debug)]
pub struct Messages {
    // plot/coefficients.rs
    /// Standardised coefficient
    pub standardised_coefficient: &'static str,
    /// Coefficient
    pub coefficient: &'static str,
    // plot/crossview.rs
    /// reference
    pub reference: &'static str,
    /// modelled
    pub modelled: &'static str,
    /// change in actual
    pub change_in_actual: &'static str,
    /// actual
    pub actual: &'static str,
    // plot/diagnostics.rs
    /// Area
    pub area: &'static str,
    /// Flagged area
    pub flagged_area: &'static str,
    /// Residuals against modelled
    pub residuals_against_modelled: &'static str,
    /// Residual = actual − modelled. Without pattern the points scatter evenly around zero; a funnel suggests unequal spread (heteroskedasticity), a curve a misspecified model.
    pub residual_actual_modelled_without_pattern: &'static str,
    /// Modelled
    pub modelled_2: &'static str,
    /// Residual
    pub residual: &'static str,
    /// Normal QQ plot of studentized residuals
    pub normal_qq_plot_of_studentized_residuals: &'static str,
    /// Externally studentized residuals (R rstudent) against normal quantiles (R ppoints). Close to the line y = x: residuals roughly normal; points far off the line at the ends are possible outliers.
    pub externally_studentized_residuals_r_rstud: &'static str,
    /// Theoretical quantile, N(0, 1)
    pub theoretical_quantile_n_0_1: &'static str,
    /// Externally studentized residual
    pub externally_studentized_residual: &'static str,
    /// Cook's distance D = 0.5 and 1
    pub cook_s_distance_d_0_5: &'static str,
    /// Leverage and residual
    pub leverage_and_residual: &'static str,
    /// Leverage h: how unusual the area's mix of covariates is. Curves: Cook's distance D = r²·h / (p·(1 − h)) (Cook 1977, as R plot.lm); areas beyond them move the estimates a lot.
    pub leverage_h_how_unusual_the_area: &'static str,
    /// Leverage (h)
    pub leverage_h: &'static str,
    /// Internally studentized residual
    pub internally_studentized_residual: &'static str,
    // plot/headline.rs
    /// Actual = modelled
    pub actual_modelled: &'static str,
    /// prediction interval
    pub prediction_interval: &'static str,
    /// Outside the interval or outlier
    pub outside_the_interval_or_outlier: &'static str,
    /// Each point is an area. Above the line: actual higher than modelled; below: lower. Vertical strokes: the area's prediction interval.
    pub each_point_is_an_area_above: &'static str,
    /// Actual and modelled
    pub actual_and_modelled: &'static str,
    /// Actual
    pub actual_2: &'static str,
    // plot/map.rs
    /// Stockholm area
    pub stockholm_area: &'static str,
    /// Göteborg area
    pub g_teborg_area: &'static str,
    /// Malmö area
    pub malm_area: &'static str,
    /// to
    pub to: &'static str,
    /// below
    pub below: &'static str,
    /// or more
    pub or_more: &'static str,
    /// Deviation from the modelled value
    pub deviation_from_the_modelled_value: &'static str,
    /// Deviation from the modelled value, % (actual compared with modelled)
    pub deviation_from_the_modelled_value_actual: &'static str,
    /// Deviation
    pub deviation: &'static str,
    /// Thick outline: outside the prediction interval. Named: flagged areas.
    pub thick_outline_outside_the_prediction_int: &'static str,
    /// Not in the sample
    pub not_in_the_sample: &'static str,
    /// No data
    pub no_data: &'static str,
    /// Value
    pub value: &'static str,
    /// Outside the prediction interval
    pub outside_the_prediction_interval: &'static str,
    /// flagged names did not fit on the map (see the table).
    pub flagged_names_did_not_fit_on: &'static str,
    /// areas have no boundary in the map file
    pub areas_have_no_boundary_in_the: &'static str,
    /// Municipal boundaries: okfse/sweden-geojson (after the Election Authority), simplified. SWEREF 99 TM projection.
    pub municipal_boundaries_okfse_sweden_geojso: &'static str,
    /// Boundaries
    pub boundaries: &'static str,
    /// SWEREF 99 TM projection.
    pub sweref_99_tm_projection: &'static str,
    // plot/mod.rs
    /// %
    pub empty: &'static str,
    /// weighted (WLS)
    pub weighted_wls: &'static str,
    /// Other
    pub other: &'static str,
    // plot/ranking.rs
    /// Deviation from modelled (%)
    pub deviation_from_modelled: &'static str,
    /// Deviation from modelled
    pub deviation_from_modelled_2: &'static str,
    /// Above modelled, flagged
    pub above_modelled_flagged: &'static str,
    /// Below modelled, flagged
    pub below_modelled_flagged: &'static str,
    /// Not flagged
    pub not_flagged: &'static str,
    // plot/trend.rs
    /// Flagged that year
    pub flagged_that_year: &'static str,
    /// one fit per year
    pub one_fit_per_year: &'static str,
    /// Deviation from modelled over the years
    pub deviation_from_modelled_over_the_years: &'static str,
    /// Deviation = (actual − modelled) / modelled, with the model fitted separately for each year. Ring: the area was flagged that year. Gap: the area is missing that year.
    pub deviation_actual_modelled_modelled_with: &'static str,
    /// Year
    pub year: &'static str,
    // report/files.rs
    /// Modelled and actual
    pub modelled_and_actual: &'static str,
    /// Each point is an area. On the line, actual equals modelled; the bars show the prediction interval. Named areas lie outside their leave-one-out interval, or are outliers.
    pub each_point_is_an_area_on: &'static str,
    /// Deviation by area
    pub deviation_by_area: &'static str,
    /// Actual minus modelled in percent of modelled, sorted; the bars show what the leave-one-out interval allows.
    pub actual_minus_modelled_in_percent_of: &'static str,
    /// Coefficients (standardised)
    pub coefficients_standardised: &'static str,
    /// β·sd(x)/sd(y) with confidence intervals: how many standard deviations the outcome moves when the covariate moves one.
    pub sd_x_sd_y_with_confidence: &'static str,
    /// Deviation over the years
    pub deviation_over_the_years: &'static str,
    /// Deviation in percent of modelled, one fit per year.
    pub deviation_in_percent_of_modelled_one: &'static str,
    /// Residual against modelled
    pub residual_against_modelled: &'static str,
    /// Patterns (funnel, curve) suggest heteroskedasticity or missing terms.
    pub patterns_funnel_curve_suggest_heterosked: &'static str,
    /// Normal QQ plot
    pub normal_qq_plot: &'static str,
    /// Externally studentized residuals against normal quantiles.
    pub externally_studentized_residuals_against: &'static str,
    /// Leverage against studentized residual with Cook's distance contours.
    pub leverage_against_studentized_residual_wi: &'static str,
    // report/format.rs
    /// 0.001
    pub n0_001: &'static str,
    // report/html.rs
    /// above
    pub above: &'static str,
    /// outlier
    pub outlier: &'static str,
    /// Modelled value compared with actual
    pub modelled_value_compared_with_actual: &'static str,
    /// Model
    pub model: &'static str,
    /// Outcome
    pub outcome: &'static str,
    /// Summary
    pub summary: &'static str,
    /// Ranking
    pub ranking: &'static str,
    /// Figures
    pub figures: &'static str,
    /// Over the years
    pub over_the_years: &'static str,
    /// Similar areas
    pub similar_areas: &'static str,
    /// Reference model
    pub reference_model: &'static str,
    /// The model
    pub the_model: &'static str,
    /// Method
    pub method: &'static str,
    /// Excluded
    pub excluded: &'static str,
    /// The big cities
    pub the_big_cities: &'static str,
    /// Most above the modelled value
    pub most_above_the_modelled_value: &'static str,
    /// Most below the modelled value
    pub most_below_the_modelled_value: &'static str,
    /// None.
    pub none: &'static str,
    /// Click a column header to sort; click again to reverse.
    pub click_a_column_header_to_sort: &'static str,
    /// Group
    pub group: &'static str,
    /// Modelled
    pub modelled_3: &'static str,
    /// Leave-one-out modelled
    pub leave_one_out_modelled: &'static str,
    /// Total
    pub total: &'static str,
    /// Interval
    pub interval: &'static str,
    /// Flags
    pub flags: &'static str,
    /// Flags:
    pub flags_2: &'static str,
    /// the rules are given under Method.
    pub the_rules_are_given_under_method: &'static str,
    /// wild bootstrap
    pub wild_bootstrap: &'static str,
    /// pairs bootstrap
    pub pairs_bootstrap: &'static str,
    /// deviation in percent
    pub deviation_in_percent: &'static str,
    /// deviation in amount
    pub deviation_in_amount: &'static str,
    /// Figure
    pub figure: &'static str,
    /// The chart could not be drawn; the reason is below. The numbers are in the tables.
    pub the_chart_could_not_be_drawn: &'static str,
    /// The figure is not shown: it contains script or external references.
    pub the_figure_is_not_shown_it: &'static str,
    /// Fit
    pub fit: &'static str,
    /// Deviation measures
    pub deviation_measures: &'static str,
    /// Coefficients
    pub coefficients: &'static str,
    /// confidence interval
    pub confidence_interval: &'static str,
    /// Variable
    pub variable: &'static str,
    /// Estimate
    pub estimate: &'static str,
    /// Std. error
    pub std_error: &'static str,
    /// Robust s.e. (HC3)
    pub robust_s_e_hc3: &'static str,
    /// Standardised
    pub standardised: &'static str,
    /// The estimate is how much the modelled value changes when the variable rises by one unit and the others are held fixed. Standardised: change in standard deviations of the outcome per standard deviation of the variable. VIF above about 5–10 suggests the variables overlap.
    pub the_estimate_is_how_much_the: &'static str,
    /// Conventions
    pub conventions: &'static str,
    /// Definitions
    pub definitions: &'static str,
    /// Data and sources
    pub data_and_sources: &'static str,
    /// References
    pub references: &'static str,
    /// Caveats
    pub caveats: &'static str,
    /// Excluded areas
    pub excluded_areas: &'static str,
    /// No areas were left out.
    pub no_areas_were_left_out: &'static str,
    /// These areas are not in the fit and have no modelled value. No area disappears without being listed here.
    pub these_areas_are_not_in_the: &'static str,
    /// Name
    pub name: &'static str,
    /// Reason
    pub reason: &'static str,
    /// This report is a self-contained file: it loads nothing from the network.
    pub this_report_is_a_self_contained: &'static str,
    /// pooled
    pub pooled: &'static str,
    /// Status
    pub status: &'static str,
    /// Change
    pub change: &'static str,
    /// Structure
    pub structure: &'static str,
    /// The change split by area
    pub the_change_split_by_area: &'static str,
    /// In only one of the two years, not decomposed:
    pub in_only_one_of_the_two: &'static str,
    /// Covariates:
    pub covariates: &'static str,
    /// Distance
    pub distance: &'static str,
    /// The areas among all areas
    pub the_areas_among_all_areas: &'static str,
    /// Each point is an area (modelled against actual); on the line, actual equals modelled. The area in red, its similar areas in blue.
    pub each_point_is_an_area_modelled: &'static str,
    /// Reference
    pub reference_2: &'static str,
    /// Deviation (our model)
    pub deviation_our_model: &'static str,
    /// Deviation (reference)
    pub deviation_reference: &'static str,
    /// Each point is an area: the reference model's value against our modelled value; on the line they are equal. Orange: the models disagree on the sign of the deviation (the largest differences named).
    pub each_point_is_an_area_the: &'static str,
    // report/index.rs
    /// Modelled values – all reports
    pub modelled_values_all_reports: &'static str,
    /// Flagged areas
    pub flagged_areas: &'static str,
    /// Report
    pub report: &'static str,
    /// open
    pub open: &'static str,
    /// No reports.
    pub no_reports: &'static str,
    /// Flagged
    pub flagged: &'static str,
    /// Failed runs
    pub failed_runs: &'static str,
    // report/markdown.rs
    /// Most above the modelled value:
    pub most_above_the_modelled_value_2: &'static str,
    /// Most below the modelled value:
    pub most_below_the_modelled_value_2: &'static str,
    /// Leave-one-out
    pub leave_one_out: &'static str,
    /// Model fit
    pub model_fit: &'static str,
    /// Measure
    pub measure: &'static str,
    /// none
    pub none_2: &'static str,
    /// The big cities and the areas whose deviation changed most; every area is in results.json (cross_city.change_decomposition).
    pub the_big_cities_and_the_areas: &'static str,
    /// Reference model
    pub reference_model_2: &'static str,
    // report/mod.rs
    /// above interval
    pub above_interval: &'static str,
    /// below interval
    pub below_interval: &'static str,
    /// influential
    pub influential: &'static str,
    /// deviation
    pub deviation_2: &'static str,
    /// Intercept
    pub intercept: &'static str,
    /// rank
    pub rank: &'static str,
    /// interval
    pub interval_2: &'static str,
    /// above the
    pub above_the: &'static str,
    /// below the
    pub below_the: &'static str,
    /// within the
    pub within_the: &'static str,
    /// in
    pub in_: &'static str,
    /// , weighted by
    pub weighted_by: &'static str,
    /// WLS, weight:
    pub wls_weight: &'static str,
    /// OLS, unweighted
    pub ols_unweighted: &'static str,
    /// Coefficients (p)
    pub coefficients_p: &'static str,
    /// Adjusted R²
    pub adjusted_r: &'static str,
    /// Residual standard error σ̂
    pub residual_standard_error: &'static str,
    /// Condition number
    pub condition_number: &'static str,
    /// Estimation
    pub estimation: &'static str,
    /// Significance level α
    pub significance_level: &'static str,
    /// Multiple-testing correction
    pub multiple_testing_correction: &'static str,
    /// Solver
    pub solver: &'static str,
    /// persistent
    pub persistent: &'static str,
    /// occasional
    pub occasional: &'static str,
    /// one-year blip
    pub one_year_blip: &'static str,
    /// both ways
    pub both_ways: &'static str,
    // report/text.rs
    /// ordinary least squares (OLS), every area counts the same
    pub ordinary_least_squares_ols_every_area: &'static str,
    /// Fixed effects for
    pub fixed_effects_for: &'static str,
    /// eᵢ = yᵢ − ŷᵢ (actual minus modelled), in the outcome's unit
    pub e_y_actual_minus_modelled_in: &'static str,
    /// Deviation in percent
    pub deviation_in_percent_2: &'static str,
    /// Total deviation
    pub total_deviation: &'static str,
    /// (yᵢ − ŷᵢ) · populationᵢ, in kronor
    pub y_population_in_kronor: &'static str,
    /// ŷ₍ᵢ₎ = yᵢ − eᵢ/(1 − hᵢ): the modelled value when the model is fitted without the area, so an area does not pull its own modelled value towards itself
    pub y_e_1_h_the_modelled: &'static str,
    /// The same for a generalised linear model: μ̂₍ᵢ₎ = g⁻¹(xᵢᵀβ̂₍ᵢ₎ + offsetᵢ) (exact refit up to 300 areas, else one-step) and the area's interval g⁻¹(η̂₍ᵢ₎ ± q·sᵢ)
    pub glm_leave_one_out_formula: &'static str,
    /// Deviance explained (the index column of a GLM, where a linear model shows R²)
    pub deviance_explained_heading: &'static str,
    /// the Benjamini–Hochberg q-value (controls the false discovery rate; Benjamini & Hochberg 1995)
    pub the_benjamini_hochberg_q_value_controls: &'static str,
    /// the Bonferroni-adjusted p = min(1, n·pᵢ) (Dunn 1961)
    pub the_bonferroni_adjusted_p_min_1: &'static str,
    /// Kolada, the Council for the Promotion of Municipal Analyses (RKA), kolada.se. Original producers: Statistics Sweden (SCB) and the National Board of Health and Welfare (Socialstyrelsen).
    pub kolada_the_council_for_the_promotion: &'static str,
    /// Data file:
    pub data_file: &'static str,
    /// Computed with
    pub computed_with: &'static str,
    /// The modelled value is not a norm. It shows what the area's structure (the variables in the model) predicts, from how things are on average among the areas compared. A deviation can come from what the model leaves out – housing, labour market, practice, recording – and does not by itself say anything about efficiency.
    pub the_modelled_value_is_not_a: &'static str,
    /// The relations are statistical, not causal. Small areas have noisier outcomes; the prediction interval accounts for this when the model is weighted by population.
    pub the_relations_are_statistical_not_causal: &'static str,
    /// Definition breaks in Kolada: refugee households on introduction benefit were not counted as social assistance until about 2010–2012; N00914 (RAMS) ends in 2021 and is replaced by N02243 from 2020; the SKR model behind U31004 changed in 2020. Kolada revises values afterwards, so figures can differ from today's Kolada.
    pub definition_breaks_in_kolada_refugee_hous: &'static str,
    /// Fit warning:
    pub fit_warning: &'static str,
    /// Weights
    pub weights: &'static str,
    /// Robust standard errors (HC)
    pub robust_standard_errors_hc: &'static str,
    /// Cluster-robust standard errors
    pub cluster_robust_standard_errors: &'static str,
    /// Prediction interval
    pub prediction_interval_2: &'static str,
    /// Outlier test
    pub outlier_test: &'static str,
    // report/xlsx.rs
    /// Areas
    pub areas: &'static str,
    // added by glm presentation (families, ratios, model comparison)
    /// 100 · (yᵢ − ŷᵢ) / ŷᵢ, only where the confidence interval of ŷᵢ lies wholly above 0 (else –)
    pub t_100_y_only_where_0_else: &'static str,
    /// Ratio
    pub ratio: &'static str,
    /// yᵢ / ŷᵢ: how many times its modelled value the area pays (1.46 = 46% more); only where the confidence interval of ŷᵢ lies wholly above 0
    pub y_how_many_times_its_modelled_value_the: &'static str,
    /// the standard normal distribution
    pub the_standard_normal_distribution: &'static str,
    /// Student's t with n−p−1 degrees of freedom
    pub student_s_t_with_n_p_1_degrees_of_freedo: &'static str,
    /// Actual minus modelled in the outcome's unit, sorted; the grey fields show what the leave-one-out interval allows. In amounts, not percent: a linear modelled value can be near zero or below, where a percent of it becomes absurdly large or takes the wrong sign.
    pub actual_minus_modelled_in_the_outcome_s_u: &'static str,
    /// Actual divided by modelled, sorted, on a logarithmic scale: 2 (twice as high) and 0.5 (half) lie equally far from 1. The grey fields show what the leave-one-out interval allows.
    pub actual_divided_by_modelled_sorted_on_a_l: &'static str,
    /// Coefficients (log scale)
    pub coefficients_log_scale: &'static str,
    /// β on the log scale with confidence intervals; exp(β) is the factor the modelled value is multiplied by when the covariate rises by one unit.
    pub on_the_log_scale_with_confidence_interva: &'static str,
    /// Times modelled
    pub times_modelled: &'static str,
    /// exp(β), factor
    pub exp_factor: &'static str,
    /// The estimate β is on the log scale: the modelled value is multiplied by the factor exp(β) when the variable rises by one unit and the others are held fixed (1.08 = 8% higher). VIF above about 5–10 suggests the variables overlap.
    pub the_estimate_is_on_the_log_scale_the_mod: &'static str,
    /// Why this model family
    pub why_this_model_family: &'static str,
    /// Residuals by area (Pearson, deviance, studentized, leverage, Cook's distance)
    pub residuals_by_area_pearson_deviance_stude: &'static str,
    /// Pearson residual
    pub pearson_residual: &'static str,
    /// Deviance residual
    pub deviance_residual: &'static str,
    /// Studentized (external)
    pub studentized_external: &'static str,
    /// Leverage
    pub leverage: &'static str,
    /// no percent: the modelled value is not positive
    pub no_percent_the_modelled_value_is_not_pos: &'static str,
    /// * No percent: the modelled value is zero or negative. A percent of it means nothing (of a negative modelled value it has the wrong sign); the deviation in amount stands.
    pub no_percent_the_modelled_value_is_zero_or: &'static str,
    /// "Warning: " before a first-page warning that stands alone
    pub warning_prefix: &'static str,
    /// no percent: the modelled value may be zero (its confidence interval reaches 0)
    pub no_percent_the_modelled_value_may_be_zero: &'static str,
    /// The map legend's entry for areas in the sample without a percent
    pub map_no_percent: &'static str,
    /// Sentence added to the map's caption when some area has no percent
    pub map_caption_no_percent: &'static str,
    /// IRLS, weight:
    pub irls_weight: &'static str,
    /// IRLS, unweighted
    pub irls_unweighted: &'static str,
    /// Gaussian
    pub gaussian: &'static str,
    /// quasi-Poisson
    pub quasi_poisson: &'static str,
    /// negative binomial
    pub negative_binomial: &'static str,
    /// identity link
    pub identity_link: &'static str,
    /// log link
    pub log_link: &'static str,
    /// linear (Gaussian, identity link)
    pub linear_gaussian_identity_link: &'static str,
    /// Model family
    pub model_family: &'static str,
    /// Deviance D
    pub deviance_d: &'static str,
    /// Null deviance D₀
    pub null_deviance_d: &'static str,
    /// Share of deviance explained, 1 − D/D₀
    pub share_of_deviance_explained_1_d_d: &'static str,
    /// Dispersion φ̂
    pub dispersion: &'static str,
    /// Pearson χ²/df
    pub pearson_df: &'static str,
    /// fixed by the family
    pub fixed_by_the_family: &'static str,
    /// s.e.
    pub s_e: &'static str,
    /// Coefficient tests
    pub coefficient_tests: &'static str,
    /// z (dispersion known)
    pub z_dispersion_known: &'static str,
    /// dispersion estimated
    pub dispersion_estimated: &'static str,
    /// – (quasi-likelihood: there is no likelihood)
    pub quasi_likelihood_there_is_no_likelihood: &'static str,
    /// IRLS iterations
    pub irls_iterations: &'static str,
    /// exact refit without the area
    pub exact_refit_without_the_area: &'static str,
    /// one-step approximation (Pregibon 1981)
    pub one_step_approximation_pregibon_1981: &'static str,
    /// Cross-validated error (weighted RMSE)
    pub cross_validated_error_weighted_rmse: &'static str,
    /// Failed folds
    pub failed_folds: &'static str,
    /// Chosen
    pub chosen: &'static str,
    /// yes
    pub yes: &'static str,
    /// Model families
    pub model_families: &'static str,
    /// The linear model (Gaussian, identity link; ordinary or weighted least squares) adds up the covariates' contributions in kronor. It can give a modelled value near zero or below, which is not a possible cost. A generalised linear model with a log link multiplies the contributions instead: the modelled value is exp(xᵀβ) and always positive. The family says how the spread is expected to grow with the level: quasi-Poisson (variance φμ, for non-negative amounts such as kr/inv), Gamma (variance φμ², spread proportional to the level), Poisson and negative binomial (for counts, e.g. recipients, with population as an offset). The dispersion φ is estimated by Pearson's method as R's summary.glm does; the negative binomial's θ by maximum likelihood as MASS::glm.nb.
    pub the_linear_model_gaussian_identity_link: &'static str,
    /// Choice by cross-validation
    pub choice_by_cross_validation: &'static str,
    /// The family is chosen per model by how well it predicts areas it has not seen: the areas are split into k folds, each fold is predicted by the model fitted on the others, and the error (actual minus prediction, weighted by population) is compared with the linear model's on the same covariates and the same folds. The table under The model shows the numbers for this year.
    pub the_family_is_chosen_per_model_by_how_we: &'static str,
    /// How to read a ratio
    pub how_to_read_a_ratio: &'static str,
    /// With a log link a deviation is a factor: the ratio actual/modelled. 1.46 means the area pays 1.46 times its modelled value (46% more than the model expects), 0.80 that it pays 0.80 times (20% less). Ratios of 2 and 0.5 are equally large deviations in opposite directions, which is why they are drawn on a logarithmic scale. A coefficient's exp(β) is the factor the modelled value is multiplied by when the covariate rises by one unit and the others are held fixed.
    pub with_a_log_link_a_deviation_is_a_factor: &'static str,
    /// Family and link
    pub family_and_link: &'static str,
    /// Dispersion
    pub dispersion_2: &'static str,
    /// Residuals
    pub residuals: &'static str,
    /// Times modelled
    pub times_modelled_2: &'static str,
    /// Residuals by area
    pub residuals_by_area: &'static str,
    /// Deviance residual
    pub deviance_residual_2: &'static str,
    /// Rank
    pub rank_2: &'static str,
    /// Population (weight)
    pub population_weight: &'static str,
    /// Deviation %
    pub deviation_3: &'static str,
    /// Total deviation (SEK)
    pub total_deviation_sek: &'static str,
    /// Prediction interval, low
    pub prediction_interval_low: &'static str,
    /// Prediction interval, high
    pub prediction_interval_high: &'static str,
    /// Modelled value's confidence interval, low (XLSX areas column)
    pub modelled_ci_low: &'static str,
    /// Modelled value's confidence interval, high
    pub modelled_ci_high: &'static str,
    /// Leave-one-out interval, low
    pub leave_one_out_interval_low: &'static str,
    /// Leave-one-out interval, high
    pub leave_one_out_interval_high: &'static str,
    /// Studentized residual (internal)
    pub studentized_residual_internal: &'static str,
    /// Studentized residual (external)
    pub studentized_residual_external: &'static str,
    /// p outlier test
    pub p_outlier_test: &'static str,
    /// Flags (code)
    pub flags_code: &'static str,
    /// Notes
    pub notes: &'static str,
    /// Times modelled (ratio)
    pub times_modelled_ratio: &'static str,
    /// Code
    pub code: &'static str,
    /// Confidence interval, low
    pub confidence_interval_low: &'static str,
    /// Confidence interval, high
    pub confidence_interval_high: &'static str,
    /// Robust s.e. HC3
    pub robust_s_e_hc3_2: &'static str,
    /// Cluster-robust s.e.
    pub cluster_robust_s_e: &'static str,
    /// exp, confidence interval, low
    pub exp_confidence_interval_low: &'static str,
    /// exp, confidence interval, high
    pub exp_confidence_interval_high: &'static str,
    /// Deviance
    pub deviance: &'static str,
    /// Null deviance
    pub null_deviance: &'static str,
    /// Share of deviance explained
    pub share_of_deviance_explained: &'static str,
    /// s.e. θ
    pub s_e_2: &'static str,
    /// Test
    pub test: &'static str,
    /// Cross-validated weighted RMSE,
    pub cross_validated_weighted_rmse: &'static str,
    /// , chosen
    pub chosen_2: &'static str,
    /// Line
    pub line: &'static str,
    ///  Logarithmic axes: equal distances from the line mean equal ratios actual/modelled.
    pub logarithmic_axes_equal_distances_from_th: &'static str,
    /// Coefficients on the log scale (β), with the factor exp(β)
    pub coefficients_on_the_log_scale_with_the_f: &'static str,
    /// Coefficient β (log scale)
    pub coefficient_log_scale: &'static str,
    /// deviance explained
    pub deviance_explained: &'static str,
    /// weighted
    pub weighted: &'static str,
    /// Actual / modelled (times, logarithmic scale)
    pub actual_modelled_times_logarithmic_scale: &'static str,
    ///  Bar with an arrow: the axis is cut; the true value is printed at the arrow.
    pub bar_with_an_arrow_the_axis_is_cut_the_tr: &'static str,
    /// Above modelled, clearly
    pub above_modelled_clearly: &'static str,
    /// Below modelled, clearly
    pub below_modelled_clearly: &'static str,
    /// Within the interval
    pub within_the_interval: &'static str,
    /// Pearson residual = (actual − modelled)/√V(modelled), V the family's variance function. If the family fits, the points scatter evenly around zero at every level; a funnel suggests a wrong variance function, a curve a misspecified model.
    pub pearson_residual_actual_modelled_v_model: &'static str,

    // ---- Texts with numbers or names in them: functions of what they place,
    // grouped by the report section that shows them. The doc comment gives
    // the English text with its {placeholders}.

    // Summary (report/mod.rs)
    /// pays {q} times its modelled value
    pub ratio_pays: fn(q: &str) -> String,
    /// is at {q} times its modelled value
    pub ratio_is_at: fn(q: &str) -> String,
    /// The model ({family}) explains {pct} of the deviance in {outcome} between {n} areas{year} (share of deviance explained {share}{weighting}).
    pub headline_glm: fn(
        family: &str,
        pct: &str,
        outcome: &str,
        n: usize,
        year: &str,
        share: &str,
        weighting: &str,
    ) -> String,
    /// The model explains {pct} of the differences in {outcome} between {n} areas{year} (R² = {r2}{weighting}).
    pub headline_linear:
        fn(pct: &str, outcome: &str, n: usize, year: &str, r2: &str, weighting: &str) -> String,
    /// {above} areas lie above and {below} below their {level} prediction interval (computed without the area itself).
    pub headline_flagged: fn(above: usize, below: usize, level: &str) -> String,
    /// {n} areas are left out of the fit; the reasons are given under Excluded areas.
    pub headline_excluded: fn(n: usize) -> String,
    /// Warning: the model gives a modelled value of zero or below for {n} areas: {names}. …
    pub nonpositive_warning: fn(n: usize, names: &str, missing: &str, unit: &str) -> String,
    /// For {n} areas the modelled value is so uncertain that it may be zero ({level} confidence interval reaches 0): {names}. …
    pub uncertain_modelled_warning:
        fn(n: usize, names: &str, level: &str, missing: &str, unit: &str) -> String,
    /// {names} and {k} more (a capped list of names)
    pub names_and_more: fn(names: &str, k: usize) -> String,
    /// {status}: outside the interval in {k} of the last {window} years
    pub card_outside_years: fn(status: &str, k: usize, window: usize) -> String,

    // Ranking (report/html.rs, report/markdown.rs)
    /// All areas, ordered by how surely they deviate from the modelled value: … Amounts in {unit}; …
    pub ranking_intro_html: fn(unit: &str, level: &str) -> String,
    /// Ordered by how surely the area deviates from the modelled value: … The interval is the {level} prediction interval …
    pub ranking_intro_md: fn(level: &str) -> String,
    /// Rank interval {level}
    pub rank_interval_head: fn(level: &str) -> String,
    /// Rank by %, {level} interval
    pub rank_by_pct_head: fn(level: &str) -> String,
    /// Rank ({level} interval)
    pub rank_head_md: fn(level: &str) -> String,
    /// Rank, {level} interval: the place by {by} (1 = most above the modelled value) and the interval it stays within when the model is re-estimated on {b} random resamples ({method}). …
    pub rank_hint: fn(level: &str, by: &str, b: usize, method: &str) -> String,

    // Map (report/files.rs, report/markdown.rs, report/index.rs)
    /// Map
    pub map: &'static str,
    /// Map: deviation by area
    pub map_deviation_by_area: &'static str,
    /// Actual compared with modelled in percent of modelled; red above, blue below. …
    pub map_caption_html: &'static str,
    /// Red: actual above modelled, blue: below. …
    pub map_caption_md: &'static str,

    // Over the years (report/html.rs, report/markdown.rs)
    /// Persistent outliers are areas outside their {level} prediction interval … in at least {min} of the last {window} years ({span}); …
    // One sentence placing many numbers; a struct would only rename them.
    #[allow(clippy::type_complexity)]
    pub persistence_intro: fn(
        level: &str,
        min: usize,
        window: usize,
        span: &str,
        persistent: usize,
        occasional: usize,
        occasional_years: Option<&str>,
        blips: usize,
    ) -> String,
    /// Persistent outliers (outside their interval in at least {min} of the last {window} years, {span}): {listed}. Outside in one year only: {blips} areas.
    pub persistence_md:
        fn(min: usize, window: usize, span: &str, listed: &str, blips: usize) -> String,
    /// Deviation in percent of the modelled value, the same model fitted for each year. … {level} …
    pub years_table_intro: fn(level: &str) -> String,
    /// All {n} areas flagged in the last {window} years
    pub all_flagged_in_window: fn(n: usize, window: usize) -> String,
    /// Years outside the interval (of {window})
    pub years_outside_head: fn(window: usize) -> String,
    /// Actual {year}
    pub actual_in_year: fn(year: i32) -> String,
    /// Change {from}–{to}: structure, model and deviation
    pub decomposition_title: fn(from: i32, to: i32) -> String,
    /// Change {from}–{to}: structure + model + deviation
    pub decomposition_title_md: fn(from: i32, to: i32) -> String,
    /// The table shows [the big cities and] the {n} areas whose deviation changed most (in amount); …
    pub decomposition_shown: fn(n: usize, with_cities: bool) -> String,
    /// The change in actual{unit} from {from} to {to} splits exactly into three parts: … {shown}
    pub decomposition_text: fn(unit: &str, from: i32, to: i32, shown: &str) -> String,
    /// The bars add up to the change in actual {from}–{to} for each area in the table above.
    pub decomposition_caption: fn(from: i32, to: i32) -> String,
    /// All {n} areas
    pub all_n_areas: fn(n: usize) -> String,
    /// not in the {year} fit (an area left out of the change decomposition)
    pub not_in_fit_of: fn(year: i32) -> String,
    /// Change {from}–{to}
    pub change_from_to: fn(from: i32, to: i32) -> String,
    /// structure
    pub structure_part: &'static str,
    /// model
    pub model_part: &'static str,
    /// deviation
    pub deviation_part: &'static str,

    // Similar areas (report/html.rs, report/markdown.rs, plot/crossview.rs)
    /// the big cities
    pub peers_whom_big_cities: &'static str,
    /// the {n} areas that deviate most (outside their interval first, then largest deviation in amount)
    pub peers_whom_top: fn(n: usize) -> String,
    /// For {whom}: the {k} areas in other groups … most similar in population structure, …
    pub peers_text: fn(whom: &str, k: usize) -> String,
    /// The {k} areas in other groups most similar in population structure (…), with their deviation from the modelled value.
    pub peers_intro_md: fn(k: usize) -> String,
    /// {name} and similar areas[ in other groups]
    pub peers_head: fn(name: &str, other_groups: bool) -> String,
    /// {name} and {k} similar
    pub peers_chart_title: fn(name: &str, k: usize) -> String,

    // Reference model (report/html.rs, report/markdown.rs, plot/crossview.rs)
    /// Comparison with the reference model {column}
    pub reference_title: fn(column: &str) -> String,
    /// Modelled value against the reference model {column}
    pub reference_chart_title: fn(column: &str) -> String,
    /// {amount} higher than / {amount} lower than
    pub mean_difference: fn(amount: &str, higher: bool) -> String,
    /// The modelled values are compared with an external model calculation, {named}, for the {n} areas that have a value. …
    // One sentence placing many numbers; a struct would only rename them.
    #[allow(clippy::type_complexity)]
    pub reference_text: fn(
        named: &str,
        n: usize,
        r: &str,
        rank_r: &str,
        r_modelled: &str,
        r_reference: &str,
        mean_difference: &str,
        same_sign: usize,
        disagree: usize,
    ) -> String,
    /// Correlation with the modelled value r = {r} (rank {rank_r}); … {disagree} of {n} areas{top}.
    pub reference_md: fn(
        r: &str,
        rank_r: &str,
        r_modelled: &str,
        r_reference: &str,
        disagree: usize,
        n: usize,
        top: &str,
    ) -> String,
    ///  (largest differences: {names})
    pub largest_differences: fn(names: &str) -> String,
    /// Areas where the models disagree on the sign[ (the {inline} largest differences)]
    pub disagreements_head: fn(n: usize, inline: usize) -> String,
    /// All {n} areas where the models disagree
    pub all_disagreements: fn(n: usize) -> String,

    // Method (report/text.rs, report/family.rs)
    /// weighted least squares (WLS) with weight {label} ({id}), so larger areas count for more
    pub how_wls: fn(label: &str, id: &str) -> String,
    /// Linear regression of {outcome} ({id}) on {covariates}, estimated by {how}. …{fixed_effects}
    pub linear_description:
        fn(outcome: &str, id: &str, covariates: &str, how: &str, fixed_effects: &str) -> String,
    /// , weighted by {label} ({id}) so larger areas count for more
    pub glm_weighted_by: fn(label: &str, id: &str) -> String,
    ///  Offset: log({column}).
    pub glm_offset: fn(column: &str) -> String,
    /// Generalised linear model ({family}) of {outcome} ({id}) on {covariates}, … {mu} …{offset}
    pub glm_description: fn(
        family: &str,
        outcome: &str,
        id: &str,
        covariates: &str,
        weight: &str,
        mu: &str,
        offset: &str,
    ) -> String,
    /// By {k}-fold cross-validation … {rmse} for {name} against {linear} for the linear model … – {pct} lower|higher.{better}
    pub comparison_with_linear: fn(
        k: usize,
        rmse: &str,
        name: &str,
        linear: &str,
        pct: &str,
        lower: bool,
        better: &str,
    ) -> String,
    /// Cross-validated weighted prediction error ({k}-fold) for {name}: {rmse}.{better}
    pub comparison_alone: fn(k: usize, name: &str, rmse: &str, better: &str) -> String,
    ///  The lowest error is {family}'s: {value}.
    pub lowest_error: fn(family: &str, value: &str) -> String,
    /// The areas are split at random into {k} folds (seed {seed}); …
    pub comparison_note: fn(k: usize, seed: u64) -> String,
    /// Flag rule, linear model: above the interval.
    pub rule_above: fn(level: &str) -> String,
    /// Flag rule, linear model: below the interval.
    pub rule_below: fn(level: &str) -> String,
    /// Flag rule, linear model: outlier test.
    pub rule_outlier: fn(correction: &str, alpha: &str) -> String,
    /// Flag rule, linear model: influential.
    pub rule_influential: fn(cook: &str, leverage: &str) -> String,
    /// Flag rule, linear model: practical size.
    pub rule_practical: fn(pct: &str) -> String,
    /// Flag rule, GLM: above the interval.
    pub glm_rule_above: fn(level: &str) -> String,
    /// Flag rule, GLM: below the interval.
    pub glm_rule_below: fn(level: &str) -> String,
    /// Flag rule, GLM: outlier test against {distribution}.
    pub glm_rule_outlier: fn(distribution: &str, correction: &str, alpha: &str) -> String,
    /// Flag rule, GLM: influential.
    pub glm_rule_influential: fn(cook: &str, leverage: &str) -> String,
    /// Flag rule, GLM: practical size.
    pub glm_rule_practical: fn(pct: &str) -> String,
    /// The glossary: (term, meaning); the prediction interval names {level}.
    pub glossary: fn(level: &str) -> Vec<(&'static str, String)>,

    // Short version (report/brief.rs)
    /// Modelled value compared with actual – short version
    pub brief_kicker: &'static str,
    /// In short
    pub in_short: &'static str,
    /// Largest deviations
    pub largest_deviations: &'static str,
    /// The method in five sentences
    pub method_in_five_sentences: &'static str,
    /// The full report
    pub the_full_report: &'static str,
    /// The five sentences of the method.
    pub brief_method: fn(outcome: &str, n: usize, covariates: &str, level: &str) -> Vec<String>,

    // RKA's similar municipalities (report/rka.rs)
    /// Similar municipalities according to RKA
    pub rka_title: &'static str,
    /// RKA's groups "Liknande kommuner ekonomiskt bistånd" … beside the tool's own similar areas. …
    pub rka_intro: &'static str,
    /// {both} of RKA's {n_rka} municipalities are also among the tool's {n_own} similar areas. {name}: deviation {pct}; …
    pub rka_summary: fn(
        both: usize,
        n_rka: usize,
        n_own: usize,
        name: &str,
        pct: &str,
        rka_median: &str,
        own_median: &str,
    ) -> String,
    /// Municipality
    pub municipality: &'static str,
    /// The tool
    pub the_tool: &'static str,

    // Index (report/index.rs)
    /// new
    pub new_badge: &'static str,
    /// = written by the latest run; the other reports were already in the folder.
    pub new_badge_legend: &'static str,

    // Charts (plot/*)
    /// {n} names did not fit
    pub names_did_not_fit: fn(n: usize) -> String,
    /// Coefficients, standardised (β·sd(x)/sd(y))
    pub coefficients_standardised_title: &'static str,
    /// Coefficients in the variables' own units
    pub coefficients_raw_title: &'static str,
    /// Point: estimate β on the log scale; bar: {level}% confidence interval. …
    pub coefficients_note_log: fn(level: &str) -> String,
    /// Point: estimate; bar: {level}% confidence interval. Standardised: …
    pub coefficients_note_standardised: fn(level: &str) -> String,
    /// Point: estimate; bar: {level}% confidence interval. Units: …
    pub coefficients_note_raw: fn(level: &str) -> String,
    /// All {n} areas, sorted by deviation.
    pub ranking_scope_all: fn(n: usize) -> String,
    /// The {k} highest and {k} lowest of {n} areas.
    pub ranking_scope_ends: fn(k: usize, n: usize) -> String,
    /// {scope} Grey field: deviation within the {level}% prediction interval …
    pub ranking_chart_note: fn(scope: &str, level: &str) -> String,
    ///  Not shown (the modelled value is zero or negative, …): {names}.
    pub ranking_not_shown: fn(names: &str) -> String,
    /// ⋮ {n} areas not shown ⋮
    pub areas_not_shown: fn(n: usize) -> String,
    /// {model}: actual compared with similar areas
    pub peer_gap_title: fn(model: &str) -> String,
    /// actual − mean of similar areas ({unit})
    pub peer_gap_axis: fn(unit: &str) -> String,
    /// {model}: deviation over the years (persistent outliers in colour)
    pub trend_chart_title: fn(model: &str) -> String,
    /// year
    pub year_axis: &'static str,
    /// deviation from the modelled value (%)
    pub deviation_pct_axis: &'static str,
    /// kronor
    pub kronor: &'static str,
}

impl Messages {
    /// Every message with its field name, for tests that look for one
    /// language's text in another language's output.
    pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            ("standardised_coefficient", self.standardised_coefficient),
            ("coefficient", self.coefficient),
            ("reference", self.reference),
            ("modelled", self.modelled),
            ("change_in_actual", self.change_in_actual),
            ("actual", self.actual),
            ("area", self.area),
            ("flagged_area", self.flagged_area),
            (
                "residuals_against_modelled",
                self.residuals_against_modelled,
            ),
            (
                "residual_actual_modelled_without_pattern",
                self.residual_actual_modelled_without_pattern,
            ),
            ("modelled_2", self.modelled_2),
            ("residual", self.residual),
            (
                "normal_qq_plot_of_studentized_residuals",
                self.normal_qq_plot_of_studentized_residuals,
            ),
            (
                "externally_studentized_residuals_r_rstud",
                self.externally_studentized_residuals_r_rstud,
            ),
            (
                "theoretical_quantile_n_0_1",
                self.theoretical_quantile_n_0_1,
            ),
            (
                "externally_studentized_residual",
                self.externally_studentized_residual,
            ),
            ("cook_s_distance_d_0_5", self.cook_s_distance_d_0_5),
            ("leverage_and_residual", self.leverage_and_residual),
            (
                "leverage_h_how_unusual_the_area",
                self.leverage_h_how_unusual_the_area,
            ),
            ("leverage_h", self.leverage_h),
            (
                "internally_studentized_residual",
                self.internally_studentized_residual,
            ),
            ("actual_modelled", self.actual_modelled),
            ("prediction_interval", self.prediction_interval),
            (
                "outside_the_interval_or_outlier",
                self.outside_the_interval_or_outlier,
            ),
            (
                "each_point_is_an_area_above",
                self.each_point_is_an_area_above,
            ),
            ("actual_and_modelled", self.actual_and_modelled),
            ("actual_2", self.actual_2),
            ("stockholm_area", self.stockholm_area),
            ("g_teborg_area", self.g_teborg_area),
            ("malm_area", self.malm_area),
            ("to", self.to),
            ("below", self.below),
            ("or_more", self.or_more),
            (
                "deviation_from_the_modelled_value",
                self.deviation_from_the_modelled_value,
            ),
            (
                "deviation_from_the_modelled_value_actual",
                self.deviation_from_the_modelled_value_actual,
            ),
            ("deviation", self.deviation),
            (
                "thick_outline_outside_the_prediction_int",
                self.thick_outline_outside_the_prediction_int,
            ),
            ("not_in_the_sample", self.not_in_the_sample),
            ("no_data", self.no_data),
            ("value", self.value),
            (
                "outside_the_prediction_interval",
                self.outside_the_prediction_interval,
            ),
            (
                "flagged_names_did_not_fit_on",
                self.flagged_names_did_not_fit_on,
            ),
            (
                "areas_have_no_boundary_in_the",
                self.areas_have_no_boundary_in_the,
            ),
            (
                "municipal_boundaries_okfse_sweden_geojso",
                self.municipal_boundaries_okfse_sweden_geojso,
            ),
            ("boundaries", self.boundaries),
            ("sweref_99_tm_projection", self.sweref_99_tm_projection),
            ("empty", self.empty),
            ("weighted_wls", self.weighted_wls),
            ("other", self.other),
            ("deviation_from_modelled", self.deviation_from_modelled),
            ("deviation_from_modelled_2", self.deviation_from_modelled_2),
            ("above_modelled_flagged", self.above_modelled_flagged),
            ("below_modelled_flagged", self.below_modelled_flagged),
            ("not_flagged", self.not_flagged),
            ("flagged_that_year", self.flagged_that_year),
            ("one_fit_per_year", self.one_fit_per_year),
            (
                "deviation_from_modelled_over_the_years",
                self.deviation_from_modelled_over_the_years,
            ),
            (
                "deviation_actual_modelled_modelled_with",
                self.deviation_actual_modelled_modelled_with,
            ),
            ("year", self.year),
            ("modelled_and_actual", self.modelled_and_actual),
            ("each_point_is_an_area_on", self.each_point_is_an_area_on),
            ("deviation_by_area", self.deviation_by_area),
            (
                "actual_minus_modelled_in_percent_of",
                self.actual_minus_modelled_in_percent_of,
            ),
            ("coefficients_standardised", self.coefficients_standardised),
            ("sd_x_sd_y_with_confidence", self.sd_x_sd_y_with_confidence),
            ("deviation_over_the_years", self.deviation_over_the_years),
            (
                "deviation_in_percent_of_modelled_one",
                self.deviation_in_percent_of_modelled_one,
            ),
            ("residual_against_modelled", self.residual_against_modelled),
            (
                "patterns_funnel_curve_suggest_heterosked",
                self.patterns_funnel_curve_suggest_heterosked,
            ),
            ("normal_qq_plot", self.normal_qq_plot),
            (
                "externally_studentized_residuals_against",
                self.externally_studentized_residuals_against,
            ),
            (
                "leverage_against_studentized_residual_wi",
                self.leverage_against_studentized_residual_wi,
            ),
            ("n0_001", self.n0_001),
            ("above", self.above),
            ("outlier", self.outlier),
            (
                "modelled_value_compared_with_actual",
                self.modelled_value_compared_with_actual,
            ),
            ("model", self.model),
            ("outcome", self.outcome),
            ("summary", self.summary),
            ("ranking", self.ranking),
            ("figures", self.figures),
            ("over_the_years", self.over_the_years),
            ("similar_areas", self.similar_areas),
            ("reference_model", self.reference_model),
            ("the_model", self.the_model),
            ("method", self.method),
            ("excluded", self.excluded),
            ("the_big_cities", self.the_big_cities),
            (
                "most_above_the_modelled_value",
                self.most_above_the_modelled_value,
            ),
            (
                "most_below_the_modelled_value",
                self.most_below_the_modelled_value,
            ),
            ("none", self.none),
            (
                "click_a_column_header_to_sort",
                self.click_a_column_header_to_sort,
            ),
            ("group", self.group),
            ("modelled_3", self.modelled_3),
            ("leave_one_out_modelled", self.leave_one_out_modelled),
            ("total", self.total),
            ("interval", self.interval),
            ("flags", self.flags),
            ("flags_2", self.flags_2),
            (
                "the_rules_are_given_under_method",
                self.the_rules_are_given_under_method,
            ),
            ("wild_bootstrap", self.wild_bootstrap),
            ("pairs_bootstrap", self.pairs_bootstrap),
            ("deviation_in_percent", self.deviation_in_percent),
            ("deviation_in_amount", self.deviation_in_amount),
            ("figure", self.figure),
            (
                "the_chart_could_not_be_drawn",
                self.the_chart_could_not_be_drawn,
            ),
            (
                "the_figure_is_not_shown_it",
                self.the_figure_is_not_shown_it,
            ),
            ("fit", self.fit),
            ("deviation_measures", self.deviation_measures),
            ("coefficients", self.coefficients),
            ("confidence_interval", self.confidence_interval),
            ("variable", self.variable),
            ("estimate", self.estimate),
            ("std_error", self.std_error),
            ("robust_s_e_hc3", self.robust_s_e_hc3),
            ("standardised", self.standardised),
            (
                "the_estimate_is_how_much_the",
                self.the_estimate_is_how_much_the,
            ),
            ("conventions", self.conventions),
            ("definitions", self.definitions),
            ("data_and_sources", self.data_and_sources),
            ("references", self.references),
            ("caveats", self.caveats),
            ("excluded_areas", self.excluded_areas),
            ("no_areas_were_left_out", self.no_areas_were_left_out),
            (
                "these_areas_are_not_in_the",
                self.these_areas_are_not_in_the,
            ),
            ("name", self.name),
            ("reason", self.reason),
            (
                "this_report_is_a_self_contained",
                self.this_report_is_a_self_contained,
            ),
            ("pooled", self.pooled),
            ("status", self.status),
            ("change", self.change),
            ("structure", self.structure),
            ("the_change_split_by_area", self.the_change_split_by_area),
            ("in_only_one_of_the_two", self.in_only_one_of_the_two),
            ("covariates", self.covariates),
            ("distance", self.distance),
            ("the_areas_among_all_areas", self.the_areas_among_all_areas),
            (
                "each_point_is_an_area_modelled",
                self.each_point_is_an_area_modelled,
            ),
            ("reference_2", self.reference_2),
            ("deviation_our_model", self.deviation_our_model),
            ("deviation_reference", self.deviation_reference),
            ("each_point_is_an_area_the", self.each_point_is_an_area_the),
            (
                "modelled_values_all_reports",
                self.modelled_values_all_reports,
            ),
            ("flagged_areas", self.flagged_areas),
            ("report", self.report),
            ("open", self.open),
            ("no_reports", self.no_reports),
            ("flagged", self.flagged),
            ("failed_runs", self.failed_runs),
            (
                "most_above_the_modelled_value_2",
                self.most_above_the_modelled_value_2,
            ),
            (
                "most_below_the_modelled_value_2",
                self.most_below_the_modelled_value_2,
            ),
            ("leave_one_out", self.leave_one_out),
            ("model_fit", self.model_fit),
            ("measure", self.measure),
            ("none_2", self.none_2),
            (
                "the_big_cities_and_the_areas",
                self.the_big_cities_and_the_areas,
            ),
            ("reference_model_2", self.reference_model_2),
            ("above_interval", self.above_interval),
            ("below_interval", self.below_interval),
            ("influential", self.influential),
            ("deviation_2", self.deviation_2),
            ("intercept", self.intercept),
            ("rank", self.rank),
            ("interval_2", self.interval_2),
            ("above_the", self.above_the),
            ("below_the", self.below_the),
            ("within_the", self.within_the),
            ("in_", self.in_),
            ("weighted_by", self.weighted_by),
            ("wls_weight", self.wls_weight),
            ("ols_unweighted", self.ols_unweighted),
            ("coefficients_p", self.coefficients_p),
            ("adjusted_r", self.adjusted_r),
            ("residual_standard_error", self.residual_standard_error),
            ("condition_number", self.condition_number),
            ("estimation", self.estimation),
            ("significance_level", self.significance_level),
            (
                "multiple_testing_correction",
                self.multiple_testing_correction,
            ),
            ("solver", self.solver),
            ("persistent", self.persistent),
            ("occasional", self.occasional),
            ("one_year_blip", self.one_year_blip),
            ("both_ways", self.both_ways),
            (
                "ordinary_least_squares_ols_every_area",
                self.ordinary_least_squares_ols_every_area,
            ),
            ("fixed_effects_for", self.fixed_effects_for),
            (
                "e_y_actual_minus_modelled_in",
                self.e_y_actual_minus_modelled_in,
            ),
            ("deviation_in_percent_2", self.deviation_in_percent_2),
            ("total_deviation", self.total_deviation),
            ("y_population_in_kronor", self.y_population_in_kronor),
            ("y_e_1_h_the_modelled", self.y_e_1_h_the_modelled),
            ("glm_leave_one_out_formula", self.glm_leave_one_out_formula),
            (
                "deviance_explained_heading",
                self.deviance_explained_heading,
            ),
            (
                "the_benjamini_hochberg_q_value_controls",
                self.the_benjamini_hochberg_q_value_controls,
            ),
            (
                "the_bonferroni_adjusted_p_min_1",
                self.the_bonferroni_adjusted_p_min_1,
            ),
            (
                "kolada_the_council_for_the_promotion",
                self.kolada_the_council_for_the_promotion,
            ),
            ("data_file", self.data_file),
            ("computed_with", self.computed_with),
            (
                "the_modelled_value_is_not_a",
                self.the_modelled_value_is_not_a,
            ),
            (
                "the_relations_are_statistical_not_causal",
                self.the_relations_are_statistical_not_causal,
            ),
            (
                "definition_breaks_in_kolada_refugee_hous",
                self.definition_breaks_in_kolada_refugee_hous,
            ),
            ("fit_warning", self.fit_warning),
            ("weights", self.weights),
            ("robust_standard_errors_hc", self.robust_standard_errors_hc),
            (
                "cluster_robust_standard_errors",
                self.cluster_robust_standard_errors,
            ),
            ("prediction_interval_2", self.prediction_interval_2),
            ("outlier_test", self.outlier_test),
            ("areas", self.areas),
            ("t_100_y_only_where_0_else", self.t_100_y_only_where_0_else),
            ("ratio", self.ratio),
            (
                "y_how_many_times_its_modelled_value_the",
                self.y_how_many_times_its_modelled_value_the,
            ),
            (
                "the_standard_normal_distribution",
                self.the_standard_normal_distribution,
            ),
            (
                "student_s_t_with_n_p_1_degrees_of_freedo",
                self.student_s_t_with_n_p_1_degrees_of_freedo,
            ),
            (
                "actual_minus_modelled_in_the_outcome_s_u",
                self.actual_minus_modelled_in_the_outcome_s_u,
            ),
            (
                "actual_divided_by_modelled_sorted_on_a_l",
                self.actual_divided_by_modelled_sorted_on_a_l,
            ),
            ("coefficients_log_scale", self.coefficients_log_scale),
            (
                "on_the_log_scale_with_confidence_interva",
                self.on_the_log_scale_with_confidence_interva,
            ),
            ("times_modelled", self.times_modelled),
            ("exp_factor", self.exp_factor),
            (
                "the_estimate_is_on_the_log_scale_the_mod",
                self.the_estimate_is_on_the_log_scale_the_mod,
            ),
            ("why_this_model_family", self.why_this_model_family),
            (
                "residuals_by_area_pearson_deviance_stude",
                self.residuals_by_area_pearson_deviance_stude,
            ),
            ("pearson_residual", self.pearson_residual),
            ("deviance_residual", self.deviance_residual),
            ("studentized_external", self.studentized_external),
            ("leverage", self.leverage),
            (
                "no_percent_the_modelled_value_is_not_pos",
                self.no_percent_the_modelled_value_is_not_pos,
            ),
            (
                "no_percent_the_modelled_value_is_zero_or",
                self.no_percent_the_modelled_value_is_zero_or,
            ),
            ("warning_prefix", self.warning_prefix),
            (
                "no_percent_the_modelled_value_may_be_zero",
                self.no_percent_the_modelled_value_may_be_zero,
            ),
            ("map_no_percent", self.map_no_percent),
            ("map_caption_no_percent", self.map_caption_no_percent),
            ("irls_weight", self.irls_weight),
            ("irls_unweighted", self.irls_unweighted),
            ("gaussian", self.gaussian),
            ("quasi_poisson", self.quasi_poisson),
            ("negative_binomial", self.negative_binomial),
            ("identity_link", self.identity_link),
            ("log_link", self.log_link),
            (
                "linear_gaussian_identity_link",
                self.linear_gaussian_identity_link,
            ),
            ("model_family", self.model_family),
            ("deviance_d", self.deviance_d),
            ("null_deviance_d", self.null_deviance_d),
            (
                "share_of_deviance_explained_1_d_d",
                self.share_of_deviance_explained_1_d_d,
            ),
            ("dispersion", self.dispersion),
            ("pearson_df", self.pearson_df),
            ("fixed_by_the_family", self.fixed_by_the_family),
            ("s_e", self.s_e),
            ("coefficient_tests", self.coefficient_tests),
            ("z_dispersion_known", self.z_dispersion_known),
            ("dispersion_estimated", self.dispersion_estimated),
            (
                "quasi_likelihood_there_is_no_likelihood",
                self.quasi_likelihood_there_is_no_likelihood,
            ),
            ("irls_iterations", self.irls_iterations),
            (
                "exact_refit_without_the_area",
                self.exact_refit_without_the_area,
            ),
            (
                "one_step_approximation_pregibon_1981",
                self.one_step_approximation_pregibon_1981,
            ),
            (
                "cross_validated_error_weighted_rmse",
                self.cross_validated_error_weighted_rmse,
            ),
            ("failed_folds", self.failed_folds),
            ("chosen", self.chosen),
            ("yes", self.yes),
            ("model_families", self.model_families),
            (
                "the_linear_model_gaussian_identity_link",
                self.the_linear_model_gaussian_identity_link,
            ),
            (
                "choice_by_cross_validation",
                self.choice_by_cross_validation,
            ),
            (
                "the_family_is_chosen_per_model_by_how_we",
                self.the_family_is_chosen_per_model_by_how_we,
            ),
            ("how_to_read_a_ratio", self.how_to_read_a_ratio),
            (
                "with_a_log_link_a_deviation_is_a_factor",
                self.with_a_log_link_a_deviation_is_a_factor,
            ),
            ("family_and_link", self.family_and_link),
            ("dispersion_2", self.dispersion_2),
            ("residuals", self.residuals),
            ("times_modelled_2", self.times_modelled_2),
            ("residuals_by_area", self.residuals_by_area),
            ("deviance_residual_2", self.deviance_residual_2),
            ("rank_2", self.rank_2),
            ("population_weight", self.population_weight),
            ("deviation_3", self.deviation_3),
            ("total_deviation_sek", self.total_deviation_sek),
            ("prediction_interval_low", self.prediction_interval_low),
            ("prediction_interval_high", self.prediction_interval_high),
            ("modelled_ci_low", self.modelled_ci_low),
            ("modelled_ci_high", self.modelled_ci_high),
            (
                "leave_one_out_interval_low",
                self.leave_one_out_interval_low,
            ),
            (
                "leave_one_out_interval_high",
                self.leave_one_out_interval_high,
            ),
            (
                "studentized_residual_internal",
                self.studentized_residual_internal,
            ),
            (
                "studentized_residual_external",
                self.studentized_residual_external,
            ),
            ("p_outlier_test", self.p_outlier_test),
            ("flags_code", self.flags_code),
            ("notes", self.notes),
            ("times_modelled_ratio", self.times_modelled_ratio),
            ("code", self.code),
            ("confidence_interval_low", self.confidence_interval_low),
            ("confidence_interval_high", self.confidence_interval_high),
            ("robust_s_e_hc3_2", self.robust_s_e_hc3_2),
            ("cluster_robust_s_e", self.cluster_robust_s_e),
            (
                "exp_confidence_interval_low",
                self.exp_confidence_interval_low,
            ),
            (
                "exp_confidence_interval_high",
                self.exp_confidence_interval_high,
            ),
            ("deviance", self.deviance),
            ("null_deviance", self.null_deviance),
            (
                "share_of_deviance_explained",
                self.share_of_deviance_explained,
            ),
            ("s_e_2", self.s_e_2),
            ("test", self.test),
            (
                "cross_validated_weighted_rmse",
                self.cross_validated_weighted_rmse,
            ),
            ("chosen_2", self.chosen_2),
            ("line", self.line),
            (
                "logarithmic_axes_equal_distances_from_th",
                self.logarithmic_axes_equal_distances_from_th,
            ),
            (
                "coefficients_on_the_log_scale_with_the_f",
                self.coefficients_on_the_log_scale_with_the_f,
            ),
            ("coefficient_log_scale", self.coefficient_log_scale),
            ("deviance_explained", self.deviance_explained),
            ("weighted", self.weighted),
            (
                "actual_modelled_times_logarithmic_scale",
                self.actual_modelled_times_logarithmic_scale,
            ),
            (
                "bar_with_an_arrow_the_axis_is_cut_the_tr",
                self.bar_with_an_arrow_the_axis_is_cut_the_tr,
            ),
            ("above_modelled_clearly", self.above_modelled_clearly),
            ("below_modelled_clearly", self.below_modelled_clearly),
            ("within_the_interval", self.within_the_interval),
            (
                "pearson_residual_actual_modelled_v_model",
                self.pearson_residual_actual_modelled_v_model,
            ),
            // Fixed texts of the report sections (the functions are not listed).
            ("map", self.map),
            ("map_deviation_by_area", self.map_deviation_by_area),
            ("map_caption_html", self.map_caption_html),
            ("map_caption_md", self.map_caption_md),
            ("structure_part", self.structure_part),
            ("model_part", self.model_part),
            ("deviation_part", self.deviation_part),
            ("peers_whom_big_cities", self.peers_whom_big_cities),
            ("brief_kicker", self.brief_kicker),
            ("in_short", self.in_short),
            ("largest_deviations", self.largest_deviations),
            ("method_in_five_sentences", self.method_in_five_sentences),
            ("the_full_report", self.the_full_report),
            ("rka_title", self.rka_title),
            ("rka_intro", self.rka_intro),
            ("municipality", self.municipality),
            ("the_tool", self.the_tool),
            ("new_badge", self.new_badge),
            ("new_badge_legend", self.new_badge_legend),
            (
                "coefficients_standardised_title",
                self.coefficients_standardised_title,
            ),
            ("coefficients_raw_title", self.coefficients_raw_title),
            ("year_axis", self.year_axis),
            ("deviation_pct_axis", self.deviation_pct_axis),
            ("kronor", self.kronor),
        ]
    }
}

/// Look up the catalogue of a language: `lang.msg().deviation`.
pub trait Catalogue {
    /// The messages of this language.
    fn msg(self) -> &'static Messages;
}

impl Catalogue for Lang {
    fn msg(self) -> &'static Messages {
        match self {
            Lang::Sv => &sv::SV,
            Lang::En => &en::EN,
        }
    }
}

/// The label of a column in the report's language: English reports read the
/// model's `labels_en` and fall back to `labels` (results written before
/// English labels existed have only those).
pub fn column_label<'a>(m: &'a crate::results::ModelInfo, id: &str, lang: Lang) -> Option<&'a str> {
    let en = match lang {
        Lang::En => m.labels_en.get(id),
        Lang::Sv => None,
    };
    en.or_else(|| m.labels.get(id)).map(|s| s.as_str())
}

/// A unit as a page in `lang` writes it. Units come from the data's
/// dictionary and the specs, in Swedish (`kr/inv`, as Kolada writes it); an
/// English page writes the Swedish units it knows in English (`kr/inv` →
/// `SEK/inhabitant`, `kr` → `SEK`, as its kronor totals already read
/// `SEK 12.3m`) and any other unit as given.
pub fn unit_text(unit: &str, lang: Lang) -> &str {
    if lang == Lang::Sv {
        return unit;
    }
    match unit.trim() {
        "kr/inv" | "kr/inv." | "kr/invånare" | "kr per invånare" | "kronor per invånare" => {
            "SEK/inhabitant"
        }
        "kr" | "kronor" => "SEK",
        "tkr" => "SEK thousand",
        "mnkr" | "Mkr" => "SEK million",
        "inv" | "invånare" => "inhabitants",
        "antal" => "number",
        _ => unit,
    }
}

/// The outcome's unit of a result in the page's language ([`unit_text`]).
pub fn outcome_unit(r: &crate::results::ModelResult, lang: Lang) -> &str {
    unit_text(&r.model.outcome_unit, lang)
}

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn english_pages_write_swedish_units_in_english() {
        assert_eq!(unit_text("kr/inv", Lang::En), "SEK/inhabitant");
        assert_eq!(unit_text(" kr ", Lang::En), "SEK");
        assert_eq!(unit_text("kr/inv", Lang::Sv), "kr/inv");
        // A unit the tool does not know is written as the spec gives it.
        assert_eq!(unit_text("ton CO2", Lang::En), "ton CO2");
        assert_eq!(unit_text("", Lang::En), "");
    }
}
