//! Posters: a page with `layout: poster` is laid out to fill exactly one
//! sheet (`poster: {size: A4|A3|A2, orientation: portrait|landscape}`,
//! A4 portrait by default) in type large enough to read from a few metres,
//! for a school's bulletin board. This product writes the poster's page in
//! place of the page product (the page on screen is a preview of the sheet).
//!
//! The body is cut into panels at its top-level rules (`---`), laid side
//! by side or in a grid. The type is sized in units of the sheet's width, so
//! the layout is the same on screen and on paper; its starting size comes
//! from an estimate of how much the poster holds ([`fit_step`]), and the
//! theme's small script `poster.js` then grows or shrinks it until the
//! content fills the sheet. A poster estimated to need small type is a
//! warning: it would not be read from a few metres.

use super::{Cx, Plan, Product, Sink};
use crate::content::front_matter::Poster as Sheet;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::outline::{MarkKind, text_of};
use crate::render::context::template_for;
use crate::resolve::{Target, encode_path};
use serde::Serialize;

/// The product's name, as `list` and messages show it.
pub const NAME: &str = "poster";

/// Body text smaller than this (in points, on the printed sheet) is hard
/// to read from a few metres: the build warns.
pub const MIN_BODY_POINTS: f64 = 16.0;

/// The poster product.
pub struct Poster;

/// True when the document asks for the poster layout (`layout: poster`).
pub fn is_poster(site: &crate::content::Site, t: Target) -> bool {
    let doc = crate::render::document(site, t);
    doc.front
        .layout
        .as_deref()
        .is_some_and(|l| l.strip_suffix(".html").unwrap_or(l) == "poster")
}

/// The sheet of a poster document (A4 portrait unless its front matter says otherwise).
pub fn sheet(site: &crate::content::Site, t: Target) -> Sheet {
    crate::render::document(site, t)
        .front
        .poster
        .unwrap_or_default()
}

/// What the template `poster.html` gets besides the page's context.
#[derive(Serialize)]
struct PosterView {
    /// "A3".
    size: &'static str,
    /// "portrait" or "landscape".
    orientation: &'static str,
    /// The CSS class of the sheet and the name of its `@page`: `a3-landscape`.
    class: String,
    /// Width and height of the sheet, millimetres.
    width_mm: u32,
    height_mm: u32,
    /// The body, cut at its top-level rules.
    panels: Vec<String>,
    /// The starting type size, in quarters of a percent of the sheet's width.
    fit: u32,
    /// The page's published address, or its path in the course without `base_url`.
    address: String,
}

/// The body cut into panels at its top-level `---` rules (empty ones left out).
fn panels(html: &str, outline: &crate::markdown::outline::Outline) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    for m in &outline.marks {
        if m.kind != MarkKind::Rule || m.offset < start || m.offset > html.len() {
            continue;
        }
        out.push(html[start..m.offset].to_string());
        let rest = &html[m.offset..];
        // The rule itself (`<hr />`) is where the panels part.
        start = m.offset + rest.find('>').map_or(0, |i| i + 1);
    }
    out.push(html[start..].to_string());
    out.retain(|p| !p.trim().is_empty());
    out
}

/// An estimate of the body type size that fills the sheet, in millimetres:
/// the text's area (its characters at about 0.55 em wide and 1.45 em per
/// line, the title and lead larger, a line's end lost per block, a QR code
/// as a block of text) against about 70 % of the sheet inside its margins.
pub fn body_size_mm(sheet: Sheet, title: &str, lead: Option<&str>, panels: &[String]) -> f64 {
    let (w, h) = sheet.millimetres();
    let (w, h) = (f64::from(w) * 0.9, f64::from(h) * 0.9);
    let chars = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count() as f64;
    let mut text = 0.0;
    let mut blocks = 0.0;
    let mut codes = 0.0;
    for p in panels {
        text += chars(&text_of(p));
        blocks += ["<p", "<li", "<h2", "<h3", "<tr", "<div class=\"callout"]
            .iter()
            .map(|tag| p.matches(tag).count() as f64)
            .sum::<f64>();
        codes += p.matches("class=\"qr-code\"").count() as f64;
    }
    let weighted = text
        + 2.2 * 2.2 * chars(title)
        + 1.2 * 1.2 * lead.map_or(0.0, chars)
        + 18.0 * blocks
        + 120.0 * codes;
    (0.7 * w * h / (weighted.max(1.0) * 0.55 * 1.45)).sqrt()
}

/// The starting type step (quarters of a percent of the sheet's width,
/// 4 to 24) for a body size in millimetres.
pub fn fit_step(sheet: Sheet, size_mm: f64) -> u32 {
    let width = f64::from(sheet.millimetres().0);
    ((size_mm / width * 400.0).floor() as u32).clamp(4, 24)
}

/// The address printed on the poster: the published one, or the page's
/// path in the course when the site has no `base_url`.
fn address(cx: &Cx<'_>, t: Target) -> String {
    let out = cx.resolved.out_of(t);
    match &cx.site.config.base_url {
        Some(base) => format!("{base}/{}", encode_path(out)),
        None => out.to_string(),
    }
}

impl Product for Poster {
    fn name(&self) -> &'static str {
        NAME
    }

    fn document_files(&self, plan: &Plan<'_>, t: Target) -> Vec<String> {
        match t {
            Target::Page(_) if is_poster(plan.site, t) => vec![plan.resolved.out_of(t).to_string()],
            _ => Vec::new(),
        }
    }

    fn write_document(&self, cx: &Cx<'_>, t: Target, out: &Sink<'_>) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let doc = crate::render::document(cx.site, t);
        let poster_line = doc.front.line_of("poster");
        if !is_poster(cx.site, t) {
            if let Some(line) = poster_line {
                diags.push(
                    Diagnostic::warning("`poster:` is only read on a page with `layout: poster`")
                        .in_file(&doc.source)
                        .at_line(line)
                        .with_code("poster-without-layout")
                        .with_hint("add `layout: poster`, or remove `poster:`"),
                );
            }
            return diags;
        }
        if let Target::Section(_) = t {
            diags.push(
                Diagnostic::error("a section's page cannot be a poster")
                    .in_file(&doc.source)
                    .at_line(doc.front.line_of("layout").unwrap_or(1))
                    .with_hint("put the poster in a file of its own in the section, and remove `layout: poster` here"),
            );
            return diags;
        }
        let Some(rendered) = cx.rendered.get(t) else {
            return diags;
        };
        let sheet = sheet(cx.site, t);
        let panels = panels(&rendered.html, &rendered.outline);
        let size = body_size_mm(
            sheet,
            &doc.front.title,
            doc.front.description.as_deref(),
            &panels,
        );
        let points = size / 25.4 * 72.0;
        if points < MIN_BODY_POINTS {
            diags.push(
                Diagnostic::warning(format!(
                    "this poster holds too much to be read from a few metres: on {} its text would be about {points:.0} pt (at least {MIN_BODY_POINTS:.0} pt is needed)",
                    sheet.size.name()
                ))
                .in_file(&doc.source)
                .at_line(poster_line.or(doc.front.line_of("layout")).unwrap_or(1))
                .with_code("poster-too-full")
                .with_hint("shorten it, split it into two posters, or choose a larger sheet (`poster: {size: A3}`)"),
            );
        }
        let (width_mm, height_mm) = sheet.millimetres();
        let class = format!(
            "{}-{}",
            sheet.size.name().to_ascii_lowercase(),
            sheet.orientation.name()
        );
        let view = PosterView {
            size: sheet.size.name(),
            orientation: sheet.orientation.name(),
            class,
            width_mm,
            height_mm,
            panels,
            fit: fit_step(sheet, size),
            address: address(cx, t),
        };
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
        let mut ctx = cx.views.context(t, &rendered.html, &rendered.toc);
        ctx.insert("poster", &view);
        let path = cx.resolved.out_of(t);
        if let Err(e) = cx
            .renderer
            .render(&template, ctx, Some(&doc.source))
            .and_then(|html| out.write(path, &html))
        {
            diags.push(e);
        }
        diags
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::front_matter::{Orientation, PaperSize};

    #[test]
    fn more_text_smaller_type_larger_sheet_larger_type() {
        let a4 = Sheet::default();
        let a2 = Sheet {
            size: PaperSize::A2,
            orientation: Orientation::Landscape,
        };
        let short = vec!["<p>Chỉ cài VNeID từ CH Play hoặc App Store.</p>".to_string()];
        let long = vec![format!("<p>{}</p>", "Một câu dài về VNeID. ".repeat(150))];
        let s = body_size_mm(a4, "Bốn quy tắc", None, &short);
        let l = body_size_mm(a4, "Bốn quy tắc", None, &long);
        assert!(s > l, "{s} {l}");
        assert!(body_size_mm(a2, "Bốn quy tắc", None, &long) > l * 1.9);
        assert!(
            l / 25.4 * 72.0 < MIN_BODY_POINTS,
            "{l} mm is too small to read from afar"
        );
        assert_eq!(fit_step(a4, 1000.0), 24);
        assert_eq!(fit_step(a4, 0.1), 4);
    }

    #[test]
    fn panels_part_at_top_level_rules() {
        let md = "## Mức 1\n\nA\n\n---\n\n## Mức 2\n\nB\n\n---\n";
        let r = crate::markdown::test_support::render_str(md);
        let p = panels(&r.html, &r.outline);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].contains("Mức 1") && !p[0].contains("<hr"), "{p:?}");
        assert!(p[1].contains("Mức 2") && !p[1].contains("<hr"), "{p:?}");
    }
}
