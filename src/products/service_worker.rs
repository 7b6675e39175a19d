//! `sw.js`: the service worker that stores the course on a phone on the
//! first visit, for offline reading. It lists every declared file a browser
//! needs offline (not those of products that say readers never need them
//! offline, such as share cards), each with a revision (a hash of its bytes), so a rebuild
//! with changed content makes a new worker (phones fetch only the changed
//! files) and an unchanged rebuild writes a byte-identical `sw.js`. It runs
//! after every other product, since it needs their files' revisions.

use super::offline::OFFLINE_PAGE;
use super::{Cx, Plan, Product, Sink, SiteFile};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::OUTPUT_MARKER;
use crate::resolve::encode_path;
use std::collections::BTreeMap;
use tera::Context;

/// The service worker's output path (at the root, so its scope is the whole site).
pub const SERVICE_WORKER: &str = "sw.js";

/// Files a browser never needs offline.
fn precached(path: &str) -> bool {
    !matches!(
        path,
        SERVICE_WORKER | "404.html" | "sitemap.xml" | "robots.txt" | "CNAME" | ".nojekyll"
    ) && !path.starts_with(".well-known/")
        && path != OUTPUT_MARKER
}

/// The service worker product.
pub struct ServiceWorker;

impl Product for ServiceWorker {
    fn name(&self) -> &'static str {
        "service worker"
    }

    fn site_files(&self, _plan: &Plan<'_>) -> Vec<SiteFile> {
        vec![SiteFile::generated(SERVICE_WORKER, "the service worker")]
    }

    fn after_all_others(&self) -> bool {
        true
    }

    fn write_site(&self, cx: &Cx<'_>, out: &Sink<'_>) -> Diagnostics {
        let revisions = out.revisions();
        let mut diags = Diagnostics::new();
        let mut files = BTreeMap::new();
        for d in &cx.declarations.files {
            if !d.offline || !precached(&d.path) {
                continue;
            }
            let revision = match revisions.get(&d.path) {
                Some(hash) => format!("{hash:016x}"),
                None if out.keeps_files() => {
                    diags.push(
                        Diagnostic::error(format!(
                            "`{}` was declared but never written, so the service worker cannot store it",
                            d.path
                        ))
                        .with_hint("this is a bug in baihoc: please report it"),
                    );
                    continue;
                }
                None => String::new(),
            };
            files.insert(encode_path(&d.path), revision);
        }
        let listing = serde_json::to_string(&files).unwrap_or_else(|_| "{}".into());
        let version = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(listing.as_bytes()));
        let mut ctx = Context::new();
        ctx.insert("version", &version);
        ctx.insert("files", &listing);
        ctx.insert("offline_page", OFFLINE_PAGE);
        match cx
            .renderer
            .render(SERVICE_WORKER, ctx, None)
            .and_then(|js| out.write(SERVICE_WORKER, &js))
        {
            Ok(()) => diags,
            Err(e) => {
                diags.push(e);
                diags
            }
        }
    }
}
