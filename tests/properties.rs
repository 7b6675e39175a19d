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
    /// Speaker notes, a `---` rule, a page-only and a slide-only part.
    extras: bool,
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
        any::<bool>(),
    )
        .prop_map(
            |(title, weight, headings, callout, links, nfd, extras)| Page {
                title,
                weight,
                headings,
                callout,
                links,
                nfd,
                extras,
            },
        )
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
            if page.extras {
                body.push_str(concat!(
                    "```notes\nHỏi lớp: ai đã có tài khoản?\n```\n\n---\n\n",
                    "<!-- page-only -->\nChỉ trên trang.\n<!-- /page-only -->\n\n",
                    "<!-- slide-only -->\n## Tóm tắt\n\nChỉ trên trang chiếu.\n<!-- /slide-only -->\n\n",
                ));
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

/// Letters of Vietnamese (each vowel with every tone, both cases), digits,
/// punctuation and spaces, and a few characters from elsewhere.
fn vietnamese_text() -> impl Strategy<Value = String> {
    const LETTERS: &str =
        "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ";
    let upper: String = LETTERS.chars().flat_map(char::to_uppercase).collect();
    let mut chars: Vec<char> = LETTERS.chars().chain(upper.chars()).collect();
    chars.extend("0123456789  -–_'’.,:;!?()/&#".chars());
    chars.extend([
        'ß', 'İ', 'ǅ', 'Å', 'ﬁ', '日', '\u{301}', '\u{323}', '\u{309}',
    ]);
    prop::collection::vec(prop::sample::select(chars), 0..40)
        .prop_map(|cs| cs.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Folding (removing diacritics, as search and ordering do) is
    /// idempotent and does not depend on the normalisation form.
    #[test]
    fn folding_is_idempotent_and_the_same_in_nfc_and_nfd(text in vietnamese_text()) {
        let nfc: String = text.nfc().collect();
        let nfd: String = text.nfd().collect();
        let folded = baihoc::text::strip_diacritics(&nfc);
        prop_assert_eq!(&baihoc::text::strip_diacritics(&nfd), &folded);
        prop_assert_eq!(&baihoc::text::strip_diacritics(&folded), &folded);
        // The folding search and quiz answers compare with.
        let search = baihoc::text::fold(&nfc);
        prop_assert_eq!(&baihoc::text::fold(&nfd), &search);
        prop_assert_eq!(&baihoc::text::fold(&search), &search);
        prop_assert!(search.chars().all(|c| c.is_ascii() || !"đĐ".contains(c)));
        let back = baihoc::text::nfc(&nfd).into_owned();
        prop_assert_eq!(back, nfc);
    }

    /// A slug is stable: the same in NFC and NFD, its own slug, made of
    /// lowercase letters and digits joined by single dashes, and without a
    /// Vietnamese letter left with its diacritics.
    #[test]
    fn slugs_are_stable(text in vietnamese_text()) {
        let nfc: String = text.nfc().collect();
        let nfd: String = text.nfd().collect();
        let slug = baihoc::text::slugify(&nfc);
        prop_assert_eq!(&baihoc::text::slugify(&nfd), &slug);
        prop_assert_eq!(&baihoc::text::slugify(&slug), &slug);
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
        prop_assert!(slug.chars().all(|c| c == '-' || (c.is_alphanumeric() && !c.is_uppercase())), "{}", slug);
        prop_assert!(slug.chars().all(|c| c.is_ascii() || !"àáảãạăâđèéêìíòóôơùúưỳý".contains(c)), "{}", slug);
    }

    /// The Vietnamese order is a total order: antisymmetric, and sorting
    /// gives the same list whatever order the strings came in.
    #[test]
    fn vietnamese_order_is_total(mut list in prop::collection::vec(vietnamese_text(), 0..12)) {
        use std::cmp::Ordering;
        for a in &list {
            for b in &list {
                prop_assert_eq!(baihoc::text::vi_cmp(a, b), baihoc::text::vi_cmp(b, a).reverse());
                prop_assert_eq!(baihoc::text::vi_cmp(a, b) == Ordering::Equal, a == b);
            }
        }
        let mut reversed = list.clone();
        reversed.reverse();
        list.sort_by(|a, b| baihoc::text::vi_cmp(a, b));
        reversed.sort_by(|a, b| baihoc::text::vi_cmp(a, b));
        prop_assert_eq!(list, reversed);
    }
}

/// Pieces of Markdown, well-formed or not, that the transforms treat specially.
const PIECES: &[&str] = &[
    "# ",
    "## ",
    "### ",
    "{#id}",
    "{.lop}",
    "{",
    "}",
    "\n",
    "\n\n",
    "---\n",
    "> ",
    "[!NOTE]",
    "[!WARNING]",
    "[!KHAC]",
    "```notes\n",
    "```\n",
    "```quiz\n",
    "<!-- page-only -->",
    "<!-- /page-only -->",
    "<!-- slide-only -->",
    "<!-- /slide-only -->",
    "[a](bai-0.md)",
    "[a](../phan-0/bai-0.md#x)",
    "[b](khong-co.md)",
    "![h](hinh.png)",
    "[^1]",
    "[^1]: chú thích",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "- [ ] việc\n",
    "<div>",
    "</div>",
    "<script>",
    "*",
    "_",
    "`",
    "Kích hoạt",
    "tài khoản",
    "Đăng ký",
    "\u{301}",
    "<a href=\"javascript:x\">",
    "&amp;",
    "\\",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// A page of random Markdown pieces (broken links, unclosed parts and
    /// blocks, raw HTML) builds or fails with diagnostics that name its
    /// file and line, never panics, and builds to the same bytes twice.
    #[test]
    fn random_markdown_builds_or_fails_with_diagnostics(pieces in prop::collection::vec(prop::sample::select(PIECES), 0..60)) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        common::write(root, "site.yaml", "title: \"Khoá học\"\n");
        common::write(root, "content/_index.md", "---\ntitle: \"Trang chủ\"\n---\nXin chào.\n");
        common::write(root, "content/phan-0/bai-0.md", "---\ntitle: \"Bài 0\"\n---\n## X\n");
        common::write(root, "content/phan-0/hinh.png", "không phải PNG");
        let body: String = pieces.concat();
        common::write(root, "content/phan-0/bai-1.md", &format!("---\ntitle: \"Bài 1\"\n---\n{body}"));
        let opts = BuildOptions::new(root);
        let first = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            build_in_memory(&opts).map(|b| b.files().clone())
        }));
        let first = match first {
            Ok(r) => r,
            Err(_) => return Err(TestCaseError::fail(format!("the build panics on {body:?}"))),
        };
        match first {
            Ok(files) => {
                let again = build_in_memory(&opts).unwrap().files().clone();
                prop_assert!(files == again, "building twice gives the same bytes");
            }
            Err(f) => {
                prop_assert!(f.error_count() > 0);
                for d in f.errors() {
                    let shown = d.to_string();
                    prop_assert!(
                        shown.contains("bai-1.md:"),
                        "an error names the file and line: {}",
                        shown
                    );
                }
            }
        }
    }
}
