//! Search: an index of every published page, built from the rendered site
//! (titles, descriptions, headings and text by heading; never speaker notes
//! or slide-only parts), and the search page `tim-kiem.html`.
//!
//! The reader's browser does the searching, offline and from file://: the
//! theme's `static/js/search.js` loads the index with a `<script>` element
//! (not `fetch`, which file:// refuses) the first time the search box is
//! used, so reading a page never pays for it. Words are folded the same way
//! on both sides ([`crate::text::fold`], [`tokens`]): "kich hoat", "kích
//! hoạt" and "KÍCH HOẠT" are the same words; the exact forms are kept too,
//! so that a query typed with diacritics ranks exact matches first. Ranking
//! happens in the browser (search.js): every word must occur in the page,
//! the last one as a prefix; title, then headings, then description, then
//! text; words next to each other in the query's order rank higher.
//!
//! The parts: [`extract`] (a page's text by heading), [`tokens`] (words),
//! [`index`] (postings), [`script`] (the files). The index files are
//! declared like every other file, so the service worker stores them and
//! `baihoc list` names them; their number depends only on the number of
//! documents ([`script::Layout`]).

pub mod extract;
pub mod index;
pub mod script;
pub mod tokens;

use super::{Cx, Plan, Product, Sink, SiteFile};
use crate::diagnostics::Diagnostics;
use crate::render::context::standalone;
use crate::resolve::{Target, encode_path};
use index::Doc;
use script::{INDEX_FILE, Layout};

/// The search page's output path.
pub const SEARCH_PAGE: &str = "tim-kiem.html";

/// The product's name (`build --timings`, `outputs:` in site.yaml).
pub const NAME: &str = "search";

/// The search product.
pub struct Search;

/// The published documents in the index's order: lessons in reading order
/// (a tie between two pages goes to the one read first), then the home page
/// and the section pages.
pub fn documents(plan: &Plan<'_>) -> Vec<Target> {
    let mut docs: Vec<Target> = plan.resolved.documents().map(|(t, _)| t).collect();
    let key = |t: &Target| match *t {
        Target::Page(p) => (0, plan.resolved.number(p).unwrap_or(usize::MAX), p),
        Target::Section(s) => (1, 0, s),
    };
    docs.sort_by_key(key);
    docs
}

impl Product for Search {
    fn name(&self) -> &'static str {
        NAME
    }

    fn what(&self) -> &'static str {
        "search index"
    }

    fn site_files(&self, plan: &Plan<'_>) -> Vec<SiteFile> {
        let layout = Layout::for_documents(plan.resolved.documents().count());
        let mut files = vec![SiteFile::generated(SEARCH_PAGE, "the search page")];
        files.extend(
            layout
                .paths()
                .into_iter()
                .map(|p| SiteFile::generated(p, "the search index")),
        );
        files
    }

    fn template_links(&self, _plan: &Plan<'_>) -> Vec<(&'static str, String)> {
        vec![
            ("search_url", SEARCH_PAGE.to_string()),
            ("search_index_url", INDEX_FILE.to_string()),
        ]
    }

    fn site_waits_for_documents(&self) -> bool {
        // It reads the rendered documents, not the files written from them.
        false
    }

    fn write_site(&self, cx: &Cx<'_>, out: &Sink<'_>) -> Diagnostics {
        let plan = Plan {
            site: cx.site,
            resolved: cx.resolved,
            theme: cx.theme,
        };
        let targets = documents(&plan);
        let doc = |i: usize| {
            let t = targets[i];
            let doc = crate::render::document(cx.site, t);
            Doc {
                url: encode_path(cx.resolved.out_of(t)),
                title: doc.front.title.clone(),
                number: match t {
                    Target::Page(p) => cx.resolved.number(p).unwrap_or(0),
                    Target::Section(_) => 0,
                },
                section: match t {
                    Target::Page(p) => {
                        let s = cx.site.pages[p].section;
                        match cx.site.sections[s].parent {
                            Some(_) => cx.site.sections[s].doc.front.title.clone(),
                            None => String::new(),
                        }
                    }
                    Target::Section(_) => String::new(),
                },
                description: doc.front.description.clone().unwrap_or_default(),
                parts: cx.rendered.get(t).map(extract::parts).unwrap_or_default(),
            }
        };
        let write = |path: &str, text: String| out.write(path, text.as_bytes());
        let mut diags: Diagnostics = script::write_index(targets.len(), doc, write)
            .into_iter()
            .collect();
        let title = cx.renderer.string("search_title");
        let text = cx.renderer.string("search_needs_js");
        let links = &cx.declarations.template_links;
        let ctx = standalone(cx.site, "", SEARCH_PAGE, &title, &text, links);
        if let Err(e) = cx
            .renderer
            .render("search.html", ctx, None)
            .and_then(|html| out.write(SEARCH_PAGE, &html))
        {
            diags.push(e);
        }
        diags
    }
}
