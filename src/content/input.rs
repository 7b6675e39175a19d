//! Reading the site folder safely: every file the load stage and the theme
//! read from a site comes through here. A file read must be a regular file
//! (a FIFO, socket or device is never opened), inside the site folder once
//! symbolic links are followed, and outside any folder baihoc wrote; a text
//! file must fit in [`MAX_TEXT_BYTES`], and is decoded as UTF-8 and
//! normalised to NFC. Walking a folder skips hidden files and what editors
//! and operating systems leave behind, reports special files without opening
//! them, refuses links that lead out of the site and folder chains deeper
//! than [`MAX_FOLDER_DEPTH`], and gives every file its path in NFC.

use crate::diagnostics::{Diagnostic, Diagnostics};
use std::collections::HashSet;
use std::fs::{File, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest text file read (Markdown, YAML, templates): 10 MB, a hundred
/// times the longest lesson of the bundled course, small enough that a whole
/// site of them fits in memory.
pub const MAX_TEXT_BYTES: u64 = 10 * 1024 * 1024;

/// The deepest chain of folders under a walked folder. A course is parts,
/// sections and lessons (2 to 4 levels; the deepest real documentation tree
/// we tried, Hugo's, has 6), so 16 leaves room for any real course, while
/// every level adds a page with breadcrumbs and `../` links to each page
/// below it, and file paths grow towards the system's limit: a 1,000-deep
/// chain with one lesson used to write 516 MB.
pub const MAX_FOLDER_DEPTH: usize = 16;

/// A file found by [`SiteFolder::walk`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Path relative to the walked folder, `/` separators, in NFC.
    pub rel: String,
    /// Where to read it (as the file system names it).
    pub path: PathBuf,
}

/// The site folder, with its real path (symbolic links resolved), against
/// which every file read is checked.
#[derive(Debug, Clone)]
pub struct SiteFolder {
    real: Option<PathBuf>,
}

impl SiteFolder {
    /// The site at `root`.
    pub fn new(root: &Path) -> SiteFolder {
        SiteFolder {
            real: root.canonicalize().ok(),
        }
    }

    /// Checks that `path`, once symbolic links are followed, is inside the
    /// site folder and not inside a folder baihoc wrote (an output folder).
    /// A path that does not exist passes: reading it reports that.
    pub fn check_inside(&self, path: &Path, shown: &Path) -> Result<(), Diagnostic> {
        let (Some(root), Ok(real)) = (&self.real, path.canonicalize()) else {
            return Ok(());
        };
        if !real.starts_with(root) {
            return Err(Diagnostic::error(format!(
                "refusing to read {}: it is a symbolic link to {}, outside the site folder",
                shown.display(),
                real.display()
            ))
            .in_file(shown)
            .with_code("link-outside-site")
            .with_hint(
                "copy the file into the site folder instead of linking to it (nothing from outside the site is published)",
            ));
        }
        if let Some(out) = output_folder_holding(root, &real) {
            let out = out.strip_prefix(root).unwrap_or(&out).to_path_buf();
            return Err(Diagnostic::error(format!(
                "refusing to read {}: it leads into {}, a folder written by baihoc",
                shown.display(),
                out.display()
            ))
            .in_file(shown)
            .with_code("link-into-output")
            .with_hint("a build's output is never read back into the site: remove the link"));
        }
        Ok(())
    }

    /// Reads a text file of the site; `Ok(None)` when it does not exist.
    /// See [`read_text`]; the file must also be inside the site.
    pub fn read_text(&self, path: &Path, shown: &Path) -> Result<Option<String>, Diagnostic> {
        self.check_inside(path, shown)?;
        read_text(path, shown)
    }

    /// Every file under `dir` (shown to the user as `shown`), sorted by
    /// name. Hidden files (except the names in `keep_hidden`) and editor or
    /// system leftovers are skipped; special files are skipped with a
    /// warning; links leading out of the site, folders too deep and
    /// unreadable entries are errors in `diags`.
    pub fn walk(
        &self,
        dir: &Path,
        shown: &Path,
        keep_hidden: &[&str],
        diags: &mut Diagnostics,
    ) -> Vec<Found> {
        if std::fs::symlink_metadata(dir).is_err() {
            return Vec::new();
        }
        if let Err(d) = self.check_inside(dir, shown) {
            diags.push(d);
            return Vec::new();
        }
        if !dir.is_dir() {
            return Vec::new();
        }
        let shown_of = |p: &Path| shown.join(p.strip_prefix(dir).unwrap_or(p));
        let mut refused = Vec::new();
        let mut too_deep = false;
        let walker = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                if e.depth() == 0 {
                    return true;
                }
                let Some(name) = e.file_name().to_str() else {
                    refused.push(
                        Diagnostic::warning("skipped: the file name is not valid UTF-8")
                            .in_file(shown_of(e.path()))
                            .with_code("name-not-utf8")
                            .with_hint("rename the file (this often happens to names copied from an old archive)"),
                    );
                    return false;
                };
                if is_ignored(name, keep_hidden) {
                    return false;
                }
                if e.path_is_symlink()
                    && let Err(d) = self.check_inside(e.path(), &shown_of(e.path()))
                {
                    refused.push(d);
                    return false;
                }
                if e.file_type().is_dir() {
                    if e.depth() > MAX_FOLDER_DEPTH {
                        if !too_deep {
                            too_deep = true;
                            refused.push(too_deep_error(&shown_of(e.path())));
                        }
                        return false;
                    }
                    if e.path().join(crate::output::OUTPUT_MARKER).exists() {
                        refused.push(
                            Diagnostic::warning("skipped: this folder is the output of a build")
                                .in_file(shown_of(e.path()))
                                .with_code("output-folder-skipped")
                                .with_hint("build into a folder outside content/, static/ and themes/ (the default is public/)"),
                        );
                        return false;
                    }
                }
                true
            });
        let mut found = Vec::new();
        let mut names = HashSet::new();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let reason = match (e.loop_ancestor(), e.io_error()) {
                        (Some(_), _) => {
                            "a symbolic link leads back into a folder that holds it".to_string()
                        }
                        (None, Some(io)) if io.kind() == std::io::ErrorKind::NotFound => {
                            "it is a symbolic link to something that does not exist".to_string()
                        }
                        (None, Some(io)) => io.to_string(),
                        (None, None) => e.to_string(),
                    };
                    let mut d = Diagnostic::error(format!("cannot read: {reason}"))
                        .with_code("unreadable")
                        .with_hint("check that the file exists and that you may read it (a broken link, or permissions)");
                    if let Some(p) = e.path() {
                        d = d.in_file(shown_of(p));
                    }
                    diags.push(d);
                    continue;
                }
            };
            let kind = entry.file_type();
            if kind.is_dir() {
                continue;
            }
            let path = entry.path();
            if !kind.is_file() {
                let shown_file = shown_of(path);
                diags.push(
                    Diagnostic::warning(format!(
                        "skipped: {} is {}, not a file",
                        shown_file.display(),
                        describe(kind)
                    ))
                    .in_file(shown_file)
                    .with_code("special-file")
                    .with_hint("only ordinary files are read: remove it from the site folder"),
                );
                continue;
            }
            let raw = rel_string(path.strip_prefix(dir).unwrap_or(path));
            let rel = crate::text::nfc(&raw).into_owned();
            if !names.insert(rel.clone()) {
                diags.push(
                    Diagnostic::error(format!(
                        "two files are named {} (the same letters, once composed and once decomposed, as macOS writes them)",
                        shown.join(&rel).display()
                    ))
                    .in_file(shown_of(path))
                    .with_code("same-name")
                    .with_hint("delete or rename one of them"),
                );
                continue;
            }
            found.push(Found {
                rel,
                path: path.to_path_buf(),
            });
        }
        diags.extend(refused);
        found
    }
}

/// Names that are never read or published: hidden files (`.DS_Store`, `.git`,
/// `.#lock`; except those in `keep_hidden`), editor backups and swap files
/// (`a.md~`, `#a.md#`, `.a.md.swp`), Office lock files (`~$bai.docx`), the
/// files Windows and macOS leave in folders, and Jekyll's `_config.yml`.
pub fn is_ignored(name: &str, keep_hidden: &[&str]) -> bool {
    if name.starts_with('.') {
        return !keep_hidden.contains(&name);
    }
    let lower = name.to_lowercase();
    name.ends_with('~')
        || name.starts_with('#')
        || name.starts_with("~$")
        || [".swp", ".swo", ".swx"].iter().any(|e| lower.ends_with(e))
        || matches!(
            lower.as_str(),
            "thumbs.db"
                | "ehthumbs.db"
                | "desktop.ini"
                | "__macosx"
                | "_config.yml"
                | "_config.yaml"
        )
}

/// Reads a UTF-8 text file, normalised to NFC. `Ok(None)` when it does not
/// exist; a special file, a file larger than [`MAX_TEXT_BYTES`], an
/// unreadable file or one that is not UTF-8 is an error naming `shown` (the
/// path as the user knows it) and, for bad bytes, the line and column of the first one.
pub fn read_text(path: &Path, shown: &Path) -> Result<Option<String>, Diagnostic> {
    let Some((mut file, meta)) = open_file(path, shown)? else {
        return Ok(None);
    };
    if meta.len() > MAX_TEXT_BYTES {
        return Err(too_large(shown, meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    (&mut file)
        .take(MAX_TEXT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_read(shown, &e))?;
    if bytes.len() as u64 > MAX_TEXT_BYTES {
        return Err(too_large(shown, bytes.len() as u64));
    }
    match utf8_string(bytes) {
        Ok(text) => Ok(Some(match crate::text::nfc(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(n) => n,
        })),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or("");
            let (line, col) = end_position(valid);
            Err(Diagnostic::error("the file is not valid UTF-8 text")
                .in_file(shown)
                .at(line, col)
                .with_code("not-utf8")
                .with_hint("save the file with the UTF-8 encoding (most editors: \"Save with encoding\" → UTF-8)"))
        }
    }
}

/// [`String::from_utf8`], with valid text checked by SIMD (`simdutf8`):
/// the standard library's check reads Vietnamese text, where ASCII and
/// multi-byte letters alternate, a byte at a time, and was 4% of a build's
/// time. Invalid text goes through the standard check for its error.
#[allow(unsafe_code)]
fn utf8_string(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 has just checked that all of `bytes` is UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8(bytes)
    }
}

/// Opens a regular file for reading, without blocking and without opening
/// anything else: its type is checked before it is opened, and again on the
/// open file (it may have been replaced in between). `Ok(None)` when it does
/// not exist.
pub fn open_file(path: &Path, shown: &Path) -> Result<Option<(File, Metadata)>, Diagnostic> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return match std::fs::symlink_metadata(path) {
                Ok(_) => Err(Diagnostic::error(
                    "cannot read: it is a symbolic link to something that does not exist",
                )
                .in_file(shown)
                .with_code("unreadable")
                .with_hint("fix or remove the link")),
                Err(_) => Ok(None),
            };
        }
        Err(e) => return Err(cannot_read(shown, &e)),
    };
    if !meta.is_file() {
        return Err(special_file(shown, describe(meta.file_type())));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a FIFO swapped in after the check above must not wait for a writer.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| cannot_read(shown, &e))?;
    let meta = file.metadata().map_err(|e| cannot_read(shown, &e))?;
    if !meta.is_file() {
        return Err(special_file(shown, describe(meta.file_type())));
    }
    Ok(Some((file, meta)))
}

/// The folder at or above `real` (and inside `root`) that holds baihoc's
/// output marker or is one of its staging folders, if any.
fn output_folder_holding(root: &Path, real: &Path) -> Option<PathBuf> {
    let mut at = Some(real);
    while let Some(p) = at {
        if !p.starts_with(root) || p == root {
            break;
        }
        let staging = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(".baihoc-"));
        if staging || (p.is_dir() && p.join(crate::output::OUTPUT_MARKER).exists()) {
            return Some(p.to_path_buf());
        }
        at = p.parent();
    }
    None
}

fn describe(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    if kind.is_dir() {
        return "a folder";
    }
    "not a regular file"
}

fn special_file(shown: &Path, what: &str) -> Diagnostic {
    Diagnostic::error(format!("{} is {what}, not a file", shown.display()))
        .in_file(shown)
        .with_code("special-file")
        .with_hint("only ordinary files are read: remove it from the site folder")
}

fn too_large(shown: &Path, len: u64) -> Diagnostic {
    Diagnostic::error(format!(
        "the file is too large to read: {:.1} MB, where text files may have at most {} MB",
        len as f64 / 1_048_576.0,
        MAX_TEXT_BYTES / 1_048_576
    ))
    .in_file(shown)
    .with_code("too-large")
    .with_hint("split it into several lessons; large data belongs in a file beside the page (a PDF, a picture), linked from it")
}

fn too_deep_error(shown: &Path) -> Diagnostic {
    Diagnostic::error(format!(
        "folders nested more than {MAX_FOLDER_DEPTH} levels deep"
    ))
    .in_file(shown)
    .with_code("too-deep")
    .with_hint(format!(
        "a course needs a few levels (parts, sections, lessons): move this folder up; at most {MAX_FOLDER_DEPTH} are read"
    ))
}

fn cannot_read(shown: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot read file: {e}"))
        .in_file(shown)
        .with_code("unreadable")
        .with_hint("check that the file exists and that you may read it")
}

/// 1-based line and column (in characters) just after the end of `text`.
fn end_position(text: &str) -> (usize, usize) {
    let line_start = text.rfind('\n').map_or(0, |i| i + 1);
    (
        text.matches('\n').count() + 1,
        text[line_start..].chars().count() + 1,
    )
}

/// `/`-separated form of a relative path.
pub fn rel_string(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_error_position() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("x.md");
        std::fs::write(&path, b"---\ntitle: a\xff\n").unwrap();
        let d = read_text(&path, Path::new("content/x.md")).unwrap_err();
        assert_eq!((d.line, d.column), (Some(2), Some(9)));
        assert_eq!(d.file.as_deref(), Some(Path::new("content/x.md")));
        assert_eq!(
            read_text(&tmp.path().join("none"), Path::new("none")),
            Ok(None)
        );
    }

    #[test]
    fn text_is_read_in_composed_form() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("x.md");
        std::fs::write(&path, "Ba\u{300}i ho\u{323}c").unwrap();
        let text = read_text(&path, Path::new("x.md")).unwrap().unwrap();
        assert_eq!(text, "Bài học");
    }

    #[test]
    fn large_text_files_are_refused_without_reading_them() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("big.md");
        let file = File::create(&path).unwrap();
        file.set_len(MAX_TEXT_BYTES + 1).unwrap();
        let d = read_text(&path, Path::new("content/big.md")).unwrap_err();
        assert!(d.message.contains("too large"), "{d}");
        assert_eq!(d.code(), Some("too-large"));
    }

    #[test]
    fn ignored_names() {
        for name in [
            ".DS_Store",
            ".#bai.md",
            ".bai.md.swp",
            "bai.md~",
            "#bai.md#",
            "~$giao-an.docx",
            "Thumbs.db",
            "desktop.ini",
            "_config.yml",
            "__MACOSX",
        ] {
            assert!(is_ignored(name, &[]), "{name}");
        }
        for name in ["bai.md", "anh.png", "config.yml", "_index.md"] {
            assert!(!is_ignored(name, &[]), "{name}");
        }
        assert!(!is_ignored(".well-known", &[".well-known"]));
    }
}
