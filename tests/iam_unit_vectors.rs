//! Data-driven simulate vectors in `testdata/iam/unit/*.jsonl`: each line is a simulate
//! request with `expect` (the decision), optionally `expectMatched` (a subset of the
//! response's `matched`) and `expectDeciding`. Lines with `why` are cases where glue-lint
//! follows AWS and not the reference simulator (see the oracle's known deviations).
//! `{"managed": "AWSGlueConsoleFullAccess"}` resolves to an abridged copy with the same
//! statement numbering for the statements that matter.

use std::fs;
use std::path::Path;

use glue_lint::iam::simulate::run_request;
use serde_json::Value;

fn resolver(dir: &Path) -> impl Fn(&str) -> Result<String, String> + '_ {
    move |name: &str| {
        let short = name.rsplit('/').next().unwrap_or(name);
        if short == "AWSGlueConsoleFullAccess" {
            fs::read_to_string(dir.join("AWSGlueConsoleFullAccess.abridged.json"))
                .map_err(|e| e.to_string())
        } else {
            Err(format!("no test copy of managed policy {name}"))
        }
    }
}

/// Whether every key of `want` is in `got` with a matching value (arrays: equal length, items subset-match).
fn subset(want: &Value, got: &Value) -> bool {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => w
            .iter()
            .all(|(k, v)| g.get(k).is_some_and(|gv| subset(v, gv))),
        (Value::Array(w), Value::Array(g)) => {
            w.len() == g.len() && w.iter().zip(g).all(|(a, b)| subset(a, b))
        }
        _ => want == got,
    }
}

#[test]
fn unit_vectors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/iam/unit");
    let resolve = resolver(&dir);
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("testdata/iam/unit")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut count = 0;
    let mut failures = Vec::new();
    for f in &files {
        let text = fs::read_to_string(f).expect("vector file");
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let req: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", f.display(), n + 1));
            let out = run_request(&req, &resolve, false);
            count += 1;
            let id = req["id"].as_str().unwrap_or("?");
            if out["decision"] != req["expect"] {
                failures.push(format!(
                    "{id}: expected {} got {} ({})",
                    req["expect"], out["decision"], out["error"]
                ));
            }
            if let Some(m) = req.get("expectMatched") {
                if !subset(m, &out["matched"]) {
                    failures.push(format!(
                        "{id}: matched {} does not contain {m}",
                        out["matched"]
                    ));
                }
            }
            if let Some(d) = req.get("expectDeciding") {
                if &out["deciding"] != d {
                    failures.push(format!("{id}: deciding {} instead of {d}", out["deciding"]));
                }
            }
        }
    }
    assert!(count >= 20, "expected at least 20 vectors, found {count}");
    assert!(
        failures.is_empty(),
        "{} of {count} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
