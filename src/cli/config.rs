//! `.glue-lint.yaml`: the project's configuration, found upward from the first scanned
//! path (or named with `--config`). Values on the command line win over the file.
//!
//! Keys: `deployers` (principals that deploy Glue jobs: IaC addresses or ARNs),
//! `account_id`, `region`, `partition`, `scp_files` (paths relative to the file),
//! `context` (request-context keys assumed for every deployer request), `rules` (per
//! rule: enabled or not, severity override), `exclude` (gitignore-style patterns
//! relative to the file) and `fail_on`. An unknown key or a value of the wrong type is a
//! GL006 diagnostic with its line; the rest of the file still applies.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::finding::Level;
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
    /// Request-context keys assumed for deployer requests (`aws:MultiFactorAuthPresent`
    /// → `["true"]`), in file order.
    pub context: Vec<(String, Vec<String>)>,
    /// Per-rule settings, by rule id.
    pub rules: BTreeMap<String, RuleSetting>,
    /// Gitignore-style patterns of files not to scan, relative to `base`.
    pub exclude: Vec<String>,
    pub fail_on: Option<super::FailOn>,
    /// The configuration file's directory.
    pub base: PathBuf,
}

/// What the configuration says about one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleSetting {
    pub enabled: bool,
    /// Replaces the level of every finding of the rule.
    pub severity: Option<Level>,
}

impl Default for RuleSetting {
    fn default() -> RuleSetting {
        RuleSetting {
            enabled: true,
            severity: None,
        }
    }
}

impl Config {
    /// Applies `rules`: drops the findings of disabled rules, overrides levels.
    pub fn apply_rules(&self, findings: &mut Vec<crate::finding::Finding>) {
        if self.rules.is_empty() {
            return;
        }
        findings.retain(|f| self.rules.get(f.rule).is_none_or(|r| r.enabled));
        for f in findings {
            if let Some(l) = self.rules.get(f.rule).and_then(|r| r.severity) {
                f.level = l;
            }
        }
    }

    /// A matcher for `exclude`, or `None` when nothing is excluded.
    pub fn exclude_matcher(&self) -> Option<ignore::gitignore::Gitignore> {
        if self.exclude.is_empty() {
            return None;
        }
        let root = std::fs::canonicalize(&self.base).unwrap_or_else(|_| self.base.clone());
        let mut b = ignore::gitignore::GitignoreBuilder::new(root);
        for p in &self.exclude {
            // Patterns were checked when the file was read.
            let _ = b.add_line(None, p);
        }
        b.build().ok()
    }
}

/// Whether `path` (as the user or the walk named it) is excluded.
pub fn is_excluded(m: &ignore::gitignore::Gitignore, path: &Path) -> bool {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if !abs.starts_with(m.path()) {
        return false;
    }
    m.matched_path_or_any_parents(&abs, false).is_ignore()
}

const KNOWN_KEYS: &str =
    "deployers, account_id, region, partition, scp_files, context, rules, exclude, fail_on";

fn level_of(s: &str) -> Option<Level> {
    match s.to_ascii_lowercase().as_str() {
        "error" => Some(Level::Error),
        "warning" => Some(Level::Warning),
        "note" => Some(Level::Note),
        _ => None,
    }
}

fn bool_of(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "true" | "on" | "yes" | "enabled" => Some(true),
        "false" | "off" | "no" | "disabled" => Some(false),
        _ => None,
    }
}

fn bad(diagnostics: &mut Vec<Diagnostic>, span: Span, msg: String) {
    diagnostics.push(Diagnostic::error("GL006", span, msg));
}

fn parse_context(v: &YNode, diagnostics: &mut Vec<Diagnostic>) -> Vec<(String, Vec<String>)> {
    let Some(entries) = v.as_map() else {
        bad(
            diagnostics,
            v.span,
            "`context` must be a mapping of condition keys to values".into(),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, val) in entries {
        let key = k.as_scalar().unwrap_or("");
        if !key.contains(':') || key.starts_with(':') || key.ends_with(':') {
            bad(
                diagnostics,
                k.span,
                format!("`context` key {key:?} is not a condition key (`aws:MultiFactorAuthPresent`, `aws:SourceIp`, ...)"),
            );
            continue;
        }
        let values = match &val.kind {
            YKind::Scalar(s, _) => vec![s.clone()],
            YKind::Seq(items) => items
                .iter()
                .filter_map(|i| scalar(i, key, diagnostics))
                .collect(),
            YKind::Map(_) => {
                bad(
                    diagnostics,
                    val.span,
                    format!("`context.{key}` must be a value or a list of values"),
                );
                continue;
            }
        };
        out.push((key.to_string(), values));
    }
    out
}

fn parse_rules(v: &YNode, diagnostics: &mut Vec<Diagnostic>) -> BTreeMap<String, RuleSetting> {
    let mut out = BTreeMap::new();
    let Some(entries) = v.as_map() else {
        bad(
            diagnostics,
            v.span,
            "`rules` must be a mapping of rule ids to settings".into(),
        );
        return out;
    };
    for (k, val) in entries {
        let id = k.as_scalar().unwrap_or("");
        match crate::catalog::rule(id) {
            None => {
                bad(
                    diagnostics,
                    k.span,
                    format!("`rules`: unknown rule {id:?} (see `glue-lint rules`)"),
                );
                continue;
            }
            Some(r) if r.is_tool() => {
                bad(
                    diagnostics,
                    k.span,
                    format!("`rules`: {id} is a tool diagnostic and cannot be configured"),
                );
                continue;
            }
            Some(_) => {}
        }
        let mut setting = RuleSetting::default();
        let mut ok = true;
        match &val.kind {
            YKind::Scalar(s, _) => {
                if let Some(b) = bool_of(s) {
                    setting.enabled = b;
                } else if let Some(l) = level_of(s) {
                    setting.severity = Some(l);
                } else {
                    ok = false;
                    bad(
                        diagnostics,
                        val.span,
                        format!("`rules.{id}`: {s:?} is neither on/off nor error/warning/note"),
                    );
                }
            }
            YKind::Map(items) => {
                for (sk, sv) in items {
                    let sub = sk.as_scalar().unwrap_or("");
                    let text = sv.as_scalar().unwrap_or("");
                    match sub {
                        "enabled" => match bool_of(text) {
                            Some(b) => setting.enabled = b,
                            None => {
                                ok = false;
                                bad(
                                    diagnostics,
                                    sv.span,
                                    format!("`rules.{id}.enabled` must be true or false"),
                                );
                            }
                        },
                        "severity" => match level_of(text) {
                            Some(l) => setting.severity = Some(l),
                            None => {
                                ok = false;
                                bad(
                                    diagnostics,
                                    sv.span,
                                    format!("`rules.{id}.severity` must be error, warning or note"),
                                );
                            }
                        },
                        other => {
                            ok = false;
                            bad(diagnostics, sk.span, format!("`rules.{id}`: unknown setting `{other}` (known: enabled, severity)"));
                        }
                    }
                }
            }
            YKind::Seq(_) => {
                ok = false;
                bad(
                    diagnostics,
                    val.span,
                    format!("`rules.{id}` must be on/off, a severity, or a mapping"),
                );
            }
        }
        if ok {
            out.insert(id.to_string(), setting);
        }
    }
    out
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
    let mut c = Config {
        base: base.to_path_buf(),
        ..Config::default()
    };
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
            "scp_files" => {
                c.scp_files = scalars(v, key, diagnostics)
                    .into_iter()
                    .map(|p| base.join(p))
                    .collect()
            }
            "context" => c.context = parse_context(v, diagnostics),
            "rules" => c.rules = parse_rules(v, diagnostics),
            "exclude" => {
                c.exclude = Vec::new();
                for p in scalars(v, key, diagnostics) {
                    let mut b = ignore::gitignore::GitignoreBuilder::new(base);
                    match b.add_line(None, &p) {
                        Ok(_) => c.exclude.push(p),
                        Err(e) => bad(
                            diagnostics,
                            v.span,
                            format!("`exclude`: bad pattern {p:?}: {e}"),
                        ),
                    }
                }
            }
            "fail_on" => {
                let text = scalar(v, key, diagnostics).unwrap_or_default();
                match text.to_ascii_lowercase().as_str() {
                    "error" => c.fail_on = Some(super::FailOn::Error),
                    "warning" => c.fail_on = Some(super::FailOn::Warning),
                    "note" => c.fail_on = Some(super::FailOn::Note),
                    "never" => c.fail_on = Some(super::FailOn::Never),
                    _ => bad(
                        diagnostics,
                        v.span,
                        format!("`fail_on` must be error, warning, note or never, not {text:?}"),
                    ),
                }
            }
            other => diagnostics.push(Diagnostic::error(
                "GL006",
                k.span,
                format!("unknown configuration key `{other}` (known: {KNOWN_KEYS})"),
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

    #[test]
    fn context_rules_exclude_and_fail_on_are_read_and_bad_values_reported() {
        let text = "context:\n  aws:MultiFactorAuthPresent: true\n  aws:SourceIp: [10.0.0.1, 10.0.0.2]\nrules:\n  GL102: off\n  GL103: warning\n  GL101: {severity: note}\n  GL999: off\n  GL001: off\n  GL101x: loud\nexclude: [sandbox/]\nfail_on: warning\n";
        let mut d = Vec::new();
        let c = parse_config(text, 0, Path::new("/repo"), &mut d);
        assert_eq!(
            c.context,
            vec![
                (
                    "aws:MultiFactorAuthPresent".to_string(),
                    vec!["true".to_string()]
                ),
                (
                    "aws:SourceIp".to_string(),
                    vec!["10.0.0.1".to_string(), "10.0.0.2".to_string()]
                ),
            ]
        );
        assert_eq!(c.rules.get("GL102").map(|r| r.enabled), Some(false));
        assert_eq!(
            c.rules.get("GL103").and_then(|r| r.severity),
            Some(Level::Warning)
        );
        assert_eq!(
            c.rules.get("GL101").and_then(|r| r.severity),
            Some(Level::Note)
        );
        assert_eq!(c.exclude, vec!["sandbox/".to_string()]);
        assert_eq!(c.fail_on, Some(crate::cli::FailOn::Warning));
        // GL999 unknown, GL001 a tool diagnostic, GL101x unknown
        assert_eq!(d.len(), 3, "{d:?}");
        assert!(d.iter().all(|x| x.code == "GL006" && !x.span.is_none()));
        let mut d = Vec::new();
        parse_config(
            "fail_on: sometimes\ncontext: {nokey: 1}\n",
            0,
            Path::new("."),
            &mut d,
        );
        assert_eq!(d.len(), 2, "{d:?}");
    }
}
