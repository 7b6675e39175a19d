//! Scaffolding: `baihoc new lesson` and `baihoc new section` create a
//! Markdown file with its front matter filled in and a Vietnamese slug as
//! its name (shortened at a word for long titles), never overwrite anything,
//! and never write outside `content/` (symbolic links are followed before
//! the check).

use crate::diagnostics::Diagnostic;
use crate::{Failure, content, date, text, yaml};
use std::path::{Path, PathBuf};

/// The longest file name made from a title, in bytes (without `.md`): far
/// below the 255-byte limit of file systems, and still a readable URL.
pub const MAX_NAME_BYTES: usize = 80;

/// What `new` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    /// A lesson page.
    Lesson,
    /// A section folder with its `_index.md`.
    Section,
}

/// Creates a lesson (or a section) with its front matter filled in and a
/// Vietnamese slug as file name. `section` is a folder under `content/`.
/// Never overwrites: an existing file is an error.
pub fn new_document(
    root: &Path,
    kind: NewKind,
    title: &str,
    section: Option<&str>,
) -> Result<PathBuf, Failure> {
    let title = text::nfc(title.trim()).into_owned();
    let title = text::without_controls(&title).unwrap_or(title);
    let title = title.as_str();
    let slug = text::shorten_slug(&text::slugify(title), MAX_NAME_BYTES).to_string();
    if slug.is_empty() {
        return Err(Failure::one(
            Diagnostic::error("the title is empty")
                .with_hint("give a title in quotes: baihoc new lesson \"Kích hoạt tài khoản\""),
        ));
    }
    let content_dir = root.join(content::CONTENT_DIR);
    if !content_dir.is_dir() {
        return Err(Failure::one(
            Diagnostic::error(format!(
                "no {}/ folder in {}",
                content::CONTENT_DIR,
                root.display()
            ))
            .with_hint("run baihoc in the site folder, or pass --root DIR"),
        ));
    }
    let section = section
        .map(|s| s.trim_matches('/'))
        .map(|s| s.strip_prefix("content/").unwrap_or(s))
        .filter(|s| !s.is_empty() && *s != content::CONTENT_DIR);
    if let Some(s) = section
        && Path::new(s)
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        return Err(Failure::one(
            Diagnostic::error(format!(
                "--section must be a folder inside content/, not `{s}`"
            ))
            .with_hint("give the section's folder as it is under content/, e.g. --section dang-ky"),
        ));
    }
    let dir = match section {
        Some(s) => content_dir.join(s),
        None => content_dir.clone(),
    };
    if !dir.is_dir() {
        return Err(Failure::one(
            Diagnostic::error(format!("no section folder {}", dir.display()))
                .with_hint("give an existing folder under content/ with --section, or create it with `baihoc new section`"),
        ));
    }
    let real_content = real_path(&content_dir)?;
    inside_content(&dir, &real_content)?;
    let weight = next_weight(&dir)?;
    let (path, front_extra, body) = match kind {
        NewKind::Lesson => (
            dir.join(format!("{slug}.md")),
            "audience: [\"học sinh\"]\ntags: []\n",
            "Viết một đoạn mở đầu: học xong bài này, em sẽ biết điều gì.\n\n## Các bước\n\n1. Bước thứ nhất.\n2. Bước thứ hai.\n\n> [!TIP]\n> Một mẹo ngắn.\n\n## Ghi nhớ\n\n- Ý chính cần nhớ.\n",
        ),
        NewKind::Section => {
            let folder = dir.join(&slug);
            std::fs::create_dir_all(&folder).map_err(|e| {
                Failure::one(Diagnostic::error(format!(
                    "cannot create {}: {e}",
                    folder.display()
                )))
            })?;
            // An existing `folder` may be a link to elsewhere.
            inside_content(&folder, &real_content)?;
            (
                folder.join(content::SECTION_INDEX),
                "",
                "Giới thiệu ngắn về phần này: các bài học trong phần giúp em làm được gì.\n",
            )
        }
    };
    let quoted = serde_json::to_string(title).unwrap_or_else(|_| format!("\"{title}\""));
    let today = date::Date::today().map_err(Failure::one)?;
    let text = format!(
        "---\ntitle: {quoted}\ndescription: \"\"\nweight: {weight}\n{front_extra}reviewed: {}\nsources: []\n---\n\n{body}",
        today
    );
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            let message = if e.kind() == std::io::ErrorKind::AlreadyExists {
                format!("{} already exists", path.display())
            } else {
                format!("cannot create {}: {e}", path.display())
            };
            Failure::one(
                Diagnostic::error(message)
                    .with_hint("choose another title, or edit the existing file"),
            )
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| {
        Failure::one(Diagnostic::error(format!(
            "cannot write {}: {e}",
            path.display()
        )))
    })?;
    Ok(path)
}

/// The real path of `dir` (links followed).
fn real_path(dir: &Path) -> Result<PathBuf, Failure> {
    dir.canonicalize().map_err(|e| {
        Failure::one(Diagnostic::error(format!(
            "cannot read {}: {e}",
            dir.display()
        )))
    })
}

/// Refuses a folder that, once symbolic links are followed, is not inside `content/`.
fn inside_content(dir: &Path, real_content: &Path) -> Result<(), Failure> {
    let real = real_path(dir)?;
    if real.starts_with(real_content) {
        return Ok(());
    }
    Err(Failure::one(
        Diagnostic::error(format!(
            "refusing to write into {}: it is a symbolic link to {}, outside content/",
            dir.display(),
            real.display()
        ))
        .with_code("link-outside-site")
        .with_hint("new lessons go into a real folder under content/: give another --section"),
    ))
}

/// Ten more than the largest `weight` of the Markdown files in `dir` (10 when none).
fn next_weight(dir: &Path) -> Result<i64, Failure> {
    let mut max: i64 = 0;
    let mut from = None;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(10);
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let file = if content::markdown_stem(&name).is_some() {
            if matches!(content::markdown_stem(&name), Some("_index" | "index")) {
                continue;
            }
            path
        } else if let Some(index) = [content::SECTION_INDEX, content::SECTION_INDEX_ALT]
            .iter()
            .map(|i| path.join(i))
            .find(|p| p.is_file())
        {
            index
        } else {
            continue;
        };
        // Only regular files, never a FIFO or a huge file; unreadable ones are skipped.
        let Ok(Some(text)) = content::input::read_text(&file, &file) else {
            continue;
        };
        let Ok(split) = content::front_matter::split(&text, &file) else {
            continue;
        };
        if let Ok(w) = yaml::from_str::<WeightOnly>(split.yaml)
            && let Some(w) = w.weight
            && w > max
        {
            max = w;
            from = Some(file);
        }
    }
    max.checked_add(10).ok_or_else(|| {
        let shown = from.map_or_else(String::new, |f| format!(" ({})", f.display()));
        Failure::one(
            Diagnostic::error(format!(
                "cannot give the new file a weight after {max}{shown}: the largest weight there is"
            ))
            .with_code("weight-too-large")
            .with_hint("weights only set the order: renumber the files of this folder (10, 20, 30...), then run `baihoc new` again"),
        )
    })
}

#[derive(serde::Deserialize)]
struct WeightOnly {
    weight: Option<i64>,
}
