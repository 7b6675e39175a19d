//! Wide tables scroll inside their own box on a phone instead of making the
//! whole page scroll sideways: each table is wrapped in a focusable region,
//! named "Bảng 1", "Bảng 2", ... so that regions on one page stay distinct.

use super::{Labels, escape};
use pulldown_cmark::{Event, Tag, TagEnd};

/// Wraps every table in `div.table-wrap`.
pub fn wrap<'a>(events: Vec<Event<'a>>, labels: &Labels) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len() + 4);
    let mut n = 0;
    for event in events {
        match event {
            Event::Start(Tag::Table(_)) => {
                n += 1;
                let name = labels.table.replace("{n}", &n.to_string());
                out.push(Event::Html(
                    format!(
                        "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n",
                        escape(&name)
                    )
                    .into(),
                ));
                out.push(event);
            }
            Event::End(TagEnd::Table) => {
                out.push(event);
                out.push(Event::Html("</div>\n".into()));
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::render_str;

    #[test]
    fn tables_are_wrapped() {
        let r = render_str("| Mức 1 | Mức 2 |\n|---|---|\n| ảnh | vân tay |\n");
        let start = r.html.find("<div class=\"table-wrap\"").expect("wrapper");
        let table = r.html.find("<table>").unwrap();
        let end = r.html.rfind("</div>").unwrap();
        assert!(start < table && table < end);
        assert!(r.html.contains("</table>\n</div>"), "{}", r.html);
    }

    #[test]
    fn each_table_region_has_its_own_name() {
        let r = render_str("| a |\n|---|\n| 1 |\n\ntext\n\n| b |\n|---|\n| 2 |\n");
        assert!(
            r.html
                .contains("aria-label=\"Bảng 1 (vuốt ngang để xem hết)\""),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("aria-label=\"Bảng 2 (vuốt ngang để xem hết)\""),
            "{}",
            r.html
        );
    }
}
