//! `404.html`: the page a web server shows for a missing address. It can be
//! served at any depth, so its links are absolute; it is written only when
//! `base_url` is set.

use super::{Cx, Plan, Product, Sink, SiteFile};
use crate::diagnostics::Diagnostics;
use crate::render::context::standalone;

/// The 404 page's output path.
pub const NOT_FOUND: &str = "404.html";

/// The 404 page product.
pub struct NotFound;

impl Product for NotFound {
    fn name(&self) -> &'static str {
        "404 page"
    }

    fn site_files(&self, plan: &Plan<'_>) -> Vec<SiteFile> {
        match plan.site.config.base_url {
            Some(_) => vec![SiteFile::generated(NOT_FOUND, "the 404 page")],
            None => Vec::new(),
        }
    }

    fn write_site(&self, cx: &Cx<'_>, out: &Sink<'_>) -> Diagnostics {
        let Some(base) = cx.site.config.base_url.as_deref() else {
            return Diagnostics::new();
        };
        let title = cx.renderer.string("not_found_title");
        let text = cx.renderer.string("not_found_text");
        let links = &cx.declarations.template_links;
        let ctx = standalone(
            cx.site,
            &format!("{base}/"),
            NOT_FOUND,
            &title,
            &text,
            links,
        );
        cx.renderer
            .render(NOT_FOUND, ctx, None)
            .and_then(|html| out.write(NOT_FOUND, &html))
            .err()
            .into_iter()
            .collect()
    }

    fn depends_on_documents(&self) -> bool {
        false
    }
}
