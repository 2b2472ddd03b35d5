//! The CloudFormation loader: YAML and JSON templates (plain, SAM, CDK-synthesised) →
//! `ir::RawResource`s whose `Properties` are evaluated into symbolic values.
//!
//! Intrinsic functions (long and short forms) are evaluated here: `Ref` to parameters,
//! pseudo parameters and resources, `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`, `Fn::Select`,
//! `Fn::Split`, `Fn::If` with `Conditions`, `Fn::ImportValue`, `Fn::FindInMap`,
//! `Fn::Base64`, `Fn::GetAZs`. What is not known before deployment (an account id, a
//! name CloudFormation generates, a parameter without default, an import) becomes a hole
//! whose label says so, never a guess. Values keep the span of the expression at the
//! place it is used, and `Ref`/`Fn::GetAtt` of resources set `Val::origin`.
//!
//! SAM resources (`AWS::Serverless::*`) are kept as they are written: the transform is
//! not applied, so the roles and policies SAM would create implicitly are out of scope.
//! CDK output (`cdk.out/*.template.json`) is a plain template; its metadata is ignored.
//!
//! Each resource's `address` is `<file path>#<LogicalId>`, its `span` runs from the
//! logical id to the end of its mapping, `name_span` is the logical id, and `attrs` is
//! `Properties` (never `Type`, `Condition`, `DependsOn` or `Metadata`). A resource whose
//! `Condition` is known to be false is dropped; one whose condition is unknown is kept.
//! YAML is read with saphyr-parser's event stream (`yaml`), which reports positions in
//! characters; they are converted to byte offsets there.

pub mod yaml;

mod eval;

use std::collections::BTreeMap;

use crate::diag::Diagnostic;
use crate::ir::{LoadOutput, RawResource, Val, ValKind};
use crate::source::{Format, SourceFile, Span};

use yaml::YNode;

/// What is known about the deployment target and the stack's parameter values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CfnOptions {
    pub account_id: Option<String>,
    pub region: Option<String>,
    pub partition: Option<String>,
    /// Parameter values, overriding the template's defaults.
    pub parameters: BTreeMap<String, String>,
}

/// Loads one template. Never fails as a whole: syntax errors are `GL002`, invalid
/// structure `GL003`, and whatever could be read is returned.
pub fn load(file: &SourceFile, opts: &CfnOptions) -> LoadOutput {
    let mut out = LoadOutput::default();
    let root = match yaml::parse(&file.text, file.id) {
        Ok(Some(root)) => root,
        Ok(None) => {
            out.diagnostics.push(Diagnostic::file_error(
                "GL003",
                file.id,
                "template is empty",
            ));
            return out;
        }
        Err(e) => {
            let span = Span::new(file.id, e.offset, e.offset);
            out.diagnostics.push(Diagnostic::error(
                "GL002",
                span,
                format!("syntax error: {}", e.message),
            ));
            return out;
        }
    };
    if root.as_map().is_none() {
        out.diagnostics.push(Diagnostic::error(
            "GL003",
            root.span,
            "template is not a mapping",
        ));
        return out;
    }
    let Some(resources) = root.get("Resources") else {
        out.diagnostics.push(Diagnostic::error(
            "GL003",
            root.span,
            "template has no `Resources` section",
        ));
        return out;
    };
    let Some(entries) = resources.as_map() else {
        out.diagnostics.push(Diagnostic::error(
            "GL003",
            resources.span,
            "`Resources` is not a mapping",
        ));
        return out;
    };

    let mut cx = eval::Ctx::new(file, opts, &root);
    for (key, body) in entries {
        if let Some(r) = load_resource(&mut cx, key, body) {
            out.resources.push(r);
        }
    }
    out.diagnostics.extend(cx.into_diagnostics());
    out
}

fn load_resource(cx: &mut eval::Ctx<'_>, key: &YNode, body: &YNode) -> Option<RawResource> {
    let Some(lid) = key.as_scalar() else {
        cx.error(key.span, "resource logical id is not a string");
        return None;
    };
    if body.as_map().is_none() {
        cx.error(body.span, format!("resource `{lid}` is not a mapping"));
        return None;
    }
    let Some(rtype) = body.get("Type").and_then(YNode::as_scalar) else {
        cx.error(body.span, format!("resource `{lid}` has no string `Type`"));
        return None;
    };
    if let Some(cond) = body.get("Condition") {
        match cond.as_scalar() {
            Some(name) => {
                if cx.condition(name, cond.span).is_no() {
                    return None;
                }
            }
            None => cx.error(cond.span, format!("`Condition` of `{lid}` is not a string")),
        }
    }
    let span = key.span.to(body.span);
    let attrs = match body.get("Properties") {
        None => Val::new(ValKind::Map(Vec::new()), body.span),
        Some(props) if props.as_map().is_none() => {
            cx.error(
                props.span,
                format!("`Properties` of `{lid}` is not a mapping"),
            );
            Val::new(ValKind::Map(Vec::new()), props.span)
        }
        Some(props) => cx
            .eval_top(props)
            .unwrap_or_else(|| Val::new(ValKind::Map(Vec::new()), props.span)),
    };
    Some(RawResource {
        format: Format::CloudFormation,
        rtype: rtype.to_string(),
        address: cx.address(lid),
        name: lid.to_string(),
        span,
        name_span: key.span,
        attrs,
        is_data: false,
        unit: std::sync::Arc::from(cx.path.as_str()),
    })
}
