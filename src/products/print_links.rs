//! One lesson's rendered body, made ready for a print view that holds many
//! lessons: every `id` gets the lesson's prefix (`bai-6-` + `buoc-2`), so
//! that no heading or footnote of one lesson shares an id with another's;
//! `#fragment` links and id references (`for`, `aria-describedby`, ...)
//! follow; a link to a lesson of the same print view points inside it
//! (`kich-hoat.html#buoc-2` becomes `#bai-6-buoc-2`, `kich-hoat.html`
//! becomes `#bai-6`); and relative addresses are rebased when the print view
//! is written in another folder than the lesson (the whole course at the
//! root). The names of its landmarks (`role="region"`, such as a table's
//! scrolling box) start with the lesson's name, so that two lessons'
//! "Bảng 1" stay apart. The HTML is read with html5gum, a WHATWG tokenizer, exactly as a
//! browser reads it; only attribute values are replaced, in place, and
//! every other byte is kept.

use crate::markdown::escape;
use crate::markdown::html_scan::{MAX_QUOTED_RUN, Quiet, quoted_run_beyond};
use crate::resolve::{percent_decode, relative_url};
use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};
use std::collections::HashMap;

/// How one lesson's body is rewritten.
pub(crate) struct Rewrite<'a> {
    /// Prefix of its ids (`bai-6-`).
    pub(crate) prefix: &'a str,
    /// Put before the names of its landmarks (`Bài 6 · `): a table's
    /// scrolling region is "Bảng 1" in every lesson.
    pub(crate) label_prefix: &'a str,
    /// Output path of the lesson (`dang-ky/kich-hoat.html`).
    pub(crate) from: &'a str,
    /// Output path of the print view (`dang-ky/ban-in.html`).
    pub(crate) to: &'a str,
    /// Output path of each lesson in the print view → the id of its title
    /// (`dang-ky/kich-hoat.html` → `bai-6`); its ids start with that and `-`.
    pub(crate) inside: &'a HashMap<String, String>,
}

/// Attributes holding one id or a list of ids of the same document.
const ID_REFS: &[&str] = &[
    "for",
    "headers",
    "list",
    "form",
    "aria-activedescendant",
    "aria-controls",
    "aria-describedby",
    "aria-details",
    "aria-errormessage",
    "aria-flowto",
    "aria-labelledby",
    "aria-owns",
];

/// The folder of an output path (`a/b` for `a/b/c.html`, `` at the root).
fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// True for an address with a scheme (`https:`, `mailto:`) or that starts
/// at a root (`/x`, `//host`): left as written.
fn is_absolute(url: &str) -> bool {
    if url.starts_with('/') || url.starts_with('\\') {
        return true;
    }
    let scheme_end = url.find(':');
    let path_start = url.find(['/', '?', '#']).unwrap_or(url.len());
    matches!(scheme_end, Some(i) if i > 0 && i < path_start
        && url[..i].starts_with(|c: char| c.is_ascii_alphabetic())
        && url[..i].chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
}

/// `rel` resolved against the folder `dir` (`..` and `.` joined away);
/// `None` when it climbs above the output root.
fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for c in rel.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            c => parts.push(c),
        }
    }
    Some(parts.join("/"))
}

impl Rewrite<'_> {
    /// The new value of an `href` or `src`, or `None` to keep it.
    fn address(&self, value: &str, is_link: bool) -> Option<String> {
        if let Some(fragment) = value.strip_prefix('#') {
            return (is_link && !fragment.is_empty())
                .then(|| format!("#{}{fragment}", self.prefix));
        }
        if value.is_empty() || is_absolute(value) {
            return None;
        }
        let (rest, fragment) = match value.split_once('#') {
            Some((r, f)) => (r, Some(f)),
            None => (value, None),
        };
        let (path, query) = match rest.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (rest, None),
        };
        let target = join(dir_of(self.from), &percent_decode(path))?;
        if is_link
            && query.is_none()
            && let Some(title) = self.inside.get(&target)
        {
            return Some(match fragment {
                Some(f) if !f.is_empty() => format!("#{title}-{f}"),
                _ => format!("#{title}"),
            });
        }
        if dir_of(self.from) == dir_of(self.to) {
            return None;
        }
        let mut url = relative_url(self.to, &target);
        if let Some(q) = query {
            url.push('?');
            url.push_str(q);
        }
        if let Some(f) = fragment {
            url.push('#');
            url.push_str(f);
        }
        Some(url)
    }

    /// The new value of an attribute, or `None` to keep it.
    fn value(&self, attr: Attr, value: &str) -> Option<String> {
        match attr {
            Attr::Id => Some(format!("{}{value}", self.prefix)),
            Attr::Href => self.address(value, true),
            Attr::Src => self.address(value, false),
            Attr::IdRefs => Some(
                value
                    .split_ascii_whitespace()
                    .map(|id| format!("{}{id}", self.prefix))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            Attr::AriaLabel | Attr::Role | Attr::Other => None,
        }
    }
}

/// The attributes the rewrite reads, told apart without allocating (the
/// tokenizer calls for every attribute of every tag).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attr {
    Id,
    Href,
    Src,
    /// One of [`ID_REFS`].
    IdRefs,
    AriaLabel,
    Role,
    Other,
}

impl Attr {
    fn of(name: &[u8]) -> Attr {
        let is = |n: &str| name.eq_ignore_ascii_case(n.as_bytes());
        if is("id") {
            Attr::Id
        } else if is("href") {
            Attr::Href
        } else if is("src") {
            Attr::Src
        } else if is("aria-label") {
            Attr::AriaLabel
        } else if is("role") {
            Attr::Role
        } else if ID_REFS.iter().any(|r| is(r)) {
            Attr::IdRefs
        } else {
            Attr::Other
        }
    }
}

/// `html` rewritten for the print view, or `Err` with the byte offset of a
/// tag with more than [`MAX_QUOTED_RUN`] quoted attributes in a row, which
/// the tokenizer cannot read safely (see [`quoted_run_beyond`]).
pub(crate) fn rewrite(html: &str, how: &Rewrite<'_>) -> Result<String, usize> {
    if let Some(at) = quoted_run_beyond(html, MAX_QUOTED_RUN) {
        return Err(at);
    }
    // (byte range of a value in `html`, its new text, already escaped)
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut attr = Attr::Other;
    // The current tag's `aria-label` (span, value) and whether it is a region.
    let mut label: Option<(usize, usize, String)> = None;
    let mut region = false;
    let emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, span: Span<usize>| {
        match event {
            CallbackEvent::OpenStartTag { .. } => {
                attr = Attr::Other;
                label = None;
                region = false;
            }
            CallbackEvent::AttributeName { name } => attr = Attr::of(name),
            CallbackEvent::AttributeValue { value } if attr != Attr::Other => {
                let value = String::from_utf8_lossy(value);
                match attr {
                    Attr::AriaLabel => label = Some((span.start, span.end, value.into_owned())),
                    Attr::Role => region = value.trim().eq_ignore_ascii_case("region"),
                    _ => {
                        if let Some(new) = how.value(attr, &value) {
                            edits.push((span.start, span.end, escape(&new)));
                        }
                    }
                }
            }
            CallbackEvent::CloseStartTag { .. } => {
                if let Some((start, end, value)) = label.take()
                    && region
                {
                    edits.push((start, end, escape(&format!("{}{value}", how.label_prefix))));
                }
            }
            _ => {}
        }
        None::<std::convert::Infallible>
    });
    let _ = Tokenizer::new_with_emitter(html, Quiet(emitter)).finish();
    let mut out = String::with_capacity(html.len() + edits.len() * 8);
    let mut copied = 0;
    for (start, end, new) in edits {
        // A value written without quotes ends at a blank or `>`: quote the new one.
        let quoted = start > 0 && matches!(html.as_bytes()[start - 1], b'"' | b'\'');
        out.push_str(&html[copied..start]);
        if quoted {
            out.push_str(&new);
        } else {
            out.push('"');
            out.push_str(&new);
            out.push('"');
        }
        copied = end;
    }
    out.push_str(&html[copied..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inside() -> HashMap<String, String> {
        HashMap::from([
            ("a/b.html".to_string(), "bai-1".to_string()),
            ("a/c.html".to_string(), "bai-2".to_string()),
        ])
    }

    #[test]
    fn ids_and_links_of_one_lesson() {
        let inside = inside();
        let how = Rewrite {
            prefix: "bai-1-",
            label_prefix: "Bài 1 · ",
            from: "a/b.html",
            to: "a/ban-in.html",
            inside: &inside,
        };
        let html = "<h2 id=\"muc\">Mục</h2><p><a href=\"#muc\">lên</a> <a href=\"c.html#buoc-2\">C</a> <a href=\"c.html\">C</a> <a href=\"index.html\">Phần</a> <a href=\"https://vneid.gov.vn\">x</a> <img src=\"h%C3%ACnh.png\" alt=\"\"><label for=muc>y</label></p><div class=\"table-wrap\" role=\"region\" aria-label=\"Bảng 1\"></div><span aria-label=\"x\"></span>";
        let out = rewrite(html, &how).unwrap();
        assert_eq!(
            out,
            "<h2 id=\"bai-1-muc\">Mục</h2><p><a href=\"#bai-1-muc\">lên</a> <a href=\"#bai-2-buoc-2\">C</a> <a href=\"#bai-2\">C</a> <a href=\"index.html\">Phần</a> <a href=\"https://vneid.gov.vn\">x</a> <img src=\"h%C3%ACnh.png\" alt=\"\"><label for=\"bai-1-muc\">y</label></p><div class=\"table-wrap\" role=\"region\" aria-label=\"Bài 1 · Bảng 1\"></div><span aria-label=\"x\"></span>"
        );
    }

    #[test]
    fn addresses_are_rebased_for_a_print_view_in_another_folder() {
        let inside = inside();
        let how = Rewrite {
            prefix: "bai-1-",
            label_prefix: "Bài 1 · ",
            from: "a/b.html",
            to: "ban-in.html",
            inside: &inside,
        };
        let html = "<a href=\"../x/y.html?q=1#z\">y</a><img src=\"h%C3%ACnh.png\"><a href=\"c.html\">c</a><a href=\"mailto:a@b.vn\">m</a>";
        let out = rewrite(html, &how).unwrap();
        assert_eq!(
            out,
            "<a href=\"x/y.html?q=1#z\">y</a><img src=\"a/h%C3%ACnh.png\"><a href=\"#bai-2\">c</a><a href=\"mailto:a@b.vn\">m</a>"
        );
    }

    #[test]
    fn only_real_attributes_are_touched() {
        let inside = inside();
        let how = Rewrite {
            prefix: "p-",
            label_prefix: "",
            from: "a/b.html",
            to: "a/ban-in.html",
            inside: &inside,
        };
        // Text that looks like an attribute, a comment, and entities in a value.
        let html = "<p>id=\"x\" href=\"#y\"</p><!-- <a id=\"z\"> --><code>&lt;a id=\"w\"&gt;</code><a href='#a&amp;b' ID=q>k</a>";
        let out = rewrite(html, &how).unwrap();
        assert_eq!(
            out,
            "<p>id=\"x\" href=\"#y\"</p><!-- <a id=\"z\"> --><code>&lt;a id=\"w\"&gt;</code><a href='#p-a&amp;b' ID=\"p-q\">k</a>"
        );
    }

    #[test]
    fn a_tag_too_long_to_tokenize_is_refused() {
        let inside = inside();
        let how = Rewrite {
            prefix: "p-",
            label_prefix: "",
            from: "a/b.html",
            to: "a/ban-in.html",
            inside: &inside,
        };
        let tag = format!("<a {}>", "x=\"1\" ".repeat(MAX_QUOTED_RUN + 1));
        assert!(rewrite(&tag, &how).is_err());
    }
}
