//! The JSON reporter: a stable document for scripts.
//!
//! `{version, tool_version, findings: [...], diagnostics: [...], summary}`. Field names
//! and meanings are part of the interface: add fields, never rename them. Lines and
//! columns are 1-based, columns count Unicode characters, end columns are exclusive.
//! `location` is `null` for a place that is in no file.

use std::io::Write;

use serde::Serialize;

use super::{logical_fingerprint, Location, Report, ReportError, Summary};
use crate::diag::DiagLevel;
use crate::finding::Related;

/// The version of this document's shape.
pub const JSON_FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool_version: &'a str,
    findings: Vec<JsonFinding<'a>>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonLocation {
    path: String,
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

impl From<Location> for JsonLocation {
    fn from(l: Location) -> JsonLocation {
        JsonLocation {
            path: l.path,
            start_line: l.start_line,
            start_column: l.start_column,
            end_line: l.end_line,
            end_column: l.end_column,
        }
    }
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    label: &'a str,
    location: Option<JsonLocation>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    rule_name: Option<&'a str>,
    level: &'static str,
    message: &'a str,
    location: Option<JsonLocation>,
    related: Vec<JsonRelated<'a>>,
    flow: Vec<JsonRelated<'a>>,
    evidence: &'a [String],
    unknowns: &'a [String],
    help: Option<&'a str>,
    logical_key: &'a str,
    fingerprint: String,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    level: &'static str,
    message: &'a str,
    path: Option<String>,
    location: Option<JsonLocation>,
}

fn related<'a>(report: &Report<'_>, items: &'a [Related]) -> Vec<JsonRelated<'a>> {
    items
        .iter()
        .map(|r| JsonRelated {
            label: &r.label,
            location: report.location(r.span).map(JsonLocation::from),
        })
        .collect()
}

/// Writes the JSON document (pretty-printed, with a final newline).
pub fn write_json(report: &Report<'_>, out: &mut dyn Write) -> Result<(), ReportError> {
    let findings = report
        .findings
        .iter()
        .map(|f| JsonFinding {
            rule: f.rule,
            rule_name: crate::catalog::rule(f.rule).map(|r| r.name.as_str()),
            level: f.level.as_str(),
            message: &f.message,
            location: report.location(f.primary).map(JsonLocation::from),
            related: related(report, &f.related),
            flow: related(report, &f.flow),
            evidence: &f.evidence,
            unknowns: &f.unknowns,
            help: f.help.as_deref(),
            logical_key: &f.logical_key,
            fingerprint: logical_fingerprint(f),
        })
        .collect();
    let mut diags: Vec<_> = report.diagnostics.iter().collect();
    diags.sort();
    let diagnostics = diags
        .into_iter()
        .map(|d| {
            let whole_file = d.span.is_none() || (d.span.start == 0 && d.span.end == 0);
            JsonDiagnostic {
                code: d.code,
                level: match d.level {
                    DiagLevel::Error => "error",
                    DiagLevel::Warning => "warning",
                },
                message: &d.message,
                path: d
                    .file
                    .and_then(|f| report.sources.get(f))
                    .map(|f| report.display_path(f)),
                location: if whole_file {
                    None
                } else {
                    report.location(d.span).map(JsonLocation::from)
                },
            }
        })
        .collect();
    let doc = Document {
        version: JSON_FORMAT_VERSION,
        tool_version: report.tool_version,
        findings,
        diagnostics,
        summary: report.summary(),
    };
    super::write_json_ascii_safe(&doc, out)?;
    writeln!(out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil;
    use std::path::Path;

    #[test]
    fn document_shape() {
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
        let mut out = Vec::new();
        if let Err(e) = write_json(&report, &mut out) {
            panic!("{e}");
        }
        let v: serde_json::Value = match serde_json::from_slice(&out) {
            Ok(v) => v,
            Err(e) => panic!("not JSON: {e}"),
        };
        assert_eq!(v["version"], 1);
        assert_eq!(v["findings"][0]["rule"], "GL101");
        assert_eq!(
            v["findings"][0]["rule_name"],
            "DeployerCannotPassCustomNamedRole"
        );
        assert_eq!(v["findings"][0]["location"]["path"], "infra/glue.tf");
        assert_eq!(v["findings"][0]["location"]["start_line"], 3);
        assert_eq!(v["findings"][0]["location"]["start_column"], 3);
        assert_eq!(v["findings"][0]["location"]["end_column"], 42);
        assert_eq!(v["findings"][0]["related"][0]["label"], "group GlueAccess");
        assert_eq!(
            v["findings"][0]["related"][0]["location"]["path"],
            "infra/iam.tf"
        );
        assert_eq!(v["findings"][0]["flow"].as_array().map(Vec::len), Some(4));
        assert_eq!(
            v["findings"][0]["fingerprint"].as_str().map(str::len),
            Some(32)
        );
        assert_eq!(v["findings"][1]["level"], "warning");
        assert_eq!(v["diagnostics"][0]["code"], "GL004");
        assert_eq!(v["summary"]["errors"], 1);
        assert_eq!(v["summary"]["files"], 2);
    }

    #[test]
    fn repository_strings_are_escaped() {
        let map = testutil::sources();
        let mut findings = testutil::findings(&map);
        findings[0].message = "quote \" backslash \\ newline \n nul \u{0}".into();
        let report = Report {
            findings: &findings,
            diagnostics: &[],
            sources: &map,
            repo_root: Path::new(""),
            tool_version: "0",
        };
        let mut out = Vec::new();
        if let Err(e) = write_json(&report, &mut out) {
            panic!("{e}");
        }
        let text = String::from_utf8_lossy(&out);
        assert!(
            text.contains(r#"quote \" backslash \\ newline \n nul \u0000"#),
            "{text}"
        );
        let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(
            v["findings"][0]["message"],
            "quote \" backslash \\ newline \n nul \u{0}"
        );
    }
}
