//! Output: the only place that writes the built site. A build writes into
//! a staging folder beside the destination, swapped in atomically only when
//! the whole build succeeded; `check` discards everything. This module also
//! decides which folders a build may replace at all.

use crate::content;
use crate::diagnostics::Diagnostic;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The file at the root of every output folder that marks it as written by
/// baihoc: a build only ever replaces a folder that has it (or an empty one).
pub const OUTPUT_MARKER: &str = ".baihoc-output";

/// Refuses an output folder whose replacement could lose someone's work: a
/// symbolic link, the site folder or a folder holding it, anything inside
/// `content/`, and any non-empty folder that baihoc did not write (it has no
/// [`OUTPUT_MARKER`]), such as `data/`, `static/` or `.git`.
pub fn refuse_dangerous_output(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let refuse = |why: String| {
        Err(Diagnostic::error(format!(
            "refusing to write the site into {}: {why}",
            out.display()
        ))
        .with_hint("choose a new or empty folder for --out, such as public/"))
    };
    if std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        return refuse("it is a symbolic link, and a build replaces the folder itself".into());
    }
    let canon = |p: &Path| -> PathBuf {
        // The output may not exist yet: canonicalize its nearest existing ancestor.
        let mut existing = p.to_path_buf();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.file_name(), existing.parent()) {
                (Some(name), Some(parent)) => {
                    rest.push(name.to_os_string());
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut c = existing.canonicalize().unwrap_or(existing);
        c.extend(rest.iter().rev());
        c
    };
    let (root_c, out_c) = (canon(root), canon(out));
    if root_c.starts_with(&out_c) {
        return refuse("it holds the site's own files".into());
    }
    if out_c.starts_with(root_c.join(content::CONTENT_DIR)) {
        return refuse("it is inside content/".into());
    }
    if let Ok(mut entries) = std::fs::read_dir(out)
        && entries.next().is_some()
        && !out.join(OUTPUT_MARKER).is_file()
    {
        return refuse(format!(
            "it is not empty and was not written by baihoc (it has no {} file), so replacing it could destroy other files",
            OUTPUT_MARKER
        ));
    }
    Ok(())
}

/// Where emitted files go.
pub enum Output {
    /// A staging folder, swapped in for `dest` by [`Output::commit`].
    Staging {
        /// The staging folder (deleted if the build fails).
        dir: tempfile::TempDir,
        /// The destination.
        dest: PathBuf,
        /// Folders already created.
        made: Mutex<HashSet<PathBuf>>,
        /// Every file written, with a hash of its bytes (the service worker's revisions).
        written: Mutex<Vec<(String, u64)>>,
    },
    /// `check`: everything is rendered, nothing is kept.
    Discard,
}

impl Output {
    /// A staging folder beside `dest`.
    pub fn staging(dest: &Path) -> Result<Output, Diagnostic> {
        let parent = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if dest.exists() && !dest.is_dir() {
            return Err(Diagnostic::error(format!(
                "the output path {} exists and is not a folder",
                dest.display()
            ))
            .with_hint("choose another --out, or remove that file"));
        }
        std::fs::create_dir_all(&parent).map_err(|e| write_error(&parent, e))?;
        let dir = tempfile::Builder::new()
            .prefix(".baihoc-build-")
            .tempdir_in(&parent)
            .map_err(|e| write_error(&parent, e))?;
        Ok(Output::Staging {
            dir,
            dest: dest.to_path_buf(),
            made: Mutex::new(HashSet::new()),
            written: Mutex::new(Vec::new()),
        })
    }

    fn path_for(&self, rel: &str) -> Option<PathBuf> {
        match self {
            Output::Staging { dir, made, .. } => {
                let path = dir.path().join(rel);
                if let Some(parent) = path.parent() {
                    let mut made = made.lock().unwrap_or_else(|e| e.into_inner());
                    if !made.contains(parent) {
                        // Errors surface on the write that follows.
                        let _ = std::fs::create_dir_all(parent);
                        made.insert(parent.to_path_buf());
                    }
                }
                Some(path)
            }
            Output::Discard => None,
        }
    }

    /// Writes `bytes` to `rel` (an output path).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let Some(path) = self.path_for(rel) else {
            return Ok(());
        };
        std::fs::write(&path, bytes).map_err(|e| write_error(Path::new(rel), e))?;
        self.record(rel, bytes);
        Ok(())
    }

    /// Copies the file at `from` to `rel`.
    pub fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        if matches!(self, Output::Discard) {
            return Ok(());
        }
        let bytes = std::fs::read(from).map_err(|e| {
            Diagnostic::error(format!("cannot copy {} to the output: {e}", from.display()))
                .with_hint("check that the file exists and that you may read it")
        })?;
        self.write(rel, &bytes)
    }

    fn record(&self, rel: &str, bytes: &[u8]) {
        if let Output::Staging { written, .. } = self {
            let hash = xxhash_rust::xxh3::xxh3_64(bytes);
            written
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((rel.to_string(), hash));
        }
    }

    /// Every file written so far with the hash of its bytes, sorted by path.
    pub fn written(&self) -> Vec<(String, u64)> {
        match self {
            Output::Staging { written, .. } => {
                let mut files = written.lock().unwrap_or_else(|e| e.into_inner()).clone();
                files.sort();
                files
            }
            Output::Discard => Vec::new(),
        }
    }

    /// Swaps the staging folder in for the destination. The previous output
    /// stays intact until this point, and is removed only after the swap.
    pub fn commit(self) -> Result<(), Diagnostic> {
        let Output::Staging { dir, dest, .. } = self else {
            return Ok(());
        };
        // Staging folders are created 0700; the site must be readable by a web server.
        set_mode_755(dir.path());
        if dest.exists() {
            if exchange(dir.path(), &dest).is_ok() {
                // `dir` now holds the previous output; delete it in parallel,
                // then dropping `dir` removes the emptied folder.
                remove_contents(dir.path());
                drop(dir);
                return Ok(());
            }
            // No atomic exchange on this file system: two renames, with the
            // previous output restored if the second fails.
            let parent = dir.path().parent().unwrap_or(Path::new(".")).to_path_buf();
            let old = tempfile::Builder::new()
                .prefix(".baihoc-old-")
                .tempdir_in(&parent)
                .map_err(|e| write_error(&parent, e))?;
            let old_path = old.path().join("previous");
            std::fs::rename(&dest, &old_path).map_err(|e| write_error(&dest, e))?;
            let staged = dir.keep();
            if let Err(e) = std::fs::rename(&staged, &dest) {
                let _ = std::fs::rename(&old_path, &dest);
                let _ = std::fs::remove_dir_all(&staged);
                return Err(write_error(&dest, e));
            }
            drop(old);
            Ok(())
        } else {
            let staged = dir.keep();
            std::fs::rename(&staged, &dest).map_err(|e| {
                let _ = std::fs::remove_dir_all(&staged);
                write_error(&dest, e)
            })
        }
    }
}

/// Deletes everything inside `dir`, its top-level entries in parallel.
fn remove_contents(dir: &Path) {
    use rayon::prelude::*;
    if let Ok(entries) = std::fs::read_dir(dir) {
        entries.flatten().par_bridge().for_each(|e| {
            let path = e.path();
            let _ = if e.file_type().is_ok_and(|t| t.is_dir()) {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
        });
    }
}

fn write_error(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot write {}: {e}", path.display()))
        .with_hint("check the free disk space and that you may write to the output folder")
}

#[cfg(unix)]
fn set_mode_755(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755));
}

#[cfg(not(unix))]
fn set_mode_755(_path: &Path) {}

/// Atomically exchanges two folders (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call;
    // AT_FDCWD makes relative paths resolve as std::fs::rename does.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_failed_builds_leave_the_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let out = Output::staging(&dest).unwrap();
        out.write("a/b.html", b"one").unwrap();
        out.commit().unwrap();
        assert_eq!(std::fs::read(dest.join("a/b.html")).unwrap(), b"one");

        // A build that never commits leaves the destination untouched and cleans up.
        let out = Output::staging(&dest).unwrap();
        out.write("a/b.html", b"two").unwrap();
        drop(out);
        assert_eq!(std::fs::read(dest.join("a/b.html")).unwrap(), b"one");

        let out = Output::staging(&dest).unwrap();
        out.write("c.html", b"three").unwrap();
        out.commit().unwrap();
        assert!(!dest.join("a/b.html").exists());
        assert_eq!(std::fs::read(dest.join("c.html")).unwrap(), b"three");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }
}
