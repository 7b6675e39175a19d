//! Changes outside the Markdown, for the live preview: a theme file
//! (template, static file, interface strings) and a copied asset. Each
//! writes again only what such a change can alter and returns exactly the
//! files whose bytes changed, like [`Built::rerender`]; on an error the
//! last good build stays as it was.
//!
//! - A template (or a static file that keeps its name, or strings the
//!   Markdown does not use) re-runs the products over the documents already
//!   rendered: no Markdown is parsed again.
//! - A static file whose hashed name changes, or strings the Markdown writes
//!   (callout titles), changes links in every page and the declared files:
//!   the site is rebuilt in memory and compared.
//! - An asset beside the Markdown keeps its name: it is copied alone, and
//!   the products that list every file's revision (the service worker) run
//!   again.

use super::{Built, Changes};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::pipeline;
use crate::products::{Schedule, Selection};
use crate::render::Renderer;
use crate::theme::Theme;
use crate::{Failure, citations};
use std::collections::BTreeMap;

/// What a path under `content/` is in a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A Markdown document (published or not).
    Document,
    /// A file copied beside the pages.
    Asset,
    /// A section's folder.
    Folder,
}

impl Built {
    /// What `rel` (relative to `content/`) was when this build read the site.
    pub fn source_kind(&self, rel: &str) -> Option<SourceKind> {
        let site = &self.stages.prepared.site;
        if site.pages.iter().any(|p| p.doc.rel == rel)
            || site
                .sections
                .iter()
                .any(|s| s.has_index && s.doc.rel == rel)
        {
            Some(SourceKind::Document)
        } else if site.assets.iter().any(|a| a.rel == rel) {
            Some(SourceKind::Asset)
        } else if site.sections.iter().any(|s| s.dir == rel) {
            Some(SourceKind::Folder)
        } else {
            None
        }
    }

    /// The output files of the published document `rel` (relative to `content/`).
    pub fn outputs_of(&self, rel: &str) -> Vec<String> {
        let p = &self.stages.prepared;
        p.resolved
            .target_of(rel)
            .map(|t| {
                p.declarations
                    .of_document(t)
                    .map(|d| d.path.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Reloads the theme after one of its files (or the site's overrides in
    /// `templates/`, `static/`, `i18n/`) changed, and returns the files whose
    /// bytes changed.
    pub fn reload_theme(&mut self) -> Result<Changes, Failure> {
        let mut diags = Diagnostics::new();
        let p = &self.stages.prepared;
        let Some(theme) = Theme::load(&self.opts.root, &p.site.config, &mut diags) else {
            return Err(Failure::from(diags));
        };
        if theme.static_map() != p.theme.static_map() {
            // New hashed names: every page links to them, and Markdown may too.
            return self.rebuild();
        }
        let Some(renderer) = Renderer::new(&theme, &p.resolved.static_out, &mut diags) else {
            return Err(Failure::from(diags));
        };
        if renderer.labels != self.stages.renderer.labels {
            // Words the Markdown writes changed: every document renders anew.
            return self.rebuild();
        }
        let old_theme = std::mem::replace(&mut self.stages.prepared.theme, theme);
        let old_renderer = std::mem::replace(&mut self.stages.renderer, renderer);
        let all = Selection::all(&self.stages.prepared.products, &self.stages.documents());
        match self.write_again(&all, Output::memory(), diags, true) {
            Ok(changes) => Ok(changes),
            Err(failure) => {
                self.stages.prepared.theme = old_theme;
                self.stages.renderer = old_renderer;
                Err(failure)
            }
        }
    }

    /// Copies again the asset `rel` (relative to `content/`) whose bytes
    /// changed, and returns the files whose bytes changed. A new or deleted
    /// asset changes which links work: the site is rebuilt.
    pub fn recopy(&mut self, rel: &str) -> Result<Changes, Failure> {
        let p = &self.stages.prepared;
        let out = p.resolved.asset_out.get(rel).cloned();
        let from = p.site.assets.iter().find(|a| a.rel == rel).map(|a| &a.path);
        let (Some(out), Some(from)) = (out, from) else {
            return self.rebuild();
        };
        if !from.is_file() {
            return self.rebuild();
        }
        let output = Output::memory_with(self.revisions.clone());
        output.copy(&out, from).map_err(Failure::one)?;
        // Only the products that list other files' revisions read its bytes.
        let products = &p.products;
        let selection = Selection {
            documents: vec![Vec::new(); products.len()],
            site: products.iter().map(|x| x.after_all_others()).collect(),
        };
        self.write_again(&selection, output, Diagnostics::new(), false)
    }

    /// Runs the products for `selection` into `output`, checks the site as
    /// a re-render does, and when nothing is an error keeps the result.
    /// `complete` says that `output` holds every file of the site (so files
    /// missing from it were removed); otherwise it holds only changed ones.
    fn write_again(
        &mut self,
        selection: &Selection,
        output: Output,
        mut diags: Diagnostics,
        complete: bool,
    ) -> Result<Changes, Failure> {
        let today = pipeline::today(&self.opts)?;
        let p = &self.stages.prepared;
        // No document was rendered again: the anchors are those of the last
        // good build, all found. Warnings are reported again.
        diags.extend(self.stages.rendered.diagnostics().cloned());
        diags.extend(citations::check(&p.site, &p.resolved, today));
        if !diags.has_errors() {
            diags.extend(pipeline::write(&self.stages, &output, selection, Schedule::Beside).0);
        }
        let diags: Diagnostics = if self.opts.strict {
            diags.into_iter().map(Diagnostic::into_error).collect()
        } else {
            diags
        };
        if diags.has_errors() {
            return Err(Failure::from(diags));
        }
        let revisions = output.written();
        let files = output.into_files();
        let mut changes = Changes {
            warnings: diags.sorted(),
            ..Changes::default()
        };
        if complete {
            changes.removed = self
                .files
                .keys()
                .filter(|k| !files.contains_key(*k))
                .cloned()
                .collect();
        }
        for (path, bytes) in files {
            if self.files.get(&path) != Some(&bytes) {
                changes.written.push(path.clone());
                self.files.insert(path, bytes);
            }
        }
        for path in &changes.removed {
            self.files.remove(path);
        }
        self.revisions = if complete {
            revisions
        } else {
            let mut all: BTreeMap<String, u64> = self.revisions.clone();
            all.extend(revisions);
            all
        };
        self.summary.warnings = changes.warnings.clone();
        Ok(changes)
    }
}
