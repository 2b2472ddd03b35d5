//! Helpers for the Terraform loader tests: load in-memory files or a project directory,
//! and render loaded resources as text for snapshots and assertions.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use glue_lint::diag::Diagnostic;
use glue_lint::ir::{LoadOutput, RawResource, Val, ValKind};
use glue_lint::parse::terraform::{load, TfInput, TfOptions};
use glue_lint::source::SourceMap;

pub struct Loaded {
    pub map: SourceMap,
    pub out: LoadOutput,
}

impl Loaded {
    pub fn res(&self, address: &str) -> &RawResource {
        match self.out.resources.iter().find(|r| r.address == address) {
            Some(r) => r,
            None => panic!(
                "no resource {address}; have {:?}",
                self.out
                    .resources
                    .iter()
                    .map(|r| &r.address)
                    .collect::<Vec<_>>()
            ),
        }
    }
    /// An attribute of a resource, rendered.
    pub fn attr(&self, address: &str, path: &[&str]) -> String {
        match self.res(address).attrs.path(path) {
            Some(v) => render(v),
            None => panic!(
                "{address} has no {path:?}: {}",
                render(&self.res(address).attrs)
            ),
        }
    }
    pub fn codes(&self) -> Vec<&'static str> {
        self.out.diagnostics.iter().map(|d| d.code).collect()
    }
    pub fn diag_text(&self) -> String {
        self.out
            .diagnostics
            .iter()
            .map(|d| diag_line(&self.map, d))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

pub fn diag_line(map: &SourceMap, d: &Diagnostic) -> String {
    let place = match map.get(d.span.file) {
        Some(f) => {
            let (l, c) = f.line_col(d.span.start);
            format!("{}:{l}:{c}", f.path.display())
        }
        None => "-".to_string(),
    };
    format!("{} {:?} {place}: {}", d.code, d.level, d.message)
}

/// Loads in-memory files; `extra` are readable through `file()`/`templatefile()` only.
pub fn load_files(
    files: &[(&str, &str)],
    extra: &[(&str, &str)],
    var_files: &[(&str, &str)],
) -> Loaded {
    load_with(files, extra, var_files, TfOptions::default())
}

pub fn load_with(
    files: &[(&str, &str)],
    extra: &[(&str, &str)],
    var_files: &[(&str, &str)],
    options: TfOptions,
) -> Loaded {
    let mut map = SourceMap::new();
    let mut ids = Vec::new();
    for (p, t) in files {
        ids.push(map.add(PathBuf::from(p), Arc::from(*t)));
    }
    let mut vids = Vec::new();
    for (p, t) in var_files {
        vids.push(map.add(PathBuf::from(p), Arc::from(*t)));
    }
    let extra: BTreeMap<PathBuf, Arc<str>> = extra
        .iter()
        .map(|(p, t)| (PathBuf::from(p), Arc::from(*t)))
        .collect();
    let read = move |p: &Path| -> Result<Arc<str>, String> {
        extra
            .get(p)
            .cloned()
            .ok_or_else(|| format!("{} is not readable", p.display()))
    };
    let input = TfInput {
        files: ids.iter().filter_map(|i| map.get(*i)).collect(),
        var_files: vids.iter().filter_map(|i| map.get(*i)).collect(),
        read_file: &read,
        options,
    };
    let out = load(&input);
    Loaded { map, out }
}

/// Loads a project directory from disk (every `.tf`, `.tfvars` and `.tf.json` under it).
pub fn load_dir(dir: &Path) -> Loaded {
    let mut paths = Vec::new();
    walk(dir, &mut paths);
    paths.sort();
    let mut map = SourceMap::new();
    let mut ids = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        ids.push(map.add(p, Arc::from(text)));
    }
    let root = dir.to_path_buf();
    let read = move |p: &Path| -> Result<Arc<str>, String> {
        if !p.starts_with(&root) {
            return Err("outside the scanned roots".into());
        }
        std::fs::read_to_string(p)
            .map(Arc::from)
            .map_err(|e| e.to_string())
    };
    let input = TfInput {
        files: ids.iter().filter_map(|i| map.get(*i)).collect(),
        var_files: Vec::new(),
        read_file: &read,
        options: TfOptions::default(),
    };
    let out = load(&input);
    Loaded { map, out }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            if !p.ends_with(".terraform") {
                walk(&p, out);
            }
        } else {
            let n = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if n.ends_with(".tf") || n.ends_with(".tfvars") || n.ends_with(".tf.json") {
                out.push(p);
            }
        }
    }
}

/// A compact text form of a value: strings quoted with holes as `<label>`,
/// `json(...)` for JSON-encoded values.
pub fn render(v: &Val) -> String {
    match &v.kind {
        ValKind::Null => "null".into(),
        ValKind::Bool(b) => b.to_string(),
        ValKind::Num(n) => n.clone(),
        ValKind::Str(s) => format!("{:?}", s.to_string()),
        ValKind::List(items) => format!(
            "[{}]",
            items.iter().map(render).collect::<Vec<_>>().join(", ")
        ),
        ValKind::Map(es) => format!(
            "{{{}}}",
            es.iter()
                .map(|e| format!("{} = {}", e.key, render(&e.val)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ValKind::Json(inner) => format!("json({})", render(inner)),
        ValKind::Unknown(h) => format!("<{}>", h.label),
    }
}

/// One line per resource, then its attributes one per line.
pub fn summary(l: &Loaded) -> String {
    let mut s = String::new();
    for r in &l.out.resources {
        s.push_str(&format!(
            "{} ({}{})\n",
            r.address,
            r.rtype,
            if r.is_data { ", data" } else { "" }
        ));
        if let ValKind::Map(es) = &r.attrs.kind {
            for e in es {
                s.push_str(&format!("  {} = {}\n", e.key, render(&e.val)));
            }
        }
    }
    for d in &l.out.diagnostics {
        s.push_str(&format!("{}\n", diag_line(&l.map, d)));
    }
    s
}
