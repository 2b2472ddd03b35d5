//! Who deploys a Glue workload, and with which policies.
//!
//! A deployer of a workload is a group, user or role of the IaC whose effective policies
//! allow (or may allow) one of the workload's save actions (`glue:CreateJob`,
//! `glue:UpdateJob`, ...) on it, or a principal the configuration names. Roles that only
//! AWS services can assume (Glue's own runtime roles) are not deployers: they run jobs,
//! they do not save them. A group is evaluated as one of its members; when the IaC
//! models its members, each member is evaluated with all of its groups' policies, so a
//! grant from another group is not missed.

use crate::iam::eval::{evaluate, Decision, Evaluation, PolicySet, ResourceKind};
use crate::iam::policy::{Effect, Policy};
use crate::iam::request::{Context, Request};
use crate::iam::{Hole, HoleClass, Node, NodeKind, Span, SymStr};
use crate::model::{Model, PolicyDef, PolicyId, PrincipalId, PrincipalKind, Workload};

use super::Ctx;

/// The policies one request is evaluated against, with where each came from.
#[derive(Clone, Debug, Default)]
pub struct Effective {
    /// (policy, the principal it is attached to: the user itself or one of its groups)
    pub identity: Vec<(PolicyId, PrincipalId)>,
    pub boundary: Option<PolicyId>,
    /// Policies whose content is not known (External, unparsable, built from holes).
    pub unknown: Vec<PolicyId>,
}

/// A principal that can save a workload.
#[derive(Clone, Debug)]
pub struct Deployer {
    /// The group, user or role that grants the save action.
    pub principal: PrincipalId,
    /// For a group with modelled members: the members (each evaluated on its own).
    pub members: Vec<PrincipalId>,
    pub workload: usize,
    /// The save action that is allowed, and whether that rests on unknown values.
    pub action: &'static str,
    pub certain: bool,
    /// Named in the configuration rather than inferred.
    pub configured: bool,
}

pub fn groups_of(model: &Model, user: PrincipalId) -> Vec<PrincipalId> {
    model
        .memberships
        .iter()
        .filter(|m| m.0 == user)
        .map(|m| m.1)
        .collect()
}

pub fn members_of(model: &Model, group: PrincipalId) -> Vec<PrincipalId> {
    model
        .memberships
        .iter()
        .filter(|m| m.1 == group)
        .map(|m| m.0)
        .collect()
}

/// The identity policies of a principal: its own, plus its groups' for a user.
pub fn effective(model: &Model, p: PrincipalId) -> Effective {
    let mut eff = Effective::default();
    let mut owners = vec![p];
    if model.principals[p].kind == PrincipalKind::User {
        owners.extend(groups_of(model, p));
    }
    for a in &model.attachments {
        if owners.contains(&a.principal) {
            let def = &model.policies[a.policy];
            if def.policy.is_some() {
                eff.identity.push((a.policy, a.principal));
            } else {
                eff.unknown.push(a.policy);
            }
        }
    }
    eff.boundary = model.principals[p].boundary_policy;
    eff
}

/// The request principal's ARN for `p`: the user or role itself, or a member of a group
/// (`user/<a member of group GlueAccess>`).
pub fn request_principal(ctx: &Ctx, p: PrincipalId) -> SymStr {
    let pr = &ctx.model.principals[p];
    match pr.kind {
        PrincipalKind::Group => {
            let name = SymStr::hole(Hole::new(
                format!("a member of group {}", pr.name),
                HoleClass::Segment,
            ));
            crate::model::iam_arn(ctx.env, "user", "/", &name)
        }
        _ => pr.arn.clone(),
    }
}

/// The request key a stand-in policy hangs on: this prefix, then what is unknown.
pub const UNKNOWN_KEY_PREFIX: &str = "glue-lint:unknown/";

/// A policy standing for content that is not known: it may allow or deny anything. Its
/// statements hang on a request key that nobody fixes, named after the unknown, so a
/// decision that depends on it is `Unknown` and says which policy decides.
pub fn unknown_stand_in(def: &PolicyDef) -> Policy {
    let label = def
        .unknown
        .as_ref()
        .map(|h| h.label.to_string())
        .unwrap_or_else(|| format!("content of {}", def.display));
    let s = |t: &str| Node::str(t, Span::NONE);
    let obj = |members: Vec<(&str, Node)>| {
        Node::new(
            NodeKind::Obj(
                members
                    .into_iter()
                    .map(|(k, v)| crate::iam::Member {
                        key: k.to_string(),
                        key_span: Span::NONE,
                        value: v,
                    })
                    .collect(),
            ),
            Span::NONE,
        )
    };
    let key = format!("{UNKNOWN_KEY_PREFIX}{label}");
    let stmt = |effect: &str| {
        obj(vec![
            ("Effect", s(effect)),
            ("Action", s("*")),
            ("Resource", s("*")),
            (
                "Condition",
                obj(vec![("Null", obj(vec![(key.as_str(), s("false"))]))]),
            ),
        ])
    };
    let doc = obj(vec![
        ("Version", s("2012-10-17")),
        (
            "Statement",
            Node::new(NodeKind::Arr(vec![stmt("Allow"), stmt("Deny")]), Span::NONE),
        ),
    ]);
    let (policy, _) = crate::iam::policy::parse_policy_node(&def.display, &doc);
    policy.unwrap_or(Policy {
        name: def.display.clone(),
        version: crate::iam::policy::Version::V2012_10_17,
        statements: Vec::new(),
        span: Span::NONE,
    })
}

/// The policies of one principal, ready to evaluate requests against.
pub struct Prepared<'a> {
    pub principal: PrincipalId,
    pub principal_arn: SymStr,
    pub effective: Effective,
    stand_ins: Vec<Policy>,
    boundary_stand_in: Option<Policy>,
    ctx: &'a Ctx<'a>,
}

impl<'a> Prepared<'a> {
    pub fn new(ctx: &'a Ctx<'a>, p: PrincipalId) -> Prepared<'a> {
        let effective = effective(ctx.model, p);
        let stand_ins = effective
            .unknown
            .iter()
            .map(|&u| unknown_stand_in(&ctx.model.policies[u]))
            .collect();
        // A boundary whose content is not known may allow or not: a stand-in says so.
        let boundary_stand_in = effective
            .boundary
            .filter(|&b| ctx.model.policies[b].policy.is_none())
            .map(|b| unknown_stand_in(&ctx.model.policies[b]));
        Prepared {
            principal: p,
            principal_arn: request_principal(ctx, p),
            effective,
            stand_ins,
            boundary_stand_in,
            ctx,
        }
    }

    pub fn set(&self) -> PolicySet<'_> {
        let model = self.ctx.model;
        let mut identity: Vec<&Policy> = self
            .effective
            .identity
            .iter()
            .filter_map(|(pid, _)| model.policies[*pid].policy.as_ref())
            .collect();
        identity.extend(self.stand_ins.iter());
        let boundary = self
            .effective
            .boundary
            .and_then(|b| model.policies[b].policy.as_ref())
            .or(self.boundary_stand_in.as_ref());
        let scps: Vec<Vec<&Policy>> = if self.ctx.scps.is_empty() {
            Vec::new()
        } else {
            vec![self.ctx.scps.iter().collect()]
        };
        PolicySet {
            identity,
            boundary,
            scps,
            rcps: Vec::new(),
            session: None,
            resource: None,
            resource_kind: ResourceKind::Generic,
        }
    }

    pub fn request(&self, action: &str, resource: &SymStr, mut context: Context) -> Request {
        // The configured context fills the keys this request does not fix itself.
        for (k, v) in self.ctx.context.entries() {
            if !context
                .entries()
                .any(|(own, _)| own.eq_ignore_ascii_case(k))
            {
                context.set(k, v.clone());
            }
        }
        Request::new(
            self.principal_arn.clone(),
            action,
            resource.clone(),
            context,
        )
    }
}

/// Evaluates a request with a prepared policy set.
pub fn eval<'r>(set: &PolicySet<'r>, req: &'r Request) -> Evaluation<'r> {
    evaluate(set, req)
}

/// Whether only AWS services can assume this role (a runtime role, not a deployer).
fn service_only_role(model: &Model, p: PrincipalId) -> bool {
    let Some(trust) = model.principals[p]
        .trust
        .and_then(|t| model.policies[t].policy.as_ref())
    else {
        return false;
    };
    let mut any = false;
    for st in &trust.statements {
        if st.effect != Effect::Allow || st.principal_negated {
            continue;
        }
        let Some(p) = &st.principal else { continue };
        if p.any || !p.aws.is_empty() || !p.federated.is_empty() || !p.canonical.is_empty() {
            return false;
        }
        any |= !p.service.is_empty();
    }
    any
}

/// Whether a deployer named in the configuration is this principal: by address (a
/// CloudFormation address may be given as its logical id, or as `file#LogicalId` with a
/// path relative to wherever glue-lint runs), or by ARN (which may match a principal whose
/// account id is not known).
pub fn names(ctx: &Ctx, configured: &str, p: &crate::model::Principal) -> bool {
    if p.address == configured
        || p.address.rsplit_once('#').is_some_and(|(file, id)| {
            id == configured
                || configured
                    .rsplit_once('#')
                    .is_some_and(|(cf, cid)| cid == id && file.ends_with(cf))
        })
    {
        return true;
    }
    configured.starts_with("arn:")
        && crate::iam::pattern::Glob::text(configured, crate::iam::pattern::GlobMode::LITERAL)
            .matches(&ctx.env.fill(&p.arn))
            != crate::iam::Tri::No
}

/// Deployers named in the configuration that match no principal of the code.
pub fn unmatched_configured<'c>(ctx: &'c Ctx) -> Vec<&'c str> {
    ctx.configured_deployers
        .iter()
        .filter(|d| !ctx.model.principals.iter().any(|p| names(ctx, d, p)))
        .map(String::as_str)
        .collect()
}

pub fn find(ctx: &Ctx) -> Vec<Deployer> {
    let model = ctx.model;
    let mut out: Vec<Deployer> = Vec::new();
    // Units that define Glue workloads. A principal deploys the workloads of its own unit;
    // one from a unit without workloads (a separate IAM stack or root module) may deploy
    // any. So per-environment directories do not cross, and split stacks still link.
    let workload_units: std::collections::BTreeSet<&str> =
        model.workloads.iter().map(|w| &*w.unit).collect();
    // Principal-major: what does not depend on the workload (configured or not, its
    // policy set, a group's members) is computed once per principal, not once per pair.
    for (pi, p) in model.principals.iter().enumerate() {
        let configured = ctx.configured_deployers.iter().any(|d| names(ctx, d, p));
        if !configured && p.kind == PrincipalKind::Role && service_only_role(model, pi) {
            continue;
        }
        let cross_unit = !configured && workload_units.contains(&*p.unit);
        let prepared = Prepared::new(ctx, pi);
        let set = prepared.set();
        let mut members: Option<Vec<PrincipalId>> = None;
        for (wi, w) in model.workloads.iter().enumerate() {
            if cross_unit && p.unit != w.unit {
                continue;
            }
            if let Some(d) = can_save(ctx, &prepared, &set, wi, w, configured, &mut members) {
                out.push(d);
            }
        }
    }
    // The order rules and reports expect: workload-major, then principal.
    out.sort_by_key(|d| (d.workload, d.principal));
    // A user whose groups deploy the workload is checked as a member of those groups.
    let group_deployers: std::collections::HashSet<(usize, usize)> = out
        .iter()
        .filter(|d| model.principals[d.principal].kind == PrincipalKind::Group)
        .map(|d| (d.workload, d.principal))
        .collect();
    let mut groups_by_user: std::collections::HashMap<PrincipalId, Vec<PrincipalId>> =
        std::collections::HashMap::new();
    for m in &model.memberships {
        groups_by_user.entry(m.0).or_default().push(m.1);
    }
    out.retain(|d| {
        model.principals[d.principal].kind != PrincipalKind::User
            || d.configured
            || !groups_by_user.get(&d.principal).is_some_and(|gs| {
                gs.iter()
                    .any(|g| group_deployers.contains(&(d.workload, *g)))
            })
    });
    out
}

fn can_save(
    ctx: &Ctx,
    prepared: &Prepared,
    set: &PolicySet,
    wi: usize,
    w: &Workload,
    configured: bool,
    members: &mut Option<Vec<PrincipalId>>,
) -> Option<Deployer> {
    let pi = prepared.principal;
    let mut best: Option<(&'static str, bool)> = None;
    for &action in w.kind.save_actions() {
        let req = prepared.request(action, &w.arn, Context::open());
        let ev = eval(set, &req);
        match ev.decision {
            Decision::Allowed => {
                best = Some((action, true));
                break;
            }
            Decision::Unknown if best.is_none() => best = Some((action, false)),
            _ => {}
        }
    }
    let (action, certain) = match (best, configured) {
        (Some(b), _) => b,
        (None, true) => (w.kind.save_actions()[1], true),
        (None, false) => return None,
    };
    let members = if ctx.model.principals[pi].kind == PrincipalKind::Group {
        members
            .get_or_insert_with(|| members_of(ctx.model, pi))
            .clone()
    } else {
        Vec::new()
    };
    Some(Deployer {
        principal: pi,
        members,
        workload: wi,
        action,
        certain,
        configured,
    })
}
