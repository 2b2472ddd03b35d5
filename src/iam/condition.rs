//! Condition operators and their evaluation against a request context, three-valued.
//!
//! Rules implemented (AWS documentation on condition operators and multivalued keys):
//! * several operators and several keys in one `Condition` are AND'ed; several values of
//!   one key are OR'ed (for negated operators: the value must match none of them);
//! * a missing key: `...IfExists` → true, negated operators (`StringNotEquals`,
//!   `NotIpAddress`, `ArnNotLike`, ...) → true, `Null` decides on presence, everything
//!   else → false;
//! * `ForAllValues:` → true when the key is missing or empty, else every request value
//!   must satisfy the operator; `ForAnyValue:` → false when missing (also with
//!   `IfExists`, as the reference simulator does), else some value must satisfy it;
//! * without a set operator and several request values: a positive operator needs some
//!   value to match, a negated one needs no value to match;
//! * an unknown operator never matches (the trace says so);
//! * an `Unknown` key, a hole in a value, or a policy variable whose key is unknown gives
//!   `Maybe`; [`Condition::explain`] lists the unknowns that decide.
//!
//! Dates accept ISO 8601 (`2026-01-01`, `2026-01-01T10:00:00Z`, offsets) and epoch seconds
//! on either side. `IpAddress 0.0.0.0/0` matches every IPv4 address.

use std::net::IpAddr;

use ipnet::IpNet;

use super::pattern::{Glob, GlobMode};
use super::policy::Pattern;
use super::request::{Context, CtxRef};
use super::span::Span;
use super::sym::{Hole, HoleClass, SymStr, Tri};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum SetOp {
    None,
    ForAnyValue,
    ForAllValues,
}

/// The base operator, without `IfExists` and set prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Base {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
    Unknown,
}

const BASES: &[(&str, Base)] = &[
    ("stringequals", Base::StringEquals),
    ("stringnotequals", Base::StringNotEquals),
    ("stringequalsignorecase", Base::StringEqualsIgnoreCase),
    ("stringnotequalsignorecase", Base::StringNotEqualsIgnoreCase),
    ("stringlike", Base::StringLike),
    ("stringnotlike", Base::StringNotLike),
    ("numericequals", Base::NumericEquals),
    ("numericnotequals", Base::NumericNotEquals),
    ("numericlessthan", Base::NumericLessThan),
    ("numericlessthanequals", Base::NumericLessThanEquals),
    ("numericgreaterthan", Base::NumericGreaterThan),
    ("numericgreaterthanequals", Base::NumericGreaterThanEquals),
    ("dateequals", Base::DateEquals),
    ("datenotequals", Base::DateNotEquals),
    ("datelessthan", Base::DateLessThan),
    ("datelessthanequals", Base::DateLessThanEquals),
    ("dategreaterthan", Base::DateGreaterThan),
    ("dategreaterthanequals", Base::DateGreaterThanEquals),
    ("bool", Base::Bool),
    ("binaryequals", Base::BinaryEquals),
    ("ipaddress", Base::IpAddress),
    ("notipaddress", Base::NotIpAddress),
    ("arnequals", Base::ArnEquals),
    ("arnlike", Base::ArnLike),
    ("arnnotequals", Base::ArnNotEquals),
    ("arnnotlike", Base::ArnNotLike),
    ("null", Base::Null),
];

impl Base {
    /// Negated operators: true on a missing key, and "matches none of the values".
    pub fn negated(self) -> bool {
        matches!(
            self,
            Base::StringNotEquals
                | Base::StringNotEqualsIgnoreCase
                | Base::StringNotLike
                | Base::NumericNotEquals
                | Base::DateNotEquals
                | Base::NotIpAddress
                | Base::ArnNotEquals
                | Base::ArnNotLike
        )
    }

    fn string_mode(self) -> Option<GlobMode> {
        match self {
            Base::StringEquals | Base::StringNotEquals | Base::BinaryEquals => {
                Some(GlobMode::LITERAL)
            }
            Base::StringEqualsIgnoreCase | Base::StringNotEqualsIgnoreCase => {
                Some(GlobMode::LITERAL_CI)
            }
            Base::StringLike | Base::StringNotLike => Some(GlobMode::LIKE),
            Base::ArnEquals | Base::ArnLike | Base::ArnNotEquals | Base::ArnNotLike => {
                Some(GlobMode::ARN)
            }
            _ => None,
        }
    }
}

/// A condition operator as written (`ForAllValues:StringLikeIfExists`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Operator {
    pub name: String,
    pub base: Base,
    pub if_exists: bool,
    pub set: SetOp,
}

impl Operator {
    pub fn parse(name: &str) -> Operator {
        let lower = name.to_ascii_lowercase();
        let (set, rest) = if let Some(r) = lower.strip_prefix("foranyvalue:") {
            (SetOp::ForAnyValue, r)
        } else if let Some(r) = lower.strip_prefix("forallvalues:") {
            (SetOp::ForAllValues, r)
        } else {
            (SetOp::None, lower.as_str())
        };
        let (if_exists, rest) = match rest.strip_suffix("ifexists") {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let base = BASES
            .iter()
            .find(|(n, _)| *n == rest)
            .map_or(Base::Unknown, |(_, b)| *b);
        Operator {
            name: name.to_string(),
            base,
            if_exists,
            set,
        }
    }
}

/// One `operator: {key: values}` entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub op: Operator,
    /// The key as written.
    pub key: String,
    /// Lower-cased key (context lookups).
    pub key_lc: String,
    pub values: Vec<Pattern>,
    pub span: Span,
}

/// The result of a condition with the text that explains it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CondOutcome {
    pub result: Tri,
    pub reason: String,
    /// For `Maybe`: the unknown keys or values that decide.
    pub deciding: Vec<String>,
}

impl Condition {
    pub fn new(
        op: Operator,
        key: &str,
        values: Vec<(SymStr, Span)>,
        span: Span,
        vars: bool,
    ) -> Condition {
        let mode = op.base.string_mode();
        let values = values
            .into_iter()
            .map(|(s, sp)| match mode {
                Some(m) => Pattern::new(s, sp, m, vars),
                None => Pattern::new(s, sp, GlobMode::LITERAL, false),
            })
            .collect();
        Condition {
            key_lc: key.to_ascii_lowercase(),
            key: key.to_string(),
            op,
            values,
            span,
        }
    }

    /// Evaluates the condition against a context.
    pub fn eval(&self, ctx: &Context) -> Tri {
        let base = self.op.base;
        if base == Base::Unknown {
            return Tri::No;
        }
        let got = ctx.get(&self.key_lc);
        if base == Base::Null {
            let present = match got {
                CtxRef::Unknown => return Tri::Maybe,
                CtxRef::Absent => false,
                // An empty list is a present key (as the reference simulator reads it).
                CtxRef::Values(_) => true,
            };
            return Tri::any(self.values.iter().map(|p| {
                match p.src.as_known().map(str::to_ascii_lowercase).as_deref() {
                    Some("true") => Tri::from_bool(!present),
                    Some("false") => Tri::from_bool(present),
                    Some(_) => Tri::No,
                    None => Tri::Maybe,
                }
            }));
        }
        let vals: &[SymStr] = match got {
            CtxRef::Unknown => return Tri::Maybe,
            CtxRef::Absent => &[],
            CtxRef::Values(v) => v,
        };
        let negated = base.negated();
        if vals.is_empty() {
            return match self.op.set {
                SetOp::ForAllValues => Tri::Yes,
                SetOp::ForAnyValue => Tri::No,
                SetOp::None => Tri::from_bool(self.op.if_exists || negated),
            };
        }
        // ARN operators on values that are not ARNs never match, negated or not.
        if matches!(
            base,
            Base::ArnEquals | Base::ArnLike | Base::ArnNotEquals | Base::ArnNotLike
        ) && (self.values.iter().any(|p| not_arn(&p.src)) || vals.iter().any(not_arn))
        {
            return Tri::No;
        }
        // Substitute policy variables once per evaluation.
        let globs: Vec<Option<Glob>>;
        let compiled: Option<&[Option<Glob>]> = if self.values.iter().any(Pattern::has_vars) {
            globs = self
                .values
                .iter()
                .map(|p| p.substitute(|k, d| resolve_var(ctx, k, d)))
                .collect();
            Some(&globs)
        } else {
            None
        };
        let base_match = |v: &SymStr| -> Tri {
            Tri::any(self.values.iter().enumerate().map(|(i, p)| {
                let glob = match compiled {
                    Some(gs) => match gs.get(i) {
                        Some(Some(g)) => Some(g),
                        _ => return Tri::No,
                    },
                    None => p.glob.as_ref(),
                };
                match_value(base, v, p, glob)
            }))
        };
        match self.op.set {
            SetOp::None => {
                // A single-valued operator on a multivalued key never matches (AWS asks for
                // a set operator; the reference simulator answers false, negated or not).
                if is_multivalued_key(&self.key_lc) {
                    return Tri::No;
                }
                let any = Tri::any(vals.iter().map(base_match));
                if negated {
                    any.not()
                } else {
                    any
                }
            }
            SetOp::ForAnyValue => Tri::any(vals.iter().map(|v| sat(base_match(v), negated))),
            SetOp::ForAllValues => Tri::all(vals.iter().map(|v| sat(base_match(v), negated))),
        }
    }

    /// Evaluates and explains the condition.
    pub fn explain(&self, ctx: &Context) -> CondOutcome {
        let result = self.eval(ctx);
        let got = ctx.get(&self.key_lc);
        let want: Vec<String> = self.values.iter().map(|p| p.src.to_string()).collect();
        let want = if want.len() == 1 {
            want.join("")
        } else {
            format!("[{}]", want.join(", "))
        };
        let mut deciding = Vec::new();
        let have = match got {
            CtxRef::Unknown => {
                deciding.push(self.key.clone());
                "not fixed".to_string()
            }
            CtxRef::Absent => "absent".to_string(),
            CtxRef::Values(v) => {
                for s in v {
                    for h in s.holes() {
                        deciding.push(h.label.to_string());
                    }
                }
                let t: Vec<String> = v.iter().map(ToString::to_string).collect();
                if t.len() == 1 {
                    t.join("")
                } else {
                    format!("[{}]", t.join(", "))
                }
            }
        };
        if result == Tri::Maybe {
            for p in &self.values {
                for h in p.src.holes() {
                    deciding.push(h.label.to_string());
                }
                for s in &p.segs {
                    if let super::policy::Seg::Var { key, .. } = s {
                        if ctx.get(key) == CtxRef::Unknown {
                            deciding.push(key.clone());
                        }
                    }
                }
            }
        } else {
            deciding.clear();
        }
        deciding.sort();
        deciding.dedup();
        let op = &self.op.name;
        let key = &self.key;
        let reason = if self.op.base == Base::Unknown {
            format!("condition operator {op} is not known: the condition never matches")
        } else {
            let b = self.op.base;
            let absent = matches!(got, CtxRef::Absent);
            let head = format!("condition {op} {key}:");
            match result {
                Tri::Yes => format!("{head} {have} satisfies {want}"),
                // "not fixed may match false": the wording findings already quote.
                Tri::Maybe => format!("{head} {have} may match {want}"),
                Tri::No if absent => format!("{head} the key is absent"),
                Tri::No if b.negated() => format!("{head} {have} matches the excluded {want}"),
                Tri::No => match b {
                    Base::StringEquals
                    | Base::StringEqualsIgnoreCase
                    | Base::Bool
                    | Base::ArnEquals
                    | Base::BinaryEquals
                    | Base::NumericEquals
                    | Base::DateEquals => format!("{head} {want} ≠ {have}"),
                    Base::StringLike | Base::ArnLike => {
                        format!("{head} {have} does not match {want}")
                    }
                    Base::IpAddress => format!("{head} {have} is not in {want}"),
                    Base::Null => format!("{head} the key's presence does not satisfy {want}"),
                    _ => format!("{head} {have} does not satisfy {want}"),
                },
            }
        };
        CondOutcome {
            result,
            reason,
            deciding,
        }
    }
}

/// Global and service keys that AWS documents as multivalued (sets).
pub fn is_multivalued_key(key_lc: &str) -> bool {
    matches!(
        key_lc,
        "aws:tagkeys"
            | "aws:calledvia"
            | "aws:principalorgpaths"
            | "aws:principalservicenameslist"
            | "kms:encryptioncontextkeys"
            | "kms:grantoperations"
            | "dynamodb:attributes"
            | "dynamodb:leadingkeys"
    )
}

/// A known value that cannot be an ARN (`arn:` and at least five colons).
fn not_arn(s: &SymStr) -> bool {
    match s.as_known() {
        Some(k) => !(k.starts_with("arn:") && k.matches(':').count() >= 5),
        None => false,
    }
}

fn sat(t: Tri, negated: bool) -> Tri {
    if negated {
        t.not()
    } else {
        t
    }
}

/// A policy variable's value: the context key's (first) value, the default when absent,
/// a hole when unknown, `None` when absent without default.
fn resolve_var(ctx: &Context, key: &str, default: Option<&str>) -> Option<SymStr> {
    match ctx.get(key) {
        CtxRef::Values(v) => v.first().cloned().or_else(|| default.map(SymStr::lit)),
        CtxRef::Absent => default.map(SymStr::lit),
        CtxRef::Unknown => Some(SymStr::hole(Hole::new(
            format!("value of {key}"),
            HoleClass::Any,
        ))),
    }
}

/// Whether a request value matches one policy value under the positive form of `base`.
fn match_value(base: Base, v: &SymStr, p: &Pattern, glob: Option<&Glob>) -> Tri {
    if base.string_mode().is_some() {
        return match glob {
            Some(g) => g.matches(v),
            None => Tri::No,
        };
    }
    let (Some(a), Some(b)) = (v.as_known(), p.src.as_known()) else {
        return Tri::Maybe;
    };
    match base {
        Base::NumericEquals
        | Base::NumericNotEquals
        | Base::NumericLessThan
        | Base::NumericLessThanEquals
        | Base::NumericGreaterThan
        | Base::NumericGreaterThanEquals => {
            match (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
                (Ok(x), Ok(y)) => Tri::from_bool(compare(base, x, y)),
                _ => Tri::No,
            }
        }
        Base::DateEquals
        | Base::DateNotEquals
        | Base::DateLessThan
        | Base::DateLessThanEquals
        | Base::DateGreaterThan
        | Base::DateGreaterThanEquals => match (parse_date(a), parse_date(b)) {
            (Some(x), Some(y)) => Tri::from_bool(compare(base, x, y)),
            _ => Tri::No,
        },
        Base::Bool => Tri::from_bool(a.eq_ignore_ascii_case(b)),
        Base::IpAddress | Base::NotIpAddress => match (parse_ip(a), parse_net(b)) {
            (Some(ip), Some(net)) => Tri::from_bool(net.contains(&ip)),
            _ => Tri::No,
        },
        _ => Tri::No,
    }
}

fn compare(base: Base, x: f64, y: f64) -> bool {
    match base {
        Base::NumericEquals | Base::NumericNotEquals | Base::DateEquals | Base::DateNotEquals => {
            x == y
        }
        Base::NumericLessThan | Base::DateLessThan => x < y,
        Base::NumericLessThanEquals | Base::DateLessThanEquals => x <= y,
        Base::NumericGreaterThan | Base::DateGreaterThan => x > y,
        Base::NumericGreaterThanEquals | Base::DateGreaterThanEquals => x >= y,
        _ => false,
    }
}

fn parse_ip(s: &str) -> Option<IpAddr> {
    let s = s.trim();
    s.parse::<IpAddr>()
        .ok()
        .or_else(|| s.parse::<IpNet>().ok().map(|n| n.addr()))
}

fn parse_net(s: &str) -> Option<IpNet> {
    let s = s.trim();
    s.parse::<IpNet>()
        .ok()
        .or_else(|| s.parse::<IpAddr>().ok().map(IpNet::from))
}

/// ISO 8601 date/time or epoch seconds → seconds since the epoch.
pub fn parse_date(s: &str) -> Option<f64> {
    let s = s.trim();
    if let Ok(n) = s.parse::<f64>() {
        if !s.contains('-') || s.starts_with('-') && !s[1..].contains('-') {
            return Some(n);
        }
    }
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let t = s.get(from..from + len)?;
        if t.bytes().all(|c| c.is_ascii_digit()) {
            t.parse().ok()
        } else {
            None
        }
    };
    let year = num(0, 4)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let month = num(5, 2)?;
    let day = num(8, 2)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut secs = days_from_civil(year, month, day) as f64 * 86400.0;
    let mut i = 10;
    if matches!(b.get(i), Some(b'T' | b't' | b' ')) {
        let h = num(i + 1, 2)?;
        if b.get(i + 3) != Some(&b':') {
            return None;
        }
        let m = num(i + 4, 2)?;
        secs += (h * 3600 + m * 60) as f64;
        i += 6;
        if b.get(i) == Some(&b':') {
            let sec = num(i + 1, 2)?;
            secs += sec as f64;
            i += 3;
            if b.get(i) == Some(&b'.') {
                let st = i + 1;
                let mut e = st;
                while b.get(e).is_some_and(u8::is_ascii_digit) {
                    e += 1;
                }
                let frac: f64 = format!("0.{}", s.get(st..e).unwrap_or("0"))
                    .parse()
                    .unwrap_or(0.0);
                secs += frac;
                i = e;
            }
        }
    }
    match b.get(i) {
        None => {}
        Some(b'Z' | b'z') if i + 1 == b.len() => {}
        Some(sign @ (b'+' | b'-')) => {
            let oh = num(i + 1, 2)?;
            let om = if b.get(i + 3) == Some(&b':') {
                num(i + 4, 2)?
            } else {
                num(i + 3, 2).unwrap_or(0)
            };
            let off = (oh * 3600 + om * 60) as f64;
            secs += if *sign == b'+' { -off } else { off };
        }
        _ => return None,
    }
    Some(secs)
}

/// Days since 1970-01-01 (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::request::CtxValue;

    fn cond(op: &str, key: &str, vals: &[&str]) -> Condition {
        cond_v(op, key, vals, true)
    }
    fn cond_v(op: &str, key: &str, vals: &[&str], vars: bool) -> Condition {
        Condition::new(
            Operator::parse(op),
            key,
            vals.iter().map(|v| (SymStr::lit(*v), Span::NONE)).collect(),
            Span::NONE,
            vars,
        )
    }
    fn ctx(pairs: &[(&str, &[&str])]) -> Context {
        let mut c = Context::strict();
        for (k, vs) in pairs {
            c.set(
                k,
                CtxValue::Values(vs.iter().map(|v| SymStr::lit(*v)).collect()),
            );
        }
        c
    }

    #[test]
    fn string_family() {
        let c = ctx(&[("iam:PassedToService", &["glue.amazonaws.com"])]);
        assert_eq!(
            cond(
                "StringEquals",
                "iam:PassedToService",
                &["glue.amazonaws.com"]
            )
            .eval(&c),
            Tri::Yes
        );
        assert_eq!(
            cond(
                "StringEquals",
                "IAM:passedtoservice",
                &["ec2.amazonaws.com", "glue.amazonaws.com"]
            )
            .eval(&c),
            Tri::Yes
        );
        assert_eq!(
            cond(
                "StringEquals",
                "iam:PassedToService",
                &["GLUE.amazonaws.com"]
            )
            .eval(&c),
            Tri::No
        );
        assert_eq!(
            cond(
                "StringEqualsIgnoreCase",
                "iam:PassedToService",
                &["GLUE.amazonaws.com"]
            )
            .eval(&c),
            Tri::Yes
        );
        assert_eq!(
            cond(
                "StringNotEqualsIgnoreCase",
                "iam:PassedToService",
                &["GLUE.amazonaws.com"]
            )
            .eval(&c),
            Tri::No
        );
        assert_eq!(
            cond(
                "StringNotEquals",
                "iam:PassedToService",
                &["ec2.amazonaws.com"]
            )
            .eval(&c),
            Tri::Yes
        );
        assert_eq!(
            cond("StringLike", "iam:PassedToService", &["glue.*"]).eval(&c),
            Tri::Yes
        );
        assert_eq!(
            cond("StringNotLike", "iam:PassedToService", &["glue.*"]).eval(&c),
            Tri::No
        );
        assert_eq!(
            cond("StringEquals", "iam:PassedToService", &["glue.*"]).eval(&c),
            Tri::No
        );
        // Missing key: positive false, negated true, IfExists true.
        let e = Context::strict();
        assert_eq!(cond("StringEquals", "k", &["v"]).eval(&e), Tri::No);
        assert_eq!(cond("StringNotEquals", "k", &["v"]).eval(&e), Tri::Yes);
        assert_eq!(cond("StringEqualsIfExists", "k", &["v"]).eval(&e), Tri::Yes);
        // Unknown key.
        let o = Context::open();
        let out = cond(
            "StringEquals",
            "iam:PassedToService",
            &["glue.amazonaws.com"],
        )
        .explain(&o);
        assert_eq!(out.result, Tri::Maybe);
        assert_eq!(out.deciding, vec!["iam:PassedToService".to_string()]);
        let ec2 = ctx(&[("iam:PassedToService", &["ec2.amazonaws.com"])]);
        let out = cond(
            "StringEquals",
            "iam:PassedToService",
            &["glue.amazonaws.com"],
        )
        .explain(&ec2);
        assert_eq!(
            out.reason,
            "condition StringEquals iam:PassedToService: glue.amazonaws.com ≠ ec2.amazonaws.com"
        );
    }

    #[test]
    fn numeric_date_bool_binary() {
        let c = ctx(&[
            ("s3:max-keys", &["10"]),
            ("aws:CurrentTime", &["2026-06-01T12:00:00Z"]),
            ("aws:SecureTransport", &["true"]),
        ]);
        assert_eq!(
            cond("NumericLessThan", "s3:max-keys", &["11"]).eval(&c),
            Tri::Yes
        );
        assert_eq!(
            cond("NumericLessThanEquals", "s3:max-keys", &["10"]).eval(&c),
            Tri::Yes
        );
        assert_eq!(
            cond("NumericGreaterThan", "s3:max-keys", &["10"]).eval(&c),
            Tri::No
        );
        assert_eq!(
            cond("NumericGreaterThanEquals", "s3:max-keys", &["10.0"]).eval(&c),
            Tri::Yes
        );
        assert_eq!(
            cond("NumericEquals", "s3:max-keys", &["10"]).eval(&c),
            Tri::Yes
        );
        assert_eq!(
            cond("NumericNotEquals", "s3:max-keys", &["10"]).eval(&c),
            Tri::No
        );
        assert_eq!(
            cond("NumericEquals", "s3:max-keys", &["ten"]).eval(&c),
            Tri::No
        );
        assert_eq!(
            cond("DateGreaterThan", "aws:CurrentTime", &["2026-01-01"]).eval(&c),
            Tri::Yes
        );
        assert_eq!(
            cond(
                "DateLessThan",
                "aws:CurrentTime",
                &["2026-01-01T00:00:00+02:00"]
            )
            .eval(&c),
            Tri::No
        );
        // Epoch seconds on the policy side against an ISO request value.
        assert_eq!(
            cond("DateGreaterThanEquals", "aws:CurrentTime", &["1780315200"]).eval(&c),
            Tri::Yes
        );
        assert_eq!(
            cond("DateEquals", "aws:CurrentTime", &["1780315200"]).eval(&c),
            Tri::Yes
        );
        assert_eq!(
            cond("DateNotEquals", "aws:CurrentTime", &["1780315200"]).eval(&c),
            Tri::No
        );
        assert_eq!(
            cond(
                "DateLessThanEquals",
                "aws:CurrentTime",
                &["2026-06-01T12:00:00Z"]
            )
            .eval(&c),
            Tri::Yes
        );
        assert_eq!(
            cond("Bool", "aws:SecureTransport", &["true"]).eval(&c),
            Tri::Yes
        );
        assert_eq!(
            cond("Bool", "aws:SecureTransport", &["false"]).eval(&c),
            Tri::No
        );
        assert_eq!(
            cond("BoolIfExists", "aws:MultiFactorAuthPresent", &["false"]).eval(&c),
            Tri::Yes
        );
        assert_eq!(
            cond("Bool", "aws:MultiFactorAuthPresent", &["false"]).eval(&c),
            Tri::No
        );
        let b = ctx(&[("k", &["QUJD"])]);
        assert_eq!(cond("BinaryEquals", "k", &["QUJD"]).eval(&b), Tri::Yes);
        assert_eq!(cond("BinaryEquals", "k", &["QUJE"]).eval(&b), Tri::No);
        assert_eq!(parse_date("1970-01-02"), Some(86400.0));
        assert_eq!(parse_date("2026-13-01"), None);
    }

    #[test]
    fn ip_and_arn_and_null() {
        let c = ctx(&[
            ("aws:SourceIp", &["203.0.113.7"]),
            ("aws:SourceArn", &["arn:aws:glue:us-east-1:1:job/load"]),
        ]);
        assert_eq!(
            cond("IpAddress", "aws:SourceIp", &["203.0.113.0/24"]).eval(&c),
            Tri::Yes
        );
        assert_eq!(
            cond("IpAddress", "aws:SourceIp", &["0.0.0.0/0"]).eval(&c),
            Tri::Yes
        );
        assert_eq!(
            cond("NotIpAddress", "aws:SourceIp", &["203.0.113.0/24"]).eval(&c),
            Tri::No
        );
        assert_eq!(
            cond("IpAddress", "aws:SourceIp", &["2001:db8::/32"]).eval(&c),
            Tri::No
        );
        let v6 = ctx(&[("aws:SourceIp", &["2001:db8::1"])]);
        assert_eq!(
            cond("IpAddress", "aws:SourceIp", &["2001:db8::/32"]).eval(&v6),
            Tri::Yes
        );
        assert_eq!(
            cond("ArnLike", "aws:SourceArn", &["arn:aws:glue:*:1:job/*"]).eval(&c),
            Tri::Yes
        );
        assert_eq!(
            cond(
                "ArnEquals",
                "aws:SourceArn",
                &["arn:aws:glue:us-east-1:1:job/load"]
            )
            .eval(&c),
            Tri::Yes
        );
        assert_eq!(
            cond("ArnNotLike", "aws:SourceArn", &["arn:aws:glue:*:1:job/*"]).eval(&c),
            Tri::No
        );
        assert_eq!(
            cond("ArnNotEquals", "aws:SourceArn", &["arn:aws:glue:*:2:job/*"]).eval(&c),
            Tri::Yes
        );
        assert_eq!(
            cond("ArnLike", "aws:SourceArn", &["arn:aws:glue:*:job/*"]).eval(&c),
            Tri::No
        );
        assert_eq!(cond("Null", "aws:SourceIp", &["false"]).eval(&c), Tri::Yes);
        assert_eq!(
            cond("Null", "aws:TokenIssueTime", &["true"]).eval(&c),
            Tri::Yes
        );
        assert_eq!(
            cond("Null", "aws:TokenIssueTime", &["false"]).eval(&c),
            Tri::No
        );
        assert_eq!(
            cond("Null", "x", &["true"]).eval(&Context::open()),
            Tri::Maybe
        );
        let out = cond("StringFancy", "aws:SourceIp", &["x"]).explain(&c);
        assert_eq!(out.result, Tri::No);
        assert!(out.reason.contains("not known"));
    }

    #[test]
    fn set_operators() {
        let tags = ctx(&[("aws:TagKeys", &["env", "team"])]);
        let e = Context::strict();
        assert_eq!(
            cond(
                "ForAllValues:StringEquals",
                "aws:TagKeys",
                &["env", "team", "x"]
            )
            .eval(&tags),
            Tri::Yes
        );
        assert_eq!(
            cond("ForAllValues:StringEquals", "aws:TagKeys", &["env"]).eval(&tags),
            Tri::No
        );
        assert_eq!(
            cond("ForAllValues:StringEquals", "aws:TagKeys", &["env"]).eval(&e),
            Tri::Yes
        );
        assert_eq!(
            cond("ForAnyValue:StringEquals", "aws:TagKeys", &["team"]).eval(&tags),
            Tri::Yes
        );
        assert_eq!(
            cond("ForAnyValue:StringEquals", "aws:TagKeys", &["nope"]).eval(&tags),
            Tri::No
        );
        assert_eq!(
            cond("ForAnyValue:StringEquals", "aws:TagKeys", &["team"]).eval(&e),
            Tri::No
        );
        assert_eq!(
            cond("ForAnyValue:StringNotEquals", "aws:TagKeys", &["env"]).eval(&tags),
            Tri::Yes
        );
        assert_eq!(
            cond("ForAllValues:StringNotEquals", "aws:TagKeys", &["env"]).eval(&tags),
            Tri::No
        );
        assert_eq!(
            cond("ForAllValues:StringLike", "aws:TagKeys", &["e*", "t*"]).eval(&tags),
            Tri::Yes
        );
        let empty = ctx(&[("aws:TagKeys", &[])]);
        assert_eq!(
            cond("ForAllValues:StringEquals", "aws:TagKeys", &["env"]).eval(&empty),
            Tri::Yes
        );
    }

    #[test]
    fn policy_variables() {
        let c = ctx(&[("aws:username", &["alice"])]);
        assert_eq!(
            cond("StringEquals", "s3:prefix", &["home/${aws:username}"]).eval(&ctx(&[
                ("s3:prefix", &["home/alice"]),
                ("aws:username", &["alice"])
            ])),
            Tri::Yes
        );
        assert_eq!(
            cond("StringEquals", "aws:username", &["${aws:username}"]).eval(&c),
            Tri::Yes
        );
        // Not substituted without 2012-10-17.
        assert_eq!(
            cond_v("StringEquals", "aws:username", &["${aws:username}"], false).eval(&c),
            Tri::No
        );
        // Absent variable: that value does not match; default used.
        let p = ctx(&[("s3:prefix", &["home/anon"])]);
        assert_eq!(
            cond("StringEquals", "s3:prefix", &["home/${aws:username}"]).eval(&p),
            Tri::No
        );
        assert_eq!(
            cond(
                "StringEquals",
                "s3:prefix",
                &["home/${aws:username, 'anon'}"]
            )
            .eval(&p),
            Tri::Yes
        );
        // Escapes are literal.
        let star = ctx(&[("s3:prefix", &["a*"])]);
        assert_eq!(
            cond("StringLike", "s3:prefix", &["a${*}"]).eval(&star),
            Tri::Yes
        );
        assert_eq!(
            cond("StringLike", "s3:prefix", &["a${*}"]).eval(&ctx(&[("s3:prefix", &["ab"])])),
            Tri::No
        );
        // Unknown variable → Maybe, deciding names it.
        let mut o = Context::open();
        o.set_str("s3:prefix", "home/alice");
        let out = cond("StringEquals", "s3:prefix", &["home/${aws:username}"]).explain(&o);
        assert_eq!(out.result, Tri::Maybe);
        assert_eq!(out.deciding, vec!["aws:username".to_string()]);
    }
}
