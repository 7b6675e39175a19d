//! Properties of every build, over random trees of valid pages: random
//! Vietnamese titles in composed (NFC) and decomposed (NFD) form, weights,
//! sections, headings (some repeated), callouts and links between pages
//! (some to headings). Every such site builds; every internal link in the
//! output leads to a file (and an id); building twice gives the same bytes
//! (no time stamps, no hash-map order); building a copy of the tree at
//! another path gives the same bytes (no absolute paths in the output).

mod common;

use baihoc::{BuildOptions, build_in_memory};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

const WORDS: &[&str] = &[
    "Kích hoạt",
    "tài khoản",
    "định danh",
    "điện tử",
    "mức",
    "mục",
    "Đăng ký",
    "an toàn",
    "lừa đảo",
    "ứng dụng",
    "thẻ căn cước",
    "ơn",
    "ưu tiên",
    "ấm",
    "ăn",
    "Ê-đê",
    "ô",
    "phụ huynh",
    "VNeID",
    "bước 1",
    "Nghị định 59",
    "quyền lợi",
];

#[derive(Debug, Clone)]
struct Page {
    title: String,
    weight: Option<i64>,
    headings: Vec<String>,
    callout: bool,
    /// (section, page, heading) of pages this one links to.
    links: Vec<(usize, usize, Option<usize>)>,
    nfd: bool,
}

#[derive(Debug, Clone)]
struct Section {
    title: String,
    weight: Option<i64>,
    pages: Vec<Page>,
}

fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..4).prop_map(|w| w.join(" "))
}

fn page() -> impl Strategy<Value = Page> {
    (
        words(),
        prop::option::of(-5i64..50),
        prop::collection::vec(words(), 0..4),
        any::<bool>(),
        prop::collection::vec((0usize..4, 0usize..5, prop::option::of(0usize..4)), 0..4),
        any::<bool>(),
    )
        .prop_map(|(title, weight, headings, callout, links, nfd)| Page {
            title,
            weight,
            headings,
            callout,
            links,
            nfd,
        })
}

fn site() -> impl Strategy<Value = Vec<Section>> {
    prop::collection::vec(
        (
            words(),
            prop::option::of(0i64..10),
            prop::collection::vec(page(), 1..5),
        )
            .prop_map(|(title, weight, pages)| Section {
                title,
                weight,
                pages,
            }),
        1..4,
    )
}

fn form(text: &str, nfd: bool) -> String {
    if nfd {
        text.nfd().collect()
    } else {
        text.nfc().collect()
    }
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// Writes the site; links only to pages and headings that exist (the
/// first heading of a repeated text keeps the plain id).
fn write_site(root: &Path, sections: &[Section]) {
    common::write(root, "site.yaml", "title: \"Khoá học ngẫu nhiên\"\n");
    common::write(
        root,
        "content/_index.md",
        "---\ntitle: \"Trang chủ\"\n---\nXin chào.\n",
    );
    for (s, section) in sections.iter().enumerate() {
        let weight = section
            .weight
            .map_or(String::new(), |w| format!("weight: {w}\n"));
        common::write(
            root,
            &format!("content/phan-{s}/_index.md"),
            &format!(
                "---\ntitle: {}\n{weight}---\nGiới thiệu.\n",
                quoted(&section.title)
            ),
        );
        for (p, page) in section.pages.iter().enumerate() {
            let mut body = String::from("Mở đầu bài học.\n\n");
            for h in &page.headings {
                body.push_str(&format!(
                    "## {}\n\nNội dung về {}.\n\n",
                    form(h, page.nfd),
                    h
                ));
            }
            if page.callout {
                body.push_str("> [!WARNING]\n> Không bấm vào đường link lạ.\n\n");
            }
            for &(ts, tp, th) in &page.links {
                let ts = ts % sections.len();
                let tp = tp % sections[ts].pages.len();
                let target = &sections[ts].pages[tp];
                let path = if ts == s {
                    format!("bai-{tp}.md")
                } else {
                    format!("../phan-{ts}/bai-{tp}.md")
                };
                let anchor = th
                    .and_then(|h| target.headings.get(h % target.headings.len().max(1)))
                    .filter(|h| !baihoc::text::slugify(h).is_empty())
                    .map(|h| format!("#{}", baihoc::text::slugify(h)))
                    .unwrap_or_default();
                body.push_str(&format!("Xem [{}]({path}{anchor}).\n\n", target.title));
            }
            let weight = page
                .weight
                .map_or(String::new(), |w| format!("weight: {w}\n"));
            common::write(
                root,
                &format!("content/phan-{s}/bai-{p}.md"),
                &format!(
                    "---\ntitle: {}\n{weight}---\n{body}",
                    quoted(&form(&page.title, page.nfd))
                ),
            );
        }
    }
}

fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    match build_in_memory(&BuildOptions::new(root)) {
        Ok(built) => built.files().clone(),
        Err(f) => panic!("a valid site fails:\n{}", common::describe(&f)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_random_site_builds_with_working_links_and_reproducible_bytes(sections in site()) {
        let a = tempfile::tempdir().unwrap();
        write_site(a.path(), &sections);
        let first = files(a.path());
        prop_assert_eq!(&first, &files(a.path()), "building twice gives the same bytes");
        // The same tree elsewhere (another path, another name) gives the same bytes.
        let b = tempfile::tempdir().unwrap();
        let moved = b.path().join("một thư mục khác");
        common::copy_dir(a.path(), &moved);
        prop_assert_eq!(&first, &files(&moved), "the site's path leaves no trace");
        // On disk, every internal link leads to a file and an id.
        let summary = baihoc::build(&BuildOptions::new(a.path())).unwrap();
        let broken = common::broken_internal_links(&a.path().join("public"));
        prop_assert!(broken.is_empty(), "{:?}", broken);
        prop_assert!(summary.pages > 0);
    }
}
