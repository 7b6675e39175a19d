//! `manifest.webmanifest`: the web app manifest, so the course installs on
//! a phone. Every URL in it is relative to the manifest, so the installed
//! app works under any sub-path.

use super::{Cx, Plan, Product, Sink, SiteFile};
use crate::diagnostics::Diagnostics;
use crate::resolve::encode_path;

/// The web app manifest's output path.
pub const MANIFEST: &str = "manifest.webmanifest";

/// Colours of the installed app's splash screen and title bar (the theme's link blue).
const THEME_COLOR: &str = "#0b57a4";
const BACKGROUND_COLOR: &str = "#ffffff";

/// The manifest product.
pub struct Manifest;

impl Product for Manifest {
    fn name(&self) -> &'static str {
        "manifest"
    }

    fn site_files(&self, _plan: &Plan<'_>) -> Vec<SiteFile> {
        vec![SiteFile::generated(MANIFEST, "the web app manifest")]
    }

    fn write_site(&self, cx: &Cx<'_>, out: &Sink<'_>) -> Diagnostics {
        let site = cx.site;
        let icon = |logical: &str, sizes: &str, kind: &str| {
            cx.resolved.static_out.get(logical).map(|path| {
                serde_json::json!({ "src": encode_path(path), "sizes": sizes, "type": kind, "purpose": "any" })
            })
        };
        let icons: Vec<serde_json::Value> = [
            icon("icons/icon-192.png", "192x192", "image/png"),
            icon("icons/icon-512.png", "512x512", "image/png"),
            icon("icons/icon.svg", "any", "image/svg+xml"),
        ]
        .into_iter()
        .flatten()
        .collect();
        let manifest = serde_json::json!({
            "name": site.config.title,
            "short_name": site.config.short_name,
            "description": site.config.description,
            "lang": site.config.language,
            "start_url": "index.html",
            "scope": "./",
            "display": "standalone",
            "background_color": BACKGROUND_COLOR,
            "theme_color": THEME_COLOR,
            "icons": icons,
        });
        let text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
        out.write(MANIFEST, text.as_bytes())
            .err()
            .into_iter()
            .collect()
    }

    fn depends_on_documents(&self) -> bool {
        false
    }
}
