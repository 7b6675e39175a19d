//! What search reads of a rendered page: its text cut at its top-level
//! headings (from the [outline](crate::markdown::outline), not a second
//! Markdown pass), tags left out, entities decoded, blocks kept apart by
//! line breaks. The page's HTML holds no speaker notes and no slide-only
//! parts, so neither can be found. Left out as well: the contents of
//! `<script>`, `<style>` and `<template>`, of quiz blocks (```` ```quiz ````,
//! whose answers a search snippet would give away) and of any element
//! marked `data-nosearch`.

use crate::markdown::outline::MarkKind;
use crate::render::RenderedDoc;

/// One part of a page: the text before its first heading, or a heading and
/// the text up to the next one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Part {
    /// The heading's id (empty for the text before the first heading).
    pub id: String,
    /// The heading's text (empty for the text before the first heading).
    pub heading: String,
    /// The text: inline runs joined by spaces, blocks by `\n`.
    pub text: String,
}

/// The parts of a rendered page, in order; the first is the text before
/// the first heading (possibly empty).
pub fn parts(doc: &RenderedDoc) -> Vec<Part> {
    let html = doc.html.as_str();
    let headings: Vec<(usize, &str, &str)> = doc
        .outline
        .marks
        .iter()
        .filter_map(|m| match &m.kind {
            MarkKind::Heading { id, text, .. } if m.offset <= html.len() => {
                Some((m.offset, id.as_str(), text.as_str()))
            }
            _ => None,
        })
        .collect();
    let mut out = Vec::with_capacity(headings.len() + 1);
    let first = headings.first().map_or(html.len(), |h| h.0);
    out.push(Part {
        text: text_of(&html[..first]),
        ..Part::default()
    });
    for (i, &(offset, id, heading)) in headings.iter().enumerate() {
        let end = headings.get(i + 1).map_or(html.len(), |h| h.0);
        let body = &html[offset..end.max(offset)];
        out.push(Part {
            id: id.to_string(),
            heading: heading.to_string(),
            text: text_of(after_heading(body)),
        });
    }
    out
}

/// `html` after the heading element it starts with (`<h2 id="x">…</h2>`).
fn after_heading(html: &str) -> &str {
    let trimmed = html.trim_start();
    let level = trimmed.as_bytes().get(2).copied().unwrap_or(b'0');
    if !trimmed.starts_with("<h") || !level.is_ascii_digit() {
        return html;
    }
    let close = format!("</h{}>", level as char);
    match trimmed.find(&close) {
        Some(i) => &trimmed[i + close.len()..],
        None => html,
    }
}

/// What an element does to the text around it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Element {
    /// Its start and end do not break the text (`<strong>` in a word).
    Inline,
    /// Its contents are never text a reader sees.
    Hidden,
    /// Anything else starts and ends a block.
    Block,
}

fn element(name: &str) -> Element {
    let mut lower = [0u8; 8];
    if name.len() > lower.len() {
        return Element::Block;
    }
    for (l, b) in lower.iter_mut().zip(name.bytes()) {
        *l = b.to_ascii_lowercase();
    }
    match &lower[..name.len()] {
        b"a" | b"abbr" | b"b" | b"bdi" | b"bdo" | b"cite" | b"code" | b"data" | b"del" | b"dfn"
        | b"em" | b"i" | b"ins" | b"kbd" | b"mark" | b"q" | b"s" | b"samp" | b"small" | b"span"
        | b"strong" | b"sub" | b"sup" | b"time" | b"u" | b"var" | b"wbr" => Element::Inline,
        b"script" | b"style" | b"template" => Element::Hidden,
        _ => Element::Block,
    }
}

/// Bytes up to the first that ends a run of text: a tag, an entity, a
/// blank other than a space (two SIMD searches: the first three are
/// common, the other three searched for only before the first of those).
fn run_length(b: &[u8]) -> usize {
    let common = memchr::memchr3(b'<', b'&', b'\n', b).unwrap_or(b.len());
    memchr::memchr3(b'\t', b'\r', 0x0C, &b[..common]).unwrap_or(common)
}

/// The text of an HTML fragment: tags left out, entities decoded, runs of
/// blanks made one space, blocks separated by one `\n`.
pub fn text_of(html: &str) -> String {
    let mut text = Text::with_capacity(html.len());
    let b = html.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'<' => {
                i = tag(html, i, &mut text);
            }
            b'&' => {
                let (decoded, next) = entity(html, i);
                let decoded = decoded.as_str();
                if decoded.is_empty() {
                    // A soft hyphen: nothing.
                } else if decoded.chars().all(char::is_whitespace) {
                    text.space();
                } else {
                    text.push_str(&decoded);
                }
                i = next;
            }
            c if c.is_ascii_whitespace() => {
                text.space();
                i += 1;
            }
            _ => {
                let end = i + 1 + run_length(&b[i + 1..]);
                // A run of words with single spaces, as HTML writers put them.
                let run = &html[i..end];
                let words = run.trim_end_matches(' ');
                if words.contains("  ") {
                    for (k, word) in words.split(' ').filter(|w| !w.is_empty()).enumerate() {
                        if k > 0 {
                            text.space();
                        }
                        text.push_str(word);
                    }
                } else {
                    text.push_str(words);
                }
                if words.len() < run.len() {
                    text.space();
                }
                i = end;
            }
        }
    }
    text.out
}

/// Text being gathered, with the separator owed before the next word.
struct Text {
    out: String,
    owed: Owed,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Owed {
    Nothing,
    Space,
    Break,
}

impl Text {
    fn with_capacity(n: usize) -> Self {
        Text {
            out: String::with_capacity(n / 2),
            owed: Owed::Nothing,
        }
    }

    fn space(&mut self) {
        self.owed = self.owed.max_with(Owed::Space);
    }

    fn block(&mut self) {
        self.owed = Owed::Break;
    }

    fn push_str(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if !self.out.is_empty() {
            match self.owed {
                Owed::Break => self.out.push('\n'),
                Owed::Space => self.out.push(' '),
                Owed::Nothing => {}
            }
        }
        self.owed = Owed::Nothing;
        self.out.push_str(s);
    }
}

impl Owed {
    fn max_with(self, other: Owed) -> Owed {
        if other > self { other } else { self }
    }
}

/// Reads the tag (or comment) at `start` and returns where the text goes
/// on; skips what the tag hides.
fn tag(html: &str, start: usize, text: &mut Text) -> usize {
    let b = html.as_bytes();
    if html[start..].starts_with("<!--") {
        return html[start + 4..]
            .find("-->")
            .map_or(b.len(), |i| start + 4 + i + 3);
    }
    let closing = b.get(start + 1) == Some(&b'/');
    let name_start = 1 + usize::from(closing);
    if !b
        .get(start + name_start)
        .is_some_and(u8::is_ascii_alphabetic)
    {
        // Not a tag: `a < b` written in raw HTML.
        text.push_str("<");
        return start + 1;
    }
    let end = tag_end(b, start);
    if end == b.len() && b.last() != Some(&b'>') {
        // A tag never closed: browsers drop the rest, and so does search.
        return end;
    }
    let inner = &html[start + 1..end - 1];
    let name_start = name_start - 1;
    let name_len = inner[name_start..]
        .bytes()
        .position(|c| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len() - name_start);
    let name = &inner[name_start..name_start + name_len];
    let kind = element(name);
    if kind != Element::Inline {
        text.block();
    }
    if closing {
        return end;
    }
    let attrs = &inner[name_start + name_len..];
    let skipped = kind == Element::Hidden
        || (!attrs.is_empty() && attrs.contains("data-nosearch"))
        || (name.eq_ignore_ascii_case("code") && attrs.contains("language-quiz"));
    if skipped && !attrs.trim_end().ends_with('/') {
        text.block();
        return skip_element(html, end, &name.to_ascii_lowercase());
    }
    end
}

/// The index just past the `>` closing the tag at `start`, quotes respected.
fn tag_end(b: &[u8], start: usize) -> usize {
    let mut quote = None;
    for (i, &c) in b.iter().enumerate().skip(start + 1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    b.len()
}

/// The index past the end tag closing the element `name` (lowercase)
/// whose start tag ends at `from`, counting nested elements of the same name.
fn skip_element(html: &str, from: usize, name: &str) -> usize {
    let b = html.as_bytes();
    let name = name.as_bytes();
    // `<name` or `</name` at `i`, followed by the end of the name.
    let tag_at = |i: usize, closing: bool| {
        let start = i + 1 + usize::from(closing);
        b.get(start..start + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && (!closing || b[i + 1] == b'/')
            && b.get(start + name.len())
                .is_none_or(|c| !c.is_ascii_alphanumeric() && *c != b'-')
    };
    let nests = !matches!(name, b"script" | b"style" | b"template");
    let mut depth = 1usize;
    let mut i = from;
    while let Some(next) = b[i..].iter().position(|&c| c == b'<') {
        i += next;
        if tag_at(i, true) {
            depth -= 1;
            let end = tag_end(b, i);
            if depth == 0 {
                return end;
            }
            i = end;
        } else if nests && tag_at(i, false) {
            depth += 1;
            i = tag_end(b, i);
        } else {
            i += 1;
        }
    }
    b.len()
}

/// The entity at `start` (`&amp;`, `&#7871;`, `&#x1EBF;`) decoded, and the
/// index after it; an `&` that starts no known entity stays as it is.
fn entity(html: &str, start: usize) -> (Decoded, usize) {
    let rest = &html[start + 1..];
    let Some(semi) = rest.bytes().take(32).position(|c| c == b';') else {
        return (Decoded::Str("&"), start + 1);
    };
    let name = &rest[..semi];
    let next = start + 1 + semi + 1;
    let numeric = name
        .strip_prefix("#x")
        .or_else(|| name.strip_prefix("#X"))
        .map(|hex| u32::from_str_radix(hex, 16))
        .or_else(|| name.strip_prefix('#').map(str::parse::<u32>));
    if let Some(Ok(n)) = numeric {
        let c = char::from_u32(n)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{FFFD}');
        return (Decoded::Char(c), next);
    }
    let named = match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => " ",
        "ndash" => "–",
        "mdash" => "—",
        "hellip" => "…",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "laquo" => "«",
        "raquo" => "»",
        "copy" => "©",
        "middot" => "·",
        "shy" => "",
        _ => return (Decoded::Str("&"), start + 1),
    };
    (Decoded::Str(named), next)
}

enum Decoded {
    Str(&'static str),
    Char(char),
}

impl Decoded {
    fn as_str(&self) -> std::borrow::Cow<'static, str> {
        match self {
            Decoded::Str(s) => (*s).into(),
            Decoded::Char(c) => c.to_string().into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_leave_blocks_apart_and_inline_runs_together() {
        let html = "<p>Đăng ký <strong>mức</strong> 2.</p>\n<ul>\n<li>Một</li>\n<li>Hai <em>ba</em></li>\n</ul>\n";
        assert_eq!(text_of(html), "Đăng ký mức 2.\nMột\nHai ba");
        assert_eq!(text_of("<p>k<em>í</em>ch</p>"), "kích");
        assert_eq!(text_of("<p>a  b<em>c</em>  d </p>e"), "a bc d\ne");
    }

    #[test]
    fn a_run_ends_at_the_first_stop_byte() {
        for stop in [b'<', b'&', b'\n', b'\t', b'\r', 0x0C] {
            for at in [0, 1, 31, 32, 33, 100] {
                let mut b = "ư a ".repeat(40).into_bytes();
                b[at] = stop;
                assert_eq!(run_length(&b), at, "{stop} at {at}");
            }
        }
        assert_eq!(run_length("kích hoạt".as_bytes()), "kích hoạt".len());
        assert_eq!(run_length(b"ab\tc<d"), 2);
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            text_of("<p>A &amp; B &lt;c&gt; &#7871; &#x1EBF; &nbsp;x &unknown; &</p>"),
            "A & B <c> ế ế x &unknown; &"
        );
    }

    #[test]
    fn hidden_contents_quizzes_and_marked_elements_are_left_out() {
        let html = "<p>Giữ</p><pre><code class=\"language-quiz\">- answer: \"bí mật\"\n</code></pre>\
                    <script>var x = 1;</script><style>p{}</style>\
                    <div data-nosearch><div>ẩn</div><p>ẩn nữa</p></div><!-- chú thích --><p>Còn</p>";
        assert_eq!(text_of(html), "Giữ\nCòn");
    }

    #[test]
    fn quotes_in_attributes_do_not_end_a_tag() {
        assert_eq!(
            text_of("<a title=\"a > b\" href='x'>liên kết</a>"),
            "liên kết"
        );
        assert_eq!(text_of("<p>a < b</p>"), "a < b");
    }

    #[test]
    fn odd_html_never_panics_and_stays_linear() {
        for html in [
            "<p ế",
            "<",
            "&",
            "&#xFFFFFFFF;&#0;",
            "<code class='language-quiz'>ẩn",
            "</",
            "<!--",
            "<a title=\"ế>",
            "<script>ế",
            "<div data-nosearch><div>ẩn</div",
            "a <3 ế",
        ] {
            let _ = text_of(html);
        }
        assert_eq!(text_of("1 < 2 và 3 > 2"), "1 < 2 và 3 > 2");
        // Many `<` that open no tag, or tags that never close: linear time.
        let start = std::time::Instant::now();
        let _ = text_of(&format!("{}<b>x</b>", "1 < ".repeat(200_000)));
        let _ = text_of(&"<a ".repeat(200_000));
        let _ = text_of(&"<pre><code class=\"language-quiz\">".repeat(50_000));
        assert!(start.elapsed().as_secs() < 2, "{:?}", start.elapsed());
    }

    #[test]
    fn parts_follow_the_outline() {
        let md = "Mở đầu.\n\n## Kích hoạt {#kh}\n\nCác bước.\n\n```notes\nGhi chú của thầy cô\n```\n\n### Bước 1\n\nMở ứng dụng.\n\n> ## Trong trích dẫn\n";
        let rendered = crate::markdown::render(&crate::markdown::Input {
            body: md,
            file: std::path::Path::new("a.md"),
            body_line: 1,
            labels: &crate::markdown::Labels::default(),
            resolver: &crate::markdown::test_support::FakeResolver,
            title: None,
        });
        let doc = RenderedDoc::from(rendered);
        let parts = parts(&doc);
        assert_eq!(parts.len(), 3, "{parts:?}");
        assert_eq!(parts[0].text, "Mở đầu.");
        assert_eq!(
            (parts[1].id.as_str(), parts[1].heading.as_str()),
            ("kh", "Kích hoạt")
        );
        assert_eq!(parts[1].text, "Các bước.");
        assert_eq!(parts[2].heading, "Bước 1");
        // A heading inside a quote is not top-level: its text stays in the part.
        assert_eq!(parts[2].text, "Mở ứng dụng.\nTrong trích dẫn");
        assert!(!parts.iter().any(|p| p.text.contains("Ghi chú")));
    }
}
