//! Format detection: which loader reads a file, from its name and a cheap scan of its
//! text (top-level keys only; no full parse).
//!
//! `.tf` → Terraform, `.tfvars` → TfVars, `.tf.json` → `None` (not supported; the caller
//! warns). `.json` → Plan when the top-level object has `format_version` and
//! `planned_values` or `resource_changes`; CloudFormation when it has
//! `AWSTemplateFormatVersion`, or `Resources` with `Type: "AWS::..."`/`"Custom::..."`
//! values. `.yaml`/`.yml`/`.template` → CloudFormation by the same test. Anything under a
//! `cdk.out` directory named `*.template.json` is a CloudFormation template.

use std::path::Path;

use crate::source::Format;

/// The format of a file, or `None` when glue-lint does not read it.
pub fn detect(path: &Path, text: &str) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".tf.json") || name.ends_with(".tfvars.json") {
        return None;
    }
    if name.ends_with(".tf") {
        return Some(Format::Terraform);
    }
    if name.ends_with(".tfvars") {
        return Some(Format::TfVars);
    }
    if name == ".glue-lint.yaml" || name == ".glue-lint.yml" {
        return None;
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if name.ends_with(".json") {
        let in_cdk_out = path.components().any(|c| c.as_os_str() == "cdk.out");
        if in_cdk_out && name.ends_with(".template.json") {
            return Some(Format::CloudFormation);
        }
        return detect_json(text);
    }
    if name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".template") {
        let looks_json = text.trim_start().starts_with('{');
        let found = if looks_json {
            detect_json(text)
        } else {
            detect_yaml(text)
        };
        return found.filter(|f| *f == Format::CloudFormation);
    }
    None
}

fn detect_json(text: &str) -> Option<Format> {
    let keys = json_top_keys(text);
    let has = |k: &str| keys.contains(&k);
    if has("format_version") && (has("planned_values") || has("resource_changes")) {
        return Some(Format::Plan);
    }
    if has("AWSTemplateFormatVersion") || (has("Resources") && json_has_cfn_type(text)) {
        return Some(Format::CloudFormation);
    }
    None
}

/// The keys of the top-level JSON object, as written (escapes not decoded). Stops at the
/// end of the top-level object; tolerates malformed text (returns what it saw).
fn json_top_keys(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut i = 0usize;
    // whether the next string at depth 1 is a key
    let mut expect_key = false;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while let Some(&c) = bytes.get(j) {
                    match c {
                        b'\\' => j += 2,
                        b'"' => break,
                        _ => j += 1,
                    }
                }
                if depth == 1 && expect_key {
                    if let Some(k) = text.get(start..j.min(text.len())) {
                        keys.push(k);
                    }
                    expect_key = false;
                }
                i = j + 1;
                continue;
            }
            b'{' | b'[' => {
                if depth == 0 && b != b'{' {
                    return keys;
                }
                depth += 1;
                expect_key = depth == 1 && b == b'{';
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return keys;
                }
            }
            b',' if depth == 1 => expect_key = true,
            _ => {}
        }
        i += 1;
    }
    keys
}

/// Whether some `"Type": "AWS::..."` (or `Custom::`) appears in JSON text.
fn json_has_cfn_type(text: &str) -> bool {
    let mut rest = text;
    while let Some(i) = rest.find("\"Type\"") {
        rest = &rest[i + 6..];
        let after = rest.trim_start();
        if let Some(after) = after.strip_prefix(':') {
            let v = after.trim_start();
            if v.starts_with("\"AWS::") || v.starts_with("\"Custom::") || v.starts_with("\"Alexa::")
            {
                return true;
            }
        }
    }
    false
}

/// CloudFormation in YAML: `AWSTemplateFormatVersion:` at column 0, or `Resources:` at
/// column 0 with some indented `Type: AWS::...` / `Custom::...` below it.
fn detect_yaml(text: &str) -> Option<Format> {
    let mut in_resources = false;
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let top = !line.starts_with([' ', '\t']);
        if top {
            let key = line
                .split(':')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches(['"', '\'']);
            if key == "AWSTemplateFormatVersion" && line.contains(':') {
                return Some(Format::CloudFormation);
            }
            in_resources = key == "Resources" && line.contains(':');
            continue;
        }
        if in_resources {
            let t = line.trim_start();
            if let Some(v) = t.strip_prefix("Type:") {
                let v = v.trim_start().trim_start_matches(['"', '\'']);
                if v.starts_with("AWS::") || v.starts_with("Custom::") || v.starts_with("Alexa::") {
                    return Some(Format::CloudFormation);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(path: &str, text: &str) -> Option<Format> {
        detect(Path::new(path), text)
    }

    #[test]
    fn terraform_by_extension() {
        assert_eq!(d("main.tf", ""), Some(Format::Terraform));
        assert_eq!(d("envs/prod.tfvars", ""), Some(Format::TfVars));
        assert_eq!(d("main.tf.json", "{\"resource\": {}}"), None);
    }

    #[test]
    fn plan_json() {
        let plan = r#"{"format_version":"1.2","terraform_version":"1.9.0","planned_values":{"root_module":{}}}"#;
        assert_eq!(d("plan.json", plan), Some(Format::Plan));
        let plan2 = "{\n \"format_version\": \"1.2\",\n \"resource_changes\": []\n}";
        assert_eq!(d("out/tfplan.json", plan2), Some(Format::Plan));
        // keys nested deeper do not count
        let nested = r#"{"x": {"format_version": "1", "planned_values": {}}}"#;
        assert_eq!(d("plan.json", nested), None);
        // a state file has format_version but no plan keys
        assert_eq!(
            d("state.json", r#"{"format_version":"1.0","values":{}}"#),
            None
        );
    }

    #[test]
    fn cloudformation_json() {
        assert_eq!(
            d(
                "t.json",
                r#"{"AWSTemplateFormatVersion":"2010-09-09","Resources":{}}"#
            ),
            Some(Format::CloudFormation)
        );
        let res = r#"{"Resources": {"B": {"Type" : "AWS::S3::Bucket"}}}"#;
        assert_eq!(d("t.json", res), Some(Format::CloudFormation));
        assert_eq!(
            d("package.json", r#"{"name":"x","Resources":{"Type":"npm"}}"#),
            None
        );
        assert_eq!(d("tsconfig.json", r#"{"compilerOptions":{}}"#), None);
        assert_eq!(
            d("cdk.out/Stack.template.json", r#"{"Resources":{}}"#),
            Some(Format::CloudFormation)
        );
        assert_eq!(d("cdk.out/manifest.json", r#"{"version":"36.0.0"}"#), None);
    }

    #[test]
    fn cloudformation_yaml() {
        assert_eq!(
            d(
                "t.yaml",
                "AWSTemplateFormatVersion: \"2010-09-09\"\nResources: {}\n"
            ),
            Some(Format::CloudFormation)
        );
        let sam = "# comment\nTransform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n";
        assert_eq!(d("template.yml", sam), Some(Format::CloudFormation));
        assert_eq!(
            d(
                "stack.template",
                "Resources:\n  C:\n    Type: 'Custom::Thing'\n"
            ),
            Some(Format::CloudFormation)
        );
        assert_eq!(
            d(
                "stack.template",
                "{\"AWSTemplateFormatVersion\": \"2010-09-09\"}"
            ),
            Some(Format::CloudFormation)
        );
    }

    #[test]
    fn other_yaml_is_not_cloudformation() {
        let workflow = "name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n";
        assert_eq!(d(".github/workflows/ci.yml", workflow), None);
        let k8s = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: x\n      resources:\n        limits: {}\n      Type: AWS::Nope\n";
        assert_eq!(d("pod.yaml", k8s), None);
        let compose = "services:\n  web:\n    image: nginx\n";
        assert_eq!(d("docker-compose.yml", compose), None);
        assert_eq!(d(".glue-lint.yaml", "AWSTemplateFormatVersion: x\n"), None);
        let serverless =
            "service: x\nresources:\n  Resources:\n    B:\n      Type: AWS::S3::Bucket\n";
        assert_eq!(d("serverless.yml", serverless), None);
        // a plan is not read from YAML
        assert_eq!(
            d("x.yaml", "{\"format_version\":\"1\",\"planned_values\":{}}"),
            None
        );
        assert_eq!(d("README.md", "Resources:\n  Type: AWS::S3::Bucket"), None);
    }

    #[test]
    fn malformed_text_does_not_panic() {
        for t in [
            "",
            "{",
            "\"",
            "{\"a",
            "{\"\\",
            "[",
            "}}}",
            "\u{feff}{\"AWSTemplateFormatVersion\":1}",
        ] {
            let _ = d("x.json", t);
            let _ = d("x.yaml", t);
        }
        assert_eq!(
            d("x.json", "\u{feff}{\"AWSTemplateFormatVersion\":1}"),
            Some(Format::CloudFormation)
        );
    }
}
