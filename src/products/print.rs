//! Print views: for each section, one HTML document with all its lessons
//! in order (`<section folder>/ban-in.html`), each starting on a new sheet,
//! for teachers who hand out or pin up a whole section. The home page's
//! print view holds the whole course, section by section, while the course
//! has at most [`MAX_COURSE_LESSONS`] lessons (a larger course is printed
//! section by section: one document of thousands of lessons helps no one).
//!
//! The view concatenates the bodies already rendered for the pages (no
//! second Markdown pass), each rewritten by [`super::print_links`]: ids
//! made unique per lesson, links between its lessons pointing inside it.
//! Posters are left out: each prints on its own sheet. The view never opens
//! the print dialog by itself; its page says how to print.
//!
//! Quizzes are printed as worksheets: in a lesson's body each quiz's form
//! is replaced by its printed form (empty boxes, a line to write on; see
//! [`printed_body`]), and the answers of every lesson's quizzes are in one
//! answer key, [`PrintView::appendices`], which the template prints at the
//! end on a new sheet.

use super::print_links::{Rewrite, rewrite};
use super::{Cx, Plan, Product, Sink};
use crate::content::{PageId, SectionId};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::context::{LinkView, SourceView};
use crate::resolve::{Target, relative_url};
use serde::Serialize;
use std::collections::HashMap;

/// The file name of a print view, beside its section's `index.html`.
pub const FILE: &str = "ban-in.html";

/// The home page's print view holds the whole course up to this many
/// lessons; above, only the home page's own lessons (if any).
pub const MAX_COURSE_LESSONS: usize = 100;

/// The product's name, as `list` and messages show it.
pub const NAME: &str = "print view";

/// The print view product.
pub struct Print;

/// The output path of section `s`'s print view.
pub fn path(plan: &Plan<'_>, s: SectionId) -> String {
    match plan.resolved.section_out[s].rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{FILE}"),
        None => FILE.to_string(),
    }
}

/// The lessons the print view of section `s` holds, in order: for the home
/// page the whole course in reading order (at most [`MAX_COURSE_LESSONS`]),
/// else the section's own lessons; posters left out.
pub fn lessons(plan: &Plan<'_>, s: SectionId) -> Vec<PageId> {
    lessons_of(plan, s).collect()
}

/// True when section `s` has a print view: [`lessons`] is not empty. Asked
/// for every page (its `print_url`), so it stops at the first lesson.
fn has_lessons(plan: &Plan<'_>, s: SectionId) -> bool {
    lessons_of(plan, s).next().is_some()
}

fn lessons_of<'a>(plan: &'a Plan<'_>, s: SectionId) -> impl Iterator<Item = PageId> + 'a {
    let r = plan.resolved;
    let all: &[PageId] = if !r.is_visible(s) {
        &[]
    } else if s == 0 && r.reading_order.len() <= MAX_COURSE_LESSONS {
        &r.reading_order
    } else {
        &r.section_pages[s]
    };
    let site = plan.site;
    all.iter()
        .copied()
        .filter(move |&p| !super::poster::is_poster(site, Target::Page(p)))
}

/// True when the home page's print view holds the whole course.
fn course_view(plan: &Plan<'_>) -> bool {
    plan.resolved.reading_order.len() <= MAX_COURSE_LESSONS
}

/// The print views that hold page `p`: its section's, and the course's.
fn views_of(plan: &Plan<'_>, p: PageId) -> Vec<SectionId> {
    if super::poster::is_poster(plan.site, Target::Page(p)) {
        return Vec::new();
    }
    let mut views = vec![plan.site.pages[p].section];
    if course_view(plan) && views[0] != 0 {
        views.push(0);
    }
    views
}

/// One lesson as the print view shows it.
#[derive(Serialize)]
struct LessonView {
    /// Id of its title (`bai-6`); its body's ids start with it and `-`.
    id: String,
    number: Option<usize>,
    title: String,
    lead: Option<String>,
    /// The title of its section, when it starts a new section of a view
    /// that spans several (the whole course).
    part: Option<String>,
    audience: Vec<String>,
    reviewed: Option<String>,
    reviewed_iso: Option<String>,
    /// The body, rewritten for the view.
    html: String,
    sources: Vec<SourceView>,
}

/// Printed after every lesson, each on a new sheet: the answer key of the
/// lessons' quizzes.
#[derive(Serialize)]
pub struct Appendix {
    /// Id of its heading (unique in the view; not starting with `bai-`).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its HTML.
    pub html: String,
}

/// Everything the template `print.html` gets besides the section's context.
#[derive(Serialize)]
struct PrintView {
    /// The section's own introduction, rewritten (ids prefixed `gioi-thieu-`).
    intro: String,
    lessons: Vec<LessonView>,
    /// Printed after the lessons: the answer key of the quizzes.
    appendices: Vec<Appendix>,
    /// True when the view holds the whole course.
    whole_course: bool,
}

/// The id of lesson `p`'s title in a print view: `bai-<number>`.
fn title_id(cx: &Cx<'_>, p: PageId) -> String {
    format!("bai-{}", cx.resolved.number(p).unwrap_or(p + 1))
}

/// A body with each quiz's form (as the page shows it) replaced by its
/// printed form, made from the same parsed quiz.
fn printed_body<'a>(
    rendered: &'a crate::render::RenderedDoc,
    labels: &crate::quiz::html::QuizLabels,
) -> std::borrow::Cow<'a, str> {
    use crate::markdown::outline::MarkKind;
    let html = &rendered.html;
    if rendered.quizzes.is_empty() {
        return html.into();
    }
    let mut out = String::with_capacity(html.len());
    let mut pos = 0;
    for mark in &rendered.outline.marks {
        if let MarkKind::Quiz { index, end } = mark.kind
            && let Some(quiz) = rendered.quizzes.get(index)
            && mark.offset >= pos
            && end <= html.len()
        {
            out.push_str(&html[pos..mark.offset]);
            out.push_str(&crate::quiz::html::printed(quiz, labels));
            pos = end;
        }
    }
    out.push_str(&html[pos..]);
    out.into()
}

/// The answer key of a print view: for each lesson with quizzes, its title
/// and its answers. `None` when no lesson has a quiz.
fn answer_key(cx: &Cx<'_>, pages: &[PageId]) -> Option<Appendix> {
    let labels = &cx.renderer.labels.quiz;
    let lesson_word = cx.renderer.string("lesson");
    let mut html = String::new();
    for &p in pages {
        let Some(r) = cx.rendered.get(Target::Page(p)) else {
            continue;
        };
        if r.quizzes.is_empty() {
            continue;
        }
        let title = crate::markdown::escape(&cx.site.pages[p].doc.front.title);
        let heading = match cx.resolved.number(p) {
            Some(n) => format!("{lesson_word} {n}: {title}"),
            None => title,
        };
        html.push_str(&format!(
            "<h3>{heading}</h3>\n{}",
            crate::quiz::html::key(&r.quizzes, labels)
        ));
    }
    (!html.is_empty()).then(|| Appendix {
        id: "dap-an".into(),
        title: labels.key_title.clone(),
        html,
    })
}

/// A lesson's body as printed: its page's body (speaker notes and
/// slide-only parts are not in it; page-only parts are), rewritten for the
/// view, with its quizzes in their printed form.
fn lesson_html(
    cx: &Cx<'_>,
    t: Target,
    (prefix, label_prefix): (&str, &str),
    to: &str,
    inside: &HashMap<String, String>,
    diags: &mut Diagnostics,
) -> String {
    let Some(rendered) = cx.rendered.get(t) else {
        return String::new();
    };
    let how = Rewrite {
        prefix,
        label_prefix,
        from: cx.resolved.out_of(t),
        to,
        inside,
    };
    let body = printed_body(rendered, &cx.renderer.labels.quiz);
    match rewrite(&body, &how) {
        Ok(html) => html,
        Err(_) => {
            let doc = crate::render::document(cx.site, t);
            diags.push(
                Diagnostic::warning(format!(
                    "in the print view `{to}`, the ids of this page are not made unique: it holds a tag with more than {} quoted attributes",
                    crate::markdown::html_scan::MAX_QUOTED_RUN
                ))
                .in_file(&doc.source)
                .with_hint("split the element, or write its content in Markdown"),
            );
            rendered.html.clone()
        }
    }
}

impl Product for Print {
    fn name(&self) -> &'static str {
        NAME
    }

    fn document_files(&self, plan: &Plan<'_>, t: Target) -> Vec<String> {
        match t {
            Target::Section(s) if has_lessons(plan, s) => vec![path(plan, s)],
            _ => Vec::new(),
        }
    }

    fn document_links(&self, plan: &Plan<'_>, t: Target) -> Vec<(&'static str, String)> {
        let s = match t {
            Target::Section(s) => s,
            Target::Page(p) => match views_of(plan, p).first() {
                Some(&s) => s,
                None => return Vec::new(),
            },
        };
        match has_lessons(plan, s) {
            true => vec![("print_url", path(plan, s))],
            false => Vec::new(),
        }
    }

    fn shows_body_of(&self, plan: &Plan<'_>, changed: Target) -> Vec<Target> {
        match changed {
            Target::Page(p) => views_of(plan, p).into_iter().map(Target::Section).collect(),
            // The whole course shows each section's title.
            Target::Section(s) if s != 0 && course_view(plan) => vec![Target::Section(0)],
            Target::Section(_) => Vec::new(),
        }
    }

    fn write_document(&self, cx: &Cx<'_>, t: Target, out: &Sink<'_>) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let Target::Section(s) = t else {
            return diags;
        };
        let plan = Plan {
            site: cx.site,
            resolved: cx.resolved,
            theme: cx.theme,
        };
        let pages = lessons(&plan, s);
        if pages.is_empty() {
            return diags;
        }
        let to = path(&plan, s);
        let inside: HashMap<String, String> = pages
            .iter()
            .map(|&p| {
                (
                    cx.resolved.out_of(Target::Page(p)).to_string(),
                    title_id(cx, p),
                )
            })
            .collect();
        let whole_course = s == 0 && course_view(&plan);
        let mut last_section = s;
        let lesson_word = cx.renderer.string("lesson");
        let intro_label = format!("{} · ", cx.renderer.string("print_intro"));
        let lessons: Vec<LessonView> = pages
            .iter()
            .map(|&p| {
                let doc = &cx.site.pages[p].doc;
                let id = title_id(cx, p);
                let section = cx.site.pages[p].section;
                let part = (whole_course && section != last_section)
                    .then(|| cx.site.sections[section].doc.front.title.clone());
                last_section = section;
                let number = cx.resolved.number(p);
                let label = format!("{lesson_word} {} · ", number.unwrap_or(p + 1));
                LessonView {
                    html: lesson_html(
                        cx,
                        Target::Page(p),
                        (&format!("{id}-"), &label),
                        &to,
                        &inside,
                        &mut diags,
                    ),
                    id,
                    number,
                    title: doc.front.title.clone(),
                    lead: doc.front.description.clone(),
                    part,
                    audience: doc.front.audience.clone(),
                    reviewed: doc.front.reviewed.map(|d| d.to_vietnamese()),
                    reviewed_iso: doc.front.reviewed.map(|d| d.to_string()),
                    sources: doc
                        .front
                        .sources
                        .iter()
                        .filter_map(|(id, _)| cx.site.registry.get(id))
                        .map(|src| SourceView::of(src, cx.site))
                        .collect(),
                }
            })
            .collect();
        let view = PrintView {
            intro: lesson_html(
                cx,
                t,
                ("gioi-thieu-", &intro_label),
                &to,
                &inside,
                &mut diags,
            ),
            lessons,
            appendices: answer_key(cx, &pages).into_iter().collect(),
            whole_course,
        };
        let doc = crate::render::document(cx.site, t);
        let mut ctx = cx.views.context(t, "", &[]);
        ctx.insert("print", &view);
        ctx.insert("current_url", &to);
        ctx.insert("breadcrumb", &breadcrumb(cx, s, &to));
        let written = cx
            .renderer
            .render("print.html", ctx, Some(&doc.source))
            .and_then(|html| out.write(&to, &html));
        if let Err(e) = written {
            diags.push(e);
        }
        diags
    }
}

/// Home, the sections down to `s`, then the print view itself.
fn breadcrumb(cx: &Cx<'_>, s: SectionId, to: &str) -> Vec<LinkView> {
    let mut chain = vec![s];
    let mut at = s;
    while let Some(parent) = cx.site.sections[at].parent {
        chain.push(parent);
        at = parent;
    }
    chain.reverse();
    let mut links: Vec<LinkView> = chain
        .into_iter()
        .map(|sec| LinkView {
            title: cx.site.sections[sec].doc.front.title.clone(),
            url: relative_url(to, &cx.resolved.section_out[sec]),
            description: None,
            number: None,
        })
        .collect();
    links.push(LinkView {
        title: cx.renderer.string("print_view"),
        url: FILE.to_string(),
        description: None,
        number: None,
    });
    links
}
