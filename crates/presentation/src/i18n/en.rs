//! English report and chart text (see [`super::Messages`]).

use super::reasons::{Reasons, WarningYears};
use super::Messages;

pub(super) static EN: Messages = Messages {
    // plot/coefficients.rs
    standardised_coefficient: "Standardised coefficient",
    coefficient: "Coefficient",
    // plot/crossview.rs
    reference: "reference",
    modelled: "modelled",
    change_in_actual: "change in actual",
    actual: "actual",
    // plot/diagnostics.rs
    area: "Area",
    flagged_area: "Flagged area",
    residuals_against_modelled: "Residuals against modelled",
    residual_actual_modelled_without_pattern: "Residual = actual − modelled. Without pattern the points scatter evenly around zero; a funnel suggests unequal spread (heteroskedasticity), a curve a misspecified model.",
    modelled_2: "Modelled",
    residual: "Residual",
    normal_qq_plot_of_studentized_residuals: "Normal QQ plot of studentized residuals",
    externally_studentized_residuals_r_rstud: "Externally studentized residuals (R rstudent) against normal quantiles (R ppoints). Close to the line y = x: residuals roughly normal; points far off the line at the ends are possible outliers.",
    theoretical_quantile_n_0_1: "Theoretical quantile, N(0, 1)",
    externally_studentized_residual: "Externally studentized residual",
    cook_s_distance_d_0_5: "Cook's distance D = 0.5 and 1",
    leverage_and_residual: "Leverage and residual",
    leverage_h_how_unusual_the_area: "Leverage h: how unusual the area's mix of covariates is. Curves: Cook's distance D = r²·h / (p·(1 − h)) (Cook 1977, as R plot.lm); areas beyond them move the estimates a lot.",
    leverage_h: "Leverage (h)",
    internally_studentized_residual: "Internally studentized residual",
    // plot/headline.rs
    actual_modelled: "Actual = modelled",
    prediction_interval: "prediction interval",
    outside_the_interval_or_outlier: "Outside the interval or outlier",
    each_point_is_an_area_above: "Each point is an area. Above the line: actual higher than modelled; below: lower. Vertical strokes: the area's prediction interval.",
    actual_and_modelled: "Actual and modelled",
    actual_2: "Actual",
    // plot/map.rs
    stockholm_area: "Stockholm area",
    g_teborg_area: "Göteborg area",
    malm_area: "Malmö area",
    to: "to",
    below: "below",
    or_more: "or more",
    deviation_from_the_modelled_value: "Deviation from the modelled value",
    deviation_from_the_modelled_value_actual: "Deviation from the modelled value, % (actual compared with modelled)",
    deviation: "Deviation",
    thick_outline_outside_the_prediction_int: "Thick outline: outside the prediction interval. Named: flagged areas.",
    not_in_the_sample: "Not in the sample",
    no_data: "No data",
    value: "Value",
    outside_the_prediction_interval: "Outside the prediction interval",
    flagged_names_did_not_fit_on: "flagged names did not fit on the map (see the table).",
    areas_have_no_boundary_in_the: "areas have no boundary in the map file",
    municipal_boundaries_okfse_sweden_geojso: "Municipal boundaries: okfse/sweden-geojson (after the Election Authority), simplified. SWEREF 99 TM projection.",
    boundaries: "Boundaries",
    sweref_99_tm_projection: "SWEREF 99 TM projection.",
    // plot/mod.rs
    empty: "%",
    weighted_wls: "weighted (WLS)",
    other: "Other",
    // plot/ranking.rs
    deviation_from_modelled: "Deviation from modelled (%)",
    deviation_from_modelled_2: "Deviation from modelled",
    above_modelled_flagged: "Above modelled, flagged",
    below_modelled_flagged: "Below modelled, flagged",
    not_flagged: "Not flagged",
    // plot/trend.rs
    flagged_that_year: "Flagged that year",
    one_fit_per_year: "one fit per year",
    deviation_from_modelled_over_the_years: "Deviation from modelled over the years",
    deviation_actual_modelled_modelled_with: "Deviation = (actual − modelled) / modelled, with the model fitted separately for each year. Ring: the area was flagged that year. Gap: the area is missing that year.",
    year: "Year",
    // report/files.rs
    modelled_and_actual: "Modelled and actual",
    each_point_is_an_area_on: "Each point is an area. On the line, actual equals modelled; the bars show the prediction interval. Named areas lie outside their leave-one-out interval, or are outliers.",
    deviation_by_area: "Deviation by area",
    actual_minus_modelled_in_percent_of: "Actual minus modelled in percent of modelled, sorted; the bars show what the leave-one-out interval allows.",
    coefficients_standardised: "Coefficients (standardised)",
    sd_x_sd_y_with_confidence: "β·sd(x)/sd(y) with confidence intervals: how many standard deviations the outcome moves when the covariate moves one.",
    deviation_over_the_years: "Deviation over the years",
    deviation_in_percent_of_modelled_one: "Deviation in percent of modelled, one fit per year. Shown: the big cities, the persistent outliers and the areas outside their interval in the most years.",
    residual_against_modelled: "Residual against modelled",
    patterns_funnel_curve_suggest_heterosked: "Patterns (funnel, curve) suggest heteroskedasticity or missing terms.",
    normal_qq_plot: "Normal QQ plot",
    externally_studentized_residuals_against: "Externally studentized residuals against normal quantiles.",
    leverage_against_studentized_residual_wi: "Leverage against studentized residual with Cook's distance contours.",
    // report/format.rs
    n0_001: "0.001",
    // report/html.rs
    above: "above",
    outlier: "outlier",
    modelled_value_compared_with_actual: "Modelled value compared with actual",
    model: "Model",
    outcome: "Outcome",
    summary: "Summary",
    ranking: "Ranking",
    figures: "Figures",
    over_the_years: "Over the years",
    similar_areas: "Similar areas",
    reference_model: "Reference model",
    the_model: "The model",
    method: "Method",
    excluded: "Excluded",
    the_big_cities: "The big cities",
    most_above_the_modelled_value: "Most above the modelled value",
    most_below_the_modelled_value: "Most below the modelled value",
    none: "None.",
    click_a_column_header_to_sort: "Click a column header to sort; click again to reverse.",
    group: "Group",
    modelled_3: "Modelled",
    leave_one_out_modelled: "Leave-one-out modelled",
    total: "Total",
    interval: "Interval",
    flags: "Flags",
    flags_2: "Flags:",
    the_rules_are_given_under_method: "the rules are given under Method.",
    wild_bootstrap: "wild bootstrap",
    pairs_bootstrap: "pairs bootstrap",
    deviation_in_percent: "deviation in percent",
    deviation_in_amount: "deviation in amount",
    figure: "Figure",
    the_chart_could_not_be_drawn: "The chart could not be drawn; the reason is below. The numbers are in the tables.",
    the_figure_is_not_shown_it: "The figure is not shown: it contains script or external references.",
    fit: "Fit",
    deviation_measures: "Deviation measures",
    coefficients: "Coefficients",
    confidence_interval: "confidence interval",
    variable: "Variable",
    estimate: "Estimate",
    std_error: "Std. error",
    robust_s_e_hc3: "Robust s.e. (HC3)",
    standardised: "Standardised",
    the_estimate_is_how_much_the: "The estimate is how much the modelled value changes when the variable rises by one unit and the others are held fixed. Standardised: change in standard deviations of the outcome per standard deviation of the variable. VIF above about 5–10 suggests the variables overlap.",
    conventions: "Conventions",
    definitions: "Definitions",
    data_and_sources: "Data and sources",
    references: "References",
    caveats: "Caveats",
    excluded_areas: "Excluded areas",
    no_areas_were_left_out: "No areas were left out.",
    these_areas_are_not_in_the: "These areas are not in the fit and have no modelled value. No area disappears without being listed here.",
    name: "Name",
    reason: "Reason",
    this_report_is_a_self_contained: "This report is a self-contained file: it loads nothing from the network.",
    pooled: "pooled",
    status: "Status",
    change: "Change",
    structure: "Structure",
    the_change_split_by_area: "The change split by area",
    in_only_one_of_the_two: "In only one of the two years, not decomposed:",
    covariates: "Covariates:",
    distance: "Distance",
    the_areas_among_all_areas: "The areas among all areas",
    each_point_is_an_area_modelled: "Each point is an area (modelled against actual); on the line, actual equals modelled. The area in red, its similar areas in blue.",
    reference_2: "Reference",
    deviation_our_model: "Deviation (our model)",
    deviation_reference: "Deviation (reference)",
    each_point_is_an_area_the: "Each point is an area: the reference model's value against our modelled value; on the line they are equal. Orange: the models disagree on the sign of the deviation (the largest differences named).",
    // report/index.rs
    modelled_values_all_reports: "Modelled values – all reports",
    flagged_areas: "Flagged areas",
    report: "Report",
    open: "open",
    no_reports: "No reports.",
    flagged: "Flagged",
    failed_runs: "Failed runs",
    // report/markdown.rs
    most_above_the_modelled_value_2: "Most above the modelled value:",
    most_below_the_modelled_value_2: "Most below the modelled value:",
    leave_one_out: "Leave-one-out",
    model_fit: "Model fit",
    measure: "Measure",
    none_2: "none",
    the_big_cities_and_the_areas: "The big cities and the areas whose deviation changed most; every area is in results.json (cross_city.change_decomposition).",
    reference_model_2: "Reference model",
    // report/mod.rs
    above_interval: "above interval",
    below_interval: "below interval",
    influential: "influential",
    deviation_2: "deviation",
    intercept: "Intercept",
    rank: "rank",
    interval_2: "interval",
    above_the: "above the",
    below_the: "below the",
    within_the: "within the",
    in_: "in",
    weighted_by: ", weighted by",
    wls_weight: "WLS, weight:",
    ols_unweighted: "OLS, unweighted",
    coefficients_p: "Coefficients (p)",
    adjusted_r: "Adjusted R²",
    residual_standard_error: "Residual standard error σ̂",
    condition_number: "Condition number",
    estimation: "Estimation",
    significance_level: "Significance level α",
    multiple_testing_correction: "Multiple-testing correction",
    solver: "Solver",
    persistent: "persistent",
    occasional: "occasional",
    one_year_blip: "one-year blip",
    both_ways: "both ways",
    // report/text.rs
    ordinary_least_squares_ols_every_area: "ordinary least squares (OLS), every area counts the same",
    fixed_effects_for: " Fixed effects for",
    e_y_actual_minus_modelled_in: "eᵢ = yᵢ − ŷᵢ (actual minus modelled), in the outcome's unit",
    deviation_in_percent_2: "Deviation in percent",
    total_deviation: "Total deviation",
    y_population_in_kronor: "(yᵢ − ŷᵢ) · populationᵢ, in kronor",
    y_e_1_h_the_modelled: "ŷ₍ᵢ₎ = yᵢ − eᵢ/(1 − hᵢ): the modelled value when the model is fitted without the area, so an area does not pull its own modelled value towards itself",
    glm_leave_one_out_formula: "μ̂₍ᵢ₎ = g⁻¹(xᵢᵀβ̂₍ᵢ₎ + offsetᵢ): the modelled value when the model is fitted without the area, so an area does not pull its own modelled value towards itself; β̂₍ᵢ₎ is an exact IRLS refit without the area when the fit has at most 300 areas, else Pregibon's (1981) one-step approximation. The area's interval is [g⁻¹(η̂₍ᵢ₎ − q·sᵢ), g⁻¹(η̂₍ᵢ₎ + q·sᵢ)] with sᵢ² = Var(η̂₍ᵢ₎) + φ̂₍ᵢ₎·V(μ̂₍ᵢ₎)/(wᵢ·μ′(η̂₍ᵢ₎)²): formed on the link scale and mapped back through the link, so under a log link it stays positive; q is the normal quantile when the dispersion is known (Poisson, negative binomial), Student's t on n−p−1 degrees of freedom otherwise",
    deviance_explained_heading: "Deviance explained",
    the_benjamini_hochberg_q_value_controls: "the Benjamini–Hochberg q-value (controls the false discovery rate; Benjamini & Hochberg 1995)",
    the_bonferroni_adjusted_p_min_1: "the Bonferroni-adjusted p = min(1, n·pᵢ) (Dunn 1961)",
    kolada_the_council_for_the_promotion: "Kolada, the Council for the Promotion of Municipal Analyses (RKA), kolada.se. Original producers: Statistics Sweden (SCB) and the National Board of Health and Welfare (Socialstyrelsen).",
    data_file: "Data file:",
    computed_with: "Computed with",
    the_modelled_value_is_not_a: "The modelled value is not a norm. It shows what the area's structure (the variables in the model) predicts, from how things are on average among the areas compared. A deviation can come from what the model leaves out – housing, labour market, practice, recording – and does not by itself say anything about efficiency.",
    the_relations_are_statistical_not_causal: "The relations are statistical, not causal. Small areas have noisier outcomes; the prediction interval accounts for this when the model is weighted by population.",
    definition_breaks_in_kolada_refugee_hous: "Definition breaks in Kolada: refugee households on introduction benefit were not counted as social assistance until about 2010–2012; N00914 (RAMS) ends in 2021 and is replaced by N02243 from 2020; the SKR model behind U31004 changed in 2020. Kolada revises values afterwards, so figures can differ from today's Kolada.",
    fit_warning: "Fit warning:",
    weights: "Weights",
    robust_standard_errors_hc: "Robust standard errors (HC)",
    cluster_robust_standard_errors: "Cluster-robust standard errors",
    prediction_interval_2: "Prediction interval",
    outlier_test: "Outlier test",
    // report/xlsx.rs
    areas: "Areas",
    // glm presentation
    t_100_y_only_where_0_else: "100 · (yᵢ − ŷᵢ) / ŷᵢ, only where the confidence interval of ŷᵢ lies wholly above 0 (else –)",
    ratio: "Ratio",
    y_how_many_times_its_modelled_value_the: "yᵢ / ŷᵢ: how many times its modelled value the area pays (1.46 = 46% more); only where the confidence interval of ŷᵢ lies wholly above 0",
    the_standard_normal_distribution: "the standard normal distribution",
    student_s_t_with_n_p_1_degrees_of_freedo: "Student's t with n−p−1 degrees of freedom",
    actual_minus_modelled_in_the_outcome_s_u: "Actual minus modelled in the outcome's unit, sorted; the grey fields show what the leave-one-out interval allows. In amounts, not percent: a linear modelled value can be near zero or below, where a percent of it becomes absurdly large or takes the wrong sign.",
    actual_divided_by_modelled_sorted_on_a_l: "Actual divided by modelled, sorted, on a logarithmic scale: 2 (twice as high) and 0.5 (half) lie equally far from 1. The grey fields show what the leave-one-out interval allows.",
    coefficients_log_scale: "Coefficients (log scale)",
    on_the_log_scale_with_confidence_interva: "β on the log scale with confidence intervals; exp(β) is the factor the modelled value is multiplied by when the covariate rises by one unit.",
    times_modelled: "Times modelled",
    exp_factor: "exp(β), factor",
    the_estimate_is_on_the_log_scale_the_mod: "The estimate β is on the log scale: the modelled value is multiplied by the factor exp(β) when the variable rises by one unit and the others are held fixed (1.08 = 8% higher). VIF above about 5–10 suggests the variables overlap.",
    why_this_model_family: "Why this model family",
    residuals_by_area_pearson_deviance_stude: "Residuals by area (Pearson, deviance, studentized, leverage, Cook's distance)",
    pearson_residual: "Pearson residual",
    deviance_residual: "Deviance residual",
    studentized_external: "Studentized (external)",
    leverage: "Leverage",
    no_percent_the_modelled_value_is_not_pos: "no percent: the modelled value is not positive",
    no_percent_the_modelled_value_is_zero_or: "* No percent: the modelled value is zero or negative, or so uncertain that it may be zero (its confidence interval reaches 0). A percent of it means nothing – of a modelled value near zero it can be any size, of a negative one it has the wrong sign; the deviation in amount stands.",
    warning_prefix: "Warning: ",
    no_percent_the_modelled_value_may_be_zero: "no percent: the modelled value may be zero",
    map_no_percent: "No percent (modelled value ≤ 0 or may be 0)",
    map_caption_no_percent: "Yellow: no percent (the modelled value is ≤ 0 or may be 0).",
    irls_weight: "IRLS, weight:",
    irls_unweighted: "IRLS, unweighted",
    gaussian: "Gaussian",
    quasi_poisson: "quasi-Poisson",
    negative_binomial: "negative binomial",
    identity_link: "identity link",
    log_link: "log link",
    linear_gaussian_identity_link: "linear (Gaussian, identity link)",
    model_family: "Model family",
    deviance_d: "Deviance D",
    null_deviance_d: "Null deviance D₀",
    share_of_deviance_explained_1_d_d: "Share of deviance explained, 1 − D/D₀",
    dispersion: "Dispersion φ̂",
    pearson_df: "Pearson χ²/df",
    fixed_by_the_family: "fixed by the family",
    s_e: "s.e.",
    coefficient_tests: "Coefficient tests",
    z_dispersion_known: "z (dispersion known)",
    dispersion_estimated: "dispersion estimated",
    quasi_likelihood_there_is_no_likelihood: "– (quasi-likelihood: there is no likelihood)",
    irls_iterations: "IRLS iterations",
    exact_refit_without_the_area: "exact refit without the area",
    one_step_approximation_pregibon_1981: "one-step approximation (Pregibon 1981)",
    cross_validated_error_weighted_rmse: "Cross-validated error (weighted RMSE)",
    failed_folds: "Failed folds",
    chosen: "Chosen",
    yes: "yes",
    model_families: "Model families",
    the_linear_model_gaussian_identity_link: "The linear model (Gaussian, identity link; ordinary or weighted least squares) adds up the covariates' contributions in kronor. It can give a modelled value near zero or below, which is not a possible cost. A generalised linear model with a log link multiplies the contributions instead: the modelled value is exp(xᵀβ) and always positive. The family says how the spread is expected to grow with the level: quasi-Poisson (variance φμ, for non-negative amounts such as SEK per inhabitant), Gamma (variance φμ², spread proportional to the level), Poisson and negative binomial (for counts, e.g. recipients, with population as an offset). The dispersion φ is estimated by Pearson's method as R's summary.glm does; the negative binomial's θ by maximum likelihood as MASS::glm.nb.",
    choice_by_cross_validation: "Choice by cross-validation",
    the_family_is_chosen_per_model_by_how_we: "The family is chosen per model by how well it predicts areas it has not seen: the areas are split into k folds, each fold is predicted by the model fitted on the others, and the error (actual minus prediction, weighted by population) is compared with the linear model's on the same covariates and the same folds. The table under The model shows the numbers for this year.",
    how_to_read_a_ratio: "How to read a ratio",
    with_a_log_link_a_deviation_is_a_factor: "With a log link a deviation is a factor: the ratio actual/modelled. 1.46 means the area pays 1.46 times its modelled value (46% more than the model expects), 0.80 that it pays 0.80 times (20% less). Ratios of 2 and 0.5 are equally large deviations in opposite directions, which is why they are drawn on a logarithmic scale. A coefficient's exp(β) is the factor the modelled value is multiplied by when the covariate rises by one unit and the others are held fixed.",
    family_and_link: "Family and link",
    dispersion_2: "Dispersion",
    residuals: "Residuals",
    times_modelled_2: "Times modelled",
    residuals_by_area: "Residuals by area",
    deviance_residual_2: "Deviance residual",
    rank_2: "Rank",
    population_weight: "Population (weight)",
    deviation_3: "Deviation %",
    total_deviation_sek: "Total deviation (SEK)",
    prediction_interval_low: "Prediction interval, low",
    prediction_interval_high: "Prediction interval, high",
    modelled_ci_low: "Modelled value's confidence interval, low",
    modelled_ci_high: "Modelled value's confidence interval, high",
    leave_one_out_interval_low: "Leave-one-out interval, low",
    leave_one_out_interval_high: "Leave-one-out interval, high",
    studentized_residual_internal: "Studentized residual (internal)",
    studentized_residual_external: "Studentized residual (external)",
    p_outlier_test: "p outlier test",
    flags_code: "Flags (code)",
    notes: "Notes",
    times_modelled_ratio: "Times modelled (ratio)",
    code: "Code",
    confidence_interval_low: "Confidence interval, low",
    confidence_interval_high: "Confidence interval, high",
    robust_s_e_hc3_2: "Robust s.e. HC3",
    cluster_robust_s_e: "Cluster-robust s.e.",
    exp_confidence_interval_low: "exp, confidence interval, low",
    exp_confidence_interval_high: "exp, confidence interval, high",
    deviance: "Deviance",
    null_deviance: "Null deviance",
    share_of_deviance_explained: "Share of deviance explained",
    s_e_2: "s.e. θ",
    test: "Test",
    cross_validated_weighted_rmse: "Cross-validated weighted RMSE,",
    chosen_2: ", chosen",
    line: "Line",
    logarithmic_axes_equal_distances_from_th: " Logarithmic axes: equal distances from the line mean equal ratios actual/modelled.",
    coefficients_on_the_log_scale_with_the_f: "Coefficients on the log scale (β), with the factor exp(β)",
    coefficient_log_scale: "Coefficient β (log scale)",
    deviance_explained: "deviance explained",
    weighted: "weighted",
    actual_modelled_times_logarithmic_scale: "Actual / modelled (times, logarithmic scale)",
    bar_with_an_arrow_the_axis_is_cut_the_tr: " Bar with an arrow: the axis is cut; the true value is printed at the arrow.",
    above_modelled_clearly: "Above modelled, clearly",
    below_modelled_clearly: "Below modelled, clearly",
    within_the_interval: "Within the interval",
    pearson_residual_actual_modelled_v_model: "Pearson residual = (actual − modelled)/√V(modelled), V the family's variance function. If the family fits, the points scatter evenly around zero at every level; a funnel suggests a wrong variance function, a curve a misspecified model.",

    // ---- Texts with numbers or names in them, by report section.

    // Summary
    ratio_pays: |q| format!("pays {q} times its modelled value"),
    ratio_is_at: |q| format!("is at {q} times its modelled value"),
    headline_glm: |fam, pct, outcome, n, year, share, weighting| format!(
        "The model ({fam}) explains {pct} of the deviance in {outcome} between {n} areas{year} (share of deviance explained {share}{weighting})."
    ),
    headline_linear: |pct, outcome, n, year, r2, weighting| format!(
        "The model explains {pct} of the differences in {outcome} between {n} areas{year} (R² = {r2}{weighting})."
    ),
    headline_flagged: |above, below, lvl| format!(
        "{above} {} above and {below} below their {lvl} prediction interval (computed without the area itself).",
        if above == 1 { "area lies" } else { "areas lie" }
    ),
    headline_excluded: |e| {
        if e == 1 {
            "1 area is left out of the fit; the reason is given under Excluded areas.".into()
        } else {
            format!("{e} areas are left out of the fit; the reasons are given under Excluded areas.")
        }
    },
    nonpositive_warning: |n, names, missing, unit| format!(
        "Warning: the model gives a modelled value of zero or below for {} {}: {}. An outcome such as a cost cannot be negative, so the modelled value cannot be read as a need for {}, and no deviation in percent is shown ({}). The deviation in {} stands. A model with a log link (quasi-Poisson, Gamma, negative binomial) always gives positive modelled values.",
        n,
        if n == 1 { "area" } else { "areas" },
        names,
        if n == 1 { "it" } else { "them" },
        missing,
        if unit.is_empty() { "the outcome's unit" } else { unit },
    ),
    uncertain_modelled_warning: |n, names, level, missing, unit| format!(
        "for {} {} the modelled value is so uncertain that it may be zero (its {} confidence interval reaches 0): {}. A percent of such a modelled value can be any size and says nothing, so no deviation in percent is shown ({}); the deviation in {} stands.",
        n,
        if n == 1 { "area" } else { "areas" },
        level,
        names,
        missing,
        if unit.is_empty() { "the outcome's unit" } else { unit },
    ),
    names_and_more: |names, k| format!("{names} and {k} more"),
    card_outside_years: |status, k, window| format!(
        "{status}: outside the interval in {k} of the last {window} years"
    ),

    // Ranking
    ranking_intro_html: |unit, lvl| format!(
        "All areas, ordered by how surely they deviate from the modelled value: first those above their interval, then those within it, last those below – within each part by studentized residual (the deviation relative to its uncertainty). Amounts in {}; total = deviation × population. The interval is the {lvl} prediction interval around the leave-one-out modelled value – what the above/below flags test against.",
        if unit.is_empty() { "the outcome's unit" } else { unit }
    ),
    ranking_intro_md: |lvl| format!(
        "Ordered by how surely the area deviates from the modelled value: first those above their interval, then those within it, last those below – within each part by studentized residual. The interval is the {lvl} prediction interval around the leave-one-out modelled value."
    ),
    rank_interval_head: |l| format!("Rank interval {l}"),
    rank_by_pct_head: |l| format!("Rank by %, {l} interval"),
    rank_head_md: |l| format!("Rank ({l} interval)"),
    rank_hint: |l, by, b, method| format!(
        "Rank, {l} interval: the place by {by} (1 = most above the modelled value) and the interval it stays within when the model is re-estimated on {b} random resamples ({method}). A wide interval means the place is uncertain."
    ),

    // Map
    map: "Map",
    map_deviation_by_area: "Map: deviation by area",
    map_caption_html: "Actual compared with modelled in percent of modelled; red above, blue below. Thick outline: outside the prediction interval. Grey: not in the sample. Hover over an area for its values.",
    map_caption_md: "Red: actual above modelled, blue: below. Thick outline: outside the prediction interval. Grey: not in the sample.",

    // Over the years
    persistence_intro: |lvl, min, window, span, np, no, occ, nb| format!(
        "Persistent outliers are areas outside their {lvl} prediction interval (computed without the area) in at least {min} of the last {window} years ({span}); a one-year blip is outside in one of them. {np} {} persistent{}, and {nb} {} a one-year blip.",
        if np == 1 { "area is" } else { "areas are" },
        occ.map(|y| format!(", {no} occasional ({y} years)")).unwrap_or_default(),
        if nb == 1 { "has" } else { "have" },
    ),
    persistence_md: |min, window, span, listed, blips| format!(
        "Persistent outliers (outside their interval in at least {min} of the last {window} years, {span}): {listed}. Outside in one year only: {blips} areas."
    ),
    years_table_intro: |lvl| format!(
        "Deviation in percent of the modelled value, the same model fitted for each year. ▲ = above and ▼ = below the {lvl} prediction interval that year. The big cities, the persistent outliers and the areas outside their interval this year are shown."
    ),
    all_flagged_in_window: |n, window| format!("All {n} areas flagged in the last {window} years"),
    years_outside_head: |window| format!("Years outside the interval (of {window})"),
    actual_in_year: |y| format!("Actual {y}"),
    decomposition_title: |from, to| format!("Change {from}–{to}: structure, model and deviation"),
    decomposition_title_md: |from, to| format!("Change {from}–{to}: structure + model + deviation"),
    not_in_fit_of: |year| format!("not in the {year} fit"),
    decomposition_shown: |n, cities| {
        if cities {
            format!("The table shows the big cities and the {n} areas whose deviation changed most (in amount); every area is in the collapsible table below.")
        } else {
            format!("The table shows the {n} areas whose deviation changed most (in amount); every area is in the collapsible table below.")
        }
    },
    decomposition_text: |unit, from, to, shown| format!(
        "The change in actual{unit} from {from} to {to} splits exactly into three parts: structure – the population's composition changed (the change in the covariates valued at the two years' average coefficients); model – the coefficients and level changed (valued at the two years' average covariate values); deviation – the rest, the change in the gap between actual and modelled. Structure + model + deviation = change. {shown}"
    ),
    decomposition_caption: |from, to| format!(
        "The bars add up to the change in actual {from}–{to} for each area in the table above."
    ),
    all_n_areas: |n| format!("All {n} areas"),
    change_from_to: |from, to| format!("Change {from}–{to}"),
    structure_part: "structure",
    model_part: "model",
    deviation_part: "deviation",

    // Similar areas
    peers_whom_big_cities: "the big cities",
    peers_whom_top: |n| format!(
        "the {n} areas that deviate most (outside their interval first, then largest deviation in amount)"
    ),
    peers_text: |whom, k| format!(
        "For {whom}: the {k} areas in other groups (counties or cities) most similar in population structure, by Mahalanobis distance over the model's covariates. The distance allows for covariates that move together; 0 is an identical structure. Similar areas with different costs are a question to ask, not an answer."
    ),
    peers_intro_md: |k| format!(
        "The {k} areas in other groups most similar in population structure (Mahalanobis distance over the model's covariates), with their deviation from the modelled value."
    ),
    peers_head: |name, other| {
        if other {
            format!("{name} and similar areas in other groups")
        } else {
            format!("{name} and similar areas")
        }
    },
    peers_chart_title: |name, k| format!("{name} and {k} similar"),

    // Reference model
    reference_title: |col| format!("Comparison with the reference model {col}"),
    reference_chart_title: |col| format!("Modelled value against the reference model {col}"),
    mean_difference: |n, higher| {
        if higher {
            format!("{n} higher than")
        } else {
            format!("{n} lower than")
        }
    },
    reference_text: |named, n, r, rank, cam, car, mean_diff, same, n_dis| format!(
        "The modelled values are compared with an external model calculation, {named}, for the {n} areas that have a value. The two correlate with r = {r} (rank correlation {rank}). Actual follows our model with r = {cam} and the reference with r = {car}. Our modelled value is on average {mean_diff} the reference. The models agree on the sign of the deviation (above or below) for {same} areas and disagree for {n_dis}."
    ),
    reference_md: |r, rank, cam, car, n_dis, n, top| format!(
        "Correlation with the modelled value r = {r} (rank {rank}); actual follows our model with r = {cam} and the reference with r = {car}. Disagree on the sign of the deviation: {n_dis} of {n} areas{top}."
    ),
    largest_differences: |names| format!(" (largest differences: {names})"),
    disagreements_head: |n, inline| format!(
        "Areas where the models disagree on the sign{}",
        if n > inline { format!(" (the {inline} largest differences)") } else { String::new() }
    ),
    all_disagreements: |n| format!("All {n} areas where the models disagree"),

    // Method
    how_wls: |label, w| format!(
        "weighted least squares (WLS) with weight {label} ({w}), so larger areas count for more"
    ),
    linear_description: |outcome, id, covs, how, fe| format!(
        "Linear regression of {outcome} ({id}) on {covs}, estimated by {how}. The modelled value ŷᵢ = xᵢᵀβ̂ is what the model expects for an area with this area's structure.{fe}"
    ),
    glm_weighted_by: |label, w| format!(", weighted by {label} ({w}) so larger areas count for more"),
    glm_offset: |o| format!(" Offset: log({o})."),
    glm_description: |fam, outcome, id, covs, weight, mu, offset| format!(
        "Generalised linear model ({fam}) of {outcome} ({id}) on {covs}, estimated by iteratively reweighted least squares (IRLS){weight}. The modelled value {mu} is what the model expects for an area with this area's structure.{offset}"
    ),
    comparison_with_linear: |k, rmse, name, linear, pct, lower, better| format!(
        "By {k}-fold cross-validation (the same folds for both) the weighted prediction error is {rmse} for {name} against {linear} for the linear model on the same covariates – {pct} {}.{better}",
        if lower { "lower" } else { "higher" },
    ),
    comparison_alone: |k, name, rmse, better| format!(
        "Cross-validated weighted prediction error ({k}-fold) for {name}: {rmse}.{better}"
    ),
    lowest_error: |fam, v| format!(" The lowest error is {fam}'s: {v}."),
    comparison_note: |k, seed| format!(
        "The areas are split at random into {k} folds (seed {seed}); each fold is predicted by the model fitted on the others. The error is actual minus prediction, squared and weighted by the weight (population), on the outcome's scale – the same measure for every family (each family's mean deviance is in results.json)."
    ),
    rule_above: |lvl| format!("The actual value lies above the {lvl} prediction interval around the leave-one-out modelled value: yᵢ > ŷ₍ᵢ₎ + t(1−α/2; n−p−1) · √(σ̂₍ᵢ₎²/wᵢ + xᵢᵀ Cov₍ᵢ₎(β̂) xᵢ), where ₍ᵢ₎ means estimated without area i and wᵢ is the weight (1 when unweighted)."),
    rule_below: |lvl| format!("The actual value lies below the same {lvl} interval: yᵢ < ŷ₍ᵢ₎ − t(1−α/2; n−p−1) · √(…)."),
    rule_outlier: |corr_formula, alpha| format!("The externally studentized residual tᵢ = eᵢ / (σ̂₍ᵢ₎ √(1 − hᵢ)) is tested two-sided against Student's t with n−p−1 degrees of freedom. Because all n areas are tested at once, {corr_formula} is used; flagged when it is < α = {alpha}."),
    rule_influential: |cook, lev| format!("The area has a large influence on the estimates: Cook's distance Dᵢ = tᵢ*² hᵢ / (p (1 − hᵢ)) > 4/n = {cook} (Cook 1977), or leverage hᵢ > 2p/n = {lev} (Belsley, Kuh & Welsch 1980). tᵢ* is the internally studentized residual."),
    rule_practical: |pct| format!("The deviation is large enough to matter in practice: |100 · (yᵢ − ŷᵢ)/ŷᵢ| ≥ {pct}. A statistically clear but small deviation is not flagged here, nor an area whose modelled value may be zero (its confidence interval reaches 0): it has no percent."),
    glm_rule_above: |lvl| format!("The actual value lies above the {lvl} prediction interval around the leave-one-out modelled value μ̂₍ᵢ₎. The interval combines the family's variance function, φ̂·V(μ̂₍ᵢ₎)/wᵢ, and the uncertainty of the linear predictor, xᵢᵀCov₍ᵢ₎(β̂)xᵢ, carried to the outcome's scale through the link; the exact definition is under Conventions."),
    glm_rule_below: |lvl| format!("The actual value lies below the same {lvl} interval."),
    glm_rule_outlier: |dist, corr_formula, alpha| format!("The externally studentized residual (R's rstudent for glm: the deviance residual scaled by the leave-one-out dispersion and √(1 − hᵢ)) is tested two-sided against {dist}. Because all n areas are tested at once, {corr_formula} is used; flagged when it is < α = {alpha}."),
    glm_rule_influential: |cook, lev| format!("The area has a large influence on the estimates: Cook's distance for glm (R's cooks.distance, from the Pearson residual and the leverage of the IRLS weights) > 4/n = {cook}, or leverage hᵢ > 2p/n = {lev}."),
    glm_rule_practical: |pct| format!("The deviation is large enough to matter in practice: |100 · (yᵢ − μ̂ᵢ)/μ̂ᵢ| ≥ {pct}, that is, the ratio yᵢ/μ̂ᵢ lies at least that far from 1."),
    glossary: |lvl| vec![
        ("Area", "the unit compared: a district or a municipality, with id, name, group and year.".into()),
        ("Group", "what the area belongs to: its city (for districts) or county (for municipalities).".into()),
        ("Actual", "the observed outcome, e.g. paid social assistance in kronor per inhabitant.".into()),
        ("Modelled", "the value the model expects for the area from its structure.".into()),
        ("Leave-one-out modelled", "the modelled value when the model is fitted without the area itself.".into()),
        ("Deviation", "actual minus modelled, in SEK per inhabitant, in percent of modelled and in kronor in total (times population).".into()),
        ("Prediction interval", format!("the interval in which a new area with the same structure would fall with {lvl} probability.")),
        ("Flag", "a rule the area trips: above or below the interval, outlier test, influential, large deviation.".into()),
        ("Leverage (hᵢ)", "how unusual the area's combination of explanatory variables is; between 0 and 1.".into()),
        ("R²", "the share of the differences between areas that the model explains.".into()),
        ("Full-year equivalent", "one recipient counted over a full year (national measure).".into()),
    ],

    // Short version
    brief_kicker: "Modelled value compared with actual – short version",
    in_short: "In short",
    largest_deviations: "Largest deviations",
    method_in_five_sentences: "The method in five sentences",
    the_full_report: "The full report",
    brief_method: |outcome, n, covs, lvl| vec![
        format!("The modelled value is the {outcome} that a regression over all {n} areas expects from {covs}."),
        "The deviation is actual minus modelled, also in percent of the modelled value where that is surely above zero.".into(),
        format!("An area is flagged above or below when its actual lies outside its {lvl} prediction interval, computed with the area itself left out."),
        "A deviation is not a verdict: it shows what the model's factors do not explain, such as ways of working, data quality or conditions the model lacks.".into(),
        "The full report (report.html) has every area, the charts, the model's fit and the method in detail.".into(),
    ],

    // RKA's similar municipalities
    rka_title: "Similar municipalities according to RKA",
    rka_intro: "RKA's groups \"Liknande kommuner ekonomiskt bistånd\" (similar municipalities, financial assistance; Kolada) beside the tool's own similar areas. ✓ = in the list. Deviation = actual compared with modelled in this model.",
    rka_summary: |both, n_rka, n_own, name, pct, rka_med, own_med| format!(
        "{both} of RKA's {n_rka} municipalities are also among the tool's {n_own} similar areas. {name}: deviation {pct}; median of RKA's municipalities {rka_med}, of the tool's {own_med}."
    ),
    municipality: "Municipality",
    the_tool: "The tool",

    // Index
    new_badge: "new",
    new_badge_legend: "= written by the latest run; the other reports were already in the folder.",

    // Charts
    names_did_not_fit: |n| format!("{n} names did not fit"),
    coefficients_standardised_title: "Coefficients, standardised (β·sd(x)/sd(y))",
    coefficients_raw_title: "Coefficients in the variables' own units",
    coefficients_note_log: |lvl| format!(
        "Point: estimate β on the log scale; bar: {lvl}% confidence interval. On the right: β [interval] and ×exp(β), the factor the modelled value is multiplied by when the variable rises by one unit (per unit of the variable, so rows are not comparable with each other). Dark: the interval excludes 0 (a factor of 1). The intercept is not shown."
    ),
    coefficients_note_standardised: |lvl| format!(
        "Point: estimate; bar: {lvl}% confidence interval. Standardised: change in the outcome, in standard deviations, when the variable rises by one standard deviation. Dark: the interval excludes 0. The intercept is not shown."
    ),
    coefficients_note_raw: |lvl| format!(
        "Point: estimate; bar: {lvl}% confidence interval. Units: the outcome's unit per unit of the variable, so rows are not comparable with each other. Dark: the interval excludes 0. The intercept is not shown."
    ),
    ranking_scope_all: |n| format!("All {n} areas, sorted by deviation."),
    ranking_scope_ends: |k, n| format!("The {k} highest and {k} lowest of {n} areas."),
    ranking_chart_note: |scope, lvl| format!(
        "{scope} Grey field: deviation within the {lvl}% prediction interval (estimated without the area). Coloured bar and bold name: outside the interval or outlier."
    ),
    ranking_not_shown: |names| format!(
        " Not shown (the modelled value is zero or negative, and dividing by it means nothing): {names}."
    ),
    areas_not_shown: |n| format!("\u{22ee} {n} areas not shown \u{22ee}"),
    peer_gap_title: |model| format!("{model}: actual compared with similar areas"),
    peer_gap_axis: |unit| format!("actual − mean of similar areas ({unit})"),
    trend_chart_title: |model| format!("{model}: deviation over the years (persistent outliers in colour)"),
    year_axis: "year",
    deviation_pct_axis: "deviation from the modelled value (%)",
    kronor: "kronor",
};

// ---------------------------------------------------------------------------
// Reasons a row was left out and warnings of a fit (see `reasons.rs`):
// templates with `{name}` placeholders, filled from the contract's codes. They
// give exactly the English text `results.json` holds.
// ---------------------------------------------------------------------------

pub(super) static EN_REASONS: Reasons = Reasons {
    year_missing: "the year is missing: the row belongs to no year's fit",
    missing: "missing {columns}",
    population_missing: "missing {population} (population for {column})",
    group_missing: "the group is missing ('{group}'): the group fixed effect needs it",
    weight_not_positive: "weight {column} = {value}: weights must be > 0",
    log_not_positive: "{column} = {value}: log needs a value > 0",
    population_not_positive: "population {population} = {value}: cannot divide {column} by it",
    perfect_fit: "essentially perfect fit: the covariates reproduce the outcome to rounding error, so t values, p-values and the F test are undefined (shown as –); check that the outcome is not computed from the covariates",
    collinear: "condition number {value}: the covariates are nearly collinear; coefficients are computed accurately for these data but are not stable against small changes in them (see VIF)",
    collinear_glm: "condition number {value}: the covariates are nearly collinear",
    leverage_one: "{n} area(s) with leverage 1: each alone determines a coefficient; their leave-one-out values and outlier tests are undefined",
    leverage_one_glm: "{n} observation(s) with leverage 1: their leave-one-out values and outlier tests are undefined",
    nonpositive_modelled: "{n} area(s) with a modelled value ≤ 0 (the linear model predicts an impossible cost): {areas}; no deviation in % for them, and they cannot be allocated by need; a log-link family (e.g. family = \"quasipoisson\") keeps modelled values > 0",
    cluster_skipped: "cluster-robust standard errors by group were not computed: {n} area(s) in the fit have no group ({areas}); give them their group in the data to get them",
    unit_none: "the outcome '{outcome}' has no unit, so the deviation in kronor in total (deviation × population) is left empty; if it is kronor per inhabitant, add [units] {key} = \"kr/inv\" to the spec (or the unit in variables.csv beside the data)",
    unit_not_per_inhabitant: "the outcome '{outcome}' has the unit '{unit}', not per inhabitant, so the deviation in kronor in total (deviation × population) is left empty; if it is kronor per inhabitant, add [units] {key} = \"kr/inv\" to the spec (or the unit in variables.csv beside the data)",
};

pub(super) static EN_WARNING_YEARS: WarningYears = WarningYears {
    perfect_fit: "essentially perfect fit in {k} of {n} years",
    collinear: "nearly collinear covariates in {k} of {n} years",
    leverage_one: "leverage 1 in {k} of {n} years",
    nonpositive_modelled: "a modelled value ≤ 0 for some area in {k} of {n} years",
    cluster_skipped: "no cluster-robust standard errors in {k} of {n} years",
    unit_not_per_inhabitant: "the outcome is not per inhabitant in {k} of {n} years",
    other: "other warnings in {k} of {n} years",
};
