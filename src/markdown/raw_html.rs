//! Raw HTML written in Markdown: the GFM tag filter, and reports of what it
//! would do. The filter shows `<title>`, `<textarea>`, `<style>`, `<xmp>`,
//! `<iframe>`, `<noembed>`, `<noframes>`, `<script>` and `<plaintext>` as
//! text, in blocks and inside sentences alike (`thẻ <title> đặt tên trang`
//! no longer blanks the rest of the page); baihoc adds `<noscript>`, which
//! blanks the page the same way, and `<meta>`, whose `http-equiv="refresh"`
//! would send the reader elsewhere and which no policy stops. Script,
//! event handlers, `javascript:` addresses, remote loads and refused
//! elements found by [`super::html_scan`] are warnings (`check --strict`
//! fails on them) at their line and column.

use super::html_scan::{self, Finding, Kind};
use super::{Locator, Spanned};
use crate::diagnostics::Diagnostic;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::borrow::Cow;

/// Tags whose `<` the filter escapes: GFM's nine, then baihoc's two.
pub const FILTERED: &[&str] = &[
    "title",
    "textarea",
    "style",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "script",
    "plaintext",
    "noscript",
    "meta",
];

/// `html` with the `<` of every filtered start or end tag written `&lt;`.
pub fn filter(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    for (i, _) in html.match_indices('<') {
        if is_filtered_tag(&bytes[i + 1..]) {
            out.push_str(&html[copied..i]);
            out.push_str("&lt;");
            copied = i + 1;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// True when `after` (what follows a `<`) is `name` or `/name` for a
/// filtered name, followed by a blank, `>`, `/` or the end.
fn is_filtered_tag(after: &[u8]) -> bool {
    let after = after.strip_prefix(b"/").unwrap_or(after);
    FILTERED.iter().any(|name| {
        after.len() >= name.len()
            && after[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            && after
                .get(name.len())
                .is_none_or(|&c| c.is_ascii_whitespace() || c == b'>' || c == b'/')
    })
}

/// Reports what the raw HTML of `events` would do, and filters it.
pub(crate) fn check_and_filter<'a>(
    events: Vec<Spanned<'a>>,
    at: &Locator<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Spanned<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut block: Vec<Spanned<'a>> = Vec::new();
    let mut in_block = false;
    // Inside a `<style>` opened by an inline tag of the current paragraph.
    let mut inline_style = false;
    let mut found = Vec::new();
    for (event, range) in events {
        match event {
            Event::Start(Tag::HtmlBlock) => {
                in_block = true;
                out.push((event, range));
            }
            Event::Html(html) if in_block => block.push((Event::Html(html), range)),
            Event::End(TagEnd::HtmlBlock) => {
                in_block = false;
                check_block(&block, at, diags);
                for (e, r) in block.drain(..) {
                    out.push((filtered(e), r));
                }
                out.push((event, range));
            }
            event @ (Event::Html(_) | Event::InlineHtml(_)) => {
                if let Event::Html(html) | Event::InlineHtml(html) = &event {
                    found.clear();
                    html_scan::scan(html, &mut inline_style, &mut found);
                    report(&found, |i| range.start + i.min(range.len()), at, diags);
                }
                out.push((filtered(event), range));
            }
            Event::Text(text) if inline_style => {
                found.clear();
                html_scan::scan_style_text(&text, &mut found);
                report(&found, |_| range.start, at, diags);
                out.push((Event::Text(text), range));
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::TableCell
                | TagEnd::Item
                | TagEnd::FootnoteDefinition,
            ) => {
                // An inline `<style>` ends with the paragraph that opened it.
                inline_style = false;
                out.push((event, range));
            }
            other => out.push((other, range)),
        }
    }
    out
}

/// Scans the lines of one HTML block as one piece of HTML, so that a tag
/// written over several lines is read whole.
fn check_block(block: &[Spanned<'_>], at: &Locator<'_>, diags: &mut Vec<Diagnostic>) {
    let mut joined = String::new();
    // (offset in `joined`, offset in the body) where each line starts.
    let mut starts = Vec::with_capacity(block.len());
    for (event, range) in block {
        if let Event::Html(html) = event {
            starts.push((joined.len(), range.start, range.len()));
            joined.push_str(html);
        }
    }
    let mut found = Vec::new();
    html_scan::scan(&joined, &mut false, &mut found);
    let body_offset = |i: usize| {
        let k = starts.partition_point(|&(j, _, _)| j <= i).max(1) - 1;
        let (j, start, len) = starts.get(k).copied().unwrap_or_default();
        start + (i - j).min(len)
    };
    report(&found, body_offset, at, diags);
}

/// The event with its HTML filtered.
fn filtered(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Html(html) => Event::Html(filter_cow(html)),
        Event::InlineHtml(html) => Event::InlineHtml(filter_cow(html)),
        other => other,
    }
}

fn filter_cow(html: CowStr<'_>) -> CowStr<'_> {
    match filter(&html) {
        Cow::Borrowed(_) => html,
        Cow::Owned(s) => s.into(),
    }
}

/// Turns findings into warnings; `offset` maps an offset of the scanned HTML to one of the body.
fn report(
    found: &[Finding],
    offset: impl Fn(usize) -> usize,
    at: &Locator<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    for f in found {
        let (message, hint) = describe(&f.kind);
        diags.push(at.warning(offset(f.at), message, hint));
    }
}

/// The message and hint of a finding.
fn describe(kind: &Kind) -> (String, String) {
    const NO_SCRIPT: &str = "the pages run only the theme's script files";
    match kind {
        Kind::Script => (
            format!("raw HTML `<script>` does not run ({NO_SCRIPT}): the page shows it as text"),
            "remove it: a lesson runs no script of its own".into(),
        ),
        Kind::Handler { attr, tag } => (
            format!("event handler `{attr}=` on `<{tag}>` in raw HTML does not run ({NO_SCRIPT})"),
            format!("remove the `{attr}=` attribute"),
        ),
        Kind::ScriptUrl { scheme, place } => (
            format!("`{scheme}:` address in raw HTML ({place}) does not run ({NO_SCRIPT})"),
            "link to a page of the site or to an http(s) address".into(),
        ),
        Kind::Remote { url } => (
            format!(
                "the page loads `{}` from another site",
                super::urls::shown(url)
            ),
            super::links::REMOTE_HINT.into(),
        ),
        Kind::InlineStyle { tag } => (
            format!(
                "`style=` on `<{tag}>` in raw HTML is ignored: the pages allow no inline style"
            ),
            "give the element a class and style it in the theme's CSS (static/css/)".into(),
        ),
        Kind::Unchecked => (
            format!(
                "raw HTML with more than {} quoted attributes in one tag was not checked for script or loads from other sites",
                html_scan::MAX_QUOTED_RUN
            ),
            "split the element, or write its content in Markdown".into(),
        ),
        Kind::Refused { tag } => match tag.as_str() {
            "iframe" => (
                "raw HTML `<iframe>` is shown as text: the pages embed no other page".into(),
                "link to the page instead: [Xem hướng dẫn](https://...)".into(),
            ),
            "frame" | "frameset" => (
                format!("raw HTML `<{tag}>` is ignored: the pages embed no other page"),
                "link to the page instead: [Xem hướng dẫn](https://...)".into(),
            ),
            "base" => (
                "raw HTML `<base>` is ignored: it would change where every link of the page leads"
                    .into(),
                "remove it, and write each link relative to the page".into(),
            ),
            "object" | "embed" | "applet" => (
                format!("raw HTML `<{tag}>` does not show: the pages load no plug-in content"),
                "link to the file instead: [Tải mẫu đơn](mau-don.pdf)".into(),
            ),
            _ => (
                format!(
                    "raw HTML `<{tag}>` is shown as text: a page may not send its reader to another address by itself"
                ),
                "write a link the reader can choose to follow".into(),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::test_support::{printed, render_str};

    #[test]
    fn the_tag_filter() {
        assert_eq!(
            filter("<title>a</TITLE> <script src=x></script> <Style>"),
            "&lt;title>a&lt;/TITLE> &lt;script src=x>&lt;/script> &lt;Style>"
        );
        assert_eq!(
            filter("<textarea\n<xmp/><iframe"),
            "&lt;textarea\n&lt;xmp/>&lt;iframe"
        );
        assert_eq!(
            filter("<titles> <scripts> <b>x</b> <noscript> <meta http-equiv=refresh>"),
            "<titles> <scripts> <b>x</b> &lt;noscript> &lt;meta http-equiv=refresh>"
        );
        assert!(matches!(filter("<b>đậm</b>"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_title_tag_in_a_sentence_does_not_blank_the_page() {
        let r = render_str("Thẻ <title> đặt tên trang.\n\nĐoạn sau vẫn hiện.\n");
        assert!(
            r.html.contains("<p>Thẻ &lt;title> đặt tên trang.</p>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<p>Đoạn sau vẫn hiện.</p>"), "{}", r.html);
        assert!(r.diagnostics.is_empty(), "{:?}", printed(&r));
    }

    #[test]
    fn filtered_in_blocks_and_inline() {
        let r = render_str(
            "<div>\n<script>alert(1)</script>\n</div>\n\nA <iframe src=\"a.html\"></iframe> b <plaintext>\n",
        );
        for tag in ["<script", "</script", "<iframe", "</iframe", "<plaintext"] {
            assert!(!r.html.contains(tag), "{tag} in {}", r.html);
        }
        assert!(
            r.html.contains("&lt;script>alert(1)&lt;/script>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<div>"), "{}", r.html);
    }

    #[test]
    fn script_and_remote_loads_are_warnings_where_written() {
        let r = render_str(
            "# T\n\n<div>\n  <img alt=\"a\"\n       src=\"https://cdn.example/a.png\">\n</div>\n\nChữ <img src=x onerror=\"alert(1)\"> và <a href=\"javascript:alert(2)\">đây</a>.\n\n<script>alert(3)</script>\n",
        );
        let w = printed(&r);
        let want = [
            "content/p.md:9:8: warning: the page loads `https://cdn.example/a.png` from another site",
            "content/p.md:12:16: warning: event handler `onerror=` on `<img>` in raw HTML does not run",
            "content/p.md:12:42: warning: `javascript:` address in raw HTML (`href` of `<a>`) does not run",
            "content/p.md:14:1: warning: raw HTML `<script>` does not run",
        ];
        assert_eq!(w.len(), want.len(), "{w:#?}");
        for (got, want) in w.iter().zip(want) {
            assert!(got.starts_with(want), "{got}\nwanted {want}");
            assert!(!got.contains("error:"), "{got}");
        }
    }

    #[test]
    fn inline_style_element_text_is_checked() {
        let r = render_str("Chữ <style>@import url(https://a.example/x.css)</style> hết.\n");
        let w = printed(&r);
        assert_eq!(w.len(), 1, "{w:#?}");
        assert!(
            w[0].contains("the page loads `https://a.example/x.css`"),
            "{w:?}"
        );
        assert!(r.html.contains("&lt;style>"), "{}", r.html);
    }
}
