//! The IAM engine: policy documents, patterns, conditions and AWS's evaluation logic.
//!
//! Self-contained: nothing in `src/iam` imports from the rest of the crate (a test checks
//! this), so the engine could become its own crate. It knows nothing about Terraform,
//! CloudFormation or Glue; callers hand it policy trees (`Node`) and requests whose
//! strings may contain holes (`SymStr`), and get back a three-valued decision with a trace.

pub mod managed;
pub mod node;
pub mod span;
pub mod sym;

pub use node::{Member, Node, NodeKind};
pub use span::Span;
pub use sym::{Hole, HoleClass, Piece, SymStr, Tri};
