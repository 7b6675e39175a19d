//! Markdown → HTML: pulldown-cmark with tables, footnotes, strikethrough,
//! task lists, heading attributes and GFM alerts, followed by small
//! transforms over its event stream, each in its own module: link and image
//! rewriting ([`links`]), heading ids and the table of contents
//! ([`headings`]), callout boxes ([`callouts`]), scrollable tables
//! ([`tables`]) and labelled task-list checkboxes ([`tasks`]). Pure: no file system, no templates.

pub mod callouts;
pub mod headings;
pub mod links;
pub mod tables;
pub mod tasks;

use crate::diagnostics::Diagnostic;
use pulldown_cmark::{Event, Options, Parser};
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
}

/// The rendered body and what was learnt while rendering it.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The HTML fragment.
    pub html: String,
    /// Headings of level 2 and 3, for "on this page".
    pub toc: Vec<TocEntry>,
    /// Every heading id on the page (link targets).
    pub ids: Vec<String>,
    /// `#fragment`s of internal links, to check once every page is rendered.
    pub anchors: Vec<AnchorCheck>,
    /// Broken links, missing images, images without alt text.
    pub diagnostics: Vec<Diagnostic>,
}

/// The pulldown-cmark extensions baihoc turns on.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders one body through every transform.
pub fn render(input: &Input<'_>) -> Rendered {
    let parser = Parser::new_ext(input.body, options()).into_offset_iter();
    let mut out = Rendered::default();
    let position = |offset: usize| {
        let (line, col) = crate::diagnostics::line_col(input.body, offset);
        (line + input.body_line - 1, col)
    };
    let mut events: Vec<Event<'_>> = links::rewrite(
        parser,
        input.resolver,
        input.labels,
        &position,
        input.file,
        &mut out,
    );
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
    let (toc, ids) = headings::assign_ids(&mut events);
    out.toc = toc;
    out.ids = ids;
    let events = callouts::transform(events, input.labels);
    let events = tables::wrap(events, input.labels);
    let events = tasks::label(events, input.labels);
    out.html.reserve(input.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out
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
        })
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::render_str;

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
}
