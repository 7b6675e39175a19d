//! The output folder never costs anyone a file: `--out` paths with `..` are
//! resolved before they are checked, an output inside the folders the build
//! reads is refused, staging folders left by a killed build are cleaned up,
//! and a previous output left aside by a crash is put back. Every test
//! hashes the site and a decoy folder beside it before and after.

mod common;

use common::{snapshot, write};
use std::path::Path;
use std::process::Output;

/// A site in `tmp/site`, with a decoy folder `tmp/v` that is nobody's output.
fn setup() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(&root, "site.yaml", "title: \"Khóa học\"\n");
    write(
        &root,
        "content/_index.md",
        "---\ntitle: \"Trang chủ\"\n---\nXin chào.\n",
    );
    write(
        &root,
        "content/phan/bai.md",
        "---\ntitle: \"Bài\"\n---\nNội dung.\n",
    );
    write(&root, "static/ghi-chu.txt", "tệp tĩnh");
    write(tmp.path(), "v/bai-tap.txt", "bài tập của học sinh");
    tmp
}

fn run_in(dir: &Path, root: &str, args: &[&str]) -> Output {
    assert_cmd::Command::cargo_bin("baihoc")
        .unwrap()
        .current_dir(dir)
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn dot_dot_after_a_missing_folder_cannot_reach_a_real_one() {
    let tmp = setup();
    let base = tmp.path();
    let before = snapshot(base);
    for (cwd, out) in [
        // /tmp/x/nx/../v: the user's folder v.
        (
            base.to_path_buf(),
            base.join("nx/../v").to_string_lossy().into_owned(),
        ),
        // From the site: nx/../content is content/.
        (base.join("site"), "nx/../content".to_string()),
        // From the site: ../nx/../site is the site itself.
        (base.join("site"), "../nx/../site".to_string()),
    ] {
        let o = run_in(
            &cwd,
            &base.join("site").to_string_lossy(),
            &["build", "--out", &out],
        );
        assert_eq!(o.status.code(), Some(1), "--out {out}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("refusing to write the site into"),
            "{}",
            stderr(&o)
        );
        assert!(
            !base.join("nx").exists() && !base.join("site/nx").exists(),
            "nx was created"
        );
        assert_eq!(snapshot(base), before, "--out {out} changed a file");
    }
    // A missing folder in the middle is fine when the result is new.
    let o = run_in(base, "site", &["build", "--out", "nx/../www"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(base.join("www/phan/bai.html").is_file());
    assert!(!base.join("nx").exists());
}

#[test]
fn an_output_inside_a_folder_the_build_reads_is_refused() {
    let tmp = setup();
    let root = tmp.path().join("site");
    let before = snapshot(tmp.path());
    for dir in [
        "static/out",
        "templates/out",
        "themes/out",
        "i18n/out",
        "data/out",
        "content/out",
    ] {
        let o = run_in(
            tmp.path(),
            "site",
            &["build", "--out", &format!("site/{dir}")],
        );
        assert_eq!(o.status.code(), Some(1), "{dir}: {}", stderr(&o));
        let top = dir.split('/').next().unwrap();
        assert!(
            stderr(&o).contains(&format!("it is inside {top}/, which the build reads")),
            "{}",
            stderr(&o)
        );
        assert!(!root.join(dir).exists());
    }
    assert_eq!(snapshot(tmp.path()), before);
}

#[test]
fn staging_folders_left_by_a_killed_build_are_removed_and_others_kept() {
    let tmp = setup();
    let root = tmp.path().join("site");
    // What a killed build leaves: a marked staging folder, long untouched.
    let stale = root.join(".baihoc-build-Killed1");
    write(&stale, ".baihoc-staging", "");
    write(&stale, "index.html", "nửa chừng");
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    // A folder with the same prefix that baihoc did not mark is left alone.
    let foreign = root.join(".baihoc-build-notmine");
    write(&foreign, "ghi-chu.txt", "của người khác");
    std::fs::File::open(&foreign)
        .unwrap()
        .set_modified(old)
        .unwrap();

    let o = run_in(tmp.path(), "site", &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        !stale.exists(),
        "the killed build's staging folder is removed"
    );
    assert_eq!(
        std::fs::read_to_string(foreign.join("ghi-chu.txt")).unwrap(),
        "của người khác"
    );
    let left: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".baihoc"))
        .collect();
    assert_eq!(left, vec![".baihoc-build-notmine".to_string()]);
}

#[test]
fn an_output_left_aside_by_a_crash_is_put_back_even_if_the_build_fails() {
    let tmp = setup();
    let root = tmp.path().join("site");
    let o = run_in(tmp.path(), "site", &["build"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let published = snapshot(&root.join("public"));
    // A crash between the two renames of a non-atomic swap: public/ is aside.
    let aside = root.join(".baihoc-old-public-Crash1");
    std::fs::create_dir(&aside).unwrap();
    std::fs::rename(root.join("public"), aside.join("previous")).unwrap();
    // The next build fails, but puts the previous output back first.
    write(&root, "content/phan/hong.md", "---\ntitle: \"Hỏng\n---\n");
    let o = run_in(tmp.path(), "site", &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(snapshot(&root.join("public")), published);
    assert!(!aside.exists());
}
