//! Writes N generated platform files for benchmarks and profiling:
//!
//!     cargo run --release --example gen-platforms -- 1000 target/bench/p1000
//!
//! The files are the same on every run (see benches/support/generate.rs).

#[path = "generate.rs"]
mod generate;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (args.first().and_then(|n| n.parse::<usize>().ok()), args.get(1)) else {
        eprintln!("usage: gen-platforms N DIR");
        std::process::exit(2);
    };
    let generator = generate::Generator::new(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    let paths = generator.write(std::path::Path::new(dir), n);
    println!("{} platform files in {dir}", paths.len());
}
