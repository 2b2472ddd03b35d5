//! Snapshots of every CloudFormation fixture as the loader reads it.

#[path = "cfn_common/mod.rs"]
mod common;

use glue_lint::parse::cloudformation::{load, CfnOptions};

fn snap(rel: &str) -> String {
    let f = common::testdata(rel);
    let out = load(&f, &CfnOptions::default());
    common::render(&out, &f)
}

macro_rules! fixture {
    ($test:ident, $path:literal) => {
        #[test]
        fn $test() {
            insta::assert_snapshot!(snap($path));
        }
    };
}

fixture!(headline_yaml, "testdata/cloudformation/headline.yaml");
fixture!(headline_json, "testdata/cloudformation/headline.json");
fixture!(
    headline_fixed,
    "testdata/cloudformation/headline-fixed.yaml"
);
fixture!(mfa_guardrail, "testdata/cloudformation/mfa-guardrail.yaml");
fixture!(no_passrole, "testdata/cloudformation/no-passrole.yaml");
fixture!(
    service_role_name,
    "testdata/cloudformation/service-role-name.yaml"
);
fixture!(
    generated_names,
    "testdata/cloudformation/generated-names.yaml"
);
fixture!(intrinsics, "testdata/cloudformation/intrinsics.yaml");
fixture!(sam, "testdata/cloudformation/sam.yaml");
fixture!(
    cdk_stack,
    "testdata/cloudformation/cdk.out/Stack.template.json"
);

#[test]
fn headline_yaml_and_json_load_the_same_values() {
    let strip = |s: String| s.replace("headline.json", "headline.yaml");
    assert_eq!(
        strip(snap("testdata/cloudformation/headline.json")),
        snap("testdata/cloudformation/headline.yaml")
    );
}

#[test]
fn every_fixture_loads_without_diagnostics() {
    for rel in [
        "testdata/cloudformation/headline.yaml",
        "testdata/cloudformation/headline.json",
        "testdata/cloudformation/headline-fixed.yaml",
        "testdata/cloudformation/mfa-guardrail.yaml",
        "testdata/cloudformation/no-passrole.yaml",
        "testdata/cloudformation/service-role-name.yaml",
        "testdata/cloudformation/generated-names.yaml",
        "testdata/cloudformation/intrinsics.yaml",
        "testdata/cloudformation/sam.yaml",
        "testdata/cloudformation/cdk.out/Stack.template.json",
    ] {
        let f = common::testdata(rel);
        let out = load(&f, &CfnOptions::default());
        assert!(out.diagnostics.is_empty(), "{rel}: {:?}", out.diagnostics);
        assert!(!out.resources.is_empty(), "{rel}");
    }
}
