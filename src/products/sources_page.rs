//! The documents page (`can-cu.html`): every document in the sources
//! registry with its status, and the pages that cite it. Written only when
//! the site has a registry.

use super::{Cx, Plan, Product, Sink, SiteFile};
use crate::diagnostics::Diagnostics;
use crate::render::context::{LinkView, SourceView, standalone};
use crate::resolve::{Target, relative_url};
use crate::sources::Status;
use serde::Serialize;

/// The documents page's output path.
pub const SOURCES_PAGE: &str = "can-cu.html";

#[derive(Serialize)]
struct Cited {
    #[serde(flatten)]
    source: SourceView,
    cited_by: Vec<LinkView>,
}

/// The documents page product.
pub struct SourcesPage;

impl Product for SourcesPage {
    fn name(&self) -> &'static str {
        "documents page"
    }

    fn site_files(&self, plan: &Plan<'_>) -> Vec<SiteFile> {
        match plan.site.registry.is_present() {
            true => vec![SiteFile::generated(SOURCES_PAGE, "the documents page")],
            false => Vec::new(),
        }
    }

    fn template_links(&self, plan: &Plan<'_>) -> Vec<(&'static str, String)> {
        match plan.site.registry.is_present() {
            true => vec![("sources_url", SOURCES_PAGE.to_string())],
            false => Vec::new(),
        }
    }

    fn write_site(&self, cx: &Cx<'_>, out: &Sink<'_>) -> Diagnostics {
        let (site, resolved) = (cx.site, cx.resolved);
        if !site.registry.is_present() {
            return Diagnostics::new();
        }
        let mut sources: Vec<_> = site.registry.iter().collect();
        let rank = |s: Status| match s {
            Status::InForce => 0,
            Status::Replaced => 1,
            Status::Expired => 2,
        };
        // Laws first, news articles last; within a kind, in force first, newest first.
        let kind_rank = |k: Option<&str>| match k {
            Some("law") => 0,
            Some("decree") => 1,
            Some("decision") => 2,
            Some("directive") => 3,
            Some("circular") => 4,
            Some("article") => 6,
            _ => 5,
        };
        sources.sort_by_key(|s| {
            (
                kind_rank(s.kind.as_deref()),
                rank(s.status),
                std::cmp::Reverse(s.date),
                s.id.clone(),
            )
        });
        let cited: Vec<Cited> = sources
            .into_iter()
            .map(|s| Cited {
                source: SourceView::of(s, site),
                cited_by: resolved
                    .documents()
                    .filter_map(|(t, path)| {
                        let doc = crate::render::document(site, t);
                        doc.front
                            .sources
                            .iter()
                            .any(|(id, _)| *id == s.id)
                            .then(|| LinkView {
                                title: doc.front.title.clone(),
                                url: relative_url(SOURCES_PAGE, path),
                                description: None,
                                number: match t {
                                    Target::Page(p) => resolved.number(p),
                                    Target::Section(_) => None,
                                },
                            })
                    })
                    .collect(),
            })
            .collect();
        let title = cx.renderer.string("sources_page_title");
        let text = cx.renderer.string("sources_page_intro");
        let links = &cx.declarations.template_links;
        let mut ctx = standalone(site, "", SOURCES_PAGE, &title, &text, links);
        ctx.insert("documents", &cited);
        super::page_values(cx, None, SOURCES_PAGE, &mut ctx);
        cx.renderer
            .render("sources.html", ctx, None)
            .and_then(|html| out.write(SOURCES_PAGE, &html))
            .err()
            .into_iter()
            .collect()
    }
}
