//! Markdown → HTML: pulldown-cmark with tables, footnotes, strikethrough,
//! task lists and GFM alerts, followed by small transforms over its event
//! stream, each in its own module: heading attribute blocks, ids and the
//! table of contents ([`headings`], [`attributes`]), footnote ids
//! ([`footnotes`]), the raw HTML filter and its checks ([`raw_html`],
//! [`html_scan`], [`css`]), link
//! and image rewriting ([`links`], with [`urls`]), callout boxes
//! ([`callouts`]), scrollable tables ([`tables`]), labelled task-list
//! checkboxes ([`tasks`]) and quiz blocks ([`quiz`]). Pure: no file system, no templates.

pub mod attributes;
pub mod callouts;
pub mod css;
pub mod footnotes;
pub mod headings;
pub mod html_scan;
pub mod links;
pub mod outline;
pub mod quiz;
pub mod raw_html;
pub mod tables;
pub mod tasks;
pub mod urls;

use crate::diagnostics::{Diagnostic, LineIndex};
use pulldown_cmark::{Event, Options, Parser};
use std::ops::Range;
use std::path::Path;

pub use headings::TocEntry;
pub use links::{AnchorCheck, LinkKind, LinkResolution, LinkResolver};

/// Interface words the transforms write into the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// Title of a `[!NOTE]` callout.
    pub note: String,
    /// Title of a `[!TIP]` callout.
    pub tip: String,
    /// Title of a `[!IMPORTANT]` callout.
    pub important: String,
    /// Title of a `[!WARNING]` callout.
    pub warning: String,
    /// Title of a `[!CAUTION]` callout.
    pub caution: String,
    /// Spoken after an external link ("opens another site").
    pub external_link: String,
    /// Accessible name of the scrolling box around a table; `{n}` is its number on the page.
    pub table: String,
    /// Name of a task-list checkbox that is not ticked.
    pub task_todo: String,
    /// Name of a ticked task-list checkbox.
    pub task_done: String,
    /// Name of the link from a footnote back to where it is cited; `{n}` is the footnote's number.
    pub footnote_back: String,
    /// Words of quizzes.
    pub quiz: crate::quiz::html::QuizLabels,
}

impl Default for Labels {
    fn default() -> Self {
        Labels {
            note: "Ghi chú".into(),
            tip: "Mẹo".into(),
            important: "Quan trọng".into(),
            warning: "Cảnh báo".into(),
            caution: "Thận trọng".into(),
            external_link: "(liên kết đến trang web khác)".into(),
            table: "Bảng {n} (vuốt ngang để xem hết)".into(),
            task_todo: "Chưa làm".into(),
            task_done: "Đã xong".into(),
            footnote_back: "Quay lại chỗ có chú thích {n}".into(),
            quiz: crate::quiz::html::QuizLabels::default(),
        }
    }
}

/// One Markdown body to render.
pub struct Input<'a> {
    /// The Markdown.
    pub body: &'a str,
    /// File shown in diagnostics.
    pub file: &'a Path,
    /// Line of the file where `body` starts (1-based).
    pub body_line: usize,
    /// Interface words.
    pub labels: &'a Labels,
    /// Answers where links lead.
    pub resolver: &'a dyn LinkResolver,
    /// The document's title (front matter), which the page shows above the
    /// body: a first `# Heading` with the same text is left out, so the
    /// title is not shown twice. `None` keeps every heading.
    pub title: Option<&'a str>,
}

/// The rendered body and what was learnt while rendering it.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The HTML fragment.
    pub html: String,
    /// Headings of level 2 and 3, for "on this page".
    pub toc: Vec<TocEntry>,
    /// Every id the body gives an element (headings, footnotes): link targets.
    pub ids: Vec<String>,
    /// `#fragment`s of internal links, to check once every page is rendered.
    pub anchors: Vec<AnchorCheck>,
    /// Broken links, missing images, images without alt text.
    pub diagnostics: Vec<Diagnostic>,
    /// Where headings, rules, notes and slide-only or page-only parts fall in `html`.
    pub outline: outline::Outline,
    /// Speaker notes, rendered, in order ([`outline::MarkKind::Notes`] indexes them).
    pub notes: Vec<Notes>,
    /// Quizzes, parsed, in order ([`outline::MarkKind::Quiz`] indexes them).
    pub quizzes: Vec<crate::quiz::Quiz>,
}

/// Speaker notes of a document, rendered: for the presenter only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes {
    /// HTML.
    pub html: String,
    /// 1-based line of the file where they start.
    pub line: usize,
}

/// The pulldown-cmark extensions baihoc turns on. Heading attributes are
/// not among them: pulldown-cmark takes any trailing `{…}` for one
/// (`## GET /users/{id}` lost its text); [`attributes`] reads only
/// well-formed blocks.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
}

/// An event with the byte range of the body it comes from.
pub(crate) type Spanned<'a> = (Event<'a>, Range<usize>);

/// Turns byte offsets of the body into diagnostics at the right line and
/// column of the file. The line index is built once per body, when the
/// first diagnostic needs it (most bodies have none).
pub(crate) struct Locator<'a> {
    body: &'a str,
    index: std::cell::OnceCell<LineIndex<'a>>,
    body_line: usize,
    file: &'a Path,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(body: &'a str, body_line: usize, file: &'a Path) -> Self {
        Locator {
            body,
            index: std::cell::OnceCell::new(),
            body_line,
            file,
        }
    }

    /// 1-based (line, column) in the file of a byte offset of the body.
    pub(crate) fn at(&self, offset: usize) -> (usize, usize) {
        let index = self.index.get_or_init(|| LineIndex::new(self.body));
        let (line, column) = index.position(offset);
        (line + self.body_line - 1, column)
    }

    /// 1-based line in the file of a byte offset of the body.
    pub(crate) fn line(&self, offset: usize) -> usize {
        let index = self.index.get_or_init(|| LineIndex::new(self.body));
        index.line(offset) + self.body_line - 1
    }

    /// The file the body comes from.
    pub(crate) fn file(&self) -> &'a Path {
        self.file
    }

    /// `d` placed at the byte offset `offset` of the body.
    pub(crate) fn place(&self, d: Diagnostic, offset: usize) -> Diagnostic {
        let (line, column) = self.at(offset);
        d.in_file(self.file).at(line, column)
    }

    /// An error at `offset`.
    pub(crate) fn error(
        &self,
        offset: usize,
        message: impl Into<String>,
        hint: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Diagnostic {
        self.place(Diagnostic::error(message), offset)
            .with_hint(hint)
    }

    /// A warning at `offset`.
    pub(crate) fn warning(
        &self,
        offset: usize,
        message: impl Into<String>,
        hint: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Diagnostic {
        self.place(Diagnostic::warning(message), offset)
            .with_hint(hint)
    }
}

/// Renders one body through every transform.
pub fn render(input: &Input<'_>) -> Rendered {
    let at = Locator::new(input.body, input.body_line, input.file);
    let mut out = Rendered::default();
    let mut events: Vec<Spanned<'_>> = Parser::new_ext(input.body, options())
        .into_offset_iter()
        .collect();
    attributes::read(&mut events, input.body, &at, &mut out.diagnostics);
    if let Some(title) = input.title {
        headings::drop_repeated_title(&mut events, title);
    }
    let (mut events, marked) = outline::mark(
        events,
        input.body,
        &|offset| at.line(offset),
        &|d, offset| at.place(d, offset),
        &mut out.diagnostics,
    );
    let mut used = headings::explicit_ids(&events);
    let notes = footnotes::Ids::assign(&events, &mut used);
    let (toc, ids) = headings::assign_ids(&mut events, used, &at, &mut out.diagnostics);
    out.toc = toc;
    out.ids = ids;
    out.ids.extend(notes.all_ids());
    // Before any transform writes HTML of its own: only the author's is checked.
    let events = raw_html::check_and_filter(events, &at, &mut out.diagnostics);
    let (events, quizzes) = quiz::transform(
        events,
        &at,
        &input.labels.quiz,
        &mut out.ids,
        &mut out.diagnostics,
    );
    out.quizzes = quizzes;
    let events = footnotes::rewrite(events, &notes, input.labels);
    let events = crate::qr::transform(events, input.resolver, &at, &mut out.diagnostics);
    let events = links::rewrite(events, input.resolver, input.labels, &at, &mut out);
    for (line, marker) in callouts::unknown_markers(input.body) {
        out.diagnostics.push(
            Diagnostic::warning(format!(
                "unknown callout `[!{marker}]`: it will show as a plain quote"
            ))
            .in_file(input.file)
            .at(line + input.body_line, 1)
            .with_hint("use one of [!NOTE], [!TIP], [!IMPORTANT], [!WARNING], [!CAUTION]"),
        );
    }
    let events = callouts::transform(events, input.labels);
    let events = tables::wrap(events, input.labels);
    let events = tasks::label(events, input.labels);
    out.html.reserve(input.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out.outline = outline::split(&mut out.html, &marked);
    drop_slide_only_headings(&mut out);
    for raw in marked.notes {
        let notes = render(&Input {
            body: &raw.text,
            file: input.file,
            body_line: raw.line,
            labels: input.labels,
            resolver: input.resolver,
            title: None,
        });
        out.anchors.extend(notes.anchors);
        out.diagnostics.extend(notes.diagnostics);
        out.notes.push(Notes {
            html: notes.html,
            line: raw.line,
        });
    }
    out
}

/// Headings inside slide-only parts are on the slides, not on the page:
/// they leave the page's "on this page" list and the ids a link to the page
/// may point at (found by the proptest of random sites: the list linked to
/// `#tom-tat`, which the page did not have, and the link check let a link
/// to it through).
fn drop_slide_only_headings(out: &mut Rendered) {
    let mut gone = std::collections::HashSet::new();
    for mark in &out.outline.marks {
        let outline::MarkKind::SlideOnly(html) = &mark.kind else {
            continue;
        };
        let mut rest = html.as_str();
        while let Some(i) = rest.find("<h") {
            rest = &rest[i + 2..];
            let id = rest
                .strip_prefix(|c: char| ('1'..='6').contains(&c))
                .and_then(|r| r.strip_prefix(" id=\""))
                .and_then(|r| r.split_once('"'))
                .map(|(id, _)| id);
            if let Some(id) = id {
                gone.insert(id.to_string());
            }
        }
    }
    if !gone.is_empty() {
        out.toc.retain(|e| !gone.contains(&escape(&e.id)));
        out.ids.retain(|id| !gone.contains(&escape(id)));
    }
}

/// Escapes text for an HTML attribute value or text node.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    /// A resolver for tests: `x.md` exists (ids `a`, `b`), everything else is missing; http is external.
    pub(crate) struct FakeResolver;

    impl LinkResolver for FakeResolver {
        fn resolve(&self, dest: &str, _kind: LinkKind) -> LinkResolution {
            if dest.starts_with("http") {
                return LinkResolution::External;
            }
            let (path, frag) = dest.split_once('#').unwrap_or((dest, ""));
            match path {
                "x.md" | "" => LinkResolution::Internal {
                    url: if path.is_empty() {
                        String::new()
                    } else {
                        "x.html".into()
                    },
                    target: "x.html".into(),
                    fragment: (!frag.is_empty()).then(|| frag.to_string()),
                },
                "img.png" => LinkResolution::Internal {
                    url: "img.png".into(),
                    target: "img.png".into(),
                    fragment: None,
                },
                _ => LinkResolution::Broken {
                    message: format!("link to missing page `{path}`"),
                    hint: "check the path".into(),
                },
            }
        }
    }

    pub(crate) fn render_str(md: &str) -> Rendered {
        let labels = Labels::default();
        render(&Input {
            body: md,
            file: Path::new("content/p.md"),
            body_line: 5,
            labels: &labels,
            resolver: &FakeResolver,
            title: None,
        })
    }

    /// Renders `md` as the body of a document titled `title`.
    pub(crate) fn render_titled(md: &str, title: &str) -> Rendered {
        let labels = Labels::default();
        render(&Input {
            body: md,
            file: Path::new("content/p.md"),
            body_line: 5,
            labels: &labels,
            resolver: &FakeResolver,
            title: Some(title),
        })
    }

    /// Every `id="…"` in `html`, in order.
    pub(crate) fn ids_in(html: &str) -> Vec<String> {
        attr_values(html, " id=\"")
    }

    /// Every `href="#…"` in `html`, without the `#`.
    pub(crate) fn fragments_in(html: &str) -> Vec<String> {
        attr_values(html, " href=\"#")
    }

    fn attr_values(html: &str, prefix: &str) -> Vec<String> {
        html.match_indices(prefix)
            .filter_map(|(i, _)| {
                let rest = &html[i + prefix.len()..];
                rest.find('"').map(|end| rest[..end].to_string())
            })
            .collect()
    }

    /// Every diagnostic, printed.
    pub(crate) fn printed(r: &Rendered) -> Vec<String> {
        r.diagnostics.iter().map(|d| d.to_string()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::render_str;

    #[test]
    fn headings_of_slide_only_parts_are_not_listed_on_the_page() {
        let r = render_str(
            "## Một\n\n## Hai\n\n<!-- slide-only -->\n## Tóm tắt\n\nChỉ chiếu.\n<!-- /slide-only -->\n\n## Ba\n",
        );
        assert!(!r.html.contains("tom-tat"), "{}", r.html);
        let toc: Vec<&str> = r.toc.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(toc, ["mot", "hai", "ba"]);
        assert!(!r.ids.iter().any(|id| id == "tom-tat"), "{:?}", r.ids);
        let on_slides = r.outline.marks.iter().any(|m| {
            matches!(&m.kind, super::outline::MarkKind::SlideOnly(h) if h.contains("<h2 id=\"tom-tat\">"))
        });
        assert!(on_slides, "the heading stays on the slides");
    }

    #[test]
    fn extensions_are_on() {
        let r =
            render_str("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ [^1]\n\n[^1]: n\n\n- [x] done\n");
        assert!(r.html.contains("<table>"), "{}", r.html);
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("footnote-definition"));
        assert!(r.html.contains("type=\"checkbox\""));
    }

    #[test]
    fn diagnostics_point_into_the_file() {
        let r = render_str("# T\n\nsee [y](y.md)\n");
        let d = &r.diagnostics[0];
        assert_eq!(d.line, Some(7));
        assert_eq!(d.column, Some(5));
        assert_eq!(
            d.file.as_deref(),
            Some(std::path::Path::new("content/p.md"))
        );
    }

    #[test]
    fn notes_are_rendered_apart_with_links_resolved_and_positions_kept() {
        let r = render_str(
            "## Mở đầu\n\nCho học sinh xem.\n\n```notes\nHỏi: xem [bài X](x.md#a), rồi [lỗi](khong.md).\n```\n",
        );
        assert!(!r.html.contains("Hỏi"), "{}", r.html);
        assert_eq!(r.notes.len(), 1);
        assert!(
            r.notes[0].html.contains("<a href=\"x.html#a\">bài X</a>"),
            "{:?}",
            r.notes
        );
        // The body starts at line 5 of the file: the notes' text is on line 10.
        assert_eq!(r.notes[0].line, 10);
        let broken: Vec<String> = r.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(broken.len(), 1, "{broken:?}");
        assert!(
            broken[0].starts_with("content/p.md:10:31: error: link to missing page"),
            "{broken:?}"
        );
        assert!(r.anchors.iter().any(|a| a.fragment == "a" && a.line == 10));
    }
}
