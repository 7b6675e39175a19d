//! Hostile and foreign input, through the `baihoc` binary, on a site with a
//! decoy folder beside it (see `common::Sandbox`). Each test asserts the
//! message and exit code, that neither the site (but its output) nor the
//! decoy changed, and, for leaks, that the decoy's secret is nowhere in the
//! output: links out of the site, special files, oversized and deeply nested
//! input, `new` through a link, and documents written for other tools
//! (`index.md`, `.markdown`, `.mdx`, NFD names, dates with a time, editor
//! leftovers, control characters, thousands of warnings).

mod common;

use common::{Sandbox, write};
use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::{Duration, Instant};

/// A case must finish within this, in a debug build on a busy machine. The
/// sizes below take well under a second; the quadratic versions they guard
/// against took many seconds at these sizes (and 17 to 55 s, or were killed,
/// at the sizes of the review, in a release build).
const QUICK: Duration = Duration::from_secs(3);

fn lesson(title: &str, extra: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\n{extra}---\n{body}\n")
}

// ---------------------------------------------------------------- data loss

#[test]
fn new_lesson_through_a_symlinked_section_is_refused() {
    let s = Sandbox::new();
    let site = s.site();
    symlink(s.decoy(), site.join("content/ngoai")).unwrap();
    let before = s.state();
    let run = s.run(&["new", "lesson", "Thoát ra", "--section", "ngoai"]);
    run.expect_code(1);
    run.line("error: ", "outside content/");
    assert!(
        run.stderr.contains("refusing to write into"),
        "{}",
        run.stderr
    );
    s.assert_unchanged(&before);

    // The same for a section whose folder already exists as a link out.
    symlink(s.decoy(), site.join("content/an-toan")).unwrap();
    let before = s.state();
    let run = s.run(&["new", "section", "An toàn"]);
    run.expect_code(1);
    run.line("error: ", "outside content/");
    s.assert_unchanged(&before);

    // A link that stays inside content/ is followed.
    std::fs::create_dir(site.join("content/that")).unwrap();
    symlink("that", site.join("content/phan")).unwrap();
    let run = s.run(&["new", "lesson", "Bài mới", "--section", "phan"]);
    run.expect_code(0);
    assert!(site.join("content/that/bai-moi.md").is_file());
}

#[test]
fn new_lesson_after_the_largest_weight_is_an_error_not_a_wrap() {
    let s = Sandbox::new();
    let site = s.site();
    write(
        &site,
        "content/cuoi.md",
        &lesson("Cuối", &format!("weight: {}\n", i64::MAX - 3), ""),
    );
    let before = s.state();
    let run = s.run(&["new", "lesson", "Bài sau"]);
    run.expect_code(1);
    run.line(
        "error: ",
        &format!("cannot give the new file a weight after {}", i64::MAX - 3),
    );
    s.assert_unchanged(&before);

    // Just below the limit still works, and the new weight is the largest + 10.
    write(
        &site,
        "content/cuoi.md",
        &lesson("Cuối", &format!("weight: {}\n", i64::MAX - 10), ""),
    );
    s.run(&["new", "lesson", "Bài sau"]).expect_code(0);
    let text = std::fs::read_to_string(site.join("content/bai-sau.md")).unwrap();
    assert!(
        text.contains(&format!("\nweight: {}\n", i64::MAX)),
        "{text}"
    );
}

#[test]
fn a_very_long_title_gives_a_short_file_name_cut_at_a_word() {
    let s = Sandbox::new();
    let title = "Hướng dẫn chi tiết từng bước ".repeat(20);
    let before = s.state();
    let run = s.run(&["new", "lesson", &title]);
    run.expect_code(0);
    let created: Vec<String> = std::fs::read_dir(s.site().join("content"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("huong-dan"))
        .collect();
    assert_eq!(created.len(), 1, "{created:?}");
    let name = &created[0];
    let (mut site_now, decoy_now) = s.state();
    site_now.remove(&format!("content/{name}"));
    assert_eq!(
        (site_now, decoy_now),
        before,
        "only the new lesson was written"
    );
    assert!(name.len() <= 84, "{name} ({} bytes)", name.len());
    let stem = name.strip_suffix(".md").unwrap();
    // Whole words only: the slug of the title starts with it, followed by `-`.
    let full = "huong-dan-chi-tiet-tung-buoc-".repeat(20);
    assert!(full.starts_with(&format!("{stem}-")), "{stem}");
    let text = std::fs::read_to_string(s.site().join("content").join(name)).unwrap();
    assert!(text.contains(title.trim()), "the full title is kept");
    s.run(&["build"]).expect_code(0);
}

// -------------------------------------------------------------------- leaks

#[test]
fn a_link_out_of_the_site_is_refused_and_nothing_of_it_published() {
    let s = Sandbox::new();
    let site = s.site();
    s.run(&["build"]).expect_code(0);
    let published = common::snapshot(&site.join("public"));
    let cases: [(&str, &Path, &str); 4] = [
        (
            "content/notes.txt",
            &s.decoy().join("secret.txt"),
            "content/notes.txt",
        ),
        ("content/ngoai", &s.decoy(), "content/ngoai"),
        ("static/vendor", &s.decoy(), "static/vendor"),
        (
            "content/de.md",
            &s.decoy().join("secret.md"),
            "content/de.md",
        ),
    ];
    for (link, target, shown) in cases {
        let path = site.join(link);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        symlink(target, &path).unwrap();
        let before = s.state();
        let run = s.run(&["build"]);
        run.expect_code(1);
        run.line(
            &format!("{shown}: error: refusing to read {shown}: it is a symbolic link to "),
            "outside the site folder",
        );
        s.assert_unchanged(&before);
        assert_eq!(
            common::snapshot(&site.join("public")),
            published,
            "public/ changed"
        );
        s.assert_secret_not_published();
        std::fs::remove_file(&path).unwrap();
    }
}

#[test]
fn a_theme_folder_that_links_out_of_the_site_is_refused() {
    let s = Sandbox::new();
    let site = s.site();
    write(&site, "site.yaml", "title: \"Khóa học\"\ntheme: rieng\n");
    std::fs::create_dir(site.join("themes")).unwrap();
    symlink(s.decoy().join("theme"), site.join("themes/rieng")).unwrap();
    let before = s.state();
    let run = s.run(&["build"]);
    run.expect_code(1);
    run.line(
        "themes/rieng: error: refusing to read themes/rieng",
        "outside the site folder",
    );
    s.assert_unchanged(&before);
    assert!(!site.join("public").exists());
}

#[test]
fn links_that_stay_inside_the_site_still_work() {
    let s = Sandbox::new();
    let site = s.site();
    write(&site, "media/so-do.png", "png");
    symlink("../media", site.join("content/hinh")).unwrap();
    write(
        &site,
        "content/xem.md",
        &lesson("Xem", "", "![Sơ đồ](hinh/so-do.png)"),
    );
    let before = s.state();
    let run = s.run(&["build"]);
    run.expect_code(0);
    assert!(site.join("public/hinh/so-do.png").is_file());
    s.assert_unchanged(&before);

    // A link back into an earlier output is not read into the next one.
    symlink("../public", site.join("content/cu")).unwrap();
    let run = s.run(&["build"]);
    run.expect_code(1);
    run.line(
        "content/cu: error: refusing to read content/cu",
        "written by baihoc",
    );
}

#[test]
fn theme_must_name_a_folder_under_themes() {
    let s = Sandbox::new();
    let decoy_theme = s.decoy().join("theme");
    for theme in [
        decoy_theme.to_string_lossy().into_owned(),
        "../../decoy/theme".to_string(),
        "..".to_string(),
    ] {
        write(
            &s.site(),
            "site.yaml",
            &format!("title: \"Khóa học\"\ntheme: \"{theme}\"\n"),
        );
        let before = s.state();
        let run = s.run(&["build"]);
        run.expect_code(1);
        run.line(
            "site.yaml:2: error: ",
            &format!("`theme` must be the name of a folder under themes/, not `{theme}`"),
        );
        s.assert_unchanged(&before);
        assert!(!s.site().join("public").exists());
    }
}

#[test]
fn language_must_be_a_language_tag() {
    let s = Sandbox::new();
    for language in ["../../decoy/secret", "/etc/passwd", "vi/../../x"] {
        write(
            &s.site(),
            "site.yaml",
            &format!("title: \"Khóa học\"\nlanguage: \"{language}\"\n"),
        );
        let before = s.state();
        let run = s.run(&["build"]);
        run.expect_code(1);
        run.line("site.yaml:2: error: ", "`language` must be a language tag");
        s.assert_unchanged(&before);
    }
    write(
        &s.site(),
        "site.yaml",
        "title: \"Khóa học\"\nlanguage: zh-Hant\n",
    );
    let run = s.run(&["build"]);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("no interface strings for language `zh-Hant`")
    );
}

#[test]
fn fifos_and_sockets_are_reported_and_skipped_never_opened() {
    let s = Sandbox::new();
    let site = s.site();
    std::fs::create_dir_all(site.join("static")).unwrap();
    for fifo in ["content/ong.md", "content/ong.png", "static/ong.css"] {
        let status = std::process::Command::new("mkfifo")
            .arg(site.join(fifo))
            .status()
            .unwrap();
        assert!(status.success());
    }
    let _socket = std::os::unix::net::UnixListener::bind(site.join("content/o-cam")).unwrap();
    // A device (the same as /dev/zero: read, it never ends). Only root may
    // make one (CI runs as root); elsewhere the FIFOs and the socket stand for it.
    let device = std::process::Command::new("mknod")
        .arg(site.join("content/khong.png"))
        .args(["c", "1", "5"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let before = s.state();
    let start = Instant::now();
    let run = s.run(&["build"]);
    assert!(start.elapsed() < QUICK, "the build waited on a FIFO");
    run.expect_code(0);
    for (file, what) in [
        ("content/ong.md", "a named pipe (FIFO)"),
        ("content/ong.png", "a named pipe (FIFO)"),
        ("static/ong.css", "a named pipe (FIFO)"),
        ("content/o-cam", "a socket"),
    ] {
        run.line(
            &format!("{file}: warning: skipped: {file} is {what}, not a file"),
            "skipped",
        );
    }
    if device {
        run.line(
            "content/khong.png: warning: skipped: content/khong.png is a device, not a file",
            "device",
        );
    }
    s.assert_unchanged(&before);
    let out = common::files_under(&site.join("public"));
    assert!(
        !out.iter().any(|f| f.contains("ong") || f.contains("o-cam")),
        "{out:?}"
    );

    // A FIFO where a file baihoc must read is an error, not a hang.
    std::fs::create_dir_all(site.join("data")).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(site.join("data/sources.yaml"))
        .status()
        .unwrap();
    assert!(status.success());
    let start = Instant::now();
    let run = s.run(&["build"]);
    assert!(start.elapsed() < QUICK, "the build waited on a FIFO");
    run.expect_code(1);
    run.line(
        "data/sources.yaml: error: data/sources.yaml is a named pipe (FIFO), not a file",
        "FIFO",
    );
}

#[test]
fn a_text_file_too_large_to_hold_is_an_error() {
    let s = Sandbox::new();
    let site = s.site();
    // Sparse: 11 MB on paper, nothing on disk; it must be refused before reading.
    let big = std::fs::File::create(site.join("content/lon.md")).unwrap();
    big.set_len(11 * 1024 * 1024).unwrap();
    let before = s.state();
    let run = s.run(&["build"]);
    run.expect_code(1);
    run.line(
        "content/lon.md: error: the file is too large to read: 11.0 MB",
        "at most 10 MB",
    );
    s.assert_unchanged(&before);
}

// -------------------------------------------------------------------- hangs

#[test]
fn thousands_of_unknown_front_matter_keys_take_linear_time() {
    let s = Sandbox::new();
    let keys: String = (0..10_000).map(|i| format!("khoa_{i}: {i}\n")).collect();
    write(
        &s.site(),
        "content/nhieu.md",
        &lesson("Nhiều khoá", &keys, ""),
    );
    let before = s.state();
    let start = Instant::now();
    let run = s.run(&["check"]);
    let took = start.elapsed();
    run.expect_code(0);
    s.assert_unchanged(&before);
    assert!(took < QUICK, "10,000 unknown keys took {took:?}");
    run.line(
        "content/nhieu.md:3:1: warning: unknown front matter key `khoa_0`",
        "khoa_0",
    );
    assert!(
        run.stderr
            .contains("  ... and 9,995 more like this (--verbose shows them all)"),
        "{}",
        &run.stderr[..run.stderr.len().min(2000)]
    );
}

#[test]
fn a_registry_of_thousands_of_documents_takes_linear_time() {
    let s = Sandbox::new();
    let registry: String = (0..5_000)
        .map(|i| format!("- id: vb-{i}\n  name: \"Văn bản {i}\"\n  status: in-force\n"))
        .collect();
    write(&s.site(), "data/sources.yaml", &registry);
    write(
        &s.site(),
        "content/bai.md",
        &lesson("Bài một", "reviewed: 2026-01-01\nsources: [vb-4999]\n", ""),
    );
    let before = s.state();
    let start = Instant::now();
    let run = s.run(&["check"]);
    let took = start.elapsed();
    run.expect_code(0);
    s.assert_unchanged(&before);
    assert!(took < QUICK, "5,000 registry entries took {took:?}");
}

#[test]
fn a_repeated_registry_id_is_reported_at_its_second_occurrence() {
    let s = Sandbox::new();
    write(
        &s.site(),
        "data/sources.yaml",
        "- id: a\n  name: A\n  status: in-force\n- id: b\n  name: B\n  status: in-force\n- id: a\n  name: A lần nữa\n  status: in-force\n",
    );
    let before = s.state();
    let run = s.run(&["build"]);
    run.expect_code(1);
    run.line(
        "data/sources.yaml:7: error: ",
        "the id `a` is used twice (first on line 1)",
    );
    s.assert_unchanged(&before);
}

#[test]
fn deep_brackets_in_front_matter_are_refused_at_once() {
    let s = Sandbox::new();
    let deep = format!("tags: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    write(&s.site(), "content/sau.md", &lesson("Sâu", &deep, ""));
    let before = s.state();
    let start = Instant::now();
    let run = s.run(&["build"]);
    let took = start.elapsed();
    run.expect_code(1);
    assert!(took < QUICK, "took {took:?}");
    // `tags: ` is 6 characters: the 65th `[` is at column 71 of line 3.
    run.line(
        "content/sau.md:3:71: error: invalid YAML in front matter: `[` and `{` nested more than 64 levels deep",
        "nested",
    );
    s.assert_unchanged(&before);
}

#[test]
fn deeply_nested_folders_are_refused_at_the_first_too_deep() {
    // The review's chain was 1,000 deep (8 s and 516 MB of output). The walk
    // stops at the 17th folder whatever the length, so 100 show it as well,
    // without the seconds a disk takes to create and delete 1,000 folders.
    let s = Sandbox::new();
    let chain = "d/".repeat(100);
    write(
        &s.site(),
        &format!("content/{chain}bai.md"),
        &lesson("Đáy", "", ""),
    );
    let before = s.state();
    let start = Instant::now();
    let run = s.run(&["build"]);
    let took = start.elapsed();
    run.expect_code(1);
    assert!(took < QUICK, "took {took:?}");
    let first_too_deep = format!("content/{}d", "d/".repeat(16));
    run.line(
        &format!("{first_too_deep}: error: folders nested more than 16 levels deep"),
        "16",
    );
    s.assert_unchanged(&before);
    assert!(!s.site().join("public").exists());

    // Sixteen levels are fine.
    let s = Sandbox::new();
    write(
        &s.site(),
        &format!("content/{}bai.md", "d/".repeat(16)),
        &lesson("Đáy", "", ""),
    );
    s.run(&["build"]).expect_code(0);
    assert!(
        s.site()
            .join(format!("public/{}bai.html", "d/".repeat(16)))
            .is_file()
    );
}

// ------------------------------------------- documents written for other tools

#[test]
fn index_md_is_the_section_page_and_links_to_it_work() {
    let s = Sandbox::new();
    let site = s.site();
    write(
        &site,
        "content/phan/index.md",
        &lesson("Phần Hugo", "", "Giới thiệu phần."),
    );
    write(
        &site,
        "content/phan/bai.md",
        &lesson(
            "Bài trong phần",
            "",
            "[Về phần](index.md), [cũng về phần](./), [trang chủ](../index.md)",
        ),
    );
    write(&site, "content/index.md", &lesson("Không dùng", "", ""));
    let before = s.state();
    // content/ has both `_index.md` and `index.md`: an error naming both.
    let run = s.run(&["build"]);
    run.expect_code(1);
    run.line(
        "content/index.md: error: a folder has one section page, and this one has 2: content/_index.md and content/index.md",
        "section page",
    );
    s.assert_unchanged(&before);

    std::fs::remove_file(site.join("content/index.md")).unwrap();
    write(
        &site,
        "content/phan/bai.md",
        &lesson(
            "Bài trong phần",
            "",
            "[Về phần](index.md), [cũng về phần](./), [trang chủ](../_index.md)",
        ),
    );
    let before = s.state();
    s.run(&["build"]).expect_code(0);
    s.assert_unchanged(&before);
    let section = common::read(&site.join("public"), "phan/index.html");
    assert!(section.contains("Phần Hugo"), "{section}");
    assert!(section.contains("Giới thiệu phần."));
    let page = common::read(&site.join("public"), "phan/bai.html");
    assert!(
        page.contains("<a href=\"index.html\">Về phần</a>"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"index.html\">cũng về phần</a>"),
        "{page}"
    );
    assert!(!site.join("public/phan/index.md").exists());
}

#[test]
fn markdown_and_upper_case_extensions_are_pages_other_dialects_warn() {
    let s = Sandbox::new();
    let site = s.site();
    write(
        &site,
        "content/mot.markdown",
        &lesson("Một", "", "[Hai](Hai.MD)"),
    );
    write(&site, "content/Hai.MD", &lesson("Hai", "", ""));
    write(&site, "content/ba.Markdown", &lesson("Ba", "", ""));
    write(
        &site,
        "content/bon.mdx",
        &lesson("Bốn", "", "<Component />"),
    );
    let before = s.state();
    let run = s.run(&["build"]);
    run.expect_code(0);
    let out = site.join("public");
    s.assert_unchanged(&before);
    for page in ["mot.html", "hai.html", "ba.html"] {
        assert!(
            out.join(page).is_file(),
            "{page}: {:?}",
            common::files_under(&out)
        );
    }
    assert!(common::read(&out, "mot.html").contains("<a href=\"hai.html\">Hai</a>"));
    run.line(
        "content/bon.mdx: warning: `bon.mdx` is not read as Markdown: it is published as a plain file, not a page",
        "plain file",
    );
    assert!(out.join("bon.mdx").is_file());

    // A site whose lessons are all in another dialect does not pass in silence.
    let s = Sandbox::new();
    std::fs::remove_file(s.site().join("content/bai.md")).unwrap();
    write(&s.site(), "content/a.mdx", &lesson("A", "", ""));
    write(&s.site(), "content/b.mkd", &lesson("B", "", ""));
    let run = s.run(&["build"]);
    run.expect_code(0);
    run.line(
        "content: warning: the site has no lessons",
        "no Markdown file besides section pages",
    );
    assert!(
        run.stderr
            .contains("2 file(s) look like Markdown but have another extension"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("0 lessons"), "{}", run.stdout);
}

#[test]
fn control_characters_in_front_matter_never_reach_the_html() {
    let s = Sandbox::new();
    let site = s.site();
    write(
        &site,
        "content/bai.md",
        "---\ntitle: \"Bài\\0 một\\e]0;pwned\\a\"\ndescription: \"Mô\\x1b[2J tả\"\ntags: [\"a\\0b\"]\n---\nNội dung\u{0}\u{7} có \u{1b}[31m màu.\n",
    );
    let before = s.state();
    let run = s.run(&["build"]);
    run.expect_code(0);
    s.assert_unchanged(&before);
    run.line(
        "content/bai.md:2: warning: `title` holds control characters",
        "removed",
    );
    run.line(
        "content/bai.md:3: warning: `description` holds control characters",
        "removed",
    );
    run.line(
        "content/bai.md:6:9: warning: the file holds control characters",
        "removed",
    );
    let text_files = common::files_under(&site.join("public"))
        .into_iter()
        .filter(|f| {
            [".html", ".js", ".json", ".xml"]
                .iter()
                .any(|e| f.ends_with(e))
        });
    for file in text_files {
        let text = common::read(&site.join("public"), &file);
        assert!(
            !text.contains(['\0', '\u{1b}', '\u{7}']),
            "public/{file} holds a control character"
        );
    }
    let page = common::read(&site.join("public"), "bai.html");
    assert!(page.contains("Bài một]0;pwned"), "{page}");
}

#[test]
fn names_and_text_are_read_in_composed_form() {
    let s = Sandbox::new();
    let site = s.site();
    // As macOS writes them: decomposed (a + combining grave).
    let nfd_page = "Ba\u{300}i hai.md";
    let nfd_image = "hi\u{300}nh.png";
    write(
        &site,
        &format!("content/{nfd_page}"),
        &lesson("Ba\u{300}i hai", "", ""),
    );
    write(&site, &format!("content/{nfd_image}"), "png");
    // Typed on Windows or Linux: composed.
    write(
        &site,
        "content/bai.md",
        &lesson(
            "Bài một",
            "",
            "[Bài hai](<Bài hai.md>)\n\n![Hình](hình.png)\n\n[Lại bài hai](Ba%CC%80i%20hai.md)",
        ),
    );
    let before = s.state();
    let run = s.run(&["build"]);
    run.expect_code(0);
    s.assert_unchanged(&before);
    let out = site.join("public");
    let page = common::read(&out, "bai.html");
    assert!(
        page.contains("<a href=\"bai-hai.html\">Bài hai</a>"),
        "{page}"
    );
    assert!(page.contains("src=\"h%C3%ACnh.png\""), "{page}");
    // Percent-encoded in decomposed form, as some editors copy a link.
    assert!(
        page.contains("<a href=\"bai-hai.html\">Lại bài hai</a>"),
        "{page}"
    );
    assert!(
        out.join("hình.png").is_file(),
        "{:?}",
        common::files_under(&out)
    );
    let two = common::read(&out, "bai-hai.html");
    assert!(two.contains("<title>Bài hai"), "title in NFC: {two}");
    assert!(!two.contains('\u{300}'));
}

#[test]
fn dates_with_a_time_are_accepted() {
    let s = Sandbox::new();
    write(
        &s.site(),
        "content/bai.md",
        &lesson(
            "Bài một",
            "date: 2024-01-02T10:00:00+07:00\nreviewed: 2024-03-04 08:30\n",
            "",
        ),
    );
    let before = s.state();
    let run = s.run(&["build"]);
    run.expect_code(0);
    s.assert_unchanged(&before);
    let page = common::read(&s.site().join("public"), "bai.html");
    assert!(
        page.contains("<time datetime=\"2024-03-04\">04/03/2024</time>"),
        "{page}"
    );
    write(
        &s.site(),
        "content/bai.md",
        &lesson("Bài một", "date: 2024-01-02T25:00:00\n", ""),
    );
    let run = s.run(&["build"]);
    run.expect_code(1);
    run.line(
        "content/bai.md:3: error: `date` is not a date: `2024-01-02T25:00:00`",
        "date",
    );
}

#[test]
fn editor_and_system_leftovers_are_not_published() {
    let s = Sandbox::new();
    let site = s.site();
    let junk = [
        "content/_config.yml",
        "content/bai.md.swp",
        "content/bai.md~",
        "content/.#bai.md",
        "content/#bai.md#",
        "content/.DS_Store",
        "content/Thumbs.db",
        "content/desktop.ini",
        "content/~$giao-an.docx",
        "content/__MACOSX/._bai.md",
        "static/Thumbs.db",
        "static/css/.style.css.swp",
    ];
    for file in junk {
        write(&site, file, "rác");
    }
    write(
        &site,
        "static/.well-known/security.txt",
        "Contact: mailto:a@b.vn\n",
    );
    let before = s.state();
    let run = s.run(&["build"]);
    run.expect_code(0);
    s.assert_unchanged(&before);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let out = common::files_under(&site.join("public"));
    for file in junk {
        let name = file.rsplit('/').next().unwrap();
        assert!(
            !out.iter().any(|f| f.ends_with(name)),
            "{file} was published: {out:?}"
        );
    }
    assert!(out.contains(".well-known/security.txt"), "{out:?}");
}

#[test]
fn warnings_are_grouped_by_kind_and_capped_errors_never() {
    let s = Sandbox::new();
    let site = s.site();
    let keys: String = (0..1_452).map(|i| format!("khoa_{i}: {i}\n")).collect();
    write(&site, "content/nhieu.md", &lesson("Nhiều", &keys, ""));
    write(&site, "content/khac.mdx", "x");
    let before = s.state();
    for args in [&["build"][..], &["check"][..]] {
        let run = s.run(args);
        run.expect_code(0);
        let unknown = run
            .stderr
            .matches("warning: unknown front matter key")
            .count();
        assert_eq!(unknown, 5, "{}", run.stderr);
        assert!(
            run.stderr
                .contains("  ... and 1,447 more like this (--verbose shows them all)\n")
        );
        run.line("content/khac.mdx: warning: ", "not read as Markdown");
        assert!(
            run.stdout.contains("(1,453 warnings)") || run.stdout.contains("(1453 warnings)"),
            "{}",
            run.stdout
        );
        assert!(run.stderr.lines().count() < 20, "{}", run.stderr);
    }
    for args in [&["build", "--verbose"][..], &["--verbose", "check"][..]] {
        let run = s.run(args);
        run.expect_code(0);
        assert_eq!(
            run.stderr
                .matches("warning: unknown front matter key")
                .count(),
            1_452
        );
        assert!(!run.stderr.contains("more like this"));
    }
    // Errors are never hidden: as errors (--strict), all 1,453 are printed.
    let run = s.run(&["check", "--strict"]);
    run.expect_code(1);
    assert_eq!(
        run.stderr
            .matches(": error: unknown front matter key")
            .count(),
        1_452
    );
    assert!(!run.stderr.contains("more like this"));
    s.assert_unchanged(&before);
}

#[test]
fn text_from_the_site_cannot_drive_the_terminal() {
    let s = Sandbox::new();
    let site = s.site();
    write(&site, "content/x\u{1b}]0;pwned\u{7}.mdx", "x");
    write(
        &site,
        "content/a\nBuilt into /tmp/fake: 99 lessons.mdx",
        "x",
    );
    write(
        &site,
        "content/t\u{1b}[2J.md",
        &lesson("Tiêu đề\\e[31m", "", ""),
    );
    let before = s.state();
    let run = s.run(&["build"]);
    run.expect_code(0);
    s.assert_unchanged(&before);
    let run_list = s.run(&["list"]);
    run_list.expect_code(0);
    for (what, text) in [
        ("build stderr", &run.stderr),
        ("build stdout", &run.stdout),
        ("list stdout", &run_list.stdout),
    ] {
        assert!(
            !text.contains(['\u{1b}', '\u{7}']),
            "{what} holds a control character: {text:?}"
        );
    }
    assert!(
        !run.stderr.lines().any(|l| l.starts_with("Built into")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/x\\x1b]0;pwned\\x07.mdx: warning:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/a\\nBuilt into /tmp/fake"),
        "{}",
        run.stderr
    );
    assert!(
        run_list.stdout.contains("content/t\\x1b[2J.md"),
        "{}",
        run_list.stdout
    );
}
