//! Share card benchmark: builds the benchmark corpus (1,000 and 10,000
//! lessons, `corpus.rs`) with `--base-url`, so that every document gets a
//! card, from a cold cache (every card drawn) and from a warm one (every
//! card taken from `.baihoc-cache/`, the output folder removed before each
//! run as for the build benchmark), next to the same build without a
//! base_url (no cards) in the same run. Median wall time of several runs,
//! and median processor time (user + system), which a busy machine
//! disturbs less.
//!
//!     cargo bench --bench share_cards
//!
//! Settings (environment): BENCH_SIZES=1000,10000  BENCH_RUNS=3
//! BENCH_COLD_RUNS (default BENCH_RUNS: a cold 10,000-card run takes minutes)
//! BENCH_DIR=/dev/shm/baihoc-bench-share

mod corpus;
mod measure;
mod settings;

use std::path::Path;
use std::process::Command;

/// "median wall (median processor time)".
fn shown(runs: &[measure::Run], digits: usize) -> String {
    let wall = measure::median(runs.iter().map(|t| t.wall).collect());
    let cpu = measure::median(runs.iter().map(|t| t.cpu).collect());
    format!(
        "{:.digits$} s ({:.digits$} s)",
        wall.as_secs_f64(),
        cpu.as_secs_f64()
    )
}

/// Total size of the files under `dir`, and how many there are.
fn files_size(dir: &Path) -> (u64, u64) {
    let (mut bytes, mut n) = (0, 0);
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if e.file_type().is_file() {
            bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
            n += 1;
        }
    }
    (bytes, n)
}

fn main() {
    if !settings::asked() {
        return;
    }
    let sizes = settings::sizes();
    let runs = settings::number("BENCH_RUNS", 3);
    let cold_runs = settings::number("BENCH_COLD_RUNS", runs);
    let base = settings::dir("/dev/shm/baihoc-bench-share");
    let baihoc = env!("CARGO_BIN_EXE_baihoc");
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!(
        "baihoc share card benchmark: {runs} runs per case ({cold_runs} from a cold cache), median, in {}, {cores} cores",
        base.display()
    );
    println!("Times: median wall (median processor time, user + system).");
    println!();
    println!(
        "| lessons | cards | cold cache (all drawn) | warm cache (none drawn) | no base_url (no cards) | cards on disk |"
    );
    println!("|---:|---:|---:|---:|---:|---:|");
    for &pages in &sizes {
        let site = base.join(format!("corpus-{pages}"));
        let _ = std::fs::remove_dir_all(&site);
        corpus::generate(&site, pages, false).expect("generate corpus");
        let out = base.join(format!("out-{pages}"));
        let cache = site.join(".baihoc-cache");
        let build = |base_url: bool| {
            let mut cmd = Command::new(baihoc);
            cmd.arg("--root")
                .arg(&site)
                .args(["build", "--out"])
                .arg(&out);
            if base_url {
                cmd.args(["--base-url", "https://truong.example.edu.vn/khoa-hoc"]);
            }
            let _ = std::fs::remove_dir_all(&out);
            measure::run(&mut cmd)
        };
        // Warm-up: the page cache, and the first run's effects.
        build(false);
        let cold: Vec<measure::Run> = (0..cold_runs)
            .map(|_| {
                let _ = std::fs::remove_dir_all(&cache);
                build(true)
            })
            .collect();
        let warm: Vec<measure::Run> = (0..runs).map(|_| build(true)).collect();
        let plain: Vec<measure::Run> = (0..runs).map(|_| build(false)).collect();
        build(true);
        let (bytes, cards) = files_size(&out.join("share"));
        println!(
            "| {pages} | {cards} | {} | {} | {} | {:.1} MB ({:.1} KB a card) |",
            shown(&cold, 2),
            shown(&warm, 3),
            shown(&plain, 3),
            bytes as f64 / 1_048_576.0,
            bytes as f64 / cards.max(1) as f64 / 1024.0,
        );
    }
}
