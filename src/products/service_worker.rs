//! `sw.js`: the service worker that stores the course on a phone on the
//! first visit, for offline reading. It lists every declared file a browser
//! needs offline (not those of products that say readers never need them
//! offline, such as share cards), each with a revision (a hash of its bytes), so a rebuild
//! with changed content makes a new worker (phones fetch only the changed
//! files) and an unchanged rebuild writes a byte-identical `sw.js`. It runs
//! after every other product, since it needs their files' revisions. Files
//! beside the lessons (pictures, PDFs) are stored ahead only up to the
//! site's precache budget; the rest are stored when first opened.

use super::offline::OFFLINE_PAGE;
use super::{Cx, Plan, Product, Sink, SiteFile};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::OUTPUT_MARKER;
use crate::resolve::encode_path;
use std::collections::{BTreeMap, HashSet};
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

/// The files beside the lessons (pictures, PDFs) that do not fit the
/// precache budget: a phone stores them when they are first opened. Files
/// are taken in path order while they fit; when some do not, a warning
/// names the largest.
fn stored_when_opened<'a>(cx: &'a Cx<'_>, diags: &mut Diagnostics) -> HashSet<&'a str> {
    let budget = cx.site.config.precache_budget;
    let mut used = 0u64;
    let mut later = HashSet::new();
    let mut total = 0u64;
    let mut largest: Vec<(u64, &str)> = Vec::new();
    for a in &cx.site.assets {
        let Some(path) = cx.resolved.asset_out.get(&a.rel) else {
            continue; // not published
        };
        total += a.size;
        largest.push((a.size, a.rel.as_str()));
        if used + a.size <= budget {
            used += a.size;
        } else {
            later.insert(path.as_str());
        }
    }
    if !later.is_empty() {
        largest.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(y.1)));
        let names: Vec<String> = largest
            .iter()
            .take(5)
            .map(|(size, rel)| format!("content/{rel} ({})", megabytes(*size)))
            .collect();
        diags.push(
            Diagnostic::warning(format!(
                "the files beside the lessons take {}, more than the {} a phone stores on its first visit: {} of them are stored only when first opened (largest: {})",
                megabytes(total),
                megabytes(budget),
                later.len(),
                names.join(", ")
            ))
            .in_file(crate::config::CONFIG_FILE)
            .with_code("precache-budget")
            .with_hint("make the largest files smaller, or raise `offline: {precache_budget_mb: ...}` in site.yaml if every reader must have them offline"),
        );
    }
    later
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
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
        let later = stored_when_opened(cx, &mut diags);
        let mut files = BTreeMap::new();
        let mut lazy = BTreeMap::new();
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
            let list = if later.contains(d.path.as_str()) {
                &mut lazy
            } else {
                &mut files
            };
            list.insert(encode_path(&d.path), revision);
        }
        let listing = serde_json::to_string(&files).unwrap_or_else(|_| "{}".into());
        let lazy_listing = serde_json::to_string(&lazy).unwrap_or_else(|_| "{}".into());
        let version = format!(
            "{:016x}",
            xxhash_rust::xxh3::xxh3_64(format!("{listing}{lazy_listing}").as_bytes())
        );
        let mut ctx = Context::new();
        ctx.insert("version", &version);
        ctx.insert("files", &listing);
        ctx.insert("later", &lazy_listing);
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
