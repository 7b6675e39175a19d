//! The slide deck of each lesson (`bai.trinh-chieu.html`), from the outside:
//! how a page divides into slides (at `##` by default, at `###` or at `---`
//! with `slides:`), the title slide, slide-only and page-only parts, speaker
//! notes present in the deck and in no other file the build writes, the
//! warning for a slide too long for the screen (file, line, heading; an
//! error with `check --strict`), mistakes in `slides:`, the deck in `list
//! --json`, in the service worker and in the collision check, the link from
//! the page, partial re-renders, and the weight of the deck's CSS and JS.
//! What a browser does with a deck is in tests/browser/deck.mjs.

mod common;

use baihoc::{BuildOptions, Built, build_in_memory};
use common::*;
use flate2::{Compression, write::GzEncoder};
use std::io::Write;
use std::path::Path;
use tempfile::TempDir;

/// A site with a home page and one lesson, `content/phan/bai.md`, whose
/// front matter adds `front` and whose body is `body`.
fn site_with(front: &str, body: &str) -> TempDir {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "site.yaml", "title: \"Khóa học thử\"\n");
    write(
        tmp.path(),
        "content/_index.md",
        "---\ntitle: \"Trang chủ\"\n---\nXin chào.\n",
    );
    write(
        tmp.path(),
        "content/phan/_index.md",
        "---\ntitle: \"Phần một\"\n---\n",
    );
    write(
        tmp.path(),
        "content/phan/bai.md",
        &format!("---\ntitle: \"Bài thử\"\n{front}---\n{body}"),
    );
    tmp
}

fn built(root: &Path) -> Built {
    build_in_memory(&BuildOptions::new(root)).unwrap_or_else(|f| panic!("{}", describe(&f)))
}

fn text(built: &Built, path: &str) -> String {
    let bytes = built
        .files()
        .get(path)
        .unwrap_or_else(|| panic!("{path} was not written"));
    String::from_utf8(bytes.clone()).unwrap()
}

/// The `aria-label` of each slide of a deck: "2 / 5: Heading".
fn slide_labels(deck: &str) -> Vec<String> {
    start_tags(deck)
        .into_iter()
        .filter(|t| t.starts_with("<section class=\"slide"))
        .map(|t| decode_entities(&attr_of(t, "aria-label").unwrap_or_default()))
        .collect()
}

/// The HTML of slide `n` (1-based) of a deck, up to the next slide.
fn slide(deck: &str, n: usize) -> &str {
    let starts: Vec<usize> = deck
        .match_indices("<section class=\"slide")
        .map(|(i, _)| i)
        .collect();
    let end = starts.get(n).copied().unwrap_or(deck.len());
    &deck[starts[n - 1]..end]
}

const LESSON: &str = "Mở đầu ngắn.\n\n```notes\nChào cả lớp, giới thiệu bài.\n```\n\n## Một\n\nÝ một.\n\n### Một a\n\nÝ một a.\n\n```notes\nHỏi lớp câu một a.\n```\n\n---\n\n## Hai\n\nÝ hai.\n\n---\n\nÝ cuối.\n";

#[test]
fn a_lesson_divides_at_h2_by_default_with_a_title_slide() {
    let site = site_with("", LESSON);
    let b = built(site.path());
    let deck = text(&b, "phan/bai.trinh-chieu.html");
    assert_eq!(
        slide_labels(&deck),
        vec!["1 / 3", "2 / 3: Một", "3 / 3: Hai"]
    );
    // The title slide: the lesson's number, its title, the opening, the course.
    let title = slide(&deck, 1);
    assert!(
        title.contains("<p class=\"slide-kicker\">Bài 1</p>"),
        "{title}"
    );
    assert!(title.contains("<h1>Bài thử</h1>"), "{title}");
    assert!(title.contains("<p>Mở đầu ngắn.</p>"), "{title}");
    assert!(
        title.contains("<p class=\"slide-course\">Khóa học thử</p>"),
        "{title}"
    );
    // ### and --- stay inside the ## slides.
    let one = slide(&deck, 2);
    assert!(
        one.contains("<h3 id=\"mot-a\">Một a</h3>") && one.contains("<hr />"),
        "{one}"
    );
    assert!(slide(&deck, 3).contains("<p>Ý cuối.</p>"));
    // Each slide's notes follow it, hidden.
    assert!(
        title.contains("<div class=\"slide-notes\" hidden><p>Chào cả lớp, giới thiệu bài.</p>"),
        "{title}"
    );
    assert!(
        one.contains("<div class=\"slide-notes\" hidden><p>Hỏi lớp câu một a.</p>"),
        "{one}"
    );
}

#[test]
fn slides_at_h3_or_at_rules() {
    let site = site_with("slides: \"###\"\n", LESSON);
    let deck = text(&built(site.path()), "phan/bai.trinh-chieu.html");
    assert_eq!(
        slide_labels(&deck),
        vec!["1 / 4", "2 / 4: Một", "3 / 4: Một a", "4 / 4: Hai"]
    );
    assert!(slide(&deck, 3).contains("Hỏi lớp câu một a."));

    let site = site_with("slides: \"---\"\n", LESSON);
    let deck = text(&built(site.path()), "phan/bai.trinh-chieu.html");
    // Before the first rule: the title slide; the rules are not shown.
    assert_eq!(slide_labels(&deck), vec!["1 / 3", "2 / 3: Hai", "3 / 3"]);
    assert!(slide(&deck, 1).contains("<h2 id=\"mot\">Một</h2>"));
    assert!(!deck.contains("<hr"), "{deck}");
    assert!(slide(&deck, 3).contains("<p>Ý cuối.</p>"));
}

#[test]
fn page_only_parts_stay_on_the_page_and_slide_only_parts_on_the_slides() {
    let body = "## Một\n\nChung cho cả hai.\n\n<!-- page-only -->\nGiải thích dài chỉ trên trang.\n<!-- /page-only -->\n\n<!-- slide-only -->\nTóm tắt chỉ trên trang chiếu.\n<!-- /slide-only -->\n\n<!-- slide-only -->\n## Sơ đồ lớn\n\nChỉ trên trang chiếu, một trang riêng.\n<!-- /slide-only -->\n";
    let site = site_with("", body);
    let b = built(site.path());
    let page = text(&b, "phan/bai.html");
    let deck = text(&b, "phan/bai.trinh-chieu.html");
    assert!(page.contains("Chung cho cả hai.") && deck.contains("Chung cho cả hai."));
    assert!(page.contains("Giải thích dài chỉ trên trang."), "{page}");
    assert!(!deck.contains("Giải thích dài"), "{deck}");
    assert!(!page.contains("Tóm tắt chỉ trên trang chiếu") && !page.contains("Sơ đồ lớn"));
    assert!(slide(&deck, 2).contains("<p>Tóm tắt chỉ trên trang chiếu.</p>"));
    assert_eq!(
        slide_labels(&deck),
        vec!["1 / 3", "2 / 3: Một", "3 / 3: Sơ đồ lớn"]
    );
}

#[test]
fn each_quiz_question_is_a_slide_with_its_answer_hidden_and_in_the_notes() {
    let body = "## Tự kiểm tra\n\nTrả lời nhanh.\n\n```quiz\n- kind: true-false\n  question: \"Câu hỏi thử?\"\n  answer: true\n  explain: \"Vì thế.\"\n- kind: single\n  question: \"Chọn?\"\n  choices: [x, y]\n  answer: y\n```\n";
    let site = site_with("", body);
    let b = built(site.path());
    let deck = text(&b, "phan/bai.trinh-chieu.html");
    assert_eq!(
        slide_labels(&deck),
        vec![
            "1 / 4",
            "2 / 4: Tự kiểm tra",
            "3 / 4: Tự kiểm tra",
            "4 / 4: Tự kiểm tra"
        ]
    );
    assert!(slide(&deck, 2).contains("Trả lời nhanh."));
    assert!(!slide(&deck, 2).contains("Câu hỏi thử"));
    let q1 = slide(&deck, 3);
    assert!(q1.contains("<h3>Câu hỏi thử?</h3>"), "{q1}");
    assert!(
        q1.contains("<p class=\"slide-kicker\">Câu 1 / 2</p>"),
        "{q1}"
    );
    assert!(
        q1.contains("<div class=\"slide-answer\" data-quiz-answer hidden><p><strong>Đáp án:</strong> Đúng</p><p class=\"quiz-explain\">Vì thế.</p></div>"),
        "{q1}"
    );
    // The presenter's notes of the slide hold the answer too.
    let notes = &q1[q1.find("<div class=\"slide-notes\" hidden>").unwrap()..];
    assert!(notes.contains("<strong>Đáp án:</strong> Đúng"), "{notes}");
    let q2 = slide(&deck, 4);
    assert!(
        q2.contains("<li data-correct><span class=\"quiz-letter\">B.</span> y</li>"),
        "{q2}"
    );
    // No form controls on slides: the class answers aloud.
    assert!(!deck.contains("<input"), "{deck}");
}

#[test]
fn the_page_links_to_its_deck_and_list_names_it() {
    let site = fixture("course");
    let b = built(site.path());
    let page = text(&b, "bai-hoc/4-an.html");
    assert!(
        page.contains(
            "<p class=\"present-link\"><a href=\"4-an.trinh-chieu.html\">Trình chiếu</a></p>"
        ),
        "{page}"
    );
    let deck = text(&b, "bai-hoc/4-an.trinh-chieu.html");
    assert!(
        deck.contains("<a href=\"4-an.html\">Về trang bài học</a>"),
        "{deck}"
    );
    // Sections and the home page have no deck, and no link to one.
    let decks: Vec<&String> = b.files().keys().filter(|p| is_deck(p)).collect();
    assert!(
        !decks.iter().any(|p| p.ends_with("index.trinh-chieu.html")),
        "{decks:?}"
    );
    assert!(!text(&b, "bai-hoc/index.html").contains("trinh-chieu"));
    let listed = baihoc::list(&BuildOptions::new(site.path())).unwrap();
    let mut lessons = 0;
    for e in &listed {
        let expected: Vec<String> = match e.kind {
            "page" => {
                lessons += 1;
                vec![
                    e.output.clone(),
                    e.output.replace(".html", ".trinh-chieu.html"),
                ]
            }
            // Sections and the home page: the page, and their print view.
            _ => std::iter::once(e.output.clone())
                .chain(e.print_view.clone())
                .collect(),
        };
        assert_eq!(e.outputs, expected, "{e:?}");
    }
    assert_eq!(lessons, decks.len());
    // The service worker stores every deck, with its stylesheet and script.
    let sw = text(&b, "sw.js");
    for d in &decks {
        assert!(
            sw.contains(&format!("\"{}\"", baihoc::resolve::encode_path(d))),
            "{d}"
        );
    }
    for f in b
        .files()
        .keys()
        .filter(|f| f.starts_with("css/deck.") || f.starts_with("js/deck."))
    {
        assert!(sw.contains(&format!("\"{f}\"")), "{f} is precached");
    }
}

#[test]
fn slides_false_means_no_deck_and_no_link() {
    let site = site_with("slides: false\n", LESSON);
    let b = built(site.path());
    assert!(
        !b.files().keys().any(|p| is_deck(p)),
        "{:?}",
        b.files().keys()
    );
    assert!(!text(&b, "phan/bai.html").contains("present-link"));
}

#[test]
fn a_file_at_a_decks_path_is_a_collision_named_as_such() {
    let site = site_with("", LESSON);
    write(
        site.path(),
        "content/phan/bai.trinh-chieu.html",
        "<p>tự làm</p>\n",
    );
    let failure = match build_in_memory(&BuildOptions::new(site.path())) {
        Ok(_) => panic!("two files at one path must fail the build"),
        Err(f) => f,
    };
    let errors: Vec<String> = failure.errors().map(ToString::to_string).collect();
    assert!(
        errors.iter().any(
            |e| e.contains("would both be written to `phan/bai.trinh-chieu.html`")
                && e.contains("the deck of `content/phan/bai.md`")
        ),
        "{errors:?}"
    );
}

/// A lesson with a part too long for one slide at line 6 of its file.
const TOO_LONG: &str = "Mở đầu.\n\n## Rất dài\n\n";

fn long_part() -> String {
    let items: String = (1..=20)
        .map(|i| format!("- Ý số {i} của phần rất dài này.\n"))
        .collect();
    format!("{TOO_LONG}{items}\n## Ngắn\n\nMột câu.\n")
}

#[test]
fn a_slide_too_long_for_the_screen_is_a_warning_naming_file_line_and_heading() {
    let site = site_with("", &long_part());
    let b = built(site.path());
    let warnings: Vec<String> = b
        .summary()
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    // Front matter: 3 lines, then the body from line 4: `## Rất dài` is line 6.
    assert!(
        warnings[0].starts_with("content/phan/bai.md:6: warning: slide 2 (\"Rất dài\") is too long for the screen: about "),
        "{warnings:?}"
    );
    assert!(warnings[0].contains("hint: split it"), "{warnings:?}");
    // The short parts, and the same part once split, raise nothing.
    let split = long_part().replace("- Ý số 11", "## Rất dài (tiếp)\n\n- Ý số 11");
    let site = site_with("", &split);
    assert!(built(site.path()).summary().warnings.is_empty());
}

#[test]
fn check_strict_fails_on_a_slide_too_long() {
    let site = site_with("", &long_part());
    let out = baihoc()
        .arg("--root")
        .arg(site.path())
        .args(["check", "--strict"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "content/phan/bai.md:6: error: slide 2 (\"Rất dài\") is too long for the screen"
        ),
        "{err}"
    );
    assert!(!site.path().join("public").exists());
}

#[test]
fn the_warnings_of_decks_not_written_again_stay_after_a_partial_re_render() {
    let site = site_with("", &long_part());
    write(
        site.path(),
        "content/phan/khac.md",
        "---\ntitle: \"Bài khác\"\n---\n## A\n\nB.\n",
    );
    let mut b = built(site.path());
    assert_eq!(b.summary().warnings.len(), 1);
    let path = site.path().join("content/phan/khac.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("B.", "C.")).unwrap();
    let changes = b.rerender("phan/khac.md").unwrap();
    assert_eq!(
        changes.paths(),
        vec![
            "ban-in.html",
            "phan/ban-in.html",
            "phan/khac.html",
            "phan/khac.trinh-chieu.html",
            "search/index.js",
            "sw.js"
        ]
    );
    let kept: Vec<String> = changes.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(
        kept[0].starts_with("content/phan/bai.md:6: warning: slide 2"),
        "{kept:?}"
    );
}

#[test]
fn a_new_way_of_dividing_re_renders_the_deck_alone() {
    let site = site_with("", LESSON);
    let root = site.path();
    let mut b = built(root);
    let path = root.join("content/phan/bai.md");
    let original = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        original.replace(
            "title: \"Bài thử\"\n",
            "title: \"Bài thử\"\nslides: \"###\"\n",
        ),
    )
    .unwrap();
    let changes = b.rerender("phan/bai.md").unwrap();
    assert_eq!(changes.paths(), vec!["phan/bai.trinh-chieu.html", "sw.js"]);
    let full = built(root);
    assert_eq!(b.files(), full.files(), "the same bytes as a full build");
    // Turned off: the deck and the link go, as in a full build.
    std::fs::write(
        &path,
        original.replace(
            "title: \"Bài thử\"\n",
            "title: \"Bài thử\"\nslides: false\n",
        ),
    )
    .unwrap();
    let changes = b.rerender("phan/bai.md").unwrap();
    assert_eq!(changes.removed, vec!["phan/bai.trinh-chieu.html"]);
    assert!(
        changes.written.contains(&"phan/bai.html".to_string()),
        "{changes:?}"
    );
    assert_eq!(b.files(), built(root).files());
}

/// Runs `baihoc build` on `root`; returns (exit code, stderr).
fn build_cli(root: &Path) -> (Option<i32>, String) {
    let out = baihoc()
        .arg("--root")
        .arg(root)
        .arg("build")
        .output()
        .unwrap();
    (out.status.code(), stderr_of(&out))
}

#[test]
fn mistakes_in_slides_are_errors_at_their_line() {
    let site = site_with("", LESSON);
    let (code, err) = build_cli(site.path());
    assert_eq!(code, Some(0), "{err}");
    let before = snapshot(&site.path().join("public"));
    let cases = [
        // Unquoted, `###` is a YAML comment.
        (
            "slides: ###\n",
            "content/phan/bai.md:3: error: `slides:` has no value: use \"##\", \"###\", \"---\" or false",
            "quote it",
        ),
        (
            "weight: 2\nslides: \"####\"\n",
            "content/phan/bai.md:4: error: `slides: ####` is not a way to divide a page into slides",
            "`slides: \"###\"` for a slide at each ### heading",
        ),
        (
            "slides: [\"##\"]\n",
            "content/phan/bai.md:3:",
            "check the type of this value",
        ),
    ];
    for (front, message, hint) in cases {
        let path = site.path().join("content/phan/bai.md");
        std::fs::write(
            &path,
            format!("---\ntitle: \"Bài thử\"\n{front}---\n{LESSON}"),
        )
        .unwrap();
        let (code, err) = build_cli(site.path());
        assert_eq!(code, Some(1), "{front}: {err}");
        assert!(err.contains(message), "{front}: {err}");
        assert!(err.contains(hint), "{front}: {err}");
        assert_eq!(
            snapshot(&site.path().join("public")),
            before,
            "{front}: public/ untouched"
        );
    }
}

/// Pieces of the speaker notes of every lesson of the bundled course, each
/// long enough to be unique, and written nowhere in the lessons but in notes.
fn notes_of_the_course(content: &Path) -> Vec<(String, String)> {
    let mut pieces = Vec::new();
    let mut outside = String::new();
    let mut files = Vec::new();
    for f in files_under(content) {
        if f.ends_with(".md") {
            files.push(f);
        }
    }
    let mut notes: Vec<(String, String)> = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(content.join(f)).unwrap();
        let mut in_notes = false;
        for line in text.lines() {
            if line.trim_start().starts_with("```notes") {
                in_notes = true;
            } else if in_notes && line.trim_start().starts_with("```") {
                in_notes = false;
            } else if in_notes {
                notes.push((f.clone(), line.to_string()));
            } else {
                outside.push_str(line);
                outside.push('\n');
            }
        }
    }
    for (f, line) in notes {
        // The longest run of plain text: no Markdown, nothing HTML escapes.
        let best = line
            .split(|c: char| "*_`[]()<>#&\"'".contains(c))
            .map(str::trim)
            .max_by_key(|s| s.chars().count())
            .unwrap_or("");
        if best.chars().count() >= 24 && !outside.contains(best) {
            pieces.push((f, best.to_string()));
        }
    }
    pieces
}

#[test]
fn notes_are_in_the_decks_and_in_no_other_file() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = common::bundled_course("");
    let b = built(site.path());
    let pieces = notes_of_the_course(&repo.join("content"));
    assert!(pieces.len() > 100, "{} pieces of notes", pieces.len());
    let files: Vec<(&String, String)> = b
        .files()
        .iter()
        .map(|(p, bytes)| (p, String::from_utf8_lossy(bytes).into_owned()))
        .collect();
    for (source, piece) in &pieces {
        let deck = format!("{}.trinh-chieu.html", source.trim_end_matches(".md"));
        for (path, text) in &files {
            let found = text.contains(piece.as_str());
            if **path == deck {
                assert!(found, "the notes `{piece}` of {source} are in its deck");
            } else {
                assert!(!found, "the notes `{piece}` of {source} are in {path}");
            }
        }
    }
}

#[test]
fn every_lesson_of_the_course_has_notes_on_most_slides() {
    let site = common::bundled_course("");
    let b = built(site.path());
    let decks: Vec<&String> = b.files().keys().filter(|p| is_deck(p)).collect();
    assert_eq!(decks.len(), 17, "{decks:?}");
    for d in decks {
        let deck = text(&b, d);
        let slides = slide_labels(&deck).len();
        let empty = deck
            .matches("<div class=\"slide-notes\" hidden></div>")
            .count();
        // Every slide but the title slide, when it only opens the lesson.
        assert!(
            slides >= 3 && empty <= 1,
            "{d}: {empty} of {slides} slides without notes"
        );
    }
    // The lesson plan uses them on every slide.
    let plan = text(&b, "huong-dan/giao-an-ngoai-khoa.trinh-chieu.html");
    assert_eq!(
        plan.matches("<div class=\"slide-notes\" hidden></div>")
            .count(),
        0
    );
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

/// What presenting adds to the site: the deck's stylesheet and script,
/// which no other page loads, at most 15 KB gzip-compressed.
#[test]
fn the_decks_css_and_js_weigh_at_most_15_kb_gzipped() {
    let site = fixture("course");
    let b = built(site.path());
    let deck = text(&b, "a/y.trinh-chieu.html");
    let mut total = 0;
    let mut own = Vec::new();
    for f in b.files().keys() {
        if f.starts_with("css/deck.") || f.starts_with("js/deck.") {
            assert!(deck.contains(&format!("../{f}")), "the deck loads {f}");
            total += gzip_len(&b.files()[f]);
            own.push(f.clone());
        }
    }
    assert_eq!(own.len(), 2, "{own:?}");
    eprintln!("deck.css + deck.js: {total} bytes gzipped");
    assert!(total <= 15 * 1024, "{total} bytes gzipped");
    // The lesson pages do not load them.
    let page = text(&b, "a/y.html");
    assert!(!own.iter().any(|f| page.contains(f.as_str())), "{page}");
}
