//! Output safety, determinism and isolation, through the built binary: no scanned string
//! forges a GitHub workflow command, breaks out of a JSON/SARIF string, injects markup
//! into a mermaid/dot label or reaches the terminal as an escape sequence; outputs are
//! byte-identical across runs and thread counts; the binary needs no network, executes
//! nothing from the repository and writes nothing but the requested output.

mod support;

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_glue-lint");
/// Hostile names: newlines, `::` workflow commands, `%`, ANSI/OSC escapes, BEL, C1 CSI,
/// bidi overrides, markdown, HTML and mermaid syntax in role, group and job names.
const HOSTILE: &[&str] = &["testdata/bad/hostile/names.yaml", "testdata/bad/hostile-tf"];

fn glue_lint(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("run glue-lint");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    out
}

fn run(args: &[&str]) -> Output {
    glue_lint(&support::root(), args)
}

fn utf8(b: &[u8]) -> &str {
    std::str::from_utf8(b).expect("output is UTF-8")
}

/// Control characters other than newline (and tab), C1 controls and bidi overrides.
fn unsafe_chars(s: &str) -> Vec<(usize, char)> {
    s.char_indices()
        .filter(|(_, c)| {
            (c.is_control() && *c != '\n' && *c != '\t')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

/// A line the GitHub runner would read as a command: `::` or the old `##[` after blanks.
fn command_like(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("::") || t.starts_with("##[")
}

#[test]
fn hostile_fixtures_are_found() {
    for fixture in HOSTILE {
        let out = run(&["--format", "json", fixture]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{fixture}: {}",
            utf8(&out.stdout)
        );
        assert!(utf8(&out.stdout).contains("\"GL101\""), "{fixture}");
    }
}

#[test]
fn text_output_has_no_escapes_and_no_command_lines() {
    for fixture in HOSTILE {
        for extra in [&["--no-color"][..], &[][..]] {
            let mut args = vec!["--format", "text", fixture];
            args.extend_from_slice(extra);
            let out = run(&args);
            for (name, s) in [("stdout", utf8(&out.stdout)), ("stderr", utf8(&out.stderr))] {
                assert!(
                    unsafe_chars(s).is_empty(),
                    "{fixture} {name}: {:?}",
                    unsafe_chars(s)
                );
                for line in s.lines() {
                    assert!(!command_like(line), "{fixture} {name}: {line}");
                }
            }
            // the names are shown (escaped), not dropped
            assert!(utf8(&out.stdout).contains("::error file=x.tf::forged"));
        }
    }
}

#[test]
fn github_annotations_cannot_forge_commands() {
    for fixture in HOSTILE {
        let out = run(&["--format", "github", fixture]);
        let s = utf8(&out.stdout);
        assert!(
            unsafe_chars(s).is_empty(),
            "{fixture}: {:?}",
            unsafe_chars(s)
        );
        let lines: Vec<&str> = s.lines().collect();
        assert!(!lines.is_empty());
        for line in lines {
            let (cmd, rest) = line.split_once(' ').expect("a command with properties");
            assert!(
                matches!(cmd, "::error" | "::warning" | "::notice"),
                "{fixture}: {line}"
            );
            // properties end at the first `::`; the data after it is one escaped line
            let (props, data) = rest.split_once("::").expect("properties and data");
            for p in props.split(',') {
                let (k, _) = p.split_once('=').expect("key=value");
                assert!(
                    matches!(
                        k,
                        "file" | "line" | "endLine" | "col" | "endColumn" | "title"
                    ),
                    "{fixture}: property {k} in {line}"
                );
            }
            assert!(!data.contains('\r'));
            // every `%` of the data is one of the escapes
            for (i, _) in data.match_indices('%') {
                let esc = data.get(i..i + 3).unwrap_or("");
                assert!(matches!(esc, "%25" | "%0A" | "%0D"), "{fixture}: {line}");
            }
        }
        assert!(s.contains("%0A::error file=x.tf::forged"), "{s}");
    }
}

#[test]
fn json_and_sarif_strings_hold() {
    for fixture in HOSTILE {
        for format in ["json", "sarif"] {
            let out = run(&["--format", format, fixture]);
            let s = utf8(&out.stdout);
            assert!(unsafe_chars(s).is_empty(), "{fixture} {format}");
            let v: serde_json::Value = serde_json::from_str(s).expect("valid JSON");
            // the hostile name is inside a string, intact as data
            let all = v.to_string();
            assert!(
                all.contains("::error file=x.tf::forged"),
                "{fixture} {format}"
            );
            // no string broke out into a key of its own
            let keys = |v: &serde_json::Value| -> bool {
                fn walk(v: &serde_json::Value) -> bool {
                    match v {
                        serde_json::Value::Object(m) => m
                            .iter()
                            .all(|(k, v)| !k.contains("::") && !k.contains('<') && walk(v)),
                        serde_json::Value::Array(a) => a.iter().all(walk),
                        _ => true,
                    }
                }
                walk(v)
            };
            assert!(keys(&v), "{fixture} {format}");
        }
    }
}

#[test]
fn graph_labels_cannot_inject_markup() {
    for fixture in HOSTILE {
        let out = run(&["graph", "--format", "mermaid", fixture]);
        let s = utf8(&out.stdout);
        assert!(unsafe_chars(s).is_empty(), "{fixture}");
        let mut lines = s.lines();
        assert_eq!(lines.next(), Some("flowchart LR"));
        for line in lines {
            assert!(!command_like(line), "{line}");
            let t = line.trim_start();
            if let Some((id, label)) = t.split_once("[\"") {
                assert!(id.starts_with('n') && id[1..].chars().all(|c| c.is_ascii_digit()));
                let label = label.strip_suffix("\"]").expect("label closes at the end");
                // (`#NN;` entities stand for them)
                for bad in ['"', '<', '>', '`', '[', ']', '(', ')', '{', '}', '|'] {
                    assert!(!label.contains(bad), "{fixture}: {bad:?} in {line}");
                }
            } else {
                // an edge: `nA -->|label| nB`, the label one of the graph's own words
                let (from, rest) = t.split_once(" -->|").expect("an edge");
                let (label, to) = rest.split_once("| ").expect("an edge label");
                let id = |s: &str| s.starts_with('n') && s[1..].chars().all(|c| c.is_ascii_digit());
                assert!(id(from) && id(to), "{line}");
                assert!(
                    label.chars().all(|c| c.is_ascii_lowercase() || c == ' '),
                    "{line}"
                );
            }
        }
        let out = run(&["graph", "--format", "dot", fixture]);
        let s = utf8(&out.stdout);
        assert!(unsafe_chars(s).is_empty(), "{fixture}");
        for line in s.lines() {
            assert!(!command_like(line), "{line}");
            if let Some((_, rest)) = line.split_once("label=\"") {
                // the label ends at the first unescaped quote, which closes the attribute
                let mut escaped = false;
                let mut end = None;
                for (i, c) in rest.char_indices() {
                    match c {
                        _ if escaped => escaped = false,
                        '\\' => escaped = true,
                        '"' => {
                            end = Some(i);
                            break;
                        }
                        _ => {}
                    }
                }
                let end = end.expect("label closed");
                assert!(matches!(&rest[end..], "\"];" | "\"]"), "{fixture}: {line}");
            }
        }
    }
}

/// Every output format and the graph are byte-identical across 20 runs alternating the
/// thread count (1, 2, default).
#[test]
fn outputs_are_deterministic() {
    let inputs = [
        "testdata/projects",
        "testdata/cloudformation",
        "testdata/bad/hostile",
    ];
    let base: Vec<&str> = inputs.to_vec();
    let variants: Vec<Vec<&str>> = vec![
        vec!["--format", "sarif"],
        vec!["--format", "json"],
        vec!["--format", "text", "--no-color"],
        vec!["--format", "github"],
        vec!["graph", "--format", "mermaid"],
    ];
    for v in &variants {
        let mut reference: Option<Vec<u8>> = None;
        let runs = if v[1] == "sarif" { 20 } else { 4 };
        for i in 0..runs {
            let mut args = v.clone();
            let threads = ["1", "2", "3"][i % 3];
            args.extend(["--threads", threads]);
            args.extend(base.iter().copied());
            let out = run(&args);
            assert!(!out.stdout.is_empty());
            match &reference {
                None => reference = Some(out.stdout),
                Some(r) => assert!(
                    *r == out.stdout,
                    "{v:?} run {i} (--threads {threads}) differs from run 0"
                ),
            }
        }
    }
}

fn listing(dir: &Path) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            let md = std::fs::symlink_metadata(&p).expect("metadata");
            if md.is_dir() {
                stack.push(p.clone());
            }
            out.push((
                p.strip_prefix(dir).expect("inside").display().to_string(),
                md.len(),
            ));
        }
    }
    out.sort();
    out
}

/// Nothing from the repository is executed and nothing but `-o FILE` is written; inside
/// an empty network namespace (no network at all) the output is the same.
#[test]
fn isolation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(&repo).expect("mkdir");
    std::fs::copy(
        support::root().join("testdata/projects/headline/main.tf"),
        repo.join("main.tf"),
    )
    .expect("copy");
    let marker = dir.path().join("EXECUTED");
    let m = marker.display().to_string();
    std::fs::write(
        repo.join("exec.tf"),
        format!(
            r#"data "external" "x" {{
  program = ["sh", "-c", "touch {m}"]
}}
resource "null_resource" "y" {{
  provisioner "local-exec" {{
    command = "touch {m}"
  }}
}}
locals {{
  z = file("$(touch {m})")
}}
"#
        ),
    )
    .expect("write");
    std::fs::write(
        repo.join("exec.yaml"),
        format!("AWSTemplateFormatVersion: \"2010-09-09\"\nTransform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::CloudFormation::CustomResource\n    Properties:\n      ServiceToken: \"`touch {m}`\"\n"),
    )
    .expect("write");
    let before = listing(dir.path());
    let out = glue_lint(
        dir.path(),
        &["--format", "sarif", "-o", "out.sarif", "repo"],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !marker.exists(),
        "something from the repository was executed"
    );
    let mut after = listing(dir.path());
    after.retain(|(p, _)| p != "out.sarif");
    assert_eq!(before, after, "files written besides the requested output");
    let expected = std::fs::read(dir.path().join("out.sarif")).expect("output written");

    let probe = Command::new("unshare").args(["-n", "true"]).output();
    match probe {
        Ok(o) if o.status.success() => {
            std::fs::remove_file(dir.path().join("out.sarif")).expect("rm");
            let out = Command::new("unshare")
                .args(["-n", BIN, "--format", "sarif", "-o", "out.sarif", "repo"])
                .current_dir(dir.path())
                .output()
                .expect("unshare");
            assert_eq!(
                out.status.code(),
                Some(1),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let got = std::fs::read(dir.path().join("out.sarif")).expect("output written");
            assert!(got == expected, "different output without network");
            assert!(!marker.exists());
        }
        Ok(o) => println!(
            "skipped the network-namespace run: `unshare -n` failed: {}",
            String::from_utf8_lossy(&o.stderr).trim()
        ),
        Err(e) => println!("skipped the network-namespace run: no `unshare` ({e})"),
    }
}
