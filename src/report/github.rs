//! GitHub Actions workflow-command annotations:
//! `::error file=infra/glue.tf,line=3,endLine=3,col=3,endColumn=42,title=GL101 Name::message`.
//!
//! The runner reads every output line that starts with `::` as a command, and paths,
//! names and messages come from the scanned repository, so everything is escaped as
//! actions/toolkit `command.ts` does: data gets `%` → `%25`, `\r` → `%0D`, `\n` → `%0A`;
//! property values also `:` → `%3A` and `,` → `%2C`. An escaped value is always one line,
//! so it cannot start a command of its own. GitHub shows at most 10 errors and 10
//! warnings per step: the rest are counted in one final notice.

use std::io::Write;

use super::{Report, ReportError};
use crate::diag::DiagLevel;
use crate::finding::Level;
use crate::source::Span;

/// Options of the annotation reporter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GithubOptions {
    /// How many annotations of each level (error, warning, notice) to print.
    pub max_per_level: usize,
}

impl Default for GithubOptions {
    fn default() -> GithubOptions {
        GithubOptions { max_per_level: 10 }
    }
}

/// Escapes the data part of a workflow command (after the second `::`). Other control
/// characters (ESC of a terminal escape sequence, BEL, ...) are shown escaped, as in the
/// text output: the runner's log would otherwise interpret them.
pub fn escape_data(s: &str) -> String {
    let s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    super::sanitize_terminal(&s).into_owned()
}

/// Escapes a property value (`file=`, `title=`, ...) of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Error,
    Warning,
    Notice,
}

impl Kind {
    fn command(self) -> &'static str {
        match self {
            Kind::Error => "error",
            Kind::Warning => "warning",
            Kind::Notice => "notice",
        }
    }
}

fn annotation(
    report: &Report<'_>,
    kind: Kind,
    span: Span,
    file: Option<u32>,
    title: &str,
    message: &str,
) -> String {
    let mut props = Vec::new();
    if let Some(loc) = report.location(span) {
        props.push(format!("file={}", escape_property(&loc.path)));
        props.push(format!("line={}", loc.start_line));
        props.push(format!("endLine={}", loc.end_line));
        if loc.start_line == loc.end_line {
            props.push(format!("col={}", loc.start_column));
            props.push(format!("endColumn={}", loc.end_column));
        }
    } else if let Some(f) = file.and_then(|f| report.sources.get(f)) {
        props.push(format!("file={}", escape_property(&report.display_path(f))));
    }
    props.push(format!("title={}", escape_property(title)));
    format!(
        "::{} {}::{}",
        kind.command(),
        props.join(","),
        escape_data(message)
    )
}

/// Writes one annotation per diagnostic and finding (up to the per-level limit), then a
/// notice counting the ones left out.
pub fn write_github(
    report: &Report<'_>,
    options: GithubOptions,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    let mut printed = [0usize; 3];
    let mut omitted = 0usize;
    let mut emit = |kind: Kind, line: String, out: &mut dyn Write| -> Result<(), ReportError> {
        let slot = &mut printed[kind as usize];
        if *slot < options.max_per_level {
            *slot += 1;
            writeln!(out, "{line}")?;
        } else {
            omitted += 1;
        }
        Ok(())
    };
    let mut diags: Vec<_> = report.diagnostics.iter().collect();
    diags.sort();
    for d in diags {
        let kind = match d.level {
            DiagLevel::Error => Kind::Error,
            DiagLevel::Warning => Kind::Warning,
        };
        let span = if d.span.start == 0 && d.span.end == 0 {
            Span::NONE
        } else {
            d.span
        };
        let title = match crate::catalog::rule(d.code) {
            Some(r) => format!("{} {}", d.code, r.name),
            None => d.code.to_string(),
        };
        emit(
            kind,
            annotation(report, kind, span, d.file, &title, &d.message),
            out,
        )?;
    }
    for f in report.findings {
        let kind = match f.level {
            Level::Error => Kind::Error,
            Level::Warning => Kind::Warning,
            Level::Note => Kind::Notice,
        };
        let title = match crate::catalog::rule(f.rule) {
            Some(r) => format!("{} {}", f.rule, r.name),
            None => f.rule.to_string(),
        };
        let mut message = f.message.clone();
        for u in &f.unknowns {
            message.push_str(&format!("\ndepends on an unknown value: {u}"));
        }
        if let Some(h) = &f.help {
            message.push_str(&format!("\nhelp: {h}"));
        }
        emit(
            kind,
            annotation(report, kind, f.primary, None, &title, &message),
            out,
        )?;
    }
    if omitted > 0 {
        writeln!(
            out,
            "::notice title=glue-lint::{}",
            escape_data(&format!(
                "{omitted} more annotation(s) not shown (GitHub shows {} per level); see the full report",
                options.max_per_level
            ))
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil;
    use std::path::Path;

    fn render(report: &Report<'_>, max: usize) -> String {
        let mut out = Vec::new();
        if let Err(e) = write_github(report, GithubOptions { max_per_level: max }, &mut out) {
            panic!("{e}");
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn escaping_rules() {
        assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae");
        // already-escaped looking input is escaped again, not decoded
        assert_eq!(escape_data("%0A"), "%250A");
        // terminal escape sequences from the repository are not passed to the log
        assert_eq!(escape_data("a\u{1b}[31mb\u{7}"), "a\\e[31mb\\x07");
        assert_eq!(escape_property("\u{1b}]8;;x"), "\\e]8;;x");
    }

    #[test]
    fn annotations_have_positions_and_titles() {
        let map = testutil::sources();
        let findings = testutil::findings(&map);
        let diags = testutil::diagnostics(&map);
        let report = Report {
            findings: &findings,
            diagnostics: &diags,
            sources: &map,
            repo_root: Path::new(""),
            tool_version: "0",
        };
        let text = render(&report, 10);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[0].starts_with("::warning file=infra/iam.tf,line=10,endLine=10,col=16,endColumn=46,title=GL004 UnsupportedConstruct::"), "{text}");
        assert!(
            lines[1].starts_with("::error file=infra/glue.tf,line=3,endLine=3,col=3,endColumn=42,title=GL101 DeployerCannotPassCustomNamedRole::group GlueAccess"),
            "{text}"
        );
        assert!(lines[1].contains("%0Ahelp: allow iam:PassRole"), "{text}");
        assert!(
            lines[2].contains("%0Adepends on an unknown value: aws:MultiFactorAuthPresent"),
            "{text}"
        );
    }

    #[test]
    fn forged_commands_stay_inert() {
        let mut map = crate::source::SourceMap::new();
        map.add(
            "a,line=1::x\n::set-output name=y.tf".into(),
            std::sync::Arc::from("role = 1\n"),
        );
        let mut findings = testutil::findings(&testutil::sources());
        findings.truncate(1);
        findings[0].primary = Span::new(0, 0, 4);
        findings[0].message =
            "ok\n::set-output name=pwned::1\r::error file=README.md,line=1::forged %0A".into();
        findings[0].help = None;
        let report = Report {
            findings: &findings,
            diagnostics: &[],
            sources: &map,
            repo_root: Path::new(""),
            tool_version: "0",
        };
        let text = render(&report, 10);
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(
            text.starts_with("::error file=a%2Cline=1%3A%3Ax%0A%3A%3Aset-output name=y.tf,line=1,"),
            "{text}"
        );
        assert!(
            text.contains(
                "::ok%0A::set-output name=pwned::1%0D::error file=README.md,line=1::forged %250A\n"
            ),
            "{text}"
        );
        for line in text.lines() {
            assert!(line.starts_with("::error "));
        }
    }

    #[test]
    fn caps_annotations_per_level() {
        let map = testutil::sources();
        let one = testutil::findings(&map).remove(0);
        let findings = vec![one; 12];
        let report = Report {
            findings: &findings,
            diagnostics: &[],
            sources: &map,
            repo_root: Path::new(""),
            tool_version: "0",
        };
        let text = render(&report, 10);
        assert_eq!(
            text.lines().filter(|l| l.starts_with("::error ")).count(),
            10
        );
        assert!(text.ends_with("::notice title=glue-lint::2 more annotation(s) not shown (GitHub shows 10 per level); see the full report\n"), "{text}");
    }
}
