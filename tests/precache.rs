//! The service worker stores pages and the theme on the first visit, but
//! only as much of the files beside the lessons (pictures, PDFs) as the
//! site's precache budget allows: the rest are listed to be stored when
//! first opened, and the build warns, naming the largest files.

mod common;

use baihoc::{BuildOptions, build_in_memory};
use common::write;

fn site(budget: Option<u32>) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let offline = budget.map_or(String::new(), |mb| {
        format!("offline:\n  precache_budget_mb: {mb}\n")
    });
    write(
        root,
        "site.yaml",
        &format!("title: \"Khoá học\"\n{offline}"),
    );
    write(
        root,
        "content/_index.md",
        "---\ntitle: \"Trang chủ\"\n---\n",
    );
    write(
        root,
        "content/bai.md",
        "---\ntitle: \"Bài\"\nslides: false\n---\n![Một](a-mot.png) ![Hai](b-hai.png) [Tài liệu](c-ba.pdf) ![Nhỏ](d-nho.png)\n",
    );
    for (name, mb) in [("a-mot.png", 3), ("b-hai.png", 3), ("c-ba.pdf", 4)] {
        std::fs::write(root.join("content").join(name), vec![7u8; mb * 1024 * 1024]).unwrap();
    }
    std::fs::write(root.join("content/d-nho.png"), vec![1u8; 1000]).unwrap();
    tmp
}

/// The JSON object after `const NAME = ` in sw.js.
fn listed(sw: &str, name: &str) -> serde_json::Map<String, serde_json::Value> {
    let start = sw.find(&format!("const {name} = ")).unwrap() + name.len() + 9;
    let end = start + sw[start..].find(";\n").unwrap();
    serde_json::from_str::<serde_json::Value>(&sw[start..end])
        .unwrap()
        .as_object()
        .unwrap()
        .clone()
}

#[test]
fn files_beyond_the_budget_are_stored_when_opened_and_the_build_says_so() {
    let site = site(None);
    let built = build_in_memory(&BuildOptions::new(site.path())).unwrap();
    let sw = String::from_utf8(built.files()["sw.js"].clone()).unwrap();
    let (now, later) = (listed(&sw, "FILES"), listed(&sw, "LATER"));
    // Pages and the theme always; of the files beside the lessons, those that fit 5 MB in path order.
    assert!(now.contains_key("bai.html") && now.contains_key("index.html"));
    assert!(now.keys().any(|k| k.starts_with("css/style.")));
    assert!(
        now.contains_key("a-mot.png") && now.contains_key("d-nho.png"),
        "{now:?}"
    );
    assert!(
        later.contains_key("b-hai.png") && later.contains_key("c-ba.pdf"),
        "{later:?}"
    );
    assert!(!now.contains_key("b-hai.png"));
    let warnings: Vec<String> = built
        .summary()
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("site.yaml: warning: the files beside the lessons take 10.0 MB, more than the 5.0 MB a phone stores on its first visit: 2 of them are stored only when first opened (largest: content/c-ba.pdf (4.0 MB), content/a-mot.png (3.0 MB), content/b-hai.png (3.0 MB)"),
        "{warnings:?}"
    );
    assert!(warnings[0].contains("precache_budget_mb"), "{warnings:?}");
}

#[test]
fn a_budget_that_holds_everything_stores_everything_and_says_nothing() {
    let site = site(Some(20));
    let built = build_in_memory(&BuildOptions::new(site.path())).unwrap();
    let sw = String::from_utf8(built.files()["sw.js"].clone()).unwrap();
    assert!(listed(&sw, "LATER").is_empty());
    assert!(listed(&sw, "FILES").contains_key("c-ba.pdf"));
    assert!(
        built.summary().warnings.is_empty(),
        "{:?}",
        built.summary().warnings
    );
}

#[test]
fn an_impossible_budget_is_an_error_at_its_line() {
    let site = site(Some(99_999));
    let failure = match build_in_memory(&BuildOptions::new(site.path())) {
        Ok(_) => panic!("refused"),
        Err(f) => f,
    };
    let e = failure.diagnostics[0].to_string();
    assert!(
        e.starts_with("site.yaml:3: error: `offline.precache_budget_mb` must be at most 10000"),
        "{e}"
    );
}
