//! `baihoc serve` and `baihoc share`, over real HTTP on 127.0.0.1: a page
//! edited while serving is served anew and the tabs are told to reload; a
//! broken edit sends the errors for the overlay and keeps the last good page
//! until it is fixed; template, static file and asset edits; a deleted page
//! disappears and the links to it are reported; nothing is written to disk
//! and a build never holds the reload script. Then the HTTP behaviour
//! browsers rely on (304, 206, HEAD, content types, caching, keep-alive),
//! the refusals of the read-only share (traversal in every spelling,
//! symbolic links leading out, dot-files, write methods), and a bounded
//! burst of 2,000 requests on 100 connections.

mod common;
mod serve_support;

use common::{fixture, write};
use serve_support::{PATIENCE, Running, raw, raw_to_host, send, status_of};
use std::path::Path;
use std::time::Duration;

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} holds `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn paths_of(event: &serde_json::Value) -> Vec<String> {
    event["paths"]
        .as_array()
        .expect("paths")
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_edited_page_is_served_anew_and_the_tabs_reload() {
    let site = fixture("course");
    let root = site.path();
    let server = Running::start(root, &["serve"]);
    let before = server.get("/a/y.html");
    assert_eq!(before.status, 200);
    assert!(before.text().contains("Tiêu đề Y"));
    assert!(
        before
            .text()
            .contains("<script src=\"/__baihoc/live.js\" defer></script>"),
        "the preview adds its script"
    );
    let mut events = server.events();
    let hello = events.wait_for(&server.rt, "hello");
    assert_eq!(hello["diagnostics"], serde_json::json!([]));

    edit(
        root,
        "content/a/y.md",
        "## Tiêu đề Y",
        "## Tiêu đề Y\n\nMột câu viết thêm khi đang xem.",
    );
    let reload = events.wait_for(&server.rt, "reload");
    let paths = paths_of(&reload);
    assert!(paths.contains(&"a/y.html".to_string()), "{paths:?}");
    let after = server.get("/a/y.html");
    assert!(after.text().contains("Một câu viết thêm khi đang xem."));
    assert_ne!(after.header("etag"), before.header("etag"));
    // The live script is served from the binary, and nothing is written to disk.
    let js = server.get("/__baihoc/live.js");
    assert_eq!(js.status, 200);
    assert!(js.text().contains("EventSource"));
    assert!(!root.join("public").exists(), "the preview writes nothing");
    let said = server.stdout();
    assert!(said.contains("content/a/y.md: 6 files changed"), "{said}");
}

#[test]
fn a_broken_edit_shows_the_error_over_the_last_good_page_until_it_is_fixed() {
    let site = fixture("course");
    let root = site.path();
    let server = Running::start(root, &["serve"]);
    let good = server.get("/a/y.html").text();
    let mut events = server.events();
    events.wait_for(&server.rt, "hello");

    edit(root, "content/a/y.md", "title: \"Bài Y\"", "title: \"Bài Y");
    let failed = events.wait_for(&server.rt, "failed");
    let d = &failed["diagnostics"][0];
    assert_eq!(d["file"], "content/a/y.md", "{failed}");
    assert_eq!(d["severity"], "error");
    assert!(d["line"].as_u64().is_some(), "{d}");
    assert!(!d["message"].as_str().unwrap().is_empty());
    assert!(d["hint"].as_str().is_some(), "{d}");
    // The terminal says it too, as `path:line:col: error: ...`.
    server.wait_stderr("content/a/y.md:");
    assert!(server.stderr().contains(": error: "));
    // The last good page is still served, and a tab opened now hears the errors.
    let still = server.get("/a/y.html");
    assert_eq!(still.status, 200);
    assert_eq!(still.text(), good);
    let mut late = server.events();
    let hello = late.wait_for(&server.rt, "hello");
    assert_eq!(hello["diagnostics"][0]["file"], "content/a/y.md");

    // An edit elsewhere does not hide the error: the broken file is still broken.
    edit(root, "content/x.md", "title:", "title:");
    // Fixed: the tabs reload and the errors are gone.
    edit(
        root,
        "content/a/y.md",
        "title: \"Bài Y",
        "title: \"Bài Y đã sửa\"",
    );
    let reload = events.wait_for(&server.rt, "reload");
    assert!(paths_of(&reload).contains(&"a/y.html".to_string()));
    assert!(server.get("/a/y.html").text().contains("Bài Y đã sửa"));
    let mut fresh = server.events();
    let hello = fresh.wait_for(&server.rt, "hello");
    assert_eq!(hello["diagnostics"], serde_json::json!([]));
}

#[test]
fn a_template_edit_re_renders_the_pages_that_use_it() {
    let site = fixture("override");
    let root = site.path();
    let server = Running::start(root, &["serve"]);
    let section = server.get("/phan/index.html").text();
    let mut events = server.events();
    events.wait_for(&server.rt, "hello");
    edit(
        root,
        "templates/page.html",
        "<title>",
        "<meta name=\"dau-moi\" content=\"1\">\n<title>",
    );
    let reload = events.wait_for(&server.rt, "reload");
    let paths = paths_of(&reload);
    assert!(paths.contains(&"phan/bai.html".to_string()), "{paths:?}");
    assert!(
        !paths.contains(&"phan/index.html".to_string()),
        "the section page does not use page.html: {paths:?}"
    );
    assert!(
        server
            .get("/phan/bai.html")
            .text()
            .contains("<meta name=\"dau-moi\"")
    );
    assert_eq!(server.get("/phan/index.html").text(), section);

    // A broken template is an error naming it, and the pages stay.
    edit(root, "templates/page.html", "<title>", "{% if %}<title>");
    let failed = events.wait_for(&server.rt, "failed");
    assert_eq!(failed["diagnostics"][0]["file"], "templates/page.html");
    assert!(
        server
            .get("/phan/bai.html")
            .text()
            .contains("<meta name=\"dau-moi\"")
    );
}

#[test]
fn a_static_file_change_renames_it_in_every_page_and_an_asset_is_copied_alone() {
    let site = fixture("course");
    let root = site.path();
    let server = Running::start(root, &["serve"]);
    let page = server.get("/a/y.html").text();
    let css = |html: &str| {
        let i = html.find("css/style.").expect("a style sheet");
        let end = html[i..].find('"').unwrap();
        html[i..i + end].to_string()
    };
    let old_css = css(&page);
    assert_eq!(server.get(&format!("/a/../{old_css}")).status, 400);
    assert_eq!(server.get(&format!("/{old_css}")).status, 200);
    let mut events = server.events();
    events.wait_for(&server.rt, "hello");

    // A site override of the theme's style sheet: a new hashed name everywhere.
    write(root, "static/css/style.css", "body { color: #123456; }\n");
    let reload = events.wait_for(&server.rt, "reload");
    let paths = paths_of(&reload);
    assert!(paths.contains(&"a/y.html".to_string()), "{paths:?}");
    assert!(paths.contains(&"index.html".to_string()), "{paths:?}");
    let new_css = css(&server.get("/a/y.html").text());
    assert_ne!(new_css, old_css);
    assert!(paths.contains(&new_css), "{paths:?}");
    assert!(
        paths.contains(&old_css),
        "the old name is removed: {paths:?}"
    );
    let served = server.get(&format!("/{new_css}"));
    assert_eq!(served.text(), "body { color: #123456; }\n");
    assert_eq!(served.header("content-type"), "text/css; charset=utf-8");
    assert_eq!(server.get(&format!("/{old_css}")).status, 404);

    // An image beside the Markdown keeps its name: it alone and the service worker change.
    let png = std::fs::read(root.join("content/a/hinh.png")).unwrap();
    let mut changed = png.clone();
    changed.extend_from_slice(b"\0\0\0\0");
    std::fs::write(root.join("content/a/hinh.png"), &changed).unwrap();
    let reload = events.wait_for(&server.rt, "reload");
    assert_eq!(paths_of(&reload), vec!["a/hinh.png", "sw.js"]);
    let image = server.get("/a/hinh.png");
    assert_eq!(image.body, changed);
    assert_eq!(image.header("content-type"), "image/png");
}

#[test]
fn a_deleted_page_disappears_and_links_to_it_are_reported() {
    let site = fixture("course");
    let root = site.path();
    let server = Running::start(root, &["serve"]);
    let mut events = server.events();
    events.wait_for(&server.rt, "hello");

    // A new page appears, then goes.
    write(
        root,
        "content/a/moi.md",
        "---\ntitle: \"Bài mới\"\n---\nNội dung mới.\n",
    );
    let reload = events.wait_for(&server.rt, "reload");
    assert!(paths_of(&reload).contains(&"a/moi.html".to_string()));
    assert!(server.get("/a/moi.html").text().contains("Nội dung mới."));
    std::fs::remove_file(root.join("content/a/moi.md")).unwrap();
    let reload = events.wait_for(&server.rt, "reload");
    assert!(paths_of(&reload).contains(&"a/moi.html".to_string()));
    assert_eq!(server.get("/a/moi.html").status, 404);

    // A page other pages link to: it is gone, and each link to it is an error.
    assert_eq!(server.get("/a/b/z.html").status, 200);
    let z = std::fs::read_to_string(root.join("content/a/b/z.md")).unwrap();
    std::fs::remove_file(root.join("content/a/b/z.md")).unwrap();
    let failed = events.wait_for(&server.rt, "failed");
    let reported: Vec<String> = failed["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{} {}", d["file"], d["message"]))
        .collect();
    assert!(
        reported
            .iter()
            .any(|d| d.contains("content/a/y.md") && d.contains("z.md")),
        "{reported:?}"
    );
    assert_eq!(server.get("/a/b/z.html").status, 404);
    assert_eq!(server.get("/a/y.html").status, 200, "the rest stays");
    // The page put back: the site builds again and serves it.
    write(root, "content/a/b/z.md", &z);
    events.wait_for(&server.rt, "reload");
    assert_eq!(server.get("/a/b/z.html").status, 200);
    let mut fresh = server.events();
    assert_eq!(
        fresh.wait_for(&server.rt, "hello")["diagnostics"],
        serde_json::json!([])
    );
}

#[test]
fn an_editors_burst_of_writes_is_one_reload() {
    let site = fixture("course");
    let root = site.path();
    let server = Running::start(root, &["serve"]);
    let mut events = server.events();
    events.wait_for(&server.rt, "hello");
    // As editors save: a swap file, a backup, a temporary file renamed over the page.
    let dir = root.join("content/a");
    let text = std::fs::read_to_string(dir.join("y.md")).unwrap();
    std::fs::write(dir.join(".y.md.swp"), "swap").unwrap();
    std::fs::write(dir.join("y.md~"), &text).unwrap();
    std::fs::write(dir.join("y.md.tmp"), text.replace("Quay lại", "Trở lại")).unwrap();
    std::fs::rename(dir.join("y.md.tmp"), dir.join("y.md")).unwrap();
    std::fs::remove_file(dir.join(".y.md.swp")).unwrap();
    let reload = events.wait_for(&server.rt, "reload");
    assert!(paths_of(&reload).contains(&"a/y.html".to_string()));
    let more = events.next(&server.rt, Duration::from_millis(1500));
    assert!(more.is_none(), "one reload only, then {more:?}");
    assert!(server.get("/a/y.html").text().contains("Trở lại"));
}

#[test]
fn a_build_never_holds_the_reload_script() {
    let site = fixture("course");
    let root = site.path();
    let out = common::build(root);
    for file in common::files_under(&out) {
        let bytes = std::fs::read(out.join(&file)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("/__baihoc/"), "{file} mentions the preview");
        assert!(!text.contains("live.js"), "{file} loads the reload script");
    }
    let built = baihoc::build_in_memory(&baihoc::BuildOptions::new(root)).unwrap();
    assert!(
        built
            .files()
            .values()
            .all(|b| !String::from_utf8_lossy(b).contains("/__baihoc/"))
    );
}

#[test]
fn responses_behave_as_browsers_expect() {
    let site = fixture("course");
    let root = site.path();
    let server = Running::start(root, &["serve"]);
    let page = server.get("/a/y.html");
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), "text/html; charset=utf-8");
    assert_eq!(page.header("cache-control"), "no-cache");
    assert_eq!(page.header("accept-ranges"), "bytes");
    let etag = page.header("etag");
    assert!(etag.starts_with('"'), "{etag}");

    // A reload with the tag transfers nothing.
    let again = server.request("GET", "/a/y.html", &[("if-none-match", &etag)]);
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    let other = server.request("GET", "/a/y.html", &[("if-none-match", "\"nope\"")]);
    assert_eq!(other.status, 200);

    // Ranges.
    let part = server.request("GET", "/a/y.html", &[("range", "bytes=0-9")]);
    assert_eq!(part.status, 206);
    assert_eq!(part.body, page.body[..10]);
    assert_eq!(
        part.header("content-range"),
        format!("bytes 0-9/{}", page.body.len())
    );
    let tail = server.request("GET", "/a/y.html", &[("range", "bytes=-5")]);
    assert_eq!(tail.status, 206);
    assert_eq!(tail.body, page.body[page.body.len() - 5..]);
    let beyond = server.request("GET", "/a/y.html", &[("range", "bytes=999999-")]);
    assert_eq!(beyond.status, 416);
    let stale = server.request(
        "GET",
        "/a/y.html",
        &[("range", "bytes=0-9"), ("if-range", "\"old\"")],
    );
    assert_eq!(
        stale.status, 200,
        "If-Range with another tag: the whole file"
    );

    // HEAD: the headers of GET, no body.
    let head = server.request("HEAD", "/a/y.html", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-length"), page.body.len().to_string());
    assert_eq!(head.header("etag"), etag);

    // Content types of what the site holds.
    let files = baihoc::build_in_memory(&baihoc::BuildOptions::new(root)).unwrap();
    let find = |suffix: &str| {
        files
            .files()
            .keys()
            .find(|p| p.ends_with(suffix))
            .unwrap_or_else(|| panic!("a {suffix} file"))
            .clone()
    };
    for (suffix, want) in [
        (".js", "text/javascript; charset=utf-8"),
        (".css", "text/css; charset=utf-8"),
        (".svg", "image/svg+xml"),
        (".png", "image/png"),
        (".webmanifest", "application/manifest+json"),
    ] {
        let path = find(suffix);
        let res = server.get(&format!("/{}", baihoc::resolve::encode_path(&path)));
        assert_eq!(res.status, 200, "{path}");
        assert_eq!(res.header("content-type"), want, "{path}");
    }

    // A folder is its index.html; without its slash it is redirected.
    assert_eq!(server.get("/").body, server.get("/index.html").body);
    let folder = server.get("/a");
    assert_eq!(folder.status, 308);
    assert_eq!(folder.header("location"), "/a/");
    // Names with spaces and diacritics, percent-encoded.
    let png = find("hình ảnh.png");
    assert_eq!(
        server
            .get(&format!("/{}", baihoc::resolve::encode_path(&png)))
            .status,
        200
    );

    // Text is compressed for clients that ask, under a weak tag.
    let gz = server.request("GET", "/a/y.html", &[("accept-encoding", "gzip")]);
    assert_eq!(gz.header("content-encoding"), "gzip");
    assert!(
        gz.header("etag").starts_with("W/\""),
        "{}",
        gz.header("etag")
    );
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&gz.body[..]),
        &mut unzipped,
    )
    .unwrap();
    assert_eq!(unzipped, page.body);

    // Keep-alive: several requests on one connection.
    let addr = server.addr;
    server.rt.block_on(async move {
        let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let (mut tx, conn) =
            hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                .await
                .unwrap();
        tokio::spawn(conn);
        for _ in 0..3 {
            let req = hyper::Request::get("/index.html")
                .header("host", "127.0.0.1")
                .body(http_body_util::Empty::<bytes::Bytes>::new())
                .unwrap();
            // An HTTP/1 connection takes the next request once it is ready for it.
            tx.ready().await.unwrap();
            let res = tx.send_request(req).await.unwrap();
            assert_eq!(res.status(), 200);
            http_body_util::BodyExt::collect(res.into_body())
                .await
                .unwrap();
        }
    });

    // The preview's service worker removes itself: no stored page hides an edit.
    let sw = server.get("/sw.js");
    assert_eq!(sw.header("content-type"), "text/javascript; charset=utf-8");
    assert!(sw.text().contains("self.registration.unregister()"));
    assert!(!sw.text().contains("precache"));

    // The projector page: a QR code and the address, no script.
    let share = server.get("/__baihoc/share");
    assert_eq!(share.status, 200);
    assert!(share.text().contains("<svg"));
    assert!(share.text().contains(&format!("127.0.0.1:{}", addr.port())));
    assert!(!share.text().contains("<script"));
}

/// A built course in `root/public`, a secret beside it, and traps inside it:
/// a symbolic link to the secret, one to the folder holding it, a dot-file.
fn shared_site_with_traps(root: &Path) -> std::path::PathBuf {
    let out = common::build(root);
    write(root, "secret.txt", "TOP-SECRET");
    std::fs::write(out.join(".env"), "TOP-SECRET").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("secret.txt"), out.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(root, out.join("leakdir")).unwrap();
        std::os::unix::fs::symlink(out.join(".env"), out.join("env.txt")).unwrap();
        std::os::unix::fs::symlink(out.join("index.html"), out.join("alias.html")).unwrap();
    }
    out
}

#[test]
fn sharing_refuses_every_way_out_of_the_folder() {
    let site = fixture("course");
    let root = site.path();
    shared_site_with_traps(root);
    let server = Running::start(root, &["share"]);
    assert!(server.stdout().contains("read-only"));
    assert_eq!(server.get("/index.html").status, 200);
    let refused = [
        "GET /../secret.txt HTTP/1.1",
        "GET /a/../../secret.txt HTTP/1.1",
        "GET /%2e%2e/secret.txt HTTP/1.1",
        "GET /%2E%2E/secret.txt HTTP/1.1",
        "GET /a/%2e%2e/%2e%2e/secret.txt HTTP/1.1",
        "GET /%252e%252e/secret.txt HTTP/1.1",
        "GET /%252e%252e%252fsecret.txt HTTP/1.1",
        "GET /..%2fsecret.txt HTTP/1.1",
        "GET /..%5csecret.txt HTTP/1.1",
        "GET /..\\secret.txt HTTP/1.1",
        "GET /a\\..\\..\\secret.txt HTTP/1.1",
        "GET //etc/passwd HTTP/1.1",
        "GET /%2fetc%2fpasswd HTTP/1.1",
        "GET /C:/Windows/win.ini HTTP/1.1",
        "GET http://127.0.0.1/../secret.txt HTTP/1.1",
        "GET /leak.txt HTTP/1.1",
        "GET /leakdir/secret.txt HTTP/1.1",
        "GET /leakdir/ HTTP/1.1",
        "GET /env.txt HTTP/1.1",
        "GET /.env HTTP/1.1",
        "GET /%2eenv HTTP/1.1",
        "GET /.baihoc-output HTTP/1.1",
        "GET /css/ HTTP/1.1",
        "GET /css HTTP/1.1",
    ];
    for line in refused {
        let answer = raw(server.addr, line);
        let status = status_of(&answer);
        assert!(
            status == 400 || status == 404,
            "{line} answered {status}:\n{answer}"
        );
        assert!(!answer.contains("TOP-SECRET"), "{line} leaked:\n{answer}");
        assert!(!answer.contains("root:"), "{line} leaked:\n{answer}");
    }
    // A link that stays inside is followed.
    assert_eq!(
        status_of(&raw(server.addr, "GET /alias.html HTTP/1.1")),
        200
    );

    // No write endpoint.
    for method in ["PUT", "POST", "DELETE", "PATCH"] {
        let answer = raw(server.addr, &format!("{method} /index.html HTTP/1.1"));
        assert_eq!(status_of(&answer), 405, "{method}:\n{answer}");
        assert!(answer.to_ascii_lowercase().contains("allow: get, head"));
    }
    assert!(
        std::fs::read_to_string(root.join("public/index.html"))
            .unwrap()
            .contains("<html")
    );
}

#[test]
fn sharing_serves_with_headers_for_caching_and_the_service_worker() {
    let site = fixture("course");
    let root = site.path();
    let out = common::build(root);
    let server = Running::start(root, &["share"]);
    let index = server.get("/");
    assert_eq!(index.status, 200);
    assert_eq!(index.body, std::fs::read(out.join("index.html")).unwrap());
    assert!(
        !index.text().contains("/__baihoc/"),
        "no reload script when sharing"
    );
    assert_eq!(index.header("cache-control"), "no-cache");
    let sw = server.get("/sw.js");
    assert_eq!(sw.status, 200);
    assert_eq!(sw.header("content-type"), "text/javascript; charset=utf-8");
    assert_eq!(sw.header("cache-control"), "no-cache");
    let manifest = server.get("/manifest.webmanifest");
    assert_eq!(manifest.header("content-type"), "application/manifest+json");
    let css = common::files_under(&out)
        .into_iter()
        .find(|f| f.starts_with("css/style."))
        .unwrap();
    let res = server.get(&format!("/{css}"));
    assert_eq!(
        res.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    let etag = res.header("etag");
    let again = server.request("GET", &format!("/{css}"), &[("if-none-match", &etag)]);
    assert_eq!(again.status, 304);
    let part = server.request("GET", &format!("/{css}"), &[("range", "bytes=2-5")]);
    assert_eq!(part.status, 206);
    assert_eq!(part.body, res.body[2..6]);
    let head = server.request("HEAD", "/sw.js", &[]);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-length"), sw.body.len().to_string());
    // The live-reload stream belongs to the preview only.
    assert_eq!(server.get("/__baihoc/events").status, 404);
}

#[test]
fn sharing_refuses_a_folder_baihoc_did_not_build() {
    let site = fixture("course");
    let root = site.path();
    std::fs::create_dir_all(root.join("public")).unwrap();
    let out = common::baihoc()
        .args(["--root"])
        .arg(root)
        .arg("share")
        .timeout(PATIENCE)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = common::stderr_of(&out);
    assert!(err.contains("is not a site built by baihoc"), "{err}");
    assert!(err.contains("hint: run `baihoc build` first"), "{err}");
}

#[test]
fn the_server_answers_on_loopback_only_unless_asked() {
    let site = fixture("course");
    let root = site.path();
    common::build(root);
    // 127.0.0.2 is loopback too, but not the address the server listens on.
    let local = Running::start(root, &["share"]);
    let other = std::net::SocketAddr::from(([127, 0, 0, 2], local.addr.port()));
    assert!(
        std::net::TcpStream::connect_timeout(&other, Duration::from_secs(2)).is_err(),
        "bound to 127.0.0.1 only"
    );
    drop(local);
    let lan = Running::start(root, &["share", "--lan"]);
    let other = std::net::SocketAddr::from(([127, 0, 0, 2], lan.addr.port()));
    assert_eq!(status_of(&raw(other, "GET /index.html HTTP/1.1")), 200);
}

/// The status and body of a GET of `/index.html` with `host` as its Host.
fn get_with_host(addr: std::net::SocketAddr, host: &str) -> (u16, String) {
    let answer = raw_to_host(addr, "GET /index.html HTTP/1.1", host);
    (status_of(&answer), answer)
}

#[test]
fn a_name_pointed_at_the_server_is_refused_for_the_preview_and_for_sharing() {
    let site = fixture("course");
    let root = site.path();
    common::build(root);
    for args in [&["serve"][..], &["share", "--lan"][..]] {
        let server = Running::start(root, args);
        let port = server.addr.port();
        // DNS rebinding: a page at evil.example whose name now leads here.
        for host in [format!("evil.example:{port}"), "evil.example".to_string()] {
            let (status, answer) = get_with_host(server.addr, &host);
            assert_eq!(status, 403, "{args:?} {host}: {answer}");
            assert!(answer.contains("not at a name"), "{answer}");
            assert!(!answer.contains("<html"), "no page of the site: {answer}");
        }
        for host in [
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ] {
            assert_eq!(get_with_host(server.addr, &host).0, 200, "{args:?} {host}");
        }
    }
}

#[test]
fn a_burst_of_2000_requests_on_100_connections_is_served_without_error() {
    let site = fixture("course");
    let root = site.path();
    let out = common::build(root);
    let server = Running::start(root, &["share"]);
    let files: Vec<String> = common::files_under(&out)
        .into_iter()
        .filter(|f| !f.starts_with('.'))
        .map(|f| format!("/{}", baihoc::resolve::encode_path(&f)))
        .collect();
    let addr = server.addr;
    let started = std::time::Instant::now();
    let (ok, failed) = server.rt.block_on(async move {
        let mut tasks = Vec::new();
        for c in 0..100 {
            let files = files.clone();
            tasks.push(tokio::spawn(async move {
                let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
                let (mut tx, conn) =
                    hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                        .await
                        .unwrap();
                tokio::spawn(conn);
                let mut statuses = Vec::new();
                for i in 0..20 {
                    let path = &files[(c * 20 + i) % files.len()];
                    let req = hyper::Request::get(path.as_str())
                        .header("host", "127.0.0.1")
                        .body(http_body_util::Empty::<bytes::Bytes>::new())
                        .unwrap();
                    if tx.ready().await.is_err() {
                        statuses.push(0);
                        continue;
                    }
                    let status = match tx.send_request(req).await {
                        Ok(res) => {
                            let s = res.status().as_u16();
                            match http_body_util::BodyExt::collect(res.into_body()).await {
                                Ok(_) => s,
                                Err(_) => 0,
                            }
                        }
                        Err(_) => 0,
                    };
                    statuses.push(status);
                }
                statuses
            }));
        }
        let all = tokio::time::timeout(PATIENCE * 2, futures_join(tasks))
            .await
            .expect("the burst finished in time");
        let ok = all.iter().filter(|&&s| s == 200).count();
        (ok, all.len() - ok)
    });
    assert_eq!((ok, failed), (2000, 0));
    eprintln!(
        "2,000 requests on 100 connections in {:?}",
        started.elapsed()
    );
    // Still serving afterwards.
    let _ = send;
    assert_eq!(server.get("/index.html").status, 200);
}

async fn futures_join(tasks: Vec<tokio::task::JoinHandle<Vec<u16>>>) -> Vec<u16> {
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap_or_default());
    }
    all
}

#[test]
fn a_renamed_heading_breaks_the_links_into_it_in_a_partial_re_render() {
    // A partial re-render checks only the links from and into the edited
    // page: it must still find every link a full build would reject.
    let site = fixture("course");
    let root = site.path();
    let mut built = baihoc::build_in_memory(&baihoc::BuildOptions::new(root)).unwrap();
    let before = built.files().clone();
    // x.md links to a/b/z.md#doan-z.
    edit(root, "content/a/b/z.md", "Đoạn Z", "Đoạn khác");
    let failure = match built.rerender("a/b/z.md") {
        Ok(c) => panic!("the link into the renamed heading must fail: {c:?}"),
        Err(f) => f,
    };
    let errors: Vec<String> = failure.errors().map(ToString::to_string).collect();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/x.md:") && e.contains("`doan-z`")),
        "{errors:?}"
    );
    let full = match baihoc::build_in_memory(&baihoc::BuildOptions::new(root)) {
        Ok(_) => panic!("a full build fails too"),
        Err(f) => f,
    };
    let full_errors: Vec<String> = full.errors().map(ToString::to_string).collect();
    assert_eq!(errors, full_errors, "the same errors as a full build");
    assert_eq!(built.files(), &before, "the last good build stays");
    // A link from the edited page to a heading elsewhere is checked too.
    edit(root, "content/a/b/z.md", "Đoạn khác", "Đoạn Z");
    built.rerender("a/b/z.md").unwrap();
    edit(root, "content/a/y.md", "../x.md#muc-x", "../x.md#khong-co");
    let failure = built.rerender("a/y.md").unwrap_err();
    assert!(
        failure
            .errors()
            .any(|e| e.to_string().contains("`khong-co`")),
        "{:?}",
        failure.diagnostics
    );
}

#[test]
fn a_port_already_taken_is_a_clear_error() {
    let site = fixture("course");
    let root = site.path();
    common::build(root);
    let first = Running::start(root, &["share"]);
    let port = first.addr.port().to_string();
    let out = common::baihoc()
        .args(["--root"])
        .arg(root)
        .args(["share", "--port", &port])
        .timeout(PATIENCE)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = common::stderr_of(&out);
    assert!(err.contains("error: cannot start the server"), "{err}");
    assert!(err.contains("hint: choose another --port"), "{err}");
}

#[test]
fn a_new_title_reorders_exactly_as_a_full_build_whatever_the_weights() {
    // Order is by weight, then title: a re-render skips re-ordering only
    // when the weight sets the lesson apart; both cases must give the bytes
    // of a full build.
    let site = fixture("course");
    let root = site.path();
    let opts = baihoc::BuildOptions::new(root);
    let mut built = baihoc::build_in_memory(&opts).unwrap();
    let cases = [
        // Unweighted: "Ba" sorts it first among the unweighted lessons.
        (
            "content/Bài học/1-doc.md",
            "Bài học/1-doc.md",
            "title: \"Đọc\"",
            "title: \"Ba đọc\"",
        ),
        // Weighted apart (weight 10): the title does not move it.
        (
            "content/Bài học/5-z.md",
            "Bài học/5-z.md",
            "title: \"Zô\"",
            "title: \"A Zô\"",
        ),
        // A section's title among its siblings.
        (
            "content/Bài học/_index.md",
            "Bài học/_index.md",
            "title: \"Bài học\"",
            "title: \"Các bài học\"",
        ),
    ];
    for (path, rel, from, to) in cases {
        edit(root, path, from, to);
        built
            .rerender(rel)
            .unwrap_or_else(|f| panic!("{}", common::describe(&f)));
        let full = baihoc::build_in_memory(&opts).unwrap();
        assert!(
            built.files() == full.files(),
            "{rel}: the re-render differs from a full build in {:?}",
            full.files()
                .iter()
                .filter(|(p, b)| built.files().get(*p) != Some(b))
                .map(|(p, _)| p)
                .collect::<Vec<_>>()
        );
    }
}
