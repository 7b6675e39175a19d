//! The folder where drawn cards are kept between builds,
//! `.baihoc-cache/share-cards/` in the site folder: outside the output, so
//! it survives `public/` being replaced. A card is stored under its key (a
//! hash of everything it shows, its layout and its font), so a rebuild
//! draws only the cards whose key is new. Files are written whole (a
//! temporary file renamed into place): a killed build never leaves half a
//! card to be reused. Only files named like a key are ever removed.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The cache folder, relative to the site folder.
pub const CACHE_DIR: &str = ".baihoc-cache";
/// The cards' folder inside it.
const CARDS_DIR: &str = "share-cards";

/// The standard mark of a cache folder: backup tools skip it.
const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This file marks a cache folder made by baihoc (share cards drawn by\n\
# earlier builds). Deleting the folder is safe: the next build draws again.\n";

/// The cards' folder of one site.
pub(crate) struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// Opens (creating) the cards' folder of the site at `root`. Refused
    /// when `.baihoc-cache` is a symbolic link: what a build puts in the
    /// output is read from the site folder only.
    pub(crate) fn open(root: &Path) -> Result<Cache, String> {
        let top = root.join(CACHE_DIR);
        for dir in [&top, &top.join(CARDS_DIR)] {
            match std::fs::symlink_metadata(dir) {
                Ok(m) if m.file_type().is_symlink() => {
                    return Err(format!("{} is a symbolic link", dir.display()));
                }
                Ok(m) if !m.is_dir() => {
                    return Err(format!("{} is not a folder", dir.display()));
                }
                Ok(_) => {}
                Err(_) => std::fs::create_dir(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?,
            }
        }
        let tag = top.join("CACHEDIR.TAG");
        if !tag.exists() {
            let _ = std::fs::write(&tag, CACHEDIR_TAG);
        }
        Ok(Cache {
            dir: top.join(CARDS_DIR),
        })
    }

    /// The folder, for messages.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the card of `key` is (or would be) kept.
    pub(crate) fn path(&self, key: u128) -> PathBuf {
        self.dir.join(file_name(key))
    }

    /// True when the card of `key` is kept.
    #[cfg(test)]
    pub(crate) fn has(&self, key: u128) -> bool {
        self.path(key).is_file()
    }

    /// Keeps `bytes` as the card of `key`, whole or not at all.
    pub(crate) fn store(&self, key: u128, bytes: &[u8]) -> Result<PathBuf, String> {
        let path = self.path(key);
        let error = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
        let mut tmp = tempfile::Builder::new()
            .prefix(".tmp-")
            .tempfile_in(&self.dir)
            .map_err(error)?;
        tmp.write_all(bytes).map_err(error)?;
        // A card anyone may read, like the rest of the site once linked into it.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = tmp
                .as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644));
        }
        tmp.persist(&path).map_err(|e| error(e.error))?;
        Ok(path)
    }

    /// Removes the cards whose key is not in `used`, and temporary files a
    /// killed build left. Returns how many cards were removed.
    pub(crate) fn keep_only(&self, used: &HashSet<u128>) -> usize {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return 0;
        };
        let mut removed = 0;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let stale = match key_of(name) {
                Some(key) => !used.contains(&key),
                None => name.starts_with(".tmp-") && is_old(&entry.path()),
            };
            if stale && std::fs::remove_file(entry.path()).is_ok() {
                removed += usize::from(key_of(name).is_some());
            }
        }
        removed
    }
}

/// `<32 hex digits>.png`.
fn file_name(key: u128) -> String {
    format!("{key:032x}.png")
}

/// The key of a card's file name; `None` for any other name.
fn key_of(name: &str) -> Option<u128> {
    let hex = name.strip_suffix(".png")?;
    if hex.len() != 32 || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    u128::from_str_radix(hex, 16).ok()
}

/// A temporary file older than an hour: no build still writes it.
fn is_old(path: &Path) -> bool {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() > 3600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_finds_and_prunes_only_its_own_files() {
        let site = tempfile::tempdir().unwrap();
        let cache = Cache::open(site.path()).unwrap();
        assert!(site.path().join(".baihoc-cache/CACHEDIR.TAG").is_file());
        assert!(!cache.has(1));
        let p = cache.store(1, b"one").unwrap();
        cache.store(2, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        assert!(cache.has(1) && cache.has(2));
        let mine = cache.dir().join("notes.txt");
        std::fs::write(&mine, "not a card").unwrap();
        assert_eq!(cache.keep_only(&HashSet::from([2])), 1);
        assert!(!cache.has(1) && cache.has(2));
        assert!(mine.exists(), "a file baihoc did not write stays");
        assert_eq!(key_of(&file_name(u128::MAX)), Some(u128::MAX));
        assert_eq!(key_of("0123.png"), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_not_used_as_the_cache() {
        let site = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), site.path().join(CACHE_DIR)).unwrap();
        let e = Cache::open(site.path()).err().unwrap();
        assert!(e.contains("symbolic link"), "{e}");
    }
}
