//! GL206: the trust policy of a Glue workload's role does not let Glue assume it.
//!
//! Glue starts a job or crawler run by calling `sts:AssumeRole` on the role as the
//! service principal `glue.amazonaws.com`. The role's trust policy is evaluated by the
//! engine as that request (`ResourceKind::RoleTrust`), in a context that holds what Glue
//! sends: `aws:SourceAccount` (the account, unknown unless `--account-id` fixes it) and
//! `aws:SourceArn` (a Glue ARN of that account); every other key is absent, so a
//! condition Glue can never meet (`sts:ExternalId`, MFA, a source IP) is a certain deny.
//! One finding per role, listing the workloads that run as it.

use crate::finding::{Finding, Level, Related};
use crate::iam::eval::{evaluate, Decision, PolicySet, ResourceKind};
use crate::iam::policy::Effect;
use crate::iam::request::{Context, CtxValue, Request};
use crate::iam::{Hole, HoleClass, SymStr};

use super::Ctx;

pub const GLUE: &str = "glue.amazonaws.com";

/// The context of Glue's `sts:AssumeRole` call.
pub fn glue_context(ctx: &Ctx) -> Context {
    let env = ctx.env;
    let mut c = Context::strict();
    c.set("aws:SourceAccount", CtxValue::Values(vec![env.account()]));
    let mut arn = SymStr::lit("arn:");
    arn.append(&env.partition());
    arn.push_str(":glue:");
    arn.append(&env.region());
    arn.push_str(":");
    arn.append(&env.account());
    arn.push_str(":");
    arn.push_hole(Hole::new(
        "the Glue resource Glue names as aws:SourceArn",
        HoleClass::Any,
    ));
    c.set("aws:SourceArn", CtxValue::Values(vec![arn]));
    c.set(
        "aws:PrincipalServiceName",
        CtxValue::Values(vec![SymStr::lit(GLUE)]),
    );
    c.set(
        "aws:SecureTransport",
        CtxValue::Values(vec![SymStr::lit("true")]),
    );
    for key in ["aws:CurrentTime", "aws:EpochTime", "aws:RequestedRegion"] {
        c.set(key, CtxValue::Unknown);
    }
    c
}

pub fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let model = ctx.model;
    let roles = model.workload_roles();
    let context = glue_context(ctx);
    for (r, workloads) in roles {
        let role = &model.principals[r];
        let Some(tid) = role.trust else { continue };
        let def = &model.policies[tid];
        // A trust policy whose content is not known cannot be judged.
        let Some(trust) = def.policy.as_ref() else {
            continue;
        };
        let req = Request::new(
            GLUE,
            "sts:AssumeRole",
            ctx.env.fill(&role.arn),
            context.clone(),
        );
        let set = PolicySet {
            resource: Some(trust),
            resource_kind: ResourceKind::RoleTrust,
            ..Default::default()
        };
        let ev = evaluate(&set, &req);
        let level = match ev.decision {
            Decision::Allowed => continue,
            Decision::Unknown => Level::Warning,
            Decision::ExplicitDeny | Decision::ImplicitDeny => Level::Error,
        };
        // The statements that name Glue, or deny: where the reader must look.
        let mut related = Vec::new();
        let mut evidence = Vec::new();
        let mut primary = def.span;
        for st in &trust.statements {
            let names_glue = st.principal.as_ref().is_some_and(|p| {
                p.any
                    || p.service
                        .iter()
                        .any(|s| s.as_known().is_some_and(|k| k.eq_ignore_ascii_case(GLUE)))
            });
            if !names_glue && st.effect == Effect::Allow {
                continue;
            }
            let name = match &st.sid {
                Some(s) if !s.is_empty() => format!("statement {s}"),
                _ => format!("statement {}", st.index),
            };
            if primary == def.span && !st.span.is_none() {
                primary = st.span;
            } else {
                related.push(Related {
                    span: st.span,
                    label: name.clone(),
                });
            }
            evidence.push(match st.effect {
                Effect::Allow if st.conditions.is_empty() => {
                    format!("{name} allows {GLUE} (it does not cover sts:AssumeRole)")
                }
                Effect::Allow => format!("{name} allows {GLUE} only under its conditions"),
                Effect::Deny => format!("{name} denies"),
            });
            // Why each condition of the statement does not (certainly) hold for Glue.
            for c in &st.conditions {
                let o = c.explain(&context);
                if o.result != crate::iam::Tri::Yes {
                    let why = if o.reason.ends_with("the key is absent") {
                        " (Glue does not send it)"
                    } else {
                        ""
                    };
                    evidence.push(format!("{name}: {}{why}", o.reason));
                }
            }
        }
        evidence.push(format!(
            "decision for {GLUE} calling sts:AssumeRole on {}: {}",
            ctx.env.fill(&role.arn),
            ev.decision.as_str()
        ));
        let names: Vec<String> = workloads
            .iter()
            .map(|&wi| {
                let w = &model.workloads[wi];
                format!("{} {}", w.kind.as_str(), w.name)
            })
            .collect();
        for &wi in &workloads {
            let w = &model.workloads[wi];
            related.push(Related {
                span: w.role_span,
                label: format!("{} {} runs as role {}", w.kind.as_str(), w.name, role.name),
            });
        }
        let runs = names.join(", ");
        let (message, unknowns) = match ev.decision {
            Decision::Unknown => (
                format!(
                    "the trust policy of role {} may not let {GLUE} assume it: it depends on {}; runs of {runs} fail otherwise",
                    role.name,
                    ev.deciding.join(", ")
                ),
                ev.deciding.clone(),
            ),
            Decision::ExplicitDeny => (
                format!(
                    "the trust policy of role {} denies {GLUE} sts:AssumeRole: every run of {runs} will fail",
                    role.name
                ),
                Vec::new(),
            ),
            _ => (
                format!(
                    "the trust policy of role {} does not let {GLUE} assume it (no statement allows sts:AssumeRole for Glue under conditions Glue meets): every run of {runs} will fail",
                    role.name
                ),
                Vec::new(),
            ),
        };
        out.push(Finding {
            rule: "GL206",
            level,
            message,
            primary,
            related,
            flow: vec![
                Related {
                    span: role.name_span,
                    label: format!("role {}", role.name),
                },
                Related {
                    span: def.span,
                    label: format!("trust policy of role {}", role.name),
                },
            ],
            evidence,
            help: Some(format!(
                "add a statement allowing Principal {{\"Service\": \"{GLUE}\"}} the action sts:AssumeRole, with no condition or only aws:SourceAccount / aws:SourceArn conditions that name this account and its Glue resources"
            )),
            unknowns,
            logical_key: format!("GL206|{}", role.address),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::policy::parse_policy_text;
    use crate::model::{Env, Model};

    fn decide(env: &Env, trust: &str) -> Decision {
        let model = Model::default();
        let ctx = Ctx {
            model: &model,
            env,
            scps: &[],
            configured_deployers: &[],
            context: &crate::iam::request::Context::open(),
        };
        let Some(p) = parse_policy_text("trust", trust, 0).0 else {
            panic!("trust policy does not parse: {trust}")
        };
        let set = PolicySet {
            resource: Some(&p),
            resource_kind: ResourceKind::RoleTrust,
            ..Default::default()
        };
        let mut role = SymStr::lit("arn:aws:iam::");
        role.append(&env.account());
        role.push_str(":role/etl");
        let req = Request::new(GLUE, "sts:AssumeRole", role, glue_context(&ctx));
        evaluate(&set, &req).decision
    }

    fn trust(condition: &str) -> String {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"glue.amazonaws.com"}},"Action":"sts:AssumeRole"{condition}}}]}}"#
        )
    }

    #[test]
    fn glue_meets_plain_and_source_conditions() {
        let env = Env::default();
        assert_eq!(decide(&env, &trust("")), Decision::Allowed);
        let arn = r#","Condition":{"ArnLike":{"aws:SourceArn":"arn:*:glue:*:*:*"}}"#;
        assert_eq!(decide(&env, &trust(arn)), Decision::Allowed);
        // The partition is not fixed: a literal one decides only once it is.
        let aws = r#","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:glue:*:*:*"}}"#;
        assert_eq!(decide(&env, &trust(aws)), Decision::Unknown);
        let fixed = Env {
            partition: Some("aws".into()),
            ..Default::default()
        };
        assert_eq!(decide(&fixed, &trust(aws)), Decision::Allowed);
    }

    #[test]
    fn conditions_glue_never_meets_deny() {
        let env = Env::default();
        for c in [
            r#","Condition":{"StringEquals":{"sts:ExternalId":"x"}}"#,
            r#","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#,
            r#","Condition":{"StringEquals":{"aws:SourceAccount":"not-an-account"}}"#,
            r#","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::bucket"}}"#,
        ] {
            assert_eq!(decide(&env, &trust(c)), Decision::ImplicitDeny, "{c}");
        }
        let other = r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
        assert_eq!(decide(&env, other), Decision::ImplicitDeny);
    }

    #[test]
    fn a_literal_source_account_is_decided_only_when_the_account_is_fixed() {
        let c = r#","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}"#;
        assert_eq!(decide(&Env::default(), &trust(c)), Decision::Unknown);
        let fixed = |a: &str| Env {
            account_id: Some(a.into()),
            ..Default::default()
        };
        assert_eq!(decide(&fixed("111122223333"), &trust(c)), Decision::Allowed);
        assert_eq!(
            decide(&fixed("444455556666"), &trust(c)),
            Decision::ImplicitDeny
        );
    }
}
