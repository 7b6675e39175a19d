//! Scaffolding: `baihoc new lesson` and `baihoc new section` create a
//! Markdown file with its front matter filled in and a Vietnamese slug as
//! its name, and never overwrite anything.

use crate::diagnostics::Diagnostic;
use crate::{Failure, content, date, text, yaml};
use std::path::{Path, PathBuf};

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
    let title = title.trim();
    let slug = text::slugify(title);
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
    let weight = next_weight(&dir);
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

/// Ten more than the largest `weight` of the Markdown files in `dir` (10 when none).
fn next_weight(dir: &Path) -> i64 {
    let mut max = 0;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 10;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let is_md = path.extension().is_some_and(|e| e == "md");
        let sub_index = path.join(content::SECTION_INDEX);
        let file = if is_md {
            path
        } else if sub_index.is_file() {
            sub_index
        } else {
            continue;
        };
        if file
            .file_name()
            .is_some_and(|n| n == content::SECTION_INDEX)
            && file.parent() == Some(dir)
        {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let Ok(split) = content::front_matter::split(&text, &file) else {
            continue;
        };
        if let Ok(w) = yaml::from_str::<WeightOnly>(split.yaml)
            && let Some(w) = w.weight
        {
            max = max.max(w);
        }
    }
    max + 10
}

#[derive(serde::Deserialize)]
struct WeightOnly {
    weight: Option<i64>,
}
