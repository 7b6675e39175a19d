//! Load: reads `site.yaml` and `data/sources.yaml`, walks `content/`, reads
//! every Markdown file once, checks its front matter, and records the files
//! beside it (images, PDFs) as assets. The result is a [`Site`]: sections,
//! pages and assets, unordered and without URLs (those are the resolve
//! stage's job). Nothing here knows HTML. Every file is read through
//! [`input`], which keeps the build inside the site folder.

pub mod front_matter;
pub mod input;

use crate::config::{CONFIG_FILE, Config};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::sources::{REGISTRY_FILE, Registry};
use front_matter::FrontMatter;
use input::{Found, SiteFolder};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The folder of Markdown lessons, under the site root.
pub const CONTENT_DIR: &str = "content";
/// The file holding a section's front matter and introduction.
pub const SECTION_INDEX: &str = "_index.md";
/// The other name of a section's page, as Hugo, Zola and MkDocs users write it
/// (used when there is no `_index.md`).
pub const SECTION_INDEX_ALT: &str = "index.md";

/// The extensions of Markdown files (compared without regard to case).
const MARKDOWN_EXTENSIONS: &[&str] = &["md", "markdown"];

/// Extensions of other Markdown dialects and tools, which baihoc does not
/// read as lessons: such a file is copied as it is, with a warning.
const MARKDOWN_LIKE_EXTENSIONS: &[&str] = &[
    "mdx", "mkd", "mkdn", "mdwn", "mdown", "mdtxt", "mdtext", "markdn", "rmd", "qmd",
];

/// The name of a Markdown file without its extension (`bai.md`, `Bai.MD`,
/// `bai.markdown` → `bai`); `None` for any other file.
pub fn markdown_stem(file_name: &str) -> Option<&str> {
    let (stem, ext) = file_name.rsplit_once('.')?;
    (!stem.is_empty()
        && MARKDOWN_EXTENSIONS
            .iter()
            .any(|e| e.eq_ignore_ascii_case(ext)))
    .then_some(stem)
}

/// True for a path whose file is Markdown (`a/b.md`, `a/B.Markdown`).
pub fn is_markdown(path: &str) -> bool {
    markdown_stem(path.rsplit('/').next().unwrap_or(path)).is_some()
}

fn is_markdown_like(file_name: &str) -> bool {
    file_name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && MARKDOWN_LIKE_EXTENSIONS
                .iter()
                .any(|e| e.eq_ignore_ascii_case(ext))
    })
}

/// True for the file name of a section's page (`_index.md`, `index.md`, any Markdown extension).
fn is_section_index(file_name: &str) -> bool {
    matches!(markdown_stem(file_name), Some("_index" | "index"))
}

/// Index of a page in [`Site::pages`].
pub type PageId = usize;
/// Index of a section in [`Site::sections`]; the root section (`content/`) is 0.
pub type SectionId = usize;

/// A Markdown file: its front matter and body.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path shown in diagnostics, relative to the site root (`content/a/b.md`).
    pub source: PathBuf,
    /// Path relative to `content/` (`a/b.md`), with `/` separators.
    pub rel: String,
    /// Checked front matter.
    pub front: FrontMatter,
    /// The Markdown after the front matter.
    pub body: String,
    /// 1-based line in the file where `body` starts.
    pub body_line: usize,
}

/// A lesson: one Markdown file other than a section page.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file.
    pub doc: Document,
    /// The section whose folder holds it.
    pub section: SectionId,
}

/// A folder of lessons. Its `_index.md` (or `index.md`), when present, gives its title and introduction.
#[derive(Debug, Clone)]
pub struct Section {
    /// The `_index.md` or `index.md` (or a stand-in named `_index.md`, with the
    /// folder's name as title, when there is none).
    pub doc: Document,
    /// Whether the folder has its own section page.
    pub has_index: bool,
    /// Folder relative to `content/` ("" for the root), `/` separators.
    pub dir: String,
    /// The enclosing section; `None` for the root.
    pub parent: Option<SectionId>,
    /// Pages directly in this folder (unordered).
    pub pages: Vec<PageId>,
    /// Sections directly below (unordered).
    pub subsections: Vec<SectionId>,
}

/// A file beside the Markdown that is copied with the pages (image, PDF, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Path relative to `content/`, `/` separators.
    pub rel: String,
    /// Where to read it from.
    pub path: PathBuf,
    /// Its size in bytes when it was found.
    pub size: u64,
}

/// Everything read from a site folder, before URLs and order are decided.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site folder.
    pub root: PathBuf,
    /// `site.yaml`.
    pub config: Config,
    /// All sections; index 0 is `content/` itself.
    pub sections: Vec<Section>,
    /// All pages, drafts included (resolve decides what is published).
    pub pages: Vec<Page>,
    /// All non-Markdown files under `content/`.
    pub assets: Vec<Asset>,
    /// The registry of cited documents (`data/sources.yaml`), empty when absent.
    pub registry: Registry,
}

impl Site {
    /// Takes the Markdown of every document out of the site (left empty),
    /// pages first, then sections, by index: a build that will not render
    /// again frees each one as soon as it is rendered
    /// ([`crate::render::render_site_taking`]).
    pub(crate) fn take_bodies(&mut self) -> (Vec<String>, Vec<String>) {
        let pages = self
            .pages
            .iter_mut()
            .map(|p| std::mem::take(&mut p.doc.body))
            .collect();
        let sections = self
            .sections
            .iter_mut()
            .map(|s| std::mem::take(&mut s.doc.body))
            .collect();
        (pages, sections)
    }

    /// Reads the site at `root`. Problems go to `diags`; `None` when any is an error.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Site> {
        let folder = SiteFolder::new(root);
        let config = load_config(root, &folder, diags);
        let registry = load_registry(root, &folder, diags);
        let content = root.join(CONTENT_DIR);
        if !content.is_dir() {
            diags.push(
                Diagnostic::error(format!("no {CONTENT_DIR}/ folder in {}", root.display()))
                    .with_hint(
                        "create content/_index.md for the home page, then one .md file per lesson",
                    ),
            );
            return None;
        }
        let files = folder.walk(&content, Path::new(CONTENT_DIR), &[], diags);
        let (md_files, assets) = sort_files(files, diags);
        let read: Vec<(Option<Document>, Diagnostics)> = md_files
            .par_iter()
            .with_max_len(crate::PAR_PIECE)
            .map(|(f, is_index)| read_document(&f.rel, &f.path, *is_index))
            .collect();
        let mut docs = BTreeMap::new();
        for (doc, ds) in read {
            diags.extend(ds);
            if let Some(doc) = doc {
                docs.insert(doc.rel.clone(), doc);
            }
        }
        let config = config?;
        if diags.has_errors() {
            return None;
        }
        let site = assemble(root, config, registry?, docs, assets);
        if site.pages.is_empty() {
            let like = site
                .assets
                .iter()
                .filter(|a| is_markdown_like(&a.rel))
                .count();
            let hint = if like > 0 {
                format!(
                    "{like} file(s) look like Markdown but have another extension: rename them to .md"
                )
            } else {
                "add one .md file per lesson under content/".to_string()
            };
            diags.push(
                Diagnostic::warning("the site has no lessons: content/ holds no Markdown file besides section pages")
                    .in_file(CONTENT_DIR)
                    .with_code("no-lessons")
                    .with_hint(hint),
            );
        }
        Some(site)
    }
}

/// Reads and parses `site.yaml` alone (the server's page title, say).
pub fn read_config(root: &Path, diags: &mut Diagnostics) -> Option<Config> {
    load_config(root, &SiteFolder::new(root), diags)
}

/// Reads and parses `site.yaml`.
fn load_config(root: &Path, folder: &SiteFolder, diags: &mut Diagnostics) -> Option<Config> {
    match folder.read_text(&root.join(CONFIG_FILE), Path::new(CONFIG_FILE)) {
        Ok(Some(text)) => Config::parse(&text, diags),
        Ok(None) => {
            diags.push(
                Diagnostic::error(format!("no {CONFIG_FILE} in {}", root.display()))
                    .with_hint(format!(
                        "run baihoc in the site folder (the one holding {CONFIG_FILE} and content/), or pass --root DIR"
                    )),
            );
            None
        }
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// Reads and parses `data/sources.yaml`; an absent file is an empty registry.
fn load_registry(root: &Path, folder: &SiteFolder, diags: &mut Diagnostics) -> Option<Registry> {
    match folder.read_text(&root.join(REGISTRY_FILE), Path::new(REGISTRY_FILE)) {
        Ok(Some(text)) => Registry::parse(&text, diags),
        Ok(None) => Some(Registry::default()),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// Splits the files under `content/` into Markdown documents (each with
/// whether it is its folder's section page) and assets, reporting two
/// section pages in one folder and files of other Markdown dialects.
fn sort_files(files: Vec<Found>, diags: &mut Diagnostics) -> (Vec<(Found, bool)>, Vec<Asset>) {
    let mut md = Vec::new();
    let mut assets = Vec::new();
    let mut index_of_dir: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in files {
        let (dir, name) = f.rel.rsplit_once('/').unwrap_or(("", &f.rel));
        if markdown_stem(name).is_some() {
            let is_index = is_section_index(name);
            if is_index {
                index_of_dir
                    .entry(dir.to_string())
                    .or_default()
                    .push(f.rel.clone());
            }
            md.push((f, is_index));
        } else {
            if is_markdown_like(name) {
                diags.push(
                    Diagnostic::warning(format!(
                        "`{name}` is not read as Markdown: it is published as a plain file, not a page"
                    ))
                    .in_file(Path::new(CONTENT_DIR).join(&f.rel))
                    .with_code("not-markdown")
                    .with_hint("baihoc reads .md and .markdown files: rename it to .md if it is a lesson"),
                );
            }
            let size = std::fs::metadata(&f.path).map_or(0, |m| m.len());
            assets.push(Asset {
                rel: f.rel,
                path: f.path,
                size,
            });
        }
    }
    for files in index_of_dir.values().filter(|f| f.len() > 1) {
        let shown: Vec<String> = files.iter().map(|f| format!("{CONTENT_DIR}/{f}")).collect();
        diags.push(
            Diagnostic::error(format!(
                "a folder has one section page, and this one has {}: {}",
                files.len(),
                shown.join(" and ")
            ))
            .in_file(&shown[1])
            .with_code("two-section-pages")
            .with_hint("keep one (baihoc reads `_index.md`, or `index.md` when there is none): merge the other into it"),
        );
    }
    (md, assets)
}

/// Reads and parses one Markdown file, with the problems found in it.
fn read_document(rel: &str, path: &Path, is_index: bool) -> (Option<Document>, Diagnostics) {
    let shown = Path::new(CONTENT_DIR).join(rel);
    let mut diags = Diagnostics::new();
    let text = match input::read_text(path, &shown) {
        Ok(Some(text)) => text,
        Ok(None) => {
            diags.push(
                Diagnostic::error("cannot read file: it disappeared during the build")
                    .in_file(&shown)
                    .with_hint("build again"),
            );
            return (None, diags);
        }
        Err(d) => {
            diags.push(d);
            return (None, diags);
        }
    };
    parse_document(rel, shown, text, is_index)
}

/// Parses the text of one Markdown file (`content/REL`, shown as `shown`)
/// into a document: control characters removed, front matter split and
/// checked. What [`Site::load`] does with each file once it is read.
pub(crate) fn parse_document(
    rel: &str,
    shown: PathBuf,
    text: String,
    is_index: bool,
) -> (Option<Document>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let text = without_raw_controls(text, &shown, &mut diags);
    let split = match front_matter::split(&text, &shown) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return (None, diags);
        }
    };
    let fallback = is_index.then(|| folder_title(rel.rsplit_once('/').map_or("", |(d, _)| d)));
    let front = front_matter::parse(&split, &shown, fallback.as_deref(), &mut diags);
    let doc = front.map(|front| Document {
        source: shown,
        rel: rel.to_string(),
        body: split.body.to_string(),
        body_line: split.body_line,
        front,
    });
    (doc, diags)
}

/// `text` without control characters other than tab and line breaks (a
/// NUL, an escape sequence): they never reach a page. Reported once, at the first.
fn without_raw_controls(text: String, shown: &Path, diags: &mut Diagnostics) -> String {
    let Some(first) = crate::text::find_unwanted_control(&text) else {
        return text;
    };
    let before = &text[..first];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    let c = text[first..].chars().next().unwrap_or(' ');
    diags.push(
        Diagnostic::warning(format!(
            "the file holds control characters (U+{:04X} here), which are removed",
            c as u32
        ))
        .in_file(shown)
        .at(line, column)
        .with_code("control-characters")
        .with_hint(
            "they are invisible and usually come from a damaged copy: delete them in an editor",
        ),
    );
    crate::text::without_controls(&text).unwrap_or(text)
}

/// A title for a folder without `_index.md`: its name with `-` and `_` as spaces, first letter upper case.
fn folder_title(dir: &str) -> String {
    let name = dir
        .rsplit('/')
        .next()
        .unwrap_or(dir)
        .replace(['-', '_'], " ");
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn assemble(
    root: &Path,
    config: Config,
    registry: Registry,
    mut docs: BTreeMap<String, Document>,
    assets: Vec<Asset>,
) -> Site {
    // A folder is a section when it, or a folder below it, holds Markdown.
    let mut dirs: BTreeSet<String> = BTreeSet::from([String::new()]);
    for rel in docs.keys() {
        let mut dir = rel.as_str();
        while let Some((parent, _)) = dir.rsplit_once('/') {
            dirs.insert(parent.to_string());
            dir = parent;
        }
    }
    // Each folder's section page, when it has one (two are an error reported by `sort_files`).
    let index_rels: Vec<String> = docs
        .keys()
        .filter(|rel| is_section_index(rel.rsplit('/').next().unwrap_or(rel)))
        .cloned()
        .collect();
    let mut index_docs: BTreeMap<String, Document> = BTreeMap::new();
    for rel in index_rels {
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        if let Some(doc) = docs.remove(&rel) {
            index_docs.insert(dir, doc);
        }
    }
    let mut sections: Vec<Section> = Vec::with_capacity(dirs.len());
    let mut by_dir = BTreeMap::new();
    for dir in &dirs {
        let index_rel = if dir.is_empty() {
            SECTION_INDEX.to_string()
        } else {
            format!("{dir}/{SECTION_INDEX}")
        };
        let (doc, has_index) = match index_docs.remove(dir) {
            Some(doc) => (doc, true),
            None => (
                Document {
                    source: Path::new(CONTENT_DIR).join(&index_rel),
                    rel: index_rel,
                    front: FrontMatter {
                        title: if dir.is_empty() {
                            config.title.clone()
                        } else {
                            folder_title(dir)
                        },
                        ..FrontMatter::default()
                    },
                    body: String::new(),
                    body_line: 1,
                },
                false,
            ),
        };
        let parent = dir
            .rsplit_once('/')
            .map(|(p, _)| p.to_string())
            .or_else(|| (!dir.is_empty()).then(String::new))
            .and_then(|p| by_dir.get(&p).copied());
        let id = sections.len();
        by_dir.insert(dir.clone(), id);
        if let Some(p) = parent {
            sections[p].subsections.push(id);
        }
        sections.push(Section {
            doc,
            has_index,
            dir: dir.clone(),
            parent,
            pages: Vec::new(),
            subsections: Vec::new(),
        });
    }
    let mut pages = Vec::with_capacity(docs.len());
    for (rel, doc) in docs {
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        let section = by_dir[dir];
        sections[section].pages.push(pages.len());
        pages.push(Page { doc, section });
    }
    Site {
        root: root.to_path_buf(),
        config,
        sections,
        pages,
        assets,
        registry,
    }
}

/// Reads one Markdown file of the site again, for a partial re-render:
/// `rel` is its path relative to `content/`. The problems found in it come
/// with it; the document is `None` when one of them is an error.
pub fn reload_document(root: &Path, rel: &str) -> (Option<Document>, Diagnostics) {
    let path = root.join(CONTENT_DIR).join(rel);
    let shown = Path::new(CONTENT_DIR).join(rel);
    if let Err(d) = SiteFolder::new(root).check_inside(&path, &shown) {
        return (None, Diagnostics::from_iter([d]));
    }
    let name = rel.rsplit('/').next().unwrap_or(rel);
    read_document(rel, &path, is_section_index(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_files_by_extension() {
        assert_eq!(markdown_stem("bai.md"), Some("bai"));
        assert_eq!(markdown_stem("Bai.MD"), Some("Bai"));
        assert_eq!(markdown_stem("bai.Markdown"), Some("bai"));
        assert_eq!(markdown_stem("bai.mdx"), None);
        assert_eq!(markdown_stem(".md"), None);
        assert!(is_markdown("a/b.markdown"));
        assert!(!is_markdown("a.md/b.png"));
        assert!(is_markdown_like("bai.MDX") && is_markdown_like("x.Rmd"));
        assert!(is_section_index("index.md") && is_section_index("_index.MD"));
        assert!(!is_section_index("indexes.md"));
    }

    #[test]
    fn folder_titles() {
        assert_eq!(folder_title("a/bai-hoc_mot"), "Bai hoc mot");
        assert_eq!(folder_title("đăng-ký"), "Đăng ký");
    }
}
