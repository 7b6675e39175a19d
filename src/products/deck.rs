//! The slide deck of each lesson: one HTML file beside the lesson's page
//! (`bai.html` → `bai.trinh-chieu.html`), made from the page's one
//! rendering ([`crate::render::RenderedDoc`]'s HTML, outline and notes), in
//! one template render (`deck.html`). It works from file:// and offline:
//! its stylesheet and script (`css/deck.css`, `js/deck.js`) are the only
//! other files it needs. The lesson's page links to it through the
//! template variable `deck_url`.
//!
//! Sections and the home page have no deck: they list lessons, and a
//! teacher presents a lesson. A page with `slides: false` has none either.
//!
//! Its parts: [`slides`] divides a page into slides, [`fit`] estimates
//! whether a slide fits the screen (a slide that does not is a warning
//! naming the file, line and heading).

pub mod fit;
pub mod slides;

use super::{Cx, Plan, Product, Sink};
use crate::content::front_matter::Slides;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::context::SiteView;
use crate::resolve::{Target, relative_url, root_prefix};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use tera::Context;

/// The template of a deck.
pub const TEMPLATE: &str = "deck.html";
/// What a deck's file name adds to its page's (`bai.trinh-chieu.html`),
/// unless the theme's strings set `deck_file`.
pub const DEFAULT_SUFFIX: &str = "trinh-chieu";

/// The product's name (`build --timings`, `outputs:` in site.yaml).
pub const NAME: &str = "deck";

/// The slide deck product. It keeps the overflow warnings of the last
/// write of each deck, so that a partial re-render still reports those of
/// the decks it did not write again.
#[derive(Default)]
pub struct Deck {
    warnings: Mutex<BTreeMap<PathBuf, Vec<Diagnostic>>>,
}

impl Deck {
    /// The deck product.
    pub fn new() -> Deck {
        Deck::default()
    }
}

/// The output path of the deck of `t`, when it has one: every lesson but
/// those with `slides: false` and posters (a poster is one sheet of paper,
/// not a talk).
pub fn deck_path(plan: &Plan<'_>, t: Target) -> Option<String> {
    let Target::Page(p) = t else { return None };
    if plan.site.pages[p].doc.front.slides == Slides::Off || super::poster::is_poster(plan.site, t)
    {
        return None;
    }
    let page = plan.resolved.page_out[p].as_deref()?;
    let stem = page.strip_suffix(".html").unwrap_or(page);
    let suffix = plan
        .theme
        .strings
        .get("deck_file")
        .map(|s| crate::text::slugify(s))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| DEFAULT_SUFFIX.to_string());
    Some(format!("{stem}.{suffix}.html"))
}

impl Product for Deck {
    fn name(&self) -> &'static str {
        NAME
    }

    fn what(&self) -> &'static str {
        "slide deck"
    }

    fn document_files(&self, plan: &Plan<'_>, t: Target) -> Vec<String> {
        deck_path(plan, t).into_iter().collect()
    }

    fn document_links(&self, plan: &Plan<'_>, t: Target) -> Vec<(&'static str, String)> {
        deck_path(plan, t)
            .map(|path| ("deck_url", path))
            .into_iter()
            .collect()
    }

    fn write_document(&self, cx: &Cx<'_>, t: Target, out: &Sink<'_>) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let plan = Plan {
            site: cx.site,
            resolved: cx.resolved,
            theme: cx.theme,
        };
        let (Some(path), Some(rendered)) = (deck_path(&plan, t), cx.rendered.get(t)) else {
            return diags;
        };
        let doc = crate::render::document(cx.site, t);
        let slides = questions(
            cx,
            rendered,
            slides::split(&rendered.html, &rendered.outline, doc.front.slides),
        );
        let warnings = overflow_warnings(cx, t, &slides);
        if let Ok(mut kept) = self.warnings.lock() {
            kept.insert(doc.source.clone(), warnings);
        }
        let context = context(cx, t, &path, &slides);
        let written = cx
            .renderer
            .render(TEMPLATE, context, Some(&doc.source))
            .and_then(|html| out.write(&path, &html));
        if let Err(e) = written {
            diags.push(e);
        }
        diags
    }

    /// Writes no file: reports the overflow warnings of every deck.
    fn write_site(&self, _cx: &Cx<'_>, _out: &Sink<'_>) -> Diagnostics {
        let mut diags = Diagnostics::new();
        if let Ok(kept) = self.warnings.lock() {
            diags.extend(kept.values().flatten().cloned());
        }
        diags
    }
}

/// The deck's slides with one slide per quiz question, written from the
/// parsed quiz (the answer in the slide, hidden until revealed).
fn questions(
    cx: &Cx<'_>,
    rendered: &crate::render::RenderedDoc,
    slides: Vec<slides::Slide>,
) -> Vec<slides::Slide> {
    let quizzes = &rendered.quizzes;
    if quizzes.is_empty() {
        return slides;
    }
    let total: usize = quizzes.iter().map(|q| q.questions.len()).sum();
    let labels = &cx.renderer.labels.quiz;
    let mut slides = slides::with_questions(
        slides,
        |q| quizzes.get(q).map_or(0, |q| q.questions.len()),
        |q, j| quizzes[q].questions[j].line,
    );
    for slide in &mut slides {
        if let Some((q, Some(j))) = slide.quiz {
            slide.html = crate::quiz::html::slide(&quizzes[q], j, total, labels);
        }
    }
    slides
}

/// A warning for each slide estimated too tall for its frame.
fn overflow_warnings(cx: &Cx<'_>, t: Target, slides: &[slides::Slide]) -> Vec<Diagnostic> {
    let doc = crate::render::document(cx.site, t);
    let mut warnings = Vec::new();
    for (i, slide) in slides.iter().enumerate() {
        let estimate = if i == 0 {
            fit::title_slide(&doc.front.title, &cx.site.config.title, &slide.html)
        } else {
            fit::content_slide(crate::quiz::html::slide_as_shown(&slide.html), false)
        };
        if !estimate.overflows() {
            continue;
        }
        let (lines, room) = estimate.lines();
        let (heading, line) = if i == 0 {
            (
                doc.front.title.as_str(),
                doc.front.line_of("title").unwrap_or(1),
            )
        } else {
            (slide.heading.as_deref().unwrap_or(""), slide.line)
        };
        warnings.push(
            Diagnostic::warning(format!(
                "slide {} (\"{heading}\") is too long for the screen: about {lines} lines of text where {room} fit at 1280x720",
                i + 1
            ))
            .with_code("slide-too-long")
            .in_file(&doc.source)
            .at_line(line)
            .with_hint(
                "split it with another heading (or `slides: \"###\"` in the front matter to make each ### heading a slide), move details into the ```notes block, or put long explanations between <!-- page-only --> and <!-- /page-only -->",
            ),
        );
    }
    warnings
}

/// The page, as the deck's template sees it.
#[derive(Serialize)]
struct DeckPage<'a> {
    kind: &'static str,
    title: &'a str,
    description: &'a str,
    number: Option<usize>,
}

/// One slide, as the deck's template sees it.
#[derive(Serialize)]
struct SlideView<'a> {
    /// 1-based.
    number: usize,
    heading: Option<&'a str>,
    /// The id of its heading, for a link to the same place on the page.
    id: Option<&'a str>,
    html: &'a str,
    /// Its speaker notes, as HTML (a question's answer first).
    notes: String,
    /// True for a quiz question's slide.
    question: bool,
}

/// The answer of a question's slide, for the presenter's notes.
fn answer_notes(cx: &Cx<'_>, t: Target, s: &slides::Slide) -> Option<String> {
    let (q, Some(j)) = s.quiz? else { return None };
    let quiz = cx.rendered.get(t)?.quizzes.get(q)?;
    Some(crate::quiz::html::slide_notes(
        quiz,
        j,
        &cx.renderer.labels.quiz,
    ))
}

/// The deck's template context: the site, the page, its slides (the title
/// slide as `intro`), and the links a deck needs.
fn context(cx: &Cx<'_>, t: Target, path: &str, slides: &[slides::Slide]) -> Context {
    let doc = crate::render::document(cx.site, t);
    let site = &cx.site.config;
    let notes = &cx
        .rendered
        .get(t)
        .map(|r| r.notes.as_slice())
        .unwrap_or(&[]);
    let views: Vec<SlideView<'_>> = slides
        .iter()
        .enumerate()
        .map(|(i, s)| SlideView {
            number: i + 1,
            heading: s.heading.as_deref(),
            id: s.id.as_deref(),
            html: &s.html,
            notes: answer_notes(cx, t, s)
                .into_iter()
                .chain(
                    s.notes
                        .iter()
                        .filter_map(|&n| notes.get(n))
                        .map(|n| n.html.clone()),
                )
                .collect(),
            question: matches!(s.quiz, Some((_, Some(_)))),
        })
        .collect();
    let page_out = cx.resolved.out_of(t);
    let mut ctx = Context::new();
    ctx.insert(
        "site",
        &SiteView {
            title: &site.title,
            description: &site.description,
            language: &site.language,
            organisation: site.organisation.as_deref(),
            base_url: site.base_url.as_deref(),
        },
    );
    ctx.insert(
        "page",
        &DeckPage {
            kind: "deck",
            title: &doc.front.title,
            description: doc
                .front
                .description
                .as_deref()
                .unwrap_or(&site.description),
            number: match t {
                Target::Page(p) => cx.resolved.number(p),
                Target::Section(_) => None,
            },
        },
    );
    let (intro, rest) = views
        .split_first()
        .map_or((None, &[][..]), |(i, r)| (Some(i), r));
    ctx.insert("intro", &intro);
    ctx.insert("slides", rest);
    ctx.insert("slide_count", &views.len());
    ctx.insert("lesson_url", &relative_url(path, page_out));
    ctx.insert("home_url", &relative_url(path, &cx.resolved.section_out[0]));
    ctx.insert("root", &root_prefix(path));
    ctx.insert("current_url", path);
    ctx
}
