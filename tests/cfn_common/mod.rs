//! Helpers shared by the loader tests: render loaded resources as text for snapshots.
#![allow(dead_code)]

use std::fmt::Write;
use std::path::PathBuf;
use std::sync::Arc;

use glue_lint::diag::Diagnostic;
use glue_lint::ir::{LoadOutput, RawResource, Val, ValKind};
use glue_lint::source::SourceFile;

/// A source file with the given path (as users see it) and text.
pub fn file(path: &str, text: &str) -> SourceFile {
    SourceFile::new(0, PathBuf::from(path), Arc::from(text))
}

/// Reads a file of the repository's `testdata` as a `SourceFile` with a relative path.
pub fn testdata(rel: &str) -> SourceFile {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
    file(rel, &text)
}

fn origin(v: &Val) -> String {
    match &v.origin {
        Some(o) => format!("  <- {} {}", o.address, o.attr),
        None => String::new(),
    }
}

fn render_val(v: &Val, indent: usize, out: &mut String) {
    let pad = "  ".repeat(indent);
    match &v.kind {
        ValKind::Map(es) => {
            for e in es {
                match &e.val.kind {
                    ValKind::Map(_) | ValKind::List(_) => {
                        let _ = writeln!(out, "{pad}{}:{}", e.key, origin(&e.val));
                        render_val(&e.val, indent + 1, out);
                    }
                    _ => {
                        let _ =
                            writeln!(out, "{pad}{}: {}{}", e.key, scalar(&e.val), origin(&e.val));
                    }
                }
            }
        }
        ValKind::List(items) => {
            for it in items {
                match &it.kind {
                    ValKind::Map(_) | ValKind::List(_) => {
                        let _ = writeln!(out, "{pad}-{}", origin(it));
                        render_val(it, indent + 1, out);
                    }
                    _ => {
                        let _ = writeln!(out, "{pad}- {}{}", scalar(it), origin(it));
                    }
                }
            }
        }
        _ => {
            let _ = writeln!(out, "{pad}{}{}", scalar(v), origin(v));
        }
    }
}

fn scalar(v: &Val) -> String {
    match &v.kind {
        ValKind::Null => "null".into(),
        ValKind::Bool(b) => b.to_string(),
        ValKind::Num(n) => n.clone(),
        ValKind::Str(s) => format!("{:?}", s.to_string()),
        ValKind::Unknown(h) => format!("<{}> (unknown)", h.label),
        ValKind::Json(inner) => {
            let mut s = String::from("json:\n");
            render_val(inner, 2, &mut s);
            s
        }
        ValKind::Map(_) | ValKind::List(_) => "?".into(),
    }
}

pub fn render_resource(r: &RawResource, out: &mut String) {
    let data = if r.is_data { " data" } else { "" };
    let _ = writeln!(out, "{} ({}{}) name={}", r.address, r.rtype, data, r.name);
    render_val(&r.attrs, 1, out);
}

pub fn render_diag(d: &Diagnostic, f: &SourceFile) -> String {
    let (l, c) = f.line_col(d.span.start);
    format!("{} {:?} {}:{}: {}", d.code, d.level, l, c, d.message)
}

pub fn render(out: &LoadOutput, f: &SourceFile) -> String {
    let mut s = String::new();
    for r in &out.resources {
        render_resource(r, &mut s);
    }
    for d in &out.diagnostics {
        let _ = writeln!(s, "{}", render_diag(d, f));
    }
    s
}
