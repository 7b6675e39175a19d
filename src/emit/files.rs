//! Files copied as they are: assets beside the Markdown (to the same place
//! relative to their page) and the theme's and site's static files (under
//! their content-hashed names).

use super::Output;
use crate::content::Site;
use crate::diagnostics::Diagnostics;
use crate::resolve::Resolved;
use crate::theme::{StaticSource, Theme};
use rayon::prelude::*;

/// Copies every published asset and every static file; returns how many were written.
pub fn emit(
    site: &Site,
    resolved: &Resolved,
    theme: &Theme,
    output: &Output,
) -> (usize, Diagnostics) {
    // Files of draft sections have no output path: they are not published.
    let assets = site.assets.par_iter().filter_map(|a| {
        let out = resolved.asset_out.get(&a.rel)?;
        Some(output.copy(out, &a.path))
    });
    let statics = theme.statics.par_iter().map(|s| match &s.source {
        StaticSource::Embedded(bytes) => output.write(&s.out, bytes),
        StaticSource::File(path) => output.copy(&s.out, path),
    });
    let results: Vec<_> = assets.chain(statics).collect();
    let count = results.len();
    (count, results.into_iter().filter_map(Result::err).collect())
}
