//! Partial re-render: an in-memory build ([`Built`]) that takes one changed
//! document and writes again only the files that can change: the document's
//! own files, the files of the documents that show its title, number or
//! order (section lists, previous/next, breadcrumbs, the home outline), the
//! files of documents that show its body (a section's print view), and the
//! site files that depend on documents. It returns exactly the files whose
//! bytes changed. A change that moves outputs (a new, deleted or renamed
//! document, a changed `slug:` or `draft:`) rebuilds everything in memory
//! and compares.
//!
//! Changes outside the Markdown (templates, static files, assets) are
//! [`reload`]'s.
//!
//! Documents are named by their Markdown path relative to `content/`
//! (`an-toan/nhan-biet-lua-dao.md`): that name is stable across edits,
//! whatever the order of the site's internal lists.

mod reload;

pub use reload::SourceKind;

use crate::content::{Document, reload_document};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::pipeline::{self, Stages};
use crate::products::{Schedule, Selection};
use crate::render::context::shown_by;
use crate::resolve::{self, ResolveOptions, Resolved, Target};
use crate::{BuildOptions, Failure, Summary, check, citations, render};
use std::collections::{BTreeMap, BTreeSet};

/// What a re-render changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Output files written with new bytes, or new files.
    pub written: Vec<String>,
    /// Output files that no longer exist.
    pub removed: Vec<String>,
    /// Every warning of the site now.
    pub warnings: Vec<Diagnostic>,
    /// True when the whole site was built again (a new file, or a change
    /// that moves outputs), not just the changed document re-rendered.
    pub rebuilt_all: bool,
}

impl Changes {
    /// Every changed path, written or removed, sorted.
    pub fn paths(&self) -> Vec<String> {
        let mut all: Vec<String> = self.written.iter().chain(&self.removed).cloned().collect();
        all.sort();
        all
    }
}

/// A finished build kept in memory: every output file's bytes, and the
/// stages that made them, ready for partial re-renders.
pub struct Built {
    opts: BuildOptions,
    summary: Summary,
    stages: Stages,
    files: BTreeMap<String, Vec<u8>>,
    revisions: BTreeMap<String, u64>,
}

impl Built {
    pub(crate) fn new(
        opts: BuildOptions,
        summary: Summary,
        stages: Stages,
        output: Output,
    ) -> Built {
        let revisions = output.written();
        Built {
            opts,
            summary,
            stages,
            files: output.into_files(),
            revisions,
        }
    }

    /// Every output file, by output path.
    pub fn files(&self) -> &BTreeMap<String, Vec<u8>> {
        &self.files
    }

    /// What the last full build reported.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// The documents (by Markdown path relative to `content/`) whose files
    /// show the title, number or order of the document `rel`.
    pub fn shown_by(&self, rel: &str) -> Vec<String> {
        let p = &self.stages.prepared;
        let Some(t) = p.resolved.target_of(rel) else {
            return Vec::new();
        };
        let mut rels: Vec<String> = shown_by(&p.site, &p.resolved, t)
            .into_iter()
            .filter(|&o| o != t)
            .map(|o| render::document(&p.site, o).rel.clone())
            .collect();
        rels.sort();
        rels.dedup();
        rels
    }

    /// Builds everything again in memory and returns what changed.
    pub fn rebuild(&mut self) -> Result<Changes, Failure> {
        let fresh = crate::build_in_memory(&self.opts)?;
        let mut changes = Changes {
            warnings: fresh.summary.warnings.clone(),
            rebuilt_all: true,
            ..Changes::default()
        };
        for (path, bytes) in &fresh.files {
            if self.files.get(path) != Some(bytes) {
                changes.written.push(path.clone());
            }
        }
        for path in self.files.keys() {
            if !fresh.files.contains_key(path) {
                changes.removed.push(path.clone());
            }
        }
        *self = fresh;
        Ok(changes)
    }

    /// Re-renders the document whose Markdown file `rel` (relative to
    /// `content/`) changed on disk, and returns the output files whose bytes
    /// changed. On an error nothing changes: the last good build stays.
    pub fn rerender(&mut self, rel: &str) -> Result<Changes, Failure> {
        let p = &self.stages.prepared;
        let Some(t) = p.resolved.target_of(rel) else {
            // A new file, or one that was not published: outputs move.
            return self.rebuild();
        };
        let (doc, load_diags) = reload_document(&self.opts.root, rel);
        let Some(doc) = doc else {
            return Err(Failure::from(load_diags));
        };
        let old = render::document(&p.site, t);
        if moves_outputs(old, &doc) {
            return self.rebuild();
        }
        let shows_changed = old.front.title != doc.front.title
            || old.front.description != doc.front.description
            || old.front.weight != doc.front.weight;
        // Order is by weight, then title: a new title moves a document only
        // when its weight does not set it apart from its siblings.
        let order_may_change = old.front.weight != doc.front.weight
            || (old.front.title != doc.front.title && !weight_sets_apart(p, t, doc.front.weight));
        let old_doc = self.replace(t, doc);
        match self.rerender_in_place(t, shows_changed, order_may_change, load_diags) {
            Ok(changes) => Ok(changes),
            Err((failure, old_resolved)) => {
                self.replace(t, old_doc);
                if let Some(r) = old_resolved {
                    self.stages.prepared.resolved = *r;
                }
                Err(failure)
            }
        }
    }

    fn replace(&mut self, t: Target, doc: Document) -> Document {
        let site = &mut self.stages.prepared.site;
        let slot = match t {
            Target::Page(p) => &mut site.pages[p].doc,
            Target::Section(s) => &mut site.sections[s].doc,
        };
        std::mem::replace(slot, doc)
    }

    /// The re-render itself, with the new document in place. On failure,
    /// returns the previous `Resolved` when it was replaced, for the caller
    /// to restore.
    fn rerender_in_place(
        &mut self,
        t: Target,
        shows_changed: bool,
        order_may_change: bool,
        load_diags: Diagnostics,
    ) -> Result<Changes, (Failure, Option<Box<Resolved>>)> {
        let today = pipeline::today(&self.opts).map_err(|f| (f, None))?;
        let mut diags = load_diags;
        let p = &mut self.stages.prepared;
        // A new title or weight may reorder the section and renumber lessons.
        let old_resolved = if order_may_change {
            let mut fresh = resolve::resolve(
                &p.site,
                p.theme.static_map(),
                &ResolveOptions {
                    include_drafts: self.opts.drafts,
                },
                &mut diags,
            );
            fresh.generated = std::mem::take(&mut p.resolved.generated);
            Some(Box::new(std::mem::replace(&mut p.resolved, fresh)))
        } else {
            None
        };
        let p = &self.stages.prepared;
        let doc = render::render_document(&p.site, &p.resolved, t, &self.stages.renderer.labels);
        let previous = self.stages.rendered.get(t).cloned();
        self.stages.rendered.set(t, doc);
        let p = &self.stages.prepared;
        diags.extend(self.stages.rendered.diagnostics().cloned());
        // The last good build had every anchor: only links from or into `t` can break.
        let ids_changed = previous
            .as_ref()
            .is_none_or(|old| self.stages.rendered.get(t).map(|new| &new.ids) != Some(&old.ids));
        diags.extend(check::anchors_touching(
            &self.stages.rendered,
            &p.resolved,
            t,
            ids_changed,
        ));
        diags.extend(citations::check(&p.site, &p.resolved, today));
        let fail = |diags: Diagnostics, stages: &mut Stages, old: Option<Box<Resolved>>| {
            if let Some(prev) = previous.clone() {
                stages.rendered.set(t, prev);
            }
            Err((Failure::from(diags), old))
        };
        if diags.has_errors() {
            return fail(diags, &mut self.stages, old_resolved);
        }
        let selection = self.affected(t, shows_changed, old_resolved.as_deref());
        let output = Output::memory_with(self.revisions.clone());
        diags.extend(pipeline::write(&self.stages, &output, &selection, Schedule::Beside).0);
        let diags: Diagnostics = if self.opts.strict {
            diags.into_iter().map(Diagnostic::into_error).collect()
        } else {
            diags
        };
        if diags.has_errors() {
            return fail(diags, &mut self.stages, old_resolved);
        }
        self.revisions = output.written();
        let mut changes = Changes {
            warnings: diags
                .sorted()
                .into_iter()
                .filter(|d| !d.is_note())
                .collect(),
            ..Changes::default()
        };
        for (path, bytes) in output.into_files() {
            if self.files.get(&path) != Some(&bytes) {
                changes.written.push(path.clone());
                self.files.insert(path, bytes);
            }
        }
        self.summary.warnings = changes.warnings.clone();
        Ok(changes)
    }

    /// What to write again after `t` changed: per product, `t` itself, the
    /// documents showing its title or order (when those changed), every
    /// document whose number or neighbours changed with the documents
    /// showing them, and the documents that show `t`'s body in that product.
    fn affected(&self, t: Target, shows_changed: bool, old: Option<&Resolved>) -> Selection {
        let p = &self.stages.prepared;
        let mut docs: BTreeSet<Target> = BTreeSet::from([t]);
        if shows_changed {
            docs.extend(shown_by(&p.site, &p.resolved, t));
        }
        if let Some(old) = old {
            for (d, _) in p.resolved.documents() {
                if let Target::Page(page) = d
                    && (old.number(page) != p.resolved.number(page)
                        || old.prev_next(page) != p.resolved.prev_next(page))
                {
                    docs.insert(d);
                    docs.extend(shown_by(&p.site, &p.resolved, d));
                    // Every lesson of a reordered section lists the others.
                    let s = p.site.pages[page].section;
                    docs.extend(p.resolved.section_pages[s].iter().map(|&q| Target::Page(q)));
                }
            }
        }
        let plan = p.plan();
        let documents = p
            .products
            .iter()
            .map(|product| {
                let mut mine = docs.clone();
                mine.extend(product.shows_body_of(&plan, t));
                mine.into_iter().collect()
            })
            .collect();
        let site = p
            .products
            .iter()
            .map(|product| product.depends_on_documents())
            .collect();
        Selection { documents, site }
    }
}

/// True when `weight` alone places `t` among its published siblings (no
/// sibling has the same weight), so that its title cannot change the order.
fn weight_sets_apart(p: &pipeline::Prepared, t: Target, weight: Option<i64>) -> bool {
    let Some(w) = weight else {
        return false;
    };
    let same = |d: &Document| d.front.weight == Some(w);
    match t {
        Target::Page(page) => {
            let s = p.site.pages[page].section;
            p.resolved.section_pages[s]
                .iter()
                .all(|&q| q == page || !same(&p.site.pages[q].doc))
        }
        Target::Section(s) => match p.site.sections[s].parent {
            None => true,
            Some(parent) => p.resolved.section_subs[parent]
                .iter()
                .all(|&c| c == s || !same(&p.site.sections[c].doc)),
        },
    }
}

/// True when an edit changes where files are written (or whether they are:
/// `slides: false` takes a lesson's slide deck away).
fn moves_outputs(old: &Document, new: &Document) -> bool {
    use crate::content::front_matter::Slides;
    old.front.slug != new.front.slug
        || old.front.draft != new.front.draft
        || old.front.layout != new.front.layout
        || (old.front.slides == Slides::Off) != (new.front.slides == Slides::Off)
}
