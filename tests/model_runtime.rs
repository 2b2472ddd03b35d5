//! The runtime resources of the lowered model (buckets, keys, security configurations,
//! log groups, connections) and the links from workloads to them, for the `runtime`
//! scenario in Terraform, in its plan and in CloudFormation.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use glue_lint::cli::{analyse, InputArgs};
use glue_lint::model::{EncryptionSetting, Model, PolicyKind, WorkloadKind};

fn model_of(rel: &str) -> Model {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    let a = analyse(&InputArgs {
        paths: vec![path],
        ..Default::default()
    });
    let errors: Vec<String> = a
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(errors.is_empty(), "{rel}: {errors:?}");
    a.model
}

/// A CloudFormation address without the template's path.
fn short(address: &str) -> &str {
    address.rsplit_once('#').map_or(address, |(_, id)| id)
}

fn opt<T>(v: Option<T>, f: impl Fn(T) -> String) -> String {
    v.map_or_else(|| "-".to_string(), f)
}

/// A compact rendering of the runtime part of a model, by address.
fn render(m: &Model) -> String {
    let bucket = |i: usize| short(&m.buckets[i].address).to_string();
    let key = |i: usize| short(&m.keys[i].address).to_string();
    let policy = |i: usize| {
        let p = &m.policies[i];
        let content = match &p.policy {
            Some(doc) => format!("{} statements", doc.statements.len()),
            None => "content unknown".to_string(),
        };
        format!("{:?} '{}' ({content})", p.kind, p.display)
    };
    let setting = |s: &Option<EncryptionSetting>| {
        opt(s.as_ref(), |s| {
            format!(
                "{} key={} -> {}",
                s.mode,
                opt(s.kms_key_arn.as_ref(), |k| k.to_string()),
                opt(s.key, key)
            )
        })
    };
    let mut out = String::new();
    for b in &m.buckets {
        let _ = writeln!(out, "bucket {}", short(&b.address));
        let _ = writeln!(out, "  name {} arn {}", b.name, b.arn);
        let _ = writeln!(out, "  policy {}", opt(b.policy, policy));
        let sse = opt(b.sse.as_ref(), |s| {
            format!(
                "{} key={} -> {}",
                s.algorithm,
                opt(s.kms_key.as_ref(), |k| k.to_string()),
                opt(s.key, key)
            )
        });
        let _ = writeln!(out, "  sse {sse}");
    }
    for k in &m.keys {
        let _ = writeln!(out, "key {}", short(&k.address));
        let _ = writeln!(out, "  arn {} id {}", k.arn, k.key_id);
        let _ = writeln!(out, "  policy {}", opt(k.policy, policy));
        let aliases: Vec<String> = k.aliases.iter().map(|a| a.to_string()).collect();
        let _ = writeln!(out, "  aliases {aliases:?}");
    }
    for c in &m.security_configs {
        let _ = writeln!(out, "security configuration {}", short(&c.address));
        let _ = writeln!(out, "  name {}", c.name);
        let _ = writeln!(out, "  s3 {}", setting(&c.s3));
        let _ = writeln!(out, "  cloudwatch {}", setting(&c.cloudwatch));
        let _ = writeln!(out, "  job bookmarks {}", setting(&c.job_bookmarks));
    }
    for l in &m.log_groups {
        let _ = writeln!(out, "log group {}", short(&l.address));
        let _ = writeln!(out, "  name {} arn {}", l.name, l.arn);
        let _ = writeln!(
            out,
            "  kms {} -> {}",
            opt(l.kms_key.as_ref(), |(k, _)| k.to_string()),
            opt(l.key, key)
        );
    }
    for c in &m.connections {
        let _ = writeln!(out, "connection {} name {}", short(&c.address), c.name);
    }
    for w in &m.workloads {
        let _ = writeln!(out, "{} {}", w.kind.as_str(), short(&w.address));
        let _ = writeln!(
            out,
            "  security configuration {} -> {}",
            opt(w.security_config.as_ref(), |(s, _)| s.to_string()),
            opt(w.security_config_id, |i| short(
                &m.security_configs[i].address
            )
            .to_string())
        );
        for ((c, _), id) in w.connections.iter().zip(&w.connection_ids) {
            let target = opt(*id, |i| short(&m.connections[i].address).to_string());
            let _ = writeln!(out, "  connection {c} -> {target}");
        }
        let _ = writeln!(
            out,
            "  script {} -> {}",
            opt(w.script.as_ref(), |(s, _)| s.to_string()),
            opt(w.script_bucket, bucket)
        );
        let _ = writeln!(out, "  temp dir -> {}", opt(w.temp_dir_bucket, bucket));
        for (k, v, _) in &w.arguments {
            let _ = writeln!(out, "  argument {k} = {v}");
        }
        for ((p, _), b) in w.s3_targets.iter().zip(&w.s3_target_buckets) {
            let _ = writeln!(out, "  s3 target {p} -> {}", opt(*b, bucket));
        }
    }
    out
}

/// The links every format must make for the runtime scenario.
fn assert_links(m: &Model) {
    assert_eq!(m.buckets.len(), 2);
    assert_eq!(m.keys.len(), 1);
    assert_eq!(m.security_configs.len(), 1);
    assert_eq!(m.log_groups.len(), 1);
    assert_eq!(m.connections.len(), 1);

    let key = &m.keys[0];
    assert!(key.policy.is_some(), "the key has a key policy");
    assert_eq!(
        key.aliases
            .iter()
            .map(|a| a.to_string())
            .collect::<Vec<_>>(),
        ["alias/glue-etl"]
    );

    let temp = m
        .buckets
        .iter()
        .position(|b| b.name.as_known() == Some("example-glue-temp"))
        .expect("temp bucket");
    let scripts = m
        .buckets
        .iter()
        .position(|b| b.name.as_known() == Some("example-glue-scripts"))
        .expect("scripts bucket");
    let sse = m.buckets[temp]
        .sse
        .as_ref()
        .expect("temp bucket encryption");
    assert_eq!(sse.algorithm.as_known(), Some("aws:kms"));
    assert_eq!(sse.key, Some(0));
    assert!(m.buckets[temp].policy.is_some());
    assert!(m.buckets[scripts].sse.is_none());
    assert!(m.buckets[scripts].policy.is_none());

    let sc = &m.security_configs[0];
    for (s, mode) in [
        (&sc.s3, "SSE-KMS"),
        (&sc.cloudwatch, "SSE-KMS"),
        (&sc.job_bookmarks, "CSE-KMS"),
    ] {
        let s = s.as_ref().expect("setting");
        assert_eq!(s.mode.as_known(), Some(mode));
        assert_eq!(s.key, Some(0));
    }
    assert_eq!(m.log_groups[0].key, Some(0));

    let job = m
        .workloads
        .iter()
        .find(|w| w.kind == WorkloadKind::Job)
        .expect("job");
    assert_eq!(job.security_config_id, Some(0));
    assert_eq!(job.connection_ids, [Some(0)]);
    assert_eq!(job.script_bucket, Some(scripts));
    assert_eq!(job.temp_dir_bucket, Some(temp));
    let (tmp, _) = job.argument("--TempDir").expect("--TempDir");
    assert_eq!(tmp.as_known(), Some("s3://example-glue-temp/tmp/"));
    assert_eq!(job.arguments.len(), 3);

    let crawler = m
        .workloads
        .iter()
        .find(|w| w.kind == WorkloadKind::Crawler)
        .expect("crawler");
    assert_eq!(crawler.security_config_id, Some(0));
    assert_eq!(crawler.s3_target_buckets, [Some(temp)]);
    assert!(crawler.script.is_none());

    // Resource policies are never attached to a principal.
    for a in &m.attachments {
        assert_ne!(m.policies[a.policy].kind, PolicyKind::Resource);
    }
    let resource = m
        .policies
        .iter()
        .filter(|p| p.kind == PolicyKind::Resource)
        .count();
    assert_eq!(resource, 2, "one bucket policy and one key policy");
}

#[test]
fn terraform_runtime_links() {
    let m = model_of("testdata/projects/runtime");
    assert_links(&m);
    insta::assert_snapshot!(render(&m));
}

#[test]
fn plan_runtime_links() {
    let m = model_of("testdata/projects/runtime/plan.json");
    assert_links(&m);
    insta::assert_snapshot!(render(&m));
}

#[test]
fn cloudformation_runtime_links() {
    let m = model_of("testdata/cloudformation/runtime.yaml");
    assert_links(&m);
    insta::assert_snapshot!(render(&m));
}

/// Links by value: a job in one unit names a security configuration, a connection and a
/// script bucket of another unit by their literal names; a log group names a key by its
/// alias.
#[test]
fn links_by_value_across_units() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |rel: &str, text: &str| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        let mut f = std::fs::File::create(p).expect("create");
        f.write_all(text.as_bytes()).expect("write");
    };
    write(
        "shared/main.tf",
        r#"
resource "aws_kms_key" "k" {}
resource "aws_kms_alias" "k" {
  name          = "alias/shared"
  target_key_id = aws_kms_key.k.key_id
}
resource "aws_s3_bucket" "code" {
  bucket = "shared-code"
}
resource "aws_glue_security_configuration" "sc" {
  name = "shared-sc"
  encryption_configuration {
    cloudwatch_encryption {
      cloudwatch_encryption_mode = "DISABLED"
    }
    job_bookmarks_encryption {
      job_bookmarks_encryption_mode = "DISABLED"
    }
    s3_encryption {
      s3_encryption_mode = "SSE-S3"
    }
  }
}
resource "aws_glue_connection" "c" {
  name = "shared-conn"
  connection_properties = {}
}
resource "aws_cloudwatch_log_group" "g" {
  name       = "g"
  kms_key_id = "alias/shared"
}
"#,
    );
    write(
        "app/main.tf",
        r#"
resource "aws_glue_job" "j" {
  name                   = "j"
  role_arn               = "arn:aws:iam::111122223333:role/r"
  security_configuration = "shared-sc"
  connections            = ["shared-conn", "elsewhere"]
  command {
    script_location = "s3://shared-code/j.py"
  }
  default_arguments = {
    "--TempDir" = "s3://not-in-the-code/tmp/"
  }
}
"#,
    );
    let a = analyse(&InputArgs {
        paths: vec![dir.path().to_path_buf()],
        ..Default::default()
    });
    let m = &a.model;
    let job = m.workloads.first().expect("job");
    let sc = job
        .security_config_id
        .expect("security configuration by name");
    assert_eq!(m.security_configs[sc].name.as_known(), Some("shared-sc"));
    let s3 = m.security_configs[sc].s3.as_ref().expect("s3 setting");
    assert_eq!(s3.mode.as_known(), Some("SSE-S3"));
    assert_eq!(s3.key, None);
    assert_eq!(job.connection_ids, [Some(0), None]);
    assert_eq!(job.script_bucket, Some(0));
    assert_eq!(job.temp_dir_bucket, None);
    assert_eq!(m.log_groups[0].key, Some(0), "key by alias name");
    assert_eq!(
        m.keys[0].policy, None,
        "no key policy: the default one applies"
    );
}

fn write_tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (rel, text) in files {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    dir
}

/// Two units define a bucket with the same name: a job links to the one of its own unit.
#[test]
fn links_by_value_prefer_the_same_unit() {
    let dir = write_tree(&[
        (
            "a/main.tf",
            "resource \"aws_s3_bucket\" \"dup\" {\n  bucket = \"dup\"\n}\n",
        ),
        (
            "b/main.tf",
            r#"
resource "aws_s3_bucket" "dup" {
  bucket = "dup"
}
resource "aws_glue_job" "j" {
  name     = "j"
  role_arn = "arn:aws:iam::111122223333:role/r"
  command {
    script_location = "s3://dup/j.py"
  }
}
"#,
        ),
    ]);
    let a = analyse(&InputArgs {
        paths: vec![dir.path().to_path_buf()],
        ..Default::default()
    });
    let m = &a.model;
    assert_eq!(m.buckets.len(), 2);
    let job = m.workloads.first().expect("job");
    let b = job.script_bucket.expect("script bucket");
    assert_eq!(m.buckets[b].unit, job.unit);
}

/// Attributes of the wrong shape are skipped, never a panic, and never a guessed link.
#[test]
fn odd_shapes_are_read_without_links() {
    let dir = write_tree(&[(
        "odd.yaml",
        r#"Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption: not-a-map
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: somewhere-else
      PolicyDocument: {}
  Alias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/x
  Conf:
    Type: AWS::Glue::SecurityConfiguration
    Properties:
      Name: c
      EncryptionConfiguration: [1, 2]
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      KmsKeyId: [x]
  Job:
    Type: AWS::Glue::Job
    Properties:
      Role: r
      SecurityConfiguration: [c]
      Connections: just-a-string
      Command: s3://nowhere
      DefaultArguments: [--TempDir, s3://x/]
  Crawler:
    Type: AWS::Glue::Crawler
    Properties:
      Role: r
      Targets:
        S3Targets: s3://x/
"#,
    )]);
    let a = analyse(&InputArgs {
        paths: vec![dir.path().to_path_buf()],
        ..Default::default()
    });
    let m = &a.model;
    assert_eq!(m.buckets.len(), 1);
    assert!(m.buckets[0].sse.is_none() && m.buckets[0].policy.is_none());
    assert_eq!(m.security_configs.len(), 1);
    let c = &m.security_configs[0];
    assert!(c.s3.is_none() && c.cloudwatch.is_none() && c.job_bookmarks.is_none());
    assert_eq!(m.log_groups.len(), 1);
    assert!(m.log_groups[0].kms_key.is_none() && m.log_groups[0].key.is_none());
    for w in &m.workloads {
        assert!(w.security_config_id.is_none(), "{}", w.address);
        assert!(
            w.connection_ids.iter().all(Option::is_none),
            "{}",
            w.address
        );
        assert!(
            w.script.is_none() && w.arguments.is_empty(),
            "{}",
            w.address
        );
        assert!(
            w.s3_target_buckets.iter().all(Option::is_none),
            "{}",
            w.address
        );
    }
}
