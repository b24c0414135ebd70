//! Swedish report and chart text (see [`super::Messages`]).

use super::reasons::{Reasons, WarningYears};
use super::Messages;

pub(super) static SV: Messages = Messages {
    // plot/coefficients.rs
    standardised_coefficient: "Standardiserad koefficient",
    coefficient: "Koefficient",
    // plot/crossview.rs
    reference: "referens",
    modelled: "modellvärde",
    change_in_actual: "förändring i utfall",
    actual: "utfall",
    // plot/diagnostics.rs
    area: "Område",
    flagged_area: "Flaggat område",
    residuals_against_modelled: "Residualer mot modellvärde",
    residual_actual_modelled_without_pattern: "Residual = utfall − modellvärde. Utan mönster ska punkterna ligga jämnt kring noll-linjen; en trumpetform tyder på olika spridning (heteroskedasticitet), en båge på en felspecificerad modell.",
    modelled_2: "Modellvärde",
    residual: "Residual",
    normal_qq_plot_of_studentized_residuals: "Normalfördelningsplot (QQ) av studentiserade residualer",
    externally_studentized_residuals_r_rstud: "Externt studentiserade residualer (R rstudent) mot normalfördelningens kvantiler (R ppoints). Nära linjen y = x: residualerna är ungefär normalfördelade; punkter långt från linjen i ändarna är möjliga avvikare.",
    theoretical_quantile_n_0_1: "Teoretisk kvantil, N(0, 1)",
    externally_studentized_residual: "Externt studentiserad residual",
    cook_s_distance_d_0_5: "Cooks avstånd D = 0,5 och 1",
    leverage_and_residual: "Hävstång och residual",
    leverage_h_how_unusual_the_area: "Hävstång h: hur ovanlig områdets mix av förklaringsvariabler är. Kurvor: Cooks avstånd D = r²·h / (p·(1 − h)) (Cook 1977, som R plot.lm); områden utanför kurvorna ändrar skattningen mycket.",
    leverage_h: "Hävstång (h)",
    internally_studentized_residual: "Internt studentiserad residual",
    // plot/headline.rs
    actual_modelled: "Utfall = modellvärde",
    prediction_interval: "prediktionsintervall",
    outside_the_interval_or_outlier: "Utanför intervallet eller avvikare",
    each_point_is_an_area_above: "Varje punkt är ett område. Över linjen: högre utfall än modellvärdet, under: lägre. Lodräta streck: områdets prediktionsintervall.",
    actual_and_modelled: "Utfall och modellvärde",
    actual_2: "Utfall",
    // plot/map.rs
    stockholm_area: "Stockholmsområdet",
    g_teborg_area: "Göteborgsområdet",
    malm_area: "Malmöområdet",
    to: "till",
    below: "under",
    or_more: "och mer",
    deviation_from_the_modelled_value: "Avvikelse från modellvärdet",
    deviation_from_the_modelled_value_actual: "Avvikelse från modellvärdet, % (utfall jämfört med modellvärde)",
    deviation: "Avvikelse",
    thick_outline_outside_the_prediction_int: "Tjock kontur: utanför prediktionsintervallet. Namngivna: flaggade områden.",
    not_in_the_sample: "Ingår inte i urvalet",
    no_data: "Ingen uppgift",
    value: "Värde",
    outside_the_prediction_interval: "Utanför prediktionsintervallet",
    flagged_names_did_not_fit_on: "flaggade namn fick inte plats på kartan (se tabellen).",
    areas_have_no_boundary_in_the: "områden saknar gräns i kartfilen",
    municipal_boundaries_okfse_sweden_geojso: "Kommungränser: okfse/sweden-geojson (efter Valmyndigheten), förenklade. Projektion SWEREF 99 TM.",
    boundaries: "Gränser",
    sweref_99_tm_projection: "Projektion SWEREF 99 TM.",
    // plot/mod.rs
    empty: "\u{a0}%",
    weighted_wls: "viktad (WLS)",
    other: "Övriga",
    // plot/ranking.rs
    deviation_from_modelled: "Avvikelse från modellvärdet (%)",
    deviation_from_modelled_2: "Avvikelse från modellvärdet",
    above_modelled_flagged: "Över modellvärdet, flaggat",
    below_modelled_flagged: "Under modellvärdet, flaggat",
    not_flagged: "Ej flaggat",
    // plot/trend.rs
    flagged_that_year: "Flaggat det året",
    one_fit_per_year: "en skattning per år",
    deviation_from_modelled_over_the_years: "Avvikelse från modellvärdet över år",
    deviation_actual_modelled_modelled_with: "Avvikelse = (utfall − modellvärde) / modellvärde, med modellen skattad separat för varje år. Ring: området flaggades det året. Avbrott: området saknas det året.",
    year: "År",
    // report/files.rs
    modelled_and_actual: "Modellvärde och utfall",
    each_point_is_an_area_on: "Varje punkt är ett område. På linjen är utfallet lika med modellvärdet; strecken visar prediktionsintervallet. Namngivna områden ligger utanför sitt intervall beräknat utan området, eller är avvikare.",
    deviation_by_area: "Avvikelse per område",
    actual_minus_modelled_in_percent_of: "Utfall minus modellvärde i procent av modellvärdet, sorterat; strecken visar vad intervallet utan området tillåter.",
    coefficients_standardised: "Koefficienter (standardiserade)",
    sd_x_sd_y_with_confidence: "β·sd(x)/sd(y) med konfidensintervall: hur många standardavvikelser utfallet ändras när variabeln ändras en standardavvikelse.",
    deviation_over_the_years: "Avvikelse över åren",
    deviation_in_percent_of_modelled_one: "Avvikelse i procent av modellvärdet, en skattning per år. Visas: storstäderna, de ihållande avvikarna och de områden som legat utanför sitt intervall flest år.",
    residual_against_modelled: "Residual mot modellvärde",
    patterns_funnel_curve_suggest_heterosked: "Mönster (trattform, böj) tyder på heteroskedasticitet eller saknade termer.",
    normal_qq_plot: "Normalfördelningsdiagram (QQ)",
    externally_studentized_residuals_against: "Externt studentiserade residualer mot normalfördelningens kvantiler.",
    leverage_against_studentized_residual_wi: "Hävstång mot studentiserad residual med konturer för Cooks avstånd.",
    // report/format.rs
    n0_001: "0,001",
    // report/html.rs
    above: "över",
    outlier: "avvikare",
    modelled_value_compared_with_actual: "Modellvärde jämfört med utfall",
    model: "Modell",
    outcome: "Utfall",
    summary: "Sammanfattning",
    ranking: "Rangordning",
    figures: "Diagram",
    over_the_years: "Över åren",
    similar_areas: "Liknande områden",
    reference_model: "Referensmodell",
    the_model: "Modellen",
    method: "Metod",
    excluded: "Uteslutna",
    the_big_cities: "Storstäderna",
    most_above_the_modelled_value: "Mest över modellvärdet",
    most_below_the_modelled_value: "Mest under modellvärdet",
    none: "Inga.",
    click_a_column_header_to_sort: "Klicka på en kolumnrubrik för att sortera; klicka igen för omvänd ordning.",
    group: "Grupp",
    modelled_3: "Modell\u{AD}värde",
    leave_one_out_modelled: "Modellvärde utan området",
    total: "Totalt",
    interval: "Intervall",
    flags: "Flaggor",
    flags_2: "Flaggor:",
    the_rules_are_given_under_method: "reglerna står under Metod.",
    wild_bootstrap: "vild bootstrap",
    pairs_bootstrap: "parvis bootstrap",
    deviation_in_percent: "avvikelse i procent",
    deviation_in_amount: "avvikelse i belopp",
    figure: "Figur",
    the_chart_could_not_be_drawn: "Diagrammet kunde inte ritas; skälet står nedan. Siffrorna finns i tabellerna.",
    the_figure_is_not_shown_it: "Diagrammet visas inte: det innehåller skript eller externa referenser.",
    fit: "Anpassning",
    deviation_measures: "Avvikelsemått",
    coefficients: "Koefficienter",
    confidence_interval: "konfidensintervall",
    variable: "Variabel",
    estimate: "Skattning",
    std_error: "Medelfel",
    robust_s_e_hc3: "Robust medelfel (HC3)",
    standardised: "Standardiserad",
    the_estimate_is_how_much_the: "Skattningen anger hur mycket modellvärdet ändras när variabeln ökar en enhet och de andra hålls lika. Standardiserad: ändring i standardavvikelser av utfallet per standardavvikelse av variabeln. VIF över omkring 5–10 tyder på att variablerna överlappar.",
    conventions: "Konventioner",
    definitions: "Begrepp",
    data_and_sources: "Data och källor",
    references: "Litteratur",
    caveats: "Att tänka på",
    excluded_areas: "Uteslutna områden",
    no_areas_were_left_out: "Inga områden uteslöts.",
    these_areas_are_not_in_the: "Dessa områden ingår inte i skattningen och har inget modellvärde. Inget område försvinner utan att det står här.",
    name: "Namn",
    reason: "Skäl",
    this_report_is_a_self_contained: "Rapporten är en fristående fil: den hämtar inget från nätet.",
    pooled: "sammanslaget",
    status: "Status",
    change: "Förändring",
    structure: "Struktur",
    the_change_split_by_area: "Förändringen uppdelad per område",
    in_only_one_of_the_two: "Finns bara i det ena året och delas inte upp:",
    covariates: "Variabler:",
    distance: "Avstånd",
    the_areas_among_all_areas: "Områdena bland alla områden",
    each_point_is_an_area_modelled: "Varje punkt är ett område (modellvärde mot utfall); på linjen är utfallet lika med modellvärdet. Området i rött, dess liknande områden i blått.",
    reference_2: "Referens",
    deviation_our_model: "Avvikelse (vår modell)",
    deviation_reference: "Avvikelse (referens)",
    each_point_is_an_area_the: "Varje punkt är ett område: referensmodellens värde mot vårt modellvärde; på linjen är de lika. Orange: modellerna är oeniga om avvikelsens tecken (de största skillnaderna namngivna).",
    // report/index.rs
    modelled_values_all_reports: "Modellvärden – alla rapporter",
    flagged_areas: "Flaggade områden",
    report: "Rapport",
    open: "öppna",
    no_reports: "Inga rapporter.",
    flagged: "Flaggade",
    failed_runs: "Misslyckade körningar",
    // report/markdown.rs
    most_above_the_modelled_value_2: "Mest över modellvärdet:",
    most_below_the_modelled_value_2: "Mest under modellvärdet:",
    leave_one_out: "Utan området",
    model_fit: "Modellens anpassning",
    measure: "Mått",
    none_2: "inga",
    the_big_cities_and_the_areas: "Storstäderna och de områden vars avvikelse ändrades mest; alla områden finns i results.json (cross_city.change_decomposition).",
    reference_model_2: "Referensmodellen",
    // report/mod.rs
    above_interval: "över intervallet",
    below_interval: "under intervallet",
    influential: "inflytelserik",
    deviation_2: "avvikelse",
    intercept: "Konstant (intercept)",
    rank: "rang",
    interval_2: "intervall",
    above_the: "över",
    below_the: "under",
    within_the: "inom",
    in_: "år",
    weighted_by: ", viktad med",
    wls_weight: "WLS, vikt:",
    ols_unweighted: "OLS, utan vikter",
    coefficients_p: "Antal koefficienter (p)",
    adjusted_r: "Justerat R²",
    residual_standard_error: "Residualspridning σ̂",
    condition_number: "Konditionstal",
    estimation: "Skattning",
    significance_level: "Signifikansnivå α",
    multiple_testing_correction: "Korrektion för många test",
    solver: "Lösare",
    persistent: "ihållande",
    occasional: "återkommande",
    one_year_blip: "enstaka år",
    both_ways: "åt båda hållen",
    // report/text.rs
    ordinary_least_squares_ols_every_area: "vanlig minsta kvadrat-metod (OLS), alla områden väger lika",
    fixed_effects_for: " Fixa effekter för",
    e_y_actual_minus_modelled_in: "eᵢ = yᵢ − ŷᵢ (utfall minus modellvärde), i utfallets enhet",
    deviation_in_percent_2: "Avvikelse i procent",
    total_deviation: "Avvikelse totalt",
    y_population_in_kronor: "(yᵢ − ŷᵢ) · befolkningᵢ, i kronor",
    y_e_1_h_the_modelled: "ŷ₍ᵢ₎ = yᵢ − eᵢ/(1 − hᵢ): modellvärdet när modellen skattas utan området, så att ett område inte drar sitt eget modellvärde mot sig",
    glm_leave_one_out_formula: "μ̂₍ᵢ₎ = g⁻¹(xᵢᵀβ̂₍ᵢ₎ + offsetᵢ): modellvärdet när modellen skattas utan området, så att ett område inte drar sitt eget modellvärde mot sig; β̂₍ᵢ₎ är en exakt IRLS-omskattning utan området när skattningen har högst 300 områden, annars Pregibons (1981) enstegsapproximation. Områdets intervall är [g⁻¹(η̂₍ᵢ₎ − q·sᵢ), g⁻¹(η̂₍ᵢ₎ + q·sᵢ)] med sᵢ² = Var(η̂₍ᵢ₎) + φ̂₍ᵢ₎·V(μ̂₍ᵢ₎)/(wᵢ·μ′(η̂₍ᵢ₎)²): bildat på länkskalan och fört tillbaka genom länken, så att det med loglänk förblir positivt; q är normalfördelningens kvantil när dispersionen är känd (Poisson, negativ binomial), annars Students t med n−p−1 frihetsgrader",
    deviance_explained_heading: "Förklarad devians",
    the_benjamini_hochberg_q_value_controls: "Benjamini–Hochbergs q-värde (styr andelen falska upptäckter; Benjamini & Hochberg 1995)",
    the_bonferroni_adjusted_p_min_1: "Bonferroni-korrigerat p = min(1, n·pᵢ) (Dunn 1961)",
    kolada_the_council_for_the_promotion: "Kolada, Rådet för främjande av kommunala analyser (RKA), kolada.se. Ursprungliga producenter: Statistiska centralbyrån (SCB) och Socialstyrelsen.",
    data_file: "Datafil:",
    computed_with: "Beräknat med",
    the_modelled_value_is_not_a: "Modellvärdet är ingen norm. Det visar vad områdets struktur (de variabler som ingår) förutsäger, utifrån hur det ser ut i genomsnitt bland de jämförda områdena. En avvikelse kan bero på sådant som inte ingår i modellen – bostadsmarknad, arbetsmarknad, arbetssätt, registrering – och säger inte i sig något om effektivitet.",
    the_relations_are_statistical_not_causal: "Sambanden är statistiska, inte orsakssamband. Små områden har osäkrare utfall; prediktionsintervallet tar hänsyn till detta när modellen är viktad med befolkningen.",
    definition_breaks_in_kolada_refugee_hous: "Definitionsbrott i Kolada: flyktinghushåll med introduktionsersättning räknades inte som ekonomiskt bistånd fram till omkring 2010–2012; N00914 (RAMS) upphör 2021 och ersätts av N02243 från 2020; SKR:s modell bakom U31004 ändrades 2020. Kolada reviderar värden i efterhand, så siffror kan skilja från dagens Kolada.",
    fit_warning: "Varning från skattningen:",
    weights: "Vikter",
    robust_standard_errors_hc: "Robusta medelfel (HC)",
    cluster_robust_standard_errors: "Klusterrobusta medelfel",
    prediction_interval_2: "Prediktionsintervall",
    outlier_test: "Avvikartest",
    // report/xlsx.rs
    areas: "Områden",
    // glm presentation
    t_100_y_only_where_0_else: "100 · (yᵢ − ŷᵢ) / ŷᵢ, bara där konfidensintervallet för ŷᵢ ligger helt över 0 (annars –)",
    ratio: "Kvot",
    y_how_many_times_its_modelled_value_the: "yᵢ / ŷᵢ: hur många gånger sitt modellvärde området betalar (1,46 = 46 % mer); bara där konfidensintervallet för ŷᵢ ligger helt över 0",
    the_standard_normal_distribution: "normalfördelningen",
    student_s_t_with_n_p_1_degrees_of_freedo: "Students t med n−p−1 frihetsgrader",
    actual_minus_modelled_in_the_outcome_s_u: "Utfall minus modellvärde i utfallets enhet, sorterat; de grå fälten visar vad intervallet utan området tillåter. I belopp, inte i procent: ett linjärt modellvärde kan ligga nära noll eller under, och då blir en procent av det orimligt stor eller får fel tecken.",
    actual_divided_by_modelled_sorted_on_a_l: "Utfall delat med modellvärde, sorterat, på logaritmisk skala: 2 (dubbelt så högt) och 0,5 (hälften) ligger lika långt från 1. De grå fälten visar vad intervallet utan området tillåter.",
    coefficients_log_scale: "Koefficienter (log-skala)",
    on_the_log_scale_with_confidence_interva: "β på log-skalan med konfidensintervall; exp(β) är den faktor modellvärdet multipliceras med när variabeln ökar en enhet.",
    times_modelled: "Gånger modell\u{AD}värdet",
    exp_factor: "exp(β), faktor",
    the_estimate_is_on_the_log_scale_the_mod: "Skattningen β är på log-skalan: modellvärdet multipliceras med faktorn exp(β) när variabeln ökar en enhet och de andra hålls lika (1,08 = 8 % högre). VIF över omkring 5–10 tyder på att variablerna överlappar.",
    why_this_model_family: "Varför denna modellfamilj",
    residuals_by_area_pearson_deviance_stude: "Residualer per område (Pearson, devians, studentiserad, hävstång, Cooks avstånd)",
    pearson_residual: "Pearsonresidual",
    deviance_residual: "Devians\u{AD}residual",
    studentized_external: "Studentiserad (extern)",
    leverage: "Hävstång",
    no_percent_the_modelled_value_is_not_pos: "ingen procent: modellvärdet är inte positivt",
    no_percent_the_modelled_value_is_zero_or: "* Ingen procent: modellvärdet är noll eller negativt, eller så osäkert att det kan vara noll (dess konfidensintervall når ned till 0). En procent av det saknar mening – av ett modellvärde nära noll blir den hur stor som helst, av ett negativt får den fel tecken; avvikelsen i belopp gäller.",
    warning_prefix: "Varning: ",
    no_percent_the_modelled_value_may_be_zero: "ingen procent: modellvärdet kan vara noll",
    map_no_percent: "Ingen procent (modellvärde ≤ 0 eller osäkert kring 0)",
    map_caption_no_percent: "Gult: ingen procent (modellvärdet är ≤ 0 eller kan vara 0).",
    irls_weight: "IRLS, vikt:",
    irls_unweighted: "IRLS, utan vikter",
    gaussian: "normalfördelning",
    quasi_poisson: "kvasi-Poisson",
    negative_binomial: "negativ binomial",
    identity_link: "identitetslänk",
    log_link: "log-länk",
    linear_gaussian_identity_link: "linjär (normalfördelning, identitetslänk)",
    model_family: "Modellfamilj",
    deviance_d: "Devians D",
    null_deviance_d: "Nolldevians D₀",
    share_of_deviance_explained_1_d_d: "Förklarad andel av deviansen, 1 − D/D₀",
    dispersion: "Dispersion φ̂",
    pearson_df: "Pearson χ²/df",
    fixed_by_the_family: "fast för familjen",
    s_e: "medelfel",
    coefficient_tests: "Test av koefficienter",
    z_dispersion_known: "z (dispersionen är känd)",
    dispersion_estimated: "dispersionen skattas",
    quasi_likelihood_there_is_no_likelihood: "– (kvasi-likelihood: ingen likelihood finns)",
    irls_iterations: "IRLS-iterationer",
    exact_refit_without_the_area: "exakt omskattning utan området",
    one_step_approximation_pregibon_1981: "ettstegsapproximation (Pregibon 1981)",
    cross_validated_error_weighted_rmse: "Korsvaliderat fel (viktat RMSE)",
    failed_folds: "Misslyckade delar",
    chosen: "Vald",
    yes: "ja",
    model_families: "Modellfamiljer",
    the_linear_model_gaussian_identity_link: "Den linjära modellen (normalfördelning, identitetslänk; vanlig eller viktad minsta kvadrat-metod) lägger ihop variablernas bidrag i kronor. Den kan ge ett modellvärde nära noll eller under noll, vilket inte är en möjlig kostnad. En generaliserad linjär modell med log-länk multiplicerar i stället bidragen: modellvärdet är exp(xᵀβ) och alltid positivt. Familjen anger hur spridningen väntas växa med nivån: kvasi-Poisson (varians φμ, för icke-negativa belopp som kr/inv), Gamma (varians φμ², spridningen proportionell mot nivån), Poisson och negativ binomial (för antal, t.ex. mottagare, med befolkningen som offset). Dispersionen φ skattas med Pearsons metod som i R:s summary.glm; negativ binomials θ med maximal likelihood som i MASS::glm.nb.",
    choice_by_cross_validation: "Val genom korsvalidering",
    the_family_is_chosen_per_model_by_how_we: "Familjen väljs per modell efter hur väl den förutsäger områden den inte har sett: områdena delas i k delar, varje del förutsägs av modellen skattad på de andra, och felet (utfall minus förutsägelse, viktat med befolkningen) jämförs med den linjära modellens på samma variabler och samma delar. Tabellen under Modellen visar siffrorna för detta år.",
    how_to_read_a_ratio: "Att läsa en kvot",
    with_a_log_link_a_deviation_is_a_factor: "Med log-länk är avvikelsen en faktor: kvoten utfall/modellvärde. 1,46 betyder att området betalar 1,46 gånger sitt modellvärde (46 % mer än modellen väntar sig), 0,80 att det betalar 0,80 gånger (20 % mindre). Kvoterna 2 och 0,5 är lika stora avvikelser åt var sitt håll, därför ritas de på logaritmisk skala. En koefficients exp(β) är den faktor modellvärdet multipliceras med när variabeln ökar en enhet och de andra hålls lika.",
    family_and_link: "Familj och länk",
    dispersion_2: "Dispersion",
    residuals: "Residualer",
    times_modelled_2: "Gånger modellvärdet",
    residuals_by_area: "Residualer per område",
    deviance_residual_2: "Deviansresidual",
    rank_2: "Rang",
    population_weight: "Befolkning (vikt)",
    deviation_3: "Avvikelse %",
    total_deviation_sek: "Avvikelse totalt (kr)",
    prediction_interval_low: "Prediktionsintervall, låg",
    prediction_interval_high: "Prediktionsintervall, hög",
    modelled_ci_low: "Modellvärdets konfidensintervall, låg",
    modelled_ci_high: "Modellvärdets konfidensintervall, hög",
    leave_one_out_interval_low: "Intervall utan området, låg",
    leave_one_out_interval_high: "Intervall utan området, hög",
    studentized_residual_internal: "Stud. residual (intern)",
    studentized_residual_external: "Stud. residual (extern)",
    p_outlier_test: "p avvikartest",
    flags_code: "Flaggor (kod)",
    notes: "Anmärkning",
    times_modelled_ratio: "Gånger modellvärdet (kvot)",
    code: "Kod",
    confidence_interval_low: "Konfidensintervall, låg",
    confidence_interval_high: "Konfidensintervall, hög",
    robust_s_e_hc3_2: "Robust medelfel HC3",
    cluster_robust_s_e: "Klusterrobust medelfel",
    exp_confidence_interval_low: "exp, konfidensintervall, låg",
    exp_confidence_interval_high: "exp, konfidensintervall, hög",
    deviance: "Devians",
    null_deviance: "Nolldevians",
    share_of_deviance_explained: "Förklarad andel av deviansen",
    s_e_2: "Medelfel θ",
    test: "Test",
    cross_validated_weighted_rmse: "Korsvaliderat viktat RMSE,",
    chosen_2: ", vald",
    line: "Rad",
    logarithmic_axes_equal_distances_from_th: " Logaritmiska axlar: lika avstånd från linjen betyder lika stor kvot utfall/modellvärde.",
    coefficients_on_the_log_scale_with_the_f: "Koefficienter på log-skalan (β), med faktorn exp(β)",
    coefficient_log_scale: "Koefficient β (log-skala)",
    deviance_explained: "förklarad devians",
    weighted: "viktad",
    actual_modelled_times_logarithmic_scale: "Utfall / modellvärde (gånger, logaritmisk skala)",
    bar_with_an_arrow_the_axis_is_cut_the_tr: " Stapel med pil: axeln är avkortad; det verkliga värdet står vid pilen.",
    above_modelled_clearly: "Över modellvärdet, säkert",
    below_modelled_clearly: "Under modellvärdet, säkert",
    within_the_interval: "Inom intervallet",
    pearson_residual_actual_modelled_v_model: "Pearsonresidual = (utfall − modellvärde)/√V(modellvärde), V familjens variansfunktion. Om familjen passar ligger punkterna jämnt kring noll-linjen på alla nivåer; en trumpetform tyder på fel variansfunktion, en båge på en felspecificerad modell.",

    // ---- Texts with numbers or names in them, by report section.

    // Summary
    ratio_pays: |q| format!("betalar {q} gånger sitt modellvärde"),
    ratio_is_at: |q| format!("ligger på {q} gånger sitt modellvärde"),
    headline_glm: |fam, pct, outcome, n, year, share, weighting| format!(
        "Modellen ({fam}) förklarar {pct} av deviansen i {outcome} mellan {n} områden{year} (andel förklarad devians {share}{weighting})."
    ),
    headline_linear: |pct, outcome, n, year, r2, weighting| format!(
        "Modellen förklarar {pct} av skillnaderna i {outcome} mellan {n} områden{year} (R² = {r2}{weighting})."
    ),
    headline_flagged: |above, below, lvl| format!(
        "{above} {} över och {below} under sitt {lvl} prediktionsintervall (beräknat utan området självt).",
        if above == 1 { "område ligger" } else { "områden ligger" }
    ),
    headline_excluded: |e| {
        if e == 1 {
            "1 område ingår inte i beräkningen; skälet står under Uteslutna områden.".into()
        } else {
            format!("{e} områden ingår inte i beräkningen; skälen står under Uteslutna områden.")
        }
    },
    nonpositive_warning: |n, names, missing, unit| format!(
        "Varning: modellen ger ett modellvärde som är noll eller negativt för {} {}: {}. Ett utfall som en kostnad kan inte vara negativt, så modellvärdet går inte att läsa som ett behov för {}, och ingen avvikelse i procent visas ({}). Avvikelsen i {} gäller. En modell med log-länk (kvasi-Poisson, Gamma, negativ binomial) ger alltid positiva modellvärden.",
        n,
        if n == 1 { "område" } else { "områden" },
        names,
        if n == 1 { "det" } else { "dem" },
        missing,
        if unit.is_empty() { "utfallets enhet" } else { unit },
    ),
    uncertain_modelled_warning: |n, names, level, missing, unit| format!(
        "för {} {} är modellvärdet så osäkert att det kan vara noll ({} konfidensintervall når ned till 0): {}. En procent av ett sådant modellvärde kan bli hur stor som helst och säger ingenting, så ingen avvikelse i procent visas ({}); avvikelsen i {} gäller.",
        n,
        if n == 1 { "område" } else { "områden" },
        level,
        names,
        missing,
        if unit.is_empty() { "utfallets enhet" } else { unit },
    ),
    names_and_more: |names, k| format!("{names} och {k} till"),
    card_outside_years: |status, k, window| format!(
        "{status}: utanför intervallet {k} av de senaste {window} åren"
    ),

    // Ranking
    ranking_intro_html: |unit, lvl| format!(
        "Alla områden, ordnade efter hur säkert de avviker från modellvärdet: först de som ligger över sitt intervall, sedan de inom det, sist de under – inom varje del efter studentiserad residual (avvikelsen i förhållande till sin osäkerhet). Belopp i {}; totalt = avvikelse × befolkning. Intervallet är {lvl} prediktionsintervall kring modellvärdet utan området – det som flaggorna över/under intervallet prövar mot.",
        if unit.is_empty() { "utfallets enhet" } else { unit }
    ),
    ranking_intro_md: |lvl| format!(
        "Ordnad efter hur säkert området avviker från modellvärdet: först de över sitt intervall, sedan de inom det, sist de under – inom varje del efter studentiserad residual. Intervallet är {lvl} prediktionsintervall kring modellvärdet utan området."
    ),
    rank_interval_head: |l| format!("Rang\u{AD}intervall {l}"),
    rank_by_pct_head: |l| format!("Rang efter %, {l} intervall"),
    rank_head_md: |l| format!("Rang ({l} intervall)"),
    rank_hint: |l, by, b, method| format!(
        "Rang, {l} intervall: placeringen efter {by} (1 = mest över modellvärdet) och det intervall den håller sig inom när modellen skattas om på {b} slumpade urval ({method}). Ett brett intervall betyder att placeringen är osäker."
    ),

    // Map
    map: "Karta",
    map_deviation_by_area: "Karta: avvikelse per område",
    map_caption_html: "Utfall jämfört med modellvärde i procent av modellvärdet; rött över, blått under. Tjock kontur: utanför prediktionsintervallet. Grått: inte i urvalet. Håll pekaren över ett område för dess värden.",
    map_caption_md: "Rött: utfall över modellvärdet, blått: under. Tjock kontur: utanför prediktionsintervallet. Grått: inte i urvalet.",

    // Over the years
    persistence_intro: |lvl, min, window, span, np, no, occ, nb| format!(
        "Ihållande avvikare är områden som legat utanför sitt {lvl} prediktionsintervall (beräknat utan området) minst {min} av de senaste {window} åren ({span}); ett enstaka år betyder ett av dem. {np} {} ihållande{}, och {nb} låg utanför ett enstaka år.",
        if np == 1 { "område är" } else { "områden är" },
        occ.map(|y| format!(", {no} återkommande ({y} år)")).unwrap_or_default(),
    ),
    persistence_md: |min, window, span, listed, blips| format!(
        "Ihållande avvikare (utanför sitt intervall minst {min} av de senaste {window} åren, {span}): {listed}. Utanför ett enstaka år: {blips} områden."
    ),
    years_table_intro: |lvl| format!(
        "Avvikelse i procent av modellvärdet, samma modell skattad för varje år. ▲ = över och ▼ = under {lvl} prediktionsintervall det året. Storstäderna, de ihållande avvikarna och de områden som i år ligger utanför sitt intervall visas."
    ),
    all_flagged_in_window: |n, window| format!("Alla {n} områden som flaggats under de senaste {window} åren"),
    years_outside_head: |window| format!("År utanför intervallet (av {window})"),
    actual_in_year: |y| format!("Utfall {y}"),
    decomposition_title: |from, to| format!("Förändring {from}–{to}: struktur, modell och avvikelse"),
    decomposition_title_md: |from, to| format!("Förändring {from}–{to}: struktur + modell + avvikelse"),
    not_in_fit_of: |year| format!("inte med i skattningen för {year}"),
    decomposition_shown: |n, cities| {
        if cities {
            format!("Tabellen visar storstäderna och de {n} områden vars avvikelse ändrades mest (i belopp); alla områden finns i den fällbara tabellen nedan.")
        } else {
            format!("Tabellen visar de {n} områden vars avvikelse ändrades mest (i belopp); alla områden finns i den fällbara tabellen nedan.")
        }
    },
    decomposition_text: |unit, from, to, shown| format!(
        "Förändringen i utfall{unit} från {from} till {to} delas upp exakt i tre delar: struktur – befolkningens sammansättning ändrades (ändringen i variablerna värderad med de två årens genomsnittliga koefficienter); modell – koefficienterna och nivån ändrades (värderat vid de två årens genomsnittliga variabelvärden); avvikelse – resten, ändringen i skillnaden mellan utfall och modellvärde. Struktur + modell + avvikelse = förändring. {shown}"
    ),
    decomposition_caption: |from, to| format!(
        "Staplarna summerar till förändringen i utfall {from}–{to} för varje område i tabellen ovan."
    ),
    all_n_areas: |n| format!("Alla {n} områden"),
    change_from_to: |from, to| format!("Förändring {from}–{to}"),
    structure_part: "struktur",
    model_part: "modell",
    deviation_part: "avvikelse",

    // Similar areas
    peers_whom_big_cities: "storstäderna",
    peers_whom_top: |n| format!(
        "de {n} områden som avviker mest (utanför sitt intervall först, sedan störst avvikelse i belopp)"
    ),
    peers_text: |whom, k| format!(
        "För {whom}: de {k} områden i andra grupper (län eller städer) som liknar området mest i befolkningsstruktur, mätt med Mahalanobisavstånd över modellens variabler. Avståndet tar hänsyn till att variablerna samvarierar; 0 är identisk struktur. Liknande områden med olika utfall är en fråga att ställa, inte ett svar."
    ),
    peers_intro_md: |k| format!(
        "De {k} områden i andra grupper som liknar området mest i befolkningsstruktur (Mahalanobisavstånd över modellens variabler), med avvikelse från modellvärdet."
    ),
    peers_head: |name, other| {
        if other {
            format!("{name} och liknande områden i andra grupper")
        } else {
            format!("{name} och liknande områden")
        }
    },
    peers_chart_title: |name, k| format!("{name} och {k} liknande"),

    // Reference model
    reference_title: |col| format!("Jämförelse med referensmodellen {col}"),
    reference_chart_title: |col| format!("Modellvärde mot referensmodellen {col}"),
    mean_difference: |n, higher| {
        if higher {
            format!("{n} högre än")
        } else {
            format!("{n} lägre än")
        }
    },
    reference_text: |named, n, r, rank, cam, car, mean_diff, same, n_dis| format!(
        "Modellvärdena jämförs med en extern modellberäkning, {named}, för de {n} områden som har ett värde. Korrelationen mellan de två är r = {r} (rangkorrelation {rank}). Utfallet följer vår modell med r = {cam} och referensmodellen med r = {car}. Vårt modellvärde är i genomsnitt {mean_diff} referensen. Modellerna är eniga om avvikelsens tecken (över eller under) för {same} områden och oeniga för {n_dis}."
    ),
    reference_md: |r, rank, cam, car, n_dis, n, top| format!(
        "Korrelation med modellvärdet r = {r} (rang {rank}); utfallet följer vår modell med r = {cam} och referensen med r = {car}. Oeniga om avvikelsens tecken: {n_dis} av {n} områden{top}."
    ),
    largest_differences: |names| format!(" (störst skillnad: {names})"),
    disagreements_head: |n, inline| format!(
        "Områden där modellerna är oeniga om tecknet{}",
        if n > inline { format!(" (de {inline} största skillnaderna)") } else { String::new() }
    ),
    all_disagreements: |n| format!("Alla {n} områden där modellerna är oeniga"),

    // Method
    how_wls: |label, w| format!(
        "viktad minsta kvadrat-metod (WLS) med vikten {label} ({w}), så att stora områden väger tyngre"
    ),
    linear_description: |outcome, id, covs, how, fe| format!(
        "Linjär regression av {outcome} ({id}) på {covs}, skattad med {how}. Modellvärdet ŷᵢ = xᵢᵀβ̂ är det värde modellen förväntar sig för ett område med områdets struktur.{fe}"
    ),
    glm_weighted_by: |label, w| format!(", med vikten {label} ({w}) så att stora områden väger tyngre"),
    glm_offset: |o| format!(" Offset: log({o})."),
    glm_description: |fam, outcome, id, covs, weight, mu, offset| format!(
        "Generaliserad linjär modell ({fam}) av {outcome} ({id}) på {covs}, skattad med iterativt omviktade minsta kvadrater (IRLS){weight}. Modellvärdet {mu} är det värde modellen förväntar sig för ett område med områdets struktur.{offset}"
    ),
    comparison_with_linear: |k, rmse, name, linear, pct, lower, better| format!(
        "Med {k}-faldig korsvalidering (samma delar för båda) är det viktade prediktionsfelet {rmse} för {name} mot {linear} för den linjära modellen på samma variabler – {pct} {}.{better}",
        if lower { "lägre" } else { "högre" },
    ),
    comparison_alone: |k, name, rmse, better| format!(
        "Korsvaliderat viktat prediktionsfel ({k}-faldigt) för {name}: {rmse}.{better}"
    ),
    lowest_error: |fam, v| format!(" Lägst fel har {fam}: {v}."),
    comparison_note: |k, seed| format!(
        "Områdena delas slumpvis i {k} delar (frö {seed}); varje del förutsägs av modellen skattad på de andra. Felet är utfall minus förutsägelse, kvadrerat och viktat med vikten (befolkningen), på utfallets skala – samma mått för alla familjer (varje familjs medeldevians står i results.json)."
    ),
    rule_above: |lvl| format!("Utfallet ligger över {lvl} prediktionsintervall kring modellvärdet utan området: yᵢ > ŷ₍ᵢ₎ + t(1−α/2; n−p−1) · √(σ̂₍ᵢ₎²/wᵢ + xᵢᵀ Cov₍ᵢ₎(β̂) xᵢ), där ₍ᵢ₎ betyder skattat utan område i och wᵢ är vikten (1 utan vikter)."),
    rule_below: |lvl| format!("Utfallet ligger under samma {lvl} intervall: yᵢ < ŷ₍ᵢ₎ − t(1−α/2; n−p−1) · √(…)."),
    rule_outlier: |corr_formula, alpha| format!("Det externt studentiserade residualet tᵢ = eᵢ / (σ̂₍ᵢ₎ √(1 − hᵢ)) prövas tvåsidigt mot Students t med n−p−1 frihetsgrader. Eftersom alla n områden prövas samtidigt används {corr_formula}; flaggas när det är < α = {alpha}."),
    rule_influential: |cook, lev| format!("Området påverkar skattningen mycket: Cooks avstånd Dᵢ = tᵢ*² hᵢ / (p (1 − hᵢ)) > 4/n = {cook} (Cook 1977), eller hävstången hᵢ > 2p/n = {lev} (Belsley, Kuh & Welsch 1980). tᵢ* är det internt studentiserade residualet."),
    rule_practical: |pct| format!("Avvikelsen är stor nog att spela roll i praktiken: |100 · (yᵢ − ŷᵢ)/ŷᵢ| ≥ {pct}. En statistiskt säker men liten avvikelse flaggas inte här, och inte heller ett område vars modellvärde kan vara noll (dess konfidensintervall når ned till 0): där finns ingen procent."),
    glm_rule_above: |lvl| format!("Utfallet ligger över {lvl} prediktionsintervall kring modellvärdet utan området, μ̂₍ᵢ₎. Intervallet bygger på familjens variansfunktion, φ̂·V(μ̂₍ᵢ₎)/wᵢ, och osäkerheten i den linjära prediktorn, xᵢᵀCov₍ᵢ₎(β̂)xᵢ, förd till utfallets skala genom länken; den exakta definitionen står under Konventioner."),
    glm_rule_below: |lvl| format!("Utfallet ligger under samma {lvl} intervall."),
    glm_rule_outlier: |dist, corr_formula, alpha| format!("Det externt studentiserade residualet (R rstudent för glm: devians­residualet skalat med dispersionen utan området och √(1 − hᵢ)) prövas tvåsidigt mot {dist}. Eftersom alla n områden prövas samtidigt används {corr_formula}; flaggas när det är < α = {alpha}."),
    glm_rule_influential: |cook, lev| format!("Området påverkar skattningen mycket: Cooks avstånd för glm (R cooks.distance, med Pearsonresidualen och IRLS-vikternas hävstång) > 4/n = {cook}, eller hävstången hᵢ > 2p/n = {lev}."),
    glm_rule_practical: |pct| format!("Avvikelsen är stor nog att spela roll i praktiken: |100 · (yᵢ − μ̂ᵢ)/μ̂ᵢ| ≥ {pct}, det vill säga kvoten yᵢ/μ̂ᵢ ligger minst så långt från 1."),
    glossary: |lvl| vec![
        ("Område", "enheten som jämförs: en stadsdel eller en kommun, med id, namn, grupp och år.".into()),
        ("Grupp", "det området hör till: staden (för stadsdelar) eller länet (för kommuner).".into()),
        ("Utfall", "det observerade värdet, t.ex. utbetalt ekonomiskt bistånd i kronor per invånare.".into()),
        ("Modellvärde", "det värde modellen förväntar sig för området utifrån dess struktur.".into()),
        ("Modellvärde utan området", "modellvärdet när modellen skattas utan området självt.".into()),
        ("Avvikelse", "utfall minus modellvärde, i kr/inv, i procent av modellvärdet och i kronor totalt (gånger befolkningen).".into()),
        ("Prediktionsintervall", format!("intervallet där ett nytt område med samma struktur skulle hamna med {lvl} sannolikhet.")),
        ("Flagga", "en regel som området uppfyller: över eller under intervallet, avvikartest, inflytelserik, stor avvikelse.".into()),
        ("Hävstång (hᵢ)", "hur ovanlig områdets kombination av förklarande variabler är; mellan 0 och 1.".into()),
        ("R²", "andelen av skillnaderna mellan områdena som modellen förklarar.".into()),
        ("Helårsekvivalent", "en biståndsmottagare omräknad till helår (nationellt mått).".into()),
    ],

    // Short version
    brief_kicker: "Modellvärde jämfört med utfall – kortversion",
    in_short: "I korthet",
    largest_deviations: "Störst avvikelse",
    method_in_five_sentences: "Metod i fem meningar",
    the_full_report: "Hela rapporten",
    brief_method: |outcome, n, covs, lvl| vec![
        format!("Modellvärdet är det utfall i {outcome} som en regression över alla {n} områden förväntar sig utifrån {covs}."),
        "Avvikelsen är utfall minus modellvärde, också i procent av modellvärdet där det säkert är större än noll.".into(),
        format!("Ett område flaggas som över eller under när utfallet ligger utanför sitt {lvl} prediktionsintervall, beräknat utan området självt."),
        "En avvikelse är inget omdöme: den visar vad faktorerna i modellen inte förklarar, till exempel arbetssätt, datakvalitet eller förhållanden som modellen saknar.".into(),
        "Den fullständiga rapporten (report.html) har alla områden, diagrammen, modellens anpassning och metoden i detalj.".into(),
    ],

    // RKA's similar municipalities
    rka_title: "Liknande kommuner enligt RKA",
    rka_intro: "RKA:s grupper ”Liknande kommuner ekonomiskt bistånd” (Kolada) bredvid verktygets egna liknande områden. ✓ = med i listan. Avvikelse = utfall jämfört med modellvärde i den här modellen.",
    rka_summary: |both, n_rka, n_own, name, pct, rka_med, own_med| format!(
        "{both} av RKA:s {n_rka} kommuner finns också bland verktygets {n_own} liknande områden. {name}: avvikelse {pct}; median för RKA:s kommuner {rka_med}, för verktygets {own_med}."
    ),
    municipality: "Kommun",
    the_tool: "Verktyget",

    // Index
    new_badge: "ny",
    new_badge_legend: "= skriven av den senaste körningen; övriga rapporter fanns redan i mappen.",

    // Charts
    names_did_not_fit: |n| format!("{n} namn fick inte plats"),
    coefficients_standardised_title: "Koefficienter, standardiserade (β·sd(x)/sd(y))",
    coefficients_raw_title: "Koefficienter i variablernas egna enheter",
    coefficients_note_log: |lvl| format!(
        "Punkt: skattning β på log-skalan; streck: {lvl}\u{a0}% konfidensintervall. Till höger: β [intervall] och ×exp(β), den faktor modellvärdet multipliceras med när variabeln ökar en enhet (per enhet av variabeln, så raderna är inte jämförbara sinsemellan). Mörk: intervallet utesluter 0 (faktorn 1). Interceptet visas inte."
    ),
    coefficients_note_standardised: |lvl| format!(
        "Punkt: skattning; streck: {lvl}\u{a0}% konfidensintervall. Standardiserad: ändring i utfallet, i standardavvikelser, när variabeln ökar en standardavvikelse. Mörk: intervallet utesluter 0. Interceptet visas inte."
    ),
    coefficients_note_raw: |lvl| format!(
        "Punkt: skattning; streck: {lvl}\u{a0}% konfidensintervall. Enheter: utfallets enhet per enhet av variabeln, så raderna är inte jämförbara sinsemellan. Mörk: intervallet utesluter 0. Interceptet visas inte."
    ),
    ranking_scope_all: |n| format!("Alla {n} områden, sorterade efter avvikelse."),
    ranking_scope_ends: |k, n| format!("De {k} högsta och {k} lägsta av {n} områden."),
    ranking_chart_note: |scope, lvl| format!(
        "{scope} Grått fält: avvikelse som ryms i {lvl}\u{a0}% prediktionsintervall (skattat utan området). Färgad stapel och fet text: utanför intervallet eller avvikare."
    ),
    ranking_not_shown: |names| format!(
        " Visas inte (modellvärdet är noll eller negativt, och att dela med det saknar mening): {names}."
    ),
    areas_not_shown: |n| format!("\u{22ee} {n} områden utelämnade \u{22ee}"),
    peer_gap_title: |model| format!("{model}: utfall jämfört med liknande områden"),
    peer_gap_axis: |unit| format!("utfall − medel för liknande områden ({unit})"),
    trend_chart_title: |model| format!("{model}: avvikelse över åren (ihållande avvikare i färg)"),
    year_axis: "år",
    deviation_pct_axis: "avvikelse från modellvärdet (%)",
    kronor: "kronor",
};

// ---------------------------------------------------------------------------
// Reasons a row was left out and warnings of a fit (see `reasons.rs`):
// templates with `{name}` placeholders, filled from the contract's codes.
// ---------------------------------------------------------------------------

pub(super) static SV_REASONS: Reasons = Reasons {
    year_missing: "året saknas: raden hör inte till något års skattning",
    missing: "saknar värde i {columns}",
    population_missing: "saknar {population} (befolkningen för {column})",
    group_missing: "gruppen saknas ('{group}'): gruppens fasta effekt behöver den",
    weight_not_positive: "vikten {column} = {value}: vikter måste vara > 0",
    log_not_positive: "{column} = {value}: logaritmen kräver ett värde > 0",
    population_not_positive: "befolkningen {population} = {value}: {column} kan inte delas med den",
    perfect_fit: "i det närmaste perfekt anpassning: förklaringsvariablerna återger utfallet så när som på avrundningsfel, så t-värden, p-värden och F-testet är odefinierade (visas som –); kontrollera att utfallet inte är beräknat från förklaringsvariablerna",
    collinear: "konditionstal {value}: förklaringsvariablerna är nästan kolinjära; koefficienterna beräknas noggrant för dessa data men är inte stabila mot små ändringar i dem (se VIF)",
    collinear_glm: "konditionstal {value}: förklaringsvariablerna är nästan kolinjära",
    leverage_one: "{n} område(n) med hävstång 1: vart och ett bestämmer ensamt en koefficient; deras värden utan området och deras outliertest är odefinierade",
    leverage_one_glm: "{n} observation(er) med hävstång 1: deras värden utan observationen och deras outliertest är odefinierade",
    nonpositive_modelled: "{n} område(n) med modellvärde ≤ 0 (den linjära modellen förutsäger en omöjlig kostnad): {areas}; ingen avvikelse i % för dem, och de kan inte fördelas efter behov; en familj med log-länk (t.ex. family = \"quasipoisson\") håller modellvärdena > 0",
    cluster_skipped: "klusterrobusta medelfel per grupp beräknades inte: {n} område(n) i skattningen saknar grupp ({areas}); ange deras grupp i data för att få dem",
    unit_none: "utfallet '{outcome}' saknar enhet, så avvikelsen i kronor totalt (avvikelse × befolkning) lämnas tom; är det kronor per invånare, lägg till [units] {key} = \"kr/inv\" i specen (eller enheten i variables.csv bredvid data)",
    unit_not_per_inhabitant: "utfallet '{outcome}' har enheten '{unit}', inte per invånare, så avvikelsen i kronor totalt (avvikelse × befolkning) lämnas tom; är det kronor per invånare, lägg till [units] {key} = \"kr/inv\" i specen (eller enheten i variables.csv bredvid data)",
};

pub(super) static SV_WARNING_YEARS: WarningYears = WarningYears {
    perfect_fit: "i det närmaste perfekt anpassning i {k} av {n} år",
    collinear: "nästan kolinjära förklaringsvariabler i {k} av {n} år",
    leverage_one: "hävstång 1 i {k} av {n} år",
    nonpositive_modelled: "modellvärde ≤ 0 för något område i {k} av {n} år",
    cluster_skipped: "klusterrobusta medelfel inte beräknade i {k} av {n} år",
    unit_not_per_inhabitant: "utfallet är inte per invånare i {k} av {n} år",
    other: "andra varningar i {k} av {n} år",
};
