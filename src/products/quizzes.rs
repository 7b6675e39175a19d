//! Quizzes on pages and the course's results page. Each lesson's quizzes
//! are in its body already (the render stage writes their form); this
//! product adds what the page template needs around them (through
//! [`Product::page_values`]: `quiz_page`, with where answers are stored,
//! the answer key printed on a sheet of its own, and the results page's
//! address), and writes the results page (`tu-kiem-tra.html`): every
//! lesson with a quiz, whose results `quiz.js` reads from the reader's
//! browser (nothing leaves it).
//!
//! The results page is declared when a document's Markdown holds a quiz
//! fence; it is decided before rendering, from the text, so the collision
//! check, `list --json` and the service worker see it.

use super::{Cx, Plan, Product, Sink, SiteFile};
use crate::diagnostics::Diagnostics;
use crate::render::context::standalone;
use crate::resolve::{Target, relative_url};
use rayon::prelude::*;
use serde::Serialize;

/// The results page's output path.
pub const OVERVIEW: &str = "tu-kiem-tra.html";

/// Its template.
pub const TEMPLATE: &str = "quizzes.html";

/// The quiz product.
pub struct Quizzes;

/// True when `body` has a line opening a quiz fence (```` ```quiz ```` or
/// `~~~quiz`), wherever it is: the declaration is made before rendering.
pub fn has_quiz_fence(body: &str) -> bool {
    memchr::memmem::find(body.as_bytes(), crate::quiz::FENCE.as_bytes()).is_some()
        && body.lines().any(|l| {
            let l = l
                .trim_start_matches([' ', '>', '-', '*', '\t'])
                .trim_start();
            ["```", "~~~"].iter().any(|f| {
                l.strip_prefix(f)
                    .map(|rest| rest.trim_start_matches(f.chars().next().unwrap_or('`')))
                    .is_some_and(|rest| rest.split_whitespace().next() == Some(crate::quiz::FENCE))
            })
        })
}

fn site_has_quizzes(plan: &Plan<'_>) -> bool {
    // In parallel: every body of the site is searched before anything renders.
    let targets: Vec<Target> = plan.resolved.documents().map(|(t, _)| t).collect();
    targets
        .par_iter()
        .any(|&t| has_quiz_fence(&crate::render::document(plan.site, t).body))
}

/// The name under which a site's results are stored in the browser: one
/// browser keeps apart the courses it opened from disk (every file:// page
/// shares one storage).
pub fn store_name(cx: &Cx<'_>) -> String {
    let title = crate::text::slugify(&cx.site.config.title);
    match cx.site.config.base_url.as_deref() {
        Some(url) => format!("{title}@{url}"),
        None => title,
    }
}

/// What a page template gets about its quizzes.
#[derive(Serialize)]
struct QuizPage {
    /// Where results are stored: the site's name, and the page's path.
    site: String,
    page: String,
    /// The answer key (HTML), printed on a sheet of its own.
    key: String,
    /// The results page, relative to the page.
    overview_url: Option<String>,
}

/// One lesson on the results page.
#[derive(Serialize)]
struct QuizLesson {
    number: Option<usize>,
    title: String,
    url: String,
    /// Its page's output path: the key of its stored results.
    page: String,
    questions: usize,
}

impl Product for Quizzes {
    fn name(&self) -> &'static str {
        "quiz results page"
    }

    fn site_files(&self, plan: &Plan<'_>) -> Vec<SiteFile> {
        match site_has_quizzes(plan) {
            true => vec![SiteFile::generated(OVERVIEW, "the quiz results page")],
            false => Vec::new(),
        }
    }

    fn template_links(&self, plan: &Plan<'_>) -> Vec<(&'static str, String)> {
        match site_has_quizzes(plan) {
            true => vec![("quizzes_url", OVERVIEW.to_string())],
            false => Vec::new(),
        }
    }

    fn page_values(
        &self,
        cx: &Cx<'_>,
        page: Option<Target>,
        out: &str,
    ) -> Vec<(&'static str, tera::Value)> {
        let Some(rendered) = page.and_then(|t| cx.rendered.get(t)) else {
            return Vec::new();
        };
        if rendered.quizzes.is_empty() {
            return Vec::new();
        }
        let view = QuizPage {
            site: store_name(cx),
            page: out.to_string(),
            key: crate::quiz::html::key(&rendered.quizzes, &cx.renderer.labels.quiz),
            overview_url: cx
                .declarations
                .contains(OVERVIEW)
                .then(|| relative_url(out, OVERVIEW)),
        };
        vec![("quiz_page", tera::Value::from_serializable(&view))]
    }

    fn write_site(&self, cx: &Cx<'_>, out: &Sink<'_>) -> Diagnostics {
        if !cx.declarations.contains(OVERVIEW) {
            return Diagnostics::new();
        }
        let mut lessons = Vec::new();
        for (t, path) in cx.resolved.documents() {
            let Some(r) = cx.rendered.get(t) else {
                continue;
            };
            let questions: usize = r.quizzes.iter().map(|q| q.questions.len()).sum();
            if questions == 0 {
                continue;
            }
            let doc = crate::render::document(cx.site, t);
            lessons.push(QuizLesson {
                number: match t {
                    Target::Page(p) => cx.resolved.number(p),
                    Target::Section(_) => None,
                },
                title: doc.front.title.clone(),
                url: relative_url(OVERVIEW, path),
                page: path.to_string(),
                questions,
            });
        }
        // In reading order: sections' own quizzes first, then lessons by number.
        lessons.sort_by_key(|l| l.number.unwrap_or(0));
        let title = cx.renderer.string("quiz_overview_title");
        let text = cx.renderer.string("quiz_overview_intro");
        let links = &cx.declarations.template_links;
        let mut ctx = standalone(cx.site, "", OVERVIEW, &title, &text, links);
        ctx.insert("quiz_lessons", &lessons);
        ctx.insert("quiz_site", &store_name(cx));
        super::page_values(cx, None, OVERVIEW, &mut ctx);
        cx.renderer
            .render(TEMPLATE, ctx, None)
            .and_then(|html| out.write(OVERVIEW, &html))
            .err()
            .into_iter()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::has_quiz_fence;

    #[test]
    fn quiz_fences_are_found_in_the_text() {
        assert!(has_quiz_fence("a\n```quiz\n- x\n```\n"));
        assert!(has_quiz_fence("- item\n\n  ~~~~ quiz\n"));
        assert!(!has_quiz_fence("```quizzes\n```\n"));
        assert!(!has_quiz_fence("a quiz here\n```yaml\n```\n"));
    }
}
