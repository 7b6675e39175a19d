//! Headless-browser checks of the bundled course, one test per suite of
//! `tests/browser/*.mjs`: the site on a phone (layout and axe-core), from
//! disk (file://), its slide decks, offline through its service worker,
//! updated in place, through the W3C validator (vnu.jar), through Lighthouse,
//! its share button, its search, printed to PDF (posters, a long lesson, the
//! print views), and its quizzes (answered, remembered, without JavaScript,
//! on slides and printed); and of the fixture `tests/fixtures/script`, whose
//! page of script vectors must run none of them.
//!
//! Each test builds the course of this repository into a temporary folder
//! and runs `node tests/browser/SUITE.mjs` on it. The file:// and offline
//! suites also run on the fixture site `tests/fixtures/course`, built the
//! same way, for its images (the course has none). They need Chromium, Node
//! and `npm ci` in tests/browser (and Java for vnu). Without them a test
//! prints `browser tests SKIPPED: ...` and passes, except when the `CI`
//! environment variable is set to anything but the empty string (`CI=true`,
//! `CI=1`, `CI=yes`), where it fails. The suites run one at a time: each starts a browser and
//! the machine has two cores.

mod common;

use baihoc::BuildOptions;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// One suite at a time: tests of one file run in parallel threads otherwise.
static LOCK: Mutex<()> = Mutex::new(());

/// The crate root.
fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/browser`.
fn browser_dir() -> PathBuf {
    crate_dir().join("tests/browser")
}

/// The lock, even when an earlier suite failed while holding it.
fn serialized() -> MutexGuard<'static, ()> {
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The Node packages each suite imports, as installed by `npm ci`.
const PACKAGES: &[&str] = &[
    "playwright-core",
    "axe-core",
    "vnu-jar",
    "lighthouse",
    "chrome-launcher",
    "pdfjs-dist",
];

/// What is missing to run a suite: (what, how to install it).
fn missing_prerequisites(needs_java: bool) -> Vec<(String, &'static str)> {
    let mut missing = Vec::new();
    if common::chromium().is_none() {
        missing.push(("chromium not found".to_string(), "apt-get install chromium"));
    }
    if common::on_path("node").is_none() {
        missing.push(("node not found".to_string(), "apt-get install nodejs npm"));
    }
    let modules = browser_dir().join("node_modules");
    if !modules.is_dir() {
        missing.push((
            "tests/browser/node_modules not found".to_string(),
            "cd tests/browser && npm ci",
        ));
    } else {
        for p in PACKAGES {
            if !modules.join(p).join("package.json").is_file() {
                missing.push((
                    format!("{p} is not installed in tests/browser/node_modules"),
                    "cd tests/browser && npm ci",
                ));
            }
        }
    }
    if needs_java && common::on_path("java").is_none() {
        missing.push((
            "java not found".to_string(),
            "apt-get install default-jre-headless",
        ));
    }
    missing
}

/// Written straight to the process's stderr, past the test harness's
/// capture, so that a skip is seen even though the test passes.
fn shout(line: &str) {
    let rule = "!".repeat(78);
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "\n{rule}\n{line}\n{rule}\n");
    let _ = err.flush();
}

/// True on a CI machine: `CI` is set to a non-empty value (CI=true, CI=1, CI=yes...).
fn on_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

/// True when the suite can run. Otherwise: on CI ([`on_ci`]) it panics with
/// what is missing; elsewhere it says the suite is skipped and returns false.
fn prerequisites(suite: &str, needs_java: bool) -> bool {
    let missing = missing_prerequisites(needs_java);
    if missing.is_empty() {
        return true;
    }
    let what: Vec<&str> = missing.iter().map(|(w, _)| w.as_str()).collect();
    let mut how: Vec<&str> = vec!["apt-get install chromium", "cd tests/browser && npm ci"];
    for (_, h) in &missing {
        if !how.contains(h) {
            how.push(h);
        }
    }
    if on_ci() {
        panic!(
            "browser suite `{suite}` cannot run on CI (CI={:?}): {}. Install what the browser tests need: {}",
            std::env::var_os("CI").unwrap_or_default(),
            what.join("; "),
            how.join("; ")
        );
    }
    shout(&format!(
        "browser tests SKIPPED: {} ({}) [suite {suite}]",
        what.join("; "),
        how.join("; ")
    ));
    false
}

/// A site copied into a temporary folder and built with the library into
/// `<tmp>/public`.
struct Built {
    dir: tempfile::TempDir,
}

impl Built {
    fn site(&self) -> &Path {
        self.dir.path()
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }
}

/// A fresh temporary folder for a site to build.
fn site_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("baihoc-browser-")
        .tempdir()
        .expect("temporary folder")
}

/// Builds the site copied into `dir`; panics with the diagnostics, naming
/// the site as `what`, when the build fails.
fn build_in(dir: tempfile::TempDir, what: &str, base_url: Option<&str>) -> Built {
    let built = Built { dir };
    let opts = BuildOptions {
        out: Some(built.out()),
        base_url: base_url.map(str::to_string),
        ..BuildOptions::new(built.site())
    };
    if let Err(f) = baihoc::build(&opts) {
        panic!("{what} does not build:\n{}", common::describe(&f));
    }
    built
}

/// The repository's course (site.yaml, content/, data/), built.
fn build_course(base_url: Option<&str>) -> Built {
    let dir = site_dir();
    common::copy_bundled_course(dir.path(), "");
    build_in(dir, "the bundled course", base_url)
}

/// The fixture site `tests/fixtures/course`, built: pages at three folder
/// depths with images beside them, one of them `Bài học/hình ảnh.png`
/// (spaces and Vietnamese letters in its name), which the bundled course lacks.
fn build_fixture() -> Built {
    let dir = site_dir();
    common::copy_dir(&common::fixtures_dir().join("course"), dir.path());
    build_in(dir, "the fixture tests/fixtures/course", None)
}

/// Echoes each line of `from` to the test's output (captured by the test
/// harness unless --nocapture) and keeps it.
fn collect(from: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<String>> {
    std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            eprintln!("{line}");
            lines.push(line);
        }
        lines
    })
}

/// The fixture site `tests/fixtures/script`, built: a page holding every
/// script vector that the build only warns about.
fn build_script_vectors() -> Built {
    let dir = site_dir();
    common::copy_dir(&common::fixtures_dir().join("script"), dir.path());
    build_in(dir, "the fixture tests/fixtures/script", None)
}

/// What a suite is run on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sites {
    /// The fixture site tests/fixtures/script instead of the course.
    ScriptVectors,
    /// The bundled course only.
    Course,
    /// The bundled course, and the fixture site (`BAIHOC_FIXTURE_OUT`,
    /// `BAIHOC_FIXTURE_SITE`), which has images.
    CourseAndFixture,
}

/// Runs `node tests/browser/<suite>.mjs` on a fresh build of the course (and
/// of the fixture site, for `Sites::CourseAndFixture`); panics, with the
/// script's output, unless it exits 0 within `limit`.
fn run_suite(suite: &str, needs_java: bool, base_url: Option<&str>, sites: Sites, limit: Duration) {
    let _one_at_a_time = serialized();
    if !prerequisites(suite, needs_java) {
        return;
    }
    let built = match sites {
        Sites::ScriptVectors => build_script_vectors(),
        Sites::Course | Sites::CourseAndFixture => build_course(base_url),
    };
    let fixture = (sites == Sites::CourseAndFixture).then(build_fixture);
    let chrome = common::chromium().expect("checked above");
    let script = browser_dir().join(format!("{suite}.mjs"));
    let start = Instant::now();
    let mut command = Command::new("node");
    command
        .arg(&script)
        .current_dir(browser_dir())
        .env("BAIHOC_OUT", built.out())
        .env("BAIHOC_SITE", built.site())
        .env("BAIHOC_BIN", env!("CARGO_BIN_EXE_baihoc"))
        .env("BAIHOC_CRATE", crate_dir())
        .env("CHROME_PATH", &chrome)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(fixture) = &fixture {
        command
            .env("BAIHOC_FIXTURE_OUT", fixture.out())
            .env("BAIHOC_FIXTURE_SITE", fixture.site());
    }
    // Its own process group, so that a hung suite is ended with its browsers.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start node {}: {e}", script.display()));
    let out = collect(child.stdout.take().expect("piped"));
    let err = collect(child.stderr.take().expect("piped"));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for node") {
            break Some(status);
        }
        if start.elapsed() > limit {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut lines = out.join().unwrap_or_default();
    lines.extend(err.join().unwrap_or_default());
    let elapsed = start.elapsed().as_secs_f64();
    // The suite's summary of problems (or, when it has none, the end of its output).
    let tail = |lines: &[String]| {
        let from = lines
            .iter()
            .rposition(|l| l.contains(" problem(s):") || l.starts_with("FAIL"))
            .unwrap_or_else(|| lines.len().saturating_sub(40));
        let shown = &lines[from..(from + 60).min(lines.len())];
        let more = lines.len() - from - shown.len();
        let mut text = shown.join("\n");
        if more > 0 {
            text.push_str(&format!("\n… and {more} more lines"));
        }
        text
    };
    match status {
        Some(s) if s.success() => {
            eprintln!("browser suite {suite}: passed in {elapsed:.1} s");
        }
        Some(s) => panic!(
            "browser suite `{suite}` failed ({s}) after {elapsed:.1} s (its whole output is above):\n{}",
            tail(&lines)
        ),
        None => panic!(
            "browser suite `{suite}` did not finish within {} s and was stopped (its whole output is above):\n{}",
            limit.as_secs(),
            tail(&lines)
        ),
    }
}

/// Every page on a 360x740 touch phone over http under /vneid/, light and
/// dark: no horizontal scroll, no axe-core violation, no console error,
/// no failed or foreign request.
#[test]
fn phone_layout_and_accessibility() {
    run_suite(
        "phone",
        false,
        None,
        Sites::Course,
        Duration::from_secs(270),
    );
}

/// From disk, for the course and the fixture site: every page reached by
/// links from index.html, every link, fragment, stylesheet, script and
/// image working, no console error. The fixture has images (the course has
/// none): at least one of its pages must show one, and every image of it
/// must be displayed and decoded.
#[test]
fn file_protocol_links_and_assets() {
    run_suite(
        "filesystem",
        false,
        None,
        Sites::CourseAndFixture,
        Duration::from_secs(210),
    );
}

/// For the course and the fixture site: after one visit the service worker
/// has stored the site: every page loads with its images with the server
/// stopped and the browser offline; unknown addresses show offline.html;
/// the web app manifest is complete.
#[test]
fn offline_reading_and_manifest() {
    run_suite(
        "offline",
        false,
        None,
        Sites::CourseAndFixture,
        Duration::from_secs(210),
    );
}

/// A changed lesson reaches a reader who has the course stored, with a
/// notice; an unchanged rebuild leaves sw.js byte-identical.
#[test]
fn update_reaches_stored_course() {
    run_suite(
        "update",
        false,
        None,
        Sites::Course,
        Duration::from_secs(210),
    );
}

/// Every HTML file, 404.html included (written because a base_url is
/// given), is valid for the W3C Nu Html Checker.
#[test]
fn html_is_valid_for_vnu() {
    run_suite(
        "vnu",
        true,
        Some("https://truong.example.edu.vn/vneid"),
        Sites::Course,
        Duration::from_secs(210),
    );
}

/// The "Chia sẻ" button of a lesson, on the course built with a base_url:
/// the share sheet gets the published address and title, else the address
/// is copied, else shown selected; the result is announced; no button from
/// file://.
#[test]
fn share_button_shares_copies_or_shows_the_link() {
    run_suite(
        "share",
        false,
        Some("https://truong.example.edu.vn/vneid"),
        Sites::Course,
        Duration::from_secs(180),
    );
}

/// Lighthouse (mobile) on the home page and the longest lesson: every
/// category scores at least 0.95. Scores go to target/lighthouse-scores.json.
#[test]
fn lighthouse_scores() {
    run_suite(
        "lighthouse",
        false,
        None,
        Sites::Course,
        Duration::from_secs(300),
    );
}

/// The slide decks of the course, from file:// and over http: one slide per
/// `##` part and the title slide; no slide overflowing at 1280x720 and
/// 1920x1080; every key (reveal.js's, which clickers send), swipes, the
/// slide kept in the address through a reload; the presenter view in a
/// second window following the audience window and driving it; notes only
/// in the presenter view; one slide per A4 page in print and a handout with
/// the notes; no console error and no CSP violation.
#[test]
fn slide_decks_present() {
    run_suite("deck", false, None, Sites::Course, Duration::from_secs(480));
}

/// The quizzes of the course: answering right and wrong shows the feedback
/// and the score, which survive a reload over http and from file:// and
/// reach the results page (which clears them); without JavaScript every
/// question shows with its answer under "Xem đáp án"; on the lesson plan's
/// slides an answer stays hidden until A or the next key; printed (the
/// section's print view and the lesson plan's page), the answer key is on
/// the last page(s) and no answer before it.
#[test]
fn quizzes_answer_remember_present_and_print() {
    run_suite("quiz", false, None, Sites::Course, Duration::from_secs(330));
}

/// A page with every script vector a build only warns about (raw
/// `<script>`, event handlers, `javascript:` links, `<iframe srcdoc>`,
/// `<object>`, `<embed>`, `<svg onload>`, `<img onerror>`, `<meta
/// http-equiv=refresh>`, `<base>`, `style` with `url(javascript:)`), over
/// http and from file://: none runs (a flag each would set stays unset), no
/// dialog, no navigation, each blocked vector reported as a
/// Content-Security-Policy violation, none caused by the theme.
#[test]
fn script_vectors_do_not_run() {
    run_suite(
        "script",
        false,
        None,
        Sites::ScriptVectors,
        Duration::from_secs(210),
    );
}

/// Printing to PDF from Chromium, read back with pdf.js: every poster of the
/// course is exactly one page of its declared size with no text outside the
/// paper; the longest lesson prints on A4 with no navigation text, with the
/// address of every external link and a footer naming the site and the
/// page; each print view holds every lesson of its section once, in order,
/// each starting a sheet, and does not open the print dialog by itself.
#[test]
fn print_to_pdf() {
    run_suite(
        "print",
        false,
        None,
        Sites::Course,
        Duration::from_secs(240),
    );
}

/// Search on a phone with the CPU slowed four times, served and from
/// file://: the four questions of issue 19 typed without diacritics find
/// their lesson first and the result opens it at the right heading; every
/// keystroke shows results within 50 ms; live region, arrow keys, Escape,
/// Enter to the search page; axe-core clean, light and dark; no CSP
/// violation or console error; offline after the service worker installed;
/// without JavaScript the search page says it needs it.
#[test]
fn search_finds_lessons_fast_served_from_disk_and_offline() {
    run_suite(
        "search",
        false,
        None,
        Sites::Course,
        Duration::from_secs(270),
    );
}

/// A missing prerequisite fails a suite when `CI` is set to any non-empty
/// value (`true`, `1`, `yes`), and skips it with the SKIPPED line otherwise:
/// this test binary is run again on one suite with an empty PATH, so that
/// node cannot be found, and `CHROME_PATH` naming a file that does not
/// exist, so that Chromium cannot either.
#[test]
fn a_missing_browser_fails_whenever_ci_is_set() {
    let exe = std::env::current_exe().expect("the test binary");
    let cases: [(Option<&str>, bool); 5] = [
        (Some("true"), true),
        (Some("1"), true),
        (Some("yes"), true),
        (Some(""), false),
        (None, false),
    ];
    for (ci, fails) in cases {
        let mut command = Command::new(&exe);
        command
            .args(["--exact", "script_vectors_do_not_run", "--test-threads=1"])
            .env("PATH", "")
            .env("CHROME_PATH", "/nonexistent/chromium")
            .env_remove("CI");
        if let Some(v) = ci {
            command.env("CI", v);
        }
        let out = command.output().expect("run the test binary");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(!out.status.success(), fails, "CI={ci:?}:\n{text}");
        if fails {
            assert!(
                text.contains("cannot run on CI")
                    && text.contains("chromium not found")
                    && text.contains("node not found"),
                "CI={ci:?}:\n{text}"
            );
        } else {
            assert!(
                text.contains("browser tests SKIPPED: chromium not found; node not found"),
                "CI={ci:?}:\n{text}"
            );
        }
    }
}
