//! Builds never destroy someone's work and never publish what was meant to
//! stay hidden: the output folder is only replaced when baihoc wrote it (or
//! it is empty), generated files cannot silently replace a lesson, drafts
//! keep their files, `new` stays inside content/, and mistakes that would
//! pass silently (template variables, missing alt text, remote files,
//! links to .html) are reported with their place.

mod common;

use common::write;
use std::path::Path;
use tempfile::TempDir;

fn site() -> TempDir {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "site.yaml", "title: \"Khóa học\"\n");
    write(
        tmp.path(),
        "content/_index.md",
        "---\ntitle: \"Trang chủ\"\n---\nXin chào.\n",
    );
    write(
        tmp.path(),
        "content/phan/bai.md",
        "---\ntitle: \"Bài\"\n---\n## Mở đầu\n\nNội dung.\n",
    );
    tmp
}

fn baihoc(root: &Path, args: &[&str]) -> (i32, String) {
    let out = assert_cmd::Command::cargo_bin("baihoc")
        .unwrap()
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_folder_baihoc_did_not_write_is_never_replaced() {
    let site = site();
    let root = site.path();
    write(root, "data/notes.txt", "ghi chép của cô giáo");
    write(root, ".git/HEAD", "ref: refs/heads/main\n");
    for target in ["data", ".git"] {
        let before = common::snapshot(&root.join(target));
        let (code, stderr) = baihoc(
            root,
            &["build", "--out", &root.join(target).to_string_lossy()],
        );
        assert_eq!(code, 1, "{stderr}");
        assert!(
            stderr.contains("refusing to write the site into"),
            "{stderr}"
        );
        let why = match target {
            // data/ is read by the build: refused before its contents are even looked at.
            "data" => "it is inside data/, which the build reads",
            _ => "not written by baihoc",
        };
        assert!(stderr.contains(why), "{stderr}");
        assert!(stderr.contains("hint:"), "{stderr}");
        assert_eq!(
            common::snapshot(&root.join(target)),
            before,
            "{target} changed"
        );
    }
    for target in [root.to_path_buf(), root.join("content/phan")] {
        let (code, stderr) = baihoc(root, &["build", "--out", &target.to_string_lossy()]);
        assert_eq!(code, 1, "{stderr}");
        assert!(
            stderr.contains("refusing to write the site into"),
            "{stderr}"
        );
    }
    assert!(root.join("content/phan/bai.md").is_file());
}

#[test]
fn an_empty_folder_or_an_earlier_output_is_replaced() {
    let site = site();
    let root = site.path();
    std::fs::create_dir_all(root.join("www")).unwrap();
    let (code, stderr) = baihoc(
        root,
        &["build", "--out", &root.join("www").to_string_lossy()],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(root.join("www/.baihoc-output").is_file());
    write(
        root,
        "content/phan/hai.md",
        "---\ntitle: \"Bài hai\"\n---\n",
    );
    let (code, stderr) = baihoc(
        root,
        &["build", "--out", &root.join("www").to_string_lossy()],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(root.join("www/phan/hai.html").is_file());
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_is_refused_and_its_target_kept() {
    let site = site();
    let root = site.path();
    let elsewhere = tempfile::tempdir().unwrap();
    write(elsewhere.path(), "important.txt", "không được xoá");
    std::os::unix::fs::symlink(elsewhere.path(), root.join("public")).unwrap();
    let (code, stderr) = baihoc(root, &["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("symbolic link"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(elsewhere.path().join("important.txt")).unwrap(),
        "không được xoá"
    );
    assert!(
        std::fs::symlink_metadata(root.join("public"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_lesson_cannot_take_the_place_of_a_generated_file() {
    let site = site();
    let root = site.path();
    write(
        root,
        "data/sources.yaml",
        "- id: a\n  name: A\n  status: in-force\n",
    );
    write(
        root,
        "content/can-cu.md",
        "---\ntitle: \"Căn cứ\"\nreviewed: 2026-01-01\nsources: [a]\n---\n",
    );
    write(
        root,
        "content/offline.md",
        "---\ntitle: \"Ngoại tuyến\"\n---\n",
    );
    let f = baihoc::build(&baihoc::BuildOptions::new(root)).unwrap_err();
    let errors: Vec<String> = f.errors().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().any(|e| e.starts_with("content/can-cu.md: error: `content/can-cu.md` would be written to `can-cu.html`, where baihoc writes the documents page")), "{errors:?}");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("`offline.html`, where baihoc writes the offline page")),
        "{errors:?}"
    );
    assert!(!root.join("public").exists());
}

#[test]
fn two_files_with_the_same_slug_are_an_error() {
    let site = site();
    write(
        site.path(),
        "content/phan/Bài.md",
        "---\ntitle: \"Bài có dấu\"\n---\n",
    );
    let f = baihoc::build(&baihoc::BuildOptions::new(site.path())).unwrap_err();
    let e = f.diagnostics[0].to_string();
    assert!(
        e.contains("would both be written to `phan/bai.html`"),
        "{e}"
    );
}

#[test]
fn files_of_a_draft_section_are_not_published() {
    let site = site();
    let root = site.path();
    write(
        root,
        "content/bi-mat/_index.md",
        "---\ntitle: \"Bí mật\"\ndraft: true\n---\n",
    );
    write(
        root,
        "content/bi-mat/de-thi.md",
        "---\ntitle: \"Đề thi\"\n---\n![Đáp án](dap-an.png)\n",
    );
    write(root, "content/bi-mat/dap-an.png", "png");
    common::build(root);
    let out = root.join("public");
    assert!(
        !out.join("bi-mat").exists(),
        "{:?}",
        common::files_under(&out)
    );
    let sw = std::fs::read_to_string(out.join("sw.js")).unwrap();
    assert!(
        !sw.contains("bi-mat"),
        "the service worker must not store drafts"
    );
    let opts = baihoc::BuildOptions {
        drafts: true,
        ..baihoc::BuildOptions::new(root)
    };
    common::build_with(&opts);
    assert!(out.join("bi-mat/dap-an.png").is_file());
}

#[test]
fn the_home_page_cannot_be_a_draft() {
    let site = site();
    write(
        site.path(),
        "content/_index.md",
        "---\ntitle: \"Trang chủ\"\ndraft: true\n---\n",
    );
    let summary = common::build_with(&baihoc::BuildOptions::new(site.path()));
    assert_eq!(summary.pages, 1, "the lesson is still published");
    let w: Vec<String> = summary.warnings.iter().map(ToString::to_string).collect();
    assert!(w.iter().any(|w| w.starts_with("content/_index.md:3: warning: the home page cannot be a draft")), "{w:?}");
}

#[test]
fn new_stays_inside_content() {
    let site = site();
    let root = site.path();
    let (code, stderr) = baihoc(root, &["new", "lesson", "Thoát ra", "--section", "../.."]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("--section must be a folder inside content/"),
        "{stderr}"
    );
    let (code, stderr) = baihoc(root, &["new", "section", "An toàn"]);
    assert_eq!(code, 0, "{stderr}");
    let index = std::fs::read_to_string(root.join("content/an-toan/_index.md")).unwrap();
    assert!(index.starts_with("---\ntitle: \"An toàn\"\n"), "{index}");
    let (code, stderr) = baihoc(root, &["new", "lesson", "Bước đầu", "--section", "an-toan"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(root.join("content/an-toan/buoc-dau.md").is_file());
}

#[test]
fn a_template_variable_that_does_not_exist_is_an_error_with_its_line() {
    let site = site();
    write(
        site.path(),
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }}</h1>\n<p>{{ khong_co }}</p>\n{% endblock main %}\n",
    );
    let (code, stderr) = baihoc(site.path(), &["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("templates/page.html:4:"), "{stderr}");
    assert!(stderr.contains("khong_co"), "{stderr}");
    assert!(
        stderr.contains("content/phan/bai.md"),
        "names the page being rendered: {stderr}"
    );
    assert!(!site.path().join("public").exists());
}

#[test]
fn content_mistakes_that_would_pass_silently_are_reported() {
    let site = site();
    write(
        site.path(),
        "content/phan/bai.md",
        "---\ntitle: \"Bài\"\n---\n![](anh.png)\n\n![Ảnh](https://example.com/x.png)\n\n> [!CANHBAO]\n> Cẩn thận\n",
    );
    write(site.path(), "content/phan/anh.png", "png");
    let summary = common::build_with(&baihoc::BuildOptions::new(site.path()));
    // Two pictures do not fit on one slide either: that warning is tested in tests/deck.rs.
    let w: Vec<String> = summary
        .warnings
        .iter()
        .filter(|w| w.code() != Some("slide-too-long"))
        .map(ToString::to_string)
        .collect();
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(
        w[0].starts_with("content/phan/bai.md:4:1: warning: image without alt text"),
        "{w:?}"
    );
    assert!(w[1].starts_with("content/phan/bai.md:6:1: warning: the page loads `https://example.com/x.png` from another site"), "{w:?}");
    assert!(
        w[2].starts_with("content/phan/bai.md:8:1: warning: unknown callout `[!CANHBAO]`"),
        "{w:?}"
    );
}

#[test]
fn a_link_to_the_html_page_suggests_the_markdown_file() {
    let site = site();
    write(
        site.path(),
        "content/phan/hai.md",
        "---\ntitle: \"Hai\"\n---\nXem [bài](bai.html).\n",
    );
    let f = baihoc::build(&baihoc::BuildOptions::new(site.path())).unwrap_err();
    let e = f.diagnostics[0].to_string();
    assert!(
        e.starts_with("content/phan/hai.md:4:5: error: missing file: `bai.html`"),
        "{e}"
    );
    assert!(
        e.contains("hint: link to the lesson's Markdown file instead: content/phan/bai.md"),
        "{e}"
    );
}

#[test]
fn pages_may_link_to_the_documents_page() {
    let site = site();
    write(
        site.path(),
        "data/sources.yaml",
        "- id: a\n  name: A\n  status: in-force\n",
    );
    write(
        site.path(),
        "content/phan/bai.md",
        "---\ntitle: \"Bài\"\nreviewed: 2026-01-01\nsources: [a]\n---\nXem [các văn bản](../can-cu.html).\n",
    );
    let out = common::build(site.path());
    let html = std::fs::read_to_string(out.join("phan/bai.html")).unwrap();
    assert!(
        html.contains("<a href=\"../can-cu.html\">các văn bản</a>"),
        "{html}"
    );
}

#[test]
fn an_absurd_review_age_is_an_error_not_a_crash() {
    let site = site();
    write(
        site.path(),
        "site.yaml",
        "title: \"Khóa học\"\nreview:\n  max_age_months: 99999\n",
    );
    let (code, stderr) = baihoc(site.path(), &["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr
            .starts_with("site.yaml:3: error: `review.max_age_months` must be between 1 and 1200"),
        "{stderr}"
    );
}
