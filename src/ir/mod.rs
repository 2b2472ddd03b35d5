//! The provider-neutral intermediate representation.
//!
//! Every format loader (`parse::terraform`, `parse::plan`, `parse::cloudformation`)
//! produces `RawResource`s whose attributes are fully evaluated `Val` trees: references,
//! variables, intrinsics and functions are resolved into symbolic values, and what cannot
//! be known becomes a hole with a label saying why. `lower` then maps Terraform and
//! CloudFormation resource types onto one model, so rules never ask which language a
//! resource came from.

pub mod fuse;

use std::sync::Arc;

use crate::iam::{Hole, Member, Node, NodeKind, SymStr};
use crate::source::{Format, Span};

/// A value after evaluation, with the span of the expression that produced it at the
/// place it is used, and the resource attribute it was read from, if any.
#[derive(Clone, Debug, PartialEq)]
pub struct Val {
    pub kind: ValKind,
    pub span: Span,
    /// Set when the value is (or was computed from) an attribute of another resource:
    /// `aws_iam_role.etl.arn`, `!GetAtt EtlRole.Arn`, `!Ref EtlRole`. The graph links
    /// resources by this first and by value second.
    pub origin: Option<Arc<Origin>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ValKind {
    Null,
    Bool(bool),
    /// A number as written.
    Num(String),
    Str(SymStr),
    List(Vec<Val>),
    Map(Vec<Entry>),
    /// A string that is the JSON encoding of the inner value (`jsonencode(...)`,
    /// `data.aws_iam_policy_document.x.json`). Kept structured so policy statements keep
    /// their spans.
    Json(Box<Val>),
    /// A whole value that is not known, with why.
    Unknown(Hole),
}

/// One attribute or map entry. `span` covers `key = value` (or `Key: value`) as a whole;
/// the value's own span covers the value only.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub span: Span,
    pub val: Val,
}

/// The resource attribute a value was read from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    /// The address of the resource it belongs to, as `RawResource::address` spells it.
    pub address: String,
    /// `arn`, `name`, `id`, `Arn`, `Ref`, ...
    pub attr: String,
}

impl Val {
    pub fn new(kind: ValKind, span: Span) -> Val {
        Val {
            kind,
            span,
            origin: None,
        }
    }
    pub fn null(span: Span) -> Val {
        Val::new(ValKind::Null, span)
    }
    pub fn str(s: impl Into<SymStr>, span: Span) -> Val {
        Val::new(ValKind::Str(s.into()), span)
    }
    pub fn unknown(h: Hole, span: Span) -> Val {
        Val::new(ValKind::Unknown(h), span)
    }
    pub fn with_origin(mut self, address: impl Into<String>, attr: impl Into<String>) -> Val {
        self.origin = Some(Arc::new(Origin {
            address: address.into(),
            attr: attr.into(),
        }));
        self
    }

    /// The entry with this key in a map (the last one when repeated).
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            ValKind::Map(es) => es.iter().rev().find(|e| e.key == key),
            _ => None,
        }
    }
    /// The value of this key in a map.
    pub fn get(&self, key: &str) -> Option<&Val> {
        self.entry(key).map(|e| &e.val)
    }
    /// Follows a path of map keys; a list on the way is entered at its first element
    /// (Terraform nested blocks are lists of maps).
    pub fn path(&self, keys: &[&str]) -> Option<&Val> {
        let mut cur = self;
        for k in keys {
            if let ValKind::List(items) = &cur.kind {
                cur = items.first()?;
            }
            cur = cur.get(k)?;
        }
        Some(cur)
    }
    pub fn as_sym(&self) -> Option<&SymStr> {
        match &self.kind {
            ValKind::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        self.as_sym().and_then(|s| s.as_known())
    }
    pub fn as_list(&self) -> Option<&[Val]> {
        match &self.kind {
            ValKind::List(v) => Some(v),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self.kind, ValKind::Null)
    }

    /// Converts to the engine's policy tree. `Json` wrappers are transparent; a string that
    /// holds JSON text is *not* parsed here (see `iam::parse_policy_text`).
    pub fn to_node(&self) -> Node {
        let kind = match &self.kind {
            ValKind::Null => NodeKind::Null,
            ValKind::Bool(b) => NodeKind::Bool(*b),
            ValKind::Num(n) => NodeKind::Num(n.clone()),
            ValKind::Str(s) => NodeKind::Str(s.clone()),
            ValKind::List(items) => NodeKind::Arr(items.iter().map(Val::to_node).collect()),
            ValKind::Map(es) => NodeKind::Obj(
                es.iter()
                    .map(|e| Member {
                        key: e.key.clone(),
                        key_span: e.span,
                        value: e.val.to_node(),
                    })
                    .collect(),
            ),
            ValKind::Json(inner) => return inner.to_node(),
            ValKind::Unknown(h) => NodeKind::Unknown(h.clone()),
        };
        Node {
            kind,
            span: self.span,
        }
    }
}

/// A resource (or Terraform data source) as a loader produced it.
#[derive(Clone, Debug, PartialEq)]
pub struct RawResource {
    pub format: Format,
    /// The type as the format spells it: `aws_glue_job`, `AWS::Glue::Job`.
    pub rtype: String,
    /// A unique address within the run: `aws_glue_job.etl`,
    /// `module.etl.aws_iam_role.this`, `aws_iam_role.r["a"]`, `data.aws_iam_policy_document.d`,
    /// for CloudFormation `<template path>#<LogicalId>`.
    pub address: String,
    /// The short name users know it by: the Terraform block label or the logical id.
    pub name: String,
    /// The block (`resource "x" "y" { ... }` or the logical id's mapping).
    pub span: Span,
    /// The label or logical id only: a narrow place to point at.
    pub name_span: Span,
    /// The evaluated body: a `ValKind::Map` of attributes (Terraform nested blocks are
    /// lists of maps under their block name; CloudFormation `Properties` are the map).
    pub attrs: Val,
    /// A Terraform data source rather than a managed resource.
    pub is_data: bool,
    /// The deployment unit: a Terraform root module's directory, a plan file, a template.
    /// Addresses are unique within a unit, and `Val::origin` addresses refer to the unit
    /// of the resource they appear in.
    pub unit: Arc<str>,
}

/// What a loader returns for one file (or one Terraform module directory).
#[derive(Debug, Default)]
pub struct LoadOutput {
    pub resources: Vec<RawResource>,
    pub diagnostics: Vec<crate::diag::Diagnostic>,
}
