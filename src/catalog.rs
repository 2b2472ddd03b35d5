//! The rule catalog: the metadata of every rule and tool diagnostic, read from the
//! markdown files under `rules/` that are embedded in the binary.
//!
//! `rules/<ID>-<slug>.md` is the single source of a rule's id, name, title, default
//! level, category, scope, runtime error messages (aliases), fixes, tags and help text.
//! SARIF rule metadata, `glue-lint rules` and the pages under `docs/rules/` are all made
//! from it. A file that does not parse is left out of `catalog()` (never a panic); the
//! tests make every embedded file parse.

use std::fmt::Write as _;
use std::sync::OnceLock;

use saphyr::{LoadableYamlNode, Yaml};

use crate::finding::Level;

/// Every catalog file, as (file name, text). Keep sorted; a test checks that this list
/// matches the `rules/` directory.
pub const CATALOG_FILES: &[(&str, &str)] = &[
    (
        "GL001-unreadable-file.md",
        include_str!("../rules/GL001-unreadable-file.md"),
    ),
    (
        "GL002-syntax-error.md",
        include_str!("../rules/GL002-syntax-error.md"),
    ),
    (
        "GL003-invalid-structure.md",
        include_str!("../rules/GL003-invalid-structure.md"),
    ),
    (
        "GL004-unsupported-construct.md",
        include_str!("../rules/GL004-unsupported-construct.md"),
    ),
    (
        "GL005-bad-policy-document.md",
        include_str!("../rules/GL005-bad-policy-document.md"),
    ),
    (
        "GL006-bad-configuration.md",
        include_str!("../rules/GL006-bad-configuration.md"),
    ),
    (
        "GL101-deployer-cannot-pass-custom-named-role.md",
        include_str!("../rules/GL101-deployer-cannot-pass-custom-named-role.md"),
    ),
    (
        "GL102-deployer-has-no-pass-role.md",
        include_str!("../rules/GL102-deployer-has-no-pass-role.md"),
    ),
    (
        "GL103-pass-role-explicitly-denied.md",
        include_str!("../rules/GL103-pass-role-explicitly-denied.md"),
    ),
    (
        "GL201-s3-read-gap.md",
        include_str!("../rules/GL201-s3-read-gap.md"),
    ),
    (
        "GL202-s3-write-gap.md",
        include_str!("../rules/GL202-s3-write-gap.md"),
    ),
    (
        "GL203-kms-gap.md",
        include_str!("../rules/GL203-kms-gap.md"),
    ),
    (
        "GL204-cloudwatch-logs-gap.md",
        include_str!("../rules/GL204-cloudwatch-logs-gap.md"),
    ),
    (
        "GL205-glue-service-gap.md",
        include_str!("../rules/GL205-glue-service-gap.md"),
    ),
    (
        "GL206-glue-cannot-assume-role.md",
        include_str!("../rules/GL206-glue-cannot-assume-role.md"),
    ),
    (
        "GL207-runtime-explicit-deny.md",
        include_str!("../rules/GL207-runtime-explicit-deny.md"),
    ),
    (
        "GL301-pass-role-without-service-condition.md",
        include_str!("../rules/GL301-pass-role-without-service-condition.md"),
    ),
    (
        "GL302-admin-equivalent-workload-role.md",
        include_str!("../rules/GL302-admin-equivalent-workload-role.md"),
    ),
    (
        "GL303-ineffective-grant.md",
        include_str!("../rules/GL303-ineffective-grant.md"),
    ),
    (
        "GL901-unused-suppression.md",
        include_str!("../rules/GL901-unused-suppression.md"),
    ),
];

/// When a rule's failure shows up, or what kind of rule it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// Creating or updating the resource fails (`glue:CreateJob` → `iam:PassRole`).
    DeployTime,
    /// The resource is saved but fails when it runs.
    RunTime,
    /// Nothing fails, but the configuration is risky or wasteful.
    Hygiene,
    /// The tool's own diagnostics (`GL0xx`).
    Tool,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::DeployTime => "deploy-time",
            Category::RunTime => "run-time",
            Category::Hygiene => "hygiene",
            Category::Tool => "tool",
        }
    }
    fn parse(s: &str) -> Option<Category> {
        Some(match s {
            "deploy-time" => Category::DeployTime,
            "run-time" => Category::RunTime,
            "hygiene" => Category::Hygiene,
            "tool" => Category::Tool,
            _ => return None,
        })
    }
}

/// How often a result of the rule is right (SARIF `precision`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Low,
    Medium,
    High,
    VeryHigh,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Low => "low",
            Precision::Medium => "medium",
            Precision::High => "high",
            Precision::VeryHigh => "very-high",
        }
    }
    fn parse(s: &str) -> Option<Precision> {
        Some(match s {
            "low" => Precision::Low,
            "medium" => Precision::Medium,
            "high" => Precision::High,
            "very-high" => Precision::VeryHigh,
            _ => return None,
        })
    }
}

/// A fix a rule may offer: its kind (`ADD_IAM_PASSROLE`) and one line saying what it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixMeta {
    pub kind: String,
    pub description: String,
}

/// One catalog entry.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleMeta {
    /// `GL101`
    pub id: String,
    /// PascalCase name: `DeployerCannotPassCustomNamedRole`
    pub name: String,
    /// One line, no trailing period.
    pub title: String,
    /// The default level of the rule's results.
    pub severity: Level,
    pub category: Category,
    /// Resource types the rule looks at (`AWS::Glue::Job`); `file` for tool diagnostics.
    pub scope: Vec<String>,
    /// Runtime error messages this rule predicts, lowercase.
    pub aliases: Vec<String>,
    pub fixes: Vec<FixMeta>,
    pub tags: Vec<String>,
    pub precision: Precision,
    /// SARIF `security-severity` (0.1..=10.0) for rules that are security findings.
    pub security_severity: Option<f32>,
    /// The markdown body after the front matter (What happens / Why / Example / Fix).
    pub body: String,
    /// The catalog file it was read from (`GL101-deployer-cannot-pass-custom-named-role.md`).
    pub file: String,
}

impl RuleMeta {
    /// The text of a `## heading` section of the body, trimmed; empty when absent.
    pub fn section(&self, heading: &str) -> &str {
        section(&self.body, heading)
    }

    /// Whether the entry is one of the tool's own diagnostics (`GL0xx`).
    pub fn is_tool(&self) -> bool {
        self.category == Category::Tool
    }
}

fn section<'a>(body: &'a str, heading: &str) -> &'a str {
    let mut start = None;
    let mut offset = 0usize;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if let Some(s) = start {
            if trimmed.starts_with("## ") {
                return body.get(s..offset).unwrap_or("").trim();
            }
        } else if trimmed.strip_prefix("## ").map(str::trim) == Some(heading) {
            start = Some(offset + line.len());
        }
        offset += line.len();
    }
    match start {
        Some(s) => body.get(s..).unwrap_or("").trim(),
        None => "",
    }
}

/// Why a catalog file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("{file}: no YAML front matter between `---` lines")]
    NoFrontMatter { file: String },
    #[error("{file}: front matter is not valid YAML: {message}")]
    Yaml { file: String, message: String },
    #[error("{file}: field `{field}`: {message}")]
    Field {
        file: String,
        field: &'static str,
        message: String,
    },
    #[error("{file}: the id `{id}` does not match the file name")]
    FileName { file: String, id: String },
}

/// Parses one catalog file.
pub fn parse_rule(file: &str, text: &str) -> Result<RuleMeta, CatalogError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
        .ok_or_else(|| CatalogError::NoFrontMatter {
            file: file.to_string(),
        })?;
    let (front, body) = match rest.find("\n---\n") {
        Some(i) => (&rest[..i + 1], &rest[i + 5..]),
        None => match rest.find("\n---\r\n") {
            Some(i) => (&rest[..i + 1], &rest[i + 6..]),
            None => {
                return Err(CatalogError::NoFrontMatter {
                    file: file.to_string(),
                })
            }
        },
    };
    let docs = Yaml::load_from_str(front).map_err(|e| CatalogError::Yaml {
        file: file.to_string(),
        message: e.to_string(),
    })?;
    let doc = docs.first().ok_or_else(|| CatalogError::NoFrontMatter {
        file: file.to_string(),
    })?;
    if !doc.is_mapping() {
        return Err(CatalogError::Yaml {
            file: file.to_string(),
            message: "not a mapping".into(),
        });
    }
    let err = |field: &'static str, message: &str| CatalogError::Field {
        file: file.to_string(),
        field,
        message: message.to_string(),
    };
    let string = |field: &'static str| -> Result<String, CatalogError> {
        match doc.as_mapping_get(field) {
            Some(v) => match v.as_str() {
                Some(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
                _ => Err(err(field, "must be a non-empty string")),
            },
            None => Err(err(field, "missing")),
        }
    };
    // A string or a list of strings; absent means empty.
    let strings = |field: &'static str| -> Result<Vec<String>, CatalogError> {
        let Some(v) = doc.as_mapping_get(field) else {
            return Ok(Vec::new());
        };
        if let Some(s) = v.as_str() {
            return Ok(vec![s.to_string()]);
        }
        let Some(seq) = v.as_vec() else {
            return Err(err(field, "must be a list of strings"));
        };
        seq.iter()
            .map(|item| {
                item.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| err(field, "must be a list of strings"))
            })
            .collect()
    };

    let id = string("id")?;
    if !file.starts_with(&format!("{id}-")) {
        return Err(CatalogError::FileName {
            file: file.to_string(),
            id,
        });
    }
    let name = string("name")?;
    if !name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        || !name.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return Err(err("name", "must be PascalCase"));
    }
    let severity = match string("severity")?.as_str() {
        "error" => Level::Error,
        "warning" => Level::Warning,
        "note" => Level::Note,
        _ => return Err(err("severity", "must be error, warning or note")),
    };
    let category =
        Category::parse(&string("category")?).ok_or_else(|| err("category", "unknown category"))?;
    let precision = Precision::parse(&string("precision")?)
        .ok_or_else(|| err("precision", "unknown precision"))?;
    let security_severity = match doc.as_mapping_get("security_severity") {
        None => None,
        Some(v) => {
            let n = v
                .as_floating_point()
                .or_else(|| v.as_integer().map(|i| i as f64))
                .ok_or_else(|| err("security_severity", "must be a number"))?;
            if !(0.1..=10.0).contains(&n) {
                return Err(err("security_severity", "must be between 0.1 and 10.0"));
            }
            Some(n as f32)
        }
    };
    let mut fixes = Vec::new();
    if let Some(v) = doc.as_mapping_get("fixes") {
        let seq = v.as_vec().ok_or_else(|| err("fixes", "must be a list"))?;
        for item in seq {
            let get = |k: &str| {
                item.as_mapping_get(k)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            match (get("kind"), get("description")) {
                (Some(kind), Some(description)) => fixes.push(FixMeta { kind, description }),
                _ => return Err(err("fixes", "each fix needs `kind` and `description`")),
            }
        }
    }
    let meta = RuleMeta {
        id,
        name,
        title: string("title")?,
        severity,
        category,
        scope: strings("scope")?,
        aliases: strings("aliases")?,
        fixes,
        tags: strings("tags")?,
        precision,
        security_severity,
        body: body.trim().to_string() + "\n",
        file: file.to_string(),
    };
    if meta.tags.len() > 10 {
        return Err(err("tags", "at most 10 tags (GitHub shows 10)"));
    }
    if meta.aliases.iter().any(|a| a.to_lowercase() != *a) {
        return Err(err("aliases", "must be lowercase"));
    }
    for heading in ["What happens", "Why", "Example", "Fix"] {
        if meta.section(heading).is_empty() {
            return Err(CatalogError::Field {
                file: file.to_string(),
                field: "body",
                message: format!("missing section `## {heading}`"),
            });
        }
    }
    Ok(meta)
}

/// Parses every embedded file; the entries that parse, sorted by id, and the errors.
pub fn load() -> (Vec<RuleMeta>, Vec<CatalogError>) {
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for (file, text) in CATALOG_FILES {
        match parse_rule(file, text) {
            Ok(r) => rules.push(r),
            Err(e) => errors.push(e),
        }
    }
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    (rules, errors)
}

/// The catalog, parsed once, sorted by id. Files that do not parse are left out.
pub fn catalog() -> &'static [RuleMeta] {
    static CATALOG: OnceLock<Vec<RuleMeta>> = OnceLock::new();
    CATALOG.get_or_init(|| load().0)
}

/// The catalog entry of a rule or diagnostic code.
pub fn rule(id: &str) -> Option<&'static RuleMeta> {
    let all = catalog();
    all.binary_search_by(|r| r.id.as_str().cmp(id))
        .ok()
        .and_then(|i| all.get(i))
}

/// The catalog entries that predict a runtime error message: those with an alias that
/// occurs in `error` (case and spacing ignored), best match (longest alias) first, each
/// with the alias that matched.
pub fn explain(error: &str) -> Vec<(&'static RuleMeta, &'static str)> {
    let normalize = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let error = normalize(error);
    let mut hits: Vec<(&'static RuleMeta, &'static str)> = catalog()
        .iter()
        .filter_map(|r| {
            r.aliases
                .iter()
                .filter(|a| !a.is_empty() && error.contains(&normalize(a)))
                .max_by_key(|a| a.len())
                .map(|a| (r, a.as_str()))
        })
        .collect();
    hits.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.id.cmp(&b.0.id)));
    hits
}

/// The repository the documentation links point into.
pub const REPOSITORY_URL: &str = env!("CARGO_PKG_REPOSITORY");

/// Where a rule's documentation page is published.
pub fn help_uri(id: &str) -> String {
    format!("{REPOSITORY_URL}/blob/main/docs/rules/{id}.md")
}

/// The generated page `docs/rules/<ID>.md` of a rule.
pub fn render_doc(rule: &RuleMeta) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<!-- generated from rules/{}; do not edit -->",
        rule.file
    );
    let _ = writeln!(s);
    let _ = writeln!(s, "# {} {}: {}", rule.id, rule.name, rule.title);
    let _ = writeln!(s);
    let _ = writeln!(s, "| | |");
    let _ = writeln!(s, "|---|---|");
    let _ = writeln!(s, "| Default level | {} |", rule.severity.as_str());
    let _ = writeln!(s, "| Category | {} |", rule.category.as_str());
    let _ = writeln!(s, "| Scope | {} |", code_list(&rule.scope));
    let _ = writeln!(s, "| Precision | {} |", rule.precision.as_str());
    if let Some(sev) = rule.security_severity {
        let _ = writeln!(s, "| Security severity | {sev:.1} |");
    }
    let _ = writeln!(s, "| Tags | {} |", code_list(&rule.tags));
    if !rule.fixes.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "Fixes:");
        let _ = writeln!(s);
        for f in &rule.fixes {
            let _ = writeln!(s, "- `{}`: {}", f.kind, f.description);
        }
    }
    if !rule.aliases.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "Runtime errors this predicts:");
        let _ = writeln!(s);
        for a in &rule.aliases {
            let _ = writeln!(s, "- `{a}`");
        }
    }
    let _ = writeln!(s);
    s.push_str(&rule.body);
    s
}

fn code_list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The generated index `docs/rules/README.md`.
pub fn render_index(rules: &[RuleMeta]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "<!-- generated from rules/*.md; do not edit -->");
    let _ = writeln!(s);
    let _ = writeln!(s, "# glue-lint rules");
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Each rule predicts a failure of an AWS Glue resource, or reports a problem glue-lint had \
         reading its input (`GL0xx`). The pages are generated from `rules/`."
    );
    for (heading, tool) in [("Rules", false), ("Tool diagnostics", true)] {
        let _ = writeln!(s);
        let _ = writeln!(s, "## {heading}");
        let _ = writeln!(s);
        let _ = writeln!(s, "| Id | Name | Level | Category | Title |");
        let _ = writeln!(s, "|---|---|---|---|---|");
        for r in rules.iter().filter(|r| r.is_tool() == tool) {
            let _ = writeln!(
                s,
                "| [{id}]({id}.md) | {} | {} | {} | {} |",
                r.name,
                r.severity.as_str(),
                r.category.as_str(),
                r.title,
                id = r.id
            );
        }
    }
    s
}

/// Every generated documentation file as (path relative to the repository, contents).
pub fn render_docs() -> Vec<(String, String)> {
    let rules = catalog();
    let mut out: Vec<(String, String)> = rules
        .iter()
        .map(|r| (format!("docs/rules/{}.md", r.id), render_doc(r)))
        .collect();
    out.push(("docs/rules/README.md".to_string(), render_index(rules)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_file_parses() {
        let (rules, errors) = load();
        assert!(errors.is_empty(), "catalog errors: {errors:?}");
        assert_eq!(rules.len(), CATALOG_FILES.len());
        assert_eq!(catalog().len(), CATALOG_FILES.len());
    }

    #[test]
    fn file_list_matches_directory() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".md"))
                    .collect()
            })
            .unwrap_or_default();
        on_disk.sort();
        let listed: Vec<String> = CATALOG_FILES.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(
            listed, on_disk,
            "CATALOG_FILES must list rules/*.md, sorted"
        );
    }

    #[test]
    fn ids_are_unique_and_sorted() {
        let ids: Vec<&str> = catalog().iter().map(|r| r.id.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(ids, sorted);
    }

    #[test]
    fn lookup_by_id() {
        let r = rule("GL101").map(|r| r.name.as_str());
        assert_eq!(r, Some("DeployerCannotPassCustomNamedRole"));
        assert_eq!(rule("GL103").map(|r| r.severity), Some(Level::Error));
        assert_eq!(rule("GL004").map(|r| r.category), Some(Category::Tool));
        assert!(rule("GL999").is_none());
    }

    #[test]
    fn headline_rule_predicts_passrole_error() {
        let Some(r) = rule("GL101") else {
            panic!("GL101 missing")
        };
        assert!(r.aliases.iter().any(|a| a.contains("iam:passrole")));
        assert!(r.fixes.iter().any(|f| f.kind == "ADD_IAM_PASSROLE"));
        assert!(r.section("Why").contains("AWSGlueServiceRole*"));
        assert!(r.section("Example").contains("```hcl"));
    }

    #[test]
    fn malformed_files_are_errors_not_panics() {
        let cases = [
            ("GL900-x.md", "no front matter"),
            ("GL900-x.md", "---\nid: [unclosed\n---\n"),
            ("GL900-x.md", "---\n- a list\n---\n"),
            ("GL900-x.md", "---\nid: GL901\n---\n"),
            ("GL900-x.md", "---\nid: GL900\nname: lower\n---\n"),
            ("GL900-x.md", "---\nid: GL900\n"),
        ];
        for (file, text) in cases {
            assert!(parse_rule(file, text).is_err(), "{text:?} should not parse");
        }
    }

    #[test]
    fn rejects_bad_values() {
        let Some(good) = CATALOG_FILES.iter().find(|(n, _)| n.starts_with("GL102")) else {
            panic!("GL102 missing")
        };
        assert!(parse_rule(good.0, good.1).is_ok());
        for (from, to) in [
            ("severity: error", "severity: fatal"),
            ("category: deploy-time", "category: later"),
            ("precision: high", "precision: sure"),
            ("## Fix", "## Remedy"),
            ("precision: high", "precision: high\nsecurity_severity: 11"),
            (
                "precision: high",
                "precision: high\nsecurity_severity: high",
            ),
        ] {
            let text = good.1.replacen(from, to, 1);
            assert!(
                parse_rule(good.0, &text).is_err(),
                "{to:?} should be rejected"
            );
        }
        let text = good.1.replacen(
            "precision: high",
            "precision: high\nsecurity_severity: 7.5",
            1,
        );
        assert_eq!(
            parse_rule(good.0, &text)
                .ok()
                .and_then(|r| r.security_severity),
            Some(7.5)
        );
    }

    #[test]
    fn explains_runtime_errors() {
        // the console error of the headline field note
        let implicit = "updateJob: AccessDeniedException: User: arn:aws:iam::1:user/u\n\
            is not authorized to perform: iam:PassRole on resource: arn:aws:iam::1:role/r\n\
            because no identity-based policy allows the iam:PassRole action";
        let ids: Vec<&str> = explain(implicit)
            .iter()
            .map(|(r, _)| r.id.as_str())
            .collect();
        assert_eq!(ids.get(..2), Some(&["GL101", "GL102"][..]), "{ids:?}");
        let explicit = "User: u is not authorized to perform: iam:PassRole on resource: r \
            with an explicit deny in a service control policy";
        let hits = explain(explicit);
        assert_eq!(
            hits.first().map(|(r, a)| (r.id.as_str(), *a)),
            Some(("GL103", "with an explicit deny in a service control policy"))
        );
        assert!(explain("everything is fine").is_empty());
    }

    #[test]
    fn sections_are_found() {
        let body = "## What happens\n\nA\n\n## Why\n\nB\nC\n## Fix\nD";
        assert_eq!(section(body, "What happens"), "A");
        assert_eq!(section(body, "Why"), "B\nC");
        assert_eq!(section(body, "Fix"), "D");
        assert_eq!(section(body, "Example"), "");
    }
}
