//! Files copied as they are: assets beside the Markdown (to the same place
//! relative to their page) and the theme's and site's static files (under
//! their content-hashed names).

use super::{Cx, Plan, Product, Sink, SiteFile};
use crate::diagnostics::Diagnostics;
use crate::theme::StaticSource;
use rayon::prelude::*;
use std::path::PathBuf;

/// The copied-files product.
pub struct Files;

impl Product for Files {
    fn name(&self) -> &'static str {
        "files"
    }

    fn site_files(&self, plan: &Plan<'_>) -> Vec<SiteFile> {
        // Files of draft sections have no output path: they are not published.
        let assets = plan.resolved.asset_out.iter().map(|(rel, out)| SiteFile {
            path: out.clone(),
            what: "a copied file".into(),
            source: Some(PathBuf::from(crate::content::CONTENT_DIR).join(rel)),
        });
        let statics = plan.theme.statics.iter().map(|s| SiteFile {
            path: s.out.clone(),
            what: "a static file".into(),
            source: Some(PathBuf::from("static").join(&s.logical)),
        });
        assets.chain(statics).collect()
    }

    fn write_site(&self, cx: &Cx<'_>, out: &Sink<'_>) -> Diagnostics {
        let assets = cx.site.assets.par_iter().filter_map(|a| {
            let path = cx.resolved.asset_out.get(&a.rel)?;
            Some(out.copy(path, &a.path))
        });
        let statics = cx.theme.statics.par_iter().map(|s| match &s.source {
            StaticSource::Embedded(bytes) => out.write(&s.out, bytes),
            StaticSource::File(path) => out.copy(&s.out, path),
        });
        let results: Vec<_> = assets.chain(statics).collect();
        results.into_iter().filter_map(Result::err).collect()
    }

    fn depends_on_documents(&self) -> bool {
        false
    }
}
