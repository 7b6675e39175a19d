//! The HTML of a quiz, one function per place it is shown, all from the one
//! parsed [`Quiz`]: [`page`] (real form controls with labels, each answer
//! in a `<details>` so the page works without JavaScript; `quiz.js` adds
//! feedback, score and memory), [`printed`] (empty boxes to tick, a line to
//! write on), [`key`] (the answers, printed apart), and [`slide`] (one
//! question, its answer hidden until the presenter reveals it). Every word
//! comes from [`QuizLabels`] (the theme's i18n file); every author text is
//! escaped.

use super::{Answer, Question, Quiz};
use crate::markdown::escape;
use std::fmt::Write;

/// Interface words of quizzes (the theme's `quiz_*` strings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizLabels {
    /// Accessible name of a quiz (a group of questions) on the page.
    pub title: String,
    /// "Câu {n}": the number of a question.
    pub question: String,
    /// What a single choice question asks for.
    pub pick_one: String,
    /// What a multiple choice question asks for.
    pub pick_many: String,
    /// What a true-false question asks for.
    pub pick_true_false: String,
    /// What a short answer question asks for.
    pub write: String,
    /// "Đúng", the true of true-false.
    pub true_word: String,
    /// "Sai", the false of true-false.
    pub false_word: String,
    /// The label of a short answer's text box.
    pub your_answer: String,
    /// The summary that reveals an answer.
    pub show_answer: String,
    /// "Đáp án:" before the correct answer.
    pub answer: String,
    /// Before the other accepted short answers.
    pub also: String,
    /// The button that checks one answer.
    pub check: String,
    /// Feedback for a right answer.
    pub right: String,
    /// Feedback for a wrong answer.
    pub wrong: String,
    /// Feedback when nothing is chosen or written yet.
    pub empty: String,
    /// "Điểm: {right}/{total}".
    pub score: String,
    /// The button that clears a quiz's answers.
    pub retry: String,
    /// Title of the answer key.
    pub key_title: String,
    /// On a slide: how to reveal the answer.
    pub reveal: String,
}

impl Default for QuizLabels {
    fn default() -> Self {
        QuizLabels {
            title: "Tự kiểm tra".into(),
            question: "Câu {n}".into(),
            pick_one: "Chọn một đáp án.".into(),
            pick_many: "Chọn mọi đáp án đúng.".into(),
            pick_true_false: "Câu này đúng hay sai?".into(),
            write: "Viết câu trả lời ngắn.".into(),
            true_word: "Đúng".into(),
            false_word: "Sai".into(),
            your_answer: "Câu trả lời của em".into(),
            show_answer: "Xem đáp án".into(),
            answer: "Đáp án:".into(),
            also: "cũng đúng:".into(),
            check: "Kiểm tra".into(),
            right: "Đúng rồi!".into(),
            wrong: "Chưa đúng.".into(),
            empty: "Em chưa chọn hay viết câu trả lời.".into(),
            score: "Điểm: {right}/{total}".into(),
            retry: "Làm lại".into(),
            key_title: "Đáp án phần tự kiểm tra".into(),
            reveal: "Bấm A hoặc → để xem đáp án.".into(),
        }
    }
}

impl QuizLabels {
    /// Reads every label through `s(key, default)`: the theme's string for
    /// `quiz_<name>`, or the default.
    pub fn from_strings(s: impl Fn(&str, &str) -> String) -> QuizLabels {
        let d = QuizLabels::default();
        QuizLabels {
            title: s("quiz_title", &d.title),
            question: s("quiz_question", &d.question),
            pick_one: s("quiz_pick_one", &d.pick_one),
            pick_many: s("quiz_pick_many", &d.pick_many),
            pick_true_false: s("quiz_pick_true_false", &d.pick_true_false),
            write: s("quiz_write", &d.write),
            true_word: s("quiz_true", &d.true_word),
            false_word: s("quiz_false", &d.false_word),
            your_answer: s("quiz_your_answer", &d.your_answer),
            show_answer: s("quiz_show_answer", &d.show_answer),
            answer: s("quiz_answer", &d.answer),
            also: s("quiz_also", &d.also),
            check: s("quiz_check", &d.check),
            right: s("quiz_right", &d.right),
            wrong: s("quiz_wrong", &d.wrong),
            empty: s("quiz_empty", &d.empty),
            score: s("quiz_score", &d.score),
            retry: s("quiz_retry", &d.retry),
            key_title: s("quiz_key_title", &d.key_title),
            reveal: s("quiz_reveal", &d.reveal),
        }
    }

    fn number(&self, n: usize) -> String {
        escape(&self.question.replace("{n}", &n.to_string()))
    }

    fn how(&self, a: &Answer) -> &str {
        match a {
            Answer::Single(_) => &self.pick_one,
            Answer::Multiple(_) => &self.pick_many,
            Answer::TrueFalse(_) => &self.pick_true_false,
            Answer::Short(_) => &self.write,
        }
    }
}

/// A, B, C... for choice `i` (then A1, B1... past Z).
pub fn letter(i: usize) -> String {
    let c = char::from(b'A' + (i % 26) as u8);
    match i / 26 {
        0 => c.to_string(),
        k => format!("{c}{k}"),
    }
}

/// The choices a question shows: its own, or Đúng and Sai.
fn shown_choices<'a>(q: &'a Question, l: &'a QuizLabels) -> Vec<&'a str> {
    match q.answer {
        Answer::TrueFalse(_) => vec![&l.true_word, &l.false_word],
        _ => q.choices.iter().map(String::as_str).collect(),
    }
}

/// True when shown choice `i` is correct (for true-false: 0 is Đúng).
fn correct(q: &Question, i: usize) -> bool {
    match q.answer {
        Answer::TrueFalse(b) => (i == 0) == b,
        ref a => a.is_correct(i),
    }
}

/// The correct answer in words: `B. Vân tay`, `A. x; C. y`, `Đúng`, or the
/// first accepted answer with the others after `also`.
pub fn answer_text(q: &Question, l: &QuizLabels) -> String {
    match &q.answer {
        Answer::Short(accepted) => {
            let mut s = escape(&accepted[0]);
            if accepted.len() > 1 {
                let others: Vec<String> = accepted[1..].iter().map(|a| escape(a)).collect();
                let _ = write!(s, " ({} {})", escape(&l.also), others.join("; "));
            }
            s
        }
        Answer::TrueFalse(b) => escape(if *b { &l.true_word } else { &l.false_word }),
        _ => shown_choices(q, l)
            .iter()
            .enumerate()
            .filter(|(i, _)| correct(q, *i))
            .map(|(i, c)| format!("{}. {}", letter(i), escape(c)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// The answer and explanation, as paragraphs.
fn answer_block(q: &Question, l: &QuizLabels) -> String {
    let mut s = format!(
        "<p><strong>{}</strong> {}</p>",
        escape(&l.answer),
        answer_text(q, l)
    );
    if let Some(e) = &q.explain {
        let _ = write!(s, "<p class=\"quiz-explain\">{}</p>", escape(e));
    }
    s
}

/// The id of quiz `i` of a page (1-based `i`).
pub fn quiz_id(i: usize) -> String {
    format!("baihoc-quiz-{i}")
}

/// The id of question `n` of a page.
pub fn question_id(n: usize) -> String {
    format!("baihoc-q{n}")
}

/// A quiz on the page: `index` is its 1-based place among the page's quizzes.
pub fn page(quiz: &Quiz, index: usize, l: &QuizLabels) -> String {
    let mut h = String::with_capacity(1024 * quiz.questions.len());
    let _ = write!(
        h,
        "<div class=\"quiz\" id=\"{}\" role=\"group\" aria-label=\"{}\" data-quiz=\"{index}\" data-t-right=\"{}\" data-t-wrong=\"{}\" data-t-empty=\"{}\" data-t-score=\"{}\">\n<ol class=\"quiz-questions\">\n",
        quiz_id(index),
        escape(&l.title),
        escape(&l.right),
        escape(&l.wrong),
        escape(&l.empty),
        escape(&l.score),
    );
    for (i, q) in quiz.questions.iter().enumerate() {
        let n = quiz.first + i;
        let id = question_id(n);
        let _ = write!(
            h,
            "<li class=\"quiz-question\" id=\"{id}\" data-kind=\"{}\">\n<fieldset>\n<legend class=\"quiz-prompt\"><span class=\"quiz-number\">{}.</span> {}</legend>\n<p class=\"quiz-how\">{}</p>\n",
            q.answer.kind(),
            l.number(n),
            escape(&q.prompt),
            escape(l.how(&q.answer)),
        );
        match &q.answer {
            Answer::Short(accepted) => {
                let list = serde_json::to_string(accepted).unwrap_or_default();
                let _ = writeln!(
                    h,
                    "<p class=\"quiz-short\"><label for=\"{id}-a\">{}</label> <input type=\"text\" id=\"{id}-a\" name=\"{id}\" autocomplete=\"off\" spellcheck=\"false\" data-accept=\"{}\"></p>",
                    escape(&l.your_answer),
                    escape(&list),
                );
            }
            _ => {
                let input = match q.answer {
                    Answer::Multiple(_) => "checkbox",
                    _ => "radio",
                };
                h.push_str("<ul class=\"quiz-choices\">\n");
                for (c, text) in shown_choices(q, l).iter().enumerate() {
                    let _ = writeln!(
                        h,
                        "<li><label><input type=\"{input}\" name=\"{id}\" value=\"{c}\"{}> <span class=\"quiz-letter\">{}.</span> {}</label></li>",
                        if correct(q, c) { " data-correct" } else { "" },
                        letter(c),
                        escape(text),
                    );
                }
                h.push_str("</ul>\n");
            }
        }
        let _ = write!(
            h,
            "</fieldset>\n<p class=\"quiz-actions\" hidden><button type=\"button\" data-quiz-check>{}</button></p>\n<p class=\"quiz-feedback\" role=\"status\"></p>\n<details class=\"quiz-answer\" data-nosearch><summary>{}</summary>{}</details>\n</li>\n",
            escape(&l.check),
            escape(&l.show_answer),
            answer_block(q, l),
        );
    }
    let _ = write!(
        h,
        "</ol>\n<div class=\"quiz-end\" hidden><p class=\"quiz-score\" role=\"status\"></p><p><button type=\"button\" class=\"secondary\" data-quiz-retry>{}</button></p></div>\n</div>\n",
        escape(&l.retry),
    );
    h
}

/// A quiz as printed: each question with empty boxes to tick, or a line
/// to write on; no answers (they are in the [`key`]).
pub fn printed(quiz: &Quiz, l: &QuizLabels) -> String {
    let mut h = String::from("<div class=\"quiz quiz-printed\">\n<ol class=\"quiz-questions\">\n");
    for (i, q) in quiz.questions.iter().enumerate() {
        let _ = write!(
            h,
            "<li class=\"quiz-question\">\n<p class=\"quiz-prompt\"><span class=\"quiz-number\">{}.</span> {} <span class=\"quiz-how\">{}</span></p>\n",
            l.number(quiz.first + i),
            escape(&q.prompt),
            escape(l.how(&q.answer)),
        );
        match q.answer {
            Answer::Short(_) => {
                let _ = writeln!(
                    h,
                    "<p class=\"quiz-line\">{}: <span class=\"quiz-blank\"></span></p>",
                    escape(&l.your_answer)
                );
            }
            _ => {
                h.push_str("<ul class=\"quiz-boxes\">\n");
                for (c, text) in shown_choices(q, l).iter().enumerate() {
                    let _ = writeln!(
                        h,
                        "<li><span class=\"quiz-box\" aria-hidden=\"true\"></span> <span class=\"quiz-letter\">{}.</span> {}</li>",
                        letter(c),
                        escape(text)
                    );
                }
                h.push_str("</ul>\n");
            }
        }
        h.push_str("</li>\n");
    }
    h.push_str("</ol>\n</div>\n");
    h
}

/// The answer key of a page's quizzes: one line per question, with the
/// explanation.
pub fn key(quizzes: &[Quiz], l: &QuizLabels) -> String {
    let mut h = String::from("<ol class=\"quiz-key-list\">\n");
    for quiz in quizzes {
        for (i, q) in quiz.questions.iter().enumerate() {
            let _ = write!(
                h,
                "<li><span class=\"quiz-number\">{}.</span> <strong>{}</strong>",
                l.number(quiz.first + i),
                answer_text(q, l)
            );
            if let Some(e) = &q.explain {
                let _ = write!(h, " <span class=\"quiz-explain\">{}</span>", escape(e));
            }
            h.push_str("</li>\n");
        }
    }
    h.push_str("</ol>\n");
    h
}

/// One question as a slide's body: `total` is the number of questions on
/// the page. The answer is in the slide, hidden until revealed.
pub fn slide(quiz: &Quiz, i: usize, total: usize, l: &QuizLabels) -> String {
    let q = &quiz.questions[i];
    let n = quiz.first + i;
    let mut h = format!(
        "<div class=\"slide-question\" data-kind=\"{}\">\n<p class=\"slide-kicker\">{} / {total}</p>\n<h3>{}</h3>\n",
        q.answer.kind(),
        l.number(n),
        escape(&q.prompt),
    );
    match q.answer {
        Answer::Short(_) => {
            let _ = writeln!(h, "<p class=\"slide-how\">{}</p>", escape(&l.write));
        }
        _ => {
            h.push_str("<ol class=\"slide-choices\">\n");
            for (c, text) in shown_choices(q, l).iter().enumerate() {
                let _ = writeln!(
                    h,
                    "<li{}><span class=\"quiz-letter\">{}.</span> {}</li>",
                    if correct(q, c) { " data-correct" } else { "" },
                    letter(c),
                    escape(text)
                );
            }
            h.push_str("</ol>\n");
        }
    }
    let _ = write!(
        h,
        "<p class=\"slide-reveal\" data-quiz-reveal>{}</p>\n{SLIDE_ANSWER}{}</div>\n</div>\n",
        escape(&l.reveal),
        answer_block(q, l),
    );
    h
}

/// How the hidden answer of a question's slide starts (it ends the slide).
const SLIDE_ANSWER: &str = "<div class=\"slide-answer\" data-quiz-answer hidden>";

/// A question's slide as first shown: without its hidden answer (the deck
/// shrinks the type if the revealed answer does not fit).
pub fn slide_as_shown(html: &str) -> &str {
    // memchr's vectorised search: every slide of every deck is searched,
    // and most hold no answer.
    memchr::memmem::find(html.as_bytes(), SLIDE_ANSWER.as_bytes()).map_or(html, |i| &html[..i])
}

/// The answer of question `i` for the presenter's notes.
pub fn slide_notes(quiz: &Quiz, i: usize, l: &QuizLabels) -> String {
    answer_block(&quiz.questions[i], l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::{Place, parse};
    use std::path::Path;

    fn quiz() -> Quiz {
        parse(
            "- kind: single\n  question: \"A <b>?\"\n  choices: [x, \"y&z\"]\n  answer: \"y&z\"\n  explain: Vì.\n- kind: true-false\n  question: B\n  answer: false\n- kind: short\n  question: C\n  answer: [\"6\", \"sáu\"]\n",
            Place {
                file: Path::new("a.md"),
                first_line: 2,
                indent: 0,
            },
            1,
        )
        .unwrap()
    }

    #[test]
    fn the_page_has_labelled_controls_and_answers_in_details() {
        let h = page(&quiz(), 1, &QuizLabels::default());
        assert!(h.contains("<legend class=\"quiz-prompt\"><span class=\"quiz-number\">Câu 1.</span> A &lt;b&gt;?</legend>"), "{h}");
        assert!(h.contains("<label><input type=\"radio\" name=\"baihoc-q1\" value=\"1\" data-correct> <span class=\"quiz-letter\">B.</span> y&amp;z</label>"), "{h}");
        assert!(h.contains("<input type=\"radio\" name=\"baihoc-q2\" value=\"1\" data-correct> <span class=\"quiz-letter\">B.</span> Sai"), "{h}");
        assert!(h.contains("<label for=\"baihoc-q3-a\">Câu trả lời của em</label> <input type=\"text\" id=\"baihoc-q3-a\""), "{h}");
        assert!(
            h.contains("data-accept=\"[&quot;6&quot;,&quot;sáu&quot;]\""),
            "{h}"
        );
        assert!(h.contains("<details class=\"quiz-answer\" data-nosearch><summary>Xem đáp án</summary><p><strong>Đáp án:</strong> B. y&amp;z</p><p class=\"quiz-explain\">Vì.</p></details>"), "{h}");
        assert!(
            h.contains("<strong>Đáp án:</strong> 6 (cũng đúng: sáu)"),
            "{h}"
        );
    }

    #[test]
    fn print_has_boxes_and_no_answers_and_the_key_has_them() {
        let l = QuizLabels::default();
        let p = printed(&quiz(), &l);
        assert!(!p.contains("data-correct") && !p.contains("Vì."), "{p}");
        assert_eq!(p.matches("<span class=\"quiz-box\"").count(), 4);
        assert!(p.contains("<span class=\"quiz-blank\"></span>"));
        let k = key(&[quiz()], &l);
        assert!(
            k.contains(
                "Câu 1.</span> <strong>B. y&amp;z</strong> <span class=\"quiz-explain\">Vì.</span>"
            ),
            "{k}"
        );
        assert!(k.contains("Câu 2.</span> <strong>Sai</strong>"), "{k}");
    }

    #[test]
    fn a_slide_hides_its_answer() {
        let s = slide(&quiz(), 0, 3, &QuizLabels::default());
        assert!(s.contains("<p class=\"slide-kicker\">Câu 1 / 3</p>"), "{s}");
        assert!(s.contains("<div class=\"slide-answer\" data-quiz-answer hidden><p><strong>Đáp án:</strong> B. y&amp;z</p>"), "{s}");
        assert!(
            !slide_as_shown(&s).contains("y&amp;z</p>")
                && slide_as_shown(&s).contains("<h3>A &lt;b&gt;?</h3>")
        );
    }
}
