//! Sharing to the classroom: the laptop's addresses on the local network,
//! the QR code of the course's address printed in the terminal, and the
//! projector page (`/__baihoc/share`): a large QR code (inline SVG) and the
//! address in words, with what a phone can and cannot do over plain http.

use qrcode::QrCode;
use qrcode::render::{svg, unicode};
use std::net::{IpAddr, Ipv4Addr};

/// The laptop's IPv4 addresses on local networks, the likeliest classroom
/// network first (private ranges before others; loopback and link-local
/// addresses left out).
pub(crate) fn lan_addresses() -> Vec<Ipv4Addr> {
    let mut found: Vec<Ipv4Addr> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter(|i| !i.is_loopback() && !i.is_link_local())
        .filter_map(|i| match i.ip() {
            IpAddr::V4(v4) => Some(v4),
            IpAddr::V6(_) => None,
        })
        .collect();
    found.sort_by_key(|ip| (!ip.is_private(), *ip));
    found.dedup();
    found
}

/// The QR code of `text` for a terminal: two rows of modules per line of
/// text, with its quiet zone, light on dark (phone cameras read both ways).
pub(crate) fn terminal_qr(text: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<unicode::Dense1x2>()
            .dark_color(unicode::Dense1x2::Light)
            .light_color(unicode::Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
    )
}

/// The QR code of `text` as an SVG element that scales to its box.
fn svg_qr(text: &str) -> String {
    match QrCode::new(text.as_bytes()) {
        Ok(code) => code
            .render::<svg::Color<'_>>()
            .min_dimensions(480, 480)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .quiet_zone(true)
            .build()
            // Only the element: the page is HTML, not an SVG document.
            .split_once("<svg")
            .map(|(_, rest)| format!("<svg role=\"img\" aria-label=\"QR\" class=\"qr\"{rest}"))
            .unwrap_or_default(),
        Err(_) => String::new(),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// What the projector page shows.
pub(crate) struct ShareInfo {
    /// The course's title.
    pub(crate) title: String,
    /// The address phones open (`http://192.168.1.20:8080/`).
    pub(crate) url: String,
    /// The host and port, to read aloud.
    pub(crate) host: String,
    pub(crate) port: u16,
    /// True when phones on the network can reach it (bound beyond loopback).
    pub(crate) lan: bool,
}

/// The projector page. No script; its style sheet is `/__baihoc/share.css`.
pub(crate) fn page(info: &ShareInfo) -> String {
    let reach = if info.lan {
        "<ol class=\"steps\">\
<li>Kết nối điện thoại vào <strong>cùng mạng Wi-Fi</strong> với máy tính này.</li>\
<li>Mở máy ảnh của điện thoại và quét mã QR, hoặc gõ địa chỉ bên dưới vào trình duyệt.</li>\
</ol>"
            .to_string()
    } else {
        "<p class=\"warn\">Địa chỉ này chỉ mở được trên chính máy tính này. \
Để chia sẻ cho điện thoại trong lớp, chạy lại lệnh với <code>--lan</code>.</p>"
            .to_string()
    };
    format!(
        "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>Chia sẻ: {title}</title>\n<link rel=\"stylesheet\" href=\"/__baihoc/share.css\">\n</head>\n<body>\n\
<main>\n<h1>{title}</h1>\n<div class=\"code\">{qr}</div>\n<div class=\"words\">\n{reach}\n\
<p class=\"url\">{url}</p>\n\
<p class=\"spoken\">Địa chỉ máy: <strong>{host}</strong>, cổng <strong>{port}</strong></p>\n\
<p class=\"note\">Điện thoại đọc được khóa học khi còn kết nối với mạng Wi-Fi này và máy tính này \
còn mở. Qua địa chỉ http trong lớp, trình duyệt không cho lưu khóa học để đọc khi không có mạng: \
việc đó chỉ làm được khi mở khóa học qua một địa chỉ https (ví dụ trang web của trường) ít nhất một lần.</p>\n\
</div>\n</main>\n</body>\n</html>\n",
        title = escape(&info.title),
        qr = svg_qr(&info.url),
        url = escape(&info.url),
        host = escape(&info.host),
        port = info.port,
    )
}

/// The projector page's style.
pub(crate) const SHARE_CSS: &str = "\
html { color-scheme: light; background: #fff; color: #111; }
body { margin: 0; font: 1.4rem/1.45 system-ui, sans-serif; }
main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 2rem 3rem; \
align-items: center; padding: 2rem 3rem; min-height: 100vh; box-sizing: border-box; }
h1 { grid-column: 1 / -1; margin: 0; font-size: 2.2rem; }
.code svg { width: 100%; height: auto; max-height: 75vh; display: block; }
.url { font: 700 2.6rem/1.2 ui-monospace, monospace; overflow-wrap: anywhere; margin: 1rem 0; }
.spoken { font-size: 1.6rem; }
.note, .warn { font-size: 1.1rem; color: #333; border-left: 6px solid #0b57a4; padding-left: 1rem; }
.warn { border-color: #b3261e; font-size: 1.3rem; }
@media (max-width: 50rem) { main { grid-template-columns: 1fr; padding: 1rem; } }
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_holds_a_qr_code_and_the_address_in_words() {
        let html = page(&ShareInfo {
            title: "Khóa <học>".into(),
            url: "http://192.168.1.20:8080/".into(),
            host: "192.168.1.20".into(),
            port: 8080,
            lan: true,
        });
        assert!(html.contains("<svg role=\"img\""), "{html}");
        assert!(html.contains("http://192.168.1.20:8080/"));
        assert!(html.contains("<strong>192.168.1.20</strong>, cổng <strong>8080</strong>"));
        assert!(html.contains("Khóa &lt;học&gt;"));
        assert!(!html.contains("<script"));
        let qr = terminal_qr("http://192.168.1.20:8080/").unwrap();
        assert!(qr.lines().count() > 10 && qr.contains('█'), "{qr}");
    }
}
