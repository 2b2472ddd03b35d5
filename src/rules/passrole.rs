//! GL101, GL102, GL103: a deployer that cannot pass the workload's role to Glue.
//!
//! One requirement, three outcomes, so the three rules share this file: every deployer
//! of a Glue workload must be allowed `iam:PassRole` on the workload's role with
//! `iam:PassedToService = glue.amazonaws.com`, or saving the workload (createJob,
//! updateJob, ...) fails with AccessDeniedException.
//! - GL101: the deployer's PassRole grants are name-pattern grants (such as
//!   AWSGlueConsoleFullAccess's `role/AWSGlueServiceRole*`) that the role's name is outside.
//! - GL102: no statement allows PassRole on the role at all.
//! - GL103: an explicit deny blocks it (a guardrail, a boundary, an SCP), possibly only
//!   for some values of a request key that the IaC does not fix (MFA, source IP).
//!
//! When no deployer is modelled, GL101 still notes a Glue role whose name is outside
//! AWSGlueConsoleFullAccess's pattern, as an advisory.

use crate::finding::{Finding, Level, Related};
use crate::iam::eval::{Decision, PolicySet};
use crate::iam::pattern::{Glob, GlobMode};
use crate::iam::request::{Context, CtxValue};
use crate::iam::{SymStr, Tri};
use crate::model::{Model, PolicyKind, Workload};

use super::deployers::{eval, Deployer, Prepared};
use super::outcome::{statement_name, summarise, NarrowGrant, Outcome};
use super::Ctx;

const PASSED_TO: &str = "iam:PassedToService";
const GLUE: &str = "glue.amazonaws.com";

/// The request context of a PassRole by a deployer: only the service is fixed.
fn passrole_context() -> Context {
    let mut c = Context::open();
    c.set_str(PASSED_TO, GLUE);
    c
}

/// Evaluates PassRole of `role_arn` for one prepared principal; when the answer hangs on
/// request keys nobody fixed, tries the values the policies mention for them to say
/// which values allow it.
fn passrole(prepared: &Prepared, set: &PolicySet, role_arn: &SymStr) -> Outcome {
    let req = prepared.request("iam:PassRole", role_arn, passrole_context());
    let mut o = summarise(&eval(set, &req));
    if o.decision == Decision::Unknown {
        let mut candidates: Vec<(String, Option<String>)> = Vec::new();
        for d in o.denies.iter().chain(&o.possible_denies) {
            for (key, values) in &d.keys {
                candidates.push((key.clone(), None));
                for v in values {
                    candidates.push((key.clone(), Some(v.clone())));
                    for flip in ["true", "false"] {
                        if v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false") {
                            candidates.push((key.clone(), Some(flip.to_string())));
                        }
                    }
                }
            }
        }
        candidates.sort();
        candidates.dedup();
        for (key, value) in candidates {
            let mut c = passrole_context();
            match &value {
                Some(v) => c.set_str(&key, v.as_str()),
                None => c.set(&key, CtxValue::Absent),
            };
            let probe = prepared.request("iam:PassRole", role_arn, c);
            if eval(set, &probe).decision == Decision::Allowed {
                o.allowed_when.push(match value {
                    Some(v) => format!("{key} is {v}"),
                    None => format!("{key} is absent"),
                });
            }
        }
    }
    o
}

pub fn check(ctx: &Ctx, deployers: &[Deployer], out: &mut Vec<Finding>) {
    let model = ctx.model;
    // A subject's policies are prepared once, not once per workload it deploys.
    let mut prepared_by_subject: std::collections::HashMap<usize, Prepared> =
        std::collections::HashMap::new();
    for d in deployers {
        let w = &model.workloads[d.workload];
        let Some(role_arn) = &w.role_arn else {
            continue;
        };
        // Evaluate each modelled member of a group with all of its groups; the group
        // alone when it has none.
        let subjects: Vec<usize> = if d.members.is_empty() {
            vec![d.principal]
        } else {
            d.members.clone()
        };
        let mut failing: Vec<(usize, Outcome)> = Vec::new();
        for &s in &subjects {
            let prepared = prepared_by_subject
                .entry(s)
                .or_insert_with(|| Prepared::new(ctx, s));
            let set = prepared.set();
            let o = passrole(prepared, &set, role_arn);
            if o.decision != Decision::Allowed {
                failing.push((s, o));
            }
        }
        let Some((subject, outcome)) = failing.first() else {
            continue;
        };
        let names: Vec<String> = failing.iter().map(|(s, _)| describe(model, *s)).collect();
        out.push(finding(ctx, d, w, role_arn, *subject, outcome, &names));
    }
    advisories(ctx, deployers, out);
}

fn describe(model: &Model, p: usize) -> String {
    let pr = &model.principals[p];
    format!("{} {}", pr.kind.as_str(), pr.name)
}

fn has_name_pattern(g: &NarrowGrant) -> bool {
    g.patterns.iter().any(|p| {
        p.rsplit_once(":role/")
            .is_some_and(|(_, name)| name.contains('*') || name.contains('?'))
    })
}

fn finding(
    ctx: &Ctx,
    d: &Deployer,
    w: &Workload,
    role_arn: &SymStr,
    subject: usize,
    o: &Outcome,
    failing: &[String],
) -> Finding {
    let model = ctx.model;
    let deployer = &model.principals[d.principal];
    let who = describe(model, d.principal);
    let role_name = role_display(model, w, role_arn);
    let saves = w
        .kind
        .save_actions()
        .iter()
        .map(|a| lower_first(a.trim_start_matches("glue:")))
        .collect::<Vec<_>>()
        .join("/");
    let what = format!("{} {}", w.kind.as_str(), w.name);
    let mut evidence = Vec::new();
    let mut unknowns = Vec::new();
    if !d.members.is_empty() {
        evidence.push(format!(
            "evaluated for each member with all of its groups: {} cannot pass the role",
            failing.join(", ")
        ));
    }
    if d.configured {
        evidence.push(format!("{who} is named as a deployer in the configuration"));
    } else {
        evidence.push(format!(
            "{who} can call {} on {what}{}",
            d.action,
            if d.certain {
                ""
            } else {
                " (depending on values that are not known)"
            }
        ));
    }
    if !d.certain {
        unknowns.push(format!("whether {who} may call {} on {}", d.action, w.arn));
    }

    let name_grant = o.grants.iter().find(|g| has_name_pattern(g));
    let (rule, level, message) = match o.decision {
        Decision::ExplicitDeny => {
            let by = o.denies.first().map(|h| statement_name(&h.policy, h.sid.as_deref())).unwrap_or_else(|| "a deny statement".into());
            ("GL103", Level::Error, format!("{who} is explicitly denied iam:PassRole on role {role_name} by {by}: {saves} of {what} will fail"))
        }
        Decision::Unknown if !o.denies.is_empty() || !o.possible_denies.is_empty() => {
            let h = o.possible_denies.first().or(o.denies.first());
            let by = h.map(|h| statement_name(&h.policy, h.sid.as_deref())).unwrap_or_default();
            let when = if o.allowed_when.is_empty() { format!(" depending on {}", o.deciding.join(", ")) } else { format!(" unless {}", o.allowed_when.join(" or ")) };
            unknowns.extend(o.deciding.iter().cloned());
            ("GL103", Level::Warning, format!("{who} is denied iam:PassRole on role {role_name} by {by}{when}: {saves} of {what} fails otherwise"))
        }
        Decision::Unknown => {
            unknowns.extend(o.deciding.iter().cloned());
            let rule = if name_grant.is_some() || o.maybe_grant { "GL101" } else { "GL102" };
            (rule, Level::Warning, format!("{who} may not be allowed iam:PassRole on role {role_name}: it depends on {}", o.deciding.join(", ")))
        }
        _ if name_grant.is_some() => {
            let named: Vec<&NarrowGrant> = o.grants.iter().filter(|g| has_name_pattern(g)).collect();
            let mut pats: Vec<String> = named.iter().flat_map(|g| g.patterns.iter().map(|p| pattern_tail(p))).collect();
            pats.dedup();
            let mut from: Vec<&str> = named.iter().map(|g| g.policy.as_str()).collect();
            from.sort_unstable();
            from.dedup();
            (
                "GL101",
                Level::Error,
                format!(
                    "{who} can pass only roles matching {} (from {}), not role {role_name}: {saves} of {what} will fail with AccessDeniedException on iam:PassRole",
                    pats.join(" or "),
                    from.join(", ")
                ),
            )
        }
        _ if o.identity_allows != Tri::No && (o.boundary_blocks || o.scp_blocks) => {
            let by = if o.boundary_blocks {
                let b = model.principals[subject].boundary_policy.or(deployer.boundary_policy).map(|b| model.policies[b].display.clone()).unwrap_or_default();
                format!("the permissions boundary {b}")
            } else {
                "the service control policies".to_string()
            };
            ("GL102", Level::Error, format!("{who} is allowed iam:PassRole on role {role_name} by its policies, but {by} does not allow it: {saves} of {what} will fail with AccessDeniedException"))
        }
        _ => ("GL102", Level::Error, format!("no policy of {who} allows iam:PassRole on role {role_name}: {saves} of {what} will fail with AccessDeniedException")),
    };
    let level = if d.certain {
        level
    } else {
        level.min(Level::Warning)
    };
    for g in &o.grants {
        evidence.push(format!(
            "{} allows iam:PassRole only on {}; the role is {}",
            statement_name(&g.policy, g.sid.as_deref()),
            g.patterns.join(", "),
            ctx.env.fill(role_arn)
        ));
    }
    for h in o.denies.iter().chain(&o.possible_denies) {
        let conds = if h.conditions.is_empty() {
            "unconditionally".to_string()
        } else {
            h.conditions.join("; ")
        };
        evidence.push(format!(
            "{} ({}) denies it: {conds}",
            statement_name(&h.policy, h.sid.as_deref()),
            h.layer
        ));
    }
    if o.boundary_blocks {
        evidence.push("the permissions boundary does not allow it".into());
    }
    if o.scp_blocks {
        evidence.push("the service control policies do not allow it".into());
    }
    evidence.push(format!(
        "decision for iam:PassRole with {PASSED_TO}={GLUE}: {}",
        o.decision.as_str()
    ));

    // Where to look: the role attribute; the deployer, its attachments, the role.
    let mut related = vec![Related {
        span: deployer.name_span,
        label: who.clone(),
    }];
    let mut flow = vec![Related {
        span: w.role_span,
        label: format!("{what} runs as role {role_name}"),
    }];
    if let Some(r) = w.role {
        let role = &model.principals[r];
        related.push(Related {
            span: role.name_span,
            label: format!("role {}", role.name),
        });
        flow.push(Related {
            span: role.name_span,
            label: format!("role {}", role.name),
        });
    }
    flow.push(Related {
        span: deployer.name_span,
        label: format!("{who} can call {}", d.action),
    });
    let mut owners = vec![subject];
    if subject != d.principal {
        owners.extend(super::deployers::groups_of(model, subject));
    }
    for a in model
        .attachments
        .iter()
        .filter(|a| owners.contains(&a.principal))
    {
        let def = &model.policies[a.policy];
        // Point at the deciding statement when it is in a scanned file, else at the
        // attachment (an AWS managed policy lives in no file of the repository).
        let deny = o
            .denies
            .iter()
            .chain(&o.possible_denies)
            .find(|h| h.policy == def.display);
        let grant = o
            .grants
            .iter()
            .find(|g| g.policy == def.display && has_name_pattern(g))
            .or_else(|| o.grants.iter().find(|g| g.policy == def.display));
        let (stmt_span, sid) = match (deny, grant) {
            (Some(h), _) => (h.span, h.sid.clone()),
            (None, Some(g)) => (g.span, g.sid.clone()),
            (None, None) => continue,
        };
        let (span, label) = match def.kind {
            PolicyKind::AwsManaged | PolicyKind::External => (
                a.span,
                format!(
                    "AWS managed policy {} attached by {}",
                    def.display,
                    short_address(&a.via)
                ),
            ),
            _ if !stmt_span.is_none() => (stmt_span, statement_name(&def.display, sid.as_deref())),
            _ => (def.span, format!("policy {}", def.display)),
        };
        related.push(Related {
            span,
            label: label.clone(),
        });
        flow.push(Related { span, label });
    }
    let grant = format!(
        "allow {who} iam:PassRole on exactly {} with condition {PASSED_TO} = {GLUE} (an inline policy of the {})",
        ctx.env.fill(role_arn),
        deployer.kind.as_str()
    );
    let help = if rule == "GL103" {
        "the deny decides: meet its condition (for example, sign in with MFA) or have the guardrail's owners exempt this PassRole after review; a further allow does not help".to_string()
    } else if o.identity_allows != Tri::No && (o.boundary_blocks || o.scp_blocks) {
        "the deployer's own policies already allow it: the owners of the permissions boundary or SCP must allow iam:PassRole on this role (needs approval)".to_string()
    } else if let Some(name) = o
        .grants
        .iter()
        .filter(|g| has_name_pattern(g))
        .flat_map(|g| &g.patterns)
        .find_map(|p| renamed(p, &role_name))
    {
        format!("{grant}; or rename the role to {name}, which the existing grant covers (disruptive: the role is replaced)")
    } else {
        grant
    };
    Finding {
        rule,
        level,
        message,
        primary: w.role_span,
        related,
        flow,
        evidence,
        help: Some(help),
        unknowns,
        logical_key: format!("{}|{}|{}", rule, w.address, deployer.address),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// `aws_iam_group.x` stays; `templates/glue.yaml#GlueAccess` becomes `GlueAccess`.
fn short_address(address: &str) -> &str {
    address
        .rsplit_once('#')
        .map(|(_, id)| id)
        .unwrap_or(address)
}

/// A role name that a name-pattern grant covers, made from the current name: the
/// pattern's literal prefix (`role/glue-*` → `glue-etl`), or `None` when the pattern has
/// a path or wildcards inside.
fn renamed(pattern: &str, current: &str) -> Option<String> {
    let (_, tail) = pattern.split_once(":role/")?;
    let prefix = tail.strip_suffix('*')?;
    if prefix.is_empty() || prefix.contains(['*', '?', '/']) {
        return None;
    }
    let sep = if prefix.ends_with(['-', '_', '.']) {
        ""
    } else {
        "-"
    };
    Some(format!("{prefix}{sep}{current}"))
}

/// `arn:aws:iam::*:role/AWSGlueServiceRole*` → `role/AWSGlueServiceRole*`
fn pattern_tail(p: &str) -> String {
    match p.split_once(":role/") {
        Some((_, t)) => format!("role/{t}"),
        None => p.to_string(),
    }
}

fn role_display(model: &Model, w: &Workload, arn: &SymStr) -> String {
    if let Some(r) = w.role {
        return model.principals[r].name.to_string();
    }
    let s = arn.to_string();
    s.rsplit_once(":role/")
        .map(|(_, n)| n.rsplit('/').next().unwrap_or(n).to_string())
        .unwrap_or(s)
}

/// With no deployer in the IaC: a Glue role outside AWSGlueConsoleFullAccess's pattern
/// needs an explicit PassRole grant for whoever deploys it.
fn advisories(ctx: &Ctx, deployers: &[Deployer], out: &mut Vec<Finding>) {
    for (wi, w) in ctx.model.workloads.iter().enumerate() {
        if deployers.iter().any(|d| d.workload == wi) {
            continue;
        }
        let Some(arn) = &w.role_arn else { continue };
        let m = [
            "arn:*:iam::*:role/AWSGlueServiceRole*",
            "arn:*:iam::*:role/service-role/AWSGlueServiceRole*",
        ]
        .iter()
        .map(|p| Glob::text(p, GlobMode::RESOURCE).matches(&ctx.env.fill(arn)))
        .fold(Tri::No, Tri::or);
        if m == Tri::Yes {
            continue;
        }
        let role_name = role_display(ctx.model, w, arn);
        let certainty = if m == Tri::Maybe {
            " (its name is not known)"
        } else {
            ""
        };
        out.push(Finding {
            rule: "GL101",
            level: Level::Note,
            message: format!(
                "{} {} runs as role {role_name}{certainty}, outside the role/AWSGlueServiceRole* pattern that AWSGlueConsoleFullAccess may pass: whoever deploys it needs its own iam:PassRole grant",
                w.kind.as_str(),
                w.name
            ),
            primary: w.role_span,
            related: w.role.map(|r| vec![Related { span: ctx.model.principals[r].name_span, label: format!("role {}", ctx.model.principals[r].name) }]).unwrap_or_default(),
            flow: Vec::new(),
            evidence: vec!["no group, user or role in the scanned code can create or update this workload; name deployers in .glue-lint.yaml to check them".into()],
            help: Some(format!("grant the deployers iam:PassRole on exactly {} with {PASSED_TO} = {GLUE}", ctx.env.fill(arn))),
            unknowns: vec!["who deploys this workload".into()],
            logical_key: format!("GL101|{}|advisory", w.address),
        });
    }
}
