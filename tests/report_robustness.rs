//! Reporters on generated hostile input: spans out of range, reversed, inside multi-byte
//! characters or in no file; paths and messages with control characters, newlines,
//! brackets, `%` and forged workflow commands. Every reporter must succeed, stay
//! well-formed, and keep repository text inert.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use glue_lint::diag::Diagnostic;
use glue_lint::finding::{Finding, Level, Related};
use glue_lint::report::github::{write_github, GithubOptions};
use glue_lint::report::json::write_json;
use glue_lint::report::sarif::write_sarif;
use glue_lint::report::text::{write_text, TextOptions};
use glue_lint::report::Report;
use glue_lint::source::{SourceMap, Span};

/// A small deterministic generator (64-bit LCG), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PIECES: &[&str] = &[
    "role",
    " = ",
    "\"x\"",
    "\n",
    "\r\n",
    "\t",
    "é",
    "🚀",
    "\u{1b}[31m",
    "\u{7}",
    "\u{202e}",
    "\u{85}",
    "[a](1)",
    "\\",
    "%0A",
    "::error::forged",
    ",line=1",
    "::set-output name=x::y",
    "\u{0}",
];

fn text(rng: &mut Rng, max: usize) -> String {
    (0..rng.below(max)).map(|_| rng.pick(PIECES)).collect()
}

fn span(rng: &mut Rng, files: u32, len: usize) -> Span {
    match rng.below(6) {
        0 => Span::NONE,
        1 => Span::new(files + rng.below(3) as u32, 0, 5),
        2 => Span::new(
            rng.below(files as usize) as u32,
            len + rng.below(50),
            len + 60,
        ),
        _ => {
            let a = rng.below(len + 2);
            let b = rng.below(len + 2);
            Span::new(rng.below(files as usize) as u32, a, b)
        }
    }
}

fn case(seed: u64) -> (SourceMap, Vec<Finding>, Vec<Diagnostic>) {
    let mut rng = Rng(seed);
    let mut map = SourceMap::new();
    let files = 1 + rng.below(3) as u32;
    let mut max_len = 0;
    for i in 0..files {
        let body = text(&mut rng, 40);
        max_len = max_len.max(body.len());
        let name = format!("dir/{}{i}.tf", text(&mut rng, 3));
        map.add(PathBuf::from(name), Arc::from(body));
    }
    let levels = [Level::Error, Level::Warning, Level::Note];
    let rules = ["GL101", "GL102", "GL103", "GL777"];
    let mut findings = Vec::new();
    for _ in 0..rng.below(6) {
        let related = (0..rng.below(4))
            .map(|_| Related {
                span: span(&mut rng, files, max_len),
                label: text(&mut rng, 4),
            })
            .collect();
        let flow = (0..rng.below(4))
            .map(|_| Related {
                span: span(&mut rng, files, max_len),
                label: text(&mut rng, 4),
            })
            .collect();
        findings.push(Finding {
            rule: rules[rng.below(rules.len())],
            level: levels[rng.below(3)],
            message: text(&mut rng, 8),
            primary: span(&mut rng, files, max_len),
            related,
            flow,
            evidence: (0..rng.below(3)).map(|_| text(&mut rng, 4)).collect(),
            help: if rng.below(2) == 0 {
                None
            } else {
                Some(text(&mut rng, 4))
            },
            unknowns: (0..rng.below(3)).map(|_| text(&mut rng, 4)).collect(),
            logical_key: text(&mut rng, 4),
        });
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let codes = ["GL001", "GL002", "GL004", "GL099"];
    let diagnostics = (0..rng.below(3))
        .map(|_| {
            let code = codes[rng.below(codes.len())];
            let s = span(&mut rng, files, max_len);
            let message = text(&mut rng, 5);
            match rng.below(3) {
                0 => Diagnostic::error(code, s, message),
                1 => Diagnostic::warning(code, s, message),
                _ => Diagnostic::file_error(code, rng.below(files as usize + 1) as u32, message),
            }
        })
        .collect();
    (map, findings, diagnostics)
}

fn check_sarif_regions(v: &serde_json::Value) {
    let run = &v["runs"][0];
    for res in run["results"].as_array().cloned().unwrap_or_default() {
        let mut locs = vec![res["locations"][0].clone()];
        locs.extend(
            res["relatedLocations"]
                .as_array()
                .cloned()
                .unwrap_or_default(),
        );
        for loc in locs {
            let r = &loc["physicalLocation"]["region"];
            let (sl, el) = (
                r["startLine"].as_u64().unwrap_or(0),
                r["endLine"].as_u64().unwrap_or(0),
            );
            let (sc, ec) = (
                r["startColumn"].as_u64().unwrap_or(0),
                r["endColumn"].as_u64().unwrap_or(0),
            );
            assert!(sl >= 1 && el >= sl && sc >= 1 && ec >= 1, "bad region {r}");
            assert!(el > sl || ec >= sc, "bad region {r}");
            let uri = loc["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap_or("");
            assert!(
                !uri.is_empty() && uri.chars().all(|c| c.is_ascii_graphic()),
                "bad uri {uri:?}"
            );
        }
    }
}

#[test]
fn reporters_survive_hostile_input() {
    for seed in 0..300u64 {
        let (map, findings, diagnostics) = case(seed);
        let report = Report {
            findings: &findings,
            diagnostics: &diagnostics,
            sources: &map,
            repo_root: Path::new(""),
            tool_version: "0.0.0-test",
        };

        let mut out = Vec::new();
        if let Err(e) = write_text(
            &report,
            TextOptions {
                color: seed % 2 == 0,
            },
            &mut out,
        ) {
            panic!("seed {seed}: text: {e}");
        }
        let text = String::from_utf8_lossy(&out).into_owned();
        if seed % 2 == 1 {
            assert!(
                !text.contains('\u{1b}'),
                "seed {seed}: escape in text output"
            );
        }
        assert!(
            !text.contains('\u{7}') && !text.contains('\u{202e}'),
            "seed {seed}"
        );
        assert!(
            !text.contains('\r'),
            "seed {seed}: carriage return in text output"
        );

        let mut out = Vec::new();
        if let Err(e) = write_json(&report, &mut out) {
            panic!("seed {seed}: json: {e}");
        }
        let json: serde_json::Value = match serde_json::from_slice(&out) {
            Ok(v) => v,
            Err(e) => panic!("seed {seed}: invalid JSON: {e}"),
        };
        assert_eq!(
            json["findings"].as_array().map(Vec::len),
            Some(findings.len())
        );

        let mut out = Vec::new();
        if let Err(e) = write_sarif(&report, &mut out) {
            panic!("seed {seed}: sarif: {e}");
        }
        let sarif: serde_json::Value = match serde_json::from_slice(&out) {
            Ok(v) => v,
            Err(e) => panic!("seed {seed}: invalid SARIF JSON: {e}"),
        };
        check_sarif_regions(&sarif);
        let results = sarif["runs"][0]["results"]
            .as_array()
            .map(Vec::len)
            .unwrap_or(0);
        let notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .map(Vec::len)
            .unwrap_or(0);
        assert_eq!(
            results + notes,
            findings.len() + diagnostics.len(),
            "seed {seed}: lost a finding"
        );

        let mut out = Vec::new();
        let options = GithubOptions { max_per_level: 100 };
        if let Err(e) = write_github(&report, options, &mut out) {
            panic!("seed {seed}: github: {e}");
        }
        let gh = String::from_utf8_lossy(&out).into_owned();
        assert_eq!(
            gh.lines().count(),
            findings.len() + diagnostics.len(),
            "seed {seed}: {gh}"
        );
        for line in gh.lines() {
            assert!(
                line.starts_with("::error ")
                    || line.starts_with("::warning ")
                    || line.starts_with("::notice "),
                "seed {seed}: {line}"
            );
            assert!(!line.contains('\r'), "seed {seed}");
            // the properties end at the first `::` after the command
            let props = line.split_once(' ').map(|(_, rest)| rest).unwrap_or("");
            let props = props.split_once("::").map(|(p, _)| p).unwrap_or("");
            for prop in props.split(',') {
                let key = prop.split_once('=').map(|(k, _)| k).unwrap_or("");
                assert!(
                    ["file", "line", "endLine", "col", "endColumn", "title"].contains(&key),
                    "seed {seed}: forged property {prop:?} in {line}"
                );
            }
        }
    }
}
