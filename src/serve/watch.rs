//! Watching the site folder: `notify` with its full debouncer over
//! `content/`, `site.yaml`, `data/`, `templates/`, `themes/`, `static/` and
//! `i18n/` (never the output folder), and what a batch of changed paths
//! means for the in-memory build ([`Plan`]): re-render edited Markdown, copy
//! an edited asset, reload the theme, or rebuild (a file or folder added,
//! deleted or renamed, `site.yaml`, `data/`). Editor leftovers (hidden
//! files, `~` backups, swap files) and paths that came and went within a
//! burst mean nothing.

use crate::{Built, SourceKind};
use notify::RecursiveMode;
use notify::event::{AccessKind, AccessMode, EventKind};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How long a path must stay quiet before its change is reported: an
/// editor's write-temp-then-rename is over well within it.
const DEBOUNCE: Duration = Duration::from_millis(15);
/// How often the debouncer looks; a burst reported over several looks is
/// gathered again by the worker.
pub(crate) const TICK: Duration = Duration::from_millis(5);

/// Folders under the site root that are watched, with everything below them.
pub(crate) const WATCHED_FOLDERS: [&str; 6] =
    ["content", "data", "templates", "themes", "static", "i18n"];

/// The watcher; dropping it stops watching.
pub(crate) type Watcher = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// Starts watching `root` (a real path); each debounced batch of changed
/// paths is sent to `tx`.
pub(crate) fn start(root: &Path, tx: Sender<Vec<PathBuf>>) -> notify::Result<Watcher> {
    let mut debouncer =
        new_debouncer(
            DEBOUNCE,
            Some(TICK),
            move |res: DebounceEventResult| match res {
                Ok(events) => {
                    let paths: Vec<PathBuf> = events
                        .into_iter()
                        .filter(|e| changes_something(&e.event.kind))
                        .flat_map(|e| e.event.paths.clone())
                        .collect();
                    if !paths.is_empty() {
                        let _ = tx.send(paths);
                    }
                }
                Err(errors) => {
                    for e in errors {
                        eprintln!("warning: watching for changes: {e}");
                    }
                }
            },
        )?;
    // The root itself, not below: site.yaml, and folders that appear later.
    debouncer.watch(root, RecursiveMode::NonRecursive)?;
    for folder in WATCHED_FOLDERS {
        watch_folder(&mut debouncer, root, folder)?;
    }
    Ok(debouncer)
}

/// False for reads (a build opening files must not look like a change).
fn changes_something(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Watches `root/folder` and everything in it, when it exists.
pub(crate) fn watch_folder(w: &mut Watcher, root: &Path, folder: &str) -> notify::Result<()> {
    let dir = root.join(folder);
    if dir.is_dir() {
        w.watch(&dir, RecursiveMode::Recursive)?;
    }
    Ok(())
}

/// What a batch of changes asks of the build.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Build everything again (in memory).
    pub(crate) full: bool,
    /// Reload the theme and re-run the products.
    pub(crate) theme: bool,
    /// Markdown files to re-render (relative to `content/`).
    pub(crate) pages: BTreeSet<String>,
    /// Assets to copy again (relative to `content/`).
    pub(crate) assets: BTreeSet<String>,
    /// Documents deleted (relative to `content/`).
    pub(crate) deleted: BTreeSet<String>,
    /// The changed paths, relative to the root, for the terminal.
    pub(crate) why: BTreeSet<String>,
    /// Watched folders that appeared at the root.
    pub(crate) new_folders: BTreeSet<String>,
}

impl Plan {
    pub(crate) fn is_empty(&self) -> bool {
        !self.full && !self.theme && self.pages.is_empty() && self.assets.is_empty()
    }

    pub(crate) fn merge(&mut self, other: Plan) {
        self.full |= other.full;
        self.theme |= other.theme;
        self.pages.extend(other.pages);
        self.assets.extend(other.assets);
        self.deleted.extend(other.deleted);
        self.why.extend(other.why);
        self.new_folders.extend(other.new_folders);
    }
}

/// Editor leftovers and hidden files, which a build skips too.
fn ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
}

/// What the changed `paths` (absolute, under the real path `root`) ask of
/// `built` (`None` when no build has succeeded yet).
pub(crate) fn classify(root: &Path, paths: &[PathBuf], built: Option<&Built>) -> Plan {
    let mut plan = Plan::default();
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let parts: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        let Some(top) = parts.first() else {
            continue;
        };
        if parts.iter().any(|p| ignored(p)) {
            continue;
        }
        let mut matters = match top.as_str() {
            "site.yaml" | "data" => {
                plan.full = true;
                true
            }
            "content" => content_change(&mut plan, path, &parts[1..].join("/"), built),
            "templates" | "themes" | "static" | "i18n" => {
                plan.theme = true;
                true
            }
            _ => continue,
        };
        if parts.len() == 1 && top != "site.yaml" && path.is_dir() {
            plan.new_folders.insert(top.clone());
            if top == "content" {
                plan.full = true;
                matters = true;
            }
        }
        if matters {
            plan.why.insert(parts.join("/"));
        }
    }
    if built.is_none() && !plan.is_empty() {
        plan.full = true;
    }
    plan
}

/// Adds what a change under `content/` asks; false when it means nothing.
fn content_change(plan: &mut Plan, path: &Path, rel: &str, built: Option<&Built>) -> bool {
    if rel.is_empty() {
        return false;
    }
    let Some(built) = built else {
        plan.full = true;
        return true;
    };
    match std::fs::metadata(path) {
        // A folder added or renamed here; one already known changes through its files.
        Ok(meta) if meta.is_dir() => {
            if built.source_kind(rel) == Some(SourceKind::Folder) {
                return false;
            }
            plan.full = true;
        }
        Ok(_) if rel.ends_with(".md") => {
            plan.pages.insert(rel.to_string());
        }
        Ok(_) if built.source_kind(rel) == Some(SourceKind::Asset) => {
            plan.assets.insert(rel.to_string());
        }
        Ok(_) => plan.full = true,
        // Gone: it matters only if the build knew it.
        Err(_) => match built.source_kind(rel) {
            Some(SourceKind::Document) => {
                plan.full = true;
                plan.deleted.insert(rel.to_string());
            }
            Some(_) => plan.full = true,
            None => return false,
        },
    }
    true
}
