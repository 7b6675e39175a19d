//! Resolve: decides what is published and where. Gives every page, section
//! and asset its output path, orders sections and pages (weight, then
//! Vietnamese alphabetical title), lays out the reading order for
//! previous/next, and answers "where does this link go?" for the render stage.
//! All output paths are relative to the output root and use `/`.

use crate::content::{PageId, SectionId, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::text::{SortKey, slugify};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What a link inside the site points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// A lesson.
    Page(PageId),
    /// A section's index page.
    Section(SectionId),
}

/// The published site's map: output paths, order and navigation.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// Output path of each page; `None` for drafts left out.
    pub page_out: Vec<Option<String>>,
    /// Output path of each section's index page.
    pub section_out: Vec<String>,
    /// Published pages of each section, in order.
    pub section_pages: Vec<Vec<PageId>>,
    /// Subsections of each section, in order (only those with something published).
    pub section_subs: Vec<Vec<SectionId>>,
    /// Published pages in reading order: a section's pages, then its subsections', depth first.
    pub reading_order: Vec<PageId>,
    /// Whether each section is shown (it or a section below has something published).
    pub visible: Vec<bool>,
    /// Position of each published page in `reading_order`.
    position: HashMap<PageId, usize>,
    /// Markdown source (relative to `content/`) → target, published documents only.
    by_source: HashMap<String, Target>,
    /// Markdown sources of drafts left out (pages and sections).
    drafts: HashSet<String>,
    /// Asset path relative to `content/` → output path.
    pub asset_out: BTreeMap<String, String>,
    /// Site static file (logical path) → output path with content hash.
    pub static_out: BTreeMap<String, String>,
    /// Files generated for the whole site (`sw.js`, `can-cu.html`, ...),
    /// which pages may link to: set from the products' declarations.
    pub generated: HashSet<String>,
}

/// Lessons listed on one page of a section; a longer section's list goes on
/// over numbered pages, so no page grows with the size of its section.
pub const SECTION_PAGE_SIZE: usize = 50;

/// Settings of the resolve stage.
#[derive(Debug, Clone, Default)]
pub struct ResolveOptions {
    /// Publish pages marked `draft: true`.
    pub include_drafts: bool,
}

/// Output folder of a content folder: each component slugified.
fn out_dir(dir: &str) -> String {
    dir.split('/')
        .filter(|c| !c.is_empty())
        .map(|c| {
            let s = slugify(c);
            if s.is_empty() { "_".to_string() } else { s }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Resolves `site`. `static_out` maps the theme's and site's static files to
/// their hashed output paths. Problems go to `diags`; two files with one
/// output path are found later, over every product's declarations.
pub fn resolve(
    site: &Site,
    static_out: BTreeMap<String, String>,
    opts: &ResolveOptions,
    diags: &mut Diagnostics,
) -> Resolved {
    // A draft section hides everything below it, unless drafts are included.
    let mut hidden = vec![false; site.sections.len()];
    if !opts.include_drafts {
        for (id, s) in site.sections.iter().enumerate().skip(1) {
            // Parents come before their children in `sections`.
            hidden[id] = s.doc.front.draft || s.parent.is_some_and(|p| hidden[p]);
        }
    }
    let home = &site.sections[0].doc;
    if home.front.draft {
        diags.push(
            Diagnostic::warning("the home page cannot be a draft; `draft: true` is ignored here")
                .in_file(&home.source)
                .at_line(home.front.line_of("draft").unwrap_or(1))
                .with_hint("mark lessons or sections as drafts instead"),
        );
    }
    let published = |p: PageId| {
        let page = &site.pages[p];
        opts.include_drafts || !(page.doc.front.draft || hidden[page.section])
    };
    let section_out: Vec<String> = site
        .sections
        .iter()
        .map(|s| join(&out_dir(&s.dir), "index.html"))
        .collect();
    let page_out: Vec<Option<String>> = site
        .pages
        .iter()
        .enumerate()
        .map(|(id, p)| {
            published(id).then(|| {
                let dir = &site.sections[p.section].dir;
                let stem = p.doc.rel.rsplit('/').next().unwrap_or(&p.doc.rel);
                let stem = crate::content::markdown_stem(stem).unwrap_or(stem);
                let slug = p.doc.front.slug.clone().unwrap_or_else(|| {
                    let s = slugify(stem);
                    if s.is_empty() { "trang".to_string() } else { s }
                });
                join(&out_dir(dir), &format!("{slug}.html"))
            })
        })
        .collect();

    // Order: weight (unweighted last), then Vietnamese title, then file name.
    let key = |weight: Option<i64>, title: &str, rel: &str| {
        (
            weight.unwrap_or(i64::MAX),
            SortKey::new(title),
            title.to_string(),
            rel.to_string(),
        )
    };
    // In parallel: the order keys compose each title's letters (a tenth of
    // the 10,000-page build's time between loading and rendering).
    let section_pages: Vec<Vec<PageId>> = site
        .sections
        .par_iter()
        .map(|s| {
            let mut pages: Vec<PageId> =
                s.pages.iter().copied().filter(|&p| published(p)).collect();
            pages.sort_by_cached_key(|&p| {
                let d = &site.pages[p].doc;
                key(d.front.weight, &d.front.title, &d.rel)
            });
            pages
        })
        .collect();
    // A section is shown when it, or a section below it, has published pages or its own index.
    let mut visible = vec![false; site.sections.len()];
    for id in (0..site.sections.len()).rev() {
        let s = &site.sections[id];
        visible[id] = id == 0
            || !hidden[id]
                && (s.has_index
                    || !section_pages[id].is_empty()
                    || s.subsections.iter().any(|&c| visible[c]));
    }
    let section_subs: Vec<Vec<SectionId>> = site
        .sections
        .iter()
        .map(|s| {
            let mut subs: Vec<SectionId> = s
                .subsections
                .iter()
                .copied()
                .filter(|&c| visible[c])
                .collect();
            subs.sort_by_cached_key(|&c| {
                let d = &site.sections[c].doc;
                key(d.front.weight, &d.front.title, &d.rel)
            });
            subs
        })
        .collect();

    let mut reading_order = Vec::new();
    let mut stack = vec![0];
    while let Some(s) = stack.pop() {
        reading_order.extend(&section_pages[s]);
        stack.extend(section_subs[s].iter().rev());
    }
    let position = reading_order
        .iter()
        .enumerate()
        .map(|(i, &p)| (p, i))
        .collect();

    let mut by_source = HashMap::new();
    let mut drafts = HashSet::new();
    for (id, s) in site.sections.iter().enumerate() {
        // A section page may be `index.md`: a link to its folder still asks for `_index.md`.
        let folder = join(&s.dir, crate::content::SECTION_INDEX);
        if visible[id] {
            by_source.insert(s.doc.rel.clone(), Target::Section(id));
            by_source.insert(folder, Target::Section(id));
        } else if hidden[id] {
            drafts.insert(s.doc.rel.clone());
            drafts.insert(folder);
        }
    }
    for (id, p) in site.pages.iter().enumerate() {
        if page_out[id].is_some() {
            by_source.insert(p.doc.rel.clone(), Target::Page(id));
        } else {
            drafts.insert(p.doc.rel.clone());
        }
    }

    // Files beside the Markdown go with their section: not published when it is a draft.
    let section_of_dir: HashMap<&str, SectionId> = site
        .sections
        .iter()
        .enumerate()
        .map(|(id, s)| (s.dir.as_str(), id))
        .collect();
    let nearest_section = |mut dir: &str| loop {
        if let Some(&id) = section_of_dir.get(dir) {
            return id;
        }
        dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
    };
    let asset_out: BTreeMap<String, String> = site
        .assets
        .iter()
        .filter_map(|a| {
            let (dir, name) = a.rel.rsplit_once('/').unwrap_or(("", &a.rel));
            (!hidden[nearest_section(dir)]).then(|| (a.rel.clone(), join(&out_dir(dir), name)))
        })
        .collect();

    Resolved {
        page_out,
        section_out,
        section_pages,
        section_subs,
        reading_order,
        visible,
        position,
        by_source,
        drafts,
        asset_out,
        static_out,
        generated: HashSet::new(),
    }
}

/// Where a link written in Markdown leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another page or section; the URL is the target's output path.
    Document(Target, String),
    /// A file copied from `content/` or a static file.
    File(String),
}

/// Why a link could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkProblem {
    /// No such Markdown file.
    MissingPage(String),
    /// The page exists but is a draft left out of this build.
    DraftPage(String),
    /// No such file.
    MissingFile(String),
}

impl Resolved {
    /// Output path of a document.
    pub fn out_of(&self, t: Target) -> &str {
        match t {
            Target::Page(p) => self.page_out[p].as_deref().unwrap_or(""),
            Target::Section(s) => &self.section_out[s],
        }
    }

    /// How many pages a section's list takes ([`SECTION_PAGE_SIZE`] lessons each).
    pub fn section_parts(&self, s: SectionId) -> usize {
        self.section_pages[s]
            .len()
            .div_ceil(SECTION_PAGE_SIZE)
            .max(1)
    }

    /// The output path of part `part` (from 0) of a section's list: its
    /// index page, then `index-2.html`, `index-3.html`, ... beside it.
    pub fn section_part_out(&self, s: SectionId, part: usize) -> String {
        let index = &self.section_out[s];
        match part {
            0 => index.clone(),
            k => {
                let dir = index.rsplit_once('/').map_or("", |(d, _)| d);
                join(dir, &format!("index-{}.html", k + 1))
            }
        }
    }

    /// The published document whose Markdown is `rel` (relative to `content/`).
    pub fn target_of(&self, rel: &str) -> Option<Target> {
        self.by_source.get(rel).copied()
    }

    /// Is this section shown in navigation?
    pub fn is_visible(&self, s: SectionId) -> bool {
        self.visible[s]
    }

    /// The lesson number of a published page: its place in reading order, from 1.
    pub fn number(&self, page: PageId) -> Option<usize> {
        self.position.get(&page).map(|i| i + 1)
    }

    /// The published pages before and after `page` in reading order.
    pub fn prev_next(&self, page: PageId) -> (Option<PageId>, Option<PageId>) {
        match self.position.get(&page) {
            Some(&i) => (
                i.checked_sub(1).map(|j| self.reading_order[j]),
                self.reading_order.get(i + 1).copied(),
            ),
            None => (None, None),
        }
    }

    /// Every published document with its output path.
    pub fn documents(&self) -> impl Iterator<Item = (Target, &str)> {
        let sections = self
            .section_out
            .iter()
            .enumerate()
            .filter(|(id, _)| self.is_visible(*id))
            .map(|(id, out)| (Target::Section(id), out.as_str()));
        let pages = self
            .page_out
            .iter()
            .enumerate()
            .filter_map(|(id, out)| out.as_deref().map(|o| (Target::Page(id), o)));
        sections.chain(pages)
    }

    /// Resolves a link path (already split from its `#fragment`, percent-decoded)
    /// written in the document `from_rel` (relative to `content/`).
    pub fn resolve_path(&self, from_rel: &str, path: &str) -> Result<LinkTarget, LinkProblem> {
        let joined = if let Some(abs) = path.strip_prefix('/') {
            normalize(abs)
        } else {
            let dir = from_rel.rsplit_once('/').map_or("", |(d, _)| d);
            normalize(&join(dir, path))
        };
        let Some(rel) = joined else {
            return Err(LinkProblem::MissingFile(path.to_string()));
        };
        let is_dir_link = path.ends_with('/') || path == "." || path == "..";
        let is_markdown = crate::content::is_markdown(&rel);
        if is_markdown || is_dir_link || rel.is_empty() {
            let rel_md = if is_markdown {
                rel.clone()
            } else {
                join(rel.trim_end_matches('/'), crate::content::SECTION_INDEX)
            };
            return match self.by_source.get(&rel_md) {
                Some(&t) => Ok(LinkTarget::Document(t, self.out_of(t).to_string())),
                None if self.drafts.contains(&rel_md) => Err(LinkProblem::DraftPage(rel_md)),
                None => Err(LinkProblem::MissingPage(rel_md)),
            };
        }
        if let Some(out) = self.asset_out.get(&rel) {
            return Ok(LinkTarget::File(out.clone()));
        }
        if let Some(out) = self.static_out.get(&rel) {
            return Ok(LinkTarget::File(out.clone()));
        }
        if self.generated.contains(&rel) {
            return Ok(LinkTarget::File(rel));
        }
        Err(LinkProblem::MissingFile(rel))
    }
}

/// Joins `.` and `..` away; `None` when the path climbs above the root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            c => parts.push(c),
        }
    }
    Some(parts.join("/"))
}

/// The relative URL from the page written at `from` to the file at `to`
/// (both output paths). Never a folder: file:// does not open index.html.
pub fn relative_url(from: &str, to: &str) -> String {
    let from_dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    let (to_dir, to_file) = to.rsplit_once('/').unwrap_or(("", to));
    if from_dir == to_dir {
        return encode_segment(to_file);
    }
    let mut from_parts = from_dir.split('/').filter(|p| !p.is_empty()).peekable();
    let mut to_parts = to_dir.split('/').filter(|p| !p.is_empty()).peekable();
    while let (Some(a), Some(b)) = (from_parts.peek(), to_parts.peek()) {
        if a != b {
            break;
        }
        from_parts.next();
        to_parts.next();
    }
    let mut url = "../".repeat(from_parts.count());
    for part in to_parts {
        url.push_str(&encode_segment(part));
        url.push('/');
    }
    url.push_str(&encode_segment(to_file));
    url
}

/// The prefix that leads from the page at `from` back to the output root ("" or "../../").
pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// Percent-encodes each segment of a `/`-separated path.
pub fn encode_path(s: &str) -> String {
    // Nearly every path is all unreserved characters and slashes.
    if s.bytes().all(|b| b == b'/' || SAFE_IN_SEGMENT[b as usize]) {
        return s.to_string();
    }
    s.split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// Bytes a path segment keeps as they are: unreserved characters and the
/// sub-delimiters, `:` and `@`.
const SAFE_IN_SEGMENT: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    let others = b"-._~!$&'()*+,;=:@";
    let mut i = 0;
    while i < others.len() {
        t[others[i] as usize] = true;
        i += 1;
    }
    t
};

/// Percent-encodes one path segment (keeps unreserved characters).
pub fn encode_segment(s: &str) -> String {
    let safe = |b: u8| SAFE_IN_SEGMENT[b as usize];
    if s.bytes().all(safe) {
        return s.to_string();
    }
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if safe(b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

/// Decodes `%XX` escapes; invalid escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
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
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_percent_encoded_segment_by_segment() {
        // The encoding as first written: a byte kept when unreserved or a
        // sub-delimiter, `:` or `@`, else `%XX`; slashes separate segments.
        fn by_bytes(s: &str) -> String {
            let keep = |b: u8| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b);
            s.bytes()
                .map(|b| {
                    if keep(b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect()
        }
        let every: String = (0u8..0x80)
            .map(char::from)
            .chain("đăng ký ư ơ €".chars())
            .collect();
        for path in [
            "dang-ky/kich-hoat.html",
            "a b/c#d?e.html",
            "phan-001/bai-00002.trinh-chieu.html",
            "/x//y/",
            "",
            every.as_str(),
        ] {
            assert_eq!(encode_path(path), by_bytes(path), "{path:?}");
            let segment = path.replace('/', "");
            assert_eq!(encode_segment(&segment), by_bytes(&segment));
        }
        assert_eq!(encode_path("Bài 1/ả.html"), "B%C3%A0i%201/%E1%BA%A3.html");
    }

    #[test]
    fn relative_urls_between_depths() {
        assert_eq!(relative_url("index.html", "a/b.html"), "a/b.html");
        assert_eq!(relative_url("a/b.html", "index.html"), "../index.html");
        assert_eq!(relative_url("a/b/c.html", "a/d/e.html"), "../d/e.html");
        assert_eq!(relative_url("a/b/c.html", "a/b/index.html"), "index.html");
        assert_eq!(relative_url("a/b.html", "a/img/x y.png"), "img/x%20y.png");
        assert_eq!(relative_url("a/b.html", "ảnh.png"), "../%E1%BA%A3nh.png");
        assert_eq!(root_prefix("a/b/c.html"), "../../");
        assert_eq!(root_prefix("index.html"), "");
    }

    #[test]
    fn normalizes_paths() {
        assert_eq!(normalize("a/./b/../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(normalize("../x.md"), None);
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("h%C3%ACnh%201.png"), "hình 1.png");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn slugified_output_folders() {
        assert_eq!(out_dir("Bài học/Phần 1"), "bai-hoc/phan-1");
        assert_eq!(out_dir(""), "");
    }
}
