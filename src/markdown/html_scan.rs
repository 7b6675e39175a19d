//! What a piece of raw HTML written in Markdown would do in a reader's
//! browser, found by tokenizing it as a browser does (html5gum, a WHATWG
//! tokenizer: quotes or none, upper case, blanks around `=`, entities in
//! values are all read as the browser reads them): script (`<script>`,
//! `on…=` handlers, `javascript:` addresses), loads from other sites
//! (`src`, `srcset`, `poster`, `background`, `<link href>`, `<object data>`,
//! SVG `<image href>`, `<base href>`, `url()` and `@import` in CSS), and
//! elements the pages refuse (`<base>`, `<meta http-equiv=refresh>`,
//! `<object>`, `<embed>`, inline style). Reports only: the Content-Security-Policy
//! of every page is what stops them, and [`super::raw_html`] shows the
//! dangerous tags as text.

use super::{css, urls};
use html5gum::{DefaultEmitter, HtmlString, StartTag, Token, Tokenizer};

/// One thing found, at a byte offset of the scanned HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte offset in the scanned text.
    pub at: usize,
    /// What it is.
    pub kind: Kind,
}

/// The kinds of things found in raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `<script>`.
    Script,
    /// `on…=` on an element.
    Handler {
        /// The attribute (`onerror`).
        attr: String,
        /// The element (`img`).
        tag: String,
    },
    /// A `javascript:` or `vbscript:` address.
    ScriptUrl {
        /// `javascript` or `vbscript`.
        scheme: &'static str,
        /// Where: `href` of `<a>`, `url()` in `style`.
        place: String,
    },
    /// A fetch from another site.
    Remote {
        /// The address as written (entities decoded).
        url: String,
    },
    /// An element the pages show as text or do not show (`base`, `meta`, `iframe`, `object`, `embed`).
    Refused {
        /// The element.
        tag: String,
    },
    /// A `style` attribute, which the pages' policy ignores.
    InlineStyle {
        /// The element.
        tag: String,
    },
    /// A tag with so many double-quoted attributes in a row that it was not
    /// tokenized (see [`MAX_QUOTED_RUN`]).
    Unchecked,
}

/// Most double-quoted attribute values in a row in one tag that are
/// tokenized. html5gum 0.9 reads each further one in a nested call (its
/// states for `="…" ` call each other directly), so a tag with thousands of
/// them overflowed the stack and aborted the build; no real tag has 32.
pub const MAX_QUOTED_RUN: usize = 32;

/// Attributes whose value is an address that is followed or loaded.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "longdesc",
    "codebase",
    "lowsrc",
    "dynsrc",
    "ping",
    "manifest",
];

/// An emitter that tells html5gum it wants no parse errors, so that the
/// tokenizer skips checking every character for them: the scan here and the
/// print views' rewrite read only tags, attributes and text.
pub(crate) struct Quiet<E>(pub(crate) E);

impl<E: html5gum::Emitter> html5gum::ForwardingEmitter for Quiet<E> {
    type Token = E::Token;

    fn inner(&mut self) -> &mut impl html5gum::Emitter<Token = Self::Token> {
        &mut self.0
    }

    #[inline]
    fn should_emit_errors(&mut self) -> bool {
        false
    }
}

/// Scans `html` (one inline tag or a whole HTML block). `in_style` says
/// whether the text at its start is inside a `<style>` element opened
/// earlier, and is left saying whether one is open at its end.
pub fn scan(html: &str, in_style: &mut bool, found: &mut Vec<Finding>) {
    if let Some(at) = quoted_run_beyond(html, MAX_QUOTED_RUN) {
        found.push(Finding {
            at,
            kind: Kind::Unchecked,
        });
        return;
    }
    let tokens = Tokenizer::new_with_emitter(html, Quiet(DefaultEmitter::<usize>::new_with_span()));
    for token in tokens {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                start_tag(&tag, found);
                if tag.name == b"style" && !tag.self_closing {
                    *in_style = true;
                }
            }
            Token::EndTag(tag) if tag.name == b"style" => *in_style = false,
            Token::String(text) if *in_style => {
                css(&text_of(&text.value), text.span.start, "<style>", found);
            }
            _ => {}
        }
    }
}

/// Where a tag of `html` has more than `max` double-quoted attribute values
/// in a row, if one has. Counted from the text alone, erring on the side of
/// counting too many: a value starts at a `"` after `=` (blanks between
/// allowed) and ends at the next `"`; a `>` outside a value, or a value in
/// single quotes, ends the run (html5gum returns from its calls there).
pub fn quoted_run_beyond(html: &str, max: usize) -> Option<usize> {
    // Only a `=` (a value may follow) and a `>` matter between values:
    // memchr jumps to them (every print view reads every lesson's body).
    let bytes = html.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while let Some(k) = memchr::memchr2(b'=', b'>', &bytes[i..]) {
        let at = i + k;
        if bytes[at] == b'>' {
            run = 0;
            i = at + 1;
            continue;
        }
        let mut j = at + 1;
        while j < bytes.len() && matches!(bytes[j], b'\t' | b'\n' | b'\x0C' | b'\r' | b' ') {
            j += 1;
        }
        match bytes.get(j) {
            Some(b'"') => {
                run += 1;
                if run > max {
                    return Some(j);
                }
                // Skip the value.
                i = j + 2 + memchr::memchr(b'"', &bytes[j + 1..])?;
            }
            Some(b'\'') => {
                run = 0;
                i = j + 1;
            }
            _ => i = j,
        }
    }
    None
}

/// Scans text inside a `<style>` opened by an earlier inline tag, where
/// the Markdown reads it as text.
pub fn scan_style_text(text: &str, found: &mut Vec<Finding>) {
    css(text, 0, "<style>", found);
}

fn text_of(s: &HtmlString) -> String {
    String::from_utf8_lossy(s).into_owned()
}

fn start_tag(tag: &StartTag<usize>, found: &mut Vec<Finding>) {
    let name = text_of(&tag.name);
    let at = tag.span.start;
    let attr = |n: &str| tag.attributes.get(n.as_bytes()).map(|v| text_of(&v.value));
    match name.as_str() {
        "script" => found.push(Finding {
            at,
            kind: Kind::Script,
        }),
        "base" | "iframe" | "object" | "embed" | "applet" | "frame" | "frameset" => {
            found.push(Finding {
                at,
                kind: Kind::Refused { tag: name.clone() },
            })
        }
        "meta" if attr("http-equiv").is_some_and(|v| v.trim().eq_ignore_ascii_case("refresh")) => {
            found.push(Finding {
                at,
                kind: Kind::Refused {
                    tag: "meta http-equiv=\"refresh\"".into(),
                },
            })
        }
        _ => {}
    }
    for (key, value) in &tag.attributes {
        let key = text_of(key);
        let at = value.span.start;
        let value = text_of(&value.value);
        if key.len() > 2 && key.starts_with("on") {
            found.push(Finding {
                at,
                kind: Kind::Handler {
                    attr: key.clone(),
                    tag: name.clone(),
                },
            });
        }
        if URL_ATTRS.contains(&key.as_str())
            && let Some(scheme) = urls::script_scheme(&value)
        {
            found.push(Finding {
                at,
                kind: Kind::ScriptUrl {
                    scheme,
                    place: format!("`{key}` of `<{name}>`"),
                },
            });
        }
        if key == "style" {
            found.push(Finding {
                at,
                kind: Kind::InlineStyle { tag: name.clone() },
            });
            // Reported at the attribute: offsets inside a decoded value are not the source's.
            let before = found.len();
            css(&value, 0, "a `style` attribute", found);
            for f in &mut found[before..] {
                f.at = at;
            }
        }
        if loads(&name, &key) {
            for url in addresses(&key, &value) {
                if urls::is_remote(&url) {
                    found.push(Finding {
                        at,
                        kind: Kind::Remote { url: short(&url) },
                    });
                }
            }
        }
    }
}

/// True when the browser fetches the value of `attr` on `<tag>` as the page loads.
fn loads(tag: &str, attr: &str) -> bool {
    match attr {
        "src" | "srcset" | "imagesrcset" | "poster" | "background" | "lowsrc" | "dynsrc" => true,
        "data" => tag == "object",
        "href" | "xlink:href" => matches!(tag, "link" | "base" | "image" | "feimage" | "use"),
        _ => false,
    }
}

/// The addresses in an attribute's value: one, or each candidate of a `srcset`.
fn addresses(attr: &str, value: &str) -> Vec<String> {
    if attr.ends_with("srcset") {
        srcset(value)
    } else {
        vec![value.trim().to_string()]
    }
}

/// The URLs of a `srcset`: candidates separated by commas, each a URL and
/// optional descriptors (`a.png 2x, b.png 640w`).
pub fn srcset(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            return out;
        }
        let end = rest
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let url = rest[..end].trim_end_matches(',');
        out.push(url.to_string());
        let had_comma = rest[..end].ends_with(',');
        rest = &rest[end..];
        if !had_comma {
            // Descriptors up to the next comma outside parentheses.
            let mut depth = 0usize;
            let stop = rest
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth = depth.saturating_sub(1),
                        ',' if depth == 0 => return true,
                        _ => {}
                    }
                    false
                })
                .map_or(rest.len(), |(i, _)| i);
            rest = &rest[stop..];
        }
    }
}

/// Finds `url(…)` and `@import "…"` in CSS text starting at byte `base` of the scanned HTML.
fn css(text: &str, base: usize, place: &str, found: &mut Vec<Finding>) {
    for (i, url) in css::addresses(text) {
        let at = base + i;
        if let Some(scheme) = urls::script_scheme(url) {
            found.push(Finding {
                at,
                kind: Kind::ScriptUrl {
                    scheme,
                    place: format!("`url()` in {place}"),
                },
            });
        } else if urls::is_remote(url) {
            found.push(Finding {
                at,
                kind: Kind::Remote { url: short(url) },
            });
        }
    }
}

/// The start of an address, enough to show in a message (a value can be megabytes long).
fn short(url: &str) -> String {
    url.chars().take(240).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`quoted_run_beyond`] as first written, byte by byte.
    fn quoted_run_beyond_by_byte(html: &str, max: usize) -> Option<usize> {
        let bytes = html.as_bytes();
        let mut run = 0;
        let mut after_equals = false;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'"' if after_equals => {
                    run += 1;
                    if run > max {
                        return Some(i);
                    }
                    // Skip the value.
                    i += bytes[i + 1..]
                        .iter()
                        .position(|&b| b == b'"')
                        .map_or(bytes.len() - i, |n| n + 1);
                    after_equals = false;
                }
                b'\'' if after_equals => {
                    run = 0;
                    after_equals = false;
                }
                b'>' => {
                    run = 0;
                    after_equals = false;
                }
                b'=' => after_equals = true,
                b'\t' | b'\n' | b'\x0C' | b'\r' | b' ' => {}
                _ => after_equals = false,
            }
            i += 1;
        }
        None
    }

    #[test]
    fn quoted_runs_found_by_jumps_agree_with_a_byte_by_byte_reading() {
        let pieces = [
            "<a", " b=", "=", " = ", "\"x\"", "\"", "'y'", "'", ">", " ", "\n", "c", "ạ", "=\"",
            "\" ",
        ];
        // Every sequence of up to 4 pieces, with run limits 0 to 3.
        let mut texts = vec![String::new()];
        let mut layer = vec![String::new()];
        for _ in 0..4 {
            layer = layer
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(layer.iter().cloned());
        }
        for t in &texts {
            for max in 0..4 {
                assert_eq!(
                    quoted_run_beyond(t, max),
                    quoted_run_beyond_by_byte(t, max),
                    "{t:?} max {max}"
                );
            }
        }
    }

    fn remote(html: &str) -> Vec<String> {
        let mut found = Vec::new();
        scan(html, &mut false, &mut found);
        found
            .into_iter()
            .filter_map(|f| match f.kind {
                Kind::Remote { url } => Some(url),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_way_of_loading_from_another_site() {
        let forms = [
            (
                "<img src=\"https://a.example/1.png\">",
                "https://a.example/1.png",
            ),
            ("<img src='//a.example/2.png'>", "//a.example/2.png"),
            (
                "<img src=https://a.example/3.png>",
                "https://a.example/3.png",
            ),
            (
                "<IMG SRC = \"HTTPS://a.example/4.png\">",
                "HTTPS://a.example/4.png",
            ),
            (
                "<img src=\"&#104;ttps://a.example/5.png\">",
                "https://a.example/5.png",
            ),
            (
                "<img srcset=\"local.png 1x, https://a.example/6.png 2x\">",
                "https://a.example/6.png",
            ),
            (
                "<source srcset=\"https://a.example/7.webp\">",
                "https://a.example/7.webp",
            ),
            (
                "<link rel=\"stylesheet\" href=\"https://a.example/8.css\">",
                "https://a.example/8.css",
            ),
            (
                "<video poster=\"https://a.example/9.png\"></video>",
                "https://a.example/9.png",
            ),
            (
                "<object data=\"https://a.example/10.pdf\"></object>",
                "https://a.example/10.pdf",
            ),
            (
                "<div style=\"background: URL( 'https://a.example/11.png' )\">",
                "https://a.example/11.png",
            ),
            (
                "<base href=\"https://a.example/12/\">",
                "https://a.example/12/",
            ),
            (
                "<style>@import \"https://a.example/13.css\";</style>",
                "https://a.example/13.css",
            ),
            (
                "<style>p { background: url(https://a.example/14.png) }</style>",
                "https://a.example/14.png",
            ),
            (
                "<svg><image href=\"https://a.example/15.png\"/></svg>",
                "https://a.example/15.png",
            ),
            (
                "<img\n  alt=\"x\"\n  src=\"https://a.example/16.png\">",
                "https://a.example/16.png",
            ),
            (
                "<table background=\"https://a.example/17.png\">",
                "https://a.example/17.png",
            ),
            (
                "<script src=\"https://a.example/18.js\"></script>",
                "https://a.example/18.js",
            ),
            (
                "<iframe src=\"https://a.example/19\"></iframe>",
                "https://a.example/19",
            ),
        ];
        for (html, url) in forms {
            assert_eq!(remote(html), [url], "{html}");
        }
    }

    #[test]
    fn links_and_local_files_are_not_loads() {
        for html in [
            "<a href=\"https://vneid.gov.vn\">VNeID</a>",
            "<img src=\"anh.png\" srcset=\"anh@2x.png 2x\">",
            "<img src=\"data:image/png;base64,iVBOR\">",
            "<p data=\"https://a.example\">",
            "<p>src=\"https://a.example/x.png\"</p>",
        ] {
            assert!(remote(html).is_empty(), "{html}: {:?}", remote(html));
        }
    }

    #[test]
    fn script_in_all_its_forms() {
        let mut found = Vec::new();
        let html = "<script>alert(1)</script><img src=x OnError=\"alert(2)\"><a href=\" jav&#x09;ascript:alert(3)\">a</a><svg onload=alert(4)></svg><div style=\"background:url(javascript:alert(5))\"></div><meta http-equiv=Refresh content=\"0;url=https://a.example\"><object data=x.swf></object><embed src=x.swf>";
        scan(html, &mut false, &mut found);
        let kinds: Vec<String> = found.iter().map(|f| format!("{:?}", f.kind)).collect();
        let want = [
            "Script",
            "Handler { attr: \"onerror\", tag: \"img\" }",
            "ScriptUrl { scheme: \"javascript\", place: \"`href` of `<a>`\" }",
            "Handler { attr: \"onload\", tag: \"svg\" }",
            "InlineStyle { tag: \"div\" }",
            "ScriptUrl { scheme: \"javascript\", place: \"`url()` in a `style` attribute\" }",
            "Refused { tag: \"meta http-equiv=\\\"refresh\\\"\" }",
            "Refused { tag: \"object\" }",
            "Refused { tag: \"embed\" }",
        ];
        for w in want {
            assert!(kinds.iter().any(|k| k == w), "{w} not in {kinds:#?}");
        }
        assert_eq!(kinds.len(), want.len(), "{kinds:#?}");
        // Each is found where it is written.
        let handler = found
            .iter()
            .find(|f| matches!(f.kind, Kind::Handler { .. }))
            .unwrap();
        assert_eq!(&html[handler.at..handler.at + 7], "OnError");
    }

    #[test]
    fn style_text_across_events() {
        let mut in_style = false;
        let mut found = Vec::new();
        scan("<style>", &mut in_style, &mut found);
        assert!(in_style);
        scan_style_text("@import 'https://a.example/x.css';", &mut found);
        scan("</style>", &mut in_style, &mut found);
        assert!(!in_style);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn a_tag_with_thousands_of_quoted_attributes_is_reported_not_tokenized() {
        // Tokenized, this overflowed the stack of a debug build from about 150 attributes.
        let html = format!("<div {}>", "a=\"b\" ".repeat(100_000));
        let mut found = Vec::new();
        scan(&html, &mut false, &mut found);
        assert_eq!(
            found,
            [Finding {
                at: 5 + 6 * MAX_QUOTED_RUN + 2,
                kind: Kind::Unchecked
            }]
        );
        // Up to the limit, the tag is read, here in a thread with a small stack.
        let html = format!(
            "<img {}src=\"https://a.example/x.png\">",
            "a=\"b\" ".repeat(MAX_QUOTED_RUN - 1)
        );
        let found = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || {
                let mut found = Vec::new();
                scan(&html, &mut false, &mut found);
                found
            })
            .unwrap()
            .join()
            .unwrap();
        assert!(
            matches!(
                &found[..],
                [Finding {
                    kind: Kind::Remote { .. },
                    ..
                }]
            ),
            "{found:?}"
        );
    }

    #[test]
    fn runs_of_quoted_values() {
        assert_eq!(
            quoted_run_beyond("<a b=\"1\" c = \"2\" d=\"3\">", 2),
            Some(19)
        );
        assert_eq!(
            quoted_run_beyond("<a b=\"1\" c=\"2\"><a d=\"3\" e=\"4\">", 2),
            None
        );
        assert_eq!(
            quoted_run_beyond("<a b=\"1\" c='2' d=\"3\" e=\"4\">", 2),
            None
        );
        assert_eq!(
            quoted_run_beyond("<a b=\">\" c=\">\" d=\">\">", 2),
            Some(17)
        );
    }

    #[test]
    fn srcset_candidates() {
        assert_eq!(
            srcset(" a.png 1x,b.png 2x , https://x/c,d.png 640w, e.png"),
            ["a.png", "b.png", "https://x/c,d.png", "e.png"]
        );
        // A comma inside a URL is part of it, as a browser reads it.
        assert_eq!(srcset("a.png,b.png"), ["a.png,b.png"]);
    }
}
