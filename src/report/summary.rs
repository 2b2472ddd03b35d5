//! The Markdown job summary (`--summary FILE`, meant for `$GITHUB_STEP_SUMMARY`): counts,
//! a table of findings, and each finding's chain (job → role → deployer → statement) as
//! a mermaid diagram.
//!
//! Everything taken from the repository (paths, names, messages) is escaped: table cells
//! get HTML entities for every character Markdown or HTML could read (`|`, backticks,
//! `<`, `>`, brackets, `*`, `_`, `@`, ...), newlines become spaces, and mermaid labels go
//! through `graph::mermaid_escape`. GitHub rejects a step summary over 1 MiB, so the
//! output stops adding findings at `max_bytes` and says how many were left out.

use std::fmt::Write as _;
use std::io::Write;

use super::{Report, ReportError};
use crate::diag::DiagLevel;
use crate::graph::mermaid_escape;

/// Options of the summary reporter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryOptions {
    /// `https://github.com/owner/repo/blob/<sha>/`: locations become links when set.
    pub blob_url: Option<String>,
    /// How many findings get a chain diagram.
    pub max_diagrams: usize,
    /// Stop adding findings past this many bytes.
    pub max_bytes: usize,
}

impl Default for SummaryOptions {
    fn default() -> SummaryOptions {
        SummaryOptions {
            blob_url: None,
            max_diagrams: 20,
            max_bytes: 900 * 1024,
        }
    }
}

impl SummaryOptions {
    /// The blob URL from the variables GitHub sets (`GITHUB_SERVER_URL`,
    /// `GITHUB_REPOSITORY`, `GITHUB_SHA`), when all are present and plain.
    pub fn blob_url_from(server: &str, repository: &str, sha: &str) -> Option<String> {
        let plain = |s: &str, extra: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c) || extra.contains(c))
        };
        let server = server.trim_end_matches('/');
        let host = server.strip_prefix("https://")?;
        if !plain(host, ":") || !plain(repository, "/") || !plain(sha, "") {
            return None;
        }
        Some(format!("{server}/{repository}/blob/{sha}/"))
    }
}

/// Escapes repository text for a Markdown table cell or paragraph: one line, nothing
/// Markdown or HTML could interpret.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c if c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    ' ' | '-' | '.' | ',' | ':' | '/' | '=' | '\'' | '"' | '?' | '(' | ')'
                ) =>
            {
                out.push(c)
            }
            c if !c.is_ascii() => out.push(c),
            c => {
                let _ = write!(out, "&#{};", c as u32);
            }
        }
    }
    out
}

/// Percent-encodes a repository path for a URL.
fn url_path(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Writes the summary.
pub fn write_summary(
    report: &Report<'_>,
    options: &SummaryOptions,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    let s = report.summary();
    let mut md = String::new();
    let _ = writeln!(
        md,
        "## glue-lint: {}, {}, {}\n",
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings"),
        plural(s.notes, "note", "notes")
    );
    if s.diagnostic_errors + s.diagnostic_warnings > 0 {
        let _ = writeln!(
            md,
            "Input problems: {}, {} (the analysis of those files is partial).\n",
            plural(s.diagnostic_errors, "error", "errors"),
            plural(s.diagnostic_warnings, "warning", "warnings")
        );
        let _ = writeln!(
            md,
            "| Level | Code | Location | Problem |\n|---|---|---|---|"
        );
        let mut diags: Vec<_> = report.diagnostics.iter().collect();
        diags.sort();
        for d in diags.iter().take(50) {
            let place = report
                .location(d.span)
                .map(|l| format!("{}:{}", l.path, l.start_line))
                .or_else(|| {
                    d.file
                        .and_then(|f| report.sources.get(f))
                        .map(|f| report.display_path(f))
                })
                .unwrap_or_default();
            let level = match d.level {
                DiagLevel::Error => "error",
                DiagLevel::Warning => "warning",
            };
            let _ = writeln!(
                md,
                "| {level} | {} | {} | {} |",
                d.code,
                md_escape(&place),
                md_escape(&d.message)
            );
        }
        if diags.len() > 50 {
            let _ = writeln!(md, "\n{} more input problems not shown.", diags.len() - 50);
        }
        md.push('\n');
    }
    if report.findings.is_empty() {
        md.push_str("No findings.\n");
        out.write_all(md.as_bytes())?;
        return Ok(());
    }
    let _ = writeln!(
        md,
        "| Level | Rule | Location | Finding |\n|---|---|---|---|"
    );
    let mut details = String::new();
    let mut shown = 0usize;
    for (i, f) in report.findings.iter().enumerate() {
        if md.len() + details.len() > options.max_bytes {
            break;
        }
        shown += 1;
        let rule = match crate::catalog::rule(f.rule) {
            Some(r) => format!("{} {}", f.rule, r.name),
            None => f.rule.to_string(),
        };
        let loc = report.location(f.primary);
        let place = match &loc {
            Some(l) => {
                let text = md_escape(&format!("{}:{}", l.path, l.start_line));
                match &options.blob_url {
                    Some(base) => format!(
                        "[{text}]({base}{}#L{}-L{})",
                        url_path(&l.path),
                        l.start_line,
                        l.end_line
                    ),
                    None => text,
                }
            }
            None => String::new(),
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} |",
            f.level.as_str(),
            md_escape(&rule),
            place,
            md_escape(&f.message)
        );
        if i < options.max_diagrams {
            let _ = writeln!(
                details,
                "<details><summary>{} {}</summary>\n",
                md_escape(f.rule),
                md_escape(&f.message)
            );
            if f.flow.len() > 1 {
                details.push_str("```mermaid\nflowchart LR\n");
                for (n, step) in f.flow.iter().enumerate() {
                    let _ = writeln!(details, "  s{n}[\"{}\"]", mermaid_escape(&step.label));
                }
                for n in 1..f.flow.len() {
                    let _ = writeln!(details, "  s{} --> s{n}", n - 1);
                }
                details.push_str("```\n\n");
            }
            for e in f.evidence.iter().take(20) {
                let _ = writeln!(details, "- {}", md_escape(e));
            }
            if let Some(h) = &f.help {
                let _ = writeln!(details, "\n**Fix:** {}", md_escape(h));
            }
            details.push_str("\n</details>\n\n");
        }
    }
    if shown < report.findings.len() {
        let _ = writeln!(
            md,
            "\n{} more findings not shown: see the code scanning alerts or the SARIF file.",
            report.findings.len() - shown
        );
    }
    md.push('\n');
    md.push_str(&details);
    out.write_all(md.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::testutil;
    use super::*;
    use std::path::Path;

    #[test]
    fn repository_text_cannot_break_the_table_or_inject_markup() {
        let e = md_escape("a|b`c<img src=x>[l](http://e)\n::error::x @team *b* _i_");
        for bad in ['|', '`', '<', '>', '[', ']', '\n', '@', '*', '_'] {
            assert!(!e.contains(bad), "{bad:?} in {e}");
        }
    }

    #[test]
    fn blob_url_needs_plain_values() {
        assert_eq!(
            SummaryOptions::blob_url_from("https://github.com", "o/r", "abc123").as_deref(),
            Some("https://github.com/o/r/blob/abc123/")
        );
        assert_eq!(
            SummaryOptions::blob_url_from("https://github.com", "o/r)x", "abc"),
            None
        );
        assert_eq!(
            SummaryOptions::blob_url_from("javascript:x", "o/r", "a"),
            None
        );
    }

    #[test]
    fn summary_has_counts_rows_and_a_chain() {
        let map = testutil::sources();
        let findings = testutil::findings(&map);
        let report = Report {
            findings: &findings,
            diagnostics: &[],
            sources: &map,
            repo_root: Path::new(""),
            tool_version: "0",
        };
        let mut buf = Vec::new();
        assert!(write_summary(&report, &SummaryOptions::default(), &mut buf).is_ok());
        let text = String::from_utf8_lossy(&buf);
        assert!(text.starts_with("## glue-lint: "), "{text}");
        let rows = text.lines().filter(|l| l.starts_with("| ")).count();
        assert_eq!(rows, findings.len() + 1, "{text}");
        if findings.iter().any(|f| f.flow.len() > 1) {
            assert!(text.contains("```mermaid\nflowchart LR\n"), "{text}");
        }
        let mut small = Vec::new();
        let opts = SummaryOptions {
            max_bytes: 10,
            ..SummaryOptions::default()
        };
        assert!(write_summary(&report, &opts, &mut small).is_ok());
        let text = String::from_utf8_lossy(&small);
        assert!(text.contains("more findings not shown"), "{text}");
    }
}
