//! Self-check quizzes (```` ```quiz ```` blocks), from the outside: each
//! kind read and written as a form on the page (labels, answers in
//! `<details>`, the script only where there is a quiz), each mistake an
//! error at `file:line:col` with a hint and a non-zero exit, the printed
//! worksheet with its answer key on a sheet of its own (print view and the
//! page's print stylesheet), one slide per question, the results page in
//! `list --json`, the service worker and the collision check, and the
//! bundled course's quizzes. What a browser does with them is in
//! tests/browser/quiz.mjs.

mod common;

use baihoc::{BuildOptions, Built, build_in_memory};
use common::random_text::{random_strings, vietnamese_letters};
use common::*;
use std::path::Path;
use tempfile::TempDir;
use unicode_normalization::UnicodeNormalization;

/// A site with a home page and two lessons in one section: `bai.md` with
/// `body`, and `khac.md` without a quiz.
fn site_with(body: &str) -> TempDir {
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
        &format!("---\ntitle: \"Bài thử\"\nweight: 1\n---\n{body}"),
    );
    write(
        tmp.path(),
        "content/phan/khac.md",
        "---\ntitle: \"Bài khác\"\nweight: 2\n---\nKhông có câu hỏi.\n",
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

/// Every kind, with explanations; the block's fence is on line 8 of the file.
const QUIZ: &str = "Bài học ngắn.\n\n## Tự kiểm tra\n\n```quiz\n- kind: single\n  question: \"Ứng dụng VNeID là của cơ quan nào?\"\n  choices:\n    - \"Bộ Công an\"\n    - \"Một ngân hàng\"\n  answer: \"Bộ Công an\"\n  explain: \"Do Bộ Công an phát hành.\"\n- kind: multiple\n  question: \"Chọn hai số chẵn\"\n  choices: [\"2\", \"3\", \"4\"]\n  answer: [\"2\", \"4\"]\n- kind: true-false\n  question: \"Passcode gồm 6 chữ số.\"\n  answer: true\n- kind: short\n  question: \"Viết tên thủ tục\"\n  answer: [\"đăng ký\", \"dang ky\"]\n```\n\nSau phần câu hỏi.\n";

#[test]
fn a_quiz_is_a_form_with_labels_and_answers_and_its_script_only_where_needed() {
    let site = site_with(QUIZ);
    let b = built(site.path());
    let page = text(&b, "phan/bai.html");
    assert!(!page.contains("language-quiz"), "{page}");
    assert!(page.contains(
        "<div class=\"quiz\" id=\"baihoc-quiz-1\" role=\"group\" aria-label=\"Tự kiểm tra\""
    ));
    assert_eq!(page.matches("<li class=\"quiz-question\"").count(), 4);
    // Real controls inside labels (or a label's for=), grouped by fieldsets.
    assert!(page.contains("<legend class=\"quiz-prompt\"><span class=\"quiz-number\">Câu 1.</span> Ứng dụng VNeID là của cơ quan nào?</legend>"), "{page}");
    assert!(page.contains("<label><input type=\"radio\" name=\"baihoc-q1\" value=\"0\" data-correct> <span class=\"quiz-letter\">A.</span> Bộ Công an</label>"));
    assert_eq!(
        page.matches("type=\"checkbox\" name=\"baihoc-q2\"").count(),
        3
    );
    assert!(page.contains("<label><input type=\"radio\" name=\"baihoc-q3\" value=\"0\" data-correct> <span class=\"quiz-letter\">A.</span> Đúng</label>"));
    assert!(page.contains("<label for=\"baihoc-q4-a\">Câu trả lời của em</label> <input type=\"text\" id=\"baihoc-q4-a\""));
    // Without JavaScript: each answer under "Xem đáp án".
    assert!(page.contains("<details class=\"quiz-answer\" data-nosearch><summary>Xem đáp án</summary><p><strong>Đáp án:</strong> A. Bộ Công an</p><p class=\"quiz-explain\">Do Bộ Công an phát hành.</p></details>"));
    assert!(page.contains("<strong>Đáp án:</strong> A. 2; C. 4</p>"));
    assert!(page.contains("<strong>Đáp án:</strong> đăng ký (cũng đúng: dang ky)</p>"));
    assert!(page.contains("<p>Sau phần câu hỏi.</p>"));
    // The feedback is announced; the buttons wait for the script.
    assert_eq!(
        page.matches("<p class=\"quiz-feedback\" role=\"status\"></p>")
            .count(),
        4
    );
    assert!(page.contains("<p class=\"quiz-actions\" hidden><button type=\"button\" data-quiz-check>Kiểm tra</button></p>"));
    // The script, the place of the stored answers, the printed key.
    let script = start_tags(&page)
        .into_iter()
        .find(|t| t.starts_with("<script") && t.contains("js/quiz."))
        .expect("quiz.js on the page");
    let src = attr_of(script, "src").unwrap();
    assert!(
        b.files().contains_key(&follow("phan/bai.html", &src)),
        "{src}"
    );
    assert!(page.contains("<main id=\"baihoc-main\" tabindex=\"-1\" data-quiz-site=\"khoa-hoc-thu\" data-quiz-page=\"phan/bai.html\">"), "{page}");
    assert!(
        page.contains("<section class=\"quiz-key\" aria-labelledby=\"baihoc-quiz-key\" hidden>")
    );
    assert!(
        page.contains("<li><span class=\"quiz-number\">Câu 3.</span> <strong>Đúng</strong></li>")
    );
    assert!(
        page.contains("<a href=\"../tu-kiem-tra.html\">Xem kết quả tự kiểm tra của mọi bài</a>")
    );
    // No inline script or style: the CSP stays as it is.
    assert!(!page.contains("<script>") && !page.contains(" style=") && !page.contains("<style"));
    // Pages without a quiz do not load the script.
    let other = text(&b, "phan/khac.html");
    assert!(
        !other.contains("js/quiz.") && !other.contains("data-quiz-page"),
        "{other}"
    );
    assert!(other.contains("<a href=\"../tu-kiem-tra.html\">Kết quả tự kiểm tra</a>"));
}

#[test]
fn the_results_page_lists_quizzes_and_is_declared_everywhere() {
    let site = site_with(QUIZ);
    let b = built(site.path());
    let overview = text(&b, "tu-kiem-tra.html");
    assert!(
        overview.contains("data-quiz-overview data-quiz-site=\"khoa-hoc-thu\""),
        "{overview}"
    );
    assert!(overview.contains("<tr data-quiz-page=\"phan/bai.html\" data-quiz-total=\"4\"><td><a href=\"phan/bai.html\">Bài 1: Bài thử</a></td><td>4</td><td data-quiz-status>Chưa làm</td></tr>"), "{overview}");
    assert!(!overview.contains("Bài khác"));
    assert!(overview.contains("js/quiz."));
    let listed = baihoc::list(&BuildOptions::new(site.path())).unwrap();
    let entry = listed
        .iter()
        .find(|e| e.output == "tu-kiem-tra.html")
        .expect("the results page in list");
    assert_eq!(entry.kind, "site");
    let json = serde_json::to_string(&listed).unwrap();
    assert!(json.contains("\"output\":\"tu-kiem-tra.html\""));
    assert!(text(&b, "sw.js").contains("\"tu-kiem-tra.html\""));
    // A page of the same name is a collision, named as such.
    write(
        site.path(),
        "content/tu-kiem-tra.md",
        "---\ntitle: \"Trùng tên\"\n---\nx\n",
    );
    let Err(err) = build_in_memory(&BuildOptions::new(site.path())) else {
        panic!("a page named like the results page must not build");
    };
    let msg = describe(&err);
    assert!(
        msg.contains("tu-kiem-tra.html") && msg.contains("quiz results page"),
        "{msg}"
    );
    // A site without quizzes has no results page.
    let plain = site_with("Không có câu hỏi.\n");
    let b = built(plain.path());
    assert!(!b.files().contains_key("tu-kiem-tra.html"));
    assert!(!text(&b, "phan/khac.html").contains("tu-kiem-tra"));
}

#[test]
fn the_print_view_is_a_worksheet_with_the_key_on_the_last_sheet() {
    let site = site_with(QUIZ);
    let b = built(site.path());
    let print = text(&b, "phan/ban-in.html");
    let lesson =
        &print[print.find("Bài học ngắn.").unwrap()..print.find("print-appendix").unwrap()];
    assert!(
        lesson.contains("<div class=\"quiz quiz-printed\">"),
        "{lesson}"
    );
    assert_eq!(
        lesson
            .matches("<span class=\"quiz-box\" aria-hidden=\"true\"></span>")
            .count(),
        2 + 3 + 2
    );
    assert!(lesson.contains("<span class=\"quiz-blank\"></span>"));
    assert!(
        !lesson.contains("Đáp án")
            && !lesson.contains("Do Bộ Công an phát hành")
            && !lesson.contains("<input"),
        "{lesson}"
    );
    assert!(lesson.contains("<p>Sau phần câu hỏi.</p>"));
    // The key: after every lesson, in an appendix the stylesheet starts on a new sheet.
    let key_at = print
        .find("<section class=\"print-appendix\" aria-labelledby=\"dap-an\">")
        .expect("answer key");
    assert!(print.rfind("<article class=\"print-lesson\">").unwrap() < key_at);
    let key = &print[key_at..];
    assert!(key.contains("<h2 id=\"dap-an\">Đáp án phần tự kiểm tra</h2>"));
    assert!(key.contains("<h3>Bài 1: Bài thử</h3>"), "{key}");
    assert!(key.contains("<span class=\"quiz-number\">Câu 1.</span> <strong>A. Bộ Công an</strong> <span class=\"quiz-explain\">Do Bộ Công an phát hành.</span>"), "{key}");
    assert!(!key.contains("Bài khác"));
    let css = b
        .files()
        .iter()
        .find(|(p, _)| p.starts_with("css/style.") && p.ends_with(".css"))
        .map(|(_, c)| String::from_utf8(c.clone()).unwrap())
        .unwrap();
    assert!(css.contains(".print-lesson, .print-appendix { break-before: page;"));
    assert!(css.contains(".quiz-key[hidden] { display: block; break-before: page; }"));
}

/// Builds `body` as `content/phan/bai.md` with the CLI; returns stderr and
/// checks the exit code is not 0.
fn failing_build(body: &str) -> String {
    let site = site_with(body);
    let out = baihoc()
        .arg("build")
        .current_dir(site.path())
        .output()
        .unwrap();
    assert!(!out.status.success(), "the build should fail");
    assert!(!site.path().join("public").exists(), "nothing is written");
    stderr_of(&out)
}

/// The body of `bai.md` starts at line 5: a block written first has its
/// fence on line 5 and its first question on line 6.
fn block(yaml: &str) -> String {
    format!("```quiz\n{yaml}```\n")
}

#[test]
fn no_correct_answer_is_an_error_at_the_question() {
    let err = failing_build(&block(
        "- kind: single\n  question: \"A?\"\n  choices: [x, y]\n",
    ));
    assert!(
        err.contains("content/phan/bai.md:6:3: error: question 1 has no correct answer"),
        "{err}"
    );
    assert!(
        err.contains("hint: add `answer:` with the text of the correct choice"),
        "{err}"
    );
}

#[test]
fn an_answer_not_among_the_choices_is_an_error_at_its_line() {
    let err = failing_build(&block(
        "- kind: true-false\n  question: \"A.\"\n  answer: true\n- kind: multiple\n  question: \"B?\"\n  choices:\n    - \"Vân tay\"\n    - \"Ảnh chân dung\"\n  answer: [\"Vân tay\", \"Van tay\", \"Giọng nói\"]\n",
    ));
    assert!(err.contains("content/phan/bai.md:14:3: error: the answer `Van tay` of question 2 is not one of its choices"), "{err}");
    assert!(err.contains("did you mean `Vân tay`?"), "{err}");
    assert!(
        err.contains("content/phan/bai.md:14:3: error: the answer `Giọng nói` of question 2"),
        "{err}"
    );
}

#[test]
fn an_unknown_kind_is_an_error_at_its_key() {
    let err = failing_build(&format!(
        "Trước.\n\n{}",
        block(
            "- kind: true-false\n  question: \"A.\"\n  answer: false\n- question: \"B?\"\n  kind: multiple-choice\n  choices: [x, y]\n  answer: x\n"
        )
    ));
    assert!(
        err.contains(
            "content/phan/bai.md:12:3: error: question 2 has an unknown kind `multiple-choice`"
        ),
        "{err}"
    );
    assert!(
        err.contains("the kinds are: single, multiple, true-false, short"),
        "{err}"
    );
}

#[test]
fn duplicate_choices_are_an_error_at_the_second() {
    let err = failing_build(&block(
        "- kind: single\n  question: \"A?\"\n  choices:\n    - \"Bộ Công an\"\n    - \"Một ngân hàng\"\n    - \"Bộ Công an\"\n  answer: \"Bộ Công an\"\n",
    ));
    assert!(err.contains("content/phan/bai.md:11:5: error: question 1 lists the choice `Bộ Công an` twice (choices 1 and 3)"), "{err}");
    assert!(err.contains("hint: remove one of them"), "{err}");
}

#[test]
fn an_empty_prompt_is_an_error_at_its_key_or_question() {
    let err = failing_build(&block(
        "- kind: short\n  question: \"\"\n  answer: x\n- kind: true-false\n  answer: true\n",
    ));
    assert!(
        err.contains("content/phan/bai.md:7:3: error: question 1 has an empty prompt"),
        "{err}"
    );
    assert!(
        err.contains("content/phan/bai.md:9:3: error: question 2 has an empty prompt"),
        "{err}"
    );
    assert!(err.contains("hint: write what is asked"), "{err}");
}

#[test]
fn bad_yaml_is_an_error_at_its_line_with_a_hint() {
    let err = failing_build(&block(
        "- kind: single\n  question: \"A?\n  choices: [x, y]\n  answer: x\n",
    ));
    assert!(
        err.contains("content/phan/bai.md:7:13: error: invalid quiz:"),
        "{err}"
    );
    assert!(
        err.contains("hint: a quote opened here is never closed"),
        "{err}"
    );
    let err = failing_build(&block("kind: single\nquestion: A?\n"));
    assert!(err.contains("content/phan/bai.md:6:"), "{err}");
    assert!(err.contains("a quiz block is a list of questions"), "{err}");
    let err = failing_build(&block("- kind: short\n  question: A?\n  answers: x\n"));
    assert!(
        err.contains("content/phan/bai.md:8:3: error: question 1 has an unknown key `answers`"),
        "{err}"
    );
    assert!(err.contains("did you mean `answer`?"), "{err}");
}

#[test]
fn short_answers_and_true_false_accept_what_authors_write() {
    let site = site_with(&block(
        "- kind: true-false\n  question: \"A.\"\n  answer: \"Sai\"\n- kind: short\n  question: \"Mấy?\"\n  answer: 6\n",
    ));
    let b = built(site.path());
    let page = text(&b, "phan/bai.html");
    assert!(
        page.contains("value=\"1\" data-correct> <span class=\"quiz-letter\">B.</span> Sai"),
        "{page}"
    );
    assert!(page.contains("data-accept=\"[&quot;6&quot;]\""), "{page}");
}

#[test]
fn every_lesson_of_the_bundled_course_has_a_quiz_of_three_to_six_questions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let listed = baihoc::list(&BuildOptions::new(root)).unwrap();
    let b = built(root);
    let mut with_quiz = Vec::new();
    for e in listed.iter().filter(|e| e.kind == "page") {
        let page = text(&b, &e.output);
        let questions = page.matches("<li class=\"quiz-question\"").count();
        if questions > 0 {
            assert!(
                (3..=6).contains(&questions),
                "{}: {questions} questions",
                e.output
            );
            with_quiz.push(e.output.clone());
        }
    }
    // Lessons 2 to 8 (and 1) are the course's lessons for students.
    for lesson in [
        "tim-hieu/vneid-la-gi.html",
        "tim-hieu/cai-dat-an-toan.html",
        "tim-hieu/muc-1-va-muc-2.html",
        "dang-ky/dang-ky-muc-1.html",
        "dang-ky/dang-ky-muc-2.html",
        "dang-ky/kich-hoat.html",
        "an-toan/nhan-biet-lua-dao.html",
        "an-toan/loi-ich-theo-phap-luat.html",
    ] {
        assert!(
            with_quiz.iter().any(|p| p.ends_with(lesson)),
            "{lesson}: {with_quiz:?}"
        );
    }
    // The lesson plan's end-of-lesson quiz is a real quiz, printable with its key apart.
    let plan = with_quiz
        .iter()
        .find(|p| p.ends_with("giao-an-ngoai-khoa.html"))
        .expect("the lesson plan's quiz");
    let page = text(&b, plan);
    assert!(page.contains("<section class=\"quiz-key\""));
    let print = text(&b, "huong-dan/ban-in.html");
    let key = &print[print.find("aria-labelledby=\"dap-an\"").unwrap()..];
    assert!(key.contains("Giáo án ngoại khóa 45 phút về VNeID"), "{key}");
    assert_eq!(
        b.files()
            .keys()
            .filter(|p| *p == "tu-kiem-tra.html")
            .count(),
        1
    );
}

// ---------------------------------------------------------------------------
// Short answers: compared as search folds and splits words, in Rust and in
// the theme's quiz.js alike

/// Every Vietnamese vowel with each of the six tones (none, huyền, hỏi,
/// ngã, sắc, nặng), composed, and the vowel without marks.
fn toned_vowels() -> Vec<(String, char)> {
    let vowels = [
        ('a', 'a'),
        ('ă', 'a'),
        ('â', 'a'),
        ('e', 'e'),
        ('ê', 'e'),
        ('i', 'i'),
        ('o', 'o'),
        ('ô', 'o'),
        ('ơ', 'o'),
        ('u', 'u'),
        ('ư', 'u'),
        ('y', 'y'),
    ];
    let tones = ["", "\u{300}", "\u{309}", "\u{303}", "\u{301}", "\u{323}"];
    let mut out = Vec::new();
    for (v, plain) in vowels {
        for tone in tones {
            out.push((format!("{v}{tone}").nfc().collect(), plain));
        }
    }
    out
}

#[test]
fn short_answers_are_compared_as_search_folds_and_splits_words() {
    use baihoc::products::search::tokens;
    use baihoc::quiz::fold_answer;
    use baihoc::text::fold;
    let nfd = |s: &str| s.nfd().collect::<String>();
    // Every letter, both cases, composed and decomposed: one plain
    // lowercase letter, as search folds it.
    for c in vietnamese_letters() {
        let s = c.to_string();
        let key = fold_answer(&s);
        assert_eq!(key, fold(&s), "{s}");
        assert_eq!(fold_answer(&nfd(&s)), key, "{s} decomposed");
        assert!(
            key.len() == 1 && key.as_bytes()[0].is_ascii_lowercase(),
            "{s}: {key}"
        );
    }
    // Every tone on every vowel, đ and Đ, any case, NFC or NFD: "đoàn",
    // "ĐOẠN", "doan" are one answer.
    for (vowel, plain) in toned_vowels() {
        for word in [
            format!("đ{vowel}n"),
            format!("Đ{vowel}n").to_uppercase(),
            format!("Đ{vowel}N"),
        ] {
            let want = format!("d{plain}n");
            assert_eq!(fold_answer(&word), want, "{word}");
            assert_eq!(fold_answer(&nfd(&word)), want, "{word} decomposed");
            assert_eq!(fold(&word), want, "search folds {word} alike");
        }
    }
    // Spaces and punctuation part words as in search: these are all `dang ky`.
    for typed in [
        "đăng ký",
        "Đăng-ký",
        "  dang   ky ",
        "DANG KY.",
        "“Đăng ký”!",
        "đăng\nký",
        "đăng\u{a0}ký",
        "dang/ky",
    ] {
        assert_eq!(fold_answer(typed), "dang ky", "{typed:?}");
        assert_eq!(fold_answer(&nfd(typed)), "dang ky", "{typed:?} decomposed");
    }
    assert_ne!(fold_answer("6 chữ số"), fold_answer("6"));
    assert_ne!(fold_answer("dangky"), fold_answer("dang ky"));
    // On random Vietnamese (with digits, punctuation and other scripts): the
    // words search finds, folded, joined by one space; NFC and NFD alike;
    // upper and lower case alike when the text is Vietnamese only.
    let vietnamese: std::collections::HashSet<char> = vietnamese_letters().into_iter().collect();
    let mut same_case = 0;
    for text in random_strings(2000) {
        let key = fold_answer(&text);
        let words: Vec<String> = tokens::words(&text).into_iter().map(|(f, _)| f).collect();
        assert_eq!(key, words.join(" "), "{text:?}");
        assert_eq!(
            fold_answer(&text.nfc().collect::<String>()),
            key,
            "{text:?}"
        );
        assert_eq!(fold_answer(&nfd(&text)), key, "{text:?}");
        let nfc: String = text.nfc().collect();
        if nfc
            .chars()
            .all(|c| vietnamese.contains(&c) || c.is_ascii() || " “”…’".contains(c))
        {
            same_case += 1;
            assert_eq!(fold_answer(&nfc.to_uppercase()), key, "{text:?}");
            assert_eq!(fold_answer(&nfc.to_lowercase()), key, "{text:?}");
        }
    }
    assert!(same_case > 500, "{same_case} Vietnamese-only texts");
}

/// Runs the scripts (the built site's files, in order) in one Node `vm`
/// context without a document, then asks `baihocQuiz` for the answer key
/// of each text and whether each typed answer is accepted.
const QUIZ_HARNESS: &str = r#"
const fs = require('fs'), vm = require('vm');
const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const ctx = { console };
ctx.self = ctx;
vm.createContext(ctx);
for (const f of input.scripts) vm.runInContext(fs.readFileSync(f, 'utf8'), ctx, { filename: f });
const q = ctx.baihocQuiz;
process.stdout.write(JSON.stringify({
  keys: input.texts.map((t) => q.answerKey(t)),
  accepts: input.pairs.map(([accepted, typed]) => q.accepts(accepted, typed)),
}));
"#;

#[test]
fn the_theme_script_compares_short_answers_as_the_build_does() {
    use baihoc::quiz::fold_answer;
    if !have_node(
        "quiz",
        "the_theme_script_compares_short_answers_as_the_build_does",
    ) {
        return;
    }
    // The scripts a quiz page loads: search.js (whose words quiz.js uses)
    // before quiz.js.
    let site = site_with(QUIZ);
    let b = built(site.path());
    let page = text(&b, "phan/bai.html");
    let scripts: Vec<String> = start_tags(&page)
        .into_iter()
        .filter(|t| t.starts_with("<script"))
        .filter_map(|t| attr_of(t, "src"))
        .filter(|s| s.contains("js/search.") || s.contains("js/quiz."))
        .map(|s| follow("phan/bai.html", &s))
        .collect();
    assert!(
        scripts.len() == 2
            && scripts[0].starts_with("js/search.")
            && scripts[1].starts_with("js/quiz."),
        "{scripts:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<String> = scripts
        .iter()
        .map(|s| {
            let path = dir.path().join(s.replace('/', "_"));
            std::fs::write(&path, &b.files()[s]).unwrap();
            path.display().to_string()
        })
        .collect();

    let mut texts: Vec<String> = vec![
        "Đăng-ký".into(),
        "  dang   ky ".into(),
        "ĐĂNG KÝ MỨC 2 tại Công an".into(),
        "ma mà mả mã má mạ".into(),
        "https://vneid.gov.vn/".into(),
        " …? ".into(),
        "ΟΔΥΣΣΕΥΣ Σ aΣ".into(),
        format!("{}x", "ư".repeat(45)),
        String::new(),
    ];
    let letters: String = vietnamese_letters().into_iter().collect();
    texts.push(letters.clone());
    texts.push(letters.nfd().collect());
    for (vowel, _) in toned_vowels() {
        texts.push(format!("Đ{vowel}N đ{vowel}n"));
        texts.push(format!("Đ{vowel}N đ{vowel}n").nfd().collect());
    }
    texts.extend(random_strings(3000));
    // Typed answers: an accepted answer retyped without marks, in capitals,
    // with hyphens for spaces (accepted), and another answer (mostly not).
    let pairs: Vec<(Vec<String>, String)> = texts
        .iter()
        .enumerate()
        .flat_map(|(i, t)| {
            let retyped = format!(
                "  {}. ",
                baihoc::text::strip_diacritics(t)
                    .to_uppercase()
                    .replace(' ', "-")
            );
            let other = texts[(i * 7 + 3) % texts.len()].clone();
            [
                (vec![other.clone(), t.clone()], retyped),
                (vec![t.clone()], other),
            ]
        })
        .collect();

    let input = serde_json::json!({ "scripts": files, "texts": texts, "pairs": pairs });
    let answer = node_json(QUIZ_HARNESS, &input);

    let mut differ = Vec::new();
    for (text, js) in texts.iter().zip(answer["keys"].as_array().unwrap()) {
        let rust = fold_answer(text);
        if js.as_str() != Some(rust.as_str()) {
            differ.push(format!("key of {text:?}: Rust {rust:?}, JS {js}"));
        }
    }
    let (mut accepted, mut refused) = (0, 0);
    for ((choices, typed), js) in pairs.iter().zip(answer["accepts"].as_array().unwrap()) {
        let key = fold_answer(typed);
        let rust = choices.iter().any(|c| fold_answer(c) == key);
        if rust {
            accepted += 1;
        } else {
            refused += 1;
        }
        if js.as_bool() != Some(rust) {
            differ.push(format!("{typed:?} for {choices:?}: Rust {rust}, JS {js}"));
        }
    }
    assert!(
        differ.is_empty(),
        "{} differences:\n{}",
        differ.len(),
        differ[..differ.len().min(30)].join("\n")
    );
    // Both outcomes are compared, many times each.
    assert!(
        accepted > 2000 && refused > 2000,
        "{accepted} accepted, {refused} refused"
    );
}

#[test]
fn a_lone_carriage_return_in_a_text_does_not_move_errors_down() {
    // The YAML library ends a line at a lone CR, U+2028 and U+2029 (and
    // NEL, which loading removes); the file's lines end at line feeds only,
    // as everywhere else in baihoc. Found by the `quiz` fuzz target
    // (fuzz/regressions/quiz/).
    for text in ["A\rB?", "A\u{2028}B?", "AzB?"] {
        let err = failing_build(&block(&format!(
            "- kind: single\n  question: \"{text}\"\n  choices: [x, y\n  answer: x\n"
        )));
        assert!(
            err.contains(
                "content/phan/bai.md:9:9: error: invalid quiz: did not find expected ',' or ']'"
            ),
            "{text:?}: {err}"
        );
    }
}
