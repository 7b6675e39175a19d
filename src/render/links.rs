//! Where a link written in one document leads, answered over the resolved
//! site for the Markdown link transform ([`crate::markdown::links`]).

use crate::markdown::{LinkKind, LinkResolution, LinkResolver};
use crate::resolve::{LinkProblem, LinkTarget, Resolved, percent_decode, relative_url};

/// Answers where a link in one document leads, over the resolved site.
pub struct SiteLinks<'a> {
    /// The published site.
    pub resolved: &'a Resolved,
    /// The document's path relative to `content/`.
    pub from_rel: &'a str,
    /// The document's output path.
    pub from_out: &'a str,
    /// The site's settings (where QR codes may lead).
    pub config: &'a crate::config::Config,
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        }
        None => false,
    }
}

impl LinkResolver for SiteLinks<'_> {
    fn qr_policy(&self) -> crate::qr::Policy<'_> {
        crate::qr::Policy {
            base_url: self.config.base_url.as_deref(),
            trusted_hosts: &self.config.trusted_hosts,
            page: self.from_out,
        }
    }

    fn resolve(&self, dest: &str, kind: LinkKind) -> LinkResolution {
        let lower = dest.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") || dest.starts_with("//") {
            return LinkResolution::External;
        }
        if has_scheme(dest) {
            return LinkResolution::Unchanged;
        }
        let (rest, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(percent_decode(f))),
            None => (dest, None),
        };
        let (path, query) = match rest.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (rest, None),
        };
        if path.is_empty() {
            return match (fragment, query) {
                (Some(f), None) => LinkResolution::Internal {
                    url: String::new(),
                    target: self.from_out.to_string(),
                    fragment: Some(f),
                },
                _ => LinkResolution::Unchanged,
            };
        }
        let what = if kind == LinkKind::Image {
            "image"
        } else {
            "file"
        };
        match self
            .resolved
            .resolve_path(self.from_rel, &crate::text::nfc(&percent_decode(path)))
        {
            Ok(LinkTarget::Document(_, out)) => LinkResolution::Internal {
                url: relative_url(self.from_out, &out),
                target: out,
                fragment,
            },
            Ok(LinkTarget::File(out)) => {
                let mut url = relative_url(self.from_out, &out);
                if let Some(q) = query {
                    url = format!("{url}?{q}");
                }
                if let Some(f) = fragment {
                    url = format!("{url}#{f}");
                }
                LinkResolution::Internal {
                    url,
                    target: out,
                    fragment: None,
                }
            }
            Err(LinkProblem::MissingPage(p)) => {
                // A link to a folder (`b/`) that meant the lesson `b.md`.
                let lesson = p
                    .strip_suffix(crate::content::SECTION_INDEX)
                    .and_then(|dir| dir.strip_suffix('/'))
                    .map(|dir| format!("{dir}.md"))
                    .filter(|md| self.resolved.resolve_path("", md).is_ok());
                let hint = match lesson {
                    Some(md) => format!(
                        "there is no folder with that name, but there is a lesson: link to content/{md}"
                    ),
                    None => "check the file name; a link names the .md file relative to this page, e.g. ../dang-ky/kich-hoat.md".into(),
                };
                LinkResolution::Broken {
                    message: format!("link to a missing page: content/{p} does not exist"),
                    hint,
                }
            }
            Err(LinkProblem::DraftPage(p)) => LinkResolution::Broken {
                message: format!(
                    "link to content/{p}, which is a draft and is left out of this build"
                ),
                hint:
                    "remove `draft: true` from that page, remove the link, or build with --drafts"
                        .into(),
            },
            Err(LinkProblem::MissingFile(p)) => {
                // A link written to the page's .html, or without extension, meant the .md.
                let stem = p.strip_suffix(".html").unwrap_or(&p);
                let meant = [format!("{stem}.md"), format!("{stem}/_index.md")]
                    .into_iter()
                    .find(|md| self.resolved.resolve_path("", md).is_ok());
                let hint = match meant {
                    Some(md) if kind == LinkKind::Link => format!(
                        "link to the lesson's Markdown file instead: content/{md} (the build turns it into the page's address)"
                    ),
                    _ => format!(
                        "put the {what} beside the Markdown file, or fix the path (it is relative to this page)"
                    ),
                };
                LinkResolution::Broken {
                    message: format!("missing {what}: `{dest}` (looked for content/{p})"),
                    hint,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        assert!(has_scheme("mailto:a@b.vn"));
        assert!(has_scheme("tel:0123"));
        assert!(!has_scheme("a/b.md"));
        assert!(!has_scheme("../x.md#a:b"));
    }
}
