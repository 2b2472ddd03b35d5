//! Evaluation of CloudFormation intrinsic functions and conditions into `ir::Val`s.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::iam::{Hole, HoleClass, SymStr, Tri};
use crate::ir::{Entry, Origin, Val, ValKind};
use crate::source::{SourceFile, Span};

use super::yaml::{YKind, YNode, MAX_DEPTH};
use super::CfnOptions;

/// `None` from an evaluation means `AWS::NoValue`: the key or list item is removed.
type Out = Option<Val>;

pub struct Ctx<'a> {
    opts: &'a CfnOptions,
    pub path: String,
    params: BTreeMap<&'a str, &'a YNode>,
    resources: BTreeMap<&'a str, &'a YNode>,
    mappings: Option<&'a YNode>,
    conditions: BTreeMap<&'a str, &'a YNode>,
    cond_memo: BTreeMap<String, Tri>,
    name_memo: BTreeMap<String, Val>,
    /// Conditions and resource names being evaluated (cycle guard).
    visiting: Vec<String>,
    depth: usize,
    diags: Vec<Diagnostic>,
}

fn section<'a>(root: &'a YNode, name: &str) -> BTreeMap<&'a str, &'a YNode> {
    let mut m = BTreeMap::new();
    if let Some(es) = root.get(name).and_then(YNode::as_map) {
        for (k, v) in es {
            if let Some(k) = k.as_scalar() {
                m.insert(k, v);
            }
        }
    }
    m
}

fn hole(label: impl Into<Arc<str>>, class: HoleClass) -> Hole {
    Hole::new(label, class)
}

/// The string form of a scalar value (numbers and booleans as written).
pub fn to_sym(v: &Val) -> Option<SymStr> {
    match &v.kind {
        ValKind::Str(s) => Some(s.clone()),
        ValKind::Num(n) => Some(SymStr::lit(n.clone())),
        ValKind::Bool(b) => Some(SymStr::lit(if *b { "true" } else { "false" })),
        ValKind::Unknown(h) => Some(SymStr::hole(h.clone())),
        _ => None,
    }
}

/// Whether two values are equal, as far as holes let us know.
fn vals_equal(a: &Val, b: &Val) -> Tri {
    match (&a.kind, &b.kind) {
        (ValKind::List(x), ValKind::List(y)) => {
            if x.len() != y.len() {
                return Tri::No;
            }
            Tri::all(x.iter().zip(y).map(|(p, q)| vals_equal(p, q)))
        }
        _ => match (to_sym(a), to_sym(b)) {
            (Some(x), Some(y)) => match (x.as_known(), y.as_known()) {
                (Some(p), Some(q)) => Tri::from_bool(p == q),
                _ => {
                    let (p, q) = (x.known_prefix(), y.known_prefix());
                    let (s, t) = (x.known_suffix(), y.known_suffix());
                    if !(p.starts_with(q) || q.starts_with(p))
                        || !(s.ends_with(t) || t.ends_with(s))
                    {
                        Tri::No
                    } else if x == y {
                        Tri::Yes
                    } else {
                        Tri::Maybe
                    }
                }
            },
            _ => Tri::Maybe,
        },
    }
}

/// The origin shared by all the values, when there is exactly one.
fn single_origin<'v>(vals: impl IntoIterator<Item = &'v Val>) -> Option<Arc<Origin>> {
    let mut found: Option<Arc<Origin>> = None;
    for v in vals {
        if let Some(o) = &v.origin {
            match &found {
                None => found = Some(o.clone()),
                Some(f) if f == o => {}
                Some(_) => return None,
            }
        }
    }
    found
}

impl<'a> Ctx<'a> {
    pub fn new(file: &'a SourceFile, opts: &'a CfnOptions, root: &'a YNode) -> Ctx<'a> {
        Ctx {
            opts,
            path: file.path.to_string_lossy().replace('\\', "/"),
            params: section(root, "Parameters"),
            resources: section(root, "Resources"),
            mappings: root.get("Mappings"),
            conditions: section(root, "Conditions"),
            cond_memo: BTreeMap::new(),
            name_memo: BTreeMap::new(),
            visiting: Vec::new(),
            depth: 0,
            diags: Vec::new(),
        }
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diags
    }

    pub fn address(&self, lid: &str) -> String {
        format!("{}#{}", self.path, lid)
    }

    pub fn error(&mut self, span: Span, msg: impl Into<String>) {
        self.diags.push(Diagnostic::error("GL003", span, msg));
    }

    fn unsupported(&mut self, span: Span, msg: impl Into<String>) {
        self.diags.push(Diagnostic::warning("GL004", span, msg));
    }

    fn bad(&mut self, span: Span, msg: impl Into<String>, label: &str) -> Out {
        self.error(span, msg);
        Some(Val::unknown(hole(label, HoleClass::Any), span))
    }

    fn partition(&self) -> SymStr {
        self.opts
            .partition
            .as_deref()
            .map(SymStr::lit)
            .unwrap_or_else(|| SymStr::hole(Hole::partition()))
    }
    fn region(&self) -> SymStr {
        self.opts
            .region
            .as_deref()
            .map(SymStr::lit)
            .unwrap_or_else(|| SymStr::hole(Hole::region()))
    }
    fn account(&self) -> SymStr {
        self.opts
            .account_id
            .as_deref()
            .map(SymStr::lit)
            .unwrap_or_else(|| SymStr::hole(Hole::account()))
    }

    /// Evaluates a resource's `Properties`.
    pub fn eval_top(&mut self, n: &YNode) -> Out {
        self.depth = 0;
        self.eval(n)
    }

    /// Evaluates a node: intrinsics are applied, maps and lists evaluated member-wise.
    pub fn eval(&mut self, n: &YNode) -> Out {
        if self.depth >= MAX_DEPTH {
            return self.bad(
                n.span,
                format!("expressions nested deeper than {MAX_DEPTH} levels"),
                "too deeply nested",
            );
        }
        self.depth += 1;
        let out = self.eval_inner(n);
        self.depth -= 1;
        out
    }

    fn eval_inner(&mut self, n: &YNode) -> Out {
        if let Some(tag) = &n.tag {
            return match tag.as_str() {
                "Ref" | "Condition" => self.call(tag, n, n.span, true),
                t if !t.contains('!') && !t.contains(':') => {
                    self.call(&format!("Fn::{t}"), n, n.span, true)
                }
                t => self.bad(n.span, format!("unknown tag `!{t}`"), &format!("tag !{t}")),
            };
        }
        self.eval_kind(n)
    }

    /// Evaluates a node as if it had no tag (its tag names the function being applied).
    fn eval_untagged(&mut self, n: &YNode) -> Out {
        if self.depth >= MAX_DEPTH {
            return self.bad(
                n.span,
                format!("expressions nested deeper than {MAX_DEPTH} levels"),
                "too deeply nested",
            );
        }
        self.depth += 1;
        let out = self.eval_kind(n);
        self.depth -= 1;
        out
    }

    fn eval_kind(&mut self, n: &YNode) -> Out {
        match &n.kind {
            YKind::Scalar(s, plain) => Some(Val::new(scalar_kind(s, *plain), n.span)),
            YKind::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for it in items {
                    if let Some(v) = self.eval(it) {
                        out.push(v);
                    }
                }
                Some(Val::new(ValKind::List(out), n.span))
            }
            YKind::Map(es) => {
                if let [(k, v)] = es.as_slice() {
                    if let Some(name) = k.as_scalar() {
                        if name == "Ref" || name.starts_with("Fn::") {
                            return self.call(name, v, n.span, false);
                        }
                    }
                }
                let mut out = Vec::with_capacity(es.len());
                for (k, v) in es {
                    let Some(key) = k.as_scalar() else {
                        self.error(k.span, "mapping key is not a string");
                        continue;
                    };
                    if let Some(val) = self.eval(v) {
                        out.push(Entry {
                            key: key.to_string(),
                            span: k.span.to(v.span),
                            val,
                        });
                    }
                }
                Some(Val::new(ValKind::Map(out), n.span))
            }
        }
    }

    /// Evaluates to a string (numbers and booleans as written).
    fn eval_sym(&mut self, n: &YNode, what: &str) -> Option<SymStr> {
        let Some(v) = self.eval(n) else {
            self.error(n.span, format!("{what} must not be `AWS::NoValue`"));
            return None;
        };
        match to_sym(&v) {
            Some(s) => Some(s),
            None => {
                self.error(n.span, format!("{what} must be a string"));
                None
            }
        }
    }

    /// `eval_sym` of a function's whole argument (untagged when it is a short form's node).
    fn eval_sym_arg(&mut self, arg: &YNode, short: bool, what: &str) -> Option<SymStr> {
        if !short {
            return self.eval_sym(arg, what);
        }
        let Some(v) = self.eval_untagged(arg) else {
            self.error(arg.span, format!("{what} must not be `AWS::NoValue`"));
            return None;
        };
        match to_sym(&v) {
            Some(s) => Some(s),
            None => {
                self.error(arg.span, format!("{what} must be a string"));
                None
            }
        }
    }

    /// Evaluates to a list; `Err` carries the value to return instead (a hole or error).
    fn eval_list(&mut self, n: &YNode, what: &str) -> Result<Vec<Val>, Out> {
        match self.eval(n) {
            Some(Val {
                kind: ValKind::List(items),
                ..
            }) => Ok(items),
            Some(
                v @ Val {
                    kind: ValKind::Unknown(_),
                    ..
                },
            ) => Err(Some(v)),
            _ => Err(self.bad(n.span, format!("{what} must be a list"), what)),
        }
    }

    fn args<'n>(
        &mut self,
        arg: &'n YNode,
        name: &str,
        min: usize,
        max: usize,
    ) -> Option<&'n [YNode]> {
        match &arg.kind {
            YKind::Seq(items) if items.len() >= min && items.len() <= max => Some(items),
            _ => {
                let n = if min == max {
                    format!("{min}")
                } else {
                    format!("{min} to {max}")
                };
                self.error(arg.span, format!("`{name}` takes a list of {n} arguments"));
                None
            }
        }
    }

    /// Applies an intrinsic. `short` says `arg` is the tagged node of a short form (so its
    /// own tag must not be applied again when it is evaluated as a whole).
    fn call(&mut self, name: &str, arg: &YNode, span: Span, short: bool) -> Out {
        let before = self.diags.len();
        let out = self.call_raw(name, arg, span, short);
        // A function that could not be applied has reported why; its value is a hole
        // (only `AWS::NoValue` removes a key, and it reports nothing).
        if out.is_none() && self.diags.len() > before {
            return Some(Val::unknown(hole(name, HoleClass::Any), span));
        }
        out
    }

    fn call_raw(&mut self, name: &str, arg: &YNode, span: Span, short: bool) -> Out {
        let label = name.to_string();
        match name {
            "Ref" => match arg.as_scalar() {
                Some(target) => self.reference(target, span),
                None => self.bad(arg.span, "`Ref` takes a name", "Ref"),
            },
            "Condition" => match arg.as_scalar() {
                Some(c) => {
                    let t = self.condition(c, arg.span);
                    Some(self.cond_val(t, c, span))
                }
                None => self.bad(arg.span, "`Condition` takes a condition name", "Condition"),
            },
            "Fn::GetAtt" => {
                let (lid, attr) = match &arg.kind {
                    YKind::Scalar(s, _) => match s.split_once('.') {
                        Some((l, a)) => (l.to_string(), SymStr::lit(a)),
                        None => {
                            return self.bad(
                                arg.span,
                                "`Fn::GetAtt` needs `Resource.Attribute`",
                                &label,
                            )
                        }
                    },
                    YKind::Seq(items) => match items.as_slice() {
                        [l, a] => match (l.as_scalar(), self.eval_sym(a, "attribute name")) {
                            (Some(l), Some(a)) => (l.to_string(), a),
                            _ => {
                                return self.bad(
                                    arg.span,
                                    "`Fn::GetAtt` takes a resource and an attribute",
                                    &label,
                                )
                            }
                        },
                        _ => {
                            return self.bad(
                                arg.span,
                                "`Fn::GetAtt` takes a resource and an attribute",
                                &label,
                            )
                        }
                    },
                    YKind::Map(_) => {
                        return self.bad(
                            arg.span,
                            "`Fn::GetAtt` takes a resource and an attribute",
                            &label,
                        )
                    }
                };
                match attr.as_known() {
                    Some(a) => {
                        let a = a.to_string();
                        self.get_att(&lid, &a, span)
                    }
                    None => {
                        if !self.resources.contains_key(lid.as_str()) {
                            return self.bad(
                                arg.span,
                                format!("`Fn::GetAtt` of undefined resource `{lid}`"),
                                &label,
                            );
                        }
                        let addr = self.address(&lid);
                        Some(
                            Val::unknown(hole(format!("{lid}.{attr}"), HoleClass::Any), span)
                                .with_origin(addr, attr.to_string()),
                        )
                    }
                }
            }
            "Fn::Sub" => match &arg.kind {
                YKind::Scalar(s, _) => self.sub(s, arg.span, &BTreeMap::new(), span),
                YKind::Seq(items) => match items.as_slice() {
                    [tpl, vars] => {
                        let Some(s) = tpl.as_scalar() else {
                            return self.bad(
                                tpl.span,
                                "`Fn::Sub` template must be a string",
                                &label,
                            );
                        };
                        let mut map = BTreeMap::new();
                        match vars.as_map() {
                            Some(es) => {
                                for (k, v) in es {
                                    if let (Some(k), Some(val)) = (k.as_scalar(), self.eval(v)) {
                                        map.insert(k.to_string(), val);
                                    }
                                }
                            }
                            None => self.error(vars.span, "`Fn::Sub` variables must be a mapping"),
                        }
                        self.sub(s, tpl.span, &map, span)
                    }
                    _ => self.bad(
                        arg.span,
                        "`Fn::Sub` takes a string or [string, variables]",
                        &label,
                    ),
                },
                YKind::Map(_) => self.bad(
                    arg.span,
                    "`Fn::Sub` takes a string or [string, variables]",
                    &label,
                ),
            },
            "Fn::Join" => {
                let [sep, list] = self.args(arg, name, 2, 2)? else {
                    return None;
                };
                let delim = self.eval_sym(sep, "`Fn::Join` delimiter")?;
                let items = match self.eval_list(list, "`Fn::Join` list") {
                    Ok(items) => items,
                    Err(out) => {
                        return out.map(|v| match v.kind {
                            ValKind::Unknown(h) => Val::unknown(
                                Hole::new(format!("Fn::Join of {}", h.label), HoleClass::Any),
                                span,
                            ),
                            k => Val::new(k, span),
                        })
                    }
                };
                let mut s = SymStr::new();
                for (i, it) in items.iter().enumerate() {
                    if i > 0 {
                        s.append(&delim);
                    }
                    match to_sym(it) {
                        Some(x) => s.append(&x),
                        None => {
                            return self.bad(it.span, "`Fn::Join` items must be strings", &label)
                        }
                    }
                }
                let mut v = Val::str(s, span);
                v.origin = single_origin(&items);
                Some(v)
            }
            "Fn::Select" => {
                let [index, list] = self.args(arg, name, 2, 2)? else {
                    return None;
                };
                let idx = self.eval_sym(index, "`Fn::Select` index")?;
                let items = match self.eval_list(list, "`Fn::Select` list") {
                    Ok(items) => items,
                    Err(_) => {
                        return Some(Val::unknown(
                            hole(
                                format!("Fn::Select {idx} of an unknown list"),
                                HoleClass::Any,
                            ),
                            span,
                        ))
                    }
                };
                match idx.as_known().map(|i| i.trim().parse::<usize>()) {
                    Some(Ok(i)) => match items.into_iter().nth(i) {
                        Some(mut v) => {
                            v.span = span;
                            Some(v)
                        }
                        None => self.bad(
                            index.span,
                            format!("`Fn::Select` index {i} is out of range"),
                            &label,
                        ),
                    },
                    Some(Err(_)) => {
                        self.bad(index.span, "`Fn::Select` index is not a number", &label)
                    }
                    None => Some(Val::unknown(
                        hole(format!("Fn::Select {idx}"), HoleClass::Any),
                        span,
                    )),
                }
            }
            "Fn::Split" => {
                let [sep, source] = self.args(arg, name, 2, 2)? else {
                    return None;
                };
                let delim = self.eval_sym(sep, "`Fn::Split` delimiter")?;
                let src = self.eval_sym(source, "`Fn::Split` string")?;
                match (delim.as_known(), src.as_known()) {
                    (Some(d), Some(s)) if !d.is_empty() => Some(Val::new(
                        ValKind::List(s.split(d).map(|p| Val::str(p, span)).collect()),
                        span,
                    )),
                    (Some(""), _) => self.bad(sep.span, "`Fn::Split` delimiter is empty", &label),
                    _ => Some(Val::unknown(
                        hole(format!("Fn::Split of {src}"), HoleClass::Any),
                        span,
                    )),
                }
            }
            "Fn::If" => {
                let [cond, then, otherwise] = self.args(arg, name, 3, 3)? else {
                    return None;
                };
                let Some(c) = cond.as_scalar() else {
                    return self.bad(cond.span, "`Fn::If` needs a condition name", &label);
                };
                match self.condition(c, cond.span) {
                    Tri::Yes => self.eval(then),
                    Tri::No => self.eval(otherwise),
                    Tri::Maybe => {
                        let x = self.eval(then);
                        let y = self.eval(otherwise);
                        let same = match (&x, &y) {
                            (Some(p), Some(q)) => p.kind == q.kind,
                            (None, None) => true,
                            _ => false,
                        };
                        if same {
                            x
                        } else {
                            Some(Val::unknown(
                                hole(format!("condition {c}"), HoleClass::Any),
                                span,
                            ))
                        }
                    }
                }
            }
            "Fn::Equals" | "Fn::Not" | "Fn::And" | "Fn::Or" => {
                let t = self.cond_fn(name, arg).unwrap_or(Tri::Maybe);
                Some(self.cond_val(t, name, span))
            }
            "Fn::ImportValue" => {
                let n = self.eval_sym_arg(arg, short, "`Fn::ImportValue` name")?;
                Some(Val::unknown(
                    hole(format!("import {n}"), HoleClass::Any),
                    span,
                ))
            }
            "Fn::FindInMap" => self.find_in_map(arg, span),
            "Fn::Base64" => {
                let s = self.eval_sym_arg(arg, short, "`Fn::Base64` argument")?;
                Some(Val::str(s, span))
            }
            "Fn::GetAZs" => Some(Val::unknown(
                hole("availability zones", HoleClass::Any),
                span,
            )),
            "Fn::Cidr" | "Fn::Length" | "Fn::ToJsonString" | "Fn::Transform" => {
                self.unsupported(span, format!("`{name}` is not evaluated"));
                Some(Val::unknown(hole(name, HoleClass::Any), span))
            }
            _ => self.bad(span, format!("unknown intrinsic function `{name}`"), name),
        }
    }

    fn cond_val(&self, t: Tri, name: &str, span: Span) -> Val {
        match t {
            Tri::Yes => Val::new(ValKind::Bool(true), span),
            Tri::No => Val::new(ValKind::Bool(false), span),
            Tri::Maybe => Val::unknown(hole(format!("condition {name}"), HoleClass::Any), span),
        }
    }

    fn reference(&mut self, target: &str, span: Span) -> Out {
        let lit = |s: &str| Some(Val::str(s, span));
        match target {
            "AWS::AccountId" => Some(Val::str(self.account(), span)),
            "AWS::Region" => Some(Val::str(self.region(), span)),
            "AWS::Partition" => Some(Val::str(self.partition(), span)),
            "AWS::URLSuffix" => match self.opts.partition.as_deref() {
                Some("aws-cn") => lit("amazonaws.com.cn"),
                _ => lit("amazonaws.com"),
            },
            "AWS::StackName" => Some(Val::unknown(hole("stack name", HoleClass::Segment), span)),
            "AWS::StackId" => Some(Val::unknown(hole("stack id", HoleClass::Any), span)),
            "AWS::NotificationARNs" => Some(Val::unknown(
                hole("notification ARNs", HoleClass::Any),
                span,
            )),
            "AWS::NoValue" => None,
            _ => {
                if let Some(p) = self.params.get(target).copied() {
                    return Some(self.parameter(target, p, span));
                }
                if self.resources.contains_key(target) {
                    let v = self.resource_ref(target, span);
                    return Some(v.with_origin(self.address(target), "Ref"));
                }
                self.bad(
                    span,
                    format!("`Ref` to undefined name `{target}`"),
                    &format!("Ref {target}"),
                )
            }
        }
    }

    fn parameter(&mut self, name: &str, p: &YNode, span: Span) -> Val {
        let ptype = p.get("Type").and_then(YNode::as_scalar).unwrap_or("String");
        let is_list = ptype.starts_with("List<") || ptype == "CommaDelimitedList";
        let value: Option<String> = match self.opts.parameters.get(name) {
            Some(v) => Some(v.clone()),
            None if ptype.starts_with("AWS::SSM::Parameter::Value") => {
                return Val::unknown(
                    hole(format!("parameter {name} (SSM value)"), HoleClass::Any),
                    span,
                );
            }
            None => match p.get("Default") {
                Some(d) => match &d.kind {
                    YKind::Scalar(s, _) => Some(s.clone()),
                    YKind::Seq(items) if is_list => Some(
                        items
                            .iter()
                            .filter_map(YNode::as_scalar)
                            .collect::<Vec<_>>()
                            .join(","),
                    ),
                    _ => {
                        self.error(
                            d.span,
                            format!("default of parameter `{name}` is not a scalar"),
                        );
                        None
                    }
                },
                None => None,
            },
        };
        match value {
            Some(v) if is_list => Val::new(
                ValKind::List(v.split(',').map(|s| Val::str(s.trim(), span)).collect()),
                span,
            ),
            Some(v) => Val::str(v, span),
            None => Val::unknown(
                hole(format!("parameter {name} (no default)"), HoleClass::Any),
                span,
            ),
        }
    }

    fn rtype(&self, lid: &str) -> &'a str {
        self.resources
            .get(lid)
            .and_then(|r| r.get("Type"))
            .and_then(YNode::as_scalar)
            .unwrap_or("")
    }

    /// The physical name of a resource: its name property, or a hole when
    /// CloudFormation generates it.
    fn name_of(&mut self, lid: &str, span: Span) -> SymStr {
        let generated = || {
            SymStr::hole(hole(
                format!("name CloudFormation generates for {lid}"),
                HoleClass::Segment,
            ))
        };
        let prop = match self.rtype(lid) {
            "AWS::IAM::Role" => "RoleName",
            "AWS::IAM::User" => "UserName",
            "AWS::IAM::Group" => "GroupName",
            "AWS::IAM::ManagedPolicy" => "ManagedPolicyName",
            "AWS::IAM::InstanceProfile" => "InstanceProfileName",
            "AWS::S3::Bucket" => "BucketName",
            "AWS::Logs::LogGroup" => "LogGroupName",
            "AWS::KMS::Alias" => "AliasName",
            "AWS::Lambda::Function" => "FunctionName",
            "AWS::Glue::Job"
            | "AWS::Glue::SecurityConfiguration"
            | "AWS::Glue::Crawler"
            | "AWS::Glue::Trigger" => "Name",
            _ => return generated(),
        };
        let key = format!("{lid}\u{0}name");
        if let Some(v) = self.name_memo.get(&key) {
            return to_sym(v).unwrap_or_else(generated);
        }
        let Some(node) = self
            .resources
            .get(lid)
            .and_then(|r| r.get("Properties"))
            .and_then(|p| p.get(prop))
        else {
            return generated();
        };
        if self.visiting.iter().any(|v| v == &key) {
            self.error(
                span,
                format!("circular reference through the name of `{lid}`"),
            );
            return generated();
        }
        self.visiting.push(key.clone());
        let v = self.eval(node);
        self.visiting.pop();
        let sym = match &v {
            None => return generated(),
            Some(v) => to_sym(v),
        };
        match sym {
            Some(s) => {
                if let Some(v) = v {
                    self.name_memo.insert(key, v);
                }
                s
            }
            None => {
                self.error(node.span, format!("`{prop}` of `{lid}` is not a string"));
                generated()
            }
        }
    }

    /// `Path` of an IAM resource (default `/`).
    fn iam_path(&mut self, lid: &str) -> SymStr {
        let node = self
            .resources
            .get(lid)
            .and_then(|r| r.get("Properties"))
            .and_then(|p| p.get("Path"));
        match node {
            Some(n) => self
                .eval(n)
                .as_ref()
                .and_then(to_sym)
                .unwrap_or_else(|| SymStr::lit("/")),
            None => SymStr::lit("/"),
        }
    }

    fn iam_arn(&mut self, kind: &str, lid: &str, span: Span) -> SymStr {
        let path = self.iam_path(lid);
        let name = self.name_of(lid, span);
        let mut s = SymStr::lit("arn:");
        s.append(&self.partition());
        s.push_str(":iam::");
        s.append(&self.account());
        s.push_str(":");
        s.push_str(kind);
        s.append(&path);
        s.append(&name);
        s
    }

    fn key_id(lid: &str) -> SymStr {
        SymStr::hole(hole(format!("key id of {lid}"), HoleClass::Segment))
    }

    /// What `Ref` returns for a resource.
    fn resource_ref(&mut self, lid: &str, span: Span) -> Val {
        let s = match self.rtype(lid) {
            "AWS::IAM::ManagedPolicy" => self.iam_arn("policy", lid, span),
            "AWS::KMS::Key" => Self::key_id(lid),
            "AWS::IAM::Policy" => SymStr::hole(hole(
                format!("id CloudFormation generates for {lid}"),
                HoleClass::Segment,
            )),
            "AWS::IAM::Role"
            | "AWS::IAM::User"
            | "AWS::IAM::Group"
            | "AWS::IAM::InstanceProfile"
            | "AWS::S3::Bucket"
            | "AWS::Logs::LogGroup"
            | "AWS::KMS::Alias"
            | "AWS::Lambda::Function"
            | "AWS::Glue::Job"
            | "AWS::Glue::SecurityConfiguration"
            | "AWS::Glue::Crawler"
            | "AWS::Glue::Trigger" => self.name_of(lid, span),
            t => SymStr::hole(hole(format!("Ref of {lid} ({t})"), HoleClass::Any)),
        };
        Val::str(s, span)
    }

    fn get_att(&mut self, lid: &str, attr: &str, span: Span) -> Out {
        if !self.resources.contains_key(lid) {
            return self.bad(
                span,
                format!("`Fn::GetAtt` of undefined resource `{lid}`"),
                &format!("{lid}.{attr}"),
            );
        }
        let rtype = self.rtype(lid);
        let other = || SymStr::hole(hole(format!("{lid}.{attr}"), HoleClass::Any));
        let s = match (rtype, attr) {
            ("AWS::IAM::Role", "Arn") => self.iam_arn("role", lid, span),
            ("AWS::IAM::User", "Arn") => self.iam_arn("user", lid, span),
            ("AWS::IAM::Group", "Arn") => self.iam_arn("group", lid, span),
            ("AWS::IAM::InstanceProfile", "Arn") => self.iam_arn("instance-profile", lid, span),
            ("AWS::IAM::ManagedPolicy", "PolicyArn") => self.iam_arn("policy", lid, span),
            ("AWS::IAM::Role", "RoleId")
            | ("AWS::IAM::User", "UserId")
            | ("AWS::IAM::Group", "GroupId") => {
                SymStr::hole(hole(format!("{attr} of {lid}"), HoleClass::Segment))
            }
            ("AWS::S3::Bucket", "Arn") => {
                let mut s = SymStr::lit("arn:");
                s.append(&self.partition());
                s.push_str(":s3:::");
                s.append(&self.name_of(lid, span));
                s
            }
            ("AWS::S3::Bucket", "DomainName") => {
                let mut s = self.name_of(lid, span);
                s.push_str(".s3.amazonaws.com");
                s
            }
            ("AWS::S3::Bucket", "RegionalDomainName") => {
                let mut s = self.name_of(lid, span);
                s.push_str(".s3.");
                s.append(&self.region());
                s.push_str(".amazonaws.com");
                s
            }
            ("AWS::KMS::Key", "Arn") => {
                let mut s = SymStr::lit("arn:");
                s.append(&self.partition());
                s.push_str(":kms:");
                s.append(&self.region());
                s.push_str(":");
                s.append(&self.account());
                s.push_str(":key/");
                s.append(&Self::key_id(lid));
                s
            }
            ("AWS::KMS::Key", "KeyId") => Self::key_id(lid),
            ("AWS::Logs::LogGroup", "Arn") => {
                let mut s = SymStr::lit("arn:");
                s.append(&self.partition());
                s.push_str(":logs:");
                s.append(&self.region());
                s.push_str(":");
                s.append(&self.account());
                s.push_str(":log-group:");
                s.append(&self.name_of(lid, span));
                s.push_str(":*");
                s
            }
            ("AWS::Lambda::Function", "Arn") => {
                let mut s = SymStr::lit("arn:");
                s.append(&self.partition());
                s.push_str(":lambda:");
                s.append(&self.region());
                s.push_str(":");
                s.append(&self.account());
                s.push_str(":function:");
                s.append(&self.name_of(lid, span));
                s
            }
            _ => other(),
        };
        Some(Val::str(s, span).with_origin(self.address(lid), attr))
    }

    fn sub(&mut self, tpl: &str, tpl_span: Span, vars: &BTreeMap<String, Val>, span: Span) -> Out {
        let mut out = SymStr::new();
        let mut parts: Vec<Val> = Vec::new();
        let mut rest = tpl;
        while let Some(i) = rest.find("${") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 2..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[i..]);
                rest = "";
                break;
            };
            let name = &after[..close];
            rest = &after[close + 1..];
            if let Some(lit) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(lit);
                out.push_str("}");
                continue;
            }
            let name = name.trim();
            let v = if let Some(v) = vars.get(name) {
                Some(v.clone())
            } else if let Some((lid, attr)) = name.split_once('.') {
                if self.resources.contains_key(lid) {
                    self.get_att(lid, attr, tpl_span)
                } else {
                    self.bad(
                        tpl_span,
                        format!("`Fn::Sub` refers to undefined resource `{lid}`"),
                        name,
                    )
                }
            } else {
                self.reference(name, tpl_span)
            };
            match v.as_ref().and_then(to_sym) {
                Some(s) => out.append(&s),
                None => {
                    self.error(
                        tpl_span,
                        format!("`Fn::Sub` variable `{name}` is not a string"),
                    );
                    out.push_hole(hole(name, HoleClass::Any));
                }
            }
            if let Some(v) = v {
                parts.push(v);
            }
        }
        out.push_str(rest);
        let mut v = Val::str(out, span);
        v.origin = single_origin(&parts);
        Some(v)
    }

    fn find_in_map(&mut self, arg: &YNode, span: Span) -> Out {
        let a = self.args(arg, "Fn::FindInMap", 3, 4)?;
        let (Some(m0), Some(m1), Some(m2)) = (a.first(), a.get(1), a.get(2)) else {
            return None;
        };
        let map = self.eval_sym(m0, "map name")?;
        let top = self.eval_sym(m1, "top-level key")?;
        let second = self.eval_sym(m2, "second-level key")?;
        let default = a.get(3).and_then(|d| d.get("DefaultValue"));
        let (Some(m), Some(t), Some(s)) = (map.as_known(), top.as_known(), second.as_known())
        else {
            let label = format!("Fn::FindInMap {map} {top} {second}");
            return Some(Val::unknown(hole(label, HoleClass::Any), span));
        };
        let found = self
            .mappings
            .and_then(|ms| ms.get(m))
            .and_then(|x| x.get(t))
            .and_then(|x| x.get(s));
        match (found, default) {
            (Some(node), _) | (None, Some(node)) => {
                let mut v = self.eval(node)?;
                v.span = span;
                Some(v)
            }
            (None, None) => self.bad(
                span,
                format!("`Fn::FindInMap` finds nothing at {m}.{t}.{s}"),
                &format!("Fn::FindInMap {m} {t} {s}"),
            ),
        }
    }

    /// The value of a named condition (memoised; a cycle or an undefined name is an error).
    pub fn condition(&mut self, name: &str, span: Span) -> Tri {
        if let Some(t) = self.cond_memo.get(name) {
            return *t;
        }
        let Some(node) = self.conditions.get(name).copied() else {
            self.error(span, format!("undefined condition `{name}`"));
            return Tri::Maybe;
        };
        let key = format!("condition\u{0}{name}");
        if self.visiting.iter().any(|v| v == &key) {
            self.error(span, format!("condition `{name}` refers to itself"));
            return Tri::Maybe;
        }
        self.visiting.push(key);
        let t = self.eval_cond(node);
        self.visiting.pop();
        self.cond_memo.insert(name.to_string(), t);
        t
    }

    fn eval_cond(&mut self, n: &YNode) -> Tri {
        if self.depth >= MAX_DEPTH {
            self.error(
                n.span,
                format!("conditions nested deeper than {MAX_DEPTH} levels"),
            );
            return Tri::Maybe;
        }
        self.depth += 1;
        let t = self.eval_cond_inner(n);
        self.depth -= 1;
        t
    }

    fn eval_cond_inner(&mut self, n: &YNode) -> Tri {
        let (name, arg): (String, &YNode) = match (&n.tag, &n.kind) {
            (Some(t), _) if t == "Condition" => (t.clone(), n),
            (Some(t), _) => (format!("Fn::{t}"), n),
            (None, YKind::Map(es)) if es.len() == 1 => match es.first() {
                Some((k, v)) => (k.as_scalar().unwrap_or("").to_string(), v),
                None => return Tri::Maybe,
            },
            (None, YKind::Scalar(s, _)) => {
                return match s.as_str() {
                    "true" | "True" | "TRUE" => Tri::Yes,
                    "false" | "False" | "FALSE" => Tri::No,
                    _ => {
                        self.error(n.span, "condition is not a boolean expression");
                        Tri::Maybe
                    }
                }
            }
            _ => {
                self.error(n.span, "condition is not a boolean expression");
                return Tri::Maybe;
            }
        };
        if let Some(t) = self.cond_fn(&name, arg) {
            return t;
        }
        match self.eval(n) {
            Some(Val {
                kind: ValKind::Bool(b),
                ..
            }) => Tri::from_bool(b),
            Some(Val {
                kind: ValKind::Str(s),
                ..
            }) if s.as_known() == Some("true") => Tri::Yes,
            Some(Val {
                kind: ValKind::Str(s),
                ..
            }) if s.as_known() == Some("false") => Tri::No,
            Some(Val {
                kind: ValKind::Unknown(_),
                ..
            }) => Tri::Maybe,
            _ => {
                self.error(n.span, format!("`{name}` is not a condition function"));
                Tri::Maybe
            }
        }
    }

    /// A condition function applied to its argument; `None` when `name` is not one.
    fn cond_fn(&mut self, name: &str, arg: &YNode) -> Option<Tri> {
        let t = match name {
            "Condition" => match arg.as_scalar() {
                Some(c) => self.condition(c, arg.span),
                None => {
                    self.error(arg.span, "`Condition` takes a condition name");
                    Tri::Maybe
                }
            },
            "Fn::Equals" => match self.args(arg, name, 2, 2) {
                Some([a, b]) => match (self.eval(a), self.eval(b)) {
                    (Some(x), Some(y)) => vals_equal(&x, &y),
                    _ => Tri::Maybe,
                },
                _ => Tri::Maybe,
            },
            "Fn::Not" => match self.args(arg, name, 1, 1) {
                Some([a]) => self.eval_cond(a).not(),
                _ => Tri::Maybe,
            },
            "Fn::And" | "Fn::Or" => match self.args(arg, name, 2, 10) {
                Some(items) => {
                    let ts: Vec<Tri> = items.iter().map(|c| self.eval_cond(c)).collect();
                    if name == "Fn::And" {
                        Tri::all(ts)
                    } else {
                        Tri::any(ts)
                    }
                }
                None => Tri::Maybe,
            },
            _ => return None,
        };
        Some(t)
    }
}

/// Types a scalar the way CloudFormation reads YAML: plain `true`/`false`, numbers and
/// `null` are typed; everything quoted is a string.
fn scalar_kind(s: &str, plain: bool) -> ValKind {
    if !plain {
        return ValKind::Str(SymStr::lit(s));
    }
    match s {
        "" | "~" | "null" | "Null" | "NULL" => ValKind::Null,
        "true" | "True" | "TRUE" => ValKind::Bool(true),
        "false" | "False" | "FALSE" => ValKind::Bool(false),
        _ if is_number(s) => ValKind::Num(s.to_string()),
        _ => ValKind::Str(SymStr::lit(s)),
    }
}

fn is_number(s: &str) -> bool {
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    !t.is_empty()
        && t.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '.')
        && t.parse::<f64>().is_ok()
        && !t.ends_with('.')
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
}
