//! `sitemap.xml`, listing every published document by absolute URL; only
//! when `base_url` is set (a sitemap needs absolute addresses).

use super::{Cx, Plan, Product, Sink, SiteFile};
use crate::diagnostics::Diagnostics;
use crate::resolve::encode_path;

/// The sitemap's output path.
pub const SITEMAP: &str = "sitemap.xml";

/// The sitemap product.
pub struct Sitemap;

impl Product for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }

    fn site_files(&self, plan: &Plan<'_>) -> Vec<SiteFile> {
        match plan.site.config.base_url {
            Some(_) => vec![SiteFile::generated(SITEMAP, "the sitemap")],
            None => Vec::new(),
        }
    }

    fn write_site(&self, cx: &Cx<'_>, out: &Sink<'_>) -> Diagnostics {
        let Some(base) = cx.site.config.base_url.as_deref() else {
            return Diagnostics::new();
        };
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (t, path) in cx.resolved.documents() {
            let front = &crate::render::document(cx.site, t).front;
            xml.push_str(&format!(
                "  <url><loc>{}/{}</loc>",
                crate::markdown::escape(base),
                encode_path(path)
            ));
            if let Some(d) = front.reviewed.or(front.date) {
                xml.push_str(&format!("<lastmod>{d}</lastmod>"));
            }
            xml.push_str("</url>\n");
        }
        xml.push_str("</urlset>\n");
        out.write(SITEMAP, xml.as_bytes())
            .err()
            .into_iter()
            .collect()
    }
}
