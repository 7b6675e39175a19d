//! The pipeline's shape: a product declared in a test (one extra file per
//! document) appears in the output, in `list`, in the service worker's
//! precache list and in the collision check, with nothing edited but its
//! own declaration; and a partial re-render of one edited document gives
//! exactly the bytes a full build writes, for exactly the files that changed.

mod common;

use baihoc::products::{Cx, Plan, Product, Products, Sink};
use baihoc::resolve::Target;
use baihoc::{BuildOptions, Built, build_in_memory};
use common::{fixture, write};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// One text file beside each page: `bai.html` → `bai-toy.html`.
struct Toy;

fn toy_path(page: &str) -> String {
    format!("{}-toy.html", page.strip_suffix(".html").unwrap_or(page))
}

impl Product for Toy {
    fn name(&self) -> &'static str {
        "toy"
    }

    fn document_files(&self, plan: &Plan<'_>, t: Target) -> Vec<String> {
        vec![toy_path(plan.resolved.out_of(t))]
    }

    fn document_links(&self, plan: &Plan<'_>, t: Target) -> Vec<(&'static str, String)> {
        vec![("toy_url", toy_path(plan.resolved.out_of(t)))]
    }

    fn write_document(
        &self,
        cx: &Cx<'_>,
        t: Target,
        out: &Sink<'_>,
    ) -> baihoc::diagnostics::Diagnostics {
        let body = cx.rendered.get(t).map_or(0, |d| d.html.len());
        let text = format!("<p>{body} bytes of body</p>");
        out.write(&toy_path(cx.resolved.out_of(t)), text.as_bytes())
            .err()
            .into_iter()
            .collect()
    }
}

fn with_toy(root: &Path) -> BuildOptions {
    BuildOptions {
        extra_products: Products(vec![Arc::new(Toy)]),
        ..BuildOptions::new(root)
    }
}

fn text(built: &Built, path: &str) -> String {
    String::from_utf8(built.files()[path].clone()).unwrap()
}

#[test]
fn a_product_declared_in_a_test_is_written_listed_precached_and_checked() {
    let site = fixture("course");
    let root = site.path();
    // A template of the site links each lesson to its toy file.
    write(
        root,
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<a id=\"toy\" href=\"{{ toy_url }}\">toy</a>{% endblock main %}",
    );
    let opts = with_toy(root);
    let built = build_in_memory(&opts).unwrap_or_else(|f| panic!("{}", common::describe(&f)));
    assert!(text(&built, "a/y.html").contains("<a id=\"toy\" href=\"y-toy.html\">"));
    let pages: Vec<&String> = built
        .files()
        .keys()
        .filter(|p| p.ends_with(".html") && !p.ends_with("-toy.html") && !common::is_deck(p))
        .filter(|p| !p.ends_with(baihoc::products::print::FILE))
        .filter(|p| {
            !matches!(
                p.as_str(),
                "offline.html" | "404.html" | "can-cu.html" | "tim-kiem.html"
            )
        })
        .collect();
    assert!(pages.len() > 5, "{pages:?}");
    for page in &pages {
        let toy = toy_path(page);
        assert!(
            text(&built, &toy).ends_with("bytes of body</p>"),
            "{toy} was written"
        );
        assert!(
            text(&built, "sw.js").contains(&format!("\"{}\"", baihoc::resolve::encode_path(&toy))),
            "{toy} is in the service worker's list"
        );
    }

    let listed = baihoc::list(&opts).unwrap();
    let json = serde_json::to_value(&listed).unwrap();
    let x = json
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"] == "content/x.md")
        .expect("x.md is listed");
    assert_eq!(
        x["outputs"],
        serde_json::json!(["x.html", "x.trinh-chieu.html", "x-toy.html"])
    );

    // A lesson whose page lands on a toy file is a collision, named as such.
    write(
        root,
        "content/x-toy.md",
        "---\ntitle: \"Trùng tên\"\n---\nA.\n",
    );
    let failure = match build_in_memory(&opts) {
        Ok(_) => panic!("a collision must fail the build"),
        Err(f) => f,
    };
    let errors: Vec<String> = failure.errors().map(ToString::to_string).collect();
    assert!(
        errors.iter().any(|e| e.contains(
            "`content/x-toy.md` and the toy of `content/x.md` would both be written to `x-toy.html`"
        ) || e.contains(
            "the toy of `content/x.md` and `content/x-toy.md` would both be written to `x-toy.html`"
        )),
        "{errors:?}"
    );
    // Without the toy (and the template that links to its files), the same site builds.
    std::fs::remove_file(root.join("templates/page.html")).unwrap();
    assert!(build_in_memory(&BuildOptions::new(root)).is_ok());
}

/// Every file that differs between two builds.
fn diff(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut paths: Vec<String> = a
        .iter()
        .filter(|(p, bytes)| b.get(*p) != Some(bytes))
        .map(|(p, _)| p.clone())
        .chain(b.keys().filter(|p| !a.contains_key(*p)).cloned())
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// Edits `rel` (under content/), re-renders it in `built`, builds the whole
/// site again from scratch, and checks that the re-render changed exactly
/// the files the full build changed, with the same bytes. Returns them.
fn edit_and_compare(
    root: &Path,
    built: &mut Built,
    rel: &str,
    from: &str,
    to: &str,
) -> Vec<String> {
    let path = root.join("content").join(rel);
    let before_text = std::fs::read_to_string(&path).unwrap();
    assert!(before_text.contains(from), "{rel} holds `{from}`");
    std::fs::write(&path, before_text.replacen(from, to, 1)).unwrap();
    let before = built.files().clone();
    let changes = built
        .rerender(rel)
        .unwrap_or_else(|f| panic!("{}", common::describe(&f)));
    assert!(
        !changes.rebuilt_all,
        "editing {rel} re-rendered that document alone, not the whole site"
    );
    let full = build_in_memory(&BuildOptions::new(root)).unwrap();
    let expected = diff(&before, full.files());
    assert_eq!(changes.paths(), expected, "files changed by editing {rel}");
    assert_eq!(built.files(), full.files(), "same bytes as a full build");
    expected
}

#[test]
fn a_re_rendered_page_gives_the_bytes_of_a_full_build_and_nothing_else() {
    let site = fixture("course");
    let root = site.path();
    let mut built = build_in_memory(&BuildOptions::new(root)).unwrap();

    // A change of body: the page itself, its slide deck, the print views
    // holding it (its section's and the whole course's), and the service
    // worker's revision.
    let changed = edit_and_compare(
        root,
        &mut built,
        "a/y.md",
        "## Tiêu đề Y",
        "## Tiêu đề Y\n\nThêm một câu.",
    );
    // The search index holds every page's text.
    assert_eq!(
        changed,
        vec![
            "a/ban-in.html",
            "a/y.html",
            "a/y.trinh-chieu.html",
            "ban-in.html",
            "search/index.js",
            "sw.js"
        ]
    );

    // A new title: every page that shows it.
    let changed = edit_and_compare(
        root,
        &mut built,
        "a/y.md",
        "title: \"Bài Y\"",
        "title: \"Bài Y đã đổi tên\"",
    );
    assert!(changed.contains(&"a/y.html".to_string()), "{changed:?}");
    assert!(
        changed.contains(&"a/index.html".to_string()),
        "its section lists it: {changed:?}"
    );
    assert!(changed.len() > 3, "{changed:?}");

    // A new weight: lessons are renumbered and reordered.
    edit_and_compare(root, &mut built, "a/y.md", "weight: 1", "weight: 99");

    // A section's title: its breadcrumbs, its parent's list, the home outline.
    let changed = edit_and_compare(
        root,
        &mut built,
        "a/_index.md",
        "title: \"Phần A\"",
        "title: \"Phần A mới\"",
    );
    assert!(
        changed.contains(&"a/b/z.html".to_string()),
        "breadcrumb below: {changed:?}"
    );
    assert!(changed.contains(&"index.html".to_string()), "{changed:?}");

    // The home page's title is in every breadcrumb.
    let home = std::fs::read_to_string(root.join("content/_index.md")).unwrap();
    let title_line = home
        .lines()
        .find(|l| l.starts_with("title:"))
        .unwrap()
        .to_string();
    edit_and_compare(
        root,
        &mut built,
        "_index.md",
        &title_line,
        "title: \"Trang chủ mới\"",
    );
}

#[test]
fn the_documents_showing_a_title_are_named_and_change_exactly() {
    let site = fixture("course");
    let root = site.path();
    let mut built = build_in_memory(&BuildOptions::new(root)).unwrap();
    let shown = built.shown_by("a/y.md");
    assert!(shown.contains(&"a/_index.md".to_string()), "{shown:?}");
    assert!(
        !shown.contains(&"a/y.md".to_string()),
        "not itself: {shown:?}"
    );
    // Every page that changes with a new title is the page itself, one that
    // shows the title, or a site-wide file.
    let changed = edit_and_compare(
        root,
        &mut built,
        "a/y.md",
        "title: \"Bài Y\"",
        "title: \"Bài Y mới\"",
    );
    let full = build_in_memory(&BuildOptions::new(root)).unwrap();
    let listed = baihoc::list(&BuildOptions::new(root)).unwrap();
    // Every file of a document that shows the title (its page, its slide
    // deck, a section's print view).
    let files_of = |rel: &str| {
        listed
            .iter()
            .find(|e| e.source.as_deref() == Some(&format!("content/{rel}")))
            .map(|e| e.outputs.clone())
            .unwrap()
    };
    let allowed: Vec<String> = shown
        .iter()
        .flat_map(|r| files_of(r))
        .chain(files_of("a/y.md"))
        .collect();
    for path in &changed {
        let site_file = !path.ends_with(".html") || path == "can-cu.html";
        assert!(
            site_file || allowed.contains(path),
            "{path} changed but does not show the title"
        );
        assert!(full.files().contains_key(path));
    }
}

#[test]
fn a_broken_edit_is_an_error_and_the_last_good_build_stays() {
    let site = fixture("course");
    let root = site.path();
    let mut built = build_in_memory(&BuildOptions::new(root)).unwrap();
    let before = built.files().clone();
    let path = root.join("content/a/y.md");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        good.replacen("title: \"Bài Y\"", "title: \"Bài Y", 1),
    )
    .unwrap();
    let failure = built.rerender("a/y.md").unwrap_err();
    assert!(
        failure
            .errors()
            .next()
            .unwrap()
            .to_string()
            .starts_with("content/a/y.md:"),
        "{:?}",
        failure.diagnostics
    );
    assert_eq!(built.files(), &before);
    // A link to a missing page is an error too, and leaves everything as it was.
    std::fs::write(
        &path,
        good.replacen("[bài Z](b/z.md)", "[bài Z](b/khong-co.md)", 1),
    )
    .unwrap();
    assert!(built.rerender("a/y.md").is_err());
    assert_eq!(built.files(), &before);
    // Fixed: the re-render works again from the last good state.
    std::fs::write(&path, good.replacen("Quay lại", "Trở lại", 1)).unwrap();
    let changes = built.rerender("a/y.md").unwrap();
    assert_eq!(
        changes.paths(),
        vec![
            "a/ban-in.html",
            "a/y.html",
            "a/y.trinh-chieu.html",
            "ban-in.html",
            "search/index.js",
            "sw.js"
        ]
    );
}

#[test]
fn a_new_or_deleted_page_rebuilds_and_reports_removed_files() {
    let site = fixture("course");
    let root = site.path();
    let mut built = build_in_memory(&BuildOptions::new(root)).unwrap();
    write(
        root,
        "content/a/moi.md",
        "---\ntitle: \"Bài mới\"\n---\nNội dung.\n",
    );
    let changes = built.rerender("a/moi.md").unwrap();
    assert!(
        changes.written.contains(&"a/moi.html".to_string()),
        "{changes:?}"
    );
    std::fs::remove_file(root.join("content/a/moi.md")).unwrap();
    let changes = built.rebuild().unwrap();
    assert_eq!(
        changes.removed,
        vec!["a/moi.html", "a/moi.trinh-chieu.html"]
    );
    assert!(!built.files().contains_key("a/moi.html"));
}

#[test]
fn a_link_to_a_folder_that_is_a_lesson_suggests_the_lesson() {
    let site = fixture("course");
    let root = site.path();
    write(
        root,
        "content/a/tro.md",
        "---\ntitle: \"Trỏ\"\n---\nXem [Y](y/) và [B](b/).\n",
    );
    let failure = match build_in_memory(&BuildOptions::new(root)) {
        Ok(_) => panic!("a link to a missing folder is an error"),
        Err(f) => f,
    };
    let errors: Vec<String> = failure.errors().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "b/ is a real section folder: {errors:?}");
    assert!(
        errors[0].starts_with("content/a/tro.md:4:5: error: link to a missing page: content/a/y/_index.md does not exist"),
        "{errors:?}"
    );
    assert!(
        errors[0].contains("there is a lesson: link to content/a/y.md"),
        "{errors:?}"
    );
}

/// Counts the documents it was given, and writes the count as a site file:
/// a product whose site file needs what its documents left behind.
#[derive(Default)]
struct Tally(std::sync::atomic::AtomicUsize);

impl Product for Tally {
    fn name(&self) -> &'static str {
        "tally"
    }

    fn site_files(&self, _plan: &Plan<'_>) -> Vec<baihoc::products::SiteFile> {
        vec![baihoc::products::SiteFile::generated(
            "tally.txt",
            "the tally",
        )]
    }

    fn write_document(
        &self,
        _cx: &Cx<'_>,
        _t: Target,
        _out: &Sink<'_>,
    ) -> baihoc::diagnostics::Diagnostics {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        baihoc::diagnostics::Diagnostics::new()
    }

    fn write_site(&self, _cx: &Cx<'_>, out: &Sink<'_>) -> baihoc::diagnostics::Diagnostics {
        let n = self.0.load(std::sync::atomic::Ordering::SeqCst);
        out.write("tally.txt", n.to_string().as_bytes())
            .err()
            .into_iter()
            .collect()
    }
}

#[test]
fn site_files_written_beside_the_documents_are_those_written_after_them() {
    // The search index is written beside the pages and decks; `--timings`
    // writes it after them, alone. Both give the same files and warnings,
    // and a product whose site file waits for its documents (the default)
    // sees every one of them.
    let site = common::bundled_course("");
    let build = |timings: bool| {
        let opts = BuildOptions {
            today: baihoc::date::Date::parse("2026-11-30"),
            extra_products: Products(vec![Arc::new(Tally::default())]),
            timings,
            ..BuildOptions::new(site.path())
        };
        build_in_memory(&opts).unwrap_or_else(|f| panic!("{}", common::describe(&f)))
    };
    let (beside, alone) = (build(false), build(true));
    assert!(beside.files().contains_key("search/index.js"));
    assert_eq!(diff(beside.files(), alone.files()), Vec::<String>::new());
    assert_eq!(beside.summary().warnings, alone.summary().warnings);
    let documents = baihoc::list(&BuildOptions::new(site.path()))
        .unwrap()
        .iter()
        .filter(|e| e.source.as_deref().is_some_and(|s| s.ends_with(".md")))
        .count();
    assert_eq!(text(&beside, "tally.txt"), documents.to_string());
}

#[test]
fn a_build_on_disk_writes_the_bytes_of_the_in_memory_build() {
    // `build` frees each document's Markdown as soon as it is rendered;
    // the live preview's in-memory build keeps it for re-rendering. Both
    // write the same files, byte for byte, with the same warnings, for the
    // bundled course and for a site with an unpublished draft.
    for site in [common::bundled_course(""), fixture("drafts")] {
        let root = site.path();
        let opts = BuildOptions {
            today: baihoc::date::Date::parse("2026-11-30"),
            ..BuildOptions::new(root)
        };
        let memory = build_in_memory(&opts).unwrap_or_else(|f| panic!("{}", common::describe(&f)));
        let disk = common::build_with(&opts);
        let out = opts.out_dir();
        let on_disk: BTreeMap<String, Vec<u8>> = common::files_under(&out)
            .into_iter()
            .filter(|rel| rel != ".baihoc-output")
            .map(|rel| {
                let bytes = std::fs::read(out.join(&rel)).unwrap();
                (rel, bytes)
            })
            .collect();
        assert!(on_disk.len() > 5, "{:?}", on_disk.keys());
        assert_eq!(diff(memory.files(), &on_disk), Vec::<String>::new());
        assert_eq!(memory.summary().warnings, disk.warnings);
    }
}
