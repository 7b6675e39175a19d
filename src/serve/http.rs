//! The HTTP side: an axum router over a [`Source`] of files (the preview's
//! memory or a built folder), answering as browsers expect: `GET` and `HEAD`
//! only (405 otherwise), entity tags with `If-None-Match` (304), single byte
//! ranges with `If-Range` (206, 416), the content type of each file, caching
//! headers fit for a preview (always revalidate) or for sharing (files
//! with a content hash in their name are immutable), gzip for text. Header
//! parsing is the `headers` crate's; connections and keep-alive are hyper's.

use super::live::{LIVE_CSS, LIVE_JS, Live};
use super::paths::{Refused, site_path};
use super::share_page::{self, SHARE_CSS, ShareInfo};
use super::store::{Body, FolderStore, Found, Lookup, MemoryStore};
use axum::Router;
use axum::body::Body as HttpBody;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use headers::{ContentRange, ETag, HeaderMapExt, IfNoneMatch, IfRange, Range};
use std::ops::Bound;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tower_http::compression::CompressionLayer;

/// Where the site's files come from.
pub(crate) enum Source {
    /// The preview: an in-memory build.
    Memory(Arc<MemoryStore>),
    /// Sharing: a built output folder, read-only.
    Folder(FolderStore),
}

/// Everything a request may need.
pub(crate) struct App {
    pub(crate) source: Source,
    /// The preview's live reload (`None` when sharing a folder).
    pub(crate) live: Option<Arc<Live>>,
    /// What the projector page shows.
    pub(crate) share: ShareInfo,
}

/// The router: the preview's own files under `/__baihoc/`, the site for the rest.
pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/__baihoc/live.js", get(live_js))
        .route("/__baihoc/live.css", get(live_css))
        .route("/__baihoc/events", get(events))
        .route("/__baihoc/share", get(share))
        .route("/__baihoc/share.css", get(share_css))
        .fallback(site)
        .layer(CompressionLayer::new())
        .layer(axum::middleware::map_response(weak_tag_when_compressed))
        .layer(axum::middleware::from_fn(known_host))
        .with_state(app)
}

/// Refuses a request whose `Host` is a name other than `localhost`: the
/// addresses baihoc prints (and puts in its QR code) are IP addresses, and
/// a web page opened elsewhere could otherwise reach the server through a
/// name of its own pointed at this computer (DNS rebinding) and read the
/// course, drafts included.
async fn known_host(req: Request, next: axum::middleware::Next) -> Response {
    let host = req.headers().get(header::HOST).map(HeaderValue::to_str);
    match host {
        None => next.run(req).await,
        Some(Ok(h)) if host_allowed(h) => next.run(req).await,
        _ => text_response(
            StatusCode::FORBIDDEN,
            "text/plain; charset=utf-8",
            "403: this server answers only at the address baihoc printed (http://127.0.0.1:PORT/ or the computer's IP address), not at a name.\n".into(),
        ),
    }
}

/// True for a `Host` value that is an IP address or `localhost` (with or
/// without a port).
pub(crate) fn host_allowed(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((ip, "")) => ip,
            Some((ip, port)) if port.strip_prefix(':').is_some_and(is_port) => ip,
            _ => return false,
        },
        None => match host.rsplit_once(':') {
            Some((name, port)) if is_port(port) => name,
            _ => host,
        },
    };
    let lower = name.to_ascii_lowercase();
    lower == "localhost"
        || lower.ends_with(".localhost")
        || name.parse::<std::net::IpAddr>().is_ok()
}

fn is_port(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn text_response(status: StatusCode, content_type: &'static str, body: String) -> Response {
    let mut res = (status, body).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    res
}

async fn live_js() -> Response {
    text_response(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        LIVE_JS.into(),
    )
}

async fn live_css() -> Response {
    text_response(StatusCode::OK, "text/css; charset=utf-8", LIVE_CSS.into())
}

async fn share_css() -> Response {
    text_response(StatusCode::OK, "text/css; charset=utf-8", SHARE_CSS.into())
}

async fn share(State(app): State<Arc<App>>) -> Response {
    let mut res = text_response(
        StatusCode::OK,
        "text/html; charset=utf-8",
        share_page::page(&app.share),
    );
    res.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'self'; img-src 'self'"),
    );
    res
}

async fn events(State(app): State<Arc<App>>) -> Response {
    match &app.live {
        Some(live) => live.events().into_response(),
        None => not_found(&app),
    }
}

/// A compressed body is another representation: its tag can only be weak.
async fn weak_tag_when_compressed(mut res: Response) -> Response {
    if res.headers().contains_key(header::CONTENT_ENCODING)
        && let Some(tag) = res.headers().get(header::ETAG)
        && let Ok(text) = tag.to_str()
        && !text.starts_with("W/")
        && let Ok(weak) = HeaderValue::from_str(&format!("W/{text}"))
    {
        res.headers_mut().insert(header::ETAG, weak);
    }
    res
}

/// Any site file.
async fn site(State(app): State<Arc<App>>, req: Request) -> Response {
    let method = req.method().clone();
    if method != Method::GET && method != Method::HEAD {
        let mut res = text_response(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            "405: this server only reads files (GET, HEAD).\n".into(),
        );
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return res;
    }
    let path = match site_path(req.uri().path()) {
        Ok(p) => p,
        Err(Refused::BadPath) => {
            return text_response(
                StatusCode::BAD_REQUEST,
                "text/plain; charset=utf-8",
                "400: this address is not a file of the site.\n".into(),
            );
        }
        Err(Refused::Hidden) => return not_found(&app),
    };
    let lookup = match &app.source {
        Source::Memory(m) => m.lookup(&path),
        Source::Folder(f) => f.lookup(&path).await,
    };
    match lookup {
        Lookup::Found(found) => {
            let preview = matches!(app.source, Source::Memory(_));
            respond(found, req.headers(), method == Method::HEAD, preview).await
        }
        Lookup::Folder(url) => Redirect::permanent(&url).into_response(),
        Lookup::NotFound => not_found(&app),
    }
}

/// 404; in the preview the page listens for changes, so it turns into the
/// page when the page appears (or shows why the site does not build).
fn not_found(app: &App) -> Response {
    let live = if app.live.is_some() {
        super::live::LIVE_TAG
    } else {
        ""
    };
    let body = format!(
        "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>404: không có trang này</title>\n{live}\n</head>\n<body>\n\
<h1>404: không có trang này</h1>\n<p><a href=\"/index.html\">Trang chủ</a></p>\n</body>\n</html>\n"
    );
    text_response(StatusCode::NOT_FOUND, "text/html; charset=utf-8", body)
}

/// The content type of an output file, by its extension.
pub(crate) fn content_type(rel: &str) -> HeaderValue {
    let ext = rel
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let fixed = match ext.as_str() {
        "html" | "htm" => Some("text/html; charset=utf-8"),
        "js" | "mjs" => Some("text/javascript; charset=utf-8"),
        "css" => Some("text/css; charset=utf-8"),
        "json" => Some("application/json"),
        "webmanifest" => Some("application/manifest+json"),
        "svg" => Some("image/svg+xml"),
        "png" => Some("image/png"),
        "xml" => Some("application/xml"),
        "txt" | "md" => Some("text/plain; charset=utf-8"),
        "ico" => Some("image/x-icon"),
        _ => None,
    };
    if let Some(t) = fixed {
        return HeaderValue::from_static(t);
    }
    let guess = mime_guess::from_ext(&ext).first_or_octet_stream();
    let text = if guess.type_() == mime_guess::mime::TEXT {
        format!("{guess}; charset=utf-8")
    } else {
        guess.to_string()
    };
    HeaderValue::from_str(&text)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"))
}

/// True for a theme file named with its content hash (`style.3f2a1b9c0d4e.css`):
/// its bytes never change under that name.
pub(crate) fn has_content_hash(rel: &str) -> bool {
    let file = rel.rsplit('/').next().unwrap_or(rel);
    file.split('.')
        .skip(1)
        .any(|p| p.len() == 12 && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn cache_control(rel: &str, preview: bool) -> HeaderValue {
    if !preview && has_content_hash(rel) {
        HeaderValue::from_static("public, max-age=31536000, immutable")
    } else {
        // Pages, sw.js and the manifest: always ask (a 304 costs nothing).
        HeaderValue::from_static("no-cache")
    }
}

/// The one byte range asked for, when there is exactly one and it can be served.
enum Ranged {
    Whole,
    Part(u64, u64),
    Unsatisfiable,
}

fn ranged(headers: &HeaderMap, etag: &ETag, len: u64) -> Ranged {
    let Some(range) = headers.typed_get::<Range>() else {
        return Ranged::Whole;
    };
    if let Some(if_range) = headers.typed_get::<IfRange>()
        && if_range.is_modified(Some(etag), None)
    {
        return Ranged::Whole;
    }
    let ranges: Vec<(Bound<u64>, Bound<u64>)> = range.satisfiable_ranges(len).collect();
    let [(start, end)] = ranges.as_slice() else {
        // Several ranges: the whole file is a valid answer.
        return if ranges.is_empty() {
            Ranged::Unsatisfiable
        } else {
            Ranged::Whole
        };
    };
    let start = match *start {
        Bound::Included(s) => s,
        Bound::Excluded(s) => s.saturating_add(1),
        Bound::Unbounded => 0,
    };
    let last = len.saturating_sub(1);
    let end = match *end {
        Bound::Included(e) => e.min(last),
        Bound::Excluded(e) => e.saturating_sub(1).min(last),
        Bound::Unbounded => last,
    };
    if len == 0 || start > end {
        Ranged::Unsatisfiable
    } else {
        Ranged::Part(start, end)
    }
}

/// The response for a file found: 200, 206, 304 or 416.
async fn respond(found: Found, req: &HeaderMap, head: bool, preview: bool) -> Response {
    let len = found.len();
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, content_type(&found.rel));
    headers.insert(header::CACHE_CONTROL, cache_control(&found.rel, preview));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers.typed_insert(found.etag.clone());
    if let Some(inm) = req.typed_get::<IfNoneMatch>()
        && !inm.precondition_passes(&found.etag)
    {
        headers.remove(header::CONTENT_TYPE);
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    let (status, start, count) = match ranged(req, &found.etag, len) {
        Ranged::Whole => (StatusCode::OK, 0, len),
        Ranged::Part(start, end) => {
            if let Ok(cr) = ContentRange::bytes(start..=end, len) {
                headers.typed_insert(cr);
            }
            (StatusCode::PARTIAL_CONTENT, start, end - start + 1)
        }
        Ranged::Unsatisfiable => {
            headers.typed_insert(ContentRange::unsatisfied_bytes(len));
            return (StatusCode::RANGE_NOT_SATISFIABLE, headers).into_response();
        }
    };
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(count));
    if head {
        return (status, headers, HttpBody::empty()).into_response();
    }
    let body = match found.body {
        Body::Bytes(bytes) => {
            let end = (start + count) as usize;
            HttpBody::from(bytes.slice(start as usize..end))
        }
        Body::File(mut file, _) => {
            if start > 0 && file.seek(std::io::SeekFrom::Start(start)).await.is_err() {
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
            HttpBody::from_stream(tokio_util::io::ReaderStream::new(file.take(count)))
        }
    };
    (status, headers, body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_addresses_and_localhost_are_hosts_the_server_answers() {
        for ok in [
            "127.0.0.1:8000",
            "127.0.0.1",
            "192.168.1.20:4321",
            "[::1]:8000",
            "[fe80::1]",
            "localhost:8000",
            "LOCALHOST",
            "app.localhost:1",
        ] {
            assert!(host_allowed(ok), "{ok}");
        }
        for refused in [
            "evil.example",
            "evil.example:8000",
            "127.0.0.1.nip.io:8000",
            "localhost.evil.example",
            "[::1]x",
            "[::1",
            "",
            "teacher-pc.local:8000",
        ] {
            assert!(!host_allowed(refused), "{refused}");
        }
    }

    #[test]
    fn content_types_browsers_need() {
        for (path, want) in [
            ("a/b.html", "text/html; charset=utf-8"),
            ("js/site.0123456789ab.js", "text/javascript; charset=utf-8"),
            ("manifest.webmanifest", "application/manifest+json"),
            ("icons/icon.svg", "image/svg+xml"),
            ("icons/icon-192.png", "image/png"),
            ("x.json", "application/json"),
            ("a/anh.JPG", "image/jpeg"),
            ("tai-lieu.pdf", "application/pdf"),
            ("LICENSE", "application/octet-stream"),
        ] {
            assert_eq!(content_type(path), want, "{path}");
        }
    }

    #[test]
    fn only_hashed_names_are_immutable() {
        assert!(has_content_hash("css/style.3f2a1b9c0d4e.css"));
        assert!(has_content_hash("LICENSE.3f2a1b9c0d4e"));
        assert!(!has_content_hash("css/style.css"));
        assert!(!has_content_hash("3f2a1b9c0d4e.css"));
        assert!(!has_content_hash("sw.js"));
        assert!(!has_content_hash("a/bai-1.html"));
    }
}
