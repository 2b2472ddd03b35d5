//! Rules: each derives requirements from the model and asks the IAM engine, or makes a
//! structural check. Rules see only `model::Model` (never syntax trees) and return
//! findings; `run` orders them deterministically.

pub mod deployers;
pub mod hygiene;
pub mod outcome;
pub mod passrole;
pub mod requirements;
pub mod trust;

use crate::finding::Finding;
use crate::iam::policy::Policy;
use crate::model::{Env, Model};

/// Everything a rule may use besides the model.
pub struct Ctx<'a> {
    pub model: &'a Model,
    pub env: &'a Env,
    /// Service control policies (`--scp FILE`), one level.
    pub scps: &'a [Policy],
    /// Principals the configuration names as deployers (addresses or ARNs).
    pub configured_deployers: &'a [String],
    /// Request-context keys the configuration assumes for every deployer request.
    pub context: &'a crate::iam::request::Context,
}

pub fn run(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    let deployers = deployers::find(ctx);
    passrole::check(ctx, &deployers, &mut out);
    requirements::check(ctx, &mut out);
    trust::check(ctx, &mut out);
    hygiene::check(ctx, &mut out);
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out.dedup_by(|a, b| a.rule == b.rule && a.logical_key == b.logical_key);
    out
}
