//! Builds the fixture sites of tests/fixtures (each copied into a temporary
//! folder first) and checks the HTML they produce: order, output paths,
//! heading ids, links, callouts, table of contents, assets, templates,
//! drafts, sitemap and 404 page, `list --json`, `new lesson`, and the
//! bundled course of the repository.

mod common;

use baihoc::BuildOptions;
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

/// Reading order of the `course` fixture: the root's pages, then each
/// section's pages and its subsections', depth first, sections by weight.
const COURSE_READING_ORDER: &[&str] = &[
    "x.html",
    "a/y.html",
    "a/tieu-de.html",
    "a/b/z.html",
    "bai-hoc/5-z.html",
    "bai-hoc/6-ba.html",
    "bai-hoc/on-tap.html",
    "bai-hoc/4-an.html",
    "bai-hoc/3-an-dau.html",
    "bai-hoc/2-de.html",
    "bai-hoc/1-doc.html",
];

/// The lesson list of `content/Bài học/`: weights 10, 20, 30 first, then the
/// unweighted pages in Vietnamese alphabetical order (An < Ăn < Dễ < Đọc),
/// which is not the order of their file names.
fn expected_bai_hoc_list() -> Vec<(String, String)> {
    [
        ("5-z.html", "Zô"),
        ("6-ba.html", "Ba"),
        ("on-tap.html", "Ôn tập"),
        ("4-an.html", "An"),
        ("3-an-dau.html", "Ăn"),
        ("2-de.html", "Dễ"),
        ("1-doc.html", "Đọc"),
    ]
    .iter()
    .map(|(h, t)| (h.to_string(), t.to_string()))
    .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// Every `href`/`src` of the HTML under `out` (404.html excepted) that is
/// absolute: starting with `/`, or leaving the site without being marked
/// as an external content link.
fn absolute_urls(out: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for page in html_files(out) {
        if page == "404.html" {
            continue;
        }
        for r in refs(&read(out, &page)) {
            let v = r.value.to_ascii_lowercase();
            if v.starts_with('/') {
                problems.push(format!("{page}: {}=\"{}\" in {}", r.attr, r.value, r.tag));
            } else if v.starts_with("http:") || v.starts_with("https:") {
                let external = r.attr == "href"
                    && r.tag.starts_with("<a ")
                    && attr_of(&r.tag, "class")
                        .is_some_and(|c| c.split_whitespace().any(|c| c == "external"));
                if !external {
                    problems.push(format!("{page}: {}=\"{}\" in {}", r.attr, r.value, r.tag));
                }
            }
        }
    }
    problems
}

#[test]
fn section_lists_pages_by_weight_then_vietnamese_title() {
    let site = fixture("course");
    let out = build(site.path());

    let section = read(&out, "bai-hoc/index.html");
    assert_eq!(
        links_in(&section, "<ol class=\"lesson-list\""),
        expected_bai_hoc_list()
    );

    // The same order in the navigation of a lesson of that section.
    let page = read(&out, "bai-hoc/4-an.html");
    let mut expected = pairs(&[("index.html", "Bài học")]);
    expected.extend(expected_bai_hoc_list());
    assert_eq!(links_in(&page, "<nav class=\"section-nav\""), expected);
    assert!(
        page.contains("<li><a href=\"4-an.html\" aria-current=\"page\">An</a></li>"),
        "the current lesson is marked in the section navigation:\n{page}"
    );

    // Sections are ordered by weight too: "Phần A" (1) before "Bài học" (2).
    let home = read(&out, "index.html");
    let a = home.find("<h3><a href=\"a/index.html\">Phần A</a></h3>");
    let b = home.find("<h3><a href=\"bai-hoc/index.html\">Bài học</a></h3>");
    assert!(
        matches!((a, b), (Some(a), Some(b)) if a < b),
        "home page outline lists Phần A, then Bài học:\n{home}"
    );
}

#[test]
fn previous_and_next_follow_the_reading_order() {
    let site = fixture("course");
    let out = build(site.path());
    let order = COURSE_READING_ORDER;
    for (i, page) in order.iter().enumerate() {
        let html = read(&out, page);
        let link = |class: &str| {
            start_tags(&html)
                .into_iter()
                .find(|t| t.starts_with(&format!("<a class=\"{class}\"")))
                .map(|t| follow(page, &attr_of(t, "href").unwrap()))
        };
        let expected_prev = i.checked_sub(1).map(|j| order[j].to_string());
        let expected_next = order.get(i + 1).map(|p| p.to_string());
        assert_eq!(link("prev"), expected_prev, "previous lesson of {page}");
        assert_eq!(link("next"), expected_next, "next lesson of {page}");
    }
    // Titles shown in the links, and a jump across sections and depths.
    // The link names the lesson with its number in the reading order.
    let number = order.iter().position(|p| *p == "bai-hoc/5-z.html").unwrap() + 1;
    let z = read(&out, "a/b/z.html");
    assert!(
        z.contains(&format!("<a class=\"next\" href=\"../../bai-hoc/5-z.html\" rel=\"next\"><span class=\"dir\">Bài tiếp theo →</span><span class=\"title\">Bài {number}: Zô</span></a>")),
        "{z}"
    );
    let n = |page: &str| order.iter().position(|p| *p == page).unwrap() + 1;
    let an = read(&out, "bai-hoc/4-an.html");
    assert!(an.contains(&format!("<a class=\"prev\" href=\"on-tap.html\" rel=\"prev\"><span class=\"dir\">← Bài trước</span><span class=\"title\">Bài {}: Ôn tập</span></a>", n("bai-hoc/on-tap.html"))), "{an}");
    assert!(an.contains(&format!("<a class=\"next\" href=\"3-an-dau.html\" rel=\"next\"><span class=\"dir\">Bài tiếp theo →</span><span class=\"title\">Bài {}: Ăn</span></a>", n("bai-hoc/3-an-dau.html"))), "{an}");
    // The lesson page says its own number.
    assert!(
        an.contains(&format!(
            "<p class=\"lesson-number\">Bài {}</p>",
            n("bai-hoc/4-an.html")
        )),
        "{an}"
    );
}

#[test]
fn output_file_names_and_folder_slugs() {
    let site = fixture("course");
    let out = build(site.path());
    let files = files_under(&out);
    let css: Vec<&String> = files.iter().filter(|f| f.starts_with("css/")).collect();
    // The site's stylesheet and the slide decks'.
    assert_eq!(css.len(), 2, "{files:?}");
    // The theme's scripts (site.js, share.js, search.js, the deck's, the
    // poster's, the quizzes') and icons, all with a content hash in their names.
    let theme: Vec<&String> = files
        .iter()
        .filter(|f| f.starts_with("js/") || f.starts_with("icons/"))
        .collect();
    assert_eq!(theme.len(), 10, "{files:?}");
    let mut expected: BTreeSet<String> = [
        "index.html",
        "x.html",
        "a/index.html",
        "a/y.html",
        "a/tieu-de.html",
        "a/hinh.png",
        "a/b/index.html",
        "a/b/z.html",
        "bai-hoc/index.html",
        "bai-hoc/1-doc.html",
        "bai-hoc/2-de.html",
        "bai-hoc/3-an-dau.html",
        "bai-hoc/4-an.html",
        "bai-hoc/5-z.html",
        "bai-hoc/6-ba.html",
        "bai-hoc/on-tap.html",
        "bai-hoc/hình ảnh.png",
        // The print views of the sections, and of the whole course.
        "ban-in.html",
        "a/ban-in.html",
        "a/b/ban-in.html",
        "bai-hoc/ban-in.html",
        "manifest.webmanifest",
        "offline.html",
        "sw.js",
        "tim-kiem.html",
        "search/index.js",
        ".baihoc-output",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Each lesson's slide deck beside its page.
    let decks: Vec<String> = expected
        .iter()
        .filter(|f| {
            f.ends_with(".html")
                && !f.ends_with("index.html")
                && !f.ends_with("ban-in.html")
                && *f != "offline.html"
                && *f != "tim-kiem.html"
        })
        .map(|f| f.replace(".html", ".trinh-chieu.html"))
        .collect();
    expected.extend(decks);
    expected.extend(css.into_iter().cloned());
    expected.extend(theme.into_iter().cloned());
    assert_eq!(files, expected);
    assert!(!out.join("Bài học").exists());
}

#[test]
fn heading_ids_are_vietnamese_slugs_with_suffixes_and_explicit_ids() {
    let site = fixture("course");
    let out = build(site.path());
    let html = read(&out, "a/tieu-de.html");
    for h in [
        "<h2 id=\"buoc\">Bước</h2>",
        "<h2 id=\"buoc-1\">Bước</h2>",
        "<h3 id=\"buoc-2\">Bước</h3>",
        "<h2 id=\"kich-hoat\">Kích hoạt tài khoản</h2>",
        "<h2 id=\"dang-ky-muc-2\">Đăng ký mức 2</h2>",
    ] {
        assert!(html.contains(h), "missing {h} in:\n{html}");
    }
    let x = read(&out, "x.html");
    for h in [
        "<h2 id=\"muc-x\">Mục X</h2>",
        "<h2 id=\"phan-hai\">Phần hai</h2>",
        "<h3 id=\"chi-tiet\">Chi tiết</h3>",
    ] {
        assert!(x.contains(h), "missing {h} in:\n{x}");
    }
    for page in html_files(&out) {
        let all = ids(&read(&out, &page));
        let unique: BTreeSet<&String> = all.iter().collect();
        assert_eq!(unique.len(), all.len(), "repeated ids in {page}: {all:?}");
    }
}

#[test]
fn an_explicit_heading_id_is_kept_and_ids_stay_unique() {
    let site = fixture("course");
    std::fs::write(
        site.path().join("content/a/trung.md"),
        "---\ntitle: \"Trùng mã\"\n---\n\n## Giới thiệu\n\nMột.\n\n## Mở đầu {#gioi-thieu}\n\nHai.\n\n## Giới thiệu\n\nBa.\n",
    )
    .unwrap();
    let out = build(site.path());
    let html = read(&out, "a/trung.html");
    assert!(
        html.contains("<h2 id=\"gioi-thieu\">Mở đầu</h2>"),
        "the heading the author named {{#gioi-thieu}} must carry that id:\n{html}"
    );
    let all = ids(&html);
    let unique: BTreeSet<&String> = all.iter().collect();
    assert_eq!(
        unique.len(),
        all.len(),
        "every id on a page must be unique: {all:?}"
    );
}

#[test]
fn links_are_rewritten_between_three_folder_depths() {
    let site = fixture("course");
    let out = build(site.path());
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "x.html",
            &[
                ("a/y.html", "bài Y"),
                ("a/b/z.html#doan-z", "đoạn Z"),
                ("a/tieu-de.html#buoc-1", "bước thứ hai"),
                ("a/index.html", "phần A"),
                ("bai-hoc/index.html", "phần Bài học"),
                ("bai-hoc/4-an.html", "bài An"),
                (
                    "https://vneid.gov.vn",
                    "VNeID↗ (liên kết đến trang web khác)",
                ),
                ("#muc-x", "mục X"),
                ("index.html", "trang chủ"),
            ],
        ),
        (
            "a/y.html",
            &[
                ("../x.html#muc-x", "mục X"),
                ("b/z.html", "bài Z"),
                ("#tieu-de-y", "tiêu đề này"),
            ],
        ),
        (
            "a/b/z.html",
            &[
                ("../../x.html", "bài X"),
                ("../y.html#tieu-de-y", "tiêu đề Y"),
                ("../index.html", "phần A"),
                ("../../bai-hoc/index.html", "phần Bài học"),
            ],
        ),
        (
            "a/index.html",
            &[("y.html", "bài Y"), ("b/z.html", "bài Z")],
        ),
        (
            "index.html",
            &[("x.html", "bài X"), ("a/index.html", "phần A")],
        ),
    ];
    for (page, expected) in cases {
        let html = read(&out, page);
        assert_eq!(
            links_in(&html, "<div class=\"content\""),
            pairs(expected),
            "links in the content of {page}"
        );
        for (href, _) in expected.iter().filter(|(h, _)| !is_external(h)) {
            let target = follow(page, href);
            assert!(
                out.join(&target).is_file(),
                "{href} in {page} leads to {target}, which does not exist"
            );
            if let (_, Some(fragment)) = split_fragment(href) {
                let target_ids = ids(&read(&out, &target));
                assert!(
                    target_ids.contains(&fragment),
                    "{href} in {page}: no id `{fragment}` in {target} ({target_ids:?})"
                );
            }
        }
    }
    assert_eq!(broken_internal_links(&out), Vec::<String>::new());
}

#[test]
fn external_links_are_marked() {
    let site = fixture("course");
    let out = build(site.path());
    let x = read(&out, "x.html");
    assert!(
        x.contains("<a href=\"https://vneid.gov.vn\" class=\"external\" rel=\"external noopener\">VNeID<span class=\"external-mark\" aria-hidden=\"true\">↗</span>"),
        "{x}"
    );
}

#[test]
fn callouts_of_all_five_kinds() {
    let site = fixture("course");
    let out = build(site.path());
    let html = read(&out, "a/tieu-de.html");
    for (class, title, text) in [
        ("note", "Ghi chú", "Nội dung ghi chú."),
        ("tip", "Mẹo", "Nội dung mẹo."),
        ("important", "Quan trọng", "Nội dung quan trọng."),
        ("warning", "Cảnh báo", "Nội dung cảnh báo."),
        ("caution", "Thận trọng", "Nội dung thận trọng."),
    ] {
        let open = format!(
            "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{title}</p>"
        );
        let start = html
            .find(&open)
            .unwrap_or_else(|| panic!("no {open} in:\n{html}"));
        let end = start + html[start..].find("</div>").unwrap();
        assert!(
            html[start..end].contains(&format!("<p>{text}</p>")),
            "callout {class} holds its text: {}",
            &html[start..end]
        );
    }
    assert_eq!(html.matches("class=\"callout ").count(), 5);
    assert_eq!(
        html.matches("<blockquote>").count(),
        1,
        "only the plain quote stays a quote:\n{html}"
    );
    assert!(html.contains("<blockquote>\n<p>Một trích dẫn thường.</p>\n</blockquote>"));
    assert!(!html.contains("[!NOTE]"));
}

#[test]
fn table_of_contents_only_with_more_than_two_headings() {
    let site = fixture("course");
    std::fs::write(
        site.path().join("content/a/hai.md"),
        "---\ntitle: \"Hai mục\"\n---\n\n## Một\n\n### Hai\n\n#### Bốn không tính\n",
    )
    .unwrap();
    let out = build(site.path());
    let x = read(&out, "x.html");
    assert_eq!(
        links_in(&x, "<nav class=\"toc\""),
        pairs(&[
            ("#muc-x", "Mục X"),
            ("#phan-hai", "Phần hai"),
            ("#chi-tiet", "Chi tiết"),
        ])
    );
    assert!(x.contains("<li class=\"toc-l3\"><a href=\"#chi-tiet\">Chi tiết</a></li>"));
    let tieu_de = read(&out, "a/tieu-de.html");
    assert_eq!(links_in(&tieu_de, "<nav class=\"toc\"").len(), 5);
    for page in ["a/y.html", "a/hai.html", "a/b/z.html"] {
        let html = read(&out, page);
        assert!(
            !html.contains("<nav class=\"toc\""),
            "{page} has at most two h2/h3 headings and no table of contents"
        );
    }
}

#[test]
fn hashed_stylesheet_is_linked_relatively_from_every_depth() {
    let site = fixture("course");
    let out = build(site.path());
    let css_files: Vec<String> = files_under(&out.join("css")).into_iter().collect();
    // The site's stylesheet, and the slide decks' (`deck.HASH.css`).
    assert_eq!(css_files.len(), 2, "{css_files:?}");
    let deck_css = &css_files[0];
    assert!(deck_css.starts_with("deck."), "{css_files:?}");
    let name = &css_files[1];
    let hash = name
        .strip_prefix("style.")
        .and_then(|n| n.strip_suffix(".css"))
        .unwrap_or_else(|| panic!("unexpected stylesheet name {name}"));
    assert!(
        hash.len() == 12
            && hash
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
        "content hash of 12 lowercase hex digits: {name}"
    );
    let theme_css = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/css/style.css"),
    )
    .unwrap();
    assert_eq!(
        std::fs::read(out.join("css").join(name)).unwrap(),
        theme_css
    );

    let pages = html_files(&out);
    assert!(pages.iter().any(|p| p.matches('/').count() == 2));
    for page in pages {
        let html = read(&out, &page);
        let sheets: Vec<String> = start_tags(&html)
            .into_iter()
            .filter(|t| {
                t.starts_with("<link ") && attr_of(t, "rel").as_deref() == Some("stylesheet")
            })
            .filter_map(|t| attr_of(t, "href"))
            .collect();
        let sheet = if is_deck(&page) { deck_css } else { name };
        let expected = format!("{}css/{sheet}", "../".repeat(page.matches('/').count()));
        assert_eq!(sheets, vec![expected.clone()], "stylesheet of {page}");
        assert!(out.join(follow(&page, &expected)).is_file());
    }
}

#[test]
fn no_absolute_urls_in_generated_html() {
    let site = fixture("course");
    let out = build(site.path());
    assert_eq!(absolute_urls(&out), Vec::<String>::new());
    // Links to pages point at files, never at folders.
    for page in html_files(&out) {
        for r in refs(&read(&out, &page)) {
            if is_external(&r.value) || r.value.starts_with('#') {
                continue;
            }
            let (path, _) = split_fragment(&r.value);
            assert!(
                !path.ends_with('/') && !path.is_empty(),
                "{page}: `{}` points at a folder",
                r.value
            );
        }
    }
}

#[test]
fn image_beside_a_page_is_copied_and_referenced() {
    let site = fixture("course");
    let out = build(site.path());
    let source = std::fs::read(site.path().join("content/a/hinh.png")).unwrap();
    assert_eq!(std::fs::read(out.join("a/hinh.png")).unwrap(), source);
    let cases = [
        (
            "a/y.html",
            "hinh.png",
            "Hình minh hoạ",
            "content/a/hinh.png",
        ),
        (
            "a/b/z.html",
            "../hinh.png",
            "Hình minh hoạ",
            "content/a/hinh.png",
        ),
        (
            "bai-hoc/on-tap.html",
            "h%C3%ACnh%20%E1%BA%A3nh.png",
            "Hình ảnh ôn tập",
            "content/Bài học/hình ảnh.png",
        ),
    ];
    for (page, src, alt, source) in cases {
        let html = read(&out, page);
        let imgs: Vec<(String, String)> = start_tags(&html)
            .into_iter()
            .filter(|t| t.starts_with("<img "))
            .map(|t| (attr_of(t, "src").unwrap(), attr_of(t, "alt").unwrap()))
            .collect();
        assert_eq!(
            imgs,
            vec![(src.to_string(), alt.to_string())],
            "images of {page}"
        );
        let target = out.join(follow(page, src));
        assert_eq!(
            std::fs::read(&target).unwrap_or_else(|e| panic!("{}: {e}", target.display())),
            std::fs::read(site.path().join(source)).unwrap(),
            "{src} in {page}"
        );
    }
}

#[test]
fn site_template_overrides_the_builtin_one() {
    let site = fixture("override");
    let out = build(site.path());
    let page = read(&out, "phan/bai.html");
    assert!(page.contains("<body class=\"mau-rieng\">"), "{page}");
    assert!(page.contains("<h1 class=\"mau-rieng-tieu-de\">Bài có mẫu riêng</h1>"));
    assert!(page.contains("<h2 id=\"noi-dung-rieng\">Nội dung riêng</h2>"));
    assert!(page.contains("<a href=\"../index.html\">trang chủ</a>"));
    assert!(page.contains("<a class=\"mau-rieng-ve\" href=\"../index.html\">"));
    for builtin in ["site-header", "prev-next", "section-nav", "skip-link"] {
        assert!(
            !page.contains(builtin),
            "the built-in page.html must not be used ({builtin}):\n{page}"
        );
    }
    // Templates not overridden stay the built-in ones.
    for other in ["index.html", "phan/index.html"] {
        let html = read(&out, other);
        assert!(html.contains("class=\"site-header\""), "{other}");
        assert!(!html.contains("mau-rieng"), "{other}");
    }
    assert_eq!(broken_internal_links(&out), Vec::<String>::new());
}

#[test]
fn drafts_are_left_out_by_default() {
    let site = fixture("drafts");
    let summary = build_with(&BuildOptions::new(site.path()));
    assert_eq!(summary.pages, 1);
    let out = site.path().join("public");
    assert!(out.join("cong-khai.html").is_file());
    assert!(!out.join("nhap.html").exists());
    for page in html_files(&out) {
        let html = read(&out, &page);
        assert!(!html.contains("nhap.html"), "{page} links to the draft");
        assert!(!html.contains("Bài đang viết"), "{page} names the draft");
    }
    let page = read(&out, "cong-khai.html");
    assert!(!page.contains("class=\"next\""), "{page}");
}

#[test]
fn drafts_are_published_with_the_drafts_option() {
    let site = fixture("drafts");
    let summary = build_with(&BuildOptions {
        drafts: true,
        ..BuildOptions::new(site.path())
    });
    assert_eq!(summary.pages, 2);
    let out = site.path().join("public");
    assert!(read(&out, "nhap.html").contains("<h1>Bài đang viết</h1>"));
    let page = read(&out, "cong-khai.html");
    assert!(
        page.contains("<a class=\"next\" href=\"nhap.html\" rel=\"next\">"),
        "{page}"
    );
    assert_eq!(
        links_in(&read(&out, "index.html"), "<ol class=\"lesson-list\""),
        pairs(&[
            ("cong-khai.html", "Bài công khai"),
            ("nhap.html", "Bài đang viết")
        ])
    );
}

#[test]
fn a_link_to_a_draft_is_an_error_unless_drafts_are_included() {
    let site = fixture("drafts");
    let file = site.path().join("content/cong-khai.md");
    let mut text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text.lines().count(), 8);
    text.push_str("\nXem [bản nháp](nhap.md#chua-xong).\n");
    std::fs::write(&file, text).unwrap();

    let failure = baihoc::build(&BuildOptions::new(site.path()))
        .expect_err("a published page links to a draft");
    let errors: Vec<_> = failure.errors().collect();
    assert_eq!(errors.len(), 1, "{}", describe(&failure));
    let e = errors[0];
    assert_eq!(e.file.as_deref(), Some(Path::new("content/cong-khai.md")));
    assert_eq!((e.line, e.column), (Some(10), Some(5)));
    assert!(e.message.contains("content/nhap.md"), "{}", e.message);
    assert!(e.message.contains("draft"), "{}", e.message);
    assert!(e.hint.is_some());
    assert!(!site.path().join("public").exists());

    let out = site.path().join("public");
    build_with(&BuildOptions {
        drafts: true,
        ..BuildOptions::new(site.path())
    });
    assert!(read(&out, "cong-khai.html").contains("<a href=\"nhap.html#chua-xong\">bản nháp</a>"));
}

#[test]
fn a_link_to_a_draft_section_is_reported_as_a_draft() {
    let site = fixture("drafts");
    let root = site.path();
    std::fs::create_dir(root.join("content/phan-nhap")).unwrap();
    std::fs::write(
        root.join("content/phan-nhap/_index.md"),
        "---\ntitle: \"Phần đang soạn\"\ndraft: true\n---\n\nChưa xong.\n",
    )
    .unwrap();
    let file = root.join("content/cong-khai.md");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("\nXem [phần đang soạn](phan-nhap/_index.md).\n");
    std::fs::write(&file, text).unwrap();

    let failure = baihoc::build(&BuildOptions::new(root))
        .expect_err("a published page links to a draft section");
    let errors: Vec<_> = failure.errors().collect();
    assert_eq!(errors.len(), 1, "{}", describe(&failure));
    let e = errors[0];
    assert_eq!(e.file.as_deref(), Some(Path::new("content/cong-khai.md")));
    assert_eq!((e.line, e.column), (Some(10), Some(5)));
    assert!(
        e.message.contains("draft") && !e.message.contains("does not exist"),
        "content/phan-nhap/_index.md exists and is a draft: {e}"
    );

    build_with(&BuildOptions {
        drafts: true,
        ..BuildOptions::new(root)
    });
    assert!(
        read(&root.join("public"), "cong-khai.html")
            .contains("<a href=\"phan-nhap/index.html\">phần đang soạn</a>")
    );
}

#[test]
fn out_option_writes_the_site_elsewhere() {
    let site = fixture("override");
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("trang");
    let output = baihoc()
        .arg("--root")
        .arg(site.path())
        .arg("build")
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("(0 warnings)"));
    assert!(out.join("phan/bai.html").is_file());
    assert!(!site.path().join("public").exists());
    let left: Vec<_> = std::fs::read_dir(elsewhere.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("trang")]);
    assert_eq!(broken_internal_links(&out), Vec::<String>::new());
}

#[test]
fn base_url_adds_a_sitemap_and_a_404_page_with_absolute_urls() {
    let site = fixture("course");
    let config = site.path().join("site.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("base_url: \"https://truong.edu.vn/khoa-hoc/\"\n");
    std::fs::write(&config, text).unwrap();
    let out = build(site.path());
    let base = "https://truong.edu.vn/khoa-hoc";

    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.starts_with("<?xml"), "{sitemap}");
    let locs: BTreeSet<String> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap().to_string())
        .collect();
    let expected: BTreeSet<String> = document_pages(&out)
        .into_iter()
        .map(|p| format!("{base}/{p}"))
        .collect();
    assert_eq!(locs, expected);
    assert!(locs.contains(&format!("{base}/index.html")));
    assert!(locs.contains(&format!("{base}/bai-hoc/4-an.html")));

    let not_found = read(&out, "404.html");
    let urls = refs(&not_found);
    assert!(!urls.is_empty());
    for r in &urls {
        assert!(
            r.value.starts_with(&format!("{base}/")) || r.value.starts_with('#'),
            "404.html must use absolute URLs: {}=\"{}\"",
            r.attr,
            r.value
        );
        if let Some(rel) = r.value.strip_prefix(&format!("{base}/")) {
            let file = rel.split('#').next().unwrap();
            assert!(out.join(file).is_file(), "{} in 404.html", r.value);
        }
    }
    assert!(not_found.contains(&format!("href=\"{base}/index.html\"")));
    assert!(not_found.contains(&format!("href=\"{base}/css/style.")));

    // The other pages keep relative links.
    assert_eq!(absolute_urls(&out), Vec::<String>::new());
    assert_eq!(broken_internal_links(&out), Vec::<String>::new());
}

#[test]
fn base_url_option_overrides_site_yaml() {
    let site = fixture("drafts");
    build_with(&BuildOptions {
        base_url: Some("https://vi-du.vn/nhap/".to_string()),
        ..BuildOptions::new(site.path())
    });
    let out = site.path().join("public");
    let sitemap = read(&out, "sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://vi-du.vn/nhap/cong-khai.html</loc>"),
        "{sitemap}"
    );
    assert!(
        !sitemap.contains("nhap.html<"),
        "drafts are not in the sitemap"
    );
    assert!(read(&out, "404.html").contains("href=\"https://vi-du.vn/nhap/index.html\""));
}

#[test]
fn without_base_url_there_is_no_sitemap_and_no_404_page() {
    let site = fixture("course");
    let out = build(site.path());
    assert!(!out.join("sitemap.xml").exists());
    assert!(!out.join("404.html").exists());
}

fn list_json(root: &Path, extra: &[&str]) -> Vec<serde_json::Value> {
    let output = baihoc()
        .arg("--root")
        .arg(root)
        .args(["list", "--json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    value.as_array().expect("a JSON array").clone()
}

#[test]
fn list_json_describes_every_page() {
    let site = fixture("course");
    let all = list_json(site.path(), &[]);
    let out = build(site.path());
    let pages = document_pages(&out);
    // The files written for the whole site come last, each naming its file.
    let (entries, site_files): (Vec<_>, Vec<_>) =
        all.into_iter().partition(|e| e["kind"] != "site");
    let site_outputs: BTreeSet<&str> = site_files
        .iter()
        .map(|e| e["output"].as_str().unwrap())
        .collect();
    assert_eq!(
        site_outputs,
        BTreeSet::from([
            "manifest.webmanifest",
            "offline.html",
            "sw.js",
            "tim-kiem.html",
            "search/index.js"
        ])
    );
    for e in &site_files {
        assert!(e["source"].is_null(), "{e}");
        assert!(out.join(e["output"].as_str().unwrap()).is_file(), "{e}");
    }
    assert_eq!(entries.len(), pages.len());

    let mut outputs = BTreeSet::new();
    for e in &entries {
        for key in ["source", "output", "title", "layout"] {
            assert!(e[key].is_string(), "`{key}` is text in {e}");
        }
        assert!(e["section"].is_string() || e["section"].is_null(), "{e}");
        assert!(e["draft"].is_boolean(), "{e}");
        let output = e["output"].as_str().unwrap();
        let files: Vec<&str> = e["outputs"]
            .as_array()
            .unwrap_or_else(|| panic!("`outputs` is a list in {e}"))
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(files.first(), Some(&output), "the page comes first: {e}");
        for f in &files {
            assert!(out.join(f).is_file(), "{f} of {e} was written");
        }
        let source = e["source"].as_str().unwrap();
        assert!(
            source.starts_with("content/") && source.ends_with(".md"),
            "{e}"
        );
        assert_eq!(e["draft"], false);
        outputs.insert(output.to_string());
    }
    assert_eq!(outputs, pages.into_iter().collect::<BTreeSet<_>>());

    let find = |output: &str| {
        entries
            .iter()
            .find(|e| e["output"] == output)
            .unwrap_or_else(|| panic!("no entry for {output}"))
    };
    let home = find("index.html");
    assert_eq!(home["source"], "content/_index.md");
    assert_eq!(home["title"], "Trang chủ thử");
    assert_eq!(home["layout"], "index.html");
    assert!(home["section"].is_null());
    let an = find("bai-hoc/4-an.html");
    assert_eq!(an["source"], "content/Bài học/4-an.md");
    assert_eq!(an["title"], "An");
    assert_eq!(an["section"], "Bài học");
    assert_eq!(an["layout"], "page.html");
    // The lesson's page, then its slide deck.
    assert_eq!(
        an["outputs"],
        serde_json::json!(["bai-hoc/4-an.html", "bai-hoc/4-an.trinh-chieu.html"])
    );
    let sec = find("bai-hoc/index.html");
    assert_eq!(sec["source"], "content/Bài học/_index.md");
    assert_eq!(sec["section"], "Trang chủ thử");
    assert_eq!(sec["layout"], "section.html");
    let x = find("x.html");
    assert_eq!(x["section"], "Trang chủ thử");

    // Reading order: the lessons of "Bài học" come in the order of its list.
    let order: Vec<&str> = entries
        .iter()
        .filter(|e| e["output"].as_str().unwrap().starts_with("bai-hoc/"))
        .filter(|e| e["output"] != "bai-hoc/index.html")
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["Zô", "Ba", "Ôn tập", "An", "Ăn", "Dễ", "Đọc"]);
}

#[test]
fn list_json_shows_drafts_only_with_drafts() {
    let site = fixture("drafts");
    let plain = list_json(site.path(), &[]);
    assert!(plain.iter().all(|e| e["output"] != "nhap.html"));
    let with = list_json(site.path(), &["--drafts"]);
    let draft = with
        .iter()
        .find(|e| e["output"] == "nhap.html")
        .expect("the draft is listed with --drafts");
    assert_eq!(draft["draft"], true);
    assert_eq!(draft["source"], "content/nhap.md");
    assert_eq!(draft["title"], "Bài đang viết");
}

#[test]
fn new_lesson_is_created_once_and_appears_in_the_navigation() {
    let site = fixture("new-lesson");
    let root = site.path();
    let out = build(root);
    assert!(!read(&out, "x/index.html").contains("Kích hoạt tài khoản"));

    let new_lesson = || {
        baihoc()
            .arg("--root")
            .arg(root)
            .args(["new", "lesson", "Kích hoạt tài khoản", "--section", "x"])
            .output()
            .unwrap()
    };
    let first = new_lesson();
    assert_eq!(first.status.code(), Some(0), "{}", stderr_of(&first));
    let path = root.join("content/x/kich-hoat-tai-khoan.md");
    let text = std::fs::read_to_string(&path).expect("the lesson file was created");
    assert!(
        String::from_utf8_lossy(&first.stdout).contains("kich-hoat-tai-khoan.md"),
        "the command names the file it created"
    );

    // Filled front matter.
    let front = text
        .strip_prefix("---\n")
        .and_then(|t| t.split_once("\n---\n"))
        .map(|(f, _)| f)
        .unwrap_or_else(|| panic!("front matter between --- lines:\n{text}"));
    let lines: Vec<&str> = front.lines().collect();
    assert!(lines.contains(&"title: \"Kích hoạt tài khoản\""), "{front}");
    assert!(
        lines.contains(&"weight: 20"),
        "ten more than the section's largest weight:\n{front}"
    );
    for key in ["description:", "audience:", "tags:", "sources:"] {
        assert!(
            lines.iter().any(|l| l.starts_with(key)),
            "{key} in\n{front}"
        );
    }
    let reviewed = lines
        .iter()
        .find_map(|l| l.strip_prefix("reviewed: "))
        .unwrap_or_else(|| panic!("a reviewed date in\n{front}"));
    let parts: Vec<&str> = reviewed.split('-').collect();
    assert!(
        parts.len() == 3
            && [4, 2, 2] == [parts[0].len(), parts[1].len(), parts[2].len()]
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())),
        "reviewed is YYYY-MM-DD: {reviewed}"
    );

    // A second time: refused, file unchanged.
    let second = new_lesson();
    assert_eq!(second.status.code(), Some(1));
    let err = stderr_of(&second);
    assert!(err.contains("already exists"), "{err}");
    assert!(err.contains("kich-hoat-tai-khoan.md"), "{err}");
    assert!(err.contains("  hint: "), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);

    // After a rebuild the lesson is in the section's navigation.
    let summary = build_with(&BuildOptions::new(root));
    assert!(
        summary.warnings.is_empty(),
        "a new lesson builds without warnings: {:?}",
        summary.warnings
    );
    assert_eq!(
        links_in(&read(&out, "x/index.html"), "<ol class=\"lesson-list\""),
        pairs(&[
            ("mot.html", "Bài một"),
            ("kich-hoat-tai-khoan.html", "Kích hoạt tài khoản")
        ])
    );
    let mot = read(&out, "x/mot.html");
    assert_eq!(
        links_in(&mot, "<nav class=\"section-nav\""),
        pairs(&[
            ("index.html", "Phần X"),
            ("mot.html", "Bài một"),
            ("kich-hoat-tai-khoan.html", "Kích hoạt tài khoản")
        ])
    );
    assert!(mot.contains("<a class=\"next\" href=\"kich-hoat-tai-khoan.html\" rel=\"next\">"));
    let lesson = read(&out, "x/kich-hoat-tai-khoan.html");
    assert!(lesson.contains("<h1>Kích hoạt tài khoản</h1>"));
    assert_eq!(broken_internal_links(&out), Vec::<String>::new());
}

#[test]
fn the_bundled_course_builds_cleanly_with_working_links() {
    let site = bundled_course("");
    // A fixed day, so that "reviewed more than a year ago" warnings never
    // depend on the day the test runs.
    let opts = BuildOptions {
        today: baihoc::date::Date::parse("2026-11-30"),
        ..BuildOptions::new(site.path())
    };
    let summary = build_with(&opts);
    let warnings: Vec<String> = summary.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings, Vec::<String>::new());
    let out = site.path().join("public");
    assert!(summary.pages > 0);
    assert_eq!(document_pages(&out).len(), summary.pages + summary.sections);
    assert_eq!(broken_internal_links(&out), Vec::<String>::new());
    assert_eq!(absolute_urls(&out), Vec::<String>::new());
}

fn is_optional_output(path: &str) -> bool {
    path.ends_with(".trinh-chieu.html")
        || path.ends_with("ban-in.html")
        || path == "tim-kiem.html"
        || path.starts_with("search/")
        || path.starts_with("css/deck.")
        || path.starts_with("js/deck.")
}

#[test]
fn outputs_in_site_yaml_switch_off_decks_print_views_and_search() {
    let today = baihoc::date::Date::parse("2026-11-30");
    let full = bundled_course("");
    build_with(&BuildOptions {
        today,
        ..BuildOptions::new(full.path())
    });
    let all = files_under(&full.path().join("public"));
    for kind in [".trinh-chieu.html", "ban-in.html", "search/index.js"] {
        assert!(
            all.iter().any(|f| f.ends_with(kind)),
            "a full build writes {kind}"
        );
    }
    for asset in ["css/deck.", "js/deck."] {
        assert!(
            all.iter().any(|f| f.starts_with(asset)),
            "a full build copies the decks' {asset}"
        );
    }

    let site = bundled_course("outputs:\n  decks: false\n  print: false\n  search: false\n");
    let summary = build_with(&BuildOptions {
        today,
        ..BuildOptions::new(site.path())
    });
    assert_eq!(summary.warnings.len(), 0, "{:?}", summary.warnings);
    let out = site.path().join("public");
    let some = files_under(&out);
    let optional: Vec<&String> = some.iter().filter(|f| is_optional_output(f)).collect();
    assert!(optional.is_empty(), "still written: {optional:?}");
    // Everything else is still there, lessons and sections first.
    let missing: Vec<&String> = all
        .iter()
        .filter(|f| !is_optional_output(f) && !some.contains(*f))
        .collect();
    assert!(missing.is_empty(), "missing: {missing:?}");
    // No page, and not the service worker, leads to a file not written.
    assert_eq!(broken_internal_links(&out), Vec::<String>::new());
    for f in some
        .iter()
        .filter(|f| f.ends_with(".html") || f.as_str() == "sw.js")
    {
        let text = read(&out, f);
        for name in [
            "trinh-chieu.html",
            "ban-in.html",
            "tim-kiem.html",
            "search/index",
            "css/deck.",
            "js/deck.",
        ] {
            assert!(!text.contains(name), "{f} names {name}");
        }
    }
    let listed = list_json(site.path(), &[]);
    let text = serde_json::to_string(&listed).unwrap();
    assert!(
        !text.contains("trinh-chieu")
            && !text.contains("ban-in")
            && !text.contains("tim-kiem")
            && !text.contains("deck.")
    );

    // Only these three can be switched off, and only with true or false.
    let bad = bundled_course("outputs:\n  slides: false\n");
    let failure = baihoc::build(&BuildOptions {
        today,
        ..BuildOptions::new(bad.path())
    })
    .expect_err("an unknown output is an error");
    let message = describe(&failure);
    assert!(
        message.contains("site.yaml:")
            && message.contains("unknown field `slides`")
            && message.contains("use one of the names"),
        "{message}"
    );
}

#[test]
fn timings_name_every_step_and_each_product_with_the_files_it_wrote() {
    let site = bundled_course("");
    let out = site.path().join("public");
    let output = baihoc()
        .arg("--root")
        .arg(site.path())
        .args(["build", "--timings", "--today", "2026-11-30"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let line_of = |name: &str| -> Vec<String> {
        stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name) && l.contains(" ms"))
            .unwrap_or_else(|| panic!("no `{name}` line in:\n{stdout}"))
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    for step in ["load", "resolve", "declare", "render", "check", "write"] {
        let words = line_of(step);
        let ms: f64 = words[1].parse().unwrap_or(-1.0);
        assert!(ms >= 0.0 && words[2] == "ms", "{step}: {words:?}");
    }
    assert!(stdout.contains("of which, by product"), "{stdout}");
    // Each product's line counts the files it wrote: its decks, its print
    // views, its search index files.
    let files = files_under(&out);
    let count = |keep: &dyn Fn(&str) -> bool| files.iter().filter(|f| keep(f)).count();
    let files_of = |name: &str| -> usize {
        let words = line_of(name);
        let at = words
            .iter()
            .position(|w| w == "files")
            .expect("a file count");
        words[at - 1].parse().expect("a number of files")
    };
    assert_eq!(
        files_of("deck"),
        count(&|f| f.ends_with(".trinh-chieu.html"))
    );
    assert!(files_of("deck") >= 10, "{stdout}");
    assert_eq!(files_of("search"), count(&|f| f.starts_with("search/")) + 1);
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.trim_start().starts_with("print view"))
            .count(),
        1,
        "{stdout}"
    );
}
