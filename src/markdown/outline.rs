//! The outline of a body: where its headings and rules fall in the page's
//! HTML, which parts are for the page only or the slides only, and the
//! speaker notes, so that slides, print and search reuse the one rendering
//! of the page instead of parsing the Markdown again.
//!
//! Authors write:
//! - speaker notes as a fenced block ```` ```notes ```` holding Markdown:
//!   never on the page, in print or in search; shown in the presenter view;
//! - `<!-- slide-only -->` … `<!-- /slide-only -->` around content for the
//!   slides only, and `<!-- page-only -->` … `<!-- /page-only -->` around
//!   content for the page only (HTML comments: other Markdown tools show
//!   the content as usual).
//!
//! [`mark`] replaces these in the event stream with markers (private-use
//! characters no author text keeps) and puts a marker before every heading
//! and rule at the top level; after the one HTML rendering, [`split`] takes
//! the markers out of the HTML and returns the [`Outline`].

use crate::diagnostics::Diagnostic;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use std::ops::Range;

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';
/// [`OPEN`] and [`CLOSE`] as strings, for byte searches (a test checks
/// that they are the same characters).
const OPEN_STR: &str = "\u{E000}";
const CLOSE_STR: &str = "\u{E001}";

/// True when `s` holds a marker character. [`OPEN`] and [`CLOSE`] are
/// `EE 80 80` and `EE 80 81` in UTF-8, and no Vietnamese letter starts with
/// the byte `EE`: a byte search finds them (or not) far faster than
/// `str::contains([OPEN, CLOSE])`, which decodes every character (3% of a
/// build's time, every body being searched).
fn has_marker(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr_iter(0xEE, b)
        .any(|i| b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x80 | 0x81)))
}

/// A fenced block's info string that holds speaker notes.
pub const NOTES: &str = "notes";
const PAGE_ONLY: &str = "page-only";
const SLIDE_ONLY: &str = "slide-only";

/// One place in the page's HTML where the body divides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// Byte offset in the page's HTML.
    pub offset: usize,
    /// 1-based line in the file.
    pub line: usize,
    /// What is there.
    pub kind: MarkKind,
}

/// What divides the body at a [`Mark`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkKind {
    /// A heading at the top level starts here.
    Heading {
        /// 1 to 6.
        level: u8,
        /// Its id.
        id: String,
        /// Its plain text.
        text: String,
    },
    /// A thematic break (`---`) at the top level.
    Rule,
    /// `html[offset..end]` is for the page only: slides leave it out.
    PageOnly {
        /// End of the page-only part in the page's HTML.
        end: usize,
    },
    /// HTML shown here on slides only (not part of the page's HTML).
    SlideOnly(String),
    /// Speaker notes belong here: an index into the document's notes.
    Notes(usize),
    /// `html[offset..end]` is the page's form of a quiz at the top level:
    /// `index` into the document's quizzes. Slides and print put their own
    /// rendering of the same quiz in its place.
    Quiz {
        /// Index into the document's quizzes.
        index: usize,
        /// End of the quiz's HTML in the page's HTML.
        end: usize,
    },
}

/// How a body divides, over the page's HTML.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// In order of offset.
    pub marks: Vec<Mark>,
}

/// Speaker notes found in a body, still Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawNotes {
    /// The Markdown inside the fence.
    pub text: String,
    /// 1-based line in the file of the notes' first line.
    pub line: usize,
}

/// What [`mark`] found: the notes to render, and the line of each marker.
#[derive(Debug, Default)]
pub struct Marked {
    /// Speaker notes, in order.
    pub notes: Vec<RawNotes>,
    /// Line of each marker, by marker number.
    lines: Vec<usize>,
}

/// A marker: its own line in the HTML, so the writer's line breaks around
/// blocks stay as they were.
fn marker<'a>(code: &str) -> Event<'a> {
    Event::Html(format!("{OPEN}{code}{CLOSE}\n").into())
}

/// The markers [`split`] finds around the HTML of quiz `index` (of the
/// document's quizzes), whose block starts at `line` of the file.
pub(crate) fn quiz_markers<'a>(index: usize, line: usize) -> (Event<'a>, Event<'a>) {
    (marker(&format!("q{index}:{line}<")), marker("q>"))
}

/// What a top-level HTML comment marks, if anything.
fn role_comment(html: &str) -> Option<(&'static str, bool)> {
    let inner = html
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    let (closing, name) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest.trim()),
        None => (false, inner),
    };
    match name {
        PAGE_ONLY => Some((PAGE_ONLY, closing)),
        SLIDE_ONLY => Some((SLIDE_ONLY, closing)),
        _ => None,
    }
}

/// Replaces notes fences and role comments with markers, and puts a marker
/// before every top-level heading and rule. `line_of` turns a byte offset
/// of the body into a 1-based line of the file. Problems (a role left open,
/// closed twice, or nested) go to `diagnostics`.
pub fn mark<'a>(
    events: Vec<(Event<'a>, Range<usize>)>,
    body: &'a str,
    line_of: &dyn Fn(usize) -> usize,
    place: &dyn Fn(Diagnostic, usize) -> Diagnostic,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<(Event<'a>, Range<usize>)>, Marked) {
    let mut marked = Marked::default();
    let mut out = Vec::with_capacity(events.len() + 16);
    let mut depth = 0usize;
    let mut open: Option<(&'static str, usize)> = None;
    let mut iter = events.into_iter();
    let sanitize = has_marker(body);
    while let Some((event, range)) = iter.next() {
        let event = if sanitize {
            without_markers(event)
        } else {
            event
        };
        let mut push_marker = |code: String, offset: usize, out: &mut Vec<_>| {
            let n = marked.lines.len();
            marked.lines.push(line_of(offset));
            out.push((marker(&format!("{code}{n}")), offset..offset));
        };
        match &event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some(NOTES) =>
            {
                let mut text = String::new();
                let mut first: Option<usize> = None;
                for (e, r) in iter.by_ref() {
                    match e {
                        Event::End(TagEnd::CodeBlock) => break,
                        Event::Text(t) => {
                            first.get_or_insert(r.start);
                            text.push_str(&t);
                        }
                        _ => {}
                    }
                }
                if depth == 0 {
                    let line = first.map_or_else(|| line_of(range.start) + 1, line_of);
                    push_marker(format!("n{}:", marked.notes.len()), range.start, &mut out);
                    marked.notes.push(RawNotes { text, line });
                } else {
                    // Notes inside a list or a quote cannot keep their place
                    // between slides: an error, and the block is kept off the page.
                    diagnostics.push(place(
                        Diagnostic::error(
                            "a ```notes block inside a list or a quote: speaker notes must stand on their own",
                        )
                        .with_hint(
                            "move the ```notes block out of the list or quote, with no indentation and no `>` before it",
                        ),
                        range.start,
                    ));
                }
                continue;
            }
            Event::Start(Tag::HtmlBlock) if depth == 0 => {
                // The block's HTML, kept aside until it is known not to be a role comment.
                let mut block = vec![(event, range.clone())];
                let mut html = String::new();
                for (e, r) in iter.by_ref() {
                    let done = matches!(e, Event::End(TagEnd::HtmlBlock));
                    if let Event::Html(h) = &e {
                        html.push_str(h);
                    }
                    block.push((e, r));
                    if done {
                        break;
                    }
                }
                if let Some((role, closing)) = role_comment(&html) {
                    match (open, closing) {
                        (None, false) => {
                            open = Some((role, range.start));
                            push_marker(format!("{role}<"), range.start, &mut out);
                        }
                        (Some((was, _)), true) if was == role => {
                            open = None;
                            push_marker(format!("{role}>"), range.start, &mut out);
                        }
                        (Some((was, _)), false) => diagnostics.push(place(
                            Diagnostic::error(format!(
                                "`<!-- {role} -->` inside `<!-- {was} -->`, which is still open"
                            ))
                            .with_hint(format!("close it first with `<!-- /{was} -->`")),
                            range.start,
                        )),
                        (_, true) => diagnostics.push(place(
                            Diagnostic::error(format!(
                                "`<!-- /{role} -->` closes nothing: no `<!-- {role} -->` is open here"
                            ))
                            .with_hint(format!(
                                "put `<!-- {role} -->` before the content, or remove this line"
                            )),
                            range.start,
                        )),
                    }
                } else {
                    out.extend(block);
                }
                continue;
            }
            Event::Start(Tag::Heading { .. }) if depth == 0 => {
                push_marker("h".into(), range.start, &mut out);
            }
            Event::Rule if depth == 0 => {
                push_marker("r".into(), range.start, &mut out);
            }
            _ => {}
        }
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        out.push((event, range));
    }
    if let Some((role, offset)) = open {
        diagnostics.push(place(
            Diagnostic::error(format!("`<!-- {role} -->` is never closed"))
                .with_hint(format!("add `<!-- /{role} -->` after the content it marks")),
            offset,
        ));
    }
    (out, marked)
}

/// Replaces the marker characters in an author's text, so that only
/// [`mark`]'s markers reach [`split`].
fn without_markers(event: Event<'_>) -> Event<'_> {
    fn clean(s: CowStr<'_>) -> CowStr<'_> {
        if has_marker(&s) {
            s.replace([OPEN, CLOSE], "\u{FFFD}").into()
        } else {
            s
        }
    }
    match event {
        Event::Text(t) => Event::Text(clean(t)),
        Event::Code(t) => Event::Code(clean(t)),
        Event::Html(t) => Event::Html(clean(t)),
        Event::InlineHtml(t) => Event::InlineHtml(clean(t)),
        other => other,
    }
}

/// Takes the markers out of `html` (which becomes the page's HTML: slide-only
/// parts are cut out of it) and returns where they were.
pub fn split(html: &mut String, marked: &Marked) -> Outline {
    // The markers are searched for as bytes: str::find(char) looks for a
    // character's last byte, here 0x80 or 0x81, in nearly every
    // Vietnamese letter.
    let open = memchr::memmem::Finder::new(OPEN_STR);
    let close = memchr::memmem::Finder::new(CLOSE_STR);
    if open.find(html.as_bytes()).is_none() {
        return Outline::default();
    }
    let source = std::mem::take(html);
    let mut page = String::with_capacity(source.len());
    let mut marks = Vec::new();
    let mut slide_only: Option<(String, usize, usize)> = None;
    let mut page_only: Option<usize> = None;
    let mut quiz_open: Option<usize> = None;
    let mut rest = source.as_str();
    while let Some(start) = open.find(rest.as_bytes()) {
        let (before, after) = rest.split_at(start);
        match &mut slide_only {
            Some((buf, ..)) => buf.push_str(before),
            None => page.push_str(before),
        }
        let after = &after[OPEN.len_utf8()..];
        let Some(end) = close.find(after.as_bytes()) else {
            rest = after;
            continue;
        };
        let code = &after[..end];
        rest = &after[end + CLOSE.len_utf8()..];
        rest = rest.strip_prefix('\n').unwrap_or(rest);
        let n: usize = code
            .trim_start_matches(|c: char| !c.is_ascii_digit())
            .trim_end_matches(|c: char| !c.is_ascii_digit())
            .rsplit(':')
            .next()
            .and_then(|d| d.parse().ok())
            .unwrap_or(0);
        let mut line = marked.lines.get(n).copied().unwrap_or(0);
        let offset = page.len();
        let in_slide_only = slide_only.is_some();
        let kind = if let Some(quiz) = code.strip_prefix('q') {
            // A quiz inside a slide-only part stays part of that content.
            match quiz.strip_suffix('<').and_then(|q| q.split_once(':')) {
                Some((index, at)) if !in_slide_only => {
                    line = at.parse().unwrap_or(0);
                    quiz_open = Some(marks.len());
                    index
                        .parse()
                        .ok()
                        .map(|index| MarkKind::Quiz { index, end: offset })
                }
                _ => {
                    if let Some(i) = quiz_open.take()
                        && let Some(Mark {
                            kind: MarkKind::Quiz { end, .. },
                            ..
                        }) = marks.get_mut(i)
                    {
                        *end = offset;
                    }
                    None
                }
            }
        } else if code.starts_with('h') {
            // A heading inside a slide-only part is part of that content.
            heading_at(rest).filter(|_| !in_slide_only)
        } else if code.starts_with('r') {
            (!in_slide_only).then_some(MarkKind::Rule)
        } else if let Some(notes) = code.strip_prefix('n') {
            notes
                .split(':')
                .next()
                .and_then(|i| i.parse().ok())
                .map(MarkKind::Notes)
        } else if code.starts_with("page-only<") {
            page_only = Some(marks.len());
            Some(MarkKind::PageOnly { end: offset })
        } else if code.starts_with("page-only>") {
            if let Some(i) = page_only.take()
                && let Some(Mark {
                    kind: MarkKind::PageOnly { end },
                    ..
                }) = marks.get_mut(i)
            {
                *end = offset;
            }
            None
        } else if code.starts_with("slide-only<") {
            slide_only = Some((String::new(), offset, line));
            None
        } else if code.starts_with("slide-only>") {
            if let Some((buf, offset, line)) = slide_only.take() {
                marks.push(Mark {
                    offset,
                    line,
                    kind: MarkKind::SlideOnly(buf),
                });
            }
            None
        } else {
            None
        };
        if let Some(kind) = kind {
            marks.push(Mark { offset, line, kind });
        }
    }
    match &mut slide_only {
        Some((buf, ..)) => buf.push_str(rest),
        None => page.push_str(rest),
    }
    if let Some((buf, offset, line)) = slide_only {
        marks.push(Mark {
            offset,
            line,
            kind: MarkKind::SlideOnly(buf),
        });
    }
    *html = page;
    Outline { marks }
}

/// The heading that `html` starts with (`<h2 id="x">Text</h2>`, as the
/// HTML writer produces it).
fn heading_at(html: &str) -> Option<MarkKind> {
    let html = html.trim_start();
    let level = html.strip_prefix("<h")?.chars().next()?.to_digit(10)? as u8;
    let open_end = html.find('>')?;
    let tag = &html[..open_end];
    let id = tag
        .split_once(" id=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(id, _)| unescape(id))
        .unwrap_or_default();
    let close = format!("</h{level}>");
    let inner = &html[open_end + 1..html.find(&close)?];
    Some(MarkKind::Heading {
        level,
        id,
        text: text_of(inner),
    })
}

/// The text of an HTML fragment: tags left out, entities decoded, spaces folded.
pub fn text_of(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    unescape(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_strings_are_the_marker_characters() {
        assert_eq!(OPEN_STR, OPEN.to_string());
        assert_eq!(CLOSE_STR, CLOSE.to_string());
    }
    use pulldown_cmark::{Options, Parser};

    fn outline(md: &str) -> (String, Outline, Marked, Vec<Diagnostic>) {
        let events: Vec<_> = Parser::new_ext(md, Options::empty())
            .into_offset_iter()
            .collect();
        let mut diags = Vec::new();
        let line_of = |o: usize| md[..o].matches('\n').count() + 1;
        let place = |d: Diagnostic, o: usize| d.at_line(md[..o].matches('\n').count() + 1);
        let (events, marked) = mark(events, md, &line_of, &place, &mut diags);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
        let outline = split(&mut html, &marked);
        (html, outline, marked, diags)
    }

    #[test]
    fn notes_leave_the_page_and_keep_their_place_and_line() {
        let md =
            "## Mở đầu\n\nHọc sinh đọc.\n\n```notes\nHỏi cả lớp: *ai* đã cài?\n```\n\nCâu sau.\n";
        let (html, outline, marked, diags) = outline(md);
        assert!(diags.is_empty());
        assert!(
            !html.contains("Hỏi cả lớp") && !html.contains("<pre>"),
            "{html}"
        );
        assert!(!html.contains(OPEN) && !html.contains(CLOSE));
        assert_eq!(
            marked.notes,
            vec![RawNotes {
                text: "Hỏi cả lớp: *ai* đã cài?\n".into(),
                line: 6
            }]
        );
        assert_eq!(outline.marks.len(), 2);
        assert_eq!(
            outline.marks[0].kind,
            MarkKind::Heading {
                level: 2,
                id: String::new(),
                text: "Mở đầu".into()
            }
        );
        let notes = &outline.marks[1];
        assert_eq!(notes.kind, MarkKind::Notes(0));
        assert_eq!(&html[notes.offset..], "<p>Câu sau.</p>\n");
        assert_eq!(notes.line, 5);
    }

    #[test]
    fn notes_in_a_list_or_a_quote_are_an_error_and_never_on_the_page() {
        for md in [
            "## A\n\n- Một\n\n  ```notes\n  Bí mật của thầy\n  ```\n",
            "## A\n\n> Trích\n>\n> ```notes\n> Bí mật của thầy\n> ```\n",
        ] {
            let (html, _, marked, diags) = outline(md);
            assert!(!html.contains("Bí mật"), "{html}");
            assert!(marked.notes.is_empty());
            assert_eq!(diags.len(), 1, "{diags:?}");
            assert_eq!(diags[0].line, Some(5), "{md}");
            assert!(diags[0].message.contains("inside a list or a quote"));
        }
    }

    #[test]
    fn slide_only_is_cut_from_the_page_and_page_only_is_kept_and_marked() {
        let md = "Chung.\n<!-- slide-only -->\n![Ảnh lớn](a.png)\n<!-- /slide-only -->\n<!-- page-only -->\nGiải thích dài.\n<!-- /page-only -->\n";
        let (html, outline, _, diags) = outline(md);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(html, "<p>Chung.</p>\n<p>Giải thích dài.</p>\n");
        let kinds: Vec<&MarkKind> = outline.marks.iter().map(|m| &m.kind).collect();
        assert!(
            matches!(kinds[0], MarkKind::SlideOnly(s) if s.contains("<img src=\"a.png\" alt=\"Ảnh lớn\"")),
            "{kinds:?}"
        );
        assert_eq!(outline.marks[0].offset, "<p>Chung.</p>\n".len());
        let MarkKind::PageOnly { end } = outline.marks[1].kind else {
            panic!("{kinds:?}")
        };
        assert_eq!(
            &html[outline.marks[1].offset..end],
            "<p>Giải thích dài.</p>\n"
        );
    }

    #[test]
    fn roles_left_open_or_closing_nothing_are_errors_at_their_line() {
        let (_, _, _, diags) = outline("A\n<!-- slide-only -->\nB\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, Some(2));
        assert!(
            diags[0].message.contains("never closed"),
            "{}",
            diags[0].message
        );
        let (_, _, _, diags) = outline("A\n<!-- /page-only -->\n");
        assert!(diags[0].message.contains("closes nothing"));
        let (_, _, _, diags) =
            outline("<!-- page-only -->\n<!-- slide-only -->\nB\n<!-- /page-only -->\n");
        assert!(
            diags[0].message.contains("inside `<!-- page-only -->`"),
            "{diags:?}"
        );
    }

    #[test]
    fn headings_and_rules_are_marked_only_at_the_top_level() {
        let md = "# A\n\n> ## In a quote\n\n---\n\n- item\n\n  ## not top\n";
        let (_, outline, _, _) = outline(md);
        let kinds: Vec<&MarkKind> = outline.marks.iter().map(|m| &m.kind).collect();
        assert_eq!(kinds.len(), 2, "{kinds:?}");
        assert!(matches!(kinds[0], MarkKind::Heading { level: 1, .. }));
        assert_eq!(kinds[1], &MarkKind::Rule);
    }

    #[test]
    fn marker_characters_in_the_text_are_not_taken_for_markers() {
        let md = "x\u{E000}h0\u{E001}y\n\n## Z\n";
        let (html, outline, _, _) = outline(md);
        assert!(html.contains("x\u{FFFD}h0\u{FFFD}y"), "{html}");
        assert_eq!(outline.marks.len(), 1);
    }
}
