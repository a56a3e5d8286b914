//! Throughput of the main job: load a platform file, check it against the whole pack, render.
//! Run with `cargo bench`; figures are recorded in docs/performance.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ipps_check::assess::Checker;
use ipps_check::gate::{FailOn, Gate};
use ipps_check::pack::Pack;
use ipps_check::platform::load_bytes;
use ipps_check::report::{Format, Rendering, render};
use ipps_check::text::Lang;
use ipps_check::yaml::Limits;

fn benches(c: &mut Criterion) {
    let as_of = ipps_check::date::parse_days("2026-11-25").unwrap();
    let hangzhou = std::fs::read("examples/hangzhou.yaml").unwrap();
    c.bench_function("load the embedded rule pack", |b| b.iter(|| black_box(Pack::embedded().unwrap())));
    c.bench_function("load and validate hangzhou.yaml", |b| {
        b.iter(|| black_box(load_bytes("hangzhou.yaml", &hangzhou, &Limits::default()).unwrap()))
    });
    let checker = Checker::new(Pack::embedded().unwrap());
    let platform = load_bytes("hangzhou.yaml", &hangzhou, &Limits::default()).unwrap();
    c.bench_function("assess hangzhou.yaml (200 rules)", |b| b.iter(|| black_box(checker.assess(&platform, as_of))));
    let assessments = [checker.assess(&platform, as_of)];
    let gate = Gate { fail_on: FailOn::Shall, min_score: None, allow_nonconformant: false };
    let r = Rendering { assessments: &assessments, lang: Lang::Zh, gate: &gate, color: false, config: None };
    c.bench_function("render text", |b| b.iter(|| black_box(render(Format::Text, &r))));
    c.bench_function("render json", |b| b.iter(|| black_box(render(Format::Json, &r))));
}

criterion_group!(name = group; config = Criterion::default().sample_size(20); targets = benches);
criterion_main!(group);
