//! Bad input, run through the built binary: every malformed, hostile or huge input gives
//! a diagnostic with file and line and exit 2 (or the usual findings when the rest is
//! valid), the other files are still analysed, and nothing panics or hangs.
//! Committed fixtures are under `testdata/bad/`; big, binary and generated inputs are
//! made here in a temporary directory.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_glue-lint");

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    secs: f64,
}

/// Runs the binary in `dir` with a time limit: a hang fails the test instead of blocking it.
fn run_in(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let start = Instant::now();
    let out_path = dir.join(format!(".stdout-{}", std::process::id()));
    let err_path = dir.join(format!(".stderr-{}", std::process::id()));
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("spawn glue-lint");
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("glue-lint {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    let _ = std::fs::remove_file(&out_path);
    let _ = std::fs::remove_file(&err_path);
    assert!(
        !stderr.contains("panicked"),
        "glue-lint {args:?} panicked: {stderr}"
    );
    Run {
        code: status.code().unwrap_or(-1),
        stdout,
        stderr,
        secs: start.elapsed().as_secs_f64(),
    }
}

fn run(args: &[&str]) -> Run {
    run_in(&support::root(), args, Duration::from_secs(60))
}

/// The JSON report's diagnostics as (code, path, line, message).
fn diags(r: &Run) -> Vec<(String, String, u64, String)> {
    let v: serde_json::Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", r.stdout, r.stderr));
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["path"].as_str().unwrap_or("").to_string(),
                d["location"]["start_line"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn rules(r: &Run) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or("").to_string())
        .collect()
}

/// (fixture under testdata/bad, expected (code, line) diagnostics; exit is 2 for all)
const CASES: &[(&str, &[(&str, u64)])] = &[
    ("hcl-missing-value.tf", &[("GL002", 2)]),
    ("hcl-unclosed-block.tf", &[("GL002", 6)]),
    ("hcl-unterminated-string.tf", &[("GL002", 2)]),
    ("hcl-bad-list.tf", &[("GL002", 2)]),
    ("yaml-bad-indent.yaml", &[("GL002", 5)]),
    ("yaml-unclosed-flow.yaml", &[("GL002", 6)]),
    ("yaml-unterminated-string.yaml", &[("GL002", 6)]),
    ("json-missing-comma.json", &[("GL002", 5)]),
    ("json-truncated.json", &[("GL002", 5)]),
    ("cfn-unknown-intrinsic.yaml", &[("GL003", 6)]),
    ("cfn-wrong-types.yaml", &[("GL005", 7)]),
    (
        "policy-wrong-types.yaml",
        &[
            ("GL005", 11),
            ("GL005", 13),
            ("GL005", 14),
            ("GL005", 15),
            ("GL005", 17),
            ("GL005", 18),
        ],
    ),
    (
        "policy-wrong-types.json",
        &[
            ("GL005", 11),
            ("GL005", 13),
            ("GL005", 14),
            ("GL005", 15),
            ("GL005", 16),
            ("GL005", 17),
        ],
    ),
];

#[test]
fn malformed_fixtures_give_located_diagnostics_and_exit_2() {
    let mut problems = Vec::new();
    for (fixture, want) in CASES {
        let path = format!("testdata/bad/{fixture}");
        let r = run(&["--format", "json", &path]);
        if r.code != 2 {
            problems.push(format!("{fixture}: exit {} (want 2)", r.code));
        }
        let got = diags(&r);
        for (code, line) in *want {
            if !got
                .iter()
                .any(|(c, p, l, _)| c == code && p == &path && l == line)
            {
                problems.push(format!("{fixture}: no {code} at line {line}: {got:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_other_files_are_still_analysed() {
    let mut args: Vec<String> = vec!["--format".into(), "json".into()];
    args.extend(CASES.iter().map(|(f, _)| format!("testdata/bad/{f}")));
    args.push("testdata/cloudformation/headline.yaml".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&args);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(rules(&r).contains(&"GL101".to_string()), "{}", r.stdout);
    let files: std::collections::BTreeSet<String> =
        diags(&r).into_iter().map(|(_, p, _, _)| p).collect();
    assert_eq!(files.len(), CASES.len(), "{files:?}");
}

fn headline_yaml() -> String {
    std::fs::read_to_string(support::root().join("testdata/cloudformation/headline.yaml"))
        .expect("headline")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&p, bytes).expect("write");
    p
}

/// (file name, content, expected exit, expected diagnostic code or "" for none)
fn generated_cases() -> Vec<(&'static str, Vec<u8>, i32, &'static str)> {
    let n = 10_000;
    let deep =
        |open: &str, mid: &str, close: &str| format!("{}{mid}{}", open.repeat(n), close.repeat(n));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(headline_yaml().as_bytes());
    let mut binary = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..4096 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        binary.push((x >> 16) as u8);
    }
    let mut lol = String::from(
        "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        lol.push_str(&format!("      a{i}: &a{i} [{refs}]\n"));
    }
    let anchors = headline_yaml().replace(
        "      ManagedPolicyArns:\n        - arn:aws:iam::aws:policy/AWSGlueConsoleFullAccess",
        "      ManagedPolicyArns: &arns\n        - arn:aws:iam::aws:policy/AWSGlueConsoleFullAccess\n      Path: /\n",
    );
    let cfn = |props: String| {
        format!("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      X: {props}\n")
    };
    vec![
        ("bom.yaml", bom, 1, ""),
        ("binary.tf", binary.clone(), 2, "GL001"),
        ("binary.yaml", binary, 2, "GL001"),
        ("latin1.tf", b"locals {\n  a = \"caf\xe9\"\n}\n".to_vec(), 2, "GL001"),
        ("nul.tf", vec![0u8; 1000], 2, "GL002"),
        ("empty.tf", Vec::new(), 0, ""),
        ("empty.yaml", Vec::new(), 2, "GL001"),
        ("anchors.yaml", anchors.into_bytes(), 1, ""),
        ("lol.yaml", lol.into_bytes(), 2, "GL002"),
        (
            "deep-list.tf",
            format!("locals {{\n  x = {}\n}}\n", deep("[", "", "]")).into_bytes(),
            2,
            "GL002",
        ),
        (
            "deep-object.tf",
            format!("locals {{\n  x = {}\n}}\n", deep("{a = ", "1", "}")).into_bytes(),
            2,
            "GL002",
        ),
        (
            "deep-paren.tf",
            format!("locals {{\n  x = {}\n}}\n", deep("(", "1", ")")).into_bytes(),
            2,
            "GL002",
        ),
        (
            "deep-block.tf",
            format!("resource \"a\" \"b\" {{\n{}}}\n", deep("dynamic \"x\" {\n", "", "}\n"))
                .into_bytes(),
            2,
            "GL002",
        ),
        ("deep.yaml", cfn(deep("[", "", "]")).into_bytes(), 2, "GL002"),
        (
            "deep-map.yaml",
            cfn(deep("{a: ", "1", "}")).into_bytes(),
            2,
            "GL002",
        ),
        (
            "deep.json",
            format!("{{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {{\"R\": {{\"Type\": \"AWS::IAM::Role\", \"Properties\": {{\"X\": {}}}}}}}}}\n", deep("[", "", "]")).into_bytes(),
            2,
            "GL002",
        ),
        (
            "deep.plan.json",
            format!("{{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.0\",\"planned_values\":{{\"root_module\":{{\"resources\":[{{\"address\":\"a.b\",\"mode\":\"managed\",\"type\":\"aws_iam_role\",\"name\":\"b\",\"values\":{{\"x\":{}}}}}]}}}}}}\n", deep("[", "", "]")).into_bytes(),
            2,
            "GL002",
        ),
        (
            "deep-policy.json",
            format!("{{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {{\"P\": {{\"Type\": \"AWS::IAM::Policy\", \"Properties\": {{\"PolicyName\": \"p\", \"Groups\": [\"g\"], \"PolicyDocument\": {{\"Statement\": [{{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {}}}]}}}}}}}}}}\n", deep("{\"a\": ", "1", "}")).into_bytes(),
            2,
            "GL002",
        ),
    ]
}

#[test]
fn generated_bad_inputs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut problems = Vec::new();
    for (name, bytes, exit, code) in generated_cases() {
        write(dir.path(), name, &bytes);
        let r = run_in(
            dir.path(),
            &["--format", "json", name],
            Duration::from_secs(30),
        );
        if r.code != exit {
            problems.push(format!(
                "{name}: exit {} (want {exit}): {}",
                r.code, r.stdout
            ));
            continue;
        }
        let got = diags(&r);
        if code.is_empty() {
            if !got.is_empty() {
                problems.push(format!("{name}: unexpected diagnostics {got:?}"));
            }
        } else if !got.iter().any(|(c, p, l, m)| {
            c == code
                && p == name
                // a file that cannot be read has no span; the message says where it broke
                && (*l >= 1 || (c == "GL001" && (m.contains("line ") || m.contains("is not a"))))
        }) {
            problems.push(format!("{name}: no {code} with a line: {got:?}"));
        }
        if name == "latin1.tf" && !got.iter().any(|d| d.3.contains("line 2, column 11")) {
            problems.push(format!("{name}: the message does not say where: {got:?}"));
        }
        if r.secs > 10.0 {
            problems.push(format!("{name}: took {:.1}s", r.secs));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Terraform accepts a repeated key in an object literal and keeps the last value.
#[test]
fn repeated_object_keys_last_wins() {
    let main =
        std::fs::read_to_string(support::root().join("testdata/projects/headline-fixed/main.tf"))
            .expect("main.tf");
    let policy = |first: &str, last: &str, sep: &str| {
        format!(
            r#"resource "aws_iam_group_policy" "pass_etl_role" {{
  name  = "PassEtlRoleToGlue"
  group = aws_iam_group.glue_access.name
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Action    = "iam:PassRole"
      Resource = {first}{sep}Resource = {last}
      Condition = {{ StringEquals = {{ "iam:PassedToService" = "glue.amazonaws.com" }} }}
    }}]
  }})
}}
"#
        )
    };
    let role = "aws_iam_role.etl.arn";
    let other = "\"arn:aws:iam::*:role/nothing\"";
    for (first, last, sep, want_exit) in [
        (other, role, ", ", 0),
        (role, other, ", ", 1),
        (other, role, "\n      ", 0),
        (role, other, "\n      ", 1),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "main.tf", main.as_bytes());
        let text = policy(first, last, sep);
        write(dir.path(), "passrole.tf", text.as_bytes());
        let r = run_in(
            dir.path(),
            &["--format", "json", "."],
            Duration::from_secs(30),
        );
        assert!(
            diags(&r).iter().all(|d| d.0 != "GL002"),
            "{text}\n{}",
            r.stdout
        );
        // The last key decides whether the group may pass the role (GL101); the fixture's
        // other findings (GL201) do not depend on it.
        assert_eq!(
            rules(&r).iter().any(|id| id == "GL101"),
            want_exit == 1,
            "{text}\n{}",
            r.stdout
        );
    }
}

#[test]
fn big_file_and_many_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 200 MB: one comment, then a resource that must still be seen.
    let big = dir.path().join("big/main.tf");
    std::fs::create_dir_all(big.parent().expect("parent")).expect("mkdir");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&big).expect("create"));
        f.write_all(b"# ").expect("write");
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..200 {
            f.write_all(&chunk).expect("write");
        }
        f.write_all(b"\nresource \"aws_iam_role\" \"r\" {\n  name = \n}\n")
            .expect("write");
    }
    let r = run_in(
        dir.path(),
        &["--format", "json", "big"],
        Duration::from_secs(60),
    );
    println!("200 MB file: {:.1}s", r.secs);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        diags(&r)
            .iter()
            .any(|(c, p, l, _)| c == "GL002" && p == "big/main.tf" && *l == 3),
        "{}",
        r.stdout
    );

    // 50,000 files, one of them the headline template.
    let many = dir.path().join("many");
    for i in 0..50_000 {
        let sub = many.join(format!("d{:03}", i % 500));
        if i < 500 {
            std::fs::create_dir_all(&sub).expect("mkdir");
        }
        let name = if i % 2 == 0 {
            format!("f{i}.txt")
        } else {
            format!("v{i}.tf")
        };
        let body: &[u8] = if i % 2 == 0 {
            b"not an input"
        } else {
            b"variable \"v\" {}\n"
        };
        std::fs::write(sub.join(name), body).expect("write");
    }
    std::fs::write(many.join("headline.yaml"), headline_yaml()).expect("write");
    let r = run_in(
        dir.path(),
        &["--format", "json", "many"],
        Duration::from_secs(60),
    );
    println!("50,000 files: {:.1}s", r.secs);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(rules(&r), vec!["GL101".to_string(), "GL201".to_string()]);
}

#[cfg(unix)]
#[test]
fn symlinks_fifos_and_unreadable_files() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let dir = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    write(
        outside.path(),
        "secret.tf",
        b"resource \"aws_iam_role\" \"secret\" { name = \"SECRET-ROLE\" }\n",
    );
    let root = dir.path().join("repo");
    write(&root, "headline.yaml", headline_yaml().as_bytes());
    symlink("..", root.join("loop")).expect("symlink");
    symlink(".", root.join("self")).expect("symlink");
    symlink(outside.path(), root.join("outside")).expect("symlink");
    symlink(outside.path().join("secret.tf"), root.join("secret.tf")).expect("symlink");
    let r = run_in(
        dir.path(),
        &["--format", "json", "repo"],
        Duration::from_secs(30),
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert_eq!(rules(&r), vec!["GL101".to_string(), "GL201".to_string()]);
    assert!(!r.stdout.contains("SECRET-ROLE"), "{}", r.stdout);

    // A FIFO never ends: named on the command line it is refused, not read forever.
    let fifo = dir.path().join("pipe.tf");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let r = run_in(
            dir.path(),
            &["--format", "json", "pipe.tf", "repo/headline.yaml"],
            Duration::from_secs(20),
        );
        assert_eq!(r.code, 2, "{}", r.stdout);
        assert!(diags(&r).iter().any(|(c, p, _, m)| c == "GL001"
            && p == "pipe.tf"
            && m.contains("not a regular file")));
        assert_eq!(rules(&r), vec!["GL101".to_string(), "GL201".to_string()]);
    } else {
        println!("skipped the FIFO case: mkfifo is not available");
    }

    // An unreadable file (not testable as root, who reads it anyway).
    let locked = write(dir.path(), "locked/main.tf", b"locals {}\n");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&locked).is_ok() {
        println!("skipped the unreadable-file case: running as a user who can read mode 000 files");
    } else {
        let r = run_in(
            dir.path(),
            &["--format", "json", "locked"],
            Duration::from_secs(20),
        );
        assert_eq!(r.code, 2, "{}", r.stdout);
        assert!(diags(&r).iter().any(|(c, _, _, _)| c == "GL001"));
    }
}

#[test]
fn file_functions_cannot_escape_the_scanned_root() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "secret.json", b"{\"SECRET\": \"TOPSECRET\"}");
    write(
        dir.path(),
        "repo/main.tf",
        br#"resource "aws_iam_policy" "p" {
  name   = "p"
  policy = file("../secret.json")
}
resource "aws_iam_policy" "q" {
  name   = "q"
  policy = templatefile("${path.module}/../secret.json", {})
}
resource "aws_iam_policy" "r" {
  name   = "r"
  policy = file("/etc/hostname")
}
"#,
    );
    let r = run_in(
        dir.path(),
        &["--format", "json", "repo"],
        Duration::from_secs(20),
    );
    let got = diags(&r);
    for line in [3, 7, 11] {
        assert!(
            got.iter().any(|(c, p, l, m)| c == "GL004"
                && p == "repo/main.tf"
                && *l == line
                && m.contains("outside the scanned directories")),
            "line {line}: {got:?}"
        );
    }
    assert!(!r.stdout.contains("TOPSECRET"), "{}", r.stdout);
}
