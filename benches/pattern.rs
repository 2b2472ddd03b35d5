//! Pattern matching throughput: IAM globs (`*`, `?`) against known and symbolic strings.
//!
//! `cargo bench --bench pattern`: time per match for the paths the engine takes: a known
//! string against a pattern without holes (the allocation-free path), a string with a
//! hole (the NFA over pattern positions), and a pattern with a hole.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use glue_lint::iam::pattern::{Glob, GlobMode};
use glue_lint::iam::{Hole, HoleClass, Piece, SymStr};

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("pattern");
    g.throughput(Throughput::Elements(1));

    let console = Glob::text(
        "arn:aws:iam::*:role/AWSGlueServiceRole*",
        GlobMode::RESOURCE,
    );
    let exact = Glob::text(
        "arn:aws:iam::111122223333:role/etl-00042-runtime",
        GlobMode::RESOURCE,
    );
    let action = Glob::text("glue:*", GlobMode::ACTION);
    let known_role = "arn:aws:iam::111122223333:role/etl-00042-runtime";
    let pattern_role = "arn:aws:iam::111122223333:role/AWSGlueServiceRole-etl-00042";

    g.bench_function("known/star_miss", |b| {
        b.iter(|| console.matches_str(black_box(known_role)))
    });
    g.bench_function("known/star_hit", |b| {
        b.iter(|| console.matches_str(black_box(pattern_role)))
    });
    g.bench_function("known/literal", |b| {
        b.iter(|| exact.matches_str(black_box(known_role)))
    });
    g.bench_function("known/action", |b| {
        b.iter(|| action.matches_str(black_box("glue:CreateJob")))
    });

    // The role ARN with the account id unknown, as the analysis sees it without
    // `--account-id`.
    let symbolic = SymStr::from_pieces([
        Piece::Lit("arn:aws:iam::".into()),
        Piece::Hole(Hole::new("account id", HoleClass::Segment)),
        Piece::Lit(":role/etl-00042-runtime".into()),
    ]);
    g.bench_function("hole_in_input/star", |b| {
        b.iter(|| console.matches(black_box(&symbolic)))
    });
    g.bench_function("hole_in_input/literal", |b| {
        b.iter(|| exact.matches(black_box(&symbolic)))
    });

    // A pattern naming a role whose name is a Terraform variable without a value.
    let pat = Glob::new(
        &SymStr::from_pieces([
            Piece::Lit("arn:aws:iam::111122223333:role/".into()),
            Piece::Hole(Hole::new("var.role_name", HoleClass::Segment)),
        ]),
        GlobMode::RESOURCE,
    );
    let known = SymStr::lit(known_role);
    g.bench_function("hole_in_pattern", |b| {
        b.iter(|| pat.matches(black_box(&known)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
