//! No input may panic the engine: random and mutated policy texts are parsed and, when they
//! parse, evaluated against known, symbolic and open-context requests.

use glue_lint::iam::simulate::run_request;
use glue_lint::iam::{
    evaluate, parse_policy_text, Context, Hole, HoleClass, PolicyErrorKind, PolicySet, Request,
    ResourceKind, SymStr,
};

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const BASE: &str = r#"{"Version":"2012-10-17","Statement":[
 {"Sid":"A","Effect":"Allow","Action":["iam:PassRole","glue:*"],"Resource":["arn:aws:iam::*:role/AWSGlueServiceRole*","arn:aws:s3:::b/${aws:username}/*"],
  "Condition":{"StringLike":{"iam:PassedToService":"glue.amazonaws.com"},"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]},
  "DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"},"IpAddress":{"aws:SourceIp":["10.0.0.0/8","::/0"]},"NumericLessThan":{"s3:max-keys":10}}},
 {"Effect":"Deny","NotAction":"s3:*","NotResource":"arn:aws:s3:::x?y*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":false},"Null":{"aws:TokenIssueTime":"true"}}},
 {"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::111122223333:user/u"],"Service":"glue.amazonaws.com"},"Action":"sts:AssumeRole"}
]}"#;

const ALPHABET: &[u8] = b"{}[]\",:*?$ \\/abcdeAEILNRSTVY0123456789-_.\n\tu";

fn requests() -> Vec<Request> {
    let mut acct_role = SymStr::lit("arn:aws:iam::");
    acct_role.push_hole(Hole::account());
    acct_role.push_str(":role/");
    acct_role.push_hole(Hole::new("name", HoleClass::Segment));
    let mut any = SymStr::lit("arn:aws:s3:::b/");
    any.push_hole(Hole::new("key", HoleClass::Any));
    vec![
        Request::new(
            "arn:aws:iam::111122223333:user/u",
            "iam:PassRole",
            "arn:aws:iam::111122223333:role/AWSGlueServiceRole-x",
            Context::strict().with("iam:PassedToService", "glue.amazonaws.com"),
        ),
        Request::new(
            "arn:aws:iam::111122223333:user/u",
            "iam:PassRole",
            acct_role.clone(),
            Context::open(),
        ),
        Request::new(
            "glue.amazonaws.com",
            "sts:AssumeRole",
            acct_role,
            Context::open(),
        ),
        Request::new(
            "arn:aws:sts::1:assumed-role/r/s",
            "s3:GetObject",
            any,
            Context::open(),
        ),
    ]
}

fn exercise(text: &str, reqs: &[Request]) {
    let (p, errors) = parse_policy_text("fuzz", text, 1);
    for e in &errors {
        assert!(e.span.start <= e.span.end, "bad span {e:?}");
        let _ = e.to_string();
    }
    if let Some(p) = p {
        for r in reqs {
            for kind in [
                ResourceKind::Generic,
                ResourceKind::RoleTrust,
                ResourceKind::KmsKey,
            ] {
                let set = PolicySet {
                    identity: vec![&p],
                    boundary: Some(&p),
                    scps: vec![vec![&p]],
                    resource: Some(&p),
                    resource_kind: kind,
                    ..PolicySet::default()
                };
                let ev = evaluate(&set, r);
                let _ = ev.explain();
                let _ = serde_json::to_string(&ev);
            }
        }
    }
}

#[test]
fn random_texts_never_panic() {
    let reqs = requests();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..1500 {
        let len = rng.below(120);
        let bytes: Vec<u8> = (0..len)
            .map(|_| ALPHABET[rng.below(ALPHABET.len())])
            .collect();
        exercise(&String::from_utf8_lossy(&bytes), &reqs);
    }
}

#[test]
fn mutated_policies_never_panic() {
    let reqs = requests();
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    exercise(BASE, &reqs);
    let (p, e) = parse_policy_text("base", BASE, 0);
    assert!(e.is_empty() && p.is_some(), "{e:?}");
    for _ in 0..300 {
        let mut b: Vec<u8> = BASE.as_bytes().to_vec();
        for _ in 0..1 + rng.below(4) {
            let i = rng.below(b.len());
            match rng.below(3) {
                0 => {
                    b.remove(i);
                }
                1 => b.insert(i, ALPHABET[rng.below(ALPHABET.len())]),
                _ => b[i] = ALPHABET[rng.below(ALPHABET.len())],
            }
        }
        exercise(&String::from_utf8_lossy(&b), &reqs);
    }
}

#[test]
fn deep_inputs_are_rejected_not_overflowed() {
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let (p, e) = parse_policy_text("deep", &deep, 0);
    assert!(p.is_none());
    assert_eq!(e.first().map(|e| &e.kind), Some(&PolicyErrorKind::TooDeep));
    // The simulate adapter limits the depth of documents given as JSON values too.
    let mut v = serde_json::json!("x");
    for _ in 0..100 {
        v = serde_json::json!([v]);
    }
    let req = serde_json::json!({
        "identityPolicies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": v}]}],
        "request": {"principal": "arn:aws:iam::1:user/u", "action": "s3:GetObject", "resource": "*"}
    });
    let out = run_request(&req, &|_| Err("none".to_string()), false);
    assert_eq!(out["decision"], "error");
}

#[test]
fn pathological_globs_stay_bounded() {
    let star = "*a".repeat(40);
    let text = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"*","Resource":"{star}b"}}]}}"#
    );
    let (p, _) = parse_policy_text("g", &text, 0);
    let p = p.expect("policy");
    let mut hole = SymStr::lit("a");
    hole.push_hole(Hole::new("x", HoleClass::Any));
    hole.push_str("a");
    hole.push_hole(Hole::new("y", HoleClass::Any));
    for res in [SymStr::lit("a".repeat(3000)), hole] {
        let r = Request::new(
            "arn:aws:iam::1:user/u",
            "s3:GetObject",
            res,
            Context::strict(),
        );
        let set = PolicySet {
            identity: vec![&p],
            ..PolicySet::default()
        };
        let _ = evaluate(&set, &r).decision;
    }
}
