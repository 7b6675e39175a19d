//! The output folder's protection: which folder a build may replace at all,
//! where its real place is (`..` and symbolic links resolved before any
//! check), the lock and mark of a staging folder, the clean-up of staging
//! folders a killed build left behind, and the recovery of a previous output
//! that a crash left aside on a file system without atomic exchange.

use crate::content;
use crate::diagnostics::Diagnostic;
use std::fs::File;
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

/// The file at the root of every output folder that marks it as written by
/// baihoc: a build only ever replaces a folder that has it (or an empty one).
pub const OUTPUT_MARKER: &str = ".baihoc-output";
/// Prefix of the staging folder a build writes into, beside the output.
pub(crate) const STAGING_PREFIX: &str = ".baihoc-build-";
/// Prefix of the folder holding the previous output during a non-atomic swap.
pub(crate) const ASIDE_PREFIX: &str = ".baihoc-old-";
/// The lock held inside a staging folder while its build runs.
pub(crate) const STAGING_LOCK: &str = ".baihoc-staging";
/// Name of the previous output inside an aside folder.
pub(crate) const ASIDE_NAME: &str = "previous";

/// Folders of the site that a build reads: the output may not be inside one.
const INPUT_DIRS: &[&str] = &[
    content::CONTENT_DIR,
    "static",
    "templates",
    "themes",
    "i18n",
    "data",
];

/// The real absolute path of `path`: relative to the current folder, with
/// every existing part's symbolic links resolved and `.`/`..` applied after
/// that (so `nx/../v` is `v` only when `nx` is not a link elsewhere). The last
/// part is resolved too, unless it is itself a symbolic link.
pub fn real_path(path: &Path) -> std::io::Result<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let parts: Vec<Component<'_>> = abs.components().collect();
    let mut real = PathBuf::new();
    for (i, c) in parts.iter().enumerate() {
        match c {
            Component::Prefix(_) | Component::RootDir => real.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                real.pop();
            }
            Component::Normal(name) => {
                real.push(name);
                let last = i + 1 == parts.len();
                match std::fs::symlink_metadata(&real) {
                    Ok(m) if m.file_type().is_symlink() && last => {}
                    Ok(_) => real = real.canonicalize()?,
                    Err(_) => {}
                }
            }
        }
    }
    Ok(real)
}

/// Why a folder may not be replaced, if it may not.
fn replace_refusal(dest: &Path) -> Option<String> {
    if std::fs::symlink_metadata(dest).is_ok_and(|m| m.file_type().is_symlink()) {
        return Some("it is a symbolic link, and a build replaces the folder itself".into());
    }
    if dest.exists() && !dest.is_dir() {
        return Some("it exists and is not a folder".into());
    }
    if let Ok(mut entries) = std::fs::read_dir(dest)
        && entries.next().is_some()
        && !dest.join(OUTPUT_MARKER).is_file()
    {
        return Some(format!(
            "it is not empty and was not written by baihoc (it has no {OUTPUT_MARKER} file), so replacing it could destroy other files"
        ));
    }
    None
}

/// The error for an output folder that is refused.
pub(crate) fn refusal(out: &Path, why: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "refusing to write the site into {}: {why}",
        out.display()
    ))
    .with_hint("choose a new or empty folder for --out, such as public/")
}

/// Checks that the output folder `out` of the site at `root` may be
/// replaced, and returns its real path. Refused: a symbolic link, the site
/// folder or a folder holding it, anything inside the folders a build reads
/// (`content/`, `static/`, `templates/`, `themes/`, `i18n/`, `data/`), and any
/// non-empty folder that baihoc did not write (it has no [`OUTPUT_MARKER`]),
/// such as `.git`.
pub fn check_output(root: &Path, out: &Path) -> Result<PathBuf, Diagnostic> {
    let real_out = real_path(out).map_err(|e| refusal(out, &format!("cannot resolve it: {e}")))?;
    let real_root =
        real_path(root).map_err(|e| refusal(out, &format!("cannot resolve the site: {e}")))?;
    if real_out.parent().is_none() {
        return Err(refusal(out, "it is the root of the file system"));
    }
    if real_root.starts_with(&real_out) {
        return Err(refusal(out, "it holds the site's own files"));
    }
    for dir in INPUT_DIRS {
        if real_out.starts_with(real_root.join(dir)) {
            return Err(refusal(
                out,
                &format!("it is inside {dir}/, which the build reads"),
            ));
        }
    }
    if let Some(why) = replace_refusal(&real_out) {
        return Err(refusal(out, &why));
    }
    Ok(real_out)
}

/// Checks again, right before the swap, that the destination may be
/// replaced: it could have changed since the build started.
pub(crate) fn check_before_swap(dest: &Path) -> Result<(), Diagnostic> {
    match replace_refusal(dest) {
        Some(why) => Err(refusal(
            dest,
            &format!("{why} (it changed during the build)"),
        )),
        None => Ok(()),
    }
}

/// The lock of a running build's staging folder: held for the build's
/// lifetime, so another build can tell a live staging folder from one a
/// killed build left behind.
pub(crate) struct StagingLock {
    _file: File,
}

impl StagingLock {
    /// Creates and locks the mark inside a new staging folder.
    pub(crate) fn take(staging: &Path) -> std::io::Result<StagingLock> {
        let file = File::create(staging.join(STAGING_LOCK))?;
        file.try_lock().map_err(std::io::Error::other)?;
        Ok(StagingLock { _file: file })
    }
}

/// Removes the staging folders in `parent` that a killed build left behind:
/// marked as baihoc's (they hold the [`STAGING_LOCK`] file), made before
/// `started`, and not in use (nobody holds their lock). Returns how many.
pub(crate) fn remove_stale_staging(parent: &Path, started: SystemTime) -> usize {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(STAGING_PREFIX) {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_dir() || meta.modified().map_or(true, |m| m >= started) {
            continue;
        }
        let Ok(lock) = File::open(path.join(STAGING_LOCK)) else {
            continue; // not marked: not ours to remove
        };
        if lock.try_lock().is_ok() && std::fs::remove_dir_all(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Puts back a previous output that a crash left aside during a non-atomic
/// swap (rename away, rename in): when `dest` is missing and an aside folder
/// holds a marked output, it is renamed back to `dest`; when `dest` exists,
/// leftover aside folders holding marked outputs are removed. Returns true
/// when an output was restored.
pub(crate) fn recover_aside(dest: &Path) -> bool {
    let (Some(parent), Some(dest_name)) = (dest.parent(), dest.file_name()) else {
        return false;
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return false;
    };
    let prefix = format!("{ASIDE_PREFIX}{}-", dest_name.to_string_lossy());
    let mut restored = false;
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(&prefix) {
            continue;
        }
        let aside = entry.path().join(ASIDE_NAME);
        if !aside.join(OUTPUT_MARKER).is_file() {
            continue;
        }
        if !dest.exists() && std::fs::rename(&aside, dest).is_ok() {
            restored = true;
            let _ = std::fs::remove_dir(entry.path());
        } else if dest.exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    restored
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_paths_resolve_links_before_dot_dot() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path().canonicalize().unwrap();
        std::fs::create_dir_all(base.join("a/b")).unwrap();
        assert_eq!(real_path(&base.join("nx/../v")).unwrap(), base.join("v"));
        assert_eq!(
            real_path(&base.join("a/./b/../c")).unwrap(),
            base.join("a/c")
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("a/b"), base.join("l")).unwrap();
            // `l/..` is the link's real parent, a/, not the folder holding the link.
            assert_eq!(real_path(&base.join("l/../x")).unwrap(), base.join("a/x"));
            // The link itself is kept when it is the last part, so it can be refused.
            assert_eq!(real_path(&base.join("l")).unwrap(), base.join("l"));
        }
    }

    #[test]
    fn stale_staging_folders_are_removed_only_when_unlocked_and_marked() {
        let tmp = tempfile::tempdir().unwrap();
        let stale = tmp.path().join(format!("{STAGING_PREFIX}old"));
        let live = tmp.path().join(format!("{STAGING_PREFIX}live"));
        let foreign = tmp.path().join(format!("{STAGING_PREFIX}foreign"));
        for d in [&stale, &live, &foreign] {
            std::fs::create_dir_all(d).unwrap();
            std::fs::write(d.join("page.html"), "x").unwrap();
        }
        std::fs::write(stale.join(STAGING_LOCK), "").unwrap();
        let _held = StagingLock::take(&live).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let removed = remove_stale_staging(tmp.path(), SystemTime::now());
        assert_eq!(removed, 1);
        assert!(!stale.exists());
        assert!(
            live.join("page.html").exists(),
            "a running build's folder stays"
        );
        assert!(
            foreign.join("page.html").exists(),
            "an unmarked folder stays"
        );
    }

    #[test]
    fn an_output_left_aside_by_a_crash_is_restored() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let aside = tmp.path().join(format!("{ASIDE_PREFIX}public-x1"));
        std::fs::create_dir_all(aside.join(ASIDE_NAME)).unwrap();
        std::fs::write(aside.join(ASIDE_NAME).join(OUTPUT_MARKER), "").unwrap();
        std::fs::write(aside.join(ASIDE_NAME).join("index.html"), "old").unwrap();
        assert!(recover_aside(&dest));
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).unwrap(),
            "old"
        );
        assert!(!aside.exists());
    }

    #[test]
    fn the_destination_is_checked_again_right_before_the_swap() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        assert!(check_before_swap(&dest).is_ok(), "missing: fine");
        std::fs::create_dir(&dest).unwrap();
        assert!(check_before_swap(&dest).is_ok(), "empty: fine");
        // Someone put their own files there while the build ran.
        std::fs::write(dest.join("bai-tap.txt"), "của học sinh").unwrap();
        let e = check_before_swap(&dest).unwrap_err().to_string();
        assert!(
            e.contains("not written by baihoc") && e.contains("changed during the build"),
            "{e}"
        );
        std::fs::write(dest.join(OUTPUT_MARKER), "").unwrap();
        assert!(check_before_swap(&dest).is_ok(), "marked: fine");
    }
}
