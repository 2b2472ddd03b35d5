//! The Terraform plan loader: `terraform show -json` output → `ir::RawResource`s.
//!
//! Resources come from `planned_values.root_module` and its `child_modules` (recursively);
//! data sources read during planning come from `prior_state.values.root_module`.
//! Values the plan does not know yet (`resource_changes[].change.after_unknown`) become
//! holes labelled `ADDRESS.ATTR (known after apply)`, and when the configuration
//! (`configuration.root_module`, `module_calls.*.module`) shows that such an attribute
//! references another resource, the hole's `Val::origin` names that resource and
//! attribute (module addresses prefixed), so the graph can still link them.
//!
//! Addresses and types are exactly as Terraform prints them, so these resources look the
//! same as those the HCL loader produces. Data source `json` attributes (policy
//! documents) stay `ValKind::Str` of the JSON text.
//!
//! Spans: a plan is large and machine-written, so values are read with serde_json and
//! carry no position of their own. Each resource gets the span of its
//! `"address": "<addr>"` text (first occurrence in `planned_values`), and every value of
//! that resource carries that same span. Mapping back to `.tf` sources is done later.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::diag::Diagnostic;
use crate::iam::{Hole, HoleClass};
use crate::ir::{Entry, LoadOutput, Origin, RawResource, Val, ValKind};
use crate::source::{Format, SourceFile, Span};

/// Deepest nesting of values, modules and expressions that is read.
const MAX_DEPTH: usize = 256;

/// What is known about the deployment target. Plans carry concrete values for nearly
/// everything, so these are accepted for symmetry with the other loaders and are not
/// needed to read a plan today.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanOptions {
    pub account_id: Option<String>,
    pub region: Option<String>,
    pub partition: Option<String>,
}

/// Loads one plan file. Never fails as a whole: malformed JSON is `GL002` with the
/// position serde_json reports, a wrong shape is `GL003`.
pub fn load(file: &SourceFile, _opts: &PlanOptions) -> LoadOutput {
    let mut out = LoadOutput::default();
    let root: Value = match serde_json::from_str(&file.text) {
        Ok(v) => v,
        Err(e) => {
            let off = offset_of(&file.text, e.line(), e.column());
            out.diagnostics.push(Diagnostic::error(
                "GL002",
                Span::new(file.id, off, off),
                format!("plan JSON syntax error: {e}"),
            ));
            return out;
        }
    };
    let Some(root) = root.as_object() else {
        out.diagnostics.push(Diagnostic::file_error(
            "GL003",
            file.id,
            "plan is not a JSON object",
        ));
        return out;
    };
    let mut cx = Loader {
        file,
        spans: address_spans(&file.text, file.id),
        changes: BTreeMap::new(),
        config: BTreeMap::new(),
        diags: Vec::new(),
        seen: BTreeMap::new(),
    };
    if let Some(rc) = root.get("resource_changes") {
        match rc.as_array() {
            Some(items) => {
                for it in items {
                    let addr = it.get("address").and_then(Value::as_str);
                    let unk = it.get("change").and_then(|c| c.get("after_unknown"));
                    if let (Some(a), Some(u)) = (addr, unk) {
                        cx.changes.insert(a.to_string(), u);
                    }
                }
            }
            None => cx.shape(Span::NONE, "`resource_changes` is not a list"),
        }
    }
    if let Some(m) = root.get("configuration").and_then(|c| c.get("root_module")) {
        cx.index_config(m, "", 0);
    }
    match root
        .get("planned_values")
        .and_then(|p| p.get("root_module"))
    {
        Some(m) => cx.module(m, false, 0, &mut out.resources),
        None => cx.shape(Span::NONE, "plan has no `planned_values.root_module`"),
    }
    if let Some(m) = root
        .get("prior_state")
        .and_then(|p| p.get("values"))
        .and_then(|v| v.get("root_module"))
    {
        cx.module(m, true, 0, &mut out.resources);
    }
    out.diagnostics.extend(cx.diags);
    out
}

struct Loader<'a> {
    file: &'a SourceFile,
    spans: BTreeMap<String, (Span, Span)>,
    changes: BTreeMap<String, &'a Value>,
    /// Configuration resources by unindexed address (`module.a.aws_iam_role.r`): their
    /// `expressions`.
    config: BTreeMap<String, &'a Value>,
    diags: Vec<Diagnostic>,
    /// Addresses already loaded (planned values win over prior state).
    seen: BTreeMap<String, ()>,
}

impl<'a> Loader<'a> {
    fn shape(&mut self, span: Span, msg: impl Into<String>) {
        let d = if span.is_none() {
            Diagnostic::file_error("GL003", self.file.id, msg)
        } else {
            Diagnostic::error("GL003", span, msg)
        };
        self.diags.push(d);
    }

    fn index_config(&mut self, m: &'a Value, prefix: &str, depth: usize) {
        if depth > MAX_DEPTH {
            self.shape(Span::NONE, "configuration modules nested too deeply");
            return;
        }
        if let Some(rs) = m.get("resources").and_then(Value::as_array) {
            for r in rs {
                let (Some(addr), Some(ex)) = (
                    r.get("address").and_then(Value::as_str),
                    r.get("expressions"),
                ) else {
                    continue;
                };
                self.config.insert(format!("{prefix}{addr}"), ex);
            }
        }
        if let Some(calls) = m.get("module_calls").and_then(Value::as_object) {
            for (name, call) in calls {
                if let Some(sub) = call.get("module") {
                    self.index_config(sub, &format!("{prefix}module.{name}."), depth + 1);
                }
            }
        }
    }

    fn module(&mut self, m: &'a Value, data_only: bool, depth: usize, out: &mut Vec<RawResource>) {
        if depth > MAX_DEPTH {
            self.shape(Span::NONE, "modules nested too deeply");
            return;
        }
        match m.get("resources") {
            None => {}
            Some(Value::Array(rs)) => {
                for r in rs {
                    if let Some(res) = self.resource(r, data_only) {
                        out.push(res);
                    }
                }
            }
            Some(_) => self.shape(Span::NONE, "`resources` of a module is not a list"),
        }
        match m.get("child_modules") {
            None => {}
            Some(Value::Array(cs)) => {
                for c in cs {
                    self.module(c, data_only, depth + 1, out);
                }
            }
            Some(_) => self.shape(Span::NONE, "`child_modules` is not a list"),
        }
    }

    fn resource(&mut self, r: &'a Value, data_only: bool) -> Option<RawResource> {
        let addr = r.get("address").and_then(Value::as_str);
        let rtype = r.get("type").and_then(Value::as_str);
        let name = r.get("name").and_then(Value::as_str);
        let (Some(addr), Some(rtype), Some(name)) = (addr, rtype, name) else {
            let span = addr
                .and_then(|a| self.spans.get(a))
                .map(|s| s.0)
                .unwrap_or(Span::NONE);
            self.shape(span, "plan resource lacks `address`, `type` or `name`");
            return None;
        };
        let is_data = r.get("mode").and_then(Value::as_str) == Some("data");
        if (data_only && !is_data) || self.seen.contains_key(addr) {
            return None;
        }
        self.seen.insert(addr.to_string(), ());
        let (span, name_span) = self
            .spans
            .get(addr)
            .copied()
            .unwrap_or((Span::NONE, Span::NONE));
        let mut attrs = match r.get("values") {
            Some(v @ Value::Object(_)) => to_val(v, span, 0),
            None | Some(Value::Null) => Val::new(ValKind::Map(Vec::new()), span),
            Some(_) => {
                self.shape(span, format!("`values` of `{addr}` is not an object"));
                Val::new(ValKind::Map(Vec::new()), span)
            }
        };
        if let Some(unk) = self.changes.get(addr).copied() {
            overlay_unknown(&mut attrs, unk, addr, span, 0);
        }
        let module_prefix = module_prefix(addr, rtype, name, is_data);
        let key = format!(
            "{}{}",
            strip_indices(&module_prefix),
            config_local(rtype, name, is_data)
        );
        if let Some(ex) = self.config.get(&key).copied() {
            set_origins(&mut attrs, ex, &module_prefix, 0);
        }
        Some(RawResource {
            format: Format::Plan,
            rtype: rtype.to_string(),
            address: addr.to_string(),
            name: name.to_string(),
            span,
            name_span,
            attrs,
            is_data,
            unit: std::sync::Arc::from(
                self.file.path.to_string_lossy().replace('\\', "/").as_str(),
            ),
        })
    }
}

fn config_local(rtype: &str, name: &str, is_data: bool) -> String {
    if is_data {
        format!("data.{rtype}.{name}")
    } else {
        format!("{rtype}.{name}")
    }
}

/// The module part of an address, with its trailing dot: `module.a["x"].` for
/// `module.a["x"].aws_iam_role.r[0]`, empty at the root.
fn module_prefix(addr: &str, rtype: &str, name: &str, is_data: bool) -> String {
    let local = config_local(rtype, name, is_data);
    let needle = format!(".{local}");
    if addr.starts_with(&local) {
        return String::new();
    }
    match addr.rfind(&needle) {
        Some(i) => addr.get(..=i).unwrap_or("").to_string(),
        None => String::new(),
    }
}

/// `module.a["x"].module.b[0].` → `module.a.module.b.` (config addresses have no keys).
fn strip_indices(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    let mut in_str = false;
    let mut esc = false;
    for c in s.chars() {
        if in_str {
            if esc {
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '"' if depth > 0 => in_str = true,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// JSON → `Val`, every node with the resource's span.
fn to_val(v: &Value, span: Span, depth: usize) -> Val {
    if depth > MAX_DEPTH {
        return Val::unknown(Hole::new("value nested too deeply", HoleClass::Any), span);
    }
    let kind = match v {
        Value::Null => ValKind::Null,
        Value::Bool(b) => ValKind::Bool(*b),
        Value::Number(n) => ValKind::Num(n.to_string()),
        Value::String(s) => ValKind::Str(s.as_str().into()),
        Value::Array(items) => {
            ValKind::List(items.iter().map(|i| to_val(i, span, depth + 1)).collect())
        }
        Value::Object(m) => ValKind::Map(
            m.iter()
                .map(|(k, v)| Entry {
                    key: k.clone(),
                    span,
                    val: to_val(v, span, depth + 1),
                })
                .collect(),
        ),
    };
    Val::new(kind, span)
}

fn truthy(u: &Value) -> bool {
    match u {
        Value::Bool(b) => *b,
        Value::Array(a) => a.iter().any(truthy),
        Value::Object(m) => m.values().any(truthy),
        _ => false,
    }
}

/// Marks what `after_unknown` says is unknown: `true` replaces the value with a hole,
/// objects and arrays descend (creating missing entries, which the plan omits).
fn overlay_unknown(v: &mut Val, u: &Value, path: &str, span: Span, depth: usize) {
    if depth > MAX_DEPTH || !truthy(u) {
        return;
    }
    match u {
        Value::Bool(true) => {
            let origin = v.origin.take();
            *v = Val::unknown(
                Hole::new(format!("{path} (known after apply)"), HoleClass::Any),
                span,
            );
            v.origin = origin;
        }
        Value::Object(m) => {
            if !matches!(v.kind, ValKind::Map(_)) {
                *v = Val::new(ValKind::Map(Vec::new()), span);
            }
            if let ValKind::Map(es) = &mut v.kind {
                for (k, sub) in m {
                    if !truthy(sub) {
                        continue;
                    }
                    let i = match es.iter().position(|e| &e.key == k) {
                        Some(i) => i,
                        None => {
                            es.push(Entry {
                                key: k.clone(),
                                span,
                                val: Val::null(span),
                            });
                            es.len() - 1
                        }
                    };
                    if let Some(e) = es.get_mut(i) {
                        overlay_unknown(&mut e.val, sub, &format!("{path}.{k}"), span, depth + 1);
                    }
                }
            }
        }
        Value::Array(a) => {
            if !matches!(v.kind, ValKind::List(_)) {
                *v = Val::new(ValKind::List(Vec::new()), span);
            }
            if let ValKind::List(items) = &mut v.kind {
                for (i, sub) in a.iter().enumerate() {
                    if !truthy(sub) {
                        continue;
                    }
                    while items.len() <= i {
                        items.push(Val::null(span));
                    }
                    if let Some(item) = items.get_mut(i) {
                        overlay_unknown(item, sub, &format!("{path}[{i}]"), span, depth + 1);
                    }
                }
            }
        }
        _ => {}
    }
}

/// The resource attribute a configuration reference names, if it names a resource or
/// data source: `aws_iam_role.etl.arn` → (`aws_iam_role.etl`, `arn`).
fn parse_reference(r: &str, module_prefix: &str) -> Option<(String, Option<String>)> {
    let parts: Vec<&str> = split_reference(r);
    let n = match parts.first() {
        Some(&"data") => 3,
        Some(first) => {
            let head = first.split('[').next().unwrap_or("");
            if matches!(
                head,
                "var" | "local" | "module" | "each" | "count" | "path" | "terraform" | "self"
            ) || !head.contains('_')
            {
                return None;
            }
            2
        }
        None => return None,
    };
    if parts.len() < n {
        return None;
    }
    let addr = format!("{module_prefix}{}", parts.get(..n)?.join("."));
    let attr = parts
        .get(n)
        .map(|a| a.split('[').next().unwrap_or(a).to_string());
    Some((addr, attr))
}

/// Splits a reference on dots outside brackets and quotes.
fn split_reference(r: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut in_str = false;
    let mut start = 0usize;
    for (i, c) in r.char_indices() {
        match c {
            '"' if depth > 0 => in_str = !in_str,
            '[' if !in_str => depth += 1,
            ']' if !in_str => depth = depth.saturating_sub(1),
            '.' if depth == 0 && !in_str => {
                parts.push(&r[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&r[start..]);
    parts
}

fn origin_from(refs: &[Value], module_prefix: &str) -> Option<Origin> {
    let parsed: Vec<(String, Option<String>)> = refs
        .iter()
        .filter_map(Value::as_str)
        .filter_map(|r| parse_reference(r, module_prefix))
        .collect();
    parsed.iter().find_map(|(a, attr)| {
        attr.as_ref().map(|t| Origin {
            address: a.clone(),
            attr: t.clone(),
        })
    })
}

fn is_leaf_expr(m: &Map<String, Value>) -> bool {
    m.contains_key("references") || m.contains_key("constant_value")
}

/// Sets `origin` on unknown values whose configuration expression references a resource.
fn set_origins(v: &mut Val, ex: &Value, module_prefix: &str, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match ex {
        Value::Object(m) if is_leaf_expr(m) => {
            let unknown = matches!(v.kind, ValKind::Unknown(_));
            if unknown && v.origin.is_none() {
                if let Some(Value::Array(refs)) = m.get("references") {
                    v.origin = origin_from(refs, module_prefix).map(Arc::new);
                }
            }
        }
        Value::Object(m) => {
            if let ValKind::Map(es) = &mut v.kind {
                for e in es.iter_mut() {
                    if let Some(sub) = m.get(&e.key) {
                        set_origins(&mut e.val, sub, module_prefix, depth + 1);
                    }
                }
            }
        }
        Value::Array(blocks) => {
            if let ValKind::List(items) = &mut v.kind {
                for (item, b) in items.iter_mut().zip(blocks) {
                    set_origins(item, b, module_prefix, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// Byte offset of serde_json's 1-based line and column (columns count bytes).
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut start = 0usize;
    if line > 1 {
        let mut seen = 1usize;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                seen += 1;
                if seen == line {
                    start = i + 1;
                    break;
                }
            }
        }
    }
    (start + col.saturating_sub(1)).min(text.len())
}

/// One pass over the text: for each `"address": "<addr>"`, its span and the span of the
/// value string, first occurrence in `planned_values` preferred.
fn address_spans(text: &str, file: u32) -> BTreeMap<String, (Span, Span)> {
    let pv = text.find("\"planned_values\"").unwrap_or(0);
    let mut out: BTreeMap<String, (Span, Span, bool)> = BTreeMap::new();
    let key = "\"address\"";
    let bytes = text.as_bytes();
    let mut from = 0usize;
    while let Some(rel) = text.get(from..).and_then(|t| t.find(key)) {
        let kstart = from + rel;
        from = kstart + key.len();
        let mut i = from;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if bytes.get(i) != Some(&b':') {
            continue;
        }
        i += 1;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'"') {
            continue;
        }
        let vstart = i;
        let mut j = i + 1;
        while let Some(&c) = bytes.get(j) {
            match c {
                b'\\' => j += 2,
                b'"' => break,
                _ => j += 1,
            }
        }
        let vend = (j + 1).min(text.len());
        let Some(raw) = text.get(vstart..vend) else {
            continue;
        };
        let Ok(addr) = serde_json::from_str::<String>(raw) else {
            continue;
        };
        from = vend;
        let in_pv = kstart >= pv;
        let spans = (
            Span::new(file, kstart, vend),
            Span::new(file, vstart, vend),
            in_pv,
        );
        match out.get(&addr) {
            Some((_, _, true)) => {}
            Some((_, _, false)) if !in_pv => {}
            _ => {
                out.insert(addr, spans);
            }
        }
    }
    out.into_iter().map(|(k, (a, b, _))| (k, (a, b))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_parse_to_resource_attributes() {
        assert_eq!(
            parse_reference("aws_iam_role.etl.arn", ""),
            Some(("aws_iam_role.etl".into(), Some("arn".into())))
        );
        assert_eq!(
            parse_reference("aws_iam_role.etl", "module.m."),
            Some(("module.m.aws_iam_role.etl".into(), None))
        );
        assert_eq!(
            parse_reference("data.aws_iam_policy_document.d.json", ""),
            Some(("data.aws_iam_policy_document.d".into(), Some("json".into())))
        );
        assert_eq!(
            parse_reference("aws_iam_role.r[\"a.b\"].arn", ""),
            Some(("aws_iam_role.r[\"a.b\"]".into(), Some("arn".into())))
        );
        assert_eq!(parse_reference("var.role_arn", ""), None);
        assert_eq!(parse_reference("module.etl.role_arn", ""), None);
        assert_eq!(parse_reference("local.x", ""), None);
    }

    #[test]
    fn module_prefixes_and_indices() {
        assert_eq!(
            module_prefix(
                "module.a[\"x\"].aws_iam_role.r[0]",
                "aws_iam_role",
                "r",
                false
            ),
            "module.a[\"x\"]."
        );
        assert_eq!(
            module_prefix("aws_iam_role.r", "aws_iam_role", "r", false),
            ""
        );
        assert_eq!(
            module_prefix(
                "module.a.data.aws_iam_policy_document.d",
                "aws_iam_policy_document",
                "d",
                true
            ),
            "module.a."
        );
        assert_eq!(
            strip_indices("module.a[\"x]\"].module.b[0]."),
            "module.a.module.b."
        );
    }

    #[test]
    fn address_spans_prefer_planned_values() {
        let text = r#"{"resource_changes":[{"address":"a.b"}],"planned_values":{"x":{"address" : "a.b"}}}"#;
        let spans = address_spans(text, 0);
        let (s, v) = spans["a.b"];
        assert_eq!(
            &text[s.start as usize..s.end as usize],
            r#""address" : "a.b""#
        );
        assert_eq!(&text[v.start as usize..v.end as usize], r#""a.b""#);
        assert!(s.start as usize > text.find("planned_values").unwrap());
    }

    #[test]
    fn serde_positions_become_offsets() {
        assert_eq!(offset_of("ab\ncd", 2, 2), 4);
        assert_eq!(offset_of("ab", 1, 1), 0);
        assert_eq!(offset_of("ab", 9, 9), 2);
    }
}
