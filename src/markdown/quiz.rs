//! Quiz blocks: each fenced ```` ```quiz ```` block of the event stream is
//! read and checked ([`crate::quiz::parse`], errors at the line of the key
//! at fault) and replaced by the quiz's form ([`crate::quiz::html::page`]).
//! A quiz at the top level is wrapped in outline markers, so the deck and
//! the print view can put their own rendering of the same parsed quiz in
//! its place. Questions are numbered across the page's quizzes.

use super::{Locator, Spanned, outline};
use crate::diagnostics::Diagnostic;
use crate::quiz::{self, Place, Quiz, html::QuizLabels};
use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

/// True when a fenced block's info string names a quiz.
fn is_quiz(kind: &CodeBlockKind<'_>) -> bool {
    matches!(kind, CodeBlockKind::Fenced(info) if info.split_whitespace().next() == Some(quiz::FENCE))
}

/// Replaces the quiz blocks of `events`; returns the events and the
/// page's quizzes, in order. Their ids go to `ids`, their errors to
/// `diagnostics`.
pub(crate) fn transform<'a>(
    events: Vec<Spanned<'a>>,
    at: &Locator<'_>,
    labels: &QuizLabels,
    ids: &mut Vec<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Spanned<'a>>, Vec<Quiz>) {
    let mut quizzes: Vec<Quiz> = Vec::new();
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Start(Tag::CodeBlock(k)) if is_quiz(k)))
    {
        return (events, quizzes);
    }
    let mut out = Vec::with_capacity(events.len());
    let mut depth = 0usize;
    let mut iter = events.into_iter();
    while let Some((event, range)) = iter.next() {
        let Event::Start(Tag::CodeBlock(kind)) = &event else {
            match &event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            out.push((event, range));
            continue;
        };
        if !is_quiz(kind) {
            depth += 1;
            out.push((event, range));
            continue;
        }
        let mut block = vec![(event.clone(), range.clone())];
        let mut text = String::new();
        let mut first_text: Option<usize> = None;
        for (e, r) in iter.by_ref() {
            let done = matches!(e, Event::End(TagEnd::CodeBlock));
            if let Event::Text(t) = &e {
                first_text.get_or_insert(r.start);
                text.push_str(t);
            }
            block.push((e, r));
            if done {
                break;
            }
        }
        let (fence_line, fence_col) = at.at(range.start);
        let place = Place {
            file: at.file(),
            first_line: first_text.map_or(fence_line + 1, |o| at.at(o).0),
            indent: fence_col.saturating_sub(1),
        };
        let first = quizzes.last().map_or(1, |q| q.first + q.questions.len());
        match quiz::parse(&text, place, first) {
            Ok(mut q) => {
                q.line = fence_line;
                let index = quizzes.len();
                ids.push(quiz::html::quiz_id(index + 1));
                ids.extend((q.first..q.first + q.questions.len()).map(quiz::html::question_id));
                let html = quiz::html::page(&q, index + 1, labels);
                let empty = range.start..range.start;
                if depth == 0 {
                    let (open, close) = outline::quiz_markers(index, fence_line);
                    out.push((open, empty.clone()));
                    out.push((Event::Html(html.into()), range.clone()));
                    out.push((close, empty));
                } else {
                    out.push((Event::Html(html.into()), range.clone()));
                }
                quizzes.push(q);
            }
            Err(errors) => {
                diagnostics.extend(errors);
                out.extend(block);
            }
        }
    }
    (out, quizzes)
}

#[cfg(test)]
mod tests {
    use crate::markdown::outline::MarkKind;
    use crate::markdown::test_support::{printed, render_str};

    #[test]
    fn a_quiz_block_becomes_a_form_and_is_marked_in_the_outline() {
        let r = render_str(
            "## Tự kiểm tra\n\n```quiz\n- kind: true-false\n  question: \"Trời xanh.\"\n  answer: true\n```\n\nSau.\n\n```quiz\n- kind: short\n  question: Mấy?\n  answer: \"6\"\n```\n",
        );
        assert!(r.diagnostics.is_empty(), "{:?}", printed(&r));
        assert!(!r.html.contains("<pre>"), "{}", r.html);
        assert_eq!(r.quizzes.len(), 2);
        assert_eq!(r.quizzes[1].first, 2, "numbered across the page");
        assert_eq!(r.quizzes[0].line, 7);
        let quiz_marks: Vec<_> = r
            .outline
            .marks
            .iter()
            .filter_map(|m| match m.kind {
                MarkKind::Quiz { index, end } => Some((index, m.offset, end, m.line)),
                _ => None,
            })
            .collect();
        assert_eq!(quiz_marks.len(), 2, "{:?}", r.outline);
        let (_, start, end, line) = quiz_marks[0];
        assert_eq!(line, 7);
        assert!(r.html[start..end].starts_with("<div class=\"quiz\" id=\"baihoc-quiz-1\""));
        assert!(r.html[start..end].trim_end().ends_with("</div>"));
        assert!(
            r.html[end..].starts_with("<p>Sau.</p>"),
            "{}",
            &r.html[end..]
        );
        assert!(r.ids.contains(&"baihoc-q2".to_string()));
    }

    #[test]
    fn an_invalid_quiz_is_an_error_at_its_key_and_stays_a_code_block() {
        let r = render_str("Trước.\n\n```quiz\n- kind: pick\n  question: A?\n```\n");
        let p = printed(&r);
        // The body starts at line 5 of the file: `kind:` is on line 8.
        assert!(
            p[0].starts_with("content/p.md:8:3: error: question 1 has an unknown kind `pick`"),
            "{p:?}"
        );
        assert!(r.quizzes.is_empty());
        assert!(r.html.contains("<pre><code class=\"language-quiz\">"));
    }

    #[test]
    fn a_quiz_in_a_list_item_counts_its_indentation() {
        let r = render_str(
            "- Câu hỏi:\n\n  ```quiz\n  - kind: single\n    question: A?\n    choices: [x, y]\n  ```\n",
        );
        let p = printed(&r);
        assert!(
            p[0].starts_with("content/p.md:8:5: error: question 1 has no correct answer"),
            "{p:?}"
        );
    }
}
