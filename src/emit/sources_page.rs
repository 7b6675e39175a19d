//! The documents page (`can-cu.html`): every document in the sources
//! registry with its status, and the pages that cite it. Written only when
//! the site has a registry.

use super::Output;
use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::render::Renderer;
use crate::render::context::{LinkView, SourceView, standalone};
use crate::resolve::{Resolved, Target, relative_url};
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

/// Writes the documents page when the site has a registry.
pub fn emit(
    site: &Site,
    resolved: &Resolved,
    renderer: &Renderer,
    output: &Output,
) -> Result<bool, Diagnostic> {
    if !site.registry.is_present() {
        return Ok(false);
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
                .filter_map(|(t, out)| {
                    let doc = match t {
                        Target::Page(p) => &site.pages[p].doc,
                        Target::Section(sec) => &site.sections[sec].doc,
                    };
                    doc.front
                        .sources
                        .iter()
                        .any(|(id, _)| *id == s.id)
                        .then(|| LinkView {
                            title: doc.front.title.clone(),
                            url: relative_url(SOURCES_PAGE, out),
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
    let title = renderer.string("sources_page_title");
    let text = renderer.string("sources_page_intro");
    let mut ctx = standalone(site, "", SOURCES_PAGE, &title, &text);
    ctx.insert("documents", &cited);
    let html = renderer.render("sources.html", ctx, None)?;
    output.write(SOURCES_PAGE, &html)?;
    Ok(true)
}
