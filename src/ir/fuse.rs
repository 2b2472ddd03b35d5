//! Fusing a Terraform plan with the `.tf` sources beside it.
//!
//! A plan knows the values Terraform computed, but an attribute that depends on
//! something created in the same apply (a policy document mentioning a new role's ARN)
//! is only "known after apply", and the plan keeps no structure for it. The HCL
//! evaluator can still say what it will be, with holes where values are truly unknown.
//! `fill_unknowns` replaces every unknown part of a plan resource by the source's value
//! for the same address and attribute; known plan values always win.

use std::collections::HashMap;

use super::{RawResource, Val, ValKind};

/// Fills unknown plan values from the source resources with the same address.
/// Returns how many values were filled.
pub fn fill_unknowns(plan: &mut [RawResource], source: &[RawResource]) -> usize {
    let by_address: HashMap<&str, &RawResource> =
        source.iter().map(|r| (r.address.as_str(), r)).collect();
    let mut filled = 0;
    for r in plan.iter_mut() {
        if let Some(s) = by_address.get(r.address.as_str()) {
            filled += fill(&mut r.attrs, &s.attrs, 0);
        }
    }
    filled
}

fn unknown_parts(v: &Val) -> usize {
    match &v.kind {
        ValKind::Unknown(_) => usize::MAX,
        ValKind::Str(s) => s.holes().count(),
        _ => 0,
    }
}

fn fill(p: &mut Val, s: &Val, depth: usize) -> usize {
    if depth > 64 {
        return 0;
    }
    let replace = match (&p.kind, &s.kind) {
        (ValKind::Unknown(_), ValKind::Unknown(_)) => false,
        (ValKind::Unknown(_), _) => true,
        // A string with holes: the source's structured JSON (jsonencode, a policy
        // document) or a string with fewer holes.
        (ValKind::Str(ps), ValKind::Json(_)) => !ps.is_known(),
        (ValKind::Str(ps), ValKind::Str(_)) => {
            !ps.is_known() && unknown_parts(s) < unknown_parts(p)
        }
        _ => false,
    };
    if replace {
        let origin = p.origin.clone();
        *p = s.clone();
        if p.origin.is_none() {
            p.origin = origin;
        }
        return 1;
    }
    let mut n = 0;
    match (&mut p.kind, &s.kind) {
        (ValKind::Map(pe), ValKind::Map(_)) => {
            for e in pe.iter_mut() {
                if let Some(se) = s.get(&e.key) {
                    n += fill(&mut e.val, se, depth + 1);
                }
            }
        }
        (ValKind::List(pi), ValKind::List(si)) if pi.len() == si.len() => {
            for (a, b) in pi.iter_mut().zip(si) {
                n += fill(a, b, depth + 1);
            }
        }
        (ValKind::Json(pj), ValKind::Json(sj)) => n += fill(pj, sj, depth + 1),
        _ => {}
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::{Hole, HoleClass, Span, SymStr};
    use crate::ir::Entry;
    use crate::source::Format;

    fn res(address: &str, attrs: Vec<(&str, Val)>) -> RawResource {
        RawResource {
            format: Format::Plan,
            rtype: "aws_iam_group_policy".into(),
            address: address.into(),
            name: "x".into(),
            span: Span::NONE,
            name_span: Span::NONE,
            attrs: Val::new(
                ValKind::Map(
                    attrs
                        .into_iter()
                        .map(|(k, v)| Entry {
                            key: k.into(),
                            span: Span::NONE,
                            val: v,
                        })
                        .collect(),
                ),
                Span::NONE,
            ),
            is_data: false,
            unit: "u".into(),
        }
    }

    #[test]
    fn unknown_plan_values_take_the_source_value_and_known_ones_stay() {
        let after_apply = Hole::new(
            "aws_iam_group_policy.p.policy (known after apply)",
            HoleClass::Any,
        );
        let mut plan = vec![res(
            "aws_iam_group_policy.p",
            vec![
                ("policy", Val::unknown(after_apply, Span::NONE)),
                ("name", Val::str("from-plan", Span::NONE)),
            ],
        )];
        let doc = Val::new(
            ValKind::Json(Box::new(Val::new(
                ValKind::Map(Vec::new()),
                Span::new(1, 5, 9),
            ))),
            Span::new(1, 0, 10),
        );
        let source = vec![res(
            "aws_iam_group_policy.p",
            vec![
                ("policy", doc.clone()),
                ("name", Val::str("from-source", Span::NONE)),
            ],
        )];
        assert_eq!(fill_unknowns(&mut plan, &source), 1);
        assert_eq!(plan[0].attrs.get("policy"), Some(&doc));
        assert_eq!(
            plan[0].attrs.get("name").and_then(Val::as_str),
            Some("from-plan")
        );
    }

    #[test]
    fn a_string_is_replaced_only_by_one_with_fewer_holes() {
        let mut s = SymStr::lit("arn:aws:iam::");
        s.push_hole(Hole::account());
        s.push_str(":role/etl");
        let plan_val = Val::unknown(
            Hole::new("x (known after apply)", HoleClass::Any),
            Span::NONE,
        );
        let mut plan = vec![res("a.b", vec![("role", plan_val)])];
        assert_eq!(
            fill_unknowns(
                &mut plan,
                &[res("a.b", vec![("role", Val::str(s.clone(), Span::NONE))])]
            ),
            1
        );
        assert_eq!(plan[0].attrs.get("role").and_then(Val::as_sym), Some(&s));
        // Same number of holes: nothing to gain.
        assert_eq!(
            fill_unknowns(
                &mut plan,
                &[res("a.b", vec![("role", Val::str(s, Span::NONE))])]
            ),
            0
        );
    }
}
