//! End to end over the fixtures, for the runtime rules (GL2xx): what a workload's own role
//! must be allowed when the job or crawler runs. Each fixture is analysed through the
//! library, the set of GL2xx rules it must (and must not) produce is asserted, and the
//! text and SARIF outputs of those findings are pinned as snapshots.

mod support;

/// This file's rule family: the runtime predictions.
const FAMILY: &[&str] = &["GL201", "GL202", "GL203", "GL204", "GL205", "GL207"];

/// (fixture, rules expected at error or warning level; an empty set means a clean
/// configuration: no finding above note).
///
/// Most deploy-time fixtures run their job with only AWSGlueServiceRole, whose S3 object
/// grant covers buckets named `aws-glue-*`: their scripts live in `example-glue-scripts`
/// (and the like), so the script read is a real GL201 there.
const CASES: &[(&str, &[&str])] = &[
    // The deploy-time fixtures.
    ("testdata/projects/headline", &["GL201"]),
    ("testdata/projects/headline/plan.json", &["GL201"]),
    ("testdata/projects/headline-fixed", &["GL201"]),
    ("testdata/projects/headline-fixed/plan.json", &["GL201"]),
    ("testdata/projects/mfa-guardrail", &["GL201"]),
    ("testdata/projects/no-passrole", &["GL201"]),
    ("testdata/projects/service-role-name", &["GL201"]),
    ("testdata/projects/modules", &["GL201"]),
    ("testdata/projects/ci-role", &["GL201"]),
    ("testdata/projects/user-deployer", &["GL201"]),
    ("testdata/projects/boundary", &["GL201"]),
    ("testdata/projects/configured-deployer", &["GL201"]),
    ("testdata/projects/two-groups", &["GL201"]),
    ("testdata/projects/split-stacks", &["GL201"]),
    ("testdata/projects/crawler", &["GL201"]),
    ("testdata/projects/crawler/plan.json", &["GL201"]),
    ("testdata/cloudformation/headline.yaml", &["GL201"]),
    ("testdata/cloudformation/headline.json", &["GL201"]),
    ("testdata/cloudformation/crawler.yaml", &["GL201"]),
    ("testdata/cloudformation/split-stacks", &["GL201"]),
    // A role with no policies at all: nothing is allowed.
    (
        "testdata/cloudformation/generated-names.yaml",
        &["GL201", "GL204"],
    ),
    // The runtime fixture: AWSGlueServiceRole and custom buckets, a security configuration
    // with one key for S3 data, logs and bookmarks, and a temp bucket with SSE-KMS.
    (
        "testdata/projects/runtime",
        &["GL201", "GL202", "GL203", "GL204"],
    ),
    (
        "testdata/projects/runtime/plan.json",
        &["GL201", "GL202", "GL203", "GL204"],
    ),
    (
        "testdata/cloudformation/runtime.yaml",
        &["GL201", "GL202", "GL203", "GL204"],
    ),
    // The runtime scenarios, in Terraform (with plans) and CloudFormation.
    ("testdata/projects/runtime-good", &[]),
    ("testdata/projects/runtime-good/plan.json", &[]),
    ("testdata/projects/service-role-script-bucket", &["GL201"]),
    (
        "testdata/projects/service-role-script-bucket/plan.json",
        &["GL201"],
    ),
    ("testdata/projects/service-role-script-bucket-good", &[]),
    (
        "testdata/projects/service-role-script-bucket-good/plan.json",
        &[],
    ),
    ("testdata/projects/shared-role", &["GL201"]),
    ("testdata/projects/shared-role/plan.json", &["GL201"]),
    ("testdata/projects/crawler-scoped", &["GL201"]),
    ("testdata/projects/crawler-scoped/plan.json", &["GL201"]),
    ("testdata/projects/key-no-delegation", &["GL203"]),
    ("testdata/projects/key-no-delegation/plan.json", &["GL203"]),
    ("testdata/projects/runtime-deny", &["GL207"]),
    ("testdata/projects/runtime-deny/plan.json", &["GL207"]),
    ("testdata/cloudformation/runtime-good.yaml", &[]),
    ("testdata/cloudformation/runtime-good.json", &[]),
    ("testdata/cloudformation/key-no-delegation.json", &["GL203"]),
    (
        "testdata/cloudformation/service-role-script-bucket.yaml",
        &["GL201"],
    ),
    (
        "testdata/cloudformation/service-role-script-bucket-good.yaml",
        &[],
    ),
    ("testdata/cloudformation/shared-role.yaml", &["GL201"]),
    ("testdata/cloudformation/crawler-scoped.yaml", &["GL201"]),
    ("testdata/cloudformation/key-no-delegation.yaml", &["GL203"]),
    ("testdata/cloudformation/key-delegation.yaml", &[]),
    ("testdata/cloudformation/runtime-deny.yaml", &["GL207"]),
    // A deny that depends on the VPC endpoint the job's requests use: a warning.
    ("testdata/cloudformation/runtime-deny-vpce.yaml", &["GL207"]),
    (
        "testdata/cloudformation/crawler-no-catalog.yaml",
        &["GL205"],
    ),
];

#[test]
fn fixtures_give_exactly_the_expected_rules() {
    let problems = support::check_cases(CASES, FAMILY);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The shared role fails for the job whose bucket it does not cover, and only that one.
#[test]
fn shared_role_fails_only_for_the_uncovered_job() {
    let a = support::run("testdata/cloudformation/shared-role.yaml", FAMILY);
    let gl201: Vec<_> = a.findings.iter().filter(|f| f.rule == "GL201").collect();
    assert_eq!(gl201.len(), 1, "{gl201:#?}");
    assert!(gl201[0].message.contains("job hr"), "{}", gl201[0].message);
    assert!(
        gl201[0]
            .message
            .contains("arn:aws:s3:::example-hr-code/hr.py"),
        "{}",
        gl201[0].message
    );
}

/// One finding per (workload, kind), listing every missing action together.
#[test]
fn one_finding_per_workload_and_kind() {
    let a = support::run("testdata/cloudformation/crawler-scoped.yaml", FAMILY);
    assert_eq!(a.findings.len(), 1, "{:#?}", a.findings);
    let f = &a.findings[0];
    assert!(f
        .message
        .contains("s3:ListBucket on arn:aws:s3:::example-landing "));
    assert!(f
        .message
        .contains("s3:GetObject on arn:aws:s3:::example-landing/raw/*"));
}

/// The GL207 finding names the deny statement, not the allow that would not help.
#[test]
fn explicit_deny_names_the_statement() {
    let a = support::run("testdata/cloudformation/runtime-deny.yaml", FAMILY);
    assert_eq!(a.findings.len(), 1, "{:#?}", a.findings);
    let f = &a.findings[0];
    assert_eq!(f.rule, "GL207");
    assert!(f.message.contains("statement DenyDeletes"), "{}", f.message);
    assert!(f.message.contains("s3:DeleteObject"), "{}", f.message);
    // TLS holds for Glue: the insecure-transport deny is not evidence.
    assert!(!f
        .evidence
        .iter()
        .any(|e| e.contains("DenyInsecureTransport")));
}

/// A deny on a request key nobody fixes is a warning that names the key.
#[test]
fn possible_deny_is_a_warning_naming_the_key() {
    let a = support::run("testdata/cloudformation/runtime-deny-vpce.yaml", FAMILY);
    assert_eq!(a.findings.len(), 1, "{:#?}", a.findings);
    let f = &a.findings[0];
    assert_eq!(
        (f.rule, f.level),
        ("GL207", glue_lint::finding::Level::Warning)
    );
    assert!(
        f.unknowns.iter().any(|u| u == "aws:SourceVpce"),
        "{:?}",
        f.unknowns
    );
}

/// With CloudWatch encryption the logs service uses the key: its key policy must allow
/// `logs.<region>.amazonaws.com`. The runtime fixture's key policy names us-east-1 only.
#[test]
fn logs_service_must_be_allowed_by_the_key_policy_in_its_region() {
    let logs_service_gaps = |region: &str| {
        std::env::set_current_dir(support::root()).expect("chdir");
        let a = glue_lint::cli::analyse(&glue_lint::cli::InputArgs {
            paths: vec!["testdata/projects/runtime".into()],
            region: Some(region.to_string()),
            ..Default::default()
        });
        a.findings
            .iter()
            .filter(|f| f.rule == "GL203" && f.message.contains("the logs service uses the key"))
            .count()
    };
    assert_eq!(logs_service_gaps("us-east-1"), 0);
    // The job and the crawler use the same security configuration.
    assert_eq!(logs_service_gaps("eu-west-1"), 2);
}

#[test]
fn text_output_snapshots() {
    for (fixture, _) in CASES {
        let a = support::run(fixture, FAMILY);
        insta::assert_snapshot!(
            format!("text_{}", support::snapshot_name(fixture)),
            support::text(&a)
        );
    }
}

#[test]
fn sarif_output_snapshots() {
    for (fixture, _) in CASES {
        let a = support::run(fixture, FAMILY);
        insta::assert_snapshot!(
            format!("sarif_{}", support::snapshot_name(fixture)),
            support::sarif_results(&a)
        );
    }
}
