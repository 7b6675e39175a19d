//! The benchmarks the README's speed figures come from can be run as the
//! README says (`cargo bench --bench NAME`): each file of `benches/` with a
//! `main` is declared in Cargo.toml with `harness = false`. Without it,
//! cargo runs the file under the test harness, which ignores its `main`,
//! prints "running 0 tests" and measures nothing (the share card benchmark
//! lost the line in a merge and went silent that way).

use std::path::Path;

/// Cargo.toml's `[[bench]]` tables: (name, whether it says `harness = false`).
fn declared_benches(manifest: &str) -> Vec<(String, bool)> {
    manifest
        .split("\n[")
        .filter_map(|table| table.strip_prefix("[bench]]"))
        .map(|table| {
            let value = |key: &str| {
                table.lines().find_map(|line| {
                    let (k, v) = line.split_once('=')?;
                    (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
                })
            };
            (
                value("name").unwrap_or_default(),
                value("harness").as_deref() == Some("false"),
            )
        })
        .collect()
}

#[test]
fn every_benchmark_with_a_main_is_declared_without_the_test_harness() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let declared = declared_benches(&manifest);
    let mut with_main = Vec::new();
    for entry in std::fs::read_dir(root.join("benches")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        if text.lines().any(|l| l.starts_with("fn main()")) {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            with_main.push(name);
        }
    }
    with_main.sort();
    assert!(
        with_main.len() >= 4,
        "the build, search, serve and share card benchmarks: {with_main:?}"
    );
    for name in &with_main {
        match declared.iter().find(|(n, _)| n == name) {
            Some((_, true)) => {}
            Some((_, false)) => panic!(
                "benches/{name}.rs has its own main, but its [[bench]] in Cargo.toml \
                 lacks `harness = false`: `cargo bench --bench {name}` would measure nothing"
            ),
            None => panic!("benches/{name}.rs has no [[bench]] table in Cargo.toml"),
        }
    }
}
