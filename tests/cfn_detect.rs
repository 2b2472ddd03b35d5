//! Every fixture is detected as the format its loader reads.

use std::path::Path;

use glue_lint::parse::detect::detect;
use glue_lint::source::Format;

fn check(rel: &str, want: Option<Format>) {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert_eq!(detect(Path::new(rel), &text), want, "{rel}");
}

#[test]
fn cloudformation_fixtures_are_detected() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/cloudformation");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            let rel = format!(
                "testdata/cloudformation/{}",
                p.file_name().unwrap().to_string_lossy()
            );
            check(&rel, Some(Format::CloudFormation));
            n += 1;
        }
    }
    assert!(n >= 9, "{n}");
    check(
        "testdata/cloudformation/cdk.out/Stack.template.json",
        Some(Format::CloudFormation),
    );
}

#[test]
fn plan_fixture_is_detected() {
    check("testdata/plan/shapes.plan.json", Some(Format::Plan));
    check("testdata/plan/README.md", None);
}
