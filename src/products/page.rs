//! The HTML page of each published document (home, sections, lessons): the
//! rendered body placed in the document's template.

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
        vec![plan.resolved.out_of(t).to_string()]
    }

    fn write_document(&self, cx: &Cx<'_>, t: Target, out: &Sink<'_>) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let Some(rendered) = cx.rendered.get(t) else {
            return diags;
        };
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
        let context = cx.views.context(t, &rendered.html, &rendered.toc);
        let written = cx
            .renderer
            .render(&template, context, Some(&doc.source))
            .and_then(|html| out.write(cx.resolved.out_of(t), &html));
        if let Err(e) = written {
            diags.push(e);
        }
        diags
    }
}
