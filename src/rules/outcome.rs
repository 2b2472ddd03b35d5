//! What one evaluation says, in the terms rules report: the decision, the deciding
//! unknowns, the allow statements that cover other resources, and the deny statements
//! that apply (or may), with their conditions in words. Shared by the deploy-time
//! (GL101-103) and runtime (GL201-207) rules.

use crate::iam::eval::{Decision, Evaluation};
use crate::iam::policy::Effect;
use crate::iam::trace::Layer;
use crate::iam::{Span, Tri};

use super::deployers::UNKNOWN_KEY_PREFIX;

/// An identity statement that allows PassRole for some roles, but not this one.
#[derive(Clone, Debug)]
pub struct NarrowGrant {
    pub policy: String,
    pub sid: Option<String>,
    pub patterns: Vec<String>,
    pub span: Span,
}

/// A deny statement that applies (or may apply), with its conditions in words.
#[derive(Clone, Debug)]
pub struct DenyHit {
    pub span: Span,
    pub layer: String,
    pub policy: String,
    pub sid: Option<String>,
    pub conditions: Vec<String>,
    /// (key as written, values) of its conditions, for probing.
    pub keys: Vec<(String, Vec<String>)>,
}

/// What one PassRole evaluation says, owned (the engine's evaluation borrows its inputs).
#[derive(Clone, Debug)]
pub struct Outcome {
    pub decision: Decision,
    pub deciding: Vec<String>,
    pub grants: Vec<NarrowGrant>,
    /// A grant whose resource pattern may match (the role name is not known).
    pub maybe_grant: bool,
    pub denies: Vec<DenyHit>,
    pub possible_denies: Vec<DenyHit>,
    pub boundary_blocks: bool,
    pub scp_blocks: bool,
    /// Whether the identity policies alone allow the request.
    pub identity_allows: Tri,
    /// Context values that make the request allowed, found by probing the deciding keys.
    pub allowed_when: Vec<String>,
}

pub fn summarise(ev: &Evaluation) -> Outcome {
    let mut o = Outcome {
        decision: ev.decision,
        deciding: ev.deciding.clone(),
        grants: Vec::new(),
        maybe_grant: false,
        denies: Vec::new(),
        possible_denies: Vec::new(),
        boundary_blocks: false,
        scp_blocks: false,
        identity_allows: Tri::No,
        allowed_when: Vec::new(),
    };
    // Stand-ins for policies whose content is not known are not deny statements: their
    // unknown is reported by name, through `deciding`.
    o.deciding = o
        .deciding
        .iter()
        .map(|d| d.strip_prefix(UNKNOWN_KEY_PREFIX).unwrap_or(d).to_string())
        .collect();
    let stand_in = |stmt: &crate::iam::policy::Statement| {
        stmt.conditions
            .iter()
            .any(|c| c.key.starts_with(UNKNOWN_KEY_PREFIX))
    };
    for layer in &ev.trace.layers {
        if layer.layer == Layer::Identity {
            o.identity_allows = layer.allow;
        }
        match layer.layer {
            Layer::PermissionBoundary if layer.allow == Tri::No => o.boundary_blocks = true,
            Layer::Scp(_) if layer.allow == Tri::No => o.scp_blocks = true,
            _ => {}
        }
        for pt in &layer.policies {
            for st in &pt.statements {
                let stmt = st.stmt;
                match stmt.effect {
                    Effect::Allow if layer.layer == Layer::Identity && st.action != Tri::No => {
                        match st.resource {
                            // A grant for other roles counts only if its conditions could hold
                            // for this request (AWSGlueConsoleFullAccess's notebook-role grant
                            // is for ec2.amazonaws.com, not Glue).
                            Some(Tri::No)
                                if Tri::all(
                                    stmt.conditions
                                        .iter()
                                        .map(|c| c.explain(&ev.trace.request.context).result),
                                ) != Tri::No =>
                            {
                                o.grants.push(NarrowGrant {
                                    policy: pt.policy.name.clone(),
                                    sid: stmt.sid.clone(),
                                    patterns: stmt
                                        .resources
                                        .patterns
                                        .iter()
                                        .map(|p| p.src.to_string())
                                        .collect(),
                                    span: stmt.span,
                                })
                            }
                            Some(Tri::Maybe) => o.maybe_grant = true,
                            _ => {}
                        }
                    }
                    Effect::Deny if st.applies != Tri::No && !stand_in(stmt) => {
                        let hit = DenyHit {
                            span: stmt.span,
                            layer: layer.layer.label(),
                            policy: pt.policy.name.clone(),
                            sid: stmt.sid.clone(),
                            conditions: stmt
                                .conditions
                                .iter()
                                .map(|c| c.explain(&ev.trace.request.context).reason)
                                .collect(),
                            keys: stmt
                                .conditions
                                .iter()
                                .map(|c| {
                                    (
                                        c.key.clone(),
                                        c.values.iter().map(|v| v.src.to_string()).collect(),
                                    )
                                })
                                .collect(),
                        };
                        if st.applies == Tri::Yes {
                            o.denies.push(hit);
                        } else {
                            o.possible_denies.push(hit);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    o
}

pub fn statement_name(policy: &str, sid: Option<&str>) -> String {
    match sid {
        Some(s) if s == policy => format!("statement {s}"),
        Some(s) if !s.is_empty() => format!("statement {s} of {policy}"),
        _ => format!("a statement of {policy}"),
    }
}
