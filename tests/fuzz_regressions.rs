//! The fuzz targets' regression inputs (`fuzz/regressions/<target>/`), run through the
//! same library entry points as the targets in `fuzz/fuzz_targets/`, so `cargo test`
//! keeps every input the fuzzers once broke on working (no panic, no hang).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use glue_lint::source::SourceMap;

const TARGETS: &[&str] = &["hcl_eval", "cfn_load", "plan_load", "policy_parse"];

fn analyse(resources: &[glue_lint::ir::RawResource]) {
    let env = glue_lint::model::Env::default();
    let model = glue_lint::model::lower(resources, &env);
    let ctx = glue_lint::rules::Ctx {
        model: &model,
        env: &env,
        scps: &[],
        configured_deployers: &[],
        context: &glue_lint::iam::request::Context::open(),
    };
    let _ = glue_lint::rules::run(&ctx);
}

fn run_target(target: &str, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut sources = SourceMap::new();
    let id = sources.add(PathBuf::from("input"), Arc::from(text));
    let file = sources.get(id).expect("just added");
    match target {
        "hcl_eval" => {
            let refuse = |_: &Path| -> Result<Arc<str>, String> { Err("refused".to_string()) };
            let input = glue_lint::parse::terraform::TfInput {
                files: vec![file],
                var_files: Vec::new(),
                read_file: &refuse,
                options: Default::default(),
            };
            analyse(&glue_lint::parse::terraform::load(&input).resources);
        }
        "cfn_load" => {
            analyse(&glue_lint::parse::cloudformation::load(file, &Default::default()).resources)
        }
        "plan_load" => analyse(&glue_lint::parse::plan::load(file, &Default::default()).resources),
        "policy_parse" => {
            let _ = glue_lint::iam::policy::parse_policy_text("input", text, 0);
        }
        other => panic!("unknown fuzz target {other}"),
    }
}

#[test]
fn fuzz_regression_inputs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut seen = 0;
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut targets: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        targets.sort();
        for t in targets {
            let name = t
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_string();
            assert!(
                TARGETS.contains(&name.as_str()),
                "unknown target directory {name}"
            );
            let mut files: Vec<_> = std::fs::read_dir(&t)
                .expect("read_dir")
                .flatten()
                .map(|e| e.path())
                .collect();
            files.sort();
            for f in files {
                let data = std::fs::read(&f).expect("read");
                run_target(&name, &data);
                seen += 1;
            }
        }
    }
    println!("{seen} fuzz regression inputs");
}

/// Each target accepts its own seeds (a target wired to the wrong loader would not).
#[test]
fn targets_load_their_seeds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tf = std::fs::read(root.join("testdata/projects/headline/main.tf")).expect("seed");
    run_target("hcl_eval", &tf);
    let cfn = std::fs::read(root.join("testdata/cloudformation/headline.yaml")).expect("seed");
    run_target("cfn_load", &cfn);
    let text = std::str::from_utf8(&cfn).expect("utf-8");
    let mut sources = SourceMap::new();
    let id = sources.add(PathBuf::from("t.yaml"), Arc::from(text));
    let out =
        glue_lint::parse::cloudformation::load(sources.get(id).expect("file"), &Default::default());
    assert!(!out.resources.is_empty());
    run_target(
        "policy_parse",
        br#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
    );
}
