//! Wide tables scroll inside their own box on a phone instead of making the
//! whole page scroll sideways: each table is wrapped in a focusable region,
//! named "Bảng 1", "Bảng 2", ... so that regions on one page stay distinct.
//! A column aligned with `:--:` gets a class (`align-center`) rather than
//! pulldown-cmark's `style` attribute, which the pages' security policy,
//! allowing no inline style, would ignore.

use super::{Labels, escape};
use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

/// Wraps every table in `div.table-wrap` and writes aligned cells with a class.
pub fn wrap<'a>(events: Vec<Event<'a>>, labels: &Labels) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len() + 4);
    let mut n = 0;
    let mut alignments: Vec<Alignment> = Vec::new();
    let mut in_head = false;
    let mut column = 0;
    for event in events {
        match event {
            Event::Start(Tag::TableHead) => {
                in_head = true;
                column = 0;
                out.push(event);
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                out.push(event);
            }
            Event::Start(Tag::TableRow) => {
                column = 0;
                out.push(event);
            }
            Event::Start(Tag::TableCell) => {
                let cell = if in_head { "th" } else { "td" };
                out.push(Event::InlineHtml(
                    match alignments.get(column).and_then(|a| class(*a)) {
                        Some(class) => format!("<{cell} class=\"{class}\">"),
                        None => format!("<{cell}>"),
                    }
                    .into(),
                ));
            }
            Event::End(TagEnd::TableCell) => {
                let cell = if in_head { "th" } else { "td" };
                out.push(Event::InlineHtml(format!("</{cell}>").into()));
                column += 1;
            }
            Event::Start(Tag::Table(aligned)) => {
                alignments = aligned;
                n += 1;
                let name = labels.table.replace("{n}", &n.to_string());
                out.push(Event::Html(
                    format!(
                        "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n",
                        escape(&name)
                    )
                    .into(),
                ));
                // The cells are written above, with classes.
                out.push(Event::Start(Tag::Table(Vec::new())));
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

/// The class of a cell in a column with this alignment.
fn class(a: Alignment) -> Option<&'static str> {
    match a {
        Alignment::None => None,
        Alignment::Left => Some("align-left"),
        Alignment::Center => Some("align-center"),
        Alignment::Right => Some("align-right"),
    }
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

    #[test]
    fn aligned_columns_get_classes_not_style() {
        let r = render_str("| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n");
        assert!(!r.html.contains("style="), "{}", r.html);
        assert!(
            r.html.contains("<thead><tr><th class=\"align-left\">a</th><th class=\"align-center\">b</th><th class=\"align-right\">c</th><th>d</th></tr></thead>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<tr><td class=\"align-left\">1</td><td class=\"align-center\">2</td><td class=\"align-right\">3</td><td>4</td></tr>"),
            "{}",
            r.html
        );
    }
}
