//! Offline reading: the web app manifest (so the course installs on a
//! phone), the offline fallback page, and the service worker that precaches
//! every file of the site on the first visit. The worker's precache list
//! carries a hash of each file, so a rebuild with changed content makes a new
//! worker (phones fetch only the changed files) and an unchanged rebuild
//! writes a byte-identical `sw.js` (nothing to download).

use super::Output;
use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::render::Renderer;
use crate::render::context::standalone;
use crate::resolve::{Resolved, encode_path};
use std::collections::BTreeMap;
use tera::Context;

/// The web app manifest's output path.
pub const MANIFEST: &str = "manifest.webmanifest";
/// The service worker's output path (at the root, so its scope is the whole site).
pub const SERVICE_WORKER: &str = "sw.js";
/// The page shown for an address that is not cached while offline.
pub const OFFLINE_PAGE: &str = "offline.html";

/// Colours of the installed app's splash screen and title bar (the theme's link blue).
const THEME_COLOR: &str = "#0b57a4";
const BACKGROUND_COLOR: &str = "#ffffff";

/// Files a browser never needs offline.
fn precached(path: &str) -> bool {
    !matches!(
        path,
        SERVICE_WORKER | "404.html" | "sitemap.xml" | "robots.txt" | "CNAME" | ".nojekyll"
    ) && !path.starts_with(".well-known/")
        && path != super::OUTPUT_MARKER
}

/// Writes `offline.html`.
pub fn emit_offline_page(
    site: &Site,
    renderer: &Renderer,
    output: &Output,
) -> Result<(), Diagnostic> {
    let title = renderer.string("offline_title");
    let text = renderer.string("offline_text");
    let ctx = standalone(site, "", OFFLINE_PAGE, &title, &text);
    let html = renderer.render(OFFLINE_PAGE, ctx, None)?;
    output.write(OFFLINE_PAGE, &html)
}

/// Writes `manifest.webmanifest`. Every URL in it is relative to the
/// manifest, so the installed app works under any sub-path.
pub fn emit_manifest(site: &Site, resolved: &Resolved, output: &Output) -> Result<(), Diagnostic> {
    let icon = |logical: &str, sizes: &str, kind: &str| {
        resolved.static_out.get(logical).map(|out| {
            serde_json::json!({ "src": encode_path(out), "sizes": sizes, "type": kind, "purpose": "any" })
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
    output.write(MANIFEST, text.as_bytes())
}

/// Writes `sw.js`, listing every file written so far with its revision.
/// Must run after everything else has been written.
pub fn emit_service_worker(renderer: &Renderer, output: &Output) -> Result<(), Diagnostic> {
    let files: BTreeMap<String, String> = output
        .written()
        .into_iter()
        .filter(|(path, _)| precached(path))
        .map(|(path, hash)| (encode_path(&path), format!("{hash:016x}")))
        .collect();
    let listing = serde_json::to_string(&files).unwrap_or_else(|_| "{}".into());
    let version = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(listing.as_bytes()));
    let mut ctx = Context::new();
    ctx.insert("version", &version);
    ctx.insert("files", &listing);
    ctx.insert("offline_page", OFFLINE_PAGE);
    let js = renderer.render(SERVICE_WORKER, ctx, None)?;
    output.write(SERVICE_WORKER, &js)
}
