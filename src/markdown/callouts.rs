//! Callout boxes from GFM alerts: `> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`,
//! `[!WARNING]` and `[!CAUTION]` become a `div.callout` with a Vietnamese
//! title ("Ghi chú", "Mẹo", "Quan trọng", "Cảnh báo", "Thận trọng").

use super::{Labels, escape};
use pulldown_cmark::{BlockQuoteKind, Event, Tag, TagEnd};

/// Replaces alert block quotes with callout boxes; plain quotes stay quotes.
pub fn transform<'a>(events: Vec<Event<'a>>, labels: &Labels) -> Vec<Event<'a>> {
    events
        .into_iter()
        .map(|event| match event {
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = name(kind, labels);
                Event::Html(
                    format!(
                        "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{}</p>\n",
                        escape(title)
                    )
                    .into(),
                )
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html("</div>\n".into()),
            other => other,
        })
        .collect()
}

/// Known alert markers, as written after `[!`.
const KNOWN: &[&str] = &["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];

/// Lines (0-based, within `body`) of block quotes opening with an alert
/// marker that is not one of the five, e.g. `> [!CANHBAO]`, which would
/// otherwise show as a plain quote with the marker in it. Fenced code is skipped.
pub fn unknown_markers(body: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    // Every marker holds `[!`: most bodies have none (one SIMD search).
    if memchr::memmem::find(body.as_bytes(), b"[!").is_none() {
        return found;
    }
    let mut fence: Option<&str> = None;
    // Lines split with memchr (SIMD; str::lines looks at every byte). Each
    // end is past the last one's, so `start <= end` (a last empty line,
    // after a final line break, changes nothing).
    let ends = memchr::memchr_iter(b'\n', body.as_bytes()).chain([body.len()]);
    let mut start = 0;
    for (i, end) in ends.enumerate() {
        let line = &body[start..end];
        start = end + 1;
        let t = line.strip_suffix('\r').unwrap_or(line).trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
            continue;
        }
        let Some(rest) = t.strip_prefix('>') else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix("[!") else {
            continue;
        };
        let Some((marker, _)) = rest.split_once(']') else {
            continue;
        };
        if !marker.is_empty()
            && !marker.contains(char::is_whitespace)
            && !KNOWN.contains(&marker.to_uppercase().as_str())
        {
            found.push((i, marker.to_string()));
        }
    }
    found
}

fn name(kind: BlockQuoteKind, labels: &Labels) -> (&'static str, &str) {
    match kind {
        BlockQuoteKind::Note => ("note", &labels.note),
        BlockQuoteKind::Tip => ("tip", &labels.tip),
        BlockQuoteKind::Important => ("important", &labels.important),
        BlockQuoteKind::Warning => ("warning", &labels.warning),
        BlockQuoteKind::Caution => ("caution", &labels.caution),
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::render_str;

    #[test]
    fn every_alert_kind() {
        for (marker, class, title) in [
            ("NOTE", "note", "Ghi chú"),
            ("TIP", "tip", "Mẹo"),
            ("IMPORTANT", "important", "Quan trọng"),
            ("WARNING", "warning", "Cảnh báo"),
            ("CAUTION", "caution", "Thận trọng"),
        ] {
            let r = render_str(&format!("> [!{marker}]\n> Chỉ tải từ **CH Play**.\n"));
            assert!(
                r.html.contains(&format!(
                    "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{title}</p>"
                )),
                "{}",
                r.html
            );
            assert!(r.html.contains("<strong>CH Play</strong>"));
            assert!(r.html.trim_end().ends_with("</div>"), "{}", r.html);
            assert!(!r.html.contains("blockquote"));
        }
    }

    #[test]
    fn misspelt_markers_are_reported() {
        let r = render_str(
            "Mở đầu\n\n> [!CANHBAO]\n> Cẩn thận\n\n```\n> [!CODE]\n```\n\n> [!warning]\n> ok\n",
        );
        let w: Vec<String> = r.diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with("content/p.md:7:1: warning: unknown callout `[!CANHBAO]`"),
            "{w:?}"
        );
        assert!(
            w[0].contains("[!NOTE], [!TIP], [!IMPORTANT], [!WARNING], [!CAUTION]"),
            "{w:?}"
        );
    }

    #[test]
    fn plain_quotes_stay_quotes() {
        let r = render_str("> Tin nhắn mẫu\n");
        assert!(r.html.contains("<blockquote>"));
    }
}
