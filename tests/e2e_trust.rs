//! End to end over the fixtures, for GL206 (Glue cannot assume the workload's role):
//! every existing fixture (all trust only Glue, unconditionally: clean) and the rule's
//! own good and bad fixtures, with the text and SARIF outputs pinned as snapshots.

mod support;

/// This file's rule: the family filter is a prefix, so the full id.
const FAMILY: &[&str] = &["GL206"];

/// (fixture, rules expected at error or warning level; an empty set means a clean
/// configuration: no finding above note).
const CASES: &[(&str, &[&str])] = &[
    ("testdata/projects/headline", &[]),
    ("testdata/projects/headline/plan.json", &[]),
    ("testdata/projects/headline-fixed", &[]),
    ("testdata/projects/headline-fixed/plan.json", &[]),
    ("testdata/projects/mfa-guardrail", &[]),
    ("testdata/projects/mfa-guardrail/plan.json", &[]),
    ("testdata/projects/no-passrole", &[]),
    ("testdata/projects/no-passrole/plan.json", &[]),
    ("testdata/projects/service-role-name", &[]),
    ("testdata/projects/service-role-name/plan.json", &[]),
    ("testdata/projects/modules", &[]),
    ("testdata/projects/modules/plan.json", &[]),
    ("testdata/projects/ci-role", &[]),
    ("testdata/projects/ci-role/plan.json", &[]),
    ("testdata/projects/ci-role-fixed", &[]),
    ("testdata/projects/ci-role-fixed/plan.json", &[]),
    ("testdata/projects/user-deployer", &[]),
    ("testdata/projects/user-deployer/plan.json", &[]),
    ("testdata/projects/boundary", &[]),
    ("testdata/projects/boundary/plan.json", &[]),
    ("testdata/projects/boundary-managed", &[]),
    ("testdata/projects/boundary-managed/plan.json", &[]),
    ("testdata/projects/boundary-external", &[]),
    ("testdata/projects/boundary-external/plan.json", &[]),
    ("testdata/projects/configured-deployer", &[]),
    ("testdata/projects/two-groups", &[]),
    ("testdata/projects/two-groups/plan.json", &[]),
    ("testdata/projects/split-stacks", &[]),
    ("testdata/projects/crawler", &[]),
    ("testdata/projects/crawler/plan.json", &[]),
    ("testdata/projects/runtime", &[]),
    ("testdata/projects/runtime/plan.json", &[]),
    ("testdata/cloudformation/headline.yaml", &[]),
    ("testdata/cloudformation/headline.json", &[]),
    ("testdata/cloudformation/headline-fixed.yaml", &[]),
    ("testdata/cloudformation/mfa-guardrail.yaml", &[]),
    ("testdata/cloudformation/no-passrole.yaml", &[]),
    ("testdata/cloudformation/service-role-name.yaml", &[]),
    ("testdata/cloudformation/ci-role.yaml", &[]),
    ("testdata/cloudformation/ci-role.json", &[]),
    ("testdata/cloudformation/ci-role-fixed.yaml", &[]),
    ("testdata/cloudformation/user-deployer.yaml", &[]),
    ("testdata/cloudformation/boundary.yaml", &[]),
    ("testdata/cloudformation/boundary.json", &[]),
    ("testdata/cloudformation/boundary-managed.yaml", &[]),
    ("testdata/cloudformation/boundary-external.yaml", &[]),
    ("testdata/cloudformation/configured-deployer", &[]),
    ("testdata/cloudformation/two-groups.yaml", &[]),
    ("testdata/cloudformation/two-groups.json", &[]),
    ("testdata/cloudformation/split-stacks", &[]),
    ("testdata/cloudformation/crawler.yaml", &[]),
    ("testdata/cloudformation/crawler.json", &[]),
    ("testdata/cloudformation/runtime.yaml", &[]),
    ("testdata/cloudformation/generated-names.yaml", &[]),
    ("testdata/cloudformation/intrinsics.yaml", &[]),
    ("testdata/cloudformation/sam.yaml", &[]),
    ("testdata/cloudformation/cdk.out", &[]),
    // New fixtures of this family: bad ones and their correct counterparts.
    ("testdata/projects/trust-gap", &["GL206"]),
    ("testdata/projects/trust-gap/plan.json", &["GL206"]),
    ("testdata/projects/hygiene-ok", &[]),
    ("testdata/projects/hygiene-ok/plan.json", &[]),
    ("testdata/projects/passrole-wildcard", &[]),
    ("testdata/projects/admin-role", &[]),
    ("testdata/projects/admin-role/plan.json", &[]),
    ("testdata/projects/ineffective-grants", &[]),
    ("testdata/cloudformation/trust-gap.yaml", &["GL206"]),
    ("testdata/cloudformation/hygiene-ok.yaml", &[]),
    ("testdata/cloudformation/admin-role.yaml", &[]),
];

#[test]
fn fixtures_give_exactly_the_expected_rules() {
    let problems = support::check_cases(CASES, FAMILY);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
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
