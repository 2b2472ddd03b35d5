//! Shared harness of the end-to-end tests: analyse a fixture through the library, keep
//! the findings of one rule family (a list of rule-id prefixes), assert the expected rules and
//! render the reporters' output for snapshots. Each family's test file lists its own
//! fixtures, so a new rule never changes another family's expectations or snapshots.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use glue_lint::cli::{analyse, Analysis, InputArgs};
use glue_lint::diag::DiagLevel;
use glue_lint::finding::Level;
use glue_lint::report::{self, Report};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Analyses a fixture (a path relative to the crate root), keeping only the findings
/// whose rule id starts with one of the `family` prefixes.
pub fn run(fixture: &str, family: &[&str]) -> Analysis {
    std::env::set_current_dir(root()).expect("chdir");
    let mut a = analyse(&InputArgs {
        paths: vec![PathBuf::from(fixture)],
        ..Default::default()
    });
    a.findings
        .retain(|f| family.iter().any(|p| f.rule.starts_with(p)));
    a
}

/// Checks every `(fixture, rules expected at warning level or above)` row; an empty set
/// means a correct configuration with no such finding. Returns the problems found.
pub fn check_cases(cases: &[(&str, &[&str])], family: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    for (fixture, expected) in cases {
        if !root().join(fixture).exists() {
            problems.push(format!("{fixture}: fixture missing"));
            continue;
        }
        let a = run(fixture, family);
        let errors: Vec<_> = a
            .diagnostics
            .iter()
            .filter(|d| d.level == DiagLevel::Error)
            .collect();
        if !errors.is_empty() {
            problems.push(format!("{fixture}: input errors {errors:?}"));
        }
        let got: BTreeSet<&str> = a
            .findings
            .iter()
            .filter(|f| f.level > Level::Note)
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
    problems
}

fn report<'a>(a: &'a Analysis, root: &'a std::path::Path) -> Report<'a> {
    Report {
        findings: &a.findings,
        diagnostics: &a.diagnostics,
        sources: &a.sources,
        repo_root: root,
        tool_version: "0.0.0-test",
    }
}

pub fn text(a: &Analysis) -> String {
    let root = root();
    let mut buf = Vec::new();
    report::text::write_text(
        &report(a, &root),
        report::text::TextOptions { color: false },
        &mut buf,
    )
    .expect("render");
    String::from_utf8(buf).expect("utf-8")
}

/// The SARIF results and the run's notifications, pretty-printed: the driver (rule
/// metadata) is the same for every fixture and pinned by the reporter's own snapshot.
pub fn sarif_results(a: &Analysis) -> String {
    let root = root();
    let mut buf = Vec::new();
    report::sarif::write_sarif(&report(a, &root), &mut buf).expect("render");
    let v: serde_json::Value = serde_json::from_slice(&buf).expect("SARIF is JSON");
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    serde_json::to_string_pretty(
        &serde_json::json!({"results": run["results"], "invocations": run["invocations"]}),
    )
    .expect("json")
}

pub fn snapshot_name(fixture: &str) -> String {
    fixture
        .trim_start_matches("testdata/")
        .replace(['/', '.'], "_")
}
