//! The live preview in headless Chromium (`tests/browser/live.mjs`): an
//! edit reloads the open tab, a broken edit shows the error overlay over
//! the last good page under the pages' Content-Security-Policy, and fixing
//! it clears the overlay. Needs what the browser tests need (Chromium, Node,
//! `npm ci` in tests/browser); without them it says it is skipped and
//! passes, except when `CI` is set, where it fails.

mod common;
mod serve_support;

use serve_support::Running;
use std::path::Path;
use std::process::Command;

fn missing() -> Vec<&'static str> {
    let mut missing = Vec::new();
    if common::chromium().is_none() {
        missing.push("chromium (apt-get install chromium)");
    }
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("node (apt-get install nodejs npm)");
    }
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !crate_dir
        .join("tests/browser/node_modules/playwright-core/package.json")
        .is_file()
    {
        missing.push("playwright-core (cd tests/browser && npm ci)");
    }
    missing
}

#[test]
fn the_open_tab_reloads_and_shows_errors_over_the_last_good_page() {
    let missing = missing();
    if !missing.is_empty() {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty());
        assert!(!ci, "the live preview browser test cannot run: {missing:?}");
        eprintln!("browser tests SKIPPED: {missing:?} [serve_browser]");
        return;
    }
    let site = common::fixture("course");
    let server = Running::start(site.path(), &["serve"]);
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("node")
        .arg(crate_dir.join("tests/browser/live.mjs"))
        .current_dir(crate_dir.join("tests/browser"))
        .env("CHROME_PATH", common::chromium().expect("checked above"))
        .env("BAIHOC_URL", format!("http://{}/", server.addr))
        .env("BAIHOC_SITE", site.path())
        .env("BAIHOC_CRATE", crate_dir)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "live.mjs failed:\n{stdout}\n{stderr}\nserver:\n{}\n{}",
        server.stdout(),
        server.stderr()
    );
    assert!(stdout.contains("live: all checks passed"), "{stdout}");
}
