//! Output: the only place that writes the built site, in one of three modes.
//! A build writes into a staging folder beside the destination that is
//! swapped in atomically only when the whole build succeeded ([`Output::staging`]);
//! tests and the live preview keep every file in memory ([`Output::memory`]);
//! `check` discards everything ([`Output::discard`]). Every mode records the
//! hash of each file written, which the service worker uses as revisions.
//! [`folder`] decides which folder a build may replace at all.

pub mod folder;

use crate::diagnostics::Diagnostic;
use folder::{ASIDE_NAME, ASIDE_PREFIX, STAGING_LOCK, STAGING_PREFIX, StagingLock};
use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

pub use folder::{OUTPUT_MARKER, check_output};

/// How long a staging folder must have been left alone before another build
/// may remove it (a folder being created this instant is not yet locked).
const STALE_AFTER: Duration = Duration::from_secs(2);

/// Where the build's files go.
pub struct Output {
    mode: Mode,
    /// Every file written, with a hash of its bytes.
    written: Mutex<BTreeMap<String, u64>>,
}

enum Mode {
    Staging {
        /// The staging folder (deleted if the build fails).
        dir: tempfile::TempDir,
        /// The destination, a real path checked by [`check_output`].
        dest: PathBuf,
        /// Folders already created.
        made: Mutex<HashSet<PathBuf>>,
        /// Held while the build runs.
        lock: StagingLock,
    },
    Memory {
        files: Mutex<BTreeMap<String, Vec<u8>>>,
    },
    Discard,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Output {
    /// A staging folder beside `dest` (a real path, see [`check_output`]).
    /// First puts back a previous output that a crash left aside, and removes
    /// the staging folders that killed builds left behind.
    pub fn staging(dest: &Path) -> Result<Output, Diagnostic> {
        let parent = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        folder::recover_aside(dest);
        if dest.exists() && !dest.is_dir() {
            return Err(Diagnostic::error(format!(
                "the output path {} exists and is not a folder",
                dest.display()
            ))
            .with_hint("choose another --out, or remove that file"));
        }
        std::fs::create_dir_all(&parent).map_err(|e| write_error(&parent, e))?;
        let started = SystemTime::now();
        folder::remove_stale_staging(&parent, started - STALE_AFTER);
        let dir = tempfile::Builder::new()
            .prefix(STAGING_PREFIX)
            .tempdir_in(&parent)
            .map_err(|e| write_error(&parent, e))?;
        let lock = StagingLock::take(dir.path()).map_err(|e| write_error(dir.path(), e))?;
        std::fs::write(
            dir.path().join(OUTPUT_MARKER),
            b"This folder is written by baihoc: each build replaces all of it.\n",
        )
        .map_err(|e| write_error(dir.path(), e))?;
        Ok(Output {
            mode: Mode::Staging {
                dir,
                dest: dest.to_path_buf(),
                made: Mutex::new(HashSet::new()),
                lock,
            },
            written: Mutex::new(BTreeMap::new()),
        })
    }

    /// Keeps every file in memory (tests, the live preview).
    pub fn memory() -> Output {
        Output {
            mode: Mode::Memory {
                files: Mutex::new(BTreeMap::new()),
            },
            written: Mutex::new(BTreeMap::new()),
        }
    }

    /// Keeps every file in memory, starting from the revisions of an
    /// earlier build (a partial re-render writes only some files again).
    pub fn memory_with(revisions: BTreeMap<String, u64>) -> Output {
        Output {
            written: Mutex::new(revisions),
            ..Output::memory()
        }
    }

    /// Keeps nothing (`check`).
    pub fn discard() -> Output {
        Output {
            mode: Mode::Discard,
            written: Mutex::new(BTreeMap::new()),
        }
    }

    /// Where `rel` goes in the staging folder, its folder created.
    fn staged_path(dir: &Path, made: &Mutex<HashSet<PathBuf>>, rel: &str) -> PathBuf {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            let mut made = lock(made);
            if !made.contains(parent) {
                // Errors surface on the write that follows.
                let _ = std::fs::create_dir_all(parent);
                made.insert(parent.to_path_buf());
            }
        }
        path
    }

    /// Writes `bytes` to `rel` (an output path).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        match &self.mode {
            Mode::Staging { dir, made, .. } => {
                let path = Self::staged_path(dir.path(), made, rel);
                std::fs::write(&path, bytes).map_err(|e| write_error(Path::new(rel), e))?;
            }
            Mode::Memory { files } => {
                lock(files).insert(rel.to_string(), bytes.to_vec());
            }
            Mode::Discard => {}
        }
        lock(&self.written).insert(rel.to_string(), xxhash_rust::xxh3::xxh3_64(bytes));
        Ok(())
    }

    /// Copies the file at `from` to `rel`, as a stream: a large file never
    /// sits in memory. Returns the bytes placed (none when discarding).
    pub fn copy(&self, rel: &str, from: &Path) -> Result<u64, Diagnostic> {
        let read_error = |e: std::io::Error| {
            Diagnostic::error(format!("cannot copy {} to the output: {e}", from.display()))
                .with_hint("check that the file exists and that you may read it")
        };
        let (hash, len) = match &self.mode {
            Mode::Staging { dir, made, .. } => {
                let path = Self::staged_path(dir.path(), made, rel);
                copy_hashed(from, &path).map_err(|e| match e {
                    CopyError::Read(e) => read_error(e),
                    CopyError::Write(e) => write_error(Path::new(rel), e),
                })?
            }
            Mode::Memory { files } => {
                let bytes = std::fs::read(from).map_err(read_error)?;
                let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
                let len = bytes.len() as u64;
                lock(files).insert(rel.to_string(), bytes);
                (hash, len)
            }
            Mode::Discard => return Ok(0),
        };
        lock(&self.written).insert(rel.to_string(), hash);
        Ok(len)
    }

    /// Puts the file at `from` at `rel` without reading it where the output
    /// allows: a staging folder gets a hard link (a copy across file
    /// systems), memory reads the bytes, discard does nothing. `revision`
    /// stands for the bytes, as a hash would (a cache key): the same bytes
    /// must always come with the same revision. Returns the bytes placed
    /// (none when discarding).
    pub fn link(&self, rel: &str, from: &Path, revision: u64) -> Result<u64, Diagnostic> {
        let read_error = |e: std::io::Error| {
            Diagnostic::error(format!("cannot copy {} to the output: {e}", from.display()))
                .with_hint("check that the file exists and that you may read it")
        };
        let len = match &self.mode {
            Mode::Staging { dir, made, .. } => {
                let path = Self::staged_path(dir.path(), made, rel);
                if std::fs::hard_link(from, &path).is_ok() {
                    std::fs::metadata(&path).map_or(0, |m| m.len())
                } else {
                    std::fs::copy(from, &path).map_err(|e| match from.exists() {
                        true => write_error(Path::new(rel), e),
                        false => read_error(e),
                    })?
                }
            }
            Mode::Memory { files } => {
                let bytes = std::fs::read(from).map_err(read_error)?;
                let len = bytes.len() as u64;
                lock(files).insert(rel.to_string(), bytes);
                len
            }
            Mode::Discard => return Ok(0),
        };
        lock(&self.written).insert(rel.to_string(), revision);
        Ok(len)
    }

    /// Every file written so far with the hash of its bytes, by path.
    pub fn written(&self) -> BTreeMap<String, u64> {
        lock(&self.written).clone()
    }

    /// False for [`Output::discard`].
    pub fn keeps_files(&self) -> bool {
        !matches!(self.mode, Mode::Discard)
    }

    /// The files kept in memory (empty for the other modes).
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        match self.mode {
            Mode::Memory { files } => files.into_inner().unwrap_or_else(|e| e.into_inner()),
            _ => BTreeMap::new(),
        }
    }

    /// Swaps the staging folder in for the destination (nothing to do for
    /// the other modes). The destination is checked once more right before:
    /// it must still be a folder baihoc wrote, or empty, or missing. The
    /// previous output stays intact until this point, and is removed only
    /// after the swap.
    pub fn commit(self) -> Result<(), Diagnostic> {
        let Mode::Staging {
            dir, dest, lock, ..
        } = self.mode
        else {
            return Ok(());
        };
        folder::check_before_swap(&dest)?;
        // Staging folders are created 0700; the site must be readable by a web server.
        set_mode_755(dir.path());
        // The lock's mark is not part of the site; the lock itself is held until the end.
        let _ = std::fs::remove_file(dir.path().join(STAGING_LOCK));
        let result = swap(dir, &dest, exchange);
        drop(lock);
        result
    }
}

/// Moves the staging folder `dir` to `dest`, atomically where the file
/// system can exchange two folders; otherwise the previous output is first
/// renamed aside (where the next build finds and restores it after a crash).
fn swap(
    dir: tempfile::TempDir,
    dest: &Path,
    exchange: fn(&Path, &Path) -> std::io::Result<()>,
) -> Result<(), Diagnostic> {
    if !dest.exists() {
        let staged = dir.keep();
        return std::fs::rename(&staged, dest).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staged);
            write_error(dest, e)
        });
    }
    if exchange(dir.path(), dest).is_ok() {
        // `dir` now holds the previous output; delete it in parallel,
        // then dropping `dir` removes the emptied folder.
        remove_contents(dir.path());
        drop(dir);
        return Ok(());
    }
    // No atomic exchange on this file system (vfat, exFAT, some NFS): two
    // renames, with the previous output restored if the second fails.
    let parent = dir.path().parent().unwrap_or(Path::new(".")).to_path_buf();
    let dest_name = dest.file_name().unwrap_or_default().to_string_lossy();
    let aside = tempfile::Builder::new()
        .prefix(&format!("{ASIDE_PREFIX}{dest_name}-"))
        .tempdir_in(&parent)
        .map_err(|e| write_error(&parent, e))?;
    let old_path = aside.path().join(ASIDE_NAME);
    std::fs::rename(dest, &old_path).map_err(|e| write_error(dest, e))?;
    let staged = dir.keep();
    if let Err(e) = std::fs::rename(&staged, dest) {
        let _ = std::fs::rename(&old_path, dest);
        let _ = std::fs::remove_dir_all(&staged);
        return Err(write_error(dest, e));
    }
    drop(aside);
    Ok(())
}

enum CopyError {
    Read(std::io::Error),
    Write(std::io::Error),
}

/// Copies `from` to `to` in chunks, returning the xxh3 hash of the bytes.
fn copy_hashed(from: &Path, to: &Path) -> Result<(u64, u64), CopyError> {
    let mut src = std::fs::File::open(from).map_err(CopyError::Read)?;
    let mut dst = std::fs::File::create(to).map_err(CopyError::Write)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut len = 0u64;
    loop {
        let n = match src.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(CopyError::Read(e)),
        };
        hasher.update(&buf[..n]);
        dst.write_all(&buf[..n]).map_err(CopyError::Write)?;
        len += n as u64;
    }
    Ok((hasher.digest(), len))
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

    #[test]
    fn without_atomic_exchange_the_previous_output_is_set_aside_then_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let out = Output::staging(&dest).unwrap();
        out.write("a.html", b"one").unwrap();
        out.commit().unwrap();
        let out = Output::staging(&dest).unwrap();
        out.write("b.html", b"two").unwrap();
        let Mode::Staging { dir, .. } = out.mode else {
            unreachable!()
        };
        let no_exchange = |_: &Path, _: &Path| Err(std::io::Error::other("unsupported"));
        swap(dir, &dest, no_exchange).unwrap();
        assert_eq!(std::fs::read(dest.join("b.html")).unwrap(), b"two");
        assert!(!dest.join("a.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn linked_files_have_the_given_revision_in_every_mode() {
        let tmp = tempfile::tempdir().unwrap();
        let cached = tmp.path().join("card.png");
        std::fs::write(&cached, b"png").unwrap();
        let dest = tmp.path().join("public");
        let out = Output::staging(&dest).unwrap();
        out.link("share/a.png", &cached, 7).unwrap();
        assert_eq!(out.written()["share/a.png"], 7);
        out.commit().unwrap();
        assert_eq!(std::fs::read(dest.join("share/a.png")).unwrap(), b"png");
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let a = std::fs::metadata(&cached).unwrap();
            let b = std::fs::metadata(dest.join("share/a.png")).unwrap();
            assert_eq!(
                (a.dev(), a.ino()),
                (b.dev(), b.ino()),
                "a hard link, not a copy"
            );
        }
        let memory = Output::memory();
        memory.link("share/a.png", &cached, 7).unwrap();
        assert_eq!(memory.written()["share/a.png"], 7);
        assert_eq!(memory.into_files()["share/a.png"], b"png");
        let discard = Output::discard();
        discard.link("share/a.png", &cached, 7).unwrap();
        let missing = Output::memory().link("x.png", &tmp.path().join("nope"), 1);
        assert!(missing.unwrap_err().message.contains("cannot copy"));
    }

    #[test]
    fn memory_output_keeps_files_and_revisions() {
        let out = Output::memory();
        out.write("a/b.html", b"x").unwrap();
        let revisions = out.written();
        assert_eq!(revisions["a/b.html"], xxhash_rust::xxh3::xxh3_64(b"x"));
        assert_eq!(out.into_files()["a/b.html"], b"x");
    }
}
