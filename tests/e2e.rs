//! End to end over the fixtures, for the deploy-time rules (GL1xx): each scenario in each
//! format is analysed through the library, the set of GL1xx rules it must (and must not)
//! produce is asserted, and the text and SARIF outputs of those findings are pinned as
//! snapshots. Other rule families have their own files over the same harness.

mod support;

/// This file's rule family: the deploy-time predictions.
const FAMILY: &[&str] = &["GL1"];

/// (fixture, rules expected at error or warning level; an empty set means a clean
/// configuration: no finding above note).
const CASES: &[(&str, &[&str])] = &[
    ("testdata/projects/headline", &["GL101"]),
    ("testdata/projects/headline/plan.json", &["GL101"]),
    ("testdata/projects/headline-fixed", &[]),
    ("testdata/projects/headline-fixed/plan.json", &[]),
    ("testdata/projects/mfa-guardrail", &["GL103"]),
    ("testdata/projects/mfa-guardrail/plan.json", &["GL103"]),
    ("testdata/projects/no-passrole", &["GL102"]),
    ("testdata/projects/no-passrole/plan.json", &["GL102"]),
    ("testdata/projects/service-role-name", &[]),
    ("testdata/projects/service-role-name/plan.json", &[]),
    ("testdata/projects/modules", &["GL101"]),
    ("testdata/projects/modules/plan.json", &["GL101"]),
    ("testdata/cloudformation/headline.yaml", &["GL101"]),
    ("testdata/cloudformation/headline.json", &["GL101"]),
    ("testdata/cloudformation/headline-fixed.yaml", &[]),
    ("testdata/cloudformation/mfa-guardrail.yaml", &["GL103"]),
    ("testdata/cloudformation/no-passrole.yaml", &["GL102"]),
    ("testdata/cloudformation/service-role-name.yaml", &[]),
    ("testdata/projects/ci-role", &["GL101"]),
    ("testdata/projects/ci-role/plan.json", &["GL101"]),
    ("testdata/projects/ci-role-fixed", &[]),
    ("testdata/projects/ci-role-fixed/plan.json", &[]),
    ("testdata/projects/user-deployer", &["GL102"]),
    ("testdata/projects/user-deployer/plan.json", &["GL102"]),
    ("testdata/projects/boundary", &["GL102"]),
    ("testdata/projects/boundary/plan.json", &["GL102"]),
    ("testdata/projects/configured-deployer", &["GL101"]),
    ("testdata/projects/two-groups", &[]),
    ("testdata/projects/two-groups/plan.json", &[]),
    ("testdata/projects/split-stacks", &["GL101"]),
    ("testdata/projects/crawler", &["GL101"]),
    ("testdata/projects/crawler/plan.json", &["GL101"]),
    ("testdata/cloudformation/ci-role.yaml", &["GL101"]),
    ("testdata/cloudformation/ci-role.json", &["GL101"]),
    ("testdata/cloudformation/ci-role-fixed.yaml", &[]),
    ("testdata/cloudformation/user-deployer.yaml", &["GL102"]),
    ("testdata/cloudformation/boundary.yaml", &["GL102"]),
    ("testdata/cloudformation/boundary.json", &["GL102"]),
    ("testdata/cloudformation/configured-deployer", &["GL101"]),
    ("testdata/cloudformation/two-groups.yaml", &[]),
    ("testdata/cloudformation/two-groups.json", &[]),
    ("testdata/cloudformation/split-stacks", &["GL101"]),
    ("testdata/cloudformation/crawler.yaml", &["GL101"]),
    ("testdata/cloudformation/crawler.json", &["GL101"]),
    ("testdata/projects/boundary-managed", &["GL102"]),
    ("testdata/projects/boundary-managed/plan.json", &["GL102"]),
    ("testdata/projects/boundary-external", &["GL102"]),
    ("testdata/projects/boundary-external/plan.json", &["GL102"]),
    ("testdata/cloudformation/boundary-managed.yaml", &["GL102"]),
    ("testdata/cloudformation/boundary-external.yaml", &["GL102"]),
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
