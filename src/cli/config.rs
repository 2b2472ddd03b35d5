//! `.glue-lint.yaml`: the project's configuration, found upward from the first scanned
//! path (or named with `--config`). Values on the command line win over the file.
//!
//! Keys: `deployers` (principals that deploy Glue jobs: IaC addresses or ARNs),
//! `account_id`, `region`, `partition`, `scp_files` (paths relative to the file).
//! An unknown key or a value of the wrong type is a GL006 diagnostic with its line;
//! the rest of the file still applies.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::parse::cloudformation::yaml::{parse, YKind, YNode};
use crate::source::{FileId, SourceMap, Span};

pub const FILE_NAME: &str = ".glue-lint.yaml";

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    pub deployers: Vec<String>,
    pub account_id: Option<String>,
    pub region: Option<String>,
    pub partition: Option<String>,
    /// Resolved against the configuration file's directory.
    pub scp_files: Vec<PathBuf>,
}

/// The nearest `.glue-lint.yaml` in `start` or its ancestors.
pub fn find(start: &Path) -> Option<PathBuf> {
    let abs = std::fs::canonicalize(start).ok()?;
    let mut dir = if abs.is_dir() {
        Some(abs.as_path())
    } else {
        abs.parent()
    };
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// Reads and parses the file into the source map (so diagnostics can point into it).
pub fn load(path: &Path, sources: &mut SourceMap, diagnostics: &mut Vec<Diagnostic>) -> Config {
    let shown = super::discover::display_path(path);
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let id = sources.add(shown, Arc::from(text.as_str()));
            let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
            parse_config(&text, id, &base, diagnostics)
        }
        Err(e) => {
            let id = sources.add(shown.clone(), Arc::from(""));
            diagnostics.push(Diagnostic::file_error(
                "GL006",
                id,
                format!("cannot read {}: {e}", shown.display()),
            ));
            Config::default()
        }
    }
}

fn scalar(v: &YNode, key: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    match &v.kind {
        YKind::Scalar(s, _) => Some(s.clone()),
        _ => {
            diagnostics.push(Diagnostic::error(
                "GL006",
                v.span,
                format!("`{key}` must be a string"),
            ));
            None
        }
    }
}

fn scalars(v: &YNode, key: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
    match &v.kind {
        YKind::Seq(items) => items
            .iter()
            .filter_map(|i| scalar(i, key, diagnostics))
            .collect(),
        YKind::Scalar(s, _) if !s.is_empty() => vec![s.clone()],
        YKind::Scalar(..) => Vec::new(),
        YKind::Map(_) => {
            diagnostics.push(Diagnostic::error(
                "GL006",
                v.span,
                format!("`{key}` must be a list of strings"),
            ));
            Vec::new()
        }
    }
}

/// Parses configuration text; pure.
pub fn parse_config(
    text: &str,
    file: FileId,
    base: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Config {
    let mut c = Config::default();
    let root = match parse(text, file) {
        Ok(Some(root)) => root,
        Ok(None) => return c,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                "GL006",
                Span::new(file, e.offset, e.offset),
                format!("configuration is not valid YAML: {}", e.message),
            ));
            return c;
        }
    };
    let Some(entries) = root.as_map() else {
        diagnostics.push(Diagnostic::error(
            "GL006",
            root.span,
            "the configuration must be a mapping of keys to values",
        ));
        return c;
    };
    for (k, v) in entries {
        let key = k.as_scalar().unwrap_or("");
        match key {
            "deployers" => c.deployers = scalars(v, key, diagnostics),
            "account_id" => c.account_id = scalar(v, key, diagnostics),
            "region" => c.region = scalar(v, key, diagnostics),
            "partition" => c.partition = scalar(v, key, diagnostics),
            "scp_files" => c.scp_files = scalars(v, key, diagnostics).into_iter().map(|p| base.join(p)).collect(),
            other => diagnostics.push(Diagnostic::error(
                "GL006",
                k.span,
                format!("unknown configuration key `{other}` (known: deployers, account_id, region, partition, scp_files)"),
            )),
        }
    }
    if let Some(a) = &c.account_id {
        if a.len() != 12 || !a.bytes().all(|b| b.is_ascii_digit()) {
            diagnostics.push(Diagnostic::error(
                "GL006",
                root.span,
                format!("account_id must be 12 digits, not {a:?}"),
            ));
            c.account_id = None;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_keys_are_read_and_unknown_ones_reported_with_their_place() {
        let text = "deployers:\n  - aws_iam_group.glue_access\naccount_id: \"111122223333\"\nregoin: eu-west-1\nscp_files: scp.json\n";
        let mut d = Vec::new();
        let c = parse_config(text, 3, Path::new("/repo"), &mut d);
        assert_eq!(c.deployers, vec!["aws_iam_group.glue_access".to_string()]);
        assert_eq!(c.account_id.as_deref(), Some("111122223333"));
        assert_eq!(c.scp_files, vec![PathBuf::from("/repo/scp.json")]);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("regoin"));
        assert_eq!(d[0].span.file, 3);
        assert_eq!(
            &text[d[0].span.start as usize..d[0].span.end as usize],
            "regoin"
        );
    }

    #[test]
    fn bad_values_are_diagnostics_not_panics() {
        let mut d = Vec::new();
        let c = parse_config(
            "account_id: 12\ndeployers: {a: b}\n",
            0,
            Path::new("."),
            &mut d,
        );
        assert_eq!(c.account_id, None);
        assert!(c.deployers.is_empty());
        assert_eq!(d.len(), 2);
        let mut d = Vec::new();
        parse_config("[unclosed", 0, Path::new("."), &mut d);
        assert_eq!(d.len(), 1);
    }
}
