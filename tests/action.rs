//! The composite action's scripts, run locally as the runner would: the built binary,
//! a copy of a fixture repository, and fake `GITHUB_OUTPUT` / `GITHUB_STEP_SUMMARY`
//! files. Checks the step outputs, the job summary, the SARIF file, the annotations and
//! the exit code finish.sh turns into a job failure. Needs bash; no network.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

struct Run {
    stdout: String,
    outputs: BTreeMap<String, String>,
    summary: String,
    repo: tempfile::TempDir,
}

fn run_action(fixture: &str, inputs: &[(&str, &str)], setup: &dyn Fn(&Path)) -> Run {
    let repo = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join(fixture), &repo.path().join("infra"));
    setup(repo.path());
    let output = repo.path().join("github_output");
    let summary = repo.path().join("step_summary");
    let mut cmd = Command::new("bash");
    cmd.arg(root().join("scripts/action/run.sh"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("GLUE_LINT", env!("CARGO_BIN_EXE_glue-lint"))
        .env("GITHUB_WORKSPACE", repo.path())
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("GITHUB_REPOSITORY", "acme/infra")
        .env("GITHUB_SHA", "0123456789abcdef")
        // action.yml's defaults
        .env("INPUT_PATH", "infra")
        .env("INPUT_FAIL_ON", "")
        .env("INPUT_FORMAT", "text")
        .env("INPUT_SARIF_FILE", "glue-lint.sarif")
        .env("INPUT_CATEGORY", "glue-lint")
        .env("INPUT_ANNOTATIONS", "true")
        .env("INPUT_SUMMARY", "true");
    for (k, v) in inputs {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("bash runs");
    assert!(
        out.status.success(),
        "run.sh must exit 0 so the upload step runs: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let outputs = std::fs::read_to_string(&output)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        outputs,
        summary: std::fs::read_to_string(&summary).unwrap_or_default(),
        repo,
    }
}

fn finish(exit_code: &str) -> i32 {
    Command::new("bash")
        .arg(root().join("scripts/action/finish.sh"))
        .env("EXIT_CODE", exit_code)
        .output()
        .expect("bash runs")
        .status
        .code()
        .unwrap_or(-1)
}

#[test]
fn headline_fixture_fails_with_outputs_summary_sarif_and_annotations() {
    let r = run_action("testdata/projects/headline", &[], &|_| {});
    let o = &r.outputs;
    assert_eq!(o.get("exit-code").map(String::as_str), Some("1"), "{o:?}");
    // GL101 (the group cannot pass the role) and GL201 (the role cannot read its script).
    assert_eq!(o.get("errors").map(String::as_str), Some("2"), "{o:?}");
    assert_eq!(o.get("findings").map(String::as_str), Some("2"), "{o:?}");
    assert_eq!(o.get("warnings").map(String::as_str), Some("0"), "{o:?}");
    let sarif = PathBuf::from(o.get("sarif-file").expect("sarif-file output"));
    assert_eq!(sarif, r.repo.path().join("glue-lint.sarif"));
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).expect("sarif written"))
            .expect("sarif is JSON");
    assert_eq!(log["runs"][0]["automationDetails"]["id"], "glue-lint/");
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "GL101");
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "infra/main.tf",
        "paths are relative to the repository"
    );
    assert!(
        r.summary.starts_with("## glue-lint: 2 errors"),
        "{}",
        r.summary
    );
    assert!(r.summary.contains("```mermaid"), "{}", r.summary);
    assert!(
        r.summary
            .contains("(https://github.com/acme/infra/blob/0123456789abcdef/infra/main.tf#L"),
        "{}",
        r.summary
    );
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("::error file=infra/main.tf,line=")),
        "{}",
        r.stdout
    );
    // The text report is fenced so its content cannot issue commands.
    assert!(
        r.stdout.contains("::stop-commands::glue-lint-"),
        "{}",
        r.stdout
    );
    assert_eq!(finish("1"), 1);
}

#[test]
fn fail_on_never_passes_and_suppressions_and_config_apply() {
    let r = run_action(
        "testdata/projects/headline",
        &[("INPUT_FAIL_ON", "never"), ("INPUT_SUMMARY", "false")],
        &|_| {},
    );
    assert_eq!(r.outputs.get("exit-code").map(String::as_str), Some("0"));
    assert_eq!(r.outputs.get("errors").map(String::as_str), Some("2"));
    assert!(r.summary.is_empty());
    assert_eq!(finish("0"), 0);

    // A configuration that lowers GL101 to a warning, with fail_on warning.
    let r = run_action("testdata/projects/headline", &[], &|repo| {
        std::fs::write(
            repo.join(".glue-lint.yaml"),
            "rules:\n  GL101: warning\nfail_on: warning\n",
        )
        .expect("write config");
    });
    assert_eq!(r.outputs.get("warnings").map(String::as_str), Some("1"));
    assert_eq!(r.outputs.get("exit-code").map(String::as_str), Some("1"));

    // An inline suppression with a reason silences the finding and fails nothing.
    let r = run_action("testdata/projects/headline", &[], &|repo| {
        let tf = repo.join("infra/main.tf");
        let text = std::fs::read_to_string(&tf).expect("read main.tf");
        let at = text
            .find("resource \"aws_glue_job\"")
            .expect("a job in the fixture");
        let text = format!(
            "{}# glue-lint:ignore GL101, GL201 -- the rename and the bucket grant ship with ticket 42\n{}",
            &text[..at],
            &text[at..]
        );
        std::fs::write(&tf, text).expect("write main.tf");
    });
    assert_eq!(r.outputs.get("findings").map(String::as_str), Some("0"));
    assert_eq!(r.outputs.get("exit-code").map(String::as_str), Some("0"));
    assert!(r.summary.contains("No findings."), "{}", r.summary);
}

#[test]
fn bad_inputs_are_errors_not_silent_passes() {
    let r = run_action(
        "testdata/projects/headline",
        &[("INPUT_FAIL_ON", "sometimes")],
        &|_| {},
    );
    assert_eq!(r.outputs.get("exit-code").map(String::as_str), Some("2"));
    assert!(r.stdout.contains("::error title=glue-lint::fail-on"));
    assert_eq!(finish("2"), 2);
    assert_eq!(finish(""), 2, "a run that produced no exit code fails");

    let r = run_action("testdata/projects/headline", &[], &|repo| {
        std::fs::write(repo.join(".glue-lint.yaml"), "regoin: eu-west-1\n").expect("write");
    });
    assert_eq!(r.outputs.get("exit-code").map(String::as_str), Some("2"));
}
