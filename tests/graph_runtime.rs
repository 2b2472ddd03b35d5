//! `glue-lint graph` output for the runtime scenario (dot and mermaid), and escaping of
//! hostile names in both formats.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use glue_lint::cli::{analyse, InputArgs};
use glue_lint::graph::Graph;

fn graph_of(path: &Path) -> Graph {
    let a = analyse(&InputArgs {
        paths: vec![path.to_path_buf()],
        ..Default::default()
    });
    Graph::build(&a.model)
}

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

#[test]
fn runtime_mermaid() {
    let g = graph_of(&fixture("testdata/projects/runtime"));
    insta::assert_snapshot!(g.to_mermaid());
}

#[test]
fn runtime_dot() {
    let g = graph_of(&fixture("testdata/projects/runtime"));
    insta::assert_snapshot!(g.to_dot());
}

/// The same scenario in CloudFormation gives the same graph, but for the labels that
/// name resources by their logical ids.
#[test]
fn cloudformation_runtime_has_the_same_edges() {
    let edges = |g: &Graph| {
        let mut labels: Vec<String> = g
            .to_mermaid()
            .lines()
            .filter(|l| l.contains("-->"))
            .map(str::to_string)
            .collect();
        labels.sort();
        labels
    };
    let tf = graph_of(&fixture("testdata/projects/runtime"));
    let cfn = graph_of(&fixture("testdata/cloudformation/runtime.yaml"));
    assert_eq!(edges(&tf), edges(&cfn));
    assert_eq!(tf.g.node_count(), cfn.g.node_count());
}

#[test]
fn output_is_deterministic() {
    let a = graph_of(&fixture("testdata/projects/runtime"));
    let b = graph_of(&fixture("testdata/projects/runtime"));
    assert_eq!(a.to_dot(), b.to_dot());
    assert_eq!(a.to_mermaid(), b.to_mermaid());
}

/// Names chosen to break out of a dot string or a mermaid node: quotes, brackets,
/// arrows, backslashes, newlines, HTML.
#[test]
fn hostile_names_are_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("hostile.yaml");
    let mut f = std::fs::File::create(&path).expect("create");
    f.write_all(
        br#"Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: "b\"];\n  evil [label=\"x"
  Conf:
    Type: AWS::Glue::SecurityConfiguration
    Properties:
      Name: "sc\"] --> n0\nclick n0 \"javascript:alert(1)\""
      EncryptionConfiguration: {}
  Conn:
    Type: AWS::Glue::Connection
    Properties:
      ConnectionInput:
        Name: "<img src=x onerror=alert(1)>|edge|`code`\\"
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: "lg}\n}\ndigraph x {"
  Job:
    Type: AWS::Glue::Job
    Properties:
      Name: "job\"]\nn9[\"x"
      Role: arn:aws:iam::111122223333:role/r
      SecurityConfiguration: !Ref Conf
      Connections:
        Connections: [!Ref Conn]
      Command:
        ScriptLocation: !Sub "s3://${Bucket}/x.py"
"#,
    )
    .expect("write");
    drop(f);
    let g = graph_of(&path);
    assert!(g.g.node_count() >= 5, "{}", g.to_mermaid());
    assert!(g.g.edge_count() >= 3, "{}", g.to_mermaid());

    let dot = g.to_dot();
    // One statement per line: no name may add a line or end the graph early.
    let lines: Vec<&str> = dot.lines().collect();
    assert_eq!(
        lines.len(),
        3 + g.g.node_count() + g.g.edge_count() + 1,
        "{dot}"
    );
    for line in &lines[3..lines.len() - 1] {
        // Every label is one quoted string: unescaped quotes come in pairs per attribute.
        let unescaped = line.replace("\\\\", "").replace("\\\"", "");
        assert_eq!(unescaped.matches('"').count(), 2, "{line}");
    }

    let mermaid = g.to_mermaid();
    let mlines: Vec<&str> = mermaid.lines().collect();
    assert_eq!(
        mlines.len(),
        1 + g.g.node_count() + g.g.edge_count(),
        "{mermaid}"
    );
    for line in &mlines[1..=g.g.node_count()] {
        let text = line
            .split_once("[\"")
            .and_then(|(_, rest)| rest.strip_suffix("\"]"))
            .unwrap_or_else(|| panic!("node line shape: {line}"));
        for bad in ['"', '[', ']', '<', '>', '`', '|', '{', '}', '\\', '\n'] {
            assert!(!text.contains(bad), "{bad:?} in {line}");
        }
    }
    assert!(
        mlines.iter().all(|l| !l.trim_start().starts_with("click")),
        "{mermaid}"
    );
}

/// Permissions boundaries are edges to the boundary's policy node: one of the code, or one
/// standing for a policy that is not defined there (its content unknown).
#[test]
fn permissions_boundaries_are_edges() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("main.tf"),
        r#"
resource "aws_iam_policy" "boundary" {
  name   = "etl-boundary"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
}
resource "aws_iam_role" "inside" {
  name                 = "inside"
  assume_role_policy   = "{}"
  permissions_boundary = aws_iam_policy.boundary.arn
}
resource "aws_iam_role" "outside" {
  name                 = "outside"
  assume_role_policy   = "{}"
  permissions_boundary = "arn:aws:iam::111122223333:policy/org-boundary"
}
"#,
    )
    .expect("write");
    let mermaid = graph_of(dir.path()).to_mermaid();
    let node = |label: &str| {
        mermaid
            .lines()
            .find(|l| l.ends_with(&format!("[\"{label}\"]")))
            .and_then(|l| l.trim().split('[').next())
            .unwrap_or_else(|| panic!("no node {label}: {mermaid}"))
            .to_string()
    };
    let edge = |from: &str, to: &str| format!("  {from} -->|permissions boundary| {to}");
    assert!(
        mermaid.contains(&edge(&node("role inside"), &node("policy etl-boundary"))),
        "{mermaid}"
    );
    assert!(
        mermaid.contains(&edge(
            &node("role outside"),
            &node("policy arn:aws:iam::111122223333:policy/org-boundary #40;not defined here#41;")
        )),
        "{mermaid}"
    );
}
