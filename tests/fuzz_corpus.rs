//! Replays the fuzzers' kept inputs without libFuzzer, so that CI keeps
//! every bug they found fixed without running them: every file of
//! `fuzz/corpus/<target>/` (the minimised corpora) and of
//! `fuzz/regressions/<target>/` (each input that once crashed, hung or ran
//! out of memory) goes through the same function the target calls
//! (`baihoc::fuzzing::<target>`), which checks its properties by panicking.
//! Each input must pass, and in under a second.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a fuzz target runs on one input.
type Run = fn(&[u8]);

/// The targets of `fuzz/fuzz_targets/`, by name, with what they run.
const TARGETS: &[(&str, Run)] = &[
    ("front_matter", baihoc::fuzzing::front_matter),
    ("page", baihoc::fuzzing::page),
    ("quiz", baihoc::fuzzing::quiz),
    ("text", baihoc::fuzzing::text),
    ("settings", baihoc::fuzzing::settings),
    ("serve_path", baihoc::fuzzing::serve_path),
];

const PER_INPUT: Duration = Duration::from_secs(1);

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn replay(target: &str, run: Run) -> usize {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = files_in(&fuzz.join("corpus").join(target));
    files.extend(files_in(&fuzz.join("regressions").join(target)));
    let mut failures = Vec::new();
    for file in &files {
        let data = std::fs::read(file).unwrap();
        let start = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| run(&data)));
        let took = start.elapsed();
        if outcome.is_err() {
            failures.push(format!("{}: panicked", file.display()));
        } else if took > PER_INPUT {
            failures.push(format!("{}: took {took:?}", file.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{target}: {} of {} inputs fail:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    files.len()
}

#[test]
fn every_kept_input_of_every_target_passes_quickly() {
    let mut counts = Vec::new();
    for &(target, run) in TARGETS {
        counts.push((target, replay(target, run)));
    }
    // The corpora are committed: a target without inputs means they went missing.
    for (target, n) in counts {
        assert!(n > 0, "fuzz/corpus/{target}/ holds no input");
    }
}

#[test]
fn every_target_has_a_fuzz_target_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/fuzz_targets");
    let mut names: Vec<String> = files_in(&dir)
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut ours: Vec<String> = TARGETS.iter().map(|(n, _)| n.to_string()).collect();
    ours.sort();
    assert_eq!(
        names, ours,
        "tests/fuzz_corpus.rs replays every fuzz target"
    );
}
