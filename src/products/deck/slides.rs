//! Dividing a rendered page into slides, from its outline alone: the page's
//! HTML is cut at the headings (or `---` rules) its [`Outline`] marks, with
//! page-only parts left out, slide-only parts put in, and each speaker note
//! given to the slide it is written in. No Markdown is parsed again.
//!
//! Rules an author can rely on:
//! - slide 1 is the title slide: it holds what comes before the first cut;
//! - `##` (the default) cuts at `#` and `##` headings; `###` at `###` too;
//!   `---` at top-level rules only (the rule is not shown, headings stay in);
//! - a page-only part never starts a slide and never shows; notes written
//!   inside one stay with the slide shown there (the teacher may still say it);
//! - a slide-only part that begins with a heading (or, with `---`, a rule)
//!   where slides are cut starts a slide of its own;
//! - a ```` ```quiz ```` block at the top level ends its slide; each of its
//!   questions becomes a slide of its own ([`with_questions`]; the deck
//!   writes them from the parsed quiz), and what follows the block starts
//!   another slide.

use crate::content::front_matter::Slides;
use crate::markdown::outline::{MarkKind, Outline};

/// One slide, before it is placed in the deck's template.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Slide {
    /// The text of its first heading (`None` for a title slide without one).
    pub heading: Option<String>,
    /// The id of the heading that starts it, if one does.
    pub id: Option<String>,
    /// The file line where it starts (its heading or rule); 0 for the title slide.
    pub line: usize,
    /// Its HTML (the heading included).
    pub html: String,
    /// Indexes of the speaker notes written in it.
    pub notes: Vec<usize>,
    /// For a question's slide: the quiz (index into the document's
    /// quizzes) and the question (index into the quiz). [`split`] gives a
    /// quiz one slide with the question `None`; [`with_questions`] makes it
    /// one slide per question.
    pub quiz: Option<(usize, Option<usize>)>,
    /// True for the slide that holds what follows a quiz.
    after_quiz: bool,
}

impl Slide {
    fn is_empty(&self) -> bool {
        self.html.trim().is_empty() && self.notes.is_empty() && self.quiz.is_none()
    }
}

/// Replaces each quiz's slide by one slide per question: `questions(i)` is
/// the number of questions of quiz `i`, `line(i, j)` the file line of its
/// question `j`. The slides' HTML is left for the deck to write.
pub fn with_questions(
    slides: Vec<Slide>,
    questions: impl Fn(usize) -> usize,
    line: impl Fn(usize, usize) -> usize,
) -> Vec<Slide> {
    let mut out = Vec::with_capacity(slides.len());
    for slide in slides {
        match slide.quiz {
            Some((q, None)) => out.extend((0..questions(q)).map(|j| Slide {
                heading: slide.heading.clone(),
                line: line(q, j),
                quiz: Some((q, Some(j))),
                ..Slide::default()
            })),
            _ => out.push(slide),
        }
    }
    out
}

/// Divides `html` (a page's body) into slides as `how` says, following
/// `outline`. The first slide is the title slide, even when empty.
pub fn split(html: &str, outline: &Outline, how: Slides) -> Vec<Slide> {
    let mut slides = vec![Slide::default()];
    let mut pos = 0;
    // End of the page-only part being skipped.
    let mut skip_to: Option<usize> = None;
    for mark in &outline.marks {
        let at = mark.offset.min(html.len());
        if let Some(end) = skip_to {
            if at < end {
                // Inside a page-only part: only the notes count.
                if let MarkKind::Notes(i) = mark.kind {
                    last(&mut slides).notes.push(i);
                }
                continue;
            }
            skip_to = None;
        }
        match &mark.kind {
            MarkKind::Heading {
                level, text, id, ..
            } if cuts_at_heading(how, *level) => {
                take(&mut slides, html, &mut pos, at);
                slides.push(Slide {
                    heading: Some(text.clone()),
                    id: (!id.is_empty()).then(|| id.clone()),
                    line: mark.line,
                    ..Slide::default()
                });
            }
            MarkKind::Heading { text, .. } => {
                // Slides cut at rules are named by their first heading.
                if slides.len() > 1 {
                    let slide = last(&mut slides);
                    if slide.heading.is_none() {
                        slide.heading = Some(text.clone());
                    }
                }
            }
            MarkKind::Rule if how == Slides::AtRules => {
                take(&mut slides, html, &mut pos, at);
                pos = after_tag(html, at);
                slides.push(Slide {
                    line: mark.line,
                    ..Slide::default()
                });
            }
            MarkKind::Rule => {}
            MarkKind::PageOnly { end } => {
                take(&mut slides, html, &mut pos, at);
                let end = (*end).clamp(at, html.len());
                pos = end;
                skip_to = Some(end);
            }
            MarkKind::SlideOnly(part) => {
                take(&mut slides, html, &mut pos, at);
                let part = match starts_slide(part, how) {
                    Some((heading, rest)) => {
                        slides.push(Slide {
                            heading,
                            line: mark.line,
                            ..Slide::default()
                        });
                        rest
                    }
                    None => part.as_str(),
                };
                last(&mut slides).html.push_str(part);
            }
            MarkKind::Notes(i) => last(&mut slides).notes.push(*i),
            MarkKind::Quiz { index, end } => {
                take(&mut slides, html, &mut pos, at);
                pos = (*end).clamp(at, html.len());
                let heading = last(&mut slides).heading.clone();
                slides.push(Slide {
                    heading: heading.clone(),
                    line: mark.line,
                    quiz: Some((*index, None)),
                    ..Slide::default()
                });
                // What follows the quiz, up to the next cut.
                slides.push(Slide {
                    heading,
                    line: mark.line,
                    after_quiz: true,
                    ..Slide::default()
                });
            }
        }
    }
    take(&mut slides, html, &mut pos, html.len());
    // Notes written after a quiz, with nothing else before the next cut,
    // go to the slide before the quiz (the teacher reads them before asking).
    for i in 2..slides.len() {
        if slides[i].after_quiz && slides[i].html.trim().is_empty() {
            let notes = std::mem::take(&mut slides[i].notes);
            let before = slides[..i - 1]
                .iter()
                .rposition(|s| s.quiz.is_none())
                .unwrap_or(0);
            slides[before].notes.extend(notes);
        }
    }
    let title = slides.remove(0);
    std::iter::once(title)
        .chain(slides.into_iter().filter(|s| !s.is_empty()))
        .collect()
}

fn last(slides: &mut [Slide]) -> &mut Slide {
    let n = slides.len() - 1;
    &mut slides[n]
}

/// Adds `html[pos..to]` to the last slide and moves `pos` to `to`.
fn take(slides: &mut [Slide], html: &str, pos: &mut usize, to: usize) {
    if to > *pos {
        last(slides).html.push_str(&html[*pos..to]);
        *pos = to;
    }
}

fn cuts_at_heading(how: Slides, level: u8) -> bool {
    match how {
        Slides::AtH2 => level <= 2,
        Slides::AtH3 => level <= 3,
        Slides::AtRules | Slides::Off => false,
    }
}

/// The offset after the tag that starts at `at` (`<hr />`) and its line break.
fn after_tag(html: &str, at: usize) -> usize {
    let end = html[at..].find('>').map_or(html.len(), |i| at + i + 1);
    if html[end..].starts_with('\n') {
        end + 1
    } else {
        end
    }
}

/// When a slide-only part begins where slides are cut (a heading of the
/// cutting level, or a rule with `---`): the new slide's heading and the
/// part's HTML to put in it.
fn starts_slide(part: &str, how: Slides) -> Option<(Option<String>, &str)> {
    let trimmed = part.trim_start();
    if how == Slides::AtRules {
        if trimmed.starts_with("<hr") {
            let rest = &trimmed[after_tag(trimmed, 0)..];
            return Some((first_heading(rest), rest));
        }
        return None;
    }
    let level = trimmed.strip_prefix("<h")?.chars().next()?.to_digit(10)? as u8;
    cuts_at_heading(how, level).then(|| (first_heading(trimmed), trimmed))
}

/// The text of the first heading of an HTML fragment.
fn first_heading(html: &str) -> Option<String> {
    let mut rest = html;
    while let Some(i) = rest.find("<h") {
        let tail = &rest[i + 2..];
        if let Some(level) = tail.chars().next().filter(|c| ('1'..='6').contains(c)) {
            let close = format!("</h{level}>");
            let open_end = tail.find('>')?;
            let end = tail.find(&close)?;
            if end > open_end {
                return Some(crate::markdown::outline::text_of(&tail[open_end + 1..end]));
            }
        }
        rest = tail;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::test_support::render_str;

    fn slides(md: &str, how: Slides) -> Vec<Slide> {
        let r = render_str(md);
        split(&r.html, &r.outline, how)
    }

    fn headings(s: &[Slide]) -> Vec<Option<&str>> {
        s.iter().map(|s| s.heading.as_deref()).collect()
    }

    const LESSON: &str = "Mở đầu.\n\n```notes\nChào lớp.\n```\n\n## Một\n\nA.\n\n### Một rưỡi\n\nB.\n\n```notes\nHỏi B.\n```\n\n---\n\n## Hai\n\nC.\n";

    #[test]
    fn at_h2_the_intro_is_the_title_slide_and_each_h2_a_slide() {
        let s = slides(LESSON, Slides::AtH2);
        assert_eq!(headings(&s), vec![None, Some("Một"), Some("Hai")]);
        assert_eq!(s[0].html, "<p>Mở đầu.</p>\n");
        assert_eq!(s[0].notes, vec![0]);
        assert!(
            s[1].html.starts_with("<h2 id=\"mot\">Một</h2>"),
            "{}",
            s[1].html
        );
        assert!(s[1].html.contains("<h3") && s[1].html.contains("<hr />"));
        assert_eq!(s[1].notes, vec![1]);
        // The page's lines: the body starts at line 5 of the file.
        assert_eq!(s[1].line, 11);
        assert_eq!(s[2].html, "<h2 id=\"hai\">Hai</h2>\n<p>C.</p>\n");
    }

    #[test]
    fn at_h3_each_h3_is_a_slide_too() {
        let s = slides(LESSON, Slides::AtH3);
        assert_eq!(
            headings(&s),
            vec![None, Some("Một"), Some("Một rưỡi"), Some("Hai")]
        );
        assert_eq!(s[2].notes, vec![1]);
    }

    #[test]
    fn at_rules_only_rules_cut_and_are_not_shown() {
        let s = slides(LESSON, Slides::AtRules);
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[0].html.contains("<h2 id=\"mot\">") && s[0].html.contains("<h3"));
        assert!(!s.iter().any(|s| s.html.contains("<hr")), "{s:?}");
        assert_eq!(s[1].heading.as_deref(), Some("Hai"));
        assert_eq!(s[1].line, 23);
    }

    #[test]
    fn page_only_parts_are_left_out_and_slide_only_parts_put_in() {
        let md = "## Một\n\nNgắn.\n\n<!-- page-only -->\nGiải thích rất dài.\n\n## Phụ lục\n\nChỉ trên trang.\n\n```notes\nVẫn giữ.\n```\n<!-- /page-only -->\n\n<!-- slide-only -->\n## Ảnh lớn\n\n![Sơ đồ](img.png)\n<!-- /slide-only -->\n\n## Hai\n\n<!-- slide-only -->\nChỉ trên trang chiếu.\n<!-- /slide-only -->\n";
        let r = render_str(md);
        assert!(!r.html.contains("Ảnh lớn") && r.html.contains("Phụ lục"));
        let s = split(&r.html, &r.outline, Slides::AtH2);
        assert_eq!(
            headings(&s),
            vec![None, Some("Một"), Some("Ảnh lớn"), Some("Hai")]
        );
        let all: String = s.iter().map(|s| s.html.as_str()).collect();
        assert!(
            !all.contains("Giải thích") && !all.contains("Phụ lục"),
            "{all}"
        );
        assert_eq!(s[1].notes, vec![0], "notes in a page-only part stay");
        assert!(
            s[2].html.contains("<img src=\"img.png\" alt=\"Sơ đồ\""),
            "{:?}",
            s[2]
        );
        assert_eq!(
            s[3].html,
            "<h2 id=\"hai\">Hai</h2>\n<p>Chỉ trên trang chiếu.</p>\n"
        );
    }

    #[test]
    fn a_quiz_ends_its_slide_and_becomes_a_slide_per_question() {
        let s = slides(
            "## Tự kiểm tra\n\nTrả lời:\n\n```quiz\n- kind: true-false\n  question: \"A.\"\n  answer: true\n- kind: short\n  question: B?\n  answer: b\n```\n\nHết.\n\n```notes\nHai phút.\n```\n",
            Slides::AtH2,
        );
        assert_eq!(s.len(), 4, "{s:?}");
        assert_eq!(
            s[1].html,
            "<h2 id=\"tu-kiem-tra\">Tự kiểm tra</h2>\n<p>Trả lời:</p>\n"
        );
        assert_eq!(s[2].quiz, Some((0, None)));
        assert_eq!(s[2].line, 9);
        assert_eq!(s[3].html, "<p>Hết.</p>\n");
        assert_eq!(s[3].notes, vec![0]);
        // Notes right after a quiz go to the slide before it.
        let after = slides(
            "## Kiểm tra\n\n```quiz\n- kind: true-false\n  question: A.\n  answer: true\n```\n\n```notes\nPhát phiếu.\n```\n\n## Sau\n",
            Slides::AtH2,
        );
        assert_eq!(after.len(), 4, "{after:?}");
        assert_eq!(after[1].notes, vec![0]);
        assert!(after[2].quiz.is_some() && after[2].notes.is_empty());
        let s = with_questions(s, |_| 2, |_, j| 10 + 3 * j);
        assert_eq!(s.len(), 5);
        assert_eq!(s[2].quiz, Some((0, Some(0))));
        assert_eq!(s[3].quiz, Some((0, Some(1))));
        assert_eq!(s[3].line, 13);
        assert_eq!(s[3].heading.as_deref(), Some("Tự kiểm tra"));
    }

    #[test]
    fn a_page_without_headings_is_one_title_slide() {
        let s = slides("Chỉ một đoạn.\n", Slides::AtH2);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].html, "<p>Chỉ một đoạn.</p>\n");
        let s = slides("", Slides::AtH2);
        assert_eq!(s.len(), 1);
        assert!(s[0].html.is_empty());
    }

    #[test]
    fn empty_parts_between_rules_make_no_slide() {
        let s = slides("A.\n\n---\n\n---\n\nB.\n", Slides::AtRules);
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(s[1].html, "<p>B.</p>\n");
    }
}
