//! `src/iam` must not depend on the rest of the crate: no `crate::` path outside
//! `crate::iam`, so the engine can become its own crate.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Every `crate::` path in `text` that does not start with `crate::iam`, with its line.
fn foreign_paths(text: &str) -> Vec<(usize, String)> {
    let mut bad = Vec::new();
    for (n, full) in text.lines().enumerate() {
        // Comments may name other modules; only code counts.
        let line = full.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            let before = rest[..i].chars().last();
            let after = &rest[i + "crate::".len()..];
            let ident_before = before.is_some_and(|c| c.is_alphanumeric() || c == '_');
            let inside = after.starts_with("iam::")
                || after.starts_with("iam;")
                || after.starts_with("iam}");
            if !ident_before && !inside {
                bad.push((n + 1, line.trim().to_string()));
            }
            rest = after;
        }
        // `use crate::{...}` groups that reach outside the engine.
        if line.contains("crate::{") && !line.contains("crate::{iam") {
            bad.push((n + 1, line.trim().to_string()));
        }
    }
    bad
}

#[test]
fn the_checker_catches_foreign_paths() {
    assert_eq!(
        foreign_paths("use crate::iam::sym::Tri;\nuse super::x;").len(),
        0
    );
    assert_eq!(foreign_paths("use crate::ir::Val;").len(), 1);
    assert_eq!(
        foreign_paths("let x = crate::diag::Diagnostic::new();").len(),
        1
    );
    assert_eq!(foreign_paths("use glue_crate::x;").len(), 0);
    assert_eq!(foreign_paths("//! re-exported by `crate::source`").len(), 0);
    assert_eq!(foreign_paths("use crate::{iam::Tri, ir::Val};").len(), 1);
}

#[test]
fn iam_imports_nothing_from_the_rest_of_the_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/iam");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(
        files.len() >= 5,
        "expected the engine's files under {}",
        root.display()
    );
    let mut bad = Vec::new();
    for f in &files {
        let text = fs::read_to_string(f).unwrap_or_default();
        for (line, src) in foreign_paths(&text) {
            bad.push(format!("{}:{line}: {src}", f.display()));
        }
    }
    assert!(
        bad.is_empty(),
        "src/iam must only use crate::iam paths:\n{}",
        bad.join("\n")
    );
}
