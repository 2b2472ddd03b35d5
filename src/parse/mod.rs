//! Format loaders: each turns files into `ir::RawResource`s with evaluated, spanned
//! values, plus diagnostics for what it could not read. Loaders never fail as a whole.

pub mod cloudformation;
pub mod detect;
pub mod plan;
pub mod terraform;
