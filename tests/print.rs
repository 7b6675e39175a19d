//! Print views, posters and QR codes, as the build writes them: a QR code
//! read back (its SVG's modules drawn into a bitmap and decoded with rqrr)
//! gives exactly the address printed under it; a QR code to another host is
//! an error at its line; `qr:self` without `base_url` warns and draws
//! nothing; `list --json` names posters' sheets and sections' print views;
//! a print view holds each lesson once, in order, with ids unique and every
//! `#fragment` link leading to one of them, links between its lessons
//! inside it; posters' front matter mistakes are reported.

mod common;

use baihoc::{BuildOptions, Built, build_in_memory};
use common::write;
use html5gum::{Token, Tokenizer};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// A small site: `site.yaml` with `extra` appended, and the given lessons.
fn site(extra: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "site.yaml",
        &format!("title: \"Khóa học thử\"\n{extra}"),
    );
    write(
        dir.path(),
        "content/_index.md",
        "---\ntitle: \"Trang chủ\"\n---\nChào em.\n",
    );
    for (path, text) in files {
        write(dir.path(), &format!("content/{path}"), text);
    }
    dir
}

fn built(root: &Path) -> Built {
    build_in_memory(&BuildOptions::new(root)).unwrap_or_else(|f| panic!("{}", common::describe(&f)))
}

fn text(b: &Built, path: &str) -> String {
    String::from_utf8(b.files()[path].clone()).unwrap_or_else(|_| panic!("{path} is UTF-8"))
}

fn attr(tag: &html5gum::StartTag<()>, name: &str) -> Option<String> {
    tag.attributes
        .get(name.as_bytes())
        .map(|v| String::from_utf8_lossy(v).into_owned())
}

/// One QR code of a page: the dark modules of its SVG and the address printed under it.
struct Drawn {
    size: usize,
    dark: HashSet<(usize, usize)>,
    printed: String,
}

/// Every QR code of `html`, read with an HTML tokenizer: the SVG's
/// `viewBox` and its path of runs (`M x y h n v1 h-n z`), and the text of
/// the `qr-address` after it.
fn qr_codes(html: &str) -> Vec<Drawn> {
    let mut out: Vec<Drawn> = Vec::new();
    let mut in_address = false;
    for token in Tokenizer::new(html) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag)
                if &*tag.name == b"svg" && attr(&tag, "class").as_deref() == Some("qr-code") =>
            {
                let view = attr(&tag, "viewbox").expect("a viewBox");
                let size: usize = view.split(' ').nth(2).unwrap().parse().unwrap();
                out.push(Drawn {
                    size,
                    dark: HashSet::new(),
                    printed: String::new(),
                });
            }
            Token::StartTag(tag) if &*tag.name == b"path" => {
                let d = attr(&tag, "d").unwrap_or_default();
                let code = out.last_mut().expect("a path inside a QR code");
                for run in d.split('M').filter(|r| !r.is_empty()) {
                    let (xy, rest) = run.split_once('h').expect("M x yh");
                    let (x, y) = xy.split_once(' ').unwrap();
                    let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
                    let n: usize = rest.split_once('v').unwrap().0.parse().unwrap();
                    assert!(
                        rest.ends_with(&format!("v1h-{n}z")),
                        "a run one module high: {run}"
                    );
                    for k in 0..n {
                        code.dark.insert((x + k, y));
                    }
                }
            }
            Token::StartTag(tag) if attr(&tag, "class").as_deref() == Some("qr-address") => {
                in_address = true;
            }
            Token::String(s) if in_address => {
                out.last_mut()
                    .unwrap()
                    .printed
                    .push_str(&String::from_utf8_lossy(&s));
            }
            Token::EndTag(_) => in_address = false,
            _ => {}
        }
    }
    out
}

/// Draws a code at 6 pixels a module and decodes it with rqrr.
fn decode(code: &Drawn) -> String {
    let scale = 6;
    let side = code.size * scale;
    let mut img = rqrr::PreparedImage::prepare_from_bitmap(side, side, |x, y| {
        code.dark.contains(&(x / scale, y / scale))
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code found in the drawing");
    grids[0].decode().expect("the code decodes").1
}

#[test]
fn a_qr_code_decodes_to_the_exact_address_printed_under_it() {
    let poster = "---\ntitle: \"Áp phích\"\nlayout: poster\nposter: {size: A3, orientation: landscape}\n---\n\n![Bài này trên điện thoại](qr:self)\n\n---\n\nTrang chính thức: ![Trang VNeID](qr:https://vneid.gov.vn/huong-dan?muc=2#kich-hoat)\n";
    let dir = site(
        "base_url: \"https://truong.example.edu.vn/vneid/\"\ntrusted_hosts: [vneid.gov.vn]\n",
        &[("ap-phich/bon-quy-tac.md", poster)],
    );
    let b = built(dir.path());
    let html = text(&b, "ap-phich/bon-quy-tac.html");
    let codes = qr_codes(&html);
    let expected = [
        "https://truong.example.edu.vn/vneid/ap-phich/bon-quy-tac.html",
        "https://vneid.gov.vn/huong-dan?muc=2#kich-hoat",
    ];
    assert_eq!(codes.len(), 2, "{html}");
    for (code, want) in codes.iter().zip(expected) {
        assert_eq!(code.printed, want, "the address printed under the code");
        assert_eq!(decode(code), want, "what a phone reads");
    }
    // Alone in its paragraph, a code is a figure with its caption; inside a sentence, a span.
    assert!(
        html.contains("<figure class=\"qr\"><svg class=\"qr-code\""),
        "{html}"
    );
    assert!(html.contains("<figcaption><span class=\"qr-caption\">Bài này trên điện thoại</span>"));
    assert!(
        html.contains("Trang chính thức: <span class=\"qr\"><svg"),
        "{html}"
    );
    assert!(!html.contains("qr:"), "no qr: address is left in the page");
}

#[test]
fn a_qr_code_to_an_untrusted_host_is_an_error_naming_the_page_and_line() {
    let lesson = "---\ntitle: \"Bài\"\n---\n\nQuét mã:\n\n![Tải ứng dụng](qr:https://vneid-app.example.com/tai)\n";
    let dir = site("trusted_hosts: [vneid.gov.vn]\n", &[("bai.md", lesson)]);
    let failure = match build_in_memory(&BuildOptions::new(dir.path())) {
        Ok(_) => panic!("an untrusted QR code must fail the build"),
        Err(f) => f,
    };
    let errors: Vec<String> = failure.errors().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("content/bai.md:7:1: error: no QR code for `https://vneid-app.example.com/tai`: `vneid-app.example.com` is not a trusted host"),
        "{errors:?}"
    );
    assert!(
        errors[0].contains("trusted_hosts:"),
        "the hint says how: {errors:?}"
    );
    // The command line exits 1 with the same message and writes nothing.
    let out = assert_cmd::Command::cargo_bin("baihoc")
        .unwrap()
        .args(["--root", dir.path().to_str().unwrap(), "build"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/bai.md:7:1: error: no QR code for"),
        "{stderr}"
    );
    assert!(!dir.path().join("public").exists());
    // A look-alike host, a user name before `@`, plain http: refused too.
    for (dest, what) in [
        ("https://vneid.gov.vn.example.com/", "is not a trusted host"),
        (
            "https://vneid.gov.vn@example.com/",
            "names a user before `@`",
        ),
        ("http://vneid.gov.vn/", "only encoded over https"),
    ] {
        let lesson = format!(
            "---\ntitle: \"Bài\"\n---\n![Mã]({})\n",
            format_args!("qr:{dest}")
        );
        let dir = site("trusted_hosts: [vneid.gov.vn]\n", &[("bai.md", &lesson)]);
        let f = build_in_memory(&BuildOptions::new(dir.path()))
            .err()
            .expect("refused");
        let e = f.errors().next().unwrap().to_string();
        assert!(
            e.starts_with("content/bai.md:4:1: error:") && e.contains(what),
            "{dest}: {e}"
        );
    }
}

#[test]
fn qr_self_without_base_url_warns_and_draws_nothing() {
    let poster = "---\ntitle: \"Áp phích\"\nlayout: poster\n---\n\nMột câu.\n\n![Bài này trên điện thoại](qr:self)\n";
    let dir = site("", &[("ap-phich.md", poster)]);
    let b = built(dir.path());
    let warnings: Vec<String> = b
        .summary()
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("content/ap-phich.md:8:1: warning: no QR code drawn for `qr:self`: the site has no `base_url`"),
        "{warnings:?}"
    );
    let html = text(&b, "ap-phich.html");
    assert!(
        !html.contains("<svg"),
        "no code at all, never one to a local path: {html}"
    );
    assert!(!html.contains("Bài này trên điện thoại"), "nor its caption");
    // With --base-url the same page gets its code.
    let opts = BuildOptions {
        base_url: Some("https://truong.example.edu.vn".into()),
        ..BuildOptions::new(dir.path())
    };
    let b = build_in_memory(&opts).unwrap();
    let codes = qr_codes(&text(&b, "ap-phich.html"));
    assert_eq!(
        decode(&codes[0]),
        "https://truong.example.edu.vn/ap-phich.html"
    );
    assert!(b.summary().warnings.is_empty());
}

/// The bundled course, copied (site.yaml, content/, data/) and built in memory.
fn course() -> (tempfile::TempDir, Built) {
    let dir = common::bundled_course("");
    let b = built(dir.path());
    (dir, b)
}

#[test]
fn list_json_names_each_posters_sheet_and_each_sections_print_view() {
    let (dir, _) = course();
    let listed = baihoc::list(&BuildOptions::new(dir.path())).unwrap();
    let json = serde_json::to_value(&listed).unwrap();
    let entries = json.as_array().unwrap();
    let posters: BTreeMap<String, serde_json::Value> = entries
        .iter()
        .filter(|e| e.get("poster").is_some())
        .map(|e| {
            (
                e["output"].as_str().unwrap().to_string(),
                e["poster"].clone(),
            )
        })
        .collect();
    let sheet = |size: &str, orientation: &str| serde_json::json!({"size": size, "orientation": orientation});
    assert_eq!(
        posters,
        BTreeMap::from([
            (
                "ap-phich/bon-quy-tac.html".to_string(),
                sheet("A3", "portrait")
            ),
            (
                "ap-phich/cai-dat-vneid.html".to_string(),
                sheet("A4", "portrait")
            ),
            (
                "ap-phich/kich-hoat.html".to_string(),
                sheet("A2", "portrait")
            ),
            (
                "ap-phich/muc-1-va-muc-2.html".to_string(),
                sheet("A3", "landscape")
            ),
        ])
    );
    for e in entries.iter().filter(|e| e.get("poster").is_some()) {
        assert_eq!(e["layout"], "poster.html");
        assert_eq!(
            e["outputs"],
            serde_json::json!([e["output"]]),
            "a poster is its own page"
        );
    }
    let views: BTreeMap<&str, &str> = entries
        .iter()
        .filter_map(|e| Some((e["output"].as_str()?, e.get("print_view")?.as_str()?)))
        .collect();
    assert_eq!(
        views,
        BTreeMap::from([
            ("index.html", "ban-in.html"),
            ("an-toan/index.html", "an-toan/ban-in.html"),
            ("dang-ky/index.html", "dang-ky/ban-in.html"),
            ("huong-dan/index.html", "huong-dan/ban-in.html"),
            ("tim-hieu/index.html", "tim-hieu/ban-in.html"),
            ("tra-cuu/index.html", "tra-cuu/ban-in.html"),
        ]),
        "every section with lessons, not the posters' section"
    );
    for e in entries.iter().filter(|e| e.get("print_view").is_some()) {
        assert!(
            e["outputs"].as_array().unwrap().contains(&e["print_view"]),
            "{e}"
        );
    }
}

/// What a print view holds, read with an HTML tokenizer.
#[derive(Default)]
struct Read {
    ids: Vec<String>,
    hrefs: Vec<String>,
    /// (id, text) of each lesson's title.
    titles: Vec<(String, String)>,
}

fn read(html: &str) -> Read {
    let mut r = Read::default();
    let mut title: Option<String> = None;
    for token in Tokenizer::new(html) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                if let Some(id) = attr(&tag, "id") {
                    if attr(&tag, "class").as_deref() == Some("print-lesson-title") {
                        title = Some(id.clone());
                        r.titles.push((id.clone(), String::new()));
                    }
                    r.ids.push(id);
                }
                if let Some(href) = attr(&tag, "href") {
                    r.hrefs.push(href);
                }
            }
            Token::String(s) if title.is_some() => {
                r.titles
                    .last_mut()
                    .unwrap()
                    .1
                    .push_str(&String::from_utf8_lossy(&s));
            }
            Token::EndTag(_) => title = None,
            _ => {}
        }
    }
    r
}

/// Checks one print view: ids unique, every `#x` has a target, no link to a lesson it holds.
fn check_view(b: &Built, view: &str, lessons: &[String]) -> Read {
    let r = read(&text(b, view));
    let mut seen = HashSet::new();
    for id in &r.ids {
        assert!(
            seen.insert(id.as_str()),
            "{view}: the id `{id}` is used twice"
        );
    }
    for href in &r.hrefs {
        if let Some(f) = href.strip_prefix('#') {
            assert!(seen.contains(f), "{view}: `{href}` leads nowhere");
        }
    }
    let dir = view.rsplit_once('/').map_or("", |(d, _)| d);
    for lesson in lessons {
        let rel = match lesson.strip_prefix(&format!("{dir}/")) {
            Some(r) if !dir.is_empty() => r.to_string(),
            _ => lesson.clone(),
        };
        assert!(
            !r.hrefs
                .iter()
                .any(|h| h.split('#').next() == Some(rel.as_str())),
            "{view}: a link to {lesson}, which it holds, should point inside it"
        );
    }
    r
}

#[test]
fn each_print_view_holds_its_lessons_once_in_order_with_unique_ids_and_links_inside() {
    let (dir, b) = course();
    let listed = baihoc::list(&BuildOptions::new(dir.path())).unwrap();
    let course_lessons: Vec<&baihoc::ListEntry> = listed
        .iter()
        .filter(|e| e.kind == "page" && e.poster.is_none())
        .collect();
    for section in listed.iter().filter(|e| e.print_view.is_some()) {
        let view = section.print_view.as_deref().unwrap();
        let lessons: Vec<&&baihoc::ListEntry> = course_lessons
            .iter()
            .filter(|l| {
                section.kind == "home" || l.section.as_deref() == Some(section.title.as_str())
            })
            .collect();
        let outputs: Vec<String> = lessons.iter().map(|l| l.output.clone()).collect();
        let r = check_view(&b, view, &outputs);
        let titles: Vec<&str> = r.titles.iter().map(|(_, t)| t.trim()).collect();
        let expected: Vec<&str> = lessons.iter().map(|l| l.title.as_str()).collect();
        assert_eq!(
            titles, expected,
            "{view}: every lesson once, in reading order"
        );
        assert!(
            !text(&b, view).contains("window.print"),
            "never opens the print dialog"
        );
    }
    // The whole course links lesson to lesson inside it: lesson 6 links to lesson 7's rules.
    let home = text(&b, "ban-in.html");
    assert!(
        home.contains("href=\"#bai-7-bon-quy-tac-an-toan\""),
        "inside the course"
    );
    // A section's view keeps links to lessons of other sections, from its own folder.
    let section = text(&b, "dang-ky/ban-in.html");
    assert!(section.contains("href=\"../an-toan/nhan-biet-lua-dao.html#bon-quy-tac-an-toan\""));
}

#[test]
fn a_heading_and_a_footnote_of_one_name_in_two_lessons_never_share_an_id() {
    let a = "---\ntitle: \"Bài A\"\nweight: 1\n---\n## Ghi chú\n\nXem [B](b.md#ghi-chu) và [phần sau](#ghi-chu).[^ghi-chu]\n\n[^ghi-chu]: Nguồn A.\n";
    let b_md = "---\ntitle: \"Bài B\"\nweight: 2\n---\n## Ghi chú\n\nQuay lại [A](a.md).[^ghi-chu]\n\n<span id=\"x\" aria-describedby=\"x\">y</span>\n\n[^ghi-chu]: Nguồn B.\n";
    let dir = site(
        "",
        &[
            ("phan/_index.md", "---\ntitle: \"Phần\"\n---\n"),
            ("phan/a.md", a),
            ("phan/b.md", b_md),
        ],
    );
    let b = built(dir.path());
    let outputs = vec!["phan/a.html".to_string(), "phan/b.html".to_string()];
    let r = check_view(&b, "phan/ban-in.html", &outputs);
    for id in [
        "bai-1-ghi-chu",
        "bai-1-fn-ghi-chu",
        "bai-2-ghi-chu",
        "bai-2-fn-ghi-chu",
        "bai-2-x",
    ] {
        assert!(r.ids.iter().any(|i| i == id), "{id} in {:?}", r.ids);
    }
    let html = text(&b, "phan/ban-in.html");
    assert!(html.contains("<a href=\"#bai-2-ghi-chu\">B</a>"), "{html}");
    assert!(html.contains("<a href=\"#bai-1-ghi-chu\">phần sau</a>"));
    assert!(html.contains("<a href=\"#bai-1\">A</a>"));
    assert!(html.contains("aria-describedby=\"bai-2-x\""));
    // The whole course (the home's view, at the root) holds them too, one folder up.
    let r = check_view(&b, "ban-in.html", &outputs);
    assert_eq!(r.titles.len(), 2);
    // The pages themselves are unchanged.
    assert!(text(&b, "phan/a.html").contains("<a href=\"b.html#ghi-chu\">B</a>"));
}

#[test]
fn poster_front_matter_mistakes_are_reported() {
    // `poster:` without `layout: poster` is a warning at its line.
    let dir = site(
        "",
        &[(
            "bai.md",
            "---\ntitle: \"Bài\"\nposter: {size: A3}\n---\nA.\n",
        )],
    );
    let b = built(dir.path());
    let w: Vec<String> = b
        .summary()
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        w.iter().any(|w| w.starts_with(
            "content/bai.md:3: warning: `poster:` is only read on a page with `layout: poster`"
        )),
        "{w:?}"
    );
    // An unknown size is an error at its line and column.
    let dir = site(
        "",
        &[(
            "bai.md",
            "---\ntitle: \"Bài\"\nlayout: poster\nposter:\n  size: A0\n---\nA.\n",
        )],
    );
    let f = build_in_memory(&BuildOptions::new(dir.path()))
        .err()
        .expect("refused");
    let e = f.errors().next().unwrap().to_string();
    assert!(
        e.starts_with("content/bai.md:5:3: error: `poster: {size: A0}` is not a size"),
        "{e}"
    );
    // A poster too full to read from afar is a warning.
    let long = format!(
        "---\ntitle: \"Bài\"\nlayout: poster\n---\n{}\n",
        "Một câu rất dài về tài khoản định danh điện tử. ".repeat(80)
    );
    let dir = site("", &[("bai.md", &long)]);
    let b = built(dir.path());
    let w: Vec<String> = b
        .summary()
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        w.iter()
            .any(|w| w.contains("too much to be read from a few metres")),
        "{w:?}"
    );
    // A section cannot be a poster.
    let dir = site(
        "",
        &[
            (
                "phan/_index.md",
                "---\ntitle: \"Phần\"\nlayout: poster\n---\n",
            ),
            ("phan/a.md", "---\ntitle: \"A\"\n---\nA.\n"),
        ],
    );
    let f = build_in_memory(&BuildOptions::new(dir.path()))
        .err()
        .expect("refused");
    let e = f.errors().next().unwrap().to_string();
    assert!(
        e.starts_with("content/phan/_index.md:3: error: a section's page cannot be a poster"),
        "{e}"
    );
}

#[test]
fn a_re_rendered_poster_or_lesson_writes_exactly_what_a_full_build_writes() {
    let (dir, mut b) = course();
    let root = dir.path();
    for (rel, from, to, expected) in [
        (
            "ap-phich/bon-quy-tac.md",
            "Không cài VNeID từ đường link lạ",
            "Không bao giờ cài VNeID từ đường link lạ",
            vec!["ap-phich/bon-quy-tac.html", "search/index.js", "sw.js"],
        ),
        (
            "dang-ky/kich-hoat.md",
            "Đăng nhập được rồi",
            "Khi đăng nhập được rồi",
            vec![
                "ban-in.html",
                "dang-ky/ban-in.html",
                "dang-ky/kich-hoat.html",
                "dang-ky/kich-hoat.trinh-chieu.html",
                "search/index.js",
                "sw.js",
            ],
        ),
    ] {
        let path = root.join("content").join(rel);
        let before = std::fs::read_to_string(&path).unwrap();
        assert!(before.contains(from), "{rel}");
        std::fs::write(&path, before.replacen(from, to, 1)).unwrap();
        let changes = b
            .rerender(rel)
            .unwrap_or_else(|f| panic!("{}", common::describe(&f)));
        assert_eq!(changes.paths(), expected, "{rel}");
        let full = built(root);
        assert_eq!(b.files(), full.files(), "{rel}: the bytes of a full build");
    }
}
