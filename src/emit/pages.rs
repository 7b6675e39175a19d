//! The HTML page of each published document (home, sections, lessons),
//! rendered in parallel and written as soon as it is ready. Returns what
//! the anchor check needs: each page's heading ids and the `#fragment`s
//! its links ask for.

use super::Output;
use crate::content::Site;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::AnchorCheck;
use crate::render::context::{Ctx, template_for};
use crate::render::{Renderer, markdown_of};
use crate::resolve::{Resolved, Target};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// The page file of a document.
pub fn output(resolved: &Resolved, t: Target) -> &str {
    resolved.out_of(t)
}

/// What rendering one document left behind.
struct Outcome {
    out: String,
    ids: Vec<String>,
    anchors: Vec<AnchorCheck>,
    diagnostics: Vec<Diagnostic>,
}

/// Renders and writes every published document; checks `#fragment` links.
pub fn emit(site: &Site, resolved: &Resolved, renderer: &Renderer, output: &Output) -> Diagnostics {
    let targets: Vec<(Target, &str)> = resolved.documents().collect();
    let ctx = Ctx::new(site, resolved);
    let outcomes: Vec<Outcome> = targets
        .par_iter()
        .map(|&(t, out)| emit_one(&ctx, renderer, output, t, out))
        .collect();
    let mut diags = Diagnostics::new();
    let ids: HashMap<&str, HashSet<&str>> = outcomes
        .iter()
        .map(|o| (o.out.as_str(), o.ids.iter().map(String::as_str).collect()))
        .collect();
    for o in &outcomes {
        diags.extend(o.diagnostics.iter().cloned());
        for a in &o.anchors {
            if let Some(known) = ids.get(a.target.as_str())
                && !known.contains(a.fragment.as_str())
            {
                let mut available: Vec<&str> = known.iter().copied().collect();
                available.sort_unstable();
                let hint = match available
                    .iter()
                    .map(|id| (strsim::jaro_winkler(id, &a.fragment), *id))
                    .filter(|(score, _)| *score > 0.8)
                    .max_by(|x, y| x.0.total_cmp(&y.0))
                {
                    Some((_, best)) => format!("did you mean `#{best}`?"),
                    None if available.is_empty() => "that page has no headings".to_string(),
                    None => format!(
                        "headings there: {}",
                        available
                            .iter()
                            .take(12)
                            .map(|i| format!("#{i}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                diags.push(
                    Diagnostic::error(format!(
                        "link to a missing heading: `{}` has no heading with id `{}`",
                        a.target, a.fragment
                    ))
                    .in_file(&a.file)
                    .at(a.line, a.column)
                    .with_hint(hint),
                );
            }
        }
    }
    diags
}

fn emit_one(ctx: &Ctx<'_>, renderer: &Renderer, output: &Output, t: Target, out: &str) -> Outcome {
    let md = markdown_of(ctx.site, ctx.resolved, t, &renderer.labels);
    let mut diagnostics = md.diagnostics;
    let doc = match t {
        Target::Page(p) => &ctx.site.pages[p].doc,
        Target::Section(s) => &ctx.site.sections[s].doc,
    };
    let (template, layout_line) = template_for(ctx.site, t);
    if !renderer.has_template(&template) {
        let mut d = Diagnostic::error(format!("no template named `{template}` for `layout:`"))
            .in_file(&doc.source)
            .with_hint("add the template to templates/ in the site, or remove `layout:`");
        if let Some(l) = layout_line {
            d = d.at_line(l);
        }
        diagnostics.push(d);
    } else {
        let context = ctx.context(t, &md.html, &md.toc);
        match renderer.render(&template, context, Some(&doc.source)) {
            Ok(html) => {
                if let Err(e) = output.write(out, &html) {
                    diagnostics.push(e);
                }
            }
            Err(e) => diagnostics.push(e),
        }
    }
    Outcome {
        out: out.to_string(),
        ids: md.ids,
        anchors: md.anchors,
        diagnostics,
    }
}
