//! Fuzz target: the plan loader (`terraform show -json` output) on one file, then the
//! model and the rules.
#![no_main]

use std::path::PathBuf;
use std::sync::Arc;

use glue_lint::parse::plan::{load, PlanOptions};
use glue_lint::source::SourceMap;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut sources = SourceMap::new();
    let id = sources.add(PathBuf::from("plan.json"), Arc::from(text));
    let Some(file) = sources.get(id) else { return };
    let out = load(file, &PlanOptions::default());
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
