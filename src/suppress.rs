//! Suppressions: inline `# glue-lint:ignore GL101 -- reason` comments (HCL `#` and `//`,
//! YAML `#`) and CloudFormation `Metadata: {glue-lint: {ignore: [{id, reason}]}}`;
//! which findings they silence, and the notes (GL901) for suppressions that silence
//! nothing. Baselines (`--baseline`) are keyed by the logical fingerprint and live here
//! too. Pure: the caller hands in the file texts.
//!
//! A comment on its own line covers the next line that is not blank or a comment, and,
//! when that line opens a block (`{`, `[`) or a YAML mapping, everything up to where the
//! block closes or the indentation returns. A comment after code covers that line the
//! same way. A finding is silenced when its rule is listed and its primary place or a
//! step of its flow lies in the covered range. A suppression without a reason after
//! `--` silences nothing and is a GL006 warning.

use std::collections::BTreeSet;

use crate::diag::Diagnostic;
use crate::finding::{Finding, Level};
use crate::parse::cloudformation::yaml::{parse, YKind, YNode};
use crate::source::{SourceFile, Span};

const MARKER: &str = "glue-lint:ignore";

/// One suppression and the byte range of the file it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    pub rules: Vec<String>,
    pub reason: String,
    /// The comment or metadata entry itself.
    pub span: Span,
    /// Covered bytes: `[start, end)` of `span.file`.
    pub start: u32,
    pub end: u32,
}

/// Byte offsets of each line start, and the text of each line without its ending.
fn lines(text: &str) -> Vec<(u32, &str)> {
    let mut out = Vec::new();
    let mut at = 0usize;
    for l in text.split_inclusive('\n') {
        let body = l.trim_end_matches(['\n', '\r']);
        out.push((u32::try_from(at).unwrap_or(u32::MAX), body));
        at += l.len();
    }
    out
}

/// The code part of a line: before a `#` or `//` that is outside double quotes.
fn code_part(line: &str) -> &str {
    let b = line.as_bytes();
    let mut in_str = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' if in_str => i += 1,
            b'"' => in_str = !in_str,
            b'#' if !in_str => return &line[..i],
            b'/' if !in_str && b.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
        i += 1;
    }
    line
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// The last line index (inclusive) of the block that starts on line `t`.
fn block_end(ls: &[(u32, &str)], t: usize) -> usize {
    let mut depth: i64 = 0;
    let mut opened = false;
    for (i, (_, l)) in ls.iter().enumerate().skip(t) {
        for c in code_part(l).chars() {
            match c {
                '{' | '[' | '(' => {
                    depth += 1;
                    opened = true;
                }
                '}' | ']' | ')' => depth -= 1,
                _ => {}
            }
        }
        if !opened || depth <= 0 {
            if i == t && !opened {
                break;
            }
            return i;
        }
    }
    if opened {
        return ls.len().saturating_sub(1);
    }
    // No brackets: a YAML mapping or list item covers its more-indented lines.
    let base = ls.get(t).map_or(0, |(_, l)| indent(l));
    let mut end = t;
    for (i, (_, l)) in ls.iter().enumerate().skip(t + 1) {
        if l.trim().is_empty() {
            continue;
        }
        if indent(l) > base
            || (l.trim_start().starts_with('-')
                && indent(l) == base
                && ls
                    .get(t)
                    .is_some_and(|(_, tl)| code_part(tl).trim_end().ends_with(':')))
        {
            end = i;
        } else {
            break;
        }
    }
    end
}

fn is_comment_only(l: &str) -> bool {
    let t = l.trim_start();
    t.starts_with('#') || t.starts_with("//")
}

/// Parses `GL101, GL102 -- reason` after the marker.
fn parse_directive(rest: &str) -> (Vec<String>, Option<String>) {
    let (ids, reason) = match rest.split_once("--") {
        Some((a, b)) => (a, Some(b.trim().trim_end_matches("*/").trim().to_string())),
        None => (rest, None),
    };
    let rules = ids
        .split([' ', ',', '\t'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_ascii_uppercase)
        .collect();
    (rules, reason.filter(|r| !r.is_empty()))
}

/// The inline suppressions of one file (Terraform, CloudFormation YAML, any text with
/// `#` or `//` comments).
pub fn inline(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Vec<Suppression> {
    let text: &str = &file.text;
    if !text.contains(MARKER) {
        return Vec::new();
    }
    let ls = lines(text);
    let mut out = Vec::new();
    for (i, (start, l)) in ls.iter().enumerate() {
        let Some(at) = l.find(MARKER) else {
            continue;
        };
        let code = code_part(l);
        // The marker must sit inside a comment.
        if code.len() > at {
            continue;
        }
        let span = sp(file.id, start + at as u32, start + l.len() as u32);
        let (rules, reason) = parse_directive(&l[at + MARKER.len()..]);
        if rules.is_empty() || rules.iter().any(|r| !looks_like_rule(r)) {
            diagnostics.push(Diagnostic::warning(
                "GL006",
                span,
                "a glue-lint:ignore comment must name rule ids (`# glue-lint:ignore GL101 -- reason`); it is ignored",
            ));
            continue;
        }
        let Some(reason) = reason else {
            diagnostics.push(Diagnostic::warning(
                "GL006",
                span,
                "a glue-lint:ignore comment needs a reason after `--`; it is ignored",
            ));
            continue;
        };
        let target = if code.trim().is_empty() {
            match ls
                .iter()
                .enumerate()
                .skip(i + 1)
                .find(|(_, (_, l))| !l.trim().is_empty() && !is_comment_only(l))
            {
                Some((t, _)) => t,
                None => continue,
            }
        } else {
            i
        };
        let last = block_end(&ls, target);
        let (Some(&(s, _)), Some(&(e, el))) = (ls.get(target), ls.get(last)) else {
            continue;
        };
        out.push(Suppression {
            rules,
            reason,
            span,
            start: s,
            end: e + el.len() as u32,
        });
    }
    out
}

fn looks_like_rule(s: &str) -> bool {
    s.len() >= 4 && s.starts_with("GL") && s[2..].bytes().all(|b| b.is_ascii_digit())
}

/// The `Metadata: glue-lint: ignore:` suppressions of a CloudFormation template; each
/// covers its resource.
pub fn cloudformation(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Vec<Suppression> {
    if !file.text.contains("glue-lint") {
        return Vec::new();
    }
    let Ok(Some(root)) = parse(&file.text, file.id) else {
        return Vec::new();
    };
    let Some(resources) = root.get("Resources").and_then(YNode::as_map) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in resources {
        let Some(list) = v
            .get("Metadata")
            .and_then(|m| m.get("glue-lint"))
            .and_then(|g| g.get("ignore"))
        else {
            continue;
        };
        let YKind::Seq(items) = &list.kind else {
            diagnostics.push(Diagnostic::warning(
                "GL006",
                list.span,
                "`glue-lint: ignore:` must be a list of {id, reason}; it is ignored",
            ));
            continue;
        };
        for item in items {
            let id = item.get("id").and_then(YNode::as_scalar).unwrap_or("");
            let reason = item
                .get("reason")
                .and_then(YNode::as_scalar)
                .unwrap_or("")
                .trim();
            if !looks_like_rule(&id.to_ascii_uppercase()) || reason.is_empty() {
                diagnostics.push(Diagnostic::warning(
                    "GL006",
                    item.span,
                    "a glue-lint ignore entry needs `id` (a rule id) and `reason`; it is ignored",
                ));
                continue;
            }
            out.push(Suppression {
                rules: vec![id.to_ascii_uppercase()],
                reason: reason.to_string(),
                span: item.span,
                start: k.span.start,
                end: v.span.end.max(k.span.end),
            });
        }
    }
    out
}

fn sp(file: u32, start: u32, end: u32) -> Span {
    Span { file, start, end }
}

fn covers(s: &Suppression, span: Span) -> bool {
    !span.is_none() && span.file == s.span.file && span.start >= s.start && span.start < s.end
}

/// Removes the suppressed findings and returns a GL901 note for each (suppression, rule)
/// that silenced nothing. `path_of` names a file for the notes' logical keys.
pub fn apply(
    findings: &mut Vec<Finding>,
    suppressions: &[Suppression],
    path_of: &dyn Fn(u32) -> String,
) -> Vec<Finding> {
    let mut used: BTreeSet<(usize, &str)> = BTreeSet::new();
    findings.retain(|f| {
        let mut silenced = false;
        for (i, s) in suppressions.iter().enumerate() {
            if s.rules.iter().any(|r| r == f.rule)
                && (covers(s, f.primary) || f.flow.iter().any(|r| covers(s, r.span)))
            {
                used.insert((i, f.rule));
                silenced = true;
            }
        }
        !silenced
    });
    let mut notes = Vec::new();
    for (i, s) in suppressions.iter().enumerate() {
        for r in &s.rules {
            if used.iter().any(|(j, u)| *j == i && u == r) {
                continue;
            }
            notes.push(Finding {
                rule: "GL901",
                level: Level::Note,
                message: format!(
                    "this suppression of {r} matches no finding: remove it, or it will hide a future one"
                ),
                primary: s.span,
                related: Vec::new(),
                flow: Vec::new(),
                evidence: vec![format!("reason given: {}", s.reason)],
                help: Some("delete the suppression".to_string()),
                unknowns: Vec::new(),
                logical_key: format!("{}|{r}|{}", path_of(s.span.file), s.reason),
            });
        }
    }
    notes
}

/// A baseline file: the logical fingerprints of accepted findings.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct BaselineEntry {
    pub rule: String,
    /// `report::logical_fingerprint`.
    pub fingerprint: String,
    /// For people reading the file.
    #[serde(default)]
    pub message: String,
}

impl Baseline {
    pub fn of(findings: &[Finding]) -> Baseline {
        let mut findings: Vec<BaselineEntry> = findings
            .iter()
            .map(|f| BaselineEntry {
                rule: f.rule.to_string(),
                fingerprint: crate::report::logical_fingerprint(f),
                message: f.message.clone(),
            })
            .collect();
        findings.sort();
        findings.dedup();
        Baseline {
            version: 1,
            findings,
        }
    }

    /// Removes the findings the baseline holds; returns how many.
    pub fn filter(&self, findings: &mut Vec<Finding>) -> usize {
        let known: BTreeSet<&str> = self
            .findings
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect();
        let before = findings.len();
        findings.retain(|f| !known.contains(crate::report::logical_fingerprint(f).as_str()));
        before - findings.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(0, PathBuf::from("main.tf"), text.into())
    }

    fn finding(rule: &'static str, at: u32) -> Finding {
        Finding {
            rule,
            level: Level::Error,
            message: "m".into(),
            primary: sp(0, at, at + 3),
            related: Vec::new(),
            flow: Vec::new(),
            evidence: Vec::new(),
            help: None,
            unknowns: Vec::new(),
            logical_key: format!("{rule}@{at}"),
        }
    }

    const TF: &str = "# glue-lint:ignore GL101 -- migration ticket 42\nresource \"aws_glue_job\" \"a\" {\n  role_arn = x\n}\n\nresource \"aws_glue_job\" \"b\" {\n  role_arn = y // glue-lint:ignore GL102 -- b is retired\n}\n";

    #[test]
    fn a_comment_above_a_block_covers_the_block_and_only_it() {
        let mut d = Vec::new();
        let s = inline(&file(TF), &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.len(), 2);
        let a = TF.find("role_arn = x").unwrap_or(0) as u32;
        let b = TF.find("role_arn = y").unwrap_or(0) as u32;
        let mut fs = vec![
            finding("GL101", a),
            finding("GL101", b),
            finding("GL102", a),
            finding("GL102", b),
        ];
        let notes = apply(&mut fs, &s, &|_| "main.tf".into());
        let left: Vec<(&str, u32)> = fs.iter().map(|f| (f.rule, f.primary.start)).collect();
        assert_eq!(left, vec![("GL101", b), ("GL102", a)]);
        assert!(notes.is_empty());
    }

    #[test]
    fn unused_and_reasonless_suppressions_are_reported() {
        let mut d = Vec::new();
        let text = "# glue-lint:ignore GL101\nx = 1\n# glue-lint:ignore GL103 -- old\ny = 2\n";
        let s = inline(&file(text), &mut d);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("reason"));
        assert_eq!(s.len(), 1);
        let mut fs = vec![finding("GL101", 26)];
        let notes = apply(&mut fs, &s, &|_| "main.tf".into());
        assert_eq!(fs.len(), 1);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].rule, "GL901");
        assert_eq!(notes[0].level, Level::Note);
        assert!(notes[0].message.contains("GL103"));
    }

    #[test]
    fn a_marker_inside_a_string_is_not_a_suppression() {
        let mut d = Vec::new();
        let s = inline(
            &file("description = \"# glue-lint:ignore GL101 -- no\"\n"),
            &mut d,
        );
        assert!(s.is_empty());
    }

    #[test]
    fn yaml_comment_covers_the_indented_mapping() {
        let text = "Resources:\n  # glue-lint:ignore GL101 -- pending\n  Job:\n    Type: AWS::Glue::Job\n    Properties:\n      Role: r\n  Other:\n    Type: x\n";
        let mut d = Vec::new();
        let s = inline(&file(text), &mut d);
        assert_eq!(s.len(), 1);
        let role = text.find("Role: r").unwrap_or(0) as u32;
        let other = text.find("Other").unwrap_or(0) as u32;
        assert!(covers(&s[0], sp(0, role, role + 1)));
        assert!(!covers(&s[0], sp(0, other, other + 1)));
    }

    #[test]
    fn cloudformation_metadata_covers_its_resource() {
        let text = "Resources:\n  Job:\n    Type: AWS::Glue::Job\n    Metadata:\n      glue-lint:\n        ignore:\n          - id: GL101\n            reason: pending rename\n          - id: GL102\n    Properties:\n      Role: r\n  Other:\n    Type: x\n";
        let mut d = Vec::new();
        let s = cloudformation(&file(text), &mut d);
        assert_eq!(d.len(), 1, "the entry without a reason: {d:?}");
        assert_eq!(s.len(), 1);
        let role = text.find("Role: r").unwrap_or(0) as u32;
        let other = text.find("Other:").unwrap_or(0) as u32;
        assert!(covers(&s[0], sp(0, role, role + 1)));
        assert!(!covers(&s[0], sp(0, other + 8, other + 9)));
    }

    #[test]
    fn baseline_filters_by_logical_fingerprint() {
        let old = vec![finding("GL101", 1)];
        let b = Baseline::of(&old);
        let mut now = vec![finding("GL101", 1), finding("GL102", 5)];
        assert_eq!(b.filter(&mut now), 1);
        assert_eq!(now.len(), 1);
        assert_eq!(now[0].rule, "GL102");
    }
}
