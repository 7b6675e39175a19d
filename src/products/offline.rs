//! `offline.html`: the page the service worker shows for an address that is
//! not stored on the phone while it is offline.

use super::{Cx, Plan, Product, Sink, SiteFile};
use crate::diagnostics::Diagnostics;
use crate::render::context::standalone;

/// The offline page's output path.
pub const OFFLINE_PAGE: &str = "offline.html";

/// The offline page product.
pub struct Offline;

impl Product for Offline {
    fn name(&self) -> &'static str {
        "offline page"
    }

    fn site_files(&self, _plan: &Plan<'_>) -> Vec<SiteFile> {
        vec![SiteFile::generated(OFFLINE_PAGE, "the offline page")]
    }

    fn write_site(&self, cx: &Cx<'_>, out: &Sink<'_>) -> Diagnostics {
        let title = cx.renderer.string("offline_title");
        let text = cx.renderer.string("offline_text");
        let links = &cx.declarations.template_links;
        let ctx = standalone(cx.site, "", OFFLINE_PAGE, &title, &text, links);
        cx.renderer
            .render(OFFLINE_PAGE, ctx, None)
            .and_then(|html| out.write(OFFLINE_PAGE, &html))
            .err()
            .into_iter()
            .collect()
    }

    fn depends_on_documents(&self) -> bool {
        false
    }
}
