//! The Terraform HCL loader: finds root modules among the scanned `.tf` files, parses them
//! with spans (hcl-edit), evaluates every root module with its local child modules and
//! variable files, and returns the resources and data sources as `ir::RawResource`s.
//!
//! Evaluation is symbolic: what Terraform would only know at apply time (a generated name,
//! an account id, a variable without a value) becomes a hole with a label saying what it
//! is. Evaluation lives in `eval`, functions in `funcs`, the attributes that providers
//! compute (ARNs and the like) and data sources in `model`.

mod eval;
mod funcs;
mod model;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use hcl_edit::structure::{Body, Structure};
use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::ir::LoadOutput;
use crate::source::{SourceFile, Span};

/// Values that fill the holes every configuration has.
#[derive(Clone, Debug, Default)]
pub struct TfOptions {
    pub account_id: Option<String>,
    pub region: Option<String>,
    pub partition: Option<String>,
}

/// What the loader is given.
pub struct TfInput<'a> {
    /// every `.tf`, `.tf.json` (out of scope: skipped with a GL004 warning), `*.tfvars`
    /// (`terraform.tfvars`, `*.auto.tfvars`) file found under the scanned roots, already read
    pub files: Vec<&'a SourceFile>,
    /// extra `-var-file`s given on the command line (in order), already read
    pub var_files: Vec<&'a SourceFile>,
    /// reads a file for file()/templatefile(); the CLI refuses paths outside the scanned roots
    pub read_file: &'a (dyn Fn(&Path) -> Result<Arc<str>, String> + Sync),
    pub options: TfOptions,
}

/// One parsed file.
pub(crate) struct Parsed<'a> {
    pub file: &'a SourceFile,
    pub body: Body,
}

/// Loads every root module found among `input.files`.
pub fn load<'a>(input: &TfInput<'a>) -> LoadOutput {
    let mut out = LoadOutput::default();

    let mut tf: Vec<&'a SourceFile> = Vec::new();
    let mut vars: Vec<&SourceFile> = Vec::new();
    for f in &input.files {
        let name = file_name(&f.path);
        if name.ends_with(".tf.json") || name.ends_with(".tfvars.json") {
            out.diagnostics.push(Diagnostic::warning(
                "GL004",
                Span {
                    file: f.id,
                    start: 0,
                    end: 0,
                },
                "Terraform JSON syntax is not supported; the file is skipped",
            ));
        } else if name.ends_with(".tf") {
            tf.push(f);
        } else if name == "terraform.tfvars" || name.ends_with(".auto.tfvars") {
            vars.push(f);
        }
    }
    tf.sort_by(|a, b| a.path.cmp(&b.path));

    let parsed_tf: Vec<(Option<Parsed>, Option<Diagnostic>)> = tf
        .par_iter()
        .map(|f| match parse(f) {
            Ok(p) => (Some(p), None),
            Err(d) => (None, Some(d)),
        })
        .collect();
    let mut modules: BTreeMap<PathBuf, Vec<Parsed>> = BTreeMap::new();
    for (p, d) in parsed_tf {
        out.diagnostics.extend(d);
        if let Some(p) = p {
            modules.entry(dir_of(&p.file.path)).or_default().push(p);
        }
    }
    // Directories with `.tf` files that failed to parse still count as modules.
    for f in &tf {
        modules.entry(dir_of(&f.path)).or_default();
    }

    let mut var_parsed: BTreeMap<PathBuf, Vec<Parsed>> = BTreeMap::new();
    for f in &vars {
        match parse(f) {
            Ok(p) => var_parsed.entry(dir_of(&f.path)).or_default().push(p),
            Err(d) => out.diagnostics.push(d),
        }
    }
    for list in var_parsed.values_mut() {
        // terraform.tfvars first, then *.auto.tfvars in lexical order
        list.sort_by_key(|p| {
            (
                file_name(&p.file.path) != "terraform.tfvars",
                p.file.path.clone(),
            )
        });
    }
    let mut extra: Vec<Parsed> = Vec::new();
    for f in &input.var_files {
        match parse(f) {
            Ok(p) => extra.push(p),
            Err(d) => out.diagnostics.push(d),
        }
    }

    // Roots: directories no local `module` block sources.
    let mut sourced: BTreeSet<PathBuf> = BTreeSet::new();
    for (dir, files) in &modules {
        for p in files {
            for s in p.body.iter() {
                if let Structure::Block(b) = s {
                    if b.ident.as_str() == "module" {
                        if let Some(src) = module_source(b) {
                            if is_local_source(&src) {
                                sourced.insert(normalize(&dir.join(&src)));
                            }
                        }
                    }
                }
            }
        }
    }
    let roots: Vec<&PathBuf> = modules.keys().filter(|d| !sourced.contains(*d)).collect();

    let results: Vec<LoadOutput> = roots
        .par_iter()
        .map(|root| {
            let mut tfvars: Vec<&Parsed> = var_parsed
                .get(*root)
                .map(|v| v.iter().collect())
                .unwrap_or_default();
            tfvars.extend(extra.iter());
            with_big_stack(|| eval::evaluate_root(root, &modules, &tfvars, input))
        })
        .collect();
    for r in results {
        out.resources.extend(r.resources);
        out.diagnostics.extend(r.diagnostics);
    }
    out.diagnostics.sort();
    out.diagnostics.dedup();
    out
}

/// Stack for evaluating one root module: evaluation recurses through references (depth
/// capped by `eval`), which needs more than a worker thread's default stack.
const EVAL_STACK: usize = 256 << 20;

/// Runs `f` on a scoped thread with a large stack (or here, if no thread can be started).
fn with_big_stack<T: Send>(f: impl Fn() -> T + Sync) -> T {
    let res = std::thread::scope(|s| {
        match std::thread::Builder::new()
            .stack_size(EVAL_STACK)
            .spawn_scoped(s, &f)
        {
            Ok(h) => match h.join() {
                Ok(v) => Some(v),
                Err(p) => std::panic::resume_unwind(p),
            },
            Err(_) => None,
        }
    });
    match res {
        Some(v) => v,
        None => f(),
    }
}

/// How many repeated keys of object literals one file may have (each costs a re-parse).
const MAX_REPEATED_KEYS: usize = 32;

fn parse<'a>(f: &'a SourceFile) -> Result<Parsed<'a>, Diagnostic> {
    let mut text: std::borrow::Cow<str> = std::borrow::Cow::Borrowed(&f.text);
    let mut rewrites = 0;
    loop {
        match hcl_edit::parser::parse_body(&text) {
            Ok(body) => return Ok(Parsed { file: f, body }),
            Err(e) => {
                let off = e.location().offset();
                // Terraform accepts a repeated key in an object literal (the last one
                // wins, which the evaluator does); the parser refuses it, so the repeated
                // key is re-spelt to a different key expression of the same value and the
                // same length (`a` → `"a"`, `"a"` → `("a")`, taking the two bytes from
                // the blanks around it), which keeps every span valid.
                if rewrites < MAX_REPEATED_KEYS && e.message().contains("redefined object key") {
                    if let Some(t) = respell_repeated_key(&text, off) {
                        text = std::borrow::Cow::Owned(t);
                        rewrites += 1;
                        continue;
                    }
                }
                let end = (off + 1).min(f.text.len()).max(off);
                return Err(Diagnostic::error(
                    "GL002",
                    Span::new(f.id, off, end),
                    format!("syntax error: {}", e.message()),
                ));
            }
        }
    }
}

/// The text with the object key at `off` wrapped in quotes (an identifier) or parentheses
/// (a quoted string), using two blanks around it so the length is unchanged; `None` when
/// there are not two blanks or the key is of another kind.
fn respell_repeated_key(text: &str, off: usize) -> Option<String> {
    let rest = text.get(off..)?;
    let bytes = rest.as_bytes();
    let (len, open, close) = match bytes.first()? {
        b'"' => {
            let mut i = 1;
            loop {
                match bytes.get(i)? {
                    b'\\' => i += 2,
                    b'"' => break (i + 1, "(", ")"),
                    b'\n' => return None,
                    _ => i += 1,
                }
            }
        }
        c if c.is_ascii_alphabetic() || *c == b'_' => {
            let n = bytes
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))
                .count();
            (n, "\"", "\"")
        }
        _ => return None,
    };
    let blank = |c: &u8| matches!(c, b' ' | b'\t');
    let before = text.get(..off)?.bytes().rev().take_while(blank).count();
    let after = bytes.get(len..)?.iter().take_while(|c| blank(c)).count();
    let take_before = before.min(2);
    let take_after = 2 - take_before;
    if take_after > after {
        return None;
    }
    let key = rest.get(..len)?;
    let out = format!(
        "{}{open}{key}{close}{}",
        text.get(..off - take_before)?,
        rest.get(len + take_after..)?
    );
    (out.len() == text.len()).then_some(out)
}

pub(crate) fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub(crate) fn dir_of(p: &Path) -> PathBuf {
    normalize(p.parent().unwrap_or(Path::new("")))
}

/// Lexical normalisation: drops `.`, resolves `..` against earlier components.
pub(crate) fn normalize(p: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir) | Some(Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            other => out.push(other),
        }
    }
    out.iter().collect()
}

pub(crate) fn module_source(b: &hcl_edit::structure::Block) -> Option<String> {
    let a = b.body.get_attribute("source")?;
    match &a.value {
        hcl_edit::expr::Expression::String(s) => Some(s.value().to_string()),
        _ => None,
    }
}

pub(crate) fn is_local_source(s: &str) -> bool {
    s.starts_with("./") || s.starts_with("../") || s == "." || s == ".."
}
