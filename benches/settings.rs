//! The settings every bench reads from the environment: which corpus sizes
//! (`BENCH_SIZES`), how many runs (`BENCH_RUNS`, ...) and where the corpora
//! and outputs go (`BENCH_DIR`, in tmpfs by default).
#![allow(dead_code)]

use std::path::PathBuf;

/// True when `cargo bench` runs the bench (it passes `--bench`);
/// `cargo test --benches` passes nothing and should not run it.
pub(crate) fn asked() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// `BENCH_SIZES`: the corpus sizes, 1,000 and 10,000 pages by default.
pub(crate) fn sizes() -> Vec<usize> {
    std::env::var("BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

/// The number in the variable `name` (`BENCH_RUNS`), or `default`.
pub(crate) fn number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(default)
}

/// `BENCH_DIR`, or `default`.
pub(crate) fn dir(default: &str) -> PathBuf {
    PathBuf::from(std::env::var("BENCH_DIR").unwrap_or_else(|_| default.into()))
}
