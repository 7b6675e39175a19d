//! The sources registry and the freshness checks: pages cite documents of
//! data/sources.yaml, a replaced document must be acknowledged, every page
//! cites sources and has a recent `reviewed:` date, strict mode turns these
//! warnings into errors, and the build renders a "Căn cứ" box on each page
//! and a page listing every document with the pages that cite it.

mod common;

use baihoc::{BuildOptions, date::Date};
use common::{broken_internal_links, write};
use std::path::Path;
use tempfile::TempDir;

const REGISTRY: &str = r#"
- id: nd-59-2022
  name: "Quy định về định danh và xác thực điện tử"
  number: "59/2022/NĐ-CP"
  date: 2022-09-05
  issuer: "Chính phủ"
  kind: decree
  status: replaced
  replaced_by: nd-69-2024
- id: nd-69-2024
  name: "Quy định về định danh và xác thực điện tử"
  number: "69/2024/NĐ-CP"
  date: 2024-06-25
  issuer: "Chính phủ"
  kind: decree
  status: in-force
  in_force_from: 2024-07-01
- id: cv-6129-2023
  name: "Tăng cường tuyên truyền định danh điện tử mức 2"
  number: "6129/SGDĐT-VP"
  date: 2023-10-24
  issuer: "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh"
  kind: circular
  status: expired
  note: "Đợt tuyên truyền năm 2023 đã kết thúc."
- id: khong-ai-trich
  name: "Một văn bản chưa ai trích"
  status: in-force
"#;

/// The day these tests pretend it is: they never depend on the real date.
const TODAY: &str = "2026-11-30";

fn today() -> String {
    TODAY.to_string()
}

fn opts(root: &Path) -> BuildOptions {
    BuildOptions {
        today: Date::parse(TODAY),
        ..BuildOptions::new(root)
    }
}

/// A site with a registry; every page cites sources and was reviewed today.
fn site() -> TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "site.yaml", "title: \"Khoá học\"\n");
    write(root, "data/sources.yaml", REGISTRY);
    write(
        root,
        "content/_index.md",
        &format!(
            "---\ntitle: \"Trang chủ\"\nreviewed: {}\nsources: [nd-69-2024]\n---\nXin chào.\n",
            today()
        ),
    );
    write(
        root,
        "content/phan/_index.md",
        &format!(
            "---\ntitle: \"Phần một\"\nreviewed: {}\nsources: [cv-6129-2023]\n---\n",
            today()
        ),
    );
    write(
        root,
        "content/phan/loi-ich.md",
        &format!(
            "---\ntitle: \"Lợi ích\"\nreviewed: {}\nsources:\n  - nd-59-2022\n  - nd-69-2024\n---\nTheo Nghị định 59/2022/NĐ-CP, nay là 69/2024/NĐ-CP.\n",
            today()
        ),
    );
    tmp
}

fn build(root: &Path) -> Result<baihoc::Summary, baihoc::Failure> {
    baihoc::build(&opts(root))
}

fn messages(ds: &[baihoc::diagnostics::Diagnostic]) -> Vec<String> {
    ds.iter().map(ToString::to_string).collect()
}

#[test]
fn a_clean_site_has_no_warnings_and_renders_the_sources_box() {
    let site = site();
    let summary = build(site.path()).unwrap_or_else(|f| panic!("{:?}", messages(&f.diagnostics)));
    assert_eq!(messages(&summary.warnings), Vec::<String>::new());
    let html = std::fs::read_to_string(site.path().join("public/phan/loi-ich.html")).unwrap();
    let sources = &html[html.find("class=\"sources\"").expect("sources box")..];
    assert!(
        sources.contains("<h2 id=\"baihoc-sources-title\">Căn cứ</h2>"),
        "{sources}"
    );
    assert!(sources.contains("59/2022/NĐ-CP: Quy định về định danh và xác thực điện tử"));
    assert!(
        sources.contains("Đã được thay thế bởi 69/2024/NĐ-CP"),
        "{sources}"
    );
    assert!(sources.contains("69/2024/NĐ-CP: Quy định"));
    assert!(sources.contains("Đang có hiệu lực"));
    assert!(sources.contains("Chính phủ, ngày 05/09/2022"), "{sources}");
    assert!(sources.contains("href=\"../can-cu.html\""), "{sources}");
    let section = std::fs::read_to_string(site.path().join("public/phan/index.html")).unwrap();
    assert!(
        section.contains("Đã hết hiệu lực hoặc hết thời hạn"),
        "{section}"
    );
    assert!(section.contains("Đợt tuyên truyền năm 2023 đã kết thúc."));
}

#[test]
fn the_documents_page_lists_every_document_with_status_and_citing_pages() {
    let site = site();
    build(site.path()).unwrap_or_else(|f| panic!("{:?}", messages(&f.diagnostics)));
    let out = site.path().join("public");
    let page = std::fs::read_to_string(out.join("can-cu.html")).unwrap();
    let item = |id: &str| -> String {
        let start = page
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("{id} listed"));
        let rest = &page[start..];
        rest[..rest.find("</li>\n").unwrap_or(rest.len())].to_string()
    };
    let nd59 = item("nd-59-2022");
    assert!(
        nd59.contains("Đã được thay thế bởi 69/2024/NĐ-CP"),
        "{nd59}"
    );
    assert!(
        nd59.contains("<a href=\"phan/loi-ich.html\">Bài 1: Lợi ích</a>"),
        "{nd59}"
    );
    let nd69 = item("nd-69-2024");
    assert!(
        nd69.contains("<a href=\"index.html\">Trang chủ</a>"),
        "{nd69}"
    );
    assert!(
        nd69.contains("<a href=\"phan/loi-ich.html\">Bài 1: Lợi ích</a>"),
        "{nd69}"
    );
    let cv = item("cv-6129-2023");
    assert!(
        cv.contains("<a href=\"phan/index.html\">Phần một</a>"),
        "{cv}"
    );
    assert!(item("khong-ai-trich").contains("Chưa có bài nào trích dẫn."));
    // In force before replaced: the decree in force is listed first.
    assert!(page.find("id=\"nd-69-2024\"") < page.find("id=\"nd-59-2022\""));
    assert_eq!(broken_internal_links(&out), Vec::<String>::new());
    // Every page links to it.
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("href=\"can-cu.html\""));
}

#[test]
fn citing_a_replaced_document_without_acknowledging_it_warns() {
    let site = site();
    write(
        site.path(),
        "content/phan/loi-ich.md",
        &format!(
            "---\ntitle: \"Lợi ích\"\nreviewed: {}\nsources:\n  - nd-59-2022\n---\nTheo Nghị định 59.\n",
            today()
        ),
    );
    let summary = build(site.path()).unwrap_or_else(|f| panic!("{:?}", messages(&f.diagnostics)));
    let warnings = messages(&summary.warnings);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("content/phan/loi-ich.md:5: warning: cites `nd-59-2022`, which was replaced by `nd-69-2024` (69/2024/NĐ-CP)"),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[0].contains("hint: add `nd-69-2024` to `sources:`"),
        "{}",
        warnings[0]
    );

    // Naming the new decree's number in the text is an acknowledgement too.
    write(
        site.path(),
        "content/phan/loi-ich.md",
        &format!(
            "---\ntitle: \"Lợi ích\"\nreviewed: {}\nsources: [nd-59-2022]\n---\nNay đã được thay bằng Nghị định 69/2024/NĐ-CP.\n",
            today()
        ),
    );
    let summary = build(site.path()).unwrap();
    assert_eq!(messages(&summary.warnings), Vec::<String>::new());
}

#[test]
fn strict_mode_turns_the_warning_into_a_failure_and_writes_nothing() {
    let site = site();
    build(site.path()).unwrap();
    let before = common::snapshot(&site.path().join("public"));
    write(
        site.path(),
        "content/phan/loi-ich.md",
        &format!(
            "---\ntitle: \"Lợi ích\"\nreviewed: {}\nsources: [nd-59-2022]\n---\nTheo Nghị định 59.\n",
            today()
        ),
    );
    let run = |args: &[&str]| {
        assert_cmd::Command::cargo_bin("baihoc")
            .unwrap()
            .arg("--root")
            .arg(site.path())
            .args(args)
            .output()
            .unwrap()
    };
    let relaxed = run(&["check", "--today", TODAY]);
    assert_eq!(relaxed.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&relaxed.stderr).contains("warning: cites `nd-59-2022`"));
    let strict = run(&["check", "--strict", "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert_eq!(strict.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("content/phan/loi-ich.md:4: error: cites `nd-59-2022`"),
        "{stderr}"
    );
    assert_eq!(common::snapshot(&site.path().join("public")), before);
}

#[test]
fn pages_without_sources_or_review_date_warn() {
    let site = site();
    write(
        site.path(),
        "content/phan/moi.md",
        "---\ntitle: \"Bài mới\"\n---\nChưa có nguồn.\n",
    );
    let summary = build(site.path()).unwrap();
    let warnings = messages(&summary.warnings);
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("content/phan/moi.md:1: warning: the page cites no sources")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.starts_with("content/phan/moi.md:2: warning: the page does not say when its facts were last reviewed")),
        "{warnings:?}"
    );
}

#[test]
fn an_old_review_warns_and_the_age_is_configurable() {
    let site = site();
    write(
        site.path(),
        "content/phan/cu.md",
        "---\ntitle: \"Bài cũ\"\nreviewed: 2023-01-15\nsources: [nd-69-2024]\n---\nNội dung.\n",
    );
    let summary = build(site.path()).unwrap();
    let warnings = messages(&summary.warnings);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("content/phan/cu.md:3: warning: facts last reviewed on 2023-01-15, more than 12 months ago"),
        "{}",
        warnings[0]
    );
    write(
        site.path(),
        "site.yaml",
        "title: \"Khoá học\"\nreview:\n  max_age_months: 1200\n",
    );
    let summary = build(site.path()).unwrap();
    assert_eq!(messages(&summary.warnings), Vec::<String>::new());
}

#[test]
fn an_unknown_source_id_is_an_error_at_its_line() {
    let site = site();
    write(
        site.path(),
        "content/phan/sai.md",
        &format!(
            "---\ntitle: \"Sai\"\nreviewed: {}\nsources:\n  - nd-69-2024\n  - nd-13-2099\n---\n",
            today()
        ),
    );
    let f = build(site.path()).unwrap_err();
    let errors: Vec<String> = f.errors().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(
            "content/phan/sai.md:6: error: cites `nd-13-2099`, which is not in the sources registry"
        ),
        "{}",
        errors[0]
    );
    assert!(!site.path().join("public").exists());
}

#[test]
fn a_site_without_a_registry_is_not_asked_for_sources() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "site.yaml", "title: \"Khoá học\"\n");
    write(
        tmp.path(),
        "content/_index.md",
        "---\ntitle: \"Trang chủ\"\n---\n",
    );
    write(
        tmp.path(),
        "content/bai.md",
        "---\ntitle: \"Bài\"\n---\nNội dung.\n",
    );
    let summary = build(tmp.path()).unwrap();
    assert_eq!(messages(&summary.warnings), Vec::<String>::new());
    assert!(!tmp.path().join("public/can-cu.html").exists());
    let html = std::fs::read_to_string(tmp.path().join("public/bai.html")).unwrap();
    assert!(!html.contains("can-cu.html"));
}

#[test]
fn the_bundled_course_passes_strict_check() {
    let site = common::bundled_course("");
    let output = assert_cmd::Command::cargo_bin("baihoc")
        .unwrap()
        .arg("--root")
        .arg(site.path())
        .args(["check", "--strict", "--today", TODAY])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "", "no warnings in strict mode");
}
