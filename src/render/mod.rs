//! Render: the stage that turns every published document, in parallel, into
//! a [`RenderedDoc`] kept in memory: its HTML body, table of contents,
//! heading ids, the `#anchors` its links ask for, and the problems found.
//! Every product (page, and those that come after it) reads these instead
//! of parsing Markdown again, and the cross-page checks run on them before
//! anything is written. Pure: reads nothing from disk and writes nothing.
//!
//! Its parts: [`links`] answers where a link leads, [`templates`] holds the
//! compiled Tera templates, [`context`] builds the views templates see.

pub mod context;
pub mod links;
pub mod templates;

use crate::content::{Document, Site};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, AnchorCheck, TocEntry};
use crate::resolve::{Resolved, Target};
use links::SiteLinks;
use rayon::prelude::*;

pub use templates::Renderer;

/// One document, rendered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderedDoc {
    /// The body as an HTML fragment.
    pub html: String,
    /// Headings of level 2 and 3, for "on this page".
    pub toc: Vec<TocEntry>,
    /// Every id on the page a link may point at.
    pub ids: Vec<String>,
    /// `#fragment`s of its links, checked once every document is rendered.
    pub anchors: Vec<AnchorCheck>,
    /// Problems found while rendering (broken links, missing images...).
    pub diagnostics: Vec<Diagnostic>,
    /// How the body divides: headings, rules, notes, slide-only and
    /// page-only parts, over `html` (for slides and print).
    pub outline: markdown::outline::Outline,
    /// Speaker notes, rendered: never on the page, in print or in search.
    pub notes: Vec<markdown::Notes>,
    /// Quizzes, parsed and checked: the page, the deck and the print view
    /// render them (the outline marks where each is in `html`).
    pub quizzes: Vec<crate::quiz::Quiz>,
}

impl From<markdown::Rendered> for RenderedDoc {
    fn from(mut r: markdown::Rendered) -> Self {
        // Kept for the whole build: no room reserved while writing it.
        r.html.shrink_to_fit();
        RenderedDoc {
            html: r.html,
            toc: r.toc,
            ids: r.ids,
            anchors: r.anchors,
            diagnostics: r.diagnostics,
            outline: r.outline,
            notes: r.notes,
            quizzes: r.quizzes,
        }
    }
}

/// Every published document, rendered, addressed by [`Target`].
#[derive(Debug, Clone, Default)]
pub struct RenderedSite {
    pages: Vec<Option<RenderedDoc>>,
    sections: Vec<Option<RenderedDoc>>,
}

impl RenderedSite {
    /// The rendered document, when it is published.
    pub fn get(&self, t: Target) -> Option<&RenderedDoc> {
        match t {
            Target::Page(p) => self.pages.get(p)?.as_ref(),
            Target::Section(s) => self.sections.get(s)?.as_ref(),
        }
    }

    /// Replaces one document's rendering (a partial re-render).
    pub fn set(&mut self, t: Target, doc: RenderedDoc) {
        let slot = match t {
            Target::Page(p) => &mut self.pages[p],
            Target::Section(s) => &mut self.sections[s],
        };
        *slot = Some(doc);
    }

    /// Every rendered document.
    pub fn iter(&self) -> impl Iterator<Item = (Target, &RenderedDoc)> {
        let sections = self
            .sections
            .iter()
            .enumerate()
            .filter_map(|(s, d)| Some((Target::Section(s), d.as_ref()?)));
        let pages = self
            .pages
            .iter()
            .enumerate()
            .filter_map(|(p, d)| Some((Target::Page(p), d.as_ref()?)));
        sections.chain(pages)
    }

    /// Every problem found while rendering.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.iter().flat_map(|(_, d)| d.diagnostics.iter())
    }
}

/// The document a target names.
pub fn document(site: &Site, t: Target) -> &Document {
    match t {
        Target::Page(p) => &site.pages[p].doc,
        Target::Section(s) => &site.sections[s].doc,
    }
}

/// Renders every published document, in parallel.
pub fn render_site(site: &Site, resolved: &Resolved, labels: &markdown::Labels) -> RenderedSite {
    let bodies: Vec<(Target, &str)> = resolved
        .documents()
        .map(|(t, _)| (t, document(site, t).body.as_str()))
        .collect();
    render_all(site, resolved, labels, bodies)
}

/// [`render_site`] of a site whose Markdown was taken out of it
/// ([`Site::take_bodies`]: pages' and sections' bodies by index): each body
/// is freed as soon as its document is rendered, so that the Markdown and
/// the rendered site are never all in memory at once (at 10,000 pages, 60 MB
/// of Markdown beside 90 MB of rendered documents).
pub(crate) fn render_site_taking(
    site: &Site,
    resolved: &Resolved,
    labels: &markdown::Labels,
    (mut pages, mut sections): (Vec<String>, Vec<String>),
) -> RenderedSite {
    let bodies: Vec<(Target, String)> = resolved
        .documents()
        .map(|(t, _)| {
            let body = match t {
                Target::Page(p) => pages.get_mut(p).map(std::mem::take),
                Target::Section(s) => sections.get_mut(s).map(std::mem::take),
            };
            (t, body.unwrap_or_default())
        })
        .collect();
    // The bodies of documents that are not published (drafts) go now.
    drop((pages, sections));
    render_all(site, resolved, labels, bodies)
}

/// Renders each (document, its Markdown) in parallel; an owned body is
/// dropped as soon as its document is rendered.
fn render_all<B: AsRef<str> + Send>(
    site: &Site,
    resolved: &Resolved,
    labels: &markdown::Labels,
    bodies: Vec<(Target, B)>,
) -> RenderedSite {
    let docs: Vec<(Target, RenderedDoc)> = bodies
        .into_par_iter()
        .with_max_len(crate::PAR_PIECE)
        .map(|(t, body)| {
            let doc = render_markdown(site, resolved, t, document(site, t), body.as_ref(), labels);
            (t, doc)
        })
        .collect();
    let mut rendered = RenderedSite {
        pages: vec![None; site.pages.len()],
        sections: vec![None; site.sections.len()],
    };
    for (t, doc) in docs {
        rendered.set(t, doc);
    }
    rendered
}

/// Renders one document's Markdown with its links resolved.
pub fn render_document(
    site: &Site,
    resolved: &Resolved,
    target: Target,
    labels: &markdown::Labels,
) -> RenderedDoc {
    render_body(site, resolved, target, document(site, target), labels)
}

/// Renders `doc`'s Markdown as the document `target` of the site (links
/// resolved from where `target` is published).
pub(crate) fn render_body(
    site: &Site,
    resolved: &Resolved,
    target: Target,
    doc: &Document,
    labels: &markdown::Labels,
) -> RenderedDoc {
    render_markdown(site, resolved, target, doc, &doc.body, labels)
}

/// [`render_body`] with the Markdown `body` of `doc` given apart.
fn render_markdown(
    site: &Site,
    resolved: &Resolved,
    target: Target,
    doc: &Document,
    body: &str,
    labels: &markdown::Labels,
) -> RenderedDoc {
    let links = SiteLinks {
        resolved,
        from_rel: &doc.rel,
        from_out: resolved.out_of(target),
        config: &site.config,
    };
    markdown::render(&markdown::Input {
        body,
        file: &doc.source,
        body_line: doc.body_line,
        labels,
        resolver: &links,
        title: Some(&doc.front.title),
    })
    .into()
}
