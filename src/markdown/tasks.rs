//! Task lists (`- [ ]` / `- [x]`): checkboxes a reader can tick while
//! following the steps (nothing is stored), each with an accessible name,
//! which pulldown-cmark's bare, disabled `<input>` lacks.

use super::{Labels, escape};
use pulldown_cmark::Event;

/// Replaces task-list markers with labelled checkboxes.
pub fn label<'a>(events: Vec<Event<'a>>, labels: &Labels) -> Vec<Event<'a>> {
    events
        .into_iter()
        .map(|event| match event {
            Event::TaskListMarker(done) => {
                let (checked, name) = if done {
                    (" checked", &labels.task_done)
                } else {
                    ("", &labels.task_todo)
                };
                Event::InlineHtml(
                    format!(
                        "<input type=\"checkbox\"{checked} aria-label=\"{}\"> ",
                        escape(name)
                    )
                    .into(),
                )
            }
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::render_str;

    #[test]
    fn checkboxes_have_a_name() {
        let r = render_str("- [ ] Mang thẻ căn cước\n- [x] Cài VNeID\n");
        assert!(
            r.html
                .contains("<input type=\"checkbox\" aria-label=\"Chưa làm\"> Mang thẻ căn cước"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<input type=\"checkbox\" checked aria-label=\"Đã xong\"> Cài VNeID")
        );
    }
}
