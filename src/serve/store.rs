//! Where served files come from: the preview's files in memory (the
//! in-memory build, with the live-reload script in each HTML page), or a
//! built output folder on disk (sharing). Both answer a checked
//! [`SitePath`] with a file, a redirect (a folder asked for without its
//! trailing slash), or nothing. Neither ever lists a folder.
//!
//! The folder store serves only regular files whose real path (all
//! symbolic links followed) is inside the folder and has no hidden
//! component: a link that leads outside, or to a dot-file, is not found.

use super::paths::SitePath;
use bytes::Bytes;
use headers::ETag;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::RwLock;

/// One file in memory, ready to serve.
#[derive(Clone)]
pub(crate) struct Entry {
    pub(crate) bytes: Bytes,
    pub(crate) etag: ETag,
}

impl Entry {
    pub(crate) fn new(bytes: Bytes) -> Entry {
        let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
        Entry {
            bytes,
            etag: etag(&format!("{hash:016x}")),
        }
    }
}

/// A strong entity tag with this opaque text (made of hex digits and `-`).
pub(crate) fn etag(text: &str) -> ETag {
    format!("\"{text}\"")
        .parse()
        .unwrap_or_else(|_| "\"0\"".parse().expect("a valid entity tag"))
}

/// The bytes of a file found.
pub(crate) enum Body {
    /// In memory.
    Bytes(Bytes),
    /// On disk, `len` bytes long.
    File(tokio::fs::File, u64),
}

/// A file found for a request.
pub(crate) struct Found {
    /// Its output path (for its content type and caching).
    pub(crate) rel: String,
    pub(crate) body: Body,
    pub(crate) etag: ETag,
}

impl Found {
    pub(crate) fn len(&self) -> u64 {
        match &self.body {
            Body::Bytes(b) => b.len() as u64,
            Body::File(_, len) => *len,
        }
    }
}

/// What a store answers.
pub(crate) enum Lookup {
    Found(Found),
    /// A folder asked for without its `/`: redirect to this path.
    Folder(String),
    NotFound,
}

/// The preview's files: output path → bytes.
#[derive(Default)]
pub(crate) struct MemoryStore {
    files: RwLock<HashMap<String, Entry>>,
}

fn read_lock<T>(l: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(|e| e.into_inner())
}

fn write_lock<T>(l: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(|e| e.into_inner())
}

impl MemoryStore {
    /// Puts files in (or replaces them).
    pub(crate) fn insert(&self, entries: Vec<(String, Entry)>) {
        let mut files = write_lock(&self.files);
        files.extend(entries);
    }

    /// Takes files out.
    pub(crate) fn remove<'a>(&self, paths: impl IntoIterator<Item = &'a String>) {
        let mut files = write_lock(&self.files);
        for p in paths {
            files.remove(p);
        }
    }

    /// True when the path is served.
    pub(crate) fn contains(&self, rel: &str) -> bool {
        read_lock(&self.files).contains_key(rel)
    }

    fn get(&self, rel: &str) -> Option<Entry> {
        read_lock(&self.files).get(rel).cloned()
    }

    pub(crate) fn lookup(&self, path: &SitePath) -> Lookup {
        let found = |rel: String, e: Entry| {
            Lookup::Found(Found {
                rel,
                body: Body::Bytes(e.bytes),
                etag: e.etag,
            })
        };
        if path.folder {
            let index = path.index();
            return match self.get(&index) {
                Some(e) => found(index, e),
                None => Lookup::NotFound,
            };
        }
        if let Some(e) = self.get(&path.rel) {
            return found(path.rel.clone(), e);
        }
        if self.contains(&path.index()) {
            return Lookup::Folder(folder_url(&path.rel));
        }
        Lookup::NotFound
    }
}

/// A built output folder on disk, read-only.
pub(crate) struct FolderStore {
    /// The folder's real path (no symbolic link in it).
    root: PathBuf,
}

impl FolderStore {
    /// `root` must exist; it is resolved to its real path once.
    pub(crate) fn new(root: &Path) -> std::io::Result<FolderStore> {
        Ok(FolderStore {
            root: std::fs::canonicalize(root)?,
        })
    }

    /// The real path of `rel` when it is a file or folder inside the root
    /// reached through no hidden name, following links.
    async fn inside(&self, rel: &str) -> Option<(PathBuf, std::fs::Metadata)> {
        let real = tokio::fs::canonicalize(self.root.join(rel)).await.ok()?;
        let under = real.strip_prefix(&self.root).ok()?;
        let hidden = under
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        if hidden {
            return None;
        }
        let meta = tokio::fs::metadata(&real).await.ok()?;
        Some((real, meta))
    }

    async fn file(&self, rel: String) -> Option<Found> {
        let (real, meta) = self.inside(&rel).await?;
        if !meta.is_file() {
            return None;
        }
        let file = tokio::fs::File::open(&real).await.ok()?;
        // Size, modification time and inode change whenever a build writes
        // the file again (as nginx does it).
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let tag = format!("{:x}-{modified:x}-{:x}", meta.len(), inode(&meta));
        Some(Found {
            rel,
            body: Body::File(file, meta.len()),
            etag: etag(&tag),
        })
    }

    pub(crate) async fn lookup(&self, path: &SitePath) -> Lookup {
        if path.folder {
            return match self.file(path.index()).await {
                Some(f) => Lookup::Found(f),
                None => Lookup::NotFound,
            };
        }
        match self.inside(&path.rel).await {
            Some((_, meta)) if meta.is_file() => match self.file(path.rel.clone()).await {
                Some(f) => Lookup::Found(f),
                None => Lookup::NotFound,
            },
            Some((_, meta)) if meta.is_dir() => {
                if self.file(path.index()).await.is_some() {
                    Lookup::Folder(folder_url(&path.rel))
                } else {
                    Lookup::NotFound
                }
            }
            _ => Lookup::NotFound,
        }
    }
}

/// The address of a folder, encoded, with its trailing slash.
fn folder_url(rel: &str) -> String {
    format!("/{}/", crate::resolve::encode_path(rel))
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_meta: &std::fs::Metadata) -> u64 {
    0
}
