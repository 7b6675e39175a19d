//! `404.html`: the page a web server shows for a missing address. It can be
//! served at any depth, so its links are absolute; it is written only when
//! `base_url` is set.

use super::Output;
use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::render::Renderer;
use crate::render::context::standalone;

/// The 404 page's output path.
pub const NOT_FOUND: &str = "404.html";

/// Renders `404.html` when the site has a `base_url`.
pub fn emit(site: &Site, renderer: &Renderer, output: &Output) -> Result<bool, Diagnostic> {
    let Some(base) = site.config.base_url.as_deref() else {
        return Ok(false);
    };
    let title = renderer.string("not_found_title");
    let text = renderer.string("not_found_text");
    let ctx = standalone(site, &format!("{base}/"), NOT_FOUND, &title, &text);
    let html = renderer.render(NOT_FOUND, ctx, None)?;
    output.write(NOT_FOUND, &html)?;
    Ok(true)
}
