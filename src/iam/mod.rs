//! The IAM engine: policy documents, patterns, conditions and AWS's evaluation logic.
//!
//! Self-contained: nothing in `src/iam` imports from the rest of the crate (a test checks
//! this), so the engine could become its own crate. It knows nothing about Terraform,
//! CloudFormation or Glue; callers hand it policy trees (`Node`) and requests whose
//! strings may contain holes (`SymStr`), and get back a three-valued decision with a trace.

pub mod condition;
pub mod eval;
pub mod json;
pub mod managed;
pub mod node;
pub mod pattern;
pub mod policy;
pub mod request;
pub mod service_data;
pub mod simulate;
pub mod span;
pub mod sym;
pub mod trace;

pub use eval::{evaluate, Decision, Evaluation, PolicySet, ResourceKind};
pub use json::{parse_json, PolicyError, PolicyErrorKind};
pub use node::{Member, Node, NodeKind};
pub use policy::{parse_policy_node, parse_policy_text, Effect, Policy, Statement, Version};
pub use request::{Context, CtxValue, Principal, PrincipalKind, Request};
pub use simulate::run_request;
pub use span::Span;
pub use sym::{Hole, HoleClass, Piece, SymStr, Tri};
pub use trace::{EvaluationView, Trace, TraceView};
