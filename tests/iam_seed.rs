//! The headline scenario: a deployer relying on AWSGlueConsoleFullAccess passes a role.

use glue_lint::iam::{
    evaluate, parse_policy_text, Context, CtxValue, Decision, Hole, HoleClass, Policy, PolicySet,
    Request, SymStr,
};

/// The statements of AWSGlueConsoleFullAccess that matter here (abridged, same shapes).
const CONSOLE_FULL_ACCESS: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["glue:*", "redshift:DescribeClusters", "iam:ListRoles", "iam:ListUsers",
       "iam:ListGroups", "iam:ListRolePolicies", "iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies",
       "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs", "s3:ListAllMyBuckets",
       "s3:ListBucket", "s3:GetBucketAcl", "s3:GetBucketLocation", "cloudformation:DescribeStacks",
       "cloudwatch:GetMetricData", "cloudwatch:ListDashboards", "kms:ListAliases"], "Resource": ["*"]},
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
     "Resource": ["arn:aws:s3:::aws-glue-*/*", "arn:aws:s3:::*/*aws-glue-*/*", "arn:aws:s3:::aws-glue-*"]},
    {"Effect": "Allow", "Action": ["tag:GetResources"], "Resource": ["*"]},
    {"Effect": "Allow", "Action": ["s3:CreateBucket"], "Resource": ["arn:aws:s3:::aws-glue-*"]},
    {"Effect": "Allow", "Action": ["logs:GetLogEvents"], "Resource": ["arn:aws:logs:*:*:/aws-glue/*"]},
    {"Effect": "Allow", "Action": ["cloudformation:CreateStack", "cloudformation:DeleteStack"],
     "Resource": "arn:aws:cloudformation:*:*:stack/aws-glue*/*"},
    {"Effect": "Allow", "Action": ["ec2:RunInstances"], "Resource": ["arn:aws:ec2:*:*:instance/*"]},
    {"Effect": "Allow", "Action": ["ec2:TerminateInstances", "ec2:CreateTags", "ec2:DeleteTags"],
     "Resource": ["arn:aws:ec2:*:*:instance/*"],
     "Condition": {"StringLike": {"ec2:ResourceTag/aws:cloudformation:stack-id": "arn:aws:cloudformation:*:*:stack/aws-glue-*/*"},
                   "StringEquals": {"ec2:ResourceTag/aws:cloudformation:logical-id": "ZeppelinInstance"}}},
    {"Action": ["iam:PassRole"], "Effect": "Allow", "Resource": "arn:aws:iam::*:role/AWSGlueServiceRole*",
     "Condition": {"StringLike": {"iam:PassedToService": ["glue.amazonaws.com"]}}},
    {"Action": ["iam:PassRole"], "Effect": "Allow", "Resource": "arn:aws:iam::*:role/AWSGlueServiceNotebookRole*",
     "Condition": {"StringLike": {"iam:PassedToService": ["ec2.amazonaws.com"]}}},
    {"Action": ["iam:PassRole"], "Effect": "Allow", "Resource": ["arn:aws:iam::*:role/service-role/AWSGlueServiceRole*"],
     "Condition": {"StringLike": {"iam:PassedToService": ["glue.amazonaws.com"]}}}
  ]
}"#;

const PASS_ETL_ROLE: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "PassEtlRole", "Effect": "Allow",
  "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/etl-runtime-role",
  "Condition": {"StringEquals": {"iam:PassedToService": "glue.amazonaws.com"}}}]}"#;

const DENY_WITHOUT_MFA: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "DenyAllWithoutMFA", "Effect": "Deny",
  "Action": "*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]}"#;

const USER: &str = "arn:aws:iam::111122223333:user/glue-dev";

fn pol(name: &str, text: &str) -> Policy {
    let (p, errors) = parse_policy_text(name, text, 0);
    assert!(errors.is_empty(), "{name}: {errors:?}");
    p.expect("policy")
}

fn pass_role(resource: impl Into<SymStr>, ctx: Context) -> Request {
    Request::new(USER, "iam:PassRole", resource, ctx)
}

fn glue_ctx() -> Context {
    Context::strict().with("iam:PassedToService", "glue.amazonaws.com")
}

fn decide(policies: &[&Policy], req: &Request) -> Decision {
    let set = PolicySet {
        identity: policies.to_vec(),
        ..PolicySet::default()
    };
    evaluate(&set, req).decision
}

#[test]
fn console_full_access_only_passes_glue_service_role_names() {
    let cfa = pol("AWSGlueConsoleFullAccess", CONSOLE_FULL_ACCESS);
    let etl = pass_role(
        "arn:aws:iam::111122223333:role/etl-runtime-role",
        glue_ctx(),
    );
    let set = PolicySet {
        identity: vec![&cfa],
        ..PolicySet::default()
    };
    let ev = evaluate(&set, &etl);
    assert_eq!(ev.decision, Decision::ImplicitDeny);
    let text = ev.explain();
    assert!(
        text.contains(
            "resource arn:aws:iam::*:role/AWSGlueServiceRole* does not match arn:aws:iam::111122223333:role/etl-runtime-role"
        ),
        "{text}"
    );
    assert!(
        text.contains("#1, #2, #3, #4, #5, #6, #7, #8: action iam:PassRole not covered"),
        "{text}"
    );
    let reasons = &ev.trace.view().layers[0].policies[0].statements[0].reasons;
    assert!(
        reasons[0].starts_with("action iam:PassRole not in [glue:*"),
        "{reasons:?}"
    );

    let ok = pass_role(
        "arn:aws:iam::111122223333:role/AWSGlueServiceRole-etl",
        glue_ctx(),
    );
    let ev = evaluate(&set, &ok);
    assert_eq!(ev.decision, Decision::Allowed);
    let view = ev.trace.view();
    let applied: Vec<usize> = view.layers[0].policies[0]
        .statements
        .iter()
        .filter(|s| s.applies.is_yes())
        .map(|s| s.index)
        .collect();
    assert_eq!(applied, vec![9]);

    let sr = pass_role(
        "arn:aws:iam::111122223333:role/service-role/AWSGlueServiceRoleX",
        glue_ctx(),
    );
    assert_eq!(decide(&[&cfa], &sr), Decision::Allowed);
    let ec2 = pass_role(
        "arn:aws:iam::111122223333:role/AWSGlueServiceRole-etl",
        Context::strict().with("iam:PassedToService", "ec2.amazonaws.com"),
    );
    assert_eq!(decide(&[&cfa], &ec2), Decision::ImplicitDeny);
    let ev = evaluate(&set, &ec2);
    assert!(
        ev.explain()
            .contains("condition StringLike iam:PassedToService: ec2.amazonaws.com does not match glue.amazonaws.com"),
        "{}",
        ev.explain()
    );
    let none = pass_role(
        "arn:aws:iam::111122223333:role/AWSGlueServiceRole-etl",
        Context::strict(),
    );
    assert_eq!(decide(&[&cfa], &none), Decision::ImplicitDeny);
    let upper = Request::new(
        USER,
        "IAM:passrole",
        "arn:aws:iam::111122223333:role/AWSGlueServiceRole-etl",
        glue_ctx(),
    );
    assert_eq!(decide(&[&cfa], &upper), Decision::Allowed);
    let lower = pass_role(
        "arn:aws:iam::111122223333:role/awsglueservicerole-etl",
        glue_ctx(),
    );
    assert_eq!(decide(&[&cfa], &lower), Decision::ImplicitDeny);
}

#[test]
fn inline_grant_and_mfa_guardrail() {
    let cfa = pol("AWSGlueConsoleFullAccess", CONSOLE_FULL_ACCESS);
    let inline = pol("PassEtlRole", PASS_ETL_ROLE);
    let mfa = pol("DenyAllWithoutMFA", DENY_WITHOUT_MFA);
    let etl = "arn:aws:iam::111122223333:role/etl-runtime-role";
    assert_eq!(
        decide(&[&cfa, &inline], &pass_role(etl, glue_ctx())),
        Decision::Allowed
    );
    // Strict context: MFA absent → the deny applies.
    let ev_set = PolicySet {
        identity: vec![&cfa, &inline, &mfa],
        ..PolicySet::default()
    };
    let absent = pass_role(etl, glue_ctx());
    let ev = evaluate(&ev_set, &absent);
    assert_eq!(ev.decision, Decision::ExplicitDeny);
    let mut false_ctx = glue_ctx();
    false_ctx.set_str("aws:MultiFactorAuthPresent", "false");
    assert_eq!(
        decide(&[&cfa, &inline, &mfa], &pass_role(etl, false_ctx)),
        Decision::ExplicitDeny
    );
    let mut true_ctx = glue_ctx();
    true_ctx.set_str("aws:MultiFactorAuthPresent", "true");
    assert_eq!(
        decide(&[&cfa, &inline, &mfa], &pass_role(etl, true_ctx)),
        Decision::Allowed
    );
    // Open context: MFA not fixed → unknown, decided by that key.
    let mut open = Context::open();
    open.set_str("iam:PassedToService", "glue.amazonaws.com");
    let req = pass_role(etl, open);
    let ev = evaluate(&ev_set, &req);
    assert_eq!(ev.decision, Decision::Unknown);
    assert_eq!(ev.deciding, vec!["aws:MultiFactorAuthPresent".to_string()]);
    // Without the inline grant the request is denied whatever MFA is: implicit, with the
    // possible deny listed.
    let set2 = PolicySet {
        identity: vec![&cfa, &mfa],
        ..PolicySet::default()
    };
    let ev = evaluate(&set2, &req);
    assert_eq!(ev.decision, Decision::ImplicitDeny);
    assert!(
        ev.explain()
            .contains("a Deny may also apply: DenyAllWithoutMFA #1"),
        "{}",
        ev.explain()
    );
}

#[test]
fn holes_in_the_role_arn() {
    let cfa = pol("AWSGlueConsoleFullAccess", CONSOLE_FULL_ACCESS);
    let mut etl = SymStr::lit("arn:aws:iam::");
    etl.push_hole(Hole::account());
    etl.push_str(":role/etl-runtime-role");
    let mut principal = SymStr::lit("arn:aws:iam::");
    principal.push_hole(Hole::account());
    principal.push_str(":user/glue-dev");
    let req = Request::new(principal.clone(), "iam:PassRole", etl, glue_ctx());
    assert_eq!(decide(&[&cfa], &req), Decision::ImplicitDeny);

    let mut named = SymStr::lit("arn:aws:iam::");
    named.push_hole(Hole::account());
    named.push_str(":role/");
    named.push_hole(Hole::new("name of role etl", HoleClass::Segment));
    let req = Request::new(principal, "iam:PassRole", named, glue_ctx());
    let set = PolicySet {
        identity: vec![&cfa],
        ..PolicySet::default()
    };
    let ev = evaluate(&set, &req);
    assert_eq!(ev.decision, Decision::Unknown);
    assert!(
        ev.deciding.contains(&"name of role etl".to_string()),
        "{:?}",
        ev.deciding
    );
}

#[test]
fn unknown_passed_to_service_in_open_context() {
    let cfa = pol("AWSGlueConsoleFullAccess", CONSOLE_FULL_ACCESS);
    let mut ctx = Context::open();
    ctx.set("aws:MultiFactorAuthPresent", CtxValue::Absent);
    let req = pass_role("arn:aws:iam::111122223333:role/AWSGlueServiceRole-etl", ctx);
    let set = PolicySet {
        identity: vec![&cfa],
        ..PolicySet::default()
    };
    let ev = evaluate(&set, &req);
    assert_eq!(ev.decision, Decision::Unknown);
    assert_eq!(ev.deciding, vec!["iam:PassedToService".to_string()]);
    let owned = ev.to_view();
    assert_eq!(owned.decision, Decision::Unknown);
    assert!(
        owned
            .explain
            .contains("decided by unknown values: iam:PassedToService"),
        "{}",
        owned.explain
    );
    let json = serde_json::to_value(&ev).expect("serialize");
    assert_eq!(json["decision"], "unknown");
    assert_eq!(json["trace"]["layers"][0]["key"], "identity");
}
