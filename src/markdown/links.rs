//! Link and image rewriting: a link to another `.md` file becomes a link to
//! that page's output file, an image beside the Markdown gets its output
//! path, a missing target is an error with its line, a `#fragment` is
//! recorded to be checked once every page's headings are known, and a link
//! that leaves the site gets `rel="external noopener"` and a visible mark.

use super::{Labels, Rendered, escape};
use crate::diagnostics::Diagnostic;
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use std::ops::Range;
use std::path::{Path, PathBuf};

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

/// Rewrites links and images. `position` turns a byte offset of the body into (line, column) of the file.
pub fn rewrite<'a>(
    events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
    resolver: &dyn LinkResolver,
    labels: &Labels,
    position: &dyn Fn(usize) -> (usize, usize),
    file: &Path,
    out: &mut Rendered,
) -> Vec<Event<'a>> {
    let mut result = Vec::new();
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
                        let dest =
                            with_fragment(url, &target, fragment, file, range.start, position, out);
                        result.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url: dest.into(),
                            title,
                            id,
                        }));
                        continue;
                    }
                    LinkResolution::Broken { message, hint } => {
                        out.diagnostics
                            .push(error_at(file, range.start, position, message, hint));
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
                let dest_url: CowStr<'a> = match resolver.resolve(&dest_url, LinkKind::Image) {
                    LinkResolution::Internal { url, .. } => url.into(),
                    LinkResolution::Broken { message, hint } => {
                        out.diagnostics
                            .push(error_at(file, range.start, position, message, hint));
                        dest_url
                    }
                    LinkResolution::External => {
                        out.diagnostics.push(remote_warning(
                            file,
                            range.start,
                            position,
                            &dest_url,
                        ));
                        dest_url
                    }
                    LinkResolution::Unchanged => dest_url,
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
                    let (line, column) = position(start);
                    out.diagnostics.push(
                        Diagnostic::warning("image without alt text")
                            .in_file(file)
                            .at(line, column)
                            .with_hint("describe the picture between the brackets: ![Màn hình cài đặt VNeID](anh.png)"),
                    );
                }
                result.push(Event::End(TagEnd::Image));
            }
            Event::Text(t) | Event::Code(t) if image.is_some() => {
                if let Some((len, _)) = &mut image {
                    *len += t.trim().len();
                }
                result.push(Event::Text(t));
            }
            event @ (Event::Html(_) | Event::InlineHtml(_)) => {
                if let Event::Html(html) | Event::InlineHtml(html) = &event
                    && let Some(url) = remote_src(html)
                {
                    out.diagnostics
                        .push(remote_warning(file, range.start, position, &url));
                }
                result.push(event);
            }
            other => result.push(other),
        }
    }
    result
}

/// The first `src=` in raw HTML that loads from another site.
fn remote_src(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("src=") {
        let start = from + i + "src=".len();
        let value = html[start..].trim_start_matches(['"', '\'']);
        let v = value.to_ascii_lowercase();
        if v.starts_with("http://") || v.starts_with("https://") || v.starts_with("//") {
            let end = value.find(['"', '\'', ' ', '>']).unwrap_or(value.len());
            return Some(value[..end].to_string());
        }
        from = start;
    }
    None
}

/// A page must not make the reader's browser fetch from another site: it
/// fails offline and from a USB stick, costs data, and tells that site who reads.
fn remote_warning(
    file: &Path,
    offset: usize,
    position: &dyn Fn(usize) -> (usize, usize),
    url: &str,
) -> Diagnostic {
    let (line, column) = position(offset);
    Diagnostic::warning(format!("the page loads `{url}` from another site"))
        .in_file(file)
        .at(line, column)
        .with_hint("download the file and put it beside the page (it must work offline and from a USB stick), or make it a link instead")
}

fn with_fragment(
    url: String,
    target: &str,
    fragment: Option<String>,
    file: &Path,
    offset: usize,
    position: &dyn Fn(usize) -> (usize, usize),
    out: &mut Rendered,
) -> String {
    match fragment {
        Some(fragment) => {
            let (line, column) = position(offset);
            let dest = format!("{url}#{}", crate::resolve::encode_segment(&fragment));
            out.anchors.push(AnchorCheck {
                target: target.to_string(),
                fragment,
                file: file.to_path_buf(),
                line,
                column,
            });
            dest
        }
        None => url,
    }
}

fn error_at(
    file: &Path,
    offset: usize,
    position: &dyn Fn(usize) -> (usize, usize),
    message: String,
    hint: String,
) -> Diagnostic {
    let (line, column) = position(offset);
    Diagnostic::error(message)
        .in_file(file)
        .at(line, column)
        .with_hint(hint)
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
        let w: Vec<String> = r.diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(
            w[0].contains("content/p.md:5:1: warning: the page loads `https://example.com/a.png`"),
            "{w:?}"
        );
        assert!(w[1].contains("`https://cdn.example/x.js`"), "{w:?}");
        assert!(w[2].contains("`//cdn.example/y.png`"), "{w:?}");
        // A link to another site is not a request.
        assert!(
            render_str("[VNeID](https://vneid.gov.vn)\n")
                .diagnostics
                .is_empty()
        );
    }

    #[test]
    fn email_autolinks_are_left_alone() {
        let r = render_str("<a@b.vn>\n");
        assert!(r.html.contains("mailto:a@b.vn"));
        assert!(r.diagnostics.is_empty());
    }
}
