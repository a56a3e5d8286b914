//! Batch throughput on generated platform files (benches/support/generate.rs): loading one file,
//! the parse floor (the same YAML parser, no schema, no rules), evaluating the full pack, and the
//! whole process over 1,000 files. Run with `cargo bench --bench batch`; 10,000 files only with
//! IPPS_BENCH_10K=1 (about two minutes a run). Figures are recorded in docs/performance.md.

#[path = "support/generate.rs"]
mod generate;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};
use ipps_check::assess::Checker;
use ipps_check::pack::Pack;
use ipps_check::platform::load_bytes;
use ipps_check::yaml::{Limits, decode, parse_platform};

/// Generated files are kept between runs: writing 10,000 of them takes a while.
fn corpus(n: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench/p{n}"));
    let marker = dir.join(format!("p{:05}.yaml", n - 1));
    if !marker.exists() {
        generate::Generator::new(Path::new(env!("CARGO_MANIFEST_DIR"))).write(&dir, n);
    }
    dir
}

fn batch(dir: &Path, jobs: &str) {
    let out = dir.with_extension("json");
    let status = Command::new(env!("CARGO_BIN_EXE_ipps-check"))
        .args(["--as-of", "2026-11-25", "-q", "-j", jobs, "-f"])
        .arg(format!("json:{}", out.display()))
        .arg(dir)
        .status()
        .expect("the binary runs");
    assert!(status.code().is_some_and(|c| c < 2), "the batch failed: {status}");
}

fn single(c: &mut Criterion) {
    let generator = generate::Generator::new(Path::new(env!("CARGO_MANIFEST_DIR")));
    let bytes = generator.platform(3).into_bytes();
    let limits = Limits::default();
    let as_of = ipps_check::date::parse_days("2026-11-25").unwrap_or_default();
    c.bench_function("parse floor: decode and parse one generated file", |b| {
        b.iter(|| black_box(parse_platform(&decode(&bytes).unwrap(), &limits).unwrap()))
    });
    c.bench_function("load and validate one generated file", |b| {
        b.iter(|| black_box(load_bytes("p.yaml", &bytes, &limits).unwrap()))
    });
    let checker = Checker::new(Pack::embedded().unwrap());
    let platform = load_bytes("p.yaml", &bytes, &limits).unwrap();
    c.bench_function("evaluate the full pack on one generated file", |b| {
        b.iter(|| black_box(checker.assess(&platform, as_of)))
    });
}

fn whole(c: &mut Criterion) {
    let p1000 = corpus(1000);
    let mut group = c.benchmark_group("whole process");
    group.sample_size(10);
    group.bench_function("1,000 files, -j 1, JSON to a file", |b| b.iter(|| batch(&p1000, "1")));
    group.bench_function("1,000 files, -j 2, JSON to a file", |b| b.iter(|| batch(&p1000, "2")));
    if std::env::var_os("IPPS_BENCH_10K").is_some() {
        let p10000 = corpus(10_000);
        group.bench_function("10,000 files, -j 2, JSON to a file", |b| b.iter(|| batch(&p10000, "2")));
    }
    group.finish();
}

criterion_group!(name = one; config = Criterion::default().sample_size(20); targets = single);
criterion_group!(name = many; config = Criterion::default(); targets = whole);
criterion_main!(one, many);
