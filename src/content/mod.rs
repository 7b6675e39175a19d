//! Load: walks `content/`, reads every Markdown file once, checks its front
//! matter, and records the files beside it (images, PDFs) as assets. The
//! result is a [`Site`]: sections, pages and assets, unordered and without
//! URLs (those are the resolve stage's job). Nothing here knows HTML.

pub mod front_matter;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::sources::Registry;
use front_matter::FrontMatter;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The folder of Markdown lessons, under the site root.
pub const CONTENT_DIR: &str = "content";
/// The file holding a section's front matter and introduction.
pub const SECTION_INDEX: &str = "_index.md";

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

/// A lesson: one Markdown file other than `_index.md`.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file.
    pub doc: Document,
    /// The section whose folder holds it.
    pub section: SectionId,
}

/// A folder of lessons. Its `_index.md`, when present, gives its title and introduction.
#[derive(Debug, Clone)]
pub struct Section {
    /// The `_index.md` (or a stand-in with the folder's name as title when there is none).
    pub doc: Document,
    /// Whether `_index.md` exists.
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
    /// Reads the site at `root`. Problems go to `diags`; `None` when any is an error.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Site> {
        let config = Config::load(root, diags);
        let registry = Registry::load(root, diags);
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
        let (md_files, assets) = walk(&content, diags);
        let read: Vec<(Option<Document>, Diagnostics)> = md_files
            .par_iter()
            .map(|(rel, path)| read_document(rel, path))
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
        Some(assemble(root, config, registry?, docs, assets))
    }
}

/// Lists Markdown files and assets under `content/`, sorted, skipping hidden and editor files.
fn walk(content: &Path, diags: &mut Diagnostics) -> (Vec<(String, PathBuf)>, Vec<Asset>) {
    let mut md = Vec::new();
    let mut assets = Vec::new();
    let walker = walkdir::WalkDir::new(content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| shown_path(content, p));
                let mut d = Diagnostic::error(format!("cannot read: {}", io_reason(&e)))
                    .with_hint("check that the file exists and that you may read it (a broken link, or permissions)");
                if let Some(p) = path {
                    d = d.in_file(p);
                }
                diags.push(d);
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = rel_string(entry.path().strip_prefix(content).unwrap_or(entry.path()));
        if rel.ends_with(".md") {
            md.push((rel, entry.path().to_path_buf()));
        } else {
            assets.push(Asset {
                rel,
                path: entry.path().to_path_buf(),
            });
        }
    }
    (md, assets)
}

fn io_reason(e: &walkdir::Error) -> String {
    match e.io_error() {
        Some(io) => io.to_string(),
        None => e.to_string(),
    }
}

fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#') || name.ends_with(".swp")
}

/// Path shown to the user for a file under `content/`.
fn shown_path(content: &Path, path: &Path) -> PathBuf {
    Path::new(CONTENT_DIR).join(path.strip_prefix(content).unwrap_or(path))
}

fn rel_string(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads and parses one Markdown file, with the problems found in it.
fn read_document(rel: &str, path: &Path) -> (Option<Document>, Diagnostics) {
    let shown = Path::new(CONTENT_DIR).join(rel);
    let mut diags = Diagnostics::new();
    let text = match crate::diagnostics::read_text(path, &shown) {
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
    let split = match front_matter::split(&text, &shown) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return (None, diags);
        }
    };
    let is_index = rel == SECTION_INDEX || rel.ends_with(&format!("/{SECTION_INDEX}"));
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
    let mut sections: Vec<Section> = Vec::with_capacity(dirs.len());
    let mut by_dir = BTreeMap::new();
    for dir in &dirs {
        let index_rel = if dir.is_empty() {
            SECTION_INDEX.to_string()
        } else {
            format!("{dir}/{SECTION_INDEX}")
        };
        let (doc, has_index) = match docs.remove(&index_rel) {
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
    read_document(rel, &root.join(CONTENT_DIR).join(rel))
}

/// "did you mean `weight`?" when `key` is close to a known key, else the list of known keys.
pub fn did_you_mean(key: &str, known: &[&str]) -> String {
    let best = known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(key, k), *k))
        .min();
    match best {
        Some((dist, k)) if dist <= 2 || strsim::jaro_winkler(key, k) > 0.85 => {
            format!("did you mean `{k}`?")
        }
        _ => format!("known keys: {}", known.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("wieght", front_matter::KNOWN_KEYS),
            "did you mean `weight`?"
        );
        assert_eq!(
            did_you_mean("titel", front_matter::KNOWN_KEYS),
            "did you mean `title`?"
        );
        assert!(did_you_mean("xyzzy", front_matter::KNOWN_KEYS).starts_with("known keys: title"));
    }

    #[test]
    fn folder_titles() {
        assert_eq!(folder_title("a/bai-hoc_mot"), "Bai hoc mot");
        assert_eq!(folder_title("đăng-ký"), "Đăng ký");
    }

    #[test]
    fn utf8_error_position() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("x.md");
        std::fs::write(&path, b"---\ntitle: a\xff\n").unwrap();
        let d = crate::diagnostics::read_text(&path, Path::new("content/x.md")).unwrap_err();
        assert_eq!((d.line, d.column), (Some(2), Some(9)));
        assert_eq!(d.file.as_deref(), Some(Path::new("content/x.md")));
        assert_eq!(
            crate::diagnostics::read_text(&tmp.path().join("none"), Path::new("none")),
            Ok(None)
        );
    }
}
