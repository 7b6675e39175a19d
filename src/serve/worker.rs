//! The preview's worker: one thread that owns the in-memory build, takes
//! each batch of changes from the watcher, applies it ([`Plan`]), puts the
//! files that changed into the served memory, and tells the open tabs
//! (reload, or the errors to show over the last good page). It prints the
//! same in the terminal.
//!
//! A change that fails stays pending and is tried again, merged with the
//! next one, so the errors shown are those of the files on disk until they
//! are fixed. A deleted document stops being served even while the links
//! to it are errors: its pages would be a lie.

use super::live::{Live, PREVIEW_SERVICE_WORKER, inject};
use super::store::{Entry, MemoryStore};
use super::watch::{self, Plan, TICK, Watcher};
use crate::diagnostics::Diagnostic;
use crate::products::service_worker::SERVICE_WORKER;
use crate::{BuildOptions, Built, Changes, Failure};
use bytes::Bytes;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::Instant;

/// The worker's state.
pub(crate) struct Worker {
    pub(crate) root: PathBuf,
    pub(crate) opts: BuildOptions,
    pub(crate) built: Option<Built>,
    pub(crate) store: Arc<MemoryStore>,
    pub(crate) live: Arc<Live>,
    /// Changes not applied yet (they failed).
    pending: Plan,
    /// Output paths of deleted documents taken out of the served memory
    /// while the rebuild that removes them fails.
    withdrawn: BTreeSet<String>,
    /// Warnings already printed.
    warned: Vec<Diagnostic>,
}

/// The served form of an output file: HTML pages get the live-reload
/// script; the service worker is replaced by one that removes itself.
pub(crate) fn entry(path: &str, bytes: &[u8]) -> Entry {
    let served = if path.ends_with(".html") {
        inject(bytes)
    } else if path == SERVICE_WORKER {
        PREVIEW_SERVICE_WORKER.as_bytes().to_vec()
    } else {
        bytes.to_vec()
    };
    Entry::new(Bytes::from(served))
}

/// Every file of a build, in served form.
pub(crate) fn entries(built: &Built) -> Vec<(String, Entry)> {
    use rayon::prelude::*;
    let files: Vec<(&String, &Vec<u8>)> = built.files().iter().collect();
    files
        .par_iter()
        .map(|(p, b)| ((*p).clone(), entry(p, b)))
        .collect()
}

impl Worker {
    pub(crate) fn new(
        root: PathBuf,
        opts: BuildOptions,
        built: Option<Built>,
        store: Arc<MemoryStore>,
        live: Arc<Live>,
    ) -> Worker {
        let warned = built
            .as_ref()
            .map(|b| b.summary().warnings.clone())
            .unwrap_or_default();
        let pending = Plan {
            full: built.is_none(),
            ..Plan::default()
        };
        Worker {
            root,
            opts,
            built,
            store,
            live,
            pending,
            withdrawn: BTreeSet::new(),
            warned,
        }
    }

    /// Takes batches until the watcher stops.
    pub(crate) fn run(mut self, rx: &Receiver<Vec<PathBuf>>, mut watcher: Watcher) {
        while let Ok(mut paths) = rx.recv() {
            // A burst can reach us over a few looks of the debouncer: gather it.
            while let Ok(more) = rx.recv_timeout(TICK * 2) {
                paths.extend(more);
            }
            let started = Instant::now();
            let plan = watch::classify(&self.root, &paths, self.built.as_ref());
            for folder in &plan.new_folders {
                if let Err(e) = watch::watch_folder(&mut watcher, &self.root, folder) {
                    eprintln!("warning: cannot watch {folder}/: {e}");
                }
            }
            if plan.is_empty() {
                continue;
            }
            self.pending.merge(plan);
            self.apply(started);
        }
    }

    /// Applies what is pending, publishes it, and reports.
    fn apply(&mut self, started: Instant) {
        let was_failing = self.live.is_failing();
        let plan = std::mem::take(&mut self.pending);
        let mut acc = Outcome::default();
        match self.built.as_mut() {
            None => match crate::build_in_memory(&self.opts) {
                Ok(b) => {
                    acc.changes.written = b.files().keys().cloned().collect();
                    acc.changes.warnings = b.summary().warnings.clone();
                    self.built = Some(b);
                }
                Err(f) => acc.record(Err(f), |l| l.full = true),
            },
            Some(built) if plan.full => acc.record(built.rebuild(), |l| {
                l.full = true;
                l.deleted.clone_from(&plan.deleted);
            }),
            Some(built) => {
                if plan.theme {
                    acc.record(built.reload_theme(), |l| l.theme = true);
                }
                for rel in &plan.pages {
                    acc.record(built.rerender(rel), |l| {
                        l.pages.insert(rel.clone());
                    });
                }
                for rel in &plan.assets {
                    acc.record(built.recopy(rel), |l| {
                        l.assets.insert(rel.clone());
                    });
                }
            }
        }
        let Outcome {
            changes,
            failures,
            mut left,
        } = acc;
        self.publish(&changes, &left);
        self.report(&plan, &changes, &failures, started.elapsed(), was_failing);
        left.why = plan.why;
        self.pending = left;
    }

    /// Puts the changed files into the served memory; withdraws the pages of
    /// deleted documents while their removal fails.
    fn publish(&mut self, changes: &Changes, left: &Plan) {
        let Some(built) = &self.built else {
            return;
        };
        let files = built.files();
        let entries: Vec<(String, Entry)> = changes
            .written
            .iter()
            .filter_map(|p| files.get(p).map(|b| (p.clone(), entry(p, b))))
            .collect();
        self.store.insert(entries);
        self.store.remove(&changes.removed);
        if left.full && !left.deleted.is_empty() {
            for rel in &left.deleted {
                let outputs = built.outputs_of(rel);
                self.store.remove(&outputs);
                self.withdrawn.extend(outputs);
            }
        } else {
            let back: Vec<(String, Entry)> = std::mem::take(&mut self.withdrawn)
                .into_iter()
                .filter_map(|p| files.get(&p).map(|b| (p.clone(), entry(&p, b))))
                .collect();
            self.store.insert(back);
        }
    }

    /// Tells the tabs and the terminal.
    fn report(
        &mut self,
        plan: &Plan,
        changes: &Changes,
        failures: &[Diagnostic],
        elapsed: std::time::Duration,
        was_failing: bool,
    ) {
        let ms = elapsed.as_secs_f64() * 1000.0;
        let why = describe(&plan.why);
        let mut paths = changes.paths();
        paths.dedup();
        if !paths.is_empty() || (failures.is_empty() && was_failing) {
            self.live.reload(paths.clone());
        }
        if failures.is_empty() {
            let new: Vec<&Diagnostic> = changes
                .warnings
                .iter()
                .filter(|w| !self.warned.contains(w))
                .collect();
            for w in &new {
                eprintln!("{w}");
            }
            self.warned.clone_from(&changes.warnings);
            if paths.is_empty() {
                println!("{why}: no page changed ({ms:.0} ms)");
            } else {
                let n = paths.len();
                let files = if n == 1 { "file" } else { "files" };
                let fixed = if was_failing {
                    " The site builds again."
                } else {
                    ""
                };
                println!("{why}: {n} {files} changed in {ms:.0} ms, reloading.{fixed}");
            }
            return;
        }
        for d in failures {
            eprintln!("{d}");
        }
        let errors = failures.iter().filter(|d| d.is_error()).count();
        let s = if errors == 1 { "" } else { "s" };
        eprintln!(
            "{why}: {errors} error{s} ({ms:.0} ms); the preview keeps the last good pages until the file is fixed."
        );
        self.live.failed(failures.to_vec());
    }
}

/// What applying a plan gave.
#[derive(Default)]
struct Outcome {
    changes: Changes,
    failures: Vec<Diagnostic>,
    /// What failed, to try again with the next change.
    left: Plan,
}

impl Outcome {
    fn record(&mut self, result: Result<Changes, Failure>, retry: impl FnOnce(&mut Plan)) {
        match result {
            Ok(c) => {
                self.changes.written.extend(c.written);
                self.changes.removed.extend(c.removed);
                self.changes.warnings = c.warnings;
            }
            Err(f) => {
                self.failures.extend(f.diagnostics);
                retry(&mut self.left);
            }
        }
    }
}

/// "content/a.md", "content/a.md and 2 more".
fn describe(why: &BTreeSet<String>) -> String {
    let mut it = why.iter();
    match (it.next(), why.len()) {
        (None, _) => "change".to_string(),
        (Some(first), 1) => first.clone(),
        (Some(first), n) => format!("{first} and {} more", n - 1),
    }
}

/// The site root as the watcher reports paths: its real path.
pub(crate) fn real_root(root: &Path) -> PathBuf {
    std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf())
}
