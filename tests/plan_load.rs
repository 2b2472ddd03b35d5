//! The plan JSON loader on a hand-written plan (shapes only) and on broken input.

#[path = "cfn_common/mod.rs"]
mod common;

use glue_lint::ir::{LoadOutput, Val, ValKind};
use glue_lint::parse::plan::{load, PlanOptions};

const SHAPES: &str = "testdata/plan/shapes.plan.json";

fn shapes() -> (glue_lint::source::SourceFile, LoadOutput) {
    let f = common::testdata(SHAPES);
    let out = load(&f, &PlanOptions::default());
    (f, out)
}

fn res<'o>(out: &'o LoadOutput, addr: &str) -> &'o glue_lint::ir::RawResource {
    out.resources
        .iter()
        .find(|r| r.address == addr)
        .unwrap_or_else(|| panic!("no {addr}"))
}

#[test]
fn snapshot() {
    let (f, out) = shapes();
    insta::assert_snapshot!(common::render(&out, &f));
}

#[test]
fn resources_from_root_child_modules_and_prior_state_data() {
    let (_, out) = shapes();
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let addrs: Vec<&str> = out.resources.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(
        addrs,
        [
            "aws_iam_group.glue_access",
            "aws_iam_group_policy_attachment.console",
            "aws_iam_role.etl",
            "aws_s3_bucket.scripts[0]",
            "aws_glue_job.load",
            "module.etl[\"nightly\"].aws_glue_job.this",
            "module.etl[\"nightly\"].aws_iam_role.this",
            "module.etl[\"nightly\"].module.logs.aws_cloudwatch_log_group.this",
            "data.aws_iam_policy_document.glue_trust",
        ]
    );
    let group = res(&out, "aws_iam_group.glue_access");
    // planned values win over the prior state
    assert_eq!(
        group.attrs.get("name").and_then(Val::as_str),
        Some("GlueAccess")
    );
    let data = res(&out, "data.aws_iam_policy_document.glue_trust");
    assert!(data.is_data);
    assert_eq!(data.rtype, "aws_iam_policy_document");
    assert_eq!(data.name, "glue_trust");
    let json = data.attrs.get("json").and_then(Val::as_str).unwrap();
    assert!(json.contains("glue.amazonaws.com"));
    assert!(!res(&out, "aws_glue_job.load").is_data);
}

#[test]
fn after_unknown_becomes_holes_with_origins_from_references() {
    let (_, out) = shapes();
    let job = res(&out, "aws_glue_job.load");
    let role_arn = job.attrs.get("role_arn").unwrap();
    match &role_arn.kind {
        ValKind::Unknown(h) => {
            assert_eq!(&*h.label, "aws_glue_job.load.role_arn (known after apply)")
        }
        k => panic!("{k:?}"),
    }
    let o = role_arn.origin.as_ref().unwrap();
    assert_eq!(
        (o.address.as_str(), o.attr.as_str()),
        ("aws_iam_role.etl", "arn")
    );
    let script = job.attrs.path(&["command", "script_location"]).unwrap();
    match &script.kind {
        ValKind::Unknown(h) => assert_eq!(
            &*h.label,
            "aws_glue_job.load.command[0].script_location (known after apply)"
        ),
        k => panic!("{k:?}"),
    }
    let o = script.origin.as_ref().unwrap();
    assert_eq!(
        (o.address.as_str(), o.attr.as_str()),
        ("aws_s3_bucket.scripts[0]", "bucket")
    );
    // known values keep no origin and stay as planned
    assert_eq!(
        job.attrs.path(&["command", "name"]).and_then(Val::as_str),
        Some("glueetl")
    );
    assert!(job.attrs.get("name").unwrap().origin.is_none());
    assert_eq!(
        job.attrs.get("number_of_workers").map(|v| &v.kind),
        Some(&ValKind::Num("2".into()))
    );
}

#[test]
fn module_references_are_prefixed_with_the_module_instance() {
    let (_, out) = shapes();
    let job = res(&out, "module.etl[\"nightly\"].aws_glue_job.this");
    let o = job
        .attrs
        .get("role_arn")
        .and_then(|v| v.origin.clone())
        .unwrap();
    assert_eq!(o.address, "module.etl[\"nightly\"].aws_iam_role.this");
    assert_eq!(o.attr, "arn");
    // a known value with a reference to a variable keeps no origin
    assert!(job.attrs.get("name").unwrap().origin.is_none());
}

#[test]
fn spans_are_the_address_in_planned_values() {
    let (f, out) = shapes();
    let pv = f.text.find("\"planned_values\"").unwrap();
    let rc = f.text.find("\"resource_changes\"").unwrap();
    for r in &out.resources {
        let s = f.slice(r.span);
        assert!(
            s.starts_with("\"address\"") && s.contains(&serde_json::to_string(&r.address).unwrap()),
            "{s}"
        );
        assert_eq!(
            f.slice(r.name_span),
            serde_json::to_string(&r.address).unwrap()
        );
        if !r.is_data {
            assert!(
                (r.span.start as usize) > pv && (r.span.start as usize) < rc,
                "{}",
                r.address
            );
        }
        assert_eq!(r.attrs.span, r.span);
        if let ValKind::Map(es) = &r.attrs.kind {
            assert!(es.iter().all(|e| e.span == r.span && e.val.span == r.span));
        }
    }
}

#[test]
fn malformed_json_is_gl002_with_position() {
    let text = "{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {,}\n}\n";
    let f = common::file("bad.json", text);
    let out = load(&f, &PlanOptions::default());
    assert!(out.resources.is_empty());
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(out.diagnostics[0].code, "GL002");
    assert_eq!(f.line_col(out.diagnostics[0].span.start), (3, 22));
}

#[test]
fn wrong_shapes_are_gl003_and_the_rest_is_read() {
    let text = r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":[
        {"address":"aws_iam_role.a","mode":"managed","type":"aws_iam_role","name":"a","values":{"name":"a"}},
        {"address":"aws_iam_role.b","mode":"managed","values":{}},
        {"address":"aws_iam_role.c","mode":"managed","type":"aws_iam_role","name":"c","values":[1]}
    ],"child_modules":{}}},"resource_changes":{}}"#;
    let f = common::file("p.json", text);
    let out = load(&f, &PlanOptions::default());
    let addrs: Vec<&str> = out.resources.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(addrs, ["aws_iam_role.a", "aws_iam_role.c"]);
    let codes: Vec<&str> = out.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        ["GL003", "GL003", "GL003", "GL003"],
        "{:?}",
        out.diagnostics
    );
    // the missing-type resource is reported at its address
    let d = out
        .diagnostics
        .iter()
        .find(|d| d.message.contains("lacks"))
        .unwrap();
    assert!(f.slice(d.span).contains("aws_iam_role.b"));
    for text in ["[]", "{}", "null", "{\"planned_values\": 3}"] {
        let out = load(&common::file("p.json", text), &PlanOptions::default());
        assert!(out.resources.is_empty());
        assert_eq!(out.diagnostics.len(), 1, "{text}: {:?}", out.diagnostics);
        assert_eq!(out.diagnostics[0].code, "GL003");
    }
}

#[test]
fn deep_values_do_not_crash() {
    let deep = format!(
        "{{\"format_version\":\"1.2\",\"planned_values\":{{\"root_module\":{{\"resources\":[{{\"address\":\"x_y.z\",\"type\":\"x_y\",\"name\":\"z\",\"values\":{{\"v\":{}1{}}}}}]}}}}}}",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let out = load(&common::file("p.json", &deep), &PlanOptions::default());
    assert_eq!(out.diagnostics.first().map(|d| d.code), Some("GL002"));
}
