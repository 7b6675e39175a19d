//! What a browser will make of a URL written in a page, decided the way it
//! decides: the scheme after the blanks and control characters that its URL
//! parser drops (`java\tscript:` is `javascript:`), and whether fetching it
//! leaves the site. Shared by the link transform and the raw HTML checks.

/// The scheme of `url` in lower case (`"javascript"`), as a browser reads
/// it, or `None` for a relative URL. Blanks and control characters anywhere
/// before the `:` are ignored: a browser drops the leading ones and tabs and
/// line breaks inside, and dropping the rest too only makes the check stricter.
pub fn scheme(url: &str) -> Option<String> {
    let mut scheme = String::new();
    for c in url.chars() {
        match c {
            ':' => break,
            c if c.is_whitespace() || c.is_control() => {}
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {
                scheme.push(c.to_ascii_lowercase());
            }
            _ => return None,
        }
    }
    let has_colon = url.contains(':');
    (has_colon && scheme.starts_with(|c: char| c.is_ascii_alphabetic())).then_some(scheme)
}

/// The schemes that run script or hide a document inside the link.
const SCRIPT_SCHEMES: &[&str] = &["javascript", "vbscript"];

/// `Some("javascript")` or `Some("vbscript")` when following or loading `url` would run script.
pub fn script_scheme(url: &str) -> Option<&'static str> {
    let s = scheme(url)?;
    SCRIPT_SCHEMES.iter().copied().find(|&k| k == s)
}

/// True for `data:`.
pub fn is_data(url: &str) -> bool {
    scheme(url).as_deref() == Some("data")
}

/// Image types that may stay inside a `data:` address: raster pictures,
/// which cannot hold script in any context (an SVG can).
const RASTER: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/jpg",
    "image/gif",
    "image/webp",
    "image/avif",
    "image/bmp",
];

/// True for `data:image/png;base64,...` and the other raster types of [`RASTER`].
pub fn is_raster_data_image(url: &str) -> bool {
    if !is_data(url) {
        return false;
    }
    let Some((_, rest)) = url.split_once(':') else {
        return false;
    };
    let media: String = rest
        .chars()
        .take_while(|&c| c != ';' && c != ',')
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    RASTER.contains(&media.as_str())
}

/// True when fetching `url` from a page of the site asks another host:
/// `http:`, `https:`, `ftp:`, `ws:`, `wss:`, or a scheme-relative `//host`
/// (a browser reads `\` as `/` there).
pub fn is_remote(url: &str) -> bool {
    let trimmed: String = url
        .chars()
        .skip_while(|c| c.is_whitespace() || c.is_control())
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(2)
        .collect();
    if matches!(trimmed.as_str(), "//" | "\\\\" | "/\\" | "\\/") {
        return true;
    }
    matches!(
        scheme(url).as_deref(),
        Some("http" | "https" | "ftp" | "ws" | "wss")
    )
}

/// `url` as shown in a message: blanks and control characters made visible, at most 200 characters.
pub fn shown(url: &str) -> String {
    let mut out = String::new();
    for (i, c) in url.chars().enumerate() {
        if i == 200 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_as_a_browser_reads_them() {
        assert_eq!(scheme("JavaScript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(
            scheme(" \u{1}java\tscr\nipt:x").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme("https://a.vn").as_deref(), Some("https"));
        assert_eq!(scheme("a/b.md"), None);
        assert_eq!(scheme("../x.md#a:b"), None);
        assert_eq!(scheme("1ab:x"), None);
        assert_eq!(script_scheme("VBSCRIPT:msgbox"), Some("vbscript"));
        assert_eq!(script_scheme("javascript-is-fun.md"), None);
        assert!(is_data(" DATA:text/html,x"));
    }

    #[test]
    fn raster_data_images() {
        assert!(is_raster_data_image("data:image/png;base64,iVBOR"));
        assert!(is_raster_data_image("DATA:Image/JPEG,xyz"));
        assert!(!is_raster_data_image(
            "data:image/svg+xml,<svg onload=alert(1)>"
        ));
        assert!(!is_raster_data_image("data:text/html,<script>"));
        assert!(!is_raster_data_image("img.png"));
    }

    #[test]
    fn remote_addresses() {
        for url in [
            "https://cdn.example/x.js",
            "HTTP://a",
            "//cdn.example/y.png",
            " \\\\cdn.example/y.png",
            "ht\ttps://a",
            "wss://a",
        ] {
            assert!(is_remote(url), "{url}");
        }
        for url in [
            "anh.png",
            "/x.png",
            "data:image/png,x",
            "mailto:a@b.vn",
            "#top",
        ] {
            assert!(!is_remote(url), "{url}");
        }
    }

    #[test]
    fn shown_makes_control_characters_visible() {
        assert_eq!(
            shown("java\tscript:\u{1b}]0;x"),
            "java\\tscript:\\u{1b}]0;x"
        );
    }
}
