//! QR codes drawn at build time. An image whose address is `qr:https://…`
//! becomes an inline SVG of that address, and `qr:self` one of the page's
//! own published address; the image's alt text is the caption, and the
//! address is printed in words under the code, so that a reader can check
//! where it leads before scanning (the course teaches not to follow unknown
//! links).
//!
//! A QR code only ever leads where a reader can trust it: the site's own
//! `base_url`, or a host the site lists under `trusted_hosts:` in
//! `site.yaml` (over https). Any other address is a build error at its line
//! and column. Without `base_url` (a copy on a USB stick) `qr:self` draws
//! nothing and warns: a QR code to a local file would lead nowhere.
//!
//! [`transform`] is a Markdown event transform like those of
//! [`crate::markdown`]; the document's [`Policy`] comes from its link
//! resolver ([`crate::markdown::LinkResolver::qr_policy`]).

use crate::markdown::{LinkResolver, Locator, Spanned, escape};
use crate::resolve::encode_path;
use pulldown_cmark::{Event, Tag, TagEnd};
use qrcode::{EcLevel, QrCode};
use std::fmt::Write as _;

/// What the QR codes of one document may lead to.
#[derive(Debug, Clone, Copy, Default)]
pub struct Policy<'a> {
    /// The site's published address, without a trailing `/`.
    pub base_url: Option<&'a str>,
    /// Hosts the site trusts (`vneid.gov.vn`), in lower case.
    pub trusted_hosts: &'a [String],
    /// The document's output path (`an-toan/bon-quy-tac.html`).
    pub page: &'a str,
}

/// Quiet zone around a code, in modules (the standard asks for 4).
const QUIET: usize = 4;

/// Why no QR code is drawn for an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `qr:self` on a site without `base_url`.
    NoBaseUrl,
    /// Not an `http(s)://host/...` address, or one with characters a reader
    /// could be fooled by.
    Malformed(String),
    /// A trusted host asked over plain http.
    NotHttps(String),
    /// A host neither the site's nor listed as trusted.
    Untrusted {
        /// The address.
        address: String,
        /// Its host.
        host: String,
    },
}

/// True when an image address asks for a QR code (`qr:…`, any case).
pub fn is_qr(dest: &str) -> bool {
    dest.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("qr:"))
}

/// The address a `qr:` image encodes (`dest` is what follows `qr:`), or why
/// none may be drawn.
pub fn address(dest: &str, policy: &Policy<'_>) -> Result<String, Problem> {
    let dest = dest.trim();
    if dest.eq_ignore_ascii_case("self") {
        let base = policy.base_url.ok_or(Problem::NoBaseUrl)?;
        return Ok(own_address(base, policy.page));
    }
    let (scheme, host) = split_address(dest)?;
    if let Some(base) = policy.base_url
        && within(dest, base)
    {
        return Ok(dest.to_string());
    }
    if policy
        .trusted_hosts
        .iter()
        .any(|h| h.eq_ignore_ascii_case(&host))
    {
        return match scheme.as_str() {
            "https" => Ok(dest.to_string()),
            _ => Err(Problem::NotHttps(dest.to_string())),
        };
    }
    Err(Problem::Untrusted {
        address: dest.to_string(),
        host,
    })
}

/// The published address of the page at `page` (an output path): a folder's
/// `index.html` is left out, as a web server serves it for the folder.
fn own_address(base: &str, page: &str) -> String {
    let path = match page.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => dir,
        _ => page,
    };
    format!("{base}/{}", encode_path(path))
}

/// True when `address` is `base` or below it (scheme and host in any case).
fn within(address: &str, base: &str) -> bool {
    let lower_head = |s: &str| {
        let end = s
            .find("://")
            .map(|i| i + 3)
            .and_then(|start| s[start..].find('/').map(|j| start + j))
            .unwrap_or(s.len());
        format!("{}{}", s[..end].to_ascii_lowercase(), &s[end..])
    };
    let (address, base) = (lower_head(address), lower_head(base));
    match address.strip_prefix(&base) {
        Some(rest) => rest.is_empty() || rest.starts_with(['/', '?', '#']),
        None => false,
    }
}

/// The scheme (`https`) and host (lower case) of a plain `http(s)://host/…`
/// address. Anything that could hide where it leads is refused: characters
/// outside printable ASCII (a look-alike letter of another alphabet),
/// spaces, `\`, quotes, angle brackets, and a user name before an `@`
/// (`https://vneid.gov.vn@other.example/`).
fn split_address(address: &str) -> Result<(String, String), Problem> {
    let bad = |why: &str| Err(Problem::Malformed(why.to_string()));
    let Some((scheme, rest)) = address.split_once("://") else {
        return bad(
            "a QR code must encode an address that starts with https:// (or write `qr:self`)",
        );
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return bad(
            "a QR code must encode an address that starts with https:// (or write `qr:self`)",
        );
    }
    if let Some(c) = address
        .chars()
        .find(|&c| !c.is_ascii_graphic() || matches!(c, '\\' | '"' | '<' | '>' | '`'))
    {
        let shown = if c.is_ascii() && !c.is_ascii_control() && c != ' ' {
            format!("`{c}`")
        } else {
            format!("U+{:04X}", c as u32)
        };
        return Err(Problem::Malformed(format!(
            "the address holds {shown}: write it in plain letters, digits and URL punctuation (percent-encode anything else)"
        )));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return bad(
            "the address names a user before `@`: the host is what follows it, which a reader may not notice",
        );
    }
    let host = match authority.rsplit_once(':') {
        Some((h, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => h,
        Some(_) => return bad("the address has a malformed port after `:`"),
        None => authority,
    }
    .to_ascii_lowercase();
    let label_ok = |l: &str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if host.is_empty() || !host.split('.').all(label_ok) {
        return bad("the address has no valid host name after https://");
    }
    Ok((scheme, host))
}

/// The QR code of `address` as an inline SVG: one path of dark modules on a
/// white square with its quiet zone, 1 unit per module, so that it prints
/// sharp at any size. Hidden from screen readers: the caption and address
/// beside it say everything it says.
pub fn svg(address: &str) -> Result<String, String> {
    let code = QrCode::with_error_correction_level(address.as_bytes(), EcLevel::M)
        .map_err(|e| e.to_string())?;
    let width = code.width();
    let dark: Vec<bool> = code
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    let size = width + 2 * QUIET;
    let mut d = String::with_capacity(width * width);
    for y in 0..width {
        let row = &dark[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            let run = x - start;
            let _ = write!(d, "M{} {}h{run}v1h-{run}z", start + QUIET, y + QUIET);
        }
    }
    Ok(format!(
        "<svg class=\"qr-code\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\" aria-hidden=\"true\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{d}\"/></svg>"
    ))
}

/// The HTML of a QR code with its caption and address: a `<figure>` when
/// it stands alone in its paragraph, else a `<span>` inside the text.
fn html(svg: &str, caption: &str, address: &str, block: bool) -> String {
    let caption = match caption.trim() {
        "" => String::new(),
        c => format!("<span class=\"qr-caption\">{}</span> ", escape(c)),
    };
    let address = format!("<span class=\"qr-address\">{}</span>", escape(address));
    if block {
        format!("<figure class=\"qr\">{svg}<figcaption>{caption}{address}</figcaption></figure>\n")
    } else {
        format!("<span class=\"qr\">{svg}<span class=\"qr-text\">{caption}{address}</span></span>")
    }
}

/// The end of the image that starts at `events[start]`, and its alt text.
fn image_end(events: &[Spanned<'_>], start: usize) -> (usize, String) {
    let mut depth = 0;
    let mut alt = String::new();
    for (i, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) => {
                depth -= 1;
                if depth == 0 {
                    return (i, alt);
                }
            }
            Event::Text(t) | Event::Code(t) => alt.push_str(t),
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            _ => {}
        }
    }
    (events.len() - 1, alt)
}

/// Replaces every `qr:` image of `events` by its QR code (or reports why
/// none is drawn). `policy` is asked only when there is one.
pub(crate) fn transform<'a>(
    events: Vec<Spanned<'a>>,
    resolver: &dyn LinkResolver,
    at: &Locator<'_>,
    diags: &mut Vec<crate::diagnostics::Diagnostic>,
) -> Vec<Spanned<'a>> {
    let asks =
        |e: &Event<'_>| matches!(e, Event::Start(Tag::Image { dest_url, .. }) if is_qr(dest_url));
    if !events.iter().any(|(e, _)| asks(e)) {
        return events;
    }
    let policy = resolver.qr_policy();
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        let Event::Start(Tag::Image { dest_url, .. }) = event else {
            out.push(events[i].clone());
            i += 1;
            continue;
        };
        if !is_qr(dest_url) {
            out.push(events[i].clone());
            i += 1;
            continue;
        }
        let offset = range.start;
        let (end, alt) = image_end(&events, i);
        let alone = matches!(out.last(), Some((Event::Start(Tag::Paragraph), _)))
            && matches!(
                events.get(end + 1),
                Some((Event::End(TagEnd::Paragraph), _))
            );
        let drawn = match address(&dest_url[3..], &policy) {
            Ok(addr) => match svg(&addr) {
                Ok(svg) => Some(html(&svg, &alt, &addr, alone)),
                Err(e) => {
                    diags.push(at.error(
                        offset,
                        format!("no QR code can hold this address: {e}"),
                        "use a shorter address (a QR code holds at most about 2,300 characters)",
                    ));
                    None
                }
            },
            Err(problem) => {
                diags.push(report(problem, &dest_url[3..], offset, at));
                None
            }
        };
        if alt.trim().is_empty() && drawn.is_some() {
            diags.push(at.warning(
                offset,
                "QR code without a caption",
                "say in the image's text where the code leads, e.g. ![Trang chính thức của VNeID](qr:https://vneid.gov.vn)",
            ));
        }
        let html = drawn.unwrap_or_default();
        if alone {
            let (_, p_range) = out.pop().expect("the paragraph start");
            out.push((Event::Html(html.into()), p_range.start..range.end));
            i = end + 2;
        } else {
            out.push((Event::InlineHtml(html.into()), range.clone()));
            i = end + 1;
        }
    }
    out
}

/// The diagnostic for an address that gets no QR code.
fn report(
    problem: Problem,
    dest: &str,
    offset: usize,
    at: &Locator<'_>,
) -> crate::diagnostics::Diagnostic {
    match problem {
        Problem::NoBaseUrl => at.warning(
            offset,
            "no QR code drawn for `qr:self`: the site has no `base_url`, so this page has no address a phone could open (a code to a file on this computer or USB stick would lead nowhere)",
            "set `base_url` in site.yaml (or build with --base-url https://...) to the address where the course is published",
        ),
        Problem::Malformed(why) => at.error(
            offset,
            format!("no QR code for `qr:{}`: {why}", crate::markdown::urls::shown(dest)),
            "write `qr:https://host/path` for an address on a trusted host, or `qr:self` for this page",
        ),
        Problem::NotHttps(address) => at.error(
            offset,
            format!("no QR code for `{address}`: a trusted host is only encoded over https"),
            "write the address with https://",
        ),
        Problem::Untrusted { address, host } => at.error(
            offset,
            format!("no QR code for `{address}`: `{host}` is not a trusted host"),
            "a QR code may only lead to the site's own address (`base_url`) or to a host listed under `trusted_hosts:` in site.yaml; add the host there only if it is an official address you have checked",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy<'a>(base: Option<&'a str>, trusted: &'a [String]) -> Policy<'a> {
        Policy {
            base_url: base,
            trusted_hosts: trusted,
            page: "ap-phich/bon-quy-tac.html",
        }
    }

    #[test]
    fn own_and_trusted_addresses_only() {
        let trusted = vec!["vneid.gov.vn".to_string()];
        let p = policy(Some("https://truong.edu.vn/vneid"), &trusted);
        assert_eq!(
            address("self", &p).unwrap(),
            "https://truong.edu.vn/vneid/ap-phich/bon-quy-tac.html"
        );
        for ok in [
            "https://vneid.gov.vn",
            "https://VNEID.gov.vn/huong-dan?a=1",
            "https://truong.edu.vn/vneid/an-toan/index.html",
            "HTTPS://Truong.edu.vn/vneid",
        ] {
            assert_eq!(address(ok, &p).as_deref(), Ok(ok), "{ok}");
        }
        let refused = [
            ("https://truong.edu.vn/vneid-gia/x.html", "truong.edu.vn"),
            (
                "https://vneid.gov.vn.example.com/",
                "vneid.gov.vn.example.com",
            ),
            ("https://evil.example/vneid.gov.vn", "evil.example"),
        ];
        for (bad, host) in refused {
            assert!(
                matches!(address(bad, &p), Err(Problem::Untrusted { host: h, .. }) if h == host),
                "{bad}"
            );
        }
        for bad in [
            "https://vneid.gov.vn@evil.example/",
            "https://vneìd.gov.vn/",
            "javascript:alert(1)",
            "vneid.gov.vn",
            "https://vneid.gov.vn/a b",
            "https:///x",
            "https://vneid.gov.vn:x/",
        ] {
            assert!(
                matches!(address(bad, &p), Err(Problem::Malformed(_))),
                "{bad}: {:?}",
                address(bad, &p)
            );
        }
        assert_eq!(
            address("http://vneid.gov.vn", &p),
            Err(Problem::NotHttps("http://vneid.gov.vn".into()))
        );
        let home = Policy {
            page: "index.html",
            ..p
        };
        assert_eq!(
            address("self", &home).unwrap(),
            "https://truong.edu.vn/vneid/"
        );
        assert_eq!(
            address("self", &policy(None, &trusted)),
            Err(Problem::NoBaseUrl)
        );
    }

    #[test]
    fn svg_has_one_path_of_runs_inside_its_quiet_zone() {
        let svg = svg("https://vneid.gov.vn").unwrap();
        assert!(svg.starts_with("<svg class=\"qr-code\""), "{svg}");
        assert!(
            svg.contains("viewBox=\"0 0 33 33\""),
            "version 2 is 25 modules: {svg}"
        );
        assert_eq!(svg.matches("<path").count(), 1);
        // The top-left finder pattern starts at the quiet zone: a run of 7.
        assert!(svg.contains("d=\"M4 4h7v1h-7z"), "{svg}");
    }
}
