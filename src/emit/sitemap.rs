//! `sitemap.xml`, listing every published document by absolute URL; only
//! when `base_url` is set (a sitemap needs absolute addresses).

use super::Output;
use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::resolve::{Resolved, Target, encode_path};

/// The sitemap's output path.
pub const SITEMAP: &str = "sitemap.xml";

/// Writes the sitemap when the site has a `base_url`.
pub fn emit(site: &Site, resolved: &Resolved, output: &Output) -> Result<bool, Diagnostic> {
    let Some(base) = site.config.base_url.as_deref() else {
        return Ok(false);
    };
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (t, out) in resolved.documents() {
        let front = match t {
            Target::Page(p) => &site.pages[p].doc.front,
            Target::Section(s) => &site.sections[s].doc.front,
        };
        xml.push_str(&format!(
            "  <url><loc>{}/{}</loc>",
            crate::markdown::escape(base),
            encode_path(out)
        ));
        if let Some(d) = front.reviewed.or(front.date) {
            xml.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    output.write(SITEMAP, xml.as_bytes())?;
    Ok(true)
}
