//! Snapshots of the resources the Terraform loader reads from the shared scenario projects.

mod terraform_support;

use std::path::Path;

use terraform_support::{load_dir, summary};

fn project(name: &str) -> terraform_support::Loaded {
    load_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/projects")
            .join(name),
    )
}

macro_rules! snap {
    ($test:ident, $name:literal) => {
        #[test]
        fn $test() {
            let l = project($name);
            assert!(l.out.diagnostics.is_empty(), "{}", l.diag_text());
            insta::assert_snapshot!(summary(&l));
        }
    };
}

snap!(headline, "headline");
snap!(headline_fixed, "headline-fixed");
snap!(mfa_guardrail, "mfa-guardrail");
snap!(no_passrole, "no-passrole");
snap!(service_role_name, "service-role-name");
snap!(modules, "modules");

#[test]
fn headline_job_role_is_the_role_arn_with_origin() {
    let l = project("headline");
    let job = l.res("aws_glue_job.load");
    let role_arn = job.attrs.get("role_arn").expect("role_arn");
    assert_eq!(
        role_arn.to_string_lossy(),
        "arn:<partition>:iam::<account id>:role/etl-runtime-role"
    );
    let o = role_arn.origin.as_ref().expect("origin");
    assert_eq!(
        (o.address.as_str(), o.attr.as_str()),
        ("aws_iam_role.etl", "arn")
    );
}

#[test]
fn modules_project_resolves_module_inputs_and_tfvars() {
    let l = project("modules");
    assert_eq!(
        l.attr("module.load_job.aws_glue_job.this", &["role_arn"]),
        "\"arn:<partition>:iam::<account id>:role/etl-runtime-role\""
    );
    assert_eq!(
        l.attr(
            "module.load_job.aws_glue_job.this",
            &["command", "script_location"]
        ),
        "\"s3://example-glue-scripts/load.py\""
    );
    let role = l.res("module.load_job.aws_iam_role.this");
    assert_eq!(role.name, "this");
    assert!(!role.name_span.is_none());
}

trait Lossy {
    fn to_string_lossy(&self) -> String;
}
impl Lossy for glue_lint::ir::Val {
    fn to_string_lossy(&self) -> String {
        self.as_sym().map(|s| s.to_string()).unwrap_or_default()
    }
}

#[test]
fn large_configuration_loads_quickly() {
    let mut tf = String::new();
    for i in 0..2000 {
        tf.push_str(&format!(
            "resource \"aws_iam_role\" \"r{i}\" {{\n  name = \"role-{i}\"\n}}\n\
             resource \"aws_glue_job\" \"j{i}\" {{\n  name     = \"job-{i}\"\n  role_arn = aws_iam_role.r{i}.arn\n}}\n"
        ));
    }
    let start = std::time::Instant::now();
    let l = terraform_support::load_files(&[("big/main.tf", &tf)], &[], &[]);
    assert_eq!(l.out.resources.len(), 4000);
    assert_eq!(
        l.attr("aws_glue_job.j1999", &["role_arn"]),
        "\"arn:<partition>:iam::<account id>:role/role-1999\""
    );
    // generous: linear work, unoptimised build
    assert!(
        start.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
}
