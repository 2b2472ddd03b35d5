//! The resource graph: Glue workloads, the roles they run as, principals, their
//! policies, permissions boundaries and group memberships, and the runtime resources
//! (S3 buckets, KMS keys, security configurations, log groups, connections) with their
//! resource policies, as a petgraph graph with typed nodes and edges.
//! Used for `glue-lint graph` (dot, mermaid) and for walking paths; rules read the
//! model's indices directly.

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::model::{Model, PolicyKind};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Workload(usize),
    Principal(usize),
    Policy(usize),
    /// A permissions boundary attached by an ARN the model has no policy for.
    Boundary(usize),
    Bucket(usize),
    Key(usize),
    SecurityConfig(usize),
    LogGroup(usize),
    Connection(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    /// workload → role
    RunsAs,
    /// principal → policy
    Attached,
    /// role → its trust policy
    Trusts,
    /// user → group
    MemberOf,
    /// principal → its permissions boundary
    Boundary,
    /// workload → security configuration
    UsesSecurityConfig,
    /// security configuration → key for S3 data
    S3Encryption,
    /// security configuration → key for CloudWatch logs
    CloudWatchEncryption,
    /// security configuration → key for job bookmarks
    BookmarksEncryption,
    /// bucket → key of its default encryption
    DefaultEncryption,
    /// bucket → its bucket policy
    BucketPolicy,
    /// key → its key policy
    KeyPolicy,
    /// log group → its key
    LogEncryption,
    /// workload → connection
    UsesConnection,
    /// job → the bucket of its script
    Script,
    /// job → the bucket of its `--TempDir`
    TempDir,
    /// crawler → the bucket of an S3 target
    S3Target,
}

impl EdgeKind {
    fn label(self) -> &'static str {
        match self {
            EdgeKind::RunsAs => "runs as",
            EdgeKind::Attached => "attached",
            EdgeKind::Trusts => "trust",
            EdgeKind::MemberOf => "member of",
            EdgeKind::Boundary => "permissions boundary",
            EdgeKind::UsesSecurityConfig => "security configuration",
            EdgeKind::S3Encryption => "S3 encryption",
            EdgeKind::CloudWatchEncryption => "CloudWatch encryption",
            EdgeKind::BookmarksEncryption => "job bookmarks encryption",
            EdgeKind::DefaultEncryption => "default encryption",
            EdgeKind::BucketPolicy => "bucket policy",
            EdgeKind::KeyPolicy => "key policy",
            EdgeKind::LogEncryption => "encrypted with",
            EdgeKind::UsesConnection => "connection",
            EdgeKind::Script => "script",
            EdgeKind::TempDir => "temp dir",
            EdgeKind::S3Target => "S3 target",
        }
    }
}

pub struct Graph {
    pub g: DiGraph<(NodeKind, String), EdgeKind>,
}

impl Graph {
    pub fn build(model: &Model) -> Graph {
        let mut g = DiGraph::new();
        let w: Vec<NodeIndex> = model
            .workloads
            .iter()
            .enumerate()
            .map(|(i, w)| {
                g.add_node((
                    NodeKind::Workload(i),
                    format!("glue {} {}", w.kind.as_str(), w.name),
                ))
            })
            .collect();
        let p: Vec<NodeIndex> = model
            .principals
            .iter()
            .enumerate()
            .map(|(i, p)| {
                g.add_node((
                    NodeKind::Principal(i),
                    format!("{} {}", p.kind.as_str(), p.name),
                ))
            })
            .collect();
        let pol: Vec<NodeIndex> = model
            .policies
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let label = match d.kind {
                    PolicyKind::AwsManaged => format!("AWS managed policy {}", d.display),
                    PolicyKind::CustomerManaged => format!("policy {}", d.display),
                    PolicyKind::Inline => format!("inline policy {}", d.display),
                    PolicyKind::External => format!("policy {} (not defined here)", d.display),
                    PolicyKind::Trust | PolicyKind::Resource => d.display.clone(),
                };
                g.add_node((NodeKind::Policy(i), label))
            })
            .collect();
        for (i, wl) in model.workloads.iter().enumerate() {
            if let Some(r) = wl.role {
                g.add_edge(w[i], p[r], EdgeKind::RunsAs);
            }
        }
        for (i, pr) in model.principals.iter().enumerate() {
            if let Some(t) = pr.trust {
                g.add_edge(p[i], pol[t], EdgeKind::Trusts);
            }
        }
        for a in &model.attachments {
            g.add_edge(p[a.principal], pol[a.policy], EdgeKind::Attached);
        }
        for (u, gr, _) in &model.memberships {
            g.add_edge(p[*u], p[*gr], EdgeKind::MemberOf);
        }
        for (i, pr) in model.principals.iter().enumerate() {
            let target = match (pr.boundary_policy, &pr.boundary) {
                (Some(pid), _) => pol[pid],
                (None, Some((arn, _))) => {
                    g.add_node((NodeKind::Boundary(i), format!("permissions boundary {arn}")))
                }
                (None, None) => continue,
            };
            g.add_edge(p[i], target, EdgeKind::Boundary);
        }

        let buckets: Vec<NodeIndex> = model
            .buckets
            .iter()
            .enumerate()
            .map(|(i, b)| g.add_node((NodeKind::Bucket(i), format!("S3 bucket {}", b.name))))
            .collect();
        let keys: Vec<NodeIndex> = model
            .keys
            .iter()
            .enumerate()
            .map(|(i, k)| {
                let label = match k.aliases.first() {
                    Some(a) => format!("KMS key {a}"),
                    None => format!("KMS key {}", short_address(&k.address)),
                };
                g.add_node((NodeKind::Key(i), label))
            })
            .collect();
        let configs: Vec<NodeIndex> = model
            .security_configs
            .iter()
            .enumerate()
            .map(|(i, c)| {
                g.add_node((
                    NodeKind::SecurityConfig(i),
                    format!("security configuration {}", c.name),
                ))
            })
            .collect();
        let logs: Vec<NodeIndex> = model
            .log_groups
            .iter()
            .enumerate()
            .map(|(i, l)| g.add_node((NodeKind::LogGroup(i), format!("log group {}", l.name))))
            .collect();
        let conns: Vec<NodeIndex> = model
            .connections
            .iter()
            .enumerate()
            .map(|(i, c)| g.add_node((NodeKind::Connection(i), format!("connection {}", c.name))))
            .collect();

        // Every index below comes from the model's own lowering; `get` keeps a
        // malformed model from panicking.
        let mut edge = |from: Option<&NodeIndex>, to: Option<&NodeIndex>, kind: EdgeKind| {
            if let (Some(&a), Some(&b)) = (from, to) {
                g.add_edge(a, b, kind);
            }
        };
        for (i, wl) in model.workloads.iter().enumerate() {
            if let Some(c) = wl.security_config_id {
                edge(w.get(i), configs.get(c), EdgeKind::UsesSecurityConfig);
            }
            for c in wl.connection_ids.iter().flatten() {
                edge(w.get(i), conns.get(*c), EdgeKind::UsesConnection);
            }
            if let Some(b) = wl.script_bucket {
                edge(w.get(i), buckets.get(b), EdgeKind::Script);
            }
            if let Some(b) = wl.temp_dir_bucket {
                edge(w.get(i), buckets.get(b), EdgeKind::TempDir);
            }
            for b in wl.s3_target_buckets.iter().flatten() {
                edge(w.get(i), buckets.get(*b), EdgeKind::S3Target);
            }
        }
        for (i, c) in model.security_configs.iter().enumerate() {
            for (setting, kind) in [
                (&c.s3, EdgeKind::S3Encryption),
                (&c.cloudwatch, EdgeKind::CloudWatchEncryption),
                (&c.job_bookmarks, EdgeKind::BookmarksEncryption),
            ] {
                if let Some(k) = setting.as_ref().and_then(|s| s.key) {
                    edge(configs.get(i), keys.get(k), kind);
                }
            }
        }
        for (i, b) in model.buckets.iter().enumerate() {
            if let Some(k) = b.sse.as_ref().and_then(|s| s.key) {
                edge(buckets.get(i), keys.get(k), EdgeKind::DefaultEncryption);
            }
            if let Some(pid) = b.policy {
                edge(buckets.get(i), pol.get(pid), EdgeKind::BucketPolicy);
            }
        }
        for (i, k) in model.keys.iter().enumerate() {
            if let Some(pid) = k.policy {
                edge(keys.get(i), pol.get(pid), EdgeKind::KeyPolicy);
            }
        }
        for (i, l) in model.log_groups.iter().enumerate() {
            if let Some(k) = l.key {
                edge(logs.get(i), keys.get(k), EdgeKind::LogEncryption);
            }
        }
        Graph { g }
    }

    pub fn to_dot(&self) -> String {
        let mut s = String::from(
            "digraph glue_lint {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n",
        );
        for n in self.g.node_indices() {
            s.push_str(&format!(
                "  n{} [label=\"{}\"];\n",
                n.index(),
                dot_escape(&self.g[n].1)
            ));
        }
        for e in self.g.edge_references() {
            s.push_str(&format!(
                "  n{} -> n{} [label=\"{}\"];\n",
                e.source().index(),
                e.target().index(),
                e.weight().label()
            ));
        }
        s.push_str("}\n");
        s
    }

    pub fn to_mermaid(&self) -> String {
        let mut s = String::from("flowchart LR\n");
        for n in self.g.node_indices() {
            s.push_str(&format!(
                "  n{}[\"{}\"]\n",
                n.index(),
                mermaid_escape(&self.g[n].1)
            ));
        }
        for e in self.g.edge_references() {
            s.push_str(&format!(
                "  n{} -->|{}| n{}\n",
                e.source().index(),
                e.weight().label(),
                e.target().index()
            ));
        }
        s
    }
}

/// A CloudFormation address (`<template>#LogicalId`) without its template path.
fn short_address(address: &str) -> &str {
    address.rsplit_once('#').map_or(address, |(_, id)| id)
}

/// Escapes a label for a dot double-quoted string.
pub fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push_str("\\n"),
            // terminal controls and bidi overrides (which reorder what a reader sees)
            c if c.is_control() => {}
            '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes a label for a mermaid quoted node text: entity codes for everything mermaid
/// or markdown could interpret.
pub fn mermaid_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'a'..='z'
            | 'A'..='Z'
            | '0'..='9'
            | ' '
            | '-'
            | '_'
            | '.'
            | ':'
            | '/'
            | '*'
            | '?'
            | '='
            | ','
            | '+'
            | '@' => out.push(c),
            c if c.is_control() => {}
            c => out.push_str(&format!("#{};", c as u32)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_cannot_break_out() {
        assert_eq!(dot_escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
        assert_eq!(dot_escape("a\u{202e}b\u{1b}c"), "abc");
        let m = mermaid_escape("x\"]-->y[<script>`");
        assert!(!m.contains('"') && !m.contains(']') && !m.contains('<') && !m.contains('`'));
        assert_eq!(
            mermaid_escape("role etl-runtime-role"),
            "role etl-runtime-role"
        );
    }
}
