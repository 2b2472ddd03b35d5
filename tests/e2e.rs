//! End to end over the fixtures: each scenario in each format is analysed through the
//! library, the set of rules it must (and must not) produce is asserted, and the text
//! and SARIF outputs are pinned as snapshots.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use glue_lint::cli::{analyse, Analysis, InputArgs};
use glue_lint::report::{self, Report};

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

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(fixture: &str) -> Analysis {
    std::env::set_current_dir(root()).expect("chdir");
    analyse(&InputArgs {
        paths: vec![PathBuf::from(fixture)],
        ..Default::default()
    })
}

fn render(
    a: &Analysis,
    f: fn(&Report, &mut dyn std::io::Write) -> Result<(), report::ReportError>,
) -> String {
    let r = Report {
        findings: &a.findings,
        diagnostics: &a.diagnostics,
        sources: &a.sources,
        repo_root: &root(),
        tool_version: "0.0.0-test",
    };
    let mut buf = Vec::new();
    f(&r, &mut buf).expect("render");
    String::from_utf8(buf).expect("utf-8")
}

fn snapshot_name(fixture: &str) -> String {
    fixture
        .trim_start_matches("testdata/")
        .replace(['/', '.'], "_")
}

#[test]
fn fixtures_give_exactly_the_expected_rules() {
    let mut problems = Vec::new();
    for (fixture, expected) in CASES {
        if !Path::new(&root().join(fixture)).exists() {
            problems.push(format!("{fixture}: fixture missing"));
            continue;
        }
        let a = run(fixture);
        let errors: Vec<_> = a
            .diagnostics
            .iter()
            .filter(|d| d.level == glue_lint::diag::DiagLevel::Error)
            .collect();
        if !errors.is_empty() {
            problems.push(format!("{fixture}: input errors {errors:?}"));
        }
        let got: BTreeSet<&str> = a
            .findings
            .iter()
            .filter(|f| f.level > glue_lint::finding::Level::Note)
            .map(|f| f.rule)
            .collect();
        let want: BTreeSet<&str> = expected.iter().copied().collect();
        if got != want {
            problems.push(format!(
                "{fixture}: expected {want:?}, got {got:?}: {:#?}",
                a.findings
                    .iter()
                    .map(|f| format!("{} {:?} {}", f.rule, f.level, f.message))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn text_output_snapshots() {
    for (fixture, _) in CASES {
        let a = run(fixture);
        insta::assert_snapshot!(
            format!("text_{}", snapshot_name(fixture)),
            render(&a, |r, w| report::text::write_text(
                r,
                report::text::TextOptions { color: false },
                w
            ))
        );
    }
}

#[test]
fn sarif_output_snapshots() {
    for (fixture, _) in CASES {
        let a = run(fixture);
        let sarif = render(&a, report::sarif::write_sarif);
        let v: serde_json::Value = serde_json::from_str(&sarif).expect("SARIF is JSON");
        assert_eq!(v["version"], "2.1.0");
        // The driver (rule metadata) is the same for every fixture and pinned by the
        // reporter's own snapshot; here the results and the run's notifications.
        let run = &v["runs"][0];
        let pinned =
            serde_json::json!({"results": run["results"], "invocations": run["invocations"]});
        insta::assert_snapshot!(
            format!("sarif_{}", snapshot_name(fixture)),
            serde_json::to_string_pretty(&pinned).expect("json")
        );
    }
}
