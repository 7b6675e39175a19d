//! Helpers shared by the integration tests: copying a fixture site into a
//! temporary folder, building it, reading what was written, and a small
//! scanner for the `href`, `src` and `id` attributes of generated HTML.

// Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

pub(crate) mod random_text;

use baihoc::{BuildOptions, Summary};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use tempfile::TempDir;

/// `tests/fixtures` of this crate.
pub(crate) fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copies the folder `from` into `to` (created if needed), recursively.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display()));
    for entry in entries {
        let entry = entry.unwrap();
        let kind = entry.file_type().unwrap();
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

/// Copies the repository's course (site.yaml with `extra` added, content/,
/// data/) into the folder `to`.
pub(crate) fn copy_bundled_course(to: &Path, extra: &str) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let yaml = std::fs::read_to_string(repo.join("site.yaml")).expect("site.yaml");
    let yaml = if extra.is_empty() {
        yaml
    } else {
        format!("{yaml}\n{extra}")
    };
    std::fs::write(to.join("site.yaml"), yaml).expect("write site.yaml");
    copy_dir(&repo.join("content"), &to.join("content"));
    copy_dir(&repo.join("data"), &to.join("data"));
}

/// A temporary copy of the repository's course, `extra` added to its site.yaml.
pub(crate) fn bundled_course(extra: &str) -> TempDir {
    let site = tempfile::tempdir().expect("temporary folder");
    copy_bundled_course(site.path(), extra);
    site
}

/// Writes `text` to `root/rel`, creating folders as needed.
pub(crate) fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// A fresh temporary copy of `tests/fixtures/NAME`; the site root is its path.
pub(crate) fn fixture(name: &str) -> TempDir {
    let tmp = tempfile::tempdir().expect("temporary folder");
    copy_dir(&fixtures_dir().join(name), tmp.path());
    tmp
}

/// Formats a failed build's diagnostics, one per line.
pub(crate) fn describe(f: &baihoc::Failure) -> String {
    f.diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Builds with the library; panics with the diagnostics when the build fails.
pub(crate) fn build_with(opts: &BuildOptions) -> Summary {
    baihoc::build(opts)
        .unwrap_or_else(|f| panic!("build of {} failed:\n{}", opts.root.display(), describe(&f)))
}

/// Builds the site at `root` with default options and returns the output folder.
pub(crate) fn build(root: &Path) -> PathBuf {
    let opts = BuildOptions::new(root);
    build_with(&opts);
    opts.out_dir()
}

/// The text of `rel` (an output path) in the output folder `out`.
pub(crate) fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel))
        .unwrap_or_else(|e| panic!("cannot read {rel} in {}: {e}", out.display()))
}

/// Every file under `dir`, relative to it, with `/` separators, sorted.
pub(crate) fn files_under(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    collect_files(dir, dir, &mut out);
    out
}

fn collect_files(base: &Path, dir: &Path, out: &mut BTreeSet<String>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_files(base, &path, out);
        } else {
            out.insert(rel_string(path.strip_prefix(base).unwrap()));
        }
    }
}

fn rel_string(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every `.html` file under `dir`, relative to it.
pub(crate) fn html_files(dir: &Path) -> Vec<String> {
    files_under(dir)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect()
}

/// The HTML pages made from Markdown documents: every `.html` file except the
/// site-wide pages (`404.html`, `offline.html`, the documents page `can-cu.html`,
/// the quiz results page `tu-kiem-tra.html`), the lessons' slide decks (`bai.trinh-chieu.html`) and the sections' print
/// views (`ban-in.html`).
pub(crate) fn document_pages(dir: &Path) -> Vec<String> {
    html_files(dir)
        .into_iter()
        .filter(|f| {
            !matches!(
                f.as_str(),
                "404.html"
                    | "offline.html"
                    | "can-cu.html"
                    | "tim-kiem.html"
                    | baihoc::products::quizzes::OVERVIEW
            )
        })
        .filter(|f| !is_deck(f))
        .filter(|f| !f.ends_with(baihoc::products::print::FILE))
        .collect()
}

/// True for a lesson's slide deck (`bai.trinh-chieu.html`).
pub(crate) fn is_deck(path: &str) -> bool {
    path.ends_with(".trinh-chieu.html")
}

/// Every file and folder under `dir` with its bytes (`None` for a folder).
pub(crate) fn snapshot(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    snapshot_into(dir, dir, &mut out);
    out
}

fn snapshot_into(base: &Path, dir: &Path, out: &mut BTreeMap<String, Option<Vec<u8>>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let rel = rel_string(path.strip_prefix(base).unwrap());
        if path.is_dir() {
            out.insert(format!("{rel}/"), None);
            snapshot_into(base, &path, out);
        } else {
            out.insert(rel, Some(std::fs::read(&path).unwrap()));
        }
    }
}

/// An `href` or `src` attribute found in HTML, with the tag that holds it.
#[derive(Debug, Clone)]
pub(crate) struct Ref {
    /// `href` or `src`.
    pub(crate) attr: &'static str,
    /// The attribute's value, entities decoded.
    pub(crate) value: String,
    /// The whole start tag, as written.
    pub(crate) tag: String,
}

/// The start tags of `html` (`<a ...>`, `<img ...>`), comments and end tags skipped.
pub(crate) fn start_tags(html: &str) -> Vec<&str> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        if rest.starts_with("<!--") {
            match rest.find("-->") {
                Some(end) => rest = &rest[end + 3..],
                None => break,
            }
            continue;
        }
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..=end];
        if tag[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            tags.push(tag);
        }
        rest = &rest[end + 1..];
    }
    tags
}

/// The value of `name="..."` in a start tag.
pub(crate) fn attr_of(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let len = tag[start..].find('"')?;
    Some(decode_entities(&tag[start..start + len]))
}

/// Every `href` and `src` in `html`.
pub(crate) fn refs(html: &str) -> Vec<Ref> {
    let mut out = Vec::new();
    for tag in start_tags(html) {
        for attr in ["href", "src"] {
            if let Some(value) = attr_of(tag, attr) {
                out.push(Ref {
                    attr,
                    value,
                    tag: tag.to_string(),
                });
            }
        }
    }
    out
}

/// Every `id` attribute in `html`, in document order.
pub(crate) fn ids(html: &str) -> Vec<String> {
    start_tags(html)
        .into_iter()
        .filter_map(|t| attr_of(t, "id"))
        .collect()
}

/// The `href` of each `<a>` in the first element that starts with `opening`
/// (e.g. `<nav class="section-nav"`), up to its closing `</TAG>`, with the link text.
pub(crate) fn links_in(html: &str, opening: &str) -> Vec<(String, String)> {
    let start = html
        .find(opening)
        .unwrap_or_else(|| panic!("no `{opening}` in:\n{html}"));
    let name: String = opening[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let close = format!("</{name}>");
    let end = start + html[start..].find(&close).expect("closing tag");
    let block = &html[start..end];
    let mut out = Vec::new();
    let mut rest = block;
    while let Some(i) = rest.find("<a ") {
        rest = &rest[i..];
        let tag_end = rest.find('>').unwrap();
        let href = attr_of(&rest[..=tag_end], "href").unwrap_or_default();
        let text_end = rest.find("</a>").unwrap();
        let text = strip_tags(&rest[tag_end + 1..text_end]);
        out.push((href, decode_entities(&text)));
        rest = &rest[text_end..];
    }
    out
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Decodes the entities the engine and Tera write in attribute values.
pub(crate) fn decode_entities(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Decodes `%XX` escapes of a URL path.
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("percent-decoded URL is UTF-8")
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// True for a URL that leaves the site (or is not a file link at all).
pub(crate) fn is_external(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("//")
        || lower.starts_with("mailto:")
        || lower.starts_with("tel:")
}

/// Splits `url#fragment` (the fragment percent-decoded).
pub(crate) fn split_fragment(url: &str) -> (&str, Option<String>) {
    match url.split_once('#') {
        Some((path, frag)) => (path, Some(percent_decode(frag))),
        None => (url, None),
    }
}

/// The output path (relative to the output folder) that a relative URL
/// written in the page `from` (an output path) leads to. Panics when the URL
/// climbs above the output folder.
pub(crate) fn follow(from: &str, url: &str) -> String {
    let (path, _) = split_fragment(url);
    let path = path.split('?').next().unwrap_or(path);
    let mut parts: Vec<String> = from.split('/').map(str::to_string).collect();
    parts.pop();
    if path.is_empty() {
        return from.to_string();
    }
    for c in Path::new(&percent_decode(path)).components() {
        match c {
            Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
            Component::ParentDir => {
                assert!(
                    parts.pop().is_some(),
                    "`{url}` in {from} climbs above the output folder"
                );
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => {
                panic!("`{url}` in {from} is absolute")
            }
        }
    }
    parts.join("/")
}

/// Every problem with the internal links of the site in `out`: a URL that
/// does not lead to an existing file, or a `#fragment` that is not an id of
/// its target page. Empty when every internal link works.
pub(crate) fn broken_internal_links(out: &Path) -> Vec<String> {
    let pages = html_files(out);
    let page_ids: BTreeMap<&str, BTreeSet<String>> = pages
        .iter()
        .map(|p| (p.as_str(), ids(&read(out, p)).into_iter().collect()))
        .collect();
    let mut problems = Vec::new();
    for page in &pages {
        for r in refs(&read(out, page)) {
            if is_external(&r.value) || r.value.starts_with("data:") {
                continue;
            }
            if r.value.starts_with('/') {
                problems.push(format!("{page}: absolute URL `{}`", r.value));
                continue;
            }
            let target = follow(page, &r.value);
            if !out.join(&target).is_file() {
                problems.push(format!(
                    "{page}: `{}` leads to {target}, which is not a file",
                    r.value
                ));
                continue;
            }
            if let (_, Some(frag)) = split_fragment(&r.value)
                && let Some(known) = page_ids.get(target.as_str())
                && !known.contains(&frag)
            {
                problems.push(format!(
                    "{page}: `{}`: {target} has no id `{frag}`",
                    r.value
                ));
            }
        }
    }
    problems
}

/// The `baihoc` binary built by cargo.
pub(crate) fn baihoc() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("baihoc").expect("the baihoc binary")
}

/// Stderr of a finished command, as text.
pub(crate) fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The text planted in the decoy folder beside a [`Sandbox`] site: it must
/// never appear in anything a build writes.
pub(crate) const SECRET: &str = "DECOY-SECRET-7f3a: không được công bố";

/// What a folder holds, without following symbolic links and without
/// opening anything but regular files: path → `dir`, `link -> TARGET`,
/// `file HASH LEN`, or the kind of a special file.
pub(crate) fn fingerprint(dir: &Path) -> BTreeMap<String, String> {
    use std::hash::{Hash, Hasher};
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("read {}: {e}", d.display())) {
            let path = entry.unwrap().path();
            let rel = rel_string(path.strip_prefix(dir).unwrap());
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let kind = meta.file_type();
            let value = if kind.is_symlink() {
                format!("link -> {}", std::fs::read_link(&path).unwrap().display())
            } else if kind.is_dir() {
                stack.push(path.clone());
                "dir".to_string()
            } else if kind.is_file() {
                let bytes = std::fs::read(&path).unwrap();
                let mut h = std::collections::hash_map::DefaultHasher::new();
                bytes.hash(&mut h);
                format!("file {:016x} {}", h.finish(), bytes.len())
            } else {
                format!("special {:?}", kind)
            };
            out.insert(rel, value);
        }
    }
    out
}

/// A temporary folder holding a small site (`site/`) and, beside it, a
/// decoy folder (`decoy/`) full of [`SECRET`]: a Markdown page, a text
/// file, a YAML file, a theme, as a link out of the site would find them.
pub(crate) struct Sandbox {
    tmp: TempDir,
}

impl Sandbox {
    /// A site with a home page and one lesson, and the decoy beside it.
    pub(crate) fn new() -> Sandbox {
        let tmp = tempfile::tempdir().expect("temporary folder");
        let s = Sandbox { tmp };
        write(&s.site(), "site.yaml", "title: \"Khóa học\"\n");
        write(
            &s.site(),
            "content/_index.md",
            "---\ntitle: \"Trang chủ\"\n---\nXin chào.\n",
        );
        write(
            &s.site(),
            "content/bai.md",
            "---\ntitle: \"Bài một\"\nweight: 10\n---\n## Mở đầu\n\nNội dung.\n",
        );
        let d = s.decoy();
        write(&d, "secret.txt", SECRET);
        write(
            &d,
            "secret.md",
            &format!("---\ntitle: \"{SECRET}\"\n---\n{SECRET}\n"),
        );
        write(
            &d,
            "secret.yaml",
            &format!("next: \"{SECRET}\"\nprev: \"{SECRET}\"\n"),
        );
        write(&d, "theme/templates/page.html", SECRET);
        write(&d, "theme/static/css/style.css", SECRET);
        s
    }

    /// The site folder.
    pub(crate) fn site(&self) -> PathBuf {
        self.tmp.path().join("site")
    }

    /// The decoy folder beside it.
    pub(crate) fn decoy(&self) -> PathBuf {
        self.tmp.path().join("decoy")
    }

    /// Fingerprints of the site (without its output folder public/) and of the decoy.
    pub(crate) fn state(&self) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
        let mut site = fingerprint(&self.site());
        site.retain(|k, _| k != "public" && !k.starts_with("public/"));
        (site, fingerprint(&self.decoy()))
    }

    /// Checks that nothing in the site (but public/) or the decoy changed since `before`.
    pub(crate) fn assert_unchanged(
        &self,
        before: &(BTreeMap<String, String>, BTreeMap<String, String>),
    ) {
        let after = self.state();
        assert_eq!(after.0, before.0, "the site folder changed");
        assert_eq!(
            after.1, before.1,
            "the decoy folder beside the site changed"
        );
    }

    /// Runs `baihoc --root SITE ARGS`; panics if it takes more than 30 s (a hang).
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        let output = baihoc()
            .arg("--root")
            .arg(self.site())
            .args(args)
            .timeout(std::time::Duration::from_secs(30))
            .output()
            .unwrap();
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Checks that no file under the site's public/ holds the secret.
    pub(crate) fn assert_secret_not_published(&self) {
        let out = self.site().join("public");
        if !out.exists() {
            return;
        }
        for file in files_under(&out) {
            let bytes = std::fs::read(out.join(&file)).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("DECOY-SECRET"),
                "public/{file} holds the decoy's secret"
            );
        }
    }
}

/// The outcome of a [`Sandbox::run`].
#[derive(Debug)]
pub(crate) struct Run {
    /// Exit code (`None` when killed, e.g. after a timeout).
    pub(crate) code: Option<i32>,
    /// Standard output.
    pub(crate) stdout: String,
    /// Standard error.
    pub(crate) stderr: String,
}

impl Run {
    /// Panics unless the exit code is `code`.
    pub(crate) fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, Some(code), "exit code; stderr:\n{}", self.stderr);
        self
    }

    /// The stderr line starting with `prefix`, checked to contain `message`
    /// and to be followed by a hint line.
    pub(crate) fn line(&self, prefix: &str, message: &str) -> String {
        let lines: Vec<&str> = self.stderr.lines().collect();
        let i = lines
            .iter()
            .position(|l| l.starts_with(prefix))
            .unwrap_or_else(|| {
                panic!(
                    "no line starting with `{prefix}` in stderr:\n{}",
                    self.stderr
                )
            });
        assert!(lines[i].contains(message), "`{message}` in `{}`", lines[i]);
        assert!(
            lines.get(i + 1).is_some_and(|h| h.starts_with("  hint: ")),
            "a hint after `{}`:\n{}",
            lines[i],
            self.stderr
        );
        lines[i].to_string()
    }
}

/// True when `node` can run. Otherwise the Node test `test` of `suite`
/// prints `<suite> tests SKIPPED: ...` and passes, except when the `CI`
/// environment variable is set to a non-empty value: there it fails.
/// Runs `script` with node (`node -e`), `input` as JSON on its standard
/// input, and returns the JSON it prints; panics with its stderr if it fails.
pub(crate) fn node_json(script: &str, input: &serde_json::Value) -> serde_json::Value {
    use std::process::{Command, Stdio};
    let mut child = Command::new("node")
        .args(["-e", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start node");
    std::io::Write::write_all(
        &mut child.stdin.take().expect("node's stdin"),
        input.to_string().as_bytes(),
    )
    .expect("write to node");
    let out = child.wait_with_output().expect("node runs");
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("node answers JSON")
}

pub(crate) fn have_node(suite: &str, test: &str) -> bool {
    let ok = std::process::Command::new("node")
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        return true;
    }
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!("{suite} test `{test}` needs node on CI: apt-get install nodejs");
    }
    eprintln!("{suite} tests SKIPPED: node not found (apt-get install nodejs) [{test}]");
    false
}

/// `name` as found on PATH.
pub(crate) fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The Chromium binary: `CHROME_PATH` when set (as the Node harness reads
/// it, tests/browser/lib.mjs), else /usr/bin/chromium, else `chromium` on
/// PATH. `None` when that file does not exist.
pub(crate) fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROME_PATH").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    let usual = PathBuf::from("/usr/bin/chromium");
    if usual.is_file() {
        Some(usual)
    } else {
        on_path("chromium")
    }
}
