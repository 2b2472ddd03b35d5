//! Large and pathological templates: linear work, bounded depth, no stack overflow.

#[path = "cfn_common/mod.rs"]
mod common;

use std::fmt::Write;

use glue_lint::ir::{Val, ValKind};
use glue_lint::parse::cloudformation::{load, CfnOptions};

#[test]
fn many_resources_with_references_load() {
    let mut t = String::from("Resources:\n");
    for i in 0..3000 {
        let _ = write!(
            t,
            "  Role{i}:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: role-{i}\n  Job{i}:\n    Type: AWS::Glue::Job\n    Properties:\n      Role: !GetAtt Role{i}.Arn\n      Name: !Sub \"job-${{Role{i}}}\"\n"
        );
    }
    let out = load(&common::file("big.yaml", &t), &CfnOptions::default());
    assert!(out.diagnostics.is_empty());
    assert_eq!(out.resources.len(), 6000);
    let last = out.resources.last().unwrap();
    assert_eq!(
        last.attrs.get("Name").and_then(Val::as_str),
        Some("job-role-2999")
    );
}

#[test]
fn long_chains_of_names_stop_at_the_depth_limit() {
    // Role{i} is named after Role{i+1}: evaluating Role0 first walks the whole chain.
    let mut t = String::from("Resources:\n");
    for i in 0..1999 {
        let _ = write!(
            t,
            "  Role{i}:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Join [\"-\", [!Select [0, [!Sub \"${{Role{}}}\"]], x]]\n",
            i + 1
        );
    }
    t.push_str("  Role1999:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: base\n");
    let out = load(&common::file("chain.yaml", &t), &CfnOptions::default());
    assert_eq!(out.resources.len(), 2000);
    assert!(out
        .diagnostics
        .iter()
        .any(|d| d.message.contains("nested deeper")));
    let near = out.resources[1998].attrs.get("RoleName").unwrap();
    assert_eq!(near.as_str(), Some("base-x"));
    let deep = out.resources[0].attrs.get("RoleName").unwrap();
    assert!(
        matches!(&deep.kind, ValKind::Str(s) if !s.is_known())
            || matches!(deep.kind, ValKind::Unknown(_))
    );
}
