//! Navigation stays bounded at any size: a lesson lists only the lessons
//! around it, a long section's list goes on over numbered pages, the home
//! page shows the first lessons of each section; so a page's size does not
//! grow with the size of its section.

mod common;

use baihoc::{BuildOptions, build_in_memory};
use common::write;
use std::path::Path;

/// A site with one section `phan/` of `n` lessons (and a short one).
fn site(n: usize) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "site.yaml", "title: \"Khoá học\"\n");
    write(
        root,
        "content/_index.md",
        "---\ntitle: \"Trang chủ\"\n---\n",
    );
    write(
        root,
        "content/phan/_index.md",
        "---\ntitle: \"Phần dài\"\nweight: 1\n---\n",
    );
    for i in 1..=n {
        write(
            root,
            &format!("content/phan/bai-{i:05}.md"),
            &format!("---\ntitle: \"Bài học số {i}\"\nweight: {i}\n---\nNội dung {i}.\n"),
        );
    }
    write(
        root,
        "content/ngan/_index.md",
        "---\ntitle: \"Phần ngắn\"\nweight: 2\n---\n",
    );
    write(
        root,
        "content/ngan/mot.md",
        "---\ntitle: \"Một\"\n---\nA.\n",
    );
    tmp
}

fn page(built: &baihoc::Built, path: &str) -> String {
    String::from_utf8(built.files()[path].clone()).unwrap_or_else(|_| panic!("{path}"))
}

/// The entries of the first `<ol>` after `marker`.
fn list_after(html: &str, marker: &str) -> Vec<String> {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in page"));
    let rest = &html[start..];
    let end = rest.find("</ol>").unwrap();
    rest[..end]
        .split("<li>")
        .skip(1)
        .map(|li| {
            let text = li.split('>').nth(1).unwrap_or("");
            text.split('<').next().unwrap_or("").to_string()
        })
        .collect()
}

#[test]
fn a_long_section_is_listed_in_parts_and_around_each_lesson() {
    let site = site(120);
    let opts = BuildOptions::new(site.path());
    let built = build_in_memory(&opts).unwrap_or_else(|f| panic!("{}", common::describe(&f)));

    // A lesson in the middle lists 5 lessons before and after it, and links to all.
    let mid = page(&built, "phan/bai-00060.html");
    let nav = list_after(&mid, "<nav class=\"section-nav\"");
    assert_eq!(nav.len(), 11, "{nav:?}");
    assert_eq!(nav[0], "Bài học số 55");
    assert_eq!(nav[5], "Bài học số 60");
    assert!(
        mid.contains("start=\"55\""),
        "numbers continue from the window"
    );
    assert!(mid.contains("(120)</a>"), "a link to the whole section");
    // At the start of the section, the window does not go below the first lesson.
    let first = list_after(
        &page(&built, "phan/bai-00001.html"),
        "<nav class=\"section-nav\"",
    );
    assert_eq!(first.first().map(String::as_str), Some("Bài học số 1"));
    assert_eq!(first.len(), 11);

    // The section's page lists 50 lessons a page, over three pages linked together.
    let parts = ["phan/index.html", "phan/index-2.html", "phan/index-3.html"];
    let sizes: Vec<usize> = parts
        .iter()
        .map(|p| list_after(&page(&built, p), "<ol class=\"lesson-list").len())
        .collect();
    assert_eq!(sizes, vec![50, 50, 20]);
    let second = page(&built, "phan/index-2.html");
    assert!(
        second.contains("href=\"index.html\" rel=\"prev\""),
        "{second}"
    );
    assert!(second.contains("href=\"index-3.html\" rel=\"next\""));
    assert!(second.contains("start=\"51\""));
    assert!(!built.files().contains_key("phan/index-4.html"));
    // list names every part as the section's files.
    let listed = baihoc::list(&opts).unwrap();
    let section = listed
        .iter()
        .find(|e| e.source.as_deref() == Some("content/phan/_index.md"))
        .unwrap();
    let mut outputs = parts.map(String::from).to_vec();
    outputs.push("phan/ban-in.html".to_string());
    assert_eq!(section.outputs, outputs, "its parts, then its print view");

    // The home page shows the first ten lessons of each section, and links to the rest.
    let home = page(&built, "index.html");
    assert_eq!(
        list_after(&home, "<h3><a href=\"phan/index.html\"").len(),
        10
    );
    assert!(
        home.contains("href=\"phan/index.html\">Xem tất cả"),
        "{home}"
    );
    // A short section is listed whole, with no "all lessons" link.
    let short = page(&built, "ngan/mot.html");
    assert!(!short.contains("class=\"see-all\""));
}

#[test]
fn page_size_does_not_grow_with_the_section() {
    let largest = |n: usize| {
        let site = site(n);
        let built = build_in_memory(&BuildOptions::new(site.path())).unwrap();
        built
            .files()
            .iter()
            .filter(|(p, _)| p.ends_with(".html"))
            // A print view holds every lesson of its section, by design.
            .filter(|(p, _)| !p.ends_with(baihoc::products::print::FILE))
            .map(|(_, b)| b.len())
            .max()
            .unwrap()
    };
    let (small, large) = (largest(60), largest(600));
    assert!(
        large < small + small / 10,
        "largest page: {small} bytes with 60 lessons, {large} with 600"
    );
}

#[test]
fn four_digit_lesson_numbers_get_room_for_their_marker() {
    let site = site(1005);
    let built = build_in_memory(&BuildOptions::new(site.path())).unwrap();
    let last = page(&built, "phan/bai-01005.html");
    assert!(
        last.contains("<ol class=\"digits-4\" start=\"995\">"),
        "{last}"
    );
    let part = page(&built, "phan/index-21.html");
    assert!(part.contains("class=\"lesson-list digits-4\""));
    let css_path = built
        .files()
        .keys()
        .find(|p| p.starts_with("css/style."))
        .unwrap();
    let css = page(&built, css_path);
    assert!(css.contains(".section-nav ol.digits-4, .lesson-list.digits-4"));
    let _ = Path::new(css_path);
}
