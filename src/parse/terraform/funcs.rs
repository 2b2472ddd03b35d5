//! Terraform's built-in functions, over symbolic values: a function whose result rests
//! on an unknown argument returns a hole saying so; an unsupported function is a GL004
//! warning and a hole labelled with its name.

use std::collections::BTreeMap;

use hcl_edit::expr::FuncCall;

use super::eval::{fail, first_hole, hole, json_text, num, num_val, vals_equal, Env, Scope, R};
use super::model::json_to_val;
use crate::iam::{HoleClass, Piece, SymStr};
use crate::ir::{Entry, Val, ValKind};
use crate::source::Span;

impl Env<'_> {
    pub(super) fn call(&self, f: &FuncCall, span: Span, sc: &Scope) -> R {
        let name = f.name.name.as_str();
        if f.name.is_namespaced() {
            self.warn(
                span,
                format!(
                    "provider function {} is not supported; its result is unknown",
                    self.text(span)
                ),
            );
            return Ok(hole(
                format!("{} (unsupported function)", self.text(span)),
                HoleClass::Any,
                span,
            ));
        }
        // lazily evaluated
        match name {
            "try" => {
                let mut last = None;
                for a in f.args.iter() {
                    match self.eval(a, sc) {
                        Ok(v) => return Ok(v),
                        Err(e) => last = Some(e),
                    }
                }
                return Err(last.unwrap_or_else(|| fail(span, "try() needs at least one argument")));
            }
            "can" => {
                let Some(a) = f.args.iter().next() else {
                    return Err(fail(span, "can() needs one argument"));
                };
                return Ok(Val::new(ValKind::Bool(self.eval(a, sc).is_ok()), span));
            }
            _ => {}
        }
        let mut args: Vec<Val> = Vec::new();
        for a in f.args.iter() {
            args.push(self.eval(a, sc)?);
        }
        if f.args.expand_final() {
            match args.pop() {
                Some(Val {
                    kind: ValKind::List(items),
                    ..
                }) => args.extend(items),
                Some(
                    v @ Val {
                        kind: ValKind::Unknown(_),
                        ..
                    },
                ) => return Ok(self.depends(span, &v)),
                _ => return Err(fail(span, "the expanded argument must be a list")),
            }
        }
        self.call_with(name, args, span)
    }

    fn call_with(&self, name: &str, args: Vec<Val>, span: Span) -> R {
        let arg = |i: usize| {
            args.get(i)
                .ok_or_else(|| fail(span, format!("{name}() needs more arguments")))
        };
        // a whole-value hole as argument: the result depends on it (except for functions
        // that only move values around)
        if !matches!(
            name,
            "coalesce"
                | "concat"
                | "merge"
                | "tolist"
                | "toset"
                | "tomap"
                | "jsonencode"
                | "length"
        ) {
            if let Some(u) = args.iter().find(|a| matches!(a.kind, ValKind::Unknown(_))) {
                return Ok(self.depends(span, u));
            }
        }
        Ok(match name {
            "jsonencode" => Val::new(ValKind::Json(Box::new(arg(0)?.clone())), span),
            "jsondecode" => {
                let a = arg(0)?;
                match &a.kind {
                    ValKind::Json(inner) => {
                        let mut v = (**inner).clone();
                        v.span = span;
                        v
                    }
                    _ => {
                        let s = self.known_str(a)?;
                        let Some(s) = s else {
                            return Ok(self.depends(span, a));
                        };
                        match serde_json::from_str::<serde_json::Value>(&s) {
                            Ok(j) => json_to_val(&j, span, 0),
                            Err(e) => {
                                return Err(fail(a.span, format!("jsondecode: invalid JSON: {e}")))
                            }
                        }
                    }
                }
            }
            "format" => self.format(&args, span)?,
            "join" => {
                let sep = self.to_sym(arg(0)?)?;
                let mut out = SymStr::new();
                let mut first = true;
                for l in args.iter().skip(1) {
                    let Some(items) = l.as_list() else {
                        return Ok(self.depends(span, l));
                    };
                    for it in items {
                        if !first {
                            out.append(&sep);
                        }
                        first = false;
                        out.append(&self.to_sym(it)?);
                    }
                }
                Val::str(out, span)
            }
            "concat" => {
                let mut out = Vec::new();
                for l in &args {
                    match &l.kind {
                        ValKind::List(items) => out.extend(items.iter().cloned()),
                        ValKind::Unknown(_) => return Ok(self.depends(span, l)),
                        _ => return Err(fail(l.span, "concat() takes lists")),
                    }
                }
                Val::new(ValKind::List(out), span)
            }
            "merge" => {
                let mut out: Vec<Entry> = Vec::new();
                for m in &args {
                    match &m.kind {
                        ValKind::Map(es) => {
                            for e in es {
                                out.retain(|x| x.key != e.key);
                                out.push(e.clone());
                            }
                        }
                        ValKind::Null => {}
                        ValKind::Unknown(_) => return Ok(self.depends(span, m)),
                        _ => return Err(fail(m.span, "merge() takes maps or objects")),
                    }
                }
                Val::new(ValKind::Map(out), span)
            }
            "lookup" => {
                let m = arg(0)?;
                let k = self.known_str(arg(1)?)?;
                let Some(k) = k else {
                    return Ok(self.depends(span, arg(1)?));
                };
                match m.get(&k) {
                    Some(v) => v.clone(),
                    None => match args.get(2) {
                        Some(d) => d.clone(),
                        None => return Err(fail(span, format!("lookup: no key {k}"))),
                    },
                }
            }
            "element" => {
                let l = arg(0)?;
                let Some(items) = l.as_list() else {
                    return Err(fail(l.span, "element() takes a list"));
                };
                let Some(i) = num(arg(1)?) else {
                    return Ok(self.depends(span, arg(1)?));
                };
                if items.is_empty() || i < 0.0 {
                    return Err(fail(span, "element: empty list or negative index"));
                }
                items
                    .get((i as usize) % items.len())
                    .cloned()
                    .unwrap_or_else(|| Val::null(span))
            }
            "length" => {
                let a = arg(0)?;
                let n = match &a.kind {
                    ValKind::List(items) => items.len(),
                    ValKind::Map(es) => es.len(),
                    ValKind::Str(s) => match s.as_known() {
                        Some(t) => t.chars().count(),
                        None => return Ok(self.depends(span, a)),
                    },
                    ValKind::Unknown(_) => return Ok(self.depends(span, a)),
                    _ => return Err(fail(a.span, "length() takes a list, map or string")),
                };
                num_val(n as f64, span)
            }
            "lower" | "upper" => {
                let Some(s) = self.known_str(arg(0)?)? else {
                    return Ok(self.depends(span, arg(0)?));
                };
                Val::str(
                    if name == "lower" {
                        s.to_lowercase()
                    } else {
                        s.to_uppercase()
                    },
                    span,
                )
            }
            "replace" => {
                let (Some(s), Some(from), Some(to)) = (
                    self.known_str(arg(0)?)?,
                    self.known_str(arg(1)?)?,
                    self.known_str(arg(2)?)?,
                ) else {
                    let u = args
                        .iter()
                        .find(|a| first_hole(a).is_some())
                        .unwrap_or(&args[0]);
                    return Ok(self.depends(span, u));
                };
                if from.len() > 2 && from.starts_with('/') && from.ends_with('/') {
                    self.warn(span, "replace() with a regular expression is not supported; its result is unknown");
                    return Ok(hole(
                        format!("{} (unsupported regular expression)", self.text(span)),
                        HoleClass::Any,
                        span,
                    ));
                }
                Val::str(s.replace(&from, &to), span)
            }
            "split" => {
                let (Some(sep), Some(s)) = (self.known_str(arg(0)?)?, self.known_str(arg(1)?)?)
                else {
                    return Ok(self.depends(span, arg(1)?));
                };
                let items = if s.is_empty() {
                    vec![Val::str("", span)]
                } else {
                    s.split(sep.as_str()).map(|p| Val::str(p, span)).collect()
                };
                Val::new(ValKind::List(items), span)
            }
            "trimprefix" | "trimsuffix" => {
                let s = self.to_sym(arg(0)?)?;
                let Some(fix) = self.known_str(arg(1)?)? else {
                    return Ok(self.depends(span, arg(1)?));
                };
                match s.as_known() {
                    Some(t) => Val::str(
                        if name == "trimprefix" {
                            t.strip_prefix(fix.as_str()).unwrap_or(t)
                        } else {
                            t.strip_suffix(fix.as_str()).unwrap_or(t)
                        },
                        span,
                    ),
                    None => {
                        let pieces = s.pieces();
                        let edge = if name == "trimprefix" {
                            s.known_prefix()
                        } else {
                            s.known_suffix()
                        };
                        if edge.len() >= fix.len() {
                            let mut out: Vec<Piece> = pieces.to_vec();
                            if name == "trimprefix" {
                                if let Some(Piece::Lit(l)) = out.first_mut() {
                                    if let Some(r) = l.strip_prefix(fix.as_str()) {
                                        *l = r.to_string();
                                    }
                                }
                            } else if let Some(Piece::Lit(l)) = out.last_mut() {
                                if let Some(r) = l.strip_suffix(fix.as_str()) {
                                    *l = r.to_string();
                                }
                            }
                            Val::str(SymStr::from_pieces(out), span)
                        } else {
                            self.depends(span, arg(0)?)
                        }
                    }
                }
            }
            "trimspace" => {
                let Some(s) = self.known_str(arg(0)?)? else {
                    return Ok(self.depends(span, arg(0)?));
                };
                Val::str(s.trim(), span)
            }
            "startswith" | "endswith" => {
                let (Some(s), Some(x)) = (self.known_str(arg(0)?)?, self.known_str(arg(1)?)?)
                else {
                    return Ok(self.depends(span, arg(0)?));
                };
                Val::new(
                    ValKind::Bool(if name == "startswith" {
                        s.starts_with(&x)
                    } else {
                        s.ends_with(&x)
                    }),
                    span,
                )
            }
            "tolist" | "toset" => {
                let a = arg(0)?;
                match &a.kind {
                    ValKind::List(items) => {
                        let mut out: Vec<Val> = Vec::new();
                        for it in items {
                            if name == "toset"
                                && out.iter().any(|o| vals_equal(o, it) == Some(true))
                            {
                                continue;
                            }
                            out.push(it.clone());
                        }
                        if name == "toset" && out.iter().all(|v| v.as_str().is_some()) {
                            out.sort_by(|x, y| x.as_str().cmp(&y.as_str()));
                        }
                        Val::new(ValKind::List(out), span)
                    }
                    ValKind::Unknown(_) => self.depends(span, a),
                    _ => return Err(fail(a.span, format!("{name}() takes a list or set"))),
                }
            }
            "tomap" => {
                let a = arg(0)?;
                match &a.kind {
                    ValKind::Map(_) => {
                        let mut v = a.clone();
                        v.span = span;
                        v
                    }
                    ValKind::Unknown(_) => self.depends(span, a),
                    _ => return Err(fail(a.span, "tomap() takes a map or object")),
                }
            }
            "tostring" => match &arg(0)?.kind {
                ValKind::Null => Val::null(span),
                _ => Val::str(self.to_sym(arg(0)?)?, span),
            },
            "tonumber" => match num(arg(0)?) {
                Some(n) => num_val(n, span),
                None => return Err(fail(span, "tonumber: not a number")),
            },
            "tobool" => match super::eval::truth(arg(0)?) {
                Some(b) => Val::new(ValKind::Bool(b), span),
                None => return Err(fail(span, "tobool: not a bool")),
            },
            "coalesce" => {
                for a in &args {
                    match &a.kind {
                        ValKind::Null => continue,
                        ValKind::Str(s) if s.as_known() == Some("") => continue,
                        ValKind::Unknown(_) => return Ok(self.depends(span, a)),
                        ValKind::Str(s) if !s.is_known() => return Ok(self.depends(span, a)),
                        _ => return Ok(a.clone()),
                    }
                }
                return Err(fail(span, "coalesce: no non-null, non-empty argument"));
            }
            "coalescelist" => {
                for a in &args {
                    if let Some(l) = a.as_list() {
                        if !l.is_empty() {
                            return Ok(a.clone());
                        }
                    }
                }
                Val::new(ValKind::List(Vec::new()), span)
            }
            "flatten" => {
                let mut out = Vec::new();
                flatten_into(arg(0)?, &mut out, 0);
                Val::new(ValKind::List(out), span)
            }
            "distinct" | "compact" => {
                let Some(items) = arg(0)?.as_list() else {
                    return Err(fail(span, format!("{name}() takes a list")));
                };
                let mut out: Vec<Val> = Vec::new();
                for it in items {
                    if name == "compact" && (it.is_null() || it.as_str() == Some("")) {
                        continue;
                    }
                    if name == "distinct" && out.iter().any(|o| vals_equal(o, it) == Some(true)) {
                        continue;
                    }
                    out.push(it.clone());
                }
                Val::new(ValKind::List(out), span)
            }
            "keys" | "values" => {
                let ValKind::Map(es) = &arg(0)?.kind else {
                    return Err(fail(span, format!("{name}() takes a map")));
                };
                let sorted: BTreeMap<&str, &Entry> =
                    es.iter().map(|e| (e.key.as_str(), e)).collect();
                let items = sorted
                    .values()
                    .map(|e| {
                        if name == "keys" {
                            Val::str(e.key.as_str(), e.span)
                        } else {
                            e.val.clone()
                        }
                    })
                    .collect();
                Val::new(ValKind::List(items), span)
            }
            "contains" => {
                let Some(items) = arg(0)?.as_list() else {
                    return Err(fail(span, "contains() takes a list"));
                };
                let x = arg(1)?;
                let mut acc = Some(false);
                for it in items {
                    match vals_equal(it, x) {
                        Some(true) => {
                            acc = Some(true);
                            break;
                        }
                        None => acc = None,
                        _ => {}
                    }
                }
                match acc {
                    Some(b) => Val::new(ValKind::Bool(b), span),
                    None => self.depends(span, x),
                }
            }
            "min" | "max" => {
                let mut best: Option<f64> = None;
                for a in &args {
                    let Some(n) = num(a) else {
                        return Ok(self.depends(span, a));
                    };
                    best = Some(match best {
                        None => n,
                        Some(b) if name == "min" => b.min(n),
                        Some(b) => b.max(n),
                    });
                }
                num_val(best.unwrap_or(0.0), span)
            }
            "abs" => match num(arg(0)?) {
                Some(n) => num_val(n.abs(), span),
                None => return Err(fail(span, "abs() takes a number")),
            },
            "file" | "templatefile" => self.read(name, &args, span)?,
            "sensitive" | "nonsensitive" => {
                let mut v = arg(0)?.clone();
                v.span = span;
                v
            }
            "one" => match &arg(0)?.kind {
                ValKind::List(items) if items.len() <= 1 => {
                    items.first().cloned().unwrap_or_else(|| Val::null(span))
                }
                _ => return Err(fail(span, "one() takes a list of at most one element")),
            },
            "reverse" => {
                let Some(items) = arg(0)?.as_list() else {
                    return Err(fail(span, "reverse() takes a list"));
                };
                Val::new(ValKind::List(items.iter().rev().cloned().collect()), span)
            }
            "sort" => {
                let Some(items) = arg(0)?.as_list() else {
                    return Err(fail(span, "sort() takes a list"));
                };
                let mut keys: Vec<(String, Val)> = Vec::new();
                for it in items {
                    let Some(k) = self.known_str(it)? else {
                        return Ok(self.depends(span, it));
                    };
                    keys.push((k, it.clone()));
                }
                keys.sort_by(|a, b| a.0.cmp(&b.0));
                Val::new(
                    ValKind::List(keys.into_iter().map(|(_, v)| v).collect()),
                    span,
                )
            }
            "zipmap" => {
                let (Some(ks), Some(vs)) = (arg(0)?.as_list(), arg(1)?.as_list()) else {
                    return Err(fail(span, "zipmap() takes two lists"));
                };
                let mut es: Vec<Entry> = Vec::new();
                for (k, v) in ks.iter().zip(vs) {
                    let Some(key) = self.known_str(k)? else {
                        return Ok(self.depends(span, k));
                    };
                    es.retain(|e| e.key != key);
                    es.push(Entry {
                        key,
                        span: k.span,
                        val: v.clone(),
                    });
                }
                Val::new(ValKind::Map(es), span)
            }
            "formatlist" => {
                let lists: Vec<usize> = args
                    .iter()
                    .skip(1)
                    .filter_map(|a| a.as_list().map(<[Val]>::len))
                    .collect();
                let n = lists.first().copied().unwrap_or(1);
                if lists.iter().any(|l| *l != n) {
                    return Err(fail(span, "formatlist(): lists of different lengths"));
                }
                let mut out = Vec::new();
                for i in 0..n {
                    let mut row = vec![arg(0)?.clone()];
                    for a in args.iter().skip(1) {
                        row.push(match a.as_list() {
                            Some(l) => l.get(i).cloned().unwrap_or_else(|| Val::null(span)),
                            None => a.clone(),
                        });
                    }
                    out.push(self.format(&row, span)?);
                }
                Val::new(ValKind::List(out), span)
            }
            "substr" => {
                let Some(s) = self.known_str(arg(0)?)? else {
                    return Ok(self.depends(span, arg(0)?));
                };
                let (Some(off), Some(len)) = (num(arg(1)?), num(arg(2)?)) else {
                    return Err(fail(span, "substr() takes numbers"));
                };
                let chars: Vec<char> = s.chars().collect();
                let start = if off < 0.0 {
                    chars.len().saturating_sub((-off) as usize)
                } else {
                    off as usize
                };
                let end = if len < 0.0 {
                    chars.len()
                } else {
                    start.saturating_add(len as usize).min(chars.len())
                };
                Val::str(
                    chars
                        .get(start.min(chars.len())..end.max(start.min(chars.len())))
                        .unwrap_or(&[])
                        .iter()
                        .collect::<String>(),
                    span,
                )
            }
            "alltrue" | "anytrue" => {
                let Some(items) = arg(0)?.as_list() else {
                    return Err(fail(span, format!("{name}() takes a list")));
                };
                let mut acc = Some(name == "alltrue");
                for it in items {
                    match super::eval::truth(it) {
                        Some(b) if name == "alltrue" && !b => {
                            return Ok(Val::new(ValKind::Bool(false), span))
                        }
                        Some(b) if name == "anytrue" && b => {
                            return Ok(Val::new(ValKind::Bool(true), span))
                        }
                        Some(_) => {}
                        None => acc = None,
                    }
                }
                match acc {
                    Some(b) => Val::new(ValKind::Bool(b), span),
                    None => self.depends(span, arg(0)?),
                }
            }
            "range" => {
                let ns: Vec<f64> = args.iter().filter_map(num).collect();
                let (start, end, step) = match ns.as_slice() {
                    [e] => (0.0, *e, 1.0),
                    [s, e] => (*s, *e, if e >= s { 1.0 } else { -1.0 }),
                    [s, e, st] => (*s, *e, *st),
                    _ => return Err(fail(span, "range() takes one to three numbers")),
                };
                if step == 0.0 {
                    return Err(fail(span, "range(): step must not be zero"));
                }
                let mut out = Vec::new();
                let mut x = start;
                while ((step > 0.0 && x < end) || (step < 0.0 && x > end)) && out.len() < 1024 {
                    out.push(num_val(x, span));
                    x += step;
                }
                Val::new(ValKind::List(out), span)
            }
            _ => {
                self.warn(
                    span,
                    format!("function {name}() is not supported; its result is unknown"),
                );
                hole(
                    format!("{name}(...) (unsupported function)"),
                    HoleClass::Any,
                    span,
                )
            }
        })
    }

    /// A known string argument; `None` when it has holes.
    fn known_str(&self, v: &Val) -> Result<Option<String>, super::eval::Fail> {
        Ok(self.to_sym(v)?.as_known().map(str::to_string))
    }

    fn format(&self, args: &[Val], span: Span) -> R {
        let Some(f) = args.first() else {
            return Err(fail(span, "format() needs a format string"));
        };
        let Some(fmt) = self.known_str(f)? else {
            return Ok(self.depends(span, f));
        };
        let mut out = SymStr::new();
        let mut next = 1;
        let mut chars = fmt.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push_str(c.encode_utf8(&mut [0; 4]));
                continue;
            }
            let mut spec = String::new();
            while let Some(&d) = chars.peek() {
                if d.is_ascii_digit() || d == '.' || d == '-' || d == '+' || d == '#' {
                    spec.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            let Some(verb) = chars.next() else {
                return Err(fail(span, "format: incomplete verb"));
            };
            if verb == '%' {
                out.push_str("%");
                continue;
            }
            let Some(a) = args.get(next) else {
                return Err(fail(span, "format: not enough arguments"));
            };
            next += 1;
            match verb {
                's' | 'v' | 'd' | 't' if spec.is_empty() => out.append(&match &a.kind {
                    ValKind::Json(_) | ValKind::List(_) | ValKind::Map(_) if verb == 'v' => {
                        json_text(a)
                    }
                    _ => self.to_sym(a)?,
                }),
                'q' => out.append(&json_text(&Val::str(self.to_sym(a)?, span))),
                'd' => match num(a) {
                    Some(n) => {
                        let w: usize = spec.trim_start_matches('0').parse().unwrap_or(0);
                        let t = format!("{}", n as i64);
                        let pad = if spec.starts_with('0') { '0' } else { ' ' };
                        out.push_str(&format!(
                            "{}{t}",
                            pad.to_string().repeat(w.saturating_sub(t.len()))
                        ));
                    }
                    None => return Ok(self.depends(span, a)),
                },
                _ => {
                    self.warn(
                        span,
                        format!(
                            "format verb %{spec}{verb} is not supported; the result is unknown"
                        ),
                    );
                    return Ok(hole(
                        format!("{} (unsupported format verb)", self.text(span)),
                        HoleClass::Any,
                        span,
                    ));
                }
            }
        }
        Ok(Val::str(out, span))
    }

    fn read(&self, name: &str, args: &[Val], span: Span) -> R {
        let Some(p) = args.first() else {
            return Err(fail(span, format!("{name}() needs a path")));
        };
        let Some(path) = self.known_str(p)? else {
            return Ok(self.depends(span, p));
        };
        let full = self.resolve_path(&path);
        let text = match (self.read_file)(&full) {
            Ok(t) => t,
            Err(e) => {
                self.warn(
                    span,
                    format!("{name}(): cannot read {path}: {e}; its content is unknown"),
                );
                return Ok(hole(
                    format!("content of {path} (not readable)"),
                    HoleClass::Any,
                    span,
                ));
            }
        };
        if name == "file" {
            return Ok(Val::str(&*text, span));
        }
        let tmpl = match hcl_edit::parser::parse_template(&text) {
            Ok(t) => t,
            Err(e) => {
                self.warn(
                    span,
                    format!(
                        "templatefile(): {path} is not a valid template: {}",
                        e.message()
                    ),
                );
                return Ok(hole(
                    format!("content of {path} (invalid template)"),
                    HoleClass::Any,
                    span,
                ));
            }
        };
        let mut sc = Scope {
            m: usize::MAX,
            file: u32::MAX,
            each: None,
            count: None,
            binds: Vec::new(),
        };
        if let Some(ValKind::Map(es)) = args.get(1).map(|v| &v.kind) {
            for e in es {
                sc.binds.push((e.key.clone(), e.val.clone()));
            }
        }
        let mut v = self.eval_template(&tmpl, span, &sc)?;
        v.span = span;
        Ok(v)
    }
}

fn flatten_into(v: &Val, out: &mut Vec<Val>, depth: u32) {
    match &v.kind {
        ValKind::List(items) if depth < 64 => {
            for it in items {
                flatten_into(it, out, depth + 1);
            }
        }
        _ => out.push(v.clone()),
    }
}
