//! Finding and reading the input files: explicit files and directory walks
//! (`.gitignore`-aware, symlinks not followed), read in parallel, added to the source
//! map in a deterministic order.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::parse::detect::detect;
use crate::source::{FileId, Format, SourceMap, Span};

/// Files larger than this are refused (a plan JSON of 20,000 jobs is well under it).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// A file that was read and recognised.
#[derive(Debug)]
pub struct Input {
    pub file: FileId,
    pub format: Format,
    /// Named on the command line (rather than found in a directory).
    pub explicit: bool,
}

#[derive(Debug, Default)]
pub struct Discovered {
    pub sources: SourceMap,
    pub inputs: Vec<Input>,
    pub diagnostics: Vec<Diagnostic>,
    /// The directories and files that were scanned (file()/templatefile() may read inside).
    pub roots: Vec<PathBuf>,
    /// For each plan named on the command line: the `.tf`/`.tfvars` files of its directory
    /// (read to fill its "known after apply" values; not analysed on their own).
    pub plan_sources: std::collections::BTreeMap<FileId, Vec<FileId>>,
}

/// Extensions worth reading in a directory walk.
fn candidate(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    matches!(ext, "tf" | "tfvars" | "json" | "yaml" | "yml" | "template")
        && !name.ends_with(".tf.json")
        && !name.ends_with(".tfstate")
        && name != "package.json"
        && name != "package-lock.json"
        && name != "tsconfig.json"
        && name != ".glue-lint.yaml"
}

/// Shows `p` relative to the current directory when it is inside it, with `/`.
pub fn display_path(p: &Path) -> PathBuf {
    let cwd = std::env::current_dir().ok();
    let rel = cwd
        .as_deref()
        .and_then(|c| p.strip_prefix(c).ok())
        .unwrap_or(p);
    let s = rel.to_string_lossy().replace('\\', "/");
    let s = s.strip_prefix("./").unwrap_or(&s).to_string();
    PathBuf::from(s)
}

pub fn discover(paths: &[PathBuf], extra: &[PathBuf]) -> Discovered {
    let mut out = Discovered::default();
    // (path, explicit)
    let mut found: Vec<(PathBuf, bool)> = Vec::new();
    let mut missing: Vec<(PathBuf, String)> = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(md) if md.is_dir() => {
                out.roots.push(p.clone());
                let walker = ignore::WalkBuilder::new(p)
                    .follow_links(false)
                    .hidden(true)
                    .git_ignore(true)
                    .git_global(false)
                    .git_exclude(false)
                    .require_git(false)
                    .filter_entry(|e| {
                        let n = e.file_name().to_str().unwrap_or("");
                        !(e.depth() > 0
                            && matches!(n, ".terraform" | "node_modules" | ".git" | "target"))
                    })
                    .build();
                for entry in walker {
                    match entry {
                        Ok(e) => {
                            if e.file_type().is_some_and(|t| t.is_file()) && candidate(e.path()) {
                                found.push((e.path().to_path_buf(), false));
                            }
                        }
                        Err(err) => missing.push((p.clone(), err.to_string())),
                    }
                }
            }
            Ok(_) => {
                out.roots
                    .push(p.parent().map(Path::to_path_buf).unwrap_or_default());
                found.push((p.clone(), true));
            }
            Err(e) => missing.push((p.clone(), e.to_string())),
        }
    }
    for p in extra {
        found.push((p.clone(), true));
    }
    found.sort();
    found.dedup_by(|a, b| a.0 == b.0);

    let read: Vec<(PathBuf, bool, Result<String, String>)> = found
        .into_par_iter()
        .map(|(p, explicit)| {
            let r = read_text(&p);
            (p, explicit, r)
        })
        .collect();

    for (p, msg) in missing {
        let id = out.sources.add(display_path(&p), Arc::from(""));
        out.diagnostics.push(Diagnostic::file_error(
            "GL001",
            id,
            format!("cannot read {}: {msg}", display_path(&p).display()),
        ));
    }
    for (p, explicit, r) in read {
        let shown = display_path(&p);
        match r {
            Ok(text) => {
                let format = detect(&p, &text);
                let id = out.sources.add(shown.clone(), Arc::from(text));
                match format {
                    Some(format) => out.inputs.push(Input { file: id, format, explicit }),
                    None if explicit => out.diagnostics.push(Diagnostic::file_error(
                        "GL001",
                        id,
                        format!("{} is not a Terraform file, a Terraform plan (`terraform show -json`) or a CloudFormation template", shown.display()),
                    )),
                    None => {}
                }
            }
            Err(msg) => {
                let id = out.sources.add(shown.clone(), Arc::from(""));
                out.diagnostics.push(Diagnostic::file_error(
                    "GL001",
                    id,
                    format!("cannot read {}: {msg}", shown.display()),
                ));
            }
        }
    }
    // The sources beside explicit plans.
    let plans: Vec<(FileId, PathBuf)> = out
        .inputs
        .iter()
        .filter(|i| i.format == Format::Plan && i.explicit)
        .filter_map(|i| {
            out.sources.get(i.file).map(|f| {
                (
                    i.file,
                    f.path.parent().map(Path::to_path_buf).unwrap_or_default(),
                )
            })
        })
        .collect();
    for (plan, dir) in plans {
        let dir = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir
        };
        let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(&dir)
            .follow_links(false)
            .require_git(false)
            .filter_entry(|e| {
                !matches!(
                    e.file_name().to_str(),
                    Some(".terraform" | "node_modules" | ".git" | "target")
                )
            })
            .build()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
            .map(|e| e.into_path())
            .filter(|p| {
                matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("tf" | "tfvars")
                )
            })
            .collect();
        files.sort();
        let mut ids = Vec::new();
        for p in files {
            if let Ok(text) = read_text(&p) {
                ids.push(out.sources.add(display_path(&p), Arc::from(text)));
            }
        }
        if !ids.is_empty() {
            out.plan_sources.insert(plan, ids);
        }
    }
    out
}

fn read_text(p: &Path) -> Result<String, String> {
    let md = std::fs::metadata(p).map_err(|e| e.to_string())?;
    // A FIFO, socket or device never ends (or blocks forever): only regular files are read.
    if !md.is_file() {
        return Err("not a regular file".to_string());
    }
    if md.len() > MAX_FILE_BYTES {
        return Err(format!(
            "file is larger than {} MiB",
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    let bytes = std::fs::read(p).map_err(|e| e.to_string())?;
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .map(<[u8]>::to_vec)
        .unwrap_or(bytes);
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let before = e.as_bytes().get(..at).unwrap_or_default();
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = at
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        format!("not UTF-8 text (invalid byte at line {line}, column {column}, offset {at})")
    })
}

/// A reader for `file()`/`templatefile()` that refuses paths outside the scanned roots
/// (after resolving `..` and symlinks).
pub fn root_reader(roots: &[PathBuf]) -> impl Fn(&Path) -> Result<Arc<str>, String> + Sync {
    let roots: Vec<PathBuf> = roots
        .iter()
        .filter_map(|r| {
            std::fs::canonicalize(if r.as_os_str().is_empty() {
                Path::new(".")
            } else {
                r
            })
            .ok()
        })
        .collect();
    move |p: &Path| {
        let real = std::fs::canonicalize(p)
            .map_err(|e| format!("cannot read {}: {e}", display_path(p).display()))?;
        if !roots.iter().any(|r| real.starts_with(r)) {
            return Err(format!(
                "{} is outside the scanned directories; not read",
                display_path(p).display()
            ));
        }
        read_text(&real).map(Arc::from)
    }
}

/// Unused span helper for diagnostics about whole files.
pub fn file_span(id: FileId) -> Span {
    Span {
        file: id,
        start: 0,
        end: 0,
    }
}
