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
    fn plain_quotes_stay_quotes() {
        let r = render_str("> Tin nhắn mẫu\n");
        assert!(r.html.contains("<blockquote>"));
    }
}
