//! Reporters: turn sorted findings and diagnostics into text (codespan-reporting),
//! JSON, SARIF 2.1.0 and GitHub workflow-command annotations.
//!
//! Every reporter is a pure function of a `Report` writing to `&mut dyn Write`: no file
//! or terminal access, no clock, no hash-map iteration, so output is byte-identical
//! across runs. This module owns the shared pieces: locations (line/column from spans,
//! repository-relative paths), the summary counts and the escaping of repository text.

pub mod github;
pub mod json;
pub mod linehash;
pub mod sarif;
pub mod summary;
pub mod text;

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::{Component, Path};

use crate::diag::{DiagLevel, Diagnostic};
use crate::finding::{Finding, Level};
use crate::source::{SourceFile, SourceMap, Span};

/// Everything a reporter prints. `findings` are sorted by the caller.
#[derive(Clone, Copy, Debug)]
pub struct Report<'a> {
    pub findings: &'a [Finding],
    pub diagnostics: &'a [Diagnostic],
    pub sources: &'a SourceMap,
    /// The repository root: paths in SARIF and JSON are made relative to it.
    pub repo_root: &'a Path,
    pub tool_version: &'a str,
}

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot write the report: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot serialise the report: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot render a diagnostic: {0}")]
    Render(String),
}

/// A span turned into a place a person or a tool can find: the repository-relative path
/// (forward slashes) and 1-based lines and columns. Columns come in two units: Unicode
/// characters (text, JSON, GitHub annotations) and UTF-16 code units (SARIF's default).
/// End columns are exclusive (the column after the last character).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub path: String,
    pub start_line: usize,
    pub start_column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub start_column_utf16: usize,
    pub end_column_utf16: usize,
}

impl Report<'_> {
    /// The place of a span, or `None` for `Span::NONE` and spans into unknown files.
    pub fn location(&self, span: Span) -> Option<Location> {
        if span.is_none() {
            return None;
        }
        let file = self.sources.get(span.file)?;
        // clamp into the text and back to character boundaries, so a bad span still
        // gives ordered positions
        let floor = |offset: u32| {
            let mut i = (offset as usize).min(file.text.len());
            while i > 0 && !file.text.is_char_boundary(i) {
                i -= 1;
            }
            u32::try_from(i).unwrap_or(u32::MAX)
        };
        let (start, end) = (
            floor(span.start.min(span.end)),
            floor(span.end.max(span.start)),
        );
        let (start_line, start_column) = file.line_col(start);
        let (end_line, end_column) = file.line_col(end);
        Some(Location {
            path: self.display_path(file),
            start_line,
            start_column,
            end_line,
            end_column,
            start_column_utf16: utf16_column(file, start_line, start_column),
            end_column_utf16: utf16_column(file, end_line, end_column),
        })
    }

    /// A file's path relative to `repo_root`, with `/` separators.
    pub fn display_path(&self, file: &SourceFile) -> String {
        relative_path(self.repo_root, &file.path)
    }

    /// Counts of findings by level, of diagnostics by level, and of files concerned.
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        let mut files = BTreeSet::new();
        for f in self.findings {
            match f.level {
                Level::Error => s.errors += 1,
                Level::Warning => s.warnings += 1,
                Level::Note => s.notes += 1,
            }
            if !f.primary.is_none() {
                files.insert(f.primary.file);
            }
        }
        for d in self.diagnostics {
            match d.level {
                DiagLevel::Error => s.diagnostic_errors += 1,
                DiagLevel::Warning => s.diagnostic_warnings += 1,
            }
            if let Some(file) = d.file {
                files.insert(file);
            }
        }
        s.files = files.len();
        s
    }
}

/// How many findings and diagnostics a report holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub diagnostic_errors: usize,
    pub diagnostic_warnings: usize,
    /// Files with at least one finding or diagnostic.
    pub files: usize,
}

/// The UTF-16 column of a character column on a 1-based line.
fn utf16_column(file: &SourceFile, line: usize, char_column: usize) -> usize {
    let text = file.line_text(line);
    let before: usize = text
        .chars()
        .take(char_column.saturating_sub(1))
        .map(char::len_utf16)
        .sum();
    // A column past the end of the line text (the line ending) counts one unit per char.
    let counted = text.chars().count().min(char_column.saturating_sub(1));
    before + (char_column.saturating_sub(1) - counted) + 1
}

/// `path` relative to `root` with `/` separators; `path` itself (normalised) when it
/// is not under `root`.
pub fn relative_path(root: &Path, path: &Path) -> String {
    let stripped = if root.as_os_str().is_empty() || root == Path::new(".") {
        path
    } else {
        path.strip_prefix(root).unwrap_or(path)
    };
    let mut parts: Vec<Cow<'_, str>> = Vec::new();
    let mut absolute = false;
    for c in stripped.components() {
        match c {
            Component::CurDir => {}
            Component::RootDir => absolute = true,
            Component::Prefix(p) => parts.push(p.as_os_str().to_string_lossy()),
            Component::ParentDir => parts.push(Cow::Borrowed("..")),
            Component::Normal(n) => parts.push(n.to_string_lossy()),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// Replaces terminal control characters (C0 except tab and newline, DEL, C1) and bidi
/// controls with visible stand-ins so repository text cannot move the cursor, change
/// colours, or reorder what a reader sees.
pub fn sanitize_terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe_char) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                if is_unsafe_char(c) {
                    replacement(c)
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// Like `sanitize_terminal`, and newlines become `\n` too: for text that must stay on
/// one line (messages, labels, paths), so it cannot fake a line of its own.
pub fn sanitize_terminal_line(s: &str) -> Cow<'_, str> {
    match sanitize_terminal(s) {
        Cow::Borrowed(b) if !b.contains('\n') => Cow::Borrowed(b),
        other => Cow::Owned(other.replace('\n', "\\n")),
    }
}

/// Like `sanitize_terminal`, but each replacement has the same length in bytes as the
/// character it replaces, so byte spans into the text stay valid.
pub(crate) fn sanitize_terminal_same_len(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\r' && is_unsafe_char(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c != '\r' && is_unsafe_char(c) {
            match c.len_utf8() {
                1 => out.push('?'),
                2 => out.push_str("??"),
                3 => out.push('\u{fffd}'),
                _ => out.push_str("????"),
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Writes `value` as pretty JSON, with the characters a terminal could act on that JSON
/// leaves raw (C1 controls such as U+009B CSI, bidi overrides) written as `\uXXXX`
/// escapes: they only occur inside strings, so the document means the same.
pub(crate) fn write_json_ascii_safe<T: serde::Serialize>(
    value: &T,
    out: &mut dyn std::io::Write,
) -> Result<(), ReportError> {
    let text = serde_json::to_string_pretty(value)?;
    if !text.chars().any(is_unsafe_char) {
        out.write_all(text.as_bytes())?;
        return Ok(());
    }
    let mut safe = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe_char(c) && c != '\n' && c != '\t' {
            safe.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            safe.push(c);
        }
    }
    out.write_all(safe.as_bytes())?;
    Ok(())
}

fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn replacement(c: char) -> String {
    match c {
        '\u{1b}' => "\\e".to_string(),
        '\r' => "\\r".to_string(),
        c if (c as u32) < 0x80 => format!("\\x{:02x}", c as u32),
        c => format!("\\u{{{:x}}}", c as u32),
    }
}

/// A stable 128-bit FNV-1a hash, as 32 hex digits (for logical fingerprints).
pub fn stable_hash(data: &str) -> String {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let mut h = OFFSET;
    for b in data.bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(PRIME);
    }
    format!("{h:032x}")
}

/// The identity of a finding that survives edits elsewhere in the file: a hash of the
/// rule and its logical key.
pub fn logical_fingerprint(f: &Finding) -> String {
    stable_hash(&format!("{}\u{0}{}", f.rule, f.logical_key))
}

#[cfg(test)]
pub(crate) mod testutil {
    //! A small two-file source map and findings over it, shared by the reporter tests.
    use std::path::PathBuf;
    use std::sync::Arc;

    use crate::diag::Diagnostic;
    use crate::finding::{Finding, Level, Related};
    use crate::source::{SourceMap, Span};

    pub const GLUE_TF: &str = "resource \"aws_glue_job\" \"load\" {\n  name     = \"load\"\n  role_arn = aws_iam_role.etl_runtime.arn\n}\n";
    pub const IAM_TF: &str = "resource \"aws_iam_role\" \"etl_runtime\" {\n  name = \"etl-runtime-role\"\n}\n\nresource \"aws_iam_group\" \"glue_access\" {\n  name = \"GlueAccess\"\n}\n\nresource \"aws_iam_group_policy_attachment\" \"glue_console\" {\n  group      = aws_iam_group.glue_access.name\n  policy_arn = \"arn:aws:iam::aws:policy/AWSGlueConsoleFullAccess\"\n}\n";

    pub fn span_of(map: &SourceMap, file: u32, needle: &str) -> Span {
        let text = map
            .get(file)
            .map(|f| f.text.clone())
            .unwrap_or_else(|| Arc::from(""));
        match text.find(needle) {
            Some(i) => Span::new(file, i, i + needle.len()),
            None => panic!("{needle:?} not in file {file}"),
        }
    }

    pub fn sources() -> SourceMap {
        let mut map = SourceMap::new();
        map.add(PathBuf::from("infra/glue.tf"), Arc::from(GLUE_TF));
        map.add(PathBuf::from("infra/iam.tf"), Arc::from(IAM_TF));
        map
    }

    pub fn findings(map: &SourceMap) -> Vec<Finding> {
        let role = Related {
            span: span_of(map, 1, "name = \"etl-runtime-role\""),
            label: "role etl-runtime-role".into(),
        };
        let group = Related {
            span: span_of(map, 1, "name = \"GlueAccess\""),
            label: "group GlueAccess".into(),
        };
        let policy = Related {
            span: span_of(
                map,
                1,
                "policy_arn = \"arn:aws:iam::aws:policy/AWSGlueConsoleFullAccess\"",
            ),
            label: "policy AWSGlueConsoleFullAccess".into(),
        };
        let primary = span_of(map, 0, "role_arn = aws_iam_role.etl_runtime.arn");
        vec![
            Finding {
                rule: "GL101",
                level: Level::Error,
                message: "group GlueAccess cannot pass role etl-runtime-role to Glue: AWSGlueConsoleFullAccess allows iam:PassRole only on AWSGlueServiceRole*".into(),
                primary,
                related: vec![group.clone(), role.clone(), policy.clone()],
                flow: vec![
                    Related { span: primary, label: "aws_glue_job.load passes role_arn (needs iam:PassRole)".into() },
                    role.clone(),
                    group.clone(),
                    Related { span: policy.span, label: "iam:PassRole only on role/AWSGlueServiceRole*".into() },
                ],
                evidence: vec![
                    "AWSGlueConsoleFullAccess: Allow iam:PassRole on arn:aws:iam::*:role/AWSGlueServiceRole* — resource does not match".into(),
                ],
                help: Some("allow iam:PassRole on aws_iam_role.etl_runtime.arn with iam:PassedToService = glue.amazonaws.com".into()),
                unknowns: vec![],
                logical_key: "GL101|aws_glue_job.load|aws_iam_group.glue_access|aws_iam_role.etl_runtime".into(),
            },
            Finding {
                rule: "GL103",
                level: Level::Warning,
                message: "a guardrail may deny iam:PassRole on role etl-runtime-role [when MFA is absent]".into(),
                primary,
                related: vec![group],
                flow: vec![],
                evidence: vec![],
                help: None,
                unknowns: vec!["aws:MultiFactorAuthPresent of the deploying session (known only at request time)".into()],
                logical_key: "GL103|aws_glue_job.load|aws_iam_group.glue_access".into(),
            },
        ]
    }

    pub fn diagnostics(map: &SourceMap) -> Vec<Diagnostic> {
        vec![Diagnostic::warning(
            "GL004",
            span_of(map, 1, "aws_iam_group.glue_access.name"),
            "function `templatefile` is not supported; the value is unknown",
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::sync::Arc;

    #[test]
    fn json_output_escapes_terminal_controls() {
        let mut buf = Vec::new();
        super::write_json_ascii_safe(
            &serde_json::json!({"a": "x\u{9b}2J\u{202e}\u{1b}y"}),
            &mut buf,
        )
        .expect("write");
        let text = String::from_utf8(buf).expect("utf-8");
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(text.contains("\\u009b2J\\u202e\\u001by"), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(back["a"], "x\u{9b}2J\u{202e}\u{1b}y");
    }

    #[test]
    fn relative_paths_use_forward_slashes() {
        assert_eq!(
            relative_path(Path::new("/repo"), Path::new("/repo/infra/glue.tf")),
            "infra/glue.tf"
        );
        assert_eq!(
            relative_path(Path::new("."), Path::new("./infra/glue.tf")),
            "infra/glue.tf"
        );
        assert_eq!(
            relative_path(Path::new(""), Path::new("infra/glue.tf")),
            "infra/glue.tf"
        );
        assert_eq!(
            relative_path(Path::new("/repo"), Path::new("/elsewhere/a.tf")),
            "/elsewhere/a.tf"
        );
        assert_eq!(
            relative_path(Path::new("infra"), Path::new("infra/a/b.tf")),
            "a/b.tf"
        );
    }

    #[test]
    fn locations_have_exclusive_end_and_utf16_columns() {
        let mut map = SourceMap::new();
        map.add(
            PathBuf::from("a.tf"),
            Arc::from("x = \"\u{1f600}é\" # ok\n"),
        );
        let report = Report {
            findings: &[],
            diagnostics: &[],
            sources: &map,
            repo_root: Path::new(""),
            tool_version: "0.0.0",
        };
        // the span of `# ok`: after an emoji (2 UTF-16 units, 1 char) and é (1 unit)
        let text = "x = \"\u{1f600}é\" # ok\n";
        let start = text.find('#').unwrap_or(0);
        let loc = report.location(Span::new(0, start, start + 4));
        let Some(loc) = loc else {
            panic!("no location")
        };
        assert_eq!(
            (loc.start_line, loc.start_column, loc.end_column),
            (1, 10, 14)
        );
        assert_eq!((loc.start_column_utf16, loc.end_column_utf16), (11, 15));
        assert!(report.location(Span::NONE).is_none());
        assert!(report.location(Span::new(7, 0, 1)).is_none());
    }

    #[test]
    fn sanitizes_control_characters() {
        assert_eq!(sanitize_terminal("plain"), "plain");
        assert_eq!(
            sanitize_terminal("a\u{1b}[31mred\rb\u{7}"),
            "a\\e[31mred\\rb\\x07"
        );
        assert_eq!(sanitize_terminal("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(sanitize_terminal("a\tb\nc"), "a\tb\nc");
        assert_eq!(sanitize_terminal_line("a\tb\nc\r"), "a\tb\\nc\\r");
        assert_eq!(sanitize_terminal_line("plain"), "plain");
        let s = "a\u{1b}b\u{85}c\u{202e}d\r\n";
        let same = sanitize_terminal_same_len(s);
        assert_eq!(same.len(), s.len());
        assert!(!same.contains('\u{1b}') && !same.contains('\u{202e}') && !same.contains('\u{85}'));
    }

    #[test]
    fn stable_hash_is_stable() {
        assert_eq!(stable_hash(""), "6c62272e07bb014262b821756295c58d");
        assert_ne!(stable_hash("a"), stable_hash("b"));
        assert_eq!(stable_hash("GL101"), stable_hash("GL101"));
    }

    #[test]
    fn summary_counts() {
        let map = testutil::sources();
        let findings = testutil::findings(&map);
        let diags = testutil::diagnostics(&map);
        let report = Report {
            findings: &findings,
            diagnostics: &diags,
            sources: &map,
            repo_root: Path::new(""),
            tool_version: "0.0.0",
        };
        let s = report.summary();
        assert_eq!(
            (
                s.errors,
                s.warnings,
                s.notes,
                s.diagnostic_warnings,
                s.files
            ),
            (1, 1, 0, 1, 2)
        );
    }
}
