//! Policy documents: `Node` tree → typed [`Policy`] with pre-compiled patterns.
//!
//! Accepts every legal shape (string-or-list fields, `Statement` as an object or a list,
//! all `Principal` forms, condition values as strings, booleans, numbers or lists). A
//! statement with a wrong type or a missing field produces a [`PolicyError`] with a span
//! and is skipped; the rest of the policy is kept. Patterns are compiled once here.
//! Policy variables (`${aws:username}`, `${key, 'default'}`, `${*}` `${?}` `${$}`) are
//! recognised in Resource/NotResource and condition values only when the policy's
//! Version is 2012-10-17; otherwise `${...}` is literal text, as in AWS.

use super::json::{parse_json, PolicyError, PolicyErrorKind};
use super::node::{Node, NodeKind};
use super::pattern::{Glob, GlobMode, Part};
use super::span::Span;
use super::sym::{Hole, Piece, SymStr};

use super::condition::{Condition, Operator};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Version {
    #[serde(rename = "2012-10-17")]
    V2012_10_17,
    #[serde(rename = "2008-10-17")]
    V2008_10_17,
    #[serde(rename = "absent")]
    Absent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Effect {
    Allow,
    Deny,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub name: String,
    pub version: Version,
    pub statements: Vec<Statement>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// 1-based position in the policy (counting skipped statements too).
    pub index: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    pub principal: Option<PrincipalSpec>,
    /// The principal came from `NotPrincipal`.
    pub principal_negated: bool,
    pub actions: ActionSpec,
    pub resources: ResourceSpec,
    pub conditions: Vec<Condition>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ActionSpec {
    pub patterns: Vec<Pattern>,
    /// `NotAction`.
    pub negated: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResourceSpec {
    pub patterns: Vec<Pattern>,
    /// `NotResource`.
    pub negated: bool,
    /// Neither Resource nor NotResource was given (normal in trust policies).
    pub absent: bool,
}

/// `Principal` / `NotPrincipal`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PrincipalSpec {
    /// `"*"` or `{"AWS": "*"}`.
    pub any: bool,
    pub aws: Vec<SymStr>,
    pub service: Vec<SymStr>,
    pub federated: Vec<SymStr>,
    pub canonical: Vec<SymStr>,
    pub span: Span,
}

/// One piece of a pattern that may contain policy variables.
#[derive(Clone, Debug, PartialEq)]
pub enum Seg {
    /// Text read in the pattern's mode (wildcards active for globs).
    Text(String),
    /// Always literal (`${*}`, `${?}`, `${$}`).
    Lit(String),
    Hole(Hole),
    /// `${key}` or `${key, 'default'}`; `key` is lower-cased.
    Var {
        key: String,
        default: Option<String>,
    },
}

/// A pattern (Action, Resource, a condition value), compiled once.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    /// The text as written (holes shown as `<label>`).
    pub src: SymStr,
    pub span: Span,
    pub mode: GlobMode,
    /// Compiled when the pattern has no policy variable.
    pub glob: Option<Glob>,
    /// The pieces, when the pattern has policy variables (substituted per request).
    pub segs: Vec<Seg>,
}

impl Pattern {
    pub fn new(src: SymStr, span: Span, mode: GlobMode, vars: bool) -> Pattern {
        let segs = if vars { split_vars(&src) } else { Vec::new() };
        if segs
            .iter()
            .any(|s| matches!(s, Seg::Var { .. } | Seg::Lit(_)))
        {
            Pattern {
                src,
                span,
                mode,
                glob: None,
                segs,
            }
        } else {
            let glob = Glob::new(&src, mode);
            Pattern {
                src,
                span,
                mode,
                glob: Some(glob),
                segs: Vec::new(),
            }
        }
    }

    pub fn has_vars(&self) -> bool {
        self.glob.is_none()
    }

    /// Compiles the pattern with variables replaced. `resolve` gives each variable's
    /// value as parts (`None` = no value: the pattern cannot match).
    pub fn substitute<F>(&self, mut resolve: F) -> Option<Glob>
    where
        F: FnMut(&str, Option<&str>) -> Option<SymStr>,
    {
        if let Some(g) = &self.glob {
            return Some(g.clone());
        }
        let mut owned: Vec<SymStr> = Vec::new();
        // First resolve every variable (so the parts can borrow from `owned`).
        for s in &self.segs {
            if let Seg::Var { key, default } = s {
                owned.push(resolve(key, default.as_deref())?);
            }
        }
        let mut parts: Vec<Part<'_>> = Vec::new();
        let mut vi = 0;
        for s in &self.segs {
            match s {
                Seg::Text(t) => parts.push(Part::Text(t)),
                Seg::Lit(t) => parts.push(Part::Literal(t)),
                Seg::Hole(h) => parts.push(Part::Hole(h)),
                Seg::Var { .. } => {
                    if let Some(v) = owned.get(vi) {
                        for p in v.pieces() {
                            match p {
                                Piece::Lit(t) => parts.push(Part::Literal(t)),
                                Piece::Hole(h) => parts.push(Part::Hole(h)),
                            }
                        }
                    }
                    vi += 1;
                }
            }
        }
        Some(Glob::from_parts(&parts, self.mode))
    }
}

/// Splits `${...}` policy variables out of a pattern's literal pieces.
fn split_vars(src: &SymStr) -> Vec<Seg> {
    let mut out = Vec::new();
    for p in src.pieces() {
        match p {
            Piece::Hole(h) => out.push(Seg::Hole(h.clone())),
            Piece::Lit(t) => {
                let mut rest = t.as_str();
                while let Some(pos) = rest.find("${") {
                    let after = rest.get(pos + 2..).unwrap_or("");
                    let Some(close) = after.find('}') else { break };
                    if pos > 0 {
                        out.push(Seg::Text(rest.get(..pos).unwrap_or("").to_string()));
                    }
                    let inner = after.get(..close).unwrap_or("").trim();
                    match inner {
                        "*" | "?" | "$" => out.push(Seg::Lit(inner.to_string())),
                        _ => {
                            let (key, default) = match inner.split_once(',') {
                                Some((k, d)) => {
                                    let d = d.trim();
                                    let d = d
                                        .strip_prefix('\'')
                                        .and_then(|d| d.strip_suffix('\''))
                                        .unwrap_or(d);
                                    (k.trim(), Some(d.to_string()))
                                }
                                None => (inner, None),
                            };
                            out.push(Seg::Var {
                                key: key.to_ascii_lowercase(),
                                default,
                            });
                        }
                    }
                    rest = after.get(close + 1..).unwrap_or("");
                }
                if !rest.is_empty() {
                    out.push(Seg::Text(rest.to_string()));
                }
            }
        }
    }
    out
}

/// Parses policy JSON text (`file` is the caller's file number for spans).
pub fn parse_policy_text(name: &str, text: &str, file: u32) -> (Option<Policy>, Vec<PolicyError>) {
    match parse_json(text, file) {
        Ok(node) => parse_policy_node(name, &node),
        Err(e) => (None, vec![e]),
    }
}

/// Converts a policy tree into a `Policy`. Statements with errors are skipped.
pub fn parse_policy_node(name: &str, node: &Node) -> (Option<Policy>, Vec<PolicyError>) {
    let mut errors = Vec::new();
    let NodeKind::Obj(members) = &node.kind else {
        errors.push(wrong_type("policy document", "an object", node));
        return (None, errors);
    };
    let mut version = Version::Absent;
    if let Some(v) = node.get("Version") {
        match v.as_sym().and_then(SymStr::as_known) {
            Some("2012-10-17") => version = Version::V2012_10_17,
            Some("2008-10-17") => version = Version::V2008_10_17,
            _ => errors.push(PolicyError::new(
                v.span,
                PolicyErrorKind::BadValue {
                    field: "Version".into(),
                    value: show(v),
                },
            )),
        }
    }
    for m in members {
        if !matches!(m.key.as_str(), "Version" | "Id" | "Statement") {
            errors.push(PolicyError::new(
                m.key_span,
                PolicyErrorKind::UnknownElement(m.key.clone()),
            ));
        }
    }
    let mut statements = Vec::new();
    match node.get("Statement") {
        None => errors.push(PolicyError::new(
            node.span,
            PolicyErrorKind::Missing("Statement"),
        )),
        Some(s) => {
            let items: Vec<&Node> = match &s.kind {
                NodeKind::Arr(xs) => xs.iter().collect(),
                NodeKind::Obj(_) => vec![s],
                _ => {
                    errors.push(wrong_type("Statement", "an object or a list", s));
                    Vec::new()
                }
            };
            for (i, st) in items.into_iter().enumerate() {
                match parse_statement(i + 1, st, version) {
                    Ok(stmt) => statements.push(stmt),
                    Err(mut es) => errors.append(&mut es),
                }
            }
        }
    }
    (
        Some(Policy {
            name: name.to_string(),
            version,
            statements,
            span: node.span,
        }),
        errors,
    )
}

fn show(n: &Node) -> String {
    match &n.kind {
        NodeKind::Str(s) => s.to_string(),
        NodeKind::Num(t) => t.clone(),
        NodeKind::Bool(b) => b.to_string(),
        _ => n.type_name().to_string(),
    }
}

fn wrong_type(field: &str, expected: &'static str, n: &Node) -> PolicyError {
    PolicyError::new(
        n.span,
        PolicyErrorKind::WrongType {
            field: field.to_string(),
            expected,
            found: n.type_name(),
        },
    )
}

/// A string or a list of strings (an unknown whole value becomes one hole).
fn str_list(field: &str, n: &Node) -> Result<Vec<(SymStr, Span)>, PolicyError> {
    let one = |x: &Node| -> Result<(SymStr, Span), PolicyError> {
        match &x.kind {
            NodeKind::Str(s) => Ok((s.clone(), x.span)),
            NodeKind::Unknown(h) => Ok((SymStr::hole(h.clone()), x.span)),
            _ => Err(wrong_type(field, "a string or a list of strings", x)),
        }
    };
    match &n.kind {
        NodeKind::Arr(xs) => xs.iter().map(one).collect(),
        _ => one(n).map(|v| vec![v]),
    }
}

/// A condition value list: strings, booleans, numbers (all as text).
fn value_list(field: &str, n: &Node) -> Result<Vec<(SymStr, Span)>, PolicyError> {
    let one = |x: &Node| -> Result<(SymStr, Span), PolicyError> {
        match &x.kind {
            NodeKind::Str(s) => Ok((s.clone(), x.span)),
            NodeKind::Bool(b) => Ok((SymStr::lit(b.to_string()), x.span)),
            NodeKind::Num(t) => Ok((SymStr::lit(t.clone()), x.span)),
            NodeKind::Unknown(h) => Ok((SymStr::hole(h.clone()), x.span)),
            _ => Err(wrong_type(
                field,
                "a string, boolean, number or a list of them",
                x,
            )),
        }
    };
    match &n.kind {
        NodeKind::Arr(xs) => xs.iter().map(one).collect(),
        _ => one(n).map(|v| vec![v]),
    }
}

fn parse_statement(
    index: usize,
    st: &Node,
    version: Version,
) -> Result<Statement, Vec<PolicyError>> {
    let mut errs = Vec::new();
    let NodeKind::Obj(members) = &st.kind else {
        return Err(vec![wrong_type("statement", "an object", st)]);
    };
    for m in members {
        if !matches!(
            m.key.as_str(),
            "Sid"
                | "Effect"
                | "Principal"
                | "NotPrincipal"
                | "Action"
                | "NotAction"
                | "Resource"
                | "NotResource"
                | "Condition"
        ) {
            errs.push(PolicyError::new(
                m.key_span,
                PolicyErrorKind::UnknownElement(m.key.clone()),
            ));
        }
    }
    let vars = version == Version::V2012_10_17;
    let sid = match st.get("Sid") {
        None => None,
        Some(n) => match n.as_sym() {
            Some(s) => Some(s.to_string()),
            None => {
                errs.push(wrong_type("Sid", "a string", n));
                None
            }
        },
    };
    let effect = match st.get("Effect") {
        None => {
            errs.push(PolicyError::new(
                st.span,
                PolicyErrorKind::Missing("Effect"),
            ));
            Effect::Deny
        }
        Some(n) => match n.as_sym().and_then(SymStr::as_known) {
            Some("Allow") => Effect::Allow,
            Some("Deny") => Effect::Deny,
            _ => {
                errs.push(PolicyError::new(
                    n.span,
                    PolicyErrorKind::BadValue {
                        field: "Effect".into(),
                        value: show(n),
                    },
                ));
                Effect::Deny
            }
        },
    };
    // Action / NotAction
    let actions = match (st.get("Action"), st.get("NotAction")) {
        (Some(_), Some(_)) => {
            errs.push(PolicyError::new(
                st.span,
                PolicyErrorKind::Conflict("Action", "NotAction"),
            ));
            None
        }
        (None, None) => {
            errs.push(PolicyError::new(
                st.span,
                PolicyErrorKind::Missing("Action or NotAction"),
            ));
            None
        }
        (a, na) => {
            let (n, negated, field) = match (a, na) {
                (Some(n), _) => (n, false, "Action"),
                (None, n) => (n.unwrap_or(&NULL_NODE), true, "NotAction"),
            };
            match str_list(field, n) {
                Ok(v) => Some(ActionSpec {
                    patterns: v
                        .into_iter()
                        .map(|(s, sp)| Pattern::new(s, sp, GlobMode::ACTION, false))
                        .collect(),
                    negated,
                }),
                Err(e) => {
                    errs.push(e);
                    None
                }
            }
        }
    };
    let resources = match (st.get("Resource"), st.get("NotResource")) {
        (Some(_), Some(_)) => {
            errs.push(PolicyError::new(
                st.span,
                PolicyErrorKind::Conflict("Resource", "NotResource"),
            ));
            None
        }
        (None, None) => Some(ResourceSpec {
            patterns: Vec::new(),
            negated: false,
            absent: true,
        }),
        (r, nr) => {
            let (n, negated, field) = match (r, nr) {
                (Some(n), _) => (n, false, "Resource"),
                (None, n) => (n.unwrap_or(&NULL_NODE), true, "NotResource"),
            };
            match str_list(field, n) {
                Ok(v) => Some(ResourceSpec {
                    patterns: v
                        .into_iter()
                        .map(|(s, sp)| Pattern::new(s, sp, GlobMode::RESOURCE, vars))
                        .collect(),
                    negated,
                    absent: false,
                }),
                Err(e) => {
                    errs.push(e);
                    None
                }
            }
        }
    };
    let (principal, principal_negated) = match (st.get("Principal"), st.get("NotPrincipal")) {
        (Some(_), Some(_)) => {
            errs.push(PolicyError::new(
                st.span,
                PolicyErrorKind::Conflict("Principal", "NotPrincipal"),
            ));
            (None, false)
        }
        (None, None) => (None, false),
        (p, np) => {
            let (n, negated) = match (p, np) {
                (Some(n), _) => (n, false),
                (None, n) => (n.unwrap_or(&NULL_NODE), true),
            };
            match parse_principal(n) {
                Ok(ps) => (Some(ps), negated),
                Err(e) => {
                    errs.push(e);
                    (None, negated)
                }
            }
        }
    };
    let mut conditions = Vec::new();
    if let Some(c) = st.get("Condition") {
        match &c.kind {
            NodeKind::Obj(ops) => {
                for op in ops {
                    let NodeKind::Obj(keys) = &op.value.kind else {
                        errs.push(wrong_type(
                            &format!("Condition operator {}", op.key),
                            "an object",
                            &op.value,
                        ));
                        continue;
                    };
                    let operator = Operator::parse(&op.key);
                    for k in keys {
                        match value_list(&format!("Condition {} {}", op.key, k.key), &k.value) {
                            Ok(vals) => conditions.push(Condition::new(
                                operator.clone(),
                                &k.key,
                                vals,
                                op.key_span.to(k.value.span),
                                vars,
                            )),
                            Err(e) => errs.push(e),
                        }
                    }
                }
            }
            _ => errs.push(wrong_type("Condition", "an object", c)),
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    match (actions, resources) {
        (Some(actions), Some(resources)) => Ok(Statement {
            index,
            sid,
            effect,
            principal,
            principal_negated,
            actions,
            resources,
            conditions,
            span: st.span,
        }),
        _ => Err(vec![PolicyError::new(
            st.span,
            PolicyErrorKind::Missing("valid Action and Resource"),
        )]),
    }
}

fn parse_principal(n: &Node) -> Result<PrincipalSpec, PolicyError> {
    let mut ps = PrincipalSpec {
        span: n.span,
        ..PrincipalSpec::default()
    };
    match &n.kind {
        NodeKind::Str(s) if s.as_known() == Some("*") => {
            ps.any = true;
            Ok(ps)
        }
        NodeKind::Obj(members) => {
            for m in members {
                let vals = str_list(&format!("Principal {}", m.key), &m.value)?;
                let vals: Vec<SymStr> = vals.into_iter().map(|(s, _)| s).collect();
                match m.key.as_str() {
                    "AWS" => {
                        if vals.iter().any(|v| v.as_known() == Some("*")) {
                            ps.any = true;
                        }
                        ps.aws.extend(vals);
                    }
                    "Service" => ps.service.extend(vals),
                    "Federated" => ps.federated.extend(vals),
                    "CanonicalUser" => ps.canonical.extend(vals),
                    _ => {
                        return Err(PolicyError::new(
                            m.key_span,
                            PolicyErrorKind::UnknownElement(format!("Principal {}", m.key)),
                        ))
                    }
                }
            }
            Ok(ps)
        }
        _ => Err(wrong_type("Principal", "\"*\" or an object", n)),
    }
}

static NULL_NODE: Node = Node {
    kind: NodeKind::Null,
    span: Span::NONE,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_every_shape() {
        let t = r#"{"Version":"2012-10-17","Statement":{"Sid":"A","Effect":"Allow","Action":"s3:GetObject",
            "Resource":["arn:aws:s3:::b/${aws:username}/*","arn:aws:s3:::c"],
            "Principal":{"AWS":["123456789012","arn:aws:iam::1:root"],"Service":"glue.amazonaws.com"},
            "Condition":{"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"s3:max-keys":[10,"20"]}}}}"#;
        let (p, e) = parse_policy_text("p", t, 0);
        assert!(e.is_empty(), "{e:?}");
        let p = p.unwrap();
        assert_eq!(p.version, Version::V2012_10_17);
        assert_eq!(p.statements.len(), 1);
        let s = &p.statements[0];
        assert_eq!(s.index, 1);
        assert_eq!(s.sid.as_deref(), Some("A"));
        assert!(s.resources.patterns[0].has_vars());
        assert!(!s.resources.patterns[1].has_vars());
        assert_eq!(s.principal.as_ref().unwrap().aws.len(), 2);
        assert_eq!(s.conditions.len(), 2);
        assert_eq!(s.conditions[1].values.len(), 2);
    }

    #[test]
    fn variables_are_literal_before_2012() {
        let t = r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/${aws:username}"}]}"#;
        let (p, e) = parse_policy_text("p", t, 0);
        assert!(e.is_empty());
        assert!(!p.unwrap().statements[0].resources.patterns[0].has_vars());
    }

    #[test]
    fn bad_statements_are_skipped_with_spans() {
        let t = r#"{"Statement":[{"Effect":"Allow","Action":5,"Resource":"*"},{"Effect":"Maybe","Action":"*","Resource":"*"},
            {"Effect":"Allow","Resource":"*"},{"Effect":"Deny","Action":"*","NotAction":"x","Resource":"*"},
            {"Effect":"Allow","Action":"*","Resource":"*"}, 7]}"#;
        let (p, e) = parse_policy_text("p", t, 3);
        let p = p.unwrap();
        assert_eq!(p.statements.len(), 1);
        assert_eq!(p.statements[0].index, 5);
        assert_eq!(e.len(), 5);
        assert!(e
            .iter()
            .all(|e| e.span.file == 3 && e.span.end > e.span.start));
        assert!(matches!(e[0].kind, PolicyErrorKind::WrongType { .. }));
        let (none, e) = parse_policy_text("p", "[1]", 0);
        assert!(none.is_none() && e.len() == 1);
    }

    #[test]
    fn split_variables() {
        let s = split_vars(&SymStr::lit("a/${aws:UserName}/${*}/${x:y, 'd'}/${open"));
        assert_eq!(
            s,
            vec![
                Seg::Text("a/".into()),
                Seg::Var {
                    key: "aws:username".into(),
                    default: None
                },
                Seg::Text("/".into()),
                Seg::Lit("*".into()),
                Seg::Text("/".into()),
                Seg::Var {
                    key: "x:y".into(),
                    default: Some("d".into())
                },
                Seg::Text("/${open".into()),
            ]
        );
    }
}
