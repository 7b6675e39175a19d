//! The HTML page of each published document (home, sections, lessons): the
//! rendered body placed in the document's template. A section whose list is
//! longer than [`crate::resolve::SECTION_PAGE_SIZE`] continues on numbered
//! pages beside its index (`index-2.html`, ...).

use super::{Cx, Plan, Product, Sink};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::context::template_for;
use crate::resolve::Target;

/// The page product.
pub struct Page;

impl Product for Page {
    fn name(&self) -> &'static str {
        "page"
    }

    fn document_files(&self, plan: &Plan<'_>, t: Target) -> Vec<String> {
        // A poster's page is written by the poster product.
        if super::poster::is_poster(plan.site, t) {
            return Vec::new();
        }
        match t {
            Target::Section(s) => (0..plan.resolved.section_parts(s))
                .map(|part| plan.resolved.section_part_out(s, part))
                .collect(),
            Target::Page(_) => vec![plan.resolved.out_of(t).to_string()],
        }
    }

    fn write_document(&self, cx: &Cx<'_>, t: Target, out: &Sink<'_>) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let Some(rendered) = cx.rendered.get(t) else {
            return diags;
        };
        if super::poster::is_poster(cx.site, t) {
            return diags;
        }
        let doc = crate::render::document(cx.site, t);
        let (template, layout_line) = template_for(cx.site, t);
        if !cx.renderer.has_template(&template) {
            let mut d = Diagnostic::error(format!("no template named `{template}` for `layout:`"))
                .in_file(&doc.source)
                .with_hint("add the template to templates/ in the site, or remove `layout:`");
            if let Some(l) = layout_line {
                d = d.at_line(l);
            }
            diags.push(d);
            return diags;
        }
        let parts = match t {
            Target::Section(s) => cx.resolved.section_parts(s),
            Target::Page(_) => 1,
        };
        for part in 0..parts {
            let path = match t {
                Target::Section(s) => cx.resolved.section_part_out(s, part),
                Target::Page(_) => cx.resolved.out_of(t).to_string(),
            };
            let mut context = cx
                .views
                .context_part(t, &rendered.html, &rendered.toc, part);
            super::page_values(cx, Some(t), &path, &mut context);
            let written = cx
                .renderer
                .render(&template, context, Some(&doc.source))
                .and_then(|html| out.write(&path, &html));
            if let Err(e) = written {
                diags.push(e);
                break;
            }
        }
        diags
    }
}
