//! Entry points for the fuzz targets (`fuzz/`, cargo-fuzz) and for the test
//! that replays their kept corpora (`tests/fuzz_corpus.rs`): each takes raw
//! bytes, runs one part of the builder on them exactly as a build does, and
//! panics when a property every output must have does not hold. Not an API:
//! hidden from the documentation and free to change with the fuzz targets.
//!
//! - [`front_matter`]: a Markdown file's text → control characters removed,
//!   front matter split and checked (what loading does with every file);
//! - [`page`]: the whole transform pipeline of one page of a small fake
//!   site: front matter, then the body through every Markdown transform
//!   (attribute blocks, heading ids, notes, slide-only and page-only parts,
//!   raw HTML, footnotes, QR images, links resolved against the fake site,
//!   callouts, tables, task lists, quiz blocks), the outline, slide splitting in every
//!   mode with the overflow estimate, and the print view's rewriting;
//! - [`quiz`]: the YAML of one ```` ```quiz ```` block, read and checked
//!   as a page's block is, then written in every form (page, printed
//!   sheet, answer key, slides and their notes);
//! - [`text`]: Vietnamese slugs, diacritic folding, NFC, ordering and
//!   control characters;
//! - [`settings`]: `site.yaml` and the sources registry (`data/sources.yaml`);
//! - [`serve_path`]: the request path resolver of `serve` and `share`.

use crate::config::Config;
use crate::content::{Document, Site, parse_document};
use crate::diagnostics::Diagnostics;
use crate::markdown::Labels;
use crate::markdown::html_scan::{self, Kind};
use crate::products::deck::{fit, slides};
use crate::resolve::{self, ResolveOptions, Resolved, Target};
use crate::sources::Registry;
use crate::theme::Theme;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// Where the fuzzed page sits in the fake site.
const PAGE_REL: &str = "dang-ky/trang.md";

/// The fake site's files: a home page, a section with two lessons (one of
/// them the page being fuzzed), a picture, and a lesson at the root.
const FAKE_SITE: &[(&str, &[u8])] = &[
    ("site.yaml", b"title: \"Kho\xc3\xa1 h\xe1\xbb\x8dc th\xe1\xbb\xad\"\n"),
    ("content/_index.md", b"---\ntitle: Trang chu\n---\nXin chao.\n"),
    (
        "content/dang-ky/_index.md",
        b"---\ntitle: Dang ky\n---\n## Gioi thieu\n",
    ),
    (
        "content/dang-ky/kich-hoat.md",
        b"---\ntitle: Kich hoat\n---\n## Buoc 1\n\nMot.\n\n## Buoc 2\n\nHai.\n",
    ),
    (
        "content/dang-ky/trang.md",
        b"---\ntitle: Trang\n---\nThay bang dau vao.\n",
    ),
    (
        "content/dang-ky/hinh.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa75\x81\x84\0\0\0\0IEND\xaeB`\x82",
    ),
    (
        "content/an-toan.md",
        b"---\ntitle: An toan\n---\n## Lua dao\n\nCan than.\n",
    ),
];

struct FakeSite {
    site: Site,
    resolved: Resolved,
    target: Target,
    labels: Labels,
}

/// The fake site, loaded and resolved once per process (from a temporary
/// folder that is removed again: rendering reads nothing from disk).
fn fake_site() -> &'static FakeSite {
    static SITE: OnceLock<FakeSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder for the fake site");
        for (rel, bytes) in FAKE_SITE {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
            std::fs::write(path, bytes).expect("a file of the fake site");
        }
        let mut diags = Diagnostics::new();
        let site = Site::load(dir.path(), &mut diags).expect("the fake site loads");
        let theme = Theme::load(dir.path(), &site.config, &mut diags).expect("the theme loads");
        let resolved = resolve::resolve(
            &site,
            theme.static_map(),
            &ResolveOptions {
                include_drafts: false,
            },
            &mut diags,
        );
        assert!(!diags.has_errors(), "the fake site is valid");
        let target = resolved
            .target_of(PAGE_REL)
            .expect("the fuzzed page is published");
        FakeSite {
            site,
            resolved,
            target,
            labels: Labels::default(),
        }
    })
}

/// Parses `data` as the text of `content/REL`, as loading a site does.
fn document(rel: &str, data: &[u8]) -> Option<Document> {
    let text = String::from_utf8_lossy(data).into_owned();
    let shown = PathBuf::from("content").join(rel);
    let (doc, diags) = parse_document(rel, shown, text, false);
    assert_eq!(
        doc.is_none(),
        diags.has_errors(),
        "a document is refused exactly when an error says why"
    );
    doc
}

/// Front matter splitting and parsing of one file's text.
pub fn front_matter(data: &[u8]) {
    if let Some(doc) = document(PAGE_REL, data) {
        assert!(
            crate::text::find_unwanted_control(&doc.body).is_none(),
            "control characters never reach a body"
        );
        assert!(doc.body_line >= 1);
    }
}

/// One page through the whole Markdown pipeline, then slides and print.
pub fn page(data: &[u8]) {
    let fake = fake_site();
    // A text without valid front matter is fuzzed as a body too.
    let doc = document(PAGE_REL, data).or_else(|| {
        let mut text = b"---\ntitle: Trang\n---\n".to_vec();
        text.extend_from_slice(data);
        document(PAGE_REL, &text)
    });
    let Some(doc) = doc else { return };
    let rendered =
        crate::render::render_body(&fake.site, &fake.resolved, fake.target, &doc, &fake.labels);
    let html = &rendered.html;
    for mark in &rendered.outline.marks {
        assert!(
            mark.offset <= html.len(),
            "outline offsets fall in the html"
        );
        assert!(html.is_char_boundary(mark.offset));
    }
    // Script in raw HTML is reported (and stopped by the pages' CSP); a
    // page about which the build says nothing holds none.
    if rendered.diagnostics.is_empty() {
        let mut found = Vec::new();
        html_scan::scan(html, &mut false, &mut found);
        for notes in &rendered.notes {
            html_scan::scan(&notes.html, &mut false, &mut found);
        }
        for f in &found {
            assert!(
                !matches!(
                    f.kind,
                    Kind::Script | Kind::Handler { .. } | Kind::ScriptUrl { .. }
                ),
                "script that no diagnostic mentions: {f:?} in {html:?}"
            );
        }
    }
    let _ = crate::markdown::outline::text_of(html);
    for how in [
        doc.front.slides,
        crate::content::front_matter::Slides::AtH2,
        crate::content::front_matter::Slides::AtH3,
        crate::content::front_matter::Slides::AtRules,
    ] {
        let deck = slides::split(html, &rendered.outline, how);
        assert!(!deck.is_empty(), "a deck has its title slide");
        for (i, slide) in deck.iter().enumerate() {
            for &n in &slide.notes {
                assert!(n < rendered.notes.len(), "a slide's notes exist");
            }
            let _ = if i == 0 {
                fit::title_slide(&doc.front.title, "Khoá học", &slide.html)
            } else {
                fit::content_slide(crate::quiz::html::slide_as_shown(&slide.html), false)
            }
            .overflows();
        }
    }
    let from = fake.resolved.out_of(fake.target);
    let inside = HashMap::from([
        (from.to_string(), "bai-2".to_string()),
        ("dang-ky/kich-hoat.html".to_string(), "bai-1".to_string()),
    ]);
    let _ = crate::products::print_links::rewrite(
        html,
        &crate::products::print_links::Rewrite {
            prefix: "bai-2-",
            label_prefix: "Bài 2 · ",
            from,
            to: "ban-in.html",
            inside: &inside,
        },
    );
}

/// Where the fuzzed quiz block is: its YAML starts on this line of the file.
const QUIZ_FIRST_LINE: usize = 10;

/// One quiz block's YAML, read and checked as the Markdown transform does
/// ([`crate::quiz::parse`], after loading has removed control characters),
/// then written in every form the products show. A quiz that is refused
/// has errors at lines of the block, each with a hint; a quiz that is
/// accepted holds only what checking promises, and its author texts never
/// add markup to any of its HTML. The text as a typed short answer folds
/// the same composed and decomposed.
pub fn quiz(data: &[u8]) {
    use crate::quiz::{Answer, Place, html};
    let text = String::from_utf8_lossy(data);
    let text = crate::text::without_controls(&text).unwrap_or_else(|| text.into_owned());
    // The input as a typed answer: composed or decomposed, the same words.
    let typed = crate::quiz::fold_answer(&text);
    assert_eq!(
        crate::quiz::fold_answer(&text.nfc().collect::<String>()),
        typed
    );
    assert_eq!(
        crate::quiz::fold_answer(&text.nfd().collect::<String>()),
        typed
    );
    let file = std::path::Path::new("content").join(PAGE_REL);
    let place = Place {
        file: &file,
        first_line: QUIZ_FIRST_LINE,
        indent: 2,
    };
    // The last line an error or a question may name (YAML reports an
    // unfinished document on the line after the last).
    let last_line = QUIZ_FIRST_LINE + text.lines().count() + 1;
    let first = 3;
    let quiz = match crate::quiz::parse(&text, place, first) {
        Ok(quiz) => quiz,
        Err(errors) => {
            assert!(!errors.is_empty(), "a refused quiz says why");
            for e in &errors {
                assert!(e.is_error(), "{e}");
                assert_eq!(e.file.as_deref(), Some(file.as_path()), "{e}");
                let line = e.line.expect("an error names its line");
                assert!(
                    (QUIZ_FIRST_LINE..=last_line).contains(&line),
                    "an error names a line of the block: {e}"
                );
                assert!(e.column.is_some_and(|c| c > 2), "{e}");
                assert!(e.hint.as_deref().is_some_and(|h| !h.is_empty()), "{e}");
            }
            return;
        }
    };
    assert!(!quiz.questions.is_empty(), "a quiz has a question");
    assert_eq!(quiz.first, first);
    for q in &quiz.questions {
        assert!(!q.prompt.is_empty() && q.prompt.trim() == q.prompt);
        assert!((QUIZ_FIRST_LINE..=last_line).contains(&q.line));
        let n = q.choices.len();
        match &q.answer {
            Answer::Single(i) => assert!(*i < n),
            Answer::Multiple(is) => {
                assert!(!is.is_empty() && is.windows(2).all(|w| w[0] < w[1]));
                assert!(is.iter().all(|i| *i < n));
            }
            Answer::TrueFalse(_) => assert_eq!(n, 0),
            Answer::Short(accepted) => {
                assert_eq!(n, 0);
                assert!(!accepted.is_empty());
                for a in accepted {
                    assert!(
                        !crate::quiz::fold_answer(a).is_empty(),
                        "an accepted answer has a word: {a:?}"
                    );
                }
            }
        }
        if matches!(q.answer, Answer::Single(_) | Answer::Multiple(_)) {
            assert!(n >= 2, "a choice question has two choices");
            for (i, c) in q.choices.iter().enumerate() {
                assert!(!c.is_empty() && !q.choices[..i].contains(c), "{c:?}");
            }
        }
    }
    // Every form of the quiz, then the same with every author text made
    // plain: the markup is the same, so no text added any.
    let labels = html::QuizLabels::default();
    let forms = |quiz: &crate::quiz::Quiz| {
        let mut all = vec![
            html::page(quiz, 1, &labels),
            html::printed(quiz, &labels),
            html::key(std::slice::from_ref(quiz), &labels),
        ];
        for i in 0..quiz.questions.len() {
            let slide = html::slide(quiz, i, quiz.questions.len(), &labels);
            assert!(
                !html::slide_as_shown(&slide).contains("data-quiz-answer"),
                "a slide shows its answer only when revealed"
            );
            all.push(slide);
            all.push(html::slide_notes(quiz, i, &labels));
        }
        all
    };
    let written = forms(&quiz);
    let mut plain = quiz.clone();
    for q in &mut plain.questions {
        q.prompt = "x".into();
        q.explain = q.explain.as_ref().map(|_| "x".into());
        for c in &mut q.choices {
            *c = "x".into();
        }
        if let Answer::Short(accepted) = &mut q.answer {
            for a in accepted {
                *a = "x".into();
            }
        }
    }
    for (html, plain) in written.iter().zip(forms(&plain)) {
        assert_eq!(
            html.matches('<').count(),
            plain.matches('<').count(),
            "author text adds no markup: {html}"
        );
        let mut found = Vec::new();
        html_scan::scan(html, &mut false, &mut found);
        assert!(
            !found.iter().any(|f| matches!(
                f.kind,
                Kind::Script | Kind::Handler { .. } | Kind::ScriptUrl { .. }
            )),
            "no script in a quiz: {found:?}"
        );
    }
}

/// Slugs, folding, NFC, ordering and control characters of one string.
pub fn text(data: &[u8]) {
    use crate::text::*;
    let s = String::from_utf8_lossy(data);
    let nfc_form: String = s.nfc().collect();
    let nfd_form: String = s.nfd().collect();
    assert_eq!(nfc(&s), nfc_form.as_str(), "nfc() is Unicode NFC");

    let folded = strip_diacritics(&s);
    assert_eq!(strip_diacritics(&folded), folded, "folding is idempotent");
    assert_eq!(strip_diacritics(&nfc_form), strip_diacritics(&nfd_form));
    // The folding search and quiz answers compare with.
    let search = fold(&s);
    assert_eq!(fold(&search), search, "search folding is idempotent");
    assert_eq!(fold(&nfc_form), fold(&nfd_form));

    let slug = slugify(&s);
    assert_eq!(slugify(&slug), slug, "a slug is its own slug");
    assert_eq!(slugify(&nfc_form), slugify(&nfd_form));
    assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
    for max in [1, 8, 40, 80] {
        let short = shorten_slug(&slug, max);
        assert!(short.len() <= max && slug.starts_with(short));
    }

    let (a, b) = s.split_at(
        s.char_indices()
            .nth(s.chars().count() / 2)
            .map_or(0, |(i, _)| i),
    );
    assert_eq!(
        vi_cmp(a, b),
        vi_cmp(b, a).reverse(),
        "the order is antisymmetric"
    );
    assert_eq!(vi_cmp(&s, &s), std::cmp::Ordering::Equal);

    let first = s
        .char_indices()
        .find(|&(_, c)| is_unwanted_control(c))
        .map(|(i, _)| i);
    assert_eq!(
        find_unwanted_control(&s),
        first,
        "the byte scan finds the first control"
    );
    if let Some(clean) = without_controls(&s) {
        assert!(find_unwanted_control(&clean).is_none());
    }
    assert!(find_unwanted_control(&escape_controls(&s)).is_none());
    let _ = did_you_mean(a, &["title", "weight", "slides", b]);
}

/// `site.yaml` and the sources registry, each parsed from the same text.
pub fn settings(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut diags = Diagnostics::new();
    let config = Config::parse(&text, &mut diags);
    assert_eq!(config.is_none(), diags.has_errors());
    let mut diags = Diagnostics::new();
    let registry = Registry::parse(&text, &mut diags);
    assert_eq!(registry.is_none(), diags.has_errors());
}

/// The request path resolver of `serve` and `share`.
pub fn serve_path(data: &[u8]) {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(p) = crate::serve::paths::site_path(raw) {
        for seg in p.rel.split('/').filter(|_| !p.rel.is_empty()) {
            assert!(!seg.is_empty(), "no empty segment in {raw:?}");
            assert!(
                !seg.starts_with('.'),
                "no dot segment or hidden file in {raw:?}"
            );
            assert!(
                !seg.contains(['\\', ':']) && !seg.chars().any(char::is_control),
                "no backslash, drive or control in {raw:?}"
            );
        }
        assert!(p.index().ends_with("index.html"));
    }
}
