//! Search: the index the build writes (what is in it, what is never in it,
//! how it is declared, its weight), and the theme's `search.js` run in
//! Node on that index: the same folding and words as the Rust side on
//! the same strings (random Vietnamese among them), and the ranking.
//!
//! The Node tests need `node` on PATH. Without it they print `search tests
//! SKIPPED: ...` and pass, except when the `CI` environment variable is
//! set to a non-empty value, where they fail (as the browser tests do).

mod common;

use baihoc::BuildOptions;
use baihoc::products::search::tokens;
use common::have_node;
use common::random_text::{random_strings, vietnamese_letters};
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// The theme's search script.
fn search_js() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/js/search.js")
}

/// Loads search.js in a fresh Node `vm` context with a minimal `document`
/// whose `<script>` elements run files of the output folder (as a browser
/// would, one after another), then answers the requests on stdin.
const HARNESS: &str = r#"
const fs = require('fs'), vm = require('vm'), url = require('url');
const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const ctx = { URL, setTimeout, clearTimeout, console };
ctx.self = ctx;
ctx.document = {
  head: { appendChild(s) {
    setTimeout(() => {
      let code;
      try { code = fs.readFileSync(url.fileURLToPath(s.src), 'utf8'); } catch (e) { s.onerror(e); return; }
      vm.runInContext(code, ctx, { filename: s.src });
      s.onload();
    }, 0);
  } },
  createElement() { return {}; },
  querySelectorAll() { return []; },
};
vm.createContext(ctx);
vm.runInContext(fs.readFileSync(input.script, 'utf8'), ctx, { filename: input.script });
const s = ctx.baihocSearch;
(async () => {
  const out = {};
  if (input.fold) out.fold = input.fold.map((t) => s.fold(t));
  // Characters this engine's Unicode version has not assigned yet.
  if (input.fold) out.unassigned = input.fold.map((t) => /\p{Cn}/u.test(t));
  if (input.tokens) out.tokens = input.tokens.map((t) => s.tokens(t).map((w) => [t.slice(w.start, w.end), w.folded, w.exact]));
  if (input.index) {
    await s.open(url.pathToFileURL(input.index).href);
    out.search = [];
    for (const q of input.queries) {
      await s.ready(q);
      const r = s.search(q);
      const top = r.results.slice(0, 10);
      await s.texts(top.map((x) => x.page));
      out.search.push({
        total: r.total,
        results: top.map((x) => {
          const rec = s.partText(x.page, x.part);
          const snippet = s.snippet(rec[2] || rec[1], r.terms);
          return {
            url: s.page(x.page)[0],
            section: s.page(x.page)[3] || '',
            id: rec[0],
            heading: rec[1],
            score: x.score,
            marked: snippet.filter((p) => p[1]).map((p) => p[0]),
          };
        }),
      });
    }
    out.requested = s.requested().map((u) => url.fileURLToPath(u));
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e.stack || e); process.exit(1); });
"#;

/// Runs the harness on `input` (with `script` set) and returns its answer.
fn node(input: Value) -> Value {
    let mut input = input;
    input["script"] = json!(search_js());
    common::node_json(HARNESS, &input)
}

/// Builds a site whose pages are `(path under content/, markdown)`, with a
/// fixed date; returns the temporary folder (the site) and its output.
fn site(pages: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    common::write(
        dir.path(),
        "site.yaml",
        "title: \"Thử tìm kiếm\"\nlanguage: vi\n",
    );
    common::write(
        dir.path(),
        "content/_index.md",
        "---\ntitle: \"Trang chủ\"\n---\n\nChào em.\n",
    );
    for (path, text) in pages {
        common::write(dir.path(), &format!("content/{path}"), text);
    }
    let out = common::build(dir.path());
    (dir, out)
}

fn lesson(title: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\n---\n\n{body}\n")
}

/// The search results of `queries` on the output `out`.
fn search(out: &Path, queries: &[&str]) -> (Vec<Value>, Vec<String>) {
    let answer = node(json!({ "index": out.join("search/index.js"), "queries": queries }));
    let results = answer["search"].as_array().unwrap().clone();
    let requested = answer["requested"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            Path::new(v.as_str().unwrap())
                .strip_prefix(out)
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    (results, requested)
}

/// The URLs of the results of one query, best first.
fn urls(result: &Value) -> Vec<String> {
    result["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let id = r["id"].as_str().unwrap();
            let url = r["url"].as_str().unwrap();
            if id.is_empty() {
                url.to_string()
            } else {
                format!("{url}#{id}")
            }
        })
        .collect()
}

fn course() -> (tempfile::TempDir, PathBuf) {
    let dir = common::bundled_course("");
    let opts = BuildOptions {
        today: baihoc::date::Date::parse("2026-12-01"),
        ..BuildOptions::new(dir.path())
    };
    common::build_with(&opts);
    let out = opts.out_dir();
    (dir, out)
}

// ---------------------------------------------------------------------------
// The index the build writes

#[test]
fn index_and_search_page_are_declared_stored_offline_and_listed() {
    let (dir, out) = site(&[("a.md", &lesson("Kích hoạt", "Mở ứng dụng."))]);
    let index = common::read(&out, "search/index.js");
    assert!(
        index.starts_with("self.baihocSearch&&baihocSearch.add({\"v\":1,"),
        "{}",
        &index[..80]
    );
    let sw = common::read(&out, "sw.js");
    assert!(
        sw.contains("\"search/index.js\":"),
        "sw.js does not store the index"
    );
    assert!(
        sw.contains("\"tim-kiem.html\":"),
        "sw.js does not store the search page"
    );
    let list = baihoc::list(&BuildOptions::new(dir.path())).unwrap();
    let site_files: Vec<&str> = list
        .iter()
        .filter(|e| e.kind == "site")
        .map(|e| e.output.as_str())
        .collect();
    assert!(site_files.contains(&"search/index.js"), "{site_files:?}");
    assert!(site_files.contains(&"tim-kiem.html"), "{site_files:?}");
    // Every page loads search.js, and its form says where the index and the search page are.
    let page = common::read(&out, "a.html");
    assert!(
        page.contains("data-baihoc-search=\"search/index.js\""),
        "{page}"
    );
    assert!(page.contains("action=\"tim-kiem.html\""));
    assert!(page.contains("<script src=\"js/search."));
    let search_page = common::read(&out, "tim-kiem.html");
    assert!(search_page.contains("data-baihoc-search-nojs"));
    assert!(
        !search_page.contains("id=\"baihoc-search\""),
        "the search page has its own box, not the header's"
    );
}

#[test]
fn notes_slide_only_parts_and_quizzes_are_never_in_the_index() {
    let body = "Phần chung có từ CHUNGCHUNG.\n\n\
        ```notes\nGhi chú GHICHUBIMAT của thầy cô.\n```\n\n\
        <!-- slide-only -->\nChỉ trên trang chiếu CHIEUTHOI.\n<!-- /slide-only -->\n\n\
        <!-- page-only -->\nChỉ trên trang TRANGTHOI.\n<!-- /page-only -->\n\n\
        ```quiz\n- kind: short\n  question: \"Hỏi?\"\n  answer: \"DAPANKIN\"\n```\n";
    let (_dir, out) = site(&[("a.md", &lesson("Bài", body))]);
    let index = common::read(&out, "search/index.js").to_lowercase();
    for word in ["chungchung", "trangthoi"] {
        assert!(index.contains(word), "{word} missing from the index");
    }
    for word in ["ghichubimat", "chieuthoi", "dapankin"] {
        assert!(!index.contains(word), "{word} is in the index");
    }
}

#[test]
fn bundled_course_index_is_one_file_under_100_kb_gzipped() {
    use flate2::{Compression, write::GzEncoder};
    let (_dir, out) = course();
    let files: Vec<String> = common::files_under(&out.join("search"))
        .into_iter()
        .collect();
    assert_eq!(files, ["index.js"]);
    let bytes = std::fs::read(out.join("search/index.js")).unwrap();
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(&bytes).unwrap();
    let gz = gz.finish().unwrap().len();
    eprintln!("search/index.js: {} bytes, {gz} bytes gzipped", bytes.len());
    assert!(gz < 100 * 1024, "{gz} bytes gzipped");
    // Every lesson is in it.
    let index = String::from_utf8(bytes).unwrap();
    for lesson in ["dang-ky/kich-hoat.html", "an-toan/nhan-biet-lua-dao.html"] {
        assert!(index.contains(lesson), "{lesson}");
    }
}

#[test]
fn a_large_site_is_split_and_a_query_loads_only_what_it_needs() {
    // 320 lessons (and the home page): past the single-file limit.
    let pages: Vec<(String, String)> = (0..320)
        .map(|i| {
            let unique = format!("riengbai{i}");
            // A word far into a part: indexed although its snippet text is cut.
            let filler = "Câu này chỉ để làm dài phần nội dung của bài. ".repeat(30);
            let body = format!(
                "Bài số {i} nói về tài khoản.\n\n## Phần {unique}\n\nNội dung {unique} ở đây. {filler}Cuối cùng là sauxa{i}.\n"
            );
            let md = format!("---\ntitle: \"Bài {i}\"\nweight: {i}\n---\n\n{body}\n");
            (format!("p{i:03}.md"), md)
        })
        .collect();
    let refs: Vec<(&str, &str)> = pages
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let (_dir, out) = site(&refs);
    let files = common::files_under(&out.join("search"));
    // 321 documents: 2 files of words (250 each), 7 files of texts (50 each).
    assert_eq!(files.len(), 1 + 2 + 7, "{files:?}");
    if !have_node(
        "search",
        "a_large_site_is_split_and_a_query_loads_only_what_it_needs",
    ) {
        return;
    }
    let (results, requested) = search(&out, &["riengbai300"]);
    assert_eq!(
        urls(&results[0]),
        ["p300.html#phan-riengbai300"],
        "{results:?}"
    );
    assert_eq!(results[0]["results"][0]["marked"], json!(["riengbai300"]));
    // The index, the one file of words holding "riengbai300", and the
    // texts of lessons 300 to 319 (in reading order, by weight: the 7th
    // file of 50), nothing else.
    assert_eq!(requested.len(), 3, "{requested:?}");
    assert_eq!(requested[0], "search/index.js");
    assert!(requested[1].starts_with("search/words-"), "{requested:?}");
    assert_eq!(requested[2], "search/text-6.js");
    // A word after more than a snippet's text in its part is found.
    let (results, _) = search(&out, &["sauxa317"]);
    assert_eq!(
        urls(&results[0]),
        ["p317.html#phan-riengbai317"],
        "{results:?}"
    );
    // A common word is in every page: results from every text file it shows.
    let (results, _) = search(&out, &["tai khoan"]);
    assert_eq!(results[0]["total"], 320);
}

// ---------------------------------------------------------------------------
// Folding and words: Rust and JavaScript alike

/// Every character from U+0000 to U+2FFF (surrogates aside), alone and
/// between two letters.
fn every_character() -> Vec<String> {
    ('\0'..='\u{2fff}')
        .flat_map(|c| [c.to_string(), format!("a{c}b")])
        .collect()
}

#[test]
fn folding_marks_case_and_d_and_nfd_alike() {
    use baihoc::text::fold;
    // đ, ư, ơ, â, ă, ê, ô and the five tones, in both cases.
    assert_eq!(fold("Đường Ưu Ơn Âm Ăn Êm Ôm"), "duong uu on am an em om");
    assert_eq!(fold("ma mà mả mã má mạ"), "ma ma ma ma ma ma");
    assert_eq!(fold("MÀ MẢ MÃ MÁ MẠ"), "ma ma ma ma ma");
    assert_eq!(
        fold("Kích Hoạt KÍCH HOẠT kích hoạt"),
        "kich hoat kich hoat kich hoat"
    );
    let nfd: String = "Đăng ký mức 2".nfd().collect();
    assert_ne!(nfd, "Đăng ký mức 2");
    assert_eq!(fold(&nfd), "dang ky muc 2");
    assert_eq!(fold("Nghị định 59/2022/NĐ-CP!"), "nghi dinh 59/2022/nd-cp!");
    assert_eq!(fold("ÐẠI (Đ with an eth)"), "dai (d with an eth)");
    // Slugs are built on it.
    assert_eq!(baihoc::text::slugify("Đăng ký MỨC 2"), "dang-ky-muc-2");
}

#[test]
fn every_vietnamese_vowel_with_every_tone_folds_to_its_plain_letter_in_both_cases() {
    use baihoc::text::fold;
    // Each row: the plain letter, then the vowel with no tone, huyền, hỏi,
    // ngã, sắc, nặng (ư, ơ, â, ă, ê, ô carry a second mark under the tone).
    let rows = [
        ("a", "a à ả ã á ạ"),
        ("a", "ă ằ ẳ ẵ ắ ặ"),
        ("a", "â ầ ẩ ẫ ấ ậ"),
        ("e", "e è ẻ ẽ é ẹ"),
        ("e", "ê ề ể ễ ế ệ"),
        ("i", "i ì ỉ ĩ í ị"),
        ("o", "o ò ỏ õ ó ọ"),
        ("o", "ô ồ ổ ỗ ố ộ"),
        ("o", "ơ ờ ở ỡ ớ ợ"),
        ("u", "u ù ủ ũ ú ụ"),
        ("u", "ư ừ ử ữ ứ ự"),
        ("y", "y ỳ ỷ ỹ ý ỵ"),
    ];
    for (plain, vowels) in rows {
        let expected = [plain; 6].join(" ");
        let upper = vowels.to_uppercase();
        assert_ne!(upper, vowels);
        for text in [vowels.to_string(), upper] {
            assert_eq!(fold(&text), expected, "{text}");
            let nfd: String = text.nfd().collect();
            assert_eq!(fold(&nfd), expected, "{text}, decomposed");
        }
    }
}

#[test]
fn rust_and_javascript_fold_and_split_words_the_same() {
    if !have_node(
        "search",
        "rust_and_javascript_fold_and_split_words_the_same",
    ) {
        return;
    }
    let mut texts: Vec<String> = vec![
        "Kích hoạt tài khoản định danh điện tử".into(),
        "ĐĂNG KÝ MỨC 2 tại Công an".into(),
        "Nghị định 59/2022/NĐ-CP".into(),
        "ma mà mả mã má mạ".into(),
        "ƯỚC ƠN ÂM ĂN ÊM ÔM đường".into(),
        "ΟΔΥΣΣΕΥΣ Σ aΣ".into(),
        "İstanbul ǅemal ﬁle Å K".into(),
        format!("{}x", "a".repeat(45)),
        "\u{301}đầu \u{301}".into(),
        "".into(),
    ];
    let letters: String = vietnamese_letters().into_iter().collect();
    texts.push(letters.clone());
    texts.push(letters.nfd().collect());
    texts.extend(random_strings(1500));
    // Every character to U+2FFF (Latin, Greek, Cyrillic, all the marks...),
    // alone and inside a word: tests/browser/search.mjs feeds the same to
    // Chromium and compares it with Node.
    let vietnamese_and_random = texts.len();
    texts.extend(every_character());
    let answer = node(json!({ "fold": texts, "tokens": texts }));
    let js_fold = answer["fold"].as_array().unwrap();
    let js_tokens = answer["tokens"].as_array().unwrap();
    // A character assigned in a later Unicode version than Node's (Rust's
    // tables may be newer) is a letter or mark on one side only: those are
    // left out (with the code points no version has assigned yet); none is
    // in the Vietnamese and random texts.
    let unassigned: Vec<usize> = answer["unassigned"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, u)| u.as_bool() == Some(true))
        .map(|(i, _)| i)
        .collect();
    assert!(
        unassigned.iter().all(|&i| i >= vietnamese_and_random),
        "{unassigned:?}"
    );
    eprintln!(
        "{} of {} texts hold a character Node's Unicode does not know yet; left out",
        unassigned.len(),
        texts.len()
    );
    let mut differ = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        if unassigned.binary_search(&i).is_ok() {
            continue;
        }
        let rust = baihoc::text::fold(text);
        if js_fold[i].as_str() != Some(rust.as_str()) {
            differ.push(format!(
                "fold of {text:?}: Rust {rust:?}, JS {}",
                js_fold[i]
            ));
        }
        let mut rust = Vec::new();
        tokens::tokenize(text, |t| {
            rust.push(json!([&text[t.start..t.end], t.folded, t.exact]));
        });
        if js_tokens[i] != Value::Array(rust.clone()) {
            differ.push(format!(
                "words of {text:?}: Rust {rust:?}, JS {}",
                js_tokens[i]
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "{} differences:\n{}",
        differ.len(),
        differ[..differ.len().min(30)].join("\n")
    );
}

// ---------------------------------------------------------------------------
// Ranking, by the theme's search.js on a built index

#[test]
fn any_spelling_finds_the_same_pages() {
    if !have_node("search", "any_spelling_finds_the_same_pages") {
        return;
    }
    let (_dir, out) = site(&[
        ("a.md", &lesson("Kích hoạt tài khoản", "Các bước.")),
        ("b.md", &lesson("Đăng ký", "Sau đó em kích hoạt tài khoản.")),
        ("c.md", &lesson("Cài đặt", "Không có từ đó.")),
    ]);
    let nfd: String = "kích hoạt".nfd().collect();
    let queries = ["kich hoat", "kích hoạt", "KICH HOAT", "Kích Hoat", &nfd];
    let (results, _) = search(&out, &queries);
    let first = urls(&results[0]);
    assert_eq!(first, ["a.html", "b.html"]);
    for (q, r) in queries.iter().zip(&results) {
        assert_eq!(urls(r), first, "{q:?}");
    }
}

#[test]
fn a_query_with_diacritics_ranks_exact_forms_first() {
    if !have_node("search", "a_query_with_diacritics_ranks_exact_forms_first") {
        return;
    }
    let (_dir, out) = site(&[
        ("a.md", &lesson("Trang 1", "Xem mục này trước.")),
        ("b.md", &lesson("Trang 2", "Tài khoản mức hai.")),
        ("c.md", &lesson("Trang 3", "Một múc nước.")),
    ]);
    let (results, _) = search(&out, &["mức", "mục", "muc"]);
    assert_eq!(urls(&results[0])[0], "b.html", "{:?}", results[0]);
    assert_eq!(urls(&results[0]).len(), 3, "folded forms are still found");
    assert_eq!(urls(&results[1])[0], "a.html");
    // Without diacritics no form is preferred: the order of the course decides.
    assert_eq!(urls(&results[2]), ["a.html", "b.html", "c.html"]);
}

#[test]
fn every_word_must_be_in_the_page_and_the_last_may_be_a_prefix() {
    if !have_node(
        "search",
        "every_word_must_be_in_the_page_and_the_last_may_be_a_prefix",
    ) {
        return;
    }
    let (_dir, out) = site(&[
        (
            "a.md",
            &lesson("Một", "Đăng ký.\n\n## Khác\n\nĐăng ký mức 2 ở đây."),
        ),
        ("b.md", &lesson("Hai", "Đăng ký tài khoản mức 1.")),
        ("c.md", &lesson("Ba", "Kích hoạt.")),
    ]);
    let (results, _) = search(&out, &["dang ky muc 2", "kich h", "kich h "]);
    // Words in different parts of a page are fine; a page without "2" is not.
    assert_eq!(urls(&results[0]), ["a.html#khac"]);
    assert_eq!(urls(&results[1]), ["c.html"], "the last word is a prefix");
    assert_eq!(results[1]["results"][0]["marked"], json!(["Kích", "hoạt"]));
    assert_eq!(
        urls(&results[2]),
        Vec::<String>::new(),
        "after a space the word is whole"
    );
}

#[test]
fn results_name_the_section_and_the_heading_where_the_words_are() {
    if !have_node(
        "search",
        "results_name_the_section_and_the_heading_where_the_words_are",
    ) {
        return;
    }
    let (_dir, out) = site(&[
        (
            "dang-ky/_index.md",
            "---\ntitle: \"Đăng ký\"\n---\n\nPhần đăng ký.\n",
        ),
        (
            "dang-ky/a.md",
            &lesson(
                "Các bước",
                "Mở đầu.\n\n## Chụp ảnh {#chup}\n\nEm chụp ảnh khuôn mặt.",
            ),
        ),
    ]);
    let (results, _) = search(&out, &["khuon mat"]);
    let first = &results[0]["results"][0];
    assert_eq!(first["url"], "dang-ky/a.html", "{first}");
    assert_eq!(first["id"], "chup");
    assert_eq!(first["heading"], "Chụp ảnh");
    assert_eq!(first["section"], "Đăng ký");
    assert_eq!(first["marked"], json!(["khuôn", "mặt"]));
}

#[test]
fn title_then_heading_then_text_and_words_side_by_side_first() {
    if !have_node(
        "search",
        "title_then_heading_then_text_and_words_side_by_side_first",
    ) {
        return;
    }
    let (_dir, out) = site(&[
        ("a.md", &lesson("Một", "Chữ vân tay ở đây.")),
        ("b.md", &lesson("Hai", "## Vân tay\n\nNội dung.")),
        ("c.md", &lesson("Vân tay", "Nội dung.")),
        ("d.md", &lesson("Bốn", "Tay ai cũng có vân.")),
    ]);
    let (results, _) = search(&out, &["van tay"]);
    assert_eq!(
        urls(&results[0]),
        ["c.html", "b.html#van-tay", "a.html", "d.html"],
        "{:?}",
        results[0]
    );
}

#[test]
fn the_bundled_course_answers_the_questions_students_type() {
    if !have_node(
        "search",
        "the_bundled_course_answers_the_questions_students_type",
    ) {
        return;
    }
    let (_dir, out) = course();
    let cases = [
        ("kich hoat", "dang-ky/kich-hoat.html"),
        ("dang ky muc 2", "dang-ky/dang-ky-muc-2.html"),
        ("lua dao", "an-toan/nhan-biet-lua-dao.html"),
        (
            "nghi dinh 59",
            "an-toan/loi-ich-theo-phap-luat.html#tam-diem-cua-dieu-13-nghi-dinh-59",
        ),
    ];
    let queries: Vec<&str> = cases.iter().map(|c| c.0).collect();
    let (results, _) = search(&out, &queries);
    for ((q, expected), r) in cases.iter().zip(&results) {
        assert_eq!(urls(r)[0], *expected, "{q}: {r:#}");
    }
}
