//! Bad input, one case per test, through the `baihoc` binary. Each case
//! first builds a good copy of the `errors` fixture (so a previous public/
//! exists), snapshots every byte of it, breaks one thing, builds again and
//! checks: exit code 1, a `path:line:col: error:` line with a `hint:` line
//! on stderr, public/ byte-for-byte as it was, and no staging folder left.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use tempfile::TempDir;

type Snapshot = BTreeMap<String, Option<Vec<u8>>>;

/// A copy of the `errors` fixture, built once, with a snapshot of its public/.
fn built_site() -> (TempDir, Snapshot) {
    let site = fixture("errors");
    let output = run(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let before = snapshot(&site.path().join("public"));
    assert!(before.contains_key("bai.html") && before.contains_key("anh.png"));
    (site, before)
}

fn run(root: &Path, args: &[&str]) -> std::process::Output {
    baihoc()
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap()
}

/// Replaces the one occurrence of `from` in a file of the site.
fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "`{from}` once in {file}");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

/// No `.baihoc-*` staging folder is left in the site folder.
fn assert_no_staging_left(root: &Path) {
    let left: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".baihoc-"))
        .collect();
    assert_eq!(left, Vec::<String>::new(), "staging folders left behind");
}

/// public/ holds exactly the files and bytes of `before`.
fn assert_public_unchanged(root: &Path, before: &Snapshot) {
    let after = snapshot(&root.join("public"));
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "files in public/"
    );
    for (name, bytes) in before {
        assert!(after[name] == *bytes, "public/{name} changed");
    }
}

/// Builds again and checks the failure: exit 1, public/ untouched, no staging
/// folder. Returns stderr.
fn build_fails(root: &Path, before: &Snapshot) -> String {
    let output = run(root, &["build"]);
    let stderr = stderr_of(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "exit code; stderr:\n{stderr}"
    );
    assert_public_unchanged(root, before);
    assert_no_staging_left(root);
    stderr
}

/// The diagnostic line starting with `prefix` (`content/a.md:3:9: error: `),
/// checked to contain `message` and to be followed by a `  hint: ` line.
/// Also checks that it is the only error reported.
fn assert_diagnostic(stderr: &str, prefix: &str, message: &str) -> String {
    let lines: Vec<&str> = stderr.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starting with `{prefix}` in stderr:\n{stderr}"));
    assert!(lines[i].contains(message), "`{message}` in `{}`", lines[i]);
    let hint = lines.get(i + 1).copied().unwrap_or("");
    assert!(
        hint.starts_with("  hint: ") && hint.len() > "  hint: ".len(),
        "a hint line after `{}`; stderr:\n{stderr}",
        lines[i]
    );
    if prefix.contains(": error: ") {
        let errors = lines.iter().filter(|l| l.contains(": error: ")).count();
        assert_eq!(errors, 1, "one error only; stderr:\n{stderr}");
    }
    lines[i].to_string()
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

#[test]
fn bad_yaml_syntax_in_front_matter() {
    let (site, before) = built_site();
    let root = site.path();
    // An unquoted text holding `: ` on line 4; the second `:` is column 19.
    edit(
        root,
        "content/bai.md",
        "weight: 1\n",
        "weight: 1\ndescription: Lưu ý: không có dấu ngoặc\n",
    );
    let stderr = build_fails(root, &before);
    assert_diagnostic(
        &stderr,
        "content/bai.md:4:19: error: ",
        "invalid YAML in front matter",
    );
}

#[test]
fn unclosed_quote_in_front_matter_reports_file_positions_only() {
    let (site, before) = built_site();
    let root = site.path();
    edit(
        root,
        "content/bai.md",
        "title: \"Bài chính\"",
        "title: \"Bài chính",
    );
    let stderr = build_fails(root, &before);
    let line = assert_diagnostic(&stderr, "content/bai.md:", "invalid YAML in front matter");
    let position: Vec<&str> = line.split(": error: ").next().unwrap().split(':').collect();
    assert!(
        position.len() >= 2 && position[1].parse::<usize>().is_ok(),
        "a line number: {line}"
    );
    // The front matter starts on line 2 of the file: a position counted inside
    // the YAML block ("at line 3 column 1") names the wrong line of the file.
    assert!(
        !line.contains(" at line "),
        "the message repeats a position counted from the start of the YAML block, not the file: {line}"
    );
}

#[test]
fn missing_title() {
    let (site, before) = built_site();
    let root = site.path();
    edit(root, "content/bai.md", "title: \"Bài chính\"\n", "");
    let stderr = build_fails(root, &before);
    assert_diagnostic(&stderr, "content/bai.md:1: error: ", "missing `title`");
}

#[test]
fn wrong_type_for_weight() {
    let (site, before) = built_site();
    let root = site.path();
    edit(root, "content/bai.md", "weight: 1", "weight: \"nặng\"");
    let stderr = build_fails(root, &before);
    let line = assert_diagnostic(&stderr, "content/bai.md:3:9: error: ", "weight");
    assert!(line.contains("nặng"), "{line}");
}

/// A key written twice is shown at its second line, with a hint naming it:
/// serde_yaml gives no position for site.yaml's top level, and the first
/// key's for a nested one (the hint then said the key was indented).
#[test]
fn a_key_written_twice() {
    let (site, before) = built_site();
    let root = site.path();
    edit(
        root,
        "site.yaml",
        "title: \"Khoá học để thử lỗi\"\n",
        "title: \"Khoá học để thử lỗi\"\ndescription: \"Mô tả\"\ntitle: \"Lần hai\"\n",
    );
    let stderr = build_fails(root, &before);
    assert_diagnostic(&stderr, "site.yaml:3:1: error: ", "duplicate field `title`");
    assert!(
        stderr.contains("hint: `title` is written twice"),
        "{stderr}"
    );
}

#[test]
fn wrong_type_for_title() {
    let (site, before) = built_site();
    let root = site.path();
    edit(root, "content/bai.md", "title: \"Bài chính\"", "title: [a]");
    let stderr = build_fails(root, &before);
    assert_diagnostic(&stderr, "content/bai.md:2:8: error: ", "title");
}

#[test]
fn unknown_key_is_a_warning_with_a_suggestion() {
    let (site, _) = built_site();
    let root = site.path();
    edit(root, "content/bai.md", "weight: 1", "wieght: 1");
    let output = run(root, &["build"]);
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let line = assert_diagnostic(
        &stderr,
        "content/bai.md:3:1: warning: ",
        "unknown front matter key `wieght`",
    );
    assert!(!stderr.contains("error:"), "{stderr}");
    assert!(
        stderr.contains(&format!("{line}\n  hint: did you mean `weight`?")),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("(1 warning)"));
    assert!(root.join("public/bai.html").is_file());
    assert_no_staging_left(root);

    // `check --strict` makes the warning an error.
    let output = run(root, &["check", "--strict"]);
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_diagnostic(
        &stderr,
        "content/bai.md:3:1: error: ",
        "unknown front matter key `wieght`",
    );
}

#[test]
fn link_to_a_missing_page() {
    let (site, before) = built_site();
    let root = site.path();
    edit(
        root,
        "content/bai.md",
        "(khac.md#noi-dung)",
        "(khong-co.md)",
    );
    let stderr = build_fails(root, &before);
    assert_diagnostic(
        &stderr,
        "content/bai.md:8:5: error: ",
        "content/khong-co.md",
    );
}

#[test]
fn link_to_a_missing_heading_of_an_existing_page() {
    let (site, before) = built_site();
    let root = site.path();
    edit(
        root,
        "content/khac.md",
        "(bai.md#mo-dau)",
        "(bai.md#missing-heading)",
    );
    let stderr = build_fails(root, &before);
    assert_diagnostic(&stderr, "content/khac.md:8:10: error: ", "missing-heading");
}

/// A page with more headings than the check looks through one by one
/// (it makes a set of them): a link to one of them passes, a misspelt one
/// is the only error, with a suggestion.
#[test]
fn link_to_a_missing_heading_of_a_page_with_many_headings() {
    let (site, before) = built_site();
    let root = site.path();
    let path = root.join("content/bai.md");
    let mut text = std::fs::read_to_string(&path).unwrap();
    for i in 1..=40 {
        text.push_str(&format!("\n## Phần số {i}\n\nNội dung phần {i}.\n"));
    }
    std::fs::write(&path, text).unwrap();
    edit(
        root,
        "content/khac.md",
        "(bai.md#mo-dau)",
        "(bai.md#phan-so-39), [phần 40](bai.md#phan-so-4o)",
    );
    let stderr = build_fails(root, &before);
    let line = assert_diagnostic(&stderr, "content/khac.md:8:", "`phan-so-4o`");
    assert!(line.contains("error: "), "{line}");
    assert!(stderr.contains("did you mean `#phan-so-"), "{stderr}");
}

#[test]
fn missing_image() {
    let (site, before) = built_site();
    let root = site.path();
    std::fs::remove_file(root.join("content/anh.png")).unwrap();
    let stderr = build_fails(root, &before);
    assert_diagnostic(&stderr, "content/bai.md:10:1: error: ", "anh.png");
}

#[test]
fn template_syntax_error_in_a_site_override() {
    let (site, before) = built_site();
    let root = site.path();
    std::fs::create_dir(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/page.html"),
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }</h1>\n{% endblock main %}\n",
    )
    .unwrap();
    let stderr = build_fails(root, &before);
    assert_diagnostic(&stderr, "templates/page.html:3:", "template syntax error");
    assert!(
        stderr.contains("templates/page.html:3:19: error: "),
        "the column of the stray `}}`: {stderr}"
    );
}

#[test]
fn unreadable_files() {
    let (site, before) = built_site();
    let root = site.path();

    // A symbolic link to nothing.
    std::os::unix::fs::symlink("nowhere.md", root.join("content/broken.md")).unwrap();
    let stderr = build_fails(root, &before);
    assert_diagnostic(&stderr, "content/broken.md: error: ", "cannot read");
    std::fs::remove_file(root.join("content/broken.md")).unwrap();

    // A file without read permission. Root may read anything, and CI runs
    // the tests as root: there the build runs as `nobody`, on the site made
    // nobody's (so only that file is unreadable).
    use std::os::unix::fs::PermissionsExt;
    let file = root.join("content/khac.md");
    if is_root() {
        give_to_nobody(root);
    }
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    let stderr = if is_root() {
        build_fails_as_nobody(root, &before)
    } else {
        build_fails(root, &before)
    };
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_diagnostic(&stderr, "content/khac.md: error: ", "cannot read");
}

/// The uid and gid of `nobody` (`nogroup`).
fn nobody() -> (u32, u32) {
    let id = |args: &[&str]| -> u32 {
        let out = std::process::Command::new("id")
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
    };
    (id(&["-u", "nobody"]), id(&["-g", "nobody"]))
}

/// Makes `nobody` the owner of everything under `root` (which it may then enter and write).
fn give_to_nobody(root: &Path) {
    let (uid, gid) = nobody();
    let mut stack = vec![root.to_path_buf()];
    while let Some(p) = stack.pop() {
        std::os::unix::fs::lchown(&p, Some(uid), Some(gid)).unwrap();
        if std::fs::symlink_metadata(&p).unwrap().is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        }
    }
}

/// [`build_fails`], with the build run as `nobody` (setpriv drops root's
/// privileges, so file permissions apply). Fails when setpriv is missing:
/// the case must not pass unseen.
fn build_fails_as_nobody(root: &Path, before: &Snapshot) -> String {
    let (uid, gid) = nobody();
    // A copy of the binary that nobody may run: the clone may sit in a
    // folder only root can enter (/root).
    use std::os::unix::fs::PermissionsExt;
    let bin_dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(bin_dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = bin_dir.path().join("baihoc");
    std::fs::copy(assert_cmd::cargo::cargo_bin("baihoc"), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let output = std::process::Command::new("setpriv")
        .arg(format!("--reuid={uid}"))
        .arg(format!("--regid={gid}"))
        .arg("--clear-groups")
        .arg("--")
        .arg(&bin)
        .arg("--root")
        .arg(root)
        .arg("build")
        .output()
        .expect("setpriv (util-linux) runs the build as nobody");
    let stderr = stderr_of(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "exit code; stderr:\n{stderr}"
    );
    assert_public_unchanged(root, before);
    assert_no_staging_left(root);
    stderr
}

#[test]
fn invalid_utf8_in_markdown() {
    let (site, before) = built_site();
    let root = site.path();
    let path = root.join("content/khac.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find("[bài chính]").unwrap();
    let mut bytes = text.as_bytes().to_vec();
    // Line 8 is "Quay lại [bài chính](...)": the bad byte is its 10th character.
    bytes.insert(at, 0xff);
    std::fs::write(&path, bytes).unwrap();
    let stderr = build_fails(root, &before);
    assert_diagnostic(&stderr, "content/khac.md:8:10: error: ", "UTF-8");
}

#[test]
fn check_writes_nothing() {
    // A site that was never built: check creates no public/.
    let site = fixture("errors");
    let root = site.path();
    let before = snapshot(root);
    let output = run(root, &["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("Checked:"));
    assert!(!root.join("public").exists());
    assert_eq!(snapshot(root), before, "check changed the site folder");

    // The library says the same and names no output folder.
    let summary = baihoc::check(&baihoc::BuildOptions::new(root))
        .unwrap_or_else(|f| panic!("{}", describe(&f)));
    assert!(summary.out.is_none());
    assert_eq!(summary.pages, 2);
    assert!(!root.join("public").exists());

    // With a previous build, check leaves public/ as it was, even on errors.
    let (site, before) = built_site();
    let root = site.path();
    edit(root, "content/khac.md", "Quay lại", "Trở lại");
    let output = run(root, &["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_public_unchanged(root, &before);
    edit(
        root,
        "content/khac.md",
        "(bai.md#mo-dau)",
        "(bai.md#khong-co)",
    );
    let output = run(root, &["check"]);
    assert_eq!(output.status.code(), Some(1));
    assert_public_unchanged(root, &before);
    assert_no_staging_left(root);
}

/// Running out of memory ends the build with a message and exit code 3, not
/// an abort with a backtrace, and the previous output stays as it was; the
/// next build (with memory) removes the staging folder it left.
#[test]
fn running_out_of_memory_is_an_error_and_the_output_survives() {
    let (site, before) = built_site();
    let root = site.path();
    // One 6 MB lesson: far more than the 60 MB of address space allowed below.
    let mut big = String::from("---\ntitle: \"Bài rất dài\"\n---\n");
    for i in 0..60_000 {
        big.push_str(&format!(
            "Dòng {i} với [liên kết](#a{i}) và **chữ đậm** cùng chữ thường cho đủ dài.\n\n"
        ));
    }
    std::fs::write(root.join("content/rat-dai.md"), big).unwrap();
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 60000 && exec \"$0\" --root \"$1\" build")
        .arg(assert_cmd::cargo::cargo_bin("baihoc"))
        .arg(root)
        .output()
        .unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(
        output.status.code(),
        Some(3),
        "exit code; stderr:\n{stderr}"
    );
    assert!(
        stderr.starts_with("error: the computer ran out of memory while building"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"));
    assert_public_unchanged(root, &before);
    // With memory again, the next build cleans up after it. It removes only
    // staging folders last changed more than 2 s before it started (a build
    // starting at the same moment may not have locked its own yet), so wait
    // longer than that: how long the failed build ran must not matter.
    std::fs::remove_file(root.join("content/rat-dai.md")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let again = run(root, &["build"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr_of(&again));
    assert_no_staging_left(root);
}
