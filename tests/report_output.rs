//! Reporters over a small two-file repository (`tests/report_fixture/`): snapshots of the
//! text, JSON, SARIF and GitHub outputs, GitHub's SARIF ingestion rules checked in Rust,
//! and the SARIF files the offline validators run on (`target/report-test*.sarif`, see
//! `scripts/sarif/validate-report.sh`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use glue_lint::diag::Diagnostic;
use glue_lint::finding::{Finding, Level, Related};
use glue_lint::report::github::{write_github, GithubOptions};
use glue_lint::report::json::write_json;
use glue_lint::report::linehash::line_hashes;
use glue_lint::report::sarif::write_sarif;
use glue_lint::report::text::{write_text, TextOptions};
use glue_lint::report::Report;
use glue_lint::source::{SourceMap, Span};

const ROOT: &str = "tests/report_fixture";
const GLUE_TF: &str = include_str!("report_fixture/infra/glue.tf");
const IAM_TF: &str = include_str!("report_fixture/infra/iam.tf");
const VERSION: &str = "0.0.0-test";

fn sources() -> SourceMap {
    let mut map = SourceMap::new();
    map.add(
        PathBuf::from(ROOT).join("infra/glue.tf"),
        Arc::from(GLUE_TF),
    );
    map.add(PathBuf::from(ROOT).join("infra/iam.tf"), Arc::from(IAM_TF));
    map
}

fn span(map: &SourceMap, file: u32, needle: &str) -> Span {
    let text = map
        .get(file)
        .map(|f| f.text.to_string())
        .unwrap_or_default();
    match text.find(needle) {
        Some(i) => Span::new(file, i, i + needle.len()),
        None => panic!("{needle:?} not in file {file}"),
    }
}

fn related(map: &SourceMap, file: u32, needle: &str, label: &str) -> Related {
    Related {
        span: span(map, file, needle),
        label: label.to_string(),
    }
}

fn findings(map: &SourceMap) -> Vec<Finding> {
    let primary = span(map, 0, "role_arn = aws_iam_role.etl_runtime.arn");
    let group = related(
        map,
        1,
        "name = \"GlueAccess\"",
        "deployer: group GlueAccess",
    );
    // `  name = ...`, not the `role_name = ...` tag before it
    let role_name = span(map, 1, "\n  name = \"etl-runtime-role\"");
    let role = Related {
        span: role_name.sub(3, role_name.end as usize - role_name.start as usize),
        label: "passed role: etl-runtime-role".into(),
    };
    let tag = related(map, 1, "role_name = \"etl-runtime-role\"", "role name tag");
    let policy = related(
        map,
        1,
        "policy_arn = \"arn:aws:iam::aws:policy/AWSGlueConsoleFullAccess\"",
        "only PassRole grant: AWSGlueConsoleFullAccess",
    );
    let mfa = related(
        map,
        1,
        "policy = file(\"${path.module}/require-mfa.json\")",
        "guardrail require_mfa",
    );
    let mut list = vec![
        Finding {
            rule: "GL101",
            level: Level::Error,
            message: "group GlueAccess cannot pass role etl-runtime-role to Glue: AWSGlueConsoleFullAccess allows iam:PassRole only on AWSGlueServiceRole*".into(),
            primary,
            related: vec![group.clone(), role.clone(), policy.clone(), tag],
            flow: vec![
                Related { span: primary, label: "aws_glue_job.nightly_etl passes role_arn (needs iam:PassRole)".into() },
                Related { span: role.span, label: "role ARN is arn:aws:iam::<account>:role/etl-runtime-role".into() },
                Related { span: group.span, label: "deployer = group GlueAccess (can glue:UpdateJob)".into() },
                Related { span: policy.span, label: "iam:PassRole only on role/AWSGlueServiceRole*: no match".into() },
            ],
            evidence: vec![
                "AWSGlueConsoleFullAccess: Allow iam:PassRole on arn:aws:iam::*:role/AWSGlueServiceRole* (resource does not match)".into(),
                "decision: implicitDeny".into(),
            ],
            help: Some("allow iam:PassRole on aws_iam_role.etl_runtime.arn with iam:PassedToService = glue.amazonaws.com".into()),
            unknowns: vec![],
            logical_key: "GL101|aws_glue_job.nightly_etl|aws_iam_group.glue_access|aws_iam_role.etl_runtime".into(),
        },
        Finding {
            rule: "GL103",
            level: Level::Warning,
            message: "guardrail require_mfa denies iam:PassRole on role etl-runtime-role when the deploy has no MFA [e.g. from CI]".into(),
            primary,
            related: vec![mfa.clone(), group],
            flow: vec![],
            evidence: vec!["require_mfa: Deny NotAction [iam:ChangePassword] when aws:MultiFactorAuthPresent is false".into()],
            help: None,
            unknowns: vec!["aws:MultiFactorAuthPresent of the deploying session (known only at request time)".into()],
            logical_key: "GL103|aws_glue_job.nightly_etl|aws_iam_group_policy.require_mfa".into(),
        },
    ];
    list.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    list
}

fn diagnostics(map: &SourceMap) -> Vec<Diagnostic> {
    vec![Diagnostic::warning(
        "GL004",
        span(map, 1, "file(\"${path.module}/require-mfa.json\")"),
        "function `file` reads a file outside the scanned sources; the policy is unknown",
    )]
}

fn render(f: impl FnOnce(&mut Vec<u8>)) -> String {
    let mut out = Vec::new();
    f(&mut out);
    match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => panic!("not UTF-8: {e}"),
    }
}

fn all_outputs(report: &Report<'_>) -> [String; 4] {
    [
        render(|o| {
            write_text(report, TextOptions { color: false }, o).unwrap_or_else(|e| panic!("{e}"))
        }),
        render(|o| write_json(report, o).unwrap_or_else(|e| panic!("{e}"))),
        render(|o| write_sarif(report, o).unwrap_or_else(|e| panic!("{e}"))),
        render(|o| {
            write_github(report, GithubOptions::default(), o).unwrap_or_else(|e| panic!("{e}"))
        }),
    ]
}

fn snapshot_settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("report_snapshots");
    s.set_prepend_module_to_snapshot(false);
    s
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

#[test]
fn snapshots_of_every_format() {
    let map = sources();
    let findings = findings(&map);
    let diags = diagnostics(&map);
    let report = Report {
        findings: &findings,
        diagnostics: &diags,
        sources: &map,
        repo_root: Path::new(ROOT),
        tool_version: VERSION,
    };
    let [text, json, sarif, github] = all_outputs(&report);
    snapshot_settings().bind(|| {
        insta::assert_snapshot!("text", text);
        insta::assert_snapshot!("json", json);
        insta::assert_snapshot!("sarif", sarif);
        insta::assert_snapshot!("github", github);
    });
}

#[test]
fn snapshots_of_an_empty_run_with_an_input_error() {
    let map = sources();
    let diags = vec![Diagnostic::file_error(
        "GL001",
        1,
        "cannot read the file: permission denied",
    )];
    let report = Report {
        findings: &[],
        diagnostics: &diags,
        sources: &map,
        repo_root: Path::new(ROOT),
        tool_version: VERSION,
    };
    let [text, json, sarif, github] = all_outputs(&report);
    snapshot_settings().bind(|| {
        insta::assert_snapshot!("empty_text", text);
        insta::assert_snapshot!("empty_json", json);
        insta::assert_snapshot!("empty_sarif", sarif);
        insta::assert_snapshot!("empty_github", github);
    });
}

#[test]
fn output_is_deterministic() {
    let map = sources();
    let findings = findings(&map);
    let diags = diagnostics(&map);
    let report = Report {
        findings: &findings,
        diagnostics: &diags,
        sources: &map,
        repo_root: Path::new(ROOT),
        tool_version: VERSION,
    };
    assert_eq!(all_outputs(&report), all_outputs(&report));
}

/// The checks of `shared/sarif/tools/gh_sarif_check.py` that need no Python, in Rust.
fn check_github_rules(sarif: &serde_json::Value, root: &Path) {
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().is_some_and(|s| !s.is_empty()));
    let runs = sarif["runs"].as_array().cloned().unwrap_or_default();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let rules = run["tool"]["driver"]["rules"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!rules.is_empty());
    for r in &rules {
        for k in ["shortDescription", "fullDescription", "help"] {
            let t = r[k]["text"].as_str().unwrap_or("");
            assert!(!t.trim().is_empty(), "{k} of {}", r["id"]);
        }
        for k in ["shortDescription", "fullDescription"] {
            assert!(r[k]["text"].as_str().unwrap_or("").chars().count() <= 1024);
        }
        assert!(
            r["properties"]["tags"]
                .as_array()
                .map(Vec::len)
                .unwrap_or(0)
                <= 10
        );
        assert!(r["helpUri"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://")));
    }
    let mut hashes = std::collections::BTreeMap::new();
    for res in run["results"].as_array().cloned().unwrap_or_default() {
        let index = res["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
        assert_eq!(rules.get(index).map(|r| &r["id"]), Some(&res["ruleId"]));
        assert!(!res["message"]["text"]
            .as_str()
            .unwrap_or("")
            .trim()
            .is_empty());
        let mut locs = vec![res["locations"][0].clone()];
        locs.extend(
            res["relatedLocations"]
                .as_array()
                .cloned()
                .unwrap_or_default(),
        );
        for flow in res["codeFlows"].as_array().cloned().unwrap_or_default() {
            for tf in flow["threadFlows"].as_array().cloned().unwrap_or_default() {
                for tl in tf["locations"].as_array().cloned().unwrap_or_default() {
                    assert!(
                        tl.get("location").is_some(),
                        "index-only threadFlowLocation"
                    );
                    locs.push(tl["location"].clone());
                }
            }
        }
        for loc in &locs {
            let uri = loc["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap_or("");
            assert!(
                !uri.is_empty() && !uri.contains("://") && !uri.starts_with('/'),
                "{uri}"
            );
            assert!(
                root.join(uri).is_file(),
                "{uri} not under {}",
                root.display()
            );
            let region = &loc["physicalLocation"]["region"];
            assert!(region["startLine"].as_u64().unwrap_or(0) >= 1);
            assert!(region["startColumn"].as_u64().unwrap_or(0) >= 1);
        }
        // every related location is linked from the message
        for rel in res["relatedLocations"]
            .as_array()
            .cloned()
            .unwrap_or_default()
        {
            let link = format!("]({})", rel["id"]);
            assert!(
                res["message"]["text"]
                    .as_str()
                    .unwrap_or("")
                    .contains(&link),
                "{link} not linked"
            );
        }
        let uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let line = res["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap_or(0) as usize;
        let file_hashes = hashes.entry(uri.clone()).or_insert_with(|| {
            line_hashes(&std::fs::read_to_string(root.join(&uri)).unwrap_or_default())
        });
        assert_eq!(
            res["partialFingerprints"]["primaryLocationLineHash"].as_str(),
            file_hashes.get(line - 1).map(String::as_str),
            "fingerprint of {uri}:{line}"
        );
    }
}

/// Writes the SARIF the offline validators check, after checking it here.
#[test]
fn sarif_follows_github_rules_and_is_written_for_the_validators() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(ROOT);
    let map = sources();
    let findings = findings(&map);
    let diags = diagnostics(&map);
    let report = Report {
        findings: &findings,
        diagnostics: &diags,
        sources: &map,
        repo_root: Path::new(ROOT),
        tool_version: VERSION,
    };
    let sarif = render(|o| write_sarif(&report, o).unwrap_or_else(|e| panic!("{e}")));
    let value: serde_json::Value = serde_json::from_str(&sarif).unwrap_or_default();
    check_github_rules(&value, &root);
    // the related location after "🚀" has a UTF-16 column one more than its character column
    let rel = &value["runs"][0]["results"][0]["relatedLocations"][3]["physicalLocation"]["region"];
    let line = IAM_TF.lines().nth(1).unwrap_or("");
    let char_col = line
        .find("role_name")
        .map(|b| line[..b].chars().count() + 1)
        .unwrap_or(0);
    assert_eq!(rel["startColumn"].as_u64(), Some(char_col as u64 + 1));

    let empty_diags = vec![Diagnostic::file_error("GL002", 0, "unexpected end of file")];
    let empty = Report {
        findings: &[],
        diagnostics: &empty_diags,
        sources: &map,
        repo_root: Path::new(ROOT),
        tool_version: VERSION,
    };
    let empty_sarif = render(|o| write_sarif(&empty, o).unwrap_or_else(|e| panic!("{e}")));
    check_github_rules(
        &serde_json::from_str(&empty_sarif).unwrap_or_default(),
        &root,
    );

    let dir = target_dir();
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for (name, text) in [
        ("report-test.sarif", &sarif),
        ("report-test-empty.sarif", &empty_sarif),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
