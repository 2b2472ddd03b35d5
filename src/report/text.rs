//! The human-readable reporter: each finding and diagnostic as a codespan-reporting
//! diagnostic (`error[GL101]: message`, the primary label on the span, secondary
//! labels for related places, notes for evidence, unknown values and help), then one
//! summary line.
//!
//! Every string from the scanned repository (messages, labels, paths, source lines) has
//! its terminal control characters replaced before it is printed.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::termcolor::Ansi;
use codespan_reporting::term::{self, Config, Styles, StylesWriter};

use super::{
    sanitize_terminal_line as one_line, sanitize_terminal_same_len, Report, ReportError, Summary,
};
use crate::diag::DiagLevel;
use crate::finding::Level;
use crate::source::{FileId, Span};

/// Options of the text reporter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextOptions {
    /// Colour with ANSI escape codes.
    pub color: bool,
}

/// The files a report refers to, prepared for codespan-reporting.
struct Files<'a> {
    files: SimpleFiles<String, Cow<'a, str>>,
    ids: BTreeMap<FileId, usize>,
}

impl<'a> Files<'a> {
    fn new(report: &Report<'a>) -> Files<'a> {
        let mut files = Files {
            files: SimpleFiles::new(),
            ids: BTreeMap::new(),
        };
        let spans = report
            .findings
            .iter()
            .flat_map(|f| std::iter::once(f.primary).chain(f.related.iter().map(|r| r.span)))
            .chain(report.diagnostics.iter().map(|d| d.span));
        for span in spans {
            if span.is_none() || files.ids.contains_key(&span.file) {
                continue;
            }
            if let Some(file) = report.sources.get(span.file) {
                let name = one_line(&report.display_path(file)).into_owned();
                let text: &'a str = &file.text;
                let id = files.files.add(name, sanitize_terminal_same_len(text));
                files.ids.insert(span.file, id);
            }
        }
        files
    }

    /// The codespan file id and byte range of a span, clamped to character boundaries.
    fn range(&self, span: Span) -> Option<(usize, std::ops::Range<usize>)> {
        if span.is_none() {
            return None;
        }
        let id = *self.ids.get(&span.file)?;
        let text = self.files.get(id).ok()?.source();
        let floor = |mut i: usize| {
            i = i.min(text.len());
            while i > 0 && !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(span.start.min(span.end) as usize);
        let end = floor(span.end.max(span.start) as usize);
        Some((id, start..end))
    }
}

/// Writes every diagnostic, then every finding, then the summary line.
pub fn write_text(
    report: &Report<'_>,
    options: TextOptions,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    let files = Files::new(report);
    let config = Config::default();
    let styles = Styles::default();

    let mut diagnostics: Vec<_> = report.diagnostics.iter().collect();
    diagnostics.sort();
    let mut rendered: Vec<CsDiagnostic<usize>> = Vec::new();
    for d in diagnostics {
        let severity = match d.level {
            DiagLevel::Error => Severity::Error,
            DiagLevel::Warning => Severity::Warning,
        };
        let mut cs = CsDiagnostic::new(severity)
            .with_code(d.code)
            .with_message(one_line(&d.message));
        let whole_file = d.span.is_none() || (d.span.start == 0 && d.span.end == 0);
        match files.range(d.span) {
            Some((id, range)) if !whole_file => cs = cs.with_label(Label::primary(id, range)),
            _ => {
                if let Some(file) = d.file.and_then(|f| report.sources.get(f)) {
                    cs = cs.with_note(format!("in {}", one_line(&report.display_path(file))));
                }
            }
        }
        rendered.push(cs);
    }
    for f in report.findings {
        let severity = match f.level {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
            Level::Note => Severity::Note,
        };
        let mut cs = CsDiagnostic::new(severity)
            .with_code(f.rule)
            .with_message(one_line(&f.message));
        let mut labels = Vec::new();
        if let Some((id, range)) = files.range(f.primary) {
            labels.push(Label::primary(id, range));
        }
        for r in &f.related {
            if let Some((id, range)) = files.range(r.span) {
                labels.push(Label::secondary(id, range).with_message(one_line(&r.label)));
            }
        }
        let mut notes = Vec::new();
        for e in &f.evidence {
            notes.push(format!("evidence: {}", one_line(e)));
        }
        for u in &f.unknowns {
            notes.push(format!("depends on an unknown value: {}", one_line(u)));
        }
        if let Some(h) = &f.help {
            notes.push(format!("help: {}", one_line(h)));
        }
        if let Some(rule) = crate::catalog::rule(f.rule) {
            notes.push(format!(
                "rule: {} {} ({})",
                rule.id,
                rule.name,
                crate::catalog::help_uri(&rule.id)
            ));
        }
        cs = cs.with_labels(labels).with_notes(notes);
        rendered.push(cs);
    }

    if options.color {
        let mut writer = StylesWriter::new(Ansi::new(&mut *out), &styles);
        for cs in &rendered {
            term::emit_to_write_style(&mut writer, &config, &files.files, cs)
                .map_err(|e| ReportError::Render(e.to_string()))?;
        }
    } else {
        for cs in &rendered {
            term::emit_to_io_write(&mut *out, &config, &files.files, cs)
                .map_err(|e| ReportError::Render(e.to_string()))?;
        }
    }
    writeln!(out, "{}", summary_line(&report.summary()))?;
    Ok(())
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `1 error, 1 warning in 2 files` (plus input diagnostics when there are any).
pub fn summary_line(s: &Summary) -> String {
    let mut parts = vec![plural(s.errors, "error"), plural(s.warnings, "warning")];
    if s.notes > 0 {
        parts.push(plural(s.notes, "note"));
    }
    let mut line = format!("{} in {}", parts.join(", "), plural(s.files, "file"));
    if s.diagnostic_errors + s.diagnostic_warnings > 0 {
        line.push_str(&format!(
            "; input problems: {}, {}",
            plural(s.diagnostic_errors, "error"),
            plural(s.diagnostic_warnings, "warning")
        ));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil;
    use std::path::Path;

    fn render(report: &Report<'_>, color: bool) -> String {
        let mut out = Vec::new();
        if let Err(e) = write_text(report, TextOptions { color }, &mut out) {
            panic!("write_text failed: {e}");
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn renders_labels_notes_and_summary() {
        let map = testutil::sources();
        let findings = testutil::findings(&map);
        let diags = testutil::diagnostics(&map);
        let report = Report {
            findings: &findings,
            diagnostics: &diags,
            sources: &map,
            repo_root: Path::new(""),
            tool_version: "0.1.0",
        };
        let text = render(&report, false);
        assert!(
            text.contains("error[GL101]: group GlueAccess cannot pass role"),
            "{text}"
        );
        assert!(text.contains("infra/glue.tf:3:3"), "{text}");
        assert!(text.contains("group GlueAccess"), "{text}");
        assert!(text.contains("= help: allow iam:PassRole"), "{text}");
        assert!(
            text.contains("= depends on an unknown value: aws:MultiFactorAuthPresent"),
            "{text}"
        );
        assert!(text.contains("warning[GL004]"), "{text}");
        assert!(
            text.ends_with("1 error, 1 warning in 2 files; input problems: 0 errors, 1 warning\n"),
            "{text}"
        );
        assert!(!text.contains('\u{1b}'));
        let colored = render(&report, true);
        assert!(colored.contains('\u{1b}'));
    }

    #[test]
    fn escapes_control_characters_from_the_repository() {
        let mut map = crate::source::SourceMap::new();
        map.add(
            "evil\u{1b}]0;x\u{7}.tf".into(),
            std::sync::Arc::from("name = \"a\u{1b}[2Jb\"\n"),
        );
        let mut findings = testutil::findings(&testutil::sources());
        findings.truncate(1);
        findings[0].primary = Span::new(0, 0, 4);
        findings[0].related.clear();
        findings[0].message = "role \u{1b}[31mred\u{1b}[0m\r\n::error::x".into();
        let report = Report {
            findings: &findings,
            diagnostics: &[],
            sources: &map,
            repo_root: Path::new(""),
            tool_version: "0.1.0",
        };
        let text = render(&report, false);
        assert!(!text.contains('\u{1b}'), "{text:?}");
        assert!(!text.contains('\u{7}'), "{text:?}");
        assert!(!text.contains('\r'), "{text:?}");
        assert!(text.contains("\\e[31mred"), "{text:?}");
        // the forged newline stays inside the message line
        assert!(text.lines().all(|l| !l.starts_with("::")), "{text}");
        assert!(text.contains("\\r\\n::error::x"), "{text}");
    }

    #[test]
    fn empty_report_says_so() {
        let map = crate::source::SourceMap::new();
        let report = Report {
            findings: &[],
            diagnostics: &[],
            sources: &map,
            repo_root: Path::new(""),
            tool_version: "0.1.0",
        };
        assert_eq!(render(&report, false), "0 errors, 0 warnings in 0 files\n");
    }

    #[test]
    fn file_level_diagnostic_names_the_file() {
        let map = testutil::sources();
        let diags = vec![crate::diag::Diagnostic::file_error("GL001", 1, "not UTF-8")];
        let report = Report {
            findings: &[],
            diagnostics: &diags,
            sources: &map,
            repo_root: Path::new(""),
            tool_version: "0",
        };
        let text = render(&report, false);
        assert!(text.contains("error[GL001]: not UTF-8"), "{text}");
        assert!(text.contains("in infra/iam.tf"), "{text}");
    }
}
