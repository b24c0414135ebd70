//! Analyses on fitted models: assembling the result, flag rules, bootstrap
//! and cross-validation, model selection, similar areas, agreement with a
//! reference model, trends and change decomposition, allocation, the
//! synthetic panel, and the cross-city views. Each returns contract types;
//! none draws.

pub mod allocate;
pub mod assemble;
pub mod compare;
pub mod crossview;
pub mod flags;
mod foldfit;
pub mod reference;
pub mod select;
pub mod simulate;
pub mod task;
pub mod trend;
pub mod uncertainty;
