//! Heading attribute blocks: `## Tiêu đề {#id .class key=value}` gives the
//! heading an id, classes and attributes. Only a well-formed block at the
//! very end of the heading, after a space, is one; anything else stays text,
//! so `## GET /users/{id}` keeps its `{id}`. (pulldown-cmark's own option
//! took any trailing braces, dropped their text and could write two ids.)
//! Attributes that would run script or carry style (`on…=`, `style=`) are
//! errors, and so are `id=`/`class=` written the long way.

use super::{Locator, Spanned};
use crate::diagnostics::Diagnostic;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// What a heading's attribute block sets.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Attrs {
    /// `#id`.
    pub id: Option<String>,
    /// `.class`, in order.
    pub classes: Vec<String>,
    /// `key=value`, in order.
    pub pairs: Vec<(String, String)>,
}

/// What the end of a heading's text is.
#[derive(Debug, PartialEq, Eq)]
pub enum Trailing {
    /// Plain text: no attribute block.
    Text,
    /// A well-formed block starting at byte `brace` of the text.
    Block {
        /// Where `{` is.
        brace: usize,
        /// What it sets.
        attrs: Attrs,
    },
    /// A block that is well-formed but sets something not allowed.
    Refused {
        /// Where `{` is.
        brace: usize,
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },
}

/// Reads the attribute block at the end of each heading, removes it from
/// the heading's text and sets the heading's id, classes and attributes.
pub(crate) fn read(
    events: &mut [Spanned<'_>],
    body: &str,
    at: &Locator<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut i = 0;
    while i < events.len() {
        if !matches!(events[i].0, Event::Start(Tag::Heading { .. })) {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < events.len() && !matches!(events[end].0, Event::End(TagEnd::Heading(_))) {
            end += 1;
        }
        apply(events, i, end, body, at, diags);
        i = end;
    }
}

/// Handles the heading whose events are `events[start..end]` (end: its `End`).
fn apply(
    events: &mut [Spanned<'_>],
    start: usize,
    end: usize,
    body: &str,
    at: &Locator<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    // The run of text events that ends the heading.
    let mut first = end;
    while first > start + 1 && matches!(events[first - 1].0, Event::Text(_)) {
        first -= 1;
    }
    if first == end {
        return;
    }
    let mut text = String::new();
    for (event, _) in &events[first..end] {
        if let Event::Text(t) = event {
            text.push_str(t);
        }
    }
    let parsed = parse(&text, first == start + 1);
    let brace = match &parsed {
        Trailing::Text => return,
        Trailing::Block { brace, .. } | Trailing::Refused { brace, .. } => *brace,
    };
    let offset = source_offset(&events[first..end], body, brace).unwrap_or(events[start].1.start);
    match parsed {
        Trailing::Block { attrs, .. } => {
            if let Event::Start(Tag::Heading {
                id,
                classes,
                attrs: pairs,
                ..
            }) = &mut events[start].0
            {
                *id = attrs.id.map(CowStr::from);
                *classes = attrs.classes.into_iter().map(CowStr::from).collect();
                *pairs = attrs
                    .pairs
                    .into_iter()
                    .map(|(k, v)| (CowStr::from(k), Some(CowStr::from(v))))
                    .collect();
            }
        }
        Trailing::Refused { message, hint, .. } => diags.push(at.error(offset, message, hint)),
        Trailing::Text => {}
    }
    let kept = text[..brace].trim_end().to_string();
    events[first].0 = Event::Text(kept.into());
    for (event, _) in &mut events[first + 1..end] {
        *event = Event::Text(CowStr::Borrowed(""));
    }
}

/// Byte offset in the body of byte `index` of the joined text of `run`,
/// when the text event holding it is written as is in the source.
fn source_offset(run: &[Spanned<'_>], body: &str, index: usize) -> Option<usize> {
    let mut seen = 0;
    for (event, range) in run {
        let Event::Text(t) = event else { continue };
        if index < seen + t.len() {
            let local = index - seen;
            return (body.get(range.clone()) == Some(&**t)).then_some(range.start + local);
        }
        seen += t.len();
    }
    None
}

/// Reads the attribute block at the end of a heading's text.
/// `starts_heading`: the text is the whole heading (nothing before it), so a
/// `{` at its start follows nothing and counts as following a space.
pub fn parse(text: &str, starts_heading: bool) -> Trailing {
    let t = text.trim_end();
    let Some(inner_end) = t.strip_suffix('}').map(str::len) else {
        return Trailing::Text;
    };
    let Some(brace) = t[..inner_end].rfind('{') else {
        return Trailing::Text;
    };
    let after_space = if brace == 0 {
        starts_heading
    } else {
        t[..brace].ends_with(char::is_whitespace)
    };
    if !after_space {
        return Trailing::Text;
    }
    match items(&t[brace + 1..inner_end]) {
        None => Trailing::Text,
        Some(Ok(attrs)) => Trailing::Block { brace, attrs },
        Some(Err((message, hint))) => Trailing::Refused {
            brace,
            message,
            hint,
        },
    }
}

/// The items of a block's inside, `None` when it is not well-formed.
fn items(inner: &str) -> Option<Result<Attrs, (String, String)>> {
    let mut attrs = Attrs::default();
    let mut rest = inner.trim_start();
    if rest.is_empty() {
        return None;
    }
    let mut refused = None;
    while !rest.is_empty() {
        let (item, after) = split_item(rest)?;
        if !after.is_empty() && !after.starts_with(char::is_whitespace) {
            return None;
        }
        match item {
            Item::Id(id) => {
                if attrs.id.is_some() {
                    refused.get_or_insert((
                        "two ids in one heading's attribute block".to_string(),
                        "keep one `#id`: a heading has one id".to_string(),
                    ));
                }
                attrs.id = Some(id.to_string());
            }
            Item::Class(class) => attrs.classes.push(class.to_string()),
            Item::Pair(key, value) => {
                if let Some(problem) = refused_key(key) {
                    refused.get_or_insert(problem);
                }
                attrs.pairs.push((key.to_string(), value.to_string()));
            }
        }
        rest = after.trim_start();
    }
    Some(match refused {
        Some(problem) => Err(problem),
        None => Ok(attrs),
    })
}

enum Item<'a> {
    Id(&'a str),
    Class(&'a str),
    Pair(&'a str, &'a str),
}

/// One item at the start of `s` and what follows it.
fn split_item(s: &str) -> Option<(Item<'_>, &str)> {
    if let Some(rest) = s.strip_prefix('#') {
        let n = prefix_len(rest, |c| c.is_alphanumeric() || "-_:.".contains(c));
        return (n > 0).then(|| (Item::Id(&rest[..n]), &rest[n..]));
    }
    if let Some(rest) = s.strip_prefix('.') {
        let n = prefix_len(rest, |c| c.is_alphanumeric() || "-_".contains(c));
        return (n > 0).then(|| (Item::Class(&rest[..n]), &rest[n..]));
    }
    if !s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return None;
    }
    let n = prefix_len(s, |c| c.is_ascii_alphanumeric() || "_:.-".contains(c));
    let (key, rest) = s.split_at(n);
    let rest = rest.strip_prefix('=')?;
    if let Some(quoted) = rest.strip_prefix('"') {
        let close = quoted.find('"')?;
        return Some((Item::Pair(key, &quoted[..close]), &quoted[close + 1..]));
    }
    let n = prefix_len(rest, |c| {
        !c.is_whitespace() && !"\"'`={}<>".contains(c) && !c.is_control()
    });
    (n > 0).then(|| (Item::Pair(key, &rest[..n]), &rest[n..]))
}

/// Bytes at the start of `s` whose characters satisfy `ok`.
fn prefix_len(s: &str, ok: impl Fn(char) -> bool) -> usize {
    s.char_indices()
        .find(|&(_, c)| !ok(c))
        .map_or(s.len(), |(i, _)| i)
}

/// Why `key=` may not be set on a heading, if it may not.
fn refused_key(key: &str) -> Option<(String, String)> {
    let lower = key.to_ascii_lowercase();
    if lower.starts_with("on") {
        return Some((
            format!(
                "`{key}=` in a heading's attribute block is an event handler: it would run script"
            ),
            "remove it: a lesson runs no script of its own".into(),
        ));
    }
    match lower.as_str() {
        "style" => Some((
            "`style=` in a heading's attribute block: the pages allow no inline style".into(),
            "give the heading a class instead, {.ten-lop}, and style it in the theme's CSS".into(),
        )),
        "id" => Some((
            "`id=` in a heading's attribute block".into(),
            "write the id as {#ten-muc}".into(),
        )),
        "class" => Some((
            "`class=` in a heading's attribute block".into(),
            "write each class as {.ten-lop}".into(),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::test_support::{printed, render_str};

    fn block(text: &str) -> Attrs {
        match parse(text, false) {
            Trailing::Block { attrs, .. } => attrs,
            other => panic!("{text:?}: {other:?}"),
        }
    }

    #[test]
    fn well_formed_blocks() {
        let a = block("Tiêu đề {#gioi-thieu .lead data-x=1 title=\"Hai từ\"}");
        assert_eq!(a.id.as_deref(), Some("gioi-thieu"));
        assert_eq!(a.classes, ["lead"]);
        assert_eq!(
            a.pairs,
            [
                ("data-x".to_string(), "1".to_string()),
                ("title".to_string(), "Hai từ".to_string())
            ]
        );
        assert_eq!(block("Bước 1 {#bước-1}  ").id.as_deref(), Some("bước-1"));
        assert_eq!(
            parse("{#a}", true),
            Trailing::Block {
                brace: 0,
                attrs: Attrs {
                    id: Some("a".into()),
                    ..Attrs::default()
                }
            }
        );
    }

    #[test]
    fn anything_else_is_text() {
        for text in [
            "GET /users/{id}",
            "Hàm {x}",
            "Ngoặc {}",
            "Ngoặc { }",
            "Dính{#id}",
            "Sau {#id} còn chữ",
            "Lạ {#}",
            "Lạ {.}",
            "Lạ {#a!}",
            "Lạ {x=}",
            "Lạ {x=\"mở}",
            "Lạ {=1}",
            "Lồng {a {#b}}",
        ] {
            assert_eq!(parse(text, false), Trailing::Text, "{text:?}");
        }
        assert_eq!(
            parse("{#a}", false),
            Trailing::Text,
            "glued to code before it"
        );
    }

    #[test]
    fn script_style_and_long_forms_are_refused() {
        for (text, what) in [
            ("T {onclick=alert(1)}", "event handler"),
            ("T {#a OnMouseOver=x}", "event handler"),
            ("T {style=color:red}", "inline style"),
            ("T {id=x}", "`id=`"),
            ("T {class=x}", "`class=`"),
            ("T {#a #b}", "two ids"),
        ] {
            match parse(text, false) {
                Trailing::Refused { message, brace, .. } => {
                    assert!(message.contains(what), "{text:?}: {message}");
                    assert_eq!(brace, 2);
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_heading_ending_in_braces_keeps_its_text_and_one_id() {
        let r = render_str("## GET /users/{id}\n\n## Xoá {#xoa .nguy-hiem}\n");
        assert!(
            r.html
                .contains("<h2 id=\"get-users-id\">GET /users/{id}</h2>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<h2 id=\"xoa\" class=\"nguy-hiem\">Xoá</h2>"),
            "{}",
            r.html
        );
        assert_eq!(r.html.matches(" id=").count(), 2, "{}", r.html);
        assert!(r.diagnostics.is_empty(), "{:?}", printed(&r));
    }

    #[test]
    fn attributes_after_code_and_emphasis() {
        let r = render_str("## Lệnh `ls` *nhanh* {#lenh}\n\n## `x`{#y}\n");
        assert!(
            r.html
                .contains("<h2 id=\"lenh\">Lệnh <code>ls</code> <em>nhanh</em></h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<code>x</code>{#y}</h2>"), "{}", r.html);
    }

    #[test]
    fn refused_attributes_are_errors_at_the_brace() {
        let r = render_str("Mở đầu\n\n## Nút {onclick=alert(1)}\n");
        let w = printed(&r);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with("content/p.md:7:8: error: `onclick=` in a heading's attribute block is an event handler"),
            "{w:?}"
        );
        assert!(!r.html.contains("onclick"), "{}", r.html);
    }
}
