//! Unit tests of the Terraform evaluator, on small in-memory configurations.

mod terraform_support;

use glue_lint::parse::terraform::TfOptions;
use terraform_support::{load_files, load_with, render, Loaded};

fn one(tf: &str) -> Loaded {
    load_files(&[("p/main.tf", tf)], &[], &[])
}

#[test]
fn literals_templates_and_heredocs() {
    let tf = r#"
locals {
  n = 3
  names = ["a", "b"]
}
resource "t" "x" {
  s   = "n=${local.n}"
  raw = "${local.names}"
  sum = local.n * 2 + 1
  cmp = local.n >= 3 && !false
  ifd = "%{ if local.n > 2 }big%{ else }small%{ endif }"
  ford = "%{ for n in local.names }${n},%{ endfor }"
  doc = <<-EOT
    line1
      line2
    EOT
  cond = local.n == 3 ? "three" : "other"
}
"#;
    let l = one(tf);
    assert_eq!(l.attr("t.x", &["s"]), "\"n=3\"");
    assert_eq!(l.attr("t.x", &["raw"]), "[\"a\", \"b\"]");
    assert_eq!(l.attr("t.x", &["sum"]), "7");
    assert_eq!(l.attr("t.x", &["cmp"]), "true");
    assert_eq!(l.attr("t.x", &["ifd"]), "\"big\"");
    assert_eq!(l.attr("t.x", &["ford"]), "\"a,b,\"");
    assert_eq!(l.attr("t.x", &["doc"]), "\"line1\\n  line2\\n\"");
    assert_eq!(l.attr("t.x", &["cond"]), "\"three\"");
    assert!(l.out.diagnostics.is_empty(), "{}", l.diag_text());
}

#[test]
fn functions() {
    let tf = r#"
locals {
  m = { a = "1", b = "2" }
}
resource "t" "x" {
  format  = format("arn:aws:s3:::%s/%s-%03d", "bkt", "k", 7)
  join    = join(",", ["a", "b"], ["c"])
  concat  = concat(["a"], ["b", "c"])
  merge   = merge(local.m, { b = "3", c = "4" })
  lookup  = lookup(local.m, "z", "dflt")
  element = element(["a", "b"], 3)
  length  = length(local.m)
  lower   = lower("ABC")
  upper   = upper("abc")
  replace = replace("a-b-c", "-", "_")
  split   = split("/", "a/b")
  tp      = trimprefix("service-role/X", "service-role/")
  ts      = trimsuffix("x.py", ".py")
  tostr   = tostring(5)
  coal    = coalesce("", null, "x")
  try     = try(local.m.zzz, "fallback")
  set     = toset(["b", "a", "b"])
  dec     = jsondecode("{\"k\": [1, true]}")
  enc     = jsonencode({ k = "v" })
  flat    = flatten([["a"], ["b", ["c"]]])
  keys    = keys({ z = 1, a = 2 })
  contains = contains(["a"], "a")
  tl      = tolist(["a"])
  tm      = tomap({ a = 1 })
}
"#;
    let l = one(tf);
    let a = |k: &str| l.attr("t.x", &[k]);
    assert_eq!(a("format"), "\"arn:aws:s3:::bkt/k-007\"");
    assert_eq!(a("join"), "\"a,b,c\"");
    assert_eq!(a("concat"), "[\"a\", \"b\", \"c\"]");
    assert_eq!(a("merge"), "{a = \"1\", b = \"3\", c = \"4\"}");
    assert_eq!(a("lookup"), "\"dflt\"");
    assert_eq!(a("element"), "\"b\"");
    assert_eq!(a("length"), "2");
    assert_eq!(a("lower"), "\"abc\"");
    assert_eq!(a("upper"), "\"ABC\"");
    assert_eq!(a("replace"), "\"a_b_c\"");
    assert_eq!(a("split"), "[\"a\", \"b\"]");
    assert_eq!(a("tp"), "\"X\"");
    assert_eq!(a("ts"), "\"x\"");
    assert_eq!(a("tostr"), "\"5\"");
    assert_eq!(a("coal"), "\"x\"");
    assert_eq!(a("try"), "\"fallback\"");
    assert_eq!(a("set"), "[\"a\", \"b\"]");
    assert_eq!(a("dec"), "{k = [1, true]}");
    assert_eq!(a("enc"), "json({k = \"v\"})");
    assert_eq!(a("flat"), "[\"a\", \"b\", \"c\"]");
    assert_eq!(a("keys"), "[\"a\", \"z\"]");
    assert_eq!(a("contains"), "true");
    assert_eq!(a("tl"), "[\"a\"]");
    assert_eq!(a("tm"), "{a = 1}");
    assert!(l.out.diagnostics.is_empty(), "{}", l.diag_text());
}

#[test]
fn unsupported_function_is_a_warning_and_a_labelled_hole() {
    let l = one(r#"resource "t" "x" { v = sha256("a") }"#);
    assert_eq!(
        l.attr("t.x", &["v"]),
        "<sha256(...) (unsupported function)>"
    );
    assert_eq!(l.codes(), vec!["GL004"]);
}

#[test]
fn file_and_templatefile_read_through_the_callback() {
    let files = [(
        "p/main.tf",
        r#"
resource "t" "x" {
  f    = file("${path.module}/policy.json")
  tpl  = templatefile("${path.module}/t.tpl", { bucket = "b", keys = ["k1", "k2"] })
  gone = file("missing.json")
}
"#,
    )];
    let extra = [
        ("p/policy.json", "{\"a\": 1}"),
        (
            "p/t.tpl",
            "arn:aws:s3:::${bucket}/%{for k in keys}${k};%{endfor}",
        ),
    ];
    let l = load_files(&files, &extra, &[]);
    assert_eq!(l.attr("t.x", &["f"]), "\"{\\\"a\\\": 1}\"");
    assert_eq!(l.attr("t.x", &["tpl"]), "\"arn:aws:s3:::b/k1;k2;\"");
    assert_eq!(
        l.attr("t.x", &["gone"]),
        "<content of missing.json (not readable)>"
    );
    assert_eq!(l.codes(), vec!["GL004"]);
}

#[test]
fn variable_precedence() {
    let main = r#"
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" {}
resource "t" "x" {
  a = var.a
  b = var.b
  c = var.c
  d = var.d
  e = var.e
}
"#;
    let files = [
        ("p/main.tf", main),
        (
            "p/terraform.tfvars",
            "b = \"tfvars\"\nc = \"tfvars\"\nd = \"tfvars\"\n",
        ),
        ("p/b.auto.tfvars", "d = \"b.auto\"\n"),
        ("p/a.auto.tfvars", "c = \"a.auto\"\nd = \"a.auto\"\n"),
    ];
    let l = load_files(&files, &[], &[("cli.tfvars", "d = \"cli\"\n")]);
    assert_eq!(l.attr("t.x", &["a"]), "\"default\"");
    assert_eq!(l.attr("t.x", &["b"]), "\"tfvars\"");
    assert_eq!(l.attr("t.x", &["c"]), "\"a.auto\"");
    assert_eq!(l.attr("t.x", &["d"]), "\"cli\"");
    assert_eq!(l.attr("t.x", &["e"]), "<var.e (no default)>");
}

#[test]
fn count_and_for_each_expand() {
    let tf = r#"
variable "unknown" {}
resource "aws_iam_role" "r" {
  count = 2
  name  = "role-${count.index}"
}
resource "aws_iam_user" "u" {
  for_each = { alice = "Alice", bob = "Bob" }
  name     = "${each.key}-${each.value}"
}
resource "aws_iam_group" "g" {
  for_each = var.unknown
  name     = each.key
}
resource "t" "x" {
  second = aws_iam_role.r[1].arn
  all    = aws_iam_role.r[*].name
  bob    = aws_iam_user.u["bob"].name
  g      = aws_iam_group.g["x"].name
}
"#;
    let l = one(tf);
    let addrs: Vec<&str> = l.out.resources.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(
        addrs,
        vec![
            "aws_iam_role.r[0]",
            "aws_iam_role.r[1]",
            "aws_iam_user.u[\"alice\"]",
            "aws_iam_user.u[\"bob\"]",
            "aws_iam_group.g[?]",
            "t.x"
        ]
    );
    assert_eq!(
        l.attr("t.x", &["second"]),
        "\"arn:<partition>:iam::<account id>:role/role-1\""
    );
    assert_eq!(l.attr("t.x", &["all"]), "[\"role-0\", \"role-1\"]");
    assert_eq!(l.attr("t.x", &["bob"]), "\"bob-Bob\"");
    assert_eq!(
        l.attr("t.x", &["g"]),
        "<each.key of aws_iam_group.g (for_each not known)>"
    );
}

#[test]
fn module_inputs_outputs_remote_and_missing_modules() {
    let root = r#"
module "child" {
  source = "./child"
  role   = "etl"
}
module "remote" {
  source = "terraform-aws-modules/iam/aws"
}
module "gone" {
  source = "../elsewhere"
}
resource "t" "x" {
  child  = module.child.arn
  remote = module.remote.arn
  gone   = module.gone.arn
}
"#;
    let child = r#"
variable "role" {}
variable "path" { default = "/svc/" }
resource "aws_iam_role" "this" {
  name = var.role
  path = var.path
}
output "arn" { value = aws_iam_role.this.arn }
"#;
    let l = load_files(&[("p/main.tf", root), ("p/child/main.tf", child)], &[], &[]);
    assert_eq!(
        l.attr("t.x", &["child"]),
        "\"arn:<partition>:iam::<account id>:role/svc/etl\""
    );
    assert_eq!(
        l.attr("t.x", &["remote"]),
        "<module.remote.arn (remote module terraform-aws-modules/iam/aws)>"
    );
    assert_eq!(
        l.attr("t.x", &["gone"]),
        "<module.gone.arn (module ../elsewhere not found)>"
    );
    assert!(l
        .out
        .resources
        .iter()
        .any(|r| r.address == "module.child.aws_iam_role.this"));
    // the child directory is not a root of its own
    assert_eq!(
        l.out
            .resources
            .iter()
            .filter(|r| r.rtype == "aws_iam_role")
            .count(),
        1
    );
    assert_eq!(l.codes(), vec!["GL004"]);
}

#[test]
fn policy_document_merges_source_and_override_by_sid() {
    let tf = r#"
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "A"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  statement {
    sid       = "B"
    actions   = ["s3:PutObject"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "merged" {
  source_policy_documents   = [data.aws_iam_policy_document.base.json]
  override_policy_documents = [jsonencode({ Statement = [{ Sid = "B", Effect = "Deny", Action = "s3:*", Resource = "*" }] })]
  statement {
    sid       = "A"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::b"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
  }
}
"#;
    let l = one(tf);
    let json = l.attr("data.aws_iam_policy_document.merged", &["json"]);
    assert_eq!(
        json,
        "json({Version = \"2012-10-17\", Statement = [\
         {Sid = \"A\", Effect = \"Allow\", Action = \"s3:ListBucket\", Resource = \"arn:aws:s3:::b\", \
         Principal = {AWS = \"arn:aws:iam::111122223333:root\"}, Condition = {Bool = {aws:SecureTransport = \"true\"}}}, \
         {Sid = \"B\", Effect = \"Deny\", Action = \"s3:*\", Resource = \"*\"}, \
         {Effect = \"Allow\", Action = \"kms:Decrypt\", Resource = \"*\"}]})"
    );
}

#[test]
fn holes_labels_and_options() {
    let tf = r#"
data "aws_caller_identity" "me" {}
data "aws_region" "here" {}
resource "aws_iam_role" "gen" {
  name_prefix = "etl-"
}
resource "aws_kms_key" "k" {}
resource "aws_sqs_queue" "q" {}
resource "t" "x" {
  gen    = aws_iam_role.gen.arn
  key    = aws_kms_key.k.arn
  queue  = aws_sqs_queue.q.arn
  acct   = "arn:aws:iam::${data.aws_caller_identity.me.account_id}:root"
  region = data.aws_region.here.name
}
"#;
    let l = one(tf);
    assert_eq!(
        l.attr("t.x", &["gen"]),
        "\"arn:<partition>:iam::<account id>:role/etl-<name of aws_iam_role.gen (generated)>\""
    );
    assert_eq!(
        l.attr("t.x", &["key"]),
        "\"arn:<partition>:kms:<region>:<account id>:key/<key id of aws_kms_key.k>\""
    );
    assert_eq!(
        l.attr("t.x", &["queue"]),
        "<aws_sqs_queue.q.arn (known after apply)>"
    );
    assert_eq!(
        l.attr("t.x", &["acct"]),
        "\"arn:aws:iam::<account id>:root\""
    );
    assert_eq!(l.attr("t.x", &["region"]), "\"<region>\"");
    let gen = l
        .res("t.x")
        .attrs
        .get("gen")
        .and_then(|v| v.origin.clone())
        .expect("origin");
    assert_eq!(
        (gen.address.as_str(), gen.attr.as_str()),
        ("aws_iam_role.gen", "arn")
    );

    let opts = TfOptions {
        account_id: Some("111122223333".into()),
        region: Some("eu-west-1".into()),
        partition: Some("aws".into()),
    };
    let l = load_with(&[("p/main.tf", tf)], &[], &[], opts);
    assert_eq!(
        l.attr("t.x", &["acct"]),
        "\"arn:aws:iam::111122223333:root\""
    );
    assert_eq!(
        l.attr("t.x", &["key"]),
        "\"arn:aws:kms:eu-west-1:111122223333:key/<key id of aws_kms_key.k>\""
    );
}

#[test]
fn syntax_error_in_one_file_does_not_stop_the_others() {
    let files = [
        ("p/bad.tf", "resource \"t\" \"y\" {\n  a = \n}\n"),
        ("p/good.tf", "resource \"t\" \"x\" { a = 1 }\n"),
    ];
    let l = load_files(&files, &[], &[]);
    assert_eq!(l.attr("t.x", &["a"]), "1");
    assert_eq!(l.codes(), vec!["GL002"]);
    let d = &l.out.diagnostics[0];
    let f = l.map.get(d.span.file).expect("file");
    assert_eq!(f.path.to_str(), Some("p/bad.tf"));
    assert_eq!(f.line_col(d.span.start).0, 2);
}

#[test]
fn reference_cycle_is_reported() {
    let tf = r#"
locals {
  a = local.b
  b = "${local.a}-x"
}
resource "t" "x" { v = local.a }
"#;
    let l = one(tf);
    assert!(l.codes().contains(&"GL003"), "{}", l.diag_text());
    assert!(
        l.attr("t.x", &["v"]).contains("reference cycle"),
        "{}",
        l.attr("t.x", &["v"])
    );
}

#[test]
fn deep_nesting_is_capped() {
    let mut e = String::from("1");
    for _ in 0..400 {
        e = format!("[{e}]");
    }
    let tf = format!("resource \"t\" \"x\" {{ v = {e} }}\n");
    let l = one(&tf);
    assert!(
        l.out
            .diagnostics
            .iter()
            .any(|d| d.code == "GL003" || d.code == "GL002"),
        "{}",
        l.diag_text()
    );
}

#[test]
fn dynamic_blocks_for_and_splat() {
    let tf = r#"
locals {
  rules = [{ port = 80 }, { port = 443 }]
  m     = { for r in local.rules : tostring(r.port) => r.port if r.port > 100 }
  ports = local.rules[*].port
}
resource "t" "x" {
  dynamic "ingress" {
    for_each = local.rules
    content {
      port = ingress.value.port
    }
  }
  m     = local.m
  ports = local.ports
  block { a = 1 }
}
"#;
    let l = one(tf);
    assert_eq!(l.attr("t.x", &["ingress"]), "[{port = 80}, {port = 443}]");
    assert_eq!(l.attr("t.x", &["m"]), "{443 = 443}");
    assert_eq!(l.attr("t.x", &["ports"]), "[80, 443]");
    assert_eq!(l.attr("t.x", &["block"]), "[{a = 1}]");
}

#[test]
fn unknown_values_propagate_with_what_they_depend_on() {
    let tf = r#"
variable "env" {}
resource "t" "x" {
  cond  = var.env == "prod" ? "a" : "b"
  same  = var.env == "prod" ? "a" : "a"
  name  = "glue-${var.env}"
  upper = upper(var.env)
}
"#;
    let l = one(tf);
    assert_eq!(
        l.attr("t.x", &["cond"]),
        r#""<var.env == \"prod\" ? \"a\" : \"b\" (depends on var.env (no default))>""#
    );
    assert_eq!(l.attr("t.x", &["same"]), "\"a\"");
    assert_eq!(l.attr("t.x", &["name"]), "\"glue-<var.env (no default)>\"");
    assert_eq!(
        l.attr("t.x", &["upper"]),
        "<upper(var.env) (depends on var.env (no default))>"
    );
}

#[test]
fn json_files_are_skipped_with_a_warning() {
    let l = load_files(
        &[
            ("p/main.tf.json", "{}"),
            ("p/main.tf", "resource \"t\" \"x\" {}\n"),
        ],
        &[],
        &[],
    );
    assert_eq!(l.codes(), vec!["GL004"]);
    assert_eq!(l.out.resources.len(), 1);
}

#[test]
fn spans_point_at_attribute_and_use_site() {
    let tf = "resource \"aws_iam_role\" \"r\" {\n  name = \"etl\"\n}\nresource \"t\" \"x\" {\n  v = aws_iam_role.r.name\n}\n";
    let l = one(tf);
    let x = l.res("t.x");
    let e = x.attrs.entry("v").expect("v");
    let f = l.map.get(e.span.file).expect("file");
    assert_eq!(f.slice(e.span), "v = aws_iam_role.r.name");
    assert_eq!(f.slice(e.val.span), "aws_iam_role.r.name");
    assert_eq!(f.slice(x.name_span), "\"x\"");
    let _ = render(&x.attrs);
}

#[test]
fn long_reference_chains_are_capped_without_overflow() {
    let mut tf = String::from("locals {\n");
    for i in 0..600 {
        tf.push_str(&format!("  a{i} = local.a{}\n", i + 1));
    }
    tf.push_str("  a600 = \"end\"\n}\nresource \"t\" \"x\" { v = local.a0 }\n");
    let l = one(&tf);
    assert!(l.codes().contains(&"GL003"), "{}", l.diag_text());
    assert!(
        l.attr("t.x", &["v"]).contains("nested too deeply"),
        "{}",
        l.attr("t.x", &["v"])
    );
}

#[test]
fn template_strip_markers() {
    let tf = r#"
locals { xs = ["a", "b"] }
resource "t" "x" {
  s = "x   ${~ "y" ~}   z"
  l = <<-EOT
    %{~ for x in local.xs ~}
    ${x}
    %{~ endfor ~}
    EOT
}
"#;
    let l = one(tf);
    assert_eq!(l.attr("t.x", &["s"]), "\"xyz\"");
    assert_eq!(l.attr("t.x", &["l"]), "\"ab\"");
}

#[test]
fn more_functions() {
    let tf = r#"
resource "t" "x" {
  zip   = zipmap(["a", "b"], [1, 2])
  fl    = formatlist("arn:aws:s3:::%s/*", ["b1", "b2"])
  sub   = substr("glue-job", 0, 4)
  rng   = range(3)
  one   = one(["x"])
  rev   = reverse(["a", "b"])
  sort  = sort(["b", "a"])
  all   = alltrue([true, true])
  sens  = sensitive("s")
}
"#;
    let l = one(tf);
    let a = |k: &str| l.attr("t.x", &[k]);
    assert_eq!(a("zip"), "{a = 1, b = 2}");
    assert_eq!(a("fl"), "[\"arn:aws:s3:::b1/*\", \"arn:aws:s3:::b2/*\"]");
    assert_eq!(a("sub"), "\"glue\"");
    assert_eq!(a("rng"), "[0, 1, 2]");
    assert_eq!(a("one"), "\"x\"");
    assert_eq!(a("rev"), "[\"b\", \"a\"]");
    assert_eq!(a("sort"), "[\"a\", \"b\"]");
    assert_eq!(a("all"), "true");
    assert_eq!(a("sens"), "\"s\"");
    assert!(l.out.diagnostics.is_empty(), "{}", l.diag_text());
}

#[test]
fn data_sources_and_iam_paths() {
    let tf = r#"
data "aws_partition" "p" {}
data "aws_iam_policy" "managed" {
  arn = "arn:aws:iam::aws:policy/AWSGlueConsoleFullAccess"
}
resource "aws_iam_user" "u" {
  name = "dev"
  path = "/people/"
}
resource "aws_s3_bucket" "b" {}
resource "aws_glue_job" "j" { name = "load" }
resource "aws_cloudwatch_log_group" "lg" { name = "/aws-glue/jobs" }
resource "t" "x" {
  part   = data.aws_partition.p.partition
  pname  = data.aws_iam_policy.managed.name
  parn   = data.aws_iam_policy.managed.arn
  user   = aws_iam_user.u.arn
  bucket = aws_s3_bucket.b.arn
  job    = aws_glue_job.j.arn
  lg     = aws_cloudwatch_log_group.lg.arn
}
"#;
    let opts = TfOptions {
        account_id: Some("111122223333".into()),
        region: Some("us-east-1".into()),
        partition: None,
    };
    let l = load_with(&[("p/main.tf", tf)], &[], &[], opts);
    let a = |k: &str| l.attr("t.x", &[k]);
    assert_eq!(a("part"), "\"<partition>\"");
    assert_eq!(a("pname"), "\"AWSGlueConsoleFullAccess\"");
    assert_eq!(
        a("parn"),
        "\"arn:aws:iam::aws:policy/AWSGlueConsoleFullAccess\""
    );
    assert_eq!(
        a("user"),
        "\"arn:<partition>:iam::111122223333:user/people/dev\""
    );
    assert_eq!(
        a("bucket"),
        "\"arn:<partition>:s3:::<name of aws_s3_bucket.b (generated)>\""
    );
    assert_eq!(
        a("job"),
        "\"arn:<partition>:glue:us-east-1:111122223333:job/load\""
    );
    assert_eq!(
        a("lg"),
        "\"arn:<partition>:logs:us-east-1:111122223333:log-group:/aws-glue/jobs\""
    );
}

#[test]
fn never_panics_on_truncated_or_odd_input() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/projects/headline-fixed/main.tf"
    ))
    .expect("fixture");
    let mut cut = 0;
    while cut < text.len() {
        if text.is_char_boundary(cut) {
            let _ = one(&text[..cut]);
        }
        cut += 7;
    }
    let odd = [
        "resource \"t\" \"x\" { a = var }",
        "resource \"t\" \"x\" { a = nope.x }",
        "resource \"t\" \"x\" { a = [1][5] }",
        "resource \"t\" \"x\" { a = {}[\"k\"] }",
        "resource \"t\" \"x\" { a = 1 / 0 }",
        "resource \"t\" \"x\" { a = null.x }",
        "resource \"t\" \"x\" { a = each.key }",
        "resource \"t\" \"x\" { a = count.index }",
        "resource \"t\" \"x\" { a = t.x.a }",
        "resource \"t\" \"x\" { count = -5 }",
        "resource \"t\" \"x\" { a = element([], 0) }",
        "resource \"t\" \"x\" { a = format(\"%s %s\", \"a\") }",
        "resource \"t\" \"x\" { a = substr(\"ab\", -9, -1) }",
        "resource \"t\" \"x\" { a = range(0, 100000000) }",
        "module \"m\" { source = \"./\" }",
        "locals { a = local.a }",
        "resource \"t\" { }",
        "data \"aws_iam_policy_document\" \"d\" { statement { principals { type = \"*\" } } }",
    ];
    for o in odd {
        let l = one(o);
        let _ = terraform_support::summary(&l);
    }
    // self-reference is a cycle, not a hang
    let l = one("resource \"t\" \"x\" { a = t.x.a }");
    assert!(l.codes().contains(&"GL003"), "{}", l.diag_text());
}

#[test]
fn override_files_are_skipped_with_a_warning_and_indexed_module_outputs_resolve() {
    let root = "module \"c\" {\n  source = \"./c\"\n  count  = 1\n}\nresource \"t\" \"x\" { v = module.c[0].o }\n";
    let files = [
        ("p/main.tf", root),
        ("p/main_override.tf", "resource \"t\" \"x\" { v = 2 }\n"),
        ("p/c/main.tf", "output \"o\" { value = \"out\" }\n"),
    ];
    let l = load_files(&files, &[], &[]);
    assert_eq!(l.attr("t.x", &["v"]), "\"out\"");
    assert_eq!(l.codes(), vec!["GL004", "GL004"], "{}", l.diag_text());
}

#[test]
fn unknown_choice_between_strings_keeps_common_prefix_and_suffix() {
    let tf = r#"
variable "prod" {}
resource "t" "x" {
  name = var.prod ? "AWSGlueServiceRole-prod" : "AWSGlueServiceRole-dev"
}
"#;
    let l = one(tf);
    let v = l
        .res("t.x")
        .attrs
        .get("name")
        .and_then(|v| v.as_sym())
        .cloned()
        .expect("a symbolic string");
    assert_eq!(v.known_prefix(), "AWSGlueServiceRole-");
    assert_eq!(v.holes().count(), 1);
    assert_eq!(
        v.holes().next().map(|h| h.class),
        Some(glue_lint::iam::HoleClass::Segment)
    );
    assert!(
        v.to_string().contains("depends on var.prod (no default)"),
        "{v}"
    );
}

#[test]
fn several_roots_share_a_module_through_parent_paths() {
    let env = |n: &str| {
        format!("module \"job\" {{\n  source = \"../../modules/job\"\n  name   = \"{n}\"\n}}\n")
    };
    let prod = env("prod");
    let dev = env("dev");
    let files = [
        ("repo/envs/prod/main.tf", prod.as_str()),
        ("repo/envs/dev/main.tf", dev.as_str()),
        (
            "repo/modules/job/main.tf",
            "variable \"name\" {}\nresource \"aws_glue_job\" \"j\" { name = var.name }\n",
        ),
    ];
    let l = load_files(&files, &[], &[]);
    let names: Vec<String> = l
        .out
        .resources
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r.address,
                terraform_support::render(r.attrs.get("name").expect("name"))
            )
        })
        .collect();
    assert_eq!(
        names,
        vec![
            "module.job.aws_glue_job.j \"dev\"",
            "module.job.aws_glue_job.j \"prod\""
        ]
    );
    assert!(l.out.diagnostics.is_empty(), "{}", l.diag_text());
}

#[test]
fn policy_document_statements_keep_their_spans() {
    let tf = "data \"aws_iam_policy_document\" \"d\" {\n  statement {\n    actions   = [\"iam:PassRole\"]\n    resources = [\"*\"]\n  }\n}\n";
    let l = one(tf);
    let d = l.res("data.aws_iam_policy_document.d");
    let json = d.attrs.get("json").expect("json");
    let glue_lint::ir::ValKind::Json(inner) = &json.kind else {
        panic!("not json: {}", render(json))
    };
    let st = inner
        .path(&["Statement"])
        .and_then(|s| s.as_list())
        .and_then(|l| l.first())
        .expect("statement");
    let action = st.entry("Action").expect("Action");
    let f = l.map.get(action.span.file).expect("file");
    assert_eq!(f.slice(action.span), "actions   = [\"iam:PassRole\"]");
    assert!(f.slice(st.span).starts_with("statement {"));
}
