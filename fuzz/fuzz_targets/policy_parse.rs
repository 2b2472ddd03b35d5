//! Fuzz target: the IAM policy parser (JSON text to the policy tree).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = glue_lint::iam::policy::parse_policy_text("fuzz", text, 0);
});
