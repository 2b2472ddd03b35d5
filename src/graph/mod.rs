//! The resource graph: Glue workloads, the roles they run as, principals, their
//! policies and group memberships, as a petgraph graph with typed nodes and edges.
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
}

impl EdgeKind {
    fn label(self) -> &'static str {
        match self {
            EdgeKind::RunsAs => "runs as",
            EdgeKind::Attached => "attached",
            EdgeKind::Trusts => "trust",
            EdgeKind::MemberOf => "member of",
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
            .map(|(i, w)| g.add_node((NodeKind::Workload(i), format!("glue {} {}", w.kind.as_str(), w.name))))
            .collect();
        let p: Vec<NodeIndex> = model
            .principals
            .iter()
            .enumerate()
            .map(|(i, p)| g.add_node((NodeKind::Principal(i), format!("{} {}", p.kind.as_str(), p.name))))
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
                    PolicyKind::Trust => d.display.clone(),
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
        Graph { g }
    }

    pub fn to_dot(&self) -> String {
        let mut s = String::from("digraph glue_lint {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n");
        for n in self.g.node_indices() {
            s.push_str(&format!("  n{} [label=\"{}\"];\n", n.index(), dot_escape(&self.g[n].1)));
        }
        for e in self.g.edge_references() {
            s.push_str(&format!("  n{} -> n{} [label=\"{}\"];\n", e.source().index(), e.target().index(), e.weight().label()));
        }
        s.push_str("}\n");
        s
    }

    pub fn to_mermaid(&self) -> String {
        let mut s = String::from("flowchart LR\n");
        for n in self.g.node_indices() {
            s.push_str(&format!("  n{}[\"{}\"]\n", n.index(), mermaid_escape(&self.g[n].1)));
        }
        for e in self.g.edge_references() {
            s.push_str(&format!("  n{} -->|{}| n{}\n", e.source().index(), e.weight().label(), e.target().index()));
        }
        s
    }
}

/// Escapes a label for a dot double-quoted string.
pub fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() => {}
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
            'a'..='z' | 'A'..='Z' | '0'..='9' | ' ' | '-' | '_' | '.' | ':' | '/' | '*' | '?' | '=' | ',' | '+' | '@' => out.push(c),
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
        let m = mermaid_escape("x\"]-->y[<script>`");
        assert!(!m.contains('"') && !m.contains(']') && !m.contains('<') && !m.contains('`'));
        assert_eq!(mermaid_escape("role etl-runtime-role"), "role etl-runtime-role");
    }
}
