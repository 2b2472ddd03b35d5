//! A spanned, format-neutral tree for policy documents.
//!
//! Policies reach the engine from JSON text (parsed by the engine), from Terraform
//! `jsonencode(...)` objects and from CloudFormation YAML. Callers convert their own
//! values into `Node`s; strings may contain holes. Object keys keep their order and
//! their spans.

use super::span::Span;
use super::sym::{Hole, SymStr};

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Null,
    Bool(bool),
    /// A number, kept as written (`"10"`, `"1.5e3"`).
    Num(String),
    Str(SymStr),
    Arr(Vec<Node>),
    Obj(Vec<Member>),
    /// A whole value that is not known (a list from an unresolved module output, say).
    Unknown(Hole),
}

/// One `key: value` of an object, with the span of the key.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

impl Node {
    pub fn new(kind: NodeKind, span: Span) -> Node {
        Node { kind, span }
    }
    pub fn str(s: impl Into<SymStr>, span: Span) -> Node {
        Node {
            kind: NodeKind::Str(s.into()),
            span,
        }
    }
    /// The member with this key (exact, case-sensitive; the last one if repeated).
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Obj(ms) => ms.iter().rev().find(|m| m.key == key).map(|m| &m.value),
            _ => None,
        }
    }
    pub fn as_sym(&self) -> Option<&SymStr> {
        match &self.kind {
            NodeKind::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            NodeKind::Null => "null",
            NodeKind::Bool(_) => "boolean",
            NodeKind::Num(_) => "number",
            NodeKind::Str(_) => "string",
            NodeKind::Arr(_) => "array",
            NodeKind::Obj(_) => "object",
            NodeKind::Unknown(_) => "unknown value",
        }
    }
}
