//! Wide tables scroll inside their own box on a phone instead of making the
//! whole page scroll sideways: each table is wrapped in a focusable region.

use super::{Labels, escape};
use pulldown_cmark::{Event, Tag, TagEnd};

/// Wraps every table in `div.table-wrap`.
pub fn wrap<'a>(events: Vec<Event<'a>>, labels: &Labels) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len() + 4);
    for event in events {
        match event {
            Event::Start(Tag::Table(_)) => {
                out.push(Event::Html(
                    format!(
                        "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n",
                        escape(&labels.table)
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
}
