//! The SARIF 2.1.0 reporter, in the shape GitHub code scanning reads
//! (`shared/sarif/RESEARCH.md` §5).
//!
//! One run. `tool.driver.rules` holds every rule of the catalog (sorted by id, so
//! `ruleIndex` is stable); the tool's own diagnostics (`GL0xx`) are described in
//! `tool.driver.notifications` and reported as `invocations[0].toolExecutionNotifications`,
//! never as results. A result has one location (the repository-relative `uri` of the
//! span's file and a region with 1-based lines and UTF-16 columns, end column
//! exclusive), related locations linked from the message with `[label](id)`, a code
//! flow along the finding's path, and two fingerprints: upload-sarif's
//! `primaryLocationLineHash` and `glueLint/v1`, a hash of the finding's logical key. A
//! finding whose primary span is in no file becomes a notification, since GitHub cannot
//! show a result without a location.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use super::linehash::{line_hash, line_hashes};
use super::{logical_fingerprint, Location, Report, ReportError};
use crate::catalog::{self, RuleMeta};
use crate::diag::DiagLevel;
use crate::finding::{Finding, Level};
use crate::source::{FileId, Span};

pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    automation_details: Option<AutomationDetails>,
    invocations: Vec<Invocation>,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct AutomationDetails {
    id: String,
}

/// Options of the SARIF reporter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SarifOptions {
    /// The code-scanning category (`automationDetails.id` = `<category>/`). GitHub keeps
    /// one analysis per tool and category, so each invocation over a different part of a
    /// repository needs its own. `None` leaves it to the uploader.
    pub category: Option<String>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'a str,
    semantic_version: &'a str,
    information_uri: &'static str,
    rules: Vec<Descriptor>,
    notifications: Vec<Descriptor>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

fn text(s: impl Into<String>) -> Text {
    Text { text: s.into() }
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: String,
    name: String,
    short_description: Text,
    full_description: Text,
    help_uri: String,
    help: Help,
    default_configuration: DefaultConfiguration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct DefaultConfiguration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    precision: &'static str,
    #[serde(rename = "problem.severity", skip_serializing_if = "Option::is_none")]
    problem_severity: Option<&'static str>,
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Notification {
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    descriptor: Option<DescriptorRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    associated_rule: Option<DescriptorRef>,
}

#[derive(Serialize)]
struct DescriptorRef {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    kind: &'static str,
    message: Text,
    locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    code_flows: Vec<CodeFlow>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    properties: ResultProperties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties {
    #[serde(rename = "glueLint")]
    glue_lint: GlueLintProperties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GlueLintProperties {
    logical_key: String,
    /// `certain` or `unknown-values`.
    confidence: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    evidence: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unknowns: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
    #[serde(skip_serializing_if = "Option::is_none")]
    context_region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    end_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CodeFlow {
    message: Text,
    thread_flows: Vec<ThreadFlow>,
}

#[derive(Serialize)]
struct ThreadFlow {
    locations: Vec<ThreadFlowLocation>,
}

#[derive(Serialize)]
struct ThreadFlowLocation {
    location: SarifLocation,
}

fn level_str(level: Level) -> &'static str {
    level.as_str()
}

/// Escapes `\`, `[` and `]` so repository text in a SARIF message cannot form an
/// embedded link (SARIF §3.11.6).
pub fn escape_message(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Percent-encodes what may not appear in a relative URI reference, keeping `/`.
pub fn path_to_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.' | b'_' | b'~' | b'/' | b'!' | b'$' | b'&' | b'\'' | b'(' | b')'
            )
            || matches!(b, b'*' | b'+' | b',' | b';' | b'=' | b'@');
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Plain text of catalog markdown: no emphasis or code marks, each paragraph or list
/// item on one line, blank lines between blocks, code blocks indented by four spaces.
fn plain(markdown: &str) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_code = false;
    let flush = |current: &mut String, blocks: &mut Vec<String>| {
        if !current.is_empty() {
            blocks.push(std::mem::take(current));
        }
    };
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            flush(&mut current, &mut blocks);
            in_code = !in_code;
            continue;
        }
        if in_code {
            if !current.is_empty() {
                current.push('\n');
            }
            current.push_str("    ");
            current.push_str(line);
            continue;
        }
        let line = line.trim();
        if line.is_empty() {
            flush(&mut current, &mut blocks);
            continue;
        }
        if let Some(heading) = line.strip_prefix("## ") {
            flush(&mut current, &mut blocks);
            blocks.push(format!("{}:", heading.trim()));
            continue;
        }
        if line.starts_with("- ") {
            flush(&mut current, &mut blocks);
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&line.replace("**", "").replace('`', ""));
    }
    flush(&mut current, &mut blocks);
    blocks.join("\n\n")
}

fn truncate(s: String, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s;
    }
    let mut t: String = s.chars().take(max_chars.saturating_sub(1)).collect();
    t.push('…');
    t
}

fn problem_severity(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "recommendation",
    }
}

fn descriptor(rule: &RuleMeta) -> Descriptor {
    let one_line = |md: &str| plain(md).split_whitespace().collect::<Vec<_>>().join(" ");
    let what = one_line(rule.section("What happens"));
    let why = one_line(rule.section("Why"));
    let mut tags = rule.tags.clone();
    let security_severity = rule.security_severity.map(|s| format!("{s:.1}"));
    if security_severity.is_some() && !tags.iter().any(|t| t == "security") {
        tags.insert(0, "security".to_string());
    }
    tags.truncate(10);
    let mut help_text = plain(&rule.body);
    if help_text.trim().is_empty() {
        help_text = rule.title.clone();
    }
    Descriptor {
        id: rule.id.clone(),
        name: rule.name.clone(),
        short_description: text(truncate(rule.title.clone(), 1024)),
        full_description: text(truncate(format!("{what} {why}").trim().to_string(), 1024)),
        help_uri: catalog::help_uri(&rule.id),
        help: Help {
            text: help_text,
            markdown: rule.body.clone(),
        },
        default_configuration: DefaultConfiguration {
            level: level_str(rule.severity),
        },
        properties: RuleProperties {
            tags,
            precision: rule.precision.as_str(),
            problem_severity: if security_severity.is_none() {
                Some(problem_severity(rule.severity))
            } else {
                None
            },
            security_severity,
        },
    }
}

/// A descriptor for a rule id the catalog does not know (kept valid for GitHub).
fn unknown_descriptor(id: &str) -> Descriptor {
    Descriptor {
        id: id.to_string(),
        name: id.chars().filter(char::is_ascii_alphanumeric).collect(),
        short_description: text(format!("glue-lint rule {id}")),
        full_description: text(format!("glue-lint rule {id} (no catalog entry).")),
        help_uri: format!("{}/blob/main/docs/rules/README.md", catalog::REPOSITORY_URL),
        help: Help {
            text: format!("glue-lint rule {id}."),
            markdown: format!("glue-lint rule `{id}`."),
        },
        default_configuration: DefaultConfiguration { level: "warning" },
        properties: RuleProperties {
            tags: vec!["glue-lint".into()],
            precision: "medium",
            problem_severity: Some("warning"),
            security_severity: None,
        },
    }
}

/// Line hashes per file, computed once per file that has a result.
struct Hashes<'r> {
    report: &'r Report<'r>,
    by_file: BTreeMap<FileId, Vec<String>>,
}

impl Hashes<'_> {
    fn get(&mut self, file: FileId, line: usize) -> Option<String> {
        if !self.by_file.contains_key(&file) {
            let text = self
                .report
                .sources
                .get(file)
                .map(|f| line_hashes(&f.text))
                .unwrap_or_default();
            self.by_file.insert(file, text);
        }
        self.by_file
            .get(&file)
            .and_then(|h| line_hash(h, line))
            .map(str::to_string)
    }
}

fn physical(loc: &Location) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: ArtifactLocation {
            uri: path_to_uri(&loc.path),
        },
        region: Some(Region {
            start_line: loc.start_line,
            start_column: Some(loc.start_column_utf16),
            end_line: loc.end_line,
            end_column: Some(loc.end_column_utf16),
            snippet: None,
        }),
        context_region: None,
    }
}

/// The primary location: the region with its text, and the whole lines around it.
fn primary_physical(report: &Report<'_>, span: Span, loc: &Location) -> PhysicalLocation {
    let mut phys = physical(loc);
    let Some(file) = report.sources.get(span.file) else {
        return phys;
    };
    if let Some(region) = phys.region.as_mut() {
        let s = file.slice(Span {
            file: span.file,
            start: span.start.min(span.end),
            end: span.end.max(span.start),
        });
        if !s.is_empty() {
            region.snippet = Some(text(s));
        }
    }
    let lines: Vec<&str> = (loc.start_line..=loc.end_line)
        .map(|l| file.line_text(l))
        .collect();
    phys.context_region = Some(Region {
        start_line: loc.start_line,
        start_column: None,
        end_line: loc.end_line,
        end_column: None,
        snippet: Some(text(lines.join("\n"))),
    });
    phys
}

fn location_of(report: &Report<'_>, span: Span) -> Option<(Location, PhysicalLocation)> {
    let loc = report.location(span)?;
    let phys = physical(&loc);
    Some((loc, phys))
}

fn result(
    report: &Report<'_>,
    f: &Finding,
    rule_index: usize,
    hashes: &mut Hashes<'_>,
) -> Option<SarifResult> {
    let primary = report.location(f.primary)?;
    let phys = primary_physical(report, f.primary, &primary);
    let mut message = escape_message(&f.message);
    let mut related_locations = Vec::new();
    let mut links = Vec::new();
    for r in &f.related {
        if let Some((_, phys)) = location_of(report, r.span) {
            let id = related_locations.len() + 1;
            links.push(format!("[{}]({id})", escape_message(&r.label)));
            related_locations.push(SarifLocation {
                id: Some(id),
                physical_location: phys,
                message: Some(text(escape_message(&r.label))),
            });
        }
    }
    message.push('.');
    if !links.is_empty() {
        message.push_str(&format!(" Related: {}.", links.join(", ")));
    }
    if !f.unknowns.is_empty() {
        let unknowns: Vec<String> = f.unknowns.iter().map(|u| escape_message(u)).collect();
        message.push_str(&format!(
            " This depends on unknown values: {}.",
            unknowns.join("; ")
        ));
    }
    let flow: Vec<ThreadFlowLocation> = f
        .flow
        .iter()
        .filter_map(|step| {
            let (_, phys) = location_of(report, step.span)?;
            Some(ThreadFlowLocation {
                location: SarifLocation {
                    id: None,
                    physical_location: phys,
                    message: Some(text(escape_message(&step.label))),
                },
            })
        })
        .collect();
    let code_flows = if flow.is_empty() {
        Vec::new()
    } else {
        vec![CodeFlow {
            message: text(format!("How {} follows from the configuration", f.rule)),
            thread_flows: vec![ThreadFlow { locations: flow }],
        }]
    };
    let mut partial_fingerprints = BTreeMap::new();
    if let Some(h) = hashes.get(f.primary.file, primary.start_line) {
        partial_fingerprints.insert("primaryLocationLineHash", h);
    }
    partial_fingerprints.insert("glueLint/v1", logical_fingerprint(f));
    Some(SarifResult {
        rule_id: f.rule.to_string(),
        rule_index,
        level: level_str(f.level),
        kind: "fail",
        message: text(message),
        locations: vec![SarifLocation {
            id: None,
            physical_location: phys,
            message: None,
        }],
        related_locations,
        code_flows,
        partial_fingerprints,
        properties: ResultProperties {
            glue_lint: GlueLintProperties {
                logical_key: f.logical_key.clone(),
                confidence: if f.unknowns.is_empty() {
                    "certain"
                } else {
                    "unknown-values"
                },
                evidence: f.evidence.clone(),
                unknowns: f.unknowns.clone(),
                help: f.help.clone(),
            },
        },
    })
}

/// Writes the SARIF log (pretty-printed, with a final newline), without a category.
pub fn write_sarif(report: &Report<'_>, out: &mut dyn Write) -> Result<(), ReportError> {
    write_sarif_with(report, &SarifOptions::default(), out)
}

/// Writes the SARIF log with options.
pub fn write_sarif_with(
    report: &Report<'_>,
    options: &SarifOptions,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    let all = catalog::catalog();
    let mut rules: Vec<Descriptor> = all
        .iter()
        .filter(|r| !r.is_tool())
        .map(descriptor)
        .collect();
    let mut rule_index: BTreeMap<String, usize> = rules
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect();
    // Rule ids unknown to the catalog still get a descriptor, after the catalog's.
    for f in report.findings {
        if !rule_index.contains_key(f.rule) {
            rule_index.insert(f.rule.to_string(), rules.len());
            rules.push(unknown_descriptor(f.rule));
        }
    }
    let notifications: Vec<Descriptor> =
        all.iter().filter(|r| r.is_tool()).map(descriptor).collect();
    let notification_index: BTreeMap<&str, usize> = notifications
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();

    let mut hashes = Hashes {
        report,
        by_file: BTreeMap::new(),
    };
    let mut results = Vec::new();
    let mut tool_notifications = Vec::new();
    let mut diags: Vec<_> = report.diagnostics.iter().collect();
    diags.sort();
    for d in diags {
        let whole_file = d.span.is_none() || (d.span.start == 0 && d.span.end == 0);
        let mut locations = Vec::new();
        if whole_file {
            if let Some(file) = d.file.and_then(|f| report.sources.get(f)) {
                locations.push(SarifLocation {
                    id: None,
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: path_to_uri(&report.display_path(file)),
                        },
                        region: None,
                        context_region: None,
                    },
                    message: None,
                });
            }
        } else if let Some((_, phys)) = location_of(report, d.span) {
            locations.push(SarifLocation {
                id: None,
                physical_location: phys,
                message: None,
            });
        }
        tool_notifications.push(Notification {
            level: match d.level {
                DiagLevel::Error => "error",
                DiagLevel::Warning => "warning",
            },
            message: text(format!("{}: {}", d.code, d.message)),
            locations,
            descriptor: Some(DescriptorRef {
                id: d.code.to_string(),
                index: notification_index.get(d.code).copied(),
            }),
            associated_rule: None,
        });
    }
    for f in report.findings {
        let index = rule_index.get(f.rule).copied().unwrap_or(0);
        match result(report, f, index, &mut hashes) {
            Some(r) => results.push(r),
            None => tool_notifications.push(Notification {
                level: "warning",
                message: text(format!(
                    "{} ({}): {}. It has no place in a scanned file.",
                    f.rule,
                    f.level.as_str(),
                    f.message
                )),
                locations: Vec::new(),
                descriptor: None,
                associated_rule: Some(DescriptorRef {
                    id: f.rule.to_string(),
                    index: Some(index),
                }),
            }),
        }
    }
    let execution_successful = !report
        .diagnostics
        .iter()
        .any(|d| d.level == DiagLevel::Error);
    let log = Log {
        schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "glue-lint",
                    version: report.tool_version,
                    semantic_version: report.tool_version,
                    information_uri: catalog::REPOSITORY_URL,
                    rules,
                    notifications,
                },
            },
            automation_details: options
                .category
                .as_deref()
                .map(|c| c.trim_end_matches('/'))
                .filter(|c| !c.is_empty())
                .map(|c| AutomationDetails {
                    id: format!("{c}/"),
                }),
            invocations: vec![Invocation {
                execution_successful,
                tool_execution_notifications: tool_notifications,
            }],
            column_kind: "utf16CodeUnits",
            results,
        }],
    };
    super::write_json_ascii_safe(&log, out)?;
    writeln!(out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil;
    use std::path::Path;

    fn sarif(report: &Report<'_>) -> serde_json::Value {
        let mut out = Vec::new();
        if let Err(e) = write_sarif(report, &mut out) {
            panic!("{e}");
        }
        serde_json::from_slice(&out).unwrap_or_default()
    }

    #[test]
    fn result_shape() {
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
        let v = sarif(&report);
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "glue-lint");
        let rules = run["tool"]["driver"]["rules"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(rules
            .iter()
            .all(|r| !r["id"].as_str().unwrap_or("GL0").starts_with("GL0")));
        let r0 = &run["results"][0];
        assert_eq!(r0["ruleId"], "GL101");
        assert_eq!(
            rules[r0["ruleIndex"].as_u64().unwrap_or(99) as usize]["id"],
            "GL101"
        );
        let region = &r0["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            r0["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "infra/glue.tf"
        );
        assert_eq!(
            (region["startLine"].as_u64(), region["startColumn"].as_u64()),
            (Some(3), Some(3))
        );
        assert_eq!(region["endColumn"], 42);
        let msg = r0["message"]["text"].as_str().unwrap_or("");
        assert!(msg.contains("[group GlueAccess](1)"), "{msg}");
        assert_eq!(r0["relatedLocations"][0]["id"], 1);
        assert_eq!(
            r0["codeFlows"][0]["threadFlows"][0]["locations"]
                .as_array()
                .map(Vec::len),
            Some(4)
        );
        let expected_hash = line_hashes(testutil::GLUE_TF)[2].clone();
        assert_eq!(
            r0["partialFingerprints"]["primaryLocationLineHash"],
            expected_hash.as_str()
        );
        assert_eq!(
            r0["partialFingerprints"]["glueLint/v1"]
                .as_str()
                .map(str::len),
            Some(32)
        );
        // the unknown value is said, and brackets from repository text cannot form links
        let msg1 = run["results"][1]["message"]["text"].as_str().unwrap_or("");
        assert!(msg1.contains("\\[when MFA is absent\\]"), "{msg1}");
        assert!(
            msg1.contains("depends on unknown values: aws:MultiFactorAuthPresent"),
            "{msg1}"
        );
        assert_eq!(
            run["results"][1]["properties"]["glueLint"]["confidence"],
            "unknown-values"
        );
        // a warning diagnostic does not make the run fail
        assert_eq!(run["invocations"][0]["executionSuccessful"], true);
        assert_eq!(
            run["invocations"][0]["toolExecutionNotifications"][0]["descriptor"]["id"],
            "GL004"
        );
    }

    #[test]
    fn empty_run_is_valid_and_error_diagnostics_fail_it() {
        let map = testutil::sources();
        let diags = vec![crate::diag::Diagnostic::file_error(
            "GL001",
            0,
            "cannot read",
        )];
        let report = Report {
            findings: &[],
            diagnostics: &diags,
            sources: &map,
            repo_root: Path::new(""),
            tool_version: "0.1.0",
        };
        let v = sarif(&report);
        assert_eq!(v["runs"][0]["results"].as_array().map(Vec::len), Some(0));
        assert_eq!(v["runs"][0]["invocations"][0]["executionSuccessful"], false);
        let n = &v["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
        assert_eq!(n["level"], "error");
        assert_eq!(
            n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "infra/glue.tf"
        );
        assert!(n["locations"][0]["physicalLocation"]
            .get("region")
            .is_none());
    }

    #[test]
    fn finding_without_place_becomes_a_notification() {
        let map = testutil::sources();
        let mut findings = testutil::findings(&map);
        findings.truncate(1);
        findings[0].primary = Span::NONE;
        let report = Report {
            findings: &findings,
            diagnostics: &[],
            sources: &map,
            repo_root: Path::new(""),
            tool_version: "0.1.0",
        };
        let v = sarif(&report);
        assert_eq!(v["runs"][0]["results"].as_array().map(Vec::len), Some(0));
        assert_eq!(
            v["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["associatedRule"]["id"],
            "GL101"
        );
    }

    #[test]
    fn category_becomes_automation_details() {
        let map = testutil::sources();
        let report = Report {
            findings: &[],
            diagnostics: &[],
            sources: &map,
            repo_root: Path::new(""),
            tool_version: "0.1.0",
        };
        let mut out = Vec::new();
        let options = SarifOptions {
            category: Some("glue-lint/terraform".into()),
        };
        if let Err(e) = write_sarif_with(&report, &options, &mut out) {
            panic!("{e}");
        }
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap_or_default();
        assert_eq!(
            v["runs"][0]["automationDetails"]["id"],
            "glue-lint/terraform/"
        );
        assert!(sarif(&report)["runs"][0].get("automationDetails").is_none());
    }

    #[test]
    fn unknown_rule_ids_get_a_descriptor() {
        let map = testutil::sources();
        let mut findings = testutil::findings(&map);
        findings.truncate(1);
        findings[0].rule = "GL999";
        let report = Report {
            findings: &findings,
            diagnostics: &[],
            sources: &map,
            repo_root: Path::new(""),
            tool_version: "0.1.0",
        };
        let v = sarif(&report);
        let rules = v["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let index = v["runs"][0]["results"][0]["ruleIndex"]
            .as_u64()
            .unwrap_or(0) as usize;
        assert_eq!(
            rules.get(index).map(|r| r["id"].clone()),
            Some(serde_json::json!("GL999"))
        );
        assert!(!rules[index]["shortDescription"]["text"]
            .as_str()
            .unwrap_or("")
            .is_empty());
    }

    #[test]
    fn escapes() {
        assert_eq!(escape_message(r"a[b](1)\c"), r"a\[b\](1)\\c");
        assert_eq!(path_to_uri("infra/my file#1.tf"), "infra/my%20file%231.tf");
        assert_eq!(path_to_uri("a:b/é"), "a%3Ab/%C3%A9");
    }

    #[test]
    fn plain_text_of_markdown() {
        let md = "## Why\n\nA **bold** `code`\nwraps.\n\n```hcl\nx = 1\n  y = 2\n```\n- one\n- two\n  more\n";
        assert_eq!(
            plain(md),
            "Why:\n\nA bold code wraps.\n\n    x = 1\n      y = 2\n\n- one\n\n- two more"
        );
    }

    #[test]
    fn rule_metadata_is_complete() {
        let Some(r) = catalog::rule("GL101") else {
            panic!("GL101")
        };
        let d = descriptor(r);
        assert!(
            !d.short_description.text.is_empty()
                && d.short_description.text.chars().count() <= 1024
        );
        assert!(
            !d.full_description.text.is_empty() && d.full_description.text.chars().count() <= 1024
        );
        assert!(d.full_description.text.contains("iam:PassRole"));
        assert!(!d.help.text.contains("```"));
        assert!(d.help.markdown.contains("```hcl"));
        assert!(d.help_uri.ends_with("/docs/rules/GL101.md"));
        assert_eq!(d.properties.problem_severity, Some("error"));
        let mut sec = r.clone();
        sec.security_severity = Some(8.0);
        let d = descriptor(&sec);
        assert_eq!(d.properties.security_severity.as_deref(), Some("8.0"));
        assert!(d.properties.problem_severity.is_none());
        assert_eq!(
            d.properties.tags.first().map(String::as_str),
            Some("security")
        );
    }
}
