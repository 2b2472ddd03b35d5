//! glue-lint: predicts the IAM failures of AWS Glue jobs from infrastructure code.
//!
//! Pipeline (see ARCHITECTURE.md): discover → parse/evaluate per format → `ir` →
//! lower to one model → graph → rules → findings → reporters. Only `cli` does I/O.

pub mod catalog;
pub mod cli;
pub mod diag;
pub mod finding;
pub mod graph;
pub mod iam;
pub mod ir;
pub mod model;
pub mod parse;
pub mod report;
pub mod rules;
pub mod source;
pub mod suppress;
