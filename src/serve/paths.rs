//! Request paths: turns the path of an HTTP request into the output path of
//! a file the site may serve, or refuses it. This is the one gate every
//! request for a site file passes, in the preview and when sharing, so the
//! rules live here and nowhere else:
//!
//! - the path is split on `/` first, then each segment is percent-decoded
//!   once: an encoded slash (`%2f`) or backslash (`%5c`) can never add a
//!   segment;
//! - refused: `.` and `..` (also encoded, `%2e%2e`), a segment still holding
//!   an escape after decoding (double encoding, `%252e`), backslashes, empty
//!   segments (`//etc/passwd`), drive letters and other `:` (`/C:/...`),
//!   control characters and text that is not UTF-8;
//! - dot-files and dot-folders (`.baihoc-output`, `.git/`) are never served.

use percent_encoding::percent_decode_str;

/// A request path the site may answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SitePath {
    /// Output path, `/`-separated, without a leading slash (`a/b.html`);
    /// empty for the site root.
    pub(crate) rel: String,
    /// True when the request ended with `/` (a folder: serve its `index.html`).
    pub(crate) folder: bool,
}

impl SitePath {
    /// The file to serve for a folder request: its `index.html`.
    pub(crate) fn index(&self) -> String {
        if self.rel.is_empty() {
            "index.html".to_string()
        } else {
            format!("{}/index.html", self.rel)
        }
    }
}

/// Why a request path was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Malformed or an attempt to leave the folder: 400.
    BadPath,
    /// A hidden file: answered as if it did not exist (404).
    Hidden,
}

/// Checks and decodes the path of a request (`uri.path()`).
pub(crate) fn site_path(raw: &str) -> Result<SitePath, Refused> {
    let Some(rest) = raw.strip_prefix('/') else {
        return Err(Refused::BadPath);
    };
    if raw.contains('\\') {
        return Err(Refused::BadPath);
    }
    let folder = rest.is_empty() || rest.ends_with('/');
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let mut segments = Vec::new();
    if !rest.is_empty() {
        for raw_segment in rest.split('/') {
            segments.push(segment(raw_segment)?);
        }
    }
    Ok(SitePath {
        rel: segments.join("/"),
        folder,
    })
}

fn segment(raw: &str) -> Result<String, Refused> {
    if raw.is_empty() {
        return Err(Refused::BadPath);
    }
    let decoded = percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| Refused::BadPath)?;
    let bad_char = |c: char| matches!(c, '/' | '\\' | ':') || c.is_control();
    if decoded == "." || decoded == ".." || decoded.chars().any(bad_char) {
        return Err(Refused::BadPath);
    }
    if holds_escape(&decoded) {
        return Err(Refused::BadPath);
    }
    if decoded.starts_with('.') {
        return Err(Refused::Hidden);
    }
    Ok(decoded.into_owned())
}

/// True when `s` still holds a `%XX` escape: the request was encoded twice.
fn holds_escape(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(3)
        .any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> (String, bool) {
        let p = site_path(raw).unwrap_or_else(|e| panic!("{raw}: {e:?}"));
        (p.rel, p.folder)
    }

    #[test]
    fn ordinary_paths_decode_once() {
        assert_eq!(ok("/"), (String::new(), true));
        assert_eq!(ok("/index.html"), ("index.html".into(), false));
        assert_eq!(ok("/a/b/"), ("a/b".into(), true));
        assert_eq!(
            ok("/a/%E1%BA%A3nh%20minh.png"),
            ("a/ảnh minh.png".into(), false)
        );
        assert_eq!(ok("/a/x.y.html"), ("a/x.y.html".into(), false));
    }

    #[test]
    fn traversal_in_every_spelling_is_refused() {
        for raw in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/etc/passwd",
            "/a/%2e%2e/%2e%2e/etc/passwd",
            "/%252e%252e/etc/passwd",
            "/a/%252e%252e%252fetc",
            "/..%2fetc/passwd",
            "/..%5cetc/passwd",
            "/a\\..\\..\\etc\\passwd",
            "/%5c..%5cetc",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/C:/Windows/win.ini",
            "/a/./b.html",
            "/a%00.html",
            "etc/passwd",
            "/%ff.html",
        ] {
            assert_eq!(site_path(raw), Err(Refused::BadPath), "{raw}");
        }
    }

    #[test]
    fn hidden_files_and_folders_are_not_served() {
        for raw in [
            "/.baihoc-output",
            "/.git/config",
            "/a/.env",
            "/%2ebaihoc-output",
        ] {
            assert_eq!(site_path(raw), Err(Refused::Hidden), "{raw}");
        }
    }
}
