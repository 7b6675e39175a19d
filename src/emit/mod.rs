//! Emit: the only stage that writes. Each output product is one module:
//! [`pages`] (a document's HTML), [`files`] (assets and hashed static
//! files), [`sitemap`] and [`not_found`]. They write into an [`Output`]: a
//! staging folder beside the destination that is swapped in atomically only
//! when the whole build succeeded, or nothing at all for `check`.

pub mod files;
pub mod not_found;
pub mod pages;
pub mod pwa;
pub mod sitemap;
pub mod sources_page;

use crate::content::Site;
pub use crate::output::{OUTPUT_MARKER, Output};
use crate::resolve::{Resolved, Target};

/// Files written for the whole site rather than for one document, each with
/// what it is. Resolve keeps pages and files from taking their place.
pub fn site_outputs(site: &Site) -> Vec<(&'static str, &'static str)> {
    let mut outputs = vec![
        (pwa::SERVICE_WORKER, "the service worker"),
        (pwa::MANIFEST, "the web app manifest"),
        (pwa::OFFLINE_PAGE, "the offline page"),
        (OUTPUT_MARKER, "the mark of its output folder"),
    ];
    if site.registry.is_present() {
        outputs.push((sources_page::SOURCES_PAGE, "the documents page"));
    }
    if site.config.base_url.is_some() {
        outputs.push((sitemap::SITEMAP, "the sitemap"));
        outputs.push((not_found::NOT_FOUND, "the 404 page"));
    }
    outputs
}

/// Every file a document produces, the page first. Later products (slides,
/// print view) add theirs here, so `list` names them all.
pub fn outputs_of(_site: &Site, resolved: &Resolved, t: Target) -> Vec<String> {
    vec![pages::output(resolved, t).to_string()]
}
