//! Link and image rewriting: a link to another `.md` file becomes a link to
//! that page's output file, an image beside the Markdown gets its output
//! path, a missing target is an error with its line, a `#fragment` is
//! recorded to be checked once every page's headings are known, and a link
//! that leaves the site gets `rel="external noopener"` and a visible mark.
//! A `javascript:`, `vbscript:` or `data:` address is an error, found
//! before the resolver is asked (a raster `data:image/…` picture is
//! allowed: it cannot hold script).

use super::{Labels, Locator, Rendered, Spanned, escape, urls};
use crate::diagnostics::Diagnostic;
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use std::path::PathBuf;

/// What kind of reference is being resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](dest)`.
    Link,
    /// `![alt](dest)`.
    Image,
}

/// Where a link leads, as answered by the resolver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkResolution {
    /// Another web site (http or https): marked as leaving the site.
    External,
    /// Something to leave exactly as written (`mailto:`, `tel:`, `data:`).
    Unchanged,
    /// A page, section or file of this site.
    Internal {
        /// Relative URL from the current page, without fragment ("" for the page itself).
        url: String,
        /// Output path of the target, to look up its heading ids.
        target: String,
        /// The `#fragment`, percent-decoded, when there is one.
        fragment: Option<String>,
    },
    /// The target does not exist.
    Broken {
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },
}

/// Answers where a link leads. Implemented by the render stage over the resolved site.
pub trait LinkResolver: Sync {
    /// Resolves `dest` as written in the Markdown.
    fn resolve(&self, dest: &str, kind: LinkKind) -> LinkResolution;

    /// Where the document's `qr:` images may lead ([`crate::qr`]). The
    /// default trusts no host and knows no published address.
    fn qr_policy(&self) -> crate::qr::Policy<'_> {
        crate::qr::Policy::default()
    }
}

/// A `#fragment` to check against the target's heading ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorCheck {
    /// Output path of the target document.
    pub target: String,
    /// The id looked for.
    pub fragment: String,
    /// Where the link is written.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// How to replace a load from another site.
pub(crate) const REMOTE_HINT: &str = "download the file and put it beside the page (it must work offline and from a USB stick), or make it a link instead";

/// Rewrites links and images; refuses addresses that would run script.
pub(crate) fn rewrite<'a>(
    events: Vec<Spanned<'a>>,
    resolver: &dyn LinkResolver,
    labels: &Labels,
    at: &Locator<'_>,
    out: &mut Rendered,
) -> Vec<Event<'a>> {
    let mut result = Vec::with_capacity(events.len());
    let mut in_external = false;
    // (alt text length so far, where the image starts) while inside an image.
    let mut image: Option<(usize, usize)> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if link_type != LinkType::Email => {
                if let Some(d) = refused(&dest_url, LinkKind::Link, range.start, at) {
                    out.diagnostics.push(d);
                    result.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: CowStr::Borrowed(""),
                        title,
                        id,
                    }));
                    continue;
                }
                match resolver.resolve(&dest_url, LinkKind::Link) {
                    LinkResolution::External => {
                        in_external = true;
                        let mut html = format!(
                            "<a href=\"{}\" class=\"external\" rel=\"external noopener\"",
                            escape(&dest_url)
                        );
                        if !title.is_empty() {
                            html.push_str(&format!(" title=\"{}\"", escape(&title)));
                        }
                        html.push('>');
                        result.push(Event::InlineHtml(html.into()));
                        continue;
                    }
                    LinkResolution::Internal {
                        url,
                        target,
                        fragment,
                    } => {
                        let dest = with_fragment(url, &target, fragment, range.start, at, out);
                        result.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url: dest.into(),
                            title,
                            id,
                        }));
                        continue;
                    }
                    LinkResolution::Broken { message, hint } => {
                        out.diagnostics.push(at.error(range.start, message, hint));
                    }
                    LinkResolution::Unchanged => {}
                }
                result.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) if in_external => {
                in_external = false;
                result.push(Event::InlineHtml(
                    format!(
                        "<span class=\"external-mark\" aria-hidden=\"true\">↗</span><span class=\"visually-hidden\"> {}</span></a>",
                        escape(&labels.external_link)
                    )
                    .into(),
                ));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                image = Some((0, range.start));
                let dest_url: CowStr<'a> =
                    if let Some(d) = refused(&dest_url, LinkKind::Image, range.start, at) {
                        out.diagnostics.push(d);
                        CowStr::Borrowed("")
                    } else if urls::is_raster_data_image(&dest_url) {
                        dest_url
                    } else {
                        match resolver.resolve(&dest_url, LinkKind::Image) {
                            LinkResolution::Internal { url, .. } => url.into(),
                            LinkResolution::Broken { message, hint } => {
                                out.diagnostics.push(at.error(range.start, message, hint));
                                dest_url
                            }
                            LinkResolution::External => {
                                out.diagnostics.push(at.warning(
                                    range.start,
                                    format!(
                                        "the page loads `{}` from another site",
                                        urls::shown(&dest_url)
                                    ),
                                    REMOTE_HINT,
                                ));
                                dest_url
                            }
                            LinkResolution::Unchanged => dest_url,
                        }
                    };
                result.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                if let Some((alt_len, start)) = image.take()
                    && alt_len == 0
                {
                    out.diagnostics.push(at.warning(
                        start,
                        "image without alt text",
                        "describe the picture between the brackets: ![Màn hình cài đặt VNeID](anh.png)",
                    ));
                }
                result.push(Event::End(TagEnd::Image));
            }
            Event::Text(t) | Event::Code(t) if image.is_some() => {
                if let Some((len, _)) = &mut image {
                    *len += t.trim().len();
                }
                result.push(Event::Text(t));
            }
            other => result.push(other),
        }
    }
    result
}

/// An error when `dest` would run script or hide a document in the link:
/// `javascript:`, `vbscript:` and `data:` (for an image, `data:` other than
/// a raster picture), however written. Checked before the resolver is asked.
fn refused(dest: &str, kind: LinkKind, offset: usize, at: &Locator<'_>) -> Option<Diagnostic> {
    let what = match kind {
        LinkKind::Link => "link",
        LinkKind::Image => "image",
    };
    if let Some(scheme) = urls::script_scheme(dest) {
        return Some(at.error(
            offset,
            format!(
                "{what} to a `{scheme}:` address (`{}`): it would run script in the reader's browser",
                urls::shown(dest)
            ),
            match kind {
                LinkKind::Link => "link to a page of the site (its .md file) or to an http(s) address; a lesson runs no script of its own",
                LinkKind::Image => "put the picture beside the page and write ![mô tả](anh.png)",
            },
        ));
    }
    if urls::is_data(dest) && !(kind == LinkKind::Image && urls::is_raster_data_image(dest)) {
        let shown: String = urls::shown(dest).chars().take(40).collect();
        return Some(at.error(
            offset,
            match kind {
                LinkKind::Link => format!(
                    "link to a `data:` address (`{shown}…`): a document hidden in a link can run script"
                ),
                LinkKind::Image => format!(
                    "image from a `data:` address that is not a PNG, JPEG, GIF, WebP or AVIF picture (`{shown}…`): an SVG or a document can carry script"
                ),
            },
            match kind {
                LinkKind::Link => "put the file beside the page and link to it: [Mẫu đơn](mau-don.pdf)",
                LinkKind::Image => "save the picture as a file beside the page and write ![mô tả](anh.svg)",
            },
        ));
    }
    None
}

fn with_fragment(
    url: String,
    target: &str,
    fragment: Option<String>,
    offset: usize,
    at: &Locator<'_>,
    out: &mut Rendered,
) -> String {
    match fragment {
        Some(fragment) => {
            let (line, column) = at.at(offset);
            let dest = format!("{url}#{}", crate::resolve::encode_segment(&fragment));
            out.anchors.push(AnchorCheck {
                target: target.to_string(),
                fragment,
                file: at.file().to_path_buf(),
                line,
                column,
            });
            dest
        }
        None => url,
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::render_str;

    #[test]
    fn internal_links_are_rewritten_and_anchors_recorded() {
        let r = render_str("[a](x.md#b) [self](#c)\n");
        assert!(r.html.contains("href=\"x.html#b\""), "{}", r.html);
        assert!(r.html.contains("href=\"#c\""), "{}", r.html);
        assert_eq!(r.anchors.len(), 2);
        assert_eq!(r.anchors[0].fragment, "b");
        assert_eq!((r.anchors[0].line, r.anchors[0].column), (5, 1));
        assert!(r.diagnostics.is_empty());
    }

    #[test]
    fn external_links_are_marked() {
        let r = render_str("Xem [VNeID](https://vneid.gov.vn \"Cổng\").\n");
        assert!(
            r.html.contains("<a href=\"https://vneid.gov.vn\" class=\"external\" rel=\"external noopener\" title=\"Cổng\">VNeID<span class=\"external-mark\" aria-hidden=\"true\">↗</span><span class=\"visually-hidden\"> (liên kết đến trang web khác)</span></a>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn broken_links_and_images_are_errors() {
        let r = render_str("[a](nope.md)\n\n![x](missing.png)\n");
        assert_eq!(r.diagnostics.len(), 2);
        assert!(r.diagnostics.iter().all(|d| d.is_error()));
        assert_eq!(r.diagnostics[1].line, Some(7));
    }

    #[test]
    fn images_need_alt_text() {
        let r = render_str("![](img.png)\n\n![Ảnh](img.png)\n");
        assert_eq!(r.diagnostics.len(), 1);
        assert!(!r.diagnostics[0].is_error());
        assert!(r.diagnostics[0].message.contains("alt"));
        assert!(
            r.html.contains("<img src=\"img.png\" alt=\"Ảnh\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn remote_images_and_scripts_warn() {
        let r = render_str(
            "![Ảnh](https://example.com/a.png)\n\n<script src=\"https://cdn.example/x.js\"></script>\n\nA <img src='//cdn.example/y.png'> b\n",
        );
        let mut w: Vec<String> = r.diagnostics.iter().map(|d| d.to_string()).collect();
        w.sort();
        assert_eq!(w.len(), 4, "{w:?}");
        assert!(
            w[0].contains("content/p.md:5:1: warning: the page loads `https://example.com/a.png`"),
            "{w:?}"
        );
        assert!(
            w[1].starts_with("content/p.md:7:1: warning: raw HTML `<script>` does not run"),
            "{w:?}"
        );
        assert!(
            w[2].starts_with(
                "content/p.md:7:9: warning: the page loads `https://cdn.example/x.js`"
            ),
            "{w:?}"
        );
        assert!(
            w[3].starts_with("content/p.md:9:8: warning: the page loads `//cdn.example/y.png`"),
            "{w:?}"
        );
        // A link to another site is not a request.
        assert!(
            render_str("[VNeID](https://vneid.gov.vn)\n")
                .diagnostics
                .is_empty()
        );
    }

    #[test]
    fn script_and_data_addresses_are_errors_in_every_spelling() {
        let cases = [
            "[a](javascript:alert(1))",
            "[a](JavaScript:alert(1))",
            "[a](<javascript:alert(1)>)",
            "[a](< javascript:alert(1)>)",
            "<javascript:alert(1)>",
            "[a](java&#x09;script:alert(1))",
            "[a](&#106;avascript:alert(1))",
            "[a](javascript&colon;alert(1))",
            "[a](java%0Ascript:alert(1))",
            "[a][r]\n\n[r]: vbscript:msgbox(1)",
            "[a](VBScript:msgbox(1))",
            "[a](data:text/html;base64,PHNjcmlwdD4=)",
            "[a](<DATA:text/html,%3Cscript%3Ealert(1)%3C/script%3E>)",
            "![a](javascript:alert(1))",
            "![a](data:image/svg+xml,<svg/onload=alert(1)>)",
            "![a](data:text/html,x)",
        ];
        for md in cases {
            let r = render_str(&format!("Chữ {md}\n"));
            let w: Vec<String> = r.diagnostics.iter().map(|d| d.to_string()).collect();
            let refused = md != "[a](java%0Ascript:alert(1))";
            if !refused {
                // Percent-escapes are not decoded in a scheme: a relative link, resolved as one.
                assert!(w.iter().all(|d| !d.contains("run script")), "{md}: {w:?}");
                continue;
            }
            assert_eq!(w.len(), 1, "{md}: {w:?}");
            assert!(w[0].starts_with("content/p.md:5:5: error: "), "{md}: {w:?}");
            assert!(
                w[0].contains("would run script")
                    || w[0].contains("can run script")
                    || w[0].contains("can carry script"),
                "{md}: {w:?}"
            );
            assert!(w[0].contains("\n  hint: "), "{md}: {w:?}");
            for attr in [" href=\"", " src=\""] {
                for (i, _) in r.html.match_indices(attr) {
                    assert!(
                        r.html[i + attr.len()..].starts_with('"'),
                        "{md}: the refused address is still written: {}",
                        r.html
                    );
                }
            }
        }
    }

    #[test]
    fn raster_data_pictures_are_allowed() {
        let r = render_str("![Ảnh chụp](data:image/png;base64,iVBORw0KGgo=)\n");
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert!(
            r.html
                .contains("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"Ảnh chụp\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn forty_thousand_broken_links_are_quick() {
        // All on one line, and then on lines of their own: both once took seconds.
        for sep in [" ", "\n"] {
            let body = "[x](nope.md)".to_string() + &format!("{sep}[x](nope.md)").repeat(39_999);
            let start = std::time::Instant::now();
            let r = render_str(&body);
            let took = start.elapsed();
            assert_eq!(r.diagnostics.len(), 40_000);
            let last = r.diagnostics.last().unwrap();
            if sep == "\n" {
                assert_eq!((last.line, last.column), (Some(5 + 39_999), Some(1)));
            } else {
                assert_eq!((last.line, last.column), (Some(5), Some(39_999 * 13 + 1)));
            }
            // Quadratic, this took 14 s in a release build.
            assert!(took < std::time::Duration::from_secs(5), "took {took:?}");
        }
    }

    #[test]
    fn email_autolinks_are_left_alone() {
        let r = render_str("<a@b.vn>\n");
        assert!(r.html.contains("mailto:a@b.vn"));
        assert!(r.diagnostics.is_empty());
    }
}
