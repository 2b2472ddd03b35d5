//! Evaluation throughput of the IAM engine on realistic requests.
//!
//! `cargo bench --bench iam`: prints criterion's time per evaluation; evaluations per
//! second = 1 / that time.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use glue_lint::iam::{evaluate, parse_policy_text, Context, Policy, PolicySet, Request};

/// AWSGlueConsoleFullAccess-sized policy: 11 statements, PassRole grants at #9 and #11.
const CONSOLE: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["glue:*", "redshift:DescribeClusters", "redshift:DescribeClusterSubnetGroups",
       "iam:ListRoles", "iam:ListUsers", "iam:ListGroups", "iam:ListRolePolicies", "iam:GetRole", "iam:GetRolePolicy",
       "iam:ListAttachedRolePolicies", "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs",
       "ec2:DescribeVpcEndpoints", "ec2:DescribeRouteTables", "ec2:DescribeVpcAttribute", "ec2:DescribeKeyPairs",
       "ec2:DescribeInstances", "ec2:DescribeImages", "rds:DescribeDBInstances", "rds:DescribeDBClusters",
       "rds:DescribeDBSubnetGroups", "s3:ListAllMyBuckets", "s3:ListBucket", "s3:GetBucketAcl", "s3:GetBucketLocation",
       "cloudformation:ListStacks", "cloudformation:DescribeStacks", "cloudformation:GetTemplateSummary",
       "dynamodb:ListTables", "kms:ListAliases", "kms:DescribeKey", "cloudwatch:GetMetricData", "cloudwatch:ListDashboards"],
     "Resource": ["*"]},
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
     "Resource": ["arn:aws:s3:::aws-glue-*/*", "arn:aws:s3:::*/*aws-glue-*/*", "arn:aws:s3:::aws-glue-*"]},
    {"Effect": "Allow", "Action": ["tag:GetResources"], "Resource": ["*"]},
    {"Effect": "Allow", "Action": ["s3:CreateBucket"], "Resource": ["arn:aws:s3:::aws-glue-*"]},
    {"Effect": "Allow", "Action": ["logs:GetLogEvents"], "Resource": ["arn:aws:logs:*:*:/aws-glue/*"]},
    {"Effect": "Allow", "Action": ["cloudformation:CreateStack", "cloudformation:DeleteStack"],
     "Resource": "arn:aws:cloudformation:*:*:stack/aws-glue*/*"},
    {"Effect": "Allow", "Action": ["ec2:RunInstances"],
     "Resource": ["arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:*:*:key-pair/*", "arn:aws:ec2:*:*:image/*",
                  "arn:aws:ec2:*:*:security-group/*", "arn:aws:ec2:*:*:network-interface/*", "arn:aws:ec2:*:*:subnet/*",
                  "arn:aws:ec2:*:*:volume/*"]},
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

const ROLE_POLICIES: [&str; 3] = [
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],
        "Resource":["arn:aws:s3:::example-glue-scripts","arn:aws:s3:::example-glue-scripts/*"]}]}"#,
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],
        "Resource":"arn:aws:logs:*:*:/aws-glue/*"}]}"#,
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","s3:DeleteObject"],
        "Resource":"arn:aws:s3:::example-output/*"},{"Effect":"Deny","Action":"s3:*","Resource":"*",
        "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#,
];

fn pol(name: &str, text: &str) -> Policy {
    parse_policy_text(name, text, 0)
        .0
        .unwrap_or_else(|| panic!("bench policy {name} must parse"))
}

fn bench(c: &mut Criterion) {
    let console = pol("AWSGlueConsoleFullAccess", CONSOLE);
    let roles: Vec<Policy> = ROLE_POLICIES
        .iter()
        .enumerate()
        .map(|(i, t)| pol(&format!("p{i}"), t))
        .collect();

    let mut g = c.benchmark_group("iam_evaluate");
    g.throughput(Throughput::Elements(1));

    let pass = Request::new(
        "arn:aws:iam::111122223333:user/glue-dev",
        "iam:PassRole",
        "arn:aws:iam::111122223333:role/etl-runtime-role",
        Context::strict().with("iam:PassedToService", "glue.amazonaws.com"),
    );
    let set = PolicySet {
        identity: vec![&console],
        ..PolicySet::default()
    };
    g.bench_function("passrole_console_full_access", |b| {
        b.iter(|| evaluate(black_box(&set), black_box(&pass)).decision)
    });

    let get = Request::new(
        "arn:aws:sts::111122223333:assumed-role/etl-runtime-role/GlueJobRunnerSession",
        "s3:GetObject",
        "arn:aws:s3:::example-glue-scripts/load.py",
        Context::strict().with("aws:SecureTransport", "true"),
    );
    let role_set = PolicySet {
        identity: roles.iter().collect(),
        ..PolicySet::default()
    };
    g.bench_function("s3_getobject_role_3_policies", |b| {
        b.iter(|| evaluate(black_box(&role_set), black_box(&get)).decision)
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
