//! GL301, GL302, GL303: security hygiene of what the IaC grants (structural checks).
//!
//! - GL301: a statement allows `iam:PassRole` on `*` or on a role wildcard without an
//!   `iam:PassedToService` condition (whoever has it can hand any such role to any
//!   service: a privilege escalation path). One finding per statement.
//! - GL302: a Glue workload's role has administrator-equivalent access (`*`/`*:*` or
//!   `iam:*` on `*`, an `Allow` with `NotAction` on `*`, or the AWS managed policies
//!   AdministratorAccess, PowerUserAccess, IAMFullAccess), or a trust policy that lets
//!   more than Glue assume it. One finding per role.
//! - GL303: an ineffective grant: an action whose every Resource can never match one of
//!   its resource types (`s3:GetObject` on a bucket ARN), from AWS's service
//!   authorization data (`iam::service_data`). One finding per statement.
//!
//! Only policies written in the scanned code are judged: AWS managed policies and
//! policies attached by ARN live in no file of the repository (GL302 still reports a
//! workload role that attaches an administrator managed policy, at the attachment).

use crate::finding::{Finding, Level, Related};
use crate::iam::policy::{ActionSpec, Effect, Pattern, Policy, Statement};
use crate::iam::service_data;
use crate::iam::{Span, Tri};
use crate::model::{PolicyDef, PolicyKind};

use super::trust::GLUE;
use super::Ctx;

/// AWS managed policies that give administrator-equivalent access.
const ADMIN_MANAGED: &[&str] = &["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"];

pub fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for def in &ctx.model.policies {
        if !matches!(
            def.kind,
            PolicyKind::Inline | PolicyKind::CustomerManaged | PolicyKind::Resource
        ) {
            continue;
        }
        let Some(policy) = def.policy.as_ref() else {
            continue;
        };
        for st in &policy.statements {
            if st.effect != Effect::Allow {
                continue;
            }
            if def.kind != PolicyKind::Resource {
                pass_role(def, policy, st, out);
            }
            ineffective(def, policy, st, out);
        }
    }
    admin_roles(ctx, out);
}

fn statement_name(policy: &Policy, st: &Statement) -> String {
    match &st.sid {
        Some(s) if !s.is_empty() => format!("statement {s} of {}", policy.name),
        _ => format!("statement {} of {}", st.index, policy.name),
    }
}

/// Whether the statement's Action (or NotAction) covers `action`.
fn allows_action(a: &ActionSpec, action: &str) -> Tri {
    let hit = a
        .patterns
        .iter()
        .map(|p| match &p.glob {
            Some(g) => g.matches_str(action),
            None => Tri::Maybe,
        })
        .fold(Tri::No, Tri::or);
    if a.negated {
        hit.not()
    } else {
        hit
    }
}

/// The resource field of an ARN pattern (after the fifth `:`), or the whole text.
fn resource_field(text: &str) -> &str {
    let mut rest = text;
    for _ in 0..5 {
        match rest.split_once(':') {
            Some((_, r)) => rest = r,
            None => return text,
        }
    }
    rest
}

/// `*`, or a role pattern with a wildcard in its resource part (`role/*`, `role/etl-*`).
fn wide_role_pattern(p: &Pattern) -> bool {
    let text = p.src.to_string();
    text == "*" || resource_field(&text).contains(['*', '?'])
}

fn pass_role(def: &PolicyDef, policy: &Policy, st: &Statement, out: &mut Vec<Finding>) {
    if allows_action(&st.actions, "iam:PassRole") != Tri::Yes {
        return;
    }
    if st
        .conditions
        .iter()
        .any(|c| c.key_lc == "iam:passedtoservice")
    {
        return;
    }
    let wide: Vec<String> = if st.resources.negated {
        vec![format!(
            "every resource except {}",
            st.resources
                .patterns
                .iter()
                .map(|p| p.src.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )]
    } else {
        st.resources
            .patterns
            .iter()
            .filter(|p| wide_role_pattern(p))
            .map(|p| p.src.to_string())
            .collect()
    };
    if wide.is_empty() {
        return;
    }
    let name = statement_name(policy, st);
    out.push(Finding {
        rule: "GL301",
        level: Level::Warning,
        message: format!(
            "{name} allows iam:PassRole on {} without an iam:PassedToService condition: whoever has it can pass any matching role to any AWS service",
            wide.join(", ")
        ),
        primary: st.span,
        related: vec![Related {
            span: def.span,
            label: format!("policy {}", def.display),
        }],
        flow: Vec::new(),
        evidence: vec![format!(
            "the statement's Action covers iam:PassRole and it has no iam:PassedToService condition; Resource: {}",
            wide.join(", ")
        )],
        help: Some(format!(
            "allow iam:PassRole only on the ARNs of the roles to pass, with condition StringEquals iam:PassedToService = {GLUE}"
        )),
        unknowns: Vec::new(),
        logical_key: format!("GL301|{}|{}", def.display, st.index),
    });
}

/// What to write instead for an ineffective resource, when the fix is a known shape.
fn suggestion(resource: &str, rtype: &str) -> Option<String> {
    match rtype {
        "object" if !resource.contains('/') => Some(format!("{resource}/*")),
        "bucket" => resource
            .split_once('/')
            .map(|(b, _)| b.to_string())
            .filter(|b| b.starts_with("arn:")),
        "log-stream" if resource.contains(":log-group:") => Some(format!("{resource}:*")),
        _ => None,
    }
}

fn ineffective(def: &PolicyDef, policy: &Policy, st: &Statement, out: &mut Vec<Finding>) {
    if st.actions.negated || st.resources.negated || st.resources.absent {
        return;
    }
    let resources: Vec<&Pattern> = st.resources.patterns.iter().collect();
    if resources.is_empty() {
        return;
    }
    let mut lines: Vec<String> = Vec::new();
    let mut fixes: Vec<String> = Vec::new();
    for a in &st.actions.patterns {
        let Some(text) = a.src.as_known() else {
            continue;
        };
        if text.contains(['*', '?']) {
            continue;
        }
        let Some(info) = service_data::action(text) else {
            continue;
        };
        let templates = info.templates();
        let full = format!("{}:{}", info.service, info.name);
        if templates.is_empty() {
            // Only `"*"` is ever the request's resource.
            let star = crate::iam::SymStr::lit("*");
            let ok = resources.iter().any(|p| match &p.glob {
                Some(g) => g.matches(&star) != Tri::No,
                None => true,
            });
            if !ok {
                lines.push(format!(
                    "{full} does not support resource-level permissions: it needs Resource \"*\""
                ));
            }
            continue;
        }
        if info.resource_types.len() != templates.len() {
            continue;
        }
        let ok = resources.iter().any(|p| {
            templates
                .iter()
                .any(|(_, t)| service_data::could_match(&p.src, t))
        });
        if ok {
            continue;
        }
        let types: Vec<String> = templates
            .iter()
            .map(|(n, t)| format!("{n} ({t})"))
            .collect();
        lines.push(format!("{full} acts only on {}", types.join(" or ")));
        for p in &resources {
            for (n, _) in &templates {
                if let Some(s) = p.src.as_known().and_then(|r| suggestion(r, n)) {
                    if !fixes.contains(&s) {
                        fixes.push(s);
                    }
                }
            }
        }
    }
    if lines.is_empty() {
        return;
    }
    let name = statement_name(policy, st);
    let res: Vec<String> = resources.iter().map(|p| p.src.to_string()).collect();
    let actions: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.split_once(' ').map(|(a, _)| a))
        .collect();
    out.push(Finding {
        rule: "GL303",
        level: Level::Warning,
        message: format!(
            "{name} grants {} on {}, which can never match: the grant has no effect",
            actions.join(", "),
            res.join(", ")
        ),
        primary: st.span,
        related: vec![Related {
            span: def.span,
            label: format!("policy {}", def.display),
        }],
        flow: Vec::new(),
        evidence: lines
            .into_iter()
            .chain(std::iter::once(format!(
                "from AWS's service authorization data ({})",
                service_data::source()
            )))
            .collect(),
        help: Some(if fixes.is_empty() {
            "write Resource ARNs of the types the actions act on, or move the actions to a statement of their own".to_string()
        } else {
            format!("add {} to the statement's Resource (or move the actions to a statement with the right ARNs)", fixes.join(", "))
        }),
        unknowns: Vec::new(),
        logical_key: format!("GL303|{}|{}", def.display, st.index),
    });
}

/// Why a role's access or trust is too wide, with where it is written.
struct Reason {
    span: Span,
    label: String,
    text: String,
}

fn admin_statement(st: &Statement) -> Option<String> {
    if st.effect != Effect::Allow || st.resources.negated {
        return None;
    }
    let on_all = st
        .resources
        .patterns
        .iter()
        .any(|p| p.src.as_known() == Some("*"));
    if !on_all {
        return None;
    }
    if st.actions.negated {
        return Some("allows every action except its NotAction list on *".into());
    }
    st.actions.patterns.iter().find_map(|p| {
        let t = p.src.as_known()?;
        let lc = t.to_ascii_lowercase();
        matches!(lc.as_str(), "*" | "*:*" | "iam:*").then(|| format!("allows {t} on *"))
    })
}

/// Whether a trust statement lets someone other than Glue assume the role.
fn wide_trust(st: &Statement) -> Option<String> {
    if st.effect != Effect::Allow {
        return None;
    }
    if allows_action(&st.actions, "sts:AssumeRole") == Tri::No
        && allows_action(&st.actions, "sts:AssumeRoleWithWebIdentity") == Tri::No
        && allows_action(&st.actions, "sts:AssumeRoleWithSAML") == Tri::No
    {
        return None;
    }
    let p = st.principal.as_ref()?;
    if st.principal_negated {
        return Some("trusts every principal but those named in NotPrincipal".into());
    }
    if p.any {
        return Some("trusts any principal (\"*\")".into());
    }
    let mut who: Vec<String> = Vec::new();
    who.extend(p.aws.iter().map(|a| format!("AWS {a}")));
    who.extend(p.federated.iter().map(|a| format!("Federated {a}")));
    who.extend(p.canonical.iter().map(|a| format!("CanonicalUser {a}")));
    who.extend(
        p.service
            .iter()
            .filter(|s| !s.as_known().is_some_and(|k| k.eq_ignore_ascii_case(GLUE)))
            .map(|s| format!("Service {s}")),
    );
    if who.is_empty() {
        None
    } else {
        Some(format!("also trusts {}", who.join(", ")))
    }
}

fn admin_roles(ctx: &Ctx, out: &mut Vec<Finding>) {
    let model = ctx.model;
    let roles = model.workload_roles();
    for (r, workloads) in roles {
        let role = &model.principals[r];
        let mut reasons: Vec<Reason> = Vec::new();
        for a in model.attachments.iter().filter(|a| a.principal == r) {
            let def = &model.policies[a.policy];
            match def.kind {
                PolicyKind::AwsManaged => {
                    if ADMIN_MANAGED.contains(&def.display.as_str()) {
                        reasons.push(Reason {
                            span: a.span,
                            label: format!("AWS managed policy {} attached", def.display),
                            text: format!("attaches the AWS managed policy {}", def.display),
                        });
                    }
                }
                PolicyKind::External => {}
                _ => {
                    let Some(p) = def.policy.as_ref() else {
                        continue;
                    };
                    for st in &p.statements {
                        if let Some(t) = admin_statement(st) {
                            let name = statement_name(p, st);
                            reasons.push(Reason {
                                span: st.span,
                                label: name.clone(),
                                text: format!("{name} {t}"),
                            });
                        }
                    }
                }
            }
        }
        // The attachment of an administrator managed policy first: the finding points there.
        reasons.sort_by_key(|r| !r.label.starts_with("AWS managed policy"));
        if let Some(p) = role.trust.and_then(|t| model.policies[t].policy.as_ref()) {
            for st in &p.statements {
                if let Some(t) = wide_trust(st) {
                    let name = match &st.sid {
                        Some(s) if !s.is_empty() => format!("trust statement {s}"),
                        _ => format!("trust statement {}", st.index),
                    };
                    reasons.push(Reason {
                        span: st.span,
                        label: name.clone(),
                        text: format!("{name} {t}"),
                    });
                }
            }
        }
        let Some(first) = reasons.first() else {
            continue;
        };
        let runs: Vec<String> = workloads
            .iter()
            .map(|&wi| {
                let w = &model.workloads[wi];
                format!("{} {}", w.kind.as_str(), w.name)
            })
            .collect();
        let mut related: Vec<Related> = reasons
            .iter()
            .skip(1)
            .map(|r| Related {
                span: r.span,
                label: r.label.clone(),
            })
            .collect();
        related.push(Related {
            span: role.name_span,
            label: format!("role {}", role.name),
        });
        out.push(Finding {
            rule: "GL302",
            level: Level::Warning,
            message: format!(
                "role {} that {} runs as has administrator-equivalent access or trust: {}",
                role.name,
                runs.join(", "),
                reasons
                    .iter()
                    .map(|r| r.text.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            primary: first.span,
            related,
            flow: Vec::new(),
            evidence: reasons.iter().map(|r| r.text.clone()).collect(),
            help: Some(format!(
                "grant the role only what the workload uses (AWSGlueServiceRole plus its own buckets, keys and log groups), and let only {GLUE} assume it"
            )),
            unknowns: Vec::new(),
            logical_key: format!("GL302|{}", role.address),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::pattern::GlobMode;

    #[test]
    fn role_wildcards() {
        let p = |t: &str| {
            Pattern::new(
                crate::iam::SymStr::lit(t),
                Span::NONE,
                GlobMode::RESOURCE,
                true,
            )
        };
        assert!(wide_role_pattern(&p("*")));
        assert!(wide_role_pattern(&p("arn:aws:iam::123456789012:role/*")));
        assert!(wide_role_pattern(&p(
            "arn:aws:iam::123456789012:role/etl-*"
        )));
        assert!(!wide_role_pattern(&p("arn:aws:iam::*:role/etl")));
        assert!(!wide_role_pattern(&p(
            "arn:aws:iam::123456789012:role/etl-runtime"
        )));
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            suggestion("arn:aws:s3:::b", "object").as_deref(),
            Some("arn:aws:s3:::b/*")
        );
        assert_eq!(
            suggestion("arn:aws:s3:::b/*", "bucket").as_deref(),
            Some("arn:aws:s3:::b")
        );
    }
}
