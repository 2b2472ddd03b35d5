//! Evaluation traces: per layer, per policy, per statement, what matched and why not.
//!
//! The evaluator records only three-valued results and references to the statements, so
//! evaluation stays cheap; the human reasons ("resource ... does not match ...",
//! "condition StringEquals ...: a ≠ b") are rendered on demand by [`Trace::view`] (a
//! serialisable, owned copy) and [`Evaluation::explain`].

use std::fmt::Write as _;

use super::eval::{Decision, Evaluation, PrincipalMatch, ResourceKind};
use super::policy::{Effect, Pattern, Policy, Statement};
use super::request::Request;
use super::span::Span;
use super::sym::Tri;

/// A layer of the evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    Identity,
    PermissionBoundary,
    Session,
    /// SCP level (1 = root).
    Scp(usize),
    /// RCP level (1 = root).
    Rcp(usize),
    Resource,
}

impl Layer {
    /// The name used in simulate output (`matched`).
    pub fn key(self) -> &'static str {
        match self {
            Layer::Identity => "identity",
            Layer::PermissionBoundary => "permissionBoundary",
            Layer::Session => "session",
            Layer::Scp(_) => "scp",
            Layer::Rcp(_) => "rcp",
            Layer::Resource => "resource",
        }
    }
    pub fn label(self) -> String {
        match self {
            Layer::Scp(i) => format!("scp level {i}"),
            Layer::Rcp(i) => format!("rcp level {i}"),
            Layer::PermissionBoundary => "permission boundary".to_string(),
            Layer::Session => "session policy".to_string(),
            Layer::Resource => "resource policy".to_string(),
            Layer::Identity => "identity".to_string(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Trace<'a> {
    pub request: &'a Request,
    pub layers: Vec<LayerTrace<'a>>,
    pub same_account: Tri,
    /// SCPs were skipped (service principal or service-linked role).
    pub scp_exempt: bool,
    pub resource_kind: ResourceKind,
}

#[derive(Clone, Debug)]
pub struct LayerTrace<'a> {
    pub layer: Layer,
    pub policies: Vec<PolicyTrace<'a>>,
    /// Some Allow statement applies.
    pub allow: Tri,
    /// Some Deny statement applies.
    pub deny: Tri,
    /// Resource layer: how Allows matched the principal.
    pub grant: PrincipalMatch,
}

#[derive(Clone, Debug)]
pub struct PolicyTrace<'a> {
    pub policy: &'a Policy,
    pub statements: Vec<StmtTrace<'a>>,
}

/// One statement's results. `None` = not evaluated (an earlier part did not match).
#[derive(Clone, Debug)]
pub struct StmtTrace<'a> {
    pub stmt: &'a Statement,
    pub action: Tri,
    pub resource: Option<Tri>,
    /// Resource layer only.
    pub principal: Option<Tri>,
    pub principal_match: Option<PrincipalMatch>,
    pub conditions: Option<Tri>,
    pub applies: Tri,
}

impl StmtTrace<'_> {
    /// Action ∧ resource ∧ conditions (the principal left out).
    pub fn applies_without_principal(&self) -> Tri {
        match (self.resource, self.conditions) {
            (Some(r), Some(c)) => self.action.and(r).and(c),
            _ => Tri::No,
        }
    }

    /// Short reasons for each part that did not simply match.
    pub fn reasons(&self, req: &Request) -> Vec<String> {
        let st = self.stmt;
        let mut out = Vec::new();
        let list = |ps: &[Pattern]| -> String {
            let v: Vec<String> = ps.iter().map(|p| p.src.to_string()).collect();
            format!("[{}]", v.join(", "))
        };
        match self.action {
            Tri::No if st.actions.negated => out.push(format!(
                "action {} is excluded by NotAction {}",
                req.action,
                list(&st.actions.patterns)
            )),
            Tri::No => out.push(format!(
                "action {} not in {}",
                req.action,
                list(&st.actions.patterns)
            )),
            _ => {}
        }
        if let Some(r) = self.resource {
            if r != Tri::Yes {
                let ps = &st.resources.patterns;
                let what = if st.resources.absent {
                    "the statement has no Resource".to_string()
                } else if st.resources.negated {
                    format!("is excluded by NotResource {}", list(ps))
                } else if ps.len() == 1 {
                    match (r, ps.first()) {
                        (Tri::No, Some(p)) => format!("{} does not match", p.src),
                        (_, Some(p)) => format!("{} may match", p.src),
                        _ => String::new(),
                    }
                } else {
                    format!(
                        "{} {}",
                        if r == Tri::No {
                            "matches none of"
                        } else {
                            "may match one of"
                        },
                        list(ps)
                    )
                };
                if st.resources.absent {
                    out.push(what);
                } else if st.resources.negated {
                    out.push(format!("resource {} {}", req.resource, what));
                } else if ps.len() == 1 {
                    out.push(format!("resource {what} {}", req.resource));
                } else {
                    out.push(format!("resource {} {what}", req.resource));
                }
            }
        }
        if let Some(p) = self.principal {
            if p != Tri::Yes {
                let neg = if st.principal_negated {
                    "NotPrincipal"
                } else {
                    "Principal"
                };
                let verb = if p == Tri::No {
                    "does not match"
                } else {
                    "may match"
                };
                out.push(format!(
                    "principal {} {verb} the statement's {neg}",
                    req.principal.arn
                ));
            }
        }
        if self.conditions.is_some() {
            for c in &st.conditions {
                let o = c.explain(&req.context);
                if o.result != Tri::Yes {
                    out.push(o.reason);
                }
            }
        }
        out
    }

    /// The unknowns that decide a `Maybe` statement.
    fn deciding(&self, req: &Request, out: &mut Vec<String>) {
        if self.applies != Tri::Maybe {
            return;
        }
        if self.resource == Some(Tri::Maybe) {
            out.extend(req.resource.holes().map(|h| h.label.to_string()));
            for p in &self.stmt.resources.patterns {
                out.extend(p.src.holes().map(|h| h.label.to_string()));
                for seg in &p.segs {
                    if let super::policy::Seg::Var { key, .. } = seg {
                        if req.context.get(key) == super::request::CtxRef::Unknown {
                            out.push(key.clone());
                        }
                    }
                }
            }
        }
        if self.principal == Some(Tri::Maybe) {
            out.extend(req.principal.arn.holes().map(|h| h.label.to_string()));
        }
        if self.conditions == Some(Tri::Maybe) {
            for c in &self.stmt.conditions {
                let o = c.explain(&req.context);
                if o.result == Tri::Maybe {
                    out.extend(o.deciding);
                }
            }
        }
    }
}

impl Trace<'_> {
    /// The unknown values behind every `Maybe` in the trace, sorted, without duplicates.
    pub fn deciding(&self) -> Vec<String> {
        let mut out = Vec::new();
        for l in &self.layers {
            for p in &l.policies {
                for s in &p.statements {
                    s.deciding(self.request, &mut out);
                }
            }
        }
        if self.same_account == Tri::Maybe {
            if let Some(a) = &self.request.principal.account {
                out.extend(a.holes().map(|h| h.label.to_string()));
            }
            if let Some(a) = self.request.effective_resource_account() {
                out.extend(a.holes().map(|h| h.label.to_string()));
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// An owned, serialisable copy with reasons rendered.
    pub fn view(&self) -> TraceView {
        TraceView {
            principal: self.request.principal.arn.to_string(),
            action: self.request.action.clone(),
            resource: self.request.resource.to_string(),
            same_account: self.same_account,
            scp_exempt: self.scp_exempt,
            resource_kind: self.resource_kind,
            layers: self
                .layers
                .iter()
                .map(|l| LayerView {
                    layer: l.layer.label(),
                    key: l.layer.key(),
                    allow: l.allow,
                    deny: l.deny,
                    policies: l
                        .policies
                        .iter()
                        .map(|p| PolicyView {
                            name: p.policy.name.clone(),
                            statements: p
                                .statements
                                .iter()
                                .map(|s| StmtView {
                                    index: s.stmt.index,
                                    sid: s.stmt.sid.clone(),
                                    effect: s.stmt.effect,
                                    span: SpanView::from(s.stmt.span),
                                    action: s.action,
                                    resource: s.resource,
                                    principal: s.principal,
                                    conditions: s.conditions,
                                    applies: s.applies,
                                    reasons: s.reasons(self.request),
                                })
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct TraceView {
    pub principal: String,
    pub action: String,
    pub resource: String,
    pub same_account: Tri,
    pub scp_exempt: bool,
    pub resource_kind: ResourceKind,
    pub layers: Vec<LayerView>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct LayerView {
    pub layer: String,
    pub key: &'static str,
    pub allow: Tri,
    pub deny: Tri,
    pub policies: Vec<PolicyView>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PolicyView {
    pub name: String,
    pub statements: Vec<StmtView>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct StmtView {
    pub index: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    pub span: SpanView,
    pub action: Tri,
    pub resource: Option<Tri>,
    pub principal: Option<Tri>,
    pub conditions: Option<Tri>,
    pub applies: Tri,
    pub reasons: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct SpanView {
    pub file: Option<u32>,
    pub start: u32,
    pub end: u32,
}

impl From<Span> for SpanView {
    fn from(s: Span) -> SpanView {
        SpanView {
            file: if s.is_none() { None } else { Some(s.file) },
            start: s.start,
            end: s.end,
        }
    }
}

fn tri(t: Tri) -> &'static str {
    match t {
        Tri::Yes => "yes",
        Tri::No => "no",
        Tri::Maybe => "maybe",
    }
}

impl Evaluation<'_> {
    /// A readable multi-line account of the evaluation.
    pub fn explain(&self) -> String {
        let t = &self.trace;
        let r = t.request;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{} {} on {}: {}",
            r.principal.arn,
            r.action,
            r.resource,
            self.decision.as_str()
        );
        if !self.deciding.is_empty() {
            let _ = writeln!(
                s,
                "  decided by unknown values: {}",
                self.deciding.join(", ")
            );
        }
        if t.same_account != Tri::Yes {
            let _ = writeln!(s, "  same account as the resource: {}", tri(t.same_account));
        }
        if t.scp_exempt {
            let _ = writeln!(s, "  SCPs do not apply to this principal");
        }
        for l in &t.layers {
            let _ = writeln!(
                s,
                "  {}: allow {}, deny {}",
                l.layer.label(),
                tri(l.allow),
                tri(l.deny)
            );
            for p in &l.policies {
                let _ = writeln!(s, "    policy {}", p.policy.name);
                let mut other_actions = Vec::new();
                for st in &p.statements {
                    if st.action == Tri::No {
                        other_actions.push(format!("#{}", st.stmt.index));
                        continue;
                    }
                    let eff = match st.stmt.effect {
                        Effect::Allow => "Allow",
                        Effect::Deny => "Deny",
                    };
                    let sid = st
                        .stmt
                        .sid
                        .as_deref()
                        .map(|x| format!(" {x}"))
                        .unwrap_or_default();
                    let reasons = st.reasons(r);
                    let verdict = match st.applies {
                        Tri::Yes => "applies",
                        Tri::Maybe => "may apply",
                        Tri::No => "does not apply",
                    };
                    if reasons.is_empty() {
                        let _ = writeln!(s, "      #{} {eff}{sid}: {verdict}", st.stmt.index);
                    } else {
                        let _ = writeln!(
                            s,
                            "      #{} {eff}{sid}: {verdict}: {}",
                            st.stmt.index,
                            reasons.join("; ")
                        );
                    }
                }
                if !other_actions.is_empty() {
                    let _ = writeln!(
                        s,
                        "      {}: action {} not covered",
                        other_actions.join(", "),
                        r.action
                    );
                }
            }
        }
        if self.decision == Decision::ImplicitDeny {
            let possible: Vec<String> = t
                .layers
                .iter()
                .flat_map(|l| l.policies.iter())
                .flat_map(|p| p.statements.iter().map(move |st| (p, st)))
                .filter(|(_, st)| st.stmt.effect == Effect::Deny && st.applies == Tri::Maybe)
                .map(|(p, st)| format!("{} #{}", p.policy.name, st.stmt.index))
                .collect();
            if !possible.is_empty() {
                let _ = writeln!(s, "  a Deny may also apply: {}", possible.join(", "));
            }
        }
        s
    }
}

/// An owned copy of an evaluation (decision, deciding values, rendered trace and
/// explanation) that outlives the policies and the request.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct EvaluationView {
    pub decision: Decision,
    pub deciding: Vec<String>,
    pub trace: TraceView,
    pub explain: String,
}

impl Evaluation<'_> {
    /// Renders the evaluation into an owned, serialisable value.
    pub fn to_view(&self) -> EvaluationView {
        EvaluationView {
            decision: self.decision,
            deciding: self.deciding.clone(),
            trace: self.trace.view(),
            explain: self.explain(),
        }
    }
}

impl serde::Serialize for Evaluation<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = ser.serialize_struct("Evaluation", 3)?;
        st.serialize_field("decision", &self.decision)?;
        st.serialize_field("deciding", &self.deciding)?;
        st.serialize_field("trace", &self.trace.view())?;
        st.end()
    }
}
