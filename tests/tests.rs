//! The integration tests, as one test binary (one link instead of one per
//! file): each file under `tests/` is a module here, and `util` holds the
//! helpers they share. A new test file needs a `mod` line below.
//!
//! Run one file's tests with `cargo test --test tests <module>::`.

mod util;

mod allocate_cli;
mod analyst_workflow;
mod browser;
mod compare_cli;
mod data_kolada;
mod data_load_props;
mod data_load_reference;
mod deviation_reading;
mod engine_bootstrap;
mod engine_report;
mod engine_select;
mod engine_select_cmd;
mod fetch_cli;
mod fit_cli;
mod fit_poly;
mod fit_scale;
mod fuzz_cli;
mod glm_cli;
mod glm_errors;
mod glm_loo;
mod glm_r;
mod glm_simulation;
mod golden_results;
mod html_inline_svg;
mod import_cli;
mod lang_cli;
mod layering;
mod map_render;
mod nist;
mod percent_rule;
mod plot_docs;
mod plot_render;
mod reference;
mod reference_load;
mod report_cmd;
mod report_committee;
mod report_cross_city;
mod report_english;
mod report_files;
mod report_glm_method;
mod report_html;
mod report_phone;
mod report_rerun;
mod report_writes;
mod report_xlsx;
mod robustness_cli;
mod select_glm;
mod simulate_recovery;
mod spec_models;
mod spec_props;
mod trend_cli;
mod workflow_cli;
