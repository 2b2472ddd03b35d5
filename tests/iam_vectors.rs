//! The engine against the differential vectors in `testdata/iam/vectors/`: requests whose
//! expected decisions come from the independent oracle (`expect`), or from AWS's
//! documented logic where the oracle is known to be wrong (`awsExpected`, with `why`).

use std::path::Path;

use glue_lint::iam::{managed, simulate};

#[test]
fn engine_agrees_with_the_vectors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/iam/vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("vectors dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no vector files in {}", dir.display());
    let (mut total, mut aws_overrides) = (0usize, 0usize);
    let mut failures = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read vectors");
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with("//") {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: bad JSON: {e}", f.display(), n + 1));
            let expected = match v.get("awsExpected").and_then(|x| x.as_str()) {
                Some(aws) => {
                    aws_overrides += 1;
                    aws
                }
                None => v
                    .get("expect")
                    .and_then(|x| x.as_str())
                    .unwrap_or_else(|| panic!("{}:{}: no expect", f.display(), n + 1)),
            };
            total += 1;
            let got = simulate::run_request(
                &v,
                &|n: &str| managed::resolve(n).map(str::to_string),
                false,
            );
            let decision = got
                .get("decision")
                .and_then(|d| d.as_str())
                .unwrap_or("missing");
            if decision != expected {
                failures.push(format!(
                    "{}:{} id={} expected {expected}, got {decision}{}",
                    f.file_name().unwrap_or_default().to_string_lossy(),
                    n + 1,
                    v.get("id").map(|i| i.to_string()).unwrap_or_default(),
                    got.get("error")
                        .map(|e| format!(" ({e})"))
                        .unwrap_or_default()
                ));
            }
        }
    }
    println!(
        "{total} vectors, {aws_overrides} following AWS over the oracle, {} failures",
        failures.len()
    );
    assert!(total >= 500, "only {total} vectors");
    assert!(
        failures.is_empty(),
        "{} of {total} vectors disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
