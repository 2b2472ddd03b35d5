//! Fuzz target: the Terraform loader (HCL parser and evaluator) on one `.tf` file, with
//! `file()`/`templatefile()` reads refused, then the model and the rules.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use glue_lint::parse::terraform::{load, TfInput, TfOptions};
use glue_lint::source::SourceMap;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut sources = SourceMap::new();
    let id = sources.add(PathBuf::from("main.tf"), Arc::from(text));
    let Some(file) = sources.get(id) else { return };
    let refuse = |_: &Path| -> Result<Arc<str>, String> { Err("refused".to_string()) };
    let input = TfInput {
        files: vec![file],
        var_files: Vec::new(),
        read_file: &refuse,
        options: TfOptions::default(),
    };
    let out = load(&input);
    analyse(&out.resources);
});

/// Lowers what was loaded to the model and runs the rules on it, as the CLI does.
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
