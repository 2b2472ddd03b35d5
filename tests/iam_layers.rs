//! Layer combinations: identity, boundary, session, SCP levels, RCPs, resource policies
//! (same and cross account, delegation), KMS key policies and role trust policies.

use glue_lint::iam::{
    evaluate, parse_policy_text, Context, Decision, Hole, Policy, PolicySet, Request, ResourceKind,
    SymStr,
};

fn pol(name: &str, text: &str) -> Policy {
    let (p, errors) = parse_policy_text(name, text, 0);
    assert!(errors.is_empty(), "{name}: {errors:?}");
    p.expect("policy")
}

fn allow(action: &str, resource: &str) -> Policy {
    pol(
        &format!("allow {action}"),
        &format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"{action}","Resource":"{resource}"}}]}}"#
        ),
    )
}

fn deny(action: &str, resource: &str) -> Policy {
    pol(
        &format!("deny {action}"),
        &format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Action":"{action}","Resource":"{resource}"}}]}}"#
        ),
    )
}

/// A resource policy granting `action` to `principal` (the JSON of the AWS principal value).
fn grant(principal: &str, action: &str) -> Policy {
    pol(
        "resource",
        &format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":{principal}}},"Action":"{action}","Resource":"*"}}]}}"#
        ),
    )
}

const USER: &str = "arn:aws:iam::111111111111:user/alice";
const ROLE_SESSION: &str = "arn:aws:sts::111111111111:assumed-role/etl/session";
const BUCKET_OBJ: &str = "arn:aws:s3:::data/key";

fn get(principal: &str, account: &str) -> Request {
    let mut r = Request::new(principal, "s3:GetObject", BUCKET_OBJ, Context::strict());
    r.resource_account = Some(account.into());
    r
}

fn run(set: &PolicySet<'_>, req: &Request) -> Decision {
    evaluate(set, req).decision
}

#[test]
fn identity_allow_and_deny() {
    let a = allow("s3:GetObject", "*");
    let d = deny("s3:*", "arn:aws:s3:::data/*");
    let req = get(USER, "111111111111");
    assert_eq!(run(&PolicySet::default(), &req), Decision::ImplicitDeny);
    assert_eq!(
        run(
            &PolicySet {
                identity: vec![&a],
                ..Default::default()
            },
            &req
        ),
        Decision::Allowed
    );
    assert_eq!(
        run(
            &PolicySet {
                identity: vec![&a, &d],
                ..Default::default()
            },
            &req
        ),
        Decision::ExplicitDeny
    );
    let na = pol(
        "na",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:Put*","NotResource":"arn:aws:s3:::other/*"}]}"#,
    );
    assert_eq!(
        run(
            &PolicySet {
                identity: vec![&na],
                ..Default::default()
            },
            &req
        ),
        Decision::Allowed
    );
}

#[test]
fn boundary_and_session_intersect() {
    let a = allow("s3:GetObject", "*");
    let b_ok = allow("s3:*", "*");
    let b_no = allow("ec2:*", "*");
    let req = get(USER, "111111111111");
    assert_eq!(
        run(
            &PolicySet {
                identity: vec![&a],
                boundary: Some(&b_ok),
                ..Default::default()
            },
            &req
        ),
        Decision::Allowed
    );
    assert_eq!(
        run(
            &PolicySet {
                identity: vec![&a],
                boundary: Some(&b_no),
                ..Default::default()
            },
            &req
        ),
        Decision::ImplicitDeny
    );
    let sess = get(ROLE_SESSION, "111111111111");
    assert_eq!(
        run(
            &PolicySet {
                identity: vec![&a],
                session: Some(&b_ok),
                ..Default::default()
            },
            &sess
        ),
        Decision::Allowed
    );
    assert_eq!(
        run(
            &PolicySet {
                identity: vec![&a],
                session: Some(&b_no),
                ..Default::default()
            },
            &sess
        ),
        Decision::ImplicitDeny
    );
    let bd = deny("s3:GetObject", "*");
    assert_eq!(
        run(
            &PolicySet {
                identity: vec![&a],
                boundary: Some(&bd),
                ..Default::default()
            },
            &req
        ),
        Decision::ExplicitDeny
    );
}

#[test]
fn scp_levels_and_exemptions() {
    let a = allow("s3:GetObject", "*");
    let full = allow("*", "*");
    let only_ec2 = allow("ec2:*", "*");
    let req = get(USER, "111111111111");
    fn with<'a>(a: &'a Policy, levels: Vec<Vec<&'a Policy>>) -> PolicySet<'a> {
        PolicySet {
            identity: vec![a],
            scps: levels,
            ..Default::default()
        }
    }
    assert_eq!(
        run(&with(&a, vec![vec![&full], vec![&full]]), &req),
        Decision::Allowed
    );
    assert_eq!(
        run(&with(&a, vec![vec![&full], vec![&only_ec2]]), &req),
        Decision::ImplicitDeny
    );
    assert_eq!(
        run(&with(&a, vec![vec![&full, &deny("s3:*", "*")]]), &req),
        Decision::ExplicitDeny
    );
    // SCPs do not apply to service-linked roles or service principals.
    let slr = get(
        "arn:aws:iam::111111111111:role/aws-service-role/glue.amazonaws.com/AWSServiceRoleForGlue",
        "111111111111",
    );
    assert_eq!(
        run(&with(&a, vec![vec![&only_ec2]]), &slr),
        Decision::Allowed
    );
    let svc = Request::new(
        "glue.amazonaws.com",
        "s3:GetObject",
        BUCKET_OBJ,
        Context::strict(),
    );
    let bucket = pol(
        "bucket",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::data/*"}]}"#,
    );
    let set = PolicySet {
        scps: vec![vec![&only_ec2]],
        resource: Some(&bucket),
        ..Default::default()
    };
    assert_eq!(run(&set, &svc), Decision::Allowed);
    let set = PolicySet {
        scps: vec![vec![&only_ec2]],
        ..Default::default()
    };
    assert_eq!(run(&set, &svc), Decision::ImplicitDeny);
}

#[test]
fn rcps_need_an_allow_at_every_level() {
    let a = allow("s3:GetObject", "*");
    let full = allow("*", "*");
    let req = get(USER, "111111111111");
    let d = deny("s3:GetObject", "*");
    assert_eq!(
        run(
            &PolicySet {
                identity: vec![&a],
                rcps: vec![vec![&full]],
                ..Default::default()
            },
            &req
        ),
        Decision::Allowed
    );
    assert_eq!(
        run(
            &PolicySet {
                identity: vec![&a],
                rcps: vec![vec![&full, &d]],
                ..Default::default()
            },
            &req
        ),
        Decision::ExplicitDeny
    );
    assert_eq!(
        run(
            &PolicySet {
                identity: vec![&a],
                rcps: vec![vec![&full], vec![&allow("ec2:*", "*")]],
                ..Default::default()
            },
            &req
        ),
        Decision::ImplicitDeny
    );
}

#[test]
fn resource_policies_same_and_cross_account() {
    let a = allow("s3:GetObject", "*");
    let b_no = allow("ec2:*", "*");
    let direct_user = grant(&format!("\"{USER}\""), "s3:GetObject");
    let same = get(USER, "111111111111");
    let cross = get(USER, "222222222222");
    // Same account: a resource-policy grant alone is enough.
    assert_eq!(
        run(
            &PolicySet {
                resource: Some(&direct_user),
                ..Default::default()
            },
            &same
        ),
        Decision::Allowed
    );
    // ... and naming the user directly is not capped by the boundary.
    assert_eq!(
        run(
            &PolicySet {
                resource: Some(&direct_user),
                boundary: Some(&b_no),
                ..Default::default()
            },
            &same
        ),
        Decision::Allowed
    );
    // Cross account: both sides must allow.
    assert_eq!(
        run(
            &PolicySet {
                resource: Some(&direct_user),
                ..Default::default()
            },
            &cross
        ),
        Decision::ImplicitDeny
    );
    assert_eq!(
        run(
            &PolicySet {
                identity: vec![&a],
                resource: Some(&direct_user),
                ..Default::default()
            },
            &cross
        ),
        Decision::Allowed
    );
    assert_eq!(
        run(
            &PolicySet {
                identity: vec![&a],
                ..Default::default()
            },
            &cross
        ),
        Decision::ImplicitDeny
    );
    // Account principal delegates: identity must allow too.
    let root = grant("\"arn:aws:iam::111111111111:root\"", "s3:GetObject");
    assert_eq!(
        run(
            &PolicySet {
                resource: Some(&root),
                ..Default::default()
            },
            &same
        ),
        Decision::ImplicitDeny
    );
    assert_eq!(
        run(
            &PolicySet {
                identity: vec![&a],
                resource: Some(&root),
                ..Default::default()
            },
            &same
        ),
        Decision::Allowed
    );
    let bare = grant("\"111111111111\"", "s3:GetObject");
    assert_eq!(
        run(
            &PolicySet {
                resource: Some(&bare),
                ..Default::default()
            },
            &same
        ),
        Decision::ImplicitDeny
    );
    // A grant naming the role (not the session) is capped by the boundary.
    let role = grant("\"arn:aws:iam::111111111111:role/etl\"", "s3:GetObject");
    let sess = get(ROLE_SESSION, "111111111111");
    assert_eq!(
        run(
            &PolicySet {
                resource: Some(&role),
                ..Default::default()
            },
            &sess
        ),
        Decision::Allowed
    );
    assert_eq!(
        run(
            &PolicySet {
                resource: Some(&role),
                boundary: Some(&b_no),
                ..Default::default()
            },
            &sess
        ),
        Decision::ImplicitDeny
    );
    let session_direct = grant(&format!("\"{ROLE_SESSION}\""), "s3:GetObject");
    assert_eq!(
        run(
            &PolicySet {
                resource: Some(&session_direct),
                boundary: Some(&b_no),
                ..Default::default()
            },
            &sess
        ),
        Decision::Allowed
    );
    // A resource-policy deny wins.
    let rdeny = pol(
        "bucket",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}"#,
    );
    assert_eq!(
        run(
            &PolicySet {
                identity: vec![&a],
                resource: Some(&rdeny),
                ..Default::default()
            },
            &same
        ),
        Decision::ExplicitDeny
    );
    // NotPrincipal.
    let np = pol(
        "bucket",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111111111111:user/bob"},"Action":"s3:*","Resource":"*"}]}"#,
    );
    assert_eq!(
        run(
            &PolicySet {
                identity: vec![&a],
                resource: Some(&np),
                ..Default::default()
            },
            &same
        ),
        Decision::ExplicitDeny
    );
}

#[test]
fn unknown_account_makes_same_account_unknown() {
    let direct_user = grant(&format!("\"{USER}\""), "s3:GetObject");
    let mut req = get(USER, "111111111111");
    req.resource_account = Some(SymStr::hole(Hole::account()));
    let ev = evaluate(
        &PolicySet {
            resource: Some(&direct_user),
            ..Default::default()
        },
        &req,
    );
    assert_eq!(ev.decision, Decision::Unknown);
    assert_eq!(ev.deciding, vec!["account id".to_string()]);
}

#[test]
fn kms_key_policy_must_allow() {
    let a = allow("kms:Decrypt", "*");
    let key = "arn:aws:kms:us-east-1:111111111111:key/1234";
    let req = Request::new(USER, "kms:Decrypt", key, Context::strict());
    let kms = |identity: Vec<&'static Policy>, resource: Option<&'static Policy>| PolicySet {
        identity,
        resource,
        resource_kind: ResourceKind::KmsKey,
        ..Default::default()
    };
    let a: &'static Policy = Box::leak(Box::new(a));
    let root: &'static Policy = Box::leak(Box::new(grant(
        "\"arn:aws:iam::111111111111:root\"",
        "kms:*",
    )));
    let user: &'static Policy = Box::leak(Box::new(grant(&format!("\"{USER}\""), "kms:Decrypt")));
    assert_eq!(run(&kms(vec![a], None), &req), Decision::ImplicitDeny);
    assert_eq!(run(&kms(vec![a], Some(root)), &req), Decision::Allowed);
    assert_eq!(run(&kms(vec![], Some(root)), &req), Decision::ImplicitDeny);
    assert_eq!(run(&kms(vec![], Some(user)), &req), Decision::Allowed);
    let other = Request::new(
        "arn:aws:iam::222222222222:user/eve",
        "kms:Decrypt",
        key,
        Context::strict(),
    );
    let cross: &'static Policy = Box::leak(Box::new(grant(
        "\"arn:aws:iam::222222222222:root\"",
        "kms:Decrypt",
    )));
    assert_eq!(
        run(&kms(vec![], Some(cross)), &other),
        Decision::ImplicitDeny
    );
    assert_eq!(run(&kms(vec![a], Some(cross)), &other), Decision::Allowed);
}

#[test]
fn role_trust_policies() {
    let trust = pol(
        "trust",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
    );
    let role = "arn:aws:iam::111111111111:role/etl-runtime-role";
    let set = PolicySet {
        resource: Some(&trust),
        resource_kind: ResourceKind::RoleTrust,
        ..Default::default()
    };
    let glue = Request::new(
        "glue.amazonaws.com",
        "sts:AssumeRole",
        role,
        Context::strict(),
    );
    assert_eq!(run(&set, &glue), Decision::Allowed);
    let ec2 = Request::new(
        "ec2.amazonaws.com",
        "sts:AssumeRole",
        role,
        Context::strict(),
    );
    assert_eq!(run(&set, &ec2), Decision::ImplicitDeny);
    // A same-account user with an identity allow still needs the trust policy.
    let a = allow("sts:AssumeRole", "*");
    let user = Request::new(USER, "sts:AssumeRole", role, Context::strict());
    let set2 = PolicySet {
        identity: vec![&a],
        resource: Some(&trust),
        resource_kind: ResourceKind::RoleTrust,
        ..Default::default()
    };
    assert_eq!(run(&set2, &user), Decision::ImplicitDeny);
    let root_trust = grant("\"arn:aws:iam::111111111111:root\"", "sts:AssumeRole");
    let set3 = PolicySet {
        identity: vec![&a],
        resource: Some(&root_trust),
        resource_kind: ResourceKind::RoleTrust,
        ..Default::default()
    };
    assert_eq!(run(&set3, &user), Decision::Allowed);
    let set4 = PolicySet {
        resource: Some(&root_trust),
        resource_kind: ResourceKind::RoleTrust,
        ..Default::default()
    };
    assert_eq!(run(&set4, &user), Decision::ImplicitDeny);
}

#[test]
fn policy_variables_in_resources() {
    let home = pol(
        "home",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/${aws:username}/*"}]}"#,
    );
    let old = pol(
        "old",
        r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/${aws:username}/*"}]}"#,
    );
    let mk = |ctx: Context| Request::new(USER, "s3:GetObject", "arn:aws:s3:::data/alice/x", ctx);
    let alice = mk(Context::strict().with("aws:username", "alice"));
    assert_eq!(
        run(
            &PolicySet {
                identity: vec![&home],
                ..Default::default()
            },
            &alice
        ),
        Decision::Allowed
    );
    assert_eq!(
        run(
            &PolicySet {
                identity: vec![&old],
                ..Default::default()
            },
            &alice
        ),
        Decision::ImplicitDeny
    );
    let nobody = mk(Context::strict());
    assert_eq!(
        run(
            &PolicySet {
                identity: vec![&home],
                ..Default::default()
            },
            &nobody
        ),
        Decision::ImplicitDeny
    );
    let open = mk(Context::open());
    let ev = evaluate(
        &PolicySet {
            identity: vec![&home],
            ..Default::default()
        },
        &open,
    );
    assert_eq!(ev.decision, Decision::Unknown);
    assert_eq!(ev.deciding, vec!["aws:username".to_string()]);
    let bob = mk(Context::strict().with("aws:username", "bob"));
    assert_eq!(
        run(
            &PolicySet {
                identity: vec![&home],
                ..Default::default()
            },
            &bob
        ),
        Decision::ImplicitDeny
    );
}

#[test]
fn root_user_and_rcp_supported_services() {
    // The root user needs no identity policy in its own account, but SCPs still apply.
    let root = get("arn:aws:iam::111111111111:root", "111111111111");
    assert_eq!(run(&PolicySet::default(), &root), Decision::Allowed);
    let only_ec2 = allow("ec2:*", "*");
    let set = PolicySet {
        scps: vec![vec![&only_ec2]],
        ..Default::default()
    };
    assert_eq!(run(&set, &root), Decision::ImplicitDeny);
    let cross = get("arn:aws:iam::111111111111:root", "222222222222");
    assert_eq!(run(&PolicySet::default(), &cross), Decision::ImplicitDeny);
    // RCPs do not apply to services that do not support them (Glue), but do to S3.
    let all = allow("*", "*");
    let rcp = pol(
        "rcp",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}"#,
    );
    let set = PolicySet {
        identity: vec![&all],
        rcps: vec![vec![&all, &rcp]],
        ..Default::default()
    };
    let glue = Request::new(
        USER,
        "glue:GetJob",
        "arn:aws:glue:us-east-1:111111111111:job/x",
        Context::strict(),
    );
    assert_eq!(run(&set, &glue), Decision::Allowed);
    assert_eq!(
        run(&set, &get(USER, "111111111111")),
        Decision::ExplicitDeny
    );
}

/// A service principal whose region is not known (`logs.<region>.amazonaws.com`, as Glue's
/// CloudWatch encryption needs) is still a service principal: against a key policy that
/// grants `logs.us-east-1.amazonaws.com` the answer depends on the region, and against a
/// grant to another service it is a certain deny.
#[test]
fn service_principal_with_unknown_region() {
    let key_policy = |service: &str| {
        pol(
            "key policy",
            &format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"{service}"}},"Action":"kms:Encrypt","Resource":"*"}}]}}"#
            ),
        )
    };
    let mut logs = SymStr::lit("logs.");
    logs.push_hole(Hole::region());
    logs.push_str(".amazonaws.com");
    let key = "arn:aws:kms:us-east-1:111111111111:key/k";
    let req = Request::new(logs, "kms:Encrypt", key, Context::strict());

    let granted = key_policy("logs.us-east-1.amazonaws.com");
    let set = PolicySet {
        resource: Some(&granted),
        resource_kind: ResourceKind::KmsKey,
        ..Default::default()
    };
    let ev = evaluate(&set, &req);
    assert_eq!(ev.decision, Decision::Unknown);
    assert!(
        ev.deciding.iter().any(|d| d == "region"),
        "{:?}",
        ev.deciding
    );

    let other = key_policy("glue.amazonaws.com");
    let set = PolicySet {
        resource: Some(&other),
        resource_kind: ResourceKind::KmsKey,
        ..Default::default()
    };
    assert_eq!(run(&set, &req), Decision::ImplicitDeny);
}
