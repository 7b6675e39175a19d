//! Themes and static files: a site may use the built-in theme with nothing
//! but site.yaml and content/, name its own theme folder, override a theme
//! file by file, and ship static files that get content-hashed names.

mod common;

use common::{build, build_with, write};
use std::path::Path;

fn minimal_site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "site.yaml", "title: \"Khoá học\"\n");
    write(
        tmp.path(),
        "content/_index.md",
        "---\ntitle: \"Trang chủ\"\n---\nXin chào.\n",
    );
    write(
        tmp.path(),
        "content/bai.md",
        "---\ntitle: \"Bài một\"\n---\n## Mở đầu\n\nNội dung.\n",
    );
    tmp
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_site_with_only_site_yaml_and_content_uses_the_built_in_theme() {
    let site = minimal_site();
    let out = build(site.path());
    let html = read(&out.join("bai.html"));
    assert!(html.contains("<html lang=\"vi\" "), "{html}");
    let css = html
        .split("href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    assert!(
        css.starts_with("css/style.") && css.ends_with(".css"),
        "{css}"
    );
    assert!(out.join(&css).is_file());
}

#[test]
fn a_named_theme_folder_replaces_the_built_in_templates_and_static_files() {
    let site = minimal_site();
    write(
        site.path(),
        "site.yaml",
        "title: \"Khoá học\"\ntheme: truong\n",
    );
    write(
        site.path(),
        "themes/truong/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"truong\">{{ page.title }}</p>{% endblock main %}",
    );
    write(
        site.path(),
        "themes/truong/static/css/style.css",
        "body { color: green; }\n",
    );
    let out = build(site.path());
    let html = read(&out.join("bai.html"));
    assert!(html.contains("<p class=\"truong\">Bài một</p>"), "{html}");
    // base.html still comes from the built-in theme.
    assert!(html.contains("class=\"skip-link\""), "{html}");
    // The site's stylesheet is the theme's (the slide decks' still comes from the built-in theme).
    let css: Vec<_> = std::fs::read_dir(out.join("css"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            !p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("deck.")
        })
        .collect();
    assert_eq!(css.len(), 1);
    assert_eq!(read(&css[0]), "body { color: green; }\n");
}

#[test]
fn an_unknown_theme_is_an_error_naming_site_yaml() {
    let site = minimal_site();
    write(
        site.path(),
        "site.yaml",
        "title: \"Khoá học\"\ntheme: khong-co\n",
    );
    let f = baihoc::build(&baihoc::BuildOptions::new(site.path())).unwrap_err();
    let d = &f.diagnostics[0];
    assert!(d.message.contains("khong-co"), "{d}");
    assert_eq!(d.file.as_deref(), Some(Path::new("site.yaml")));
    assert!(!site.path().join("public").exists());
}

#[test]
fn site_static_files_are_hashed_and_linkable_from_markdown() {
    let site = minimal_site();
    write(
        site.path(),
        "static/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    write(site.path(), "static/robots.txt", "User-agent: *\n");
    write(
        site.path(),
        "content/phan/bai-hai.md",
        "---\ntitle: \"Bài hai\"\n---\n![Biểu trưng](/img/logo.svg)\n",
    );
    let out = build(site.path());
    // Names browsers and servers look for keep their name.
    assert_eq!(read(&out.join("robots.txt")), "User-agent: *\n");
    let logos: Vec<String> = std::fs::read_dir(out.join("img"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(logos.len(), 1);
    let logo = &logos[0];
    assert!(
        logo.starts_with("logo.")
            && logo.ends_with(".svg")
            && logo.len() == "logo.".len() + 12 + ".svg".len(),
        "{logo}"
    );
    let html = read(&out.join("phan/bai-hai.html"));
    assert!(html.contains(&format!("src=\"../img/{logo}\"")), "{html}");
}

#[test]
fn a_changed_static_file_gets_a_new_name_and_an_unchanged_one_keeps_it() {
    let site = minimal_site();
    write(site.path(), "static/app.js", "console.log(1);\n");
    let names = |out: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("app."))
            .collect();
        v.sort();
        v
    };
    let first = names(&build(site.path()));
    let again = names(&build(site.path()));
    assert_eq!(first, again);
    write(site.path(), "static/app.js", "console.log(2);\n");
    let changed = names(&build(site.path()));
    assert_eq!(changed.len(), 1);
    assert_ne!(first, changed);
}

#[test]
fn root_flag_builds_a_site_elsewhere() {
    let site = minimal_site();
    let output = assert_cmd::Command::cargo_bin("baihoc")
        .unwrap()
        .current_dir(std::env::temp_dir())
        .arg("--root")
        .arg(site.path())
        .arg("build")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains(": 1 lesson, 1 section page, "), "{stdout}");
    assert!(site.path().join("public/bai.html").is_file());
}

#[test]
fn site_interface_strings_override_the_theme() {
    let site = minimal_site();
    write(site.path(), "i18n/vi.yaml", "next: \"Học tiếp\"\n");
    write(
        site.path(),
        "content/bai-2.md",
        "---\ntitle: \"Bài hai\"\n---\nNội dung.\n",
    );
    build_with(&baihoc::BuildOptions::new(site.path()));
    // "Bài hai" sorts before "Bài một", so its next lesson is "Bài một".
    let html = read(&site.path().join("public/bai-2.html"));
    assert!(html.contains("Học tiếp →"), "{html}");
}

#[test]
fn a_template_asking_for_a_switched_off_products_file_is_told_why() {
    let site = minimal_site();
    write(
        site.path(),
        "site.yaml",
        "title: \"Khoá học\"\noutputs:\n  decks: false\n",
    );
    // The built-in page template, also asking for the decks' stylesheet.
    let page =
        read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html"));
    let asks =
        "{% block head %}<link rel=\"stylesheet\" href=\"{{ asset(path='css/deck.css') }}\">";
    write(
        site.path(),
        "templates/page.html",
        &page.replacen("{% block head %}", asks, 1),
    );
    let f = baihoc::build(&baihoc::BuildOptions::new(site.path())).unwrap_err();
    let message = common::describe(&f);
    assert!(
        message.contains("templates/page.html")
            && message.contains("asset(path=\"css/deck.css\")")
            && message.contains("switched off by `outputs:`"),
        "{message}"
    );
    assert!(!site.path().join("public").exists());
    // With decks on, the same template builds.
    write(site.path(), "site.yaml", "title: \"Khoá học\"\n");
    let out = build(site.path());
    assert!(read(&out.join("bai.html")).contains("css/deck."));
}
