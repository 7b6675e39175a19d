//! Link previews and share cards (issue 23): the Open Graph and Twitter tags
//! with and without `base_url`, the one note when there is none, every card
//! a 1200 × 630 PNG, cards drawn again only when what they show changes
//! (the build's note counts them), a warning for a letter the font cannot
//! draw, the longest title of the bundled course inside the card's safe
//! area, theme overrides, and the cards kept out of the service worker.

mod common;

use baihoc::products::share_card::{HEIGHT, SAFE_MARGIN, WIDTH, card_path};
use baihoc::{BuildOptions, Summary};
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const BASE: &str = "https://truong.example.edu.vn/khoa-hoc";

/// Options for the site at `root`, published at [`BASE`].
fn with_base(root: &Path) -> BuildOptions {
    BuildOptions {
        base_url: Some(BASE.to_string()),
        ..BuildOptions::new(root)
    }
}

/// The `content` of `<meta property|name="key" content="...">` in `html`.
fn meta(html: &str, key: &str) -> Option<String> {
    start_tags(html)
        .into_iter()
        .filter(|t| t.starts_with("<meta "))
        .find(|t| {
            attr_of(t, "property").as_deref() == Some(key)
                || attr_of(t, "name").as_deref() == Some(key)
        })
        .and_then(|t| attr_of(t, "content"))
}

/// A decoded PNG: width, height and RGB pixels.
struct Picture {
    width: u32,
    height: u32,
    rgb: Vec<[u8; 3]>,
}

impl Picture {
    fn at(&self, x: u32, y: u32) -> [u8; 3] {
        self.rgb[(y * self.width + x) as usize]
    }
}

/// Decodes PNG bytes (palette or RGB), panicking on anything that is not a valid PNG.
fn decode(bytes: &[u8], what: &str) -> Picture {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder
        .read_info()
        .unwrap_or_else(|e| panic!("{what} is not a PNG: {e}"));
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader
        .next_frame(&mut buf)
        .unwrap_or_else(|e| panic!("{what}: cannot decode its pixels: {e}"));
    let channels = info.color_type.samples();
    assert!(
        channels >= 3,
        "{what}: {:?} is not a colour picture",
        info.color_type
    );
    let rgb = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    Picture {
        width: info.width,
        height: info.height,
        rgb,
    }
}

/// The cards of an output folder, by output path.
fn cards(out: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(out)
        .into_iter()
        .filter(|f| f.starts_with("share/"))
        .map(|f| {
            let bytes = std::fs::read(out.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

/// The notes of a build, as printed.
fn notes(summary: &Summary) -> Vec<String> {
    summary.notes.iter().map(ToString::to_string).collect()
}

/// "share cards: N drawn, M reused ...": (N, M).
fn drawn_and_reused(summary: &Summary) -> (usize, usize) {
    let note = notes(summary)
        .into_iter()
        .find(|n| n.contains("share cards:"))
        .unwrap_or_else(|| panic!("no share card note in {:?}", notes(summary)));
    let numbers: Vec<usize> = note
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

#[test]
fn with_base_url_every_page_has_absolute_preview_tags_and_a_card() {
    let site = fixture("course");
    let opts = with_base(site.path());
    build_with(&opts);
    let out = opts.out_dir();
    let pages = document_pages(&out);
    assert!(pages.len() > 10, "{pages:?}");
    for page in pages.iter().chain(["can-cu.html".to_string()].iter()) {
        if !out.join(page).exists() {
            continue;
        }
        let html = read(&out, page);
        let get = |key: &str| meta(&html, key).unwrap_or_else(|| panic!("{page}: no {key}"));
        let url = get("og:url");
        assert!(url.starts_with(&format!("{BASE}/")), "{page}: og:url {url}");
        // The address is the page's own, percent-encoded (`Bài học` is `bai-hoc`).
        assert!(
            url.ends_with(page.as_str()) || url.ends_with(&page.replace(' ', "%20")),
            "{page}: {url}"
        );
        let image = get("og:image");
        assert!(
            image.starts_with(&format!("{BASE}/share/")),
            "{page}: og:image {image}"
        );
        assert_eq!(get("twitter:image"), image);
        // It names a card that was written, with its revision.
        let (path, revision) = image[BASE.len() + 1..].split_once("?v=").unwrap();
        assert!(out.join(path).is_file(), "{page}: {path} was not written");
        assert_eq!(revision.len(), 12, "{image}");
        assert_eq!(get("og:image:width"), WIDTH.to_string());
        assert_eq!(get("og:image:height"), HEIGHT.to_string());
        assert!(!get("og:image:alt").is_empty());
        assert_eq!(get("og:locale"), "vi_VN");
        assert_eq!(get("og:site_name"), "Khoá học thử");
        assert_eq!(get("twitter:card"), "summary_large_image");
        assert!(!get("og:title").is_empty() && !get("og:description").is_empty());
        let kind = get("og:type");
        if page.ends_with("index.html") || page == "can-cu.html" {
            assert_eq!(kind, "website", "{page}");
        } else {
            assert_eq!(kind, "article", "{page}");
            assert_eq!(path, card_path(page), "{page}: a lesson shows its own card");
            // Its "Chia sẻ" button shares the same address and title.
            let buttons: Vec<&str> = start_tags(&html)
                .into_iter()
                .filter(|t| t.contains(" data-baihoc-share "))
                .collect();
            assert_eq!(buttons.len(), 1, "{page}: {buttons:?}");
            assert_eq!(attr_of(buttons[0], "data-url"), Some(url.clone()), "{page}");
            assert_eq!(
                attr_of(buttons[0], "data-title"),
                Some(get("og:title")),
                "{page}"
            );
        }
    }
    // A lesson's card says what it shows in its alt text.
    let html = read(&out, "x.html");
    assert_eq!(
        meta(&html, "og:image:alt").unwrap(),
        "Bài 1 · Bài X · Khoá học thử"
    );
}

#[test]
fn without_base_url_no_tag_no_card_and_one_note() {
    let site = fixture("course");
    let opts = BuildOptions::new(site.path());
    let summary = build_with(&opts);
    let out = opts.out_dir();
    for page in html_files(&out) {
        let html = read(&out, &page);
        for key in ["og:url", "og:image", "og:title", "twitter:card"] {
            assert_eq!(meta(&html, key), None, "{page} has {key}");
        }
        assert!(
            !html.contains("property=\"og:"),
            "{page} has Open Graph tags"
        );
        assert!(!html.contains(BASE) && !html.contains("share/"), "{page}");
    }
    assert!(cards(&out).is_empty());
    assert!(
        !site.path().join(".baihoc-cache").exists(),
        "nothing drawn, nothing cached"
    );
    // Said once for the whole site, as a note, not a warning.
    let said: Vec<String> = notes(&summary)
        .into_iter()
        .filter(|n| n.contains("no `base_url`"))
        .collect();
    assert_eq!(said.len(), 1, "{:?}", notes(&summary));
    assert!(said[0].starts_with("site.yaml: note: "), "{}", said[0]);
    assert!(
        share_warnings(&summary).is_empty(),
        "{:?}",
        summary.warnings
    );

    // The command prints it once, after the summary line, and `check
    // --strict` of the bundled course (no base_url) still passes.
    let run = |root: &Path, args: &[&str]| {
        assert_cmd::Command::cargo_bin("baihoc")
            .unwrap()
            .arg("--root")
            .arg(root)
            .args(args)
            .output()
            .unwrap()
    };
    let built = run(site.path(), &["build"]);
    let stdout = String::from_utf8_lossy(&built.stdout);
    assert_eq!(built.status.code(), Some(0));
    assert_eq!(stdout.matches("no `base_url`").count(), 1, "{stdout}");
    assert!(stdout.starts_with("Built into "), "{stdout}");
    let course = bundled_course("");
    let strict = run(
        course.path(),
        &["check", "--strict", "--today", "2026-11-30"],
    );
    let stdout = String::from_utf8_lossy(&strict.stdout);
    assert_eq!(
        strict.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&strict.stderr)
    );
    assert_eq!(stdout.matches("no `base_url`").count(), 1, "{stdout}");
    assert!(stdout.contains("(0 warnings)"), "{stdout}");
}

#[test]
fn every_card_is_a_1200_by_630_png_and_none_is_stored_offline() {
    let site = fixture("course");
    let opts = with_base(site.path());
    build_with(&opts);
    let out = opts.out_dir();
    let cards = cards(&out);
    let pages = document_pages(&out);
    // One card per document (a long section's extra list pages share its card).
    let documents: Vec<&String> = pages.iter().filter(|p| !p.contains("index-")).collect();
    assert_eq!(cards.len(), documents.len(), "{:?}", cards.keys());
    for (path, bytes) in &cards {
        let picture = decode(bytes, path);
        assert_eq!((picture.width, picture.height), (WIDTH, HEIGHT), "{path}");
        // Not blank: the text stands out from the background.
        let background = picture.at(0, 0);
        assert!(
            picture.rgb.iter().filter(|p| **p != background).count() > 5000,
            "{path}"
        );
    }
    // Readers do not need the cards offline; every other page is stored.
    let sw = read(&out, "sw.js");
    assert!(
        !sw.contains("share/"),
        "the service worker stores share cards"
    );
    assert!(sw.contains("\"x.html\""));
    // `list` names each lesson's card among its files.
    let entries = baihoc::list(&opts).unwrap();
    let x = entries.iter().find(|e| e.output == "x.html").unwrap();
    assert_eq!(
        x.outputs,
        vec![
            "x.html".to_string(),
            "x.trinh-chieu.html".to_string(),
            "share/x.png".to_string()
        ]
    );
}

#[test]
fn a_card_changes_with_its_title_and_only_then() {
    let site = fixture("course");
    let root = site.path();
    let opts = with_base(root);
    let out = opts.out_dir();
    let first = build_with(&opts);
    let cards_before = cards(&out);
    let n = cards_before.len();
    assert_eq!(drawn_and_reused(&first), (n, 0));

    // Unchanged: every card from the cache, the same bytes.
    let again = build_with(&opts);
    assert_eq!(drawn_and_reused(&again), (0, n));
    assert_eq!(cards(&out), cards_before);

    // A changed body shows on no card.
    let x = root.join("content/x.md");
    let text = std::fs::read_to_string(&x).unwrap();
    std::fs::write(&x, text.replace("Mở đầu bài X.", "Mở đầu bài X, viết lại.")).unwrap();
    let body = build_with(&opts);
    assert_eq!(drawn_and_reused(&body), (0, n));
    assert_eq!(cards(&out), cards_before);

    // A changed title: that card alone is drawn again, and its pixels change.
    let text = std::fs::read_to_string(&x).unwrap();
    std::fs::write(
        &x,
        text.replace("title: \"Bài X\"", "title: \"Bài X đã đổi tên\""),
    )
    .unwrap();
    let renamed = build_with(&opts);
    assert_eq!(drawn_and_reused(&renamed), (1, n - 1));
    let after = cards(&out);
    for (path, bytes) in &after {
        let old = decode(&cards_before[path], path);
        let new = decode(bytes, path);
        if path == "share/x.png" {
            assert_ne!(old.rgb, new.rgb, "the renamed lesson's card did not change");
        } else {
            assert_eq!(old.rgb, new.rgb, "{path} changed though its title did not");
        }
    }

    // The cache lives outside the output: it survives public/ being removed,
    // and a warm build links its files instead of copying them.
    std::fs::remove_dir_all(&out).unwrap();
    let warm = build_with(&opts);
    assert_eq!(drawn_and_reused(&warm), (0, n));
    assert_eq!(cards(&out), after);
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let card = std::fs::metadata(out.join("share/x.png")).unwrap();
        assert!(
            card.nlink() >= 2,
            "share/x.png is a copy, not a link to the cache"
        );
    }
    // The card drawn for the old title is no longer kept.
    let kept = files_under(&root.join(".baihoc-cache/share-cards"));
    assert_eq!(kept.len(), n, "{kept:?}");
}

#[test]
fn a_title_the_font_cannot_draw_is_a_warning_naming_the_page() {
    let site = fixture("course");
    let root = site.path();
    write(
        root,
        "content/han.md",
        "---\ntitle: \"Học chữ 漢字 cùng VNeID\"\n---\n\nBài.\n",
    );
    let summary = build_with(&with_base(root));
    let warnings: Vec<String> = summary.warnings.iter().map(ToString::to_string).collect();
    let about: Vec<&String> = warnings
        .iter()
        .filter(|w| w.contains("share card"))
        .collect();
    assert_eq!(about.len(), 1, "{warnings:?}");
    assert!(
        about[0].starts_with("content/han.md:2: warning: the share card cannot draw \"漢\" (U+6F22), \"字\" (U+5B57) of the title"),
        "{}",
        about[0]
    );
    // Vietnamese with every tone mark is drawn without a word.
    let site = fixture("course");
    write(
        site.path(),
        "content/dau.md",
        "---\ntitle: \"Ẳng ẵng Ổ ộ Ữ ự Ỹ ỵ Đ đ Ơ ơ Ư ư\"\n---\n\nBài.\n",
    );
    let summary = build_with(&with_base(site.path()));
    assert!(
        share_warnings(&summary).is_empty(),
        "{:?}",
        summary.warnings
    );
}

/// The bundled course, built with a base_url into a temporary folder.
fn built_course() -> (tempfile::TempDir, PathBuf) {
    let course = bundled_course("");
    let opts = BuildOptions {
        today: baihoc::date::Date::parse("2026-11-30"),
        ..with_base(course.path())
    };
    build_with(&opts);
    let out = opts.out_dir();
    (course, out)
}

#[test]
fn the_longest_title_of_the_bundled_course_stays_in_the_safe_area() {
    let (course, out) = built_course();
    let entries = baihoc::list(&with_base(course.path())).unwrap();
    let longest = entries
        .iter()
        .filter(|e| e.kind != "site")
        .max_by_key(|e| e.title.chars().count())
        .unwrap();
    assert_eq!(
        longest.title, "Lợi ích của tài khoản định danh điện tử theo pháp luật",
        "the course's longest title changed: check docs/share-card.png"
    );
    let path = card_path(&longest.output);
    let bytes = std::fs::read(out.join(&path)).unwrap();
    let card = decode(&bytes, &path);
    let background = card.at(0, 0);
    // No pixel outside the safe area differs from the background: no glyph
    // (nor anything else) is drawn within SAFE_MARGIN of an edge.
    let m = SAFE_MARGIN;
    let mut outside = 0;
    for y in 0..card.height {
        for x in 0..card.width {
            let inside = x >= m && x < card.width - m && y >= m && y < card.height - m;
            if !inside && card.at(x, y) != background {
                outside += 1;
            }
        }
    }
    assert_eq!(
        outside, 0,
        "{outside} pixels drawn outside the safe area of {path}"
    );
    // Every card of the course, the same.
    for (p, bytes) in cards(&out) {
        let c = decode(&bytes, &p);
        let edge_drawn = (0..c.width)
            .any(|x| c.at(x, m - 1) != background || c.at(x, c.height - m) != background)
            || (0..c.height)
                .any(|y| c.at(m - 1, y) != background || c.at(c.width - m, y) != background);
        assert!(!edge_drawn, "{p} draws on the edge of its safe area");
    }

    // The picture in the README is this card (allowing for rounding in
    // anti-aliasing on another machine): regenerate docs/share-card.png
    // when the layout changes.
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/share-card.png");
    let shown = decode(&std::fs::read(&doc).unwrap(), "docs/share-card.png");
    assert_eq!((shown.width, shown.height), (card.width, card.height));
    let differing = shown
        .rgb
        .iter()
        .zip(&card.rgb)
        .filter(|(a, b)| a.iter().zip(b.iter()).any(|(x, y)| x.abs_diff(*y) > 8))
        .count();
    assert!(
        differing < 500,
        "docs/share-card.png differs from the card the build draws in {differing} pixels: copy {path} of a build with --base-url there"
    );
}

#[test]
fn a_site_replaces_the_card_layout_and_its_cards_are_drawn_again() {
    let site = fixture("course");
    let root = site.path();
    let opts = with_base(root);
    let first = build_with(&opts);
    let n = drawn_and_reused(&first).0;
    write(
        root,
        "templates/share-card.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{{ card.width }}\" height=\"{{ card.height }}\">\
         <rect width=\"100%\" height=\"100%\" fill=\"#1d6b34\"/>\
         <text x=\"80\" y=\"300\" font-size=\"{{ card.title.size }}\" font-family=\"{{ card.font }}\" fill=\"#fff\">{{ card.title.lines[0].text }}</text></svg>",
    );
    let summary = build_with(&opts);
    assert_eq!(drawn_and_reused(&summary), (n, 0));
    let out = opts.out_dir();
    let card = decode(
        &std::fs::read(out.join("share/x.png")).unwrap(),
        "share/x.png",
    );
    assert_eq!(card.at(5, 5), [0x1d, 0x6b, 0x34]);
    assert_eq!((card.width, card.height), (WIDTH, HEIGHT));

    // A title with markup is text on the card, not SVG.
    write(
        root,
        "content/the.md",
        "---\ntitle: \"A <b>&</b> B\"\n---\n\nX.\n",
    );
    let summary = build_with(&opts);
    assert!(
        share_warnings(&summary).is_empty(),
        "{:?}",
        summary.warnings
    );

    // A template that is not SVG is an error naming it; the output is kept.
    write(root, "templates/share-card.svg", "<svg");
    let before = snapshot(&out);
    let failure = baihoc::build(&opts).unwrap_err();
    let message = describe(&failure);
    assert!(message.contains("templates/share-card.svg"), "{message}");
    assert!(message.contains("cannot draw the share card"), "{message}");
    assert_eq!(snapshot(&out), before);
}

#[test]
fn check_draws_nothing_and_writes_nothing() {
    let site = fixture("course");
    let root = site.path();
    let before = snapshot(root);
    let summary = baihoc::check(&with_base(root)).unwrap_or_else(|f| panic!("{}", describe(&f)));
    assert!(
        share_warnings(&summary).is_empty(),
        "{:?}",
        summary.warnings
    );
    assert_eq!(snapshot(root), before, "check wrote into the site folder");
}

#[test]
fn a_re_rendered_title_redraws_its_card_as_a_full_build_does() {
    let site = fixture("course");
    let root = site.path();
    let opts = with_base(root);
    let mut built = baihoc::build_in_memory(&opts).unwrap_or_else(|f| panic!("{}", describe(&f)));
    let before = built.files().clone();
    let x = root.join("content/x.md");
    let text = std::fs::read_to_string(&x).unwrap();
    std::fs::write(&x, text.replace("title: \"Bài X\"", "title: \"Bài X mới\"")).unwrap();
    let changes = built
        .rerender("x.md")
        .unwrap_or_else(|f| panic!("{}", describe(&f)));
    let full = baihoc::build_in_memory(&opts).unwrap_or_else(|f| panic!("{}", describe(&f)));
    assert_eq!(built.files(), full.files(), "same bytes as a full build");
    let changed = changes.paths();
    assert!(changed.contains(&"share/x.png".to_string()), "{changed:?}");
    assert!(changed.contains(&"x.html".to_string()), "{changed:?}");
    // Other cards show neither that title nor anything that changed.
    assert!(
        changed
            .iter()
            .all(|p| !p.starts_with("share/") || p == "share/x.png"),
        "{changed:?}"
    );
    assert_ne!(before["share/x.png"], full.files()["share/x.png"]);
}

/// The build's warnings, less those the fixture's long slides give (the slide
/// deck's own business, tested in tests/deck.rs).
fn share_warnings(summary: &Summary) -> Vec<&baihoc::diagnostics::Diagnostic> {
    summary
        .warnings
        .iter()
        .filter(|w| w.code() != Some("slide-too-long"))
        .collect()
}
