//! AWS's policy evaluation logic over all layers, three-valued (Kleene).
//!
//! Rules implemented (AWS "Policy evaluation logic" and "Cross-account policy evaluation"):
//! * an explicit Deny in any evaluated layer wins;
//! * SCPs and RCPs: every level (root first) needs an Allow. SCPs are not evaluated for
//!   service principals and service-linked roles (`role/aws-service-role/...`);
//! * `ident = identity allow ∧ boundary allow (if any) ∧ session allow (if any)`;
//! * resource-policy Allows are split by how the Principal matched: *direct, uncapped*
//!   (the IAM user ARN or the role-session ARN), *direct, capped* (a role ARN, `"*"`,
//!   a service, `NotPrincipal`) and *delegated* (the account: `ACCT`, `arn:...:root`);
//! * Generic resources, same account: `ident ∨ uncapped ∨ (capped ∧ boundary ∧ session)
//!   ∨ (delegated ∧ ident)` — a same-account grant naming the user or the role session
//!   directly is not limited by the boundary or the session policy, one naming the role
//!   is; a delegated grant needs the identity side;
//! * cross account: `ident ∧ (any resource-policy allow)`;
//! * KmsKey and RoleTrust: the resource policy (key policy, trust policy) must allow:
//!   same account `uncapped ∨ (capped ∧ boundary ∧ session) ∨ (delegated ∧ ident)`, cross
//!   account `any ∧ ident`; no such policy = implicit deny;
//! * a service principal (`glue.amazonaws.com`) has no identity policies: only the
//!   resource policy can allow it;
//! * the account root user is allowed on the identity side (no boundary or session);
//! * RCPs are evaluated only for actions of services that support them ([`rcp_applies`]);
//! * same-account is itself three-valued when an account id is a hole.
//!
//! If the request is denied in every case but whether a Deny applies depends on unknowns,
//! the decision is `ImplicitDeny` and the trace still shows the possible Deny.

use super::pattern::{Glob, GlobMode};
use super::policy::{Effect, Policy, PrincipalSpec, ResourceSpec, Statement};
use super::request::{PrincipalKind, Request};
use super::sym::{SymStr, Tri};
use super::trace::{Layer, LayerTrace, PolicyTrace, StmtTrace, Trace};

/// What kind of resource the resource-based policy is attached to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub enum ResourceKind {
    /// S3 bucket policies and the like: optional, one way to grant access.
    #[default]
    Generic,
    /// A KMS key: the key policy must allow.
    KmsKey,
    /// A role's trust policy for `sts:AssumeRole*`: it must allow.
    RoleTrust,
}

/// The policies that apply to one request.
#[derive(Clone, Debug, Default)]
pub struct PolicySet<'a> {
    pub identity: Vec<&'a Policy>,
    pub boundary: Option<&'a Policy>,
    /// One entry per OU level, root first; empty = no SCPs.
    pub scps: Vec<Vec<&'a Policy>>,
    /// Same shape as `scps`.
    pub rcps: Vec<Vec<&'a Policy>>,
    pub session: Option<&'a Policy>,
    pub resource: Option<&'a Policy>,
    pub resource_kind: ResourceKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Decision {
    Allowed,
    ExplicitDeny,
    ImplicitDeny,
    Unknown,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::ExplicitDeny => "explicitDeny",
            Decision::ImplicitDeny => "implicitDeny",
            Decision::Unknown => "unknown",
        }
    }
}

/// The result of evaluating a request. Borrows the policies and the request, so that
/// reasons are only rendered when asked for ([`Evaluation::explain`], serialisation).
#[derive(Clone, Debug)]
pub struct Evaluation<'a> {
    pub decision: Decision,
    /// When `Unknown`: the unknown values that decide (context keys, hole labels).
    pub deciding: Vec<String>,
    pub trace: Trace<'a>,
}

/// How a resource-policy statement's Principal matched the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PrincipalMatch {
    pub uncapped: Tri,
    pub capped: Tri,
    pub delegated: Tri,
}

impl PrincipalMatch {
    pub const NONE: PrincipalMatch = PrincipalMatch {
        uncapped: Tri::No,
        capped: Tri::No,
        delegated: Tri::No,
    };
    pub fn any(&self) -> Tri {
        self.uncapped.or(self.capped).or(self.delegated)
    }
}

/// Evaluates a request against a set of policies.
pub fn evaluate<'a>(set: &PolicySet<'a>, req: &'a Request) -> Evaluation<'a> {
    let mut layers: Vec<LayerTrace<'a>> = Vec::with_capacity(2 + set.scps.len());
    let mut deny = Tri::No;

    let identity = eval_layer(Layer::Identity, &set.identity, req, false);
    deny = deny.or(identity.deny);
    let ia = identity.allow;
    layers.push(identity);

    let b = match set.boundary {
        Some(p) => {
            let l = eval_layer(Layer::PermissionBoundary, &[p], req, false);
            deny = deny.or(l.deny);
            let a = l.allow;
            layers.push(l);
            a
        }
        None => Tri::Yes,
    };
    let s = match set.session {
        Some(p) => {
            let l = eval_layer(Layer::Session, &[p], req, false);
            deny = deny.or(l.deny);
            let a = l.allow;
            layers.push(l);
            a
        }
        None => Tri::Yes,
    };
    let mut scp_ok = Tri::Yes;
    let scp_exempt = !set.scps.is_empty() && req.principal.exempt_from_scps();
    if !scp_exempt {
        for (i, level) in set.scps.iter().enumerate() {
            let l = eval_layer(Layer::Scp(i + 1), level, req, false);
            deny = deny.or(l.deny);
            scp_ok = scp_ok.and(l.allow);
            layers.push(l);
        }
    }
    let mut rcp_ok = Tri::Yes;
    let rcp_levels: &[Vec<&Policy>] = if rcp_applies(&req.action) {
        &set.rcps
    } else {
        &[]
    };
    for (i, level) in rcp_levels.iter().enumerate() {
        let l = eval_layer(Layer::Rcp(i + 1), level, req, false);
        deny = deny.or(l.deny);
        rcp_ok = rcp_ok.and(l.allow);
        layers.push(l);
    }
    let mut ra = PrincipalMatch::NONE;
    if let Some(p) = set.resource {
        let l = eval_layer(Layer::Resource, &[p], req, true);
        deny = deny.or(l.deny);
        ra = l.grant;
        layers.push(l);
    }

    let same = same_account(req);
    let is_service = req.principal.kind == PrincipalKind::Service;
    // The account root user has every permission in its own account that no Deny, SCP
    // or RCP takes away; it has no boundary or session policy.
    let ident = match req.principal.kind {
        PrincipalKind::Service => Tri::No,
        PrincipalKind::Root => Tri::Yes,
        _ => ia.and(b).and(s),
    };
    let ra_any = ra.any();
    let core = if is_service {
        ra_any
    } else {
        let must_allow = set.resource_kind != ResourceKind::Generic;
        if must_allow && set.resource.is_none() {
            Tri::No
        } else {
            let direct = ra
                .uncapped
                .or(ra.capped.and(b).and(s))
                .or(ra.delegated.and(ident));
            let same_f = if must_allow { direct } else { ident.or(direct) };
            let cross_f = ident.and(ra_any);
            same.and(same_f).or(same.not().and(cross_f))
        }
    };
    let allowed = deny.not().and(scp_ok).and(rcp_ok).and(core);
    let decision = if deny == Tri::Yes {
        Decision::ExplicitDeny
    } else if allowed == Tri::Yes {
        Decision::Allowed
    } else if allowed == Tri::No {
        Decision::ImplicitDeny
    } else {
        Decision::Unknown
    };
    let trace = Trace {
        request: req,
        layers,
        same_account: same,
        scp_exempt,
        resource_kind: set.resource_kind,
    };
    let deciding = if decision == Decision::Unknown {
        trace.deciding()
    } else {
        Vec::new()
    };
    Evaluation {
        decision,
        deciding,
        trace,
    }
}

/// RCPs apply only to the services that support them (AWS Organizations User Guide,
/// "Resource control policies": S3, STS, KMS, SQS, Secrets Manager, ECR, OpenSearch
/// Serverless, Cognito user pools, DynamoDB).
pub fn rcp_applies(action: &str) -> bool {
    let service = action.split(':').next().unwrap_or("");
    [
        "s3",
        "sts",
        "kms",
        "sqs",
        "secretsmanager",
        "ecr",
        "aoss",
        "cognito-idp",
        "dynamodb",
    ]
    .iter()
    .any(|s| s.eq_ignore_ascii_case(service))
}

/// Whether the principal's account is the resource's account.
fn same_account(req: &Request) -> Tri {
    // Fast path without allocation: everything known, account from the resource ARN.
    if req.resource_account.is_none() {
        if let (Some(Some(p)), Some(r)) = (
            req.principal.account.as_ref().map(SymStr::as_known),
            req.resource.as_known(),
        ) {
            let mut it = r.splitn(6, ':');
            if it.next() == Some("arn") {
                let acct = it.nth(3);
                if it.next().is_some() {
                    return match acct {
                        Some(a) if !a.is_empty() => Tri::from_bool(a == p),
                        _ => Tri::Yes,
                    };
                }
            }
        }
    }
    match (&req.principal.account, req.effective_resource_account()) {
        (Some(p), Some(r)) => lit_eq(p, &r),
        _ => Tri::Yes,
    }
}

fn lit_eq(a: &SymStr, b: &SymStr) -> Tri {
    if let (Some(x), Some(y)) = (a.as_known(), b.as_known()) {
        return Tri::from_bool(x == y);
    }
    Glob::new(a, GlobMode::LITERAL).matches(b)
}

fn eval_layer<'a>(
    layer: Layer,
    policies: &[&'a Policy],
    req: &'a Request,
    resource_layer: bool,
) -> LayerTrace<'a> {
    let mut allow = Tri::No;
    let mut deny = Tri::No;
    let mut grant = PrincipalMatch::NONE;
    let mut out = Vec::with_capacity(policies.len());
    for p in policies {
        let mut stmts = Vec::with_capacity(p.statements.len());
        for st in &p.statements {
            let t = eval_statement(st, req, resource_layer);
            match st.effect {
                Effect::Allow => {
                    allow = allow.or(t.applies);
                    if let Some(pm) = &t.principal_match {
                        let rest = t.applies_without_principal();
                        grant.uncapped = grant.uncapped.or(rest.and(pm.uncapped));
                        grant.capped = grant.capped.or(rest.and(pm.capped));
                        grant.delegated = grant.delegated.or(rest.and(pm.delegated));
                    }
                }
                Effect::Deny => deny = deny.or(t.applies),
            }
            stmts.push(t);
        }
        out.push(PolicyTrace {
            policy: p,
            statements: stmts,
        });
    }
    LayerTrace {
        layer,
        policies: out,
        allow,
        deny,
        grant,
    }
}

pub(crate) fn eval_statement<'a>(
    st: &'a Statement,
    req: &Request,
    resource_layer: bool,
) -> StmtTrace<'a> {
    let mut t = StmtTrace {
        stmt: st,
        action: match_actions(st, &req.action),
        resource: None,
        principal: None,
        principal_match: None,
        conditions: None,
        applies: Tri::No,
    };
    if t.action == Tri::No {
        return t;
    }
    let r = match_resources(&st.resources, req, resource_layer);
    t.resource = Some(r);
    if r == Tri::No {
        return t;
    }
    let mut acc = t.action.and(r);
    if resource_layer {
        let pm = match &st.principal {
            Some(spec) => match_principal(spec, st.principal_negated, req),
            None => PrincipalMatch::NONE,
        };
        let p = pm.any();
        t.principal = Some(p);
        t.principal_match = Some(pm);
        if p == Tri::No {
            return t;
        }
        acc = acc.and(p);
    }
    let c = Tri::all(st.conditions.iter().map(|c| c.eval(&req.context)));
    t.conditions = Some(c);
    t.applies = acc.and(c);
    t
}

pub(crate) fn match_actions(st: &Statement, action: &str) -> Tri {
    let any = Tri::any(st.actions.patterns.iter().map(|p| match &p.glob {
        Some(g) => g.matches_str(action),
        None => Tri::No,
    }));
    if st.actions.negated {
        any.not()
    } else {
        any
    }
}

pub(crate) fn match_resources(rs: &ResourceSpec, req: &Request, resource_layer: bool) -> Tri {
    if rs.absent {
        return Tri::from_bool(resource_layer);
    }
    let any = Tri::any(rs.patterns.iter().map(|p| match &p.glob {
        Some(g) => g.matches(&req.resource),
        None => match p.substitute(|k, d| var_value(req, k, d)) {
            Some(g) => g.matches(&req.resource),
            None => Tri::No,
        },
    }));
    if rs.negated {
        any.not()
    } else {
        any
    }
}

fn var_value(req: &Request, key: &str, default: Option<&str>) -> Option<SymStr> {
    use super::request::CtxRef;
    use super::sym::{Hole, HoleClass};
    match req.context.get(key) {
        CtxRef::Values(v) => v.first().cloned().or_else(|| default.map(SymStr::lit)),
        CtxRef::Absent => default.map(SymStr::lit),
        CtxRef::Unknown => Some(SymStr::hole(Hole::new(
            format!("value of {key}"),
            HoleClass::Any,
        ))),
    }
}

/// Matches a resource policy's Principal against the caller (see the module doc).
pub(crate) fn match_principal(
    spec: &PrincipalSpec,
    negated: bool,
    req: &Request,
) -> PrincipalMatch {
    let pr = &req.principal;
    let mut m = PrincipalMatch::NONE;
    if spec.any {
        m.capped = Tri::Yes;
    }
    let is_service = pr.kind == PrincipalKind::Service;
    for a in &spec.aws {
        if a.as_known() == Some("*") {
            continue;
        }
        if let Some(acct) = account_of(a) {
            if let Some(pa) = &pr.account {
                if !is_service {
                    m.delegated = m.delegated.or(lit_eq(&acct, pa));
                }
            }
            continue;
        }
        if is_service {
            continue;
        }
        match &pr.kind {
            PrincipalKind::User | PrincipalKind::FederatedUser => {
                m.uncapped = m.uncapped.or(lit_eq(a, &pr.arn))
            }
            PrincipalKind::AssumedRole { role } => {
                m.uncapped = m.uncapped.or(lit_eq(a, &pr.arn));
                m.capped = m.capped.or(lit_eq(a, role));
            }
            _ => m.capped = m.capped.or(lit_eq(a, &pr.arn)),
        }
    }
    if is_service {
        for sv in &spec.service {
            let t = match (sv.as_known(), pr.arn.as_known()) {
                (Some(x), Some(y)) => Tri::from_bool(x.eq_ignore_ascii_case(y)),
                _ => lit_eq(sv, &pr.arn),
            };
            m.capped = m.capped.or(t);
        }
    }
    for f in &spec.federated {
        m.capped = m.capped.or(lit_eq(f, &pr.arn));
    }
    if negated {
        return PrincipalMatch {
            uncapped: Tri::No,
            capped: m.any().not(),
            delegated: Tri::No,
        };
    }
    m
}

/// The account of an account-level principal (`123456789012`, `arn:aws:iam::123456789012:root`).
fn account_of(a: &SymStr) -> Option<SymStr> {
    if let Some(k) = a.as_known() {
        if !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()) {
            return Some(a.clone());
        }
    }
    let f = super::request::split_arn(a)?;
    let [_, _, service, _, acct, res] = f;
    if service.as_known() == Some("iam") && res.as_known() == Some("root") {
        return Some(acct);
    }
    match a.pieces() {
        [super::sym::Piece::Hole(h)] if h.class == super::sym::HoleClass::Digits => Some(a.clone()),
        _ => None,
    }
}
