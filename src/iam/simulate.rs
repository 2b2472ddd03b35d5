//! The simulate adapter: one JSON request in the reference simulator's format → one JSON
//! response, so glue-lint's engine can be compared with it vector by vector.
//!
//! Request keys: `id` (echoed), `identityPolicies`, `permissionBoundaries` (or
//! `permissionBoundary`; several are merged into one), `scps` (flat list = one level, list
//! of lists = one list per OU level root first, or `[{"policies": [...]}, ...]`), `rcps`
//! (same shapes; `RCPFullAWSAccess` is added to every level), `sessionPolicy`,
//! `resourcePolicy` (`null` = none), `vpcEndpointPolicies` (evaluated like identity
//! policies: they must allow, and their Deny is explicit), `settings.s3.bucketAbacEnabled`
//! and `request {principal, action, resource,
//! resourceAccount, context}` (`null` = absent). A policy is a document object, a document
//! as a JSON string, `{"name", "policy"}`, `{"managed": NAME}`, a managed-policy ARN
//! string, or `"FullAWSAccess"`. The `resolve_managed` callback turns a name or ARN into
//! document text. The context is strict (keys not given are absent).
//!
//! Extension for unknown values: any string in `request` may be written
//! `{"sym": ["literal text", {"hole": "label", "class": "any|nocolon|segment|digits"}, ...]}`
//! and a context value may be `{"unknown": true}`; the decision may then be `unknown`, with
//! `deciding` naming what decides it.
//!
//! Response: `{"id", "decision": "allowed|explicitDeny|implicitDeny|unknown|error",
//! "matched": {layer: {"allow": [{"policy","sid","index"}], "deny": [...]}}, "deciding",
//! "resourceKind", "trace"}` plus `"explain"` (text) when asked, or `"error": {"message"}`.
//! Like the reference simulator, an identity-side policy with a `Principal` or without
//! `Resource`, or any policy error, makes the decision `error`. Also as in the reference
//! simulator: a single-valued context key given a list keeps its first element, a `*` in
//! `request.resource` makes it a pattern (allowed when some matching resource would be),
//! `iam:PassRole` of a `role/aws-reserved/...` role is denied, and S3 requests do not see
//! `aws:ResourceTag/*` unless the bucket has ABAC.

use serde_json::{json, Map, Value};

use super::condition::is_multivalued_key;
use super::eval::{evaluate, Decision, PolicySet, ResourceKind};
use super::json::PolicyError;
use super::node::{Member, Node, NodeKind};
use super::policy::{parse_policy_node, parse_policy_text, Policy};
use super::request::{split_arn, Context, CtxValue, Principal, Request};
use super::span::Span;
use super::sym::{Hole, HoleClass, SymStr, Tri};

const FULL_ACCESS: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
const MAX_DEPTH: usize = 64;

/// Runs one simulate request (see the module doc for the format).
pub fn run_request(
    req: &Value,
    resolve_managed: &dyn Fn(&str) -> Result<String, String>,
    explain: bool,
) -> Value {
    let id = req.get("id").cloned().unwrap_or(Value::Null);
    match run_inner(req, resolve_managed, explain) {
        Ok(mut out) => {
            if let Value::Object(m) = &mut out {
                let mut with_id = Map::new();
                with_id.insert("id".into(), id);
                for (k, v) in std::mem::take(m) {
                    with_id.insert(k, v);
                }
                *m = with_id;
            }
            out
        }
        Err(message) => json!({"id": id, "decision": "error", "error": {"message": message}}),
    }
}

struct Loaded {
    identity: Vec<Policy>,
    boundary: Option<Policy>,
    scps: Vec<Vec<Policy>>,
    rcps: Vec<Vec<Policy>>,
    session: Option<Policy>,
    resource: Option<Policy>,
}

fn run_inner(
    req: &Value,
    resolve: &dyn Fn(&str) -> Result<String, String>,
    explain: bool,
) -> Result<Value, String> {
    if !req.is_object() {
        return Err("the request must be a JSON object".into());
    }
    let vpce = merge(policy_list(
        req.get("vpcEndpointPolicies"),
        "vpcEndpoint",
        resolve,
    )?);
    let identity = policy_list(req.get("identityPolicies"), "identity", resolve)?;
    let mut boundaries = policy_list(
        req.get("permissionBoundaries"),
        "permissionBoundary",
        resolve,
    )?;
    if let Some(b) = req.get("permissionBoundary").filter(|v| !v.is_null()) {
        boundaries.push(load_policy(b, "permissionBoundary".into(), resolve)?);
    }
    let boundary = merge(boundaries);
    let scps = levels(req.get("scps"), "scp", resolve, false)?;
    let rcps = levels(req.get("rcps"), "rcp", resolve, true)?;
    let session = match req.get("sessionPolicy").filter(|v| !v.is_null()) {
        Some(v) => Some(load_policy(v, "sessionPolicy".into(), resolve)?),
        None => None,
    };
    let resource = match req.get("resourcePolicy").filter(|v| !v.is_null()) {
        Some(v) => Some(load_policy(v, "resourcePolicy".into(), resolve)?),
        None => None,
    };
    for p in identity
        .iter()
        .chain(boundary.iter())
        .chain(session.iter())
        .chain(scps.iter().flatten())
    {
        validate_identity_side(p)?;
    }
    let loaded = Loaded {
        identity,
        boundary,
        scps,
        rcps,
        session,
        resource,
    };

    let r = req.get("request").ok_or("the request has no \"request\"")?;
    let principal = sym_field(r.get("principal"), "request.principal")?
        .ok_or("request.principal is required")?;
    let action = match r.get("action") {
        Some(Value::String(s)) if s.contains(':') => s.clone(),
        _ => return Err("request.action must be a string service:Action".into()),
    };
    let resource =
        sym_field(r.get("resource"), "request.resource")?.unwrap_or_else(|| SymStr::lit("*"));
    let resource_account = sym_field(r.get("resourceAccount"), "request.resourceAccount")?;
    let mut context = parse_context(r.get("context"))?;
    s3_resource_tags(&mut context, &action, &resource, req);
    // A `*` inside the requested resource stands for any text (the reference simulator's
    // "wildcard" mode): each becomes a hole, and a decision that only those holes leave
    // open is reported as allowed for some resource.
    let wildcard = resource
        .as_known()
        .is_some_and(|k| k != "*" && k.contains('*'));
    let resource = if wildcard {
        let mut w = SymStr::new();
        let text = resource.as_known().unwrap_or("");
        for (i, part) in text.split('*').enumerate() {
            if i > 0 {
                w.push_hole(Hole::new(WILDCARD, HoleClass::Any));
            }
            w.push_str(part);
        }
        w
    } else {
        resource
    };
    let request = Request {
        principal: Principal::parse(&principal),
        action,
        resource,
        resource_account,
        context,
    };
    let kind = resource_kind(&request);
    let set = PolicySet {
        identity: loaded.identity.iter().collect(),
        boundary: loaded.boundary.as_ref(),
        scps: loaded.scps.iter().map(|l| l.iter().collect()).collect(),
        rcps: loaded.rcps.iter().map(|l| l.iter().collect()).collect(),
        session: loaded.session.as_ref(),
        resource: loaded.resource.as_ref(),
        resource_kind: kind,
    };
    let ev = evaluate(&set, &request);
    let vpce_set = PolicySet {
        identity: vpce.iter().collect(),
        ..PolicySet::default()
    };
    let vpce_ev = vpce.as_ref().map(|_| evaluate(&vpce_set, &request));
    let mut decision = ev.decision;
    let mut deciding = ev.deciding.clone();
    if let Some(v) = &vpce_ev {
        decision = combine(decision, v.decision);
        deciding.extend(v.deciding.iter().cloned());
        deciding.sort();
        deciding.dedup();
    }
    if reserved_role_pass(&request) && decision != Decision::ExplicitDeny {
        decision = Decision::ImplicitDeny;
    }
    let mut result_type = "single";
    if wildcard {
        result_type = "wildcard";
        if decision == Decision::Unknown && deciding.iter().all(|d| d == WILDCARD) {
            decision = Decision::Allowed;
            deciding.clear();
        }
    }
    let mut matched = Map::new();
    let vpce_layers = vpce_ev
        .iter()
        .flat_map(|v| v.trace.layers.iter().map(|l| ("vpcEndpoint", l)));
    for (key, l) in ev
        .trace
        .layers
        .iter()
        .map(|l| (l.layer.key(), l))
        .chain(vpce_layers)
    {
        let entry = matched
            .entry(key.to_string())
            .or_insert_with(|| json!({"allow": [], "deny": []}));
        for p in &l.policies {
            for s in &p.statements {
                if s.applies != Tri::Yes {
                    continue;
                }
                let mut st = Map::new();
                st.insert("policy".into(), Value::String(p.policy.name.clone()));
                if let Some(sid) = &s.stmt.sid {
                    st.insert("sid".into(), Value::String(sid.clone()));
                }
                st.insert("index".into(), json!(s.stmt.index));
                let which = match s.stmt.effect {
                    super::policy::Effect::Allow => "allow",
                    super::policy::Effect::Deny => "deny",
                };
                if let Some(Value::Array(a)) = entry.get_mut(which) {
                    a.push(Value::Object(st));
                }
            }
        }
    }
    let mut out = Map::new();
    out.insert("decision".into(), json!(decision.as_str()));
    out.insert("resultType".into(), json!(result_type));
    out.insert("matched".into(), Value::Object(matched));
    out.insert("deciding".into(), json!(deciding));
    out.insert(
        "resourceKind".into(),
        serde_json::to_value(kind).unwrap_or(Value::Null),
    );
    out.insert(
        "trace".into(),
        serde_json::to_value(ev.trace.view()).unwrap_or(Value::Null),
    );
    if let Some(v) = &vpce_ev {
        out.insert(
            "vpcEndpointTrace".into(),
            serde_json::to_value(v.trace.view()).unwrap_or(Value::Null),
        );
    }
    if explain {
        let mut text = ev.explain();
        if let Some(v) = &vpce_ev {
            text.push_str("VPC endpoint policies:\n");
            text.push_str(&v.explain());
        }
        if decision != ev.decision {
            text.push_str(&format!("overall: {}\n", decision.as_str()));
        }
        out.insert("explain".into(), Value::String(text));
    }
    Ok(Value::Object(out))
}

const WILDCARD: &str = "wildcard in the requested resource";

/// Both evaluations must allow; an explicit deny in either wins.
fn combine(a: Decision, b: Decision) -> Decision {
    use Decision::*;
    match (a, b) {
        (ExplicitDeny, _) | (_, ExplicitDeny) => ExplicitDeny,
        (Allowed, Allowed) => Allowed,
        (ImplicitDeny, _) | (_, ImplicitDeny) => ImplicitDeny,
        _ => Unknown,
    }
}

/// `iam:PassRole` on a role under `role/aws-reserved/` (IAM Identity Center roles, which
/// AWS manages) is denied, as the reference simulator has it.
fn reserved_role_pass(req: &Request) -> bool {
    req.action.eq_ignore_ascii_case("iam:PassRole")
        && req.resource.known_prefix().contains(":role/aws-reserved/")
}

/// S3 does not put `aws:ResourceTag/*` in the context of object requests, nor of bucket
/// requests unless the bucket has ABAC enabled (`settings.s3.bucketAbacEnabled`).
fn s3_resource_tags(ctx: &mut Context, action: &str, resource: &SymStr, req: &Value) {
    let service = action.split(':').next().unwrap_or("");
    if !service.eq_ignore_ascii_case("s3") {
        return;
    }
    let abac = req
        .pointer("/settings/s3/bucketAbacEnabled")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let bucket = resource
        .as_known()
        .and_then(|r| r.strip_prefix("arn:aws:s3:::"))
        .is_some_and(|rest| !rest.contains('/'));
    if abac && bucket {
        return;
    }
    let tags: Vec<String> = ctx
        .entries()
        .filter(|(k, _)| k.to_ascii_lowercase().starts_with("aws:resourcetag/"))
        .map(|(k, _)| k.to_string())
        .collect();
    for k in tags {
        ctx.set(&k, CtxValue::Absent);
    }
}

/// KMS key ARNs → KmsKey; `sts:AssumeRole*` on a role → RoleTrust; else Generic.
fn resource_kind(req: &Request) -> ResourceKind {
    if let Some(f) = split_arn(&req.resource) {
        let [_, _, service, _, _, res] = &f;
        if service.as_known() == Some("kms") && res.known_prefix().starts_with("key/") {
            return ResourceKind::KmsKey;
        }
        if service.as_known() == Some("iam")
            && res.known_prefix().starts_with("role/")
            && req
                .action
                .to_ascii_lowercase()
                .starts_with("sts:assumerole")
        {
            return ResourceKind::RoleTrust;
        }
    }
    ResourceKind::Generic
}

fn validate_identity_side(p: &Policy) -> Result<(), String> {
    for s in &p.statements {
        if s.principal.is_some() {
            return Err(format!("policy {}: statement {} has a Principal, which identity-side policies may not have", p.name, s.index));
        }
        if s.resources.absent {
            return Err(format!(
                "policy {}: statement {} has no Resource or NotResource",
                p.name, s.index
            ));
        }
    }
    Ok(())
}

fn merge(mut ps: Vec<Policy>) -> Option<Policy> {
    if ps.len() <= 1 {
        return ps.pop();
    }
    let mut first = ps.remove(0);
    for p in ps {
        let base = first.statements.len();
        first
            .statements
            .extend(p.statements.into_iter().map(|mut s| {
                s.index += base;
                s
            }));
    }
    Some(first)
}

fn policy_list(
    v: Option<&Value>,
    what: &str,
    resolve: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Vec<Policy>, String> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, p)| load_policy(p, format!("{what}-{}", i + 1), resolve))
            .collect(),
        Some(other) => Ok(vec![load_policy(other, format!("{what}-1"), resolve)?]),
    }
}

fn levels(
    v: Option<&Value>,
    what: &str,
    resolve: &dyn Fn(&str) -> Result<String, String>,
    add_full: bool,
) -> Result<Vec<Vec<Policy>>, String> {
    let Some(Value::Array(items)) = v else {
        return match v {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(_) => Err(format!("{what}s must be a list")),
        };
    };
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let nested = items
        .iter()
        .all(|x| x.is_array() || x.get("policies").is_some());
    let raw: Vec<Vec<&Value>> = if nested {
        items
            .iter()
            .map(|x| match x {
                Value::Array(a) => a.iter().collect(),
                _ => x
                    .get("policies")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().collect())
                    .unwrap_or_default(),
            })
            .collect()
    } else {
        vec![items.iter().collect()]
    };
    let mut out = Vec::new();
    for (li, level) in raw.into_iter().enumerate() {
        let mut ps = Vec::new();
        for (pi, p) in level.into_iter().enumerate() {
            ps.push(load_policy(
                p,
                format!("{what}-{}-{}", li + 1, pi + 1),
                resolve,
            )?);
        }
        if add_full {
            ps.push(builtin("RCPFullAWSAccess")?);
        }
        out.push(ps);
    }
    Ok(out)
}

fn builtin(name: &str) -> Result<Policy, String> {
    from_text(name, FULL_ACCESS)
}

fn from_text(name: &str, text: &str) -> Result<Policy, String> {
    let (p, errors) = parse_policy_text(name, text, 0);
    finish(name, p, errors)
}

fn finish(name: &str, p: Option<Policy>, errors: Vec<PolicyError>) -> Result<Policy, String> {
    if let Some(e) = errors.first() {
        return Err(format!(
            "policy {name}: {e} (bytes {}..{})",
            e.span.start, e.span.end
        ));
    }
    p.ok_or_else(|| format!("policy {name}: not a policy document"))
}

fn load_policy(
    v: &Value,
    name: String,
    resolve: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Policy, String> {
    match v {
        Value::String(s) if s == "FullAWSAccess" || s == "RCPFullAWSAccess" => builtin(s),
        Value::String(s) if s.starts_with("arn:") => {
            let text = resolve(s)?;
            let short = s.rsplit('/').next().unwrap_or(s);
            from_text(short, &text)
        }
        Value::String(s) => from_text(&name, s),
        Value::Object(m) => {
            if let Some(managed) = m.get("managed") {
                let n = managed
                    .as_str()
                    .ok_or("\"managed\" must be a policy name")?;
                let text = resolve(n)?;
                return from_text(n, &text);
            }
            if let Some(inner) = m.get("policy") {
                let n = m
                    .get("name")
                    .and_then(Value::as_str)
                    .map_or(name, str::to_string);
                return load_policy(inner, n, resolve);
            }
            let node = value_to_node(v, 0)?;
            let (p, errors) = parse_policy_node(&name, &node);
            finish(&name, p, errors)
        }
        _ => Err(format!(
            "policy {name}: expected a document, a JSON string or a reference"
        )),
    }
}

/// A JSON value → node tree (no spans).
fn value_to_node(v: &Value, depth: usize) -> Result<Node, String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "policy document nests deeper than {MAX_DEPTH} levels"
        ));
    }
    let kind = match v {
        Value::Null => NodeKind::Null,
        Value::Bool(b) => NodeKind::Bool(*b),
        Value::Number(n) => NodeKind::Num(n.to_string()),
        Value::String(s) => NodeKind::Str(SymStr::lit(s.clone())),
        Value::Array(a) => NodeKind::Arr(
            a.iter()
                .map(|x| value_to_node(x, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(m) => NodeKind::Obj(
            m.iter()
                .map(|(k, x)| {
                    Ok(Member {
                        key: k.clone(),
                        key_span: Span::NONE,
                        value: value_to_node(x, depth + 1)?,
                    })
                })
                .collect::<Result<_, String>>()?,
        ),
    };
    Ok(Node::new(kind, Span::NONE))
}

/// A string or a `{"sym": [...]}` value; `None` for absent/null.
fn sym_field(v: Option<&Value>, what: &str) -> Result<Option<SymStr>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(SymStr::lit(s.clone()))),
        Some(Value::Object(m)) if m.contains_key("sym") => parse_sym(m.get("sym"), what).map(Some),
        Some(_) => Err(format!("{what} must be a string or {{\"sym\": [...]}}")),
    }
}

fn parse_sym(v: Option<&Value>, what: &str) -> Result<SymStr, String> {
    let Some(Value::Array(parts)) = v else {
        return Err(format!("{what}: \"sym\" must be a list"));
    };
    let mut s = SymStr::new();
    for p in parts {
        match p {
            Value::String(t) => s.push_str(t),
            Value::Object(h) => {
                let label = h
                    .get("hole")
                    .and_then(Value::as_str)
                    .ok_or(format!("{what}: a hole needs a \"hole\" label"))?;
                let class = match h.get("class").and_then(Value::as_str).unwrap_or("any") {
                    "any" => HoleClass::Any,
                    "nocolon" => HoleClass::NoColon,
                    "segment" => HoleClass::Segment,
                    "digits" => HoleClass::Digits,
                    other => return Err(format!("{what}: unknown hole class {other}")),
                };
                s.push_hole(Hole::new(label, class));
            }
            _ => return Err(format!("{what}: sym parts are strings or holes")),
        }
    }
    Ok(s)
}

fn scalar(v: &Value, what: &str) -> Result<SymStr, String> {
    match v {
        Value::String(s) => Ok(SymStr::lit(s.clone())),
        Value::Bool(b) => Ok(SymStr::lit(b.to_string())),
        Value::Number(n) => Ok(SymStr::lit(n.to_string())),
        Value::Object(m) if m.contains_key("sym") => parse_sym(m.get("sym"), what),
        _ => Err(format!(
            "{what}: context values are strings, booleans, numbers or lists of them"
        )),
    }
}

fn parse_context(v: Option<&Value>) -> Result<Context, String> {
    let mut ctx = Context::strict();
    let Some(v) = v else { return Ok(ctx) };
    let m = match v {
        Value::Null => return Ok(ctx),
        Value::Object(m) => m,
        _ => return Err("request.context must be an object".into()),
    };
    for (k, val) in m {
        let what = format!("context {k}");
        let cv = match val {
            Value::Null => CtxValue::Absent,
            Value::Object(o) if o.get("unknown") == Some(&Value::Bool(true)) => CtxValue::Unknown,
            Value::Array(items) => {
                let mut vals: Vec<SymStr> = items
                    .iter()
                    .map(|x| scalar(x, &what))
                    .collect::<Result<_, _>>()?;
                // A single-valued key given a list keeps its first element, as in the
                // reference simulator (AWS never sends such a request).
                if !is_multivalued_key(&k.to_ascii_lowercase()) {
                    vals.truncate(1);
                }
                CtxValue::Values(vals)
            }
            other => CtxValue::Values(vec![scalar(other, &what)?]),
        };
        ctx.set(k, cv);
    }
    Ok(ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_managed(name: &str) -> Result<String, String> {
        Err(format!("unknown managed policy {name}"))
    }

    #[test]
    fn request_shapes() {
        let req = json!({
            "id": 7,
            "identityPolicies": [
                {"name": "inline", "policy": {"Version": "2012-10-17", "Statement": [{"Sid": "P", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}},
                "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
            ],
            "scps": ["FullAWSAccess"],
            "request": {"principal": "arn:aws:iam::1:user/u", "action": "iam:PassRole",
                        "resource": "arn:aws:iam::1:role/r", "context": {"iam:PassedToService": "glue.amazonaws.com", "x": null}}
        });
        let out = run_request(&req, &no_managed, true);
        assert_eq!(out["id"], 7);
        assert_eq!(out["decision"], "allowed", "{out}");
        assert_eq!(
            out["matched"]["identity"]["allow"][0],
            json!({"policy": "inline", "sid": "P", "index": 1})
        );
        assert_eq!(out["matched"]["scp"]["allow"][0]["policy"], "FullAWSAccess");
        assert!(out["explain"].as_str().unwrap_or("").contains("allowed"));
    }

    #[test]
    fn errors_and_managed_resolution() {
        let bad = json!({"request": {"principal": "arn:aws:iam::1:user/u"}});
        assert_eq!(run_request(&bad, &no_managed, false)["decision"], "error");
        let missing = json!({"identityPolicies": [{"managed": "Nope"}], "request": {"principal": "arn:aws:iam::1:user/u", "action": "s3:GetObject", "resource": "*"}});
        let out = run_request(&missing, &no_managed, false);
        assert_eq!(out["decision"], "error");
        assert!(out["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("Nope"));
        let principal_in_identity = json!({"identityPolicies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}],
            "request": {"principal": "arn:aws:iam::1:user/u", "action": "s3:GetObject", "resource": "*"}});
        assert_eq!(
            run_request(&principal_in_identity, &no_managed, false)["decision"],
            "error"
        );
        let resolve = |n: &str| -> Result<String, String> {
            if n == "arn:aws:iam::aws:policy/ReadAll" || n == "ReadAll" {
                Ok(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}"#.into())
            } else {
                Err("no".into())
            }
        };
        for p in [
            json!("arn:aws:iam::aws:policy/ReadAll"),
            json!({"managed": "ReadAll"}),
        ] {
            let r = json!({"identityPolicies": [p], "request": {"principal": "arn:aws:iam::1:user/u", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}});
            let out = run_request(&r, &resolve, false);
            assert_eq!(out["decision"], "allowed", "{out}");
            assert_eq!(out["matched"]["identity"]["allow"][0]["policy"], "ReadAll");
        }
    }

    #[test]
    fn vpc_endpoints_and_wildcard_resources() {
        let all = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
        let vpce_deny = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]});
        let vpce_narrow = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:PutObject", "Resource": "*"}]});
        let request = json!({"principal": "arn:aws:iam::1:user/u", "action": "s3:GetObject",
                             "resource": "arn:aws:s3:::b/k", "resourceAccount": "1"});
        let out = run_request(
            &json!({"identityPolicies": [all], "vpcEndpointPolicies": [vpce_deny], "request": request}),
            &no_managed,
            false,
        );
        assert_eq!(out["decision"], "explicitDeny", "{out}");
        assert_eq!(out["matched"]["vpcEndpoint"]["deny"][0]["index"], 2);
        let out = run_request(
            &json!({"identityPolicies": [all], "vpcEndpointPolicies": [vpce_narrow], "request": request}),
            &no_managed,
            false,
        );
        assert_eq!(out["decision"], "implicitDeny", "{out}");
        let raw = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/raw/*"}]});
        let wild = json!({"principal": "arn:aws:iam::1:user/u", "action": "s3:GetObject",
                          "resource": "arn:aws:s3:::b/*", "resourceAccount": "1"});
        let out = run_request(
            &json!({"identityPolicies": [raw], "request": wild}),
            &no_managed,
            false,
        );
        assert_eq!(out["decision"], "allowed", "{out}");
        assert_eq!(out["resultType"], "wildcard");
        let other = json!({"principal": "arn:aws:iam::1:user/u", "action": "s3:GetObject",
                           "resource": "arn:aws:s3:::c/*", "resourceAccount": "1"});
        let out = run_request(
            &json!({"identityPolicies": [raw], "request": other}),
            &no_managed,
            false,
        );
        assert_eq!(out["decision"], "implicitDeny", "{out}");
    }

    #[test]
    fn symbolic_extension_and_kinds() {
        let r = json!({
            "identityPolicies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::*:role/AWSGlueServiceRole*"}]}],
            "request": {"principal": "arn:aws:iam::1:user/u", "action": "iam:PassRole",
                        "resource": {"sym": ["arn:aws:iam::1:role/", {"hole": "role name", "class": "segment"}]}}
        });
        let out = run_request(&r, &no_managed, false);
        assert_eq!(out["decision"], "unknown", "{out}");
        assert_eq!(out["deciding"], json!(["role name"]));
        let trust = json!({
            "resourcePolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "glue.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
            "request": {"principal": "glue.amazonaws.com", "action": "sts:AssumeRole", "resource": "arn:aws:iam::1:role/etl"}
        });
        let out = run_request(&trust, &no_managed, false);
        assert_eq!(out["resourceKind"], "RoleTrust");
        assert_eq!(out["decision"], "allowed", "{out}");
        let kms = json!({
            "identityPolicies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}],
            "request": {"principal": "arn:aws:iam::1:user/u", "action": "kms:Decrypt", "resource": "arn:aws:kms:us-east-1:1:key/abc",
                        "context": {"aws:SourceIp": {"unknown": true}}}
        });
        let out = run_request(&kms, &no_managed, false);
        assert_eq!(out["resourceKind"], "KmsKey");
        assert_eq!(out["decision"], "implicitDeny", "{out}");
    }
}
