//! CloudFormation intrinsic functions, generated names and errors, one behaviour per test.

#[path = "cfn_common/mod.rs"]
mod common;

use std::collections::BTreeMap;

use glue_lint::iam::HoleClass;
use glue_lint::ir::{LoadOutput, Val, ValKind};
use glue_lint::parse::cloudformation::{load, CfnOptions};

fn run(text: &str, opts: &CfnOptions) -> LoadOutput {
    load(&common::file("t.yaml", text), opts)
}

/// Loads a template whose resource `R` has the property `P: <expr>`, and returns `P`.
fn prop_with(header: &str, expr: &str, opts: &CfnOptions) -> (Option<Val>, LoadOutput) {
    let text = format!(
        "{header}\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: etl\n  Bucket:\n    Type: AWS::S3::Bucket\n  R:\n    Type: AWS::Glue::Job\n    Properties:\n      P: {expr}\n"
    );
    let out = run(&text, opts);
    let v = out
        .resources
        .iter()
        .find(|r| r.name == "R")
        .and_then(|r| r.attrs.get("P"))
        .cloned();
    (v, out)
}

fn prop(expr: &str) -> String {
    let (v, out) = prop_with("", expr, &CfnOptions::default());
    assert!(out.diagnostics.is_empty(), "{expr}: {:?}", out.diagnostics);
    show(&v.expect("P is present"))
}

fn show(v: &Val) -> String {
    match &v.kind {
        ValKind::Str(s) => s.to_string(),
        ValKind::Num(n) => format!("num {n}"),
        ValKind::Bool(b) => format!("bool {b}"),
        ValKind::Null => "null".into(),
        ValKind::Unknown(h) => format!("unknown <{}>", h.label),
        ValKind::List(items) => format!(
            "[{}]",
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
        ValKind::Map(es) => format!(
            "{{{}}}",
            es.iter()
                .map(|e| format!("{}: {}", e.key, show(&e.val)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ValKind::Json(inner) => format!("json {}", show(inner)),
    }
}

fn opts_known() -> CfnOptions {
    CfnOptions {
        account_id: Some("111122223333".into()),
        region: Some("eu-west-1".into()),
        partition: Some("aws".into()),
        parameters: BTreeMap::new(),
    }
}

#[test]
fn ref_pseudo_parameters_are_holes_unless_given() {
    assert_eq!(prop("!Ref AWS::AccountId"), "<account id>");
    assert_eq!(prop("!Ref AWS::Region"), "<region>");
    assert_eq!(prop("!Ref AWS::Partition"), "<partition>");
    assert_eq!(prop("!Ref AWS::StackName"), "unknown <stack name>");
    assert_eq!(prop("!Ref AWS::URLSuffix"), "amazonaws.com");
    let (v, _) = prop_with(
        "",
        "!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root",
        &opts_known(),
    );
    assert_eq!(show(&v.unwrap()), "arn:aws:iam::111122223333:root");
}

#[test]
fn account_hole_is_digits() {
    let (v, _) = prop_with("", "!Ref AWS::AccountId", &CfnOptions::default());
    let v = v.unwrap();
    let h = v.as_sym().and_then(|s| s.holes().next().cloned()).unwrap();
    assert_eq!(h.class, HoleClass::Digits);
}

#[test]
fn no_value_removes_the_key() {
    let (v, out) = prop_with("", "!Ref AWS::NoValue", &CfnOptions::default());
    assert!(v.is_none());
    assert!(out.diagnostics.is_empty());
    assert_eq!(prop("[a, !Ref AWS::NoValue, b]"), "[a, b]");
}

#[test]
fn ref_parameters_default_override_and_missing() {
    let header = "Parameters:\n  Env:\n    Type: String\n    Default: prod\n  Free:\n    Type: String\n  L:\n    Type: CommaDelimitedList\n    Default: a,b";
    let (v, _) = prop_with(header, "!Ref Env", &CfnOptions::default());
    assert_eq!(show(&v.unwrap()), "prod");
    let mut o = CfnOptions::default();
    o.parameters.insert("Env".into(), "dev".into());
    let (v, _) = prop_with(header, "!Ref Env", &o);
    assert_eq!(show(&v.unwrap()), "dev");
    let (v, _) = prop_with(header, "!Ref Free", &CfnOptions::default());
    assert_eq!(show(&v.unwrap()), "unknown <parameter Free (no default)>");
    let (v, _) = prop_with(header, "!Ref L", &CfnOptions::default());
    assert_eq!(show(&v.unwrap()), "[a, b]");
}

#[test]
fn ref_and_getatt_of_resources() {
    assert_eq!(prop("!Ref Role"), "etl");
    assert_eq!(
        prop("!GetAtt Role.Arn"),
        "arn:<partition>:iam::<account id>:role/etl"
    );
    assert_eq!(
        prop("{ \"Fn::GetAtt\": [Role, Arn] }"),
        "arn:<partition>:iam::<account id>:role/etl"
    );
    assert_eq!(prop("!GetAtt Role.RoleId"), "<RoleId of Role>");
    assert_eq!(
        prop("!GetAtt Bucket.Arn"),
        "arn:<partition>:s3:::<name CloudFormation generates for Bucket>"
    );
    let (v, _) = prop_with("", "!GetAtt Role.Arn", &CfnOptions::default());
    let o = v.unwrap().origin.unwrap();
    assert_eq!(
        (o.address.as_str(), o.attr.as_str()),
        ("t.yaml#Role", "Arn")
    );
    let (v, _) = prop_with("", "!Ref Role", &CfnOptions::default());
    assert_eq!(v.unwrap().origin.unwrap().attr, "Ref");
}

#[test]
fn generated_names_are_segment_holes_never_guesses() {
    let text = "Resources:\n  Gen:\n    Type: AWS::IAM::Role\n    Properties:\n      Path: /service-role/\n  J:\n    Type: AWS::Glue::Job\n    Properties:\n      Role: !GetAtt Gen.Arn\n      N: !Ref Gen\n";
    let out = run(text, &CfnOptions::default());
    let j = &out.resources[1];
    let role = j.attrs.get("Role").and_then(Val::as_sym).unwrap();
    assert_eq!(role.to_string(), "arn:<partition>:iam::<account id>:role/service-role/<name CloudFormation generates for Gen>");
    let name = j.attrs.get("N").and_then(Val::as_sym).unwrap();
    let h = name.holes().next().unwrap();
    assert_eq!(h.class, HoleClass::Segment);
    assert!(!name.is_known());
}

#[test]
fn sub_forms() {
    assert_eq!(prop("!Sub \"${Role}-${!Literal}-x\""), "etl-${Literal}-x");
    assert_eq!(
        prop("!Sub \"${Role.Arn}/*\""),
        "arn:<partition>:iam::<account id>:role/etl/*"
    );
    assert_eq!(
        prop("!Sub [\"${A}-${Role}\", {A: !Ref AWS::Region}]"),
        "<region>-etl"
    );
    assert_eq!(prop("{ \"Fn::Sub\": \"plain\" }"), "plain");
}

#[test]
fn join_select_split() {
    assert_eq!(prop("!Join [\":\", [a, !Ref Role, c]]"), "a:etl:c");
    assert_eq!(prop("!Select [1, [a, b, c]]"), "b");
    assert_eq!(prop("!Select [\"2\", !Split [\"/\", x/y/z]]"), "z");
    assert_eq!(prop("!Split [\",\", \"a,b\"]"), "[a, b]");
    assert_eq!(
        prop("!Select [0, !GetAZs \"\"]"),
        "unknown <Fn::Select 0 of an unknown list>"
    );
}

#[test]
fn conditions_pick_branches_only_when_known() {
    let header = "Parameters:\n  Env:\n    Type: String\n    Default: prod\n  Free:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n  IsDev: !Not [!Condition IsProd]\n  Both: !And [!Condition IsProd, !Condition IsDev]\n  Either: !Or [!Condition IsDev, !Condition IsProd]\n  Unknown: !Equals [!Ref Free, x]";
    let o = CfnOptions::default();
    let get = |e: &str| show(&prop_with(header, e, &o).0.unwrap());
    assert_eq!(get("!If [IsProd, a, b]"), "a");
    assert_eq!(get("!If [IsDev, a, b]"), "b");
    assert_eq!(get("!If [Both, a, b]"), "b");
    assert_eq!(get("!If [Either, a, b]"), "a");
    assert_eq!(get("!If [Unknown, a, b]"), "unknown <condition Unknown>");
    assert_eq!(get("!If [Unknown, same, same]"), "same");
    let (v, _) = prop_with(header, "!If [IsDev, a, !Ref AWS::NoValue]", &o);
    assert!(v.is_none());
}

#[test]
fn resources_with_false_condition_are_dropped() {
    let text = "Conditions:\n  Never: !Equals [a, b]\n  Maybe: !Equals [!Ref AWS::Region, us-east-1]\nResources:\n  A:\n    Type: AWS::S3::Bucket\n    Condition: Never\n  B:\n    Type: AWS::S3::Bucket\n    Condition: Maybe\n    DependsOn: A\n";
    let out = run(text, &CfnOptions::default());
    let names: Vec<_> = out.resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["B"]);
    assert!(out.resources[0].attrs.get("Condition").is_none());
    assert!(out.resources[0].attrs.get("DependsOn").is_none());
}

#[test]
fn import_findinmap_base64() {
    assert_eq!(
        prop("!ImportValue shared-Vpc"),
        "unknown <import shared-Vpc>"
    );
    assert_eq!(prop("!Base64 hello"), "hello");
    let header = "Mappings:\n  M:\n    prod:\n      Size: G.2X";
    let (v, out) = prop_with(header, "!FindInMap [M, prod, Size]", &CfnOptions::default());
    assert!(out.diagnostics.is_empty());
    assert_eq!(show(&v.unwrap()), "G.2X");
    let (v, _) = prop_with(
        header,
        "!FindInMap [M, !Ref AWS::Region, Size]",
        &CfnOptions::default(),
    );
    assert_eq!(show(&v.unwrap()), "unknown <Fn::FindInMap M <region> Size>");
    let (v, out) = prop_with(header, "!FindInMap [M, dev, Size]", &CfnOptions::default());
    assert!(matches!(v.unwrap().kind, ValKind::Unknown(_)));
    assert_eq!(out.diagnostics[0].code, "GL003");
}

#[test]
fn scalars_are_typed_only_when_plain() {
    assert_eq!(prop("true"), "bool true");
    assert_eq!(prop("\"true\""), "true");
    assert_eq!(prop("4.0"), "num 4.0");
    assert_eq!(prop("\"4.0\""), "4.0");
    assert_eq!(prop("~"), "null");
}

#[test]
fn spans_point_at_the_use_site_and_entries_cover_key_and_value() {
    let text = "Resources:\n  Job:\n    Type: AWS::Glue::Job\n    Properties:\n      Role: !GetAtt Job.Arn\n";
    let f = common::file("t.yaml", text);
    let out = load(&f, &CfnOptions::default());
    let r = &out.resources[0];
    assert_eq!(f.slice(r.name_span), "Job");
    let e = r.attrs.entry("Role").unwrap();
    assert_eq!(f.slice(e.span), "Role: !GetAtt Job.Arn");
    assert_eq!(f.slice(e.val.span), "!GetAtt Job.Arn");
    assert!(f.slice(r.span).starts_with("Job:\n    Type"));
    assert_eq!(r.address, "t.yaml#Job");
}

#[test]
fn syntax_error_is_gl002_with_position() {
    let text = "Resources:\n  A:\n    Type: [unclosed\n";
    let f = common::file("t.yaml", text);
    let out = load(&f, &CfnOptions::default());
    assert!(out.resources.is_empty());
    assert_eq!(out.diagnostics.len(), 1);
    let d = &out.diagnostics[0];
    assert_eq!(d.code, "GL002");
    let (line, _) = f.line_col(d.span.start);
    assert!(line >= 3, "{}", common::render_diag(d, &f));
}

#[test]
fn json_syntax_error_is_gl002() {
    let text = "{\n  \"Resources\": {\n    \"A\": { \"Type\": \"AWS::S3::Bucket\" },,\n  }\n}\n";
    let f = common::file("t.json", text);
    let out = load(&f, &CfnOptions::default());
    assert_eq!(out.diagnostics[0].code, "GL002");
    assert_eq!(f.line_col(out.diagnostics[0].span.start).0, 3);
}

#[test]
fn bad_references_are_gl003_with_span_and_analysis_goes_on() {
    let text = "Resources:\n  J:\n    Type: AWS::Glue::Job\n    Properties:\n      Role: !GetAtt Missing.Arn\n      Other: !Ref Nope\n      Weird: { \"Fn::Bogus\": 1 }\n      Name: ok\n";
    let f = common::file("t.yaml", text);
    let out = load(&f, &CfnOptions::default());
    let r = &out.resources[0];
    assert!(matches!(
        r.attrs.get("Role").unwrap().kind,
        ValKind::Unknown(_)
    ));
    assert_eq!(r.attrs.get("Name").and_then(Val::as_str), Some("ok"));
    let msgs: Vec<String> = out
        .diagnostics
        .iter()
        .map(|d| common::render_diag(d, &f))
        .collect();
    assert_eq!(msgs.len(), 3, "{msgs:?}");
    assert!(msgs[0].starts_with("GL003 Error 5:13"), "{msgs:?}");
    assert!(
        msgs[1].contains("`Nope`") && msgs[1].starts_with("GL003 Error 6:14"),
        "{msgs:?}"
    );
    assert!(msgs[2].contains("Fn::Bogus"), "{msgs:?}");
}

#[test]
fn wrong_types_are_gl003() {
    let text = "Resources:\n  A:\n    Properties: {}\n  B: [1]\n  C:\n    Type: AWS::S3::Bucket\n    Properties: [x]\n";
    let out = run(text, &CfnOptions::default());
    let codes: Vec<_> = out.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["GL003", "GL003", "GL003"]);
    assert_eq!(out.resources.len(), 1);
}

#[test]
fn cycles_and_deep_nesting_do_not_crash() {
    let text = "Conditions:\n  A: !Condition B\n  B: !Condition A\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !GetAtt R.Arn\n      X: !If [A, 1, 2]\n";
    let out = run(text, &CfnOptions::default());
    assert_eq!(out.resources.len(), 1);
    assert!(out
        .diagnostics
        .iter()
        .any(|d| d.message.contains("circular") || d.message.contains("itself")));
    let deep = format!(
        "Resources:\n  R:\n    Type: X\n    Properties:\n      P: {}1{}\n",
        "[".repeat(400),
        "]".repeat(400)
    );
    let out = run(&deep, &CfnOptions::default());
    assert!(!out.diagnostics.is_empty());
}

#[test]
fn garbage_input_never_panics() {
    for text in [
        "",
        "---",
        "[]",
        "Resources: 3",
        "Resources:\n  A: !Ref",
        "\u{feff}{}",
        "a: &x [*x]",
        "*",
        "{\"Resources\":{\"A\":{\"Type\":\"T\",\"Properties\":{\"P\":{\"Fn::Sub\":\"${\"}}}}}",
    ] {
        let _ = run(text, &CfnOptions::default());
    }
}

#[test]
fn invalid_intrinsics_leave_a_hole_not_a_missing_key() {
    for expr in [
        "!Join [\",\"]",
        "!Select [x, [a]]",
        "!Split [[a], b]",
        "!FindInMap [M]",
        "!Base64 [a]",
        "!ImportValue [a]",
        "!If [Nope]",
        "!Join [!Ref AWS::NoValue, [a]]",
    ] {
        let (v, out) = prop_with("", expr, &CfnOptions::default());
        let v = v.unwrap_or_else(|| panic!("{expr}: key removed"));
        assert!(matches!(v.kind, ValKind::Unknown(_)), "{expr}: {v:?}");
        assert!(out.diagnostics.iter().all(|d| d.code == "GL003"), "{expr}");
        assert!(!out.diagnostics.is_empty(), "{expr}");
    }
}

#[test]
fn short_forms_wrapping_short_forms() {
    assert_eq!(prop("!Base64 { \"Fn::Sub\": \"${Role}\" }"), "etl");
    assert_eq!(
        prop("{ \"Fn::Base64\": { \"Fn::Sub\": \"${Role}\" } }"),
        "etl"
    );
    assert_eq!(
        prop("!ImportValue { \"Fn::Sub\": \"${Role}-vpc\" }"),
        "unknown <import etl-vpc>"
    );
    assert_eq!(
        prop("!Select [0, !Split [\",\", !Join [\",\", [x, y]]]]"),
        "x"
    );
}
