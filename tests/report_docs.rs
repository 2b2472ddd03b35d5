//! `docs/rules/` is generated from the catalog (`rules/*.md`): this test regenerates it in
//! memory and fails when the committed files differ. `GLUE_LINT_BLESS=1 cargo test --test
//! report_docs` rewrites them.

use std::path::Path;

#[test]
fn generated_rule_docs_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bless = std::env::var("GLUE_LINT_BLESS").is_ok_and(|v| v == "1");
    let docs = glue_lint::catalog::render_docs();
    assert!(docs.len() > 1);
    let mut stale = Vec::new();
    for (rel, want) in &docs {
        let path = root.join(rel);
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have != *want {
            if bless {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)
                        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
                }
                std::fs::write(&path, want).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            } else {
                stale.push(rel.clone());
            }
        }
    }
    // files under docs/rules/ that no catalog entry generates any more
    let generated: Vec<&str> = docs.iter().map(|(p, _)| p.as_str()).collect();
    if let Ok(entries) = std::fs::read_dir(root.join("docs/rules")) {
        for e in entries.flatten() {
            let rel = format!("docs/rules/{}", e.file_name().to_string_lossy());
            if !generated.contains(&rel.as_str()) {
                if bless {
                    std::fs::remove_file(e.path()).unwrap_or_else(|err| panic!("{rel}: {err}"));
                } else {
                    stale.push(rel);
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated docs (run `GLUE_LINT_BLESS=1 cargo test --test report_docs`): {stale:?}"
    );
}

#[test]
fn every_page_has_the_generated_banner() {
    for (rel, text) in glue_lint::catalog::render_docs() {
        assert!(text.starts_with("<!-- generated from rules/"), "{rel}");
        assert!(text.contains("do not edit"), "{rel}");
    }
}

#[test]
fn index_links_every_rule() {
    let docs = glue_lint::catalog::render_docs();
    let index = docs
        .iter()
        .find(|(p, _)| p == "docs/rules/README.md")
        .map(|(_, t)| t.as_str())
        .unwrap_or("");
    for rule in glue_lint::catalog::catalog() {
        assert!(
            index.contains(&format!("[{id}]({id}.md)", id = rule.id)),
            "{} not in the index",
            rule.id
        );
    }
}
